"""`chungtay db copy`'s time for a district's years: the demo school on SQLite, its outbox and audit trail
grown to `--rows` rows each (copies of its own rows), copied into a fresh PostgreSQL database
(`--postgres-url`, or a server started for the run from the installed binaries, durability off). Prints the
rows and the seconds.

    PYTHONPATH=. .venv/bin/python bench/db_copy.py --rows 100000
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
from contextlib import ExitStack, closing
from datetime import UTC, datetime
from pathlib import Path

from bench.databases import fresh_database, postgres_server
from bot.db.base import Base
from bot.db.copy import copy_to_postgresql, tables
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import upgrade
from bot.demo import seed_demo
from bot.i18n import Translator

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
GROWN = {"outbox": "key", "audit_log": None}  # the tables grown, and the column each needs unique


async def _seed(url: str) -> None:
    engine = make_engine(url)
    try:
        await seed_demo(make_sessionmaker(engine), now=NOW)
    finally:
        await engine.dispose()


def _grow(database: Path, rows: int) -> None:
    tables()
    with closing(sqlite3.connect(database)) as connection, connection:
        connection.execute(  # one message sent, to grow from
            "INSERT INTO outbox (key, channel, chat_id, priority, payload, status, created_at, not_before, "
            "attempts, sent_id, sent_at) VALUES ('sent', 'telegram', '1001', 1, "
            "'{\"text\": \"Khoản đóng góp CT-2026-000001 của anh/chị đã được thủ quỹ xác nhận.\"}', 'sent', "
            "'2026-11-22 02:00:00.000000', '2026-11-22 02:00:00.000000', 1, '77', "
            "'2026-11-22 02:00:01.000000')"
        )
        for name, unique in GROWN.items():
            columns = [c.name for c in Base.metadata.tables[name].columns if c.name != "id"]
            chosen = ", ".join(f"'bench-' || n || '-' || {c}" if c == unique else c for c in columns)
            have = connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            connection.execute(
                f"WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?) "
                f"INSERT INTO {name} ({', '.join(columns)}) SELECT {chosen} FROM seq, {name}",
                (max(1, rows // max(have, 1)),),
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="about this many outbox and audit rows")
    parser.add_argument("--postgres-url", help="a server whose user may CREATE DATABASE")
    args = parser.parse_args()
    with ExitStack() as stack, tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "chungtay.db"
        source = f"sqlite+aiosqlite:///{database}"
        upgrade(source)
        asyncio.run(_seed(source))
        _grow(database, args.rows)
        server = postgres_server(stack, args.postgres_url)
        target = asyncio.run(fresh_database(server, "chungtay_bench_copy"))
        upgrade(target)
        started = time.perf_counter()
        report = asyncio.run(copy_to_postgresql(source, target, Translator("en")))
        took = time.perf_counter() - started
    print(f"{sum(report.rows.values()):,} rows in {len(report.rows)} tables copied in {took:.1f} s")
    for name in GROWN:
        print(f"  {name}: {report.rows[name]:,}")


if __name__ == "__main__":
    main()
