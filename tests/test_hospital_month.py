"""A provincial hospital's December, walked as its people would: its staff list by department with the
director who chairs the union, each department's collector and the doctors away on training (decisions
1996–1998), and a day at the union's free clinic for poor households given as a nurse or a doctor says it
(decision 1995)."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import App
from bot.cli import _parser
from bot.cli_donors import run_donor
from bot.cli_ledger import run_contributions, run_ledger_correct
from bot.db.models import ChannelIdentity, Contribution, Deadline, Organisation, Person, RoleAssignment, Unit
from bot.demo import DEMO_PLAN
from bot.domain.invites import create_invite
from bot.domain.org_import import import_staff, parse_roles, reads_as_head, reads_as_union
from bot.domain.plans import install_plan, load_plan
from bot.domain.reminder_lines import Readings, deadline_lines
from bot.messages import BUTTONS
from handlers.contributions import TypedGift, typed_gift
from tests.support.clocks import MovableClock
from tests.support.profiles import examples_on_one_profile
from tests.test_org_import import NOW, new_org, person_by_name, roles_of, write_xlsx
from tests.test_typed_gift import FUND, MENU, PEAK, WHICH_DRIVE

HEADER = ["STT", "Khoa/Phòng", "Họ và tên", "Chức vụ", "Số điện thoại", "Vai trò"]
STAFF = [  # as the personnel office writes it: each department a heading row over its people
    ["BỆNH VIỆN ĐA KHOA TỈNH HÀ TĨNH"],
    ["DANH SÁCH CÁN BỘ, VIÊN CHỨC NĂM 2026"],
    [],
    HEADER,
    ["", "BAN GIÁM ĐỐC"],
    [1, "", "Nguyễn Văn Đức", "Giám đốc, Chủ tịch Công đoàn", "0912000001", "lãnh đạo, cán bộ công đoàn"],
    [13, "", "Lê Văn Thành", "Phó Giám đốc", "0912000013", "phó giám đốc"],
    ["", "KHOA NỘI"],
    [2, "", "Trần Thị Hoa", "Trưởng khoa", "0912000002", "trưởng khoa"],
    [3, "", "Lê Thị Mai", "Điều dưỡng trưởng", "0912000003", "điều dưỡng trưởng, tổ trưởng công đoàn"],
    [10, "", "Hoàng Văn Bình", "Phó trưởng khoa", "0912000010", "phó trưởng khoa"],
    [4, "", "Phạm Văn Nam", "Bác sĩ", "0912000004", "bác sĩ"],
    [5, "", "Võ Thị Lan", "Điều dưỡng viên", "0912000005", "điều dưỡng viên"],
    ["", "KHOA SẢN"],
    [6, "", "Đỗ Thị Hằng", "Nữ hộ sinh", "0912000006", "nữ hộ sinh"],
    [11, "", "Phan Văn Quý", "Phó khoa", "0912000011", "phó khoa"],
    [12, "", "Trương Thị Ngọc", "Điều dưỡng trưởng khoa", "0912000012", "Điều dưỡng trưởng khoa"],
    [14, "", "Mai Thị Thu", "Phó Chủ tịch Công đoàn", "0912000014", "phó chủ tịch công đoàn"],
    [7, "", "Bùi Văn Tú", "Kỹ thuật viên", "0912000007", "KTV"],
    [8, "", "Đinh Văn Hải", "Hộ lý", "0912000008", "y công, ủy viên BCH công đoàn"],
    ["", "PHÒNG ĐIỀU DƯỠNG"],
    [9, "", "Ngô Thị Vân", "Kế toán, Thủ quỹ công đoàn", "0912000009", "thủ quỹ"],
]


async def test_the_hospitals_list_names_its_director_who_chairs_the_union_and_reads_its_jobs_and_collectors(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """The director who is also the union's chair (“Giám đốc, Chủ tịch Công đoàn”) was named only as the
    union's officer, never with the grant that gives him the whole hospital's Monday; each department's
    collector (“tổ trưởng công đoàn”) and the nurses' and midwives' jobs (“điều dưỡng viên”, “nữ hộ sinh”,
    “KTV”, “y công”) were “không rõ vai trò”, the collector given nothing."""
    org: Organisation = await new_org(db)
    report = await import_staff(db, org, write_xlsx(tmp_path / "ds-2026.xlsx", STAFF), now=NOW)
    assert (report.created, report.skipped) == (14, 0)
    # a deputy head and a deputy director are read without a word (2011, 2014)
    assert [warning.message for warning in report.warnings if "vai trò" in warning.message] == []
    director = await person_by_name(db, "Nguyễn Văn Đức")
    assert [(head.person_id, head.role) for head in report.heads] == [
        (director.id, "leader"),  # the grant of the whole hospital's leader, named
        (director.id, "officer"),  # and of the whole union's officer, as before
        ((await person_by_name(db, "Mai Thị Thu")).id, "officer"),  # the union's deputy, as its chair (2212)
        ((await person_by_name(db, "Ngô Thị Vân")).id, "treasurer"),
    ]
    # the union's deputy chair is its officer, as the plan makes the union the one who mobilises (2212)
    assert await roles_of(db, await person_by_name(db, "Mai Thị Thu")) == {
        ("member", "Khoa Sản"),
        ("officer", "Khoa Sản"),
    }
    # a member of the union's committee is a union officer by the Trade Union Law, of his row's unit (2318)
    assert await roles_of(db, await person_by_name(db, "Đinh Văn Hải")) == {
        ("member", "Khoa Sản"),
        ("officer", "Khoa Sản"),
    }
    collector = await person_by_name(db, "Lê Thị Mai")
    assert await roles_of(db, collector) == {("member", "Khoa Nội"), ("officer", "Khoa Nội")}
    assert await roles_of(db, await person_by_name(db, "Võ Thị Lan")) == {("member", "Khoa Nội")}
    # a deputy head reads the department's Monday only when the hospital grants it by name (2011)
    assert await roles_of(db, await person_by_name(db, "Hoàng Văn Bình")) == {("member", "Khoa Nội")}
    assert await roles_of(db, await person_by_name(db, "Phan Văn Quý")) == {("member", "Khoa Sản")}
    # a deputy director likewise: the whole hospital's Monday only by name in “Phân quyền” (2014)
    assert await roles_of(db, await person_by_name(db, "Lê Văn Thành")) == {("member", "Ban Giám đốc")}
    async with db() as session:  # its headings in capitals named as the hospital writes them (2012)
        units = set(await session.scalars(select(Unit.name).where(Unit.org_id == org.id)))
    assert units == {"Ban Giám đốc", "Khoa Nội", "Khoa Sản", "Phòng Điều dưỡng"}


async def test_a_doctor_away_on_training_by_the_lists_column_is_recorded_away(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """A hospital writes its doctors away on specialist training in a column of their own, “Đi học đến”,
    beside “Nghỉ đến”: it was a column the import does not read, without a word, so Phạm Văn Nam, away in
    Hà Nội until 31/03/2027, was appealed to and counted among those who had not given."""
    header = [*HEADER, "Nghỉ đến", "Đi học đến"]
    rows = [
        header,
        ["1", "Khoa Nội", "Phạm Văn Nam", "Bác sĩ", "0912000004", "bác sĩ", "", "31/03/2027"],
        ["2", "Khoa Nội", "Võ Thị Lan", "Điều dưỡng", "0912000005", "", "15/02/2027", ""],
        ["3", "Khoa Nội", "Trần Thị Hoa", "Trưởng khoa", "0912000002", "trưởng khoa", "", ""],
    ]
    org: Organisation = await new_org(db)
    report = await import_staff(db, org, write_xlsx(tmp_path / "ds-2026.xlsx", rows), now=NOW)
    assert (report.created, report.skipped) == (3, 0)
    assert [change.row for change in report.away] == [2, 3]  # each named in the report's list of leave
    assert [change.message for change in report.away] == [  # training said as training (2013)
        "Dòng 2: Phạm Văn Nam đi học, đào tạo đến hết ngày 31/03/2027",
        "Dòng 3: Võ Thị Lan nghỉ dài ngày đến hết ngày 15/02/2027",
    ]
    async with db() as session:
        query = select(Person.full_name, Person.away_until, Person.away_reason)
        away = {name: (until, why) for name, until, why in await session.execute(query) if until}
    # the reason kept, said as training wherever the leave is said (decision 2315)
    assert away == {"Phạm Văn Nam": (date(2027, 3, 31), "training"), "Võ Thị Lan": (date(2027, 2, 15), None)}


def test_each_office_a_position_names_is_read_on_its_own() -> None:
    assert reads_as_head("Giám đốc kiêm Chủ tịch Công đoàn")
    assert reads_as_union("Giám đốc kiêm Chủ tịch Công đoàn")
    assert reads_as_head("Giám đốc; Bí thư Đảng ủy")
    # what held: a deputy, the union alone, a group's head, a hamlet's are no head
    assert not reads_as_head("Phó Giám đốc, Chủ tịch Công đoàn")
    assert not reads_as_head("Chủ tịch Công đoàn")
    assert not reads_as_union("Điều dưỡng trưởng, Tổ trưởng công đoàn")
    assert not reads_as_head("Trưởng khoa, Chủ tịch Hội Điều dưỡng")
    # the union and the Front written short, as the role column reads them (2212): theirs, no head (2281)
    for short in ("Chủ tịch CĐCS", "Chủ tịch CĐ", "Phó Chủ tịch CĐCS", "Thủ quỹ CĐCS", "Chủ tịch UBMTTQ xã"):
        assert not reads_as_head(short), short
        assert reads_as_union(short), short
    # a kindergarten's principal who chairs the union, written as its lists write it (2341)
    assert reads_as_head("Hiệu trưởng, CTCĐ")
    for short in ("Hiệu trưởng, CTCĐ", "CTCĐCS", "PCTCĐ", "Giáo viên, PCT CĐ"):
        assert reads_as_union(short), short
    assert not reads_as_head("PCTCĐ")


@pytest.mark.parametrize("deputy", ["phó giám đốc", "phó hiệu trưởng", "Phó chủ tịch", "phó trưởng khoa"])
def test_a_deputy_in_the_role_column_is_a_colleague_without_a_word(deputy: str) -> None:
    """A school's and a commune's deputies (“phó hiệu trưởng”, “phó chủ tịch”) were “không rõ vai trò”
    where a hospital's (2011, 2014) are read: each a member, nothing more granted."""
    assert parse_roles(deputy) == ({"member"}, [], False)


