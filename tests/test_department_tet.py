"""A provincial department's Tết drive, walked as its union's chairman, a division head, a colleague and the
director would (decisions 2246–2249): the staff list as the department's office writes it, each division a
heading over its people, its inspectorate and its centre among them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Organisation, Person, Unit
from bot.domain.org_import import import_staff
from tests.test_org_import import NOW, new_org, person_by_name, roles_of, write_xlsx

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
