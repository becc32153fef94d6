"""An organisation's local choices for one year, from its own settings file (TOML), apart from the plan.

A plan states facts (periods, criteria, award dossiers). What the organisation's mobilisation board (Ban vận
động) decides for itself every year is not in any plan: its drives and their dates, Fund or not, targets and
suggested levels; the suggested target for a criterion; when registration is open; its own extra deadlines
(an internal report date); its own days off (holidays, e.g. Tết), on which no reminder goes out. Those live
here, one file per organisation and year, loaded with
`chungtay org settings load FILE`. Loading the same file twice changes nothing; the year's registration
window, suggested targets, local deadlines and holidays are synced exactly to the file, while drives that
left it are kept (contributions may refer to them). See docs/campaign-plans.md, "Local choices".
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    CONTRIBUTION_KINDS,
    ROLES,
    Campaign,
    Criterion,
    Deadline,
    Drive,
    Organisation,
    OrgHoliday,
    RegistrationWindow,
    SuggestedTarget,
)
from bot.domain.rows import Tally, assign, rows_of, upsert
from bot.domain.tomlcheck import (
    FIRST_YEAR,
    LAST_YEAR,
    Checker,
    FileProblems,
    Lines,
    Problem,
    join,
    number,
    one_of,
    read_toml,
    show,
)

log = logging.getLogger(__name__)

DRIVE_CODE_MAX = 80  # drive.code
MONEY_TARGET_MAX = 10_000_000_000  # đồng a person or unit pledges: the bot's default MONEY_CAP
COUNT_TARGET_MAX = 1_000_000  # labour days or a count pledged: as much as the chat accepts
DRIVE_TARGET_MAX = 1_000_000_000_000_000  # đồng raised by a whole organisation; far inside BIGINT
HOLIDAY_DAYS_MAX = 31  # one holiday's run of days: Tết is about ten; more is surely a typo
_TARGET_MAX = {"money": MONEY_TARGET_MAX, "labour_days": COUNT_TARGET_MAX, "count": COUNT_TARGET_MAX}


@dataclass(frozen=True)
class LocalDrive:
    """A drive the organisation runs: its dates, what it collects, whether it raises money for the Fund."""

    code: str
    title: str
    starts_on: date
    ends_on: date
    kinds: tuple[str, ...]
    fund: bool
    target_vnd: int | None
    suggested_level: str | None


@dataclass(frozen=True)
class LocalDeadline:
    """An extra deadline of the organisation's own, on one date (e.g. units report to the office by 30/11)."""

    code: str
    title: str
    on: date
    audience: str


@dataclass(frozen=True)
class LocalHoliday:
    """A day, or a run of days (starts_on to ends_on, both included), the organisation does not work."""

    starts_on: date
    ends_on: date
    title: str | None


@dataclass(frozen=True)
class OrgSettings:
    """The year's local choices as read from the file; `lines` finds a key path's line for later errors."""

    file: str
    campaign: str
    year: int
    registration: tuple[date, date] | None
    suggested_targets: tuple[tuple[str, int], ...]
    drives: tuple[LocalDrive, ...]
    deadlines: tuple[LocalDeadline, ...]
    lines: Lines
    holidays: tuple[LocalHoliday, ...] = ()


class SettingsError(FileProblems):
    """A settings file that cannot be loaded or applied; lists every problem found, one per line."""


@dataclass(frozen=True)
class SettingsReport:
    """What applying the settings did, for the person who loaded them."""

    registration: tuple[date, date] | None
    drives: Tally
    suggested_targets: Tally
    deadlines: Tally
    holidays: Tally = (0, 0, [])


# ---------------------------------------------------------------------------------------------------------
# Reading


