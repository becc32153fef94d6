"""Benchmark: whether PostgreSQL reads Monday's ledger pass through `ix_contribution_ledger` (migration 0050),
and what the index costs a gift's writing there (docs/decisions/0382).

    .venv/bin/python bench/ledger_index.py          # a throw-away server from the installed binaries
    .venv/bin/python bench/ledger_index.py --postgres-url postgresql://…   # a new database on a server

`bench/digests.py`'s organisation and 100,000 ledger entries; the pass as `send_weekly` runs it (its statement
and values caught as it runs), then `EXPLAIN (ANALYZE, BUFFERS)` of it with the index and without it (dropped
in a transaction rolled back), before and after `VACUUM` (the visibility map an index-only scan needs).
Then 200 gifts recorded, confirmed and rejected, each `EXPLAIN (ANALYZE, BUFFERS, WAL)`, with the index and
without it, their buffers and WAL summed. Counts, not times: the machine these run on is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench.databases import Databases  # noqa: E402
from bench.digests import DUE, seed  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db.engine import make_engine, make_sessionmaker  # noqa: E402
from bot.db.migrate import upgrade_async  # noqa: E402
from bot.domain.digests import send_weekly  # noqa: E402

GIFTS = 200
COUNTED = re.compile(r"(hit|read|dirtied|written|records|fpi|bytes)=(\d+)")


async def explained(raw: Any, statement: str, *values: Any) -> list[str]:
    return [row[0] for row in await raw.fetch(statement, *values)]


async def run(postgres_url: str | None) -> None:
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="chungtay-bench-ledger-") as scratch:
        url = await Databases(stack, scratch, postgres_url).url("postgresql", "ledger_index")
        await upgrade_async(url)
        org = await seed(url, 100_000)
        engine = make_engine(url)
        caught: list[tuple[str, Any]] = []

        def catch(_c: Any, _cursor: Any, statement: str, values: Any, _x: Any, _many: bool) -> None:
            if "GROUP BY contribution.unit_id, contribution.kind" in statement:
                caught.append((statement, values))

        event.listen(engine.sync_engine, "before_cursor_execute", catch)
        settings = Settings(database_url=url, media_dir=Path(scratch) / "media", _env_file=None)  # type: ignore[call-arg]
        try:
            async with make_sessionmaker(engine)() as session:
                transaction = await session.begin()
                await send_weekly(session, now=DUE, settings=settings)
                await transaction.rollback()
            statement, values = caught[-1]
            for vacuumed in (False, True):
                if vacuumed:
                    async with engine.connect() as conn:
                        auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
                        await auto.exec_driver_sql("VACUUM ANALYZE contribution")
                async with engine.connect() as conn:
                    raw = (await conn.get_raw_connection()).driver_connection
                    for dropped in (False, True):
                        transaction = raw.transaction()
                        await transaction.start()
                        if dropped:
                            await raw.execute("DROP INDEX ix_contribution_ledger")
                        for _ in range(3):  # the last of three, the pages in memory
                            plan = await explained(raw, f"EXPLAIN (ANALYZE, BUFFERS) {statement}", *values)
                        print(
                            f"== the pass, {'after' if vacuumed else 'before'} VACUUM, index "
                            f"{'dropped' if dropped else 'kept'}"
                        )
                        print("\n".join(plan), flush=True)
                        await transaction.rollback()
            async with engine.connect() as conn:
                raw = (await conn.get_raw_connection()).driver_connection
                sizes = await raw.fetch(
                    "SELECT relname, pg_relation_size(oid) FROM pg_class "
                    "WHERE relname IN ('contribution', 'ix_contribution_ledger') ORDER BY 1"
                )
                print("== sizes (bytes):", ", ".join(f"{name} {size:,}" for name, size in sizes))
                giver = await raw.fetchrow(
                    "SELECT id, unit_id FROM person WHERE org_id = $1 ORDER BY id OFFSET 5000 LIMIT 1", org
                )
                for dropped in (False, True):
                    transaction = raw.transaction()
                    await transaction.start()
                    if dropped:
                        await raw.execute("DROP INDEX ix_contribution_ledger")
                    sums: dict[str, dict[str, int]] = {}
                    for n in range(GIFTS):
                        steps = {
                            "record": (
                                "INSERT INTO contribution (ref, org_id, person_id, unit_id, recorded_by, "
                                "year, kind, amount_vnd, labour_days, status, created_at) VALUES "
                                f"('W{n}', {org}, {giver['id']}, {giver['unit_id']}, {giver['id']}, 2026, "
                                "'money', 100000, 0, 'recorded', now())"
                            ),
                            "confirm": (
                                f"UPDATE contribution SET status = 'confirmed', decided_by = {giver['id']} "
                                f"WHERE ref = 'W{n}'"
                            ),
                            "reject": f"UPDATE contribution SET status = 'rejected' WHERE ref = 'W{n}'",
                        }
                        for step, sql in steps.items():
                            plan = await explained(raw, f"EXPLAIN (ANALYZE, BUFFERS, WAL) {sql}")
                            top = [line for line in plan if "Buffers:" in line][:1]
                            top += [line for line in plan if "WAL:" in line][:1]
                            counts = sums.setdefault(step, {})
                            for found in COUNTED.finditer(" ".join(top)):
                                counts[found[1]] = counts.get(found[1], 0) + int(found[2])
                    print(f"== {GIFTS} gifts written, index {'dropped' if dropped else 'kept'}:")
                    for step, counts in sums.items():
                        said = ", ".join(f"{name} {count:,}" for name, count in counts.items())
                        print(f"  {step}: {said}")
                    await transaction.rollback()
        finally:
            await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres-url")
    asyncio.run(run(parser.parse_args().postgres_url))


if __name__ == "__main__":
    main()
