"""`chungtay db backup`: the real CLI, as a process of its own, copies a database this test process keeps
writing to (several people recording contributions at once through the collecting channel); the copy restores
to a consistent database holding everything committed before the backup started. The other tests call the
CLI in this process."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from alembic.script import ScriptDirectory
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import alembic_config
from bot.db.models import Contribution, OutboxMessage
from bot.demo import seed_demo
from bot.messages import BUTTONS
from bot.web import make_web_app
from tests.support.clocks import NOW, MovableClock
from tests.support.launcher import PIPE, Processes
from tests.support.people import Person as Scripted
from tests.test_cli import Cli, ok
from tests.test_flows import give_money, join

GIVERS = {"an": "Phan Văn An", "binh": "Lý Thị Bình", "cuong": "Mai Văn Cường", "dung": "Tạ Thị Dung"}


async def _pending(engine: AsyncEngine, key: str, written: datetime) -> None:
    """A message waiting in the outbox of `engine`'s database, written at `written`."""
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(OutboxMessage).values(
                    key=key, priority=1, payload={}, status="pending", created_at=written, not_before=written
                )
            )
    finally:
        await engine.dispose()


def _tables(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(db)) as connection:
        names = [n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


async def _codes(app: App) -> set[str]:
    async with app.sessionmaker() as session:
        return set((await session.scalars(select(Contribution.ref))).all())


async def _keep_giving(person: Scripted, stop: asyncio.Event) -> int:
    given = 0
    while not stop.is_set():
        await give_money(person)
        await person.say(f"{100 + given}k")
        await person.choose("Bỏ qua")
        assert "CT-2026-" in await person.choose("Có")
        given += 1
    return given


async def test_a_backup_taken_while_people_record_contributions_restores_every_committed_row(
    app: App, processes: Processes, clock: MovableClock, db_path: Path, tmp_path: Path
) -> None:
    invites = await seed_demo(app.sessionmaker, now=NOW)
    channel = CollectingChannel(app.engine, BUTTONS)
    givers = [Scripted(channel, chat, clock) for chat in GIVERS]
    for giver in givers:
        await join(giver, invites.member, name=GIVERS[giver.chat_id])
    cli = Cli(tmp_path, db_path)
    # The session's launcher has imported the bot before anyone gives: its first command waits for those
    # imports (seconds), and the givers would spend them giving, not the backup.
    assert await (await processes.start("--help", cwd=tmp_path, env=cli.env())).wait() == 0
    stop = asyncio.Event()
    giving = [asyncio.create_task(_keep_giving(giver, stop)) for giver in givers]
    while len(await _codes(app)) < 2 * len(givers):  # turns are under way
        await asyncio.sleep(0.01)

    committed = _tables(db_path)  # a separate connection: what is committed, not what is in flight
    committed_codes = await _codes(app)
    target = tmp_path / "backup" / "chungtay-backup.db"
    target.parent.mkdir()
    # A process of its own, as an admin runs it beside the bot: this process keeps writing meanwhile.
    backup = await processes.start(
        "db", "backup", str(target), cwd=tmp_path, env=cli.env(), stdout=PIPE, stderr=PIPE
    )
    out, err = await asyncio.wait_for(backup.communicate(), timeout=60)
    stop.set()
    given = sum(await asyncio.gather(*giving))
    assert backup.returncode == 0, err.decode()
    assert given > 2 * len(givers)  # the people kept recording while the backup ran
    assert len(await _codes(app)) > len(committed_codes)

    # Restore: the copy, put back where the bot expects its database.
    restored = tmp_path / "restored" / "chungtay.db"
    restored.parent.mkdir()
    restored.write_bytes(target.read_bytes())
    assert list(target.parent.iterdir()) == [target]  # no partial file or -wal left beside it
    with closing(sqlite3.connect(restored)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        codes = {code for (code,) in connection.execute("SELECT ref FROM contribution")}
    head = ScriptDirectory.from_config(alembic_config(f"sqlite:///{restored}")).get_current_head()
    assert revision == [(head,)]
    counts = _tables(restored)
    assert counts.keys() == committed.keys()
    for table, rows in committed.items():
        assert counts[table] >= rows, table
    assert committed_codes <= codes
    assert codes == {f"CT-2026-{n:06d}" for n in range(1, len(codes) + 1)}  # no gap: one instant, whole turns
    assert f"contribution {len(codes)}" in out.decode()  # the report counts what the copy holds
    assert ok(Cli(tmp_path, restored)("db", "upgrade")) == "Cơ sở dữ liệu đã là bản mới nhất.\n"
    # Started there, as on another machine: /healthz reads the restored file, the backup's count of messages
    # given up (docs/deployment.md, “Restoring”; decision 2541)
    engine = make_engine(f"sqlite+aiosqlite:///{restored}")
    try:
        async with TestClient(TestServer(make_web_app(make_sessionmaker(engine)))) as client:
            answer = await client.get("/healthz")
            assert (answer.status, await answer.json()) == (
                200,
                {"database": {"state": "ok"}, "outbox": {"state": "ok", "given_up": 0}},
            )
    finally:
        await engine.dispose()


def test_the_cli_refuses_an_existing_file_without_force_and_replaces_it_with_force(
    tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    target = tmp_path / "backup.db"
    target.write_text("an older backup")

    refused = cli("db", "backup", str(target))  # in the chats' Vietnamese, as the report (decision 1129)
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        f"chungtay: đã có tệp {target}: hãy chọn tệp khác, ví dụ chungtay db backup backups/, hoặc thêm "
        "--force để ghi đè lên tệp đó\n"
    )
    english = cli("db", "backup", str(target), env={"DEFAULT_LOCALE": "en"})
    assert english.stderr == (
        f"chungtay: {target} already exists: choose another file, e.g. chungtay db backup backups/, or add "
        "--force to replace it\n"
    )
    assert target.read_text() == "an older backup"
    # on another machine, the restore guessed as a command: the steps said, nothing done (decision 2456)
    before = db_path.read_bytes()
    guessed = cli("db", "restore", str(target), env={"DEFAULT_LOCALE": "en"})
    assert (guessed.returncode, guessed.stdout) == (2, "")
    assert guessed.stderr == (
        f"chungtay: a backup is restored with the bot stopped, by hand: stop the bot (sudo systemctl stop "
        f"chungtay), move {db_path} and its -wal and -shm files aside, copy {target} in as {db_path}, run "
        "`chungtay db upgrade`, then start the bot and check /healthz (docs/deployment.md, “Restoring”)\n"
    )
    assert cli("db", "restore", str(target)).stderr.startswith(
        "chungtay: bản sao lưu được khôi phục bằng tay khi bot đã dừng: "
    )
    assert (db_path.read_bytes(), target.read_text()) == (before, "an older backup")

    out = ok(cli("db", "backup", str(target), "--force", env={"DEFAULT_LOCALE": "en"}))
    assert f"Backed up {db_path} to {target} (" in out
    assert "contribution 0" in out
    with closing(sqlite3.connect(target)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # the restore says what the backup will send as the bot starts, and since when (decision 2732)
    assert cli("db", "restore", str(target)).stderr.endswith(
        f"; {target}: hộp thư đi không có tin nào đang chờ gửi\n"
    )
    # and by kind, as does the backup's own summary (decision 2780): an appeal, two reminders and a notice
    with closing(sqlite3.connect(db_path)) as connection, connection:
        for key, written in (
            ("reminder:5:20261208:a1", "2026-12-07 19:10:00"),
            ("appeal:3:5", "2026-12-08 00:40:00"),
            ("notice:linked:9", "2026-12-08 00:41:00"),
            ("reminder:6:20261208:b2", "2026-12-08 00:42:00"),
        ):
            connection.execute(
                "INSERT INTO outbox (key, priority, payload, status, created_at, not_before, attempts,"
                " parts_sent, gave_way) VALUES (?, 1, '{}', 'pending', ?, ?, 0, 0, 0)",
                (key, written, written),
            )
    out = ok(cli("db", "backup", str(target), "--force", env={"DEFAULT_LOCALE": "en"}))
    assert out.endswith(
        "In the backup, its outbox holds 4 messages waiting to be sent (1 appeal, 2 reminders, 1 notice), "
        "the oldest written at 02:10 08/12/2026.\n"
    ), out
    guessed = cli("db", "restore", str(target), env={"DEFAULT_LOCALE": "en"}).stderr
    assert guessed.endswith(
        f"“Restoring”); {target}: its outbox holds 4 messages waiting to be sent (1 appeal, 2 reminders, 1 "
        "notice), the oldest written at 02:10 08/12/2026: sent when the bot starts, except any out of date "
        "(a weekly digest keeps for a day)\n"
    ), guessed
    assert cli("db", "restore", str(target)).stderr.endswith(
        f"; {target}: hộp thư đi có 4 tin đang chờ gửi (1 lời kêu gọi, 2 tin nhắc, 1 thông báo), viết từ "
        "02:10 08/12/2026: tin được gửi ngay khi bot chạy, trừ tin đã quá hạn (bản tin tuần chỉ gửi trong "
        "một ngày)\n"
    )


def test_a_clerk_upgrades_and_backs_up_the_database_in_vietnamese(tmp_path: Path) -> None:
    """The admins' guide's first step and the backup before each upgrade, run with nothing set but the
    database: the shell answers in the chats' language, Vietnamese by default (decision 1128)."""
    cli = Cli(tmp_path, tmp_path / "chungtay.db")
    assert re.fullmatch(
        r"Đã nâng cấp cơ sở dữ liệu lên \d{4} \(\d+ bản nâng cấp\)\.\n", ok(cli("db", "upgrade"))
    )
    assert ok(cli("db", "upgrade")) == "Cơ sở dữ liệu đã là bản mới nhất.\n"

    out = ok(cli("db", "backup", str(tmp_path / "backup.db"))).splitlines()
    assert re.fullmatch(
        rf"Đã sao lưu {re.escape(str(cli.db))} vào .*backup\.db \([\d.]+ byte, lược đồ \d{{4}}\)\.", out[0]
    )
    assert out[1].startswith("Số dòng: ") and "contribution 0" in out[1]

    english = ok(cli("db", "upgrade", env={"DEFAULT_LOCALE": "en"}))
    assert english == "Database is up to date.\n"
    # Alembic's word for the latest is taken; any other revision is refused kindly, nothing done (2540)
    assert ok(cli("db", "upgrade", "head")) == "Cơ sở dữ liệu đã là bản mới nhất.\n"
    before = cli.db.read_bytes()
    refused = cli("db", "upgrade", "0061", env={"DEFAULT_LOCALE": "en"})
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == (
        "chungtay: `db upgrade` always migrates to the latest revision (0061 is not taken; nothing "
        "changed): type chungtay db upgrade, or chungtay db upgrade head; to go back, restore a backup\n"
    )
    assert cli("db", "upgrade", "head2").stderr.startswith("chungtay: `db upgrade` luôn nâng cấp lên ")
    # a database's address typed where the revision goes is said without its password (decision 2562)
    typed = cli("db", "upgrade", "postgresql+asyncpg://chungtay:S3cret-pw@db.local/chungtay").stderr
    assert "S3cret-pw" not in typed and "không nhận postgresql+asyncpg://***@db.local/chungtay;" in typed
    assert cli.db.read_bytes() == before


def test_the_database_a_first_upgrade_makes_is_readable_only_by_its_user_as_its_backups_are(
    tmp_path: Path,
) -> None:
    """On a fresh Debian 12 server as docs/deployment.md installs it (umask 022, the service's home 0755), the
    database `chungtay db upgrade` made was 0644: every account on the machine could read the staff's names,
    phones and gifts, while each backup of it was 0600 (decision 0354)."""
    fresh = tmp_path / "data" / "chungtay.db"
    old_umask = os.umask(0o022)
    try:
        ok(Cli(tmp_path, fresh)("db", "upgrade"))
    finally:
        os.umask(old_umask)
    assert oct(fresh.stat().st_mode & 0o777) == oct(0o600)


def test_the_cli_never_backs_the_database_up_onto_itself(tmp_path: Path, db_path: Path) -> None:
    before = db_path.read_bytes()
    result = Cli(tmp_path, db_path)("db", "backup", str(db_path), "--force", env={"DEFAULT_LOCALE": "en"})
    assert result.returncode == 2
    assert "is the database itself" in result.stderr
    assert db_path.read_bytes() == before


def test_on_postgresql_the_cli_explains_pg_dump_without_the_password(
    tmp_path: Path, db_path: Path, migrated_postgres_url: str
) -> None:
    url = make_url(migrated_postgres_url).set(password="s3cret-pw").render_as_string(hide_password=False)
    target = tmp_path / "chungtay.dump"
    # a digest waiting, which a dump made now keeps (decision 2780)
    engine = make_engine(migrated_postgres_url)
    asyncio.run(_pending(engine, "digest:1:2026W50:2:org", datetime(2026, 12, 7, 0, 30, tzinfo=UTC)))

    result = Cli(tmp_path, db_path)(
        "db", "backup", str(target), env={"DATABASE_URL": url, "DEFAULT_LOCALE": "en"}
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "pg_dump --format=custom" in result.stderr
    assert f"--file={target}" in result.stderr
    assert make_url(url).database in result.stderr
    assert "s3cret-pw" not in result.stderr
    assert not target.exists()
    assert result.stderr.endswith(
        "(the password from PGPASSWORD or ~/.pgpass), and restore with pg_restore; in the database now, its "
        "outbox holds 1 message waiting to be sent (1 weekly message), written at 07:30 07/12/2026: a dump "
        "made now keeps what waits, and the bot sends it as it starts after the restore\n"
    ), result.stderr


def test_a_directory_given_gets_a_dated_file_inside_it_and_the_report_says_which(
    tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    folder = tmp_path / "bk"
    folder.mkdir()

    for given in (str(folder), f"{folder}/"):
        out = ok(cli("db", "backup", given))
        (written,) = re.findall(rf"vào ({re.escape(str(folder))}/\S+\.db) \(", out)
        assert re.fullmatch(rf"{re.escape(db_path.stem)}-\d{{8}}-\d{{6}}\.db", Path(written).name)
        with closing(sqlite3.connect(written)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        Path(written).rename(folder / f"kept-{given.endswith('/')}.db")  # the next one may share its second
    assert sorted(p.name for p in folder.iterdir()) == ["kept-False.db", "kept-True.db"]

    missing = cli("db", "backup", f"{tmp_path}/nowhere/", env={"DEFAULT_LOCALE": "en"})
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr == (
        f"chungtay: no directory {tmp_path}/nowhere: make it first (`mkdir -p {tmp_path}/nowhere`), then "
        "back up again\n"
    )


def test_a_folder_that_cannot_be_written_is_refused_in_one_line(tmp_path: Path, db_path: Path) -> None:
    if os.geteuid() == 0:  # root writes anywhere a mode allows nothing: a folder no one can create files in
        folder = Path("/proc/self")
    else:
        folder = tmp_path / "read-only"
        folder.mkdir(mode=0o555)
    result = Cli(tmp_path, db_path)("db", "backup", str(folder / "backup.db"), env={"DEFAULT_LOCALE": "en"})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"chungtay: cannot write in {folder} (")
    assert result.stderr.endswith("): choose a directory this user may write to\n")
    assert len(result.stderr.splitlines()) == 1