def load_settings_file(path: Path) -> OrgSettings:
    """Read and check a settings file; raises SettingsError listing every problem (file, line, key path)."""
    path = Path(path)
    text, raw = read_toml(path, SettingsError)
    c = Checker(str(path), text)
    sections = ("registration", "suggested_targets", "drives", "deadlines", "holidays")
    c.keys(raw, "", ("campaign", "year"), sections)
    campaign = c.code(raw, "", "campaign", max_len=80)
    year = c.integer(raw, "", "year", minimum=FIRST_YEAR, maximum=LAST_YEAR)
    registration = _check_registration(c, raw, year)
    targets = _check_targets(c, raw)
    drives = _check_drives(c, raw, year)
    deadlines = _check_deadlines(c, raw, year)
    holidays = _check_holidays(c, raw, year)
    if c.problems:
        raise SettingsError(c.problems)
    return OrgSettings(str(path), campaign, year, registration, targets, drives, deadlines, c.lines, holidays)


def _in_year(c: Checker, path: str, key: str, on: date | None, year: int | None, *, late: int = 0) -> None:
    """A date of the year's settings falls in that year (or, with `late`, up to `late` years after)."""
    if on is not None and year is not None and not year <= on.year <= year + late:
        years = str(year) if not late else f"{year}–{year + late}"
        c.problem(join(path, key), f"{show(on)} is not in {years}, the year these settings are for")


def _check_registration(c: Checker, raw: Mapping[str, Any], year: int | None) -> tuple[date, date] | None:
    """The registration window: both days, in order; it may open late in the year before."""
    if "registration" not in raw:
        return None
    item = raw["registration"]
    if not isinstance(item, dict):
        c.problem("registration", "must be a [registration] table with opens_on and closes_on")
        return None
    before = len(c.problems)
    c.keys(item, "registration", ("opens_on", "closes_on"), ())
    opens_on = c.day(item, "registration", "opens_on")
    closes_on = c.day(item, "registration", "closes_on")
    if year is not None and opens_on is not None and not year - 1 <= opens_on.year <= year:
        c.problem("registration.opens_on", f"{show(opens_on)} is not in {year} (nor late in {year - 1})")
    _in_year(c, "registration", "closes_on", closes_on, year)
    if opens_on is not None and closes_on is not None and closes_on < opens_on:
        c.problem("registration.closes_on", f"{show(closes_on)} is before opens_on ({show(opens_on)})")
    return (opens_on, closes_on) if len(c.problems) == before else None


