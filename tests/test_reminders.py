"""Reminders end to end on a real database: derived from the plan's deadlines, the registration window and
the data; sent by the one scan into the outbox, only to those concerned, in their language, one message per
person and day; outside quiet hours and holidays; capped per week for optional ones and off on request; and
their buttons "Remind me in a day" and "Done" work through the engine. The clock is injected: each step
names the instant it runs at."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.clock import LOCAL_TZ
from bot.conversation.render import render_text
from bot.db.models import OutboxMessage, Person, RegistrationWindow, Reminder
from bot.delivery.transport import OutboundMessage
from bot.domain.org_settings import DaysOff, days_off_of
from bot.domain.reminders import derive, due_time, later, optional_off, scan, set_optional_off, snooze
from bot.messages import BUTTONS, TEXT_ONLY
from tests.support.clocks import NOW
from tests.support.orgs import Seeded, add_deadline, commit_to, read_back, seed
from tests.support.templates import Templates


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


async def _seeded(session: AsyncSession) -> Seeded:
    return await seed(session, local(2026, 11, 1, 9))


@pytest.fixture
def database_file(migrated_template: Path, seed_templates: Templates, tmp_path: Path) -> Path:
    """The test's SQLite file is a copy of one `_seeded` wrote once a test process (tests/conftest.py's
    `db_path`, decision 2880): seeding it again took a tenth of a second of every test."""
    if _seeded not in seed_templates.sqlite:
        asyncio.run(seed_templates.sqlite_copy(_seeded, migrated_template, tmp_path / "seeded.db"))
    return seed_templates.sqlite[_seeded][0]


@pytest.fixture
async def org(app: App, database_file: Path, seed_templates: Templates) -> Seeded:
    """The seeded organisation, read back from the test's copy (a module that asks for `org` takes this
    module's `database_file` with it)."""
    return await read_back(app.sessionmaker, seed_templates.sqlite[_seeded][1])


async def run_derive(app: App, at: datetime) -> int:
    async with app.sessionmaker() as session, session.begin():
        return await derive(session, now=at, settings=app.settings)


async def run_scan(app: App, at: datetime):  # type: ignore[no-untyped-def]
    async with app.sessionmaker() as session, session.begin():
        return await scan(session, now=at, settings=app.settings)


async def messages(app: App) -> dict[int, list[OutboundMessage]]:
    """Reminder messages in the outbox, by person."""
    async with app.sessionmaker() as session:
        rows = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.key.like("reminder:%")).order_by(OutboxMessage.id)
            )
        ).all()
    found: dict[int, list[OutboundMessage]] = {}
    for row in rows:
        found.setdefault(row.person_id, []).append(OutboundMessage.from_payload(row.payload))
    return found


async def reminders(app: App) -> list[Reminder]:
    async with app.sessionmaker() as session:
        return list((await session.scalars(select(Reminder).order_by(Reminder.id))).all())


def ids(org: Seeded, *names: str) -> set[int]:
    return {org.people[name].id for name in names}


async def test_dossier_deadline_reminds_its_leaders_7_3_and_1_days_before_at_8(app: App, org: Seeded) -> None:
    await run_derive(app, local(2026, 12, 3, 0, 15))
    rows = [r for r in await reminders(app) if r.topic == "deadline"]
    # The plan's 10/12 unit dossier deadline: audience "leader" (unit leaders and the organisation's leader).
    assert {r.person_id for r in rows} == ids(org, "Lãnh đạo A", "Lãnh đạo B", "Thủ trưởng")
    assert sorted({r.due_at.astimezone(LOCAL_TZ) for r in rows}) == [
        local(2026, 12, 3, 8),
        local(2026, 12, 7, 8),
        local(2026, 12, 9, 8),
    ]
    assert await run_derive(app, local(2026, 12, 3, 0, 15)) == 0  # deriving again writes nothing

    assert (await run_scan(app, local(2026, 12, 3, 7, 59))).messages == 0  # not yet due
    assert (await run_scan(app, local(2026, 12, 3, 8, 0))).messages == 3
    assert (await run_scan(app, local(2026, 12, 3, 8, 1))).messages == 0  # a scan run twice sends once
    sent = await messages(app)
    assert set(sent) == ids(org, "Lãnh đạo A", "Lãnh đạo B", "Thủ trưởng")
    vietnamese = sent[org.people["Lãnh đạo A"].id][0]
    assert "hồ sơ đề nghị khen thưởng" in vietnamese.text and "10/12/2026" in vietnamese.text
    # The dossier's work a press away (the proposals), then the reminder's own buttons.
    assert [label for _code, label in vietnamese.actions] == ["Khen thưởng", "Nhắc lại sau 1 ngày", "Đã xong"]
    english = sent[org.people["Lãnh đạo B"].id][0]
    assert "due on 10/12/2026" in english.text
    assert [label for _code, label in english.actions] == ["Awards", "Remind me in a day", "Done"]


async def test_no_registration_window_means_no_registration_reminders(app: App, org: Seeded) -> None:
    await run_derive(app, local(2026, 11, 22, 9))
    assert not [r for r in await reminders(app) if r.topic == "registration"]


async def test_registration_reminds_only_those_not_registered_and_stops_once_they_register(
    app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    async with app.sessionmaker() as session, session.begin():
        session.add(
            RegistrationWindow(
                org_id=org.org.id, year=2026, opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 30)
            )
        )
    await run_derive(app, local(2026, 11, 22, 9))
    rows = [r for r in await reminders(app) if r.topic == "registration"]
    everyone = set(ids(org, *org.people))
    assert {r.person_id for r in rows} == everyone - ids(org, "An", "Dũng")  # An and Dũng registered
    # 7 days before, and 1 day before: 29/11 is a Sunday, so the closing day's morning (decision 0234)
    assert {r.due_at.astimezone(LOCAL_TZ) for r in rows} == {local(2026, 11, 23, 8), local(2026, 11, 30, 8)}

    assert (await run_scan(app, local(2026, 11, 23, 8))).messages == len(everyone) - 2
    said = (await messages(app))[org.people["Bình"].id][0]
    assert "30/11/2026" in said.text and "/dangky" in said.text
    # Registering is one tap away, as /dangky typed (decision 0487)
    assert [label for _code, label in said.actions] == ["Đăng ký thi đua", "Nhắc lại sau 1 ngày", "Đã xong"]
    clock.at = local(2026, 11, 23, 9)
    answer = await press(app, org.people["Bình"].id, said, "Đăng ký thi đua", clock.at)
    assert "Anh/chị chọn các nội dung đăng ký năm 2026." in answer

    async with app.sessionmaker() as session, session.begin():  # Bình registers in the meantime
        await commit_to(session, org, org.people["Bình"], 200_000, year=2026, now=local(2026, 11, 25, 9))
    result = await run_scan(app, local(2026, 11, 30, 8))
    assert result.done == 1  # seen by the bot: nothing to remind Bình of
    assert len((await messages(app))[org.people["Bình"].id]) == 1
    assert len((await messages(app))[org.people["Chi"].id]) == 2
    # pressed once the window has closed: said so, and what is still open to her, never "from the menu"
    first = (await messages(app))[org.people["Chi"].id][0]
    clock.at = local(2026, 12, 1, 9)
    answer = await press(app, org.people["Chi"].id, first, "Đăng ký thi đua", clock.at)
    assert "Đăng ký thi đua năm 2026 đã hết hạn ngày 30/11/2026." in answer and "/donggop" in answer
    assert "từ menu" not in answer


async def test_before_a_report_people_with_a_commitment_are_asked_to_record_never_shamed(
    app: App, org: Seeded
) -> None:
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "bao-cao-ket-qua-2026", date(2026, 11, 30), "leader")
    await run_derive(app, local(2026, 11, 23, 0, 15))
    record = [r for r in await reminders(app) if r.topic == "record"]
    assert {r.person_id for r in record} == ids(org, "An", "Dũng")
    assert {r.due_at.astimezone(LOCAL_TZ).date() for r in record} == {date(2026, 11, 23), date(2026, 11, 30)}
    await run_scan(app, local(2026, 11, 23, 8))
    text = (await messages(app))[org.people["An"].id][0].text
    assert "báo cáo của đơn vị" in text
    assert "chưa đủ" not in text and "not enough" not in text


async def test_a_report_due_in_january_asks_to_record_only_while_a_gift_still_counts_for_its_year(
    app: App, org: Seeded
) -> None:
    """The year's report due Tuesday 5/1/2027 is 2026's: on 29/12 An and Dũng (registered for 2026) are
    asked to record what they gave, which still counts for 2026; on 4/1 nobody is, as a gift recorded then
    counts for 2027 (decision 0076) and cannot complete the report; Bình, registered for 2027 alone, never
    is. The leaders are reminded of the deadline as ever (decision 0536)."""
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "bao-cao-ket-qua-nam-2026", date(2027, 1, 5), "leader")
        await commit_to(session, org, org.people["Bình"], 300_000, year=2027, now=local(2026, 12, 20, 9))
    day = date(2026, 12, 28)
    while day <= date(2027, 1, 5):
        await run_derive(app, local(day.year, day.month, day.day, 0, 15))
        await run_scan(app, local(day.year, day.month, day.day, 8))
        day += timedelta(days=1)
    sent = await messages(app)
    for name in ("An", "Dũng"):
        (asked,) = sent[org.people[name].id]
        assert "báo cáo của đơn vị" in asked.text and "05/01/2027" in asked.text
    assert org.people["Bình"].id not in sent
    record = [r for r in await reminders(app) if r.topic == "record"]
    assert {r.due_at.astimezone(LOCAL_TZ).date() for r in record} == {date(2026, 12, 29)}
    said_to_leader = [m.text for m in sent[org.people["Lãnh đạo A"].id]]
    assert len(said_to_leader) == 2 and all("05/01/2027" in text for text in said_to_leader)


