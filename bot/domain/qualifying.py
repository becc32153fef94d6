"""Who of a leader's units meets the plan's measurable award criteria this year: what a leader proposing for
an award reads before choosing whom (docs/decisions/0273).

Plan 002 (§III.3) asks of a person “đạt chỉ tiêu … theo kế hoạch đề ra; có đóng góp kinh phí”. Of that, the
bot measures three things and no more:
- **registered**: the person has a registration (đăng ký thi đua) for the campaign year;
- **reached**: every item of it that gifts fulfil (a criterion with `counts`: money, goods, labour days) has
  at least its target confirmed toward it by a treasurer, counted as the achievement report and “my
  progress” count it (the Fund's criterion only gifts to the Fund; a reversal subtracts what it cancels);
  `exceeded` when one of them has more;
- **gave to the Fund**: something confirmed to the Fund for the Poor that year (a Fund drive or the Fund
  outside the drives): money or goods, goods given with no value too (20 kg of rice is a gift, not 0 ₫:
  docs/decisions/0548).
Discipline, “hoàn thành xuất sắc nhiệm vụ” and the rest are the awards council's, never guessed here.

Everyone the actor may propose (`access.proposable_by`: staff and households of the units they lead, not
themself, not those who left) and the units themselves (collectives: their own collective registration
against the gifts the unit's treasurers confirmed, as the year's report counts a unit's) are read by one
statement, whatever the size of the organisation: their sums of the year, their registration's items and
whether they already stand proposed for the award."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import Integer, Select, String, and_, case, cast, func, literal, null, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    AwardProposal,
    Commitment,
    CommitmentItem,
    Contribution,
    Criterion,
    Drive,
    Organisation,
    Person,
    Unit,
)
from bot.domain.access import Actor, may_hear_who_gave, proposable_by, proposed_units
from bot.domain.contributions import not_reversed
from bot.text import person_sort_key, sort_key


@dataclass(frozen=True)
class Standing:
    """One person the actor may propose, against the measurable criteria of the year."""

    person_id: int | None  # None: the unit itself (a collective)
    org_id: int
    unit_id: int
    name: str
    unit: str
    registered: bool
    counted: int  # items of the registration that gifts fulfil
    reached: int  # of those, the ones with their target confirmed
    exceeded: int  # of those, the ones with more than their target confirmed
    money_target: int  # đồng pledged on the money items that gifts fulfil
    money_confirmed: int  # đồng confirmed toward them
    days_target: int  # labour days pledged on the items labour fulfils
    days_confirmed: int
    fund: int  # đồng (money and goods' value) confirmed to the Fund for the Poor
    fund_unvalued: int  # goods confirmed to the Fund with no value given (“20 kg gạo”), standing
    proposed: bool  # already stands proposed for this award this year
    # whether the reader is told this one gave to the Fund or not (`access.may_hear_who_gave`); when not, only
    # those who meet the whole standard are said to have given, as being listed among them says anyway (0279)
    fund_told: bool = True

    @property
    def id(self) -> int:  # a PersonLike for the rules (`may_see_amounts_of`), a UnitLike for a collective
        return self.person_id if self.person_id is not None else self.unit_id

    @property
    def target_reached(self) -> bool:
        return self.counted > 0 and self.reached == self.counted

    @property
    def gave_to_fund(self) -> bool:
        """Something stands confirmed to the Fund: money, or goods with a value or without one."""
        return self.fund > 0 or self.fund_unvalued > 0

    @property
    def qualifies(self) -> bool:
        """Meets every criterion the bot can measure: registered, the target reached, gave to the Fund."""
        return self.registered and self.target_reached and self.gave_to_fund


def _counts(kind: str):  # type: ignore[no-untyped-def]
    """Whether the criterion's `counts` (a JSON list) names `kind`: on SQLite and PostgreSQL alike."""
    return cast(Criterion.counts, String).like(f'%"{kind}"%')


