"""`chungtay db copy --to URL`: a school's SQLite database carried over to a real PostgreSQL server, as a
district's deployment moves there (docs/deployment.md, decisions 0686 and 0687); then the bot's turns on the
copy, and what the command refuses."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.app import App, build_app
from bot.channels.collecting import CollectingChannel
from bot.config import Settings
from bot.db.base import Base
from bot.db.engine import make_engine
from bot.db.locks import exclusive
from bot.db.models import OutboxMessage
from bot.demo import DemoInvites
from bot.media import store
from bot.messages import BUTTONS, Photo
from scheduler.leader import LOCK_NAME
from tests.support.clocks import MovableClock
from tests.support.people import Person
from tests.support.settings import app_settings
from tests.test_cli import Cli, ok
from tests.test_flows import give_money, join
from tests.test_migrations import _head


async def _every_row(url: str) -> dict[str, Any]:
    """Each table's rows in order of their key, and how many SQL NULLs each column holds (a JSON column's
    NULL reads as None, as its JSON `null` does)."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            held = {}
            for table in Base.metadata.sorted_tables:
                rows = await connection.execute(select(table).order_by(*table.primary_key.columns))
                nulls = [
                    await connection.scalar(select(func.count()).where(column.is_(None)))
                    for column in table.columns
                ]
                held[table.name] = ([tuple(row) for row in rows], nulls)
            return held
    finally:
        await engine.dispose()


async def _a_school_that_has_been_giving(app: App, invites: DemoInvites, clock: MovableClock) -> Person:
    """Hoa gave 1.200.000 ₫ with her receipt's photo; Mai, the treasurer, confirmed it at 22:00, so the
    notice telling Hoa waits in the outbox for the morning. Mai is returned."""
    channel = CollectingChannel(app.engine, BUTTONS)
    hoa, mai = Person(channel, "hoa", clock), Person(channel, "mai", clock)
    await join(hoa, invites.member)
    await give_money(hoa)
    await hoa.say("1tr2")
    stored = store(app.settings.media_dir, b"\xff\xd8\xff bien lai")
    hoa.last = await channel.receive("hoa", photo=Photo(stored.sha256, stored.path, stored.size), at=clock())
    assert "CT-2026-000001" in await hoa.choose("Có")
    await join(mai, invites.treasurer, "Trần Thị Mai")
    clock.at = clock.at.replace(hour=15, minute=0)  # 22:00 in Vietnam: the quiet hours
    await mai.choose("Tra cứu đóng góp")
    await mai.say("CT-2026-000001")
    assert "CT-2026-000001: đã xác nhận" in await mai.choose("Xác nhận")
    return mai


async def _waiting(url: str) -> int:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            query = select(func.count()).where(OutboxMessage.status == "pending")
            return int(await connection.scalar(query) or 0)
    finally:
        await engine.dispose()


async def test_a_school_moved_to_postgresql_goes_on_there_with_every_row_and_nothing_sent_twice(
    app: App,
    invites: DemoInvites,
    clock: MovableClock,
    db_path: Path,
    tmp_path: Path,
    settings: Settings,
    migrated_postgres_url: str,
) -> None:
    await _a_school_that_has_been_giving(app, invites, clock)
    source = settings.database_url
    assert await _waiting(source) == 1  # Hoa's notice, held for the morning
    cli = Cli(tmp_path, db_path)

    out = ok(cli("db", "copy", "--to", migrated_postgres_url))

    assert out.startswith(f"Đã chép {source} sang postgresql+asyncpg://") and f" (bản {_head()}).\n" in out
    assert "Số dòng của mỗi bảng, đếm ở cả hai bên sau khi chép:" in out
    assert out.endswith(
        "Anh/chị hãy đặt DATABASE_URL là cơ sở dữ liệu đích, khởi động bot trên đó và kiểm tra /healthz "
        "(docs/deployment.md).\n"
    )
    assert any(line.split() == ["contribution", "1"] for line in out.splitlines())
    assert any(line.split() == ["evidence", "1"] for line in out.splitlines())
    assert await _every_row(migrated_postgres_url) == await _every_row(source)

    # The bot started on the copy the next morning: the notice held sent once, nothing sent before again.
    clock.at += timedelta(hours=10)  # 08:00 in Vietnam
    moved = build_app(app_settings(database_url=migrated_postgres_url, media_dir=settings.media_dir), clock)
    try:
        channel = CollectingChannel(moved.engine, BUTTONS)
        hoa, mai = Person(channel, "hoa", clock), Person(channel, "mai", clock)
        await hoa.say("/tiendo")
        told = [message.text for chat, message in channel.transport.sent if chat == "hoa"]
        assert len(told) == 2 and "CT-2026-000001 của anh/chị đã được thủ quỹ xác nhận" in told[0]
        assert "1.200.000\xa0₫ đã xác nhận" in hoa.screen
        assert await _waiting(migrated_postgres_url) == 0
        await give_money(hoa)
        await hoa.say("500k")
        await hoa.choose("Bỏ qua")
        assert "CT-2026-000002" in await hoa.choose("Có")  # a fresh id: sequences set past the copy
        await mai.say("/tracuu")
        await mai.say("CT-2026-000001")
        assert [reply.photo for reply in mai.last if reply.photo] == [
            p.relative_to(settings.media_dir).as_posix() for p in settings.media_dir.rglob("*.jpg")
        ]
    finally:
        await moved.close()

    again = cli("db", "copy", "--to", migrated_postgres_url)
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr.startswith("chungtay: cơ sở dữ liệu đích đã có dữ liệu (")
    assert again.stderr.endswith("hoặc thêm --force để xóa sạch các bảng của nó trước (các dòng đó sẽ mất)\n")
    ok(cli("db", "copy", "--to", migrated_postgres_url, "--force"))
    assert await _every_row(migrated_postgres_url) == await _every_row(source)


