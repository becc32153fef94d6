"""The year's results report (báo cáo kết quả thực hiện phong trào thi đua), as a unit or an organisation
sends it upward before the year's deadlines (10/12 and 15/12 in the plans): the figures the bot holds, so
nobody adds up spreadsheets and Zalo messages by hand (docs/decisions/0048).

What it counts, for the calendar year of the campaign (`Contribution.year`, `Commitment.year`):
- who belongs (people and households apart, on the list as it is today, with those who left during the
  year: they were there, docs/decisions/0118; not those who left before it) and who registered a commitment
  this year,
  and the collective registrations: the units', and in the organisation's report its own (decision 0059);
- what was registered, criterion by criterion: how many registered it and the targets added up, and for a
  criterion counted in numbers or done once, what stands recorded toward it (results, decision 0050; those
  withdrawn or set aside left out), and the initiatives and good models recorded (their text in the
  organisation's report, never who recorded them);
- gifts confirmed by a treasurer, by kind (reversals subtract, as on the public statement), apart from those
  still waiting; how many gifts and how many givers; of them, what came from donors outside the organisation
  (counted in the money, never among its people or givers: docs/decisions/0083);
- each drive of the year with its target and what it received;
- for an organisation: appeals sent, hardship cases supported and the support delivered (counts and sums,
  never a name), the money handed over to the Fund of the level above (decision 0108), and the same figures
  unit by unit;
- the households' standing in the poverty review: poor and near-poor at the start of the year and now, how
  many got out, fell in, and of those who pledged to escape poverty how many did (bot.domain.poverty:
  counts, per hamlet in the organisation's report).

No individual amount, no name: a report goes upward and is read by people who may see none of them. Who may
write one is who may read the matching digest (`access.may_read_digest`, `access.may_read_rollup`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, ColumnElement, cast, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import LOCAL_TZ
from bot.db.models import (
    Appeal,
    AwardForm,
    AwardProposal,
    Campaign,
    CaseSupport,
    Commitment,
    CommitmentItem,
    Contribution,
    Criterion,
    Drive,
    HardshipCase,
    Organisation,
    Person,
    Remittance,
    RoleAssignment,
    Unit,
)
from bot.domain.access import (
    FEWEST_GIVERS,
    Acting,
    Actor,
    Operator,
    UnitRef,
    counted_away,
    few_people,
    givers_once,
    kinds_of_pool,
    may_read_digest,
    may_read_rollup,
    may_see_kinds_apart,
    may_see_unit_money,
    on_training,
    pooled,
)
from bot.domain.awards import award_title
from bot.domain.commitments import owner_key
from bot.domain.contributions import not_reversed, standing_gift
from bot.domain.notices import is_commune
from bot.domain.poverty import StandingFigures, standing_figures
from bot.domain.results import is_initiative, results_toward, standing_by_owner
from bot.domain.spending import handed_of, not_handed_later, standing_remittance, standing_support
from bot.text import sort_key

if TYPE_CHECKING:
    from bot.domain.phase_report import PhaseReport


class ReportError(Exception):
    """`reason`: "not_allowed" (the actor may not write this report) or "no_unit" (no such unit here)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Totals:
    """Money and the value of goods in đồng, labour in days; `unvalued`: how many of the goods were given
    with no value (a count of gifts, no đồng: a units table says it, not “0 ₫”, decision 0412)."""

    money: int = 0
    goods: int = 0
    labour_days: int = 0
    unvalued: int = 0

    def add(self, kind: str, amount: int, days: int) -> None:
        if kind == "money":
            self.money += amount
        elif kind == "goods":
            self.goods += amount
        else:
            self.labour_days += days

    def add_all(self, other: Totals) -> None:
        """Count `other`'s gifts in too (a block's subtotal)."""
        self.money += other.money
        self.goods += other.goods
        self.labour_days += other.labour_days
        self.unvalued += other.unvalued

    @property
    def value(self) -> int:
        """Money and goods together, in đồng."""
        return self.money + self.goods


@dataclass
class Members:
    """People (staff) and households, and among them those who registered this year."""

    people: int = 0
    households: int = 0
    registered_people: int = 0
    registered_households: int = 0
    # Of `people`, those away on long leave in the year running, and of them those who registered: the paper
    # says the others' figures and them apart, as the digest does (decision 0740, 0837).
    away: int = 0
    away_registered: int = 0
    training: int = 0  # of `away`, those away on training, said so (decision 2410)

    def count(
        self, kind: str, n: int, *, registered: bool, away: bool = False, training: bool = False
    ) -> None:
        if kind == "household":
            self.households += n
            self.registered_households += n if registered else 0
        else:
            self.people += n
            self.registered_people += n if registered else 0
            self.away += n if away else 0
            self.away_registered += n if away and registered else 0
            self.training += n if away and training else 0

    def add(self, other: Members) -> None:
        """Count `other`'s people and households in too (a block's subtotal)."""
        self.people += other.people
        self.households += other.households
        self.registered_people += other.registered_people
        self.registered_households += other.registered_households
        self.away += other.away
        self.away_registered += other.away_registered
        self.training += other.training

    def at_work(self) -> tuple[int, int]:
        """Who registered and the people, those away on long leave left out (`away`, said apart)."""
        return self.registered_people - self.away_registered, self.people - self.away


