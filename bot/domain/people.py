"""People and their messenger identities: an account that blocked the bot or was removed by an officer,
two records of one person merged into one, and a person found by part of their name.

Two records of one person happen by design: a newcomer who cannot prove that a listed record is theirs (see
bot.domain.claims) joins as a new, unlisted member, and an officer who knows them merges that member into the
listed record later. Two listed records of one person (an older list gave her a row for each position) are
merged the same way (docs/decisions/0136)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import ColumnElement, delete, func, literal, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from bot.clock import local_date
from bot.db.models import (
    Appeal,
    AuditLog,
    AwardProposal,
    CaseSupport,
    ChannelIdentity,
    Commitment,
    Contribution,
    ConversationState,
    Evidence,
    GiftRound,
    HardshipCase,
    HouseholdStanding,
    Invite,
    LinkCode,
    Organisation,
    OutboundAction,
    OutboxMessage,
    Person,
    Reminder,
    ReminderPreference,
    Remittance,
    Result,
    RoleAssignment,
    Unit,
)
from bot.delivery.outbox import lock_person, readdress
from bot.domain.audit import audit
from bot.domain.commitments import move_owned, results_follow
from bot.domain.leaving import take_roles_off
from bot.i18n import Translator
from bot.text import (
    accents_dropped,
    clean,
    fold,
    letters_off,
    name_case,
    person_sort_key,
    swapped,
    typed_name,
)

# Every column that points at a person, except role_assignment.person_id (merged without duplicates),
# outbound_action.person_id (renumbered) and person_gifts.person_id (a count kept by the database's triggers:
# it follows the gifts as they move, and the source's emptied rows go with it, ON DELETE CASCADE): they all
# follow the person into the merged record.
# tests/test_claims.py checks the list against the model.
FOLLOW_THE_PERSON: tuple[InstrumentedAttribute[Any], ...] = (
    ChannelIdentity.person_id,
    ConversationState.person_id,
    Contribution.person_id,
    Contribution.recorded_by,
    Contribution.decided_by,
    Commitment.person_id,
    Commitment.registered_by,
    Evidence.uploaded_by,
    RoleAssignment.granted_by,
    AuditLog.actor_id,  # what the person did stays theirs; the merge row keeps both ids
    OutboxMessage.person_id,  # messages to them, sent or waiting
    LinkCode.person_id,  # a link code they asked for still links to them
    HardshipCase.person_id,  # a member's hardship case stays theirs
    HardshipCase.created_by,
    CaseSupport.recorded_by,
    GiftRound.recorded_by,  # the gift rounds an officer handed out stay theirs
    Remittance.recorded_by,  # the money an officer recorded handed over to the Fund above stays theirs
    Reminder.person_id,  # reminders due or sent to them
    Appeal.created_by,  # the appeals an officer sent stay theirs
    AwardProposal.person_id,  # a proposal for an award stays theirs
    AwardProposal.proposed_by,
    AwardProposal.withdrawn_by,
    AwardProposal.decided_by,  # the office member who recorded the council's decision
    Result.person_id,  # what they recorded done toward their pledge stays theirs (and its owner_key below)
    Result.recorded_by,
    Result.closed_by,
    HouseholdStanding.person_id,  # a household's standing in the poverty review stays its own
    HouseholdStanding.set_by,
    Invite.created_by,  # the codes an officer made, and withdrew, stay theirs
    Invite.withdrawn_by,
)


@dataclass(frozen=True)
class FoundPerson:
    id: int
    full_name: str
    kind: str
    unit: str | None  # the unit's name
    position: str | None = None  # as the list has it: what tells namesakes of one unit apart ("Tổ 2")
    left_on: date | None = None  # the day they left (docs/decisions/0118); None: at work


async def find_by_name(
    session: AsyncSession, typed: str, among: ColumnElement[bool], *, limit: int
) -> list[FoundPerson]:
    """The people matching `among` (a rule of bot.domain.access as a condition: whom an officer may act for,
    whom a leader may propose) whose name has a word starting with each word typed, accents and case ignored
    ("tran van ba", "nguyen an" and "ba" find "Trần Văn Ba" and "Nguyễn Văn An" as people type them), by
    given name (`person_sort_key`); at most `limit` + 1, so the caller knows when there are too many to list
    (and lists only what fits: those are all who match, so sorting them here sorts them all)."""
    words = fold(typed).split() or [""]
    spaced = literal(" ") + Person.name_key  # a word's start is a space before it
    query = (
        select(Person.id, Person.full_name, Person.kind, Unit.name, Person.position, Person.left_on)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(among, *(spaced.contains(" " + word, autoescape=True) for word in words))
        .limit(limit + 1)
    )
    found = [FoundPerson(*row) for row in await session.execute(query)]
    return sorted(found, key=lambda person: (person_sort_key(person.full_name), person.id))


async def find_by_name_keys(
    session: AsyncSession, keys: set[str], among: ColumnElement[bool], *, limit: int
) -> list[FoundPerson]:
    """The people matching `among` whose name's key (`fold`) is one of `keys`: those a name typed whole
    names, when more than a list holds begin with it (handlers.name_search); at most `limit` + 1, sorted as
    `find_by_name` sorts them."""
    query = (
        select(Person.id, Person.full_name, Person.kind, Unit.name, Person.position, Person.left_on)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(among, Person.name_key.in_(sorted(keys)))
        .limit(limit + 1)
    )
    found = [FoundPerson(*row) for row in await session.execute(query)]
    return sorted(found, key=lambda person: (person_sort_key(person.full_name), person.id))


@dataclass(frozen=True)
class FullNameMatch:
    """What a name typed whole at the shell names (`full_name_match`): its one person's id, or else those of
    exactly that name (each with id, full_name, position, listed, unit name, organisation code: `namesakes`,
    by given name), or else those whose name has the words typed (`like`, at most five)."""

    person_id: int | None
    namesakes: list[Any]
    like: list[FoundPerson]


async def full_name_match(session: AsyncSession, typed: str, org_id: int | None) -> FullNameMatch:
    """The person a command's PERSON names, by id or by full name (accents and case aside), in `org_id`, or
    in every organisation (None): the shell's `people …`, `--as` and `--of` (decisions 0258, 0266, 0267),
    which act on one match only, and list the namesakes or the names alike, each in its own words."""
    typed = typed_name(typed)
    if typed.isdigit():
        return FullNameMatch(int(typed), [], [])
    where = [Person.name_key == fold(typed)]
    if org_id is not None:
        where.append(Person.org_id == org_id)
    found = (
        await session.execute(
            select(Person.id, Person.full_name, Person.position, Person.listed, Unit.name, Organisation.code)
            .join(Organisation, Organisation.id == Person.org_id)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(*where)
        )
    ).all()
    if len(found) == 1:
        return FullNameMatch(int(found[0].id), [], [])
    if found:
        found.sort(key=lambda row: (person_sort_key(row.full_name), row.id))
        return FullNameMatch(None, found, [])
    among = Person.org_id == org_id if org_id is not None else true()
    return FullNameMatch(None, [], (await find_by_name(session, typed, among, limit=5))[:5])


# How alike a typed name and a name must read (difflib's ratio, accents and case aside): a letter wrong in a
# name of two or three words; a short word alone must be nearer (“danh” is not “Đặng”). Two neighbouring
# letters swapped (“ahn”, “thnah”) read far apart by that ratio in a short name, yet are the commonest slip
# of a thumb: a word of SWAP_MIN letters or more that is a name's word so swapped counts as near.
NEAR_ENOUGH, NEAR_ENOUGH_SHORT, SHORT, SWAP_MIN = 0.75, 0.85, 8, 3
# Set against a whole name (`near_names(whole=True)`, as joining offers listed names), it must also be at most
# this many letters off — wrong, left out, one too many, two neighbours swapped — not a word off that happens
# to share letters (“nguyen thi lan” is not “Nguyễn Thị Hoa”).
NEAR_LETTERS = 2


def _swapped(typed: str, word: str) -> bool:
    """`typed` is `word` with two neighbouring letters swapped (“ahn” for “anh”), at least SWAP_MIN long."""
    return len(typed) >= SWAP_MIN and swapped(typed, word)


def _as_typed_but_swapped(typed: list[str], run: list[str]) -> bool:
    """Each typed word is the name's word of its place, or it with two neighbouring letters swapped."""
    return len(typed) == len(run) and all(a == b or _swapped(a, b) for a, b in zip(typed, run, strict=True))


