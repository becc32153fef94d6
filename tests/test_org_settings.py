"""An organisation's local settings file: it sets the year's drives, suggested targets, registration window
and local deadlines, loads again without change, reports every mistake with its line, and stays apart from
the plan (reloading the plan leaves it alone)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Deadline, Drive, Organisation, RegistrationWindow, SuggestedTarget
from bot.demo import DEMO_SETTINGS
from bot.domain.org_settings import Kept, SettingsError, SettingsReport, apply_settings, load_settings_file
from bot.domain.plans import PlanError, install_plan, load_plan
from tests.test_plans import PLAN_2026, line_of

NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)

SETTINGS = """\
campaign = "vi-nguoi-ngheo-2026-2030"
year = 2027

[registration]
opens_on = 2026-12-15
closes_on = 2027-02-28

[[suggested_targets]]
criterion = "ung-ho-quy"
value = 300_000

[[suggested_targets]]
criterion = "ngay-cong"
value = 2

[[drives]]
code = "cao-diem-2027"
title = "Tháng cao điểm “Vì người nghèo” 2027"
starts_on = 2027-10-01
ends_on = 2027-12-31
kinds = ["money", "goods"]
fund = true
target_vnd = 80_000_000
suggested_level = "Cán bộ, viên chức: ít nhất 01 ngày lương"

[[drives]]
code = "qua-tet-2028"
title = "Quà Tết cho gia đình viên chức khó khăn"
starts_on = 2027-12-15
ends_on = 2028-01-20
kinds = ["money", "goods"]
fund = false

[[deadlines]]
code = "bao-cao-ket-qua-2027"
title = "Các phòng báo cáo kết quả về Văn phòng"
date = 2027-11-30
audience = "leader"
"""


def write(tmp_path: Path, text: str, name: str = "thiet-lap.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def org_with_plan(db: async_sessionmaker[AsyncSession]) -> int:
    async with db() as session, session.begin():
        org = Organisation(code="SLD", name="Sở thử nghiệm", created_at=NOW)
        session.add(org)
        await session.flush()
        await install_plan(session, org, load_plan(PLAN_2026), now=NOW)
        return org.id


async def apply(db: async_sessionmaker[AsyncSession], org_id: int, path: Path) -> SettingsReport:
    async with db() as session, session.begin():
        org = await session.get_one(Organisation, org_id)
        return await apply_settings(session, org, load_settings_file(path))


async def test_a_settings_file_sets_drives_levels_and_the_registration_window(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    org_id = await org_with_plan(db)
    report = await apply(db, org_id, write(tmp_path, SETTINGS))
    assert report.registration == (date(2026, 12, 15), date(2027, 2, 28))
    assert (report.drives, report.suggested_targets, report.deadlines) == ((2, 0, []), (2, 0, []), (1, 0, []))

    async with db() as session:
        drives = {d.code: d for d in await session.scalars(select(Drive))}
        window = await session.scalar(select(RegistrationWindow))
        targets = sorted(await session.scalars(select(SuggestedTarget.value)))
        local = (await session.scalars(select(Deadline).where(Deadline.local.is_(True)))).one()
    peak, tet = drives["cao-diem-2027"], drives["qua-tet-2028"]
    assert (peak.starts_on, peak.ends_on, peak.fund, peak.target_vnd) == (
        date(2027, 10, 1),
        date(2027, 12, 31),
        True,
        80_000_000,
    )
    assert peak.suggested_level == "Cán bộ, viên chức: ít nhất 01 ngày lương"
    assert (tet.fund, tet.ends_on) == (False, date(2028, 1, 20))
    assert window is not None and (window.year, window.org_id) == (2027, org_id)
    assert targets == [2, 300_000]
    assert (local.code, local.year, local.month, local.day) == ("bao-cao-ket-qua-2027", 2027, 11, 30)

    # The same file again changes nothing.
    again = await apply(db, org_id, write(tmp_path, SETTINGS))
    assert (again.drives, again.suggested_targets, again.deadlines) == ((0, 0, []), (0, 0, []), (0, 0, []))

    # Without [registration] the year is open all year; a target and a deadline left out go, a drive stays.
    edited = SETTINGS.replace("[registration]\nopens_on = 2026-12-15\ncloses_on = 2027-02-28\n", "")
    edited = edited.replace('[[suggested_targets]]\ncriterion = "ngay-cong"\nvalue = 2\n', "")
    edited = edited[: edited.index('[[drives]]\ncode = "qua-tet-2028"')]
    report = await apply(db, org_id, write(tmp_path, edited))
    assert report.registration is None
    assert (report.drives, report.suggested_targets, report.deadlines) == (
        (0, 0, ["qua-tet-2028"]),
        (0, 0, ["ngay-cong"]),
        (0, 0, ["bao-cao-ket-qua-2027"]),
    )
    async with db() as session:
        assert await session.scalar(select(RegistrationWindow)) is None
        assert len((await session.scalars(select(Drive))).all()) == 2
        assert list(await session.scalars(select(SuggestedTarget.value))) == [300_000]


BAD = """\
campaign = "vi-nguoi-ngheo-2026-2030"
year = 2027

