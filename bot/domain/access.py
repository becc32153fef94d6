"""Who may do what, written once: one rule per privileged action.

Domain services call these rules and refuse when they fail, so a wrong menu can never let an action through;
menus call the same rules to decide what to offer. Each rule is pure, `(actor, object) -> bool`, and an absent
actor (no active messenger identity) passes none of them.

Roles are rows of `RoleAssignment`: scoped to one unit, or to the whole organisation (`unit_id` NULL). A unit
role covers that unit only; an organisation-wide role covers every unit of the organisation, and people with
no unit. Nothing ever crosses organisations. docs/security.md states the same matrix in words.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    exists,
    false,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    AuditLog,
    ChannelIdentity,
    Contribution,
    Drive,
    HardshipCase,
    Person,
    RoleAssignment,
    Unit,
)

# Who sees individual amounts and evidence of others (besides the contributor), and looks entries up.
LEDGER_ROLES = frozenset({"treasurer", "officer", "admin"})
# Who confirms that money arrived: only a treasurer, and never on their own entry.
DECIDE_ROLES = frozenset({"treasurer"})
# Who confirms the money or goods a treasurer gave or recorded herself where no other treasurer covers it (a
# school with one treasurer, its accountant's own gift): an officer covering it, the union's chair who signs
# its receipts with her, rather than a second treasurer such a school does not have (docs/decisions/2430).
SOLE_TREASURER_CHECKERS = frozenset({"officer"})
# Who also confirms or refuses the labour days a member logged himself: the officer covering his unit, who
# organised the day and saw who worked (docs/decisions/0434); never money or goods.
LABOUR_DECIDERS = frozenset({"officer"})
# The most labour days an officer confirms for a member as the one who organised the day, whether she recorded
# them (`vouched`) or he logged them himself: the days of a week she organised and saw, never a year's that
# nobody else would ever look at (docs/decisions/0425, 0442). More, a treasurer confirms.
VOUCHED_MOST_DAYS = 7
# Who corrects a confirmed entry with a reversal: a treasurer or an officer of its unit, never the one who
# confirmed it (a second pair of eyes), nor its giver or recorder.
REVERSE_ROLES = frozenset({"treasurer", "officer"})
# Who gets the public statement as a spreadsheet in chat (anyone of the organisation may read it).
STATEMENT_ROLES = frozenset({"treasurer", "officer", "admin"})
# Hardship cases are sensitive: officers keep them, officers and leaders read them — the whole organisation's,
# or those of their unit's people (docs/decisions/0404); nobody else.
CASE_READERS = frozenset({"officer", "leader"})
CASE_KEEPERS = frozenset({"officer"})
# The kind of person a hardship case of each subject may name: a member's case a colleague, a household's case
# a household on the organisation's list (docs/decisions/0096).
CASE_PERSON_KINDS = {"member": "staff", "household": "household"}
# A household's standing in the poverty review (hộ nghèo, cận nghèo): sensitive, read by name only by the
# officers and leaders of its unit or of the whole organisation; set by its officers (docs/decisions/0110).
POVERTY_READERS = frozenset({"officer", "leader"})
POVERTY_KEEPERS = frozenset({"officer"})
UNIT_TOTALS_ROLES = frozenset({"leader", "officer", "admin"})
UNIT_COMMITMENT_ROLES = frozenset({"leader", "admin"})
# Who records a contribution and registers a commitment for a household or someone without a phone.
ACT_FOR_ROLES = frozenset({"officer"})
# Who records a gift from a donor outside the organisation (a company, a former pupil, a benefactor), in a
# unit they cover: those who take gifts in, its treasurers and officers (docs/decisions/0083).
DONOR_RECORDERS = frozenset({"treasurer", "officer"})
# Whom an appeal may name, as where to pay or whom to ask: those who take gifts in and run the drives, its
# treasurers and officers; never as one who has not given (docs/decisions/0178).
APPEAL_NAMEABLE = DONOR_RECORDERS
# Who may list what they recorded for others, with the cash they still hold for a treasurer: the roles under
# which one records for others, an officer for a household and a treasurer or officer for a donor
# (docs/decisions/0093).
RECORD_FOR_OTHERS_ROLES = ACT_FOR_ROLES | DONOR_RECORDERS
# Roles an officer may put on an invite; the others (treasurer, officer, admin) only an admin grants.
OFFICER_INVITES = frozenset({"member", "leader"})
INVITER_ROLES = frozenset({"officer", "admin"})
# The roles an invite may grant for the whole organisation (`may_invite_org_wide`, decision 1814).
ORG_WIDE_INVITES = frozenset({"treasurer", "officer"})
# The demo's school (`chungtay demo`), its people invented (bot.demo): the code and the name it is seeded
# with (`is_demo`: an operator may code a real organisation DEMO, never with this name; decision 1888).
DEMO_ORG = "DEMO"
DEMO_NAME = "Trường Trung cấp nghề Chung Tay (dùng thử)"
# Whoever joins with an organisation-wide code reads every colleague's gift: the code is one person's, for a
# few days, as an admin's (decisions 0078, 1857); the demo's, which its testers share, is for many.
ORG_WIDE_INVITE_USES = 1
ORG_WIDE_INVITE_DAYS = 3
# Who grants and takes away roles (by name: `may_grant_role`), in the units they cover.
ROLE_GRANTERS = frozenset({"admin"})
# Who records a colleague away on long leave, and back (`may_mark_away`, docs/decisions/0740).
AWAY_KEEPERS = frozenset({"officer", "admin"})
_ADMIN = ROLE_GRANTERS

Grant = tuple[str, int | None]  # (role, unit id), unit id None for the whole organisation


@dataclass(frozen=True)
class UnitRef:
    """A unit as the rules see it."""

    id: int
    org_id: int


@dataclass(frozen=True)
class Actor:
    """A person acting through an active identity, with the roles they hold in their own organisation."""

    person_id: int
    org_id: int
    unit_id: int | None
    grants: frozenset[Grant]
    gone: bool = False  # recorded as having left the organisation (docs/decisions/0118)

    @property
    def unit(self) -> UnitRef | None:
        """The unit the person belongs to (what "my unit" means in the menus)."""
        return UnitRef(self.unit_id, self.org_id) if self.unit_id is not None else None


@dataclass(frozen=True)
class Operator:
    """The operator at the server's shell (`chungtay drive …`, `chungtay people grant …` without --as): they
    hold the database already, as `chungtay org settings load` does, so no role rule applies within their
    organisation; the audit row has no actor ("shell")."""

    org_id: int


Acting = Actor | Operator | None


class Placed(Protocol):
    """Anything that sits in an organisation and, maybe, a unit: a person, a contribution."""

    org_id: int
    unit_id: int | None


class ContributionLike(Placed, Protocol):
    person_id: int
    recorded_by: int
    kind: str


class StatusLike(ContributionLike, Protocol):
    status: str


class DecidedLike(ContributionLike, Protocol):
    decided_by: int | None


class OwnedByOrg(Protocol):
    """A drive, a hardship case: something of one organisation, not of a unit."""

    org_id: int


class PersonLike(Placed, Protocol):
    id: int


class KindedPersonLike(PersonLike, Protocol):
    kind: str


class NomineeLike(Protocol):
    kind: str
    left_on: date | None


class LeftLike(Protocol):
    left_on: date | None


@dataclass(frozen=True)
class Subject:
    """A person someone else may act for, as the rule sees them: where they sit, whether they are a
    household, and the states of their messenger accounts ("active", "blocked", "removed"; none: never
    joined)."""

    id: int
    org_id: int
    unit_id: int | None
    kind: str
    accounts: frozenset[str]
    left: bool = False  # they left the organisation (docs/decisions/0118)


class UnitLike(Protocol):
    id: int
    org_id: int


class InviteLike(Placed, Protocol):
    role: str
    org_wide: bool | None


class OrgLike(Protocol):
    code: str
    name: str


class DriveLike(Protocol):
    org_id: int
    unit_ids: list[int] | None


def takes_gifts_of(drive: DriveLike, unit_id: int | None) -> bool:
    """`drive` takes gifts of unit `unit_id` (a giver's own, or the unit that collects a donor's from
    outside): a drive of the whole organisation every unit's, a drive of some units theirs alone. The one
    rule its appeals, the reminders of its last days, its “Ai chưa ủng hộ” and the gift itself ask, so that
    nobody is asked to give and then refused (decisions 0230, 0499, docs/decisions/0514)."""
    return drive.unit_ids is None or unit_id in drive.unit_ids


class AskedLike(Protocol):
    left_on: date | None
    unit_id: int | None


def may_be_asked_for(person: AskedLike, drive: DriveLike | None) -> bool:
    """`drive`'s appeals (None: the Fund's outside the drives, which takes every unit's gifts) may still ask
    `person` for a gift: she has not left the organisation (whoever left is written to no more:
    bot.domain.leaving) and the drive takes her unit's gifts (`takes_gifts_of`). What a reversal or a
    treasurer's rejection gives back of what her gift stopped asks it, as a move asks `takes_gifts_of`
    (decisions 1921, 1953)."""
    return person.left_on is None and (drive is None or takes_gifts_of(drive, person.unit_id))


def of_units_giving_to(drive: DriveLike) -> ColumnElement[bool]:
    """`takes_gifts_of` as a condition on a query of people: their unit's gifts go to `drive`."""
    return true() if drive.unit_ids is None else Person.unit_id.in_(drive.unit_ids)


class ServingDriveLike(DriveLike, Protocol):
    case_id: int | None  # the hardship case it raises money for (decision 0356)


# --- loading an actor ----------------------------------------------------------------------------------

_GRANTS = select(RoleAssignment.role, RoleAssignment.unit_id).where(
    RoleAssignment.person_id == bindparam("person"), RoleAssignment.org_id == bindparam("org")
)
_IDENTITY_WITH_GRANTS = (
    select(
        Person.id,
        Person.org_id,
        Person.unit_id,
        ChannelIdentity.status,
        RoleAssignment.role,
        RoleAssignment.unit_id,
        Person.left_on,
    )
    .select_from(ChannelIdentity)
    .join(Person, Person.id == ChannelIdentity.person_id)
    .outerjoin(
        RoleAssignment,
        and_(RoleAssignment.person_id == Person.id, RoleAssignment.org_id == Person.org_id),
    )
    .where(ChannelIdentity.channel == bindparam("channel"), ChannelIdentity.external_id == bindparam("user"))
)


async def actor_for(session: AsyncSession, person: Person | None) -> Actor | None:
    """The actor behind `person`, with the roles they hold in their own organisation (one query).

    Flushes first: a role granted earlier in the same transaction (joining, then the menu) counts."""
    if person is None:
        return None
    await session.flush()
    rows = await session.execute(_GRANTS, {"person": person.id, "org": person.org_id})
    grants = frozenset((role, unit) for role, unit in rows)
    return Actor(person.id, person.org_id, person.unit_id, grants, person.left_on is not None)


async def actor_for_identity(session: AsyncSession, channel: str, external_id: str) -> Actor | None:
    """The actor behind a messenger account; None when it is unknown, blocked or removed (one query)."""
    await session.flush()
    rows = (await session.execute(_IDENTITY_WITH_GRANTS, {"channel": channel, "user": external_id})).all()
    if not rows or rows[0].status != "active":
        return None
    person_id, org_id, unit_id = rows[0][:3]
    grants = frozenset((row[4], row[5]) for row in rows if row[4] is not None)
    return Actor(person_id, org_id, unit_id, grants, rows[0].left_on is not None)


_PEOPLE_WITH_GRANTS = (
    select(
        Person.id,
        Person.org_id,
        Person.unit_id,
        Person.left_on,
        RoleAssignment.role,
        RoleAssignment.unit_id,
    )
    .outerjoin(
        RoleAssignment,
        and_(RoleAssignment.person_id == Person.id, RoleAssignment.org_id == Person.org_id),
    )
    .where(Person.id.in_(bindparam("people", expanding=True)))
)


async def actors_of(session: AsyncSession, person_ids: Iterable[int]) -> list[Actor]:
    """`actor_for` of each of `person_ids`, their roles read together (one query), in id order; an id of
    nobody has no actor.

    Flushes first, as `actor_for` does."""
    ids = sorted(set(person_ids))
    if not ids:
        return []
    await session.flush()
    people: dict[int, tuple[int, int | None, bool]] = {}
    grants: dict[int, set[Grant]] = {}
    for person_id, org_id, unit_id, left_on, role, scope in await session.execute(
        _PEOPLE_WITH_GRANTS, {"people": ids}
    ):
        people[person_id] = (org_id, unit_id, left_on is not None)
        held = grants.setdefault(person_id, set())
        if role is not None:
            held.add((role, scope))
    return [
        Actor(person_id, org_id, unit_id, frozenset(grants[person_id]), gone)
        for person_id, (org_id, unit_id, gone) in sorted(people.items())
    ]


_ACCOUNTS = select(ChannelIdentity.status).where(ChannelIdentity.person_id == bindparam("person"))


async def subject_for(session: AsyncSession, person: Person) -> Subject:
    """`person` as `may_act_for` sees them, with the states of their messenger accounts (one query)."""
    await session.flush()
    accounts = frozenset(await session.scalars(_ACCOUNTS, {"person": person.id}))
    return Subject(
        person.id, person.org_id, person.unit_id, person.kind, accounts, person.left_on is not None
    )


async def person_may_act_for(session: AsyncSession, actor: Person, person: Person) -> bool:
    """`may_act_for`, asked of two people as the domain holds them (the recorder, the one recorded for)."""
    return may_act_for(await actor_for(session, actor), await subject_for(session, person))


# --- the one question under every rule ------------------------------------------------------------------


def _covers(actor: Actor | None, roles: frozenset[str], org_id: int, unit_id: int | None) -> bool:
    """`actor` holds one of `roles` for the unit `unit_id` of organisation `org_id` (None: no unit)."""
    if actor is None or actor.org_id != org_id:
        return False
    return any(role in roles and scope in (None, unit_id) for role, scope in actor.grants)


def _org_wide(actor: Actor | None, role: str, org_id: int) -> bool:
    return actor is not None and actor.org_id == org_id and (role, None) in actor.grants


def _of_the_whole_organisation(acting: Acting, org_id: int) -> bool:
    """The operator at the shell of organisation `org_id`, or an admin of the whole of it: who settles what
    is the organisation's, not a unit's."""
    if isinstance(acting, Operator):
        return acting.org_id == org_id
    return _org_wide(acting, "admin", org_id)


# --- the rules -------------------------------------------------------------------------------------------


def may_open_ledger(actor: Actor | None) -> bool:
    """The "Look up a contribution" entry: a ledger role somewhere in the actor's organisation (which entries
    they then see, `may_look_up_contribution` decides)."""
    return actor is not None and any(role in LEDGER_ROLES for role, _unit in actor.grants)


def may_look_up_contribution(actor: Actor | None, contribution: Placed) -> bool:
    """Open an entry by its reference code, with its amount and evidence: a treasurer, officer or admin
    covering the entry's unit."""
    return _covers(actor, LEDGER_ROLES, contribution.org_id, contribution.unit_id)


def may_be_told_of_double(actor: Actor | Operator | None, other: Placed) -> bool:
    """Be told the code of `other`, a standing gift that the entry `actor` is about to decide, or reads in the
    ledger, may double (the same evidence photo, or the same giver and figure within 24 hours): only whoever
    may look `other` up (`may_look_up_contribution`), or the operator at the shell, of its organisation
    (decision 0681). A treasurer of one unit is still told that their entry may double a gift elsewhere, but
    not which one: another unit's gift is not theirs to see, not even by its code (docs/decisions/0201)."""
    if isinstance(actor, Operator):
        return actor.org_id == other.org_id
    return may_look_up_contribution(actor, other)


def may_hear_it_stands(actor: Actor | None, contribution: Placed) -> bool:
    """Hear of someone else's code only whether it is a confirmed gift that stands (what the public statement
    shows of it, and no more): anyone of the entry's organisation, as `may_see_statement`; never someone of
    another organisation, who learns nothing of it, not even that it exists."""
    return actor is not None and actor.org_id == contribution.org_id


def may_thank_for(acting: Acting, contribution: Placed) -> bool:
    """Have the thank-you letter for a donor's confirmed gift drawn up (decision 0086): whoever may look the
    entry up in full (a treasurer, officer or admin covering its unit), since the letter states the amount;
    the operator at the shell within the organisation."""
    if isinstance(acting, Operator):
        return acting.org_id == contribution.org_id
    return may_look_up_contribution(acting, contribution)


def decide_roles(kind: str | None) -> frozenset[str]:
    """The roles that confirm or refuse an entry of `kind`: a treasurer's for every kind, and for labour days
    also an officer's, who organised the day and saw who worked (docs/decisions/0434)."""
    return DECIDE_ROLES | LABOUR_DECIDERS if kind == "labour" else DECIDE_ROLES


def decide_refusal(
    actor: Actor | None,
    contribution: ContributionLike,
    *,
    for_own_case: bool = False,
    typed_it: bool = False,
    treasurers_own: bool = False,
) -> str | None:
    """Why `actor` may not confirm or reject `contribution`: "not_allowed" (not a treasurer covering its unit,
    nor, for labour days, an officer covering it, nor, for money or goods a treasurer covering it gave or
    recorded herself where no other treasurer may decide it, `treasurers_own`, an officer covering it:
    decision 2430), "own_contribution" (they gave it or recorded it, or typed
    it before a treasurer put it in its real giver's name, `typed_it`, `typed_then_moved`: another must,
    decisions 0083, 1510) or "own_case" (`for_own_case`: it went to a drive raising money for their own
    hardship case, `gives_to_own_case`: as an officer never pays her own case, decision 0565, a treasurer
    never vouches for the money given to her, decision 0609); None when they may."""
    roles = decide_roles(contribution.kind)
    if treasurers_own and contribution.kind != "labour":
        roles |= SOLE_TREASURER_CHECKERS
    if actor is None or not _covers(actor, roles, contribution.org_id, contribution.unit_id):
        return "not_allowed"
    if typed_it or actor.person_id in (contribution.person_id, contribution.recorded_by):
        return "own_contribution"
    if for_own_case:
        return "own_case"
    return None


