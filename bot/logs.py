"""Logging set-up, and what a log line may say.

Every secret of the settings (each channel's token and webhook secret, the database password) is masked in
every line, whichever logger wrote it and however it got there: in the message, in its arguments (an HTTP
client logging a request URL with the bot token in its path), in a traceback, or URL-encoded (`%3A`).

A public page's address (`/congkhai/<key>`, docs/decisions/0102) is a link anyone holding it may open and pass
on: every line keeps only its first four letters, enough to tell two pages apart, and none of what was asked
of it (the reference code checked, in its query), however its address was spelt (percent-encoded too).

A failure is described by where it happened, never by its message: messages quote what a person typed and,
from the database, the statement's parameters (names, phones, amounts)."""

from __future__ import annotations

import logging
import re
import traceback
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote, urlsplit

from pydantic import SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.config import PROJECT_ROOT, Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "***"
# Where the project's own code lives: the frame a failure is reported at. The database plumbing is skipped
# when it has a caller in the project: "record_contribution failed" says more than "a statement failed".
PROJECT_DIRS = ("bot", "handlers", "scheduler")
PLUMBING = "bot/db/"
# bot.domain.public_page.PATH and what follows it, up to a space or a quote: the key, any path and query.
# aiosqlite logs each call it runs on its thread with the call's arguments: the statement and its values.
QUIET_AT_EVERY_LEVEL = ("aiosqlite",)
_PUBLIC_PAGE = re.compile(r"(/congkhai/)([A-Za-z0-9_-]{0,4})[^\s\"']*")
# A run of a line with a percent-escape in it: the web server decodes an address before it routes it, so
# “/%63ongkhai/<key>” or “/congkhai/%41<key>” opens the page, and the access log has it as it was sent.
_ESCAPED = re.compile(r"[^\s\"']*%[0-9A-Fa-f]{2}[^\s\"']*")


def _decoded_if_page(found: re.Match[str]) -> str:
    decoded = unquote(found.group())
    return decoded if "/congkhai/" in decoded else found.group()


class RedactingFormatter(logging.Formatter):
    def __init__(self, secrets: list[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        # Longest first, so a whole token is masked before the half of it that is also a secret.
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        if "%" in text and "/congkhai/" in unquote(text):  # a page's address percent-encoded: decoded first
            text = _ESCAPED.sub(_decoded_if_page, text)
        # most lines name no public page: the pattern runs only on those that do
        return _PUBLIC_PAGE.sub(rf"\1\2{MASK}", text) if "/congkhai/" in text else text

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))

    def formatException(self, ei) -> str:  # type: ignore[no-untyped-def]
        # The formatted traceback is cached on the record for every other handler: cache it masked.
        return self.redact(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return self.redact(super().formatStack(stack_info))


def _spellings(secret: str) -> list[str]:
    """The secret as it may appear in a line: as is, and URL-encoded in a path or a query."""
    forms = [secret, quote(secret, safe=""), quote_plus(secret, safe="")]
    return forms + [form.replace("%3A", "%3a") for form in forms]


def secrets_of(settings: Settings) -> list[str]:
    """Every SecretStr setting, so a channel added later is masked without touching this function, and the
    database password."""
    found = _settings_secrets(settings)
    for password in _database_passwords(settings.database_url):
        found += _spellings(password) + _spellings(unquote(password))
    return found


def _settings_secrets(settings: Settings) -> list[str]:
    """Every SecretStr setting's value, as it may appear in a line (`_spellings`), a bot token's half too."""
    found: list[str] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if not isinstance(value, SecretStr) or not value.get_secret_value():
            continue
        secret = value.get_secret_value()
        found += _spellings(secret)
        # A bot token is "<bot id>:<secret half>"; the half is masked even when printed alone.
        half = secret.split(":", 1)[1] if ":" in secret else ""
        if half:
            found += _spellings(half)
    return found


def masked(settings: Settings, text: str) -> str:
    """`text` as a line printed to the operator may say it: every secret of the settings masked as a log line
    masks it. A shell's refusal may quote words not its own (an HTTP client's quoting the address a call
    went to, the bot's token in its path), and under systemd it is written to the journal (decision 1980). The
    database password is left to the database's own lines, which never say it (decision 1923): masked here, a
    password read from a mistyped address (“p” of “p@ssword@host”) would cut the words around it."""
    return RedactingFormatter(_settings_secrets(settings)).redact(text)


def _database_passwords(url: str) -> set[str]:
    """The password of DATABASE_URL as SQLAlchemy reads it, the one it connects with (a #, ?, / or [ left
    unescaped is of the password there, where a web address ends the password at it, or is refused), and as
    written; none where the URL cannot be read at all (decision 1923)."""
    passwords: set[str] = set()
    try:
        password = make_url(url).password
    except (ArgumentError, ValueError):  # no database URL, or a port that is no number: said at the start
        password = None
    if password:
        passwords.add(str(password))
    try:
        written = urlsplit(url).password
    except ValueError:  # "Invalid IPv6 URL": a [ of the password
        written = None
    if written:
        passwords.add(written)
    return passwords


def describe_failure(exc: BaseException) -> str:
    """The exception's type and the innermost frame of the project's own code (outside bot/db/ if it was
    called from elsewhere in the project), e.g. "ZeroDivisionError at handlers/contributions.py:123 in
    got_amount" — and nothing of its message."""
    where = ""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [(path, frame) for frame in frames if (path := _project_path(frame.filename))]
    own = [(path, frame) for path, frame in own if not path.startswith(PLUMBING)] or own
    if own:
        path, frame = own[-1]
        where = f" at {path}:{frame.lineno} in {frame.name}"
    elif frames:  # nowhere in the project (a test, a callback): the innermost frame, by its file name
        frame = frames[-1]
        where = f" at {Path(frame.filename).name}:{frame.lineno} in {frame.name}"
    if exc.__cause__ is not None:  # e.g. the driver's error behind SQLAlchemy's
        where += f" (from {_type_name(exc.__cause__)})"
    return _type_name(exc) + where


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def _project_path(filename: str) -> str | None:
    """A file of the project's code as a path from the repository ("bot/domain/money.py"); None for the
    standard library, packages (also those of a virtualenv inside the repository) and tests."""
    try:
        relative = Path(filename).resolve().relative_to(PROJECT_ROOT)
    except ValueError:
        return None
    return relative.as_posix() if relative.parts[:1] and relative.parts[0] in PROJECT_DIRS else None


def setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(secrets_of(settings)))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    debug = settings.log_level.upper() == "DEBUG"
    # Loggers that print a statement's parameters (names, phones, amounts, invite codes) or a message's text
    # at DEBUG: kept at INFO whatever the level, so that no level logs personal data (docs/security.md).
    for name in QUIET_AT_EVERY_LEVEL:
        logging.getLogger(name).setLevel(logging.INFO)
    # A line per HTTP request (Zalo's long polls) is noise below DEBUG; each URL holds a token (masked).
    logging.getLogger("httpx").setLevel(logging.NOTSET if debug else logging.WARNING)
    if not debug:
        logging.getLogger("alembic").setLevel(logging.WARNING)
        logging.getLogger("aiogram.event").setLevel(logging.WARNING)
        # Two lines per job run (“Running job …”, “… executed successfully”, the reminders' every minute) and
        # ten at start repeat what `scheduler.leader` says of each job in one line; its warnings stay.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
