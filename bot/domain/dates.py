"""Dates and times as officers type them in Vietnam: day first ("17/10/2026", "17-10", "17.10.26"), a period
as two dates ("17/10/2026 - 18/11/2026"), a moment as a date and an hour ("20/11/2026 8:00", "20/11 8h30").
Times are local (Asia/Ho_Chi_Minh) and returned in UTC. A year left out is the year of `today`.
Anything else raises DateError with a reason, and the flow answers with an example."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from datetime import UTC, date, datetime, time

from bot.clock import LOCAL_TZ
from bot.domain.numbers import has_foreign_digits
from bot.text import fold

# Digits are 0–9 (a full-width one is made so by NFKC); “٣١/١٢” or “²/¹²” is no date, as no amount reads them
# (`_clean` keeps NFKC from making “²” a 2).
_DAY = r"([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})(?:\s*[/.\-]\s*([0-9]{2,4}))?"
_ONE_DAY = re.compile(rf"^{_DAY}$")
# "17/10/2026 - 18/11/2026", "từ 1/12 đến 31/12", "ngày 1/12 đến ngày 31/12/2026", "from 1/12 to 31/12", and a
# day named by a word on either side: "ngày mai - 31/12", "từ hôm nay đến 31/12". Read on the folded text.
_NAMED = r"(hom nay|hom qua|hom kia|ngay mai|today|yesterday|tomorrow)"
_SIDE = rf"(?:(?:ngay)\s+)?(?:{_DAY}|{_NAMED})"
_PERIOD = re.compile(rf"^(?:(?:tu|from)\s+)?{_SIDE}\s*(?:-|–|—|den|to)\s*{_SIDE}$")

# A day typed without its year is read in the year a person means (decision 0232): a day someone left, or a
# gift handed over, is past (`PAST`); a drive's end or an appeal's hour is coming (`COMING`); a day that may
# be either is the nearest (`NEAREST`). Only as far as half a year: further, it is this year's, as typed.
# A digest's period looks back whatever the distance (`LOOKING_BACK`): the latest such day not after today,
# as the leader's guide says; “15/12” typed on 5/12 is last year's, never ten days ahead (decision 0358).
PAST, COMING, NEAREST, LOOKING_BACK = "past", "coming", "nearest", "looking back"
_HALF_YEAR = 183
# The years a day typed may be in, by either calendar: “1/1/1999” or “Tết năm 2150” is refused.
YEARS = range(2000, 2101)


class DateError(Exception):
    """Not a date (or period, or moment) as expected; `reason`: "shape", "no_such_day", "order"; `typed`: for
    "no_such_day", the date as written ("31/11/2026"), where it is known."""

    def __init__(self, reason: str, typed: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.typed = typed


def _clean(typed: str) -> str:
    if has_foreign_digits(typed):  # "²", "①", "٣": never a digit of a date, whatever NFKC makes of them
        typed = "".join("?" if has_foreign_digits(ch) else ch for ch in typed)
    return " ".join(unicodedata.normalize("NFKC", typed).split())


def _day(d: str, m: str, y: str | None, today: date, lean: str | None = None) -> date:
    year = today.year if y is None else int(y) + (2000 if len(y) == 2 else 0)
    typed = f"{d}/{m}" + (f"/{y}" if y else "")
    if year not in YEARS:
        raise DateError("no_such_day", typed)
    if y is None and lean is not None:
        return _meant(int(d), int(m), today, lean, typed)
    try:
        return date(year, int(m), int(d))
    except ValueError:
        raise DateError("no_such_day", typed) from None


def _meant(d: int, m: int, today: date, lean: str, typed: str) -> date:
    """Day `d` of month `m`, its year left out, in the year meant: this year's unless it lies on the wrong
    side of `today` for `lean` and the year before (`PAST`) or after (`COMING`), or the nearer (`NEAREST`),
    is within half a year of today: “28/12” typed on 5/1/2027 for a day someone left is 28/12/2026, “5/1”
    typed in December for a drive's end is 5/1 of the next year."""
    found: dict[int, date] = {}
    for shift in (-1, 0, 1):
        with contextlib.suppress(ValueError):  # 29/2 only in a leap year
            found[shift] = date(today.year + shift, m, d)
    if lean == LOOKING_BACK and (before := [day for day in found.values() if day <= today]):
        return max(before)
    near = {shift: day for shift, day in found.items() if abs((day - today).days) < _HALF_YEAR}
    if lean == PAST:
        near = {shift: day for shift, day in near.items() if day <= today}
    elif lean == COMING:
        near = {shift: day for shift, day in near.items() if day >= today}
    if near:
        return min(near.values(), key=lambda day: abs((day - today).days))
    if 0 in found:
        return found[0]
    raise DateError("no_such_day", typed)


