"""Which campaign, year and drives a person acts in today, and what the organisation chose for that year
(its registration window, its suggested targets)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import (
    AwardForm,
    AwardProposal,
    Campaign,
    Commitment,
    Contribution,
    Criterion,
    Deadline,
    Drive,
    OrgWeek,
    RegistrationWindow,
    SuggestedTarget,
)
from bot.text import fold

# Built once, like the engine's statements: on SQLite, building a statement costs more than running it.
_STARTED_CAMPAIGNS = (
    select(Campaign)
    .where(Campaign.org_id == bindparam("org"), Campaign.starts_on <= bindparam("today"))
    .order_by(Campaign.starts_on.desc())
)


_KNOWN = "active_campaigns"  # session.info: {(org_id, today): Campaign | None}, read with something else


def active_campaign_of(org_id: Any, today: Any) -> Any:
    """The id of `active_campaign` as a scalar subquery, for a statement that reads it with other things (the
    engine reads the writer's campaign when it opens a turn): ongoing first, then the latest started."""
    candidate = aliased(Campaign)  # the outer statement may read `campaign` itself
    return (
        select(candidate.id)
        .where(candidate.org_id == org_id, candidate.starts_on <= today)
        .order_by((candidate.ends_on >= today).desc(), candidate.starts_on.desc())
        .limit(1)
        .scalar_subquery()
    )


def remember_active_campaign(
    session: AsyncSession, org_id: int, today: date, campaign: Campaign | None
) -> None:
    """What `active_campaign` will answer in this session for (org, today), read already by the caller."""
    session.info.setdefault(_KNOWN, {})[org_id, today] = campaign


async def active_campaign(session: AsyncSession, org_id: int, today: date) -> Campaign | None:
    """The campaign whose period contains today; else the latest that started (late reports happen)."""
    known = session.info.get(_KNOWN)
    if known is not None and (org_id, today) in known:
        return known[org_id, today]  # type: ignore[no-any-return]
    campaigns = (await session.execute(_STARTED_CAMPAIGNS, {"org": org_id, "today": today})).scalars().all()
    for campaign in campaigns:
        if campaign.ends_on >= today:
            return campaign
    return campaigns[0] if campaigns else None


def campaign_year(campaign: Campaign, today: date) -> int:
    return min(max(today.year, campaign.starts_on.year), campaign.ends_on.year)


# Through March the year just ended is still at work: late confirmations, its report upward, the awards
# council's decisions and those coming back from above (docs/decisions/0076, 0063).
LAST_YEAR_UNTIL_MONTH = 3


def first_year_at_work(today: date) -> int:
    """The earliest year still at work on `today`: the year just ended through March, else this year."""
    return today.year - 1 if today.month <= LAST_YEAR_UNTIL_MONTH else today.year


def gone_by_at_work(day: date, today: date) -> bool:
    """Whether `day` is gone by on `today` (or is today) and of a year still at work (`first_year_at_work`):
    what was handed out or worked that day may be logged; a day to come may not yet, and a day of a year whose
    figures were closed and reported would be counted in this year's (decisions 2100, 2180)."""
    return first_year_at_work(today) <= day.year and day <= today


async def just_ended_campaign(session: AsyncSession, org_id: int, today: date) -> Campaign | None:
    """Through March, the campaign the organisation ran on 31 December of the year just ended, whose year
    (`today.year - 1`) is still at work: /baocaonam without a year writes its report, the awards office
    records its decisions. None from April, when no campaign ran that year, or when the organisation kept
    nothing of that year here (`kept_anything_of`): a hospital starting on 4 January with the 2026–2030 plan
    has no 2026 of its own to report or award (docs/decisions/1078)."""
    if today.month > LAST_YEAR_UNTIL_MONTH:
        return None
    ended = today.year - 1
    campaign = await active_campaign(session, org_id, date(ended, 12, 31))
    if campaign is None or campaign.ends_on.year < ended:
        return None
    return campaign if await kept_anything_of(session, org_id, campaign.id, ended) else None


async def year_just_ended_without_a_plan(session: AsyncSession, org_id: int, today: date) -> bool:
    """Through March (the year just ended is at work until its report, decision 1218), no plan ran on its
    31 December, yet the organisation kept something of it here (a drive of December, its gifts): which
    year is meant is asked, never guessed either way, by /baocaonam and the shell's `report year` alike
    (decisions 1300, 1346)."""
    return today.month <= LAST_YEAR_UNTIL_MONTH and await kept_anything_of(
        session, org_id, None, today.year - 1
    )


async def kept_anything_of(session: AsyncSession, org_id: int, campaign_id: int | None, year: int) -> bool:
    """Whether the organisation kept anything of `year` here: a gift counted for it, a commitment of it, a
    drive that started in it, an award proposed for it, or its settings file loaded: asked as one statement
    of five EXISTS, not as five queries one after another. `campaign_id` None (no plan ran that year): its
    gifts, drives and settings alone, as commitments and awards are a plan's."""
    kept = [
        select(Contribution.id).where(Contribution.org_id == org_id, Contribution.year == year),
        select(Drive.id).where(
            Drive.org_id == org_id, Drive.starts_on >= date(year, 1, 1), Drive.starts_on <= date(year, 12, 31)
        ),
        select(OrgWeek.id).where(OrgWeek.org_id == org_id, OrgWeek.year == year),
    ]
    if campaign_id is not None:
        kept += [
            select(Commitment.id).where(Commitment.campaign_id == campaign_id, Commitment.year == year),
            select(AwardProposal.id)
            .join(AwardForm, AwardForm.id == AwardProposal.award_form_id)
            .where(AwardForm.campaign_id == campaign_id, AwardProposal.year == year),
        ]
    return bool(await session.scalar(select(or_(*(query.exists() for query in kept)))))


async def criteria_for(session: AsyncSession, campaign_id: int, scope: str) -> list[Criterion]:
    rows = (
        await session.execute(
            select(Criterion)
            .where(Criterion.campaign_id == campaign_id)
            .order_by(Criterion.position, Criterion.id)
        )
    ).scalars()
    return [c for c in rows if scope in (c.scopes or [])]


_STARTED_DRIVES = (
    select(Drive)
    .where(Drive.org_id == bindparam("org"), Drive.starts_on <= bindparam("today"), Drive.closed_at.is_(None))
    .order_by(Drive.ends_on)
)


LATE_GIFT_DAYS = 30  # an ended drive still takes gifts this long (people pay late)


async def open_drives(
    session: AsyncSession, org_id: int, today: date, *, unit_id: int | None = None, every_unit: bool = True
) -> list[Drive]:
    """Drives running today, soonest-ending first, then those that ended in the last 30 days (late gifts);
    closed drives never. Unless `every_unit`, only drives covering the unit `unit_id` (a person's)."""
    from bot.domain.drives import last_gift_day  # the one rule for a drive's last late day (decision 0583)

    drives = (await session.execute(_STARTED_DRIVES, {"org": org_id, "today": today})).scalars().all()
    if not every_unit:
        drives = [d for d in drives if d.unit_ids is None or unit_id in d.unit_ids]
    running = [d for d in drives if d.ends_on >= today]
    recent = [d for d in reversed(drives) if d.ends_on < today <= last_gift_day(d)]
    return running + recent


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


# What a drive's title may begin with that names no drive of its own (“Chương trình”, “Vận động”, “Ủng hộ”),
# and the words of the Fund's own name, which a transfer to the Fund outside the drives says too (0322).
_TITLE_LEADS = (
    "chuong trinh ",
    "cuoc van dong ",
    "dot van dong ",
    "van dong ",
    "phat dong ",
    "dot ",
    "ung ho ",
)
_FUND_NAME = frozenset({"ung", "ho", "quy", "vi", "nguoi", "ngheo"})


def _telling_words(title: str) -> list[str]:
    """A drive's title as a transfer's words say it (decision 0322): without its year (“năm 2026”, “12/2026”)
    and the words before it that name no drive (“Chương trình”, “Vận động”)."""
    said = re.sub(r"(\bnam )?\b20\d\d\b", " ", _words(title))
    said = " ".join(said.split()) + " "  # “Vận động năm 2026” is all leads: no telling word (0327)
    while lead := next((lead for lead in _TITLE_LEADS if said.startswith(lead)), None):
        said = said.removeprefix(lead)
    return said.split()


def _title_forms(title: str) -> set[str]:
    """The ways a transfer's words name a drive by its title (decision 0322): its telling words whole (two at
    least: “ho tro tet” for “Hỗ trợ Tết 2027”, “quy vi nguoi ngheo thang 12” for “Vận động Quỹ “Vì người
    nghèo” tháng 12/2026”), or their first three or more, as far as a word (not a number) the Fund's own name
    does not hold, and never stopping before a number (“ho tro tet” for “Chương trình Hỗ trợ Tết cho hộ
    nghèo”; “quy vi nguoi ngheo thang” is not “tháng 12”'s)."""
    words = _telling_words(title)
    forms = {" ".join(words)} if len(words) > 1 else set()
    for k in range(3, len(words)):
        if {word for word in words[:k] if not word.isdigit()} - _FUND_NAME and not words[k].isdigit():
            forms.add(" ".join(words[:k]))
            break
    return forms


def drive_named(words: str, drives: Sequence[Drive]) -> Drive | None:
    """The one drive of `drives` a transfer's words name (decision 0298): by its code, as people write it
    without the dashes and with or without its year (“ung ho ao am 2026”, “AO-AM ung ho” for “ao-am-2026”), or
    by its whole title (“UNG HO AO AM CHO EM 2026”), or by its title's telling words (`_title_forms`, 0322:
    “CT ho tro Tet”); None where none is named, or several are, but for one named by words that hold every
    other's (“ho tro tet cho hoc sinh” beside “ho tro tet”, two drives alike at their start: 0327)."""
    said = f" {_words(words)} "
    named: list[tuple[Drive, str]] = []
    for drive in drives:
        code = _words(drive.code).split()
        forms = {" ".join(code), _words(drive.title), *_title_forms(drive.title)}
        if len(code) > 2 and code[-1].isdigit():  # the code without its year, of two words at least
            forms.add(" ".join(code[:-1]))
        if found := [form for form in forms if form and f" {form} " in said]:
            named.append((drive, max(found, key=len)))
    widest = [drive for drive, form in named if all(f" {other} " in f" {form} " for _drive, other in named)]
    return widest[0] if len(widest) == 1 else None


def drive_said(words: str, drives: Sequence[Drive]) -> Drive | None:
    """The one drive of `drives` a giver's own words name (“ung ho tet 300k”): as a transfer's words name one
    (`drive_named`, decision 0298), or by Tết alone where exactly one drive's title says Tết, as a newcomer
    names the drive she heard of (decision 1341); None where none is named, or several are."""
    if (named := drive_named(words, drives)) is not None:
        return named
    if "tet" not in _words(words).split():
        return None
    tet = [drive for drive in drives if "tet" in _words(drive.title).split()]
    return tet[0] if len(tet) == 1 else None


async def registration_window(session: AsyncSession, org_id: int, year: int) -> RegistrationWindow | None:
    """The organisation's window for registering in `year`; None means registration is open all year."""
    return (await registration_windows(session, org_id, (year,))).get(year)


async def registration_windows(
    session: AsyncSession, org_id: int, years: Iterable[int]
) -> dict[int, RegistrationWindow]:
    """The organisation's windows for registering in each of `years` that has one, by year (one query)."""
    windows = await session.scalars(
        select(RegistrationWindow).where(
            RegistrationWindow.org_id == org_id, RegistrationWindow.year.in_(list(years))
        )
    )
    return {window.year: window for window in windows}


def registration_open(window: RegistrationWindow | None, today: date) -> bool:
    return window is None or window.opens_on <= today <= window.closes_on


async def registration_closed_on(session: AsyncSession, org_id: int, year: int, today: date) -> date | None:
    """The day `year`'s registration closed, where the organisation set a window and it closed before `today`,
    or, without one, the year's last day once it is over (open all year is the year's own: a plan's last
    year is not registered for in the January after it, docs/decisions/0677); None while it is open or before
    it opens."""
    window = await registration_window(session, org_id, year)
    closes = window.closes_on if window is not None else date(year, 12, 31)
    return closes if today > closes else None


# The year's last month: the units' award dossiers go up by 10 December and the organisation's by 15 December
# (the seed plans), so a registration made now counts for the few weeks left; it is said so (decision 1340).
LATE_REGISTRATION_DAYS = 31


@dataclass(frozen=True)
class YearClosing:
    """This year's registration in its last weeks: the day it closes and, where a campaign covers next year
    and its registration is not open yet, the day that one opens (its window's, or 1 January)."""

    closes_on: date
    next_opens_on: date | None


async def year_closing(session: AsyncSession, org_id: int, year: int, today: date) -> YearClosing | None:
    """`year`'s registration, written today, within LATE_REGISTRATION_DAYS of its close (the window's, or 31
    December: decision 1340); None for another year (an early one), before those weeks, or once it closed."""
    if year != today.year:
        return None
    window = await registration_window(session, org_id, year)
    closes = window.closes_on if window is not None else date(year, 12, 31)
    if not today <= closes < today + timedelta(days=LATE_REGISTRATION_DAYS):
        return None
    # open already (offered with the year's question), or no plan: None
    return YearClosing(closes, await next_year_opens(session, org_id, year, today))


async def next_year_opens(session: AsyncSession, org_id: int, year: int, today: date) -> date | None:
    """The day registration for the year after `year` opens, where that is still ahead of `today` and one of
    the organisation's plans covers that year: its window's first day, or 1 January (no window is open all
    year for the year it is, never early: docs/decisions/0077). Said in `year`'s last weeks (decision 1340)
    and once `year`'s window has closed before its end, so a registration closed on 20/12 says when the next
    one opens (decision 2152). None where it is open already or no plan covers it."""
    following = await registration_window(session, org_id, year + 1)
    opens = following.opens_on if following is not None else date(year + 1, 1, 1)
    if opens <= today or await campaign_covering(session, org_id, year + 1) is None:
        return None
    return opens


@dataclass(frozen=True)
class EarlyRegistration:
    """Next year's registration, opened before that year begins: the campaign covering it, and its window."""

    campaign: Campaign
    year: int
    window: RegistrationWindow


async def early_registration(session: AsyncSession, org_id: int, today: date) -> EarlyRegistration | None:
    """Next year's registration when the organisation opened it early (a 2027 window from 15/12/2026): the
    window must be set and open today (no window means "open all year" for the year it is, never an early
    one), and one of the organisation's campaigns must cover that year (docs/decisions/0077)."""
    year = today.year + 1
    window = await registration_window(session, org_id, year)
    if window is None or not registration_open(window, today):
        return None
    campaign = await campaign_covering(session, org_id, year)
    return None if campaign is None else EarlyRegistration(campaign, year, window)


async def campaign_covering(session: AsyncSession, org_id: int, year: int) -> Campaign | None:
    """The organisation's campaign whose period includes some of `year` (the latest started, if several)."""
    return await session.scalar(
        select(Campaign)
        .where(
            Campaign.org_id == org_id,
            Campaign.starts_on <= date(year, 12, 31),
            Campaign.ends_on >= date(year, 1, 1),
        )
        .order_by(Campaign.starts_on.desc())
        .limit(1)
    )


async def plan_opening(session: AsyncSession, org_id: int, year: int, today: date) -> date | None:
    """The day the plan covering `year` is launched, where it is loaded and starts after `today` (a plan from
    1/3/2027 read in January): a plan covers the year, as `check-year` says, and its campaign is not open
    until that day, as the screens say (decision 0801). None where no plan covers the year, or one covering
    it runs `today`. Of two plans loaded, the first to start: a plan running on 1/1 beside one launched on
    1/3 keeps the year open, and of plans launched on 1/3 and 1/6 the campaign opens on 1/3 (decision 0811).
    The checklist asks it of the year's first day (`year_setup.check_year`)."""
    starts = await session.scalar(
        select(func.min(Campaign.starts_on)).where(
            Campaign.org_id == org_id,
            Campaign.starts_on <= date(year, 12, 31),
            Campaign.ends_on >= max(today, date(year, 1, 1)),
        )
    )
    return starts if starts is not None and starts > today else None


async def may_register_for(session: AsyncSession, campaign: Campaign, year: int, today: date) -> bool:
    """The one rule for the year a registration is written for: the campaign's year today (as `/dangky`
    finds it: the campaign has started) while its window, if the organisation set one, is open, or a year of
    the campaign whose registration window the organisation set and opened (early, for next year:
    docs/decisions/0077). A registration left on a phone's screen in November and changed in December is
    refused as one begun then would be (docs/decisions/0549). A plan's last year is the campaign's year after
    it too (late reports), but registering for it ends with it, unless its window runs on (decision 0677)."""
    this_year = campaign.starts_on <= today and year == campaign_year(campaign, today) == today.year
    if not this_year and not campaign.starts_on.year <= year <= campaign.ends_on.year:
        return False
    window = await registration_window(session, campaign.org_id, year)
    if this_year:
        return registration_open(window, today)
    return window is not None and registration_open(window, today)


async def suggested_target(session: AsyncSession, criterion_id: int, year: int) -> int | None:
    """What the organisation suggests for a criterion this year, if it suggests anything."""
    return await session.scalar(
        select(SuggestedTarget.value).where(
            SuggestedTarget.criterion_id == criterion_id, SuggestedTarget.year == year
        )
    )


REPORT_PREFIX = "bao-cao"
AWARD_WORDS = "khen-thuong"  # in the code of a deadline for award dossiers (ho-so-khen-thuong-…)


def deadline_kind(code: str) -> str | None:
    """What a deadline asks for, from its code: "award" (a dossier of award proposals), "report", or None."""
    if AWARD_WORDS in code:
        return "award"
    if code.startswith(REPORT_PREFIX):
        return "report"
    return None


_YEAR_NAMED = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_YEARS_SPAN = re.compile(r"(?<!\d)20\d\d\s*[-–—]\s*20\d\d(?!\d)")  # a plan's “2026–2030”: no one year


def report_year(deadline: Deadline, ends_on: date) -> int:
    """The year a report due on `ends_on` is of: the one its code or title names, if it is that year or the
    one before (“bao-cao-ket-qua-nam-2026” due 8/1/2027 is 2026's; a plan's “2026–2030” names none); else a
    report due in January is the year just ended's, and any later one its own year's: the first quarter's,
    due 31/3, is of that year (decision 0552)."""
    for text in (deadline.code, deadline.title):
        named = [int(year) for year in _YEAR_NAMED.findall(_YEARS_SPAN.sub(" ", text or ""))]
        if mine := [year for year in named if ends_on.year - 1 <= year <= ends_on.year]:
            return mine[-1]
    return reported_year(ends_on)


def reported_year(on: date) -> int:
    """The year a report due `on` is of, where nothing names it: in January the year just ended's, else its
    own (decision 0552)."""
    return on.year - 1 if on.month == 1 else on.year


def beyond_plan(deadline: Deadline, on: date, campaign: Campaign) -> bool:
    """A yearly deadline of the plan due on `on` that is of a year after its period (the next plan not
    loaded): that year's campaign is not open, so the deadline is neither reminded nor listed as due. An award
    dossier is of the year it is due in (10/12/2027 of a plan ended with 2026, decision 0979); a report of the
    year it reports on (`report_year`: the six months' report due 15/6/2027 is 2027's, the year's report due
    8/1/2027 is 2026's, still due), as is any other yearly deadline (decision 1018): one of no kind due in
    January is the year just ended's too (a summary of the year under a code of its own words, “tong-ket-nam”,
    decision 1059), said rather than lost. The new plan sets that year's deadlines. A deadline set for a day
    stands."""
    if deadline.year is not None:
        return False
    of = on.year if deadline_kind(deadline.code) == "award" else report_year(deadline, on)
    return of > campaign.ends_on.year


async def next_plan(session: AsyncSession, campaign: Campaign) -> Campaign | None:
    """The plan loaded to follow `campaign`'s period (2026–2030 loaded in December 2025 beside 2021–2025),
    None while none is: read before its first day for its deadlines due just after it (`PlanTurn`)."""
    following = await campaign_covering(session, campaign.org_id, campaign.ends_on.year + 1)
    return following if following is not None and following.starts_on > campaign.ends_on else None


@dataclass(frozen=True)
class PlanTurn:
    """The turn of the plans (not the money's handover list, `collected.Handover`): two plans back to back,
    the next (`following`) loaded before its first day: whose deadline each day ahead is, read alike by the
    reminders and the digest (decision 1058)."""

    ended: Campaign
    following: Campaign
    ended_codes: frozenset[str]
    following_codes: frozenset[str]

    def says(self, deadline: Deadline, on: date) -> bool:
        """Whether `deadline`, of either plan, is said for its day `on`: from the next plan's first day a
        deadline both plans name is the next plan's, so the rows written in December are those it writes
        again from that day, not a second reminder; a deadline one plan alone names is that plan's, the ended
        plan's while not of a year after it (`beyond_plan`). Read while the ended plan still runs, so that the
        reminders seven days ahead (the registration forms due 5/1, reminded on 29/12) and the digest's days
        ahead are not lost between the two plans."""
        if deadline.campaign_id == self.ended.id:
            handed = on >= self.following.starts_on and deadline.code in self.following_codes
            return not handed and not beyond_plan(deadline, on, self.ended)
        return on >= self.following.starts_on

    def records(self, deadline: Deadline, on: date) -> bool:
        """Whether a report's reminders to record what one did are `deadline`'s: they read the commitments of
        the plan whose year it reports on, the ended plan's while of its period, whichever plan says it."""
        if deadline.campaign_id == self.ended.id:
            return not beyond_plan(deadline, on, self.ended)
        return on >= self.following.starts_on and (
            deadline.code not in self.ended_codes or beyond_plan(deadline, on, self.ended)
        )


async def next_turn(session: AsyncSession, campaign: Campaign) -> PlanTurn | None:
    """`campaign` and the plan loaded to follow its period (`next_plan`), None while none is."""
    following = await next_plan(session, campaign)
    return None if following is None else await _plan_turn(session, campaign, following)


async def taken_over(session: AsyncSession, campaign: Campaign, today: date) -> PlanTurn | None:
    """Through March, the plan that ran the year just ended (`just_ended_campaign`) and `campaign`, the next
    one, running: the ended plan's deadlines it alone names of its own period (the report of its last year due
    10/1) are still said, as they were before the next plan started (decision 1060). None otherwise, read
    without a statement where `campaign` already ran on 31 December (every night of the first quarter, for
    every organisation whose plan did not change at the new year)."""
    if today.month > LAST_YEAR_UNTIL_MONTH or campaign.starts_on <= date(today.year - 1, 12, 31):
        return None
    ended = await just_ended_campaign(session, campaign.org_id, today)
    return None if ended is None else await plan_turn(session, ended, campaign)


async def plan_turn(session: AsyncSession, ended: Campaign, following: Campaign) -> PlanTurn | None:
    """`ended` and `following`, the plan that took its place after its period (`taken_over`), as one
    `PlanTurn`; None where `following` began within `ended`'s period (then `ended` is not read beside it)."""
    if ended.id == following.id or following.starts_on <= ended.ends_on:
        return None
    return await _plan_turn(session, ended, following)


async def _plan_turn(session: AsyncSession, ended: Campaign, following: Campaign) -> PlanTurn:
    rows = await session.execute(
        select(Deadline.campaign_id, Deadline.code).where(Deadline.campaign_id.in_((ended.id, following.id)))
    )
    codes: dict[int, set[str]] = {ended.id: set(), following.id: set()}
    for campaign_id, code in rows:
        codes[campaign_id].add(code)
    return PlanTurn(ended, following, frozenset(codes[ended.id]), frozenset(codes[following.id]))


async def award_days(
    session: AsyncSession, campaign_id: int, year: int, *, audience: str | None = None
) -> list[date]:
    """The days in `year` that the campaign's award dossiers are due (units to their organisation before
    10/12, audience "leader"; the organisation upward before 15/12, "admin"), of `audience` only if given."""
    query = select(Deadline).where(Deadline.campaign_id == campaign_id)
    if audience is not None:
        query = query.where(Deadline.audience == audience)
    days = []
    for deadline in await session.scalars(query):
        if deadline_kind(deadline.code) != "award" or deadline.year not in (None, year):
            continue
        try:
            days.append(date(year, deadline.month, deadline.day))
        except ValueError:  # 29 February in a common year
            continue
    return days


async def next_dossier_day(session: AsyncSession, campaign_id: int, year: int, today: date) -> date | None:
    """The first day, from `today` on in `year`, that an award dossier of the campaign is due, or None when
    none is left that year."""
    return min((on for on in await award_days(session, campaign_id, year) if on >= today), default=None)


async def units_award_deadline(session: AsyncSession, campaign_id: int, year: int) -> date | None:
    """The day in `year` the units' award proposals are due to their organisation (a plan's or the
    organisation's own award deadline for the units' leaders, audience "leader": 10/12), the earliest if
    there are several; None when the campaign sets none. From the day after it, the office is compiling the
    dossier (docs/decisions/0115)."""
    return min(await award_days(session, campaign_id, year, audience="leader"), default=None)
