"""The treasurer reconciles the bank's statement with the waiting gifts: statements written as banks export
them (title rows above the header, debit rows, a totals row, Vietnamese headers with accents, a CSV with `;`
and a BOM), read into the five groups for a treasurer of one unit, and the same from the shell
(`chungtay contributions reconcile FILE --as PERSON [--confirm]`). Also as other banks export it: the old
Excel format (.xls), and one signed amount column instead of a debit and a credit column, with or without a
column saying which each row is (docs/decisions/0089). And a gift its giver recorded again after the
bank showed another amount, found by the transfer's old code (docs/decisions/0090). And descriptions wrapped
onto the rows below, “CR”/“DR” beside a figure, Excel's bare day numbers, figures that could be two amounts
and codes grouped by threes (docs/decisions/0228). And a day's date merged over its transfers or left blank
under the first, days written “20261120” or “20-Nov-2026”, and workbooks counting days from 1904
(docs/decisions/0235)."""

from __future__ import annotations

import asyncio
import csv
import functools
import tempfile
import zipfile
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import xlwt
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from sqlalchemy import select

import bot.app
from bot import cli as chungtay
from bot.app import App
from bot.db.models import (
    AuditLog,
    Contribution,
    Drive,
    OutboxMessage,
    Person,
    RefCounter,
    RoleAssignment,
)
from bot.domain.access import actor_for
from bot.domain.bank_statement import (
    MAX_ROWS,
    OrderTaken,
    Statement,
    StatementFileError,
    code_hints,
    codes_in,
    read_amount,
    read_statement,
)
from bot.domain.contributions import NewContribution, Receipt, decide, record_contribution, reverse, withdraw
from bot.domain.reconcile import Reconciliation, names_giver, reconcile
from bot.domain.tables import OLE2_SIGNATURE
from tests.support.clocks import NOW
from tests.support.orgs import Seeded, add_person, seed

TITLE = [
    ["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"],
    ["SAO KÊ TÀI KHOẢN"],
    ["Số tài khoản: 0011001234567", None, "Chủ tài khoản: CÔNG ĐOÀN TRƯỜNG THỬ"],
    ["Từ ngày 01/11/2026 đến ngày 30/11/2026"],
    [],
]


@dataclass(frozen=True)
class Row:
    on: date
    debit: int | None
    credit: int | None
    description: str


# What the Fund's account saw in November: gifts with their codes as banks rewrite them, one without a code,
# a withdrawal (a debit that names a code) and the bank's fee.
STATEMENT = [
    Row(date(2026, 11, 20), None, 200_000, "CT2026000001 ung ho quy vi nguoi ngheo"),  # An: a match
    Row(date(2026, 11, 20), None, 50_000, "ct-2026-2 ung ho quy"),  # Bình recorded 500.000
    Row(date(2026, 11, 21), None, 300_000, "MBVCB.123.CT2026000003.UNG HO"),  # Chi's, confirmed already
    Row(date(2026, 11, 21), None, 100_000, "CT 2026 000004"),  # Dũng's, of Phòng B
    Row(date(2026, 11, 21), None, 150_000, "IBFT CT-2026-000005 thu quy ung ho"),  # the treasurer's own
    Row(date(2026, 11, 22), None, 70_000, "CT-2026-000999 chuyen tien"),  # no such entry
    Row(date(2026, 11, 22), None, 250_000, "NGUYEN VAN BA chuyen tien ung ho"),  # no code
    Row(date(2026, 11, 22), 50_000, None, "Rut tien mat CT2026000999"),  # a debit naming a code: no credit
    Row(date(2026, 11, 23), 11_000, None, "Phi dich vu SMS Banking"),
]


def write_xlsx(path: Path, rows: list[Row] = STATEMENT) -> Path:
    """As Vietcombank's internet banking exports it: title rows, a header, dates as dates, amounts as numbers
    or as text with thousands commas, the balance, and a totals row."""
    book = Workbook()
    sheet = book.active
    for title in TITLE:
        sheet.append(title)
    sheet.append(
        [
            "STT",
            "Ngày giao dịch",
            "Số tham chiếu",
            "Số tiền ghi nợ",
            "Số tiền ghi có",
            "Số dư",
            "Nội dung chi tiết",
        ]
    )
    balance = 5_000_000
    for n, row in enumerate(rows, start=1):
        balance += (row.credit or 0) - (row.debit or 0)
        credit = f"{row.credit:,}" if row.credit and n % 2 else row.credit  # some as "200,000"
        at = datetime(row.on.year, row.on.month, row.on.day, 9, 30)
        sheet.append([n, at, f"FT26{n:08d}", row.debit, credit, balance, row.description])
    credits = sum(row.credit or 0 for row in rows)
    debits = sum(row.debit or 0 for row in rows)
    sheet.append(["Tổng cộng", None, None, debits, credits, balance, None])
    book.save(path)
    return path


def write_csv(path: Path, rows: list[Row] = STATEMENT) -> Path:
    """As Excel in a Vietnamese locale saves it: UTF-8 with a BOM, `;` between cells, amounts with dots."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["SAO KÊ TÀI KHOẢN 0011001234567"])
        writer.writerow(["Từ ngày 01/11/2026 đến ngày 30/11/2026"])
        writer.writerow([])
        writer.writerow(["Ngày", "Mô tả", "Ghi nợ", "Ghi có", "Số dư"])
        for row in rows:
            debit = f"{row.debit:,}".replace(",", ".") if row.debit else ""
            credit = f"+{row.credit:,}".replace(",", ".") if row.credit else ""
            writer.writerow([row.on.strftime("%d/%m/%Y"), row.description, debit, credit, ""])
        writer.writerow(["Tổng cộng", "", "", "", ""])
    return path


def write_xls(path: Path, rows: list[Row] = STATEMENT, *, dates_1904: bool = False) -> Path:
    """As some banks' internet banking still exports it: the old Excel format (.xls), the title rows and
    columns of `write_xlsx`, days as the workbook's dates (counted from 1900, or from 1904 as Excel for Mac
    saved them), amounts as numbers or as text with thousands commas, and a totals row."""
    book = xlwt.Workbook(encoding="utf-8")
    book.dates_1904 = dates_1904
    sheet = book.add_sheet("Sao ke")
    when = xlwt.easyxf(num_format_str="DD/MM/YYYY HH:MM")
    header = [
        "STT",
        "Ngày giao dịch",
        "Số tham chiếu",
        "Số tiền ghi nợ",
        "Số tiền ghi có",
        "Nội dung chi tiết",
    ]
    lines: list[list[object]] = [*TITLE, header]
    for n, row in enumerate(rows, start=1):
        credit = f"{row.credit:,}" if row.credit and n % 2 else row.credit
        at = datetime(row.on.year, row.on.month, row.on.day, 9, 30)
        lines.append([n, at, f"FT26{n:08d}", row.debit, credit, row.description])
    lines.append(["Tổng cộng", None, None, sum(r.debit or 0 for r in rows), sum(r.credit or 0 for r in rows)])
    for r, cells in enumerate(lines):
        for c, value in enumerate(cells):
            if isinstance(value, datetime):
                sheet.write(r, c, value, when)
            elif value is not None:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


WRITERS = {"xlsx": write_xlsx, "csv": write_csv, "xls": write_xls}


# One signed amount column, as other banks write it: "+200,000" and "-200,000"; "200,000" and "(200,000)";
# or "200,000" for both, with a column saying which (its header and its marks vary from bank to bank).
SIGNS = {
    "plus": lambda row: (f"+{row.credit:,}" if row.credit else f"-{row.debit:,}", None),
    "brackets": lambda row: (f"{row.credit:,}" if row.credit else f"({row.debit:,})", None),
    "side": lambda row: (f"{row.credit or row.debit:,}", "C" if row.credit else "D"),
}
CREDIT_MARKS = ("C", "Có", "CR", "Ghi có", "+")
DEBIT_MARKS = ("D", "Nợ", "DR", "Ghi nợ", "-")


def write_signed(path: Path, sign: str, rows: list[Row] = STATEMENT, side_header: str = "Nợ/Có") -> Path:
    """A statement with one “Số tiền” column signed as `sign` says (and the side column of "side", its marks
    as several banks write them), as CSV or .xlsx by `path`'s ending; in a workbook, amounts without a
    bracket are numbers where they can be."""
    header = ["Ngày giao dịch", "Số tiền", "Nội dung giao dịch", "Số dư"]
    if sign == "side":
        header.append(side_header)
    table: list[list[object]] = [["SAO KÊ TÀI KHOẢN 0011001234567"], [], header]
    for n, row in enumerate(rows):
        amount, side = SIGNS[sign](row)
        if side is not None:
            side = (CREDIT_MARKS if side == "C" else DEBIT_MARKS)[n % len(CREDIT_MARKS)]
        if path.suffix == ".xlsx" and "(" not in amount:
            amount = int(amount.replace(",", ""))  # +200000 and -200000 as numbers
        table.append([row.on.strftime("%d/%m/%Y"), amount, row.description, None, side][: len(header)])
    table.append(["Tổng cộng", None, None, None])
    if path.suffix == ".xlsx":
        book = Workbook()
        for cells in table:
            book.active.append(cells)
        book.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows([["" if c is None else c for c in cells] for cells in table])
    return path


@dataclass
class Ledger:
    treasurer: Person  # treasurer of Phòng A
    treasurer_b: Person  # treasurer of Phòng B
    seeded: Seeded  # its organisation, units and people, for one more giver


async def ledger(app: App) -> Ledger:
    """Phòng A's gifts (An, Bình, Chi: Chi's confirmed), one of Phòng B (Dũng) and one of Phòng A's treasurer,
    CT-2026-000001 to 000005 in that order."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        treasurer = await add_person(
            session, seeded, "Thủ quỹ A", "A", ("member", "A"), ("treasurer", "A"), now=NOW
        )
        treasurer_b = await add_person(
            session, seeded, "Thủ quỹ B", "B", ("member", "B"), ("treasurer", "B"), now=NOW
        )
        gifts = (("An", 200_000), ("Bình", 500_000), ("Chi", 300_000), ("Dũng", 100_000))
        for name, amount in gifts:
            giver = seeded.people[name]
            entry = NewContribution(kind="money", amount_vnd=amount)
            recorded = await record_contribution(
                session, person=giver, recorded_by=giver, entry=entry, now=NOW
            )
            if name == "Chi":
                await decide(
                    session, recorded, confirmed=True, actor=await actor_for(session, treasurer), now=NOW
                )
        own = NewContribution(kind="money", amount_vnd=150_000)
        await record_contribution(session, person=treasurer, recorded_by=treasurer, entry=own, now=NOW)
        return Ledger(treasurer, treasurer_b, seeded)


async def reconciled(app: App, person: Person, path: Path) -> Reconciliation:
    lines = read_statement(path)
    async with app.sessionmaker() as session:
        return await reconcile(session, await actor_for(session, person), lines)


async def statuses(app: App) -> dict[str, str]:
    async with app.sessionmaker() as session:
        return {c.ref: c.status for c in await session.scalars(select(Contribution))}


# --- a gift recorded again after its rejection (docs/decisions/0090) -------------------------------------

REJECTED_AT = NOW + timedelta(hours=1)
AGAIN_AT = NOW + timedelta(hours=2)


async def recorded_again(
    app: App,
    people: Ledger,
    *amounts: int,
    at: datetime = AGAIN_AT,
    in_drive: bool = False,
    by_treasurer: bool = False,
    withdrawn: bool = False,
) -> None:
    """Bình's CT-2026-000002 (500.000 ₫; the statement credits 50.000 ₫ with its code) rejected by Phòng A's
    treasurer at REJECTED_AT, and Bình's `amounts` recorded at `at` (CT-2026-000006, …): in a drive of the
    school's with `in_drive`, or with `by_treasurer` by that treasurer, an officer too, for Bình's household
    (an officer records for a household). With `withdrawn`, Bình takes CT-2026-000002 back instead."""
    async with app.sessionmaker() as session, session.begin():
        old = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000002"))
        assert old is not None
        binh = await session.get(Person, old.person_id)
        if withdrawn:
            await withdraw(session, old, actor=await actor_for(session, binh), now=REJECTED_AT)
        else:
            treasurer = await actor_for(session, people.treasurer)
            reason = "Tài khoản Quỹ nhận được 50.000 ₫"
            await decide(session, old, confirmed=False, actor=treasurer, now=REJECTED_AT, reason=reason)
        recorder = binh
        if by_treasurer:
            role = RoleAssignment(
                person_id=people.treasurer.id,
                role="officer",
                org_id=old.org_id,
                unit_id=old.unit_id,
                granted_at=NOW,
            )
            session.add(role)
            recorder = await session.get(Person, people.treasurer.id)
            assert binh is not None
            binh.kind = "household"
        drive_id = None
        if in_drive:
            drive = Drive(
                org_id=old.org_id,
                code="ao-am",
                title="Áo ấm cho học sinh",
                starts_on=date(2026, 11, 1),
                ends_on=date(2026, 12, 31),
                kinds=["money"],
            )
            session.add(drive)
            await session.flush()
            drive_id = drive.id
        assert binh is not None and recorder is not None
        for amount in amounts:
            entry = NewContribution(kind="money", amount_vnd=amount, drive_id=drive_id)
            await record_contribution(session, person=binh, recorded_by=recorder, entry=entry, now=at)


async def test_a_gift_recorded_again_after_its_rejection_is_matched_by_the_old_code(
    any_app, tmp_path
) -> None:
    """Bình's gift recorded again is matched by its old code, and named beside no other credit of its
    figure whose words name her: it was, by its new code, as a gift no code of the statement names
    (decision 2260)."""
    people = await ledger(any_app)
    await recorded_again(any_app, people, 50_000)
    before = await statuses(any_app)
    rows = [*STATEMENT, Row(date(2026, 11, 24), None, 50_000, "BS Binh phong A ung ho")]

    result = await reconciled(any_app, people.treasurer, write_xlsx(tmp_path / "sao-ke.xlsx", rows))

    assert [(f.ref, f.again_of, f.giver, f.amount_vnd, f.received) for f in result.matches] == [
        ("CT-2026-000001", None, "An", 200_000, 200_000),
        ("CT-2026-000006", "CT-2026-000002", "Bình", 50_000, 50_000),
    ]
    assert result.named_giver == {}
    assert result.matched_total == 250_000
    assert result.differing == []
    assert [f.ref for f in result.decided] == ["CT-2026-000003"]  # Chi's; Bình's old code is the match's
    assert result.not_theirs == 3
    assert await statuses(any_app) == before  # reading changes nothing

    # Phòng B's treasurer: Bình's line stays one of the lines only counted, named nowhere.
    result = await reconciled(any_app, people.treasurer_b, write_xlsx(tmp_path / "sao-ke.xlsx"))
    assert [f.ref for f in result.matches] == ["CT-2026-000004"]
    assert result.decided == [] and result.differing == [] and result.not_theirs == 5


