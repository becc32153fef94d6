"""Colleagues who left: retired, moved to another school or hospital, died (docs/decisions/0118).

Someone who left keeps their record and all its history — gifts, registrations, results, cases, award
proposals — and what they gave still counts in the statements, ledgers and reports of the time they were
there. From the day they left they are no longer one of the unit's people: the kept counts leave them out
(migration 0035), no appeal, reminder or digest is meant for them, nobody proposes them or records for them,
and their roles, which are for people at work, are taken off. Their own chat still shows them their own
progress and receipts. Taking it back (a mistake) counts them again and gives back their membership and the
roles that leaving took off, each named (its `role.revoke` audit rows say which: decision 0136).

A leaving whose day is still ahead (“sẽ nghỉ từ 01/01/2027”: December's retirements) is recorded now as
`person.leaves_on` alone, which nothing that counts or reaches people reads: until that day the person is at
work in every respect. On that day the scheduler's `people.leavings` job records the leaving itself through
`mark_left`, so every rule of leaving applies then unchanged; a day missed (the bot was down) is caught up
with the planned day (decision 0270)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_date
from bot.config import Settings
from bot.db.models import AuditLog, OutboxMessage, Person, Reminder, RoleAssignment, Unit
from bot.delivery.outbox import lock_person
from bot.domain.access import (
    DECIDE_ROLES,
    LABOUR_DECIDERS,
    Acting,
    Actor,
    Operator,
    is_away,
    may_mark_away,
    may_mark_left,
)
from bot.domain.appeals import hold_for_author
from bot.domain.audit import audit
from bot.domain.digests import digests_no_longer_read
from bot.domain.leave_end import end_stand_ins
from bot.domain.notices import leaving_took_effect, receipts_asked_again_of, waiting_recounted_for
from bot.domain.roles import RoleError, grant_role, is_last_admin
from bot.domain.shell import command
from bot.i18n import Translator

# What was meant for them as one of the unit's people and waits to be sent: appeals and their follow-ups, an
# appeal's correction held till the morning (one made in the day reaches no one who left: decision 0808), the
# reminders they asked for or were due, digests. Their own receipts and notices about their own gifts go.
STAFF_MESSAGES = ("appeal:%", "fix:appeal:%", "remind:%", "reminder:%", "digest:%")

# How far ahead a leaving may be planned: a year's retirements are known in its last months; a day further
# off is more likely a year mistyped (2072 for 2027) than a plan.
AHEAD = timedelta(days=366)


class LeaveError(ValueError):
    """Refused; `reason`: "not_allowed" (bot.domain.access.may_mark_left, or may_mark_away, says no), "future"
    (a day more than a year ahead: `AHEAD`; a long leave's end more than two years ahead: `AWAY_AHEAD`),
    "last_admin" (the organisation's last administrator of the whole organisation: someone must keep granting
    roles), "not_left" (taking back a leaving that was never recorded), "changed" (a plan changed or recorded
    since the person was read: `_replanned`), "past" (a long leave ending on a day already past:
    `mark_away`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Left:
    changed: bool  # False: they had left already, on `on` (or, `planned`, were to leave on `on` already)
    on: date
    roles: tuple[tuple[str, str | None], ...] = ()  # taken off: (role, unit code or None: the organisation)
    cancelled: int = 0  # messages and reminders meant for them as staff, not sent
    planned: bool = False  # `on` is still ahead: recorded as `leaves_on`, applied on that day
    instead_of: date | None = None  # the day planned before, now changed


async def mark_left(
    session: AsyncSession,
    acting: Acting,
    person: Person,
    *,
    on: date,
    now: datetime,
    settings: Settings | None = None,
) -> Left:
    """Record that `person` left the organisation on `on` (today or before). Their roles are taken off, each
    with an audit row; the appeals, reminders and digests waiting for them are not sent; they are told
    (bot.domain.notices.leaving_took_effect). Recording it again
    changes nothing (`changed` False, with the day already recorded). A day still ahead (up to `AHEAD`) is
    planned instead (`plan_leaving`): nothing else changes until that day."""
    if not may_mark_left(acting, person):
        raise LeaveError("not_allowed")
    if person.left_on is not None:
        return Left(False, person.left_on)
    if on > local_date(now):
        return await plan_leaving(session, acting, person, on=on, now=now)
    if (already := await _locked(session, person)) is not None:  # recorded meanwhile (chat and shell at once)
        return Left(False, already)
    held = list(
        await session.execute(
            select(RoleAssignment.id, RoleAssignment.role, RoleAssignment.unit_id, Unit.code)
            .outerjoin(Unit, Unit.id == RoleAssignment.unit_id)
            .where(RoleAssignment.person_id == person.id)
            .order_by(RoleAssignment.id)
            .with_for_update(of=RoleAssignment)
        )
    )
    whole_admin = any(role == "admin" and unit_id is None for _id, role, unit_id, _code in held)
    if whole_admin and await is_last_admin(session, person):
        raise LeaveError("last_admin")
    actor_id = acting.person_id if isinstance(acting, Actor) else None
    person.left_on, planned = on, person.leaves_on
    person.leaves_on = None  # a day planned is this one, or replaced by the day now recorded
    await take_roles_off(
        session,
        person,
        held,
        actor_id=actor_id,
        now=now,
        settings=settings,
        left=True,
    )
    cancelled = await _not_sent(session, person.id, now=now)
    audit(
        session,
        at=now,
        actor_id=actor_id,
        action="person.left",
        entity="person",
        entity_id=person.id,
        on=on.isoformat(),
        roles=len(held),
        cancelled=cancelled,
        **({"planned": planned.isoformat()} if planned is not None else {}),
    )
    await session.flush()
    # a receipts' ask waiting for the morning names only their own gifts, or is not sent (decision 0660)
    await receipts_asked_again_of(session, person.id, settings=settings)
    roles = tuple((role, code) for _id, role, _unit, code in held)
    # Told, planned or not: the person; planned, the admin who planned it too (docs/decisions/0295).
    await leaving_took_effect(
        session,
        person,
        on=on,
        roles=roles,
        planned=planned == on,
        now=now,
        settings=settings,
    )
    return Left(True, on, roles, cancelled)


async def plan_leaving(
    session: AsyncSession, acting: Acting, person: Person, *, on: date, now: datetime
) -> Left:
    """Record now that `person` leaves on `on`, a day still ahead (“sẽ nghỉ từ 01/01/2027”): only
    `person.leaves_on` and an audit row `person.leaving_planned`; until that day they are at work in every
    respect (counted, reminded, appealed to, their roles kept). A day planned already is changed to `on`
    (`instead_of`); the same day again changes nothing. The last administrator of the whole organisation is
    refused now, as on the day. On that day `apply_planned` records the leaving through `mark_left`."""
    if not may_mark_left(acting, person):
        raise LeaveError("not_allowed")
    if person.left_on is not None:
        return Left(False, person.left_on)
    if on > local_date(now) + AHEAD:
        raise LeaveError("future")
    if person.leaves_on == on:
        return Left(False, on, planned=True)
    if await _whole_admin(session, person) and await is_last_admin(session, person):
        raise LeaveError("last_admin")
    before = person.leaves_on
    if not await _replanned(session, person, before, on):
        raise LeaveError("changed")
    audit(
        session,
        at=now,
        actor_id=acting.person_id if isinstance(acting, Actor) else None,
        action="person.leaving_planned",
        entity="person",
        entity_id=person.id,
        on=on.isoformat(),
        **({"instead_of": before.isoformat()} if before is not None else {}),
    )
    await session.flush()
    return Left(True, on, planned=True, instead_of=before)


async def _replanned(session: AsyncSession, person: Person, was: date | None, on: date | None) -> bool:
    """`person.leaves_on` changed from `was` to `on` (None: cancelled), only while they have not left and the
    plan is still `was`: on PostgreSQL the morning's job (or another admin) may have recorded the leaving or
    changed the plan since the person was read, and a plan written over it would be said done while they are
    gone (decision 0276). False when it changed meanwhile: nothing written, `person` read again."""
    same = Person.leaves_on.is_(None) if was is None else Person.leaves_on == was
    done = await session.execute(
        update(Person)
        .where(Person.id == person.id, Person.left_on.is_(None), same)
        .values(leaves_on=on)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(person, ["left_on", "leaves_on"])
    return bool(done.rowcount)


async def _locked(session: AsyncSession, person: Person) -> date | None:
    """Lock `person`'s row, then read their leaving again: what decides is what is recorded once no one else
    writes it. On PostgreSQL two admins recording (or taking back) the same leaving at the same moment both
    read it not done; the second waits here for the first and finds it done (decision 0280). A batch of
    messages under way is waited for too (decision 0261). The day of the leaving on record, or None."""
    await lock_person(session, person.id)
    await session.refresh(person, ["left_on", "leaves_on", "unit_id"])
    return person.left_on


async def _whole_admin(session: AsyncSession, person: Person) -> bool:
    held = select(RoleAssignment.id).where(
        RoleAssignment.person_id == person.id,
        RoleAssignment.role == "admin",
        RoleAssignment.unit_id.is_(None),
    )
    return await session.scalar(held.limit(1)) is not None


async def planned_due(session: AsyncSession, *, now: datetime) -> list[int]:
    """The people whose planned leaving day has come (today, or a day missed while the bot was down)."""
    return list(
        await session.scalars(
            select(Person.id)
            .where(Person.leaves_on.is_not(None), Person.leaves_on <= local_date(now))
            .order_by(Person.id)
        )
    )


async def apply_planned(
    session: AsyncSession, person_id: int, *, now: datetime, settings: Settings | None = None
) -> Left | None:
    """The leaving planned for `person_id`, recorded on its day (the day planned, even when caught up later)
    through `mark_left`, as the shell's operator within their organisation: every rule of leaving applies.
    None when nothing is due any more (taken back, or applied by a run before). A refusal (the last
    administrator of the whole organisation, granted since the plan) raises `LeaveError` and leaves the plan
    standing, tried again the next day. The person is told, and the admin who planned it in the chat
    (bot.domain.notices.leaving_took_effect, from `mark_left`), once."""
    person = await session.get(Person, person_id, with_for_update=True)
    if person is None or person.leaves_on is None or person.leaves_on > local_date(now):
        return None
    return await mark_left(
        session, Operator(person.org_id), person, on=person.leaves_on, now=now, settings=settings
    )


async def take_roles_off(
    session: AsyncSession,
    person: Person,
    held: Sequence[tuple[int, str, int | None, str | None]],
    *,
    actor_id: int | None,
    now: datetime,
    settings: Settings | None = None,
    **why: Any,
) -> None:
    """Take the role rows `held` (id, role, unit id, the unit's code) off `person`, each with its audit row
    `role.revoke` (the unit's code then is named if the unit is gone when a leaving is taken back)
    saying why (`left=True` here; `moved=True` when the staff list moves them to another unit:
    bot.domain.org_import). A treasurer's or officer's "N gifts wait" not sent yet is counted again."""
    for _id, role, unit_id, code in held:
        audit(
            session,
            at=now,
            actor_id=actor_id,
            action="role.revoke",
            entity="person",
            entity_id=person.id,
            role=role,
            unit_id=unit_id,
            unit=code,
            **why,
        )
    if held:
        await session.execute(delete(RoleAssignment).where(RoleAssignment.id.in_([row[0] for row in held])))
        await hold_for_author(session, person, now=now)  # their appeals not sent yet wait (decision 0318)
        await digests_no_longer_read(session, person, now=now)  # a unit's left by a move: not theirs (0350)
    if any(role in DECIDE_ROLES | LABOUR_DECIDERS for _id, role, _unit, _code in held):  # "N gifts wait" goes
        await waiting_recounted_for(session, person, now=now, settings=settings)


async def _not_sent(session: AsyncSession, person_id: int, *, now: datetime) -> int:
    """The reminders due to `person_id` and the staff messages waiting for them, cancelled (not a message a
    sender holds right now); how many."""
    reminders = await session.execute(
        update(Reminder)
        .where(Reminder.person_id == person_id, Reminder.status == "due")
        .values(status="cancelled")
        .execution_options(synchronize_session=False)
    )
    messages = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.person_id == person_id,
            OutboxMessage.status == "pending",
            or_(*(OutboxMessage.key.like(pattern) for pattern in STAFF_MESSAGES)),
            or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= now),
        )
        .values(status="cancelled", last_error="left the organisation")
        .execution_options(synchronize_session=False)
    )
    return int(reminders.rowcount or 0) + int(messages.rowcount or 0)


