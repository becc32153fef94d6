"""Roles granted and taken away by hand: what the staff list and invites cannot do.

The staff list grants roles in the row's unit (admin for the whole organisation) and an invite in its unit;
neither makes a leader or a treasurer for the whole organisation, and neither takes a role away (but a
list that moves someone ends their roles in the unit they left: bot.domain.org_import). An admin
does both here, in the chat ("Phân quyền", handlers/roles.py) or at the shell (`chungtay people
grant|revoke`), under `bot.domain.access.may_grant_role`; the person is told (bot.domain.notices). Nothing
caches roles: each turn reads them again with the chat's state (bot.conversation.engine), so a change counts
from the person's next message, in the menu and in every rule (docs/decisions/0040, 0078)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db.models import ROLES, AuditLog, Organisation, Person, RoleAssignment, Unit
from bot.domain.access import (
    COVERED_ROLES,
    DECIDE_ROLES,
    LABOUR_DECIDERS,
    NAMED_ROLES,
    PROPOSE_ROLES,
    Acting,
    Actor,
    Operator,
    actor_for,
    away_on,
    may_grant_role,
    may_stand_in_for,
)
from bot.domain.appeals import hold_for_author
from bot.domain.audit import audit
from bot.domain.awards import award_reminders_again
from bot.domain.digests import digests_no_longer_read, digests_read_again
from bot.domain.invites import unknown_unit_message
from bot.domain.namesakes import names_told_apart
from bot.domain.notices import role_changed, waiting_recounted_for
from bot.i18n import Translator
from bot.text import person_sort_key, sort_key, told_apart

# Each role's Vietnamese name, as the staff list's "Vai trò" column and the admin commands write it.
ROLE_NAMES = {
    "member": "thành viên",
    "treasurer": "thủ quỹ",
    "officer": "cán bộ công đoàn",
    "leader": "lãnh đạo",
    "admin": "quản trị",
}
# A commune's officers are the Fatherland Front's, not a trade union's (decision 0225).
COMMUNE_ROLE_NAMES = {**ROLE_NAMES, "officer": "cán bộ Mặt trận"}
WHOLE_ORGANISATION = "toàn tổ chức"
# Why a leader role is given where the unit (or the organisation) already has a leader, as the office says
# when it gives it and its audit row keeps it (`for`): to stand in while a leader is on leave, told when that
# leave ends and to be taken back, or as a deputy appointed for good, told nothing then (decision 1230).
STAND_IN, DEPUTY = "stand_in", "deputy"
# The reason said later of a leader role already held (one the staff list gave), as its own audit row: the
# end of a leave reads it as said from then (decision 1271).
REASON_SAID = "role.reason"
# Said of a treasurer's or an officer's role held to stand in for a colleague on leave: given her plainly
# now, it is hers, and the leave's end no longer takes it (decision 1486).
FOR_GOOD = "for_good"
# Said of a treasurer's or an officer's role held to stand in for a colleague on leave: to stand in for
# another colleague on leave as well, kept with the first (`heads`); it ends when the last of their leaves
# ends (decision 1544).
ALSO_COVERS = "also_covers"


def covered_heads(details: dict[str, object]) -> list[int]:
    """The colleagues a stand-in's role covers, as its grant or REASON_SAID row says: `heads` where said for
    more than one (decision 1544), else its `head`."""
    heads = details.get("heads")
    if isinstance(heads, list):
        return [head for head in heads if isinstance(head, int)]
    head = details.get("head")
    return [head] if isinstance(head, int) else []


def role_name(role: str, *, commune: bool = False) -> str:
    """A role's Vietnamese name as the shell and the import's report write it: “thủ quỹ”, “cán bộ công
    đoàn”; in a commune (`commune`) the officer is the Front's, “cán bộ Mặt trận” (decisions 0225, 0655)."""
    return (COMMUNE_ROLE_NAMES if commune else ROLE_NAMES).get(role, role)


