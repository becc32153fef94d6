"""Hardship cases (hoàn cảnh khó khăn): a member or a household in need, recorded by officers with their
circumstances and needs; support delivered to them (money, goods with a value, labour days) is logged against
the case, and a drive may raise money for one. Sensitive personal data: every read and write asks
`bot.domain.access` (officers and leaders read; officers write), and the audit trail keeps no names,
circumstances or needs — only what was done and by whom."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NoReturn

from sqlalchemy import ColumnElement, and_, false, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_date
from bot.db.models import (
    CASE_SUBJECTS,
    SUPPORT_SOURCES,
    CaseSupport,
    Contribution,
    Drive,
    GiftRound,
    HardshipCase,
    Organisation,
    Person,
    Unit,
)
from bot.domain.access import (
    CASE_PERSON_KINDS,
    Acting,
    Actor,
    Operator,
    cases_named_to,
    cases_readable_by,
    may_keep_case,
    may_keep_cases,
    may_let_drive_serve,
    may_link_case_to,
    may_pay_from_drive,
    may_read_case,
    may_see_cases,
)
from bot.domain.audit import audit
from bot.domain.campaigns import gone_by_at_work
from bot.domain.goods_words import goods_compared
from bot.domain.spending import (
    Balance,
    drive_balance,
    fund_balance_to_spend,
    not_handed_later,
    pays_support,
    standing_support,
)
from bot.text import as_household, name_case, nfc


class CaseError(Exception):
    """`reason`: "not_allowed", "not_found", "subject", "name" (a case naming nobody of the list and no name
    typed), "person" (the person named is not of the case's kind: a household for a member's case), "kind",
    "amount", "days", "description", "source" (no such source, or a drive of another organisation), "balance"
    (more than the drive or the Fund has left of that kind: `left` says how much it has; docs/decisions/0094;
    for a gift round, `kind` which kind, `total` the round's total of it and `fits` for how many cases the
    source has enough of every kind, decision 0095), "cases" (a gift
    round for no case, or for a case of another organisation), "title" (a gift round without its words),
    "twice" (a gift round of the same words, within a week of its day, already given to `total` of its
    cases: the round `earlier`, decisions 0357, 0909),
    "reason" (a cancellation without its reason, or too long), "cancelled" (a support cancelled already),
    "not_held" (a pack no officer holds any more: handed or put back already, decision 1210),
    "given_since" (a held pack handed after the same round's pack was given to the case again: `earlier`,
    that round; decision 1287),
    "drive_serves" (paid, or a round given, from a drive raising money for another case, case `serving`, by
    whoever does not run it: `access.may_pay_from_drive`, decision 0451; audited as "not_allowed" is),
    "price" (goods bought with a drive's or the Fund's money and no price: `unpriced_purchase`, 0564),
    "no_goods" (goods of no known worth given, not bought, from a drive or the Fund with no goods to give:
    `goods_to_give`, decision 2092), "day" (handed out after today, or in a year closed and reported) and
    "opened" (before the drive paying it started): `support_fits`, decision 2100; "ended" (from a drive that
    pays support no more, ended more than `spending.RECENT_DAYS` ago: `support_fits`, decision 2280); "logged"
    (the same support logged already, asked once: `same_support_logged`, `earlier` its id, decision 2320)."""

    def __init__(
        self,
        reason: str,
        *,
        left: int | None = None,
        kind: str | None = None,
        total: int | None = None,
        fits: int | None = None,
        earlier: int | None = None,
        serving: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.left = left
        self.kind = kind
        self.total = total
        self.fits = fits  # a gift round refused: how many cases its package would fit in what is left
        self.earlier = earlier  # a gift round refused as recorded already: the id of the one recorded
        self.serving = serving  # "drive_serves": the number of the case the drive raises money for


@dataclass(frozen=True)
class Received:
    money: int = 0
    goods: int = 0
    labour_days: int = 0
    # goods given that stand with no value anyone knew: never “worth 0 ₫” where the case's figures are said
    # (its page, 1055; the case list, 1115)
    goods_unpriced: int = 0


@dataclass(frozen=True)
class ServingDrive:
    title: str
    confirmed_money: int  # confirmed money of the drive, net of reversals


@dataclass(frozen=True)
class CasePage:
    case: HardshipCase
    unit: (
        str | None
    )  # the unit of the person the case names (a household's is where it lives); None: unlinked
    supports: list[tuple[CaseSupport, str | None]]  # each with the title of the drive it was paid from
    received: Received
    drives: list[ServingDrive]
    cancelled: dict[int, str] = field(default_factory=dict)  # support id → why it was cancelled (0103)
    # support id → its gift round's number and words (1013); None for words naming beyond the reader (1056)
    rounds: dict[int, tuple[int, str | None]] = field(default_factory=dict)
    # of `cancelled`, the supports whose money an officer holds to hand over later (decision 1210)
    held: set[int] = field(default_factory=set)
    handed: set[int] = field(default_factory=set)  # held packs handed later: given, cancelled no more

    @property
    def standing(self) -> list[CaseSupport]:
        """The supports that stand, which an officer may still cancel (a pack handed later: not again)."""
        gone = self.cancelled.keys() | self.handed
        return [support for support, _drive in self.supports if support.id not in gone]


@dataclass(frozen=True)
class ServedCase:
    """The case a drive raises money for, as the drive's screen tells whoever reads it (decision 0451)."""

    number: int
    readable: bool  # the reader reads the case on its page (`access.may_read_case`)
    names_someone: bool  # a colleague or a listed household, whom the drive's appeals leave out (0356)


