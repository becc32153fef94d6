"""Zalo failing while the bot sends: an outage of minutes, a 429 in the middle of a long reply. Nothing is
lost, nothing arrives twice, and the operator can tell from /healthz and the log."""

from __future__ import annotations

import asyncio
import logging
import re
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from bot import runtime
from bot.app import App, build_app
from bot.channels.telegram.transport import TelegramTransport
from bot.channels.zalo.poller import poll
from bot.config import Settings
from bot.db.models import OutboxMessage
from bot.delivery.outbox import BROADCAST, Destination, enqueue, given_up
from bot.delivery.sender import Sender
from bot.delivery.transport import OutboundMessage
from bot.messages import Choice
from tests.support.bots import make_bot
from tests.support.clocks import NOW, MovableClock
from tests.support.fake_telegram import FakeTelegram
from tests.support.fake_zalo import FakeZalo, utf16_units
from tests.support.zalo import ZaloHarness
from tests.test_zalo import zalo_settings


@pytest.fixture
async def harness(zalo: FakeZalo, db_path: Path, tmp_path: Path) -> AsyncIterator[ZaloHarness]:
    app: App = build_app(zalo_settings(zalo, db_path, tmp_path), MovableClock(NOW))
    h = ZaloHarness.build(zalo, app)
    yield h
    await h.close()
    await app.close()


async def put(h: ZaloHarness, chat_id: str, key: str, message: OutboundMessage) -> None:
    async with h.app.sessionmaker() as session, session.begin():
        await enqueue(session, key=key, destination=Destination("zalo", chat_id), message=message, now=NOW)


async def test_a_429_in_the_middle_of_a_long_reply_sends_no_part_twice(harness: ZaloHarness) -> None:
    h = harness
    hoa = h.zalo.user("Hoa")
    lines = [f"{n}. CT-2026-{n:06d} — Nguyễn Thị Hoà — 1.200.000 ₫ — đã xác nhận" for n in range(1, 120)]
    message = OutboundMessage(text="\n".join(lines), choices=(Choice("back", "Quay lại"),))
    h.zalo.fail_next("sendMessage", 429, after=1)  # the first part goes, the second meets the quota
    await put(h, hoa.id, "long", message)
    await h.deliver()
    parts = [m.text for m in hoa.messages()]
    assert len(parts) >= 3 and all(utf16_units(part) <= 2000 for part in parts)
    shown = "\n".join(parts).splitlines()
    assert [line for line in shown if line.startswith(tuple("0123456789"))] == [*lines, "0. Quay lại"]


async def test_a_zalo_outage_of_minutes_loses_no_reply_and_the_operator_sees_it(
    harness: ZaloHarness, caplog: pytest.LogCaptureFixture
) -> None:
    h = harness
    hoa, lan = h.zalo.user("Hoa"), h.zalo.user("Lan")
    others = [h.zalo.user(f"Người {n}") for n in range(30)]  # Monday's appeal, waiting behind them
    h.zalo.fail_next("sendMessage", 502, "Bad Gateway", http_status=502, count=10_000)  # minutes of outage
    await put(h, hoa.id, "receipt", OutboundMessage(text="Đã ghi nhận CT-2026-000007: 500.000 ₫."))
    await put(h, hoa.id, "menu:hoa", OutboundMessage(text="Xin chào Hoa!"))
    await put(h, lan.id, "menu", OutboundMessage(text="Xin chào Lan!"))
    for n, other in enumerate(others):
        await put(h, other.id, f"appeal:{n}", OutboundMessage(text="Mời anh chị chung tay!"))
    tried_by_minute = []
    for _ in range(12):
        for _ in range(6):
            await h.sender.drain()
            await h.time.sleep(10)
        tried_by_minute.append(len(h.zalo.calls_to("sendMessage")))
    assert h.sender.state == "failing" and "zalo" in (h.sender.problem or "")
    # One try at a time tells whether Zalo is back, about once a minute once it has been down a while, where
    # each of the 32 messages was tried once a minute: Zalo called without a pause at the sender's pace.
    assert tried_by_minute[-1] - tried_by_minute[1] <= 15
    h.zalo.clear_failures()  # Zalo is back
    minh = h.zalo.user("Minh")
    await put(h, minh.id, "menu:minh", OutboundMessage(text="Xin chào Minh!"))
    # Minh's greeting, never tried, shows Zalo works: what waited for the rest's end (up to a minute more)
    # goes now, as the log says, not when each one's wait runs out.
    await h.sender.drain()
    assert [m.text for m in minh.messages()] == ["Xin chào Minh!"]
    assert [[m.text for m in other.messages()] for other in others] == [["Mời anh chị chung tay!"]] * 30
    await h.deliver()
    # Nothing given up, each chat in its order: the receipt that gave way after six tries (its chat's next
    # message was tried past it and refused too: an outage) went first once Zalo was back.
    assert [m.text for m in hoa.messages()] == ["Đã ghi nhận CT-2026-000007: 500.000 ₫.", "Xin chào Hoa!"]
    assert [m.text for m in lan.messages()] == ["Xin chào Lan!"]
    assert h.sender.state != "failing"
    said = "\n".join(r.getMessage() for r in caplog.records if r.name == "bot.delivery.sender")
    assert "zalo: cannot send (502 Bad Gateway); the messages wait in the outbox" in said
    assert re.search(r"zalo: sending again after \d{3,} s of failures", said)  # minutes of them


