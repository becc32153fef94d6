"""Time comes from a clock object so tests and benchmarks can set it; stored times are always UTC."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def fixed_clock(at: datetime) -> Clock:
    """A clock that stands still at `at` (aware); tests move it by making a new one."""
    if at.tzinfo is None:
        raise ValueError("fixed_clock needs an aware datetime")
    return lambda: at.astimezone(UTC)


def local_date(at: datetime) -> date:
    """The calendar day in Vietnam for a UTC instant: deadlines and drives are local days."""
    return at.astimezone(LOCAL_TZ).date()


def local_week(at: datetime) -> str:
    """The ISO week of `at` in Vietnam as the weekly messages' keys name it, “2026W50”: its ISO year, so the
    week of Monday 28/12/2026 to Sunday 3/1/2027 is “2026W53” whichever day of it `at` is."""
    week = at.astimezone(LOCAL_TZ).isocalendar()
    return f"{week.year}W{week.week:02d}"
