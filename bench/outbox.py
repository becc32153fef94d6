"""Outbox delivery under Telegram's flood control, next to aiogram's plain loop, in the same run.

Telegram's flood control is per bot: about 30 messages a second overall and 1 a second per chat; a message
over a limit is refused with a 429 and `retry_after`, and is not delivered. The fake Bot API server
(tests/support/fake_telegram.py) enforces L messages/s overall (bursts of one second's worth) and 1 message/s
per chat (burst 1 unless `--per-chat-burst`), and runs in a process of its own
(`python -m tests.support.fake_telegram`), so it does not take the event loop from the system it measures.
Each system gets a fresh fake process.

Scenarios (the issue's): 10,000 rows to 2,000 chats at L = 300, and 2,000 rows to 400 chats at L = 30 —
five rows a chat in both, the second being Telegram's real cap. `--quick`: 1,500 rows to 500 chats and 300
rows to 100 chats (three a chat; with fewer chats than L, 1 message/s a chat would cap any sender below L).

Row order (`--order`): round-robin (row k to chat k mod C, like five broadcasts one after the other; a chat's
rows are C rows apart, so a sender pacing at L never meets the per-chat limit) or shuffled (a seeded shuffle,
each chat's rows kept in their order: rows for one chat may come close together, as replies and notices do).
Round-robin is the default because the plain loop waits out each per-chat 429 for a whole second: shuffled,
`--quick` alone takes it 50 s for 1,500 rows at L = 300, and the full scenarios would take many minutes.

Systems:

* plain: what a careful plain aiogram bot does — `for chat, text in rows: await bot.send_message(chat, text);
  await asyncio.sleep(1 / L)`, and on `TelegramRetryAfter` sleep `retry_after` and send the same message
  again. Its pace is 1/L plus the round trip, so it stays below L.
* outbox: the project's outbox and sender (bot/delivery/outbox.py, sender.py) on a fresh SQLite file migrated
  with `bot.db.migrate.upgrade_async` (with `--database postgresql`, a new database on a throw-away server
  started as bench/telegram.py starts one, or on `--postgres-url`'s): the rows are written with `enqueue`
  (setup, not in the rate; its seconds printed on a line of their own), then
  `Sender.run` sends them until none is pending. Its limits are `TelegramLimits(per_second=L)` (overall: an
  even pace of L a second; per chat: 1/s, burst 3); `--pace 0.97` runs them at 0.97 L instead. The rows go
  through the project's `TelegramTransport` (bot/channels/telegram/transport.py) and an aiogram `Bot`.

Printed per system: messages delivered (distinct), seconds (from the first send to the response to the last),
achieved rate / L (goal ≥ 0.95; the fake's burst lets a run exceed 1: its ceiling is N / (N - L), 1.03 for
10,000 rows at 300 and 1.015 for 2,000 at 30), 429s in total and at steady state (goal 0: those more than a
second after the first call), duplicates, losses (goal 0 for both, from the texts the fake received against
the rows meant to be sent) and chats whose messages arrived out of order.

The full run takes about four minutes (the L = 30 scenario alone is 67 s a system); `--quick` about 25 s.

Run: .venv/bin/python bench/outbox.py [--quick] [--order round-robin|shuffled] [--per-chat-burst 1]
     [--pace 1.0] [--systems plain,outbox] [--seed 1] [--database sqlite|postgresql] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiogram  # noqa: E402
from aiogram import Bot  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402
from aiogram.exceptions import TelegramRetryAfter  # noqa: E402
from aiohttp import ClientSession  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker  # noqa: E402

from bench.telegram import database_server, fresh_database  # noqa: E402
from bot.channels.telegram.runner import make_bot  # noqa: E402
from bot.channels.telegram.transport import TelegramTransport  # noqa: E402
from bot.clock import system_clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db.engine import make_engine, make_sessionmaker  # noqa: E402
from bot.db.migrate import upgrade_async  # noqa: E402
from bot.db.models import OutboxMessage  # noqa: E402
from bot.delivery.limits import TelegramLimits  # noqa: E402
from bot.delivery.outbox import BROADCAST, Destination, enqueue  # noqa: E402
from bot.delivery.sender import Sender  # noqa: E402
from bot.delivery.transport import OutboundMessage  # noqa: E402

FIRST_CHAT = 100_001  # chat ids like Telegram user ids
STEADY_AFTER = 1.0  # seconds after the first call from which a 429 counts as "at steady state"

Row = tuple[int, str]  # (chat id, text)


@dataclass(frozen=True)
class Scenario:
    rows: int
    chats: int
    rate: int  # L, messages/s the fake allows overall

    def __str__(self) -> str:
        return f"{self.rows:,} rows to {self.chats:,} chats at L = {self.rate}"


SCENARIOS = [Scenario(10_000, 2_000, 300), Scenario(2_000, 400, 30)]
QUICK = [Scenario(1_500, 500, 300), Scenario(300, 100, 30)]  # chats ≥ 1.6 L: the per-chat limit allows L


def make_rows(scenario: Scenario, order: str, seed: int) -> list[Row]:
    """Each chat's rows are numbered "<chat> #<n>/<per chat>" so that losses, duplicates and order show."""
    chats = [FIRST_CHAT + i for i in range(scenario.chats)]
    per_chat = scenario.rows // scenario.chats
    rows = [(chat, f"{chat} #{n + 1}/{per_chat}") for n in range(per_chat) for chat in chats]
    if order == "shuffled":
        slots = [chat for chat, _ in rows]
        random.Random(seed).shuffle(slots)
        counters: Counter[int] = Counter()
        rows = []
        for chat in slots:
            counters[chat] += 1
            rows.append((chat, f"{chat} #{counters[chat]}/{per_chat}"))
    return rows


