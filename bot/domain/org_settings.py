"""An organisation's local choices for one year, from its own settings file (TOML), apart from the plan.

A plan states facts (periods, criteria, award dossiers). What the organisation's mobilisation board (Ban vận
động) decides for itself every year is not in any plan: its drives and their dates, Fund or not, targets and
suggested levels; the suggested target for a criterion; when registration is open; its own extra deadlines
(an internal report date); its own days off (holidays, e.g. Tết), on which no reminder goes out, and whether
it works on Saturdays (`[working_week]`; Sundays, and Saturdays unless it says so, are days off for
reminders, docs/decisions/0234), and the Saturdays or Sundays it works in lieu (`[[working_days]]`, làm bù,
docs/decisions/0246). Those live
here, one file per organisation and year, loaded with
`chungtay org settings load FILE`. Loading the same file twice changes nothing; the year's registration
window, suggested targets, local deadlines, holidays, working Saturdays, weekend days worked and award choices
are synced exactly to the file, while drives that left it are kept (contributions may refer to them), and so
is a form of its own that has proposals. A drive's dates and target changed in the chat or at the shell after
the file was loaded are kept by a reload of it, and said, unless the file changed that value since
(docs/decisions/0127).
Its award forms (`[awards]`: the plan's it does not use, forms of its own) are docs/decisions/0073. See
docs/campaign-plans.md, "Local choices".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import system_clock
from bot.config import Settings
from bot.db.models import (
    CONTRIBUTION_KINDS,
    ROLES,
    AuditLog,
    AwardForm,
    AwardFormUse,
    AwardProposal,
    Campaign,
    Criterion,
    Deadline,
    Drive,
    Organisation,
    OrgHoliday,
    OrgWeek,
    OrgWorkingDay,
    RegistrationWindow,
    SuggestedTarget,
)
from bot.domain.audit import audit
from bot.domain.public_holidays import is_public_holiday, is_weekend_worked
from bot.domain.report_day import is_report_day
from bot.domain.rows import Tally, assign, rows_of, upsert
from bot.domain.shell import command, org_to_name
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
    problem,
    read_toml,
    show,
    t,
)
from bot.i18n import Translator

log = logging.getLogger(__name__)
ENGLISH = Translator("en")  # the demo and the domain's tests read the file's problems in English

PLAN_NOT_SETTINGS = t(
    "this is a campaign plan (it names the campaign's `slug`), not an organisation's settings file: load it "
    "with `chungtay campaign load FILE`; the settings file is your copy of local-settings/demo-2026.toml, "
    'beginning campaign = "{slug}" and the year it is for (year = 2027)'
)
DRIVE_CODE_MAX = 80  # drive.code
MONEY_TARGET_MAX = 10_000_000_000  # đồng a person or unit pledges: the bot's default MONEY_CAP
COUNT_TARGET_MAX = 1_000_000  # labour days or a count pledged: as much as the chat accepts
DRIVE_TARGET_MAX = 1_000_000_000_000_000  # đồng raised by a whole organisation; far inside BIGINT
AWARD_LEVELS = ("yearly", "ad_hoc")  # an own form is proposed every year, as the plan's yearly and ad hoc are
DESCRIPTION_MAX = 1000  # award_form.description
COPIES_MAX = 20  # as a plan's award form
# An own form's dossier when its file lists none: the documents every award's dossier has, all three of which
# the bot drafts (the letter with its list, the council's minutes, the achievement report).
OWN_DOSSIER = (
    "Tờ trình đề nghị khen thưởng (kèm danh sách)",
    "Biên bản họp Hội đồng Thi đua – Khen thưởng",
    "Báo cáo thành tích theo mẫu quy định hiện hành",
)
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
class LocalWorkingDay:
    """A Saturday or Sunday the organisation works in lieu of a day off (làm bù), e.g. for a longer Tết."""

    on: date
    title: str | None


@dataclass(frozen=True)
class LocalAwardForm:
    """An award form of the organisation's own (`[[awards.forms]]`): a commune's chairman's Giấy khen."""

    code: str
    title: str
    conferred_by: str
    level: str  # "yearly" or "ad_hoc": the form's occasion
    within: bool  # the organisation's own head confers it
    description: str | None
    dossier: tuple[str, ...]
    copies: int


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
    not_used: tuple[str, ...] = ()  # codes of the plan's award forms the organisation never proposes for
    award_forms: tuple[LocalAwardForm, ...] = ()
    saturday: bool = False  # `[working_week] saturday = true`: the organisation works on Saturdays
    working_days: tuple[LocalWorkingDay, ...] = ()  # `[[working_days]]`: weekend days worked in lieu (làm bù)
    # codes of the plan's award forms offered though not by default (a department director's in a commune)
    used: tuple[str, ...] = ()


class SettingsError(FileProblems):
    """A settings file that cannot be loaded or applied; lists every problem found, one per line."""