async def case_served_by(session: AsyncSession, actor: Actor | None, drive: Drive) -> ServedCase | None:
    """The case `drive` raises money for (None: none), by its number: a drive's screen names no one, as its
    statement and its message for a group chat do not; whoever reads the case opens it by that number
    (`may_read_case`), the officer of another unit who runs the drive, or an admin, does not
    (docs/decisions/0451)."""
    if drive.case_id is None or (case := await session.get(HardshipCase, drive.case_id)) is None:
        return None
    return ServedCase(case.id, await may_read_case(session, actor, case), case.person_id is not None)


def refuse(
    session: AsyncSession,
    actor: Actor | None,
    action: str,
    case_id: int | None,
    now: datetime,
    refused: CaseError | None = None,
) -> NoReturn:
    """Audit the attempt on hardship cases (`action`: what was tried) and raise `refused` (CaseError
    "not_allowed" unless another is given): every refusal of a case's acts, gift rounds' too."""
    audit(
        session,
        at=now,
        actor_id=actor.person_id if actor else None,
        action="case.refused",
        entity="hardship_case",
        entity_id=case_id,
        attempted=action,
    )
    raise refused or CaseError("not_allowed")


def drive_refusal(actor: Actor | None, drive: Drive, case_ids: Iterable[int | None]) -> CaseError | None:
    """Why `actor` may not pay `case_ids` (None: a case a gift round makes for a household) from `drive`:
    CaseError "drive_serves" with the case it raises money for, where that is another of theirs and they do
    not run the drive (`access.may_pay_from_drive`, decision 0451); None where they may. `log_support`,
    `record_round` and the shell's round ask it, so the chat and the shell say the same."""
    if all(may_pay_from_drive(actor, drive, case_id) for case_id in case_ids):
        return None
    return CaseError("drive_serves", serving=drive.case_id)


def unpriced_purchase(goods: str | None, value_vnd: int, *, bought: bool, source: str) -> bool:
    """Whether `goods` were bought with the money of the drive or the Fund paying (`source` not "outside")
    with no price: written at 0 ₫, its books would keep the money the treasurer spent on them. One rule for a
    single support and a gift round's packages, in the chat and at the shell (decisions 0540, 0564)."""
    return bool(goods) and bought and source != "outside" and value_vnd <= 0


async def record_case(
    session: AsyncSession,
    actor: Actor | None,
    *,
    subject: str,
    name: str | None = None,
    person_id: int | None = None,
    circumstances: str,
    needs: str,
    now: datetime,
) -> HardshipCase:
    """An officer records a case of their own organisation: of a person of its list (`person_id`: a colleague
    for a member's case, a listed household for a household's; the case takes their name, a household's as
    “Hộ …”, and through them their unit) or of someone not on it, by the `name` typed. Naming a person of
    another organisation is refused and audited, like any case written by whoever may not
    (docs/decisions/0096)."""
    if actor is None or not may_keep_cases(actor, actor.org_id):
        refuse(session, actor, "record", None, now)
    assert actor is not None
    if subject not in CASE_SUBJECTS:
        raise CaseError("subject")
    if person_id is not None:
        person = await session.get(Person, person_id)
        if person is None or person.org_id != actor.org_id or not may_link_case_to(actor, person):
            refuse(session, actor, "link", None, now)
        assert person is not None
        if person.kind != CASE_PERSON_KINDS[subject]:
            raise CaseError("person")
        name = person.full_name if subject == "member" else as_household(person.full_name)
    name = name_case(nfc(name or ""))  # typed all in small letters: “hộ bà lành” reads “Hộ bà Lành”
    if not name:
        raise CaseError("name")
    return await add_case(
        session,
        actor,
        subject=subject,
        person_id=person_id,
        name=name,
        circumstances=circumstances,
        needs=needs,
        now=now,
    )