class RoleError(ValueError):
    """A grant or a revocation refused; `reason` is one of "role" (no such role), "organisation" (the
    person is of another organisation than the one acting), "unit" (no unit with that code in the person's
    organisation; the message lists some), "admin_scope" (admin is for the whole organisation), "member_scope"
    (membership is of a unit), "household" (a household is a member and nothing more: decision 0039),
    "donor" (a donor from outside the organisation holds no role: decision 0083), "left" (the person left
    the organisation: decision 0118), "given_for" (a deputy said of a role other than a leader's, which
    no leave's end reads: decision 1271), "covers" (the head a stand-in covers is no other leader of that
    place, or holds no such treasurer's or officer's role there, or is named with no stand-in: decisions
    1348, 1430), "covers_needed" (a treasurer's or an officer's stand-in that names nobody: her role ends
    when that person's leave ends, decision 1430),
    "not_allowed" (the actor may not) or "last_admin" (the organisation would be left without an
    organisation-wide admin)."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


@dataclass(frozen=True)
class RoleChange:
    changed: bool  # False: granting what was held, or taking away what was not
    role: str
    unit_code: str | None  # None: the whole organisation
    told: bool = False  # the person has a notice of it (False: no messenger account to reach them)
    reason: str | None = None  # a leader role held already: the reason said now, kept (decision 1271)


def describe(role: str, unit_code: str | None, *, commune: bool = False, t: Translator | None = None) -> str:
    """ "thủ quỹ (PDT)", "lãnh đạo (toàn tổ chức)"; a commune's officer "cán bộ Mặt trận (thon-3)". In `t`'s
    language where given, as the shell's people commands write it (decision 1344): “treasurer (PDT)”,
    “leader (whole organisation)”, “Front officer (thon-3)”."""
    if t is None:
        return f"{role_name(role, commune=commune)} ({unit_code or WHOLE_ORGANISATION})"
    names = {
        "member": t("member"),
        "treasurer": t("treasurer"),
        "officer": t("Front officer") if commune else t("officer"),
        "leader": t("leader"),
        "admin": t("admin"),
    }
    whole = t("whole organisation")
    return f"{names.get(role, role)} ({unit_code or whole})"


async def grant_role(
    session: AsyncSession,
    actor: Acting,
    person: Person,
    role: str,
    unit_code: str | None,
    *,
    now: datetime,
    settings: Settings | None = None,
    given_for: str | None = None,
    covers: Person | None = None,
) -> RoleChange:
    """Give `person` the `role` in the unit `unit_code` of their organisation (None: the whole
    organisation). Granting a role already held changes nothing (`changed` False). RoleError when refused.
    The person is told what they can now do (after the quiet hours of `settings`). `given_for`: why a
    leader role is given beside another leader (STAND_IN or DEPUTY), kept on the grant's audit row; said of
    a leader role held already, kept on a REASON_SAID row of its own (`reason`, nothing else changed).
    `covers`: with STAND_IN, the leader of that place she stands in for, kept with it (`head`): she is told
    when that head's leave ends, not another's (decision 1348). A treasurer's or an officer's role given
    STAND_IN names whom it covers (`access.may_stand_in_for`), and ends when that person's leave ends
    (`leave_end.end_stand_ins`, decision 1430); said of such a role held already, nothing is kept: it is
    hers, not a stand-in's. Given plainly where she holds it to stand in (`said_of`), it is hers from now:
    a REASON_SAID row FOR_GOOD, `reason` FOR_GOOD (decision 1486). Given STAND_IN for another colleague
    where she holds it to stand in, it covers both: a REASON_SAID row with `heads`, `reason` ALSO_COVERS,
    and it ends when the last of their leaves ends (decision 1544)."""
    unit = await _checked(session, actor, person, role, unit_code)
    if role == "admin" and unit is not None:
        raise RoleError("admin_scope")
    if role == "member" and unit is None:
        raise RoleError("member_scope")
    if role != "member" and person.kind == "household":  # as the staff list and household invites decide
        raise RoleError("household")
    if person.kind == "donor":  # a donor from outside the organisation holds no role at all (decision 0083)
        raise RoleError("donor")
    if person.left_on is not None:  # roles are for people at work (decision 0118)
        raise RoleError("left")
    leads = role == "leader"
    if given_for is not None and not leads and (given_for != STAND_IN or role not in COVERED_ROLES):
        raise RoleError("given_for")  # a deputy's is a leader's only (1271)
    if given_for == STAND_IN and not leads and covers is None:  # ended at whose return? (1430)
        raise RoleError("covers_needed")
    unit_id = unit.id if unit is not None else None
    why: dict[str, object] = {"for": given_for} if given_for in (STAND_IN, DEPUTY) else {}
    if covers is not None:  # whom she stands in for: another leader of this very place (decision 1348)
        if given_for != STAND_IN or covers.id == person.id or covers.left_on is not None:
            raise RoleError("covers")
        if leads:
            heads = {head.id for head in await leaders_of(session, person.org_id, unit_id)}
            if covers.id not in heads:
                raise RoleError("covers")
        elif not may_stand_in_for(role, unit_id, person.id, await actor_for(session, covers), person.org_id):
            raise RoleError("covers")  # she holds that role there, or the whole organisation's (1430)
        why["head"] = covers.id
    if await session.scalar(select(RoleAssignment.id).where(*_held(person, role, unit_id)).limit(1)):
        # a role the staff list gave, said now to be a stand-in's (1271), and for whom (1348)
        if why and leads:
            _audited(session, actor, REASON_SAID, person, role, unit, now=now, **why)
            return RoleChange(False, role, _code(unit), reason=given_for)
        if role in COVERED_ROLES and given_for in (None, STAND_IN):
            # What was said is read, then a new list written: two officers saying it at once for two
            # colleagues would each keep only their own. Her role's row is held until this turn ends, so the
            # second reads the first's words once they are written (decision 1621).
            await session.execute(
                select(RoleAssignment.id).where(*_held(person, role, unit_id)).with_for_update()
            )
            said = (await said_of(session, [person.id])).get((person.id, role, unit_id))
            if said is not None and said[1].get("for") == STAND_IN and given_for is None:  # for good (1486)
                _audited(session, actor, REASON_SAID, person, role, unit, now=now, **{"for": FOR_GOOD})
                return RoleChange(False, role, _code(unit), reason=FOR_GOOD)
            heads = covered_heads(said[1]) if said is not None and said[1].get("for") == STAND_IN else []
            if heads and covers is not None and covers.id not in heads:  # for one more colleague (1544)
                why["heads"] = [*heads, covers.id]
                _audited(session, actor, REASON_SAID, person, role, unit, now=now, **why)
                return RoleChange(False, role, _code(unit), reason=ALSO_COVERS)
        return RoleChange(False, role, _code(unit))
    acting_id = actor.person_id if isinstance(actor, Actor) else None
    session.add(
        RoleAssignment(
            person_id=person.id,
            role=role,
            org_id=person.org_id,
            unit_id=unit_id,
            granted_at=now,
            granted_by=acting_id,
        )
    )
    await role_given(session, person, role, unit_id, now=now)
    return await _changed(session, actor, "role.grant", person, role, unit, now=now, settings=settings, **why)


async def _merges(
    session: AsyncSession, *, into_them: set[int] | None = None, out_of: set[int] | None = None
) -> dict[int, int]:
    """Each record merged away (`people merge`), with the record it was merged into, read in one recursive
    query of the merges that matter alone, not every organisation's (the audit row's id is the record merged
    into). `into_them`: the merges into those records, and into the records merged into them, step by step
    back; `out_of`: the merges of those records, and of the records they were merged into, step by step on."""
    merged = and_(AuditLog.entity == "person", AuditLog.action == "person.merge")
    source = AuditLog.details["source"].as_integer()
    if into_them:
        back = (
            select(AuditLog.id, source.label("source"))
            .where(merged, AuditLog.entity_id.in_(sorted(into_them)))
            .cte("back", recursive=True)
        )
        back = back.union(
            select(AuditLog.id, source).join(back, AuditLog.entity_id == back.c.source).where(merged)
        )
        rows = select(AuditLog.details).where(merged, AuditLog.id.in_(select(back.c.id)))
    elif out_of:
        on = (
            select(AuditLog.id, AuditLog.entity_id.label("target"))
            .where(merged, source.in_(sorted(out_of)))
            .cte("forth", recursive=True)
        )
        on = on.union(select(AuditLog.id, AuditLog.entity_id).join(on, source == on.c.target).where(merged))
        rows = select(AuditLog.details).where(merged, AuditLog.id.in_(select(on.c.id)))
    else:
        return {}
    into: dict[int, int] = {}
    for details in await session.scalars(rows.order_by(AuditLog.at, AuditLog.id)):
        source_id, target = details.get("source"), details.get("target")
        if isinstance(source_id, int) and isinstance(target, int):
            into[source_id] = target
    return into


def _kept(into: dict[int, int], ids: Iterable[int]) -> dict[int, int]:
    kept: dict[int, int] = {}
    for record in ids:
        seen, whose = {record}, record
        while whose in into and into[whose] not in seen:
            whose = into[whose]
            seen.add(whose)
        if whose != record:
            kept[record] = whose
    return kept


async def kept_records(session: AsyncSession, ids: set[int]) -> dict[int, int]:
    """The record each of `ids` was merged into, where it was (through any merge after it): a stand-in's
    grant names the record of the head she covers as it was, and the head's leave goes on with the record
    kept (0774, 1487). One query, of the merges that lead on from them alone."""
    return _kept(await _merges(session, out_of=ids), ids)


async def records_of(session: AsyncSession, person_ids: Sequence[int]) -> dict[int, int]:
    """Each record of `person_ids` and every record merged into one of them (through any later merge), each
    read as the one it is now: a role moves with a merge, but its grant's audit row stays on the record
    merged away (decisions 1487, 1596). One query, of the merges that lead into them alone."""
    ids = set(person_ids)
    into = await _merges(session, into_them=ids)
    kept = _kept(into, into) if into else {}
    return {**{source: whose for source, whose in kept.items() if whose in ids}, **{i: i for i in ids}}


async def said_of(
    session: AsyncSession, person_ids: Sequence[int]
) -> dict[tuple[int, str, int | None], tuple[datetime, dict[str, object]]]:
    """What the office last said of each role of `person_ids` (person, role, unit id; None: the whole
    organisation), with when: the details of its latest grant or REASON_SAID row (`for`, `head`). A
    treasurer's or an officer's role whose latest says STAND_IN ends at that head's return (decision 1430);
    one given plainly since, or said FOR_GOOD, is hers (decision 1486). The rows of a record merged into
    hers are hers (decision 1596)."""
    return {
        place: (at, details)
        for place, (at, details, _began) in (await said_since(session, person_ids)).items()
    }


async def said_since(
    session: AsyncSession, person_ids: Sequence[int]
) -> dict[tuple[int, str, int | None], tuple[datetime, dict[str, object], datetime]]:
    """`said_of`, each with when the office first said the role was to stand in, where the latest says so:
    its grant's moment, said again for one more colleague (ALSO_COVERS) still counted from there, as the
    stand-in has held it for a leave since (decision 1676); else the latest row's own moment. One read."""
    latest: dict[tuple[int, str, int | None], tuple[datetime, dict[str, object], datetime]] = {}
    if not person_ids:
        return latest
    whose = await records_of(session, person_ids)  # a record merged into hers: its rows are hers (1596)
    for record_id, at, action, details in await session.execute(
        select(AuditLog.entity_id, AuditLog.at, AuditLog.action, AuditLog.details)
        .where(
            AuditLog.entity == "person",
            AuditLog.action.in_(("role.grant", REASON_SAID)),
            AuditLog.entity_id.in_(sorted(whose)),
        )
        .order_by(AuditLog.at, AuditLog.id)
    ):
        place = (whose[record_id], str(details.get("role")), details.get("unit_id"))
        before = latest.get(place)
        said_again = (
            action == REASON_SAID
            and details.get("for") == STAND_IN
            and before is not None
            and before[1].get("for") == STAND_IN
        )
        latest[place] = (at, details, before[2] if said_again and before is not None else at)
    return latest


