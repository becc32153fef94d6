"""The public statement of a drive (công khai, sao kê): every confirmed entry — its unit, money or goods with
their value or labour days, date and reference code — and the giver's name only if they agreed
(`Person.public_name`, asked at their first contribution, changeable any time); otherwise no name, shown as
"Nhà hảo tâm", and their unit only where at least three of it gave that kind unnamed, else “Các đơn vị
khác” (in a commune “Các thôn, ban khác”; decisions 0177, 0384, 0976). A reversal is listed too, as a
negative line naming the entry it cancels, so the totals by kind are the confirmed sums minus the reversals,
and anyone can see why a line does not count.

Only the drive's own organisation gets it: a drive of another organisation is refused, not just left empty.
Gifts to the Fund outside any drive have a statement of their own, one per year (`fund_statement`).

The spreadsheet lists every line, oldest first; the chat reads it a page at a time, the latest first, so that
a page of a statement of thousands of gifts is one short query (`size`, `page`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import local_date
from bot.db.models import CONTRIBUTION_KINDS, Contribution, Drive, Organisation, Person, Unit
from bot.domain.access import FEWEST_GIVERS
from bot.domain.bank_statement import credit_day
from bot.domain.goods_words import GoodsCount, goods_counted

if TYPE_CHECKING:
    from bot.domain.remittances import RemittanceLine
    from bot.domain.spending import Balance, SpendingLine


class StatementError(Exception):
    """`reason`: "not_found" (no such drive) or "other_organisation" (a drive of another organisation)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class StatementLine:
    ref: str
    at: datetime
    unit: str | None  # None: no unit, or one withheld (`other_units`)
    name: str | None  # None: the giver did not agree to be named ("Nhà hảo tâm")
    kind: str
    amount_vnd: int  # money, or the estimated value of goods; negative on a reversal
    labour_days: int
    description: str | None
    cancels: str | None  # on a reversal: the reference code of the entry it cancels
    # On a gift a correction cancelled: that correction's code, so the line read alone (another page in the
    # chat, a row of the sheet) is never taken for a gift that stands (decision 0490).
    cancelled_by: str | None = None
    # On the right entry a correction wrote: the code of the entry it replaces, so the three lines name each
    # other (decision 2407).
    replaces: str | None = None
    # An unnamed giver's unit with fewer than FEWEST_UNNAMED of them on the statement: not named, the line
    # says “Các đơn vị khác” (decision 0177).
    other_units: bool = False
    # The day the bank received it, for a credit recorded in the next year and counted for the year it
    # arrived in (decision 0888): the line's day is the money's, not its typing's (decision 1007); on the
    # right entry a correction wrote in the next year, the day of the gift it replaces (decision 1109).
    received_on: date | None = None
    # The year it counts for: a later one than its code's for a gift confirmed once its own year was closed
    # and reported (decision 1218), which keeps its code and its day (CT-2026-000001, 30/12/2026) on 2027's.
    year: int | None = None

    @property
    def day(self) -> date:
        """The day the line shows: the bank's day of a credit of the year before its recording, else the day
        it was recorded in Vietnam."""
        return self.received_on or local_date(self.at)


# The fewest givers not named on a statement (“Nhà hảo tâm”) a unit has for it to be named on their lines
# (decision 0177): with one, the unit's lines are that person's gifts; with two, each knows the other's. The
# same three as a unit's money in its leader's digest (`access.FEWEST_GIVERS`, decision 0304).
FEWEST_UNNAMED = FEWEST_GIVERS


@dataclass(frozen=True)
class StatementTotals:
    money: int = 0
    goods: int = 0
    labour_days: int = 0
    # How many gifts of goods that stand have no value anyone knew: `goods` does not count them, and what
    # says the sum says so, never “worth 0 ₫” (decisions 0540, 0554, 0610).
    goods_unpriced: int = 0

    @property
    def any(self) -> bool:
        """Something is counted: a figure, or goods whose worth nobody knew (a bag of old clothes waiting is
        a gift waiting, decision 0631)."""
        return bool(self.money or self.goods or self.labour_days or self.goods_unpriced)


