"""Telegram round trips: the full bot against a bare aiogram echo bot, through the same fake Bot API server.

Each bot runs in a fresh process of its own (the script starts itself again with `--bot`), and the bots
take turns, `--repeat` times, so a busy neighbour on the machine slows them alike and no bot inherits
another's heap, garbage-collector state or pydantic caches. Each long-polls an in-process `FakeTelegram`
(tests/fake_telegram.py) over real HTTP on 127.0.0.1.

* full: the bot as production runs it: a fresh temp SQLite file migrated with `bot.db.migrate.upgrade`, the
  demo seeded, `TelegramAdapter` + `poll()`, aiogram's response models kept built and the start-up heap
  frozen (what `make_bot` and `TelegramChannel.run` do). One difference: the send limiter runs on virtual
  time (its clock only moves when it "sleeps", as in tests/test_telegram.py), so Telegram's rate limits never
  make it wait for real.
* echo: a bare aiogram echo bot: a `Dispatcher` with one message handler that answers with the same text and
  one callback handler (answer the query, send the button's label), run by `dp.start_polling(bot,
  handle_signals=False, polling_timeout=1)`. Its replies carry an inline keyboard with the labels the script
  presses.
* echo+tuning: the same echo bot with production's two aiogram fixes (`production_tuning()`), to show what the
  full bot costs over a transport tuned like its own.

N users are onboarded first (full bot: /start <code>, name, consent, language; echo: one message each) —
setup, not measured. Then each user plays rounds of: typed "/menu", pressing "Tiến độ của tôi", typing
"/tiendo", and in about one round in three also "/menu" → "Ghi nhận đóng góp" → a drive → "Tiền" (up to the
amount step). The same plans go to every bot. `--concurrency` users are active at any moment; each waits for
the whole answer to a message (the full bot's screens are checked) before sending the next one.

A round trip is timed from the push of the update into the fake server to the first message the bot sends
or edits in that chat for it, as the fake receives the call (a pressed menu that turns into the answer is that
edit); the user waits on `wait_for_reply(update, settle=0)`. Throughput is round trips / wall time of the
measured phase. Fake server, users and bot share one event loop, so the fake's own cost is in every figure
(`--profile` shows how much).

Printed: each run's figures, the median ratio of the full bot to each echo bot, and for the last run CPU per
round trip, garbage-collector pauses, and for the full bot the time inside `Engine.handle` and SQL statements
per update. `--profile` runs cProfile over each measured phase and prints where the time goes.

Run: .venv/bin/python bench/telegram.py [--users 50] [--concurrency 10] [--rounds 8] [--repeat 3] [--quick]
     [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import os
import pickle
import platform
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiogram  # noqa: E402
from aiogram import Dispatcher  # noqa: E402
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message  # noqa: E402
from sqlalchemy import event  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.channels.telegram.adapter import TelegramAdapter  # noqa: E402
from bot.channels.telegram.runner import keep_response_models, poll  # noqa: E402
from bot.channels.telegram.transport import TelegramTransport  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.delivery.limits import TelegramLimits  # noqa: E402
from bot.delivery.sender import Sender  # noqa: E402
from bot.demo import seed_demo  # noqa: E402
from bot.messages import Inbound, Outcome  # noqa: E402
from tests.conftest import VirtualTime  # noqa: E402
from tests.fake_telegram import REPLY_METHODS, FakeTelegram, FakeUser  # noqa: E402
from tests.test_fake_telegram import make_bot  # noqa: E402

START = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam, inside the demo campaign and its drives
TELEGRAM_CAP = 30  # messages/s a bot may send overall (and about 1/s per chat)
TIMEOUT = 15.0  # seconds a user waits for an answer before the bench gives up
DRIVE = "Quỹ Vì người nghèo (không theo đợt)"
LABELS = ("Tiến độ của tôi", "Ghi nhận đóng góp", DRIVE, "Tiền")  # what the script presses
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hương", "Khoa", "Linh", "Mai", "Nam", "Phương"]


# --- the fake server, with a stopwatch ---------------------------------------------------------------------


@dataclass
class Mark:
    """What happened in one chat since the user's latest update was pushed."""

    pushed: float
    seq: int  # the fake's call counter at the push: every event this update can cause comes later
    first_reply: float | None = None  # perf_counter when the fake received the first send/edit
    sends: int = 0  # new messages
    shown: int = 0  # new messages and edited texts
    last_text: str = ""  # the text of the latest of those
    calls: int = 0  # calls the bot made for this chat (all of them go through the full bot's limiter)
    done: bool = False


