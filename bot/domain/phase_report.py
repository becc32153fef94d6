"""The period's review report (báo cáo sơ kết / tổng kết phong trào thi đua … giai đoạn 2026–2030): what a
unit or the organisation writes at the mid-term review (sơ kết, the plan's milestone, e.g. 2028) and at the
end of the period (tổng kết), adding up several years' results (docs/decisions/0105).

It is the year's report (bot.domain.year_report) once for each year of the campaign's period so far, from its
first year to this one (to its last, once it has ended; through March, to the year just ended: decision
0333), and the period's totals added up from them: no second set of queries, so a year's column is that year's
report, figure for figure.

Added up over the period: registrations (one per person or household per year registered), collective
registrations, gifts confirmed by kind with reversals subtracted, waiting gifts, gifts to the Fund, donors'
gifts, appeals, hardship support delivered, results toward each criterion, initiatives, award proposals, and
each drive's gifts (a drive across the new year counted once, its gifts of both years). Not added up: who
belongs (people and households as they are now), givers and donors (the same person gives in several years:
counted per year only), and the cases supported (a case may be helped in two years: each year counts it).

No individual amount and no name, as in the year's report. Who may write it is who may write the year's
report of the same scope (`year_report.report_scope`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Campaign, Milestone, Organisation
from bot.domain.access import Acting
from bot.domain.campaigns import LAST_YEAR_UNTIL_MONTH, active_campaign, just_ended_campaign
from bot.domain.year_report import (
    CriterionLine,
    DriveLine,
    Members,
    ProposalCount,
    Totals,
    UnitLine,
    YearReport,
    campaign_of_year,
    held_back,
    hold_confirmed,
    hold_few,
    hold_money,
    hold_waiting,
    report_scope,
    year_report,
)
from bot.text import fold


class PhaseError(Exception):
    """`reason`: "no_campaign" (no campaign here, or none by the code or years asked for), "not_started"
    (the campaign's period has not begun) or "first_months" (through March of the period's first year: no
    year of it has closed, decision 1125)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class PhaseReport:
    organisation: str
    unit: str | None  # None: the whole organisation
    campaign: str
    campaign_code: str
    starts_on: date
    ends_on: date
    as_of: date
    final: bool  # tổng kết: this year is the period's last, or it has ended; else sơ kết
    review: str | None  # the plan's review milestone of the report's year, if it has one (its title)
    years: list[YearReport]  # from the period's first year to the report's, each year's report
    members: Members  # people and households as they are now; registered: in the last year
    confirmed: Totals
    waiting: Totals
    fund: Totals
    gifts: int
    reversals: int
    registered_people: int  # registrations over the period: a person registered in 3 years counts 3
    registered_households: int
    collective_commitments: int
    criteria: list[CriterionLine]
    drives: list[DriveLine]  # every drive of the period once, its gifts of all the period's years
    outside_drives: Totals = field(default_factory=Totals)
    outside_gifts: int = 0
    donor_gifts: int = 0
    from_donors: Totals = field(default_factory=Totals)
    appeals: int = 0
    appeal_recipients: int = 0
    cases_supported: int = 0  # each year's cases added up: a case helped in two years counts twice
    support: Totals = field(default_factory=Totals)
    handed_over: int = 0  # money handed over to the Fund of the level above, the years' added up (0108)
    handovers: int = 0
    initiatives: int | None = None  # None: the plan has no initiative criterion
    proposals: list[ProposalCount] = field(default_factory=list)  # per award, over the period
    units: list[UnitLine] = field(default_factory=list)  # the organisation's: now's members, period's gifts
    without_unit: UnitLine | None = None
    head_title: str | None = None
    signs_for: str | None = None
    # A commune, as its year's report says it (decision 1500): its units are hamlets and street groups, and
    # its Front committee signs for its standing board where the office set no title (decision 1568).
    commune: bool = False
    # A unit's report: one or two people gave its money in some year of the period, and no figure of the
    # period in đồng is given (`year_report.hold_money`); the organisation's: the units said together (0310).
    money_held: bool = False
    together: UnitLine | None = None
    # A unit's review: its givers kind by kind, the fewest of any year (`fewest_kinds`); `kinds_together`:
    # one kind had one or two in a year, so its money and goods are one figure (decision 0378).
    kind_givers: dict[str, int] = field(default_factory=dict)
    kinds_together: bool = False
    drives_held: bool = False  # a unit's: as the year's report (decision 0348), where so in any of its years
    waiting_held: bool = False  # as the year's report, where so in any of its years (decision 0625)
    # as the year's report, where so in any of its years, every year's confirmed figure with it: a year's
    # beside the period's would give the held one back (decision 2546)
    confirmed_held: bool = False
    goods_unvalued: int = 0  # confirmed goods given with no value, as the year's report counts them (0349)

    @property
    def first_year(self) -> int:
        return self.starts_on.year

    @property
    def last_year(self) -> int:
        """The last year the report covers (this year, or the period's last once it has ended)."""
        return self.years[-1].year


