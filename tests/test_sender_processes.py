"""The sender as a real process (`chungtay send`) against the fake Bot API over real HTTP: killed with SIGKILL
at each kind of moment while draining 2,000 rows it loses nothing and repeats only rows in flight at a kill;
of two senders on one PostgreSQL database one sends and the other takes over when it dies.

Real waits with deadlines here (processes start and die in real time); no fixed sleeps."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import func, select, text, update

from bot.channels.telegram.render import split_text
from bot.channels.telegram.transport import TelegramTransport
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.models import OutboxMessage
from bot.delivery.limits import TelegramLimits
from bot.delivery.outbox import Destination, enqueue
from bot.delivery.sender import IN_FLIGHT_BOUND, LEASE, Sender
from bot.delivery.transport import OutboundMessage
from tests.support.bots import make_bot
from tests.support.clocks import NOW, MovableClock, VirtualTime
from tests.support.fake_telegram import FakeTelegram
from tests.support.launcher import PIPE, Child, Processes

ROWS, CHATS = 2000, 400
# Where the sender is killed while it drains the rows, one kill for each kind of moment (decision 2504): the
# messages delivered it waits for, "next" for one more than when it started. At every kill of a sender
# mid-drain it holds rows claimed and not yet sent, and rows the messenger took whose outcome is not written.
KILLED_AT: tuple[tuple[str, int | str], ...] = (
    ("the first sender, mid-drain", 250),
    ("a restart, at once: before it sends anything", 250),
    ("a restart, just after its first message: the dead senders' leases freed and taken again", "next"),
    ("a restart, mid-drain among rows it and the dead ones claimed", 1000),
    ("a restart, near the end: the last rows claimed", ROWS - 40),
)
KILLS = len(KILLED_AT)


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


def sender_env(tg: FakeTelegram, url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "TELEGRAM_BOT_TOKEN": tg.token,
        "TELEGRAM_API_BASE": tg.base_url,
        "TELEGRAM_PER_SECOND": "5000",
        "TELEGRAM_PER_CHAT_PER_SECOND": "100",
        "MEDIA_DIR": str(tmp_path / "media"),
        "LOG_LEVEL": "INFO",
    }


async def start_sender(processes: Processes, env: dict[str, str], cwd: Path) -> Child:
    return await processes.start("send", env=env, cwd=cwd, stderr=PIPE)


async def until(predicate: Callable[[], bool], *, deadline: float, what: str) -> None:
    """Wait, yielding to the fake server, until `predicate` holds; fail after `deadline` seconds."""
    end = time.monotonic() + deadline
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


def delivered(tg: FakeTelegram, chats: list[int]) -> Counter[str]:
    return Counter(text for chat in chats for text in tg.delivered(chat))


async def fill(url: str, chats: list[int], rows: int, *, start: int = 0) -> None:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            for n in range(start, start + rows):
                await enqueue(
                    session,
                    key=f"test:{n}",
                    destination=Destination("telegram", str(chats[n % len(chats)])),
                    message=OutboundMessage(text=f"row {n:05d}"),
                    now=NOW,
                )
    finally:
        await engine.dispose()


async def outbox(url: str) -> tuple[dict[str, int], set[str]]:
    """Rows per status, and the keys of rows leased but not finished (in flight when a sender died)."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            counts = dict(
                (await session.execute(select(OutboxMessage.status, func.count()).group_by("status"))).all()
            )
            leased = set(
                await session.scalars(
                    select(OutboxMessage.key).where(
                        OutboxMessage.status == "pending", OutboxMessage.lease_until.is_not(None)
                    )
                )
            )
        return counts, leased
    finally:
        await engine.dispose()


async def stop(runs: list[asyncio.Task[None]], bots: list[Any], engines: list[Any]) -> None:
    """The senders' runs cancelled and awaited, their bots' sessions closed, their engines disposed."""
    for run in runs:
        run.cancel()
    await asyncio.gather(*runs, return_exceptions=True)
    for bot in bots:
        await bot.session.close()
    for engine in engines:
        await engine.dispose()


async def settled(url: str, counts: dict[str, int]) -> None:
    """Waits a while for the outbox's rows to stand at `counts`; the test's assertions say if not."""
    for _ in range(600):
        if (await outbox(url))[0] == counts:
            break
        await asyncio.sleep(0.05)