class TimedTelegram(FakeTelegram):
    """FakeTelegram that notes, per chat, when an update was pushed and when the bot first answered it.

    Two shortcuts keep the fake's own cost flat over a long run (it is the harness, not what is measured):
    buttons are pressed from the chat's latest keyboard, noted as it is sent (`press()` would rebuild every
    message of every chat), and events no waiting update can need any more are dropped (`wait_for_reply`
    scans all events since the start on every wake-up)."""

    TRIM_EVERY = 256

    def __init__(self) -> None:
        super().__init__()
        self.marks: dict[int, Mark] = {}
        self.keyboards: dict[int, tuple[int, list[list[dict[str, Any]]]]] = {}  # chat → (message id, rows)
        self._pushes = 0

    async def push_update(self, content: dict[str, Any], *, chat_id: int | None = None) -> int:
        if chat_id is not None:
            self.marks[chat_id] = Mark(time.perf_counter(), self._seq)
        self._pushes += 1
        if self._pushes % self.TRIM_EVERY == 0:
            floor = min((m.seq for m in self.marks.values() if not m.done), default=self._seq)
            self._events = [e for e in self._events if e.seq >= floor]
        return await super().push_update(content, chat_id=chat_id)

    def _event(self, call: Any, chat_id: int, message_id: int | None = None) -> None:
        mark = self.marks.get(chat_id)
        if mark is not None:
            mark.calls += 1
            if call.method in REPLY_METHODS and mark.first_reply is None:
                mark.first_reply = time.perf_counter()
            if call.method in ("sendMessage", "editMessageText"):
                mark.sends += call.method == "sendMessage"
                mark.shown += 1
                mark.last_text = str(call.params.get("text", ""))
        markup = call.params.get("reply_markup")
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        if call.method == "sendMessage" and rows and message_id is not None:
            self.keyboards[chat_id] = (message_id, rows)
        elif call.method.startswith("editMessage") and self.keyboards.get(chat_id, (None,))[0] == message_id:
            if rows:
                self.keyboards[chat_id] = (message_id, rows)
            else:
                del self.keyboards[chat_id]
        super()._event(call, chat_id, message_id)

    async def press(self, user: FakeUser, label: str) -> int:
        """`user.press(label)` on the chat's latest keyboard (exact label first, else one containing it)."""
        message_id, rows = self.keyboards.get(user.chat_id, (0, []))
        buttons = [(b.get("text", ""), b.get("callback_data")) for row in rows for b in row]
        wanted = label.casefold()
        found = [b for b in buttons if b[0].casefold() == wanted] or [
            b for b in buttons if wanted in b[0].casefold()
        ]
        if not found or found[0][1] is None:
            raise AssertionError(
                f"no button {label!r} on the latest keyboard in chat {user.chat_id}: {buttons}"
            )
        return await user.press_data(str(found[0][1]), message_id)


