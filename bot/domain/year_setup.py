"""Whether the coming year is ready in the bot, and telling the office in December when it is not.

A plan covers a period; what the organisation chooses for each year (its suggested targets, its registration
window, its drives) is its settings file of that year (bot.domain.org_settings). When the plan's period has
ended, or nobody loaded next year's file, nothing went wrong that anyone would see before January, when
`/dangky` shows no suggestion and `/tiendo` has no campaign of the new year to read (docs/decisions/0677).
So, in the first half of December, on a working morning, the organisation's admins and officers of the whole
organisation (`access.may_prepare_year`) get one notice saying what the coming year lacks and what to do;
nothing when it lacks nothing; the same checklist is `chungtay org check-year` at the shell
(docs/decisions/0694–0696).

What is checked for the year (`YearCheck.lacks`):
- **plan**: a campaign of the organisation covers some of the year (`campaigns.campaign_covering`);
- **settings**: the year's settings file was loaded (it always writes the year's working week, `OrgWeek`); a
  file without `[registration]` is a choice (registration open all year), not a lack;
- **suggestion**: the loaded file suggests a target for some criterion of the plan covering the year;
- **tet_drive**: a drive with Tết in its title, closed or not (decision 1962), running at some time between
  1 December before and the year's Tết (from a lunar calendar, `lunar_vn`), whichever year's file holds it;
  one closed before its last day is said so, with `chungtay drive reopen` (decision 2063).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time

from lunar_vn import LunarDate, lunar_to_solar
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import LOCAL_TZ, local_date
from bot.config import PROJECT_ROOT, Settings
from bot.db.models import (
    Campaign,
    Criterion,
    Drive,
    Organisation,
    OrgWeek,
    OutboxMessage,
    Person,
    RoleAssignment,
    SuggestedTarget,
)
from bot.delivery.actions import notify
from bot.delivery.outbox import reach
from bot.delivery.transport import OutboundMessage
from bot.domain.access import YEAR_SETUP_ROLES, Actor, Grant, may_prepare_year
from bot.domain.campaigns import campaign_covering, plan_opening
from bot.domain.notices import quiet_until
from bot.domain.org_settings import days_off_of, holiday
from bot.i18n import Translator
from bot.text import fold

# The days of December the notice may go (a working morning of them): before the award dossiers are sent up
# (15/12) and the Tết drive opens, with time to load a file before the year turns.
NOTICE_DAYS = range(1, 16)
SATURDAY = 5
_TET = re.compile(r"\btet\b")


def tet_day(year: int) -> date:
    """The first day of the lunar year that begins in `year` (Tết Nguyên đán), in Vietnam's calendar."""
    return lunar_to_solar(LunarDate(1, 1, year))


SHIPPED_PLANS = PROJECT_ROOT / "campaigns"


@dataclass(frozen=True)
class ShippedPlan:
    """A plan file the bot ships (`campaigns/`): its path as the office types it, its slug and its period."""

    file: str
    slug: str
    starts: int
    ends: int


def shipped_plan(year: int, loaded: set[str]) -> ShippedPlan | None:
    """The plan file the bot ships covering `year` whose slug is not among those `loaded`: the next period's
    plan built from the seed plans (vi-nguoi-ngheo-2026-2030 after 2021–2025), which an office that lets its
    plan end need not write before loading (decision 1021). A file that cannot be read is passed over."""
    for path in sorted(SHIPPED_PLANS.glob("*.toml")):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        slug, starts, ends = raw.get("slug"), raw.get("starts_on"), raw.get("ends_on")
        if not (isinstance(slug, str) and isinstance(starts, date) and isinstance(ends, date)):
            continue
        if slug not in loaded and starts.year <= year <= ends.year:
            return ShippedPlan(f"{SHIPPED_PLANS.name}/{path.name}", slug, starts.year, ends.year)
    return None


@dataclass(frozen=True)
class YearCheck:
    """What the organisation has in the bot for `year`: the plan covering it, whether the year's settings
    file was loaded, whether it suggests a target, its Tết drive."""

    org: str
    year: int
    plan: Campaign | None
    settings_loaded: bool
    suggestion: bool
    tet_drive: Drive | None
    # the day the year's campaign opens where no plan runs on 1 January (`campaigns.plan_opening`, 0801)
    opens_on: date | None = None
    # where no plan covers the year, the plan the bot ships that does and the organisation never loaded
    shipped: ShippedPlan | None = None
    # whether a settings file of an earlier year was loaded: a new organisation has none to copy, and no
    # December before its first year to start a Tết drive in (decision 1030)
    earlier_settings: bool = True
    # the year's Tết is behind the day it was checked on: no drive is asked for it (decision 1900)
    tet_passed: bool = False
    # checked in the year itself, before its Tết (January, early February): its December is gone, so a Tết
    # drive lacking is to start from that day, not “in December” (decision 1962)
    late_from: date | None = None
    # the Tết drive closed before its last day, checked by then: counted as there (collected early), and said,
    # as it may have been closed by mistake (decision 2063)
    closed_early: bool = False

    @property
    def lacks(self) -> list[str]:
        """What is missing, in the order it is to be done (a settings file names a plan already loaded)."""
        missing = []
        if self.plan is None:
            missing.append("plan")
        if not self.settings_loaded:
            missing.append("settings")
        elif not self.suggestion:
            missing.append("suggestion")
        if self.tet_drive is None and not self.tet_passed:
            missing.append("tet_drive")
        return missing


