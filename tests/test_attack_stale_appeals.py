"""What a member's old appeal message still did after the officer took the appeal back or closed its drive:
“Nhắc tôi sau” pressed on an appeal cancelled for a wrong account number wrote a reminder that brought the
cancelled text back two days later, and the reminders people had asked for before the cancellation, or before
the drive closed, still went out with “Ủng hộ ngay”. Each test here failed before the fix it stands for."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import Appeal, Drive, OutboxMessage, Person
from bot.domain.access import actor_for
from bot.domain.appeals import Audience, Draft, cancel_appeal, remind_later, send_appeal
from bot.domain.drives import NewDrive, close_drive, create_drive
from bot.messages import BUTTONS
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Scripted
from tests.test_drives import seed

WRONG = "Mời anh chị chuyển khoản vào tài khoản 0000 (số tài khoản gõ nhầm)."


def _chat(app: App, key: str) -> Scripted:
    return Scripted(CollectingChannel(app.engine, BUTTONS), key, MovableClock(NOW))


async def _appeal_went_out(app: App, ids: dict[str, int]) -> tuple[int, int]:
    """Hùng's appeal to everyone for the hospital's drive, every copy sent: (drive, appeal)."""
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        new = NewDrive("Đợt chung", date(2026, 11, 1), date(2026, 12, 31))
        drive = await create_drive(session, hung, new, now=NOW)
        everyone = Draft(WRONG, Audience("org"), drive.id)
        appeal = await send_appeal(session, hung, everyone, now=NOW, settings=app.settings)
        sent = update(OutboxMessage).where(OutboxMessage.key.like(f"appeal:{appeal.id}:%"))
        await session.execute(sent.values(status="sent", sent_at=NOW))
        return drive.id, appeal.id


async def _later_button(app: App, appeal_id: int, person_id: int) -> str:
    async with app.sessionmaker() as session:
        payload = await session.scalar(
            select(OutboxMessage.payload).where(OutboxMessage.key == f"appeal:{appeal_id}:{person_id}")
        )
    assert payload is not None
    code, label = payload["actions"][1]
    assert label == "Nhắc tôi sau"
    return str(code)


async def _reminders(app: App, appeal_id: int) -> dict[int, str]:
    async with app.sessionmaker() as session:
        rows = await session.execute(
            select(OutboxMessage.person_id, OutboxMessage.status).where(
                OutboxMessage.key.like(f"remind:appeal:{appeal_id}:%")
            )
        )
        return {person_id: status for person_id, status in rows}


async def _cancel(app: App, ids: dict[str, int], appeal_id: int) -> None:
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await cancel_appeal(session, hung, await session.get_one(Appeal, appeal_id), now=NOW)


async def test_remind_me_later_pressed_on_a_cancelled_appeal_brings_nothing_back(app: App) -> None:
    """Hùng cancelled his appeal: its account number was wrong. Lan still had it on her phone and pressed
    “Nhắc tôi sau”; she was told “Dạ, em sẽ nhắc anh/chị…”, and two days later the wrong text came back as
    “Nhắc lại theo lời anh/chị”. Now she is told the appeal was cancelled, and no reminder is written."""
    ids = await seed(app)
    _drive_id, appeal_id = await _appeal_went_out(app, ids)
    code = await _later_button(app, appeal_id, ids["lan"])
    await _cancel(app, ids, appeal_id)

    lan = _chat(app, "lan")
    lan.last = await lan.channel.receive("lan", choice=code, at=NOW)
    assert "nhắc anh/chị" not in lan.screen
    assert "Lời kêu gọi này đã được hủy" in lan.screen
    assert await _reminders(app, appeal_id) == {}


async def test_reminders_asked_for_before_the_appeal_was_cancelled_are_not_sent(app: App) -> None:
    """Lan and Mai pressed “Nhắc tôi sau” before Hùng cancelled the appeal; their reminders, with the wrong
    account number, still waited to go out. Now cancelling stops them with the appeal."""
    ids = await seed(app)
    _drive_id, appeal_id = await _appeal_went_out(app, ids)
    async with app.sessionmaker() as session, session.begin():
        appeal = await session.get_one(Appeal, appeal_id)
        for name in ("lan", "mai"):
            person = await session.get_one(Person, ids[name])
            assert await remind_later(session, person, appeal, now=NOW, settings=app.settings) is not None
    await _cancel(app, ids, appeal_id)
    assert await _reminders(app, appeal_id) == {ids["lan"]: "cancelled", ids["mai"]: "cancelled"}


async def test_a_drive_closed_stops_the_reminders_of_its_appeals_and_a_later_press_says_so(app: App) -> None:
    """The drive closed early (its target reached). Mai's reminder of its appeal still came, asking her to
    give to it; Lan's “Nhắc tôi sau”, pressed after, wrote another. Now the closing stops the one and the
    press says the drive has closed."""
    ids = await seed(app)
    drive_id, appeal_id = await _appeal_went_out(app, ids)
    code = await _later_button(app, appeal_id, ids["lan"])
    async with app.sessionmaker() as session, session.begin():
        appeal = await session.get_one(Appeal, appeal_id)
        mai = await session.get_one(Person, ids["mai"])
        assert await remind_later(session, mai, appeal, now=NOW, settings=app.settings) is not None
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await close_drive(session, hung, await session.get_one(Drive, drive_id), now=NOW)
    assert await _reminders(app, appeal_id) == {ids["mai"]: "cancelled"}

    lan = _chat(app, "lan")
    lan.last = await lan.channel.receive("lan", choice=code, at=NOW)
    assert "nhắc anh/chị" not in lan.screen
    assert "Đợt vận động của lời kêu gọi này đã kết thúc" in lan.screen
    assert await _reminders(app, appeal_id) == {ids["mai"]: "cancelled"}
