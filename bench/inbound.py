"""How many inbound messages a second the whole engine handles, against the bare database work it needs.

For each ledger size (1,000 and 1,000,000 contribution rows by default) it builds a fresh SQLite file:
migrate → seed the demo → onboard N synthetic people through the real engine (typed invite code, name,
consent, language, then a commitment; setup, timed apart) → bulk-load extra people and ledger rows →
ANALYZE. Then it drives a realistic mix through `Engine.handle` on the text-only profile (menus answered
by typing numbers): open the menu, record a money contribution (drive → Tiền → "500k"/"1tr2" → skip the
note → confirm), view "Tiến độ của tôi", now and then a mistyped amount or a /huy. Each `engine.handle`
call is timed with perf_counter, sequentially and with N users interleaved by asyncio workers.

The floor is the same database work without the engine, measured on the same file: one transaction per
message with the statements the engine needs for that message (dedupe insert; state row select, and
insert on a chat's first message; person with roles; the drive reads; next_ref + contribution + audit
insert on confirm; the progress reads; one state update), through the same SQLAlchemy engine and
aiosqlite pool with plain SQL, and once more with the sqlite3 module directly (no driver thread, no
SQLAlchemy). Keep it in step with Engine._open_turn and the flows when they change (--profile prints
statements per message type for both).

Engine and floor, every data size and mode, take turns in short slices, so a busy neighbour on a shared
machine slows them alike. --profile adds, at the largest size: statements per message
type, SQL time per statement, cProfile by area, and the query plans of the progress reads.

Run: .venv/bin/python bench/inbound.py [--users 200] [--rounds 2] [--concurrency 8] [--quick] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.app import App, build_app
from bot.clock import local_date
from bot.config import Settings
from bot.conversation.engine import Engine
from bot.conversation.recognise import numbered
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import upgrade_async
from bot.db.models import OutboxMessage
from bot.demo import DEMO_ORG, seed_demo
from bot.messages import Inbound, Reply
from bot.text import fold
from handlers.registry import build_registry

START = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam, inside the 2026–2030 campaign
CHANNEL = "console"
UNCOUNTED = "bench_uncounted"  # an execution option: a statement of the bench's own, left out of the counts
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hương", "Khoa", "Linh", "Mai", "Nam", "Phương"]
GOOD_AMOUNTS = ["500k", "1tr2", "200000", "300k", "1tr", "2 triệu", "150.000đ", "100k"]
BAD_AMOUNTS = ["500kk", "năm trăm", "0", "-200k", "1,5tr7", "abc"]
DB_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a (naive UTC) datetime on SQLite


class BenchError(Exception):
    pass


class Clock:
    """The engine's clock: starts at START and moves one second per message, so the data looks real."""

    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> datetime:
        return self.at

    def tick(self) -> datetime:
        self.at += timedelta(seconds=1)
        return self.at


# --- the scripted messages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One message: typed text, or the number of the option whose label contains `label`."""

    tag: str  # what the floor does for it: menu, give, drive, kind, bad_amount, amount, note, confirm…
    text: str | None = None
    label: str | None = None
    drive: str | None = None  # "general" or "peak" once a drive is chosen
    expect: str | None = None  # a piece of a reply that must be there (the flow really went through)


def round_plan(rng: random.Random) -> list[Step]:
    """One visit: menu → record a money contribution → progress; sometimes a bad amount or a /huy."""
    drive = rng.choice(["general", "peak"])
    steps = [
        Step("menu", text=rng.choice(["/menu", "menu"])),
        Step("give", label="Ghi nhận đóng góp"),
        Step("drive", label="ngoài các đợt vận động" if drive == "general" else "cao điểm", drive=drive),
        Step("kind", label="Tiền", drive=drive),
    ]
    if rng.random() < 0.1:
        steps.append(Step("bad_amount", text=rng.choice(BAD_AMOUNTS), drive=drive))
    steps += [
        Step("amount", text=rng.choice(GOOD_AMOUNTS), drive=drive),
        Step("note", label="Bỏ qua", drive=drive),
        Step("confirm", label="Có", drive=drive, expect="CT-2026-"),
        Step("progress", label="Tiến độ", expect="2026"),
    ]
    if rng.random() < 0.15:
        steps += [Step("give", label="Ghi nhận đóng góp"), Step("cancel", text="/huy")]
    return steps


def make_plans(users: list[str], rounds: int, seed: int) -> dict[str, list[Step]]:
    rng = random.Random(seed)
    return {u: [step for _ in range(rounds) for step in round_plan(rng)] for u in users}


def person_name(i: int) -> str:
    name = f"{SURNAMES[i % 12]} {MIDDLES[i // 12 % 8]} {GIVEN[i // 96 % 12]}"
    return name if i < 1152 else f"{name} {GIVEN[i // 1152 % 12]}"


ANOTHER_GIFT = "Khoản khác, ghi nhận"


def option_number(replies: list[Reply], label: str) -> str:
    """What a text-only user types to pick the option containing `label` in the last menu on screen."""
    menus = [r for r in replies if r.choices]
    if not menus:
        raise BenchError(f"no menu on screen to choose {label!r}: {[r.text[:60] for r in replies]}")
    menu = menus[-1]
    numbers = {str(c["id"]): n for n, c in numbered([{"id": c.id} for c in menu.choices])}
    for choice in menu.choices:
        if fold(label) in fold(choice.label):
            return str(numbers[choice.id])
    raise BenchError(f"no option {label!r} in {[c.label for c in menu.choices]}")