async def add_case(
    session: AsyncSession,
    actor: Actor,
    *,
    subject: str,
    person_id: int | None,
    name: str,
    circumstances: str,
    needs: str,
    now: datetime,
    **audited: object,
) -> HardshipCase:
    """The case written and audited (`case.record`, with `audited` beside its subject and person), once the
    caller has checked who may and what it names (`record_case`; a gift round's households from the review,
    bot.domain.gift_rounds)."""
    case = HardshipCase(
        org_id=actor.org_id,
        subject=subject,
        person_id=person_id,
        name=name,
        circumstances=circumstances,
        needs=needs,
        created_by=actor.person_id,
        created_at=now,
    )
    session.add(case)
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="case.record",
        entity="hardship_case",
        entity_id=case.id,
        subject=subject,
        person=person_id,
        **audited,
    )
    return case


async def cases_of_person(session: AsyncSession, actor: Actor | None, person_id: int) -> list[HardshipCase]:
    """The cases of the actor's organisation that name `person_id`, the latest first: before a second case is
    recorded for the same colleague or household, the officer is offered these (docs/decisions/0096)."""
    if actor is None or not may_see_cases(actor, actor.org_id):
        raise CaseError("not_allowed")
    return list(
        await session.scalars(
            select(HardshipCase)
            .where(HardshipCase.person_id == person_id, cases_named_to(actor, actor.org_id))
            .order_by(HardshipCase.id.desc())
        )
    )


async def cases_of(
    session: AsyncSession, actor: Actor | None, *, keeping: bool = False
) -> list[tuple[HardshipCase, Received]]:
    """The cases of the actor's organisation with what each received; refused to whoever may not see them.
    `keeping`: only those they keep (`may_keep_case`), a gift round's (docs/decisions/0415)."""
    if actor is None or not may_see_cases(actor, actor.org_id):
        raise CaseError("not_allowed")
    named = cases_named_to(actor, actor.org_id)
    if keeping:
        named = and_(named, cases_readable_by(actor, keeping=True))
    cases = list(await session.scalars(select(HardshipCase).where(named).order_by(HardshipCase.id.desc())))
    received = await _received(session, [c.id for c in cases])
    return [(c, received.get(c.id, Received())) for c in cases]


async def case_units(session: AsyncSession, case_ids: Iterable[int]) -> dict[int, str]:
    """The hamlet or unit of the member or listed household each case names, when known (0096): what tells
    apart namesake cases on an officer's screen, as the signing list's column does on paper (0908)."""
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(HardshipCase.id, Unit.name)
        .join(Person, Person.id == HardshipCase.person_id)
        .join(Unit, Unit.id == Person.unit_id)
        .where(HardshipCase.id.in_(ids))
    )
    return {case_id: unit for case_id, unit in rows}


async def _received(session: AsyncSession, case_ids: list[int]) -> dict[int, Received]:
    if not case_ids:
        return {}
    rows = await session.execute(
        select(
            CaseSupport.case_id,
            CaseSupport.kind,
            func.sum(CaseSupport.amount_vnd),
            func.sum(CaseSupport.labour_days),
        )
        .where(CaseSupport.case_id.in_(case_ids), not_handed_later())  # a pack handed later: given (1210)
        .group_by(CaseSupport.case_id, CaseSupport.kind)
    )
    sums: dict[int, dict[str, int]] = {}
    for case_id, kind, amount, days in rows:
        entry = sums.setdefault(case_id, {})
        if kind == "labour":
            entry["labour_days"] = int(days or 0)
        else:
            entry[kind] = int(amount or 0)
    unpriced = await session.execute(
        select(CaseSupport.case_id, func.count())
        .where(
            CaseSupport.case_id.in_(case_ids),
            CaseSupport.kind == "goods",
            func.coalesce(CaseSupport.amount_vnd, 0) == 0,
            standing_support(),  # neither a cancellation nor a support cancelled (0103)
        )
        .group_by(CaseSupport.case_id)
    )
    for case_id, count in unpriced:
        sums.setdefault(case_id, {})["goods_unpriced"] = int(count)
    return {case_id: Received(**values) for case_id, values in sums.items()}


