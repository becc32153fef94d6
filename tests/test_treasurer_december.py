"""A treasurer's December across decision 0298: the first week's gifts recorded from the bank's statements
before a credit's identity held its account and its statement's days (as `f"{day} {amount} {occurrence}
{words}"`, the day an ISO date or the table's checksum), the next weeks' after. Each test here failed before
the fix it stands for (decision 0306)."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select, update

from bot import cli as chungtay
from bot.app import App
from bot.db.models import Contribution, Person
from bot.domain.access import actor_for
from bot.domain.bank_statement import read_statement
from bot.domain.contributions import NewContribution, decide, record_contribution, reverse
from bot.domain.donors import CreditRecorded, donor_to_record, record_donor_gift
from bot.domain.reconcile import reconcile
from bot.messages import BUTTONS
from bot.text import clean, fold
from tests.support.clocks import NOW, MovableClock
from tests.test_attack_undated_credit import COMPANY_WORDS, agribank, vietinbank
from tests.test_attack_undated_credit import _offered as association_offered
from tests.test_bank_credit_once import _chosen
from tests.test_donors import COMPANY, add_treasurer_of_a
from tests.test_drives import seed
from tests.test_reconcile import Row
from tests.test_reconcile_chat import person, send_file

FUND = "106000123456"  # the Fund's account at VietinBank
LAN_SHORT = "NGUYEN THI LAN CK CT-1 ung ho quy"  # Lan's own gift, its code written without its year
MINH_PHAT = "CONG TY MINH PHAT UNG HO"
FIRST_WEEK = [
    Row(date(2026, 12, 3), None, 2_000_000, COMPANY_WORDS),
    Row(date(2026, 12, 4), None, 2_000_000, LAN_SHORT),
    Row(date(2026, 12, 5), None, 2_000_000, MINH_PHAT),
]
SECOND_WEEK = [*FIRST_WEEK, Row(date(2026, 12, 10), None, 2_000_000, COMPANY_WORDS)]


def before_today(row: Row, occurrence: int = 0) -> str:
    """The identity a gift recorded from a dated credit kept before decision 0298: no account."""
    words = hashlib.sha256(fold(clean(row.description)).encode()).hexdigest()[:40]
    return f"{row.on.isoformat()} {row.credit} {occurrence} {words}"


async def _save(
    app: App, person_id: int, unit_id: int, credit: str, amount: int = 2_000_000, *, at: datetime = NOW
) -> str:
    """The treasurer's “Có” at the last look (`at`): the credit recorded as Công ty Minh Phát's gift, in
    unit A."""
    async with app.sessionmaker() as session, session.begin():
        recorder = await session.get_one(Person, person_id)
        donor = await donor_to_record(session, await actor_for(session, recorder), COMPANY, now=at)
        entry = NewContribution(kind="money", amount_vnd=amount, collected_in=unit_id)
        try:
            gift = await record_donor_gift(
                session, donor=donor, recorded_by=recorder, public=True, entry=entry, now=at,
                credit_vnd=amount, credit=credit,
            )  # fmt: skip
        except CreditRecorded as told:
            return f"told: {told.recorded.ref}"
        return gift.ref


async def _confirmed_then_reversed(app: App, ids: dict[str, int], ref: str) -> int:
    """Mai confirms the gift `ref`, Hùng cancels it by a correction; its id."""
    async with app.sessionmaker() as session, session.begin():
        gift = await session.scalar(select(Contribution).where(Contribution.ref == ref))
        assert gift is not None
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        await decide(session, gift, confirmed=True, actor=mai, now=NOW)
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await reverse(session, gift, actor=hung, reason="nhầm", now=NOW)
        return gift.id


async def _offered(app: App, person_id: int, path: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """The matches, and the credits offered to record: their words, and the gift each may be."""
    async with app.sessionmaker() as session:
        actor = await actor_for(session, await session.get_one(Person, person_id))
        result = await reconcile(session, actor, read_statement(path))
    offered = [(line.description, result.alike.get(n, "")) for n, line in result.unrecorded]
    return [found.ref for found in result.matches], offered


def undated_month(path: Path, rows: list[Row]) -> Path:
    """The Fund's December exported without its date column: the account and the days still printed."""
    book = Workbook()
    sheet = book.active
    sheet.append([f"Số tài khoản/Account No: {FUND}"])
    sheet.append(["Từ ngày/From: 01/12/2026 Đến ngày/To: 31/12/2026"])
    sheet.append(["Mô tả giao dịch/Transaction description", "Nợ/Debit", "Có/Credit"])
    for row in rows:
        sheet.append([row.description, row.debit, row.credit])
    book.save(path)
    return path