# --- driving the engine ---------------------------------------------------------------------------------


@dataclass
class Chat:
    app: App
    clock: Clock
    screens: dict[str, list[Reply]] = field(default_factory=dict)
    sent: int = 0

    async def send(self, user: str, text: str) -> tuple[list[Reply], float]:
        self.sent += 1
        at = self.clock.tick()
        inbound = Inbound(
            channel=CHANNEL,
            chat_id=user,
            user_id=user,
            at=at,
            text=text,
            dedupe_key=f"{CHANNEL}:{user}:{self.sent}:{at.timestamp()}",
        )
        started = time.perf_counter()
        outcome = await self.app.engine.handle(inbound)
        took = time.perf_counter() - started
        self.screens[user] = outcome.replies
        await self.delivered(user, at)
        return outcome.replies, took

    async def delivered(self, user: str, at: datetime) -> None:
        """What the turn wrote to the chat, marked sent at once, untimed and uncounted, as the terminal's own
        sender does before the next line is read. Left waiting, every menu read as never seen: the consent's
        “1” and the language's “1” after it were asked about (decision 1135), and the setup stopped there."""
        async with self.app.sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.channel == CHANNEL,
                    OutboxMessage.chat_id == user,
                    OutboxMessage.status == "pending",
                )
                .values(status="sent", sent_at=at),
                execution_options={UNCOUNTED: True},
            )

    async def step(self, user: str, step: Step) -> float:
        screen = self.screens.get(user, [])
        label = step.label
        if step.tag == "confirm" and any(c.label == ANOTHER_GIFT for r in screen for c in r.choices):
            label = ANOTHER_GIFT  # a likely double asks whether it is another gift (decision 0476): it is
        text = step.text if label is None else option_number(screen, label)
        replies, took = await self.send(user, text or "")
        if step.expect and not any(step.expect in r.text for r in replies):
            raise BenchError(f"{user} {step}: expected {step.expect!r} in {[r.text[:80] for r in replies]}")
        return took


UNLISTED = "Tham gia với tên này (chưa có trong danh sách)"


async def onboard(chat: Chat, users: list[str], invite: str) -> int:
    """Join through the real onboarding, then register a commitment, so progress has something to show."""
    sent = chat.sent
    for i, user in enumerate(users):
        await chat.send(user, "/start")
        await chat.send(user, invite)
        replies, _took = await chat.send(user, person_name(i))
        labels = {c.label for r in replies for c in r.choices}
        if UNLISTED in labels:  # a name on no list: joined as it is (decision 0122)
            await chat.step(user, Step("unlisted", label=UNLISTED))
        elif any(c.id == "new" for r in replies for c in r.choices):
            await chat.step(user, Step("match", label="Không phải"))
        await chat.step(user, Step("consent", label="Tôi đồng ý"))
        await chat.step(user, Step("language", label="Tiếng Việt", expect="Chào mừng"))
        await chat.step(user, Step("commit", label="Đăng ký thi đua"))
        await chat.step(user, Step("pick", label="Ủng hộ Quỹ"))
        await chat.step(user, Step("done", label="Xong"))
        await chat.send(user, "1tr")
        await chat.step(user, Step("save", label="Có", expect="Đã lưu"))
    return chat.sent - sent


# --- the floor: the same database work, without the engine ----------------------------------------------

SQL_DEDUPE = (
    'INSERT INTO processed_update ("key", processed_at) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING "key"'
)
SQL_STATE_NEW = (
    "INSERT INTO conversation_state (channel, chat_id, flow, step, data, menu, menu_token, updated_at) "
    "VALUES (?, ?, '', '', '{}', '{}', 0, ?) ON CONFLICT DO NOTHING RETURNING id"
)
SQL_STATE = (
    "SELECT id, channel, chat_id, person_id, flow, step, data, menu, menu_token, updated_at "
    "FROM conversation_state WHERE channel = ? AND chat_id = ?"
)
SQL_PERSON = (  # the person and their roles in one query, as Engine._open_turn reads them
    "SELECT person.id, person.org_id, person.unit_id, person.full_name, person.name_key, person.position, "
    "person.phone, person.kind, person.locale, person.consent_at, person.created_at, role_assignment.role "
    "FROM person JOIN channel_identity ON channel_identity.person_id = person.id "
    "LEFT OUTER JOIN role_assignment ON role_assignment.person_id = person.id "
    "WHERE channel_identity.channel = ? AND channel_identity.external_id = ? "
    "AND channel_identity.status = 'active'"
)
SQL_DRIVES = "SELECT * FROM drive WHERE org_id = ? AND starts_on <= ? ORDER BY ends_on"
SQL_DRIVE = "SELECT * FROM drive WHERE id = ?"
SQL_REF_NEW = (
    "INSERT INTO ref_counter (prefix, year, last) VALUES ('CT', ?, 0) ON CONFLICT DO NOTHING RETURNING prefix"
)
SQL_REF_NEXT = "UPDATE ref_counter SET last = last + 1 WHERE prefix = 'CT' AND year = ? RETURNING last"
SQL_CONTRIBUTION = (
    "INSERT INTO contribution (ref, org_id, person_id, unit_id, drive_id, recorded_by, year, kind, "
    "amount_vnd, labour_days, description, note, status, reverses_id, reason, created_at, decided_at, "
    "decided_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 'money', ?, 0, NULL, NULL, 'recorded', NULL, NULL, ?, NULL, NULL)"
)
SQL_AUDIT = (
    "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, details) "
    "VALUES (?, ?, 'contribution.record', 'contribution', ?, ?)"
)
SQL_CAMPAIGNS = "SELECT * FROM campaign WHERE org_id = ? AND starts_on <= ? ORDER BY starts_on DESC"
SQL_TOTALS = (
    "SELECT kind, status, coalesce(sum(amount_vnd), 0), coalesce(sum(labour_days), 0), count(*) "
    "FROM contribution WHERE person_id = ? AND year = ? AND status != 'rejected' GROUP BY kind, status"
)
SQL_COMMITMENT = "SELECT * FROM commitment WHERE campaign_id = ? AND year = ? AND owner_key = ?"
SQL_ITEMS = "SELECT commitment_id, id, criterion_id, target FROM commitment_item WHERE commitment_id IN (?)"
SQL_CRITERION = "SELECT * FROM criterion WHERE id = ?"
SQL_RECENT = "SELECT * FROM contribution WHERE person_id = ? ORDER BY id DESC LIMIT 5"
SQL_STATE_SAVE = (
    "UPDATE conversation_state SET flow = ?, step = ?, data = ?, menu = ?, menu_token = ?, updated_at = ? "
    "WHERE id = ?"
)
# Where each tagged message leaves the chat (flow, step), as the engine would.
NEXT_STEP = {
    "menu": ("menu", "main"),
    "give": ("give", "drive"),
    "drive": ("give", "kind"),
    "kind": ("give", "amount"),
    "bad_amount": ("give", "amount"),
    "amount": ("give", "note"),
    "note": ("give", "confirm"),
    "confirm": ("menu", "main"),
    "progress": ("menu", "main"),
    "cancel": ("menu", "main"),
}
MENU_LABELS = ["Đăng ký thi đua", "Ghi nhận đóng góp", "Tiến độ của tôi", "Trợ giúp", "Ngôn ngữ / Language"]


