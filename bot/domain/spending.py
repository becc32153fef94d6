"""Where the Fund's money went (công khai chi): support to hardship cases paid from a drive, or from the Fund
outside the drives in a year, against what that drive or year received — what was spent, for how many cases,
and what is left, money, goods' value and labour days apart, as receipts are counted
(bot.domain.statement.Figures).

Support logged as "not from the Fund" (the union's own budget, a sponsor handing it over directly) and support
logged before its source was asked (`source` NULL) count in no drive's or year's figures.

The public statement reads `SpendingLine`s, which carry no name, circumstances or goods' words: hardship
cases are read only by officers and leaders (docs/decisions/0028); a payment is shown as to a colleague or to
a household, with its date and amount, never the colleague's unit, which in a small unit names her
(docs/decisions/0404). The internal book
reads `LedgerPayment`s, naming the case only for a reader who may read it. docs/decisions/0094, 0289."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import local_date
from bot.db.models import CaseSupport, Contribution, Drive, HardshipCase, Person, Remittance, Unit
from bot.domain.access import Actor, may_pay_from_drive
from bot.domain.statement import StatementTotals, figures_of

# A drive support may still be paid from: open, or ended (or closed) no more than this many days ago.
RECENT_DAYS = 90


@dataclass(frozen=True)
class Spent:
    """What was paid from a drive or the Fund, by kind, and to how many cases; and how many supports logged
    were cancelled as not given (decision 0103), with what they gave back to the source (`returned`, by kind):
    the public statement says so in one line, naming no one (decision 0107)."""

    totals: StatementTotals = field(default_factory=StatementTotals)
    cases: int = 0
    cancelled: int = 0
    returned: StatementTotals = field(default_factory=StatementTotals)
    # Packs cancelled whose money an officer keeps to hand over later (decision 1210): how many, and their
    # figures; out of the source as what was paid is, yet given to nobody: neither in `totals` nor back.
    held: int = 0
    kept: StatementTotals = field(default_factory=StatementTotals)

    @property
    def any(self) -> bool:
        """Something was paid, or logged and cancelled: the statement then shows its spending lines."""
        return bool(self.cases or self.cancelled or self.held)

    def kinds_named(self, kinds: Collection[str]) -> set[str]:
        """The kinds its line names: those something was paid in, never “0 ngày công” beside money paid;
        the drive's own `kinds`, at 0, only while nothing was paid."""
        return set() if self.totals.any else set(kinds)


