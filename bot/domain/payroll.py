"""The payroll's deduction (khấu trừ lương): the accountant's sheet of who gives what from the month's salary
— “một ngày lương”, a figure for each person, since each earns their own — recorded as each person's gift,
waiting for another treasurer as any gift does (docs/decisions/0346).

The sheet (.xlsx, .xls or .csv, a header within its first 10 rows) needs a column of names (“Họ và tên”) and
one of amounts (“Số tiền”); a “Đơn vị” (unit) or “Số điện thoại” column tells namesakes apart. A row with no
amount, or 0, is someone who does not give: nothing is recorded, and nobody is named for it. A row whose
person already has a gift of money standing toward the same (the Fund this year, through any of its drives: a
teacher who gave in cash to October's peak month; a drive not the Fund's, whichever year, a Tết drive running
into January; or the same sheet read twice) is left out and said, never recorded twice.
A row that cannot be read — a name not on the staff list, two people it could be, one of
another unit than the sheet's, an amount that is no figure, someone twice — stops the whole sheet: it is
recorded all or none, so that a sheet fixed and read again never counts anyone twice."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from statistics import median

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_date
from bot.config import Settings
from bot.db.locks import advisory_key
from bot.db.models import Contribution, Drive, Person, Unit
from bot.domain.access import (
    Subject,
    actor_for,
    may_record_payroll,
    may_record_payroll_to,
    may_record_payrolls,
)
from bot.domain.claims import proves
from bot.domain.contributions import (
    NewContribution,
    record_contribution,
    still_standing,
    toward_the_same,
)
from bot.domain.drives import refusal_to_give
from bot.domain.money import MoneyError, parse_vnd
from bot.domain.org_import import (
    HEADER_SEARCH_ROWS,
    clean_text,
    header_columns,
    header_row,
    normalize_phone,
    units_named,
)
from bot.domain.people import near_names
from bot.domain.tables import (
    TableError,
    first_table,
)
from bot.i18n import Translator, format_date
from bot.text import fold, person_sort_key, sort_key, words_key

MAX_ROWS = 5_000
FAR_ABOVE = 3
_NOT_DIGIT = re.compile(r"\D+")
_TOTAL = re.compile(r"(tong cong|tong so|tong|cong)\b")  # a total's row, folded
# The amount's header as accountants write it, folded, with or without its money's unit after it (“Số tiền
# (đồng)”, “SỐ TIỀN (đ)”, “Số tiền trích 1 ngày lương (VNĐ)”: decision 2247).
_AMOUNT_HEADERS = (
    "so tien",
    "so tien ung ho",
    "so tien khau tru",
    "so tien trich",
    "so tien trich 1 ngay luong",
    "khau tru",
    "ung ho",
    "amount",
    "1 ngay luong",
    "mot ngay luong",
    "01 ngay luong",
)
_MONEY_UNITS = ("", " dong", " d", " vnd")
# A day's salary written as the accountant's rate (“Mức lương 1 ngày”, “Lương 1 ngày (đồng)”): on a sheet of
# one day's salary for the Fund it is what each gives, read as the amount where no column names the amount
# itself; beside a “Số tiền” column it is only the rate (decision 2305).
_DAY_RATE_HEADERS = (
    *("muc luong 1 ngay", "muc luong mot ngay", "muc luong 01 ngay", "muc luong ngay"),
    *("luong 1 ngay", "luong mot ngay", "luong 01 ngay", "tien luong 1 ngay", "tien luong mot ngay"),
)
# A header's words, folded, and the field they name.
_HEADER_FIELD = {
    **dict.fromkeys(("ho va ten", "ho ten", "ten", "full name", "full_name", "name"), "name"),
    **dict.fromkeys((words + unit for words in _AMOUNT_HEADERS for unit in _MONEY_UNITS), "amount"),
    **dict.fromkeys((words + unit for words in _DAY_RATE_HEADERS for unit in _MONEY_UNITS), "day_rate"),
    **dict.fromkeys(("don vi", "phong", "khoa", "bo phan", "to", "unit"), "unit"),
    **dict.fromkeys(("so dien thoai", "dien thoai", "sdt", "phone"), "phone"),
}
# What a cell says when the person gives nothing: blank, 0, a dash, “không”.
_NOTHING = {"", "0", "-", "khong", "khong ung ho", "khong tham gia"}


NEAR_LOOKED = 3  # names nobody lists looked up for names that read nearly so: each reads the whole staff list
SHOWN = 10  # the rows to fix the chat lists at once (the shell lists them all)


def t(message: str) -> str:
    """Marks a reason's words for the catalogs (bot.i18n): kept in English with the plan, said in the
    reader's language where it is shown (`Refusal.said`)."""
    return message


