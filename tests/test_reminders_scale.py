"""A reminder morning of a commune whose hamlets have many households without a phone: the scan reads what it
needs for all of them at once, so the officers' list of forty costs the database what a list of two does
(docs/decisions/0242; bench/reminders.py measures it at 10,000 households)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event

from bot.app import App
from bot.db.models import RegistrationWindow
from bot.delivery.actions import typed_form
from tests.support.orgs import Seeded, add_person, seed
from tests.test_reminders import (
    database_file,
    local,
    messages,
    org,
    run_derive,
    run_scan,
    told,
    without_phone,
)

__all__ = ["database_file", "org"]  # the seeded organisation, copied


async def test_forty_households_without_a_phone_are_named_for_the_statements_two_cost(
    app: App, org: Seeded
) -> None:
    """Two households of Phòng A without a phone are named to A's officer on the 7-day morning; forty more
    join before the 1-day morning, and all forty-two are named then, by a scan that sends the database no
    more statements than the first (it sent five more a household before)."""
    async with app.sessionmaker() as session, session.begin():
        session.add(
            RegistrationWindow(
                org_id=org.org.id, year=2026, opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 30)
            )
        )
        at = local(2026, 11, 1, 9)
        await add_person(session, org, "Cán bộ A", "A", ("member", "A"), ("officer", "A"), now=at)
        for n in range(2):
            await without_phone(session, org, f"Hộ số {n:02}", "A")
    statements: list[str] = []
    event.listen(app.db.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    await run_derive(app, local(2026, 11, 23, 0, 15))
    statements.clear()
    await run_scan(app, local(2026, 11, 23, 8))
    for_two = len(statements)
    async with app.sessionmaker() as session, session.begin():
        for n in range(2, 42):
            await without_phone(session, org, f"Hộ số {n:02}", "A")
    await run_derive(app, local(2026, 11, 29, 0, 15))
    statements.clear()
    await run_scan(app, local(2026, 11, 30, 8))  # the 1-day reminder of Sunday 29/11, on the Monday
    for_forty_two = len(statements)

    first, last = (await told(app))[org.people["Cán bộ A"].id]
    assert "Phòng A: 2 hộ chưa đăng ký thi đua năm 2026, hạn 30/11/2026: Hộ số 00, Hộ số 01." in first
    assert "Phòng A: 42 hộ chưa đăng ký thi đua năm 2026" in last and "Hộ số 41." in last
    assert for_forty_two <= for_two
    # A message's buttons are written with one statement, not one each (docs/decisions/0242).
    buttons = [s for s in statements if s.startswith("INSERT INTO outbound_action")]
    messages = [s for s in statements if s.startswith("INSERT INTO outbox")]
    assert messages and len(buttons) <= len(messages)


async def test_twenty_people_with_a_phone_are_reminded_for_the_statements_two_cost(any_app: App) -> None:
    """Two members of Phòng A with an account are reminded to register on the 7-day morning; eighteen more
    join before the 1-day morning, and the scan that writes all twenty messages with their buttons sends the
    database no more statements than the first (it sent eight more a message before, decision 0242); each
    message's buttons are numbered after the person's own earlier ones. On SQLite and on PostgreSQL."""
    app = any_app
    async with app.sessionmaker() as session, session.begin():
        org = await seed(session, local(2026, 11, 1, 9))
        session.add(
            RegistrationWindow(
                org_id=org.org.id, year=2026, opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 30)
            )
        )
        for n in range(2):
            await add_person(
                session, org, f"Thành viên {n:02}", "A", ("member", "A"), now=local(2026, 11, 1, 9)
            )
    statements: list[str] = []
    event.listen(app.db.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    await run_derive(app, local(2026, 11, 23, 0, 15))
    statements.clear()
    first = await run_scan(app, local(2026, 11, 23, 8))
    for_two = len(statements)
    async with app.sessionmaker() as session, session.begin():
        for n in range(2, 20):
            await add_person(
                session, org, f"Thành viên {n:02}", "A", ("member", "A"), now=local(2026, 11, 24, 9)
            )
    await run_derive(app, local(2026, 11, 29, 0, 15))
    statements.clear()
    last = await run_scan(app, local(2026, 11, 30, 8))
    for_twenty = len(statements)

    assert last.messages == first.messages + 18
    assert for_twenty <= for_two
    said = await messages(app)
    for name, numbers in [("Thành viên 00", ["#4", "#5", "#6"]), ("Thành viên 19", ["#1", "#2", "#3"])]:
        message = said[org.people[name].id][-1]
        assert "30/11/2026" in message.text and "/dangky" in message.text
        assert [typed_form(code) for code, _ in message.actions] == numbers
        labels = [label for _, label in message.actions]
        assert labels == ["Đăng ký thi đua", "Nhắc lại sau 1 ngày", "Đã xong"]


async def test_an_officer_reads_one_list_a_morning_however_many_scans_it_takes_and_after_a_crash(
    any_app: App,
) -> None:
    """Seven households of Phòng A without a phone, on the 7-day registration morning of a unit whose
    reminders take several scans (3 rows a scan here, 5,000 in a deployment): A's officer reads them all in
    one list, not one list a scan (decision 0269). The first scan commits and the bot stops before the next:
    the run after it still says one whole list, and nobody is named twice. On SQLite and on PostgreSQL."""
    from bot.domain.reminders import scan
    from scheduler.jobs import JobContext, send_reminders
    from tests.test_reminders import without_phone as no_phone

    app = any_app
    async with app.sessionmaker() as session, session.begin():
        org = await seed(session, local(2026, 11, 1, 9))
        session.add(
            RegistrationWindow(
                org_id=org.org.id, year=2026, opens_on=date(2026, 11, 1), closes_on=date(2026, 11, 30)
            )
        )
        at = local(2026, 11, 1, 9)
        await add_person(session, org, "Cán bộ A", "A", ("member", "A"), ("officer", "A"), now=at)
        for n in range(7):
            await no_phone(session, org, f"Hộ số {n:02}", "A")
    officer = org.people["Cán bộ A"].id
    names = ", ".join(f"Hộ số {n:02}" for n in range(7))
    whole = f"• Phòng A: 7 hộ chưa đăng ký thi đua năm 2026, hạn 30/11/2026: {names}."

    await run_derive(app, local(2026, 11, 23, 0, 15))
    await send_reminders(JobContext(app.sessionmaker, app.settings, reminder_batch=3), local(2026, 11, 23, 8))
    (said,) = (await told(app))[officer]
    assert whole in said

    await run_derive(app, local(2026, 11, 29, 0, 15))
    async with app.sessionmaker() as session, session.begin():  # one scan, then the bot stops
        assert (await scan(session, now=local(2026, 11, 30, 8), settings=app.settings, batch=3)).more
    assert len((await told(app))[officer]) == 1  # nothing half said
    await send_reminders(
        JobContext(app.sessionmaker, app.settings, reminder_batch=3), local(2026, 11, 30, 8, 1)
    )
    await send_reminders(
        JobContext(app.sessionmaker, app.settings, reminder_batch=3), local(2026, 11, 30, 8, 2)
    )
    _, last = (await told(app))[officer]
    assert whole in last and last.count("Hộ số") == 7