async def test_a_sender_killed_at_each_kind_of_moment_loses_nothing_and_repeats_only_rows_in_flight(
    tg: FakeTelegram, processes: Processes, db_path: Path, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{db_path}"
    chats = [tg.user(10_000 + n, f"Người {n}").chat_id for n in range(CHATS)]
    await fill(url, chats, ROWS)
    env = sender_env(tg, url, tmp_path)

    in_flight: set[str] = set()
    for _moment, at in KILLED_AT:
        point = tg.delivered_count() + 1 if at == "next" else int(at)
        sender = await processes.start("send", env=env, cwd=tmp_path)
        await until(lambda p=point: tg.delivered_count() >= p, deadline=60, what=f"{point} messages")
        sender.kill()
        assert await asyncio.wait_for(sender.wait(), 10) == -signal.SIGKILL
        in_flight |= (await outbox(url))[1]
    sender = await processes.start("send", env=env, cwd=tmp_path)
    await until(  # counted cheaply first: the texts told apart only once as many arrived
        lambda: tg.delivered_count() >= ROWS and len(delivered(tg, chats)) == ROWS,
        deadline=120,
        what="every row delivered",
    )
    for _ in range(600):  # the last rows' statuses are written just after their delivery
        counts, _leased = await outbox(url)
        if counts.get("sent") == ROWS:
            break
        await asyncio.sleep(0.05)
    sender.kill()

    got = delivered(tg, chats)
    assert sorted(got) == [f"row {n:05d}" for n in range(ROWS)]  # nothing lost
    assert counts == {"sent": ROWS}
    repeated = {text for text, times in got.items() if times > 1}
    in_flight_texts = {f"row {int(key.split(':')[1]):05d}" for key in in_flight}
    assert repeated <= in_flight_texts  # a duplicate only where the messenger took it just before a kill
    assert max(got.values()) <= 1 + KILLS
    print(f"\n{KILLS} kills: {len(in_flight)} rows in flight at a kill, {len(repeated)} sent twice")


async def test_a_sender_killed_between_the_parts_of_a_long_reply_sends_each_part_once(
    tg: FakeTelegram, processes: Processes, db_path: Path, tmp_path: Path
) -> None:
    """A reply over Telegram's 4,096 characters goes in several messages. The sender is killed after each
    part Telegram took, while the next one is on its way and not taken yet, and started again each time:
    the person gets every part once, in order, none twice and none missing."""
    url = f"sqlite+aiosqlite:///{db_path}"
    chat = tg.user(40_000, "Người đọc").chat_id
    lines = [f"{n:03d}. CT-2026-{n:06d} — Nguyễn Thị Hoà — 1.200.000 ₫ — đã xác nhận" for n in range(1, 260)]
    text = "\n".join(lines)
    parts = split_text(text)
    assert len(parts) >= 4
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            await enqueue(
                session,
                key="reply:long",
                destination=Destination("telegram", str(chat)),
                message=OutboundMessage(text=text),
                now=NOW,
            )
    finally:
        await engine.dispose()
    env = sender_env(tg, url, tmp_path)
    for taken in range(1, len(parts)):
        tg.hold_next("sendMessage", after=1)  # one more part is taken, the next one is held
        sender = await processes.start("send", env=env, cwd=tmp_path)
        await until(lambda t=taken: len(tg.held) == t, deadline=60, what=f"part {taken + 1} on its way")
        sender.kill()
        assert await asyncio.wait_for(sender.wait(), 10) == -signal.SIGKILL
        tg.release()  # it reached nobody
    sender = await processes.start("send", env=env, cwd=tmp_path)
    try:
        await until(lambda: len(tg.delivered(chat)) >= len(parts), deadline=60, what="the last part")
        await settled(url, {"sent": 1})  # its status is written just after its delivery
    finally:
        sender.kill()
        await sender.wait()
    assert tg.delivered(chat) == parts  # each part once, in order
    assert (await outbox(url))[0] == {"sent": 1}


async def read_line(process: Child, wanted: str, *, deadline: float) -> None:
    assert process.stderr is not None
    end = time.monotonic() + deadline
    while True:
        left = end - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no line with {wanted!r}")
        line = await asyncio.wait_for(process.stderr.readline(), left)
        if not line:
            raise AssertionError(f"the process ended before saying {wanted!r}")
        if wanted in line.decode(errors="replace"):
            return


async def test_of_two_senders_on_postgresql_one_sends_and_the_other_takes_over_within_10_s(
    tg: FakeTelegram, processes: Processes, migrated_postgres_url: str, tmp_path: Path
) -> None:
    url = migrated_postgres_url
    chats = [tg.user(20_000 + n, f"Người {n}").chat_id for n in range(20)]
    env = sender_env(tg, url, tmp_path)
    first = await start_sender(processes, env, tmp_path)
    second: Child | None = None
    try:
        await read_line(first, "sending for telegram", deadline=30)
        await fill(url, chats, 50)
        await until(lambda: delivered(tg, chats).total() == 50, deadline=30, what="the first 50 rows")
        second = await start_sender(processes, env, tmp_path)
        await read_line(second, "standing by", deadline=30)

        first.send_signal(signal.SIGKILL)
        await first.wait()
        killed_at = time.monotonic()
        await fill(url, chats, 50, start=50)  # written while nobody sends: NOTIFY or the poll finds them
        await read_line(second, "sending for telegram", deadline=10)
        await until(lambda: delivered(tg, chats).total() == 100, deadline=10, what="the next 50 rows")
        took_over = time.monotonic() - killed_at
    finally:
        for process in (first, second):
            if process is not None and process.returncode is None:
                process.send_signal(signal.SIGKILL)
                await process.wait()
    assert took_over < 10
    assert sorted(delivered(tg, chats)) == [f"row {n:05d}" for n in range(100)]
    print(f"\ntaken over and delivered within {took_over:.1f} s")


async def cut_the_lock_connection(url: str) -> None:
    """What a database restart or a network cut does to the leader: its lock's session ends (the server
    terminates that backend, as `pg_terminate_backend` does), while its process and other connections live."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            pids = (
                await connection.scalars(
                    text(
                        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    )
                )
            ).all()
            assert len(pids) == 1
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pids[0]})
            for _ in range(400):
                if not await connection.scalar(
                    text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pids[0]}
                ):
                    break
                await asyncio.sleep(0.005)
    finally:
        await engine.dispose()


async def test_a_sender_whose_lock_connection_is_cut_stops_and_the_new_leader_sends_each_row_once(
    tg: FakeTelegram, processes: Processes, migrated_postgres_url: str, tmp_path: Path
) -> None:
    """The leader's lock connection is killed while its process lives: the other sender takes the lock and
    frees the leases. The first, slow (2 a second), had every row it claimed sent a second time, by both
    senders. Now it notices before its next claim, says so and stands by: each row reaches its chat once."""
    url = migrated_postgres_url
    chats = [tg.user(50_000 + n, f"Người {n}").chat_id for n in range(20)]
    env = sender_env(tg, url, tmp_path)
    first = await start_sender(processes, {**env, "TELEGRAM_PER_SECOND": "2"}, tmp_path)
    second: Child | None = None
    try:
        await read_line(first, "sending for telegram", deadline=30)
        second = await start_sender(processes, env, tmp_path)
        await read_line(second, "standing by", deadline=30)
        await cut_the_lock_connection(url)
        await fill(url, chats, 40)
        await read_line(second, "sending for telegram", deadline=30)
        await read_line(first, "lost the lead", deadline=30)
        await until(lambda: delivered(tg, chats).total() >= 40, deadline=30, what="the 40 rows")
        await settled(url, {"sent": 40})  # every row's status written
    finally:
        for process in (first, second):
            if process is not None and process.returncode is None:
                process.send_signal(signal.SIGKILL)
                await process.wait()
    got = delivered(tg, chats)
    assert sorted(got.elements()) == [f"row {n:05d}" for n in range(40)]  # each row once, none lost
    assert (await outbox(url))[0] == {"sent": 40}


async def test_a_message_telegram_took_as_the_lead_was_lost_is_not_sent_again_by_the_new_leader(
    tg: FakeTelegram, migrated_postgres_url: str, tmp_path: Path
) -> None:
    """The leader hands row 0 to Telegram, which takes it (the message is in the chat) while its answer is
    still on the way; row 1, to another chat, waits for its turn. The leader's lock connection is cut and
    another sender takes the lead. It freed every lease and sent row 0 a second time, while the first, which
    had cancelled that send, never knew it had gone. Now the first lets the send in Telegram's hands finish
    and writes it down, frees row 1, which it never sent, and the new leader sends row 1 alone. The order is
    driven by the held answer and a clock that stands still (no lease runs out), not by timing."""
    url = migrated_postgres_url
    chats = [tg.user(60_000 + n, f"Người {n}").chat_id for n in range(2)]
    await fill(url, chats, 2)
    tg.hold_answer("sendMessage")
    bots, engines, runs = [make_bot(tg), make_bot(tg)], [make_engine(url), make_engine(url)], []
    never = asyncio.Event()

    async def rest(_seconds: float) -> None:  # a stand-by that never tries the lock again
        await never.wait()

    first, second = (
        Sender(
            make_sessionmaker(engine),
            {"telegram": TelegramTransport(bot, tmp_path / "media")},
            clock=MovableClock(NOW),
            sleep=rest,
            in_flight=1,
        )
        for engine, bot in zip(engines, bots, strict=True)
    )
    try:
        runs.append(asyncio.create_task(first.run(poll_interval=3600)))
        await until(lambda: len(tg.held) == 1, deadline=30, what="row 0 taken, its answer on the way")
        await cut_the_lock_connection(url)
        first.wake()  # its next claim asks the lock first
        runs.append(asyncio.create_task(second.run(poll_interval=0.05)))
        await until(lambda: tg.delivered(chats[1]) == ["row 00001"], deadline=30, what="row 1 sent")
        tg.release()  # the answer for row 0 reaches the first sender
        await settled(url, {"sent": 2})  # row 0's status written by the sender that sent it
    finally:
        await stop(runs, bots, engines)
    assert tg.delivered(chats[0]) == ["row 00000"]  # once: the new leader did not send it again
    assert tg.delivered(chats[1]) == ["row 00001"]
    assert await outbox(url) == ({"sent": 2}, set())


async def test_a_sender_stalled_past_its_lease_does_not_send_the_row_the_new_leader_took(
    tg: FakeTelegram, migrated_postgres_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The leader claims rows 0 and 1 and sends row 0; row 1 waits for its turn (the limiter's pause, which
    stands for a process frozen) longer than its lease and the bound after it (`IN_FLIGHT_BOUND`).
    Meanwhile its lock connection is cut, and the new leader takes row 1, whose lease ran out, and hands it
    to Telegram. The stalled sender then renewed the row's lease, since it was still pending, and sent it
    too: the colleague read row 1 twice. Now the
    renewal asks whose the lease is: refused, the stalled sender sends nothing, and row 1 goes once, written
    down by the sender that holds it. The order is driven by the injected clocks and the new leader's held
    answer, not by timing."""
    url = migrated_postgres_url
    chats = [tg.user(70_000 + n, f"Người {n}").chat_id for n in range(2)]
    await fill(url, chats, 2)
    clock, frozen = MovableClock(NOW), VirtualTime()  # the wall clock both read; a monotonic clock still
    stalled, resume, never = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def stall(_seconds: float) -> None:  # the first sender's pause before row 1, until the test ends it
        stalled.set()
        await resume.wait()

    async def rest(_seconds: float) -> None:  # a stand-by that never tries the lock again
        await never.wait()

    bots, engines, runs = [make_bot(tg), make_bot(tg)], [make_engine(url), make_engine(url)], []
    first, second = (
        Sender(
            make_sessionmaker(engine),
            {"telegram": TelegramTransport(bot, tmp_path / "media")},
            limits=limits,
            clock=clock,
            monotonic=frozen,
            sleep=rest,
        )
        for engine, bot, limits in zip(
            engines,
            bots,
            [{"telegram": TelegramLimits(clock=VirtualTime(), sleep=stall, per_second=1)}, None],
            strict=True,
        )
    )
    caplog.set_level(logging.INFO, logger="bot.delivery.sender")
    try:
        runs.append(asyncio.create_task(first.run(poll_interval=3600)))
        await until(stalled.is_set, deadline=30, what="row 1 waiting for its turn")
        await settled(url, {"sent": 1, "pending": 1})  # row 0 sent and written down
        await cut_the_lock_connection(url)
        # the first sender's lease on row 1 ran out, and the bound after it for a send in flight passed
        clock.advance(seconds=(LEASE + IN_FLIGHT_BOUND).total_seconds() + 1)
        tg.hold_answer("sendMessage")
        runs.append(asyncio.create_task(second.run(poll_interval=0.05)))
        await until(
            lambda: len(tg.held) == 1, deadline=30, what="row 1 in Telegram's hands, from the new leader"
        )
        resume.set()  # the stalled sender goes on with row 1
        await until(
            lambda: len(tg.delivered(chats[1])) > 1 or "taken by the new leader" in caplog.text,
            deadline=30,
            what="the stalled sender done with row 1",
        )
        assert tg.delivered(chats[1]) == ["row 00001"]  # the new leader's copy alone
        tg.release()  # the new leader hears that Telegram took it
        await settled(url, {"sent": 2})
    finally:
        resume.set()
        tg.release()
        await stop(runs, bots, engines)
    assert tg.delivered(chats[0]) == ["row 00000"]
    assert tg.delivered(chats[1]) == ["row 00001"]
    assert await outbox(url) == ({"sent": 2}, set())


async def test_a_message_a_stalled_sender_sent_after_the_new_leader_took_it_is_not_sent_again(
    tg: FakeTelegram, migrated_postgres_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The leader hands row 0 to Telegram, which takes it (in the chat) while its answer is held past the
    lease and the bound after it (`IN_FLIGHT_BOUND`: a process frozen, a machine stalled); its lock
    connection is cut and the new leader takes row 0, whose lease ran out, and waits its
    turn (its limiter's second spent) past half the new lease. Then the answer reaches the first sender. Its
    "sent" was dropped (the lease was no longer its own), so the new leader renewed the row as still pending
    and sent it: the colleague read it twice. Now a row that went out is marked sent whoever holds its lease:
    the new leader's renewal finds it sent and sends nothing. The order is driven by the held answer, the
    limiter's held pause and the injected clock, not by timing."""
    url = migrated_postgres_url
    chat = tg.user(80_000, "Người 0").chat_id
    await fill(url, [chat], 1)
    clock, frozen = MovableClock(NOW), VirtualTime()  # the wall clock both read; a monotonic clock still
    stalled, resume, never = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def stall(_seconds: float) -> None:  # the new leader's turn for row 0, until the test ends it
        stalled.set()
        await resume.wait()

    async def rest(_seconds: float) -> None:  # a stand-by that never tries the lock again
        await never.wait()

    spent = TelegramLimits(clock=VirtualTime(), sleep=stall, per_second=1)
    await spent.acquire(chat)  # this second's message is spent: the next one waits its turn
    bots, engines, runs = [make_bot(tg), make_bot(tg)], [make_engine(url), make_engine(url)], []
    first, second = (
        Sender(
            make_sessionmaker(engine),
            {"telegram": TelegramTransport(bot, tmp_path / "media")},
            limits=limits,
            clock=clock,
            monotonic=frozen,
            sleep=rest,
        )
        for engine, bot, limits in zip(engines, bots, [None, {"telegram": spent}], strict=True)
    )
    caplog.set_level(logging.INFO, logger="bot.delivery.sender")
    tg.hold_answer("sendMessage")
    try:
        runs.append(asyncio.create_task(first.run(poll_interval=3600)))
        await until(lambda: len(tg.held) == 1, deadline=30, what="row 0 taken, its answer on the way")
        await cut_the_lock_connection(url)
        # the first sender's lease on row 0 ran out, and the bound after it for a send in flight passed
        clock.advance(seconds=(LEASE + IN_FLIGHT_BOUND).total_seconds() + 1)
        runs.append(asyncio.create_task(second.run(poll_interval=0.05)))
        await until(stalled.is_set, deadline=30, what="the new leader waiting its turn for row 0")
        clock.advance(seconds=LEASE.total_seconds() / 2 + 1)  # past half the new leader's lease
        tg.release()  # the answer reaches the first sender: row 0 went
        await settled(url, {"sent": 1})  # its outcome written by the sender that sent it
        resume.set()  # the new leader's turn: it renews row 0 before sending it, if still pending
        await until(
            lambda: len(tg.delivered(chat)) > 1 or "taken by the new leader" in caplog.text,
            deadline=30,
            what="the new leader done with row 0",
        )
    finally:
        resume.set()
        tg.release()
        await stop(runs, bots, engines)
    assert tg.delivered(chat) == ["row 00000"]  # once: the new leader did not send it again
    assert await outbox(url) == ({"sent": 1}, set())


def two_senders(
    tg: FakeTelegram, url: str, tmp_path: Path, clock: MovableClock
) -> tuple[list[Sender], list[Any], list[Any]]:
    """Two senders of one bot on one database, each with its own engine and aiogram bot, reading one wall
    clock; a stand-by that never tries the lock again (the test says who leads)."""
    never = asyncio.Event()

    async def rest(_seconds: float) -> None:
        await never.wait()

    bots, engines = [make_bot(tg), make_bot(tg)], [make_engine(url), make_engine(url)]
    senders = [
        Sender(
            make_sessionmaker(engine),
            {"telegram": TelegramTransport(bot, tmp_path / "media")},
            clock=clock,
            sleep=rest,
        )
        for engine, bot in zip(engines, bots, strict=True)
    ]
    return senders, bots, engines


async def test_a_message_in_telegrams_hands_past_its_lease_is_not_sent_again_by_the_new_leader(
    tg: FakeTelegram, migrated_postgres_url: str, tmp_path: Path
) -> None:
    """The leader hands row 0 to Telegram, which takes it (the message is in the chat) while its answer is
    held past the 30 s lease; the leader's lock connection is cut and another sender leads. The new leader
    took row 0 as soon as its lease ran out and sent it at once, before the first sender's answer came: the
    colleague read it twice. Now a lease another sender held is taken only once IN_FLIGHT_BOUND has passed
    after it ran out: the new leader sends what is new (row 1, to another colleague) and leaves row 0, the
    first sender's answer comes and row 0 is written down as sent, once. The order is driven by the held
    answer and the injected clock, not by timing."""
    url = migrated_postgres_url
    chats = [tg.user(85_000 + n, f"Người {n}").chat_id for n in range(2)]
    await fill(url, chats[:1], 1)
    clock = MovableClock(NOW)
    (first, second), bots, engines = two_senders(tg, url, tmp_path, clock)
    runs: list[asyncio.Task[None]] = []
    tg.hold_answer("sendMessage")
    try:
        runs.append(asyncio.create_task(first.run(poll_interval=3600)))
        await until(lambda: len(tg.held) == 1, deadline=30, what="row 0 taken, its answer on the way")
        await cut_the_lock_connection(url)
        first.wake()  # its next claim asks the lock first
        clock.advance(seconds=LEASE.total_seconds() + 1)  # row 0's lease ran out, its answer still on the way
        runs.append(asyncio.create_task(second.run(poll_interval=0.05)))
        await until(lambda: second.leading, deadline=30, what="the new leader")
        await fill(url, chats[1:], 1, start=1)
        await until(lambda: tg.delivered(chats[1]) == ["row 00001"], deadline=30, what="row 1 sent")
        assert tg.delivered(chats[0]) == ["row 00000"]  # the new leader claimed since, and left row 0
        tg.release()  # the answer reaches the first sender: row 0 went
        await settled(url, {"sent": 2})
    finally:
        tg.release()
        await stop(runs, bots, engines)
    assert tg.delivered(chats[0]) == ["row 00000"]
    assert await outbox(url) == ({"sent": 2}, set())


async def test_a_row_a_dead_leader_held_goes_once_from_the_new_leader_after_the_bound(
    tg: FakeTelegram, migrated_postgres_url: str, tmp_path: Path
) -> None:
    """The leader claims row 0 and hands it to Telegram, which has not taken it yet, and dies there (its task
    ends as a killed process's would: nothing written, its lease left). The new leader leaves the row while
    the dead leader's send might still be in Telegram's hands, its lease run out but the bound not passed,
    and sends it once the bound has passed: the message waits, and is not lost. The order is driven by the
    held call and the injected clock, not by timing."""
    url = migrated_postgres_url
    chats = [tg.user(87_000 + n, f"Người {n}").chat_id for n in range(2)]
    await fill(url, chats[:1], 1)
    clock = MovableClock(NOW)
    (first, second), bots, engines = two_senders(tg, url, tmp_path, clock)
    runs: list[asyncio.Task[None]] = []
    tg.hold_next("sendMessage")  # row 0 reaches Telegram, which has not taken it
    try:
        dying = asyncio.create_task(first.run(poll_interval=3600))
        await until(lambda: len(tg.held) == 1, deadline=30, what="row 0 in the first sender's send")
        dying.cancel()  # dead: nothing more of it is written, its lease stays
        await asyncio.gather(dying, return_exceptions=True)
        tg.release()  # the call ends unanswered: Telegram never took row 0
        clock.advance(seconds=LEASE.total_seconds() + 1)  # its lease ran out
        runs.append(asyncio.create_task(second.run(poll_interval=0.05)))
        await until(lambda: second.leading, deadline=30, what="the new leader")
        await fill(url, chats[1:], 1, start=1)
        await until(lambda: tg.delivered(chats[1]) == ["row 00001"], deadline=30, what="row 1 sent")
        assert tg.delivered(chats[0]) == []  # the new leader claimed since, and left row 0 for the bound
        clock.advance(seconds=IN_FLIGHT_BOUND.total_seconds())
        await until(lambda: tg.delivered(chats[0]) != [], deadline=30, what="row 0 sent after the bound")
        await settled(url, {"sent": 2})
    finally:
        tg.release()
        await stop(runs, bots, engines)
    assert tg.delivered(chats[0]) == ["row 00000"]  # once, and not lost
    assert await outbox(url) == ({"sent": 2}, set())


async def shown_menu(tg: FakeTelegram, url: str, chat: int) -> tuple[int, int]:
    """A menu with buttons in the chat, and the outbox row that showed it (sent): the menu a person answered,
    whose buttons an answer takes off. Its message id and its row id."""
    bot = make_bot(tg)
    try:
        shown = await bot.send_message(
            chat,
            "Anh/chị chọn một mục",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="Một", callback_data="1:1")]]
            ),
        )
    finally:
        await bot.session.close()
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            row_id = await enqueue(
                session,
                key="test:menu",
                destination=Destination("telegram", str(chat)),
                message=OutboundMessage(text="Anh/chị chọn một mục"),
                now=NOW,
            )
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id)
                .values(status="sent", sent_id=str(shown.message_id), sent_at=NOW)
            )
    finally:
        await engine.dispose()
    assert row_id is not None
    return shown.message_id, row_id