async def test_a_gift_its_giver_took_back_and_recorded_again_is_matched_by_the_old_code(
    app, tmp_path
) -> None:
    people = await ledger(app)
    await recorded_again(app, people, 50_000, withdrawn=True)

    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "sao-ke.xlsx"))

    assert [(f.ref, f.again_of) for f in result.matches] == [
        ("CT-2026-000001", None),
        ("CT-2026-000006", "CT-2026-000002"),
    ]
    assert [f.ref for f in result.decided] == ["CT-2026-000003"]


@pytest.mark.parametrize(
    ("case", "amounts", "options"),
    [
        ("two recorded again", (50_000, 50_000), {}),
        ("another amount", (60_000,), {}),
        ("recorded before the rejection", (50_000,), {"at": NOW + timedelta(minutes=30)}),
        ("in another drive", (50_000,), {"in_drive": True}),
    ],
)
async def test_a_gift_recorded_again_is_never_guessed(app, tmp_path, case, amounts, options) -> None:
    people = await ledger(app)
    await recorded_again(app, people, *amounts, **options)

    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "sao-ke.xlsx"))

    assert [f.ref for f in result.matches] == ["CT-2026-000001"], case
    assert [(f.ref, f.state) for f in result.decided] == [
        ("CT-2026-000002", "rejected"),
        ("CT-2026-000003", "confirmed"),
    ]
    assert result.not_theirs == 3


async def test_a_gift_recorded_again_and_paid_with_its_own_code_is_not_matched_twice(app, tmp_path) -> None:
    people = await ledger(app)
    await recorded_again(app, people, 50_000)
    rows = [*STATEMENT, Row(date(2026, 11, 24), None, 50_000, "CT2026000006 ung ho")]

    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "sao-ke.xlsx", rows))

    assert [(f.ref, f.again_of, len(f.lines)) for f in result.matches] == [
        ("CT-2026-000001", None, 1),
        ("CT-2026-000006", None, 1),
    ]
    assert [f.ref for f in result.decided] == ["CT-2026-000002", "CT-2026-000003"]


async def test_a_gift_recorded_again_that_the_treasurer_recorded_is_only_counted(app, tmp_path) -> None:
    people = await ledger(app)
    await recorded_again(app, people, 50_000, by_treasurer=True)

    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "sao-ke.xlsx"))

    assert [f.ref for f in result.matches] == ["CT-2026-000001"]
    assert [f.ref for f in result.decided] == ["CT-2026-000003"]  # not Bình's old code: another's to decide
    assert result.not_theirs == 4


@pytest.mark.parametrize("shape", ["xlsx", "csv", "xls"])
async def test_each_credit_of_the_statement_falls_in_its_group_for_the_treasurer_of_phong_a(
    app, tmp_path, shape
) -> None:
    people = await ledger(app)
    before = await statuses(app)
    path = WRITERS[shape](tmp_path / f"sao-ke.{shape}")

    result = await reconciled(app, people.treasurer, path)

    assert result.credits == 7  # the debits and the totals row are not credits
    assert [(f.ref, f.giver, f.amount_vnd) for f in result.matches] == [("CT-2026-000001", "An", 200_000)]
    assert [(f.ref, f.giver, f.amount_vnd, f.received) for f in result.differing] == [
        ("CT-2026-000002", "Bình", 500_000, 50_000)
    ]
    assert [(f.ref, f.giver, f.state) for f in result.decided] == [("CT-2026-000003", "Chi", "confirmed")]
    # Dũng's (Phòng B), the treasurer's own and the unknown code: counted, nothing more.
    assert result.not_theirs == 3
    named = {f.giver for f in [*result.matches, *result.differing, *result.decided]}
    assert "Dũng" not in named and "Thủ quỹ A" not in named
    assert [(line.on, line.amount, line.description) for line in result.no_code] == [
        (date(2026, 11, 22), 250_000, "NGUYEN VAN BA chuyen tien ung ho")
    ]
    assert await statuses(app) == before  # reading changes nothing

    # Chi's confirmation was a mistake: Phòng A's leader, a treasurer too, reverses it. The credit is no
    # longer set beside a confirmed gift, but one cancelled by a correction, whose money counts nowhere.
    async with app.sessionmaker() as session, session.begin():
        chi = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000003"))
        other = await session.scalar(select(Person).where(Person.full_name == "Lãnh đạo A"))
        assert chi is not None and other is not None
        session.add(
            RoleAssignment(
                person_id=other.id, role="treasurer", org_id=chi.org_id, unit_id=chi.unit_id, granted_at=NOW
            )
        )
        await session.flush()
        await reverse(session, chi, actor=await actor_for(session, other), reason="nhầm", now=NOW)
    result = await reconciled(app, people.treasurer, path)
    assert [(f.ref, f.giver, f.state) for f in result.decided] == [("CT-2026-000003", "Chi", "corrected")]


async def test_phong_bs_treasurer_finds_phong_bs_gift_and_counts_phong_as(app, tmp_path) -> None:
    people = await ledger(app)
    result = await reconciled(app, people.treasurer_b, write_xlsx(tmp_path / "sao-ke.xlsx"))
    assert [(f.ref, f.giver) for f in result.matches] == [("CT-2026-000004", "Dũng")]
    assert result.differing == [] and result.decided == []
    assert result.not_theirs == 5  # An's, Bình's, Chi's, Thủ quỹ A's and the unknown code


async def test_a_gift_paid_in_two_transfers_matches_and_one_transfer_for_two_gifts_is_left_to_the_treasurer(
    app, tmp_path
) -> None:
    people = await ledger(app)
    rows = [
        Row(date(2026, 11, 20), None, 100_000, "CT2026000001 lan 1"),
        Row(date(2026, 11, 21), None, 100_000, "CT2026000001 lan 2"),
        Row(date(2026, 11, 21), None, 550_000, "CT2026000002 CT2026000004 ung ho"),
    ]
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "sao-ke.xlsx", rows))
    assert [(f.ref, f.received, len(f.lines)) for f in result.matches] == [("CT-2026-000001", 200_000, 2)]
    assert [(f.ref, f.shared) for f in result.differing] == [("CT-2026-000002", True)]
    assert result.not_theirs == 0  # the shared transfer names one of theirs


async def test_a_couples_one_transfer_of_exactly_their_two_gifts_is_matched_and_confirmed_only_on_the_word(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """An's 200.000 ₫ and Bình's 500.000 ₫ paid by one transfer naming both codes (docs/decisions/0831)."""
    people = await ledger(app)
    couple = Row(date(2026, 12, 2), None, 700_000, "MBVCB.1234567.CT2026000001 CT2026000002 VO CHONG UNG HO")
    short = Row(date(2026, 12, 2), None, 650_000, "CT2026000001 CT2026000002 vo chong ung ho")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "thieu.xlsx", [short]))
    assert result.matches == [] and [f.ref for f in result.differing] == ["CT-2026-000001", "CT-2026-000002"]
    again = Row(date(2026, 12, 3), None, 200_000, "CT2026000001 lan 2")  # An's code twice: which paid which
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "hai-lan.xlsx", [couple, again]))
    assert result.matches == []
    # An's 200.000 ₫ of the couple's transfer paid back to her (0840): the Fund kept Bình's part alone.
    back = Row(date(2026, 12, 4), 200_000, None, "Hoan tra CT2026000001 theo de nghi")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "hoan.xlsx", [couple, back]))
    assert result.matches == [] and [f.ref for f in result.differing] == ["CT-2026-000001", "CT-2026-000002"]

    path = str(write_xlsx(tmp_path / "sao-ke.xlsx", [couple]))
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", path, "--as")
    code, out, _ = await asyncio.to_thread(*shell, str(people.treasurer.id))
    matches = out.split("\n\n")[1]
    assert code == 0 and "(2)" in matches and "In all: 700.000\xa0₫" in matches
    assert "CT-2026-000001  An (Phòng A)  200.000\xa0₫  (one transfer with CT-2026-000002)" in matches
    assert "CT-2026-000002  Bình (Phòng A)  500.000\xa0₫  (one transfer with CT-2026-000001)" in matches
    assert set((await statuses(app)).values()) == {"recorded", "confirmed"}  # Chi's alone, as before
    code, out, _ = await asyncio.to_thread(*shell, str(people.treasurer.id), "--confirm")
    assert code == 0 and "Confirmed 2 matching contributions" in out
    found = await statuses(app)
    assert [found[f"CT-2026-00000{n}"] for n in (1, 2, 4, 5)] == ["confirmed"] * 2 + ["recorded"] * 2
    code, out, _ = await asyncio.to_thread(*shell, str(people.treasurer_b.id))  # not Phòng B's to see
    assert "(0)" in out.split("\n\n")[1] and "An" not in out and "CT-2026-000001" not in out


async def test_the_shell_names_beside_a_credit_of_31_december_the_gift_of_its_unit_confirmed_from_its_receipt(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """An and Dũng each logged 200.000 ₫ on 2/1/2027 with a receipt, said sent in 2026, each confirmed by
    their unit's treasurer; the Fund's statement has a credit of 31/12 of that figure without a code. Read by
    Phòng A's treasurer, it named nothing and was hers to record as a donor's gift: An's money twice."""
    january = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        for unit in ("A", "B"):
            await add_person(
                session, seeded, f"Thủ quỹ {unit}", unit, ("member", unit), ("treasurer", unit), now=NOW
            )
        for name, unit in (("An", "A"), ("Dũng", "B")):
            treasurer = await session.scalar(select(Person).where(Person.full_name == f"Thủ quỹ {unit}"))
            giver = seeded.people[name]
            receipt = Receipt(sha256=name[0] * 64, path=f"{name[0]}.jpg", size=2048, channel="telegram")
            gift = await record_contribution(
                session,
                person=giver,
                recorded_by=giver,
                entry=NewContribution(kind="money", amount_vnd=200_000),
                now=january,
                year=2026,
                receipts=[receipt],
            )
            await decide(
                session, gift, confirmed=True, actor=await actor_for(session, treasurer), now=january
            )
        treasurer_a = await session.scalar(select(Person.id).where(Person.full_name == "Thủ quỹ A"))
    credit = Row(date(2026, 12, 31), None, 200_000, "NGUYEN VAN AN chuyen tien")
    path = str(write_xlsx(tmp_path / "sao-ke.xlsx", [credit]))

    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", path, "--as")
    code, out, _ = await asyncio.to_thread(*shell, str(treasurer_a))

    assert code == 0
    assert (
        "perhaps CT-2026-000001, confirmed, said sent in 2026: if its receipt shows this credit, the money "
        "is in the Fund already; do not record it as a donor's gift"
    ) in out
    assert "CT-2026-000002" not in out  # Dũng's, of Phòng B: not this treasurer's to read


async def test_the_treasurers_own_transfer_of_31_december_is_named_beside_its_credit_to_her(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """Phòng A's treasurer sent 200.000 ₫ herself on 31/12 and logged it on 2/1/2027 with its receipt, said
    sent in 2026; it waits for another treasurer, as nobody confirms her own money. Reading the statement, its
    credit without a code named nothing to her, the one about to record it as a donor's gift."""
    january = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        mai = await add_person(
            session, seeded, "Thủ quỹ A", "A", ("member", "A"), ("treasurer", "A"), now=NOW
        )
        receipt = Receipt(sha256="m" * 64, path="m.jpg", size=2048, channel="telegram")
        await record_contribution(
            session,
            person=mai,
            recorded_by=mai,
            entry=NewContribution(kind="money", amount_vnd=200_000),
            now=january,
            year=2026,
            receipts=[receipt],
        )
    credit = Row(date(2026, 12, 31), None, 200_000, "TRAN THI MAI chuyen tien")
    path = str(write_xlsx(tmp_path / "sao-ke.xlsx", [credit]))

    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", path, "--as")
    code, out, _ = await asyncio.to_thread(*shell, str(mai.id))

    assert code == 0
    assert "perhaps CT-2026-000001, waiting, said sent in 2026: check its receipt" in out


async def test_a_whole_gift_paid_back_is_no_match_and_a_debit_for_two_gifts_is_split_only_when_exact(
    app, tmp_path
) -> None:
    """December at Vietcombank (docs/decisions/0899): An's 200.000 ₫ came in from another bank and was paid
    back whole at her request, and was a match to confirm; then An's and Bình's gifts each transferred twice,
    both paid back by one debit naming the two codes, which was skipped (“Lệch số tiền” at 400.000 ₫ and
    1.000.000 ₫, and confirming them at what was received offered)."""
    people = await ledger(app)
    an = Row(date(2026, 12, 1), None, 200_000, "MBVCB.123456.ung ho CT2026000001")
    back = Row(date(2026, 12, 3), 200_000, None, "Hoan tra CT2026000001 theo de nghi")
    late = Row(date(2026, 12, 31), None, 500_000, "IBFT CT2026000002 ung ho quy")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "hoan.xlsx", [an, back, late]))
    assert [(f.ref, f.received) for f in result.matches] == [("CT-2026-000002", 500_000)]
    assert [(f.ref, f.received, [line.row for line in f.paid_back]) for f in result.differing] == [
        ("CT-2026-000001", 0, [8])
    ]

    twice = [an, an, Row(date(2026, 12, 2), None, 500_000, "CT2026000002"), late]
    both = Row(date(2026, 12, 4), 700_000, None, "Hoan tra CK trung CT2026000001 CT2026000002")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "hai.xlsx", [*twice, both]))
    assert [(f.ref, f.received, [line.amount for line in f.paid_back]) for f in result.matches] == [
        ("CT-2026-000001", 200_000, [200_000]),
        ("CT-2026-000002", 500_000, [500_000]),
    ]
    # The debit not the two surpluses: whose part went back is not guessed, and neither is a match.
    some = replace(both, debit=400_000)
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "ba.xlsx", [*twice, some]))
    assert result.matches == []
    assert [(f.ref, [line.row for line in f.paid_out_with]) for f in result.differing] == [
        ("CT-2026-000001", [11]),
        ("CT-2026-000002", [11]),
    ]
    # A couple's one transfer paid back by one debit naming both: it was still their match (0831).
    couple = Row(date(2026, 12, 2), None, 700_000, "IBFT vo chong ung ho CT2026000001 CT2026000002")
    back = replace(both, debit=700_000, description="Hoan tra GD ung ho CT2026000001 CT2026000002")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "vc.xlsx", [couple, back]))
    assert result.matches == [] and [f.ref for f in result.differing] == ["CT-2026-000001", "CT-2026-000002"]