@dataclass(frozen=True)
class Balance:
    """Receipts (confirmed, net of reversals), spending and what is left, each by kind; for the Fund outside
    the drives in a year, also what the years before left to it (`opening`, số dư năm trước chuyển sang:
    docs/decisions/0095), so that left = opening + receipts − spending − what was handed over. A drive's
    opening is always zero: a drive's balance is its own, whatever the year. `handed`: the money handed over
    to the Fund of the level above (nộp về cấp trên, net of cancellations: docs/decisions/0108), money out
    beside support and apart from it."""

    received: StatementTotals
    spent: Spent
    opening: StatementTotals = field(default_factory=StatementTotals)
    handed: int = 0
    # For money out dated in a year before this one: what the later years have left, by kind (their
    # `left`, the least of them). A year's left is carried into the next, so it may give out no more than
    # every later year still has: `left` is never above it (`fund_balance_to_spend`).
    later: StatementTotals | None = None
    # Goods handed over to the level above (docs/decisions/0713): their worth where known, and whether every
    # good of it went: all those left were handed over and none came since (0713, 0718; a worth corrected
    # since of goods that went is no good come, 0761). Goods whose worth nobody knew are then not left either,
    # “Còn lại” says so, and no goods handover is offered.
    handed_goods: int = 0
    goods_gone: bool = False
    # The Fund's year only: packs of the years before, held by an officer across 1 January and put back in
    # the cash box this year (decision 1324) — how many, and their figures: money back, naming no one.
    back: int = 0
    came_back: StatementTotals = field(default_factory=StatementTotals)
    # the years those packs were given in, the earliest first: said by name, never “the year before” of a
    # pack held two years (decision 1463)
    back_from: tuple[int, ...] = ()

    @property
    def back_from_said(self) -> str:
        """The years of the packs put back (`back_from`) as a statement names them: “2026”, “2025, 2026”."""
        return ", ".join(str(year) for year in self.back_from)

    @property
    def left(self) -> StatementTotals:
        got, gone, was = self.received, self.spent.totals, self.opening
        kept = self.spent.kept  # in an officer's envelope, not in the cash box (decision 1210)
        came = self.came_back  # an envelope of last year's put back this year (decision 1324)
        left = StatementTotals(
            was.money + got.money + came.money - gone.money - kept.money - self.handed,
            was.goods + got.goods + came.goods - gone.goods - kept.goods - self.handed_goods,
            was.labour_days + got.labour_days - gone.labour_days,
        )
        if self.later is None:
            return left
        later = self.later
        return StatementTotals(
            min(left.money, later.money),
            min(left.goods, later.goods),
            min(left.labour_days, later.labour_days),
        )

    @property
    def left_said(self) -> StatementTotals:
        """What is left as a statement says it (`left_shown`: never below 0), with how many gifts of goods it
        received whose worth nobody knew: what is left of them is not known either, never “worth 0 ₫”
        (decision 0631)."""
        unpriced = 0 if self.goods_gone else self.received.goods_unpriced + self.opening.goods_unpriced
        return replace(left_shown(self.left), goods_unpriced=unpriced)

    def left_told(self, kinds: set[str]) -> tuple[StatementTotals, set[str]] | None:
        """What is left as the statement says it (`left_said`), and of which of `kinds`: days of work only
        once some went to a hardship case; until then they were worked where they were given, not kept to
        hand out (decision 1724). None where no line of it is said: no kind left to name, no figure, no goods
        handed over (a drive of days alone none went to). The chat's lines and the print-ready sheet read it
        here (decision 1807)."""
        said, told = self.left_said, kinds
        if not self.spent.totals.labour_days:
            said, told = replace(said, labour_days=0), kinds - {"labour"}
        if told or said.money or said.goods or said.goods_unpriced or self.goods_gone:
            return said, told
        return None

    @property
    def any_out(self) -> bool:
        """Something went out of it: paid in support, or handed over to the level above."""
        return self.spent.any or bool(self.handed) or self.goods_gone or bool(self.handed_goods)

    @property
    def shows_support(self) -> bool:
        """Whether a statement says what was paid in support (“Đã chi hỗ trợ cho N hoàn cảnh: …”): once some
        was paid or cancelled; and where nothing was handed over either, as the statement's sheet says it
        (decision 0094; the drive's screen, only once something was paid or cancelled: 1522). Money only
        handed over says so in its own line, never “0 hoàn cảnh: tiền 0 ₫”; so does a pack held over a year's
        end put back in this one (decision 1384)."""
        return self.spent.any or not (self.handed or self.back)

    @property
    def carried(self) -> bool:
        """Something was brought forward from the years before (the statement then says how much)."""
        return self.opening != StatementTotals()

    @property
    def told(self) -> bool:
        """Whether a statement says its spending and what is left (`balance_lines`), not its receipts alone:
        something went out, was brought forward, or a pack held over a year's end was put back this year —
        a Fund that opened with nothing and paid nothing still has that envelope (decisions 1324, 1384)."""
        return self.any_out or self.carried or bool(self.back)

    @property
    def has_goods(self) -> bool:
        """Whether it has goods left to give as they came: worth some đồng, or gifts of goods whose worth
        nobody knew, not all handed over. One that received none gives none: rice handed on from a drive of
        money alone was bought with its money, or came from outside the Fund (decision 2092)."""
        return self.left.goods > 0 or bool(self.left_said.goods_unpriced)

    def left_of(self, kind: str) -> int:
        left = self.left
        return {"money": left.money, "goods": left.goods, "labour": left.labour_days}[kind]


@dataclass(frozen=True)
class SpendingLine:
    """A payment on the public statement, or a gift round's payments of one kind: no name, no circumstances,
    no goods' words, no round's words."""

    on: date
    household: bool  # else a colleague's case, or one naming nobody of the list: never their unit (0404)
    kind: str
    amount_vnd: int  # money, or the value of goods
    labour_days: int
    cases: int = 1  # more than one: a gift round's supports of this kind, one line (decision 0943)
    # goods of the line whose value nobody knew: never said “worth 0 ₫”, nor left out of a round's sum
    # unsaid (decisions 0610, 0680)
    unpriced: int = 0

    @property
    def of_round(self) -> bool:
        return self.cases > 1


@dataclass(frozen=True)
class LedgerPayment:
    """A payment in the internal book: the case named only for a reader who may read it (0289)."""

    on: date
    case: str | None  # the case's name; None for a reader who may not see cases ("Hoàn cảnh số N")
    case_id: int  # the case's number
    household: bool
    unit: str | None  # a colleague's unit, only beside her name: None with "Hoàn cảnh số N" (0414)
    kind: str
    description: str | None
    amount_vnd: int
    labour_days: int
    drive: str | None  # the drive it was paid from; None: the Fund outside the drives
    recorded_by: str | None
    bought: bool = False  # goods bought with the source's money: `kind` is then "money" (decision 0099)
    cancels: bool = False  # the cancellation of an earlier payment, its figures the opposite (decision 0103)
    reason: str | None = None  # why it was cancelled
    held: bool = False  # a cancellation whose money an officer keeps to hand over later (decision 1210)


