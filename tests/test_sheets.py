"""Text written to spreadsheets is never taken for a formula (bot/sheets.py)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bot.sheets import safe_cell, safe_row

LINK = '=HYPERLINK("http://example.com/x","Bấm vào đây")'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (LINK, "'" + LINK),
        ("+84 912 345 678", "'+84 912 345 678"),
        ("-1000000", "'-1000000"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("Khoa Nội - Hồi sức", "Khoa Nội - Hồi sức"),
        ("", ""),
    ],
)
def test_text_starting_like_a_formula_gets_a_leading_quote(text: str, written: str) -> None:
    assert safe_cell(text) == written


def test_numbers_dates_and_empty_cells_pass_unchanged() -> None:
    assert safe_row([-5, 1.5, date(2026, 11, 30), None]) == [-5, 1.5, date(2026, 11, 30), None]


def test_a_workbook_written_with_safe_cells_reads_back_as_text_not_formulas(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(safe_row([LINK, "=1+1", "Nguyễn Văn An", 500_000]))
    workbook.save(tmp_path / "out.xlsx")

    sheet = load_workbook(tmp_path / "out.xlsx").active
    cells = next(sheet.iter_rows())

    assert [cell.data_type for cell in cells] == ["s", "s", "s", "n"]
    assert [cell.value for cell in cells] == ["'" + LINK, "'=1+1", "Nguyễn Văn An", 500_000]


def test_a_csv_written_with_safe_cells_has_no_cell_starting_like_a_formula(tmp_path: Path) -> None:
    with (tmp_path / "out.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(safe_row([LINK, "@x", "An"]))

    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as f:
        cells = next(csv.reader(f))

    assert cells == ["'" + LINK, "'@x", "An"]