@pytest.mark.parametrize("code", ["bao-cao-quy-1", "bao-cao-quy-1-giai-doan-2026-2030"])
async def test_a_report_of_the_first_quarter_due_in_march_asks_those_registered_for_the_new_year(
    app: App, org: Seeded, code: str
) -> None:
    """The first quarter's report due Wednesday 31/3/2027 is of 2027: on 24/3 and 30/3 those registered for
    2027 (Bình; An, registered for both years) are asked to record what they gave, which counts for 2027;
    Dũng, registered for 2026 alone, is not; the plan's years in its code are not the year it is of (decision
    0552)."""
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, code, date(2027, 3, 31), "leader")
        for name in ("An", "Bình"):
            await commit_to(session, org, org.people[name], 300_000, year=2027, now=local(2026, 12, 20, 9))
    for day in (date(2027, 3, 24), date(2027, 3, 30)):
        await run_derive(app, local(day.year, day.month, day.day, 0, 15))
        await run_scan(app, local(day.year, day.month, day.day, 8))
    sent = await messages(app)
    for name in ("An", "Bình"):
        assert [m.text.count("31/03/2027") > 0 for m in sent[org.people[name].id]] == [True, True]
    assert org.people["Dũng"].id not in sent


async def test_a_reminder_to_record_moved_off_the_new_years_weekend_goes_before_it(
    app: App, org: Seeded
) -> None:
    """2028's report due Sunday 7/1/2029: its 7-day reminder falls on Sunday 31/12/2028, and the next working
    day is Tuesday 2/1/2029 (New Year's Day between), when a gift recorded counts for 2029. An, registered
    for 2028, is asked on Friday 29/12/2028, while it still counts for 2028's report (decision 0552)."""
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "bao-cao-ket-qua-nam-2028", date(2029, 1, 7), "leader")
        await commit_to(session, org, org.people["An"], 300_000, year=2028, now=local(2028, 1, 10, 9))
    day = date(2028, 12, 27)
    while day <= date(2029, 1, 7):
        await run_derive(app, local(day.year, day.month, day.day, 0, 15))
        day += timedelta(days=1)
    record = [r for r in await reminders(app) if r.topic == "record"]
    assert [r.due_at.astimezone(LOCAL_TZ).date() for r in record] == [date(2028, 12, 29)]


@pytest.mark.parametrize("on_31_december", ["the bot is down", "An puts it off a day"])
async def test_a_reminder_to_record_found_only_in_the_new_year_is_not_said(
    app: App, org: Seeded, on_31_december: str
) -> None:
    """2026's report due Thursday 7/1/2027 asks An and Dũng to record on Thursday 31/12/2026. The bot is down
    that day, its next scans on New Year's Day and Monday 4/1; or An presses “Nhắc lại sau 1 ngày”, which
    brings it back on 4/1. A gift recorded on 4/1 counts for 2027: nothing is said late, as nothing recorded
    then could be in 2026's report (decision 0552)."""
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "bao-cao-ket-qua-nam-2026", date(2027, 1, 7), "leader")
    await run_derive(app, local(2026, 12, 31, 0, 15))
    an = org.people["An"].id
    if on_31_december == "An puts it off a day":
        await run_scan(app, local(2026, 12, 31, 8))
        async with app.sessionmaker() as session, session.begin():
            record = [r.id for r in await reminders(app) if r.topic == "record" and r.person_id == an]
            moved, again = await snooze(
                session, an, record, now=local(2026, 12, 31, 9), settings=app.settings
            )
        assert moved == 1 and again is not None and again.astimezone(LOCAL_TZ).date() == date(2027, 1, 4)
    before = {person: len(said) for person, said in (await messages(app)).items()}
    for at in (local(2027, 1, 1, 8), local(2027, 1, 4, 8)):
        await run_derive(app, at)
        await run_scan(app, at)
    sent = await messages(app)
    for name in ("An", "Dũng"):
        person = org.people[name].id
        assert len(sent.get(person, [])) == before.get(person, 0)
    record = [r for r in await reminders(app) if r.topic == "record" and r.status == "due"]
    assert record == []


async def test_several_due_the_same_day_are_one_message(app: App, org: Seeded) -> None:
    async with app.sessionmaker() as session, session.begin():
        session.add(
            RegistrationWindow(
                org_id=org.org.id, year=2026, opens_on=date(2026, 11, 1), closes_on=date(2026, 12, 10)
            )
        )
    await run_derive(app, local(2026, 12, 3, 0, 15))
    await run_scan(app, local(2026, 12, 3, 8))
    leader = org.people["Lãnh đạo A"].id
    (message,) = (await messages(app))[leader]  # the dossier deadline and registration, in one message
    assert "hồ sơ đề nghị khen thưởng" in message.text and "/dangky" in message.text
    assert message.text.count("•") == 2


async def test_optional_reminders_are_capped_per_rolling_week_and_can_be_turned_off(
    app: App, org: Seeded
) -> None:
    """Three optional reminders due to An on 1/12 go in one message, and one on 2/12 in a second: two
    messages, the cap of a rolling week, counted in messages as An reads them (it counted lines, so the two
    lines of one message on 1/12 had used the week up and the eve of the next deadline was never said,
    decision 0269). On 7/12 the optional ones are skipped (counted, never sent late) while the deadline An
    must act on still goes. Dũng turned optional reminders off: only the must ones reach him."""
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "bao-cao-1", date(2026, 12, 8), "leader")
        await add_deadline(session, org, "bao-cao-2", date(2026, 12, 8), "leader")
        await add_deadline(session, org, "bao-cao-3", date(2026, 12, 2), "leader")
        await add_deadline(session, org, "bao-cao-4", date(2026, 12, 3), "leader")
        await add_deadline(session, org, "hop-toan-truong", date(2026, 12, 8), "member")
        await set_optional_off(session, org.people["Dũng"].id, True, now=local(2026, 11, 27, 9))
    await run_derive(app, local(2026, 12, 1, 0, 15))
    an, dung = org.people["An"].id, org.people["Dũng"].id

    first = await run_scan(app, local(2026, 12, 1, 8))
    rows = [r for r in await reminders(app) if r.due_at <= local(2026, 12, 1, 8)]
    mine = [r for r in rows if r.person_id == an]
    assert sorted(r.status for r in mine if not r.must) == ["sent", "sent", "sent"]
    assert [r.status for r in mine if r.must] == ["sent"]
    assert all(r.status == "skipped" for r in rows if r.person_id == dung and not r.must)
    assert [r.status for r in rows if r.person_id == dung and r.must] == ["sent"]
    assert first.skipped == 3  # Dũng's three
    (message,) = (await messages(app))[an]
    assert message.text.count("•") == 4  # the three optional ones and the must one, in one message

    await run_derive(app, local(2026, 12, 2, 0, 15))
    await run_scan(app, local(2026, 12, 2, 8))
    assert "bao-cao-4" in (await messages(app))[an][-1].text  # the second message of the week

    second = await run_scan(app, local(2026, 12, 7, 8))
    rows = [r for r in await reminders(app) if r.person_id == an and r.ends_on == date(2026, 12, 8)]
    later_ones = [r for r in rows if r.due_at.astimezone(LOCAL_TZ).date() == date(2026, 12, 7)]
    assert sorted(r.status for r in later_ones if not r.must) == ["skipped", "skipped"]
    # the must deadline's 3-day reminder (Saturday 5/12) moved to the Monday: its 1-day one says it there
    assert sorted(r.status for r in later_ones if r.must) == ["overtaken", "sent"]
    assert second.skipped >= 2
    assert len((await messages(app))[an]) == 3


def test_quiet_hours_and_holidays_move_a_reminder_never_drop_it(settings) -> None:  # type: ignore[no-untyped-def]
    on_holiday = settings.model_copy(update={"holidays": [date(2026, 12, 3)]})
    # Due on a holiday: the next working day at 08:00.
    assert due_time(date(2026, 12, 3), date(2026, 12, 10), on_holiday).astimezone(LOCAL_TZ) == local(
        2026, 12, 4, 8
    )
    # The deadline itself is the next day and a holiday too: the working day before.
    both = settings.model_copy(update={"holidays": [date(2026, 12, 9), date(2026, 12, 10)]})
    assert due_time(date(2026, 12, 9), date(2026, 12, 10), both).astimezone(LOCAL_TZ) == local(2026, 12, 8, 8)
    # An hour inside the quiet hours moves to their end.
    late = settings.model_copy(update={"reminder_hour": 22})
    assert due_time(date(2026, 12, 3), date(2026, 12, 10), late).astimezone(LOCAL_TZ) == local(2026, 12, 4, 7)
    # "Remind me in a day" pressed at 21:30: a day later is quiet, so 07:00 the day after; a holiday then
    # moves it to the next working day.
    far = local(2026, 12, 20)
    assert later(local(2026, 12, 7, 21, 30), far, settings).astimezone(LOCAL_TZ) == local(2026, 12, 9, 7)
    holiday_after = settings.model_copy(update={"holidays": [date(2026, 12, 9)]})
    assert later(local(2026, 12, 7, 21, 30), far, holiday_after).astimezone(LOCAL_TZ) == local(
        2026, 12, 10, 8
    )
    # The weekend is off (decision 0234): Saturday 5/12 and Sunday 6/12 wait for Monday 7/12; a deadline on
    # the Sunday is reminded on the Friday before; pressed on a Friday, a day later is the Monday.
    assert due_time(date(2026, 12, 5), date(2026, 12, 10), settings).astimezone(LOCAL_TZ) == local(
        2026, 12, 7, 8
    )
    assert due_time(date(2026, 12, 6), date(2026, 12, 10), settings).astimezone(LOCAL_TZ) == local(
        2026, 12, 7, 8
    )
    assert due_time(date(2026, 12, 5), date(2026, 12, 6), settings).astimezone(LOCAL_TZ) == local(
        2026, 12, 4, 8
    )
    assert later(local(2026, 12, 4, 9), far, settings).astimezone(LOCAL_TZ) == local(2026, 12, 7, 8)
    # An organisation whose settings say it works on Saturdays is reminded on them, never on a Sunday.
    saturdays = DaysOff(saturdays=((2026, True),))
    assert due_time(date(2026, 12, 5), date(2026, 12, 10), settings, saturdays).astimezone(LOCAL_TZ) == local(
        2026, 12, 5, 8
    )
    assert due_time(date(2026, 12, 6), date(2026, 12, 10), settings, saturdays).astimezone(LOCAL_TZ) == local(
        2026, 12, 7, 8
    )


