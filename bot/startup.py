"""What `chungtay` checks as it starts, so that an operator's mistake is one line on standard error and exit
code 2, never a traceback nor a bot that runs half-working (decision 0137): a setting written wrong, a
database that cannot be opened or whose schema is not the code's, a MEDIA_DIR it cannot write in. No line
holds the value of a secret setting (a token, a webhook secret, the database's password)."""

from __future__ import annotations

import difflib
import functools
import io
import os
import pwd
import re
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args
from urllib.parse import SplitResult, urlsplit

from dotenv.parser import parse_stream
from pydantic import SecretStr, ValidationError
from pydantic.fields import FieldInfo
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import LOCALES, Refused, Settings, t
from bot.db.engine import make_private
from bot.db.errors import _sqlstate as sqlstate
from bot.db.errors import is_transient
from bot.i18n import Translator

# An example of each setting whose default shows nothing useful, for the line that refuses what was written.
_EXAMPLES = {
    "reminder_act_days": "7,3,1",
    "reminder_optional_days": "7,1",
    "holidays": "2026-09-01,2027-02-05",
    "reminder_days_by_deadline": '{"bao-cao-ket-qua-2026": [5, 1]}',
    "digest_time": "07:30",
    "telegram_bot_token": "123456789:AAE…",
    "zalo_bot_token": "1234567890:AbCd…",
    "database_url": "sqlite+aiosqlite:///data/chungtay.db",
    "public_url": "https://chungtay.example.vn",
}
NO_TABLES = t("the database has no tables yet: run `chungtay db upgrade` first")
PERCENT_ENCODED = t("in the password write @ as %40, : as %3A, / as %2F, % as %25, # as %23")


def settings_lines(
    refused: ValueError, environ: Mapping[str, str] | None = None, env: EnvFile | None = None
) -> list[str]:
    """One line per setting that cannot be read (a ValidationError, or pydantic-settings' SettingsError for
    a value it could not decode), naming it, the line of `.env` it is written on (or the environment, which
    pydantic-settings reads first) and an example that works; never the value written. Said in the office's
    language where DEFAULT_LOCALE names one, else in Vietnamese then English, each problem a line in each
    (decision 1890)."""
    environ = os.environ if environ is None else environ
    written = (env or read_env()).written
    in_environment = {name.upper() for name in environ}
    office = _office_language(environ, written)
    languages = [Translator(office)] if office else [Translator("vi"), Translator("en")]
    lines = []
    refusals = _refusals(refused)
    refusals.sort(key=lambda refusal: written.get(refusal[0].upper(), (0, ""))[0])  # as the file reads
    for field, words, fields in refusals:
        name = field.upper()
        for t in languages:  # noqa: F402 (the office's words, each in turn)
            what = t(words).format(**fields, example=_example(field, t))
            if not name:
                lines.append(what)
            elif name in in_environment:
                lines.append(t("{name} (in the environment): {what}").format(name=name, what=what))
            elif name in written:
                said = t(".env, line {line}, {name}: {what}")
                lines.append(said.format(line=written[name][0], name=name, what=what))
            else:
                lines.append(f"{name}: {what}")
    return lines


def _refusals(refused: ValueError) -> list[tuple[str, str, dict[str, str]]]:
    """Each setting refused (its field, "" where none is named) with what is wrong: words marked for the
    catalogs and their fields; once a setting, in the order pydantic found them."""
    if not isinstance(refused, ValidationError):
        named = re.search(r'field "(\w+)"', str(refused))
        if named is None:
            return [("", t("a setting cannot be read ({said})"), {"said": str(refused)[:200]})]
        return [(named[1], t("cannot be read as written; for example {example}"), {})]
    refusals: dict[str, tuple[str, dict[str, str]]] = {}
    for error in refused.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        if field not in refusals:  # one line a setting, even when several items of a list are wrong
            refusals[field] = _what(field, error, listed=len(error["loc"]) > 1)
    return [(field, words, fields) for field, (words, fields) in refusals.items()]