def names_beyond(actor: Acting) -> ColumnElement[bool]:
    """A gift round that gave to a case `actor` may not read (a household whose standing they may not read,
    0279): its signing list is not theirs, nor its words, which may name the family it began with (1056)."""
    if isinstance(actor, Operator):  # the shell reads every one of its organisation's
        return false()
    return (
        select(CaseSupport.id)
        .join(HardshipCase, HardshipCase.id == CaseSupport.case_id)
        .where(CaseSupport.round_id == GiftRound.id, ~cases_readable_by(actor))
        .exists()
    )


async def case_page(session: AsyncSession, actor: Actor | None, case_id: int) -> CasePage:
    """A case with the support it received and the drives raising money for it."""
    case = await session.get(HardshipCase, case_id)
    if case is None:
        raise CaseError("not_found")
    if not await may_read_case(session, actor, case):
        raise CaseError("not_allowed")
    rows = list(
        await session.execute(
            select(CaseSupport, Drive.title)
            .outerjoin(Drive, Drive.id == CaseSupport.drive_id)
            .where(CaseSupport.case_id == case.id)
            .order_by(CaseSupport.delivered_on, CaseSupport.id)
        )
    )
    # a cancellation shows as its support, marked, not as a line of its own; a pack an officer kept and
    # handed later is its support, given (decision 1210)
    supports: list[tuple[CaseSupport, str | None]] = []
    cancelled: dict[int, str] = {}
    held: set[int] = set()
    handed: set[int] = set()
    for support, title in rows:
        if support.reverses_id is None:
            supports.append((support, title))
        elif support.kept == "handed":
            handed.add(support.reverses_id)
        else:
            cancelled[support.reverses_id] = support.reason or ""
            if support.kept == "held":
                held.add(support.reverses_id)
    drive_rows = await session.execute(
        select(Drive.title, func.coalesce(func.sum(Contribution.amount_vnd), 0))
        .outerjoin(
            Contribution,
            (Contribution.drive_id == Drive.id)
            & (Contribution.status == "confirmed")
            & (Contribution.kind == "money"),
        )
        .where(Drive.case_id == case.id)
        .group_by(Drive.id, Drive.title)
        .order_by(Drive.id)
    )
    drives = [ServingDrive(title, int(total)) for title, total in drive_rows]
    received = (await _received(session, [case.id])).get(case.id, Received())
    unit = None
    if case.person_id is not None:
        unit = await session.scalar(
            select(Unit.name).join(Person, Person.unit_id == Unit.id).where(Person.id == case.person_id)
        )
    # a round's package says the round's words: told from a support of the same day and sum (decision 1013);
    # words that may name a family of another hamlet only to who may read its every household (1056)
    rounds = {
        int(support_id): (int(round_id), None if beyond else title)
        for support_id, round_id, title, beyond in await session.execute(
            select(CaseSupport.id, GiftRound.id, GiftRound.title, names_beyond(actor))
            .join(GiftRound, GiftRound.id == CaseSupport.round_id)
            .where(CaseSupport.case_id == case.id)
        )
    }
    return CasePage(case, unit, supports, received, drives, cancelled, rounds, held, handed)


