"""Gift rounds (trao quà nhiều hoàn cảnh): one package — money, goods with a value, or both — handed to many
hardship cases at one ceremony, the way the Fund's peak month ends before Tết (500.000 ₫ and a 10 kg bag of
rice to each of 80 households), paid from one drive or the Fund (decision 0094).

A round is written whole or not at all: its total of each kind must fit in what the source has left (refused,
naming both, never warned: decision 0094), and then one support per case per kind is written in the same
transaction, each audited as `log_support` audits one (no names). The flow's token of its last look
(`key`) is unique: the same Có pressed again finds the round already written and writes nothing.

Its recipients may be taken from the commune's last poverty review in one step (`review_households`: the
poor, or the poor and near-poor, of chosen hamlets), for an officer who may read those standings: a household
with a case already receives as that case, never twice; one without is given a case made from its row of the
list (its name as a household's, its hamlet through it), with no words of its circumstances, which the
review's standing is and which stays in the review. docs/decisions/0275. Each standing of the review may have
its own package (500.000 ₫ and rice to the poor, 300.000 ₫ to the near-poor, and the newly-out offered): the
round keeps its first package, and each support the amount of its recipient's; the standing itself is never
written. docs/decisions/0286.

Its signing list (danh sách ký nhận) names every recipient: only readers who may see cases get it
(`may_see_cases`), never the public statement, which shows the payments without names. docs/decisions/0095.
A round is recorded once handed over; the list of one still to come is made from what the officer chose,
written nowhere (`planned_signing_list`), for the ceremony. docs/decisions/0326."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import local_date
from bot.db.models import (
    CaseSupport,
    Drive,
    GiftRound,
    HardshipCase,
    HouseholdStanding,
    Organisation,
    Person,
    Unit,
)
from bot.domain.access import (
    Acting,
    Actor,
    cases_readable_by,
    may_keep_cases,
    may_see_cases,
    poverty_households_of,
)
from bot.domain.audit import audit
from bot.domain.campaigns import gone_by_at_work
from bot.domain.cases import (
    CaseError,
    add_case,
    drive_refusal,
    locked_balance,
    names_beyond,
    refuse,
    unpriced_purchase,
)
from bot.domain.poverty import LISTED, Listed, listed_households, review_year
from bot.domain.spending import pays_support, standing_support
from bot.text import as_household, fold, sort_key


@dataclass(frozen=True)
class Package:
    """What each case of a round receives: money, and goods in words with their value (either may be left
    out, not both)."""

    money_vnd: int = 0
    goods: str | None = None
    goods_value_vnd: int = 0
    goods_bought: bool = False  # the goods bought with the source's money, not given on (decision 0099)

    def totals(self, cases: int) -> dict[str, int]:
        """What the round pays its source in each kind, for `cases` cases (đồng; goods by their value, in
        money when they were bought with it)."""
        totals: dict[str, int] = {}
        if self.money_vnd:
            totals["money"] = self.money_vnd * cases
        if self.goods:
            paid = "money" if self.goods_bought else "goods"
            totals[paid] = totals.get(paid, 0) + self.goods_value_vnd * cases
        return totals


def packages_totals(packages: Sequence[Package]) -> dict[str, int]:
    """What a round pays its source in each kind, one package to each recipient (`Package.totals`)."""
    totals: Counter[str] = Counter()
    for package in packages:
        totals.update(package.totals(1))
    return dict(totals)


@dataclass(frozen=True)
class Recipient:
    """A line of the signing list."""

    name: str  # a household's as a household's (“Hộ …”)
    unit: str | None  # the unit of the member or listed household the case names, if known (0096)
    money_vnd: int
    goods_value_vnd: int
    goods: str | None = None  # the goods in words, as its support says (0286)
    case_id: int | None = None  # its case's number, what tells namesakes of one hamlet apart (0922)
    household_id: int | None = None  # a review household's id (Mã hộ) while it has no case yet (1010)

    @property
    def package(self) -> Package:
        return Package(self.money_vnd, self.goods, self.goods_value_vnd)


@dataclass(frozen=True)
class SigningList:
    organisation: str
    title: str  # the round's words, as the officer typed them (“Tết Đinh Mùi 2027”)
    delivered_on: date
    package: Package
    recipients: list[Recipient]  # by hamlet or unit (those of none last), then name, in Vietnamese order
    source: str
    drive: str | None

    @property
    def money(self) -> int:
        return sum(r.money_vnd for r in self.recipients)

    @property
    def goods_value(self) -> int:
        return sum(r.goods_value_vnd for r in self.recipients)

    @property
    def handed(self) -> list[Package]:
        """The packages handed, the round's own first; the round's own alone for a round of no recipient."""
        return [package for package, _recipients in self.packages] or [self.package]

    @property
    def packages(self) -> list[tuple[Package, list[Recipient]]]:
        """Each package handed and its recipients, the round's own first (0286)."""
        by_package: dict[Package, list[Recipient]] = {}
        for recipient in self.recipients:
            by_package.setdefault(recipient.package, []).append(recipient)
        first = Package(self.package.money_vnd, self.package.goods, self.package.goods_value_vnd)
        return sorted(by_package.items(), key=lambda item: (item[0] != first, -item[0].money_vnd))


