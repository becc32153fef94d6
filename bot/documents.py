"""Word documents in the shape a Vietnamese office expects (python-docx): A4, Times New Roman 13, the margins
of Decree 30/2020/NĐ-CP on administrative documents (top and bottom 20 mm, left 30 mm, right 15 mm); the
header with the issuing body and the document number on the left and the national title, motto and place and
date on the right; a centred bold title; justified paragraphs; tables whose header row repeats on each page
and whose rows never break across two; and the closing "Nơi nhận" beside the signer's title (or two signers
side by side). What the writer still has to fill in (the number, the place, an assessment) is left as a
dotted line, so the document is a draft to finish, never a finished paper with invented words in it.

Text from chats (names, titles) goes in as text: a .docx has no formulas to fear, but its XML refuses control
characters, so they are dropped."""

from __future__ import annotations

import copy
import functools
import re
import threading
from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.i18n import format_date, translate

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Row
    from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
LANGUAGE = "vi-VN"  # the papers are in Vietnamese whatever the chat's language (docs/decisions/0143)
AUTHOR = "Chung Tay"  # the drafts' and sheets' author in their properties (docs/decisions/0224)
BODY_POINTS = 13
DOTS = "…………"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text: str) -> str:
    """`text` without the control characters a .docx cannot hold."""
    return _CONTROL.sub("", text)


def new_document(*, landscape: bool = False) -> Document:
    """An empty A4 document with the decree's margins and font: a copy of one set up once a process, as
    python-docx parses its template anew for every `Document()` (its styles are 350 KB of XML) and a
    province's year asks for many papers (docs/decisions/2910). A copy shares nothing with the one set up,
    which is never written to after it is made, so papers written in threads at once each get their own."""
    return copy.deepcopy(_set_up(landscape))


_SETTING_UP = threading.Lock()


@functools.cache
def _set_up_once(landscape: bool) -> Document:
    return _empty_document(landscape=landscape)


def _set_up(landscape: bool) -> Document:
    with _SETTING_UP:  # a second thread waits for the first's, instead of setting up one of its own
        return _set_up_once(landscape)


def _empty_document(*, landscape: bool) -> Document:
    from docx import Document as new_docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = new_docx()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_POINTS)
    # East Asian and complex-script text take their font from their own attribute: set it too, or Word may
    # show Vietnamese letters in another font.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(4)
    _page_numbers(section)
    # Word checks spelling in the language the text is marked with: the empty template marks it English, and
    # every Vietnamese word would be underlined as a mistake. Its properties name the draft's source.
    for language in document.styles.element.iter(qn("w:lang")):
        for attribute in ("w:val", "w:eastAsia"):
            language.set(qn(attribute), LANGUAGE)
    properties = document.core_properties
    properties.author, properties.comments, properties.language = AUTHOR, "", LANGUAGE
    return document


def turn_pages(document: Document, *, landscape: bool) -> None:
    """Go on on a new page laid across the sheet (`landscape`) or upright again: the decree lets a text whose
    tables are not made annexes of their own be laid across the page, so a table too wide for an upright one
    turns with the pages it is on. The margins stay, and the page's number carries on, shown from the new
    section's first page (only the document's first page goes without)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    upright = (Mm(210), Mm(297))
    section.page_width, section.page_height = upright[::-1] if landscape else upright


def text_width(document: Document) -> float:
    """The width between the margins of the document's current page, in centimetres."""
    from docx.shared import Cm

    section = document.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Cm(1)


