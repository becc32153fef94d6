"""A pack an officer keeps to hand over later (decision 1210), still held a month after its ceremony
(decision 1462): the officer who holds it is told once, on a working morning, to hand it over or put it back
in the Fund, and the treasurers read it on their list (`/xacnhan`) for as long as it is held.

A month, not sixty days nor the drive's end: the seed plans give gifts at the holidays — Tết, then 8/3 and
20/10 — and ask that those in hardship be visited “kịp thời”. A Tết pack is handed out in the weeks before
Tết; a household away on the day is home for Tết itself, so a pack still held a month after the ceremony is
one that will not be handed without someone asking, and asking then leaves time before the 8/3 round, which
is told what the Fund has left without the envelope in the drawer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import local_date
from bot.config import Settings
from bot.db.models import CaseSupport, GiftRound, HardshipCase, OutboxMessage, Person, RoleAssignment
from bot.db.ops import in_chunks
from bot.delivery.actions import notify
from bot.delivery.outbox import recipients
from bot.delivery.transport import OutboundMessage
from bot.domain.access import (
    DECIDE_ROLES,
    ROLE_GRANTERS,
    Actor,
    actor_for,
    cases_read_by,
    may_chase_held_pack,
    may_grant_role,
    may_see_held_packs,
)
from bot.domain.reminders import working_mornings
from bot.domain.spending import paid_kind
from bot.i18n import Translator

HELD_DAYS = 30  # from the ceremony (the pack's day) to the day it is asked about
KEY = "held-pack"  # and the pack's first support: told once, whatever the job's runs
TOLD_CHUNK = 200  # packs looked up in one statement: one LIKE each, within SQLite's expression depth (1000)


@dataclass(frozen=True)
class HeldPack:
    """A pack held to hand over later since at least HELD_DAYS: a round's package to one case once."""

    support_id: int  # its first support held: the key of the one notice
    case_id: int
    case_name: str
    org_id: int
    case_unit_id: int | None  # its colleague's or household's unit; None: it names no one of the list
    holder_id: int | None  # who cancelled it keeping the envelope (None: that account is gone)
    holder: str | None
    delivered_on: date  # the ceremony's day
    title: str | None  # its round's
    money_vnd: int  # what the envelope holds: its money, and goods bought with it (decision 0099)


async def held_past(session: AsyncSession, today: date, *where: ColumnElement[bool]) -> list[HeldPack]:
    """The packs matching `where` still held by an officer whose ceremony was HELD_DAYS or more before
    `today`, the oldest first. A pack handed later or put back is not held (`kept`), nor read again."""
    named = aliased(Person)  # the colleague or household the case names, for its unit
    rows = await session.execute(
        select(
            CaseSupport.reverses_id,
            CaseSupport.case_id,
            CaseSupport.round_id,
            CaseSupport.recorded_by,
            CaseSupport.delivered_on,
            paid_kind(),
            CaseSupport.amount_vnd,
            HardshipCase.name,
            HardshipCase.org_id,
            named.unit_id,
            GiftRound.title,
            Person.full_name,
        )
        .join(HardshipCase, HardshipCase.id == CaseSupport.case_id)
        .outerjoin(GiftRound, GiftRound.id == CaseSupport.round_id)
        .outerjoin(Person, Person.id == CaseSupport.recorded_by)
        .outerjoin(named, named.id == HardshipCase.person_id)
        .where(
            CaseSupport.reverses_id.is_not(None),
            CaseSupport.kept == "held",
            CaseSupport.delivered_on <= today - timedelta(days=HELD_DAYS),
            *where,
        )
        .order_by(CaseSupport.delivered_on, CaseSupport.reverses_id)
    )
    packs: dict[tuple[int, int], HeldPack] = {}
    for held, case_id, round_id, by, day, kind, amount, name, org_id, unit_id, title, holder in rows:
        one = (case_id, round_id if round_id is not None else -held)  # a round's kinds, one pack
        money = -amount if kind == "money" else 0  # the cancellation carries the opposite figure
        if one in packs:
            pack = packs[one]
            packs[one] = replace(pack, money_vnd=pack.money_vnd + money)
            continue
        packs[one] = HeldPack(held, case_id, name, org_id, unit_id, by, holder, day, title, money)
    return list(packs.values())