@dataclass(frozen=True)
class Kept:
    """A drive's fields changed in the chat or at the shell after its file was loaded, which a reload of the
    unchanged file keeps (docs/decisions/0127): (field, the value kept), field one of DRIVE_FIELDS."""

    code: str
    fields: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class SettingsReport:
    """What applying the settings did, for the person who loaded them."""

    registration: tuple[date, date] | None
    drives: Tally
    suggested_targets: Tally
    deadlines: Tally
    holidays: Tally = (0, 0, [])
    award_forms: Tally = (0, 0, [])  # its own forms; the third: left the file, kept for their proposals
    not_used: tuple[str, ...] = ()
    kept: tuple[Kept, ...] = ()  # drives' dates and targets changed after the file was loaded, kept
    saturday: bool = False  # Saturdays are working days for reminders this year
    working_days: Tally = (0, 0, [])  # Saturdays and Sundays worked in lieu (làm bù)


# ---------------------------------------------------------------------------------------------------------
# Reading


def load_settings_file(path: Path) -> OrgSettings:
    """Read and check a settings file; raises SettingsError listing every problem (file, line, key path)."""
    path = Path(path)
    text, raw = read_toml(path, SettingsError)
    if "slug" in raw and "campaign" not in raw:  # the campaign's plan, given instead
        slug = raw["slug"] if isinstance(raw["slug"], str) else "vi-nguoi-ngheo-2026-2030"
        raise SettingsError([problem(str(path), None, "", PLAN_NOT_SETTINGS, slug=slug)])
    c = Checker(str(path), text)
    sections = (
        "registration",
        "suggested_targets",
        "drives",
        "deadlines",
        "holidays",
        "working_week",
        "working_days",
        "awards",
    )
    c.keys(raw, "", ("campaign", "year"), sections)
    campaign = c.code(raw, "", "campaign", max_len=80)
    year = c.integer(raw, "", "year", minimum=FIRST_YEAR, maximum=LAST_YEAR)
    registration = _check_registration(c, raw, year)
    targets = _check_targets(c, raw)
    drives = _check_drives(c, raw, year)
    deadlines = _check_deadlines(c, raw, year)
    holidays = _check_holidays(c, raw, year)
    saturday = _check_week(c, raw)
    working_days = _check_working_days(c, raw, year)
    not_used, used, award_forms = _check_awards(c, raw)
    if c.problems:
        raise SettingsError(c.problems)
    return OrgSettings(
        str(path),
        campaign,
        year,
        registration,
        targets,
        drives,
        deadlines,
        c.lines,
        holidays,
        not_used,
        award_forms,
        saturday,
        working_days,
        used,
    )


def _in_year(
    c: Checker,
    path: str,
    key: str,
    on: date | None,
    year: int | None,
    *,
    late: int = 0,
    own: bool = True,
    december: bool = False,
) -> None:
    """A date of the year's settings falls in that year (or, with `late`, up to `late` years after); one that
    does not, where it is a day of its own year (`own`: not the year's registration window), is told which
    file it goes in (the office's report upward due 10/1 goes in next year's, decision 0320); a drive's first
    day (`december`) is told too that one running into the year may start in the December before (1586)."""
    if on is not None and year is not None and not year <= on.year <= year + late:
        years = str(year) if not late else f"{year}–{year + late}"
        fields = {"value": show(on), "years": years, "year": year, "before": year - 1, "then": on.year}
        if december and own:
            why = t(
                "{value} is not in {years}, the year these settings are for (a drive that ends in {year} may "
                "start in December {before}, e.g. starts_on = {before}-12-07 with ends_on = {year}-01-15): a "
                "day of {then} goes in {then}'s file (year = {then})"
            )
        elif december:
            why = t(
                "{value} is not in {years}, the year these settings are for (a drive that ends in {year} may "
                "start in December {before}, e.g. starts_on = {before}-12-07 with ends_on = {year}-01-15)"
            )
        elif own:
            why = t(
                "{value} is not in {years}, the year these settings are for: a day of {then} goes in "
                "{then}'s file (year = {then})"
            )
        else:
            why = t("{value} is not in {years}, the year these settings are for")
        c.problem(join(path, key), why, **fields)


def _into_the_year(starts_on: date | None, ends_on: date | None, year: int | None) -> bool:
    """A drive starting in the December before the file's year and ending in that year (a Tết drive opened
    in mid-December): the file of the year it runs into holds it, as an office set up in December has no
    file of the year ending (decision 1586). A run all in that December stays in its own year's file."""
    return (
        starts_on is not None
        and ends_on is not None
        and year is not None
        and (starts_on.year, starts_on.month) == (year - 1, 12)
        and ends_on.year == year
    )