def _menu_json(token: int) -> str:
    """A menu of the size the engine stores (labels and keywords of five options)."""
    choices = [
        {"id": f"c{i}", "label": label, "keywords": [fold(label), "x"]} for i, label in enumerate(MENU_LABELS)
    ]
    return json.dumps(
        {
            "text": "Anh/chị muốn làm gì?",
            "choices": choices,
            "free_text": False,
            "multi": False,
            "hint": None,
            "token": token,
        }
    )


Run = Callable[[str, tuple[Any, ...]], Awaitable[list[Any]]]


@dataclass
class Context:
    org_id: int
    peak_drive: int
    campaign_id: int
    year: int


async def floor_message(run: Run, ctx: Context, user: str, step: Step, now: datetime, key: str) -> None:
    """The statements the engine needs for this message, no conversation logic (one transaction)."""
    stamp = now.replace(tzinfo=None).strftime(DB_TIME)
    today = local_date(now).isoformat()
    await run(SQL_DEDUPE, (key, stamp))
    found = await run(SQL_STATE, (CHANNEL, user))
    if not found:  # the chat's first message creates its row
        await run(SQL_STATE_NEW, (CHANNEL, user, stamp))
        found = await run(SQL_STATE, (CHANNEL, user))
    state = found[0]
    data, _menu = json.loads(state[6] or "{}"), json.loads(state[7] or "{}")
    person_roles = await run(SQL_PERSON, (CHANNEL, user))
    person_id, org_id, unit_id = person_roles[0][0], person_roles[0][1], person_roles[0][2]
    _roles = {row[-1] for row in person_roles if row[-1]}
    drive_id = ctx.peak_drive if step.drive == "peak" else None
    if step.tag == "give":
        await run(SQL_DRIVES, (org_id, today))
    elif step.tag in ("drive", "kind", "note") and drive_id is not None:
        await run(SQL_DRIVE, (drive_id,))  # the kind, amount and confirm prompts show the drive
    elif step.tag == "confirm":
        year = local_date(now).year
        bumped = await run(SQL_REF_NEXT, (year,))  # the year's counter row is created by its first entry
        if not bumped:
            await run(SQL_REF_NEW, (year,))
            bumped = await run(SQL_REF_NEXT, (year,))
        number = bumped[0][0]
        amount = 500_000
        new_id = (
            await run(
                SQL_CONTRIBUTION + " RETURNING id",
                (
                    f"CT-{year}-{number:06d}",
                    org_id,
                    person_id,
                    unit_id,
                    drive_id,
                    person_id,
                    year,
                    amount,
                    stamp,
                ),
            )
        )[0][0]
        await run(SQL_AUDIT, (stamp, person_id, new_id, json.dumps({"kind": "money"})))
    elif step.tag == "progress":
        await run(SQL_CAMPAIGNS, (org_id, today))
        await run(SQL_TOTALS, (person_id, ctx.year))
        commitment = await run(SQL_COMMITMENT, (ctx.campaign_id, ctx.year, f"p:{person_id}"))
        if commitment:
            for item in await run(SQL_ITEMS, (commitment[0][0],)):
                await run(SQL_CRITERION, (item[2],))
        await run(SQL_RECENT, (person_id,))
    flow, next_step = NEXT_STEP[step.tag]
    data = {**data, "kind": "money", "drive_id": drive_id} if flow == "give" else {}
    token = int(state[8]) + 1
    await run(SQL_STATE_SAVE, (flow, next_step, json.dumps(data), _menu_json(token), token, stamp, state[0]))