async def review_years(session: AsyncSession, org_id: int, *, today: date) -> list[int]:
    """The reviews a round may take its households from by `today`, the latest first: the last one recorded
    up to the review's year (`poverty.review_year`: in January and at Tết, last autumn's), and the list of the
    year after when one is recorded already — the district's decision for the new year, written as that
    year's in December while this year's still applies: the one that applies at Tết (decision 0308)."""
    recorded = list(
        await session.scalars(
            select(HouseholdStanding.year)
            .where(HouseholdStanding.org_id == org_id, HouseholdStanding.year <= review_year(today) + 1)
            .group_by(HouseholdStanding.year)
            .order_by(HouseholdStanding.year.desc())
            .limit(2)
        )
    )
    if recorded and recorded[0] <= review_year(today):
        return recorded[:1]
    return recorded


async def review_households(
    session: AsyncSession,
    actor: Actor | None,
    standings: Sequence[str],
    *,
    today: date,
    year: int | None = None,
) -> tuple[int | None, list[Listed]]:
    """The year of the organisation's review `year` (one of `review_years`; None or another: the latest of
    them) and its households standing in `standings` that year ("poor", "near_poor"), by hamlet then name:
    only those `actor` may read as poor and give gifts to (an officer: `may_keep_cases`, and
    `may_set_poverty_standing` for each, decision 0415); (None, []) without a review."""
    if actor is None or not may_keep_cases(actor, actor.org_id):
        return None, []
    years = await review_years(session, actor.org_id, today=today)
    if not years:
        return None, []
    chosen = year if year in years else years[0]
    listed = await listed_households(session, actor, chosen, standings=standings, keeping=True)
    return chosen, [household for household in listed if household.now in standings]


async def review_years_to_give(session: AsyncSession, actor: Actor | None, *, today: date) -> list[int]:
    """The reviews (`review_years`, the latest first) with households `actor` may give a round to: those a
    round offers, and what makes a round worth offering before any case is typed — a commune's first Tết
    round to its poor households needs none (decision 0907)."""
    if actor is None:
        return []
    return [
        year
        for year in await review_years(session, actor.org_id, today=today)
        if (await review_households(session, actor, LISTED, today=today, year=year))[1]
    ]


@dataclass(frozen=True)
class Recipients:
    """Who a round reaches: the cases chosen and the cases of the households chosen that have one, once each,
    and the households chosen that have none (a case is made for each when the round is written)."""

    case_ids: list[int]
    new_households: list[int]
    by_unit: list[tuple[str | None, int]]  # (hamlet or unit, recipients), by name; None: not known
    household_of: dict[int, int]  # a case naming a household of the list, ticked or through the review: it

    def packages(self, package: Package, by_household: Mapping[int, Package]) -> list[Package]:
        """The package of each recipient (cases, then the new households): a household's own in
        `by_household`, else `package` (0286)."""
        return [
            by_household.get(self.household_of.get(case_id, -1), package) for case_id in self.case_ids
        ] + [by_household.get(household, package) for household in self.new_households]

    @property
    def count(self) -> int:
        return len(self.case_ids) + len(self.new_households)

    @property
    def paid_to(self) -> list[int | None]:
        """The cases the round pays, as `cases.drive_refusal` asks them: None for each new household's."""
        return [*self.case_ids, *(None for _household in self.new_households)]