[registration]
opens_on = 2027-03-01
closes_on = 2027-01-31

[[suggested_targets]]
criterion = "ung-ho-quy"
value = 0

[[drives]]
code = "cao-diem-2027"
title = "Tháng cao điểm"
starts_on = 2026-10-17
ends_on = 2027-11-18
kinds = ["tien"]

[[deadlines]]
code = "bao-cao"
title = "Báo cáo"
date = "2027-02-30"
audience = "van-phong"
"""


def test_a_bad_settings_file_gets_every_mistake_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, BAD)
    with pytest.raises(SettingsError) as caught:
        load_settings_file(path)
    assert [(p.line, p.key) for p in caught.value.problems] == [
        (line_of(BAD, "closes_on"), "registration.closes_on"),
        (line_of(BAD, "value = 0"), "suggested_targets[1].value"),
        (line_of(BAD, "[[drives]]"), "drives[1].fund"),
        (line_of(BAD, "starts_on = 2026"), "drives[1].starts_on"),
        (line_of(BAD, '["tien"]'), "drives[1].kinds"),
        (line_of(BAD, "2027-02-30"), "deadlines[1].date"),
        (line_of(BAD, "van-phong"), "deadlines[1].audience"),
    ]
    lines = str(caught.value).splitlines()
    assert lines[0] == (
        f"{path}, line {line_of(BAD, 'closes_on')}, registration.closes_on: 2027-01-31 is before opens_on "
        "(2027-03-01)"
    )
    assert (
        f"{path}, line {line_of(BAD, 'starts_on = 2026')}, drives[1].starts_on: 2026-10-17 is not in 2027"
        in (str(caught.value))
    )


async def test_what_the_organisation_does_not_have_is_refused_with_its_line_and_nothing_changes(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    org_id = await org_with_plan(db)
    text = (
        'campaign = "vi-nguoi-ngheo-2026-2030"\nyear = 2031\n\n[[suggested_targets]]\n'
        'criterion = "ung-ho-quy"\nvalue = 300_000\n\n[[suggested_targets]]\n'
        'criterion = "ngay-cong-lao-dong"\nvalue = 2\n'
    )
    path = write(tmp_path, text)
    with pytest.raises(SettingsError) as caught:
        await apply(db, org_id, path)
    assert [(p.line, p.key) for p in caught.value.problems] == [
        (line_of(text, "year = 2031"), "year"),
        (line_of(text, '"ngay-cong-lao-dong"'), "suggested_targets[2].criterion"),
    ]
    assert "2031 is outside the campaign's period 2026–2030" in str(caught.value)
    unknown = SETTINGS.replace(
        'campaign = "vi-nguoi-ngheo-2026-2030"', 'campaign = "vi-nguoi-ngheo-2031-2035"'
    )
    with pytest.raises(
        SettingsError, match=r"line 1, campaign: .* is not loaded into SLD: load its plan first"
    ):
        await apply(db, org_id, write(tmp_path, unknown))
    # Last year's file with every 2026 made 2027, the plan's own slug too: the plan that holds 2027 is named.
    copied = SETTINGS.replace("ngheo-2026-2030", "ngheo-2027-2030")
    with pytest.raises(SettingsError) as caught:
        await apply(db, org_id, write(tmp_path, copied))
    assert str(caught.value).endswith(
        'campaign: "vi-nguoi-ngheo-2027-2030" is not loaded into SLD: load its plan first (chungtay campaign '
        'load FILE), or name the plan loaded for 2027: campaign = "vi-nguoi-ngheo-2026-2030" (2026–2030)'
    )
    async with db() as session:
        assert (await session.scalars(select(Drive))).all() == []


async def test_reloading_the_plan_leaves_the_local_deadlines_alone(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    org_id = await org_with_plan(db)
    await apply(db, org_id, write(tmp_path, SETTINGS))
    await org_with_plan_again(db, org_id)
    async with db() as session:
        codes = sorted(await session.scalars(select(Deadline.code)))
    assert codes == ["bao-cao-ket-qua-2027", "ho-so-khen-thuong-don-vi", "ho-so-khen-thuong-len-so"]


async def org_with_plan_again(db: async_sessionmaker[AsyncSession], org_id: int) -> None:
    async with db() as session, session.begin():
        org = await session.get_one(Organisation, org_id)
        await install_plan(session, org, load_plan(PLAN_2026), now=NOW)


def test_the_demo_seeds_its_own_drives_one_of_them_for_the_fund() -> None:
    settings = load_settings_file(DEMO_SETTINGS)
    assert settings.registration is None  # open all year
    assert {(d.code, d.fund) for d in settings.drives} == {("cao-diem-2026", True), ("ao-am-2026", False)}
    assert settings.suggested_targets == (("ung-ho-quy", 500_000),)


def test_the_settings_example_in_the_guide_loads(tmp_path: Path) -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "campaign-plans.md").read_text(encoding="utf-8")
    example = guide.split("```toml\n")[2].split("```", 1)[0]
    settings = load_settings_file(write(tmp_path, example))
    assert settings.registration == (date(2026, 1, 5), date(2026, 3, 31))
    assert [(d.code, d.fund) for d in settings.drives] == [("cao-diem-2026", True)]


HOLIDAYS_BAD = """campaign = "vi-nguoi-ngheo-2026-2030"
year = 2027

