"""Importing a staff list: real CSV, .xlsx and .xls files, a real SQLite database."""

from __future__ import annotations

import asyncio
import csv
import json
import random
import signal
import unicodedata
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import product
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import LOCAL_TZ
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.locks import exclusive
from bot.db.models import (
    Appeal,
    AuditLog,
    Campaign,
    ChannelIdentity,
    Commitment,
    CommitmentItem,
    Contribution,
    Criterion,
    Organisation,
    OutboxMessage,
    Person,
    Result,
    RoleAssignment,
    Unit,
)
from bot.demo import DEMO_PLAN
from bot.domain import org_import
from bot.domain.access import Operator, actor_for
from bot.domain.appeals import Audience, Draft, appeal_status, send_appeal, set_appeals
from bot.domain.drives import NewDrive, create_drive
from bot.domain.org_import import (
    BATCH_ROWS,
    KIND_WORDS,
    ROLE_WORDS,
    ImportReport,
    ImportRunning,
    RowError,
    RowWarning,
    StaffFileError,
    import_staff,
    normalize_phone,
)
from bot.domain.tables import OLE2_SIGNATURE
from bot.domain.year_report import year_report
from bot.text import fold
from tests.support.launcher import PIPE, Processes
from tests.test_cli import ROOT, Cli, ok, query

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