# The year first, as files and the international standard write it: "2026-08-31".
_ISO_DAY = re.compile(r"^([0-9]{4})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})$")


def parse_day(typed: str, today: date, lean: str | None = None) -> date:
    """A day as typed: day first ("31/08/2026", "1/9", "31.08.26"), or the year first ("2026-08-31"). A year
    left out is this year's, or with `lean` the year meant (`_meant`)."""
    text = _clean(typed)
    iso = _ISO_DAY.match(text)
    if iso is not None:
        year, month, day = iso.groups()
        return _day(day, month, year, today)
    match = _ONE_DAY.match(text)
    if match is None:
        raise DateError("shape")
    return _day(*match.groups(), today, lean)


def year_left_out(typed: str) -> bool:
    """Whether `typed` is a day written without its year (“28/12”), which `parse_day` reads as meant."""
    match = _ONE_DAY.match(_clean(typed))
    return match is not None and match.group(3) is None


# A day named by a word, as people answer “which day?” on a phone: “hôm nay”, “hom qua”, “yesterday”, a
# time of that day (“sáng nay”, “tối qua”), “bữa qua” as the South says it; “hôm kìa” is the day before
# “hôm kia” (decision 0657).
_NAMED_DAYS = {
    "hom nay": 0,
    "bua nay": 0,
    "today": 0,
    "hom qua": -1,
    "bua qua": -1,
    "yesterday": -1,
    "hom kia": -2,
    "bua kia": -2,
    "ngay mai": 1,
    "tomorrow": 1,
    **{f"{part} nay": 0 for part in ("sang", "trua", "chieu", "toi", "dem")},
    **{f"{part} qua": -1 for part in ("sang", "trua", "chieu", "toi", "dem")},
}
_THREE_DAYS_BACK = re.compile(r"^(?:hôm|bữa) kìa$")


def _weekday(folded: str, today: date, lean: str | None) -> date | None:
    """The day a weekday names (`_WEEKDAYS`), in the week said, or else as `lean` reads it: a day gone by
    (`PAST`, `LOOKING_BACK`) is the latest such day not after today, one to come (`COMING`) the first not
    before; a day that may be either (`NEAREST`) is not guessed. None for anything else."""
    match = _WEEKDAY_SAID.match(folded)
    if match is None or (which := _WHICH_WEEK.get(match.group(3) or "")) is None:
        return None
    if match.group(1) is not None:  # “last Sunday”; “last Sunday last week” is not guessed
        which = None if which else _WHICH_BEFORE[match.group(1)]
        if which is None:
            return None
    wanted, now = _WEEKDAYS[match.group(2)], today.weekday()
    monday = today.toordinal() - now
    shift = {
        _GONE_BY: -((now - wanted - 1) % 7 + 1),
        _STILL_TO_COME: (wanted - now - 1) % 7 + 1,
        _WEEK_BEFORE: monday - 7 + wanted - today.toordinal(),
        _SAME_WEEK: monday + wanted - today.toordinal(),
        _WEEK_AFTER: monday + 7 + wanted - today.toordinal(),
    }.get(which)
    if shift is None and lean in (PAST, LOOKING_BACK):
        shift = -((now - wanted) % 7)
    elif shift is None and lean == COMING:
        shift = (wanted - now) % 7
    return None if shift is None else date.fromordinal(today.toordinal() + shift)