@pytest.mark.parametrize(
    "cadre",
    [
        *("trưởng ban nữ công", "Trưởng ban Nữ công công đoàn", "tổ phó công đoàn", "điều dưỡng, tổ phó CĐ"),
        *("phó ban nữ công", "Nữ hộ sinh, Phó trưởng ban Nữ công CĐCS"),  # its deputy, too (decision 2517)
    ],
)
def test_the_womens_committees_head_and_a_union_groups_deputy_are_officers(cadre: str) -> None:
    """The head of the union's women's committee and a union group's deputy, cán bộ công đoàn by the Trade
    Union Law as a committee member is (2318), were “không rõ vai trò”, given nothing: officers of their
    row's unit (decision 2413); so is the committee's deputy, “phó ban nữ công” (decision 2517)."""
    assert parse_roles(cadre) == ({"member", "officer"}, [], False)


@examples_on_one_profile(
    ("typed", "days", "note"),
    [
        ("ủng hộ 1 ngày khám bệnh miễn phí", 1, "khám bệnh miễn phí"),
        ("Em ủng hộ 2 ngày khám miễn phí cho hộ nghèo ạ", 2, "khám miễn phí cho hộ nghèo"),
        ("góp một ngày khám chữa bệnh từ thiện", 1, "khám chữa bệnh từ thiện"),
        ("Em ủng hộ 1 ngày trực phòng khám miễn phí ạ", 1, "ngày trực phòng khám miễn phí"),  # 2010
    ],
)
async def test_a_day_at_the_free_clinic_typed_at_the_menu_is_labour_with_its_work_as_the_note(
    app: App, hoa, typed: str, days: int, note: str
) -> None:
    """A nurse back from her night shift types the day she gave at the union's free clinic: it was goods
    (“Anh/chị muốn ủng hộ 1 ngày khám bệnh miễn phí.”, the warm-clothes drive offered for it, a value to
    be asked), a day of work never counted as one."""
    screen = await hoa.say(typed)
    assert f"Anh/chị muốn ủng hộ {days} ngày công." in screen and WHICH_DRIVE in screen
    assert PEAK not in screen  # a drive of money and goods is not offered a day of work
    await hoa.choose(FUND)
    screen = await hoa.choose("Bỏ qua")
    assert f"{days} ngày công" in screen and note in screen
    await hoa.choose("Có")
    async with app.sessionmaker() as session:
        entry = (await session.scalars(select(Contribution))).one()
    assert (entry.kind, entry.labour_days, entry.amount_vnd, entry.note) == ("labour", days, 0, note)


