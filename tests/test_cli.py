"""The `chungtay` command end to end: `bot.cli.main(argv)` runs in this process, as the real command would,
against a temporary SQLite database, from a temporary directory so that no `.env` file is read, with every
setting given explicitly in the environment and stdin, stdout and stderr its own. A few tests start a real
process on purpose: the smoke test of `python -m bot`, and those that need a process of their own."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import json
import logging
import os
import pty
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import bot.app
from bot.config import Settings
from bot.domain.invites import CODE_ALPHABET, CODE_LENGTH
from tests.support.launcher import run_command

ROOT = Path(__file__).resolve().parents[1]
PLAN_2021 = ROOT / "campaigns" / "vi-nguoi-ngheo-2021-2025.toml"

ORG_CODE = "TRUONG"
STAFF_HEADER = "Đơn vị,Họ và tên,Chức vụ,Số điện thoại,Vai trò"
STAFF_ROWS = (
    "Phòng Đào tạo,Nguyễn Văn An,Giáo viên,0912 345 678,",
    "Phòng Đào tạo,Trần Thị Bình,Kế toán,+84 912 345 679,thủ quỹ",
    "Khoa Nội,Lê Văn Cường,,,",
)
UNIT = "phong-dao-tao"  # the code `org import` gives "Phòng Đào tạo"
NEW_STAFF_ROWS = (
    "Phòng Hành chính,Phạm Thị Dung,Văn thư,0987.654.321,",
    "Phòng Hành chính,Hoàng Văn Em,,,cán bộ công đoàn",
    "Khoa Ngoại,Đỗ Thị Giang,Giáo viên,,",
)
BAD_ROW = "Khoa Ngoại,,Giáo viên,,"  # no name
ENGLISH = {"DEFAULT_LOCALE": "en"}  # an office whose chats, and so its shell, speak English

CODE = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
MENU = "Đăng ký thi đua"  # the first option of the main menu
INVITE_PROMPT = "nhập mã mời"  # what the bot asks someone it does not know


@dataclass
class Cli:
    """Runs `chungtay ARGS` in `cwd` against the SQLite file `db`: in this process (`cli(...)`), or a real
    Python process (`cli.python(...)`) where a test needs one."""

    cwd: Path
    db: Path
    settings: Mapping[str, str] | None = field(default=None, kw_only=True)  # an office's own (ENGLISH)

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        settings = {name.upper() for name in Settings.model_fields}
        env = {k: v for k, v in os.environ.items() if k.upper() not in settings}  # no TELEGRAM_BOT_TOKEN
        env.update(
            DATABASE_URL=f"sqlite+aiosqlite:///{self.db}",
            MEDIA_DIR=str(self.cwd / "media"),
            LOG_LEVEL="WARNING",
            PYTHONIOENCODING="utf-8",
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
        )
        env.update(self.settings or {})
        env.update(extra or {})
        return env

    def __call__(
        self,
        *args: str,
        stdin: str = "",
        env: Mapping[str, str] | None = None,
        terminal: bool = False,
        stop_at: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        return run_main(
            args, stdin=stdin, cwd=self.cwd, env=self.env(env), terminal=terminal, stop_at=stop_at
        )

    def python(
        self, *args: str, stdin: str = "", env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=self.cwd,
            env=self.env(env),
            timeout=60,
        )


class _Screen(io.StringIO):
    """Standard error as an operator reads it: where it first says `stop_at`, Ctrl-C, once."""

    def __init__(self, stop_at: str | None) -> None:
        super().__init__()
        self.stop_at = stop_at

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.stop_at is not None and self.stop_at in self.getvalue():
            self.stop_at = None
            os.kill(os.getpid(), signal.SIGINT)
        return written


def run_main(
    argv: Sequence[str],
    *,
    stdin: str,
    cwd: Path,
    env: Mapping[str, str],
    terminal: bool = False,
    stop_at: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`bot.cli.main(argv)` as a process would see it: exactly `env` as the environment, `cwd` as the working
    directory, `stdin` (as bytes, like a pipe; with `terminal`, typed into a real pseudo-terminal, then
    Ctrl-D) for input, stdout and stderr captured, an uncaught exception printed and exit code 1. It runs in
    a thread of its own, so that a test already inside an event loop can call it; the environment,
    directory, streams and the logging `main` sets up are put back afterwards. With `stop_at`, a command that
    runs until it is stopped (`send`, `run`) runs in this thread, the main one, whose signals its runtime
    answers, and is stopped as an operator stops it, Ctrl-C, once standard error says `stop_at` (or after 60
    s, a bound that should never be met)."""
    out, err = io.StringIO(), _Screen(stop_at)
    outcome: list[int] = []

    def run() -> None:
        outcome.append(run_command(list(argv)))

    root = logging.getLogger()
    loggers = {name: logging.getLogger(name) for name in ("alembic", "aiogram.event")}
    saved_logging = (root.handlers[:], root.level, {name: lg.level for name, lg in loggers.items()})
    saved_env, saved_cwd, saved_stdin = dict(os.environ), os.getcwd(), sys.stdin
    try:
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        if terminal:
            keyboard, screen = pty.openpty()
            os.write(keyboard, stdin.encode("utf-8") + b"\x04")  # Ctrl-D at a line's start: end of input
            sys.stdin = open(screen, encoding="utf-8")  # noqa: SIM115  (closed below)
        else:
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            if stop_at is not None:
                assert threading.current_thread() is threading.main_thread()
                bound = threading.Timer(60, os.kill, (os.getpid(), signal.SIGINT))
                bound.start()
                try:
                    run()
                finally:
                    bound.cancel()
            else:
                worker = threading.Thread(target=run, name="chungtay", daemon=True)
                worker.start()
                worker.join(timeout=60)
    finally:
        if terminal:
            sys.stdin.close()
            os.close(keyboard)
        sys.stdin = saved_stdin
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        root.handlers[:], level, levels = saved_logging
        root.setLevel(level)
        for name, logger in loggers.items():
            logger.setLevel(levels[name])
    assert outcome, f"chungtay {' '.join(argv)} still running after 60 s\n{out.getvalue()}\n{err.getvalue()}"
    return subprocess.CompletedProcess(["chungtay", *argv], outcome[0], out.getvalue(), err.getvalue())


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute(sql).fetchall()


