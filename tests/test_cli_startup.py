"""An operator's mistakes at start-up, each caught in one line and exit code 2 before anything runs or is
stored (decision 0137): no token and no terminal, a token that cannot be one, settings written as people
write them, a database behind or ahead of the code or that cannot be opened, a MEDIA_DIR that cannot be
written, a PUBLIC_URL that is no https address."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import stat
import sys
import threading
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.i18n import Translator
from bot.startup import code_revision, database_problem
from tests.support.launcher import PIPE, Processes
from tests.test_cli import Cli, ok, query, run_main

NO_TOKEN = (
    "chungtay: no messenger token: set TELEGRAM_BOT_TOKEN or ZALO_BOT_TOKEN in .env; the terminal demo runs "
    "only in a terminal: make run\n"
)
REFUSED = "chungtay: telegram: the bot token was refused; check TELEGRAM_BOT_TOKEN\n"


@pytest.fixture
def cli(tmp_path: Path, db_path: Path) -> Cli:
    return Cli(tmp_path, db_path)


def one_line(result: object, said: str) -> str:
    """The refusal as the operator reads it: exit code 2, nothing on stdout, one line on stderr."""
    assert result.returncode == 2, (result.stdout, result.stderr)  # type: ignore[attr-defined]
    err: str = result.stderr  # type: ignore[attr-defined]
    assert result.stdout == "" and err.count("\n") == 1 and "Traceback" not in err, err  # type: ignore[attr-defined]
    assert err.startswith(f"chungtay: {said}"), err
    return err


# --- no token, an empty one, one that cannot be a token ---------------------------------------------------


@pytest.mark.parametrize(
    ("token", "said"),
    [(None, NO_TOKEN), ("", NO_TOKEN), ("   ", NO_TOKEN), ("notatoken", REFUSED)],
    ids=["unset", "empty", "blank", "malformed"],
)
async def test_a_service_started_without_a_usable_token_refuses_in_one_line_and_seeds_nothing(
    processes: Processes, db_path: Path, tmp_path: Path, token: str | None, said: str
) -> None:
    """`chungtay run` as systemd starts it (stdin /dev/null, no terminal), before .env holds its token, with
    `TELEGRAM_BOT_TOKEN=` or with a token mistyped: it used to seed the demo school into the production
    database and print its invite codes into the journal (exit 0), run with no messenger and report healthy,
    or end in a 34-line traceback."""
    english = {"DEFAULT_LOCALE": "en"}  # the shell's own lines in the chats' language (decision 1129)
    env = Cli(tmp_path, db_path).env(english if token is None else {**english, "TELEGRAM_BOT_TOKEN": token})
    process = await processes.start("run", cwd=tmp_path, env=env, stdout=PIPE, stderr=PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2 and out == b""
    assert err.decode() == said
    assert query(db_path, "SELECT count(*) FROM organisation") == [(0,)]


def test_a_real_organisations_service_without_a_token_is_told_the_token_setting_not_the_demo(
    cli: Cli, tmp_path: Path
) -> None:
    """A hospital's service started before its .env held the token: its database holds BVDK, so the demo,
    which runs only in a terminal, is nothing to it; it is told the token setting and where (decision
    1080), in the chats' Vietnamese (decision 1129: it was English whatever the office had set)."""
    ok(cli("org", "create", "--code", "BVDK", "--name", "Bệnh viện Đa khoa huyện", "--kind", "office"))
    err = one_line(
        cli("run"),
        "chưa có token của ứng dụng nhắn tin, mà cơ sở dữ liệu này đã có BVDK: hãy đặt TELEGRAM_BOT_TOKEN",
    )
    assert f"trong tệp .env của {tmp_path}, nơi dịch vụ chạy" in err
    assert "chạy thử" not in err and "make run" not in err
    english = one_line(
        cli("run", env={"DEFAULT_LOCALE": "en"}), "no messenger token, and this database holds BVDK"
    )
    assert f"in the .env file of {tmp_path}, where the service runs" in english
    assert query(cli.db, "SELECT code FROM organisation") == [("BVDK",)]


def test_the_telegram_commands_say_a_malformed_token_was_refused_without_showing_it(cli: Cli) -> None:
    refused = cli("telegram", "info", env={"TELEGRAM_BOT_TOKEN": "notatoken", "DEFAULT_LOCALE": "en"})
    assert one_line(refused, "telegram: the bot token was refused") == REFUSED


@pytest.mark.parametrize("token", ["", "  "])
def test_an_empty_token_is_no_token_for_the_sender_either(cli: Cli, token: str) -> None:
    one_line(
        cli("send", env={"TELEGRAM_BOT_TOKEN": token, "DEFAULT_LOCALE": "en"}),
        "neither TELEGRAM_BOT_TOKEN nor ZALO_BOT_TOKEN is set",
    )


async def test_runs_refusals_at_start_are_said_in_the_offices_language(
    processes: Processes, db_path: Path, tmp_path: Path, unused_tcp_port: int
) -> None:
    """A Vietnamese office's operator walking docs/deployment.md: `org create` and `db backup` spoke
    Vietnamese, then `run` on a port another program holds, `run --only inbound` on SQLite, `send` with no
    token and a token mistyped were told in English (decision 1910)."""
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "create", "--code", "BVDK", "--name", "Bệnh viện Đa khoa huyện", "--kind", "office"))
    token = {"TELEGRAM_BOT_TOKEN": "123456:TEST-token", "TELEGRAM_API_BASE": "http://127.0.0.1:1"}
    one_line(cli("run", "--only", "inbound", env=token), "--only chỉ dùng với PostgreSQL: trên SQLite")
    one_line(cli("send"), "chưa đặt TELEGRAM_BOT_TOKEN hay ZALO_BOT_TOKEN trong .env")
    one_line(
        cli("telegram", "info", env={"TELEGRAM_BOT_TOKEN": "notatoken"}),
        "telegram: token của bot bị từ chối; hãy kiểm tra TELEGRAM_BOT_TOKEN",
    )
    with socket.socket() as taken:  # `run` as systemd starts it: a process of its own
        taken.bind(("127.0.0.1", unused_tcp_port))
        taken.listen()
        env = cli.env({**token, "WEB_PORT": str(unused_tcp_port)})
        process = await processes.start("run", cwd=tmp_path, env=env, stdout=PIPE, stderr=PIPE)
        out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2 and out == b""
    assert err.decode() == (
        f"chungtay: không mở được cổng 127.0.0.1:{unused_tcp_port} (đã có chương trình khác dùng địa chỉ "
        "này); hãy đặt WEB_HOST/WEB_PORT là một địa chỉ còn trống\n"
    )


# --- settings as people write them ------------------------------------------------------------------------