async def test_a_day_at_the_free_clinic_typed_alone_is_asked_about_and_sessions_there_say_the_rule(
    app: App, hoa
) -> None:
    """Without a giving word, “1 ngày khám miễn phí” was “vui lòng chọn một mục”; “2 buổi khám” with a
    giving word was goods. Now the day is asked about as “2 ngày công” alone is, and the sessions are
    labour whose days are asked, the rule said. “1 ngày trực”, “trực 1 ca” were goods of that name, the
    warm-clothes drive offered for them (1995): now a day on duty and a shift as the clinic's (2010)."""
    screen = await hoa.say("1 ngày khám miễn phí")
    assert "Anh/chị muốn ghi nhận đóng góp 1 ngày công?" in screen
    await hoa.choose("Không")
    screen = await hoa.say("ủng hộ 2 buổi khám từ thiện")
    assert "2 buổi hoặc 8 tiếng là 1 ngày công" in screen and WHICH_DRIVE in screen  # as “2 buổi lao động”
    assert "2 buổi khám từ thiện." not in screen  # no goods of that name
    assert MENU not in screen
    await hoa.choose("Quay lại")
    # a day on duty is a labour day; a shift, 8, 12 or 24 hours, labour whose days are asked (2010)
    screen = await hoa.say("1 ngày trực")
    assert "Anh/chị muốn ghi nhận đóng góp 1 ngày công?" in screen
    await hoa.choose("Không")
    screen = await hoa.say("Em ủng hộ trực 1 ca ạ")
    assert "2 buổi hoặc 8 tiếng là 1 ngày công" in screen and WHICH_DRIVE in screen
    assert "trực 1 ca." not in screen  # no goods of that name
    await hoa.choose(FUND)
    await hoa.choose("Ngày công")  # the kind asked, as for sessions, then the days
    await hoa.say("2")
    screen = await hoa.choose("Bỏ qua")
    assert "• Ngày công: 2 ngày công" in screen
    await hoa.choose("Có")
    async with app.sessionmaker() as session:
        entry = (await session.scalars(select(Contribution))).one()
    assert (entry.kind, entry.labour_days, entry.amount_vnd) == ("labour", 2, 0)
    # the duty allowance given as money: its figure asked as a salary's day is, never goods (2015)
    screen = await hoa.say("Em ủng hộ tiền trực 1 ngày ạ")
    assert "“tiền trực 1 ngày” là bao nhiêu tiền, thưa anh/chị?" in screen
    assert "Anh/chị muốn ủng hộ tiền trực 1 ngày." not in screen
    screen = await hoa.say("300k")
    assert "Anh/chị muốn ủng hộ 300.000\u00a0₫." in screen and FUND in screen
    # typed whole at the menu with its figure, it is that figure, the kind not asked again
    await hoa.choose("Quay lại")
    screen = await hoa.say("ủng hộ tiền trực 1 ngày 300k")
    assert "Anh/chị muốn ủng hộ 300.000\u00a0₫." in screen and FUND in screen


