"""`chungtay db backup`: a consistent copy of the SQLite database while the bot keeps running.

SQLite's online backup API copies the pages of one read transaction, so the copy is the database as it was at
one instant, whatever the bot writes meanwhile (in WAL mode writers are not even held up). The copy is done in
a single step: copied in several steps, every write by another connection would start it over, and a busy bot
might never let it finish. The copy is written under a temporary name beside the target and renamed at the
end, so FILE is either absent or a whole backup, never half of one. A directory given as FILE (an existing
one, or any path ending in "/") gets a file inside it named after the database and the local time of the
backup (`chungtay-20261215-073000.db`), so that a nightly job can pass the same directory every night.

PostgreSQL has its own tool for this, pg_dump; `pg_dump_hint` says how to call it without ever repeating the
password that may sit in DATABASE_URL.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.clock import LOCAL_TZ
from bot.i18n import Translator

ENGLISH = Translator("en")

# The tables whose row counts the report shows: who is there and what they gave.
KEY_TABLES = ("organisation", "unit", "person", "commitment", "contribution", "evidence", "outbox")


class BackupError(Exception):
    """A backup that cannot be made, said in one line."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    revision: str | None
    rows: dict[str, int]


def sqlite_path(database_url: str, t: Translator = ENGLISH) -> Path | None:
    """The file of a SQLite URL; None for any other database. Refusals in `t`'s language (the shell's)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError(
            t(
                "the database is in memory: there is no file to back up; a database to back up is a file, "
                "e.g. DATABASE_URL=sqlite+aiosqlite:///data/chungtay.db"
            )
        )
    return Path(url.database)


def pg_dump_hint(database_url: str, target: Path | str, t: Translator = ENGLISH) -> str:
    """How to back up a PostgreSQL database: the pg_dump command for this URL, without its password."""
    url = make_url(database_url)
    command = ["pg_dump", "--format=custom", f"--file={target}"]
    for option, value in (("--host", url.host), ("--port", url.port), ("--username", url.username)):
        if value is not None:
            command.append(f"{option}={value}")
    command.append(url.database or "")
    said = t(
        "this database is PostgreSQL: back it up with pg_dump while the bot runs, e.g. {command} (the "
        "password from PGPASSWORD or ~/.pgpass), and restore with pg_restore"
    )
    return said.format(command=f"`{shlex.join(command)}`")


# What a waiting message is, by the first words of its key (`bot.delivery.outbox.message_kind`), as the
# count of a backup's outbox says it: in this order, a weekly digest and a treasurer's weekly count as one.
_KINDS_SAID = ("appeal", "reminder", "weekly", "answer", "reply", "notice")


@dataclass(frozen=True)
class Waiting:
    """The messages waiting to be sent in an outbox: how many of each kind, and when the oldest was
    written."""

    kinds: dict[str, int]
    oldest: datetime | None

    @property
    def count(self) -> int:
        return sum(self.kinds.values())


def waiting_of(rows: Iterable[tuple[str, datetime | str]]) -> Waiting:
    """The count of (key, created_at) rows of pending messages, by kind."""
    from bot.delivery.outbox import message_kind

    kinds: Counter[str] = Counter()
    oldest: datetime | None = None
    for key, written in rows:
        kind = message_kind(key)
        kinds["weekly" if kind == "digest" else kind] += 1
        at = written if isinstance(written, datetime) else datetime.fromisoformat(written)
        oldest = at if oldest is None or at < oldest else oldest
    return Waiting(dict(kinds), oldest if oldest is None else oldest.replace(tzinfo=UTC))


def waiting_in(backup: Path) -> Waiting | None:
    """The messages waiting in the outbox of `backup`, a SQLite file, opened read-only; None where the file is
    no database of ours (not there, not SQLite, no outbox)."""
    try:
        with closing(sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)) as copy:
            rows = copy.execute("SELECT key, created_at FROM outbox WHERE status = 'pending'").fetchall()
    except (sqlite3.Error, OSError):
        return None
    return waiting_of(rows)


async def waiting_now(database_url: str) -> Waiting | None:
    """The messages waiting in the outbox of the database at `database_url` (PostgreSQL, whose dump the shell
    cannot read), as they stand now; None where it cannot be read (not reached, not migrated)."""
    from sqlalchemy import select

    from bot.db.engine import make_engine
    from bot.db.models import OutboxMessage

    db = make_engine(database_url)
    try:
        async with db.connect() as connection:
            rows = await connection.execute(
                select(OutboxMessage.key, OutboxMessage.created_at).where(OutboxMessage.status == "pending")
            )
            return waiting_of((key, written) for key, written in rows)
    except Exception:  # the hint is said whatever stops the count
        return None
    finally:
        await db.dispose()


def waiting_said(waiting: Waiting, t: Translator = ENGLISH) -> str:
    """How many messages wait in an outbox, by kind, and since when: they go once a bot started on it runs,
    so `db restore` says it before the operator starts one, and `db backup` what its copy holds (decisions
    2732, 2780)."""
    if not waiting.count:
        return t("its outbox holds no message waiting to be sent")
    assert waiting.oldest is not None
    kinds = ", ".join(_kind_said(kind, n, t) for kind in _KINDS_SAID if (n := waiting.kinds.get(kind)))
    said = t.plural(
        "its outbox holds {n} message waiting to be sent ({kinds}), written at {since}",
        "its outbox holds {n} messages waiting to be sent ({kinds}), the oldest written at {since}",
        waiting.count,
    )
    return said.format(n=t.number(waiting.count), kinds=kinds, since=t.datetime(waiting.oldest))


def _kind_said(kind: str, n: int, t: Translator) -> str:
    if kind == "appeal":
        said = t.plural("{n} appeal", "{n} appeals", n)
    elif kind == "reminder":
        said = t.plural("{n} reminder", "{n} reminders", n)
    elif kind == "weekly":
        said = t.plural("{n} weekly message", "{n} weekly messages", n)
    elif kind == "answer":
        said = t.plural("{n} treasurer's answer on a gift", "{n} treasurer's answers on gifts", n)
    elif kind == "reply":
        said = t.plural("{n} reply in a chat", "{n} replies in chats", n)
    else:
        said = t.plural("{n} notice", "{n} notices", n)
    return said.format(n=t.number(n))


def sent_as_it_starts(t: Translator = ENGLISH) -> str:
    """What becomes of the messages a restored outbox holds."""
    return t("sent when the bot starts, except any out of date (a weekly digest keeps for a day)")


def no_directory(folder: Path, t: Translator = ENGLISH) -> str:
    """A first backup names a folder the timer's guide has not made yet: say how to make it."""
    said = t("no directory {folder}: make it first ({command}), then back up again")
    return said.format(folder=folder, command=f"`mkdir -p {shlex.quote(str(folder))}`")


