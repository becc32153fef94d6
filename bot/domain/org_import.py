"""Import a real staff list (CSV or XLSX) into units, people and roles.

The list comes from the personnel office as a spreadsheet with a title above the header, Vietnamese
column names, phones typed every way people type them and the odd broken row. A broken row is skipped
with a message that says, in Vietnamese, what is wrong and what is expected; every other row is kept,
so one typo on line 212 never costs the other 299 lines. Re-importing the same list updates people
instead of duplicating them: a person is found by phone, else by (unit, folded name).

The work is split in two: a pure planning pass decides for every row which unit and person it touches
(and catches conflicts between rows), then the writes go to the database in batches of BATCH_ROWS rows,
one transaction each.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tqdm import tqdm

from bot.db.models import AuditLog, Organisation, Person, RoleAssignment, Unit
from bot.text import fold, nfc

BATCH_ROWS = 200
HEADER_SEARCH_ROWS = 10  # the header may sit under a title such as "DANH SÁCH CÁN BỘ, VIÊN CHỨC"
MAX_NAME = 200
MAX_POSITION = 200
MAX_UNIT_NAME = 300
MAX_UNIT_CODE = 40

FIELDS = ("unit", "full_name", "position", "phone", "role")
REQUIRED_FIELDS = ("unit", "full_name")
FIELD_LABELS = {
    "unit": "Đơn vị",
    "full_name": "Họ và tên",
    "position": "Chức vụ",
    "phone": "Số điện thoại",
    "role": "Vai trò",
}
# Header cells are compared after _header_key(): folded, punctuation turned into spaces.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "don vi", "ten don vi", "phong khoa", "khoa phong", "phong ban"),
    "full_name": ("full name", "fullname", "name", "ho va ten", "ho ten"),
    "position": ("position", "chuc vu"),
    "phone": ("phone", "so dien thoai", "dien thoai", "sdt", "so dt"),
    "role": ("role", "vai tro"),
}
_HEADER_FIELD = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}

# Role words as people write them, folded; a cell may list several roles ("thủ quỹ, cán bộ").
ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(("member", "thanh vien", "doan vien"), "member"),
    **dict.fromkeys(("treasurer", "thu quy"), "treasurer"),
    **dict.fromkeys(("officer", "can bo cong doan", "can bo"), "officer"),
    **dict.fromkeys(("leader", "lanh dao", "truong phong", "truong khoa"), "leader"),
    **dict.fromkeys(("admin", "quan tri"), "admin"),
}
ROLE_HINT = "thành viên, thủ quỹ, cán bộ công đoàn, lãnh đạo, quản trị"
_ROLE_SPLIT = re.compile(r"[,;/+]")

_PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")
_VALID_PHONE = re.compile(r"0[35789]\d{8}|02\d{9}")  # mobiles 10 digits, landlines 02… 11 digits
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class StaffFileError(ValueError):
    """The file as a whole cannot be imported (format, encoding, no header); the message is Vietnamese."""


@dataclass
class RowError:
    row: int  # 1-based line (CSV) or row (XLSX) number, as the user sees it in the file
    message: str


@dataclass
class ImportReport:
    created: int
    updated: int  # existing people matched by the file (their details rewritten from it)
    skipped: int  # rows with errors; blank rows are not counted
    units_created: int
    errors: list[RowError]


# ---------------------------------------------------------------------------------------------------------
# Cell values


def clean_text(value: object) -> str:
    """A cell as text: NFC, invisible characters removed, whitespace runs collapsed to one space.

    Excel hands numbers back as int or float (a phone typed as a number is 912345678.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _INVISIBLE.sub("", nfc(str(value)))
    return _SPACES.sub(" ", text).strip()


def normalize_phone(raw: str) -> str | None:
    """A Vietnamese phone as 0XXXXXXXXX (mobile) or 02XXXXXXXXX (landline); None when it is not one.

    Accepts "+84 912 345 678", "84912345678", "0912.345.678", "091 234 5678", "(024) 3825 1234" and the
    912345678 Excel leaves behind when it drops the leading zero of a number-formatted cell."""
    digits = _PHONE_SEPARATORS.sub("", raw.strip().lstrip("'"))
    if digits.startswith("+84"):
        digits = "0" + digits[3:].removeprefix("0")  # "+84 (0) 912…" has the trunk zero written too
    elif digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif (len(digits) == 9 and digits[:1] in ("3", "5", "7", "8", "9")) or (
        len(digits) == 10 and digits.startswith("2")
    ):
        digits = "0" + digits
    if digits.isascii() and _VALID_PHONE.fullmatch(digits):
        return digits
    return None


def parse_roles(raw: str) -> tuple[set[str], list[str]]:
    """The roles named in a cell, and the parts that name no role. Empty → member only."""
    roles = {"member"}
    unknown: list[str] = []
    for part in _ROLE_SPLIT.split(raw):
        word = part.strip()
        if not word:
            continue
        role = ROLE_WORDS.get(fold(word))
        if role is None:
            unknown.append(word)
        else:
            roles.add(role)
    return roles, unknown


def unit_code_for(name: str, taken: set[str]) -> str:
    """A slug of the folded name ("Phòng Đào tạo" → "phong-dao-tao"), made unique among `taken`."""
    base = _NOT_SLUG.sub("-", fold(name)).strip("-")[:MAX_UNIT_CODE].strip("-") or "don-vi"
    code, n = base, 1
    while code in taken:
        n += 1
        suffix = f"-{n}"
        code = base[: MAX_UNIT_CODE - len(suffix)].rstrip("-") + suffix
    return code


# ---------------------------------------------------------------------------------------------------------
# Reading the file


@dataclass
class _RawRow:
    line: int
    cells: dict[str, str]  # field → cleaned text, "" when empty


def _header_key(cell: str) -> str:
    return " ".join(_NOT_SLUG.sub(" ", fold(cell)).split())


def _header_map(cells: Sequence[object]) -> dict[str, int]:
    """field → column index, if this row is a header naming at least the required columns."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _HEADER_FIELD.get(_header_key(clean_text(cell)))
        if name is not None and name not in found:
            found[name] = index
    return found if all(name in found for name in REQUIRED_FIELDS) else {}


def _missing_header_error(file_name: str) -> StaffFileError:
    wanted = ", ".join(f'"{FIELD_LABELS[name]}"' for name in FIELDS)
    return StaffFileError(
        f'Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu của tệp "{file_name}". '
        f'Dòng tiêu đề cần ít nhất hai cột "Đơn vị" và "Họ và tên"; các cột được nhận: {wanted}.'
    )


def _data_rows(numbered: Iterable[tuple[int, Sequence[object]]], file_name: str) -> list[_RawRow]:
    """Find the header among the first rows, then map every later non-blank row onto the fields."""
    rows = iter(numbered)
    header: dict[str, int] = {}
    for line, cells in rows:
        header = _header_map(cells)
        if header or line >= HEADER_SEARCH_ROWS:
            break
    if not header:
        raise _missing_header_error(file_name)
    out: list[_RawRow] = []
    for line, cells in rows:
        mapped = {
            name: clean_text(cells[index]) if index < len(cells) else "" for name, index in header.items()
        }
        for name in FIELDS:
            mapped.setdefault(name, "")
        if any(mapped.values()):  # rows with only an ordinal number or a footer in other columns are ignored
            out.append(_RawRow(line, mapped))
    return out


def _csv_records(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    """Records with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def _read_csv(path: Path) -> list[_RawRow]:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StaffFileError(
            f'Tệp "{path.name}" được lưu dạng UTF-16. Trong Excel hãy chọn Lưu thành → "CSV UTF-8".'
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StaffFileError(
            f'Tệp "{path.name}" không phải mã UTF-8. Trong Excel hãy chọn Lưu thành → "CSV UTF-8 '
            '(phân cách bằng dấu phẩy)", hoặc gửi tệp .xlsx.'
        ) from None
    try:
        return _data_rows(_csv_records(text, _csv_delimiter(text)), path.name)
    except csv.Error as exc:
        raise StaffFileError(f'Tệp "{path.name}" không đúng dạng CSV ({exc}).') from None


def _csv_delimiter(text: str) -> str:
    """The delimiter under which a header row shows up (Excel in Vietnamese locales writes ";")."""
    best: tuple[int, str] = (0, ",")
    for delimiter in (",", ";", "\t"):
        for line, cells in _csv_records(text, delimiter):
            if line > HEADER_SEARCH_ROWS:
                break
            found = _header_map(cells)
            if found:
                best = max(best, (len(found), delimiter), key=lambda pair: pair[0])
                break
    return best[1]


def _read_xlsx(path: Path) -> list[_RawRow]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise StaffFileError(f'Không đọc được tệp Excel "{path.name}" ({exc}).') from None
    try:
        for sheet in workbook.worksheets:
            # Some generators write a wrong <dimension>; without this read-only mode would cut rows off.
            sheet.reset_dimensions()
            try:
                return _data_rows(enumerate(sheet.iter_rows(values_only=True), start=1), path.name)
            except StaffFileError:
                continue  # the list may be on a later sheet
        raise _missing_header_error(path.name)
    finally:
        workbook.close()


def read_staff_file(path: Path) -> list[_RawRow]:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".xls":
        raise StaffFileError(f'Tệp "{path.name}" là định dạng Excel cũ (.xls); hãy lưu lại thành .xlsx.')
    raise StaffFileError(f'Tệp "{path.name}" không phải .csv hoặc .xlsx.')


# ---------------------------------------------------------------------------------------------------------
# Checking rows


@dataclass
class _StaffRow:
    line: int
    unit_name: str
    full_name: str
    name_key: str
    position: str | None
    phone: str | None
    roles: set[str]


def _check_row(raw: _RawRow) -> tuple[_StaffRow | None, list[str]]:
    cells = raw.cells
    problems: list[str] = []
    name = cells["full_name"]
    if not name:
        problems.append("thiếu họ và tên")
    elif len(name) > MAX_NAME:
        problems.append(f"họ và tên dài {len(name)} ký tự (tối đa {MAX_NAME})")
    unit = cells["unit"]
    if not unit:
        problems.append("thiếu đơn vị (ví dụ: Phòng Đào tạo, Khoa Nội)")
    elif len(unit) > MAX_UNIT_NAME:
        problems.append(f"tên đơn vị dài {len(unit)} ký tự (tối đa {MAX_UNIT_NAME})")
    position = cells["position"] or None
    if position and len(position) > MAX_POSITION:
        problems.append(f"chức vụ dài {len(position)} ký tự (tối đa {MAX_POSITION})")
    phone = None
    if cells["phone"]:
        phone = normalize_phone(cells["phone"])
        if phone is None:
            problems.append(f'số điện thoại "{cells["phone"]}" không hợp lệ (ví dụ đúng: 0912345678)')
    roles, unknown = parse_roles(cells["role"])
    if unknown:
        shown = ", ".join(f'"{word}"' for word in unknown)
        problems.append(f"vai trò {shown} không hợp lệ (dùng một trong: {ROLE_HINT})")
    if problems:
        return None, problems
    return _StaffRow(raw.line, unit, name, fold(name)[:MAX_NAME], position, phone, roles), []


# ---------------------------------------------------------------------------------------------------------
# Planning: which unit and which person each row touches


@dataclass(eq=False)
class _UnitPlan:
    id: int | None  # None until a new unit is inserted
    code: str
    name: str


@dataclass
class _PersonPlan:
    row: _StaffRow
    unit: _UnitPlan
    person_id: int | None  # None → a new person


@dataclass
class _Plan:
    people: list[_PersonPlan] = field(default_factory=list)
    new_units: list[_UnitPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class _Existing:
    """What the organisation already holds, read once before planning."""

    units: list[Unit]
    people: list[tuple[int, int | None, str, str | None]]  # id, unit_id, name_key, phone
    roles: set[tuple[int, str, int | None]]  # person_id, role, unit_id


async def _load_existing(session: AsyncSession, org_id: int) -> _Existing:
    units = list(await session.scalars(select(Unit).where(Unit.org_id == org_id).order_by(Unit.id)))
    people = await session.execute(
        select(Person.id, Person.unit_id, Person.name_key, Person.phone)
        .where(Person.org_id == org_id)
        .order_by(Person.id)
    )
    roles = await session.execute(
        select(RoleAssignment.person_id, RoleAssignment.role, RoleAssignment.unit_id).where(
            RoleAssignment.org_id == org_id
        )
    )
    return _Existing(
        units,
        [(p.id, p.unit_id, p.name_key, p.phone) for p in people],
        {(r.person_id, r.role, r.unit_id) for r in roles},
    )


def _plan(rows: list[_StaffRow], existing: _Existing) -> _Plan:
    plan = _Plan()
    units_by_id: dict[int, _UnitPlan] = {}
    units_by_key: dict[str, _UnitPlan] = {}
    taken_codes = {unit.code for unit in existing.units}
    for unit in existing.units:
        unit_plan = _UnitPlan(unit.id, unit.code, unit.name)
        units_by_id[unit.id] = unit_plan
        units_by_key.setdefault(fold(unit.code), unit_plan)
    for unit in existing.units:  # a name match wins over a code match
        units_by_key[fold(unit.name)] = units_by_id[unit.id]

    phone_of: dict[int, str | None] = {}
    by_phone: dict[str, int] = {}
    by_name: dict[tuple[_UnitPlan, str], list[int]] = {}
    for person_id, unit_id, name_key, phone in existing.people:
        phone_of[person_id] = phone
        if phone:
            by_phone.setdefault(phone, person_id)
        if unit_id in units_by_id:
            by_name.setdefault((units_by_id[unit_id], name_key), []).append(person_id)

    claimed: dict[int, int] = {}  # existing person id → line that updates it
    new_unphoned: dict[tuple[_UnitPlan, str], int] = {}  # new people without phone → line
    for row in rows:
        unit_plan = units_by_key.get(fold(row.unit_name))
        if unit_plan is None:
            unit_plan = _UnitPlan(None, unit_code_for(row.unit_name, taken_codes), row.unit_name)
            taken_codes.add(unit_plan.code)
            units_by_key[fold(row.unit_name)] = unit_plan
            plan.new_units.append(unit_plan)

        same_name = by_name.get((unit_plan, row.name_key), [])
        unphoned = [pid for pid in same_name if phone_of[pid] is None]
        if row.phone and row.phone in by_phone:
            candidates = [by_phone[row.phone]]
        elif row.phone:  # a phone added to someone first imported without one
            candidates = unphoned
        else:  # no phone: prefer the namesake without a phone, as an earlier import of this list left them
            candidates = unphoned or same_name
        if len(candidates) > 1:
            plan.errors.append(
                RowError(
                    row.line,
                    f'Dòng {row.line}: đơn vị "{unit_plan.name}" đã có {len(candidates)} người tên '
                    f'"{row.full_name}"; hãy ghi số điện thoại để biết là ai',
                )
            )
            continue
        person_id = candidates[0] if candidates else None

        earlier = claimed.get(person_id) if person_id is not None else None
        if earlier is None and person_id is None and row.phone is None:
            earlier = new_unphoned.get((unit_plan, row.name_key))
        if earlier is not None:
            plan.errors.append(
                RowError(
                    row.line,
                    f'Dòng {row.line}: "{row.full_name}" ở đơn vị "{unit_plan.name}" trùng với dòng '
                    f"{earlier}; nếu là hai người khác nhau, hãy ghi số điện thoại cho cả hai",
                )
            )
            continue
        if person_id is not None:
            claimed[person_id] = row.line
        elif row.phone is None:
            new_unphoned[(unit_plan, row.name_key)] = row.line
        plan.people.append(_PersonPlan(row, unit_plan, person_id))
    return plan


# ---------------------------------------------------------------------------------------------------------
# Writing


async def _write_batch(
    session: AsyncSession,
    org_id: int,
    batch: list[_PersonPlan],
    roles: set[tuple[int, str, int | None]],
    *,
    now: datetime,
    actor_id: int | None,
) -> tuple[int, int, int]:
    """Upsert one batch of people and their roles; returns (created, updated, roles assigned).

    New people and roles go in as multi-row INSERTs: the ORM would insert people one by one on SQLite,
    which cannot promise the order of RETURNING rows, so the new ids are matched back by their content."""
    wanted_ids = [item.person_id for item in batch if item.person_id is not None]
    found = {
        person.id: person for person in await session.scalars(select(Person).where(Person.id.in_(wanted_ids)))
    }
    fresh: list[tuple[_PersonPlan, dict[str, Any]]] = []
    for item in batch:
        row = item.row
        person = found.get(item.person_id) if item.person_id is not None else None
        if person is None:  # new, or deleted since we looked
            values = {
                "org_id": org_id,
                "unit_id": item.unit.id,
                "full_name": row.full_name,
                "name_key": row.name_key,
                "position": row.position,
                "phone": row.phone,
                "kind": "staff",
                "created_at": now,
            }
            fresh.append((item, values))
            continue
        person.unit_id = item.unit.id
        person.full_name = row.full_name
        person.name_key = row.name_key
        person.kind = "staff"
        if row.position:  # an empty cell never erases what is known
            person.position = row.position
        if row.phone:
            person.phone = row.phone
    await _insert_people(session, fresh)

    role_rows: list[dict[str, Any]] = []
    for item in batch:
        assert item.person_id is not None
        for role in sorted(item.row.roles):
            key = (item.person_id, role, None if role == "admin" else item.unit.id)
            if key not in roles:
                roles.add(key)
                role_rows.append(
                    {
                        "person_id": key[0],
                        "role": role,
                        "org_id": org_id,
                        "unit_id": key[2],
                        "granted_at": now,
                        "granted_by": actor_id,
                    }
                )
    if role_rows:
        await session.execute(insert(RoleAssignment), role_rows, execution_options={"render_nulls": True})
    return len(fresh), len(batch) - len(fresh), len(role_rows)


async def _insert_people(session: AsyncSession, fresh: list[tuple[_PersonPlan, dict[str, Any]]]) -> None:
    """Insert new people and set each plan's person_id from the returned rows.

    (phone, unit, name key) tells the new rows apart: planning allows one row per phone in a file and,
    among new people without a phone, one per name in a unit."""
    if not fresh:
        return
    by_identity = {(values["phone"], values["unit_id"], values["name_key"]): item for item, values in fresh}
    if len(by_identity) != len(fresh):
        raise RuntimeError("two new people in one batch share phone, unit and name")
    returned = await session.execute(
        insert(Person).returning(Person.id, Person.phone, Person.unit_id, Person.name_key),
        [values for _item, values in fresh],
        execution_options={"render_nulls": True},  # else rows are batched apart wherever a cell is empty
    )
    for row in returned:
        by_identity[(row.phone, row.unit_id, row.name_key)].person_id = row.id


async def import_staff(
    sessionmaker: async_sessionmaker[AsyncSession],
    org: Organisation,
    path: Path,
    *,
    now: datetime,
    progress: bool = False,
    actor_id: int | None = None,
) -> ImportReport:
    """Import the staff list at `path` into `org`; raises StaffFileError when the file cannot be read.

    Rows are written BATCH_ROWS per transaction: if the database fails midway, earlier batches stay
    committed and a re-run of the same file completes the rest without duplicates."""
    if now.tzinfo is None:
        raise ValueError("import_staff needs an aware `now`")
    path = Path(path)
    raw_rows = await asyncio.to_thread(read_staff_file, path)

    errors: list[RowError] = []
    rows: list[_StaffRow] = []
    phone_lines: dict[str, int] = {}
    for raw in raw_rows:
        row, problems = _check_row(raw)
        if row is not None and row.phone is not None and row.phone in phone_lines:
            problems = [
                f"số điện thoại {row.phone} trùng với dòng {phone_lines[row.phone]} (mỗi người một số)"
            ]
            row = None
        if row is None:
            errors.append(RowError(raw.line, f"Dòng {raw.line}: " + "; ".join(problems)))
            continue
        if row.phone is not None:
            phone_lines[row.phone] = row.line
        rows.append(row)

    async with sessionmaker() as session:
        existing = await _load_existing(session, org.id)
    plan = _plan(rows, existing)
    errors.extend(plan.errors)
    errors.sort(key=lambda error: error.row)

    created = updated = roles_assigned = 0
    with tqdm(
        total=len(plan.people), desc="Nhập danh sách", unit="dòng", file=sys.stderr, disable=not progress
    ) as bar:
        for start in range(0, len(plan.people), BATCH_ROWS):
            batch = plan.people[start : start + BATCH_ROWS]
            async with sessionmaker() as session, session.begin():
                new_units = [unit for unit in plan.new_units if unit.id is None]
                if new_units:
                    records = [Unit(org_id=org.id, code=u.code, name=u.name) for u in new_units]
                    session.add_all(records)
                    await session.flush()
                    for unit_plan, record in zip(new_units, records, strict=True):
                        unit_plan.id = record.id
                counts = await _write_batch(
                    session, org.id, batch, existing.roles, now=now, actor_id=actor_id
                )
            created += counts[0]
            updated += counts[1]
            roles_assigned += counts[2]
            bar.update(len(batch))

    report = ImportReport(
        created=created,
        updated=updated,
        skipped=len(errors),
        units_created=len(plan.new_units),
        errors=errors,
    )
    async with sessionmaker() as session, session.begin():
        session.add(
            AuditLog(
                at=now,
                actor_id=actor_id,
                action="org.import",
                entity="organisation",
                entity_id=org.id,
                details=_audit_details(path, len(raw_rows), report, roles_assigned),
            )
        )
    return report


def _audit_details(path: Path, rows: int, report: ImportReport, roles_assigned: int) -> dict[str, Any]:
    """Counts and the file name only: names and phones stay out of the audit trail."""
    return {
        "file": path.name,
        "rows": rows,
        "created": report.created,
        "updated": report.updated,
        "skipped": report.skipped,
        "units_created": report.units_created,
        "roles_assigned": roles_assigned,
    }