async def log_support(
    session: AsyncSession,
    actor: Actor | None,
    case_id: int,
    *,
    kind: str,
    amount_vnd: int = 0,
    labour_days: int = 0,
    description: str | None = None,
    source: str,
    drive_id: int | None = None,
    delivered_on: date,
    now: datetime,
    bought: bool = False,
    once: bool = False,
) -> CaseSupport:
    """An officer logs support delivered to a case of their organisation, paid from `source`: "drive" (the
    drive `drive_id`, of the case's organisation), "fund" (the Fund outside the drives, of the year it is
    delivered) or "outside" (not from the Fund). Paid from a drive or the Fund, it may not exceed what that
    drive or year has left of its kind — confirmed receipts less what was paid already: a treasurer cannot
    pay out money not received (CaseError "balance", with `left`; docs/decisions/0094). The drive's or the
    organisation's row is locked first, so two officers paying at once cannot both spend the last of it.
    Goods `bought` with the drive's or the Fund's money are paid in money: what is left of its money must
    cover their value (decision 0099). With `once`, the same support already logged (`same_support_logged`)
    is refused, CaseError "logged" with its id as `earlier` (decision 2320)."""
    case = await session.get(HardshipCase, case_id)
    if case is None:
        raise CaseError("not_found")
    if not await may_keep_case(session, actor, case):
        refuse(session, actor, "support", case.id, now)
    assert actor is not None
    drive = await session.get(Drive, drive_id) if source == "drive" and drive_id is not None else None
    refused = drive_refusal(actor, drive, [case.id]) if drive and drive.org_id == case.org_id else None
    if refused is not None:
        refuse(session, actor, "support", case.id, now, refused)  # given for another case (0451)
    if kind not in ("money", "goods", "labour"):
        raise CaseError("kind")
    if (kind == "money" and amount_vnd <= 0) or amount_vnd < 0:  # goods: a value, or none (0)
        raise CaseError("amount")
    if kind == "labour" and labour_days <= 0:
        raise CaseError("days")
    if kind == "goods" and not description:
        raise CaseError("description")
    figure = labour_days if kind == "labour" else amount_vnd
    if once and (
        earlier := await same_support_logged(
            session,
            case.id,
            kind=kind,
            figure=figure,
            description=description,
            source=source,
            drive_id=drive_id,
            day=delivered_on,
        )
    ):
        raise CaseError("logged", earlier=earlier.id)
    bought = await support_fits(
        session,
        case.org_id,
        source,
        drive_id,
        kind,
        figure,
        bought=bought,
        day=delivered_on,
        today=local_date(now),
    )
    support = CaseSupport(
        case_id=case.id,
        drive_id=drive_id,
        source=source,
        kind=kind,
        amount_vnd=amount_vnd if kind != "labour" else 0,
        labour_days=labour_days if kind == "labour" else 0,
        description=description,
        delivered_on=delivered_on,
        recorded_by=actor.person_id,
        created_at=now,
        bought=bought,
    )
    session.add(support)
    await session.flush()
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="case.support",
        entity="hardship_case",
        entity_id=case.id,
        kind=kind,
        source=source,
        drive=drive_id,
    )
    return support


async def same_support_logged(
    session: AsyncSession,
    case_id: int,
    *,
    kind: str,
    figure: int,
    description: str | None,
    source: str,
    drive_id: int | None,
    day: date,
) -> CaseSupport | None:
    """The earliest support standing, logged alone (not in a round), to the case, of the same kind, figure
    (đồng, or labour days) and goods' words, from the same source, handed out on the same `day`: a support has
    no key of its own, so `chungtay cases support` run again (up-arrow and Enter) would log it twice; it is
    logged again only when asked on purpose (`--again`, decision 2320). Another source is another payment.
    The chat's “Có” sent twice is one update's key. Goods' words are compared as the statement counts them
    (“10 kg gao” is “10 kg gạo” and “10kg gạo”, decisions 2442, 2531); each keeps its words as typed."""
    figure_is = CaseSupport.labour_days == figure if kind == "labour" else CaseSupport.amount_vnd == figure
    described = CaseSupport.description
    words_are = described.is_(None) if description is None else described.is_not(None)
    paid_by = CaseSupport.drive_id.is_(None) if drive_id is None else CaseSupport.drive_id == drive_id
    same = await session.scalars(
        select(CaseSupport)
        .where(
            CaseSupport.case_id == case_id,
            CaseSupport.round_id.is_(None),
            CaseSupport.kind == kind,
            figure_is,
            words_are,
            CaseSupport.source == source,
            paid_by,
            CaseSupport.delivered_on == day,
            standing_support(),
        )
        .order_by(CaseSupport.id)
    )
    words = _goods_key(description)
    return next((support for support in same if _goods_key(support.description) == words), None)


def _goods_key(description: str | None) -> tuple[object, ...] | None:
    """Goods' words as two supports' are compared: as the drive's statement counts goods (`goods_compared`),
    without case, accents or spaces, the figure joined to its measure or not (decisions 2442, 2531)."""
    return None if description is None else goods_compared(description)


REASON_LIMIT = 300