async def check_year(
    session: AsyncSession, org: Organisation, year: int, today: date | None = None
) -> YearCheck:
    """What `year` has in the bot; checked on `today` (Vietnam's day), a Tết already past asks for no drive
    (the office runs `check-year` for this year in December; the December notice checks the year to come)."""
    plan = await campaign_covering(session, org.id, year)
    loaded = await session.scalar(select(OrgWeek.id).where(OrgWeek.org_id == org.id, OrgWeek.year == year))
    suggestion = plan is not None and (
        await session.scalar(
            select(SuggestedTarget.id)
            .join(Criterion, Criterion.id == SuggestedTarget.criterion_id)
            .where(Criterion.campaign_id == plan.id, SuggestedTarget.year == year)
            .limit(1)
        )
        is not None
    )
    # a Tết drive closed already, or ended (collected early in January), was there: it is not asked for
    # again (decision 1962); one of another Tết ends before the December before
    drives = await session.scalars(
        select(Drive)
        .where(
            Drive.org_id == org.id,
            Drive.starts_on <= tet_day(year),
            Drive.ends_on >= date(year - 1, 12, 1),
        )
        .order_by(Drive.starts_on)
    )
    tet = next((drive for drive in drives if _TET.search(fold(drive.title))), None)
    opens_on = await plan_opening(session, org.id, year, date(year, 1, 1))
    shipped = None
    if plan is None:
        slugs = set(await session.scalars(select(Campaign.slug).where(Campaign.org_id == org.id)))
        shipped = shipped_plan(year, slugs)
    earlier = await session.scalar(
        select(OrgWeek.id).where(OrgWeek.org_id == org.id, OrgWeek.year < year).limit(1)
    )
    return YearCheck(
        org.name,
        year,
        plan,
        loaded is not None,
        suggestion,
        tet,
        opens_on,
        shipped,
        earlier is not None,
        tet_passed=today is not None and tet_day(year) < today,
        late_from=today if today is not None and date(year, 1, 1) <= today <= tet_day(year) else None,
        closed_early=tet is not None
        and tet.closed_at is not None
        and local_date(tet.closed_at) < tet.ends_on
        and (today is None or today <= tet.ends_on),
    )