async def role_given(
    session: AsyncSession, person: Person, role: str, unit_id: int | None, *, now: datetime
) -> None:
    """What follows a role given (by `grant_role`, or the staff list): the digests its taking away by mistake
    had stopped go after all (decision 0364); a leader given a unit, whose earlier “Done” on the units' award
    deadline does not answer for it (0350), is reminded of that deadline again (0365)."""
    await digests_read_again(session, person, now=now)
    if role in PROPOSE_ROLES and unit_id is not None:
        await award_reminders_again(session, person.id, now)


async def revoke_role(
    session: AsyncSession,
    actor: Acting,
    person: Person,
    role: str,
    unit_code: str | None,
    *,
    now: datetime,
    settings: Settings | None = None,
    because: dict[str, object] | None = None,
) -> RoleChange:
    """Take the `role` in the unit `unit_code` (None: the whole organisation) away from `person`. Taking
    away what they do not hold changes nothing (`changed` False). The last organisation-wide admin of an
    organisation keeps the role: RoleError("last_admin") (someone must be able to grant it again). The
    person is told; with `because` (why the bot itself took it back, kept on the audit row: a stand-in's
    role at her head's return, decision 1430) the caller tells her why, in the same transaction."""
    unit = await _checked(session, actor, person, role, unit_code)
    unit_id = unit.id if unit is not None else None
    rows = list(await session.scalars(select(RoleAssignment.id).where(*_held(person, role, unit_id))))
    if not rows:
        return RoleChange(False, role, _code(unit))
    if role == "admin" and unit_id is None and await is_last_admin(session, person):
        raise RoleError("last_admin")
    # Every matching row: the unique key does not stop two rows for the whole organisation (NULL unit).
    await session.execute(delete(RoleAssignment).where(RoleAssignment.id.in_(rows)))
    await hold_for_author(session, person, now=now)  # her appeals not sent yet wait for another officer
    await digests_no_longer_read(session, person, now=now)  # a unit's digest not sent yet: not hers now
    if role in DECIDE_ROLES | LABOUR_DECIDERS:  # an hourly "N contributions wait for you" not sent follows
        await waiting_recounted_for(session, person, now=now, settings=settings)
    return await _changed(
        session,
        actor,
        "role.revoke",
        person,
        role,
        unit,
        now=now,
        settings=settings,
        tell=not because,
        **(because or {}),
    )