def dump(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as connection:
        return list(connection.iterdump())


def staff_file(directory: Path, *rows: str, name: str = "danh-sach.csv") -> Path:
    path = directory / name
    path.write_text("\n".join((STAFF_HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def join(code: str, name: str) -> str:
    """What a newcomer types: the invite code, their name, that it is on no list (the organisation has one),
    "1" for consent, "1" for Tiếng Việt."""
    return f"{code}\n{name}\nTham gia với tên này\n1\n1\n"


@pytest.fixture(scope="session")
def org_template(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with organisation TRUONG and its staff list imported, built once by the CLI."""
    directory = tmp_path_factory.mktemp("org-template")
    db = directory / "org.db"
    shutil.copy(migrated_template, db)
    org = Cli(directory, db)
    ok(org("org", "create", "--code", ORG_CODE, "--name", "Trường Trung cấp nghề thử"))
    ok(org("org", "import", str(staff_file(directory, *STAFF_ROWS))))
    return db


@pytest.fixture
def cli(tmp_path: Path, db_path: Path) -> Cli:
    """The CLI on a freshly migrated, empty database."""
    return Cli(tmp_path, db_path)


@pytest.fixture
def org_cli(tmp_path: Path, org_template: Path) -> Cli:
    """The CLI on a database that already has organisation TRUONG with units and staff."""
    db = tmp_path / "org.db"
    shutil.copy(org_template, db)
    return Cli(tmp_path, db)


def test_db_upgrade_creates_the_schema_and_a_second_run_is_harmless(tmp_path: Path) -> None:
    cli = Cli(tmp_path, tmp_path / "new.db")
    said = re.fullmatch(
        r"Database migrated to (\d{4}) \((\d+) migrations applied\)\.\n",
        ok(cli("db", "upgrade", env=ENGLISH)),
    )
    tables = {name for (name,) in query(cli.db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"alembic_version", "organisation", "unit", "person", "invite", "campaign"} <= tables
    version = query(cli.db, "SELECT version_num FROM alembic_version")
    assert (
        said is not None and version == [(said[1],)] and int(said[2]) == int(said[1])
    )  # every one, from 0001

    assert (
        ok(cli("db", "upgrade", env=ENGLISH)) == "Database is up to date.\n"
    )  # nothing to do, and it says so
    assert query(cli.db, "SELECT version_num FROM alembic_version") == version


def test_campaign_load_installs_the_shipped_plan_into_the_only_organisation(org_cli: Cli) -> None:
    out = ok(org_cli("campaign", "load", str(PLAN_2021), env=ENGLISH))
    assert out.startswith("Loaded Phong trào thi đua")
    assert out.rstrip().endswith(f"giai đoạn 2021–2025 (2021–2025) into {ORG_CODE}.")
    assert query(org_cli.db, "SELECT slug FROM campaign") == [("vi-nguoi-ngheo-2021-2025",)]


LOCAL_SETTINGS = """\
campaign = "vi-nguoi-ngheo-2021-2025"
year = 2025

[registration]
opens_on = 2025-01-06
closes_on = 2025-03-31

[[suggested_targets]]
criterion = "ung-ho-quy"
value = 300_000

[[drives]]
code = "cao-diem-2025"
title = "Tháng cao điểm “Vì người nghèo” 2025"
starts_on = 2025-10-01
ends_on = 2025-12-31
kinds = ["money", "goods"]
fund = true
target_vnd = 20_000_000
suggested_level = "Ít nhất 01 ngày lương"
"""


def test_org_settings_load_sets_the_years_local_choices_and_a_bad_file_changes_nothing(org_cli: Cli) -> None:
    ok(org_cli("campaign", "load", str(PLAN_2021)))
    settings = org_cli.cwd / "thiet-lap-2025.toml"
    settings.write_text(LOCAL_SETTINGS, encoding="utf-8")

    out = ok(org_cli("org", "settings", "load", str(settings), env=ENGLISH))
    assert f"Loaded the local settings of {ORG_CODE} for 2025 (vi-nguoi-ngheo-2021-2025)." in out
    assert "Registration: from 06/01/2025 to 31/03/2025." in out
    assert f"  {ORG_CODE} reads as an office: “Toàn cơ quan”, union officers (a commune: chungtay" in out
    assert "Drives: 1 added, 0 updated." in out and "Suggested targets: 1 added, 0 updated." in out
    # The public holidays are built in, Tết's whole break as the government set it, and the Saturday it made a
    # working day for the swap of 2/5 (decision 0246).
    assert "27/01/2025 29 Tết" in out and "07/04/2025 Ngày Giỗ Tổ Hùng Vương" in out
    assert "02/05/2025 Ngày nghỉ (thay cho ngày 26/04/2025)" in out
    assert "Weekend days the government made working days: 26/04/2025." in out
    assert query(org_cli.db, "SELECT code, fund, target_vnd FROM drive") == [("cao-diem-2025", 1, 20_000_000)]
    assert query(org_cli.db, "SELECT year, opens_on, closes_on FROM registration_window") == [
        (2025, "2025-01-06", "2025-03-31")
    ]
    assert "Drives: 0 added, 0 updated." in ok(org_cli("org", "settings", "load", str(settings), env=ENGLISH))

    broken = org_cli.cwd / "sai.toml"
    text = LOCAL_SETTINGS.replace("closes_on = 2025-03-31", "closes_on = 2024-12-31").replace(
        "fund = true\n", ""
    )
    broken.write_text(text, encoding="utf-8")
    before = dump(org_cli.db)
    result = org_cli("org", "settings", "load", str(broken))
    assert result.returncode == 2 and result.stdout == ""
    closes = text.splitlines().index("closes_on = 2024-12-31") + 1
    drive = text.splitlines().index("[[drives]]") + 1
    assert result.stderr.splitlines() == [  # the office's Vietnamese (docs/decisions/1841)
        f"chungtay: {broken}, dòng {closes}, registration.closes_on: 2024-12-31 không thuộc năm 2025, năm "
        "của tệp cài đặt này",
        f"{broken}, dòng {closes}, registration.closes_on: 2024-12-31 trước opens_on (2025-01-06)",
        f"{broken}, dòng {drive}, drives[1].fund: thiếu khóa bắt buộc này",
    ]
    english = org_cli("org", "settings", "load", str(broken), env=ENGLISH)
    assert english.stderr.splitlines() == [
        f"chungtay: {broken}, line {closes}, registration.closes_on: 2024-12-31 is not in 2025, the year "
        "these settings are for",
        f"{broken}, line {closes}, registration.closes_on: 2024-12-31 is before opens_on (2025-01-06)",
        f"{broken}, line {drive}, drives[1].fund: required key is missing",
    ]
    assert dump(org_cli.db) == before


TET_2027 = """\
campaign = "vi-nguoi-ngheo-2026-2030"
year = 2027

[[drives]]
code = "tet-2027"
title = "Tết vì người nghèo 2027"
starts_on = 2026-12-07
ends_on = 2027-01-15
kinds = ["money", "goods"]
fund = true
"""


def test_a_tet_drive_from_mid_december_loads_from_the_new_years_file_and_again_unchanged(
    org_cli: Cli,
) -> None:
    """An office set up in December has no file for the year ending: its Tết drive opening on 7/12/2026
    goes in the 2027 file, loads, and loads again as the same drive (decision 1586)."""
    ok(org_cli("campaign", "load", str(ROOT / "campaigns" / "vi-nguoi-ngheo-2026-2030.toml")))
    settings = org_cli.cwd / "thiet-lap-2027.toml"
    settings.write_text(TET_2027, encoding="utf-8")

    loaded = org_cli("org", "settings", "load", str(settings), env=ENGLISH)
    assert loaded.returncode == 0, loaded.stderr
    assert "Drives: 1 added, 0 updated." in loaded.stdout
    assert query(org_cli.db, "SELECT code, starts_on, ends_on FROM drive") == [
        ("tet-2027", "2026-12-07", "2027-01-15")
    ]
    again = ok(org_cli("org", "settings", "load", str(settings), env=ENGLISH))
    assert "Drives: 0 added, 0 updated." in again

    november = org_cli.cwd / "thang-11.toml"  # a start before December is still another year's, and says so
    november.write_text(TET_2027.replace("2026-12-07", "2026-11-20"), encoding="utf-8")
    refused = org_cli("org", "settings", "load", str(november), env=ENGLISH)
    assert refused.returncode == 2
    assert (
        "drives[1].starts_on: 2026-11-20 is not in 2027, the year these settings are for (a drive that ends "
        "in 2027 may start in December 2026, e.g. starts_on = 2026-12-07 with ends_on = 2027-01-15)"
    ) in refused.stderr


def test_loading_a_plan_and_a_settings_file_shows_the_report_alone_and_log_lines_with_verbose(
    org_cli: Cli,
) -> None:
    """LOG_LEVEL at its default (INFO): the clerk's screen has the report, not the log's timestamped English
    lines under it; `--verbose` shows them (decision 1587)."""
    info = {"LOG_LEVEL": "INFO"}
    plan = org_cli("campaign", "load", str(ROOT / "campaigns" / "vi-nguoi-ngheo-2026-2030.toml"), env=info)
    assert plan.returncode == 0 and plan.stdout.startswith("Đã nạp")
    assert plan.stderr == ""
    settings = org_cli.cwd / "thiet-lap-2027.toml"
    settings.write_text(TET_2027, encoding="utf-8")
    loaded = org_cli("org", "settings", "load", str(settings), env=info)
    assert loaded.returncode == 0 and loaded.stderr == ""
    verbose = org_cli("org", "settings", "load", str(settings), "--verbose", env=info)
    assert verbose.returncode == 0 and " INFO bot." in verbose.stderr


def test_reloading_the_settings_keeps_a_drives_later_edits_says_so_and_follows_the_file_where_it_changed(
    org_cli: Cli,
) -> None:
    """A drive's target and end moved at the shell after its file was loaded: loading the unchanged file
    again keeps both and says so per field; once the file itself changes the target, the file's wins; every
    change is audited (docs/decisions/0127)."""
    ok(org_cli("campaign", "load", str(PLAN_2021)))
    settings = org_cli.cwd / "thiet-lap-2025.toml"
    settings.write_text(LOCAL_SETTINGS, encoding="utf-8")
    ok(org_cli("org", "settings", "load", str(settings)))
    ok(org_cli("drive", "edit", "cao-diem-2025", "--target", "100tr", "--ends", "2026-01-10"))

    again = ok(org_cli("org", "settings", "load", str(settings)))
    # In the chats' Vietnamese, as the kept line was already (decision 1129): the rest was English.
    assert again.startswith(
        f"Đã nạp thiết lập riêng của {ORG_CODE} cho năm 2025 (vi-nguoi-ngheo-2021-2025).\n"
        f"  {ORG_CODE} được hiểu là một cơ quan"
    )
    assert "  Đăng ký: từ 06/01/2025 đến 31/03/2025.\n  Đợt vận động: thêm 0, cập nhật 0.\n" in again
    assert "Ngày cuối tuần Nhà nước cho làm bù: 26/04/2025." in again
    assert (
        "  cao-diem-2025: giữ mục tiêu 100.000.000\xa0₫ và ngày kết thúc 10/01/2026 đã sửa sau khi nạp tệp; "
        "muốn đổi nữa, anh/chị sửa tệp rồi nạp lại\n"
    ) in again
    assert query(org_cli.db, "SELECT starts_on, ends_on, target_vnd FROM drive") == [
        ("2025-10-01", "2026-01-10", 100_000_000)
    ]
    listed = ok(org_cli("drive", "list"))
    assert "01/10/2025 đến 10/01/2026" in listed and "của 100.000.000\xa0₫" in listed

    settings.write_text(LOCAL_SETTINGS.replace("20_000_000", "120_000_000"), encoding="utf-8")
    changed = ok(org_cli("org", "settings", "load", str(settings)))
    assert "Đợt vận động: thêm 0, cập nhật 1." in changed
    assert "cao-diem-2025: giữ ngày kết thúc 10/01/2026 đã sửa sau khi nạp tệp" in changed
    assert "mục tiêu" not in changed  # the file's new target is taken, not kept
    assert query(org_cli.db, "SELECT ends_on, target_vnd FROM drive") == [("2026-01-10", 120_000_000)]
    rows = query(org_cli.db, "SELECT details FROM audit_log WHERE action = 'drive.settings' ORDER BY id")
    last = json.loads(rows[-1][0])
    assert (last["before"], last["after"]) == ({"target_vnd": 100_000_000}, {"target_vnd": 120_000_000})
    assert last["kept"] == ["ends_on"]


def test_broken_plan_exits_2_naming_file_line_and_key_and_changes_nothing(org_cli: Cli) -> None:
    text = PLAN_2021.read_text(encoding="utf-8")
    assert text.count('measure = "labour_days"') >= 1  # criteria[2], "ngay-cong"
    broken = text.replace('measure = "labour_days"', 'measure = "ngay"', 1)
    line = next(n for n, row in enumerate(broken.splitlines(), start=1) if row == 'measure = "ngay"')
    plan = org_cli.cwd / "ke-hoach-loi.toml"
    plan.write_text(broken, encoding="utf-8")
    before = dump(org_cli.db)

    result = org_cli("campaign", "load", str(plan), env=ENGLISH)

    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{plan}, line {line}, criteria[2].measure: " in result.stderr
    assert "money, labour_days, count, yes_no" in result.stderr  # what is allowed
    assert "Traceback" not in result.stderr
    assert dump(org_cli.db) == before


def test_a_plans_mistakes_are_said_in_the_offices_vietnamese_with_what_works(org_cli: Cli) -> None:
    """An office that reads Vietnamese (nothing set) loads a plan with its title's key misspelt and a
    criterion's measure mistyped, then one whose end is written day first: each line says “dòng”, what is
    wrong in Vietnamese and what works; an English office reads the English (docs/decisions/1840)."""
    text = PLAN_2021.read_text(encoding="utf-8")
    broken = text.replace('measure = "labour_days"', 'measure = "ngay"', 1)
    broken = broken.replace("title =", "titel =", 1)
    plan = org_cli.cwd / "ke-hoach-loi.toml"
    plan.write_text(broken, encoding="utf-8")
    rows = broken.splitlines()
    measure = next(n for n, row in enumerate(rows, start=1) if row == 'measure = "ngay"')
    titel = next(n for n, row in enumerate(rows, start=1) if row.startswith("titel ="))
    before = dump(org_cli.db)

    result = org_cli("campaign", "load", str(plan))

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"chungtay: {plan}, dòng {titel}, titel: khóa không có trong mẫu "
        '(có phải anh/chị muốn ghi "title"?); các khóa được dùng: slug, title, starts_on, ends_on, '
        "description, source, template, milestones, deadlines, target_groups, criteria, award_forms",
        f'{plan}, dòng {measure}, criteria[2].measure: "ngay" không thuộc các giá trị được dùng: money, '
        "labour_days, count, yes_no",
        f"{plan}, title: thiếu khóa bắt buộc này",
    ]
    assert dump(org_cli.db) == before

    day_first = org_cli.cwd / "ke-hoach-ngay.toml"
    day_first.write_text(text.replace("ends_on = 2025-12-31", "ends_on = 31/12/2025", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row == "ends_on = 2025-12-31")

    said = org_cli("campaign", "load", str(day_first))

    assert said.returncode == 2
    assert said.stderr == (
        f"chungtay: {day_first}, dòng {line}, ends_on: 31/12/2025: ngày trong tệp này viết năm trước, "
        "không có ngoặc kép: 2025-12-31\n"
    )
    english = org_cli("campaign", "load", str(day_first), env=ENGLISH)
    assert english.stderr == (
        f"chungtay: {day_first}, line {line}, ends_on: 31/12/2025: a date in this file is written year "
        "first, without quotes: 2025-12-31\n"
    )
    assert dump(org_cli.db) == before


_TITLE = 'title = "Phát động Phong trào thi đua, đăng ký thi đua"'


@pytest.mark.parametrize(
    ("written", "said", "english"),
    [
        (
            _TITLE.replace(" = ", " "),
            "lỗi cú pháp TOML: sau tên khóa phải có dấu = rồi đến giá trị, "
            'ví dụ title = "Tháng cao điểm" (cột 7)',
            "TOML syntax error: a key is followed by = and its value, "
            'e.g. title = "Tháng cao điểm" (column 7)',
        ),
        (
            _TITLE.removesuffix('"'),
            "lỗi cú pháp TOML: một đoạn chữ chưa được đóng: hãy đóng nó ngay trên dòng đó bằng đúng dấu "
            'nháy đã mở, ví dụ title = "Tháng cao điểm" (cột 55)',
            "TOML syntax error: a text is not closed: end it on its line with the quote it opens with, e.g. "
            'title = "Tháng cao điểm" (column 55)',
        ),
        (
            f"{_TITLE}\n{_TITLE}",
            "lỗi cú pháp TOML: khóa hoặc bảng này được viết lần thứ hai: chỉ giữ một trong hai (cột 56)",
            "TOML syntax error: this key or table is written a second time: keep one of the two (column 56)",
        ),
        (
            _TITLE.replace('"', ""),
            'lỗi cú pháp TOML: giá trị không đọc được: chữ thì đặt trong ngoặc kép ("Tết 2027"), số thì '
            "chỉ viết chữ số (500000), ngày thì viết năm trước (2026-12-31), hoặc true, false (cột 9)",
            'TOML syntax error: a value that cannot be read: a text in quotes ("Tết 2027"), a number in '
            "figures alone (500000), a date year first (2026-12-31), true or false (column 9)",
        ),
        (
            f'{_TITLE} "lần 2"',
            "lỗi cú pháp TOML: dòng này còn viết tiếp sau giá trị: số thì chỉ viết chữ số, không dấu cách, "
            'dấu chấm hay dấu phẩy (500000); dấu ngoặc kép trong một đoạn chữ thì viết “ ” (title = "Quỹ '
            '“Vì người nghèo”"); mỗi dòng một khóa = giá trị (cột 57)',
            "TOML syntax error: the line goes on after its value: a number is written in figures alone, "
            'without spaces, dots or commas (500000); quotes inside a text are written “ ” (title = "Quỹ “Vì '
            'người nghèo”"); one key = value a line (column 57)',
        ),
        (
            "target = 500 000",
            "lỗi cú pháp TOML: dòng này còn viết tiếp sau giá trị: số thì chỉ viết chữ số, không dấu cách, "
            'dấu chấm hay dấu phẩy (500000); dấu ngoặc kép trong một đoạn chữ thì viết “ ” (title = "Quỹ '
            '“Vì người nghèo”"); mỗi dòng một khóa = giá trị (cột 14)',
            "TOML syntax error: the line goes on after its value: a number is written in figures alone, "
            'without spaces, dots or commas (500000); quotes inside a text are written “ ” (title = "Quỹ “Vì '
            'người nghèo”"); one key = value a line (column 14)',
        ),
        (
            "[[milestones]",
            "lỗi cú pháp TOML, theo lời (tiếng Anh) của trình đọc TOML: Expected ']]' at the end of an array "
            "declaration (cột 13)",
            "TOML syntax error, in the words of the TOML reader: Expected ']]' at the end of an array "
            "declaration (column 13)",
        ),
    ],
    ids=["no-equals", "unclosed-text", "twice", "invalid-value", "text-goes-on", "spaced-number", "other"],
)
def test_the_toml_mistakes_people_meet_are_said_in_the_offices_vietnamese(
    org_cli: Cli, written: str, said: str, english: str
) -> None:
    """A plan with a mistake of TOML's own grammar: the few people meet are said in the office's language
    with what works, the rest in the reader's words after a Vietnamese lead-in (docs/decisions/1891)."""
    text = PLAN_2021.read_text(encoding="utf-8")
    assert _TITLE in text
    plan = org_cli.cwd / "ke-hoach-cu-phap.toml"
    plan.write_text(text.replace(_TITLE, written, 1), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row == _TITLE)
    line += written.count("\n")  # the second of two
    before = dump(org_cli.db)

    result = org_cli("campaign", "load", str(plan))
    in_english = org_cli("campaign", "load", str(plan), env=ENGLISH)

    assert (result.returncode, in_english.returncode) == (2, 2)
    assert result.stderr == f"chungtay: {plan}, dòng {line}: {said}\n"
    assert in_english.stderr == f"chungtay: {plan}, line {line}: {english}\n"
    assert dump(org_cli.db) == before


# the seed's treasurer covers her own unit only: the units she does not are named (decision 1032)
UNCONFIRMED = (
    "Chưa có thủ quỹ xác nhận khoản đóng góp của 3 đơn vị: Khoa Ngoại, Khoa Nội, Phòng Hành chính. Thủ quỹ "
    "của cả tổ chức: chungtay people grant MÃ_SỐ treasurer --org-wide (mã số: chungtay people list); thủ quỹ "
    "của một đơn vị: ghi “thủ quỹ” ở cột Vai trò trên dòng của người đó rồi nhập lại.\n"
)
ABSENT = (
    "Không có trong danh sách mới: 3 người — nếu họ đã nghỉ: "
    "chungtay people leave MÃ_SỐ [--on NGÀY/THÁNG/NĂM]\n"
    "  mã số 3: Lê Văn Cường (khoa-noi)\n"
    "  mã số 1: Nguyễn Văn An (phong-dao-tao)\n"
    "  mã số 2: Trần Thị Bình (phong-dao-tao)\n"
)


def test_org_import_reports_counts_and_bad_line_and_exits_1_only_while_rows_fail(org_cli: Cli) -> None:
    cli = org_cli
    rows = (NEW_STAFF_ROWS[0], BAD_ROW, *NEW_STAFF_ROWS[1:])  # the bad row is on line 3 of the file

    result = cli("org", "import", str(staff_file(cli.cwd, *rows)))

    assert result.returncode == 1, result.stderr
    assert result.stdout == (  # one language, Vietnamese like the row messages, and no plural ending
        "Đã thêm 3 người; bỏ qua 1 dòng; 2 đơn vị mới.\n"
        "Các dòng bị bỏ qua:\n"
        "  Dòng 3: thiếu họ và tên\n"
        "Đơn vị mới:\n"  # the organisation had units: the new ones are named, with their codes
        "  Phòng Hành chính (mã phong-hanh-chinh)\n"
        "  Khoa Ngoại (mã khoa-ngoai)\n" + UNCONFIRMED + ABSENT
        # The people listed before whom this file does not have: named, never marked as gone (decision 0118).
    )
    assert "Traceback" not in result.stderr

    fixed = ok(cli("org", "import", str(staff_file(cli.cwd, *NEW_STAFF_ROWS, name="da-sua.csv"))))
    counts = "Đã thêm 0 người; 3 người đã có: 0 thay đổi, 3 như cũ; bỏ qua 0 dòng; 0 đơn vị mới.\n"
    assert fixed == counts + UNCONFIRMED + ABSENT
    assert query(cli.db, "SELECT count(*) FROM person") == [(len(STAFF_ROWS) + len(NEW_STAFF_ROWS),)]


def test_two_people_of_one_name_in_one_unit_with_different_phones_are_imported_as_two_and_said(
    org_cli: Cli,
) -> None:
    """Two rows of “Võ Thị Mai” in one unit with different phones: two people, as before, and one line names
    both rows (decision 1588)."""
    rows = (
        *STAFF_ROWS,
        "Phòng Đào tạo,Võ Thị Mai,Giáo viên,0905 111 222,",
        "Phòng Đào tạo,Võ Thị Mai,Giáo viên,0905 333 444,",
    )
    out = ok(org_cli("org", "import", str(staff_file(org_cli.cwd, *rows))))
    assert (
        "Các dòng đã nhập, có cảnh báo:\n"
        "  Dòng 5 và 6: cùng tên “Võ Thị Mai” trong “Phòng Đào tạo”, số điện thoại khác nhau: đã nhập thành "
        "những người khác nhau; nếu là một người, anh/chị giữ một dòng với số đúng\n"
    ) in out
    assert query(org_cli.db, "SELECT count(*) FROM person WHERE full_name = 'Võ Thị Mai'") == [(2,)]


def test_people_list_says_whom_a_stand_in_covers_and_until_when(org_cli: Cli, on_monday: datetime) -> None:
    """Bình, the unit's treasurer, on leave until 15/03/2027, and An her stand-in: An's role says whom she
    stands in for and until when (decision 1589)."""
    ok(org_cli("people", "away", "2", "--until", "15/03/2027"))
    ok(org_cli("people", "grant", "1", "treasurer", "--unit", UNIT, "--stand-in", "--for", "2"))
    listed = ok(org_cli("people", "list"))
    an = next(line for line in listed.splitlines() if "Nguyễn Văn An" in line)
    assert "(thay Trần Thị Bình đến 15/03/2027)" in an
    english = ok(org_cli("people", "list", env=ENGLISH))
    an = next(line for line in english.splitlines() if "Nguyễn Văn An" in line)
    assert "(standing in for Trần Thị Bình until 15/03/2027)" in an
    binh = next(line for line in english.splitlines() if line.startswith("2 "))  # her own row
    assert "standing in" not in binh


def test_a_stand_in_given_for_a_second_colleague_reads_when_the_role_ends_in_a_few_plain_words(
    org_cli: Cli, on_monday: datetime
) -> None:
    """An stands in for Bình; Cường, the organisation's treasurer, goes on leave too and the office gives An
    the role again for him: the line says she now covers both, and that the role ends when all of them
    are back, not “when the last of these leaves ends” in three words of leave (decision 1618)."""
    ok(org_cli("people", "away", "2", "--until", "15/03/2027"))
    ok(org_cli("people", "grant", "1", "treasurer", "--unit", UNIT, "--stand-in", "--for", "2"))
    ok(org_cli("people", "grant", "3", "treasurer", "--org-wide"))
    ok(org_cli("people", "away", "3", "--until", "20/03/2027"))
    out = ok(org_cli("people", "grant", "1", "treasurer", "--unit", UNIT, "--stand-in", "--for", "3"))
    assert (
        "nay phụ trách thay cả Lê Văn Cường; vai trò tự kết thúc khi những người nghỉ đều đã đi làm lại."
        in out
    )
    assert "kỳ nghỉ sau cùng" not in out


def test_an_english_office_reads_the_imports_report_in_english_and_a_file_not_there_with_an_example(
    org_cli: Cli,
) -> None:
    """The import's report follows DEFAULT_LOCALE as the shell's other commands do (decisions 1127, 1226);
    the row messages, about the office's own Vietnamese sheet, stay as the import words them."""
    rows = (NEW_STAFF_ROWS[0], BAD_ROW, *NEW_STAFF_ROWS[1:])
    result = org_cli("org", "import", str(staff_file(org_cli.cwd, *rows)), env=ENGLISH)
    assert result.returncode == 1, result.stderr
    assert result.stdout == (
        "Added: 3; rows skipped: 1; new units: 2.\n"
        "Rows skipped:\n"
        "  Dòng 3: thiếu họ và tên\n"
        "New units:\n"
        "  Phòng Hành chính (code phong-hanh-chinh)\n"
        "  Khoa Ngoại (code khoa-ngoai)\n"
        "No treasurer yet confirms the contributions of these units (3): Khoa Ngoại, Khoa Nội, Phòng Hành "
        "chính. The whole organisation's treasurer: chungtay people grant ID treasurer --org-wide (IDs: "
        "chungtay people list); a unit's treasurer: write “thủ quỹ” in the Vai trò column on their row and "
        "import again.\n"
        "Not on the new list: 3 — if they have left: chungtay people leave ID [--on DD/MM/YYYY]\n"
        "  ID 3: Lê Văn Cường (khoa-noi)\n"
        "  ID 1: Nguyễn Văn An (phong-dao-tao)\n"
        "  ID 2: Trần Thị Bình (phong-dao-tao)\n"
    )
    missing = org_cli("org", "import", "danh-sach-cu.xlsx", env=ENGLISH)
    assert missing.returncode == 2
    assert (
        'file "danh-sach-cu.xlsx" not found: give the path of the staff list, for example chungtay org '
        "import danh-sach.xlsx"
    ) in missing.stderr
    assert "không tìm thấy" in org_cli("org", "import", "danh-sach-cu.xlsx").stderr  # Vietnamese by default


def test_the_import_says_how_to_make_the_head_of_the_organisation_its_leader_and_grants_it_no_one(
    org_cli: Cli,
) -> None:
    rows = (
        "UBND xã,Nguyễn Văn Chủ,Chủ tịch UBND xã,,lãnh đạo",
        "UBND xã,Lê Văn Công,Chủ tịch Công đoàn,,lãnh đạo",
        "UBND xã,Đỗ Văn Phó,Phó Chủ tịch UBND xã,,lãnh đạo",
        "Thôn 1,Trần Văn Thôn,Trưởng thôn,,trưởng thôn",
    )
    out = ok(org_cli("org", "import", str(staff_file(org_cli.cwd, *rows, name="xa.csv"))))
    chu = query(org_cli.db, "SELECT id FROM person WHERE full_name = 'Nguyễn Văn Chủ'")[0][0]
    assert "Lãnh đạo trong danh sách (4 người) là lãnh đạo của đơn vị ghi trên dòng của mình." in out
    assert "chungtay people grant MÃ_SỐ leader --org-wide" in out
    assert (
        f"  Dòng 2: Nguyễn Văn Chủ (Chủ tịch UBND xã) là lãnh đạo của UBND xã; nếu là người đứng đầu cả tổ "
        f"chức: chungtay people grant {chu} leader --org-wide\n"
    ) in out
    assert "Lê Văn Công" not in out and "Đỗ Văn Phó" not in out and "Trần Văn Thôn" not in out
    assert query(
        org_cli.db, "SELECT count(*) FROM role_assignment WHERE role = 'leader' AND unit_id IS NULL"
    ) == [(0,)]
    ok(org_cli("people", "grant", str(chu), "leader", "--org-wide"))  # as the report says
    again = ok(org_cli("org", "import", str(staff_file(org_cli.cwd, *rows, name="xa.csv"))))
    assert "Nguyễn Văn Chủ" not in again  # organisation-wide now: not named again


def test_the_import_names_the_organisations_union_officers_and_treasurer_with_the_command_for_the_whole(
    org_cli: Cli,
) -> None:
    rows = (
        "Khoa Nội,Lê Thị Chủ,Chủ tịch Công đoàn cơ sở,,cán bộ công đoàn",
        "Khoa Nội,Phan Thị Quỹ,Thủ quỹ công đoàn,,thủ quỹ",
        "Khoa Ngoại,Đỗ Văn Tổ,Tổ trưởng công đoàn khoa,,cán bộ công đoàn",
    )
    out = ok(org_cli("org", "import", str(staff_file(org_cli.cwd, *rows, name="cd.csv"))))
    chu = query(org_cli.db, "SELECT id FROM person WHERE full_name = 'Lê Thị Chủ'")[0][0]
    quy = query(org_cli.db, "SELECT id FROM person WHERE full_name = 'Phan Thị Quỹ'")[0][0]
    assert (
        f"  Dòng 2: Lê Thị Chủ (Chủ tịch Công đoàn cơ sở) là cán bộ công đoàn của Khoa Nội; nếu phụ trách cả "
        f"tổ chức: chungtay people grant {chu} officer --org-wide\n"
    ) in out
    assert f"chungtay people grant {quy} treasurer --org-wide" in out
    assert "Đỗ Văn Tổ" not in out  # a department's union group leader serves the department
    ok(org_cli("people", "grant", str(chu), "officer", "--org-wide"))
    again = ok(org_cli("org", "import", str(staff_file(org_cli.cwd, *rows, name="cd.csv"))))
    assert "Lê Thị Chủ" not in again and "Phan Thị Quỹ" in again


def test_the_imports_report_lists_union_roles_under_their_own_heading_not_the_leaders(org_cli: Cli) -> None:
    rows = (
        "Khoa Nội,Nguyễn Văn Đầu,Giám đốc,,lãnh đạo",
        "Khoa Nội,Lê Thị Chủ,Chủ tịch Công đoàn cơ sở,,cán bộ công đoàn",
        "Khoa Nội,Phan Thị Quỹ,Thủ quỹ công đoàn,,thủ quỹ",
    )
    out = ok(org_cli("org", "import", str(staff_file(org_cli.cwd, *rows, name="ca-hai.csv"))))
    lines = out.splitlines()

    def heading_of(name: str) -> str:  # the last line above the person's that is not indented
        at = next(n for n, line in enumerate(lines) if name in line)
        return next(line for line in reversed(lines[:at]) if not line.startswith("  "))

    assert heading_of("Nguyễn Văn Đầu").startswith("Lãnh đạo trong danh sách (1 người)")
    for name in ("Lê Thị Chủ", "Phan Thị Quỹ"):
        assert heading_of(name).startswith("Cán bộ, thủ quỹ trong danh sách phụ trách đơn vị"), name


def test_invite_create_prints_an_8_character_code_and_the_telegram_link_when_the_bot_is_named(
    org_cli: Cli,
) -> None:
    plain = ok(org_cli("invite", "create", "--unit", UNIT, "--uses", "3", env=ENGLISH)).splitlines()
    assert CODE.fullmatch(plain[0])
    # What the code gives, in which unit, its uses and last day, as the invite list writes them.
    listed = ok(org_cli("invite", "list", env=ENGLISH)).splitlines()
    assert plain[1:3] == [f"  {listed[0].removeprefix(plain[0] + ': ')}", listed[1]]
    assert plain[1] == "  members of Phòng Đào tạo" and "3 of 3 uses left · until" in plain[2]
    assert "TELEGRAM_BOT_USERNAME" in plain[3]

    named = ok(
        org_cli(
            "invite",
            "create",
            "--unit",
            UNIT.upper(),
            "--uses",
            "3",
            env={"TELEGRAM_BOT_USERNAME": "ChungTayBot"},
        )
    ).splitlines()
    code = named[0]
    assert CODE.fullmatch(code)
    assert named[3:] == [f"https://t.me/ChungTayBot?start={code}"]
    assert query(org_cli.db, f"SELECT max_uses, uses, role FROM invite WHERE code = '{code}'") == [
        (3, 0, "member")
    ]


def test_invite_create_org_wide_makes_a_treasurers_code_of_the_whole_organisation_and_no_leaders(
    org_cli: Cli,
) -> None:
    """A school's union treasurer keeps every unit's money; a code could grant a role in one unit only
    (decision 1814). `--org-wide` makes a treasurer's or officer's code of the whole organisation, its unit
    the joiner's own; a leader's is refused with an example that works, and nothing is written."""
    made = ok(org_cli("invite", "create", "--unit", UNIT, "--role", "treasurer", "--org-wide")).splitlines()
    assert made[1] == "  thủ quỹ toàn cơ quan, thuộc Phòng Đào tạo", made
    stored = query(org_cli.db, f"SELECT role, org_wide FROM invite WHERE code = '{made[0]}'")
    assert stored == [("treasurer", 1)]
    listed = ok(org_cli("invite", "list", env=ENGLISH)).splitlines()
    assert listed[0] == f"{made[0]}: treasurers of the whole organisation, joining Phòng Đào tạo", listed
    before = dump(org_cli.db)
    refused = org_cli("invite", "create", "--unit", UNIT, "--role", "leader", "--org-wide")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        "chungtay: --org-wide chỉ dùng cho mã mời thủ quỹ hoặc cán bộ phụ trách (--role treasurer hoặc "
        f"--role officer), ví dụ: chungtay invite create --unit {UNIT} --role treasurer --org-wide; vai trò "
        "thành viên hay lãnh đạo là của đơn vị mình\n"
    )
    # a unit nobody has is said first: the refusal's example would name it (decision 2122)
    unknown = org_cli("invite", "create", "--unit", "phong-khong-co", "--role", "leader", "--org-wide")
    assert unknown.stderr.startswith('chungtay: Không có đơn vị nào có mã hoặc tên "phong-khong-co"'), unknown
    assert dump(org_cli.db) == before


def test_invite_create_org_wide_with_the_admins_role_says_an_admins_code_is_the_whole_organisations_already(
    org_cli: Cli,
) -> None:
    """An admin's code is of the whole organisation already: `--org-wide` with it is said so, with the command
    that works, not as if it were a member's or leader's code; nothing is written (decision 1885)."""
    before = dump(org_cli.db)
    refused = org_cli("invite", "create", "--unit", UNIT, "--role", "admin", "--org-wide")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        "chungtay: mã mời quản trị đã là của toàn cơ quan, không cần --org-wide, ví dụ: chungtay invite "
        f"create --unit {UNIT} --role admin\n"
    )
    assert dump(org_cli.db) == before
    english = org_cli("invite", "create", "--unit", UNIT, "--role", "admin", "--org-wide", env=ENGLISH)
    assert english.stderr == (
        "chungtay: an admin's code is of the whole organisation already, without --org-wide, for example: "
        f"chungtay invite create --unit {UNIT} --role admin\n"
    )
    assert dump(org_cli.db) == before


@pytest.mark.parametrize(
    "bounds", [["--uses", "5"], ["--no-expiry"], ["--expires-days", "30"], ["--uses", "1000", "--no-expiry"]]
)
def test_invite_create_org_wide_is_for_one_person_and_three_days_at_most(
    org_cli: Cli, bounds: list[str]
) -> None:
    """Whoever joins with an organisation-wide code reads every colleague's gift: a code for five, or with no
    end, is refused with an example that works and nothing is written; the code is one person's for three
    days, as an admin's (decisions 0078, 1857)."""
    before = dump(org_cli.db)
    refused = org_cli("invite", "create", "--unit", UNIT, "--role", "treasurer", "--org-wide", *bounds)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        "chungtay: mã mời toàn cơ quan cho người dùng nó xem khoản ủng hộ của mọi người, nên chỉ dành cho "
        "một người (--uses 1) và dùng được vài ngày (--expires-days 1 đến 3), ví dụ: chungtay invite "
        f"create --unit {UNIT} --role treasurer --org-wide; cần nhiều người thì tạo cho mỗi người một mã, "
        "hoặc giao vai trò theo tên: chungtay people grant MÃ_SỐ treasurer --org-wide\n"
    )
    assert dump(org_cli.db) == before
    made = ok(org_cli("invite", "create", "--unit", UNIT, "--role", "officer", "--org-wide", env=ENGLISH))
    assert "1 of 1 use left" in made.splitlines()[2], made
    stored = query(org_cli.db, "SELECT max_uses, julianday(expires_at) - julianday(created_at) FROM invite")
    assert stored == [(1, 3.0)]


def test_a_real_organisation_its_operator_coded_demo_has_no_demos_many_use_org_wide_code(cli: Cli) -> None:
    """The demo's exemption from one person and three days (decision 1857) is the demo's: the school `chungtay
    demo` seeds, its code and its name, not any organisation an operator codes DEMO (decision 1888)."""
    ok(cli("org", "create", "--code", "DEMO", "--name", "Bệnh viện Đa khoa huyện Đông Mỏ"))
    ok(cli("org", "import", str(staff_file(cli.cwd, *STAFF_ROWS))))
    before = dump(cli.db)
    refused = cli("invite", "create", "--unit", UNIT, "--role", "treasurer", "--org-wide", "--uses", "1000")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("chungtay: mã mời toàn cơ quan cho người dùng nó xem khoản ủng hộ"), (
        refused
    )
    assert dump(cli.db) == before
    made = ok(cli("invite", "create", "--unit", UNIT, "--role", "treasurer", "--org-wide", env=ENGLISH))
    assert "1 of 1 use left" in made.splitlines()[2], made


@pytest.mark.parametrize(
    "typed", ["t.me/BVThachHaBot", "https://t.me/BVThachHaBot", "@BVThachHaBot", " BVThachHaBot "]
)
def test_the_bot_username_copied_as_botfather_shows_it_makes_one_link(org_cli: Cli, typed: str) -> None:
    named = ok(org_cli("invite", "create", "--unit", UNIT, env={"TELEGRAM_BOT_USERNAME": typed})).splitlines()
    assert named[-1:] == [f"https://t.me/BVThachHaBot?start={named[0]}"]


def test_a_bot_username_that_is_none_is_refused_at_start_up_in_a_line(org_cli: Cli) -> None:
    refused = org_cli("invite", "create", "--unit", UNIT, env={"TELEGRAM_BOT_USERNAME": "Bệnh viện Thạch Hà"})
    assert refused.returncode == 2
    assert refused.stderr == (  # Vietnamese, then English: DEFAULT_LOCALE is not set (decision 1890)
        "chungtay: TELEGRAM_BOT_USERNAME (trong biến môi trường): 'Bệnh viện Thạch Hà' không phải tên người "
        "dùng của một bot Telegram: hãy ghi tên BotFather đã cấp, ví dụ ChungTayBot (dấu @ hay đường dẫn "
        "t.me/ đi kèm sẽ được bỏ đi)\n"
        "chungtay: TELEGRAM_BOT_USERNAME (in the environment): 'Bệnh viện Thạch Hà' is not a Telegram bot's "
        "username: write the name BotFather gave, e.g. ChungTayBot (an @ or a t.me/ link around it is taken "
        "off)\n"
    )
    assert query(org_cli.db, "SELECT count(*) FROM invite") == [(0,)]


# The chat's words for a count refused, the shell's too, in the reader's figures (decision 1892).
USES_REFUSED = "Please type a whole number from 1 to 10,000, for example: 2."
DAYS_REFUSED = "Please type a whole number from 1 to 365, for example: 2."


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (["--expires-days", "0"], f"argument --expires-days: {DAYS_REFUSED}"),
        (["--expires-days", "1000000000000"], f"argument --expires-days: {DAYS_REFUSED}"),
        (["--uses", "100000000000000000000"], f"argument --uses: {USES_REFUSED}"),
        (["--uses", "10001"], f"argument --uses: {USES_REFUSED}"),
        (["--uses", "ba"], f"argument --uses: {USES_REFUSED}"),
        (
            ["--no-expiry", "--expires-days", "30"],
            "argument --expires-days: not allowed with argument --no-expiry",
        ),
    ],
    ids=["expires-0", "expires-huge", "uses-huge", "uses-10001", "uses-text", "both"],
)
def test_invite_numbers_out_of_range_exit_2_with_one_error_line_and_write_nothing(
    org_cli: Cli, options: list[str], error: str
) -> None:
    before = dump(org_cli.db)

    result = org_cli("invite", "create", "--unit", UNIT, *options, env=ENGLISH)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"chungtay invite create: error: {error} (see: chungtay invite create --help)\n"
    )  # one line
    assert dump(org_cli.db) == before


