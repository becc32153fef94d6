"""The units' report day, set alone at the shell where the year's settings file set it only with every other
choice (decision 1850): a day of the year, its leaders reminded as of any of the office's own deadlines; a
file loaded later without it leaves it; a day that is none, or past, is refused with one that works."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path

import pytest

import bot.app
from tests.test_cli import ENGLISH, ROOT, Cli, ok, query
from tests.test_year_setup import READY_2027

SUNDAY_EVENING = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)  # 19:00 on Sunday 6/12/2026 in Vietnam
DEADLINES = "SELECT code, year, month, day, audience, local FROM deadline WHERE local ORDER BY year, code"


def _office_with_the_plan(tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The shell on Sunday evening 6/12/2026, with the office SOLDTBXH made and the 2026–2030 plan loaded."""
    clock = functools.partial(bot.app.build_app, clock=lambda: SUNDAY_EVENING)
    monkeypatch.setattr(bot.app, "build_app", clock)
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "create", "--code", "SOLDTBXH", "--name", "Sở Lao động", "--kind", "office"))
    ok(cli("campaign", "load", str(ROOT / "campaigns" / "vi-nguoi-ngheo-2026-2030.toml")))
    return cli


def test_an_admin_sets_the_units_report_day_at_the_shell_and_a_settings_file_loaded_later_keeps_it(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = _office_with_the_plan(tmp_path, db_path, monkeypatch)

    assert ok(cli("org", "settings", "report-day", "20/12/2026")) == (
        "SOLDTBXH: các đơn vị báo cáo kết quả năm 2026 trước ngày 20/12/2026; lãnh đạo các đơn vị được nhắc "
        "trước hạn.\n"
    )
    # due in January, the report is of the year just ended, as the reminders read it (decision 0552)
    assert ok(cli("org", "settings", "report-day", "2027-01-15", env=ENGLISH)) == (
        "SOLDTBXH: the units report their results for 2026 by 15/01/2027 (it was 20/12/2026); their leaders "
        "are reminded ahead.\n"
    )
    path = tmp_path / "so-2027.toml"
    path.write_text(READY_2027, encoding="utf-8")
    ok(cli("org", "settings", "load", str(path)))  # 2027's file, which does not name it
    assert ok(cli("org", "settings", "report-day", "18/01/2027")) == (
        "SOLDTBXH: các đơn vị báo cáo kết quả năm 2026 trước ngày 18/01/2027 (trước đây là 15/01/2027); lãnh "
        "đạo các đơn vị được nhắc trước hạn.\n"
    )
    assert ok(cli("org", "settings", "report-day", "20/12/2027")) == (
        "SOLDTBXH: các đơn vị báo cáo kết quả năm 2027 trước ngày 20/12/2027; lãnh đạo các đơn vị được nhắc "
        "trước hạn.\n"
    )
    ok(cli("org", "settings", "load", str(path)))  # loaded again, it leaves both
    assert query(db_path, DEADLINES) == [
        ("bao-cao-don-vi-2026", 2027, 1, 18, "leader", 1),
        ("bao-cao-don-vi-2027", 2027, 12, 20, "leader", 1),
    ]
    assert query(db_path, "SELECT count(*) FROM audit_log WHERE action = 'org.report_day'") == [(4,)]


def test_a_day_that_is_none_or_past_or_of_a_year_no_plan_covers_is_refused_with_one_that_works(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = _office_with_the_plan(tmp_path, db_path, monkeypatch)

    no_day = cli("org", "settings", "report-day", "31/02/2027")
    past = cli("org", "settings", "report-day", "20/11/2026")
    no_plan = cli("org", "settings", "report-day", "20/12/2031")
    english = cli("org", "settings", "report-day", "20/11/2026", env=ENGLISH)

    assert [run.returncode for run in (no_day, past, no_plan, english)] == [2, 2, 2, 2]
    assert "'31/02/2027'" in no_day.stderr and "31/08/2026" in no_day.stderr, no_day.stderr
    assert past.stderr == (
        "chungtay: ngày 20/11/2026 đã qua: hãy ghi một ngày từ hôm nay trở đi, ví dụ 20/12/2026\n"
    )
    assert no_plan.stderr == (
        "chungtay: chưa có kế hoạch phong trào nào cho năm 2031: hãy nạp kế hoạch trước (chungtay campaign "
        "load TỆP), hoặc ghi một ngày của năm kế hoạch đã có, ví dụ 20/12/2026\n"
    )
    assert english.stderr == "chungtay: 20/11/2026 has passed: write a day from today on, e.g. 20/12/2026\n"
    assert query(db_path, DEADLINES) == []
