"""A union chairman's appeals walked through, on SQLite and PostgreSQL: an appeal pressed "Gửi ngay" at 20:58
and paused by Zalo's quota does not go out at night (the sender holds broadcasts in the quiet hours, never a
reply); ...
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from bot.app import App
from bot.clock import LOCAL_TZ
from bot.db.models import OutboxMessage, Person
from bot.delivery.outbox import REPLY, Destination, enqueue
from bot.delivery.sender import Sender
from bot.delivery.transport import OutboundMessage, RetryAfter
from bot.domain.access import actor_for
from bot.domain.appeals import Audience, Draft, send_appeal
from bot.domain.drives import NewDrive, create_drive
from tests.support.clocks import NOW
from tests.test_drives import seed
from tests.test_outbox import ScriptedMessenger, VirtualClock

EVENING = datetime(2026, 11, 23, 20, 58, tzinfo=LOCAL_TZ)


async def _drive(app: App, ids: dict[str, int]) -> int:
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        drive = await create_drive(
            session, hung, NewDrive("Tháng cao điểm 2026", date(2026, 10, 17), date(2026, 12, 31)), now=NOW
        )
        return drive.id


async def test_an_appeal_paused_by_the_quota_waits_for_the_morning_while_replies_still_go(
    any_app: App,
) -> None:
    app = any_app
    ids = await seed(app)
    drive_id = await _drive(app, ids)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        appeal = await send_appeal(
            session,
            hung,
            Draft("Mời anh chị chung tay Tháng cao điểm.", Audience("org"), drive_id),
            now=EVENING,
            settings=app.settings,
        )
        rows = list(await session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("appeal:%"))))
    channel, lan_chat = next((r.channel, r.chat_id) for r in rows if r.person_id == ids["lan"])
    time = VirtualClock(seconds=(EVENING - NOW).total_seconds())
    messenger = ScriptedMessenger(name=str(channel), clock=time)
    for row in rows:  # Zalo's "Quota exceeded" to the first tries: a pause of five minutes
        messenger.script[str(row.chat_id)] = [RetryAfter(300)]
    sender = Sender(
        app.sessionmaker,
        {str(channel): messenger},
        clock=time.now,
        monotonic=time.monotonic,
        sleep=time.sleep,
        quiet_hours=(app.settings.quiet_hours_start, app.settings.quiet_hours_end),
    )
    await sender.drain()
    assert messenger.sent == []
    time.seconds += 600  # 21:08: the pause is over, the quiet hours have begun
    async with app.sessionmaker() as session, session.begin():  # lan asks the bot something meanwhile
        await enqueue(
            session,
            key="reply:lan:1",
            destination=Destination(str(channel), str(lan_chat)),
            message=OutboundMessage(text="Tiến độ của anh/chị"),
            now=time.now(),
            priority=REPLY,
        )
    await sender.drain()
    assert messenger.sent == [(lan_chat, "Tiến độ của anh/chị")]  # her answer is not held behind the appeal
    morning = datetime(2026, 11, 24, 7, 0, tzinfo=LOCAL_TZ)
    time.seconds = (morning - NOW).total_seconds() - 60  # 06:59: still quiet
    await sender.drain()
    assert len(messenger.sent) == 1
    time.seconds += 60
    await sender.drain()
    appeal_copies = [to for to, text in messenger.sent if text.startswith("Mời anh chị")]
    assert sorted(appeal_copies) == sorted(str(r.chat_id) for r in rows) and appeal.recipients == len(rows)
    assert all(at >= (morning - NOW).total_seconds() for at in messenger.at[1:])  # none before 07:00