def may_be_held(support: CaseSupport) -> bool:
    """Whether an officer may keep a cancelled support's money to hand over later: money, or goods bought
    with the source's money, paid from a drive or the Fund (decision 1210). Labour days are never held; goods
    given as goods are things, not cash, and go back as they came."""
    return support.source in ("drive", "fund") and (
        support.kind == "money" or (support.kind == "goods" and support.bought)
    )


async def package_may_be_held(session: AsyncSession, support: CaseSupport) -> bool:
    """Whether the support, or its round's package to its case, has money an officer may keep to hand over
    later (`may_be_held`): the question is asked only then (decision 1210)."""
    if support.round_id is None:
        return may_be_held(support)
    package = await session.scalars(
        select(CaseSupport).where(_package_of(support), CaseSupport.reverses_id.is_(None))
    )
    return any(may_be_held(paid) for paid in package)


def _package_of(support: CaseSupport) -> ColumnElement[bool]:
    """The rows of one gift: a round's package to the support's case, its every kind (and their
    cancellations), else the support alone (and its cancellation)."""
    if support.round_id is None:
        return and_(CaseSupport.case_id == support.case_id, CaseSupport.id == support.id)
    return and_(CaseSupport.case_id == support.case_id, CaseSupport.round_id == support.round_id)


async def _support_to_keep(
    session: AsyncSession, actor: Actor | None, support_id: int, action: str, now: datetime
) -> tuple[CaseSupport, HardshipCase, Actor]:
    """The support and its case, for `actor` to cancel or settle (`action`, audited when refused): CaseError
    "not_found", "not_allowed" where she may not keep the case (`may_keep_case`)."""
    support = await session.get(CaseSupport, support_id)
    case = await session.get(HardshipCase, support.case_id) if support is not None else None
    if support is None or case is None:
        raise CaseError("not_found")
    if not await may_keep_case(session, actor, case):
        refuse(session, actor, action, case.id, now)
    assert actor is not None
    return support, case, actor


async def cancel_support(
    session: AsyncSession,
    actor: Actor | None,
    support_id: int,
    *,
    reason: str,
    now: datetime,
    keep: bool = False,
) -> list[CaseSupport]:
    """An officer cancels support that did not happen or was logged wrong (a recipient absent at the
    ceremony): never edited, it is cancelled by an entry of its own with the opposite figures, the same source
    and day, and `reason` (decision 0103), so what the drive or the Fund has left comes back and the public
    statement no longer shows the payment. A gift round's package is one gift: its every kind for that case is
    cancelled together. `keep`: the officer keeps its money to hand over later (decision 1210): the
    cancellations of money (`may_be_held`) are "held", out of the Fund, given to nobody, until
    `settle_kept`. The cancellations written; CaseError "not_found", "not_allowed" (audited), "reason",
    "cancelled"."""
    support, case, actor = await _support_to_keep(session, actor, support_id, "cancel", now)
    reason = " ".join(reason.split())
    if not reason or len(reason) > REASON_LIMIT:
        raise CaseError("reason")
    # the support, or the round's package to this case, locked: two officers cancelling at once take turns
    package = list(
        await session.scalars(
            select(CaseSupport).where(_package_of(support)).order_by(CaseSupport.id).with_for_update()
        )
    )
    # cancelled already (a button pressed twice, two officers at once): said, never cancelled twice
    done = set(
        await session.scalars(
            select(CaseSupport.reverses_id).where(CaseSupport.reverses_id.in_([s.id for s in package]))
        )
    )
    if support.reverses_id is not None or support.id in done:
        raise CaseError("cancelled")
    cancellations = []
    for paid in package:
        if paid.reverses_id is not None or paid.id in done:
            continue
        cancellation = CaseSupport(
            case_id=case.id,
            drive_id=paid.drive_id,
            source=paid.source,
            kind=paid.kind,
            amount_vnd=-paid.amount_vnd,
            labour_days=-paid.labour_days,
            description=paid.description,
            delivered_on=paid.delivered_on,  # in the same year's and drive's figures as what it cancels
            recorded_by=actor.person_id,
            created_at=now,
            round_id=paid.round_id,
            bought=paid.bought,
            reverses_id=paid.id,
            reason=reason,
            kept="held" if keep and may_be_held(paid) else None,
        )
        session.add(cancellation)
        cancellations.append(cancellation)
        audit(
            session,
            at=now,
            actor_id=actor.person_id,
            action="case.support.cancelled",
            entity="hardship_case",
            entity_id=case.id,
            support=paid.id,
            kept=cancellation.kept,
        )
    await session.flush()
    return cancellations