async def answer(url: str, chat: int, message: OutboundMessage) -> None:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            await enqueue(
                session,
                key="test:answer",
                destination=Destination("telegram", str(chat)),
                message=message,
                now=NOW,
            )
    finally:
        await engine.dispose()


@asynccontextmanager
async def lead_lost_in_the_buttons_call(
    tg: FakeTelegram, url: str, tmp_path: Path
) -> AsyncIterator[tuple[Sender, Sender]]:
    """Two senders on the injected clock: the first leads until its call taking a menu's buttons off is held
    (`tg.hold_answer`, Telegram's answer slow); its lock connection is cut, its lease and the bound after it
    pass, and the second sender runs to lead. Both stopped after, the held answer released."""
    clock = MovableClock(NOW)
    (first, second), bots, engines = two_senders(tg, url, tmp_path, clock)
    runs: list[asyncio.Task[None]] = []
    tg.hold_answer("editMessageReplyMarkup")
    try:
        runs.append(asyncio.create_task(first.run(poll_interval=3600)))
        await until(lambda: len(tg.held) == 1, deadline=30, what="the buttons' call, its answer on the way")
        await cut_the_lock_connection(url)
        first.wake()  # its next claim asks the lock first
        clock.advance(seconds=(LEASE + IN_FLIGHT_BOUND).total_seconds() + 1)
        runs.append(asyncio.create_task(second.run(poll_interval=0.05)))
        yield first, second
    finally:
        tg.release()
        await stop(runs, bots, engines)


