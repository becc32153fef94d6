"""An appeal to 10,000 recipients: the time to preview the audience and to write the appeal with its outbox
rows (goal: under 2 s each, on SQLite and on PostgreSQL).

Setup (not timed): a fresh database migrated to the latest schema; one organisation with 20 units, 10,000
members with a Telegram account each (every tenth in English), an organisation-wide officer, a drive, and a
contribution to it by 3,000 of the members (so "those who have not given" is a real question); on
PostgreSQL, ANALYZE (a database in use has statistics: without them the planner takes the anti-join of
"not given" for a nested loop and the preview takes 14 s).

Timed, in this order, each in its own transaction as a turn would run it:
* preview "everyone": `bot.domain.appeals.preview` (the two counts);
* preview "those who have not given to the drive";
* send: `send_appeal` to everyone — the appeal row, 20,000 actions ("Ủng hộ ngay", "Nhắc tôi sau") and 10,001
  outbox rows in one transaction, committed;
* follow-up: `follow_up` of that appeal — to the 7,001 who have not given.
Each is run `--repeat` times (a new appeal each time); the table shows the median and the slowest wall time,
and the median CPU time of this process (with SQLite's driver thread; PostgreSQL's server is another process),
which a busy machine does not inflate as it does the wall time; the load average is printed with them.

Delivery of the rows at the enforced limit is the sender's, measured by bench/outbox.py (10,000 rows at
L = 300): an appeal's rows are ordinary outbox rows.

Run: .venv/bin/python bench/appeal.py [--database sqlite|postgresql|both] [--postgres-url URL]
     [--recipients 10000] [--repeat 3]
With PostgreSQL and no --postgres-url, a throw-away server is started from the installed binaries
(tests/postgres.py's `scratch_server`) and removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text, update  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.db.engine import make_engine, make_sessionmaker  # noqa: E402
from bot.db.migrate import upgrade_async  # noqa: E402
from bot.db.models import (  # noqa: E402
    Appeal,
    ChannelIdentity,
    Contribution,
    Drive,
    Organisation,
    OutboxMessage,
    Person,
    RoleAssignment,
    Unit,
)
from bot.domain.access import actor_for  # noqa: E402
from bot.domain.appeals import Audience, Draft, follow_up, preview, send_appeal  # noqa: E402
from tests.postgres import _asyncpg_url, _find_bin_dir, scratch_server  # noqa: E402

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam: outside the quiet hours
UNITS = 20
GIVERS = 0.3  # the share of members who gave to the drive already


async def seed(sessionmaker, recipients: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """The organisation, its people and their accounts, written with a few bulk INSERTs; (officer, drive)."""
    async with sessionmaker() as session, session.begin():
        org = Organisation(code="BENCH", name="Sở Bench", created_at=NOW)
        session.add(org)
        await session.flush()
        units = [Unit(org_id=org.id, code=f"U{n}", name=f"Phòng {n}") for n in range(UNITS)]
        session.add_all(units)
        await session.flush()
        people = [
            {
                "org_id": org.id,
                "unit_id": units[n % UNITS].id,
                "full_name": f"Cán Bộ {n}",
                "name_key": f"can bo {n}",
                "kind": "staff",
                "listed": True,
                "locale": "en" if n % 10 == 0 else "vi",
                "appeals_off": False,
                "created_at": NOW,
            }
            for n in range(recipients + 1)
        ]
        await session.execute(insert(Person), people)
        ids = list(
            await session.scalars(select(Person.id).where(Person.org_id == org.id).order_by(Person.id))
        )
        officer = ids[0]
        await session.execute(
            insert(RoleAssignment),
            [
                {"person_id": pid, "role": "member", "org_id": org.id, "unit_id": None, "granted_at": NOW}
                for pid in ids
            ]
            + [
                {
                    "person_id": officer,
                    "role": "officer",
                    "org_id": org.id,
                    "unit_id": None,
                    "granted_at": NOW,
                }
            ],
        )
        await session.execute(
            insert(ChannelIdentity),
            [
                {
                    "channel": "telegram",
                    "external_id": str(100_000 + pid),
                    "person_id": pid,
                    "status": "active",
                    "created_at": NOW,
                }
                for pid in ids
            ],
        )
        drive = Drive(
            org_id=org.id,
            code="cao-diem",
            title="Tháng cao điểm",
            starts_on=date(2026, 10, 17),
            ends_on=date(2026, 12, 31),
            kinds=["money"],
            fund=True,
        )
        session.add(drive)
        await session.flush()
        givers = ids[1 : 1 + int(recipients * GIVERS)]
        await session.execute(
            insert(Contribution),
            [
                {
                    "ref": f"CT-2026-{n:06d}",
                    "org_id": org.id,
                    "person_id": pid,
                    "unit_id": None,
                    "drive_id": drive.id,
                    "recorded_by": pid,
                    "year": 2026,
                    "kind": "money",
                    "amount_vnd": 100_000,
                    "labour_days": 0,
                    "status": "recorded",
                    "created_at": NOW,
                }
                for n, pid in enumerate(givers, start=1)
            ],
        )
        return officer, drive.id


CPU: dict[str, list[float]] = {}  # this process's CPU seconds per step (the driver thread included)


async def timed(action: Callable[[], Awaitable[object]], step: str = "") -> tuple[float, object]:
    """Wall seconds of `action`; its CPU seconds in this process go to CPU[step] (on a busy machine the wall
    time also holds the waits for a core, which the CPU time does not)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = await action()
    CPU.setdefault(step, []).append(time.process_time() - cpu)
    return time.perf_counter() - started, result