class PayrollError(ValueError):
    """The sheet cannot be read: "kind" (not .xlsx/.xls/.csv), "no_header", "too_long", or a table's reason
    (bot.domain.tables.TableError); "not_allowed": the recorder is no treasurer."""


@dataclass(frozen=True)
class SheetRow:
    line: int
    name: str
    amount: str | int | float | None
    unit: str
    phone: str


@dataclass(frozen=True)
class Deduction:
    line: int
    person_id: int
    name: str
    amount_vnd: int


@dataclass(frozen=True)
class GaveAlready:
    line: int
    name: str
    ref: str
    amount_vnd: int
    on: date  # the day it was recorded, in Vietnam


@dataclass(frozen=True)
class Refusal:
    """A row that stops the sheet: its line, and why — words marked for the catalogs (`t`) with their
    fields, so that the shell says it in English and the chat in the treasurer's language."""

    line: int
    why: str
    fields: tuple[tuple[str, str], ...] = ()

    def said(self, words: Translator) -> str:
        return words(self.why).format(**dict(self.fields))


@dataclass
class PayrollPlan:
    """What a sheet would record: `deductions`; left out as given already (`given`), or as a deduction this
    year toward the same, of the same figure, that whoever recorded it withdrew (`withdrawn`: its giver did
    not agree, 0373); how many rows give nothing (`nothing`, never named); the rows that stop the sheet
    (`refused`: line and why, in English for the shell)."""

    deductions: list[Deduction] = field(default_factory=list)
    given: list[GaveAlready] = field(default_factory=list)
    withdrawn: list[GaveAlready] = field(default_factory=list)
    nothing: int = 0
    refused: list[Refusal] = field(default_factory=list)

    def refuse(self, line: int, why: str, **fields: object) -> None:
        self.refused.append(Refusal(line, why, tuple((k, str(v)) for k, v in fields.items())))

    @property
    def total(self) -> int:
        return sum(d.amount_vnd for d in self.deductions)

    @property
    def digest(self) -> str:
        """What the plan would record — who, from which line, how much — in a few characters: kept with the
        chat's preview, so that the press records only what its button said (docs/decisions/0380)."""
        what = ";".join(f"{d.line}:{d.person_id}:{d.amount_vnd}" for d in self.deductions)
        return hashlib.sha256(what.encode()).hexdigest()[:16]

    def far_above(self) -> list[Deduction]:
        """The figures more than `FAR_ABOVE` times the sheet's middle one: a day's salary differs from one
        person to the next, but not tenfold — a zero typed too many, to look at before recording."""
        if len(self.deductions) < 3:
            return []
        middle = median(d.amount_vnd for d in self.deductions)
        return [d for d in self.deductions if d.amount_vnd > FAR_ABOVE * middle]


def _header(cells: Sequence[object]) -> dict[str, int]:
    found = header_columns(cells, _HEADER_FIELD)
    rate = found.pop("day_rate", None)
    if rate is not None and "amount" not in found:
        found["amount"] = rate
    return found if {"name", "amount"} <= found.keys() else {}