def to_own_case(person_id: int) -> ColumnElement[bool]:
    """The entries given to a drive raising money for a hardship case naming `person_id` (never NULL): what
    she never decides, and what her queue says waits for another for that reason (decision 0630)."""
    return and_(Contribution.drive_id.is_not(None), Contribution.drive_id.in_(_case_drives(person_id)))


def _moved(entry: Any) -> ColumnElement[bool]:
    """The audit rows of the moves of `entry` (an id, or a column of them) to its real giver (`move_to`)."""
    return and_(
        AuditLog.entity == "contribution",
        AuditLog.entity_id == entry,
        AuditLog.action == "contribution.moved",
    )


def _typed_by() -> ColumnElement[int]:
    """Who typed an entry a treasurer then moved to its real giver, as the move's audit row keeps it."""
    return AuditLog.details["typed_by"].as_integer()


def typed_then_moved(person_id: int) -> ColumnElement[bool]:
    """The entries `person_id` typed that a treasurer then put in another's name (`contribution.move_to`):
    the entry's recorder became its new giver, and who typed it is kept on the move's audit row alone
    (`typed_by`). She still never decides it, as its recorder (decisions 0083, 1494, 1510)."""
    return exists().where(_moved(Contribution.id), _typed_by() == person_id)


async def typed_and_moved(session: AsyncSession, actor: Actor | None) -> frozenset[int]:
    """The entries `actor` typed that were moved since (`typed_then_moved`), read once where many entries are
    weighed (a bank statement's): what `decide_refusal_of` is told with `typed`."""
    if actor is None:
        return frozenset()
    return frozenset(await session.scalars(select(Contribution.id).where(typed_then_moved(actor.person_id))))


def _case_drives(person_id: int) -> Select[tuple[int]]:
    """The drives raising money for a hardship case naming `person_id`."""
    return (
        select(Drive.id)
        .join(HardshipCase, HardshipCase.id == Drive.case_id)
        .where(HardshipCase.person_id == person_id)
    )


async def own_case_drives(session: AsyncSession, actor: Actor | None) -> frozenset[int]:
    """The drives raising money for `actor`'s own hardship case, read once where many entries are weighed
    (a bank statement's): what `decide_refusal_of` is told with `own_drives`."""
    if actor is None:
        return frozenset()
    return frozenset(await session.scalars(_case_drives(actor.person_id)))


def not_away(today: date) -> ColumnElement[bool]:
    """The person is not away on long leave on `today` (maternity or sick leave, seconded: `Person.away_until`
    ahead or today). Reminders and appeals are not sent to one who is, and the digests count her apart from
    who has not taken part; from the day after her last day of leave, she is as everyone (decision 0740)."""
    return or_(Person.away_until.is_(None), Person.away_until < today)


def away_on(today: date) -> ColumnElement[bool]:
    """The person is away on long leave on `today`: `not_away`'s other side, written so that the index of
    those away (`ix_person_org_away`, of the rows with a day only) can be read for it."""
    return Person.away_until >= today


def on_training(today: date) -> ColumnElement[bool]:
    """Of those `away_on` `today`, the ones away on training (đi học, tập huấn), not on leave: counted among
    those away as before, and said as training wherever the leave is said (decision 2315)."""
    return and_(away_on(today), Person.away_reason == "training")


def not_on_training(today: date) -> ColumnElement[bool]:
    """`on_training`'s other side, as a condition on the person table: at work, or away on leave, a leave
    with no reason recorded being leave (decision 2445)."""
    return or_(not_away(today), Person.away_reason.is_(None), Person.away_reason != "training")


def counted_away(today: date) -> ColumnElement[bool]:
    """One of the staff, not gone, away on long leave on `today`: said apart from who has not taken part, in
    the digest's figures and on the year's paper alike (decisions 0740, 0837)."""
    return and_(Person.kind == "staff", Person.left_on.is_(None), away_on(today))


def is_away(person: Any, today: date) -> bool:
    """`not_away`, of one person read already."""
    until = getattr(person, "away_until", None)
    return until is not None and until >= today


def is_on_training(person: Any, today: date) -> bool:
    """`on_training`, of one person read already: away on `today`, her leave's latest row saying training
    (`leaving.mark_away` writes the reason with every day it records; decisions 2315, 2410)."""
    return is_away(person, today) and getattr(person, "away_reason", None) == "training"


def _away_and_training(people: Iterable[Any], today: date) -> tuple[int, int]:
    """How many of `people` are away on `today`, and how many of those on training (`is_on_training`)."""
    away = [one for one in people if is_away(one, today)]
    return len(away), sum(1 for one in away if is_on_training(one, today))


def away_on_training(people: Iterable[Any], today: date) -> bool:
    """Those of `people` away on `today` are some, and all of them away on training (`is_on_training`), none
    on leave: a line naming them together says training (decision 2445)."""
    away, training = _away_and_training(people, today)
    return 0 < away == training


def away_some_on_training(people: Iterable[Any], today: date) -> bool:
    """Of those of `people` away on `today`, some on training and the others on leave: a line naming them
    together says each (decisions 2631, 2719)."""
    away, training = _away_and_training(people, today)
    return 0 < training < away


def helped_by_drive(drive_id: int | ColumnElement[int | None]) -> Select[tuple[int | None]]:
    """The person drive `drive_id` (a drive's id, or a query's drive column) raises money for
    (`cases.serve_case`): the colleague or listed household its hardship case names, if it names one. Its
    appeals, their follow-up and the reminders of its last days leave them out: nobody is asked to give to
    their own support, nor told they have not (decision 0356); nor do they decide what is given to it, vouch
    for the labour days given to it, or hear, as the office does, that nobody may decide it (decisions 0609,
    0630)."""
    return (
        select(HardshipCase.person_id)
        .join(Drive, Drive.case_id == HardshipCase.id)
        .where(Drive.id == drive_id, HardshipCase.person_id.is_not(None))
    )


async def helped_by(session: AsyncSession, drive_id: int | None) -> int | None:
    """Whom the drive `drive_id` raises money for (`helped_by_drive`); None: no drive, a drive for no case,
    or a case naming nobody of the organisation."""
    if drive_id is None:
        return None
    return await session.scalar(helped_by_drive(drive_id))


async def gives_to_own_case(session: AsyncSession, actor: Actor | None, contribution: Any) -> bool:
    """Whether `contribution` went to a drive raising money for a case naming `actor` (`decide_refusal`'s
    `for_own_case`), asked of the database as `decidable_by` asks it of the queue's rows."""
    if actor is None or contribution.drive_id is None:
        return False
    mine = and_(Contribution.id == contribution.id, to_own_case(actor.person_id))
    return bool(await session.scalar(select(exists().where(mine))))


async def decide_refusal_of(
    session: AsyncSession,
    actor: Actor | None,
    contribution: Any,
    *,
    own_drives: frozenset[int] | None = None,
    typed: frozenset[int] | None = None,
) -> str | None:
    """`decide_refusal`, told by the database whether `contribution` went to the actor's own case and whether
    the actor typed it before it was moved (or by `own_drives` and `typed`, `own_case_drives` and
    `typed_and_moved` read once for many entries): the one answer the ledger, the queue's notices, the bank
    statement and the look-up's screen ask."""
    if own_drives is not None:
        own_case = contribution.drive_id is not None and contribution.drive_id in own_drives
    else:
        own_case = await gives_to_own_case(session, actor, contribution)
    if typed is not None:
        typed_it = contribution.id in typed
    else:
        typed_it = await _typed_it(session, actor, contribution)
    refusal = decide_refusal(actor, contribution, for_own_case=own_case, typed_it=typed_it)
    if (
        refusal == "not_allowed"
        and _may_check(actor, contribution)
        and await _treasurers_own(session, contribution)
    ):
        return decide_refusal(
            actor, contribution, for_own_case=own_case, typed_it=typed_it, treasurers_own=True
        )
    return refusal


def _may_check(actor: Actor | None, contribution: Any) -> bool:
    """Whether `actor` is an officer covering `contribution` who is no treasurer of it, and it is money or
    goods: the only one `_treasurers_own` is asked of (decision 2430)."""
    return (
        actor is not None
        and contribution.kind != "labour"
        and not _covers(actor, DECIDE_ROLES, contribution.org_id, contribution.unit_id)
        and _covers(actor, SOLE_TREASURER_CHECKERS, contribution.org_id, contribution.unit_id)
    )


async def _treasurers_own(session: AsyncSession, contribution: Any) -> bool:
    """Whether `contribution` is money or goods a treasurer gave or recorded herself with no other treasurer
    to decide it (`treasurers_own`): the same for whoever asks it, so asked once."""
    theirs = and_(Contribution.id == contribution.id, treasurers_own())
    return bool(await session.scalar(select(exists().where(theirs))))


async def deciders_among(
    session: AsyncSession,
    actors: Sequence[Actor],
    contribution: Any,
    *,
    more: Callable[[], Awaitable[Sequence[Actor]]] | None = None,
) -> list[Actor]:
    """Those of `actors` who may decide `contribution` (`decide_refusal_of`, in their order), the database
    asked once for all of them: whom its drive's case names (`for_own_case`) and who typed it before it was
    moved to its real giver (`typed_it`), one statement however many treasurers cover it. `more`: those read
    only where none of `actors` may decide money or goods (the officers covering a treasurer's own, decision
    2430), all then asked again in id order, the database not asked those again."""
    if not actors:
        return []
    typed_by = _typed_by()
    kept_from = select(typed_by, literal_column("0")).where(_moved(contribution.id), typed_by.is_not(None))
    if contribution.drive_id is not None:
        kept_from = kept_from.union_all(
            select(HardshipCase.person_id, literal_column("1"))
            .join(Drive, Drive.case_id == HardshipCase.id)
            .where(Drive.id == contribution.drive_id, HardshipCase.person_id.is_not(None))
        )
    typed: set[int] = set()
    own_case: set[int] = set()
    for person_id, case in await session.execute(kept_from):
        (own_case if case else typed).add(person_id)
    read: list[bool] = []  # `_treasurers_own`, read at most once

    def deciding(among: Sequence[Actor], treasurers_own: bool) -> list[Actor]:
        return [
            actor
            for actor in among
            if decide_refusal(
                actor,
                contribution,
                for_own_case=actor.person_id in own_case,
                typed_it=actor.person_id in typed,
                treasurers_own=treasurers_own,
            )
            is None
        ]

    async def deciders(among: Sequence[Actor]) -> list[Actor]:
        found = deciding(among, False)
        if found or contribution.kind == "labour":  # another treasurer decides: never the officer (2430)
            return found
        if any(_may_check(actor, contribution) for actor in among):  # an officer who may check it (2430)
            if not read:
                read.append(await _treasurers_own(session, contribution))  # the database asked once for all
            if read[0]:
                return deciding(among, True)
        return found

    found = await deciders(actors)
    if found or contribution.kind == "labour" or more is None or not (others := await more()):
        return found
    return await deciders(sorted([*actors, *others], key=lambda actor: actor.person_id))


async def _typed_it(session: AsyncSession, actor: Actor | None, contribution: Any) -> bool:
    """Whether `actor` typed `contribution` before it was moved to its real giver (`typed_then_moved`)."""
    if actor is None:
        return False
    mine = and_(Contribution.id == contribution.id, typed_then_moved(actor.person_id))
    return bool(await session.scalar(select(exists().where(mine))))


async def reverse_refusal_of(session: AsyncSession, actor: Actor | None, contribution: Any) -> str | None:
    """`reverse_refusal`, told by the database whether `contribution` went to the actor's own case, and
    whether it is a treasurer's own money or goods that no other treasurer may decide (`treasurers_own`): the
    officer covering it who may confirm it may correct it, though she confirmed it, as no one else may where
    its treasurer is the only one — the treasurer who gave it is the second pair of eyes, told of it
    (decision 2542)."""
    own_case = await gives_to_own_case(session, actor, contribution)
    refusal = reverse_refusal(actor, contribution, for_own_case=own_case)
    if (
        refusal == "own_confirmation"
        and actor is not None
        and actor.person_id not in (contribution.person_id, contribution.recorded_by)
        and not own_case
        and _may_check(actor, contribution)
        and await _treasurers_own(session, contribution)
    ):
        return None
    return refusal


async def correct_refusal_of(session: AsyncSession, acting: Acting, contribution: Any) -> str | None:
    """`correct_refusal`, the database asked as `reverse_refusal_of` asks it: whoever may reverse it may
    correct its figure, the operator at the shell within her organisation."""
    if isinstance(acting, Operator):
        return correct_refusal(acting, contribution)
    return await reverse_refusal_of(session, acting, contribution)


def confirmed_as_organiser(decider: Actor | None, contribution: ContributionLike) -> bool:
    """Labour days `decider` confirmed as the officer who organised the day, not as a treasurer: what the
    member is told, naming her, rather than "the treasurer" (docs/decisions/0434)."""
    return contribution.kind == "labour" and not _covers(
        decider, DECIDE_ROLES, contribution.org_id, contribution.unit_id
    )


def confirms_beyond_a_week(decider: Actor | None, contribution: ContributionLike, days: int) -> bool:
    """Whether `decider` would confirm `days` labour days of `contribution` as the officer who organised the
    day (`confirmed_as_organiser`) beyond `VOUCHED_MOST_DAYS`: what she alone vouches for is a week's days,
    whoever typed them. She may still refuse them, or confirm the days she saw (“Nhận số khác”); a member's
    own 30 days for one Saturday are no day she saw (docs/decisions/0442)."""
    return days > VOUCHED_MOST_DAYS and confirmed_as_organiser(decider, contribution)


def may_withdraw_contribution(actor: Actor | None, contribution: ContributionLike) -> bool:
    """Take back an entry no treasurer has decided yet (a change of mind, a gift typed twice): whoever
    recorded it — the person who gave it, for their own entry, or the officer who recorded it for them
    (decision 0066). Not the giver of an entry someone else recorded: that one took what was given, and it
    is on their handover list (decision 0100). Decided entries are corrected by a reversal instead, but for
    labour days an officer recorded and vouched for (`vouched_labour`): she withdraws them when a member says
    he did not work that day, as a deduction he did not agree to (docs/decisions/0406); and so does he
    himself, who is the only one besides her who knows, and whom a day she made up would otherwise stay
    with as long as she liked (docs/decisions/0424)."""
    recorder = contribution.recorded_by or contribution.person_id
    if actor is not None and vouched_labour(contribution) and actor.person_id == contribution.person_id:
        return True
    return actor is not None and actor.person_id == recorder


def may_withdraw_now(actor: Actor | None, contribution: StatusLike) -> bool:
    """Be asked at once whether to withdraw an entry named in words (“hủy khoản vừa rồi”): one she may
    withdraw (`may_withdraw_contribution`) that still waits for a treasurer. One withdrawn already, confirmed
    or not received is shown instead, its screen saying how it stands and whom to ask (decision 2882)."""
    return contribution.status == "recorded" and may_withdraw_contribution(actor, contribution)


def may_be_offered_to_withdraw(actor: Actor | None, contribution: StatusLike) -> bool:
    """Be listed an entry to withdraw, its figure and giver beside it (“hủy khoản 200k”, the lines of a sheet
    recorded at once): one she may withdraw now (`may_withdraw_now`) that is her own gift, or one recorded
    for someone else that she may still look up (`may_look_up_contribution`), as its screen shows it only to
    them: another's figure is for its giver, the treasurers and the officers; a role taken away since, no
    longer hers to be shown (decision 2953)."""
    return may_withdraw_now(actor, contribution) and (
        actor is not None
        and (actor.person_id == contribution.person_id or may_look_up_contribution(actor, contribution))
    )


def may_add_receipt(actor: Actor | None, contribution: StatusLike) -> bool:
    """Add the receipt's photo to an entry no treasurer has decided yet: whoever may withdraw it (its
    recorder), as the receipt sent later for it (docs/decisions/0491), and its giver, whose cash a hamlet
    officer recorded and whose paper receipt she keeps (docs/decisions/1641): a photo changes no figure, and
    she still may not withdraw it (0100); a decided entry is the treasurer's."""
    giver = actor is not None and actor.person_id == contribution.person_id
    return (
        contribution.status == "recorded"
        and (giver or may_withdraw_contribution(actor, contribution))
        and may_be_asked_for_receipt(actor is not None and actor.gone, contribution)
    )


def may_hear_its_outcome(actor: Actor | None, contribution: ContributionLike) -> bool:
    """Be told how an entry she no longer may add a receipt to stands (decided meanwhile: confirmed, not
    received, withdrawn): its giver and its recorder, as they are now. Not one whose screen asked of it
    before a treasurer put it in another's name (`contribution.move_to`): it is that giver's now, and
    whether it was received is theirs, not hers (docs/decisions/1692)."""
    if actor is None or actor.org_id != contribution.org_id:
        return False
    return actor.person_id in (contribution.person_id, contribution.recorded_by or contribution.person_id)