@dataclass(frozen=True)
class Statement:
    organisation: str
    drive: str
    starts_on: date
    ends_on: date
    lines: list[StatementLine]  # every line, oldest first; or one page of them, the latest first
    totals: StatementTotals
    entries: int  # how many lines the statement has in all, whichever of them `lines` holds
    outside_drives: bool = False  # the Fund's gifts outside any drive, for a year (`drive` is its name)
    # What was paid from it to hardship cases (bot.domain.spending, docs/decisions/0094): receipts, spending
    # and what is left; every payment, oldest first, without names (in the sheet; the chat pages them
    # apart); how many payments in all.
    balance: Balance | None = None
    spending: list[SpendingLine] = field(default_factory=list)
    payments: int = 0
    # What it handed over to the Fund of the level above (docs/decisions/0108): every handover that stands,
    # oldest first — the board, the day, the receipt's number, the amount; public, as few as they are.
    handovers: list[RemittanceLine] = field(default_factory=list)
    # Whether it is the Fund for the Poor's (the Fund outside the drives, or a drive of the Fund): a relief
    # drive's handovers are not said to go to the Fund for the Poor (decisions 0704, 0718).
    of_the_fund: bool = True
    # What it takes (a drive's own kinds; the Fund takes all): its totals name these, even at 0, and any
    # other only once it has a figure (docs/decisions/0259).
    kinds: frozenset[str] = frozenset(CONTRIBUTION_KINDS)
    # The day in Vietnam a drive was closed, when before its planned end: its gifts stopped then, and its
    # sheet's period ends there, as its screens say (docs/decisions/0272, 0278).
    closed_early_on: date | None = None
    # The goods of the gifts that stand added up kind by kind (“mì tôm: 15 thùng”, decision 0704): what came
    # to the hall, whatever each was worth.
    goods: list[GoodsCount] = field(default_factory=list)
    # A commune's (`notices.is_commune`): its lines of units withheld read “Các thôn, ban khác”, since beside
    # its hamlets and boards a commune's “đơn vị” is a body from outside (decisions 0247, 0976).
    commune: bool = False


def unpriced(kind: str, amount_vnd: int) -> bool:
    """Goods whose value nobody knew: their cell of đồng is left empty, never 0 (decision 0610), and no sum
    of goods says them worth 0 ₫ (decision 0680)."""
    return kind == "goods" and not amount_vnd


def kinds_shown(totals: StatementTotals, kinds: Collection[str]) -> tuple[str, ...]:
    """The kinds a statement's figures name, in their order (money, goods, labour): those its drive takes
    (`kinds`), even at 0, and any other once it has a figure (docs/decisions/0259). The one rule for the
    chat's statement and its sheet, so the file posted at the gate says what the chat says."""
    goods = totals.goods or totals.goods_unpriced  # goods of no known value are goods given too (0610)
    figure = {"money": totals.money, "goods": goods, "labour": totals.labour_days}
    return tuple(kind for kind in CONTRIBUTION_KINDS if kind in kinds or figure[kind])


def kinds_given(
    totals: StatementTotals, kinds: Collection[str], *, goods_gone: bool = False
) -> tuple[str, ...]:
    """The kinds a confirmed total, what waits, was paid and is left name: only those with a figure, in their
    order, and when none has one the first the drive takes (“tiền 0 ₫”), never an empty line. “tiền 300.000
    ₫”, not “…; hiện vật trị giá 0 ₫; 0 ngày công” for a drive of every kind that took money only
    (docs/decisions/1342, 1420, amending 0259). `goods_gone`: every good handed over to the level above, said
    so where it is left (decision 0713), a word and no zero. The chat's statement, the drive's screen, its
    public page, the group message and the sheet's totals rows read the same."""
    shown = kinds_shown(totals, set(kinds) | ({"goods"} if goods_gone else set()))
    goods = totals.goods or totals.goods_unpriced or goods_gone
    figure = {"money": totals.money, "goods": goods, "labour": totals.labour_days}
    return tuple(kind for kind in shown if figure[kind]) or shown[:1] or ("money",)