async def test_a_reply_in_parts_stopped_half_way_is_finished_by_the_next_sender_without_a_part_twice(
    harness: ZaloHarness,
) -> None:
    """Zalo took the first part and failed the second; the sender is then replaced (a restart, a standby
    taking over): the new one knows from the outbox row which parts went and sends only the rest."""
    h = harness
    hoa = h.zalo.user("Hoa")
    lines = [f"{n}. CT-2026-{n:06d} — Nguyễn Thị Hoà — 1.200.000 ₫ — đã xác nhận" for n in range(1, 120)]
    message = OutboundMessage(text="\n".join(lines), choices=(Choice("back", "Quay lại"),))
    h.zalo.fail_next("sendMessage", 502, "Bad Gateway", http_status=502, after=1)
    await put(h, hoa.id, "long", message)
    await h.sender.drain()
    assert len(hoa.messages()) == 1  # the first part only; the rest waits for its retry
    restarted = ZaloHarness.build(h.zalo, h.app)  # remembers nothing of the first sender
    try:
        await restarted.deliver()
    finally:
        await restarted.close()
    parts = [m.text for m in hoa.messages()]
    assert len(parts) >= 3 and len(set(parts)) == len(parts)
    shown = "\n".join(parts).splitlines()
    assert [line for line in shown if line.startswith(tuple("0123456789"))] == [*lines, "0. Quay lại"]