def may_be_asked_for_receipt(recorder_gone: bool, contribution: ContributionLike) -> bool:
    """Whether an entry's recorder is still the one to ask for its receipt's photo, and to be told its giver
    and figure: always of their own gift; of a gift they recorded for someone else (a household's cash a
    hamlet officer took), only while they are still one of the organisation's people. Once they left
    (`recorder_gone`), those gifts are no longer theirs to be told of: the treasurer checks them with the
    household or the unit's officer (docs/decisions/0647)."""
    recorder = contribution.recorded_by or contribution.person_id
    return not recorder_gone or recorder == contribution.person_id


def move_refusal(
    actor: Actor | None,
    contribution: StatusLike,
    to: Subject,
    *,
    giver_kind: str = "staff",
    typed_it: bool = False,
    for_own_case: bool = False,
) -> str | None:
    """Why `actor` may not put `contribution`, recorded under the wrong person, in the name of `to`, whose it
    is (Chị Lan typed a gift, but the envelope was Anh Minh's), or None when she may (docs/decisions/1434).
    Only a gift still waiting, of money or goods, of a member or household (not a donor's, not labour days,
    which are one's own work): it counts for nothing yet, so it changes hands before anyone confirms it, its
    code kept. Only by one who may decide it (`decide_refusal`: a treasurer covering its unit who neither
    gave, recorded nor typed it, `typed_it`, decision 1510, and whose own hardship case its drive does not
    raise money for, "own_case", `for_own_case`, decision 1538) and who covers `to`'s unit as a treasurer too,
    never to herself ("own_contribution": she would then be confirming her own gift), nor to someone who
    left ("left"), or of another organisation ("not_allowed"); "already_decided" once decided; "not_movable"
    for labour days or a donor's gift; "same_person" to whom it already is."""
    if (refusal := _gift_move_refusal(actor, contribution, giver_kind, typed_it, for_own_case)) is not None:
        return refusal
    if to.kind == "donor":
        return "not_allowed"
    if to.left:  # said as such, never as another unit's person (decision 1592)
        return "left"
    if to.id == contribution.person_id:
        return "same_person"
    if actor is None or to.id == actor.person_id:
        return "own_contribution"
    if not _covers(actor, DECIDE_ROLES, to.org_id, to.unit_id) or to.org_id != contribution.org_id:
        return "not_allowed"
    return None


def _gift_move_refusal(
    actor: Actor | None, contribution: StatusLike, giver_kind: str, typed_it: bool, for_own_case: bool
) -> str | None:
    """`move_refusal` of the gift itself, before whom it goes to: what the look-up's button asks too. Who
    may not decide it may not move it, for the same reasons (`decide_refusal`, own case included)."""
    if (
        refusal := decide_refusal(actor, contribution, for_own_case=for_own_case, typed_it=typed_it)
    ) is not None:
        return refusal
    if contribution.status != "recorded":
        return "already_decided"
    if contribution.kind not in ("money", "goods") or giver_kind == "donor":
        return "not_movable"
    return None


async def move_refusal_of(
    session: AsyncSession, actor: Actor | None, contribution: Any, *, giver_kind: str
) -> str | None:
    """`move_refusal` of the gift itself (`_gift_move_refusal`), told by the database whether it went to the
    actor's own case and whether she typed it before it was moved, as `decide_refusal_of` is: what the
    move's first question asks, the queue's press being offered over any entry ticked (decision 1538)."""
    own_case = await gives_to_own_case(session, actor, contribution)
    typed_it = await _typed_it(session, actor, contribution)
    return _gift_move_refusal(actor, contribution, giver_kind, typed_it, own_case)


def movable_to(actor: Actor | None, contribution: StatusLike) -> ColumnElement[bool]:
    """`move_refusal`'s whom as a condition on the person table, for the name search of the move: the people
    of the gift's organisation in the units `actor` confirms for (anyone of it, for one of all of it), not
    donors, nor who left, nor herself, nor its giver; `move_to` asks the rule again of the one chosen."""
    if actor is None:
        return false()
    scopes = {unit for role, unit in actor.grants if role in DECIDE_ROLES}
    if not scopes:
        return false()
    return and_(
        Person.org_id == contribution.org_id,
        Person.kind != "donor",
        Person.left_on.is_(None),
        Person.id.not_in((actor.person_id, contribution.person_id)),
        true() if None in scopes else Person.unit_id.in_(sorted(u for u in scopes if u is not None)),
    )


def may_move_contribution(
    actor: Actor | None,
    contribution: StatusLike,
    *,
    giver_kind: str = "staff",
    typed_it: bool = False,
    for_own_case: bool = False,
) -> bool:
    """Offer “Ghi nhầm người: chuyển sang người khác” on a looked-up gift: `move_refusal` of the gift itself,
    before whom is chosen (the domain asks it again of the one chosen), told its giver's kind (never a
    donor's) and whether `actor` typed it before it was moved (`typed_it`, read once for the screen with its
    confirm refusal) and whether its drive raises money for her own case (`for_own_case`): never offered
    where pressing it is refused (decisions 1512, 1538)."""
    return _gift_move_refusal(actor, contribution, giver_kind, typed_it, for_own_case) is None


def may_decide_contribution(actor: Actor | None, contribution: ContributionLike) -> bool:
    """Confirm that money arrived, or reject the entry (and reverse a confirmed one)."""
    return decide_refusal(actor, contribution) is None


def may_ask_for_receipt(actor: Actor | None, contribution: StatusLike, *, for_own_case: bool = False) -> bool:
    """Ask whoever recorded an entry still waiting for its receipt's photo (docs/decisions/0538): the
    treasurer who may decide it, as she checks it against the account; never another unit's treasurer, nor
    an officer for labour days, which have no receipt, nor the treasurer whose own case its drive raises
    money for (`for_own_case`, decision 0630); its recorder then adds it (`may_add_receipt`)."""
    return (
        contribution.status == "recorded"
        and contribution.kind != "labour"
        and decide_refusal(actor, contribution, for_own_case=for_own_case) is None
    )


def _in_scopes(scopes: set[int | None]) -> ColumnElement[bool]:
    """The entries of the units `scopes` covers (None among them: the whole organisation, entries with no
    unit too); nothing when `scopes` is empty."""
    if not scopes:
        return false()
    if None in scopes:
        return true()
    return Contribution.unit_id.in_(sorted(unit for unit in scopes if unit is not None))


def decidable_by(actor: Actor) -> ColumnElement[bool]:
    """`may_decide_contribution` as a condition on the contribution table, to count what waits for a
    treasurer (or, labour days, an officer) without loading it (tests/test_notices.py holds the two to the
    same answers)."""
    treasurer = {unit for role, unit in actor.grants if role in DECIDE_ROLES}
    officer = {unit for role, unit in actor.grants if role in LABOUR_DECIDERS}
    if not treasurer and not officer:
        return false()
    return and_(
        Contribution.org_id == actor.org_id,
        Contribution.person_id != actor.person_id,
        Contribution.recorded_by != actor.person_id,
        ~to_own_case(actor.person_id),
        ~typed_then_moved(actor.person_id),
        or_(
            _in_scopes(treasurer),
            and_(Contribution.kind == "labour", _in_scopes(officer)),
            and_(Contribution.kind != "labour", _in_scopes(officer), treasurers_own()),
        ),
    )


def held_back_from(actor: Actor) -> ColumnElement[bool]:
    """The entries of `actor`'s treasurer scope that they gave or recorded (for a household, say), or that
    went to a drive for their own case: never theirs to decide (`decide_refusal`), they wait for another
    treasurer."""
    scopes = {unit for role, unit in actor.grants if role in DECIDE_ROLES}
    if not scopes:
        return false()
    theirs = [
        Contribution.org_id == actor.org_id,
        or_(
            Contribution.person_id == actor.person_id,
            Contribution.recorded_by == actor.person_id,
            to_own_case(actor.person_id),  # given to her own case (decision 0609)
            typed_then_moved(actor.person_id),  # typed by her, then moved to its real giver (1510)
        ),
    ]
    if None not in scopes:
        theirs.append(Contribution.unit_id.in_(sorted(unit for unit in scopes if unit is not None)))
    return and_(*theirs)


@dataclass(frozen=True)
class Deciders:
    """Who may decide an organisation's entries, unit by unit (`deciders_of`): its treasurers of the whole
    organisation, and of each unit. In Python, what `no_one_may_decide` says in SQL, for a count over many
    units that reads the few role rows once rather than asking them again for every waiting entry."""

    org_wide: frozenset[int]
    by_unit: dict[int, frozenset[int]]
    labour: Deciders | None = None  # the officers, who also decide labour days (docs/decisions/0434)
    officers: Deciders | None = None  # who decide a treasurer's own with no other treasurer (2430)

    def of(self, unit_id: int | None) -> frozenset[int]:
        if unit_id is None:
            return self.org_wide
        return self.org_wide | self.by_unit.get(unit_id, frozenset())

    def nobody_but(self, unit_id: int | None, giver: int, recorder: int, kind: str | None = None) -> bool:
        """No treasurer may decide an entry of `unit_id` given by `giver`, recorded by `recorder`, nor, when
        it is labour days (`kind`), an officer."""
        officers = self.labour.of(unit_id) if kind == "labour" and self.labour is not None else frozenset()
        theirs = {giver, recorder}
        if kind != "labour" and self.officers is not None and self.of(unit_id) & theirs:
            officers = self.officers.of(unit_id)  # a treasurer's own: an officer confirms it (2430)
        return not (self.of(unit_id) | officers) - theirs


def deciders_query(org_id: int) -> Select[tuple[int | None, int, str]]:
    """The role rows `deciders_of` reads: (unit or None, person, role) of each treasurer of the organisation,
    and of each officer (who decides labour days)."""
    return select(RoleAssignment.unit_id, RoleAssignment.person_id, RoleAssignment.role).where(
        RoleAssignment.org_id == org_id, RoleAssignment.role.in_(DECIDE_ROLES | LABOUR_DECIDERS)
    )


def deciders_of(rows: Iterable[Any]) -> Deciders:
    """Who decides, from `deciders_query`'s rows: the treasurers, with the officers apart for labour days."""
    people: dict[bool, tuple[set[int], dict[int, set[int]]]] = {True: (set(), {}), False: (set(), {})}
    for unit_id, person_id, role in rows:
        org_wide, by_unit = people[role in DECIDE_ROLES]
        (org_wide if unit_id is None else by_unit.setdefault(unit_id, set())).add(person_id)

    def made(treasurer: bool) -> Deciders:
        org_wide, by_unit = people[treasurer]
        return Deciders(frozenset(org_wide), {unit: frozenset(them) for unit, them in by_unit.items()})

    officers = made(False)
    treasurers = made(True)
    labour = Deciders(
        treasurers.org_wide | officers.org_wide,
        {
            unit: treasurers.by_unit.get(unit, frozenset()) | officers.by_unit.get(unit, frozenset())
            for unit in treasurers.by_unit.keys() | officers.by_unit.keys()
        },
    )
    return Deciders(treasurers.org_wide, treasurers.by_unit, labour, officers)


def _another(roles: ColumnElement[bool]) -> ColumnElement[bool]:
    """Someone holding a role `roles` names, covering the entry's unit, who neither gave nor recorded it nor
    is whom its drive helps (0609): as a condition on the contribution table."""
    return (
        select(RoleAssignment.id)
        .where(
            roles,
            RoleAssignment.org_id == Contribution.org_id,
            or_(RoleAssignment.unit_id.is_(None), RoleAssignment.unit_id == Contribution.unit_id),
            RoleAssignment.person_id != Contribution.person_id,
            RoleAssignment.person_id != Contribution.recorded_by,
            # correlated two levels down: never a contribution table of its own
            RoleAssignment.person_id.not_in(helped_by_drive(Contribution.drive_id).correlate(Contribution)),
        )
        .exists()
    )


def treasurers_own() -> ColumnElement[bool]:
    """Money or goods a treasurer covering it gave or recorded herself, which no other treasurer may decide
    (a school with one treasurer, her own gift): what an officer covering it confirms (decision 2430)."""
    theirs = (
        select(RoleAssignment.id)
        .where(
            RoleAssignment.role.in_(DECIDE_ROLES),
            RoleAssignment.org_id == Contribution.org_id,
            or_(RoleAssignment.unit_id.is_(None), RoleAssignment.unit_id == Contribution.unit_id),
            RoleAssignment.person_id.in_((Contribution.person_id, Contribution.recorded_by)),
        )
        .exists()
    )
    return and_(Contribution.kind != "labour", theirs, ~_another(RoleAssignment.role.in_(DECIDE_ROLES)))


def officer_confirms() -> ColumnElement[bool]:
    """A treasurer's own money or goods (`treasurers_own`) that an officer covering it confirms: what her own
    receipt, look-up and queue say waits for the officers, not for another treasurer (decision 2464)."""
    return and_(treasurers_own(), _another(RoleAssignment.role.in_(SOLE_TREASURER_CHECKERS)))


def someone_else_corrects() -> ColumnElement[bool]:
    """A confirmed entry someone may correct with a reversal (`reverse_refusal_of`): a treasurer or an
    officer covering it who neither gave, recorded nor confirmed it (`_another`), or, a treasurer's own with
    an officer covering it, that officer even where she confirmed it (decision 2542). As a condition on the
    contribution table."""
    others = and_(RoleAssignment.role.in_(REVERSE_ROLES), RoleAssignment.person_id != Contribution.decided_by)
    return or_(_another(others), officer_confirms())


async def no_one_else_corrects(session: AsyncSession, contribution: Any) -> bool:
    """Whether nobody but the actor refused as its giver or recorder may correct the confirmed `contribution`
    (`someone_else_corrects`): a commune whose one treasurer confirmed what its hamlet officer recorded; its
    look-up says so and what to ask for, not whom the rule would allow (decision 2767)."""
    theirs = and_(Contribution.id == contribution.id, someone_else_corrects())
    return not await session.scalar(select(exists().where(theirs)))


async def officer_confirms_it(session: AsyncSession, contribution: Any) -> bool:
    """Whether `contribution`, still waiting, is one an officer confirms (`officer_confirms`)."""
    return contribution.id in await officers_confirm(session, [contribution])


async def officers_confirm(session: AsyncSession, entries: Iterable[Any]) -> frozenset[int]:
    """The ids of `entries` still waiting that an officer confirms (`officer_confirms_it` of each), read in
    one query: what a list of them (her progress, her gifts found by name, what she gave to a drive) says
    waits for the officers, as her receipt does (decision 2510)."""
    waiting = [entry for entry in entries if entry.kind != "labour" and entry.status == "recorded"]
    return await officers_decide(session, waiting)


async def officers_decide_it(session: AsyncSession, contribution: Any) -> bool:
    """Whether `contribution`, waiting or confirmed, is a treasurer's own that an officer covering it decides
    (`officer_confirms`): where she is refused her own, she is sent to the officers, for a correction as for
    a confirmation (decisions 2511, 2542)."""
    return contribution.id in await officers_decide(session, [contribution])


async def officers_decide(session: AsyncSession, entries: Iterable[Any]) -> frozenset[int]:
    """The ids of `entries`, waiting or confirmed, that an officer covering them decides (`officers_decide_it`
    of each), read in one query: the refusals of several entries at the desk, each named as its own says."""
    ids = [entry.id for entry in entries]
    if not ids:
        return frozenset()
    theirs = and_(Contribution.id.in_(ids), officer_confirms())
    return frozenset(await session.scalars(select(Contribution.id).where(theirs)))


def no_one_may_decide() -> ColumnElement[bool]:
    """An entry no treasurer may decide: none covers its unit but its giver or recorder (a sole treasurer
    who recorded it), or whom its drive raises money for (decision 0609); for labour days, no officer
    covering it either (docs/decisions/0434); for a treasurer's own money or goods, no officer covering it
    either (`treasurers_own`, decision 2430). As a condition on the contribution table."""
    officers = RoleAssignment.role.in_(LABOUR_DECIDERS | SOLE_TREASURER_CHECKERS)
    another = _another(
        or_(
            RoleAssignment.role.in_(DECIDE_ROLES),
            and_(Contribution.kind == "labour", RoleAssignment.role.in_(LABOUR_DECIDERS)),
        )
    )
    return and_(~another, ~and_(treasurers_own(), _another(officers)))


def may_open_decisions(actor: Actor | None) -> bool:
    """The queue of entries to confirm ("Contributions to confirm", /xacnhan): a treasurer's, and an
    officer's too, for the labour days her members logged themselves (docs/decisions/0434); which entries it
    lists, `decidable_by` decides. The treasurer's own tools beside it (the bank's statement, a handover)
    stay `may_open_queue`'s."""
    return actor is not None and any(role in DECIDE_ROLES | LABOUR_DECIDERS for role, _unit in actor.grants)


def may_open_queue(actor: Actor | None) -> bool:
    """The treasurer's queue: a treasurer role somewhere in the actor's organisation (which entries it lists,
    `decidable_by` decides, entry by entry)."""
    return actor is not None and any(role in DECIDE_ROLES for role, _unit in actor.grants)


def may_see_held_packs(actor: Actor | None, org_id: int) -> bool:
    """Read on the list of what waits for her the packs of `org_id` an officer has kept to hand over later a
    month or more (decision 1462), with who holds each and its money, never its household: a treasurer of
    the organisation, who counts the cash box the envelope is missing from."""
    return actor is not None and actor.org_id == org_id and may_open_queue(actor)