async def test_any_other_debit_naming_a_gift_credited_exactly_keeps_it_from_a_match(app, tmp_path) -> None:
    """December at Agribank (docs/decisions/0915): An's 200.000 ₫ came in exactly, then 50.000 ₫ of it went
    back (“Hoan tra 1 phan CT2026000001”): she was a match, confirmed at 200.000 ₫ though the Fund kept
    150.000 ₫. Bình's 500.000 ₫ paid back whole and the bank's fee for it quoting the code as well went
    below nothing (“nhận -11.000 ₫”). Any debit naming a gift alone and not read as paying it back now keeps
    it for the treasurer, never at a figure the account may not hold."""
    people = await ledger(app)
    an = Row(date(2026, 12, 1), None, 200_000, "MBVCB.123456.ung ho CT2026000001")
    part = Row(date(2026, 12, 3), 50_000, None, "Hoan tra 1 phan CT2026000001 theo de nghi")
    binh = Row(date(2026, 12, 2), None, 500_000, "IBFT CT2026000002 ung ho quy")
    whole = Row(date(2026, 12, 4), 500_000, None, "Hoan tra CT2026000002")
    fee = Row(date(2026, 12, 4), 11_000, None, "Phi CK hoan tra CT2026000002")
    result = await reconciled(
        app, people.treasurer, write_xlsx(tmp_path / "agri.xlsx", [an, part, binh, whole, fee])
    )
    assert result.matches == []
    assert [
        (f.ref, f.received, [line.row for line in f.paid_back], [line.row for line in f.named_out])
        for f in result.differing
    ] == [("CT-2026-000001", 200_000, [], [8]), ("CT-2026-000002", 0, [10], [11])]


async def test_a_fee_beside_a_double_transfer_paid_back_is_never_taken_off_the_gift(app, tmp_path) -> None:
    """December at Vietcombank (docs/decisions/1022): Hoa's 200.000 ₫ transferred twice, the second paid back
    (“Hoan tra CK trung CT2026000001”) and the bank's fee for the refund quoting the code (“Phi CK hoan tra
    CT2026000001”, 11.000 ₫): both were read as paid back, the gift stood at “nhận 189.000 ₫”, offered to be
    confirmed at that figure, 11.000 ₫ less than the giver gave and the Fund kept. The refund of exactly the
    second transfer pays it back; the fee is named, and the gift waits for the treasurer at 200.000 ₫."""
    people = await ledger(app)
    an = Row(date(2026, 12, 1), None, 200_000, "MBVCB.123456.ung ho CT2026000001")
    back = Row(date(2026, 12, 3), 200_000, None, "Hoan tra CK trung CT2026000001")
    fee = Row(date(2026, 12, 3), 11_000, None, "Phi CK hoan tra CT2026000001")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "phi.xlsx", [an, an, back, fee]))
    assert result.matches == []
    assert [
        (f.ref, f.received, [line.row for line in f.paid_back], [line.row for line in f.named_out])
        for f in result.differing
    ] == [("CT-2026-000001", 200_000, [9], [10])]
    # A refund of part of the second transfer, no fee: 150.000 ₫ is neither the extra transfer nor the whole,
    # so what she meant to give is not guessed at 250.000 ₫ (docs/decisions/1112): named, nothing taken off.
    part = Row(date(2026, 12, 3), 150_000, None, "Hoan tra CK trung CT2026000001")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "mot.xlsx", [an, an, part]))
    assert [
        (f.ref, f.received, [line.row for line in f.paid_back], [line.row for line in f.named_out])
        for f in result.differing
    ] == [("CT-2026-000001", 400_000, [], [9])]
    assert result.differing[0].stayed_unknown


async def test_part_of_a_double_transfer_paid_back_with_a_fee_beside_it_is_never_guessed(
    app, tmp_path
) -> None:
    """December at Vietcombank (docs/decisions/1099): Hoa's 200.000 ₫ transferred twice, 150.000 ₫ of it
    paid back and the bank's fee for the refund quoting the code (11.000 ₫), neither an exact figure: both
    were read as paid back, the gift stood at “nhận 239.000 ₫”, offered to be confirmed at that figure, where
    the Fund kept 250.000 ₫ of hers and paid the fee itself. Which debit is the fee is not guessed from words:
    both are named, nothing is taken off, and the gift is never confirmed at what the account received."""
    people = await ledger(app)
    an = Row(date(2026, 12, 1), None, 200_000, "MBVCB.123456.ung ho CT2026000001")
    part = Row(date(2026, 12, 3), 150_000, None, "Hoan tra CK trung CT2026000001")
    fee = Row(date(2026, 12, 3), 11_000, None, "Phi CK hoan tra CT2026000001")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "phi.xlsx", [an, an, part, fee]))
    assert result.matches == []
    assert [
        (f.ref, f.received, [line.row for line in f.paid_back], [line.row for line in f.named_out])
        for f in result.differing
    ] == [("CT-2026-000001", 400_000, [], [9, 10])]
    assert result.differing[0].stayed_unknown


async def test_a_letter_for_a_codes_last_figure_glued_to_the_words_after_never_matches_gift_1(
    app, tmp_path
) -> None:
    """December at MB (docs/decisions/1144): Tuấn's 200.000 ₫ came in as “CT2026-00001Oung ho PHAM MINH TUAN”,
    the letter O typed for his code's last zero (CT-2026-000010) and the words glued after it, as a phone
    sends them; and 200.000 ₫ as “CT2026-1O2UNG HO”. 1046 read a letter for a figure only where it ended the
    word: here “00001” and “1” were read as codes of their own, An's gift CT-2026-000001 of that figure, and
    each stood “Khớp”, one press of Có from confirming An's gift with another's money. Figures padded with
    zeros, or with a figure after the letter, mean the letter is one of the code's figures."""
    people = await ledger(app)
    tuan = Row(date(2026, 12, 5), None, 200_000, "CT2026-00001Oung ho PHAM MINH TUAN")
    one = Row(date(2026, 12, 6), None, 200_000, "CT2026-1O2UNG HO")
    for n, row in enumerate((tuan, one)):
        result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / f"mb{n}.xlsx", [row]))
        assert (row.description, result.matches, result.differing) == (row.description, [], [])
        assert [line.row for line in result.no_code] == [7]
    assert (await statuses(app))["CT-2026-000001"] == "recorded"


async def test_a_codes_prefix_and_year_alone_name_no_gift_numbered_as_the_year(app, tmp_path) -> None:
    """December at a province's Fund (docs/decisions/1145): 2.025 gifts recorded this year before Bình's
    200.000 ₫, CT-2026-002026. An's 200.000 ₫ came in as “CT2026 ung ho quy NGUYEN VAN AN”, the code's prefix
    and year with no number (“CT2026 UNG HO” as the bank wrote it). “2026” was read as a code written
    without its year: Bình's gift of that number and figure stood “Khớp”, one press of Có from confirming
    it with An's money. A prefix before a year alone is the start of a code, never a gift's number."""
    people = await ledger(app)
    async with app.sessionmaker() as session, session.begin():
        counter = await session.get_one(RefCounter, ("CT", 2026))
        counter.last = 2025
        binh = await session.scalar(select(Person).where(Person.full_name == "Bình"))
        entry = NewContribution(kind="money", amount_vnd=200_000)
        gift = await record_contribution(session, person=binh, recorded_by=binh, entry=entry, now=NOW)
        assert gift.ref == "CT-2026-002026"
    for n, words in enumerate(("CT2026 ung ho quy NGUYEN VAN AN", "IBFT CT-2026 UNG HO")):
        an = Row(date(2026, 12, 5), None, 200_000, words)
        result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / f"tinh{n}.xlsx", [an]))
        assert (words, result.matches, result.differing) == (words, [], [])
        assert [line.row for line in result.no_code] == [7]
    assert (await statuses(app))["CT-2026-002026"] == "recorded"


async def test_a_letter_typed_for_a_figure_of_the_codes_year_is_named_never_matched_to_another_gift(
    app, tmp_path
) -> None:
    """December at Agribank (docs/decisions/1113): An's 200.000 ₫ came in as “ung ho CT2O26-000001”, the
    letter O typed for the year's zero, and 500.000 ₫ as “IBFT CT2O26-000004 ung ho” (Dũng's code, of Phòng
    B). Neither was named as a code with a letter for a figure is (1025), and “CT2” was read as a code
    without its year: the 500.000 ₫ stood “Khớp” for Bình's gift of that figure, CT-2026-000002, one press
    of Có from confirming her gift with another's money."""
    people = await ledger(app)
    an = Row(date(2026, 12, 5), None, 200_000, "ung ho CT2O26-000001 NGUYEN VAN AN")
    other = Row(date(2026, 12, 5), None, 500_000, "IBFT CT2O26-000004 ung ho")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "agri.xlsx", [an, other]))
    assert result.matches == [] and result.differing == []
    assert [line.row for line in result.no_code] == [7, 8]
    assert [(line.row, codes) for line, codes in result.mistyped] == [(7, ("CT-2026-000001",))]
    assert (await statuses(app))["CT-2026-000002"] == "recorded"


async def test_money_out_of_a_gifts_first_day_above_its_money_in_a_file_in_time_order_came_before_it(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December at Vietcombank, its rows in the order of time (docs/decisions/1146): on 05/12,
    200.000 ₫ went out as “Hoan tra CT2026000001”, and below it on that same day An's 200.000 ₫ came in
    twice with her code. A debit of the credit's own day was read as after it: paying back the second
    transfer, and An's gift stood “Khớp”. Money cannot go back before it came: the rows' order says which
    came first, so the debit is said beside the gift as one before its money, and nothing is taken off. In
    a file of the latest first, the debit below the credits of their day came before them too."""
    people = await ledger(app)
    rows = [
        Row(date(2026, 12, 4), None, 100_000, "UNG HO 1"),
        Row(date(2026, 12, 5), 200_000, None, "Hoan tra CT2026000001"),
        Row(date(2026, 12, 5), None, 200_000, "MBVCB.1.CT2026000001.NGUYEN VAN AN"),
        Row(date(2026, 12, 5), None, 200_000, "MBVCB.2.CT2026000001.NGUYEN VAN AN"),
        Row(date(2026, 12, 6), None, 100_000, "UNG HO 2"),
    ]
    for name, order in (("vcb.xlsx", rows), ("moi-nhat-truoc.xlsx", rows[::-1])):
        path = str(write_xlsx(tmp_path / name, order))
        shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", path, "--as")
        code, out, _ = await asyncio.to_thread(*shell, str(people.treasurer.id))
        debit, credits = (8, "9, 10") if name == "vcb.xlsx" else (10, "8, 9")
        assert code == 0 and "Matches, waiting and credited the same amount (0):" in out, out
        assert (
            "CT-2026-000001  An (Phòng A)  recorded 200.000\xa0₫, credited 400.000\xa0₫; transferred 2 times "
            "the amount recorded: perhaps a transfer repeated  (money out naming this code before its money "
            f"came in, row {debit}: a code mistyped, or another gift's money)  [row {credits}]"
        ) in out, out
        assert "paid back" not in out, out  # nothing taken off what came in


async def test_money_out_naming_a_gift_on_a_row_without_its_day_still_keeps_it_from_a_match(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December at BIDV (docs/decisions/1146): An's 200.000 ₫ came in on 05/12 with her code, and under the
    day's subtotal, its date cell blank, 200.000 ₫ went back out as “Hoan tra CT2026000001”. A credit there
    is named as a row with no day (0235); the debit was dropped unsaid, and An's gift stood “Khớp”, one press
    of Có from confirming money the Fund no longer held. A debit without its day is read as after the
    credits (1111), so it is said beside the gift; so is a refund naming no code."""
    people = await ledger(app)
    bidv = tmp_path / "bidv.csv"
    bidv.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "05/12/2026;CT2026000001 NGUYEN VAN AN;;+200.000\n"
        "Cộng;;;200.000\n"
        ";Hoan tra CT2026000001;200.000;\n"
        ";Hoan tien ung ho NGUYEN THI HOA;50.000;\n",
        encoding="utf-8",
    )
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", str(bidv), "--as")
    code, out, _ = await asyncio.to_thread(*shell, str(people.treasurer.id))
    assert code == 0 and "Matches, waiting and credited the same amount (0):" in out, out
    assert (
        "CT-2026-000001  An (Phòng A)  recorded 200.000\xa0₫, credited 0\xa0₫  "
        "(paid back 200.000\xa0₫, row 4)  [row 2]"
    ) in out, out
    assert "Money out as a refund, naming no code (1): look at row 5 of the file before confirming" in out, (
        out
    )


async def test_a_letter_in_a_codes_year_glued_to_words_or_grouped_never_names_gift_2(app, tmp_path) -> None:
    """December at MB (docs/decisions/1143): the letter O typed for the year's zero, the code glued to the
    words after it as phones send it (“CT2O26000004UNG HO”), written by threes (“CT 2O26 000 004”), or with
    no number after it (“ung ho ct2o26 500k”). None was read as the code it may be, so “CT2” before the
    letter was read as gift number 2 of 2026 again: each 500.000 ₫ stood “Khớp” for Bình's gift of that
    figure, CT-2026-000002, one press of Có from confirming her gift with others' money. So with “I” typed
    in the year (“CT2I26…”). Figures glued to O, I or L are no code written without its year."""
    people = await ledger(app)
    an = Row(date(2026, 12, 5), None, 200_000, "MBVCB.123.CT2O26000001NGUYEN VAN AN")
    for n, words in enumerate(
        ("IBFT CT2O26000004UNG HO", "CT 2O26 000 004 ung ho", "ung ho ct2o26 500k", "CT2I26000004 ung ho")
    ):
        other = Row(date(2026, 12, 6), None, 500_000, words)
        result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / f"mb{n}.xlsx", [an, other]))
        assert (words, result.matches, result.differing) == (words, [], [])
        assert [line.row for line in result.no_code] == [7, 8]
        # An's, glued to her name, is named as the code it may be, as “CT2O26-000001” is (1113).
        assert [(line.row, codes) for line, codes in result.mistyped] == [(7, ("CT-2026-000001",))]
    assert (await statuses(app))["CT-2026-000002"] == "recorded"


