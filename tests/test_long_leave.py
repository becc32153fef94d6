"""Colleagues away on long leave — maternity leave, long sick leave, a year's secondment (decision 0740): said
in the chat by their officer or the office as people say it, then no appeal or reminder reaches them until the
day after, the digest says them apart from who has not taken part, and on their return all goes on."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.clock import LOCAL_TZ, local_date
from bot.db.models import (
    Appeal,
    AuditLog,
    Campaign,
    Organisation,
    OutboxMessage,
    Person,
    RegistrationWindow,
    Reminder,
    RoleAssignment,
    Unit,
)
from bot.delivery.transport import OutboundMessage
from bot.domain import leave_end
from bot.domain import roles as roles_module
from bot.domain.access import Acting, Operator, actor_for
from bot.domain.appeals import Audience, Draft, preview, send_appeal
from bot.domain.contributions import decide
from bot.domain.drives import NewDrive, create_drive, non_givers
from bot.domain.leave_end import standing_in_for
from bot.domain.leaving import mark_away, mark_left
from bot.domain.org_import import import_staff
from bot.domain.people import merge_people
from bot.domain.reminders import derive, scan, set_monday_off
from bot.domain.roles import (
    ALSO_COVERS,
    DEPUTY,
    STAND_IN,
    RoleChange,
    covered_heads,
    grant_role,
    kept_records,
    revoke_role,
    said_of,
)
from scheduler.jobs import JobContext, plan_reminders
from tests.support.clocks import NOW, MovableClock
from tests.support.ledger import ledger_entry
from tests.support.orgs import Seeded, add_person, seed
from tests.support.profiles import examples_on_one_profile, on_buttons, on_text_only
from tests.test_access import add_person as add_staff
from tests.test_attack_batches_in_flight import pg_app  # noqa: F401 (a fixture)
from tests.test_digests import digests, weekly
from tests.test_drives import seed as seed_drives
from tests.test_leavers import _figures

MONDAY = datetime(2026, 12, 7, 0, 30, tzinfo=UTC)  # 07:30 in Vietnam: the weekly digest's hour


@on_text_only
async def test_an_officer_says_lan_is_on_maternity_leave_and_no_appeal_reaches_her_until_she_is_back(
    app: App, make_person
) -> None:
    ids = await seed_drives(app)  # hung: officer of the whole organisation; lan, mai of A; binh, tam of B
    hung = make_person("hung")
    asked = await hung.say("chị Lan nghỉ thai sản đến 15/3/2027")
    assert "Anh/chị ghi nhận Nguyễn Thị Lan nghỉ dài ngày đến hết ngày 15/03/2027?" in asked
    done = await hung.choose("Có, xác nhận")
    assert "Xong: đã ghi Nguyễn Thị Lan nghỉ dài ngày đến hết ngày 15/03/2027." in done
    # a member may not say it of a colleague: told kindly who may, and nothing changes
    refused = await make_person("tam").say("chị Mai nghỉ ốm đến 20/12/2026")
    assert "Chỉ cán bộ công đoàn/vận động hoặc văn phòng mới ghi được người nghỉ dài ngày" in refused
    # nor an officer of himself, by his name as by “tôi”: told who records it, never that nobody of his units
    # has his name (as Hùng, of unit A, was told)
    for said in ("anh Hùng nghỉ ốm đến 20/12/2026", "tôi nghỉ ốm đến 20/12/2026"):
        screen = await hung.say(said)
        assert "Việc nghỉ của chính anh/chị do cán bộ khác hoặc văn phòng ghi." in screen, screen
        assert "không có ai" not in screen and "Có, xác nhận" not in screen, screen
    # one's little one back, or at school, is no colleague named Bé: said what was read, nothing kept (2856)
    screen = await hung.say("Bé đã đi làm lại")
    assert "Chung Tay hiểu là con của anh/chị đã đi học, đi làm lại." in screen, screen
    assert "ví dụ: “chị Lan đã đi làm lại”" in screen and "trong tên" not in screen, screen
    screen = await hung.say("Bé nhà chị học đến 15/1")
    assert "Chung Tay hiểu là con của anh/chị đi học đến hết ngày 15/01/2027." in screen, screen
    # a title before her name, two words or a position, finds the colleague it names (2857), a ward's “hộ lý”
    # too; a polite word after the day, “ạ” (2858) or “à”, leaves the day read (was the menu, decision 2943)
    for titled in ("đồng chí Lan học đến 15/1", "Tổ trưởng Lan nghỉ ốm đến 15/1", "Hộ lý Lan học đến 15/1 à"):
        screen = await hung.say(titled)
        assert "Anh/chị ghi nhận Nguyễn Thị Lan" in screen and "đến hết ngày 15/01/2027?" in screen, screen
        await hung.choose("Không, hủy")
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        assert (await session.get_one(Person, ids["mai"])).away_until is None
        drive = await create_drive(
            session, officer, NewDrive("Áo ấm", date(2026, 11, 1), date(2026, 12, 31)), now=NOW
        )
        everyone = Audience("org")
        # binh, tam, mai: not Lan, nor hung who writes it
        assert (await preview(session, officer, everyone, now=NOW, settings=app.settings)).recipients == 3
        shown = await non_givers(session, officer, drive, leaders_allowed=False, today=local_date(NOW))
        assert "Nguyễn Thị Lan" not in [name for _unit, name in shown.names] and shown.away == 1
        back = datetime(2027, 3, 16, 2, 0, tzinfo=UTC)  # the day after her last day of leave
        assert (await preview(session, officer, everyone, now=back, settings=app.settings)).recipients == 4


@on_buttons
async def test_an_appeals_last_look_says_how_many_of_its_audience_are_on_long_leave(
    app: App, make_person
) -> None:
    """An officer who counts her colleagues read “Số người nhận: 3.” for four in her organisation but herself,
    and could not tell where the fourth went: Lan, on maternity leave, whom no appeal reaches (decision 0740).
    The last look now says so, with no name; a thank-you to those who gave says nothing of it (decision
    1251)."""
    ids = await seed_drives(app)
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await create_drive(
            session, officer, NewDrive("Tết 2027", date(2026, 11, 1), date(2026, 12, 31)), now=NOW
        )
    hung = make_person("hung")
    await hung.say("chị Lan nghỉ thai sản đến 15/3/2027")
    await hung.choose("Có, xác nhận")
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say("Mời anh chị chung tay đợt Tết 2027!")
    await hung.choose("Tết 2027")
    screen = await hung.choose("Tất cả")
    assert "Số người nhận: 3." in screen
    assert "Đang nghỉ dài ngày, chưa gửi cho đến khi đi làm lại: 1." in screen and "Lan" not in screen


async def test_an_appeals_status_says_again_how_many_on_long_leave_it_was_not_sent_to(
    app: App, make_person
) -> None:
    """The Tết appeal's last look said “Số người nhận: 3.” and one on long leave; sent, its status read “Đã
    gửi 3” with those without an account and those who turned appeals off, and the one on leave was gone:
    the officer who tallies her 300 a week later could not find her (decision 1458). Tâm, away on training,
    was said on leave, there, in his own progress, at the officer's question and among who has not given:
    said as training (decisions 2315, 2358)."""
    ids = await seed_drives(app)
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await create_drive(
            session, officer, NewDrive("Tết 2027", date(2026, 11, 1), date(2026, 12, 31)), now=NOW
        )
    hung = make_person("hung")
    await hung.say("chị Lan nghỉ thai sản đến 15/3/2027")
    await hung.choose("Có, xác nhận")
    asked = await hung.say("anh Tâm nghỉ đi học chuyên khoa đến 31/3/2027")
    assert "Anh/chị ghi nhận Phạm Văn Tâm đi học, tập huấn đến hết ngày 31/03/2027?" in asked, asked
    assert "ghi riêng là “đang đi học, tập huấn”" in asked and "nghỉ dài ngày”" not in asked, asked
    done = await hung.choose("Có, xác nhận")
    assert "Xong: đã ghi Phạm Văn Tâm đi học, tập huấn đến hết ngày 31/03/2027." in done, done
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say("Mời anh chị chung tay đợt Tết 2027!")
    await hung.choose("Tết 2027")
    await hung.choose("Tất cả")
    screen = await hung.choose("Gửi ngay")
    away = "Đang nghỉ dài ngày, chưa gửi cho đến khi đi làm lại: 1."
    training = "Đang đi học, tập huấn, chưa gửi cho đến khi đi làm lại: 1."
    assert away in screen and training in screen and "Lan" not in screen and "Tâm" not in screen, screen
    await hung.say("/keugoi")
    screen = await hung.choose("Tất cả")  # the appeal, days later, from the list
    assert away in screen and training in screen and "Lan" not in screen and "Tâm" not in screen, screen
    progress = await make_person("tam").say("/tiendo")
    assert "Anh/chị đang được ghi đi học, tập huấn đến hết ngày 31/03/2027" in progress, progress
    await hung.say("/dotvandong")  # who has not given: Lan on leave, Tâm at his course, apart (2358)
    await hung.choose("Tết 2027")
    screen = await hung.choose("Ai chưa ủng hộ")
    assert "(1 người đang nghỉ dài ngày không có trong danh sách.)" in screen, screen
    assert "(1 người đang đi học, tập huấn không có trong danh sách.)" in screen, screen
    assert "Lan" not in screen and "Tâm" not in screen, screen


@on_text_only
async def test_an_appeal_sent_before_its_leave_count_was_kept_says_why_its_status_cannot_count_them(
    app: App, make_person
) -> None:
    """An appeal kept from before its status counted who was on long leave (decision 1458) has no such
    count, and a leave keeps only its last day: its status says plainly that it cannot tell, where someone's
    leave reached its day; one sent now with nobody on leave says nothing of leave (decision 1572)."""
    ids = await seed_drives(app)
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await create_drive(
            session, officer, NewDrive("Tết 2027", date(2026, 11, 1), date(2026, 12, 31)), now=NOW
        )
    hung = make_person("hung")
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say("Mời anh chị chung tay đợt Tết 2027!")
    await hung.choose("Tết 2027")
    screen = await hung.choose("Tất cả")
    assert "nghỉ dài ngày" not in screen, screen
    await hung.choose("Gửi ngay")
    async with app.sessionmaker() as session, session.begin():  # her leave recorded after it went out
        lan = await session.get_one(Person, ids["lan"])
        await mark_away(session, Operator(lan.org_id), lan, until=date(2027, 3, 15), now=NOW)
    await hung.say("/keugoi")
    screen = await hung.choose("Tất cả")
    assert "nghỉ dài ngày" not in screen, screen  # nobody was on leave the day it went out
    async with app.sessionmaker() as session, session.begin():  # as an appeal kept before the count was
        appeal = await session.scalar(select(Appeal))
        appeal.audience = {k: v for k, v in appeal.audience.items() if k != "away"}
    await hung.say("/keugoi")
    screen = await hung.choose("Tất cả")
    assert (
        "Đang nghỉ dài ngày lúc gửi: không rõ — lời kêu gọi này gửi trước khi Chung Tay ghi lại số người "
        "nghỉ dài ngày." in screen
    ), screen
    assert "Lan" not in screen


@on_buttons
async def test_the_examples_the_question_gives_are_read_when_copied_with_their_quote_marks(
    app: App, make_person
) -> None:
    """The question shows its examples in quote marks (“chị Lan đã đi làm lại”); copied with them, each was
    “Anh/chị vui lòng cho biết ai nghỉ…”, the example itself refused (decision 0767)."""
    await seed_drives(app)
    hung = make_person("hung")
    asked = await hung.say("nghỉ dài ngày")
    example, back = re.findall(r"“[^”]+”", asked)[:2]
    assert example.startswith("“chị Lan nghỉ thai sản đến ") and back == "“chị Lan đã đi làm lại”"
    screen = await hung.say(example)
    assert "Anh/chị ghi nhận Nguyễn Thị Lan nghỉ dài ngày đến hết ngày" in screen
    await hung.choose("Có, xác nhận")
    screen = await hung.say(back)
    assert "Anh/chị ghi nhận Nguyễn Thị Lan đã đi làm lại?" in screen


@examples_on_one_profile(
    "said",
    [
        "cơ quan nghỉ tết đến 22/2",  # the office's Tết break, not a colleague named “Quan”
        "cả phòng nghỉ lễ đến 3/1",
        "ủng hộ 500k, em nghỉ đến 10/12",  # a gift, with a word about a day off
        "mọi người nghỉ hè đến 15/8",
        # no leave said at all, only something that reads as a day that does not exist: a gift's day
        # mistyped, a link code drawn at random (“7-42” in it), were taken to the leave's “no day 31-2”
        "ủng hộ 200k ngày 31-2",
        "LK-7V7-42CVT",
    ],
)
async def test_a_break_or_a_gift_said_with_nghi_den_at_the_menu_is_no_colleague_on_long_leave(
    app: App, make_person, said: str
) -> None:
    await seed_drives(app)
    answer = await make_person("hung").say(said)  # an officer of the whole organisation: he may record leave
    assert "nghỉ dài ngày" not in answer and "nghỉ thai sản" not in answer  # nor the leave's example
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).where(Person.away_until.is_not(None))) == 0


@examples_on_one_profile(
    ("said", "asked"),
    [
        ("chị Lan nghỉ thai sản đến hết tháng 3", "Lan nghỉ dài ngày đến hết ngày 31/03/2027?"),
        ("chị Lan nghỉ thai sản đến rằm tháng Giêng", "Lan nghỉ dài ngày đến hết ngày 20/02/2027?"),
        ("chi lan nghi thai san den 15/1 am lich", "Lan nghỉ dài ngày đến hết ngày 20/02/2027?"),
        # no day to take: asked for one, with the example, where the bot had not understood at all
        ("chị Lan nghỉ thai sản đến Tết", "ai nghỉ và nghỉ đến ngày nào, ví dụ: “chị Lan nghỉ thai sản"),
        ("chị Lan nghỉ thai sản 6 tháng", "ai nghỉ và nghỉ đến ngày nào, ví dụ: “chị Lan nghỉ thai sản"),
    ],
)
async def test_her_last_day_said_as_a_months_end_or_a_lunar_day_is_read_and_tet_alone_asked_for(
    app: App, make_person, said: str, asked: str
) -> None:
    await seed_drives(app)
    assert asked in await make_person("hung").say(said)


@examples_on_one_profile(
    ("said", "asked"),
    [
        ("Lan is away until the Kitchen Gods' day", "Nguyễn Thị Lan is away on long leave until 30/01/2027?"),
        # at a course, said as training (decision 2518)
        ("Lan is on training leave till Lunar New Year's Eve", "Lan is away on training until 05/02/2027"),
        ("Lan is on a course until the full moon of the first lunar month", "on training until 20/02/2027?"),
        ("Lan is away on training until 15/1/2027", "Nguyễn Thị Lan is away on training until 15/01/2027?"),
        # one's own child, said in English, is answered as “con đi học” is, not searched for as a name (2550)
        ("My son is studying until 15/1/2027", "This reads as your own child at school until 15/01/2027"),
        ("my daughter is away until 15/1/2027", "This reads as your own child away until 15/01/2027"),
        # which day of it: the first, the break's end? asked for, as “đến Tết” is
        ("Lan is away until Tet", "Please say who is away and until which day, for example: “Lan is on"),
    ],
)
async def test_her_last_day_said_in_english_as_a_lunar_day_is_read_as_the_drives_dates_read_it(
    app: App, make_person, said: str, asked: str
) -> None:
    """An English officer's “Lan is away until the Kitchen Gods' day” was not read at all (“Sorry, Chung Tay
    did not understand”), where “đến rằm tháng Giêng” is; now its solar day is said at the last look, the day
    read by the English names the Tết drive's dates step reads (decision 0873). “Lan is away on training until
    15/1/2027” and “… on a course until …” were not read at all, “… on training leave …” as a leave: now as
    training, as “đi học đến …” is (decision 2518). “My son is on a course until …” was searched for as a
    colleague named “mi son” (Nguyễn Minh Sơn would be asked of): now answered as one's child (2550).
    “… is studying until …” was not read at all: now as a course (decision 2632)."""
    await seed_drives(app)
    hung = make_person("hung")
    await hung.say("English")
    screen = await hung.say(said)
    assert asked in screen, screen


async def _chi_away(app: App, make_person, said: str, window: bool = True) -> Seeded:  # type: ignore[no-untyped-def]
    """Phòng A — Lãnh đạo A, An (registered), Bình, Chi — with the office, Văn phòng, who types `said` of Chi
    at the menu and answers Có; the registration's window closing on Thursday 10/12 where `window`."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        if window:
            session.add(
                RegistrationWindow(
                    org_id=seeded.org.id, year=2026, opens_on=date(2026, 10, 1), closes_on=date(2026, 12, 10)
                )
            )
    clerk = make_person(f"p{seeded.people['Văn phòng'].id}")
    await clerk.say(said)
    await clerk.choose("Có, xác nhận")
    return seeded