async def is_last_admin(session: AsyncSession, person: Person) -> bool:
    """Whether `person` is the only administrator of their whole organisation (who must keep the role, so that
    someone can grant roles again). Locks the organisation's admin rows (PostgreSQL): two admins taking the
    role from each other at once, or recording each other as gone, cannot both pass this check."""
    admins = await session.scalars(
        select(RoleAssignment.person_id)
        .where(
            RoleAssignment.org_id == person.org_id,
            RoleAssignment.role == "admin",
            RoleAssignment.unit_id.is_(None),
        )
        .with_for_update()
    )
    return not set(admins) - {person.id}


async def _changed(
    session: AsyncSession,
    actor: Acting,
    action: str,
    person: Person,
    role: str,
    unit: Unit | None,
    *,
    now: datetime,
    settings: Settings | None,
    tell: bool = True,
    **why: object,
) -> RoleChange:
    """The audit row of a grant or a revocation, written with it (`_audited`; `why` a leader role was given,
    when the office said), and the notice to the person (unless `tell` is False: the caller says it)."""
    _audited(session, actor, action, person, role, unit, now=now, **why)
    await session.flush()
    granted = action == "role.grant"
    if not tell:
        return RoleChange(True, role, _code(unit))
    told = await role_changed(
        session, person, granted=granted, role=role, unit=unit, now=now, settings=settings
    )
    return RoleChange(True, role, _code(unit), told=told is not None)