def may_chase_held_pack(actor: Actor | None, org_id: int, case_unit_id: int | None) -> bool:
    """Be told of a pack held a month whose holder is not asked (no longer reads its case, or no messenger
    reaches her), to see it handed over or put back: a treasurer covering the case's unit (`case_unit_id`,
    its colleague's or household's; None, a case naming no one of the list: the organisation's treasurers),
    whose cash box the envelope is missing from; not every treasurer of the organisation, who reads it on
    her list all the same (`may_see_held_packs`, decision 1664)."""
    return _covers(actor, DECIDE_ROLES, org_id, case_unit_id)


def reconcile_refusal(actor: Actor | None) -> str | None:
    """Why `actor` may not reconcile the bank's statement with the queue: "officer" (an officer, whose queue
    holds the labour days his members logged, never the money a statement shows: docs/decisions/0434,
    0449), "not_allowed" (neither treasurer nor officer); None for a treasurer, who may."""
    if may_open_queue(actor):
        return None
    return "officer" if may_open_decisions(actor) else "not_allowed"


def may_reconcile(actor: Actor | None) -> bool:
    """Set the bank's statement beside the money waiting to be confirmed: `reconcile_refusal`."""
    return reconcile_refusal(actor) is None


def reverse_refusal(
    actor: Actor | None, contribution: DecidedLike, *, for_own_case: bool = False
) -> str | None:
    """Why `actor` may not reverse the confirmed `contribution`: "not_allowed" (not a treasurer or officer
    covering its unit), "own_confirmation" (they confirmed it: someone else must correct it),
    "own_contribution" (they gave or recorded it) or "own_case" (`for_own_case`: given to a drive raising
    money for their own case, `gives_to_own_case`, decision 0609); None when they may."""
    if actor is None or not _covers(actor, REVERSE_ROLES, contribution.org_id, contribution.unit_id):
        return "not_allowed"
    if actor.person_id == contribution.decided_by:
        return "own_confirmation"
    if actor.person_id in (contribution.person_id, contribution.recorded_by):
        return "own_contribution"
    if for_own_case:
        return "own_case"
    return None


def may_reverse_contribution(actor: Actor | None, contribution: DecidedLike) -> bool:
    """Correct a confirmed entry with a reversal entry (the entry itself is never edited)."""
    return reverse_refusal(actor, contribution) is None


def correct_refusal(acting: Acting, contribution: DecidedLike, *, for_own_case: bool = False) -> str | None:
    """Why `acting` may not correct the figure of the confirmed `contribution` in one step (a reversal and
    the right entry, confirmed by them: docs/decisions/0070): whoever may reverse it (`reverse_refusal`), for
    the same reason — the one who confirmed it does not undo it —, and the operator at the shell within
    their organisation ("not_allowed" elsewhere)."""
    if isinstance(acting, Operator):
        return None if acting.org_id == contribution.org_id else "not_allowed"
    return reverse_refusal(acting, contribution, for_own_case=for_own_case)


def may_correct_contribution(actor: Actor | None, contribution: DecidedLike) -> bool:
    """Correct a confirmed entry's amount, value or days: the reversal and the right entry at once."""
    return correct_refusal(actor, contribution) is None


def may_see_statement(actor: Actor | None, drive: OwnedByOrg) -> bool:
    """The public statement of a drive: anyone of the drive's organisation (names only of those who agreed);
    never a drive of another organisation."""
    return actor is not None and actor.org_id == drive.org_id


def may_export_statement(actor: Actor | None, drive: OwnedByOrg) -> bool:
    """The statement as a print-ready spreadsheet in chat: a treasurer, officer or admin of the drive's
    organisation."""
    return (
        actor is not None
        and actor.org_id == drive.org_id
        and any(role in STATEMENT_ROLES for role, _unit in actor.grants)
    )


def ledger_units(actor: Actor | None) -> frozenset[int] | None:
    """The units whose entries `actor` reads in the Fund's internal book: None for the whole organisation (a
    treasurer, officer or admin of the whole organisation), else the units their roles name (empty: none)."""
    return _units_for(actor, LEDGER_ROLES)


def may_name_giver_in(actor: Actor | None, unit_id: int | None) -> bool:
    """Whose a gift of the unit `unit_id` (None: of no unit) is, told to `actor`: whoever reads that unit's
    entries in the Fund's book (`ledger_units`). A treasurer of one unit is never told whose it was before
    another put it in a colleague's name of hers (decision 1760)."""
    units = ledger_units(actor)
    return units is None or (unit_id is not None and unit_id in units)


def may_export_ledger(actor: Actor | None, org_id: int) -> bool:
    """The Fund's internal book (sổ theo dõi đóng góp) as a spreadsheet: every entry with the giver's real
    name, whatever they chose for the public statement, and every state (waiting, rejected, corrected). So
    only those who see individual amounts (`may_see_amounts_of`): a treasurer, officer or admin of the
    organisation; which entries, `ledger_units` and `in_ledger_of` decide (docs/decisions/0067)."""
    return actor is not None and actor.org_id == org_id and ledger_units(actor) != frozenset()


def in_ledger_of(actor: Actor) -> ColumnElement[bool]:
    """The entries of `actor`'s book, as a condition on the contribution table: their organisation's, of the
    units their roles cover (all of them, and entries with no unit, for an organisation-wide role), as the
    look-up sees them (`may_look_up_contribution`)."""
    units = ledger_units(actor)
    if units == frozenset():
        return false()
    mine = [Contribution.org_id == actor.org_id]
    if units is not None:
        mine.append(Contribution.unit_id.in_(sorted(units)))
    return and_(*mine)


def givers_in_ledger_of(actor: Actor) -> ColumnElement[bool]:
    """The people (staff, households, donors) with an entry in `actor`'s book (`in_ledger_of`), as a condition
    on the person table: whom a treasurer or officer finds by name where a reference code is asked, to open
    one of their entries (decision 0184). Someone with no entry there is never found, so a name reveals
    nothing the look-up by code would not."""
    return Person.id.in_(select(Contribution.person_id).where(in_ledger_of(actor)))


def may_see_cases(actor: Acting, org_id: int) -> bool:
    """Hardship cases of an organisation and the support they received: its officers and leaders only (not
    members, not treasurers, not admins: sensitive personal data only for the roles that need it); the
    operator at the shell within their organisation (`chungtay cases …`). Which cases, `cases_readable_by`:
    a unit's officer or leader reads those of its colleagues, not every ward's (docs/decisions/0404)."""
    if isinstance(actor, Operator):
        return actor.org_id == org_id
    return (
        actor is not None
        and actor.org_id == org_id
        and any(role in CASE_READERS for role, _unit in actor.grants)
    )


def may_keep_cases(actor: Actor | None, org_id: int) -> bool:
    """Record a hardship case, log support delivered to it, let a drive serve it: the organisation's
    officers."""
    return (
        actor is not None
        and actor.org_id == org_id
        and any(role in CASE_KEEPERS for role, _unit in actor.grants)
    )


def cases_readable_by(actor: Acting, *, keeping: bool = False) -> ColumnElement[bool]:
    """Which of its organisation's cases `actor` (one who `may_see_cases`) reads, as a condition on the case
    table. A case that names a household of the list: only where they may read that household's standing
    (`may_see_poverty_standing`: its hamlet's officers and leaders, the organisation's): a household
    receiving from the Fund for the Poor, its name on a Tết round taken from the review, says what its
    standing is (docs/decisions/0279). A case that names a colleague: the officers and leaders of her unit
    or of the whole organisation (`case_units`), not those of another ward, who have no need of her name
    or illness. A case naming nobody of the list has no unit: the organisation's officers and leaders, and
    the officer who recorded it (docs/decisions/0404). The operator every one of theirs. `keeping`: which
    they keep (`may_keep_case`), by their officer's roles alone: a unit's leader who is an officer of another
    reads her unit's cases, and keeps only the other's (docs/decisions/0415); and never a case naming
    themselves: an officer whose own family is in hardship reads her case, another officer pays it, as a
    treasurer never confirms her own gift (docs/decisions/0565)."""
    if isinstance(actor, Operator):
        return true()
    if actor is None:
        return false()
    households = select(Person.id).where(Person.org_id == actor.org_id, Person.kind == "household")
    units = case_units(actor, CASE_KEEPERS if keeping else CASE_READERS)
    if units is None:
        others = true()
    else:
        colleagues = select(Person.id).where(
            Person.org_id == actor.org_id, Person.kind != "household", Person.unit_id.in_(sorted(units))
        )
        others = or_(  # never NULL, so that its negation (a gift round's, 0279) is never NULL either
            and_(
                HardshipCase.person_id.is_(None),
                HardshipCase.created_by.is_not(None),
                HardshipCase.created_by == actor.person_id,
            ),
            and_(HardshipCase.person_id.is_not(None), HardshipCase.person_id.in_(colleagues)),
        )
    linked = HardshipCase.person_id.is_not(None)
    listed = select(Person.id).where(poverty_households_of(actor, keeping=keeping))
    readable = or_(
        and_(or_(HardshipCase.person_id.is_(None), HardshipCase.person_id.not_in(households)), others),
        and_(linked, HardshipCase.person_id.in_(listed)),
    )
    if not keeping:
        return readable
    # never NULL either: a case naming nobody is not the officer's own
    not_own = or_(HardshipCase.person_id.is_(None), HardshipCase.person_id != actor.person_id)
    return and_(readable, not_own)


def case_units(actor: Actor | None, roles: frozenset[str] = CASE_READERS) -> frozenset[int] | None:
    """The units whose colleagues' cases `actor` reads (`roles`: keeps): None for the whole organisation (an
    officer or leader of it), else the units their officer or leader roles name (docs/decisions/0404)."""
    return _units_for(actor, roles)


async def may_read_case(session: AsyncSession, actor: Acting, case: HardshipCase) -> bool:
    """One case's page: whoever `cases_named_to` names it to, asked of this one case (the rule is stated
    once, there)."""
    named = cases_named_to(actor, case.org_id)
    return bool(await session.scalar(select(exists().where(HardshipCase.id == case.id, named))))


async def cases_read_by(session: AsyncSession, actor: Actor, case_ids: Iterable[int]) -> set[int]:
    """Which of `case_ids` `actor` reads by name: `may_read_case` asked of many cases in one query (the
    rule stated once, `cases_named_to`), as the night asks it of the packs an officer holds."""
    ids = sorted(set(case_ids))
    if not ids:
        return set()
    named = cases_named_to(actor, actor.org_id)
    return set(await session.scalars(select(HardshipCase.id).where(HardshipCase.id.in_(ids), named)))


async def may_keep_case(session: AsyncSession, actor: Actor | None, case: HardshipCase) -> bool:
    """Log support delivered to a case, cancel one, or let a drive raise money for it: an officer who keeps
    its organisation's cases (`may_keep_cases`), this one by their officer's roles (`cases_readable_by`,
    keeping): the cases they could have recorded, not every one a leader's role besides lets them read
    (docs/decisions/0415). An officer moved to another hamlet half-way through logging a Tết gift to a
    household of the first neither writes it nor is told its name (docs/decisions/0289)."""
    if not may_keep_cases(actor, case.org_id):
        return False
    kept = and_(HardshipCase.org_id == case.org_id, cases_readable_by(actor, keeping=True))
    return bool(await session.scalar(select(exists().where(HardshipCase.id == case.id, kept))))


def names_themselves(actor: Actor | None, case: HardshipCase) -> bool:
    """A case naming `actor` herself: she reads it and never keeps it (`cases_readable_by`, decision 0565)."""
    return actor is not None and case.person_id is not None and case.person_id == actor.person_id


async def kept_by_another(session: AsyncSession, actor: Actor, case: HardshipCase) -> bool:
    """Whether an officer besides `actor`, not recorded as gone, keeps `case` (`may_keep_case`): who pays a
    case naming `actor` herself. None may (the only officer of the union, or the others of other units): she
    is told to ask an admin for another officer, never let pay it herself (decision 0586)."""
    officers = await session.scalars(
        select(Person)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(
            RoleAssignment.org_id == case.org_id,
            RoleAssignment.role.in_(sorted(CASE_KEEPERS)),
            Person.org_id == case.org_id,
            Person.id != actor.person_id,
            Person.left_on.is_(None),
        )
        .distinct()
        .order_by(Person.id)
    )
    for officer in list(officers):
        if await may_keep_case(session, await actor_for(session, officer), case):
            return True
    return False


async def may_point_drive_at(
    session: AsyncSession, actor: Actor | None, drive: ServingDriveLike, case: HardshipCase
) -> bool:
    """Which drives an officer who keeps `case` may let raise money for it: any of its organisation's for a
    case that names nobody of the list; for one naming a colleague or a listed household, only a drive they
    may change (`may_manage_drive`), as its appeals then leave that person out (decision 0356). An officer of
    one unit does not decide, for a drive of the whole organisation, who is never asked by it (0362): nor
    moves it off a case naming someone, whom its appeals would then ask again to give to her own support
    (0415)."""
    if may_manage_drive(actor, drive):
        return True
    if case.person_id is not None:
        return False
    if drive.case_id is None or drive.case_id == case.id:
        return True
    serving = await session.get(HardshipCase, drive.case_id)
    return serving is None or serving.person_id is None


def may_pay_from_drive(actor: Actor | None, drive: ServingDriveLike, case_id: int | None) -> bool:
    """Pay support to case `case_id` (None: a case a gift round makes for a household of the review) from
    `drive`, asked once the officer keeps the case (`may_keep_case`): a drive raising money for no case, or
    for this one, by any such officer; a drive raising money for another case only by who may change the drive
    (`may_manage_drive`), as only they may move it off that case (0415). What colleagues gave for one
    colleague's hardship is not spent on another by an officer who neither runs the drive nor reads her case
    (docs/decisions/0451)."""
    return drive.case_id is None or drive.case_id == case_id or may_manage_drive(actor, drive)


async def may_let_drive_serve(
    session: AsyncSession, actor: Actor | None, drive: ServingDriveLike, case: HardshipCase
) -> bool:
    """Let `drive` raise money for `case`: who keeps the case (`may_keep_case`), the drive one they may point
    at it (`may_point_drive_at`)."""
    return await may_point_drive_at(session, actor, drive, case) and await may_keep_case(session, actor, case)


def cases_named_to(actor: Acting, org_id: int) -> ColumnElement[bool]:
    """Which of organisation `org_id`'s cases `actor` reads by name, as a condition on the case table: none
    unless they `may_see_cases` of it; of those, the ones `cases_readable_by` reads. The rule stated once:
    a case's page asks it of that case (`may_read_case`), the case lists of the organisation's, and a list
    of their payments (the Fund's internal book) names only those, the others by their number. A whole
    organisation's book goes to its treasurers and admins too, who read no case, or no hamlet's standing, for
    holding an officer's or leader's role in one unit besides: their book must not name a household a Tết
    round from the review gave to (docs/decisions/0289)."""
    if not may_see_cases(actor, org_id):
        return false()
    return and_(HardshipCase.org_id == org_id, cases_readable_by(actor))


def may_remit_any(actor: Actor | None, org_id: int) -> bool:
    """Hand over any of the organisation's money to the level above at all, of one unit's drive or more
    (`may_remit`'s first test): its officers. A treasurer who types the handover is told whose it is
    (docs/decisions/1555). Its own name, though it is `may_keep_cases`'s rule today: another privileged action
    with its own row in the access table, which a treasurer recording the handover herself would part from
    cases (1555's Left)."""
    return may_keep_cases(actor, org_id)


def may_remit(actor: Actor | None, org_id: int, unit_ids: Sequence[int] | None) -> bool:
    """Record (or cancel) money a drive or the Fund handed over to the Fund of the level above (nộp về cấp
    trên, docs/decisions/0108): an officer of the organisation covering every unit whose money it is — a
    drive's units (`unit_ids`); None: the whole organisation's, a drive of every unit or the Fund outside the
    drives, which only an officer of the whole organisation hands over (docs/decisions/0112). An officer of
    one unit does not hand over what another unit, or the whole organisation, raised. The same rule for a
    drive's goods handed over to the level above (biên bản bàn giao, docs/decisions/0713): they are the
    drive's as its money is."""
    if not may_remit_any(actor, org_id):
        return False
    mine = _units_for(actor, CASE_KEEPERS)
    return mine is None or bool(unit_ids and set(unit_ids) <= mine)


def may_link_case_to(actor: Actor | None, person: KindedPersonLike) -> bool:
    """Name a person of the list as the one a hardship case is about (a colleague, a listed household): an
    officer who keeps the cases of that person's organisation; never someone of another organisation
    (docs/decisions/0096); a household only where they may set its standing, as they read its case
    afterwards (`cases_readable_by`, docs/decisions/0279) and keep it (0415); a colleague only of a unit
    they keep cases of, as only its officers read her case afterwards (docs/decisions/0404)."""
    if person.kind == "household" and not may_set_poverty_standing(actor, person):  # kept afterwards (0415)
        return False
    units = case_units(actor, CASE_KEEPERS)
    if units is not None and person.kind != "household" and person.unit_id not in units:
        return False
    return may_keep_cases(actor, person.org_id)


def linkable_for_case(actor: Actor, subject: str) -> ColumnElement[bool]:
    """`may_link_case_to` as a condition on the person table, for the name search of the case flow: the people
    of the actor's organisation of the kind a case of `subject` names (colleagues for "member", households
    for "household"); nobody for whoever may not keep cases."""
    if not may_keep_cases(actor, actor.org_id) or subject not in CASE_PERSON_KINDS:
        return false()
    if CASE_PERSON_KINDS[subject] == "household":  # those whose case they read (0279) and keep (0415)
        return poverty_households_of(actor, keeping=True)
    mine = [Person.org_id == actor.org_id, Person.kind == CASE_PERSON_KINDS[subject]]
    if (units := case_units(actor, CASE_KEEPERS)) is not None:  # colleagues of their units only (0404)
        mine.append(Person.unit_id.in_(sorted(units)))
    return and_(*mine)