def from_drive(drive_id: int) -> tuple[ColumnElement[bool], ...]:
    return (CaseSupport.source == "drive", CaseSupport.drive_id == drive_id)


def from_fund(org_id: int, year: int) -> tuple[ColumnElement[bool], ...]:
    """Paid from the Fund outside the drives, delivered in `year` (its statement's calendar year)."""
    return (
        CaseSupport.source == "fund",
        HardshipCase.org_id == org_id,
        CaseSupport.delivered_on >= date(year, 1, 1),
        CaseSupport.delivered_on <= date(year, 12, 31),
    )


def from_the_fund_in(org_id: int, year: int) -> tuple[ColumnElement[bool], ...]:
    """Paid from any of the organisation's drives or from the Fund outside them, delivered in `year` (the
    whole year's book)."""
    return (
        CaseSupport.source.in_(("drive", "fund")),
        HardshipCase.org_id == org_id,
        CaseSupport.delivered_on >= date(year, 1, 1),
        CaseSupport.delivered_on <= date(year, 12, 31),
    )


def paid_kind() -> ColumnElement[str]:
    """What the source paid a support in: money for goods bought with its money (decision 0099), else the
    support's own kind. Balances and the statement count this; what a case received keeps `kind`."""
    return case((and_(CaseSupport.kind == "goods", CaseSupport.bought), "money"), else_=CaseSupport.kind)


def standing_support() -> ColumnElement[bool]:
    """A support that stands: not a cancellation, and not cancelled by one (decision 0103) — but for a pack
    kept by an officer and handed over later, which stands again (decision 1210). Sums need no such filter
    (a cancellation carries the opposite figures, `not_handed_later` leaving out one handed later); counts of
    cases and lists of payments do."""
    cancellation = aliased(CaseSupport)
    return and_(
        CaseSupport.reverses_id.is_(None),
        ~exists().where(
            cancellation.reverses_id == CaseSupport.id,
            _still_cancels(cancellation),
        ),
    )


def _still_cancels(cancellation: type[CaseSupport]) -> ColumnElement[bool]:
    """Of a cancellation (`CaseSupport` or an alias of it): that it still cancels its support — money back
    in its source, or held by an officer —, not a pack handed over later, which gave the support after all
    (decision 1210). The one rule `standing_support` and `not_handed_later` read."""
    return or_(cancellation.kept.is_(None), cancellation.kept != "handed")


def not_handed_later() -> ColumnElement[bool]:
    """A row that counts in sums: a support, or a cancellation still standing — not one whose pack the
    officer handed over later, which gave the support after all (decision 1210)."""
    return or_(CaseSupport.reverses_id.is_(None), _still_cancels(CaseSupport))


def _put_back(*, after: date | None = None, by: date | None = None) -> ColumnElement[bool]:
    """Of a cancellation: a pack an officer held and put back in its source on a day after `after` and by `by`
    (None: no bound). Its day is kept (`kept_until`, decision 1324): read on a day before it — a year closed
    before it came back —, it was still held. The one rule `returned_to_source`, `held_by_an_officer` and
    `put_back_in` read."""
    back = [CaseSupport.kept == "back"]
    if after is not None:
        back.append(CaseSupport.kept_until > after)
    if by is not None:
        back.append(CaseSupport.kept_until <= by)
    return and_(*back)


def returned_to_source(until: date | None = None) -> ColumnElement[bool]:
    """A cancellation whose money went back to its source (the cash box, the drive's account) by `until`
    (None: by now): not one an officer holds to hand over later, nor one handed later (decision 1210); one
    put back on a later day was held on `until` (decision 1324)."""
    return and_(CaseSupport.reverses_id.is_not(None), or_(CaseSupport.kept.is_(None), _put_back(by=until)))


def held_by_an_officer(until: date | None = None) -> ColumnElement[bool]:
    """A cancellation whose money an officer holds to hand over later: out of the source, given to nobody;
    read on `until`, one put back after it too (decision 1324)."""
    held = CaseSupport.kept == "held"
    if until is not None:
        held = or_(held, _put_back(after=until))
    return and_(CaseSupport.reverses_id.is_not(None), held)


def _sum(kind: str, *, of: ColumnElement[bool] | None = None) -> ColumnElement[int]:
    """The payments' figure of `kind`, net of the cancellations that stand; with `of` (`returned_to_source`,
    `held_by_an_officer`), what those cancellations took off it."""
    figure = CaseSupport.labour_days if kind == "labour" else CaseSupport.amount_vnd
    if of is not None:
        return func.coalesce(func.sum(case((and_(paid_kind() == kind, of), -figure), else_=0)), 0)
    when = and_(paid_kind() == kind, not_handed_later())
    return func.coalesce(func.sum(case((when, figure), else_=0)), 0)