@dataclass(frozen=True)
class NotBack:
    """A role the leaving took off that taking it back could not give back; the grant line names it."""

    role: str
    unit: str | None  # the unit's code then (None: the whole organisation)
    reason: str  # "unit": the unit is gone (merged into `into`, or removed); else a RoleError's reason
    into: str | None = None  # the unit it was merged into, when it was


@dataclass(frozen=True)
class Back:
    was: date  # the day recorded as their leaving
    member_of: str | None  # the unit whose membership they have (None: no unit)
    again: bool = False  # `member_of` is the very unit they left (else the staff list put them in another)
    roles: tuple[tuple[str, str | None], ...] = ()  # given back: (role, unit code or None: the organisation)
    not_back: tuple[NotBack, ...] = ()
    planned: bool = False  # `was` was still ahead: the planned leaving is cancelled, nothing else changed


@dataclass(frozen=True)
class Ended:
    """A role the leaving on record took off, as its `role.revoke` audit row says."""

    role: str
    unit_id: int | None  # the unit's id then (None: the whole organisation)
    unit: str | None  # the unit's code then (older rows lack it)
    row: int  # the audit row's id: what happened to the unit since is read after it


async def ended_by_leaving(session: AsyncSession, person: Person) -> list[Ended]:
    """The roles the leaving on record took off `person`, membership aside (`_taken_off`)."""
    return [ended for ended in await _taken_off(session, person) if ended.role != "member"]


