"""Telegram round trips: the full bot against a bare aiogram echo bot, through the same fake Bot API server.

Three processes per measurement, so that neither the fake server nor the scripted users take time from the
bot's event loop (in one process the fake took 18–33 % of the loop and pulled every ratio toward 1):

* the fake Bot API server (`python -m tests.support.fake_telegram`), fresh for each bot and run; the bot
  long-polls it over real HTTP on 127.0.0.1;
* the bot, in a fresh process of its own (the script starts itself again with `--bot`), so no bot inherits
  another's heap, garbage-collector state or pydantic caches;
* this script, which plays the users over HTTP through the fake's `/_users/<id>/send`, `/press` and `/reply`.

The bots take turns, `--repeat` times, so a busy neighbour on the machine slows them alike.

* full: the bot as production runs it: a fresh database (a temp SQLite file, or a new database on a
  PostgreSQL server) migrated with `bot.db.migrate.upgrade`, the demo seeded, `TelegramAdapter` + `poll()`,
  replies written to the outbox and sent by the `Sender` woken after each commit, aiogram's response models
  kept built and the start-up heap frozen (what `make_bot` and `TelegramChannel.run` do). One difference: the
  limiter runs on virtual time (its clock only moves when it "sleeps", as in tests/test_telegram.py), so
  Telegram's rate limits never make it wait for real.
* echo: a bare aiogram echo bot: a `Dispatcher` with one message handler that answers with the same text and
  one callback handler (answer the query, send the button's label), run by `dp.start_polling(bot,
  handle_signals=False, polling_timeout=1)`. Its replies carry an inline keyboard with the labels the script
  presses.
* echo+tuning: the same echo bot with production's two aiogram fixes (`production_tuning()`), to show what the
  full bot costs over a transport tuned like its own.
* echo+outbox: the tuned echo bot with its replies through the outbox: per update one transaction that records
  the update once and writes its reply to the outbox, leased in that transaction and handed to the project's
  `Sender` once committed, as the engine does.
  No conversation, no flows: the least any bot whose replies go through an outbox does, on the same database.

For each chat count of `--chats` (default 1,10,100), that many users are onboarded first (full bot: /start
<code>, name, consent, language; echo: one message each) — setup, not measured. Then every user is active at
once and plays rounds of: typed "/menu", pressing "Tiến độ của tôi", typing "/tiendo", and in about one round
in three also "/menu" → "Ghi nhận đóng góp" → a drive → "Tiền" (up to the amount step); enough rounds for
about `--trips` round trips in all. The same plans go to every bot. Each user waits for the whole answer to a
message (the full bot's screens are checked) before sending the next one.

A round trip is timed by the fake's clock, from the push of the update to the first message the bot sends or
edits in that chat for it, as the fake receives the call (a pressed menu that turns into the answer is that
edit). Throughput is round trips / wall time of the measured phase, as this script sees it.

Printed: each run's figures; per chat count the median throughput, p50/p99 over all runs and the median ratio
of the full bot to each echo bot (the goal, ≥ 50 %, is against the bare echo bot) and of the echo bot with an
outbox to the bare one (what the outbox alone costs); for the last run CPU per round trip in the bot's
process, garbage-collector pauses, and for the full bot the time inside `Engine.handle` and SQL statements per
update.
`--profile` runs cProfile over each bot's measured phase and prints where the time goes.

Run: .venv/bin/python bench/telegram.py [--chats 1,10,100] [--trips 600] [--repeat 3]
     [--database sqlite|postgresql] [--postgres-url URL] [--quick] [--profile]
With `--database postgresql` and no `--postgres-url`, a throw-away server is started from the installed
binaries (tests/postgres.py's helpers) and removed afterwards; each full-bot run gets a new database on it.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import math
import os
import pickle
import platform
import pstats
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiogram  # noqa: E402
from aiogram import Bot, Dispatcher  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message  # noqa: E402
from aiohttp import ClientSession, TCPConnector  # noqa: E402
from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bot.app import App, build_app  # noqa: E402
from bot.channels.telegram.adapter import TelegramAdapter  # noqa: E402
from bot.channels.telegram.runner import keep_response_models, poll  # noqa: E402
from bot.channels.telegram.transport import TelegramTransport  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.db.models import ProcessedUpdate  # noqa: E402
from bot.db.ops import insert_ignore  # noqa: E402
from bot.delivery.limits import TelegramLimits  # noqa: E402
from bot.delivery.outbox import Destination, enqueue  # noqa: E402
from bot.delivery.sender import Sender  # noqa: E402
from bot.delivery.transport import OutboundMessage  # noqa: E402
from bot.demo import seed_demo  # noqa: E402
from bot.messages import Choice, Inbound, Outcome  # noqa: E402
from tests.postgres import _asyncpg_url, _find_bin_dir, scratch_server  # noqa: E402
from tests.support.bots import LocalSession  # noqa: E402
from tests.support.clocks import VirtualTime  # noqa: E402

START = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam, inside the demo campaign and its drives
TELEGRAM_CAP = 30  # messages/s a bot may send overall (and about 1/s per chat)
TIMEOUT = 15.0  # seconds a user waits for an answer before the bench gives up
GOAL = 0.5  # the full bot's throughput against the bare echo bot's
DRIVE = "Quỹ “Vì người nghèo” (ngoài các đợt vận động)"
LABELS = ("Tiến độ của tôi", "Ghi nhận đóng góp", DRIVE, "Tiền")  # what the script presses
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hương", "Khoa", "Linh", "Mai", "Nam", "Phương"]
FIRST_USER = 700_000
TRIPS_PER_ROUND = 3 + 4 / 3  # three steps, and four more in about one round in three


# --- the script ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A typed text or a pressed button, and a piece of the full bot's answer that shows it is complete (the
    latest message sent or edited in the chat contains it)."""

    kind: str  # "text" or "press"
    arg: str
    expect: str