def _check_registration(c: Checker, raw: Mapping[str, Any], year: int | None) -> tuple[date, date] | None:
    """The registration window: both days, in order; it may open late in the year before."""
    if "registration" not in raw:
        return None
    item = raw["registration"]
    if not isinstance(item, dict):
        c.problem("registration", t("must be a [registration] table with opens_on and closes_on"))
        return None
    before = len(c.problems)
    c.keys(item, "registration", ("opens_on", "closes_on"), ())
    opens_on = c.day(item, "registration", "opens_on")
    closes_on = c.day(item, "registration", "closes_on")
    if year is not None and opens_on is not None and not year - 1 <= opens_on.year <= year:
        why = t("{value} is not in {year} (nor late in {before})")
        c.problem("registration.opens_on", why, value=show(opens_on), year=year, before=year - 1)
    _in_year(c, "registration", "closes_on", closes_on, year, own=False)
    if opens_on is not None and closes_on is not None and closes_on < opens_on:
        why = t("{value} is before opens_on ({first})")
        c.problem("registration.closes_on", why, value=show(closes_on), first=show(opens_on))
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
        if not _into_the_year(starts_on, ends_on, year):
            _in_year(c, path, "starts_on", starts_on, year, december=True)
        if starts_on is not None and ends_on is not None and ends_on < starts_on:
            why = t("{value} is before starts_on ({first})")
            c.problem(join(path, "ends_on"), why, value=show(ends_on), first=show(starts_on))
        else:
            _in_year(c, path, "ends_on", ends_on, year, late=1)
        kinds = c.choices(item, path, "kinds", CONTRIBUTION_KINDS)
        if kinds == ():
            why = t('must name at least one of {allowed}, e.g. kinds = ["{first}"]')
            c.problem(
                join(path, "kinds"), why, allowed=one_of(CONTRIBUTION_KINDS), first=CONTRIBUTION_KINDS[0]
            )
        fund = c.boolean(item, path, "fund")
        target_vnd = c.integer(item, path, "target_vnd", minimum=0, maximum=DRIVE_TARGET_MAX, unit=" đồng")
        _days_target(c, path, code, kinds, target_vnd)
        suggested_level = c.text(item, path, "suggested_level")
        if len(c.problems) == before:
            result.append(
                LocalDrive(code, title, starts_on, ends_on, kinds, fund, target_vnd, suggested_level)
            )
    c.unique(codes)
    return tuple(result)


def _days_target(
    c: Checker, path: str, code: str | None, kinds: tuple[str, ...] | None, target_vnd: int | None
) -> None:
    """The one rule of `drive create`, `drive edit` and the chat (`drives.check_days_target`, decision 1940)
    at load too: a drive of labour days alone has no target in đồng; said with the drive and what to write
    (decision 2030)."""
    from bot.domain.drives import DriveError, check_days_target  # drives reads DRIVE_TARGET_MAX from here

    try:
        check_days_target(kinds, target_vnd)
    except DriveError:
        why = t(
            "the drive {code} takes labour days alone, which count toward no target in đồng: remove "
            'target_vnd, or add "money" or "goods" to its kinds'
        )
        c.problem(join(path, "target_vnd"), why, code=code or "")


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
                why = t("use date for one day, or starts_on and ends_on for a run of days, not both")
                c.problem(join(path, "date"), why)
            on = c.day(item, path, "date")
            _in_year(c, path, "date", on, year)
            starts_on = ends_on = on
        elif "starts_on" in item or "ends_on" in item:
            for key in ("starts_on", "ends_on"):
                if key not in item:
                    c.problem(join(path, key), t("required key is missing (a run of days has both ends)"))
            starts_on = c.day(item, path, "starts_on")
            ends_on = c.day(item, path, "ends_on")
            _in_year(c, path, "starts_on", starts_on, year)
            if starts_on is not None and ends_on is not None:
                if ends_on < starts_on:
                    why = t("{value} is before starts_on ({first})")
                    c.problem(join(path, "ends_on"), why, value=show(ends_on), first=show(starts_on))
                elif (ends_on - starts_on).days + 1 > HOLIDAY_DAYS_MAX:
                    c.problem(
                        join(path, "ends_on"),
                        t("{days} days off in one run; at most {most}"),
                        days=(ends_on - starts_on).days + 1,
                        most=HOLIDAY_DAYS_MAX,
                    )
        else:
            c.problem(join(path, "date"), t("required key is missing: date, or starts_on and ends_on"))
            continue
        if len(c.problems) == before:
            key = f"{starts_on.isoformat()}–{ends_on.isoformat()}"
            seen.append((path, key))
            result.append(LocalHoliday(starts_on, ends_on, title))
    c.unique(seen, "date")
    return tuple(result)


def _check_working_days(c: Checker, raw: Mapping[str, Any], year: int | None) -> tuple[LocalWorkingDay, ...]:
    """Days worked in lieu (làm bù): `date`, a Saturday or Sunday of the file's year, or a weekday the
    built-in calendar reckons off that the government kept working (docs/decisions/0320); an optional
    `title`. The same day not twice."""
    result, seen = [], []
    for path, item in c.tables(raw, "working_days"):
        before = len(c.problems)
        c.keys(item, path, ("date",), ("title",))
        title = c.text(item, path, "title")
        on = c.day(item, path, "date")
        _in_year(c, path, "date", on, year)
        # a weekday of the built-in calendar may be worked (decision 0320); another is a working day already
        if on is not None and on.weekday() not in (SATURDAY, SUNDAY) and not is_public_holiday(on):
            why = _WEEKDAY_WORKED[on.weekday()]
            c.problem(join(path, "date"), why, value=show(on))
        if on is not None and len(c.problems) == before:
            seen.append((path, on.isoformat()))
            result.append(LocalWorkingDay(on, title))
    c.unique(seen, "date")
    return tuple(result)


# A weekday listed as worked in lieu, said by its name.
_WEEKDAY_WORKED = (
    t(
        "{value} is a Monday, a working day already: list a Saturday or Sunday worked, or a weekday of the "
        "public holidays built in that is worked"
    ),
    t(
        "{value} is a Tuesday, a working day already: list a Saturday or Sunday worked, or a weekday of the "
        "public holidays built in that is worked"
    ),
    t(
        "{value} is a Wednesday, a working day already: list a Saturday or Sunday worked, or a weekday of "
        "the public holidays built in that is worked"
    ),
    t(
        "{value} is a Thursday, a working day already: list a Saturday or Sunday worked, or a weekday of the "
        "public holidays built in that is worked"
    ),
    t(
        "{value} is a Friday, a working day already: list a Saturday or Sunday worked, or a weekday of the "
        "public holidays built in that is worked"
    ),
)