async def near_names(
    session: AsyncSession, typed: str, among: ColumnElement[bool], *, limit: int = 5, whole: bool = False
) -> list[FoundPerson]:
    """When `find_by_name` finds nobody: the people among `among` whose name reads nearly as typed, the most
    alike first, at most `limit` — a letter swapped, left out or doubled (“nguyen van ahn” for Nguyễn Văn Anh,
    “tran thi hoaa”, “ahn” alone for Anh), as people type on a phone. The typed words are set against each run
    of as many words of a name; nobody when nothing is near enough. Only for a search that found nobody: it
    reads every name `among` allows (a unit's, or an organisation's people). `whole`: set against the whole
    name only, and at most NEAR_LETTERS letters off it (a word typed matches no part of a name)."""
    words = fold(typed).split()
    if not words or sum(len(word) for word in words) < 3:
        return []
    wanted = " ".join(words)
    near = NEAR_ENOUGH if len(wanted) >= SHORT else NEAR_ENOUGH_SHORT
    rows = await session.execute(
        select(Person.id, Person.full_name, Person.kind, Unit.name, Person.position, Person.name_key)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(among)
    )
    scored = []
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    for person_id, full_name, kind, unit, position, key in rows:
        name = (key or fold(full_name)).split()
        best = 0.0
        if whole and letters_off(wanted, " ".join(name)) > NEAR_LETTERS:
            continue
        for start in range(1 if whole else max(1, len(name) - len(words) + 1)):
            run = name if whole else name[start : start + len(words)]
            matcher.set_seq1(" ".join(run))
            if matcher.real_quick_ratio() >= near and matcher.quick_ratio() >= near:
                best = max(best, matcher.ratio())
            if _as_typed_but_swapped(words, run):
                best = max(best, near)
        if best >= near:
            scored.append(
                (-best, person_sort_key(full_name), FoundPerson(person_id, full_name, kind, unit, position))
            )
    scored.sort(key=lambda item: (item[0], item[1], item[2].id))
    return [person for _score, _key, person in scored[:limit]]


