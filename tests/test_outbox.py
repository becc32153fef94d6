"""The outbox and its sender on a real SQLite file, with a scripted messenger (the one thing that cannot run
here): every row is sent once, each chat in order; 429 pauses all sending, 403 blocks, server errors back off
and then fail, expired rows are never sent, a re-run cause writes nothing twice. What waits for an account
blocked goes to the person's other one, between the fake Telegram and Zalo servers. Time is virtual."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.telegram.transport import TelegramTransport
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.transport import ZaloTransport
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.locks import LockBusy, exclusive
from bot.db.models import ChannelIdentity, ConversationState, Organisation, OutboxMessage, Person
from bot.delivery.outbox import NOTICE, REPLY, Destination, after_quiet_hours, enqueue, enqueue_for, reach
from bot.delivery.sender import Sender
from bot.delivery.transport import (
    Blocked,
    DeliveryError,
    OutboundMessage,
    Parts,
    Rejected,
    RetryAfter,
    TryLater,
)
from bot.messages import TEXT_ONLY, Capabilities
from bot.web import make_web_app
from tests.support.bots import LocalSession
from tests.support.clocks import NOW
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_zalo import FakeZalo


@dataclass
class VirtualClock:
    """One virtual time for the database (UTC datetimes) and for waiting (seconds): it moves only when the
    code under test sleeps."""

    seconds: float = 0.0
    slept: list[float] = field(default_factory=list)

    def now(self) -> datetime:
        return NOW + timedelta(seconds=self.seconds)

    def monotonic(self) -> float:
        return self.seconds

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.seconds += seconds
        await asyncio.sleep(0)


@dataclass
class ScriptedMessenger:
    """A messenger that accepts everything except what the test scripted for a chat, in order."""

    name: str = "telegram"
    capabilities: Capabilities = TEXT_ONLY
    script: dict[str, list[DeliveryError]] = field(default_factory=dict)
    refuse: dict[str, DeliveryError] = field(default_factory=dict)  # a text refused however often it is tried
    sent: list[tuple[str, str]] = field(default_factory=list)
    cleared: list[tuple[str, str]] = field(default_factory=list)
    clear_fails: list[DeliveryError] = field(default_factory=list)
    at: list[float] = field(default_factory=list)
    clock: VirtualClock | None = None
    calls: list[str] = field(default_factory=list)  # what the chats saw happen, in order
    clearing: asyncio.Event | None = None  # set: a clear waits for it (a slow messenger)

    async def send(self, chat_id: str, message: OutboundMessage, progress: Parts | None = None) -> str:
        planned = self.script.get(chat_id)
        if planned:
            raise planned.pop(0)
        if message.text in self.refuse:
            raise self.refuse[message.text]
        self.sent.append((chat_id, message.text))
        self.calls.append(f"send {chat_id}: {message.text}")
        if self.clock is not None:
            self.at.append(self.clock.seconds)
        return f"m{len(self.sent)}"

    async def clear_buttons(self, chat_id: str, message_id: str) -> None:
        if self.clearing is not None:
            await self.clearing.wait()
        if self.clear_fails:
            raise self.clear_fails.pop(0)
        self.cleared.append((chat_id, message_id))
        self.calls.append(f"clear {chat_id}: {message_id}")


@pytest.fixture
def time() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def messenger(time: VirtualClock) -> ScriptedMessenger:
    return ScriptedMessenger(clock=time)


@pytest.fixture
def sender(db: async_sessionmaker[AsyncSession], messenger: ScriptedMessenger, time: VirtualClock) -> Sender:
    return Sender(db, {"telegram": messenger}, clock=time.now, monotonic=time.monotonic, sleep=time.sleep)


async def put(
    db: async_sessionmaker[AsyncSession], chat: str, text: str, *, key: str | None = None, **options: object
) -> int | None:
    async with db() as session, session.begin():
        return await enqueue(
            session,
            key=key or f"test:{chat}:{text}",
            destination=Destination("telegram", chat),
            message=OutboundMessage(text=text),
            now=NOW,
            **options,  # type: ignore[arg-type]
        )


async def statuses(db: async_sessionmaker[AsyncSession]) -> dict[str, str]:
    async with db() as session:
        rows = await session.execute(select(OutboxMessage.key, OutboxMessage.status))
        return {row.key: row.status for row in rows}


async def test_every_row_is_sent_once_and_each_chats_order_is_kept(db, sender, messenger) -> None:
    for n in range(5):
        for chat in ("a", "b", "c"):
            await put(db, chat, f"{chat}{n}")
    assert await sender.drain() == 15
    for chat in ("a", "b", "c"):
        assert [text for to, text in messenger.sent if to == chat] == [f"{chat}{n}" for n in range(5)]
    assert set((await statuses(db)).values()) == {"sent"}
    assert await sender.drain() == 0


async def test_the_same_cause_twice_writes_one_row(db) -> None:
    assert await put(db, "a", "receipt", key="reply:update-1:0") is not None
    assert await put(db, "a", "receipt", key="reply:update-1:0") is None
    assert len(await statuses(db)) == 1


async def test_replies_go_before_notices_and_broadcasts(db, sender, messenger) -> None:
    await put(db, "x", "broadcast", priority=2)
    await put(db, "y", "notice", priority=NOTICE)
    await put(db, "z", "reply", priority=REPLY)
    sender.batch = 1
    await sender.drain()
    assert [text for _chat, text in messenger.sent] == ["reply", "notice", "broadcast"]


async def test_a_429_pauses_all_sending_for_retry_after_then_everything_goes(
    db, sender, messenger, time
) -> None:
    messenger.script["a"] = [RetryAfter(7)]
    for chat in ("a", "b"):
        await put(db, chat, f"to {chat}")
    await sender.drain_once()  # a: 429; b may or may not have gone in the same instant
    await sender.drain()  # nothing is due until the pause is over
    time.seconds += 7
    await sender.drain()
    assert sorted(messenger.sent) == [("a", "to a"), ("b", "to b")]
    paused_sends = [at for at in messenger.at if 0 < at < 7]
    assert paused_sends == []
    assert set((await statuses(db)).values()) == {"sent"}


async def test_a_403_blocks_the_row_the_chats_next_rows_and_the_persons_account(
    db, sender, messenger
) -> None:
    async with db() as session, session.begin():
        org = Organisation(code="X", name="X", created_at=NOW)
        session.add(org)
        await session.flush()
        person = Person(org_id=org.id, full_name="Võ Thị Hoa", name_key="vo thi hoa", created_at=NOW)
        session.add(person)
        await session.flush()
        session.add(ChannelIdentity(channel="telegram", external_id="a", person_id=person.id, created_at=NOW))
    messenger.script["a"] = [Blocked("blocked by the user")]
    await put(db, "a", "first")
    await put(db, "a", "second")
    await put(db, "b", "other")
    await sender.drain()
    assert await statuses(db) == {
        "test:a:first": "blocked",
        "test:a:second": "blocked",
        "test:b:other": "sent",
    }
    async with db() as session:
        assert await session.scalar(select(ChannelIdentity.status)) == "blocked"


async def test_what_waits_for_a_telegram_account_blocked_goes_to_the_persons_zalo_once(
    db, time, tmp_path, zalo: FakeZalo
) -> None:
    """Hoa reads the bot on Telegram and on Zalo; An only on Telegram. Both blocked the bot on Telegram with
    notices waiting: Hoa's (the one that met the 403 too) used to be marked blocked, though Zalo would reach
    her. Now they reach her Zalo, once each, in order; her Telegram chat's own reply does not follow her, and
    An, with no other account, keeps his blocked as before."""
    async with FakeTelegram() as tg:
        hoa_tg, an_tg, hoa_zalo = tg.user(701, "Hoa"), tg.user(702, "An"), zalo.user("Hoa")
        async with db() as session, session.begin():
            org = Organisation(code="X", name="X", created_at=NOW)
            session.add(org)
            await session.flush()
            hoa, an = (
                Person(org_id=org.id, full_name=name, name_key=name, channel="telegram", created_at=NOW)
                for name in ("Võ Thị Hoa", "Phạm Văn An")
            )
            session.add_all([hoa, an])
            await session.flush()
            for person, channel, chat in (
                (hoa, "telegram", "701"),
                (hoa, "zalo", hoa_zalo.id),
                (an, "telegram", "702"),
            ):
                session.add(
                    ChannelIdentity(channel=channel, external_id=chat, person_id=person.id, created_at=NOW)
                )
            await session.flush()
            for person, text in (
                (hoa, "CT-1 đã được xác nhận"),
                (hoa, "Nhắc: hạn 15/12"),
                (an, "CT-2 đã được xác nhận"),
            ):
                await enqueue_for(
                    session,
                    key=f"notice:{text}",
                    person_id=person.id,
                    render=lambda _l, t=text: OutboundMessage(text=t),
                    now=NOW,
                )
            await enqueue(
                session,
                key="reply:tg:1:0",
                destination=Destination("telegram", "701"),
                message=OutboundMessage(text="Chọn một việc"),
                now=NOW,
                person_id=hoa.id,
            )
        hoa_tg.block()
        an_tg.block()
        bot = Bot(tg.token, session=LocalSession(api=TelegramAPIServer.from_base(tg.base_url)))
        client = ZaloClient(zalo.token, base=zalo.base_url)
        sender = Sender(
            db,
            {"telegram": TelegramTransport(bot, tmp_path), "zalo": ZaloTransport(client)},
            clock=time.now,
            monotonic=time.monotonic,
            sleep=time.sleep,
        )
        try:
            await sender.drain()
        finally:
            await bot.session.close()
            await client.close()

    assert [m.text for m in hoa_zalo.messages()] == ["CT-1 đã được xác nhận", "Nhắc: hạn 15/12"]
    assert [c.status for c in tg.calls_to("sendMessage")] == [403, 403]  # one refusal each, nothing after
    assert await statuses(db) == {
        "notice:CT-1 đã được xác nhận": "sent",
        "notice:Nhắc: hạn 15/12": "sent",
        "reply:tg:1:0": "blocked",
        "notice:CT-2 đã được xác nhận": "blocked",
    }
    async with db() as session:
        accounts = (await session.execute(select(ChannelIdentity.external_id, ChannelIdentity.status))).all()
    assert sorted(accounts) == sorted([("701", "blocked"), (hoa_zalo.id, "active"), ("702", "blocked")])


async def test_server_errors_back_off_keep_the_chats_order_and_then_fail_with_the_reason(
    db, sender, messenger, time
) -> None:
    messenger.script["a"] = [TryLater("502 Bad Gateway") for _ in range(sender.max_attempts)]
    await put(db, "a", "first")
    await put(db, "a", "second")
    await put(db, "b", "other")  # another chat's message goes through: the messenger works, this one fails
    waits = []
    while (await statuses(db))["test:a:first"] == "pending":
        await sender.drain_once()
        assert messenger.sent == [("b", "other")]  # the second never overtakes the first
        async with db() as session:
            due = await session.scalar(
                select(OutboxMessage.not_before).where(OutboxMessage.key == "test:a:first")
            )
        waits.append((due - time.now()).total_seconds())
        time.seconds = max(time.seconds, (due - NOW).total_seconds())
    await sender.drain()
    async with db() as session:
        first = await session.scalar(select(OutboxMessage).where(OutboxMessage.key == "test:a:first"))
    assert first is not None and first.status == "failed" and first.attempts == sender.max_attempts
    assert first.last_error == "502 Bad Gateway"
    assert messenger.sent == [("b", "other"), ("a", "second")]  # the chat goes on after the row that gave up
    assert waits[:-1] == sorted(waits[:-1]) and waits[0] > 0  # backing off, longer each time


async def test_a_refused_message_fails_at_once(db, sender, messenger) -> None:
    messenger.script["gone"] = [Rejected("chat not found")]
    await put(db, "gone", "hello")
    await sender.drain()
    assert await statuses(db) == {"test:gone:hello": "failed"}


async def test_healthz_counts_the_messages_given_up_so_a_monitor_sees_deliveries_failing(
    db, sender, messenger
) -> None:
    """A message the messenger refused was given up: kept as `failed`, said once in the log, and /healthz
    went on answering 200 with the sender "leading" — a monitor polling it never saw deliveries failing. Now
    it reads how many were given up, from the database (still 200: the channel works)."""
    messenger.script["gone"] = [Rejected("chat not found")]
    await put(db, "gone", "hello")
    await put(db, "a", "receipt")
    await sender.drain()
    runner = web.AppRunner(make_web_app(db))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/healthz") as answer:
            status, report = answer.status, await answer.json()
    finally:
        await runner.cleanup()
    assert status == 200
    assert report["outbox"] == {"state": "ok", "given_up": 1}


async def test_a_row_past_its_expiry_is_marked_expired_and_never_sent(db, sender, messenger, time) -> None:
    await put(db, "a", "reminder", expires_at=NOW + timedelta(minutes=5))
    await put(db, "a", "later", not_before=NOW + timedelta(hours=1), expires_at=NOW + timedelta(minutes=30))
    time.seconds += 3600
    await sender.drain()
    assert messenger.sent == []
    assert set((await statuses(db)).values()) == {"expired"}


async def test_a_row_scheduled_for_later_does_not_hold_back_the_chats_replies(db, sender, messenger) -> None:
    await put(db, "a", "morning notice", not_before=NOW + timedelta(hours=9))
    await put(db, "a", "reply now")
    await sender.drain()
    assert messenger.sent == [("a", "reply now")]


async def test_a_lease_left_by_a_dead_sender_is_released_by_the_next_leader(
    db, sender, messenger, time
) -> None:
    await put(db, "a", "in flight")
    claimed = await sender._claim_rows()  # the dead sender claimed it and never finished
    assert len(claimed) == 1
    assert await sender.drain() == 0  # leased: not claimed twice
    task = asyncio.create_task(sender.run(poll_interval=0.01))
    for _ in range(200):
        await asyncio.sleep(0.01)
        if messenger.sent:
            break
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert messenger.sent == [("a", "in flight")]


async def test_only_one_sender_leads_and_the_other_stands_by(db, messenger, time) -> None:
    first = Sender(db, {"telegram": messenger}, clock=time.now, monotonic=time.monotonic, sleep=time.sleep)
    async with exclusive(db, first.lock_name):
        with pytest.raises(LockBusy):
            async with exclusive(db, first.lock_name):
                pass


async def test_buttons_of_an_answered_menu_are_taken_off_the_message_that_showed_it(
    db, sender, messenger
) -> None:
    menu_row = await put(db, "a", "menu")
    await sender.drain()
    async with db() as session, session.begin():
        await enqueue(
            session,
            key="clear:1",
            destination=Destination("telegram", "a"),
            message=OutboundMessage(clear_buttons_of=menu_row),
            now=NOW,
        )
    await sender.drain()
    assert messenger.cleared == [("a", "m1")]


async def test_a_person_is_reached_on_their_chosen_messenger_else_the_one_used_last(db) -> None:
    async with db() as session, session.begin():
        org = Organisation(code="X", name="X", created_at=NOW)
        session.add(org)
        await session.flush()
        hoa = Person(org_id=org.id, full_name="Hoa", name_key="hoa", created_at=NOW, locale="en")
        nobody = Person(org_id=org.id, full_name="Lan", name_key="lan", created_at=NOW)
        session.add_all([hoa, nobody])
        await session.flush()
        for channel, chat, minutes in (("telegram", "t1", 1), ("zalo", "z1", 5)):
            session.add(ChannelIdentity(channel=channel, external_id=chat, person_id=hoa.id, created_at=NOW))
            session.add(
                ConversationState(
                    channel=channel,
                    chat_id=chat,
                    person_id=hoa.id,
                    flow="",
                    step="",
                    data={},
                    menu={},
                    menu_token=0,
                    updated_at=NOW + timedelta(minutes=minutes),
                )
            )
    async with db() as session, session.begin():
        assert await reach(session, hoa.id) == Destination("zalo", "z1")
        hoa_row = await session.get_one(Person, hoa.id)
        hoa_row.channel = "telegram"
        await session.flush()
        assert await reach(session, hoa.id) == Destination("telegram", "t1")
        await enqueue_for(
            session, key="n:1", person_id=hoa.id, render=lambda locale: OutboundMessage(text=locale), now=NOW
        )
        await enqueue_for(
            session,
            key="n:2",
            person_id=nobody.id,
            render=lambda locale: OutboundMessage(text=locale),
            now=NOW,
        )
    async with db() as session:
        rows = {r.key: r for r in await session.scalars(select(OutboxMessage))}
    assert rows["n:1"].payload["text"] == "en" and rows["n:1"].chat_id == "t1"
    assert rows["n:2"].status == "undeliverable"  # recorded, not lost silently


@pytest.mark.parametrize(
    ("local", "moved_to"),
    [
        ("2026-11-30 20:59", None),
        ("2026-11-30 21:00", "2026-12-01 07:00"),
        ("2026-12-01 03:30", "2026-12-01 07:00"),
        ("2026-12-01 07:00", None),
    ],
)
def test_quiet_hours_move_a_notice_to_seven_in_the_morning(local: str, moved_to: str | None) -> None:
    from bot.clock import LOCAL_TZ

    at = datetime.fromisoformat(local).replace(tzinfo=LOCAL_TZ).astimezone(UTC)
    expected = at if moved_to is None else datetime.fromisoformat(moved_to).replace(tzinfo=LOCAL_TZ)
    assert after_quiet_hours(at) == expected


async def test_a_sender_whose_database_is_unreachable_says_so_and_starts_again(
    tmp_path, messenger, time, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.db.engine import make_engine, make_sessionmaker
    from bot.db.migrate import upgrade_async

    folder = tmp_path / "not-yet"  # the database's folder is missing: the sender cannot even take its lock
    url = f"sqlite+aiosqlite:///{folder / 'chungtay.db'}"
    engine = make_engine(url)  # makes the folder, and in it the empty database readable by its user alone
    shutil.rmtree(folder)
    db = make_sessionmaker(engine)
    database_back = asyncio.Event()

    async def backing_off(seconds: float) -> None:
        """The virtual clock's sleep, but the third try waits until the database is back: the sender does not
        spin through failures while the test restores it."""
        await time.sleep(seconds)
        if len(time.slept) >= 2:
            await database_back.wait()

    sender = Sender(db, {"telegram": messenger}, clock=time.now, monotonic=time.monotonic, sleep=backing_off)
    running = asyncio.create_task(sender.run(poll_interval=0.01))
    try:
        async with asyncio.timeout(60):  # a guard against hanging, not a measure
            while len(time.slept) < 2:
                await asyncio.sleep(0.01)
            assert sum("the sender stopped" in r.getMessage() for r in caplog.records) == 2
            assert sender.last_error is not None
            await upgrade_async(url)  # the database is back
            await put(db, "a", "after the outage")
            database_back.set()
            while not messenger.sent:
                await asyncio.sleep(0.01)
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        await engine.dispose()
    assert messenger.sent == [("a", "after the outage")]
    assert time.slept[:2] == [1.0, 2.0]  # backing off while it failed
    assert sender.last_error is None  # sending again: the health check no longer reports the failure


async def test_a_typed_answer_shows_first_then_the_answered_menus_buttons_come_off(
    db, sender, messenger, time
) -> None:
    """The person sees the answer one messenger call sooner; a clear that fails is given up, and the answer
    is never sent twice for it."""
    menu_row = await put(db, "a", "menu")
    other_menu = await put(db, "b", "menu")
    await sender.drain()
    for chat, menu in (("a", menu_row), ("b", other_menu)):
        async with db() as session, session.begin():
            await enqueue(
                session,
                key=f"reply:{chat}",
                destination=Destination("telegram", chat),
                message=OutboundMessage(text="typed answer", clear_first=(menu,)),
                now=NOW,
            )
        messenger.clear_fails = [TryLater("network")] if chat == "b" else []
        await sender.drain()
    time.seconds += 60
    await sender.drain()
    assert messenger.calls == [
        "send a: menu",
        "send b: menu",
        "send a: typed answer",
        "clear a: m1",
        "send b: typed answer",  # its old menu's buttons could not come off: they stay
    ]
    assert set((await statuses(db)).values()) == {"sent"}


async def test_a_turns_reply_goes_at_once_while_the_answered_menus_buttons_still_come_off(
    db, sender, messenger, time
) -> None:
    """A person who answers while the bot is still taking the old menu's buttons off: the answer before is
    written down as sent first (decision 1828), so the reply is handed straight over and goes at once, not
    at the next poll nor after the slow clear; the chat reads its messages in order."""
    menu_row = await put(db, "a", "menu")
    await sender.drain()
    async with db() as session, session.begin():
        await enqueue(
            session,
            key="reply:1",
            destination=Destination("telegram", "a"),
            message=OutboundMessage(text="first answer", clear_first=(menu_row,)),
            now=NOW,
        )
    messenger.clearing = asyncio.Event()  # the messenger is slow to take the buttons off
    running = asyncio.create_task(sender.run(poll_interval=3600))  # no poll would come to the rescue
    try:
        async with asyncio.timeout(10):
            while (await statuses(db)).get("reply:1") != "sent":  # sent, its menu's clear under way
                await asyncio.sleep(0.01)
            async with db() as session, session.begin():
                await enqueue(
                    session,
                    key="reply:2",
                    destination=Destination("telegram", "a"),
                    message=OutboundMessage(text="second answer"),
                    now=time.now(),
                )
                claimed = await sender.claim_chat(await session.connection(), "telegram", "a")
            assert [row.message.text for row in claimed] == ["second answer"]
            sender.take(claimed)
            while ("a", "second answer") not in messenger.sent:
                await asyncio.sleep(0.01)
            messenger.clearing.set()
            while not messenger.cleared:
                await asyncio.sleep(0.01)
    finally:
        messenger.clearing.set()
        sender.stop()
        await running
    assert messenger.calls == ["send a: menu", "send a: first answer", "send a: second answer", "clear a: m1"]


async def test_a_row_that_expired_since_the_last_sweep_is_neither_sent_nor_holds_its_chat_back(
    db, sender, messenger, time
) -> None:
    await sender.drain()  # the expired rows were just swept
    await put(db, "a", "reminder", expires_at=NOW + timedelta(milliseconds=500))
    await put(db, "a", "reply")
    time.seconds += 0.6  # past the reminder's expiry, within a second of the sweep
    await sender.drain()
    assert messenger.sent == [("a", "reply")]


async def test_a_chats_next_row_goes_as_soon_as_the_one_before_is_done(db, sender, messenger) -> None:
    await put(db, "a", "first")
    await put(db, "a", "second")
    running = asyncio.create_task(sender.run(poll_interval=3600))  # no poll would come to the rescue
    try:
        async with asyncio.timeout(10):
            while len(messenger.sent) < 2:
                await asyncio.sleep(0.01)
    finally:
        sender.stop()
        await running
    assert messenger.sent == [("a", "first"), ("a", "second")]


async def test_a_turns_reply_is_handed_to_the_sender_unless_an_earlier_row_of_its_chat_waits(
    db, sender, messenger, time
) -> None:
    messenger.script["b"] = [TryLater("network")]
    await put(db, "b", "earlier")
    await sender.drain()  # failed once: it waits for its retry, and holds b's later rows back
    sender.leading = True  # as while it runs
    for chat in ("a", "b"):
        async with db() as session, session.begin():
            await enqueue(
                session,
                key=f"reply:{chat}",
                destination=Destination("telegram", chat),
                message=OutboundMessage(text=f"reply to {chat}"),
                now=time.now(),
            )
            claimed = await sender.claim_chat(await session.connection(), "telegram", chat)
        sender.take(claimed)
        assert len(claimed) == (1 if chat == "a" else 0)
    await asyncio.gather(*sender._sending)
    assert messenger.sent == [("a", "reply to a")]
    time.seconds += 1
    await sender.drain()
    assert messenger.sent == [("a", "reply to a"), ("b", "earlier"), ("b", "reply to b")]


async def deliver_all(db: async_sessionmaker[AsyncSession], sender: Sender, time: VirtualClock) -> None:
    """Drain, moving virtual time on to the next retry, until nothing is pending."""
    for _round in range(40):
        await sender.drain()
        async with db() as session:
            pending = select(OutboxMessage.not_before).where(OutboxMessage.status == "pending")
            if await session.scalar(pending.limit(1)) is None:
                return
            due = await session.scalar(
                pending.where(OutboxMessage.not_before > time.now())
                .order_by(OutboxMessage.not_before)
                .limit(1)
            )
        assert due is not None, "rows wait that no retry will send"
        time.seconds = (due.astimezone(UTC) - NOW).total_seconds()
    raise AssertionError("still pending after 40 rounds")


@pytest.fixture
async def any_db(any_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(any_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def test_one_message_always_refused_on_a_quiet_bot_gives_way_and_its_chat_goes_on(
    any_db, messenger, time
) -> None:
    """Nobody else is written to, so nothing shows whether the messenger works: after six tries the receipt
    gives way, the chat's menu is tried past it and taken, and the receipt is given up at its next failure."""
    db = any_db
    sender = Sender(db, {"telegram": messenger}, clock=time.now, monotonic=time.monotonic, sleep=time.sleep)
    messenger.refuse["receipt"] = TryLater("500 Internal Server Error")
    await put(db, "a", "receipt")
    await put(db, "a", "menu")
    await deliver_all(db, sender, time)
    assert messenger.sent == [("a", "menu")]
    assert await statuses(db) == {"test:a:receipt": "failed", "test:a:menu": "sent"}
    assert messenger.at == [31.0]  # after the tries at 0, 1, 3, 7, 15 and 31 s: not a day later
    assert sender.state != "failing"


