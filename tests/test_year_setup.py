"""The office prepares the next year before it starts (docs/decisions/0694–0696): in the first half of
December, on a working morning, whoever loads the organisation's plan and settings hears once what the coming
year lacks in the bot and what to do; the operator reads the same checklist at the shell."""

from __future__ import annotations

import functools
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

import bot.app
from bot.app import App
from bot.db.models import Campaign, OutboxMessage
from bot.delivery.transport import OutboundMessage
from bot.domain.org_settings import apply_settings, load_settings_file
from scheduler.jobs import JobContext, build_jobs
from tests.support.orgs import add_person, seed
from tests.test_cli import ENGLISH, ROOT, Cli, ok

READY_2027 = """
campaign = "vi-nguoi-ngheo-2026-2030"
year = 2027

[[suggested_targets]]
criterion = "ung-ho-quy"
value = 500_000

[[drives]]
code = "tet-2027"
title = "Quà Tết 2027 cho hộ nghèo"
starts_on = 2027-01-04
ends_on = 2027-02-03
kinds = ["money", "goods"]
fund = false
"""
SATURDAY = datetime(2026, 12, 4, 17, 15, tzinfo=UTC)  # Saturday 5/12/2026, 00:15 in Vietnam
MONDAY = datetime(2026, 12, 6, 17, 15, tzinfo=UTC)  # Monday 7/12/2026, 00:15 in Vietnam
TUESDAY = datetime(2026, 12, 7, 17, 15, tzinfo=UTC)


async def _notices(app: App) -> dict[str, tuple[str, datetime]]:
    """The year's notices written, by reader's name: their text and when they may go."""
    async with app.sessionmaker() as session:
        rows = await session.execute(
            select(OutboxMessage.key, OutboxMessage.payload, OutboxMessage.not_before).where(
                OutboxMessage.key.like("notice:year_%")
            )
        )
        found = {}
        for key, payload, not_before in rows:
            found[key] = (OutboundMessage.from_payload(payload).text, not_before)
        return found


async def test_the_office_hears_once_on_a_december_working_morning_what_2027_lacks_and_a_ready_one_nothing(
    app: App, tmp_path: Path
) -> None:
    """Trường Thử runs the 2026–2030 plan but loaded nothing for 2027 and has no Tết drive; Xã Thử loaded its
    2027 file, with a suggestion and a Tết drive. The plan's daily job runs on Saturday 5/12, Monday 7/12
    (twice: a restart) and Tuesday 8/12."""
    async with app.sessionmaker() as session, session.begin():
        school = await seed(session, SATURDAY)
        officer = await add_person(session, school, "Cán bộ CĐ", None, ("officer", None), now=SATURDAY)
        await add_person(session, school, "Cán bộ tổ A", "A", ("officer", "A"), now=SATURDAY)
        commune = await seed(session, SATURDAY, code="XA", name="Xã Thử")
        path = tmp_path / "xa-2027.toml"
        path.write_text(READY_2027, encoding="utf-8")
        await apply_settings(session, commune.org, load_settings_file(path), now=SATURDAY)
    job = next(job for job in build_jobs(app.settings) if job.id == "reminders.plan")
    ctx = JobContext(app.sessionmaker, app.settings)

    await job.fn(ctx, SATURDAY)
    assert await _notices(app) == {}  # never on a Saturday (decision 0234)

    await job.fn(ctx, MONDAY)
    await job.fn(ctx, MONDAY)
    await job.fn(ctx, TUESDAY)
    notices = await _notices(app)
    office = school.people["Văn phòng"].id
    # the school's admin and its officer of the whole school, once each; not a unit's officer, not a leader,
    # nobody of the commune, whose 2027 is ready
    assert sorted(notices) == sorted(
        f"notice:year_setup:{school.org.id}:2027:{p}" for p in (office, officer.id)
    )
    text, due = notices[f"notice:year_setup:{school.org.id}:2027:{office}"]
    assert due == datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 08:00 on Monday, not at 00:15
    assert text.startswith("Năm 2027 của Trường Thử chưa được chuẩn bị xong trên bot:\n")
    assert "Chưa nạp các lựa chọn của năm 2027" in text
    assert "`chungtay org settings load local-settings/<tên-tệp>-2027.toml`" in text
    assert "• Chưa có đợt vận động Tết 2027 (Tết ngày 06/02/2027)" in text
    assert "Chưa có kế hoạch phong trào" not in text  # the 2026–2030 plan covers 2027
    assert text.endswith(
        "Các bước làm: xem hướng dẫn cho quản trị viên, docs/guide-admin.md#a-new-year, phần chuẩn bị năm "
        "mới (tiêu đề tiếng Anh “A new year”)."
    )