# --- the script ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A typed text or a pressed button, and a piece of the full bot's answer that shows it is complete (the
    latest message sent or edited in the chat contains it)."""

    kind: str  # "text" or "press"
    arg: str
    expect: str


MENU = Step("text", "/menu", "muốn làm gì")
PROGRESS_BUTTON = Step("press", "Tiến độ của tôi", "muốn làm gì")  # the progress with the menu under it
PROGRESS_COMMAND = Step("text", "/tiendo", "muốn làm gì")
GIVE = [
    MENU,
    Step("press", "Ghi nhận đóng góp", "đợt vận động nào"),
    Step("press", DRIVE, "hình thức nào"),
    Step("press", "Tiền", "bao nhiêu tiền"),  # the amount step: the next round's /menu leaves it
]


def onboarding(code: str, name: str) -> list[Step]:
    return [
        Step("text", f"/start {code}", "họ và tên"),
        Step("text", name, "dữ liệu cá nhân"),
        Step("press", "Tôi đồng ý", "ngôn ngữ nào"),
        Step("press", "Tiếng Việt", "muốn làm gì"),
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


# --- driving a bot ---------------------------------------------------------------------------------------


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


async def play(tg: TimedTelegram, user: FakeUser, step: Step, expectation: Expectation) -> Sample:
    """One round trip: push, wait for the first answer (timed), then for the whole answer (not timed)."""
    update = await (user.send(step.arg) if step.kind == "text" else tg.press(user, step.arg))
    mark = tg.marks[user.chat_id]
    await user.wait_for_reply(update, timeout=TIMEOUT, settle=0)
    expect = expectation(step)
    await tg.wait_until(
        lambda: mark.shown >= 1 and expect in mark.last_text,
        timeout=TIMEOUT,
        what=f"a message with {expect!r} in chat {user.chat_id} after {step.arg!r}",
    )
    mark.done = True
    assert mark.first_reply is not None
    return Sample(step.kind, mark.first_reply - mark.pushed, mark.calls, mark.sends)


async def run_users(
    tg: TimedTelegram,
    plans: dict[int, list[list[Step]]],
    concurrency: int,
    expectation: Expectation,
) -> list[Sample]:
    """`concurrency` workers, each with its share of the users, round-robin over its users round by round."""
    samples: list[Sample] = []
    uids = list(plans)

    async def worker(mine: list[int]) -> None:
        rounds = max((len(plans[uid]) for uid in mine), default=0)
        for r in range(rounds):
            for uid in mine:
                if r < len(plans[uid]):
                    for step in plans[uid][r]:
                        samples.append(await play(tg, tg.user(uid), step, expectation))

    await asyncio.gather(*(worker(uids[w::concurrency]) for w in range(concurrency)))
    return samples


async def measure(
    name: str,
    tg: TimedTelegram,
    plans: dict[int, list[list[Step]]],
    concurrency: int,
    expectation: Expectation,
    args: argparse.Namespace,
) -> Result:
    result = Result(name)
    profiler = cProfile.Profile() if args.profile else None
    GC.runs, GC.on = result.gc_runs, True
    cpu, loop_cpu = time.process_time(), time.thread_time()
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    try:
        result.samples = await run_users(tg, plans, concurrency, expectation)
    finally:
        if profiler is not None:
            profiler.disable()
        GC.on = False
    result.wall = time.perf_counter() - started
    result.cpu_loop = time.thread_time() - loop_cpu
    result.cpu_other = time.process_time() - cpu - result.cpu_loop
    result.profile = profiler
    return result


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


async def bench_full(
    url: str, media: Path, users: list[int], plans: dict[int, list[list[Step]]], args: argparse.Namespace
) -> Result:
    tg = TimedTelegram()
    await tg.start()
    settings = Settings(
        database_url=url,
        media_dir=media,
        telegram_bot_token=tg.token,
        telegram_api_base=tg.base_url,
        _env_file=None,  # type: ignore[call-arg]
    )
    app = build_app(settings, EngineClock())
    invites = await seed_demo(app.sessionmaker, now=START)
    bot = make_bot(tg)
    virtual = VirtualTime()
    limits = TelegramLimits(clock=virtual, sleep=virtual.sleep)
    adapter = TelegramAdapter(app, bot, username=tg.bot_username, limits=limits)
    # Replies leave as production sends them: outbox rows, a sender woken after each commit.
    sender = Sender(
        app.sessionmaker,
        {"telegram": TelegramTransport(bot, media)},
        limits={"telegram": limits},
        clock=app.engine.clock,
        monotonic=virtual,
        sleep=virtual.sleep,
    )
    app.engine.after_commit.append(sender.wake)
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

    app.engine.handle = timed_handle  # type: ignore[method-assign]
    task = asyncio.create_task(poll(adapter, bot, timeout=1, sleep=virtual.sleep))
    try:
        full: Expectation = lambda step: step.expect  # noqa: E731
        started = time.perf_counter()
        setup = {uid: [onboarding(invites.member, person_name(i))] for i, uid in enumerate(users)}
        await run_users(tg, setup, args.concurrency, full)
        setup_time = time.perf_counter() - started
        engine_times.clear()
        statements[0] = 0
        result = await measure("full", tg, plans, args.concurrency, full, args)
        result.setup = setup_time
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
        await bot.session.close()
        await app.close()
        await tg.stop()


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


async def bench_echo(
    users: list[int], plans: dict[int, list[list[Step]]], args: argparse.Namespace, *, tuned: bool
) -> Result:
    tg = TimedTelegram()
    await tg.start()
    bot = make_bot(tg)
    dp = echo_dispatcher()
    models = production_tuning() if tuned else []
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    try:
        echo: Expectation = lambda step: step.arg  # noqa: E731
        started = time.perf_counter()
        await run_users(tg, {uid: [[Step("text", "xin chào", "")]] for uid in users}, args.concurrency, echo)
        setup_time = time.perf_counter() - started
        result = await measure(args.bot, tg, plans, args.concurrency, echo, args)
        result.setup = setup_time
        del models
        return result
    finally:
        await dp.stop_polling()
        await asyncio.gather(task, return_exceptions=True)
        await bot.session.close()
        await tg.stop()


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
}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_runs(runs: list[dict[str, Result]]) -> None:
    print()
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
    full_rates = [results["full"].rate for results in runs]
    for name in [n for n in BOTS if n != "full"]:
        ratios = [results["full"].rate / results[name].rate for results in runs]
        verdict = "meets" if median(ratios) >= 0.7 else "misses"
        print(
            f"full / {name} ({BOTS[name]}): median {100 * median(ratios):.0f} % over {len(runs)} runs "
            f"(each run: {', '.join(f'{100 * r:.0f} %' for r in ratios)}) — {verdict} the goal of ≥ 70 %"
        )
    full = runs[-1]["full"]
    print(
        f"\nfull bot: median {median(full_rates):.1f} round trips/s. Telegram's own limits are left out: "
        f"its limiter ran on virtual time ({full.virtual_slept:.0f} virtual s 'slept' in the last run, "
        f"none for real). In production they bind first: {TELEGRAM_CAP} calls/s per bot at "
        f"{full.calls_per_trip:.2f} calls per round trip → ≤ {TELEGRAM_CAP / full.calls_per_trip:.0f} "
        f"round trips/s."
    )
    print()
    for name, r in runs[-1].items():
        gc_time = sum(seconds for _, seconds in r.gc_runs)
        gen2 = sum(1 for generation, _ in r.gc_runs if generation == 2)
        line = (
            f"{name} (last run): typed p50/p99 {r.percentile(50, 'text'):.1f}/{r.percentile(99, 'text'):.1f} "
            f"ms, button {r.percentile(50, 'press'):.1f}/{r.percentile(99, 'press'):.1f} ms; "
            f"per round trip {1000 * r.wall / max(1, len(r.samples)):.1f} ms of wall time, CPU "
            f"{1000 * r.cpu_loop / max(1, len(r.samples)):.1f} ms in the event loop + "
            f"{1000 * r.cpu_other / max(1, len(r.samples)):.1f} ms in other threads; "
            f"GC {len(r.gc_runs)} runs ({gen2} full, longest pause "
            f"{1000 * max((t for _, t in r.gc_runs), default=0):.0f} ms), "
            f"{1000 * gc_time / max(1, len(r.samples)):.2f} ms a round trip"
        )
        if r.engine:
            engine = sorted(r.engine)
            line += (
                f"; Engine.handle {1000 * sum(engine) / len(engine):.1f} ms mean, "
                f"p99 {1000 * engine[int(0.99 * (len(engine) - 1))]:.1f} ms, "
                f"{r.statements / len(engine):.1f} SQL statements per update"
            )
        print(line)


async def run_one(args: argparse.Namespace) -> Result:
    """One bot, in this process."""
    users = [700_000 + i for i in range(args.users)]
    plans = make_plans(users, args.rounds, args.seed)
    if args.bot != "full":
        return await bench_echo(users, plans, args, tuned=args.bot == "echo+tuning")
    with tempfile.TemporaryDirectory(prefix="chungtay-bench-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'chungtay.db'}"
        await asyncio.to_thread(upgrade, url)  # Alembic's env.py runs its own event loop
        return await bench_full(url, Path(tmp) / "media", users, plans, args)


def child(args: argparse.Namespace) -> None:
    result = asyncio.run(run_one(args))
    if args.profile:
        report_profile(result, args.top)
    result.profile = None
    with open(args.out, "wb") as out:
        pickle.dump(result, out)


def parent(args: argparse.Namespace) -> None:
    plans = make_plans([700_000 + i for i in range(args.users)], args.rounds, args.seed)
    trips = sum(len(steps) for rounds in plans.values() for steps in rounds)
    print(
        f"{args.users} users, {args.concurrency} at a time, {args.rounds} rounds each: {trips} round trips "
        f"per bot and run; {args.repeat} runs, each bot in a fresh process, taking turns; Python "
        f"{platform.python_version()}, aiogram {aiogram.__version__}, {os.cpu_count()} CPUs ({cpu_model()})"
    )
    passed = [
        f"--users={args.users}",
        f"--concurrency={args.concurrency}",
        f"--rounds={args.rounds}",
        f"--seed={args.seed}",
        f"--top={args.top}",
    ] + (["--profile"] if args.profile else [])
    runs: list[dict[str, Result]] = []
    with tempfile.TemporaryDirectory(prefix="chungtay-bench-") as tmp:
        out = Path(tmp) / "result.pickle"
        for index in range(1, args.repeat + 1):
            results: dict[str, Result] = {}
            for name in BOTS:
                subprocess.run(
                    [sys.executable, __file__, f"--bot={name}", f"--out={out}", *passed], check=True
                )
                with out.open("rb") as data:
                    results[name] = pickle.load(data)
                r = results[name]
                print(
                    f"run {index}, {name}: {r.rate:.1f} round trips/s (setup {r.setup:.1f} s, measured "
                    f"{r.wall:.1f} s)",
                    flush=True,
                )
            runs.append(results)
    print_runs(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the three bots, taking turns")
    parser.add_argument(
        "--quick", action="store_true", help="10 users, 5 at a time, 3 rounds, one run (~40 s with start-up)"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile each measured phase")
    parser.add_argument("--top", type=int, default=25, help="functions to list with --profile")
    parser.add_argument("--bot", choices=list(BOTS), help=argparse.SUPPRESS)  # run one bot (a child process)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.users, args.concurrency, args.rounds, args.repeat = 10, 5, 3, 1
    if args.bot:
        child(args)
    else:
        parent(args)


if __name__ == "__main__":
    main()
