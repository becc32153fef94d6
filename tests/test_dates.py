"""Dates and hours as officers type them when they schedule an appeal: written dates, hour first or last, and
the day words and parts of the day of everyday Vietnamese (or English), with or without accents."""

from __future__ import annotations

from datetime import date

import pytest

from bot.clock import LOCAL_TZ
from bot.domain import lunar_days
from bot.domain.dates import (
    COMING,
    END_NEXT_YEAR,
    NEAREST,
    NEXT_YEAR,
    PAST,
    DateError,
    find_day,
    named_day,
    parse_day,
    parse_moment,
    parse_period,
    read_drive_period,
    read_period,
)
from bot.domain.lunar_days import (
    NoSuchLunarDay,
    lunar_day,
    read_lunar_moment,
    read_lunar_period,
)
from tests.support.counting import counted

TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("typed", "local"),
    [
        ("20/11/2026 08:00", "20/11/2026 08:00"),
        ("20/12 8h30", "20/12/2026 08:30"),
        ("20/12/2026 lúc 08 giờ 30 phút", "20/12/2026 08:30"),
        ("20.12.26 8h", "20/12/2026 08:00"),
        ("20/12/2026 8", "20/12/2026 08:00"),
        ("8 giờ ngày 20/12", "20/12/2026 08:00"),  # the hour first, as letters write it
        ("14h00, 20/12/2026", "20/12/2026 14:00"),
        ("8h sáng mai", "02/12/2026 08:00"),
        ("8h sang mai", "02/12/2026 08:00"),  # without accents
        ("mai 8h", "02/12/2026 08:00"),
        ("2 giờ chiều nay", "01/12/2026 14:00"),
        ("8h30 tối 3/12", "03/12/2026 20:30"),
        ("1h trưa ngày mai", "02/12/2026 13:00"),
        ("12h trưa mai", "02/12/2026 12:00"),
        ("ngày kia 9h", "03/12/2026 09:00"),
        ("tomorrow 8am", "02/12/2026 08:00"),
        ("tomorrow at 2pm", "02/12/2026 14:00"),
        ("15h", "01/12/2026 15:00"),
        ("7h30 thứ Hai", "07/12/2026 07:30"),  # the next Monday (decision 0318)
        ("thứ 2 tuần sau 7h30", "07/12/2026 07:30"),
        ("T2 7:30", "07/12/2026 07:30"),
        ("7h30 sáng thứ Hai, ngày 07/12/2026", "07/12/2026 07:30"),  # the weekday of its date
        ("thứ ba 8h", "08/12/2026 08:00"),  # said on a Tuesday: the next one, today is “hôm nay”
        ("chủ nhật 9h", "06/12/2026 09:00"),
        ("Monday 7:30am", "07/12/2026 07:30"),
        # next week's, not this week's: on a Tuesday “thứ 4 tuần sau” read tomorrow (decision 0329)
        ("thứ 4 tuần sau 7h", "09/12/2026 07:00"),
        ("chủ nhật tuần sau 9h", "13/12/2026 09:00"),
        ("T2 7:30 tuần sau", "07/12/2026 07:30"),  # “tuần sau” after the hour
        ("Wednesday next week 9am", "09/12/2026 09:00"),
    ],
)
def test_a_moment_reads_as_people_type_it(typed: str, local: str) -> None:
    assert parse_moment(typed, TODAY).astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M") == local


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("20/12", "shape"),  # no hour
        ("8", "shape"),  # a lone number is not an hour
        ("8 mai", "shape"),
        ("mai 20/12 8h", "shape"),  # a day word and a date: which one?
        ("8h hay 9h mai", "shape"),  # two hours
        ("gửi luôn 8h", "shape"),  # words that are not a date or an hour are never guessed past
        ("thứ Ba 07/12 7h30", "shape"),  # 07/12 is a Monday: which one is meant?
        ("thứ Tư tuần sau 02/12 8h", "shape"),  # tomorrow's Wednesday is not next week's
        ("thứ 8 7h", "shape"),  # no such day
        ("T2", "shape"),  # no hour
        ("20/12 25h", "no_such_day"),
        ("31/11 8h", "no_such_day"),
        ("14pm", "no_such_day"),
    ],
)
def test_what_is_not_a_moment_is_refused_with_its_reason(typed: str, reason: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_moment(typed, TODAY)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    "typed",
    [
        "1/12/2026 - 31/12/2026",
        "1/12-31/12",
        "từ 1/12 đến 31/12",
        "tu 1/12 den 31/12/2026",
        "ngày 1/12 đến ngày 31/12",
        "from 1/12 to 31/12",
        "1/12 – 31/12/2026",
        "hôm nay - 31/12",  # a day named by a word on either side (decision 0232)
        "hom nay - 31/12",
        "tu hom nay den 31/12",
        "từ hôm nay đến ngày 31/12",
    ],
)
def test_a_drives_period_reads_as_people_write_it(typed: str) -> None:
    assert parse_period(typed, TODAY) == (date(2026, 12, 1), date(2026, 12, 31))


