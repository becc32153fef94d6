"""What an officer, a treasurer and a giver typing on a phone try against the night's changes of 8 December
2026 (decision 2740): a return or a course said of a word of address alone (2715, 2716, 2717), a piggy bank
named after the figure without a comma (2710), a zero-width space between two letters (2727) and the line a
gift typed after a closed drive's appeal is told (2720); each typed as it reaches a flow, through the chat's
own cleaning (`clean`). No database is needed: the readers are pure. An emoji after a word of address alone
failed before decision 2741, a full stop after “lon dat” before 2742, and a zero-width space in text a phone
wrote decomposed before 2743."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from bot.db.models import Drive
from bot.domain.access import Actor, away_some_on_training, may_manage_drive
from bot.i18n import Translator
from bot.text import clean
from handlers.away import read_away
from handlers.contributions import _amount_first, closed_line

TUESDAY = date(2026, 12, 8)
JAN_15 = date(2027, 1, 15)


def _nfd(text: str) -> str:
    """`text` as a phone set to “Unicode tổ hợp” sends it: each mark a character of its own."""
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("chị đã đi làm lại", ("", None, None)),  # a return of no one named: asked who is back (2715)
        ("Chị đã đi làm lại.", ("", None, None)),
        ("anh đi làm lại rồi", ("", None, None)),
        ("Сhị đã đi làm lại", ("", None, None)),  # a Cyrillic “С”
        ("chị\u200bđã đi làm lại", ("", None, None)),  # a zero-width space for the space (2727)
        (_nfd("chị đã đi làm lại"), ("", None, None)),
        ("chị đã đi làm lại " + "ạ " * 2000, ("", None, None)),  # very long: read whole, no error
        ("chị 🙏 đã đi làm lại", ("", None, None)),  # an emoji after the word of address (2741)
        ("anh 💪 nghỉ ốm đến 15/1", ("", "om", JAN_15)),
        ("Chị 🎓 học đến 15/1", ("", "hoc", JAN_15)),
        ("Chi học đến 15/1", ("", "hoc", JAN_15)),  # typed without marks, before a course (2716)
        ("chi hoc den 15/1", ("", "hoc", JAN_15)),
        (_nfd("Chi học đến 15/1"), ("", "hoc", JAN_15)),
        ("Lớp học đến 15/1", ("", "hoc", JAN_15)),  # a word making one with “học” (2717)
        ("Khoa học đến 15/1", ("", "hoc", JAN_15)),
        ("Nam học đến 15/1", ("nam", "hoc", JAN_15)),  # a name, capitalised: Nam
        ("Khoa Nội học đến 15/1", ("", "hoc", JAN_15)),  # a department, no one (2771)
        ("khoa nội học đến 15/1", ("", "hoc", JAN_15)),  # in small letters, as with capitals (2771)
        ("khoa noi hoc den 15/1", ("", "hoc", JAN_15)),
        ("Khoa Nội đã đi làm lại", ("", None, None)),
        ("Khoa chị Lan đi học đến 15/1", ("lan", "di hoc", JAN_15)),  # her department, then Lan
        ("Khoa Cơ xương khớp chị Lan học đến 15/1", ("lan", "hoc", JAN_15)),
        ("Bé học đến 15/1", ("con", "hoc", JAN_15)),  # one's little one: a child, as “con”
        ("bé nghỉ ốm đến 15/1", ("con", "om", JAN_15)),
        ("Bé nhà chị học đến 15/1", ("con", "hoc", JAN_15)),  # “bé nhà chị”, and a little one back (2856)
        ("Bé đã đi làm lại", ("con", None, None)),
        ("đồng chí Lan học đến 15/1", ("lan", "hoc", JAN_15)),  # a title of two words, a position (2857)
        ("Tổ trưởng Lan nghỉ ốm đến 15/1", ("lan", "om", JAN_15)),
        ("Tổ trưởng học đến 15/1", ("", "hoc", JAN_15)),  # a position alone: asked whom, as before
        ("chị Lan nghỉ ốm đến 15/1 ạ.", ("lan", "om", JAN_15)),  # a polite word after the day (2858)
        ("chi lan hoc den 15/1 nhe a", ("lan", "hoc", JAN_15)),
        ("kỹ thuật viên Hùng học đến 15/1", ("hung", "hoc", JAN_15)),  # a position, “kỹ” read as “kĩ” (2943)
        ("chị Lan nghỉ ốm đến 15/1 à", ("lan", "om", JAN_15)),  # “à” last, as “ạ” (2943)
        ("Bế Văn Nam học đến 15/1", ("be van nam", "hoc", JAN_15)),  # a surname: a colleague
        ("🎓 Chi học đến 15/1", ("", "hoc", JAN_15)),  # an emoji first (2771)
        ("chị Lan 🙏 đã đi làm lại", ("lan", None, None)),  # a colleague named: Lan
    ],
)
def test_a_word_of_address_alone_names_no_one_however_typed(
    typed: str, read: tuple[str, str | None, date | None]
) -> None:
    """An officer typing “chị đã đi làm lại” or “Chi học đến 15/1” is asked whom she means, never shown every
    Chi; with an emoji after the word of address (“chị 🙏 đã đi làm lại”) “chi 🙏” was searched for as a name
    before decision 2741."""
    assert read_away(clean(typed), TUESDAY) == read


@pytest.mark.parametrize(
    ("typed", "figure"),
    [
        ("300k lợn đất của cháu Na", "300k"),  # the pig is the treasurer's note (2710)
        ("300k LỢN ĐẤT của cháu Na", "300k"),
        ("300k lon dat cua chau Na", "300k"),
        (_nfd("300k lợn đất của cháu Na"), "300k"),
        ("300k lon\u200bdat", "300k"),
        ("300k lợn đất.", "300k"),
        ("300k lon dat.", "300k"),  # a full stop after “đất” typed without marks (2742)
        ("300k lon đất!", "300k"),
        ("300k lon bia", "300k lon bia"),  # cans of beer: counted, as before
        ("300k lợn 🐷", "300k"),
    ],
)
def test_a_piggy_bank_after_the_figure_is_never_cans(typed: str, figure: str) -> None:
    """A treasurer typing “300k lon dat.” at “Nhận số khác” means 300.000 ₫ from a piggy bank, never 300k and
    cans of something; with a full stop after “dat” the cans were counted before decision 2742."""
    assert _amount_first(clean(typed)) == figure


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("t\u200bck 200k", "t ck 200k"),
        ("ủng\u200bhộ 100k", "ủng hộ 100k"),
        (
            _nfd("ủng hộ\u200bchị Na"),
            "ủng hộ chị Na",
        ),  # decomposed: the mark is the letter's (2743)
        (_nfd("chị\u200cđã"), "chị đã"),
        ("200\u200bk", "200k"),  # beside a digit: nothing
        ("👨\u200d👩\u200d👧 100k", "👨\u200d👩\u200d👧 100k"),  # an emoji family keeps its joiners
    ],
)
def test_a_zero_width_space_between_two_letters_is_a_space(typed: str, read: str) -> None:
    """A giver whose phone writes each mark apart (“Unicode tổ hợp”) and pastes a zero-width space after
    “hộ” is read with a space there, as a phone writing whole letters is; before decision 2743 the two words
    were glued (“hộchị”)."""
    assert clean(typed) == read


def test_a_drive_closed_is_said_closed_on_its_day_in_vietnam() -> None:
    """A gift typed after a closed drive's appeal is told when it closed, by Vietnam's day (a close at 00:30
    on 18/12 in Hà Nội is 17:30 UTC the day before), and when a drive past its last day ended; an open drive
    says nothing (decision 2720)."""
    t = Translator("vi")
    drive = Drive(
        title="Quà Tết 2027", ends_on=date(2026, 12, 31), closed_at=datetime(2026, 12, 17, 17, 30, tzinfo=UTC)
    )
    assert "18/12/2026" in (closed_line(t, drive, TUESDAY) or "")
    drive.closed_at = datetime(2027, 1, 2, 3, 0, tzinfo=UTC)  # closed after its last day: it ended then
    assert "31/12/2026" in (closed_line(t, drive, date(2027, 1, 2)) or "")
    drive.closed_at = None
    assert closed_line(t, drive, date(2026, 12, 31)) is None
    assert "31/12/2026" in (closed_line(t, drive, date(2027, 1, 1)) or "")


def test_leaders_away_are_said_as_they_are_and_only_an_officer_closes_a_drive() -> None:
    """One head at a course and another on leave are “some on training” (decision 2719), one back since
    yesterday counting as neither; a member, a household or a treasurer may not close the drive a closed
    drive's word names (2720), its unit's officer may."""
    course = SimpleNamespace(away_until=JAN_15, away_reason="training")
    leave = SimpleNamespace(away_until=JAN_15, away_reason="sick")
    back = SimpleNamespace(away_until=date(2026, 12, 7), away_reason="sick")
    assert away_some_on_training([course, leave, back], TUESDAY)
    assert not away_some_on_training([course, back], TUESDAY) and not away_some_on_training([leave], TUESDAY)
    drive = SimpleNamespace(org_id=1, unit_ids=[10])
    for grants in ((), (("household", None),), (("treasurer", 10),), (("officer", 11),), (("leader", 10),)):
        assert not may_manage_drive(Actor(person_id=1, org_id=1, unit_id=10, grants=frozenset(grants)), drive)
    assert may_manage_drive(
        Actor(person_id=1, org_id=1, unit_id=10, grants=frozenset({("officer", 10)})), drive
    )
    assert not may_manage_drive(
        Actor(person_id=1, org_id=2, unit_id=10, grants=frozenset({("officer", None)})), drive
    )