def _what(field: str, error: Any, *, listed: bool) -> tuple[str, dict[str, str]]:
    """What pydantic found wrong in words of ours: a validator's own (`Refused`), a whole number not one or
    out of its range, a time not written HH:MM; pydantic's own English for the rest, after a lead-in."""
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, Refused):
        return cause.words, cause.fields
    kind = str(error["type"])
    if kind.startswith(("int_", "greater_than", "less_than")):
        low, high = _bounds(field)
        bounds = {"low": str(low), "high": str(high)}
        if listed:
            return t("must list whole numbers from {low} to {high}, e.g. {example}"), bounds
        if high is None:
            return t("must be a whole number of at least {low}, e.g. {example}"), bounds
        return t("must be a whole number from {low} to {high}, e.g. {example}"), bounds
    if kind == "string_pattern_mismatch":
        return t("must be a time written hours:minutes, from 00:00 to 23:59, e.g. {example}"), {}
    said = str(error["msg"]).removeprefix("Value error, ")[:200]
    words = t("cannot be read as written (in the reader's words: {said}); for example {example}")
    return words, {"said": said}


def _bounds(field: str) -> tuple[int, int | None]:
    """The least and the most a whole-number setting takes, its items' for a list, as Settings declares."""
    info = Settings.model_fields.get(field)
    if info is None:
        return 1, None
    constraints = list(info.metadata)
    for item in get_args(info.annotation):  # list[Annotated[int, Field(ge=1, le=366)]]
        constraints += [c for arg in get_args(item) if isinstance(arg, FieldInfo) for c in arg.metadata]
    found = {bound: getattr(c, bound) for c in constraints for bound in ("ge", "le") if hasattr(c, bound)}
    return found.get("ge", 1), found.get("le")


# A line of .env setting something (`WEB_PORT=8080`, `export LOG_LEVEL=info`); its value after the `=`. Read
# on the lines of one statement python-dotenv took, never on the file: a value's lines are the value's.
_ENV_LINE = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)")


@dataclass(frozen=True)
class Statement:
    """One statement of `.env` as python-dotenv reads it: its first line (blank lines before it aside), the
    lines it took from there, the name it reads (None for a comment or a blank), the value, and whether it
    could not be read."""

    line: int
    rows: list[str]
    key: str | None
    value: str
    error: bool


@dataclass(frozen=True)
class EnvFile:
    """`.env` read once a start by python-dotenv's own `parse_stream`, as pydantic-settings reads it, for
    every line the start says of it (decision 2142): no statement where the file cannot be read (that has
    its own line: `env_file_problem`)."""

    statements: tuple[Statement, ...] = ()

    @functools.cached_property
    def written(self) -> dict[str, tuple[int, str]]:
        """Each name python-dotenv reads, in capitals as written (`"WEB_PORT"` with its quotes), with the line
        it is set on (the last, as it is the one read) and its value."""
        return {
            s.key.upper(): (s.line, s.value) for s in self.statements if s.key is not None and not s.error
        }


def read_env(env_file: Path = Path(".env")) -> EnvFile:
    try:
        text = env_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return EnvFile()  # said by env_file_problem as the settings are read
    statements = []
    for bound in parse_stream(io.StringIO(text)):
        taken = bound.original.string
        rows = taken.lstrip().splitlines()  # from its first line: blank lines before it are taken with it
        first = bound.original.line + taken[: len(taken) - len(taken.lstrip())].count("\n")
        statements.append(Statement(first, rows, bound.key, bound.value or "", bound.error))
    return EnvFile(tuple(statements))


# The names of our settings as .env writes them.
_SETTING_NAMES = frozenset(name.upper() for name in Settings.model_fields)


