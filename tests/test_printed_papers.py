"""The papers as an office prints them, read back from the files: a Word draft numbers its pages from the
second on, centred in the top margin (Decree 30/2020/NĐ-CP), and its signatures are never cut by a page's
end nor left alone on a page without the text they sign; a sheet's long lines wrap in rows as tall as they
are."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot import documents
from bot.domain.gift_rounds import Package, Recipient, SigningList
from bot.domain.statement import Statement, StatementLine, StatementTotals
from bot.domain.thanks import ThanksLetter
from bot.signing_sheet import HEADER_ROW as SIGNING_HEADER
from bot.signing_sheet import SIGN_HEIGHT, write_signing_list
from bot.statement_sheet import HEADER_ROW as STATEMENT_HEADER
from bot.statement_sheet import write_statement
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


# The sheets: a long name or gift wraps in its cell and its row is written as tall as its text (LibreOffice
# and others do not grow a row by themselves: the lines ran over the row below), the row's number centred.

LONG_NAME = "Hộ bà Công Tằng Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Khánh Linh"
LONG_GIFT = "Gạo tẻ thơm Điện Biên loại một, 25 kg; dầu ăn Tường An 2 lít; nước mắm Nam Ngư 2 chai; áo ấm"


def _signing_sheet(tmp_path: Path) -> Worksheet:
    package = Package(money_vnd=500_000, goods=LONG_GIFT, goods_value_vnd=450_000)
    street = "Tổ dân phố Đông Hưng Thuận 2, khu phố 4"  # one unit: one list, as a round of one unit prints
    recipients = [
        Recipient("Bùi Thị Lan", street, 500_000, 450_000, LONG_GIFT),
        Recipient(LONG_NAME, street, 500_000, 450_000, LONG_GIFT),
    ]
    signing = SigningList(
        "Ủy ban nhân dân xã Đông Hưng",
        "Tết Đinh Mùi 2027",
        date(2027, 1, 15),
        package,
        recipients,
        "Quỹ",
        None,
    )
    path = tmp_path / "ky-nhan.xlsx"
    write_signing_list(signing, path)
    return load_workbook(path).active


def test_a_signing_lists_long_lines_make_their_rows_taller_and_never_less_than_room_to_sign(
    tmp_path: Path,
) -> None:
    sheet = _signing_sheet(tmp_path)
    first, second = SIGNING_HEADER + 1, SIGNING_HEADER + 2
    assert sheet.cell(second, 2).value == LONG_NAME
    assert sheet.cell(second, 2).alignment.wrap_text and sheet.cell(second, 4).alignment.wrap_text
    # The gift's words (132 characters) take four lines of 15 points in its 30-character column.
    assert sheet.row_dimensions[second].height >= 4 * 15
    assert sheet.row_dimensions[first].height >= SIGN_HEIGHT
    assert [sheet.cell(row, 1).alignment.horizontal for row in (first, second)] == ["center", "center"]


GIVER = "Công ty Trách nhiệm hữu hạn Một thành viên Xây dựng Thương mại Dịch vụ Hoàng Long"


def _statement_sheet(tmp_path: Path) -> Worksheet:
    line = StatementLine(
        ref="CT-2026-000001",
        at=datetime(2026, 11, 22, 2, tzinfo=UTC),
        unit="Phòng Đào tạo – Hành chính – Kế toán",
        name=GIVER,
        kind="goods",
        amount_vnd=1_500_000,
        labour_days=0,
        description=LONG_GIFT,
        cancels=None,
    )
    statement = Statement(
        organisation="Trường Trung cấp nghề Chung Tay",
        drive="Tháng cao điểm “Vì người nghèo” 2026",
        starts_on=date(2026, 10, 17),
        ends_on=date(2026, 11, 18),
        lines=[line],
        totals=StatementTotals(goods=1_500_000),
        entries=1,
    )
    path = tmp_path / "sao-ke.xlsx"
    write_statement(statement, path)
    return load_workbook(path).active


def test_a_statements_long_giver_and_gift_wrap_and_their_row_holds_them(tmp_path: Path) -> None:
    sheet = _statement_sheet(tmp_path)
    row = STATEMENT_HEADER + 1
    assert sheet.cell(row, 4).value == GIVER
    assert all(sheet.cell(row, column).alignment.wrap_text for column in (4, 5, 7))
    assert sheet.row_dimensions[row].height >= 3 * 15  # the giver's name takes three lines of 28 characters
    assert sheet.cell(row, 1).alignment.horizontal == "center"
    assert sheet.cell(STATEMENT_HEADER, 8).alignment.wrap_text  # “Số tiền / giá trị (đồng)” whole


def test_a_label_announcing_what_follows_is_kept_on_the_page_of_the_next(tmp_path: Path) -> None:
    """“Tóm tắt thành tích…:” over the summary could end a page alone; a paragraph that says something
    whole is left to break where it falls."""
    document = documents.new_document()
    documents.paragraph(document, "Tóm tắt thành tích trong đề nghị:", italic=True)
    documents.paragraph(document, "Đơn vị vận động được 12.500.000 đồng ủng hộ Quỹ.")
    documents.paragraph(document, "1. Ưu điểm: ", italic=True)
    documents.to_fill(document, 2)
    path = tmp_path / "bao-cao-thanh-tich.docx"
    documents.save(document, path)
    label, summary, strengths, *_ = docx.Document(str(path)).paragraphs
    assert label.runs[0].italic and label.paragraph_format.keep_with_next
    assert strengths.paragraph_format.keep_with_next
    assert not summary.paragraph_format.keep_with_next


def assert_in_times_new_roman(sheet: Worksheet) -> None:
    """Every written cell of `sheet` in Times New Roman, named in the cell's own font (a bold cell's too), not
    the theme's font (which Excel shows as Calibri whatever the name), with a size."""
    written = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert written
    for cell in written:
        assert (cell.font.name, cell.font.scheme) == ("Times New Roman", None), cell.coordinate
        assert cell.font.sz


def test_the_sheets_are_in_times_new_roman_as_the_word_papers_their_bold_and_sizes_kept(
    tmp_path: Path,
) -> None:
    statement = _statement_sheet(tmp_path)
    assert_in_times_new_roman(statement)
    assert statement.cell(STATEMENT_HEADER, 4).font.b and statement.cell(STATEMENT_HEADER, 4).font.sz == 11
    signing = _signing_sheet(tmp_path)
    assert_in_times_new_roman(signing)
    assert signing["A2"].font.b and signing["A2"].font.sz == 14  # the list's title
    assert not signing.cell(SIGNING_HEADER + 1, 2).font.b


def test_a_signing_list_of_one_recipient_counts_it_in_the_singular_in_english(tmp_path: Path) -> None:
    package = Package(money_vnd=500_000, goods=None, goods_value_vnd=0)
    signing = SigningList(
        "Dong Hung Commune",
        "Tet 2027",
        date(2027, 1, 15),
        package,
        [Recipient("Lan", None, 500_000, 0)],
        "Fund",
        None,
    )
    write_signing_list(signing, tmp_path / "one.xlsx", locale="en")
    cells = [cell.value for row in load_workbook(tmp_path / "one.xlsx").active.iter_rows() for cell in row]
    assert "Total: 1 recipient, 1 gift package" in cells  # not “1 recipients, 1 gift packages”
