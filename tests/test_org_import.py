"""Importing a staff list: real CSV and XLSX files, a real SQLite database."""

from __future__ import annotations

import csv
import random
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import product
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import AuditLog, Organisation, Person, RoleAssignment, Unit
from bot.domain.org_import import (
    BATCH_ROWS,
    ImportReport,
    RowError,
    StaffFileError,
    import_staff,
    normalize_phone,
)
from bot.text import fold

NOW = datetime(2026, 10, 17, 2, 0, tzinfo=UTC)
EN_HEADER = ["unit", "full_name", "position", "phone", "role"]
VI_HEADER = ["STT", "Đơn vị", "Họ và tên", "Chức vụ", "Số điện thoại", "Vai trò"]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nam", "Phương"]
UNITS = [
    "Phòng Đào tạo",
    "Phòng Tổ chức – Hành chính",
    "Phòng Kế hoạch – Tài chính",
    "Khoa Nội",
    "Khoa Ngoại",
    "Khoa Dược",
    "Trung tâm Tin học",
]
POSITIONS = ["Chuyên viên", "Giáo viên", "Bác sĩ", "Điều dưỡng", "Kế toán", "Nhân viên", ""]
PHONE_STYLES = ["0{}", "+84 {}", "84{}", "0{}.{}", "0{} {}"]


def staff_rows(count: int, seed: int = 7) -> list[list[str]]:
    """`count` distinct people: [unit, full_name, position, phone, role]; every fifth has no phone."""
    rng = random.Random(seed)
    names = [" ".join(parts) for parts in product(SURNAMES, MIDDLES, GIVEN)]
    rng.shuffle(names)
    rows = []
    for i in range(count):
        national = f"9{12_000_000 + i:08d}"  # 912000000 + i, nine digits after the trunk zero
        style = PHONE_STYLES[i % len(PHONE_STYLES)]
        if style == "0{}.{}":
            phone = style.format(national[:3], national[3:])
        elif style == "0{} {}":
            phone = style.format(national[:2], national[2:])
        else:
            phone = style.format(national)
        role = ["", "", "", "thành viên", "member", "Thủ quỹ", "cán bộ công đoàn", "Trưởng khoa"][i % 8]
        rows.append(
            [
                UNITS[i % len(UNITS)],
                names[i],
                POSITIONS[i % len(POSITIONS)],
                "" if i % 5 == 4 else phone,
                role,
            ]
        )
    return rows


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], **fmt: object) -> Path:
    encoding = "utf-8-sig" if fmt.pop("bom", False) else "utf-8"
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, **fmt)  # type: ignore[arg-type]
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.fixture
async def org(db: async_sessionmaker[AsyncSession]) -> Organisation:
    async with db() as session, session.begin():
        org = Organisation(code="bvdk-ht", name="Bệnh viện Đa khoa Hà Tĩnh", created_at=NOW)
        session.add(org)
    return org


async def count(db: async_sessionmaker[AsyncSession], model: type) -> int:
    async with db() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def person_by_name(db: async_sessionmaker[AsyncSession], name: str) -> Person:
    async with db() as session:
        return (await session.scalars(select(Person).where(Person.name_key == fold(name)))).one()


async def roles_of(db: async_sessionmaker[AsyncSession], person: Person) -> set[tuple[str, str | None]]:
    """(role, unit name or None for org-wide)."""
    async with db() as session:
        result = await session.execute(
            select(RoleAssignment.role, Unit.name)
            .outerjoin(Unit, Unit.id == RoleAssignment.unit_id)
            .where(RoleAssignment.person_id == person.id)
        )
        return {(role, unit) for role, unit in result}


