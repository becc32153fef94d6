"""Campaign plans as data: one TOML file per plan, checked strictly, installed idempotently.

Every organisation turns the national movement into its own plan (kế hoạch) for each period: its own
milestones, deadlines, criteria, drives and award forms. A campaign admin edits a text file rather than
code, and a mistake in that file must stop the load with a message that says where it is and what is
allowed; a typo that passed silently would become a wrong deadline or a criterion nobody can fulfil.
See docs/campaign-plans.md for the file format.
"""

from __future__ import annotations

import difflib
import logging
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import Base
from bot.db.models import (
    CONTRIBUTION_KINDS,
    MEASURES,
    ROLES,
    AwardForm,
    Campaign,
    CommitmentItem,
    Criterion,
    Deadline,
    Drive,
    Milestone,
    Organisation,
    TargetGroup,
)
from bot.text import nfc

log = logging.getLogger(__name__)

SCOPES = ("individual", "household", "collective")
MILESTONE_KINDS = ("launch", "mid_review", "final_review", "ceremony", "other")
OCCASIONS = ("yearly", "ad_hoc", "mid_review", "final_review")
# Who a deadline reminds: a role of the organisation (units' leaders, the admin office…).
AUDIENCES = ROLES
CRITERION_TITLE_MAX = 60  # read on a phone, in a button or a list
TITLE_MAX = 400  # the title columns of the model
CODE_MAX = 60
DRIVE_CODE_MAX = 75  # a yearly drive's code gets "-YYYY" appended, and drive.code holds 80
SLUG_MAX = 80
# The plan's numbers, each with its range: what a person could type for the same value in the chat, what
# the columns hold, and what is plausible (a typo guard: an extra zero must not pass).
FIRST_YEAR, LAST_YEAR = 2000, 2100  # every date of a plan
MONEY_TARGET_MAX = 10_000_000_000  # đồng a person or unit pledges: the bot's default MONEY_CAP
COUNT_TARGET_MAX = 1_000_000  # labour days or a count pledged: as much as the chat accepts
DRIVE_TARGET_MAX = 1_000_000_000_000_000  # đồng raised by a whole organisation; far inside BIGINT
COPIES_MAX = 100

_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|[{}]")
_TITLE_PLACEHOLDERS = ("{year}", "{end_year}")
_NOT_LEAP = 2023  # yearly dates must exist every year: no 29/02
_TARGET_MAX = {"money": MONEY_TARGET_MAX, "labour_days": COUNT_TARGET_MAX, "count": COUNT_TARGET_MAX}


# ---------------------------------------------------------------------------------------------------------
# The plan, as frozen values


@dataclass(frozen=True)
class PlanMilestone:
    """A dated event of the period: launch, mid-term review, final review, ceremony."""

    kind: str
    title: str
    on: date


@dataclass(frozen=True)
class PlanDeadline:
    """A yearly deadline (day and month), e.g. units send award dossiers before 10/12."""

    code: str
    title: str
    month: int
    day: int
    audience: str


@dataclass(frozen=True)
class PlanTargetGroup:
    """Who takes part (hộ nghèo, cấp xã…), with the emulation title that group competes for."""

    code: str
    title: str
    emulation_title: str | None
    scope: str


@dataclass(frozen=True)
class PlanCriterion:
    """Something people or units pledge; `counts` are the contribution kinds that fulfil it."""

    code: str
    title: str
    description: str | None
    measure: str
    scopes: tuple[str, ...]
    counts: tuple[str, ...]
    default_target: int | None


@dataclass(frozen=True)
class DriveOccurrence:
    """One concrete drive row: a dated drive as is, or one year of a yearly drive."""

    code: str
    title: str
    starts_on: date
    ends_on: date
    target_vnd: int | None
    suggested_level: str | None
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class PlanDrive:
    """A fund-raising drive, dated once (starts_on/ends_on) or yearly (start/end as (month, day))."""

    code: str
    title: str
    kinds: tuple[str, ...]
    target_vnd: int | None
    suggested_level: str | None
    yearly: bool
    starts_on: date | None = None
    ends_on: date | None = None
    start: tuple[int, int] | None = None
    end: tuple[int, int] | None = None

    def occurrences(self, period_start: date, period_end: date) -> tuple[DriveOccurrence, ...]:
        """The drive rows for a campaign period: a yearly drive gives one per year whose start is in it.

        A yearly end before its start means the drive ends the next year (Tết: 12-15 → 01-20)."""
        if not self.yearly:
            assert self.starts_on is not None and self.ends_on is not None
            return (self._occurrence(self.code, self.title, self.starts_on, self.ends_on),)
        assert self.start is not None and self.end is not None
        result = []
        for year in range(period_start.year, period_end.year + 1):
            starts_on = date(year, *self.start)
            if not period_start <= starts_on <= period_end:
                continue
            end_year = year + 1 if self.end < self.start else year
            ends_on = date(end_year, *self.end)
            title = self.title
            if any(p in title for p in _TITLE_PLACEHOLDERS):
                title = title.replace("{year}", str(year)).replace("{end_year}", str(end_year))
            else:
                title = f"{title} {year}" if end_year == year else f"{title} {year}–{end_year}"
            result.append(self._occurrence(f"{self.code}-{year}", title, starts_on, ends_on))
        return tuple(result)

    def _occurrence(self, code: str, title: str, starts_on: date, ends_on: date) -> DriveOccurrence:
        return DriveOccurrence(
            code, title, starts_on, ends_on, self.target_vnd, self.suggested_level, self.kinds
        )


