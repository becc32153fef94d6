"""Dates and times as officers type them in Vietnam: day first ("17/10/2026", "17-10", "17.10.26"), a period
as two dates ("17/10/2026 - 18/11/2026"), a moment as a date and an hour ("20/11/2026 8:00", "20/11 8h30").
Times are local (Asia/Ho_Chi_Minh) and returned in UTC. A year left out is the year of `today`.
Anything else raises DateError with a reason, and the flow answers with an example."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time

from bot.clock import LOCAL_TZ

_DAY = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2,4}))?"
_ONE_DAY = re.compile(rf"^{_DAY}$")
_PERIOD = re.compile(rf"^{_DAY}\s*(?:-|–|—|đến|den|to)\s*{_DAY}$", re.IGNORECASE)
_MOMENT = re.compile(
    rf"^{_DAY}\s*(?:lúc|luc|at)?\s+(\d{{1,2}})\s*(?:(?:[:h]|giờ|gio)\s*(\d{{2}})?)?\s*(?:phút|p)?$", re.I
)


class DateError(Exception):
    """Not a date (or period, or moment) as expected; `reason`: "shape", "no_such_day", "order"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _clean(typed: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", typed).split())


def _day(d: str, m: str, y: str | None, today: date) -> date:
    year = today.year if y is None else int(y) + (2000 if len(y) == 2 else 0)
    if not 2000 <= year <= 2100:
        raise DateError("no_such_day")
    try:
        return date(year, int(m), int(d))
    except ValueError:
        raise DateError("no_such_day") from None


def parse_day(typed: str, today: date) -> date:
    match = _ONE_DAY.match(_clean(typed))
    if match is None:
        raise DateError("shape")
    return _day(*match.groups(), today)


def parse_period(typed: str, today: date) -> tuple[date, date]:
    """Two dates; the second on or after the first."""
    match = _PERIOD.match(_clean(typed))
    if match is None:
        raise DateError("shape")
    groups = match.groups()
    starts_on, ends_on = _day(*groups[:3], today), _day(*groups[3:], today)
    if ends_on < starts_on:
        raise DateError("order")
    return starts_on, ends_on


def parse_moment(typed: str, today: date) -> datetime:
    """A local date and hour, in UTC."""
    match = _MOMENT.match(_clean(typed))
    if match is None:
        raise DateError("shape")
    d, m, y, hour, minute = match.groups()
    if int(hour) > 23 or int(minute or 0) > 59:
        raise DateError("no_such_day")
    local = datetime.combine(_day(d, m, y, today), time(int(hour), int(minute or 0)), tzinfo=LOCAL_TZ)
    return local.astimezone(UTC)