# --- the fake Bot API server, in a process of its own -----------------------------------------------------


@dataclass
class Fake:
    base_url: str
    token: str
    http: ClientSession

    def bot(self) -> Bot:
        return Bot(self.token, session=AiohttpSession(api=TelegramAPIServer.from_base(self.base_url)))

    async def stats(self) -> dict[str, Any]:
        async with self.http.get(f"{self.base_url}/_stats", params={"texts": "1"}) as response:
            return await response.json()


@asynccontextmanager
async def fake_server(scenario: Scenario, args: argparse.Namespace) -> AsyncIterator[Fake]:
    command = [sys.executable, "-m", "tests.support.fake_telegram", "--overall-rate", str(scenario.rate)]
    command += ["--per-chat-rate", "1", "--per-chat-burst", str(args.per_chat_burst)]
    process = await asyncio.create_subprocess_exec(*command, cwd=ROOT, stdout=asyncio.subprocess.PIPE)
    try:
        assert process.stdout is not None
        base_url, token = (await asyncio.wait_for(process.stdout.readline(), 30)).decode().split()
        async with ClientSession() as http:
            chats = [FIRST_CHAT + i for i in range(scenario.chats)]
            async with http.post(f"{base_url}/_chats", json={"ids": chats}) as response:
                response.raise_for_status()
            yield Fake(base_url, token, http)
    finally:
        process.terminate()
        await process.wait()


# --- the systems ------------------------------------------------------------------------------------------


async def run_plain(fake: Fake, rows: list[Row], rate: float) -> float:
    """aiogram's plain loop, with the care a plain bot takes: a 429 is waited out and the message resent."""
    bot = fake.bot()
    try:
        started = time.perf_counter()
        for chat, text in rows:
            while True:
                try:
                    await bot.send_message(chat, text)
                    break
                except TelegramRetryAfter as flood:
                    await asyncio.sleep(flood.retry_after)
            await asyncio.sleep(1 / rate)
        return time.perf_counter() - started
    finally:
        await bot.session.close()


def production_bot(fake: Fake) -> Bot:
    settings = Settings(telegram_bot_token=fake.token, telegram_api_base=fake.base_url, _env_file=None)  # type: ignore[call-arg]
    return make_bot(settings)


async def run_outbox(fake: Fake, rows: list[Row], rate: float, server: str = "sqlite") -> float:
    """The project's outbox, sender and Telegram transport: rows written with `enqueue` (not timed in the
    rate; their seconds printed apart), then `Sender.run` until no row is pending, on a new SQLite file or a
    new database on the PostgreSQL `server`. Seconds from the sender's start to the latest `sent_at`."""
    with tempfile.TemporaryDirectory(prefix="outbox-bench-") as tmp:
        async with fresh_database(server, Path(tmp)) as url:
            return await _run_outbox(fake, rows, rate, url, Path(tmp))


async def _run_outbox(fake: Fake, rows: list[Row], rate: float, url: str, tmp: Path) -> float:
    await upgrade_async(url)
    engine = make_engine(url)
    sessionmaker = make_sessionmaker(engine)
    bot = production_bot(fake)  # as `chungtay send` makes it (response models kept built)
    try:
        now = system_clock()
        writing = time.perf_counter()
        async with sessionmaker() as session, session.begin():
            for n, (chat, text) in enumerate(rows):
                await enqueue(
                    session,
                    key=f"bench:{n}",
                    destination=Destination("telegram", str(chat)),
                    message=OutboundMessage(text=text),
                    now=now,
                    priority=BROADCAST,
                )
        print(
            f"  rows written in {time.perf_counter() - writing:.2f} s (enqueue, one transaction)", flush=True
        )
        sender = Sender(
            sessionmaker,
            {"telegram": TelegramTransport(bot, tmp / "media")},
            limits={"telegram": TelegramLimits(per_second=round(rate))},
        )
        started = system_clock()
        running = asyncio.create_task(sender.run())
        try:
            while await pending(sessionmaker):
                if running.done():
                    running.result()  # the sender stopped: say why
                await asyncio.sleep(0.05)
        finally:
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
        async with sessionmaker() as session:
            last: datetime | None = await session.scalar(select(func.max(OutboxMessage.sent_at)))
        return (last - started).total_seconds() if last is not None else float("nan")
    finally:
        await bot.session.close()
        await engine.dispose()