def test_what_reads_as_a_day_at_the_free_clinic() -> None:
    assert typed_gift("ủng hộ 1 ngày khám bệnh miễn phí") == TypedGift("labour", "1")
    assert typed_gift("ủng hộ 2 buổi khám từ thiện") == TypedGift("labour", "2 buoi")
    assert typed_gift("ủng hộ 1 ngày trực") == TypedGift("labour", "1")  # 2010
    assert typed_gift("ủng hộ 1 ca trực") == typed_gift("ủng hộ trực 1 ca") == TypedGift("labour", "1 ca")
    assert typed_gift("ủng hộ một ca trực") == TypedGift("labour", "mot ca")
    # what held: money for the clinic's day, goods and a salary's day are read as before
    assert typed_gift("ủng hộ 500k ngày khám bệnh miễn phí") == TypedGift("money", "500k")
    assert typed_gift("ủng hộ 10 hộp khẩu trang") == TypedGift("money", "10 hộp khẩu trang")
    # the duty allowance with its figure beside it is money, read whole
    assert typed_gift("ủng hộ tiền trực 1 ngày 300k") == TypedGift("money", "tiền trực 1 ngày 300k")
    assert typed_gift("ủng hộ phụ cấp trực đêm 200k") == TypedGift("money", "phụ cấp trực đêm 200k")
    salary = typed_gift("ủng hộ 1 ngày lương")
    assert salary is not None and salary.kind != "labour"