MENU = Step("text", "/menu", "cần làm gì")
PROGRESS_BUTTON = Step("press", "Tiến độ của tôi", "cần làm gì")  # the progress with the menu under it
PROGRESS_COMMAND = Step("text", "/tiendo", "cần làm gì")
GIVE = [
    MENU,
    Step("press", "Ghi nhận đóng góp", "đợt vận động nào"),
    Step("press", DRIVE, "hình thức nào"),
    Step("press", "Tiền", "bao nhiêu tiền"),  # the amount step: the next round's /menu leaves it
]


def onboarding(code: str, name: str) -> list[Step]:
    return [
        Step("text", f"/start {code}", "họ và tên"),
        Step("text", name, "không có ai tên"),  # a newcomer on no list (decision 0122)
        Step("press", "Tham gia với tên này (chưa có trong danh sách)", "dữ liệu cá nhân"),
        Step("press", "Tôi đồng ý", "ngôn ngữ nào"),
        Step("press", "Tiếng Việt", "cần làm gì"),
    ]


def make_plans(user_ids: list[int], rounds: int, seed: int) -> dict[int, list[list[Step]]]:
    """Per user, `rounds` rounds; the same plans are given to both bots."""
    rng = random.Random(seed)
    plans: dict[int, list[list[Step]]] = {}
    for uid in user_ids:
        plans[uid] = []
        for _ in range(rounds):
            steps = [MENU, PROGRESS_BUTTON, PROGRESS_COMMAND]
            if rng.random() < 1 / 3:
                steps += GIVE
            plans[uid].append(steps)
    return plans


def person_name(i: int) -> str:
    return f"{SURNAMES[i % 12]} Thị {GIVEN[i // 12 % 12]}"


# --- measuring -------------------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    seconds: float
    calls: int  # calls the bot made for it (sends, edits, answers to button presses)
    sends: int  # messages it sent


class GcWatch:
    """Time the event loop spends in the cyclic garbage collector (it stops everything)."""

    def __init__(self) -> None:
        self.on = False
        self.runs: list[tuple[int, float]] = []  # (generation, seconds)
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self.on:
            self.runs.append((info["generation"], time.perf_counter() - self._started))


GC = GcWatch()


@dataclass
class Result:
    name: str
    samples: list[Sample] = field(default_factory=list)
    wall: float = 0.0
    setup: float = 0.0
    profile: cProfile.Profile | None = None
    gc_runs: list[tuple[int, float]] = field(default_factory=list)
    engine: list[float] = field(default_factory=list)  # seconds per Engine.handle call (full bot)
    cpu_loop: float = 0.0  # CPU seconds of the event-loop thread (bot, fake server and users alike)
    cpu_other: float = 0.0  # CPU seconds of every other thread (aiosqlite's connection threads)
    statements: int = 0  # SQL statements the full bot ran in the measured phase
    virtual_slept: float = 0.0  # seconds the full bot's limiter "slept" on virtual time

    @property
    def rate(self) -> float:
        return len(self.samples) / self.wall if self.wall else 0.0

    def percentile(self, p: float, kind: str | None = None) -> float:
        values = sorted(s.seconds for s in self.samples if kind is None or s.kind == kind)
        if not values:
            return float("nan")
        return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))] * 1000

    @property
    def calls_per_trip(self) -> float:
        return sum(s.calls for s in self.samples) / max(1, len(self.samples))

    @property
    def sends_per_trip(self) -> float:
        return sum(s.sends for s in self.samples) / max(1, len(self.samples))