def _sums(year: int, org_id: int, owner):  # type: ignore[no-untyped-def]
    """The year's confirmed sums by `owner` (the giver, or the unit a gift counts for), all and the Fund's;
    a reversal is a confirmed entry that subtracts what it cancels. `fund_unvalued`: how many goods given to
    the Fund with no value stand (no reversal cancels them), which no sum in đồng shows."""
    fund = or_(Contribution.drive_id.is_(None), Drive.fund.is_(True))
    unvalued = and_(
        Contribution.kind == "goods", func.coalesce(Contribution.amount_vnd, 0) == 0, fund, not_reversed()
    )

    def total(kind: str, column, only_fund: bool = False):  # type: ignore[no-untyped-def]
        wanted = and_(Contribution.kind == kind, fund) if only_fund else Contribution.kind == kind
        return func.coalesce(func.sum(case((wanted, column), else_=0)), 0)

    return (
        select(
            owner.label("owner"),
            total("money", Contribution.amount_vnd).label("money"),
            total("goods", Contribution.amount_vnd).label("goods"),
            total("labour", Contribution.labour_days).label("days"),
            total("money", Contribution.amount_vnd, True).label("fund_money"),
            total("goods", Contribution.amount_vnd, True).label("fund_goods"),
            total("labour", Contribution.labour_days, True).label("fund_days"),
            func.count(case((unvalued, 1))).label("fund_unvalued"),
        )
        .outerjoin(Drive, Drive.id == Contribution.drive_id)
        .where(Contribution.org_id == org_id, Contribution.year == year, Contribution.status == "confirmed")
        .group_by(owner)
        .subquery()
    )


def _measured(sums, key, campaign_id: int, year: int) -> tuple[list, Select]:  # type: ignore[no-untyped-def]
    """The columns that set a registration (owner key `key`) against `sums`, and the outer joins they need
    onto a select of the owners."""
    money = func.coalesce(case((Criterion.fund_only, sums.c.fund_money), else_=sums.c.money), 0)
    goods = func.coalesce(case((Criterion.fund_only, sums.c.fund_goods), else_=sums.c.goods), 0)
    days = func.coalesce(case((Criterion.fund_only, sums.c.fund_days), else_=sums.c.days), 0)
    toward = (
        case((_counts("money"), money), else_=0)
        + case((_counts("goods"), goods), else_=0)
        + case((_counts("labour"), days), else_=0)
    )
    counted = or_(_counts("money"), _counts("goods"), _counts("labour"))
    in_days = Criterion.measure == "labour_days"

    def summed(condition, value):  # type: ignore[no-untyped-def]
        return func.coalesce(func.sum(case((condition, value), else_=0)), 0)

    columns = [
        func.count(Commitment.id.distinct()),
        summed(counted, 1),
        summed(and_(counted, toward >= CommitmentItem.target), 1),
        summed(and_(counted, toward > CommitmentItem.target), 1),
        summed(and_(counted, ~in_days), CommitmentItem.target),
        summed(and_(counted, ~in_days), toward),
        summed(and_(counted, in_days), CommitmentItem.target),
        summed(and_(counted, in_days), toward),
        func.coalesce(sums.c.fund_money, 0) + func.coalesce(sums.c.fund_goods, 0),
        func.coalesce(sums.c.fund_unvalued, 0),
    ]
    registration = and_(
        Commitment.campaign_id == campaign_id, Commitment.year == year, Commitment.owner_key == key
    )
    return columns, registration


def _told(actor: Actor, standing: Standing, leaders_allowed: bool) -> Standing:
    """`standing` with whether its reader is told if the person gave to the Fund (a unit's: its figures)."""
    if standing.person_id is None or may_hear_who_gave(actor, standing, leaders_allowed=leaders_allowed):
        return standing
    return replace(standing, fund_told=False)