def test_a_vietnamese_office_reads_a_mistake_in_the_commands_words_in_vietnamese(org_cli: Cli) -> None:
    """argparse's own refusals (a command not known, a word missing, a number out of range) speak the
    office's language as the shell's other lines do (decision 1660); an English office reads argparse's."""
    before = dump(org_cli.db)

    unknown = org_cli("hosehold", "list")
    missing = org_cli("org", "unit-rename", "B")
    out_of_range = org_cli("invite", "create", "--unit", UNIT, "--uses", "ba")
    english = org_cli("org", "unit-rename", "B", env=ENGLISH)

    assert [r.returncode for r in (unknown, missing, out_of_range, english)] == [2, 2, 2, 2]
    assert unknown.stderr.startswith(
        "chungtay: lỗi: tham số command: không có lựa chọn 'hosehold' (hãy chọn một trong: 'db', 'campaign', "
    )
    assert unknown.stderr.endswith("'scheduler', 'send') (xem: chungtay --help)\n")
    assert missing.stderr == (
        "chungtay org unit-rename: lỗi: còn thiếu tham số bắt buộc: name "
        "(xem: chungtay org unit-rename --help)\n"
    )
    assert out_of_range.stderr == (
        "chungtay invite create: lỗi: tham số --uses: Anh/chị vui lòng nhập một số nguyên từ 1 đến 10.000, "
        "ví dụ: 2. (xem: chungtay invite create --help)\n"
    )
    assert english.stderr == (
        "chungtay org unit-rename: error: the following arguments are required: name "
        "(see: chungtay org unit-rename --help)\n"
    )
    assert dump(org_cli.db) == before