def may_invite(actor: Actor | None, invite: InviteLike) -> bool:
    """Create an invite granting `invite.role` in `invite.unit_id`.

    Officers and admins covering the unit invite members and leaders. The roles that keep money or invite
    others (treasurer, officer) only an admin covering the unit grants: an officer could otherwise make a
    second account of their own a treasurer (docs/decisions/0011). An admin invite would make whoever types
    it an organisation-wide admin: nobody makes one in the chat, where "Roles" grants the role to a person by
    name; only the operator at the shell does, for one person and a few days (docs/decisions/0078). One
    granting its role for the whole organisation (`invite.org_wide`), `may_invite_org_wide` decides (1814)."""
    if invite.role == "admin":
        return False
    if invite.org_wide:
        return may_invite_org_wide(actor, invite.org_id, invite.role)
    if invite.role in OFFICER_INVITES:
        return _covers(actor, INVITER_ROLES, invite.org_id, invite.unit_id)
    if invite.role in ("treasurer", "officer"):
        return _covers(actor, _ADMIN, invite.org_id, invite.unit_id)
    return False


def may_invite_org_wide(acting: Acting, org_id: int, role: str) -> bool:
    """Create an invite granting `role` for the whole organisation of `org_id`, not its unit (`invite create
    --org-wide`, decision 1814): a treasurer's or officer's code (ORG_WIDE_INVITES), as a school's or a
    hospital's union keeps every unit's money and mobilises every unit; a member's and a leader's role is
    their unit's, and an admin's code is the shell's alone and of the whole organisation already. Made by
    the operator at the shell or an admin of the whole organisation: an admin of one unit grants no role
    beyond it."""
    return role in ORG_WIDE_INVITES and _of_the_whole_organisation(acting, org_id)


def is_demo(org: OrgLike) -> bool:
    """`org` is the demo's school as `chungtay demo` seeds it (bot.demo): its code and its name, both as the
    demo has written them since its first day. The code alone is not the demo: the shell's `org create`
    takes DEMO for a real organisation, whose operator would never give it the demo's name (decision 1888)."""
    return org.code == DEMO_ORG and org.name == DEMO_NAME


def org_wide_invite_fits(org: OrgLike, uses: int, expires_days: int | None) -> bool:
    """An organisation-wide treasurer's or officer's code of `org` may be made for `uses` people and
    `expires_days` days (None: no end): one person (ORG_WIDE_INVITE_USES) and at most ORG_WIDE_INVITE_DAYS
    days, as an admin's code (decision 0078), since whoever joins with it reads every colleague's gift
    (decision 1857). The demo's school alone (`is_demo`) keeps one for as many testers as it likes: its
    people are invented and its banner gives every tester its treasurer code."""
    if is_demo(org):
        return True
    return uses <= ORG_WIDE_INVITE_USES and expires_days is not None and expires_days <= ORG_WIDE_INVITE_DAYS


def may_open_invites(actor: Actor | None) -> bool:
    """The "Make an invite code" menu entry and `/mamoi`: an officer or admin role anywhere in the own
    organisation (which invite for which unit, `may_invite` decides)."""
    return _units_for(actor, INVITER_ROLES) != frozenset()


def may_manage_invite(acting: Acting, invite: InviteLike) -> bool:
    """See an invite code in the list of open codes and withdraw it: whoever may make such a code for its unit
    (`may_invite`: an officer or admin covering the unit for a member's or leader's code, an admin for a
    treasurer's or officer's), and an organisation-wide admin for an admin code; the operator at the shell,
    every code of their organisation. Seeing a code is being able to use it, so nobody sees a code for a role
    they may not hand out. A leader makes no codes and sees none: a code that leaked is told to the officer,
    who withdraws it (docs/decisions/0131)."""
    if isinstance(acting, Operator):
        return acting.org_id == invite.org_id
    if invite.role == "admin":
        return _org_wide(acting, "admin", invite.org_id)
    return may_invite(acting, invite)


def may_grant_role(actor: Actor | None, role: str, org_id: int, unit_id: int | None) -> bool:
    """Grant `role` in the unit `unit_id` of organisation `org_id` (None: the whole organisation), or take it
    away: an admin covering that unit. A role for the whole organisation, and the admin role anywhere, only
    an organisation-wide admin grants or takes away (an admin of one unit could otherwise make others, or
    themself, more than they are). Officers hand out member and leader roles by invite, never take one away
    (docs/decisions/0011, 0040)."""
    if role == "admin" or unit_id is None:
        return _org_wide(actor, "admin", org_id)
    return _covers(actor, _ADMIN, org_id, unit_id)


# The roles other than a leader's that a colleague may be given to stand in while their holder is on leave,
# ended by the bot when that holder is back (decision 1430): a treasurer's sight of each colleague's amounts,
# an officer's of the unit's people, are not to outlast the leave by the office's forgetting.
COVERED_ROLES = frozenset({"treasurer", "officer"})


def may_stand_in_for(role: str, unit_id: int | None, person_id: int, head: Actor | None, org_id: int) -> bool:
    """Whether `role` in the unit `unit_id` (None: the whole organisation) of organisation `org_id`, given to
    `person_id`, may be said to stand in for `head` (her grants), so that it ends when her leave ends: a
    treasurer's or an officer's role, for someone else of that organisation who holds that very role there,
    or for the whole organisation (an organisation-wide treasurer on leave, covered in one unit); a leader's
    is another leader of that very place (decision 1348, asked of `roles.leaders_of`). Who may give the role
    at all is `may_grant_role`'s (decision 1430)."""
    if head is None or head.person_id == person_id or head.org_id != org_id or role not in COVERED_ROLES:
        return False
    return (role, unit_id) in head.grants or (role, None) in head.grants


# The roles an admin grants and takes away by name in the chat ("Phân quyền", docs/decisions/0078); membership
# comes with joining (the staff list, an invite) and is not handed out there.
NAMED_ROLES = ("treasurer", "officer", "leader", "admin")


def may_mark_left(acting: Acting, person: KindedPersonLike) -> bool:
    """Record that `person` left the organisation (retired, moved away, died), or take that back when it was
    a mistake: the operator at the shell within their organisation, or an admin covering the person's unit
    (who keeps the staff list), never about themself; never a donor from outside, who was never at work here
    (docs/decisions/0118)."""
    if person.kind == "donor":
        return False
    if isinstance(acting, Operator):
        return acting.org_id == person.org_id
    if acting is None or acting.person_id == person.id:
        return False
    return _covers(acting, _ADMIN, person.org_id, person.unit_id)


class AwayLike(KindedPersonLike, LeftLike, Protocol):
    pass


def may_mark_away(acting: Acting, person: AwayLike, *, back: bool = False) -> bool:
    """Record that `person`, a member of staff at work, is away for a long time (maternity or sick leave,
    seconded) until a day, or that she is back: the operator at the shell within the organisation, or an
    officer or an admin covering the person's unit (the officer knows who is on leave; the admin keeps the
    staff list); never a household or a donor, nor one who left (the search, `away_among`, finds none of
    them; docs/decisions/0740). About oneself only `back`: she knows first that she is at work again, and
    saying so only lets appeals and reminders reach her; her leave stays another's to record (0775)."""
    if person.kind != "staff" or person.left_on is not None:
        return False
    if isinstance(acting, Operator):
        return acting.org_id == person.org_id
    if acting is None:
        return False
    if acting.person_id == person.id:
        return back and acting.org_id == person.org_id
    return _covers(acting, AWAY_KEEPERS, person.org_id, person.unit_id)


def may_open_away(actor: Actor | None) -> bool:
    """Recording colleagues away on long leave in the chat: an officer or an admin somewhere (whom,
    `may_mark_away` decides, person by person; decision 0740)."""
    return actor is not None and any(role in AWAY_KEEPERS for role, _unit in actor.grants)


def away_among(actor: Actor) -> ColumnElement[bool]:
    """Whom `actor` may find by name to record as away on long leave, or back (`may_mark_away` as a condition
    on the person table): the staff at work of the units they are an officer or an admin of (of the whole
    organisation for an organisation-wide one); never the actor themself."""
    if not may_open_away(actor):
        return false()
    units = _units_for(actor, AWAY_KEEPERS)
    where = [
        Person.org_id == actor.org_id,
        Person.kind == "staff",
        Person.left_on.is_(None),
        Person.id != actor.person_id,
    ]
    if units is not None:
        where.append(Person.unit_id.in_(units))
    return and_(*where)


def may_claim_on_joining(person: LeftLike) -> bool:
    """A listed record is claimed by joining (an invite, its name and the phone's last 4 digits) only while
    its person is at work. One recorded as left (docs/decisions/0118) gets membership back only when an admin
    takes the leaving back, and any other role only by name: never from an invite (docs/decisions/0129)."""
    return person.left_on is None


# Given names alone a joining chat has looked up in the invite's unit's list within a day (decision 1693).
GIVEN_NAMES_A_DAY = 3


def may_look_up_a_given_name(tried_today: int, *, invite_found: int = 0, yet_to_join: int = 0) -> bool:
    """Whether a given name alone typed at joining (“Mai”) is looked up in the invite's unit's list (decision
    1670), where the chat looked up `tried_today` in the last day: up to GIVEN_NAMES_A_DAY, however the chat
    began again. An invite is shared, and a given name's answers (one record, several, none) read the list of
    who has not joined out to whoever tries the few hundred given names there are (docs/decisions/0129);
    beyond them one is asked in full, as a name that names nobody, and a full name goes on as it always did
    (docs/decisions/1693). The unit's invites of the kind, whatever chats hold them, find a record by a
    given name (`invite_found`) at most as many times as it has `yet_to_join` (GIVEN_NAMES_A_DAY at least):
    each of them types hers once, and a stranger with a new messenger account for every three names, or a
    second code of the unit, reads no more out of it (docs/decisions/1743, 1761). The unit's are counted over
    the days an invite lasts, against the list as it was when they began, and only those that found a
    record: the list is read once, not each morning, and words that find nobody leave it to those joining
    (decision 1823)."""
    return tried_today < GIVEN_NAMES_A_DAY and invite_found < max(GIVEN_NAMES_A_DAY, yet_to_join)


def may_open_roles(actor: Actor | None) -> bool:
    """The "Roles" entry (Phân quyền, /phanquyen): an admin role somewhere in the actor's organisation (which
    role where, `may_grant_role` decides, grant by grant)."""
    return actor is not None and any(role in _ADMIN for role, _unit in actor.grants)


def may_set_account(actor: Actor | None, org_id: int) -> bool:
    """Set, change or clear where gifts of money are transferred: the organisation's receiving account, and a
    drive's own account. Only an organisation-wide admin: the account decides whose pocket the money reaches,
    and an officer (or a unit's admin) redirecting a drive to an account of their own is the classic abuse
    (docs/decisions/0084)."""
    return _org_wide(actor, "admin", org_id)


def may_set_report_day(acting: Acting, org_id: int) -> bool:
    """Set the day the units report their year's results to the office (decision 1850): the office's own
    deadline for every unit leader, as the year's settings file sets it, so an organisation-wide admin, or the
    shell of the organisation (`chungtay org settings report-day`); never a unit's admin, whose day it is not
    to set for the other units."""
    return _of_the_whole_organisation(acting, org_id)


def roles_units(actor: Actor | None) -> frozenset[int] | None:
    """The units whose role holders `actor` sees in "Roles", and may grant roles in: None for the whole
    organisation (an organisation-wide admin), else the units their admin roles name (empty: none)."""
    return _units_for(actor, _ADMIN)


def role_holders_among(actor: Actor, *, left: bool = False) -> ColumnElement[bool]:
    """Whom `actor` may find by name to grant a role to, or take one from, as a condition on the person table:
    the staff of their organisation at work, if they may open "Roles" at all (a household holds no role but
    membership: docs/decisions/0039). Which role where, `may_grant_role` decides. With `left`: those of them
    who left instead, so that a name found only among them is answered with when they left; only of the units
    the actor administers (`leavers_among`): the day someone left is for those who keep their unit's list, not
    for an admin of another unit (docs/decisions/0261)."""
    if not may_open_roles(actor):
        return false()
    if not left:
        return and_(Person.org_id == actor.org_id, Person.kind == "staff", Person.left_on.is_(None))
    return and_(leavers_among(actor), Person.kind == "staff", Person.left_on.is_not(None))


def leavers_among(actor: Actor) -> ColumnElement[bool]:
    """Whom `actor` may find by name to record as gone, or take that back (`may_mark_left` as a condition on
    the person table): the staff and households of the units they administer (of the whole organisation for an
    organisation-wide admin), those already gone among them; never a donor, never the actor themself."""
    if not may_open_roles(actor):
        return false()
    units = roles_units(actor)
    where = [Person.org_id == actor.org_id, Person.kind != "donor", Person.id != actor.person_id]
    if units is not None:
        where.append(Person.unit_id.in_(units))
    return and_(*where)


def households_of(actor: Actor) -> ColumnElement[bool]:
    """The households of the actor's organisation: left out of `role_holders_among` on purpose, so a name
    typed that only a household has is answered with why."""
    return and_(Person.org_id == actor.org_id, Person.kind == "household")


def may_see_unit_totals(actor: Actor | None, unit: UnitLike) -> bool:
    """Participation and money of a whole unit: its leader, an officer or an admin covering it."""
    return _covers(actor, UNIT_TOTALS_ROLES, unit.org_id, unit.id)


def may_see_amounts_of(actor: Actor | None, person: PersonLike) -> bool:
    """What one person gave, entry by entry: the person themself, or a treasurer, officer or admin covering
    their unit."""
    if actor is not None and actor.person_id == person.id and actor.org_id == person.org_id:
        return True
    return _covers(actor, LEDGER_ROLES, person.org_id, person.unit_id)


# A unit's money is one or two people's gifts while fewer than three of its people gave money or goods: as the
# public statement names a unit only from three unnamed givers on (docs/decisions/0177), the same three.
FEWEST_GIVERS = 3


def may_count_appeals_off(audience: int) -> bool:
    """Whether an officer is told how many of an appeal's audience turned appeals off (“Không nhận lời kêu
    gọi”, a person's own choice, counted never named: decision 1353): where the appeal went to, or missed for
    want of an account, at least FEWEST_GIVERS others (`audience`), as a unit's money is said only from three
    givers (0304). In a unit of two or three the count would point at one colleague, so it is said nowhere of
    that appeal: not at its last look, in its status nor at its reminder (decision 1452)."""
    return audience >= FEWEST_GIVERS


def fewest_givers(kinds: Mapping[str, int]) -> int:
    """A unit's givers of money or goods, from its givers counted kind by kind: each may be the other, so
    three or more only where one kind alone has them, else the fewer, their sum (decision 0304)."""
    upper = sum(kinds.values())
    return upper if upper < FEWEST_GIVERS else max(kinds.values(), default=0)


def givers_once(kinds: Mapping[str, int], people: Iterable[int]) -> int:
    """A unit's givers of money or goods (`kinds`, counted kind by kind), each once whatever she gave: where
    no kind alone had three or more, `people` are who gave them (`few_people`: exact where one or two gave a
    kind), so that An, alone in her unit with money and goods, is one giver of a pool, not two (decision
    2232); none listed, `fewest_givers`, which it never counts more than. One count for the digest, the
    year's and the period's reports and a drive's view by unit, which pool their units by it (decision
    2325)."""
    listed = frozenset(people)
    if max(kinds.values(), default=0) >= FEWEST_GIVERS or not listed:
        return fewest_givers(kinds)
    return min(fewest_givers(kinds), len(listed))


def few_people(givers: int | None, least: int | None, greatest: int | None) -> frozenset[int]:
    """Who gave, from a count of them and the least and greatest of their ids: where one or two gave, they
    are who; where three or more, those two of them, enough to tell they are three or more beside the
    count (`digests._people_once`)."""
    return frozenset(one for one in (least, greatest) if one is not None) if givers else frozenset()


def may_see_unit_money(actor: Actor | None, unit: UnitLike, givers: int) -> bool:
    """What a unit gave in đồng (its money and goods, confirmed and waiting, to a drive, against its
    commitment), for whoever reads its totals (`may_see_unit_totals`, `may_read_digest`): where at least
    FEWEST_GIVERS of its people gave money or goods, or none did; where one or two did, that figure is their
    gift (a leader who gave takes their own away), so only those who may see their amounts anyway, a
    treasurer, officer or admin covering the unit (`may_see_amounts_of`), read it (docs/decisions/0304)."""
    if givers == 0 or givers >= FEWEST_GIVERS:
        return True
    return _covers(actor, LEDGER_ROLES, unit.org_id, unit.id)


def may_hear_unit_total(actor: Actor | None, unit: UnitLike, givers_by_kind: Mapping[str, int]) -> bool:
    """A unit's confirmed money and goods in đồng and how many of its people gave them, asked by one of its
    own (“thôn mình được bao nhiêu rồi”): a member or household reads them only where at least FEWEST_GIVERS
    gave, counted kind by kind (`fewest_givers`), since where one or two did the figure is their gift (a
    household that gave takes its own away: decision 0304); never who gave or how much each. Whoever reads
    its totals (`may_see_unit_totals`) and may see its money (`may_see_unit_money`) reads them too
    (docs/decisions/1402)."""
    if actor is None or actor.org_id != unit.org_id:
        return False
    givers = fewest_givers(givers_by_kind)
    if may_see_unit_totals(actor, unit) and may_see_unit_money(actor, unit, givers):
        return True
    return actor.unit_id == unit.id and givers >= FEWEST_GIVERS