def _audited(
    session: AsyncSession,
    actor: Acting,
    action: str,
    person: Person,
    role: str,
    unit: Unit | None,
    *,
    now: datetime,
    **details: object,
) -> None:
    """The audit row of a change to `person`'s `role` in `unit` (None: the whole organisation), naming who
    made it (none for the operator at the shell): a grant, a revocation, or the reason said of a leader role
    held already (REASON_SAID), which the end of a leave reads by the same fields (decision 1271)."""
    audit(
        session,
        at=now,
        actor_id=actor.person_id if isinstance(actor, Actor) else None,
        action=action,
        entity="person",
        entity_id=person.id,
        role=role,
        unit_id=unit.id if unit is not None else None,
        **details,
    )


async def roles_by_person(session: AsyncSession, org_id: int) -> dict[int, list[tuple[str, str | None]]]:
    """Each person's roles in organisation `org_id`, as (role, unit code or None for the whole
    organisation), in the order of ROLES; for each role the whole organisation first, then units by code."""
    rows = await session.execute(
        select(RoleAssignment.person_id, RoleAssignment.role, Unit.code)
        .outerjoin(Unit, Unit.id == RoleAssignment.unit_id)
        .where(RoleAssignment.org_id == org_id)
        .distinct()
    )
    held: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for person_id, role, code in sorted(rows, key=lambda r: (r[0], ROLES.index(r[1]), r[2] or "")):
        held[person_id].append((role, code))
    return held