def test_invite_expiry_is_14_days_by_default_up_to_365_and_never_only_with_no_expiry(org_cli: Cli) -> None:
    default = ok(org_cli("invite", "create", "--unit", UNIT)).splitlines()[0]
    longest = ok(org_cli("invite", "create", "--unit", UNIT, "--uses", "10000", "--expires-days", "365"))
    permanent = ok(org_cli("invite", "create", "--unit", UNIT, "--no-expiry")).splitlines()[0]

    rows = dict(
        (code, (uses, days))
        for code, uses, days in query(
            org_cli.db, "SELECT code, max_uses, julianday(expires_at) - julianday(created_at) FROM invite"
        )
    )
    assert rows[default] == (1, 14)
    assert rows[longest.splitlines()[0]] == (10_000, 365)
    assert rows[permanent] == (1, None)


def test_an_invite_for_households_is_stored_as_one_and_never_for_a_role_but_member(org_cli: Cli) -> None:
    code = ok(
        org_cli("invite", "create", "--unit", UNIT, "--kind", "household", "--uses", "60")
    ).splitlines()[0]
    staff = ok(org_cli("invite", "create", "--unit", UNIT)).splitlines()[0]
    before = dump(org_cli.db)

    refused = org_cli("invite", "create", "--unit", UNIT, "--kind", "household", "--role", "treasurer")

    assert dict(query(org_cli.db, "SELECT code, kind || ' ' || role FROM invite")) == {
        code: "household member",
        staff: "staff member",
    }
    assert refused.returncode == 2 and refused.stdout == ""
    assert len(refused.stderr.splitlines()) == 1
    assert "mã mời của hộ gia đình là mã thành viên" in refused.stderr  # the office's words (2035)
    assert dump(org_cli.db) == before


def test_plan_with_a_huge_number_exits_2_with_one_line_and_changes_nothing(org_cli: Cli) -> None:
    text = PLAN_2021.read_text(encoding="utf-8")
    huge = text.replace("copies = 3", "copies = 100_000_000_000_000_000_000", 1)
    line = next(n for n, row in enumerate(huge.splitlines(), start=1) if "100_000_000_000" in row)
    plan = org_cli.cwd / "ke-hoach-so-lon.toml"
    plan.write_text(huge, encoding="utf-8")
    before = dump(org_cli.db)

    result = org_cli("campaign", "load", str(plan), env=ENGLISH)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"chungtay: {plan}, line {line}, award_forms[4].copies: "
        "100_000_000_000_000_000_000 is outside the allowed range 1 – 100\n"
    )
    assert dump(org_cli.db) == before