async def test_the_last_digest_of_a_round_failing_alone_says_failing_no_longer_once_given_up_after_a_day(
    any_db, messenger, time
) -> None:
    """A leader's digest, last of the round, refused (500) after the others went: nothing goes after it, so
    the channel is said down (nothing tells it from an outage) until it is given up after a day. Then
    nothing waits: the sender no longer says "failing" (a /healthz 503 for good, with nothing to send, kept
    a worker out of a proxy's rotation), and the next message goes at once."""
    db = any_db
    sender = Sender(db, {"telegram": messenger}, clock=time.now, monotonic=time.monotonic, sleep=time.sleep)
    messenger.refuse["digest"] = TryLater("500 Internal Server Error")
    for n in range(3):
        await put(db, f"leader{n}", "digest of the week")
    await sender.drain()
    await put(db, "last", "digest")
    for _round in range(12):  # the tries at 0, 1, 3, 7, 15, 31 s, then once a day is over
        await sender.drain()
        if (await statuses(db))["test:last:digest"] == "failed":
            break
        assert sender.state == "failing"  # nothing else goes: an outage, as far as the sender can tell
        async with db() as session:
            last = select(OutboxMessage).where(OutboxMessage.chat_id == "last")
            row = (await session.execute(last)).scalar_one()
            due, gave_way = row.not_before, row.gave_way
        # its next try, or once it gave way (six tries), a day after its first failure
        time.seconds = 24 * 3600 + 60 if gave_way else (due.astimezone(UTC) - NOW).total_seconds()
    assert (await statuses(db))["test:last:digest"] == "failed"
    assert sender.state != "failing" and sender.problem is None
    await put(db, "leader0", "reminder")
    await sender.drain()
    assert messenger.sent[-1] == ("leader0", "reminder")