class Floor:
    """The floor through the app's own SQLAlchemy engine and aiosqlite pool, plain SQL, no ORM."""

    def __init__(self, app: App, clock: Clock, ctx: Context) -> None:
        self.app, self.clock, self.ctx, self.sent = app, clock, ctx, 0

    async def step(self, user: str, step: Step) -> float:
        self.sent += 1
        now = self.clock.tick()
        key = f"floor:{user}:{self.sent}:{now.timestamp()}"
        started = time.perf_counter()
        async with self.app.db.begin() as conn:
            await floor_message(_runner(conn), self.ctx, user, step, now, key)
        return time.perf_counter() - started


def _runner(conn: AsyncConnection) -> Run:
    async def run(sql: str, params: tuple[Any, ...]) -> list[Any]:
        result = await conn.exec_driver_sql(sql, params)
        return list(result.all()) if result.returns_rows else []

    return run


class RawFloor:
    """The same statements with the sqlite3 module on one connection: no driver thread, no SQLAlchemy."""

    def __init__(self, path: Path, clock: Clock, ctx: Context) -> None:
        self.con = sqlite3.connect(path)
        for pragma in ("journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON", "synchronous=NORMAL"):
            self.con.execute(f"PRAGMA {pragma}")
        self.clock, self.ctx, self.sent = clock, ctx, 0

    async def _run(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        return self.con.execute(sql, params).fetchall()

    async def step(self, user: str, step: Step) -> float:
        self.sent += 1
        now = self.clock.tick()
        key = f"raw:{user}:{self.sent}:{now.timestamp()}"
        started = time.perf_counter()
        try:
            await floor_message(self._run, self.ctx, user, step, now, key)
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        return time.perf_counter() - started


# --- passes and figures ---------------------------------------------------------------------------------

Handler = Callable[[str, Step], Awaitable[float]]


@dataclass
class Figures:
    messages: int = 0
    seconds: float = 0.0
    cpu: float = 0.0  # process CPU time, every thread (the aiosqlite threads too)
    latencies: list[float] = field(default_factory=list)
    by_tag: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def rate(self) -> float:
        return self.messages / self.seconds

    def percentile(self, p: float, values: list[float] | None = None) -> float:
        ordered = sorted(self.latencies if values is None else values)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000

    def line(self) -> str:
        return (
            f"{self.messages:>6} msgs in {self.seconds:6.2f} s = {self.rate:6.1f} msg/s, "
            f"p50 {self.percentile(50):6.2f} ms, p99 {self.percentile(99):7.2f} ms, "
            f"CPU {self.cpu / self.messages * 1000:5.2f} ms/msg"
        )


async def run_pass(handler: Handler, plans: dict[str, list[Step]], workers: int, into: Figures) -> None:
    """Users take turns message by message; with workers > 1, that many users' turns run interleaved."""
    users = list(plans)

    async def worker(mine: list[str]) -> None:
        queues = {u: deque(plans[u]) for u in mine if plans[u]}
        while queues:
            for user in list(queues):
                step = queues[user].popleft()
                took = await handler(user, step)
                into.latencies.append(took)
                into.by_tag[step.tag].append(took)
                if not queues[user]:
                    del queues[user]

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker(users[w::workers]) for w in range(max(1, workers))))
    into.seconds += time.perf_counter() - started
    into.cpu += time.process_time() - cpu
    into.messages += sum(len(p) for p in plans.values())


# --- building the database ------------------------------------------------------------------------------