async def test_a_message_zalo_always_refuses_on_a_quiet_channel_is_given_up_and_the_chat_goes_on(
    harness: ZaloHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Zalo answers 500 to one message whatever is tried, and nobody else is written to: the message is tried
    six times (about a minute), then its chat's next reply is tried past it. Zalo takes that one, so the
    first message is at fault: it is given up at its next failure, the reason kept and logged, and the
    person has their answer within minutes, not a day later."""
    h = harness
    hoa = h.zalo.user("Hoa")
    h.zalo.refuse_text("CT-2026-000013", 500, "Internal error", http_status=500)
    await put(h, hoa.id, "receipt", OutboundMessage(text="Đã ghi nhận CT-2026-000013: 500.000 ₫."))
    await put(h, hoa.id, "menu", OutboundMessage(text="Chọn một việc:\n1. Đóng góp\n2. Tiến độ"))
    started = h.time.now
    await h.deliver()
    assert [m.text for m in hoa.messages()] == ["Chọn một việc:\n1. Đóng góp\n2. Tiến độ"]
    assert h.time.now - started < 5 * 60
    async with h.app.sessionmaker() as session:
        rows = {r.key: r for r in await session.scalars(select(OutboxMessage))}
    assert rows["receipt"].status == "failed" and rows["receipt"].last_error == "500 Internal error"
    assert rows["menu"].status == "sent"
    assert h.sender.state != "failing"  # the channel works; the one message is recorded as failed
    said = "\n".join(r.getMessage() for r in caplog.records if r.name == "bot.delivery.sender")
    assert f"zalo: gave up outbox row {rows['receipt'].id} after 7 tries (500 Internal error)" in said


async def test_a_colleague_who_blocked_the_bot_on_zalo_is_said_blocked_not_a_message_given_up(
    harness: ZaloHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Hoa blocked the bot on Zalo (or deleted her account): Zalo answers 404 “Not Found” to a send to her
    chat. It was read as a message refused for good: her appeal “failed” (the officer read “lỗi”), /healthz
    counted it among the messages given up, and what else waited for her was tried and refused in turn.
    Now as Telegram's 403 “bot was blocked”: her account marked blocked, what waits for her not tried."""
    h = harness
    hoa, lan = h.zalo.user("Hoa"), h.zalo.user("Lan")
    hoa.block()
    appeal = OutboundMessage(text="Mời anh chị góp quà Tết cho đồng nghiệp khó khăn!")
    await put(h, hoa.id, "appeal:hoa", appeal)
    reminder = OutboundMessage(text="Nhắc anh/chị: hạn đăng ký thi đua 15/12/2026.")
    await put(h, hoa.id, "reminder:hoa", reminder)
    await put(h, lan.id, "appeal:lan", appeal)
    await h.deliver()
    async with h.app.sessionmaker() as session:
        rows = {r.key: r for r in await session.scalars(select(OutboxMessage))}
        assert await given_up(session) == 0
    assert rows["appeal:hoa"].status == "blocked" and rows["appeal:hoa"].last_error == "404 Not Found"
    assert rows["reminder:hoa"].status == "blocked"
    assert [call.params["chat_id"] for call in h.zalo.calls_to("sendMessage")].count(hoa.id) == 1
    assert [m.text for m in lan.messages()] == [appeal.text]
    assert h.sender.state != "failing"
    said = "\n".join(r.getMessage() for r in caplog.records if r.name == "bot.delivery.sender")
    assert "the account is gone or blocked the bot (404 Not Found)" in said
    assert "refused for good" not in said


async def test_a_picture_zalo_answers_404_for_does_not_cut_off_its_reader(
    zalo: FakeZalo, db_path: Path, tmp_path: Path
) -> None:
    """Zalo answers 404 “Not Found” to the appeal's poster (the link it was given no longer serves the
    picture): Hoa was marked as having blocked the bot, her appeal not sent and her next reminder not tried,
    though her chat works. The 404 is the picture's when the text then goes to her chat (decision 0615)."""
    app: App = build_app(zalo_settings(zalo, db_path, tmp_path), MovableClock(NOW))
    h = ZaloHarness.build(zalo, app, media_url="https://chungtay.example.vn/media")
    try:
        hoa = h.zalo.user("Hoa")
        h.zalo.fail_next("sendPhoto", 404, "Not Found")
        appeal = OutboundMessage(text="Mời anh chị góp quà Tết!", photo="ab/poster.jpg", locale="vi")
        await put(h, hoa.id, "appeal:hoa", appeal)
        await put(h, hoa.id, "reminder:hoa", OutboundMessage(text="Nhắc anh/chị: hạn 15/12/2026."))
        await h.deliver()
        async with h.app.sessionmaker() as session:
            rows = {r.key: r.status for r in await session.scalars(select(OutboxMessage))}
    finally:
        await h.close()
        await app.close()
    assert rows == {"appeal:hoa": "sent", "reminder:hoa": "sent"}
    texts = [m.text for m in hoa.messages()]
    assert texts[0].startswith("Mời anh chị góp quà Tết!") and "không xem được trên Zalo" in texts[0]
    assert texts[1:] == ["Nhắc anh/chị: hạn 15/12/2026."]


async def test_a_bot_zalo_does_not_find_at_all_marks_nobody_blocked_and_sends_once_it_is_found(
    harness: ZaloHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """ZALO_API_BASE or the token points at no bot Zalo serves: every call answers 404 “Not Found”, its
    own getMe too. Each of the 30 colleagues the appeal went to was marked as having blocked the bot, the
    officer read 30 “đã chặn bot”, and nothing was sent once it was put right. Now the channel is said down,
    with what to check, and the appeal waits for it (decision 0615)."""
    h = harness
    others = [h.zalo.user(f"Người {n}") for n in range(30)]
    h.zalo.fail_next("sendMessage", 404, "Not Found", count=10_000)
    h.zalo.fail_next("getMe", 404, "Not Found", count=10_000)
    for n, other in enumerate(others):
        await put(h, other.id, f"appeal:{n}", OutboundMessage(text="Mời anh chị chung tay!"))
    for _ in range(6):
        await h.sender.drain()
        await h.time.sleep(10)
    async with h.app.sessionmaker() as session:
        statuses = Counter(r.status for r in await session.scalars(select(OutboxMessage)))
    assert statuses == {"pending": 30}
    assert h.sender.state == "failing" and "ZALO_API_BASE" in (h.sender.problem or "")
    h.zalo.clear_failures()  # the setting put right
    await h.time.sleep(120)
    await h.deliver()
    assert [[m.text for m in other.messages()] for other in others] == [["Mời anh chị chung tay!"]] * 30
    said = "\n".join(r.getMessage() for r in caplog.records if r.name == "bot.delivery.sender")
    assert "blocked the bot" not in said


async def test_a_zalo_outage_does_not_fail_the_proxys_check_of_telegrams_webhook(
    zalo: FakeZalo, db_path: Path, tmp_path: Path, unused_tcp_port: int
) -> None:
    """Caddy checks each inbound worker's /healthz: a 503 because Zalo is down took every worker out of
    Telegram's route too. `?part=telegram` counts only the database and Telegram."""
    tg = FakeTelegram()
    await tg.start()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{db_path}",
        media_dir=tmp_path / "media",
        zalo_bot_token=zalo.token,
        zalo_api_base=zalo.base_url,
        telegram_bot_token=tg.token,
        telegram_api_base=tg.base_url,
        web_port=unused_tcp_port,
        _env_file=None,
    )
    app = build_app(settings, MovableClock(NOW))
    zalo.fail_next("getUpdates", 502, "Bad Gateway", http_status=502, count=10_000)
    stopping = asyncio.Event()
    task = asyncio.create_task(runtime.run(app, stopping=stopping))
    try:
        # Telegram's start builds aiogram's response models first: seconds on a busy machine. Zalo's first
        # failure is in the health at once: its second try, a second of back-off later, is not waited for
        # (decision 2701), and the stop ends that back-off at once (2702).
        await zalo.wait_until(lambda: bool(zalo.calls_to("getUpdates")), timeout=120, what="Zalo asked")
        await tg.wait_for_call("getUpdates", timeout=120)
        for _ in range(1000):
            if (await healthz(unused_tcp_port, "?part=zalo"))[1]["zalo"]["state"] == "degraded":
                break
            await asyncio.sleep(0.01)
        assert (await healthz(unused_tcp_port, ""))[0] == 503  # the whole process: Zalo is degraded
        status, report = await healthz(unused_tcp_port, "?part=telegram")
        assert status == 200 and report["zalo"]["state"] == "degraded"  # still shown
        assert (await healthz(unused_tcp_port, "?part=zalo"))[0] == 503
        stopping.set()
        await task
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await app.close()
        await tg.stop()


async def healthz(port: int, query: str) -> tuple[int, dict[str, dict[str, object]]]:
    url = f"http://127.0.0.1:{port}/healthz{query}"
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        return response.status, await response.json()


async def test_the_log_says_why_polling_zalo_fails(
    harness: ZaloHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """The operator reading the log when Zalo fails: a quota, Zalo's server or a refusal, each said apart; a
    token revoked while it runs once at ERROR, naming the setting (it said `refused (401)`; decision 0355).
    A stop asked for during a back-off ends the poller at once, not when the back-off is over (2702)."""
    h = harness
    h.zalo.fail_next("getUpdates", 429, html=True)
    h.zalo.fail_next("getUpdates", 502, "Bad Gateway", http_status=502)
    h.zalo.fail_next("getUpdates", 401, "Unauthorized", count=2)
    waits: list[float] = []
    fourth, never = asyncio.Event(), asyncio.Event()  # the fourth back-off lasts until the stop ends it

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 4:
            fourth.set()
            await never.wait()
        await asyncio.sleep(0)

    stopping = asyncio.Event()
    task = asyncio.create_task(poll(h.adapter, h.client, timeout=1, sleep=sleep, stopping=stopping))
    try:
        await asyncio.wait_for(fourth.wait(), 60)
        stopping.set()
        await asyncio.wait_for(task, runtime.STOP_WITHIN)  # by itself, before the runtime would cancel it
        assert len(h.zalo.calls_to("getUpdates")) == 4  # and without asking Zalo again
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    said = [r.getMessage() for r in caplog.records if "getUpdates failed" in r.getMessage()]
    assert "quota exceeded (429)" in said[0] and "retrying in 5 s" in said[0]
    assert "server or network error" in said[1] and h.zalo.token.split(":")[1] not in "\n".join(said)
    assert "token refused" in said[2] and "token refused" in said[3]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "ZALO_BOT_TOKEN" in errors[0] and h.zalo.token.split(":")[1] not in errors[0]


@pytest.mark.parametrize("quota", [False, True], ids=["zalo down", "zalo's quota exceeded"])
async def test_zalo_down_does_not_hold_up_telegram_sent_by_the_same_sender(
    zalo: FakeZalo, db_path: Path, tmp_path: Path, quota: bool
) -> None:
    """One sender serves both bots. While Zalo is down its messages go one at a time, each learning from the
    one before; those waiting their turn held the sender's places for sends under way, so a Telegram reply
    behind a hundred of an appeal's Zalo messages waited for each to be tried in turn (at Zalo's timeout,
    many minutes). So did Zalo's "Quota exceeded": its messages waited out the pause (5 s, growing to five
    minutes) in those places, and the Telegram reply went after the Zalo messages the pause held."""
    tg = FakeTelegram()
    await tg.start()
    app = build_app(zalo_settings(zalo, db_path, tmp_path), MovableClock(NOW))
    h = ZaloHarness.build(zalo, app)
    tg.user(4242, "Lan")
    bot = make_bot(tg)
    telegram = TelegramTransport(bot, tmp_path, default_locale="vi")
    sender = Sender(
        app.sessionmaker,
        {"zalo": h.sender.transports["zalo"], "telegram": telegram},
        clock=app.engine.clock,
        monotonic=h.time,
        sleep=h.time.sleep,
        lock_name="sender-both",
    )
    try:
        if quota:  # Zalo takes the messages again once its pause is over
            zalo.fail_next("sendMessage", 429, http_status=429)
        else:
            zalo.fail_next("sendMessage", 502, "Bad Gateway", http_status=502, count=10_000)
        await put(h, zalo.user("Hoa").id, "receipt", OutboundMessage(text="Đã ghi nhận."))
        await sender.drain()  # Zalo is down, or asks the bot to slow down
        people = [zalo.user(f"Người {n}") for n in range(100)]
        for n, person in enumerate(people):
            await put(h, person.id, f"appeal:{n}", OutboundMessage(text="Mời chung tay!"))
        async with app.sessionmaker() as session, session.begin():
            destination = Destination("telegram", "4242")
            await enqueue(
                session, key="tg", destination=destination, message=OutboundMessage(text="Chào!"), now=NOW
            )
        before = len(zalo.calls_to("sendMessage"))
        tried = []

        async def telegram_answered() -> None:
            await tg.wait_for_call("sendMessage", timeout=60)
            tried.append(len(zalo.calls_to("sendMessage")) - before)

        await asyncio.gather(sender.drain(), telegram_answered())
        assert [m.text for m in tg.messages(4242)] == ["Chào!"]
        assert tried[0] <= 5  # not after the Zalo messages claimed before it were each tried in turn
        if quota:  # the pause over, each of the hundred goes, once
            app.engine.clock.advance(seconds=5)  # type: ignore[attr-defined]
            await h.time.sleep(5)
            await sender.drain()
            assert [len(person.messages()) for person in people] == [1] * 100
    finally:
        await h.close()
        await app.close()
        await bot.session.close()
        await tg.stop()


async def test_messages_waiting_for_a_slow_zalo_to_answer_are_sent_once_each(harness: ZaloHarness) -> None:
    """Zalo down and slow to say so (its timeout): while one message is tried, the others of an appeal waited
    in turn behind it, past their 30 s lease; claimed again meanwhile (the next round, a turn's reply handed
    straight to the sender), each was sent twice once Zalo was back."""
    h = harness
    zalo, transport = h.zalo, h.sender.transports["zalo"]
    zalo.fail_next("sendMessage", 502, "Bad Gateway", http_status=502, count=10_000)
    await put(h, zalo.user("Hoa").id, "receipt", OutboundMessage(text="Đã ghi nhận."))
    await h.sender.drain()  # Zalo is down
    others = [zalo.user(f"Người {n}") for n in range(20)]
    for n, other in enumerate(others):
        await put(h, other.id, f"appeal:{n}", OutboundMessage(text="Mời anh chị chung tay!"))

    class TenSecondsAnAnswer:  # Zalo's answers come after ten seconds; it is back after the third
        name, capabilities, answered = transport.name, transport.capabilities, 0

        async def send(self, *args: object) -> str:
            await h.time.sleep(10)
            self.answered += 1
            if self.answered == 3:
                zalo.clear_failures()
            return await transport.send(*args)  # type: ignore[arg-type]

        async def clear_buttons(self, chat_id: str, message_id: str) -> None:
            await transport.clear_buttons(chat_id, message_id)

    h.sender.transports["zalo"] = TenSecondsAnAnswer()
    before = len(zalo.calls_to("sendMessage"))
    first = asyncio.ensure_future(h.sender.drain_once())
    fourth = asyncio.ensure_future(
        zalo.wait_until(lambda: len(zalo.calls_to("sendMessage")) >= before + 4, timeout=60)
    )
    await asyncio.wait({first, fourth}, return_when=asyncio.FIRST_COMPLETED)
    await h.sender.drain_once()  # forty seconds on, the next round
    await first
    fourth.cancel()
    async with h.app.sessionmaker() as session:  # each waiting copy says why: /keugoi counts it as waiting
        waiting = (
            await session.scalars(select(OutboxMessage.last_error).where(OutboxMessage.status == "pending"))
        ).all()
    assert waiting and all(why == "502 Bad Gateway" for why in waiting), waiting
    await h.deliver()
    assert [[m.text for m in other.messages()] for other in others] == [["Mời anh chị chung tay!"]] * 20


async def test_zalo_down_for_minutes_while_telegram_takes_every_message_is_zalos_outage_alone(
    harness: ZaloHarness,
) -> None:
    """One sender for both bots; Zalo answers 502 for ten minutes while Telegram takes a reply every ten
    seconds. Telegram's messages going through say nothing of Zalo: Zalo is seen down (rested, "failing" for
    Zalo alone) and none of its thirty appeal messages is given up as if its chat were at fault; back, each
    is sent once. Telegram is never said down."""
    h = harness
    tg = FakeTelegram()
    await tg.start()
    bot = make_bot(tg)
    sender = Sender(
        h.app.sessionmaker,
        {"zalo": h.sender.transports["zalo"], "telegram": TelegramTransport(bot, h.app.settings.media_dir)},
        clock=h.sender.clock,
        monotonic=h.time,
        sleep=h.time.sleep,
        lock_name="sender-both",
    )
    try:
        others = [h.zalo.user(f"Người {n}") for n in range(30)]
        h.zalo.fail_next("sendMessage", 502, "Bad Gateway", http_status=502, count=10_000)
        for n, other in enumerate(others):
            await put(h, other.id, f"appeal:{n}", OutboundMessage(text="Mời anh chị chung tay!"))
        for n in range(60):
            tg.user(5000 + n, f"Đồng nghiệp {n}")
            async with h.app.sessionmaker() as session, session.begin():
                await enqueue(
                    session,
                    key=f"tg:{n}",
                    destination=Destination("telegram", str(5000 + n)),
                    message=OutboundMessage(text="Đã ghi nhận."),
                    now=sender.clock(),
                )
            await sender.drain()
            await h.time.sleep(10)
            assert sender.problem is not None and "zalo: cannot send" in sender.problem
            assert "telegram" not in sender.problem
        async with h.app.sessionmaker() as session:
            zalo_rows = Counter(
                await session.scalars(select(OutboxMessage.status).where(OutboxMessage.channel == "zalo"))
            )
        assert zalo_rows == {"pending": 30}
        assert sum(len(tg.messages(5000 + n)) for n in range(60)) == 60
        h.zalo.clear_failures()
        for _ in range(12):
            await sender.drain()
            await h.time.sleep(10)
        assert [len(other.messages()) for other in others] == [1] * 30
        assert sender.problem is None
    finally:
        await bot.session.close()
        await tg.stop()


async def test_an_appeal_to_400_on_zalo_at_its_pace_reaches_each_once(harness: ZaloHarness) -> None:
    """Zalo takes every message, at the bot's own pace of five a second. The running sender claimed 200 at a
    time and each waited for its place in turn: the last of a round waited 40 s, past its 30 s lease, and the
    next claim took it again: 44 and 103 of 400 colleagues (two runs) had the Tết appeal twice, with no
    failure at all."""
    h = harness
    people = [h.zalo.user(f"Đồng nghiệp {n}") for n in range(400)]
    async with h.app.sessionmaker() as session, session.begin():
        for n, person in enumerate(people):
            to, message = Destination("zalo", person.id), OutboundMessage(text="Mời anh chị góp quà Tết!")
            await enqueue(
                session, key=f"appeal:{n}", destination=to, message=message, now=NOW, priority=BROADCAST
            )
    running = asyncio.create_task(h.sender.run(poll_interval=0.01))
    await h.zalo.wait_until(lambda: len(h.zalo.calls_to("sendMessage")) >= 400, timeout=60, what="400 sends")
    h.sender.stop()  # what is claimed or under way goes first
    await running
    assert Counter(len(person.messages()) for person in people) == {1: 400}


async def test_zalo_s_quota_used_up_for_hours_is_said_in_the_senders_health_and_the_reply_goes_after(
    harness: ZaloHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Zalo's quota is used up for the day: every try for two hours meets “Quota exceeded”, each pause (5 s,
    doubling up to five minutes) ending in one try. The sender's health said nothing was wrong (“leading”,
    /healthz 200) while nothing went on Zalo for hours; a Zalo outage or a refused token says so."""
    h = harness
    hoa = h.zalo.user("Hoa")
    h.zalo.fail_next("sendMessage", 429, http_status=429, count=10_000)
    await put(h, hoa.id, "receipt", OutboundMessage(text="Đã ghi nhận CT-2026-000007: 500.000 ₫."))
    await h.sender.drain()
    assert h.sender.problem is None  # one pause is no trouble
    for _ in range(120):  # two hours
        await h.time.sleep(60)
        await h.sender.drain()
    assert len(h.zalo.calls_to("sendMessage")) <= 40  # about one try a pause, not one per poll
    assert h.sender.state == "failing"
    assert re.fullmatch(
        r"zalo: paused by the messenger for 1\d\d min \(retry after 300 s\)", h.sender.problem or ""
    )
    h.zalo.clear_failures()  # a new day: the quota is back
    await h.deliver()
    assert [m.text for m in hoa.messages()] == ["Đã ghi nhận CT-2026-000007: 500.000 ₫."]
    assert h.sender.problem is None
    said = "\n".join(r.getMessage() for r in caplog.records if r.name == "bot.delivery.sender")
    assert re.search(r"zalo: sending again after 1\d\d min of the messenger's pauses", said)
