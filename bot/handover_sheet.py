"""The handover list (bảng kê nộp tiền) as a print-ready spreadsheet (openpyxl): the paper a collector hands
to the treasurer with the cash — the organisation, the title, who hands it over (name and unit) and the day;
one row per gift of money they recorded for someone else that still waits for a treasurer (STT, giver, unit,
reference code, recorded on, amount); the total in figures and in words (bot.amount_words); then the
signatures of the one who hands over and of the treasurer who receives, each “(Ký, ghi rõ họ tên)”.

Printed as the statement's sheet is (A4 fitted to the width, the table's header repeated on every page);
amounts are integer cells in a đồng format, so the treasurer can sum them again. Names come from chats, so
every text goes through `bot.sheets.safe_row`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.amount_words import amount_in_words
from bot.clock import local_date
from bot.domain.collected import Handover
from bot.i18n import format_date, translate
from bot.sheets import fit_rows, print_on_a4, safe_row, save_book, titled_sheet
from bot.statement_sheet import VND_FORMAT

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

HEADER_ROW = 6  # rows 1–4: organisation, title, who hands it over, the day; row 5 empty
WIDTHS = (6, 30, 24, 18, 13, 18)
LAST_COLUMN = chr(ord("A") + len(WIDTHS) - 1)  # openpyxl's get_column_letter: up to 26 columns


def _columns(locale: str) -> list[str]:
    return [
        translate(locale, "No."),
        translate(locale, "Giver"),
        translate(locale, "Unit"),
        translate(locale, "Reference"),
        translate(locale, "Recorded on"),
        translate(locale, "Amount (đồng)"),
    ]


def handed_over_by(locale: str, handover: Handover) -> str:
    """The list's third row: who hands the cash over, and their unit."""
    if handover.collector_unit:
        return translate(locale, "Handed over by: {name} ({unit})").format(
            name=handover.collector, unit=handover.collector_unit
        )
    return translate(locale, "Handed over by: {name}").format(name=handover.collector)


def write_handover(handover: Handover, path: Path, *, locale: str = "vi") -> None:
    """Write `handover` to `path` (XLSX)."""
    book, sheet = titled_sheet(
        translate(locale, "Handover list"),
        [
            handover.organisation,
            translate(locale, "HANDOVER LIST OF MONEY FOR THE FUND “FOR THE POOR”"),
            handed_over_by(locale, handover),
            translate(locale, "Drawn up on: {date}").format(date=format_date(handover.on, locale)),
        ],
    )
    sheet.append(_columns(locale))
    for number, row in enumerate(handover.rows, start=1):
        sheet.append(
            safe_row([number, row.giver, row.unit or "", row.ref, local_date(row.at), row.amount_vnd])
        )
    sheet.append([None, translate(locale, "Total"), None, None, None, handover.total])
    total_row = sheet.max_row
    words = amount_in_words(handover.total, locale)
    sheet.append([None, translate(locale, "In words: {words}").format(words=words)])
    words_row = sheet.max_row
    sheet.append([])
    sheet.append([None, translate(locale, "Handed over by"), None, None, translate(locale, "Treasurer")])
    signs_row = sheet.max_row
    signature = translate(locale, "(Signature and full name)")
    sheet.append([None, signature, None, None, signature])
    for _blank in range(4):  # room to sign
        sheet.append([])
    sheet.append(safe_row([None, handover.collector]))
    _format(sheet, total_row=total_row, words_row=words_row, signs_row=signs_row)
    save_book(book, path)


def _format(sheet: Worksheet, *, total_row: int, words_row: int, signs_row: int) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.merge_cells(f"A2:{LAST_COLUMN}2")
    sheet["A2"].alignment = Alignment(horizontal="center")
    for cell in (sheet["A1"], sheet["A2"], *sheet[HEADER_ROW], *sheet[total_row], sheet.cell(signs_row, 2)):
        cell.font = Font(bold=True)
    sheet.cell(signs_row, 5).font = Font(bold=True)
    for row in range(HEADER_ROW + 1, total_row + 1):
        sheet.cell(row, 5).number_format = "DD/MM/YYYY"
        sheet.cell(row, 6).number_format = VND_FORMAT
    fit_rows(sheet, HEADER_ROW, HEADER_ROW, wrapped=range(1, len(WIDTHS) + 1))
    fit_rows(sheet, HEADER_ROW + 1, total_row - 1, wrapped=(2, 3))  # the giver, the unit
    sheet.merge_cells(f"B{words_row}:{LAST_COLUMN}{words_row}")
    sheet.cell(words_row, 2).font = Font(italic=True)
    for row in (signs_row, signs_row + 1, sheet.max_row):
        for column in (2, 5):
            sheet.cell(row, column).alignment = Alignment(horizontal="center")
    print_on_a4(sheet, HEADER_ROW)