async def _taken_off(session: AsyncSession, person: Person) -> list[Ended]:
    """The roles the leaving on record took off `person`, membership too, read from its audit rows: the
    `role.revoke` rows with `left` written between the leaving's `person.left` row and the one before it."""
    lefts = list(
        await session.scalars(
            select(AuditLog.id)
            .where(
                AuditLog.action == "person.left", AuditLog.entity == "person", AuditLog.entity_id == person.id
            )
            .order_by(AuditLog.id.desc())
            .limit(2)
        )
    )
    if not lefts:
        return []
    rows = await session.scalars(
        select(AuditLog)
        .where(
            AuditLog.action == "role.revoke",
            AuditLog.entity == "person",
            AuditLog.entity_id == person.id,
            AuditLog.id < lefts[0],
            AuditLog.id > (lefts[1] if len(lefts) > 1 else 0),
        )
        .order_by(AuditLog.id)
    )
    ended = []
    for row in rows:
        details = row.details or {}
        if details.get("left"):
            unit_id = details.get("unit_id")
            ended.append(
                Ended(
                    str(details["role"]),
                    int(unit_id) if unit_id is not None else None,
                    details.get("unit"),
                    row.id,
                )
            )
    return ended


async def _where_now(
    session: AsyncSession, person: Person, ended: Ended
) -> tuple[Unit | None, NotBack | None]:
    """The unit a role the leaving took off was held in, when it is still that very unit (None for the
    whole organisation); else why it cannot come back there. An id read from the audit log is trusted only
    as far as the log bears it out: the unit was not merged away since the role was taken off (on SQLite a
    unit made afterwards takes the freed id, and may take the same code), and the unit at that id now has
    the code the row kept (a code never changes: a rename keeps it)."""
    from bot.domain.units import unit_merges, unit_now  # units reads the staff import, which reads this

    if ended.unit_id is None:
        return None, None
    now_id, merged = unit_now(await unit_merges(session), ended.unit_id, since=ended.row)
    place = await session.get(Unit, now_id)
    if place is not None and place.org_id != person.org_id:
        place = None
    if merged:
        return None, NotBack(ended.role, ended.unit, "unit", place.code if place is not None else None)
    if place is None or (ended.unit is not None and place.code != ended.unit):
        return None, NotBack(ended.role, ended.unit, "unit")
    return place, None