[[holidays]]
title = "Tết Nguyên đán"
starts_on = 2027-02-05
ends_on = 2027-03-20

[[holidays]]
date = 2027-09-02
starts_on = 2027-09-02

[[holidays]]
title = "Nghỉ bù"
ends_on = 2027-05-03

[[holidays]]
date = 2026-12-31
"""


def test_holidays_are_checked_with_their_lines(tmp_path: Path) -> None:
    path = write(tmp_path, HOLIDAYS_BAD)
    with pytest.raises(SettingsError) as caught:
        load_settings_file(path)
    assert [(p.line, p.key, p.message) for p in caught.value.problems] == [
        (line_of(HOLIDAYS_BAD, "2027-03-20"), "holidays[1].ends_on", "44 days off in one run; at most 31"),
        (
            line_of(HOLIDAYS_BAD, "date = 2027-09-02"),
            "holidays[2].date",
            "use date for one day, or starts_on and ends_on for a run of days, not both",
        ),
        (
            line_of(HOLIDAYS_BAD, '"Nghỉ bù"') - 1,  # the table's own line
            "holidays[3].starts_on",
            "required key is missing (a run of days has both ends)",
        ),
        (
            line_of(HOLIDAYS_BAD, "2026-12-31"),
            "holidays[4].date",
            "2026-12-31 is not in 2027, the year these settings are for: a day of 2026 goes in 2026's file "
            "(year = 2026)",
        ),
    ]


def test_working_saturdays_are_said_in_their_own_table_and_checked_with_their_lines(tmp_path: Path) -> None:
    base = 'campaign = "vi-nguoi-ngheo-2026-2030"\nyear = 2026\n'
    assert load_settings_file(write(tmp_path, base)).saturday is False  # Saturdays off unless said
    assert load_settings_file(write(tmp_path, base + "\n[working_week]\nsaturday = true\n")).saturday is True
    bad = base + '\n[working_week]\nsaturday = "có"\nsaturdays = true\nsunday = true\n'
    with pytest.raises(SettingsError) as caught:
        load_settings_file(write(tmp_path, bad))
    assert [(p.line, p.key, p.message) for p in caught.value.problems] == [
        (line_of(bad, '"có"'), "working_week.saturday", 'must be true or false, not "có"'),
        (
            line_of(bad, "saturdays"),
            "working_week.saturdays",
            'unknown key (did you mean "saturday"?); allowed keys: saturday',
        ),
        # a hospital's wards on weekend shifts: no seven-day week, said plainly (decision 2065)
        (
            line_of(bad, "sunday"),
            "working_week.sunday",
            "Sundays are days off for reminders and appeals in every organisation: only Saturdays can be "
            "set as worked (saturday = true)",
        ),
    ]


def test_a_drive_of_days_alone_given_a_target_in_the_file_is_refused_naming_the_drive_and_what_to_write(
    tmp_path: Path,
) -> None:
    """The school's union officer adds to next year's file a drive of labour days alone with a money target:
    `drive edit` and “Đổi mục tiêu” refuse it (1940), yet the file loaded it. Now the same rule
    (`drives.check_days_target`) refuses it at load, with its line, the drive and what to write (2030)."""
    from bot.i18n import Translator

    days = SETTINGS.replace(
        '[[drives]]\ncode = "qua-tet-2028"',
        '[[drives]]\ncode = "xay-nha-2027"\ntitle = "Ngày công xây nhà"\nstarts_on = 2027-03-01\n'
        'ends_on = 2027-03-31\nkinds = ["labour"]\nfund = false\ntarget_vnd = 20_000_000\n\n'
        '[[drives]]\ncode = "qua-tet-2028"',
    )
    path = write(tmp_path, days)
    with pytest.raises(SettingsError) as caught:
        load_settings_file(path)
    assert str(caught.value) == (
        f"{path}, line {line_of(days, 'target_vnd = 20_000_000')}, drives[2].target_vnd: the drive "
        "xay-nha-2027 takes labour days alone, which count toward no target in đồng: remove target_vnd, or "
        'add "money" or "goods" to its kinds'
    )
    assert "đợt xay-nha-2027 chỉ nhận ngày công" in caught.value.said(Translator("vi"))
    load_settings_file(write(tmp_path, days.replace("target_vnd = 20_000_000\n", "")))  # without: loaded


def test_tet_may_run_into_the_next_year(tmp_path: Path) -> None:
    text = (
        'campaign = "vi-nguoi-ngheo-2026-2030"\nyear = 2026\n\n[[holidays]]\ntitle = "Nghỉ Tết Dương lịch"\n'
        "starts_on = 2026-12-31\nends_on = 2027-01-02\n\n[[holidays]]\ndate = 2026-09-02\n"
    )
    settings = load_settings_file(write(tmp_path, text))
    assert [(h.starts_on, h.ends_on, h.title) for h in settings.holidays] == [
        (date(2026, 12, 31), date(2027, 1, 2), "Nghỉ Tết Dương lịch"),
        (date(2026, 9, 2), date(2026, 9, 2), None),
    ]


async def test_a_drive_loaded_before_loads_were_recorded_keeps_a_later_change_in_the_chat(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """No `drive.settings` row yet (a file loaded by an older bot): the officer's latest change that still
    holds is kept and reported; the field nobody changed follows the file."""
    from sqlalchemy import delete

    from bot.db.models import AuditLog
    from bot.domain.access import Operator
    from bot.domain.drives import change_dates

    org_id = await org_with_plan(db)
    await apply(db, org_id, write(tmp_path, SETTINGS))
    async with db() as session, session.begin():
        await session.execute(delete(AuditLog).where(AuditLog.action == "drive.settings"))
        peak = (await session.scalars(select(Drive).where(Drive.code == "cao-diem-2027"))).one()
        await change_dates(session, Operator(org_id), peak, date(2027, 10, 1), date(2028, 1, 15), now=NOW)
    report = await apply(db, org_id, write(tmp_path, SETTINGS.replace("80_000_000", "90_000_000")))
    assert report.kept == (Kept("cao-diem-2027", (("ends_on", date(2028, 1, 15)),)),)
    async with db() as session:
        peak = (await session.scalars(select(Drive).where(Drive.code == "cao-diem-2027"))).one()
    assert (peak.ends_on, peak.target_vnd) == (date(2028, 1, 15), 90_000_000)


async def test_a_settings_file_cutting_a_drive_short_stops_its_appeal_scheduled_after_the_new_end(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """The office loaded the year's file again with the peak month ending on 10/12 instead of 31/12, while an
    appeal of it waited to go out on 20/12: it would still have gone, asking for gifts after the end. The
    file's change of dates stops it as `drive edit` does (decision 0206)."""
    from bot.clock import LOCAL_TZ
    from bot.db.models import Appeal, OutboxMessage, Person
    from bot.delivery.outbox import Destination, enqueue
    from bot.delivery.transport import OutboundMessage

    org_id = await org_with_plan(db)
    await apply(db, org_id, write(tmp_path, SETTINGS))
    send_at = datetime(2027, 12, 20, 8, tzinfo=LOCAL_TZ)
    async with db() as session, session.begin():
        peak = (await session.scalars(select(Drive).where(Drive.code == "cao-diem-2027"))).one()
        officer = Person(org_id=org_id, full_name="Lê Văn Hùng", name_key="le van hung", created_at=NOW)
        session.add(officer)
        await session.flush()
        appeal = Appeal(
            org_id=org_id,
            drive_id=peak.id,
            created_by=officer.id,
            text="Mời anh chị chung tay những ngày cuối.",
            audience={"kind": "org"},
            recipients=1,
            created_at=NOW,
            send_at=send_at,
        )
        session.add(appeal)
        await session.flush()
        await enqueue(
            session,
            key=f"appeal:{appeal.id}:{officer.id}",
            destination=Destination("console", "hung"),
            message=OutboundMessage(text=appeal.text),
            now=NOW,
            person_id=officer.id,
            not_before=send_at,
            expires_at=datetime(2028, 1, 1, tzinfo=LOCAL_TZ),
        )
        appeal_id = appeal.id
    await apply(db, org_id, write(tmp_path, SETTINGS.replace("ends_on = 2027-12-31", "ends_on = 2027-12-10")))
    async with db() as session:
        status = await session.scalar(select(OutboxMessage.status).where(OutboxMessage.key.like("appeal:%")))
        assert (await session.get_one(Appeal, appeal_id)).status == "cancelled"
    assert status == "cancelled"