_PERIOD = re.compile(r"^(\d{4})(?:\s*[-–—/]\s*(\d{4}))?$")


async def find_campaign(
    session: AsyncSession, org_id: int, today: date, asked: str | None = None
) -> Campaign:
    """The campaign a review report is written for. Asked for by its code ("vi-nguoi-ngheo-2021-2025"), its
    period ("2021-2025") or a year of it ("2023"); else the one running today, except through March, when the
    period that ended with the year just ended is still being reviewed (as /baocaonam, decision 0076).
    Raises PhaseError("no_campaign")."""
    campaign: Campaign | None
    if asked and asked.strip():
        words = fold(asked).strip()
        campaign = await session.scalar(
            select(Campaign).where(Campaign.org_id == org_id, func.lower(Campaign.slug) == words)
        )
        period = _PERIOD.match(words)
        if campaign is None and period is not None:
            first = int(period.group(1))
            campaign = await campaign_of_year(session, org_id, first)
            last = period.group(2)
            if campaign is not None and last is not None and campaign.ends_on.year != int(last):
                campaign = None  # "2021-2030": no period of the organisation's is that
    else:
        ended = await just_ended_campaign(session, org_id, today)
        if ended is not None and ended.ends_on.year < today.year:
            campaign = ended
        else:
            campaign = await active_campaign(session, org_id, today)
    if campaign is None:
        raise PhaseError("no_campaign")
    return campaign


def reviewed_years(campaign: Campaign, today: date) -> range:
    """The years a review of `campaign` written on `today` holds: from the period's first to this one (to its
    last, once it has ended). Through March they close with the year just ended, as /baocaonam's do: on 1/1
    the new year's column held one day (decision 0333); so in a period's first year none has closed before
    April, and a column of its first days is not a review (decision 1125). Raises PhaseError "not_started"
    before the period's first day (a plan launched on 1/6 is not reviewed in April, nor told in January to be
    written from 1/4: decision 1149), "first_months" then."""
    first, last = campaign.starts_on.year, min(today.year, campaign.ends_on.year)
    if today < campaign.starts_on:
        raise PhaseError("not_started")
    if last == today.year and today.month <= LAST_YEAR_UNTIL_MONTH:
        last -= 1
    if last < first:
        raise PhaseError("first_months")
    return range(first, last + 1)


def first_review_on(year: int) -> date:
    """The first day a review of a period begun in `year` holds a year: 1 April, the rule of March over."""
    return date(year, LAST_YEAR_UNTIL_MONTH + 1, 1)


