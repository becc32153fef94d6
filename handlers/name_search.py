"""Finding a person by typing part of their name (accents optional), among those a rule of
bot.domain.access lets the writer reach: whom an officer records for (handlers/behalf.py), whom a leader
proposes for an award (handlers/awards.py), to whom the office grants a role (handlers/roles.py), whom a
hardship case is about (handlers/cases.py). One search, one way of listing what it found."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.turn import Turn
from bot.db.models import Person
from bot.domain.namesakes import joined_days
from bot.domain.org_import import unit_is_named
from bot.domain.people import FoundPerson, find_by_name, find_by_name_keys, near_names
from bot.messages import Choice
from bot.text import fold, match_key
from handlers.common import WRONG_ONE_WORDS, back_choice, free_text

MAX_MATCHES = 10
# A hamlet typed after a name (“… thon Hoa”, “… to 5”): its last words, at most this many, read as the place;
# the namesakes read among at most PLACE_SEARCH of the name.
PLACE_WORDS, PLACE_SEARCH = 3, 200
NOT_THIS_ONE = "not_this_one"  # “không phải”: the one match taken at once was not the one meant (0257)
# What a household's name begins with (“Hộ ông Trần Văn Ba”), compared as bot.text.match_key reads it.
HOUSEHOLD_LEADS = ("ho ong ", "ho ba ", "ho ")
# How a household is said otherwise, a gift after it (“nhà ông Ba ủng hộ 20k”): read as “hộ ông Ba” (0522).
HOUSEHOLD_SAID = ("nha ong ", "nha ba ", "gia dinh ong ", "gia dinh ba ")
# What a paper list writes before a name, a word of address (“đ/c Nam”, “anh Tâm”), left aside where a name
# follows it (decision 0621), folded.
ADDRESS = frozenset(
    {"d/c", "dc", "anh", "chi", "em", "co", "chu", "bac", "thay", "ong", "ba", "cau", "di", "bs", "dong chi"}
)
# How people name a colleague before her name, in the chat (“chị Lan”, “cô Hoa”, “bạn Minh”, “Mr Nam”),
# folded: the words of address, and a few more; no part of the name where one follows (2518, 2857, 2943).
TITLES = ADDRESS | frozenset({"ban", "ms", "mr", "mrs"})
# A position said before her name, typed with its marks and folded as `match_key` reads a typed text (“kỹ” is
# “ki”, “hộ lý” “ho li”): two words or more, never one (a name may be one), no part of the name where one
# follows (decisions 2857, 2943). The one list the away flow and the roles typed at the menu read.
POSITIONS = frozenset(
    match_key(position)
    for position in (
        *("tổ trưởng", "tổ phó", "trưởng khoa", "phó khoa", "trưởng phòng", "phó phòng", "trưởng trạm"),
        *("trưởng ban", "phó ban", "điều dưỡng trưởng", "kỹ thuật viên trưởng", "bác sĩ", "dược sĩ"),
        *("điều dưỡng", "nữ hộ sinh", "hộ sinh", "hộ lý", "y tá", "y sĩ", "kỹ thuật viên", "thủ quỹ"),
        *("kế toán", "giáo viên", "chủ tịch", "phó chủ tịch", "giám đốc", "phó giám đốc"),
        *("tổ trưởng công đoàn", "thủ quỹ công đoàn", "cán bộ công đoàn"),
    )
)
_LONGEST_POSITION = max(len(position.split()) for position in POSITIONS)


def titles_before(words: list[str]) -> int:
    """How many of `words` (folded as `match_key` folds), from the first, are a word of address or a position
    (`TITLES`, `POSITIONS`: “chị”, “đồng chí”, “tổ trưởng”, “hộ lý”, “kỹ thuật viên trưởng”); 0 for none,
    never more than `words` has."""
    return next(
        (
            n
            for n in range(min(_LONGEST_POSITION, len(words)), 0, -1)
            if " ".join(words[:n]) in (POSITIONS if n > 2 else TITLES | POSITIONS)
        ),
        0,
    )


def named_whole(person: FoundPerson, typed: str) -> bool:
    """Whether `typed` is the whole of the person's name, accents, capitals and spaces aside; for a household,
    with or without the “Hộ ông”, “Hộ bà” or “Hộ” before it (“tran van ba” for “Hộ ông Trần Văn Ba”)."""
    name, said = match_key(person.full_name), match_key(typed).strip(" .!?")
    names = {name, *(name.removeprefix(lead) for lead in HOUSEHOLD_LEADS if person.kind == "household")}
    return bool(said) and bool({said, *(said.removeprefix(lead) for lead in HOUSEHOLD_LEADS[:2])} & names)


async def found_by_name(
    session: AsyncSession,
    typed: str,
    among: ColumnElement[bool],
    *,
    limit: int,
    beyond: ColumnElement[bool] | None = None,
) -> list[FoundPerson]:
    """Those of `among` whose name has the words typed (`find_by_name`); else, where the last words name a
    hamlet or unit (or a list's position, “Tổ 5”) and the words before them a name, those of that name there:
    “ho ong Nguyen Van Ba thon Hoa”, as an officer types whose household among namesakes (decision 0484).
    Not where the words typed are the name of one of `beyond` (another hamlet's household): “le thi hoa” is
    Hộ bà Lê Thị Hòa of Thôn Hóa, not the Lê Thị of Thôn Hòa (decision 0509)."""
    found = await find_by_name(session, typed, among, limit=limit)
    if not found and beyond is not None and await find_by_name(session, typed, beyond, limit=1):
        return []
    words = typed.split()
    for cut in range(len(words) - 1, max(len(words) - 1 - PLACE_WORDS, 0), -1):
        if found:
            break
        place = " ".join(words[cut:])
        found = [
            person
            for person in await find_by_name(session, " ".join(words[:cut]), among, limit=PLACE_SEARCH)
            if any(where and unit_is_named(place, where) for where in (person.unit, person.position))
        ][: limit + 1]
    return found


async def _matching(
    turn: Turn, typed: str, among: ColumnElement[bool], beyond: ColumnElement[bool] | None = None
) -> list[FoundPerson]:
    """Those of `among` whose name has the words typed (`find_by_name`); when more than MAX_MATCHES do, those
    `typed` names whole, if any (“tran van ba” in a commune where ten neighbours' names begin with it: “type
    more of the name” asked for more of a name typed whole; decision 0418)."""
    found = await found_by_name(turn.session, typed, among, limit=MAX_MATCHES, beyond=beyond)
    if len(found) <= MAX_MATCHES:
        return found
    said = fold(typed).strip(" .!?")
    bare = {said, *(said.removeprefix(lead) for lead in HOUSEHOLD_LEADS[:2])}
    keys = bare | {lead + name for lead in HOUSEHOLD_LEADS for name in bare}
    whole = [
        person
        for person in await find_by_name_keys(turn.session, keys, among, limit=MAX_MATCHES)
        if named_whole(person, typed)
    ]
    return whole if 0 < len(whole) <= MAX_MATCHES else found


async def taken_at_once(turn: Turn, found: list[FoundPerson], typed: str) -> Person | None:
    """The one match of a search (`found`, as `search_by_name` returned it) that `typed` names whole: said
    with what tells it apart (“Đã tìm thấy: Hộ ông Trần Văn Ba (Khoa Nội, hộ gia đình).”), the list dropped,
    for the caller to go on as if it were picked (decision 0257); also beside others whose names only begin
    with it (“Trần Văn Bảy” for “tran van ba”: decision 0392). None when it is to be chosen from the list as
    before (a part of a name, namesakes both named whole, names that only read nearly so). Only where the
    next step names them and a confirmation comes before anything is saved; that step offers
    `not_this_one` (“không phải”), and Back there asks the name again."""
    whole = [match for match in found if named_whole(match, typed)]
    if len(whole) != 1 or not turn.data.get("found"):
        return None
    person = await turn.session.get(Person, whole[0].id)
    label = next((label for listed, label in turn.data["found"] if listed == whole[0].id), None)
    if person is None or label is None:
        return None
    turn.say(turn.t("Found: {name}.").format(name=label))
    turn.set(found=None)
    return person


def not_this_one(turn: Turn, label: str | None = None) -> Choice:
    """At the step after the one match taken at once: another one, by the words that say it is the wrong one
    (“không phải”, “sai người”…), the name asked again."""
    return Choice(
        NOT_THIS_ONE,
        label or turn.t("Another person"),
        keywords=("khong phai", "khong phai ai", *WRONG_ONE_WORDS),
        led=True,
    )


async def search_if_named(
    turn: Turn, among: ColumnElement[bool], typed: str, *, then: str, listed: list[FoundPerson] | None = None
) -> int:
    """`typed`, a name that came before its question was asked (with a command, or at the question before
    it): when 1 to MAX_MATCHES people of `among` match it, listed to choose from as `search_by_name` lists
    them, on to the step "pick" of the flow `then`. How many matched (more than MAX_MATCHES: MAX_MATCHES + 1);
    when none or too many, nothing is said nor changed, for the caller to answer. `listed`, when given, gets
    those listed, for the caller to ask `taken_at_once` as after the name's own question."""
    typed = typed.strip()
    if not 0 < len(typed) <= 100:
        return 0
    found = await _matching(turn, typed, among)
    if 0 < len(found) <= MAX_MATCHES:
        shown = await search_by_name(turn, among, nobody="", then=then, typed=typed)
        if listed is not None:
            listed.extend(shown)
    return len(found)


async def search_by_name(
    turn: Turn,
    among: ColumnElement[bool],
    *,
    nobody: str,
    set_apart: tuple[ColumnElement[bool], str] | None = None,
    left: tuple[ColumnElement[bool], str] | None = None,
    then: str,
    typed: str | None = None,
) -> list[FoundPerson]:
    """The people matching the typed text (or `typed`: a name that came with a command) among `among`, kept
    as `found` ([id, label] pairs for a menu), then on to the step "pick" of the flow `then`; when the text is
    unusable, nobody matches (`nobody`, with {typed} in it, is said) or too many do, the question is asked
    again. `set_apart`: people left out of
    `among` on purpose (the writer themself) and why; when only they match, the reason is said instead of
    `nobody`. `left`: those of `among` who left (docs/decisions/0118) and what to add; when only they match,
    each is named with the day they left, never said not to exist. Returns those listed ([] when asked
    again)."""
    typed = free_text(turn, limit=100, text=typed)
    if typed is None:
        return []
    beyond, why = set_apart if set_apart is not None else (None, "")
    found = await _matching(turn, typed, among, beyond)
    if not found and beyond is not None and await found_by_name(turn.session, typed, beyond, limit=1):
        turn.say(why)
        turn.repeat_menu()
        return []
    if not found and left is not None and (gone := await find_by_name(turn.session, typed, left[0], limit=3)):
        said = [
            turn.t("{name} left on {date}.").format(name=person.full_name, date=turn.t.date(person.left_on))
            for person in gone[:3]
            if person.left_on is not None
        ]
        turn.say(" ".join([*said, left[1]]).strip())
        turn.repeat_menu()
        return []
    if not found and (found := await near_names(turn.session, typed, among)):
        # nobody as typed, but names that come close (a letter swapped on a phone): offered, never chosen
        turn.say(turn.t("Nobody is named exactly “{typed}”. Names that come close:").format(typed=typed))
    if not found:
        turn.say(nobody.format(typed=typed))
        turn.repeat_menu()
        return []
    if len(found) > MAX_MATCHES:
        turn.say(turn.t("More than {n} people match. Please type more of the name.").format(n=MAX_MATCHES))
        turn.repeat_menu()
        return []
    labels = await labels_told_apart(turn, found)
    if len(set(labels)) < len(labels):
        turn.say(
            turn.t(
                "Two or more people listed read the same, name and unit alike. Whichever you choose, check "
                "it with them; the office can tell them apart on the staff list, in the position column "
                "(for example: Tổ 2)."
            )
        )
    turn.set(found=[[person.id, label] for person, label in zip(found, labels, strict=True)])
    turn.goto(then, "pick")
    return found


def person_label(turn: Turn, person: FoundPerson, *, position: bool = False, also: str | None = None) -> str:
    """The name, with the unit and whether it is a household: "Trần Văn Ba (Thôn 3, hộ gia đình)"; with
    `position`, also the list's position, where it has one: "(Thôn 3, Tổ 2, hộ gia đình)"; `also` last
    (“dùng Chung Tay từ 20/11/2026”)."""
    household = [turn.t("household")] if person.kind == "household" else []
    where = ", ".join(
        [
            *([person.unit] if person.unit else []),
            *([person.position] if position and person.position else []),
            *household,
            *([also] if also else []),
        ]
    )
    return f"{person.full_name} ({where})" if where else person.full_name


async def labels_told_apart(turn: Turn, found: Sequence[FoundPerson]) -> list[str]:
    """`person_label` of each of `found` (“Nguyễn Văn Nam (Khoa Nội)”), namesakes of one unit read apart by
    the list's position, else by the day they joined (docs/decisions/0259); alike in all of it, alike."""
    labels = [person_label(turn, person) for person in found]
    labels = [
        person_label(turn, person, position=labels.count(label) > 1)
        for person, label in zip(found, labels, strict=True)
    ]
    alike = [person.id for person, label in zip(found, labels, strict=True) if labels.count(label) > 1]
    if not alike:
        return labels
    days, said = await joined_days(turn.session, alike), said_joined(turn)
    joined = {pid: said(days.get(pid)) for pid in alike}
    shown = list(zip(found, labels, strict=True))

    def apart(person: FoundPerson, label: str) -> bool:
        """The day said only where it is this one's alone among those read alike: namesakes none of whom has
        joined read as before."""
        day = joined.get(person.id)
        return day is not None and [joined.get(o.id) for o, same in shown if same == label].count(day) == 1

    return [
        person_label(turn, person, position=True, also=joined[person.id]) if apart(person, label) else label
        for person, label in shown
    ]


def said_joined(turn: Turn) -> Callable[[date | None], str]:
    """How the reader reads the day someone joined Chung Tay, which tells namesakes of one unit and position
    apart: “dùng Chung Tay từ 20/11/2026”, or “chưa dùng Chung Tay”."""

    def said(day: date | None) -> str:
        if day is None:
            return turn.t("not on Chung Tay yet")
        return turn.t("on Chung Tay since {date}").format(date=turn.t.date(day))

    return said


def found_menu(turn: Turn, question: str, *more: Choice) -> None:
    """What the search found (kept as `found`), one choice a person (`p<id>`), to pick from; `more` choices
    after them (“Không có trong danh sách”)."""
    turn.menu(
        question,
        [*(Choice(f"p{pid}", label) for pid, label in turn.data["found"]), *more, back_choice(turn.t)],
    )
