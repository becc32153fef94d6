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
    YEARS,
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
_BEFORE = r"^(?:(?:hom|bua|ngay|vao|on|the)\s+)*"
_AFTER = r"(?:\s+(?:a|nhe|nha))?$"
_DAY_OF_MONTH = re.compile(
    _BEFORE + r"(?:(?:mung|mong)\s*(?P<early>[0-9]{1,2})|(?P<day>[0-9]{1,2})|(?P<ram>ram))"
    r"(?:\s*(?:thang\s+(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")|\s*/\s*"
    r"(?P<figure>[0-9]{1,2})))?(?:\s+(?P<leap>nhuan))?" + _SAID_LUNAR + r"?" + _AFTER
)
# “mùng một Tết”, “mồng mười tháng Giêng”: the first ten days are said in words too.
_EARLY_WORDS = ["mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"]
_EARLY_IN_WORDS = re.compile(r"\b(?:mung|mong)\s+(" + "|".join(_EARLY_WORDS) + r")\b")
# Tết by its names: “Tết Nguyên đán”, “Tết ta”, “Lunar New Year” (“Tết dương lịch” is not one).
_TET_WORDS = r"(?:tet(?:\s+(?:nguyen dan|co truyen|ta))?|lunar new year|lunar new years day)"
_TET = re.compile(
    _BEFORE + r"(?:(?:mung|mong)\s*)?(?P<day>[0-9]{1,2})?\s*" + _TET_WORDS + _SAID_LUNAR + "?" + _AFTER
)
# The eve is tháng Chạp's last day, its 29th or 30th: “hết tháng Chạp”, through it, is that day (0813).
_EVE = re.compile(
    _BEFORE + r"(?:(?:dem|chieu|toi)\s+)?(?:giao thua|lunar new years eve|tet eve|het thang chap)" + _AFTER
)
_KITCHEN_GODS = re.compile(
    _BEFORE + r"(?:(?:le|cung|dua|tet)\s+)?(?:(?:ong cong\s+)?ong tao|tao quan)(?:\s+ve troi)?" + _AFTER
)
# English, as the bot says a lunar day back (“day 15 of the tenth lunar month”) and as people write it:
# “the 15th day of the 8th lunar month”, “the third day of Tet”.
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]
_EN_NUMBER = r"(?:[0-9]{1,2}(?:st|nd|rd|th)?|" + "|".join(_ORDINALS) + ")"
_EN_DAY = re.compile(
    _BEFORE + r"(?:day\s+(?P<day>[0-9]{1,2})|(?P<nth>" + _EN_NUMBER + r")(?:\s+day)?|(?P<full>full moon))"
    r"\s+of\s+(?:the\s+)?(?:(?P<tet>tet|lunar new year)|(?P<leap>leap\s+)?(?P<month>"
    + _EN_NUMBER
    + r")\s+lunar\s+month)"
    + _AFTER
)
# Festivals kept by the lunar calendar, by the names people give them (decision 0731).
_FESTIVALS = {
    "nguyen tieu": (15, 1),
    "thuong nguyen": (15, 1),
    "lantern festival": (15, 1),
    "han thuc": (3, 3),
    "gio to hung vuong": (10, 3),
    "hung kings festival": (10, 3),
    "phat dan": (15, 4),
    "buddhas birthday": (15, 4),
    "doan ngo": (5, 5),
    "doan duong": (5, 5),
    "diet sau bo": (5, 5),
    "dragon boat festival": (5, 5),
    "vu lan": (15, 7),
    "trung nguyen": (15, 7),
    "xa toi vong nhan": (15, 7),
    "ghost festival": (15, 7),
    "trung thu": (15, 8),
    "ram trung thu": (15, 8),
    "mid autumn": (15, 8),
    "mid autumn festival": (15, 8),
    "moon festival": (15, 8),
    "trung cuu": (9, 9),
    "ha nguyen": (15, 10),
    "kitchen gods day": (23, 12),
    "kitchen god day": (23, 12),
}
_FESTIVAL = re.compile(
    _BEFORE
    + r"(?:(?:le|tet|hoi|dem|cung|ngay)\s+)*(?P<name>"
    + "|".join(sorted(_FESTIVALS, key=len, reverse=True))
    + r")"
    + _SAID_LUNAR
    + "?"
    + _AFTER
)
# The most words a lunar day with an hour is said in (“lúc 8 giờ 30 sáng ngày mùng mười tháng Mười một âm lịch
# năm Bính Ngọ nhé”: 16); a message longer is read by the solar calendar's readers only (decision 0752).
MOST_WORDS = 24
# A year said by its name is read as far as this from this one (“năm Canh Tý” is 2020, “năm Giáp Ngọ” 2014, a
# stem mistyped for Bính Ngọ's): further, the day is asked for by the solar calendar (decision 0753).
NAMED_YEARS_AWAY = 5
# A year said after the day: a number (“năm 2027”, “2027”), “năm nay/sau/ngoái”, or its name (“năm Bính Ngọ”).
_STEMS = ["giap", "at", "binh", "dinh", "mau", "ky", "canh", "tan", "nham", "quy"]
_BRANCHES = ["ty", "suu", "dan", "mao", "thin", "ty", "ngo", "mui", "than", "dau", "tuat", "hoi"]
_RELATIVE = {"nam nay": 0, "this year": 0, "nam sau": 1, "nam toi": 1, "sang nam": 1, "next year": 1}
_RELATIVE |= {"nam ngoai": -1, "nam truoc": -1, "nam qua": -1, "last year": -1}
_YEAR = re.compile(  # not “tháng Năm” itself (“rằm tháng Năm 2028”)
    r"(?<!thang)\s*,?\s+(?:(?:(?:nam|in|of)\s+)?(?P<number>(?:19|20|21)[0-9]{2})|(?P<relative>"
    + "|".join(_RELATIVE)
    + r")|(?:nam\s+)?(?P<stem>"
    + "|".join(_STEMS)
    + r")\s+(?P<branch>"
    + "|".join(set(_BRANCHES) | {"ti", "meo"})
    + r"))"
    + _SAID_LUNAR
    + r"?"
    + _AFTER
)