async def test_an_answer_whose_old_buttons_come_off_slowly_is_not_sent_again_by_the_new_leader(
    tg: FakeTelegram, migrated_postgres_url: str, tmp_path: Path
) -> None:
    """The leader sends a typed answer, which Telegram takes at once, then takes the buttons off the menu it
    answered; Telegram is slow to answer that second call, past the lease and the bound after it. The
    leader's lock connection is cut meanwhile and another sender leads. The answer's row was still pending
    (its "sent" was written after the buttons came off), so the new leader sent it again: the colleague
    read the answer twice. Now the answer is written down as sent before the buttons come off, and the new
    leader finds nothing to send. The order is driven by the held answer and the injected clock."""
    url = migrated_postgres_url
    chat, other = (tg.user(88_000 + n, f"Người {n}").chat_id for n in range(2))
    _menu, menu_row = await shown_menu(tg, url, chat)
    await answer(url, chat, OutboundMessage(text="Đã ghi nhận", clear_first=(menu_row,)))
    async with lead_lost_in_the_buttons_call(tg, url, tmp_path) as (_first, second):
        await until(lambda: second.leading, deadline=30, what="the new leader")
        await fill(url, [other], 1, start=1)
        await until(lambda: tg.delivered(other) == ["row 00001"], deadline=30, what="the new leader's claim")
        tg.release()  # the first sender hears the buttons came off
        await settled(url, {"sent": 3})
    assert tg.delivered(chat).count("Đã ghi nhận") == 1
    assert await outbox(url) == ({"sent": 3}, set())