async def _checked(
    session: AsyncSession, actor: Acting, person: Person, role: str, unit_code: str | None
) -> Unit | None:
    """The rules both ways share; the unit named (None: the whole organisation)."""
    if role not in ROLES:
        raise RoleError("role")
    if actor is None:
        raise RoleError("not_allowed")
    if actor.org_id != person.org_id:
        raise RoleError("organisation")
    unit = None
    if unit_code is not None:
        typed = unit_code.strip().lower()
        unit = await session.scalar(
            select(Unit).where(Unit.org_id == person.org_id, func.lower(Unit.code) == typed)
        )
        if unit is None:
            org = await session.get_one(Organisation, person.org_id)
            raise RoleError("unit", await unknown_unit_message(session, org, unit_code))
    if not isinstance(actor, Operator) and not may_grant_role(
        actor, role, person.org_id, unit.id if unit is not None else None
    ):
        raise RoleError("not_allowed")
    return unit


def _held(person: Person, role: str, unit_id: int | None) -> tuple[ColumnElement[bool], ...]:
    scope = RoleAssignment.unit_id.is_(None) if unit_id is None else RoleAssignment.unit_id == unit_id
    return (
        RoleAssignment.person_id == person.id,
        RoleAssignment.org_id == person.org_id,
        RoleAssignment.role == role,
        scope,
    )


async def nobody_else_holds(
    session: AsyncSession, person: Person, role: str, unit_id: int | None, *, or_whole: bool = True
) -> bool:
    """Whether nobody but `person` holds `role` where it covers the unit `unit_id`: of that unit or (with
    `or_whole`, as a treasurer's or an officer's does) of the whole organisation; for the whole organisation
    (None), of the whole organisation. Without `or_whole` only the unit's own count (a unit's digest reaches
    its own leaders; the organisation's leaders read the roll-up). Asked before the role is taken away from
    them, so the last look can say what it leaves uncovered."""
    if unit_id is None:
        scope = RoleAssignment.unit_id.is_(None)
    elif or_whole:
        scope = or_(RoleAssignment.unit_id.is_(None), RoleAssignment.unit_id == unit_id)
    else:
        scope = RoleAssignment.unit_id == unit_id
    other = await session.scalar(
        select(RoleAssignment.id)
        .where(
            RoleAssignment.org_id == person.org_id,
            RoleAssignment.role == role,
            RoleAssignment.person_id != person.id,
            scope,
        )
        .limit(1)
    )
    return other is None


async def leaders_of(session: AsyncSession, org_id: int, unit_id: int | None) -> list[Person]:
    """Those who hold the leader role of the unit `unit_id` itself (None: of the whole organisation) and are
    still at work, by name, in one query: whom a stand-in there may cover (decision 1348)."""
    scope = RoleAssignment.unit_id.is_(None) if unit_id is None else RoleAssignment.unit_id == unit_id
    people = await session.scalars(
        select(Person)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.org_id == org_id, RoleAssignment.role == "leader", scope)
        .where(Person.left_on.is_(None))
        .distinct()
    )
    return sorted(people, key=lambda head: (person_sort_key(head.full_name), head.id))


async def away_holders(
    session: AsyncSession, person: Person, role: str, unit_id: int | None, today: date
) -> list[Person]:
    """Those but `person` on long leave `today` who hold the treasurer's or officer's `role` of the unit
    `unit_id` or of the whole organisation (None: of the whole organisation only), by name: whom `person`,
    given that role there, may stand in for, her role ending with that leave (decision 1430). None for
    other roles."""
    if role not in COVERED_ROLES:
        return []
    scope = (
        RoleAssignment.unit_id.is_(None)
        if unit_id is None
        else or_(RoleAssignment.unit_id.is_(None), RoleAssignment.unit_id == unit_id)
    )
    people = await session.scalars(
        select(Person)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.org_id == person.org_id, RoleAssignment.role == role, scope)
        .where(Person.id != person.id, Person.left_on.is_(None), away_on(today))
        .distinct()
    )
    return sorted(people, key=lambda head: (person_sort_key(head.full_name), head.id))


