"""Vietnam's public holidays that are certain by law, built into the days off of reminders for everyone.

The Labour Code (Bộ luật Lao động 2019, Điều 112) fixes them: Tết Dương lịch (1/1), Tết Âm lịch (5 days, which
ones the government sets each year), Giỗ Tổ Hùng Vương (10/3 of the lunar calendar), 30/4, 1/5, and 2/9 with
one day before or after (which, the government sets). Built in here is what no year's decision changes: the
solar days, Giỗ Tổ, and the first three days of the lunar New Year (every year's five days of Tết hold them).
The lunar days are computed from the Vietnamese lunar calendar (UTC+7, Hồ Ngọc Đức's method) by `lunar_vn`,
whose years run 1900–2100. The days the government adds each year (the rest of Tết, 2/9's second day, a day
moved to make a long weekend) stay in HOLIDAYS and an organisation's `[[holidays]]` (docs/decisions/0246).
"""

from __future__ import annotations

from datetime import date
from functools import cache

from lunar_vn import SUPPORTED_YEAR_RANGE, LunarDate, lunar_to_solar

# (month, day, name) of the solar and of the lunar calendar; names as the shell's reports say them
SOLAR = (
    (1, 1, "New Year's Day (Tết Dương lịch)"),
    (4, 30, "Reunification Day (30/4)"),
    (5, 1, "Labour Day (1/5)"),
    (9, 2, "National Day (Quốc khánh)"),
)
LUNAR = (
    (1, 1, "Tết Nguyên đán, day 1"),
    (1, 2, "Tết Nguyên đán, day 2"),
    (1, 3, "Tết Nguyên đán, day 3"),
    (3, 10, "Hùng Kings' Day (Giỗ Tổ Hùng Vương)"),
)


@cache
def public_holidays(year: int) -> tuple[tuple[date, str], ...]:
    """The year's built-in public holidays, (day, name) in the order of the days."""
    days = [(date(year, month, day), name) for month, day, name in SOLAR]
    if SUPPORTED_YEAR_RANGE[0] <= year <= SUPPORTED_YEAR_RANGE[1]:
        # a lunar year's first months fall in the solar year of its number (Tết: late January to February)
        days += [(lunar_to_solar(LunarDate(day, month, year)), name) for month, day, name in LUNAR]
    return tuple(sorted(days))


@cache
def _days(year: int) -> frozenset[date]:
    return frozenset(day for day, _name in public_holidays(year))


def is_public_holiday(day: date) -> bool:
    """Whether `day` is one of the built-in public holidays."""
    return day in _days(day.year)