def with_bad_rows(good: list[list[str]]) -> tuple[list[list[str]], dict[int, str]]:
    """The good rows with five bad ones spliced in; returns rows and {file line: expected message}."""
    rows = list(good)
    bad = {
        5: ["Khoa Nội", "Trần Văn Lỗi", "Bác sĩ", "12345", ""],
        40: ["", "Lê Thị Thiếu Đơn Vị", "", "0987000001", ""],
        120: ["Khoa Dược", "", "Dược sĩ", "0987000002", ""],
        200: ["Khoa Ngoại", "Phạm Văn Vai", "", "0987000003", "thư ký"],
        250: ["Khoa Ngoại", "Ngô Văn Trùng", "", rows[0][3], ""],  # same phone as the first data row
    }
    for index in sorted(bad):  # ascending, so each bad row lands at its own index
        rows.insert(index, bad[index])
    messages = {  # file line = index + 1 for the header + 1 for counting from 1
        7: 'Dòng 7: số điện thoại "12345" không hợp lệ (ví dụ đúng: 0912345678)',
        42: "Dòng 42: thiếu đơn vị (ví dụ: Phòng Đào tạo, Khoa Nội)",
        122: "Dòng 122: thiếu họ và tên",
        202: 'Dòng 202: vai trò "thư ký" không hợp lệ '
        "(dùng một trong: thành viên, thủ quỹ, cán bộ công đoàn, lãnh đạo, quản trị)",
        252: "Dòng 252: số điện thoại 0912000000 trùng với dòng 2 (mỗi người một số)",
    }
    return rows, messages