async def held_packs_for(session: AsyncSession, actor: Actor, today: date) -> list[HeldPack]:
    """The packs of `actor`'s organisation held a month or more, for her list: none unless she may read them
    (`may_see_held_packs`)."""
    if not may_see_held_packs(actor, actor.org_id):
        return []
    return await held_past(session, today, HardshipCase.org_id == actor.org_id)


def _ask(locale: str, pack: HeldPack, days: int) -> OutboundMessage:
    t = Translator(locale)
    pack_named = (
        t("the pack of “{round}” of {date}").format(round=pack.title, date=t.date(pack.delivered_on))
        if pack.title
        else t("the pack of {date}").format(date=t.date(pack.delivered_on))
    )
    return OutboundMessage(
        text=t(
            "You have been keeping {pack} for {case} to hand over later ({money}) for {days} days now. "
            "Once the family has it, please choose “The held pack was handed over” on the case's page "
            "(/cases); if it cannot be given, please put the money back in the Fund and choose “Put back "
            "in the Fund” there. Thank you."
        ).format(
            pack=pack_named,
            case=pack.case_name,
            money=t.vnd(pack.money_vnd),
            days=t.number(days),
        )
    )


def _ask_treasurer(locale: str, pack: HeldPack, days: int) -> OutboundMessage:
    """To the treasurers, of a pack whose holder no longer looks after its case (decision 1551)."""
    return _tell_treasurer(locale, pack, days, unreached=False)


def _ask_unreached(locale: str, pack: HeldPack, days: int) -> OutboundMessage:
    """To the treasurers, of a pack whose holder still looks after its case but no messenger reaches
    (decision 1664)."""
    return _tell_treasurer(locale, pack, days, unreached=True)


def _tell_treasurer(locale: str, pack: HeldPack, days: int, *, unreached: bool) -> OutboundMessage:
    """A treasurer's notice of `pack`, never naming its household: who holds it, since when, its money, and
    why its holder was not asked."""
    t = Translator(locale)
    said = (
        t(
            "{holder} has been keeping a pack of {date} ({money}) to hand over later for {days} days now, "
            "but the bot cannot reach them on any messenger, so they have not been asked. Please remind "
            "them in person to hand it over to the family, or to put the money back in the Fund. Thank you."
        )
        if unreached
        else t(
            "{holder} has been keeping a pack of {date} ({money}) to hand over later for {days} days now, "
            "and no longer looks after its case, so has not been asked about it. Please ask the officer who "
            "looks after the case to see it handed over, or have the money put back in the Fund. Thank you."
        )
    )
    return _about_pack(t, said, pack, days)


def _ask_admin(locale: str, pack: HeldPack, days: int) -> OutboundMessage:
    """To the admins, of a pack neither whose holder nor any treasurer who could remind her is reached
    (decision 1747): who holds it, since when, its money, never the household."""
    t = Translator(locale)
    said = t(
        "{holder} has been keeping a pack of {date} ({money}) to hand over later for {days} days now, but "
        "the bot can reach neither them nor any treasurer to remind them. Please give the treasurer's role "
        "to someone who uses Chung Tay in “Roles” (/phanquyen), or remind them in person to hand it over to "
        "the family or put the money back in the Fund. Thank you."
    )
    return _about_pack(t, said, pack, days)


def _ask_admin_off_case(locale: str, pack: HeldPack, days: int) -> OutboundMessage:
    """To the admins, of a pack whose holder the bot reaches but who no longer looks after its case, with no
    treasurer reached (decision 1792): not “reaches neither them”, which is untrue."""
    t = Translator(locale)
    said = t(
        "{holder} has been keeping a pack of {date} ({money}) to hand over later for {days} days now, but "
        "no longer looks after its case, so has not been asked about it, and the bot cannot reach any "
        "treasurer either. Please give the treasurer's role to someone who uses Chung Tay in “Roles” "
        "(/phanquyen), or remind them in person to hand it over to the family or put the money back in the "
        "Fund. Thank you."
    )
    return _about_pack(t, said, pack, days)