async def phase_report(
    session: AsyncSession,
    org_id: int,
    campaign: Campaign,
    *,
    today: date,
    actor: Acting,
    unit_id: int | None = None,
) -> PhaseReport:
    """The review report of organisation `org_id` (or of its unit `unit_id`) for `campaign`'s period, as of
    `today`. Raises ReportError as the year's report does, PhaseError as `reviewed_years` does."""
    unit = await report_scope(session, org_id, actor, unit_id)
    years = [
        await year_report(session, org_id, year, today=today, actor=actor, unit_id=unit_id, hold=False)
        for year in reviewed_years(campaign, today)
    ]
    last = years[-1].year
    for year in years:  # what waits, as the year's paper drafted by the same reader says it (0625, 2463)
        if unit_id is not None:  # one or two people's gifts waiting, or confirmed, to its leader (2536, 2546)
            hold_few(actor, year, org_id, unit_id)
        await hold_waiting(session, actor, year, unit_id, today)
    organisation = await session.get_one(Organisation, org_id)
    now = years[-1]
    final = last >= campaign.ends_on.year
    review = await session.scalar(
        select(Milestone.title)
        .where(
            Milestone.campaign_id == campaign.id,
            Milestone.kind == ("final_review" if final else "mid_review"),
            func.extract("year", Milestone.on_date) == last,
        )
        .order_by(Milestone.on_date)
        .limit(1)
    )
    report = PhaseReport(
        organisation=organisation.name,
        unit=unit.name if unit is not None else None,
        campaign=campaign.title,
        campaign_code=campaign.slug,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        as_of=now.as_of,
        final=final,
        review=review,
        years=years,
        members=now.members,
        confirmed=_summed(year.confirmed for year in years),
        waiting=_summed(year.waiting for year in years),
        waiting_held=any(year.waiting_held for year in years),
        fund=_summed(year.fund for year in years),
        gifts=sum(year.gifts for year in years),
        reversals=sum(year.reversals for year in years),
        registered_people=sum(year.members.registered_people for year in years),
        registered_households=sum(year.members.registered_households for year in years),
        collective_commitments=sum(year.collective_commitments for year in years),
        criteria=_criteria(years),
        drives=_drives(years),
        outside_drives=_summed(year.outside_drives for year in years),
        outside_gifts=sum(year.outside_gifts for year in years),
        goods_unvalued=sum(year.goods_unvalued for year in years),
        donor_gifts=sum(year.donor_gifts for year in years),
        from_donors=_summed(year.from_donors for year in years),
        appeals=sum(year.appeals for year in years),
        appeal_recipients=sum(year.appeal_recipients for year in years),
        cases_supported=sum(year.cases_supported for year in years),
        support=_summed(year.support for year in years),
        handed_over=sum(year.handed_over for year in years),
        handovers=sum(year.handovers for year in years),
        proposals=_proposals(years),
        head_title=organisation.head_title,
        signs_for=organisation.signs_for,
        commune=now.commune,
    )
    if any(year.confirmed_held for year in years):  # the period less the years said is the held ones' (2662)
        hold_confirmed(report)
    with_initiatives = [year.initiatives.recorded for year in years if year.initiatives is not None]
    report.initiatives = sum(with_initiatives) if with_initiatives else None
    if unit is None:
        report.units, report.without_unit = _units(years)
    else:
        report.kind_givers = fewest_kinds(year.kind_givers for year in years)
    # The money of one or two people, held back as each year's report holds it (decision 0310): a unit's
    # period where it was so in any of its years (a year shown beside the total would give it back), a unit's
    # line of the organisation's where it was in any year, with the fewest givers next.
    in_any_year = {
        line.unit_id
        for year in years
        for line in [*year.units, *([year.without_unit] if year.without_unit is not None else [])]
        if held_back(org_id, line.unit_id, line.money_givers)
    }
    hold_money(
        report,
        org_id,
        unit_id,
        held=any(held_back(org_id, unit_id or 0, year.money_givers) for year in years),
        held_ids=in_any_year,
    )
    for year in years:
        hold_money(year, org_id, unit_id)
    # a drive one or two of the unit's people gave to in a year: no figure drive by drive (decision 0348)
    report.drives_held = not report.money_held and any(year.drives_held for year in years)
    return report


def fewest_kinds(years: Iterable[dict[str, int]]) -> dict[str, int]:
    """Givers kind by kind over years: of each kind, the fewest of a year it had any, so that a kind one or
    two gave to in one year is said with the other over the period too (decision 0378)."""
    fewest: dict[str, int] = {}
    for kinds in years:
        for kind, n in kinds.items():
            if n:
                fewest[kind] = min(fewest.get(kind, n), n)
    return fewest


def _summed(totals: Iterable[Totals]) -> Totals:
    summed = Totals()
    for each in totals:
        summed.add_all(each)
    return summed


