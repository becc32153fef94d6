"""Text we write into a spreadsheet (CSV or XLSX) is never taken for a formula.

Excel, LibreOffice and Google Sheets read a cell whose text starts with "=", "+", "-" or "@" as a formula,
and some strip a leading tab or carriage return first. Names, positions and notes come from staff lists and
chats, so any of them may be `=HYPERLINK("http://…","Bấm vào đây")`: written as it is, it would run as a
formula on the officer's machine (CSV or formula injection). As OWASP's guidance on CSV injection advises,
such text is written with a single quote in front: spreadsheets show it as text, and a reader sees at once
that it was escaped. Every writer of spreadsheets goes through `safe_cell` (or `safe_row`).

The lists are printed, so they share their print set-up (`print_on_a4`), their rows' wrapping and height
(`fit_rows`), their typeface, Times New Roman as the Word papers, and columns as wide as their figures
(`save_book`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from copy import copy
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bot.documents import AUTHOR, FONT, figure_digits

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_SIZE = 11  # points: the sheets' text, where a cell sets no size of its own
DEFAULT_WIDTH = 8.43  # characters: a column whose width was never set

Cell = TypeVar("Cell")


def safe_cell(value: Cell) -> Cell | str:
    """Text starting like a formula gets a leading single quote; numbers, dates and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in values]


def titled_sheet(name: str, heading: Iterable[str]) -> tuple[Workbook, Worksheet]:
    """A workbook of one sheet called `name` (cut to Excel's 31 characters), whose first rows are the
    `heading` lines, each in its own row (through `safe_cell`: an organisation's or a person's name is typed
    by people), then an empty row: the head of a print-ready list (a handover list, a signing list)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = name[:31]
    for line in heading:
        sheet.append([safe_cell(line)])
    sheet.append([])
    return book, sheet


def print_on_a4(sheet: Worksheet, header_row: int, *, landscape: bool = False, freeze: bool = True) -> None:
    """Print-ready: A4 within narrow margins (15 mm on the left, 10 on the right, 15 above and below), as wide
    as the page, as many pages long as it takes, the header row repeated on each page and (`freeze`) kept in
    sight on screen. A wide list printed within the programs' default margins (19 and 25 mm) came out smaller
    than it need be."""
    from openpyxl.worksheet.page import PageMargins

    if freeze:
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)  # in.
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


LINE_HEIGHT = 15  # points: a line of the sheets' 11-point text


def wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide (the width of a digit): words
    laid greedily, a word wider than the cell cut. Letters are narrower than digits on the whole, bold ones
    wider: a reckoning, a little generous, so that a row is never too short for its text."""
    room = max(1, int(width * (0.9 if bold else 1.1)))
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > room:  # on to the next line
                lines, used = lines + 1, 0
            while len(word) > room:  # wider than the cell: cut where the line ends
                word = word[room:]
                lines += 1
            used += len(word) + (1 if used else 0)
    return lines


def fit_rows(
    sheet: Worksheet,
    first: int,
    last: int,
    *,
    wrapped: Iterable[int],
    centred: Iterable[int] = (1,),
    least: float = LINE_HEIGHT,
) -> None:
    """Rows `first`–`last` of a list made readable on paper: the text of the `wrapped` columns wrapped in its
    cell, the `centred` ones (the row's number, STT) centred, and each row as tall as its longest text
    (`least` at the least: a row left for a signature). Excel fits a row to its text when it opens the file,
    LibreOffice and others keep it one line high, and the lines overlap the row below: so the height is
    written."""
    from openpyxl.utils import get_column_letter

    wrapped, centred = tuple(wrapped), tuple(centred)
    # The rows read in one pass: `sheet[row]` works out the sheet's last column again for every row, going
    # through every cell of the sheet, and a ledger of 20,000 rows took minutes.
    rows = sheet.iter_rows(min_row=first, max_row=last, min_col=1, max_col=sheet.max_column)
    for row, cells in zip(range(first, last + 1), rows, strict=True):
        lines = 1
        for cell in cells:  # a row's cells read from the same top line, as the wrapped ones do
            alignment = copy(cell.alignment)
            alignment.vertical = alignment.vertical or "top"
            alignment.wrap_text = alignment.wrap_text or cell.column in wrapped
            if cell.column in centred:
                alignment.horizontal = "center"
            cell.alignment = alignment
            if cell.column in wrapped and isinstance(cell.value, str):
                width = sheet.column_dimensions[get_column_letter(cell.column)].width or DEFAULT_WIDTH
                lines = max(lines, wrapped_lines(cell.value, width, bold=bool(cell.font.b)))
        height = max(least, lines * LINE_HEIGHT, sheet.row_dimensions[row].height or 0)
        if height > LINE_HEIGHT:
            sheet.row_dimensions[row].height = height


# Characters a column holds beside its widest figure: the cell's padding, a wider font's digits.
FIGURE_ROOM = 2


def shown_figure(value: object, number_format: str) -> str | None:
    """A number as a sheet shows it in a thousands' format (“#,##0”, “#,##0 "₫"”): “1.250.000.000 ₫” (its
    separators as wide as Vietnamese's dots); None for anything else (text, a date, a number of no such
    format)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or "#,##0" not in number_format:
        return None
    return f"{value:,.0f}" + (" ₫" if "₫" in number_format else "")


def fit_figures(sheet: Worksheet) -> None:
    """Each column at least as wide as its widest figure shown (`shown_figure`) and FIGURE_ROOM: a column
    narrower than a figure shows “#####” for it, in Excel as in LibreOffice — a billion đồng (1.250.000.000 ₫)
    or a correction's minus no longer does."""
    from openpyxl.utils import get_column_letter

    need: dict[int, float] = {}
    for row in sheet.iter_rows():
        for cell in row:
            shown = shown_figure(cell.value, cell.number_format)
            if shown is not None:
                need[cell.column] = max(need.get(cell.column, 0.0), figure_digits(shown) + FIGURE_ROOM)
    for column, width in need.items():
        dimension = sheet.column_dimensions[get_column_letter(column)]
        if (dimension.width or DEFAULT_WIDTH) < width:
            dimension.width = math.ceil(width)


def save_book(book: Workbook, path: Path) -> None:
    """Write `book` to `path`, every cell of its sheets in Times New Roman as the Word papers are, in its own
    size (TEXT_SIZE where it set none), bold and italic kept, and every column wide enough for its figures
    (`fit_figures`), its properties naming Chung Tay as its creator. A cell's font is written whole: a font
    with only “bold” in it is shown by each program in its own default, and the workbook's default font
    follows the theme (Calibri in Excel), whatever name it carries."""
    from openpyxl.styles import Font

    made: dict[tuple[object, ...], Font] = {}  # one Times New Roman font per look in use, not one per cell
    for sheet in book.worksheets:
        fit_figures(sheet)
        for row in sheet.iter_rows():
            for cell in row:
                font = cell.font
                look = (font.sz, font.b, font.i, font.u, font.strike, font.color)
                if look not in made:
                    made[look] = Font(
                        name=FONT,
                        size=font.sz or TEXT_SIZE,
                        bold=font.b,
                        italic=font.i,
                        underline=font.u,
                        strike=font.strike,
                        color=font.color,
                    )
                cell.font = made[look]
    # its properties name the product, not the library that wrote it, as the Word papers' do (0224)
    book.properties.creator = AUTHOR
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