Expectation = Callable[[Step], str]


def production_tuning() -> list[type]:
    """What production does once the bot is built (`runner.make_bot`, `TelegramChannel.run`): keep
    aiogram's `Response[...]` models built, and freeze the start-up heap so full collections skip it.
    Returns the models, to be held for the run."""
    models = keep_response_models()
    gc.collect()
    gc.freeze()
    return models


# --- the two bots ----------------------------------------------------------------------------------------


class EngineClock:
    """The engine's clock: real time, shifted so that the run starts at START."""

    def __init__(self) -> None:
        self.origin = time.monotonic()

    def __call__(self) -> datetime:
        return START + timedelta(seconds=time.monotonic() - self.origin)


# --- the fake server and the users, over HTTP ------------------------------------------------------------


@dataclass
class Fake:
    """The fake Bot API server in its process, and the users it plays for this script."""

    base_url: str
    token: str
    http: ClientSession

    async def play(self, uid: int, step: Step, expect: str) -> Sample:
        """One round trip: push, then wait for the whole answer (a text containing `expect`). The fake times
        it on its own clock, from the push to the first send or edit in the chat."""
        path, body = ("send", {"text": step.arg}) if step.kind == "text" else ("press", {"label": step.arg})
        pushed = await self._call("POST", f"/_users/{uid}/{path}", json=body)
        query = {"after": str(pushed["update_id"]), "contains": expect, "timeout": str(TIMEOUT)}
        reply = await self._call("GET", f"/_users/{uid}/reply", params=query)
        return Sample(
            step.kind, reply["first_reply_at"] - pushed["pushed_at"], reply["calls"], reply["sends"]
        )

    async def _call(self, verb: str, path: str, **kwargs: Any) -> dict[str, Any]:
        async with self.http.request(verb, self.base_url + path, **kwargs) as response:
            body = await response.json()
        if not body.get("ok"):
            raise AssertionError(f"{verb} {path} {kwargs}: {body.get('description')}")
        return dict(body["result"])


@asynccontextmanager
async def fake_server() -> AsyncIterator[Fake]:
    """A fresh `python -m tests.support.fake_telegram`, without flood control (the full bot's limiter runs on
    virtual time)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.support.fake_telegram", cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        base_url, token = (await asyncio.wait_for(process.stdout.readline(), 30)).decode().split()
        async with ClientSession(connector=TCPConnector(limit=0)) as http:  # one connection per waiting user
            yield Fake(base_url, token, http)
    finally:
        process.terminate()
        await process.wait()


async def run_users(fake: Fake, plans: dict[int, list[list[Step]]], expectation: Expectation) -> list[Sample]:
    """Every user at once, each playing their rounds one step after the other."""
    samples: list[Sample] = []

    async def user(uid: int) -> None:
        for steps in plans[uid]:
            for step in steps:
                samples.append(await fake.play(uid, step, expectation(step)))

    await asyncio.gather(*(user(uid) for uid in plans))
    return samples


def full_expectation(step: Step) -> str:
    return step.expect


def echo_expectation(step: Step) -> str:
    return step.arg


async def tell(process: asyncio.subprocess.Process, command: str) -> None:
    """A command to the bot's process on its stdin; it answers with one line when it has acted on it."""
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{command}\n".encode())
    await process.stdin.drain()
    line = await asyncio.wait_for(process.stdout.readline(), 120)
    if not line:
        raise RuntimeError(f"the bot's process ended instead of acting on {command!r}")