def _about_pack(t: Translator, said: str, pack: HeldPack, days: int) -> OutboundMessage:
    """`said`, a notice of `pack` to those who may see it handed over in its holder's place (the treasurers,
    the admins), with who holds it, since when, for how many days and its money: never its household."""
    return OutboundMessage(
        text=said.format(
            holder=pack.holder or t("An officer"),
            date=t.date(pack.delivered_on),
            money=t.vnd(pack.money_vnd),
            days=t.number(days),
        )
    )


async def _still_reading(session: AsyncSession, packs: Sequence[HeldPack]) -> set[int]:
    """Which of `packs` (their supports) the officer holding each may still read the case of
    (`access.may_read_case`): a role taken away, or a move to another unit, and its household is no longer
    named to her (decision 1551). Each holder's roles are read once a night, and her packs' cases together
    (`access.cases_read_by`), however many packs she keeps."""
    theirs: dict[int, list[HeldPack]] = {}
    for pack in packs:
        if pack.holder_id is not None:
            theirs.setdefault(pack.holder_id, []).append(pack)
    reading: set[int] = set()
    for holder_id, kept in theirs.items():
        holder = await session.get(Person, holder_id)
        if holder is None or holder.left_on is not None:
            continue
        cases = await cases_read_by(session, await actor_for(session, holder), [p.case_id for p in kept])
        reading |= {pack.support_id for pack in kept if pack.case_id in cases}
    return reading


async def _holding(
    session: AsyncSession, org_ids: Iterable[int], roles: Iterable[str]
) -> dict[int, list[Actor]]:
    """Who of each organisation of `org_ids`, still with it, holds one of `roles`, with those roles alone:
    its treasurers (DECIDE_ROLES), who read the held packs on their list (`may_see_held_packs`), or its
    admins (ROLE_GRANTERS), who may name a treasurer. Read in one query for every pack of the night, not
    once a pack nor once a person."""
    found = await session.execute(
        select(Person.org_id, Person.id, Person.unit_id, RoleAssignment.role, RoleAssignment.unit_id)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(
            RoleAssignment.org_id == Person.org_id,
            RoleAssignment.role.in_(sorted(roles)),
            Person.org_id.in_(sorted(set(org_ids))),
            Person.left_on.is_(None),
        )
        .order_by(Person.id)
    )
    grants: dict[tuple[int, int, int | None], set[tuple[str, int | None]]] = {}
    for org_id, person_id, unit_id, role, scope in found:
        grants.setdefault((org_id, person_id, unit_id), set()).add((role, scope))
    holding: dict[int, list[Actor]] = {}
    for (org_id, person_id, unit_id), held in grants.items():
        holding.setdefault(org_id, []).append(Actor(person_id, org_id, unit_id, frozenset(held)))
    return holding


def _namers(pack: HeldPack, admins: list[Actor]) -> list[int]:
    """Who is told of `pack` where neither its holder nor any treasurer who may chase it is reached: the
    admins who may make someone treasurer of its case's unit (`access.may_grant_role`), so that someone the
    bot reaches keeps that cash box (decision 1747); never its holder, of her own envelope (decision 1792)."""
    return [
        one.person_id
        for one in admins
        if one.person_id != pack.holder_id
        and may_grant_role(one, "treasurer", pack.org_id, pack.case_unit_id)
    ]


def _chasers(pack: HeldPack, treasurers: list[Actor]) -> list[int]:
    """Who is told of `pack` in place of its holder: the treasurers covering its case's unit
    (`access.may_chase_held_pack`); where none does, every treasurer of the organisation, who reads it on
    her list (`may_see_held_packs`): someone is told (decision 1664)."""
    covering = [one for one in treasurers if may_chase_held_pack(one, pack.org_id, pack.case_unit_id)]
    return [one.person_id for one in covering or treasurers if may_see_held_packs(one, pack.org_id)]