def test_list_settings_are_read_as_written_in_env(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    written = {"REMINDER_ACT_DAYS": "7,3,1", "REMINDER_OPTIONAL_DAYS": "5", "HOLIDAYS": "2026-09-02"}
    assert "Traceback" not in ok(cli("scheduler", "status", env=written))  # every command works again
    for name, value in {**written, "HOLIDAYS": "02/09/2026, 2027-02-16"}.items():
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.reminder_act_days == [7, 3, 1] and settings.reminder_optional_days == [5]
    assert [day.isoformat() for day in settings.holidays] == ["2026-09-02", "2027-02-16"]
    monkeypatch.setenv("REMINDER_ACT_DAYS", "[5, 2]")  # JSON as before
    assert Settings(_env_file=None).reminder_act_days == [5, 2]  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            {"REMINDER_ACT_DAYS": "7,ba,1"},
            "must list whole numbers from 1 to 366, e.g. REMINDER_ACT_DAYS=7,3,1",
        ),
        ({"HOLIDAYS": "2/9"}, "'2/9' is not a day with its year, e.g. HOLIDAYS=2026-09-01"),
        ({"REMINDER_DAYS_BY_DEADLINE": "bao-cao:5"}, "cannot be read as written; for example"),
        ({"DIGEST_TIME": "7h30"}, "must be a time written hours:minutes, from 00:00 to 23:59, e.g."),
        ({"QUIET_HOURS_START": "22h"}, "must be a whole number from 0 to 23, e.g. QUIET_HOURS_START=21"),
        ({"PUBLIC_URL": "chungtay.example.vn"}, "must be the https:// address"),
        ({"PUBLIC_URL": "http://chungtay.example.vn"}, "must be the https:// address"),
        # Both were taken as written: a traceback when the logging started, new chats in no language of ours.
        ({"LOG_LEVEL": "verbose"}, "must be DEBUG, INFO, WARNING, ERROR or CRITICAL"),
        ({"DEFAULT_LOCALE": "vn"}, "must be vi or en"),
        ({"MONEY_CAP": "0"}, "must be a whole number of at least 1, e.g. MONEY_CAP="),  # every gift above it
        # reminded two days after it passed
        ({"REMINDER_OPTIONAL_DAYS": "7,-2"}, "must list whole numbers from 1 to 366, e.g."),
        # Telegram refused a plain http:// webhook at start; Zalo never fetched a picture from one (0205).
        (
            {"TELEGRAM_WEBHOOK_URL": "http://chungtay.example.vn/telegram"},
            "must be the https:// address at which Telegram",
        ),
        ({"ZALO_MEDIA_URL": "chungtay.example.vn/media"}, "must be the https:// address"),
        # Taken: the messenger was told to post there, where no worker serves, and every update met a 404
        # while the bot said nothing (decision 1914).
        (
            {"TELEGRAM_WEBHOOK_URL": "https://chungtay.example.vn/"},
            "must end in /telegram, the path the bot serves",
        ),
        (
            {"ZALO_WEBHOOK_URL": "https://chungtay.example.vn/webhook"},
            "must end in /zalo, the path the bot serves",
        ),
        # Both were taken: `run` then ended in a 50-line traceback, exit 1, when the messenger's setWebhook
        # refused the secret, and systemd restarted it to the same end (decision 0284).
        ({"TELEGRAM_WEBHOOK_SECRET": "SECRET hook!"}, "must be 1 to 256 letters, digits, _ or -"),
        ({"ZALO_WEBHOOK_SECRET": "SECRET"}, "must be 8 to 256 characters"),
        # Taken: `run` then ended in a traceback, exit 1, as it opened its port (decision 0402).
        ({"WEB_PORT": "99999"}, "must be a whole number from 1 to 65535, e.g. WEB_PORT=8080"),
    ],
)
def test_a_setting_written_wrong_is_a_line_in_each_language_naming_it_with_an_example_and_no_secret(
    cli: Cli, written: dict[str, str], said: str
) -> None:
    """Where the office's language is not known (DEFAULT_LOCALE not set in it), a setting refused is said
    in Vietnamese, then English (decision 1890)."""
    secrets = {"TELEGRAM_BOT_TOKEN": "123456:SECRET-token", "TELEGRAM_WEBHOOK_SECRET": "SECRET-hook"}
    result = cli("drive", "list", env={**secrets, **written})
    name = next(iter(written))
    vietnamese, english = lines(result)
    assert english.startswith(f"chungtay: {name} (in the environment): {said}"), english
    assert vietnamese.startswith(f"chungtay: {name} (trong biến môi trường): "), vietnamese
    assert not vietnamese.startswith(english[: english.index(said) + 10])  # said, not repeated
    for line in (vietnamese, english):
        assert f"{name}=" in line  # an example of what works
        assert "SECRET" not in line.replace("WEBHOOK_SECRET", "")  # the setting named, never its value


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ({"DIGEST_TIME": "7h30"}, "DIGEST_TIME (trong biến môi trường): phải ghi theo dạng giờ:phút, từ"),
        ({"MONEY_CAP": "0"}, "MONEY_CAP (trong biến môi trường): phải là số nguyên từ 1 trở lên, ví dụ"),
    ],
)
def test_a_time_or_a_floor_written_wrong_is_said_plainly_in_vietnamese(
    cli: Cli, written: dict[str, str], said: str
) -> None:
    """“phải là giờ viết giờ:phút” said the hour twice in a row, and “không nhỏ hơn 1” read as a sum to do
    (decision 1929)."""
    one_line(cli("drive", "list", env={**written, "DEFAULT_LOCALE": "vi"}), said)


def lines(result: object) -> list[str]:
    """A refusal said in two languages: exit code 2, nothing on stdout, no traceback; its lines."""
    assert result.returncode == 2, (result.stdout, result.stderr)  # type: ignore[attr-defined]
    err: str = result.stderr  # type: ignore[attr-defined]
    assert result.stdout == "" and "Traceback" not in err, err  # type: ignore[attr-defined]
    return err.splitlines()


ENV = (
    "TELEGRAM_BOT_TOKEN=123456:AAE-SECRET-token\n"
    "# the web server\n"
    "WEB_PORT=99999\n"
    "TELEGRAM_WEBHOOK_SECRET=SECRET hook!\n"
    "HOLIDAYS=2/9\n"
)
VIETNAMESE_THEN_ENGLISH = [
    "chungtay: .env, dòng 3, WEB_PORT: phải là số nguyên từ 1 đến 65535, ví dụ WEB_PORT=8080",
    "chungtay: .env, line 3, WEB_PORT: must be a whole number from 1 to 65535, e.g. WEB_PORT=8080",
    "chungtay: .env, dòng 4, TELEGRAM_WEBHOOK_SECRET: phải gồm 1 đến 256 chữ cái, chữ số, dấu _ hoặc - "
    "(Telegram không nhận dấu cách và các ký hiệu khác), ví dụ "
    "TELEGRAM_WEBHOOK_SECRET=k7Qw-2mZ_a-long-random-string",
    "chungtay: .env, line 4, TELEGRAM_WEBHOOK_SECRET: must be 1 to 256 letters, digits, _ or - (Telegram "
    "refuses spaces and other signs), e.g. TELEGRAM_WEBHOOK_SECRET=k7Qw-2mZ_a-long-random-string",
    "chungtay: .env, dòng 5, HOLIDAYS: '2/9' không phải một ngày có ghi năm, ví dụ HOLIDAYS=2026-09-01",
    "chungtay: .env, line 5, HOLIDAYS: '2/9' is not a day with its year, e.g. HOLIDAYS=2026-09-01",
]