def test_unit_is_named_by_its_code_or_its_name_as_the_staff_import_reads_names(org_cli: Cli) -> None:
    ok(
        org_cli(
            "org",
            "import",
            str(
                staff_file(
                    org_cli.cwd,
                    "Thôn 1,Hộ ông Ba,,,",
                    "Tổ-1,Lê Thị Tư,,,",
                    "Tổ 1,Võ Năm,,,",
                    "Tổ Đ,Lò Văn Sáu,,,",
                    "Tổ D,Mai Thị Bảy,,,",
                    "Thôn Hòa,Hộ bà Tám,,,",
                )
            ),
        )
    )
    for given in ("Phòng Đào tạo", "phong dao tao", "PHONG-DAO-TAO", "PHONGDAOTAO"):
        assert CODE.fullmatch(ok(org_cli("invite", "create", "--unit", given)).splitlines()[0]), given
    ok(org_cli("invite", "create", "--unit", "THON1", "--kind", "household"))
    assert query(
        org_cli.db,
        "SELECT unit.name, count(*) FROM invite JOIN unit ON unit.id = invite.unit_id GROUP BY unit.name",
    ) == [("Phòng Đào tạo", 4), ("Thôn 1", 1)]

    lan = query(org_cli.db, "SELECT id FROM person WHERE full_name = 'Trần Thị Bình'")[0][0]
    granted = ok(org_cli("people", "grant", str(lan), "officer", "--unit", "Khoa nội"))
    assert "Đã cấp vai trò" in granted
    assert query(
        org_cli.db,
        f"SELECT unit.name FROM role_assignment JOIN unit ON unit.id = role_assignment.unit_id "
        f"WHERE person_id = {lan} AND role = 'officer'",
    ) == [("Khoa Nội",)]

    # "TO1" could be "Tổ-1" (to-1) or "Tổ 1" (to-1-2): refused with both codes, nothing made
    refused = org_cli("invite", "create", "--unit", "TO1")
    assert refused.returncode == 2 and "to-1 (Tổ-1)" in refused.stderr and "to-1-2 (Tổ 1)" in refused.stderr
    assert "--unit to-1" in refused.stderr
    assert query(org_cli.db, "SELECT count(*) FROM invite") == [(5,)]
    assert "Võ Năm  to-1-2" in ok(org_cli("people", "list", "--unit", "tổ 1"))  # the name as written

    # "Tổ Đ" and "Tổ D" are two units; "to d", typed without accents, could be either: refused with both
    assert "Mai Thị Bảy" in (listed := ok(org_cli("people", "list", "--unit", "TỔ D"))), listed
    assert "Lò Văn Sáu" not in listed
    unclear = org_cli("people", "list", "--unit", "to d")
    assert unclear.returncode == 2 and "(Tổ Đ)" in unclear.stderr and "(Tổ D)" in unclear.stderr
    # “Thôn Hóa”, no unit yet, is not Thôn Hòa written without its spaces: no invite for Thôn Hòa is made
    other = org_cli("invite", "create", "--unit", "Thôn Hóa", "--kind", "household")
    assert other.returncode == 2 and 'Không có đơn vị nào có mã hoặc tên "Thôn Hóa"' in other.stderr
    assert query(org_cli.db, "SELECT count(*) FROM invite") == [(5,)]
    # typed fast with the marks of one word only, it is the hamlet it fits (decision 0483)
    assert "Hộ bà Tám" in ok(org_cli("people", "list", "--unit", "Thon Hòa"))


def test_invite_for_an_unknown_unit_exits_2_and_lists_existing_unit_codes(org_cli: Cli) -> None:
    result = org_cli("invite", "create", "--unit", "khoa-ngoai")
    assert result.returncode == 2
    assert result.stdout == ""
    assert 'chungtay: Không có đơn vị nào có mã hoặc tên "khoa-ngoai"' in result.stderr
    assert f"khoa-noi, {UNIT}" in result.stderr
    assert "Traceback" not in result.stderr
    assert query(org_cli.db, "SELECT count(*) FROM invite") == [(0,)]


MONDAY = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)  # Monday 4/1/2027, 9:00 in Vietnam