class MergeError(ValueError):
    """Two records that cannot be merged; the message says why, in a line, in the translator's language."""


VIETNAMESE = Translator("vi")  # a merge's refusals where no reader's language is given: the office's own


@dataclass(frozen=True)
class MergeReport:
    identities: int
    contributions: int
    commitments: int
    roles: int
    left_behind: tuple[tuple[str, str | None], ...] = ()  # taken off, not moved: `_elsewhere`
    leaves_on_from_source: date | None = None  # a planned leaving the target took: `absorb_person`


async def deactivate_identity(
    session: AsyncSession,
    channel: str,
    external_id: str,
    *,
    now: datetime,
    reason: str = "blocked",
    held: int | None = None,
) -> bool:
    """The person blocked the bot on this channel: stop sending there until they write again. What waits for
    them there goes to their other account, if they have one (`readdress`; `reason`: the messenger's words,
    `held`: the row the sender holds that met them), and is marked blocked otherwise. True when it changed."""
    result = await session.execute(
        update(ChannelIdentity)
        .where(
            ChannelIdentity.channel == channel,
            ChannelIdentity.external_id == external_id,
            ChannelIdentity.is_active,
        )
        .values(status="blocked")
        .returning(ChannelIdentity.id, ChannelIdentity.person_id)
    )
    row = result.first()
    if row is not None:
        audit(
            session,
            at=now,
            actor_id=None,
            action="identity.blocked",
            entity="channel_identity",
            entity_id=row.id,
            channel=channel,
        )
        await readdress(
            session, row.person_id, channel=channel, chat_id=external_id, now=now, blocked=reason, held=held
        )
    return row is not None