@examples_on_one_profile(
    ("said", "apart"),
    [
        ("đ/c Chi nghỉ ốm đến 28/2/2027", "1 người đang nghỉ dài ngày, không tính"),
        # away on training, said as training, not leave (decision 2315)
        ("đ/c Chi nghỉ tập huấn đến 28/2/2027", "1 người đang đi học, tập huấn, không tính"),
    ],
)
async def test_a_colleague_on_long_leave_is_said_apart_in_the_digest_and_reminded_of_nothing(
    app: App, make_person, said: str, apart: str
) -> None:
    seeded = await _chi_away(app, make_person, said)
    chi, binh = seeded.people["Chi"].id, seeded.people["Bình"].id
    async with app.sessionmaker() as session, session.begin():
        assert (await session.get_one(Person, chi)).away_until == date(2027, 2, 28)
        await derive(session, now=MONDAY, settings=app.settings)
        # the registration's reminders, three days before its window closes on Thursday 10/12
        await scan(session, now=MONDAY + timedelta(days=2, hours=2), settings=app.settings)
        reminded = set(
            await session.scalars(select(Reminder.person_id).where(Reminder.status == "sent").distinct())
        )
        assert binh in reminded and chi not in reminded
        chis = set(await session.scalars(select(Reminder.status).where(Reminder.person_id == chi)))
        assert chis == {"skipped"}
    assert await weekly(app, MONDAY) >= 1
    text = "\n".join((await digests(app))[seeded.people["Lãnh đạo A"].id])
    # Phòng A: 4 people, An registered, Chi away: 1 of 3, Chi said apart
    assert "1/3 người (33%)" in text and apart in text and "nghỉ dài" not in text.replace(apart, ""), text


@on_text_only
async def test_a_deadline_on_her_first_day_back_is_reminded_that_morning_not_lost_in_her_leave(
    app: App, make_person
) -> None:
    # back on Thursday 10/12, the day the window closes
    chi = (await _chi_away(app, make_person, "đ/c Chi nghỉ ốm đến 9/12/2026")).people["Chi"].id
    async with app.sessionmaker() as session, session.begin():
        await derive(session, now=MONDAY, settings=app.settings)
        # Wednesday 9/12, the 1-day reminder's morning: the last day of her leave, nothing to her
        await scan(session, now=MONDAY + timedelta(days=2, hours=2), settings=app.settings)
        chis = set(await session.scalars(select(Reminder.status).where(Reminder.person_id == chi)))
        assert "sent" not in chis
        # Thursday 10/12, her first day back, the window's last day: she is reminded that morning
        await scan(session, now=MONDAY + timedelta(days=3, hours=2), settings=app.settings)
        rows = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.key.like("reminder:%"), OutboxMessage.person_id == chi)
        )
        said = [OutboundMessage.from_payload(row.payload).text for row in rows]
    assert len(said) == 1 and "10/12/2026" in said[0]


@on_buttons
async def test_a_gift_of_a_colleague_on_long_leave_leaves_her_apart_in_the_digest_so_no_leader_tells_it_hers(
    app: App, make_person
) -> None:
    seeded = await _chi_away(app, make_person, "đ/c Chi nghỉ ốm đến 28/2/2027", window=False)
    async with app.sessionmaker() as session, session.begin():
        chi = await session.get_one(Person, seeded.people["Chi"].id)
        session.add(ledger_entry(chi, "money", 500_000, at=NOW + timedelta(days=10)))  # she gives while away
    await weekly(app, MONDAY)
    text = "\n".join((await digests(app))[seeded.people["Lãnh đạo A"].id])
    # as the week before she gave: An of the 3 at work took part, Chi still said apart, not “2/4”, which
    # would have told the leader that the one away gave the week's money
    assert "1/3 người (33%)" in text and "1 người đang nghỉ dài ngày, không tính" in text


@on_text_only
async def test_a_leave_ending_today_confirmed_after_midnight_is_said_past_not_forbidden(
    app: App, make_person, clock
) -> None:
    """Hùng types at 23:50 that Mai is on sick leave until today, and answers Có ten minutes later, the next
    day: her leave is over. He was told he “may not record that”, as if he were not her officer; now he is
    told the day is past and how to say she is back, and nothing is recorded (decision 0769)."""
    ids = await seed_drives(app)
    clock.at = datetime(2026, 12, 3, 16, 50, tzinfo=UTC)  # Thursday 3/12, 23:50 in Vietnam
    hung = make_person("hung")
    asked = await hung.say("chị Mai nghỉ ốm đến 3/12/2026")
    assert "nghỉ dài ngày đến hết ngày 03/12/2026?" in asked
    clock.advance(minutes=10)
    refused = await hung.choose("Có, xác nhận")
    assert "Ngày 03/12/2026 đã qua." in refused and "không ghi được việc này" not in refused, refused
    async with app.sessionmaker() as session:
        assert (await session.get_one(Person, ids["mai"])).away_until is None