@dataclass(frozen=True)
class Figures:
    """What gifts came to, by kind, as the public statement counts them: `confirmed` (its totals: a reversal's
    line subtracts) and, apart, what still `waiting` for a treasurer; rejected and withdrawn entries count
    nowhere. `givers`: the people of the organisation with an entry that counts in either; donors from
    outside it (docs/decisions/0083) are no givers of it, counted apart (`donors`), with the money and goods
    of theirs confirmed (`from_donors`, in đồng, as `confirmed` counts them)."""

    confirmed: StatementTotals = StatementTotals()
    waiting: StatementTotals = StatementTotals()
    givers: int = 0
    donors: int = 0
    from_donors: int = 0
    # Of `givers` and `donors`, those with a confirmed entry: what a message to a group chat, which tells only
    # what was confirmed, counts.
    confirmed_givers: int = 0
    confirmed_donors: int = 0
    # Of `givers` and `confirmed_givers`, the households: a commune's drive is given by households, and says
    # so (“Số hộ đã ủng hộ”), not people.
    households: int = 0
    confirmed_households: int = 0
    # Of what waits, how many entries and from how many people (donors too): one or two people's gifts
    # waiting are their amounts, which a page anyone reads counts and never sums (decision 0988).
    waiting_gifts: int = 0
    waiting_givers: int = 0
    # Of `waiting_givers`, those of each kind's gifts waiting (money, goods, labour days): one person's money
    # beside two others' days is her amount, however many wait in all (decision 2756).
    waiting_givers_by_kind: tuple[int, int, int] = (0, 0, 0)

    @property
    def toward_target(self) -> tuple[int, int]:
        """(confirmed, waiting) in đồng toward a drive's target: money and the value of goods (a target is
        set in đồng; labour days are counted apart, decision 0072)."""
        return (
            self.confirmed.money + self.confirmed.goods,
            self.waiting.money + self.waiting.goods,
        )


def _sum(kind: str, status: str) -> ColumnElement[int]:
    figure = Contribution.labour_days if kind == "labour" else Contribution.amount_vnd
    counted = and_(Contribution.kind == kind, Contribution.status == status)
    return func.coalesce(func.sum(case((counted, figure), else_=0)), 0)


def _unpriced(status: str) -> ColumnElement[int]:
    """How many gifts of goods of `status` that stand (neither a reversal nor reversed) have no value."""
    goods = and_(Contribution.kind == "goods", Contribution.status == status, Contribution.amount_vnd == 0)
    return func.coalesce(func.sum(case((and_(goods, ~cancelled_entry()), 1), else_=0)), 0)


def cancelled_entry() -> ColumnElement[bool]:
    """A reversal, or an entry a reversal cancels: its money still counts in the sums (the reversal's line
    subtracts), but its giver, having given nothing after all, is counted among no givers."""
    reversal = aliased(Contribution)
    return or_(
        Contribution.reverses_id.is_not(None),
        Contribution.id.in_(select(reversal.reverses_id).where(reversal.reverses_id.is_not(None))),
    )


_DONOR = and_(Person.kind == "donor", ~cancelled_entry())
_MEMBER = and_(Person.kind != "donor", ~cancelled_entry())
_HOUSEHOLD = and_(Person.kind == "household", ~cancelled_entry())
_CONFIRMED = Contribution.status == "confirmed"
_WAITING = and_(Contribution.status == "recorded", ~cancelled_entry())
# What the confirmed and the waiting gifts came to, kind by kind, and their goods of no value: all of
# `StatementTotals`, none of it asking who gave (`totals_of`).
_SUMS = tuple(
    _sum(kind, status) for status in ("confirmed", "recorded") for kind in ("money", "goods", "labour")
)
_UNPRICED = tuple(_unpriced(status) for status in ("confirmed", "recorded"))
_FIGURES = (
    *_SUMS,
    func.count(func.distinct(case((_MEMBER, Contribution.person_id)))),
    func.count(func.distinct(case((_DONOR, Contribution.person_id)))),
    func.coalesce(
        func.sum(
            case(
                (
                    and_(Person.kind == "donor", _CONFIRMED, Contribution.kind != "labour"),
                    Contribution.amount_vnd,
                ),
                else_=0,
            )
        ),
        0,
    ),
    *(
        func.count(func.distinct(case((and_(who, _CONFIRMED), Contribution.person_id))))
        for who in (_MEMBER, _DONOR)
    ),
    func.count(func.distinct(case((_HOUSEHOLD, Contribution.person_id)))),
    func.count(func.distinct(case((and_(_HOUSEHOLD, _CONFIRMED), Contribution.person_id)))),
    *_UNPRICED,
    func.count(case((_WAITING, Contribution.id))),
    func.count(func.distinct(case((_WAITING, Contribution.person_id)))),
    *(
        func.count(func.distinct(case((and_(_WAITING, Contribution.kind == kind), Contribution.person_id))))
        for kind in ("money", "goods", "labour")
    ),
)