async def remove_identity(
    session: AsyncSession, *, channel: str, external_id: str, actor_id: int | None, now: datetime
) -> bool:
    """An officer takes a messenger account off: unlike "blocked", nothing it sends brings it back. True when
    it changed (False: it was removed already); LookupError when no such account is known. Its person's row
    is locked first, as a leaving's is (`lock_person`, decision 0261)."""
    whose = await session.scalar(
        select(ChannelIdentity.person_id).where(
            ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id
        )
    )
    if whose is not None:
        await lock_person(session, whose)
    identity = await session.scalar(
        select(ChannelIdentity)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id)
        .with_for_update()
    )
    if identity is None:
        raise LookupError(f"no {channel} account {external_id!r} has joined")
    if identity.status == "removed":
        return False
    audit(
        session,
        at=now,
        actor_id=actor_id,
        action="identity.removed",
        entity="channel_identity",
        entity_id=identity.id,
        channel=channel,
        person=identity.person_id,
        was=identity.status,
    )
    identity.status = "removed"
    # nothing more reaches the account taken off, not even what was written for the person before
    await readdress(session, identity.person_id, channel=channel, chat_id=external_id, now=now)
    return True


@dataclass(frozen=True)
class Holds:
    """What one record holds, as the last look before a merge shows it: enough to tell which is which."""

    id: int
    full_name: str
    listed: bool
    unit: str | None  # the unit's code
    position: str | None
    phone: str | None
    left_on: date | None
    accounts: int
    contributions: int  # gifts given (recorded for them or by them as giver)
    commitments: int  # registrations
    roles: tuple[tuple[str, str | None], ...] = ()  # (role, unit code or None: the whole organisation)
    away_until: date | None = None  # the last day of a long leave recorded (decision 0740); past or not
    away_reason: str | None = None  # "training": that leave is away on training (decision 2315)


@dataclass(frozen=True)
class MergeLook:
    source: Holds
    target: Holds
    # The source's roles in a unit other than the target's: they do not follow (decision 0145)
    stay_behind: tuple[tuple[str, str | None], ...] = ()
    # The source's gifts counted for a unit other than the target's (its name, how many): they become the
    # target's, but stay counted where they were given; the target's unit's name (decisions 0290, 0300).
    gifts_stay: tuple[tuple[str, int], ...] = ()
    target_unit: str | None = None


async def look_at_merge(
    session: AsyncSession, *, source: int, target: int, t: Translator = VIETNAMESE
) -> MergeLook:
    """What each of the two records holds, once `merge_people` would take them (MergeError otherwise, with
    nothing changed): the last look before the merge."""
    old, new = await _mergeable(session, source, target, lock=False, t=t)
    left_behind = tuple((role, code) for _id, role, _unit, code in await _elsewhere(session, old, new))
    stay = tuple(
        (name, n) for unit_id, name, n in await gifts_by_unit(session, old.id) if unit_id != new.unit_id
    )
    unit = await session.get(Unit, new.unit_id) if new.unit_id is not None else None
    return MergeLook(
        await _holds(session, old),
        await _holds(session, new),
        left_behind,
        stay,
        unit.name if unit is not None else None,
    )


async def gifts_by_unit(session: AsyncSession, person_id: int) -> list[tuple[int, str, int]]:
    """How many of a person's gifts each unit counts (its id, its name, how many), rejected ones and
    reversals aside: a gift stays counted for the unit it was given in when the person moves or their
    record is merged into one of another unit (docs/decisions/0290)."""
    rows = await session.execute(
        select(Unit.id, Unit.name, func.count())
        .join(Contribution, Contribution.unit_id == Unit.id)
        .where(
            Contribution.person_id == person_id,
            Contribution.status != "rejected",
            Contribution.reverses_id.is_(None),
        )
        .group_by(Unit.id, Unit.name)
        .order_by(Unit.id)
    )
    return [(unit_id, name, count) for unit_id, name, count in rows]