async def measure(
    name: str, plans: dict[int, list[list[Step]]], database: str, args: argparse.Namespace
) -> Result:
    """One bot in a fresh process against a fresh fake: onboard the users, then play the plans, measured."""
    async with fake_server() as fake:
        with tempfile.TemporaryDirectory(prefix="chungtay-bench-") as tmp:
            out = Path(tmp) / "result.pickle"
            command = [
                sys.executable,
                __file__,
                f"--bot={name}",
                f"--fake={fake.base_url}",
                f"--token={fake.token}",
                f"--database-url={database}",
                f"--out={out}",
                f"--top={args.top}",
            ] + (["--profile"] if args.profile else [])
            process = await asyncio.create_subprocess_exec(
                *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
            )
            try:
                assert process.stdout is not None
                ready = json.loads(await asyncio.wait_for(process.stdout.readline(), 120))
                if name == "full":
                    expectation: Expectation = full_expectation
                    setup = {
                        uid: [onboarding(ready["invite"], person_name(i))] for i, uid in enumerate(plans)
                    }
                else:
                    expectation = echo_expectation
                    setup = {uid: [[Step("text", "xin chào", "")]] for uid in plans}
                started = time.perf_counter()
                await run_users(fake, setup, expectation)
                setup_time = time.perf_counter() - started
                await tell(process, "measure")
                started = time.perf_counter()
                samples = await run_users(fake, plans, expectation)
                wall = time.perf_counter() - started
                await tell(process, "stop")
                report = await process.stdout.read()
                if await process.wait() != 0:
                    raise RuntimeError(f"the {name} bot's process failed")
            finally:
                if process.returncode is None:
                    process.kill()
                    await process.wait()
            with out.open("rb") as data:
                result: Result = pickle.load(data)
    if report.strip():
        print(report.decode(), end="", flush=True)
    result.samples, result.wall, result.setup = samples, wall, setup_time
    return result


# --- the bots, each in its own process -------------------------------------------------------------------


def say(message: object) -> None:
    """One line to the driving script (stdout is the bot process's answer channel)."""
    print(json.dumps(message), flush=True)


async def expect(command: str) -> None:
    line = await asyncio.to_thread(sys.stdin.readline)
    if line.strip() != command:
        raise RuntimeError(f"expected {command!r} from the driving script, got {line!r}")


async def measured_phase(result: Result, args: argparse.Namespace, reset: Callable[[], None]) -> None:
    """Between the driver's "measure" and "stop": CPU of this process, GC pauses and, with --profile,
    cProfile over the event loop's thread."""
    await expect("measure")
    reset()
    profiler = cProfile.Profile() if args.profile else None
    GC.runs, GC.on = result.gc_runs, True
    cpu, loop_cpu = time.process_time(), time.thread_time()
    if profiler is not None:
        profiler.enable()
    say("measuring")
    try:
        await expect("stop")
    finally:
        if profiler is not None:
            profiler.disable()
        GC.on = False
    result.cpu_loop = time.thread_time() - loop_cpu
    result.cpu_other = time.process_time() - cpu - result.cpu_loop
    result.profile = profiler


def app_with_sender(
    bot: Bot, url: str, media: Path, args: argparse.Namespace
) -> tuple[App, Sender, TelegramLimits, VirtualTime]:
    """The application on the bench's database, and a sender for its outbox as production builds one; the
    Telegram limiter on virtual time (shared with the adapter's own calls, as in production)."""
    settings = Settings(
        database_url=url,
        media_dir=media,
        telegram_bot_token=args.token,
        telegram_api_base=args.fake,
        _env_file=None,  # type: ignore[call-arg]
    )
    app = build_app(settings, EngineClock())
    virtual = VirtualTime()
    limits = TelegramLimits(clock=virtual, sleep=virtual.sleep)
    sender = Sender(
        app.sessionmaker,
        {"telegram": TelegramTransport(bot, media)},
        limits={"telegram": limits},
        clock=app.engine.clock,
        monotonic=virtual,
        sleep=virtual.sleep,
    )
    return app, sender, limits, virtual


async def bench_full(bot: Bot, url: str, media: Path, args: argparse.Namespace) -> Result:
    app, sender, limits, virtual = app_with_sender(bot, url, media, args)
    invites = await seed_demo(app.sessionmaker, now=START)
    me = await bot.get_me()
    adapter = TelegramAdapter(app, bot, username=me.username or "", limits=limits)
    # Replies leave as production sends them: outbox rows, a sender woken after each commit.
    app.engine.attach(sender)
    sending = asyncio.create_task(sender.run())
    tuned = production_tuning()
    engine_times: list[float] = []
    statements = [0]

    def count(*_args: Any) -> None:
        statements[0] += 1

    event.listen(app.db.sync_engine, "before_cursor_execute", count)
    handle = app.engine.handle

    async def timed_handle(inbound: Inbound) -> Outcome:
        started = time.perf_counter()
        try:
            return await handle(inbound)
        finally:
            engine_times.append(time.perf_counter() - started)

    def reset() -> None:
        engine_times.clear()
        statements[0] = 0

    app.engine.handle = timed_handle  # type: ignore[method-assign]
    task = asyncio.create_task(poll(adapter, bot, timeout=1, sleep=virtual.sleep))
    try:
        say({"invite": invites.member})
        result = Result("full")
        await measured_phase(result, args, reset)
        result.engine = list(engine_times)
        result.statements = statements[0]
        result.virtual_slept = sum(virtual.slept)
        del tuned
        return result
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        sending.cancel()
        await asyncio.gather(sending, return_exceptions=True)
        await app.close()