def _rows(numbered: Iterable[tuple[int, Sequence[object]]]) -> list[SheetRow]:
    rows = iter(numbered)
    header = header_row(rows, _header)
    if not header:
        raise PayrollError("no_header")

    def cell(cells: Sequence[object], name: str) -> object:
        index = header.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    out: list[SheetRow] = []
    for line, cells in rows:
        name = clean_text(cell(cells, "name"))
        amount = cell(cells, "amount")
        if not name:
            continue  # a blank row, a total's row, a footer
        kept = amount if isinstance(amount, int | float) else clean_text(amount)
        out.append(
            SheetRow(line, name, kept, clean_text(cell(cells, "unit")), clean_text(cell(cells, "phone")))
        )
        if len(out) > MAX_ROWS:
            raise PayrollError("too_long")
    return out


def read_payroll(path: Path) -> list[SheetRow]:
    """The rows of the accountant's sheet at `path`, under its first header naming names and amounts (its
    hidden sheets passed over, a CSV saved as .xlsx read as the text it is)."""
    try:
        rows = first_table(
            path,
            path.suffix.lower(),
            _rows,
            lambda cells: len(_header(cells)),
            HEADER_SEARCH_ROWS,
            lambda problem: isinstance(problem, PayrollError) and str(problem) == "no_header",
            skip_hidden=True,
            text_called_excel=True,
        )
        if rows is None:
            raise PayrollError("no_header")
        return rows
    except TableError as problem:
        raise PayrollError(problem.reason) from None
    except OSError:
        raise PayrollError("xlsx") from None


def _amount(cell: str | int | float | None, cap: int) -> int | None:
    """The figure of a cell in whole đồng; 0 for someone who gives nothing; None: not a figure."""
    if cell is None:
        return 0
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() and 0 <= cell <= cap else None
    if isinstance(cell, int):
        return cell if 0 <= cell <= cap else None
    if words_key(clean_text(cell)) in _NOTHING:
        return 0
    try:
        return parse_vnd(cell, cap=cap)
    except MoneyError as problem:
        return 0 if problem.reason == "zero" else None


def _shown(cell: object) -> str:
    return str(cell)[:40]


def _is_formula(cell: object) -> bool:
    return isinstance(cell, str) and cell.startswith("=") and len(cell) > 1


def preview(plan: PayrollPlan, t: Translator, *, shown: int | None = None) -> list[str]:
    """What the sheet would do, line by line, as the shell prints it and the chat shows it: the rows that stop
    it (the first `shown` of them, then how many more), who gave already, the figures to look at twice, and
    how many rows give nothing — a count, never a name."""
    lines = [
        t("line {line}: {why}").format(line=refusal.line, why=refusal.said(t))
        for refusal in plan.refused[:shown]
    ]
    if shown is not None and len(plan.refused) > shown:
        more = len(plan.refused) - shown
        lines.append(
            t.plural("… and {n} more line to fix.", "… and {n} more lines to fix.", more).format(
                n=t.number(more)
            )
        )
    lines += [
        t("line {line}: {name} already gave {amount} on {on} ({ref}): left out, not deducted twice").format(
            line=given.line,
            name=given.name,
            amount=t.vnd(given.amount_vnd),
            on=t.date(given.on),
            ref=given.ref,
        )
        for given in plan.given[:shown]
    ]
    if shown is not None and len(plan.given) > shown:
        more = len(plan.given) - shown
        lines.append(
            t.plural(
                "… and {n} more person who gave already.", "… and {n} more people who gave already.", more
            ).format(n=t.number(more))
        )
    lines += [
        t(
            "line {line}: {name}'s deduction {ref} of {amount} was withdrawn on {on}: left out, not deducted "
            "again; take the row out"
        ).format(
            line=gone.line, name=gone.name, ref=gone.ref, amount=t.vnd(gone.amount_vnd), on=t.date(gone.on)
        )
        for gone in plan.withdrawn[:shown]
    ]
    lines += [
        t(
            "line {line}: {name} {amount}, more than {times} times the sheet's middle figure: check it (a "
            "zero too many?)"
        ).format(line=far.line, name=far.name, amount=t.vnd(far.amount_vnd), times=FAR_ABOVE)
        for far in plan.far_above()[:shown]
    ]
    if plan.nothing:
        lines.append(
            t.plural(
                "{n} row without an amount: nothing recorded for it",
                "{n} rows without an amount: nothing recorded for them",
                plan.nothing,
            ).format(n=t.number(plan.nothing))
        )
    return lines