def write_xls(
    path: Path, rows: Sequence[Sequence[object]], merged: Sequence[tuple[int, int, int, int]] = ()
) -> Path:
    """The same rows in the old Excel format (.xls), as HR software and household registers export it:
    numbers are kept as floats (a phone typed as a number is 912000001.0), days as the workbook's dates;
    `merged`: cells merged, each (first row, last row, first column, last column), from 0."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sach")
    day = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if isinstance(value, datetime):
                sheet.write(r, c, value, day)
            elif isinstance(value, int):
                sheet.write(r, c, float(value))
            elif value is not None:
                sheet.write(r, c, value)
    for first, last, low, high in merged:
        sheet.merge(first, last, low, high)
    book.save(str(path))
    return path


async def new_org(db: async_sessionmaker[AsyncSession]) -> Organisation:
    async with db() as session, session.begin():
        org = Organisation(code="bvdk-ht", name="Bệnh viện Đa khoa Hà Tĩnh", created_at=NOW)
        session.add(org)
    return org


@pytest.fixture
async def org(db: async_sessionmaker[AsyncSession]) -> Organisation:
    return await new_org(db)


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
        5: ["K" * 301, "Trần Văn Lỗi", "Bác sĩ", "0987000000", ""],
        40: ["", "Lê Thị Thiếu Đơn Vị", "", "0987000001", ""],
        120: ["Khoa Dược", "", "Dược sĩ", "0987000002", ""],
        200: ["Khoa Ngoại", "Phạm Văn Dài", "C" * 201, "0987000003", ""],
        250: ["Khoa Ngoại", "Ngô Văn Trùng", "", rows[0][3], ""],  # same phone as the first data row
        280: ["Khoa Dược", "(2)", "", "0987000004", ""],  # a column's number where the name goes
    }
    for index in sorted(bad):  # ascending, so each bad row lands at its own index
        rows.insert(index, bad[index])
    messages = {  # file line = index + 1 for the header + 1 for counting from 1
        7: "Dòng 7: tên đơn vị dài 301 ký tự (tối đa 300)",
        42: "Dòng 42: thiếu đơn vị (ví dụ: Phòng Đào tạo, Khoa Nội)",
        122: "Dòng 122: thiếu họ và tên",
        202: "Dòng 202: chức vụ dài 201 ký tự (tối đa 200)",
        252: "Dòng 252: số điện thoại 0912000000 trùng với dòng 2 (mỗi người một số)",
        282: "Dòng 282: ô họ và tên ghi “(2)”, không có chữ nào (ví dụ đúng: Nguyễn Văn An)",
    }
    return rows, messages


async def test_csv_of_300_people_creates_them_and_skips_bad_rows_with_line_numbers(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    rows, expected = with_bad_rows(staff_rows(300))
    path = write_csv(tmp_path / "danh_sach.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.updated, report.skipped, report.units_created) == (300, 0, 6, len(UNITS))
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

    assert (again.created, again.updated, again.skipped, again.units_created) == (0, 300, 6, 0)
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
    # formulas, read as typed: a person “=UPPER("lê thị cúc")” in a unit “=B83” went in (decision 0303)
    sheet.insert(3 + 80, [None, "=B83", '=UPPER("lê thị cúc")', "", "0912999999", ""])  # sheet row 84
    path = write_xlsx(tmp_path / "danh_sach.xlsx", sheet)

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.skipped) == (301, 2)
    assert report.errors == [
        RowError(54, "Dòng 54: họ và tên dài 201 ký tự (tối đa 200)"),
        RowError(
            84,
            "Dòng 84: ô họ và tên và ô đơn vị là công thức, không phải chữ; hãy chọn các ô ấy, Sao chép rồi "
            "Dán đặc biệt → Giá trị (Paste Values), rồi nhập lại",
        ),
    ]
    assert report.warnings == [  # a phone that cannot be read costs the phone, not the person
        RowWarning(
            14,
            'Dòng 14: không đọc được ô số điện thoại "0912-34" (ví dụ đúng: 0912345678) nên đã nhập '
            '"Đinh Văn Sai Số" không kèm số điện thoại; hãy sửa ô này rồi nhập lại, vì không có số thì '
            "người này không nhận được hồ sơ của mình khi tham gia",
        )
    ]
    first = await person_by_name(db, people[0][1])
    assert first.phone == "0912000001"
    assert (await person_by_name(db, "Đinh Văn Sai Số")).phone is None


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

    report = await import_staff(db, org, path, now=NOW)

    expected = {
        "Nguyễn Thị Thu": {("member", "Khoa Nội"), ("treasurer", "Khoa Nội")},
        "Trần Văn Bình": {("member", "Khoa Nội"), ("leader", "Khoa Nội")},
        "Lê Minh Quân": {("member", "Phòng Đào tạo"), ("officer", "Phòng Đào tạo")},
        "Phạm Thị Hạnh": {("member", "Phòng Tổ chức – Hành chính"), ("admin", None)},
        "Vũ Văn Sơn": {("member", "Phòng Đào tạo"), ("leader", "Phòng Đào tạo")},  # "cán bộ" adds nothing
        "Đỗ Thị Mai": {("member", "Phòng Đào tạo")},
    }
    for name, roles in expected.items():
        assert await roles_of(db, await person_by_name(db, name)) == roles, name
    assert report.warnings == []  # "cán bộ" is an ordinary colleague: a member, and nothing to warn about


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


async def test_names_written_all_in_capitals_or_small_letters_are_stored_as_papers_write_them(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """An HR clerk's list (a finding from outside): “HOÀNG NGỌC LAN” greeted the person in capitals, “trần
    hữu lan” stood so in the treasurer's queue. Stored as joining stores a name typed so; a name with
    capitals of its own is kept as written."""
    rows = [
        ["Phòng Kế hoạch", "  HOÀNG NGỌC LAN ", "Chuyên viên", "0912000001", ""],
        ["Phòng Kế hoạch", "trần hữu lan", "Chuyên viên", "0912000002", ""],
        ["Phòng Kế hoạch", "NGUYEN VAN BINH", "Chuyên viên", "0912000003", ""],
        ["Phòng Kế hoạch", "Lê Văn MINH", "Chuyên viên", "0912000004", ""],
        ["Thôn 3", "HỘ ÔNG TRẦN VĂN BA", "", "0912000005", "hộ gia đình"],
    ]
    await import_staff(db, org, write_csv(tmp_path / "hr.csv", EN_HEADER, rows), now=NOW)

    async with db() as session:
        names = set(await session.scalars(select(Person.full_name)))
    assert names == {"Hoàng Ngọc Lan", "Trần Hữu Lan", "Nguyen Van Binh", "Lê Văn MINH", "Hộ ông Trần Văn Ba"}
    again = await import_staff(db, org, write_csv(tmp_path / "hr.csv", EN_HEADER, rows), now=NOW)
    assert (again.created, again.changed, again.changes) == (0, 0, [])  # the same list again changes nothing


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


async def test_a_unit_written_with_other_dashes_spaces_or_case_is_one_unit_under_its_first_spelling(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    async with db() as session, session.begin():
        session.add(Unit(org_id=org.id, code="TNV", name="Tổ Ngữ văn – Lịch sử"))
    rows = [
        ["Tổ Toán - Tin", "Nguyễn Văn An", "", "0912000001", ""],
        ["Tổ Toán – Tin", "Trần Văn Bình", "", "0912000002", ""],  # en dash
        ["Tổ Toán-Tin", "Lê Thị Lan", "", "0912000003", ""],
        ["TỔ TOÁN  —  TIN", "Phạm Thị Dung", "", "0912000004", ""],  # em dash, double spaces
        [unicodedata.normalize("NFD", "Tổ toán -Tin"), "Hoàng Văn Nam", "", "0912000005", ""],
        ["Tổ Ngữ Văn - Lịch Sử", "Đỗ Thị Giang", "", "0912000006", ""],
    ]
    report = await import_staff(db, org, write_csv(tmp_path / "to.csv", EN_HEADER, rows), now=NOW)

    assert (report.created, report.units_created, report.errors) == (6, 1, [])
    async with db() as session:
        units = {u.code: u.name for u in await session.scalars(select(Unit))}
    assert units == {"TNV": "Tổ Ngữ văn – Lịch sử", "to-toan-tin": "Tổ Toán - Tin"}
    unit_of = {row[1]: (await person_by_name(db, row[1])).unit_id for row in rows}
    assert len(set(list(unit_of.values())[:5])) == 1
    assert unit_of["Đỗ Thị Giang"] != unit_of["Nguyễn Văn An"]

    # A later list spelling the unit another way adds no unit either.
    later = [["Tổ Toán–Tin", "Vũ Minh Hà", "", "0912000007", ""], ["tổ toán – tin", *rows[0][1:]]]
    again = await import_staff(db, org, write_csv(tmp_path / "to-2.csv", EN_HEADER, later), now=NOW)

    assert (again.created, again.updated, again.units_created) == (1, 1, 0)
    assert await count(db, Unit) == 2
    assert (await person_by_name(db, "Vũ Minh Hà")).unit_id == unit_of["Nguyễn Văn An"]


async def test_units_told_apart_by_d_or_a_tone_stay_two_and_a_name_typed_plain_is_asked_when_it_fits_both(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    async with db() as session, session.begin():
        session.add_all(
            [
                Unit(org_id=org.id, code="to-d", name="Tổ Đ"),
                Unit(org_id=org.id, code="thon-hoa", name="Thôn Hòa"),
                Unit(org_id=org.id, code="lop-10a", name="Lớp 10A"),
            ]
        )
    rows = [
        ["Tổ D", "Nguyễn Văn An", "", "0912000001", ""],
        ["Thôn Hóa", "Trần Văn Bình", "", "0912000002", ""],
        ["THÔN  HOÀ", "Lê Thị Lan", "", "0912000003", ""],  # the tone on the other vowel, capitals
        ["to d", "Phạm Thị Dung", "", "0912000004", ""],  # Tổ Đ or the file's Tổ D?
        ["thon hoa", "Hoàng Văn Nam", "", "0912000005", ""],  # Thôn Hòa or Thôn Hóa?
        ["lop 10a", "Đỗ Thị Giang", "", "0912000006", ""],
        ["Tổ Đ", "Vũ Minh Hà", "", "0912000007", ""],
    ]
    report = await import_staff(db, org, write_csv(tmp_path / "to.csv", EN_HEADER, rows), now=NOW)

    assert (report.created, report.units_created) == (5, 2)
    assert [error.message for error in report.errors] == [
        'Dòng 5: đơn vị "to d" viết không dấu có thể là "Tổ D" hoặc "Tổ Đ"; anh/chị hãy ghi tên đơn vị có '
        'dấu như đã có, ví dụ "Tổ D"',
        'Dòng 6: đơn vị "thon hoa" viết không dấu có thể là "Thôn Hòa" hoặc "Thôn Hóa"; anh/chị hãy ghi tên '
        'đơn vị có dấu như đã có, ví dụ "Thôn Hòa"',
    ]
    async with db() as session:
        units = {u.code: u.name for u in await session.scalars(select(Unit))}
    assert units == {
        "to-d": "Tổ Đ",
        "thon-hoa": "Thôn Hòa",
        "lop-10a": "Lớp 10A",
        "to-d-2": "Tổ D",
        "thon-hoa-2": "Thôn Hóa",
    }
    unit_of = {
        row[1]: units[await unit_code_of(db, row[1])]
        for row in rows
        if row[1] not in ("Phạm Thị Dung", "Hoàng Văn Nam")
    }
    assert unit_of == {
        "Nguyễn Văn An": "Tổ D",
        "Trần Văn Bình": "Thôn Hóa",
        "Lê Thị Lan": "Thôn Hòa",
        "Đỗ Thị Giang": "Lớp 10A",
        "Vũ Minh Hà": "Tổ Đ",
    }
    assert [(unit.name, unit.near) for unit in report.new_units] == [
        ("Tổ D", ("to-d", "Tổ Đ")),  # told: perhaps one unit, with the merge to type if so
        ("Thôn Hóa", ("thon-hoa", "Thôn Hòa")),
    ]

    # A list typed without any accent finds each unit it names alone, and asks about the rest; a new unit the
    # file writes with its tone on either vowel (“Xóm Thuỷ”, “Xóm Thủy”) is one, and “xom thuy” is it.
    plain = [
        ["TO D", "Phạm Thị Dung", "", "0912000004", ""],
        ["Lop 10A", "Hoàng Văn Nam", "", "0912000005", ""],
        ["Xóm Thuỷ", "Bùi Văn Khoa", "", "0912000008", ""],
        ["Xóm Thủy", "Ngô Thị Mai", "", "0912000009", ""],
        ["xom thuy", "Đinh Văn Tú", "", "0912000010", ""],
    ]
    again = await import_staff(db, org, write_csv(tmp_path / "plain.csv", EN_HEADER, plain), now=NOW)

    assert (again.created, again.units_created, len(again.errors)) == (4, 1, 1)
    assert units[await unit_code_of(db, "Hoàng Văn Nam")] == "Lớp 10A"
    assert {await unit_code_of(db, name) for name in ("Bùi Văn Khoa", "Ngô Thị Mai", "Đinh Văn Tú")} == {
        "xom-thuy"
    }

    # A name with marks on some words only, as typed fast on a phone, is the unit it fits but for the words
    # typed bare; one that fits two is asked about, never made a unit of its own beside them (decision 0483).
    # A word of more than a letter typed bare is its word with đ too (“Dong” for “Đồng”), as a name typed
    # without any accent is: only a letter alone keeps D apart from Đ (decision 0510).
    async with db() as session, session.begin():
        session.add(Unit(org_id=org.id, code="thon-dong-tam", name="Thôn Đồng Tâm"))
    partly = [
        ["Thon Hòa", "Hộ bà Lê Thị Năm", "", "", "hộ gia đình"],
        ["Xom Thủy", "Hộ ông Lò Văn Sáu", "", "", "hộ gia đình"],
        ["thôn Hoa", "Hộ ông Hà Văn Bảy", "", "", "hộ gia đình"],
        ["Tổ D", "Hộ ông Vi Văn Tám", "", "", "hộ gia đình"],  # D a letter of its own: Tổ D, as before
        ["Thôn Dong Tâm", "Hộ ông Lục Văn Mười", "", "", "hộ gia đình"],
    ]
    third = await import_staff(db, org, write_csv(tmp_path / "partly.csv", EN_HEADER, partly), now=NOW)

    assert (third.created, third.units_created) == (4, 0)
    assert [error.message for error in third.errors] == [
        'Dòng 4: đơn vị "thôn Hoa" viết thiếu dấu có thể là "Thôn Hòa" hoặc "Thôn Hóa"; anh/chị hãy ghi tên '
        'đơn vị có dấu như đã có, ví dụ "Thôn Hòa"',
    ]
    placed = ("Hộ bà Lê Thị Năm", "Hộ ông Lò Văn Sáu", "Hộ ông Vi Văn Tám", "Hộ ông Lục Văn Mười")
    assert [await unit_code_of(db, name) for name in placed] == [
        "thon-hoa",
        "xom-thuy",
        "to-d-2",
        "thon-dong-tam",
    ]


async def unit_code_of(db: async_sessionmaker[AsyncSession], name: str) -> str:
    async with db() as session:
        person = (await session.scalars(select(Person).where(Person.name_key == fold(name)))).one()
        return (await session.get_one(Unit, person.unit_id)).code


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


async def test_a_row_with_the_phone_of_a_listed_person_of_another_name_is_skipped_and_takes_nothing(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """A phone mistyped in a new row must not hand someone else's record (account, roles) to a stranger; the
    same person with their name written better (accents, case) is still found by the phone."""
    first = write_csv(
        tmp_path / "a.csv",
        EN_HEADER,
        [["Khoa Nội", "Hoàng Văn Nam", "Trưởng khoa", "0912000001", "lãnh đạo"]],
    )
    await import_staff(db, org, first, now=NOW)
    typo = write_csv(
        tmp_path / "b.csv",
        EN_HEADER,
        [["Phòng Kế toán", "Trần Thị Yến", "Kế toán", "0912 000 001", "thủ quỹ"]],
    )

    report = await import_staff(db, org, typo, now=NOW)

    assert (report.created, report.updated) == (0, 0)
    nam = await person_by_name(db, "Hoàng Văn Nam")
    assert [error.message for error in report.errors] == [  # whose the phone is, and the three ways out
        f"Dòng 2: số điện thoại 0912000001 đã là của Hoàng Văn Nam (mã số {nam.id}, Khoa Nội) trong danh "
        'sách, nên dòng "Trần Thị Yến" (Kế toán) không được nhập. Nếu số gõ nhầm, hãy sửa số điện thoại '
        'của dòng này; nếu dòng này đúng là Hoàng Văn Nam, hãy ghi tên "Hoàng Văn Nam" như danh sách đã '
        f'có; nếu là cùng người đổi tên: chungtay people rename {nam.id} "Trần Thị Yến". Rồi nhập lại'
    ]
    assert (nam.full_name, nam.position) == ("Hoàng Văn Nam", "Trưởng khoa")
    assert await roles_of(db, nam) == {("member", "Khoa Nội"), ("leader", "Khoa Nội")}

    better = write_csv(
        tmp_path / "c.csv",
        EN_HEADER,
        [["Khoa Nội", "HOÀNG VĂN NAM", "Trưởng khoa", "0912000001", "lãnh đạo"]],
    )
    assert (await import_staff(db, org, better, now=NOW)).updated == 1


async def test_one_person_written_again_under_a_second_unit_is_said_to_be_one_person_not_two_on_one_phone(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """A teacher who also works for a second unit, written on a second row with her phone: the clerk reads
    that a person is one row of one unit, and how she gets a role there, not “one number per person”."""
    path = write_csv(
        tmp_path / "a.csv",
        EN_HEADER,
        [
            ["Tổ Toán", "Nguyễn Thị Hoa", "Giáo viên", "0912345678", ""],
            ["Tổ Văn", "Nguyen Thi Hoa", "Giáo viên", "0912 345 678", "thủ quỹ"],
            ["Tổ Văn", "Lê Văn Nam", "Giáo viên", "0912345678", ""],
        ],
    )

    report = await import_staff(db, org, path, now=NOW)

    assert report.created == 1
    assert [error.message for error in report.errors] == [
        'Dòng 3: "Nguyen Thi Hoa" (Giáo viên) đã có ở dòng 2 (đơn vị "Tổ Toán") với cùng số điện thoại '
        "0912345678; mỗi người chỉ có một dòng, ở một đơn vị, nên dòng này không được nhập. Nếu người này "
        'làm thêm việc ở đơn vị "Tổ Văn", hãy cấp vai trò ở đó sau khi nhập (Phân quyền trong chat)',
        "Dòng 4: số điện thoại 0912345678 trùng với dòng 2 (mỗi người một số)",
    ]
    hoa = await person_by_name(db, "Nguyễn Thị Hoa")
    assert await roles_of(db, hoa) == {("member", "Tổ Toán")}


async def phones(db: async_sessionmaker[AsyncSession]) -> dict[str, str | None]:
    async with db() as session:
        return {p.full_name: p.phone for p in await session.scalars(select(Person))}


async def test_phone_cells_written_every_way_are_read_and_an_unreadable_one_costs_the_phone_not_the_person(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    typed = {
        "Nguyễn Văn An": "0905 123 456 (Zalo)",
        "Trần Văn Bình": "0905123457 / 0912345678",
        "Lê Thị Lan": "+84 905 123 458",
        "Phạm Thị Dung": "84905123459",
        "Hoàng Văn Nam": "905123460",  # Excel ate the leading 0
        "Đỗ Thị Giang": "905123461.0",  # a number cell saved as text
        "Vũ Minh Hà": "DĐ: 0905.123.462 hoặc 12",
        "Bùi Thu Hương": "0905 12 (Zalo)",
        "Phan Ngọc Mai": "không có",
        "Đinh Văn Khải": "024 3825 1234 / 0905 123 463",  # the office's desk phone beside the mobile
        "Lý Thị Nga": "0905 123 464 / 0243 456 789",  # a desk phone written the old way
    }
    rows = [["Khoa Nội", name, "", phone, ""] for name, phone in typed.items()]
    path = write_csv(tmp_path / "dt.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.skipped, report.errors) == (11, 0, [])
    assert await phones(db) == {
        "Nguyễn Văn An": "0905123456",
        "Trần Văn Bình": "0905123457",
        "Lê Thị Lan": "0905123458",
        "Phạm Thị Dung": "0905123459",
        "Hoàng Văn Nam": "0905123460",
        "Đỗ Thị Giang": "0905123461",
        "Vũ Minh Hà": "0905123462",
        "Bùi Thu Hương": None,
        "Phan Ngọc Mai": None,
        "Đinh Văn Khải": "0905123463",
        "Lý Thị Nga": "0905123464",
    }
    assert [warning.message for warning in report.warnings] == [
        'Dòng 3: ô số điện thoại "0905123457 / 0912345678" có 2 số; đã ghi 0905123457, không ghi 0912345678',
        'Dòng 8: ô số điện thoại "DĐ: 0905.123.462 hoặc 12" có phần không đọc được; đã ghi 0905123462',
        'Dòng 9: không đọc được ô số điện thoại "0905 12 (Zalo)" (ví dụ đúng: 0912345678) nên đã nhập '
        '"Bùi Thu Hương" không kèm số điện thoại; hãy sửa ô này rồi nhập lại, vì không có số thì người này '
        "không nhận được hồ sơ của mình khi tham gia",
        'Dòng 10: ô số điện thoại "không có" không có số nào nên được coi là để trống',
    ]


async def test_a_phone_stored_as_a_float_in_xlsx_is_read_with_its_zero(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    sheet = [EN_HEADER, ["Khoa Nội", "Nguyễn Văn An", "", 905123456.0, ""]]
    path = write_xlsx(tmp_path / "float.xlsx", sheet)

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.errors, report.warnings) == (1, [], [])
    assert await phones(db) == {"Nguyễn Văn An": "0905123456"}


async def test_of_several_phones_in_a_cell_the_one_the_listed_person_has_finds_them_again(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "a.csv", EN_HEADER, [["Khoa Nội", "Nguyễn Văn An", "", "0912345678", ""]])
    await import_staff(db, org, first, now=NOW)
    both = write_csv(
        tmp_path / "b.csv", EN_HEADER, [["Khoa Nội", "Nguyễn Văn An", "", "0905123456 / 0912345678", ""]]
    )

    report = await import_staff(db, org, both, now=NOW)

    assert (report.created, report.updated) == (0, 1)
    assert await phones(db) == {"Nguyễn Văn An": "0912345678"}  # the number they may have claimed with
    assert [warning.message for warning in report.warnings] == [
        'Dòng 2: ô số điện thoại "0905123456 / 0912345678" có 2 số; đã ghi 0912345678 (số đã có trong '
        "danh sách), không ghi 0905123456"
    ]


async def test_an_unreadable_phone_is_skipped_when_a_listed_namesake_has_a_phone_the_file_does_not_give(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    first = write_csv(
        tmp_path / "a.csv", EN_HEADER, [["Khoa Nội", "Nguyễn Văn An", "Bác sĩ", "0912345678", ""]]
    )
    await import_staff(db, org, first, now=NOW)
    # A new doctor of the same name whose phone cell is garbled: taken for the first, they would get
    # his record and the treasurer role with it.
    garbled = write_csv(
        tmp_path / "b.csv", EN_HEADER, [["Khoa Nội", "Nguyễn Văn An", "Bác sĩ", "0905 12 (Zalo)", "thủ quỹ"]]
    )

    report = await import_staff(db, org, garbled, now=NOW)

    assert (report.created, report.updated, report.skipped, report.warnings) == (0, 0, 1, [])
    assert [error.message for error in report.errors] == [
        'Dòng 2: không đọc được ô số điện thoại "0905 12 (Zalo)", mà đơn vị "Khoa Nội" đã có "Nguyễn Văn An" '
        "(Bác sĩ) với một số điện thoại khác trong danh sách; không rõ có phải cùng một người nên dòng này "
        "chưa được nhập; hãy sửa ô số điện thoại (ví dụ đúng: 0912345678)"
    ]
    an = await person_by_name(db, "Nguyễn Văn An")
    assert await roles_of(db, an) == {("member", "Khoa Nội")}

    # Beside a row giving that phone, the garbled row is the other namesake, on the first run and the next.
    both = write_csv(
        tmp_path / "c.csv",
        EN_HEADER,
        [
            ["Khoa Nội", "Nguyễn Văn An", "Bác sĩ", "0912345678", ""],
            ["Khoa Nội", "Nguyễn Văn An", "Bác sĩ", "0905 12 (Zalo)", ""],
        ],
    )
    once = await import_staff(db, org, both, now=NOW)
    twice = await import_staff(db, org, both, now=NOW)

    assert (once.created, once.updated, once.skipped) == (1, 1, 0)
    assert (twice.created, twice.updated, twice.skipped) == (0, 2, 0)
    assert await count(db, Person) == 2


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


async def test_rows_without_a_phone_are_told_apart_by_unit_name_and_position_and_a_repeat_is_skipped(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    rows = [
        ["Khoa Nội", "Nguyễn Văn An", "Bác sĩ", "", ""],
        ["Khoa Ngoại", "Nguyễn Văn An", "Bác sĩ", "", ""],  # another unit: another person
        ["Khoa Nội", "Nguyễn Văn An", "Điều dưỡng", "", ""],  # another position: another person
        ["khoa noi", "Nguyen Van An", "bác sĩ", "", ""],  # the first row again
        # two households of a hamlet whose heads share a name, neither with a phone: the hamlet's officer is
        # asked for what tells them apart, not for the phones they have not got
        ["Thôn Hòa", "Hộ ông Nguyễn Văn Ba", "", "", "hộ gia đình"],
        ["Thôn Hòa", "Hộ ông Nguyễn Văn Ba", "", "", "hộ gia đình"],
        ["thon hoa", "Ho ong Nguyen Van Ba", "", "", "hộ gia đình"],
    ]
    path = write_csv(tmp_path / "namesakes.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)
    again = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.skipped) == (4, 2)
    hint = (
        "nếu là hai hộ khác nhau, anh/chị hãy ghi vào cột Chức vụ điểm phân biệt hai hộ, "
        'ví dụ "Tổ 2" hay "Xóm Trên" (hoặc số điện thoại của hộ, nếu có)'
    )
    assert [warning.message for warning in report.warnings] == [f"Dòng 7 lặp lại dòng 6: đã bỏ qua; {hint}"]
    assert report.errors == [
        RowError(
            5,
            'Dòng 5: "Nguyen Van An" (bác sĩ) ở đơn vị "Khoa Nội" trùng với dòng 2; '
            "nếu là hai người khác nhau, anh/chị hãy ghi số điện thoại cho cả hai",
        ),
        RowError(8, f'Dòng 8: "Ho ong Nguyen Van Ba" ở đơn vị "Thôn Hòa" trùng với dòng 6; {hint}'),
    ]
    assert (again.created, again.updated, again.errors) == (0, 4, report.errors)
    assert await count(db, Person) == 4


async def test_a_name_written_again_without_its_accents_or_phone_is_skipped_not_made_a_second_person(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """A December list where HR pasted a colleague twice, once as typed with her phone and once bare, either
    way round: one person, the row with the phone kept whichever comes first, as every later import finds."""
    unit = "Phòng Kế hoạch - Tài chính"
    rows = [
        [unit, "Phạm Thu Hằng", "Chuyên viên", "0987654323", ""],
        [unit, "Pham Thu Hang", "Chuyên viên", "", ""],
        [unit, "Vu Minh Son", "Chuyên viên", "", ""],
        [unit, "Vũ Minh Sơn", "Chuyên viên", "0987654324", ""],
    ]
    path = write_csv(tmp_path / "twice.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)
    again = await import_staff(db, org, path, now=NOW)

    hint = "nếu là hai người khác nhau, anh/chị hãy ghi số điện thoại cho cả hai"
    assert report.errors == [
        RowError(3, f'Dòng 3: "Pham Thu Hang" (Chuyên viên) ở đơn vị "{unit}" trùng với dòng 2, dòng có số '
                 f"điện thoại; {hint}"),
        RowError(4, f'Dòng 4: "Vu Minh Son" (Chuyên viên) ở đơn vị "{unit}" trùng với dòng 5, dòng có số '
                 f"điện thoại; {hint}"),
    ]  # fmt: skip
    assert (report.created, again.created, again.errors) == (2, 0, report.errors)
    async with db() as session:
        kept = (await session.execute(select(Person.full_name, Person.phone).order_by(Person.id))).all()
    assert kept == [("Phạm Thu Hằng", "0987654323"), ("Vũ Minh Sơn", "0987654324")]


async def test_a_namesake_listed_without_a_phone_keeps_her_record_when_a_new_colleague_of_her_name_comes(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """March listed “Phạm Thu Hằng” without a phone; December lists her again, bare, under a new colleague of
    the same name and position with her phone. The bare row was skipped as the new one's repeat, and the new
    colleague's phone went to the first Hằng's record (“thêm số điện thoại”): two people made one, whose
    record the newcomer's phone would claim. The list's record keeps its person; the newcomer is added
    (decision 1762)."""
    unit = "Phòng Kế hoạch - Tài chính"
    march = write_csv(tmp_path / "march.csv", EN_HEADER, [[unit, "Phạm Thu Hằng", "Chuyên viên", "", ""]])
    await import_staff(db, org, march, now=NOW)
    rows = [
        [unit, "Phạm Thu Hằng", "Chuyên viên", "0987654323", ""],
        [unit, "Phạm Thu Hằng", "Chuyên viên", "", ""],
    ]
    december = write_csv(tmp_path / "december.csv", EN_HEADER, rows)

    report = await import_staff(db, org, december, now=NOW)

    assert (report.created, report.errors, report.changes) == (1, [], []), report
    async with db() as session:
        kept = (await session.execute(select(Person.full_name, Person.phone).order_by(Person.id))).all()
    assert kept == [("Phạm Thu Hằng", None), ("Phạm Thu Hằng", "0987654323")]


async def test_a_name_written_again_bare_without_its_position_is_the_lists_repeat_of_her_row_with_a_phone(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """“Pham Thu Hang” pasted again with no phone and no position under “Phạm Thu Hằng (Chuyên viên)” with her
    phone was made a second person. Where the file has no other row of her unit and name and no listed
    person of them waits unfound, it is the repeat, said as 1748 says it; beside a listed namesake without a
    phone, or two rows of her name, it is still read as before (decisions 1762, 1848)."""
    unit = "Phòng Kế hoạch - Tài chính"
    march = write_csv(tmp_path / "march.csv", EN_HEADER, [[unit, "Trần Văn Nam", "Kế toán", "", ""]])
    await import_staff(db, org, march, now=NOW)
    rows = [
        [unit, "Phạm Thu Hằng", "Chuyên viên", "0987654323", ""],
        [unit, "Pham Thu Hang", "", "", ""],
        [unit, "Trần Văn Nam", "Kế toán", "0987654324", ""],
        [unit, "Tran Van Nam", "", "", ""],  # may be March's Nam, whom the phone's row does not find
        [unit, "Lê Văn Hải", "Chuyên viên", "0987654325", ""],
        [unit, "Lê Văn Hải", "Phó trưởng phòng", "", ""],
        [unit, "Le Van Hai", "", "", ""],  # two rows of his name: which one it repeats is not guessed
    ]
    path = write_csv(tmp_path / "december.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    assert report.errors == [
        RowError(3, f'Dòng 3: "Pham Thu Hang" ở đơn vị "{unit}" trùng với dòng 2, dòng có số điện thoại; '
                    "nếu là hai người khác nhau, anh/chị hãy ghi số điện thoại cho cả hai"),
    ]  # fmt: skip
    async with db() as session:
        names = (await session.scalars(select(Person.full_name).order_by(Person.id))).all()
    assert sorted(names) == sorted(
        ["Trần Văn Nam", "Phạm Thu Hằng", "Tran Van Nam", "Lê Văn Hải", "Lê Văn Hải", "Le Van Hai"]
    )


async def test_a_phone_read_aloud_in_words_is_said_back_in_figures_and_one_spaced_or_with_84_is_read(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """A phone written as it is said (“không chín một hai…”) was a name in the name cell and “không có số
    nào” in the phone cell; figures with spaces, dots or +84 were and are read as the phone (decision
    1851)."""
    unit = "Văn phòng Sở"
    rows = [
        [unit, "Lê Văn An", "Chuyên viên", "0912 345 678", ""],
        [unit, "Lê Văn Bình", "Chuyên viên", "0912.345.679", ""],
        [unit, "Lê Văn Cường", "Chuyên viên", "+84 912 345 680", ""],
        [unit, "Lê Văn Dũng", "Chuyên viên", "không chín một hai ba bốn năm sáu tám một", ""],
        [unit, "Đỗ Văn Tùng không chín không năm ba ba ba bốn bốn bốn", "Chuyên viên", "", ""],
        [unit, "khong chin mot hai 345 683", "Chuyên viên", "", ""],
        [unit, "Trần Văn Hai Năm Sáu", "Chuyên viên", "0912345684", ""],  # words of a name, not a phone
    ]
    path = write_csv(tmp_path / "words.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    assert report.errors == [
        RowError(6, "Dòng 6: ô họ và tên ghi “Đỗ Văn Tùng không chín không năm ba ba ba bốn bốn bốn”, có cả "
                    "số điện thoại “không chín không năm ba ba ba bốn bốn bốn” viết bằng chữ: anh/chị ghi số "
                    "ấy bằng chữ số ở cột số điện thoại (0905333444), ô họ và tên chỉ ghi họ tên (ví dụ "
                    "đúng: Nguyễn Văn An), rồi nhập lại"),
        RowError(7, "Dòng 7: ô họ và tên ghi “Khong Chin Mot Hai 345 683”, là số điện thoại viết bằng chữ: "
                    "anh/chị ghi số ấy bằng chữ số ở cột số điện thoại (0912345683), ô họ và tên chỉ ghi họ "
                    "tên (ví dụ đúng: Nguyễn Văn An), rồi nhập lại"),
    ]  # fmt: skip
    assert [warning.message for warning in report.warnings if warning.row == 5] == [
        'Dòng 5: ô số điện thoại "không chín một hai ba bốn năm sáu tám một" ghi số bằng chữ nên đã nhập '
        '"Lê Văn Dũng" (Chuyên viên) không kèm số điện thoại; anh/chị ghi số bằng chữ số (0912345681) rồi '
        "nhập lại, vì không có số thì người này không nhận được hồ sơ của mình khi tham gia"
    ]
    async with db() as session:
        kept = dict((await session.execute(select(Person.full_name, Person.phone))).all())
    assert kept == {
        "Lê Văn An": "0912345678",
        "Lê Văn Bình": "0912345679",
        "Lê Văn Cường": "0912345680",
        "Lê Văn Dũng": None,
        "Trần Văn Hai Năm Sáu": "0912345684",
    }


async def test_a_phone_read_aloud_in_tens_is_said_back_in_figures_and_never_taken(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """A phone said as people say it, in tens (“không chín mười hai…”, “… chín mươi mốt …”, “bốn mươi tư”),
    was cut at the tens' word: the phone cell read “không có số nào”, the name cell kept the words in the
    name. Now the tens are read and the figures said back, the phone still not taken (decision 1903)."""
    unit = "Văn phòng Sở"
    rows = [
        [unit, "Lê Văn Em", "Chuyên viên", "không chín mười hai, ba bốn năm, sáu bẩy tám", ""],  # bẩy: bảy
        [unit, "Lê Văn Giang", "Chuyên viên", "không chín tám, chín mươi mốt, hai ba bốn, năm mươi lăm", ""],
        [unit, "Đỗ Văn Tú không chín không năm ba mươi ba bốn mươi bốn bốn mươi tư", "Chuyên viên", "", ""],
        [unit, "Nguyễn Văn Mười", "Chuyên viên", "0912345686", ""],  # a name, not a phone
    ]
    path = write_csv(tmp_path / "tens.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    tu = "không chín không năm ba mươi ba bốn mươi bốn bốn mươi tư"
    assert report.errors == [
        RowError(4, f"Dòng 4: ô họ và tên ghi “Đỗ Văn Tú {tu}”, có cả số điện thoại “{tu}” viết bằng chữ: "
                    "anh/chị ghi số ấy bằng chữ số ở cột số điện thoại (0905334444), ô họ và tên chỉ ghi họ "
                    "tên (ví dụ đúng: Nguyễn Văn An), rồi nhập lại"),
    ]  # fmt: skip
    said = [warning.message for warning in report.warnings if warning.row in (2, 3)]
    tail = "vì không có số thì người này không nhận được hồ sơ của mình khi tham gia"
    assert said == [
        'Dòng 2: ô số điện thoại "không chín mười hai, ba bốn năm, sáu bẩy tám" ghi số bằng chữ nên đã '
        'nhập "Lê Văn Em" (Chuyên viên) không kèm số điện thoại; anh/chị ghi số bằng chữ số (0912345678) '
        f"rồi nhập lại, {tail}",
        'Dòng 3: ô số điện thoại "không chín tám, chín mươi mốt, hai ba bốn, năm mươi lăm" ghi số bằng chữ '
        'nên đã nhập "Lê Văn Giang" (Chuyên viên) không kèm số điện thoại; anh/chị ghi số bằng chữ số '
        f"(0989123455) rồi nhập lại, {tail}",
    ], said
    async with db() as session:
        kept = dict((await session.execute(select(Person.full_name, Person.phone))).all())
    assert kept == {"Lê Văn Em": None, "Lê Văn Giang": None, "Nguyễn Văn Mười": "0912345686"}


async def test_a_phone_read_aloud_in_hundreds_with_le_and_linh_is_said_back_in_figures_and_never_taken(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """A phone said in hundreds (“không chín trăm mười hai…”), with “lẻ” and “linh” (“ba trăm lẻ sáu”, “một
    trăm linh một”), was cut at “trăm”: the phone cell read “không có số nào”, the name cell kept the words in
    the name. Now they are read as said and the figures said back, the phone still not taken; “Linh” and
    “Trâm” stay names (decision 1963). A lone digit after “trăm” is its tens, as said: “hai trăm tư” is 240,
    where it read 2004 (decision 2060)."""
    unit = "Văn phòng Sở"
    hundreds = "không chín trăm mười hai, ba trăm bốn mươi lăm, sáu trăm bảy mươi tám"
    linh = "không chín tám tám, một trăm linh một, hai trăm hai mươi hai"
    rows = [
        [unit, "Lê Văn Em", "Chuyên viên", hundreds, ""],
        [unit, "Lê Văn Giang", "Chuyên viên", "không chín không năm, ba trăm lẻ sáu, hai trăm tư", ""],
        [unit, f"Lê Thị Linh {linh}", "Chuyên viên", "", ""],
        [unit, "Trần Thị Trâm", "Chuyên viên", "0912345687", ""],  # names, not a phone
        [unit, "Phạm Văn Hai Linh", "Chuyên viên", "0912345688", ""],
    ]  # fmt: skip
    path = write_csv(tmp_path / "hundreds.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    assert report.errors == [
        RowError(4, f"Dòng 4: ô họ và tên ghi “Lê Thị Linh {linh}”, có cả số điện thoại “{linh}” viết bằng "
                    "chữ: anh/chị ghi số ấy bằng chữ số ở cột số điện thoại (0988101222), ô họ và tên chỉ "
                    "ghi họ tên (ví dụ đúng: Nguyễn Văn An), rồi nhập lại"),
    ]  # fmt: skip
    said = [warning.message for warning in report.warnings if warning.row in (2, 3)]
    tail = "vì không có số thì người này không nhận được hồ sơ của mình khi tham gia"
    assert said == [
        f'Dòng 2: ô số điện thoại "{hundreds}" ghi '
        'số bằng chữ nên đã nhập "Lê Văn Em" (Chuyên viên) không kèm số điện thoại; anh/chị ghi số bằng chữ '
        f"số (0912345678) rồi nhập lại, {tail}",
        'Dòng 3: ô số điện thoại "không chín không năm, ba trăm lẻ sáu, hai trăm tư" ghi số bằng chữ '
        'nên đã nhập "Lê Văn Giang" (Chuyên viên) không kèm số điện thoại; anh/chị ghi số bằng chữ số '
        f"(0905306240) rồi nhập lại, {tail}",
    ], said
    async with db() as session:
        kept = dict((await session.execute(select(Person.full_name, Person.phone))).all())
    assert kept == {
        "Lê Văn Em": None,
        "Lê Văn Giang": None,
        "Trần Thị Trâm": "0912345687",
        "Phạm Văn Hai Linh": "0912345688",
    }


async def test_a_phone_written_in_the_name_cell_is_said_and_the_row_waits_for_it_in_its_column(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    rows = [
        ["Văn phòng Sở", "Đỗ Văn Tùng 0905333444", "Chuyên viên", "", ""],
        ["Văn phòng Sở", "Lê Thị Hoa - ĐT: 0905.333.445", "Chuyên viên", "0905333445", ""],
        ["Văn phòng Sở", "Nguyễn Văn An (1980)", "Chuyên viên", "0905333446", ""],  # a year is no phone
        ["Văn phòng Sở", "0905 111 222", "Chuyên viên", "", ""],  # the phone alone, a column to the left
    ]
    path = write_csv(tmp_path / "phones.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    assert report.errors == [
        RowError(2, "Dòng 2: ô họ và tên ghi “Đỗ Văn Tùng 0905333444”, có cả số điện thoại 0905333444: "
                    "anh/chị ghi số ấy ở cột số điện thoại, ô họ và tên chỉ ghi họ tên (ví dụ đúng: "
                    "Nguyễn Văn An), rồi nhập lại"),
        RowError(3, "Dòng 3: ô họ và tên ghi “Lê Thị Hoa - ĐT: 0905.333.445”, có cả số điện thoại "
                    "0905333445: anh/chị ghi số ấy ở cột số điện thoại, ô họ và tên chỉ ghi họ tên (ví dụ "
                    "đúng: Nguyễn Văn An), rồi nhập lại"),
        RowError(5, "Dòng 5: ô họ và tên ghi “0905 111 222”, là số điện thoại 0905111222: anh/chị ghi số ấy "
                    "ở cột số điện thoại, ô họ và tên ghi họ tên (ví dụ đúng: Nguyễn Văn An), rồi nhập lại"),
    ]  # fmt: skip
    assert report.created == 1
    assert (await person_by_name(db, "Nguyễn Văn An (1980)")).phone == "0905333446"


async def test_a_row_without_a_phone_for_namesakes_told_apart_by_phone_is_skipped_asking_for_the_phone(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    twins = [["Khoa Nội", "Nguyễn Văn An", "Bác sĩ", phone, ""] for phone in ("0912000001", "0912000002")]
    await import_staff(db, org, write_csv(tmp_path / "a.csv", EN_HEADER, twins), now=NOW)
    without = write_csv(tmp_path / "b.csv", EN_HEADER, [["Khoa Nội", "Nguyễn Văn An", "Bác sĩ", "", ""]])

    report = await import_staff(db, org, without, now=NOW)

    assert (report.created, report.updated) == (0, 0)
    assert report.errors == [
        RowError(
            2,
            'Dòng 2: đơn vị "Khoa Nội" đã có 2 người "Nguyễn Văn An" (Bác sĩ) trong danh sách; '
            "hãy ghi số điện thoại để biết là ai",
        )
    ]


async def test_records_duplicated_by_an_earlier_import_are_reported_not_guessed_between(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    await import_staff(
        db,
        org,
        write_csv(tmp_path / "a.csv", EN_HEADER, [["Khoa Nội", "Nguyễn Văn An", "", "", ""]]),
        now=NOW,
    )
    async with db() as session, session.begin():  # as two imports racing before the lock left them
        twin = await session.scalar(select(Person))
        session.add(
            Person(
                org_id=org.id,
                unit_id=twin.unit_id,  # type: ignore[union-attr]
                full_name="Nguyễn Văn An",
                name_key=fold("Nguyễn Văn An"),
                listed=True,
                kind="staff",
                created_at=NOW,
            )
        )
    path = write_csv(tmp_path / "b.csv", EN_HEADER, [["Khoa Nội", "Nguyễn Văn An", "", "0912000001", ""]])

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.updated, report.skipped) == (0, 0, 1)
    assert report.errors[0].message.endswith("không biết dòng này là ai; cần bỏ bớt các hồ sơ trùng trước")
    assert await count(db, Person) == 2


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
    assert (report.created, report.skipped) == (2, 0)
    assert [w.row for w in report.warnings] == [5]  # the phone "999" cannot be read


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

    assert [w.row for w in report.warnings] == [4]  # the phone "0912" cannot be read
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


# ---------------------------------------------------------------------------------------------------------
# The old Excel format (.xls): read as an .xlsx is


# A commune's list as its register exports it: title rows, a column the import does not read (birthdays, as
# dates), phones typed as numbers (the leading 0 dropped, one with the country code, a landline), households
# marked in the "Loại" column.
COMMUNE_SHEET: list[list[object]] = [
    ["DANH SÁCH CÁN BỘ VÀ HỘ GIA ĐÌNH XÃ THẠCH HẠ"],
    ["(Kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/2026)"],
    [],
    ["STT", "Đơn vị", "Họ và tên", "Ngày sinh", "Chức vụ", "Số điện thoại", "Vai trò", "Loại"],
    [1, "Ủy ban xã", "Nguyễn Văn Tư", datetime(1975, 3, 2), "Chủ tịch xã", 912000001, "lãnh đạo", "cán bộ"],
    [2, "Ủy ban xã", "Phạm Thị Tám", datetime(1990, 11, 30), "Kế toán", 912000006, "thủ quỹ", None],
    [3, "Thôn 3", "Lê Văn Hải", datetime(1968, 7, 15), "Trưởng thôn", "0912 000 003", "trưởng thôn, officer"],
    [4, "Thôn 3", "Hộ ông Trần Văn Ba", None, None, 912000002, None, "Hộ gia đình"],
    [5, "Thôn 3", "Hộ bà Lê Thị Năm", None, None, None, None, "hộ nghèo"],
    [6, "Thôn 3", "Hộ ông Vũ Văn Bảy", None, None, 84912000005, "thủ quỹ", "HỘ"],
    [7, "Thôn 3", "Hộ ông Đinh Văn Sáu", None, None, 912000, None, "hộ"],
    [8, "Thôn 4", "Hộ ông Lý Văn Mười", None, None, None, "hộ gia đình", "cán bộ"],
    [9, "Tổ dân phố 1", "Hoàng Văn Chín", datetime(2001, 1, 1), None, 2393851234, None, None],
    ["Tổng cộng: 9"],
]  # fmt: skip


async def org_rows(db: async_sessionmaker[AsyncSession], org: Organisation) -> dict[str, list[object]]:
    """What an import left in one organisation, without ids: its units, people and roles."""
    async with db() as session:
        units = await session.execute(select(Unit.code, Unit.name, Unit.block).where(Unit.org_id == org.id))
        people = await session.execute(
            select(Unit.name, Person.full_name, Person.name_key, Person.position, Person.phone, Person.kind)
            .join(Unit, Unit.id == Person.unit_id)
            .where(Person.org_id == org.id, Person.listed)
        )
        roles = await session.execute(
            select(Person.full_name, RoleAssignment.role, Unit.name)
            .join(Person, Person.id == RoleAssignment.person_id)
            .outerjoin(Unit, Unit.id == RoleAssignment.unit_id)
            .where(RoleAssignment.org_id == org.id)
        )
        return {"units": sorted(units.all()), "people": sorted(people.all()), "roles": sorted(roles.all())}


async def test_an_xls_list_imports_the_same_people_units_and_roles_as_the_same_list_in_xlsx(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    async with db() as session, session.begin():
        twin = Organisation(code="xa-thach-ha", name="UBND xã Thạch Hạ", created_at=NOW)
        session.add(twin)
    xlsx = write_xlsx(tmp_path / "danh-sach.xlsx", COMMUNE_SHEET)
    xls = write_xls(tmp_path / "danh-sach.xls", COMMUNE_SHEET)

    from_xlsx = await import_staff(db, org, xlsx, now=NOW)
    from_xls = await import_staff(db, twin, xls, now=NOW)

    rows = await org_rows(db, twin)
    assert rows == await org_rows(db, org)
    assert [(name, role, unit) for name, role, unit in rows["roles"] if role != "member"] == [
        ("Lê Văn Hải", "leader", "Thôn 3"),
        ("Lê Văn Hải", "officer", "Thôn 3"),
        ("Nguyễn Văn Tư", "leader", "Ủy ban xã"),
        ("Phạm Thị Tám", "treasurer", "Ủy ban xã"),
    ]
    counts = ("created", "updated", "skipped", "units_created", "errors", "leaders")
    assert [getattr(from_xls, name) for name in counts] == [getattr(from_xlsx, name) for name in counts]
    assert [w.message.replace(" --org xa-thach-ha", "") for w in from_xls.warnings] == [
        w.message.replace(f" --org {org.code}", "") for w in from_xlsx.warnings
    ]  # the same, but for the organisation a command printed names
    assert [(h.row, h.full_name, h.position) for h in from_xls.heads] == [(5, "Nguyễn Văn Tư", "Chủ tịch xã")]
    assert (from_xls.created, from_xls.skipped, from_xls.units_created) == (8, 1, 3)
    assert from_xls.errors == [
        RowError(
            12,
            'Dòng 12: cột "Loại" ghi "cán bộ" nhưng cột "Vai trò" ghi hộ gia đình; hãy sửa một trong hai',
        )
    ]
    assert [warning.row for warning in from_xls.warnings] == [10, 10, 11]  # role, its invite; phone
    async with db() as session:
        people = {
            p.full_name: (p.phone, p.kind)
            for p in await session.scalars(select(Person).where(Person.org_id == twin.id))
        }
    assert people == {  # phones typed as numbers (912000001.0 in the file) read with their leading 0
        "Nguyễn Văn Tư": ("0912000001", "staff"),
        "Phạm Thị Tám": ("0912000006", "staff"),
        "Lê Văn Hải": ("0912000003", "staff"),
        "Hộ ông Trần Văn Ba": ("0912000002", "household"),
        "Hộ bà Lê Thị Năm": (None, "household"),
        "Hộ ông Vũ Văn Bảy": ("0912000005", "household"),
        "Hộ ông Đinh Văn Sáu": (None, "household"),
        "Hoàng Văn Chín": ("02393851234", "staff"),
    }

    again = await import_staff(db, twin, xls, now=NOW)
    assert (again.created, again.updated, again.skipped) == (0, 8, 1)


async def test_a_workbook_is_read_as_its_first_bytes_say_whatever_its_name(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    rows = [EN_HEADER, ["Khoa Nội", "Nguyễn Văn An", "", 905123456, ""]]
    old_called_new = write_xls(tmp_path / "cu.xlsx", rows)
    new_called_old = write_xlsx(
        tmp_path / "moi.xls", [*rows, ["Khoa Nội", "Trần Văn Bình", "", 905123457, ""]]
    )

    first = await import_staff(db, org, old_called_new, now=NOW)
    second = await import_staff(db, org, new_called_old, now=NOW)

    assert (first.created, second.created, second.updated) == (1, 1, 1)
    assert await phones(db) == {"Nguyễn Văn An": "0905123456", "Trần Văn Bình": "0905123457"}


@pytest.mark.parametrize("broken", ["cut-short", "signature-only", "web-page"])
async def test_a_broken_xls_is_refused_with_what_to_do_and_writes_nothing(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path, broken: str
) -> None:
    path = tmp_path / "danh-sach.xls"
    if broken == "cut-short":  # a real list, its download cut off
        whole = write_xls(tmp_path / "whole.xls", COMMUNE_SHEET).read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    elif broken == "signature-only":
        path.write_bytes(OLE2_SIGNATURE + b"\x00" * 100)
    else:  # software that exports a web page and calls it .xls
        path.write_bytes("<html><table><tr><td>Đơn vị</td><td>Họ và tên</td></tr></table></html>".encode())

    with pytest.raises(StaffFileError) as refused:
        await import_staff(db, org, path, now=NOW)

    message = str(refused.value)
    assert message.startswith('Không đọc được tệp Excel "danh-sach.xls" (')
    assert message.endswith(
        'Hãy mở tệp bằng Excel, chọn Lưu thành → "Excel Workbook (.xlsx)" rồi nhập lại tệp vừa lưu.'
    )
    assert (await count(db, Person), await count(db, Unit), await count(db, AuditLog)) == (0, 0, 0)


async def test_org_import_of_an_xls_prints_the_report_and_a_file_of_another_kind_is_refused_naming_the_kinds(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    path = write_xls(
        tmp_path / "ds.xls",
        [["DANH SÁCH CÁN BỘ"], VI_HEADER, [1, "Khoa Nội", "Nguyễn Văn An", "", 912000001, ""]],
    )

    out = ok(cli("org", "import", str(path)))

    assert out == "Đã thêm 1 người; bỏ qua 0 dòng; 1 đơn vị mới.\n"
    assert query(db_path, "SELECT full_name, phone FROM person") == [("Nguyễn Văn An", "0912000001")]

    other = tmp_path / "ds.ods"
    other.write_bytes(b"PK\x03\x04")
    refused = cli("org", "import", str(other))

    assert refused.returncode != 0
    assert refused.stderr == (
        'chungtay: Tệp "ds.ods" không phải .xlsx, .xls hoặc .csv. Hãy lưu danh sách thành tệp Excel (.xlsx '
        'hoặc .xls) hoặc "CSV UTF-8", ví dụ danh-sach-2026.xlsx.\n'
    )
    assert query(db_path, "SELECT count(*) FROM person") == [(1,)]


# ---------------------------------------------------------------------------------------------------------
# The role column grants rights: only role names and a few unambiguous synonyms


async def test_words_for_any_employee_such_as_can_bo_import_as_member_without_a_warning(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """Personnel offices write “cán bộ”, “nhân viên” or a job in the role column for an ordinary colleague: a
    list of 300 such rows once gave 300 warnings that the role was not known. They mean member, no more."""
    words = [
        "cán bộ",
        "can bo",
        "Viên chức",
        "nhân viên",
        "Công chức",
        "giáo viên",
        "Bác sĩ",
        "điều dưỡng",
        "CBCNV",
        "cán bộ, viên chức",
    ]
    rows = [["Khoa Nội", f"Người {i:02d}", "", f"09120000{i:02d}", word] for i, word in enumerate(words)]
    rows.append(["Khoa Nội", "Phạm Thị Dung", "", "0912000099", "Giáo viên; thủ quỹ"])
    path = write_csv(tmp_path / "roles.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.skipped, report.warnings) == (len(words) + 1, 0, [])
    for i, word in enumerate(words):
        assert await roles_of(db, await person_by_name(db, f"Người {i:02d}")) == {("member", "Khoa Nội")}, (
            word
        )
    assert await roles_of(db, await person_by_name(db, "Phạm Thị Dung")) == {
        ("member", "Khoa Nội"),
        ("treasurer", "Khoa Nội"),
    }


async def test_a_role_word_not_known_names_the_row_and_what_to_write_and_grants_only_member(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    rows = [
        ["Khoa Nội", "Nguyễn Văn An", "Kế toán", "0912000001", "kế toán"],
        ["Khoa Nội", "Trần Thị Bình", "", "0912000002", "CB công đoàn; thủ quỹ"],
    ]
    path = write_csv(tmp_path / "roles.csv", EN_HEADER, rows)

    report = await import_staff(db, org, path, now=NOW)

    examples = (
        "Ô Vai trò ghi, ví dụ: để trống, “cán bộ”, “nhân viên” hay “giáo viên” (thành viên); “thủ quỹ”; "
        "“cán bộ công đoàn”; “trưởng phòng” hay “lãnh đạo”; “quản trị”; nếu người này cần một vai trò khác, "
        "hãy sửa ô rồi nhập lại"
    )
    assert (report.created, report.skipped) == (2, 0)
    assert report.warnings == [
        RowWarning(
            2,
            f'Dòng 2: không rõ vai trò "kế toán": đã nhập với vai trò thành viên, không cấp gì thêm. '
            f"{examples}",
        ),
        RowWarning(
            3,
            'Dòng 3: không rõ vai trò "CB công đoàn": đã nhập với vai trò thành viên, thủ quỹ, không cấp gì '
            f"thêm. {examples}",
        ),
    ]
    assert await roles_of(db, await person_by_name(db, "Nguyễn Văn An")) == {("member", "Khoa Nội")}
    assert await roles_of(db, await person_by_name(db, "Trần Thị Bình")) == {
        ("member", "Khoa Nội"),
        ("treasurer", "Khoa Nội"),
    }


def test_every_accepted_role_word_is_listed_in_the_admin_guide() -> None:
    guide = fold((ROOT / "docs" / "guide-admin.md").read_text(encoding="utf-8"))
    roles_section = guide[guide.index("**roles.**") :]
    assert [word for word in ROLE_WORDS if f"`{word}`" not in roles_section] == []


async def test_org_import_of_can_bo_rows_exits_0_without_a_warning_and_grants_only_member(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    path = write_csv(
        tmp_path / "ds.csv",
        EN_HEADER,
        [
            ["Khoa Nội", "Nguyễn Văn An", "", "0912000001", "cán bộ"],
            ["Khoa Nội", "Trần Văn Bình", "", "0912000002", "can bo"],
        ],
    )

    out = ok(cli("org", "import", str(path)))

    assert out.splitlines()[0] == "Đã thêm 2 người; bỏ qua 0 dòng; 1 đơn vị mới."
    assert "cảnh báo" not in out and "vai trò" not in out
    assert query(db_path, "SELECT role FROM role_assignment") == [("member",), ("member",)]


async def test_org_import_prints_one_vietnamese_report_for_odd_units_and_phones_and_a_rerun_adds_nothing(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    rows = [
        ["Tổ Toán - Tin", "Nguyễn Văn An", "", "0905 123 456 (Zalo)", ""],
        ["Tổ Toán – Tin", "Trần Văn Bình", "", "0905123457 / 0912345678", ""],
        ["Tổ  Toán-Tin", "Lê Thị Lan", "", "905123458", ""],
        ["Tổ Toán - Tin", "Phạm Thị Dung", "", "0905 12", ""],
    ]

    out = ok(cli("org", "import", str(write_csv(tmp_path / "to.csv", EN_HEADER, rows))))

    assert out == (
        "Đã thêm 4 người; bỏ qua 0 dòng; 1 đơn vị mới.\n"
        "Các dòng đã nhập, có cảnh báo:\n"
        '  Dòng 3: ô số điện thoại "0905123457 / 0912345678" có 2 số; đã ghi 0905123457, không ghi '
        "0912345678\n"
        '  Dòng 5: không đọc được ô số điện thoại "0905 12" (ví dụ đúng: 0912345678) nên đã nhập "Phạm Thị '
        'Dung" không kèm số điện thoại; hãy sửa ô này rồi nhập lại, vì không có số thì người này không nhận '
        "được hồ sơ của mình khi tham gia\n"
    )
    assert query(db_path, "SELECT code, name FROM unit") == [("to-toan-tin", "Tổ Toán - Tin")]
    assert query(db_path, "SELECT full_name, phone FROM person ORDER BY id") == [
        ("Nguyễn Văn An", "0905123456"),
        ("Trần Văn Bình", "0905123457"),
        ("Lê Thị Lan", "0905123458"),
        ("Phạm Thị Dung", None),
    ]

    other_spelling = [["TỔ TOÁN—TIN", *row[1:]] for row in rows[:3]]
    again = ok(cli("org", "import", str(write_csv(tmp_path / "to-2.csv", EN_HEADER, other_spelling))))

    assert (
        again.splitlines()[0]
        == "Đã thêm 0 người; 3 người đã có: 0 thay đổi, 3 như cũ; bỏ qua 0 dòng; 0 đơn vị mới."
    )
    assert query(db_path, "SELECT count(*) FROM unit") == [(1,)]


# ---------------------------------------------------------------------------------------------------------
# Households: marked in the "Loại" column (or by the word in the role cell), never granted a role


HAMLET_HEADER = ["STT", "Đơn vị", "Họ và tên", "Chức vụ", "Số điện thoại", "Vai trò", "Loại"]
HAMLET_ROWS = [
    ["1", "Thôn 3", "Nguyễn Văn Tư", "Trưởng thôn", "0912000001", "cán bộ công đoàn", ""],
    ["2", "Thôn 3", "Hộ ông Trần Văn Ba", "", "0912000002", "", "Hộ gia đình"],
    ["3", "Thôn 3", "Hộ bà Lê Thị Năm", "", "", "", "hộ nghèo"],
    ["4", "Thôn 3", "Hộ ông Đinh Văn Sáu", "", "", "hộ gia đình", ""],  # the word in the role cell
    ["5", "Thôn 3", "Hộ ông Vũ Văn Bảy", "", "0912000005", "thủ quỹ", "HỘ"],
    ["6", "Ủy ban xã", "Phạm Thị Tám", "Văn thư", "0912000006", "", "cán bộ"],
    ["7", "Ủy ban xã", "Hoàng Văn Chín", "", "0912000007", "", "hợp đồng"],
    ["8", "Thôn 3", "Hộ ông Lý Văn Mười", "", "", "hộ gia đình", "cán bộ"],
    ["9", "Thôn 3", "Hộ ông Trương Văn Kiên", "", "", "", "Hộ GĐ"],  # as clerks shorten it
]
HAMLET_KINDS = {
    "Nguyễn Văn Tư": "staff",
    "Hộ ông Trần Văn Ba": "household",
    "Hộ bà Lê Thị Năm": "household",
    "Hộ ông Đinh Văn Sáu": "household",
    "Hộ ông Vũ Văn Bảy": "household",
    "Phạm Thị Tám": "staff",
    "Hoàng Văn Chín": "staff",
    "Hộ ông Trương Văn Kiên": "household",
}


async def kinds(db: async_sessionmaker[AsyncSession]) -> dict[str, str]:
    async with db() as session:
        return {p.full_name: p.kind for p in await session.scalars(select(Person))}


async def test_households_are_marked_by_the_kind_column_stay_households_and_are_granted_no_role(
    any_db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    db = any_db
    org = await new_org(db)
    path = write_xlsx(
        tmp_path / "xa.xlsx", [["DANH SÁCH HỘ GIA ĐÌNH VÀ CÁN BỘ"], HAMLET_HEADER, *HAMLET_ROWS]
    )

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.skipped) == (8, 1)
    assert report.errors == [
        RowError(
            10,
            'Dòng 10: cột "Loại" ghi "cán bộ" nhưng cột "Vai trò" ghi hộ gia đình; hãy sửa một trong hai',
        )
    ]
    assert report.warnings == [
        RowWarning(7, "Dòng 7: hộ gia đình chỉ là thành viên, nên không được cấp vai trò thủ quỹ"),
        RowWarning(  # the way the role goes to its head, in a record of his own (decision 0639)
            7,
            "Dòng 7: Hộ ông Vũ Văn Bảy là hộ gia đình; nếu chủ hộ giữ vai trò thủ quỹ, hãy tạo mã mời cho "
            "người đó: chungtay invite create --unit thon-3 --role treasurer; tham gia bằng mã ấy, người đó "
            "có hồ sơ riêng, hộ vẫn ở trong danh sách",
        ),
        RowWarning(
            9,
            'Dòng 9: không rõ loại "hợp đồng": đã nhập như cán bộ, hoặc giữ loại đã có '
            "(để trống hoặc “cán bộ” cho cán bộ; “hộ gia đình” hoặc “hộ” cho hộ gia đình)",
        ),
    ]
    assert await kinds(db) == HAMLET_KINDS
    for name, kind in HAMLET_KINDS.items():
        if kind == "household":  # a member of the hamlet, nothing more: no officer, no treasurer
            assert await roles_of(db, await person_by_name(db, name)) == {("member", "Thôn 3")}, name
    assert await roles_of(db, await person_by_name(db, "Nguyễn Văn Tư")) == {
        ("member", "Thôn 3"),
        ("officer", "Thôn 3"),
    }

    again = await import_staff(db, org, path, now=NOW)
    assert (again.created, again.updated, again.skipped) == (0, 8, 1)
    assert await kinds(db) == HAMLET_KINDS

    # A later list without the column (or with the cell empty) keeps households households.
    plain = write_csv(
        tmp_path / "xa.csv", EN_HEADER, [[r[1], r[2], r[3], r[4], ""] for r in HAMLET_ROWS if r[0] != "8"]
    )
    third = await import_staff(db, org, plain, now=NOW)
    assert (third.created, third.updated, third.skipped) == (0, 8, 0)
    assert await kinds(db) == HAMLET_KINDS
    assert await count(db, RoleAssignment) == 9  # eight memberships and the officer: nothing more


async def test_a_household_listed_as_staff_by_mistake_is_made_a_household_by_the_next_list(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    row = ["Thôn 3", "Hộ ông Trần Văn Ba", "", "0912000002", ""]
    await import_staff(db, org, write_csv(tmp_path / "a.csv", EN_HEADER, [row]), now=NOW)
    assert await kinds(db) == {"Hộ ông Trần Văn Ba": "staff"}

    fixed = write_csv(tmp_path / "b.csv", [*EN_HEADER, "kind"], [[*row, "household"]])
    report = await import_staff(db, org, fixed, now=NOW)

    assert (report.created, report.updated) == (0, 1)
    assert await kinds(db) == {"Hộ ông Trần Văn Ba": "household"}


def test_every_accepted_kind_word_is_listed_in_the_admin_guide() -> None:
    guide = fold((ROOT / "docs" / "guide-admin.md").read_text(encoding="utf-8"))
    section = guide[guide.index("**households.**") :]
    assert [word for word in KIND_WORDS if f"`{word}`" not in section] == []


# ---------------------------------------------------------------------------------------------------------
# Cells are read as typed


async def test_a_formula_cell_is_never_read_as_its_result_and_a_formula_for_a_name_skips_its_row(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """A formula is its text, never what it computes; in the name or the unit it is no name (decision 0303:
    a person “=HYPERLINK(…)” went in)."""
    link = '=HYPERLINK("http://example.com/x","Nguyễn Văn An")'
    path = write_xlsx(
        tmp_path / "ds.xlsx",
        [
            EN_HEADER,
            ["Khoa Nội", link, "", "0912000002", ""],
            ["Khoa Nội", "Nguyễn Văn An", "=1+1", "0912000001", ""],
            ["Khoa Nội", "Trần Văn Bình", "", "", ""],
        ],
    )

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.skipped) == (2, 1)
    assert "Dòng 2: ô họ và tên là công thức, không phải chữ" in report.errors[0].message
    async with db() as session:
        person = (await session.scalars(select(Person).where(Person.phone == "0912000001"))).one()
    assert (person.full_name, person.position) == ("Nguyễn Văn An", "=1+1")


# ---------------------------------------------------------------------------------------------------------
# People who joined by invite are never merged with the list silently


async def invited_person(
    db: async_sessionmaker[AsyncSession], org: Organisation, name: str, phone: str | None = None
) -> int:
    """Someone who joined with an invite code into "Khoa Nội" (created here if needed)."""
    async with db() as session, session.begin():
        unit = await session.scalar(select(Unit).where(Unit.org_id == org.id, Unit.name == "Khoa Nội"))
        if unit is None:
            unit = Unit(org_id=org.id, code="KNOI", name="Khoa Nội")
            session.add(unit)
            await session.flush()
        person = Person(
            org_id=org.id,
            unit_id=unit.id,
            full_name=name,
            name_key=fold(name),
            phone=phone,
            kind="staff",
            listed=False,
            consent_at=NOW,
            created_at=NOW,
        )
        session.add(person)
        await session.flush()
        return person.id


async def test_someone_who_joined_by_invite_with_the_same_name_is_not_merged_with_the_list(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    invited = await invited_person(db, org, "Nguyễn Văn An")
    path = write_csv(tmp_path / "ds.csv", EN_HEADER, [["Khoa Nội", "Nguyễn Văn An", "", "", "thủ quỹ"]])

    first = await import_staff(db, org, path, now=NOW)
    again = await import_staff(db, org, path, now=NOW)

    assert (first.created, first.updated, again.created, again.updated) == (1, 0, 0, 1)
    async with db() as session:
        people = {p.id: p for p in await session.scalars(select(Person))}
    assert len(people) == 2
    assert people[invited].listed is False
    assert all(p.listed for pid, p in people.items() if pid != invited)
    async with db() as session:
        granted = await session.scalars(
            select(RoleAssignment.role).where(RoleAssignment.person_id == invited)
        )
        assert list(granted) == []


async def test_a_phone_of_someone_who_joined_by_invite_is_left_out_with_a_warning_and_never_moved(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    invited = await invited_person(db, org, "An Nguyễn", phone="0912000001")
    path = write_csv(tmp_path / "ds.csv", EN_HEADER, [["Khoa Nội", "Nguyễn Văn An", "", "0912 000 001", ""]])

    first = await import_staff(db, org, path, now=NOW)
    again = await import_staff(db, org, path, now=NOW)

    assert (first.created, again.created, again.updated) == (1, 0, 1)
    listed = await person_by_name(db, "Nguyễn Văn An")
    assert (
        first.warnings
        == again.warnings
        == [
            RowWarning(
                2,
                f"Dòng 2: số điện thoại 0912000001 là của An Nguyễn (mã số {invited}), người đã tham gia "
                f'bằng mã mời, nên chưa được ghi cho "Nguyễn Văn An" (mã số {listed.id}). Nếu là cùng một '
                f"người, hãy gộp hai hồ sơ: chungtay people merge {invited} {listed.id}",
            )
        ]
    )
    assert (listed.listed, listed.phone) == (True, None)
    async with db() as session:
        assert (await session.get(Person, invited)).phone == "0912000001"  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------------------------
# One import per organisation at a time; a killed import run again ends with exactly the file's rows


KILLED_AFTER_BATCHES = "tests.support.faults:import_killed_after_batches"  # a command's `prelude`
GRANTING = {"Thủ quỹ", "cán bộ công đoàn", "Trưởng khoa"}  # the words in staff_rows granting a second role


def tangled_rows(count: int) -> list[list[str]]:
    """`count` people, every fifth without a phone, plus namesakes whose order matters to a naive import:
    the first row's name again without a phone, far down the file, and the name of a person without a phone
    early on with a phone in the last batch, each told apart by another position (the same unit, name and
    position with and without a phone are one person written twice: decision 1748)."""
    rows = staff_rows(count)
    first = rows[0]
    unphoned = next(row for row in rows if not row[3])
    return [*rows, [first[0], first[1], "Bảo vệ", "", ""], [*unphoned[:2], "Lái xe", "0988000001", ""]]


async def test_two_imports_of_one_file_at_once_run_one_and_tell_the_other_to_wait(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "ds.csv", EN_HEADER, tangled_rows(BATCH_ROWS * 3))

    results = await asyncio.gather(
        import_staff(db, org, path, now=NOW), import_staff(db, org, path, now=NOW), return_exceptions=True
    )

    reports = [r for r in results if isinstance(r, ImportReport)]
    refused = [r for r in results if isinstance(r, ImportRunning)]
    assert len(reports) == len(refused) == 1, results
    assert str(refused[0]) == (
        "Một lần nhập danh sách khác của tổ chức này đang chạy; vui lòng chờ nó xong rồi chạy lại."
    )
    assert reports[0].created == await count(db, Person) == BATCH_ROWS * 3 + 2
    assert await count(db, Unit) == len(UNITS)
    again = await import_staff(db, org, path, now=NOW)  # the lock was released
    assert (again.created, again.updated) == (0, BATCH_ROWS * 3 + 2)


async def test_an_import_while_another_process_imports_exits_2_with_the_message_and_writes_nothing(
    db: async_sessionmaker[AsyncSession],
    org: Organisation,
    tmp_path: Path,
    db_path: Path,
    processes: Processes,
) -> None:
    path = write_csv(tmp_path / "ds.csv", EN_HEADER, staff_rows(20))

    async with exclusive(db, f"import-{org.id}"):  # as a running import holds it
        # `chungtay org import` in a process of its own (tests/support/launcher.py): on SQLite the lock is a
        # file lock, which a process never conflicts with itself on.
        other = await processes.start(
            "org", "import", str(path), cwd=tmp_path, env=Cli(tmp_path, db_path).env(), stderr=PIPE
        )
        _out, err = await asyncio.wait_for(other.communicate(), timeout=60)

    assert other.returncode == 2, err.decode()
    assert err.decode() == f"chungtay: {org_import.IMPORT_RUNNING}\n"
    assert org_import.IMPORT_RUNNING.startswith("Một lần nhập danh sách khác của tổ chức này đang chạy")
    assert await count(db, Person) == await count(db, Unit) == 0


async def test_an_import_killed_midway_and_run_again_ends_with_exactly_the_rows_of_the_file(
    db: async_sessionmaker[AsyncSession],
    org: Organisation,
    tmp_path: Path,
    db_path: Path,
    processes: Processes,
) -> None:
    rows = tangled_rows(BATCH_ROWS * 3)
    path = write_csv(tmp_path / "ds.csv", EN_HEADER, rows)

    # A process of its own: it is killed with SIGKILL midway.
    killed = await processes.start(
        *("org", "import", str(path)),
        cwd=tmp_path,
        env=Cli(tmp_path, db_path).env(),
        stderr=PIPE,
        prelude=(KILLED_AFTER_BATCHES, 2),
    )
    _out, err = await asyncio.wait_for(killed.communicate(), timeout=60)

    assert killed.returncode == -signal.SIGKILL, err.decode()
    assert await count(db, Person) == 2 * BATCH_ROWS
    rerun = await import_staff(db, org, path, now=NOW)  # the dead process's lock is gone with it
    assert (rerun.created, rerun.updated, rerun.skipped) == (len(rows) - 2 * BATCH_ROWS, 2 * BATCH_ROWS, 0)
    assert await count(db, Person) == len(rows)
    assert await count(db, Unit) == len(UNITS)
    assert await count(db, RoleAssignment) == len(rows) + sum(1 for row in rows if row[4] in GRANTING)
    last = await import_staff(db, org, path, now=NOW)
    assert (last.created, last.updated) == (0, len(rows))


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest) -> async_sessionmaker[AsyncSession]:
    return request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")  # type: ignore[no-any-return]


async def test_a_phone_that_appears_between_planning_and_writing_updates_its_owner_instead_of_failing(
    any_db: async_sessionmaker[AsyncSession], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = any_db
    org = await new_org(db)
    rows = [
        ["Khoa Nội", "Nguyễn Văn An", "Bác sĩ", "0912000001", ""],
        ["Khoa Nội", "Trần Văn Bình", "", "0912000002", ""],
        ["Khoa Nội", "Lê Văn Cường", "", "0912000003", ""],
    ]
    path = write_csv(tmp_path / "ds.csv", EN_HEADER, rows)
    load_existing = org_import._load_existing

    async def load_then_someone_else_writes(session: AsyncSession, org_id: int) -> object:
        """Another writer, bypassing the import lock, adds two phones right after the import has looked."""
        existing = await load_existing(session, org_id)
        for name, phone, listed in (("An Nguyễn", "0912000001", True), ("Bình", "0912000002", False)):
            session.add(
                Person(
                    org_id=org_id,
                    full_name=name,
                    name_key=fold(name),
                    phone=phone,
                    listed=listed,
                    kind="staff",
                    created_at=NOW,
                )
            )
        await session.commit()
        return existing

    monkeypatch.setattr(org_import, "_load_existing", load_then_someone_else_writes)

    report = await import_staff(db, org, path, now=NOW)

    assert (report.created, report.updated, report.skipped) == (2, 1, 0)
    assert [w.row for w in report.warnings] == [3]
    assert await count(db, Person) == 4
    async with db() as session:
        by_phone = {
            p.phone: p for p in await session.scalars(select(Person).where(Person.phone.is_not(None)))
        }
    assert (by_phone["0912000001"].full_name, by_phone["0912000001"].position) == ("Nguyễn Văn An", "Bác sĩ")
    assert by_phone["0912000002"].full_name == "Bình"
    assert (await person_by_name(db, "Trần Văn Bình")).phone is None


# ---------------------------------------------------------------------------------------------------------
# The same on PostgreSQL: advisory lock, ON CONFLICT on the partial unique index


@pytest.fixture
async def pg_db(migrated_postgres_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(migrated_postgres_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def test_two_imports_at_once_on_postgresql_run_one_and_refuse_the_other(
    pg_db: async_sessionmaker[AsyncSession], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = await new_org(pg_db)
    path = write_csv(tmp_path / "ds.csv", EN_HEADER, tangled_rows(BATCH_ROWS + 50))
    # The first import, its lock taken, waits there until the second has tried: the two overlap whatever the
    # machine's speed (left to the event loop, the first could end before the second had connected).
    holding, tried = asyncio.Event(), asyncio.Event()
    load_existing = org_import._load_existing

    async def held_until_the_other_tried(session: AsyncSession, org_id: int) -> object:
        if not holding.is_set():
            holding.set()
            await tried.wait()
        return await load_existing(session, org_id)

    monkeypatch.setattr(org_import, "_load_existing", held_until_the_other_tried)

    async def second() -> object:
        await holding.wait()
        try:
            return await import_staff(pg_db, org, path, now=NOW)
        finally:
            tried.set()

    results = await asyncio.gather(import_staff(pg_db, org, path, now=NOW), second(), return_exceptions=True)

    assert sorted(type(r).__name__ for r in results) == ["ImportReport", "ImportRunning"], results
    assert await count(pg_db, Person) == BATCH_ROWS + 52
    again = await import_staff(pg_db, org, path, now=NOW)
    assert (again.created, again.updated) == (0, BATCH_ROWS + 52)


async def test_an_import_killed_midway_on_postgresql_and_run_again_ends_with_exactly_the_rows_of_the_file(
    pg_db: async_sessionmaker[AsyncSession],
    migrated_postgres_url: str,
    tmp_path: Path,
    db_path: Path,
    processes: Processes,
) -> None:
    org = await new_org(pg_db)
    rows = tangled_rows(BATCH_ROWS * 2)
    path = write_csv(tmp_path / "ds.csv", EN_HEADER, rows)

    killed = await processes.start(
        *("org", "import", str(path)),
        cwd=tmp_path,
        env=Cli(tmp_path, db_path).env({"DATABASE_URL": migrated_postgres_url}),
        stderr=PIPE,
        prelude=(KILLED_AFTER_BATCHES, 1),
    )
    _out, err = await asyncio.wait_for(killed.communicate(), timeout=60)

    assert killed.returncode == -signal.SIGKILL, err.decode()
    assert await count(pg_db, Person) == BATCH_ROWS
    await advisory_locks_gone(pg_db)  # the server notices the dead client and ends its session
    rerun = await import_staff(pg_db, org, path, now=NOW)
    assert (rerun.created, rerun.updated, rerun.skipped) == (len(rows) - BATCH_ROWS, BATCH_ROWS, 0)
    assert await count(pg_db, Person) == len(rows)
    assert await count(pg_db, Unit) == len(UNITS)


async def advisory_locks_gone(db: async_sessionmaker[AsyncSession]) -> None:
    for _ in range(100):
        async with db() as session:
            held = await session.scalar(
                select(func.count()).select_from(text("pg_locks")).where(text("locktype = 'advisory'"))
            )
        if not held:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("an advisory lock outlived its process by 5 s")


async def test_a_khoi_thi_dua_column_puts_each_unit_in_its_block_and_a_second_block_for_a_unit_is_warned(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    header = ["Đơn vị", "Họ và tên", "Chức vụ", "Số điện thoại", "Vai trò", "Khối thi đua"]
    rows = [
        ["Bệnh viện Đa khoa tỉnh", "Nguyễn Văn An", "", "0912000001", "", "Khối các đơn vị sự nghiệp"],
        ["Bệnh viện Đa khoa tỉnh", "Trần Văn Bình", "", "0912000002", "", "Khối cơ quan quản lý"],
        ["Phòng Tổ chức cán bộ", "Lê Thị Lan", "", "0912000003", "", "Khối cơ quan quản lý"],
        ["Phòng Tổ chức cán bộ", "Lê Văn Tư", "", "0912000004", "", ""],
        ["Trung tâm Y tế xã", "Đỗ Thị Hoa", "", "0912000005", "", ""],
    ]
    report = await import_staff(db, org, write_csv(tmp_path / "khoi.csv", header, rows), now=NOW)

    assert (report.created, report.skipped, report.blocks_set) == (5, 0, 2)
    assert [w.message for w in report.warnings] == [
        'Dòng 3: đơn vị "Bệnh viện Đa khoa tỉnh" đã được xếp vào khối "Khối các đơn vị sự nghiệp" ở dòng 2, '
        'nên không xếp vào khối "Khối cơ quan quản lý"; mỗi đơn vị thuộc một khối thi đua'
    ]

    async def blocks() -> dict[str, str | None]:
        async with db() as session:
            return {u.name: u.block for u in await session.scalars(select(Unit))}

    assert await blocks() == {
        "Bệnh viện Đa khoa tỉnh": "Khối các đơn vị sự nghiệp",
        "Phòng Tổ chức cán bộ": "Khối cơ quan quản lý",
        "Trung tâm Y tế xã": None,
    }
    # The same file again changes nothing; a file without the column leaves the blocks as they are.
    assert (await import_staff(db, org, tmp_path / "khoi.csv", now=NOW)).blocks_set == 0
    plain = write_csv(tmp_path / "plain.csv", EN_HEADER, [row[:5] for row in rows])
    assert (await import_staff(db, org, plain, now=NOW)).blocks_set == 0
    assert (await blocks())["Phòng Tổ chức cán bộ"] == "Khối cơ quan quản lý"


# ---------------------------------------------------------------------------------------------------------
# A year of lists: one record per person through new phones, positions, names and units (decisions 0134, 0135)

MARCH = [
    ["Khoa Công nghệ", "Đỗ Văn Nam", "Trưởng khoa", "0912000001", "lãnh đạo"],
    ["Khoa Công nghệ", "Phan Thị Ngọc", "Giáo viên", "", ""],
    ["Khoa Công nghệ", "Vũ Đức Anh", "Kế toán", "0912000003", "thủ quỹ"],
    ["Khoa Kinh tế", "Lê Văn Lãnh", "Trưởng khoa", "0912000004", "lãnh đạo"],
    ["Khoa Kinh tế", "Đặng Quốc Huy", "Giáo viên", "0912000008", ""],
    ["Khoa Kinh tế", "Nguyễn Thị Lan", "Giáo viên", "0912000009", ""],
    ["Phòng Đào tạo", "Hà Văn Tâm", "Chuyên viên", "0912000010", ""],
]


def april(*changed: list[str]) -> list[list[str]]:
    """March's rows, each person's row replaced by the changed row of the same name (folded) if any."""
    by_name = {fold(row[1]): row for row in changed}
    return [list(by_name.get(fold(row[1]), row)) for row in MARCH]


@dataclass
class UrlCli(Cli):
    """The CLI on the database at `url` (SQLite or PostgreSQL)."""

    url: str = ""

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        return super().env({"DATABASE_URL": self.url, **(extra or {})})


@pytest.fixture
def year(any_url: str, tmp_path: Path, db_path: Path) -> UrlCli:
    """The CLI on a fresh SQLite or PostgreSQL database holding one organisation and March's list."""
    cli = UrlCli(tmp_path, db_path, any_url)
    ok(cli("org", "create", "--code", "TRUONG", "--name", "Trường Cao đẳng thử"))
    ok(cli("org", "import", str(write_csv(tmp_path / "thang-3.csv", EN_HEADER, MARCH))))
    return cli