def checklist(locale: str, check: YearCheck) -> str:
    """The checklist in `locale`: what the year lacks, each with what to do, and where the guide says it step
    by step; or that it is ready. The notice and `chungtay org check-year` say the same."""
    t = Translator(locale)
    year = check.year
    # a plan launched later in the year (1/3) covers it, and its campaign is not open before: said so, as the
    # members' and leaders' screens say it until then (decision 0801); not where a plan runs on 1/1 (0811)
    opening = (
        [
            t(
                "The plan covering {year} starts on {day}: until then members and leaders read that the "
                "campaign of {year} is not open yet."
            ).format(year=year, day=t.date(check.opens_on))
        ]
        if check.opens_on is not None
        else []
    )
    # this year's Tết gone by without a drive of it: the Tết ahead is the next year's, checked as that year
    passed = (
        [
            t(
                "Tết {year} ({tet}) has passed: the Tết drive to prepare is that of Tết {next}, {check}."
            ).format(
                year=year,
                tet=t.date(tet_day(year)),
                next=year + 1,
                check=f"`chungtay org check-year --year {year + 1}`",
            )
        ]
        if check.tet_passed and check.tet_drive is None
        else []
    )
    # its Tết drive closed before its end: it counts, and the way back is said if that was a mistake (2063)
    closed = (
        [
            t(
                "The drive “{title}” was closed on {closed}, before its last day {ends}, so it takes no more "
                "gifts; if it was closed by mistake, open it again: {command}."
            ).format(
                title=check.tet_drive.title,
                closed=t.date(local_date(check.tet_drive.closed_at)),
                ends=t.date(check.tet_drive.ends_on),
                command=f"`chungtay drive reopen {check.tet_drive.code}`",
            )
        ]
        if check.closed_early and check.tet_drive is not None and check.tet_drive.closed_at is not None
        else []
    )
    if not check.lacks:  # ready; a Tết passed without a drive is said after, the next year's to prepare
        ready = (
            t(
                "The bot is ready for {year} at {org}: a plan covers it, its choices are loaded, with a "
                "suggested target."
            )
            if passed
            else t(
                "The bot is ready for {year} at {org}: a plan covers it, its choices are loaded, with a "
                "suggested target and a Tết drive."
            )
        )
        return "\n".join([ready.format(year=year, org=check.org), *opening, *passed, *closed])
    lines = [
        t("The bot is not ready for {year} at {org} yet:").format(year=year, org=check.org),
        *opening,
        *passed,
        *closed,
    ]
    for lack in check.lacks:
        if lack == "plan" and check.shipped is not None:
            said = t(
                "• No campaign plan covers {year}: load the next period's plan, your own or the one the bot "
                "ships for {period}, `chungtay campaign load {file}` (docs/campaign-plans.md, “Loading a "
                'plan”); the year\'s settings file then names it: campaign = "{slug}".'
            )
        elif lack == "plan":
            said = t(
                "• No campaign plan covers {year}: load the next period's plan, `chungtay campaign load "
                "campaigns/<plan>.toml` (docs/campaign-plans.md, “Loading a plan”)."
            )
        elif lack == "settings" and not check.earlier_settings:
            said = t(
                "• The choices for {year} are not loaded (suggested targets, registration window, drives): "
                "copy the example, `cp local-settings/demo-2026.toml local-settings/<file>-{year}.toml`, "
                "write year = {year} and your own drives and suggestions in it, and load it, `chungtay org "
                "settings load local-settings/<file>-{year}.toml` (docs/guide-admin.md, step 4)."
            )
        elif lack == "settings":
            said = t(
                "• The choices for {year} are not loaded (suggested targets, registration window, drives): "
                "copy last year's settings file, set year = {year} and load it, `chungtay org settings load "
                "local-settings/<file>-{year}.toml`."
            )
        elif lack == "suggestion":
            said = t(
                "• No suggested target for {year}: add [[suggested_targets]] to the settings file of {year} "
                "and load it again."
            )
        elif check.late_from is not None:  # its December gone: from the day it is checked (decision 1962)
            said = t(
                "• No Tết drive for Tết {year} ({tet}) yet: add it to [[drives]] of the settings file of "
                "{year}, starting on {today} or later, and load it again."
            )
        else:  # one starting in the December before goes in this year's file too (decision 1586)
            said = t(
                "• No Tết drive for Tết {year} ({tet}) yet: add it to [[drives]] of the settings file of "
                "{year} (it may start in December {previous}) and load it again."
            )
        shipped = check.shipped
        lines.append(
            said.format(
                year=year,
                previous=year - 1,
                tet=t.date(tet_day(year)),
                period=f"{shipped.starts}–{shipped.ends}" if shipped else "",
                file=shipped.file if shipped else "",
                slug=shipped.slug if shipped else "",
                today=t.date(check.late_from) if check.late_from else "",
            )
        )
    # The guide is written in English: its part is named by its link, then in the reader's words (1849).
    lines.append(t("Step by step: the admins' guide, docs/guide-admin.md#a-new-year, its part “A new year”."))
    return "\n".join(lines)


async def _office(session: AsyncSession, org_id: int) -> list[int]:
    """Who hears of a year not ready: whoever `may_prepare_year` of the organisation's people holding its
    roles org-wide, their roles and whether they left read in one query, not one person at a time."""
    rows = await session.execute(
        select(RoleAssignment.person_id, RoleAssignment.role, Person.left_on)
        .join(Person, Person.id == RoleAssignment.person_id)
        .where(
            RoleAssignment.org_id == org_id,
            Person.org_id == org_id,
            RoleAssignment.role.in_(YEAR_SETUP_ROLES),
            RoleAssignment.unit_id.is_(None),
        )
    )
    grants: dict[int, set[Grant]] = {}
    gone: dict[int, bool] = {}
    for person_id, role, left_on in rows:
        grants.setdefault(person_id, set()).add((role, None))
        gone[person_id] = left_on is not None
    return [
        person_id
        for person_id in sorted(grants)
        if may_prepare_year(
            Actor(person_id, org_id, None, frozenset(grants[person_id]), gone[person_id]), org_id
        )
    ]