def unread_lines_problem(environ: Mapping[str, str] | None = None, env: EnvFile | None = None) -> list[str]:
    """The lines for each statement of `.env` python-dotenv reads otherwise than it is meant, or cannot read
    at all, which it skips with only its own English warning while the command goes on without it (a
    DATABASE_URL skipped so, `db upgrade` migrated the default SQLite file; decision 2051). Said as a setting
    written wrong is (`settings_lines`), naming its line and the setting, with the settings lost where a
    quote took later lines (decision 1957); never a value. Each statement, its first line and the lines it
    took, and whether it could be read, are python-dotenv's own (`parse_stream`, as pydantic-settings reads
    the file), so its rules (a backslash's, decision 1985) are not written again here. A setting of ours it
    reads under its name in double quotes, a name no setting has, is one it cannot read (decision 2084)."""
    environ = os.environ if environ is None else environ
    env = env or read_env()
    found: list[tuple[int, str, str, dict[str, str]]] = []
    for statement in env.statements:
        rows, first = statement.rows, statement.line
        if not rows:
            continue
        last = first + len(rows) - 1
        between = [
            m[1].upper() for row in rows[1:] if (m := _ENV_LINE.match(row)) and m[1].upper() in _SETTING_NAMES
        ]
        lost = {"last": str(last), "names": ", ".join(between)}
        # read, but under a name in double quotes (`"WEB_PORT"=8081`), which no setting has: lost (2084)
        misnamed = (key := statement.key or "")[:1] == '"' and key.strip('"').upper() in _SETTING_NAMES
        if said := _misread(rows[0], statement.error or misnamed, between, last > first):
            name, words = said
            found.append((first, name, words, lost if between else {}))
    office = _office_language(environ, env.written)  # what is read, DEFAULT_LOCALE among it
    lines = []
    for line, name, words, fields in found:
        for reader in [Translator(office)] if office else [Translator("vi"), Translator("en")]:
            example = _example(name.lower(), reader) if name else "WEB_PORT=8080"
            what = reader(words).format(**fields, example=example)
            if name:
                lines.append(
                    reader(".env, line {line}, {name}: {what}").format(line=line, name=name, what=what)
                )
            else:
                lines.append(reader(t(".env, line {line}: {what}")).format(line=line, what=what))
    return lines


def names_no_setting(translator: Translator, env: EnvFile | None = None) -> list[str]:
    """A line for each line of `.env` python-dotenv reads whose name is near a setting of ours but is none
    (`WEB_PROT=8080`, `TELEGRAM_TOKEN=…`), with that setting's name, never the value: pydantic-settings
    ignores such a line (`extra="ignore"`), so the port stayed 8080 and the token unset, unsaid. Only said,
    never a stop: a line of an older version, or of another program reading the same file, must not stop a
    school's running bot at its next restart. A name near none of ours (docker compose's `POSTGRES_PASSWORD`)
    is another program's, and is not said (decision 2056). A name in double quotes, which python-dotenv reads
    with its quotes, is judged as the name within them, as an unquoted one is; a line within a value of
    several lines is the value's, never a name (decision 2141)."""
    lines = []
    for written, (line, _) in sorted((env or read_env()).written.items(), key=lambda item: item[1][0]):
        name = written.strip('"')  # `"WEB_PROT"=…`, and `"WEB_PROT` of `"WEB_PROT=8081"`
        if name in _SETTING_NAMES or not name:
            continue  # a setting of ours in quotes (`"WEB_PORT"=…`) stopped the start already (2084)
        near = difflib.get_close_matches(name, sorted(_SETTING_NAMES), n=1, cutoff=_NEAR)
        if near:
            said = translator(
                t(
                    ".env, line {line}, {name}: no setting has this name, so the line is not read; "
                    "did you mean {setting}?"
                )
            )
            lines.append(said.format(line=line, name=name, setting=near[0]))
    return lines


# How near a name in .env must be to a setting's to be read as meant for it (difflib's ratio): `WEB_PROT`,
# `TELEGRAM_TOKEN`, `DB_URL` are; `POSTGRES_PASSWORD`, `PGDATA` are not (decision 2056).
_NEAR = 0.6


# A line whose setting's name is written in quotes, or after one (`'PUBLIC_URL=…`).
_QUOTED_NAME = re.compile(r"\s*(?:export\s+)?[\"']([A-Za-z_][A-Za-z0-9_]*)")
# A setting's name followed by a space or a colon, where `=` goes (`WEB_PORT 8080`, `WEB_PORT: 8080`).
_NO_EQUALS = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)[ \t:]")