@dataclass(frozen=True)
class PlanAwardForm:
    """An award (Giấy khen, Bằng khen, Huân chương), who confers it, when, and the dossier it needs."""

    code: str
    title: str
    conferred_by: str
    occasion: str
    copies: int
    dossier: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A whole campaign plan as read from its file; `source` is the file name it came from."""

    slug: str
    title: str
    starts_on: date
    ends_on: date
    description: str | None
    milestones: tuple[PlanMilestone, ...]
    deadlines: tuple[PlanDeadline, ...]
    target_groups: tuple[PlanTargetGroup, ...]
    criteria: tuple[PlanCriterion, ...]
    drives: tuple[PlanDrive, ...]
    award_forms: tuple[PlanAwardForm, ...]
    source: str | None = None

    def drive_occurrences(self) -> tuple[DriveOccurrence, ...]:
        """Every drive row the plan makes, yearly drives expanded over the period."""
        return tuple(occ for drive in self.drives for occ in drive.occurrences(self.starts_on, self.ends_on))


# ---------------------------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan file: where (file, line, key path) and what."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        head = self.file if self.line is None else f"{self.file}, line {self.line}"
        return f"{head}, {self.key}: {self.message}" if self.key else f"{head}: {self.message}"


class PlanError(Exception):
    """A plan that cannot be loaded or installed; lists every problem found, one per line."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(sorted(problems, key=lambda p: (p.line is None, p.line or 0)))
        super().__init__("\n".join(str(p) for p in self.problems))


# ---------------------------------------------------------------------------------------------------------
# Finding lines: tomllib gives values without positions, so a light scan of the text maps key paths
# ("criteria[2].measure", "criteria[2]") to the line where they are written. Array tables are numbered
# from 1, as a person counts them.

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?")
_KEY = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*=""")
_STRINGS = re.compile(r'"""|\'\'\'|"(?:[^"\\]|\\.)*"|\'[^\']*\'')