async def hold_payrolls(session: AsyncSession, org_id: int) -> None:
    """Wait, until the session's transaction ends, for any payroll being recorded in the organisation (on
    PostgreSQL two treasurers' presses run side by side, and each planned the sheet before the other recorded
    it — everyone twice); what the other recorded is then read as given already. Called before the plan that
    is recorded, by the chat's press and by the shell. SQLite takes one writer at a time already
    (docs/decisions/0380).

    A lock of its own (an advisory lock for the transaction), not the organisation's row: that row is the
    Fund's balance, which a handover or a support payment holds after rows of its own — a press holding it
    for the whole sheet kept them waiting, and the two turns waiting on each other broke one off
    (docs/decisions/0386). Named apart from the shell's `payroll-<org>` (bot.cli_payroll), which the same
    command holds on a connection of its own around this transaction."""
    if session.get_bind().dialect.name == "postgresql":
        key = advisory_key(f"payroll-recorded-{org_id}")
        await session.execute(select(func.pg_advisory_xact_lock(key)))


async def plan_payroll(
    session: AsyncSession,
    recorder: Person,
    rows: Sequence[SheetRow],
    *,
    drive_id: int | None,
    now: datetime,
    cap: int,
) -> PayrollPlan:
    """What `rows` would record for `recorder` (a treasurer covering each person's unit), reading nothing
    into the database."""
    plan = PayrollPlan()
    actor = await actor_for(session, recorder)
    if not may_record_payrolls(actor):
        raise PayrollError("not_allowed")
    staff = (
        await session.execute(
            select(Person, Unit.name)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(Person.org_id == recorder.org_id, Person.kind == "staff", Person.left_on.is_(None))
        )
    ).all()
    by_name: dict[str, list[tuple[Person, str | None]]] = {}
    for person, unit_name in staff:
        by_name.setdefault(fold(person.full_name), []).append((person, unit_name))
    units: list[tuple[str, int]] = []  # a unit as a sheet writes it: its name or its code
    for unit_id, name, code in await session.execute(
        select(Unit.id, Unit.name, Unit.code).where(Unit.org_id == recorder.org_id)
    ):
        units += [(name, unit_id), (code, unit_id)]
    seen: dict[int, int] = {}
    year = local_date(now).year
    drive = await session.get(Drive, drive_id) if drive_id is not None else None
    if drive is not None and not may_record_payroll_to(actor, drive):  # of no unit of hers, or elsewhere
        raise PayrollError("drive_not_allowed")
    if drive is not None:  # a drive that takes no gift today takes none from the payroll, said once
        some_unit = drive.unit_ids[0] if drive.unit_ids else recorder.unit_id
        refusal = refusal_to_give(drive, recorder, local_date(now), unit_id=some_unit)
        if refusal is not None:
            raise PayrollError(f"drive_{refusal}")
        if "money" not in (drive.kinds or ("money",)):
            raise PayrollError("drive_kind")
    # Read once for the whole sheet, not row by row: 5,000 rows planned inside one message's transaction
    # (which holds the database's write lock) must not keep every other chat waiting (bench/payroll.py).
    # the organisation's colleagues' gifts toward the same: the Fund this year, or the drive
    theirs = (
        Contribution.person_id.in_(select(Person.id).where(Person.org_id == recorder.org_id)),
        toward_the_same(recorder.org_id, drive, year),
    )
    earliest: dict[int, Contribution] = {}
    for earlier in await session.scalars(
        select(Contribution).where(*theirs, *still_standing()).order_by(Contribution.id)
    ):
        earliest.setdefault(earlier.person_id, earlier)
    # Deductions withdrawn by whoever recorded them (the colleague did not agree, decision 0373), the latest
    # of each giver and figure, read once for the sheet as the gifts given already are
    withdrawn: dict[tuple[int, int], Contribution] = {}
    # Only deductions: an officer's gift recorded for a colleague without an account and withdrawn (the
    # envelope never came) is no refusal of the payroll (docs/decisions/0387, 0420)
    for refused in await session.scalars(
        select(Contribution)
        .where(
            *theirs,
            Contribution.from_payroll.is_(True),
            Contribution.status == "rejected",
            Contribution.recorded_by != Contribution.person_id,
            Contribution.decided_by == Contribution.recorded_by,
        )
        .order_by(Contribution.id.desc())
    ):
        withdrawn.setdefault((refused.person_id, refused.amount_vnd), refused)
    left_on = {
        key: on
        for key, on in await session.execute(
            select(Person.name_key, Person.left_on).where(
                Person.org_id == recorder.org_id, Person.kind == "staff", Person.left_on.is_not(None)
            )
        )
    }
    looked = 0
    for row in rows:
        if fold(row.name) not in by_name and _TOTAL.match(fold(row.name)):
            continue  # the sheet's total (“Tổng cộng”, “Cộng”), not a person
        if _is_formula(row.name) or _is_formula(row.amount):  # “=E5/26”: read as typed, never its result
            formula = row.amount if _is_formula(row.amount) else row.name
            plan.refuse(
                row.line,
                t(
                    "“{formula}” is a formula, not a figure: select the column, Copy, then Paste Special → "
                    "Values, and save the sheet again"
                ),
                formula=_shown(formula),
            )
            continue
        amount = _amount(row.amount, cap)
        if amount is None:
            plan.refuse(
                row.line,
                t("the amount “{amount}” is not a figure in đồng: write it as 412000 or 412.000"),
                amount=_shown(row.amount),
            )
            continue
        if amount == 0:  # someone who does not give; a line of no one (“Người lập biểu”) is no one's
            plan.nothing += fold(row.name) in by_name
            continue
        named = found = by_name.get(fold(row.name), [])
        # the sheet's unit is one of the list's (or, typed without accents, one of a few: `units_named`):
        # only who is of it
        of_unit = units_named(row.unit, units) if row.unit else []
        if of_unit:
            found = [f for f in found if f[0].unit_id in of_unit]
        if len(found) > 1 and row.phone:  # a whole phone is the number itself, not its last 4 (decision 1368)
            digits = normalize_phone(row.phone) or _NOT_DIGIT.sub("", row.phone)[-4:]
            found = [f for f in found if len(digits) >= 4 and proves(f[0].phone or "", digits)]
        if not found and named:  # never taken for someone of another unit: a newcomer not listed yet?
            listed = ", ".join(sorted({unit or "—" for _p, unit in named}, key=sort_key))
            if unit_id is not None:
                plan.refuse(
                    row.line,
                    t("{name} is on the staff list in {units}, not “{unit}”"),
                    name=named[0][0].full_name,
                    units=listed,
                    unit=row.unit,
                )
            else:
                plan.refuse(
                    row.line,
                    t("{name} is on the staff list in {units}, none with the phone “{phone}”"),
                    name=named[0][0].full_name,
                    units=listed,
                    phone=row.phone,
                )
            continue
        if not found:
            looked += 1
            why, fields = await _not_listed(
                session, row.name, recorder.org_id, left_on.get(fold(row.name)), near=looked <= NEAR_LOOKED
            )
            plan.refuse(row.line, why, **fields)
            continue
        if len(found) > 1:
            ids = ", ".join(
                f"{p.id} {unit or '—'}"
                for p, unit in sorted(found, key=lambda f: person_sort_key(f[0].full_name))
            )
            plan.refuse(
                row.line,
                t("{n} people are named {name} ({ids}): add a “Đơn vị” or “Số điện thoại” column"),
                n=len(found),
                name=row.name,
                ids=ids,
            )
            continue
        person = found[0][0]
        subject = Subject(person.id, person.org_id, person.unit_id, person.kind, frozenset(), False)
        if not may_record_payroll(actor, subject):
            plan.refuse(row.line, t("{name} is in a unit you are not a treasurer of"), name=person.full_name)
            continue
        if drive is not None and refusal_to_give(drive, person, local_date(now)) is not None:
            plan.refuse(row.line, t("{name}'s unit is not one the drive is for"), name=person.full_name)
            continue
        if person.id in seen:
            plan.refuse(
                row.line, t("{name} is on line {first} already"), name=person.full_name, first=seen[person.id]
            )
            continue
        seen[person.id] = row.line
        earlier = earliest.get(person.id)
        if earlier is not None:
            on = local_date(earlier.created_at)
            plan.given.append(GaveAlready(row.line, person.full_name, earlier.ref, earlier.amount_vnd, on))
            continue
        # A deduction of this very figure withdrawn by its recorder: she did not agree. Another figure is the
        # wrong one withdrawn to be recorded again as it is (a zero too many), and is recorded.
        refused = withdrawn.get((person.id, amount))
        if refused is not None:
            on = local_date(refused.decided_at or refused.created_at)
            plan.withdrawn.append(
                GaveAlready(row.line, person.full_name, refused.ref, refused.amount_vnd, on)
            )
            continue
        plan.deductions.append(Deduction(row.line, person.id, person.full_name, amount))
    return plan