@dataclass(frozen=True)
class LunarDay:
    """A lunar day as read: the solar day it falls on, and its day and month in the lunar calendar (`leap`:
    of the leap month after that month, “tháng Năm nhuận”)."""

    on: date
    day: int
    month: int
    leap: bool = False


class LunarDayNotRead(DateError):
    """A lunar day typed that names no day for sure; `days`: the solar days to name instead, the first the
    example to type."""

    def __init__(self, reason: str, typed: str, days: list[date]) -> None:
        super().__init__(reason, typed)
        self.days = days


class NoSuchLunarDay(LunarDayNotRead):
    """A lunar day its month does not have: “30 tháng Chạp” in a year whose Chạp has 29 days. `last`: the
    month's last day, to be named instead."""

    def __init__(self, typed: str, last: LunarDay) -> None:
        super().__init__("no_lunar_day", typed, [last.on])
        self.last = last


class NoLeapMonth(LunarDayNotRead):
    """A leap month named (“rằm tháng Sáu nhuận”) where the years read have none: `next`, the first day of
    the next leap month there is, to be named instead."""

    def __init__(self, typed: str, month: int, next_leap: LunarDay) -> None:
        super().__init__("no_leap_month", typed, [next_leap.on])
        self.month = month
        self.next = next_leap


class TwoDaysMeant(LunarDayNotRead):
    """A lunar day that may be either of two solar days: “23 tháng Chạp năm 2027” (the lunar year 2027's,
    in January 2028, or the one in the solar year 2027), “giao thừa” typed on 1 January (the night just gone
    or the lunar eve ten months ago)."""

    def __init__(self, typed: str, days: list[date]) -> None:
        super().__init__("two_days", typed, days)


@dataclass(frozen=True)
class _Said:
    """A lunar day as typed: `day` None for the month's last (“giao thừa”), `month` None where it is not said
    (“ngày 15 âm lịch”), `leap` None where either month may be (no month said); `years`: the lunar and the
    solar year said (“năm 2027”: both; “năm Bính Ngọ”: the lunar one only), None where no year is said."""

    day: int | None
    month: int | None
    leap: bool | None = False
    years: tuple[int, int | None] | None = None