async def test_a_message_given_up_after_a_day_of_an_outage_leaves_it_said_while_others_wait(
    any_db, messenger, time
) -> None:
    """Telegram down for more than a day: the first message is given up a day after its first failure, but
    one written an hour into the outage still waits, so the sender still says it cannot send (0464)."""
    db = any_db
    sender = Sender(db, {"telegram": messenger}, clock=time.now, monotonic=time.monotonic, sleep=time.sleep)
    messenger.refuse["digest"] = TryLater("502 Bad Gateway")
    await put(db, "first", "digest")

    async def tried_until(seconds: float) -> None:
        """Drain, moving on to each next try, until `seconds` or the first message given up."""
        while time.seconds <= seconds and (await statuses(db))["test:first:digest"] != "failed":
            await sender.drain()
            async with db() as session:
                due = await session.scalar(
                    select(OutboxMessage.not_before)
                    .where(OutboxMessage.status == "pending", OutboxMessage.not_before > time.now())
                    .order_by(OutboxMessage.not_before)
                    .limit(1)
                )
            time.seconds = (due.astimezone(UTC) - NOW).total_seconds()

    await tried_until(60)  # six tries: it gives way
    time.seconds = 3600
    await put(db, "later", "digest")
    await tried_until(3700)
    time.seconds = 24 * 3600 + 60
    await tried_until(24 * 3600 + 300)
    assert await statuses(db) == {"test:first:digest": "failed", "test:later:digest": "pending"}
    assert sender.state == "failing" and "telegram: cannot send" in (sender.problem or "")