async def settle_kept(
    session: AsyncSession, actor: Actor | None, support_id: int, *, handed: bool, on: date, now: datetime
) -> list[CaseSupport]:
    """A pack an officer held to hand over later (decision 1210), settled: `handed`, given on `on` — its
    cancellations "handed", the support standing again and counted as given once, on its day, with its
    round —; else put back in the Fund (or the drive) on `on`, its day kept ("back"): a cancellation
    returned from that day, a year closed before it reading the pack as held (decision 1324). Who may, as who
    cancels (`may_keep_case`). A round's package held is settled whole. The cancellations settled; CaseError
    "not_found", "not_allowed" (audited), "not_held" (handed or put back already), "given_since" (handed,
    the case given the same round's pack since: `_not_given_since`)."""
    support, case, actor = await _support_to_keep(session, actor, support_id, "settle_kept", now)
    paid = select(CaseSupport.id).where(_package_of(support), CaseSupport.reverses_id.is_(None))
    held = list(
        await session.scalars(
            select(CaseSupport)
            .where(CaseSupport.reverses_id.in_(paid), CaseSupport.kept == "held")
            .order_by(CaseSupport.id)
            .with_for_update()
        )
    )
    if not held:  # pressed twice, two officers at once: said, never settled twice
        raise CaseError("not_held")
    if handed and support.round_id is not None:
        await _not_given_since(session, case, support.round_id)
    for cancellation in held:
        cancellation.kept = "handed" if handed else "back"
        cancellation.kept_until = on
        audit(
            session,
            at=now,
            actor_id=actor.person_id,
            action="case.support.handed_later" if handed else "case.support.put_back",
            entity="hardship_case",
            entity_id=case.id,
            support=cancellation.reverses_id,
            on=on.isoformat(),
        )
    await session.flush()
    return held


async def _not_given_since(session: AsyncSession, case: HardshipCase, round_id: int) -> None:
    """A held pack of a round is not handed once the case was given a round of the same words within a week
    of its day since (`same_rounds_near`: the held one does not stand): the household came back and was given
    the same Tết pack again, and the envelope handed too paid it twice on the books (decision 1287). CaseError
    "given_since", `earlier` the round that gave it: the envelope is put back instead."""
    from bot.domain.gift_rounds import same_rounds_near  # gift rounds are built on the cases

    held = await session.get_one(GiftRound, round_id)
    near = await same_rounds_near(session, case.org_id, held.title, held.delivered_on, [case.id])
    if near:
        raise CaseError("given_since", earlier=near[0].id)


async def support_fits(
    session: AsyncSession,
    org_id: int,
    source: str,
    drive_id: int | None,
    kind: str,
    figure: int,
    *,
    bought: bool,
    day: date,
    today: date,
) -> bool:
    """Whether support of `kind`, `figure` (đồng, or labour days), handed out on `day`, may be paid from
    `source`: the one rule `log_support` holds at Có and the chat asks where the figure, the day or the source
    was typed (decisions 0171, 2101). Refused, CaseError, the first of these that holds:
    "price" — goods `bought` with the source's money at 0 ₫: their price is asked (`unpriced_purchase`, 0564),
    asked first, as `log_support` asked it before it asked the rest;
    "day" — after today (support is logged once handed out), or in a year whose figures were closed and
    reported (before `campaigns.first_year_at_work`, decision 2100);
    "opened" — before the drive paying it started: what it received came after (decision 2100);
    "ended" — from a drive that ended (or was closed) more than `spending.RECENT_DAYS` ago, which pays support
    no more (`spending.pays_support`): the chat offers no such drive and the shell takes none (0313), nor
    is one taken at a last look answered after it (decision 2280);
    "no_goods" — goods of no known worth handed on from a source with no goods people gave (0 ₫ fits any
    balance: `goods_to_give`, decision 2092);
    "balance" — more than the source has left of its kind (`left_to_pay`, `left`: decision 0094);
    "source" — no such source. Goods bought are paid in money (decision 0099); from "outside" they never
    are, and nothing is held against a balance. Taken, whether it is goods bought with the source's money,
    as `log_support` keeps it (`bought` of other kinds or from outside is none)."""
    bought = bought and kind == "goods" and source != "outside"
    if kind == "goods" and not figure and bought:  # bought for 0 ₫: its books would keep what was spent
        raise CaseError("price")
    if not gone_by_at_work(day, today):
        raise CaseError("day")
    if source == "drive" and drive_id is not None:
        drive = await session.get(Drive, drive_id)
        if drive is not None and drive.org_id == org_id:
            if day < drive.starts_on:
                raise CaseError("opened")
            if not pays_support(drive, today):
                raise CaseError("ended")
    if kind == "goods" and not figure:
        if not await goods_to_give(session, org_id, source, drive_id, day=day, today=today):
            raise CaseError("no_goods")
        return bought
    left = await left_to_pay(session, org_id, source, drive_id, kind, bought=bought, day=day, today=today)
    if left is not None and figure > left:
        raise CaseError("balance", left=left)
    return bought