def named_day(typed: str, today: date, lean: str | None = None) -> date | None:
    """The day a word names (“hôm nay”, “hom qua”, “ngày mai”, “sáng nay”), counted from `today`, or a weekday
    (“chủ nhật”, “thứ 7 vừa rồi”: `_weekday`, read as `lean`); None for anything else (then it may be a date:
    `parse_day`)."""
    text = _clean(typed).strip(" .!")
    folded = " ".join(fold(text).split())
    if _THREE_DAYS_BACK.match(" ".join(unicodedata.normalize("NFC", text).lower().split())):
        return date.fromordinal(today.toordinal() - 3)
    shift = _NAMED_DAYS.get(folded)
    if shift is None:
        return _weekday(folded, today, lean)
    return date.fromordinal(today.toordinal() + shift)


def parse_full_day(typed: str) -> date:
    """A day with its year, as a command's option holds it: "31/08/2026", "1/9/2026" or "2026-08-31" — one
    reader for every date option of the shell. A year left out is "shape" (no clock is asked to guess it)."""
    text = _clean(typed)
    match = _ONE_DAY.match(text)
    if match is not None and match.group(3) is None:
        raise DateError("shape")
    return parse_day(text, date(2000, 1, 1))


# A date inside other words ("Số 125/QĐ-CĐT, ngày 20/12/2026"), never a piece of a longer number or symbol
# ("15/2026/QĐ-UBND"); or written out, "ngày 20 tháng 12 năm 2026".
_DAY_INSIDE = re.compile(rf"(?<![0-9/.\-]){_DAY}(?![0-9/.\-]*[0-9])")
_DAY_WRITTEN = re.compile(r"([0-9]{1,2})\s+th[áa]ng\s+([0-9]{1,2})(?:\s+n[ăa]m\s+([0-9]{4}))?", re.IGNORECASE)


def find_day(typed: str, today: date, lean: str | None = None) -> tuple[date | None, str]:
    """The last date written in `typed` (a reference comes before its date), and the text without it; None
    and the text when it holds none. DateError "no_such_day" for one that does not exist (31/02)."""
    day, before, after = find_day_between(typed, today, lean)
    return (day, _clean(f"{before} {after}")) if day is not None else (None, before)


def find_day_between(typed: str, today: date, lean: str | None = None) -> tuple[date | None, str, str]:
    """The last date written in `typed`, as `find_day` finds it, with the words before it and after it (a
    word leading it, “hôm 5/12”, is the last of those before); None, the text and nothing after it when it
    holds none."""
    text = _clean(typed)
    found = [*_DAY_INSIDE.finditer(text), *_DAY_WRITTEN.finditer(text)]
    if not found:
        return None, text, ""
    last = max(found, key=lambda match: match.start())
    return _day(*last.groups(), today, lean), text[: last.start()], text[last.end() :]


# How far past the new year an end typed without its year may reach ("15/12 - 31/1", a Tết drive): further
# ("18/11 - 17/10") it is dates typed the wrong way round, and refused.
_ROLLOVER_DAYS = _HALF_YEAR

# How `read_drive_period` read a period whose years were left out: the end in the year after the start's
# (decision 0230), or the whole period in the next year (decision 0232).
END_NEXT_YEAR, NEXT_YEAR = "end_next_year", "next_year"


def _sides(typed: str) -> tuple[tuple[str | None, ...], tuple[str | None, ...]]:
    match = _PERIOD.match(fold(_clean(typed)))
    if match is None:
        raise DateError("shape")
    groups = match.groups()
    return groups[:4], groups[4:]


def _side(side: tuple[str | None, ...], today: date, lean: str | None = None) -> date:
    """One side of a period: a date (`_day`) or a day named by a word (“hôm nay”, `named_day`)."""
    if side[3] is not None:
        return date.fromordinal(today.toordinal() + _NAMED_DAYS[side[3]])
    return _day(side[0], side[1], side[2], today, lean)  # type: ignore[arg-type]


