"""What a treasurer's bank statement, crafted or only written as some banks write it, did with the day a
transfer under a blank or merged date cell now takes (decision 0235), and what a credit of the statement
recorded as a donor's gift let a treasurer do (0236): a day's subtotal labelled “Tổng”, “Day total” or
“Phát sinh trong ngày” read as one more credit of that day, a transfer of “Tổng công ty …” skipped as a
total, and one credit recorded as two gifts once its figure was changed at its last look. Each test here
failed before the fix it stands for (decision 0243)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.domain.bank_statement import read_statement


def test_a_days_subtotal_under_a_blank_date_is_no_credit_and_a_tong_cong_tys_transfer_is_one(
    tmp_path: Path,
) -> None:
    """Under a day's blank date cells, a subtotal labelled “Tổng”, “Tổng ngày 20/11/2026”, “Tổng PS”, “Day
    total” or “Phát sinh trong ngày” took the day above and read as one more credit: the day's money counted
    twice, and offered to be recorded as a donor's gift. And a transfer from “TỔNG CÔNG TY …” was skipped as
    a total, its code never matched, unsaid. Now those labels are totals; a giver's name is not."""
    rows = "".join(
        f";{label};;+{total}\n"
        for label, total in (
            ("Tổng", "250.000"),
            ("TỔNG:", "250.000"),
            ("Tổng ngày 20/11/2026", "250.000"),
            ("Tổng PS trong ngày", "250.000"),
            ("Day total", "250.000"),
            ("Phát sinh trong ngày", "250.000"),
        )
    )
    path = tmp_path / "sao-ke.csv"
    path.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "20/11/2026;CT2026000001 ung ho;;+200.000\n"
        ";CT2026000002 ung ho;;+50.000\n"
        f"{rows}"
        "21/11/2026;TONG CONG TY DIEN LUC UNG HO CT2026000003;;+5.000.000\n"
        ";TỔNG CỤC THUẾ UNG HO;;+1.000.000\n"
        "Tổng;;;6.250.000\n",
        encoding="utf-8",
    )

    statement = read_statement(path)

    assert [(line.on, line.amount, line.codes) for line in statement.lines] == [
        (date(2026, 11, 20), 200_000, ("CT-2026-000001",)),
        (date(2026, 11, 20), 50_000, ("CT-2026-000002",)),
        (date(2026, 11, 21), 5_000_000, ("CT-2026-000003",)),
        (date(2026, 11, 21), 1_000_000, ()),
    ]
    assert statement.undated == ()