async def test_nothing_is_copied_while_the_bot_runs_nor_into_a_database_not_migrated(
    app: App, invites: DemoInvites, db_path: Path, tmp_path: Path, fresh_postgres_url: str
) -> None:
    cli = Cli(tmp_path, db_path)
    url = make_url(fresh_postgres_url).set(password="s3cret-pw").render_as_string(hide_password=False)

    async with exclusive(app.sessionmaker, LOCK_NAME):  # `chungtay run` holds it for as long as it runs
        running = cli("db", "copy", "--to", url)
    assert running.returncode == 2 and running.stdout == ""
    assert running.stderr.startswith(
        "chungtay: bot đang chạy trên cơ sở dữ liệu này: anh/chị hãy dừng nó trước ("
    )

    bare = cli("db", "copy", "--to", url)
    assert bare.returncode == 2 and bare.stdout == ""
    assert bare.stderr.startswith("chungtay: cơ sở dữ liệu đích postgresql+asyncpg://")
    assert bare.stderr.endswith(
        ": cơ sở dữ liệu chưa có bảng nào: hãy chạy `chungtay db upgrade` trước, với DATABASE_URL đặt là "
        "cơ sở dữ liệu đó\n"
    )
    assert "s3cret-pw" not in bare.stderr and "***" in bare.stderr

    sqlite = cli("db", "copy", "--to", f"sqlite+aiosqlite:///{tmp_path / 'other.db'}")
    assert sqlite.stderr == "chungtay: --to phải là cơ sở dữ liệu PostgreSQL, ví dụ " + (
        "postgresql+asyncpg://chungtay:PASSWORD@localhost/chungtay\n"
    )
    assert not (tmp_path / "other.db").exists()


async def test_a_copy_stopped_half_way_leaves_the_target_empty_and_runs_again_whole(
    app: App,
    invites: DemoInvites,
    clock: MovableClock,
    db_path: Path,
    tmp_path: Path,
    settings: Settings,
    migrated_postgres_url: str,
) -> None:
    await _a_school_that_has_been_giving(app, invites, clock)
    cli = Cli(tmp_path, db_path)
    # SQLite keeps a text longer than its column says; PostgreSQL refuses it. The photos' records are the
    # last table copied: everything before them is written when the copy stops.
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("UPDATE evidence SET channel = 'telegram-from-an-old-version'")
        # A unit under one made after it, as `org unit-merge` leaves the units under the one merged away.
        connection.execute("UPDATE unit SET parent_id = (SELECT max(id) FROM unit) WHERE id = 1")

    stopped = cli("db", "copy", "--to", migrated_postgres_url)

    assert stopped.returncode == 2 and stopped.stdout == ""
    assert stopped.stderr == (  # the server's own words quoted as it said them
        "chungtay: việc chép dừng lại ở bảng evidence (value too long for type character varying(20)); cơ sở "
        "dữ liệu đích được giữ nguyên như trước: hãy sửa lỗi này rồi chạy lại đúng lệnh đó\n"
    )
    assert not any(rows for rows, _ in (await _every_row(migrated_postgres_url)).values())
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("UPDATE evidence SET channel = 'telegram'")
    ok(cli("db", "copy", "--to", migrated_postgres_url))
    assert await _every_row(migrated_postgres_url) == await _every_row(settings.database_url)


def test_a_copy_to_what_is_not_postgresql_is_refused_in_the_offices_language(
    db_path: Path, tmp_path: Path
) -> None:
    """An English office's operator: told in English, as before; the Vietnamese office above was told in
    English too (decision 1932). The password of the target typed is never said back."""
    cli = Cli(tmp_path, db_path, settings={"DEFAULT_LOCALE": "en"})
    refused = cli("db", "copy", "--to", "mysql+aiomysql://chungtay:s3cret-pw@localhost/chungtay")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == "chungtay: --to must be a PostgreSQL database: " + (
        "postgresql+asyncpg://chungtay:PASSWORD@localhost/chungtay\n"
    )
    assert "s3cret-pw" not in refused.stderr


def test_a_copy_from_what_is_postgresql_already_is_refused_in_the_offices_language(
    db_path: Path, tmp_path: Path, migrated_postgres_url: str
) -> None:
    """The office whose bot moved to PostgreSQL runs the copy again: told in its Vietnamese, then an English
    office in English, what to use instead (decision 1955)."""
    cli = Cli(tmp_path, db_path, settings={"DATABASE_URL": migrated_postgres_url})
    refused = cli("db", "copy", "--to", migrated_postgres_url)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        "chungtay: cơ sở dữ liệu này đã là PostgreSQL: hãy chép nó sang cơ sở dữ liệu khác bằng pg_dump và "
        "pg_restore (docs/deployment.md)\n"
    )
    english = cli("db", "copy", "--to", migrated_postgres_url, env={"DEFAULT_LOCALE": "en"})
    assert english.stderr == (
        "chungtay: this database is PostgreSQL already: copy it to another with pg_dump and pg_restore "
        "(docs/deployment.md)\n"
    )