@pytest.mark.parametrize("reason", [None, "training", "stale"])
async def test_her_leave_recorded_on_one_of_her_two_records_stays_when_they_are_made_one(
    app: App, reason: str | None
) -> None:
    """January's staff list gave Chi a second row; her officer had recorded her sick leave on the one she
    joined by. The office makes the two one, keeping the list's row: her leave was dropped with the other
    row, and the digest counted her again among who has not taken part, appeals reaching her (0774). Away on
    training, the kept row took the day without its reason, and she was said on leave (“training”); where
    the kept row had been away on training in October, a leave over, her sick leave on the other row was
    said as training (“stale”): the reason now goes with the day (decision 2411)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)  # A: Lãnh đạo A, An (registered), Bình, Chi
        chi = seeded.people["Chi"]
        operator = Operator(seeded.org.id)
        training = reason == "training"
        await mark_away(session, operator, chi, until=date(2027, 2, 28), now=NOW, training=training)
        listed = await add_person(session, seeded, "Chi", "A", ("member", "A"), now=NOW)
        if reason == "stale":  # a course in October, over before the merge, recorded on the list's row
            october = datetime(2026, 10, 1, 2, 0, tzinfo=UTC)
            await mark_away(session, operator, listed, until=date(2026, 10, 31), now=october, training=True)
        chi_id, listed_id = chi.id, listed.id
    async with app.sessionmaker() as session, session.begin():
        await merge_people(session, source=chi_id, target=listed_id, actor_id=None, now=NOW)
    async with app.sessionmaker() as session:
        kept = await session.get_one(Person, listed_id)
        assert (kept.away_until, kept.away_reason) == (date(2027, 2, 28), "training" if training else None)
        people, registered, _names = (await _figures(session, seeded))["A"]
        assert (people, registered) == (3, 1)  # An of the 3 at work; Chi still apart, not “1/4”


async def test_a_leave_on_a_record_merged_twice_is_read_with_the_merges_in_one_query(app: App) -> None:
    """Chi's sick leave, recorded on the row she joined by, merged into the staff list's row, then that one
    into a third: her leave is the third's. The merges were followed a query a step (three, then the leaves);
    now read once, as every reader of merged records reads them (`roles.records_of`)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        chi = seeded.people["Chi"]
        await mark_away(session, Operator(seeded.org.id), chi, until=date(2027, 2, 28), now=NOW)
        listed = await add_person(session, seeded, "Chi", "A", ("member", "A"), now=NOW)
        kept = await add_person(session, seeded, "Chi", "A", ("member", "A"), now=NOW)
        chi_id, listed_id, kept_id = chi.id, listed.id, kept.id
    async with app.sessionmaker() as session, session.begin():
        await merge_people(session, source=chi_id, target=listed_id, actor_id=None, now=NOW)
    async with app.sessionmaker() as session, session.begin():
        await merge_people(session, source=listed_id, target=kept_id, actor_id=None, now=NOW)
    statements: list[str] = []

    def one(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith(("SELECT", "WITH")):  # a read, recursive or not
            statements.append(statement)

    async with app.sessionmaker() as session:
        event.listen(app.db.sync_engine, "before_cursor_execute", one)
        try:
            leaves = await leave_end._leaves(session, [kept_id])
        finally:
            event.remove(app.db.sync_engine, "before_cursor_execute", one)
    assert [leave.last_day for leave in leaves[kept_id]] == [date(2027, 2, 28)], leaves
    assert len(statements) == 2, statements


async def test_the_record_a_head_was_merged_into_is_read_from_her_merges_alone(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chi's record merged into the staff list's row, then that one into a third; Bình's two rows made one
    too. The record Chi's is kept in was found by reading every merge of every organisation, Bình's too; now
    by one query of the merges that lead on from hers alone, as `records_of` reads those that lead into a
    record (decision 1906)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        chi, binh = seeded.people["Chi"], seeded.people["Bình"]
        listed = await add_person(session, seeded, "Chi", "A", ("member", "A"), now=NOW)
        kept = await add_person(session, seeded, "Chi", "A", ("member", "A"), now=NOW)
        binh_listed = await add_person(session, seeded, "Bình", "A", ("member", "A"), now=NOW)
        chi_id, listed_id, kept_id = chi.id, listed.id, kept.id
        binh_id, binh_listed_id = binh.id, binh_listed.id
    for source, target in ((chi_id, listed_id), (binh_id, binh_listed_id), (listed_id, kept_id)):
        async with app.sessionmaker() as session, session.begin():
            await merge_people(session, source=source, target=target, actor_id=None, now=NOW)
    read: list[dict[int, int]] = []
    merges = roles_module._merges

    async def kept_read(*args: object, **kwargs: object) -> dict[int, int]:  # the real reading, kept
        read.append(found := await merges(*args, **kwargs))  # type: ignore[arg-type]
        return found

    monkeypatch.setattr(roles_module, "_merges", kept_read)
    async with app.sessionmaker() as session:
        assert await kept_records(session, {chi_id}) == {chi_id: kept_id}
        assert await kept_records(session, {kept_id}) == {}
    assert read == [{chi_id: listed_id, listed_id: kept_id}, {}], read


async def test_the_record_a_head_was_merged_into_is_read_from_her_merges_alone_on_postgresql(
    pg_app: App,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await test_the_record_a_head_was_merged_into_is_read_from_her_merges_alone(pg_app, monkeypatch)


@on_buttons
async def test_an_officer_records_the_return_of_a_colleague_who_shares_his_given_name(
    app: App, make_person
) -> None:
    """Hùng, the officer, typed “anh Hùng đã đi làm lại” of Đỗ Văn Hùng of unit B, back from sick leave: read
    as his own return, he was told that he was not recorded away and nothing changed, and Đỗ Văn Hùng stayed
    away from every appeal. A name he shares with one he records is that one's (decision 0780). Bình, officer
    of B herself on sick leave, naming Tâm and then typing “anh đi làm lại rồi” of him, was asked of her own
    return: now of Tâm's, the colleague the chat named last (2855)."""
    ids = await seed_drives(app)
    async with app.sessionmaker() as session, session.begin():
        units = {key: await session.get_one(Unit, ids[f"unit {key}"]) for key in ("A", "B")}
        other = await add_staff(session, units, "Đỗ Văn Hùng", "B", (("member", "B"),), chat_id="do_hung")
        for away in (other, *[await session.get_one(Person, ids[key]) for key in ("binh", "tam")]):
            await mark_away(session, Operator(away.org_id), away, until=date(2027, 2, 28), now=NOW)
        other_id = other.id
    hung = make_person("hung")
    asked = await hung.say("anh Hùng đã đi làm lại")
    assert "Anh/chị ghi nhận Đỗ Văn Hùng đã đi làm lại?" in asked, asked
    done = await hung.choose("Có, xác nhận")
    assert "Xong: đã ghi Đỗ Văn Hùng đi làm lại." in done, done
    binh = make_person("binh")
    await binh.say("anh Tâm nghỉ ốm đến 28/2/2027")
    await binh.choose("Không, hủy")
    asked = await binh.say("anh đi làm lại rồi")
    assert "Anh/chị ghi nhận Phạm Văn Tâm đã đi làm lại?" in asked, asked
    assert "Xong: đã ghi Phạm Văn Tâm đi làm lại." in await binh.choose("Có, xác nhận")
    async with app.sessionmaker() as session:
        assert (await session.get_one(Person, other_id)).away_until is None
        assert (await session.get_one(Person, ids["tam"])).away_until is None
        assert (await session.get_one(Person, ids["binh"])).away_until == date(2027, 2, 28)


# by her own name too: “chị Lan đã đi làm lại” typed by Lan was answered that her leave is another's to record
@examples_on_one_profile("back", ["tôi đã đi làm lại", "chị Lan đã đi làm lại", "em đi làm lại rồi ạ"])
async def test_lan_on_leave_sees_it_in_her_progress_and_says_herself_that_she_is_back(
    app: App, make_person, back: str
) -> None:
    """Lan, recorded on maternity leave, opens “Tiến độ của tôi”: nothing told her she was away, nor how to
    end it; “tôi đã đi làm lại” was refused as only her officer's to say, and appeals stayed off for her while
    she was at work. Now her progress says it, and she says herself that she is back, after a last look: her
    own return is hers to say; her leave stays her officer's to record (decision 0775)."""
    ids = await seed_drives(app)
    hung, lan = make_person("hung"), make_person("lan")
    await hung.say("chị Lan nghỉ thai sản đến 15/3/2027")
    await hung.choose("Có, xác nhận")
    progress = await lan.say("/tiendo")
    assert "Anh/chị đang được ghi nghỉ dài ngày đến hết ngày 15/03/2027" in progress
    assert "“tôi đã đi làm lại”" in progress
    asked = await lan.say(back)
    assert "Ghi nhận anh/chị đã đi làm lại?" in asked
    done = await lan.choose("Có, xác nhận")
    assert "Xong: đã ghi anh/chị đã đi làm lại." in done
    # still only her officer records one away: her own leave she cannot set
    refused = await lan.say("tôi nghỉ ốm đến 20/12/2026")
    assert "Anh/chị ghi nhận" not in refused
    async with app.sessionmaker() as session, session.begin():
        assert (await session.get_one(Person, ids["lan"])).away_until is None
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        everyone = Audience("org")
        assert (await preview(session, officer, everyone, now=NOW, settings=app.settings)).recipients == 4


@on_text_only
async def test_a_unit_head_on_long_leave_is_sent_no_digest_until_she_is_back_and_counted_apart_meanwhile(
    app: App, make_person
) -> None:
    """Phòng A's head on sick leave until 28/02/2027: Monday's digest went to her phone all the same, as no
    appeal or reminder did. Now it waits for her return, the office told so when it records her leave; the
    other heads read theirs, and the organisation's head reads A with her counted apart, not among who has
    not taken part (decision 0789)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)  # A: Lãnh đạo A, An (registered), Bình, Chi
        head_a = seeded.people["Lãnh đạo A"]
    clerk = make_person(f"p{seeded.people['Văn phòng'].id}")
    await clerk.say("chị Lãnh đạo A nghỉ ốm đến 28/2/2027")
    done = await clerk.choose("Có, xác nhận")
    assert "Lãnh đạo A là lãnh đạo: đến hết ngày 28/02/2027 bản tin hằng tuần không gửi cho người đó." in done
    await weekly(app, MONDAY)
    sent = await digests(app)
    assert head_a.id not in sent
    assert {seeded.people["Lãnh đạo B"].id, seeded.people["Thủ trưởng"].id} <= set(sent)
    rollup = "\n".join(sent[seeded.people["Thủ trưởng"].id])
    assert "1 người đang nghỉ dài ngày, không tính" in rollup, rollup
    back = MONDAY + timedelta(weeks=13)  # Monday 8/3/2027, after her last day
    await weekly(app, back)
    assert head_a.id in await digests(app)


async def _told(app: App, since: int) -> dict[int, list[str]]:
    """What each person was sent after the outbox row `since`, digests aside."""
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.id > since, OutboxMessage.key.not_like("digest:%"))
            .order_by(OutboxMessage.id)
        )
        found: dict[int, list[str]] = {}
        for row in rows:
            found.setdefault(row.person_id, []).append(OutboundMessage.from_payload(row.payload).text)
    return found


async def test_when_the_heads_leave_ends_her_stand_in_and_the_office_are_told_the_role_is_still_held(
    app: App, make_person
) -> None:
    """Lãnh đạo A on sick leave until 28/02/2027, An given Phòng A's leader role to read its digest meanwhile
    (decision 0789). On Monday 1/3/2027 the head is back: both read Phòng A's digest, An keeps a leader's
    rights, and nobody was told that the role given for the leave was still held (decision 0903). Sent to
    study, as here, “đi học đến 28/2/2027” was no leave at all, and once recorded her return was said as the
    end of a leave: read as training, and said so (decisions 2410, 2412; a sick leave's words: the tests
    after). “con đi học đến 15/1”, one's child at school, was searched for as a colleague named “con”: now
    said what was read and what to type (decision 2518). “chị học đến 15/1”, a word of address with no name,
    asked to record Chi away: now asked whom (decision 2551); so is “chị đi học đến 28/2”, and “cháu đi học
    …”, “tôi học …”, “An học …” are read as one's own child, oneself and An (decision 2632). The role given
    in the chat to stand in asked “phụ trách thay khi lãnh đạo nghỉ” of a head at a course: now said at a
    course (decision 2630), and so is whom she stands in for, asked as Bình leads there too (2636). “ủy viên
    ban nữ công nghỉ ốm …” was searched for as a name: now asked whom (decision 2633), as “anh nghỉ ốm …”, a
    word of address alone before a leave, now is (decision 2635), and one before a return (2715); “Chi học
    …” at the menu, “Chi” typed without marks, was taken for nothing said: now asked whom too (2716), as is
    “Lớp học đến 15/1”, a phone's capital on a common word, once searched for as a name (2717). With Bình
    on leave beside the head at a course, Chi's role said leave of both: now each as it is (2719), on each
    head's button too (2772). “Bé học …” and “Khoa Nội học …” were searched for as names: now one's child and
    a department (2771)."""
    said, ended = (
        "chị Lãnh đạo A đi học đến 28/2/2027",
        "Lãnh đạo A đã hết thời gian đi học, tập huấn (đến hết ngày 28/02/2027)",
    )
    async with app.sessionmaker() as session, session.begin():
        summer = datetime(2026, 7, 1, 2, 0, tzinfo=UTC)  # Bình a second leader since, told nothing at the end
        seeded = await seed(session, summer)
        an, binh, office = (seeded.people[n] for n in ("An", "Bình", "Văn phòng"))
        actor = await actor_for(session, await session.get_one(Person, office.id))
        await grant_role(session, actor, await session.get_one(Person, binh.id), "leader", "A", now=summer)
    clerk = make_person(f"p{office.id}")
    # at the menu, “Chi” without its marks before a course is “chị”, a word of address alone: the menu took it
    # for nothing said; now asked whom, Chi not searched for (decision 2716)
    alone = await clerk.say("Chi học đến 15/1")
    assert "cho biết ai nghỉ và nghỉ đến ngày nào" in alone and "Chi" not in alone, alone
    # one's own child at school is no colleague named “con”: said what was read and what to type (2518, 2560)
    child = await clerk.say("con đi học đến 15/1")
    assert (
        "Chung Tay hiểu là con của anh/chị đi học đến hết ngày 15/01/2027. Chỉ đồng nghiệp vắng dài ngày mới "
        "được ghi, nên chưa có gì thay đổi."
    ) in child, child
    assert "ví dụ: “chị Lan đi học đến 01/11/2027”" in child and "Có, xác nhận" not in child, child
    # “Bé”, one's little one, is a child too, never a colleague searched for as “be” (decision 2771)
    little = await clerk.say("Bé học đến 15/1")
    assert "Chung Tay hiểu là con của anh/chị đi học đến hết ngày 15/01/2027." in little, little
    # a word of address alone names no one: “học” after it is not Chi's, nor anyone's named so (2551)
    alone = await clerk.say("chị học đến 15/1")
    assert "Chi" not in alone and "Có, xác nhận" not in alone, alone
    assert "cho biết ai nghỉ và nghỉ đến ngày nào, ví dụ: “chị Lan nghỉ thai sản đến" in alone, alone
    # nor with “đi” before “học”; “cháu” answered as a child is, oneself as oneself, a name typed with its
    # capital read as a course (decision 2632)
    alone = await clerk.say("chị đi học đến 28/2")
    assert "Chi" not in alone and "cho biết ai nghỉ và nghỉ đến ngày nào" in alone, alone
    nephew = await clerk.say("cháu đi học đến 15/1")
    assert "Chung Tay hiểu là cháu của anh/chị đi học đến hết ngày 15/01/2027." in nephew, nephew
    own = await clerk.say("tôi học đến 15/1")
    assert "Việc nghỉ của chính anh/chị do cán bộ khác hoặc văn phòng ghi." in own, own
    # a common word a phone capitalised before “học” is no one's name: “Lớp học”, “Khoa học” (decision 2717),
    # nor is a department's name, “Khoa Nội” (2771)
    for common in ("Lớp học đến 15/1", "Khoa học đến 15/1", "Khoa Nội học đến 15/1"):
        asked = await clerk.say(common)
        assert "cho biết ai nghỉ và nghỉ đến ngày nào" in asked and "trong tên" not in asked, asked
    named = await clerk.say("An học đến 15/1")
    assert "Anh/chị ghi nhận An đi học, tập huấn đến hết ngày 15/01/2027?" in named, named
    await clerk.choose("Không, hủy")
    # a role where the name should be is no one's name: asked whom, not searched for (decision 2633)
    role = await clerk.say("ủy viên ban nữ công nghỉ ốm đến 15/1")
    assert "cho biết ai nghỉ và nghỉ đến ngày nào" in role and "trong tên" not in role, role
    # with “nghỉ” too a word of address alone names no one: “anh” is no Anh, “chị” no Chi (decision 2635)
    for alone in ("anh nghỉ ốm đến 20/12", "chị nghỉ thai sản đến 20/12"):
        asked = await clerk.say(alone)
        assert "cho biết ai nghỉ và nghỉ đến ngày nào" in asked and "Chi" not in asked, asked
        assert "trong tên" not in asked and "Có, xác nhận" not in asked, asked
    # nor a return said of one: asked who is back, in a return's words, Chi not searched for (decision 2715)
    for alone in ("chị đã đi làm lại", "anh đi làm lại rồi"):
        asked = await clerk.say(alone)
        assert "Anh/chị vui lòng cho biết ai đã đi làm lại, ví dụ: “chị Lan đã đi làm lại”." in asked, asked
        assert "Chi" not in asked and "Có, xác nhận" not in asked, asked
    await clerk.say(said)
    await clerk.choose("Có, xác nhận")
    async with app.sessionmaker() as session, session.begin():
        away = await session.scalars(select(Person.full_name).where(Person.away_until.is_not(None)))
        assert list(away) == ["Lãnh đạo A"]  # nothing recorded of the child
    # An given the role to stand in: the head at a course is said at a course, not on leave (decision 2630)
    await clerk.say("/phanquyen")
    await clerk.choose("Giao vai trò")
    await clerk.say("An")
    await clerk.choose("Lãnh đạo đơn vị")
    why = await clerk.choose("Phòng A")
    assert (
        "Ở đó đã có lãnh đạo đang đi học, tập huấn: phụ trách thay trong thời gian đó, hay cấp phó lâu dài?"
    ) in why and "nghỉ" not in why, why
    # Bình leads there too: whom An stands in for is asked, the end said as the course's (decision 2636)
    whom = await clerk.choose("Có, phụ trách thay khi lãnh đạo đi học, tập huấn")
    assert (
        "Anh/chị giao cho An phụ trách thay lãnh đạo nào? Khi thời gian đi học, tập huấn của người đó kết "
        "thúc"
    ) in whom and "nghỉ" not in whom, whom
    assert "Xong: An đã có vai trò lãnh đạo Phòng A" in await clerk.choose("Lãnh đạo A")
    # Bình on leave meanwhile: Chi, given the role too, reads each as it is, the course and the leave (2719)
    async with app.sessionmaker() as session, session.begin():
        binh_now = await session.get_one(Person, binh.id)
        await mark_away(session, Operator(binh_now.org_id), binh_now, until=date(2027, 3, 31), now=NOW)
    await clerk.say("/phanquyen")
    await clerk.choose("Giao vai trò")
    await clerk.say("Chi")
    await clerk.choose("Lãnh đạo đơn vị")
    why = await clerk.choose("Phòng A")
    assert "Ở đó có lãnh đạo đang đi học, tập huấn và lãnh đạo đang nghỉ dài ngày:" in why, why
    whom = await clerk.choose("Có, phụ trách thay khi lãnh đạo nghỉ hoặc đi học, tập huấn")
    assert "Khi kỳ nghỉ hoặc thời gian đi học, tập huấn của người đó kết thúc, Chi" in whom, whom
    # each head offered says which is at a course and which on leave, on a button or a numbered line (2772)
    assert "Lãnh đạo A (đi học, tập huấn)" in whom and "Bình (nghỉ dài ngày)" in whom, whom
    assert "Xong: Chi đã có vai trò lãnh đạo Phòng A" in await clerk.choose("Bình")
    # one leader at a course, one on leave, two at work standing in: Monday's digests say each stand-in by the
    # leave she covers, the two away apart, and go to neither away; no unit said unreached (decision 2773)
    await weekly(app, MONDAY)
    sent = await digests(app)
    assert seeded.people["Lãnh đạo A"].id not in sent and binh.id not in sent, sent
    for reader in (an.id, seeded.people["Chi"].id, seeded.people["Thủ trưởng"].id):
        digest = "\n".join(sent[reader])
        assert "1 người đang nghỉ dài ngày, không tính; 1 người đang đi học, tập huấn, không tính" in digest
        assert (
            "Đang làm thay người nghỉ dài ngày: Chi (lãnh đạo Phòng A) làm thay Bình đến 31/03/2027."
            in digest
        ), digest
        assert (
            "Đang làm thay người đi học, tập huấn: An (lãnh đạo Phòng A) làm thay Lãnh đạo A đến 28/02/2027."
        ) in digest, digest
        assert "không nhận được lời nhắc" not in digest, digest
    async with app.sessionmaker() as session:
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    ctx = JobContext(app.sessionmaker, app.settings)
    last_day = datetime(2027, 2, 28, 2, 0, tzinfo=UTC)  # Sunday, her last day of leave: nothing yet
    await plan_reminders(ctx, last_day)
    assert await _told(app, since) == {}
    back = datetime(2027, 2, 28, 17, 15, tzinfo=UTC)  # Monday 1/3/2027, 00:15 in Vietnam: the night's job
    await plan_reminders(ctx, back)
    await plan_reminders(ctx, back + timedelta(days=1))  # the job again the next night: told once
    told = await _told(app, since)
    assert set(told) == {an.id, office.id}, told
    (to_office,) = told[office.id]
    assert ended in to_office, to_office
    assert "An vẫn giữ vai trò lãnh đạo Phòng A" in to_office and "“Phân quyền”" in to_office, to_office
    (to_an,) = told[an.id]
    assert ended in to_an, to_an
    assert "Anh/chị vẫn giữ vai trò lãnh đạo Phòng A" in to_an, to_an


@on_buttons
async def test_a_stand_in_given_the_role_days_before_the_heads_leave_was_recorded_is_told_when_it_ends(
    app: App, make_person
) -> None:
    """The office gave An Phòng A's leader role on Friday 20/11/2026, the day the head said she would be off,
    and recorded the leave itself on Sunday 22/11 (real offices do it in either order); Bình has been a
    second leader of Phòng A since the summer. When the leave ends, An and the office are told the role
    given before it was recorded is still held, for the office to take back if it was for the leave; Bình,
    a leader before any of it, is not (decisions 1016, 1120). Typed as sent to study, both read “trước khi
    kỳ nghỉ được ghi nhận”: now her training (decision 2445). Typed “học đến …”, without “đi”, it was not read
    at all: now as training (decision 2518)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        an, binh, office = (seeded.people[n] for n in ("An", "Bình", "Văn phòng"))
        actor = await actor_for(session, await session.get_one(Person, office.id))
        summer = datetime(2026, 7, 1, 2, 0, tzinfo=UTC)
        await grant_role(session, actor, await session.get_one(Person, binh.id), "leader", "A", now=summer)
        before = NOW - timedelta(days=2)  # Friday 20/11/2026: the role first
        await grant_role(session, actor, await session.get_one(Person, an.id), "leader", "A", now=before)
    clerk = make_person(f"p{office.id}")
    await clerk.say("chị Lãnh đạo A học đến 28/2/2027")  # the leave after, on 22/11 (NOW), a course (2518)
    await clerk.choose("Có, xác nhận")
    async with app.sessionmaker() as session:
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    ctx = JobContext(app.sessionmaker, app.settings)
    back = datetime(2027, 2, 28, 17, 15, tzinfo=UTC)  # Monday 1/3/2027, 00:15 in Vietnam: the night's job
    await plan_reminders(ctx, back)
    told = await _told(app, since)
    assert set(told) == {an.id, office.id}, told
    (to_an,) = told[an.id]
    ahead = "được giao trước khi thời gian đi học, tập huấn được ghi nhận"
    assert f"Anh/chị cũng giữ vai trò lãnh đạo Phòng A, {ahead}" in to_an, to_an
    (to_office,) = told[office.id]
    ahead = "An được giao vai trò lãnh đạo Phòng A trước khi thời gian đi học, tập huấn được ghi nhận"
    assert ahead in to_office, to_office
    assert "Bình" not in to_office, to_office


async def _ids(app: App, *names: str) -> dict[str, int]:
    async with app.sessionmaker() as session:
        found = dict(
            (
                await session.execute(select(Person.full_name, Person.id).where(Person.full_name.in_(names)))
            ).all()
        )
    return {name: found[name] for name in names}


async def _leave_of_lanh_dao_a_ends(
    app: App, make_person, grants: dict[str, datetime]
) -> dict[int, list[str]]:  # type: ignore[no-untyped-def]
    """The office gives Phòng A's leader role to each of `grants` on its day, records Lãnh đạo A's sick
    leave until 28/02/2027 on Sunday 22/11/2026 (NOW), in the order of the days; on Monday 1/3/2027 the
    night's job runs. What each was told, by person id."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        ids = {name: seeded.people[name].id for name in ("An", "Bình", "Văn phòng")}
    clerk = make_person(f"p{ids['Văn phòng']}")
    recorded = False
    for name, day in sorted(grants.items(), key=lambda grant: grant[1]):
        if day > NOW and not recorded:
            await clerk.say("chị Lãnh đạo A nghỉ ốm đến 28/2/2027")
            await clerk.choose("Có, xác nhận")
            recorded = True
        async with app.sessionmaker() as session, session.begin():
            actor = await actor_for(session, await session.get_one(Person, ids["Văn phòng"]))
            await grant_role(session, actor, await session.get_one(Person, ids[name]), "leader", "A", now=day)
    if not recorded:
        await clerk.say("chị Lãnh đạo A nghỉ ốm đến 28/2/2027")
        await clerk.choose("Có, xác nhận")
    async with app.sessionmaker() as session:
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    back = datetime(2027, 2, 28, 17, 15, tzinfo=UTC)  # Monday 1/3/2027, 00:15 in Vietnam: the night's job
    await plan_reminders(JobContext(app.sessionmaker, app.settings), back)
    return await _told(app, since)


@on_text_only
async def test_a_stand_in_given_the_role_three_weeks_before_the_leave_was_recorded_is_told_when_it_ends(
    app: App, make_person
) -> None:
    """Lãnh đạo A fell ill on Monday 2/11/2026 and An was given Phòng A's leader role that day; the office
    recorded the sick leave only on 22/11, with the month's timesheet. When it ends An and the office are
    told she is back and the role is still held, as for a leave recorded within two weeks (decision 1120)."""
    told = await _leave_of_lanh_dao_a_ends(app, make_person, {"An": NOW - timedelta(days=20)})
    an, office = (await _ids(app, "An", "Văn phòng")).values()
    assert set(told) == {an, office}, told
    (to_an,) = told[an]
    assert to_an.startswith("Lãnh đạo A đã hết nghỉ dài ngày (đến hết ngày 28/02/2027)"), to_an
    assert "Anh/chị cũng giữ vai trò lãnh đạo Phòng A, được giao trước khi kỳ nghỉ được ghi nhận" in to_an
    (to_office,) = told[office]
    assert "An được giao vai trò lãnh đạo Phòng A trước khi kỳ nghỉ được ghi nhận" in to_office, to_office


@on_buttons
async def test_a_deputy_appointed_days_before_the_heads_leave_is_not_told_the_role_was_given_for_it(
    app: App, make_person
) -> None:
    """Bình was appointed Phòng A's deputy for good on Thursday 19/11/2026, three days before the head's
    leave was recorded; An was given the leader role during it to stand in. When it ends An reads the role
    was given for the leave; Bình reads that nothing changes if he leads Phòng A for good, and the office
    reads the two apart (decision 1120)."""
    told = await _leave_of_lanh_dao_a_ends(
        app, make_person, {"Bình": NOW - timedelta(days=3), "An": NOW + timedelta(days=1)}
    )
    an, binh, office = (await _ids(app, "An", "Bình", "Văn phòng")).values()
    assert set(told) == {an, binh, office}, told
    (to_binh,) = told[binh]
    assert "được giao trong thời gian nghỉ" not in to_binh, to_binh
    assert "nếu anh/chị lãnh đạo Phòng A lâu dài, không có gì thay đổi." in to_binh, to_binh
    (to_an,) = told[an]
    assert "Anh/chị vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_an, to_an
    (to_office,) = told[office]
    assert (
        "An vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ: nếu không còn cần, anh/chị thu "
        "lại ở mục “Phân quyền”, /phanquyen. Bình được giao vai trò lãnh đạo Phòng A trước khi kỳ nghỉ được "
        "ghi nhận: nếu là để phụ trách thay và không còn cần, anh/chị thu lại ở mục “Phân quyền”, "
        "/phanquyen; cấp phó được bổ nhiệm lâu dài thì giữ nguyên."
    ) in to_office, to_office


@on_text_only
async def test_a_deputy_told_when_one_leave_ends_is_not_told_again_when_the_next_one_does(
    app: App, make_person
) -> None:
    """Bình was appointed Phòng A's deputy for good on Monday 2/11/2026. Lãnh đạo A's sick leave recorded on
    22/11 until Friday 4/12: the night after, Bình and the office are told, and the office keeps his role.
    Her second leave, recorded on Monday 7/12 until Wednesday 16/12, An standing in from 8/12: on the night
    of 17/12 An and the office are told of An; Bình, whose appointment the office read on 5/12, is not told
    again that it was given before her leave was recorded (decision 1152)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        head, an, binh, office = (seeded.people[n] for n in ("Lãnh đạo A", "An", "Bình", "Văn phòng"))
        actor = await actor_for(session, await session.get_one(Person, office.id))
        deputy = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
        await grant_role(session, actor, await session.get_one(Person, binh.id), "leader", "A", now=deputy)
        lanh_dao_a = await session.get_one(Person, head.id)
        await mark_away(session, actor, lanh_dao_a, until=date(2026, 12, 4), now=NOW)
    ctx = JobContext(app.sessionmaker, app.settings)
    await plan_reminders(ctx, datetime(2026, 12, 4, 17, 15, tzinfo=UTC))  # Saturday 5/12, 00:15
    first = await _told(app, 0)
    assert "nếu anh/chị lãnh đạo Phòng A lâu dài, không có gì thay đổi." in first[binh.id][-1]
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, office.id))
        again = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # Monday 7/12, 09:00
        await mark_away(
            session, actor, await session.get_one(Person, head.id), until=date(2026, 12, 16), now=again
        )
        stand_in = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)
        await grant_role(session, actor, await session.get_one(Person, an.id), "leader", "A", now=stand_in)
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    await plan_reminders(ctx, datetime(2026, 12, 16, 17, 15, tzinfo=UTC))  # Thursday 17/12, 00:15
    told = await _told(app, since)
    assert set(told) == {an.id, office.id}, told
    (to_office,) = told[office.id]
    assert "An vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_office, to_office
    assert "Bình" not in to_office, to_office