async def test_near_forms_of_a_code_are_hinted_and_a_guess_from_letters_glued_to_a_name_names_each_candidate(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December at MB (docs/decisions/1222): “ung ho ct2o26 1tr” (O for the year's zero, no number), “IBFT
    CTZ026000001” (Z for the year's 2) and “CT2026-0001OLE VAN A” (gift 000010, “LE VAN A” glued after
    it). The first two were listed without a hint; the third was named CT-2026-000101 alone, as if sure, a
    code read from the L of Lê's name. Each is hinted, never matched: the third with both codes it may be."""
    people = await ledger(app)
    async with app.sessionmaker() as session, session.begin():
        counter = await session.get_one(RefCounter, ("CT", 2026))
        counter.last = 9
        binh = await session.scalar(select(Person).where(Person.full_name == "Bình"))
        for amount in (300_000, *[50_000] * 91):  # CT-2026-000010, then her gifts to 000100 and 000101
            entry = NewContribution(kind="money", amount_vnd=amount)
            await record_contribution(session, person=binh, recorded_by=binh, entry=entry, now=NOW)
    mb = tmp_path / "mb.csv"
    mb.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "05/12/2026;ung ho ct2o26 1tr;;+1.000.000\n"
        "05/12/2026;IBFT CTZ026000001;;+200.000\n"
        "05/12/2026;CT2026-0001OLE VAN A;;+300.000\n",
        encoding="utf-8",
    )
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", str(mb), "--as")
    code, out, _ = await asyncio.to_thread(*shell, str(people.treasurer.id))
    assert code == 0 and "Matches, waiting and credited the same amount (0):" in out, out
    assert (
        "Words like a code with a letter for a figure (3): row 2: a code not clear; row 3: CT-2026-000001; "
        "row 4: CT-2026-000101 or CT-2026-000010; look the code up and match it by hand"
    ) in out, out


async def test_a_letter_for_a_figure_inside_a_codes_year_or_short_number_is_hinted(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December at MB (docs/decisions/1372): gift CT-2026-000123 came in as “CT2I26-000123 UNG HO” (I typed
    for the year's 0), listed without a code and with no hint, where “CT2O26-000123” is named the code it
    may be; gift CT-2026-000102 as “CT2026-1O2 UNG HO” (O for the number's 0), hinted already. Each is
    named as the code it may be, never matched."""
    people = await ledger(app)
    async with app.sessionmaker() as session, session.begin():
        counter = await session.get_one(RefCounter, ("CT", 2026))
        binh = await session.scalar(select(Person).where(Person.full_name == "Bình"))
        for last in (101, 122):  # gifts 000102 and 000123
            counter.last = last
            entry = NewContribution(kind="money", amount_vnd=300_000)
            await record_contribution(session, person=binh, recorded_by=binh, entry=entry, now=NOW)
    mb = tmp_path / "mb.csv"
    mb.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "05/12/2026;CT2I26-000123 UNG HO;;+300.000\n"
        "05/12/2026;CT2026-1O2 UNG HO;;+300.000\n",
        encoding="utf-8",
    )
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", str(mb), "--as")
    code, out, _ = await asyncio.to_thread(*shell, str(people.treasurer.id))
    assert code == 0 and "Matches, waiting and credited the same amount (0):" in out, out
    assert (
        "Words like a code with a letter for a figure (2): row 2: CT-2026-000123; row 3: CT-2026-000102; "
        "look the code up and match it by hand"
    ) in out, out


async def test_a_letter_for_a_figure_in_a_codes_years_third_place_is_hinted_as_a_code_not_clear(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December at MB (docs/decisions/1471): gift CT-2026-000123 came in as “CT20I6-000123 UNG HO” and
    “CT2OL6000123”, I or L typed in the year's third place. Read as 1 the year is 2016, no year of the
    ledger's codes, and the rows were listed without a code and with no hint. They are named as a code not
    clear, never matched; “CT-2O2l-000123” (l for the year's last 1, 2021, one reading) keeps its code."""
    people = await ledger(app)
    async with app.sessionmaker() as session, session.begin():
        counter = await session.get_one(RefCounter, ("CT", 2026))
        binh = await session.scalar(select(Person).where(Person.full_name == "Bình"))
        counter.last = 122
        entry = NewContribution(kind="money", amount_vnd=300_000)
        await record_contribution(session, person=binh, recorded_by=binh, entry=entry, now=NOW)
    mb = tmp_path / "mb.csv"
    mb.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "05/12/2026;CT20I6-000123 UNG HO;;+300.000\n"
        "05/12/2026;CT2OL6000123;;+300.000\n",
        encoding="utf-8",
    )
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", str(mb), "--as")
    code, out, _ = await asyncio.to_thread(*shell, str(people.treasurer.id))
    assert code == 0 and "Matches, waiting and credited the same amount (0):" in out, out
    assert (
        "Words like a code with a letter for a figure (2): row 2: a code not clear; row 3: a code not clear; "
        "look the code up and match it by hand"
    ) in out, out
    assert code_hints("CT-2O2l-000123 ung ho") == (("CT-2021-000123",), ())


async def test_a_padded_code_glued_to_lo_of_a_name_is_no_seven_figure_code_named_as_if_sure(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December at a Sơn La school's account (docs/decisions/1262): Lò Văn A's 300.000 ₫ gift is
    CT-2026-000010, and his money came in as “CT2026-0001OLO VAN A”: O typed for its last 0, and “LO VAN A”
    glued after it. The “LO” of Lò's name was read as the code's sixth and seventh figures, and gift
    CT-2026-001010 of another giver was named as if sure, to look up and perhaps match by hand. No code past
    the ledger's six figures begins with 0 (0608): six were meant, glued to his name, and the reading is not
    sure (1222)."""
    people = await ledger(app)
    async with app.sessionmaker() as session, session.begin():
        counter = await session.get_one(RefCounter, ("CT", 2026))
        binh = await session.scalar(select(Person).where(Person.full_name == "Bình"))
        for last, amount in ((9, 300_000), (100, 50_000), (1009, 50_000)):  # gifts 000010, 000101, 001010
            counter.last = last
            entry = NewContribution(kind="money", amount_vnd=amount)
            await record_contribution(session, person=binh, recorded_by=binh, entry=entry, now=NOW)
    statement = tmp_path / "sonla.csv"
    statement.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n05/12/2026;CT2026-0001OLO VAN A;;+300.000\n", encoding="utf-8"
    )
    shell = (
        english,
        monkeypatch,
        capsys,
        db_path,
        tmp_path,
        "contributions",
        "reconcile",
        str(statement),
        "--as",
    )
    code, out, _ = await asyncio.to_thread(*shell, str(people.treasurer.id))
    assert code == 0 and "Matches, waiting and credited the same amount (0):" in out, out
    assert (
        "Words like a code with a letter for a figure (1): row 2: CT-2026-000101 or CT-2026-000010; look the "
        "code up and match it by hand"
    ) in out, out


async def test_a_short_number_before_lo_of_a_name_names_both_codes_it_may_be(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December at a Sơn La school's account (docs/decisions/1375): Lò Văn A's gift is CT-2026-000001, and his
    money came in as “CT2026-1LO VAN A”, his name glued to his short number. “1LO” was read as one code named
    as if sure, CT-2026-000110, another giver's gift to look up and perhaps match by hand. Both are named."""
    people = await ledger(app)
    async with app.sessionmaker() as session, session.begin():
        counter = await session.get_one(RefCounter, ("CT", 2026))
        counter.last = 109
        binh = await session.scalar(select(Person).where(Person.full_name == "Bình"))
        entry = NewContribution(kind="money", amount_vnd=50_000)
        await record_contribution(session, person=binh, recorded_by=binh, entry=entry, now=NOW)
    statement = tmp_path / "sonla.csv"
    statement.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n05/12/2026;CT2026-1LO VAN A;;+200.000\n", encoding="utf-8"
    )
    shell = (
        english,
        monkeypatch,
        capsys,
        db_path,
        tmp_path,
        "contributions",
        "reconcile",
        str(statement),
        "--as",
    )
    code, out, _ = await asyncio.to_thread(*shell, str(people.treasurer.id))
    assert code == 0 and "Matches, waiting and credited the same amount (0):" in out, out
    assert (
        "Words like a code with a letter for a figure (1): row 2: CT-2026-000110 or CT-2026-000001; look the "
        "code up and match it by hand"
    ) in out, out


async def test_a_gift_numbered_as_no_year_of_its_transfer_is_read_without_its_year(app, tmp_path) -> None:
    """December at a province's Fund (docs/decisions/1224): Bình's 200.000 ₫ gift is CT-2026-002045, and her
    money came in as “CT-2045 ung ho”, its number without its year. Since 1145 a number of 2020–2099 after
    the prefix was no gift's number, so her credit was listed without a code to match by hand. 2045 is no
    year a code of a December 2026 transfer carries: it is read as her gift's number, as “CT-123” is; a
    number of the transfer's year or one beside it (“CT2026”, “CT2025”) still names no gift."""
    people = await ledger(app)
    async with app.sessionmaker() as session, session.begin():
        counter = await session.get_one(RefCounter, ("CT", 2026))
        counter.last = 2044
        binh = await session.scalar(select(Person).where(Person.full_name == "Bình"))
        entry = NewContribution(kind="money", amount_vnd=200_000)
        gift = await record_contribution(session, person=binh, recorded_by=binh, entry=entry, now=NOW)
        assert gift.ref == "CT-2026-002045"
    binh_money = Row(date(2026, 12, 5), None, 200_000, "CT-2045 ung ho")
    an = Row(date(2026, 12, 5), None, 200_000, "CT2025 ung ho quy NGUYEN VAN AN")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "tinh.xlsx", [binh_money, an]))
    # named as the gift it may be, never matched: 2045 may be a year too (docs/decisions/1274)
    assert [(line.row, codes) for line, codes in result.unsure] == [(7, ("CT-2026-002045",))]
    assert result.matches == [] and [line.row for line in result.no_code] == [7, 8]


async def test_a_gift_number_like_a_year_without_its_year_is_hinted_and_a_period_is_no_code(
    app, tmp_path
) -> None:
    """December at a province's Fund (docs/decisions/1274), 200.000 ₫ gifts CT-2026-002024, 002030, 002045
    and 002062 on file: “CT-2024 ung ho”, “CT 2030 ung ho” (the end of the movement's 2026–2030), “CT2062 ung
    ho” (2026 with figures swapped?) and “So CT 2045” (a voucher's number) each stood “Khớp” for that gift,
    one press of Có from another giver's money; “ung ho CT 2026-2030”, the period's name, was read as the
    code CT-2026-002030. A bare number that may be a year is only named as the gift it may be; the code
    with its year, or its number padded as the ledger writes it (“CT-002045”), is matched as before."""
    people = await ledger(app)
    async with app.sessionmaker() as session, session.begin():
        counter = await session.get_one(RefCounter, ("CT", 2026))
        binh = await session.scalar(select(Person).where(Person.full_name == "Bình"))
        for last in (2023, 2029, 2044, 2061):
            counter.last = last
            entry = NewContribution(kind="money", amount_vnd=200_000)
            await record_contribution(session, person=binh, recorded_by=binh, entry=entry, now=NOW)
    words = ("CT-2024 ung ho", "CT 2030 ung ho", "CT2062 ung ho", "So CT 2045", "ung ho CT 2026-2030")
    rows = [Row(date(2026, 12, 5), None, 200_000, text) for text in words]
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "tinh.xlsx", rows))
    assert (result.matches, result.differing) == ([], [])
    assert [line.row for line in result.no_code] == [7, 8, 9, 10, 11]
    assert [(line.row, codes) for line, codes in result.unsure] == [
        (7, ("CT-2026-002024",)),
        (8, ("CT-2026-002030",)),
        (9, ("CT-2026-002062",)),
        (10, ("CT-2026-002045",)),
    ]
    sure = [Row(date(2026, 12, 5), None, 200_000, text) for text in ("CT-002045 ung ho", "CT2026002030")]
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "tinh2.xlsx", sure))
    assert [found.ref for found in result.matches] == ["CT-2026-002030", "CT-2026-002045"]
    assert result.unsure == ()