def _ordinal(word: str) -> int:
    return _ORDINALS.index(word) + 1 if word in _ORDINALS else int(word.rstrip("stndrh"))


def _year_said(text: str, today: date) -> tuple[str, tuple[int, int | None] | None]:
    """`text` without the year said at its end, and that year (see `_Said.years`)."""
    found = _YEAR.search(text)
    if found is None or found.start() == 0:
        return text, None
    lunar_year = solar_to_lunar(today).year
    if found.group("number"):
        years: tuple[int, int | None] = (int(found.group("number")),) * 2
    elif found.group("relative"):
        more = _RELATIVE[found.group("relative")]
        years = (lunar_year + more, today.year + more)
    else:  # “Bính Ngọ”: the year of that name nearest this one (names come back every 60 years)
        stem = _STEMS.index(found.group("stem"))
        branch = {"ti": "ty", "meo": "mao"}.get(found.group("branch"), found.group("branch"))
        branches = [n for n, name in enumerate(_BRANCHES) if name == branch and n % 2 == stem % 2]
        if not branches:
            return text, None  # “Giáp Sửu”: no year has that name
        named = [year for year in range(lunar_year - 59, lunar_year + 60) if (year + 6) % 10 == stem]
        named = [year for year in named if (year + 8) % 12 == branches[0]]
        years = (min(named, key=lambda year: abs(year - lunar_year)), None)
    return text[: found.start()], years


def _said(typed: str, today: date) -> _Said | None:
    """The lunar day said, or None when `typed` says no lunar day."""
    text = fold(typed).replace("’", "").replace("'", "").replace("-", " ").strip(" .!?")
    if len(text.split()) > MOST_WORDS:
        return None
    text = _EARLY_IN_WORDS.sub(lambda found: f"mung {_EARLY_WORDS.index(found[1]) + 1}", text)
    text, years = _year_said(text, today)
    said = _day_said(text)
    if said is None or years is None:
        return said
    if said.month is None:
        return None  # “ngày 15 âm lịch năm 2027”: which month?
    if years[1] is None and abs(years[0] - solar_to_lunar(today).year) > NAMED_YEARS_AWAY:
        raise DateError("no_such_day", typed)  # “Tết năm Giáp Ngọ”: 2014, “năm Quý Dậu”: 2053
    return _Said(said.day, said.month, said.leap, years)


def _day_said(text: str) -> _Said | None:
    if _EVE.match(text):
        return _Said(None, CHAP)
    if _KITCHEN_GODS.match(text):
        return _Said(23, CHAP)
    if (festival := _FESTIVAL.match(text)) is not None:
        return _Said(*_FESTIVALS[festival.group("name")])
    if (english := _EN_DAY.match(text)) is not None:
        day = 15 if english.group("full") else int(english.group("day") or _ordinal(english.group("nth")))
        if english.group("tet"):
            return _Said(day, GIENG) if 1 <= day <= 10 else None
        month = _ordinal(english.group("month"))
        return _Said(day, month, bool(english.group("leap"))) if 1 <= day <= 30 and 1 <= month <= 12 else None
    if (tet := _TET.match(text)) is not None:
        day = int(tet.group("day") or 1)
        if 1 <= day <= 10:
            return _Said(day, GIENG)  # “mùng 5 Tết”
        return _Said(day, CHAP) if 20 <= day <= 30 else None  # “28 Tết”
    found = _DAY_OF_MONTH.match(text)
    if found is None:
        return None
    day = 15 if found.group("ram") else int(found.group("early") or found.group("day"))
    month_word = found.group("month")
    month = _MONTHS[month_word] if month_word else int(found.group("figure") or 0) or None
    said_lunar = found.group("lunar") or found.group("ram") or month_word in ("gieng", "chap")
    said_lunar = said_lunar or found.group("leap")  # “15 tháng 4 nhuận”: no solar month is leap
    if not said_lunar or (month is None and found.group("ram")):
        return None  # “10 tháng 1”, “mùng 2 tháng 9”: the solar calendar's; “rằm” alone: which month?
    if not 1 <= day <= 30 or (month is not None and not 1 <= month <= 12):
        return None
    if month is None:
        return None if found.group("leap") else _Said(day, None, None)
    return _Said(day, month, bool(found.group("leap")))