@pytest.mark.sqlite_only
async def test_an_outage_gives_up_nothing_and_keeps_the_chats_order_though_a_row_gave_way(
    any_db, messenger, time
) -> None:
    """Everything refused for minutes: the receipt gives way after six tries, the menu tried past it is
    refused too, so it waits behind the receipt; once the messenger is back both go, in their order."""
    db = any_db
    sender = Sender(db, {"telegram": messenger}, clock=time.now, monotonic=time.monotonic, sleep=time.sleep)
    messenger.script["a"] = [TryLater("502 Bad Gateway") for _ in range(12)]
    await put(db, "a", "receipt")
    await put(db, "a", "menu")
    await deliver_all(db, sender, time)
    assert messenger.sent == [("a", "receipt"), ("a", "menu")]
    assert set((await statuses(db)).values()) == {"sent"}
    assert time.seconds > 5 * 60  # minutes of failures, nothing given up


async def test_a_long_run_keeps_nothing_in_memory_for_rows_that_failed_and_then_expired(
    db, sender, messenger, time
) -> None:
    """Reminders, each to a chat Telegram failed once (a 502 while others went through), then past their
    expiry before their next try: the sender kept each one's first failure and count of failed tries in
    memory for as long as it ran, one more a row, never to be read again (a day of them, a week's run)."""
    for n in range(200):
        messenger.script[f"c{n}"] = [TryLater("502 Bad Gateway")]
        await put(db, f"c{n}", "reminder", expires_at=NOW + timedelta(seconds=0.5))
        await put(db, f"ok{n}", "receipt")
    for _second in range(5):
        await sender.drain()
        time.seconds += 1
    await sender.drain()
    kept = list((await statuses(db)).values())
    assert kept.count("expired") == 200 and kept.count("sent") == 200
    assert sender._failing == {}  # what the sender keeps per row