@on_text_only
async def test_a_stand_in_given_the_role_for_the_leave_months_before_it_was_recorded_is_told_when_it_ends(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """On Sunday 30/08/2026 the office gives An Phòng A's leader role in the chat, saying she stands in while
    its head is away (Lãnh đạo A's operation was booked for the autumn); the sick leave is recorded only on
    22/11, twelve weeks later. When it ends An is told the role given for the leave is still hers until the
    office takes it back, and the office is asked to take it back (decision 1230)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        an, office = (seeded.people[n] for n in ("An", "Văn phòng"))
    clerk = make_person(f"p{office.id}")
    clock.at = NOW - timedelta(weeks=12)
    await clerk.say("/phanquyen")
    await clerk.choose("Giao vai trò")
    await clerk.say("An")
    await clerk.choose("Lãnh đạo đơn vị")
    screen = await clerk.choose("Phòng A")
    assert (  # one short question a clerk reads on her phone, and what each answer brings
        "Anh/chị giao vai trò lãnh đạo Phòng A cho An? Ở đó đã có lãnh đạo: phụ trách thay khi lãnh đạo "
        "nghỉ, hay cấp phó lâu dài? Hết kỳ nghỉ, người phụ trách thay được báo; cấp phó thì không."
    ) in screen, screen
    assert "Xong: An đã có vai trò lãnh đạo Phòng A" in await clerk.choose(
        "Có, phụ trách thay khi lãnh đạo nghỉ"
    )
    clock.at = NOW
    await clerk.say("/menu")
    await clerk.say("chị Lãnh đạo A nghỉ ốm đến 28/2/2027")
    await clerk.choose("Có, xác nhận")
    async with app.sessionmaker() as session:
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    back = datetime(2027, 2, 28, 17, 15, tzinfo=UTC)  # Monday 1/3/2027, 00:15 in Vietnam: the night's job
    await plan_reminders(JobContext(app.sessionmaker, app.settings), back)
    told = await _told(app, since)
    assert set(told) == {an.id, office.id}, told
    (to_an,) = told[an.id]
    assert "Anh/chị vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_an, to_an
    assert "lâu dài" not in to_an, to_an
    (to_office,) = told[office.id]
    assert "An vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_office, to_office


async def test_a_stand_in_said_months_before_whose_own_records_were_made_one_is_told_when_the_leave_ends(
    app: App,
) -> None:
    """On Sunday 30/08/2026 the office gives An Phòng A's leader role to stand in while its head is away
    (an operation booked for the autumn); on 16/11 it makes An's two records one, keeping the staff list's
    row, and on 22/11 records Lãnh đạo A's sick leave until 28/02/2027. The role went with the merge but
    the reason said stayed on the record merged away: read by its day, twelve weeks before the leave, it
    was a second leader's, and on 1/3/2027 nothing was sent (`{}`). The reason is the kept record's: An and
    the office are told, as for any stand-in (decisions 1230, 1677)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        head, an, office = (seeded.people[n] for n in ("Lãnh đạo A", "An", "Văn phòng"))
        actor = await actor_for(session, await session.get_one(Person, office.id))
        august = datetime(2026, 8, 30, 2, 0, tzinfo=UTC)
        await grant_role(
            session,
            actor,
            await session.get_one(Person, an.id),
            "leader",
            "A",
            now=august,
            given_for=STAND_IN,
        )
        listed = await add_person(session, seeded, "An", "A", ("member", "A"), now=august)
        merged = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)
        await merge_people(session, source=an.id, target=listed.id, actor_id=office.id, now=merged)
        kept = listed.id
        await mark_away(
            session, actor, await session.get_one(Person, head.id), until=date(2027, 2, 28), now=NOW
        )
    told = await _after_the_night(app, datetime(2027, 2, 28, 17, 15, tzinfo=UTC))  # Monday 1/3/2027
    assert set(told) == {kept, office.id}, told
    (to_an,) = told[kept]
    assert "Anh/chị vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_an, to_an
    (to_office,) = told[office.id]
    assert "An vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_office, to_office


async def _an_stands_in_from_20_november(
    session: AsyncSession, actor: Acting, an_id: int, role: str, covers: Person
) -> RoleChange:
    """On Friday 20/11/2026 the office gives An `role` in Phòng A, to stand in for `covers`."""
    return await grant_role(
        session,
        actor,
        await session.get_one(Person, an_id),
        role,
        "A",
        now=datetime(2026, 11, 20, 2, 0, tzinfo=UTC),
        given_for=STAND_IN,
        covers=covers,
    )


async def test_a_stand_in_named_for_a_head_whose_records_were_made_one_is_told_at_that_heads_return(
    app: App,
) -> None:
    """On Friday 20/11/2026 the office gives An Phòng A's leader role to stand in for Lãnh đạo A (named, as
    1348 asks); on 23/11 it makes Lãnh đạo A's two records one, keeping the staff list's row, and records
    her sick leave on it until 28/02/2027. The grant names the record merged away: An read as a stand-in
    for another head, on 1/3/2027 nothing was sent (`{}`) and `people list` said nobody she stood in for.
    The head named is the record kept: An and the office are told, and she stands in for it (1757)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        head, an, office = (seeded.people[n] for n in ("Lãnh đạo A", "An", "Văn phòng"))
        actor = await actor_for(session, await session.get_one(Person, office.id))
        await _an_stands_in_from_20_november(
            session, actor, an.id, "leader", await session.get_one(Person, head.id)
        )
        merged = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
        listed = await add_person(session, seeded, "Lãnh đạo A", "A", ("member", "A"), now=merged)
        await merge_people(session, source=head.id, target=listed.id, actor_id=office.id, now=merged)
        kept = listed.id
        await mark_away(
            session,
            actor,
            await session.get_one(Person, kept),
            until=date(2027, 2, 28),
            now=merged + timedelta(hours=1),
        )
    async with app.sessionmaker() as session:
        covering = await standing_in_for(session, seeded.org.id)
    assert [p.id for p in covering.get((an.id, "leader", seeded.units["A"].id), [])] == [kept], covering
    told = await _after_the_night(app, datetime(2027, 2, 28, 17, 15, tzinfo=UTC))  # Monday 1/3/2027
    assert set(told) == {an.id, office.id}, told
    (to_an,) = told[an.id]
    assert to_an.startswith("Lãnh đạo A đã hết nghỉ dài ngày (đến hết ngày 28/02/2027)"), to_an
    assert "Anh/chị vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_an, to_an
    (to_office,) = told[office.id]
    assert "An vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_office, to_office


@on_buttons
async def test_another_person_said_at_the_question_why_asks_the_name_again_as_at_any_last_look(
    app: App, make_person
) -> None:  # type: ignore[no-untyped-def]
    """The office types “An”, taken at once, and the question why she is given Phòng A's leader role beside
    its head offers “Chọn người khác”. “không phải người này” typed there is that choice, as it is at the
    plain last look (decision 0257): the name is asked again, the role kept, where it was read as No and
    answered “Không có gì thay đổi”, the role to give asked again from the start."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        office = seeded.people["Văn phòng"]
    clerk = make_person(f"p{office.id}")
    await clerk.say("/phanquyen")
    await clerk.choose("Giao vai trò")
    await clerk.say("An")
    await clerk.choose("Lãnh đạo đơn vị")
    screen = await clerk.choose("Phòng A")
    assert "phụ trách thay" in screen and "Chọn người khác" in screen, screen
    screen = await clerk.say("không phải người này")
    assert "Anh/chị giao vai trò lãnh đạo" in screen and "cho ai?" in screen, screen
    assert "Không có gì thay đổi" not in screen, screen


