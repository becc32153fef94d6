"""Vietnam's public holidays, built into the days off of reminders for everyone (docs/decisions/0246).

The Labour Code (Bộ luật Lao động 2019, Điều 112) names them: Tết Dương lịch (1/1), Tết Âm lịch (5 days, which
ones the government sets each year), Giỗ Tổ Hùng Vương (10/3 of the lunar calendar), 30/4, 1/5, and 2/9 with
one day before or after; the government moves days each year to make long breaks, a Saturday worked in lieu
(làm bù) for a weekday off. The `holidays` package keeps them: the lunar days from the Vietnamese calendar,
the days off in lieu of a holiday on a weekend, and, for the years the government has announced, its own
calendar (the whole Tết break, the day beside 2/9, the swaps with their weekend days worked). A day it does
not know yet (next year's swaps, announced in the autumn) goes in HOLIDAYS or `[[holidays]]`, a weekend day
worked in `[[working_days]]`.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays


@cache
def _calendar(year: int) -> holidays.HolidayBase:
    # the public sector's days off (the package's default category): what offices, schools and communes keep;
    # named as Vietnamese people name them (“29 Tết”, “Ngày nghỉ (thay cho ngày 26/04/2025)”), day first.
    # Imported by the first day asked of a year, not by every command importing the reminders (2605).
    import holidays

    return holidays.country_holidays("VN", years=year, language="vi")


def public_holidays(year: int) -> tuple[tuple[date, str], ...]:
    """The year's public holidays, (day, name) in the order of the days."""
    return tuple(sorted(_calendar(year).items()))


def is_public_holiday(day: date) -> bool:
    """Whether `day` is a public holiday, or a day off in lieu of one."""
    return day in _calendar(day.year)


def weekend_worked(year: int) -> tuple[date, ...]:
    """The Saturdays and Sundays of `year` the government made working days (làm bù), in order."""
    return tuple(sorted(day for day in _calendar(year).weekend_workdays if day.year == year))


def is_weekend_worked(day: date) -> bool:
    """Whether `day` is a Saturday or Sunday the government made a working day (làm bù)."""
    return day in _calendar(day.year).weekend_workdays