def may_see_kinds_apart(actor: Actor | None, unit: UnitLike, givers_by_kind: Mapping[str, int]) -> bool:
    """A unit's money and goods, where its figure in đồng is read (`may_see_unit_money`), said apart: only
    where neither kind had one or two givers in what the figure covers; else the two are one figure (“tiền
    và hiện vật 1.150.000 ₫”), since the kind one or two gave is their gift (three gave money, An alone
    gave rice: “hiện vật 300.000 ₫” is An's). A treasurer, officer or admin covering the unit reads them
    apart, as the ledger shows them anyway; a paper that goes upward asks for no one (`actor` None).
    Labour days are never said together (docs/decisions/0378)."""
    if not any(0 < givers_by_kind.get(kind, 0) < FEWEST_GIVERS for kind in ("money", "goods")):
        return True
    return _covers(actor, LEDGER_ROLES, unit.org_id, unit.id)


def may_see_week_money(
    actor: Actor | None, org_id: int, unit_id: int | None, givers_by_kind: Mapping[str, int]
) -> tuple[bool, bool]:
    """A week's money and goods in đồng, of a unit (`unit_id`) or of the whole organisation (None), as the
    digest and `/baocao` say them (“Tuần này: tiền 600.000 ₫”, the week before's beside it): whether the
    figure may be said, and said kind by kind. Where one or two gave money or goods in the week, its figure
    is their gift, though the year's is many people's; the kind one or two gave, the same. Only a treasurer,
    officer or admin covering the unit (the whole organisation, for its figure) reads them, as the ledger
    shows them each gift anyway; a leader reads how many gave (docs/decisions/0560)."""
    if _covers(actor, LEDGER_ROLES, org_id, unit_id):
        return True, True
    givers = fewest_givers(givers_by_kind)
    apart = not any(0 < givers_by_kind.get(kind, 0) < FEWEST_GIVERS for kind in ("money", "goods"))
    return givers == 0 or givers >= FEWEST_GIVERS, apart


def may_see_running_money(actor: Actor | None, org_id: int, unit_id: int | None) -> bool:
    """The year's running total in đồng of a unit (`unit_id`) or of the whole organisation (None), and what of
    it waits, as of the moment asked, not as of its last release (`digests.Lag`). Read twice, a week apart,
    the running total's difference is the week's gifts, one person's where one gave; so only a treasurer,
    officer or admin covering it, whose ledger shows each gift anyway, reads it whole; a leader reads it as
    of the last week after which three or more had given (docs/decisions/0599)."""
    return _covers(actor, LEDGER_ROLES, org_id, unit_id)


class Givers(Protocol):
    """Who gave a unit's money and goods: how many (`givers_once`) and, where one or two did, who."""

    @property
    def money_givers(self) -> int: ...

    @property
    def money_people(self) -> frozenset[int]: ...


class GaveMoney(Givers, Protocol):
    """A unit's line whose money may be said with others' (`pooled`)."""

    @property
    def unit_id(self) -> int: ...


def givers_together(units: Iterable[Givers]) -> int:
    """How many gave the money and goods of `units` together, each once whichever of them she gave in: one
    who moved during the year and gave in two units is one giver of their pool, not one in each (decision
    2326). At least FEWEST_GIVERS where one of them alone had that many; else who gave each unit's
    (`money_people`, exact where they are as many as its `money_givers`), a unit not so listed counted as
    its `money_givers`. Never more than their counts added up."""
    units = list(units)
    if any(unit.money_givers >= FEWEST_GIVERS for unit in units):
        return sum(unit.money_givers for unit in units)
    listed: set[int] = set()
    unlisted = 0
    for unit in units:
        if len(unit.money_people) == unit.money_givers:
            listed |= unit.money_people
        else:
            unlisted += unit.money_givers
    return len(listed) + unlisted


@dataclass(frozen=True)
class KindGivers:
    """A unit's givers of one kind, as `givers_together` reads them: how many, and who where one or two."""

    money_givers: int
    money_people: frozenset[int] = frozenset()


def kinds_of_pool(units: Iterable[tuple[Mapping[str, int], Mapping[str, frozenset[int]]]]) -> dict[str, int]:
    """A pool's givers kind by kind, from its units' (their counts, and who gave a kind where one or two
    did): each once a kind, as `givers_together` counts them, so one who gave goods in two of its units is
    one giver of its goods, not two, and its goods of two people are not said apart (decision 2537)."""
    of_kind: dict[str, list[KindGivers]] = {}
    for counts, people in units:
        for kind, n in counts.items():
            of_kind.setdefault(kind, []).append(KindGivers(n, people.get(kind, frozenset())))
    return {kind: givers_together(lines) for kind, lines in of_kind.items()}


def pooled(units: Iterable[GaveMoney], held: Iterable[int]) -> frozenset[int]:
    """The units whose money is said together, never unit by unit: those `held` (`may_see_unit_money`) and,
    while they hold fewer than FEWEST_GIVERS givers together, the next units with the fewest givers, so that
    neither their line nor the organisation's figure less every unit named is one person's gift (decision
    0304), each giver counted once (`givers_together`). Every unit with givers, and still fewer: the
    organisation's figure is theirs, as public as its statement's. The roll-up and the year's and period's
    reports pool alike (decision 0310)."""
    together = set(held)
    if not together:
        return frozenset()
    units = list(units)
    pool = [unit for unit in units if unit.unit_id in together]
    others = sorted(
        (unit for unit in units if unit.unit_id not in together and unit.money_givers),
        key=lambda unit: (unit.money_givers, unit.unit_id),
    )
    for unit in others:
        if givers_together(pool) >= FEWEST_GIVERS:
            break
        together.add(unit.unit_id)
        pool.append(unit)
    return frozenset(together)


def may_register_own_commitment(actor: Actor | None) -> bool:
    """Register one's own commitment (or a household's, its own): anyone of the organisation at work; not
    someone recorded as having left, who is counted nowhere from then (docs/decisions/0118)."""
    return actor is not None and not actor.gone


def may_register_unit_commitment(actor: Actor | None, unit: UnitLike) -> bool:
    """Register or amend a unit's collective commitment: the unit's leader, or an admin covering it."""
    return _covers(actor, UNIT_COMMITMENT_ROLES, unit.org_id, unit.id)


def may_speak_for_org(actor: Actor | None, org_id: int) -> bool:
    """Register or amend the organisation's own collective commitment (a hospital's, a commune's, as it
    registers with its superior), and record or withdraw its results: an organisation-wide leader, or an
    organisation-wide admin, as `may_register_unit_commitment` for a unit (docs/decisions/0059)."""
    return any(_org_wide(actor, role, org_id) for role in UNIT_COMMITMENT_ROLES)


def _spoken_for(subject: Subject) -> bool:
    """Whether an officer may record for `subject` at all, by its accounts: never one taken off (an officer
    does not speak for them), nor, but for a household, one that blocked or stopped the bot; a household that
    did still hands its officer its cash and works its days, recorded with nothing sent to it. One rule for
    its gifts and registrations (`may_act_for`) and its labour days (`may_record_labour_for`);
    `_spoken_for_rows` says it of the person table (docs/decisions/0700, 0715)."""
    return "removed" not in subject.accounts and (
        subject.kind == "household" or "blocked" not in subject.accounts
    )


def _spoken_for_rows() -> list[ColumnElement[bool]]:
    """`_spoken_for` as conditions on the person table."""
    account = _account()
    return [
        ~account.where(ChannelIdentity.status == "removed").exists(),
        or_(Person.kind == "household", ~account.where(ChannelIdentity.status == "blocked").exists()),
    ]


def may_act_for(actor: Actor | None, subject: Subject) -> bool:
    """Record a contribution and register or amend a commitment *for* `subject` (recorded by the actor): an
    officer covering the subject's unit (an officer of that unit, or an organisation-wide one), for a
    household of their organisation, or for a person of it with no messenger account at all (someone on the
    staff list without a phone). Never for someone whose account was taken off (an officer does not speak
    for them), nor, but for a household, whose account is blocked; never for themself, never across
    organisations (docs/decisions/0043). A household that blocked or stopped the bot (/stop) still hands
    its officer its cash at the door: he records it, and nothing is sent to it (docs/decisions/0700)."""
    if actor is None or actor.person_id == subject.id or subject.kind == "donor":
        return False  # a donor from outside is no member: their gifts are recorded as a donor's (0083)
    if subject.left:  # someone who left gives as themself, if they like: nobody records for them (0118)
        return False
    if not _spoken_for(subject):
        return False
    if subject.kind != "household" and subject.accounts:
        return False
    return _covers(actor, ACT_FOR_ROLES, subject.org_id, subject.unit_id)


# Who records a day of volunteer labour for the members who worked it, and vouches for it: the officer who
# organised it, for the people of the units she runs appeals for (docs/decisions/0406).
LABOUR_RECORDERS = frozenset({"officer"})


def may_record_labour_for(actor: Actor | None, subject: Subject) -> bool:
    """Record labour days — only labour, never money or goods — for `subject`, who worked a day the actor
    organised (twenty members repairing a poor household's house): an officer covering the subject's unit
    (the units whose audience she may appeal to), for a member of staff or a household of her organisation,
    whether or not they use the bot (they are told, and may ask her to withdraw it). Never for herself (her
    own day she records as anyone, and another confirms it), nor for someone who left or was taken off, nor,
    but for a household, who blocked the bot, nor a donor from outside, nor across organisations: whom she
    may record for is `may_act_for`'s rule (`_spoken_for`, docs/decisions/0715). What she records so counts
    as confirmed by her: she saw who worked, and no money came for a treasurer to receive (0406)."""
    if actor is None or actor.person_id == subject.id or subject.kind not in ("staff", "household"):
        return False
    if subject.left or not _spoken_for(subject):
        return False
    return _covers(actor, LABOUR_RECORDERS, subject.org_id, subject.unit_id)


def may_open_labour_days(actor: Actor | None) -> bool:
    """The “Labour days of a group” entry (/ngaycong): an officer role anywhere in the own organisation (for
    whom, `may_record_labour_for`, person by person)."""
    return _units_for(actor, LABOUR_RECORDERS) != frozenset()


def labour_recordable_by(actor: Actor, *, left: bool = False) -> ColumnElement[bool]:
    """`may_record_labour_for` as a condition on the person table: the members offered, and found by name
    (tests/test_access.py holds the two to the same answers). `left`: those she would record for but who
    left, for a name of a paper list to be said to have left, not to be nobody's (decision 0621)."""
    units = _units_for(actor, LABOUR_RECORDERS)
    if units == frozenset():
        return false()
    mine = _labour_recordable(actor, left=left)
    if units is not None:
        mine.append(Person.unit_id.in_(sorted(units)))
    return and_(*mine)


def _labour_recordable(actor: Actor, *, left: bool = False) -> list[ColumnElement[bool]]:
    """`may_record_labour_for` but for the unit: of her organisation, not herself, staff or a household, not
    left (`left`: only who left), not taken off, nor blocked but for a household (`_spoken_for_rows`)."""
    return [
        Person.org_id == actor.org_id,
        Person.id != actor.person_id,
        Person.kind.in_(("staff", "household")),
        Person.left_on.is_not(None) if left else Person.left_on.is_(None),
        *_spoken_for_rows(),
    ]


def labour_beyond(actor: Actor) -> ColumnElement[bool]:
    """The members of the actor's organisation that `labour_recordable_by` leaves out because their unit is
    not one she covers (a colleague of another unit who joined the day she organised): an officer who types
    such a name is told why, and what works, not that nobody has it (docs/decisions/0550). Only for that
    reason: someone of another unit who blocked the bot or was taken off is no one her unit's officer may
    record for either, and is not said to be on the list (docs/decisions/0558)."""
    units = _units_for(actor, LABOUR_RECORDERS)
    if not units:  # the whole organisation (None), or no unit at all
        return false()
    return and_(*_labour_recordable(actor), Person.unit_id.not_in(sorted(units)))


def vouched_labour(contribution: Any) -> bool:
    """Labour days an officer recorded for someone and that count as confirmed by her at once
    (`may_record_labour_for`): confirmed by their recorder, who is not their giver. Not a correction's entry
    (a reversal, or the right figure), though it too is confirmed by whoever made it (docs/decisions/0424)."""
    return (
        contribution.kind == "labour"
        and contribution.status == "confirmed"
        and contribution.reverses_id is None
        and contribution.replaces_id is None
        and contribution.recorded_by not in (None, contribution.person_id)
        and contribution.decided_by == contribution.recorded_by
    )


PAYROLL_RECORDERS = frozenset({"treasurer"})


def may_record_payrolls(actor: Actor | None) -> bool:
    """Record the payroll's deductions (`chungtay contributions payroll`): a treasurer role anywhere in the
    own organisation (for whom, `may_record_payroll`)."""
    return _units_for(actor, PAYROLL_RECORDERS) != frozenset()


def may_record_payroll(actor: Actor | None, subject: Subject) -> bool:
    """Record a gift deducted from `subject`'s salary, from the accountant's sheet: a treasurer covering the
    subject's unit, for a member of staff of their organisation who has not left — whether or not they use
    the bot (unlike `may_act_for`: it is the payroll's money, which the accountant handles, not the colleague,
    and they are told), and the treasurer's own deduction too. Another treasurer confirms it
    (`decide_refusal`); never a household's or a donor's (docs/decisions/0346)."""
    if actor is None or subject.kind != "staff" or subject.left:
        return False
    return _covers(actor, PAYROLL_RECORDERS, subject.org_id, subject.unit_id)


def may_record_payroll_to(actor: Actor | None, drive: DriveLike) -> bool:
    """Send a payroll's deductions to `drive` rather than to the Fund outside the drives (a school's own
    drive, a Tết gift for a colleague): a treasurer of the drive's organisation covering it whole or one of
    its units — whose colleagues of those units the sheet may then hold (`may_record_payroll`, each row).
    Whether the drive takes money today is the drive's (bot.domain.drives.refusal_to_give)."""
    if actor is None or drive.org_id != actor.org_id:
        return False
    units = _units_for(actor, PAYROLL_RECORDERS)
    if units is None or drive.unit_ids is None:
        return units != frozenset()
    return not units.isdisjoint(drive.unit_ids)


def donor_units(actor: Actor | None) -> frozenset[int] | None:
    """The units in which `actor` records gifts from donors outside the organisation: None for every unit (a
    treasurer or officer of the whole organisation), else the units their treasurer and officer roles name
    (empty: none)."""
    return _units_for(actor, DONOR_RECORDERS)


def may_open_donor_gifts(actor: Actor | None) -> bool:
    """The "Gift from a donor outside the organisation" entry (/nhahaotam): a treasurer or officer role
    anywhere in the own organisation (in which unit they may then record it, `may_record_donor_gift`)."""
    return donor_units(actor) != frozenset()


def may_record_donor_gift(actor: Actor | None, unit: UnitLike) -> bool:
    """Record a gift from a donor outside the organisation (a company, a former pupil, a benefactor: a person
    of kind "donor", no member, with no account) as collected in `unit`: a treasurer or officer covering the
    unit. Who recorded it never confirms it (`decide_refusal`): another treasurer does (decision 0083)."""
    return _covers(actor, DONOR_RECORDERS, unit.org_id, unit.id)


def may_give_link_code_for(actor: Actor | None, subject: Subject) -> bool:
    """Give a one-time link code for `subject`, so that a phone of theirs joins their record: an officer who
    may act for them (`may_act_for`), and only while no messenger account holds the record at all (a
    household, or someone on the staff list, who never joined: their phone cannot prove the list's number).
    Never for a record someone already uses: an officer does not add phones to it (docs/decisions/0055)."""
    return may_act_for(actor, subject) and not subject.accounts


def may_open_acting_for(actor: Actor | None) -> bool:
    """The "Record for a household or someone else" entry: an officer role anywhere in the actor's
    organisation (whom they may then act for, `may_act_for` decides, person by person)."""
    return actor is not None and any(role in ACT_FOR_ROLES for role, _unit in actor.grants)


def may_list_recorded_for_others(actor: Actor | None, *, still_holding: bool = False) -> bool:
    """The list “Các khoản tôi đã ghi thay” (/daghithay) and its handover list (bảng kê nộp tiền): whoever
    holds a role under which one records for others (an officer, for a household; a treasurer or officer, for
    a donor from outside) anywhere in their organisation; and, without such a role any more, whoever still has
    entries they recorded for others waiting for a treasurer (`still_holding`, bot.domain.collected): an
    officer whose role was taken away may still hold that cash. What it lists is only their own recordings
    (`recorded_for_others_by`), never another's: the recorder took the cash, and its amounts are theirs to
    hand over (docs/decisions/0093)."""
    return actor is not None and (
        still_holding or any(role in RECORD_FOR_OTHERS_ROLES for role, _unit in actor.grants)
    )


def recorded_for_others_by(actor: Actor, *, still_holding: bool = False) -> ColumnElement[bool]:
    """The entries `actor` recorded for someone else in their own organisation: a household's, a donor's, a
    worker's without a phone. Never a correction's entry (its maker is a treasurer or officer correcting,
    not someone who took a gift), nor their own gifts; nothing when the rule above refuses them."""
    if not may_list_recorded_for_others(actor, still_holding=still_holding):
        return false()
    return recorded_for_others(actor.person_id, actor.org_id)


def recorded_for_others(person_id: int, org_id: int) -> ColumnElement[bool]:
    """The entries person `person_id` recorded for someone else in organisation `org_id`, asked of no rule:
    for `recorded_for_others_by`, and for the operator at the shell drawing up a collector's handover list."""
    return and_(recorded_for_others_in(org_id), Contribution.recorded_by == person_id)