def test_a_bad_env_file_is_said_in_vietnamese_then_english_with_its_lines_or_in_the_offices_language(
    cli: Cli,
) -> None:
    """A .env with a port out of range, a webhook secret Telegram refuses and a holiday without its year:
    each was said in English only, pydantic's own words for the port (“Input should be less than or equal to
    65535”), with no line of the file. Now each names its line, in Vietnamese then English where the
    office's language is not known, in that language alone where DEFAULT_LOCALE names it; never a secret."""
    (cli.cwd / ".env").write_text(ENV, encoding="utf-8")

    unknown = lines(cli("drive", "list"))
    assert unknown == VIETNAMESE_THEN_ENGLISH
    assert "SECRET" not in "".join(unknown).replace("WEBHOOK_SECRET", "")

    (cli.cwd / ".env").write_text(ENV + "DEFAULT_LOCALE=en  # the office's chats\n", encoding="utf-8")
    assert lines(cli("drive", "list")) == VIETNAMESE_THEN_ENGLISH[1::2]
    assert lines(cli("drive", "list", env={"DEFAULT_LOCALE": "vi"})) == VIETNAMESE_THEN_ENGLISH[::2]


QUOTE_LEFT_OPEN = (
    "TELEGRAM_BOT_TOKEN=123456:AAE-SECRET-token\n"
    'PUBLIC_URL="https://chungtay.example.vn\n'  # its quote never closed on its line
    "WEB_PORT=8081\n"
    'TELEGRAM_WEBHOOK_URL="https://chungtay.example.vn/telegram"\n'
    'TELEGRAM_WEBHOOK_SECRET="SECRET-hook\n'  # nor this one, nor anywhere after
)
SAID_OF_THE_QUOTES = [
    "chungtay: .env, dòng 2, PUBLIC_URL: dấu nháy mở ở đầu giá trị chưa được đóng trên dòng này, nên .env "
    "không được đọc từ đây đến dòng 4 (WEB_PORT, TELEGRAM_WEBHOOK_URL): anh/chị hãy đóng dấu nháy ngay trên "
    "dòng này, hoặc viết giá trị không có dấu nháy, ví dụ PUBLIC_URL=https://chungtay.example.vn",
    "chungtay: .env, line 2, PUBLIC_URL: the quote opened in its value is not closed on its line, so .env is "
    "not read from here to line 4 (WEB_PORT, TELEGRAM_WEBHOOK_URL): close it on the same line, or write the "
    "value without quotes, e.g. PUBLIC_URL=https://chungtay.example.vn",
    "chungtay: .env, dòng 5, TELEGRAM_WEBHOOK_SECRET: dấu nháy mở ở đầu giá trị chưa được đóng, nên "
    "thiết lập này không được đọc: anh/chị hãy đóng dấu nháy ngay trên dòng này, hoặc viết giá trị không có "
    "dấu nháy, ví dụ TELEGRAM_WEBHOOK_SECRET=… (xem phần Configuration của README)",
    "chungtay: .env, line 5, TELEGRAM_WEBHOOK_SECRET: the quote opened in its value is not closed, so this "
    "setting is not read: close it on the same line, or write the value without quotes, e.g. "
    "TELEGRAM_WEBHOOK_SECRET=… (see the README's Configuration)",
]


def test_a_quote_left_open_in_env_is_said_with_its_line_and_the_settings_it_hides(cli: Cli) -> None:
    """python-dotenv skips a value whose quote is not closed on its line, and every line up to the next
    quote with it: the address, the port and the webhook went unread, said only by its English warning
    (“python-dotenv could not parse statement starting at line 2”), and the command went on. Now each is
    named with its line, and the settings lost, never a value (docs/decisions/1957)."""
    (cli.cwd / ".env").write_text(QUOTE_LEFT_OPEN, encoding="utf-8")
    said = lines(cli("drive", "list"))
    assert said == SAID_OF_THE_QUOTES
    assert "SECRET" not in "".join(said).replace("WEBHOOK_SECRET", "")

    # Closed on a later line: DEFAULT_LOCALE between is read as part of the address, so it names no language.
    (cli.cwd / ".env").write_text('ZALO_MEDIA_URL="https://chungtay.example.vn/media\nDEFAULT_LOCALE=en\n"\n')
    assert lines(cli("drive", "list")) == [
        "chungtay: .env, dòng 1, ZALO_MEDIA_URL: dấu nháy mở ở đầu giá trị đến dòng 3 mới được đóng, nên "
        "các thiết lập ở giữa bị đọc thành một phần của giá trị (DEFAULT_LOCALE): anh/chị hãy đóng dấu nháy "
        "ngay trên dòng này, hoặc viết giá trị không có dấu nháy, ví dụ ZALO_MEDIA_URL=… (xem phần "
        "Configuration của README)",
        "chungtay: .env, line 1, ZALO_MEDIA_URL: the quote opened in its value closes only on line 3, so the "
        "settings between are read as part of it (DEFAULT_LOCALE): close it on the same line, or write the "
        "value without quotes, e.g. ZALO_MEDIA_URL=… (see the README's Configuration)",
    ]

    # A value over several lines that hides no setting is read as python-dotenv reads it.
    (cli.cwd / ".env").write_text(
        "REMINDER_DAYS_BY_DEADLINE='{\"bao-cao-ket-qua-2026\":\n [5, 1]}'\nDEFAULT_LOCALE=en\n"
    )
    assert "Traceback" not in (read := cli("drive", "list")).stderr and ".env" not in read.stderr


def test_a_backslash_before_a_quote_in_env_is_read_as_python_dotenv_reads_it(cli: Cli) -> None:
    """A backslash keeps the character after it, a backslash too: `"data\\media\\"` is closed on its line,
    where every command stopped saying the settings under it were not read; and `\\"` at the end of a value
    keeps that quote, so the value is never closed and python-dotenv skips the setting, where nothing was
    said (docs/decisions/1985)."""
    (cli.cwd / ".env").write_text(
        'MEDIA_DIR="data\\\\media\\\\"\nWEB_PORT=8081\nPUBLIC_URL="https://chungtay.example.vn"\n'
    )
    assert ".env" not in (read := cli("drive", "list")).stderr and "Traceback" not in read.stderr

    (cli.cwd / ".env").write_text('PUBLIC_URL="https://chungtay.example.vn\\"\nWEB_PORT=8081\n')
    assert lines(cli("drive", "list", env={"DEFAULT_LOCALE": "en"})) == [
        "chungtay: .env, line 1, PUBLIC_URL: the quote opened in its value is not closed, so this setting is "
        "not read: close it on the same line, or write the value without quotes, e.g. "
        "PUBLIC_URL=https://chungtay.example.vn",
    ]