def _check_week(c: Checker, raw: Mapping[str, Any]) -> bool:
    """`[working_week]`: `saturday = true` when the organisation works on Saturdays (a school with Saturday
    classes); without it, Saturdays are days off for reminders, as Sundays always are."""
    if "working_week" not in raw:
        return False
    item = raw["working_week"]
    if not isinstance(item, dict):
        c.problem("working_week", t("must be a [working_week] table, e.g. saturday = true"))
        return False
    # no seven-day week: a ward on weekend shifts reads what the bot sends on its next working morning, as
    # the rest of its hospital does (decision 2065); “did you mean saturday?” misled
    sunday = t(
        "Sundays are days off for reminders and appeals in every organisation: only Saturdays can be set as "
        "worked (saturday = true)"
    )
    c.keys(item, "working_week", ("saturday",), (), moved={"sunday": sunday})
    return bool(c.boolean(item, "working_week", "saturday"))


def _check_awards(
    c: Checker, raw: Mapping[str, Any]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[LocalAwardForm, ...]]:
    """`[awards]`: `not_used` and `used`, codes of the plan's forms (checked against the plan when
    applied), and `[[awards.forms]]`, forms of the organisation's own, each with a code no other form of the
    file has."""
    if "awards" not in raw:
        return (), (), ()
    item = raw["awards"]
    if not isinstance(item, dict):
        c.problem("awards", t("must be an [awards] table with not_used and [[awards.forms]] tables"))
        return (), (), ()
    c.keys(item, "awards", (), ("not_used", "used", "forms"))
    not_used = _check_codes(c, item, "not_used")
    used = _check_codes(c, item, "used")
    for code in used:
        if code in not_used:
            why = t("{value} is also in awards.not_used: a form is used or not")
            c.problem("awards.used", why, value=show(code))
    forms, codes = [], []
    value = item.get("forms", [])
    if not isinstance(value, list) or not all(isinstance(form, dict) for form in value):
        c.problem("awards.forms", t("must be written as [[{name}]] tables"), name="awards.forms")
        value = []
    for i, form in enumerate(value, start=1):
        path = f"awards.forms[{i}]"
        before = len(c.problems)
        c.keys(
            form,
            path,
            ("code", "title", "conferred_by", "level", "within_organisation"),
            ("description", "dossier", "copies"),
        )
        code = c.code(form, path)
        codes.append((path, code))
        title = c.text(form, path, "title")
        conferred_by = c.text(form, path, "conferred_by", max_len=300)
        level = c.choice(form, path, "level", AWARD_LEVELS)
        within = c.boolean(form, path, "within_organisation")
        description = c.text(form, path, "description", max_len=DESCRIPTION_MAX)
        dossier = c.texts(form, path, "dossier")
        copies = c.integer(form, path, "copies", minimum=1, maximum=COPIES_MAX)
        if code is not None and code in not_used:
            why = t("{value} is also in awards.not_used: a form is used or not")
            c.problem(join(path, "code"), why, value=show(code))
        if len(c.problems) == before:
            forms.append(
                LocalAwardForm(
                    code, title, conferred_by, level, within, description, dossier or OWN_DOSSIER, copies or 1
                )
            )
    c.unique(codes)
    return tuple(not_used), tuple(used), tuple(forms)


def _check_codes(c: Checker, item: Mapping[str, Any], key: str) -> list[str]:
    """`awards.not_used` or `awards.used`: a list of the plan's award forms' codes, each once."""
    codes: list[str] = []
    value = item.get(key, [])
    if not isinstance(value, list):
        why = t('must be a list of codes such as ["giay-khen-giam-doc-so"], not {value}')
        c.problem(f"awards.{key}", why, value=show(value))
        return codes
    for code in value:
        checked = c.code({key: code}, "awards", key)
        if checked is not None and checked in codes:
            c.problem(f"awards.{key}", t("{values} is listed twice"), values=show(checked))
        elif checked is not None:
            codes.append(checked)
    return codes


# ---------------------------------------------------------------------------------------------------------
# Applying


async def apply_settings(
    session: AsyncSession,
    org: Organisation,
    settings: OrgSettings,
    *,
    now: datetime | None = None,
    t: Translator = ENGLISH,
) -> SettingsReport:
    """Install the year's local choices for `org`; the caller commits. Raises SettingsError, before changing
    anything, when the file names a campaign, year or criterion the organisation does not have; a campaign
    not loaded and a year outside its period are said by `t`, the shell's language (docs/decisions/1404)."""
    campaign, criteria = await _refuse_unknowns(session, org, settings, t)
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
    drives, kept = await _sync_drives(session, org, campaign, settings, now=now or system_clock())
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
    # the units' report day set alone (decision 1850) stays unless the file names it
    deadlines = (deadlines[0], deadlines[1], [code for code in deadlines[2] if not is_report_day(code)])
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
    await _sync_week(session, org, settings)
    working_days = await _sync_working_days(session, org, settings)
    awards = await _sync_awards(session, campaign, settings)
    await session.flush()
    log.info(
        "settings of %s for %d: drives %d added, %d updated; suggested targets %d added, %d updated, "
        "%d removed; local deadlines %d added, %d updated, %d removed; holidays %d added, %d updated, "
        "%d removed; own award forms %d added, %d updated, %d kept; plan's forms not used %d",
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
        awards[0],
        awards[1],
        len(awards[2]),
        len(settings.not_used),
    )
    return SettingsReport(
        settings.registration,
        drives,
        targets,
        deadlines,
        holidays,
        awards,
        settings.not_used,
        kept,
        settings.saturday,
        working_days,
    )


