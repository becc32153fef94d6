"""A provincial department's Tết drive, walked as its union's chairman, a division head, a colleague and the
director would (decisions 2246–2249, 2305–2307, 2425–2427): the staff list as the department's office writes
it, each division a heading over its people, its inspectorate, its centre and a sub-department among them; the
accountant's sheet of a day's salary; the drive opened in the chat, its appeal, gifts, the treasurer's queue
and the director's Monday; the same on Telegram, with goods handed to a division's union officer, the
follow-up and the Mondays the scheduler sends."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import docx
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.clock import LOCAL_TZ
from bot.db.models import ChannelIdentity, Organisation, OrgSchedule, Person, Unit
from bot.domain.access import Operator, actor_for
from bot.domain.cases import record_case
from bot.domain.gift_rounds import Package, planned_signing_list, record_round
from bot.domain.org_import import import_staff
from bot.domain.payroll import read_payroll
from bot.domain.people import merge_people
from bot.domain.roles import grant_role
from bot.domain.year_report import year_report
from bot.messages import BUTTONS
from bot.signing_sheet import write_signing_list
from bot.year_report_doc import write_year_report
from scheduler.jobs import JobContext, build_jobs
from tests import test_telegram
from tests.support.clocks import MovableClock
from tests.support.fake_telegram import FakeUser
from tests.support.people import Person as Chat
from tests.test_org_import import NOW, new_org, person_by_name, roles_of, write_xlsx
from tests.test_telegram import Harness

DECEMBER = datetime(2026, 12, 21, 2, 0, tzinfo=UTC)  # Monday 21/12/2026, 09:00 in Vietnam
HANDED = datetime(2026, 12, 28, 8, 0, tzinfo=UTC)  # Monday 28/12/2026, 15:00: the gifts handed over
# the poor households of the commune the department is twinned with (kết nghĩa): none of them on its list
COMMUNE = [
    "Hộ ông Triệu Văn Pảo, thôn Nà Khon",
    "Hộ bà Lý Thị Mẩy, thôn Nà Khon",
    "Hộ ông Bàn Văn Sinh, thôn Khuổi Ouốc",
]

HEADER = ["STT", "Họ và tên", "Chức vụ", "Số điện thoại", "Vai trò"]
STAFF = [  # as the department's office writes it: each division a numbered heading in capitals
    ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH BẮC KẠN"],
    ["DANH SÁCH CÔNG CHỨC, VIÊN CHỨC, NGƯỜI LAO ĐỘNG NĂM 2026"],
    [],
    HEADER,
    ["I", "BAN GIÁM ĐỐC SỞ"],
    [1, "Hà Văn Tiến", "Giám đốc Sở", "0912100001", "lãnh đạo"],
    [2, "Nông Văn Hùng", "Phó Giám đốc Sở", "0912100002", ""],
    ["II", "VĂN PHÒNG SỞ"],
    [3, "Hoàng Thị Thu", "Chánh Văn phòng", "0912100003", "trưởng phòng"],
    [4, "Lục Văn Dũng", "Phó Chánh Văn phòng, Chủ tịch Công đoàn cơ sở", "0912100004", "cán bộ công đoàn"],
    [5, "Ma Thị Hạnh", "Kế toán, Thủ quỹ Công đoàn", "0912100005", "thủ quỹ"],
    ["III", "PHÒNG KẾ HOẠCH - TÀI CHÍNH"],
    [6, "Đàm Văn Long", "Trưởng phòng", "0912100006", "trưởng phòng"],
    [7, "Bế Thị Nhung", "Chuyên viên", "0912100007", ""],
    ["IV", "PHÒNG BƯU CHÍNH, VIỄN THÔNG VÀ CÔNG NGHỆ THÔNG TIN"],
    [8, "Hà Thị Lan", "Phó Trưởng phòng, Tổ trưởng Công đoàn", "0912100008", "tổ trưởng công đoàn"],
    [9, "Dương Văn Khánh", "Chuyên viên", "0912100009", ""],
    ["V", "PHÒNG THÔNG TIN - BÁO CHÍ - XUẤT BẢN"],
    [10, "Nông Thị Hoa", "Trưởng phòng", "0912100010", "trưởng phòng"],
    [11, "Mông Văn Tài", "Chuyên viên", "0912100011", ""],
    ["VI", "THANH TRA SỞ"],
    [12, "Lương Văn Bảo", "Chánh Thanh tra", "0912100012", "trưởng phòng"],
    [13, "Hầu Thị Mai", "Thanh tra viên", "0912100013", ""],
    ["VII", "TRUNG TÂM CÔNG NGHỆ THÔNG TIN VÀ TRUYỀN THÔNG"],
    [14, "Vi Văn Quân", "Giám đốc Trung tâm", "0912100014", "lãnh đạo"],
    [15, "Đinh Thị Yến", "Viên chức", "0912100015", ""],
]


async def test_a_departments_list_reads_its_inspectorate_as_a_division_and_its_board_as_its_papers_write_it(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """The inspectorate's heading (“VI | THANH TRA SỞ”) was read as a colleague named “Thanh Tra Sở”, its
    chief inspector and his colleague counted in the Press division above it, the chief given that
    division's Monday; the board was named “Ban Giám đốc sở”, the department written small (decision
    2246)."""
    org: Organisation = await new_org(db)
    report = await import_staff(db, org, write_xlsx(tmp_path / "ds-2026.xlsx", STAFF), now=NOW)
    assert (report.created, report.skipped) == (15, 0)
    async with db() as session:
        units = set(await session.scalars(select(Unit.name).where(Unit.org_id == org.id)))
        names = set(await session.scalars(select(Person.full_name).where(Person.org_id == org.id)))
    assert "Thanh Tra Sở" not in names
    assert units == {
        "Ban Giám đốc Sở",
        "Văn phòng Sở",
        "Phòng Kế hoạch - Tài chính",
        "Phòng Bưu chính, Viễn thông và Công nghệ thông tin",
        "Phòng Thông tin - Báo chí - Xuất bản",
        "Thanh tra Sở",
        "Trung Tâm Công Nghệ Thông Tin Và Truyền Thông",  # a centre a word at a time, as before (2012)
    }
    chief = await person_by_name(db, "Lương Văn Bảo")
    assert await roles_of(db, chief) == {("member", "Thanh tra Sở"), ("leader", "Thanh tra Sở")}
    assert await roles_of(db, await person_by_name(db, "Hầu Thị Mai")) == {("member", "Thanh tra Sở")}
    press = await person_by_name(db, "Nông Thị Hoa")
    assert await roles_of(db, press) == {
        ("member", "Phòng Thông tin - Báo chí - Xuất bản"),
        ("leader", "Phòng Thông tin - Báo chí - Xuất bản"),
    }


async def test_the_twinned_communes_signing_list_has_a_place_for_the_commune_that_receives_the_gifts(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """The Tết gifts to the poor households of the twinned commune are handed over with the commune's
    representative; the signing list the union's chairman printed had only the department's three signatures,
    none for the commune that received them (decision 2248). A round of the department's own colleagues, or
    of some of them and some households, keeps its three (tests/test_gift_rounds.py). The year's report to the
    Emulation Council counted those households among its “hardship cases” and nowhere said they were the poor
    households it helped outside its walls (decision 2249)."""
    org: Organisation = await new_org(db)
    await import_staff(db, org, write_xlsx(tmp_path / "ds-2026.xlsx", STAFF), now=NOW)
    chairman = await person_by_name(db, "Lục Văn Dũng")
    async with db() as session, session.begin():
        (await session.get_one(Organisation, org.id)).name = "Sở Thông tin và Truyền thông tỉnh Bắc Kạn"
        chairman = await session.get_one(Person, chairman.id)
        await grant_role(session, Operator(org.id), chairman, "officer", None, now=DECEMBER)
        dung = await actor_for(session, chairman)
        cases = [
            await record_case(
                session,
                dung,
                subject="household",
                name=name,
                circumstances="hộ nghèo",
                needs="quà Tết",
                now=DECEMBER,
            )
            for name in COMMUNE
        ]
        planned = await planned_signing_list(
            session, dung, title="Quà Tết Đinh Mùi 2027 cho xã kết nghĩa", case_ids=[c.id for c in cases],
            package=Package(500_000, "10 kg gạo, 1 thùng mì tôm", 250_000), source="outside",
            delivered_on=date(2027, 1, 28),
        )  # fmt: skip
    write_signing_list(planned, tmp_path / "ky-nhan.xlsx")
    write_signing_list(planned, tmp_path / "en.xlsx", locale="en")
    rows = [tuple(r) for r in load_workbook(tmp_path / "ky-nhan.xlsx").active.iter_rows(values_only=True)]
    cells = [c for row in rows for c in row if c is not None]
    assert rows[0][0] == "Sở Thông tin và Truyền thông tỉnh Bắc Kạn"
    assert {row[1] for row in rows if isinstance(row[0], int)} == set(COMMUNE)
    assert {"Người lập", "Thủ quỹ", "Thủ trưởng đơn vị", "Đại diện xã (phường) nhận quà"} <= set(cells)
    assert cells.index("Thủ trưởng đơn vị") < cells.index("Đại diện xã (phường) nhận quà")
    assert cells.count("(Ký, ghi rõ họ tên)") == 3 and cells.count("(Ký, ghi rõ họ tên, đóng dấu)") == 1
    english = load_workbook(tmp_path / "en.xlsx").active.iter_rows(values_only=True)
    assert "For the commune (ward) receiving" in [c for row in english for c in row]

    async with db() as session, session.begin():  # handed over on 28/12, from gifts given outside the Fund
        dung = await actor_for(session, await session.get_one(Person, chairman.id))
        await record_round(
            session, dung, key="tet-xa-ket-nghia", title="Quà Tết cho xã kết nghĩa",
            case_ids=[c.id for c in cases], package=Package(500_000), source="outside",
            delivered_on=date(2026, 12, 28), now=HANDED,
        )  # fmt: skip
    async with db() as session:
        report = await year_report(session, org.id, 2026, today=date(2026, 12, 31), actor=Operator(org.id))
    write_year_report(report, tmp_path / "bao-cao.docx")
    said = [p.text for p in docx.Document(str(tmp_path / "bao-cao.docx")).paragraphs]
    assert (
        "Số hoàn cảnh khó khăn được hỗ trợ: 3; đã hỗ trợ: tiền 1.500.000\xa0₫. Trong đó, hộ gia đình ngoài "
        "danh sách của cơ quan (hộ nghèo ở địa phương được giúp đỡ): 3." in said
    )


async def test_a_departments_sub_departments_and_its_day_rate_sheet_are_read_as_its_accountant_means_them(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """A department with sub-departments writes each as a heading, “VIII | CHI CỤC …”, its head “chi cục
    trưởng” in the role column: the heading was read as a colleague and its people put in the division above
    it, its head “không rõ vai trò”. The accountant's sheet whose only figure of the gift is “Mức lương 1
    ngày” was refused whole, “no header row naming … a “Số tiền” column” (decision 2305)."""
    rows = [
        *STAFF[:11],  # the board and the office, as above
        ["III", "CHI CỤC KIỂM LÂM"],
        [16, "Hoàng Văn Kiên", "Chi cục trưởng", "0912100016", "chi cục trưởng"],
        [17, "Nông Thị Xuân", "Phó Chi cục trưởng", "0912100017", "phó chi cục trưởng"],
        [18, "Triệu Văn Lâm", "Kiểm lâm viên", "0912100018", ""],
        [],
        ["", "CHI CỤC TRƯỞNG"],  # a foot's signature, never a unit
    ]
    org: Organisation = await new_org(db)
    report = await import_staff(db, org, write_xlsx(tmp_path / "ds-2026.xlsx", rows), now=NOW)
    assert (report.created, report.skipped) == (8, 0)
    assert [w.message for w in report.warnings if "vai trò" in w.message] == []
    async with db() as session:
        units = set(await session.scalars(select(Unit.name).where(Unit.org_id == org.id)))
        names = set(await session.scalars(select(Person.full_name).where(Person.org_id == org.id)))
    assert units == {"Ban Giám đốc Sở", "Văn phòng Sở", "Chi cục Kiểm lâm"}
    assert not {"Chi Cục Kiểm Lâm", "Chi Cục Trưởng"} & names
    head = await person_by_name(db, "Hoàng Văn Kiên")
    assert await roles_of(db, head) == {("member", "Chi cục Kiểm lâm"), ("leader", "Chi cục Kiểm lâm")}
    deputy = await person_by_name(db, "Nông Thị Xuân")
    assert await roles_of(db, deputy) == {("member", "Chi cục Kiểm lâm")}

    rate = ["STT", "Họ và tên", "Chức vụ", "Hệ số lương", "Lương tháng", "Mức lương 1 ngày (đồng)", "Ký nhận"]
    sheet = [
        ["BẢNG TRÍCH MỘT NGÀY LƯƠNG ỦNG HỘ QUỸ VÌ NGƯỜI NGHÈO"],
        rate,
        ["I", "Văn phòng Sở"],
        [1, "Lục Văn Dũng", "Phó Chánh Văn phòng", 4.32, 10_108_800, 388_800],
        [2, "Ma Thị Hạnh", "Kế toán", 3.33, 7_792_200, 299_700],
        [None, "Cộng", None, None, 17_901_000, 688_500],
    ]
    read = read_payroll(write_xlsx(tmp_path / "luong.xlsx", sheet))
    amounts = {row.name: row.amount for row in read}  # the heading and the total are passed over later (2247)
    assert (amounts["Lục Văn Dũng"], amounts["Ma Thị Hạnh"]) == (388_800, 299_700)
    # beside a column of the amount itself, the day's rate is only the rate, as before
    both = [[*rate[:6], "Số tiền ủng hộ"], [1, "Lục Văn Dũng", "", 4.32, 10_108_800, 388_800, 200_000]]
    read = read_payroll(write_xlsx(tmp_path / "hai-cot.xlsx", both))
    assert [(row.name, row.amount) for row in read] == [("Lục Văn Dũng", 200_000)]


async def _in_the_chat(app: App, tmp_path: Path) -> tuple[int, dict[str, int]]:
    """The department's list imported into its organisation, everyone joined on one chat and agreed, in
    Vietnamese: the organisation's id and each person's by their name."""
    async with app.sessionmaker() as session, session.begin():
        org = Organisation(code="stttt-bk", name="Sở Thông tin và Truyền thông tỉnh Bắc Kạn", created_at=NOW)
        session.add(org)
    await import_staff(app.sessionmaker, org, write_xlsx(tmp_path / "ds-2026.xlsx", STAFF), now=NOW)
    ids = {}
    async with app.sessionmaker() as session, session.begin():
        for person in await session.scalars(select(Person).where(Person.org_id == org.id)):
            person.consent_at, person.locale = NOW, "vi"
            session.add(
                ChannelIdentity(
                    channel="console", external_id=f"p{person.id}", person_id=person.id, created_at=NOW
                )
            )
            ids[person.full_name] = person.id
    return org.id, ids


async def test_the_drive_in_the_chat_from_the_chairman_of_one_office_to_the_directors_monday(
    app: App, clock: MovableClock, tmp_path: Path
) -> None:
    """The union's chairman, imported as his own office's officer (the report names the grant that makes him
    the department's), opened the Tết drive: its unit was asked with “Văn phòng Sở” alone and nothing said
    why, so the drive and its appeal (“Số người nhận: 2.”) were his office's. The drive's name was asked with
    a school's example, “Áo ấm cho học sinh nội trú 2026” (decision 2306). Once the office grants him the
    whole department, the drive, its appeal to all, the gifts typed in the chat, the treasurer's queue and the
    director's Monday read as a department's (decision 2307)."""
    org_id, ids = await _in_the_chat(app, tmp_path)
    clock.at = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # Monday 7/12/2026, 14:00 in Vietnam
    channel = CollectingChannel(app.engine, BUTTONS)
    chats: dict[str, Chat] = {}

    def chat(name: str) -> Chat:
        return chats.setdefault(name, Chat(channel, f"p{ids[name]}", clock))

    dung = chat("Lục Văn Dũng")

    async def open_drive(unit: str, answer: str) -> str:
        await dung.say("/dotvandong")
        screen = await dung.choose("Mở đợt vận động mới")
        assert "Ví dụ: Quà Tết cho hộ nghèo 2027." in screen and "học sinh" not in screen, screen
        await dung.say("Quà Tết cho xã kết nghĩa Nà Khon")
        await dung.say("07/12/2026 - 31/12/2026")
        await dung.choose("Tiền, Hiện vật")
        await dung.say("30tr")
        await dung.choose("Không, đợt riêng")
        asked = await dung.say("01 ngày lương, tùy tâm")
        await dung.choose(unit)
        assert "Đơn vị: " + unit in dung.screen, dung.screen
        await dung.choose(answer)
        return asked

    asked = await open_drive("Văn phòng Sở", "Không, hủy")  # his office's officer only, as imported
    assert (
        "Anh/chị là cán bộ công đoàn/vận động của Văn phòng Sở, nên chỉ mở đợt vận động cho đơn vị mình. Nếu "
        "phụ trách phong trào của cả tổ chức, anh/chị đề nghị văn phòng cấp vai trò cán bộ công đoàn/vận "
        "động toàn tổ chức." in asked
    ), asked
    assert [c.label for c in dung.menu.choices][-1] != "Toàn cơ quan"

    async with app.sessionmaker() as session, session.begin():  # the office runs the report's commands
        for name, role in (
            ("Lục Văn Dũng", "officer"),
            ("Ma Thị Hạnh", "treasurer"),
            ("Hà Văn Tiến", "leader"),
        ):
            person = await session.get_one(Person, ids[name])
            await grant_role(session, Operator(org_id), person, role, None, now=clock.at)
    asked = await open_drive("Toàn cơ quan", "Có, xác nhận")
    assert "Anh/chị là cán bộ công đoàn/vận động của" not in asked and "Thanh tra Sở" in asked, asked

    await dung.say("/keugoi")
    await dung.choose("Soạn tin mới")
    await dung.say("Công đoàn Sở mời anh chị em góp quà Tết cho các hộ nghèo xã kết nghĩa Nà Khon.")
    await dung.choose("Quà Tết")
    assert "Số người nhận: 14." in await dung.choose("Tất cả")
    await dung.choose("Gửi ngay")
    for name in ("Đàm Văn Long", "Mông Văn Tài"):  # a division head and a colleague read it as it was written
        screen = await chat(name).say("/start")
        assert "Công đoàn Sở mời anh chị em góp quà Tết" in screen and "Ủng hộ ngay" in screen, screen
    tai, nhung = chat("Mông Văn Tài"), chat("Bế Thị Nhung")
    await tai.say("ủng hộ 500k")
    await tai.choose("Quà Tết")
    await tai.choose("Bỏ qua")
    assert "Đã ghi nhận 500.000\xa0₫." in await tai.choose("Có, xác nhận")
    await nhung.say("10 thùng mì tôm, 5 bao gạo")  # typed whole, at the menu
    await nhung.choose("Có, ghi")
    await nhung.choose("Quà Tết")
    await nhung.say("1tr2")
    await nhung.choose("Bỏ qua")
    await nhung.choose("Có, xác nhận")

    hanh = chat("Ma Thị Hạnh")  # the department's treasurer confirms both
    await hanh.say("/xacnhan")
    screen = await hanh.choose("Quà Tết")
    assert "Mông Văn Tài (Phòng Thông tin - Báo chí - Xuất bản)" in screen, screen
    await hanh.choose("Xác nhận cả trang")
    assert "Đã xác nhận: CT-2026-000001, CT-2026-000002." in await hanh.choose("Có, xác nhận")

    clock.at += timedelta(days=7)  # the director's Monday, the whole department's
    screen = await chat("Hà Văn Tiến").say("/baocao")
    assert "Bản tin tuần của Sở Thông tin và Truyền thông tỉnh Bắc Kạn, 08/12/2026 – 14/12/2026" in screen
    assert "• Phòng Kế hoạch - Tài chính: 1/2 người (50%)" in screen, screen
    assert (
        re.search(r"\b(?:thôn|hộ gia đình|học sinh|giáo viên|trường)\b", screen.split("Bản tin tuần")[1])
        is None
    ), screen

    # Tài gives again; on Friday 18/12, before its end, Dũng closes the drive by hand (decision 2642)
    await tai.say("ủng hộ 300k")
    await tai.choose("Quà Tết")
    await tai.choose("Bỏ qua")
    assert "CT-2026-000003" in await tai.choose("Có, xác nhận")
    await tai.say("/menu")  # and asks the appeal to remind him later, to give once more (decision 2777)
    (tai_appeal,) = [m for to, m in channel.transport.sent if to == tai.chat_id and m.text.startswith(APPEAL)]
    later = next(code for code, label in tai_appeal.actions if label == "Nhắc tôi sau")
    await channel.receive(tai.chat_id, choice=later, at=clock())
    clock.at = datetime(2026, 12, 18, 3, 0, tzinfo=UTC)  # Friday 18/12, 10:00 in Vietnam
    await dung.say("/dotvandong")
    await dung.choose("Quà Tết")
    screen = await dung.choose(
        "Đóng đợt vận động"
    )  # the last look: early, what waits, what the treasurer may
    assert "Đợt dự kiến kéo dài đến hết 31/12/2026: đóng bây giờ là kết thúc đợt sớm." in screen, screen
    assert "Đang chờ xác nhận: tiền 300.000\xa0₫.\nCác khoản này vẫn xác nhận được" in screen, screen
    screen = await dung.choose("Có")
    labels = [c.label for c in dung.menu.choices]
    assert "(07/12/2026–31/12/2026) — đã đóng ngày 18/12/2026" in screen, screen
    assert "Mở lại đợt vận động" in labels and "Đóng đợt vận động" not in labels, labels
    # a colleague who had not given, answering its appeal: told first that it closed, and when, then offered
    # what is open; its “Ủng hộ ngay” pressed on the old message says the same (decision 2720)
    long = chat("Đàm Văn Long")
    # his record merged into one the office listed again for him: the appeal, keyed by the record it reached,
    # is still the one he answers (decision 2810)
    async with app.sessionmaker() as session, session.begin():
        old = await session.get_one(Person, ids["Đàm Văn Long"])
        kept = Person(
            org_id=org_id,
            full_name=old.full_name,
            name_key=old.name_key,
            kind=old.kind,
            listed=True,
            unit_id=old.unit_id,
            created_at=clock.at,
        )
        session.add(kept)
        await session.flush()
        await merge_people(session, source=old.id, target=kept.id, actor_id=None, now=clock.at)
    closed = "Đợt vận động “Quà Tết cho xã kết nghĩa Nà Khon” đã đóng ngày 18/12/2026."
    await long.say("/menu")
    screen = await long.say("ủng hộ 100k")
    assert closed + "\n\nAnh/chị đóng góp cho đợt vận động nào?" in screen, screen
    assert not [c.label for c in long.menu.choices if "Quà Tết" in c.label], long.menu.choices
    await long.choose("Vì người nghèo")  # the Fund: the appeal answered, his next gift not told
    await long.choose("Bỏ qua")
    assert "CT-2026-000004" in await long.choose("Có, xác nhận")
    await long.say("/menu")
    screen = await long.say("ủng hộ 50k")
    assert "Anh/chị đóng góp cho đợt vận động nào?" in screen and closed not in screen, screen  # 2745
    # Tài, whose reminder of the appeal came since his last gift, typing a gift: told of the close too (2777)
    assert [m for to, m in channel.transport.sent if to == tai.chat_id and m.text.startswith("Nhắc lại theo")]
    await tai.say("/menu")
    screen = await tai.say("ủng hộ 200k")
    assert closed + "\n\nAnh/chị đóng góp cho đợt vận động nào?" in screen, screen
    await long.say("/menu")
    (appeal,) = [m for to, m in channel.transport.sent if to == long.chat_id and m.text.startswith(APPEAL)]
    give = next(code for code, label in appeal.actions if label == "Ủng hộ ngay")
    long.last = await channel.receive(long.chat_id, choice=give, at=clock())
    assert long.screen.startswith(closed + "\n\nAnh/chị đóng góp cho đợt vận động nào?"), long.screen
    assert not [c.label for c in long.menu.choices if "Quà Tết" in c.label], long.screen
    await dung.say("/keugoi")  # nor to a new appeal
    await dung.choose("Soạn tin mới")
    assert "Quà Tết" not in await dung.say("Nhắc anh chị em quà Tết")
    await hanh.say("/xacnhan")  # what waited is still the treasurer's to confirm
    assert "Tổng tiền đang chờ: 300.000\xa0₫." in await hanh.choose("Quà Tết")
    await hanh.choose("Xác nhận cả trang")
    assert "Đã xác nhận: CT-2026-000003." in await hanh.choose("Có, xác nhận")
    await tai.say("/saoke")  # the statement says the drive closed, and when
    screen = await tai.choose("Quà Tết")
    assert (
        "Sao kê công khai: Quà Tết cho xã kết nghĩa Nà Khon (07/12/2026 – 31/12/2026) — đã đóng ngày "
        "18/12/2026\nĐã xác nhận: tiền 800.000\xa0₫; hiện vật trị giá 1.200.000\xa0₫." in screen
    ), screen
    # the goods whole on their line, in the room the unnamed giver's name and unit leave (decision 2643)
    assert (
        "• 07/12/2026 · CT-2026-000002 · Nhà hảo tâm (Các đơn vị khác) · 10 thùng mì tôm, 5 bao gạo, trị giá "
        "khoảng 1.200.000\xa0₫" in screen
    ), screen
    screen = await chat("Hà Văn Tiến").say("/baocao")
    assert "Đợt vận động “Quà Tết cho xã kết nghĩa Nà Khon” — đã đóng ngày 18/12/2026" in screen, screen


# --- on Telegram --------------------------------------------------------------------------------------------

APPEAL = "Công đoàn Sở mời anh chị em góp quà Tết cho các hộ nghèo xã kết nghĩa Nà Khon."
tg = test_telegram.tg
harness = test_telegram.harness
polling = test_telegram.polling
TELEGRAM = 20000  # each colleague's Telegram id: this plus their row's number on the list


async def _on_telegram(h: Harness, tmp_path: Path) -> dict[str, FakeUser]:
    """The department's list imported, a colleague added to the post division as its union group leader
    collects from, everyone joined on Telegram and agreed, in Vietnamese; the office's grants of 2307 made,
    the digest set for Monday 08:00. Each person's chat, by their name."""
    rows = [*STAFF[:17], [16, "Triệu Thị Hằng", "Chuyên viên", "0912100016", ""], *STAFF[17:]]
    async with h.app.sessionmaker() as session, session.begin():
        org = Organisation(code="stttt-bk", name="Sở Thông tin và Truyền thông tỉnh Bắc Kạn", created_at=NOW)
        session.add(org)
    await import_staff(h.app.sessionmaker, org, write_xlsx(tmp_path / "ds-2026.xlsx", rows), now=NOW)
    users = {}
    async with h.app.sessionmaker() as session, session.begin():
        session.add(OrgSchedule(org_id=org.id, digest_weekday=0, digest_time="08:00"))
        for person in await session.scalars(select(Person).where(Person.org_id == org.id)):
            person.consent_at, person.locale = NOW, "vi"
            user = h.tg.user(TELEGRAM + person.id, person.full_name)
            session.add(
                ChannelIdentity(
                    channel="telegram", external_id=str(user.id), person_id=person.id, created_at=NOW
                )
            )
            users[person.full_name] = user
            role = {"Lục Văn Dũng": "officer", "Ma Thị Hạnh": "treasurer", "Hà Văn Tiến": "leader"}
            if person.full_name in role:
                await grant_role(session, Operator(org.id), person, role[person.full_name], None, now=NOW)
    return users


def _text(user: FakeUser, start: str) -> list[str]:
    return [m.text for m in user.messages() if m.text.startswith(start)]


async def _mondays_job(h: Harness, local_day: date, director: FakeUser) -> None:
    """The scheduler's digest job at its quarter-hours of `local_day` morning, 07:45 and 08:00 in Vietnam,
    the department's digest set for 08:00: what it wrote sent on Telegram, the director's not before."""

    before = len(_text(director, "Bản tin tuần của Sở"))

    job = next(job for job in build_jobs(h.app.settings) if job.id == "digests.weekly")
    context = JobContext(h.app.sessionmaker, h.app.settings)
    at = datetime.combine(local_day, time(7, 30), tzinfo=LOCAL_TZ)
    for _quarter in range(2):
        at = job.trigger.get_next_fire_time(None, at + timedelta(minutes=1))
        h.app.engine.clock.at = at.astimezone(UTC)  # type: ignore[attr-defined]
        await job.fn(context, at.astimezone(UTC))
        await h.deliver()
        if at.time() == time(7, 45):  # before the hour the department set: nothing of it yet
            assert len(_text(director, "Bản tin tuần của Sở")) == before


async def test_the_departments_december_on_telegram_to_the_monday_the_scheduler_sends(
    polling: Harness, tmp_path: Path
) -> None:
    """The drive walked on Telegram, everyone on the department's list in their own chat: the appeal to all
    with its buttons, gifts from two divisions pressed from it, the treasurer's queue. The post division's
    union group leader, typing the name of a colleague who handed her rice, was told nobody she records
    for has it, and nothing of how his rice reaches the books (decision 2425). The follow-up three days on
    goes to who has not given, a division head among them. The scheduler's Monday at the department's hour:
    the director's says the week's two givers held and the year's sum of their two gifts, which no division
    head, reading it, can split into one colleague's; the next Monday's three givers, one kind from fewer
    than three, were said to be “fewer than three” (decision 2426); what held (decision 2427). The treasurer's
    last look before a page is confirmed cut its goods and notes short (decision 2524); the union group
    leader's empty list of what she recorded for others spoke of households (decision 2525)."""
    h = polling
    users = await _on_telegram(h, tmp_path)
    clock = h.app.engine.clock
    clock.at = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # type: ignore[attr-defined]  # Mon 7/12, 14:00
    dung, hanh, lan = users["Lục Văn Dũng"], users["Ma Thị Hạnh"], users["Hà Thị Lan"]
    await h.ask(dung, "/dotvandong")
    await h.choose(dung, "Mở đợt vận động mới")
    for typed in ("Quà Tết cho xã kết nghĩa Nà Khon", "07/12/2026 - 31/12/2026"):
        await h.ask(dung, typed)
    await h.choose(dung, "Tiền, Hiện vật")
    await h.ask(dung, "30tr")
    await h.choose(dung, "Không, đợt riêng")
    await h.ask(dung, "01 ngày lương, tùy tâm")
    await h.choose(dung, "Toàn cơ quan")
    assert "Đã mở đợt vận động “Quà Tết cho xã kết nghĩa Nà Khon”" in await h.choose(dung, "Có, xác nhận")
    await h.ask(dung, "/keugoi")
    await h.choose(dung, "Soạn tin mới")
    await h.ask(dung, APPEAL)
    await h.choose(dung, "Quà Tết")
    assert "Số người nhận: 15." in await h.choose(dung, "Tất cả")
    assert "Đang gửi đến 15 người." in await h.choose(dung, "Gửi ngay")
    for name, user in users.items():  # everyone but its author, once, with its two buttons
        appeals = [m.labels for m in user.messages() if APPEAL in m.text]
        assert appeals == ([] if user is dung else [["Ủng hộ ngay", "Nhắc tôi sau"]]), name

    tai, nhung = users["Mông Văn Tài"], users["Bế Thị Nhung"]  # the press and the planning divisions
    clock.at += timedelta(hours=1)  # type: ignore[attr-defined]
    await h.choose(tai, "Ủng hộ ngay")
    await h.choose(tai, "Tiền")
    await h.ask(tai, "500k")
    assert "• Tiền: 500.000\xa0₫" in await h.choose(tai, "Bỏ qua")
    assert "Đã ghi nhận 500.000\xa0₫." in await h.choose(tai, "Có, xác nhận")
    await h.choose(nhung, "Ủng hộ ngay")
    await h.choose(nhung, "Hiện vật")
    await h.ask(nhung, "10 thùng mì tôm, 5 bao gạo")
    await h.ask(nhung, "1tr2")
    await h.choose(nhung, "Bỏ qua")
    await h.choose(nhung, "Có, xác nhận")
    await h.ask(hanh, "/xacnhan")
    screen = await h.choose(hanh, "Quà Tết")
    assert "2 khoản chờ" in screen and "Tổng tiền đang chờ: 500.000\xa0₫." in screen, screen
    screen = await h.choose(hanh, "Xác nhận cả trang")  # what she confirms, whole (decision 2524)
    assert "· 10 thùng mì tôm, 5 bao gạo, trị giá khoảng 1.200.000\xa0₫ · Bế Thị Nhung" in screen, screen
    assert "Đã xác nhận: STTTTB-2026-000001, STTTTB-2026-000002." in await h.choose(hanh, "Có, xác nhận")
    for user in (tai, nhung):
        assert "đã được thủ quỹ xác nhận" in user.last.text, user.last.text

    clock.at = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)  # type: ignore[attr-defined]  # three days on, 09:00
    await h.ask(dung, "/keugoi")
    screen = await h.choose(dung, "Công đoàn Sở mời")
    assert "Đã gửi 15 · đang chờ 0" in screen and "Đã ủng hộ sau khi nhận: 2" in screen, screen
    assert "cho 13 người chưa ủng hộ?" in await h.choose(dung, "Nhắc lại người chưa ủng hộ")
    assert "Đang nhắc lại 13 người chưa ủng hộ." in await h.choose(dung, "Có, xác nhận")
    long, hoa = users["Đàm Văn Long"], users["Nông Thị Hoa"]  # the planning and the press divisions' heads
    assert [m.labels for m in long.messages() if APPEAL in m.text] == [["Ủng hộ ngay", "Nhắc tôi sau"]] * 2
    assert sum(APPEAL in m.text for m in nhung.messages()) == 1  # who gave is not asked again

    await _mondays_job(h, date(2026, 12, 14), users["Hà Văn Tiến"])
    director = _text(users["Hà Văn Tiến"], "Bản tin tuần của Sở")
    assert len(director) == 1 and "07/12/2026 – 13/12/2026" in director[0], director
    assert "Tuần này: 2 người ủng hộ tiền, hiện vật (dưới ba người nên không nêu số tiền)" in director[0]
    assert "Từ đầu năm 2026: tiền và hiện vật 1.700.000\xa0₫" in director[0], director[0]
    for head, unit in ((long, "Phòng Kế hoạch - Tài chính"), (hoa, "Phòng Thông tin - Báo chí - Xuất bản")):
        (own,) = _text(head, f"Bản tin tuần của {unit}")
        assert "Tuần này: 1 người ủng hộ" in own and "₫" not in own, own

    clock.at = datetime(2026, 12, 15, 3, 0, tzinfo=UTC)  # type: ignore[attr-defined]  # Tue 15/12, 10:00
    khanh, hang = users["Dương Văn Khánh"], users["Triệu Thị Hằng"]  # handed Lan rice and oil
    screen = await h.ask(lan, "ghi thay Khánh")
    assert (
        "Đã dùng Chung Tay: Dương Văn Khánh. Mỗi người tự ghi đóng góp của mình; cán bộ chỉ ghi thay cho "
        "người chưa dùng Chung Tay. Tiền, hiện vật đồng nghiệp gửi anh/chị: người gửi tự ghi, ví dụ: ung ho "
        "10 kg gao, kèm ghi chú “đã gửi Hà Thị Lan”; thủ quỹ xác nhận khi nhận được." in screen
    ), screen
    await h.ask(khanh, "ủng hộ 10 kg gạo")
    await h.choose(khanh, "Quà Tết")
    await h.ask(khanh, "200k")
    await h.ask(khanh, "đã gửi Hà Thị Lan")
    assert "Đã ghi nhận 10 kg gạo, trị giá khoảng 200.000\xa0₫." in await h.choose(khanh, "Có, xác nhận")
    await h.ask(hang, "2 chai dầu ăn")
    await h.choose(hang, "Có, ghi")
    await h.choose(hang, "Quà Tết")
    await h.ask(hang, "80k")
    await h.ask(hang, "đã gửi Hà Thị Lan")
    await h.choose(hang, "Có, xác nhận")
    await h.choose(lan, "Quay lại")
    await h.ask(lan, "ủng hộ 300k")  # and her own
    await h.choose(lan, "Quà Tết")
    await h.choose(lan, "Bỏ qua")
    await h.choose(lan, "Có, xác nhận")
    screen = await h.ask(lan, "/daghithay")  # her colleagues recorded their own: nothing for her to hand in
    assert "Anh/chị chưa ghi thay khoản đóng góp nào." in screen and "hộ gia đình" not in screen, screen
    assert "người chưa dùng Chung Tay (/ghithay)" in screen, screen  # an office's words (decision 2525)
    await h.ask(hanh, "/xacnhan")
    screen = await h.choose(hanh, "Quà Tết")
    assert "3 khoản chờ" in screen and "Tổng tiền đang chờ: 300.000\xa0₫." in screen, screen
    screen = await h.choose(hanh, "Xác nhận cả trang")  # each colleague's own, with the note she reads
    assert (
        "200.000\xa0₫ · đã gửi Hà Thị Lan · Dương Văn Khánh (Phòng Bưu chính, Viễn thông và Công nghệ "
        "thông tin)" in screen
    ), screen
    assert "STTTTB-2026-000003, STTTTB-2026-000004, STTTTB-2026-000005" in await h.choose(
        hanh, "Có, xác nhận"
    )
    assert "STTTTB-2026-000003 của anh/chị đã được thủ quỹ xác nhận" in khanh.last.text, khanh.last.text

    await _mondays_job(h, date(2026, 12, 21), users["Hà Văn Tiến"])
    director = _text(users["Hà Văn Tiến"], "Bản tin tuần của Sở")
    assert len(director) == 2 and "14/12/2026 – 20/12/2026" in director[1], director
    assert (
        "Tuần này: 3 người ủng hộ tiền, hiện vật (có loại dưới ba người ủng hộ nên không nêu số tiền)"
        in director[1]
    ), director[1]