def _month_days(year: int, month: int, leap: bool = False) -> list[date]:
    """The solar days of lunar `month` of lunar `year`, or of its leap month after it (`leap`: none where the
    year has no leap month of that number, or the month ends after the years a day may be in, `YEARS`)."""
    try:
        first = lunar_to_solar(LunarDate(1, month, year, leap))
    except ValueError:  # a year with a leap month, not of that number; a year `lunar_vn` does not reckon
        return []
    if (first + timedelta(days=29)).year > YEARS[-1]:
        return []  # Chạp of the lunar year 2100, partly in 2101
    if solar_to_lunar(first).leap != leap:
        return []  # a year without a leap month: `lunar_vn` gives the month itself
    return [
        first + timedelta(days=n)
        for n in range(30)
        if solar_to_lunar(first + timedelta(days=n)) == LunarDate(n + 1, month, year, leap)
    ]


@dataclass(frozen=True)
class _Wanted:
    on: date  # the day, or where it would be in a month that lacks it
    month: int
    leap: bool
    days: list[date]


def _wanted(said: _Said, years: range | list[int]) -> list[_Wanted]:
    """Each day `said` may be in the lunar `years`, in the order of the calendar."""
    found = []
    for year in years:
        for month in range(1, 13) if said.month is None else (said.month,):
            for leap in (False, True) if said.leap is None else (said.leap,):
                days = _month_days(year, month, leap)
                if not days or (said.month is None and said.day is not None and said.day > len(days)):
                    continue  # no such month; “ngày 30 âm lịch”: a month that has one
                number = len(days) if said.day is None else said.day
                found.append(_Wanted(days[0] + timedelta(days=number - 1), month, leap, days))
    return found


def _next_leap_month(today: date) -> LunarDay:
    """The first day of the next leap month from `today` (one comes every two or three years)."""
    year = solar_to_lunar(today).year
    found = min(
        (
            LunarDay(days[0], 1, month, True)
            for later in range(year, year + 4)
            for month in range(1, 13)
            if (days := _month_days(later, month, True)) and days[-1] >= today
        ),
        default=None,
    )
    if found is None:  # near the end of the years a day may be in (2100)
        raise DateError("no_such_day")
    return found


def lunar_day(
    typed: str, today: date, lean: str | None = None, typed_on: date | None = None
) -> LunarDay | None:
    """The day a lunar day typed names: the next one to come from `today` (today included), with `lean`
    `PAST` or `LOOKING_BACK` the latest not after today, with `NEAREST` the nearer of the two (a round handed
    over “25 tháng Chạp”, recorded at Tết: the one just gone by, decision 0692). A day said without its month
    (“ngày 15 âm lịch”) is also a leap month's (Mậu Thân's fifth, from 23/6/2028). With its year (“năm 2027”,
    “năm sau”, “năm Bính Ngọ”), the day of that lunar year, which must be the day in that solar year too
    (decision 0731). None when `typed` says no lunar day; NoSuchLunarDay for a day its month does not have
    (“30 tháng Chạp” of a 29-day Chạp), naming the month's last day; NoLeapMonth for a leap month the years
    lack; TwoDaysMeant for a day that may be either of two; DateError "no_such_day" for a year outside `YEARS`
    or a year's name further than `NAMED_YEARS_AWAY` (decisions 0752, 0753). `typed_on`: the day it is typed,
    that “năm sau” is said from, where `today` is another (a period's end read from its start)."""
    said = _said(typed, typed_on or today)
    if said is None:
        return None
    if said.years is not None:
        chosen = _in_year(typed, said, today, lean)
    else:
        this_year = solar_to_lunar(today).year
        wanted = _wanted(said, range(this_year - 1, this_year + 2))
        gone = max((one for one in wanted if one.on <= today), key=lambda one: one.on, default=None)
        coming = min((one for one in wanted if one.on >= today), key=lambda one: one.on, default=None)
        if lean in (PAST, LOOKING_BACK):
            chosen = gone
        elif lean == NEAREST:
            chosen = min(
                filter(None, (gone, coming)), key=lambda one: abs((one.on - today).days), default=None
            )
        else:
            chosen = coming
        if chosen is None:  # a leap month, none this side of today within a year: the next one named
            raise NoLeapMonth(typed, said.month or 1, _next_leap_month(today))
        if said.day is None and lean in (PAST, LOOKING_BACK, NEAREST):  # “giao thừa” on 1/1: 31/12 just gone?
            away = abs((chosen.on - today).days)
            for eve in (date(today.year - 1, 12, 31), date(today.year, 12, 31)):
                if abs((eve - today).days) < away and (lean == NEAREST or eve <= today):
                    raise TwoDaysMeant(typed, [eve, chosen.on])
    if chosen.on not in chosen.days:
        last = chosen.days[-1]
        raise NoSuchLunarDay(typed, LunarDay(last, len(chosen.days), chosen.month, chosen.leap))
    return LunarDay(chosen.on, (chosen.on - chosen.days[0]).days + 1, chosen.month, chosen.leap)


