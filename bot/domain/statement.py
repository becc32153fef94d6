"""The public statement of a drive (công khai, sao kê): every confirmed entry — its unit, money or goods with
their value or labour days, date and reference code — and the giver's name only if they agreed
(`Person.public_name`, asked at their first contribution, changeable any time); otherwise no name, shown as
"Nhà hảo tâm". A reversal is listed too, as a negative line naming the entry it cancels, so the totals by kind
are the confirmed sums minus the reversals, and anyone can see why a line does not count.

Only the drive's own organisation gets it: a drive of another organisation is refused, not just left empty.
Gifts to the Fund outside any drive have a statement of their own, one per year (`fund_statement`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import Contribution, Drive, Organisation, Person, Unit


class StatementError(Exception):
    """`reason`: "not_found" (no such drive) or "other_organisation" (a drive of another organisation)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class StatementLine:
    ref: str
    at: datetime
    unit: str | None
    name: str | None  # None: the giver did not agree to be named ("Nhà hảo tâm")
    kind: str
    amount_vnd: int  # money, or the estimated value of goods; negative on a reversal
    labour_days: int
    description: str | None
    cancels: str | None  # on a reversal: the reference code of the entry it cancels


@dataclass(frozen=True)
class StatementTotals:
    money: int = 0
    goods: int = 0
    labour_days: int = 0


@dataclass(frozen=True)
class Statement:
    organisation: str
    drive: str
    starts_on: date
    ends_on: date
    lines: list[StatementLine]
    totals: StatementTotals
    outside_drives: bool = False  # the Fund's gifts outside any drive, for a year (`drive` is its name)


def totals_of(lines: list[StatementLine]) -> StatementTotals:
    """Totals by kind: money, the value of goods, labour days (reversal lines subtract)."""
    return StatementTotals(
        money=sum(line.amount_vnd for line in lines if line.kind == "money"),
        goods=sum(line.amount_vnd for line in lines if line.kind == "goods"),
        labour_days=sum(line.labour_days for line in lines if line.kind == "labour"),
    )


async def find_drive(session: AsyncSession, org_id: int, code: str) -> Drive:
    """The drive with `code` in organisation `org_id`; a drive of that code elsewhere is refused by name."""
    drives = list(await session.scalars(select(Drive).where(Drive.code == code)))
    for drive in drives:
        if drive.org_id == org_id:
            return drive
    raise StatementError("other_organisation" if drives else "not_found")


async def drive_statement(session: AsyncSession, drive_id: int, *, org_id: int) -> Statement:
    """The statement of `drive_id` for someone of organisation `org_id`."""
    drive = await session.get(Drive, drive_id)
    if drive is None:
        raise StatementError("not_found")
    if drive.org_id != org_id:
        raise StatementError("other_organisation")
    organisation = await session.get_one(Organisation, drive.org_id)
    lines = await _lines(session, Contribution.drive_id == drive.id)
    return Statement(organisation.name, drive.title, drive.starts_on, drive.ends_on, lines, totals_of(lines))


@dataclass(frozen=True)
class GeneralFund:
    """The Fund outside the drives, as the access rules see a drive: it belongs to one organisation."""

    org_id: int


async def fund_statement(session: AsyncSession, org_id: int, year: int, *, title: str) -> Statement:
    """The statement of the organisation's gifts to the Fund outside any drive recorded in the calendar year
    `year` (the entries' own year), titled `title` (the reader's words for it)."""
    organisation = await session.get_one(Organisation, org_id)
    lines = await _lines(
        session, Contribution.org_id == org_id, Contribution.drive_id.is_(None), Contribution.year == year
    )
    return Statement(
        organisation.name,
        title,
        date(year, 1, 1),
        date(year, 12, 31),
        lines,
        totals_of(lines),
        outside_drives=True,
    )


async def _lines(session: AsyncSession, *where: ColumnElement[Any]) -> list[StatementLine]:
    """The confirmed entries (and reversals) matching `where`, oldest first."""
    original = aliased(Contribution)
    rows = await session.execute(
        select(
            Contribution.ref,
            Contribution.created_at,
            Unit.name,
            Person.full_name,
            Person.public_name,
            Contribution.kind,
            Contribution.amount_vnd,
            Contribution.labour_days,
            Contribution.description,
            original.ref,
        )
        .join(Person, Person.id == Contribution.person_id)
        .outerjoin(Unit, Unit.id == Contribution.unit_id)
        .outerjoin(original, original.id == Contribution.reverses_id)
        .where(*where, Contribution.status == "confirmed")
        .order_by(Contribution.created_at, Contribution.id)
    )
    return [
        StatementLine(
            ref=ref,
            at=at,
            unit=unit,
            name=name if public else None,
            kind=kind,
            amount_vnd=amount,
            labour_days=days,
            description=description,
            cancels=cancels,
        )
        for ref, at, unit, name, public, kind, amount, days, description, cancels in rows
    ]