def echo_dispatcher() -> Dispatcher:
    data = {f"b{i}": label for i, label in enumerate(LABELS)}
    buttons = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=key)] for key, label in data.items()]
    )
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…", reply_markup=buttons)

    @dp.callback_query()
    async def pressed(callback: CallbackQuery) -> None:
        await callback.answer()
        if isinstance(callback.message, Message):
            await callback.message.answer(data.get(callback.data or "", "?"), reply_markup=buttons)

    return dp


async def bench_echo(bot: Bot, args: argparse.Namespace, *, tuned: bool) -> Result:
    return await run_echo(echo_dispatcher(), bot, args, tuned=tuned)


async def bench_echo_outbox(bot: Bot, url: str, media: Path, args: argparse.Namespace) -> Result:
    """The echo bot with the outbox in the path and nothing else: per update one transaction (the update
    recorded once, its reply written to the outbox), the reply sent by the project's `Sender` woken after the
    commit, as the full bot's are (leased in the transaction and handed over, as the engine does). No
    conversation, no flows: the least any bot with an outbox does."""
    app, sender, _limits, _virtual = app_with_sender(bot, url, media, args)
    sending = asyncio.create_task(sender.run())
    choices = tuple(Choice(f"b{i}", label) for i, label in enumerate(LABELS))
    labels = {choice.id: choice.label for choice in choices}

    async def reply(key: str, chat_id: int, text: str) -> None:
        now = app.engine.clock()
        claimed = []
        async with app.sessionmaker() as session, session.begin():
            connection = await session.connection()
            if await insert_ignore(connection, ProcessedUpdate, {"key": key, "processed_at": now}):
                await enqueue(
                    connection,
                    key=f"reply:{key}",
                    destination=Destination("telegram", str(chat_id)),
                    message=OutboundMessage(text=text, choices=choices, menu_token=1),
                    now=now,
                )
                # Leased in the same transaction and handed to the sender once committed, as the engine does.
                claimed = await sender.claim_chat(connection, "telegram", str(chat_id))
        if claimed:
            sender.take(claimed)
        else:
            sender.wake()

    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await reply(f"m:{message.chat.id}:{message.message_id}", message.chat.id, message.text or "…")

    @dp.callback_query()
    async def pressed(callback: CallbackQuery) -> None:
        await callback.answer()
        if isinstance(callback.message, Message):
            choice = (callback.data or "").rpartition(":")[2]
            await reply(f"c:{callback.id}", callback.message.chat.id, labels.get(choice, "?"))

    try:
        return await run_echo(dp, bot, args, tuned=True)
    finally:
        sending.cancel()
        await asyncio.gather(sending, return_exceptions=True)
        await app.close()


async def run_echo(dp: Dispatcher, bot: Bot, args: argparse.Namespace, *, tuned: bool) -> Result:
    models = production_tuning() if tuned else []
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    try:
        say({"invite": None})
        result = Result(args.bot)
        await measured_phase(result, args, lambda: None)
        del models
        return result
    finally:
        await dp.stop_polling()
        await asyncio.gather(task, return_exceptions=True)


@asynccontextmanager
async def fresh_database(server: str, tmp: Path) -> AsyncIterator[str]:
    """A new, empty database: a SQLite file in `tmp`, or a database created on the PostgreSQL `server`."""
    if server == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp / 'chungtay.db'}"
        return
    name = f"bench_{uuid.uuid4().hex[:16]}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")  # no CREATE DATABASE in a transaction
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


