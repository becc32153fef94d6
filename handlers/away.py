"""A colleague away on long leave — maternity leave, long sick leave, a year's secondment — said at the menu
as people say it (“chị Lan nghỉ thai sản đến 15/3/2027”), and back again (“chị Lan đã đi làm lại”): her
officer or the office finds her, sees at a last look what it means, and answers Có
(bot.domain.leaving.mark_away, `access.may_mark_away`; decision 0740). Until that day nothing is sent to her
unasked, and the digests say her apart; she may still give or register if she wishes."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from typing import NamedTuple

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Person
from bot.domain.access import Actor, away_among, is_away, may_mark_away, may_open_away
from bot.domain.dates import COMING, DateError, find_day
from bot.domain.leaving import AWAY_AHEAD, LeaveError, mark_away
from bot.domain.lunar_days import lunar_day
from bot.domain.org_import import ROLE_WORDS
from bot.domain.people import find_by_name
from bot.domain.roles import held_by
from bot.text import fold, match_key
from handlers.common import (
    NO,
    YES,
    actor_of,
    actor_or_home,
    ask_typed,
    confirm_menu,
    go_home,
    picked_id,
    role_officers,
)
from handlers.name_search import (
    MAX_MATCHES,
    NOT_THIS_ONE,
    TITLES,
    found_by_name,
    found_menu,
    labels_told_apart,
    not_this_one,
    taken_at_once,
    titles_before,
)

flow = Flow("away")

# How people name a colleague before her name (“chị Lan”, “đ/c Minh”), and a position said before it (“Tổ
# trưởng Lan”, “bác sĩ Hoa”, “hộ lý Lan”), are `TITLES` and `POSITIONS`, the one list (decisions 2857, 2943).
# Alone, with no name after it, a position names no one and is asked whom (`_NO_NAME`, decision 2633).
# “… nghỉ thai sản đến”, “… đang nghỉ ốm tới hết”, “… is on maternity leave until”: the day is taken out
# first (`find_day`), then these are read on what is left, folded.
_AWAY = re.compile(
    r"^(?P<name>.+?)\s+(?:dang\s+|da\s+|se\s+|duoc\s+)?nghi(?:\s+(?P<why>.+?))?\s+"
    r"(?:den\s+het\s+ngay|den\s+het|den\s+ngay|den|toi\s+ngay|toi\s+het|toi)$"
)
# Away on training said in English, “… is away on training until”, “… is on a course until”, “… on training
# leave until”: `why` says so, read as training (decision 2518).
_AWAY_EN_WORDS = (
    r"\s+(?:is\s+)?(?:(?:away\s+)?(?:on|at)\s+(?P<why>training|(?:a\s+)?(?:training\s+)?course)"
    r"|(?P<studying>studying)|away|on\s+(?:(?P<leave>[a-z]+)\s+)?leave)\s+"
)
_AWAY_EN = re.compile(r"^(?P<name>.+?)" + _AWAY_EN_WORDS + "(?:until|till|to)$")
# “… đã đi làm lại”, “… is back at work”: the leave ended early.
_BACK = re.compile(
    r"^(?P<name>.+?)\s+(?:da\s+)?(?:di\s+lam\s+lai|di\s+lam\s+tro\s+lai|tro\s+lai\s+lam\s+viec|het\s+nghi)"
    r"(?:\s+(?:roi|nhe|nha|a|ah))*$"  # “… đi làm lại rồi”, “… rồi nhé”, “… ạ”: as people end it
)
_BACK_EN = re.compile(r"^(?P<name>.+?)\s+(?:is\s+back(?:\s+at\s+work)?|back\s+at\s+work)$")
# A leaving for good (retired, quit) is no leave: it is recorded as one (“Người đã nghỉ”, decision 0118).
# Away on training (“nghỉ đi học”, “nghỉ tập huấn”, “nghỉ học chuyên khoa”), said as training (decision 2315).
_TRAINING = re.compile(r"^(?:di\s+)?(?:hoc|tap\s+huan|dao\s+tao|boi\s+duong)\b|^training$")
# Training said without “nghỉ”, as an officer says it of a doctor sent to study (“anh Nam đi học đến 15/1”,
# “chị Lan được cử đi tập huấn đến …”): read as “nghỉ đi học …”, away on training (decision 2412). “học”
# without “đi” (“anh Nam học đến 15/1”) too, where a word of address names a colleague before it (2518): not
# “quỹ khuyến học đến …”.
_OFF_TO_TRAIN = (
    r"(?:dang\s+|da\s+|se\s+|duoc\s+(?:cu\s+)?)?"
    r"(?P<why>(?:di\s+(?:hoc|tap\s+huan|dao\s+tao|boi\s+duong)|tap\s+huan|hoc)"
)
_TRAINING_AWAY = re.compile(
    r"^(?P<name>.+?)\s+" + _OFF_TO_TRAIN + r"(?:\s+.+?)?)\s+"
    r"(?:den\s+het\s+ngay|den\s+het|den\s+ngay|den|toi\s+ngay|toi\s+het|toi)$"
)
_UNTIL_TRAINING = re.compile(
    r"^(?P<name>.+?)\s+" + _OFF_TO_TRAIN + r"(?:\s+\S+)?)\s+(?:den|toi)\s+(?P<until>.+)$"
)
_FOR_GOOD = ("huu", "viec")
# One's own child (“con đi học đến 15/1”, “con tôi nghỉ ốm đến …”): no colleague; said what was understood and
# what to type (decision 2518). In English too (“My son is on a course until …”), folded as read (“my” is
# “mi”), never searched for as a colleague's name, where “mi son” finds a Minh Sơn (decision 2550). “cháu”
# alone, a grandchild, niece or nephew, likewise (“cháu Lan”, a young colleague named, is a name: 2632).
_WHOSE = ("", " toi", " em", " minh")
_NEPHEW = frozenset(f"chau{whose}" for whose in _WHOSE)
_KIDS = ("son", "sons", "daughter", "daughters", "child", "children", "kid", "kids", "boy", "girl")
_CHILD = (
    _NEPHEW
    | frozenset(f"con{kind}{whose}" for kind in ("", " gai", " trai") for whose in _WHOSE)
    | frozenset(f"{whose} {kind}" for whose in ("mi", "our") for kind in _KIDS)
)
# A role or a position where the name should be (“ủy viên ban nữ công nghỉ ốm đến 15/1”, “trưởng khoa …”),
# folded: the role column's words and the women's committee's members, no one's name; asked whom, never
# searched for as a name (decision 2633).
_NO_NAME = frozenset(ROLE_WORDS) | frozenset(
    f"{member} ban nu cong{union}"
    for member in ("uy vien", "uv", "thanh vien")
    for union in ("", " cong doan", " cd", " cdcs")
)
# The words of address as typed, with their marks (`TITLES` folded): “Chi”, “Di”, “Ba” without them are
# names (decision 2635).
_ADDRESS_TYPED = frozenset(
    {"anh", "chị", "cô", "chú", "bác", "thầy", "ông", "bà", "cậu", "dì", "bạn", "đ/c", "đc", "đồng chí"}
    | {"bs", "ms", "mr", "ms.", "mr."}
)
# Words that make one word with “học” after them, a class, a course, a school or a field (“Lớp học”, “Khoa
# học”, “Năm học”, “Đại học”), typed with their marks: alone before “học”, capitalised by a phone, no one's
# name (decision 2717; “Nam học …” is Nam).
_HOC_WORDS = frozenset(
    {"lớp", "khóa", "khoá", "khoa", "phòng", "năm", "buổi", "môn", "giờ", "ca", "kỳ", "kì", "bài", "việc"}
    | {"đại", "trung", "tiểu", "tin", "hóa", "hoá", "văn", "toán", "y", "dược", "sinh", "tự", "du"}
)
# A unit's word typed first (“Khoa Nội học đến 15/1”, “Phòng Hành Chính …”), with its marks (“Tô”, a
# surname, is not “Tổ”): a department, no colleague; a colleague named after it with a word of address
# (“Khoa chị Lan đi học …”) is that colleague (decision 2771).
_UNIT_TYPED = frozenset(
    {"khoa", "phòng", "tổ", "ban", "trạm", "đội", "nhóm", "trung tâm", "bộ phận", "văn phòng", "đơn vị"}
)
# One's little one, typed with its marks (“Bé học đến 15/1”; “Bế” is a surname): one's child, as “con”; “bé
# nhà chị”, as a woman says it of her own to a younger colleague, too (decision 2856).
_LITTLE = frozenset(
    f"bé{whose}" for whose in ("", " nhà", " nhà tôi", " nhà em", " nhà mình", " nhà chị", " nhà anh")
)
# Oneself, as people say it: one's own leave is recorded by someone else (`access.may_mark_away`).
_SELF = frozenset({"toi", "em", "minh", "i", "me", "i am", "i'm"})
# What a sentence may end or begin with and is no part of it: its full stop, and the quote marks the question
# shows its examples in, copied with them (“chị Lan đã đi làm lại”; decision 0767).
_AROUND = ' .!?"“”«»„'
# The polite words a sentence may end with, after its day (“chị Lan học đến 15/1 ạ”, “… nhé”, “… à”), typed
# with their marks or without: no part of the day nor of the leave (decisions 2858, 2943).
_POLITE = frozenset({"ạ", "a", "ah", "à", "nhé", "nhe", "nha", "nhá"})
# A break for everyone (“nghỉ Tết”, “nghỉ lễ”, “nghỉ hè”) is no one's long leave, nor is what a whole office
# or a group does (“cơ quan nghỉ …”, “cả phòng …”, “mọi người …”): said at the menu, not read as one
# (decision 0763).
_BREAKS = frozenset({"tet", "le", "he"})
_GROUPS = re.compile(
    r"^(?:ca|cac|moi\s+nguoi|co\s+quan|don\s+vi|nha\s+truong|(?:chung|phong|khoa|to)\s+(?:toi|em|minh|ta))\b"
)


def _lettered(said: str) -> list[str]:
    """The words of `said` with a letter or a digit in them: an emoji or a symbol typed beside a name or a
    reason (“chị Lan 🎓 học đến …”, “nghỉ 😷 ốm …”) is no part of either (decisions 2671, 2718)."""
    return [word for word in said.split() if any(ch.isalnum() for ch in word)]


def _read_words(said: str) -> str:
    """`said` (folded) without a word of no letter or digit: an emoji first (“🎓 chị Lan học …”) or before a
    reason (“nghỉ 😷 ốm đến hết tháng 3”) is no part of the sentence read (`_lettered`; decision 2771)."""
    return " ".join(_lettered(said))


def _reason(why: str | None) -> str | None:
    """The reason's words read (`why`), without an emoji (`_lettered`): “🎓 đi học” is training, “🎉 Tết” a
    break; None where nothing is left."""
    if why is None:
        return None
    return " ".join(_lettered(why)) or None


def _name(said: str) -> str:
    words = _lettered(said)  # “chị Lan 🎓 học đến …”: Lan (decision 2671)
    while len(words) > 1 and (title := titles_before(words)):
        words = words[title:]
    return " ".join(words)


class _Said(NamedTuple):
    """What the words read where a name should be (`said`, folded) say of whom, read once for a message
    (`_said_of`) by the reading of a course (`_studying`) and of whom (`_whom`) alike."""

    typed: list[str]  # the words as written (`_as_typed`)
    name: str  # the name after any words of address (`_name`)
    titled: bool  # a word of address or a position, then a name of at most three words (“chị Lan”,
    # “đồng chí Lan”, “Tổ trưởng Lan”; decisions 2518, 2857)
    alone: bool  # a word of address alone, folded, “Chi” being “chị”; oneself (“em”, `_SELF`) is not
    alone_typed: bool  # `alone`, and typed with its marks (`_ADDRESS_TYPED`: “chị”, “đ/c”; decision 2635)
    unit: str | None  # a department first (`_in_unit`): the colleague named within it, or "" for no one
    little: bool  # one's little one (“Bé”, `_LITTLE`)


def _said_of(said: str, typed: str) -> _Said:
    """`_Said` of `said` (folded), read where the name should be, from `typed`, the text as written. An emoji
    typed beside a word of address (“chị 🙏 đã đi làm lại”) is no part of it (`_lettered`; 2741)."""
    words = _as_typed(said, typed)
    folded = " ".join(_lettered(said))
    alone = folded in TITLES and folded not in _SELF
    name = _name(said)
    return _Said(
        typed=words,
        name=name,
        titled=name not in ("", said) and len(name.split()) <= 3,
        alone=alone,
        alone_typed=alone and " ".join(words).lower() in _ADDRESS_TYPED,
        unit=None if name and titles_before(said.split()) > 1 else _in_unit(said, typed),  # “Tổ trưởng Lan”
        little=" ".join(words).lower() in _LITTLE,
    )


def _whom(said: str, typed: str, *, course: str | None = None) -> str:
    """The name a leave, a course or a return is said of (`_name`), or "" where it names no one, and the
    writer is asked whom, as of a role (decision 2633): a word of address alone (“anh nghỉ ốm đến 20/12”,
    “chị đã đi làm lại”, only where typed with its marks, “Chi nghỉ ốm …” naming Chi; before a course said
    without “nghỉ”, folded, “Chi học đến 15/1” being “chị học …”; decisions 2635, 2715, 2716), searched for,
    “anh” would find any Anh, “chị” any Chi; or a word “học” makes a common one of (“Lớp học đến 15/1”,
    `_HOC_WORDS`; decision 2717), or a department (`_in_unit`: “Khoa Nội học …”, no one; “Khoa chị Lan …”,
    Lan; decision 2771). One's little one away or back (“Bé học …”, “Bé đã đi làm lại”, `_LITTLE`) is one's
    child, “con” (decision 2856). `course`: a course's words said without “nghỉ”, else None. `typed`: the text
    as written."""
    read = _said_of(said, typed)
    if read.little:
        return "con"
    if read.unit is not None:
        return read.unit
    common = course is not None and course.split()[0] == "hoc" and len(read.typed) == 1
    common = common and read.typed[0].lower() in _HOC_WORDS
    return "" if (read.alone if course is not None else read.alone_typed) or common else read.name


def _in_unit(said: str, typed: str) -> str | None:
    """None unless `said` (folded) begins with a unit's word and more (`_UNIT_TYPED`: “Khoa Nội”, “Phòng Hành
    Chính”); then the colleague named after a word of address within it (“Khoa chị Lan” is Lan; `_name`),
    or "" where none is, a department naming no one (decision 2771). `typed`: the text as written."""
    words, typed_words = said.split(), [word.lower() for word in _as_typed(said, typed)]
    unit = next((n for n in (2, 1) if " ".join(typed_words[:n]) in _UNIT_TYPED), 0)
    if not unit or len(words) <= unit:
        return None
    for at in range(unit, len(words) - 1):
        if typed_words[at] in _ADDRESS_TYPED or " ".join(typed_words[at : at + 2]) in _ADDRESS_TYPED:
            return _name(" ".join(words[at:]))
    return ""


def read_away(text: str, today: date) -> tuple[str, str | None, date | None] | None:
    """What `text` says, if it says a colleague is away until a day or back: (her name as typed, "" where a
    leave names no one, the reason's words or None, her last day of leave, None for back). DateError for a
    day that does not exist. A polite word last (“… đến 15/1 ạ”) is read without (`_POLITE`)."""
    text = _without_polite_end(text)
    folded = _read_words(match_key(text).strip(_AROUND))
    back = _said_back(text)
    if back is not None:  # “chị đã đi làm lại”: a word of address alone names no one (decision 2715)
        return _whom(back["name"], text), None, None
    unsure = _UNTIL.match(folded) or _studying(_UNTIL_TRAINING.match(folded), text)
    if unsure is not None and _one_other(unsure["name"], unsure["why"]):
        day = _until(unsure["until"], today)
        said = _AWAY.match(f"{unsure['name']} nghi{' ' + unsure['why'] if unsure['why'] else ''} den")
        if day is not None and said is not None:
            return _whom(said["name"], text, course=_course(unsure)), _reason(said["why"]), day
    english = _UNTIL_EN.match(_read_words(fold(text).strip(_AROUND)))  # not `match_key`: “birthday”
    if english is not None and _one_other(name := match_key(english["name"]), None):
        day = _until(english["until"], today)
        if day is not None:
            return _whom(name, text), _english_why(english), day
    day, rest = find_day(text, today, COMING)
    if day is None:
        unsure = unsure or _FOR.match(folded) or _UNTIL_EN.match(folded)  # the first two read above
        if unsure is not None and _one_other(unsure["name"], unsure.groupdict().get("why")):
            raise DateError("shape")  # “đến Tết”, “3 tháng”: a day to type
        return None
    rest = _read_words(match_key(rest).strip(_AROUND))
    english = _AWAY_EN.match(rest)
    if english is not None:
        if not _one_person(english["name"], None):
            return None
        return _whom(english["name"], text), _english_why(english), day
    said = _AWAY.match(rest) or _studying(_TRAINING_AWAY.match(rest), text)
    if said is None or not _one_person(said["name"], said.groupdict().get("why")):
        return None
    return _whom(said["name"], text, course=_course(said)), _reason(said.groupdict().get("why")), day


def _without_polite_end(text: str) -> str:
    """`text` without the polite words it ends with (`_POLITE`: “ạ”, “nhé”), and its full stop before them."""
    words = text.strip(_AROUND).split()
    while len(words) > 1 and words[-1].strip(_AROUND).lower() in _POLITE:
        words.pop()
    return " ".join(words)


def _said_back(text: str) -> re.Match[str] | None:
    """`text` read as a return (“chị Lan đã đi làm lại”, “Lan is back at work”), its `name` said before it."""
    folded = _read_words(match_key(text).strip(_AROUND))
    return _BACK.match(folded) or _BACK_EN.match(folded)


def _course(said: re.Match[str]) -> str | None:
    """The course's words where `said` read one said without “nghỉ” (`_studying`), else None."""
    return said["why"] if said.re in (_TRAINING_AWAY, _UNTIL_TRAINING) else None


def _studying(said: re.Match[str] | None, typed: str) -> re.Match[str] | None:
    """`said`, a course said without “nghỉ”, unless, for “học” without “đi”, it is neither a colleague named
    with a word of address, nor a name typed with its capitals (“Nam học đến 15/1”), nor oneself, nor one's
    child (“quỹ khuyến học đến 15/1” is not read: decisions 2518, 2632). A word of address alone (“chị đi học
    đến 28/2”, “Chi học đến 15/1”) is read, to be asked whom (`_whom`; decisions 2551, 2716). `typed`: the
    text as written."""
    if said is None:
        return None
    name = said["name"]
    read = _said_of(name, typed)
    if read.alone or read.unit is not None:  # asked whom, or named, by `_whom` (decisions 2551, 2716, 2771)
        return said
    if said["why"].split()[0] != "hoc":
        return said
    if said["why"].split()[1:2] in (["bong"], ["phi"], ["sinh"]):  # “học bổng”, “học phí”: no one studying
        return None
    child = name in _CHILD or read.little
    return said if read.titled or child or name in _SELF or _capitalised(name, typed) else None


def _capitalised(name: str, typed: str) -> bool:
    """The words `name` was read from (folded), at most four, each typed with a capital, as a name is written
    (“Nam”, “Nguyễn Văn Nam”): what a sentence such as “ủng hộ quỹ khuyến học” is not (decision 2632)."""
    words = _as_typed(name, typed)
    return len(words) <= 4 and all(word[:1].isupper() for word in words)


def _as_typed(said: str, typed: str) -> list[str]:
    """The words of `typed`, the text as written, that `said` (folded, read from its start, without an emoji:
    `_read_words`) was read from."""
    return _lettered(typed.strip(_AROUND))[: len(said.split())]


def _english_why(said: re.Match[str]) -> str | None:
    """“training” where an English sentence says a course or training (`_AWAY_EN_WORDS`), read as `_TRAINING`
    reads “đi học”; else None, a leave whose reason the flow does not keep, as before (decision 2518)."""
    return (
        "training"
        if said["why"] is not None or said["studying"] is not None or said["leave"] == "training"
        else None
    )


# A long leave said with its last day as no date is written: a lunar day (“đến rằm tháng Giêng”, “đến 15/1
# âm lịch”), a month's end (“đến hết tháng 3”); or with none the bot can take for it (“đến Tết”, “3 tháng”):
# asked for as a date, with the example, where it was not understood at all (decision 0763).
_LONG = r"(?:thai\s+san|sinh|om|dai\s+ngay|biet\s+phai|khong\s+luong|di\s+hoc|chua\s+benh|dieu\s+tri)"
_UNTIL = re.compile(
    rf"^(?P<name>.+?)\s+(?:dang\s+|da\s+|se\s+|duoc\s+)?nghi\s+(?P<why>{_LONG}(?:\s+\S+)?)\s+"
    r"(?:den|toi)\s+(?P<until>.+)$"
)
_FOR = re.compile(
    rf"^(?P<name>.+?)\s+(?:dang\s+|da\s+|se\s+|duoc\s+)?nghi\s+(?P<why>{_LONG})\s+"
    r"(?:[0-9]+|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|mươi)\s+(?:thang|tuan|nam|ngay)$"
)
# “… is away until the Kitchen Gods' day”, “… on maternity leave till Lunar New Year's Eve”: `_AWAY_EN`, its
# last day said by the English names of lunar days the Tết drive's dates step reads (decision 0873); not “to”
# (“Lan is away to Hanoi” is no leave to ask the day of).
_UNTIL_EN = re.compile(r"^(?P<name>.+?)" + _AWAY_EN_WORDS + r"(?:until|till)\s+(?P<until>.+)$")
_MONTH_END = re.compile(r"^(?:het\s+)?thang\s+([0-9]{1,2})(?:\s+nam\s+([0-9]{4}))?$")
_HOLIDAY_ONLY = frozenset({"tet", "het tet", "sau tet", "an tet", "ra tet", "qua tet", "tet nguyen dan"})
_HOLIDAY_ONLY |= {"after tet", "lunar new year", "the lunar new year", "after the lunar new year"}


def _until(said: str, today: date) -> date | None:
    """The last day of leave `said` (folded) names when it is no written date: the last day of the month
    named (the coming one), or a lunar day; None for anything else (a written date is `find_day`'s)."""
    if said in _HOLIDAY_ONLY:
        return None
    if (month_end := _MONTH_END.match(said)) is not None:
        month, year = int(month_end[1]), int(month_end[2]) if month_end[2] else today.year
        if not 1 <= month <= 12:
            return None
        last = date(year, month, monthrange(year, month)[1])
        if month_end[2] is None and last < today:
            last = date(year + 1, month, monthrange(year + 1, month)[1])
        return last
    lunar = lunar_day(said, today, COMING)
    return lunar.on if lunar is not None else None


def _one_other(name: str, why: str | None) -> bool:
    """`_one_person`, and not oneself (“em nghỉ ốm đến mai”: her own day off, not read as a leave)."""
    return _one_person(name, why) and _name(name) not in _SELF


def _one_person(name: str, why: str | None) -> bool:
    """Whether what was read before “nghỉ” names one person on leave: not a figure or a clause before it
    (“ủng hộ 500k, em nghỉ …”), a group (`_GROUPS`) or a break for everyone (`_BREAKS`)."""
    if any(ch.isdigit() or ch in ",;:" for ch in name) or _GROUPS.match(name):
        return False
    why = _reason(why)
    return why is None or why.split()[0] not in _BREAKS


def says_away(text: str) -> bool:
    """At the menu: a colleague said away until a day, or back (`read_away`); a leave said with a day that
    does not exist (“chị Lan nghỉ đến 31/2”) or none to take (“… 6 tháng”) is still read here, and said so by
    the flow, where no leave is said (“ủng hộ 200k ngày 31-2”) the message is none of this flow's."""
    try:
        return read_away(text, date(2026, 1, 1)) is not None
    except DateError as wrong:
        # a leave said with no day to take (“… 6 tháng”), or a day that does not exist where a leave is said;
        # “ủng hộ 200k ngày 31-2” and a link code with “7-42” in it are none
        return wrong.reason == "shape" or _LEAVE_SAID.search(match_key(text)) is not None


# What makes a sentence one about a leave, whatever its day: “… nghỉ … đến/tới …”, “… away/on leave until …”.
_LEAVE_SAID = re.compile(
    r"\bnghi\b.*\b(?:den|toi)\b|\b(?:di\s+hoc|tap\s+huan)\b.*\b(?:den|toi)\b"
    r"|\b(?:away|leave|training|course|studying)\b.*\b(?:until|till|to)\b"
)


def _example_day(turn: Turn) -> str:
    """The day of an example that works: the first of the month a year ahead, as the reader writes it."""
    return turn.t.date(turn.today.replace(day=1, year=turn.today.year + 1))


def _example(turn: Turn) -> str:
    """A sentence that works, in the reader's words, its day `_example_day`."""
    return turn.t("Lan is on maternity leave until {day}").format(day=_example_day(turn))


async def _refused_keeping(turn: Turn) -> str:
    officers = await role_officers(turn)
    return turn.t(
        "Only {officers} or the office record a colleague away on long leave. If you will be away, please "
        "tell one of them; until then you may turn appeals off in /dulieu."
    ).format(officers=officers)


async def _keeper(turn: Turn) -> Actor | None:
    return await actor_or_home(turn, may_open_away, lambda: _refused_keeping(turn))


@flow.prompt("said")
async def said_at_menu(turn: Turn) -> None:
    """The sentence typed at the menu (`says_away`)."""
    await _read(turn)


@flow.prompt("start")
async def ask_said(turn: Turn) -> None:
    if await _keeper(turn) is None:
        return
    ask_typed(
        turn,
        turn.t(
            "Who is away on long leave (maternity leave, sick leave, seconded), and until which day? Type it "
            "as you would say it, for example: {example}. Back early: “{back}”."
        ).format(example=_example(turn), back=turn.t("Lan is back at work")),
    )


@flow.answer("start")
async def got_said(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        go_home(turn)
        return
    await _read(turn)


def _again(turn: Turn, said: str) -> None:
    """What was typed is not usable: said why, nothing changed, and the question asked with its example."""
    turn.say(said)
    turn.goto(flow.name, "start", keep_data=False)


def _child(turn: Turn, until: date | None, *, training: bool, nephew: bool = False) -> str:
    """One's own child said away (“con đi học đến 15/1”), or back (`until` None: “Bé đã đi làm lại”): what was
    understood, that only colleagues are recorded, and what to type for one (decisions 2518, 2856); nothing
    changed. `nephew`: “cháu” (decision 2632)."""
    if until is None:
        said = (
            turn.t(
                "This reads as a grandchild, niece or nephew of yours back at school or work. Only "
                "colleagues who are away are recorded here, so nothing was changed. For a colleague back at "
                "work, type their name, for example: {example}."
            )
            if nephew
            else turn.t(
                "This reads as your own child back at school or work. Only colleagues who are away are "
                "recorded here, so nothing was changed. For a colleague back at work, type their name, for "
                "example: {example}."
            )
        )
        return said.format(example=turn.t("Lan is back at work"))
    if nephew and training:
        example = turn.t("Lan is away on training until {day}").format(day=_example_day(turn))
        said = turn.t(
            "This reads as a grandchild, niece or nephew of yours at school until {day}. Only colleagues "
            "who are away are recorded here, so nothing was changed. For a colleague sent to study, type "
            "their name, for example: {example}."
        )
    elif nephew:
        example = _example(turn)
        said = turn.t(
            "This reads as a grandchild, niece or nephew of yours away until {day}. Only colleagues who "
            "are away are recorded here, so nothing was changed. For a colleague on long leave, type their "
            "name, for example: {example}."
        )
    elif training:
        example = turn.t("Lan is away on training until {day}").format(day=_example_day(turn))
        said = turn.t(
            "This reads as your own child at school until {day}. Only colleagues who are away are "
            "recorded here, so nothing was changed. For a colleague sent to study, type their name, for "
            "example: {example}."
        )
    else:
        example = _example(turn)
        said = turn.t(
            "This reads as your own child away until {day}. Only colleagues who are away are recorded "
            "here, so nothing was changed. For a colleague on long leave, type their name, for example: "
            "{example}."
        )
    return said.format(day=turn.t.date(until), example=example)


def _past(turn: Turn, until: date) -> str:
    """A last day of leave already gone by: she is back, and how to say so."""
    return turn.t("{day} is already past. If they are back at work, say so, for example: {back}.").format(
        day=turn.t.date(until), back=turn.t("Lan is back at work")
    )


async def _own_return(turn: Turn) -> bool:
    """“tôi đã đi làm lại”, “I am back at work”, or her own name (“chị Lan đã đi làm lại” typed by Lan): the
    writer says she herself is back (`read_away`); a name she shares with one she records (“anh Hùng” typed
    by Hùng, the officer, of Đỗ Văn Hùng) is that one's (decision 0780). A word of address alone (“chị đi
    làm lại rồi”, no name: `_whom`) typed by one recorded away is hers too, as one speaks of oneself to a
    younger colleague; by one at work, asked who is back (decisions 2715, 2770); where the chat's last look
    named a colleague that day (`_last_named`), it is hers, whoever types it (decision 2855)."""
    try:
        said = read_away(turn.text or "", turn.today)
    except DateError:
        return False
    if said is None or said[2] is not None or turn.person is None:
        return False
    if not said[0]:  # a word of address alone, not a department (“Khoa Nội đã đi làm lại”)
        alone = _back_of_address_alone(turn.text or "")
        # of the colleague the chat named last, where it named one (decision 2855)
        return alone and _last_named(turn) is None and is_away(turn.person, turn.today)
    if said[0] in _SELF:
        return True
    if not await find_by_name(turn.session, said[0], Person.id == turn.person.id, limit=1):
        return False
    actor = await actor_of(turn)
    return actor is None or not await find_by_name(turn.session, said[0], away_among(actor), limit=1)


def _back_of_address_alone(text: str) -> bool:
    """`text` says a return of a word of address alone, typed with its marks (“chị đã đi làm lại”, “anh đi
    làm lại rồi”), not of a department (“Khoa Nội đã đi làm lại”): of whom, the chat decides (decisions
    2715, 2770, 2855)."""
    back = _said_back(text)
    return back is not None and _said_of(back["name"], text).alone_typed


def _last_named(turn: Turn) -> int | None:
    """The colleague the chat's last look named that day (`_home_naming`), where the message came in at the
    menu it went back to: “anh đi làm lại rồi”, a word of address alone, typed next is said of her, never of
    the writer nor asked whom (decision 2855)."""
    named = turn.opened_data.get("named")
    return named[0] if named and named[1] == turn.today.isoformat() else None


def _home_naming(turn: Turn) -> None:
    """Back to the menu, the colleague the last look named (not the writer's own return) kept there for a
    return said next of a word of address alone (`_last_named`)."""
    person_id = None if turn.data.get("own") else turn.data.get("person_id")
    go_home(turn)
    if person_id is not None:
        turn.set(named=[person_id, turn.today.isoformat()])


async def _back_herself(turn: Turn) -> bool:
    """One recorded away who says she is back: asked at a last look, as her officer would be; hers to say
    (`access.may_mark_away`, back; decision 0775). False: not hers to say (the keeper's answer follows)."""
    if turn.person is None or not await _own_return(turn):
        return False
    if not may_mark_away(await actor_of(turn), turn.person, back=True):
        return False
    if not is_away(turn.person, turn.today):
        turn.say(turn.t("You are not recorded as away on long leave: nothing was changed."))
        go_home(turn)
        return True
    turn.set(person_id=turn.person.id, until=None, own=True)
    turn.goto(flow.name, "confirm")
    return True


async def _acting(turn: Turn) -> Actor | None:
    """Who records what the last look shows: the keeper, or, for her own return, herself (`mark_away` asks
    the access module at Có)."""
    if turn.data.get("own"):
        return await actor_or_home(turn)
    return await _keeper(turn)


async def _read(turn: Turn) -> None:
    """The sentence typed: whom, until when (or back); then the person searched among whom the writer may
    record so. Her own return, said by herself, is hers (`_back_herself`)."""
    if await _back_herself(turn):
        return
    actor = await _keeper(turn)
    if actor is None:
        return
    try:
        said = read_away(turn.text or "", turn.today)
    except DateError as wrong:
        if wrong.reason == "shape":  # “đến Tết”, “6 tháng”: the day asked for as a date
            _again(
                turn,
                turn.t("Please say whom and until which day, for example: {example}.").format(
                    example=_example(turn)
                ),
            )
            return
        _again(
            turn,
            turn.t("There is no day {day}. Please type it again, for example: {example}.").format(
                day=wrong.typed or turn.text, example=_example(turn)
            ),
        )
        return
    if said is not None and not said[0] and said[2] is None:  # whose return (decision 2715)
        named = _last_named(turn)
        if named is not None and _back_of_address_alone(turn.text or ""):
            turn.set(person_id=named, until=None, training=False)  # of the colleague named last (2855)
            turn.goto(flow.name, "confirm")
            return
        back = turn.t("Lan is back at work")
        _again(turn, turn.t("Please say who is back at work, for example: {back}.").format(back=back))
        return
    if said is None or not said[0] or said[0] in _NO_NAME:  # a role, or no name (decisions 2633, 2635)
        _again(
            turn,
            turn.t("Please say whom and until which day, for example: {example}.").format(
                example=_example(turn)
            ),
        )
        return
    name, why, until = said
    if name in _SELF:
        _again(turn, turn.t("Your own leave is recorded by another officer or the office."))
        return
    if name in _CHILD:  # one's child away, or back (“Bé đã đi làm lại”: decision 2856)
        training = why is not None and _TRAINING.match(why) is not None
        _again(turn, _child(turn, until, training=training, nephew=name in _NEPHEW))
        return
    if why is not None and why.split()[0] in _FOR_GOOD:
        _again(
            turn,
            turn.t(
                "Someone who retired or left the job is recorded as having left, not as away: the office "
                "does it in /phanquyen, “A colleague who left”."
            ),
        )
        return
    if until is not None and until < turn.today:
        _again(turn, _past(turn, until))
        return
    if until is not None and until > turn.today + AWAY_AHEAD:
        _again(
            turn,
            turn.t(
                "{day} is more than two years ahead. Please check the year, for example: {example}."
            ).format(day=turn.t.date(until), example=_example(turn)),
        )
        return
    turn.set(
        until=until.isoformat() if until is not None else None,
        training=until is not None and why is not None and _TRAINING.match(why) is not None,
    )
    found = await found_by_name(turn.session, name, away_among(actor), limit=MAX_MATCHES)
    if not found and await find_by_name(turn.session, name, Person.id == actor.person_id, limit=1):
        # the writer's own name (“anh Hùng nghỉ ốm …” typed by Hùng): said as “tôi” is, never “nobody”
        _again(turn, turn.t("Your own leave is recorded by another officer or the office."))
        return
    if not found:
        _again(
            turn,
            turn.t("Nobody of the units you look after, at work, has “{typed}” in their name.").format(
                typed=name
            ),
        )
        return
    if len(found) > MAX_MATCHES:
        _again(
            turn, turn.t("More than {n} people match. Please type more of the name.").format(n=MAX_MATCHES)
        )
        return
    labels = await labels_told_apart(turn, found)
    turn.set(found=[[person.id, label] for person, label in zip(found, labels, strict=True)])
    if (person := await taken_at_once(turn, found, name)) is not None or len(found) == 1:
        turn.set(person_id=person.id if person is not None else found[0].id, found=None)
        turn.goto(flow.name, "confirm")
        return
    turn.goto(flow.name, "pick")


@flow.prompt("pick")
async def ask_pick(turn: Turn) -> None:
    found_menu(turn, turn.t("Which person?"))


@flow.answer("pick")
async def picked(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto(flow.name, "start", keep_data=False)
        return
    person_id = picked_id(turn, "p")
    if person_id is None:
        turn.not_an_option()
        return
    turn.set(person_id=person_id)
    turn.goto(flow.name, "confirm")


async def _person(turn: Turn, actor: Actor) -> Person | None:
    person = await turn.session.get(Person, turn.data.get("person_id") or 0)
    if person is None or person.org_id != actor.org_id:
        go_home(turn)
        return None
    return person


@flow.prompt("confirm")
async def ask_confirm(turn: Turn) -> None:
    actor = await _acting(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    until = turn.data.get("until")
    if turn.data.get("own"):
        lines = [
            turn.t("Record that you are back at work?"),
            turn.t("From today, appeals and reminders reach you again, like everyone else."),
        ]
        confirm_menu(turn, "\n".join(lines))
        return
    if until is None:
        lines = [
            turn.t("Record that {name} is back at work?").format(name=person.full_name),
            turn.t(
                "From today, reminders and appeals reach them again, and the digests count them like "
                "everyone else."
            ),
        ]
    else:
        day = date.fromisoformat(until)
        asked = (  # training said as training (decision 2315)
            turn.t("Record that {name} is away on training until {day}?")
            if turn.data.get("training")
            else turn.t("Record that {name} is away on long leave until {day}?")
        )
        apart = (  # as the digest and the appeal then say it (decision 2315)
            turn.t(
                "Until then no reminder or appeal is sent to them (what they ask the bot themselves is "
                "answered), and the digests and lists say them apart, “away on training”, not among who has "
                "not taken part. They may still give or register if they wish. The day after, everything "
                "goes on as before."
            )
            if turn.data.get("training")
            else turn.t(
                "Until then no reminder or appeal is sent to them (what they ask the bot themselves is "
                "answered), and the digests and lists say them apart, “on long leave”, not among who has not "
                "taken part. They may still give or register if they wish. The day after, everything goes on "
                "as before."
            )
        )
        lines = [asked.format(name=person.full_name, day=turn.t.date(day)), apart]
    confirm_menu(turn, "\n".join(lines), not_this_one(turn))


@flow.answer("confirm")
async def confirmed(turn: Turn) -> None:
    if turn.choice in (NOT_THIS_ONE, BACK_ID) and not turn.data.get("own"):
        turn.goto(flow.name, "start", keep_data=False)
        return
    if turn.choice != YES:
        if turn.choice == NO:
            turn.say(turn.t("Nothing was changed."))
        _home_naming(turn)
        return
    actor = await _acting(turn)
    if actor is None or (person := await _person(turn, actor)) is None:
        return
    until = date.fromisoformat(turn.data["until"]) if turn.data.get("until") else None
    try:
        done = await mark_away(
            turn.session,
            actor,
            person,
            until=until,
            now=turn.now,
            settings=turn.settings,
            training=bool(turn.data.get("training")),
        )
    except LeaveError as refused:
        if refused.reason == "past" and until is not None:  # the day went by while Có waited (decision 0769)
            _again(turn, _past(turn, until))
            return
        officers = await role_officers(turn)
        turn.say(
            turn.t(
                "You may not record that for {name}: only {officers} of their unit or the office may."
            ).format(name=person.full_name, officers=officers)
        )
        go_home(turn)
        return
    if turn.data.get("own"):
        turn.say(
            turn.t("Done: you are recorded as back at work.")
            if done.changed
            else turn.t("You are not recorded as away on long leave: nothing was changed."),
            keep=True,
        )
    elif done.until is None:
        said = (
            turn.t("Done: {name} is recorded as back at work.")
            if done.changed
            else turn.t("{name} was not recorded as away: nothing was changed.")
        )
        turn.say(said.format(name=person.full_name), keep=True)
    else:
        said = (
            (
                turn.t("Done: {name} is recorded as away on training until {day}.")
                if person.away_reason == "training"
                else turn.t("Done: {name} is recorded as away on long leave until {day}.")
            )
            if done.changed
            else turn.t("{name} was recorded as away until {day} already: nothing was changed.")
        )
        turn.say(said.format(name=person.full_name, day=turn.t.date(done.until)), keep=True)
        if done.changed and any(held.role == "leader" for held in await held_by(turn.session, person)):
            turn.say(  # who leads meanwhile reads it once given the role (decision 0789)
                turn.t(
                    "{name} is a leader: until {day} the weekly digest is not sent to them. Whoever leads "
                    "meanwhile gets it once given the leader's role (“Roles”)."
                ).format(name=person.full_name, day=turn.t.date(done.until)),
                keep=True,
            )
    _home_naming(turn)