def _unpriced(*, returned: ColumnElement[bool] | None = None) -> ColumnElement[int]:
    """How many supports of goods whose worth nobody knew stand (a cancellation takes one off); with
    `returned` (`returned_to_source`), how many of them were cancelled: never summed as goods worth 0 ₫
    (decision 0610)."""
    when = and_(paid_kind() == "goods", CaseSupport.amount_vnd == 0)
    if returned is not None:
        back = and_(when, returned)
        return func.coalesce(func.sum(case((back, 1), else_=0)), 0)
    each = case((CaseSupport.reverses_id.is_(None), 1), else_=-1)
    return func.coalesce(func.sum(case((and_(when, not_handed_later()), each), else_=0)), 0)


def _pack() -> ColumnElement[str]:
    """Which pack a support is of: a round's to one case (all its kinds), else the support alone."""
    one = func.coalesce(CaseSupport.round_id, -func.coalesce(CaseSupport.reverses_id, CaseSupport.id))
    return cast(CaseSupport.case_id, String) + ":" + cast(one, String)


def _spent_columns(until: date | None) -> tuple[ColumnElement[int], ...]:
    """What `_spent` reads, as the payments stood on `until` (None: now): a pack put back after it was held
    then (decision 1324)."""
    returned, held = returned_to_source(until), held_by_an_officer(until)
    return (
        _sum("money"),
        _sum("goods"),
        _sum("labour"),
        _unpriced(),
        _unpriced(returned=returned),
        # cases paid, none cancelled
        func.count(func.distinct(case((standing_support(), CaseSupport.case_id)))),
        func.count(case((returned, 1))),  # the supports cancelled as not given, money back
        _sum("money", of=returned),
        _sum("goods", of=returned),
        _sum("labour", of=returned),
        # the packs an officer holds: a round's package held counts once, however many kinds (decision 1210)
        func.count(func.distinct(case((held, _pack())))),
        _sum("money", of=held),
        _sum("goods", of=held),
    )


def _spent(row: Any) -> Spent:
    (
        money, goods, days, unknown, back_unknown, cases, cancelled, back_money, back_goods, back_days,
        held, kept_money, kept_goods,
    ) = (int(v or 0) for v in row)  # fmt: skip
    return Spent(
        StatementTotals(money, goods, days, unknown),
        cases,
        cancelled,
        StatementTotals(back_money, back_goods, back_days, back_unknown),
        held,
        StatementTotals(kept_money, kept_goods, 0),
    )


async def spent_by(
    session: AsyncSession, key: ColumnElement[Any], *where: ColumnElement[Any], until: date | None = None
) -> dict[Any, Spent]:
    """`Spent` of the payments matching `where`, one per value of `key` (a drive's id): one query. `until`:
    as they stood on that day (a year's last), a pack put back after it still held (decision 1324)."""
    rows = await session.execute(
        select(key, *_spent_columns(until))
        .select_from(CaseSupport)
        .join(HardshipCase, HardshipCase.id == CaseSupport.case_id)
        .where(*where)
        .group_by(key)
    )
    return {row[0]: _spent(row[1:]) for row in rows}


async def spent_of(session: AsyncSession, *where: ColumnElement[Any], until: date | None = None) -> Spent:
    """`spent_by` without grouping."""
    row = (
        await session.execute(
            select(*_spent_columns(until))
            .select_from(CaseSupport)
            .join(HardshipCase, HardshipCase.id == CaseSupport.case_id)
            .where(*where)
        )
    ).one()
    return _spent(row)


def handed_from_drive(drive_id: int) -> tuple[ColumnElement[bool], ...]:
    """Handed over to the level above from the drive `drive_id` (docs/decisions/0108)."""
    return (Remittance.source == "drive", Remittance.drive_id == drive_id)


def handed_from_fund(org_id: int, year: int) -> tuple[ColumnElement[bool], ...]:
    """Handed over to the level above from the Fund outside the drives, on a day of `year` (`handed_in`'s)."""
    return (Remittance.source == "fund", *handed_in(org_id, year))


_HANDED = func.coalesce(func.sum(Remittance.amount_vnd), 0)


async def handed_of(session: AsyncSession, *where: ColumnElement[Any]) -> int:
    """The money handed over matching `where`, net of cancellations (each carries the opposite amount)."""
    return int(await session.scalar(select(_HANDED).where(*where)) or 0)


async def handed_by(
    session: AsyncSession, key: ColumnElement[Any], *where: ColumnElement[Any]
) -> dict[Any, int]:
    """`handed_of` one per value of `key` (a drive's id): one query."""
    rows = await session.execute(select(key, _HANDED).where(*where).group_by(key))
    return {row[0]: int(row[1] or 0) for row in rows}