def _criteria(years: list[YearReport]) -> list[CriterionLine]:
    """Each criterion once, in the plan's order, its registrations, targets and results of every year added
    up (a yes/no criterion's “done” counts once per owner and year)."""
    summed: dict[tuple[str, str, str], CriterionLine] = {}
    for year in years:
        for line in year.criteria:
            key = (line.title, line.measure, line.part)
            was = summed.get(key)
            summed[key] = (
                line
                if was is None
                else replace(
                    was,
                    registered=was.registered + line.registered,
                    total=was.total + line.total,
                    recorded=was.recorded + line.recorded,
                    recorded_unregistered=was.recorded_unregistered + line.recorded_unregistered,
                    held=was.held or line.held,  # a year shown held is held over the period (0314)
                )
            )
    return list(summed.values())


def _drives(years: list[YearReport]) -> list[DriveLine]:
    """Each drive of the period once (one that ran across the new year is in two years' reports), with what
    it received in all of them, in the order they started."""
    summed: dict[tuple[str, date, date], DriveLine] = {}
    for year in years:
        for drive in year.drives:
            key = (drive.title, drive.starts_on, drive.ends_on)
            was = summed.get(key)
            if was is None:
                summed[key] = replace(drive, confirmed=_summed([drive.confirmed]))
            else:
                was.confirmed.add_all(drive.confirmed)
                summed[key] = replace(was, gifts=was.gifts + drive.gifts)
    return sorted(summed.values(), key=lambda drive: drive.starts_on)


def _proposals(years: list[YearReport]) -> list[ProposalCount]:
    """The standing award proposals of the period's years, per award, added up."""
    summed: dict[str, ProposalCount] = {}
    for year in years:
        for line in year.proposals:
            was = summed.get(line.award)
            summed[line.award] = (
                line
                if was is None
                else ProposalCount(
                    line.award,
                    was.people + line.people,
                    was.households + line.households,
                    was.collectives + line.collectives,
                    was.awarded_people + line.awarded_people,
                    was.awarded_households + line.awarded_households,
                    was.awarded_collectives + line.awarded_collectives,
                    within=line.within,
                )
            )
    return list(summed.values())


def _units(years: list[YearReport]) -> tuple[list[UnitLine], UnitLine | None]:
    """Unit by unit: its people and households now (the last year's report), registered in the last year,
    and its confirmed gifts of the whole period; the people of no unit apart. Its givers: the most of any
    year (the same people give year after year), as few as the period surely had."""
    now = years[-1]
    units = {
        line.name: UnitLine(line.name, members=line.members, block=line.block, unit_id=line.unit_id)
        for line in now.units
    }
    without = now.without_unit
    apart = UnitLine(without.name, members=without.members) if without is not None else None
    for year in years:
        for line in year.units:
            summed = units.setdefault(line.name, UnitLine(line.name, block=line.block, unit_id=line.unit_id))
            summed.confirmed.add_all(line.confirmed)
            if line.money_givers >= summed.money_givers:  # who they are, of that year (decision 2326)
                summed.money_givers, summed.money_people = line.money_givers, line.money_people
            _fewest_of(summed, line)
        if year.without_unit is not None:
            if apart is None:
                apart = UnitLine(year.without_unit.name)
            apart.confirmed.add_all(year.without_unit.confirmed)
            if year.without_unit.money_givers >= apart.money_givers:
                apart.money_givers = year.without_unit.money_givers
                apart.money_people = year.without_unit.money_people
            _fewest_of(apart, year.without_unit)
    return list(units.values()), apart


def _fewest_of(summed: UnitLine, line: UnitLine) -> None:
    """A unit's givers kind by kind over the period, the fewest of a year (`fewest_kinds`), and who they were
    that year, so that one who gave a kind in two units of a pool is one giver of it (decision 2537)."""
    for kind, n in line.kind_givers.items():
        if n and n <= summed.kind_givers.get(kind, n):
            summed.kind_people[kind] = line.kind_people.get(kind, frozenset())
    summed.kind_givers = fewest_kinds([summed.kind_givers, line.kind_givers])