async def _elsewhere(session: AsyncSession, old: Person, new: Person) -> list[tuple[int, str, int, str]]:
    """The roles `old` holds in a unit other than `new`'s, membership aside (id, role, unit id, unit code):
    they are the roles of another unit (a staff list that moved the person took the kept record's off, and
    the other record still has them), so they do not follow into `new` (decision 0145)."""
    query = (
        select(RoleAssignment.id, RoleAssignment.role, RoleAssignment.unit_id, Unit.code)
        .join(Unit, Unit.id == RoleAssignment.unit_id)
        .where(RoleAssignment.person_id == old.id, RoleAssignment.role != "member")
        .order_by(RoleAssignment.id)
    )
    if new.unit_id is not None:
        query = query.where(RoleAssignment.unit_id != new.unit_id)
    rows = await session.execute(query)
    return [tuple(row) for row in rows]  # type: ignore[misc]


async def _holds(session: AsyncSession, person: Person) -> Holds:
    unit = await session.get(Unit, person.unit_id) if person.unit_id is not None else None
    return Holds(
        id=person.id,
        full_name=person.full_name,
        listed=person.listed,
        unit=unit.code if unit is not None else None,
        position=person.position,
        phone=person.phone,
        left_on=person.left_on,
        away_until=person.away_until,
        away_reason=person.away_reason,
        accounts=await _count(session, ChannelIdentity.person_id, person.id),
        contributions=await _count(session, Contribution.person_id, person.id),
        commitments=await _count(session, Commitment.person_id, person.id),
        roles=tuple(
            (role, code)
            for role, code in await session.execute(
                select(RoleAssignment.role, Unit.code)
                .outerjoin(Unit, Unit.id == RoleAssignment.unit_id)
                .where(RoleAssignment.person_id == person.id)
                .order_by(RoleAssignment.id)
            )
        ),
    )


async def _mergeable(
    session: AsyncSession, source: int, target: int, *, lock: bool, t: Translator
) -> tuple[Person, Person]:
    """The two records, when `source` may be merged into `target`: an unlisted member into a listed record
    (decision 0010), or one listed record into another of the same organisation and kind (two rows of one
    person on the staff list: decision 0136). MergeError, in a line, otherwise."""
    query = select(Person).where(Person.id.in_((source, target)))
    people = {p.id: p for p in await session.scalars(query.with_for_update() if lock else query)}
    if source == target:
        raise MergeError(
            t(
                "a record cannot be merged into itself (ID {id}): give the ID of the record to drop, then "
                "that of the one to keep (chungtay people merge DROP_ID KEEP_ID)"
            ).format(id=source)
        )
    for person_id in (source, target):
        if person_id not in people:
            raise MergeError(t("no person with ID {id} (see: chungtay people list)").format(id=person_id))
    old, new = people[source], people[target]
    if old.org_id != new.org_id:
        raise MergeError(
            t("IDs {source} and {target} belong to two different organisations; nothing changed").format(
                source=source, target=target
            )
        )
    if not new.listed:
        from bot.domain.shell import command, org_to_name

        org = await session.get(Organisation, new.org_id)
        named = await org_to_name(session, org) if org is not None else None
        words = t("people merge {target} LISTED_ID").format(target=target)
        raise MergeError(
            t(
                "ID {target} is not on the staff list: merge into the record on the list ({command}); "
                "nothing changed"
            ).format(target=target, command=command(words, named))
        )
    if old.listed and old.kind != new.kind:
        raise MergeError(
            t(
                "IDs {source} and {target} are not of one kind (staff, household): not one person; nothing "
                "changed"
            ).format(source=source, target=target)
        )
    await _refuse_double_registrations(session, source, target, t)
    await _refuse_double_proposals(session, source, target, t)
    return old, new