DECEMBER, JANUARY = date(2026, 12, 3), date(2027, 1, 5)


@pytest.mark.parametrize(
    ("typed", "today", "read"),
    [
        # a drive typed in December without its years, already past this year: next year's, and said so
        ("5/1 - 31/1", DECEMBER, (date(2027, 1, 5), date(2027, 1, 31), NEXT_YEAR)),
        ("ngày mai - 31/12", DECEMBER, (date(2026, 12, 4), date(2026, 12, 31), None)),
        ("15/12 - 31/1", DECEMBER, (date(2026, 12, 15), date(2027, 1, 31), END_NEXT_YEAR)),  # decision 0230
        ("1/11 - 30/11", DECEMBER, (date(2026, 11, 1), date(2026, 11, 30), None)),  # next year is too far
        ("5/1/2026 - 31/1/2026", DECEMBER, (date(2026, 1, 5), date(2026, 1, 31), None)),  # years: as typed
        ("5/1 - 31/1/2027", DECEMBER, (date(2027, 1, 5), date(2027, 1, 31), None)),  # the start in the end's
        ("1/12 - 31/1/2027", DECEMBER, (date(2026, 12, 1), date(2027, 1, 31), None)),
    ],
)
def test_a_period_typed_without_years_is_read_in_the_year_meant(
    typed: str, today: date, read: tuple[date, date, str | None]
) -> None:
    assert read_drive_period(typed, today) == read


def test_a_day_typed_without_its_year_leans_as_meant() -> None:
    """A day someone left, a handover, a decision signed: past; an appeal's hour: coming; a gift round's day:
    the nearest. Never further than half a year, and a year typed is never moved (decision 0232)."""
    assert parse_day("28/12", JANUARY, PAST) == date(2026, 12, 28)
    assert parse_day("5/12", DECEMBER, PAST) == date(2026, 12, 5)  # not yet: said so by the flow, not moved
    assert parse_day("28/12/2027", JANUARY, PAST) == date(2027, 12, 28)
    assert parse_day("15/1", DECEMBER, NEAREST) == date(2027, 1, 15)
    assert parse_day("28/11", DECEMBER, NEAREST) == date(2026, 11, 28)
    assert parse_day("15/1", DECEMBER, COMING) == date(2027, 1, 15)
    assert find_day("Số 12/QĐ-CĐT ngày 20/12", JANUARY, PAST)[0] == date(2026, 12, 20)
    assert (
        parse_moment("5/1 8h", DECEMBER).astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M") == "05/01/2027 08:00"
    )
    assert parse_moment("20/11 8h", DECEMBER).astimezone(LOCAL_TZ).year == 2026  # past: the flow says so
    assert read_period("15/12 - 4/1", JANUARY, PAST) == (date(2026, 12, 15), date(2027, 1, 4), False)


@pytest.mark.parametrize("typed", ["٣١/١٢", "²/¹²", "३१/१२/२०२६", "31/¹²", "①/12"])
def test_a_day_in_digits_other_than_0_to_9_is_no_day_as_no_amount_is(typed: str) -> None:
    """An amount asks for 0–9 (“²” or “٣” is never read as a figure); a day does the same, so what the last
    look shows back is what was meant, never a day made of a superscript."""
    with pytest.raises(DateError) as refused:
        parse_day(typed, TODAY)
    assert refused.value.reason == "shape"
    assert find_day(typed, TODAY)[0] is None


def test_a_day_in_full_width_digits_reads_as_typed() -> None:
    assert parse_day("３１/１２", TODAY) == date(2026, 12, 31)


SATURDAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("typed", "lean", "read"),
    [
        # a day worked, named as a hamlet officer says it: the most recent such day, never one to come; each
        # was refused (“chủ nhật”, “CN”, “thứ 7”, “sáng nay”) or read a day later (“hôm kìa”) (decision 0657)
        ("chủ nhật", PAST, date(2026, 11, 29)),
        ("CN", PAST, date(2026, 11, 29)),
        ("thứ 7", PAST, SATURDAY),  # today is one
        ("Thứ bảy vừa rồi", PAST, date(2026, 11, 28)),  # “vừa rồi”: the one gone by, not today
        ("t6 tuần trước", PAST, date(2026, 11, 27)),
        ("sáng nay", PAST, SATURDAY),
        ("tối qua", PAST, date(2026, 12, 4)),
        ("hôm kìa", PAST, date(2026, 12, 2)),  # three days back; “hôm kia” two
        ("hôm kia", PAST, date(2026, 12, 3)),
        # a day still to come: the coming one; a day that may be either, only with its week said
        ("chủ nhật", COMING, date(2026, 12, 6)),
        ("thứ 2 tuần sau", NEAREST, date(2026, 12, 7)),
        ("thứ 2", NEAREST, None),
        # as it is said aloud, “hôm” before it; an English member's “last Sunday”: both were refused with the
        # example (decision 0664)
        ("hôm chủ nhật", PAST, date(2026, 11, 29)),
        ("last Sunday", PAST, date(2026, 11, 29)),
    ],
)
def test_a_day_named_by_its_weekday_or_time_of_day_is_the_one_meant(
    typed: str, lean: str, read: date | None
) -> None:
    assert named_day(typed, SATURDAY, lean) == read


@pytest.mark.parametrize(
    ("typed", "lean", "read"),
    [
        # Tết 2027 is Saturday 6/2/2027 in Vietnam's calendar (the Fund's own holidays say so too); asked on
        # Saturday 5/12/2026, a day said by the lunar calendar is the next one to come (decision 0689)
        ("Tết", None, date(2027, 2, 6)),
        ("mùng 10 tháng Giêng", NEAREST, date(2027, 2, 15)),
        ("rằm tháng giêng", COMING, date(2027, 2, 20)),
        ("23 tháng Chạp", None, date(2027, 1, 30)),  # ông Công ông Táo of the year Bính Ngọ
        ("hôm ông Táo", None, date(2027, 1, 30)),
        ("mùng 5 Tết", None, date(2027, 2, 10)),
        ("28 Tết", None, date(2027, 2, 4)),
        ("giao thừa", None, date(2027, 2, 5)),  # Chạp of Bính Ngọ has 29 days
        ("ngày 15 âm lịch", None, date(2026, 12, 23)),  # rằm of the eleventh month, the next one
        ("15/8 âm lịch", None, date(2027, 9, 15)),
        # a day gone by (a day worked): the latest not after today; Tết 2026 was 17/2/2026
        ("mùng 1 Tết", PAST, date(2026, 2, 17)),
        ("rằm tháng Mười âm lịch", PAST, date(2026, 11, 23)),
        # with its year (the lunar year's, here also the solar one's), a festival's name, or in English for
        # who chose it: before, none was read and each was answered with the solar example (decision 0731)
        ("mùng 1 Tết năm 2027", None, date(2027, 2, 6)),
        ("rằm tháng Giêng 2027", None, date(2027, 2, 20)),
        ("mùng 10 tháng Giêng năm sau", None, date(2027, 2, 15)),
        ("23 tháng Chạp năm Bính Ngọ", None, date(2027, 1, 30)),
        ("23 tháng Chạp năm nay", None, date(2027, 1, 30)),  # not the one of 10/02/2026, gone by
        ("rằm tháng Năm 2028", None, date(2028, 6, 7)),
        ("Tết Nguyên tiêu", None, date(2027, 2, 20)),
        ("Tết Đoan Ngọ", None, date(2027, 6, 9)),
        ("lễ Vu Lan", PAST, date(2026, 8, 27)),
        # a day worked, as the officer's guide gives them: a leap month gone by (Ất Tỵ's sixth), a year's name
        ("rằm tháng Sáu nhuận", PAST, date(2025, 8, 8)),
        ("mùng 1 Tết năm Bính Ngọ", PAST, date(2026, 2, 17)),
        ("Tết Trung thu", None, date(2027, 9, 15)),
        ("Tết Táo quân", None, date(2027, 1, 30)),
        ("Lunar New Year", None, date(2027, 2, 6)),
        ("the third day of Tet", None, date(2027, 2, 8)),
        ("Mid-Autumn festival", None, date(2027, 9, 15)),
        ("day 15 of the tenth lunar month", PAST, date(2026, 11, 23)),
        # the lunar year 2100's Chạp ends in 2101, past the calendar: the solar year 2100's (decision 0752)
        ("23 tháng Chạp năm 2100", None, date(2100, 2, 1)),
        ("Tết dương lịch", None, None),
        # no lunar month said: the solar calendar's, read as before (or refused)
        ("10 tháng 1", None, None),
        ("mùng 2 tháng 9", None, None),
        ("12/12", None, None),
        ("rằm", None, None),
    ],
)
def test_a_day_said_by_the_lunar_calendar_is_the_solar_day_it_falls_on(
    typed: str, lean: str | None, read: date | None
) -> None:
    found = lunar_day(typed, SATURDAY, lean)
    assert (found and found.on) == read