@pytest.fixture
def on_monday(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The commands run on Monday 4/1/2027 by the app's clock, whatever today is."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: MONDAY))
    return MONDAY


def test_a_command_before_any_organisation_or_for_one_not_there_says_so_in_vietnamese(cli: Cli) -> None:
    """The shared refusals speak the chats' language too (decision 1129): they were English, “no organisation
    yet: create one with …”, whatever the office had set."""
    missing = cli("invite", "list")
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr == (
        'chungtay: chưa có tổ chức nào: hãy tạo bằng chungtay org create --code MA --name "Tên tổ chức", '
        'ví dụ chungtay org create --code BVDK --name "Bệnh viện Đa khoa huyện"\n'
    )
    wrong = cli("invite", "list", "--org", "BVDK")
    assert wrong.returncode == 2
    assert wrong.stderr == "chungtay: không có tổ chức mã 'BVDK'; các mã đã có: chưa có\n"


def test_commands_explain_a_missing_or_duplicate_organisation(cli: Cli, on_monday: datetime) -> None:
    missing = cli("invite", "create", "--unit", UNIT, env=ENGLISH)
    assert missing.returncode == 2
    assert "no organisation yet" in missing.stderr
    assert 'chungtay org create --code CODE --name "Its name", e.g. chungtay org create --code BVDK' in (
        missing.stderr
    )

    assert ok(cli("org", "create", "--code", ORG_CODE, "--name", "Trường thử", env=ENGLISH)).startswith(
        f"Created organisation {ORG_CODE}; its reference codes begin with CT (CT-2027-000001).\n"
        f"{ORG_CODE} reads as an office: “Toàn cơ quan”, union officers (a commune: chungtay org kind "
        f"commune --org {ORG_CODE}).\nNext, the campaign's plan: "
    )
    duplicate = cli("org", "create", "--code", ORG_CODE, "--name", "Trường khác", env=ENGLISH)
    assert duplicate.returncode == 2
    assert f"organisation {ORG_CODE!r} already exists" in duplicate.stderr
    assert query(cli.db, "SELECT code, name FROM organisation") == [(ORG_CODE, "Trường thử")]


def test_a_new_organisation_is_told_to_load_its_plan_next(cli: Cli, on_monday: datetime) -> None:
    """A hospital created on Monday 4/1/2027 read its codes and its kind, and nothing of what came next: it is
    told the plan the bot ships for 2027, as the admins' guide goes on (step 3), with --org where a second
    organisation shares the database (decision 1079)."""
    out = ok(
        cli(
            "org",
            "create",
            "--code",
            "BVDK",
            "--name",
            "Bệnh viện Đa khoa huyện",
            "--kind",
            "office",
            env=ENGLISH,
        )
    )
    assert out.splitlines()[-1] == (
        "Next, the campaign's plan: chungtay campaign load campaigns/vi-nguoi-ngheo-2026-2030.toml "
        "(docs/guide-admin.md, step 3); then the year's settings file and the staff list (steps 4 and 5)."
    )
    second = ok(cli("org", "create", "--code", "TTYT", "--name", "Trung tâm Y tế huyện"))
    assert "chungtay campaign load campaigns/vi-nguoi-ngheo-2026-2030.toml --org TTYT (" in second


def test_an_office_clerk_creates_her_organisation_and_loads_its_plan_in_vietnamese(
    cli: Cli, on_monday: datetime
) -> None:
    """A clerk who reads only Vietnamese runs the admins' guide's first commands with nothing set: the shell
    answers in Vietnamese, the chats' language (DEFAULT_LOCALE, vi unless the office says en; decision
    1127)."""
    out = ok(cli("org", "create", "--code", "BVDK", "--name", "Bệnh viện Đa khoa huyện"))
    assert out.splitlines() == [
        "Đã tạo tổ chức BVDK; mã tham chiếu của tổ chức bắt đầu bằng CT (CT-2027-000001).",
        "BVDK được hiểu là một cơ quan: “Toàn cơ quan”, cán bộ công đoàn (nếu là xã: chungtay org kind "
        "commune --org BVDK).",
        "Bước tiếp theo là kế hoạch của phong trào: chungtay campaign load "
        "campaigns/vi-nguoi-ngheo-2026-2030.toml (docs/guide-admin.md, bước 3); sau đó là tệp cài đặt "
        "của năm và danh sách cán bộ (bước 4 và 5).",
    ]
    loaded = ok(cli("campaign", "load", str(ROOT / "campaigns" / "vi-nguoi-ngheo-2026-2030.toml")))
    assert loaded.startswith("Đã nạp kế hoạch Phong trào thi đua") and "(2026–2030) vào BVDK." in loaded
    assert "Loaded" not in loaded


def test_a_code_typed_wrong_is_refused_in_the_shells_language_with_an_example(
    cli: Cli, on_monday: datetime
) -> None:
    """A code with spaces and accents, as a clerk types her hospital's name, is refused kindly in Vietnamese
    with a code made from it; nothing is created."""
    spaced = cli("org", "create", "--code", "BV Thạch Hà", "--name", "Bệnh viện Thạch Hà")
    assert spaced.returncode == 2
    assert spaced.stderr == (
        "chungtay: --code 'BV Thạch Hà' chưa phải là một mã: anh/chị dùng chữ a-z không dấu, chữ số và dấu "
        "gạch ngang, tối đa 40 ký tự, ví dụ --code bv-thach-ha; chưa tạo gì\n"
    )
    prefix = cli("org", "create", "--code", "bvth", "--name", "Bệnh viện Thạch Hà", "--ref-prefix", "X1")
    assert prefix.returncode == 2
    assert "chưa phải là một tiền tố: anh/chị dùng 2 đến 6 chữ A-Z không dấu, ví dụ --ref-prefix XATH" in (
        prefix.stderr
    )
    assert query(cli.db, "SELECT count(*) FROM organisation") == [(0,)]


def test_an_organisation_code_is_letters_digits_and_dashes_and_one_in_any_case(
    cli: Cli, on_monday: datetime
) -> None:
    """--org finds a code whatever its case, so bvth and BVTH would be two organisations one could never
    reach; a code with spaces or accents is refused with one made from it."""
    spaced = cli("org", "create", "--code", "BV Thạch Hà", "--name", "Bệnh viện Thạch Hà", env=ENGLISH)
    assert spaced.returncode == 2
    assert spaced.stderr == (
        "chungtay: --code 'BV Thạch Hà' is not a code: use letters a-z without accents, digits and dashes, "
        "at most 40, e.g. --code bv-thach-ha; nothing created\n"
    )
    assert ok(cli("org", "create", "--code", "bvth", "--name", "Bệnh viện Thạch Hà", env=ENGLISH)).startswith(
        "Created organisation bvth; its reference codes begin with CT (CT-2027-000001).\n"
        "bvth reads as an office: “Toàn cơ quan”, union officers (a commune: chungtay org kind commune --org "
        "bvth).\n"
    )
    upper = cli("org", "create", "--code", "BVTH", "--name", "Bệnh viện khác", env=ENGLISH)
    assert upper.returncode == 2
    assert (
        "organisation 'bvth' already exists (a code is the same in any case): choose another, e.g. --code "
        "bvth-2; nothing created" in upper.stderr
    )
    assert query(cli.db, "SELECT code, name FROM organisation") == [("bvth", "Bệnh viện Thạch Hà")]


def test_people_list_not_joined_names_only_who_is_at_work_without_an_account(
    org_cli: Cli, on_monday: datetime
) -> None:
    """On 4 January a hospital's clerk checks who of three hundred has not joined yet: An claimed his record,
    Cường retired on 31/12; the list shows Bình alone, not a table to read row by row for its “—”."""
    code = ok(org_cli("invite", "create", "--unit", UNIT, "--uses", "3")).splitlines()[0]
    ok(org_cli("chat", "--user", "an", stdin=f"{code}\nNguyễn Văn An\n5678\n1\n1\n"))
    ok(org_cli("people", "leave", "Lê Văn Cường", "--on", "31/12/2026"))

    lines = ok(org_cli("people", "list", "--not-joined")).split("\n\n")[0].splitlines()

    assert [re.split(r"\s{2,}", line)[1] for line in lines[1:]] == ["Trần Thị Bình"]
    assert "thủ quỹ (phong-dao-tao)" in lines[1]


def test_people_list_not_joined_ends_with_who_has_joined_unit_by_unit(
    org_cli: Cli, on_monday: datetime
) -> None:
    """The clerk asks how far each department has come, not only whose name is missing: under the names, a
    line per unit of who joined out of those at work, and the whole; the retired are in neither count, and
    `--unit` says its one unit (decision 1406). The shell's clock: Monday 4/1/2027."""
    code = ok(org_cli("invite", "create", "--unit", UNIT, "--uses", "3")).splitlines()[0]
    ok(org_cli("chat", "--user", "an", stdin=f"{code}\nNguyễn Văn An\n5678\n1\n1\n"))
    ok(org_cli("people", "leave", "Trần Thị Bình", "--on", "31/12/2026"))

    table, counts = ok(org_cli("people", "list", "--not-joined")).split("\n\n")

    assert [re.split(r"\s{2,}", line)[1] for line in table.splitlines()[1:]] == ["Lê Văn Cường"]
    assert counts.splitlines() == [
        "Đã tham gia, theo đơn vị:",
        "  Khoa Nội (khoa-noi): 0/1 đã tham gia",
        "  Phòng Đào tạo (phong-dao-tao): 1/1 đã tham gia",
        "  Cả tổ chức: 1/2 đã tham gia",
    ]
    one = ok(org_cli("people", "list", "--not-joined", "--unit", UNIT)).split("\n\n")[1]
    assert one.splitlines() == [
        "Đã tham gia, theo đơn vị:",
        "  Phòng Đào tạo (phong-dao-tao): 1/1 đã tham gia",
    ]


def test_a_vietnamese_office_is_refused_last_years_settings_copied_and_reads_its_units_in_vietnamese(
    org_cli: Cli, on_monday: datetime
) -> None:
    """In January the clerk copies 2026's settings file and makes every 2026 a 2027, the plan's own name too:
    the refusal, and the fix it gives, are in the office's Vietnamese, as `org units`' header and its hints,
    where both were English (decision 1404). The shell's clock: Monday 4/1/2027."""
    ok(org_cli("campaign", "load", str(ROOT / "campaigns" / "vi-nguoi-ngheo-2026-2030.toml")))
    copied = org_cli.cwd / "thiet-lap-2027.toml"
    text = (ROOT / "local-settings" / "demo-2026.toml").read_text(encoding="utf-8").replace("2026", "2027")
    copied.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index('campaign = "vi-nguoi-ngheo-2027-2030"')

    refused = org_cli("org", "settings", "load", str(copied))

    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.rstrip().endswith(
        f'thiet-lap-2027.toml, dòng {line}, campaign: "vi-nguoi-ngheo-2027-2030" chưa được nạp vào '
        f"{ORG_CODE}: hãy nạp kế hoạch trước (chungtay campaign load TỆP), hoặc ghi kế hoạch đã nạp cho năm "
        '2027: campaign = "vi-nguoi-ngheo-2026-2030" (2026–2030)'
    )
    assert query(org_cli.db, "SELECT count(*) FROM drive") == [(0,)]
    table, how = ok(org_cli("org", "units")).split("\n\n")
    assert re.split(r"\s{2,}", table.splitlines()[0]) == ["mã", "tên", "khối thi đua", "người", "hộ"]
    assert how.startswith('Đổi tên đơn vị: chungtay org unit-rename MÃ "Tên mới".')


def test_chat_joins_with_an_invite_code_and_a_later_run_remembers_the_user(org_cli: Cli) -> None:
    code = ok(org_cli("invite", "create", "--unit", UNIT, "--uses", "3")).splitlines()[0]

    first = ok(org_cli("chat", "--user", "alice", stdin=join(code, "Võ Thị Ánh")))
    assert "Phòng Đào tạo" in first  # the unit the code belongs to
    assert "1. Tôi đồng ý" in first and "1. Tiếng Việt" in first  # consent, then language, by number
    assert MENU in first.rsplit("> 1", 1)[1]  # the last answer lands on the main menu

    again = ok(org_cli("chat", "--user", "alice", stdin="/menu\n"))
    assert "Võ Thị Ánh" in again
    assert MENU in again
    assert INVITE_PROMPT not in again  # what a stranger gets: see the `run` test
    assert query(org_cli.db, f"SELECT uses FROM invite WHERE code = '{code}'") == [(1,)]


def _member_code(out: str) -> str:
    match = re.search(r"member invite code: (\S+)", out)
    assert match, out
    return match.group(1)


def test_demo_seeds_once_and_its_member_code_lets_a_person_join(cli: Cli) -> None:
    first = _member_code(ok(cli("demo")))
    second = _member_code(ok(cli("demo")))
    assert CODE.fullmatch(first)
    assert second == first
    assert query(cli.db, "SELECT count(*) FROM organisation") == [(1,)]

    joined = ok(cli("demo", stdin=join(first, "Đặng Văn Dũng")))
    assert "Đặng Văn Dũng" in joined
    assert MENU in joined.rsplit("> 1", 1)[1]
    assert query(cli.db, "SELECT count(*) FROM organisation") == [(1,)]


def test_a_terminal_prints_only_what_is_for_its_own_user_and_the_rest_waits_for_them(cli: Cli) -> None:
    # The terminal runs on the wall clock: without quiet hours, Ánh's notice is due at once whatever the hour
    # the suite runs (inside them it would wait for 07:00 and the last check would fail at night).
    daytime = {"QUIET_HOURS_START": "0", "QUIET_HOURS_END": "0"}
    out = ok(cli("demo", env=daytime))
    member = _member_code(out)
    treasurer = re.search(r"treasurer invite code: (\S+)", out)
    assert treasurer, out
    # Ánh gives 200k to the Fund outside the drives (3), in money (1), no evidence (1), and confirms (1).
    ok(
        cli(
            "chat",
            "--user",
            "anh",
            stdin=join(member, "Võ Thị Ánh") + "/donggop\n3\n1\n200k\n1\n1\n",
            env=daytime,
        )
    )
    confirmed = "CT-2026-000001 của anh/chị đã được thủ quỹ xác nhận"
    at_treasurers = ok(
        cli(
            "chat",
            "--user",
            "quy",
            stdin=join(treasurer.group(1), "Trần Thị Quỹ") + "/tracuu\nCT-2026-000001\n1\n",
            env=daytime,
        )
    )
    assert "đã xác nhận" in at_treasurers.lower()
    assert confirmed not in at_treasurers  # Ánh's notice is hers: not printed at the treasurer's terminal
    # but waiting for her next time, printed as her chat opens, before she types anything (a finding from a
    # newcomer: it opened on a bare prompt, her notice shown only under the answer to whatever she typed)
    assert confirmed in ok(cli("chat", "--user", "anh", stdin="", env=daytime))
    assert query(cli.db, "SELECT count(*) FROM outbox WHERE status = 'pending'") == [(0,)]


def test_a_fresh_terminal_chat_says_to_type_an_invite_code(cli: Cli) -> None:
    """A finding from a newcomer: `chungtay chat`, which the README and `make run`'s refusal name for an
    office's own organisation, opened on a bare “> ”, nothing said of what to type."""
    out = ok(cli("chat", stdin=""))
    assert out.startswith("  Gõ mã mời để bắt đầu; /menu về menu chính, /huy để hủy, Ctrl-D để thoát.")
    assert "/ type an invite code to start" in out
    assert "Gõ mã mời để bắt đầu" not in ok(cli("chat", "--user", "anh", stdin=""))  # known: not asked again


def test_a_person_coming_back_with_nothing_waiting_is_told_what_to_type_once(cli: Cli) -> None:
    """A finding from a newcomer: `chat --user …` with nothing come for her meanwhile opened on a bare “> ”.
    One line says what she can type, in her own language, and only where nothing else was printed."""
    member = _member_code(ok(cli("demo", stdin="")))
    ok(cli("chat", "--user", "lan", stdin=join(member, "Phạm Thị Lan")))
    back = ok(cli("chat", "--user", "lan", stdin="/menu\n"))
    assert back.startswith("  /menu về menu chính, /huy để hủy, Ctrl-D để thoát.\n"), back
    assert back.count("Ctrl-D") == 1 and "mã mời" not in back.lower()
    english = ok(cli("chat", "--user", "lan", stdin="/ngonngu\n2\n"))  # she chooses English
    assert "Ctrl-D" not in english.split("\n> ")[-1]  # said once, as the chat opens: not after her answer
    back = ok(cli("chat", "--user", "lan", stdin=""))
    assert back.startswith("  /menu for the main menu, /cancel to stop, Ctrl-D to leave.\n"), back


def test_run_without_a_telegram_token_in_a_terminal_opens_the_terminal_demo(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = ok(cli("run", stdin="/menu\n", terminal=True))
    assert "terminal demo" in out
    assert CODE.fullmatch(_member_code(out))
    assert INVITE_PROMPT in out.split("> ", 1)[1]  # a newcomer is asked for a code, not shown a menu
    assert MENU not in out
    # Each run is a new person; the end says how to come back as this one (a finding from outside).
    joined = ok(cli("run", stdin=join(_member_code(out), "Nguyễn Văn Thử"), terminal=True))
    come_back = re.search(r"come back as this person: chungtay chat --user (term-\w+)\)", joined)
    assert come_back is not None
    again = ok(cli("chat", "--user", come_back.group(1), stdin="/menu\n"))
    assert MENU in again and INVITE_PROMPT not in again  # known: the menu, not the invite code again
    # `make run` on a fresh clone starts .venv/bin/chungtay, which no PATH finds: the line names it as typed
    # there, where a bare `chungtay` was "command not found" (a finding from a newcomer).
    monkeypatch.setattr(sys, "argv", [str(cli.cwd / ".venv" / "bin" / "chungtay"), "run"])
    joined = ok(cli("run", stdin=join(_member_code(out), "Ngô Văn Mới"), terminal=True))
    assert re.search(r"come back as this person: \.venv/bin/chungtay chat --user term-\w+\)", joined)


def test_the_demo_is_never_added_to_a_database_holding_an_organisation(cli: Cli) -> None:
    """A finding from outside: `make run` (or a service started without its token) on the production database
    seeded the demo school into it for good, and exited 0."""
    ok(cli("org", "create", "--code", "BVTH", "--name", "Bệnh viện Thạch Hà"))
    for command in (["run"], ["demo"]):
        refused = cli(*command, stdin="/menu\n", terminal=True, env=ENGLISH)  # Vietnamese: decision 1558
        assert (
            refused.returncode == 2
            and "this database holds BVTH: the demo is not added to it" in refused.stderr
        )
        assert "TELEGRAM_BOT_TOKEN" in refused.stderr and "terminal demo" not in refused.stdout
    assert query(cli.db, "SELECT code FROM organisation") == [("BVTH",)]


def test_an_organisation_is_not_created_beside_the_demo_school(cli: Cli) -> None:
    """A finding from a newcomer: the README's one minute (`make run`) seeded the demo school into
    data/chungtay.db; the admins' guide's `org create` then made her school beside it, its people and gifts
    in her database, her codes TCNKV-… instead of CT-…. Refused, nothing made, with how to start clean."""
    ok(cli("demo", stdin=""))

    refused = cli("org", "create", "--code", "TCNKV", "--name", "Trường Khánh Vĩnh")

    assert refused.returncode == 2
    assert refused.stderr.startswith(
        "chungtay: cơ sở dữ liệu này đang chứa trường dùng thử của make run (DEMO)"
    )
    assert f"xóa {cli.db}" in refused.stderr and "db upgrade" in refused.stderr
    assert "chưa tạo gì" in refused.stderr
    assert query(cli.db, "SELECT code FROM organisation") == [("DEMO",)]
    english = cli("org", "create", "--code", "TCNKV", "--name", "Trường Khánh Vĩnh", env=ENGLISH)
    assert "this database holds the demo school of make run (DEMO)" in english.stderr


def test_an_older_database_holding_the_demo_beside_an_organisation_is_never_said_deleted(cli: Cli) -> None:
    """A finding from a newcomer: a database made before 1915 holds the demo school beside the office's own
    TRUONG; `org create` for a second organisation told her to delete that file, TRUONG's people and gifts
    with it. It says the file keeps TRUONG's, and to make the new one in a database of its own."""
    ok(cli("org", "create", "--code", "TRUONG", "--name", "Trường Thử"))
    asyncio.run(_seed_the_demo_beside(cli))
    assert query(cli.db, "SELECT code FROM organisation ORDER BY code") == [("DEMO",), ("TRUONG",)]

    refused = cli("org", "create", "--code", "XA", "--name", "Xã Thử")

    assert refused.returncode == 2
    assert str(cli.db) not in refused.stderr, refused.stderr  # no file named to delete
    assert refused.stderr.startswith(
        "chungtay: cơ sở dữ liệu này chứa trường dùng thử của make run (DEMO) bên cạnh TRUONG: đừng xóa tệp "
        "này, vì nó giữ dữ liệu của TRUONG."
    ), refused.stderr
    assert "DATABASE_URL" in refused.stderr and "chưa tạo gì" in refused.stderr
    english = cli("org", "create", "--code", "XA", "--name", "Xã Thử", env=ENGLISH)
    assert "beside TRUONG: do not delete it, it keeps TRUONG's data" in english.stderr
    assert str(cli.db) not in english.stderr
    assert query(cli.db, "SELECT code FROM organisation ORDER BY code") == [("DEMO",), ("TRUONG",)]


async def _seed_the_demo_beside(cli: Cli) -> None:
    """The demo seeded into a database that already holds an organisation, as `chungtay demo` did before it
    refused to (decision 1558)."""
    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

    from bot.demo import seed_demo

    engine = create_async_engine(f"sqlite+aiosqlite:///{cli.db}")
    try:
        await seed_demo(async_sessionmaker(engine, expire_on_commit=False), now=datetime.now(UTC))
    finally:
        await engine.dispose()


def test_a_real_organisation_coded_demo_is_no_demo_school_to_refuse_a_second_beside(cli: Cli) -> None:
    """An office whose own hospital is coded DEMO (`org create` takes it: decision 1888) was refused a second
    organisation, told its database “holds the demo school of make run”: the demo is its code and its name,
    not the code alone (decision 1926)."""
    ok(cli("org", "create", "--code", "DEMO", "--name", "Bệnh viện Đa khoa huyện Đông Mỏ"))

    ok(cli("org", "create", "--code", "TTYT", "--name", "Trung tâm Y tế huyện"))

    assert query(cli.db, "SELECT code FROM organisation ORDER BY id") == [("DEMO",), ("TTYT",)]


def test_make_run_in_a_terminal_on_the_offices_own_database_says_why_in_the_chats_language(cli: Cli) -> None:
    """A finding from an office setting the bot up: after `org create`, `import` and `invite create`, all
    answered in Vietnamese, `make run` (no token yet, in her terminal) stopped with a line in English. It is
    said in the chats' language, with how to chat with her own organisation here."""
    ok(cli("org", "create", "--code", "mttq-kv", "--name", "Ủy ban MTTQ xã Khánh Vĩnh"))

    refused = cli("run", stdin="/menu\n", terminal=True)

    assert refused.returncode == 2
    assert refused.stderr.startswith(
        "chungtay: cơ sở dữ liệu này đã có mttq-kv: không thêm bản dùng thử vào đây"
    )
    assert "chungtay chat" in refused.stderr and "TELEGRAM_BOT_TOKEN" in refused.stderr
    english = cli("run", stdin="/menu\n", terminal=True, env=ENGLISH)
    assert "this database holds mttq-kv: the demo is not added to it" in english.stderr


def test_admin_commands_never_import_aiogram_nor_the_libraries_of_charts_sheets_and_papers(cli: Cli) -> None:
    # A process of its own: the question is what a fresh interpreter has imported, and this one has aiogram.
    # Nor does a command that draws no chart, writes no workbook or paper and reads no photo pay for
    # matplotlib, openpyxl, python-docx, Pillow or numpy: over a second of processor at each start (2605).
    csv = staff_file(cli.cwd, *STAFF_ROWS)
    commands = [
        ["db", "upgrade"],
        ["org", "create", "--code", ORG_CODE, "--name", "Trường thử"],
        ["campaign", "load", str(PLAN_2021)],
        ["org", "import", str(csv)],
        ["invite", "create", "--unit", UNIT],
    ]
    heavy_libraries = ("matplotlib", "openpyxl", "docx", "PIL", "numpy", "holidays")
    script = textwrap.dedent(
        f"""
        import json, sys
        from bot.cli import main
        seen = {{}}
        for argv in {commands!r}:
            code = main(argv)
            heavy = [name for name in {heavy_libraries!r} if name in sys.modules]
            seen[" ".join(argv[:2])] = [code, "aiogram" in sys.modules, heavy]
        print("RESULT", json.dumps(seen))
        """
    )
    out = ok(cli.python("-c", script))
    seen = json.loads(out.rsplit("RESULT ", 1)[1])
    assert seen == {" ".join(argv[:2]): [0, False, []] for argv in commands}


def test_demo_on_a_brand_new_database_migrates_it_first(tmp_path: Path) -> None:
    fresh = Cli(tmp_path, tmp_path / "new" / "fresh.db")
    out = ok(fresh("demo", stdin=""))
    assert CODE.fullmatch(_member_code(out))


def test_a_command_on_an_unmigrated_database_says_to_upgrade_first(tmp_path: Path) -> None:
    fresh = Cli(tmp_path, tmp_path / "empty.db")
    result = fresh("invite", "create", "--unit", "X")
    assert result.returncode == 2
    assert "chungtay db upgrade" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgres://chungtay:secretpw@localhost/x", "DATABASE_URL is “postgres://…”: it must be"),
        ("postgresql://chungtay:secretpw@localhost/x", "DATABASE_URL is “postgresql://…”: it must be"),
        ("sqlite:///plain.db", "DATABASE_URL is “sqlite://…”: it must be"),
        ("chungtay.db", "DATABASE_URL is not a database URL: it must be"),
        (
            "postgresql+asyncpg://chungtay:secretpw@127.0.0.1:1/x",
            "cannot reach the database server at 127.0.0.1:1",
        ),
    ],
)
@pytest.mark.parametrize("command", [("db", "upgrade"), ("drive", "list")])
def test_a_database_url_that_cannot_work_is_one_line_without_the_password(
    tmp_path: Path, url: str, said: str, command: tuple[str, ...]
) -> None:
    english = {"DATABASE_URL": url, "DEFAULT_LOCALE": "en"}  # the Vietnamese: tests/test_cli_startup.py
    result = Cli(tmp_path, tmp_path / "unused.db")(*command, env=english)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"chungtay: {said}") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and "secretpw" not in result.stderr + result.stdout