def _year_left_out(side: tuple[str | None, ...]) -> bool:
    return side[3] is None and side[2] is None


# A drive's period said from now (“từ nay đến 31/12”, “from now to 31/12”) or by its end alone (“đến 23 tháng
# Chạp”, “until 31/12”), as officers open a drive that takes gifts at once (decision 0786).
_FROM_NOW = re.compile(r"^(?:tu|from)\s+(?:nay|bay gio|gio|now)\s*(?=(?:-|–|—|den\b|to\b))")
# “đến hết 31/12”, “đến hết ngày 23 tháng Chạp”: through that day, which an end is; “cho đến”, “until”: “đến”.
# “đến hết tháng Chạp” keeps its “hết”: the month's last day, which the lunar reader reads (decision 0813).
_THROUGH = re.compile(
    r"\b(?:(?:cho\s+)?den|cho\s+toi|until|till|to)(?:\s+het(?:\s+ngay)?(?!\s+thang))?(?=\s)"
)
_END_ALONE = re.compile(r"^(?:den|up to)\s+(?P<end>\S.*)$")


def said_from_now(typed: str, starts: str = "hom nay", from_now: str = "hom nay") -> str:
    """`typed`, a drive's period, with a start said as now (“từ nay”) written as `from_now`, and one left
    out (“đến 23 tháng Chạp”) as `starts`: today's word, or where a drive's period is changed, its own start
    (and, for “từ nay”, today where that start is still to come: decision 0813); “đến hết …” as “đến …”
    (decision 0786). Folded where changed; anything else as typed."""
    folded = fold(_clean(typed)).strip(" .!?")
    text = _THROUGH.sub("den", folded)
    if (alone := _END_ALONE.match(text)) is not None:
        return f"{starts} - {alone['end']}"
    if _FROM_NOW.match(text):
        return _FROM_NOW.sub(f"{from_now} ", text)
    return typed if text == folded else text


def parse_period(typed: str, today: date) -> tuple[date, date]:
    """Two dates; the second on or after the first."""
    starts_on, ends_on, _moved = read_drive_period(typed, today)
    return starts_on, ends_on


def read_drive_period(typed: str, today: date) -> tuple[date, date, str | None]:
    """A drive's two dates, and how years left out were read (None: as typed, in this year).
    - A start without its year before an end typed with one is the last such day on or before the end
      ("5/1 - 31/1/2027" is 5/1/2027).
    - An end typed without its year that falls before the start ("15/12 - 31/1") is in the next year when
      that makes a drive of under half a year (decision 0230): `END_NEXT_YEAR`. Otherwise an end before the
      start is "order".
    - A period typed with no year at all that has already ended ("5/1 - 31/1" typed in December) is in the
      next year when that starts within half a year (decision 0232): `NEXT_YEAR`.
    An end typed with its year is never moved."""
    start, end = _sides(typed)
    ends_on = _side(end, today)
    if _year_left_out(start) and not _year_left_out(end) and end[3] is None:
        starts_on = _side(start, ends_on)
        if starts_on > ends_on:
            starts_on = _side((start[0], start[1], str(ends_on.year - 1), None), today)
    else:
        starts_on = _side(start, today)
    moved: str | None = None
    if ends_on < starts_on:
        if not _year_left_out(end):
            raise DateError("order")
        later = _day(end[0], end[1], str(starts_on.year + 1), today)  # type: ignore[arg-type]
        if (later - starts_on).days >= _ROLLOVER_DAYS:
            raise DateError("order")
        ends_on, moved = later, END_NEXT_YEAR
    if _year_left_out(start) and _year_left_out(end) and ends_on < today:
        with contextlib.suppress(ValueError):  # 29/2 has no next year's
            starts_next, ends_next = (
                starts_on.replace(year=starts_on.year + 1),
                ends_on.replace(year=ends_on.year + 1),
            )
            if (starts_next - today).days < _HALF_YEAR:
                return starts_next, ends_next, NEXT_YEAR
    return starts_on, ends_on, moved