@pytest.mark.parametrize(
    ("typed", "today", "lean", "read"),
    [
        # a round's day (`NEAREST`) handed over on 25 tháng Chạp, recorded on mùng 3 Tết: the one a week gone
        # by, where it was the next, 21/01/2028 (decision 0692)
        ("25 tháng Chạp", date(2027, 2, 8), NEAREST, date(2027, 2, 1)),
        ("mùng 10 Tết", date(2027, 1, 20), NEAREST, date(2027, 2, 15)),
        # a day worked, typed on mùng 4 Tết: this Tết's mùng 3; “giao thừa” typed on 1/1/2027 is the last
        # lunar year's eve (said back, then outside the drive's dates), never 31/12 nor the eve to come
        ("Mùng 3 Tết", date(2027, 2, 9), PAST, date(2027, 2, 8)),
        # Mậu Thân has a leap fifth month, from 23/6/2028: a day said without its month is in it too, where
        # it was skipped for the sixth month's (05/08/2028) or the fifth's (24/05/2028)
        ("ngày 15 âm lịch", date(2028, 7, 1), None, date(2028, 7, 7)),
        ("mùng 1 âm lịch", date(2028, 7, 1), PAST, date(2028, 6, 23)),
        # the leap month by its name, where the month itself is another (decision 0731)
        ("rằm tháng Năm nhuận", date(2028, 6, 1), None, date(2028, 7, 7)),
        ("rằm tháng Năm", date(2028, 6, 1), None, date(2028, 6, 7)),
    ],
)
def test_a_lunar_day_is_read_in_the_year_meant_as_the_calendar_turns(
    typed: str, today: date, lean: str | None, read: date
) -> None:
    found = lunar_day(typed, today, lean)
    assert found is not None and found.on == read


@pytest.mark.parametrize(
    ("typed", "today", "lean", "named"),
    [
        # no leap sixth month near: the next leap month is named (Mậu Thân's fifth), nothing read
        ("rằm tháng Sáu nhuận", SATURDAY, None, [date(2028, 6, 23)]),
        # a numbered year with Chạp: the lunar year's (19/01/2028) or the solar one's (30/01/2027)?
        ("23 tháng Chạp năm 2027", SATURDAY, None, [date(2027, 1, 30), date(2028, 1, 19)]),
        # typed on 1/1/2027 as the day worked: the eve of 31/12 just gone, or the lunar one of 16/02/2026?
        # It was read as the lunar one (decision 0692)
        ("giao thừa", date(2027, 1, 1), PAST, [date(2026, 12, 31), date(2026, 2, 16)]),
        # Chạp has 29 days in Bính Ngọ and in Ất Tỵ: the nearer one's last day, where both Tết days
        # (17/02/2026, 06/02/2027) were named as what “30 tháng Chạp” could be (decision 0752)
        ("30 tháng Chạp năm 2026", SATURDAY, NEAREST, [date(2027, 2, 5)]),
        # Quý Mão's Chạp has a 30th (09/02/2024), Giáp Thìn's not: its last day, not Tết Ất Tỵ (29/01/2025)
        ("30 tháng Chạp năm 2024", SATURDAY, PAST, [date(2024, 2, 9), date(2025, 1, 28)]),
        # a year outside the calendar's (“1/1/1999” is refused so): no day named, the solar example is given;
        # 2150 stopped the turn with an error, 1999 was read as 24/09/1999
        ("rằm tháng Giêng năm 2150", SATURDAY, None, []),
        ("Trung thu năm 1999", SATURDAY, PAST, []),
        # a year's name twelve years off, a stem mistyped for Bính Ngọ's: read as Tết 2014 (31/01/2014), as a
        # day worked, said back but taken; further than 5 years the day is asked again (decision 0753)
        ("Tết năm Giáp Ngọ", SATURDAY, PAST, []),
    ],
)
def test_a_lunar_day_that_cannot_be_read_for_sure_names_the_days_it_could_be(
    typed: str, today: date, lean: str | None, named: list[date]
) -> None:
    with pytest.raises(DateError) as refused:
        lunar_day(typed, today, lean)
    assert getattr(refused.value, "days", []) == named