def recorded_for_others_in(org_id: int) -> ColumnElement[bool]:
    """The entries anyone of organisation `org_id` recorded for someone else (never a correction's entry), as
    `recorded_for_others` has them for one collector: what the treasurer's queue groups by collector, each
    group what that collector's handover list holds (docs/decisions/0097). Who may decide them is
    `decidable_by`'s to say."""
    return and_(
        Contribution.org_id == org_id,
        Contribution.person_id != Contribution.recorded_by,
        Contribution.reverses_id.is_(None),
    )


def _units_for(actor: Actor | None, roles: frozenset[str]) -> frozenset[int] | None:
    """The units `actor`'s `roles` cover: None for the whole organisation (one held organisation-wide),
    else the units they name (empty: none)."""
    if actor is None:
        return frozenset()
    scopes = {unit for role, unit in actor.grants if role in roles}
    if None in scopes:
        return None
    return frozenset(unit for unit in scopes if unit is not None)


def acted_for_units(actor: Actor | None) -> frozenset[int] | None:
    """The units whose people `actor` may act for: None for the whole organisation (an organisation-wide
    officer), else the units their officer roles name (empty: none)."""
    return _units_for(actor, ACT_FOR_ROLES)


def acted_for_by(actor: Actor) -> ColumnElement[bool]:
    """`may_act_for` as a condition on the person table, to search by name among the people `actor` may act
    for without loading everyone (tests/test_access.py holds the two to the same answers)."""
    no_account = ~_account().exists()  # staff: only one with no account at all (0043)
    return _in_units_acted_for(actor, Person.kind != "donor", or_(Person.kind == "household", no_account))


def _account() -> Select[tuple[int]]:
    """A person's messenger accounts, as a subquery on the person table."""
    return select(ChannelIdentity.id).where(ChannelIdentity.person_id == Person.id)


def _in_units_acted_for(actor: Actor, *which: ColumnElement[bool]) -> ColumnElement[bool]:
    """The people of `actor`'s organisation, not `actor`, not gone, not spoken for elsewhere
    (`_spoken_for_rows`), in the units `actor` acts for (`acted_for_units`), who also meet `which`: whom
    `acted_for_by` offers and whom `recording_their_own` tells apart, read by one rule."""
    units = acted_for_units(actor)
    if units == frozenset():
        return false()
    rows = [
        Person.org_id == actor.org_id,
        Person.id != actor.person_id,
        Person.left_on.is_(None),
        *_spoken_for_rows(),
        *which,
    ]
    if units is not None:
        rows.append(Person.unit_id.in_(sorted(units)))
    return and_(*rows)


def households_beyond(actor: Actor) -> ColumnElement[bool]:
    """The households of the actor's organisation that `acted_for_by` leaves out because their unit is not one
    the actor covers: an officer who types such a name is told why it is not offered (a commune's Front
    officer listed in the Front's own unit), not that nobody has it."""
    units = acted_for_units(actor)
    if units is None:
        return false()
    beyond = [Person.org_id == actor.org_id, Person.kind == "household"]
    if units:
        beyond.append(Person.unit_id.not_in(sorted(units)))
    return and_(*beyond)


def recording_their_own(actor: Actor) -> ColumnElement[bool]:
    """The colleagues of the units `actor` records for whom `acted_for_by` leaves out because they use Chung
    Tay themselves (an account, not taken off nor blocked): each records his own gifts (docs/decisions/0043).
    A union officer who types one's name, as his group leader collecting the rice he handed her, is told so
    and how, not that nobody has it (decision 2425)."""
    return _in_units_acted_for(actor, Person.kind == "staff", _account().exists())


def may_manage_messengers_of(actor: Actor | None, person: PersonLike) -> bool:
    """Unlink a messenger account from a person, or choose which one reminders and notices go to: only the
    person themself, from one of their own accounts. No role does it for them: an officer who must take an
    account off removes it (`chungtay people remove-identity`), which the person sees. (Linking an account
    needs no role either: the one-time code, shown only to the person, is the proof; bot.domain.links.)"""
    return actor is not None and actor.person_id == person.id and actor.org_id == person.org_id


def may_read_own_data(actor: Actor | None, person: PersonLike) -> bool:
    """What Chung Tay keeps about a person, on one screen and as her file (/dulieu), and stopping the bot for
    her (/stop): only the person herself, from one of her own accounts. No role reads another's whole record
    this way, nor stops the bot for someone: an officer who must take an account off removes it (`chungtay
    people remove-identity`), which the person sees (docs/decisions/0675, 0676)."""
    return may_manage_messengers_of(actor, person)


DIGEST_ROLES = frozenset({"leader", "officer", "admin"})


def may_read_digest(actor: Actor | None, unit: UnitLike) -> bool:
    """A unit's weekly digest (participation, totals, no individual amounts): its leaders, and the
    organisation's leaders, officers and admins."""
    return _covers(actor, DIGEST_ROLES, unit.org_id, unit.id)


def may_read_rollup(actor: Actor | None, org_id: int) -> bool:
    """The organisation's roll-up across units: organisation-wide leaders, officers and admins only."""
    return actor is not None and any(_org_wide(actor, role, org_id) for role in DIGEST_ROLES)


def sent_weekly_message(actor: Actor | None) -> bool:
    """Whether `actor` is sent a weekly message she may turn off (/nhacnho, decision 2406): a leader's digest
    (of a unit, or the roll-up), the roll-up an officer of the whole organisation reads (2303), or a count of
    what waits for her to confirm, a treasurer's (2405) or an officer's (2610). As `digests.readers` and
    `treasurers_week.write_counts` choose them."""
    return actor is not None and any(
        role == "leader" or role in DECIDE_ROLES | LABOUR_DECIDERS for role, _unit in actor.grants
    )


def counted_on_monday(actor: Actor | None) -> bool:
    """Whether `actor` is sent the Monday count of what waits for her to confirm (`decidable_by`): a
    treasurer (2405); an officer too, who confirms labour days (0434) or a lone treasurer's own gift (2430),
    unless she reads the roll-up that Monday (a leader or an officer of the whole organisation), whose line of
    what waits says it already: never told twice (decision 2610)."""
    if actor is None:
        return False
    if may_open_queue(actor):
        return True
    return may_open_decisions(actor) and not any(
        role in ("leader", "officer") and unit is None for role, unit in actor.grants
    )


def may_name_unregistered(actor: Actor | None, unit: UnitLike, *, names_shown: bool) -> bool:
    """Who of a unit has not registered, by name: only where the organisation shows the names in its
    digests (`org_schedule.show_names`, off by default), to whoever reads the unit's digest (its leaders, and
    the organisation's leaders, officers and admins); anyone else, and everyone where it is off, reads the
    counts. No amount either way (decision 1728)."""
    return names_shown and may_read_digest(actor, unit)


def digest_units(actor: Actor | None) -> frozenset[int] | None:
    """The units whose digest `actor` reads: None for the whole organisation (the roll-up), else the units
    their leader, officer or admin roles name, wherever they themselves sit (empty: none)."""
    return _units_for(actor, DIGEST_ROLES)


def digests_beside_rollup(actor: Actor | None) -> frozenset[int]:
    """The units whose digest a reader of the roll-up also reads by a role of the unit (its leader,
    officer or admin), wherever she sits: asked who has not registered, she reads each of them as its
    leader does, under the organisation's answer (decision 1810). Organisation-wide roles name none."""
    return _units_named(actor, (), DIGEST_ROLES)


def units_beside_rollup(actor: Actor | None, formerly: Iterable[Grant] = ()) -> frozenset[int]:
    """The units whose year and week a reader of the roll-up reads apart from it, each as of its own day:
    those her unit roles let her read (a leader's, officer's or admin's digest, `digest_units`; a treasurer's,
    officer's or admin's ledger, `ledger_units`), sent to her on Monday or not, and those such a role taken
    from her this year let her read (`formerly`, `digests.roles_taken_away`): what she read then stays hers.
    Her roll-up's figures less theirs is the rest of the ledger, so they are said to her as that rest allows
    (decisions 0640, 0697), on Monday and in /baocao alike. Organisation-wide roles name no unit here: one
    who keeps the ledger over the whole reads the roll-up whole anyway (`may_see_running_money`)."""
    return _units_named(actor, formerly, DIGEST_ROLES | LEDGER_ROLES)


def ledgers_beside_rollup(actor: Actor | None, formerly: Iterable[Grant] = ()) -> frozenset[int]:
    """Of `units_beside_rollup`, those whose ledger she keeps or kept this year, gift by gift: no digest can
    hold their week from her, so the roll-up's week is held where the rest of the ledger's is one or two
    people's (decision 0697). Organisation-wide: none (she reads the roll-up's week whole)."""
    return _units_named(actor, formerly, LEDGER_ROLES)


def _units_named(actor: Actor | None, formerly: Iterable[Grant], roles: frozenset[str]) -> frozenset[int]:
    """The units `roles` of `actor`'s, held now or `formerly`, name; one held organisation-wide names none."""
    grants = [*(actor.grants if actor is not None else ()), *formerly]
    return frozenset(unit for role, unit in grants if unit is not None and role in roles)


def may_open_year_report(actor: Actor | None) -> bool:
    """The year's results report in chat: whoever reads the organisation's roll-up (its report) or a unit's
    digest (the unit's report: their own, or one they lead elsewhere); `year_report` checks the one asked
    for with the same two rules."""
    if actor is None:
        return False
    return may_read_rollup(actor, actor.org_id) or bool(digest_units(actor))


# --- drives and appeals (officers: the Fund's mobilisation board) --------------------------------------

# Who opens, edits and closes drives, and sends appeals: officers and admins, within what they cover.
MOBILISE_ROLES = frozenset({"officer", "admin"})
_NON_GIVERS_ALWAYS = frozenset({"officer", "admin"})


def mobilised_units(actor: Actor | None) -> frozenset[int] | None:
    """The units `actor` runs drives and appeals for: None for the whole organisation (an organisation-wide
    officer or admin), else the units their officer or admin roles name (empty: none)."""
    return _units_for(actor, MOBILISE_ROLES)


def _covers_units(actor: Actor | None, org_id: int, unit_ids: Sequence[int] | None) -> bool:
    """`actor` mobilises in organisation `org_id` for all of `unit_ids` (None: the whole organisation)."""
    if actor is None or actor.org_id != org_id:
        return False
    mine = mobilised_units(actor)
    if mine is None:
        return True
    return bool(unit_ids) and unit_ids is not None and set(unit_ids) <= mine


def may_publish_fund(actor: Actor | None, org_id: int) -> bool:
    """Give the Fund outside the drives a public web page, or a new link to it (decision 0102): an officer or
    admin of the whole organisation, as for a drive of every unit."""
    return _covers_units(actor, org_id, None)


def may_open_drives(actor: Actor | None) -> bool:
    """The "Drives" and "Send an appeal" menu entries: an officer or admin role anywhere in the own
    organisation (what they may then touch, the rules below decide)."""
    return mobilised_units(actor) != frozenset()


def may_view_drives(actor: Actor | None, org_id: int, *, leaders_allowed: bool) -> bool:
    """The drives of organisation `org_id` with their figures, read only, and the message made from them for
    a group chat (decision 0109), a drive's or the Fund's outside the drives: its officers and admins (any
    unit); a leader of the whole organisation, who signs the drives' results (decision 1645); its units'
    leaders too where the organisation lets leaders see who has not given (`leaders_allowed`, decision 0026).
    Nobody else: a member reads the public statement. Who has not given is asked apart, by that setting."""
    if actor is None or actor.org_id != org_id:
        return False
    if may_open_drives(actor) or _org_wide(actor, "leader", org_id):
        return True
    return leaders_allowed and any(role == "leader" for role, _unit in actor.grants)


def may_take_drive_report(actor: Actor | None, drive: DriveLike, *, leaders_allowed: bool) -> bool:
    """A closed drive's results by unit, the Word draft for the head to sign (decision 1536): whoever manages
    the drive; whoever reads its view by unit (`may_open_drive_by_unit`): the head herself, a leader of the
    whole organisation, who reads every unit's line (decision 1645), and a unit's leader or officer, the
    paper of the units whose line she reads there (decision 1673). Its units of one or two givers are said
    together (decision 1599), so no one's gift is in it."""
    return may_manage_drive(actor, drive) or may_open_drive_by_unit(
        actor, drive, leaders_allowed=leaders_allowed
    )


def may_manage_drive(actor: Actor | None, drive: DriveLike) -> bool:
    """Create a drive, edit its dates or target, close it: an officer or admin covering every unit the
    drive covers; a drive of the whole organisation (no units named) needs an organisation-wide one."""
    return _covers_units(actor, drive.org_id, drive.unit_ids)


def may_send_appeal(actor: Actor | None, org_id: int, unit_ids: Sequence[int] | None) -> bool:
    """Send (or schedule, cancel, follow up) an appeal to people of `unit_ids` (None: the whole
    organisation): an officer or admin covering all of them. Nobody sends to another organisation."""
    return _covers_units(actor, org_id, unit_ids)


def may_appeal_for_drive(actor: Actor | None, drive: DriveLike) -> bool:
    """Ask for `drive` in an appeal (its “Ủng hộ ngay”): an officer or admin who runs appeals for some unit
    the drive covers — any, for a drive of the whole organisation. The appeal reaches only the people of
    those units, who may give to it (decision 0230); an officer whose units it covers none of, as one the
    staff list moved to another unit since she chose it, has nobody to ask for it (docs/decisions/0493)."""
    if actor is None or actor.org_id != drive.org_id:
        return False
    mine = mobilised_units(actor)
    if mine is None:
        return True
    return bool(mine) and (drive.unit_ids is None or bool(mine & set(drive.unit_ids)))


class AppealLike(Protocol):
    """An appeal as the rules see it: its organisation, and its audience with the units it reached (`scope`:
    their ids; None, the whole organisation)."""

    org_id: int
    audience: dict[str, Any]


def may_touch_appeal(acting: Acting, appeal: AppealLike) -> bool:
    """Cancel an appeal, follow it up, correct its text (docs/decisions/0683), watch how it goes, or send on
    what a drive's close stopped of it: whoever may send to the units it reached (`may_send_appeal` on its
    scope), the operator at the shell within their organisation. Reopening a drive of one's unit sends on
    only such appeals: the messages of the organisation's officer's appeal to every unit stay unsent for an
    officer of one unit (docs/decisions/0301)."""
    if isinstance(acting, Operator):
        return acting.org_id == appeal.org_id
    return may_send_appeal(acting, appeal.org_id, appeal.audience.get("scope"))


def may_see_who_has_not_given(actor: Actor | None, unit: UnitLike, *, leaders_allowed: bool) -> bool:
    """Names of the people of `unit` who have not given to a drive: officers and admins covering the unit;
    its leaders only where the organisation turned that on (`leaders_allowed`, off by default:
    docs/decisions/0026). No appeal ever names anyone."""
    roles = _NON_GIVERS_ALWAYS | ({"leader"} if leaders_allowed else set())
    return _covers(actor, frozenset(roles), unit.org_id, unit.id)


# Who reads a drive unit by unit (decision 1534): its officers and admins, and the unit's leaders.
_DRIVE_BY_UNIT = frozenset({"officer", "admin", "leader"})


def may_see_drive_by_unit(actor: Actor | None, unit: UnitLike) -> bool:
    """A drive's line for `unit` in its view by unit (“Theo đơn vị”: how many of its people gave, what it
    gave): officers and admins covering the unit, and its leaders (the organisation's, every unit). A member
    never: it is the unit's figure, not theirs. No name is in it; where one or two gave, its amounts are
    theirs, and a leader reads them only as `may_see_unit_money` and `may_see_kinds_apart` allow."""
    return _covers(actor, _DRIVE_BY_UNIT, unit.org_id, unit.id)


def may_open_drive_by_unit(actor: Actor | None, drive: DriveLike, *, leaders_allowed: bool) -> bool:
    """“Theo đơn vị” on a drive's screen, offered and pressed: whoever reads the drive's screen
    (`may_view_drives`, the organisation's setting read) and the line of some unit it takes gifts of
    (`may_see_drive_by_unit`); never to an officer of none of its units, whom pressing it refuses, nor to a
    unit's leader whose screen was drawn before the setting went off (docs/decisions/1694)."""
    return may_view_drives(actor, drive.org_id, leaders_allowed=leaders_allowed) and _covers_some_unit_of(
        actor, drive, _DRIVE_BY_UNIT
    )


def may_see_non_givers_of(actor: Actor | None, drive: DriveLike, *, leaders_allowed: bool) -> bool:
    """“Ai chưa ủng hộ” on a drive's screen: whoever may see who has not given in some unit the drive covers
    (`may_see_who_has_not_given`; any, for a drive of the whole organisation). An officer the staff list
    moved to a unit the drive does not cover has no one of it to see: she is told so, not that nobody is
    left (docs/decisions/0493)."""
    return _covers_some_unit_of(
        actor, drive, _NON_GIVERS_ALWAYS | ({"leader"} if leaders_allowed else frozenset())
    )


def _covers_some_unit_of(actor: Actor | None, drive: DriveLike, roles: frozenset[str]) -> bool:
    """`actor` holds one of `roles` for the whole organisation of `drive`, or for a unit it takes gifts of."""
    if actor is None or actor.org_id != drive.org_id:
        return False
    units = _units_for(actor, roles)
    if units is None:
        return True
    return bool(units) and (drive.unit_ids is None or bool(units & set(drive.unit_ids)))