WRONG_FILES = {
    "plan as settings": (
        "this is a campaign plan (it names the campaign's `slug`), not an organisation's settings file: "
        "load it with `chungtay campaign load FILE`; the settings file is your copy of "
        'local-settings/demo-2026.toml, beginning campaign = "vi-nguoi-ngheo-2026-2030" and the year it is '
        "for (year = 2027)"
    ),
    "settings as plan": (
        "this is an organisation's settings file for a year (it names `campaign` and `year`), not a campaign "
        "plan: load it with `chungtay org settings load FILE`; a plan is loaded from campaigns/, e.g. "
        "`chungtay campaign load campaigns/vi-nguoi-ngheo-2026-2030.toml`"
    ),
    "staff list as settings": (
        "is an Excel workbook or a Word document, not a text file: a staff list is imported with `chungtay "
        "org import FILE`; this command reads a .toml file written in a text editor"
    ),
    # The guide's staff list may be a .csv too: given to `campaign load`, a TOML syntax error named nothing.
    "CSV staff list as plan": (
        "is a CSV file, such as a staff list, which is imported with `chungtay org import FILE`; this "
        "command reads a .toml file written in a text editor"
    ),
}


@pytest.mark.parametrize("mistake", list(WRONG_FILES))
def test_a_file_given_to_the_other_command_is_told_which_command_loads_it(
    tmp_path: Path, mistake: str
) -> None:
    workbook = Workbook()
    workbook.active.append(["STT", "Họ và tên", "Đơn vị"])
    workbook.save(tmp_path / "ds.xlsx")
    (tmp_path / "ds.csv").write_text("unit,full_name,position,phone,role\nPhòng A,An,,0912345678,\n")
    settings = write(tmp_path, SETTINGS)
    load, path, error = {
        "plan as settings": (load_settings_file, PLAN_2026, SettingsError),
        "settings as plan": (load_plan, settings, PlanError),
        "staff list as settings": (load_settings_file, tmp_path / "ds.xlsx", SettingsError),
        "CSV staff list as plan": (load_plan, tmp_path / "ds.csv", PlanError),
    }[mistake]

    with pytest.raises(error) as caught:
        load(path)

    assert str(caught.value) == f"{path}: {WRONG_FILES[mistake]}"