async def sql(url: str, statement: str) -> list[tuple[object, ...]]:
    """The rows a query returns; a statement that writes (it returns none) is committed."""
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            result = await conn.execute(text(statement))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        await engine.dispose()


async def person_id(url: str, name: str) -> int:
    (found,) = await sql(url, f"SELECT id FROM person WHERE full_name = '{name}'")
    return int(found[0])  # type: ignore[call-overload]


async def held_roles(url: str, pid: int) -> set[tuple[object, ...]]:
    return set(
        await sql(
            url,
            "SELECT r.role, u.code FROM role_assignment r LEFT JOIN unit u ON u.id = r.unit_id "
            f"WHERE r.person_id = {pid}",
        )
    )


async def test_a_new_phone_or_a_new_position_keeps_the_one_record_and_the_report_names_the_change(
    year: UrlCli, tmp_path: Path
) -> None:
    """Nam, head of Khoa Công nghệ, got a new phone; Ngọc, without one, became Tổ trưởng. Each is the one
    listed person of that unit and name the file has no row for: the same person, not a second record that
    the absent list would invite the clerk to retire (taking the head's leader role with it)."""
    nam = await person_id(year.url, "Đỗ Văn Nam")
    rows = april(
        ["Khoa Công nghệ", "Đỗ Văn Nam", "Trưởng khoa", "0912000031", "lãnh đạo"],
        ["Khoa Công nghệ", "Phan Thị Ngọc", "Tổ trưởng", "", ""],
    )

    out = ok(year("org", "import", str(write_csv(tmp_path / "thang-4.csv", EN_HEADER, rows))))

    assert (
        out.splitlines()[0]
        == "Đã thêm 0 người; 7 người đã có: 2 thay đổi, 5 như cũ; bỏ qua 0 dòng; 0 đơn vị mới."
    )
    assert "Người đã có trong danh sách, có thay đổi (hãy kiểm tra):\n" in out
    assert "  Dòng 2: đổi số điện thoại: Đỗ Văn Nam (khoa-cong-nghe): 0912000001 → 0912000031\n" in out
    assert "  Dòng 3: đổi chức vụ: Phan Thị Ngọc (khoa-cong-nghe): Giáo viên → Tổ trưởng\n" in out
    assert "Không có trong danh sách mới" not in out
    assert await sql(year.url, "SELECT count(*) FROM person") == [(7,)]
    assert await sql(year.url, f"SELECT phone FROM person WHERE id = {nam}") == [("0912000031",)]
    assert ("leader", "khoa-cong-nghe") in await held_roles(year.url, nam)
    assert await sql(year.url, "SELECT position FROM person WHERE full_name = 'Phan Thị Ngọc'") == [
        ("Tổ trưởng",)
    ]
    again = ok(year("org", "import", str(tmp_path / "thang-4.csv")))
    assert "có thay đổi" not in again  # said once


