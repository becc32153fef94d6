"""What a collector recorded for others (“Các khoản tôi đã ghi thay”) and the cash they hand to the treasurer.

A hamlet officer goes round the households without phones in the peak month, takes their cash and records
each gift in the chat for the household (docs/decisions/0043); a treasurer or officer does the same for a
donor from outside (0083). Then they hand the cash to the treasurer with a handover list (bảng kê nộp tiền).
This is their view of it: every entry they recorded for someone else, the latest first, a page at a time,
with its state; the money still waiting for a treasurer (the cash they hold, or handed over and not yet
confirmed), the money confirmed this year and what a treasurer did not receive; and the handover list
itself, the money entries that still wait.

Only the recorder's own entries, and only for someone who records for others under a role
(bot.domain.access.may_list_recorded_for_others; the entries: `recorded_for_others_by`). Individual amounts
are fine here: the recorder took the money. A refusal is audited (`collected.refused`), as the ledger's is;
docs/decisions/0093."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import local_date
from bot.db.models import Contribution, Organisation, Person, Unit
from bot.domain.access import (
    Actor,
    Operator,
    may_list_recorded_for_others,
    officer_confirms,
    recorded_for_others,
    recorded_for_others_by,
)
from bot.domain.audit import audit
from bot.domain.campaigns import LAST_YEAR_UNTIL_MONTH
from bot.domain.contributions import taken_back
from bot.text import as_household, told_apart

PAGE_SIZE = 10  # as the queue's and the statement's pages: one Zalo message


class CollectedError(Exception):
    """`reason`: "not_allowed" (no role under which one records for others: audited) or "not_found" (the
    collector asked for at the shell is no person of the organisation)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CollectedEntry:
    """One entry the collector recorded for someone else, as their list shows it."""

    ref: str
    at: datetime  # recorded (UTC)
    giver: str  # a household's name as a household's (“Hộ …”)
    unit: str | None
    kind: str
    amount_vnd: int  # money, or the estimated value of goods
    labour_days: int
    description: str | None
    # "recorded", "confirmed", "rejected", "withdrawn" (by the giver), "withdrawn_by_recorder", "corrected"
    # (cancelled by a correction)
    state: str
    reason: str | None  # why a treasurer did not receive it
    donor: bool = False  # a donor from outside the organisation (0083)
    # what tells the giver apart from a namesake of its unit (“Tổ 5”: two “Hộ ông Nguyễn Văn Nam” of one
    # hamlet), as the receipt said it (decisions 0484, 0834); None where no namesake needs it
    giver_position: str | None = None
    # waiting, a treasurer's own recording that the officers confirm, there being no other treasurer
    # (`access.officer_confirms`, decisions 2430, 2620)
    by_officers: bool = False


@dataclass(frozen=True)
class CollectedTotals:
    """The figures a collector needs, money only (cash is what they carry): what still waits for a treasurer
    (count and đồng, of every year: cash does not wait for the calendar), what was confirmed in `year` (a
    confirmed entry later cancelled by a correction does not count; its right figure does), and how many
    entries a treasurer did not receive (`rejected`, of every year; withdrawn ones are not counted). January
    through March, what was confirmed of the year just ended too (`ended_*`): the cash handed over on New
    Year's Eve and confirmed after midnight is that year's (decision 0489)."""

    waiting_count: int = 0
    waiting_vnd: int = 0
    confirmed_count: int = 0
    confirmed_vnd: int = 0
    rejected: int = 0
    year: int = 0
    ended_count: int = 0
    ended_vnd: int = 0
    ended_year: int | None = None  # the year just ended, January through March
    # of `waiting_count`, a treasurer's own recordings the officers confirm, there being no other treasurer
    # (`access.officer_confirms`): all of them, and the figure names the officers (decision 2625)
    waiting_by_officers: int = 0


@dataclass(frozen=True)
class HandoverRow:
    ref: str
    at: datetime
    giver: str  # with what tells it apart from a namesake of its unit: “Hộ ông Nguyễn Văn Nam (Tổ 5)”
    unit: str | None
    amount_vnd: int


@dataclass(frozen=True)
class Handover:
    """The handover list (bảng kê nộp tiền): the collector's money entries for others still waiting for a
    treasurer, oldest first, and their total."""

    organisation: str
    collector: str
    collector_unit: str | None
    on: date  # the day it is drawn up (local)
    rows: list[HandoverRow]

    @property
    def total(self) -> int:
        return sum(row.amount_vnd for row in self.rows)


