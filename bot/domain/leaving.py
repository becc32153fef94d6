"""Colleagues who left: retired, moved to another school or hospital, died (docs/decisions/0118).

Someone who left keeps their record and all its history — gifts, registrations, results, cases, award
proposals — and what they gave still counts in the statements, ledgers and reports of the time they were
there. From the day they left they are no longer one of the unit's people: the kept counts leave them out
(migration 0035), no appeal, reminder or digest is meant for them, nobody proposes them or records for them,
and their roles, which are for people at work, are taken off. Their own chat still shows them their own
progress and receipts. Taking it back (a mistake) counts them again and gives their membership back; any
other role is granted again by name, as roles always are (bot.domain.roles)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_date
from bot.config import Settings
from bot.db.models import OutboxMessage, Person, Reminder, RoleAssignment, Unit
from bot.domain.access import DECIDE_ROLES, Acting, Actor, may_mark_left
from bot.domain.audit import audit
from bot.domain.notices import waiting_recounted_for
from bot.domain.roles import is_last_admin

# What was meant for them as one of the unit's people and waits to be sent: appeals and their follow-ups, the
# reminders they asked for or were due, digests. Their own receipts and notices about their own gifts go.
STAFF_MESSAGES = ("appeal:%", "remind:%", "reminder:%", "digest:%")


class LeaveError(ValueError):
    """Refused; `reason`: "not_allowed" (bot.domain.access.may_mark_left says no), "future" (a day after
    today: it is recorded once it has come), "last_admin" (the organisation's last administrator of the
    whole organisation: someone must keep granting roles), "not_left" (taking back a leaving that was never
    recorded)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Left:
    changed: bool  # False: they had left already, on `on`
    on: date
    roles: tuple[tuple[str, str | None], ...] = ()  # taken off: (role, unit code or None: the organisation)
    cancelled: int = 0  # messages and reminders meant for them as staff, not sent


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
    with an audit row; the appeals, reminders and digests waiting for them are not sent. Recording it again
    changes nothing (`changed` False, with the day already recorded)."""
    if not may_mark_left(acting, person):
        raise LeaveError("not_allowed")
    if on > local_date(now):
        raise LeaveError("future")
    if person.left_on is not None:
        return Left(False, person.left_on)
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
    person.left_on = on
    await take_roles_off(
        session,
        person,
        [(row_id, role, unit_id) for row_id, role, unit_id, _code in held],
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
    )
    await session.flush()
    return Left(True, on, tuple((role, code) for _id, role, _unit, code in held), cancelled)


async def take_roles_off(
    session: AsyncSession,
    person: Person,
    held: Sequence[tuple[int, str, int | None]],
    *,
    actor_id: int | None,
    now: datetime,
    settings: Settings | None = None,
    **why: Any,
) -> None:
    """Take the role rows `held` (id, role, unit id) off `person`, each with its audit row `role.revoke`
    saying why (`left=True` here; `moved=True` when the staff list moves them to another unit:
    bot.domain.org_import). A treasurer's or officer's "N gifts wait" not sent yet is counted again."""
    for _id, role, unit_id in held:
        audit(
            session,
            at=now,
            actor_id=actor_id,
            action="role.revoke",
            entity="person",
            entity_id=person.id,
            role=role,
            unit_id=unit_id,
            **why,
        )
    if held:
        await session.execute(delete(RoleAssignment).where(RoleAssignment.id.in_([row[0] for row in held])))
    if any(role in DECIDE_ROLES for _id, role, _unit in held):  # their "N gifts wait" goes too
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
class Back:
    was: date  # the day recorded as their leaving
    member_of: str | None  # the unit whose membership they have again (None: no unit)


async def mark_back(session: AsyncSession, acting: Acting, person: Person, *, now: datetime) -> Back:
    """Take back a leaving recorded by mistake: `person` counts in their unit again and is a member of it; the
    roles taken off when they left are granted again by name (bot.domain.roles), as any role is."""
    if not may_mark_left(acting, person):
        raise LeaveError("not_allowed")
    if person.left_on is None:
        raise LeaveError("not_left")
    was, person.left_on = person.left_on, None
    unit = await session.get(Unit, person.unit_id) if person.unit_id is not None else None
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
    audit(
        session,
        at=now,
        actor_id=acting.person_id if isinstance(acting, Actor) else None,
        action="person.back",
        entity="person",
        entity_id=person.id,
        was=was.isoformat(),
    )
    await session.flush()
    return Back(was, unit.code if unit is not None else None)


async def _member_of(session: AsyncSession, person: Person, unit: Unit) -> bool:
    held = select(RoleAssignment.id).where(
        RoleAssignment.person_id == person.id,
        RoleAssignment.role == "member",
        RoleAssignment.unit_id == unit.id,
    )
    return await session.scalar(held.limit(1)) is not None