UNREAD = [
    (
        "WEB_PORT 8080\n",
        "chungtay: .env, dòng 1, WEB_PORT: không có dấu = giữa tên thiết lập "
        "và giá trị, nên thiết lập này không "
        "được đọc: anh/chị hãy viết tên, dấu = rồi giá trị, ví dụ WEB_PORT=8080",
    ),
    (
        "# the school's\n'PUBLIC_URL=https://chungtay.example.vn\nWEB_PORT=8081\nMEDIA_DIR='media'\n",
        "chungtay: .env, dòng 2, PUBLIC_URL: dòng này bắt đầu bằng một dấu "
        "nháy, kéo dài đến dòng 4, nên .env "
        "không được đọc từ đây đến dòng đó (WEB_PORT, MEDIA_DIR): anh/chị hãy "
        "viết tên thiết lập không có dấu "
        "nháy, ví dụ PUBLIC_URL=https://chungtay.example.vn",
    ),
    (  # a password pasted on a line of its own after a quote: never printed as a setting's name (2082)
        "'hunter2Secret\n",
        "chungtay: .env, dòng 1: dòng này bắt đầu bằng một dấu nháy, nên thiết lập này không được đọc: "
        "anh/chị hãy viết tên thiết lập không có dấu nháy, ví dụ WEB_PORT=8080",
    ),
    (
        "'hunter2Secret\nWEB_PORT=8081\nMEDIA_DIR='media'\n",
        "chungtay: .env, dòng 1: dòng này bắt đầu bằng một dấu nháy, kéo dài đến dòng 3, nên .env không "
        "được đọc từ đây đến dòng đó (WEB_PORT, MEDIA_DIR): anh/chị hãy viết tên thiết lập không có dấu "
        "nháy, ví dụ WEB_PORT=8080",
    ),
    (
        "WEB_PORT=8081\nhello world\n",
        "chungtay: .env, dòng 2: không đọc được dòng này: anh/chị hãy viết mỗi thiết lập trên một dòng, dạng "
        "TÊN=giá trị, và bắt đầu lời ghi chú bằng dấu #, ví dụ WEB_PORT=8080",
    ),
    (  # read by python-dotenv under the name “"WEB_PORT"”, which no setting has: lost unsaid (2084)
        "'MEDIA_DIR'=media\n\"WEB_PORT\"=8081\n",
        "chungtay: .env, dòng 2, WEB_PORT: dòng này bắt đầu bằng một dấu nháy, nên thiết lập này không được "
        "đọc: anh/chị hãy viết tên thiết lập không có dấu nháy, ví dụ WEB_PORT=8080",
    ),
]


def test_a_line_python_dotenv_cannot_read_stops_every_command_naming_its_line_and_setting(cli: Cli) -> None:
    """python-dotenv skips a line it cannot read with only its English warning (“python-dotenv could not parse
    statement starting at line 1”), and the command went on without it: `DATABASE_URL="…"` with more after
    the quote left the default SQLite file to `db upgrade`, which migrated it. Now every command stops,
    naming the line and the setting, never its value, and no database is opened (docs/decisions/2051)."""
    default = Settings.model_fields["database_url"].default.removeprefix("sqlite+aiosqlite:///")
    before = os.stat(default) if os.path.exists(default) else None
    (cli.cwd / ".env").write_text(f'DATABASE_URL="sqlite+aiosqlite:///{cli.cwd}/school.db"cr\n')
    env = {name: value for name, value in cli.env().items() if name != "DATABASE_URL"}
    assert lines(run_main(["db", "upgrade"], stdin="", cwd=cli.cwd, env=env)) == [
        "chungtay: .env, dòng 1, DATABASE_URL: sau dấu nháy đóng giá trị còn "
        "viết thêm, nên thiết lập này không "
        "được đọc: anh/chị hãy đặt cả giá trị trong dấu nháy, hoặc viết giá trị không có dấu nháy, ví dụ "
        "DATABASE_URL=sqlite+aiosqlite:///data/chungtay.db",
        "chungtay: .env, line 1, DATABASE_URL: something is written after the "
        "quote that closes its value, so "
        "this setting is not read: put the whole value inside the quotes, or write it without quotes, e.g. "
        "DATABASE_URL=sqlite+aiosqlite:///data/chungtay.db",
    ]
    assert (os.stat(default) if os.path.exists(default) else None) == before  # the default never opened
    assert not (cli.cwd / "school.db").exists()
    for written, said in UNREAD:
        (cli.cwd / ".env").write_text(written)
        assert lines(cli("drive", "list", env={"DEFAULT_LOCALE": "vi"})) == [said], written
    # a line read but naming no setting was ignored unsaid; now said with the setting near it, never its
    # value, and the command goes on: an older version's line must not stop a school (decision 2056)
    # A name in double quotes is judged as the name within them, as an unquoted one is: said where near one
    # of ours, unsaid where near none; a line within a value of several lines is the value's, never a name
    # (decision 2141).
    (cli.cwd / ".env").write_text(
        "WEB_PROT=8081\nPOSTGRES_PASSWORD=SECRETPW\nTELEGRAM_TOKEN=1:SECRET\n"
        '"MEDIA_DIRS"=media\n"FOO"=1\nNOTE="first line\nLOG_LEVLE=debug\n"\n'
    )
    for locale, said in (
        (
            "vi",
            ".env, dòng {line}, {name}: không có thiết lập nào tên này nên dòng này không được đọc; có phải "
            "anh/chị định viết {setting}?",
        ),
        (
            "en",
            ".env, line {line}, {name}: no setting has this name, so the line is not read; did you mean "
            "{setting}?",
        ),
    ):
        listed = cli("db", "upgrade", env={"DEFAULT_LOCALE": locale})
        assert listed.returncode == 0 and "SECRET" not in listed.stdout + listed.stderr, listed.stderr
        assert listed.stderr.splitlines() == [
            f"chungtay: {said.format(line=1, name='WEB_PROT', setting='WEB_PORT')}",
            f"chungtay: {said.format(line=3, name='TELEGRAM_TOKEN', setting='TELEGRAM_BOT_TOKEN')}",
            f"chungtay: {said.format(line=4, name='MEDIA_DIRS', setting='MEDIA_DIR')}",
        ], listed.stderr