async def test_a_reminder_missed_while_the_bot_was_down_waits_out_the_quiet_hours(
    app: App, org: Seeded
) -> None:
    """The bot was down at 08:00 on 3/12 and comes back at 23:00: the leaders are not woken at 23:00 nor at
    05:00; the reminder goes at 07:00, in the language its reader chose in the meantime (decision 0231)."""
    await run_derive(app, local(2026, 12, 3, 0, 15))
    assert (await run_scan(app, local(2026, 12, 3, 23, 0))).messages == 0
    assert (await run_scan(app, local(2026, 12, 4, 5, 0))).messages == 0
    assert await messages(app) == {}

    leader = org.people["Lãnh đạo A"].id
    channel = CollectingChannel(app.engine, TEXT_ONLY)
    await channel.receive(f"p{leader}", text="/ngonngu en", at=local(2026, 12, 4, 6, 30))
    assert (await run_scan(app, local(2026, 12, 4, 7, 0))).messages == 3
    (english,) = (await messages(app))[leader]
    assert english.text.startswith("A reminder from Chung Tay:") and "due on 10/12/2026" in english.text
    assert [label for _code, label in english.actions] == ["Awards", "Remind me in a day", "Done"]


async def test_a_reminder_held_over_a_downtime_onto_the_weekend_waits_for_monday_unless_its_deadline_is_first(
    app: App, org: Seeded
) -> None:
    """The bot is down from Thursday 3/12 and comes back on Saturday 5/12 at 09:00. The 10/12 dossier's
    7-day reminder (due Thursday) waits for Monday's morning, not for the weekend; a meeting on Sunday 6/12,
    whose reminder would pass its day by Monday, is said on the Saturday (decision 0234)."""
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "hop-tong-ket", date(2026, 12, 6), "leader")
    await run_derive(app, local(2026, 12, 3, 0, 15))
    leaders = ids(org, "Lãnh đạo A", "Lãnh đạo B", "Thủ trưởng")

    assert (await run_scan(app, local(2026, 12, 5, 9))).messages == 3
    saturday = await messages(app)
    assert set(saturday) == leaders
    assert all("06/12/2026" in m.text and "10/12/2026" not in m.text for (m,) in saturday.values())
    assert (await run_scan(app, local(2026, 12, 6, 10))).messages == 0  # nothing on the Sunday

    assert (await run_scan(app, local(2026, 12, 7, 7, 59))).messages == 0
    assert (await run_scan(app, local(2026, 12, 7, 8))).messages == 3
    monday = await messages(app)
    assert all("10/12/2026" in monday[leader][1].text for leader in leaders)


async def test_the_nations_public_holidays_are_days_off_with_no_holidays_set(
    app: App, org: Seeded, settings
) -> None:  # type: ignore[no-untyped-def]
    """HOLIDAYS is empty, as a newcomer runs the bot. A meeting on Wednesday 9/9/2026: its 7-day reminder
    falls on National Day (2/9) and comes on 3/9 instead. Tết and Giỗ Tổ are reckoned from the Vietnamese
    lunar calendar, and the breaks the government set are kept whole: Tết 2026 ran 16–20/2, the 2/9 break
    of 2026 31/8–2/9 for Saturday 22/8 worked, Giỗ Tổ 2027 is Friday 16/4 (decision 0246)."""
    assert app.settings.holidays == []
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "hop-quy-3", date(2026, 9, 9), "leader")
    await run_derive(app, local(2026, 9, 2, 0, 15))
    leaders = ids(org, "Lãnh đạo A", "Lãnh đạo B", "Thủ trưởng")
    assert (await run_scan(app, local(2026, 9, 2, 8))).messages == 0  # nothing on National Day
    assert (await run_scan(app, local(2026, 9, 3, 8))).messages == 3
    said = await messages(app)
    assert set(said) == leaders and all("09/09/2026" in m.text for (m,) in said.values())

    def when(on: date, ends_on: date) -> datetime:
        return due_time(on, ends_on, settings).astimezone(LOCAL_TZ)

    assert when(date(2026, 2, 17), date(2026, 3, 1)) == local(2026, 2, 23, 8)  # Tết 16–20/2, the weekend
    assert when(date(2027, 2, 8), date(2027, 3, 1)) == local(2027, 2, 11, 8)  # Tết 2027 (6/2): 4–10/2
    assert when(date(2027, 4, 16), date(2027, 5, 3)) == local(2027, 4, 19, 8)  # Giỗ Tổ, then the weekend
    assert when(date(2028, 1, 26), date(2028, 2, 10)) == local(2028, 1, 31, 8)  # Tết 2028: 24–29/1, Sunday
    assert when(date(2027, 4, 30), date(2027, 5, 10)) == local(2027, 5, 4, 8)  # 30/4 to 3/5 (in lieu)
    assert when(date(2026, 8, 22), date(2026, 9, 10)) == local(2026, 8, 22, 8)  # a Saturday worked (làm bù)
    assert when(date(2026, 8, 31), date(2026, 9, 10)) == local(2026, 9, 3, 8)  # its day off, then 1–2/9


