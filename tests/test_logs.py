"""What reaches the log: no secret of any channel (in messages, in HTTP clients' URLs, in tracebacks), no
statement parameters from the database, and a failing turn described by its place, not by what was typed.

The real formatter is attached by `setup_logging`; its handler writes to a StringIO that the test reads."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from pydantic import SecretStr, ValidationError
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.app import build_app
from bot.channels.collecting import CollectingChannel
from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.db.engine import make_engine
from bot.demo import seed_demo
from bot.logs import describe_failure, setup_logging
from bot.messages import TEXT_ONLY
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person
from tests.test_flows import give_money, join

TOKEN = "7012345678:AAHk3-Zq_9xYbLmNoPqRsTuVwXyZ012345"
SECRET_HALF = TOKEN.split(":", 1)[1]
WEBHOOK_SECRET = "wh-Secret_4f1c9e2b7a"
SEND_MESSAGE = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
PHONE = "0912345678"
LogTo = Callable[[Settings], io.StringIO]


class LaterSettings(Settings):
    """The settings as a later channel extends them: one more SecretStr field, nothing else."""

    zalo_bot_token: SecretStr | None = None


def no_secret_in(out: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in out, f"{secret!r} in the log:\n{out}"


@pytest.fixture
def log_to() -> Iterator[LogTo]:
    """Set logging up as the app does for `settings`; the returned StringIO receives the real handler's
    output. The root logger is restored afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    quieted = {name: logging.getLogger(name).level for name in ("alembic", "aiogram.event", "aiosqlite")}

    def start(settings: Settings) -> io.StringIO:
        setup_logging(settings)
        stream = io.StringIO()
        (handler,) = root.handlers
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(stream)
        return stream

    yield start
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, was in quieted.items():
        logging.getLogger(name).setLevel(was)


def settings_with(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type, call-arg]


# ---------------------------------------------------------------------------------------------------------
# Secrets


def test_an_http_client_logging_a_request_url_does_not_print_the_bot_token(log_to: LogTo) -> None:
    out = log_to(settings_with(telegram_bot_token=TOKEN, log_level="DEBUG"))

    logging.getLogger("httpx").info('HTTP Request: %s %s "%s"', "POST", SEND_MESSAGE, "HTTP/1.1 200 OK")
    logging.getLogger("httpcore.http11").debug("send_request_headers.started request=<Request [b'POST']>")
    logging.getLogger("urllib3.connectionpool").debug(
        '%s://%s:%s "%s %s %s" %s %s',
        "https",
        "api.telegram.org",
        443,
        "POST",
        f"/bot{TOKEN}/getMe",
        "HTTP/1.1",
        200,
        42,
    )
    logging.getLogger("aiohttp.client").warning("retrying %s", f"/bot{quote(TOKEN, safe='')}/getUpdates")
    logging.getLogger("aiohttp.client").warning("id alone: %s", SECRET_HALF)

    lines = out.getvalue().splitlines()
    assert len(lines) == 5
    assert lines[0].endswith(
        'httpx: HTTP Request: POST https://api.telegram.org/bot***/sendMessage "HTTP/1.1 200 OK"'
    )
    assert "/bot***/getMe" in lines[2]
    no_secret_in(out.getvalue(), TOKEN, SECRET_HALF, quote(TOKEN, safe=""))


def test_a_traceback_whose_message_carries_the_token_is_masked(log_to: LogTo) -> None:
    out = log_to(settings_with(telegram_bot_token=TOKEN, telegram_webhook_secret=WEBHOOK_SECRET))

    try:
        raise ConnectionError(f"Cannot connect to {SEND_MESSAGE} (secret {WEBHOOK_SECRET})")
    except ConnectionError:
        logging.getLogger("bot.delivery.sender").exception("delivery to %s failed", SEND_MESSAGE)

    written = out.getvalue()
    assert "Traceback (most recent call last)" in written
    assert (
        "ConnectionError: Cannot connect to https://api.telegram.org/bot***/sendMessage (secret ***)"
        in written
    )
    no_secret_in(written, TOKEN, SECRET_HALF, WEBHOOK_SECRET)