def standing_remittance() -> ColumnElement[bool]:
    """A handover that stands: not a cancellation, and not cancelled by one. Sums need no such filter."""
    cancellation = aliased(Remittance)
    return and_(Remittance.reverses_id.is_(None), ~exists().where(cancellation.reverses_id == Remittance.id))


async def goods_handed_of(
    session: AsyncSession, *where: ColumnElement[Any], gifts: ColumnElement[bool]
) -> tuple[int, bool]:
    """The worth of the goods handed over matching `where`, net of cancellations, and whether a handover
    of all the goods left stands (docs/decisions/0713) with no gift of goods among `gifts` confirmed since:
    goods that came after it are left, those of unknown worth too (docs/decisions/0718)."""
    worth = await session.scalar(select(func.coalesce(func.sum(Remittance.goods_vnd), 0)).where(*where))
    last_all = await session.scalar(
        select(func.max(Remittance.created_at)).where(*where, Remittance.goods_all, standing_remittance())
    )
    if last_all is None:
        return int(worth or 0), False
    came_since = await session.scalar(
        select(Contribution.id)
        .where(
            gifts,
            Contribution.kind == "goods",
            Contribution.status == "confirmed",
            Contribution.reverses_id.is_(None),
            await came_after(session, gifts, last_all),
        )
        .limit(1)
    )
    return int(worth or 0), came_since is None


async def came_after(session: AsyncSession, gifts: ColumnElement[bool], at: Any) -> ColumnElement[bool]:
    """The gifts among `gifts` that came after `at` (a handover of all the goods): confirmed after it, and
    not the right figure of a gift confirmed before it (`contributions.correct`: its worth corrected, the
    same goods, which went with the rest; docs/decisions/0761), however many times corrected."""
    corrected = await session.execute(
        select(Contribution.id, Contribution.replaces_id).where(
            gifts, Contribution.replaces_id.is_not(None), Contribution.decided_at > at
        )
    )
    before: list[int] = []
    # Each corrected gift's chain walked back a step at a time, every chain's step in one read.
    pending: dict[int, int] = {gift_id: replaced for gift_id, replaced in corrected}
    while pending:
        steps = await session.execute(
            select(Contribution.id, Contribution.decided_at > at, Contribution.replaces_id).where(
                Contribution.id.in_(set(pending.values()))
            )
        )
        step = {gift_id: (decided, replaced) for gift_id, decided, replaced in steps}
        further: dict[int, int] = {}
        for gift_id, replaced in pending.items():
            decided, earlier = step[replaced]
            if not decided:
                before.append(gift_id)
            elif earlier is not None:
                further[gift_id] = earlier
        pending = further
    return and_(Contribution.decided_at > at, Contribution.id.not_in(before))


@dataclass(frozen=True)
class DriveOut:
    """What went out of a drive: paid to hardship cases, money handed over to the level above, the worth of
    goods handed over and whether every good went (`Balance`'s fields of the same names)."""

    spent: Spent
    handed: int
    handed_goods: int
    goods_gone: bool


async def drive_out(session: AsyncSession, drive_id: int) -> DriveOut:
    """What went out of the drive, for its balance (`drive_balance`) and its progress
    (`drives.drive_progress`) alike."""
    spent = await spent_of(session, *from_drive(drive_id))
    handed = await handed_of(session, *handed_from_drive(drive_id))
    goods, gone = await goods_handed_of(
        session, *handed_from_drive(drive_id), gifts=Contribution.drive_id == drive_id
    )
    return DriveOut(spent, handed, goods, gone)


async def drive_balance(session: AsyncSession, drive: Drive) -> Balance:
    received = (await figures_of(session, Contribution.drive_id == drive.id)).confirmed
    out = await drive_out(session, drive.id)
    return Balance(
        received, out.spent, handed=out.handed, handed_goods=out.handed_goods, goods_gone=out.goods_gone
    )


async def fund_balance(session: AsyncSession, org_id: int, year: int) -> Balance:
    """The Fund outside the drives in `year`: what the years before left to it, its statement's receipts, and
    what was paid from it, as it stood at the year's end (a pack put back after it still held, decision
    1324); and the packs of the years before put back during it."""
    scope = (Contribution.org_id == org_id, Contribution.drive_id.is_(None), Contribution.year == year)
    received = (await figures_of(session, *scope)).confirmed
    spent = await spent_of(session, *from_fund(org_id, year), until=date(year, 12, 31))
    handed = await handed_of(session, *handed_from_fund(org_id, year))
    back = await put_back_in(session, org_id, year)
    opening = await fund_opening(session, org_id, year)
    return Balance(
        received, spent, opening, handed, back=back.packs, came_back=back.figures, back_from=back.years
    )