async def test_run_with_a_bad_env_file_ends_with_its_lines_in_both_languages_and_seeds_nothing(
    processes: Processes, db_path: Path, tmp_path: Path
) -> None:
    """`chungtay run` as a service starts it, in its own process, with that .env."""
    (tmp_path / ".env").write_text(ENV, encoding="utf-8")
    process = await processes.start(
        "run", cwd=tmp_path, env=Cli(tmp_path, db_path).env(), stdout=PIPE, stderr=PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2 and out == b""
    assert err.decode().splitlines() == VIETNAMESE_THEN_ENGLISH
    assert not db_path.exists() or query(db_path, "SELECT count(*) FROM organisation") == [(0,)]


def test_a_bad_database_url_and_a_token_that_cannot_be_one_are_said_in_the_offices_language(cli: Cli) -> None:
    """Both were English whatever the office had set; the password and the token are never shown."""
    mysql = cli("drive", "list", env={"DATABASE_URL": "mysql://chungtay:SECRETPW@localhost/chungtay"})
    assert one_line(
        mysql,
        "DATABASE_URL đang là “mysql://…”: phải có dạng sqlite+aiosqlite:///data/chungtay.db "
        "hoặc postgresql+asyncpg://chungtay:PASSWORD@localhost/chungtay",
    )
    at = cli(
        "db", "upgrade", env={"DATABASE_URL": "postgresql+asyncpg://chungtay:p@SECRET@localhost/chungtay"}
    )
    err = one_line(at, "DATABASE_URL thừa một dấu @: trong mật khẩu hãy viết @ thành %40")
    assert "SECRET" not in err + mysql.stderr
    token = one_line(
        cli("telegram", "info", env={"TELEGRAM_BOT_TOKEN": "notatoken-SECRET"}), "telegram: token"
    )
    assert token == "chungtay: telegram: token của bot bị từ chối; hãy kiểm tra TELEGRAM_BOT_TOKEN\n"


BOTFATHERS_TOKEN = "7012345678:AAHk3-Zq_9xYbLmNoPqRsTuVwXyZ012345"


def test_a_token_pasted_where_a_name_or_a_day_goes_is_never_printed(cli: Cli) -> None:
    """BotFather's message gives the bot's username and its token together: the token pasted on the
    username's line was printed whole, on the terminal and in a service's journal (decision 1923)."""
    token = BOTFATHERS_TOKEN
    result = cli(
        "drive",
        "list",
        env={
            "DEFAULT_LOCALE": "vi",
            "TELEGRAM_BOT_TOKEN": token,
            "TELEGRAM_BOT_USERNAME": token,
            "HOLIDAYS": f"2026-09-02,{token}",
        },
    )
    username, holidays = lines(result)
    assert username == (
        "chungtay: TELEGRAM_BOT_USERNAME (trong biến môi trường): đây là token của bot, không phải tên người "
        "dùng: token ghi ở TELEGRAM_BOT_TOKEN, còn ở đây hãy ghi tên BotFather đã cấp, ví dụ ChungTayBot"
    ), username
    said = "chungtay: HOLIDAYS (trong biến môi trường): '7012345678:***' không phải một ngày có ghi năm"
    assert holidays.startswith(said), holidays
    assert token.split(":")[1] not in result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("setting", "base"),
    [
        ("TELEGRAM_API_BASE", "api.telegram.org"),
        ("TELEGRAM_API_BASE", "ftp://api.telegram.org"),
        ("TELEGRAM_API_BASE", "http://api.telegram.org:99999"),
        ("TELEGRAM_API_BASE", "http://[::1"),
        ("ZALO_API_BASE", "bot-api.zaloplatforms.com"),
    ],
)
def test_a_messengers_api_base_mistyped_is_refused_at_start_never_printing_the_token(
    cli: Cli, setting: str, base: str
) -> None:
    """TELEGRAM_API_BASE written without its https://, or with a port that is none: the HTTP client refused
    the address at the first call, its words quoting the whole address, the token in its path (masked since
    decision 1980), as if they were Telegram's; and `run` said nothing while it tried again. Now every
    command stops at start, in the office's language, with an example (docs/decisions/2054)."""
    messenger, default = {
        "TELEGRAM_API_BASE": ("Telegram", "https://api.telegram.org"),
        "ZALO_API_BASE": ("Zalo", "https://bot-api.zaloplatforms.com"),
    }[setting]
    env = {
        "TELEGRAM_BOT_TOKEN": BOTFATHERS_TOKEN,
        "ZALO_BOT_TOKEN": "1234567890:AbCd-SECRET-zalo",
        setting: base,
        "TELEGRAM_WEBHOOK_URL": "https://chungtay.example.vn/telegram",
    }
    for args in (("telegram", "info"), ("telegram", "set-webhook"), ("zalo", "info"), ("run",)):
        err = one_line(cli(*args, env={**env, "DEFAULT_LOCALE": "vi"}), setting)
        assert err == (
            f"chungtay: {setting} (trong biến môi trường): phải là địa chỉ API của {messenger}: http:// hoặc "
            f"https:// và tên máy chủ, ví dụ {setting}={default}; để trống thì dùng "
            f"API của chính {messenger}\n"
        ), err
        assert BOTFATHERS_TOKEN.split(":")[1] not in err and "SECRET" not in err, err


def test_a_messengers_server_not_reached_or_not_its_api_is_said_plainly(
    cli: Cli, unused_tcp_port: int
) -> None:
    """Nothing listening at the API's address: “Telegram trả lời (nguyên văn tiếng Anh): ClientConnectorError:
    Cannot connect to host …”, the HTTP client's words quoted as Telegram's (Zalo's “— network:
    ConnectError”); a web page there ended `telegram info` in a 40-line traceback (docs/decisions/2052)."""
    base = f"http://127.0.0.1:{unused_tcp_port}"
    env = {"TELEGRAM_BOT_TOKEN": BOTFATHERS_TOKEN, "ZALO_BOT_TOKEN": "1234567890:AbCd-SECRET-zalo"}
    for messenger, setting in (("Telegram", "TELEGRAM_API_BASE"), ("Zalo", "ZALO_API_BASE")):
        err = one_line(cli(messenger.lower(), "info", env={**env, setting: base}), "không kết nối")
        assert err == (
            f"chungtay: không kết nối được máy chủ của {messenger} tại 127.0.0.1:{unused_tcp_port}: anh/chị "
            f"hãy kiểm tra máy chủ này có vào được Internet không (tường lửa, proxy "
            f"và DNS), và {setting} nếu "
            "đã đặt, rồi chạy lại lệnh\n"
        ), err

    class Page(BaseHTTPRequestHandler):  # a web site's page where the API was meant
        def do_POST(self) -> None:  # http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>Chung Tay</body></html>")

        def log_message(self, *args: object) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Page) as site:
        threading.Thread(target=site.serve_forever, daemon=True).start()
        port = site.server_address[1]
        for messenger, setting in (("Telegram", "TELEGRAM_API_BASE"), ("Zalo", "ZALO_API_BASE")):
            err = one_line(
                cli(messenger.lower(), "info", env={**env, setting: f"http://127.0.0.1:{port}"}), "127.0.0.1"
            )
            assert err.startswith(
                f"chungtay: 127.0.0.1:{port} có trả lời, nhưng không phải như API của {messenger} (một trang "
                f"web?): anh/chị hãy kiểm tra {setting}, hoặc để trống để dùng API của "
                f"chính {messenger}, ví dụ "
                f"{setting}=https://"
            ), err
        site.shutdown()