def may_hear_who_gave(actor: Actor | None, person: PersonLike, *, leaders_allowed: bool) -> bool:
    """Whether `person` gave to the Fund or not, said of them by name in a list (“đã ủng hộ Quỹ” beside “chưa
    có ủng hộ Quỹ”, which names who has not given): whoever may see their amounts (`may_see_amounts_of`) or
    who has not given in their unit (`may_see_who_has_not_given`: a leader only where the organisation
    turned that on, docs/decisions/0026). Giving is voluntary: a leader proposing for an award reads who
    meets the plan's standard, not who gave nothing (docs/decisions/0279)."""
    if may_see_amounts_of(actor, person):
        return True
    return (
        may_see_who_has_not_given(
            actor, UnitRef(person.unit_id, person.org_id), leaders_allowed=leaders_allowed
        )
        if person.unit_id is not None
        else False
    )


# --- award proposals (đề nghị khen thưởng) -------------------------------------------------------------

# Who proposes people or units for awards: a unit's leader for their unit, an organisation-wide leader for
# any unit. Who compiles the dossier's list from the proposals (the awards council's office): the
# organisation-wide leaders, officers and admins (the list names people of every unit).
PROPOSE_ROLES = frozenset({"leader"})
COMPILE_ROLES = frozenset({"leader", "officer", "admin"})
# Who may be proposed by name: a member of staff or a household (never a donor from outside).
NOMINEE_KINDS = ("staff", "household")


def may_propose_award(actor: Actor | None, unit: UnitLike) -> bool:
    """Propose a person of `unit` (staff or a household), or the unit itself, for an award: a leader covering
    the unit (docs/decisions/0047)."""
    return _covers(actor, PROPOSE_ROLES, unit.org_id, unit.id)


def may_propose_organisation(actor: Actor | None, org_id: int) -> bool:
    """Propose the organisation itself (a collective, as it registers: decision 0059) for an award conferred
    above it: who may speak for the organisation (`may_speak_for_org`) and proposes for every unit, so its
    organisation-wide leaders; not an admin, who registers for it but does not propose (decision 0047:
    proposing is the head's judgement). Which awards, the domain decides (docs/decisions/0060)."""
    return _covers(actor, PROPOSE_ROLES, org_id, None)  # a role of no unit: the organisation-wide ones


def may_withdraw_proposal(actor: Actor | None, proposal: ProposalLike) -> bool:
    """Withdraw a standing proposal (it is kept, marked withdrawn): a leader covering its unit, whoever of
    them proposed it (a unit's new leader may take back what the last one sent); the organisation's own
    (no unit): its organisation-wide leaders, who may propose it. Never the person proposed: a leader the
    head proposed does not take back, nor rewrite (`may_change_proposal`), what the level above said of him,
    as he never proposes himself (docs/decisions/0344)."""
    if actor is not None and proposal.person_id is not None and proposal.person_id == actor.person_id:
        return False
    if proposal.unit_id is None:
        return may_propose_organisation(actor, proposal.org_id)
    return _covers(actor, PROPOSE_ROLES, proposal.org_id, proposal.unit_id)


def may_change_proposal(actor: Actor | None, proposal: ProposalLike) -> bool:
    """Change a standing proposal in place (its award, its summary of achievements) instead of withdrawing
    it and proposing again: whoever may withdraw it (`may_withdraw_proposal`: a leader covering its unit,
    whoever of them proposed it; the organisation's own, its organisation-wide leaders). Not the office, who
    compiles what the units send (docs/decisions/0210)."""
    return may_withdraw_proposal(actor, proposal)


def may_take_back_none(actor: Actor | None, unit: UnitLike) -> bool:
    """Take back a unit's answer that it proposes no one this year (“Done” on its reminder, perhaps pressed
    by mistake): whoever may propose for the unit (`may_propose_award`), as proposing someone takes it back
    too (docs/decisions/0211)."""
    return may_propose_award(actor, unit)


def proposed_units(actor: Actor | None) -> frozenset[int] | None:
    """The units `actor` proposes for: None for the whole organisation (an organisation-wide leader), else
    the units their leader roles name (empty: none)."""
    return _units_for(actor, PROPOSE_ROLES)


def may_open_proposals(actor: Actor | None) -> bool:
    """The "propose for an award" part of the awards menu: a leader role anywhere in the own organisation
    (whom they may then propose, `may_propose_award` decides)."""
    return proposed_units(actor) != frozenset()


def may_compile_awards(actor: Actor | None, org_id: int) -> bool:
    """Every proposal of the organisation's year and the dossier's draft made from them: its
    organisation-wide leaders, officers and admins."""
    return actor is not None and any(_org_wide(actor, role, org_id) for role in COMPILE_ROLES)


YEAR_SETUP_ROLES = MOBILISE_ROLES  # the office loading the year's choices, the officers running its drives


def may_prepare_year(actor: Actor | None, org_id: int) -> bool:
    """Be told in December what the coming year lacks in the bot (no plan covering it, its choices not
    loaded, no suggestion, no Tết drive) and what to do: the organisation's admins and officers of the whole
    organisation, who load the plan and the settings file and run its drives; not a unit's officer, whose
    drives the organisation's file does not hold, nor one who has left (docs/decisions/0694)."""
    if actor is None or actor.gone:
        return False
    return any(_org_wide(actor, role, org_id) for role in YEAR_SETUP_ROLES)


def may_record_award_outcome(actor: Actor | None, org_id: int) -> bool:
    """Record what the awards council, or the level above, decided on the organisation's proposals (awarded
    or not, the decision's number and date), and correct it: the office that compiled the dossier and keeps
    its papers, so whoever `may_compile_awards` (docs/decisions/0063). Not a unit's leader: the decision is
    the council's, and the unit's people are told of it by the bot."""
    return may_compile_awards(actor, org_id)


def may_record_outcome_of(actor: Actor | None, proposal: ProposalLike) -> bool:
    """Record (or correct) the outcome of one proposal: whoever `may_record_award_outcome`, but never the
    person proposed, as they never change or withdraw it (`may_withdraw_proposal`, decision 0344): an admin
    proposed leaves her own to another of the office, and a whole form's outcome she records leaves hers as
    it is (docs/decisions/0399)."""
    if actor is not None and proposal.person_id is not None and proposal.person_id == actor.person_id:
        return False
    return may_record_award_outcome(actor, proposal.org_id)


def may_open_awards(actor: Actor | None) -> bool:
    """The "Awards" menu entry (/dekhenthuong): someone who may propose, or compile."""
    return actor is not None and (may_open_proposals(actor) or may_compile_awards(actor, actor.org_id))


def may_be_proposed(person: NomineeLike, year: int) -> bool:
    """Whether `person` may stand proposed for an award of `year`: staff or a household, at work or gone
    during that year or after it. A nurse who retired on 20 November worked the year the award is for, and
    her unit proposes her before 10 December as for anyone (the council decides, told that she left:
    docs/decisions/0265); who left before the year began did none of its work (docs/decisions/0118, 0482),
    nor did who left on its 1 January, the day a retirement “từ 01/01/2026” is recorded (the day left is the
    first one gone, “đã nghỉ từ”: docs/decisions/0498)."""
    return person.kind in NOMINEE_KINDS and (person.left_on is None or person.left_on > date(year, 1, 1))


def proposable_by(actor: Actor, *, year: int | None = None, left: bool = False) -> ColumnElement[bool]:
    """`may_propose_award` for a person's unit, as a condition on the person table, to search by name among
    the people `actor` may propose (staff and households of a unit they lead; never themself), with `year`
    those `may_be_proposed` for that year's award, without it only those at work. With `left`: those who
    would be but left (by the first day of `year`), so that a name found only among them is answered with
    when they left."""
    units = proposed_units(actor)
    if units == frozenset():
        return false()
    at_work = Person.left_on.is_(None)
    if year is not None:  # gone during the award's year, after its first day: proposed as anyone (0482, 0498)
        at_work = or_(at_work, Person.left_on > date(year, 1, 1))
    mine = [
        Person.org_id == actor.org_id,
        Person.id != actor.person_id,
        Person.kind.in_(NOMINEE_KINDS),
        Person.unit_id.is_not(None),
        # someone who left is proposed for nothing of a year after they left (0118, 0482)
        ~at_work if left else at_work,
    ]
    if units is not None:
        mine.append(Person.unit_id.in_(sorted(units)))
    return and_(*mine)


def proposes_for_itself() -> ColumnElement[bool]:
    """A unit with a leader of its own (`may_propose_award` covers it for someone other than the
    organisation's leaders), as a condition on the unit table. A unit without one proposes no one unless an
    organisation-wide leader proposes in its stead (docs/decisions/0115)."""
    return (
        select(RoleAssignment.id)
        .where(RoleAssignment.unit_id == Unit.id, RoleAssignment.role.in_(sorted(PROPOSE_ROLES)))
        .exists()
    )


class ProposalLike(Placed, Protocol):
    """An award proposal as the rules see it: its unit, the person proposed (None: the unit itself), and
    whether it was withdrawn."""

    person_id: int | None
    withdrawn_at: datetime | None


def may_get_achievement_report(
    actor: Actor | None, proposal: ProposalLike, nominee: PersonLike | None
) -> bool:
    """The draft of the achievement report (báo cáo thành tích) of a standing proposal. A person's holds their
    own amounts: only the person (`nominee`, the one proposed) and those who may see their amounts
    (`may_see_amounts_of`: treasurers, officers and admins covering their unit) — not the leader who
    proposed them. A unit's holds the unit's figures: whoever reads the unit's digest (its leaders, and the
    organisation's leaders, officers and admins); the organisation's own (no unit), whoever reads its
    roll-up (its organisation-wide leaders, officers and admins: decision 0060). None for a withdrawn
    proposal (docs/decisions/0049)."""
    if actor is None or proposal.withdrawn_at is not None:
        return False
    if proposal.person_id is None:
        unit = proposal.unit_id
        if unit is None:
            return may_read_rollup(actor, proposal.org_id)
        return may_read_digest(actor, UnitRef(unit, proposal.org_id))
    if nominee is None or nominee.id != proposal.person_id or nominee.org_id != proposal.org_id:
        return False
    return may_see_amounts_of(actor, nominee)


# --- results (ghi kết quả): what was done toward a count or yes/no criterion ---------------------------

# Who sets a result aside (“không ghi nhận”), with a reason: a leader covering its unit. Who reads a unit's
# results: its leaders, and the officers and admins covering it (as the unit's totals).
SET_ASIDE_ROLES = frozenset({"leader"})


class ResultLike(Placed, Protocol):
    """A result as the rules see it: its owner (a person; None: the unit's collective, or with no unit the
    organisation's own), who recorded it."""

    person_id: int | None
    recorded_by: int


def may_record_own_result(actor: Actor | None, person: PersonLike) -> bool:
    """Record a result as the person's own (a member, a household): only the person themself. An officer
    recording for a household or someone without a phone asks `may_act_for`, as for a contribution."""
    return actor is not None and actor.person_id == person.id and actor.org_id == person.org_id


def may_record_unit_result(actor: Actor | None, unit: UnitLike) -> bool:
    """Record a result of a unit's collective: whoever registers its collective commitment (its leader, or an
    admin covering it)."""
    return may_register_unit_commitment(actor, unit)


def may_withdraw_result(actor: Actor | None, result: ResultLike) -> bool:
    """Withdraw a result (kept, marked withdrawn): the person it is of, or whoever recorded it (an officer's
    slip for a household); a unit's, whoever may record for the unit; the organisation's, whoever speaks for
    it."""
    if actor is None or actor.org_id != result.org_id:
        return False
    if result.person_id is None:
        unit = result.unit_id
        if unit is None:  # the organisation's own
            return may_speak_for_org(actor, result.org_id)
        return may_record_unit_result(actor, UnitRef(unit, result.org_id))
    return actor.person_id in (result.person_id, result.recorded_by)


def may_set_aside_result(actor: Actor | None, result: ResultLike) -> bool:
    """Set a result aside (“không ghi nhận”, with a reason the person is told): a leader covering its unit,
    never on a result of their own or one they recorded (they withdraw it instead)."""
    if actor is None or actor.person_id in (result.person_id, result.recorded_by):
        return False
    return _covers(actor, SET_ASIDE_ROLES, result.org_id, result.unit_id)


def may_see_unit_results(actor: Actor | None, unit: UnitLike) -> bool:
    """The results recorded by a unit's people and for the unit itself (who, what, how many, the photo): its
    leaders, and the officers and admins covering it. No money in them, but never in a group chat."""
    return _covers(actor, UNIT_TOTALS_ROLES, unit.org_id, unit.id)


def results_units(actor: Actor | None) -> frozenset[int] | None:
    """The units whose results `actor` reads: None for the whole organisation, else the units their leader,
    officer or admin roles name (empty: none)."""
    return _units_for(actor, UNIT_TOTALS_ROLES)


def may_open_unit_results(actor: Actor | None) -> bool:
    """The “results of the unit” list: a leader, officer or admin role anywhere in the own organisation
    (which results, `may_see_unit_results` decides unit by unit)."""
    return results_units(actor) != frozenset()


# --- households' standing in the poverty review (docs/decisions/0110) ------------------------------------


def may_see_poverty_standing(actor: Actor | None, household: Placed) -> bool:
    """A household's name beside its standing (hộ nghèo, cận nghèo, mới thoát nghèo): the officers and leaders
    of its unit or of the whole organisation; nobody else (a report shows counts only)."""
    return _covers(actor, POVERTY_READERS, household.org_id, household.unit_id)


def may_see_own_standing(actor: Actor | None, household: PersonLike) -> bool:
    """A household's standing year by year where its own papers show it (its achievement report, decision
    0110 “Later”): the household itself — it is its own data —, whoever `may_see_poverty_standing`, and the
    office that compiles the organisation's award dossiers (`may_compile_awards`: its admins besides its
    leaders and officers), which puts the report in the dossier (docs/decisions/0111). Only in that report:
    a household's name beside its standing in a list stays `may_see_poverty_standing`'s."""
    if actor is not None and actor.person_id == household.id and actor.org_id == household.org_id:
        return True
    return may_see_poverty_standing(actor, household) or may_compile_awards(actor, household.org_id)


def may_set_poverty_standing(actor: Actor | None, household: Placed) -> bool:
    """Set a household's standing for a year, one by one or from the commune's list: the officers of its unit
    or of the whole organisation."""
    return _covers(actor, POVERTY_KEEPERS, household.org_id, household.unit_id)


def poverty_units(actor: Actor | None, *, keeping: bool = False) -> frozenset[int] | None:
    """The units whose households' standing `actor` reads by name (`keeping`: sets): None for the whole
    organisation, else the units their roles name (empty: none)."""
    return _units_for(actor, POVERTY_KEEPERS if keeping else POVERTY_READERS)


def may_read_poverty(actor: Actor | None) -> bool:
    """/hongheo at all: whoever reads some households' standing by their roles (where those units hold no
    household, the screen says so rather than a line of zeros)."""
    return poverty_units(actor) != frozenset()


def may_open_poverty(actor: Actor | None, *, households: bool) -> bool:
    """The “Poor and near-poor households” entry of the menu and of /help: whoever `may_read_poverty` where
    the units they cover hold households (`households`: `poverty_households_held`). A school's faculty, with
    no household on the list, is offered no screen of zeros."""
    return households and may_read_poverty(actor)


async def poverty_households_held(session: AsyncSession, actor: Actor | None) -> bool:
    """Whether any household stands in the units whose standing `actor` reads (`poverty_households_of`)."""
    if actor is None or not may_read_poverty(actor):
        return False
    return bool(await session.scalar(select(exists().where(poverty_households_of(actor)))))


def poverty_households_of(actor: Actor, *, keeping: bool = False) -> ColumnElement[bool]:
    """`may_see_poverty_standing` (`keeping`: `may_set_poverty_standing`) as a condition on the person table:
    the households of the actor's organisation in the units they cover (tests/test_poverty.py holds the two to
    the same answers)."""
    units = poverty_units(actor, keeping=keeping)
    if units == frozenset():
        return false()
    mine = [Person.org_id == actor.org_id, Person.kind == "household"]
    if units is not None:
        mine.append(Person.unit_id.in_(sorted(units)))
    return and_(*mine)


# The commands that are a role's work, by their Vietnamese name (handlers/registry.py registers the English
# one beside it, to the same step), and the roles they are offered to: Telegram's command menu lists each for
# these roles, and every other command of the bot is anyone's who joined, a household's too
# (handlers.appeals.staff_words). The flows still check the roles' scopes when used.
ROLE_COMMANDS: dict[str, frozenset[str]] = {
    "donvi": UNIT_COMMITMENT_ROLES,
    "xacnhan": DECIDE_ROLES | LABOUR_DECIDERS,
    "baocao": DIGEST_ROLES,
    "baocaonam": DIGEST_ROLES,
    "baocaogiaidoan": DIGEST_ROLES,
    "hoancanh": CASE_READERS,
    "hongheo": POVERTY_READERS,
    "dotvandong": MOBILISE_ROLES,
    "keugoi": MOBILISE_ROLES,
    "mamoi": INVITER_ROLES,
    "ghithay": ACT_FOR_ROLES,
    "ngaycong": LABOUR_RECORDERS,
    "nhahaotam": DONOR_RECORDERS,
    "khautruluong": PAYROLL_RECORDERS,
    "daghithay": RECORD_FOR_OTHERS_ROLES,
    "dekhenthuong": PROPOSE_ROLES | COMPILE_ROLES,
    "phanquyen": ROLE_GRANTERS,
    # an admin's, as /trogiup lists it: only one of the whole organisation sets it (may_set_account)
    "taikhoan": ROLE_GRANTERS,
}
