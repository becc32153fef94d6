"""A person's own data as a spreadsheet (openpyxl): her copy of what Chung Tay keeps about her (/dulieu,
docs/decisions/0676) — who she is on the record, then each gift recorded as hers (code, day, kind, amount or
labour days, what, the drive, where it stands), then her registrations' targets. Amounts are integer cells
in a đồng format, left empty for labour days and for goods nobody valued, as on the statement (decision
0708). Names and notes come from chats, so every text goes through `bot.sheets.safe_row`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.clock import local_date
from bot.domain.my_data import CommitmentLine, GiftLine, Kept
from bot.i18n import format_date, translate
from bot.sheets import safe_row, save_book, titled_sheet
from bot.statement_sheet import VND_FORMAT, goods_said, kind_name, value_cell

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


def _status(locale: str, gift: GiftLine) -> str:
    if gift.status == "confirmed":
        return translate(locale, "Confirmed")
    if gift.status == "rejected":
        return translate(locale, "Not counted")
    return translate(locale, "Waiting for confirmation")


def write_my_data(
    kept: Kept,
    gifts: list[GiftLine],
    targets: list[CommitmentLine],
    path: Path,
    *,
    on: date,
    locale: str = "vi",
) -> None:
    book, sheet = titled_sheet(
        translate(locale, "My data"),
        [
            translate(locale, "WHAT CHUNG TAY KEEPS ABOUT {name}").format(name=kept.full_name.upper()),
            translate(locale, "Drawn up on: {date}").format(date=format_date(on, locale)),
        ],
    )
    for label, value in (
        (translate(locale, "Full name"), kept.full_name),
        (translate(locale, "Unit"), kept.unit or ""),
        (translate(locale, "Position"), kept.position or ""),
        (translate(locale, "Phone number (staff list)"), kept.phone or ""),
        (translate(locale, "Messenger accounts"), ", ".join(kept.accounts)),
        (
            translate(locale, "Name on the public statement"),
            translate(locale, "Shown") if kept.public_name else translate(locale, "Not shown"),
        ),
        *(
            [
                (
                    translate(locale, "Hardship case files about you"),
                    translate(
                        locale,
                        "{n}, written by the officers; ask the officer in charge to see or correct them",
                    ).format(n=kept.cases),
                )
            ]
            if kept.cases
            else []
        ),
        *(
            [
                (
                    translate(locale, "Away on training, last day")  # the one reason kept (decision 2315)
                    if kept.away_reason == "training"
                    else translate(locale, "Long leave, last day (no reason kept)"),
                    format_date(kept.away_until, locale),
                )
            ]
            if kept.away_until is not None
            else []
        ),
    ):
        sheet.append(safe_row([label, value]))
    _heading(
        sheet,
        [
            translate(locale, "Reference"),
            translate(locale, "Recorded on"),
            translate(locale, "Kind"),
            translate(locale, "Amount (đồng)"),
            translate(locale, "Labour days"),
            translate(locale, "What"),
            translate(locale, "Drive"),
            translate(locale, "Status"),
        ],
    )
    for gift in gifts:
        sheet.append(
            safe_row(
                [
                    gift.ref,
                    format_date(local_date(gift.at), locale),
                    kind_name(locale, gift.kind),
                    value_cell(gift.kind, gift.amount_vnd),  # unvalued goods: empty, never 0 (0708)
                    gift.labour_days or None,
                    goods_said(locale, gift.kind, gift.amount_vnd, gift.description) or "",
                    gift.drive or translate(locale, "The Fund for the Poor"),
                    _status(locale, gift),
                ]
            )
        )
        sheet.cell(sheet.max_row, 4).number_format = VND_FORMAT
    _heading(
        sheet,
        [
            translate(locale, "Year"),
            translate(locale, "Criterion"),
            translate(locale, "Registered target"),
        ],
    )
    for target in targets:
        sheet.append(safe_row([target.year, target.criterion, target.target]))
    save_book(book, path)


def _heading(sheet: Worksheet, labels: list[str]) -> None:
    """An empty row, then a table's heading in bold."""
    from openpyxl.styles import Font

    sheet.append([])
    sheet.append(safe_row(labels))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
