"""Days said by the lunar calendar, as people in Vietnam say them in the weeks around Tết: “mùng 10 tháng
Giêng”, “rằm tháng Giêng”, “23 tháng Chạp”, “mùng 5 Tết”, “28 Tết”, “giao thừa”, “hôm ông Táo”, “ngày 15 âm
lịch”, “15/8 âm lịch”. Vietnam's calendar is reckoned at UTC+7 (Hồ Ngọc Đức's algorithm, `lunar_vn`): a
Chinese calendar, at UTC+8, begins some months a day apart (decision 0688).

A month is lunar only when it says so: Giêng or Chạp, “âm lịch” (“âm”, “AL”), “rằm”, Tết, ông Táo. “10
tháng 1” or “mùng 2 tháng 9” alone is the solar calendar's, as before. The year is not typed: the day is
the next one to come, or for a day gone by (`PAST`, `LOOKING_BACK`) the latest not after today."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lunar_vn import LunarDate, lunar_to_solar, solar_to_lunar

from bot.clock import LOCAL_TZ
from bot.domain.dates import (
    COMING,
    LOOKING_BACK,
    NEAREST,
    PAST,
    DateError,
    named_day,
    parse_day,
    parse_moment,
    year_left_out,
)
from bot.text import fold

GIENG, CHAP = 1, 12
_MONTHS = {
    "gieng": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi mot": 11,
    "mot": 11,
    "chap": 12,
    **{str(month): month for month in range(1, 13)},
    **{f"0{month}": month for month in range(1, 10)},
}
_SAID_LUNAR = r"(?:\s*\(?(?:theo\s+)?(?P<lunar>am lich|lich am|am|al)\)?)"
# Before the day, as it is said aloud (“hôm”, “vào ngày”); after it “ạ”, “nhé”.
_BEFORE = r"^(?:(?:hom|bua|ngay|vao|on)\s+)*"
_AFTER = r"(?:\s+(?:a|nhe|nha))?$"
_DAY_OF_MONTH = re.compile(
    _BEFORE + r"(?:(?:mung|mong)\s*(?P<early>[0-9]{1,2})|(?P<day>[0-9]{1,2})|(?P<ram>ram))"
    r"(?:\s*(?:thang\s+(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")|\s*/\s*"
    r"(?P<figure>[0-9]{1,2})))?" + _SAID_LUNAR + r"?" + _AFTER
)
_TET = re.compile(_BEFORE + r"(?:(?:mung|mong)\s*)?(?P<day>[0-9]{1,2})?\s*tet" + _SAID_LUNAR + "?" + _AFTER)
_EVE = re.compile(_BEFORE + r"(?:(?:dem|chieu|toi)\s+)?giao thua" + _AFTER)
_KITCHEN_GODS = re.compile(
    _BEFORE + r"(?:(?:le|cung|dua)\s+)?(?:(?:ong cong\s+)?ong tao|tao quan)(?:\s+ve troi)?" + _AFTER
)


@dataclass(frozen=True)
class LunarDay:
    """A lunar day as read: the solar day it falls on, and its day and month in the lunar calendar."""

    on: date
    day: int
    month: int


class NoSuchLunarDay(DateError):
    """A lunar day its month does not have: “30 tháng Chạp” in a year whose Chạp has 29 days. `last`: the
    month's last day, to be named instead."""

    def __init__(self, typed: str, last: LunarDay) -> None:
        super().__init__("no_lunar_day", typed)
        self.last = last


def _said(typed: str) -> tuple[int | None, int | None] | str | None:
    """The lunar day and month said (either may be left out: “ngày 15 âm lịch”, “Tết”), "eve" for the last
    day of Chạp, or None when `typed` says no lunar day."""
    text = fold(typed).strip(" .!?")
    if _EVE.match(text):
        return "eve"
    if _KITCHEN_GODS.match(text):
        return 23, CHAP
    if (tet := _TET.match(text)) is not None:
        day = int(tet.group("day") or 1)
        if 1 <= day <= 10:
            return day, GIENG  # “mùng 5 Tết”
        return (day, CHAP) if 20 <= day <= 30 else None  # “28 Tết”
    found = _DAY_OF_MONTH.match(text)
    if found is None:
        return None
    day = 15 if found.group("ram") else int(found.group("early") or found.group("day"))
    month_word = found.group("month")
    month = _MONTHS[month_word] if month_word else int(found.group("figure") or 0) or None
    said_lunar = found.group("lunar") or found.group("ram") or month_word in ("gieng", "chap")
    if not said_lunar or (month is None and found.group("ram")):
        return None  # “10 tháng 1”, “mùng 2 tháng 9”: the solar calendar's; “rằm” alone: which month?
    if not 1 <= day <= 30 or (month is not None and not 1 <= month <= 12):
        return None
    return day, month


def _month_days(year: int, month: int, leap: bool = False) -> list[date]:
    """The solar days of lunar `month` of lunar `year`, or of its leap month after it (`leap`: none where the
    year has no leap month of that number)."""
    try:
        first = lunar_to_solar(LunarDate(1, month, year, leap))
    except ValueError:  # a year with a leap month, not of that number
        return []
    if solar_to_lunar(first).leap != leap:
        return []  # a year without a leap month: `lunar_vn` gives the month itself
    return [
        first + timedelta(days=n)
        for n in range(30)
        if solar_to_lunar(first + timedelta(days=n)) == LunarDate(n + 1, month, year, leap)
    ]