@on_buttons
async def test_a_deputy_appointed_for_good_during_the_heads_leave_is_told_nothing_when_it_ends(
    app: App, make_person
) -> None:
    """An stands in for Lãnh đạo A from Monday 23/11/2026; on 1/12 the office appoints Bình Phòng A's deputy
    for good, saying so. When the leave ends An and the office are told of An's role; Bình, whose role is
    not the leave's, reads nothing and is named to no one (decision 1230)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        head, an, binh, office = (seeded.people[n] for n in ("Lãnh đạo A", "An", "Bình", "Văn phòng"))
        actor = await actor_for(session, await session.get_one(Person, office.id))
        await mark_away(
            session, actor, await session.get_one(Person, head.id), until=date(2027, 2, 28), now=NOW
        )
        for person, day, why in (
            (an, NOW + timedelta(days=1), STAND_IN),
            (binh, NOW + timedelta(days=9), DEPUTY),
        ):
            await grant_role(
                session,
                actor,
                await session.get_one(Person, person.id),
                "leader",
                "A",
                now=day,
                given_for=why,
            )
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    back = datetime(2027, 2, 28, 17, 15, tzinfo=UTC)  # Monday 1/3/2027, 00:15 in Vietnam: the night's job
    await plan_reminders(JobContext(app.sessionmaker, app.settings), back)
    told = await _told(app, since)
    assert set(told) == {an.id, office.id}, told
    (to_office,) = told[office.id]
    assert "An vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_office, to_office
    assert "Bình" not in to_office, to_office


async def test_a_stand_in_for_one_head_told_at_a_second_heads_return_is_told_again_when_her_own_leave_ends(
    app: App,
) -> None:
    """Phòng A has two heads, Lãnh đạo A and Bình (appointed in June). On Friday 20/11/2026 the office gives
    An the leader role to stand in for Lãnh đạo A, whose sick leave it records on Tuesday 24/11 until
    28/02/2027; Bình's own leave, recorded on 23/11 until Friday 4/12, ends first. On 5/12 the office was
    asked to take An's role back “if it is no longer needed”, with nothing to do: Lãnh đạo A was still away.
    It is told she goes on for Lãnh đạo A and until when, and so is An (decision 1678). When Lãnh đạo A's
    leave ends, the one An stood in for, An and the office are told again: nothing was sent, and An kept a
    leader's rights with nobody told (decision 1270)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        head, an, binh, office = (seeded.people[n] for n in ("Lãnh đạo A", "An", "Bình", "Văn phòng"))
        actor = await actor_for(session, await session.get_one(Person, office.id))
        second_head = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
        await grant_role(
            session, actor, await session.get_one(Person, binh.id), "leader", "A", now=second_head
        )
        stand_in = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
        await grant_role(
            session,
            actor,
            await session.get_one(Person, an.id),
            "leader",
            "A",
            now=stand_in,
            given_for=STAND_IN,
        )
        binh_away = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
        await mark_away(
            session, actor, await session.get_one(Person, binh.id), until=date(2026, 12, 4), now=binh_away
        )
        head_away = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
        await mark_away(
            session, actor, await session.get_one(Person, head.id), until=date(2027, 2, 28), now=head_away
        )
        # Lãnh đạo A reads the paper: her weekly message is off, and her return does not say it comes (2506);
        # Bình's, on, says no more of it: one's choice is not read by comparing two returns (decision 2555)
        await set_monday_off(session, head.id, True, now=head_away)
    ctx = JobContext(app.sessionmaker, app.settings)
    await plan_reminders(ctx, datetime(2026, 12, 4, 17, 15, tzinfo=UTC))  # Saturday 5/12, 00:15
    first = await _told(app, 0)
    assert first[an.id][-1] == (
        "Bình đã hết nghỉ dài ngày (đến hết ngày 04/12/2026). Anh/chị tiếp tục giữ vai trò lãnh đạo Phòng "
        "A để phụ trách thay Lãnh đạo A (nghỉ đến hết ngày 28/02/2027); văn phòng sẽ được báo lại khi kỳ "
        "nghỉ ấy kết thúc."
    ), first
    (to_office,) = (text for text in first[office.id] if text.startswith("Bình đã hết nghỉ dài ngày"))
    assert to_office.startswith("Bình đã hết nghỉ dài ngày (đến hết ngày 04/12/2026). An"), to_office
    assert "An tiếp tục phụ trách thay Lãnh đạo A (nghỉ đến hết ngày 28/02/2027): hiện chưa cần thu lại" in (
        to_office
    ), to_office
    assert "“Phân quyền”" not in to_office, to_office
    async with app.sessionmaker() as session:
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    await plan_reminders(ctx, datetime(2027, 2, 28, 17, 15, tzinfo=UTC))  # Monday 1/3/2027, 00:15
    told = await _told(app, since)
    assert set(told) == {an.id, office.id}, told
    (to_an,) = told[an.id]
    assert to_an.startswith("Lãnh đạo A đã hết nghỉ dài ngày (đến hết ngày 28/02/2027). Anh/chị vẫn"), to_an
    assert "Anh/chị vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_an, to_an
    (to_office,) = told[office.id]
    assert to_office.startswith("Lãnh đạo A đã hết nghỉ dài ngày (đến hết ngày 28/02/2027). An"), to_office
    assert "An vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_office, to_office


@on_text_only
async def test_a_stand_in_asked_whom_she_covers_is_told_at_that_heads_return_not_at_the_other_heads(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """Phòng A has two heads, Lãnh đạo A and Bình (appointed in June). On Friday 20/11/2026 the office gives
    An the leader role in the chat to stand in for Lãnh đạo A, whose operation is booked; Bình's short trip,
    recorded on 23/11 until Friday 4/12, ends before Lãnh đạo A's leave is recorded on 7/12 until
    28/02/2027. “Stand in for whom” was not asked: An and the office were told at Bình's return, and at
    Lãnh đạo A's nothing was sent (`{}`). Asked and answered, An is told at Lãnh đạo A's return only
    (decision 1348)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        head, an, binh, office = (seeded.people[n] for n in ("Lãnh đạo A", "An", "Bình", "Văn phòng"))
        actor = await actor_for(session, await session.get_one(Person, office.id))
        june = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
        await grant_role(session, actor, await session.get_one(Person, binh.id), "leader", "A", now=june)
    clerk = make_person(f"p{office.id}")
    clock.at = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    await clerk.say("/phanquyen")
    await clerk.choose("Giao vai trò")
    await clerk.say("An")
    await clerk.choose("Lãnh đạo đơn vị")
    await clerk.choose("Phòng A")
    whom = await clerk.choose("Có, phụ trách thay khi lãnh đạo nghỉ")
    assert "Anh/chị giao cho An phụ trách thay lãnh đạo nào?" in whom, whom
    assert "Xong: An đã có vai trò lãnh đạo Phòng A" in await clerk.choose("Lãnh đạo A")
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, office.id))
        binh_away = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
        await mark_away(
            session, actor, await session.get_one(Person, binh.id), until=date(2026, 12, 4), now=binh_away
        )
    ctx = JobContext(app.sessionmaker, app.settings)
    async with app.sessionmaker() as session:
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    await plan_reminders(ctx, datetime(2026, 12, 4, 17, 15, tzinfo=UTC))  # Saturday 5/12, 00:15
    assert an.id not in await _told(app, since)  # Bình's return is not the one An stands in for
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, office.id))
        head_away = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
        await mark_away(
            session, actor, await session.get_one(Person, head.id), until=date(2027, 2, 28), now=head_away
        )
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    await plan_reminders(ctx, datetime(2027, 2, 28, 17, 15, tzinfo=UTC))  # Monday 1/3/2027, 00:15
    told = await _told(app, since)
    assert set(told) == {an.id, office.id}, told
    (to_an,) = told[an.id]
    assert to_an.startswith("Lãnh đạo A đã hết nghỉ dài ngày (đến hết ngày 28/02/2027)"), to_an
    assert "Anh/chị vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_an, to_an


@on_text_only
async def test_a_role_the_staff_list_gave_months_before_said_to_stand_in_once_the_leave_is_recorded_is_told(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """The staff list gave An Phòng A's leader role in June, saying no why. On Sunday 22/11/2026 the office
    records Lãnh đạo A's leave until 28/02/2027 and gives An the role in “Phân quyền”, choosing “Có, phụ
    trách thay khi lãnh đạo nghỉ”: she held it already, so it read “… đã có vai trò …: không thay đổi gì”
    and nothing was kept, and when the leave ended nothing was sent (`{}`): the June grant, read by its day,
    is a second leader's. The reason said of a role held is kept and said so, and An and the office are told
    when the leave ends (decision 1271)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        head, an, office = (seeded.people[n] for n in ("Lãnh đạo A", "An", "Văn phòng"))
        actor = await actor_for(session, await session.get_one(Person, office.id))
        june = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
        await grant_role(session, actor, await session.get_one(Person, an.id), "leader", "A", now=june)
        await mark_away(
            session, actor, await session.get_one(Person, head.id), until=date(2027, 2, 28), now=NOW
        )
    clerk = make_person(f"p{office.id}")
    clock.at = NOW + timedelta(hours=1)
    await clerk.say("/phanquyen")
    await clerk.choose("Giao vai trò")
    await clerk.say("An")
    await clerk.choose("Lãnh đạo đơn vị")
    await clerk.choose("Phòng A")
    kept = await clerk.choose("Có, phụ trách thay khi lãnh đạo nghỉ")
    assert "An đã có vai trò lãnh đạo Phòng A. Đã ghi: vai trò này để phụ trách thay" in kept, kept
    async with app.sessionmaker() as session:
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    back = datetime(2027, 2, 28, 17, 15, tzinfo=UTC)  # Monday 1/3/2027, 00:15 in Vietnam: the night's job
    await plan_reminders(JobContext(app.sessionmaker, app.settings), back)
    told = await _told(app, since)
    assert set(told) == {an.id, office.id}, told
    (to_an,) = told[an.id]
    assert "Anh/chị vẫn giữ vai trò lãnh đạo Phòng A được giao trong thời gian nghỉ" in to_an, to_an


async def _lan_away_and_drives_appealed(app: App, make_person, ids: dict[str, int], until: str) -> int:  # type: ignore[no-untyped-def]
    """Hùng records Lan on maternity leave until `until`; on 10/12/2026, during it, he appeals to everyone
    for “Áo ấm” (open to 31/03/2027) and “Tết 2027” (to 10/02/2027). The last outbox row's id before."""
    hung = make_person("hung")
    await hung.say(f"chị Lan nghỉ thai sản đến {until}")
    await hung.choose("Có, xác nhận")
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        warm = await create_drive(
            session, officer, NewDrive("Áo ấm", date(2026, 11, 1), date(2027, 3, 31)), now=NOW
        )
        tet = await create_drive(
            session, officer, NewDrive("Tết 2027", date(2026, 11, 1), date(2027, 2, 10)), now=NOW
        )
        for drive in (warm, tet):
            await send_appeal(
                session,
                officer,
                Draft("Mời anh chị chung tay.", Audience("org"), drive.id),
                now=datetime(2026, 12, 10, 2, 0, tzinfo=UTC),  # during her leave
                settings=app.settings,
            )
        return await session.scalar(select(func.max(OutboxMessage.id))) or 0


@on_buttons
async def test_lan_back_from_maternity_leave_is_told_once_of_the_drive_her_colleagues_were_asked_to_give_to(
    app: App, make_person
) -> None:
    """Lan on maternity leave until 15/03/2027; meanwhile “Áo ấm”, open to 31/03/2027, was appealed for to
    everyone, and she was left out (decision 0740). On her first morning back nothing told her of it: the
    appeal stays cancelled for her, and no follow-up was due. Now, once, she reads that it is open and that
    giving is voluntary; Mai, never away, reads nothing more; a drive over by then is not named (0904)."""
    ids = await seed_drives(app)
    since = await _lan_away_and_drives_appealed(app, make_person, ids, "15/3/2027")
    ctx = JobContext(app.sessionmaker, app.settings)
    await plan_reminders(ctx, datetime(2027, 3, 15, 2, 0, tzinfo=UTC))  # her last day of leave: nothing yet
    assert ids["lan"] not in await _told(app, since)
    back = datetime(2027, 3, 15, 17, 15, tzinfo=UTC)  # Tuesday 16/3/2027, 00:15 in Vietnam
    await plan_reminders(ctx, back)
    await plan_reminders(ctx, back + timedelta(days=1))  # the next night: not again
    told = await _told(app, since)
    (welcome,) = told[ids["lan"]]
    assert "Chào mừng anh/chị đi làm lại." in welcome, welcome
    assert "“Áo ấm” (đến hết ngày 31/03/2027)" in welcome and "Tết 2027" not in welcome, welcome
    assert "Ủng hộ là tự nguyện" in welcome, welcome
    assert ids["mai"] not in told, told


@on_text_only
async def test_lan_back_early_by_the_office_is_told_once_of_the_drive_her_colleagues_were_asked_to_give_to(
    app: App, make_person
) -> None:
    """Lan on maternity leave until 15/03/2027 comes back early: on Wednesday 3/3/2027 Hùng records that she
    is back at work (“chị Lan đã đi làm lại”). “Áo ấm”, appealed for meanwhile, is still open; she was told
    nothing of it, where a colleague whose leave ran to its last day is (decision 0927)."""
    ids = await seed_drives(app)
    since = await _lan_away_and_drives_appealed(app, make_person, ids, "15/3/2027")
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        lan = await session.get_one(Person, ids["lan"])
        await mark_away(session, officer, lan, until=None, now=datetime(2027, 3, 3, 2, 0, tzinfo=UTC))
    ctx = JobContext(app.sessionmaker, app.settings)
    back = datetime(2027, 3, 3, 17, 15, tzinfo=UTC)  # Thursday 4/3/2027, 00:15 in Vietnam: the night's job
    await plan_reminders(ctx, back)
    await plan_reminders(ctx, back + timedelta(days=1))  # the next night: not again
    told = await _told(app, since)
    (welcome,) = told.get(ids["lan"], [""])
    assert "Chào mừng anh/chị đi làm lại." in welcome, told
    assert "“Áo ấm” (đến hết ngày 31/03/2027)" in welcome and "Tết 2027" not in welcome, welcome
    assert ids["mai"] not in told, told


@on_buttons
async def test_a_leave_ending_on_a_friday_is_welcomed_on_monday_morning_not_on_the_weekend(
    app: App, make_person
) -> None:
    """Lan's leave ends on Friday 12/3/2027; she is back on Monday 15/3. The night's job on Saturday wrote her
    welcome for 08:00 that Saturday, a message on a day off where no reminder goes (decision 0234); now it
    waits for Monday's morning, and comes once (decision 0928)."""
    ids = await seed_drives(app)
    since = await _lan_away_and_drives_appealed(app, make_person, ids, "12/3/2027")
    ctx = JobContext(app.sessionmaker, app.settings)
    saturday = datetime(2027, 3, 12, 17, 15, tzinfo=UTC)  # Saturday 13/3/2027, 00:15 in Vietnam
    for night in range(3):  # Saturday, Sunday and Monday nights
        await plan_reminders(ctx, saturday + timedelta(days=night))
    async with app.sessionmaker() as session:
        rows = list(
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.id > since, OutboxMessage.person_id == ids["lan"])
            )
        )
    assert len(rows) == 1, rows
    welcome = OutboundMessage.from_payload(rows[0].payload).text
    assert "Chào mừng anh/chị đi làm lại." in welcome and "“Áo ấm” (đến hết ngày 31/03/2027)" in welcome, (
        welcome
    )
    due = rows[0].not_before.replace(tzinfo=UTC).astimezone(LOCAL_TZ)
    assert (due.date(), due.hour) == (date(2027, 3, 15), 8), due  # Monday, her first day back, at 08:00