def dated_target(database: Path, target: Path | str, now: datetime, t: Translator = ENGLISH) -> Path:
    """`target`, or, when it names a directory, a file in it named after the database and `now` (local)."""
    given = str(target)
    if not (given.endswith(os.sep) or Path(given).is_dir()):
        return Path(given)
    folder = Path(given)
    if not folder.is_dir():
        raise BackupError(no_directory(folder, t))
    return folder / f"{database.stem}-{now:%Y%m%d-%H%M%S}{database.suffix or '.db'}"


def backup_sqlite(
    database: Path,
    target: Path | str,
    *,
    force: bool = False,
    now: datetime | None = None,
    t: Translator = ENGLISH,
) -> BackupReport:
    """Copy the SQLite file `database` to `target` (a file, or a directory to put a dated file in: see
    `dated_target`), consistent even while the bot writes to it. Refusals in `t`'s language."""
    if not database.is_file():
        raise BackupError(
            t("no database at {database}: run chungtay db upgrade first, or check DATABASE_URL").format(
                database=database
            )
        )
    target = dated_target(database, target, now or datetime.now(LOCAL_TZ), t)
    if target.exists() and target.resolve() == database.resolve():
        raise BackupError(
            t(
                "{target} is the database itself: choose another file, e.g. chungtay db backup backups/"
            ).format(target=target)
        )
    if target.exists() and not force:
        raise BackupError(
            t(
                "{target} already exists: choose another file, e.g. chungtay db backup backups/, or add "
                "--force to replace it"
            ).format(target=target)
        )
    if not target.parent.is_dir():
        raise BackupError(no_directory(target.parent, t))
    try:
        handle, partial_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
        )
    except OSError as problem:
        said = t("cannot write in {folder} ({why}): choose a directory this user may write to")
        raise BackupError(
            said.format(folder=target.parent, why=problem.strerror or type(problem).__name__)
        ) from None
    os.close(handle)
    partial = Path(partial_name)
    try:
        with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(partial)) as copy:
            source.execute("PRAGMA busy_timeout = 10000")
            source.backup(copy)  # one step: see the module's docstring
            # The copy stands alone: one file, no -wal beside it (the bot turns WAL back on when it opens it).
            copy.execute("PRAGMA journal_mode = DELETE")
            report = _report(copy, target)
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    except sqlite3.Error as problem:
        raise BackupError(t("the backup failed: {problem}").format(problem=problem)) from None
    except OSError as problem:  # the disk full, the directory taken away meanwhile
        said = t("cannot write {target} ({why})")
        raise BackupError(
            said.format(target=target, why=problem.strerror or type(problem).__name__)
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(target, target.stat().st_size, report.revision, report.rows)


def _report(copy: sqlite3.Connection, target: Path) -> BackupReport:
    """What the copy holds: its schema revision and the row counts of the key tables it has."""
    tables = {name for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    revision = None
    if "alembic_version" in tables:
        row = copy.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    rows = {
        table: copy.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in KEY_TABLES
        if table in tables
    }
    return BackupReport(target, 0, revision, rows)