async def test_an_answer_sent_anew_after_a_slow_refused_edit_is_not_sent_by_both_senders(
    tg: FakeTelegram, migrated_postgres_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The leader's answer should replace the pressed menu; Telegram refuses the edit, and the leader takes
    the menu's buttons off before sending the answer anew, a call Telegram is slow to answer, past the lease
    and the bound after it. The leader's lock connection is cut meanwhile and the new leader takes the row:
    it sends the answer (its own edit refused too). Then the first sender's call ended and it sent the
    answer anew as well: the colleague read it twice. Now, before a new message after calls that took their
    time, the sender asks whether the row is still its own: it is the new leader's, and the first sends
    nothing. The order is driven by the held answer and the injected clock."""
    url = migrated_postgres_url
    chat = tg.user(89_000, "Người 0").chat_id
    menu, _menu_row = await shown_menu(tg, url, chat)
    await answer(url, chat, OutboundMessage(text="Đã ghi nhận", edit_of=str(menu)))
    tg.fail_next("editMessageText", 400, "Bad Request: message can't be edited", count=2)
    caplog.set_level(logging.INFO, logger="bot.delivery.sender")
    async with lead_lost_in_the_buttons_call(tg, url, tmp_path):
        await until(lambda: "Đã ghi nhận" in tg.delivered(chat), deadline=30, what="the new leader's answer")
        tg.release()  # the first sender's call ends
        await until(
            lambda: tg.delivered(chat).count("Đã ghi nhận") > 1 or "taken by the new leader" in caplog.text,
            deadline=30,
            what="the first sender done with the answer",
        )
        await settled(url, {"sent": 2})
    assert tg.delivered(chat).count("Đã ghi nhận") == 1
    assert await outbox(url) == ({"sent": 2}, set())


async def test_a_send_cancelled_while_its_outcome_waits_to_be_written_leaves_the_others_written_down(
    tg: FakeTelegram, migrated_postgres_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Row 0 is in Telegram's hands (its answer held); row 1 gets a 429, which pauses the channel; row 2 then
    goes back to the outbox for the pause, its outcome waiting to be written behind a slow write (the outbox
    held by another transaction). The lead is lost: row 2's send is cancelled, and row 0's answer comes. The
    writer set a result on row 2's cancelled outcome and stopped there (InvalidStateError), so row 0's send
    never heard its outcome was written: the sender that lost the lead waited for it for good, never stood
    by, and a stop waited out its time limit. Now a cancelled send's outcome is written and passed over: the
    sender stands by, row 0 is written down as sent, rows 1 and 2 wait for the new leader, none leased. The
    order is driven by the held answer, the limiter's held pauses, the held write and the injected clocks."""
    url = migrated_postgres_url
    chats = [tg.user(90_000 + n, f"Người {n}").chat_id for n in range(3)]
    await fill(url, chats, 3)
    clock, frozen = MovableClock(NOW), VirtualTime()
    turns: list[asyncio.Event] = []
    never = asyncio.Event()

    async def wait_turn(_seconds: float) -> None:  # rows 1 and 2 wait for their turn until the test says
        turn = asyncio.Event()
        turns.append(turn)
        await turn.wait()

    async def rest(_seconds: float) -> None:  # a stand-by that never tries the lock again
        await never.wait()

    tg.hold_answer("sendMessage")  # row 0: in the chat, its answer on the way
    tg.fail_chat(chats[1], 429, retry_after=30)  # row 1: "too many requests"
    bot, engine, holder = make_bot(tg), make_engine(url), make_engine(url)
    limits = TelegramLimits(clock=VirtualTime(), sleep=wait_turn, per_second=1)
    first = Sender(
        make_sessionmaker(engine),
        {"telegram": TelegramTransport(bot, tmp_path / "media")},
        limits={"telegram": limits},
        clock=clock,
        monotonic=frozen,
        sleep=rest,
    )
    caplog.set_level(logging.INFO, logger="bot.delivery.sender")
    run = asyncio.create_task(first.run(poll_interval=3600))
    try:
        await until(lambda: len(tg.held) == 1 and len(turns) == 2, deadline=30, what="rows 1 and 2 waiting")
        turns[0].set()
        await until(lambda: "asks to slow down" in caplog.text, deadline=30, what="row 1's 429")
        async with holder.connect() as held:  # the outbox's writes wait behind another transaction
            transaction = await held.begin()
            await held.execute(text("LOCK TABLE outbox IN SHARE MODE"))
            turns[1].set()  # row 2 finds the channel paused: its outcome waits to be written
            await cut_the_lock_connection(url)
            first.wake()  # its next claim asks the lock first
            await until(lambda: first.state == "failing", deadline=30, what="the lead found lost")
            clock.advance(minutes=11)  # the pause's spell is long: row 0's "sent" says so, then is recorded
            tg.release()
            await until(lambda: "sending again after" in caplog.text, deadline=30, what="row 0's answer")
            await transaction.commit()
        await until(lambda: "lost the lead" in caplog.text, deadline=30, what="the sender standing by")
    finally:
        never.set()
        for turn in turns:
            turn.set()
        tg.release()
        run.cancel()
        await asyncio.gather(run, return_exceptions=True)
        await bot.session.close()
        await engine.dispose()
        await holder.dispose()
    assert tg.delivered(chats[0]) == ["row 00000"]
    assert tg.delivered(chats[1]) == tg.delivered(chats[2]) == []
    assert await outbox(url) == ({"sent": 1, "pending": 2}, set())  # nothing lost, nothing left leased


async def test_a_sender_started_with_a_revoked_token_while_another_leads_ends_in_one_line(
    tg: FakeTelegram, processes: Processes, db_path: Path, tmp_path: Path
) -> None:
    """A second machine's `chungtay send` whose .env still holds the token revoked in BotFather: it stood by
    without a word while the first sender led, so the operator could not tell it would fail, and when it
    took over it held the lead sending nothing. It asks Telegram once as it starts, as `run` does, and ends
    in `run`'s one line, exit code 2, never holding the lead (decision 0403)."""
    url = f"sqlite+aiosqlite:///{db_path}"
    leader = await start_sender(processes, sender_env(tg, url, tmp_path), tmp_path)
    try:
        await read_line(leader, "sending for telegram", deadline=60)
        revoked = f"{tg.bot_id}:Revoked-Secret_half9"
        env = {**sender_env(tg, url, tmp_path), "TELEGRAM_BOT_TOKEN": revoked}
        second = await processes.start("send", env=env, cwd=tmp_path, stdout=PIPE, stderr=PIPE)
        out, err = await asyncio.wait_for(second.communicate(), 60)
    finally:
        leader.kill()
        await leader.wait()
    assert second.returncode == 2 and out == b""
    said = err.decode().splitlines()
    assert said[-1] == "chungtay: telegram: token của bot bị từ chối; hãy kiểm tra TELEGRAM_BOT_TOKEN"
    assert not [line for line in said if "standing by" in line or "Traceback" in line]
    assert "Revoked-Secret" not in err.decode()


async def test_a_sender_whose_token_is_refused_says_so_and_keeps_the_replies_for_the_right_token(
    tg: FakeTelegram, processes: Processes, db_path: Path, tmp_path: Path, unused_tcp_port: int
) -> None:
    """`chungtay send` whose token is revoked in BotFather while it runs (Telegram answers 401): nothing is
    marked failed, the sender's health says why (/healthz 503), the log says it without the token; the new
    token sends it. (One refused as it starts ends it at once, decision 0403.)"""
    import httpx

    url = f"sqlite+aiosqlite:///{db_path}"
    chat = tg.user(30_000, "Người nhận").chat_id
    wrong = tg.token
    env = {**sender_env(tg, url, tmp_path), "WEB_PORT": str(unused_tcp_port)}
    refused = lambda: [c for c in tg.calls_to("sendMessage") if c.status == 401]  # noqa: E731

    sender = await start_sender(processes, env, tmp_path)
    try:
        await until(lambda: bool(tg.calls_to("getMe")), deadline=60, what="the sender asking who it is")
        tg.token = f"{tg.bot_id}:Revoked-Secret_half9"  # BotFather's /revoke: the old one stops working
        await fill(url, [chat], 1)
        await until(lambda: bool(refused()), deadline=30, what="a send refused for its token")
        async with httpx.AsyncClient() as http:
            health = await http.get(f"http://127.0.0.1:{unused_tcp_port}/healthz")
        sender.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(sender.communicate(), 30)
    finally:
        if sender.returncode is None:
            sender.kill()
    log = err.decode()
    assert health.status_code == 503
    assert health.json()["sender"] == {"state": "failing", "last_error": "telegram: token refused"}
    assert "telegram: the messenger refused the bot token (401 token refused)" in log
    assert "TELEGRAM_BOT_TOKEN is fixed; the messages wait in the outbox" in log
    assert wrong not in log and wrong.split(":")[1] not in log
    # It said "/healthz and the drives' public pages", which only an inbound process serves (a 404 here).
    assert f"web server on 127.0.0.1:{unused_tcp_port}: /healthz only (a sender)\n" in log
    assert len(refused()) == 1  # not retried as a passing fault
    assert await outbox(url) == ({"pending": 1}, set())  # waiting, not failed; its lease freed at the stop
    assert tg.delivered(chat) == []

    sender = await start_sender(processes, sender_env(tg, url, tmp_path), tmp_path)  # the token fixed
    try:
        await until(lambda: tg.delivered(chat) == ["row 00000"], deadline=30, what="the reply sent")
    finally:
        sender.kill()
        await sender.wait()