def _figures(row: Any) -> Figures:
    money, goods, days, money_waiting, goods_waiting, days_waiting, *people = (int(v) for v in row)
    *people, unpriced, unpriced_waiting, waiting_gifts, waiting_givers, money_w, goods_w, days_w = people
    givers, donors, from_donors, confirmed_givers, confirmed_donors, households, confirmed_households = people
    waiting = StatementTotals(money_waiting, goods_waiting, days_waiting, unpriced_waiting)
    return Figures(
        StatementTotals(money, goods, days, unpriced),
        waiting,
        givers,
        donors,
        from_donors,
        confirmed_givers,
        confirmed_donors,
        households,
        confirmed_households,
        waiting_gifts,
        waiting_givers,
        (money_w, goods_w, days_w),
    )


async def figures_by(
    session: AsyncSession, key: ColumnElement[Any], *where: ColumnElement[Any]
) -> dict[Any, Figures]:
    """`Figures` of the entries matching `where`, one per value of `key` (a drive's id, for the drives' list):
    one query. The one place a drive's or the Fund's figures are summed: the statement's totals, the drive's
    screen and `chungtay drive list` read them from here, so they cannot disagree."""
    rows = await session.execute(
        select(key, *_FIGURES)
        .join(Person, Person.id == Contribution.person_id)
        .where(*where, Contribution.status != "rejected")
        .group_by(key)
    )
    return {row[0]: _figures(row[1:]) for row in rows}


async def figures_of(session: AsyncSession, *where: ColumnElement[Any]) -> Figures:
    """`Figures` of all the entries matching `where` (`figures_by` without grouping)."""
    row = (
        await session.execute(
            select(*_FIGURES)
            .select_from(Contribution)
            .join(Person, Person.id == Contribution.person_id)
            .where(*where, Contribution.status != "rejected")
        )
    ).one()
    return _figures(row)


async def totals_of(
    session: AsyncSession, *where: ColumnElement[Any]
) -> tuple[StatementTotals, StatementTotals]:
    """(confirmed, waiting) of the entries matching `where`, as `figures_of` counts them (the same sums),
    where only the figures are wanted: no join to the givers and no counting of them, a fraction of the
    work on a year's ledger (decision 1106)."""
    row = (
        await session.execute(
            select(*_SUMS, *_UNPRICED)
            .select_from(Contribution)
            .where(*where, Contribution.status != "rejected")
        )
    ).one()
    money, goods, days, money_waiting, goods_waiting, days_waiting, unpriced, unpriced_waiting = (
        int(v) for v in row
    )
    return (
        StatementTotals(money, goods, days, unpriced),
        StatementTotals(money_waiting, goods_waiting, days_waiting, unpriced_waiting),
    )


async def find_drive(session: AsyncSession, org_id: int, code: str) -> Drive:
    """The drive with `code` in organisation `org_id`; a drive of that code elsewhere is refused by name."""
    drives = list(await session.scalars(select(Drive).where(Drive.code == code)))
    for drive in drives:
        if drive.org_id == org_id:
            return drive
    raise StatementError("other_organisation" if drives else "not_found")


async def drive_statement(
    session: AsyncSession, drive_id: int, *, org_id: int, size: int | None = None, page: int = 0
) -> Statement:
    """The statement of `drive_id` for someone of organisation `org_id`: every line, oldest first; with
    `size`, only page `page` (from 0) of `size` lines, the latest first."""
    drive = await session.get(Drive, drive_id)
    if drive is None:
        raise StatementError("not_found")
    if drive.org_id != org_id:
        raise StatementError("other_organisation")
    from bot.domain.notices import is_commune  # it reads `unpriced`
    from bot.domain.remittances import remittance_lines  # they read our figures
    from bot.domain.spending import drive_balance, from_drive, handed_from_drive, spending_lines

    organisation = await session.get_one(Organisation, drive.org_id)
    lines, entries = await _lines(session, Contribution.drive_id == drive.id, size=size, page=page)
    balance = await drive_balance(session, drive)
    every = None if size is None else 0  # the sheet lists the payments; the chat pages them apart
    spending, payments = await spending_lines(session, *from_drive(drive.id), size=every)
    return Statement(
        organisation.name,
        drive.title,
        drive.starts_on,
        drive.ends_on,
        lines,
        balance.received,
        entries=entries,
        balance=balance,
        spending=spending,
        payments=payments,
        handovers=await remittance_lines(session, *handed_from_drive(drive.id)),
        of_the_fund=bool(drive.fund),
        kinds=frozenset(drive.kinds or CONTRIBUTION_KINDS),
        closed_early_on=_closed_early_on(drive),
        goods=await goods_received(session, Contribution.drive_id == drive.id),
        commune=await is_commune(session, drive.org_id),
    )