def test_every_secret_setting_is_masked_including_one_added_later_and_the_database_password(
    log_to: LogTo,
) -> None:
    zalo = "3141592653589793238:ZaLoSeCrEt-abcdefghijklmnop"
    settings = LaterSettings(
        _env_file=None,  # type: ignore[call-arg]
        zalo_bot_token=zalo,  # type: ignore[arg-type]
        database_url="postgresql+asyncpg://chungtay:p%40ss-W0rd%2Fxyz@db.internal/chungtay",
    )
    out = log_to(settings)

    log = logging.getLogger("aiohttp.client")
    log.info("POST https://bot-api.zaloplatforms.com/bot%s/sendMessage", zalo)
    log.info(
        "POST https://example.org/relay?to=%s",
        quote(f"https://bot-api.zaloplatforms.com/bot{zalo}/x", safe=""),
    )
    log.error("connection to postgresql://chungtay:%s@db.internal failed", "p@ss-W0rd/xyz")

    no_secret_in(out.getvalue(), zalo, zalo.split(":")[1], "p@ss-W0rd/xyz", "p%40ss-W0rd%2Fxyz")
    assert out.getvalue().count("***") == 3


@pytest.mark.parametrize("password", ["S3c#ret-Pw9", "S3c?ret-Pw9", "S3c/ret-Pw9", "S3c[ret-Pw9"])
def test_a_database_password_is_masked_as_the_database_reads_it_with_signs_left_unescaped(
    log_to: LogTo, password: str
) -> None:
    """A password written with a #, ?, / or [ not escaped is the one SQLAlchemy connects with: it is masked
    as such, and the log is set up (decision 1923)."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"postgresql+asyncpg://chungtay:{password}@db.internal/chungtay",
    )
    out = log_to(settings)

    logging.getLogger("asyncpg").error("connection to postgresql://chungtay:%s@db.internal failed", password)

    no_secret_in(out.getvalue(), password, quote(password, safe=""))
    assert "connection to postgresql://chungtay:***@db.internal failed" in out.getvalue()


# ---------------------------------------------------------------------------------------------------------
# Describing a failure


def _compiled(relative: str, source: str, namespace: dict[str, object]) -> dict[str, object]:
    """Define `source`'s functions in `namespace` as if they were written in the project file `relative`."""
    exec(compile(source, str(PROJECT_ROOT / relative), "exec"), namespace)
    return namespace


def _raised_by(run: object) -> BaseException:
    with pytest.raises(BaseException) as caught:
        run()  # type: ignore[operator]
    return caught.value


def test_a_failure_is_described_by_its_type_and_the_innermost_frame_of_the_project() -> None:
    code = _compiled(
        "handlers/contributions.py",
        "def got_amount(text):\n    return int(text) / 0\n\ndef run():\n    return got_amount('1200000')\n",
        {},
    )
    error = _raised_by(code["run"])
    assert describe_failure(error) == "ZeroDivisionError at handlers/contributions.py:2 in got_amount"


def test_a_database_failure_is_placed_at_the_project_code_that_ran_the_statement() -> None:
    code = _compiled("bot/db/sqlite.py", "def execute(row):\n    raise LookupError(row)\n", {})
    _compiled(
        "bot/domain/contributions.py",
        "def record(row):\n    execute(row)\n\n\ndef run():\n    record(1)\n",
        code,
    )
    error = _raised_by(code["run"])
    assert describe_failure(error) == "LookupError at bot/domain/contributions.py:2 in record"
    assert (
        describe_failure(_raised_by(lambda: code["execute"](1)))
        == "LookupError at bot/db/sqlite.py:2 in execute"
    )


def test_the_description_never_quotes_the_message() -> None:
    typed = f"Nguyễn Văn An {PHONE}"
    with pytest.raises(ValidationError) as caught:
        load_settings(money_cap=typed, _env_file=None)
    assert typed in str(caught.value)  # pydantic quotes the input in its message
    described = describe_failure(caught.value)
    assert described.startswith("pydantic_core._pydantic_core.ValidationError at bot/config.py:")
    assert described.endswith(" in load_settings")  # pydantic's own frames are not the project's
    assert PHONE not in described and "Nguyễn" not in described


def test_a_chained_failure_names_its_cause_and_a_failure_outside_the_project_its_own_frame() -> None:
    def lookup() -> None:
        try:
            {}[PHONE]
        except KeyError as missing:
            raise RuntimeError(f"no person with phone {PHONE}") from missing

    with pytest.raises(RuntimeError) as caught:
        lookup()
    described = describe_failure(caught.value)
    assert described.startswith("RuntimeError at test_logs.py:")
    assert described.endswith(" in lookup (from KeyError)")
    assert PHONE not in described