async def test_a_number_like_a_year_is_named_under_a_heading_that_says_to_look_it_up(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December at a province's Fund (docs/decisions/1373), gift CT-2026-002045 of 200.000 ₫ on file and
    its money in as “CT-2045 ung ho”: it was named under “Words like a code with a letter for a figure”,
    which it has none of. It is named under a heading that says what to do: look it up."""
    people = await ledger(app)
    async with app.sessionmaker() as session, session.begin():
        counter = await session.get_one(RefCounter, ("CT", 2026))
        counter.last = 2044
        binh = await session.scalar(select(Person).where(Person.full_name == "Bình"))
        entry = NewContribution(kind="money", amount_vnd=200_000)
        await record_contribution(session, person=binh, recorded_by=binh, entry=entry, now=NOW)
    statement = tmp_path / "tinh.csv"
    statement.write_text("Ngày;Mô tả;Ghi nợ;Ghi có\n05/12/2026;CT-2045 ung ho;;+200.000\n", encoding="utf-8")
    shell = (
        english,
        monkeypatch,
        capsys,
        db_path,
        tmp_path,
        "contributions",
        "reconcile",
        str(statement),
        "--as",
    )
    code, out, _ = await asyncio.to_thread(*shell, str(people.treasurer.id))
    assert code == 0 and "Matches, waiting and credited the same amount (0):" in out, out
    assert (
        "Look these up before matching by hand, a number like a contribution's without its year (1): row 2: "
        "perhaps CT-2026-002045; it may as well be a year or a voucher's number, so nothing is matched"
    ) in out, out
    assert "letter for a figure" not in out, out


async def test_money_out_without_its_day_naming_no_code_is_named_and_its_minus_tells_the_credits(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December at BIDV (docs/decisions/1225), one amount column, money out written with a minus: An's
    200.000 ₫ came in on 05/12 with her code, and under the day's subtotal, its date cell blank, the
    account's fee went out as “Phi quan ly tai khoan” -11.000. The minus of the row without a day was not
    read as the statement's way of writing money out: the file was refused as one whose credits cannot be
    told, and where it was read the fee was dropped unsaid. Its row is named, and An's credit is read."""
    people = await ledger(app)
    bidv = tmp_path / "bidv.csv"
    bidv.write_text(
        "Ngày;Mô tả;Số tiền\n"
        "05/12/2026;CT2026000001 NGUYEN VAN AN;200.000\n"
        "Cộng;;200.000\n"
        ";Phi quan ly tai khoan;-11.000\n",
        encoding="utf-8",
    )
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", str(bidv), "--as")
    code, out, err = await asyncio.to_thread(*shell, str(people.treasurer.id))
    assert code == 0 and "Matches, waiting and credited the same amount (1):" in out, out + err
    assert "Not read, no day (under a total or subtotal, or no description) (1): look at row 4 of" in out, out


async def test_a_fee_without_its_day_above_the_table_never_makes_an_unsigned_withdrawal_money_in(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December at BIDV (docs/decisions/1374), one amount column: above the table, its date cell blank, the
    SMS fee “Phi SMS” -11.000; then An's 200.000 ₫ with her code, and a withdrawal “RUT TIEN MAT” 500.000,
    neither signed. The fee's minus told every unsigned dated row as money in (1225): the withdrawal was
    listed as a credit without a code, to record as a donor's gift. Words of money out make it a row to
    look at; An's credit is still read."""
    people = await ledger(app)
    bidv = tmp_path / "bidv.csv"
    bidv.write_text(
        "Ngày;Mô tả;Số tiền\n"
        ";Phi SMS;-11.000\n"
        "05/12/2026;CT2026000001 NGUYEN VAN AN;200.000\n"
        "05/12/2026;RUT TIEN MAT;500.000\n",
        encoding="utf-8",
    )
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", str(bidv), "--as")
    code, out, err = await asyncio.to_thread(*shell, str(people.treasurer.id))
    assert code == 0 and "Matches, waiting and credited the same amount (1):" in out, out + err
    assert "No code (0)" in out and "RUT TIEN MAT" not in out, out
    assert "Not read, money in or out unclear (1): look at row 4 of the file" in out, out


async def test_an_unsigned_transfer_out_or_fee_line_under_a_minus_is_never_money_in(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December at BIDV (docs/decisions/1470), one amount column writing money out with a minus: An's
    200.000 ₫ with her code; then, neither signed, the union's transfer to a supplier “CHUYEN KHOAN DI
    CONG TY GAO AN PHAT” 5.000.000 and the bank's fee line “Phí CK” 3.300. Both were listed under “No
    code”, one command from recording the Fund's own payment as a donor's gift. They are rows to look at;
    “PHI VAN HAI” (Phí, a surname) giving 100.000 is still money in."""
    people = await ledger(app)
    bidv = tmp_path / "bidv.csv"
    bidv.write_text(
        "Ngày;Mô tả;Số tiền\n"
        "04/12/2026;Phi SMS;-11.000\n"
        "05/12/2026;CT2026000001 NGUYEN VAN AN;200.000\n"
        "05/12/2026;CHUYEN KHOAN DI CONG TY GAO AN PHAT;5.000.000\n"
        "05/12/2026;Phí CK;3.300\n"
        "05/12/2026;PHI VAN HAI ung ho;100.000\n",
        encoding="utf-8",
    )
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", str(bidv), "--as")
    code, out, err = await asyncio.to_thread(*shell, str(people.treasurer.id))
    assert code == 0 and "Matches, waiting and credited the same amount (1):" in out, out + err
    assert "CHUYEN KHOAN DI" not in out and "Phí CK" not in out, out
    assert "No code (1)" in out and "PHI VAN HAI" in out, out
    assert "Not read, money in or out unclear (2): look at row 4, 5 of the file" in out, out


async def test_a_phone_in_the_money_column_is_a_row_to_look_at_never_a_gift(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """December (docs/decisions/1526): a hand-kept sheet where the giver's phone went into the money column,
    “NGUYEN THI BINH ung ho” 0912345678, beside An's 200.000 ₫ with her code. It was read as 912.345.678 ₫,
    listed under “No code”, one command from a gift of nearly a billion. No amount begins with 0: its row is
    named as unclear, in a signed amount column and in a credit column alike."""
    people = await ledger(app)
    sheets = {
        "amount.csv": "Ngày;Mô tả;Số tiền\n"
        "04/12/2026;Phi SMS;-11.000\n"
        "05/12/2026;CT2026000001 NGUYEN VAN AN;200.000\n"
        "05/12/2026;NGUYEN THI BINH ung ho;0912345678\n",
        "credit.csv": "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "04/12/2026;Phi SMS;11.000;\n"
        "05/12/2026;CT2026000001 NGUYEN VAN AN;;200.000\n"
        "05/12/2026;NGUYEN THI BINH ung ho;;0912345678\n",
    }
    for name, text in sheets.items():
        sheet = tmp_path / name
        sheet.write_text(text, encoding="utf-8")
        shell = (
            english,
            monkeypatch,
            capsys,
            db_path,
            tmp_path,
            "contributions",
            "reconcile",
            str(sheet),
            "--as",
        )
        code, out, err = await asyncio.to_thread(*shell, str(people.treasurer.id))
        assert code == 0 and "912.345.678" not in out and "NGUYEN THI BINH" not in out, name + out + err
        assert "No code (0)" in out, name + out
        assert "Not read, money in or out unclear (1): look at row 4 of the file" in out, name + out


def test_a_phone_that_lost_its_0_in_a_workbooks_money_cell_is_a_row_to_look_at(tmp_path) -> None:
    """December (docs/decisions/1577): Bình's phone typed into the credit column of a workbook, a number
    cell that dropped its 0 (912345678), and a Hà Nội landline so (2438251234), read as credits of
    912.345.678 ₫ and 2.438.251.234 ₫ to be matched by hand. A phone's shape, no round amount: unclear rows,
    as a phone written with its 0 is (1526); a round figure of the same length stays money."""
    rows = [
        Row(date(2026, 12, 5), None, 200_000, "CT2026000001 NGUYEN VAN AN"),
        Row(date(2026, 12, 5), None, 912_345_678, "NGUYEN THI BINH ung ho"),  # a number cell
        Row(date(2026, 12, 5), None, 900_000_000, "CONG TY AN PHAT ung ho"),
        Row(date(2026, 12, 5), None, 2_438_251_234, "TRAN VAN CU ung ho"),  # a number cell
    ]

    statement = read_statement(write_xlsx(tmp_path / "dec.xlsx", rows))

    assert [line.amount for line in statement.lines] == [200_000, 900_000_000]
    assert statement.unclear == (8, 10)  # rows 8 and 10 of the file, under its title and header


async def test_a_letter_typed_for_a_codes_last_figure_never_matches_the_gift_its_first_figures_name(
    app, tmp_path
) -> None:
    """December at MB: Tuấn's gift is CT-2026-000010, and his 200.000 ₫ came in as “ung ho CT2026-00001O
    PHAM MINH TUAN”, the letter O typed for the last zero. The figures before the letter were read as a code
    on their own, CT-2026-000001, An's gift of the same figure: “Khớp”, and the Có would have confirmed An's
    gift with Tuấn's money. So with “l” for a last 1 (“CT2026-00001l”, Tuấn's 000011) and “1O2” for 102. A
    letter inside a code's figures is a guess (docs/decisions/1025, 1046): the credit names no code, and is
    only named with the code it may be."""
    people = await ledger(app)
    tuan = Row(date(2026, 12, 5), None, 200_000, "ung ho CT2026-00001O PHAM MINH TUAN")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "mb.xlsx", [tuan]))
    assert result.matches == [] and result.differing == []
    assert [line.row for line in result.no_code] == [7]
    ell = Row(date(2026, 12, 5), None, 500_000, "IBFT ung ho CT2026-00002l")
    one = Row(date(2026, 12, 5), None, 200_000, "CT2026-1O2 ung ho quy")
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "mb2.xlsx", [ell, one]))
    assert result.matches == [] and result.differing == []
    assert [line.row for line in result.no_code] == [7, 8]


async def test_money_paid_for_a_bill_a_wage_or_a_support_is_no_refund_and_money_sent_back_is(
    app, tmp_path
) -> None:
    """A commune Fund's December at Agribank: beside An's gift, what the account pays every month (“Chuyen tra
    tien dien thang 11”, “CHUYEN TRA LUONG T11 BAO VE”, “Tra lai vay thang 11”: trả lãi, interest) and the
    support paid out (“Chuyen tra tien mua gao ho ngheo thon 5”). Each was named “↩️ Tiền chuyển ra như hoàn
    trả” for the treasurer not to confirm a gift paid back, burying the one refund among the bills
    (docs/decisions/1023, 1047). The words after “chuyển trả” or “trả lãi” say what was paid for; money
    sent back still says so (“Chuyen tra lai tien ung ho”, “CHUYEN TRA TIEN CK NHAM”, “Hoan tra”)."""
    people = await ledger(app)
    an = Row(date(2026, 12, 1), None, 200_000, "MBVCB.123456.ung ho CT2026000001")
    paid = [
        "Chuyen tra tien dien thang 11",
        "CHUYEN TRA LUONG T11 BAO VE",
        "Tra lai vay thang 11",
        "Chuyen tra tien mua gao ho ngheo thon 5",
        "Hoan thanh cong trinh nha dai doan ket",
        "Chuyển trả nợ tiền xi măng",
    ]
    back = ["Chuyen tra lai tien ung ho NGUYEN THI HOA", "CHUYEN TRA TIEN CK NHAM", "Hoan tra tien ung ho"]
    rows = [an] + [Row(date(2026, 12, 3), 300_000 + n, None, words) for n, words in enumerate(paid + back)]
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "agribank.xlsx", rows))
    assert [line.description for line in result.refunds] == back
    assert [found.ref for found in result.matches] == ["CT-2026-000001"]


async def test_a_gifts_code_written_without_its_year_names_the_gift_of_that_number_and_amount(
    app, tmp_path
) -> None:
    """Givers write their receipt's code short in the bank app (“CT-1 ung ho”, “CT3”): such credits fell
    among those without a code, offered to be recorded as a donor's gift while An's gift of the same money
    waited, so recording one counted the money twice. Now a code without its year names the gift of that
    number, of the transfer's year, whose amount is the money credited; one of another amount, or a number
    that is an amount (“CT 500000”, “CT 200K”), leaves the credit without a code."""
    people = await ledger(app)
    rows = [
        Row(date(2026, 11, 20), None, 200_000, "NGUYEN VAN AN CK CT-1 ung ho"),  # An's 200.000: a match
        Row(date(2026, 11, 20), None, 50_000, "CT 2 ung ho quy"),  # Bình recorded 500.000: not proof enough
        Row(date(2026, 11, 21), None, 300_000, "TRAN THI CHI CT3"),  # Chi's, confirmed already
        Row(date(2026, 11, 21), None, 100_000, "CT 4 ung ho"),  # Dũng's, of Phòng B: only counted
        Row(date(2026, 11, 22), None, 500_000, "CT 500000 ung ho"),  # “chuyển tiền 500.000”
        Row(date(2026, 11, 22), None, 200_000, "CT 200K ung ho"),
    ]
    result = await reconciled(app, people.treasurer, write_xlsx(tmp_path / "sao-ke.xlsx", rows))
    assert [(f.ref, f.giver) for f in result.matches] == [("CT-2026-000001", "An")]
    assert [(f.ref, f.state) for f in result.decided] == [("CT-2026-000003", "confirmed")]
    assert result.not_theirs == 1 and result.unknown == []
    assert [line.description for line in result.no_code] == [
        "CT 2 ung ho quy",
        "CT 500000 ung ho",
        "CT 200K ung ho",
    ]


async def test_headers_in_english_or_on_two_rows_are_read_too(tmp_path) -> None:
    english = tmp_path / "statement.csv"
    english.write_text(
        "Account statement\nTransaction date,Description,Debit,Credit,Balance\n"
        '15/12/2026,"CT-2026-000123 donation",,"1,200,000.00","9,000,000"\n'
        '16/12/2026,ATM withdrawal,"500,000",,"8,500,000"\n',
        encoding="utf-8",
    )
    assert [(line.on, line.amount, line.codes) for line in read_statement(english).lines] == [
        (date(2026, 12, 15), 1_200_000, ("CT-2026-000123",))
    ]
    book = Workbook()
    sheet = book.active
    sheet.append(["Ngày/Date", "Diễn giải/Description", "Số tiền (VND)", None, "Loại"])
    sheet.append([None, None, "Nợ/Debit", "Có/Credit", "Nợ/Có", "(VND)"])
    sheet.append(["15/12/2026", "ct 2026 123 ung ho", None, "+1.200.000", "C"])
    sheet.append(["16/12/2026", "Phi", "-11.000", None, "D"])
    two_rows = tmp_path / "two-rows.xlsx"
    book.save(two_rows)
    assert [(line.amount, line.codes) for line in read_statement(two_rows).lines] == [
        (1_200_000, ("CT-2026-000123",))
    ]


@pytest.mark.parametrize(
    "header",
    [
        ["STT", "Ngày giao dịch", "Mô tả giao dịch", "Nợ", "Có", "Số dư"],  # VietinBank
        [
            "STT",
            "Ngày hiệu lực/ Effective Date",
            "Mô tả giao dịch/ Transaction description",
            "Ghi nợ/ Debit",
            "Ghi có/ Credit",
            "Số dư/ Balance",
        ],  # BIDV
        ["Ngày hiệu lực", "Nội dung GD", "Số tiền rút ra", "Số tiền gửi vào", "Số dư"],  # ACB
        ["Ngay GD", "Dien giai chi tiet", "PS No", "PS Co", "So du"],  # without accents
        ["STT", "Ngày giao dịch/ Transaction Date", "Diễn giải/ Details", "Nợ/ Debit", "Có/ Credit", "Số dư"],
        ["No.", "Transaction date", "Narrative", "Withdrawals", "Deposits", "Balance"],  # in English
        ["Date", "Remark", "Money out", "Money in", "Balance"],
        ["STT", "Ngày giao dịch", "Diễn giải", "Nợ TKTT", "Có TKTT", "Số dư"],  # Techcombank, in Vietnamese
    ],
)
def test_statements_read_whatever_words_their_bank_adds_to_the_column_names(tmp_path, header) -> None:
    """VietinBank's, BIDV's and ACB's exports call the description “Mô tả giao dịch” and ACB's credits “Số
    tiền gửi vào”: such statements were refused for want of a header. A day written year first is read as
    written, and a code the bank's line wrap split, even inside its digits, is found."""
    book = Workbook()
    sheet = book.active
    for title in TITLE:
        sheet.append(title)
    sheet.append(header)
    rest = [None] * (len(header) - 4)
    sheet.append([*rest[:-1], "21/11/2026 10:32", "MBVCB.123456.CT2026000123.UNG HO", None, "1.200.000", 0])
    sheet.append(
        [*rest[:-1], "2026/11/22 08:05:00", "NGUYEN VAN A UNG HO QUY CT20260\n00124", None, 500_000, 0]
    )
    sheet.append([*rest[:-1], "22/11/2026", "Phi SMS", "11.000", None, 0])
    path = tmp_path / "sao-ke.xlsx"
    book.save(path)
    assert [(line.row, line.on, line.amount, line.codes) for line in read_statement(path).lines] == [
        (len(TITLE) + 2, date(2026, 11, 21), 1_200_000, ("CT-2026-000123",)),
        (len(TITLE) + 3, date(2026, 11, 22), 500_000, ("CT-2026-000124",)),
    ]


@pytest.mark.parametrize(
    ("shape", "sign"),
    [
        ("csv", "plus"),
        ("csv", "brackets"),
        ("xlsx", "plus"),
        ("xlsx", "brackets"),
        ("csv", "side"),
        ("xlsx", "side"),
    ],
)
async def test_one_signed_amount_column_gives_the_same_groups_and_never_takes_a_debit_for_a_credit(
    app, tmp_path, shape, sign
) -> None:
    people = await ledger(app)
    before = await statuses(app)
    path = write_signed(tmp_path / f"sao-ke.{shape}", sign)

    result = await reconciled(app, people.treasurer, path)

    # The withdrawal of 200.000 ₫ naming An's code is a debit: An was credited 200.000 ₫, not 400.000 ₫.
    assert result.credits == 7 and result.unclear == ()
    assert [(f.ref, f.giver, f.received) for f in result.matches] == [("CT-2026-000001", "An", 200_000)]
    assert [(f.ref, f.received) for f in result.differing] == [("CT-2026-000002", 50_000)]
    assert [f.ref for f in result.decided] == ["CT-2026-000003"] and result.not_theirs == 3
    assert [(line.on, line.amount) for line in result.no_code] == [(date(2026, 11, 22), 250_000)]
    assert await statuses(app) == before


@pytest.mark.parametrize("header", ["Nợ/Có", "C/D", "Dr/Cr", "Loại", "Type", "Ghi nợ/Ghi có"])
def test_the_side_column_is_found_by_the_names_banks_give_it(tmp_path, header: str) -> None:
    statement = read_statement(write_signed(tmp_path / "sao-ke.csv", "side", side_header=header))
    assert [line.amount for line in statement.lines] == [row.credit for row in STATEMENT if row.credit]


def test_a_row_whose_side_cannot_be_told_is_no_credit_and_a_column_that_never_tells_is_refused(
    tmp_path,
) -> None:
    marked = tmp_path / "marked.csv"
    marked.write_text(
        "Ngày,Nội dung,Số tiền,Nợ/Có\n"
        "21/11/2026,CT2026000001 ung ho,200000,C\n"
        "21/11/2026,Rut tien CT2026000001,200000,\n"  # no mark, no sign: unclear
        "22/11/2026,CT2026000002 ung ho,-50000,C\n"  # a credit written negative: unclear
        "22/11/2026,Phi SMS,-11000,X\n",  # an unknown mark, but negative: a debit
        encoding="utf-8",
    )
    statement = read_statement(marked)
    assert [(line.row, line.amount) for line in statement.lines] == [(2, 200_000)]
    assert statement.unclear == (3, 4)

    signed_nowhere = tmp_path / "unsigned.csv"
    signed_nowhere.write_text(
        "Ngày,Nội dung,Số tiền\n21/11/2026,CT2026000001 ung ho,200000\n21/11/2026,Rut tien,150000\n",
        encoding="utf-8",
    )
    with pytest.raises(StatementFileError) as refused:
        read_statement(signed_nowhere)
    assert refused.value.reason == "no_sign"
    # A plus tells a credit even with nothing negative in the file; the rows without one stay unclear.
    plus = tmp_path / "plus.csv"
    plus.write_text(
        "Ngày,Nội dung,Số tiền\n21/11/2026,CT2026000001,+200000\n21/11/2026,Rut tien,150000\n",
        encoding="utf-8",
    )
    statement = read_statement(plus)
    assert [line.amount for line in statement.lines] == [200_000] and statement.unclear == (3,)
    # A “Type” column that holds none of the marks says nothing: the signs tell.
    typed = tmp_path / "typed.csv"
    typed.write_text(
        "Date,Description,Amount,Type\n"
        "21/11/2026,CT2026000001,200000,Transfer\n"
        "22/11/2026,SMS fee,-11000,Fee\n",
        encoding="utf-8",
    )
    statement = read_statement(typed)
    assert [line.amount for line in statement.lines] == [200_000] and statement.unclear == ()


async def test_a_description_the_bank_wrapped_onto_the_next_row_joins_the_row_above(app, tmp_path) -> None:
    """Some banks wrap a long description into the rows below, their day and money cells empty. The code on
    such a row was not found (An's gift was listed without a code), and such a row is never a transfer of its
    own: under a debit, its code names no credit; and a row with a figure is never a description's end (“No.”
    numbers the rows: it was taken for the debit column, “Nợ”)."""
    people = await ledger(app)
    book = Workbook()
    sheet = book.active
    for title in TITLE:
        sheet.append(title)
    sheet.append(["STT / No.", "Ngày GD", "Số tiền ghi nợ", "Số tiền ghi có", "Số dư", "Nội dung giao dịch"])
    sheet.append([1, "20/11/2026", None, "200.000", "5.200.000", "VO THI AN CHUYEN TIEN UNG HO QUY"])
    sheet.append([None, None, None, None, None, "VI NGUOI NGHEO CT20260"])
    sheet.append([None, None, None, None, None, "00001"])  # the wrap cut the code itself
    sheet.append([2, "21/11/2026", "200.000", None, "5.000.000", "RUT TIEN MAT"])
    sheet.append([None, None, None, None, None, "CT2026000001"])  # the debit's, never a credit
    sheet.append([3, "22/11/2026", None, "250.000", "5.250.000", "NGUYEN VAN BA"])
    sheet.append([None, None, None, None, None, "chuyen tien ung ho"])
    sheet.append([None, None, "500.000", None, None, "CT2026000002"])  # no day, a debit: no one's text
    sheet.append(["Tổng cộng", None, "200.000", "450.000", None, None])
    sheet.append([None, None, None, None, None, "Người lập biểu"])  # under the totals: nobody's
    path = tmp_path / "sao-ke.xlsx"
    book.save(path)

    statement = read_statement(path)
    assert [(line.row, line.amount, line.description, line.codes) for line in statement.lines] == [
        (7, 200_000, "VO THI AN CHUYEN TIEN UNG HO QUY VI NGUOI NGHEO CT20260 00001", ("CT-2026-000001",)),
        (12, 250_000, "NGUYEN VAN BA chuyen tien ung ho", ()),
    ]
    assert statement.unclear == statement.unread == ()
    result = await reconciled(app, people.treasurer, path)
    # The debit names An's code on its wrapped row: her whole gift went out again (docs/decisions/0899).
    assert result.matches == [] and [(f.ref, f.giver, f.received) for f in result.differing] == [
        ("CT-2026-000001", "An", 0)
    ]
    assert [line.amount for line in result.no_code] == [250_000] and result.credits == 2


async def test_a_refunds_code_wrapped_onto_the_next_row_counts_what_went_back(app, tmp_path) -> None:
    """BIDV's December export (docs/decisions/0899): An's 200.000 ₫ transferred twice, the second paid
    back by a debit whose words the bank wrapped, the code alone on the row below. That code was not read:
    An's gift stood at 400.000 ₫ received, to confirm at that figure; and Bình's paid back whole the same
    way was a match."""
    people = await ledger(app)
    book = Workbook()
    sheet = book.active
    sheet.append(["NGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM"])
    sheet.append(["SAO KÊ TÀI KHOẢN", None, "Số tài khoản: 12010001234567"])
    sheet.append(["Từ ngày 01/12/2026 đến ngày 31/12/2026"])
    sheet.append(["STT", "Ngày hiệu lực", "Số CT", "Ghi nợ", "Ghi có", "Số dư", "Mô tả giao dịch"])
    sheet.append([1, "02/12/2026", "FT001", None, "200,000", "5,200,000", "MBVCB.123456.ung ho CT2026000001"])
    sheet.append([2, "02/12/2026", "FT002", None, "200,000", "5,400,000", "MBVCB.123457.ung ho CT2026000001"])
    sheet.append([3, "03/12/2026", "FT003", None, "500,000", "5,900,000", "IBFT VU THI BINH UNG HO QUY VI"])
    sheet.append([None, None, None, None, None, None, "NGUOI NGHEO CT2026000002"])
    sheet.append([4, "04/12/2026", "FT004", "200,000", None, "5,700,000", "HOAN TRA GD CHUYEN TRUNG"])
    sheet.append([None, None, None, None, None, None, "CT2026000001"])
    sheet.append([5, "31/12/2026 23:48:12", "FT005", "500,000", None, "5,200,000", "HOAN TRA THEO DE NGHI"])
    sheet.append([None, None, None, None, None, None, "CT2026000002"])
    sheet.append(["Cộng phát sinh", None, None, "700,000", "900,000", None, None])
    path = tmp_path / "bidv.xlsx"
    book.save(path)

    statement = read_statement(path)
    assert [(line.row, line.amount, line.codes) for line in statement.paid_out] == [
        (9, 200_000, ("CT-2026-000001",)),
        (11, 500_000, ("CT-2026-000002",)),
    ]
    result = await reconciled(app, people.treasurer, path)
    assert [(f.ref, f.received) for f in result.matches] == [("CT-2026-000001", 200_000)]
    assert [(f.ref, f.received) for f in result.differing] == [("CT-2026-000002", 0)]


def test_amounts_marked_cr_or_dr_and_days_as_excel_numbers_are_read_and_no_debit_is_a_credit(
    tmp_path,
) -> None:
    """“100.000 CR” beside a figure was an amount not read (decision 0222), and a day that lost its date
    format (46346, Excel's number for 20/11/2026) was no day. “CR” now marks a credit and “DR” a debit, as a
    side column does; a “DR” in the credit column, or a mark the side column contradicts, is no credit but
    named; “1.200,000” (1.200 ₫ or 1.200.000 ₫?) is named, never guessed."""
    signed = tmp_path / "mb.csv"
    signed.write_text(
        "Ngày giao dịch,Nội dung,Số tiền,Loại\n"
        "46346,CT2026000001 ung ho,100.000 CR,\n"
        "46346.4375,Rut tien CT2026000001,100.000 DR,\n"  # a debit naming the code: never a credit
        '"46347",CT2026000002,"DR 50,000",\n'
        "21/11/2026,CT2026000003,+300.000,\n"
        "21/11/2026,CT2026000004,200.000 CR,D\n"  # the mark and the side column disagree: unclear
        "21/11/2026,CT2026000005,150.000,\n",  # no sign in a file that marks: unclear
        encoding="utf-8",
    )
    statement = read_statement(signed)
    assert [(line.row, line.on, line.amount) for line in statement.lines] == [
        (2, date(2026, 11, 20), 100_000),
        (5, date(2026, 11, 21), 300_000),
    ]
    assert statement.unclear == (6, 7) and statement.unread == ()

    book = Workbook()
    sheet = book.active
    sheet.append(["Transaction date", "Debit", "Credit", "Description"])
    sheet.append([46346, None, "+100.000", "CT2026000001"])
    sheet.append(["46346", None, "100.000 VND", "CT2026000002"])
    sheet.append([46347.5, None, "100,000.00", "CT2026000003"])
    sheet.append([46347, None, "100.000 CR", "CT2026000004"])
    sheet.append([46347, None, "100.000 DR", "CT2026000005"])  # a debit in the credit column: named
    sheet.append([46348, None, "1.200,000", "CT2026000006"])  # 1.200 ₫ or 1.200.000 ₫: named
    sheet.append([46348, "-1.000,000", None, "Phi"])
    path = tmp_path / "tcb.xlsx"
    book.save(path)
    statement = read_statement(path)
    assert [(line.row, line.on, line.amount, line.codes) for line in statement.lines] == [
        (2, date(2026, 11, 20), 100_000, ("CT-2026-000001",)),
        (3, date(2026, 11, 20), 100_000, ("CT-2026-000002",)),
        (4, date(2026, 11, 21), 100_000, ("CT-2026-000003",)),
        (5, date(2026, 11, 21), 100_000, ("CT-2026-000004",)),
    ]
    assert statement.unclear == (6,) and statement.unread == (7,)


def test_transfers_under_a_days_merged_or_blank_date_take_its_day_and_what_stays_skipped_is_named(
    tmp_path,
) -> None:
    """Banks merge the date cell over one day's transfers (only the first row holds the day) or leave it
    blank under the first: every transfer after the first of a day was skipped as a note, unsaid. Such a
    row takes the day above; never under a total or subtotal (“Cộng ngày …”, “Cộng”), nor one without a
    description (a subtotal's look); where the sheet merges its days, only a row inside a merge. What stays
    skipped with money that might be in is named (`undated`); a debit is not; “Công đoàn …” is no total."""
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Ngày giao dịch", "Số tiền ghi nợ", "Số tiền ghi có", "Nội dung chi tiết"])
    sheet.append([1, datetime(2026, 11, 20, 9, 30), None, 200_000, "CT2026000001 ung ho"])
    sheet.append([2, None, None, "300,000", "MBVCB.CT2026000003.UNG HO"])
    sheet.append([3, None, 11_000, None, "Phi SMS"])
    sheet.append(["Cộng ngày 20/11/2026", None, 11_000, 500_000, None])
    sheet.append([4, datetime(2026, 11, 21, 8, 0), None, 100_000, "CT 2026 000004"])
    sheet.append([5, None, None, 150_000, "CT2026000005"])
    sheet.append([6, None, None, 70_000, "CT2026000999 chuyen tien"])  # outside the day's merge
    sheet.append([None, None, None, 250_000, None])  # no description: a subtotal's look
    sheet.append(["Tổng cộng", None, 11_000, 870_000, None])
    sheet.merge_cells("B2:B4")
    sheet.merge_cells("B6:B7")
    merged = tmp_path / "vcb.xlsx"
    book.save(merged)
    statement = read_statement(merged)
    assert [(line.row, line.on, line.amount, line.codes) for line in statement.lines] == [
        (2, date(2026, 11, 20), 200_000, ("CT-2026-000001",)),
        (3, date(2026, 11, 20), 300_000, ("CT-2026-000003",)),
        (6, date(2026, 11, 21), 100_000, ("CT-2026-000004",)),
        (7, date(2026, 11, 21), 150_000, ("CT-2026-000005",)),
    ]
    assert statement.undated == (8, 9) and statement.unclear == statement.unread == ()

    blank = tmp_path / "bidv.csv"
    blank.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "20/11/2026;CT2026000001;;+200.000\n"
        ";CT2026000002 ung ho;;+50.000\n"
        ";Phi SMS;11.000;\n"  # a debit of that day: the day goes on, nothing named
        ";CT2026000003;;+300.000\n"
        "Cộng;;11.000;550.000\n"
        ";CT2026000004;;+100.000\n"  # under the subtotal: no day to take
        "21/11/2026;CONG DOAN TRUONG CT2026000005;;+150.000\n"
        ";;;+150.000\n"
        ";CT2026000999;;+70.000\n",  # under a row without a description
        encoding="utf-8",
    )
    statement = read_statement(blank)
    assert [(line.row, line.on, line.amount) for line in statement.lines] == [
        (2, date(2026, 11, 20), 200_000),
        (3, date(2026, 11, 20), 50_000),
        (5, date(2026, 11, 20), 300_000),
        (8, date(2026, 11, 21), 150_000),
    ]
    assert statement.undated == (7, 9, 10)


def test_the_subtotals_vietnamese_banks_write_are_no_credit_and_days_written_month_first_are_read(
    tmp_path,
) -> None:
    """Under a day's blank date cells, BIDV's “Dư cuối ngày”, Agribank's “Doanh số phát sinh”, “Phát sinh
    lũy kế”, a page carried over (“Cộng chuyển sang trang sau”, “Số trang trước chuyển sang”, “Mang sang”) and
    a listed subtotal (“* Cộng dồn”, “(Lũy kế)”, “1. Tổng cộng”, “Cộng_dồn”) took the day above and read as
    one more credit, and “Cộng đồng dân cư …” (a community giving) was skipped as “Cộng dồn”. And days written
    month first (“Nov 21, 2026”, “November 22, 2026”, “11/20/2026”) were no day, or the wrong one:
    “11/05/2026” is read month first where the sheet's other days show that order, and where a sheet writes
    both orders it is placed by neither, its row named."""
    labels = (
        "Dư cuối ngày",
        "DOANH SỐ PHÁT SINH",
        "Phát sinh lũy kế",
        "Cộng chuyển sang trang sau",
        "Số trang trước chuyển sang",
        "Mang sang",
        "* Cộng dồn",
        "(Lũy kế)",
        "1. Tổng cộng",
        "Cộng_dồn",
    )
    path = tmp_path / "agribank.csv"
    path.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "20/11/2026;CT2026000001 ung ho;;200.000\n"
        + "".join(f";{label};;200.000\n" for label in labels)
        + "21/11/2026;CONG TY MANG SANG UNG HO CT2026000002;;300.000\n"
        ";CỘNG ĐỒNG DÂN CƯ THÔN 5 UNG HO;;100.000\n",  # a community, a giver: no “Cộng dồn”
        encoding="utf-8",
    )
    statement = read_statement(path)
    assert [(line.on, line.amount) for line in statement.lines] == [
        (date(2026, 11, 20), 200_000),
        (date(2026, 11, 21), 300_000),
        (date(2026, 11, 21), 100_000),
    ]
    assert statement.undated == statement.unplaced == ()

    month_first = tmp_path / "month-first.csv"
    month_first.write_text(
        "Date;Description;Debit;Credit\n"
        "11/20/2026;CT2026000001;;200,000\n"
        "11/05/2026;CT2026000002;;100,000\n"
        ";CT2026000003;;50,000\n"
        "Nov 21, 2026;CT2026000004;;10,000\n"
        "November 22, 2026;CT2026000005;;20,000\n",
        encoding="utf-8",
    )
    assert [(line.on, line.amount) for line in read_statement(month_first).lines] == [
        (date(2026, 11, 20), 200_000),
        (date(2026, 11, 5), 100_000),
        (date(2026, 11, 5), 50_000),
        (date(2026, 11, 21), 10_000),
        (date(2026, 11, 22), 20_000),
    ]
    both = tmp_path / "both.csv"
    both.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "20/11/2026;CT2026000001;;200.000\n"
        "11/21/2026;CT2026000002;;100.000\n"
        "05/11/2026;CT2026000003;;50.000\n"
        ";CT2026000004;;40.000\n"
        "05/05/2026;CT2026000005;;30.000\n",
        encoding="utf-8",
    )
    statement = read_statement(both)
    assert [(line.row, line.on) for line in statement.lines] == [
        (2, date(2026, 11, 20)),
        (3, date(2026, 11, 21)),
        (6, date(2026, 5, 5)),
    ]
    assert statement.unplaced == (4, 5)
    assert statement.order_taken is None  # each day either placed or named: no reading taken unsaid
    assert read_statement(path).order_taken is read_statement(month_first).order_taken is None

    # The first days of December, written month first: every day reads both ways, nothing shows the order.
    # They are read day first, as Vietnamese banks write them, and the first such credit says how.
    low = tmp_path / "early-december.csv"
    low.write_text(
        "Date;Description;Debit;Credit\n12/01/2026;CT2026000001;;200,000\n12/03/2026;CT2026000002;;100,000\n",
        encoding="utf-8",
    )
    statement = read_statement(low)
    assert [line.on for line in statement.lines] == [date(2026, 1, 12), date(2026, 3, 12)]
    assert statement.order_taken == OrderTaken(2, "12/01/2026", date(2026, 1, 12))


