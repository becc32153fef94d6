"""A provincial department's Tết drive, walked as its union's chairman, a division head, a colleague and the
director would (decisions 2246–2249): the staff list as the department's office writes it, each division a
heading over its people, its inspectorate and its centre among them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import docx
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Organisation, Person, Unit
from bot.domain.access import Operator, actor_for
from bot.domain.cases import record_case
from bot.domain.gift_rounds import Package, planned_signing_list, record_round
from bot.domain.org_import import import_staff
from bot.domain.roles import grant_role
from bot.domain.year_report import year_report
from bot.signing_sheet import write_signing_list
from bot.year_report_doc import write_year_report
from tests.test_org_import import NOW, new_org, person_by_name, roles_of, write_xlsx

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
