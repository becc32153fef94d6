"""The achievement report (báo cáo thành tích) of whoever stands proposed for an award: the report every award
dossier asks for (Mẫu số 07 of Decree 91/2017/NĐ-CP, plans 002 §IV.2.c and 003 §IV.4), "highlighting the
achievements in the movement". The bot holds the figures of the year; the person, or the unit's head, writes
the rest (docs/decisions/0049).

- **A person**: who they are (name, position, unit), their registration of the year (each criterion and
  target, the day it was registered, and what a treasurer confirmed toward it, counted as "my progress"
  counts it), what they gave that a treasurer confirmed, by kind, corrections subtracted, and the drives they
  gave to.
  Nothing waiting, nothing rejected, nothing of another year.
- **A unit** (a collective): the unit's own collective registration, then the unit's figures exactly as the
  year's report computes them (bot.domain.year_report.year_report with the unit: no second set of queries).
- **The organisation itself** (docs/decisions/0060): the same, of the organisation: its own collective
  registration (“o:<org>”, decision 0059) and the figures of the organisation's year's report.
- **Results** (decision 0050): against each criterion counted in numbers or done once, what stands recorded
  toward it, and the standing results themselves listed (a unit's: its collective's, not each member's).
  Withdrawn and set-aside ones are left out.
- **A household's standing in the poverty review** (docs/decisions/0110, “Later”): the years of the period the
  report covers as the review recorded them (a yearly award's year and the year before it, its starting point;
  a review's award, from the year before the campaign's first to the report's), and the years its pledge to
  escape poverty was kept. Only for a reader who may see it (`access.may_see_own_standing`: the household
  itself, the officers and leaders covering it, the office that compiles the dossier, decision 0111; the
  shell), never for a staff member.
- **Evidence** (docs/decisions/0062): the photos sent through the bot as evidence of what the report
  reports, for its annex: a person's of the gifts it counts (confirmed, of the year, not cancelled by a
  reversal) and of the results it lists; a collective's of its own results (a registration carries no photo,
  and the members' gifts are not the collective's). The same photo twice (one checksum) is one.

Who may have one (bot.domain.access.may_get_achievement_report, asked here whatever a menu showed): a person's
only that person and those who may see their amounts (it holds them); a unit's its leaders and whoever reads
its digest; the organisation's whoever reads its roll-up; only while the proposal stands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_date
from bot.db.models import (
    AwardForm,
    AwardProposal,
    Campaign,
    Contribution,
    Criterion,
    Drive,
    Evidence,
    Organisation,
    Person,
    Unit,
)
from bot.domain.access import Acting, Operator, may_get_achievement_report, may_see_own_standing
from bot.domain.awards import award_named, award_title, conferrer
from bot.domain.commitments import find_commitment, owner_key
from bot.domain.contributions import Totals as ContributionTotals
from bot.domain.contributions import confirmed_toward, person_totals, standing_gift
from bot.domain.notices import is_commune
from bot.domain.poverty import HouseholdRecord, household_records
from bot.domain.results import RESULT_MEASURES, ResultLine, recorded_toward, standing_results
from bot.domain.year_report import (
    Totals,
    YearReport,
    held_back,
    hold_money,
    kinds_said_together,
    one_or_two_to_a_drive,
    year_report,
)


class AchievementError(Exception):
    """`reason`: "not_found" (no such proposal in the actor's organisation), "withdrawn" (it was taken back)
    or "not_allowed" (the actor may not have this report)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Pledge:
    """One criterion of a registration: its target and, for a criterion gifts fulfil, what a treasurer
    confirmed toward it (None: not counted from gifts — an initiative, households helped…); for one counted in
    numbers or done once, what the owner recorded toward it (results standing, decision 0050)."""

    title: str
    measure: str  # money, labour_days, count, yes_no… (the plan's measure)
    target: int
    confirmed: int | None = None
    recorded: int | None = None  # None: not a count or yes/no criterion
    # What was confirmed toward it is one or two people's gifts, not said (a unit's, decision 0314).
    held: bool = False


@dataclass(frozen=True)
class Registration:
    """A registration of the year: when it was made and last amended, and what it pledges."""

    registered_on: date
    amended_on: date | None  # None: never amended
    pledges: list[Pledge]


@dataclass(frozen=True)
class DriveGiven:
    """What a person gave to one drive (`title` None: to the Fund outside the drives), confirmed."""

    title: str | None
    given: Totals
    gifts: int


@dataclass
class PersonFigures:
    name: str
    position: str | None
    kind: str  # "staff" or "household"
    registration: Registration | None
    confirmed: Totals
    gifts: int  # confirmed gifts (reversals not counted)
    reversals: int
    drives: list[DriveGiven] = field(default_factory=list)
    unit: str | None = None  # the unit the person is in now, as their position (decision 0296)


@dataclass(frozen=True)
class GiftShown:
    """A confirmed gift an evidence photo shows, as the annex's caption tells it."""

    ref: str
    given_at: datetime
    kind: str
    amount: int  # money given, or the goods' estimated value
    labour_days: int
    description: str | None
    drive: str | None  # None: the Fund for the Poor outside the drives


@dataclass
class AnnexPhoto:
    """One evidence photo for the annex: where bot.media keeps it (`path`, relative to the media directory)
    and every gift or result it is evidence of, in the report's order."""

    sha256: str
    path: str
    shows: list[GiftShown | ResultLine]


@dataclass(frozen=True)
class EarlierAward:
    """An award the nominee received in an earlier year, as recorded on its proposal (decision 0063)."""

    award: str
    year: int
    ref: str | None
    on: date | None


@dataclass
class AchievementReport:
    proposal_id: int
    organisation: str
    unit: str  # the unit that proposed (the person's, when proposed); the organisation's name for itself
    award: str
    form_code: str  # the award's code in the plan (“giay-khen-thu-truong”): in the file's name
    conferred_by: str
    year: int
    campaign: str
    summary: str  # typed by the leader who proposed
    as_of: date  # the figures are those of this day (the year's last day once it is over)
    person: PersonFigures | None = None  # a person proposed
    # Another of the same name in the same unit stands proposed for the same award that year: the file's
    # name carries the proposal's number, which the office's `award list` shows (decision 0437).
    namesake: bool = False
    collective: Registration | None = None  # a unit proposed: its own collective registration
    unit_report: YearReport | None = None  # a unit proposed: its figures as the year's report has them
    itself: bool = False  # the organisation itself proposed: `collective` and `unit_report` are its own
    # The results standing of the person (household) or of the unit's collective, never its members': the
    # oldest first.
    results: list[ResultLine] = field(default_factory=list)
    # The evidence photos of the gifts counted and the results listed: the gifts' first, each oldest first.
    evidence: list[AnnexPhoto] = field(default_factory=list)
    # What the dossier asks as “hình thức khen thưởng đã được nhận”: earlier years' awards recorded here.
    earlier: list[EarlierAward] = field(default_factory=list)
    # A household's standing in the poverty review in `review_years`, and the years its pledge was kept (None:
    # a staff member, a collective, a household the review never recorded then, a reader who may not see it).
    poverty: HouseholdRecord | None = None
    review_years: list[int] = field(default_factory=list)


async def achievement_report(
    session: AsyncSession, actor: Acting, proposal_id: int, *, today: date
) -> AchievementReport:
    """The figures of the achievement report of the standing proposal `proposal_id`, as of `today`; refused
    (AchievementError) for a proposal of another organisation, a withdrawn one, or an actor the rule refuses.
    `actor` an Operator: the shell of the proposal's organisation (`chungtay award report`)."""
    proposal = await session.get(AwardProposal, proposal_id)
    if proposal is None or actor is None or proposal.org_id != actor.org_id:
        raise AchievementError("not_found")
    if proposal.withdrawn_at is not None:
        raise AchievementError("withdrawn")
    nominee = await session.get(Person, proposal.person_id) if proposal.person_id is not None else None
    if not isinstance(actor, Operator) and not may_get_achievement_report(actor, proposal, nominee):
        raise AchievementError("not_allowed")
    form = await session.get_one(AwardForm, proposal.award_form_id)
    campaign = await session.get_one(Campaign, form.campaign_id)
    organisation = await session.get_one(Organisation, proposal.org_id)
    commune = await is_commune(session, organisation.id)  # the plan's generic head is its chairman (0247)
    unit = await session.get_one(Unit, proposal.unit_id) if proposal.unit_id is not None else None
    year = proposal.year
    report = AchievementReport(
        proposal_id=proposal.id,
        organisation=organisation.name,
        unit=unit.name if unit is not None else organisation.name,
        award=award_title(form, organisation, commune=commune),
        form_code=form.code,
        conferred_by=conferrer(form, organisation, commune=commune),
        year=year,
        campaign=campaign.title,
        summary=proposal.summary,
        as_of=min(today, date(year, 12, 31)),
        itself=unit is None and nominee is None,
    )
    if nominee is None:
        unit_id = unit.id if unit is not None else None
        key = owner_key("collective", None, unit_id, org_id=proposal.org_id)
        report.unit_report = given = await year_report(
            session, proposal.org_id, year, today=today, actor=actor, unit_id=unit_id, hold=False
        )
        # a money item against what the unit's (the organisation's) treasurers confirmed, as the digest sets
        # the unit's money commitment against it; the Fund's item against what went to the Fund; where one or
        # two people gave the unit's money, said as given, never the figure (decision 0314)
        report.collective = await _registration(
            session,
            campaign.id,
            year,
            key,
            lambda criterion: _counted(given.fund if criterion.fund_only else given.confirmed),
            held=unit_id is not None and held_back(proposal.org_id, unit_id, given.money_givers),
            # nor, where one kind had one or two givers, a figure of money or of goods apart (decision 0378);
            # an item counting both is the two as one, which the paper says (decision 1990)
            kinds_held=unit_id is not None
            and kinds_said_together(proposal.org_id, unit_id, given.kind_givers),
            # what went to the Fund, where the rest went to a drive one or two gave to, is the total less
            # their gift: its Fund item is held as the paper's drives are (decision 0368)
            fund_held=unit_id is not None
            and one_or_two_to_a_drive(given)
            and given.fund.value != given.confirmed.value,
        )
        hold_money(given, proposal.org_id, unit_id)  # as the year's report holds it: the council's a reader
    else:
        key = owner_key("individual", nominee.id, None)
        report.person = await _person_figures(session, nominee, campaign.id, year)
        report.namesake = await _namesake_proposed(session, proposal, nominee)
    report.results = await standing_results(session, campaign.id, year, key)
    gifts = await _gifts_shown(session, nominee.id, year) if nominee is not None else []
    report.evidence = _annex(gifts, report.results)
    report.earlier = await _earlier_awards(session, proposal, organisation)
    if nominee is not None and nominee.kind == "household":
        report.review_years = review_years(form, campaign, year)
        if isinstance(actor, Operator) or may_see_own_standing(actor, nominee):
            records = await household_records(session, proposal.org_id, [nominee.id], report.review_years)
            report.poverty = records.get(nominee.id)
    return report


async def _namesake_proposed(session: AsyncSession, proposal: AwardProposal, nominee: Person) -> bool:
    """Whether another person of `nominee`'s name (as folded) in the proposal's unit stands proposed for
    the same award the same year: two drafts of one name otherwise, their unit and award alike."""
    found = await session.scalar(
        select(AwardProposal.id)
        .join(Person, Person.id == AwardProposal.person_id)
        .where(
            AwardProposal.org_id == proposal.org_id,
            AwardProposal.award_form_id == proposal.award_form_id,
            AwardProposal.year == proposal.year,
            AwardProposal.unit_id.is_not_distinct_from(proposal.unit_id),
            AwardProposal.withdrawn_at.is_(None),
            AwardProposal.id != proposal.id,
            AwardProposal.person_id != nominee.id,
            Person.name_key == nominee.name_key,
        )
        .limit(1)
    )
    return found is not None


REVIEWS = ("mid_review", "final_review")


def review_years(form: AwardForm, campaign: Campaign, year: int) -> list[int]:
    """The years of the poverty review a household's report shows: a yearly (or ad hoc) award's year and the
    year before it (where the household started from); a review's award (sơ kết, tổng kết: the period's), from
    the year before the campaign's first to the report's year."""
    first = campaign.starts_on.year if form.occasion in REVIEWS else year
    return list(range(min(first, year) - 1, year + 1))


async def _gifts_shown(session: AsyncSession, person_id: int, year: int) -> list[tuple[str, str, GiftShown]]:
    """(checksum, path, gift) of each photo of the person's gifts the report counts (confirmed, of the year,
    not a reversal and not cancelled by one), the oldest gift first."""
    rows = await session.execute(
        select(
            Evidence.sha256,
            Evidence.path,
            Contribution.ref,
            Contribution.created_at,
            Contribution.kind,
            Contribution.amount_vnd,
            Contribution.labour_days,
            Contribution.description,
            Drive.title,
        )
        .join(Contribution, Contribution.id == Evidence.contribution_id)
        .outerjoin(Drive, Drive.id == Contribution.drive_id)
        .where(Contribution.person_id == person_id, Contribution.year == year, standing_gift())
        .order_by(Contribution.created_at, Contribution.id, Evidence.id)
    )
    return [(sha256, path, GiftShown(*gift)) for sha256, path, *gift in rows]


def _annex(gifts: list[tuple[str, str, GiftShown]], results: list[ResultLine]) -> list[AnnexPhoto]:
    """The photos of the gifts, then of the results, each once: a photo sent again for another item (the
    same checksum) shows that item too."""
    photos: dict[str, AnnexPhoto] = {}
    shown = [*gifts, *((r.photo_sha256, r.photo, r) for r in results if r.photo and r.photo_sha256)]
    for sha256, path, item in shown:
        photos.setdefault(sha256, AnnexPhoto(sha256, path, [])).shows.append(item)
    return list(photos.values())


async def _earlier_awards(
    session: AsyncSession, proposal: AwardProposal, organisation: Organisation
) -> list[EarlierAward]:
    """The awards the same nominee (the person; or the unit itself; or the organisation itself) was recorded
    as receiving before the proposal's year, the oldest first, each as the papers name it (`award_title`)."""
    if proposal.person_id is not None:
        nominee = [AwardProposal.person_id == proposal.person_id]
    else:
        unit = (
            AwardProposal.unit_id.is_(None)
            if proposal.unit_id is None
            else AwardProposal.unit_id == proposal.unit_id
        )
        nominee = [AwardProposal.person_id.is_(None), unit]
    rows = await session.execute(
        select(AwardForm, AwardProposal.year, AwardProposal.decision_ref, AwardProposal.decision_on)
        .join(AwardForm, AwardForm.id == AwardProposal.award_form_id)
        .where(
            AwardProposal.org_id == proposal.org_id,
            AwardProposal.year < proposal.year,
            AwardProposal.outcome == "awarded",
            AwardProposal.withdrawn_at.is_(None),
            *nominee,
        )
        .order_by(AwardProposal.year, AwardForm.id)
    )
    commune = await is_commune(session, organisation.id)
    return [EarlierAward(award_title(form, organisation, commune=commune), *rest) for form, *rest in rows]


async def _registration(
    session: AsyncSession,
    campaign_id: int,
    year: int,
    key: str,
    counted: Callable[[Criterion], ContributionTotals] | None = None,
    *,
    held: bool = False,
    fund_held: bool = False,
    kinds_held: bool = False,
) -> Registration | None:
    """The registration with owner `key` of the year, with what stands recorded toward each criterion counted
    in numbers or done once; with `counted` (the totals that count toward a criterion), what was confirmed
    toward each criterion that gifts fulfil; `held`: toward one in đồng, one or two people's gifts, not
    said (decision 0314); `fund_held`: so toward a Fund-only one alone (decision 0368); `kinds_held`: so
    toward one counting money or goods alone, where the paper says the two as one figure (decision 0378):
    one counting both is that figure, said (decision 1990)."""
    commitment = await find_commitment(session, campaign_id, year, key)
    if commitment is None:
        return None
    recorded = await recorded_toward(session, campaign_id, year, key)
    pledges = []
    for item in commitment.items:
        criterion = item.criterion
        toward = confirmed_toward(criterion.counts or [], counted(criterion)) if counted else None
        in_dong = {"money", "goods"} & set(criterion.counts or [])
        pledges.append(
            Pledge(
                criterion.title,
                criterion.measure,
                item.target,
                toward[0] if toward else None,
                recorded.get(criterion.id, 0) if criterion.measure in RESULT_MEASURES else None,
                held=(held or (fund_held and criterion.fund_only) or (kinds_held and len(in_dong) == 1))
                and bool(toward and toward[0])
                and bool(in_dong),
            )
        )
    return Registration(
        registered_on=local_date(commitment.created_at),
        amended_on=local_date(commitment.updated_at) if commitment.revision > 1 else None,
        pledges=pledges,
    )


def _counted(confirmed: Totals) -> ContributionTotals:
    """A report's confirmed totals as what counts toward a criterion (`confirmed_toward`)."""
    return ContributionTotals(
        money_confirmed=confirmed.money, goods_confirmed=confirmed.goods, days_confirmed=confirmed.labour_days
    )


async def _person_figures(
    session: AsyncSession, person: Person, campaign_id: int, year: int
) -> PersonFigures:
    """A person's registration against what a treasurer confirmed, their confirmed gifts by kind and the
    drives they gave to: the year's confirmed entries only, a reversal subtracting what it cancels. The Fund's
    criterion counts only gifts to the Fund, as "my progress" counts it."""
    totals = await person_totals(session, person.id, year)
    fund = await person_totals(session, person.id, year, fund_only=True)
    registration = await _registration(
        session,
        campaign_id,
        year,
        owner_key("individual", person.id, None),
        lambda criterion: fund if criterion.fund_only else totals,
    )
    drives, gifts, reversals = await _drives_given(session, person.id, year)
    return PersonFigures(
        name=person.full_name,
        position=person.position,
        kind=person.kind,
        registration=registration,
        confirmed=Totals(
            totals.money_confirmed,
            totals.goods_confirmed,
            totals.days_confirmed,
            unvalued=sum(drive.given.unvalued for drive in drives),
        ),
        gifts=gifts,
        reversals=reversals,
        drives=drives,
        unit=await session.scalar(select(Unit.name).where(Unit.id == person.unit_id)),
    )


@dataclass
class _Given:
    title: str | None
    given: Totals = field(default_factory=Totals)
    gifts: int = 0


async def _drives_given(
    session: AsyncSession, person_id: int, year: int
) -> tuple[list[DriveGiven], int, int]:
    """The person's confirmed entries of the year by drive (the Fund outside the drives last), goods given
    with no value counted, with how many gifts and how many reversals there were in all."""
    is_reversal = Contribution.reverses_id.is_not(None)
    rows = await session.execute(
        select(
            Contribution.drive_id,
            Drive.title,
            Contribution.kind,
            is_reversal,
            func.count().filter(standing_gift() | is_reversal),  # a cancelled gift is no gift
            # goods given with no value that still stand: counted, as the year's report counts them (0549)
            func.count().filter(
                standing_gift(), Contribution.kind == "goods", func.coalesce(Contribution.amount_vnd, 0) == 0
            ),
            func.coalesce(cast(func.sum(Contribution.amount_vnd), BigInteger), 0),
            func.coalesce(cast(func.sum(Contribution.labour_days), BigInteger), 0),
        )
        .outerjoin(Drive, Drive.id == Contribution.drive_id)
        .where(
            Contribution.person_id == person_id,
            Contribution.year == year,
            Contribution.status == "confirmed",
        )
        .group_by(Contribution.drive_id, Drive.title, Drive.starts_on, Contribution.kind, is_reversal)
        .order_by(Drive.starts_on, Contribution.drive_id)
    )
    by_drive: dict[int | None, _Given] = {}
    gifts = reversals = 0
    for drive_id, title, kind, reversal, n, unvalued, amount, days in rows:
        line = by_drive.setdefault(drive_id, _Given(title))
        line.given.add(kind, int(amount), int(days))
        line.given.unvalued += int(unvalued)
        if reversal:
            reversals += n
        else:
            line.gifts += n
            gifts += n
    outside = by_drive.pop(None, None)  # the Fund outside the drives, last
    lines = [*by_drive.values(), *([outside] if outside is not None else [])]
    # A drive whose every gift was cancelled is no drive given to.
    lines = [line for line in lines if line.gifts or line.given.value or line.given.labour_days]
    return [DriveGiven(line.title, line.given, line.gifts) for line in lines], gifts, reversals


@dataclass(frozen=True)
class OwnProposal:
    id: int
    award: str
    year: int
    outcome: str | None = None  # the council's decision, once recorded: "awarded" or "not_awarded"
    code: str = ""  # the award form's code, for its gloss to a reader of English (decision 2650)


async def own_standing_proposals(session: AsyncSession, person_id: int) -> list[OwnProposal]:
    """The standing proposals naming the person, the latest year first, then in the plan's order of forms;
    each award as the papers name it (`award_named`)."""
    rows = await session.execute(
        select(AwardProposal.id, AwardForm, AwardProposal.year, AwardProposal.outcome)
        .join(AwardForm, AwardForm.id == AwardProposal.award_form_id)
        .where(AwardProposal.person_id == person_id, AwardProposal.withdrawn_at.is_(None))
        .order_by(AwardProposal.year.desc(), AwardForm.id, AwardProposal.id)
    )
    return [
        OwnProposal(id, await award_named(session, form), year, outcome, form.code)
        for id, form, year, outcome in rows
    ]
