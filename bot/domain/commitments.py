"""Registrations (đăng ký thi đua): a person's, a unit's or the organisation's own targets per criterion for
one campaign year.

Amending keeps the same registration, bumps its revision and leaves an audit row with what changed. A chat
says which revision it read (`read_revision`): when the registration changed since (from another phone or
messenger of the same person, or by someone else), nothing is written ("changed": docs/decisions/0123)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from bot.clock import local_date
from bot.db.models import AuditLog, Campaign, Commitment, CommitmentItem, Criterion, Person, Result
from bot.domain.access import (
    actor_for,
    may_register_own_commitment,
    may_register_unit_commitment,
    may_speak_for_org,
    person_may_act_for,
)
from bot.domain.audit import audit
from bot.domain.campaigns import may_register_for


class CommitmentError(Exception):
    """A registration refused; `reason` is "not_allowed" (a unit's commitment by someone who may not),
    "year_closed" (a year that is neither the campaign's year today nor one whose window is open today),
    "gone" (one's own, by someone recorded as having left: `may_register_own_commitment`) or "changed" (not
    the revision the chat read: `commitment` is the registration as it stands now, `changed_by` who last
    changed it)."""

    def __init__(
        self, reason: str, *, commitment: Commitment | None = None, changed_by: int | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.commitment = commitment
        self.changed_by = changed_by


def owner_key(scope: str, person_id: int | None, unit_id: int | None, *, org_id: int | None = None) -> str:
    """Who a registration (or a result) is of: "p:<person>", a unit's collective "u:<unit>", or a collective
    with no unit, the organisation's own, "o:<org>" (docs/decisions/0059)."""
    if scope != "collective":
        return f"p:{person_id}"
    if unit_id is not None:
        return f"u:{unit_id}"
    assert org_id is not None, "a collective with no unit is the organisation's"
    return f"o:{org_id}"


async def move_owned(session: AsyncSession, old: str, new: str) -> None:
    """Registrations and results of owner key `old` become `new`'s: a person or a unit merged into another
    (bot.domain.people.absorb_person, bot.domain.units.merge_units)."""
    for owned in (Commitment, Result):
        await session.execute(
            update(owned)
            .where(owned.owner_key == old)
            .values(owner_key=new)
            .execution_options(synchronize_session=False)
        )


async def results_follow(session: AsyncSession, person_id: int, unit_id: int) -> int:
    """The person's own results are counted in `unit_id`, the unit they are in now, as their registrations
    are (the kept counts follow the person: decision 0036): what a result fulfils is judged where the person
    works when the year is judged. A staff list moving them, or a merge into a record of another unit
    (docs/decisions/0290). Returns how many results changed unit."""
    moved = await session.execute(
        update(Result)
        .where(
            Result.owner_key == owner_key("individual", person_id, None),
            Result.unit_id.is_distinct_from(unit_id),
        )
        .values(unit_id=unit_id)
        .execution_options(synchronize_session=False)
    )
    return moved.rowcount


# One registration per owner, campaign and year. Statements built once: on SQLite that costs more than a run.
_THE_REGISTRATION = (
    Commitment.campaign_id == bindparam("campaign"),
    Commitment.year == bindparam("year"),
    Commitment.owner_key == bindparam("key"),
)
_COMMITMENT = (
    select(Commitment)
    .where(*_THE_REGISTRATION)
    .options(selectinload(Commitment.items).selectinload(CommitmentItem.criterion))
)

_TARGETS = (
    select(Criterion, CommitmentItem.target)
    .join(CommitmentItem, CommitmentItem.criterion_id == Criterion.id)
    .join(Commitment, Commitment.id == CommitmentItem.commitment_id)
    .where(*_THE_REGISTRATION)
    .order_by(CommitmentItem.id)
)


async def commitment_targets(
    session: AsyncSession, campaign_id: int, year: int, key: str
) -> list[tuple[Criterion, int]]:
    """What a registration pledges, criterion by criterion in the order registered; empty when there is none.
    One statement (the progress screen shows it on every visit), where `find_commitment` needs three."""
    rows = await session.execute(_TARGETS, {"campaign": campaign_id, "year": year, "key": key})
    return [(criterion, target) for criterion, target in rows]


_LAST_YEARS = (
    select(Criterion.code, Criterion.title, Criterion.measure, CommitmentItem.target)
    .join(CommitmentItem, CommitmentItem.criterion_id == Criterion.id)
    .join(Commitment, Commitment.id == CommitmentItem.commitment_id)
    .where(Commitment.year == bindparam("year"), Commitment.owner_key == bindparam("key"))
    .order_by(CommitmentItem.id)
)


async def last_years_targets(session: AsyncSession, year: int, key: str) -> list[tuple[str, str, str, int]]:
    """What the same owner pledged for the year before `year`: (criterion code, its title, its measure then,
    target), in the
    order registered; empty when they did not register then. By code, not by campaign: the year before may be
    the last of another period's plan, and what the new plan no longer has is not among the new criteria
    (docs/decisions/0332)."""
    rows = await session.execute(_LAST_YEARS, {"year": year - 1, "key": key})
    return [(str(code), str(title), str(measure), int(target)) for code, title, measure, target in rows]


async def find_commitment(session: AsyncSession, campaign_id: int, year: int, key: str) -> Commitment | None:
    params = {"campaign": campaign_id, "year": year, "key": key}
    return (await session.execute(_COMMITMENT, params)).scalar_one_or_none()


async def save_commitment(
    session: AsyncSession,
    *,
    campaign_id: int,
    year: int,
    scope: str,
    actor: Person,
    targets: dict[int, int],
    now: datetime,
    person: Person | None = None,
    organisation: bool = False,
    read_revision: int | None = None,
) -> Commitment:
    """Create the year's registration, or amend it to exactly `targets` (criterion id → target). A collective
    registration is the actor's unit's, and only its leader or an admin covering it may make it; with
    `organisation`, the organisation's own (no person, no unit), made by an organisation-wide leader or admin
    (`may_speak_for_org`).

    `person` other than `actor`: an officer registers or amends it for a household or someone without a
    phone (bot.domain.access.may_act_for, else "not_allowed", with an audit row of the attempt); the
    registration is the person's, `registered_by` the officer who first made it.

    The year is the campaign's year today, or next year while its registration window is open (early);
    any other year is refused ("year_closed", nothing written: bot.domain.campaigns.may_register_for).

    `read_revision`: the revision the chat showed when the person started (0: there was none). When the
    registration is not at that revision any more, nothing is written and "changed" is raised, unless it
    already says exactly `targets`. Two chats saving at the same moment are settled by one conditional
    UPDATE of the revision: the second finds it moved and is refused the same way. None: not checked (the
    command line)."""
    owner = person if person is not None and scope != "collective" else actor
    on_behalf = owner.id != actor.id
    if scope == "collective" and organisation:
        if not may_speak_for_org(await actor_for(session, actor), actor.org_id):
            raise _refused(session, actor, now, "organisation", actor.org_id)
    elif scope == "collective":
        who = await actor_for(session, actor)
        if who is None or who.unit is None or not may_register_unit_commitment(who, who.unit):
            raise CommitmentError("not_allowed")
    elif on_behalf and not await person_may_act_for(session, actor, owner):
        raise _refused(session, actor, now, "person", owner.id)
    elif not may_register_own_commitment(await actor_for(session, owner)):
        raise CommitmentError("gone")
    campaign = await session.get_one(Campaign, campaign_id)
    if not await may_register_for(session, campaign, year, local_date(now)):
        raise CommitmentError("year_closed")
    for_person = {"for_person": owner.id} if on_behalf else {}
    unit_id = actor.unit_id if scope == "collective" and not organisation else None
    person_id = None if scope == "collective" else owner.id
    key = owner_key(scope, person_id, unit_id, org_id=actor.org_id)
    commitment = await find_commitment(session, campaign_id, year, key)
    if commitment is None:  # (one made meanwhile by another chat collides on the unique key: a failed turn)
        commitment = Commitment(
            campaign_id=campaign_id,
            year=year,
            scope=scope,
            owner_key=key,
            person_id=person_id,
            unit_id=unit_id,
            registered_by=actor.id,
            revision=1,
            created_at=now,
            updated_at=now,
            items=[CommitmentItem(criterion_id=cid, target=target) for cid, target in targets.items()],
        )
        session.add(commitment)
        await session.flush()
        audit(
            session,
            at=now,
            actor_id=actor.id,
            action="commitment.register",
            entity="commitment",
            entity_id=commitment.id,
            scope=scope,
            year=year,
            targets={str(k): v for k, v in targets.items()},
            **for_person,
            **({"organisation": True} if organisation else {}),
        )
        return commitment

    before = {item.criterion_id: item.target for item in commitment.items}
    if before == targets:
        return commitment
    if read_revision is not None and commitment.revision != read_revision:
        raise await _changed(session, commitment.id)
    moved = await session.execute(
        update(Commitment)
        .where(Commitment.id == commitment.id, Commitment.revision == commitment.revision)
        .values(revision=commitment.revision + 1)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # another chat saved it since it was read here
        raise await _changed(session, commitment.id)
    kept = [item for item in commitment.items if item.criterion_id in targets]
    for item in kept:
        item.target = targets[item.criterion_id]
    known = {item.criterion_id for item in kept}
    kept += [CommitmentItem(criterion_id=cid, target=t) for cid, t in targets.items() if cid not in known]
    commitment.items = kept
    set_committed_value(commitment, "revision", commitment.revision + 1)  # written by the UPDATE above
    commitment.updated_at = now
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=actor.id,
        action="commitment.amend",
        entity="commitment",
        entity_id=commitment.id,
        revision=commitment.revision,
        before={str(k): v for k, v in before.items()},
        after={str(k): v for k, v in targets.items()},
        **for_person,
    )
    return commitment


def _refused(
    session: AsyncSession, actor: Person, now: datetime, entity: str, entity_id: int
) -> CommitmentError:
    """A registration by someone who may not make it (the organisation's, or one for another person): refused,
    the attempt audited."""
    audit(
        session,
        at=now,
        actor_id=actor.id,
        action="commitment.register_refused",
        entity=entity,
        entity_id=entity_id,
    )
    return CommitmentError("not_allowed")


async def _changed(session: AsyncSession, commitment_id: int) -> CommitmentError:
    """The refusal "changed", with the registration as it stands now (read again over what this session
    holds) and who changed it last (its last audit row)."""
    fresh = await session.execute(
        select(Commitment)
        .where(Commitment.id == commitment_id)
        .options(selectinload(Commitment.items).selectinload(CommitmentItem.criterion))
        .execution_options(populate_existing=True)
    )
    last = await session.scalar(
        select(AuditLog.actor_id)
        .where(
            AuditLog.entity == "commitment",
            AuditLog.entity_id == commitment_id,
            AuditLog.action.in_(("commitment.register", "commitment.amend")),
        )
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    return CommitmentError("changed", commitment=fresh.scalar_one(), changed_by=last)