# ---------------------------------------------------------------------------------------------------------
# The database


async def test_a_database_error_does_not_carry_the_statement_parameters(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'phones.db'}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE staff (phone TEXT UNIQUE, full_name TEXT)"))
        insert = text("INSERT INTO staff (phone, full_name) VALUES (:phone, :name)")
        row = {"phone": PHONE, "name": "Trần Thị Bình"}
        async with engine.begin() as connection:
            await connection.execute(insert, row)
        with pytest.raises(IntegrityError) as caught:
            async with engine.begin() as connection:
                await connection.execute(insert, row)
    finally:
        await engine.dispose()
    assert "UNIQUE constraint failed: staff.phone" in str(caught.value)
    assert PHONE not in str(caught.value) and "Trần Thị Bình" not in str(caught.value)
    assert "parameters hidden" in str(caught.value)


async def test_the_log_of_a_failing_turn_has_no_name_phone_amount_typed_text_or_token(
    log_to: LogTo, db_path: Path
) -> None:
    settings = settings_with(
        database_url=f"sqlite+aiosqlite:///{db_path}",
        media_dir=db_path.parent / "media",
        telegram_bot_token=TOKEN,
    )
    out = log_to(settings)
    clock = MovableClock(NOW)
    app = build_app(settings, clock)
    try:
        invites = await seed_demo(app.sessionmaker, now=NOW)
        lan = Person(CollectingChannel(app.engine, TEXT_ONLY), "lan", clock)
        await join(lan, invites.member, "Phùng Thị Lan")
        async with app.db.begin() as connection:  # the contribution cannot be stored: the turn fails
            await connection.execute(
                text(f"UPDATE person SET phone = '{PHONE}' WHERE full_name = 'Phùng Thị Lan'")
            )
            await connection.execute(
                text(
                    "CREATE TRIGGER no_contributions BEFORE INSERT ON contribution "
                    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                )
            )
        await give_money(lan)
        await lan.say("1tr2")
        await lan.choose("Bỏ qua")
        await lan.choose("Có")
    finally:
        await app.close()

    written = out.getvalue()
    assert "turn failed" in written, written
    # where it failed: the project's code that ran the statement, and the driver's error type
    described = (
        r"sqlalchemy\.exc\.IntegrityError at bot/domain/\S+\.py:\d+ in \w+ \(from sqlite3\.IntegrityError\)"
    )
    assert re.search(rf"ERROR .*turn failed.*: {described}$", written, re.MULTILINE), written
    no_secret_in(written, "Phùng Thị Lan", PHONE, "1tr2", "1200000", "1.200.000", TOKEN, SECRET_HALF)


async def test_at_debug_the_log_of_turns_and_sending_has_no_name_phone_amount_code_or_text(
    log_to: LogTo, db_path: Path
) -> None:
    """LOG_LEVEL=DEBUG (docs/security.md): the database driver's lines (which carry each statement's
    parameters), a turn's data and what the outbox sends stay out of the log at this level too."""
    settings = settings_with(
        database_url=f"sqlite+aiosqlite:///{db_path}",
        media_dir=db_path.parent / "media",
        telegram_bot_token=TOKEN,
        log_level="DEBUG",
    )
    out = log_to(settings)
    clock = MovableClock(NOW)
    app = build_app(settings, clock)
    try:
        invites = await seed_demo(app.sessionmaker, now=NOW)
        lan = Person(CollectingChannel(app.engine, TEXT_ONLY), "lan", clock)
        await join(lan, invites.member, "Phùng Thị Lan")
        await give_money(lan)
        await lan.say("1tr2")
        await lan.choose("Bỏ qua")
        receipt = await lan.choose("Có")
    finally:
        await app.close()

    written = out.getvalue()
    assert logging.getLogger().level == logging.DEBUG  # the level was on for the whole turn
    assert "1.200.000" in receipt  # the gift was recorded and its receipt sent
    no_secret_in(written, invites.member, "Phùng Thị Lan", "Phùng", "1tr2", "1200000", "1.200.000")
    no_secret_in(written, *(line for line in receipt.splitlines() if len(line) > 12))