@pytest.mark.parametrize(
    "written",
    [20261120, "20261120", "20261120 09:30", "20-Nov-2026", "20-NOV-26", "20 Nov 2026", "20/11/2026"],
)
def test_days_written_year_first_without_marks_or_with_the_month_in_english_are_read(
    tmp_path, written: object
) -> None:
    """“20261120” (a number or text) and “20-Nov-2026”, “20-NOV-26”, “20 Nov 2026” were no day: the credits
    were listed without one. Eight figures are a day only in the date column and only when they are one of
    this century (20261320 is none), and an amount of as many figures stays an amount."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Credit", "Description"])
    sheet.append([written, 20_261_120, "CT2026000001"])
    sheet.append([20_261_320, 100_000, "CT2026000002"])
    sheet.append([12_345_678, 100_000, "CT2026000003"])
    path = tmp_path / "sao-ke.xlsx"
    book.save(path)
    assert [(line.on, line.amount) for line in read_statement(path).lines] == [
        (date(2026, 11, 20), 20_261_120),
        (None, 100_000),
        (None, 100_000),
    ]


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_day_numbers_of_a_workbook_of_the_1904_system_count_from_1904(tmp_path, kind: str) -> None:
    """Old Excel for Mac counts days from 1/1/1904: a bare day number (44884, its 20/11/2026) was read from
    1900, four years and a day early, and no gift matched its day. A date cell was and is right."""
    rows = [
        [44_884, 100_000, "CT2026000001"],
        ["44885", 200_000, "CT2026000002"],
        [datetime(2026, 11, 22, 9, 30), 300_000, "CT2026000003"],
    ]
    path = tmp_path / f"sao-ke.{kind}"
    if kind == "xlsx":
        book = Workbook()
        book.epoch = CALENDAR_MAC_1904
        book.active.append(["Ngày", "Ghi có", "Nội dung"])
        for cells in rows:
            book.active.append(cells)
        book.save(path)
    else:
        old = xlwt.Workbook(encoding="utf-8")
        old.dates_1904 = True
        sheet = old.add_sheet("Sao ke")
        for c, title in enumerate(["Ngày", "Ghi có", "Nội dung"]):
            sheet.write(0, c, title)
        for r, cells in enumerate(rows, start=1):
            for c, value in enumerate(cells):
                style = xlwt.easyxf(num_format_str="DD/MM/YYYY") if isinstance(value, datetime) else None
                sheet.write(r, c, value, *([style] if style else []))
        old.save(str(path))
    assert [line.on for line in read_statement(path).lines] == [
        date(2026, 11, 20),
        date(2026, 11, 21),
        date(2026, 11, 22),
    ]


# A signed column's convention is the bank's, one per file; a row may still come without its sign or its mark.
Signed = tuple[str, list[tuple[bool, int, bool]]]  # the convention; each row: a credit?, its amount, marked?
SIGNED_STATEMENTS = st.tuples(
    st.sampled_from(["plus", "brackets", "side", "suffix"]),
    st.lists(st.tuples(st.booleans(), st.integers(1, 10**10), st.booleans()), max_size=12),
)


@given(SIGNED_STATEMENTS)
def test_whatever_a_signed_column_holds_no_debit_is_ever_read_as_a_credit(statement: Signed) -> None:
    convention, rows = statement
    lines = ["Ngày;Nội dung;Số tiền;Nợ/Có"]
    for n, (credit, amount, marked) in enumerate(rows):
        written = f"{amount:,}".replace(",", ".")
        if convention == "plus" and (marked or not credit):
            written = ("+" if credit else "-") + written
        elif convention == "brackets" and not credit:
            written = f"({written})"
        elif convention == "suffix" and marked:  # “100.000 CR”, “100.000 DR”
            written += " CR" if credit else " DR"
        mark = ("Có" if credit else "Nợ") if convention == "side" and marked else ""
        lines.append(f"21/11/2026;UNG HO {n};{written};{mark}")
    credits = {n + 2: amount for n, (credit, amount, _marked) in enumerate(rows) if credit}
    try:
        read = _read_text("\n".join(lines))
    except StatementFileError as refused:  # nothing tells any row: the file is refused, nothing is read
        assert refused.reason == "no_sign"
        return
    assert {line.row: line.amount for line in read.lines}.items() <= credits.items()
    assert set(credits) <= {line.row for line in read.lines} | set(read.unclear)  # none lost silently


def _read_text(text: str) -> Statement:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sao-ke.csv"
        path.write_text(text, encoding="utf-8")
        return read_statement(path)


@pytest.mark.parametrize("dates_1904", [False, True], ids=["from-1900", "from-1904"])
def test_the_days_of_an_old_excel_statement_are_read_by_its_workbooks_datemode(
    tmp_path, dates_1904: bool
) -> None:
    path = write_xls(tmp_path / "sao-ke.xls", dates_1904=dates_1904)
    assert [(line.row, line.on, line.amount, line.description) for line in read_statement(path).lines] == [
        (len(TITLE) + 1 + n, row.on, row.credit, row.description)
        for n, row in enumerate(STATEMENT, start=1)
        if row.credit
    ]


def test_an_excel_workbook_is_read_as_its_bytes_say_whatever_it_is_called(tmp_path) -> None:
    new_called_old = write_xlsx(tmp_path / "sao-ke.xls")
    old_called_new = write_xls(tmp_path / "sao-ke.xlsx")
    assert len(read_statement(new_called_old).lines) == len(read_statement(old_called_new).lines) == 7


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("1,200,000", 1_200_000),
        ("1.200.000", 1_200_000),
        ("1200000.00", 1_200_000),
        ("+1.200.000", 1_200_000),
        ("1.200.000,00", 1_200_000),
        ("1 200 000 VND", 1_200_000),
        ("1.200.000 đồng", 1_200_000),
        (1200000.0, 1_200_000),
        ("-500.000", -500_000),
        ("(300,000)", -300_000),
        ("1200000.50", None),  # not whole đồng
        ("1.200,000", None),  # 1.200 ₫ or 1.200.000 ₫: never guessed (docs/decisions/0228)
        ("1,200.000", None),
        ("1.20,000", None),
        ("100,000.00", 100_000),
        ("1,200.00", 1_200),
        ("Tổng cộng", None),
        (10**20, None),  # an Excel number no account holds (nor a BIGINT column): read as the text's bound
        (1e20, None),
        ("１.２００.０００", 1_200_000),  # full-width figures, as a typed amount reads them
        ("١٢٣٤٥٦", None),  # other scripts' digits are no amount here as nowhere else (decision 0315)
        ("৫০০.০০০", None),
    ],
)
def test_amounts_are_read_as_banks_write_them(written: object, amount: int | None) -> None:
    assert read_amount(written) == amount


@pytest.mark.parametrize(
    ("description", "codes"),
    [
        ("CT2026000123", ("CT-2026-000123",)),
        ("CT 2026 000123", ("CT-2026-000123",)),
        ("ct-2026-123 ung ho quy", ("CT-2026-000123",)),
        ("MBVCB.123.CT2026000123 .UNG HO", ("CT-2026-000123",)),
        ("UNGHOQUYCT2026000045NGUYENVANA", ("CT-2026-000045",)),
        ("CT-2026-000001 va CT-2026-000002", ("CT-2026-000001", "CT-2026-000002")),
        ("CT 2050000 ung ho", ()),  # “chuyển tiền 2.050.000”, not a code
        ("UNG HO QUY VI NGUOI NGHEO CT202\n6000123", ("CT-2026-000123",)),  # the bank's line wrap
        ("CT2026000\n123 ung ho", ("CT-2026-000123",)),
        ("CT20260001\n23", ("CT-2026-000001", "CT-2026-000123")),  # which one: the treasurer's to see
        ("FT26349123456 chuyen tien", ()),
        ("CT 2026 000 123 ung ho", ("CT-2026-000123",)),  # the six figures by threes
        ("CT.2026.000.123", ("CT-2026-000123",)),
        ("CT 2026 123 200 000", ("CT-2026-000123", "CT-2026-123200")),  # 123, then an amount? both
        # a figure too many in the six (no seven-figure code begins with 0): 000120 or 000012? both (0608)
        ("UNG HO CT-2026-0000120", ("CT-2026-000120", "CT-2026-000012")),
        ("CT 2026 1000120", ("CT-2026-1000120",)),  # a seven-figure code past a million gifts, as written
        # a seven-figure code by threes: gift 1 then an amount, or gift 1000120? both (0618)
        ("UNG HO CT 2026 1 000 120", ("CT-2026-000001", "CT-2026-1000120")),
        ("CT.2026.1.000.120", ("CT-2026-000001", "CT-2026-1000120")),
        # a letter typed for the last figure (O for 0, I or l for 1): no code as written, 000001 is a guess
        ("ung ho CT2026-00001O", ()),
        ("ung ho ct2026-00001l.NGUYEN VAN A", ()),
        ("UNGHOQUYCT202645LEVANA", ("CT-2026-000045",)),  # a word glued after the figures: the code
        ("ung ho CT 2026-2030", ()),  # the movement's period, never gift 002030 (docs/decisions/1274)
        ("CT-2026-2024", ("CT-2026-002024",)),  # no period runs back: a code's number without its zeros
    ],
)
def test_reference_codes_are_found_however_the_bank_rewrote_them(description: str, codes: tuple) -> None:  # type: ignore[type-arg]
    assert codes_in(description) == codes


def test_files_that_are_not_a_statement_get_their_reason(tmp_path) -> None:
    cases = {
        "sao-ke.xls": (OLE2_SIGNATURE + b" cut short", "xls"),
        "html.xls": (b"<html><table><tr><td>Sao ke</td></tr></table></html>", "xlsx"),
        "sao-ke.pdf": (b"%PDF-1.7", "kind"),
        "sao-ke.xlsx": (b"not a zip at all", "xlsx"),
        "utf16.csv": ("Ngày;Nội dung;Ghi có\n".encode("utf-16"), "utf16"),
        "danh-sach.csv": ("Họ và tên;Đơn vị\nAn;Phòng A\n".encode(), "no_header"),
    }
    for name, (content, reason) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(StatementFileError) as refused:
            read_statement(path)
        assert refused.value.reason == reason, name


def test_a_workbook_broken_inside_and_a_statement_too_long_are_refused(tmp_path) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(
                item, content[: len(content) // 2] if item.filename.endswith("sheet1.xml") else content
            )
    with pytest.raises(StatementFileError) as refused:
        read_statement(broken)
    assert refused.value.reason == "xlsx"

    long = tmp_path / "long.csv"
    rows = "".join(f"01/11/2026;UNG HO;{n}000\n" for n in range(1, MAX_ROWS + 1))
    long.write_text("Ngày;Nội dung;Ghi có\n" + rows, encoding="utf-8")
    with pytest.raises(StatementFileError) as refused:
        read_statement(long)
    assert refused.value.reason == "too_long"


# --- from the shell --------------------------------------------------------------------------------------


def run(monkeypatch, capsys, db_path: Path, tmp_path: Path, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{db_path}")
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    code = chungtay.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def english(monkeypatch, capsys, db_path: Path, tmp_path: Path, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    """`run` at the shell of an office whose chats speak English (`DEFAULT_LOCALE=en`): the statement's report
    as these tests read it, word for word as before; an office reading Vietnamese reads it in Vietnamese
    (decision 1739)."""
    monkeypatch.setenv("DEFAULT_LOCALE", "en")
    return run(monkeypatch, capsys, db_path, tmp_path, *argv)


async def notices_of(app: App, name: str) -> list[str]:
    async with app.sessionmaker() as session:
        person_id = await session.scalar(select(Person.id).where(Person.full_name == name))
        rows = await session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.person_id == person_id, OutboxMessage.key.like("notice:decided:%")
            )
        )
        return [row.payload["text"] for row in rows]


async def test_the_shell_lists_the_groups_and_confirms_only_the_matches_once(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    people = await ledger(app)
    path = str(write_xlsx(tmp_path / "sao-ke.xlsx"))
    me = str(people.treasurer.id)
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", path, "--as", me)

    code, out, _ = await asyncio.to_thread(*shell)
    assert code == 0
    matches, differing, decided, others, no_code = out.split("\n\n")[1:6]
    assert "(1)" in matches and "CT-2026-000001  An (Phòng A)  200.000\xa0₫" in matches
    assert "CT-2026-000002" in differing and "recorded 500.000\xa0₫, credited 50.000\xa0₫" in differing
    assert "CT-2026-000003  Chi (Phòng A)" in decided and "confirmed" in decided
    assert "3 credits" in others
    assert "20/11" not in no_code and "22/11/2026  250.000\xa0₫  NGUYEN VAN BA chuyen tien ung ho" in no_code
    assert "Dũng" not in out and "CT-2026-000004" not in out and "Thủ quỹ A" not in out
    assert "--confirm" in out
    assert (await statuses(app))["CT-2026-000001"] == "recorded"

    code, out, _ = await asyncio.to_thread(*shell, "--confirm")
    assert code == 0 and "Confirmed 1 matching contribution;" in out
    found = await statuses(app)
    assert found["CT-2026-000001"] == "confirmed"
    assert [found[f"CT-2026-00000{n}"] for n in (2, 4, 5)] == ["recorded"] * 3
    assert len([text for text in await notices_of(app, "An") if "CT-2026-000001" in text]) == 1
    assert await notices_of(app, "Bình") == [] and await notices_of(app, "Dũng") == []
    async with app.sessionmaker() as session:
        audited = list(
            await session.scalars(select(AuditLog).where(AuditLog.action.like("ledger.reconcile")))
        )
    assert [row.details["matches"] for row in audited] == [1, 1]
    assert all("An" not in str(row.details) for row in audited)

    code, out, _ = await asyncio.to_thread(*shell, "--confirm")  # the same statement a second time
    matches, _differing, decided = out.split("\n\n")[1:4]
    assert "(0)" in matches and "CT-2026-000001  An (Phòng A)" in decided
    assert code == 0 and "Confirmed 0" in out
    assert len([text for text in await notices_of(app, "An") if "CT-2026-000001" in text]) == 1


async def test_a_credit_without_its_code_whose_words_name_a_waiting_giver_of_its_figure_names_her_gift(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """A doctor's transfer typed loosely (“BS Binh phong A ung ho Tet”) holds no code: it was listed among the
    credits to match by hand or record as a donor's gift, beside nothing, though Bình of Phòng A's 500.000 ₫
    waits; recorded as a donor's, her money would count twice. Now her gift is named, never matched nor
    confirmed; a credit of her figure naming nobody, or naming her at another figure, or naming a giver the
    treasurer does not decide, names nothing (decision 2112). Her given name alone, or with her unit written
    short (“Binh P.A”), names it too where she is the one giver of that figure it fits, her two gifts both
    (decisions 2213, 2335)."""
    people = await ledger(app)
    rows = [
        Row(date(2026, 11, 20), None, 500_000, "BS Binh phong A ung ho Tet"),  # her name and her unit
        Row(date(2026, 11, 21), None, 500_000, "ck ung ho quy vi nguoi ngheo phong a 500k"),  # nobody named
        Row(date(2026, 11, 21), None, 300_000, "Binh phong A ung ho"),  # not her figure
        Row(date(2026, 11, 22), None, 100_000, "DUNG PHONG B UNG HO"),  # Phòng B's: not this treasurer's
        # her given name alone, the one waiting gift of its figure whose giver it names; her unit short
        Row(date(2026, 11, 23), None, 500_000, "ck ung ho Tet - Binh"),
        Row(date(2026, 11, 23), None, 500_000, "Binh P.A ung ho quy VNN"),
        Row(date(2026, 11, 23), None, 200_000, "ck ung ho Tet - Lan"),  # no Lan waits: nothing (2213)
    ]
    path = write_xlsx(tmp_path / "sao-ke.xlsx", rows)
    result = await reconciled(app, people.treasurer, path)
    hers = ("CT-2026-000002 (Bình)",)
    assert result.named_giver == {0: hers, 4: hers, 5: hers}
    # a unit written short is its unit, as a hospital's staff type them (decision 2213)
    assert names_giver(" ck binh k noi ung ho ", "Lê Thị Bình", "Khoa Nội")
    assert names_giver(" binh khoa hscc tet ", "Lê Thị Bình", "Khoa Hồi sức cấp cứu")
    assert not names_giver(" binh khoa hscc tet ", "Lê Thị Bình", "Khoa Nội")
    # one of two departments made one, written as it was: its unit still (decision 2318)
    assert names_giver(" ck binh khoa noi ung ho ", "Lê Thị Bình", "Khoa Nội – Nội tiết")
    assert names_giver(" binh k noi tiet ", "Lê Thị Bình", "Khoa Nội – Nội tiết")
    assert not names_giver(" binh khoa ngoai ", "Lê Thị Bình", "Khoa Nội – Nội tiết")
    argv = ("contributions", "reconcile", str(path), "--as", str(people.treasurer.id))
    code, out, _ = await asyncio.to_thread(english, monkeypatch, capsys, db_path, tmp_path, *argv)
    assert code == 0
    [line] = [line for line in out.splitlines() if "BS Binh phong A" in line]
    assert "perhaps CT-2026-000002 (Bình): waiting, of this same amount" in line
    assert out.count("perhaps") == out.count("perhaps CT-2026-000002 (Bình)") == 3, out
    assert "Dũng" not in out
    assert (await statuses(app))["CT-2026-000002"] == "recorded"
    # Bình's second 500.000 ₫ waiting: her given name alone fits one giver, so names both her gifts (2335)
    async with app.sessionmaker() as session, session.begin():
        binh = await session.get_one(Person, people.seeded.people["Bình"].id)
        entry = NewContribution(kind="money", amount_vnd=500_000)
        again = await record_contribution(session, person=binh, recorded_by=binh, entry=entry, now=NOW)
    result = await reconciled(app, people.treasurer, path)
    both = (*hers, f"{again.ref} (Bình)")
    assert result.named_giver[4] == result.named_giver[0] == both
    # another Bình of Phòng A with 500.000 ₫ waiting: her given name alone fits two, so names neither
    async with app.sessionmaker() as session, session.begin():
        other = await add_person(session, people.seeded, "Lê Thị Bình", "A", ("member", "A"), now=NOW)
        entry = NewContribution(kind="money", amount_vnd=500_000)
        await record_contribution(session, person=other, recorded_by=other, entry=entry, now=NOW)
    result = await reconciled(app, people.treasurer, path)
    assert 4 not in result.named_giver and len(result.named_giver[0]) == 3


async def test_the_shell_names_money_that_went_back_out_of_a_gift_already_confirmed(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    """An's 200.000 ₫ was confirmed from the statement of 1 December; the next, of the whole month, shows it
    paid back on 3 December at her request: it was listed “confirmed” and nothing more, so the books kept
    money the account no longer held, unseen. The debit's row now stands on the line, as on a waiting
    gift's (docs/decisions/0915)."""
    people = await ledger(app)
    me = str(people.treasurer.id)
    an = Row(date(2026, 12, 1), None, 200_000, "MBVCB.123456.ung ho CT2026000001")
    first = str(write_xlsx(tmp_path / "dau-thang.xlsx", [an]))
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", first, "--as", me)
    await asyncio.to_thread(*shell)  # read, then confirmed (decision 1813)
    code, out, _ = await asyncio.to_thread(*shell, "--confirm")
    assert code == 0 and (await statuses(app))["CT-2026-000001"] == "confirmed"
    back = Row(date(2026, 12, 3), 200_000, None, "Hoan tra CT2026000001 theo de nghi")
    month = str(write_xlsx(tmp_path / "thang-12.xlsx", [an, back]))
    code, out, _ = await asyncio.to_thread(
        english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", month, "--as", me
    )
    decided = out.split("\n\n")[3]
    assert "CT-2026-000001  An (Phòng A)  200.000\xa0₫  confirmed  (paid back 200.000\xa0₫, row 8)" in decided


