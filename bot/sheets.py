"""Text we write into a spreadsheet (CSV or XLSX) is never taken for a formula.

Excel, LibreOffice and Google Sheets read a cell whose text starts with "=", "+", "-" or "@" as a formula,
and some strip a leading tab or carriage return first. Names, positions and notes come from staff lists and
chats, so any of them may be `=HYPERLINK("http://…","Bấm vào đây")`: written as it is, it would run as a
formula on the officer's machine (CSV or formula injection). As OWASP's guidance on CSV injection advises,
such text is written with a single quote in front: spreadsheets show it as text, and a reader sees at once
that it was escaped. Every writer of spreadsheets goes through `safe_cell` (or `safe_row`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

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
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = name[:31]
    for line in heading:
        sheet.append([safe_cell(line)])
    sheet.append([])
    return book, sheet


def print_on_a4(sheet: Worksheet, header_row: int, *, landscape: bool = False, freeze: bool = True) -> None:
    """Print-ready: A4, as wide as the page, as many pages long as it takes, the header row repeated on each
    page and (`freeze`) kept in sight on screen."""
    if freeze:
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