async def round_recipients(
    session: AsyncSession, org_id: int, case_ids: Sequence[int], household_ids: Sequence[int]
) -> Recipients:
    """The recipients of `case_ids` and `household_ids` (of organisation `org_id`), with no one twice: a
    household with a case of its own (the earliest) receives as that case."""
    chosen = list(dict.fromkeys(case_ids))
    households = list(dict.fromkeys(household_ids))
    owned: dict[int, int] = {}
    if households:
        rows = await session.execute(
            select(HardshipCase.person_id, func.min(HardshipCase.id))
            .where(
                HardshipCase.org_id == org_id,
                HardshipCase.subject == "household",
                HardshipCase.person_id.in_(households),
            )
            .group_by(HardshipCase.person_id)
        )
        owned = {int(person): int(case) for person, case in rows}
    for household in households:
        if household in owned and owned[household] not in chosen:
            chosen.append(owned[household])
    household_of: dict[int, int] = {}
    if chosen:  # a household's case ticked by hand receives its standing's package too (decision 0302)
        rows = await session.execute(
            select(HardshipCase.id, HardshipCase.person_id).where(
                HardshipCase.id.in_(chosen),
                HardshipCase.org_id == org_id,
                HardshipCase.subject == "household",
                HardshipCase.person_id.is_not(None),
            )
        )
        household_of = {int(case): int(person) for case, person in rows}
    household_of.update({case: household for household, case in owned.items()})
    new = [household for household in households if household not in owned]
    units: Counter[str | None] = Counter()
    if chosen:
        rows = await session.execute(
            select(Unit.name)
            .select_from(HardshipCase)
            .outerjoin(Person, Person.id == HardshipCase.person_id)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(HardshipCase.id.in_(chosen))
        )
        units.update(name for (name,) in rows)
    if new:
        rows = await session.execute(
            select(Unit.name)
            .select_from(Person)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(Person.id.in_(new))
        )
        units.update(name for (name,) in rows)
    by_unit = sorted(units.items(), key=lambda named: (named[0] is None, sort_key(named[0] or "")))
    return Recipients(chosen, new, by_unit, household_of)


async def _cases_for_households(
    session: AsyncSession, actor: Actor, household_ids: list[int], now: datetime
) -> list[int]:
    """A case for each of `household_ids`, made from its row of the list: its name as a household's, linked
    to it (its hamlet through it), no circumstances or needs typed (the review holds why it receives); in
    the order of `household_ids`.
    CaseError "cases" when one is not a household `actor` may read the standing of."""
    households = list(
        await session.scalars(
            select(Person).where(Person.id.in_(household_ids), poverty_households_of(actor, keeping=True))
        )
    )
    if len(households) != len(household_ids):
        raise CaseError("cases")
    made = []
    place = {household_id: n for n, household_id in enumerate(household_ids)}
    households.sort(key=lambda household: place[household.id])  # each with its package (0286)
    for household in households:
        case = await add_case(
            session,
            actor,
            subject="household",
            person_id=household.id,
            name=as_household(household.full_name),
            circumstances="",
            needs="",
            now=now,
            review=True,  # made for a gift round from the review; its standing stays in the review
        )
        made.append(case.id)
    return made


