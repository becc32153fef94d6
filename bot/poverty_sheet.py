"""The review's list as the commune sends it up (danh sách hộ nghèo, hộ cận nghèo, hộ mới thoát nghèo), a
print-ready spreadsheet (openpyxl): the organisation, the title with the year, the day it was drawn up; one
row per household the review lists this year or listed last year (STT, the household's id, the head's name,
the hamlet, last year's standing, this year's), hamlet by hamlet; then each standing counted.

Its columns are the ones the commune's list is read with (bot.domain.poverty: “Mã hộ”, “Họ và tên chủ hộ”,
“Thôn”, “Phân loại”), so a list sent up, corrected by the district and sent back, is read again as it is.
Names come from lists and chats: every text goes through `bot.sheets.safe_row`."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from bot.domain.poverty import STANDINGS, Listed
from bot.i18n import PAPER_LOCALE, Translator, format_date
from bot.sheets import fit_rows, print_on_a4, safe_row, save_book, titled_sheet
from bot.year_report_doc import standing_label

HEADER_ROW = 5  # rows 1–3: organisation, title, the day; row 4 empty
WIDTHS = (6, 9, 30, 16, 22, 22)


def write_poverty_list(organisation: str, year: int, listed: list[Listed], path: Path, *, on: date) -> None:
    """Write the review of `year` (the households `listed`, as `poverty.listed_households` gives them) to
    `path` (XLSX), in the paper's language."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    t = Translator(PAPER_LOCALE)
    book, sheet = titled_sheet(
        t("Poverty review {year}").format(year=year),
        [
            organisation,
            t("LIST OF POOR, NEAR-POOR AND NEWLY OUT HOUSEHOLDS OF {year}").format(year=year),
            t("Drawn up on: {date}").format(date=format_date(on, PAPER_LOCALE)),
        ],
    )
    sheet.append(
        [
            t("No."),
            t("Household id"),
            t("Head of household"),
            t("Hamlet"),
            t("In {year}").format(year=year - 1),
            t("Standing"),
        ]
    )
    for number, household in enumerate(listed, start=1):
        sheet.append(
            safe_row(
                [
                    number,
                    household.household_id,
                    household.name,
                    household.unit or "",
                    standing_label(t, household.before),
                    standing_label(t, household.now),
                ]
            )
        )
    last = sheet.max_row
    sheet.append([])
    counts = Counter(household.now for household in listed)
    counted = "; ".join(f"{standing_label(t, s)}: {t.number(counts[s])}" for s in STANDINGS if counts[s])
    # Under the year before's column, which the list is not read by: sent back, the file reads as it went.
    sheet.append([None, None, None, None, f"{t('Total')}: {counted or '—'}"])
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.merge_cells(f"A2:{get_column_letter(len(WIDTHS))}2")
    sheet["A2"].alignment = Alignment(horizontal="center")
    for cell in (sheet["A1"], sheet["A2"], *sheet[HEADER_ROW]):
        cell.font = Font(bold=True)
    fit_rows(sheet, HEADER_ROW, HEADER_ROW, wrapped=range(1, len(WIDTHS) + 1))
    fit_rows(sheet, HEADER_ROW + 1, last, wrapped=(3, 4))
    print_on_a4(sheet, HEADER_ROW)
    save_book(book, path)