@pytest.mark.parametrize(
    ("command", "database"),
    [(("send",), "sqlite"), (("run", "--only", "sender"), "postgresql")],
    ids=["send", "run-only-sender"],
)
def test_a_sender_of_its_own_says_a_messenger_it_cannot_reach_on_the_screen(
    cli: Cli, unused_tcp_port: int, request: pytest.FixtureRequest, command: tuple[str, ...], database: str
) -> None:
    """`chungtay send`, and `run --only sender` on PostgreSQL, with nothing listening at TELEGRAM_API_BASE:
    the operator who typed it read only the log's English (“WARNING bot.runtime: telegram: cannot ask who the
    bot is yet (…)”), where `run` says one plain line (decision 2143). Now the same, once, with what the
    sender does meanwhile; stopped with Ctrl-C, it ends cleanly (decision 2242)."""
    env = {
        "TELEGRAM_BOT_TOKEN": BOTFATHERS_TOKEN,
        "TELEGRAM_API_BASE": f"http://127.0.0.1:{unused_tcp_port}",  # nothing listens there
    }
    if database == "postgresql":
        env["DATABASE_URL"] = request.getfixturevalue("migrated_postgres_url")
    result = cli(*command, env=env, stop_at="telegram: cannot ask who the bot is yet")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("chungtay:")] == [
        f"chungtay: chưa kết nối được máy chủ của Telegram tại 127.0.0.1:{unused_tcp_port} "
        "(TelegramNetworkError): tin nhắn vẫn chờ trong hộp thư đi và được thử gửi lại; anh/chị hãy kiểm tra "
        "máy chủ này có vào được Internet không (tường lửa, proxy và DNS), và TELEGRAM_API_BASE nếu đã đặt"
    ], result.stderr
    assert BOTFATHERS_TOKEN.split(":")[1] not in result.stderr


def test_a_webhooks_host_is_said_without_the_name_and_password_written_before_it(cli: Cli) -> None:
    """A webhook's address written with a name and password before its host (“https://bot:…@host/…”, as some
    proxies ask): the start's line of a host not PUBLIC_URL's quoted them, on the terminal and, for `run`,
    in the service's journal (decision 1981). Its host alone is what differs."""
    env = {
        "PUBLIC_URL": "https://chungtay.example.vn",
        "TELEGRAM_WEBHOOK_URL": "https://bot:Pa55-SECRET@chungtay.exmaple.vn:8443/telegram",
    }
    for args in (("run",), ("telegram", "set-webhook")):
        err = cli(*args, env=env).stderr
        assert err.splitlines()[0].startswith(
            "chungtay: TELEGRAM_WEBHOOK_URL trỏ tới chungtay.exmaple.vn:8443, còn PUBLIC_URL là "
            "chungtay.example.vn:"
        ), err
        assert "SECRET" not in err and "bot:" not in err, err
    # A / in the password, not %-encoded, ends the host there: the line named the name as the host, or a
    # traceback quoted the password's first part (decision 2080). Refused, saying how it is written.
    for written in (
        "https://bot:Pa55/SECRET@chungtay.example.vn/telegram",
        "https://bot/SECRET@chungtay.vn/telegram",
    ):
        for args in (("run",), ("telegram", "set-webhook")):
            result = cli(*args, env={**env, "TELEGRAM_WEBHOOK_URL": written})
            assert result.returncode == 2 and result.stderr.splitlines()[0] == (
                "chungtay: TELEGRAM_WEBHOOK_URL (trong biến môi trường): tên hoặc mật khẩu viết trước tên "
                "máy chủ có dấu /, ? hoặc #, làm địa chỉ bị cắt ở đó: anh/chị hãy viết các dấu này thành "
                "%2F, %3F và %23, ví dụ bot:Pa55%2Fword@ cho mật khẩu Pa55/word"
            ), result.stderr
            assert "SECRET" not in result.stdout + result.stderr and "Traceback" not in result.stderr
    # A fragment (`#…`) is never sent to a server: Telegram and Zalo would post without it, or refuse the
    # address, while the start said nothing (decision 2140); a query (`?…`) is no part of the path a webhook
    # is served at, and a link or a picture's address built on PUBLIC_URL or ZALO_MEDIA_URL would land in it,
    # and it was taken too (decision 2241). Refused, with an address that works.
    fragment = (
        "có dấu #, mà phần sau dấu này không bao giờ được gửi đến máy chủ: anh/chị hãy viết địa chỉ không có "
        "dấu #"
    )
    query_ = (
        "có dấu ?, nhưng địa chỉ này không nhận phần truy vấn (phần sau dấu ?): anh/chị hãy viết địa chỉ "
        "không có dấu ?"
    )
    for setting, written, example, said in (
        ("TELEGRAM_WEBHOOK_URL", "https://chungtay.example.vn/telegram#SECRET", "/telegram", fragment),
        ("ZALO_WEBHOOK_URL", "https://chungtay.example.vn/zalo#", "/zalo", fragment),
        ("PUBLIC_URL", "https://chungtay.example.vn/#SECRET", "", fragment),
        ("TELEGRAM_WEBHOOK_URL", "https://chungtay.example.vn/telegram?key=SECRET", "/telegram", query_),
        ("ZALO_WEBHOOK_URL", "https://chungtay.example.vn/zalo?", "/zalo", query_),
        ("PUBLIC_URL", "https://chungtay.example.vn?SECRET", "", query_),
        ("ZALO_MEDIA_URL", "https://chungtay.example.vn/media?v=SECRET", "/media", query_),
    ):
        result = cli("run", env={"PUBLIC_URL": "https://chungtay.example.vn", setting: written})
        assert result.returncode == 2 and result.stderr.splitlines()[0] == (
            f"chungtay: {setting} (trong biến môi trường): {said} và phần sau nó, ví dụ "
            f"{setting}=https://chungtay.example.vn{example}"
        ), result.stderr
        english = f"chungtay: {setting} (in the environment): holds a {said[7]}"
        assert result.stderr.splitlines()[1].startswith(english), result.stderr
        assert "SECRET" not in result.stdout + result.stderr