def _shell(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> str:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DEFAULT_LOCALE", "en")  # the report as these tests read it (decision 1739)
    assert chungtay.main(["contributions", "reconcile", *argv]) == 0
    return capsys.readouterr().out


async def test_a_credit_recorded_as_a_donors_gift_before_today_is_not_read_for_a_code_without_its_year(
    any_app: App,
    any_url: str,
    clock: MovableClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Thu, treasurer of a school's Fund account, recorded the first week's credits before today: Lan's
    2.000.000 ₫ written “CT-1” was then a credit without a code, recorded as a donor's gift (CT-2026-000003)
    while Lan's own gift (CT-2026-000001) waited, and Minh Phát's was confirmed and then cancelled. Read
    again in the second week, “CT-1” named Lan's gift: a match, one “Xác nhận” from counting her money twice;
    and the month's statement without its days did the same. Now a credit a gift stands for, or perhaps
    stands for, is not read for a code without its year; the rest of the weeks goes as it went: the
    cancelled gift's credit offered again and recorded once, the next week's transfer its own, the month's
    credits each said like the gift of the same words, its one new transfer plainly; the chat and the
    shell say the same."""
    ids = await seed(any_app)
    thu = await add_treasurer_of_a(any_app, ids)
    async with any_app.sessionmaker() as session, session.begin():
        lan = await session.get_one(Person, ids["lan"])
        entry = NewContribution("money", 2_000_000)
        await record_contribution(session, person=lan, recorded_by=lan, entry=entry, now=NOW)
    for row in FIRST_WEEK:  # as the bot recorded them before today
        await _save(any_app, thu, ids["unit A"], before_today(row))
    minh_phat = await _confirmed_then_reversed(any_app, ids, "CT-2026-000004")

    second = vietinbank(tmp_path / "tuan-2.xlsx", FUND, SECOND_WEEK)
    matches, offered = await _offered(any_app, thu, second)
    assert matches == []  # Lan's credit is CT-2026-000003, recorded: not her gift as well
    assert offered == [(MINH_PHAT, ""), (COMPANY_WORDS, "")]  # the cancelled gift's credit, and 10/12's
    chat = person(any_app, clock, "thu", BUTTONS)
    await chat.say("/xacnhan")
    await chat.choose("Đối chiếu sao kê ngân hàng")
    screen = await send_file(chat, second)
    assert "✅ Khớp (đang chờ, đúng số tiền): 0" in screen and "[Xác nhận" not in screen
    assert "04/12/2026 · 2.000.000\xa0₫ · NGUYEN THI LAN CK CT-1 ung ho quy · đã ghi nhận" in screen
    out = await asyncio.to_thread(_shell, monkeypatch, capsys, any_url, str(second), "--as", str(thu))
    assert "Matches, waiting and credited the same amount (0)" in out
    assert f"04/12/2026  2.000.000\xa0₫  {LAN_SHORT}  recorded as a donor's gift CT-2026-000003" in out

    keys = await _chosen_keys(any_app, thu, second)
    assert keys[0] == f"{before_today(FIRST_WEEK[2])} a{minh_phat}"  # again, under the key it kept
    assert [await _save(any_app, thu, ids["unit A"], key) for key in keys] == [
        "CT-2026-000006",
        "CT-2026-000007",
    ]
    assert await _offered(any_app, thu, second) == ([], [])

    month = undated_month(
        tmp_path / "thang-12.xlsx", [*SECOND_WEEK, Row(date(2026, 12, 20), None, 2_000_000, COMPANY_WORDS)]
    )
    assert await _offered(any_app, thu, month) == (
        [],  # “CT-1” like the gift CT-2026-000003 of its words: not Lan's gift
        [
            (COMPANY_WORDS, "CT-2026-000002"),
            (LAN_SHORT, "CT-2026-000003"),
            (MINH_PHAT, "CT-2026-000006"),
            (COMPANY_WORDS, "CT-2026-000007"),
            (COMPANY_WORDS, ""),  # 20/12's, new
        ],
    )


async def _chosen_keys(app: App, person_id: int, path: Path) -> list[str]:
    async with app.sessionmaker() as session:
        return await _chosen(session, person_id, path)


async def test_a_credit_recorded_again_whose_identity_passes_the_columns_length_is_recorded_and_known(
    any_app: App, tmp_path: Path
) -> None:
    """A province's board reads its Fund account's December without a date column: a corporation's
    15.000.000.000 ₫, recorded as its gift, confirmed, then cancelled by a correction, among ten million
    entries of the ledger. Recording the credit again kept it under its identity, its account, its
    statement's days and the cancelled gift's id: 101 characters, one more than the column holds, and on
    PostgreSQL the treasurer's “Có” failed with an apology, the credit never recorded. Now an identity too
    long is cut in its words' digest, never in what tells the credit apart: recorded once, and known."""
    ids = await seed(any_app)
    thu = await add_treasurer_of_a(any_app, ids)
    big = Row(date(2026, 12, 8), None, 15_000_000_000, "TAP DOAN DAU KHI UNG HO QUY VI NGUOI NGHEO")
    month = undated_month(tmp_path / "thang-12.xlsx", [big])
    (first,) = await _chosen_keys(any_app, thu, month)
    assert await _save(any_app, thu, ids["unit A"], first, big.credit or 0) == "CT-2026-000001"
    async with any_app.sessionmaker() as session, session.begin():  # the ledger's ten millionth entry
        await session.execute(
            update(Contribution).where(Contribution.ref == "CT-2026-000001").values(id=12_345_678)
        )
    assert await _confirmed_then_reversed(any_app, ids, "CT-2026-000001") == 12_345_678

    (again,) = await _chosen_keys(any_app, thu, month)
    assert again.endswith(" a12345678") and len(again) <= 100
    assert await _save(any_app, thu, ids["unit A"], again, big.credit or 0) == "CT-2026-000003"
    assert await _offered(any_app, thu, month) == ([], [])  # recorded once, known when read again
    week = vietinbank(tmp_path / "tuan-2.xlsx", FUND, [big])  # the same transfer, with its day
    assert await _offered(any_app, thu, week) == ([], [(big.description, "CT-2026-000003")])
    assert await _save(any_app, thu, ids["unit A"], again, big.credit or 0) == "told: CT-2026-000003"


async def test_a_gift_recorded_before_today_from_a_credit_without_a_day_is_no_later_transfers_gift(
    any_app: App, tmp_path: Path
) -> None:
    """Thu, treasurer of a commune's board, recorded the association's November transfer from Agribank's
    November statement without its date column on 30 November, before a credit's identity kept the days its
    statement covers, and its 03/12 transfer from the first week's statement on 7 December. Each later
    December transfer of the association, dated or in the month's statement without days, was then said
    to be perhaps November's gift, which nothing of its identity bounded: a gift recorded from a credit
    whose days are unknown is no transfer after the day it was recorded."""
    ids = await seed(any_app)
    thu = await add_treasurer_of_a(any_app, ids)
    first, last = date(2026, 11, 1), date(2026, 11, 30)
    november = agribank(tmp_path / "thang-11.xlsx", first, last, [date(2026, 11, 5)], dated=False)
    table = read_statement(november).source
    words = hashlib.sha256(fold(clean(COMPANY_WORDS)).encode()).hexdigest()[:40]
    at = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert await _save(any_app, thu, ids["unit A"], f"t{table[:16]} 2000000 0 {words}", at=at) == (
        "CT-2026-000001"
    )
    week = Row(date(2026, 12, 3), None, 2_000_000, COMPANY_WORDS)
    at = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert await _save(any_app, thu, ids["unit A"], before_today(week), at=at) == "CT-2026-000002"

    second_week = agribank(
        tmp_path / "tuan-2.xlsx", date(2026, 12, 8), date(2026, 12, 14), [date(2026, 12, 10)]
    )
    assert await association_offered(any_app, thu, second_week) == [(5, "")]  # 10/12's, its own
    async with any_app.sessionmaker() as session:
        (key, *_staff) = await _chosen(session, thu, second_week)
    at = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)
    assert await _save(any_app, thu, ids["unit A"], key, at=at) == "CT-2026-000003"
    month = agribank(
        tmp_path / "thang-12.xlsx",
        date(2026, 12, 1),
        date(2026, 12, 31),
        [date(2026, 12, 3), date(2026, 12, 10), date(2026, 12, 17)],
        dated=False,
    )
    assert await association_offered(any_app, thu, month) == [
        (5, "CT-2026-000002"),
        (6, "CT-2026-000003"),
        (7, ""),  # 17/12's, new
    ]
    assert await association_offered(any_app, thu, november) == []  # November's, known