async def test_who_heard_what_2027_lacked_hears_once_on_a_working_morning_that_it_is_ready(
    app: App, tmp_path: Path
) -> None:
    """Trường Thử's office and its officer of the whole school heard on Monday 7/12 that 2027 lacked its file
    and a Tết drive; the office loaded the file on Friday 11/12: nobody learnt that 2027 was ready (decision
    0694's Left), the officer who would open the drive least of all. Now, once, on Monday 14/12, not on the
    Saturday; not the commune's admin, who heard nothing (decision 0735)."""
    async with app.sessionmaker() as session, session.begin():
        school = await seed(session, MONDAY)
        officer = await add_person(session, school, "Cán bộ CĐ", None, ("officer", None), now=MONDAY)
        await seed(session, MONDAY, code="XA", name="Xã Thử")
    job = next(job for job in build_jobs(app.settings) if job.id == "reminders.plan")
    ctx = JobContext(app.sessionmaker, app.settings)
    await job.fn(ctx, MONDAY)
    path = tmp_path / "truong-2027.toml"
    path.write_text(READY_2027, encoding="utf-8")
    friday = datetime(2026, 12, 11, 8, 0, tzinfo=UTC)
    async with app.sessionmaker() as session, session.begin():
        await apply_settings(session, school.org, load_settings_file(path), now=friday)

    await job.fn(ctx, datetime(2026, 12, 11, 17, 15, tzinfo=UTC))  # Saturday 12/12, 00:15
    assert not [key for key in await _notices(app) if key.startswith("notice:year_ready:")]
    monday = datetime(2026, 12, 13, 17, 15, tzinfo=UTC)  # Monday 14/12, 00:15
    await job.fn(ctx, monday)
    await job.fn(ctx, monday)
    await job.fn(ctx, datetime(2027, 1, 4, 17, 15, tzinfo=UTC))
    ready = {key: said for key, said in (await _notices(app)).items() if key.startswith("notice:year_ready:")}
    office = school.people["Văn phòng"].id
    assert sorted(ready) == sorted(
        f"notice:year_ready:{school.org.id}:2027:{p}" for p in (office, officer.id)
    )
    text, due = ready[f"notice:year_ready:{school.org.id}:2027:{officer.id}"]
    assert due == datetime(2026, 12, 14, 1, 0, tzinfo=UTC)  # 08:00 on Monday
    assert text.startswith("Năm 2027 của Trường Thử đã sẵn sàng: có kế hoạch phong trào"), text


def _plan_ends(db: Path, day: str) -> None:
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("UPDATE campaign SET ends_on = ?", (day,))


def test_check_year_after_the_2021_2025_plan_names_the_plan_file_the_bot_ships_for_the_year(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An organisation that loaded the 2021–2025 plan only, on 1/12/2026: the checklist said “load the next
    period's plan, `chungtay campaign load campaigns/<plan>.toml`”, where the bot ships that plan; now it
    names the file and the slug the year's settings file is to name (decision 1021)."""
    tuesday = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: tuesday))
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "create", "--code", "TRUONG", "--name", "Trường Thử"))
    ok(cli("campaign", "load", str(ROOT / "campaigns" / "vi-nguoi-ngheo-2021-2025.toml")))

    lacking = cli("org", "check-year", "--year", "2027", env=ENGLISH)
    assert lacking.returncode == 1, lacking.stderr
    assert lacking.stdout.splitlines()[1] == (
        "• No campaign plan covers 2027: load the next period's plan, your own or the one the bot ships for "
        "2026–2030, `chungtay campaign load campaigns/vi-nguoi-ngheo-2026-2030.toml` "
        "(docs/campaign-plans.md, “Loading a plan”); the year's settings file then names it: "
        'campaign = "vi-nguoi-ngheo-2026-2030".'
    ), lacking.stdout