async def measure(url: str, recipients: int, repeat: int) -> dict[str, list[float]]:
    await upgrade_async(url)
    engine = make_engine(url)
    sessionmaker = make_sessionmaker(engine)
    settings = Settings(database_url=url, appeal_confirm_above=recipients * 2, _env_file=None)  # type: ignore[call-arg]
    figures: dict[str, list[float]] = {
        "preview everyone": [],
        "preview not given": [],
        "send": [],
        "follow-up": [],
    }
    counts: dict[str, int] = {}
    try:
        officer, drive_id = await seed(sessionmaker, recipients)
        if url.startswith("postgresql"):  # a database in use has statistics; a fresh one gets them now
            async with engine.begin() as connection:  # committed: statistics are transactional too
                await connection.execute(text("ANALYZE"))
        for run in range(repeat):
            for name, audience in (
                ("preview everyone", Audience("org")),
                ("preview not given", Audience("not_given", drive_id=drive_id)),
            ):

                async def look(audience: Audience = audience):  # type: ignore[no-untyped-def]
                    async with sessionmaker() as session:
                        actor = await actor_for(session, await session.get(Person, officer))
                        return await preview(session, actor, audience, now=NOW, settings=settings)

                seconds, seen = await timed(look, f"{url[:6]} {name}")
                figures[name].append(seconds)
                counts[name] = seen.recipients  # type: ignore[attr-defined]

            async def send(run: int = run):  # type: ignore[no-untyped-def]
                async with sessionmaker() as session, session.begin():
                    actor = await actor_for(session, await session.get(Person, officer))
                    # each run's own text: the same text again would skip whoever had it (decision 0149)
                    draft = Draft(
                        f"Mời anh chị cùng chung tay ủng hộ Quỹ “Vì người nghèo” (lần {run + 1}).",
                        Audience("org"),
                        drive_id,
                    )
                    return await send_appeal(
                        session, actor, draft, now=NOW, settings=settings, confirmed_large=True
                    )

            seconds, appeal = await timed(send, f"{url[:6]} send")
            figures["send"].append(seconds)
            counts["send"] = appeal.recipients  # type: ignore[attr-defined]

            async with sessionmaker() as session, session.begin():  # delivered (not timed): a follow-up waits
                await session.execute(  # for the original to have gone out
                    update(OutboxMessage)
                    .where(OutboxMessage.key.like(f"appeal:{appeal.id}:%"))  # type: ignore[attr-defined]
                    .values(status="sent")
                )

            async def again(appeal_id: int = appeal.id):  # type: ignore[no-untyped-def,attr-defined]
                async with sessionmaker() as session, session.begin():
                    actor = await actor_for(session, await session.get(Person, officer))
                    original = await session.get_one(Appeal, appeal_id)
                    return await follow_up(session, actor, original, now=NOW, settings=settings)

            seconds, followed = await timed(again, f"{url[:6]} follow-up")
            figures["follow-up"].append(seconds)
            counts["follow-up"] = followed.recipients  # type: ignore[attr-defined]
    finally:
        await engine.dispose()
    for name, count in counts.items():
        print(f"  {name}: {count:,} recipients")
    return figures


@contextmanager
def databases(which: str, postgres_url: str | None) -> Iterator[list[tuple[str, str]]]:
    with tempfile.TemporaryDirectory(prefix="appeal-bench-") as tmp:
        chosen = []
        if which in ("sqlite", "both"):
            chosen.append(("SQLite", f"sqlite+aiosqlite:///{Path(tmp) / 'appeal.db'}"))
        if which in ("postgresql", "both"):
            if postgres_url:
                chosen.append(("PostgreSQL", _asyncpg_url(postgres_url)))
            else:
                bin_dir = _find_bin_dir()
                if bin_dir is None:
                    raise SystemExit("PostgreSQL binaries not found (initdb, pg_ctl): pass --postgres-url")
                with scratch_server(bin_dir, prefix="chungtay-appeal-pg-") as url:
                    yield [*chosen, ("PostgreSQL", url)]
                    return
        yield chosen


async def main(args: argparse.Namespace) -> None:
    print(
        f"Appeal to {args.recipients:,} recipients; Python {platform.python_version()}, {platform.machine()}"
    )
    before = os.getloadavg()
    with databases(args.database, args.postgres_url) as chosen:
        results = {}
        for name, url in chosen:
            print(f"{name}:")
            results[name] = await measure(url, args.recipients, args.repeat)
    print()
    print(f"load average before: {before}; after: {os.getloadavg()} ({os.cpu_count()} CPUs)")
    print(f"{'database':<12} {'step':<20} {'median s':>9} {'slowest s':>10} {'CPU s':>7}  goal < 2 s")
    for name, figures in results.items():
        prefix = "sqlite" if name == "SQLite" else "postgr"
        for step, values in figures.items():
            verdict = "ok" if max(values) < 2 else "OVER"
            cpu = statistics.median(CPU[f"{prefix} {step}"])
            print(
                f"{name:<12} {step:<20} {statistics.median(values):>9.3f} {max(values):>10.3f} {cpu:>7.3f}  "
                f"{verdict}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres-url")
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    asyncio.run(main(parser.parse_args()))