KINDERGARTEN = [  # as a kindergarten's deputy types it: one unit, so no unit column; phones with spaces
    ["PHÒNG GD&ĐT HUYỆN KHÁNH VĨNH"],
    ["TRƯỜNG MẦM NON SƠN THÁI"],
    [],
    ["DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN"],
    [],
    ["TT", "Họ và tên", "Chức vụ", "Số điện thoại"],
    [1, "Nguyễn Thị Hương", "Hiệu trưởng, CTCĐ", "0912 345 601"],
    [2, "Trần Thị Lan", "Phó Hiệu trưởng", "0912 345 602"],
    [3, "Lê Thị Thu", "Kế toán", "0912 345 603"],
    *(
        [n, name, "GV", f"0912 345 6{n:02}"]
        for n, name in enumerate(
            [
                "Phạm Thị Hoa",
                "Võ Thị Mai",
                "Đỗ Thị Ngọc",
                "Bùi Thị Hằng",
                "Đinh Thị Vân",
                "Hoàng Thị Yến",
                "Ngô Thị Nga",
            ],
            start=4,
        )
    ),
    [11, "Mai Thị Linh", "Cấp dưỡng", "0912 345 611"],
    [12, "Phan Thị Tâm", "Cấp dưỡng", "0912 345 612"],
    [13, "Trương Thị Hạnh", "Cấp dưỡng", ""],
    [14, "Lý Văn Sáu", "Bảo vệ", "0912 345 614"],
    [],
    ["", "", "Sơn Thái, ngày 01 tháng 12 năm 2026"],
    ["", "", "HIỆU TRƯỞNG"],
    ["", "", "Nguyễn Thị Hương"],
]