async def _sync_drives(
    session: AsyncSession, org: Organisation, campaign: Campaign, settings: OrgSettings, *, now: datetime
) -> tuple[Tally, tuple[Kept, ...]]:
    """The file's drives, matched on their code (docs/decisions/0127). A date or target changed in the chat
    or at the shell after the file was last loaded is kept, and said (`Kept`), unless the file changed that
    field since; every drive the load adds or changes gets an audit row `drive.settings` with what changed
    and the file's dates and target, which the next load compares with."""
    rows = {
        row.code: row
        for row in await rows_of(
            session, Drive, Drive.org_id == org.id, Drive.code.in_([d.code for d in settings.drives])
        )
    }
    inserted = updated = 0
    kept: list[Kept] = []
    for d in settings.drives:
        # the file's year kept with them: a drive from the December before is still this year's (1586)
        loaded = _values(d.starts_on, d.ends_on, d.target_vnd) | {"year": settings.year}
        values = {
            "campaign_id": campaign.id,
            "title": d.title,
            "kinds": list(d.kinds),
            "fund": d.fund,
            "suggested_level": d.suggested_level,
        }
        row = rows.get(d.code)
        if row is None:
            row = Drive(org_id=org.id, code=d.code, starts_on=d.starts_on, ends_on=d.ends_on, **values)
            row.target_vnd = d.target_vnd
            session.add(row)
            await session.flush()
            inserted += 1
            _audit_load(session, row, loaded, {}, {}, [], now=now)
            continue
        last = await _last_load(session, row.id)
        edited = await _edited_fields(session, row.id) if last is None else {}
        current = _values(row.starts_on, row.ends_on, row.target_vnd)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        keep = []
        for name in DRIVE_FIELDS:
            if current[name] == loaded[name]:
                continue
            if last is not None:
                changed_since = current[name] != last[name]
            else:  # loaded before loads were recorded: what the chat or the shell set last, if it still holds
                changed_since = name in edited and edited[name] == current[name]
            file_changed = last is not None and loaded[name] != last[name]
            if changed_since and not file_changed:
                keep.append(name)
            else:
                before[name], after[name] = current[name], loaded[name]
        dates = {name: after.get(name, current[name]) for name in ("starts_on", "ends_on")}
        if dates["ends_on"] < dates["starts_on"]:  # a kept date against the file's other: the file's both
            for name in ("starts_on", "ends_on"):
                if name in keep:
                    keep.remove(name)
                    before[name], after[name] = current[name], loaded[name]
        for name, value in values.items():
            if getattr(row, name) != value:
                before[name], after[name] = getattr(row, name), value
        assign(row, values | {name: _typed(name, after[name]) for name in DRIVE_FIELDS if name in after})
        if "starts_on" in after or "ends_on" in after:  # what is scheduled for it follows, as on `drive edit`
            await _follow_dates(session, row, now=now)
        changed = bool(after)
        if keep:
            kept.append(Kept(d.code, tuple((name, _typed(name, current[name])) for name in keep)))
        updated += changed
        if changed or last != loaded:
            _audit_load(session, row, loaded, before, after, keep, now=now)
    others = await session.scalars(
        select(Drive.code).where(
            Drive.org_id == org.id,
            Drive.starts_on >= date(settings.year, 1, 1),
            Drive.starts_on <= date(settings.year, 12, 31),
            Drive.code.not_in([d.code for d in settings.drives]),
        )
    )
    return (inserted, updated, sorted(others.all())), tuple(kept)


async def _follow_dates(session: AsyncSession, drive: Drive, *, now: datetime) -> None:
    from bot.domain.drives import dates_moved  # drives reads this module's limits: imported when needed

    await dates_moved(session, drive, now=now)


DRIVE_FIELDS = ("starts_on", "ends_on", "target_vnd")  # what the chat's drive screen and `drive edit` change