def read_period(typed: str, today: date, lean: str | None = None) -> tuple[date, date, bool]:
    """Two dates in either order: the earlier, the later, and whether they were typed the other way round
    ("30/11/2026 - 1/11/2026"), for the reader to be told how they were read. `lean`: as `parse_day`'s."""
    start, end = _sides(typed)
    first, second = _side(start, today, lean), _side(end, today, lean)
    if lean == LOOKING_BACK and second < first and end[2] is None and end[3] is None:  # its year left out
        # Each day the latest not after today read “1/12 - 9/12” on 7/12 as 09/12/2025 – 01/12/2026, typed
        # the other way round: the last day still to come is read after the first when that is the nearer
        # reading (decision 0370), and the reader stops at today.
        with contextlib.suppress(ValueError):
            ahead = second.replace(year=second.year + 1)
            if ahead - first < first - second:
                second = ahead
    return min(first, second), max(first, second), second < first


# A moment as people type it, read on the folded text (no accents): a date or a day word, an hour, and the
# words around them — "20/11/2026 08:00", "20/11 lúc 8h30", "8 giờ ngày 20/11", "14h00, 20/11/2026",
# "8h sáng mai", "2 giờ chiều nay", "tomorrow 8am". Any other word makes it unreadable (never a guess).
_HOUR = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*(?:(h|:|gio)\s*(\d{2})?\s*(?:phut|p)?|(am|pm))?(?![\d/.\-])")
_DAY_WORDS = {
    "hom nay": 0,
    "nay": 0,
    "today": 0,
    "ngay mai": 1,
    "mai": 1,
    "tomorrow": 1,
    "ngay kia": 2,
    "mot": 2,
}
_AFTERNOON = {"chieu", "toi", "pm"}  # 2 giờ chiều is 14:00; 8 giờ tối 20:00
_FILLER = {"luc", "vao", "at", "on", "ngay", "sang", "trua", "chieu", "toi", "am", "pm", "the"}
_DAY_WORD = re.compile(r"\b(" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + r")\b")
# A day of the week, the next one after today (“7h30 thứ Hai”, “thứ 2 tuần sau 7h30”, “T2 7:30”, “Monday
# 7:30”), or the weekday of the date written beside it (“thứ Hai 07/12”); Monday is 0, as date.weekday()
# counts (decision 0318).
_WEEKDAYS = {
    **{f"thu {word}": day for day, word in enumerate(("hai", "ba", "tu", "nam", "sau", "bay"))},
    **{f"thu {day + 2}": day for day in range(6)},
    **{f"t{day + 2}": day for day in range(6)},
    "chu nhat": 6,
    "cn": 6,
    **{
        name: day
        for day, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}
_WEEKDAY = re.compile(
    r"\b(?:next\s+)?(" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)).replace(" ", r"\s*") + r")"
    r"\b"
)
# “tuần sau” anywhere beside a weekday names next week's (“thứ 4 tuần sau” on a Monday is in nine days, not
# two; “T2 7:30 tuần sau”); weeks begin on Monday, as the calendar on the wall (decision 0329).
_NEXT_WEEK = re.compile(r"\b(?:tuan\s+(?:sau|toi)|next\s+week)\b")