async def _told(session: AsyncSession, support_ids: Sequence[int]) -> set[int]:
    """Which of the held packs `support_ids` were told already, once to whomever: the holder
    (`held-pack:<support>`), or the treasurers or the admins (`…:<support>:<person>`). Only the keys of the
    packs still held are read, TOLD_CHUNK at a time, never every key written since the first pack was held."""
    told: set[int] = set()
    for chunk in in_chunks(support_ids, TOLD_CHUNK):
        theirs = or_(
            OutboxMessage.key.in_([f"{KEY}:{support}" for support in chunk]),
            *(OutboxMessage.key.like(f"{KEY}:{support}:%") for support in chunk),
        )
        told.update(
            int(key.split(":")[1]) for key in await session.scalars(select(OutboxMessage.key).where(theirs))
        )
    return told


async def tell_held_packs(session: AsyncSession, *, now: datetime, settings: Settings) -> int:
    """Each pack held a month or more told once (keyed by the pack), on a working morning after the quiet
    hours, to the officer holding it where she may still read its case (`access.may_read_case`) and a
    messenger reaches her; else to the treasurers covering its case (`_chasers`), who count the cash box,
    without the household's name, saying why the holder was not asked (decisions 1551, 1664); where none of
    them is reached either, to the admins who may name a treasurer of its case's unit (`_namers`, decision
    1747). How many notices were written."""
    today = local_date(now)
    packs = await held_past(session, today)
    told = await _told(session, [pack.support_id for pack in packs])
    packs = [pack for pack in packs if pack.support_id not in told]
    mornings = await working_mornings(session, [pack.org_id for pack in packs], now=now, settings=settings)
    orgs = {pack.org_id for pack in packs}
    treasurers = await _holding(session, orgs, DECIDE_ROLES) if packs else {}
    admins = await _holding(session, orgs, ROLE_GRANTERS) if packs else {}
    # who a messenger reaches, of every holder, treasurer and admin of the night: one read, not one a pack
    people = {pack.holder_id for pack in packs if pack.holder_id is not None}
    people |= {one.person_id for ones in [*treasurers.values(), *admins.values()] for one in ones}
    reached = {r.person_id for r in await recipients(session, sorted(people))}
    chasing = {pack.support_id: _chasers(pack, treasurers.get(pack.org_id, [])) for pack in packs}
    # whether she still reads its case says whom to ask, and why: asked only where the answer is told to
    # someone, the holder or a treasurer the bot reaches; else her roles and its case are not read, night
    # after night, for a notice nobody would get (decision 1827)
    asked = [
        pack
        for pack in packs
        if pack.holder_id in reached or any(one in reached for one in chasing[pack.support_id])
    ]
    reading = await _still_reading(session, asked)
    written = 0
    for pack in packs:
        days = (today - pack.delivered_on).days
        chasers = chasing[pack.support_id]
        reads = pack.support_id in reading
        if reads and pack.holder_id in reached:
            ones = [(f"{KEY}:{pack.support_id}", pack.holder_id, _ask)]
        else:  # not hers to be asked, or no messenger reaches her: those who may chase it
            ones = [
                (
                    f"{KEY}:{pack.support_id}:{treasurer}",
                    treasurer,
                    _ask_unreached if reads else _ask_treasurer,
                )
                for treasurer in chasers
            ]
        if not any(person_id in reached for _key, person_id, _render in ones):
            # nobody who could ask is reached: those who may name a treasurer who is, once (decision 1747);
            # where none is either, nothing is written and the next night tries again
            # the holder reached here no longer looks after its case (else she was asked): said so (1792)
            asking = _ask_admin_off_case if pack.holder_id in reached else _ask_admin
            ones = [
                (f"{KEY}:{pack.support_id}:{admin}", admin, asking)
                for admin in _namers(pack, admins.get(pack.org_id, []))
            ]
        for key, person_id, render in ones:
            if person_id not in reached:
                continue
            written += (
                await notify(
                    session,
                    key=key,
                    person_id=person_id,
                    render=lambda locale, pack=pack, render=render, days=days: render(locale, pack, days),
                    now=now,
                    not_before=mornings[pack.org_id],
                    default_locale=settings.default_locale,
                )
                is not None
            )
    return written