async def still_holding(session: AsyncSession, actor: Actor) -> bool:
    """Whether `actor` recorded for others entries still waiting for a treasurer: cash they may hold, whatever
    role they hold now (access.may_list_recorded_for_others)."""
    waiting = and_(recorded_for_others(actor.person_id, actor.org_id), Contribution.status == "recorded")
    return bool(await session.scalar(select(exists().where(waiting))))


async def may_list_mine(session: AsyncSession, actor: Actor | None) -> bool:
    """Whether `actor` may open the list of what they recorded for others: under a role, or still holding."""
    return actor is not None and (may_list_recorded_for_others(actor) or await still_holding(session, actor))


async def _allowed(
    session: AsyncSession, actor: Actor | None, *, now: datetime, what: str
) -> ColumnElement[bool]:
    """The entries `actor` recorded for others, when they may list them (`may_list_mine`); else the attempt
    is audited and refused."""
    if actor is not None and await may_list_mine(session, actor):
        return recorded_for_others_by(actor, still_holding=True)
    audit(
        session,
        at=now,
        actor_id=actor.person_id if actor else None,
        action="collected.refused",
        entity="organisation",
        entity_id=actor.org_id if actor else None,
        what=what,
    )
    raise CollectedError("not_allowed")


def _corrected() -> ColumnElement[bool]:
    reversal = aliased(Contribution)
    return exists().where(reversal.reverses_id == Contribution.id)


async def _positions_apart(session: AsyncSession, org_id: int, givers: Iterable[int]) -> dict[int, str]:
    """Of `givers`, those whose unit holds a namesake (two households of one hamlet whose heads bear one
    name), each with the position that tells it apart from the others of its name and unit (`told_apart`,
    as the officer's search list and the receipt do: decision 0484): whatever of them the page lists, so
    that the list read back before the cash is handed over says which gave what (decision 0834). One query."""
    ids = set(givers)
    if not ids:
        return {}
    listed = Person.__table__.alias("listed")
    rows = await session.execute(
        select(Person.id, Person.name_key, Person.unit_id, Person.position)
        .join(listed, and_(listed.c.name_key == Person.name_key, listed.c.unit_id == Person.unit_id))
        .where(listed.c.id.in_(ids), Person.org_id == org_id)
        .distinct()
        .order_by(Person.id)
    )
    people = [(pid, f"{key}\x00{unit}", position) for pid, key, unit, position in rows]
    shown = told_apart([(name, position) for _pid, name, position in people])
    return {
        pid: position
        for (pid, name, position), said in zip(people, shown, strict=True)
        if pid in ids and position and said != name
    }


async def collected_page(
    session: AsyncSession, actor: Actor | None, *, now: datetime, page: int = 0, size: int = PAGE_SIZE
) -> tuple[list[CollectedEntry], int]:
    """Page `page` (from 0) of the entries `actor` recorded for others, the latest first, and how many in all.
    Refused (CollectedError "not_allowed", audited) for anyone who records for others under no role."""
    mine = await _allowed(session, actor, now=now, what="list")
    total = await session.scalar(select(func.count()).select_from(Contribution).where(mine)) or 0
    corrected = _corrected()
    rows = await session.execute(
        select(
            Contribution.ref,
            Contribution.created_at,
            Person.full_name,
            Person.kind,
            Unit.name,
            Contribution.kind,
            Contribution.amount_vnd,
            Contribution.labour_days,
            Contribution.description,
            Contribution.status,
            Contribution.reason,
            Contribution.decided_by,
            Contribution.person_id,
            Contribution.recorded_by,
            corrected,
            case((officer_confirms(), True), else_=False),
        )
        .join(Person, Person.id == Contribution.person_id)
        .outerjoin(Unit, Unit.id == Contribution.unit_id)
        .where(mine)
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
        .offset(page * size)
        .limit(size)
    )
    rows = list(rows)
    assert actor is not None
    apart = await _positions_apart(session, actor.org_id, (row.person_id for row in rows))
    entries = []
    for (
        ref, at, giver, giver_kind, unit, kind, amount, days, description, status, reason, decided_by,
        person_id, recorded_by, was_corrected, officers,
    ) in rows:  # fmt: skip
        withdrawn = taken_back(status, decided_by, person_id, recorded_by)
        state = "corrected" if was_corrected else status
        if withdrawn:
            state = "withdrawn_by_recorder" if decided_by == recorded_by else "withdrawn"
        entries.append(
            CollectedEntry(
                ref=ref,
                at=at,
                giver=as_household(giver) if giver_kind == "household" else giver,
                unit=unit,
                kind=kind,
                amount_vnd=int(amount),
                labour_days=int(days),
                description=description,
                state=state,
                reason=reason if state == "rejected" else None,
                donor=giver_kind == "donor",
                giver_position=apart.get(person_id),
                by_officers=bool(officers) and state == "recorded",
            )
        )
    return entries, int(total)