async def test_a_head_who_steps_down_is_told_to_keep_her_role_or_have_it_revoked(
    year: UrlCli, tmp_path: Path
) -> None:
    """January's list: Nam, head of Khoa Công nghệ, is a lecturer again (his role cell left empty) and Ngọc
    heads the unit. A list never takes a role away, so Nam would go on getting the unit's digest beside the
    new head while the report said only his new position: the line names the role he keeps and the revoke
    that ends it. A position changed with the role still on the row says nothing more."""
    nam = await person_id(year.url, "Đỗ Văn Nam")
    rows = april(
        ["Khoa Công nghệ", "Đỗ Văn Nam", "Giáo viên", "0912000001", ""],
        ["Khoa Công nghệ", "Phan Thị Ngọc", "Trưởng khoa", "", "lãnh đạo"],
        ["Khoa Kinh tế", "Lê Văn Lãnh", "Phó trưởng khoa", "0912000004", "lãnh đạo"],
    )

    out = ok(year("org", "import", str(write_csv(tmp_path / "thang-1.csv", EN_HEADER, rows))))

    assert (
        "  Dòng 2: đổi chức vụ: Đỗ Văn Nam (khoa-cong-nghe): Trưởng khoa → Giáo viên\n"
        "  Dòng 2: Đỗ Văn Nam vẫn là lãnh đạo (khoa-cong-nghe): danh sách không lấy lại vai trò; nếu không "
        f"còn: chungtay people revoke {nam} leader --unit khoa-cong-nghe\n"
    ) in out
    assert "Lê Văn Lãnh vẫn là" not in out  # his row still says lãnh đạo
    assert ("leader", "khoa-cong-nghe") in await held_roles(year.url, nam)  # told, not taken
    ok(year("people", "revoke", str(nam), "leader", "--unit", "khoa-cong-nghe"))
    again = ok(year("org", "import", str(tmp_path / "thang-1.csv")))
    assert "vẫn là" not in again