async def pending(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session:
        return await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "pending")
        )


# --- figures ----------------------------------------------------------------------------------------------


@dataclass
class Figures:
    system: str
    rate: int
    delivered: int  # distinct messages that arrived
    seconds: float
    rejected: int
    rejected_steady: int
    duplicates: int
    losses: int
    out_of_order: int  # chats whose messages arrived in another order than their rows

    @property
    def ratio(self) -> float:
        return self.delivered / self.seconds / self.rate if self.seconds else float("nan")


def count(system: str, scenario: Scenario, rows: list[Row], seconds: float, stats: dict[str, Any]) -> Figures:
    meant: dict[int, list[str]] = {}
    for chat, text in rows:
        meant.setdefault(chat, []).append(text)
    received: dict[str, list[str]] = stats["texts"]
    duplicates = losses = out_of_order = delivered = 0
    for chat, texts in meant.items():
        got = received.get(str(chat), [])
        seen = Counter(got)
        wanted = set(texts)
        duplicates += sum(n - 1 for n in seen.values()) + sum(1 for text in got if text not in wanted)
        losses += sum(1 for text in texts if text not in seen)
        delivered += sum(1 for text in seen if text in wanted)
        first_arrivals = list(dict.fromkeys(text for text in got if text in wanted))
        out_of_order += first_arrivals != [text for text in texts if text in seen]
    start = stats["first_limited_call_at"] or 0.0
    rejected_at = stats["rejected_at"]
    return Figures(
        system,
        scenario.rate,
        delivered,
        seconds,
        len(rejected_at),
        sum(1 for at in rejected_at if at - start >= STEADY_AFTER),
        duplicates,
        losses,
        out_of_order,
    )


def print_header() -> None:
    print(
        f"{'scenario':<38} {'system':<7} {'messages':>8} {'seconds':>8} {'rate/L':>7} "
        f"{'429s':>5} {'steady':>6} {'dup':>4} {'lost':>5} {'order':>5}"
    )


def print_figures(scenario: Scenario, f: Figures) -> None:
    print(
        f"{scenario!s:<38} {f.system:<7} {f.delivered:>8,} {f.seconds:>8.2f} {f.ratio:>7.3f} "
        f"{f.rejected:>5} {f.rejected_steady:>6} {f.duplicates:>4} {f.losses:>5} {f.out_of_order:>5}",
        flush=True,
    )


async def main(args: argparse.Namespace) -> None:
    scenarios = QUICK if args.quick else SCENARIOS
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    print(
        f"Python {platform.python_version()}, aiogram {aiogram.__version__}, nproc {os.cpu_count()}; "
        f"order {args.order}, seed {args.seed}; fake: L/s overall (burst L), 1/s per chat "
        f"(burst {args.per_chat_burst}); the sender's limiter at {args.pace:g} L"
    )
    print_header()
    with database_server(args) as server:  # the outbox's: a SQLite file, or a PostgreSQL server's database
        for scenario in scenarios:
            rows = make_rows(scenario, args.order, args.seed)
            for system in systems:
                async with fake_server(scenario, args) as fake:
                    if system == "plain":
                        seconds = await run_plain(fake, rows, scenario.rate)
                    elif system == "outbox":
                        seconds = await run_outbox(fake, rows, scenario.rate * args.pace, server)
                    else:
                        raise SystemExit(f"unknown system {system!r}: plain or outbox")
                    print_figures(scenario, count(system, scenario, rows, seconds, await fake.stats()))
    print(f"processor time of this process: {time.process_time():.2f} s", flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the rows and chats")
    parser.add_argument("--order", choices=["round-robin", "shuffled"], default="round-robin")
    parser.add_argument("--per-chat-burst", type=int, default=1, help="what the fake allows at once per chat")
    parser.add_argument("--systems", default="plain,outbox", help="comma-separated: plain, outbox")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pace", type=float, default=1.0, help="the sender's limiter runs at this fraction of L (default 1)"
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite", help="the outbox's")
    parser.add_argument("--postgres-url", help="an existing PostgreSQL server (its user may CREATE DATABASE)")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