@dataclass
class UnitLine:
    name: str
    members: Members = field(default_factory=Members)
    confirmed: Totals = field(default_factory=Totals)
    block: str | None = None  # its Khối thi đua: the report's table groups units by block
    unit_id: int = 0  # 0: the people of no unit
    # Of the organisation's people, how many gave the unit's money and goods confirmed, which its line adds
    # (each once, as the digest counts them; decision 2454); `together`: its money and goods are said with
    # other units' (`pooled`, decision 0310), never on its line, where they read 0. The pool's own line
    # (`YearReport.together`) keeps no count: no paper says it, and its units' counts added up would count
    # one who gave in two of them twice (2452).
    money_givers: int = 0
    together: bool = False
    # who they are, where one or two gave a kind (`access.few_people`): one who gave in two units is one
    # giver of their pool (`access.givers_together`, decision 2326)
    money_people: frozenset[int] = frozenset()
    # The same kind by kind (`_kind_givers`); `kinds_together`: one kind had one or two givers, so its
    # money and goods are one figure on its line (`access.may_see_kinds_apart`, decision 0378).
    kind_givers: dict[str, int] = field(default_factory=dict)
    kinds_together: bool = False
    # who they are, kind by kind, where one or two gave it: one who gave goods in two units of a pool is one
    # giver of its goods (`access.kinds_of_pool`, decision 2537)
    kind_people: dict[str, frozenset[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class DriveLine:
    title: str
    starts_on: date
    ends_on: date
    target_vnd: int | None  # the organisation's target, even in a unit's report
    confirmed: Totals
    gifts: int
    fund: bool = True  # for the Fund for the Poor (not, say, warm clothes for pupils)


@dataclass(frozen=True)
class CriterionLine:
    title: str
    measure: str  # money, labour_days, count, yes_no… (the plan's measure)
    registered: int  # how many commitments hold it (people, households, collectives)
    total: int  # the targets added up (meaningless for yes_no)
    # Results standing (count and yes_no only), of those who registered the item: a count's quantities added
    # up, a yes/no's owners who recorded it done; apart, the same of those who recorded it without registering
    # it (their results have no target to count toward).
    recorded: int = 0
    recorded_unregistered: int = 0
    # Whose registrations and results the line counts: "people" (staff and households, each toward their own
    # target) or "collective" (the units', the organisation's own). The two are never added together, as the
    # chat keeps them apart: what people did on their own does not count toward a collective's target.
    part: str = "people"
    # People's targets in đồng of one or two who registered them: their pledge, not said on a paper that
    # goes upward (`held_back`, decision 0314); a collective's target is its own, always said.
    held: bool = False


@dataclass(frozen=True)
class Initiatives:
    """The initiatives and good models recorded (results toward a “Sáng kiến, mô hình hay” criterion)."""

    recorded: int  # the quantities added up
    titles: list[tuple[str, int]]  # the organisation's report: what was done and how many, the oldest first
    more: int  # results recorded beyond those in `titles`


INITIATIVES_LISTED = 10


@dataclass
class YearReport:
    organisation: str
    unit: str | None  # None: the whole organisation
    campaign: str | None
    year: int
    as_of: date  # the figures are those of this day (the year's last day once it is over)
    members: Members
    collective_commitments: int  # collective commitments this year: the units', and the organisation's own
    criteria: list[CriterionLine]
    confirmed: Totals
    waiting: Totals
    gifts: int  # confirmed gifts (reversals not counted)
    givers: int  # people and households with at least one confirmed gift
    reversals: int
    drives: list[DriveLine]
    appeals: int = 0
    appeal_recipients: int = 0
    cases_supported: int = 0
    # of them, households on no list of the organisation: the poor households an office helps outside its
    # walls (its twinned commune's at Tết), as its report to the Emulation Council tells them (decision 2249)
    households_outside: int = 0
    support: Totals = field(default_factory=Totals)
    units: list[UnitLine] = field(default_factory=list)  # the organisation's report only, by name (sort_key)
    without_unit: UnitLine | None = None  # people of the organisation in no unit, and their gifts
    proposals: list[ProposalCount] = field(default_factory=list)  # the year's standing award proposals
    household_givers: int = 0  # of `givers`, the households
    # Donors from outside the organisation (decision 0083), no givers of it, apart: how many gave, how many
    # of the confirmed gifts are theirs, and what of `confirmed` (reversals subtracted) came from them.
    donors: int = 0
    donor_gifts: int = 0
    from_donors: Totals = field(default_factory=Totals)
    outside_drives: Totals = field(default_factory=Totals)  # confirmed gifts to the Fund outside any drive
    # The organisation's report: money handed over to the Fund of the level above in the year, from its drives
    # and from the Fund outside them, net of cancellations, and how many handovers stand (decision 0108).
    handed_over: int = 0
    handovers: int = 0
    outside_gifts: int = 0
    fund: Totals = field(default_factory=Totals)  # of `confirmed`, what went to the Fund (its drives or none)
    initiatives: Initiatives | None = None  # None: the campaign has no initiative criterion
    # The organisation's report: the organisation registered its own collective commitment (counted in
    # `collective_commitments`, its items in `criteria`, its results with the others').
    organisation_registered: bool = False
    head_title: str | None = None  # who signs the organisation's report (Organisation.head_title, .signs_for)
    signs_for: str | None = None
    # A commune (`notices.is_commune`): its Front committee signs for its standing board and its units are
    # hamlets, “thôn, tổ dân phố”, not an office's “đơn vị” (decision 1500)
    commune: bool = False
    # The households' standing in the poverty review (docs/decisions/0110): counts only, per hamlet in the
    # organisation's report; None when no household was reviewed this year or last, nor pledged to get out.
    poverty: StandingFigures | None = None
    # Who gave the report's money and goods, as `unit_givers` counts them (a unit's report). `money_held`: one
    # or two did, and the report, which goes upward, gives no figure of theirs in đồng (they read 0);
    # `together`: the organisation's report, the money and goods of the units pooled, one line (0310).
    money_givers: int = 0
    money_held: bool = False
    together: UnitLine | None = None
    # A unit's report: its givers kind by kind; `kinds_together`: one kind had one or two, so the paper says
    # its money and goods as one figure (decision 0378).
    kind_givers: dict[str, int] = field(default_factory=dict)
    kinds_together: bool = False
    # A unit's report: of the unit's people, how many gave money and goods to each drive (None: the Fund
    # outside the drives), counted as `money_givers`; `drives_held`: one or two gave to one of them, so the
    # paper says no figure in đồng drive by drive, nor what went to the Fund apart (decision 0348).
    drive_givers: dict[int | None, int] = field(default_factory=dict)
    drives_held: bool = False
    # Drafted in chat by a leader without the ledger's rights while the year's figure he reads lags
    # (`digests.year_lag`): what waits in đồng is not written, as his digest says it not (decision 0625).
    waiting_held: bool = False
    # A unit's report: of its people, how many gave its money and goods still waiting, each once: one or two,
    # and a paper its leader drafts holds it as `waiting_held` (`few_givers`, decision 2463).
    waiting_givers: int = 0
    # The same of its confirmed gifts alone (`confirmed_givers`): where they are one or two people's, its
    # leader's draft says no confirmed figure in đồng, nor drive by drive, though three gave in all
    # (`confirmed_held`, `few_givers`, decision 2546); its labour days stay.
    confirmed_givers: int = 0
    confirmed_held: bool = False
    # Of `gifts`, goods given with no value (“Bỏ qua” at the value): 20 kg of rice is a gift, not 0 ₫ (0349).
    goods_unvalued: int = 0
    # The day of the list its people are counted from, where the organisation kept none in the year but its
    # admin's record (decision 0452): today's; None: the year's list, without those added after it (0412).
    list_of: date | None = None


@dataclass(frozen=True)
class ProposalCount:
    """The year's standing proposals for one award: how many people (staff or households) and collectives."""

    award: str
    people: int  # staff
    households: int
    collectives: int
    # Of those, recorded as awarded (docs/decisions/0063): the awards conferred that year.
    awarded_people: int = 0
    awarded_households: int = 0
    awarded_collectives: int = 0
    # Conferred by the organisation's own head (`AwardForm.within_organisation`): decided inside it, so its
    # report tells it among what it did, not among what it asks of the level above (decision 2153).
    within: bool = False

    @property
    def awarded(self) -> int:
        return self.awarded_people + self.awarded_households + self.awarded_collectives


PARTS = ("people", "collective")


def _part_of(collective: bool) -> str:
    return "collective" if collective else "people"


async def campaign_of_year(session: AsyncSession, org_id: int, year: int) -> Campaign | None:
    """The organisation's campaign whose period holds `year` (the latest started if two do)."""
    return await session.scalar(
        select(Campaign)
        .where(
            Campaign.org_id == org_id,
            func.extract("year", Campaign.starts_on) <= year,
            func.extract("year", Campaign.ends_on) >= year,
        )
        .order_by(Campaign.starts_on.desc())
        .limit(1)
    )


def _sum(column: ColumnElement[int], where: ColumnElement[bool] | None = None) -> ColumnElement[int]:
    summed = func.sum(column) if where is None else func.sum(column).filter(where)
    return func.coalesce(cast(summed, BigInteger), 0)


def _local_midnight(day: date) -> datetime:
    """The UTC instant at which local `day` begins."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


async def report_scope(session: AsyncSession, org_id: int, actor: Acting, unit_id: int | None) -> Unit | None:
    """The unit a report is written for (None: the whole organisation), once the actor may write it: the
    organisation's whoever reads its roll-up, a unit's whoever reads the unit's digest, and the shell of the
    organisation. Raises ReportError ("no_unit", "not_allowed")."""
    unit = await session.get(Unit, unit_id) if unit_id is not None else None
    if unit_id is not None and (unit is None or unit.org_id != org_id):
        raise ReportError("no_unit")
    if not (isinstance(actor, Operator) and actor.org_id == org_id):
        allowed = (
            may_read_rollup(actor, org_id)
            if unit is None
            else may_read_digest(actor, UnitRef(unit.id, unit.org_id))
        )
        if not allowed:
            raise ReportError("not_allowed")
    return unit


async def year_report(
    session: AsyncSession,
    org_id: int,
    year: int,
    *,
    today: date,
    actor: Acting,
    unit_id: int | None = None,
    hold: bool = True,
) -> YearReport:
    """The report of organisation `org_id` (or of its unit `unit_id`) for `year`, as of `today`; `hold`:
    with a unit's money where one or two gave it held back (`hold_money`; the period's report holds its own
    sums)."""
    unit = await report_scope(session, org_id, actor, unit_id)
    organisation = await session.get_one(Organisation, org_id)
    campaign = await campaign_of_year(session, org_id, year)
    campaign_id = campaign.id if campaign is not None else -1
    # Its people and households: never a donor from outside (of no unit, no member: decision 0083); those who
    # left during the year counted in it, those gone before it began not (decision 0118).
    people = [
        Person.org_id == org_id,
        Person.kind != "donor",
        or_(Person.left_on.is_(None), Person.left_on > date(year, 1, 1)),
    ]
    # Nor those added after the year ended (January's new list is next year's: decision 0412), where the
    # organisation kept its list in the year; one that came to the bot later has no list of the year but
    # today's, nor has one whose only record by then was its admin's, who set it up (decision 0452).
    year_end = _local_midnight(date(year + 1, 1, 1))
    admins = select(RoleAssignment.person_id).where(
        RoleAssignment.org_id == org_id, RoleAssignment.role == "admin"
    )
    kept_then = await session.scalar(
        select(Person.id).where(*people[:2], Person.created_at < year_end, Person.id.not_in(admins)).limit(1)
    )
    if kept_then is not None:  # a record made later that holds the year's registration or gifts (merged) was
        people.append(  # there
            or_(
                Person.created_at < year_end,
                select(Commitment.id)
                .where(Commitment.person_id == Person.id, Commitment.year == year)
                .exists(),
                select(Contribution.id)
                .where(Contribution.person_id == Person.id, Contribution.year == year)
                .exists(),
            )
        )
    if unit_id is not None:
        people.append(Person.unit_id == unit_id)
    units_here = select(Unit.id).where(Unit.org_id == org_id)
    if unit_id is not None:
        units_here = units_here.where(Unit.id == unit_id)
    gifts = [Contribution.org_id == org_id, Contribution.year == year]
    if unit_id is not None:
        gifts.append(Contribution.unit_id == unit_id)
    this_year = [Commitment.campaign_id == campaign_id, Commitment.year == year]

    # Who belongs, and who registered this year, by unit and kind.
    registered = select(Commitment.id).where(Commitment.person_id == Person.id, *this_year).exists()
    members = Members()
    units: dict[int | None, UnitLine] = {}
    if unit_id is None:
        found = await session.execute(select(Unit.id, Unit.name, Unit.block).where(Unit.org_id == org_id))
        for found_id, name, block in sorted(found, key=lambda unit: (sort_key(unit.name), unit.id)):
            units[found_id] = UnitLine(name, block=block, unit_id=found_id)
    # Those away on long leave today, in the year running, are said apart as the digest says them (decision
    # 0740); a year gone by is history: its paper counts them (their leave's first day is not kept).
    away = counted_away(today) if year == today.year else false()
    training = on_training(today) if year == today.year else false()  # said so among them (decision 2410)
    belonging = (
        select(
            Person.unit_id,
            Person.kind,
            registered.label("registered"),
            away.label("away"),
            training.label("training"),
        )
        .where(*people)
        .subquery()
    )
    columns = (
        belonging.c.unit_id,
        belonging.c.kind,
        belonging.c.registered,
        belonging.c.away,
        belonging.c.training,
    )
    for person_unit, kind, has_registered, is_away, is_training, n in await session.execute(
        select(*columns, func.count()).group_by(*columns)
    ):
        said = {"registered": bool(has_registered), "away": bool(is_away), "training": bool(is_training)}
        members.count(kind, n, **said)
        if unit_id is None:
            line = units.setdefault(person_unit, UnitLine(""))
            line.members.count(kind, n, **said)

    # What was registered, criterion by criterion: the commitments of the people here and of the units here,
    # and in the organisation's report its own (no person, no unit: docs/decisions/0059).
    own_key = owner_key("collective", None, None, org_id=org_id)
    collectives_here = Commitment.person_id.is_(None) & Commitment.unit_id.in_(units_here)
    if unit_id is None:
        collectives_here |= Commitment.owner_key == own_key
    held_here = (Commitment.person_id.in_(select(Person.id).where(*people))) | collectives_here
    collective_held = Commitment.person_id.is_(None)
    pledged = {
        (criterion_id, _part_of(bool(by_collective))): (holders, total)
        for criterion_id, by_collective, holders, total in await session.execute(
            select(CommitmentItem.criterion_id, collective_held, func.count(), _sum(CommitmentItem.target))
            .join(Commitment, Commitment.id == CommitmentItem.commitment_id)
            .where(*this_year, held_here)
            .group_by(CommitmentItem.criterion_id, collective_held)
        )
    }
    recorded = await standing_by_owner(session, org_id, campaign_id, year, unit_id=unit_id)
    registered_owners: defaultdict[int, set[str]] = defaultdict(set)  # criterion → who registered it
    for criterion_id, key in await session.execute(
        select(CommitmentItem.criterion_id, Commitment.owner_key)
        .join(Commitment, Commitment.id == CommitmentItem.commitment_id)
        .join(Criterion, Criterion.id == CommitmentItem.criterion_id)
        .where(*this_year, held_here, Criterion.measure.in_(("count", "yes_no")))
    ):
        registered_owners[criterion_id].add(key)
    criteria: list[CriterionLine] = []
    # An item recorded without anyone registering it is shown too.
    shown = {criterion_id for criterion_id, _part in pledged} | set(recorded)
    plan = list(
        await session.scalars(
            select(Criterion)
            .where(Criterion.campaign_id == campaign_id)
            .order_by(Criterion.position, Criterion.id)
        )
    )
    for criterion in plan:
        if criterion.id not in shown:
            continue
        for part in PARTS:
            holders, total = pledged.get((criterion.id, part), (0, 0))
            owners = {
                key: n for key, n in recorded.get(criterion.id, {}).items() if _part_of(key[0] != "p") == part
            }
            if not holders and not owners:
                continue
            if criterion.measure == "yes_no":
                done = len(owners.keys() & registered_owners[criterion.id])
                unregistered = len(owners) - done
            else:  # a count: only what the owners who registered it did counts toward the targets added up
                done = sum(n for key, n in owners.items() if key in registered_owners[criterion.id])
                unregistered = sum(owners.values()) - done
            held = (
                part == "people" and criterion.measure == "money" and held_back(org_id, unit_id or 0, holders)
            )
            criteria.append(
                CriterionLine(
                    criterion.title, criterion.measure, holders, total, done, unregistered, part, held=held
                )
            )
    # The collective registrations here, and of them the organisation's own (only in its report's scope).
    collective, own = (
        await session.execute(
            select(func.count(), func.count().filter(Commitment.owner_key == own_key)).where(
                *this_year, collectives_here
            )
        )
    ).one()
    organisation_registered = bool(own)

    # The ledger: confirmed by kind (a reversal is a confirmed line of the opposite sign), waiting apart.
    confirmed, waiting = Totals(), Totals()
    gift_count = reversals = goods_unvalued = 0
    is_reversal = Contribution.reverses_id.is_not(None)
    standing = standing_gift()
    for gift_unit, kind, status, reversal, n, unvalued, amount, days in await session.execute(
        select(
            Contribution.unit_id,
            Contribution.kind,
            Contribution.status,
            is_reversal,
            func.count().filter(standing | is_reversal),  # a cancelled gift is no gift
            # of goods with no value, those standing, and those waiting for it (“50 AUD”, decision 0778)
            func.count().filter(
                standing | (Contribution.status == "recorded"),
                Contribution.kind == "goods",
                Contribution.amount_vnd == 0,
            ),
            _sum(Contribution.amount_vnd),
            _sum(Contribution.labour_days),
        )
        .where(*gifts, Contribution.status.in_(("confirmed", "recorded")))
        .group_by(Contribution.unit_id, Contribution.kind, Contribution.status, is_reversal)
    ):
        if status == "recorded":
            waiting.add(kind, amount, days)
            waiting.unvalued += unvalued  # “50 AUD” waiting for its đồng: said apart, never left out (0778)
            continue
        confirmed.add(kind, amount, days)
        confirmed.unvalued += unvalued
        goods_unvalued += unvalued
        if reversal:
            reversals += n
        else:
            gift_count += n
        if unit_id is None:
            line = units.setdefault(gift_unit, UnitLine(""))
            line.confirmed.add(kind, amount, days)
            line.confirmed.unvalued += unvalued
    confirmed_gift = [standing]
    givers_by_kind = dict(
        (
            await session.execute(
                select(Person.kind, func.count(func.distinct(Contribution.person_id)))
                .join(Person, Person.id == Contribution.person_id)
                .where(*gifts, *confirmed_gift)
                .group_by(Person.kind)
            )
        ).all()
    )
    donors = givers_by_kind.pop("donor", 0)
    givers = sum(givers_by_kind.values())
    from_donors = Totals()
    donor_gifts = 0
    for kind, n, amount, days in await session.execute(
        select(
            Contribution.kind,
            func.count().filter(standing),
            _sum(Contribution.amount_vnd),
            _sum(Contribution.labour_days),
        )
        .join(Person, Person.id == Contribution.person_id)
        .where(*gifts, Contribution.status == "confirmed", Person.kind == "donor")
        .group_by(Contribution.kind)
    ):
        from_donors.add(kind, amount, days)
        donor_gifts += n
    # Where the confirmed gifts went, in one pass by drive: each drive's, the Fund outside the drives (no
    # drive), and of them all what went to the Fund (outside the drives, or a drive for the Fund).
    given_to: dict[int | None, Totals] = defaultdict(Totals)
    gifts_to: Counter[int | None] = Counter()
    fund = Totals()
    for drive_id, for_fund, kind, n, unvalued, amount, days in await session.execute(
        select(
            Contribution.drive_id,
            Drive.fund,  # NULL outside any drive: the Fund's
            Contribution.kind,
            func.count().filter(standing),
            func.count().filter(standing, Contribution.kind == "goods", Contribution.amount_vnd == 0),
            _sum(Contribution.amount_vnd),
            _sum(Contribution.labour_days),
        )
        .outerjoin(Drive, Drive.id == Contribution.drive_id)
        .where(*gifts, Contribution.status == "confirmed")
        .group_by(Contribution.drive_id, Drive.fund, Contribution.kind)
    ):
        given_to[drive_id].add(kind, amount, days)
        given_to[drive_id].unvalued += unvalued
        gifts_to[drive_id] += n
        if for_fund is None or for_fund:
            fund.add(kind, amount, days)
            fund.unvalued += unvalued

    # The drives running in the year; a unit's report: those open to the unit, with the unit's gifts. Not one
    # opened ahead that has not begun by the paper's day (next Tết's, from 20/12, on a paper of 15/12), unless
    # it was given to already: it would read as a drive of the year that raised nothing (decision 0838).
    first, last = date(year, 1, 1), date(year, 12, 31)
    drives: list[DriveLine] = []
    for drive in await session.scalars(
        select(Drive)
        .where(Drive.org_id == org_id, Drive.starts_on <= last, Drive.ends_on >= first)
        .order_by(Drive.starts_on, Drive.id)
    ):
        if drive.starts_on > today and drive.id not in given_to:
            continue
        if unit_id is not None and drive.unit_ids is not None and unit_id not in drive.unit_ids:
            continue
        given = given_to.get(drive.id, Totals())
        drives.append(
            DriveLine(
                drive.title,
                drive.starts_on,
                drive.ends_on,
                drive.target_vnd,
                given,
                gifts_to[drive.id],
                drive.fund,
            )
        )

    report = YearReport(
        organisation=organisation.name,
        head_title=organisation.head_title,
        signs_for=organisation.signs_for,
        commune=await is_commune(session, org_id),
        unit=unit.name if unit is not None else None,
        campaign=campaign.title if campaign is not None else None,
        year=year,
        as_of=min(today, last),
        members=members,
        collective_commitments=collective or 0,
        organisation_registered=organisation_registered,
        criteria=criteria,
        confirmed=confirmed,
        waiting=waiting,
        gifts=gift_count,
        givers=givers or 0,
        reversals=reversals,
        drives=drives,
        goods_unvalued=goods_unvalued,
        list_of=None if kept_then is not None else today,
    )
    report.proposals = await _proposals(session, org_id, year, unit_id)
    initiative_ids = [criterion.id for criterion in plan if is_initiative(criterion)]
    if initiative_ids:
        titles, results = await results_toward(
            session,
            org_id,
            campaign_id,
            year,
            initiative_ids,
            unit_id=unit_id,
            limit=INITIATIVES_LISTED if unit_id is None else 0,  # a unit's report counts them only
        )
        report.initiatives = Initiatives(
            recorded=sum(sum(recorded.get(i, {}).values()) for i in initiative_ids),
            titles=titles,
            more=results - len(titles),
        )
    report.household_givers = givers_by_kind.get("household", 0)
    poverty = await standing_figures(session, org_id, year, unit_id=unit_id)
    report.poverty = poverty if poverty.reviewed else None
    report.donors, report.donor_gifts, report.from_donors = donors, donor_gifts, from_donors
    report.outside_drives, report.outside_gifts, report.fund = (
        given_to.get(None, Totals()),
        gifts_to[None],
        fund,
    )
    shown_of, givers_of, lines_of, waits_of, shown_people = await _kind_givers(session, org_id, year, unit_id)
    if unit_id is None:
        await _appeals_and_support(session, report, org_id, first, last)
        for gift_unit, line in units.items():  # a line adds what is confirmed, so counts its givers (2454)
            line.money_givers, line.money_people = lines_of.get(gift_unit, (0, frozenset()))
            line.kind_givers = shown_of.get(gift_unit, {})
            line.kind_people = shown_people.get(gift_unit, {})
        without_unit = units.pop(None, None)
        report.units = list(units.values())
        if without_unit is not None:
            report.without_unit = without_unit
    else:
        report.money_givers = givers_of.get(unit_id, 0)
        report.waiting_givers = waits_of.get(unit_id, 0)
        report.confirmed_givers = lines_of.get(unit_id, (0, frozenset()))[0]
        report.kind_givers = shown_of.get(unit_id, {})
        report.drive_givers = await unit_givers(session, org_id, year, unit_id, by_drive=True)
    if hold:
        hold_money(report, org_id, unit_id)
        if unit_id is not None and not report.money_held:
            hold_few(actor, report, org_id, unit_id)
        await hold_waiting(session, actor, report, unit_id, today)
    return report


async def hold_waiting(
    session: AsyncSession, actor: Acting, report: YearReport, unit_id: int | None, today: date
) -> None:
    """Where the year's money and goods `actor` reads in his digest and `/baocao` lag behind the ledger
    (`digests.year_lag`, decision 0599), the paper he drafts in chat on `today` says no money or goods
    waiting either (`waiting_held`; its labour days stay): else a Tuesday's paper's waiting figure less a
    Thursday's is the one gift made between (decision 0625). A paper an operator writes (`chungtay report
    year`) is whole."""
    if not (isinstance(actor, Actor) and (report.waiting.money or report.waiting.goods)):
        return
    if await _year_lags(session, actor, report, unit_id, today):
        _hold_waiting(report)


def few_givers(actor: Acting, org_id: int, unit_id: int, givers: int) -> bool:
    """A unit's paper drafted in chat says its confirmed and its waiting figures apart: where one of them is
    one or two people's gifts (`givers`: `waiting_givers`, `confirmed_givers`), a writer who may not see
    their amounts (its leader, `access.may_see_unit_money`) would read it there, so it is held as 0625 holds
    what waits, a treasurer's draft saying it (decisions 2463, 2546). A paper an operator writes is whole."""
    return isinstance(actor, Actor) and not may_see_unit_money(actor, UnitRef(unit_id, org_id), givers)


def hold_few(actor: Acting, report: YearReport, org_id: int, unit_id: int) -> None:
    """A unit's paper, or a year of its period's review (decision 2536), says no money or goods waiting,
    and none confirmed, where they are one or two people's and `actor` may not see them (`few_givers`):
    with two confirmed and a third's gift waiting, the confirmed figure is the two's (decision 2546)."""
    if few_givers(actor, org_id, unit_id, report.waiting_givers):
        _hold_waiting(report)
    if few_givers(actor, org_id, unit_id, report.confirmed_givers):
        hold_confirmed(report)


def hold_confirmed(report: YearReport | PhaseReport) -> None:
    """The paper says no money or goods confirmed, nor what went to the Fund or to each drive, nor what of
    it came from donors outside the organisation, and why (`confirmed_held`, decisions 2546, 2661): held
    whole, as 0310 holds a unit's money; its labour days and its counts stay."""
    report.confirmed_held = True
    _clear(
        report.confirmed,
        report.fund,
        report.outside_drives,
        report.from_donors,
        *(drive.confirmed for drive in report.drives),
    )


def _hold_waiting(report: YearReport) -> None:
    """The paper says no money or goods waiting, and why (`waiting_held`); its labour days stay."""
    report.waiting_held = True
    report.waiting.money = report.waiting.goods = report.waiting.unvalued = 0


async def _year_lags(
    session: AsyncSession, actor: Actor, report: YearReport, unit_id: int | None, today: date
) -> bool:
    """Whether `actor` reads the year's money and goods of the report's scope as of their last release, on
    `today`: the paper counts every gift of its year, those recorded after its last day too (a late gift
    to the year just ended, in January), so their weeks are read to `today`, not to `as_of` (0665)."""
    from bot.domain.digests import Period, UnitFigures, carried_gifts, year_lag  # the digest reads reports

    units = {unit_id: UnitFigures(unit_id, report.unit or "")} if unit_id is not None else {}
    ends = _local_midnight(today + timedelta(days=1))
    whole = await carried_gifts(
        session, actor.org_id, year=report.year, period=Period(ends - timedelta(days=7), ends), units=units
    )
    lag = whole if unit_id is None else units[unit_id].lag
    return year_lag(actor, actor.org_id, unit_id, lag) is not None


async def unit_givers(
    session: AsyncSession, org_id: int, year: int, unit_id: int | None, *, by_drive: bool = False
) -> dict[int | None, int]:
    """Unit by unit (None: the people of no unit), how many of the organisation's people (donors aside) gave
    its money and goods of `year`, as the digest counts them (docs/decisions/0304): an entry above 0, waiting
    or confirmed, that no reversal cancelled (0312), each once whatever she gave (`access.givers_once`,
    decision 2325). `by_drive`: the same of unit `unit_id`'s gifts, drive by drive (None: the Fund outside
    the drives)."""
    return (await _kind_givers(session, org_id, year, unit_id, by_drive=by_drive))[1]


async def _kind_givers(
    session: AsyncSession, org_id: int, year: int, unit_id: int | None, *, by_drive: bool = False
) -> tuple[
    dict[int | None, dict[str, int]],
    dict[int | None, int],
    dict[int | None, tuple[int, frozenset[int]]],
    dict[int | None, int],
    dict[int | None, dict[str, frozenset[int]]],
]:
    """Unit by unit, the givers a paper's figures of each kind are: a paper says a kind's confirmed figure and
    its waiting one apart, so of each kind the fewer of those who have it confirmed and those who have it
    waiting (where both kinds were given; `access.may_see_kinds_apart` asks it): three gave goods, but An
    alone has them confirmed, and “hiện vật 300.000 ₫ đã xác nhận” is An's (decision 0384); beside them its
    givers each once (`unit_givers`) and who they are where one or two gave a kind (the least and greatest of
    them, `access.few_people`), read in the same statement; last, the same of its confirmed gifts alone, whom
    a unit's line of the organisation's report adds, and so counts (decision 2454); and of its waiting gifts
    alone, which a unit's own report says apart (decision 2463); and who the givers of each kind it counts
    are, where one or two (decision 2537)."""
    scope = [Contribution.unit_id == unit_id] if unit_id is not None else []
    key = Contribution.drive_id if by_drive else Contribution.unit_id
    kinds_of: dict[int | None, dict[str, int]] = {}
    shown_of: dict[int | None, dict[str, int]] = {}
    people_of: dict[int | None, frozenset[int]] = {}
    confirmed_of: dict[int | None, dict[str, int]] = {}
    confirmed_people: dict[int | None, frozenset[int]] = {}
    waiting_of: dict[int | None, dict[str, int]] = {}
    waiting_people: dict[int | None, frozenset[int]] = {}
    shown_people: dict[int | None, dict[str, frozenset[int]]] = {}
    all_people: dict[int | None, dict[str, frozenset[int]]] = {}
    givers = func.count(func.distinct(Contribution.person_id))
    is_confirmed, is_waiting = Contribution.status == "confirmed", Contribution.status == "recorded"
    for (
        gift_unit,
        kind,
        n,
        confirmed,
        waiting,
        least,
        greatest,
        c_least,
        c_greatest,
        w_least,
        w_greatest,
    ) in await session.execute(
        select(
            key,
            Contribution.kind,
            givers,
            givers.filter(is_confirmed),
            givers.filter(is_waiting),
            func.min(Contribution.person_id),
            func.max(Contribution.person_id),
            func.min(Contribution.person_id).filter(is_confirmed),
            func.max(Contribution.person_id).filter(is_confirmed),
            func.min(Contribution.person_id).filter(is_waiting),
            func.max(Contribution.person_id).filter(is_waiting),
        )
        .join(Person, Person.id == Contribution.person_id)
        .where(
            Contribution.org_id == org_id,
            Contribution.year == year,
            Contribution.kind.in_(("money", "goods")),
            Contribution.status.in_(("confirmed", "recorded")),
            Contribution.amount_vnd > 0,
            not_reversed(),  # a gift a reversal cancelled makes no giver, as in the digest (0312)
            Person.kind != "donor",
            *scope,
        )
        .group_by(key, Contribution.kind)
    ):
        kinds_of.setdefault(gift_unit, {})[kind] = n
        shown = min(count for count in (confirmed, waiting) if count)
        shown_of.setdefault(gift_unit, {})[kind] = shown
        shown_people.setdefault(gift_unit, {})[kind] = (
            few_people(confirmed, c_least, c_greatest)
            if confirmed == shown
            else few_people(waiting, w_least, w_greatest)
        )
        everyone = all_people.setdefault(gift_unit, {})[kind] = few_people(n, least, greatest)
        people_of[gift_unit] = people_of.get(gift_unit, frozenset()) | everyone
        if confirmed:
            confirmed_of.setdefault(gift_unit, {})[kind] = confirmed
            confirmed_people[gift_unit] = confirmed_people.get(gift_unit, frozenset()) | few_people(
                confirmed, c_least, c_greatest
            )
        if waiting:
            waiting_of.setdefault(gift_unit, {})[kind] = waiting
            waiting_people[gift_unit] = waiting_people.get(gift_unit, frozenset()) | few_people(
                waiting, w_least, w_greatest
            )
    for gift_unit, shown in shown_of.items():
        if len(shown) < 2:  # one kind alone: nothing said apart, its count as the digest's (0304 holds it)
            shown_of[gift_unit] = kinds_of[gift_unit]
            shown_people[gift_unit] = all_people[gift_unit]
    givers_of = {gift_unit: givers_once(kinds, people_of[gift_unit]) for gift_unit, kinds in kinds_of.items()}
    lines_of = {
        gift_unit: (givers_once(kinds, confirmed_people[gift_unit]), confirmed_people[gift_unit])
        for gift_unit, kinds in confirmed_of.items()
    }
    # who waits, each once: where no kind had three, `few_people` listed them all (Bình's goods and An's money
    # are two people), else three or more did. One count of both kinds is enough: a kind waiting of one or two
    # people's is among the fewer `shown_of` counts, so the paper says its money and goods as one figure
    # (`kinds_said_together`, 0378), never Hà's money apart beside two others' goods (decision 2757)
    waits_of = {
        gift_unit: max(*kinds.values(), len(waiting_people[gift_unit]))
        for gift_unit, kinds in waiting_of.items()
    }
    return shown_of, givers_of, lines_of, waits_of, shown_people


def held_back(org_id: int, unit_id: int, givers: int) -> bool:
    """A unit's money is one or two people's gifts (`access.may_see_unit_money`) to the report's readers: the
    level above, who cover no unit of the organisation, whoever writes it (decision 0310); so are the targets
    in đồng one or two people registered, their pledge (decision 0314)."""
    return not may_see_unit_money(None, UnitRef(unit_id, org_id), givers)


def kinds_said_together(org_id: int, unit_id: int, kind_givers: dict[str, int]) -> bool:
    """A unit's money and goods are one figure to the report's readers (`access.may_see_kinds_apart`, as
    `held_back` asks it): one of the two kinds had one or two givers (decision 0378)."""
    return not may_see_kinds_apart(None, UnitRef(unit_id, org_id), kind_givers)


def one_or_two_to_a_drive(report: YearReport) -> bool:
    """A unit's report: one or two of its people gave to one of its drives (or to the Fund outside them), so
    no figure drive by drive is said, nor what went to the Fund apart, nor anything counted of it alone (a
    collective's Fund item): the total less it is the drive's (decision 0348)."""
    return any(0 < n < FEWEST_GIVERS for n in report.drive_givers.values())


def _clear(*totals: Totals) -> None:
    """What a report reads where a unit's money is held back: no đồng; its labour days stay."""
    for each in totals:
        each.money = each.goods = 0


def hold_money(
    report: YearReport | PhaseReport,
    org_id: int,
    unit_id: int | None,
    held: bool | None = None,
    held_ids: Iterable[int] | None = None,
) -> None:
    """Hold back in `report` the money where one or two people gave it (decision 0310). A unit's report
    (`held`, else from its `money_givers`): every figure in đồng reads 0 and `money_held` says why. The
    organisation's: the units `held_back` (or `held_ids`), and the fewest givers next (`access.pooled`),
    have their money and goods in `together`, their lines reading 0; the organisation's own totals stay
    (public, 0177)."""
    if unit_id is not None:
        if held if held is not None else held_back(org_id, unit_id or 0, report.money_givers):
            _clear(report.confirmed, report.waiting, report.fund, report.from_donors, report.outside_drives)
            _clear(*(drive.confirmed for drive in report.drives))
            report.money_held = True
        else:  # its total is said, money and goods as one where one or two gave one kind (0378)
            report.kinds_together = kinds_said_together(org_id, unit_id, report.kind_givers)
            if isinstance(report, YearReport):  # a drive one or two gave to is theirs (0348)
                report.drives_held = one_or_two_to_a_drive(report)
        return
    lines = [*report.units, *([report.without_unit] if report.without_unit is not None else [])]
    if held_ids is None:
        held_ids = [line.unit_id for line in lines if held_back(org_id, line.unit_id, line.money_givers)]
    together = pooled(lines, held_ids)
    for line in lines:
        line.kinds_together = kinds_said_together(org_id, line.unit_id, line.kind_givers)
    if not together:
        return
    pool = [line for line in lines if line.unit_id in together]
    # named by its units; unit_id -1 where the people of no unit are among them (the paper names them)
    report.together = UnitLine(
        ", ".join(line.name for line in pool if line.unit_id),
        unit_id=-1 if any(not line.unit_id for line in pool) else 0,
    )
    for line in pool:
        report.together.confirmed.money += line.confirmed.money
        report.together.confirmed.goods += line.confirmed.goods
        report.together.confirmed.unvalued += line.confirmed.unvalued
        _clear(line.confirmed)
        line.together = True
    report.together.kind_givers = kinds_of_pool((line.kind_givers, line.kind_people) for line in pool)
    report.together.kinds_together = kinds_said_together(org_id, 0, report.together.kind_givers)


async def _proposals(
    session: AsyncSession, org_id: int, year: int, unit_id: int | None
) -> list[ProposalCount]:
    """The year's award proposals still standing (withdrawn ones left out), counted per award, with those
    recorded as awarded among them: no name, the list itself goes with the dossier's letter (decisions 0047,
    0063)."""
    scope = [AwardProposal.unit_id == unit_id] if unit_id is not None else []
    awarded = AwardProposal.outcome == "awarded"
    rows = await session.execute(
        select(
            AwardForm.id,
            func.count(AwardProposal.person_id).filter(Person.kind != "household"),
            func.count(AwardProposal.person_id).filter(Person.kind == "household"),
            func.count().filter(AwardProposal.person_id.is_(None)),
            func.count(AwardProposal.person_id).filter(Person.kind != "household", awarded),
            func.count(AwardProposal.person_id).filter(Person.kind == "household", awarded),
            func.count().filter(AwardProposal.person_id.is_(None), awarded),
        )
        .join(AwardForm, AwardForm.id == AwardProposal.award_form_id)
        .outerjoin(Person, Person.id == AwardProposal.person_id)
        .where(
            AwardProposal.org_id == org_id,
            AwardProposal.year == year,
            AwardProposal.withdrawn_at.is_(None),
            *scope,
        )
        .group_by(AwardForm.id)
        .order_by(AwardForm.id)
    )
    counted = rows.all()
    forms = await session.scalars(select(AwardForm).where(AwardForm.id.in_([row[0] for row in counted])))
    organisation = await session.get_one(Organisation, org_id)
    commune = await is_commune(session, org_id)
    # as the dossier's letter names it
    named = {
        form.id: (award_title(form, organisation, commune=commune), bool(form.within_organisation))
        for form in forms
    }
    return [
        ProposalCount(named[form_id][0], *counts, within=named[form_id][1]) for form_id, *counts in counted
    ]


async def _appeals_and_support(
    session: AsyncSession, report: YearReport, org_id: int, first: date, last: date
) -> None:
    """Appeals sent and hardship support delivered in the year: counts and sums, never a name."""
    starts, ends = _local_midnight(first), _local_midnight(last + timedelta(days=1))
    report.appeals, report.appeal_recipients = (
        await session.execute(
            select(func.count(), _sum(Appeal.recipients)).where(
                Appeal.org_id == org_id,
                Appeal.status != "cancelled",
                Appeal.created_at >= starts,
                Appeal.created_at < ends,
            )
        )
    ).one()
    delivered = [
        HardshipCase.org_id == org_id,
        CaseSupport.delivered_on >= first,
        CaseSupport.delivered_on <= last,
    ]
    supported = (
        select(CaseSupport)
        .join(HardshipCase, HardshipCase.id == CaseSupport.case_id)
        .where(*delivered, not_handed_later())  # a pack kept and handed later: given once (decision 1210)
    )
    for kind, amount, days in await session.execute(
        supported.with_only_columns(
            CaseSupport.kind, _sum(CaseSupport.amount_vnd), _sum(CaseSupport.labour_days)
        ).group_by(CaseSupport.kind)
    ):
        report.support.add(kind, amount, days)
    standing = supported.where(standing_support())  # a case whose only support was cancelled got none
    report.cases_supported = (
        await session.scalar(standing.with_only_columns(func.count(func.distinct(CaseSupport.case_id))))
    ) or 0
    outside = standing.where(HardshipCase.subject == "household", HardshipCase.person_id.is_(None))
    report.households_outside = (
        await session.scalar(outside.with_only_columns(func.count(func.distinct(CaseSupport.case_id))))
    ) or 0
    # Money handed over to the Fund of the level above: from the Fund and its drives, never a relief drive's
    # money handed to a relief board (decisions 0703, 0710), nor goods handed over, counted as no handover of
    # money (decisions 0713, 0719).
    made = (
        Remittance.org_id == org_id,
        Remittance.remitted_on >= first,
        Remittance.remitted_on <= last,
        Remittance.goods.is_(None),
        or_(Remittance.drive_id.is_(None), Remittance.drive_id.in_(select(Drive.id).where(Drive.fund))),
    )
    report.handed_over = await handed_of(session, *made)
    report.handovers = (
        await session.scalar(select(func.count()).select_from(Remittance).where(*made, standing_remittance()))
    ) or 0