async def test_a_new_colleague_whose_name_differs_by_a_tone_mark_never_takes_a_record_with_a_new_phone(
    year: UrlCli, tmp_path: Path
) -> None:
    """“Đỗ Văn Năm” on a phone nobody has, in Nam's unit and position: a new colleague, not Nam with a new
    phone (a finding from outside: the import handed an officer's record, account and role to “Bùi Văn
    Lòng” for “Bùi Văn Long”, said only as a new phone)."""
    nam = await person_id(year.url, "Đỗ Văn Nam")
    rows = [*MARCH, ["Khoa Công nghệ", "Đỗ Văn Năm", "Trưởng khoa", "0912000031", ""]]
    rows = [row for row in rows if row[1] != "Đỗ Văn Nam"]

    out = ok(year("org", "import", str(write_csv(tmp_path / "thang-4.csv", EN_HEADER, rows))))

    assert "đổi số điện thoại" not in out and out.startswith("Đã thêm 1 người")
    assert await sql(year.url, f"SELECT full_name, phone FROM person WHERE id = {nam}") == [
        ("Đỗ Văn Nam", "0912000001")
    ]
    assert ("leader", "khoa-cong-nghe") in await held_roles(year.url, nam)
    assert "Đỗ Văn Nam" in out.split("Không có trong danh sách mới")[1]  # the clerk is asked about him