def _page_numbers(section) -> None:  # type: ignore[no-untyped-def]
    """The page's number centred in the top margin, in the body's size, on every page but the first (the
    decree: "không hiển thị số trang thứ nhất")."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind in ("begin", "instruction", "separate", "result", "end"):  # a PAGE field, "2" till updated
        run = number.add_run("2" if kind == "result" else None)
        run.font.size = Pt(BODY_POINTS)
        if kind == "instruction":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = " PAGE "
            run._r.append(code)
        elif kind != "result":
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)


def dated(on: date | None, locale: str) -> str:
    """The place and date line of a document: in Vietnamese "…………, ngày 01 tháng 12 năm 2026" (day and
    month with two digits, as the decree writes them); `on` None: the day to write in by hand
    ("…………, ngày …… tháng …… năm ……")."""
    if on is None:
        return f"{DOTS}, ngày …… tháng …… năm ……" if locale == "vi" else f"{DOTS}, {DOTS}"
    if locale == "vi":
        return f"{DOTS}, ngày {on.day:02d} tháng {on.month:02d} năm {on.year}"
    return f"{DOTS}, {format_date(on, locale)}"


def _line(cell_or_doc, text: str, *, bold=False, italic=False, size=None, align=None):  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if align is None else align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(clean(text))
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = size
    return paragraph


def official_header(
    document: Document,
    *,
    issuer: str,
    parent: str | None,
    number: str | None,
    on: date | None,
    locale: str,
    given: str = DOTS,
    by_hand: bool = False,
) -> None:
    """The two columns every administrative document opens with. `number` is the symbol after "Số: …/",
    e.g. "BC-CĐ" (a report of the trade union); the number itself (`given`) is left dotted for the office to
    give, unless it gave it already (a decision recorded with its number). None: a paper that carries no
    number (a person's own achievement report). `on` None: no place and date line (a biên bản states its
    time and place in its body, as the decree's template does), unless `by_hand`: the line with its day
    dotted, to write in (a decision signed on a day the office did not record)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (6.5, 10))
    left, right = table.rows[0].cells
    for cell in (left, right):
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    if parent:
        _line(left, parent.upper(), size=Pt(12))
    _line(left, issuer.upper(), bold=True, size=Pt(12))
    _line(left, "———")
    if number is not None:
        _line(left, translate(locale, "No.: {dots}/{symbol}").format(dots=given, symbol=number), size=Pt(13))
    _line(right, translate(locale, "SOCIALIST REPUBLIC OF VIETNAM"), bold=True, size=Pt(12))
    _line(right, translate(locale, "Independence – Freedom – Happiness"), bold=True, size=Pt(13))
    _line(right, "———————")
    if on is not None or by_hand:
        _line(right, dated(on, locale), italic=True)
    for cell in (left, right):
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)


def title(document: Document, kind: str, subject: str | None) -> None:
    """ "BÁO CÁO" and what it is about (None: a paper that needs no more, “THƯ CẢM ƠN”), centred and bold."""
    from docx.shared import Pt

    first = _line(document, kind.upper(), bold=True, size=Pt(14))
    first.paragraph_format.space_before = Pt(18)
    last = _line(document, subject, bold=True, size=Pt(14)) if subject is not None else first
    last.paragraph_format.space_after = Pt(12)


def addressed_to(document: Document, text: str) -> Paragraph:
    """Whom a letter (a tờ trình) is addressed to, “Kính gửi: …”, centred under its title."""
    from docx.shared import Pt

    paragraph = _line(document, text)
    paragraph.paragraph_format.space_after = Pt(8)
    return paragraph


def centred(document: Document, text: str, *, italic: bool = False, bold: bool = False) -> Paragraph:
    """A centred line under a title, e.g. what an achievement report's achievements were in, or who decides
    a decision (bold)."""
    from docx.shared import Pt

    paragraph = _line(document, text, italic=italic, bold=bold)
    paragraph.paragraph_format.space_after = Pt(8)
    return paragraph