async def merge_people(
    session: AsyncSession,
    *,
    source: int,
    target: int,
    actor_id: int | None,
    now: datetime,
    t: Translator = VIETNAMESE,
) -> MergeReport:
    """Move one record of a person (`source`) into another of the same organisation (`target`), on the staff
    list, then delete the source: accounts, chats, contributions, registrations, evidence and roles follow.
    The source is an unlisted member who joined by invite (its membership gives way to the target's, from the
    staff list), or another listed record of the same person (two rows of an older list: decision 0136). A
    registration of both for the same campaign year is refused: an officer decides which one stays. The
    target keeps its own unit, position and phone; what it lacks (a phone, a language) comes from the
    source. The source's roles in a unit other than the target's are taken off, not moved (audited
    `role.revoke` with `merged`): a role of another unit is granted anew if it is right (decision 0145)."""
    old, new = await _mergeable(session, source, target, lock=True, t=t)
    elsewhere = await _elsewhere(session, old, new)
    await take_roles_off(session, old, elsewhere, actor_id=actor_id, now=now, merged=target)
    new.locale = (new.locale or old.locale) if old.listed else (old.locale or new.locale)
    new.channel = new.channel or old.channel
    if new.public_name is None:
        new.public_name = old.public_name
    consents = [at for at in (old.consent_at, new.consent_at) if at is not None]
    new.consent_at = min(consents) if consents else None
    phone = None
    if (
        new.phone is None and old.phone is not None
    ):  # one phone per person of an organisation: moved, not copied
        phone, old.phone = old.phone, None
        await session.flush()
    untold = await _recorded_without_an_account(session, old, new)
    report = await absorb_person(session, old, new, now=now)
    report = replace(report, left_behind=tuple((role, code) for _id, role, _unit, code in elsewhere))
    if phone is not None:
        await session.flush()
        new.phone = phone
    audit(
        session,
        at=now,
        actor_id=actor_id,
        action="person.merge",
        entity="person",
        entity_id=target,
        source=source,
        target=target,
        listed=old.listed,
        phone_from_source=phone is not None,
        **_audited(report),
    )
    await session.flush()
    if untold:
        from bot.domain.notices import told_of_merged_gifts

        await told_of_merged_gifts(session, new, untold, now=now, settings=None)
    return report


async def _recorded_without_an_account(session: AsyncSession, old: Person, new: Person) -> list[int]:
    """The gifts others recorded for whichever of the two records held no messenger account while the other
    held one: their notices were never written, and once merged she can read them (decision 1939). None
    where both or neither held one (told already, or still no one to tell)."""
    held = {
        person.id: await _count(session, ChannelIdentity.person_id, person.id) > 0 for person in (old, new)
    }
    if held[old.id] == held[new.id]:
        return []
    untold = new.id if held[old.id] else old.id
    return list(
        await session.scalars(
            select(Contribution.id).where(
                Contribution.person_id == untold, Contribution.recorded_by != untold
            )
        )
    )


def _keep_the_later_leave(new: Person, old: Person) -> None:
    """The kept record `new` takes `old`'s long leave where it ends later: its last day and its reason
    together, so that a leave on training goes on as training and a plain leave is never said as training
    for a reason left on `new` by a leave of its own that ran out (decision 2411). The same last day on
    both: training where either says it."""
    if old.away_until is None:
        return
    if new.away_until is None or old.away_until > new.away_until:
        new.away_until, new.away_reason = old.away_until, old.away_reason
    elif old.away_until == new.away_until:
        new.away_reason = new.away_reason or old.away_reason