async def left_to_pay(
    session: AsyncSession,
    org_id: int,
    source: str,
    drive_id: int | None,
    kind: str,
    *,
    bought: bool,
    day: date,
    today: date,
) -> int | None:
    """What `source` may still pay of support of `kind` delivered on `day` (in money, for goods `bought` with
    its money: decision 0099): the figure `log_support` refuses above. The chat asks it as soon as the figure
    and the source are both known, so the officer hears it where the figure was typed, not after the last
    look (decision 0171). None for "outside" (not from the Fund: no balance to keep)."""
    balance = await locked_balance(session, org_id, source, drive_id, day.year, through=today.year)
    if balance is None:
        return None
    return max(0, balance.left_of("money" if bought and kind == "goods" else kind))


async def goods_to_give(
    session: AsyncSession, org_id: int, source: str, drive_id: int | None, *, day: date, today: date
) -> bool:
    """Whether `source` has goods to hand on as they came (`Balance.has_goods`), for goods of no known worth
    given on `day`, not bought: a value of 0 ₫ fits in any balance, so rice handed on from a drive of money
    alone went out on its statement as goods it never received (decision 2092). True for "outside"."""
    balance = await locked_balance(session, org_id, source, drive_id, day.year, through=today.year)
    return balance is None or balance.has_goods


async def locked_balance(
    session: AsyncSession, org_id: int, source: str, drive_id: int | None, year: int, *, through: int
) -> Balance | None:
    """What `source` has left to pay from, its row locked first (the drive's, or the organisation's for the
    Fund of `year`, no more than each later year up to `through` has left: `fund_balance_to_spend`), so two
    officers paying at once cannot both spend the last of it; None for "outside" (not from the Fund: no
    balance to keep). CaseError "source" for no such source, or a drive of another organisation."""
    if source not in SUPPORT_SOURCES or (source == "drive") != (drive_id is not None):
        raise CaseError("source")
    if source == "drive":
        drive = await session.scalar(
            select(Drive).where(Drive.id == drive_id).with_for_update(key_share=True)
        )
        if drive is None or drive.org_id != org_id:
            raise CaseError("source")
        return await drive_balance(session, drive)
    if source == "fund":
        await session.execute(
            select(Organisation.id).where(Organisation.id == org_id).with_for_update(key_share=True)
        )
        return await fund_balance_to_spend(session, org_id, year, through=max(year, through))
    return None


async def serve_case(
    session: AsyncSession, actor: Actor | None, drive: Drive, case_id: int, *, now: datetime
) -> int | None:
    """Mark `drive` as raising money for the case (both of the officer's organisation): by an officer who
    keeps the case and may change the drive (`access.may_let_drive_serve`), as its appeals then leave out
    the person the case names (decisions 0356, 0362). A drive raises money for one case: the case it
    raised money for until now is returned (None: none), for the officer to be told that it no longer does
    (decision 0405); the same case again changes nothing."""
    case = await session.get(HardshipCase, case_id)
    if case is None or case.org_id != drive.org_id:
        raise CaseError("not_found")
    if not await may_let_drive_serve(session, actor, drive, case):
        refuse(session, actor, "serve", case.id, now)
    assert actor is not None
    before = drive.case_id
    if before == case.id:
        return before
    drive.case_id = case.id
    audit(
        session,
        at=now,
        actor_id=actor.person_id,
        action="case.serve",
        entity="hardship_case",
        entity_id=case.id,
        drive=drive.id,
        before=before,  # the case it left, by number (decision 0405)
    )
    return before