async def run_one(args: argparse.Namespace) -> Result:
    """One bot, in this process, until the driving script says "stop"."""
    bot = Bot(args.token, session=LocalSession(api=TelegramAPIServer.from_base(args.fake)))
    try:
        if args.bot in ("echo", "echo+tuning"):
            return await bench_echo(bot, args, tuned=args.bot == "echo+tuning")
        # Tasks the bot left behind may still touch the directory as it goes: do not fail on that.
        with tempfile.TemporaryDirectory(prefix="chungtay-bench-", ignore_cleanup_errors=True) as tmp:
            async with fresh_database(args.database_url, Path(tmp)) as url:
                await asyncio.to_thread(upgrade, url)  # Alembic's env.py runs its own event loop
                if args.bot == "echo+outbox":
                    return await bench_echo_outbox(bot, url, Path(tmp) / "media", args)
                return await bench_full(bot, url, Path(tmp) / "media", args)
    finally:
        await bot.session.close()


def child(args: argparse.Namespace) -> None:
    result = asyncio.run(run_one(args))
    say("stopped")
    if args.profile:
        report_profile(result, args.top)
    result.profile = None
    with open(args.out, "wb") as out:
        pickle.dump(result, out)


@contextmanager
def database_server(args: argparse.Namespace) -> Iterator[str]:
    """ "sqlite", or the URL of a PostgreSQL server: `--postgres-url`, else a throw-away one started from the
    installed binaries by tests/postgres.py's `scratch_server` (durability off)."""
    if args.database == "sqlite":
        yield "sqlite"
        return
    if args.postgres_url:
        yield _asyncpg_url(args.postgres_url)
        return
    bin_dir = _find_bin_dir()
    if bin_dir is None:
        raise SystemExit(
            "PostgreSQL binaries not found (initdb, pg_ctl): install them or pass --postgres-url"
        )
    with scratch_server(bin_dir, prefix="chungtay-bench-pg-") as url:
        yield url


# --- reporting -------------------------------------------------------------------------------------------

BUCKETS = (  # by the file a function lives in; first match wins
    ("waiting in epoll (idle, or for the SQLite thread)", ("method 'poll' of 'select.epoll'",)),
    ("fake Bot API server + scripted users (the harness)", ("fake_telegram.py", "bench/telegram.py")),
    ("aiohttp web server (the fake's side of HTTP)", ("/aiohttp/web",)),
    ("project code (bot/, handlers/)", ("/main/bot/", "/main/handlers/")),
    ("SQLAlchemy", ("/sqlalchemy/", "greenlet")),
    ("aiosqlite (driver thread hand-offs)", ("/aiosqlite/",)),
    ("aiogram", ("/aiogram/",)),
    ("pydantic", ("/pydantic", "pydantic_core")),
    ("aiohttp client, HTTP parsing, yarl, multidict", ("/aiohttp/", "/yarl/", "/multidict/", "aiohttp._")),
    ("tenacity", ("/tenacity/",)),
    ("babel / gettext", ("/babel/",)),
    ("event loop (asyncio, selectors)", ("/asyncio/", "selectors.py")),
)
OTHER = "other"


def where(profile: cProfile.Profile) -> list[tuple[str, float]]:
    """Own time (tottime) per bucket. A function outside every bucket (builtins, json, copy, socket, …) is
    charged to whoever called it, in proportion to the time each caller spent in it."""
    stats: dict[Any, Any] = pstats.Stats(profile).stats  # type: ignore[attr-defined]

    def direct(func: tuple[str, int, str]) -> str | None:
        text = f"{func[0]} {func[2]}"
        return next((bucket for bucket, keys in BUCKETS if any(k in text for k in keys)), None)

    shares: dict[Any, dict[str, float]] = {}

    def share(func: Any, busy: frozenset[Any] = frozenset()) -> dict[str, float]:
        """How the time of `func` splits into buckets (fractions summing to 1; empty if every path from it
        leads back into a recursion already being followed, as deepcopy ↔ _deepcopy_dict does)."""
        if func in shares:
            return shares[func]
        bucket = direct(func)
        if bucket is not None:
            return {bucket: 1.0}
        parts = []
        for caller, (_cc, _nc, tottime, _ct) in stats.get(func, (0, 0, 0.0, 0.0, {}))[4].items():
            if caller not in busy and (upstream := share(caller, busy | {func})):
                parts.append((tottime, upstream))
        total = sum(weight for weight, _ in parts)
        split: dict[str, float] = defaultdict(float)
        for weight, upstream in parts:
            for b, fraction in upstream.items():
                split[b] += (weight / total if total else 1 / len(parts)) * fraction
        if not busy:
            shares[func] = dict(split) or {OTHER: 1.0}
            return shares[func]
        return dict(split)

    totals: dict[str, float] = defaultdict(float)
    for func, (_cc, _nc, tottime, _ct, _callers) in stats.items():
        for bucket, fraction in share(func).items():
            totals[bucket] += tottime * fraction
    return sorted(totals.items(), key=lambda item: -item[1])