def lunar_day(typed: str, today: date, lean: str | None = None) -> LunarDay | None:
    """The day a lunar day typed names: the next one to come from `today` (today included), with `lean`
    `PAST` or `LOOKING_BACK` the latest not after today, with `NEAREST` the nearer of the two (a round handed
    over “25 tháng Chạp”, recorded at Tết: the one just gone by, decision 0692). A day said without its month
    (“ngày 15 âm lịch”) is also a leap month's (Mậu Thân's fifth, from 23/6/2028). None when `typed` says no
    lunar day; NoSuchLunarDay for a day its month does not have (“30 tháng Chạp” of a 29-day Chạp), naming
    the month's last day."""
    said = _said(typed)
    if said is None:
        return None
    this_year = solar_to_lunar(today).year
    months = [
        (year, month, days)
        for year in (this_year - 1, this_year, this_year + 1)
        for month in range(1, 13)
        if said == "eve" or said[1] in (None, month)
        for leap in ((False, True) if said != "eve" and said[1] is None else (False,))
        if (days := _month_days(year, month, leap))
    ]
    wanted: list[tuple[date, int, list[date]]] = []  # the day (or where it would be), its number, its month
    for _year, month, days in months:
        number = len(days) if said == "eve" else said[0]
        if said != "eve" and said[1] is None and number > len(days):
            continue  # “ngày 30 âm lịch”: a month that has one
        if said == "eve" and month != CHAP:
            continue
        wanted.append((days[0] + timedelta(days=number - 1), month, days))
    gone = max((one for one in wanted if one[0] <= today), key=lambda one: one[0])
    coming = min((one for one in wanted if one[0] >= today), key=lambda one: one[0])
    if lean in (PAST, LOOKING_BACK):
        on, month, days = gone
    elif lean == NEAREST:
        on, month, days = min(gone, coming, key=lambda one: abs((one[0] - today).days))
    else:
        on, month, days = coming
    if on not in days:
        last = days[-1]
        raise NoSuchLunarDay(typed, LunarDay(last, len(days), month))
    return LunarDay(on, (on - days[0]).days + 1, month)


_BETWEEN = re.compile(r"\s*(?:–|—|-|\bden\b|\bto\b)\s*")
_FROM = re.compile(r"^(?:tu|from)\s+")


def read_lunar_period(typed: str, today: date) -> tuple[date, date, list[LunarDay], bool] | None:
    """A drive's two days when either is said by the lunar calendar (“15/12 - 23 tháng Chạp”, “từ hôm nay
    đến rằm tháng Giêng”): the start as `lunar_day` or `bot.domain.dates` reads it from `today`, the end the
    first such day on or after the start; the lunar days read, to be said back; and whether a start typed
    without its year was moved to the next year: “1/1 - rằm tháng Giêng” typed in December would have ended
    in February gone by, and starts on the coming 1/1, as a solar period does (decisions 0232, 0692). None
    when neither side is a lunar day (then `read_drive_period` reads it); DateError "order" for an end
    before the start."""
    text = _FROM.sub("", fold(typed).strip(" .!?"))
    for between in _BETWEEN.finditer(text):
        start, end = text[: between.start()], text[between.end() :]
        try:
            read = _lunar_sides(start, end, today)
        except NoSuchLunarDay:
            raise
        except DateError:
            continue
        if read is None:
            continue
        starts_on, ends_on, lunar = read
        solar_start = start.removeprefix("ngay ")
        moved = ends_on < today and lunar[0] is None and year_left_out(solar_start)
        if moved and (coming := parse_day(solar_start, today, COMING)) > starts_on:  # within half a year
            starts_on, ends_on, lunar = _lunar_sides(start, end, today, coming) or read
        else:
            moved = False
        if ends_on < starts_on:
            raise DateError("order")
        return starts_on, ends_on, [one for one in lunar if one is not None], moved
    return None


def _lunar_sides(
    start: str, end: str, today: date, starts_on: date | None = None
) -> tuple[date, date, tuple[LunarDay | None, LunarDay | None]] | None:
    """A period's two sides read from `today` (the start on `starts_on` where it is given), and the lunar
    day each side said, if any; None when neither is a lunar day."""
    start_lunar = None if starts_on is not None else lunar_day(start, today)
    starts_on = starts_on or (start_lunar.on if start_lunar else _solar(start, today))
    end_lunar = lunar_day(end, starts_on)
    if start_lunar is None and end_lunar is None:
        return None
    ends_on = end_lunar.on if end_lunar else _solar(end, starts_on, COMING)
    return starts_on, ends_on, (start_lunar, end_lunar)


def _solar(typed: str, today: date, lean: str | None = None) -> date:
    """A side of a period typed by the solar calendar: a day word (“hôm nay”) or a date (“15/12”)."""
    return named_day(typed, today) or parse_day(typed.removeprefix("ngay "), today, lean)


def read_lunar_moment(typed: str, today: date) -> tuple[datetime, LunarDay] | None:
    """An hour on a day said by the lunar calendar (“8h sáng 23 tháng Chạp”, “mùng 5 Tết lúc 7h30”), in UTC
    as `parse_moment` reads the hour, and the lunar day read: the next such day from `today`. None when no
    words of it say a lunar day with an hour and nothing else (then `parse_moment` reads it)."""
    words = fold(typed).replace(",", " ").strip(" .!?").split()
    for length in range(len(words), 0, -1):
        for first in range(len(words) - length + 1):
            said = lunar_day(" ".join(words[first : first + length]), today)
            if said is None:
                continue
            rest = " ".join(words[:first] + words[first + length :])
            try:
                at = parse_moment(rest, said.on)
            except DateError:
                continue
            if at.astimezone(LOCAL_TZ).date() == said.on:  # “mai” beside it: which day is meant?
                return at, said
    return None