def test_the_command_runs_as_a_process(tmp_path: Path) -> None:
    """The one smoke test of the real process (`python -m bot`): the other tests call `main` in process."""
    cli = Cli(tmp_path, tmp_path / "smoke.db")
    assert "usage: chungtay" in ok(cli.python("-m", "bot", "--help"))
    assert ok(cli.python("-m", "bot", "db", "upgrade", env=ENGLISH)).startswith("Database migrated to ")
    result = cli.python("-m", "bot", "invite", "create", "--unit", "X", env=ENGLISH)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "no organisation yet" in result.stderr and "Traceback" not in result.stderr


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(org_cli: Cli) -> None:
    """`chungtay people list | head`: the reader goes away before the list is written (here before a line is
    read), and the process ends without a traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "people", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=org_cli.cwd,
        env=org_cli.env(),
    )
    assert process.stdout is not None
    process.stdout.close()  # the only reader is gone: every write of the list fails
    _out, err = process.communicate(timeout=60)
    assert err.decode() == "" and process.returncode == 1


# --- drives (tests/test_drives.py has the rest) -----------------------------------------------------


def test_a_target_mistyped_is_refused_with_an_example_in_the_offices_own_words(org_cli: Cli) -> None:
    """A drive's target that is no amount is refused in the office's language with an amount written its
    way: “50tr” in Vietnamese, “50m” in English, which the shell reads alike (decision 1696)."""
    before = dump(org_cli.db)
    drive = ("drive", "create", "--title", "Tết 2027", "--starts", "2026-12-07", "--ends", "2027-01-15")

    vietnamese = org_cli(*drive, "--target", "tuỳ tâm")
    english = org_cli(*drive, "--target", "as they wish", env=ENGLISH)

    assert vietnamese.returncode == english.returncode == 2
    assert vietnamese.stderr == (
        "chungtay drive create: lỗi: tham số --target: phải là số tiền bằng đồng, ví dụ 50000000 hoặc 50tr "
        "(xem: chungtay drive create --help)\n"
    )
    assert english.stderr == (
        "chungtay drive create: error: argument --target: must be an amount in đồng, for example 50000000 "
        "or 50m (see: chungtay drive create --help)\n"
    )
    assert dump(org_cli.db) == before


# a drive of labour days through December, its kinds (and any target) to follow
DAYS_DRIVE = (
    "drive",
    "create",
    "--title",
    "Ngày công xây nhà",
    "--starts",
    "1/12/2026",
    "--ends",
    "31/12/2026",
)


def test_a_target_for_a_drive_of_labour_days_alone_is_refused_with_the_command_without_it(
    org_cli: Cli,
) -> None:
    """`drive create --kinds labour --target 20tr` opened a drive of days of work with a target in đồng that
    nothing counts toward, which the chat never asks (decision 1804). Refused now in the office's language,
    with the same command without its target, nothing opened; that command then opens it (decision 1876)."""
    before = dump(org_cli.db)

    vietnamese = org_cli(*DAYS_DRIVE, "--kinds", "labour", "--target", "20tr")
    english = org_cli(*DAYS_DRIVE, "--kinds", " labour ", "--target", "20m", env=ENGLISH)

    assert vietnamese.returncode == english.returncode == 2, vietnamese.stdout
    assert vietnamese.stderr == (
        "chungtay: chưa mở đợt vận động: đợt chỉ nhận ngày công thì không có mục tiêu bằng đồng (ngày công "
        'không tính thành tiền); hãy bỏ --target, ví dụ: chungtay drive create --title "Ngày công xây nhà" '
        "--starts 01/12/2026 --ends 31/12/2026 --kinds labour\n"
    )
    assert english.stderr == (
        "chungtay: drive not created: a drive of labour days alone has no target in đồng (days of work are "
        'not counted in money); leave out --target, e.g. chungtay drive create --title "Ngày công xây nhà" '
        "--starts 01/12/2026 --ends 31/12/2026 --kinds labour\n"
    )
    assert dump(org_cli.db) == before
    ok(org_cli(*DAYS_DRIVE, "--kinds", "labour"))
    ok(org_cli(*DAYS_DRIVE, "--kinds", "labour,goods", "--target", "20tr", "--code", "xay-nha-2"))
    assert query(org_cli.db, "SELECT kinds, target_vnd FROM drive ORDER BY id") == [
        ('["labour"]', None),
        ('["labour", "goods"]', 20_000_000),
    ]


def test_a_drive_of_days_refused_its_target_is_shown_the_command_as_typed_less_the_target(
    org_cli: Cli,
) -> None:
    """The command shown where a drive of labour days alone is refused its target kept only the title, the
    days and the kinds: copied, it opened a drive of the whole organisation, for the Fund, under another code,
    where the office had typed one unit, not the Fund, and its code. Now it is the command as typed, less
    its target, and it opens the drive she meant (decision 1925)."""
    typed = (
        *DAYS_DRIVE,
        "--kinds",
        "labour",
        "--unit",
        UNIT,
        "--not-fund",
        "--level",
        "1 ngày công",
        "--code",
        "xay-nha",
    )

    refused = org_cli(*typed, "--target", "20m", env=ENGLISH)

    assert refused.returncode == 2, refused.stdout
    shown = refused.stderr.split("e.g. chungtay ", 1)[1].rstrip("\n")
    assert shown == (
        'drive create --title "Ngày công xây nhà" --starts 01/12/2026 --ends 31/12/2026 --kinds labour '
        f'--unit {UNIT} --not-fund --level "1 ngày công" --code xay-nha'
    )
    ok(org_cli(*shlex.split(shown)))
    unit_id = query(org_cli.db, f"SELECT id FROM unit WHERE code = '{UNIT}'")[0][0]
    assert query(org_cli.db, "SELECT code, fund, unit_ids, suggested_level, target_vnd FROM drive") == [
        ("xay-nha", 0, f"[{unit_id}]", "1 ngày công", None)
    ]


def test_a_mobiles_number_as_a_target_is_refused_as_every_money_option_refuses_it(org_cli: Cli) -> None:
    """A target typed as a mobile's number was refused as no amount at all (“phải là số tiền bằng đồng …”),
    where `--received` said it reads as a phone and offered it without its 0, “912.345.678”: every money
    option now says it reads as a phone, with an amount that works (decision 1736)."""
    before = dump(org_cli.db)
    drive = ("drive", "create", "--title", "Tết 2027", "--starts", "2026-12-07", "--ends", "2027-01-15")

    vietnamese = org_cli(*drive, "--target", "0912345678")
    english = org_cli(*drive, "--target", "0912 345 678", env=ENGLISH)

    assert vietnamese.returncode == english.returncode == 2
    assert vietnamese.stderr == (
        "chungtay drive create: lỗi: tham số --target: '0912345678' giống số điện thoại, không phải số tiền; "
        "hãy ghi số tiền bằng đồng, ví dụ --target 50000000 hoặc 50tr (xem: chungtay drive create --help)\n"
    )
    assert english.stderr == (
        "chungtay drive create: error: argument --target: '0912 345 678' reads as a phone number, not an "
        "amount; write the amount in đồng, e.g. --target 50000000 or 50m "
        "(see: chungtay drive create --help)\n"
    )
    assert dump(org_cli.db) == before


def test_drive_create_list_edit_and_close_from_the_shell(org_cli: Cli) -> None:
    org_cli.settings = ENGLISH  # an office whose chats speak English reads the drives' lines in English
    made = org_cli(
        "drive",
        "create",
        "--title",
        "Tháng cao điểm 2026",
        "--starts",
        "2026-10-17",
        "--ends",
        "2026-11-18",
        "--target",
        "50tr",
        "--level",
        "01 ngày lương, tùy tâm",
    )
    assert made.returncode == 0, made.stderr
    assert "Opened drive thang-cao-diem-2026" in made.stdout
    listed = org_cli("drive", "list")
    # the state as of the day the test runs (the command reads the real clock): see the test below
    assert re.fullmatch(
        r"thang-cao-diem-2026  17/10/2026 to 18/11/2026  (open|ended, takes late gifts|ended)  Fund  "
        # amounts as the English chats write them (Vietnamese: "1.200.000 ₫", see the test below)
        r"confirmed money ₫0, goods ₫0, 0 labour days \(0% of ₫50,000,000\), "
        r"waiting money ₫0, goods ₫0, 0 labour days, 0 givers  Tháng cao điểm 2026\n",
        listed.stdout,
    ), listed.stdout
    bad = org_cli("drive", "edit", "thang-cao-diem-2026", "--ends", "2026-10-01")
    assert bad.returncode == 2 and "the last day is before the first" in bad.stderr
    edited = ok(org_cli("drive", "edit", "thang-cao-diem-2026", "--ends", "2026-12-31", "--target", "1tr2"))
    # (then, while it runs, how to tell who has not given of its new end: see the test below)
    assert edited.startswith("Drive thang-cao-diem-2026: 17/10/2026 to 31/12/2026, target ₫1,200,000.\n")
    assert org_cli("drive", "close", "thang-cao-diem-2026").returncode == 0
    assert "closed" in org_cli("drive", "list").stdout
    again = ok(org_cli("drive", "close", "thang-cao-diem-2026"))  # once closed, stays closed: said plainly
    assert re.fullmatch(
        r"Drive thang-cao-diem-2026 was already closed on \d\d/\d\d/\d{4}; nothing changed.\n", again
    )
    assert query(org_cli.db, "SELECT count(*) FROM audit_log WHERE action = 'drive.close'") == [(1,)]
    # closed by mistake: reopened at the shell as on its screen, audited; an open one is not "reopened"
    assert ok(org_cli("drive", "reopen", "thang-cao-diem-2026", "--send-on")) == (
        "Reopened drive thang-cao-diem-2026: it takes contributions as its dates say; appeal messages its "
        "close stopped, going on to those not yet reached: 0.\n"  # none was waiting: decision 0287
    )
    assert "closed" not in org_cli("drive", "list").stdout
    twice = org_cli("drive", "reopen", "thang-cao-diem-2026")
    assert twice.returncode == 2 and "drive not reopened: the drive is not closed" in twice.stderr
    assert query(org_cli.db, "SELECT count(*) FROM audit_log WHERE action = 'drive.reopen'") == [(1,)]
    wrong = org_cli("drive", "create", "--title", "X", "--starts", "31/02/2027", "--ends", "2027-03-18")
    assert wrong.returncode == 2
    assert "'31/02/2027' is not a date: write it as 31/08/2026 (day/month/year) or 2026-08-31" in wrong.stderr


def test_a_drives_end_moved_at_the_shell_says_how_to_tell_who_has_not_given(
    org_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board cuts the drive to 15/12 on 25/11: the shell sends nothing itself, but says, as the chat's
    own move asks (decision 0252), how an officer tells those who have not given, with the text to send;
    nothing to tell of a drive not yet started (decision 0267)."""
    monday = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: monday))
    ok(org_cli("drive", "create", "--title", "Áo ấm", "--starts", "1/11/2026", "--ends", "31/12/2026"))
    edited = ok(org_cli("drive", "edit", "ao-am-2026", "--ends", "15/12/2026"))
    assert edited == (  # a commune's office (nothing set): every word of it in Vietnamese (decision 1442)
        "Đợt vận động ao-am-2026: từ 01/11/2026 đến 15/12/2026, mục tiêu: không có.\n"
        "Lệnh này không báo ngày kết thúc mới cho những người chưa ủng hộ. Muốn báo, cán bộ công đoàn/vận "
        "động của đợt gửi lời kêu gọi trong chat: /keugoi, “Soạn tin mới: kêu gọi, cảm ơn hoặc tin báo”, "
        "nội dung dưới đây, đợt vận động “Áo ấm”, “Những người chưa ủng hộ đợt này”; trước khi gửi, màn "
        "hình xem lại cho biết lời kêu gọi đến được bao nhiêu người:\n  Đợt vận động “Áo ấm” nay kết thúc "
        "sớm hơn, vào ngày 15/12/2026. Anh/chị nào muốn ủng hộ xin ủng hộ đến hết ngày đó; ủng hộ là tự "
        "nguyện.\n"
    )
    assert query(org_cli.db, "SELECT count(*) FROM outbox") == [(0,)]  # nothing sent by the shell
    later = ok(org_cli("drive", "edit", "ao-am-2026", "--ends", "20/12/2026"))
    assert "\n  Đợt vận động “Áo ấm” được kéo dài đến hết ngày 20/12/2026." in later
    ok(org_cli("drive", "create", "--title", "Tết", "--starts", "1/12/2026", "--ends", "31/12/2026"))
    assert ok(org_cli("drive", "edit", "tet-2026", "--ends", "25/12/2026")).count("\n") == 1