async def round_shortfall(
    session: AsyncSession,
    org_id: int,
    packages: Sequence[Package],
    source: str,
    drive_id: int | None,
    day: date,
    *,
    today: date,
) -> CaseError | None:
    """Why `packages` (one to each recipient), handed over on `day`, are more than `source` has left:
    CaseError "balance" with `kind`, `left`, the round's `total` of that kind and how many cases the package
    `fits` (None when the recipients' packages differ); None where it fits (or is not from the Fund).
    `record_round` refuses by it, and the chat asks it before the last look, so an officer never answers Có
    to a round that cannot be kept (decision 0171). CaseError "no_goods" for goods of no known worth, not
    bought, where the source has no goods to give (`Balance.has_goods`, decision 2092)."""
    balance = await locked_balance(session, org_id, source, drive_id, day.year, through=today.year)
    if balance is None:
        return None
    for kind, total in packages_totals(packages).items():
        if total > (left := max(0, balance.left_of(kind))):
            fits = None
            if len(set(packages)) == 1:
                each = packages[0].totals(1)
                fits = min(max(0, balance.left_of(k)) // v for k, v in each.items() if v)
            return CaseError("balance", left=left, kind=kind, total=total, fits=fits)
    if (
        any(p.goods and not p.goods_value_vnd and not p.goods_bought for p in packages)
        and not balance.has_goods
    ):
        return CaseError("no_goods")  # goods of no known worth from a source that received none (2092)
    return None


SAME_CEREMONY = timedelta(days=7)  # a round's days this near, its words the same: one ceremony (0909)


@dataclass(frozen=True)
class NearRound:
    """A round handed over within `SAME_CEREMONY` of another's day, and how many of its cases it `gave` to."""

    id: int
    title: str
    day: date
    gave: int


async def rounds_near(
    session: AsyncSession, org_id: int, day: date, case_ids: Sequence[int]
) -> list[NearRound]:
    """The rounds of organisation `org_id` handed over within `SAME_CEREMONY` of `day` whose package still
    stands for any of `case_ids`, the earliest recorded first: what refuses a round of the same words
    (`_not_given_twice`), and what the last look names when the words differ — the same Tết pack typed
    “Quà Tết 2027” one day and “Tết Đinh Mùi” the next (decision 0920)."""
    if not case_ids:
        return []
    rows = await session.execute(
        select(
            GiftRound.id,
            GiftRound.title,
            GiftRound.delivered_on,
            func.count(func.distinct(CaseSupport.case_id)),
        )
        .join(CaseSupport, CaseSupport.round_id == GiftRound.id)
        .where(
            GiftRound.org_id == org_id,
            GiftRound.delivered_on.between(day - SAME_CEREMONY, day + SAME_CEREMONY),
            CaseSupport.case_id.in_(list(case_ids)),
            standing_support(),
        )
        .group_by(GiftRound.id, GiftRound.title, GiftRound.delivered_on)
        .order_by(GiftRound.id)
    )
    return [NearRound(int(id_), title, on, int(gave)) for id_, title, on, gave in rows]


@dataclass(frozen=True)
class NearSupport:
    """A support logged by hand to a case (not in a round) within `SAME_CEREMONY` of a round's day."""

    case_id: int
    kind: str
    amount_vnd: int
    labour_days: int
    description: str | None
    day: date


async def supports_near(
    session: AsyncSession, org_id: int, day: date, case_ids: Sequence[int]
) -> list[NearSupport]:
    """The supports logged one by one, not in a round, to any of `case_ids` within `SAME_CEREMONY` of `day`
    that still stand, by day: a household away at the ceremony handed its pack later as support of its own
    (0326), then taken with its hamlet in a round of the same pack, was paid twice unsaid. Named at the last
    look, never refused: a support that week may be another need (decision 1012)."""
    if not case_ids:
        return []
    rows = await session.execute(
        select(
            CaseSupport.case_id,
            CaseSupport.kind,
            CaseSupport.amount_vnd,
            CaseSupport.labour_days,
            CaseSupport.description,
            CaseSupport.delivered_on,
        )
        .join(HardshipCase, HardshipCase.id == CaseSupport.case_id)
        .where(
            HardshipCase.org_id == org_id,
            CaseSupport.round_id.is_(None),
            CaseSupport.delivered_on.between(day - SAME_CEREMONY, day + SAME_CEREMONY),
            CaseSupport.case_id.in_(list(case_ids)),
            standing_support(),
        )
        .order_by(CaseSupport.delivered_on, CaseSupport.id)
    )
    return [
        NearSupport(int(case), kind, amount, days, words, on) for case, kind, amount, days, words, on in rows
    ]


def same_words(one: str, other: str) -> bool:
    """Two rounds' words are one round's (`_words`: accents, case, spaces and punctuation aside)."""
    return _words(one) == _words(other)


async def other_rounds_near(
    session: AsyncSession, org_id: int, title: str, day: date, case_ids: Sequence[int]
) -> list[NearRound]:
    """The rounds near a round of the words `title` (`rounds_near`) whose words are others: not refused as
    one of the same words is (`_not_given_twice`), so the last look names them, in the chat and at the
    shell alike, for the officer to leave out households the same gift reached already (decision 0920)."""
    return [
        near
        for near in await rounds_near(session, org_id, day, case_ids)
        if not same_words(near.title, title)
    ]


async def given_the_same_near(
    session: AsyncSession, org_id: int, title: str, day: date, case_ids: Sequence[int]
) -> set[int]:
    """Those of `case_ids` whose package of a round of the words `title` within `SAME_CEREMONY` of `day`
    still stands: what refuses the round (`_not_given_twice`), for the officer to leave them out and record
    the others without choosing them all again (decision 0991)."""
    return await given_by(session, await same_rounds_near(session, org_id, title, day, case_ids), case_ids)


async def given_by(session: AsyncSession, rounds: Sequence[NearRound], case_ids: Sequence[int]) -> set[int]:
    """Those of `case_ids` whose package of one of `rounds` still stands: `given_the_same_near` for a caller
    that holds the rounds of the same words already (`same_rounds_near`), so they are not read again."""
    if not rounds:
        return set()
    return set(
        await session.scalars(
            select(CaseSupport.case_id).where(
                CaseSupport.round_id.in_([near.id for near in rounds]),
                CaseSupport.case_id.in_(list(case_ids)),
                standing_support(),
            )
        )
    )


async def _not_given_twice(
    session: AsyncSession, org_id: int, title: str, day: date, case_ids: Sequence[int]
) -> None:
    """The same ceremony recorded twice — at the shell by the office and in the chat by the chairman, or in
    the chat again by someone who did not see it listed — paid each household twice on the Fund's books and
    its statement. A round of the same words (accents, case and punctuation aside: `_words`) within
    `SAME_CEREMONY` of `day` whose package still stands for any of `case_ids` refuses this one: CaseError
    "twice", with `total` how many of them it gave to and `earlier` its id — a ceremony held over two days, or
    recorded a day late as “Hôm nay”, is the same ceremony (decision 0909). Another round's words, a day
    further off (next month's, next Tết's), or only other cases are recorded (decision 0357); the chat's last
    look names a near round of other words (`rounds_near`, decision 0920)."""
    if same := await same_rounds_near(session, org_id, title, day, case_ids):
        raise CaseError("twice", total=same[0].gave, earlier=same[0].id)  # the earliest, named (0921)


async def same_rounds_near(
    session: AsyncSession, org_id: int, title: str, day: date, case_ids: Sequence[int]
) -> list[NearRound]:
    """Every recorded round of the words `title` within `SAME_CEREMONY` of `day` whose package still stands
    for any of `case_ids` (`rounds_near`), the earliest first: the earliest is the one a round of the same
    ceremony is refused by and named (decisions 0909, 0921), and each day of one ceremony is named with its
    own (decision 1057)."""
    return [one for one in await rounds_near(session, org_id, day, case_ids) if same_words(one.title, title)]


def _words(title: str) -> list[str]:
    """A round's words as compared: accents, case, spaces and punctuation aside (“Qua Tet.” and “Quà - Tết!”
    are “Quà Tết” typed on a phone without marks; decision 0362)."""
    return re.findall(r"\w+", fold(title))


async def record_round(
    session: AsyncSession,
    actor: Actor | None,
    *,
    key: str,
    title: str,
    case_ids: list[int],
    household_ids: Sequence[int] = (),
    package: Package,
    by_household: Mapping[int, Package] | None = None,
    source: str,
    drive_id: int | None = None,
    delivered_on: date,
    now: datetime,
) -> tuple[GiftRound, bool]:
    """An officer hands `package` to each of `case_ids` (cases of their organisation) and of `household_ids`
    (households of the review they may read: `round_recipients`, a case made for each without one) on
    `delivered_on`,
    paid from `source` (as `log_support`); a household of `by_household` receives its own package there
    instead (its standing's, decision 0286). Returns the round and whether it was written now (False: the
    round of `key` was written already, and nothing is written again). CaseError "not_allowed" (audited),
    "title", "amount" (an empty package), "description", "price" (goods bought with the source's money and no
    price: `unpriced_purchase`), "day" (after today, or in a year closed and reported: `gone_by_at_work`),
    "opened" (before the drive paying it began, as a single support's: decision 2322),
    "cases", "source", or
    "balance" with `kind`, `left`, the round's `total` of that kind and how many cases the package `fits` in
    what is left."""
    if actor is None or not may_keep_cases(actor, actor.org_id):
        refuse(session, actor, "round", None, now)
    # the organisation's row first, whatever pays: two rounds at once take turns, so the same round twice
    # is written once and a household gets one case, even from outside the Fund (no balance locked)
    await session.execute(
        select(Organisation.id).where(Organisation.id == actor.org_id).with_for_update(key_share=True)
    )
    done = await session.scalar(select(GiftRound).where(GiftRound.key == key))
    if done is not None:
        return done, False
    if not title.strip():
        raise CaseError("title")
    by_household = dict(by_household or {})
    for each in (package, *by_household.values()):
        if each.money_vnd < 0 or each.goods_value_vnd < 0 or not (each.money_vnd or each.goods):
            raise CaseError("amount")
        if each.goods_value_vnd and not each.goods:
            raise CaseError("description")
        if unpriced_purchase(each.goods, each.goods_value_vnd, bought=each.goods_bought, source=source):
            raise CaseError("price")
    if not gone_by_at_work(delivered_on, local_date(now)):  # recorded once handed out, in a year not yet
        raise CaseError("day")  # closed and reported, as a single support is (decisions 2100, 2205)
    wanted = await round_recipients(session, actor.org_id, case_ids, household_ids)
    cases = list(
        await session.scalars(
            select(HardshipCase).where(
                HardshipCase.id.in_(wanted.case_ids),
                HardshipCase.org_id == actor.org_id,
                cases_readable_by(actor, keeping=True),  # none kept from them (0279), none not theirs (0415)
            )
        )
    )
    if not wanted.count or len(cases) != len(wanted.case_ids):
        raise CaseError("cases")
    drive = await session.get(Drive, drive_id) if source == "drive" and drive_id is not None else None
    refused = drive_refusal(actor, drive, wanted.paid_to) if drive and drive.org_id == actor.org_id else None
    if (
        refused is not None
    ):  # what was given for one case, spent on others by who does not run the drive (0451)
        refuse(session, actor, "round", None, now, refused)
    if drive and drive.org_id == actor.org_id and delivered_on < drive.starts_on:
        raise CaseError("opened")  # what the drive received came after: it paid none of it (2100, 2322)
    if drive and drive.org_id == actor.org_id and not pays_support(drive, local_date(now)):
        # it pays no more, as the chat offers it and the shell takes it no more (decision 2280)
        raise CaseError("ended")
    await _not_given_twice(session, actor.org_id, title, delivered_on, wanted.case_ids)
    packages = wanted.packages(package, by_household)
    short = await round_shortfall(
        session, actor.org_id, packages, source, drive_id, delivered_on, today=local_date(now)
    )
    if short is not None:
        raise short
    chosen = wanted.case_ids + await _cases_for_households(session, actor, wanted.new_households, now)
    gift_round = GiftRound(
        org_id=actor.org_id,
        key=key,
        title=title.strip(),
        money_vnd=package.money_vnd,
        goods=package.goods,
        goods_value_vnd=package.goods_value_vnd if package.goods else 0,
        goods_bought=bool(package.goods and package.goods_bought and source != "outside"),
        source=source,
        drive_id=drive_id,
        delivered_on=delivered_on,
        recorded_by=actor.person_id,
        created_at=now,
    )
    session.add(gift_round)
    await session.flush()
    for case_id, given in zip(chosen, packages, strict=True):
        parts = []
        if given.money_vnd:
            parts.append(("money", given.money_vnd, None))
        if given.goods:
            parts.append(("goods", given.goods_value_vnd, given.goods))
        for kind, amount, description in parts:
            session.add(
                CaseSupport(
                    case_id=case_id,
                    drive_id=drive_id,
                    source=source,
                    kind=kind,
                    amount_vnd=amount,
                    labour_days=0,
                    description=description,
                    delivered_on=delivered_on,
                    recorded_by=actor.person_id,
                    created_at=now,
                    round_id=gift_round.id,
                    bought=kind == "goods" and bool(given.goods_bought and source != "outside"),
                )
            )
            audit(
                session,
                at=now,
                actor_id=actor.person_id,
                action="case.support",
                entity="hardship_case",
                entity_id=case_id,
                kind=kind,
                source=source,
                drive=drive_id,
                round=gift_round.id,
            )
    await session.flush()
    return gift_round, True


async def latest_rounds(session: AsyncSession, actor: Acting, *, limit: int | None = 3) -> list[GiftRound]:
    """The organisation's latest rounds (`limit` of them; None: all), for their signing lists; none for
    whoever may not see cases."""
    if actor is None or not may_see_cases(actor, actor.org_id):
        return []
    return list(
        await session.scalars(
            select(GiftRound)
            .where(GiftRound.org_id == actor.org_id, ~names_beyond(actor))
            .order_by(GiftRound.delivered_on.desc(), GiftRound.id.desc())
            .limit(limit)
        )
    )


def _in_signing_order(recipients: list[Recipient]) -> list[Recipient]:
    """Each hamlet's (unit's) together, as they sign in turn, those of none after; by name within each."""
    return sorted(
        recipients,
        key=lambda recipient: (
            recipient.unit is None,
            sort_key(recipient.unit or ""),
            sort_key(recipient.name),
        ),
    )


async def planned_signing_list(
    session: AsyncSession,
    actor: Actor | None,
    *,
    title: str,
    case_ids: Sequence[int],
    household_ids: Sequence[int] = (),
    package: Package,
    by_household: Mapping[int, Package] | None = None,
    source: str,
    drive_id: int | None = None,
    delivered_on: date,
) -> SigningList:
    """The signing list of a round still to be handed over, as `record_round` would write it, written
    nowhere: the officer prints it before the ceremony and the round is recorded once handed (a day to come
    is refused there: what was not paid never stands in the statement). docs/decisions/0326.
    CaseError "not_allowed" for whoever may not record the round, "cases" for a case or household kept from
    them."""
    if actor is None or not may_keep_cases(actor, actor.org_id):
        raise CaseError("not_allowed")
    wanted = await round_recipients(session, actor.org_id, case_ids, household_ids)
    packages = wanted.packages(package, dict(by_household or {}))
    member = aliased(Person)
    cases = {
        case_id: (as_household(name) if subject == "household" else name, unit)
        for case_id, name, subject, unit in await session.execute(
            select(HardshipCase.id, HardshipCase.name, HardshipCase.subject, Unit.name)
            .outerjoin(member, member.id == HardshipCase.person_id)
            .outerjoin(Unit, Unit.id == member.unit_id)
            .where(
                HardshipCase.id.in_(wanted.case_ids),
                HardshipCase.org_id == actor.org_id,
                cases_readable_by(actor, keeping=True),
            )
        )
    }
    households = {
        household_id: (as_household(name), unit)
        for household_id, name, unit in await session.execute(
            select(Person.id, Person.full_name, Unit.name)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(Person.id.in_(wanted.new_households), poverty_households_of(actor, keeping=True))
        )
    }
    if len(cases) != len(wanted.case_ids) or len(households) != len(wanted.new_households):
        raise CaseError("cases")
    named = [(*cases[case_id], case_id, None) for case_id in wanted.case_ids]
    named += [(*households[h], None, h) for h in wanted.new_households]
    organisation = await session.get_one(Organisation, actor.org_id)
    drive = await session.get(Drive, drive_id) if drive_id is not None else None
    return SigningList(
        organisation=organisation.name,
        title=title.strip(),
        delivered_on=delivered_on,
        package=package,
        recipients=_in_signing_order(
            [
                Recipient(
                    name,
                    unit,
                    given.money_vnd,
                    given.goods_value_vnd if given.goods else 0,
                    given.goods,
                    case_id,
                    household_id,
                )
                for (name, unit, case_id, household_id), given in zip(named, packages, strict=True)
            ]
        ),
        source=source,
        drive=drive.title if drive else None,
    )


async def signing_list(session: AsyncSession, actor: Acting, round_id: int) -> SigningList:
    """The signing list of a round: every recipient by name. CaseError "not_found", or "not_allowed" for
    whoever may not see the organisation's cases (a treasurer, a member)."""
    gift_round = await session.get(GiftRound, round_id)
    if gift_round is None:
        raise CaseError("not_found")
    if not may_see_cases(actor, gift_round.org_id):
        raise CaseError("not_allowed")
    if await session.scalar(select(GiftRound.id).where(GiftRound.id == gift_round.id, names_beyond(actor))):
        raise CaseError("not_allowed")  # it would name a household whose standing they may not read (0279)
    organisation = await session.get_one(Organisation, gift_round.org_id)
    drive = await session.get(Drive, gift_round.drive_id) if gift_round.drive_id else None
    recipients = (await _recipients_of(session, [gift_round.id])).get(gift_round.id, [])
    return _signing_list_of(gift_round, organisation.name, drive.title if drive else None, recipients)


async def latest_signing_lists(
    session: AsyncSession, actor: Acting, *, limit: int | None = 3
) -> list[tuple[GiftRound, SigningList]]:
    """The latest rounds (`latest_rounds`) each with its signing list, their recipients read in one query for
    all of them, not one a round (`cases rounds`)."""
    rounds = await latest_rounds(session, actor, limit=limit)
    if not rounds:
        return []
    recipients = await _recipients_of(session, [gift_round.id for gift_round in rounds])
    organisations = {
        one.id: one.name
        for one in await session.scalars(
            select(Organisation).where(Organisation.id.in_(sorted({r.org_id for r in rounds})))
        )
    }
    drive_ids = sorted({r.drive_id for r in rounds if r.drive_id is not None})
    drives = (
        {d.id: d.title for d in await session.scalars(select(Drive).where(Drive.id.in_(drive_ids)))}
        if drive_ids
        else {}
    )
    return [
        (
            gift_round,
            _signing_list_of(
                gift_round,
                organisations[gift_round.org_id],
                drives.get(gift_round.drive_id) if gift_round.drive_id else None,
                recipients.get(gift_round.id, []),
            ),
        )
        for gift_round in rounds
    ]


def _signing_list_of(
    handed: GiftRound, organisation: str, drive: str | None, recipients: list[Recipient]
) -> SigningList:
    """The signing list of the round `handed`, its organisation's name, its drive's title and its recipients
    read already (`_recipients_of`), its own package named first."""
    return SigningList(
        organisation=organisation,
        title=handed.title,
        delivered_on=handed.delivered_on,
        package=Package(handed.money_vnd, handed.goods, handed.goods_value_vnd, handed.goods_bought),
        recipients=recipients,
        source=handed.source,
        drive=drive,
    )


async def _recipients_of(session: AsyncSession, round_ids: Sequence[int]) -> dict[int, list[Recipient]]:
    """The recipients of each of the rounds `round_ids`, in signing order, read in one query: a support
    cancelled (an absent recipient's) is no line."""
    member = aliased(Person)
    rows = await session.execute(
        select(
            CaseSupport.round_id,
            HardshipCase.id,
            HardshipCase.name,
            HardshipCase.subject,
            Unit.name,
            CaseSupport.kind,
            CaseSupport.amount_vnd,
            CaseSupport.description,
        )
        .join(HardshipCase, HardshipCase.id == CaseSupport.case_id)
        .outerjoin(member, member.id == HardshipCase.person_id)
        .outerjoin(Unit, Unit.id == member.unit_id)
        .where(CaseSupport.round_id.in_(sorted(set(round_ids))), standing_support())
        .order_by(CaseSupport.id)
    )
    lines: dict[int, dict[int, dict[str, object]]] = {}
    for round_id, case_id, name, subject, unit, kind, amount, description in rows:
        line = lines.setdefault(round_id, {}).setdefault(
            case_id,
            {
                "name": as_household(name) if subject == "household" else name,
                # a member's unit; a listed household's, which is where it lives (decision 0096); None for a
                # case naming nobody of the list (a household's name says where it lives)
                "unit": unit,
                "money_vnd": 0,
                "goods_value_vnd": 0,
                "case_id": case_id,
            },
        )
        line["money_vnd" if kind == "money" else "goods_value_vnd"] = int(amount)
        if kind == "goods":
            line["goods"] = description
    return {
        round_id: _in_signing_order([Recipient(**line) for line in theirs.values()])  # type: ignore[arg-type]
        for round_id, theirs in lines.items()
    }