@pytest.mark.parametrize("profile", [BUTTONS])  # the words said on joining: one kind of chat is enough
async def test_a_kindergartens_list_without_units_is_its_one_unit_and_names_its_principal_twice(
    db: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    app: App,
    clock: MovableClock,
    capsys: pytest.CaptureFixture[str],
    make_person,  # type: ignore[no-untyped-def]
) -> None:
    """A kindergarten of fourteen has one unit, so its list has no unit column and no heading over its people
    (“TT, Họ và tên, Chức vụ, Số điện thoại”): the whole file was refused, “Không tìm thấy dòng tiêu đề…”, and
    its principal who chairs the union (“Hiệu trưởng, CTCĐ”) was named as its head alone (2340, 2341). Its
    first drive in December: the principal asked the units of a school of one (2431), her drives two pages
    down her menu (2433), the accountant's own gift left for a second treasurer the school does not have
    (2430), the accountant named for no grant (2432); its list saved as CSV (2434)."""
    org: Organisation = await new_org(db)
    report = await import_staff(db, org, write_xlsx(tmp_path / "ds-mam-non.xlsx", KINDERGARTEN), now=NOW)
    assert (report.created, report.skipped, report.units_created) == (14, 0, 1)
    assert report.footer == [22, 23, 24]  # the date and the signature under it are nobody's rows
    saved = tmp_path / "ds-mam-non.csv"  # the same list saved from Excel as “CSV UTF-8”: a BOM, “;” (2434)
    with saved.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, delimiter=";").writerows([*row, *[""] * (4 - len(row))] for row in KINDERGARTEN)
    again = await import_staff(db, org, saved, now=NOW)
    assert (again.created, again.updated, again.changed, again.skipped, again.units_created) == (
        0,
        14,
        0,
        0,
        0,
    )
    assert again.footer == report.footer and len(again.heads) == len(report.heads) == 3
    principal = await person_by_name(db, "Nguyễn Thị Hương")
    accountant = await person_by_name(db, "Lê Thị Thu")
    assert [(head.person_id, head.role) for head in report.heads] == [
        (principal.id, "leader"),
        (principal.id, "officer"),
        (accountant.id, "treasurer"),  # a plain “Kế toán”: whom to make treasurer, said (2432)
    ]
    assert [head.leads for head in report.heads] == [False, False, False]
    assert await roles_of(db, principal) == {("member", org.name)}
    assert await roles_of(db, accountant) == {("member", org.name)}  # said, not granted
    cook = await person_by_name(
        db, "Trương Thị Hạnh"
    )  # numbered, her phone not yet written: hers all the same
    assert await roles_of(db, cook) == {("member", org.name)}
    assert (await person_by_name(db, "Lý Văn Sáu")).phone == "0912345614"
    async with db() as session:
        units = list(await session.scalars(select(Unit.name).where(Unit.org_id == org.id)))
    assert units == [org.name]
    async with db() as session, session.begin():  # her code: the school is named once, not twice (2342)
        unit_code = (await session.scalars(select(Unit.code).where(Unit.org_id == org.id))).one()
        code = (await create_invite(session, org, unit_code=unit_code, uses=20, now=clock())).code
    screen = await make_person("huong").say(code)
    assert "Anh/chị tham gia: Bệnh viện Đa khoa Hà Tĩnh.\n" in screen, screen
    # her /baocao on 7/12 as the school's leader, before any gift: the school said once, as itself (2343)
    async with db() as session, session.begin():
        await install_plan(session, org, load_plan(DEMO_PLAN), now=clock())
        session.add(RoleAssignment(person_id=principal.id, role="leader", org_id=org.id, granted_at=clock()))
        session.add(
            ChannelIdentity(
                channel="console", external_id="hieutruong", person_id=principal.id, created_at=clock()
            )
        )
    clock.at = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    digest = (await make_person("hieutruong").say("/baocao")).replace("\xa0", " ")
    award = (
        "Hạn đề nghị khen thưởng trong Bệnh viện Đa khoa Hà Tĩnh: 10/12/2026. Năm nay chưa có đề nghị nào."
    )
    assert f"• {award}\n" in digest, digest  # no “Các đơn vị đã đề nghị: 0/1”, no unit leader she lacks
    assert "đơn vị" not in digest and "Chưa có ai tham gia" not in digest, digest  # nor a ranking of one
    async with db() as session:  # her reminder of 10/12 says it alike (2344)
        due = (
            await session.scalars(select(Deadline).where(Deadline.code == "ho-so-khen-thuong-don-vi"))
        ).one()
        readings = Readings(session, date(2026, 12, 7))
        reminded = await deadline_lines(readings, principal.id, due.id, due.title, date(2026, 12, 10))
    assert [line.text("vi") for line in reminded] == [award]
    # December: the principal, the union's chair, opens the school's first drive, Tết gifts for the commune's
    # poor households, and appeals to her thirteen colleagues; its accountant keeps the money, its one
    # treasurer (2430).
    async with db() as session, session.begin():
        session.add(RoleAssignment(person_id=principal.id, role="officer", org_id=org.id, granted_at=clock()))
        session.add(
            RoleAssignment(person_id=accountant.id, role="treasurer", org_id=org.id, granted_at=clock())
        )
        staff = {
            p.full_name: p.id for p in await session.scalars(select(Person).where(Person.org_id == org.id))
        }
        for person_id in staff.values():
            if person_id != principal.id:
                session.add(
                    ChannelIdentity(
                        channel="console",
                        external_id=f"p{person_id}",
                        person_id=person_id,
                        created_at=clock(),
                    )
                )
    clock.at = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)  # Tuesday 8/12, 9:00 in Vietnam
    huong = make_person("hieutruong")
    await huong.say("/menu")  # her 22 entries: the drives and appeals on the phone's first page (2433)
    labels = [choice.label for choice in huong.menu.choices]
    assert len(labels) == 22 and labels[:7] == [
        "Đăng ký thi đua",
        "Ghi nhận đóng góp",
        "Tiến độ của tôi",
        "Đợt vận động",
        "Lời kêu gọi",
        "Khen thưởng",  # the work the plan dates each year, due 10/12, with them (2513)
        "Đăng ký của đơn vị",
    ], labels
    await huong.say("/dekhenthuong")  # a school of one unit: the school is the one collective offered (2624)
    await huong.choose("Đề nghị khen thưởng")
    await huong.choose("Bằng khen của Chủ tịch UBND tỉnh")
    assert "Tập thể: cơ quan" in [c.label for c in huong.menu.choices], huong.screen
    screen = await huong.choose("Tập thể: cơ quan")
    assert "tập thể nào" not in screen and "Bệnh viện Đa khoa Hà Tĩnh" in screen, screen
    await huong.choose("Quay lại")
    assert "Tập thể: cơ quan" in [c.label for c in huong.menu.choices], huong.screen
    async with db() as session, session.begin():  # were it a ward of one street group: the ward, once (2628)
        school = await session.get_one(Organisation, org.id)
        kind, school.kind = school.kind, "commune"
        name, school.name = school.name, "UBND phường Bắc Hà"
    await huong.say("/dekhenthuong")
    await huong.choose("Đề nghị khen thưởng")
    await huong.choose("Bằng khen của Chủ tịch UBND tỉnh")
    # the ward in its own word, not “Tập thể: xã” (2923), nor “phường hoặc một thôn”
    assert "Tập thể: phường" in [c.label for c in huong.menu.choices], huong.screen
    screen = await huong.choose("Tập thể: phường")
    assert "thôn nào" not in screen and "UBND phường Bắc Hà" in screen, screen
    async with db() as session, session.begin():
        school = await session.get_one(Organisation, org.id)
        school.kind, school.name = kind, name
    # proposed as itself, the school is the one collective of “Ai đạt tiêu chí” too: marked, never a second
    # proposal of its one unit (2629)
    await huong.say("/dekhenthuong")
    await huong.choose("Đề nghị khen thưởng")
    await huong.choose("Bằng khen của Chủ tịch UBND tỉnh")
    await huong.choose("Ai đạt tiêu chí")
    await huong.choose("tập thể Bệnh viện Đa khoa Hà Tĩnh")
    await huong.say("Trường dẫn đầu phong trào thi đua của xã.")
    await huong.choose("Có")
    await huong.say("/dekhenthuong")
    await huong.choose("Đề nghị khen thưởng")
    await huong.choose("Bằng khen của Chủ tịch UBND tỉnh")
    assert "đã được đề nghị" in await huong.choose("Tập thể: cơ quan"), huong.screen
    await huong.say("/dekhenthuong")
    await huong.choose("Đề nghị khen thưởng")
    await huong.choose("Bằng khen của Chủ tịch UBND tỉnh")
    screen = await huong.choose("Ai đạt tiêu chí")
    assert "• tập thể Bệnh viện Đa khoa Hà Tĩnh: chưa đăng ký thi đua năm nay" in screen, screen
    assert "— đã được đề nghị" in screen, screen
    assert not [c.label for c in huong.menu.choices if "tập thể" in c.label], huong.screen
    await huong.say("/menu")
    await huong.say("/dotvandong")
    await huong.choose("Mở đợt vận động mới")
    await huong.say("Quà Tết cho hộ nghèo xã Sơn Thái")
    await huong.say("08/12/2026 - 31/12/2026")
    await huong.choose("Tiền, Hiện vật")
    await huong.say("10tr")
    await huong.choose("Không, đợt riêng")
    review = await huong.say("tùy tâm")  # a school of one unit: no unit to ask, its whole (2431)
    assert "• Đơn vị: Toàn cơ quan\n" in review and "cho đơn vị nào" not in review, review
    assert "Đã mở đợt vận động “Quà Tết cho hộ nghèo xã Sơn Thái”" in await huong.choose("Có, xác nhận")
    await huong.say("/keugoi")
    await huong.choose("Soạn tin mới")
    await huong.say("Công đoàn trường mời các cô góp quà Tết cho các hộ nghèo xã Sơn Thái.")
    await huong.choose("Quà Tết")  # a school of one unit: no units to choose, its all said as all (2512)
    assert [c.label for c in huong.menu.choices][:2] == ["Tất cả", "Theo vai trò (lãnh đạo, thủ quỹ…)"]
    preview = await huong.choose("Tất cả")
    assert "Số người nhận: 13." in preview and "• Gửi cho: Tất cả\n" in preview, preview
    assert "Đang gửi đến 13 người." in await huong.choose("Gửi ngay")
    hoa, mai = make_person(f"p{staff['Phạm Thị Hoa']}"), make_person(f"p{staff['Võ Thị Mai']}")
    thu = make_person(f"p{accountant.id}")
    assert "Công đoàn trường mời các cô góp quà Tết" in await hoa.say("/start")
    await hoa.say("ủng hộ 200k")
    await hoa.choose("Quà Tết")
    await hoa.choose("Bỏ qua")
    assert "Đã ghi nhận 200.000\xa0₫." in await hoa.choose("Có")
    await mai.say("/start")
    await mai.say("5 bao gạo, 2 thùng mì tôm")  # goods, typed whole at the menu
    await mai.choose("Có, ghi")
    await mai.choose("Quà Tết")
    await mai.say("500k")
    await mai.choose("Bỏ qua")
    await mai.choose("Có")
    # the accountant's own gift: no second treasurer to wait for; the union's chair confirms it (2430)
    await thu.say("/start")
    await thu.say("ủng hộ 500k")
    await thu.choose("Quà Tết")
    await thu.choose("Bỏ qua")
    receipt = await thu.choose("Có")
    assert "Đã ghi nhận 500.000\xa0₫." in receipt and "thủ quỹ nào khác" not in receipt, receipt
    assert "Trạng thái: chờ cán bộ công đoàn xác nhận." in receipt, receipt  # who confirms it (2464)
    screen = await thu.say("/tracuu CT-2026-000003")  # her look-up says it alike
    assert "• Trạng thái: chờ cán bộ công đoàn xác nhận" in screen, screen
    assert "nên cán bộ công đoàn xác nhận, không phải anh/chị." in screen, screen
    waits = "500.000\xa0₫ · chờ cán bộ công đoàn xác nhận"  # and every list of her gifts alike (2510)
    assert waits in await thu.say("/tiendo"), thu.screen
    await thu.say("/tracuu Lê Thị Thu")  # her gifts found by name
    assert [c.label for c in thu.menu.choices if waits in c.label], thu.menu.choices
    await thu.say("/donggop")  # what she gave, said before she gives again, alike (2620)
    screen = await thu.choose("Quà Tết")
    assert "• 500.000\xa0₫ (chờ cán bộ công đoàn xác nhận)" in screen, screen
    await thu.say("/menu")
    thu_id = accountant.id
    desk = ["contributions", "confirm", "CT-2026-000003", "--as", str(thu_id)]  # at the desk (2511)
    assert await run_contributions(app, _parser().parse_args(desk)) == 2
    officers = "không có thủ quỹ nào khác: cán bộ công đoàn/vận động xử lý"
    assert officers in capsys.readouterr().err
    screen = await thu.say("/xacnhan")  # and her queue counts it as the officers'
    held = (
        "Khoản chờ cán bộ công đoàn xác nhận vì do anh/chị đóng góp hoặc ghi nhận và không có thủ quỹ nào "
        "khác: 1."
    )
    assert held in screen and "thủ quỹ khác xác nhận" not in screen, screen
    screen = await thu.choose("Quà Tết")  # hers are her colleagues', never her own
    assert "Phạm Thị Hoa" in screen and "Võ Thị Mai" in screen and "Lê Thị Thu" not in screen, screen
    await thu.choose("Xác nhận cả trang")
    assert "Đã xác nhận: CT-2026-000001, CT-2026-000002." in await thu.choose("Có")
    assert "Các khoản đang chờ anh/chị xác nhận" in await huong.say("/xacnhan")
    assert "500.000\xa0₫ · Lê Thị Thu" in await huong.choose("Quà Tết"), huong.screen
    await huong.choose("CT-2026-000003")
    await huong.choose("Xác nhận các khoản")
    assert "Đã xác nhận: CT-2026-000003" in await huong.choose("Có")
    async with db() as session:
        gifts = await session.scalars(select(Contribution).order_by(Contribution.id))
        decided = [(gift.kind, gift.status, gift.decided_by) for gift in gifts]
    assert decided == [
        ("money", "confirmed", accountant.id),
        ("goods", "confirmed", accountant.id),
        ("money", "confirmed", principal.id),
    ]
    desk = ["contributions", "donor", "--name", "Công ty Sơn Hà", "--amount", "2tr", "--as", str(thu_id)]
    assert await run_donor(app, _parser().parse_args(desk)) == 0  # a donor's gift she records (2511)
    assert "không có thủ quỹ nào khác, nên cán bộ công đoàn/vận động xác nhận" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # and the command's help says it of her (2623)
        _parser().parse_args(["contributions", "donor", "--help"])
    helped = " ".join(capsys.readouterr().out.split())
    assert "Where you are the only treasurer, the union or mobilisation officers confirm it" in helped, helped
    screen = await thu.say("/daghithay")  # what she recorded for others says it alike (2620)
    recorded = "CT-2026-000004 · Công ty Sơn Hà (Bệnh viện Đa khoa Hà Tĩnh) · 2.000.000\xa0₫"
    assert f"{recorded} · chờ cán bộ công đoàn xác nhận\n" in screen, screen
    assert "Tiền đang chờ cán bộ công đoàn xác nhận: 1 khoản, 2.000.000\xa0₫\n" in screen, screen  # (2625)
    # her own gift, confirmed, was 600k: she may not correct it; the officer who confirmed it may (2542)
    desk = ["ledger", "correct", "CT-2026-000003", "--amount", "600k", "--reason", "nộp thêm", "--as"]
    assert await run_ledger_correct(app, _parser().parse_args([*desk, str(thu_id)]), org_id=org.id) == 2
    assert "không có thủ quỹ nào khác: cán bộ công đoàn/vận động xử lý" in capsys.readouterr().err
    screen = await thu.say("/tracuu CT-2026-000003")  # and her chat says who corrects it (2622)
    corrects = "không có thủ quỹ nào khác, nên cán bộ công đoàn điều chỉnh, không phải anh/chị."
    assert corrects in screen and [c.label for c in thu.menu.choices] == ["Quay lại"], screen
    await huong.say("/tracuu CT-2026-000003")
    await huong.choose("Sửa số tiền")
    await huong.say("600k")
    await huong.say("Cô Thu nộp 600.000, ghi nhầm 500.000")
    assert "Đã sửa CT-2026-000003" in await huong.choose("Có"), huong.screen