def _code(unit: Unit | None) -> str | None:
    return unit.code if unit is not None else None


@dataclass(frozen=True)
class Held:
    """One role a person holds, as "Roles" lists it: the unit (None: the whole organisation) and its name."""

    role: str
    unit_id: int | None
    unit: str | None


async def held_by(session: AsyncSession, person: Person) -> list[Held]:
    """The roles `person` holds but membership (NAMED_ROLES), the whole organisation first, then by unit
    name, in the order of NAMED_ROLES."""
    rows = await session.execute(
        select(RoleAssignment.role, RoleAssignment.unit_id, Unit.name)
        .outerjoin(Unit, Unit.id == RoleAssignment.unit_id)
        .where(
            RoleAssignment.person_id == person.id,
            RoleAssignment.org_id == person.org_id,
            RoleAssignment.role.in_(NAMED_ROLES),
        )
        .distinct()
    )
    held = {Held(role, unit_id, name) for role, unit_id, name in rows}
    return sorted(held, key=lambda h: (h.unit is not None, sort_key(h.unit or ""), NAMED_ROLES.index(h.role)))


@dataclass(frozen=True)
class Holders:
    """Who holds which role in one place: a unit (`unit_id`, `unit` its name) or the whole organisation
    (both None); `names` by role, in the order of NAMED_ROLES, each list by name (`person_sort_key`)."""

    unit_id: int | None
    unit: str | None
    names: dict[str, list[str]]


async def holders_page(
    session: AsyncSession,
    org_id: int,
    units: frozenset[int] | None,
    *,
    page: int,
    size: int,
    joined: Callable[[date | None], str] | None = None,
) -> tuple[list[Holders], int]:
    """Page `page` (from 0, `size` places a page) of who holds the roles of NAMED_ROLES: for `units` None
    (an organisation-wide admin) the whole organisation first, then every unit by name; else those units by
    name. With the number of places in all. Names only: "Roles" shows nothing else of anyone, but for
    namesakes of one place, told apart by their position, else (with `joined`) the day they joined."""
    query = select(Unit.id, Unit.name).where(Unit.org_id == org_id)
    if units is not None:
        query = query.where(Unit.id.in_(sorted(units)))
    places: list[tuple[int | None, str | None]] = [] if units is not None else [(None, None)]
    places += sorted(await session.execute(query), key=lambda unit: (sort_key(unit.name), unit.id))
    shown = places[page * size : (page + 1) * size]
    ids = [unit_id for unit_id, _name in shown if unit_id is not None]
    scope = RoleAssignment.unit_id.in_(ids)
    if any(unit_id is None for unit_id, _name in shown):
        scope = or_(scope, RoleAssignment.unit_id.is_(None))
    rows = await session.execute(
        select(RoleAssignment.unit_id, RoleAssignment.role, Person.id, Person.full_name, Person.position)
        .join(Person, Person.id == RoleAssignment.person_id)
        .where(RoleAssignment.org_id == org_id, RoleAssignment.role.in_(NAMED_ROLES), scope)
    )
    by_name = sorted(rows, key=lambda row: (person_sort_key(row.full_name), row.id))
    said: dict[tuple[int | None, int], str] = {}  # each place's names, its namesakes told apart
    for place in {row.unit_id for row in by_name}:
        there = {
            row.id: (row.id, row.full_name, row.position, None) for row in by_name if row.unit_id == place
        }
        listed = list(there.values())
        names_there = (
            await names_told_apart(session, listed, joined)
            if joined is not None
            else told_apart([entry[1:] for entry in listed])
        )
        said |= {(place, entry[0]): name for entry, name in zip(listed, names_there, strict=True)}
    people: dict[tuple[int | None, str], dict[int, str]] = defaultdict(dict)
    for row in by_name:  # one role twice for the whole organisation: one name
        people[(row.unit_id, row.role)][row.id] = said[(row.unit_id, row.id)]
    names = {place: list(found.values()) for place, found in people.items()}
    return [
        Holders(
            unit_id, name, {role: names[(unit_id, role)] for role in NAMED_ROLES if (unit_id, role) in names}
        )
        for unit_id, name in shown
    ], len(places)
