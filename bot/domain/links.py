"""One person on several messengers: a one-time link code attaches another messenger account to the person who
asked for it, never a name match; the person chooses where they are reached, and unlinks an account.

- **The code** reads "LK-7QM-4X2P9": "LK", a 3-character handle and a 5-character secret, from the invite
  alphabet. It can never be taken for an invite code: an invite code has 8 characters and never an "L"
  (bot.domain.invites), a link code 10 with an "L" first. It lives 10 minutes, once; asking again ends the
  earlier one. The handle is unique among live codes, so a wrong secret is a wrong try against that code: the
  fifth locks it (the person asks for a new one). A code typed with an unknown handle counts against nothing:
  a guess must hit one of a few live handles among 31³ and then one secret among 31⁵ in five tries
  (docs/decisions/0022).
- **Typed on another account** (its first message, or any time later), it attaches that account to the code's
  person. An account that belongs to someone else already is taken over only when that someone has nothing
  of their own (unlisted, same organisation, no commitments, contributions, evidence or roles beyond the
  code's person's): it is merged into the code's person. Otherwise nothing changes and an officer decides
  (`chungtay people merge`; docs/decisions/0023), but for an account of another organisation: one account is
  of one organisation, so that one is never linked nor merged (docs/decisions/0139). The account that asked
  is told of every link.
- **Where a person is reached**: `Person.channel`, which bot.delivery.outbox.reach reads first.
- **Unlinking** deletes the account's identity (it can join or be linked again), never the last active one.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    ChannelIdentity,
    Commitment,
    Contribution,
    ConversationState,
    Evidence,
    LinkCode,
    Person,
    RoleAssignment,
)
from bot.delivery.outbox import NOTICE, Destination, enqueue, lock_person, readdress
from bot.delivery.transport import OutboundMessage
from bot.domain.access import Actor, may_give_link_code_for, may_manage_messengers_of, subject_for
from bot.domain.audit import audit
from bot.domain.invites import CODE_ALPHABET, normalize_code
from bot.domain.people import absorb_person
from bot.i18n import translate

PREFIX = "LK"
HANDLE_LENGTH, SECRET_LENGTH = 3, 5
LIVES = timedelta(minutes=10)
MAX_WRONG_TRIES = 5
# What is read as a link code (and answered as one, right or wrong): "LK" and 8 letters or digits.
_SHAPE = re.compile(rf"{PREFIX}[A-Z0-9]{{{HANDLE_LENGTH + SECRET_LENGTH}}}")
# Codes older than this are not looked at (a used, expired or locked code is only named as such a while).
_REMEMBERED = timedelta(days=1)
_CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo"}


class LinkProblem(Exception):
    """Why a typed code linked nothing. `reason`: "unknown", "wrong" (`tries_left` > 0), "locked", "expired",
    "used", "same_account" (typed where it was asked for), "already_linked", "own_records" (the account
    belongs to someone with records of their own), "other_organisation" (the account belongs to someone of
    another organisation: never linked, whatever they hold), "last_account" (unlinking the only active
    account)."""

    def __init__(self, reason: str, *, tries_left: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.tries_left = tries_left


@dataclass(frozen=True)
class IssuedCode:
    code: str  # as shown: "LK-7QM-4X2P9"
    expires_at: datetime


@dataclass(frozen=True)
class Linked:
    person: Person
    identity_id: int
    merged_from: int | None  # the person the account belonged to, merged into `person`


def channel_name(locale: str, channel: str) -> str:
    """A messenger's name as a person knows it: brand names as they are; the terminal in their language."""
    if channel == "console":
        return translate(locale, "Terminal")
    return _CHANNEL_NAMES.get(channel, channel.capitalize())


def looks_like_link_code(typed: str) -> bool:
    """The text has a link code's shape ("lk 7qm 4x2p9" too): it is answered as one, right or wrong."""
    return _SHAPE.fullmatch(normalize_code(typed)) is not None


def _shown(handle: str, secret: str) -> str:
    return f"{PREFIX}-{handle}-{secret}"