async def year_balance(session: AsyncSession, org_id: int, year: int) -> Balance:
    """The whole year's, its drives' too, as its book counts them (decision 0541): the confirmed receipts of
    the year, what the years before brought forward, the payments delivered in it as they stood at its end
    (1324), the money and the goods' worth handed over to the level above in it, and the packs of the years
    before put back during it. The book's “còn lại” is this balance's (decision 1464)."""
    received = (await figures_of(session, Contribution.org_id == org_id, Contribution.year == year)).confirmed
    spent = await spent_of(session, *from_the_fund_in(org_id, year), until=date(year, 12, 31))
    made = handed_in(org_id, year)
    handed = await handed_of(session, *made)
    goods, _all = await goods_handed_of(session, *made, gifts=Contribution.year == year)
    back = await put_back_in(session, org_id, year, with_drives=True)
    opening = await fund_opening(session, org_id, year, with_drives=True)
    return Balance(
        received,
        spent,
        opening,
        handed,
        handed_goods=goods,
        back=back.packs,
        came_back=back.figures,
        back_from=back.years,
    )


def handed_in(org_id: int, year: int) -> tuple[ColumnElement[bool], ...]:
    """Handed over to the level above from any of the organisation's sources on a day of `year` (the whole
    year's book)."""
    return (
        Remittance.org_id == org_id,
        Remittance.remitted_on >= date(year, 1, 1),
        Remittance.remitted_on <= date(year, 12, 31),
    )


@dataclass(frozen=True)
class PutBack:
    """The packs of the years before put back during a year (`put_back_in`): how many, what came back by
    kind, and the years they were given in, the earliest first."""

    packs: int = 0
    figures: StatementTotals = field(default_factory=StatementTotals)
    years: tuple[int, ...] = ()


async def put_back_in(session: AsyncSession, org_id: int, year: int, *, with_drives: bool = False) -> PutBack:
    """The packs paid from the Fund outside the drives (`with_drives`: from the drives too, as the whole
    year's book counts them) delivered in a year before `year`, held by an officer across its 1 January and
    put back during it (decision 1324): how many (a round's package once), what came back by kind, and the
    years they were given in (decision 1463). The years before read each as held at their end, and bring
    none of it forward (`fund_opening`): it is money into the cash box of this year."""
    back = and_(
        CaseSupport.reverses_id.is_not(None),
        CaseSupport.delivered_on < date(year, 1, 1),
        _put_back(after=date(year - 1, 12, 31), by=date(year, 12, 31)),
    )
    where = (
        CaseSupport.source.in_(("drive", "fund") if with_drives else ("fund",)),
        HardshipCase.org_id == org_id,
        back,
    )
    count, money, goods = (
        await session.execute(
            select(
                func.count(func.distinct(case((back, _pack())))),
                _sum("money", of=back),
                _sum("goods", of=back),
            )
            .select_from(CaseSupport)
            .join(HardshipCase, HardshipCase.id == CaseSupport.case_id)
            .where(*where)
        )
    ).one()
    if not count:
        return PutBack()
    days = await session.scalars(
        select(CaseSupport.delivered_on)
        .distinct()
        .join(HardshipCase, HardshipCase.id == CaseSupport.case_id)
        .where(*where)
    )
    years = tuple(sorted({day.year for day in days}))
    return PutBack(int(count), StatementTotals(int(money or 0), int(goods or 0), 0), years)


async def fund_balance_to_spend(session: AsyncSession, org_id: int, year: int, *, through: int) -> Balance:
    """The Fund outside the drives of `year` as money out dated in it (support, a handover) may take from:
    its balance, its `left` no more than what each later year up to `through` (this year) has left. Each
    year's left is brought into the next (decision 0095): 2025's 10.000.000 ₫ paid out in 2026 is no longer
    there for a handover dated back to 2025, which would leave 2026 below nothing."""
    balance = await fund_balance(session, org_id, year)
    later = [(await fund_balance(session, org_id, after)).left for after in range(year + 1, through + 1)]
    if not later:
        return balance
    least = StatementTotals(
        min(left.money for left in later),
        min(left.goods for left in later),
        min(left.labour_days for left in later),
    )
    return replace(balance, later=least)