def _misread(row: str, error: bool, between: list[str], several: bool) -> tuple[str, str] | None:
    """The setting named on a statement's first `row` and what went wrong, where python-dotenv reads it
    otherwise than meant (`error`: it could not read it at all; `between`: settings of ours on the lines it
    took after this one; `several`: it took more than this line); None where it reads as written."""
    opened = _ENV_LINE.match(row)
    value = opened[2].lstrip(" \t") if opened else ""
    if opened and value[:1] in ('"', "'"):
        name = opened[1].upper()
        if error and between:
            return name, t(
                "the quote opened in its value is not closed on its line, so .env is not read from here to "
                "line {last} ({names}): close it on the same line, or write the value without quotes, e.g. "
                "{example}"
            )
        if error and (several or _never_closed(row, value[0])):
            return name, t(
                "the quote opened in its value is not closed, so this setting is not read: close it on the "
                "same line, or write the value without quotes, e.g. {example}"
            )
        if error:  # closed on its line, more written after it: `DATABASE_URL="…"cr`
            return name, t(
                "something is written after the quote that closes its value, so this setting is not read: "
                "put the whole value inside the quotes, or write it without quotes, e.g. {example}"
            )
        if between:
            return name, t(
                "the quote opened in its value closes only on line {last}, so the settings between are read "
                "as part of it ({names}): close it on the same line, or write the value without quotes, e.g. "
                "{example}"
            )
        return None
    if not error:
        return None
    if quoted := _QUOTED_NAME.match(row):
        # named only where it is a setting's name: a password pasted after a quote is no name to print (2082)
        name = quoted[1].upper() if quoted[1].upper() in _SETTING_NAMES else ""
        if between:
            return name, t(
                "the line begins with a quote, which runs on to line {last}, so .env is not read from here "
                "to there ({names}): write the setting's name without quotes, e.g. {example}"
            )
        return name, t(
            "the line begins with a quote, so this setting is not read: write the setting's name without "
            "quotes, e.g. {example}"
        )
    bare = _NO_EQUALS.match(row)
    if bare and "=" not in row and bare[1].upper() in _SETTING_NAMES:
        return bare[1].upper(), t(
            "there is no = between the setting's name and its value, so this setting is not read: write the "
            "name, = and the value, e.g. {example}"
        )
    return "", t(
        "this line cannot be read: write each setting as NAME=value on a line "
        "of its own, and begin a comment "
        "with #, e.g. {example}"
    )


def _never_closed(line: str, quote: str) -> bool:
    """Whether the quote opened on `line`, a line python-dotenv could not read alone, closes nowhere (else
    it closed there and more followed it, `PUBLIC_URL="…" x`, said by python-dotenv alone): closed at the
    line's end, after a space (a backslash there keeps the space), python-dotenv then reads the line."""
    return not next(parse_stream(io.StringIO(f"{line} {quote}"))).error


def _office_language(environ: Mapping[str, str], written: dict[str, tuple[int, str]]) -> str | None:
    """The language DEFAULT_LOCALE names, from the environment or .env, where it names one of ours."""
    typed = next((value for name, value in environ.items() if name.upper() == "DEFAULT_LOCALE"), None)
    if typed is None and "DEFAULT_LOCALE" in written:
        typed = written["DEFAULT_LOCALE"][1].split("#")[0].strip().strip("'\"")
    language = (typed or "").strip().lower()
    return language if language in LOCALES else None


def env_file_problem(error: OSError | UnicodeDecodeError) -> list[str]:
    """The lines for a `.env` in the working directory that cannot be read, in Vietnamese then English (its
    DEFAULT_LOCALE is not read either): one saved on a Windows computer in its own encoding, or written by
    root (`sudo nano .env`, then `chmod 600`) for a service that runs as another user. Never a line of the
    file: it holds the secrets."""
    return [_env_file_line(error, Translator(language)) for language in ("vi", "en")]


def _env_file_line(error: OSError | UnicodeDecodeError, t: Translator) -> str:
    if isinstance(error, UnicodeDecodeError):
        line = error.object[: error.start].count(b"\n") + 1
        said = t(
            ".env cannot be read: it is not saved as UTF-8 (line {line}); save it again as UTF-8 (in "
            "Notepad: Save As, Encoding UTF-8), or write it on the server: nano .env"
        )
        return said.format(line=line)
    if isinstance(error, PermissionError):
        said = t(
            ".env cannot be read by the user {user} (permission denied): it holds the secrets, so make it "
            "that user's alone: sudo chown {user} .env && sudo chmod 600 .env"
        )
        return said.format(user=_user())
    said = t(".env cannot be read ({why}): it must be a file of settings")
    return said.format(why=error.strerror or type(error).__name__)


def _user() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:  # a user id with no name (a container's)
        return str(os.geteuid())


def _example(field: str, t: Translator) -> str:
    if field in _EXAMPLES:
        return f"{field.upper()}={_EXAMPLES[field]}"
    info = Settings.model_fields.get(field)
    default = None if info is None else info.default
    if default is None or isinstance(default, SecretStr):
        return t("{name}=… (see the README's Configuration)").format(name=field.upper())
    return f"{field.upper()}={default}"