@on_text_only
async def test_a_head_recorded_back_early_has_her_stand_in_and_the_office_told_the_role_is_still_held(
    app: App, make_person, clock: MovableClock
) -> None:
    """Lãnh đạo A on sick leave until 28/02/2027, An given Phòng A's leader role meanwhile; on Wednesday
    24/2/2027 she is back at work and says so herself. Both lead again, and nobody was told that the role
    given for the leave was still held, as they are when a leave runs to its last day (decisions 0903, 0927).
    Her “chị đi làm lại rồi”, of herself, was refused as a leave officers record: now her return (2770)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        head, an, office = (seeded.people[n] for n in ("Lãnh đạo A", "An", "Văn phòng"))
    clerk = make_person(f"p{office.id}")
    await clerk.say("chị Lãnh đạo A nghỉ ốm đến 28/2/2027")
    await clerk.choose("Có, xác nhận")
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, office.id))
        await grant_role(session, actor, await session.get_one(Person, an.id), "leader", "A", now=MONDAY)
    clock.at = datetime(2027, 2, 24, 2, 0, tzinfo=UTC)  # Wednesday 24/2/2027, 09:00 in Vietnam
    herself = make_person(f"p{head.id}")
    # a word of address alone, said by one away: her own return, no colleague asked for (decision 2770)
    asked = await herself.say("chị đi làm lại rồi")
    assert "Ghi nhận anh/chị đã đi làm lại?" in asked and "ai đã đi làm lại" not in asked, asked
    assert "Xong: đã ghi anh/chị đã đi làm lại." in await herself.choose("Có, xác nhận")
    async with app.sessionmaker() as session:
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    ctx = JobContext(app.sessionmaker, app.settings)
    night = datetime(2027, 2, 24, 17, 15, tzinfo=UTC)  # Thursday 25/2/2027, 00:15 in Vietnam
    await plan_reminders(ctx, night)
    await plan_reminders(ctx, night + timedelta(days=1))  # the next night: told once
    told = await _told(app, since)
    assert set(told) == {an.id, office.id}, told
    (to_an,) = told[an.id]
    assert "Lãnh đạo A đã hết nghỉ dài ngày (đến hết ngày 23/02/2027)" in to_an, to_an
    assert "Anh/chị vẫn giữ vai trò lãnh đạo Phòng A" in to_an, to_an


@on_buttons
async def test_lan_back_whose_record_was_merged_during_her_leave_is_told_of_the_drive(
    app: App, make_person
) -> None:
    """Lan's maternity leave, to 15/03/2027, was recorded on the record she joined by; January's staff list
    gave her a second row and the office made the two one, keeping the list's: her leave went on with it
    (0774), but on her return nothing told her of “Áo ấm”, the leave's record being on the merged-away row's
    audit (decision 0929)."""
    ids = await seed_drives(app)
    since = await _lan_away_and_drives_appealed(app, make_person, ids, "15/3/2027")
    january = datetime(2027, 1, 11, 2, 0, tzinfo=UTC)
    async with app.sessionmaker() as session, session.begin():
        units = {u.code: u for u in await session.scalars(select(Unit))}
        listed = await add_staff(
            session, {"A": units["KN"]}, "Nguyễn Thị Lan", "A", (("member", "A"),), chat_id="lan-list"
        )
        listed.listed = True  # as January's staff list leaves it
        await merge_people(session, source=ids["lan"], target=listed.id, actor_id=None, now=january)
        kept = listed.id
    ctx = JobContext(app.sessionmaker, app.settings)
    back = datetime(2027, 3, 15, 17, 15, tzinfo=UTC)  # Tuesday 16/3/2027, 00:15 in Vietnam
    await plan_reminders(ctx, back)
    await plan_reminders(ctx, back + timedelta(days=1))
    told = await _told(app, since)
    (welcome,) = told.get(kept, [""])
    assert "Chào mừng anh/chị đi làm lại." in welcome, told
    assert "“Áo ấm” (đến hết ngày 31/03/2027)" in welcome, welcome


@on_text_only
async def test_lan_back_in_january_is_told_of_the_drive_a_december_appeal_asked_the_unregistered_to_give_to(
    app: App, make_person
) -> None:
    """The plan ended with 2026 and nothing was loaded after it. Lan, on maternity leave until Sunday
    3/1/2027, had not registered for 2026; on 10/12/2026 Hùng appealed for “Tết 2027” (open to 10/02/2027) to
    “Những người chưa đăng ký thi đua năm nay”, as she is. On her first morning back nothing told her of it:
    the appeal's audience, read on 4/1 of a year no plan covers, was refused (1123), and the appeal skipped as
    one its author may no longer send. It is read for the year it was written, as it reached her colleagues
    (decision 1147)."""
    ids = await seed_drives(app)
    hung = make_person("hung")
    await hung.say("chị Lan nghỉ thai sản đến 3/1/2027")
    await hung.choose("Có, xác nhận")
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        session.add(
            Campaign(
                org_id=officer.org_id, slug="vi-nguoi-ngheo-2022-2026", title="Vì người nghèo 2022–2026",
                starts_on=date(2022, 1, 1), ends_on=date(2026, 12, 31), loaded_at=NOW,
            )
        )  # fmt: skip
        tet = await create_drive(
            session, officer, NewDrive("Tết 2027", date(2026, 11, 1), date(2027, 2, 10)), now=NOW
        )
        await send_appeal(
            session,
            officer,
            Draft("Mời anh chị chung tay.", Audience("no_commitment"), tet.id),
            now=datetime(2026, 12, 10, 2, 0, tzinfo=UTC),  # during her leave
            settings=app.settings,
        )
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    back = datetime(2027, 1, 3, 17, 15, tzinfo=UTC)  # Monday 4/1/2027, 00:15 in Vietnam: the night's job
    await plan_reminders(JobContext(app.sessionmaker, app.settings), back)
    told = await _told(app, since)
    (welcome,) = told.get(ids["lan"], [""])
    assert "Chào mừng anh/chị đi làm lại." in welcome, told
    assert "“Tết 2027” (đến hết ngày 10/02/2027)" in welcome, welcome


async def _treasurer_away_and_an_standing_in(
    app: App, make_person, clock, training: bool = False
) -> tuple[Seeded, int]:  # type: ignore[no-untyped-def]
    """Chi, the treasurer of Phòng A, recorded on maternity leave on Monday 2/11/2026 until Friday 4/12
    (`training`: away on training); on 3/11 the office gives An (who reads English) the treasurer's role in
    “Phân quyền”, to stand in for her; on 10/11 An confirms Bình's gift. The last outbox row's id after."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        chi, an, binh, office = (seeded.people[n] for n in ("Chi", "An", "Bình", "Văn phòng"))
        actor = await actor_for(session, await session.get_one(Person, office.id))
        june = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
        await grant_role(session, actor, await session.get_one(Person, chi.id), "treasurer", "A", now=june)
        (await session.get_one(Person, an.id)).locale = "en"
        await mark_away(
            session,
            actor,
            await session.get_one(Person, chi.id),
            until=date(2026, 12, 4),
            now=datetime(2026, 11, 2, 2, 0, tzinfo=UTC),
            training=training,
        )
    clerk = make_person(f"p{office.id}")
    clock.at = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
    await clerk.say("/phanquyen")
    await clerk.choose("Giao vai trò")
    await clerk.say("An")
    await clerk.choose("Thủ quỹ")
    why = await clerk.choose("Phòng A")
    away = "đang đi học, tập huấn" if training else "đang nghỉ dài ngày"  # (decision 2445)
    assert f"Chi {away}: anh/chị giao để phụ trách thay người đó" in why, why
    done = await clerk.choose("Có, phụ trách thay Chi")
    ends = "thời gian đi học, tập huấn ấy" if training else "kỳ nghỉ ấy"  # (decision 2516)
    assert f"Phụ trách thay Chi: vai trò tự kết thúc khi {ends} kết thúc" in done, done
    async with app.sessionmaker() as session, session.begin():
        gift = ledger_entry(
            await session.get_one(Person, binh.id), "money", 200_000, at=clock.at, status="recorded"
        )
        session.add(gift)
        await session.flush()
        treasurer = await actor_for(session, await session.get_one(Person, an.id))
        await decide(
            session, gift, confirmed=True, actor=treasurer, now=datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
        )
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    return seeded, since


async def _binh_away_and_an_covering_him_too(
    app: App, seeded: Seeded, *, until: date, training: bool = False
) -> RoleChange:
    """On 4/11/2026 the office makes Bình treasurer of Phòng A too and records him away until `until`; on
    20/11 it gives An the role to stand in for him as well (`_an_stands_in_from_20_november`)."""
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, seeded.people["Văn phòng"].id))
        november = datetime(2026, 11, 4, 2, 0, tzinfo=UTC)
        other = await session.get_one(Person, seeded.people["Bình"].id)
        await grant_role(session, actor, other, "treasurer", "A", now=november)
        await mark_away(session, actor, other, until=until, now=november, training=training)
        return await _an_stands_in_from_20_november(
            session, actor, seeded.people["An"].id, "treasurer", other
        )


async def _roles_of(app: App, person_id: int) -> set[tuple[str, int | None]]:
    async with app.sessionmaker() as session:
        rows = await session.execute(
            select(RoleAssignment.role, RoleAssignment.unit_id).where(RoleAssignment.person_id == person_id)
        )
        return {(role, unit_id) for role, unit_id in rows}


@on_buttons
async def test_a_treasurers_stand_in_loses_the_role_by_itself_when_her_leave_ends_and_both_are_told(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """Chi, treasurer of Phòng A, on maternity leave until Friday 4/12/2026; An stands in for her, given
    the role in “Phân quyền”. “Stand in for whom” was not asked of a treasurer's role, and An kept it, with
    the sight of every colleague's amounts, until the office took it back by hand: on 5/12 nothing was
    sent. The night after Chi's last day the role ends by itself, the revocation audited with why; An is
    told in English, Chi in Vietnamese with the count of gifts An confirmed; a second run writes nothing
    (decision 1430)."""
    seeded, since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, unit_a = seeded.people["Chi"], seeded.people["An"], seeded.units["A"].id
    assert ("treasurer", unit_a) in await _roles_of(app, an.id)
    ctx = JobContext(app.sessionmaker, app.settings)
    saturday = datetime(2026, 12, 4, 17, 15, tzinfo=UTC)  # Saturday 5/12, 00:15: her first day back
    await plan_reminders(ctx, saturday)
    assert ("treasurer", unit_a) not in await _roles_of(app, an.id)
    assert ("treasurer", unit_a) in await _roles_of(app, chi.id)
    async with app.sessionmaker() as session:
        why = await session.scalar(
            select(AuditLog.details).where(
                AuditLog.action == "role.revoke", AuditLog.entity == "person", AuditLog.entity_id == an.id
            )
        )
    assert why is not None and (why["for"], why["head"], why["ended"]) == ("stand_in", chi.id, "head_back")
    told = await _told(app, since)
    office = seeded.people["Văn phòng"]
    assert set(told) == {an.id, chi.id, office.id}, told
    assert told[office.id] == [  # who gave it, in one line: no gift, no amount (decision 1543)
        "Vai trò thủ quỹ Phòng A giao cho An để phụ trách thay Chi đã tự kết thúc: Chi đã trở lại sau kỳ "
        "nghỉ dài ngày (ngày nghỉ cuối 04/12/2026)."
    ], told
    (to_an,) = told[an.id]
    assert to_an.startswith(
        "Chi is back from long leave (last day 04/12/2026), so the role of treasurer of Phòng A you were "
        "given to stand in for them has ended"
    ), to_an
    (to_chi,) = told[chi.id]
    assert "Trong thời gian anh/chị nghỉ, An phụ trách thay vai trò thủ quỹ Phòng A" in to_chi, to_chi
    assert "1 khoản đóng góp do người đó xác nhận" in to_chi, to_chi
    assert "Những quyết định trong thời gian ấy vẫn được lưu, đứng tên người đó." in to_chi, to_chi
    assert "nhật ký" not in to_chi, to_chi  # the audit is the office's word, not hers
    assert "200.000" not in to_chi and "Bình" not in to_chi, to_chi  # a count, never whose or how much
    async with app.sessionmaker() as session:
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    await plan_reminders(ctx, saturday + timedelta(hours=8))  # the same day again, after a restart
    assert await _told(app, since) == {}


@on_text_only
async def test_a_treasurers_stand_in_is_kept_over_her_leaves_extension_and_ended_when_she_is_back_early(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """Chi's leave, recorded until 4/12/2026, is extended on 1/12 to 15/01/2027: on 5/12 An keeps the role
    and nobody is told. Chi comes back early, recorded “đã đi làm lại” on Thursday 10/12: that night An's
    role ends as at a leave's last day, and both are told (decision 1430)."""
    seeded, _since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, office, unit_a = (*(seeded.people[n] for n in ("Chi", "An", "Văn phòng")), seeded.units["A"].id)
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, office.id))
        extended = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
        await mark_away(
            session, actor, await session.get_one(Person, chi.id), until=date(2027, 1, 15), now=extended
        )
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    ctx = JobContext(app.sessionmaker, app.settings)
    await plan_reminders(ctx, datetime(2026, 12, 4, 17, 15, tzinfo=UTC))  # Saturday 5/12, 00:15
    assert ("treasurer", unit_a) in await _roles_of(app, an.id)
    assert an.id not in await _told(app, since) and chi.id not in await _told(app, since)
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, office.id))
        back = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
        await mark_away(session, actor, await session.get_one(Person, chi.id), until=None, now=back)
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    await plan_reminders(ctx, datetime(2026, 12, 10, 17, 15, tzinfo=UTC))  # Friday 11/12, 00:15
    assert ("treasurer", unit_a) not in await _roles_of(app, an.id)
    told = await _told(app, since)  # the office hears of 2027 not set up yet, nothing of An's role
    assert "(last day 09/12/2026), so the role of treasurer of Phòng A" in told[an.id][0], told
    assert "An phụ trách thay vai trò thủ quỹ Phòng A" in told[chi.id][0], told