async def fund_opening(
    session: AsyncSession, org_id: int, year: int, *, with_drives: bool = False
) -> StatementTotals:
    """What the Fund outside the drives brings into `year` (số dư năm trước chuyển sang), by kind: the
    confirmed receipts of every year before, net of reversals, less what was paid from it and handed over to
    the level above in those years (decision 0108) —
    each year's closing balance carried into the next, computed rather than stored, so a receipt corrected
    or a payment logged late in an earlier year moves every later year's figure with it (decision 0095).
    `with_drives`: what the drives bring too, as the whole year's book counts their receipts and payments: a
    drive of December and January pays its Tết round in the new year with the old year's money (0541)."""
    scope = [Contribution.org_id == org_id, Contribution.year < year]
    if not with_drives:
        scope.append(Contribution.drive_id.is_(None))
    received = (await figures_of(session, *scope)).confirmed
    paid = await spent_of(
        session,
        CaseSupport.source.in_(("drive", "fund") if with_drives else ("fund",)),
        HardshipCase.org_id == org_id,
        CaseSupport.delivered_on < date(year, 1, 1),
        until=date(year - 1, 12, 31),  # nor one put back after: this year's money back (decision 1324)
    )
    spent, kept = paid.totals, paid.kept  # a pack an officer still holds is not brought forward (1210)
    handed = await handed_of(
        session,
        *(() if with_drives else (Remittance.source == "fund",)),
        Remittance.org_id == org_id,
        Remittance.remitted_on < date(year, 1, 1),
    )
    return StatementTotals(
        received.money - spent.money - kept.money - handed,
        received.goods - spent.goods - kept.goods,
        received.labour_days - spent.labour_days,
    )


async def spending_lines(
    session: AsyncSession, *where: ColumnElement[Any], size: int | None = None, page: int = 0
) -> tuple[list[SpendingLine], int]:
    """The payments matching `where` for the public statement, oldest first; with `size`, page `page` of
    them, the latest first (none with a size of 0: how many only). And how many there are in all.

    A gift round's supports of one kind are one line, with how many cases they went to: 200 Tết packs are
    one line, not 200 alike (decision 0943). A support outside a round, and a round's that stands for one case
    alone, are a line each; a package cancelled (0103) is in no line, so the lines still add up to the total
    paid."""
    each = (
        select(
            CaseSupport.id,
            CaseSupport.delivered_on,
            HardshipCase.subject,
            paid_kind().label("kind"),
            CaseSupport.amount_vnd,
            CaseSupport.labour_days,
            CaseSupport.case_id,
            # a round's supports share its number; every other support is a line of its own
            case((CaseSupport.round_id.is_not(None), CaseSupport.round_id), else_=-CaseSupport.id).label(
                "line"
            ),
        )
        .join(HardshipCase, HardshipCase.id == CaseSupport.case_id)
        .where(
            *where, standing_support()
        )  # a payment that did not happen, and its cancellation, are not shown
        .subquery()
    )
    query = select(
        func.min(each.c.delivered_on),
        func.min(each.c.subject),
        each.c.kind,
        func.sum(each.c.amount_vnd),
        func.sum(each.c.labour_days),
        func.count(func.distinct(each.c.case_id)),
        func.count().filter(each.c.kind == "goods", each.c.amount_vnd == 0),
    ).group_by(each.c.line, each.c.kind)
    rows: Any = ()
    if size is None:
        rows = await session.execute(query.order_by(func.min(each.c.delivered_on), func.min(each.c.id)))
    elif size:
        latest = query.order_by(func.max(each.c.delivered_on).desc(), func.max(each.c.id).desc())
        rows = await session.execute(latest.limit(size).offset(page * size))
    lines = [
        SpendingLine(on, subject == "household", kind, int(amount), int(days), int(cases), int(unpriced))
        for on, subject, kind, amount, days, cases, unpriced in rows
    ]
    if size is None:
        return lines, len(lines)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    return lines, total or 0


async def ledger_payments(
    session: AsyncSession, *where: ColumnElement[Any], named: ColumnElement[bool], until: date | None = None
) -> list[LedgerPayment]:
    """The payments matching `where`, in the order they were delivered; the case's name, and the colleague's
    unit, only where `named` holds of it (`access.cases_named_to`; its number always): to a treasurer or an
    admin, who reads no case, the unit beside the figure would name her in a small one (decision 0414).
    `until`: a year's last day, a pack put back after it read as held (decision 1324)."""
    member, recorder = aliased(Person), aliased(Person)
    rows = await session.execute(
        select(
            CaseSupport.delivered_on,
            HardshipCase.id,
            case((named, HardshipCase.name), else_=None),
            HardshipCase.subject,
            case((named, Unit.name), else_=None),  # a colleague's unit names her in a small one (0414)
            paid_kind(),
            CaseSupport.bought,
            CaseSupport.reverses_id.is_not(None),
            CaseSupport.reason,
            held_by_an_officer(until),
            CaseSupport.description,
            CaseSupport.amount_vnd,
            CaseSupport.labour_days,
            Drive.title,
            recorder.full_name,
        )
        .join(HardshipCase, HardshipCase.id == CaseSupport.case_id)
        .outerjoin(member, member.id == HardshipCase.person_id)
        .outerjoin(Unit, and_(Unit.id == member.unit_id, HardshipCase.subject == "member"))
        .outerjoin(Drive, Drive.id == CaseSupport.drive_id)
        .outerjoin(recorder, recorder.id == CaseSupport.recorded_by)
        .where(*where, not_handed_later())  # a pack handed later is its support, given once (1210)
        .order_by(CaseSupport.delivered_on, CaseSupport.id)
    )
    return [
        LedgerPayment(
            on=on,
            case=name,
            case_id=case_id,
            household=subject == "household",
            unit=unit,
            kind=kind,
            description=description,
            amount_vnd=int(amount),
            labour_days=int(days),
            drive=drive,
            recorded_by=recorded_by,
            bought=bool(bought),
            cancels=bool(cancels),
            reason=reason,
            held=bool(held),
        )
        for (
            on,
            case_id,
            name,
            subject,
            unit,
            kind,
            bought,
            cancels,
            reason,
            held,
            description,
            amount,
            days,
            drive,
            recorded_by,
        ) in rows
    ]