async def test_a_saturday_worked_in_lieu_has_its_reminder_and_a_weekday_listed_so_is_refused(
    app: App, org: Seeded, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The government moved a working day to Saturday 5/12 (làm bù): the school's file says so, and the
    7-day reminder of a meeting on Saturday 12/12 comes on that Saturday, not on Monday. Another organisation
    keeps its Saturday off. A Wednesday listed as worked in lieu is refused with its line (decision 0246); a
    weekday of the holidays built in that the government keeps working is taken (decision 0320)."""
    from bot.domain.org_settings import SettingsError, apply_settings, load_settings_file

    async with app.sessionmaker() as session, session.begin():
        other = await seed(session, local(2026, 11, 1, 9), code="KHAC", name="Trường Khác")
    file = tmp_path / "org-2026.toml"
    head = 'campaign = "vi-nguoi-ngheo-2026-2030"\nyear = 2026\n\n'
    file.write_text(head + '[[working_days]]\ndate = 2026-12-05\ntitle = "Làm bù"\n', encoding="utf-8")
    async with app.sessionmaker() as session, session.begin():
        report = await apply_settings(session, org.org, load_settings_file(file))
    assert report.working_days == (1, 0, []) and not report.saturday
    async with app.sessionmaker() as session, session.begin():  # after the file: it syncs local deadlines
        for seeded in (org, other):
            await add_deadline(session, seeded, "hop-cuoi-nam", date(2026, 12, 12), "leader")

    await run_derive(app, local(2026, 12, 5, 0, 15))
    week_before = {
        r.person_id: r.due_at.astimezone(LOCAL_TZ)
        for r in await reminders(app)
        if r.key.split(":")[3] == "7" and r.ends_on == date(2026, 12, 12)
    }
    mine, theirs = org.people["Lãnh đạo A"].id, other.people["Lãnh đạo A"].id
    assert week_before[mine] == local(2026, 12, 5, 8)
    assert week_before[theirs] == local(2026, 12, 7, 8)
    await run_scan(app, local(2026, 12, 5, 8))
    said = await messages(app)
    assert any("12/12/2026" in m.text for m in said[mine]) and theirs not in said

    file.write_text(head + "[[working_days]]\ndate = 2026-12-09\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings_file(file)
    assert [(p.line, p.key, p.message) for p in caught.value.problems] == [
        (
            5,
            "working_days[1].date",
            "2026-12-09 is a Wednesday, a working day already: list a Saturday or Sunday worked, or a "
            "weekday of the public holidays built in that is worked",
        )
    ]
    # Tết 2027 (6/2): the calendar built in reckons the 29th, Thursday 4/2, a day off; where the government
    # keeps it working, the file lists it and a reminder due on it goes that morning, not a week later (0320)
    tet = head.replace("2026\n", "2027\n") + "[[working_days]]\ndate = 2027-02-04\n"
    file.write_text(tet, encoding="utf-8")
    async with app.sessionmaker() as session, session.begin():
        await apply_settings(session, org.org, load_settings_file(file))
        works_the_29th = (await days_off_of(session, [org.org.id]))[org.org.id]
    assert due_time(date(2027, 2, 4), date(2027, 2, 20), app.settings, works_the_29th).astimezone(
        LOCAL_TZ
    ) == local(2027, 2, 4, 8)
    assert due_time(date(2027, 2, 4), date(2027, 2, 20), app.settings).astimezone(LOCAL_TZ) == local(
        2027, 2, 11, 8
    )  # another organisation's: after the break


async def test_a_deadline_just_after_tet_is_reminded_before_the_break_not_only_the_day_before_it(
    app: App, org: Seeded
) -> None:
    """The units' lists are due on Friday 12/2/2027, two days after Tết's break (4–10/2; Tết is Saturday 6/2).
    Its 7-day and 3-day reminders fall in the break: moved to the next working morning, all three came on
    Thursday 11/2 as one message, the day before, after nine days off. The farther ones are said on Wednesday
    3/2, the last working day before the break, and the 1-day one on 11/2 (decision 0320). A registration
    opened on the break's first day (4–12/2) is not reminded on 3/2, before it opens: everyone read “còn 7
    ngày để đăng ký” and /dangky was not open yet; it is said on 11/2 (decision 0330)."""
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "danh-sach-sau-tet", date(2027, 2, 12), "leader")
        window = RegistrationWindow(
            org_id=org.org.id, year=2027, opens_on=date(2027, 2, 4), closes_on=date(2027, 2, 12)
        )
        session.add(window)
    leaders = ids(org, "Lãnh đạo A", "Lãnh đạo B", "Thủ trưởng")
    for day in range(1, 4):  # the daily plan and the morning's scan, 1–3/2
        await run_derive(app, local(2027, 2, day, 0, 15))
        await run_scan(app, local(2027, 2, day, 8))
    before = await messages(app)
    assert set(before) == leaders
    assert all("12/02/2027" in m.text for (m,) in before.values())  # one message each, before the break
    assert not any("kỳ nghỉ" in m.text for (m,) in before.values())  # due after the break: nothing said
    for day in range(4, 12):
        await run_derive(app, local(2027, 2, day, 0, 15))
        await run_scan(app, local(2027, 2, day, 8))
    said = await messages(app)
    assert {leader: len(said[leader]) for leader in leaders} == dict.fromkeys(leaders, 2)
    assert all("12/02/2027" in said[person][-1].text for person in said)  # the registration, on 11/2
    assert set(said) == set(ids(org, *org.people))


async def test_a_report_due_on_mung_3_is_reminded_before_the_break_and_says_it_falls_in_it(
    app: App, org: Seeded
) -> None:
    """The units' report is due on Monday 8/2/2027, Mùng 3 Tết, in the break (4–10/2): its reminders come on
    1/2 and 3/2, the last working day before it (decision 0320), and each says the deadline falls in the
    holiday (decision 0662); a report due on 2/9/2026, Quốc khánh, says so too in the reminder asking those
    who registered to record what they gave."""
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "bao-cao-tet", date(2027, 2, 8), "leader")
    for day in range(1, 4):  # the daily plan and the morning's scan, 1–3/2
        await run_derive(app, local(2027, 2, day, 0, 15))
        await run_scan(app, local(2027, 2, day, 8))
    said = await messages(app)
    leader = org.people["Lãnh đạo A"].id
    assert [m.text.splitlines()[1] for m in said[leader]] == [
        "• Hạn bao-cao-tet: hạn ngày 08/02/2027. Hạn này rơi vào kỳ nghỉ."
    ] * 2

    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "bao-cao-quy-3", date(2026, 9, 2), "leader")
    await run_derive(app, local(2026, 8, 26, 0, 15))
    await run_scan(app, local(2026, 8, 26, 8))
    (asked,) = (await messages(app))[org.people["An"].id]
    assert "báo cáo của đơn vị" in asked.text and asked.text.endswith("Hạn này rơi vào kỳ nghỉ."), asked.text


async def test_two_reminders_of_one_deadline_late_together_say_it_once_and_the_farther_never_comes(
    app: App, org: Seeded, caplog: pytest.LogCaptureFixture
) -> None:
    """Registration closes on Wednesday 9/12: its reminders are due on 2/12 (7 days before) and 8/12 (1 day
    before). The bot is down from 1/12 to 8/12 at 10:00: each person not registered gets one reminder, the
    1-day one; the 7-day one is overtaken, so it takes no place in the week's cap of optional reminders (Chi's
    reminder of a drive's last day, which she asked for, still comes on 10/12) and is never sent later
    (decision 0234). The scheduler's job says in the log, in counts, what it did not say and why (2457)."""
    from bot.db.models import Drive
    from bot.domain import reminders as module
    from scheduler.jobs import JobContext, send_reminders

    async with app.sessionmaker() as session, session.begin():
        session.add(
            RegistrationWindow(
                org_id=org.org.id, year=2026, opens_on=date(2026, 11, 1), closes_on=date(2026, 12, 9)
            )
        )
        session.add(
            Drive(
                org_id=org.org.id,
                campaign_id=org.campaign.id,
                code="ao-am",
                title="Áo ấm cho học sinh",
                starts_on=date(2026, 11, 1),
                ends_on=date(2026, 12, 11),
                kinds=["goods"],
                fund=False,
            )
        )
    await run_derive(app, local(2026, 12, 2, 0, 15))
    chi = org.people["Chi"].id

    with caplog.at_level("INFO", logger="scheduler.jobs"):
        written = await send_reminders(JobContext(app.sessionmaker, app.settings), local(2026, 12, 8, 10))
    assert written == len(org.people) - 2  # all but An and Dũng, registered
    sent = [r for r in await reminders(app) if r.status == "sent"]
    overtaken = [r for r in await reminders(app) if r.status == "overtaken"]
    assert len(overtaken) == len(sent)  # each said once (the leaders' dossier too: 3/12 and 7/12)
    assert [r.getMessage() for r in caplog.records if r.name == "scheduler.jobs"] == [
        f"reminders.send: {written} messages ({len(sent)} reminders); not said: 0 cancelled (deadline "
        f"passed, moved or no longer theirs), {len(overtaken)} overtaken (a nearer one of the same deadline "
        "said), 0 skipped (weekly cap, turned off, or away), 0 done already"
    ]
    (message,) = (await messages(app))[chi]
    assert message.text.count("•") == 1 and "09/12/2026" in message.text
    rows = {r.key.split(":")[2]: r.status for r in await reminders(app) if r.person_id == chi}
    assert rows == {"1": "sent", "7": "overtaken"}

    await run_scan(app, local(2026, 12, 9, 8))
    assert len((await messages(app))[chi]) == 1

    async def asked(session, drive):  # type: ignore[no-untyped-def]
        return {chi}  # Chi asked to be reminded of the drive (the remind-me-later hook)

    module.DRIVE_END_AUDIENCES.append(asked)
    try:
        await run_derive(app, local(2026, 12, 10, 0, 15))
    finally:
        module.DRIVE_END_AUDIENCES.remove(asked)
    await run_scan(app, local(2026, 12, 10, 8))
    assert "Áo ấm cho học sinh" in (await messages(app))[chi][-1].text  # the second of her week's two


async def test_a_leadership_handed_over_reminds_the_new_leader_not_the_old_one(app: App, org: Seeded) -> None:
    """Reminded on 3/12 of unit A's dossier, the leader of A hands the unit over to Chi on 4/12: the 3-day
    and 1-day reminders go to Chi, no more to someone whose deadline it no longer is (decision 0231)."""
    from bot.domain.access import actor_for
    from bot.domain.roles import grant_role, revoke_role

    await run_derive(app, local(2026, 12, 3, 0, 15))
    assert (await run_scan(app, local(2026, 12, 3, 8))).messages == 3
    old, chi = org.people["Lãnh đạo A"], org.people["Chi"]
    handed_over = local(2026, 12, 4, 10)
    async with app.sessionmaker() as session, session.begin():
        office = await actor_for(session, await session.get_one(Person, org.people["Văn phòng"].id))
        for change, person in ((revoke_role, old), (grant_role, chi)):
            person = await session.get_one(Person, person.id)
            await change(session, office, person, "leader", "A", now=handed_over, settings=app.settings)
    for day in (5, 6, 7, 8, 9):
        await run_derive(app, local(2026, 12, day, 0, 15))
        await run_scan(app, local(2026, 12, day, 8))
    sent = await messages(app)
    assert len(sent[old.id]) == 1  # the one of 3/12, when it was theirs
    dossier = [m for m in sent[chi.id] if "Phòng A gửi hồ sơ đề nghị khen thưởng" in m.text]
    assert len(dossier) == 2 and all("10/12/2026" in m.text for m in dossier)


async def test_a_deadline_moved_in_the_settings_file_is_reminded_of_its_new_date(
    app: App, org: Seeded, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The office's report date, 10/12, is put back to 17/12 in the settings file on 4/12, after its 7-day
    reminder: no reminder names 10/12 any more, and the 3-day and 1-day ones of 17/12 come (decision 0231)."""
    from bot.db.models import Organisation
    from bot.domain.org_settings import apply_settings, load_settings_file

    async def load(on: str) -> None:
        path = tmp_path / "settings.toml"
        path.write_text(
            f'campaign = "{org.campaign.slug}"\nyear = 2026\n\n[[deadlines]]\ncode = "bao-cao-quy"\n'
            f'title = "Các phòng báo cáo quý IV"\ndate = {on}\naudience = "leader"\n',
            encoding="utf-8",
        )
        async with app.sessionmaker() as session, session.begin():
            organisation = await session.get_one(Organisation, org.org.id)
            await apply_settings(session, organisation, load_settings_file(path))

    await load("2026-12-10")
    leader = org.people["Lãnh đạo A"].id
    await run_derive(app, local(2026, 12, 3, 0, 15))
    await run_scan(app, local(2026, 12, 3, 8))
    await load("2026-12-17")
    for day in range(4, 18):
        await run_derive(app, local(2026, 12, day, 0, 15))
        await run_scan(app, local(2026, 12, day, 8))
    said = [line for m in (await messages(app))[leader] for line in m.text.splitlines() if "quý IV" in line]
    assert said == [
        "• Các phòng báo cáo quý IV: hạn ngày 10/12/2026.",  # 3/12, before it was moved
        "• Các phòng báo cáo quý IV: hạn ngày 17/12/2026.",  # 14/12
        "• Các phòng báo cáo quý IV: hạn ngày 17/12/2026.",  # 16/12
    ]


async def test_the_reminder_setting_has_a_way_back_that_changes_nothing(app: App, org: Seeded) -> None:
    channel = CollectingChannel(app.engine, TEXT_ONLY)
    an = org.people["An"].id

    async def say(text: str) -> str:
        replies = await channel.receive(f"p{an}", text=text, at=NOW)
        return "\n".join(render_text(reply, TEXT_ONLY) for reply in replies)

    screen = await say("/nhacnho")
    assert "1. Tắt" in screen and "0. Giữ nguyên" in screen  # the usual 0 leads back
    for typed in ("0", "quay lai"):
        assert "cần làm gì?" in await say(typed)  # the main menu, not "please choose one of the options"
        await say("/nhacnho")
    async with app.sessionmaker() as session:
        assert not await optional_off(session, an)


async def press(app: App, person_id: int, message: OutboundMessage, label: str, at: datetime) -> str:
    """Press a reminder's button as the person, through the engine. The chats of everyone the scans wrote to
    are open, each showing what was sent to it, the reply pressed for after them."""
    channel = CollectingChannel(app.engine, BUTTONS)
    async with app.sessionmaker() as session:
        channel.reach(*await session.scalars(select(OutboxMessage.chat_id).distinct()))
    code = next(code for code, shown in message.actions if shown == label)
    replies = await channel.receive(f"p{person_id}", choice=code, at=at)
    return "\n".join(reply.text for reply in replies)


async def test_a_reports_deadline_hands_the_years_report_to_a_leader_who_presses_for_it(
    app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "bao-cao-ket-qua-2026", date(2026, 11, 30), "leader")
    await run_derive(app, local(2026, 11, 23, 0, 15))
    await run_scan(app, local(2026, 11, 23, 8))
    leader = org.people["Lãnh đạo A"].id
    (reminder,) = (await messages(app))[leader]
    assert "Hạn bao-cao-ket-qua-2026" in reminder.text
    assert [label for _code, label in reminder.actions] == [
        "Báo cáo năm (Word)",
        "Nhắc lại sau 1 ngày",
        "Đã xong",
    ]

    clock.at = local(2026, 11, 23, 9)
    answer = await press(app, leader, reminder, "Báo cáo năm (Word)", clock.at)
    assert "Báo cáo năm 2026 của Phòng A" in answer
    async with app.sessionmaker() as session:
        handed = (
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.person_id == leader, OutboxMessage.key.not_like("reminder:%")
                )
            )
        ).all()
    documents = [row.payload["document"] for row in handed if row.payload.get("document")]
    assert [d["name"] for d in documents] == ["bao-cao-phong-a-2026.docx"]


async def test_a_deadline_whose_code_names_a_report_and_awards_offers_what_its_line_reads(
    app: App, org: Seeded
) -> None:
    """A code holding both words ("bao-cao" first, "khen-thuong" in it) is read one way, as the line says it:
    an award dossier's deadline, with the unit's proposals standing and the award proposals a press away,
    never the year's report beside them."""
    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "bao-cao-khen-thuong-2026", date(2026, 11, 30), "leader")
    await run_derive(app, local(2026, 11, 23, 0, 15))
    await run_scan(app, local(2026, 11, 23, 8))
    (reminder,) = (await messages(app))[org.people["Lãnh đạo A"].id]
    assert "Phòng A chưa đề nghị ai" in reminder.text  # read as an award dossier's: where the unit stands
    assert [label for _code, label in reminder.actions] == ["Khen thưởng", "Nhắc lại sau 1 ngày", "Đã xong"]
    record = [r for r in await reminders(app) if r.topic == "record"]
    assert record == []  # an award dossier asks nobody to record results for a report


async def test_remind_me_in_a_day_and_done(app: App, org: Seeded, clock) -> None:  # type: ignore[no-untyped-def]
    await run_derive(app, local(2026, 12, 3, 0, 15))
    await run_scan(app, local(2026, 12, 3, 8))
    leader = org.people["Lãnh đạo A"].id
    (first,) = (await messages(app))[leader]

    clock.at = local(2026, 12, 3, 21, 30)
    answer = await press(app, leader, first, "Nhắc lại sau 1 ngày", clock.at)
    assert "08:00 07/12/2026" in answer  # a day later is Saturday 5/12: the next working morning
    assert (await run_scan(app, local(2026, 12, 7, 7, 59))).messages == 0
    # Due with it: the deadline's 3-day reminder, to this leader and the two others; said once to this one.
    again = await run_scan(app, local(2026, 12, 7, 8, 0))
    assert (again.messages, again.overtaken) == (3, 1)
    second = (await messages(app))[leader][-1]
    assert "hồ sơ đề nghị khen thưởng" in second.text

    clock.at = local(2026, 12, 7, 9)
    answer = await press(app, leader, second, "Đã xong", clock.at)
    assert "không nhắc việc này nữa" in answer
    # The 3-day and 1-day reminders of the same deadline are done too: nothing more goes to this leader.
    await run_scan(app, local(2026, 12, 7, 8))
    await run_scan(app, local(2026, 12, 9, 8))
    assert len((await messages(app))[leader]) == 2
    done = [r for r in await reminders(app) if r.person_id == leader]
    # the one put off to Monday was overtaken there by the 3-day one, which said the deadline
    assert sorted(r.status for r in done) == ["done", "done", "overtaken"]
    # a dossier sent is the person's word: the bot cannot see it
    assert {r.done_how for r in done if r.status == "done"} == {"said"}
    # The others are still reminded.
    assert len((await messages(app))[org.people["Lãnh đạo B"].id]) == 3


async def test_a_drives_last_days_remind_only_those_who_pledged_and_have_not_given(
    app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    from bot.db.models import Contribution, Drive
    from bot.domain import reminders as module

    async with app.sessionmaker() as session, session.begin():
        drive = Drive(
            org_id=org.org.id,
            campaign_id=org.campaign.id,
            code="cao-diem",
            title="Tháng cao điểm",
            starts_on=date(2026, 10, 17),
            ends_on=date(2026, 11, 18),
            target_vnd=50_000_000,
            kinds=["money", "goods"],
            fund=True,
        )
        session.add(drive)
        await session.flush()
        dung = org.people["Dũng"]  # pledged, and already gave to the drive
        session.add(
            Contribution(
                ref="CT-2026-000001",
                org_id=org.org.id,
                person_id=dung.id,
                unit_id=dung.unit_id,
                drive_id=drive.id,
                recorded_by=dung.id,
                year=2026,
                kind="money",
                amount_vnd=200_000,
                status="recorded",
                created_at=local(2026, 11, 1, 9),
            )
        )
    asked = org.people["Hà"].id  # no pledge, but asked to be reminded (the remind-me-later hook)

    async def remind_me_later(session, drive):  # type: ignore[no-untyped-def]
        return {asked}

    module.DRIVE_END_AUDIENCES.append(remind_me_later)
    try:
        await run_derive(app, local(2026, 11, 11, 0, 15))
    finally:
        module.DRIVE_END_AUDIENCES.remove(remind_me_later)
    rows = [r for r in await reminders(app) if r.topic == "drive_end"]
    assert {r.person_id for r in rows} == ids(org, "An", "Hà")  # An pledged and has not given; Dũng gave
    assert {r.due_at.astimezone(LOCAL_TZ) for r in rows} == {local(2026, 11, 11, 8), local(2026, 11, 17, 8)}
    await run_scan(app, local(2026, 11, 11, 8))
    (said,) = (await messages(app))[org.people["An"].id]
    assert "Tháng cao điểm" in said.text and "18/11/2026" in said.text and "/donggop" in said.text
    # Giving is one tap away, to this drive: its first question is what she gives, the drive already chosen.
    labels = [label for _code, label in said.actions]
    assert labels == ["Ủng hộ ngay", "Nhắc lại sau 1 ngày", "Đã xong"]
    clock.at = local(2026, 11, 11, 9)
    answer = await press(app, org.people["An"].id, said, "Ủng hộ ngay", clock.at)
    assert "Anh/chị đóng góp bằng hình thức nào?" in answer
    # She gives; “Nhắc lại sau 1 ngày” pressed then promised a reminder that the scan, seeing her gift, never
    # sent: she is thanked instead, and nothing more comes (decision 0500).
    async with app.sessionmaker() as session, session.begin():
        session.add(
            Contribution(
                ref="CT-2026-000002", org_id=org.org.id, person_id=org.people["An"].id,
                unit_id=org.people["An"].unit_id, drive_id=drive.id, recorded_by=org.people["An"].id,
                year=2026, kind="money", amount_vnd=300_000, status="recorded", created_at=clock.at,
            )
        )  # fmt: skip
    clock.at = local(2026, 11, 11, 10)
    answer = await press(app, org.people["An"].id, said, "Nhắc lại sau 1 ngày", clock.at)
    assert "Anh/chị đã ủng hộ đợt vận động này rồi" in answer and "nhắc lại anh/chị lúc" not in answer
    await run_scan(app, local(2026, 11, 12, 8))
    assert len((await messages(app))[org.people["An"].id]) == 1
    # “Ủng hộ ngay” pressed again, her gift made: she is told what she gave and where it stands, and may
    # give again (decision 0515).
    clock.at = local(2026, 11, 12, 9)
    answer = await press(app, org.people["An"].id, said, "Ủng hộ ngay", clock.at)
    gave = "Anh/chị đã ủng hộ đợt vận động “Tháng cao điểm”:\n• 300.000\u00a0₫ (chờ thủ quỹ xác nhận)"
    assert gave in answer
    assert "Anh/chị đóng góp bằng hình thức nào?" in answer
    # Five gifts, four of goods of long words: the latest three, one a line and their words clipped, and
    # how many more; the answer stays one Zalo message (2.000 characters), as one line of all of them did not.
    goods = "gạo, " * 150
    async with app.sessionmaker() as session, session.begin():
        for n in range(3, 7):
            session.add(
                Contribution(
                    ref=f"CT-2026-00000{n}", org_id=org.org.id, person_id=org.people["An"].id,
                    unit_id=org.people["An"].unit_id, drive_id=drive.id, recorded_by=org.people["An"].id,
                    year=2026, kind="goods", amount_vnd=n * 100_000, description=f"Gói quà {n}: {goods}",
                    status="recorded", created_at=local(2026, 11, 12, 10, n),
                )
            )  # fmt: skip
    clock.at = local(2026, 11, 12, 11)
    answer = await press(app, org.people["An"].id, said, "Ủng hộ ngay", clock.at)
    lines = answer.splitlines()
    assert [line.startswith("• Gói quà") for line in lines[1:4]] == [True, True, True]
    assert "trị giá khoảng 600.000\u00a0₫ (chờ thủ quỹ xác nhận)" in lines[1]
    assert lines[4] == "và 2 khoản khác."
    assert len(answer) < 2_000


async def test_a_yearly_deadline_early_in_january_is_reminded_in_december(app: App, org: Seeded) -> None:
    from bot.db.models import Deadline

    async with app.sessionmaker() as session, session.begin():
        session.add(
            Deadline(
                campaign_id=org.campaign.id,
                code="tong-ket-nam",
                title="Nộp báo cáo tổng kết",
                month=1,
                day=5,
                year=None,
                audience="admin",
                local=True,
            )
        )
    await run_derive(app, local(2026, 12, 29, 0, 15))
    rows = [r for r in await reminders(app) if r.title == "Nộp báo cáo tổng kết"]
    assert {r.person_id for r in rows} == ids(org, "Văn phòng", "Thủ trưởng")  # the office and its head
    assert {r.due_at.astimezone(LOCAL_TZ) for r in rows} == {
        local(2026, 12, 29, 8),
        local(2027, 1, 4, 8),  # the 3-day one falls on Saturday 2/1: the next working morning
    }


async def test_an_organisations_own_holidays_move_its_peoples_reminders_and_no_one_elses(
    app: App, org: Seeded, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from bot.domain.org_settings import apply_settings, load_settings_file
    from bot.domain.reminders import snooze

    async with app.sessionmaker() as session, session.begin():
        other = await seed(session, local(2026, 11, 1, 9), code="KHAC", name="Trường Khác")
    file = tmp_path / "org-2026.toml"
    file.write_text(
        'campaign = "vi-nguoi-ngheo-2026-2030"\nyear = 2026\n\n'
        '[[holidays]]\ntitle = "Nghỉ giữa kỳ"\nstarts_on = 2026-12-02\nends_on = 2026-12-04\n\n'
        "[[holidays]]\ndate = 2026-12-08\n\n[working_week]\nsaturday = true\n",
        encoding="utf-8",
    )
    async with app.sessionmaker() as session, session.begin():
        report = await apply_settings(session, org.org, load_settings_file(file))
    assert report.holidays == (2, 0, []) and report.saturday

    await run_derive(app, local(2026, 12, 3, 0, 15))
    week_before = {
        r.person_id: r.due_at.astimezone(LOCAL_TZ)
        for r in await reminders(app)
        if r.topic == "deadline" and r.key.split(":")[3] == "7"
    }
    mine, theirs = org.people["Lãnh đạo A"].id, other.people["Lãnh đạo A"].id
    # The 10/12 dossier deadline's 7-day reminder falls on 3/12: a day off for this organisation only.
    assert week_before[mine] == local(2026, 12, 5, 8)  # the next working morning: it works on Saturdays
    assert week_before[theirs] == local(2026, 12, 3, 8)  # the other organisation works that day

    await run_scan(app, local(2026, 12, 7, 8))  # the 3-day reminders (the 7-day one of Saturday overtaken)
    async with app.sessionmaker() as session, session.begin():
        sent = {
            r.person_id: r.id
            for r in await session.scalars(select(Reminder).where(Reminder.status == "sent"))
            if r.person_id in (mine, theirs)
        }
        # "Remind me in a day" on 7/12: the 8th is this organisation's day off, so the 9th at 08:00.
        _n, again = await snooze(
            session, mine, [sent[mine]], now=local(2026, 12, 7, 9), settings=app.settings
        )
        assert again is not None and again.astimezone(LOCAL_TZ) == local(2026, 12, 9, 8)
        _n, again = await snooze(
            session, theirs, [sent[theirs]], now=local(2026, 12, 7, 9), settings=app.settings
        )
        assert again is not None and again.astimezone(LOCAL_TZ) == local(2026, 12, 8, 9)

    file.write_text('campaign = "vi-nguoi-ngheo-2026-2030"\nyear = 2026\n', encoding="utf-8")
    async with app.sessionmaker() as session, session.begin():
        report = await apply_settings(session, org.org, load_settings_file(file))
    assert report.holidays == (0, 0, ["2026-12-02–2026-12-04", "2026-12-08"])  # synced to the file


async def test_the_organisations_dossier_reminds_its_office_and_its_head_who_signs_it(
    app: App, org: Seeded
) -> None:
    await run_derive(app, local(2026, 12, 8, 0, 15))
    rows = [r for r in await reminders(app) if r.topic == "deadline" and r.ends_on == date(2026, 12, 15)]
    # The plan's 15/12 deadline: the organisation sends its award dossier to the department. The office
    # (admin) compiles it and the head of the organisation signs the proposal letter: both must act; the
    # unit leaders, whose own dossiers went in by 10/12, are not reminded of it.
    assert {r.person_id for r in rows} == ids(org, "Văn phòng", "Thủ trưởng")
    assert all(r.must for r in rows)
    await run_scan(app, local(2026, 12, 8, 8))
    sent = await messages(app)
    head = sent[org.people["Thủ trưởng"].id][0].text
    assert f"{org.org.name} gửi hồ sơ đề nghị khen thưởng lên cấp trên: hạn 15/12/2026." in head


async def _peak_month_reminded(app: App, org: Seeded):  # type: ignore[no-untyped-def]
    """The peak month (17/10–18/11/2026, the Fund's), its last days' reminders planned on 11/11 for those
    who pledged, An and Dũng."""
    from bot.db.models import Drive

    async with app.sessionmaker() as session, session.begin():
        drive = Drive(
            org_id=org.org.id,
            campaign_id=org.campaign.id,
            code="cao-diem",
            title="Tháng cao điểm",
            starts_on=date(2026, 10, 17),
            ends_on=date(2026, 11, 18),
            kinds=["money"],
            fund=True,
        )
        session.add(drive)
    await run_derive(app, local(2026, 11, 11, 0, 15))
    assert {r.person_id for r in await reminders(app) if r.topic == "drive_end"} == ids(org, "An", "Dũng")
    return drive


async def _peak_month_extended(app: App, org: Seeded, drive, *, at: datetime) -> None:  # type: ignore[no-untyped-def]
    """The officers give the peak month a week more, to 25/11 (`chungtay drive edit cao-diem --ends
    25/11/2026`), at `at`."""
    from bot.db.models import Drive
    from bot.domain.access import Operator
    from bot.domain.drives import change_dates

    async with app.sessionmaker() as session, session.begin():
        moved = await session.get_one(Drive, drive.id)
        await change_dates(session, Operator(org.org.id), moved, moved.starts_on, date(2026, 11, 25), now=at)


async def test_a_drive_for_a_colleagues_hardship_does_not_remind_her_of_its_last_days(
    app: App, org: Seeded
) -> None:
    """An's house was damaged by the November floods; the December drive raises money for her family's case.
    Both An and Dũng pledged to the Fund: Dũng is reminded of the drive's last days, An is not asked to give
    to her own support (decision 0356)."""
    from bot.db.models import Drive, HardshipCase

    async with app.sessionmaker() as session, session.begin():
        case = HardshipCase(
            org_id=org.org.id, subject="member", person_id=org.people["An"].id, name="An",
            circumstances="Nhà bị lũ làm hư hỏng", needs="Sửa nhà", created_at=local(2026, 12, 1, 8),
        )  # fmt: skip
        session.add(case)
        await session.flush()
        session.add(
            Drive(
                org_id=org.org.id, campaign_id=org.campaign.id, code="sau-lu", title="Chung tay sau lũ",
                starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 18), kinds=["money"], fund=True,
                case_id=case.id,
            )
        )  # fmt: skip
    await run_derive(app, local(2026, 12, 11, 0, 15))
    assert {r.person_id for r in await reminders(app) if r.topic == "drive_end"} == ids(org, "Dũng")


async def test_a_drive_of_some_units_reminds_only_those_who_may_give_to_it(
    app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    """Phòng B's own drive ends on Thursday 31/12. An (Phòng A) and Dũng (Phòng B) both pledged to the Fund:
    Dũng is reminded on 24/12 with “Ủng hộ ngay”, which asks what he gives. An was reminded too, and her
    “Ủng hộ ngay” answered that the drive does not take her gift: it is for other units, as its appeals
    know (decision 0499). Hà of Phòng B pledged too, and was moved to Phòng A after the morning's plan wrote
    her reminders: she is not reminded of a drive that no longer takes her gift."""
    from bot.db.models import Drive

    async with app.sessionmaker() as session, session.begin():
        session.add(
            Drive(
                org_id=org.org.id, campaign_id=org.campaign.id, code="phong-b", title="Phòng B chung tay",
                starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 31), kinds=["money"], fund=True,
                unit_ids=[org.units["B"].id],
            )
        )  # fmt: skip
        await commit_to(session, org, org.people["Hà"], 100_000, year=2026, now=local(2026, 12, 1, 9))
    await run_derive(app, local(2026, 12, 24, 0, 15))
    assert {r.person_id for r in await reminders(app) if r.topic == "drive_end"} == ids(org, "Dũng", "Hà")
    async with app.sessionmaker() as session, session.begin():
        (await session.get_one(Person, org.people["Hà"].id)).unit_id = org.units["A"].id
    await run_scan(app, local(2026, 12, 24, 8))
    said = await messages(app)
    assert set(said) == ids(org, "Dũng")
    clock.at = local(2026, 12, 24, 9)
    answer = await press(app, org.people["Dũng"].id, said[org.people["Dũng"].id][0], "Ủng hộ ngay", clock.at)
    assert "Anh/chị ủng hộ bao nhiêu tiền?" in answer  # a drive of money alone: its amount (1805)


@pytest.mark.parametrize("reopened", [17, 18])
async def test_a_drive_closed_early_is_not_said_to_end_later_nor_its_gifts_asked_for(
    app: App, org: Seeded, reopened: int
) -> None:
    """The drive reached its target and the officer closed it on 11/11 at 07:00. An, who pledged, still got
    at 08:00 “Tháng cao điểm kết thúc ngày 18/11/2026. Anh/chị có thể ủng hộ bằng /donggop”, and /donggop
    then refused the drive; another came on the 17th. Now a closed drive's last days remind nobody. Reopened
    on the 17th, that morning's reminder comes; on the 18th, its last day, the 17th's comes late, as none is
    left, where nobody was reminded at all (decisions 0287, 0302)."""
    from bot.db.models import Drive
    from bot.domain.access import Operator
    from bot.domain.drives import reopen_drive

    drive = await _peak_month_reminded(app, org)
    async with app.sessionmaker() as session, session.begin():
        closed = await session.get_one(Drive, drive.id)
        closed.closed_at = local(2026, 11, 11, 7)
    await run_scan(app, local(2026, 11, 11, 8))
    await run_derive(app, local(2026, 11, 12, 0, 15))
    await run_scan(app, local(2026, 11, 17, 8))
    assert not any("Tháng cao điểm" in m.text for sent in (await messages(app)).values() for m in sent)
    assert {r.status for r in await reminders(app) if r.topic == "drive_end"} == {"cancelled"}

    # closed by mistake after all, reopened at 09:00 on the 17th: that morning's reminder goes after all,
    # once each; the 11th's, whose day is gone, does not (decision 0287). Reopened on the 18th: the 17th's,
    # the last before its end, once each, and still not the 11th's (decision 0302)
    if reopened == 18:
        await run_derive(app, local(2026, 11, 18, 0, 15))
        await run_scan(app, local(2026, 11, 18, 8))
    async with app.sessionmaker() as session, session.begin():
        await reopen_drive(
            session,
            Operator(org.org.id),
            await session.get_one(Drive, drive.id),
            now=local(2026, 11, reopened, 9),
            settings=app.settings,
        )
    await run_scan(app, local(2026, 11, reopened, 9, 1))
    told = {
        person: [m for m in sent if "Tháng cao điểm" in m.text]
        for person, sent in (await messages(app)).items()
    }
    assert {person: len(said) for person, said in told.items() if said} == {
        pid: 1 for pid in ids(org, "An", "Dũng")
    }


async def test_a_drive_whose_end_is_moved_reminds_of_its_new_last_days_not_the_old_date(
    app: App, org: Seeded
) -> None:
    """The officers gave the peak month a week more (`chungtay drive edit cao-diem --ends 25/11/2026`) on
    11/11. An, who pledged, was still told on the 17th that it “ends on 18/11/2026” — the row written before
    the edit kept the old date — and never of the 25th. Now the reminders of its last days follow its
    dates."""
    drive = await _peak_month_reminded(app, org)
    await _peak_month_extended(app, org, drive, at=local(2026, 11, 11, 7))
    for day in range(11, 26):
        await run_derive(app, local(2026, 11, day, 0, 15))
        await run_scan(app, local(2026, 11, day, 8))
    said = [m.text for m in (await messages(app)).get(org.people["An"].id, []) if "Tháng cao điểm" in m.text]
    assert not any("18/11/2026" in text for text in said)
    assert len(said) == 2 and all("25/11/2026" in text for text in said)


async def test_a_last_days_reminder_put_off_a_day_still_comes_after_the_drive_is_extended(
    app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    """An read on 11/11 that the peak month ends on 18/11 and pressed “Nhắc lại sau 1 ngày”. That afternoon
    the officers gave it a week more (to 25/11): the reminder An had put off was dropped with those not yet
    sent, and nothing came on the 12th. Now it comes when An asked, naming the new end."""
    drive = await _peak_month_reminded(app, org)
    await run_scan(app, local(2026, 11, 11, 8))
    an = org.people["An"].id
    (first,) = (await messages(app))[an]
    assert "18/11/2026" in first.text
    clock.at = local(2026, 11, 11, 9)
    answer = await press(app, an, first, "Nhắc lại sau 1 ngày", clock.at)
    assert "12/11/2026" in answer
    await _peak_month_extended(app, org, drive, at=local(2026, 11, 11, 15))
    await run_derive(app, local(2026, 11, 12, 0, 15))
    await run_scan(app, local(2026, 11, 12, 9))
    said = [m.text for m in (await messages(app))[an] if "Tháng cao điểm" in m.text]
    assert len(said) == 2 and "25/11/2026" in said[1] and "18/11/2026" not in said[1]


async def test_a_last_days_reminders_buttons_work_until_the_drives_new_end_after_it_was_extended(
    app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    """An read on 11/11 that the peak month ends on 18/11. The officers gave it a week more (to 25/11), and
    the reminder already sent names the new end; but on the 20th its “Đã xong” answered that the button had
    expired, as if the drive had ended on the old date. Now its buttons live until the new end, no longer."""
    drive = await _peak_month_reminded(app, org)
    await run_scan(app, local(2026, 11, 11, 8))
    an = org.people["An"].id
    (first,) = (await messages(app))[an]
    await _peak_month_extended(app, org, drive, at=local(2026, 11, 11, 15))
    clock.at = local(2026, 11, 20, 9)
    answer = await press(app, an, first, "Đã xong", clock.at)
    assert "hết hạn" not in answer
    assert {r.status for r in await reminders(app) if r.person_id == an and r.topic == "drive_end"} == {
        "done"
    }
    clock.at = local(2026, 11, 26, 9)
    expired = await press(app, an, first, "Nhắc lại sau 1 ngày", clock.at)
    assert "hết hạn" in expired  # the new end passed: the buttons go with it


async def without_phone(session, org: Seeded, name: str, unit: str, *, kind: str = "household") -> Person:  # type: ignore[no-untyped-def]
    """Someone on the list with no messenger account at all: their officer records for them."""
    person = Person(
        org_id=org.org.id,
        unit_id=org.units[unit].id,
        full_name=name,
        name_key=name.lower(),
        kind=kind,
        listed=True,
        created_at=local(2026, 11, 1, 9),
    )
    session.add(person)
    await session.flush()
    org.people[name] = person
    return person


async def told(app: App) -> dict[int, list[str]]:
    """What officers were told of those they record for, by officer."""
    async with app.sessionmaker() as session:
        rows = (
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.key.like("reminder:for:%"))
                .order_by(OutboxMessage.id)
            )
        ).all()
    found: dict[int, list[str]] = {}
    for row in rows:
        found.setdefault(row.person_id, []).append(OutboundMessage.from_payload(row.payload).text)
    return found


async def test_households_without_a_phone_are_named_to_their_officer_once_a_reminder_day(
    app: App, org: Seeded
) -> None:
    """Four households of Phòng A and one of Phòng B have no phone, so the registration reminders cannot
    reach them: A's officer reads their names, one message on each reminder day (7 and 1 days before), out
    of the quiet hours, once however often the scan runs; B has no officer of its own, so the officer of the
    whole organisation reads B's, in English, and not A's. A household registered by its officer meanwhile,
    and one that left, are not named on the last day (decision 0233). One of A that stopped the bot gets no
    reminder either: he is named apart, as what it is, with no /ghithay, since nobody may record for him
    (decisions 0043, 0234); a household that stopped it is named with those the officer records for, who
    still records the cash it hands him (decision 0700)."""
    from bot.db.models import ChannelIdentity
    from bot.domain.access import Operator
    from bot.domain.leaving import mark_left
    from tests.support.orgs import add_person

    async with app.sessionmaker() as session, session.begin():
        session.add(
            RegistrationWindow(
                org_id=org.org.id, year=2026, opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 30)
            )
        )
        at = local(2026, 11, 1, 9)
        await add_person(session, org, "Cán bộ A", "A", ("member", "A"), ("officer", "A"), now=at)
        await add_person(session, org, "Officer", None, ("officer", None), now=at, locale="en")
        for name in ("Hộ ông Trần Văn Ba", "Hộ bà Lê Thị Hoa", "Hộ ông Nguyễn Văn An", "Hộ bà Phạm Thị Sáu"):
            await without_phone(session, org, name, "A")
        await without_phone(session, org, "Hộ bà Đỗ Thị Năm", "B")
        stopped = await without_phone(session, org, "Võ Văn Mười", "A", kind="staff")
        session.add(
            ChannelIdentity(
                channel="telegram", external_id="muoi", person_id=stopped.id, status="blocked", created_at=at
            )
        )
        # A household that stopped the bot still hands its officer its cash: named with those he records for.
        stopped_household = await without_phone(session, org, "Hộ ông Lý Văn Bảy", "A")
        session.add(
            ChannelIdentity(
                channel="zalo",
                external_id="bay",
                person_id=stopped_household.id,
                status="blocked",
                created_at=at,
            )
        )
    await run_derive(app, local(2026, 11, 23, 0, 15))
    officer, whole = org.people["Cán bộ A"].id, org.people["Officer"].id

    assert (await run_scan(app, local(2026, 11, 23, 6, 30))).messages == 0  # quiet hours
    await run_scan(app, local(2026, 11, 23, 8))
    await run_scan(app, local(2026, 11, 23, 8, 1))  # run again: nothing more
    first = await told(app)
    assert set(first) == {officer, whole}
    (to_a,) = first[officer]
    assert (
        "• Phòng A: 5 hộ chưa đăng ký thi đua năm 2026, hạn 30/11/2026: Hộ bà Lê Thị Hoa, "
        "Hộ bà Phạm Thị Sáu, Hộ ông Lý Văn Bảy, Hộ ông Nguyễn Văn An, Hộ ông Trần Văn Ba." in to_a
    )
    assert "Đỗ Thị Năm" not in to_a and "/ghithay" in to_a
    recorded_for, blocked = to_a.split("\n\n")
    assert "Võ Văn Mười" not in recorded_for and "Lý Văn Bảy" not in blocked
    assert blocked.startswith("Chung Tay báo anh/chị về những người đã ngừng nhận tin từ bot") and (
        blocked.endswith("• Phòng A: 1 người chưa đăng ký thi đua năm 2026, hạn 30/11/2026: Võ Văn Mười.")
    )
    assert "/ghithay" not in blocked and "không ai ghi thay được" in blocked
    # after a /stop only /start brings them back, which the officer is told to say (decision 0715)
    assert "gửi /start" in blocked and "nhắn lại cho bot" not in blocked
    (to_whole,) = first[whole]
    assert "• Phòng B: 1 household has not registered for 2026, due 30/11/2026: Hộ bà Đỗ Thị Năm." in to_whole
    assert "Phòng A" not in to_whole

    async with app.sessionmaker() as session, session.begin():
        household = await session.get_one(Person, org.people["Hộ ông Nguyễn Văn An"].id)
        await commit_to(session, org, household, 10_000, year=2026, now=local(2026, 11, 25, 9))
        gone = await session.get_one(Person, org.people["Hộ bà Phạm Thị Sáu"].id)
        await mark_left(
            session, Operator(org.org.id), gone, on=date(2026, 11, 26), now=local(2026, 11, 26, 9)
        )
    await run_derive(app, local(2026, 11, 29, 0, 15))
    await run_scan(app, local(2026, 11, 30, 8))  # the 1-day reminder of Sunday 29/11, on the Monday
    last = (await told(app))[officer]
    assert len(last) == 2
    assert (
        "Phòng A: 3 hộ chưa đăng ký thi đua năm 2026, hạn 30/11/2026: Hộ bà Lê Thị Hoa, Hộ ông Lý Văn Bảy, "
        "Hộ ông Trần Văn Ba." in (last[1])
    )


async def test_a_drives_last_days_reach_who_can_read_them_and_count_no_message_that_went_nowhere(
    app: App, org: Seeded
) -> None:
    """The Fund's drive ends on Thursday 31/12; its 7-day reminder is on Thursday 24/12. Of those who pledged
    and have not given, An reads it; a household without a phone (its officer records for it), Bình whose
    account an officer took off, and Chi who stopped the bot cannot. They are not written a message that
    goes nowhere, their officer is not told of a gift not made (decision 0233), and Phòng A's digest counts
    the one reminder that reached someone, not four (decision 0488)."""
    from bot.db.models import ChannelIdentity, Drive
    from bot.domain.digests import Period, unit_figures
    from tests.support.orgs import add_person

    async with app.sessionmaker() as session, session.begin():
        at = local(2026, 11, 1, 9)
        session.add(
            Drive(
                org_id=org.org.id,
                campaign_id=org.campaign.id,
                code="quy-vnn-2026",
                title="Quỹ Vì người nghèo năm 2026",
                starts_on=date(2026, 10, 1),
                ends_on=date(2026, 12, 31),
                kinds=["money"],
                fund=True,
            )
        )
        await add_person(session, org, "Cán bộ A", "A", ("member", "A"), ("officer", "A"), now=at)
        household = await without_phone(session, org, "Hộ ông Trần Văn Ba", "A")
        for person in (household, org.people["Bình"], org.people["Chi"]):
            await commit_to(session, org, person, 100_000, year=2026, now=at)
        for name, status in (("Bình", "removed"), ("Chi", "blocked")):
            account = await session.scalar(
                select(ChannelIdentity).where(ChannelIdentity.person_id == org.people[name].id)
            )
            assert account is not None
            account.status = status
    await run_derive(app, local(2026, 12, 24, 0, 15))
    sent = await run_scan(app, local(2026, 12, 24, 8))
    assert sent.messages == 2 and sent.reminders == 2  # An and Dũng (Phòng B), who pledged at the start
    assert await run_scan(app, local(2026, 12, 24, 8, 1)) == type(sent)()  # run again: nobody twice
    said = await messages(app)
    assert set(said) == ids(org, "An", "Dũng")
    assert "31/12/2026" in said[org.people["An"].id][0].text
    async with app.sessionmaker() as session:
        week = Period(local(2026, 12, 21), local(2026, 12, 28))
        figures = await unit_figures(session, org.org.id, campaign_id=None, year=2026, period=week)
    assert figures[org.units["A"].id].reminders_sent == 1


async def test_before_a_report_the_officer_reads_who_without_a_phone_registered_and_recorded_nothing(
    app: App, org: Seeded
) -> None:
    """A report is due on 30/11: of those without a phone who registered, the officer reads the ones with
    nothing recorded this year; a household whose gift was recorded is not named. In a school, a staff
    member without a phone is named to their unit's officer the same way, as a person (decision 0233)."""
    from tests.support.ledger import ledger_entry
    from tests.support.orgs import add_person

    async with app.sessionmaker() as session, session.begin():
        at = local(2026, 11, 1, 9)
        await add_deadline(session, org, "bao-cao-ket-qua-2026", date(2026, 11, 30), "leader")
        await add_person(session, org, "Cán bộ A", "A", ("member", "A"), ("officer", "A"), now=at)
        await add_person(session, org, "Cán bộ B", "B", ("member", "B"), ("officer", "B"), now=at)
        ba = await without_phone(session, org, "Hộ ông Trần Văn Ba", "A")
        hoa = await without_phone(session, org, "Hộ bà Lê Thị Hoa", "A")
        guard = await without_phone(session, org, "Bác Tư bảo vệ", "B", kind="staff")
        for person in (ba, hoa, guard):
            await commit_to(session, org, person, 10_000, year=2026, now=at)
        session.add(ledger_entry(hoa, "money", 10_000, at=local(2026, 11, 20, 9), status="recorded"))
    await run_derive(app, local(2026, 11, 23, 0, 15))
    await run_scan(app, local(2026, 11, 23, 8))
    sent = await told(app)
    (to_a,) = sent[org.people["Cán bộ A"].id]
    assert (
        "• Phòng A: 1 hộ đã đăng ký, chưa ghi nhận gì trong năm (Hạn bao-cao-ket-qua-2026, hạn 30/11/2026): "
        "Hộ ông Trần Văn Ba." in to_a
    )
    assert "Lê Thị Hoa" not in to_a
    (to_b,) = sent[org.people["Cán bộ B"].id]
    assert "Phòng B: 1 người đã đăng ký, chưa ghi nhận gì trong năm" in to_b and "Bác Tư bảo vệ" in to_b


async def test_a_morning_larger_than_a_batch_is_said_in_one_run_each_person_in_one_message(
    app: App, org: Seeded
) -> None:
    """Two meetings of the leaders on Tuesday 15/12, reminded on Tuesday 8/12, and the plan's own dossier
    deadlines: more rows than one scan reads (3 here, 5,000 in a deployment). One run of the scheduler's job
    says them all, scan after scan, and each leader reads one message with every row of theirs: a batch that
    would cut a person's rows leaves them whole for the next (decision 0245)."""
    from scheduler.jobs import JobContext, send_reminders

    async with app.sessionmaker() as session, session.begin():
        await add_deadline(session, org, "hop-giao-ban", date(2026, 12, 15), "leader")
        await add_deadline(session, org, "hop-tong-ket", date(2026, 12, 15), "leader")
    await run_derive(app, local(2026, 12, 8, 0, 15))
    morning = local(2026, 12, 8, 8)
    due = [r for r in await reminders(app) if r.status == "due" and r.due_at <= morning]
    people = {r.person_id for r in due}
    assert len(due) > 3 and ids(org, "Lãnh đạo A", "Lãnh đạo B", "Thủ trưởng") <= people

    written = await send_reminders(JobContext(app.sessionmaker, app.settings, reminder_batch=3), morning)
    said = await messages(app)
    assert written == len(people) and set(said) == people
    for person in people:
        (message,) = said[person]  # one message each, every row of theirs in it
        mine = [r for r in await reminders(app) if r.person_id == person and r.due_at <= morning]
        assert all(r.status == "sent" for r in mine) and message.text.count("•") == len(mine)


async def test_a_gift_to_the_fund_outside_the_drives_in_its_days_stops_the_fund_drives_last_days_reminder(
    app: App, org: Seeded
) -> None:
    """A teacher who gave to the Fund on 20/11 without choosing the peak month's drive was still told on 24/12
    that she had not given to it (decision 0534): a gift to the Fund on one of the drive's days is given to
    it for its reminders, planned or waiting to go; one before the drive began is not."""
    from bot.db.models import Contribution, Drive

    def fund_gift(ref: str, name: str, at: datetime) -> Contribution:
        person = org.people[name]
        return Contribution(
            ref=ref, org_id=org.org.id, person_id=person.id, unit_id=person.unit_id, drive_id=None,
            recorded_by=person.id, year=2026, kind="money", amount_vnd=500_000, status="recorded",
            created_at=at,
        )  # fmt: skip

    async with app.sessionmaker() as session, session.begin():
        session.add(
            Drive(
                org_id=org.org.id, campaign_id=org.campaign.id, code="cao-diem", title="Tháng cao điểm",
                starts_on=date(2026, 10, 1), ends_on=date(2026, 12, 31), kinds=["money"], fund=True,
            )
        )  # fmt: skip
        session.add(fund_gift("CT-2026-000001", "An", local(2026, 11, 20, 9)))
        session.add(fund_gift("CT-2026-000002", "Dũng", local(2026, 9, 20, 9)))  # before the drive
    await run_derive(app, local(2026, 12, 24, 0, 15))
    rows = [r for r in await reminders(app) if r.topic == "drive_end"]
    assert {r.person_id for r in rows} == ids(org, "Dũng")
    # Dũng gives to the Fund that morning, again without choosing the drive: his reminder does not go.
    async with app.sessionmaker() as session, session.begin():
        session.add(fund_gift("CT-2026-000003", "Dũng", local(2026, 12, 24, 7)))
    await run_scan(app, local(2026, 12, 24, 8))
    assert org.people["Dũng"].id not in await messages(app)