def sqlite_file_problem(url: str, t: Callable[[str], str] = t) -> str | None:
    """The folder of a SQLite file is made if missing (as the engine does), and the file opened and read once
    here: a line if either cannot be. Found before the engine's first connection, whose worker thread, left
    behind by a failed open, could print a traceback under the line as the process ends."""
    where = make_url(url)
    if where.get_backend_name() != "sqlite" or not where.database or where.database == ":memory:":
        return None
    try:
        Path(where.database).parent.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        return _sqlite_line(t, where.database, problem.strerror or type(problem).__name__)
    if not where.query.get("uri"):
        make_private(Path(where.database))
    try:
        with closing(sqlite3.connect(where.database)) as connection:
            connection.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as problem:
        return database_problem(problem, url, t=t)  # else (a lock held too long) the engine's to meet
    return None


def database_problem(
    error: BaseException, url: str, named: str = "DATABASE_URL", t: Callable[[str], str] = t
) -> str | None:
    """The line for a database that cannot be used as DATABASE_URL says, or None for any other failure;
    `named`: where the URL was given, when not in DATABASE_URL (`db copy --to`); `t`: the office's language
    where the start meets it (decision 1911)."""
    where = make_url(url)
    orig = getattr(error, "orig", None) or error
    if where.get_backend_name() == "sqlite":
        said = str(orig)
        if "unable to open database file" in said:
            return _sqlite_line(t, where.database or "", _why_not_opened(t, Path(where.database or "")))
        if "file is not a database" in said:
            said = t("{path} is not a SQLite database: check {setting}")
            return said.format(path=where.database, setting=named)
        return None
    server = f"{where.host or 'localhost'}:{where.port or 5432}"
    state = sqlstate(orig)
    if state is not None and state.startswith("28"):  # invalid authorization: password, or pg_hba.conf
        said = t(
            "the database server at {server} refused user {user} ({why}): check the password in {setting}; "
            "{escapes}"
        )
        return said.format(
            server=server,
            user=where.username or "—",
            why=server_said(orig),
            setting=named,
            escapes=t(PERCENT_ENCODED),
        )
    if state == "3D000":
        return t(
            "the database server at {server} has no database {database}: create it (createdb -O {user} "
            "{name}) or correct {setting}"
        ).format(
            server=server,
            database=repr(where.database),
            user=where.username or "chungtay",
            name=where.database,
            setting=named,
        )
    if isinstance(error, OSError) and is_transient(error):  # refused, timed out, unknown host
        said = t(
            "cannot reach the database server at {server} ({why}): is it running, and is {setting} right?"
        )
        return said.format(server=server, why=error.strerror or type(error).__name__, setting=named)
    return None


def _sqlite_line(t: Callable[[str], str], path: str, why: str) -> str:
    return t(
        "cannot open the SQLite database {path} ({why}): this user must be able to write the file and its "
        "folder; check DATABASE_URL"
    ).format(path=path, why=why)


def _why_not_opened(t: Callable[[str], str], path: Path) -> str:
    if path.is_dir():
        return t("it is a folder")
    if not path.parent.is_dir():
        return t("its folder does not exist")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.R_OK | os.W_OK)):
        return t("permission denied")
    return t("unable to open database file")


def server_said(orig: BaseException) -> str:
    """The server's own words (“password authentication failed for user "chungtay"”): never the password."""
    cause = orig.__cause__ if orig.__cause__ is not None else orig
    return str(getattr(cause, "message", None) or cause).splitlines()[0][:200]


@functools.cache
def code_revision() -> tuple[str, frozenset[str]]:
    """The schema this code needs (the newest migration) and every revision it knows: read once a process, as
    the code's migrations do not change under it."""
    from alembic.script import ScriptDirectory

    from bot.db.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return scripts.get_current_head() or "", frozenset(r.revision for r in scripts.walk_revisions())


