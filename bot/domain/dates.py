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


# A date inside other words ("Số 125/QĐ-CĐT, ngày 20/12/2026"), never a piece of a longer number or symbol
# ("15/2026/QĐ-UBND"); or written out, "ngày 20 tháng 12 năm 2026".
_DAY_INSIDE = re.compile(rf"(?<![\d/.\-]){_DAY}(?![\d/.\-]*\d)")
_DAY_WRITTEN = re.compile(r"(\d{1,2})\s+th[áa]ng\s+(\d{1,2})(?:\s+n[ăa]m\s+(\d{4}))?", re.IGNORECASE)


def find_day(typed: str, today: date) -> tuple[date | None, str]:
    """The last date written in `typed` (a reference comes before its date), and the text without it; None
    and the text when it holds none. DateError "no_such_day" for one that does not exist (31/02)."""
    text = _clean(typed)
    found = [*_DAY_INSIDE.finditer(text), *_DAY_WRITTEN.finditer(text)]
    if not found:
        return None, text
    last = max(found, key=lambda match: match.start())
    return _day(*last.groups(), today), _clean(text[: last.start()] + " " + text[last.end() :])


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