def report_profile(result: Result, top: int) -> None:
    assert result.profile is not None
    total = sum(t for _, t in where(result.profile))
    print(
        f"\nWhere the {result.name}'s measured phase spends its time ({total:.1f} s of own time in the loop):"
    )
    for bucket, seconds in where(result.profile):
        print(f"  {100 * seconds / total:5.1f} %  {seconds:6.2f} s  {bucket}")
    stats: dict[Any, Any] = pstats.Stats(result.profile).stats  # type: ignore[attr-defined]
    rebuilds = [v for f, v in stats.items() if f[2] == "create_generic_submodel"]
    if rebuilds:
        count, seconds = sum(v[1] for v in rebuilds), sum(v[3] for v in rebuilds)
        print(
            f"  of which rebuilding aiogram's Response[...] pydantic classes after garbage collections: "
            f"{count} times, {seconds:.2f} s ({100 * seconds / total:.1f} %; see --pin-responses)"
        )
    print(f"\nTop {top} functions by own time ({result.name}):")
    pstats.Stats(result.profile, stream=sys.stdout).sort_stats("tottime").print_stats(top)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


BOTS = {
    "full": "the full bot, as production runs it",
    "echo": "a bare aiogram echo bot",
    "echo+tuning": "the echo bot with production's two aiogram fixes",
    "echo+outbox": "the tuned echo bot with its replies through the outbox and the sender",
}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def pooled(runs: list[dict[str, Result]], name: str) -> Result:
    """All runs' samples of one bot, for percentiles over the runs."""
    result = Result(name)
    for results in runs:
        result.samples += results[name].samples
    return result


def print_runs(chats: int, runs: list[dict[str, Result]]) -> None:
    print(f"\n{chats} chat(s):\n")
    print("| run | bot         | round trips/s | p50 ms | p99 ms | calls per round trip | full / this |")
    print("|----:|-------------|--------------:|-------:|-------:|---------------------:|------------:|")
    for index, results in enumerate(runs, 1):
        full = results["full"]
        for name, r in results.items():
            ratio = "" if name == "full" else f"{100 * full.rate / r.rate:.0f} %"
            print(
                f"| {index:>3} | {name:<11} | {r.rate:>13.1f} | {r.percentile(50):>6.1f} "
                f"| {r.percentile(99):>6.1f} | {r.calls_per_trip:>20.2f} | {ratio:>11} |"
            )
    print()
    for name in [n for n in BOTS if n != "full"]:
        ratios = [results["full"].rate / results[name].rate for results in runs]
        # The goal is set against the bare echo bot; the other ratios say where the difference lies.
        verdict = "meets" if median(ratios) >= GOAL else "misses"
        goal = f" — {verdict} the goal of ≥ {100 * GOAL:.0f} %" if name == "echo" else ""
        print(
            f"full / {name} ({BOTS[name]}): median {100 * median(ratios):.0f} % over {len(runs)} runs "
            f"(each run: {', '.join(f'{100 * r:.0f} %' for r in ratios)}){goal}"
        )
    floor = [results["echo+outbox"].rate / results["echo"].rate for results in runs]
    print(
        f"echo+outbox / echo (the price of the outbox alone): median {100 * median(floor):.0f} % "
        f"(each run: {', '.join(f'{100 * r:.0f} %' for r in floor)})"
    )
    full = runs[-1]["full"]
    print(
        f"full bot: Telegram's own limits are left out (its limiter 'slept' {full.virtual_slept:.0f} "
        f"virtual s "
        f"in the last run, none for real); in production {TELEGRAM_CAP} calls/s per bot at "
        f"{full.calls_per_trip:.2f} calls per round trip → ≤ {TELEGRAM_CAP / full.calls_per_trip:.0f} "
        f"round trips/s."
    )
    for name, r in runs[-1].items():
        trips = max(1, len(r.samples))
        gc_time = sum(seconds for _, seconds in r.gc_runs)
        gen2 = sum(1 for generation, _ in r.gc_runs if generation == 2)
        line = (
            f"{name} (last run): typed p50/p99 {r.percentile(50, 'text'):.1f}/{r.percentile(99, 'text'):.1f} "
            f"ms, button {r.percentile(50, 'press'):.1f}/{r.percentile(99, 'press'):.1f} ms; "
            f"per round trip {1000 * r.wall / trips:.1f} ms of wall time, CPU in the bot's process "
            f"{1000 * r.cpu_loop / trips:.1f} ms in the event loop + {1000 * r.cpu_other / trips:.1f} ms in "
            f"other threads; GC {len(r.gc_runs)} runs ({gen2} full, longest pause "
            f"{1000 * max((t for _, t in r.gc_runs), default=0):.0f} ms), {1000 * gc_time / trips:.2f} ms a "
            f"round trip"
        )
        if r.engine:
            engine = sorted(r.engine)
            line += (
                f"; Engine.handle {1000 * sum(engine) / len(engine):.1f} ms mean, "
                f"p99 {1000 * engine[int(0.99 * (len(engine) - 1))]:.1f} ms, "
                f"{r.statements / len(engine):.1f} SQL statements per update"
            )
        print(line)