class _Lines:
    def __init__(self, text: str):
        self._at: dict[str, int] = {}
        counts: dict[str, int] = {}
        table = ""
        multiline: str | None = None  # the quote of an open multi-line string
        depth = 0  # open brackets of a multi-line array
        for number, line in enumerate(text.splitlines(), start=1):
            if multiline is not None:
                if line.count(multiline) % 2 == 1:
                    multiline = None
                continue
            if depth > 0:
                depth = max(0, depth + self._brackets(line))
                continue
            header = _HEADER.fullmatch(line)
            if header:
                name = re.sub(r"\s*\.\s*", ".", header.group(2))
                if header.group(1) == "[[":
                    counts[name] = counts.get(name, 0) + 1
                    table = f"{name}[{counts[name]}]"
                    self._at.setdefault(name, number)  # the section as a whole: its first table
                else:
                    table = name
                self._at.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                name = key.group(1).strip("\"'")
                self._at.setdefault(f"{table}.{name}" if table else name, number)
                rest = line[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        multiline = quote
                        break
                else:
                    depth = max(0, self._brackets(rest))

    @staticmethod
    def _brackets(text: str) -> int:
        """Open minus closed brackets, outside strings and comments: is a multi-line array still open?"""
        bare = _STRINGS.sub("", text).split("#", 1)[0]
        return bare.count("[") - bare.count("]")

    def line(self, path: str) -> int | None:
        """The line of `path`, else of the nearest enclosing key or table that can be found."""
        while path:
            if path in self._at:
                return self._at[path]
            cut = max(path.rfind("."), path.rfind("[") if path.endswith("]") else -1)
            path = path[:cut] if cut > 0 else ""
        return None


# ---------------------------------------------------------------------------------------------------------
# Checking


def _show(value: object) -> str:
    """A value as it would be written in the file."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return _number(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _number(value: int) -> str:
    """A whole number as it may be written in the file (500_000), or its size when it is absurdly long."""
    if abs(value) < 10_000:
        return str(value)
    if abs(value) < 10**21:
        return f"{value:_}"
    return f"a {len(str(abs(value)))}-digit number"


def _one_of(allowed: Sequence[str]) -> str:
    return ", ".join(allowed)


class _Missing:
    """Marks a key that is absent (as opposed to present and wrong)."""


_MISSING = _Missing()


class _Checker:
    """Collects every problem of one file instead of stopping at the first."""

    def __init__(self, file: str, text: str):
        self.file = file
        self.lines = _Lines(text)
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.lines.line(path), path, message))

    def keys(
        self, raw: Mapping[str, Any], path: str, required: Sequence[str], optional: Sequence[str]
    ) -> None:
        """Unknown keys are errors (a typo must not pass silently); missing required keys too."""
        allowed = (*required, *optional)
        for key in raw:
            if key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                guess = f' (did you mean "{hint[0]}"?)' if hint else ""
                self.problem(_join(path, key), f"unknown key{guess}; allowed keys: {_one_of(allowed)}")
        for key in required:
            if key not in raw:
                self.problem(_join(path, key), "required key is missing")

    def text(
        self, raw: Mapping[str, Any], path: str, key: str, *, max_len: int = TITLE_MAX, too_long: str = ""
    ) -> Any:
        """NFC text, not empty; None when absent or wrong (the problem is recorded)."""
        value = raw.get(key, _MISSING)
        if value is _MISSING:
            return None
        where = _join(path, key)
        if not isinstance(value, str):
            self.problem(where, f"must be text in quotes, not {_show(value)}")
            return None
        value = nfc(value)
        if not value:
            self.problem(where, "must not be empty")
            return None
        if len(value) > max_len:
            self.problem(where, f"is {len(value)} characters long; at most {max_len} are allowed{too_long}")
            return None
        return value

    def code(self, raw: Mapping[str, Any], path: str, key: str = "code", *, max_len: int = CODE_MAX) -> Any:
        value = self.text(raw, path, key, max_len=max_len)
        if value is not None and not _CODE.fullmatch(value):
            self.problem(
                _join(path, key),
                f"{_show(value)} is not a valid code: use lower-case letters a-z, digits and hyphens, "
                'e.g. "ung-ho-quy"',
            )
            return None
        return value

    def integer(
        self, raw: Mapping[str, Any], path: str, key: str, *, minimum: int, maximum: int, unit: str = ""
    ) -> Any:
        """A whole number from `minimum` to `maximum`; None when absent or wrong (the problem is recorded)."""
        value = raw.get(key, _MISSING)
        if value is _MISSING:
            return None
        where = _join(path, key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, f"must be a whole number (no quotes, no decimals), not {_show(value)}")
            return None
        if not minimum <= value <= maximum:
            self.problem(
                where,
                f"{_show(value)} is outside the allowed range {_number(minimum)} – {_number(maximum)}{unit}",
            )
            return None
        return value

    def boolean(self, raw: Mapping[str, Any], path: str, key: str) -> Any:
        value = raw.get(key, _MISSING)
        if value is _MISSING:
            return None
        if not isinstance(value, bool):
            self.problem(_join(path, key), f"must be true or false, not {_show(value)}")
            return None
        return value

    def day(self, raw: Mapping[str, Any], path: str, key: str) -> Any:
        """A calendar date: a TOML date (2026-01-01) or the same in quotes."""
        value = raw.get(key, _MISSING)
        if value is _MISSING:
            return None
        where = _join(path, key)
        if isinstance(value, datetime):
            self.problem(where, f"{_show(value)} has a time; write the date only, e.g. 2026-01-01")
            return None
        if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                self.problem(where, f"{_show(value)} is not a real date")
                return None
        if not isinstance(value, date):
            self.problem(where, f"{_show(value)} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-01")
            return None
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            self.problem(
                where, f"{_show(value)} is outside the years a plan may cover, {FIRST_YEAR} – {LAST_YEAR}"
            )
            return None
        return value

    def month_day(self, raw: Mapping[str, Any], path: str, key: str) -> Any:
        """A day of every year as "MM-DD" (e.g. "10-17" is 17 October)."""
        value = raw.get(key, _MISSING)
        if value is _MISSING:
            return None
        where = _join(path, key)
        match = _MONTH_DAY.fullmatch(value.strip()) if isinstance(value, str) else None
        if match is None:
            self.problem(where, f'{_show(value)} is not a day of the year; write it as "MM-DD", e.g. "10-17"')
            return None
        month, day = int(match.group(1)), int(match.group(2))
        if not _day_exists(month, day):
            self.problem(where, f'{_show(value)} is "MM-DD" (month first): {_no_such_day(month, day)}')
            return None
        return (month, day)

    def choice(self, raw: Mapping[str, Any], path: str, key: str, allowed: Sequence[str]) -> Any:
        value = raw.get(key, _MISSING)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or value not in allowed:
            self.problem(_join(path, key), f"{_show(value)} is not one of {_one_of(allowed)}")
            return None
        return value

    def choices(self, raw: Mapping[str, Any], path: str, key: str, allowed: Sequence[str]) -> Any:
        """A list of distinct values from `allowed`, as a tuple in the written order."""
        value = raw.get(key, _MISSING)
        if value is _MISSING:
            return None
        where = _join(path, key)
        if not isinstance(value, list):
            self.problem(where, f'must be a list such as ["{allowed[0]}"], not {_show(value)}')
            return None
        ok = True
        for item in value:
            if not isinstance(item, str) or item not in allowed:
                self.problem(where, f"{_show(item)} is not one of {_one_of(allowed)}")
                ok = False
        dupes = sorted({item for item in value if isinstance(item, str) and value.count(item) > 1})
        if dupes:
            self.problem(where, f"{', '.join(_show(d) for d in dupes)} is listed twice")
            ok = False
        return tuple(value) if ok else None

    def texts(self, raw: Mapping[str, Any], path: str, key: str) -> Any:
        value = raw.get(key, _MISSING)
        if value is _MISSING:
            return None
        where = _join(path, key)
        if not isinstance(value, list) or not value:
            self.problem(where, f'must be a non-empty list of texts, e.g. ["Tờ trình"], not {_show(value)}')
            return None
        result = []
        for item in value:
            if not isinstance(item, str) or not nfc(item):
                self.problem(where, f"{_show(item)} must be non-empty text in quotes")
                return None
            result.append(nfc(item))
        return tuple(result)

    def tables(self, raw: Mapping[str, Any], name: str) -> list[tuple[str, Mapping[str, Any]]]:
        """A section written as [[name]] tables, with each table's key path ("name[1]", "name[2]"…)."""
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem(name, f"must be written as [[{name}]] tables")
            return []
        return [(f"{name}[{i}]", item) for i, item in enumerate(value, start=1)]

    def unique(self, items: Sequence[tuple[str, str | None]], key: str = "code") -> None:
        """Codes must be unique within a section: they are what an edited file is matched on."""
        seen: dict[str, str] = {}
        for path, value in items:
            if value is None:
                continue
            if value in seen:
                self.problem(_join(path, key), f"{_show(value)} is used twice (first in {seen[value]})")
            else:
                seen[value] = path


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _day_exists(month: int, day: int) -> bool:
    try:
        date(_NOT_LEAP, month, day)
    except ValueError:
        return False
    return True


def _no_such_day(month: int, day: int) -> str:
    """Why (month, day) is not a day of every year, written the Vietnamese way (day/month)."""
    written = f"{day:02d}/{month:02d}"
    if (month, day) == (2, 29):
        return f"{written} does not exist every year; a yearly date must"
    if 1 <= month <= 12:
        return f"there is no {written} (day {day} of month {month})"
    return f"{month} is not a month (1-12)"


_TOP_REQUIRED = ("slug", "title", "starts_on", "ends_on")
_SECTIONS = ("milestones", "deadlines", "target_groups", "criteria", "drives", "award_forms")


def load_plan(path: Path) -> Plan:
    """Read and check a plan file; raises PlanError listing every problem (file, line, key path)."""
    path = Path(path)
    file = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")  # Notepad may save a byte-order mark
    except OSError as exc:
        raise PlanError([Problem(file, None, "", f"cannot read the file: {exc.strerror or exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise PlanError([Problem(file, None, "", "is not UTF-8 text; save it as UTF-8")]) from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError([_syntax_problem(file, str(exc))]) from exc
    except ValueError as exc:  # Python refuses to read an integer of more than 4300 digits
        raise PlanError([_number_too_long(file, text)]) from exc
    return _check_plan(_Checker(file, text), raw, source=path.name)


def _syntax_problem(file: str, message: str) -> Problem:
    """tomllib puts the position in its message: "Invalid value (at line 3, column 9)"."""
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", message)
    if match:
        what = message[: match.start()]
        return Problem(file, int(match.group(1)), "", f"TOML syntax error: {what} (column {match.group(2)})")
    match = re.search(r"\s*\(at end of document\)\s*$", message)
    if match:
        return Problem(
            file, None, "", f"TOML syntax error at the end of the file: {message[: match.start()]}"
        )
    return Problem(file, None, "", f"TOML syntax error: {message}")


def _number_too_long(file: str, text: str) -> Problem:
    run = max(re.finditer(r"[0-9][0-9_]*", text), key=lambda match: len(match.group()), default=None)
    line = text.count("\n", 0, run.start()) + 1 if run else None
    digits = len(run.group().replace("_", "")) if run else 0
    return Problem(file, line, "", f"a {digits}-digit number; no number in a plan is anywhere near that long")


def _check_plan(c: _Checker, raw: Mapping[str, Any], *, source: str | None) -> Plan:
    c.keys(raw, "", _TOP_REQUIRED, ("description", *_SECTIONS))
    slug = c.code(raw, "", "slug", max_len=SLUG_MAX)
    title = c.text(raw, "", "title")
    starts_on = c.day(raw, "", "starts_on")
    ends_on = c.day(raw, "", "ends_on")
    description = c.text(raw, "", "description", max_len=20_000)
    period_ok = starts_on is not None and ends_on is not None
    if period_ok and not starts_on < ends_on:
        c.problem("ends_on", f"{_show(ends_on)} must be after starts_on ({_show(starts_on)})")
        period_ok = False

    milestones = _check_milestones(c, raw, starts_on if period_ok else None, ends_on if period_ok else None)
    deadlines = _check_deadlines(c, raw)
    target_groups = _check_target_groups(c, raw)
    criteria = _check_criteria(c, raw)
    drives = _check_drives(c, raw, starts_on if period_ok else None, ends_on if period_ok else None)
    award_forms = _check_award_forms(c, raw)

    if c.problems:
        raise PlanError(c.problems)
    return Plan(
        slug=slug,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        milestones=milestones,
        deadlines=deadlines,
        target_groups=target_groups,
        criteria=criteria,
        drives=drives,
        award_forms=award_forms,
        source=source,
    )


def _check_milestones(
    c: _Checker, raw: Mapping[str, Any], starts_on: date | None, ends_on: date | None
) -> tuple[PlanMilestone, ...]:
    result = []
    for path, item in c.tables(raw, "milestones"):
        before = len(c.problems)
        c.keys(item, path, ("kind", "title", "date"), ())
        kind = c.choice(item, path, "kind", MILESTONE_KINDS)
        title = c.text(item, path, "title")
        on = c.day(item, path, "date")
        if on is not None and starts_on is not None and ends_on is not None:
            # The final review may fall anywhere in the last year, whatever day the period ends.
            last = date(ends_on.year, 12, 31) if kind == "final_review" else ends_on
            if not starts_on <= on <= last:
                c.problem(
                    _join(path, "date"),
                    f"{_show(on)} is outside the campaign period {_show(starts_on)} – {_show(last)}",
                )
        if len(c.problems) == before:
            result.append(PlanMilestone(kind, title, on))
    return tuple(result)


def _check_deadlines(c: _Checker, raw: Mapping[str, Any]) -> tuple[PlanDeadline, ...]:
    result, codes = [], []
    for path, item in c.tables(raw, "deadlines"):
        before = len(c.problems)
        c.keys(item, path, ("code", "title", "month", "day", "audience"), ())
        code = c.code(item, path)
        codes.append((path, code))
        title = c.text(item, path, "title")
        month = c.integer(item, path, "month", minimum=1, maximum=12)
        day = c.integer(item, path, "day", minimum=1, maximum=31)
        if month is not None and day is not None and not _day_exists(month, day):
            c.problem(_join(path, "day"), _no_such_day(month, day))
        audience = c.choice(item, path, "audience", AUDIENCES)
        if len(c.problems) == before:
            result.append(PlanDeadline(code, title, month, day, audience))
    c.unique(codes)
    return tuple(result)


def _check_target_groups(c: _Checker, raw: Mapping[str, Any]) -> tuple[PlanTargetGroup, ...]:
    result, codes = [], []
    for path, item in c.tables(raw, "target_groups"):
        before = len(c.problems)
        c.keys(item, path, ("code", "title", "scope"), ("emulation_title",))
        code = c.code(item, path)
        codes.append((path, code))
        title = c.text(item, path, "title")
        emulation_title = c.text(item, path, "emulation_title")
        scope = c.choice(item, path, "scope", SCOPES)
        if len(c.problems) == before:
            result.append(PlanTargetGroup(code, title, emulation_title, scope))
    c.unique(codes)
    return tuple(result)


# Which contribution kinds may fulfil a criterion of each measure.
_COUNTS_FOR: dict[str, tuple[str, ...]] = {
    "money": ("money", "goods"),
    "labour_days": ("labour",),
    "count": (),
    "yes_no": (),
}


def _check_criteria(c: _Checker, raw: Mapping[str, Any]) -> tuple[PlanCriterion, ...]:
    result, codes = [], []
    for path, item in c.tables(raw, "criteria"):
        before = len(c.problems)
        c.keys(
            item, path, ("code", "title", "measure", "scopes"), ("description", "counts", "default_target")
        )
        code = c.code(item, path)
        codes.append((path, code))
        title = c.text(
            item,
            path,
            "title",
            max_len=CRITERION_TITLE_MAX,
            too_long=" (to fit a phone screen); put the long wording in description",
        )
        description = c.text(item, path, "description", max_len=4_000)
        measure = c.choice(item, path, "measure", MEASURES)
        scopes = c.choices(item, path, "scopes", SCOPES)
        if scopes == ():
            c.problem(_join(path, "scopes"), f"must name at least one of {_one_of(SCOPES)}")
        counts = c.choices(item, path, "counts", CONTRIBUTION_KINDS) if "counts" in item else ()
        if measure is not None and counts is not None:
            fits = _COUNTS_FOR[measure]
            if not fits and counts:
                c.problem(
                    _join(path, "counts"),
                    f"must be empty for measure {_show(measure)}: no contribution fulfils it, it is declared",
                )
            elif fits and not (counts and set(counts) <= set(fits)):
                c.problem(
                    _join(path, "counts"),
                    f"for measure {_show(measure)} name which of {_one_of(fits)} fulfil it, e.g. "
                    f'counts = ["{fits[0]}"]',
                )
        default_target = c.integer(
            item,
            path,
            "default_target",
            minimum=0,
            maximum=_TARGET_MAX.get(measure, MONEY_TARGET_MAX),
            unit=" đồng" if measure == "money" else "",
        )
        if measure == "yes_no" and default_target is not None and default_target > 1:
            c.problem(
                _join(path, "default_target"), f"{default_target}: a yes_no target is 1 (yes) or 0 (no)"
            )
        if len(c.problems) == before:
            result.append(PlanCriterion(code, title, description, measure, scopes, counts, default_target))
    c.unique(codes)
    return tuple(result)


def _check_drives(
    c: _Checker, raw: Mapping[str, Any], period_start: date | None, period_end: date | None
) -> tuple[PlanDrive, ...]:
    result: list[tuple[str, PlanDrive]] = []
    codes = []
    for path, item in c.tables(raw, "drives"):
        before = len(c.problems)
        yearly = item.get("yearly") is True
        dated = ("starts_on", "ends_on")
        every_year = ("start", "end")
        common = ("target_vnd", "suggested_level")
        # A drive is dated once or yearly; keys of the other form get a message that says so.
        own, other = (every_year, dated) if yearly else (dated, every_year)
        c.keys(
            {k: v for k, v in item.items() if k not in other},
            path,
            ("code", "title", "kinds", *own),
            ("yearly", *common),
        )
        for key in other:
            if key in item:
                if yearly:
                    why = (
                        f"is for a drive dated once; a yearly drive (yearly = true) uses {' and '.join(own)}"
                    )
                else:
                    why = f"is for a yearly drive: add yearly = true, or use {' and '.join(own)}"
                c.problem(_join(path, key), why)
        c.boolean(item, path, "yearly")
        code = c.code(item, path, max_len=DRIVE_CODE_MAX)
        codes.append((path, code))
        title = c.text(item, path, "title")
        if title is not None:
            for mark in _PLACEHOLDER.findall(title):
                if not yearly or mark not in _TITLE_PLACEHOLDERS:
                    allowed = (
                        f"only {' and '.join(_TITLE_PLACEHOLDERS)} in a yearly drive" if yearly else "none"
                    )
                    c.problem(_join(path, "title"), f"{_show(mark)} is not a placeholder; allowed: {allowed}")
        kinds = c.choices(item, path, "kinds", CONTRIBUTION_KINDS)
        if kinds == ():
            c.problem(_join(path, "kinds"), f"must name at least one of {_one_of(CONTRIBUTION_KINDS)}")
        target_vnd = c.integer(item, path, "target_vnd", minimum=0, maximum=DRIVE_TARGET_MAX, unit=" đồng")
        suggested_level = c.text(item, path, "suggested_level")
        if yearly:
            start = c.month_day(item, path, "start")
            end = c.month_day(item, path, "end")
            drive = PlanDrive(code, title, kinds, target_vnd, suggested_level, True, start=start, end=end)
        else:
            starts_on = c.day(item, path, "starts_on")
            ends_on = c.day(item, path, "ends_on")
            if starts_on is not None and ends_on is not None and ends_on < starts_on:
                c.problem(
                    _join(path, "ends_on"), f"{_show(ends_on)} is before starts_on ({_show(starts_on)})"
                )
            if None not in (starts_on, period_start, period_end) and not (
                period_start <= starts_on <= period_end
            ):
                c.problem(
                    _join(path, "starts_on"),
                    f"{_show(starts_on)} is outside the campaign period "
                    f"{_show(period_start)} – {_show(period_end)}",
                )
            drive = PlanDrive(code, title, kinds, target_vnd, suggested_level, False, starts_on, ends_on)
        if len(c.problems) == before:
            result.append((path, drive))
    c.unique(codes)
    # A yearly drive's rows are "<code>-<year>": they must not collide with another drive's code.
    if period_start is not None and period_end is not None:
        seen: dict[str, str] = {}
        for path, drive in result:
            for occ in drive.occurrences(period_start, period_end):
                if seen.get(occ.code, path) != path:
                    c.problem(_join(path, "code"), f"makes drive {_show(occ.code)}, as {seen[occ.code]} does")
                seen.setdefault(occ.code, path)
    return tuple(drive for _, drive in result)


def _check_award_forms(c: _Checker, raw: Mapping[str, Any]) -> tuple[PlanAwardForm, ...]:
    result, codes = [], []
    for path, item in c.tables(raw, "award_forms"):
        before = len(c.problems)
        c.keys(item, path, ("code", "title", "conferred_by", "occasion", "dossier"), ("copies",))
        code = c.code(item, path)
        codes.append((path, code))
        title = c.text(item, path, "title")
        conferred_by = c.text(item, path, "conferred_by", max_len=300)
        occasion = c.choice(item, path, "occasion", OCCASIONS)
        copies = c.integer(item, path, "copies", minimum=1, maximum=COPIES_MAX)
        dossier = c.texts(item, path, "dossier")
        if len(c.problems) == before:
            result.append(PlanAwardForm(code, title, conferred_by, occasion, copies or 1, dossier))
    c.unique(codes)
    return tuple(result)


# ---------------------------------------------------------------------------------------------------------
# Installing

_Row = TypeVar("_Row", bound=Base)


def _assign(row: Base, values: Mapping[str, Any]) -> bool:
    """Set the columns that differ; True if any did (so an unchanged plan leaves rows untouched)."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _upsert(
    session: AsyncSession,
    rows: Sequence[_Row],
    wanted: Sequence[tuple[str, dict[str, Any]]],
    make: Callable[[str, dict[str, Any]], _Row],
) -> tuple[int, int, list[str]]:
    """Insert or update rows matched on code; returns (inserted, updated, codes no longer in the plan)."""
    by_code = {row.code: row for row in rows}  # type: ignore[attr-defined]
    inserted = updated = 0
    for code, values in wanted:
        row = by_code.get(code)
        if row is None:
            session.add(make(code, values))
            inserted += 1
        elif _assign(row, values):
            updated += 1
    kept = sorted(set(by_code) - {code for code, _ in wanted})
    return inserted, updated, kept


async def _rows(session: AsyncSession, model: type[_Row], *where: Any) -> list[_Row]:
    """The rows of `model` matching `where`, oldest first."""
    order = model.id  # type: ignore[attr-defined]
    return list((await session.scalars(select(model).where(*where).order_by(order))).all())


async def install_plan(session: AsyncSession, org: Organisation, plan: Plan, *, now: datetime) -> Campaign:
    """Insert or update the campaign of `plan` for `org` and all its rows; the caller commits.

    Idempotent: installing the same plan again changes nothing (not even loaded_at). An edited plan
    updates rows matched on their code (milestones on kind and order) and adds new ones. Criteria, target
    groups, award forms and drives that left the plan are kept, since commitments, contributions and
    dossiers may refer to them; milestones and deadlines are schedule only and are synced exactly.
    Raises PlanError, before changing anything, if a criterion in use would change its measure or a drive
    code belongs to another campaign of the organisation."""
    if now.tzinfo is None:
        raise ValueError("install_plan needs an aware datetime")
    if org.id is None:
        await session.flush()
    file = plan.source or plan.slug
    campaign = await session.scalar(
        select(Campaign).where(Campaign.org_id == org.id, Campaign.slug == plan.slug)
    )
    criteria = await _rows(session, Criterion, Criterion.campaign_id == campaign.id) if campaign else []
    occurrences = plan.drive_occurrences()
    drives = await _rows(
        session, Drive, Drive.org_id == org.id, Drive.code.in_([o.code for o in occurrences])
    )
    await _refuse_conflicts(session, file, campaign, plan, criteria, drives)

    tally: dict[str, tuple[int, int, list[str]]] = {}
    values = {
        "title": plan.title,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "description": plan.description,
        "source": plan.source,
    }
    if campaign is None:
        campaign = Campaign(org_id=org.id, slug=plan.slug, loaded_at=now, **values)
        session.add(campaign)
        await session.flush()
        tally["campaign"] = (1, 0, [])
    else:
        tally["campaign"] = (0, int(_assign(campaign, values)), [])
    cid = campaign.id

    tally["milestones"] = await _sync_milestones(session, cid, plan.milestones)
    tally["deadlines"] = await _sync_deadlines(session, cid, plan.deadlines)
    tally["target_groups"] = _upsert(
        session,
        await _rows(session, TargetGroup, TargetGroup.campaign_id == cid),
        [
            (g.code, {"title": g.title, "emulation_title": g.emulation_title, "scope": g.scope})
            for g in plan.target_groups
        ],
        lambda code, v: TargetGroup(campaign_id=cid, code=code, **v),
    )
    tally["criteria"] = _upsert(
        session,
        criteria,
        [
            (
                k.code,
                {
                    "title": k.title,
                    "measure": k.measure,
                    "default_target": k.default_target,
                    "scopes": list(k.scopes),
                    "counts": list(k.counts),
                    "position": position,
                },
            )
            for position, k in enumerate(plan.criteria, start=1)
        ],
        lambda code, v: Criterion(campaign_id=cid, code=code, **v),
    )
    tally["award_forms"] = _upsert(
        session,
        await _rows(session, AwardForm, AwardForm.campaign_id == cid),
        [
            (
                a.code,
                {
                    "title": a.title,
                    "conferred_by": a.conferred_by,
                    "occasion": a.occasion,
                    "copies": a.copies,
                    "dossier": list(a.dossier),
                },
            )
            for a in plan.award_forms
        ],
        lambda code, v: AwardForm(campaign_id=cid, code=code, **v),
    )
    tally["drives"] = _upsert(
        session,
        drives,
        [
            (
                o.code,
                {
                    "campaign_id": cid,
                    "title": o.title,
                    "starts_on": o.starts_on,
                    "ends_on": o.ends_on,
                    "target_vnd": o.target_vnd,
                    "suggested_level": o.suggested_level,
                    "kinds": list(o.kinds),
                },
            )
            for o in occurrences
        ],
        lambda code, v: Drive(org_id=org.id, code=code, **v),
    )
    # Drives of this campaign that the plan no longer makes (drives was loaded by the plan's codes).
    gone = await session.scalars(
        select(Drive.code).where(Drive.campaign_id == cid, Drive.code.not_in([o.code for o in occurrences]))
    )
    ins, upd, _ = tally["drives"]
    tally["drives"] = (ins, upd, sorted(gone.all()))

    changed = any(ins or upd for ins, upd, _ in tally.values()) or any(
        kept for name, (_, _, kept) in tally.items() if name in ("milestones", "deadlines")
    )
    if changed:
        campaign.loaded_at = now
    await session.flush()
    for name, (ins, upd, kept) in tally.items():
        if ins or upd or kept:
            verb = "deleted" if name in ("milestones", "deadlines") else "kept, no longer in the plan"
            log.info(
                "plan %s, %s: %d added, %d updated%s",
                plan.slug,
                name,
                ins,
                upd,
                f"; {verb}: {', '.join(kept)}" if kept else "",
            )
    return campaign


async def _refuse_conflicts(
    session: AsyncSession,
    file: str,
    campaign: Campaign | None,
    plan: Plan,
    criteria: Sequence[Criterion],
    drives: Sequence[Drive],
) -> None:
    """What an install must not do silently: re-measure pledged targets, or take another campaign's drive."""
    problems = []
    by_code = {k.code: k for k in criteria}
    for i, wanted in enumerate(plan.criteria, start=1):
        row = by_code.get(wanted.code)
        if row is None or row.measure == wanted.measure:
            continue
        used = await session.scalar(
            select(func.count()).select_from(CommitmentItem).where(CommitmentItem.criterion_id == row.id)
        )
        if used:
            problems.append(
                Problem(
                    file,
                    None,
                    f"criteria[{i}].measure",
                    f"criterion {_show(wanted.code)} cannot change from {row.measure} to {wanted.measure}: "
                    f"{used} commitment(s) pledge it; give the new criterion a new code",
                )
            )
    own = campaign.id if campaign is not None else None
    for drive in drives:
        if drive.campaign_id is not None and drive.campaign_id != own:
            problems.append(
                Problem(
                    file,
                    None,
                    "drives",
                    f"drive code {_show(drive.code)} is already used by another campaign of this "
                    f"organisation (campaign id {drive.campaign_id}); change the drive's code in the file",
                )
            )
    if problems:
        raise PlanError(problems)


async def _sync_milestones(
    session: AsyncSession, campaign_id: int, wanted: Sequence[PlanMilestone]
) -> tuple[int, int, list[str]]:
    """Milestones have no code: the n-th milestone of a kind in the file is the n-th row of that kind."""
    rows = await _rows(session, Milestone, Milestone.campaign_id == campaign_id)
    by_kind: dict[str, list[Milestone]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    inserted = updated = 0
    for milestone in wanted:
        same = by_kind.get(milestone.kind)
        values = {"title": milestone.title, "on_date": milestone.on}
        if same:
            updated += _assign(same.pop(0), values)
        else:
            session.add(Milestone(campaign_id=campaign_id, kind=milestone.kind, **values))
            inserted += 1
    deleted = []
    for left in by_kind.values():
        for row in left:
            deleted.append(f"{row.kind} {row.on_date.isoformat()}")
            await session.delete(row)
    return inserted, updated, deleted


async def _sync_deadlines(
    session: AsyncSession, campaign_id: int, wanted: Sequence[PlanDeadline]
) -> tuple[int, int, list[str]]:
    rows = await _rows(session, Deadline, Deadline.campaign_id == campaign_id)
    by_code: dict[str, Deadline] = {}
    extra = []
    for row in rows:
        if row.code in by_code:
            extra.append(row)
        else:
            by_code[row.code] = row
    inserted = updated = 0
    for deadline in wanted:
        values = {
            "title": deadline.title,
            "month": deadline.month,
            "day": deadline.day,
            "audience": deadline.audience,
        }
        row = by_code.pop(deadline.code, None)
        if row is None:
            session.add(Deadline(campaign_id=campaign_id, code=deadline.code, **values))
            inserted += 1
        else:
            updated += _assign(row, values)
    deleted = []
    for row in [*by_code.values(), *extra]:
        deleted.append(row.code)
        await session.delete(row)
    return inserted, updated, deleted