async def tell_unready_year(session: AsyncSession, *, now: datetime, settings: Settings) -> int:
    """On a working day of 1–15 December (never a Saturday or Sunday, nor a holiday of the organisation's:
    `org_settings.holiday`), each organisation running a campaign whose coming year lacks something tells its
    office so, once a year: a notice per reader keyed by organisation, year and reader, due at REMINDER_HOUR
    (after the quiet hours), so a run again that day, the next day or after a restart writes nothing new; and,
    on any working day after, once what it lacked is loaded, that the year is ready (`_tell_ready_year`). A
    year already running that no plan covers (the period's plan ended, the next never loaded) is told on the
    first working day it is found, once (decision 0980); in December the coming year is told in its stead,
    whatever the day of the month (decision 1020). How many notices were written."""
    today = local_date(now)
    if today.weekday() >= SATURDAY or now.astimezone(LOCAL_TZ).hour >= settings.quiet_hours_start:
        return 0  # held past the night it could reach a Saturday: the next morning's run says it
    written = await _tell_ready_year(session, now=now, settings=settings)
    december = today.month == 12 and today.day in NOTICE_DAYS
    orgs = list(
        await session.scalars(
            select(Organisation)
            .where(Organisation.id.in_(select(Campaign.org_id).where(Campaign.starts_on <= today)))
            .order_by(Organisation.id)
        )
    )
    days_off = await days_off_of(session, [org.id for org in orgs])
    for org in orgs:
        if holiday(today, settings, days_off[org.id]):
            continue
        # a year running with no plan (the period's plan ended, the next not loaded): told once, on the first
        # working morning it is found, from January to November (decision 0980); in December the coming
        # year's notice is the one that leaves time before the year turns, and says the same plan lacks, any
        # working morning of the month (decision 1020)
        current = await check_year(session, org, today.year)
        if "plan" in current.lacks and today.month < 12:
            office = await _office(session, org.id)
            written += await _tell(session, NOTICE_KEY, current, org, office, now, settings)
            continue
        if not december and "plan" not in current.lacks:
            continue
        check = await check_year(session, org, today.year + 1)
        if check.lacks:
            written += await _tell(
                session, NOTICE_KEY, check, org, await _office(session, org.id), now, settings
            )
    return written


NOTICE_KEY = "notice:year_setup"
READY_KEY = "notice:year_ready"


async def _tell_ready_year(session: AsyncSession, *, now: datetime, settings: Settings) -> int:
    """Who heard in December what a year lacked hears once, on a working morning after, that it is ready: the
    office loads the plan or the file at the shell, and an officer of the whole organisation who got the same
    notice would not learn it otherwise (docs/decisions/0735). Of this year and the coming one only (the
    January after a plan's end too); nothing while anything still lacks; never one who no longer prepares the
    year. How many notices were written."""
    today = local_date(now)
    told: dict[tuple[int, int], set[int]] = {}
    ready: set[tuple[int, int, int]] = set()  # told it is ready already: not checked again for them
    for key in await session.scalars(
        select(OutboxMessage.key).where(
            or_(OutboxMessage.key.like(f"{NOTICE_KEY}:%"), OutboxMessage.key.like(f"{READY_KEY}:%"))
        )
    ):
        org_id, year, person_id = (int(part) for part in key.rsplit(":", 3)[1:])
        if year not in (today.year, today.year + 1):
            continue
        if key.startswith(f"{READY_KEY}:"):
            ready.add((org_id, year, person_id))
        else:
            told.setdefault((org_id, year), set()).add(person_id)
    waiting = {
        (org_id, year): heard
        for (org_id, year), told_of in sorted(told.items())
        if (heard := {p for p in told_of if (org_id, year, p) not in ready})
    }
    days_off = await days_off_of(session, sorted({org_id for org_id, _year in waiting}))
    written = 0
    for (org_id, year), heard in waiting.items():
        if holiday(today, settings, days_off[org_id]):
            continue
        org = await session.get_one(Organisation, org_id)
        check = await check_year(session, org, year)
        if not check.lacks:
            readers = [p for p in await _office(session, org_id) if p in heard]
            written += await _tell(session, READY_KEY, check, org, readers, now, settings)
    return written


async def _tell(
    session: AsyncSession,
    kind: str,
    check: YearCheck,
    org: Organisation,
    readers: list[int],
    now: datetime,
    settings: Settings,
) -> int:
    """The checklist to each reader who can be reached, once (keyed by `kind`, organisation, year and
    reader), due at REMINDER_HOUR of today or at once if later, after the quiet hours."""
    due = max(now, datetime.combine(local_date(now), time(settings.reminder_hour), LOCAL_TZ))
    written = 0
    for person_id in readers:
        if await reach(session, person_id) is None:
            continue
        written += (
            await notify(
                session,
                key=f"{kind}:{org.id}:{check.year}:{person_id}",
                person_id=person_id,
                render=lambda locale, check=check: OutboundMessage(text=checklist(locale, check)),
                now=now,
                not_before=quiet_until(due, settings),
                default_locale=settings.default_locale,
            )
            is not None
        )
    return written