async def test_next_years_file_with_last_years_drive_codes_moves_no_drive_and_names_a_code_for_each(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """Last year's file copied for the new year, its dates moved and its drives' codes left, would move last
    year's drives, their gifts with them, into the new year: each is named with a code of its own to give, and
    nothing changes. The year's own file loaded again still updates its own drives."""
    org_id = await org_with_plan(db)
    await apply(db, org_id, write(tmp_path, SETTINGS))
    copied = (
        SETTINGS.replace("2027-", "2028-")
        .replace("2026-12-15", "2027-12-15")
        .replace("2028-01-20", "2029-01-20")
        .replace("year = 2027", "year = 2028")
    )
    with pytest.raises(SettingsError) as caught:
        await apply(db, org_id, write(tmp_path, copied, name="2028.toml"))
    assert [(p.line, p.key, p.message) for p in caught.value.problems] == [
        (
            line_of(copied, 'code = "cao-diem-2027"'),
            "drives[1].code",
            '"cao-diem-2027" is a drive of 2027 (2027-10-01 to 2027-12-31), which this file for 2028 would '
            'move with its gifts: give 2028\'s drive a code of its own, e.g. "cao-diem-2028"',
        ),
        (
            line_of(copied, 'code = "qua-tet-2028"'),
            "drives[2].code",
            '"qua-tet-2028" is a drive of 2027 (2027-12-15 to 2028-01-20), which this file for 2028 would '
            'move with its gifts: give 2028\'s drive a code of its own, e.g. "qua-tet-2029"',
        ),
    ]
    async with db() as session:
        dates = {d.code: (d.starts_on, d.ends_on) for d in (await session.scalars(select(Drive))).all()}
    assert dates == {
        "cao-diem-2027": (date(2027, 10, 1), date(2027, 12, 31)),
        "qua-tet-2028": (date(2027, 12, 15), date(2028, 1, 20)),
    }
    later = SETTINGS.replace("ends_on = 2027-12-31", "ends_on = 2027-12-20")
    assert (await apply(db, org_id, write(tmp_path, later))).drives[:2] == (0, 1)