def _random(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _live(now: datetime):  # type: ignore[no-untyped-def]
    return and_(LinkCode.used_at.is_(None), LinkCode.locked_at.is_(None), LinkCode.expires_at > now)


async def issue_link_code(
    session: AsyncSession, *, person_id: int, identity_id: int, now: datetime
) -> IssuedCode:
    """A new code for the person, asked from account `identity_id`; any earlier live code of theirs ends."""
    await session.execute(
        update(LinkCode)
        .where(LinkCode.person_id == person_id, _live(now))
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    for _ in range(10):
        handle = _random(HANDLE_LENGTH)
        taken = await session.scalar(select(LinkCode.id).where(LinkCode.handle == handle, _live(now)))
        if taken is None:
            break
    else:  # 31**3 handles against the few codes alive in ten minutes: only a broken random source gets here
        raise RuntimeError("could not find a free link code handle")
    code = LinkCode(
        person_id=person_id,
        identity_id=identity_id,
        handle=handle,
        secret=_random(SECRET_LENGTH),
        created_at=now,
        expires_at=now + LIVES,
        wrong_tries=0,
    )
    session.add(code)
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=person_id,
        action="link.code_issued",
        entity="link_code",
        entity_id=code.id,
        identity=identity_id,
    )
    return IssuedCode(_shown(code.handle, code.secret), code.expires_at)


async def issue_link_code_for(
    session: AsyncSession, actor: Actor | None, subject: Person, *, identity_id: int, now: datetime
) -> IssuedCode:
    """A code for a household (or a listed person) no messenger account holds, given by an officer from their
    account `identity_id` (`may_give_link_code_for`): typed on the household's phone, that phone joins the
    household's record, with what the officer recorded for it. The officer's account hears when it is used.
    LinkProblem("refused") otherwise, audited."""
    if not may_give_link_code_for(actor, await subject_for(session, subject)):
        audit(
            session,
            at=now,
            actor_id=actor.person_id if actor else None,
            action="link.code_refused",
            entity="person",
            entity_id=subject.id,
        )
        raise LinkProblem("refused")
    assert actor is not None
    issued = await issue_link_code(session, person_id=subject.id, identity_id=identity_id, now=now)
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="link.code_given",
        entity="person",
        entity_id=subject.id,
    )
    return issued


async def redeem_link_code(
    session: AsyncSession,
    typed: str,
    *,
    channel: str,
    external_id: str,
    now: datetime,
    default_locale: str = "vi",
) -> Linked:
    """Attach the account (channel, external_id) to the person of the code typed; LinkProblem when nothing
    was linked (a wrong try is recorded all the same, in the caller's transaction)."""
    code = await _usable_code(session, typed, channel=channel, now=now)
    return await _attach(
        session, code, channel=channel, external_id=external_id, now=now, locale=default_locale
    )


async def person_of_code(session: AsyncSession, typed: str, *, channel: str, now: datetime) -> Person:
    """The person a usable code would link to, nothing linked yet (a newcomer first agrees to the data
    notice: handlers/linking.py); LinkProblem as `redeem_link_code`, a wrong try recorded all the same."""
    code = await _usable_code(session, typed, channel=channel, now=now)
    return await session.get_one(Person, code.person_id)


async def link_code_live(session: AsyncSession, shown: str, *, now: datetime) -> bool:
    """The code (as shown, "LK-7QM-4X2P9") can still be used: not used, locked or expired."""
    normalized = normalize_code(shown)
    if not _SHAPE.fullmatch(normalized):
        return False
    handle, secret = normalized[2 : 2 + HANDLE_LENGTH], normalized[2 + HANDLE_LENGTH :]
    found = await session.scalar(
        select(LinkCode.id).where(LinkCode.handle == handle, LinkCode.secret == secret, _live(now))
    )
    return found is not None


async def _usable_code(session: AsyncSession, typed: str, *, channel: str, now: datetime) -> LinkCode:
    normalized = normalize_code(typed)
    if not _SHAPE.fullmatch(normalized):
        raise LinkProblem("unknown")
    handle, secret = normalized[2 : 2 + HANDLE_LENGTH], normalized[2 + HANDLE_LENGTH :]
    codes = list(
        await session.scalars(
            select(LinkCode)
            .where(LinkCode.handle == handle, LinkCode.created_at > now - _REMEMBERED)
            .order_by(LinkCode.id.desc())
            .with_for_update()
        )
    )
    code = next((c for c in codes if secrets.compare_digest(c.secret, secret)), None)
    if code is None:
        await _wrong_try(session, [c for c in codes if _is_live(c, now)], channel=channel, now=now)
    elif code.used_at is not None:
        raise LinkProblem("used")
    elif code.locked_at is not None:
        raise LinkProblem("locked")
    elif code.expires_at <= now:
        raise LinkProblem("expired")
    assert code is not None
    return code


def _is_live(code: LinkCode, now: datetime) -> bool:
    return code.used_at is None and code.locked_at is None and code.expires_at > now