async def schema_problem(db: AsyncEngine, t: Callable[[str], str] = t) -> str | None:
    """A database whose schema is not this code's, behind (`git pull` without `db upgrade`) or ahead (the
    code rolled back): a line saying which and what to do. Nothing runs on a schema it was not written for,
    where every message would end in an apology and every command in a traceback."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        async with db.connect() as connection:
            reading = await connection.execution_options(sqlite_begin="DEFERRED")
            rows = (await reading.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
    except (OperationalError, ProgrammingError) as problem:
        said = str(problem)
        if "alembic_version" in said and ("no such table" in said or "does not exist" in said):
            return t(NO_TABLES)
        raise
    needed, known = code_revision()
    if not rows:
        return t(NO_TABLES)
    current = ", ".join(sorted(rows))
    if list(rows) == [needed]:
        return None
    if all(row in known for row in rows):
        return t("the database is at {current}, this code needs {needed}: run `chungtay db upgrade`").format(
            current=current, needed=needed
        )
    return t(
        "the database is at {current}, newer than this code (which needs {needed}): run the version of "
        "Chung Tay that migrated it (git pull), or restore a backup made for this one"
    ).format(current=current, needed=needed)


def webhook_hosts_apart(settings: Settings, t: Callable[[str], str]) -> list[str]:
    """A line for each webhook address whose host is not PUBLIC_URL's, where both are set (decision 1959):
    a host mistyped in one of them sends every update where no worker serves it, or gives people links to
    nowhere, and `run` is healthy by /healthz meanwhile. Said, not refused: two names of one server are
    right."""
    if not settings.public_url:
        return []
    public = urlsplit(settings.public_url)
    lines = []
    for name, address in (
        ("TELEGRAM_WEBHOOK_URL", settings.telegram_webhook_url),
        ("ZALO_WEBHOOK_URL", settings.zalo_webhook_url),
    ):
        webhook = urlsplit(address or "")
        if address and (webhook.hostname, webhook.port) != (public.hostname, public.port):
            said = t(
                "{setting} is at {host}, PUBLIC_URL at {public}: if both are this bot's, one of them is "
                "mistyped (every update would go where no worker serves it); if they are two names of one "
                "server, nothing is wrong"
            )
            # the host and port alone: a name and password written before the host are never said (1981)
            lines.append(said.format(setting=name, host=_host_of(webhook), public=_host_of(public)))
    return lines


def address_shown(address: str) -> str:
    """A webhook's address as the shell prints it: a name and password written before the host, and a query
    (where some proxies take a key), as `***`. Its path is the route the bot serves, `/telegram` or `/zalo`,
    no secret: Telegram's secret is a header (decisions 0284, 2053)."""
    parts = urlsplit(address)
    netloc = f"***@{_host_of(parts)}" if "@" in parts.netloc else parts.netloc
    return parts._replace(netloc=netloc, query="***" if parts.query else "").geturl()


def api_host(base: str) -> str:
    """A messenger's API address as a line may say it: its host and port, with the port its scheme implies."""
    parts = urlsplit(base)
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
    return f"{host}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


def _host_of(address: SplitResult) -> str:
    """An address's host and port as written, without the name and password some write before them."""
    return address.netloc.rpartition("@")[2]


def media_dir_problem(media_dir: Path, *, private: bool = True) -> str | None:
    """MEDIA_DIR made if missing and written in once, at start: else a photo or a Word report fails later,
    in a person's chat. It is made readable by this user alone (`private`), as the database and its backups
    are: it holds the receipts' photos and the ledgers and lists sent in the chat (decision 0402); not when
    ZALO_MEDIA_URL says a web server, maybe of another user, serves it."""
    try:
        media_dir.parent.mkdir(parents=True, exist_ok=True)
        media_dir.mkdir(mode=0o700 if private else 0o777, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=media_dir, prefix=".write-check-"):
            pass
    except OSError as problem:
        why = problem.strerror or type(problem).__name__
        return (
            f"MEDIA_DIR {media_dir} cannot be written by this user ({why}): "
            "make it writable for the service's user, or set MEDIA_DIR to a folder it may write in"
        )
    return None


def media_dir_open(media_dir: Path) -> str | None:
    """The warning for a MEDIA_DIR every account on the server may enter (one made by an earlier version,
    with the umask's 0755): left as the operator made it, as an existing database is, with what to type."""
    mode = stat.S_IMODE(media_dir.stat().st_mode)
    if not mode & 0o007:
        return None
    return (
        f"MEDIA_DIR {media_dir} can be read by every account on this server (mode {mode:o}): it holds the "
        f"receipts' photos and the ledgers sent in the chat; make it this user's alone: chmod 700 {media_dir}"
    )