@on_buttons
async def test_a_treasurer_saying_she_is_back_early_ends_her_stand_ins_role_at_once_and_the_office_hears(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """Chi, on leave until 4/12/2026 with An standing in, comes back early and says so herself on Thursday
    26/11 (“tôi đã đi làm lại”). An kept the treasurer's role, with the sight of every colleague's amounts,
    until the night's job; and the office that gave it heard nothing of its end. Now it ends as she is
    recorded back, in that same answer; An, Chi and the office are told, and the night writes nothing more
    of it (decisions 1542, 1543)."""
    seeded, since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, office, unit_a = (*(seeded.people[n] for n in ("Chi", "An", "Văn phòng")), seeded.units["A"].id)
    clock.at = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # Thursday, 10:00 in Vietnam
    her = make_person(f"p{chi.id}")
    await her.say("tôi đã đi làm lại")
    done = await her.choose("Có, xác nhận")
    assert "Xong: đã ghi anh/chị đã đi làm lại." in done, done
    assert ("treasurer", unit_a) not in await _roles_of(app, an.id)
    assert ("treasurer", unit_a) in await _roles_of(app, chi.id)
    told = await _told(app, since)
    assert told[an.id][0].startswith("Chi is back from long leave (last day 25/11/2026), so the role"), told
    assert any("An phụ trách thay vai trò thủ quỹ Phòng A" in text for text in told[chi.id]), told
    assert told[office.id] == [
        "Vai trò thủ quỹ Phòng A giao cho An để phụ trách thay Chi đã tự kết thúc: Chi đã trở lại sau kỳ "
        "nghỉ dài ngày (ngày nghỉ cuối 25/11/2026)."
    ], told
    assert await _after_the_night(app, datetime(2026, 11, 26, 17, 15, tzinfo=UTC)) == {}  # Friday 27/11


@on_buttons
async def test_a_stand_in_for_two_treasurers_on_leave_keeps_the_role_until_the_last_of_them_is_back(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """An stands in for Chi, treasurer of Phòng A on leave until 4/12/2026. Bình, the unit's other
    treasurer, goes on leave on 4/11 until Friday 18/12, and on 20/11 the office gives An the role again,
    “Có, phụ trách thay Bình”: the chat said “An đã là thủ quỹ Phòng A: không thay đổi gì.”, and on 5/12 the
    night took the role at Chi's return, leaving the unit with no treasurer at work while Bình was still
    away. Now it covers both and ends when the last of their leaves ends (decision 1544)."""
    seeded, _since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, binh, office, unit_a = (
        *(seeded.people[n] for n in ("Chi", "An", "Bình", "Văn phòng")),
        seeded.units["A"].id,
    )
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, office.id))
        november = datetime(2026, 11, 4, 2, 0, tzinfo=UTC)
        other = await session.get_one(Person, binh.id)
        await grant_role(session, actor, other, "treasurer", "A", now=november)
        await mark_away(session, actor, other, until=date(2026, 12, 18), now=november)
    clerk = make_person(f"p{office.id}")
    clock.at = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    await clerk.say("/phanquyen")
    await clerk.choose("Giao vai trò")
    await clerk.say("An")
    await clerk.choose("Thủ quỹ")
    await clerk.choose("Phòng A")
    done = await clerk.choose("Có, phụ trách thay Bình")
    assert "nay phụ trách thay cả Bình" in done and "không thay đổi gì" not in done, done
    assert "Vai trò tự kết thúc khi những người nghỉ đều đã đi làm lại." in done, done
    told = await _after_the_night(app, datetime(2026, 12, 4, 17, 15, tzinfo=UTC))  # Saturday 5/12
    assert ("treasurer", unit_a) in await _roles_of(app, an.id)
    assert an.id not in told and office.id not in told, told
    told = await _after_the_night(app, datetime(2026, 12, 18, 17, 15, tzinfo=UTC))  # Saturday 19/12
    assert ("treasurer", unit_a) not in await _roles_of(app, an.id)
    assert told[an.id][0].startswith("Bình is back from long leave (last day 18/12/2026)"), told
    assert any("An phụ trách thay vai trò thủ quỹ Phòng A" in text for text in told[binh.id]), told
    assert chi.id not in told, told
    async with app.sessionmaker() as session:
        why = await session.scalar(
            select(AuditLog.details).where(
                AuditLog.action == "role.revoke", AuditLog.entity == "person", AuditLog.entity_id == an.id
            )
        )
    assert why is not None and (why["head"], why["heads"]) == (binh.id, [chi.id, binh.id]), why