def test_a_public_url_on_this_machine_may_be_plain_http(cli: Cli) -> None:
    ok(cli("scheduler", "status", env={"PUBLIC_URL": "http://localhost:8080/"}))
    assert Settings(public_url="https://chungtay.example.vn/", _env_file=None).public_url == (  # type: ignore[call-arg]
        "https://chungtay.example.vn"
    )


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16"], ids=["windows-vietnamese", "notepad-unicode"])
def test_an_env_file_saved_in_another_encoding_is_one_line_saying_how_to_save_it(
    cli: Cli, encoding: str
) -> None:
    """A .env edited on the office's Windows computer, with the bot's Vietnamese name in it: every command
    ended in a 20-line traceback (exit 1) from the file's reader, and systemd restarted `run` to the same
    end. (A .env root wrote for another user is the same line's other case, seen only when not root.)"""
    secret = "123456:SECRET-token"
    (cli.cwd / ".env").write_bytes(
        f"TELEGRAM_BOT_TOKEN={secret}\nZALO_BOT_NAME=Chung Tay – Đông Hà\n".encode(encoding)
    )
    vietnamese, english = lines(cli("drive", "list"))
    assert vietnamese.startswith("chungtay: không đọc được tệp .env: tệp không được lưu ở dạng UTF-8 (dòng ")
    assert english.startswith("chungtay: .env cannot be read: it is not saved as UTF-8 (line ")
    assert "save it again as UTF-8" in english and "SECRET" not in vietnamese + english


# --- the database -----------------------------------------------------------------------------------------


def set_revision(db: Path, revision: str) -> None:
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))


def test_a_database_behind_the_code_is_refused_until_it_is_upgraded(cli: Cli) -> None:
    """`git pull` without `db upgrade`: `run` started and answered every message with an apology, and
    `people list` printed a traceback. The refusal is the office's language, as `db upgrade` and `db backup`
    around it are (decision 1911: it was English in a Vietnamese office)."""
    head, _known = code_revision()
    before = f"{int(head) - 1:04d}"
    set_revision(cli.db, before)
    behind = f"cơ sở dữ liệu đang ở bản {before}, mã này cần bản {head}: hãy chạy `chungtay db upgrade`"
    one_line(cli("people", "list"), behind)
    one_line(cli("run", env={"TELEGRAM_BOT_TOKEN": "123456:TEST-token"}), behind)
    english = f"the database is at {before}, this code needs {head}: run `chungtay db upgrade`"
    one_line(cli("people", "list", env={"DEFAULT_LOCALE": "en"}), english)
    backup = cli.cwd / "before.db"
    assert ok(cli("db", "backup", str(backup))).startswith("Đã sao lưu")  # allowed: back up, then upgrade
    set_revision(cli.db, head)  # as `db upgrade` leaves it (the head is already in this schema)
    ok(cli("scheduler", "status"))


def test_a_database_ahead_of_the_code_is_refused_by_every_command(cli: Cli) -> None:
    """`db upgrade` among them, in the office's language as the others say it: it was English, Alembic's
    words in it (“the database's schema is not one this code knows (Can't locate revision …)”; 2050)."""
    set_revision(cli.db, "0099")
    head, _known = code_revision()
    ahead = (
        f"cơ sở dữ liệu đang ở bản 0099, mới hơn mã này (mã này cần bản {head}): hãy chạy phiên bản Chung Tay"
    )
    one_line(cli("people", "list"), ahead)
    assert one_line(cli("db", "upgrade"), ahead) == one_line(cli("people", "list"), ahead)
    english = (
        f"the database is at 0099, newer than this code (which needs {head}): run the version of Chung Tay"
    )
    one_line(cli("db", "upgrade", env={"DEFAULT_LOCALE": "en"}), english)
    assert query(cli.db, "SELECT version_num FROM alembic_version") == [("0099",)]


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql+asyncpg://chungtay:p@ss:w/rd@localhost/chungtay", "DATABASE_URL cannot be read as"),
        ("postgresql+asyncpg://chungtay:p@ssw0rd@localhost/chungtay", "DATABASE_URL has an @ too many"),
    ],
)
def test_a_password_with_special_characters_says_how_to_write_them_and_never_shows_it(
    cli: Cli, url: str, said: str
) -> None:
    err = one_line(cli("db", "upgrade", env={"DATABASE_URL": url, "DEFAULT_LOCALE": "en"}), said)
    assert "write @ as %40" in err and "ss" not in err.replace("password", "")


@pytest.mark.parametrize("where", ["folder", "under-a-file", "not-a-database"])
@pytest.mark.parametrize("command", [("db", "upgrade"), ("people", "list")])
def test_a_sqlite_file_that_cannot_be_opened_is_one_line(
    tmp_path: Path, where: str, command: tuple[str, ...]
) -> None:
    (tmp_path / "folder.db").mkdir()
    (tmp_path / "file").write_text("x")
    (tmp_path / "garbage.db").write_text("not a database at all" * 100)
    path, said = {
        "folder": (tmp_path / "folder.db", "không mở được cơ sở dữ liệu SQLite"),
        "under-a-file": (tmp_path / "file" / "chungtay.db", "không mở được cơ sở dữ liệu SQLite"),
        "not-a-database": (tmp_path / "garbage.db", f"{tmp_path / 'garbage.db'} không phải cơ sở dữ liệu"),
    }[where]
    _OPENED_BY.clear()
    one_line(Cli(tmp_path, path)(*command), said)
    # Found before the engine's first connection: a failed open in its worker thread left the thread behind,
    # and now and then it printed a 25-line traceback under the line as the process ended.
    assert not [name for name in _OPENED_BY if "_connection_worker_thread" in name], _OPENED_BY


_OPENED_BY: list[str] = []  # the threads that opened a SQLite file since a test cleared it (aiosqlite's
# worker threads are named after their function)


def _opened(event: str, args: tuple[object, ...]) -> None:
    if event == "sqlite3.connect":
        _OPENED_BY.append(threading.current_thread().name)


sys.addaudithook(_opened)


@pytest.mark.parametrize("command", [("db", "upgrade"), ("people", "list")])
def test_a_postgresql_database_that_does_not_exist_is_one_line(
    tmp_path: Path, postgres_url: str, command: tuple[str, ...]
) -> None:
    url = make_url(postgres_url).set(database="chungtay_missing", password="SECRETPW")
    rendered = url.render_as_string(hide_password=False)
    err = one_line(Cli(tmp_path, tmp_path / "unused.db")(*command, env={"DATABASE_URL": rendered}), "máy")
    assert "không có cơ sở dữ liệu 'chungtay_missing'" in err and "createdb" in err and "SECRETPW" not in err


def test_a_refused_password_is_said_in_the_servers_words_never_with_the_password() -> None:
    # The test server trusts every local user, so the refusal is asyncpg's own error, as it raises it.
    refusal = asyncpg.exceptions.InvalidPasswordError('password authentication failed for user "chungtay"')
    said = database_problem(refusal, "postgresql+asyncpg://chungtay:S3cr%40t@db.internal/chungtay")
    assert said == (
        "the database server at db.internal:5432 refused user chungtay (password authentication failed "
        'for user "chungtay"): check the password in DATABASE_URL; in the password write @ as %40, : as %3A, '
        "/ as %2F, % as %25, # as %23"
    )