async def absorb_person(session: AsyncSession, old: Person, new: Person, *, now: datetime) -> MergeReport:
    """Move everything of `old` to `new` and delete `old`, with no question asked: the callers decide
    whether the two are one person (an officer's merge above; a link code, bot.domain.links). A leaving
    planned ahead (decision 0270) comes along: the target keeps its own plan; without one, and unless either
    has left, it takes the source's day (decisions 0280, 0281). A long leave of either comes along too, to
    the later of their last days (decision 0774). A weekly message kept off (decision 2505) withdraws what of
    it waits to go to the kept record, its own and the source's, as turning it off does (decision 2613)."""
    source, target = old.id, new.id
    counts = {
        "identities": await _count(session, ChannelIdentity.person_id, source),
        "contributions": await _count(session, Contribution.person_id, source),
        "commitments": await _count(session, Commitment.person_id, source),
    }
    # on the list since the earlier of the two: a colleague of 2026 whose record was merged into January's new
    # row is among 2026's people in its year's report (decision 0426)
    new.created_at = min(old.created_at, new.created_at)
    planned = None  # a leaving planned ahead of its day (decision 0270): the target's own plan stands
    if new.leaves_on is None and new.left_on is None and old.left_on is None:
        planned = new.leaves_on = old.leaves_on
    # a long leave recorded on either record (decision 0740) goes on, to the later of their last days; one who
    # left is never away (decision 0774)
    if new.left_on is None and old.away_until is not None:
        _keep_the_later_leave(new, old)
    roles = await _merge_roles(session, source, target)
    await _merge_actions(session, source, target)
    await _merge_reminder_preference(session, source, target)
    await move_owned(session, f"p:{source}", f"p:{target}")
    if new.unit_id is not None:  # the source's results count where the kept record works (decision 0290)
        await results_follow(session, target, new.unit_id)
    for column in FOLLOW_THE_PERSON:
        await session.execute(
            update(column.class_)
            .where(column == source)
            .values({column.key: target})
            .execution_options(synchronize_session=False)
        )
    await session.delete(old)
    kept = await session.get(ReminderPreference, target)
    if kept is not None and kept.monday_off:  # off on either: what waits of it goes no more (2507, 2613)
        from bot.domain.digests import turn_weekly  # digests reads people's neighbours: imported when needed

        await session.flush()
        await turn_weekly(session, new, True, now=now)
    return MergeReport(roles=roles, leaves_on_from_source=planned, **counts)


def _audited(report: MergeReport) -> dict[str, Any]:
    """The report as a merge's audit row tells it: a planned leaving from the source only when one came."""
    details: dict[str, Any] = {
        **asdict(report),
        "left_behind": [{"role": role, "unit": code} for role, code in report.left_behind],
    }
    planned = details.pop("leaves_on_from_source")
    return details | ({"leaves_on_from_source": planned.isoformat()} if planned is not None else {})


async def _merge_reminder_preference(session: AsyncSession, source: int, target: int) -> None:
    """One preference per person: the source's becomes the target's where the target has none; where both
    have one, a choice turned off on either stays off, so that a weekly message or the optional reminders
    she stopped on the record dropped are not sent her again (decision 2505)."""
    kept = await session.get(ReminderPreference, target)
    if kept is None:
        await session.execute(
            update(ReminderPreference)
            .where(ReminderPreference.person_id == source)
            .values(person_id=target)
            .execution_options(synchronize_session=False)
        )
        return
    dropped = await session.get(ReminderPreference, source)
    if dropped is not None:
        kept.optional_off = bool(kept.optional_off or dropped.optional_off)
        kept.monday_off = bool(kept.monday_off or dropped.monday_off)
        await session.delete(dropped)
        await session.flush()


async def _count(session: AsyncSession, column: InstrumentedAttribute[Any], person_id: int) -> int:
    return await session.scalar(select(func.count()).where(column == person_id)) or 0


async def _refuse_double_registrations(
    session: AsyncSession, source: int, target: int, t: Translator
) -> None:
    """Both registered for the same campaign year: one registration per person and year, so merging would
    lose the source's; the refusal names both, with the day each was made."""
    mine, theirs = aliased(Commitment), aliased(Commitment)
    rows = list(
        await session.execute(
            select(mine.year, mine.created_at, theirs.created_at)
            .join(theirs, (theirs.campaign_id == mine.campaign_id) & (theirs.year == mine.year))
            .where(mine.owner_key == f"p:{source}", theirs.owner_key == f"p:{target}")
            .order_by(mine.year)
        )
    )
    if rows:
        both = "; ".join(
            t("{year}: ID {source} registered on {lost}, ID {target} on {kept}").format(
                year=year,
                source=source,
                lost=t.date(local_date(lost)),
                target=target,
                kept=t.date(local_date(kept)),
            )
            for year, lost, kept in rows
        )
        raise MergeError(
            t(
                "both records have registered ({both}); a person has one registration a year, and merging "
                "would lose that of ID {source}: nothing changed"
            ).format(both=both, source=source)
        )