@pytest.mark.parametrize(
    ("typed", "today", "read"),
    [
        # typed in December, its start's year left out: the coming January, as “5/1 - 31/1” is (0232); read
        # from 1/1/2026 it was a drive over since February (decision 0692)
        ("1/1 - rằm tháng Giêng", SATURDAY, (date(2027, 1, 1), date(2027, 2, 20), True)),
        ("từ 20/1 đến 23 tháng Chạp", SATURDAY, (date(2027, 1, 20), date(2027, 1, 30), True)),
        ("15/12 - 23 tháng Chạp", SATURDAY, (date(2026, 12, 15), date(2027, 1, 30), False)),
        # typed in March, the Tết gone by: the next one's
        (
            "từ 23 tháng Chạp đến rằm tháng Giêng",
            date(2027, 3, 10),
            (date(2028, 1, 19), date(2028, 2, 9), False),
        ),
    ],
)
def test_a_drives_period_with_a_lunar_day_is_read_in_the_year_it_can_run(
    typed: str, today: date, read: tuple[date, date, bool]
) -> None:
    found = read_lunar_period(typed, today)
    assert found is not None and (found[0], found[1], found[-1]) == read


def test_an_hour_or_a_drives_dates_typed_at_length_are_answered_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each stretch of words of an appeal's hour was read as a lunar day: 46,000 readings, 7 seconds, for
    # 1,100 characters, minutes for a Telegram message's 4,096, in which the bot answered nobody; each “-” of
    # a drive's dates read both sides, 2.4 seconds (decision 0752). Counted, not timed: bench/long_message.py.
    readings = counted(monkeypatch, lunar_days, "lunar_day")
    assert read_lunar_moment("8h " + "mùng 1 Tết " * 100, SATURDAY) is None
    assert read_lunar_period(("Tết - " * 700)[:4096], SATURDAY) is None
    assert len(readings) < 50
    # the longest said in full is read as before
    said = "lúc 8 giờ 30 sáng ngày mùng mười tháng Mười một âm lịch năm Bính Ngọ nhé"
    found = read_lunar_moment(said, SATURDAY)
    assert found and found[0].astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M") == "18/12/2026 08:30"


@pytest.mark.parametrize(
    ("typed", "local"),
    [
        # an appeal's hour on a day said by the lunar calendar, asked on Saturday 5/12/2026 (decision 0689)
        ("8h sáng 23 tháng Chạp", "30/01/2027 08:00"),
        ("mùng 5 Tết lúc 7h30", "10/02/2027 07:30"),
        ("2 giờ chiều rằm tháng Giêng", "20/02/2027 14:00"),
        ("7h hôm ông Táo", "30/01/2027 07:00"),
        ("8h sáng Tết Trung thu", "15/09/2027 08:00"),  # before: asked again (decision 0731)
        ("7h sáng 30 Tết", "no day: 29 tháng Chạp, 05/02/2027"),  # Chạp of Bính Ngọ has 29 days
        # a day word beside it (which day?), or no lunar day at all: `parse_moment`'s, as before
        ("8h mai 23 tháng Chạp", None),
        ("2 giờ chiều mai", None),
    ],
)
def test_an_hour_on_a_day_said_by_the_lunar_calendar_is_read_on_that_day(
    typed: str, local: str | None
) -> None:
    try:
        found = read_lunar_moment(typed, SATURDAY)
    except NoSuchLunarDay as missing:
        last = missing.last
        assert f"no day: {last.day} tháng Chạp, {last.on:%d/%m/%Y}" == local and last.month == 12
        return
    assert (found and found[0].astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")) == local
