"""A unit renamed, and two units merged into one (docs/decisions/0133).

A staff list written with a spelling variant ("Tổ Toán" and "To Toan") makes two units, each with its zeros
in every report; a unit renamed in real life ("Tổ Văn" → "Tổ Ngữ văn") kept its old name. The office renames
a unit (its code stays: invites and `--unit` keep working) or merges one into another: everything that points
at the first moves to the second in one transaction, and the first is removed. The names a unit had are kept
by the audit rows these write, and the staff import finds the unit again by them (`former_names`), so the
next list written the old way neither makes the unit again nor moves its people back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from bot.db.models import (
    Appeal,
    AuditLog,
    AwardForm,
    AwardProposal,
    Campaign,
    Commitment,
    Contribution,
    Drive,
    Invite,
    Organisation,
    Person,
    Reminder,
    Result,
    RoleAssignment,
    Unit,
)
from bot.domain.audit import audit
from bot.domain.awards import award_title
from bot.domain.commitments import move_owned
from bot.domain.digests import held_gifts, pools_merged
from bot.domain.notices import is_commune
from bot.domain.org_import import unit_key, units_named
from bot.text import accents_dropped, nfc

MAX_UNIT_NAME = 300  # unit.name's column

# Every column with a foreign key to a unit that a merge moves as it is, by one UPDATE. Handled apart:
# role_assignment.unit_id (a role held in both units is kept once), unit.parent_id (the units under the one
# merged away go under the other, never the other under itself), and unit_tally / unit_registrations /
# unit_givers (kept by the database's triggers as the people move; the emptied rows go with the unit, ON
# DELETE CASCADE).
# tests/test_units.py checks this list against the model. Not foreign keys, followed too: the collective
# owner "u:<unit>" of registrations and results, drive.unit_ids, an appeal's units and scope, and
# reminder.unit_id.
FOLLOW_THE_UNIT: tuple[InstrumentedAttribute[Any], ...] = (
    Person.unit_id,  # its people and households, with their kept counts (the triggers move them)
    Invite.unit_id,  # its invite codes still join, into the unit merged into
    Commitment.unit_id,  # registrations made there, the unit's own and its people's
    Contribution.unit_id,  # gifts recorded there
    Result.unit_id,  # results recorded there
    AwardProposal.unit_id,  # proposals of the unit, and of its people
)


class UnitError(Exception):
    """Why a rename or a merge was refused; nothing was changed."""

    def __init__(self, reason: str, **details: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details


@dataclass(frozen=True)
class Renamed:
    old: str
    new: str
    changed: bool
    # The unit whose name `new` was before a rename or a merge (its code then): lists written with that name
    # went there and now come here (the import looks the current names up first).
    was_of: str | None = None


async def rename_unit(
    session: AsyncSession, unit: Unit, name: str, *, now: datetime, actor_id: int | None = None
) -> Renamed:
    """Give `unit` the name `name` (NFC, trimmed). Refused ("empty", "too_long") for a name that is not one,
    and ("taken", other=the unit) for a name another unit of the organisation has, compared as the staff
    import compares names: the two are one unit, to merge. A unit may take its own name spelled otherwise
    (accents put back), never the same without its accents ("accents": papers would read “khoa cong nghe”).
    An audit row `unit.rename` keeps the old name, which the import reads."""
    new = " ".join(nfc(name).split())
    if not new:
        raise UnitError("empty")
    if accents_dropped(new, unit.name):
        raise UnitError("accents")
    if len(new) > MAX_UNIT_NAME:
        raise UnitError("too_long", limit=MAX_UNIT_NAME)
    others = await session.scalars(select(Unit).where(Unit.org_id == unit.org_id, Unit.id != unit.id))
    taken = units_named(new, [(other.name, other) for other in others])
    if taken:  # “Tổ D” is free beside “Tổ Đ”; “To D” is not (decision 0462)
        raise UnitError("taken", other=taken[0])
    old = unit.name
    if new == old:
        return Renamed(old, new, changed=False)
    was = (await former_names(session, unit.org_id)).get(unit_key(new))
    was_of = None
    if was is not None and was != unit.id:
        was_of = (await session.get_one(Unit, was)).code
    unit.name = new
    audit(
        session,
        at=now,
        actor_id=actor_id,
        action="unit.rename",
        entity="unit",
        entity_id=unit.id,
        code=unit.code,
        old=old,
        new=new,
    )
    await session.flush()
    return Renamed(old, new, changed=True, was_of=was_of)


@dataclass(frozen=True)
class MergeCounts:
    """What a merge moves, kind by kind (the last look shows them before, the audit row keeps them)."""

    people: int = 0  # staff (and donors placed in the unit), those who left among them
    households: int = 0
    invites: int = 0
    registrations: int = 0  # the unit's own (collective) and its people's
    contributions: int = 0
    results: int = 0
    proposals: int = 0
    roles: int = 0
    drives: int = 0  # drives for chosen units, this one among them
    appeals: int = 0
    units_under: int = 0
    reminders: int = 0


@dataclass(frozen=True)
class Clash:
    """A rule of one per owner that the merge would break: both units registered for `year` (a collective
    registration), or both proposed for the same award in `year`."""

    kind: str  # "registered" | "proposed"
    year: int
    what: str  # the campaign's code, or the award's title


@dataclass
class MergeLook:
    source: Unit
    target: Unit
    counts: MergeCounts
    clashes: list[Clash] = field(default_factory=list)


async def look_at_merge(session: AsyncSession, source: Unit, target: Unit) -> MergeLook:
    """What merging `source` into `target` would move, and what would clash; refused ("same", "other_org")
    for one unit twice or units of two organisations."""
    if source.id == target.id:
        raise UnitError("same")
    if source.org_id != target.org_id:
        raise UnitError("other_org")
    kinds = {
        kind: n
        for kind, n in await session.execute(
            select(Person.kind, func.count()).where(Person.unit_id == source.id).group_by(Person.kind)
        )
    }
    counts = MergeCounts(
        people=sum(n for kind, n in kinds.items() if kind != "household"),
        households=kinds.get("household", 0),
        invites=await _count(session, Invite.unit_id == source.id),
        registrations=await _count(
            session, or_(Commitment.unit_id == source.id, Commitment.owner_key == f"u:{source.id}")
        ),
        contributions=await _count(session, Contribution.unit_id == source.id),
        results=await _count(session, or_(Result.unit_id == source.id, Result.owner_key == f"u:{source.id}")),
        proposals=await _count(session, AwardProposal.unit_id == source.id),
        roles=await _count(session, RoleAssignment.unit_id == source.id),
        drives=len(await _drives_of(session, source)),
        appeals=len(await _appeals_of(session, source)),
        units_under=await _count(session, Unit.parent_id == source.id),
        reminders=await _count(session, Reminder.unit_id == source.id),
    )
    return MergeLook(source, target, counts, await _clashes(session, source, target))


async def merge_units(
    session: AsyncSession, source: Unit, target: Unit, *, now: datetime, actor_id: int | None = None
) -> MergeCounts:
    """Move everything of `source` into `target` and remove `source`, in the caller's transaction; refused
    with nothing changed ("same", "other_org", or "clash" with the clashes) when the two cannot be one. The
    people move by one UPDATE, so the kept counts of both units follow them through the triggers, each person
    once. An audit row `unit.merge` on `target` keeps the source's id, code and name and the counts."""
    await session.execute(  # two merges, or a merge and a rename, at once: one waits for the other
        select(Unit.id)
        .where(Unit.id.in_((source.id, target.id)))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    look = await look_at_merge(session, source, target)
    if look.clashes:
        raise UnitError("clash", clashes=look.clashes)
    old, new, code, name = source.id, target.id, source.code, source.name
    # what the unit's leader was not told yet stays held in the unit it goes into (decision 0711)
    held = await held_gifts(session, source.org_id, old, now)
    await session.execute(
        update(Unit)
        .where(Unit.parent_id == old, Unit.id != new)
        .values(parent_id=new)
        .execution_options(synchronize_session=False)
    )
    if target.parent_id == old:  # the unit merged into was under the one merged away: it takes its place
        target.parent_id = source.parent_id
    await _merge_roles(session, old, new)
    await move_owned(session, f"u:{old}", f"u:{new}")
    for column in (*FOLLOW_THE_UNIT, Reminder.unit_id):
        await session.execute(
            update(column.class_)
            .where(column == old)
            .values({column.key: new})
            .execution_options(synchronize_session=False)
        )
    for drive in await _drives_of(session, source):
        drive.unit_ids = sorted({new if unit == old else unit for unit in drive.unit_ids or ()})
    for appeal in await _appeals_of(session, source):
        audience = dict(appeal.audience)
        for key in ("units", "scope"):
            if isinstance(audience.get(key), list):
                audience[key] = sorted({new if unit == old else unit for unit in audience[key]})
        appeal.audience = audience
    # the pools a head was told with the unit in them keep the unit it goes into (decision 0855)
    await pools_merged(session, source.org_id, old, new)
    await session.flush()
    await session.execute(delete(Unit).where(Unit.id == old).execution_options(synchronize_session=False))
    session.expunge(source)
    audit(
        session,
        at=now,
        actor_id=actor_id,
        action="unit.merge",
        entity="unit",
        entity_id=new,
        from_id=old,
        from_code=code,
        from_name=name,
        **asdict(look.counts),
        **held,
    )
    await session.flush()
    return look.counts


async def former_names(session: AsyncSession, org_id: int) -> dict[str, int]:
    """The names and codes the organisation's units had before a rename or a merge, compared as the staff
    import compares names (`unit_key`), each with the unit that has them now (a unit merged away, then the
    one it went into merged in turn, leads to the last). Read from the audit rows of `rename_unit` and
    `merge_units`, which keep them; the current names and codes win over these (the caller sees to it). An
    id in a row names the unit that had it then: on SQLite a unit made after a merge may take the id of the
    unit merged away, so each is followed only through the merges written after its row (`unit_now`)."""
    units = set(await session.scalars(select(Unit.id).where(Unit.org_id == org_id)))
    rows = await session.execute(
        select(AuditLog.id, AuditLog.entity_id, AuditLog.action, AuditLog.details)
        .where(AuditLog.entity == "unit", AuditLog.action.in_(("unit.rename", "unit.merge")))
        .order_by(AuditLog.id)
    )
    merges: list[Merged] = []
    names: list[tuple[str, int, int]] = []
    for row_id, unit_id, action, details in rows:
        if action == "unit.rename":
            names.append((details.get("old") or "", unit_id, row_id))
        elif details.get("from_id") is not None:
            merges.append(Merged(row_id, int(details["from_id"]), unit_id))
            names += [
                (details.get("from_name") or "", unit_id, row_id),
                (details.get("from_code") or "", unit_id, row_id),
            ]
    found: dict[str, int] = {}
    for name, unit_id, row_id in reversed(names):  # the latest use of a name wins
        now_id, _merged = unit_now(merges, unit_id, since=row_id)
        if name and now_id in units:
            found.setdefault(unit_key(name), now_id)
    return found


@dataclass(frozen=True)
class Merged:
    """A `unit.merge` audit row: the unit of id `source` then went into the unit of id `into` then."""

    row: int
    source: int
    into: int


async def unit_merges(session: AsyncSession) -> list[Merged]:
    """Every merge of units on record, in the order they were made."""
    rows = await session.execute(
        select(AuditLog.id, AuditLog.entity_id, AuditLog.details)
        .where(AuditLog.entity == "unit", AuditLog.action == "unit.merge")
        .order_by(AuditLog.id)
    )
    return [
        Merged(row_id, int(details["from_id"]), into)
        for row_id, into, details in rows
        if details.get("from_id") is not None
    ]


def unit_now(merges: list[Merged], unit_id: int, *, since: int) -> tuple[int, bool]:
    """Where the unit that had id `unit_id` when audit row `since` was written is now: the id it has (its
    own, or the unit it was merged into, following later merges), and whether it was merged away. Only the
    merges written after `since` count: an id freed by a merge may since name another unit (SQLite gives a
    new row the highest id plus one, so the unit made next after the last one was merged away takes its id;
    PostgreSQL never reuses one). Whether a unit has that id now is for the caller to look."""
    merged = False
    for merge in merges:
        if merge.row > since and merge.source == unit_id:
            unit_id, since, merged = merge.into, merge.row, True
    return unit_id, merged


async def _count(session: AsyncSession, condition: Any) -> int:
    return await session.scalar(select(func.count()).where(condition)) or 0


async def _drives_of(session: AsyncSession, unit: Unit) -> list[Drive]:
    """The organisation's drives for chosen units that have this one among them (a JSON list of ids)."""
    drives = await session.scalars(
        select(Drive).where(Drive.org_id == unit.org_id, Drive.unit_ids.is_not(None)).order_by(Drive.id)
    )
    return [drive for drive in drives if unit.id in (drive.unit_ids or ())]


async def _appeals_of(session: AsyncSession, unit: Unit) -> list[Appeal]:
    """The organisation's appeals whose chosen units or scope (JSON lists of ids) have this one."""
    appeals = await session.scalars(select(Appeal).where(Appeal.org_id == unit.org_id).order_by(Appeal.id))
    return [
        appeal
        for appeal in appeals
        if any(unit.id in (appeal.audience.get(key) or ()) for key in ("units", "scope"))
    ]


async def _merge_roles(session: AsyncSession, old: int, new: int) -> None:
    """The roles held in the unit merged away are held in the other; one held in both is kept once."""
    mine, theirs = aliased(RoleAssignment), aliased(RoleAssignment)
    doubles = (
        select(mine.id)
        .join(
            theirs,
            (theirs.person_id == mine.person_id)
            & (theirs.role == mine.role)
            & (theirs.org_id == mine.org_id),
        )
        .where(mine.unit_id == old, theirs.unit_id == new)
    )
    await session.execute(
        delete(RoleAssignment)
        .where(RoleAssignment.id.in_(list(await session.scalars(doubles))))
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(RoleAssignment)
        .where(RoleAssignment.unit_id == old)
        .values(unit_id=new)
        .execution_options(synchronize_session=False)
    )


async def _clashes(session: AsyncSession, source: Unit, target: Unit) -> list[Clash]:
    """Both units registered for the same campaign year (one registration per owner), or both standing for
    the same award in the same year (one standing proposal per nominee), the award as the papers name it
    (`award_title`)."""
    mine, theirs = aliased(Commitment), aliased(Commitment)
    registered = await session.execute(
        select(mine.year, Campaign.slug)
        .join(theirs, (theirs.campaign_id == mine.campaign_id) & (theirs.year == mine.year))
        .join(Campaign, Campaign.id == mine.campaign_id)
        .where(mine.owner_key == f"u:{source.id}", theirs.owner_key == f"u:{target.id}")
        .order_by(mine.year)
    )
    clashes = [Clash("registered", year, slug) for year, slug in registered]
    own, other = aliased(AwardProposal), aliased(AwardProposal)
    proposed = await session.execute(
        select(own.year, AwardForm)
        .join(other, (other.award_form_id == own.award_form_id) & (other.year == own.year))
        .join(AwardForm, AwardForm.id == own.award_form_id)
        .where(
            own.unit_id == source.id,
            other.unit_id == target.id,
            own.person_id.is_(None),
            other.person_id.is_(None),
            own.withdrawn_at.is_(None),
            other.withdrawn_at.is_(None),
        )
        .order_by(own.year, AwardForm.title)
    )
    organisation = await session.get_one(Organisation, source.org_id)
    commune = await is_commune(session, organisation.id)
    return clashes + [
        Clash("proposed", year, award_title(form, organisation, commune=commune)) for year, form in proposed
    ]