async def roles_to_give_back(session: AsyncSession, person: Person) -> list[tuple[str, str | None]]:
    """The roles the leaving took off, as the last look before taking it back names them (role, unit code
    then or None for the whole organisation); whether each can come back is for `mark_back` to say."""
    named = []
    for ended in await ended_by_leaving(session, person):
        place, _not_back = await _where_now(session, person, ended)
        named.append((ended.role, ended.unit or (place.code if place is not None else None)))
    return named


async def mark_back(
    session: AsyncSession, acting: Acting, person: Person, *, now: datetime, settings: Settings | None = None
) -> Back:
    """Take back a leaving recorded by mistake: `person` counts in their unit again and is a member of it, and
    the roles that leaving took off are granted again (bot.domain.roles.grant_role: audited, the person told),
    under the same rule as any grant, each only into the very unit it was taken from; one whose unit is gone
    (merged away, or its id now another unit's), or that `acting` may not grant, is named in `not_back`
    instead (decisions 0136, 0145)."""
    if not may_mark_left(acting, person):
        raise LeaveError("not_allowed")
    if person.left_on is None and person.leaves_on is not None:
        return await _cancel_planned(session, acting, person, now=now)
    if person.left_on is None:
        raise LeaveError("not_left")
    if await _locked(session, person) is None:  # taken back meanwhile (two admins at once): done once
        raise LeaveError("not_left")
    taken_off = await _taken_off(session, person)
    ended = [role for role in taken_off if role.role != "member"]
    was, person.left_on = person.left_on, None
    unit = await session.get(Unit, person.unit_id) if person.unit_id is not None else None
    again = False
    for membership in (role for role in taken_off if role.role == "member" and unit is not None):
        place, _gone = await _where_now(session, person, membership)
        again = again or (place is not None and place.id == unit.id)
    if unit is not None and not await _member_of(session, person, unit):
        session.add(
            RoleAssignment(
                person_id=person.id,
                role="member",
                org_id=person.org_id,
                unit_id=unit.id,
                granted_at=now,
                granted_by=acting.person_id if isinstance(acting, Actor) else None,
            )
        )
    await session.flush()
    given: list[tuple[str, str | None]] = []
    not_back: list[NotBack] = []
    for role in ended:
        place, gone = await _where_now(session, person, role)
        if gone is not None:
            not_back.append(gone)
            continue
        try:
            done = await grant_role(
                session, acting, person, role.role, place.code if place else None, now=now, settings=settings
            )
        except RoleError as refused:
            not_back.append(NotBack(role.role, place.code if place else None, refused.reason))
            continue
        given.append((role.role, done.unit_code))
    audit(
        session,
        at=now,
        actor_id=acting.person_id if isinstance(acting, Actor) else None,
        action="person.back",
        entity="person",
        entity_id=person.id,
        was=was.isoformat(),
        roles=[{"role": role, "unit": code} for role, code in given],
        not_back=[{"role": n.role, "unit": n.unit, "why": n.reason} for n in not_back],
    )
    await session.flush()
    return Back(was, unit.code if unit is not None else None, again, tuple(given), tuple(not_back))