async def test_the_shell_names_a_refund_naming_no_code_and_the_audit_counts_it(
    app, db_path, monkeypatch, capsys, tmp_path
) -> None:
    """BIDV's December export: An's 200.000 ₫ came in with its code, and went back with the bank's words
    alone, wrapped onto the row below (“CHUYEN TIEN CHO NGUYEN THI AN” over “HOAN TIEN UNG HO”). The debit
    was dropped unsaid and An stood a match at the shell as in the chat; it is named by its row now, the
    bank's fee is not (decision 1023). Bình's 500.000 ₫ “CT2026-0O02”, an O for a zero, is named with the
    code it may be, never matched (1025)."""
    people = await ledger(app)
    book = Workbook()
    sheet = book.active
    sheet.append(["SAO KÊ TÀI KHOẢN", None, "Số tài khoản: 12010001234567"])
    sheet.append(["STT", "Ngày hiệu lực", "Số CT", "Ghi nợ", "Ghi có", "Số dư", "Mô tả giao dịch"])
    sheet.append([1, "01/12/2026", "FT001", None, "200,000", "5,200,000", "MBVCB.123456.ung ho CT2026000001"])
    sheet.append([2, "03/12/2026", "FT002", "200,000", None, "5,000,000", "CHUYEN TIEN CHO NGUYEN THI AN"])
    sheet.append([None, None, None, None, None, None, "HOAN TIEN UNG HO"])
    sheet.append([3, "03/12/2026", "FT003", "11,000", None, "4,989,000", "PHI CK"])
    sheet.append([4, "04/12/2026", "FT004", None, "500,000", "5,489,000", "IBFT CT2026-0O02 ung ho"])
    path = tmp_path / "bidv.xlsx"
    book.save(path)
    result = await reconciled(app, people.treasurer, path)
    assert [line.row for line in result.refunds] == [4] and result.counts()["refunds"] == 1
    code, out, _err = await asyncio.to_thread(
        english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", str(path), "--as",
        str(people.treasurer.id),
    )  # fmt: skip
    assert code == 0
    assert (
        "Money out as a refund, naming no code (1): look at row 4 of the file before confirming; "
        "whose gift went back the bank's words do not tell" in out
    )
    assert "Words like a code with a letter for a figure (1): row 7: CT-2026-000002; look the code up" in out