def print_sweep(database: str, sweep: dict[int, list[dict[str, Result]]]) -> None:
    """Per chat count: median throughput over the runs, p50/p99 over all their round trips."""
    print(f"\nSummary ({database}; round trips/s: median of the runs; p50/p99: all runs' round trips):\n")
    print("| chats | bot         | round trips | round trips/s | p50 ms | p99 ms | full / this (median) |")
    print("|------:|-------------|------------:|--------------:|-------:|-------:|---------------------:|")
    for chats, runs in sweep.items():
        for name in BOTS:
            r = pooled(runs, name)
            rate = median([results[name].rate for results in runs])
            ratio = median([results["full"].rate / results[name].rate for results in runs])
            shown = "" if name == "full" else f"{100 * ratio:.0f} %"
            print(
                f"| {chats:>5} | {name:<11} | {len(r.samples):>11} | {rate:>13.1f} "
                f"| {r.percentile(50):>6.1f} "
                f"| {r.percentile(99):>6.1f} | {shown:>20} |"
            )


async def parent(args: argparse.Namespace) -> None:
    print(
        f"chats {', '.join(map(str, args.chats))}, every user active at once, about {args.trips} round trips "
        f"per bot and run; {args.repeat} run(s), each bot in a fresh process, taking turns, the fake Bot API "
        f"server "
        f"in a process of its own; database {args.database}; Python {platform.python_version()}, aiogram "
        f"{aiogram.__version__}, {os.cpu_count()} CPUs ({cpu_model()})",
        flush=True,
    )
    sweep: dict[int, list[dict[str, Result]]] = {}
    with database_server(args) as database:
        for chats in args.chats:
            users = [FIRST_USER + i for i in range(chats)]
            rounds = args.rounds or max(1, math.ceil(args.trips / (TRIPS_PER_ROUND * chats)))
            plans = make_plans(users, rounds, args.seed)
            runs: list[dict[str, Result]] = []
            for index in range(1, args.repeat + 1):
                results: dict[str, Result] = {}
                for name in BOTS:
                    r = results[name] = await measure(name, plans, database, args)
                    print(
                        f"{chats} chat(s), {rounds} rounds, run {index}, {name}: {r.rate:.1f} round trips/s, "
                        f"p50 {r.percentile(50):.1f} ms, p99 {r.percentile(99):.1f} ms ({len(r.samples)} "
                        f"round trips; setup {r.setup:.1f} s, measured {r.wall:.1f} s)",
                        flush=True,
                    )
                runs.append(results)
            print_runs(chats, runs)
            sweep[chats] = runs
    print_sweep(args.database, sweep)


def chat_counts(value: str) -> list[int]:
    return [int(part) for part in value.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=chat_counts, default=[1, 10, 100], help="chat counts, e.g. 1,10,100")
    parser.add_argument("--trips", type=int, default=600, help="about this many measured round trips a run")
    parser.add_argument("--rounds", type=int, default=0, help="rounds per user (default: from --trips)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the three bots, taking turns")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres-url", help="an existing PostgreSQL server (its user may CREATE DATABASE)")
    parser.add_argument("--quick", action="store_true", help="1 and 10 chats, about 150 round trips, one run")
    parser.add_argument("--profile", action="store_true", help="cProfile each measured phase")
    parser.add_argument("--top", type=int, default=25, help="functions to list with --profile")
    parser.add_argument("--bot", choices=list(BOTS), help=argparse.SUPPRESS)  # run one bot (a child process)
    parser.add_argument("--fake", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.chats, args.trips, args.repeat = [1, 10], 150, 1
    if args.bot:
        child(args)
    else:
        asyncio.run(parent(args))


if __name__ == "__main__":
    main()