def _check_targets(c: Checker, raw: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
    result, codes = [], []
    for path, item in c.tables(raw, "suggested_targets"):
        before = len(c.problems)
        c.keys(item, path, ("criterion", "value"), ())
        code = c.code(item, path, "criterion")
        codes.append((path, code))
        value = c.integer(item, path, "value", minimum=1, maximum=MONEY_TARGET_MAX)
        if len(c.problems) == before:
            result.append((code, value))
    c.unique(codes, "criterion")
    return tuple(result)


def _check_drives(c: Checker, raw: Mapping[str, Any], year: int | None) -> tuple[LocalDrive, ...]:
    result, codes = [], []
    for path, item in c.tables(raw, "drives"):
        before = len(c.problems)
        c.keys(
            item,
            path,
            ("code", "title", "starts_on", "ends_on", "kinds", "fund"),
            ("target_vnd", "suggested_level"),
        )
        code = c.code(item, path, max_len=DRIVE_CODE_MAX)
        codes.append((path, code))
        title = c.text(item, path, "title")
        starts_on = c.day(item, path, "starts_on")
        ends_on = c.day(item, path, "ends_on")
        _in_year(c, path, "starts_on", starts_on, year)
        if starts_on is not None and ends_on is not None and ends_on < starts_on:
            c.problem(join(path, "ends_on"), f"{show(ends_on)} is before starts_on ({show(starts_on)})")
        else:
            _in_year(c, path, "ends_on", ends_on, year, late=1)
        kinds = c.choices(item, path, "kinds", CONTRIBUTION_KINDS)
        if kinds == ():
            c.problem(join(path, "kinds"), f"must name at least one of {one_of(CONTRIBUTION_KINDS)}")
        fund = c.boolean(item, path, "fund")
        target_vnd = c.integer(item, path, "target_vnd", minimum=0, maximum=DRIVE_TARGET_MAX, unit=" đồng")
        suggested_level = c.text(item, path, "suggested_level")
        if len(c.problems) == before:
            result.append(
                LocalDrive(code, title, starts_on, ends_on, kinds, fund, target_vnd, suggested_level)
            )
    c.unique(codes)
    return tuple(result)


def _check_deadlines(c: Checker, raw: Mapping[str, Any], year: int | None) -> tuple[LocalDeadline, ...]:
    result, codes = [], []
    for path, item in c.tables(raw, "deadlines"):
        before = len(c.problems)
        c.keys(item, path, ("code", "title", "date", "audience"), ())
        code = c.code(item, path)
        codes.append((path, code))
        title = c.text(item, path, "title")
        on = c.day(item, path, "date")
        _in_year(c, path, "date", on, year)
        audience = c.choice(item, path, "audience", ROLES)
        if len(c.problems) == before:
            result.append(LocalDeadline(code, title, on, audience))
    c.unique(codes)
    return tuple(result)


def _check_holidays(c: Checker, raw: Mapping[str, Any], year: int | None) -> tuple[LocalHoliday, ...]:
    """Days off: `date` for one day, or `starts_on` and `ends_on` for a run (Tết may run into the next
    year); an optional `title`. At most HOLIDAY_DAYS_MAX days in one run; the same days not twice."""
    result, seen = [], []
    for path, item in c.tables(raw, "holidays"):
        before = len(c.problems)
        c.keys(item, path, (), ("date", "starts_on", "ends_on", "title"))
        title = c.text(item, path, "title")
        if "date" in item:
            if "starts_on" in item or "ends_on" in item:
                why = "use date for one day, or starts_on and ends_on for a run of days, not both"
                c.problem(join(path, "date"), why)
            on = c.day(item, path, "date")
            _in_year(c, path, "date", on, year)
            starts_on = ends_on = on
        elif "starts_on" in item or "ends_on" in item:
            for key in ("starts_on", "ends_on"):
                if key not in item:
                    c.problem(join(path, key), "required key is missing (a run of days has both ends)")
            starts_on = c.day(item, path, "starts_on")
            ends_on = c.day(item, path, "ends_on")
            _in_year(c, path, "starts_on", starts_on, year)
            if starts_on is not None and ends_on is not None:
                if ends_on < starts_on:
                    why = f"{show(ends_on)} is before starts_on ({show(starts_on)})"
                    c.problem(join(path, "ends_on"), why)
                elif (ends_on - starts_on).days + 1 > HOLIDAY_DAYS_MAX:
                    c.problem(
                        join(path, "ends_on"),
                        f"{(ends_on - starts_on).days + 1} days off in one run; at most {HOLIDAY_DAYS_MAX}",
                    )
        else:
            c.problem(join(path, "date"), "required key is missing: date, or starts_on and ends_on")
            continue
        if len(c.problems) == before:
            key = f"{starts_on.isoformat()}–{ends_on.isoformat()}"
            seen.append((path, key))
            result.append(LocalHoliday(starts_on, ends_on, title))
    c.unique(seen, "date")
    return tuple(result)


# ---------------------------------------------------------------------------------------------------------
# Applying


async def apply_settings(session: AsyncSession, org: Organisation, settings: OrgSettings) -> SettingsReport:
    """Install the year's local choices for `org`; the caller commits. Raises SettingsError, before changing
    anything, when the file names a campaign, year or criterion the organisation does not have."""
    campaign, criteria = await _refuse_unknowns(session, org, settings)
    year = settings.year

    window = await session.scalar(
        select(RegistrationWindow).where(RegistrationWindow.org_id == org.id, RegistrationWindow.year == year)
    )
    if settings.registration is None:
        if window is not None:
            await session.delete(window)  # no window: registration is open all year
    else:
        opens_on, closes_on = settings.registration
        if window is None:
            session.add(RegistrationWindow(org_id=org.id, year=year, opens_on=opens_on, closes_on=closes_on))
        else:
            assign(window, {"opens_on": opens_on, "closes_on": closes_on})

    targets = await _sync_targets(session, criteria, settings)
    wanted = [d.code for d in settings.drives]
    drives = upsert(
        session,
        await rows_of(session, Drive, Drive.org_id == org.id, Drive.code.in_(wanted)),
        [
            (
                d.code,
                {
                    "campaign_id": campaign.id,
                    "title": d.title,
                    "starts_on": d.starts_on,
                    "ends_on": d.ends_on,
                    "kinds": list(d.kinds),
                    "fund": d.fund,
                    "target_vnd": d.target_vnd,
                    "suggested_level": d.suggested_level,
                },
            )
            for d in settings.drives
        ],
        lambda code, v: Drive(org_id=org.id, code=code, **v),
    )
    # Drives of the year that the file no longer has stay (contributions may refer to them): say which.
    others = await session.scalars(
        select(Drive.code).where(
            Drive.org_id == org.id,
            Drive.starts_on >= date(year, 1, 1),
            Drive.starts_on <= date(year, 12, 31),
            Drive.code.not_in(wanted),
        )
    )
    drives = (drives[0], drives[1], sorted(others.all()))
    deadlines = upsert(
        session,
        await rows_of(
            session,
            Deadline,
            Deadline.campaign_id == campaign.id,
            Deadline.local.is_(True),
            Deadline.year == year,
        ),
        [
            (
                d.code,
                {
                    "title": d.title,
                    "month": d.on.month,
                    "day": d.on.day,
                    "year": d.on.year,
                    "audience": d.audience,
                },
            )
            for d in settings.deadlines
        ],
        lambda code, v: Deadline(campaign_id=campaign.id, code=code, local=True, **v),
    )
    if deadlines[2]:
        await session.execute(
            delete(Deadline).where(
                Deadline.campaign_id == campaign.id,
                Deadline.local.is_(True),
                Deadline.year == year,
                Deadline.code.in_(deadlines[2]),
            )
        )
    holidays = await _sync_holidays(session, org, settings)
    await session.flush()
    log.info(
        "settings of %s for %d: drives %d added, %d updated; suggested targets %d added, %d updated, "
        "%d removed; local deadlines %d added, %d updated, %d removed; holidays %d added, %d updated, "
        "%d removed",
        org.code,
        year,
        drives[0],
        drives[1],
        targets[0],
        targets[1],
        len(targets[2]),
        deadlines[0],
        deadlines[1],
        len(deadlines[2]),
        holidays[0],
        holidays[1],
        len(holidays[2]),
    )
    return SettingsReport(settings.registration, drives, targets, deadlines, holidays)


async def _sync_holidays(session: AsyncSession, org: Organisation, settings: OrgSettings) -> Tally:
    """The year's holidays become exactly the file's, matched on their days (a title may change)."""
    rows = await rows_of(session, OrgHoliday, OrgHoliday.org_id == org.id, OrgHoliday.year == settings.year)
    wanted = {(h.starts_on, h.ends_on): h.title for h in settings.holidays}
    inserted = updated = 0
    removed = []
    for row in rows:
        days = (row.starts_on, row.ends_on)
        if days in wanted:
            updated += assign(row, {"title": wanted.pop(days)})
        else:
            removed.append(_days(*days))
            await session.delete(row)
    for (starts_on, ends_on), title in wanted.items():
        session.add(
            OrgHoliday(org_id=org.id, year=settings.year, starts_on=starts_on, ends_on=ends_on, title=title)
        )
        inserted += 1
    return inserted, updated, sorted(removed)


def _days(starts_on: date, ends_on: date) -> str:
    return starts_on.isoformat() if starts_on == ends_on else f"{starts_on.isoformat()}–{ends_on.isoformat()}"


async def holidays_of(session: AsyncSession, org_ids: list[int] | None = None) -> dict[int, frozenset[date]]:
    """Each organisation's own days off (all years), as a set of dates: `org_ids`, or every organisation."""
    query = select(OrgHoliday.org_id, OrgHoliday.starts_on, OrgHoliday.ends_on)
    if org_ids is not None:
        query = query.where(OrgHoliday.org_id.in_(org_ids))
    days: dict[int, set[date]] = {}
    for org_id, starts_on, ends_on in await session.execute(query):
        mine = days.setdefault(org_id, set())
        mine.update(starts_on + timedelta(days=n) for n in range((ends_on - starts_on).days + 1))
    return {org_id: frozenset(found) for org_id, found in days.items()}


async def _refuse_unknowns(
    session: AsyncSession, org: Organisation, settings: OrgSettings
) -> tuple[Campaign, dict[str, Criterion]]:
    """The campaign must be loaded, the year in its period, the criteria its own, the values in range."""

    def problem(path: str, message: str) -> Problem:
        return Problem(settings.file, settings.lines.line(path), path, message)

    campaign = await session.scalar(
        select(Campaign).where(Campaign.org_id == org.id, Campaign.slug == settings.campaign)
    )
    if campaign is None:
        raise SettingsError(
            [
                problem(
                    "campaign",
                    f"{show(settings.campaign)} is not loaded into {org.code}: load its plan first "
                    "(chungtay campaign load FILE)",
                )
            ]
        )
    problems = []
    if not campaign.starts_on.year <= settings.year <= campaign.ends_on.year:
        problems.append(
            problem(
                "year",
                f"{settings.year} is outside the campaign's period "
                f"{campaign.starts_on.year}–{campaign.ends_on.year}",
            )
        )
    criteria = {k.code: k for k in await rows_of(session, Criterion, Criterion.campaign_id == campaign.id)}
    for i, (code, value) in enumerate(settings.suggested_targets, start=1):
        path = f"suggested_targets[{i}]"
        criterion = criteria.get(code)
        if criterion is None:
            problems.append(
                problem(
                    join(path, "criterion"),
                    f"{show(code)} is not a criterion of {campaign.slug}; "
                    f"its criteria: {one_of(list(criteria))}",
                )
            )
        elif criterion.measure == "yes_no":
            why = f"{show(code)} is done or not: it has no target"
            problems.append(problem(join(path, "criterion"), why))
        elif value > _TARGET_MAX[criterion.measure]:
            unit = " đồng" if criterion.measure == "money" else ""
            problems.append(
                problem(
                    join(path, "value"),
                    f"{number(value)} is outside the allowed range 1 – "
                    f"{number(_TARGET_MAX[criterion.measure])}{unit} for {show(code)}",
                )
            )
    if problems:
        raise SettingsError(problems)
    return campaign, criteria


async def _sync_targets(
    session: AsyncSession, criteria: dict[str, Criterion], settings: OrgSettings
) -> Tally:
    wanted = {criteria[code].id: value for code, value in settings.suggested_targets}
    rows = await rows_of(
        session,
        SuggestedTarget,
        SuggestedTarget.criterion_id.in_([k.id for k in criteria.values()]),
        SuggestedTarget.year == settings.year,
    )
    inserted = updated = 0
    removed = []
    code_of = {k.id: k.code for k in criteria.values()}
    for row in rows:
        if row.criterion_id in wanted:
            updated += assign(row, {"value": wanted.pop(row.criterion_id)})
        else:
            removed.append(code_of[row.criterion_id])
            await session.delete(row)
    for criterion_id, value in wanted.items():
        session.add(SuggestedTarget(criterion_id=criterion_id, year=settings.year, value=value))
        inserted += 1
    return inserted, updated, sorted(removed)