def bulk_load(path: Path, rows: int, extra_people: int, now: datetime) -> tuple[int, int, float]:
    """Extra people and `rows` ledger entries, straight into SQLite in one transaction; then ANALYZE.

    Entries go round-robin over every person of the demo organisation (bench users included), half in 2025
    and half in 2026, mostly money, statuses mixed; reference codes continue the per-year sequences."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA cache_size=-262144")  # 256 MB while loading
    con.execute("PRAGMA synchronous=OFF")
    con.execute("BEGIN")
    org_id = con.execute("SELECT id FROM organisation WHERE code = ?", (DEMO_ORG,)).fetchone()[0]
    units = [r[0] for r in con.execute("SELECT id FROM unit WHERE org_id = ? ORDER BY id", (org_id,))]
    treasurer = con.execute(
        "SELECT person_id FROM role_assignment WHERE role = 'treasurer' AND org_id = ?", (org_id,)
    ).fetchone()[0]
    drives = {code: i for i, code in con.execute("SELECT id, code FROM drive WHERE org_id = ?", (org_id,))}
    stamp = now.replace(tzinfo=None).strftime(DB_TIME)
    first = con.execute("SELECT coalesce(max(id), 0) + 1 FROM person").fetchone()[0]
    con.executemany(
        "INSERT INTO person (id, org_id, unit_id, full_name, name_key, position, phone, kind, listed, "
        "locale, consent_at, created_at) VALUES (?, ?, ?, ?, ?, 'Viên chức', NULL, 'staff', 1, 'vi', ?, ?)",
        (
            (
                first + i,
                org_id,
                units[i % len(units)],
                f"{person_name(i)} {GIVEN[i % 7]}",
                fold(f"{person_name(i)} {GIVEN[i % 7]}"),
                stamp,
                stamp,
            )
            for i in range(extra_people)
        ),
    )
    con.executemany(
        "INSERT INTO channel_identity (channel, external_id, person_id, status, created_at) "
        "VALUES ('zalo', ?, ?, 'active', ?)",
        ((f"z{first + i}", first + i, stamp) for i in range(extra_people)),
    )
    con.executemany(
        "INSERT INTO role_assignment (person_id, role, org_id, unit_id, granted_at) "
        "VALUES (?, 'member', ?, ?, ?)",
        ((first + i, org_id, units[i % len(units)], stamp) for i in range(extra_people)),
    )
    con.executemany(
        "INSERT INTO conversation_state (channel, chat_id, person_id, flow, step, data, menu, menu_token, "
        "updated_at) VALUES ('zalo', ?, ?, 'menu', 'main', '{}', ?, 3, ?)",
        ((f"z{first + i}", first + i, _menu_json(3), stamp) for i in range(extra_people)),
    )
    people = con.execute("SELECT id, unit_id FROM person WHERE org_id = ? ORDER BY id", (org_id,)).fetchall()
    rng = random.Random(2026)
    counters = {2025: 0, 2026: 0}
    peak = {2025: None, 2026: drives.get("cao-diem-2026")}
    warm = {2025: None, 2026: drives.get("ao-am-2026")}
    # (created, decided) stamps: 2025 all year, 2026 up to 16 Nov; formatted once, picked per row.
    stamps = {
        year: [
            (t.strftime(DB_TIME), (t + timedelta(days=3)).strftime(DB_TIME))
            for t in sorted(
                datetime(year, 1, 1) + timedelta(seconds=rng.randrange(days * 86_400)) for _ in range(20_011)
            )
        ]
        for year, days in ((2025, 365), (2026, 320))
    }
    money = [n * 1000 for n in (50, 100, 100, 200, 200, 300, 500, 500, 1000, 2000)]

    def entries():  # type: ignore[no-untyped-def]
        random_ = rng.random
        for i in range(rows):
            person_id, unit_id = people[i % len(people)]
            year = 2025 if (i // len(people)) % 2 == 0 else 2026
            counters[year] += 1
            created, decided_at = stamps[year][i * 7919 % 20_011]
            pick, roll = random_(), random_()
            if pick < 0.8:
                kind, amount, days, description = "money", money[i % 10], 0, None
                drive = peak[year] if roll < 0.5 else None
            elif pick < 0.92:
                kind, amount, days, description, drive = "goods", 300_000, 0, "Quần áo ấm", warm[year]
            else:
                kind, amount, days, description, drive = "labour", 0, 1 + i % 3, None, None
            if year == 2025:
                status = "confirmed" if roll < 0.9 else "rejected" if roll < 0.95 else "recorded"
            else:
                status = "confirmed" if roll < 0.6 else "rejected" if roll < 0.65 else "recorded"
            decided = status != "recorded"
            yield (
                f"CT-{year}-{counters[year]:06d}",
                org_id,
                person_id,
                unit_id,
                drive,
                person_id,
                year,
                kind,
                amount,
                days,
                description,
                status,
                created,
                decided_at if decided else None,
                treasurer if decided else None,
            )

    con.executemany(
        "INSERT INTO contribution (ref, org_id, person_id, unit_id, drive_id, recorded_by, year, kind, "
        "amount_vnd, labour_days, description, status, created_at, decided_at, decided_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        entries(),
    )
    con.executemany(
        "INSERT OR REPLACE INTO ref_counter (prefix, year, last) VALUES ('CT', ?, ?)",
        [(year, last) for year, last in counters.items() if last],
    )
    con.execute("COMMIT")
    analyze = time.perf_counter()
    con.execute("ANALYZE")
    analyze = time.perf_counter() - analyze
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    total = con.execute("SELECT count(*) FROM contribution").fetchone()[0]
    people_count = con.execute("SELECT count(*) FROM person").fetchone()[0]
    con.close()
    return total, people_count, analyze


async def context_of(app: App) -> Context:
    async with app.db.connect() as conn:
        org = await conn.exec_driver_sql("SELECT id FROM organisation WHERE code = ?", (DEMO_ORG,))
        org_id = org.scalar_one()
        peak = (await conn.exec_driver_sql("SELECT id FROM drive WHERE code = 'cao-diem-2026'")).scalar_one()
        today = local_date(START).isoformat()
        campaign = (
            await conn.exec_driver_sql(
                "SELECT id FROM campaign WHERE org_id = ? AND starts_on <= ? AND ends_on >= ?",
                (org_id, today, today),
            )
        ).scalar_one()
    return Context(org_id, peak, campaign, 2026)


def custom_app(settings: Settings, clock: Clock, **engine_options: Any) -> App:
    """The app as build_app makes it, with other options for SQLAlchemy's create_async_engine."""
    db = make_engine(settings.database_url, **engine_options)
    sessionmaker = make_sessionmaker(db)
    return App(settings, db, sessionmaker, Engine(build_registry(), sessionmaker, settings, clock))


# --- one data size --------------------------------------------------------------------------------------


@dataclass
class Mode:
    name: str
    workers: int
    engine: Handler
    floor: Handler
    raw: Handler | None = None


@dataclass
class Size:
    """One prepared database and everything that sends messages to it."""

    rows: int
    load_seconds: float
    users: list[str]
    chat: Chat
    floor: Floor
    app: App
    modes: list[Mode] = field(default_factory=list)
    engine: dict[str, Figures] = field(default_factory=dict)
    floors: dict[str, Figures] = field(default_factory=dict)
    raw: Figures = field(default_factory=Figures)