def test_a_vietnamese_office_opens_lists_closes_and_reopens_a_drive_in_vietnamese(
    org_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commune's clerk (nothing set) opens the Tết drive on Sunday 6/12/2026, by mistake twice, lists it,
    closes and reopens it: every line in Vietnamese, a refusal with what works (decision 1442)."""
    sunday = datetime(2026, 12, 6, 4, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: sunday))
    empty = ok(org_cli("drive", "list"))
    assert empty == (
        'TRUONG chưa có đợt vận động nào: mở đợt bằng chungtay drive create --title "Tết 2027" --starts '
        "01/12/2026 --ends 31/01/2027\n"
    )
    opened = ok(
        org_cli("drive", "create", "--title", "Tết 2027", "--starts", "1/12/2026", "--ends", "31/1/2027")
    )
    assert opened == "Đã mở đợt vận động tet-2027: Tết 2027 (từ 01/12/2026 đến 31/01/2027).\n"
    twice = org_cli("drive", "create", "--title", "tết 2027", "--starts", "1/12/2026", "--ends", "31/1/2027")
    assert twice.returncode == 2 and (
        "đã có đợt vận động “Tết 2027” bắt đầu ngày 01/12/2026 (tet-2027); chưa mở đợt nào. Nếu vẫn muốn mở "
        "đợt thứ hai, hãy ghi mã cho đợt, ví dụ --code tet-2027-2" in twice.stderr
    )
    assert ok(org_cli("drive", "list")) == (
        "tet-2027  01/12/2026 đến 31/01/2027  đang mở  Quỹ  đã xác nhận tiền 0\xa0₫, hiện vật 0\xa0₫, 0 ngày "
        "công, chờ xác nhận tiền 0\xa0₫, hiện vật 0\xa0₫, 0 ngày công, 0 người ủng hộ  Tết 2027\n"
    )
    assert ok(org_cli("drive", "close", "tet-2027")) == (
        "Đã đóng đợt vận động tet-2027: đợt không nhận thêm khoản đóng góp nào.\n"
    )
    assert ok(org_cli("drive", "close", "tet-2027")) == (
        "Đợt vận động tet-2027 đã đóng từ ngày 06/12/2026; không thay đổi gì.\n"
    )
    unknown = org_cli("drive", "reopen", "tet-2026")
    assert unknown.returncode == 2 and (
        "không có đợt vận động 'tet-2026' trong TRUONG: xem mã các đợt bằng chungtay drive list"
        in unknown.stderr
    )
    ok(org_cli("drive", "reopen", "tet-2027"))
    again = org_cli("drive", "reopen", "tet-2027")
    assert again.returncode == 2 and "chưa mở lại đợt vận động: đợt vận động chưa đóng" in again.stderr


def test_every_date_option_takes_the_day_as_vietnamese_write_it_and_the_year_first(org_cli: Cli) -> None:
    """`drive create --starts 01/12/2026` and `people leave --on 2026-08-31` read alike: one reader for every
    date option; a day without its year, or no day at all, is refused with an example."""
    opened = ok(
        org_cli("drive", "create", "--title", "Áo ấm", "--starts", "1/12/2026", "--ends", "31/12/2026")
    )
    assert opened == "Đã mở đợt vận động ao-am-2026: Áo ấm (từ 01/12/2026 đến 31/12/2026).\n"
    edited = ok(org_cli("drive", "edit", "ao-am-2026", "--ends", "2027-01-15"))
    assert "15/01/2027" in edited
    for typed in ("15/01", "ngày mai", "2027-13-01"):
        refused = org_cli("drive", "edit", "ao-am-2026", "--ends", typed)
        assert (
            refused.returncode == 2 and f"{typed!r} không phải một ngày: hãy ghi 31/08/2026" in refused.stderr
        )
    help_text = ok(org_cli("drive", "create", "--help"))
    assert "--starts DD/MM/YYYY" in help_text and "e.g. 01/12/2026" in help_text
    person = next(line.split()[0] for line in ok(org_cli("people", "list")).splitlines() if "Bình" in line)
    left = ok(org_cli("people", "leave", person, "--on", "2026-08-31"))
    assert "nghỉ từ 31/08/2026" in left


def test_a_drive_named_after_its_year_gets_a_readable_code_numbered_when_taken_and_says_so(
    org_cli: Cli,
) -> None:
    org_cli.settings = ENGLISH  # the lines as an office whose chats speak English reads them

    def create(title: str, starts: str = "2027-01-05") -> str:
        return ok(org_cli("drive", "create", "--title", title, "--starts", starts, "--ends", "2027-02-05"))

    first = create("Tết 2027")
    twice = org_cli(
        "drive", "create", "--title", "tết 2027", "--starts", "2027-01-05", "--ends", "2027-02-05"
    )
    assert twice.returncode == 2 and "exists already (tet-2027); nothing opened" in twice.stderr
    second = create("Tết 2027", starts="2027-01-20")  # a second round: the same title, another start
    third = create("Áo ấm")

    assert first == "Opened drive tet-2027: Tết 2027 (05/01/2027 to 05/02/2027).\n"
    assert second == (
        "Opened drive tet-2027-2: Tết 2027 (20/01/2027 to 05/02/2027).\n"
        "Its code is tet-2027-2, as another drive has tet-2027: use tet-2027-2 with `drive edit`, "
        "`drive close` and `drive statement` (or give --code to choose one).\n"
    )
    assert third == "Opened drive ao-am-2027: Áo ấm (05/01/2027 to 05/02/2027).\n"
    early = ok(  # opened in December for next year's Tết: the title's year, once
        org_cli(
            "drive",
            "create",
            "--title",
            "Tết vì người nghèo 2027",
            "--starts",
            "2026-12-01",
            "--ends",
            "2027-02-05",
        )
    )
    assert early.startswith("Opened drive tet-vi-nguoi-ngheo-2027: ")
    assert query(org_cli.db, "SELECT code FROM drive ORDER BY id") == [
        ("tet-2027",),
        ("tet-2027-2",),
        ("ao-am-2027",),
        ("tet-vi-nguoi-ngheo-2027",),
    ]


def test_the_shell_acts_under_a_persons_roles_when_asked(org_cli: Cli) -> None:
    org_cli.settings = ENGLISH  # the drive's refusal as an office whose chats speak English reads it
    listed = org_cli("people", "list")
    member_id = next(line.split()[0] for line in listed.stdout.splitlines() if "Nguyễn Văn An" in line)
    refused = org_cli(
        "drive",
        "create",
        "--title",
        "Quà Tết",
        "--starts",
        "2027-01-05",
        "--ends",
        "2027-02-05",
        "--as",
        member_id,
    )
    assert refused.returncode == 2 and "may not manage this drive" in refused.stderr
    assert "has no drive yet" in org_cli("drive", "list").stdout


def test_leaders_see_who_has_not_given_only_once_the_organisation_turns_it_on(org_cli: Cli) -> None:
    def setting() -> int:
        with closing(sqlite3.connect(org_cli.db)) as db:
            return db.execute("SELECT leaders_see_non_givers FROM organisation").fetchone()[0]

    assert setting() == 0  # off by default
    turned = org_cli("org", "leaders-see-non-givers", "on")
    assert turned.returncode == 0 and "may now see who in their unit has not given" in turned.stdout
    assert setting() == 1
    assert org_cli("org", "leaders-see-non-givers", "off").returncode == 0 and setting() == 0
    assert org_cli("org", "leaders-see-non-givers", "maybe").returncode == 2


def test_org_import_with_a_khoi_column_and_org_units_lists_units_by_block(
    org_cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "khoi.csv"
    path.write_text(
        "Đơn vị,Họ và tên,Chức vụ,Số điện thoại,Vai trò,Khối thi đua\n"
        "Phòng Đào tạo,Nguyễn Văn An,Giáo viên,0912 345 678,,Khối phòng chức năng\n"
        "Khoa Nội,Lê Văn Cường,,,,Khối khoa chuyên môn\n",
        encoding="utf-8",
    )
    out = ok(org_cli("org", "import", str(path)))
    assert "Đã xếp khối thi đua cho 2 đơn vị." in out

    table, how = ok(org_cli("org", "units")).split("\n\n")
    header, *rows = table.splitlines()
    assert "chungtay org unit-rename" in how and "chungtay org unit-merge" in how
    assert re.split(r"\s{2,}", header) == ["mã", "tên", "khối thi đua", "người", "hộ"]
    assert [row.split()[0] for row in rows] == ["khoa-noi", UNIT]  # “Khối khoa…” before “Khối phòng…”
    assert "Khối phòng chức năng" in rows[1] and rows[1].split()[-2:] == ["2", "0"]  # An and Bình


def test_drive_list_tells_a_drive_that_ended_but_takes_late_gifts_as_the_chat_does() -> None:
    from types import SimpleNamespace

    from bot.cli import _drive_state
    from bot.i18n import Translator

    english, vietnamese = Translator("en"), Translator("vi")
    drive = SimpleNamespace(closed_at=None, starts_on=date(2026, 10, 17), ends_on=date(2026, 11, 18))
    said = {
        day: _drive_state(drive, day, english)
        for day in (date(2026, 10, 1), date(2026, 11, 18), date(2026, 12, 18), date(2026, 12, 19))
    }
    assert list(said.values()) == ["not started", "open", "ended, takes late gifts", "ended"]
    assert (
        _drive_state(SimpleNamespace(**{**vars(drive), "closed_at": 1}), date(2026, 11, 1), english)
        == "closed"
    )
    assert _drive_state(drive, date(2026, 12, 18), vietnamese) == "đã kết thúc, còn nhận khoản muộn"


def test_a_drive_of_days_alone_is_given_no_target_by_drive_edit_and_is_shown_the_command_as_typed_less_it(
    org_cli: Cli,
) -> None:
    """`drive create` refused a target to a drive of labour days alone (decisions 1876, 1925), but `drive edit
    --target 20tr` then gave it one: a target in đồng nothing counts toward. Refused alike now, by the same
    rule, with the command as typed less the target, nothing changed; where the target was all it changed,
    the refusal alone. Days with goods keep their target, the goods' worth (decision 1940)."""
    ok(org_cli(*DAYS_DRIVE, "--kinds", "labour", "--code", "xay-nha"))
    ok(org_cli(*DAYS_DRIVE, "--kinds", "labour,goods", "--code", "xay-nha-2"))
    before = dump(org_cli.db)

    moved = org_cli("drive", "edit", "xay-nha", "--ends", "20/12/2026", "--target", "20tr")
    alone = org_cli("drive", "edit", "xay-nha", "--target", "20m", env=ENGLISH)

    assert moved.returncode == alone.returncode == 2, moved.stdout
    assert moved.stderr == (
        "chungtay: chưa sửa đợt vận động: đợt chỉ nhận ngày công thì không có mục tiêu bằng đồng (ngày "
        "công không tính thành tiền); hãy bỏ --target, ví dụ: chungtay drive edit xay-nha --ends 20/12/2026\n"
    )
    assert alone.stderr == (
        "chungtay: drive not changed: a drive of labour days alone has no target in đồng (days of work are "
        "not counted in money)\n"
    )
    assert dump(org_cli.db) == before
    ok(org_cli(*shlex.split(moved.stderr.split("ví dụ: chungtay ", 1)[1])))
    ok(org_cli("drive", "edit", "xay-nha-2", "--target", "20tr"))
    assert query(org_cli.db, "SELECT code, ends_on, target_vnd FROM drive ORDER BY id") == [
        ("xay-nha", "2026-12-20", None),
        ("xay-nha-2", "2026-12-31", 20_000_000),
    ]