async def goods_received(session: AsyncSession, *where: ColumnElement[Any]) -> list[GoodsCount]:
    """The goods of the confirmed gifts matching `where` that stand — neither a reversal nor a gift one
    cancelled — added up kind by kind (decision 0704)."""
    reversal = aliased(Contribution)
    cancelled = select(reversal.id).where(reversal.reverses_id == Contribution.id).exists()
    described = await session.scalars(
        select(Contribution.description)
        .where(
            *where,
            Contribution.kind == "goods",
            Contribution.status == "confirmed",
            Contribution.reverses_id.is_(None),
            ~cancelled,
        )
        .order_by(Contribution.created_at, Contribution.id)
    )
    return goods_counted(d for d in described if d)


def _closed_early_on(drive: Drive) -> date | None:
    """The day the drive was closed, in Vietnam, if that was before its planned last day (one closed after
    it ended, within its late gifts, ran its whole period)."""
    if drive.closed_at is None:
        return None
    closed_on = local_date(drive.closed_at)
    return closed_on if closed_on < drive.ends_on else None


@dataclass(frozen=True)
class GeneralFund:
    """The Fund outside the drives, as the access rules see a drive: it belongs to one organisation."""

    org_id: int


async def fund_statement(
    session: AsyncSession, org_id: int, year: int, *, title: str, size: int | None = None, page: int = 0
) -> Statement:
    """The statement of the organisation's gifts to the Fund outside any drive recorded in the calendar year
    `year` (the entries' own year), titled `title` (the reader's words for it); `size`, `page`: as for
    `drive_statement`."""
    from bot.domain.notices import is_commune  # it reads `unpriced`
    from bot.domain.remittances import remittance_lines  # they read our figures
    from bot.domain.spending import from_fund, fund_balance, handed_from_fund, spending_lines

    organisation = await session.get_one(Organisation, org_id)
    scope = (Contribution.org_id == org_id, Contribution.drive_id.is_(None), Contribution.year == year)
    lines, entries = await _lines(session, *scope, size=size, page=page)
    balance = await fund_balance(session, org_id, year)
    every = None if size is None else 0
    spending, payments = await spending_lines(session, *from_fund(org_id, year), size=every)
    return Statement(
        organisation.name,
        title,
        date(year, 1, 1),
        date(year, 12, 31),
        lines,
        balance.received,
        entries=entries,
        outside_drives=True,
        balance=balance,
        spending=spending,
        payments=payments,
        handovers=await remittance_lines(session, *handed_from_fund(org_id, year)),
        goods=await goods_received(session, *scope),
        commune=await is_commune(session, org_id),
    )