async def test_csv_of_300_people_creates_them_and_skips_bad_rows_with_line_numbers(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    rows, expected = with_bad_rows(staff_rows(300))
    path = write_csv(tmp_path / "danh_sach.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.updated, report.skipped, report.units_created) == (300, 0, 5, len(UNITS))
    assert report.errors == [RowError(line, message) for line, message in expected.items()]
    assert await count(db, Person) == 300
    assert await count(db, Unit) == len(UNITS)
    typed = [row[3] for row in rows[:4]]
    stored = [(await person_by_name(db, row[1])).phone for row in rows[:4]]
    assert typed == ["0912000000", "+84 912000001", "84912000002", "0912.000003"]
    assert stored == ["0912000000", "0912000001", "0912000002", "0912000003"]


async def test_second_import_of_the_same_file_updates_and_creates_nothing(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    rows, _ = with_bad_rows(staff_rows(300))
    path = write_csv(tmp_path / "danh_sach.csv", EN_HEADER, rows)
    await import_staff(db, org, path, now=NOW)
    roles_before = await count(db, RoleAssignment)

    again = await import_staff(db, org, path, now=NOW)

    assert (again.created, again.updated, again.skipped, again.units_created) == (0, 300, 5, 0)
    assert await count(db, Person) == 300
    assert await count(db, Unit) == len(UNITS)
    assert await count(db, RoleAssignment) == roles_before


async def test_xlsx_with_title_vietnamese_headers_and_numeric_phones_imports_with_sheet_row_numbers(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    people = staff_rows(300, seed=11)
    sheet: list[list[object]] = [["DANH SÁCH CÁN BỘ, VIÊN CHỨC NĂM 2026"], [], VI_HEADER]
    for i, (unit, name, position, _phone, role) in enumerate(people, start=1):
        # A phone column formatted as a number: Excel keeps 912000000 and drops the leading zero.
        sheet.append([i, unit, name, position, 912_000_000 + i, role])
    sheet.insert(3 + 10, [None, "Khoa Nội", "Đinh Văn Sai Số", "", "0912-34", ""])  # sheet row 14
    sheet.insert(3 + 50, [None, "Khoa Nội", "X" * 201, "", "", ""])  # sheet row 54
    path = write_xlsx(tmp_path / "danh_sach.xlsx", sheet)

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.skipped) == (300, 2)
    assert report.errors == [
        RowError(14, 'Dòng 14: số điện thoại "0912-34" không hợp lệ (ví dụ đúng: 0912345678)'),
        RowError(54, "Dòng 54: họ và tên dài 201 ký tự (tối đa 200)"),
    ]
    first = await person_by_name(db, people[0][1])
    assert first.phone == "0912000001"


async def test_semicolon_csv_with_bom_and_vietnamese_headers_is_read(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    header = ["Đơn vị", "Họ tên", "Chức vụ", "SĐT", "Vai trò"]
    path = write_csv(tmp_path / "ds.csv", header, staff_rows(20), delimiter=";", bom=True)

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.skipped, report.errors) == (20, 0, [])


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("091 234 5678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("912345678", "0912345678"),  # Excel dropped the zero
        ("0388 123 456", "0388123456"),
        ("(024) 3825 1234", "02438251234"),
        ("+84 24 3825 1234", "02438251234"),
    ],
)
def test_phone_numbers_are_normalised_to_vietnamese_format(typed: str, stored: str) -> None:
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["12345", "0112345678", "0412345678", "091234567", "09123456789", "+1 212 555 0100", "0912abc678"],
)
def test_phone_numbers_that_are_not_vietnamese_are_rejected(typed: str) -> None:
    assert normalize_phone(typed) is None


async def test_roles_are_scoped_to_the_unit_admin_is_org_wide_and_everyone_is_a_member(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    rows = [
        ["Khoa Nội", "Nguyễn Thị Thu", "Kế toán", "0912000001", "Thủ quỹ"],
        ["Khoa Nội", "Trần Văn Bình", "Trưởng khoa", "0912000002", "truong khoa"],
        ["Phòng Đào tạo", "Lê Minh Quân", "Chuyên viên", "0912000003", "Cán bộ công đoàn"],
        ["Phòng Tổ chức – Hành chính", "Phạm Thị Hạnh", "Chánh văn phòng", "0912000004", "quản trị"],
        ["Phòng Đào tạo", "Vũ Văn Sơn", "", "", "lãnh đạo, cán bộ"],
        ["Phòng Đào tạo", "Đỗ Thị Mai", "", "", ""],
    ]
    path = write_csv(tmp_path / "roles.csv", EN_HEADER, rows)

    await import_staff(db, org, path, now=NOW)

    expected = {
        "Nguyễn Thị Thu": {("member", "Khoa Nội"), ("treasurer", "Khoa Nội")},
        "Trần Văn Bình": {("member", "Khoa Nội"), ("leader", "Khoa Nội")},
        "Lê Minh Quân": {("member", "Phòng Đào tạo"), ("officer", "Phòng Đào tạo")},
        "Phạm Thị Hạnh": {("member", "Phòng Tổ chức – Hành chính"), ("admin", None)},
        "Vũ Văn Sơn": {
            ("member", "Phòng Đào tạo"),
            ("leader", "Phòng Đào tạo"),
            ("officer", "Phòng Đào tạo"),
        },
        "Đỗ Thị Mai": {("member", "Phòng Đào tạo")},
    }
    for name, roles in expected.items():
        assert await roles_of(db, await person_by_name(db, name)) == roles, name


async def test_decomposed_names_are_stored_nfc_with_single_spaces_and_a_folded_key(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    nfd_name = unicodedata.normalize("NFD", "  Nguyễn   Thị  Hồng Nhung ")
    nfd_unit = unicodedata.normalize("NFD", "Khoa Hồi sức")
    path = write_csv(tmp_path / "nfd.csv", EN_HEADER, [[nfd_unit, nfd_name, "Điều dưỡng", "0901234567", ""]])

    await import_staff(db, org, path, now=NOW)

    async with db() as session:
        person = (await session.scalars(select(Person))).one()
        unit = (await session.scalars(select(Unit))).one()
    assert person.full_name == "Nguyễn Thị Hồng Nhung"
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert person.name_key == "nguyen thi hong nhung"
    assert (person.kind, person.position, person.phone) == ("staff", "Điều dưỡng", "0901234567")
    assert (unit.name, unit.code) == ("Khoa Hồi sức", "khoa-hoi-suc")


async def test_existing_units_are_matched_by_folded_name_or_by_code(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    async with db() as session, session.begin():
        session.add_all(
            [
                Unit(org_id=org.id, code="KNOI", name="Khoa Nội"),
                Unit(org_id=org.id, code="phong-dao-tao", name="Văn phòng"),  # the slug is taken
            ]
        )
    rows = [
        ["KHOA NOI", "Nguyễn Văn An", "", "0912000001", ""],
        ["knoi", "Trần Văn Bình", "", "0912000002", ""],
        ["Phòng Đào tạo", "Lê Thị Lan", "", "0912000003", ""],
    ]
    path = write_csv(tmp_path / "units.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    assert report.units_created == 1
    async with db() as session:
        units = {u.code: u.name for u in await session.scalars(select(Unit))}
    assert units == {"KNOI": "Khoa Nội", "phong-dao-tao": "Văn phòng", "phong-dao-tao-2": "Phòng Đào tạo"}
    assert (await person_by_name(db, "Trần Văn Bình")).unit_id == (
        await person_by_name(db, "Nguyễn Văn An")
    ).unit_id


async def test_a_person_moved_to_another_unit_is_found_by_phone_and_updated(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    first = write_csv(
        tmp_path / "a.csv", EN_HEADER, [["Khoa Nội", "Hoàng Văn Nam", "Bác sĩ", "0912000001", ""]]
    )
    await import_staff(db, org, first, now=NOW)
    moved = write_csv(
        tmp_path / "b.csv", EN_HEADER, [["Khoa Ngoại", "Hoàng Văn Nam", "Phó khoa", "+84 912 000 001", ""]]
    )

    report = await import_staff(db, org, moved, now=NOW)

    assert (report.created, report.updated) == (0, 1)
    person = await person_by_name(db, "Hoàng Văn Nam")
    assert person.position == "Phó khoa"
    assert ("member", "Khoa Ngoại") in await roles_of(db, person)


async def test_a_phone_added_later_updates_the_person_imported_without_one(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    await import_staff(
        db, org, write_csv(tmp_path / "a.csv", EN_HEADER, [["Khoa Nội", "Bùi Thị Yến", "", "", ""]]), now=NOW
    )
    with_phone = write_csv(tmp_path / "b.csv", EN_HEADER, [["Khoa Nội", "Bùi Thị Yến", "", "0987654321", ""]])

    report = await import_staff(db, org, with_phone, now=NOW)

    assert (report.created, report.updated) == (0, 1)
    assert (await person_by_name(db, "Bùi Thị Yến")).phone == "0987654321"


async def test_namesakes_in_one_unit_without_phones_cannot_be_told_apart_and_the_second_is_skipped(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    rows = [
        ["Khoa Nội", "Nguyễn Văn An", "Bác sĩ", "", ""],
        ["Khoa Ngoại", "Nguyễn Văn An", "Bác sĩ", "", ""],  # another unit: another person
        ["khoa noi", "Nguyen Van An", "Điều dưỡng", "", ""],
    ]
    path = write_csv(tmp_path / "namesakes.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.skipped) == (2, 1)
    assert report.errors == [
        RowError(
            4,
            'Dòng 4: "Nguyen Van An" ở đơn vị "Khoa Nội" trùng với dòng 2; '
            "nếu là hai người khác nhau, hãy ghi số điện thoại cho cả hai",
        )
    ]


async def test_more_rows_than_one_batch_are_all_written(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "big.csv", EN_HEADER, staff_rows(BATCH_ROWS * 2 + 17))

    report = await import_staff(db, org, path, now=NOW)

    assert report.created == await count(db, Person) == BATCH_ROWS * 2 + 17


async def test_import_writes_one_audit_row_with_counts_and_no_personal_data(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    rows, _ = with_bad_rows(staff_rows(30))
    path = write_csv(tmp_path / "danh_sach_2026.csv", EN_HEADER, rows[:35])

    report = await import_staff(db, org, path, now=NOW)

    async with db() as session:
        audit = (await session.scalars(select(AuditLog))).one()
    assert (audit.action, audit.entity, audit.entity_id, audit.at) == (
        "org.import",
        "organisation",
        org.id,
        NOW,
    )
    assert audit.details["file"] == "danh_sach_2026.csv"
    assert (audit.details["created"], audit.details["skipped"]) == (report.created, report.skipped)
    text = repr(audit.details)
    assert not any(row[1] and row[1] in text for row in rows)
    assert not any(row[3] and (normalize_phone(row[3]) or row[3]) in text for row in rows)


async def test_progress_bar_is_drawn_on_stderr_only_when_asked(
    db: async_sessionmaker[AsyncSession],
    org: Organisation,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_csv(tmp_path / "p.csv", EN_HEADER, staff_rows(10))

    await import_staff(db, org, path, now=NOW)
    quiet = capsys.readouterr()
    await import_staff(db, org, path, now=NOW, progress=True)
    loud = capsys.readouterr()

    assert quiet.err == "" and quiet.out == ""
    assert "10/10" in loud.err and loud.out == ""


async def test_a_file_without_the_name_and_unit_columns_is_refused_whole(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "wrong.csv", ["tên", "điện thoại"], [["An", "0912000001"]])

    with pytest.raises(StaffFileError, match="Họ và tên"):
        await import_staff(db, org, path, now=NOW)
    assert await count(db, Person) == 0


async def test_a_csv_not_in_utf8_is_refused_with_advice(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    path = tmp_path / "ansi.csv"
    # Excel's plain "CSV" on a Vietnamese Windows: code page 1258, tones as combining marks.
    path.write_bytes("unit,full_name\nKhoa Nha,Tr\u00e2\u0300n V\u0103n Bi\u0300nh\n".encode("cp1258"))

    with pytest.raises(StaffFileError, match="CSV UTF-8"):
        await import_staff(db, org, path, now=NOW)


async def test_blank_rows_are_ignored_but_keep_line_numbers_true(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text(
        "unit,full_name,phone\n\nKhoa Nội,Nguyễn Văn An,0912000001\n,,\nKhoa Nội,Trần Văn Bình,999\n",
        encoding="utf-8",
    )

    report = await import_staff(db, org, path, now=NOW)

    assert isinstance(report, ImportReport)
    assert (report.created, report.skipped) == (1, 1)
    assert [e.row for e in report.errors] == [5]


async def test_a_quoted_cell_spanning_two_lines_does_not_shift_later_line_numbers(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    path = tmp_path / "multiline.csv"
    path.write_text(
        'unit,full_name,position,phone\nKhoa Nội,Nguyễn Văn An,"Bác sĩ\nkiêm Phó khoa",0912000001\n'
        "Khoa Nội,Trần Văn Bình,,0912\n",
        encoding="utf-8",
    )

    report = await import_staff(db, org, path, now=NOW)

    assert [e.row for e in report.errors] == [4]
    assert (await person_by_name(db, "Nguyễn Văn An")).position == "Bác sĩ kiêm Phó khoa"


async def test_the_same_phone_in_another_organisation_is_another_person(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    async with db() as session, session.begin():
        other = Organisation(code="so-yte", name="Sở Y tế Hà Tĩnh", created_at=NOW)
        session.add(other)
    path = write_csv(tmp_path / "a.csv", EN_HEADER, [["Khoa Nội", "Lê Văn Hùng", "", "0912000001", ""]])

    first = await import_staff(db, org, path, now=NOW)
    second = await import_staff(db, other, path, now=NOW)

    assert (first.created, second.created, second.units_created) == (1, 1, 1)
    assert await count(db, Person) == 2


async def test_a_damaged_xlsx_is_refused_whole(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")

    with pytest.raises(StaffFileError, match=r"hong\.xlsx"):
        await import_staff(db, org, path, now=NOW)