def _values(starts_on: date, ends_on: date, target_vnd: int | None) -> dict[str, Any]:
    """A drive's dates and target as an audit row keeps them (dates as ISO text)."""
    return {"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(), "target_vnd": target_vnd}


def _typed(name: str, value: Any) -> Any:
    return date.fromisoformat(value) if name != "target_vnd" else value


async def _last_load(session: AsyncSession, drive_id: int) -> dict[str, Any] | None:
    """The drive's dates and target as the settings file had them when it was last loaded; None when no load
    has been recorded (a drive loaded before loads were, or opened in the chat)."""
    details = await session.scalar(
        select(AuditLog.details)
        .where(
            AuditLog.entity == "drive", AuditLog.entity_id == drive_id, AuditLog.action == "drive.settings"
        )
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    return dict(details["file"]) if details else None


async def _edited_fields(session: AsyncSession, drive_id: int) -> dict[str, Any]:
    """For a drive with no load recorded: of DRIVE_FIELDS, those the chat or the shell changed (their audit
    rows), each with the value its latest change set (as `_values` has it)."""
    edited: dict[str, Any] = {}
    for action, details in await session.execute(
        select(AuditLog.action, AuditLog.details)
        .where(
            AuditLog.entity == "drive",
            AuditLog.entity_id == drive_id,
            AuditLog.action.in_(("drive.dates", "drive.target")),
        )
        .order_by(AuditLog.id)
    ):
        if action == "drive.target":
            edited["target_vnd"] = details.get("after")
            continue
        was, then = details.get("before") or [None, None], details.get("after") or [None, None]
        for name, old, new in zip(("starts_on", "ends_on"), was, then, strict=False):
            if old != new:
                edited[name] = new
    return edited


def _audit_load(
    session: AsyncSession,
    drive: Drive,
    loaded: dict[str, Any],
    before: dict[str, Any],
    after: dict[str, Any],
    kept: list[str],
    *,
    now: datetime,
) -> None:
    audit(
        session,
        at=now,
        actor_id=None,
        action="drive.settings",
        entity="drive",
        entity_id=drive.id,
        file=loaded,
        before=before,
        after=after,
        kept=kept,
    )


async def _sync_awards(session: AsyncSession, campaign: Campaign, settings: OrgSettings) -> Tally:
    """The year's award choices become exactly the file's (docs/decisions/0073): its own forms are written
    (matched on their code) and offered that year, the plan's forms it names in `not_used` are not. An own
    form that left the file is offered no more that year; it is kept while a proposal or another year's file
    names it (the third of the tally), and deleted when nothing does. Proposals are never touched."""
    forms = await rows_of(session, AwardForm, AwardForm.campaign_id == campaign.id)
    plan = {form.code: form for form in forms if not form.own}
    tally = upsert(
        session,
        [form for form in forms if form.own],
        [
            (
                form.code,
                {
                    "title": form.title,
                    "conferred_by": form.conferred_by,
                    "occasion": form.level,
                    "within_organisation": form.within,
                    "description": form.description,
                    "dossier": list(form.dossier),
                    "copies": form.copies,
                    "own": True,
                },
            )
            for form in settings.award_forms
        ],
        lambda code, v: AwardForm(campaign_id=campaign.id, code=code, **v),
    )
    await session.flush()
    own = {
        form.code: form
        for form in await rows_of(session, AwardForm, AwardForm.campaign_id == campaign.id, AwardForm.own)
    }
    wanted = {plan[code].id: False for code in settings.not_used}
    wanted |= {plan[code].id: True for code in settings.used}
    wanted |= {own[form.code].id: True for form in settings.award_forms}
    ids = [form.id for form in plan.values()] + [form.id for form in own.values()]
    for row in await rows_of(
        session, AwardFormUse, AwardFormUse.award_form_id.in_(ids), AwardFormUse.year == settings.year
    ):
        if row.award_form_id in wanted:
            assign(row, {"used": wanted.pop(row.award_form_id)})
        else:
            await session.delete(row)
    for form_id, used in wanted.items():
        session.add(AwardFormUse(award_form_id=form_id, year=settings.year, used=used))
    await session.flush()
    kept = []
    listed = {form.code for form in settings.award_forms}
    for code, form in sorted(own.items()):
        if code in listed:
            continue
        proposals = await session.scalar(
            select(func.count()).select_from(AwardProposal).where(AwardProposal.award_form_id == form.id)
        )
        years = await session.scalar(
            select(func.count()).select_from(AwardFormUse).where(AwardFormUse.award_form_id == form.id)
        )
        if proposals or years:
            kept.append(code)
        else:
            await session.delete(form)
    return tally[0], tally[1], kept


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


async def _sync_week(session: AsyncSession, org: Organisation, settings: OrgSettings) -> None:
    """The year's working week becomes the file's: Saturdays worked or not (a file without it: not)."""
    week = await session.scalar(
        select(OrgWeek).where(OrgWeek.org_id == org.id, OrgWeek.year == settings.year)
    )
    if week is None:
        session.add(OrgWeek(org_id=org.id, year=settings.year, saturday=settings.saturday))
    else:
        week.saturday = settings.saturday


async def _sync_working_days(session: AsyncSession, org: Organisation, settings: OrgSettings) -> Tally:
    """The year's weekend days worked in lieu become exactly the file's, matched on their days."""
    rows = await rows_of(
        session, OrgWorkingDay, OrgWorkingDay.org_id == org.id, OrgWorkingDay.year == settings.year
    )
    wanted = {w.on: w.title for w in settings.working_days}
    inserted = updated = 0
    removed = []
    for row in rows:
        if row.day in wanted:
            updated += assign(row, {"title": wanted.pop(row.day)})
        else:
            removed.append(row.day.isoformat())
            await session.delete(row)
    for on, title in wanted.items():
        session.add(OrgWorkingDay(org_id=org.id, year=settings.year, day=on, title=title))
        inserted += 1
    return inserted, updated, sorted(removed)


def _days(starts_on: date, ends_on: date) -> str:
    return starts_on.isoformat() if starts_on == ends_on else f"{starts_on.isoformat()}–{ends_on.isoformat()}"


SATURDAY, SUNDAY = 5, 6  # date.weekday()


@dataclass(frozen=True)
class DaysOff:
    """An organisation's days off for reminders, beside the settings' HOLIDAYS (docs/decisions/0033, 0234):
    every Sunday; every Saturday, unless its settings file of that year (or, with none for the year, of the
    latest year before it) says it works on Saturdays; but not a Saturday or Sunday worked in lieu (làm bù:
    its `[[working_days]]`, or one the government announced, docs/decisions/0246); its own holidays.
    `day in days_off` asks. An organisation that loaded no settings file has the weekend off."""

    holidays: frozenset[date] = frozenset()
    saturdays: tuple[tuple[int, bool], ...] = ()  # (year, worked) per settings file loaded, in year order
    worked: frozenset[date] = frozenset()  # days worked in lieu: weekend days, or weekdays of the holidays

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        if day in self.holidays:
            return True
        weekday = day.weekday()
        if weekday not in (SATURDAY, SUNDAY) or day in self.worked or is_weekend_worked(day):
            return False
        return weekday == SUNDAY or not self.works_saturdays(day.year)

    def works_saturdays(self, year: int) -> bool:
        worked = False
        for loaded, saturday in self.saturdays:
            if loaded > year:
                break
            worked = saturday
        return worked


# The days off of an organisation that loaded no settings file: the weekend.
WEEKEND_ONLY = DaysOff()


def holiday(day: date, settings: Settings | None, days_off: DaysOff) -> bool:
    """Whether local `day` is a holiday, not only a weekend: a public holiday certain by law (built in,
    `public_holidays`) unless the organisation works it (its `[[working_days]]`: the government kept a day
    of the built-in calendar working, docs/decisions/0320), one of the settings' HOLIDAYS, or one of the
    organisation's own holidays."""
    built_in = is_public_holiday(day) and day not in days_off.worked
    listed = settings is not None and day in settings.holidays
    return built_in or listed or day in days_off.holidays


def day_off(day: date, settings: Settings | None, days_off: DaysOff) -> bool:
    """Whether no reminder goes out on local `day`: a holiday (`holiday`), or a day of the organisation's
    weekend (less a Saturday or Sunday it works in lieu, `days_off`)."""
    return holiday(day, settings, days_off) or day in days_off


async def days_off_of(session: AsyncSession, org_ids: list[int]) -> dict[int, DaysOff]:
    """Each of `org_ids`'s days off for reminders: its own holidays (all years), its working week and the
    weekend days it works in lieu."""
    holidays: dict[int, set[date]] = {org_id: set() for org_id in org_ids}
    found = await session.execute(
        select(OrgHoliday.org_id, OrgHoliday.starts_on, OrgHoliday.ends_on).where(
            OrgHoliday.org_id.in_(org_ids)
        )
    )
    for org_id, starts_on, ends_on in found:
        holidays[org_id].update(starts_on + timedelta(days=n) for n in range((ends_on - starts_on).days + 1))
    weeks: dict[int, list[tuple[int, bool]]] = {org_id: [] for org_id in org_ids}
    found = await session.execute(
        select(OrgWeek.org_id, OrgWeek.year, OrgWeek.saturday)
        .where(OrgWeek.org_id.in_(org_ids))
        .order_by(OrgWeek.org_id, OrgWeek.year)
    )
    for org_id, year, saturday in found:
        weeks[org_id].append((year, saturday))
    worked: dict[int, set[date]] = {org_id: set() for org_id in org_ids}
    found = await session.execute(
        select(OrgWorkingDay.org_id, OrgWorkingDay.day).where(OrgWorkingDay.org_id.in_(org_ids))
    )
    for org_id, day in found:
        worked[org_id].add(day)
    return {
        org_id: DaysOff(frozenset(holidays[org_id]), tuple(weeks[org_id]), frozenset(worked[org_id]))
        for org_id in org_ids
    }


async def _refuse_unknowns(
    session: AsyncSession, org: Organisation, settings: OrgSettings, t: Translator = ENGLISH
) -> tuple[Campaign, dict[str, Criterion]]:
    """The campaign must be loaded, the year in its period, the criteria its own, the values in range, the
    award forms the plan's, the drives' codes of this year: said in the reader's language (1404, 1443)."""

    def said(path: str, message: str) -> Problem:
        return Problem(settings.file, settings.lines.line(path), path, message, t("line"))

    campaign = await session.scalar(
        select(Campaign).where(Campaign.org_id == org.id, Campaign.slug == settings.campaign)
    )
    if campaign is None:
        loaded = await rows_of(session, Campaign, Campaign.org_id == org.id)
        holds = [c for c in loaded if c.starts_on.year <= settings.year <= c.ends_on.year]
        why = t("{campaign} is not loaded into {org}: load its plan first ({command})").format(
            campaign=show(settings.campaign),
            org=org.code,
            command=command(t("campaign load FILE"), await org_to_name(session, org)),
        )
        if holds:  # a year's file copied from last year's, every year replaced, the plan's own with them
            why += t(", or name the plan loaded for {year}: campaign = {slug} ({first}–{last})").format(
                year=settings.year,
                slug=show(holds[0].slug),
                first=holds[0].starts_on.year,
                last=holds[0].ends_on.year,
            )
        raise SettingsError([said("campaign", why)])
    problems = []
    if not campaign.starts_on.year <= settings.year <= campaign.ends_on.year:
        problems.append(
            said(
                "year",
                t("{year} is outside the campaign's period {first}–{last}").format(
                    year=settings.year, first=campaign.starts_on.year, last=campaign.ends_on.year
                ),
            )
        )
    criteria = {k.code: k for k in await rows_of(session, Criterion, Criterion.campaign_id == campaign.id)}
    for i, (code, value) in enumerate(settings.suggested_targets, start=1):
        path = f"suggested_targets[{i}]"
        criterion = criteria.get(code)
        if criterion is None:
            problems.append(
                said(
                    join(path, "criterion"),
                    t("{code} is not a criterion of {campaign}; its criteria: {criteria}").format(
                        code=show(code), campaign=campaign.slug, criteria=one_of(list(criteria))
                    ),
                )
            )
        elif criterion.measure == "yes_no":
            why = t("{code} is done or not: it has no target").format(code=show(code))
            problems.append(said(join(path, "criterion"), why))
        elif value > _TARGET_MAX[criterion.measure]:
            top = number(_TARGET_MAX[criterion.measure])
            if criterion.measure == "money":
                top = t("{n} đồng").format(n=top)
            problems.append(
                said(
                    join(path, "value"),
                    t("{value} is outside the allowed range 1 – {top} for {code}").format(
                        value=number(value), top=top, code=show(code)
                    ),
                )
            )
    problems += await _unknown_awards(session, campaign, settings, said, t)
    problems += await _other_years_drives(session, org, settings, said, t)
    if problems:
        raise SettingsError(problems)
    return campaign, criteria


def _code_for_year(code: str, of: int, year: int) -> str:
    """The code of a drive of year `of` made for `year`: its years moved as many ("qua-tet-2028" of 2027 is
    "qua-tet-2029" in 2028), else `year` added."""
    own = re.sub(r"20\d\d", lambda found: str(int(found[0]) + year - of), code)
    return own if own != code else f"{code[: DRIVE_CODE_MAX - 5]}-{year}"


def _file_year(last: dict[str, Any]) -> int:
    """The year of the file that last loaded a drive: as it says (1586), else the year its first day was in
    (loads recorded before the year was)."""
    year = last.get("year")
    return year if isinstance(year, int) else date.fromisoformat(last["starts_on"]).year


async def _other_years_drives(
    session: AsyncSession,
    org: Organisation,
    settings: OrgSettings,
    problem: Callable[[str, str], Problem],
    t: Translator = ENGLISH,
) -> list[Problem]:
    """A drive runs in one year: a file's drive whose code is a drive of another year (as its year's file
    last loaded it, or, never loaded, as it starts) would be moved into this one with its gifts, as last
    year's file copied with new dates and its codes left would move last year's drives (decision 0266)."""
    codes = {d.code: i for i, d in enumerate(settings.drives, start=1)}
    found = await rows_of(session, Drive, Drive.org_id == org.id, Drive.code.in_(list(codes)))
    problems = []
    for row in sorted(found, key=lambda row: codes[row.code]):
        last = await _last_load(session, row.id)
        if last:
            year = _file_year(last)
        else:  # opened in the chat: one from the December before into this year is this year's (1586)
            into = _into_the_year(row.starts_on, row.ends_on, settings.year)
            year = settings.year if into else row.starts_on.year
        if year == settings.year:
            continue
        own = _code_for_year(row.code, year, settings.year)
        problems.append(
            problem(
                join(f"drives[{codes[row.code]}]", "code"),
                t(
                    "{code} is a drive of {year} ({starts} to {ends}), which this file for {file_year} would "
                    "move with its gifts: give {file_year}'s drive a code of its own, e.g. {own}"
                ).format(
                    code=show(row.code),
                    year=year,
                    starts=show(row.starts_on),
                    ends=show(row.ends_on),
                    file_year=settings.year,
                    own=show(own),
                ),
            )
        )
    return problems


async def _unknown_awards(
    session: AsyncSession, campaign: Campaign, settings: OrgSettings, problem: Any, t: Translator = ENGLISH
) -> list[Problem]:
    """`not_used` names the plan's award forms only; a form of the organisation's own takes no plan's code."""
    plan = list(
        await session.scalars(
            select(AwardForm.code)
            .where(AwardForm.campaign_id == campaign.id, AwardForm.own.is_(False))
            .order_by(AwardForm.id)
        )
    )
    problems = [
        problem(
            f"awards.{key}",
            t("{code} is not an award form of {campaign}; its forms: {forms}").format(
                code=show(code), campaign=campaign.slug, forms=one_of(plan)
            ),
        )
        for key, codes in (("not_used", settings.not_used), ("used", settings.used))
        for code in codes
        if code not in plan
    ]
    problems += [
        problem(
            join(f"awards.forms[{i}]", "code"),
            t(
                "{code} is the code of an award form of {campaign}; give your own form a code of its own, "
                "e.g. {example}"
            ).format(code=show(form.code), campaign=campaign.slug, example=show(f"{form.code}-rieng")),
        )
        for i, form in enumerate(settings.award_forms, start=1)
        if form.code in plan
    ]
    return problems


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