async def _refuse_double_proposals(session: AsyncSession, source: int, target: int, t: Translator) -> None:
    """Both proposed for the same award in the same year, and both proposals standing: an officer first has
    one withdrawn (only one may stand: bot.domain.awards)."""
    mine, theirs = aliased(AwardProposal), aliased(AwardProposal)
    years = list(
        await session.scalars(
            select(mine.year)
            .join(theirs, (theirs.award_form_id == mine.award_form_id) & (theirs.year == mine.year))
            .where(
                mine.person_id == source,
                theirs.person_id == target,
                mine.withdrawn_at.is_(None),
                theirs.withdrawn_at.is_(None),
            )
            .order_by(mine.year)
        )
    )
    if years:
        raise MergeError(
            t(
                "both records (IDs {source} and {target}) are proposed for the same award in {years}: "
                "withdraw the proposal of ID {source} first, then merge; nothing changed"
            ).format(source=source, target=target, years=", ".join(map(str, years)))
        )


async def _merge_actions(session: AsyncSession, source: int, target: int) -> None:
    """The buttons of the source's notices keep working for the target: their numbers (per person) go after
    the target's own, so none collides. (A number typed from one of the source's old notices then names
    another action; their buttons still name theirs.)"""
    last = await session.scalar(
        select(func.coalesce(func.max(OutboundAction.number), 0)).where(OutboundAction.person_id == target)
    )
    await session.execute(
        update(OutboundAction)
        .where(OutboundAction.person_id == source)
        .values(person_id=target, number=OutboundAction.number + (last or 0))
        .execution_options(synchronize_session=False)
    )


async def _merge_roles(session: AsyncSession, source: int, target: int) -> int:
    """Move the source's roles the target lacks; returns how many moved. Membership is the staff list's."""
    held = {
        (r.role, r.org_id, r.unit_id)
        for r in await session.scalars(select(RoleAssignment).where(RoleAssignment.person_id == target))
    }
    moved = 0
    for role in await session.scalars(select(RoleAssignment).where(RoleAssignment.person_id == source)):
        duplicate = (role.role, role.org_id, role.unit_id) in held
        if duplicate or (role.role == "member" and any(r == "member" for r, _o, _u in held)):
            await session.execute(delete(RoleAssignment).where(RoleAssignment.id == role.id))
        else:
            await session.execute(
                update(RoleAssignment).where(RoleAssignment.id == role.id).values(person_id=target)
            )
            moved += 1
    return moved


MAX_NAME = 200  # person.full_name's column, as the staff import allows


class RenameError(ValueError):
    """A name that is none; `reason`: "empty", "too_long", "no_letters", or "accents" (the stored name
    typed without its accents). Nothing was changed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PersonRenamed:
    old: str
    new: str
    changed: bool


async def rename_person(
    session: AsyncSession, person: Person, name: str, *, now: datetime, actor_id: int | None = None
) -> PersonRenamed:
    """Record that `person` is now called `name` (a family name taken on marriage, a name corrected by
    papers): stored NFC with its spaces tidied, typed all in small letters or capitals written as papers
    write it (`name_case`; a donor's name as typed), under the staff import's rules (a name, at most
    MAX_NAME letters). The stored name typed without its accents is refused ("accents"): the papers would
    print it so, as a unit's (decision 0220). Everything stays theirs: it is one record. Audited
    `person.rename` with the old name; renaming back undoes it (decision 0145)."""
    new = " ".join(clean(name).split())
    if person.kind != "donor":
        new = name_case(new)
    if not new:
        raise RenameError("empty")
    if len(new) > MAX_NAME:
        raise RenameError("too_long")
    if not any(letter.isalpha() for letter in new):
        raise RenameError("no_letters")
    old = person.full_name
    if accents_dropped(new, old):
        raise RenameError("accents")
    if new == old:
        return PersonRenamed(old, new, changed=False)
    person.full_name, person.name_key = new, fold(new)[:MAX_NAME]
    audit(
        session,
        at=now,
        actor_id=actor_id,
        action="person.rename",
        entity="person",
        entity_id=person.id,
        old=old,
        new=new,
    )
    await session.flush()
    return PersonRenamed(old, new, changed=True)