def test_check_year_prints_what_2027_lacks_and_that_it_is_ready_once_loaded(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The operator's checklist on 1/12/2026: with the plan ending in 2026 every line is there, exit code 1;
    with the 2026–2030 plan and the 2027 file loaded, ready, exit code 0."""
    tuesday = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: tuesday))
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "create", "--code", "TRUONG", "--name", "Trường Thử"))
    ok(cli("campaign", "load", str(ROOT / "campaigns" / "vi-nguoi-ngheo-2026-2030.toml")))
    _plan_ends(db_path, "2026-12-31")

    lacking = cli("org", "check-year", env=ENGLISH)
    assert lacking.returncode == 1, lacking.stderr
    assert lacking.stdout.splitlines()[:3] == [
        "The bot is not ready for 2027 at Trường Thử yet:",
        "• No campaign plan covers 2027: load the next period's plan, `chungtay campaign load "
        "campaigns/<plan>.toml` (docs/campaign-plans.md, “Loading a plan”).",
        "• The choices for 2027 are not loaded (suggested targets, registration window, drives): copy the "
        "example, `cp local-settings/demo-2026.toml local-settings/<file>-2027.toml`, write year = 2027 and "
        "your own drives and suggestions in it, and load it, `chungtay org settings load "
        "local-settings/<file>-2027.toml` (docs/guide-admin.md, step 4).",
    ]
    assert "• No Tết drive for Tết 2027 (06/02/2027) yet" in lacking.stdout

    _plan_ends(db_path, "2030-12-31")
    path = tmp_path / "truong-2027.toml"
    path.write_text(READY_2027, encoding="utf-8")
    ok(cli("org", "settings", "load", str(path)))
    assert ok(cli("org", "check-year", "--year", "2027", env=ENGLISH)) == (
        "The bot is ready for 2027 at Trường Thử: a plan covers it, its choices are loaded, with a suggested "
        "target and a Tết drive.\n"
    )


async def test_a_year_running_with_no_plan_is_told_to_the_office_once_whatever_the_month(app: App) -> None:
    """Trường Thử's plan ended with 2026 and it heard nothing in December (it began in the bot after 15/12):
    all through 2027 nobody told the office that no plan covered the year, while members read that its
    campaign was not open; in December 2027 it heard only that 2028 lacked a plan. Now on the first working
    morning the bot finds the year running with no plan, the office hears once what to load and how (decision
    0980); in December, the coming year's, once too (decision 1020)."""
    async with app.sessionmaker() as session, session.begin():
        school = await seed(session, MONDAY)
        officer = await add_person(session, school, "Cán bộ CĐ", None, ("officer", None), now=MONDAY)
        await add_person(session, school, "Cán bộ tổ A", "A", ("officer", "A"), now=MONDAY)
        await session.execute(update(Campaign).values(ends_on=date(2026, 12, 31)))
    job = next(job for job in build_jobs(app.settings) if job.id == "reminders.plan")
    ctx = JobContext(app.sessionmaker, app.settings)

    wednesday = datetime(2027, 6, 1, 17, 15, tzinfo=UTC)  # Wednesday 2/6/2027, 00:15 in Vietnam
    for at in (wednesday, wednesday, datetime(2027, 6, 2, 17, 15, tzinfo=UTC), MONDAY.replace(year=2027)):
        await job.fn(ctx, at)
    notices = await _notices(app)
    office = school.people["Văn phòng"].id
    assert sorted(notices) == sorted(
        f"notice:year_setup:{school.org.id}:{year}:{p}" for p in (office, officer.id) for year in (2027, 2028)
    )
    text, due = notices[f"notice:year_setup:{school.org.id}:2027:{office}"]
    assert due == datetime(2027, 6, 2, 1, 0, tzinfo=UTC)  # 08:00 on Wednesday
    assert text.startswith("Năm 2027 của Trường Thử chưa được chuẩn bị xong trên bot:\n"), text
    assert "• Chưa có kế hoạch phong trào nào cho năm 2027: nạp kế hoạch giai đoạn" in text, text
    assert "`chungtay campaign load campaigns/" in text, text


async def test_a_plan_ended_a_year_ago_and_never_replaced_the_coming_year_is_told_in_december(
    app: App,
) -> None:
    """Trường Thử's plan covered 2021–2025 and the 2026–2030 plan was never loaded: the office heard in
    January 2026 that no plan covered 2026, then nothing all December 2026, while the December notice is the
    one that leaves time before the year turns; it heard of 2027 only on 4/1/2027, when members already read
    “Phong trào thi đua năm 2027 chưa mở”. Now the coming year's notice goes on December's first working
    morning, once, and January says nothing again (decision 1020)."""
    async with app.sessionmaker() as session, session.begin():
        school = await seed(session, MONDAY)
        await session.execute(update(Campaign).values(starts_on=date(2021, 1, 1), ends_on=date(2025, 12, 31)))
    job = next(job for job in build_jobs(app.settings) if job.id == "reminders.plan")
    ctx = JobContext(app.sessionmaker, app.settings)
    office = school.people["Văn phòng"].id
    key = f"notice:year_setup:{school.org.id}:{{year}}:{office}"

    await job.fn(ctx, datetime(2026, 1, 4, 17, 15, tzinfo=UTC))  # Monday 5/1/2026, 00:15 in Vietnam
    assert sorted(await _notices(app)) == [key.format(year=2026)]
    for at in (MONDAY, TUESDAY, datetime(2027, 1, 3, 17, 15, tzinfo=UTC)):  # 7/12, 8/12/2026, 4/1/2027
        await job.fn(ctx, at)
    notices = await _notices(app)
    assert sorted(notices) == [key.format(year=2026), key.format(year=2027)], sorted(notices)
    text, due = notices[key.format(year=2027)]
    assert due == datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 08:00 on Monday 7/12/2026
    assert "• Chưa có kế hoạch phong trào nào cho năm 2027: nạp kế hoạch giai đoạn" in text, text


def test_a_new_office_in_january_is_told_to_copy_the_example_not_a_last_years_file_it_never_had(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hospital starting on Monday 4/1/2027 with the 2026–2030 plan has no 2026 settings file to copy, nor
    a December of 2026 left to start a Tết drive in: its checklist names the example to copy and the 2027
    file to add the Tết drive to, in the chats' Vietnamese as the office's December notice is (decision 1129:
    the shell printed it in English whatever the office had set)."""
    monday = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: monday))
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "create", "--code", "BVDK", "--name", "Bệnh viện Đa khoa huyện", "--kind", "office"))
    ok(cli("campaign", "load", str(ROOT / "campaigns" / "vi-nguoi-ngheo-2026-2030.toml")))

    lacking = cli("org", "check-year")
    assert lacking.returncode == 1, lacking.stderr
    said = lacking.stdout.splitlines()
    assert said[0] == "Năm 2027 của Bệnh viện Đa khoa huyện chưa được chuẩn bị xong trên bot:"
    assert "cp local-settings/demo-2026.toml local-settings/<tên-tệp>-2027.toml" in said[1]
    assert said[2] == (
        "• Chưa có đợt vận động Tết 2027 (Tết ngày 06/02/2027): thêm đợt vào [[drives]] của tệp cài đặt năm "
        "2027, bắt đầu từ ngày 04/01/2027 trở đi, rồi nạp lại."  # its December gone (decision 1962)
    )
    english = cli("org", "check-year", env=ENGLISH).stdout  # an office whose chats speak English
    assert english.splitlines()[1:3] == [
        "• The choices for 2027 are not loaded (suggested targets, registration window, drives): copy the "
        "example, `cp local-settings/demo-2026.toml local-settings/<file>-2027.toml`, write year = 2027 and "
        "your own drives and suggestions in it, and load it, `chungtay org settings load "
        "local-settings/<file>-2027.toml` (docs/guide-admin.md, step 4).",
        "• No Tết drive for Tết 2027 (06/02/2027) yet: add it to [[drives]] of the settings file of 2027, "
        "starting on 04/01/2027 or later, and load it again.",
    ]
    assert "last year's" not in english and "2026's file" not in english
    # the guide, written in English, is named by its link, then in the office's words (decision 1849)
    assert said[-1] == (
        "Các bước làm: xem hướng dẫn cho quản trị viên, docs/guide-admin.md#a-new-year, phần chuẩn bị năm "
        "mới (tiêu đề tiếng Anh “A new year”)."
    )
    assert english.splitlines()[-1] == (
        "Step by step: the admins' guide, docs/guide-admin.md#a-new-year, its part “A new year”."
    )
    # a year not written in full is refused as every other --year refuses it, with one that works (1818)
    short = cli("org", "check-year", "--year", "27")
    assert short.returncode == 2 and not short.stdout
    assert "'27' không phải một năm: hãy ghi đủ năm, ví dụ --year 2026" in short.stderr, short.stderr
    far = cli("org", "check-year", "--year", "1999", env=ENGLISH)
    assert "'1999' is not a year; write it in full, e.g. --year 2026" in far.stderr, far.stderr


def test_check_year_of_the_year_just_ended_names_the_coming_year_and_the_ended_years_report(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Saturday 2/1/2027 the office asks about 2026, the year just ended: the checklist told it to add a
    Tết drive for Tết 2026 (17/02/2026), ten months gone, and load the file again, exit code 1. A year ended
    is prepared no more: it is refused, naming the year to prepare and the ended year's report, and changes
    nothing (decision 1832). Before 07:00 on 1/1 in Vietnam (still 31/12 by UTC) 2026 has ended already."""
    for now in (datetime(2027, 1, 2, 2, 0, tzinfo=UTC), datetime(2026, 12, 31, 23, 30, tzinfo=UTC)):
        monkeypatch.setattr(
            bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda at=now: at)
        )
        cli = Cli(tmp_path, db_path)
        if now.year == 2027:
            ok(cli("org", "create", "--code", "TRUONG", "--name", "Trường Thử"))
            ok(cli("campaign", "load", str(ROOT / "campaigns" / "vi-nguoi-ngheo-2026-2030.toml")))
        ended = cli("org", "check-year", "--year", "2026")
        assert ended.returncode == 2, ended.stdout
        assert ended.stdout == "" and "Tết" not in ended.stderr
        assert ended.stderr.strip() == (
            "chungtay: Năm 2026 đã kết thúc: lệnh này chuẩn bị cho năm sắp tới, ví dụ `chungtay org "
            "check-year --year 2027`. Báo cáo năm 2026: `chungtay report year --year 2026 --docx "
            "bao-cao-nam-2026.docx`."
        ), ended.stderr
        english = cli("org", "check-year", "--year", "2025", env=ENGLISH)
        assert english.returncode == 2 and english.stderr.strip() == (
            "chungtay: 2025 has ended: this command prepares a year to come, for example `chungtay org "
            "check-year --year 2027`. The report of 2025: `chungtay report year --year 2025 --docx "
            "bao-cao-nam-2025.docx`."
        ), english.stderr
    coming = cli("org", "check-year", "--year", "2027")  # the year to come is still checked, as before
    assert coming.returncode == 1 and coming.stdout.startswith("Năm 2027 của Trường Thử chưa được chuẩn bị")


def test_check_year_in_january_asks_for_a_tet_drive_from_today_and_not_for_one_already_closed(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Monday 18/1/2027, Tết 2027 on 6/2: with no Tết drive, the checklist said it “may start in December
    2026”, a month gone; with one opened on 4/1 and closed on the 18th, its gifts collected, it asked for a
    Tết drive as if none were there, exit code 1. A lacking drive is to start from today; a closed one was
    there (decision 1962), and is said closed before its end, with the way back (decision 2063)."""
    monday = datetime(2027, 1, 18, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: monday))
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "create", "--code", "TRUONG", "--name", "Trường Thử"))
    ok(cli("campaign", "load", str(ROOT / "campaigns" / "vi-nguoi-ngheo-2026-2030.toml")))
    path = tmp_path / "truong-2027.toml"
    path.write_text(READY_2027.split("[[drives]]")[0], encoding="utf-8")
    ok(cli("org", "settings", "load", str(path)))

    lacking = cli("org", "check-year")
    assert lacking.returncode == 1, lacking.stdout
    assert (
        "• Chưa có đợt vận động Tết 2027 (Tết ngày 06/02/2027): thêm đợt vào [[drives]] của tệp cài đặt năm "
        "2027, bắt đầu từ ngày 18/01/2027 trở đi, rồi nạp lại." in lacking.stdout.splitlines()
    ), lacking.stdout
    assert "12/2026" not in lacking.stdout
    english = cli("org", "check-year", env=ENGLISH)
    assert (
        "• No Tết drive for Tết 2027 (06/02/2027) yet: add it to [[drives]] of the settings file of 2027, "
        "starting on 18/01/2027 or later, and load it again." in english.stdout.splitlines()
    ), english.stdout

    path.write_text(READY_2027, encoding="utf-8")
    ok(cli("org", "settings", "load", str(path)))
    ok(cli("drive", "close", "tet-2027"))
    closed = cli("org", "check-year", "--year", "2027")
    assert closed.returncode == 0, closed.stdout
    assert closed.stdout.startswith("Năm 2027 của Trường Thử đã sẵn sàng"), closed.stdout
    # counted as there, as the office may have collected early; said, as it may have closed it by mistake,
    # with the way back (decision 2063)
    assert (
        "Đợt vận động “Quà Tết 2027 cho hộ nghèo” đã đóng ngày 18/01/2027, trước ngày kết thúc 03/02/2027, "
        "nên không nhận thêm đóng góp; nếu đóng nhầm, anh/chị mở lại: `chungtay drive reopen tet-2027`."
    ) in closed.stdout.splitlines(), closed.stdout
    ok(cli("drive", "reopen", "tet-2027"))
    assert "đã đóng ngày" not in cli("org", "check-year", "--year", "2027").stdout


def test_check_year_of_this_year_after_its_tet_asks_for_no_tet_drive_gone_by(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Sunday 20/12/2026 the office checks 2026, still running, its plan and file loaded with a suggestion:
    the checklist asked for a drive for Tết 2026 (17/02/2026), ten months gone, exit code 1. Only what is
    still ahead is asked: the year is ready, and the Tết to prepare is named with its year (decision 1900)."""
    sunday = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: sunday))
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "create", "--code", "TRUONG", "--name", "Trường Thử"))
    ok(cli("campaign", "load", str(ROOT / "campaigns" / "vi-nguoi-ngheo-2026-2030.toml")))
    path = tmp_path / "truong-2026.toml"
    path.write_text(READY_2027.split("[[drives]]")[0].replace("year = 2027", "year = 2026"), encoding="utf-8")
    ok(cli("org", "settings", "load", str(path)))

    said = cli("org", "check-year", "--year", "2026")
    assert said.returncode == 0, said.stdout
    assert said.stdout.splitlines() == [
        "Năm 2026 của Trường Thử đã sẵn sàng: có kế hoạch phong trào, đã nạp các lựa chọn của năm, có mức "
        "gợi ý.",
        "Tết 2026 (17/02/2026) đã qua: đợt vận động Tết cần chuẩn bị nay là của Tết 2027, `chungtay org "
        "check-year --year 2027`.",
    ], said.stdout
    english = cli("org", "check-year", "--year", "2026", env=ENGLISH)
    assert english.returncode == 0 and english.stdout.splitlines() == [
        "The bot is ready for 2026 at Trường Thử: a plan covers it, its choices are loaded, with a suggested "
        "target.",
        "Tết 2026 (17/02/2026) has passed: the Tết drive to prepare is that of Tết 2027, `chungtay org "
        "check-year --year 2027`.",
    ], english.stdout
    coming = cli("org", "check-year", "--year", "2027")  # the Tết still ahead is asked for, as before
    assert coming.returncode == 1 and "Tết 2027 (Tết ngày 06/02/2027)" in coming.stdout
