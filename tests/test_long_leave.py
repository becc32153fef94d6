"""Colleagues away on long leave — maternity leave, long sick leave, a year's secondment (decision 0740): said
in the chat by their officer or the office as people say it, then no appeal or reminder reaches them until the
day after, the digest says them apart from who has not taken part, and on their return all goes on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.app import App
from bot.clock import local_date
from bot.db.models import OutboxMessage, Person, RegistrationWindow, Reminder
from bot.delivery.transport import OutboundMessage
from bot.domain.access import actor_for
from bot.domain.appeals import Audience, preview
from bot.domain.digests import send_weekly
from bot.domain.drives import NewDrive, create_drive, non_givers
from bot.domain.reminders import derive, scan
from tests.support.clocks import NOW
from tests.support.orgs import seed
from tests.test_drives import seed as seed_drives

MONDAY = datetime(2026, 12, 7, 0, 30, tzinfo=UTC)  # 07:30 in Vietnam: the weekly digest's hour


async def test_an_officer_says_lan_is_on_maternity_leave_and_no_appeal_reaches_her_until_she_is_back(
    app: App, make_person
) -> None:
    ids = await seed_drives(app)  # hung: officer of the whole organisation; lan, mai of A; binh, tam of B
    hung = make_person("hung")
    asked = await hung.say("chị Lan nghỉ thai sản đến 15/3/2027")
    assert "Anh/chị ghi Nguyễn Thị Lan nghỉ dài ngày đến hết ngày 15/03/2027?" in asked
    done = await hung.choose("Có, xác nhận")
    assert "Đã ghi Nguyễn Thị Lan nghỉ dài ngày đến hết ngày 15/03/2027." in done
    # a member may not say it of a colleague: told kindly who may, and nothing changes
    refused = await make_person("tam").say("chị Mai nghỉ ốm đến 20/12/2026")
    assert "Chỉ cán bộ phụ trách hoặc văn phòng ghi người nghỉ dài ngày" in refused
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


async def test_a_colleague_on_long_leave_is_said_apart_in_the_digest_and_reminded_of_nothing(
    app: App, make_person
) -> None:
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)  # A: Lãnh đạo A, An (registered), Bình, Chi; the office: Văn phòng
        session.add(
            RegistrationWindow(
                org_id=seeded.org.id, year=2026, opens_on=date(2026, 10, 1), closes_on=date(2026, 12, 10)
            )
        )
        office, chi, binh = (seeded.people[name].id for name in ("Văn phòng", "Chi", "Bình"))
    clerk = make_person(f"p{office}")
    await clerk.say("đ/c Chi nghỉ ốm đến 28/2/2027")
    await clerk.choose("Có, xác nhận")
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
        assert await send_weekly(session, now=MONDAY, settings=app.settings) >= 1
        rows = await session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.key.like("digest:%"), OutboxMessage.person_id == seeded.people["Lãnh đạo A"].id
            )
        )
        text = "\n".join(OutboundMessage.from_payload(row.payload).text for row in rows)
    # Phòng A: 4 people, An registered, Chi away: 1 of 3, Chi said apart
    assert "1/3 người (33%)" in text and "1 người đang nghỉ dài ngày, không tính" in text


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