async def _wrong_try(session: AsyncSession, live: list[LinkCode], *, channel: str, now: datetime) -> None:
    """A wrong secret for a live handle is a wrong try against that code: the fifth locks it. Raises."""
    if not live:
        raise LinkProblem("unknown")
    left = 0
    for code in live:
        tries = (
            await session.execute(
                update(LinkCode)
                .where(LinkCode.id == code.id, _live(now))
                .values(wrong_tries=LinkCode.wrong_tries + 1)
                .returning(LinkCode.wrong_tries)
                .execution_options(synchronize_session=False)
            )
        ).scalar()
        if tries is None:
            continue
        audit(
            session,
            at=now,
            actor_id=None,
            action="link.failed",
            entity="link_code",
            entity_id=code.id,
            channel=channel,
        )
        if tries >= MAX_WRONG_TRIES:
            await session.execute(
                update(LinkCode)
                .where(LinkCode.id == code.id)
                .values(locked_at=now)
                .execution_options(synchronize_session=False)
            )
            audit(session, at=now, actor_id=None, action="link.locked", entity="link_code", entity_id=code.id)
        left = max(left, MAX_WRONG_TRIES - tries)
    raise LinkProblem("wrong", tries_left=left) if left else LinkProblem("locked")


async def _attach(
    session: AsyncSession, code: LinkCode, *, channel: str, external_id: str, now: datetime, locale: str
) -> Linked:
    person = await session.get_one(Person, code.person_id, with_for_update=True)
    identity = await session.scalar(
        select(ChannelIdentity)
        .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id)
        .with_for_update()
    )
    merged_from: int | None = None
    if identity is not None and identity.id == code.identity_id:
        raise LinkProblem("same_account")
    if identity is not None and identity.person_id == person.id:
        raise LinkProblem("already_linked")
    if identity is not None:
        other = await session.get_one(Person, identity.person_id, with_for_update=True)
        why = await _why_not_absorbed(session, other, person)
        if why is not None:
            audit(
                session,
                at=now,
                actor_id=other.id,
                action="identity.link_refused",
                entity="link_code",
                entity_id=code.id,
                person=other.id,
                target=person.id,
                why=why,
            )
            # Two organisations' accounts are never one person: no officer can merge them either.
            raise LinkProblem("other_organisation" if why == "organisation" else "own_records")
    used = await session.execute(
        update(LinkCode)
        .where(LinkCode.id == code.id, _live(now))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if used.rowcount == 0:  # type: ignore[attr-defined]  # another account took it in the meantime
        raise LinkProblem("used")
    if identity is None:
        identity = ChannelIdentity(
            channel=channel, external_id=external_id, person_id=person.id, status="active", created_at=now
        )
        session.add(identity)
        await session.flush()
    else:
        merged_from = identity.person_id
        other = await session.get_one(Person, merged_from)
        report = await absorb_person(session, other, person, now=now)
        await session.flush()
        await session.refresh(identity)
        audit(
            session,
            at=now,
            actor_id=person.id,
            action="person.merge",
            entity="person",
            entity_id=person.id,
            source=merged_from,
            target=person.id,
            via="link",
            identities=report.identities,
            roles=report.roles,
            **(
                {"leaves_on_from_source": report.leaves_on_from_source.isoformat()}
                if report.leaves_on_from_source is not None
                else {}
            ),
        )
    audit(
        session,
        at=now,
        actor_id=person.id,
        action="identity.linked",
        entity="channel_identity",
        entity_id=identity.id,
        channel=channel,
        code=code.id,
        merged_from=merged_from,
    )
    await _tell_the_asker(session, code, person, channel=channel, now=now, locale=locale)
    return Linked(person, identity.id, merged_from)


async def _why_not_absorbed(session: AsyncSession, other: Person, person: Person) -> str | None:
    """Why the account's current person `other` cannot be merged into `person` without an officer; None when
    they have nothing of their own to lose or to bring."""
    if other.org_id != person.org_id:
        return "organisation"
    if other.listed:
        return "listed"
    mine = other.id
    records = [
        select(Commitment.id).where(
            or_(
                Commitment.person_id == mine,
                Commitment.registered_by == mine,
                Commitment.owner_key == f"p:{mine}",
            )
        ),
        select(Contribution.id).where(
            or_(
                Contribution.person_id == mine,
                Contribution.recorded_by == mine,
                Contribution.decided_by == mine,
            )
        ),
        select(Evidence.id).where(Evidence.uploaded_by == mine),
        select(RoleAssignment.id).where(RoleAssignment.granted_by == mine),
    ]
    for query in records:
        if await session.scalar(query.limit(1)) is not None:
            return "records"
    query = select(RoleAssignment.role, RoleAssignment.unit_id)
    held = {
        (role, unit)
        for role, unit in await session.execute(query.where(RoleAssignment.person_id == person.id))
    }
    for role, unit_id in await session.execute(query.where(RoleAssignment.person_id == mine)):
        if role != "member" and (role, unit_id) not in held:
            return "roles"  # linking never widens what a person may do: an officer decides
    return None


async def _tell_the_asker(
    session: AsyncSession, code: LinkCode, person: Person, *, channel: str, now: datetime, locale: str
) -> None:
    """The account that asked for the code hears of the link, whatever the person chose to be reached on: if
    the code was seen by someone else, the person learns it at once."""
    asker = await session.get(ChannelIdentity, code.identity_id)
    if asker is None or not asker.is_active:
        return
    if asker.person_id != person.id:  # an officer gave the code for a record without an account
        officer = await session.get_one(Person, asker.person_id)
        locale = officer.locale or locale
        text = translate(
            locale,
            "The link code you gave for {name} was just used on {channel}: that account now uses {name}'s "
            "record, with what you recorded for it.",
        ).format(name=person.full_name, channel=channel_name(locale, channel))
    else:
        locale = person.locale or locale
        text = translate(
            locale,
            "A {channel} account was just linked to your Chung Tay account with your link code. "
            "If this was not you, please tell the officer in charge at once.",
        ).format(channel=channel_name(locale, channel))
    await enqueue(
        session,
        key=f"notice:linked:{code.id}",
        destination=Destination(asker.channel, asker.external_id),
        message=OutboundMessage(text=text, keep=True, locale=locale),
        now=now,
        priority=NOTICE,
        person_id=asker.person_id,
    )


# --- the person's own accounts ------------------------------------------------------------------------


async def accounts_of(session: AsyncSession, person_id: int) -> list[ChannelIdentity]:
    """The person's messenger accounts that are not removed, oldest first."""
    return list(
        await session.scalars(
            select(ChannelIdentity)
            .where(ChannelIdentity.person_id == person_id, ChannelIdentity.status != "removed")
            .order_by(ChannelIdentity.id)
        )
    )


async def choose_reach(
    session: AsyncSession, actor: Actor | None, person: Person, channel: str | None, *, now: datetime
) -> None:
    """Reminders, notices and digests go to `channel` (None: the messenger the person used last). Only a
    channel the person has an active account on can be chosen."""
    if not may_manage_messengers_of(actor, person):
        raise PermissionError("only the person chooses where they are reached")
    if channel is not None:
        active = await session.scalar(
            select(func.count())
            .select_from(ChannelIdentity)
            .where(
                ChannelIdentity.person_id == person.id,
                ChannelIdentity.channel == channel,
                ChannelIdentity.is_active,
            )
        )
        if not active:
            raise ValueError(f"no active {channel} account to be reached on")
    audit(
        session,
        at=now,
        actor_id=person.id,
        action="person.reach",
        entity="person",
        entity_id=person.id,
        channel=channel,
        was=person.channel,
    )
    person.channel = channel


async def unlink_identity(
    session: AsyncSession, actor: Actor | None, person: Person, identity_id: int, *, now: datetime
) -> ChannelIdentity:
    """Take one of the person's accounts off their record: the account is forgotten (it can join or be
    linked again) and its chat starts afresh. Never the last active account: LinkProblem("last_account")."""
    if not may_manage_messengers_of(actor, person):
        raise PermissionError("only the person unlinks their own messenger accounts")
    await lock_person(session, person.id)  # a batch of messages under way is waited for (decision 0261)
    accounts = await session.scalars(
        select(ChannelIdentity).where(ChannelIdentity.person_id == person.id).with_for_update()
    )
    mine = {account.id: account for account in accounts}
    identity = mine.get(identity_id)
    if identity is None or identity.status == "removed":
        raise LookupError("not one of the person's accounts")
    if not any(a.is_active for a in mine.values() if a.id != identity_id):
        raise LinkProblem("last_account")
    audit(
        session,
        at=now,
        actor_id=person.id,
        action="identity.unlinked",
        entity="channel_identity",
        entity_id=identity.id,
        channel=identity.channel,
        person=person.id,
    )
    if person.channel == identity.channel and not any(
        a.channel == identity.channel and a.is_active for a in mine.values() if a.id != identity_id
    ):
        person.channel = None  # nothing left there: back to the messenger used last
    await session.execute(
        update(ConversationState)
        .where(
            ConversationState.channel == identity.channel, ConversationState.chat_id == identity.external_id
        )
        .values(person_id=None, flow="", step="", data={}, menu={})
        .execution_options(synchronize_session=False)
    )
    await session.execute(delete(ChannelIdentity).where(ChannelIdentity.id == identity.id))
    # what waits for that account goes to the person's other one: the account may be someone else's soon
    await readdress(session, person.id, channel=identity.channel, chat_id=identity.external_id, now=now)
    return identity