async def prepare(args: argparse.Namespace, tmp: Path, rows: int, stack: AsyncExitStack) -> Size:
    """A fresh file: migrate, seed, onboard the users through the engine, bulk-load the ledger, warm up."""
    path = tmp / f"inbound-{rows}.db"
    url = f"sqlite+aiosqlite:///{path}"
    clock = Clock()
    print(f"\n== {rows:,} ledger rows ({path.name}) ==")
    started = time.perf_counter()
    await upgrade_async(url)
    settings = Settings(database_url=url, media_dir=tmp / "media", _env_file=None)  # type: ignore[call-arg]
    app = build_app(settings, clock)
    stack.push_async_callback(app.close)
    invites = await seed_demo(app.sessionmaker, now=clock())
    print(f"migrate + seed demo: {time.perf_counter() - started:.2f} s")
    chat = Chat(app, clock)
    users = [f"u{i:05d}" for i in range(args.users)]
    started = time.perf_counter()
    sent = await onboard(chat, users, invites.member)
    took = time.perf_counter() - started
    print(
        f"setup, not in the table: {len(users)} people onboarded and registered through the engine, "
        f"{sent} msgs in {took:.2f} s = {sent / took:.0f} msg/s"
    )

    await app.db.dispose()  # no pooled connection open while loading
    started = time.perf_counter()
    total, people, analyze = bulk_load(path, rows, args.extra_people, clock())
    load_seconds = time.perf_counter() - started
    print(
        f"bulk load: {total:,} ledger rows over {people:,} people in {load_seconds:.1f} s "
        f"(ANALYZE {analyze:.1f} s of it), file {path.stat().st_size / 1e6:.0f} MB"
    )

    ctx = await context_of(app)
    raw = RawFloor(path, clock, ctx)
    stack.callback(raw.con.close)
    floor = Floor(app, clock, ctx)
    size = Size(rows, load_seconds, users, chat, floor, app)
    size.modes.append(Mode("sequential", 1, chat.step, floor.step, raw.step))
    if args.concurrency > 1:
        # A pool of one connection: concurrent messages queue in asyncio, not in SQLite's busy handler.
        serial = custom_app(settings, clock, pool_size=1, max_overflow=0)
        stack.push_async_callback(serial.close)
        size.modes.append(Mode(f"{args.concurrency} interleaved", args.concurrency, chat.step, floor.step))
        size.modes.append(
            Mode(
                f"{args.concurrency} interleaved, 1 connection",
                args.concurrency,
                Chat(serial, clock).step,
                Floor(serial, clock, ctx).step,
            )
        )
    warm = users[: min(20, max(1, len(users) // 2))]
    for mode in size.modes:
        for handler in (mode.engine, mode.floor, mode.raw):
            if handler is not None:
                await run_pass(handler, make_plans(warm, 1, seed=rows), mode.workers, Figures())
    return size


async def measure(sizes: list[Size], rounds: int) -> tuple[float, float]:
    """Engine and floor, every size and mode, take turns in short slices (one visit of 40 users, a few
    seconds each): a busy neighbour on the machine slows them all alike, so ratios and the change with
    data size stay fair. Returns the load average before and after."""
    load = os.getloadavg()[0]
    seed = 0
    users = sizes[0].users
    for _round in range(rounds):
        for start in range(0, len(users), 40):
            part = users[start : start + 40]
            for size in sizes:
                for mode in size.modes:
                    for handler, figures in (
                        (mode.engine, size.engine.setdefault(mode.name, Figures())),
                        (mode.floor, size.floors.setdefault(mode.name, Figures())),
                        (mode.raw, size.raw),
                    ):
                        if handler is not None:
                            seed += 1
                            await run_pass(handler, make_plans(part, 1, seed=seed), mode.workers, figures)
    return load, os.getloadavg()[0]


# --- where the time goes (--profile) --------------------------------------------------------------------


class Probe:
    """Counts statements per message type, and times each statement, while installed."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.tag = ""
        self.statements: dict[str, int] = defaultdict(int)
        self.by_sql: dict[str, list[float]] = defaultdict(list)
        self._starts: dict[int, float] = {}

    def __enter__(self) -> Probe:
        event.listen(self.app.db.sync_engine, "before_cursor_execute", self._before)
        event.listen(self.app.db.sync_engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.app.db.sync_engine, "before_cursor_execute", self._before)
        event.remove(self.app.db.sync_engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if context is not None and context.execution_options.get(UNCOUNTED):
            return  # the bench's own bookkeeping (`Chat.delivered`), not the message's
        self.statements[self.tag] += 1
        self._starts[id(cursor)] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if context is not None and context.execution_options.get(UNCOUNTED):
            return
        took = time.perf_counter() - self._starts.pop(id(cursor), time.perf_counter())
        self.by_sql[" ".join(statement.split())[:80]].append(took)

    def wrap(self, handler: Handler) -> Handler:
        async def tagged(user: str, step: Step) -> float:
            self.tag = step.tag
            return await handler(user, step)

        return tagged


def _area(key: tuple[str, int, str]) -> str:
    filename, _line, name = key
    if "epoll" in name:
        return "idle in epoll"
    if "greenlet" in name or "/util/concurrency" in filename or "/util/_concurrency" in filename:
        return "SQLAlchemy async bridge (greenlet)"
    if "/sqlalchemy/orm/" in filename:
        return "SQLAlchemy ORM (session, flush, loading)"
    if "/sqlalchemy/sql/" in filename:
        return "SQLAlchemy SQL (statement building, cache keys, compile)"
    if "/sqlalchemy/engine/" in filename or "/sqlalchemy/pool/" in filename:
        return "SQLAlchemy engine (execute, results, pool)"
    if "/sqlalchemy/" in filename:
        return "SQLAlchemy dialect/adapter/util"
    if "/bot/" in filename or "/handlers/" in filename:
        return "engine, flows, domain (bot/, handlers/)"
    if "/aiosqlite/" in filename or "_queue" in name or "SimpleQueue" in name:
        return "aiosqlite (its interface; calls run inline)"
    if "/asyncio/" in filename or "selectors" in filename or "_contextvars" in name or "socket" in name:
        return "asyncio event loop"
    if "inbound.py" in filename:
        return "bench script"
    if "/babel/" in filename:
        return "babel (number, money, date formatting)"
    return "other: builtins (isinstance, getattr, dict.get…, mostly from SQLAlchemy), json, re"


async def profile_size(app: App, chat: Chat, floor: Floor, users: list[str], rows: int) -> None:
    """Per message type: statements, latency, engine vs floor; then cProfile by area."""
    print(f"\n-- profile at {rows:,} rows (one more visit per user, sequential, probes on) --")
    seen: dict[str, tuple[Probe, Figures]] = {}
    for name, handler in (("engine", chat.step), ("floor", floor.step)):
        figures = Figures()
        with Probe(app) as probe:
            await run_pass(probe.wrap(handler), make_plans(users, 1, seed=rows * 7), 1, figures)
        seen[name] = (probe, figures)
    (engine_probe, engine_fig), (floor_probe, floor_fig) = seen["engine"], seen["floor"]
    print(
        f"{'message':>10} {'n':>5} | {'engine: stmts':>13} {'p50 ms':>6} | {'floor: stmts':>12} {'p50 ms':>6}"
    )
    for tag in [*NEXT_STEP, ""]:
        if tag == "":
            n_e, n_f, label = engine_fig.messages, floor_fig.messages, "all"
            lat_e, lat_f = engine_fig.latencies, floor_fig.latencies
            stm_e, stm_f = sum(engine_probe.statements.values()), sum(floor_probe.statements.values())
        else:
            lat_e, lat_f, label = engine_fig.by_tag.get(tag, []), floor_fig.by_tag.get(tag, []), tag
            n_e, n_f = len(lat_e), len(lat_f)
            stm_e, stm_f = engine_probe.statements[tag], floor_probe.statements[tag]
        if not n_e or not n_f:
            continue
        print(
            f"{label:>10} {n_e:>5} | {stm_e / n_e:13.1f} {engine_fig.percentile(50, lat_e):6.2f} | "
            f"{stm_f / n_f:12.1f} {floor_fig.percentile(50, lat_f):6.2f}"
        )
    print(
        f"CPU per message: engine {engine_fig.cpu / engine_fig.messages * 1000:.2f} ms, "
        f"floor {floor_fig.cpu / floor_fig.messages * 1000:.2f} ms"
    )
    print("\nengine statements by time spent in cursor.execute (execute + fetch round trips):")
    print(f"{'calls':>6} {'total ms':>9} {'mean µs':>8}  statement")
    for sql, times in sorted(engine_probe.by_sql.items(), key=lambda kv: -sum(kv[1]))[:16]:
        print(f"{len(times):>6} {sum(times) * 1000:9.1f} {sum(times) / len(times) * 1e6:8.0f}  {sql}")

    profiler = cProfile.Profile()
    figures = Figures()
    profiler.enable()
    await run_pass(chat.step, make_plans(users, 1, seed=rows * 11), 1, figures)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    areas: dict[str, float] = defaultdict(float)
    for key, (_cc, _nc, tottime, _ct, _callers) in stats.items():
        areas[_area(key)] += tottime
    whole = sum(areas.values())
    print(
        f"\ncProfile of the main thread, one engine visit per user ({figures.messages} msgs, "
        f"{whole / figures.messages * 1000:.2f} ms/msg under the profiler), own time by area:"
    )
    for area, seconds in sorted(areas.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds / whole:5.1%}  {seconds / figures.messages * 1000:6.2f} ms/msg  {area}")
    other = sorted(((v[2], k) for k, v in stats.items() if _area(k).startswith("other")), reverse=True)[:8]
    print(
        "  biggest in other: "
        + ", ".join(f"{k[2]} ({k[0].rsplit('/', 1)[-1]}) {t / figures.messages * 1000:.2f}" for t, k in other)
    )
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(18)
    text = out.getvalue()
    print("top functions by own time:\n" + text[text.find("   ncalls") :].rstrip())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative").print_stats(
        r"engine.py|handlers|domain|session.py:.*(execute|flush|commit)|ops.py"
    )
    text = out.getvalue()
    print("engine and handler functions by cumulative time:\n" + text[text.find("   ncalls") :].rstrip())

    con = sqlite3.connect(Path(str(app.db.url.database)))
    person = con.execute(
        "SELECT person_id FROM channel_identity WHERE channel = ? AND external_id = ?", (CHANNEL, users[0])
    ).fetchone()[0]
    for name, sql, params in (
        ("totals", SQL_TOTALS, (person, 2026)),
        ("recent", SQL_RECENT, (person,)),
        ("state", SQL_STATE, (CHANNEL, users[0])),
        ("identity", SQL_PERSON, (CHANNEL, users[0])),
    ):
        detail = "; ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql, params))
        rows_read = len(con.execute(sql, params).fetchall())
        print(f"query plan {name:>8} ({rows_read} rows out): {detail}")
    per_person = con.execute(
        "SELECT count(*), sum(year = 2026) FROM contribution WHERE person_id = ?", (person,)
    ).fetchone()
    print(f"ledger rows of one bench user: {per_person[0]} (2026: {per_person[1]})")
    con.close()


# --- the report -----------------------------------------------------------------------------------------


def rows_label(rows: int) -> str:
    if rows >= 1_000_000 and rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    return f"{rows // 1000}k" if rows % 1000 == 0 else str(rows)


def report(results: list[Size]) -> None:
    print(
        "\n| ledger rows | mode | engine msg/s | p50 ms | p99 ms | floor msg/s | p50 ms | p99 ms "
        "| engine/floor |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for result in results:
        for name, engine in result.engine.items():
            floor = result.floors[name]
            print(
                f"| {rows_label(result.rows)} | {name} | {engine.rate:.0f} | {engine.percentile(50):.2f} | "
                f"{engine.percentile(99):.2f} | {floor.rate:.0f} | {floor.percentile(50):.2f} | "
                f"{floor.percentile(99):.2f} | {engine.rate / floor.rate:.0%} |"
            )
        raw, engine = result.raw, result.engine["sequential"]
        print(
            f"| {rows_label(result.rows)} | sequential, floor with sqlite3 directly | | | | "
            f"{raw.rate:.0f} | {raw.percentile(50):.2f} | {raw.percentile(99):.2f} | "
            f"{engine.rate / raw.rate:.0%} |"
        )
    print("\np50 ms per message type, sequential, engine / floor:")
    for result in results:
        engine, floor = result.engine["sequential"], result.floors["sequential"]
        tags = [tag for tag in NEXT_STEP if engine.by_tag.get(tag) and floor.by_tag.get(tag)]
        cells = [
            f"{tag} {engine.percentile(50, engine.by_tag[tag]):.1f}/"
            f"{floor.percentile(50, floor.by_tag[tag]):.1f}"
            for tag in tags
        ]
        print(f"  {rows_label(result.rows):>4}: " + ", ".join(cells))
    if len(results) < 2:
        return
    small, large = results[0], results[-1]
    print()
    for name in small.engine:
        change = large.engine[name].rate / small.engine[name].rate - 1
        floor_change = large.floors[name].rate / small.floors[name].rate - 1
        print(
            f"{rows_label(small.rows)} → {rows_label(large.rows)} rows, {name}: engine {change:+.0%}, "
            f"floor {floor_change:+.0%} msg/s"
        )
    ratio = min(r.engine["sequential"].rate / r.floors["sequential"].rate for r in results)
    drop = 1 - large.engine["sequential"].rate / small.engine["sequential"].rate
    print(
        f"goal engine ≥ 50 % of floor (sequential): {'met' if ratio >= 0.5 else 'MISSED'} "
        f"(lowest {ratio:.0%}); goal 1,000× data costs < 20 % throughput (sequential): "
        f"{'met' if drop < 0.2 else 'MISSED'} "
        f"({-drop:+.0%})"
    )


def machine() -> str:
    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "unknown")
    return f"{os.cpu_count()} CPUs ({cpu}), load average {os.getloadavg()[0]:.2f}"


def revision() -> str:
    """The commit measured (and whether the work tree differs from it): the engine changes under a bench."""
    root = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head or 'unknown'}{' + uncommitted changes' if dirty else ''}"


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--users", type=int, help="synthetic people (default 200, --quick 20)")
    parser.add_argument("--rounds", type=int, help="measured visits per person (default 2, --quick 1)")
    parser.add_argument("--sizes", help="ledger rows per run, comma-separated (default 1000,1000000)")
    parser.add_argument("--extra-people", type=int, default=5000, help="people bulk-loaded with the ledger")
    parser.add_argument("--concurrency", type=int, default=8, help="users interleaved in asyncio (1: skip)")
    parser.add_argument("--quick", action="store_true", help="10k rows instead of 1M, fewer messages")
    parser.add_argument("--profile", action="store_true", help="where the time goes, at the largest size")
    args = parser.parse_args(argv)
    args.users = args.users or (20 if args.quick else 200)
    args.rounds = args.rounds or (1 if args.quick else 2)
    default_sizes = "1000,10000" if args.quick else "1000,1000000"
    sizes = sorted(int(s) for s in (args.sizes or default_sizes).split(","))
    if args.users > 1000:
        parser.error("the demo member invite has 1,000 uses: --users 1000 at most")
    print(
        f"inbound bench: {args.users} users × {args.rounds} measured visits (~8.4 msgs each) per mode, "
        f"ledger sizes {sizes}, concurrency {args.concurrency}"
    )
    print(
        f"machine: {machine()}; SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}; "
        f"code {revision()}"
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="chungtay-bench-") as tmp:
        async with AsyncExitStack() as stack:
            prepared = [await prepare(args, Path(tmp), rows, stack) for rows in sizes]
            print(f"\nmeasuring: every size and mode in turn, {args.rounds} visit(s) per user each …")
            load = await measure(prepared, args.rounds)
            for size in prepared:
                print(f"\n{size.rows:,} ledger rows:")
                for mode in size.modes:
                    print(f"engine  {mode.name:>26}: {size.engine[mode.name].line()}")
                    print(f"floor   {mode.name:>26}: {size.floors[mode.name].line()}")
                print(f"sqlite3 {'sequential':>26}: {size.raw.line()}")
            print(
                f"load average before/after measuring: {load[0]:.2f} / {load[1]:.2f} "
                f"(this bench alone keeps about 1.0–1.5 busy; more means a neighbour was busy too)"
            )
            if args.profile:
                largest = prepared[-1]
                await profile_size(largest.app, largest.chat, largest.floor, largest.users, largest.rows)
    report(prepared)
    print(f"\ntotal {time.perf_counter() - started:.0f} s; load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
