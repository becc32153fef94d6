"""What a giver typing fast, from another keyboard or at length, and a member, an officer or a treasurer
reading their Monday, try against the evening's changes of 7 December 2026 (decision 2670): the speaker
shortened to a letter (“t ck 200k”, 2652), a bare “toi” before a day and after “va” (2654), the Monday
count of an officer (2610), and the “học đến” phrasings of one away (2632, 2633); each typed as it reaches
a flow, through the chat's own cleaning (`clean`: zero-width marks dropped, a Cyrillic letter in a Latin
word read as its Latin twin). No database is needed: the readers and the rule are pure. The emoji in a
name away failed before decision 2671."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.access import Actor, counted_on_monday, sent_weekly_message
from bot.text import clean
from handlers.away import read_away
from handlers.common import day_typed_with_gift
from handlers.short_words import spelled_out

MONDAY = date(2026, 12, 7)
SATURDAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("t ck 200k", "chuyển khoản 200k"),  # “t”: the speaker, dropped (2652)
        ("m ck 200k r", "chuyển khoản 200k rồi"),
        ("t\u200d ck 200k 🙏", "chuyển khoản 200k"),  # a joiner pasted after the letter, an emoji after
        ("t\u200bck 200k", "chuyển khoản 200k"),  # a zero-width space between two words: a space (2727)
        ("t\ufeffck 200\u200bk", "chuyển khoản 200k"),  # one inside the amount: nothing
        ("chi\u0323\u200bck 200k", "chuyển khoản 200k"),  # after a tone mark typed apart (NFD, a PC's Unikey)
        ("с ck 200k", "chuyển khoản 200k"),  # a Cyrillic “с” for the Latin “c” (chị)
        ("Т ck 200k", "chuyển khoản 200k"),  # a Cyrillic capital “Т”
        ("t ck 200k " + "ạ " * 1500, "chuyển khoản 200k" + " ạ" * 1499),  # very long: one last “ạ” dropped
    ],
)
def test_a_letter_for_the_speaker_from_any_keyboard_is_read_as_the_speaker(typed: str, read: str) -> None:
    """A giver who types “t ck 200k” is asked about a transfer of 200.000 ₫, however her keyboard wrote the
    “t” or “c”; a very long text is read whole, without error."""
    assert spelled_out(clean(typed)) == read


@pytest.mark.parametrize(
    ("typed", "note"),
    [
        ("toi thu 7", ""),  # the evening of Saturday: all of it the day's
        ("hom toi thu 7", ""),  # “hôm tối thứ 7”
        ("anh Nam va toi thu 7", "anh Nam va toi"),  # “and I”: the speaker stays in the note (2654)
        ("anh Nam va\u200b toi thu 7", "anh Nam va toi"),  # a zero-width space pasted between
        ("anh Nam cùng toi\u200b thu 7", "anh Nam cùng toi"),
        ("Tоi thu 7", ""),  # a Cyrillic “о” inside the word
        ("💪 toi thu 7 🙏", "💪 🙏"),  # emoji around: the day read, the emoji kept as typed
    ],
)
def test_a_bare_toi_before_a_day_is_the_evening_unless_it_follows_with(typed: str, note: str) -> None:
    """The day of the work is Saturday 05/12/2026 in each; the note keeps what the giver said of who worked,
    never the evening, whatever invisible or look-alike character her phone put in."""
    assert day_typed_with_gift(clean(typed), MONDAY) == (SATURDAY, note)


def _actor(*grants: tuple[str, int | None]) -> Actor:
    return Actor(person_id=1, org_id=1, unit_id=10, grants=frozenset(grants))


@pytest.mark.parametrize(
    ("grants", "weekly", "counted"),
    [
        ((), False, False),  # a member: no weekly message, no count of what waits for a treasurer
        ((("household", None),), False, False),
        ((("officer", 10),), True, True),  # a unit's officer confirms labour days: her count (2610)
        ((("officer", None),), True, False),  # the whole organisation's: the roll-up says it, never twice
        ((("leader", None), ("officer", 10)), True, False),
        ((("leader", 10), ("officer", 10)), True, True),  # a unit's digest says nothing of what waits
        ((("treasurer", 10),), True, True),
    ],
)
def test_only_who_confirms_is_counted_on_monday(
    grants: tuple[tuple[str, int | None], ...], weekly: bool, counted: bool
) -> None:
    """A member, a household, or anyone who confirms nothing is never sent a count of what waits, nor offered
    to turn a weekly message off; the officer of the whole organisation is told once, by the roll-up."""
    actor = _actor(*grants)
    assert sent_weekly_message(actor) is weekly
    assert counted_on_monday(actor) is counted
    assert not counted_on_monday(None) and not sent_weekly_message(None)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("chị Lan 🎓 học đến 28/2/2027", ("lan", "hoc", date(2027, 2, 28))),
        ("chị Lan 😷 nghỉ ốm đến 15/1", ("lan", "om", date(2027, 1, 15))),
        ("Lan 🙏 is studying until 15/1", ("lan", "training", date(2027, 1, 15))),
        ("chị Lаn học đến 28/2/2027", ("lan", "hoc", date(2027, 2, 28))),  # a Cyrillic “а”
        # in the reason too: training read as training, a break as no one's leave (decision 2718)
        ("chị Lan nghỉ 🎓 đi học đến 28/2/2027", ("lan", "di hoc", date(2027, 2, 28))),
        ("chị Lan học 📚 đến 28/2/2027", ("lan", "hoc", date(2027, 2, 28))),
        ("chị Lan nghỉ 🎉 Tết đến 20/2", None),
        # an emoji first, or before the reason of a leave to a month's end (decision 2771)
        ("🎓 chị Lan học đến 28/2/2027", ("lan", "hoc", date(2027, 2, 28))),
        ("chị Lan nghỉ 😷 ốm đến hết tháng 3", ("lan", "om", date(2027, 3, 31))),
    ],
)
def test_an_emoji_after_the_name_of_one_away_is_no_part_of_her_name(
    typed: str, read: tuple[object, ...] | None
) -> None:
    """An officer typing “chị Lan 🎓 học đến 28/2/2027” had “lan 🎓” searched for, a word no name has, so
    Lan was never found; the emoji is no part of whom she means (decision 2671). Before the reason, “nghỉ 🎓
    đi học” was a long leave, not training, and “nghỉ 🎉 Tết” Lan's own leave, not a break (decision 2718)."""
    assert read_away(clean(typed), MONDAY) == read