async def standings(
    session: AsyncSession, actor: Actor, *, campaign_id: int, year: int, form_id: int
) -> list[Standing]:
    """The people `actor` may propose and the units they propose for, those who meet the measurable
    criteria first, then those nearest to them (reached before not, registered before not), the units
    before the people of each group, each by name (people by given name: docs/decisions/0087)."""
    standing = and_(
        AwardProposal.award_form_id == form_id,
        AwardProposal.year == year,
        AwardProposal.withdrawn_at.is_(None),
    )
    people_sums = _sums(year, actor.org_id, Contribution.person_id)
    columns, registration = _measured(people_sums, literal("p:") + cast(Person.id, String), campaign_id, year)
    # the organisation's leave for leaders to see who has not given (0026), read in the same statement
    leaders_allowed = (
        select(Organisation.leaders_see_non_givers).where(Organisation.id == actor.org_id).scalar_subquery()
    )
    proposed = (
        select(AwardProposal.person_id).where(standing, AwardProposal.person_id.is_not(None)).distinct()
    )
    proposed = proposed.subquery()
    people = (
        select(
            Person.id.label("person_id"),
            Person.org_id,
            Person.unit_id,
            Person.full_name,
            Unit.name,
            *columns,
            proposed.c.person_id.is_not(None),
            leaders_allowed,
        )
        .join(Unit, Unit.id == Person.unit_id)
        .outerjoin(people_sums, people_sums.c.owner == Person.id)
        .outerjoin(Commitment, registration)
        .outerjoin(CommitmentItem, CommitmentItem.commitment_id == Commitment.id)
        .outerjoin(Criterion, Criterion.id == CommitmentItem.criterion_id)
        .outerjoin(proposed, proposed.c.person_id == Person.id)
        .where(proposable_by(actor))
        .group_by(
            Person.id,
            Person.org_id,
            Person.unit_id,
            Person.full_name,
            Unit.name,
            people_sums.c.fund_money,
            people_sums.c.fund_goods,
            people_sums.c.fund_unvalued,
            proposed.c.person_id,
        )
    )
    unit_sums = _sums(year, actor.org_id, Contribution.unit_id)
    columns, registration = _measured(unit_sums, literal("u:") + cast(Unit.id, String), campaign_id, year)
    itself = (
        select(AwardProposal.unit_id).where(standing, AwardProposal.person_id.is_(None)).distinct().subquery()
    )
    covered = proposed_units(actor)
    units = (
        select(
            cast(null(), Integer),
            Unit.org_id,
            Unit.id,
            Unit.name,
            Unit.name.label("unit_name"),
            *columns,
            itself.c.unit_id.is_not(None),
            leaders_allowed,
        )
        .outerjoin(unit_sums, unit_sums.c.owner == Unit.id)
        .outerjoin(Commitment, registration)
        .outerjoin(CommitmentItem, CommitmentItem.commitment_id == Commitment.id)
        .outerjoin(Criterion, Criterion.id == CommitmentItem.criterion_id)
        .outerjoin(itself, itself.c.unit_id == Unit.id)
        .where(Unit.org_id == actor.org_id, *([Unit.id.in_(sorted(covered))] if covered is not None else []))
        .group_by(
            Unit.id,
            Unit.org_id,
            Unit.name,
            unit_sums.c.fund_money,
            unit_sums.c.fund_goods,
            unit_sums.c.fund_unvalued,
            itself.c.unit_id,
        )
    )
    rows = [
        _told(
            actor,
            Standing(
                person_id, org_id, unit_id, name, unit, registered > 0, *map(int, figures), bool(listed)
            ),
            bool(leaders_allowed),
        )
        for person_id, org_id, unit_id, name, unit, registered, *figures, listed, leaders_allowed in (
            await session.execute(union_all(people, units))
        )
    ]
    return sorted(
        rows,
        key=lambda s: (
            not s.qualifies,
            not s.target_reached,
            not s.registered,
            s.person_id is not None,
            person_sort_key(s.name) if s.person_id is not None else (sort_key(s.name), sort_key("")),
            s.id,
        ),
    )