async def collected_totals(session: AsyncSession, actor: Actor | None, *, now: datetime) -> CollectedTotals:
    """`CollectedTotals` of `actor`'s recordings for others, confirmed counted in the current local year: one
    query. Refused as `collected_page` is."""
    mine = await _allowed(session, actor, now=now, what="totals")
    today = local_date(now)
    year = today.year
    ended = year - 1 if today.month <= LAST_YEAR_UNTIL_MONTH else None
    money = Contribution.kind == "money"
    waiting = and_(money, Contribution.status == "recorded")
    standing = and_(money, Contribution.status == "confirmed", ~_corrected())
    confirmed = and_(standing, Contribution.year == year)
    confirmed_ended = and_(standing, Contribution.year == (ended or 0))
    # A rejection its recorder made (a withdrawal) is no treasurer's “not received”.
    rejected = and_(
        Contribution.status == "rejected",
        Contribution.decided_by.is_distinct_from(Contribution.recorded_by),
        Contribution.decided_by.is_distinct_from(Contribution.person_id),
    )

    def counted(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    def summed(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((condition, Contribution.amount_vnd), else_=0)), 0)

    row = (
        await session.execute(
            select(
                counted(waiting),
                summed(waiting),
                counted(confirmed),
                summed(confirmed),
                counted(rejected),
                counted(confirmed_ended),
                summed(confirmed_ended),
                counted(and_(waiting, officer_confirms())),
            )
            .select_from(Contribution)
            .where(mine)
        )
    ).one()
    *figures, ended_count, ended_vnd, by_officers = (int(value) for value in row)
    return CollectedTotals(
        *figures,
        year=year,
        ended_count=ended_count,
        ended_vnd=ended_vnd,
        ended_year=ended,
        waiting_by_officers=by_officers,
    )


async def handover_list(
    session: AsyncSession, acting: Actor | Operator | None, *, now: datetime, collector_id: int | None = None
) -> Handover:
    """The handover list of `acting` (their own recordings, refused as `collected_page` is), or, for the
    operator at the shell, of the person `collector_id` of the organisation (the office draws it up for a
    collector on Zalo). A list drawn up is audited (`collected.handover`: how many rows, never a name or an
    amount)."""
    if isinstance(acting, Operator):
        person = await session.get(Person, collector_id or 0)
        if person is None or person.org_id != acting.org_id:
            raise CollectedError("not_found")
        # The collector's recordings as their own list has them, whatever roles they hold now.
        mine, actor_id = recorded_for_others(person.id, person.org_id), None
    else:
        mine = await _allowed(session, acting, now=now, what="handover")
        assert acting is not None
        person = await session.get_one(Person, acting.person_id)
        actor_id = acting.person_id
    organisation = await session.get_one(Organisation, person.org_id)
    unit = await session.get(Unit, person.unit_id) if person.unit_id else None
    giver = aliased(Person)
    rows = await session.execute(
        select(
            Contribution.ref,
            Contribution.created_at,
            giver.full_name,
            giver.kind,
            Unit.name,
            Contribution.amount_vnd,
            giver.id,
        )
        .join(giver, giver.id == Contribution.person_id)
        .outerjoin(Unit, Unit.id == Contribution.unit_id)
        .where(mine, Contribution.kind == "money", Contribution.status == "recorded")
        .order_by(Contribution.created_at, Contribution.id)
    )
    rows = list(rows)
    apart = await _positions_apart(session, person.org_id, (row.id for row in rows))

    def giver_named(name: str, kind: str, giver_id: int) -> str:
        named = as_household(name) if kind == "household" else name
        return f"{named} ({apart[giver_id]})" if giver_id in apart else named

    listed = [
        HandoverRow(ref, at, giver_named(name, kind, giver_id), unit_name, int(amount))
        for ref, at, name, kind, unit_name, amount, giver_id in rows
    ]
    audit(
        session,
        at=now,
        actor_id=actor_id,
        action="collected.handover",
        entity="person",
        entity_id=person.id,
        rows=len(listed),
    )
    return Handover(organisation.name, person.full_name, unit.name if unit else None, local_date(now), listed)