def _in_year(typed: str, said: _Said, today: date, lean: str | None) -> _Wanted:
    """The day `said` in the year it says: the lunar year's, and the solar year's where a number or “năm
    sau” says that too. Where the two differ (Chạp of the lunar year 2027 falls in January 2028) and the
    question does not rule one out (a day to come, `lean` None or `COMING`; a day gone by, `PAST` or
    `LOOKING_BACK`: “23 tháng Chạp năm nay” typed in December for a drive's end is the coming one), both
    are named and none is taken."""
    assert said.years is not None
    lunar_year, solar_year = said.years
    if lunar_year not in YEARS or (solar_year is not None and solar_year not in YEARS):
        raise DateError("no_such_day", typed)  # “Trung thu năm 1999”, “Tết 2150”: as “1/1/1999” is
    wanted = {one.on: one for one in _wanted(said, [lunar_year])}
    if solar_year is not None:
        around = _wanted(said, [solar_year - 1, solar_year])
        wanted |= {one.on: one for one in around if one.on.year == solar_year}
    if not wanted and not said.leap:  # “23 tháng Chạp năm 2100”: in 2101
        raise DateError("no_such_day", typed)
    if not wanted:
        raise NoLeapMonth(typed, said.month or 1, _next_leap_month(date(lunar_year, 1, 1)))
    if len(wanted) > 1 and lean != NEAREST:
        back = lean in (PAST, LOOKING_BACK)
        can_be = [on for on in wanted if (on <= today if back else on >= today)]
        wanted = {can_be[0]: wanted[can_be[0]]} if len(can_be) == 1 else wanted
    if len(wanted) > 1 and not any(on in one.days for on, one in wanted.items()):
        nearer = min(wanted, key=lambda on: abs(on - today))  # “30 tháng Chạp năm 2026”: neither has it
        wanted = {nearer: wanted[nearer]}  # the nearer month's last day is named
    if len(wanted) > 1:  # a month that lacks the day (“30 tháng Chạp”) is named by its last day
        raise TwoDaysMeant(
            typed, sorted(on if on in one.days else one.days[-1] for on, one in wanted.items())
        )
    return next(iter(wanted.values()))


# “đến trước Tết”, “before Tet”: no one day, which the officer is asked to say (decision 0786).
_BEFORE_TET = re.compile(r"\b(?:truoc|before)\s+" + _TET_WORDS + r"\b")


def says_before_tet(typed: str) -> bool:
    """Whether `typed` says “before Tết” for a day, which is no day: a drive's end is one to be said."""
    return _BEFORE_TET.search(fold(typed)) is not None


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
    if len(text.split()) > 2 * MOST_WORDS:  # two days said at length: `read_drive_period` refuses it at once
        return None
    for between in _BETWEEN.finditer(text):
        start, end = text[: between.start()], text[between.end() :]
        try:
            read = _lunar_sides(start, end, today)
        except LunarDayNotRead:
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
    end_lunar = lunar_day(end, starts_on, typed_on=today)
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
    if len(words) > MOST_WORDS:  # each stretch of a long message was read: minutes for 4,096 characters
        return None
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