async def _lines(
    session: AsyncSession, *where: ColumnElement[Any], size: int | None, page: int
) -> tuple[list[StatementLine], int]:
    """The confirmed entries (and reversals) matching `where`, oldest first; with `size`, page `page` of
    them, the latest first. And how many there are in all. An unnamed giver's line names their unit only
    where the statement has at least FEWEST_UNNAMED unnamed givers of it (decision 0177) of the line's kind
    (money, goods, labour days: 0384)."""
    counted = (*where, Contribution.status == "confirmed")
    original = aliased(Contribution)
    unnamed = or_(Person.public_name.is_(None), Person.public_name.is_(False))
    # how many unnamed givers each unit has on the whole statement, whichever page is read, kind by kind: four
    # who gave money unnamed do not hide the one who alone gave rice, whose line is the unit's only goods
    # (decision 0384)
    unnamed_of_unit = (
        select(
            Contribution.unit_id,
            Contribution.kind,
            func.count(distinct(Contribution.person_id)).label("givers"),
        )
        .join(Person, Person.id == Contribution.person_id)
        .where(*counted, unnamed)
        .group_by(Contribution.unit_id, Contribution.kind)
        .subquery()
    )
    reversal = aliased(Contribution)
    replaced = aliased(Contribution)
    cancelled_by = (
        select(reversal.ref).where(reversal.reverses_id == Contribution.id).limit(1).scalar_subquery()
    )
    query = (
        select(
            Contribution.ref,
            Contribution.created_at,
            Unit.name,
            Person.full_name,
            Person.public_name,
            Contribution.kind,
            Contribution.amount_vnd,
            Contribution.labour_days,
            Contribution.description,
            original.ref,
            unnamed_of_unit.c.givers,
            cancelled_by,
            Contribution.bank_credit,
            replaced.ref,
            Contribution.year,
            Contribution.replaces_id,
        )
        .join(Person, Person.id == Contribution.person_id)
        .outerjoin(Unit, Unit.id == Contribution.unit_id)
        .outerjoin(original, original.id == Contribution.reverses_id)
        .outerjoin(replaced, replaced.id == Contribution.replaces_id)
        .outerjoin(
            unnamed_of_unit,
            and_(
                unnamed_of_unit.c.unit_id == Contribution.unit_id, unnamed_of_unit.c.kind == Contribution.kind
            ),
        )
        .where(*counted)
    )
    if size is None:
        rows = await session.execute(query.order_by(Contribution.created_at, Contribution.id))
    else:
        latest = query.order_by(Contribution.created_at.desc(), Contribution.id.desc())
        rows = await session.execute(latest.limit(size).offset(page * size))
    lines = [await _of_the_gift_it_replaces(session, _line(*row[:-1]), row[-1], row[-2]) for row in rows]
    if size is None:
        return lines, len(lines)
    total = await session.scalar(select(func.count()).select_from(Contribution).where(*counted))
    return lines, total or 0


def _line(
    ref: str,
    at: datetime,
    unit: str | None,
    name: str,
    public: bool | None,
    kind: str,
    amount: int,
    days: int,
    description: str | None,
    cancels: str | None,
    unnamed_of_unit: int | None,
    cancelled_by: str | None,
    bank_credit: str | None,
    replaces: str | None,
    year: int,
) -> StatementLine:
    """A row of `_lines` as the statement shows it: the name only if the giver agreed; an unnamed giver's
    unit only if it has FEWEST_UNNAMED unnamed givers of the line's kind on the statement (decisions 0177,
    0384)."""
    withheld = not public and unit is not None and (unnamed_of_unit or 0) < FEWEST_UNNAMED
    return StatementLine(
        ref=ref,
        at=at,
        unit=None if withheld else unit,
        name=name if public else None,
        kind=kind,
        amount_vnd=amount,
        labour_days=days,
        description=description,
        cancels=cancels,
        other_units=withheld,
        cancelled_by=cancelled_by,
        replaces=replaces,
        received_on=_received_before(bank_credit, year, at),
        year=year,
    )


def _received_before(bank_credit: str | None, year: int, at: datetime) -> date | None:
    """The bank's day of a credit recorded `at` in a year after the one it counts for (`year`) and received
    in that year (decisions 0888, 1007), else None: the line's day is then its recording's."""
    received = credit_day(bank_credit)
    if received is None or received.year != year or year >= local_date(at).year:
        return None
    return received


async def _of_the_gift_it_replaces(
    session: AsyncSession, line: StatementLine, replaces: int | None, year: int
) -> StatementLine:
    """`line` of the right entry a correction wrote (`replaces`: the entry it replaced) in a year after the
    one its gift counts for: the day of the gift it replaces, followed back however often corrected — the
    money of a credit of 31/12 corrected on 5/1 still came on 31/12, as its letter says (0582, 0935), and a
    2027 day on 2026's statement read as money 2027 got (decision 1109). The reversal beside it, the act of
    correcting, keeps its own day; within the year every line keeps its recording's (0582). A query an entry
    replaced, a year's few."""
    if replaces is None or year >= local_date(line.at).year:
        return line
    first = await session.get_one(Contribution, replaces)
    while first.replaces_id is not None:
        first = await session.get_one(Contribution, first.replaces_id)
    day = _received_before(first.bank_credit, year, first.created_at) or local_date(first.created_at)
    return replace(line, received_on=day)