def heading(document: Document, text: str) -> Paragraph:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = _line(document, text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph.paragraph_format.space_before = Pt(8)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.keep_with_next = True  # never alone at the foot of a page
    return paragraph


def paragraph(document: Document, text: str, *, italic: bool = False) -> Paragraph:
    """A body paragraph: justified, its first line indented. One that ends with a colon announces what
    follows (“Tóm tắt thành tích trong đề nghị:”, “1. Ưu điểm:” over the dotted lines to fill): it is kept on
    the page of the next, never left alone at the foot of a page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    body = document.add_paragraph()
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1)
    if text.rstrip().endswith(":"):
        body.paragraph_format.keep_with_next = True
    run = body.add_run(clean(text))
    run.italic = italic
    return body


def to_fill(document: Document, lines: int = 3) -> None:
    """Dotted lines for the writer to fill in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for _ in range(lines):
        _line(document, "…" * 34, align=WD_ALIGN_PARAGRAPH.LEFT)


def table(
    document: Document,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[float],
    numbers: Collection[int] = (),
    centred: Collection[int] = (0,),
    total: Sequence[str] | None = None,
    bold_rows: Collection[int] = (),
) -> Table:
    """A bordered table: the header row bold and repeated on every page, the columns in `numbers` aligned
    right, those in `centred` in the middle (by default the first, the row's number, STT: a table whose first
    column is a label passes none), the others left; the `rows` whose indexes are in `bold_rows` bold (a
    group's heading with its subtotal), and a bold `total` row last. Widths in centimetres."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    all_rows = [*rows, *([total] if total is not None else [])]
    for index, text in enumerate(header):
        _cell(grid.rows[0].cells[index], text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(grid)
    for number, values in enumerate(all_rows):
        row = grid.add_row()
        _keep_together(row)
        cells = row.cells
        bold = number in bold_rows or (total is not None and number == len(all_rows) - 1)
        for index, text in enumerate(values):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index in numbers else WD_ALIGN_PARAGRAPH.LEFT
            if index in centred:
                align = WD_ALIGN_PARAGRAPH.CENTER
            _cell(cells[index], text, bold=bold, align=align)
    _widths(grid, fitted_widths(widths, [list(header), *all_rows], numbers))
    document.add_paragraph()
    return grid


# What a figure takes on a line in a table's 12 pt Times New Roman, in centimetres: a digit (and ₫) half an
# em, a dot, a comma or a space a quarter, any other character (a letter, %) about 0.6 em: a hair over.
_DIGIT_CM, _NARROW_CM, _OTHER_CM = 0.212, 0.106, 0.26
CELL_MARGINS_CM = 0.4  # Word's cell margins, left and right
LEAST_TEXT_COLUMN_CM = 2.5  # a column of words never narrowed below this to make room for a figure


def figure_width(text: str) -> float:
    """About how wide `text` (a figure, “1.234.567.890 ₫”) is set in a table's cell, margins included."""
    return CELL_MARGINS_CM + figure_digits(text) * _DIGIT_CM


def figure_digits(text: str) -> float:
    """How many digits wide `text` (a figure, “-1.234.567.890 ₫”) is: a digit or ₫ one, a dot, a comma or a
    space half, any other character a little more than one. A spreadsheet's column is as many digits wide."""
    narrow = sum(1 for ch in text if ch in ". ,\u00a0")
    digits = sum(1 for ch in text if ch.isdigit() or ch == "₫")
    other = len(text) - narrow - digits
    return digits + (narrow * _NARROW_CM + other * _OTHER_CM) / _DIGIT_CM


def fitted_widths(
    widths: Sequence[float], rows: Sequence[Sequence[str]], numbers: Collection[int]
) -> list[float]:
    """`widths` with each column of figures (`numbers`) widened to hold its longest figure on one line — a
    billion đồng, “1.000.000.000 ₫”, no longer breaks after “1.000.000.00” — taking the room from the widest
    column of words, down to LEAST_TEXT_COLUMN_CM: the table keeps its width on the page."""
    fitted = list(widths)
    for index in sorted(numbers):
        need = max((figure_width(row[index]) for row in rows[1:] if index < len(row)), default=0.0)
        short = need - fitted[index]
        words = [i for i in range(len(fitted)) if i not in numbers]
        while short > 0.01 and words:
            widest = max(words, key=lambda i: fitted[i])
            give = min(short, fitted[widest] - LEAST_TEXT_COLUMN_CM)
            if give <= 0.01:
                break
            fitted[widest] -= give
            fitted[index] += give
            short -= give
    return fitted


def _widths(grid: Table, widths: Sequence[float]) -> None:
    """Fixed column widths in centimetres: Word reads them from the cells, LibreOffice from the table's grid,
    so both are set, and the table does not resize itself to its contents."""
    from docx.shared import Cm

    grid.autofit = False
    for index, width in enumerate(widths):
        grid.columns[index].width = Cm(width)
        for cell in grid.columns[index].cells:
            cell.width = Cm(width)


def _cell(cell, text: str, *, bold: bool, align) -> None:  # type: ignore[no-untyped-def]
    from docx.shared import Pt

    first = cell.paragraphs[0]
    first.alignment = align
    first.paragraph_format.space_after = Pt(0)
    run = first.add_run(clean(text))
    run.bold = bold
    run.font.size = Pt(12)


def _keep_together(row: _Row) -> None:
    """A row is never split across two pages (its cells' lines stay side by side)."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(grid: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


# A unit's head is titled by the kind of unit (its name's first words, as written: "Bản" and "Ban" differ):
# "Thôn 3" is signed by its Trưởng thôn, "Khoa Nội" by its Trưởng khoa. Longest first.
_UNIT_HEADS = (
    ("tổ dân phố", "Tổ trưởng tổ dân phố"),
    ("khu phố", "Trưởng khu phố"),
    ("trung tâm", "Giám đốc trung tâm"),
    ("bộ môn", "Trưởng bộ môn"),
    ("phòng", "Trưởng phòng"),
    ("khoa", "Trưởng khoa"),
    ("thôn", "Trưởng thôn"),
    ("xóm", "Trưởng xóm"),
    ("bản", "Trưởng bản"),
    ("ban", "Trưởng ban"),
    ("trạm", "Trạm trưởng"),
    ("ấp", "Trưởng ấp"),
    ("tổ", "Tổ trưởng"),
)


def unit_head(unit_name: str, locale: str) -> str | None:
    """The title a Vietnamese paper gives the head of a unit of this name ("Thôn 3" → "Trưởng thôn"), or None
    when the name does not say what kind of unit it is (or the paper is not Vietnamese)."""
    if locale != "vi":
        return None
    words = unit_name.casefold().split()
    for kind, head in _UNIT_HEADS:
        if words[: len(kind.split())] == kind.split():
            return head
    return None


def closing(
    document: Document,
    *,
    recipients: Sequence[str],
    signer: str,
    locale: str,
    on_behalf: str | None = None,
    signer_name: str | None = None,
    seal: bool = True,
) -> None:
    """ "Nơi nhận" on the left, the signer's title and the place to sign on the right; `on_behalf` above the
    title when the signer signs for a body ("TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" over "CHỦ TỊCH");
    `signer_name` under the room to sign (a dotted line, for a letter whose signer is not known yet).
    Without `seal`, the signer is not asked to stamp it: a unit's head (a Tổ, a Khoa, a Thôn) has no seal of
    its own (decision 1191)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    grid = _signing_table(document)
    _widths(grid, (8, 8.5))
    left, right = grid.rows[0].cells
    received = left.paragraphs[0]
    run = received.add_run(translate(locale, "Recipients:"))
    run.bold, run.italic = True, True
    run.font.size = Pt(12)
    for name in recipients:
        _line(left, f"- {name}", size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    for title in (on_behalf, signer):
        if title:
            _line(right, title.upper(), bold=True).paragraph_format.space_before = Pt(0)
    if seal:
        how = translate(locale, "(Signature, full name and seal)")
    else:
        how = translate(locale, "(Signature and full name)")
    _line(right, how, italic=True)
    if signer_name:
        for _ in range(4):
            _line(right, "")
        _line(right, signer_name, bold=True)
    right.paragraphs[0]._element.getparent().remove(right.paragraphs[0]._element)


def signatures(
    document: Document, left: tuple[str, str], right: tuple[str, str], *, name: str | None = None
) -> None:
    """Two signers side by side, each a title and how they sign ("(Ký, đóng dấu)"), with room to sign; `name`
    printed under the right-hand one (a person signs over their own name)."""
    grid = _signing_table(document)
    _widths(grid, (8.25, 8.25))
    for cell, (signer, how) in zip(grid.rows[0].cells, (left, right), strict=True):
        _line(cell, signer.upper(), bold=True)
        _line(cell, how, italic=True)
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    if name:
        right = grid.rows[0].cells[1]
        for _ in range(3):
            _line(right, "")
        _line(right, name, bold=True)


def _signing_table(document: Document) -> Table:
    """The table the signatures sit in, after an empty line: its row never split by a page's end, and kept
    on one page with the text's last paragraph, so a page never holds the signatures alone (a signed page
    with nothing of the text on it could be put under another text)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    body = document.element.body
    last = body[-2] if body[-1].tag == qn("w:sectPr") else body[-1]
    if last.tag == qn("w:p"):
        Paragraph(last, document._body).paragraph_format.keep_with_next = True
    document.add_paragraph().paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1, cols=2)
    _keep_together(grid.rows[0])
    return grid


def save(document: Document, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