async def _cancel_planned(session: AsyncSession, acting: Acting, person: Person, *, now: datetime) -> Back:
    """A leaving planned ahead of its day, cancelled (they stay; or a new day is planned afresh): nothing
    else had changed, so nothing else is given back. Audited as `person.leaving_cancelled`."""
    was = person.leaves_on
    assert was is not None
    if not await _replanned(session, person, was, None):
        raise LeaveError("changed")
    audit(
        session,
        at=now,
        actor_id=acting.person_id if isinstance(acting, Actor) else None,
        action="person.leaving_cancelled",
        entity="person",
        entity_id=person.id,
        was=was.isoformat(),
    )
    await session.flush()
    unit = await session.get(Unit, person.unit_id) if person.unit_id is not None else None
    return Back(was, unit.code if unit is not None else None, planned=True)


async def _member_of(session: AsyncSession, person: Person, unit: Unit) -> bool:
    held = select(RoleAssignment.id).where(
        RoleAssignment.person_id == person.id,
        RoleAssignment.role == "member",
        RoleAssignment.unit_id == unit.id,
    )
    return await session.scalar(held.limit(1)) is not None


# How far ahead a long leave may end: a year's secondment recorded as it begins, or a maternity leave recorded
# late; a day further off is more likely a year mistyped (2072 for 2027).
AWAY_AHEAD = timedelta(days=731)