async def _not_listed(
    session: AsyncSession, name: str, org_id: int, left: date | None, *, near: bool
) -> tuple[str, dict[str, str]]:
    """Why a row's name is nobody's: someone of that name who left (and when), or the names the list has that
    read nearly so (a letter too many, two swapped: bot.domain.people.near_names)."""
    staff = and_(Person.org_id == org_id, Person.kind == "staff")
    if left is not None:
        on = format_date(left, "vi")  # Babel's dd/MM/yyyy, the same in either language of `said`
        return t("{name} left on {on}: take the row out"), {"name": name, "on": on}
    if not near:
        return t("“{name}” is not on the staff list"), {"name": name}
    alike = await near_names(session, name, and_(staff, Person.left_on.is_(None)), limit=3, whole=True)
    if not alike:
        return t("“{name}” is not on the staff list"), {"name": name}
    nearly = ", ".join(f"{p.full_name} ({p.unit or '—'})" for p in alike)
    return t("“{name}” is not on the staff list; nearly: {nearly}"), {"name": name, "nearly": nearly}


async def record_payroll(
    session: AsyncSession,
    recorder: Person,
    plan: PayrollPlan,
    *,
    drive_id: int | None,
    note: str,
    now: datetime,
    settings: Settings | None = None,
) -> list[Contribution]:
    """Record the plan's deductions, each the person's own gift with `recorder` as its recorder, in the
    session's transaction; nothing when the plan has a row refused."""
    if plan.refused:
        return []
    recorded = []
    for deduction in plan.deductions:
        person = await session.get_one(Person, deduction.person_id)
        entry = NewContribution(kind="money", amount_vnd=deduction.amount_vnd, note=note, drive_id=drive_id)
        recorded.append(
            await record_contribution(
                session,
                person=person,
                recorded_by=recorder,
                entry=entry,
                now=now,
                settings=settings,
                payroll=True,
            )
        )
    return recorded
