"""The papers as an office prints them, read back from the files: a Word draft numbers its pages from the
second on, centred in the top margin (Decree 30/2020/NĐ-CP), and its signatures are never cut by a page's
end nor left alone on a page without the text they sign."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table

from bot import documents
from bot.domain.thanks import ThanksLetter
from bot.thanks_doc import write_thanks

LETTER = ThanksLetter(
    ref="CT-2026-000002",
    organisation="Bệnh viện Đa khoa tỉnh Quảng Trị",
    head_title="Giám đốc",
    signs_for=None,
    donor="Công ty Trách nhiệm hữu hạn Một thành viên Thương mại Dịch vụ Hưng Thịnh",
    kind="goods",
    amount_vnd=1_500_000,
    labour_days=0,
    description="Gạo tám thơm Hải Hậu, 20 bao",
    drive="Tháng cao điểm “Vì người nghèo” 2026",
    unit="Khoa Dược",
    given_on=date(2026, 11, 22),
)


def _letter(tmp_path: Path) -> Document:
    path = tmp_path / "thu-cam-on.docx"
    write_thanks(LETTER, path, locale="vi", on=date(2026, 12, 2))
    return docx.Document(str(path))


def _before(grid: Table):  # type: ignore[no-untyped-def]
    """The paragraphs right before `grid` in the body, nearest first."""
    element = grid._tbl.getprevious()
    while element is not None and element.tag == qn("w:p"):
        yield element
        element = element.getprevious()


def test_pages_are_numbered_from_the_second_centred_in_the_top_margin(tmp_path: Path) -> None:
    document = _letter(tmp_path)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin)] == [20, 20]
    assert [round(m.mm) for m in (section.left_margin, section.right_margin)] == [30, 15]
    assert section.different_first_page_header_footer  # the first page shows no number
    assert section.first_page_header.is_linked_to_previous or not section.first_page_header.paragraphs[0].text
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [code.text.strip() for code in number._p.iter(qn("w:instrText"))] == ["PAGE"]
    assert {run.font.size.pt for run in number.runs} == {13}


def test_the_signatures_stay_on_one_page_with_the_end_of_the_text(tmp_path: Path) -> None:
    document = _letter(tmp_path)
    signing = document.tables[-1]
    assert signing.rows[0].cells[1].paragraphs[0].text == "GIÁM ĐỐC"
    assert signing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    spacer, last = list(_before(signing))[:2]
    assert spacer.xpath("string(.)") == ""
    assert last.xpath("string(.)").startswith("Bệnh viện Đa khoa tỉnh Quảng Trị xin trân trọng cảm ơn")
    for paragraph in (spacer, last):
        assert paragraph.pPr.find(qn("w:keepNext")) is not None


def test_two_signers_side_by_side_are_kept_the_same_way(tmp_path: Path) -> None:
    document = documents.new_document()
    documents.paragraph(document, "Tập thể lao động xuất sắc.")
    documents.signatures(
        document, ("Xác nhận của cấp trình khen", "(Ký, đóng dấu)"), ("Thủ trưởng đơn vị", "")
    )
    path = tmp_path / "bao-cao.docx"
    documents.save(document, path)
    signing = docx.Document(str(path)).tables[-1]
    assert signing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    assert all(p.pPr.find(qn("w:keepNext")) is not None for p in list(_before(signing))[:2])