async def test_the_shell_refuses_a_member_and_a_file_that_is_no_statement(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    await ledger(app)
    async with app.sessionmaker() as session:
        an = await session.scalar(select(Person.id).where(Person.full_name == "An"))
        treasurer = await session.scalar(select(Person.id).where(Person.full_name == "Thủ quỹ A"))
    path = str(write_xlsx(tmp_path / "sao-ke.xlsx"))
    code, out, err = await asyncio.to_thread(
        english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", path, "--as", str(an)
    )
    assert code == 2 and "only a treasurer" in err and "CT-2026" not in out
    staff = tmp_path / "danh-sach.csv"
    staff.write_text("Họ và tên,Đơn vị\nAn,Phòng A\n", encoding="utf-8")
    code, out, err = await asyncio.to_thread(
        english,
        monkeypatch,
        capsys,
        db_path,
        tmp_path,
        "contributions",
        "reconcile",
        str(staff),
        "--as",
        str(treasurer),
    )
    assert code == 2 and "no header row" in err and "“Nội dung”" in err and "“Số tiền ghi có”" in err
    assert (await statuses(app))["CT-2026-000001"] == "recorded"


async def test_the_shell_reads_an_old_excel_statement_as_it_reads_an_xlsx(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    people = await ledger(app)
    path = str(write_xls(tmp_path / "sao-ke.xls"))
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", path)

    code, out, _ = await asyncio.to_thread(*shell, "--as", str(people.treasurer.id))
    assert code == 0 and "sao-ke.xls: 7 credits read." in out
    assert "CT-2026-000001  An (Phòng A)  200.000\xa0₫" in out
    assert "row 13  22/11/2026  250.000\xa0₫  NGUYEN VAN BA chuyen tien ung ho" in out  # its day, right
    code, out, _ = await asyncio.to_thread(*shell, "--as", str(people.treasurer.id), "--confirm")
    assert code == 0 and "Confirmed 1 matching contribution;" in out
    assert (await statuses(app))["CT-2026-000001"] == "confirmed"


async def test_the_shell_names_the_rows_whose_side_it_cannot_tell_and_refuses_a_column_never_signed(
    app, db_path, tmp_path, monkeypatch, capsys
) -> None:
    people = await ledger(app)
    me = str(people.treasurer.id)
    marked = tmp_path / "sao-ke.csv"
    marked.write_text(
        "Ngày;Nội dung;Số tiền;C/D\n21/11/2026;CT2026000001 ung ho;200.000;C\n21/11/2026;Rut tien;50.000;\n"
        "22/11/2026;CT2026000002 ung ho;50.000,5;C\n"
        "Cộng;;250.000;\n;CT2026000004 ung ho;100.000;C\n",  # under the subtotal: no day to take
        encoding="utf-8",
    )
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile")
    code, out, _ = await asyncio.to_thread(*shell, str(marked), "--as", me)
    assert code == 0 and "sao-ke.csv: 1 credit read." in out and "CT-2026-000001  An" in out
    assert "Not read, money in or out unclear (1): look at row 3 of the file" in out
    assert (
        "Not read, the amount is not whole đồng like 1.200.000 up to MONEY_CAP (1): look at row 4 of the file"
        in out
    )
    assert "Not read, no day (under a total or subtotal, or no description) (1): look at row 6 of" in out

    unsigned = tmp_path / "khong-dau.csv"
    unsigned.write_text("Ngày;Nội dung;Số tiền\n21/11/2026;CT2026000001 ung ho;200.000\n", encoding="utf-8")
    code, out, err = await asyncio.to_thread(*shell, str(unsigned), "--as", me)
    assert code == 2 and "nothing tells money in from money out" in err and "“Nợ/Có”" in err
    assert "“Số tiền ghi có”" in err and "CT-2026" not in out
    assert (await statuses(app))["CT-2026-000001"] == "recorded"


async def test_the_shell_lists_a_gift_recorded_again_with_both_codes_and_confirms_it(
    app, db_path, tmp_path, monkeypatch, capsys, clock
) -> None:
    """Confirmed at 22:00, the shell's answer says when the givers hear: 07:00, after the quiet hours, not
    that each is told (decision 2850)."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=clock))
    people = await ledger(app)
    await recorded_again(app, people, 50_000)
    path = str(write_xlsx(tmp_path / "sao-ke.xlsx"))
    me = str(people.treasurer.id)
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", path, "--as", me)

    code, out, _ = await asyncio.to_thread(*shell)
    matches, differing, decided = out.split("\n\n")[1:4]
    assert code == 0 and "(2)" in matches
    assert (
        "CT-2026-000006  Bình (Phòng A)  50.000\xa0₫  (recorded again in place of CT-2026-000002)" in matches
    )
    assert "In all: 250.000\xa0₫" in matches
    assert "(0)" in differing and "CT-2026-000002" not in decided
    assert (await statuses(app))["CT-2026-000006"] == "recorded"

    clock.at = NOW.replace(hour=15)  # 22:00 on Sunday 22/11/2026, in Vietnam
    code, out, _ = await asyncio.to_thread(*shell, "--confirm")
    assert code == 0 and (
        "Confirmed 2 matching contributions; each giver will be told at 07:00 on Monday, 23/11/2026, after "
        "the quiet hours." in out
    ), out
    found = await statuses(app)
    assert (found["CT-2026-000002"], found["CT-2026-000006"]) == ("rejected", "confirmed")
    assert [text for text in await notices_of(app, "Bình") if "CT-2026-000006" in text]