@on_text_only
async def test_a_stand_in_for_two_tells_the_first_back_it_goes_on_and_counts_gifts_from_the_first_grant(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """An stands in for Chi, treasurer of Phòng A on leave until Friday 4/12/2026, from 3/11, and confirms
    Bình's gift on 10/11; Bình, the unit's other treasurer, away from 4/11 until 18/12, is covered too from
    20/11. On 5/12 Chi, back, was told nothing: not that An, who had stood in for her, still held the role
    for Bình. On 19/12 Bình read “0 khoản … do người đó xác nhận”, counted from 20/11, though An had stood in
    with a treasurer's sight since 3/11. Chi is told in one line, once; the count starts at the first grant
    (decision 1676)."""
    seeded, _since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, binh = (seeded.people[n] for n in ("Chi", "Bình"))
    done = await _binh_away_and_an_covering_him_too(app, seeded, until=date(2026, 12, 18))
    assert done.reason == ALSO_COVERS
    told = await _after_the_night(app, datetime(2026, 12, 4, 17, 15, tzinfo=UTC))  # Saturday 5/12
    assert told == {
        chi.id: [
            "Chào mừng anh/chị trở lại. An đã phụ trách thay anh/chị vai trò thủ quỹ Phòng A, nay tiếp tục "
            "phụ trách thay Bình đến hết ngày 18/12/2026."
        ]
    }, told
    assert await _after_the_night(app, datetime(2026, 12, 5, 17, 15, tzinfo=UTC)) == {}  # Sunday 6/12: once
    told = await _after_the_night(app, datetime(2026, 12, 18, 17, 15, tzinfo=UTC))  # Saturday 19/12
    (to_binh,) = told[binh.id]
    assert "An phụ trách thay vai trò thủ quỹ Phòng A" in to_binh, to_binh
    assert "1 khoản đóng góp do người đó xác nhận" in to_binh, to_binh
    assert chi.id not in told, told


@on_buttons
@pytest.mark.parametrize("binh_training", [True, False], ids=["both-on-training", "binh-on-leave"])
async def test_a_stand_in_for_two_whose_leaves_end_the_same_day_tells_each_back_once(
    app: App, make_person, clock, binh_training: bool
) -> None:  # type: ignore[no-untyped-def]
    """An stands in for Chi, treasurer of Phòng A on leave until Friday 4/12/2026, from 3/11; Bình, the
    unit's other treasurer, away from 4/11 until the same Friday, is covered too from 20/11. On 5/12 the
    night took the role and told An and the office of Bình alone, and Bình that it had ended; Chi, back the
    same morning, read nothing (`chi.id not in told`). Each colleague back is told once, An and the office
    name both, and the night after writes nothing (decision 1756). Both away on training, An and the office
    read “back from long leave”: now “back from training” (decision 2410); Chi from a course and Bình from
    leave, “back from long leave” of both: now “back from training or long leave” (decision 2445); the
    roll-up said An in place of both “người nghỉ dài ngày”: now Chi on the training's line (decision 2773)."""
    seeded, _since = await _treasurer_away_and_an_standing_in(app, make_person, clock, training=True)
    chi, an, binh, office = (seeded.people[n] for n in ("Chi", "An", "Bình", "Văn phòng"))
    done = await _binh_away_and_an_covering_him_too(
        app, seeded, until=date(2026, 12, 4), training=binh_training
    )
    assert done.reason == ALSO_COVERS
    # Monday 30/11: the roll-up says whom An covers by the leave each is on, Chi at a course apart (2773)
    await weekly(app, datetime(2026, 11, 30, 0, 30, tzinfo=UTC))
    rollup = "\n".join((await digests(app))[seeded.people["Thủ trưởng"].id])
    covering = {"Chi": "Chi, Bình"} if binh_training else {"Chi": "Chi", "Bình": "Bình"}
    for head, heads in covering.items():
        leave = "đi học, tập huấn" if head == "Chi" else "nghỉ dài ngày"
        said = f"Đang làm thay người {leave}: An (thủ quỹ Phòng A) làm thay {heads} đến 04/12/2026."
        assert said in rollup, rollup
    told = await _after_the_night(app, datetime(2026, 12, 4, 17, 15, tzinfo=UTC))  # Saturday 5/12
    assert ("treasurer", seeded.units["A"].id) not in await _roles_of(app, an.id)
    for back in (chi, binh):
        (to_back,) = told.get(back.id, [])
        assert "Trong thời gian anh/chị nghỉ, An phụ trách thay vai trò thủ quỹ Phòng A" in to_back, told
        assert "1 khoản đóng góp do người đó xác nhận" in to_back, to_back
    back = "training" if binh_training else "training or long leave"
    assert told[an.id] == [
        f"Chi and Bình are back from {back} (last day 04/12/2026), so the role of treasurer of Phòng A "
        "you were given to stand in for them has ended, from your next message. Thank you for standing in: "
        "what you decided meanwhile stays recorded under your name."
    ], told
    back = "đi học, tập huấn" if binh_training else "đi học, tập huấn hoặc kỳ nghỉ dài ngày"
    assert told[office.id] == [
        "Vai trò thủ quỹ Phòng A giao cho An để phụ trách thay Chi và Bình đã tự kết thúc: họ đều đã trở "
        f"lại sau thời gian {back} (ngày cuối 04/12/2026)."
    ], told
    assert await _after_the_night(app, datetime(2026, 12, 5, 17, 15, tzinfo=UTC)) == {}  # Sunday 6/12: once


@examples_on_one_profile("her_night", [False, True], ids=["bot-down-on-her-night", "her-night-ran"])
async def test_a_colleague_back_earlier_that_week_whose_night_was_missed_is_told_once_at_the_end(
    app: App, make_person, clock, her_night: bool
) -> None:  # type: ignore[no-untyped-def]
    """An stands in for Chi, treasurer of Phòng A on leave until Friday 4/12/2026, and from 20/11 for Bình
    too, away until Tuesday 1/12. The bot down on the night of Wednesday 2/12, Bình's first day back, the
    night of 5/12 took the role and told Chi, An and the office; Bình read nothing, then or ever. Now the
    night that ends the role tells her too, once, where no night told her that it went on; where one did
    (2/12), she is not told again (decision 1839)."""
    seeded, _since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, binh = (seeded.people[n] for n in ("Chi", "An", "Bình"))
    done = await _binh_away_and_an_covering_him_too(app, seeded, until=date(2026, 12, 1))
    assert done.reason == ALSO_COVERS
    if her_night:
        told = await _after_the_night(app, datetime(2026, 12, 1, 17, 15, tzinfo=UTC))  # Wednesday 2/12
        (goes_on,) = told[binh.id]
        assert "tiếp tục phụ trách thay Chi" in goes_on, goes_on
    told = await _after_the_night(app, datetime(2026, 12, 4, 17, 15, tzinfo=UTC))  # Saturday 5/12
    assert ("treasurer", seeded.units["A"].id) not in await _roles_of(app, an.id)
    (to_chi,) = told[chi.id]
    assert "Trong thời gian anh/chị nghỉ, An phụ trách thay vai trò thủ quỹ Phòng A" in to_chi, told
    if her_night:
        assert binh.id not in told, told  # told on 2/12 that it went on: not twice
    else:
        (to_binh,) = told.get(binh.id, [None])
        assert to_binh is not None, told
        assert "Trong thời gian anh/chị nghỉ, An phụ trách thay vai trò thủ quỹ Phòng A" in to_binh, to_binh
        assert "1 khoản đóng góp do người đó xác nhận" in to_binh, to_binh
    assert len(told[an.id]) == 1, told
    assert await _after_the_night(app, datetime(2026, 12, 5, 17, 15, tzinfo=UTC)) == {}  # Sunday 6/12: once


@examples_on_one_profile(
    "binh_until", [date(2026, 12, 1), date(2026, 11, 25)], ids=["that-week", "weeks-before"]
)
async def test_each_colleague_back_is_named_to_the_stand_in_and_one_back_weeks_before_is_told_once(
    app: App, make_person, clock, binh_until: date
) -> None:  # type: ignore[no-untyped-def]
    """An stands in for Chi, treasurer of Phòng A on leave until Friday 4/12/2026, and from 20/11 for Bình
    too, away until Tuesday 1/12 (the same week) or Wednesday 25/11 (more than a week before); the bot down
    on every night between. On 5/12 An and the office read only “Chi is back …”, though Bình came back too;
    Bình back on 25/11 read nothing, ever (decision 1839's Left). Now An's and the office's lines name both,
    and Bình is told once, as one back the same week is (decision 1905). Bình back weeks before from a
    course and Chi from leave read “back from long leave”: now “from training or long leave” (2445)."""
    seeded, _since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, binh, office = (seeded.people[n] for n in ("Chi", "An", "Bình", "Văn phòng"))
    mixed = binh_until == date(2026, 11, 25)  # Bình on training, Chi on leave
    await _binh_away_and_an_covering_him_too(app, seeded, until=binh_until, training=mixed)
    told = await _after_the_night(app, datetime(2026, 12, 4, 17, 15, tzinfo=UTC))  # Saturday 5/12
    assert ("treasurer", seeded.units["A"].id) not in await _roles_of(app, an.id)
    (to_an,) = told[an.id]
    back = "training or long leave" if mixed else "long leave"
    assert to_an.startswith(f"Chi and Bình are back from {back} (the last on 04/12/2026)"), to_an
    (to_office,) = told[office.id]
    back = "thời gian đi học, tập huấn hoặc kỳ nghỉ dài ngày" if mixed else "kỳ nghỉ dài ngày"
    assert f"thay Chi và Bình đã tự kết thúc: họ đều đã trở lại sau {back} (người cuối" in to_office, (
        to_office
    )
    (to_binh,) = told.get(binh.id, [None])
    assert to_binh is not None, told
    assert "Trong thời gian anh/chị nghỉ, An phụ trách thay vai trò thủ quỹ Phòng A" in to_binh, to_binh
    assert len(told[chi.id]) == 1, told
    assert await _after_the_night(app, datetime(2026, 12, 5, 17, 15, tzinfo=UTC)) == {}  # Sunday 6/12: once


async def test_a_stand_in_said_again_for_two_colleagues_at_once_covers_both(
    pg_app: App,  # noqa: F811
) -> None:
    """An stands in for Chi, treasurer of Phòng A on leave until 4/12/2026; Bình and Cường, the unit's other
    treasurers, are away until 18/12. On 20/11 two officers give An the role again at the same moment, one
    “phụ trách thay Bình”, the other “phụ trách thay Cường”: each read what was said (Chi), and the later
    write kept Chi and Cường only, so the role would end on 18/12 with nobody told it still covered Bình.
    Now the second waits for the first's hold on An's role and reads it again: it covers all three."""
    app = pg_app
    june, november = datetime(2026, 6, 1, 3, 0, tzinfo=UTC), datetime(2026, 11, 4, 2, 0, tzinfo=UTC)
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
        await add_person(session, seeded, "Cường", "A", ("member", "A"), now=june)
        office = await actor_for(session, await session.get_one(Person, seeded.people["Văn phòng"].id))
        for name, until in (
            ("Chi", date(2026, 12, 4)),
            ("Bình", date(2026, 12, 18)),
            ("Cường", date(2026, 12, 18)),
        ):
            colleague = await session.get_one(Person, seeded.people[name].id)
            await grant_role(session, office, colleague, "treasurer", "A", now=june)
            await mark_away(session, office, colleague, until=until, now=november)
        chi = await session.get_one(Person, seeded.people["Chi"].id)
        an = await session.get_one(Person, seeded.people["An"].id)
        await grant_role(session, office, an, "treasurer", "A", now=november, given_for=STAND_IN, covers=chi)
        an_id, binh_id, cuong_id, office_id = (
            an.id, seeded.people["Bình"].id, seeded.people["Cường"].id, seeded.people["Văn phòng"].id,
        )  # fmt: skip
    said = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    async with app.sessionmaker() as first, first.begin(), app.sessionmaker() as second, second.begin():
        one, other = (
            await actor_for(first, await first.get_one(Person, office_id)),
            await actor_for(second, await second.get_one(Person, office_id)),
        )
        done = await grant_role(
            first, one, await first.get_one(Person, an_id), "treasurer", "A", now=said,
            given_for=STAND_IN, covers=await first.get_one(Person, binh_id),
        )  # fmt: skip
        await first.flush()
        assert done.reason == ALSO_COVERS
        trying = grant_role(
            second, other, await second.get_one(Person, an_id), "treasurer", "A", now=said,
            given_for=STAND_IN, covers=await second.get_one(Person, cuong_id),
        )  # fmt: skip
        running = asyncio.ensure_future(trying)
        waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
        async with app.sessionmaker() as watcher:
            while not running.done() and not await watcher.scalar(waiting):
                await watcher.rollback()  # a fresh look at the server each time round
        await first.commit()
        assert (await running).reason == ALSO_COVERS
    async with app.sessionmaker() as session:
        _at, details = (await said_of(session, [an_id]))[(an_id, "treasurer", seeded.units["A"].id)]
    assert covered_heads(details) == [chi.id, binh_id, cuong_id], details


@on_text_only
async def test_a_stand_ins_role_given_her_for_good_during_the_leave_is_not_taken_at_its_end(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """An stands in for Chi, treasurer of Phòng A on leave until 4/12/2026. On 20/11 the office, Chi having
    asked to hand the role over, gives An the same role “Có, giao lâu dài”: the chat said “An đã là thủ quỹ
    Phòng A: không có gì thay đổi.”, and on 5/12 the night still took the role from An as a stand-in's, the
    unit's only treasurer at work then, and told her and Chi it had ended (decision 1486)."""
    seeded, since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, office, unit_a = (*(seeded.people[n] for n in ("Chi", "An", "Văn phòng")), seeded.units["A"].id)
    clerk = make_person(f"p{office.id}")
    clock.at = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    await clerk.say("/phanquyen")
    await clerk.choose("Giao vai trò")
    await clerk.say("An")
    await clerk.choose("Thủ quỹ")
    await clerk.choose("Phòng A")
    done = await clerk.choose("Có, giao lâu dài")
    assert "An đã là thủ quỹ Phòng A, được giao để phụ trách thay" in done, done
    assert "nay giữ lâu dài" in done and "không thay đổi gì" not in done, done
    async with app.sessionmaker() as session:
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    await plan_reminders(
        JobContext(app.sessionmaker, app.settings), datetime(2026, 12, 4, 17, 15, tzinfo=UTC)
    )
    assert ("treasurer", unit_a) in await _roles_of(app, an.id)
    told = await _told(app, since)
    assert an.id not in told, told
    assert not any("phụ trách thay" in text for text in told.get(chi.id, [])), told


@on_text_only
async def test_a_stand_ins_role_ends_when_the_leave_of_the_record_hers_was_merged_into_ends(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """An stands in for Chi, on leave until 4/12/2026. On 16/11 the office makes Chi's two records one,
    keeping the staff list's row: her leave goes on with it, but An's grant names the record merged away, so
    on 5/12 An kept the treasurer's role, with the sight of every colleague's amounts, and nobody was told.
    The record kept is hers: An's role ends and Chi is told on it (decision 1487)."""
    seeded, since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, unit_a = seeded.people["Chi"], seeded.people["An"], seeded.units["A"].id
    async with app.sessionmaker() as session, session.begin():
        listed = await add_person(session, seeded, "Chi", "A", ("member", "A"), now=NOW)
        await merge_people(
            session,
            source=chi.id,
            target=listed.id,
            actor_id=None,
            now=datetime(2026, 11, 16, 2, 0, tzinfo=UTC),
        )
        kept = listed.id
    await plan_reminders(
        JobContext(app.sessionmaker, app.settings), datetime(2026, 12, 4, 17, 15, tzinfo=UTC)
    )
    assert ("treasurer", unit_a) not in await _roles_of(app, an.id)
    assert ("treasurer", unit_a) in await _roles_of(app, kept)
    told = await _told(app, since)
    assert told[an.id][0].startswith("Chi is back from long leave (last day 04/12/2026)"), told
    (to_chi,) = told[kept]
    assert "An phụ trách thay vai trò thủ quỹ Phòng A" in to_chi, to_chi


async def _chi_no_longer_treasurer(app: App, seeded: Seeded, how: str) -> datetime:
    """On Friday 20/11/2026, during her leave, the office takes Chi's treasurer's role of Phòng A away
    (“revoke”), or records that she left the organisation that day (“left”), which takes her roles off.
    When."""
    chi, office = seeded.people["Chi"], seeded.people["Văn phòng"]
    friday = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, office.id))
        head = await session.get_one(Person, chi.id)
        if how == "revoke":
            await revoke_role(session, actor, head, "treasurer", "A", now=friday)
        else:
            await mark_left(session, actor, head, on=local_date(friday), now=friday)
    return friday


async def _after_the_night(app: App, night: datetime) -> dict[int, list[str]]:
    async with app.sessionmaker() as session:
        since = await session.scalar(select(func.max(OutboxMessage.id))) or 0
    await plan_reminders(JobContext(app.sessionmaker, app.settings), night)
    return await _told(app, since)


@on_buttons
async def test_a_stand_in_for_a_treasurers_role_taken_from_her_during_her_leave_is_the_offices_to_end(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """An stands in for Chi, treasurer of Phòng A on leave until 4/12/2026. On 20/11 the office takes Chi's
    role away. On 5/12 the night still took An's role, leaving Phòng A without a treasurer, and told Chi
    that An had stood in for her “vai trò thủ quỹ Phòng A”, a role she no longer holds. Now the night after
    20/11 the office is told once that An's role no longer ends by itself; An keeps it, Chi is told nothing
    (decision 1488)."""
    seeded, _since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, office, unit_a = (*(seeded.people[n] for n in ("Chi", "An", "Văn phòng")), seeded.units["A"].id)
    friday = await _chi_no_longer_treasurer(app, seeded, "revoke")
    told = await _after_the_night(app, friday.replace(hour=17, minute=15))  # Saturday 21/11, 00:15
    (to_office,) = told[office.id]
    assert to_office.startswith(
        "An đang giữ vai trò thủ quỹ Phòng A, được giao để phụ trách thay Chi trong kỳ nghỉ; "
        "Chi nay không còn giữ vai trò ấy"
    ), to_office
    assert "thu hồi trong “Phân quyền”" in to_office, to_office
    assert an.id not in told and chi.id not in told, told
    assert await _after_the_night(app, datetime(2026, 11, 21, 17, 15, tzinfo=UTC)) == {}  # said once
    told = await _after_the_night(app, datetime(2026, 12, 4, 17, 15, tzinfo=UTC))  # Saturday 5/12
    assert ("treasurer", unit_a) in await _roles_of(app, an.id)
    assert an.id not in told and chi.id not in told, told


@on_text_only
async def test_a_stand_in_for_a_treasurer_who_left_during_her_leave_is_told_to_the_office(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """An stands in for Chi, on leave until 4/12/2026; Chi leaves the organisation on 20/11. The leave's end
    skips people who have left: An kept the treasurer's role, with the sight of every colleague's amounts,
    with no end and nobody told. Now the night after, the office is told once that it is theirs to take back
    (decision 1488)."""
    seeded, _since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, office = (seeded.people[n] for n in ("Chi", "An", "Văn phòng"))
    friday = await _chi_no_longer_treasurer(app, seeded, "left")
    told = await _after_the_night(app, friday.replace(hour=17, minute=15))
    (to_office,) = told[office.id]
    assert "phụ trách thay Chi trong kỳ nghỉ; Chi nay không còn giữ vai trò ấy" in to_office, to_office
    assert an.id not in told and chi.id not in told, told


@on_buttons
async def test_a_return_the_staff_list_records_at_the_shell_ends_the_stand_ins_role_at_once(
    app: App, make_person, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """An stands in for Chi, on leave until 4/12/2026. On Thursday 26/11 the office imports the personnel
    office's list, whose “Nghỉ đến” says 25/11: the import said “Chi đã đi làm lại”, yet An kept the
    treasurer's role, with the sight of every colleague's amounts, until the night, and nobody heard of its
    end that day. The shell's import has the settings to tell them: it ends as “đã đi làm lại” in the chat
    does (decisions 1542, 1594)."""
    seeded, since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, office, unit_a = (*(seeded.people[n] for n in ("Chi", "An", "Văn phòng")), seeded.units["A"].id)
    listed = tmp_path / "danh-sach.csv"
    listed.write_text(
        "Đơn vị,Họ và tên,Chức vụ,Số điện thoại,Vai trò,Nghỉ đến\nPhòng A,Chi,,,,25/11/2026\n",
        encoding="utf-8",
    )
    async with app.sessionmaker() as session:
        org = await session.get_one(Organisation, seeded.org.id)
    thursday = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # as `chungtay org import` calls it
    report = await import_staff(app.sessionmaker, org, listed, now=thursday, settings=app.settings)
    assert [change.message for change in report.away] == [
        "Dòng 2: Chi đã đi làm lại: cột ghi nghỉ đến hết ngày 25/11/2026 (thay cho ngày 04/12/2026)"
    ]
    assert ("treasurer", unit_a) not in await _roles_of(app, an.id)
    told = await _told(app, since)
    assert told[an.id][0].startswith("Chi is back from long leave (last day 25/11/2026), so the role"), told
    assert any("An phụ trách thay vai trò thủ quỹ Phòng A" in text for text in told[chi.id]), told
    assert told[office.id] == [
        "Vai trò thủ quỹ Phòng A giao cho An để phụ trách thay Chi đã tự kết thúc: Chi đã trở lại sau kỳ "
        "nghỉ dài ngày (ngày nghỉ cuối 25/11/2026)."
    ], told
    assert await _after_the_night(app, datetime(2026, 11, 26, 17, 15, tzinfo=UTC)) == {}  # Friday 27/11


@on_text_only
async def test_the_same_staff_list_imported_again_after_her_return_does_not_send_her_back_on_leave(
    app: App, make_person, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Chi, on leave until 4/12/2026 as the personnel office's list says, with An standing in, says on
    Thursday 26/11 “tôi đã đi làm lại”; An's role ends. On Friday 27/11 the office imports the same list
    again, its “Nghỉ đến” still 04/12/2026: the import said “Chi nghỉ dài ngày đến hết ngày 04/12/2026” and
    recorded her away again, no appeal nor reminder for her a week more, her digest counted apart. The day
    is that of the leave she came back from: kept at work, the row says why and what to do (decision 1595)."""
    seeded, _since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi = seeded.people["Chi"]
    clock.at = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    her = make_person(f"p{chi.id}")
    await her.say("tôi đã đi làm lại")
    assert "Xong: đã ghi anh/chị đã đi làm lại." in await her.choose("Có, xác nhận")
    listed = tmp_path / "danh-sach.csv"
    listed.write_text(
        "Đơn vị,Họ và tên,Chức vụ,Số điện thoại,Vai trò,Nghỉ đến\nPhòng A,Chi,,,,04/12/2026\n",
        encoding="utf-8",
    )
    async with app.sessionmaker() as session:
        org = await session.get_one(Organisation, seeded.org.id)
    friday = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    report = await import_staff(app.sessionmaker, org, listed, now=friday, settings=app.settings)
    assert report.away == [], report.away
    assert [warning.message for warning in report.warnings] == [
        "Dòng 2: cột “Nghỉ đến” ghi 04/12/2026, ngày cuối của kỳ nghỉ mà Chi đã được ghi đi làm lại ngày "
        "26/11/2026: không ghi nghỉ lại; nếu người đó nghỉ tiếp, ghi ngày khác vào cột, hoặc dùng "
        "`chungtay people away`"
    ]
    async with app.sessionmaker() as session:
        assert (await session.get_one(Person, chi.id)).away_until is None


@on_buttons
async def test_a_stand_ins_role_ends_at_the_leaves_end_when_her_own_record_was_merged_into_another(
    app: App, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """An stands in for Chi, on leave until 4/12/2026. On 16/11 the office makes An's two records one,
    keeping the staff list's row: the treasurer's role went with her, but its grant's audit row stayed on
    the record merged away, so on 5/12 the night read no stand-in's role, and An kept the role, with the
    sight of every colleague's amounts, with no end and nobody told. The grant is the kept record's: it
    ends as any stand-in's (decisions 1487, 1596)."""
    seeded, since = await _treasurer_away_and_an_standing_in(app, make_person, clock)
    chi, an, office, unit_a = (*(seeded.people[n] for n in ("Chi", "An", "Văn phòng")), seeded.units["A"].id)
    async with app.sessionmaker() as session, session.begin():
        listed = await add_person(session, seeded, "An", "A", ("member", "A"), now=NOW)
        await merge_people(
            session,
            source=an.id,
            target=listed.id,
            actor_id=None,
            now=datetime(2026, 11, 16, 2, 0, tzinfo=UTC),
        )
        kept = listed.id
    assert ("treasurer", unit_a) in await _roles_of(app, kept)
    await plan_reminders(
        JobContext(app.sessionmaker, app.settings), datetime(2026, 12, 4, 17, 15, tzinfo=UTC)
    )
    assert ("treasurer", unit_a) not in await _roles_of(app, kept)
    told = await _told(app, since)
    assert told[kept][0].startswith("Chi is back from long leave (last day 04/12/2026)"), told
    assert any("An phụ trách thay vai trò thủ quỹ Phòng A" in text for text in told[chi.id]), told
    assert told[office.id] == [
        "Vai trò thủ quỹ Phòng A giao cho An để phụ trách thay Chi đã tự kết thúc: Chi đã trở lại sau kỳ "
        "nghỉ dài ngày (ngày nghỉ cuối 04/12/2026)."
    ], told