async def test_two_listed_people_a_changed_row_may_be_are_named_and_the_row_waits_never_guessed(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    namesakes = [
        ["Khoa Công nghệ", "Trần Văn Hùng", "Giáo viên", "0912000021", ""],
        ["Khoa Công nghệ", "Trần Văn Hùng", "Giáo viên", "0912000022", ""],
        ["Khoa Kinh tế", "Phan Thị Ngọc", "Giáo viên", "", ""],
        ["Khoa Kinh tế", "Phan Thị Ngọc", "Kế toán", "", ""],
    ]
    ok(cli("org", "import", str(write_csv(tmp_path / "a.csv", EN_HEADER, namesakes))))
    hung = [row[0] for row in query(db_path, "SELECT id FROM person WHERE full_name = 'Trần Văn Hùng'")]
    ngoc = [row[0] for row in query(db_path, "SELECT id FROM person WHERE full_name = 'Phan Thị Ngọc'")]
    changed = [
        ["Khoa Công nghệ", "Trần Văn Hùng", "Giáo viên", "0912000023", ""],
        ["Khoa Kinh tế", "Phan Thị Ngọc", "Tổ trưởng", "", ""],
    ]

    result = cli("org", "import", str(write_csv(tmp_path / "b.csv", EN_HEADER, changed)))

    assert result.returncode == 1
    assert (
        f'  Dòng 2: đơn vị "Khoa Công nghệ" có 2 người tên "Trần Văn Hùng" với số điện thoại khác không có '
        f"trong tệp (mã số {hung[0]}, {hung[1]}), và tệp có 1 dòng như vậy (dòng 2); không đoán được là ai "
        "nên dòng này chưa được nhập. Người đã nghỉ thì ghi nghỉ (chungtay people leave MÃ_SỐ), hoặc ghi "
        "cho dòng này số điện thoại và chức vụ như danh sách đã có, rồi nhập lại\n"
    ) in result.stdout
    assert (
        f'  Dòng 3: đơn vị "Khoa Kinh tế" có 2 người tên "Phan Thị Ngọc" với chức vụ khác không có trong '
        f"tệp (mã số {ngoc[0]}, {ngoc[1]})"
    ) in result.stdout
    assert query(db_path, "SELECT count(*) FROM person") == [(4,)]
    assert query(db_path, "SELECT count(*) FROM person WHERE phone = '0912000023'") == [(0,)]


async def test_a_name_corrected_with_the_same_phone_is_stored_a_far_name_is_refused_and_accents_stay(
    year: UrlCli, tmp_path: Path
) -> None:
    huy = await person_id(year.url, "Đặng Quốc Huy")
    rows = april(["Khoa Kinh tế", "Nguyen Thi Lan", "Giáo viên", "0912000009", ""])
    rows[4][1] = "Đặng Quốc Duy"  # Huy's row, the name corrected

    out = ok(year("org", "import", str(write_csv(tmp_path / "thang-4.csv", EN_HEADER, rows))))

    assert "  Dòng 6: sửa tên: Đặng Quốc Huy → Đặng Quốc Duy (khoa-kinh-te)\n" in out
    assert await sql(year.url, f"SELECT full_name FROM person WHERE id = {huy}") == [("Đặng Quốc Duy",)]
    assert await sql(year.url, "SELECT full_name FROM person WHERE phone = '0912000009'") == [
        ("Nguyễn Thị Lan",)  # a keyboard without accents does not take them away
    ]
    assert "Nguyen Thi Lan" not in out
    assert await sql(year.url, "SELECT count(*) FROM person") == [(7,)]

    stranger = [*rows, ["Khoa Kinh tế", "Trần Thị Yến", "Kế toán", "0912000010", ""]]
    stranger = [row for row in stranger if row[1] != "Hà Văn Tâm"]
    refused = year("org", "import", str(write_csv(tmp_path / "sai-so.csv", EN_HEADER, stranger)))
    tam = await person_id(year.url, "Hà Văn Tâm")
    assert refused.returncode == 1
    assert (
        f"  Dòng 8: số điện thoại 0912000010 đã là của Hà Văn Tâm (mã số {tam}, Phòng Đào tạo) trong danh "
        'sách, nên dòng "Trần Thị Yến" (Kế toán) không được nhập. Nếu số gõ nhầm, hãy sửa số điện thoại '
        'của dòng này; nếu dòng này đúng là Hà Văn Tâm, hãy ghi tên "Hà Văn Tâm" như danh sách đã có; nếu '
        f'là cùng người đổi tên: chungtay people rename {tam} "Trần Thị Yến". Rồi nhập lại\n'
    ) in refused.stdout
    assert await sql(year.url, f"SELECT full_name FROM person WHERE id = {tam}") == [("Hà Văn Tâm",)]


async def test_someone_who_joined_by_invite_and_is_then_listed_is_named_with_the_merge_to_run(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    mo = await invited_person(db, org, "Lưu Thị Mơ")  # joined by invite into Khoa Nội, on no list yet
    cli = Cli(tmp_path, db_path)
    rows = [["Khoa Nội", "Lưu Thị Mơ", "Giáo viên", "0912000013", ""]]

    out = ok(cli("org", "import", str(write_csv(tmp_path / "thang-4.csv", EN_HEADER, rows))))

    listed = query(db_path, "SELECT id FROM person WHERE listed = 1")[0][0]
    assert (
        f"  Dòng 2: Lưu Thị Mơ (mã số {mo}) đã tham gia bằng mã mời trước khi có tên trong danh sách; "
        f'dòng "Lưu Thị Mơ" (Giáo viên) là hồ sơ mã số {listed}. Nếu là cùng một người, hãy gộp hai hồ sơ: '
        f"chungtay people merge {mo} {listed}\n"
    ) in out
    ok(cli("people", "merge", str(mo), str(listed)))  # the very command: what each record holds, first
    ok(cli("people", "merge", str(mo), str(listed), "--yes"))
    assert query(db_path, "SELECT id, full_name, phone FROM person") == [(listed, "Lưu Thị Mơ", "0912000013")]
    assert "mã mời" not in ok(cli("org", "import", str(tmp_path / "thang-4.csv")))


async def a_year_of(url: str, anh: int) -> None:
    """The person registered for 2026 to help 2 households, recorded one helped and gave twice, in their
    unit."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            campaign = await session.scalar(select(Campaign))
            assert campaign is not None
            counted = await session.scalar(
                select(Criterion)
                .where(Criterion.campaign_id == campaign.id, Criterion.measure == "count")
                .order_by(Criterion.position)
                .limit(1)
            )
            assert counted is not None
            person = await session.get_one(Person, anh)
            commitment = Commitment(
                campaign_id=campaign.id,
                year=2026,
                scope="individual",
                owner_key=f"p:{anh}",
                person_id=anh,
                registered_by=anh,
                created_at=NOW,
                updated_at=NOW,
                items=[CommitmentItem(criterion_id=counted.id, target=2)],
            )
            result = Result(
                org_id=person.org_id,
                campaign_id=campaign.id,
                year=2026,
                criterion_id=counted.id,
                owner_key=f"p:{anh}",
                person_id=anh,
                unit_id=person.unit_id,
                quantity=1,
                description="Giúp hộ bà Tư",
                recorded_by=anh,
                recorded_at=NOW,
            )
            gifts = [
                Contribution(
                    ref=f"CT-2026-{anh:04d}{n:02d}",
                    org_id=person.org_id,
                    person_id=anh,
                    unit_id=person.unit_id,
                    recorded_by=anh,
                    year=2026,
                    kind="money",
                    amount_vnd=200_000,
                    status=status,
                    created_at=NOW,
                )
                for n, status in enumerate(("confirmed", "recorded"), start=1)
            ]
            session.add_all([commitment, result, *gifts])
    finally:
        await engine.dispose()


async def reported(url: str, unit_code: str) -> list[tuple[int, int, int]]:
    """The year 2026 report of a unit, its people's rows of what was registered: holders, target, done."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            unit = await session.scalar(select(Unit).where(Unit.code == unit_code))
            assert unit is not None
            report = await year_report(
                session, unit.org_id, 2026, today=NOW.date(), actor=Operator(unit.org_id), unit_id=unit.id
            )
    finally:
        await engine.dispose()
    return [(c.registered, c.total, c.recorded) for c in report.criteria if c.part == "people"]


async def test_a_move_is_named_the_roles_of_the_old_unit_end_with_the_line_to_give_them_back(
    year: UrlCli, tmp_path: Path
) -> None:
    """Anh, treasurer of Khoa Công nghệ, moves to Phòng Đào tạo; Lãnh, head of Khoa Kinh tế, to a unit
    the list writes "Khoa CN". The old unit's roles would have Anh confirm its money and Lãnh propose its
    staff. Anh's registration and the result toward it go with him, to be judged where he works; his gifts
    stay counted where he gave them, and the clerk is told so once."""
    anh, lanh = await person_id(year.url, "Vũ Đức Anh"), await person_id(year.url, "Lê Văn Lãnh")
    ok(year("people", "grant", str(anh), "officer", "--org-wide"))
    ok(year("campaign", "load", str(DEMO_PLAN)))
    await a_year_of(year.url, anh)
    assert await reported(year.url, "khoa-cong-nghe") == [(1, 2, 1)]
    rows = april(
        ["Phòng Đào tạo", "Vũ Đức Anh", "Kế toán", "0912000003", ""],
        ["Khoa CN", "Lê Văn Lãnh", "Trưởng khoa", "0912000004", "lãnh đạo"],
    )

    out = ok(year("org", "import", str(write_csv(tmp_path / "thang-4.csv", EN_HEADER, rows))))

    assert (
        out.splitlines()[0]
        == "Đã thêm 0 người; 7 người đã có: 2 thay đổi, 5 như cũ; bỏ qua 0 dòng; 1 đơn vị mới."
    )
    assert (
        "  Dòng 4: chuyển đơn vị: Vũ Đức Anh: Khoa Công nghệ → Phòng Đào tạo\n"
        "  Dòng 4: Vũ Đức Anh không còn là thủ quỹ (khoa-cong-nghe) vì đã chuyển đơn vị; nếu vẫn giữ: "
        f"chungtay people grant {anh} treasurer --unit khoa-cong-nghe\n"
        "  Dòng 4: Vũ Đức Anh: theo sang Phòng Đào tạo: đăng ký thi đua năm 2026 và 1 kết quả đã ghi; "
        "2 khoản ủng hộ đã ghi vẫn tính cho Khoa Công nghệ, nơi đã ủng hộ\n"
        "  Dòng 5: chuyển đơn vị: Lê Văn Lãnh: Khoa Kinh tế → Khoa CN\n"
        "  Dòng 5: Lê Văn Lãnh không còn là lãnh đạo (khoa-kinh-te) vì đã chuyển đơn vị; nếu vẫn giữ: "
        f"chungtay people grant {lanh} leader --unit khoa-kinh-te\n"
    ) in out
    assert (
        "Đơn vị mới:\n"
        '  Khoa CN (mã khoa-cn); gần giống đơn vị "Khoa Công nghệ" (khoa-cong-nghe) đã có: nếu là một đơn '
        "vị, hãy gộp: chungtay org unit-merge khoa-cn khoa-cong-nghe\n"
    ) in out
    assert await held_roles(year.url, anh) == {("member", "phong-dao-tao"), ("officer", None)}
    assert await held_roles(year.url, lanh) == {("member", "khoa-cn"), ("leader", "khoa-cn")}
    revoked = await sql(year.url, "SELECT details FROM audit_log WHERE action = 'role.revoke'")
    assert len(revoked) == 4  # membership and treasurer, membership and leader: each audited
    assert await reported(year.url, "phong-dao-tao") == [(1, 2, 1)]  # his household helped counts with him
    assert await reported(year.url, "khoa-cong-nghe") == []
    assert await sql(
        year.url, "SELECT DISTINCT u.code FROM contribution c JOIN unit u ON u.id = c.unit_id"
    ) == [("khoa-cong-nghe",)]
    again = ok(year("org", "import", str(tmp_path / "thang-4.csv")))
    assert "theo sang" not in again and "chuyển đơn vị" not in again  # told once
    ok(year("people", "grant", str(anh), "treasurer", "--unit", "khoa-cong-nghe"))  # the line works
    tam = await person_id(year.url, "Hà Văn Tâm")  # a record of no unit, which the next list gives one
    await sql(year.url, f"UPDATE person SET unit_id = NULL WHERE id = {tam}")
    await a_year_of(year.url, tam)

    placed = ok(year("org", "import", str(tmp_path / "thang-4.csv")))

    assert (
        "  Dòng 8: chuyển đơn vị: Hà Văn Tâm: chưa có đơn vị → Phòng Đào tạo\n"
        "  Dòng 8: Hà Văn Tâm: theo sang Phòng Đào tạo: đăng ký thi đua năm 2026 và 1 kết quả đã ghi\n"
    ) in placed
    assert await reported(year.url, "phong-dao-tao") == [(2, 4, 2)]  # his result with him, as Anh's


async def test_a_move_on_a_list_without_her_phone_names_the_merge_that_carries_her_year_over(
    year: UrlCli, tmp_path: Path
) -> None:
    """Ngọc, listed without a phone in Khoa Công nghệ, is on April's list in Khoa Kinh tế: nothing tells her
    from a namesake, so the import adds a record there, and the absent list, which advised recording her as
    gone, names the merge that takes her account, registration and result over; her gifts stay counted
    where she gave them."""
    ngoc = await person_id(year.url, "Phan Thị Ngọc")
    ok(year("campaign", "load", str(DEMO_PLAN)))
    await a_year_of(year.url, ngoc)
    path = write_csv(
        tmp_path / "thang-4.csv", EN_HEADER, april(["Khoa Kinh tế", "Phan Thị Ngọc", "Giáo viên", "", ""])
    )

    out = ok(year("org", "import", str(path)))

    (added,) = await sql(
        year.url, f"SELECT id FROM person WHERE full_name = 'Phan Thị Ngọc' AND id <> {ngoc}"
    )
    assert (
        f"  mã số {ngoc}: Phan Thị Ngọc (khoa-cong-nghe); dòng 3 thêm người cùng tên ở Khoa Kinh tế (mã số "
        f"{added[0]}): nếu là một người đã chuyển đơn vị, hãy gộp để đăng ký, kết quả và tài khoản theo sang "
        f"(khoản ủng hộ vẫn tính cho đơn vị cũ): chungtay people merge {ngoc} {added[0]}\n"
    ) in out
    stay = (
        f"Khoản ủng hộ của mã số {ngoc} vẫn tính cho đơn vị nơi đã ủng hộ (2 khoản cho Khoa Công nghệ); đăng "
        "ký và kết quả đã ghi tính cho Khoa Kinh tế.\n"
    )
    assert f"\n  {stay}" in ok(year("people", "merge", str(ngoc), str(added[0])))  # the last look says it

    merged = ok(year("people", "merge", str(ngoc), str(added[0]), "--yes"))

    assert merged.startswith(f"Đã gộp mã số {ngoc} vào Phan Thị Ngọc") and merged.endswith(f"\n{stay}")
    assert await reported(year.url, "khoa-kinh-te") == [(1, 2, 1)]
    assert await reported(year.url, "khoa-cong-nghe") == []
    assert await sql(
        year.url, "SELECT DISTINCT u.code FROM contribution c JOIN unit u ON u.id = c.unit_id"
    ) == [("khoa-cong-nghe",)]
    again = ok(year("org", "import", str(path)))
    assert again.splitlines()[0].startswith("Đã thêm 0 người; 7 người đã có: 0 thay đổi, 7 như cũ;")
    assert "Không có trong danh sách mới" not in again


async def test_a_row_repeated_cell_for_cell_is_skipped_with_a_warning_not_an_error(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    rows = [*MARCH[:4], MARCH[3], *MARCH[4:]]  # line 6 repeats line 5

    out = ok(cli("org", "import", str(write_csv(tmp_path / "ds.csv", EN_HEADER, rows))))

    assert out.splitlines()[:3] == [
        "Đã thêm 7 người; bỏ qua 0 dòng; 3 đơn vị mới.",
        "Các dòng đã nhập, có cảnh báo:",
        "  Dòng 6 lặp lại dòng 5: đã bỏ qua",
    ]
    assert query(db_path, "SELECT count(*) FROM person") == [(7,)]


async def test_a_name_changed_by_a_tone_mark_only_is_named_and_accents_added_to_a_bare_name_are_not(
    year: UrlCli, tmp_path: Path
) -> None:
    """“Hà Văn Tâm” → “Hà Văn Tám” is another name though it folds the same: said as “Đặng Quốc Huy → Đặng
    Quốc Duy” is. A name stored without accents that a later list writes with them is only written better."""
    tam, lan = await person_id(year.url, "Hà Văn Tâm"), await person_id(year.url, "Nguyễn Thị Lan")
    rows = april(
        ["Phòng Đào tạo", "Hà Văn Tám", "Chuyên viên", "0912000010", ""],
        ["Khoa Kinh tế", "Nguyễn Thị Lân", "Giáo viên", "0912000009", ""],
    )
    bare = ["Phòng Đào tạo", "Le Van Moi", "Chuyên viên", "0912000050", ""]

    out = ok(year("org", "import", str(write_csv(tmp_path / "thang-4.csv", EN_HEADER, [*rows, bare]))))

    assert out.splitlines()[0] == (
        "Đã thêm 1 người; 7 người đã có: 2 thay đổi, 5 như cũ; bỏ qua 0 dòng; 0 đơn vị mới."
    )
    assert "  Dòng 7: sửa tên: Nguyễn Thị Lan → Nguyễn Thị Lân (khoa-kinh-te)\n" in out
    assert "  Dòng 8: sửa tên: Hà Văn Tâm → Hà Văn Tám (phong-dao-tao)\n" in out
    assert await sql(year.url, f"SELECT full_name FROM person WHERE id IN ({tam}, {lan}) ORDER BY id") == [
        ("Nguyễn Thị Lân",),
        ("Hà Văn Tám",),
    ]
    accented = [*rows, ["Phòng Đào tạo", "Lê Văn Mới", "Chuyên viên", "0912000050", ""]]
    again = ok(year("org", "import", str(write_csv(tmp_path / "thang-5.csv", EN_HEADER, accented))))
    assert again.splitlines()[0] == (
        "Đã thêm 0 người; 8 người đã có: 0 thay đổi, 8 như cũ; bỏ qua 0 dòng; 0 đơn vị mới."
    )
    assert "sửa tên" not in again
    assert await sql(year.url, "SELECT full_name FROM person WHERE phone = '0912000050'") == [("Lê Văn Mới",)]


async def test_a_family_name_changed_at_marriage_is_refused_with_the_rename_and_not_called_absent(
    year: UrlCli, tmp_path: Path
) -> None:
    lan = await person_id(year.url, "Nguyễn Thị Lan")
    rows = april(["Khoa Kinh tế", "Nguyễn Thị Lan", "Giáo viên", "0912000009", ""])
    rows[5][1] = "Hoàng Thị Lan"  # her row, under her husband's family name

    refused = year("org", "import", str(write_csv(tmp_path / "thang-4.csv", EN_HEADER, rows)))

    assert refused.returncode == 1
    assert (
        f"  Dòng 7: số điện thoại 0912000009 đã là của Nguyễn Thị Lan (mã số {lan}, Khoa Kinh tế) trong "
        'danh sách, nên dòng "Hoàng Thị Lan" (Giáo viên) không được nhập. Nếu số gõ nhầm, hãy sửa số điện '
        'thoại của dòng này; nếu dòng này đúng là Nguyễn Thị Lan, hãy ghi tên "Nguyễn Thị Lan" như danh sách '
        f'đã có; nếu là cùng người đổi tên: chungtay people rename {lan} "Hoàng Thị Lan". Rồi nhập lại\n'
    ) in refused.stdout
    assert "Không có trong danh sách mới" not in refused.stdout  # the line above is about her
    assert await sql(year.url, f"SELECT full_name FROM person WHERE id = {lan}") == [("Nguyễn Thị Lan",)]


async def test_someone_who_left_and_is_listed_with_a_new_role_is_given_back_then_granted_it(
    year: UrlCli, tmp_path: Path
) -> None:
    """Tâm left in August; a list has him as Phòng Đào tạo's treasurer, a role he never held: `people back`
    alone would not give it, so the line names it with both commands."""
    tam = await person_id(year.url, "Hà Văn Tâm")
    ok(year("people", "leave", str(tam), "--on", "31/08/2026"))
    rows = april(["Phòng Đào tạo", "Hà Văn Tâm", "Chuyên viên", "0912000010", "thủ quỹ"])

    out = ok(year("org", "import", str(write_csv(tmp_path / "thang-9.csv", EN_HEADER, rows))))

    assert (
        "  Dòng 8: Hà Văn Tâm đã nghỉ từ 31/08/2026, nên chưa được cấp vai trò thủ quỹ (phong-dao-tao) ghi "
        f"trên dòng này; nếu đã trở lại làm việc: chungtay people back {tam}, rồi chungtay people grant "
        f"{tam} treasurer --unit phong-dao-tao\n"
    ) in out
    assert await held_roles(year.url, tam) == set()
    ok(year("people", "back", str(tam)))
    ok(year("people", "grant", str(tam), "treasurer", "--unit", "phong-dao-tao"))
    assert await held_roles(year.url, tam) == {("member", "phong-dao-tao"), ("treasurer", "phong-dao-tao")}


async def test_someone_who_joined_with_another_units_code_and_is_then_listed_is_named_with_the_merge(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    loan = await invited_person(db, org, "Phùng Thị Loan")  # joined Khoa Nội with the code at hand
    cli = Cli(tmp_path, db_path)
    rows = [["Khoa Ngoại", "Phùng Thị Loan", "Điều dưỡng", "0912000014", ""]]

    out = ok(cli("org", "import", str(write_csv(tmp_path / "thang-4.csv", EN_HEADER, rows))))

    listed = query(db_path, "SELECT id FROM person WHERE listed = 1")[0][0]
    assert (
        f'  Dòng 2: Phùng Thị Loan (mã số {loan}) đã tham gia bằng mã mời vào đơn vị "Khoa Nội" trước khi có '
        f'tên trong danh sách; dòng "Phùng Thị Loan" (Điều dưỡng) ở đơn vị "Khoa Ngoại" là hồ sơ mã số '
        f"{listed}. Nếu là cùng một người, hãy gộp hai hồ sơ: chungtay people merge {loan} {listed}\n"
    ) in out


async def test_a_new_unit_written_two_ways_in_one_file_comes_with_the_merge(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    rows = [
        ["Phòng Công tác HSSV", "Trần Văn Bình", "Chuyên viên", "0912000021", ""],
        ["Khoa Nội", "Lê Thị Hoa", "Bác sĩ", "0912000022", ""],
        ["Phòng CT HSSV", "Ngô Thị Hạnh", "Chuyên viên", "0912000023", ""],
    ]

    out = ok(cli("org", "import", str(write_csv(tmp_path / "ds.csv", EN_HEADER, rows))))

    assert out == (
        "Đã thêm 3 người; bỏ qua 0 dòng; 3 đơn vị mới.\n"
        "Đơn vị mới:\n"
        '  Phòng CT HSSV (mã phong-ct-hssv); gần giống đơn vị "Phòng Công tác HSSV" (phong-cong-tac-hssv) '
        "cũng mới trong tệp này: nếu là một đơn vị, hãy gộp: chungtay org unit-merge phong-ct-hssv "
        "phong-cong-tac-hssv\n"
    )
    ok(cli("org", "unit-merge", "phong-ct-hssv", "phong-cong-tac-hssv", "--yes"))


async def test_a_role_the_import_gives_or_a_move_is_told_to_the_person_as_a_grant_in_the_chat_is(
    year: UrlCli, tmp_path: Path
) -> None:
    """Huy becomes Khoa Kinh tế's treasurer by the list; Anh, Khoa Công nghệ's treasurer, moves to Phòng Đào
    tạo. Both have joined on a messenger: each hears what changed, as from /phanquyen."""
    huy, anh = await person_id(year.url, "Đặng Quốc Huy"), await person_id(year.url, "Vũ Đức Anh")
    engine = make_engine(year.url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            for pid, chat in ((huy, "555001"), (anh, "555002")):
                session.add(
                    ChannelIdentity(channel="telegram", external_id=chat, person_id=pid, created_at=NOW)
                )
    finally:
        await engine.dispose()
    rows = april(
        ["Khoa Kinh tế", "Đặng Quốc Huy", "Giáo viên", "0912000008", "thủ quỹ"],
        ["Phòng Đào tạo", "Vũ Đức Anh", "Kế toán", "0912000003", ""],
    )

    out = ok(year("org", "import", str(write_csv(tmp_path / "thang-4.csv", EN_HEADER, rows))))

    assert "  Dòng 6: cấp vai trò: Đặng Quốc Huy: thủ quỹ (khoa-kinh-te)\n" in out
    assert out.splitlines()[0].startswith("Đã thêm 0 người; 7 người đã có: 2 thay đổi, 5 như cũ;")
    told = await sql(year.url, f"SELECT person_id, payload FROM outbox WHERE person_id IN ({huy}, {anh})")
    texts = sorted(
        (pid, (json.loads(p) if isinstance(p, str) else p)["text"])
        for pid, p in told  # type: ignore[arg-type]
    )
    assert [pid for pid, _ in texts] == sorted([huy, anh, anh])
    assert sorted((pid, text.split(":")[0].split(".")[0]) for pid, text in texts) == sorted(
        [
            (huy, "Anh/chị vừa được giao vai trò thủ quỹ Khoa Kinh tế"),
            (anh, "Anh/chị nay là thành viên của Phòng Đào tạo"),
            (anh, "Văn phòng đã thu hồi vai trò thủ quỹ Khoa Công nghệ đã giao cho anh/chị"),
        ]
    )
    again = ok(year("org", "import", str(tmp_path / "thang-4.csv")))
    assert "cấp vai trò" not in again
    assert len(await sql(year.url, "SELECT id FROM outbox")) == 3  # said once


@pytest.mark.parametrize(
    ("new", "old", "near"),
    [
        ("Khoa CN", "Khoa Công nghệ", True),
        ("KCN", "Khoa Công nghệ", True),
        ("Phòng TC-HC", "Phòng Tổ chức – Hành chính", True),
        ("Khoa Cong nghe thong tin", "Khoa Công nghệ", False),
        ("Khoa Công ngê", "Khoa Công nghệ", True),
        ("Khoa Nội", "Khoa Ngoại", False),
        ("Khoa KT", "Khoa Công nghệ", False),
        # every hospital has both: a word apart, each a word of its own (a letter off, or two in a long name)
        ("Khoa Nhi", "Khoa Nội", False),
        ("Khoa Ngoại tổng hợp", "Khoa Nội tổng hợp", False),
        ("Khoa Ngaoi", "Khoa Ngoại", True),  # no word is written so: a slip
        ("Phòng Điều dưỡg", "Phòng Điều dưỡng", True),
        # one of two departments made one, written as it was: named for the merge, never taken (2318)
        ("khoa Noi", "Khoa Nội – Nội tiết", True),
        ("Khoa Nội tiết", "Khoa Nội – Nội tiết", True),
        ("Khoa Ngoại", "Khoa Nội – Nội tiết", False),
    ],
)
def test_a_new_unit_name_reads_near_an_existing_one_only_when_shortened_or_a_letter_or_two_off(
    new: str, old: str, near: bool
) -> None:
    assert org_import.near_unit_names(new, old) is near


def office_list(path: Path, header: Sequence[str], sign_at: int = 3) -> Path:
    """A list as a school's office writes it: two title rows merged across, its own column names, a phone
    typed as a number (its 0 lost), one unit written two ways, and under the list the date and the two
    signatures with the names signed (the head's in the column `sign_at`)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    sheet.merge_cells("A1:C1")
    sheet["A2"] = "DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN NĂM HỌC 2026-2027"
    sheet.merge_cells("A2:E2")
    for row in (
        list(header),
        [1, "Nguyễn Văn An", "Ban Giám hiệu", "Hiệu trưởng", 912345678],
        [2, "LÊ VĂN CƯỜNG", "Tổ Toán - Tin", "Tổ trưởng", "0905 123 456"],
        [3, "Phạm Thị Dung", "Tổ Toán-Tin", "Giáo viên", 986111222],
        [],
        [None, None, None, None, None],
        [None, "NGƯỜI LẬP BIỂU", None, None, None],
        [None, None, None, None, None],
        [None, "Vũ Thị Hoa", None, None, None],
    ):
        sheet.append(row)
    for line, written in zip(
        (8, 9, 10, 11),
        ("Lê Lợi, ngày 15 tháng 9 năm 2026", "HIỆU TRƯỞNG", "(Ký, ghi rõ họ tên, đóng dấu)", "Nguyễn Văn An"),
        strict=True,
    ):
        sheet.cell(line, sign_at + 1, written)
    workbook.save(path)
    return path


async def test_an_offices_own_column_names_are_read_and_a_phone_column_not_read_is_said(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    header = ["STT", "Họ và tên", "Đơn vị công tác", "Chức vụ/Chức danh", "Số điện thoại di động"]

    out = ok(cli("org", "import", str(office_list(tmp_path / "ds.xlsx", header))))

    assert out.splitlines()[0] == "Đã thêm 3 người; bỏ qua 0 dòng; 2 đơn vị mới."
    assert query(db_path, "SELECT full_name, phone, position FROM person ORDER BY id") == [
        ("Nguyễn Văn An", "0912345678", "Hiệu trưởng"),
        ("Lê Văn Cường", "0905123456", "Tổ trưởng"),
        ("Phạm Thị Dung", "0986111222", "Giáo viên"),
    ]
    assert "không có cột" not in out
    an = query(db_path, "SELECT id FROM person WHERE full_name = 'Nguyễn Văn An'")[0][0]
    assert (  # no role column, yet the principal is named with the grant that makes him the school's head
        "Người đứng đầu cả tổ chức (chủ tịch xã, hiệu trưởng, giám đốc…) cần thêm vai trò lãnh đạo toàn tổ "
        "chức: chungtay people grant MÃ_SỐ leader --org-wide (mã số: chungtay people list).\n"
        "  Dòng 4: Nguyễn Văn An (Hiệu trưởng) ở Ban Giám hiệu; nếu là người đứng đầu cả tổ chức: chungtay "
        f"people grant {an} leader --org-wide\n"
    ) in out and "Lãnh đạo trong danh sách" not in out
    unread = office_list(tmp_path / "lien-he.xlsx", ["STT", "Họ và tên", "Đơn vị", "Chức vụ", "Liên hệ"])

    again = ok(cli("org", "import", str(unread)))

    assert (
        "Tệp không có cột “Số điện thoại” (các cột không đọc: “STT”, “Liên hệ”): mọi người được nhập "
        "không kèm số điện thoại, nên khi tham gia không nhận được hồ sơ của mình bằng 4 số cuối. Nếu tệp "
        "có số điện thoại, hãy đặt tiêu đề cột đó là “Số điện thoại” (ô ghi như 0912345678) rồi nhập lại.\n"
    ) in again
    assert query(db_path, "SELECT count(*) FROM person") == [(3,)]  # found again by unit, name and position


# Under the unit: a commune's hamlet column, where its clerk writes the date and the hamlet head signs (0604).
@pytest.mark.parametrize(
    "sign_at", [3, 4, 2], ids=["under-the-position", "under-the-phone", "under-the-unit"]
)
async def test_the_date_and_signatures_under_a_list_are_nobodys_rows_and_the_import_exits_0(
    org: Organisation, tmp_path: Path, db_path: Path, sign_at: int
) -> None:
    cli = Cli(tmp_path, db_path)
    header = ["STT", "Họ và tên", "Đơn vị", "Chức vụ", "Số điện thoại"]

    result = cli("org", "import", str(office_list(tmp_path / "ds.xlsx", header, sign_at)))

    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[:2] == [
        "Đã thêm 3 người; bỏ qua 0 dòng; 2 đơn vị mới.",
        "Dưới danh sách, dòng 8, 9, 10, 11 không ghi đơn vị (ngày tháng, chữ ký…): không phải người, "
        "đã bỏ qua.",
    ]
    assert query(db_path, "SELECT count(*) FROM person WHERE full_name = 'Vũ Thị Hoa'") == [(0,)]
    merged = [
        header,
        [4, "Ngô Thị Lan", "Tổ Văn", "Giáo viên", None],
        [5, "Đinh Văn Sơn", None, "Giáo viên", None],
    ]
    path = write_xlsx(
        tmp_path / "gop-o.xlsx", merged
    )  # the unit's cell merged down over the last row: no foot

    last = cli("org", "import", str(path))

    assert last.returncode == 1
    assert (
        "Dòng 3: thiếu đơn vị (ví dụ: Phòng Đào tạo, Khoa Nội)" in last.stdout and "Dưới" not in last.stdout
    )


async def test_numbered_people_under_a_blank_row_without_phones_are_skipped_rows_not_the_lists_foot(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    """A hamlet's households under its heading, a blank row, then more numbered households with no phone (most
    have none): they are people whose unit is missing, said as skipped rows, not the date and signatures."""
    rows: list[list[object]] = [
        ["STT", "Họ tên chủ hộ", "Số điện thoại"],
        ["THÔN BUÔN MA"],
        [1, "Y Bhin Niê", 905111222],
        [2, "H Lan Êban", None],
        [],
        [3, "Y Kông Mlô", None],
        [4, "H Mai Ksor", "chưa có"],
    ]
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "kind", "commune"))  # a commune's clerk is shown a hamlet, not “Khoa Nội” (decision 0604)

    result = cli("org", "import", str(write_xlsx(tmp_path / "ho.xlsx", rows)))

    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "Đã thêm 2 người; bỏ qua 2 dòng; 1 thôn, ban mới."
    for line in (6, 7):
        assert f"  Dòng {line}: thiếu đơn vị (ví dụ: Thôn 3, UBND xã)\n" in result.stdout
    assert "Dưới danh sách" not in result.stdout


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
async def test_a_cell_merged_down_over_its_peoples_rows_is_read_in_each_and_an_empty_one_stays_missing(
    org: Organisation, tmp_path: Path, db_path: Path, kind: str
) -> None:
    rows = (
        ["STT", "Họ và tên", "Đơn vị", "Chức vụ", "Số điện thoại"],
        [1, "Trần Thị Mai", "Khoa Nội", "Trưởng khoa", 912000001],
        [2, "Lê Văn Nam", None, "Bác sĩ", 912000002],
        [3, "Phạm Thị Hà", None, "Điều dưỡng", None],
        [4, "Hoàng Văn Tú", "Khoa Ngoại", "Điều dưỡng", 912000004],
        [5, "Vũ Thị Lan", None, None, 912000005],
        [6, "Đỗ Văn Sơn", None, "Bác sĩ", 912000006],  # under no merge: its unit is missing
    )
    # “Khoa Nội” written once over its three people, “Khoa Ngoại” over two, a position merged too
    merged = [(1, 3, 2, 2), (4, 5, 2, 2), (4, 5, 3, 3)]
    path = merged_workbook(tmp_path / "gop.xlsx", kind, rows, merged)  # an .xls says them with its formatting

    result = Cli(tmp_path, db_path)("org", "import", str(path))

    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "Đã thêm 5 người; bỏ qua 1 dòng; 2 đơn vị mới."
    assert "  Dòng 7: thiếu đơn vị (ví dụ: Phòng Đào tạo, Khoa Nội)\n" in result.stdout
    assert query(
        db_path,
        "SELECT p.full_name, u.name, p.position FROM person p JOIN unit u ON u.id = p.unit_id ORDER BY p.id",
    ) == [
        ("Trần Thị Mai", "Khoa Nội", "Trưởng khoa"),
        ("Lê Văn Nam", "Khoa Nội", "Bác sĩ"),
        ("Phạm Thị Hà", "Khoa Nội", "Điều dưỡng"),
        ("Hoàng Văn Tú", "Khoa Ngoại", "Điều dưỡng"),
        ("Vũ Thị Lan", "Khoa Ngoại", "Điều dưỡng"),
    ]


async def test_a_communes_list_of_households_by_hamlet_is_read_and_its_rows_are_households_once_a_commune(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    path = write_xlsx(
        tmp_path / "ho-gia-dinh.xlsx",
        [
            ["DANH SÁCH HỘ GIA ĐÌNH XÃ SƠN THỦY NĂM 2026"],
            ["STT", "Họ tên chủ hộ", "Thôn", "Số điện thoại"],
            [1, "Trần Văn Ba", "Thôn 3", "0912 345 678"],
            [2, "Lê Thị Tư", "Thôn 3", None],
            [3, "Hà Văn Năm", "Thôn 5", 987654321],
        ],
    )

    first = ok(cli("org", "import", str(path)))  # nothing says the organisation is a commune yet

    assert first.splitlines()[:2] == [
        "Đã thêm 3 người; bỏ qua 0 dòng; 2 đơn vị mới.",
        "Cột “Họ tên chủ hộ”: nếu đây là danh sách hộ gia đình của xã, hãy cho biết tổ chức là xã: "
        "chungtay org kind commune, rồi nhập lại tệp này (hoặc ghi “hộ gia đình” ở cột “Loại”). Lần này các "
        "dòng không ghi cột “Loại” chưa được ghi là hộ gia đình.",
    ]
    ok(cli("org", "kind", "commune"))  # as the line says

    again = ok(cli("org", "import", str(path)))

    assert again.splitlines()[1] == (
        "Cột “Họ tên chủ hộ”: tổ chức là xã, nên các dòng không ghi cột “Loại” được nhập là hộ gia đình."
    )
    assert query(
        db_path,
        "SELECT p.full_name, u.name, p.kind FROM person p JOIN unit u ON u.id = p.unit_id ORDER BY p.id",
    ) == [
        ("Trần Văn Ba", "Thôn 3", "household"),
        ("Lê Thị Tư", "Thôn 3", "household"),
        ("Hà Văn Năm", "Thôn 5", "household"),
    ]
    for hamlet in ("Ấp", "Tổ dân phố", "Thôn/Xóm"):
        assert org_import._header_map(["STT", "Chủ hộ", hamlet, "SĐT"]) == {
            "full_name": 1,
            "unit": 2,
            "phone": 3,
        }
    by_address = write_xlsx(
        tmp_path / "dia-chi.xlsx", [["STT", "Họ tên chủ hộ", "Địa chỉ"], [1, "Đinh Văn Sáu", "Số 4"]]
    )

    refused = cli("org", "import", str(by_address))

    assert refused.returncode == 2 and query(db_path, "SELECT count(*) FROM person") == [(3,)]
    assert (
        'Tệp "dia-chi.xlsx" có cột “Địa chỉ” nhưng không có cột đơn vị: địa chỉ của từng hộ không được đọc '
        "là đơn vị. Hãy thêm cột ghi thôn của mỗi hộ, tiêu đề “Thôn” (hoặc “Ấp”, “Tổ dân phố”), ô ghi như "
        "“Thôn 3”, rồi nhập lại."
    ) in refused.stderr
    staff = write_xlsx(  # the commune's staff: its officers are the Front's, in the report as on every screen
        tmp_path / "can-bo.xlsx",
        [
            ["Họ và tên", "Đơn vị", "Chức vụ", "Vai trò", "Số điện thoại"],
            ["Phạm Thị Hoa", "Ủy ban MTTQ xã", "Trưởng ban vận động", "cán bộ Mặt trận", "0913 111 222"],
            ["Đỗ Văn Bảy", "Thôn 5", "Bí thư chi bộ", "kế toán", "0913 333 444"],
            # the hamlet head's household, with his role in its cell (decision 0639): the Front's word
            ["Hoàng Văn Em", "Thôn 5", "", "hộ gia đình, cán bộ Mặt trận", "0913 555 666"],
        ],
    )

    async with db() as session, session.begin():  # the commune is a ward: its whole in its word (2924)
        await session.execute(text("UPDATE organisation SET name = 'UBND phường Sơn Thủy'"))

    staffed = ok(cli("org", "import", str(staff)))

    # a commune's new unit is a hamlet's or a board's, as the clerk calls it, never “đơn vị”
    assert staffed.startswith("Đã thêm 3 người; bỏ qua 0 dòng; 1 thôn, ban mới.\n"), staffed
    assert "Thôn, ban mới:\n  Ủy ban MTTQ xã (mã uy-ban-mttq-xa)\n" in staffed, staffed
    assert (
        'Dòng 3: không rõ vai trò "kế toán": đã nhập với vai trò thành viên, không cấp gì thêm. Ô Vai trò '
        "ghi, ví dụ: để trống hay “cán bộ” (thành viên); “hộ gia đình”; “thủ quỹ”; “cán bộ Mặt trận”; "
        "“trưởng thôn” hay “lãnh đạo”; “quản trị”; nếu người này cần một vai trò khác, hãy sửa ô rồi nhập lại"
    ) in staffed
    assert (
        "Cán bộ, thủ quỹ trong danh sách phụ trách thôn, ban ghi trên dòng của mình. Người phụ trách cả "
        "phường (Ủy ban Mặt trận, ban vận động) cần thêm vai trò toàn phường:\n  Dòng 2: Phạm Thị Hoa "
        "(Trưởng ban vận động) là cán bộ Mặt trận của Ủy ban MTTQ xã; nếu phụ trách cả phường: chungtay "
        "people grant "
    ) in staffed, staffed
    assert (
        "Dòng 4: Hoàng Văn Em là hộ gia đình; nếu chủ hộ giữ vai trò cán bộ Mặt trận, hãy tạo mã mời cho "
        "người đó: chungtay invite create --unit thon-5 --role officer;"
    ) in staffed
    assert "công đoàn" not in staffed
    rows = [
        ["Họ và tên", "Đơn vị", "Chức vụ", "Vai trò", "Số điện thoại"],
        ["Đỗ Văn Bảy", "Thôn 5", "Bí thư chi bộ", "cán bộ Mặt trận", "0913 333 444"],
    ]
    granted = ok(cli("org", "import", str(write_xlsx(tmp_path / "can-bo-2.xlsx", rows))))

    assert "Dòng 2: cấp vai trò: Đỗ Văn Bảy: cán bộ Mặt trận (thon-5)" in granted
    assert "công đoàn" not in granted


TEACHERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
TEACHERS += ["Vũ Thị Gấm", "Đỗ Văn Hải", "Bùi Thị Hoa", "Đặng Văn Khoa", "Ngô Thị Lan"]


@pytest.mark.parametrize("kind", ["xls", "xlsx"])
async def test_a_schools_list_with_a_merged_title_header_and_unit_and_two_phone_columns_imports_every_teacher(
    org: Organisation, tmp_path: Path, db_path: Path, kind: str
) -> None:
    rows: list[list[object]] = [
        ["SỞ GIÁO DỤC VÀ ĐÀO TẠO HÀ TĨNH"],
        ["DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN NĂM HỌC 2026-2027"],
        ["TT", "Họ và tên", "Tổ chuyên môn", "Chức vụ", "Điện thoại", None],
        [None, None, None, None, "Cơ quan", "Di động"],  # “Điện thoại” merged over its two columns
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
    ]
    for n, name in enumerate(TEACHERS):
        mobile = None if name == "Phạm Thị Dung" else f"0912 345 6{n:02d}"
        if name == "Vũ Thị Gấm":
            mobile = "0912 345 605 / 0243 456 789"  # both in one cell, the office's written the old way
        rows.append([n + 1, name, "Tổ Toán" if n == 0 else None, "Giáo viên", "024 3825 1234", mobile])
    # the titles across, the header's cells over its two lines, “Tổ Toán” once over its ten teachers
    merged = [(0, 0, 0, 3), (1, 1, 0, 5), (2, 2, 4, 5), (5, 14, 2, 2)]
    merged += [(2, 3, column, column) for column in range(4)]
    path = merged_workbook(tmp_path / "ds-gv.xlsx", kind, rows, merged)

    cli = Cli(tmp_path, db_path)

    out = ok(cli("org", "import", str(path)))

    assert out.splitlines() == [
        "Đã thêm 10 người; bỏ qua 0 dòng; 1 đơn vị mới.",
        "Các dòng đã nhập, có cảnh báo:",
        "  Dòng 9: số máy bàn 02438251234 ghi ở 10 dòng, là số chung của cơ quan nên không ghi cho "
        '"Phạm Thị Dung" (Giáo viên); hãy ghi số di động của người này (ví dụ 0912345678) rồi nhập lại, để '
        "khi tham gia người này nhận được hồ sơ của mình",
    ]
    assert query(
        db_path,
        "SELECT p.full_name, u.name, p.phone FROM person p JOIN unit u ON u.id = p.unit_id ORDER BY p.id",
    ) == [
        (name, "Tổ Toán", None if name == "Phạm Thị Dung" else f"09123456{n:02d}")
        for n, name in enumerate(TEACHERS)
    ]
    again = ok(cli("org", "import", str(path)))  # each found again, the one without a mobile too

    assert again.splitlines()[0] == (
        "Đã thêm 0 người; 10 người đã có: 0 thay đổi, 10 như cũ; bỏ qua 0 dòng; 0 đơn vị mới."
    )


async def test_a_phone_column_under_a_merged_contact_heading_is_read_and_its_numbers_kept(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    """A finding from a district office setting the bot up: its list wrote “Thông tin liên hệ” merged over
    “Số điện thoại” and “Email”; the import read the column as “Thông tin liên hệ Số điện thoại”, said the
    list had no phone column and imported everyone without one, so nobody could claim their record by the
    phone's last 4 digits. A label under such a heading that names the phone by itself is the phone."""
    rows: list[list[object]] = [
        ["ỦY BAN MTTQ VIỆT NAM XÃ KHÁNH VĨNH"],
        ["DANH SÁCH CÁN BỘ, CÔNG CHỨC NĂM 2027"],
        [],
        ["STT", "Họ và tên", "Đơn vị công tác", "Chức vụ", "Thông tin liên hệ", None],
        [None, None, None, None, "Số điện thoại", "Email"],
        [1, "Nguyễn Văn An", "Văn phòng", "Chủ tịch", 912345678, "an@mttq.vn"],
        [],
        [2, "Võ Thị Mai", "Ban Phong trào", "Chuyên viên", "0345 111 222", None],
    ]
    merged = [(0, 0, 0, 5), (1, 1, 0, 5), (3, 3, 4, 5)] + [(3, 4, column, column) for column in range(4)]
    path = merged_workbook(tmp_path / "ds-can-bo.xlsx", "xlsx", rows, merged)

    out = ok(Cli(tmp_path, db_path)("org", "import", str(path)))

    assert "không có cột “Số điện thoại”" not in out
    assert query(db_path, "SELECT full_name, phone FROM person ORDER BY id") == [
        ("Nguyễn Văn An", "0912345678"),
        ("Võ Thị Mai", "0345111222"),
    ]


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
async def test_a_hospitals_list_with_its_name_split_under_a_merged_ho_va_ten_imports_each_whole_name(
    org: Organisation, tmp_path: Path, db_path: Path, kind: str
) -> None:
    """The clerk's list as HR keeps it: “Họ và tên” merged over “Họ đệm” and “Tên”, the names in capitals,
    a birthday as an Excel date, the phone a number that lost its 0, the unit with spaces after it, a blank
    row. Each person is their whole name, and the header's second line is nobody's row."""
    rows: list[list[object]] = [
        ["DANH SÁCH TRÍCH NGANG CÁN BỘ, VIÊN CHỨC NĂM 2026"],
        ["STT", "Họ và tên", None, "Ngày sinh", "Đơn vị công tác", "Chức danh", "Số ĐT"],
        [None, "Họ đệm", "Tên", None, None, None, None],
        [1, "NGUYỄN VĂN", "AN", datetime(1970, 3, 12), "Ban Giám đốc ", "Giám đốc", 905123456],
        [],
        [2, "TRẦN THỊ", "BÌNH", datetime(1982, 7, 1), "Khoa Nội  ", "Điều dưỡng", 912345678],
        ["II. KHOA NGOẠI - GMHS "],  # a department across a merged row, its short name kept in capitals
        [3, "ĐINH VĂN", "LỘC", datetime(1985, 3, 3), None, "Bác sĩ", 912111002],
        ["III. TRẠM Y TẾ XÃ CƯ KTY"],  # an Ê-đê commune's name is words, not a short name
        [4, "Y KÔNG", "MLÔ", datetime(1990, 5, 5), None, "Y sĩ", 912111003],
        ["IV. KHOA ICU"],  # letters said one by one, as “HIV”: a known acronym, kept (decision 0604)
        [5, "LÊ THỊ", "HOA", datetime(1992, 6, 6), None, "Điều dưỡng", 912111004],
    ]
    merged = [(0, 0, 0, 6), (1, 1, 1, 2), (6, 6, 0, 6), (8, 8, 0, 6), (10, 10, 0, 6)] + [
        (1, 2, column, column) for column in (0, 3, 4, 5, 6)
    ]
    path = merged_workbook(tmp_path / "trich-ngang.xlsx", kind, rows, merged)

    out = ok(Cli(tmp_path, db_path)("org", "import", str(path)))

    assert out.splitlines()[0] == "Đã thêm 5 người; bỏ qua 0 dòng; 5 đơn vị mới."
    assert "Dòng 3" not in out
    assert query(
        db_path,
        "SELECT p.full_name, u.name, p.phone FROM person p JOIN unit u ON u.id = p.unit_id ORDER BY p.id",
    ) == [
        ("Nguyễn Văn An", "Ban Giám đốc", "0905123456"),
        ("Trần Thị Bình", "Khoa Nội", "0912345678"),
        ("Đinh Văn Lộc", "Khoa Ngoại - GMHS", "0912111002"),
        ("Y Kông Mlô", "Trạm Y Tế Xã Cư Kty", "0912111003"),
        ("Lê Thị Hoa", "Khoa ICU", "0912111004"),
    ]


@pytest.mark.parametrize(("kind", "second_line"), [("xlsx", True), ("xlsx", False), ("xls", False)])
async def test_a_name_split_under_a_merged_ho_va_ten_with_only_ten_written_keeps_each_given_name(
    org: Organisation, tmp_path: Path, db_path: Path, kind: str, second_line: bool
) -> None:
    """The same split name, its second header line saying only “Tên” under the merge's empty neighbour, or
    no second line at all (“Họ và tên” merged across the two columns on one line, decision 0604): each
    person is still their whole name, not “Nguyễn Văn” without the given name."""
    rows: list[list[object]] = [
        ["STT", "Họ và tên", None, "Đơn vị", "Số ĐT"],
        *([[None, None, "Tên", None, None]] if second_line else []),
        [1, "Nguyễn Văn", "An", "Khoa Nội", 905123456],
        [2, "Lê Thị", "Bình", "Khoa Nội", 912345678],
    ]
    path = merged_workbook(tmp_path / "ten.xlsx", kind, rows, [(0, 0, 1, 2)])

    out = ok(Cli(tmp_path, db_path)("org", "import", str(path)))

    assert out.splitlines()[0] == "Đã thêm 2 người; bỏ qua 0 dòng; 1 đơn vị mới."
    names = query(db_path, "SELECT full_name FROM person ORDER BY id")
    assert names == [("Nguyễn Văn An",), ("Lê Thị Bình",)]


@pytest.mark.parametrize("beside", [("Nam", "Nữ"), (1985, 1992)], ids=["gender", "year"])
async def test_ho_va_ten_merged_by_mistake_over_the_gender_or_year_column_keeps_each_name_as_written(
    org: Organisation, tmp_path: Path, db_path: Path, beside: tuple[object, object]
) -> None:
    """“Họ và tên” merged across its neighbour by mistake, hiding that column's “Giới tính” or “Năm sinh”:
    each whole name is in its own cell. “Nguyễn Văn An” was stored “Nguyễn Văn An Nam”, “Lê Thị Bình” “Lê Thị
    Bình Nữ” (decision 0627)."""
    rows: list[list[object]] = [
        ["STT", "Họ và tên", None, "Đơn vị", "Số ĐT"],
        [1, "Nguyễn Văn An", beside[0], "Khoa Nội", 905123456],
        [2, "Lê Thị Bình", beside[1], "Khoa Nội", 912345678],
    ]
    path = merged_workbook(tmp_path / "gioi-tinh.xlsx", "xlsx", rows, [(0, 0, 1, 2)])

    out = ok(Cli(tmp_path, db_path)("org", "import", str(path)))

    assert out.splitlines()[0] == "Đã thêm 2 người; bỏ qua 0 dòng; 1 đơn vị mới."
    names = query(db_path, "SELECT full_name FROM person ORDER BY id")
    assert names == [("Nguyễn Văn An",), ("Lê Thị Bình",)]


def merged_workbook(
    path: Path, kind: str, rows: Sequence[Sequence[object]], merged: Sequence[tuple[int, ...]]
) -> Path:
    """`rows` as an .xls or an .xlsx with the cells `merged` (first row, last row, first column, last column,
    from 0)."""
    if kind == "xls":
        return write_xls(path.with_suffix(".xls"), rows, merged)
    write_xlsx(path, rows)
    workbook = load_workbook(path)
    for first, last, low, high in merged:
        workbook.active.merge_cells(
            start_row=first + 1, end_row=last + 1, start_column=low + 1, end_column=high + 1
        )
    workbook.save(path)
    return path


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
async def test_a_schools_groups_written_as_heading_rows_are_their_teachers_units_said_once(
    org: Organisation, tmp_path: Path, db_path: Path, kind: str
) -> None:
    """The school's list has no unit column: “I. BAN GIÁM HIỆU”, “II. TỔ VĂN”, “TỔ TOÁN - TIN (3 người)”
    each across a merged row over its teachers, the retired under a heading of their own, the total and the
    signatures under the list. Each teacher goes into their group, said once; the retired, the total and
    the signatures are nobody, and a teacher whose note says she retires is named with the leaving to
    record; the same list again, or corrected with a unit on every row, moves nobody."""
    rows: list[list[object]] = [
        ["DANH SÁCH CÁN BỘ, GIÁO VIÊN NĂM HỌC 2026-2027"],
        ["TT", "Họ và tên", "Chức vụ", "Số điện thoại", "Ghi chú"],
        ["I. BAN GIÁM HIỆU"],
        [1, "Nguyễn Văn An", "Hiệu trưởng", "0912 000 001"],
        [2, "Trần Thị Bình", "Phó hiệu trưởng", "0912000002"],
        ["II. TỔ VĂN"],
        [3, "Lê Văn Cường", "Tổ trưởng", "0912000003"],
        [4, "Phạm Thị Dung", "Giáo viên", "0912000004", "Nghỉ hưu từ 1/1/2027"],
        ["TỔ TOÁN - TIN (3 người)"],
        [5, "Hoàng Văn Em", "Giáo viên", "0912000005"],
        [6, "Vũ Thị Gấm", "Giáo viên", "0912000006"],
        [7, "Tô Văn Hải", "Giáo viên", None],  # “Tô”, not “Tổ”: a teacher
        ["III. CÁN BỘ NGHỈ HƯU"],
        [8, "Bùi Thị Hoa", "Giáo viên", "0912000008", "nghỉ hưu 01/09/2026"],
        [None, "Tổng cộng: 8"],
        [],
        [None, None, "Lê Lợi, ngày 15 tháng 9 năm 2026"],
        [None, None, "HIỆU TRƯỞNG"],
        [None, None, "Nguyễn Văn An"],
    ]
    merged = [(0, 0, 0, 4)] + [(line, line, 0, 4) for line in (2, 5, 8, 12)]
    path = merged_workbook(tmp_path / "ds-truong.xlsx", kind, rows, merged)
    cli = Cli(tmp_path, db_path)

    out = ok(cli("org", "import", str(path)))

    assert out.splitlines()[:11] == [
        "Đã thêm 7 người; bỏ qua 0 dòng; 3 đơn vị mới.",
        "Dưới danh sách, dòng 17, 18, 19 không ghi đơn vị (ngày tháng, chữ ký…): không phải người, "
        "đã bỏ qua.",
        "Dòng ghi riêng tên đơn vị, đọc là đơn vị của những người ở dưới (đến dòng trống hoặc tên sau):",
        "  Dòng 3 “I. BAN GIÁM HIỆU”: Ban Giám hiệu, 2 người (dòng 4, 5)",
        "  Dòng 6 “II. TỔ VĂN”: Tổ Văn, 2 người (dòng 7, 8)",
        "  Dòng 9 “TỔ TOÁN - TIN (3 người)”: Tổ Toán - Tin, 3 người (dòng 10–12)",
        "  Dòng 13 “III. CÁN BỘ NGHỈ HƯU”: không phải đơn vị; 1 người dưới đó đã nghỉ hưu nên không được "
        "nhập (dòng 14: Bùi Thị Hoa); người đã có trong danh sách thì có tên ở “Không có trong danh sách "
        "mới” để ghi nghỉ",
        "Dòng 15 “Tổng cộng: 8”: dòng cộng, không phải người, đã bỏ qua.",
        "Các dòng đã nhập, có cảnh báo:",
        "  Dòng 8: Phạm Thị Dung ghi “Nghỉ hưu từ 1/1/2027”: đã nhập như người đang làm việc; nếu đã nghỉ "
        "hoặc sẽ nghỉ: chungtay people leave 4 --on 01/01/2027",
        "Người đứng đầu cả tổ chức (chủ tịch xã, hiệu trưởng, giám đốc…) cần thêm vai trò lãnh đạo toàn tổ "
        "chức: chungtay people grant MÃ_SỐ leader --org-wide (mã số: chungtay people list).",
    ]
    assert "  Dòng 4: Nguyễn Văn An (Hiệu trưởng) ở Ban Giám hiệu; nếu là người đứng đầu" in out
    units = "SELECT p.full_name, u.name FROM person p JOIN unit u ON u.id = p.unit_id ORDER BY p.id"
    assert query(db_path, units) == [
        ("Nguyễn Văn An", "Ban Giám hiệu"),
        ("Trần Thị Bình", "Ban Giám hiệu"),
        ("Lê Văn Cường", "Tổ Văn"),
        ("Phạm Thị Dung", "Tổ Văn"),
        ("Hoàng Văn Em", "Tổ Toán - Tin"),
        ("Vũ Thị Gấm", "Tổ Toán - Tin"),
        ("Tô Văn Hải", "Tổ Toán - Tin"),
    ]
    again = ok(cli("org", "import", str(path)))
    assert (
        again.splitlines()[0]
        == "Đã thêm 0 người; 7 người đã có: 0 thay đổi, 7 như cũ; bỏ qua 0 dòng; 0 đơn vị mới."
    )
    ok(cli("people", "leave", "4", "--on", "01/01/2027"))  # the line works: her leaving planned
    corrected = [  # the office's next list writes each teacher's group on their row, as it names it
        ["TT", "Họ và tên", "Tổ chuyên môn", "Chức vụ", "Số điện thoại"],
        [1, "Nguyễn Văn An", "Ban giám hiệu", "Hiệu trưởng", "0912000001"],
        [2, "Trần Thị Bình", "Ban giám hiệu", "Phó hiệu trưởng", "0912000002"],
        [3, "Lê Văn Cường", "Tổ Văn", "Tổ trưởng", "0912000003"],
        [4, "Phạm Thị Dung", "Tổ Văn", "Giáo viên", "0912000004"],
        [5, "Hoàng Văn Em", "Tổ Toán – Tin", "Giáo viên", "0912000005"],
        [6, "Vũ Thị Gấm", "Tổ Toán – Tin", "Giáo viên", "0912000006"],
        [7, "Tô Văn Hải", "Tổ Toán – Tin", "Giáo viên", None],
    ]

    fixed = ok(cli("org", "import", str(write_xlsx(tmp_path / "ds-sua.xlsx", corrected))))

    assert fixed.splitlines() == [
        "Đã thêm 0 người; 7 người đã có: 0 thay đổi, 7 như cũ; bỏ qua 0 dòng; 0 đơn vị mới.",
        "Người đứng đầu cả tổ chức (chủ tịch xã, hiệu trưởng, giám đốc…) cần thêm vai trò lãnh đạo toàn tổ "
        "chức: chungtay people grant MÃ_SỐ leader --org-wide (mã số: chungtay people list).",
        "  Dòng 2: Nguyễn Văn An (Hiệu trưởng) ở Ban Giám hiệu; nếu là người đứng đầu cả tổ chức: "
        "chungtay people grant 1 leader --org-wide",
    ]
    assert query(db_path, units)[4:] == [
        (name, "Tổ Toán - Tin") for name in ("Hoàng Văn Em", "Vũ Thị Gấm", "Tô Văn Hải")
    ]


async def test_a_hospitals_two_sheets_are_both_read_one_with_its_column_one_with_merged_department_rows(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    """The hospital's workbook keeps its offices on one sheet, with a “Khoa/Phòng” column, and its clinical
    departments on another, each department's name across a merged row over its staff: both sheets are
    read, each line said with its sheet, and each department is its staff's unit; the director's title signed
    under the unit's column is no unit over the name signed under it."""
    workbook = Workbook()
    offices = workbook.active
    offices.title = "Hành chính"
    for row in (
        ["DANH SÁCH VIÊN CHỨC, NGƯỜI LAO ĐỘNG"],
        ["STT", "Họ và tên", "Khoa/Phòng", "Chức vụ", "Số điện thoại"],
        [1, "Trần Văn Bảo", "Phòng Tổ chức cán bộ", "Trưởng phòng", "0913000001"],
        [2, "Lê Thị Cúc", "Phòng Tài chính kế toán", "Kế toán", "0913000002"],
        [3, "BGĐ", "Phòng Tổ chức cán bộ", "Phó giám đốc", "0913000007"],  # no one's name (decision 0327)
    ):
        offices.append(row)
    clinical = workbook.create_sheet("Lâm sàng")
    for row in (
        ["STT", "Họ và tên", "Chức vụ", "Số điện thoại"],
        ["KHOA NỘI"],
        [1, "Phạm Văn Đông", "Trưởng khoa", "0913000003"],
        [2, "Hoàng Thị Én", "Điều dưỡng", "0913000004"],
        ["Khoa Ngoại"],
        [3, "Vũ Văn Giang", "Bác sĩ", "0913000005"],
        [4, "Ngô Thị Hạnh", "Điều dưỡng", None],
        ["bgđ"],  # the board written short (decision 0325), in capitals as its name whatever the case (0327)
        [5, "Đinh Văn Khải", "Giám đốc", "0913000006"],
    ):
        clinical.append(row)
    for line in (2, 5, 8):
        clinical.merge_cells(start_row=line, end_row=line, start_column=1, end_column=4)
    path = tmp_path / "benh-vien.xlsx"
    workbook.save(path)
    cli = Cli(tmp_path, db_path)

    result = cli("org", "import", str(path))

    out = result.stdout
    assert result.returncode == 1 and "  Dòng 5 (Hành chính): ô họ và tên ghi “BGĐ”, tên viết tắt của" in out
    assert out.splitlines()[:6] == [
        "Đã thêm 7 người; bỏ qua 1 dòng; 5 đơn vị mới.",
        "Đã đọc 2 trang của tệp: “Hành chính” (3 dòng), “Lâm sàng” (5 dòng). Nếu có trang không phải danh "
        "sách hiện nay (danh sách năm trước), hãy xóa trang ấy khỏi tệp rồi nhập lại.",
        "Dòng ghi riêng tên đơn vị, đọc là đơn vị của những người ở dưới (đến dòng trống hoặc tên sau):",
        "  Dòng 2 (Lâm sàng) “KHOA NỘI”: Khoa Nội, 2 người (dòng 3, 4 (Lâm sàng))",
        "  Dòng 5 (Lâm sàng) “Khoa Ngoại”: Khoa Ngoại, 2 người (dòng 6, 7 (Lâm sàng))",
        "  Dòng 8 (Lâm sàng) “bgđ”: BGĐ, 1 người (dòng 9 (Lâm sàng))",
    ]
    assert query(
        db_path, "SELECT p.full_name, u.name FROM person p JOIN unit u ON u.id = p.unit_id ORDER BY p.id"
    ) == [
        ("Trần Văn Bảo", "Phòng Tổ chức cán bộ"),
        ("Lê Thị Cúc", "Phòng Tài chính kế toán"),
        ("Phạm Văn Đông", "Khoa Nội"),
        ("Hoàng Thị Én", "Khoa Nội"),
        ("Vũ Văn Giang", "Khoa Ngoại"),
        ("Ngô Thị Hạnh", "Khoa Ngoại"),
        ("Đinh Văn Khải", "BGĐ"),
    ]
    again = cli("org", "import", str(path)).stdout
    assert again.splitlines()[0] == (
        "Đã thêm 0 người; 7 người đã có: 0 thay đổi, 7 như cũ; bỏ qua 1 dòng; 0 đơn vị mới."
    )
    columns = {"full_name": 1, "unit": 2, "position": 3, "phone": 4}
    for signed in ("GIÁM ĐỐC", "(Ký, ghi rõ họ tên)", "KT. GIÁM ĐỐC"):
        assert org_import._heading([(2, signed)], columns) is None
    assert org_import._heading([(2, "Khoa Nội")], columns) == "Khoa Nội"


async def test_last_years_sheet_and_a_hidden_sheet_beside_this_years_list_are_not_read(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    """The school's workbook keeps this year's list on “DS 2026”, last year's on “2025” (with Cô Lan, who
    retired since) and a hidden copy on a third sheet: every sheet was read, Cô Lan came back in, and the
    report said “remove the old sheet and import again” after she had (decision 0303). Only “DS 2026” is
    read; the report says why each other is not."""
    workbook = Workbook()
    header = ["STT", "Họ và tên", "Đơn vị", "Số điện thoại"]
    now = workbook.active
    now.title = "DS 2026"
    for row in (
        header,
        [1, "Trần Văn Bảo", "Tổ Văn", "0913000001"],
        [2, "Lê Thị Cúc", "Tổ Toán", "0913000002"],
    ):
        now.append(row)
    before = workbook.create_sheet("2025")
    for row in (
        header,
        [1, "Trần Văn Bảo", "Tổ Văn", "0913000001"],
        [2, "Đỗ Thị Lan", "Tổ Văn", "0913000009"],
    ):
        before.append(row)
    copy = workbook.create_sheet("Sao lưu")
    for row in (header, [1, "Ngô Văn Tư", "Tổ Sử", "0913000008"]):
        copy.append(row)
    copy.sheet_state = "hidden"
    retired = workbook.create_sheet("Nghỉ hưu")  # in sight, without a year (decision 0325): read before
    for row in (header, [1, "Phan Văn Sáu", "Tổ Văn", "0913000007"]):
        retired.append(row)
    # the school's second site, in Củ Chi: “cũ” folded, never written so (decision 0327): read
    site = workbook.create_sheet("Cơ sở Củ Chi")
    for row in (header, [1, "Võ Thị Duyên", "Tổ Toán", "0913000006"]):
        site.append(row)
    path = tmp_path / "truong.xlsx"
    workbook.save(path)

    out = ok(Cli(tmp_path, db_path)("org", "import", str(path)))

    assert out.splitlines()[:5] == [
        "Đã thêm 3 người; bỏ qua 0 dòng; 2 đơn vị mới.",
        "Đã đọc 2 trang của tệp: “DS 2026” (2 dòng), “Cơ sở Củ Chi” (1 dòng). Nếu có trang không phải danh "
        "sách hiện nay (danh sách năm trước), hãy xóa trang ấy khỏi tệp rồi nhập lại.",
        "Không đọc trang “2025”: tên trang ghi năm 2025, trước năm của trang khác trong tệp. Nếu đó là danh "
        "sách hiện nay, hãy đổi tên trang rồi nhập lại.",
        "Không đọc trang “Sao lưu”: trang bị ẩn trong tệp. Nếu đó là danh sách, hãy bỏ ẩn trang rồi nhập "
        "lại.",
        "Không đọc trang “Nghỉ hưu”: tên trang cho thấy đây không phải danh sách hiện nay. Nếu đúng là danh "
        "sách hiện nay, hãy đổi tên trang rồi nhập lại.",
    ]
    assert query(db_path, "SELECT full_name FROM person ORDER BY id") == [
        ("Trần Văn Bảo",),
        ("Lê Thị Cúc",),
        ("Võ Thị Duyên",),
    ]


async def test_a_communes_hamlets_written_over_their_households_are_their_units(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    """The commune's clerk keeps the households hamlet by hamlet, “Thôn 1” on a line of its own over them and
    the count after a later one, a line left empty under the first: each household goes into its hamlet, a
    household, and a household named “Tô” is one; a hamlet's count its rows do not reach is said."""
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "kind", "commune"))
    path = tmp_path / "ho-xa.csv"
    path.write_text(
        "DANH SÁCH HỘ GIA ĐÌNH XÃ SƠN THỦY\n"
        "TT,Họ tên chủ hộ,Số điện thoại\n"
        "Thôn 1,,\n"
        ",,\n"  # a line left empty under its hamlet, not under its households
        "1,Trần Văn Ba,0912345678\n"
        "2,Tô Thị Tư,\n"
        "THÔN 2 (2 hộ),,\n"  # one of them not on the list
        "3,Hà Văn Năm,0987654321\n",
        encoding="utf-8",
    )

    out = ok(cli("org", "import", str(path)))

    assert out.splitlines()[:5] == [
        "Đã thêm 3 người; bỏ qua 0 dòng; 2 thôn, ban mới.",
        "Cột “Họ tên chủ hộ”: tổ chức là xã, nên các dòng không ghi cột “Loại” được nhập là hộ gia đình.",
        "Dòng ghi riêng tên thôn, ban, đọc là thôn, ban của những người ở dưới (đến dòng trống hoặc tên "
        "sau):",
        "  Dòng 3 “Thôn 1”: Thôn 1, 2 hộ (dòng 5, 6)",
        "  Dòng 7 “THÔN 2 (2 hộ)”: Thôn 2, 1 hộ (dòng 8); dòng tiêu đề ghi 2, hãy kiểm tra",
    ]
    assert query(
        db_path,
        "SELECT p.full_name, u.name, p.kind FROM person p JOIN unit u ON u.id = p.unit_id ORDER BY p.id",
    ) == [
        ("Trần Văn Ba", "Thôn 1", "household"),
        ("Tô Thị Tư", "Thôn 1", "household"),
        ("Hà Văn Năm", "Thôn 2", "household"),
    ]


async def test_an_ede_communes_hamlet_list_keeps_its_names_and_its_communes_name_is_no_unit_nor_household(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    """A Tây Nguyên commune's clerk types a hamlet's households in Excel: the commune's name on a line over
    them, the hamlet's with the commune after it, Ê-đê names in capitals, one pasted from Zalo with a
    zero-width space and a double space, a total; the next hamlet on a sheet named after it, with no hamlet
    column, and the hamlet head's signature under it. “XÃ EA KLY” was a household, the hamlet “Thôn 3 - Xã Ea
    Kly”, “H'BLƯƠNG NIÊ” “H'blương Niê”, and the second sheet was not read (decisions 0603, 0604)."""
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "kind", "commune"))
    rows: list[list[object]] = [
        ["UBND XÃ EA KLY"],
        ["DANH SÁCH HỘ GIA ĐÌNH NĂM 2026"],
        ["STT", "Chủ hộ", "Số điện thoại", "Ghi chú"],
        [None, "XÃ EA KLY"],
        ["I", "THÔN 3 - XÃ EA KLY"],
        [1, "H’BLƯƠNG NIÊ", 905123456, None],
        [2, "KSOR H'NHI", None, "hộ nghèo"],
        [3, "Y Moan\u200b  Ênuôl", None, None],
        [None, "Cộng: 3 hộ"],
    ]
    path = merged_workbook(tmp_path / "thon-3.xlsx", "xlsx", rows, [(0, 0, 0, 3), (3, 3, 1, 3), (4, 4, 1, 3)])
    workbook = load_workbook(path)  # the next hamlet on a sheet of its own, named on its tab only
    workbook.active.title = "Thôn 3"
    thon_4 = workbook.create_sheet("Thôn 4")
    for cells in (
        ["STT", "Chủ hộ", "Số điện thoại"], [1, "NAY Y'JUT", None], [2, "Lê Văn Năm", 912000004], [],
        [None, "TRƯỞNG THÔN"], [None, "Y Bhơ Mlô"],
    ):  # fmt: skip
        thon_4.append(cells)
    workbook.save(path)

    out = ok(cli("org", "import", str(path)))

    assert out.splitlines()[0] == "Đã thêm 5 người; bỏ qua 0 dòng; 2 thôn, ban mới."
    assert "  Dòng 5 (Thôn 3) “THÔN 3 - XÃ EA KLY”: Thôn 3, 3 hộ (dòng 6–8 (Thôn 3))" in out
    assert "  Trang “Thôn 4”, không có cột thôn: Thôn 4, 2 hộ (dòng 2, 3 (Thôn 4))" in out
    assert "Dưới danh sách, dòng 5, 6 (Thôn 4) không ghi đơn vị (ngày tháng, chữ ký…)" in out
    assert (
        "Dòng 4 (Thôn 3) “XÃ EA KLY”: tên địa phương của danh sách, không phải người hay đơn vị, đã bỏ qua."
        in out
    )
    assert query(
        db_path,
        "SELECT p.full_name, u.name, p.kind FROM person p JOIN unit u ON u.id = p.unit_id ORDER BY p.id",
    ) == [
        ("H'Blương Niê", "Thôn 3", "household"),
        ("Ksor H'Nhi", "Thôn 3", "household"),
        ("Y Moan Ênuôl", "Thôn 3", "household"),
        ("Nay Y'Jut", "Thôn 4", "household"),
        ("Lê Văn Năm", "Thôn 4", "household"),
    ]


async def test_a_district_health_centres_stations_each_with_its_commune_after_a_dash_are_two_units(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    """A district health centre's list written under headings: its commune health stations, each named with
    its commune after a dash (“TRẠM Y TẾ - XÃ EA KLY”), and a department whose own name has a dash. The
    commune after the dash was left out as a hamlet's is, and the two stations' staff made one unit “Trạm Y
    Tế” (decision 0627)."""
    rows: list[list[object]] = [
        ["STT", "Họ và tên", "Chức vụ", "Số điện thoại"],
        [None, "TRẠM Y TẾ - XÃ EA KLY"],
        [1, "Lê Văn Một", "Trạm trưởng", 912000001],
        [2, "Y Kông Mlô", "Y sĩ", 912000002],
        [None, "TRẠM Y TẾ - XÃ CƯ KTY"],
        [3, "H'Hen Niê", "Trạm trưởng", 912000003],
        [None, "KHOA HỒI SỨC - CHỐNG ĐỘC"],
        [4, "Trần Thị Bốn", "Bác sĩ", 912000004],
    ]

    out = ok(Cli(tmp_path, db_path)("org", "import", str(write_xlsx(tmp_path / "ttyt.xlsx", rows))))

    assert out.splitlines()[0] == "Đã thêm 4 người; bỏ qua 0 dòng; 3 đơn vị mới."
    assert query(
        db_path, "SELECT p.full_name, u.name FROM person p JOIN unit u ON u.id = p.unit_id ORDER BY p.id"
    ) == [
        ("Lê Văn Một", "Trạm Y Tế - Xã Ea Kly"),
        ("Y Kông Mlô", "Trạm Y Tế - Xã Ea Kly"),
        ("H'Hen Niê", "Trạm Y Tế - Xã Cư Kty"),
        ("Trần Thị Bốn", "Khoa Hồi sức - Chống độc"),
    ]


async def test_a_communes_own_bodies_named_by_xa_or_huyen_are_units_not_the_lists_place(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    """A commune's cadres under the bodies they work in, numbered: “II. XÃ ĐỘI” (the commune's military
    command), “III. HUYỆN ĐOÀN” (the district's youth union, a cadre seconded there). Each was said to be
    “tên địa phương của danh sách” and its people skipped, “thiếu đơn vị” (decision 0627)."""
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "kind", "commune"))
    rows: list[list[object]] = [
        ["STT", "Họ và tên", "Chức vụ", "Số điện thoại"],
        ["I. UBND XÃ"],
        [1, "Lê Văn Một", "Chủ tịch", 912000001],
        ["II. XÃ ĐỘI"],
        [2, "Lê Văn Hai", "Chỉ huy trưởng", 912000002],
        ["III. HUYỆN ĐOÀN"],
        [3, "Lê Văn Ba", "Cán bộ biệt phái", 912000003],
        ["IV. TỔ 5 - P. TÂN LỢI"],  # a street group, its ward written short after it (2836)
        [4, "Lê Văn Bốn", "Tổ trưởng", 912000004],
        ["V. THÔN 6 - TT. PHÚ MỸ"],  # a hamlet, its township written short
        [5, "Lê Văn Năm", "Trưởng thôn", 912000005],
        ["VI. THÔN 7 - TT PHÚ MỸ"],  # the township without its full stop, a special zone short (2846)
        [6, "Lê Văn Sáu", "Trưởng thôn", 912000006],
        ["VII. ẤP 2 - ĐK CÔN ĐẢO"],
        [7, "Lê Văn Bảy", "Trưởng ấp", 912000007],
    ]

    out = ok(cli("org", "import", str(write_xlsx(tmp_path / "can-bo-xa.xlsx", rows))))

    assert out.splitlines()[0] == "Đã thêm 7 người; bỏ qua 0 dòng; 7 thôn, ban mới."
    assert "tên địa phương" not in out
    assert query(
        db_path, "SELECT p.full_name, u.name FROM person p JOIN unit u ON u.id = p.unit_id ORDER BY p.id"
    ) == [
        ("Lê Văn Một", "UBND Xã"),
        ("Lê Văn Hai", "Xã Đội"),
        ("Lê Văn Ba", "Huyện Đoàn"),
        ("Lê Văn Bốn", "Tổ 5"),
        ("Lê Văn Năm", "Thôn 6"),
        ("Lê Văn Sáu", "Thôn 7"),
        ("Lê Văn Bảy", "Ấp 2"),
    ]


async def test_a_move_stops_the_waiting_appeal_of_a_drive_of_the_old_unit(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """Khoa Dược's officer scheduled, on Saturday, her appeal for Khoa Dược's own drive for Monday 08:00; the
    list imported meanwhile moves Nam to Khoa Nội. His copy still went, with “Ủng hộ ngay” that the drive
    refuses: it takes gifts of Khoa Dược only, and its “Ai chưa ủng hộ” and its reminders no longer count him
    (decision 0514). Now the move stops it; Hoa's, who stays, goes."""
    rows = [
        ["Khoa Dược", "Hoàng Văn Nam", "Dược sĩ", "0912000001", ""],
        ["Khoa Dược", "Trần Thị Hoa", "Dược sĩ", "0912000002", ""],
        ["Khoa Dược", "Lê Thị Thu", "Trưởng khoa", "0912000003", "cán bộ công đoàn"],
    ]
    await import_staff(db, org, write_csv(tmp_path / "a.csv", EN_HEADER, rows), now=NOW)
    async with db() as session, session.begin():
        people = {
            p.full_name: p for p in await session.scalars(select(Person).where(Person.org_id == org.id))
        }
        for n, person in enumerate(people.values()):
            session.add(
                ChannelIdentity(channel="console", external_id=f"c{n}", person_id=person.id, created_at=NOW)
            )
        thu = await actor_for(session, people["Lê Thị Thu"])
        unit = people["Hoàng Văn Nam"].unit_id
        drive = await create_drive(
            session,
            thu,
            NewDrive("Quà Tết khoa Dược", date(2026, 10, 17), date(2026, 12, 31), unit_ids=(unit,)),
            now=NOW,
        )
        monday = datetime(2026, 10, 19, 8, 0, tzinfo=LOCAL_TZ)
        draft = Draft("Mời anh chị chung tay quà Tết.", Audience("org"), drive.id, send_at=monday)
        appeal = await send_appeal(session, thu, draft, now=NOW, settings=None)
        appeal_id = appeal.id
    rows[0][0] = "Khoa Nội"
    await import_staff(db, org, write_csv(tmp_path / "b.csv", EN_HEADER, rows), now=NOW)
    async with db() as session:
        waiting = await session.execute(
            select(Person.full_name)
            .join(OutboxMessage, OutboxMessage.person_id == Person.id)
            .where(OutboxMessage.key.like(f"appeal:{appeal_id}:%"), OutboxMessage.status == "pending")
        )
        assert sorted(name for (name,) in waiting) == ["Trần Thị Hoa"]
        # Thu's status of it says why his copy is not sent, not “Đã hủy 1” of an appeal she did not cancel.
        status = await appeal_status(session, await session.get_one(Appeal, appeal_id))
        assert (status.cancelled, status.moved_out, status.pending) == (0, 1, 1)
    # The next list puts him back in Khoa Dược before Monday: the appeal he was written to goes to him again,
    # as it goes to Hoa, instead of being lost to a move undone (docs/decisions/0524).
    rows[0][0] = "Khoa Dược"
    await import_staff(db, org, write_csv(tmp_path / "c.csv", EN_HEADER, rows), now=NOW)
    async with db() as session:
        waiting = await session.execute(
            select(Person.full_name)
            .join(OutboxMessage, OutboxMessage.person_id == Person.id)
            .where(OutboxMessage.key.like(f"appeal:{appeal_id}:%"), OutboxMessage.status == "pending")
        )
        assert sorted(name for (name,) in waiting) == ["Hoàng Văn Nam", "Trần Thị Hoa"]
    # Moved out again, he turns appeals off (“Tắt lời kêu gọi”); a list putting him back brings none back.
    rows[0][0] = "Khoa Nội"
    await import_staff(db, org, write_csv(tmp_path / "d.csv", EN_HEADER, rows), now=NOW)
    async with db() as session, session.begin():
        nam = await session.scalar(select(Person).where(Person.full_name == "Hoàng Văn Nam"))
        assert nam is not None
        await set_appeals(session, nam, on=False, now=NOW)
    rows[0][0] = "Khoa Dược"
    await import_staff(db, org, write_csv(tmp_path / "e.csv", EN_HEADER, rows), now=NOW)
    async with db() as session:
        waiting = await session.execute(
            select(Person.full_name)
            .join(OutboxMessage, OutboxMessage.person_id == Person.id)
            .where(OutboxMessage.key.like(f"appeal:{appeal_id}:%"), OutboxMessage.status == "pending")
        )
        assert sorted(name for (name,) in waiting) == ["Trần Thị Hoa"]


async def test_a_hamlet_officer_who_joined_by_invite_is_not_offered_to_merge_into_his_listed_household(
    db: async_sessionmaker[AsyncSession], org: Organisation, tmp_path: Path
) -> None:
    """The hamlet head joined with an officer's code as a record of his own (decision 0638); his household,
    named by him, then comes with the list: merging him into it would make the household the officer."""
    officer = await invited_person(db, org, "Nguyễn Văn An")
    async with db() as session, session.begin():
        unit_id = (await session.get_one(Person, officer)).unit_id
        session.add(
            RoleAssignment(person_id=officer, role="officer", org_id=org.id, unit_id=unit_id, granted_at=NOW)
        )
    header = ["unit", "full_name", "position", "phone", "role", "kind"]
    path = write_csv(tmp_path / "ho.csv", header, [["Khoa Nội", "Nguyễn Văn An", "", "0912000099", "", "hộ"]])

    report = await import_staff(db, org, path, now=NOW)

    assert report.created == 1
    assert not [w for w in report.warnings if f"people merge {officer}" in w.message]


async def test_a_treasurer_listed_for_her_own_department_only_is_said_to_leave_the_other_units_without_one(
    org: Organisation, tmp_path: Path, db_path: Path
) -> None:
    """A hospital's list writes “thủ quỹ” on its accountant's row of Phòng Tài chính - Kế toán: she confirms
    that department's gifts only, and the first gift of Khoa Nội would wait for nobody. The report says so
    with the command that makes her the whole organisation's treasurer."""
    cli = Cli(tmp_path, db_path)
    rows = [
        ["1", "Khoa Nội", "Lê Văn Cường", "Bác sĩ", "0912000003", ""],
        ["2", "Khoa Ngoại", "Hoàng Văn Em", "Hộ lý", "", ""],
        ["3", "Phòng Tài chính - Kế toán", "Vũ Thị Giang", "Kế toán viên", "0912000008", "thủ quỹ"],
    ]

    out = ok(cli("org", "import", str(write_csv(tmp_path / "ds.csv", VI_HEADER, rows))))

    assert (
        "Chưa có thủ quỹ xác nhận khoản đóng góp của 2 đơn vị: Khoa Ngoại, Khoa Nội. Thủ quỹ của cả tổ chức: "
        "chungtay people grant MÃ_SỐ treasurer --org-wide (mã số: chungtay people list); thủ quỹ của một đơn "
        "vị: ghi “thủ quỹ” ở cột Vai trò trên dòng của người đó rồi nhập lại.\n"
    ) in out
    giang = query(db_path, "SELECT id FROM person WHERE full_name = 'Vũ Thị Giang'")[0][0]
    ok(cli("people", "grant", str(giang), "treasurer", "--org-wide"))
    again = ok(cli("org", "import", str(write_csv(tmp_path / "ds.csv", VI_HEADER, rows))))
    assert "Chưa có thủ quỹ" not in again