def test_a_refused_password_is_said_in_the_offices_language() -> None:
    """The start's other database lines spoke the office's language (decision 1911); a refused password, and
    the escapes inside it, stayed English (decision 1932)."""
    refusal = asyncpg.exceptions.InvalidPasswordError('password authentication failed for user "chungtay"')
    url = "postgresql+asyncpg://chungtay:S3cr%40t@db.internal/chungtay"
    vi = database_problem(refusal, url, t=Translator("vi"))
    assert vi == (
        "máy chủ cơ sở dữ liệu db.internal:5432 từ chối người dùng chungtay (password authentication failed "
        'for user "chungtay"): anh/chị hãy kiểm tra mật khẩu trong DATABASE_URL; trong mật khẩu hãy viết @ '
        "thành %40, : thành %3A, / thành %2F, % thành %25, # thành %23"
    )
    en = database_problem(refusal, url, named="--to", t=Translator("en"))
    assert en == (
        "the database server at db.internal:5432 refused user chungtay (password authentication failed "
        'for user "chungtay"): check the password in --to; in the password write @ as %40, : as %3A, '
        "/ as %2F, % as %25, # as %23"
    )
    assert not [said for said in (vi, en) if "S3cr" in said]


@pytest.mark.parametrize("messenger", ["telegram", "zalo"])
def test_a_messengers_info_without_its_token_is_said_in_the_offices_language(
    cli: Cli, messenger: str
) -> None:
    """`telegram info` or `zalo info` before .env holds the messenger's token (the other's set): English,
    where `send` without a token spoke Vietnamese (decision 1932)."""
    name, other = (
        ("TELEGRAM_BOT_TOKEN", "ZALO_BOT_TOKEN")
        if messenger == "telegram"
        else ("ZALO_BOT_TOKEN", "TELEGRAM_BOT_TOKEN")
    )
    secret = {other: "123456:OTHER-SECRET-token"}
    vi = one_line(cli(messenger, "info", env=secret), f"chưa đặt {name} trong .env")
    en = one_line(cli(messenger, "info", env={**secret, "DEFAULT_LOCALE": "en"}), f"{name} is not set")
    assert vi == f"chungtay: chưa đặt {name} trong .env\n" and en == f"chungtay: {name} is not set\n"
    assert "SECRET" not in vi + en


# --- MEDIA_DIR --------------------------------------------------------------------------------------------


def test_run_makes_a_missing_media_dir_and_refuses_one_it_cannot_write(cli: Cli) -> None:
    (cli.cwd / "file").write_text("x")
    unwritable = cli.cwd / "file" / "media"
    token = {"TELEGRAM_BOT_TOKEN": "123456:TEST-token"}
    err = one_line(
        cli("run", env={**token, "MEDIA_DIR": str(unwritable)}), f"MEDIA_DIR {unwritable} cannot be"
    )
    assert "TEST-token" not in err

    missing = cli.cwd / "new" / "media"
    ok(cli("run", env={"MEDIA_DIR": str(missing)}, terminal=True))  # the terminal demo, here
    assert missing.is_dir()


def test_run_makes_media_dir_its_users_alone_and_says_how_to_close_one_open_to_every_account(
    cli: Cli,
) -> None:
    """MEDIA_DIR holds the receipts' photos and the ledgers and lists sent in the chat, with real names. On a
    server as docs/deployment.md installs it (umask 022) `run` made it 0755, and the ledgers in it 0644:
    readable by every account on the server, while the database and its backups are 0600 (decision 0402)."""
    old_umask = os.umask(0o022)
    try:
        missing = cli.cwd / "new" / "media"
        made = cli("run", env={"MEDIA_DIR": str(missing)}, terminal=True)
        open_one = cli.cwd / "old-media"
        open_one.mkdir(mode=0o755)
        kept = cli("run", env={"MEDIA_DIR": str(open_one), "LOG_LEVEL": "WARNING"}, terminal=True)
    finally:
        os.umask(old_umask)
    ok(made)
    assert stat.S_IMODE(missing.stat().st_mode) == 0o700
    assert "MEDIA_DIR" not in made.stderr
    ok(kept)  # an existing folder keeps the mode the operator gave it, and the log says what to do, once
    assert stat.S_IMODE(open_one.stat().st_mode) == 0o755
    assert kept.stderr.count(f"MEDIA_DIR {open_one} can be read by every account on this server") == 1
    assert f"chmod 700 {open_one}" in kept.stderr


def test_a_webhook_host_not_public_urls_is_said_at_start_and_the_start_goes_on(cli: Cli) -> None:
    """The province's operator typed the webhook's host wrong (“exmaple”): Telegram would post every update
    there and the bot, healthy by /healthz, would hear nothing; nothing said it (decision 1914 left it). Now
    `run` and `set-webhook` say it first, then go on as before (here: to their refusal without a token)."""
    typo = {
        "PUBLIC_URL": "https://chungtay.example.vn",
        "TELEGRAM_WEBHOOK_URL": "https://chungtay.exmaple.vn/telegram",
        "ZALO_WEBHOOK_URL": "https://chungtay.example.vn/zalo",
    }
    said = (
        "chungtay: TELEGRAM_WEBHOOK_URL trỏ tới chungtay.exmaple.vn, còn PUBLIC_URL là chungtay.example.vn: "
        "nếu cả hai đều là địa chỉ của bot này thì một trong hai đã gõ nhầm (mọi tin sẽ được gửi đến nơi "
        "không có bot nhận); nếu đó là hai tên của cùng một máy chủ thì không sao"
    )
    run = cli("run", env=typo)
    assert run.returncode == 2 and run.stderr.splitlines()[0] == said
    assert run.stderr.splitlines()[1].startswith("chungtay: chưa có token")
    webhook = cli("telegram", "set-webhook", env=typo)
    assert webhook.stderr.splitlines() == [said, "chungtay: chưa đặt TELEGRAM_BOT_TOKEN trong .env"]
    english = cli("telegram", "set-webhook", env={**typo, "DEFAULT_LOCALE": "en"})
    assert english.stderr.splitlines()[0] == (
        "chungtay: TELEGRAM_WEBHOOK_URL is at chungtay.exmaple.vn, PUBLIC_URL at chungtay.example.vn: if "
        "both are this bot's, one of them is mistyped (every update would go where no worker serves it); if "
        "they are two names of one server, nothing is wrong"
    )
    right = {**typo, "TELEGRAM_WEBHOOK_URL": "https://CHUNGTAY.example.vn/chungtay/telegram"}
    assert (
        cli("telegram", "set-webhook", env=right).stderr
        == "chungtay: chưa đặt TELEGRAM_BOT_TOKEN trong .env\n"
    )
    assert cli("org", "units", env=typo).stderr.count("PUBLIC_URL") == 0  # said where an address is used