@dataclass(frozen=True)
class Away:
    changed: bool  # False: she was recorded so already (or was not away, for `until` None)
    until: date | None  # her last day of leave; None: back at work
    was: date | None = None  # the last day recorded before

    @property
    def instead_of(self) -> date | None:
        """The last day recorded before where this one replaced it: None where none was, or where the same
        day was recorded again with another reason (training, decision 2315), which no day replaced."""
        return self.was if self.was not in (None, self.until) else None


def leader_away_line(
    name: str, unit: str | None, last: date, named: str | None = None, t: Translator | None = None
) -> str:
    """What the office reads for a leader it records away, for one unit she leads (`unit`, its code; None:
    the whole organisation): her weekly digest waits for her return, and the grant that gives it to whoever
    leads meanwhile, said to stand in (told when her leave ends: decisions 0789, 1230). One wording for the
    shell and the staff list's import (decision 0820); in `t`'s language, the shell's (decision 1344), else
    Vietnamese, as the import's row messages are (0042)."""
    t = t or Translator("vi")
    scope = f"--unit {unit}" if unit else "--org-wide"
    said = (
        t("{name} leads {unit}: up to and including {last} the weekly digest is not sent to them.")
        if unit
        else t(
            "{name} leads the whole organisation: up to and including {last} the weekly digest is not sent "
            "to them."
        )
    )
    someone = t("ID")
    grant = command(f"people grant {someone} leader {scope} --stand-in", named)
    return (
        said.format(name=name, unit=unit, last=t.date(last))
        + " "
        + t("Whoever stands in meanwhile gets the digest once given the role: {grant}").format(grant=grant)
    )


async def mark_away(
    session: AsyncSession,
    acting: Acting,
    person: Person,
    *,
    until: date | None,
    now: datetime,
    settings: Settings | None = None,
    training: bool = False,
) -> Away:
    """Record that `person` is away on long leave (maternity or sick leave, seconded) up to and including
    `until`, or, `until` None, that she is back. She stays one of her unit's people, keeps her roles and may
    give or register if she wishes; until then no reminder or appeal is sent to her (`access.not_away`) and
    the digests say her apart. A day already past is refused as "past" (she is back: `until` None says so);
    one more than two years ahead as "future". An audit row `person.away` or `person.back_from_leave`
    (decision 0740). Recorded back, a treasurer's or an officer's role given to stand in for her ends in
    this same transaction, not the night after: she holds it again from now (`leave_end.end_stand_ins`,
    decision 1542, the shell's staff list 1594); without `settings` the night ends it. `training`: away on
    training (đi học, tập huấn), kept as her leave's reason and said so (decision 2315); the same day with
    another reason is a change, audited."""
    if not may_mark_away(acting, person, back=until is None):
        raise LeaveError("not_allowed")
    today = local_date(now)
    if until is not None and until < today:
        raise LeaveError("past")
    if until is not None and until > today + AWAY_AHEAD:
        raise LeaveError("future")
    was = person.away_until if is_away(person, today) else None
    reason = "training" if training and until is not None else None
    if was == until and (until is None or person.away_reason == reason):
        return Away(False, until, was)
    person.away_until = until
    person.away_reason = reason
    if until is not None:  # an appeal already written for her and waiting (the quiet hours): not sent either
        await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.person_id == person.id,
                OutboxMessage.status == "pending",
                OutboxMessage.key.like("appeal:%"),
                or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= now),
            )
            .values(status="cancelled", last_error="on long leave")
            .execution_options(synchronize_session=False)
        )
    audit(
        session,
        at=now,
        actor_id=acting.person_id if isinstance(acting, Actor) else None,
        action="person.away" if until is not None else "person.back_from_leave",
        entity="person",
        entity_id=person.id,
        **({"until": until.isoformat()} if until is not None else {}),
        **({"reason": reason} if reason is not None else {}),
        **({"instead_of": was.isoformat()} if was is not None and until is not None else {}),
    )
    await session.flush()
    if until is None and settings is not None:
        await end_stand_ins(session, now=now, settings=settings, head_id=person.id)
    return Away(True, until, was)