# A day named by its weekday (`_WEEKDAYS`: “thứ 2”, “thứ hai”, “T2” … “chủ nhật”, “CN”) as the answer to
# “which day?” (decision 0657), and after it which week: “vừa rồi” (the one gone by), “tới” (the one to come),
# “tuần trước”, “tuần này”, “tuần sau”. Compared without accents.
_GONE_BY, _STILL_TO_COME, _WEEK_BEFORE, _SAME_WEEK, _WEEK_AFTER = "gone", "to come", "last", "this", "next"
_WHICH_WEEK = {
    "": "",
    **dict.fromkeys(("vua roi", "vua qua", "roi", "truoc"), _GONE_BY),
    **dict.fromkeys(("toi", "sap toi"), _STILL_TO_COME),
    **dict.fromkeys(("tuan truoc", "tuan roi", "tuan vua roi", "tuan vua qua"), _WEEK_BEFORE),
    **dict.fromkeys(("nay", "tuan nay"), _SAME_WEEK),
    **dict.fromkeys(("tuan sau", "tuan toi"), _WEEK_AFTER),
}
# Said aloud, “hôm”, “bữa”, “ngày”, “vào” (“on”) may come before it and “ạ”, “nhé” after it; in English
# “last”, “this”, “next” before it or “last week” … after it (“last Sunday”, “Sunday last week”: 0664).
_WHICH_WEEK.update({"last week": _WEEK_BEFORE, "this week": _SAME_WEEK, "next week": _WEEK_AFTER})
_WHICH_BEFORE = {"last": _GONE_BY, "this": _SAME_WEEK, "next": _STILL_TO_COME}
_WEEKDAY_SAID = re.compile(
    r"^(?:(?:hom|bua|ngay|vao|on) )?(?:(last|this|next) )?"
    rf"({'|'.join(sorted(_WEEKDAYS, key=len, reverse=True))})(?: (.+?))?(?: (?:a|nhe|nha))?$"
)


def parse_moment(typed: str, today: date) -> datetime:
    """A local date and hour, in UTC. The date is written (a year left out is this year's) or a day word
    (hôm nay, mai, ngày kia); left out, today. The hour is 0–23, or 1–11 with chiều/tối (or pm) for the
    afternoon, 1–3 with trưa for after noon."""
    text = fold(_clean(typed)).replace(",", " ")
    on: date | None = None
    written = re.search(_DAY, text)
    if written is not None:
        on = _day(*written.groups(), today, COMING)  # an appeal is set to go out later (decision 0232)
        text = text[: written.start()] + " " + text[written.end() :]
    named = _DAY_WORD.search(text)
    if named is not None:
        if on is not None:
            raise DateError("shape")  # a date and a day word: which one is meant?
        on = date.fromordinal(today.toordinal() + _DAY_WORDS[named.group(1)])
        text = text[: named.start()] + " " + text[named.end() :]
    weekday = _WEEKDAY.search(text)
    if weekday is not None:
        day = _WEEKDAYS[re.sub(r"\s+", " ", weekday.group(1))]
        text = text[: weekday.start()] + " " + text[weekday.end() :]
        next_week = _NEXT_WEEK.search(text)
        if next_week is not None:
            meant = date.fromordinal(today.toordinal() - today.weekday() + 7 + day)
            text = text[: next_week.start()] + " " + text[next_week.end() :]
        else:
            meant = date.fromordinal(today.toordinal() + ((day - today.weekday()) % 7 or 7))
        if on is not None and (on.weekday() != day or (next_week is not None and on != meant)):
            raise DateError("shape")  # a date and another weekday: which one is meant?
        on = on or meant
    hours = list(_HOUR.finditer(text))
    if len(hours) != 1:
        raise DateError("shape")
    hour_match = hours[0]
    words = set((text[: hour_match.start()] + " " + text[hour_match.end() :]).split())
    if not words <= _FILLER:
        raise DateError("shape")
    hour, marker, minute, half = hour_match.group(1, 2, 3, 4)
    if marker is None and half is None and written is None and not words & {"luc", "at"}:
        raise DateError("shape")  # a lone number without a date is not an hour
    hour, minute = int(hour), int(minute or 0)
    if half is not None and not 1 <= hour <= 12:
        raise DateError("no_such_day")  # 0am, 14pm
    if half == "am" and hour == 12:
        hour = 0  # 12am is midnight
    if hour > 23 or minute > 59:
        raise DateError("no_such_day")
    afternoon = bool(words & _AFTERNOON) or half == "pm"
    if (afternoon and 1 <= hour < 12) or ("trua" in words and 1 <= hour <= 3):
        hour += 12
    local = datetime.combine(on or today, time(hour, minute), tzinfo=LOCAL_TZ)
    return local.astimezone(UTC)
