"""Claiming a listed record: a newcomer whose name is on the staff list proves that the record is theirs.

An invite code is shared by a whole unit and the names on a staff list are no secret, so a typed name proves
nothing: the proof is the last 4 digits of the phone number on the list, which the bot never shows. Three
wrong tries against a record within an hour lock claims of that record for an hour, whatever invite or chat
they come from; each further lock within LOCKS_REMEMBERED lasts twice as long as the one before, up to
LONGEST_LOCK, so that a guesser who comes back whenever a lock ends tries a few dozen of the 10,000 endings in
a month, not thousands (docs/decisions/0152). The tries and the locks are audit rows (entity "person", the
record's id), so the count holds across chats, invites and restarts, and an officer can read it. A record that
a messenger account already holds, on any channel and in any status, cannot be claimed again: its namesake
joins as a new member, and an officer merges the two if they are one person (bot.domain.people.merge_people;
docs/decisions/0010). The record of someone recorded as left is never claimed so
(bot.domain.access.may_claim_on_joining): the right digits say that the office recorded them as left, and
nothing is stored (docs/decisions/0129).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditLog, ChannelIdentity, Invite, Person
from bot.domain.access import may_claim_on_joining
from bot.domain.audit import audit
from bot.domain.numbers import NumberError, ascii_digits
from bot.domain.org_import import normalize_phone
from bot.domain.people import FoundPerson, near_names
from bot.text import fold

MAX_TRIES = 3
NEAR_OFFERED = 3  # listed names offered, at most, for a name typed a letter or two off (docs/decisions/0129)
LOCK = timedelta(hours=1)  # the first lock of a record; each next one within LOCKS_REMEMBERED twice as long
LONGEST_LOCK = timedelta(days=7)
LOCKS_REMEMBERED = timedelta(days=90)
FAILED, LOCKED = "person.claim_failed", "person.claim_locked"
GIVEN_NAME_LOOKED_UP = "joining.given_name"  # a given name alone looked up (docs/decisions/1693)
GIVEN_NAMES_COUNTED = timedelta(days=1)  # a chat's three (decision 1693)
# The unit's given names found, counted over the days an invite lasts (`create_invite`'s 14 by default), not
# renewed each morning (decision 1823).
GIVEN_NAMES_SHARED = timedelta(days=14)
_LAST_DIGITS = re.compile(r"[0-9]{4}")


# How a household's name begins on a list or when typed (folded): “Hộ ông Trần Văn Ba”, “Hộ bà …”, “Hộ …”,
# “Gia đình …”. A family types “tran van ba” or “Hộ Trần Văn Ba” for the list's “Hộ ông Trần Văn Ba”.
_HOUSEHOLD_WORDS = ("ho gia dinh", "gia dinh", "ho ong", "ho ba", "ho anh", "ho chi", "ho")


def household_name_keys(name: str) -> list[str]:
    """The folded names one household may be written with, whatever “Hộ ông/bà/…” word leads the name (or
    none): compared with a household's `name_key`. A name of one word after the word is taken as written
    (“Hồ Anh” is no household of “Anh”)."""
    key = fold(name)
    core = key
    for word in _HOUSEHOLD_WORDS:
        rest = key.removeprefix(word + " ")
        if rest != key and " " in rest:
            core = rest
            break
    return sorted({key, core, *(f"{word} {core}" for word in _HOUSEHOLD_WORDS)})


def name_matches(name: str, *, household: bool) -> ColumnElement[bool]:
    """A person of this name (compared folded); joining as a household, a household also under the name
    written with another or no “Hộ …” word."""
    same = Person.name_key == fold(name)
    if not household:
        return same
    return or_(same, and_(Person.kind == "household", Person.name_key.in_(household_name_keys(name))))


@dataclass(frozen=True)
class Attempt:
    """What a typed proof did: the record it claimed, else the tries left (0: every candidate is locked).
    `taken`: the digits are right, but an account took the record since the name was typed. `left_on`: the
    digits are right, but the person was recorded as left that day: not claimed (`may_claim_on_joining`)."""

    person_id: int | None
    tries_left: int
    taken: bool = False
    left_on: date | None = None


def last_digits(typed: str) -> str | None:
    """Exactly four ASCII or full-width digits, as ASCII ("５６７４" → "5674"); None for anything else."""
    try:
        text = ascii_digits(typed).strip()
    except NumberError:
        return None
    return text if _LAST_DIGITS.fullmatch(text) else None


def proves(phone: str, typed: str) -> bool:
    """Whether `typed`, 4 digits or a whole phone as `normalize_phone` writes it, proves the listed `phone`:
    4 digits are its last 4; a whole phone is the same number, not one that only ends alike (a household's
    own 0987 345 678 took its namesake's record listed with 0912 345 678: docs/decisions/1368)."""
    if len(typed) == len("5678"):
        return phone.endswith(typed)
    return normalize_phone(phone) == typed


def _unlinked() -> Any:
    return Person.id.not_in(select(ChannelIdentity.person_id))


async def claimable_records(
    session: AsyncSession,
    *,
    org_id: int,
    name: str,
    unit_id: int | None,
    household: bool = False,
    role: str = "member",
) -> list[Person]:
    """Listed people of the organisation with this name (compared folded) that no messenger account holds and
    whose phone is on the list: only those can be claimed, with the proof. Those of `unit_id` come first.
    An invite's `role` other than member claims no household (`claims_household`)."""
    return list(
        await session.scalars(
            _unheld_named(org_id, name, unit_id, Person.phone.is_not(None), household, role).limit(10)
        )
    )


async def listed_without_phone(
    session: AsyncSession,
    *,
    org_id: int,
    name: str,
    unit_id: int | None,
    household: bool = False,
    role: str = "member",
) -> Person | None:
    """A listed record of this name (compared folded) that no messenger account holds and whose phone the list
    does not give: nobody can prove it is theirs, so an officer gives its phone a link code
    (bot.domain.links.issue_link_code_for; docs/decisions/0055). One of `unit_id` first. Never the record of
    someone recorded as left (`may_claim_on_joining`): no officer may give it a code (`may_act_for`), and a
    newcomer of the name sent to ask for one met a dead end (docs/decisions/1082)."""
    at_work = and_(Person.phone.is_(None), Person.left_on.is_(None))
    return await session.scalar(_unheld_named(org_id, name, unit_id, at_work, household, role).limit(1))


def unheld_listed(org_id: int, unit_id: int, *, household: bool) -> ColumnElement[bool]:
    """The listed people a joining name is set against: of a household's invite, its unit's households; of
    a staff invite, the organisation's staff (a staff list may be the whole organisation's) — those no
    messenger account holds and who have not left."""
    if household:
        return _unheld_of_the_unit(org_id, unit_id, household=True)
    return and_(Person.org_id == org_id, Person.listed.is_(True), Person.kind == "staff", _unheld())


def _listed_of_the_unit(org_id: int, unit_id: int, *, household: bool) -> ColumnElement[bool]:
    """The unit's listed records of an invite's kind, its households or its staff: joined or not, left or
    not."""
    kind = Person.kind == ("household" if household else "staff")
    return and_(Person.org_id == org_id, Person.listed.is_(True), kind, Person.unit_id == unit_id)


def _unheld() -> ColumnElement[bool]:
    """Held by no messenger account, and not left."""
    return and_(Person.left_on.is_(None), _unlinked())


def _unheld_of_the_unit(org_id: int, unit_id: int, *, household: bool) -> ColumnElement[bool]:
    """`unheld_listed` of the invite's own unit alone, whatever its kind: what a name typed at joining is
    looked for among, a letter or two off (`near_listed`) or by a given name (`named_by_a_given_name`), and
    what `yet_to_join` counts (docs/decisions/0129, 1670, 1743)."""
    return and_(_listed_of_the_unit(org_id, unit_id, household=household), _unheld())


async def near_listed(
    session: AsyncSession, *, org_id: int, unit_id: int, name: str, household: bool
) -> list[FoundPerson]:
    """The listed names offered for a name on no list: only of the invite's own unit, not joined, not left,
    whose whole name reads as the one typed but a letter or two off (`people.near_names`, whole), at most
    NEAR_OFFERED. Never a search by a word of the name: an invite is shared, and a stranger with one must not
    read the unit's list out of it (docs/decisions/0129)."""
    among = _unheld_of_the_unit(org_id, unit_id, household=household)
    return await near_names(session, name, among, limit=NEAR_OFFERED, whole=True)


async def named_by_a_given_name(
    session: AsyncSession, *, org_id: int, unit_id: int, word: str, household: bool
) -> list[Person]:
    """The records of the invite's own unit a given name alone may name (“Lan” for “Nguyễn Thị Lan”, “Ba”
    for “Hộ ông Trần Văn Ba”): listed, not joined, not left, their name's last word `word` (compared
    folded); two at most, as all that matters is one or several. Only the unit's, as `near_listed`, of the
    invite's kind (`unheld_listed`: a household's invite, always a member's, its households; a staff invite,
    its colleagues), and nothing of them is shown before the proof (decisions 0129, 1670)."""
    key = fold(word)
    found = await session.scalars(
        select(Person)
        .where(
            _unheld_of_the_unit(org_id, unit_id, household=household),
            or_(Person.name_key == key, Person.name_key.endswith(f" {key}", autoescape=True)),
        )
        .order_by(Person.id)
        .limit(2)
    )
    return list(found)


async def given_names_tried(session: AsyncSession, chat: int, *, now: datetime) -> int:
    """How many given names alone the chat `chat` (its conversation's row) had looked up at joining in the
    last day (`note_given_name`): counted apart from its answers, so that /huy begins no new count."""
    return await _given_names_looked_up(session, "chat", AuditLog.entity_id == chat, now=now)


async def given_names_tried_with(session: AsyncSession, invite: Invite, *, now: datetime) -> int:
    """How many given names alone found a record with the invites of `invite`'s unit and kind in the last
    GIVEN_NAMES_SHARED, by every chat that holds one: a stranger's several messenger accounts are counted
    together (decision 1743), and so are the unit's several codes, each reading the same list (decision 1761);
    over the days an invite lasts, not a day, and a name that found nobody not at all (decision 1823)."""
    same_list = select(Invite.id).where(
        Invite.org_id == invite.org_id, Invite.unit_id == invite.unit_id, Invite.kind == invite.kind
    )
    which = AuditLog.entity_id.in_(same_list)
    return await _given_names_looked_up(session, "invite", which, now=now, over=GIVEN_NAMES_SHARED)


async def _given_names_looked_up(
    session: AsyncSession,
    entity: str,
    which: ColumnElement[bool],
    *,
    now: datetime,
    over: timedelta = GIVEN_NAMES_COUNTED,
) -> int:
    """The given names alone looked up in the last `over`, counted by the rows `note_given_name` wrote of
    `entity` (a chat, an invite) that `which` picks."""
    await session.flush()
    tried = await session.scalar(
        select(func.count())
        .select_from(AuditLog)
        .where(
            AuditLog.entity == entity,
            which,
            AuditLog.action == GIVEN_NAME_LOOKED_UP,
            AuditLog.at > now - over,
        )
    )
    return tried or 0


async def yet_to_join(
    session: AsyncSession, *, org_id: int, unit_id: int, household: bool, now: datetime
) -> int:
    """How many records of the invite's own unit a given name alone may find (`named_by_a_given_name`):
    listed, not joined, not left, of the invite's kind (`_unheld_of_the_unit`), as many as there were
    GIVEN_NAMES_SHARED ago: those who joined since, each of whom may have found hers so, counted too
    (decision 1823). One query."""
    lately = Person.consent_at > now - GIVEN_NAMES_SHARED
    counted = await session.execute(
        select(func.count().filter(_unheld()), func.count().filter(lately))
        .select_from(Person)
        .where(_listed_of_the_unit(org_id, unit_id, household=household))
    )
    unheld, since = counted.one()
    return (unheld or 0) + (since or 0)


def note_given_name(session: AsyncSession, chat: int, *, invite: int, now: datetime, found: bool) -> None:
    """A given name alone looked up by the chat `chat` with the invite `invite`: the chat's and the invite's
    ids only, never the word typed; a row counted by chat, and one by invite where it `found` a record
    (decisions 1743, 1823): a word that finds nobody spends nothing of the unit's count."""
    audit(
        session,
        at=now,
        actor_id=None,
        action=GIVEN_NAME_LOOKED_UP,
        entity="chat",
        entity_id=chat,
        invite=invite,
    )
    if found:
        audit(session, at=now, actor_id=None, action=GIVEN_NAME_LOOKED_UP, entity="invite", entity_id=invite)


async def listed_by_name(session: AsyncSession, *, org_id: int, name: str, household: bool) -> bool:
    """A listed person of the organisation has this name (compared folded), held by an account or not."""
    found = await session.scalar(
        select(Person.id)
        .where(Person.org_id == org_id, Person.listed.is_(True), name_matches(name, household=household))
        .limit(1)
    )
    return found is not None


def claims_household(role: str) -> bool:
    """Whether an invite giving `role` may take up a listed household's record: only a member's. A household
    is a member and nothing more (decision 0039): the hamlet head whose household a commune's list names by
    him joins with an officer's code as a record of his own, and records for his household (decision 0638)."""
    return role == "member"


def _unheld_named(
    org_id: int, name: str, unit_id: int | None, phone: ColumnElement[bool], household: bool, role: str
) -> Select[tuple[Person]]:
    """Listed records of the organisation with this name that no account holds, `phone` as said, those of
    `unit_id` first (`household`: joining as one, see `name_matches`; `role`: the invite's). A household's
    invite takes up only a household's record: a colleague of the staff list is no household, and her
    phone's digits asked “as the household's” made her record one (docs/decisions/1084)."""
    kind = [] if claims_household(role) else [Person.kind != "household"]
    if household:
        kind.append(Person.kind == "household")
    return (
        select(Person)
        .where(
            Person.org_id == org_id,
            Person.listed.is_(True),
            name_matches(name, household=household),
            phone,
            _unlinked(),
            *kind,
        )
        .order_by((Person.unit_id == unit_id).desc(), Person.id)
    )


async def still_claimable(session: AsyncSession, person_id: int) -> bool:
    """The record is still listed, its person has not left, and no account took it since the proof (checked
    again when joining)."""
    return (
        await session.scalar(
            select(Person.id).where(
                Person.id == person_id, Person.listed.is_(True), Person.left_on.is_(None), _unlinked()
            )
        )
    ) is not None


async def left_since(session: AsyncSession, person_id: int) -> date | None:
    """The day the record's person was recorded as left, if they were (then it is not claimed by joining)."""
    person = await session.get_one(Person, person_id)
    return None if may_claim_on_joining(person) else person.left_on


async def _locks(session: AsyncSession, person_ids: list[int], *, now: datetime) -> dict[int, list[datetime]]:
    """When each record was locked within LOCKS_REMEMBERED (a lock audited in this turn counts)."""
    await session.flush()
    locks: dict[int, list[datetime]] = {person_id: [] for person_id in person_ids}
    rows = await session.execute(
        select(AuditLog.entity_id, AuditLog.at).where(
            AuditLog.entity == "person",
            AuditLog.entity_id.in_(person_ids),
            AuditLog.action == LOCKED,
            AuditLog.at > now - LOCKS_REMEMBERED,
        )
    )
    for person_id, at in rows:
        locks[person_id].append(at)
    return locks


def _lock_ends(locks: list[datetime]) -> datetime | None:
    """When the last of these locks ends (in the past: it has ended), None if there was none: the first
    lock within LOCKS_REMEMBERED lasts LOCK, each next one twice as long, up to LONGEST_LOCK."""
    if not locks:
        return None
    return max(locks) + min(LOCK * 2 ** min(len(locks) - 1, 16), LONGEST_LOCK)


async def claims_reopen(session: AsyncSession, person_ids: list[int], *, now: datetime) -> datetime | None:
    """When the first of these locked records can be claimed again (None: one of them can be now)."""
    ends = [_lock_ends(locks) for locks in (await _locks(session, person_ids, now=now)).values()]
    if not ends or any(end is None or end <= now for end in ends):
        return None
    return min(end for end in ends if end is not None)


async def open_records(session: AsyncSession, person_ids: list[int], *, now: datetime) -> list[Person]:
    """The candidates whose proof can be checked now (not locked), in the given order, taken meanwhile by an
    account or not: the right digits for a taken one say so (`Attempt.taken`), wrong ones are wrong tries all
    the same (else a guesser could learn a joined person's digits by trying them without a lock)."""
    found = {
        p.id: p
        for p in await session.scalars(
            select(Person).where(
                Person.id.in_(person_ids), Person.listed.is_(True), Person.phone.is_not(None)
            )
        )
    }
    locks = await _locks(session, person_ids, now=now)
    return [
        found[i] for i in person_ids if i in found and ((ends := _lock_ends(locks[i])) is None or ends <= now)
    ]


async def _wrong_try(session: AsyncSession, person_id: int, *, now: datetime, **details: Any) -> int:
    """Audit one wrong try against the record; the tries left before it locks (0: it locks now)."""
    since = now - LOCK
    locks = (await _locks(session, [person_id], now=now))[person_id]
    if locks and max(locks) > since:
        since = max(locks)  # tries before a lock that has ended start no new one
    earlier = await session.scalar(
        select(func.count())
        .select_from(AuditLog)
        .where(
            AuditLog.entity == "person",
            AuditLog.entity_id == person_id,
            AuditLog.action == FAILED,
            AuditLog.at > since,
        )
    )
    failed = (earlier or 0) + 1
    audit(session, at=now, actor_id=None, action=FAILED, entity="person", entity_id=person_id, **details)
    if failed < MAX_TRIES:
        return MAX_TRIES - failed
    audit(session, at=now, actor_id=None, action=LOCKED, entity="person", entity_id=person_id, **details)
    return 0


async def attempt_claim(
    session: AsyncSession, person_ids: list[int], digits: str, *, now: datetime, **details: Any
) -> Attempt:
    """Check typed digits (or a whole phone, `proves`) against the candidates' phones. A match claims that
    record (or says another account took it meanwhile); a miss is a wrong try against every candidate not
    locked. `details` go to the audit rows: never personal data, never digits."""
    candidates = await open_records(session, person_ids, now=now)
    if not candidates:
        return Attempt(None, 0)
    for person in candidates:
        if person.phone is not None and proves(person.phone, digits):
            if not may_claim_on_joining(person):
                return Attempt(None, MAX_TRIES, left_on=person.left_on)
            if not await still_claimable(session, person.id):
                return Attempt(None, MAX_TRIES, taken=True)
            return Attempt(person.id, MAX_TRIES)
    left = [await _wrong_try(session, p.id, now=now, **details) for p in candidates]
    return Attempt(None, max(left))