def drive_ended_on(drive: Drive) -> date:
    """The last day a drive ran: its end date, or the day it was closed if earlier."""
    if drive.closed_at is None:
        return drive.ends_on
    return min(drive.ends_on, local_date(drive.closed_at))


def pays_support(drive: Drive, today: date) -> bool:
    """Whether support may be paid from `drive` today: it started, and is open or ended (or was closed) no
    more than RECENT_DAYS ago (decision 0094); the chat offers no other, the shell takes no other (0313)."""
    return drive.starts_on <= today and drive_ended_on(drive) >= today - timedelta(days=RECENT_DAYS)


async def drives_to_pay_from(
    session: AsyncSession, org_id: int, case_id: int | None, today: date, *, payer: Actor | None
) -> list[tuple[Drive, Balance]]:
    """The drives support may be paid from today: the organisation's drives that started and are open or
    ended no more than RECENT_DAYS ago, those `payer` may pay case `case_id` from (None: a gift round's
    cases; `access.may_pay_from_drive`, decision 0451); those raising money for the case first, then the
    latest started. Each with its balance."""
    drives = [
        d
        for d in await session.scalars(
            select(Drive)
            .where(Drive.org_id == org_id, Drive.starts_on <= today)
            .order_by(Drive.starts_on.desc())
        )
        if pays_support(d, today) and may_pay_from_drive(payer, d, case_id)
    ]
    drives.sort(key=lambda d: d.case_id != case_id)  # stable: the latest first within each
    return [(d, await drive_balance(session, d)) for d in drives]


@dataclass(frozen=True)
class Shortfall:
    """What a drive, or the Fund outside the drives in a year, would have paid out beyond what it received
    once a confirmed gift of it is corrected down or cancelled (docs/decisions/0121): the money (or goods'
    value, or labour days) already paid in support or handed over (`out`), what it would have received then,
    with what the years before brought forward to the Fund (`received`), and by how much the first exceeds the
    second (`short`, above 0). `drive`: the drive's title; None for the Fund of `year`."""

    kind: str
    drive: str | None
    year: int
    out: int
    received: int
    short: int


def _of_kind(totals: StatementTotals, kind: str) -> int:
    return {"money": totals.money, "goods": totals.goods, "labour": totals.labour_days}[kind]


async def shortfall_after(
    session: AsyncSession, entry: Contribution, less: int, *, this_year: int
) -> Shortfall | None:
    """What `entry`'s source (its drive, or the Fund outside the drives of its year) would have paid out
    beyond what it received if `less` of `entry`'s kind (đồng, or days) were taken off its receipts — a
    correction of its figure or a cancellation — or None where what is left stays at 0 or above. For the Fund,
    every year since (to `this_year`) counts too: what a year has left is brought into the next (0095)."""
    if entry.drive_id is not None:
        drive = await session.get_one(Drive, entry.drive_id)
        balance, title = await drive_balance(session, drive), drive.title
    else:
        balance = await fund_balance_to_spend(
            session, entry.org_id, entry.year, through=max(this_year, entry.year)
        )
        title = None
    short = less - balance.left_of(entry.kind)
    if short <= 0:
        return None
    spent = balance.spent
    out = _of_kind(spent.totals, entry.kind) + _of_kind(spent.kept, entry.kind)
    out += balance.handed if entry.kind == "money" else 0
    return Shortfall(entry.kind, title, entry.year, out, out - short, short)


def overdrawn(left: StatementTotals) -> StatementTotals:
    """By kind, how much more went out than came in, where a receipt was corrected down after the money was
    paid out (docs/decisions/0121): what a statement says in place of a negative “left”."""
    return StatementTotals(max(0, -left.money), max(0, -left.goods), max(0, -left.labour_days))


def left_shown(left: StatementTotals) -> StatementTotals:
    """What is left as a statement shows it: never below 0 (what went out beyond it is `overdrawn`)."""
    return StatementTotals(max(0, left.money), max(0, left.goods), max(0, left.labour_days))
