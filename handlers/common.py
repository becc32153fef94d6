"""Choices and checks several flows share."""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import select

from bot.conversation.recognise import BACK_ID, BACK_WORDS, matching, recognise, typed_numbers
from bot.conversation.turn import Turn
from bot.db.models import Drive, HardshipCase, Unit
from bot.domain.access import Acting, Actor, actor_for_identity, mobilised_units
from bot.domain.campaigns import first_year_at_work, plan_opening
from bot.domain.cases import case_units
from bot.domain.contributions import possible_doubles
from bot.domain.dates import PAST, DateError, find_day_between, named_day, parse_day, year_left_out
from bot.domain.goods_words import accented_goods, cartons_or_loose, english_goods_in_vietnamese, in_one_form
from bot.domain.lunar_days import LunarDay, LunarDayNotRead, NoLeapMonth, NoSuchLunarDay, lunar_day
from bot.domain.notices import (
    commune_level,
    hamlet_ids,
    is_commune,
    level_name,
    level_words,
    officers_title,
    org_level,
    role_place,
    whole_label,
)
from bot.domain.notices import officers_named as notices_officers_named
from bot.domain.numbers import NumberError, parse_whole
from bot.domain.queue import far_from_the_others
from bot.i18n import LOCALES, Translator
from bot.messages import Choice
from bot.text import (
    KHONG_AT_YES_OR_NO,
    KHONG_WRITTEN,
    fold,
    match_key,
    nfc,
    pictures_dropped,
    quoted,
    reads_as_reason,
    sort_key,
    told_apart,
    written_without_accents,
)
from handlers.wording import day_refused, far_mark, not_open_text, possible_double

YES, NO = "yes", "no"
# What people type for yes and for no where a yes/no is asked, compared without accents (bot.text.match_key):
# "dạ", "vâng", "ừ" are yes; "ko", "k", "hông" are no. "da" alone is "dạ" in chat language.
# "được" is typed "dc" or "đc"; a thumbs-up is a yes. Never "đúng" (right) nor "đúng rồi": without accents
# they are "dừng" (stop), and a word typed is matched to the start of a keyword (decision 0088). In English
# chat words too ("yeah", "sure"); "yes please", "no thanks" are "yes" and "no" with a polite word after them
# (bot.conversation.recognise), never keywords: "thanks" or "please" alone would then be the start of one.
YES_WORDS = (
    "co", "yes", "y", "ok", "oke", "okay", "oki", "okie", "ok a", "oke a", "dong y", "vang", "da", "u", "uh",
    "uhm", "um", "da vang", "co a", "vang a", "da co", "dong y a", "xac nhan", "co xac nhan", "dc", "duoc",
    "dc a", "duoc a", "duoc roi", "chinh xac", "phai", "phai roi", "phai a", "sure", "yeah", "yep", "yup",
    "of course", "👍", "👌", "🆗", "✅",
    # An officer who sees the right household on the summary: “phải hộ này” (never “dung”: “dừng” is stop).
    "phai ho nay", "phai nguoi nay",
    # A treasurer's shorthand for “xác nhận”, and “all of them” under a last look of several (decision 1356).
    "xn", "ok het", "oke het", "xn het", "xac nhan het",
)  # fmt: skip
# What someone types for “Skip”; at a question that cannot be skipped it is no answer (what goods are given).
SKIP_WORDS = ("bo qua", "skip")
# What someone types for “nothing more” at a step that offers “Skip” ("xong", as a hamlet officer does).
DONE_WORDS = ("xong", "xong roi", "da xong", "het", "done")
# "thôi" (never mind), "sai rồi" (that is wrong) and "không phải" (not that one: an officer who sees the wrong
# household on the summary) answer a last look with No; "phải" alone is a yes (YES_WORDS), never a part of it.
NO_WORDS = (
    "khong", *KHONG_WRITTEN, "no", "n", "khong a", "ko a", "k a", "da khong",
    "khong dong y", "khong duoc", "ko dc", "k dc", "thoi", "thoi khong", "sai", "sai roi", "nope", "nah",
    "khong phai", "nham roi", "khong phai ho nay", "khong phai nguoi nay", "sai ho", "nham ho",
    "👎", "❌",
)  # fmt: skip
# What an officer types who sees the wrong household or person on a last look recorded for them: where the
# last look offers to choose another (handlers/contributions.py), that, not No (decision 0202).
DOUBLE_YES_WORDS = (  # at a likely double (0476); “không trùng” is not the same one, never No (0479)
    "khac", "khoan khac", "another", "another gift", "khong trung", "ko trung", "k trung", "khong bi trung",
    "khong phai trung", "khong trung dau", "not the same", "not the same one",
)  # fmt: skip
DOUBLE_NO_WORDS = ("trung", "trung roi", "bi trung", "same", "the same")
WRONG_ONE_WORDS = (
    "khong phai ho nay", "khong phai nguoi nay", "khong phai ho", "khong phai nguoi", "sai ho", "nham ho",
    "sai nguoi", "nham nguoi", "sua ho", "doi ho", "ho khac", "nguoi khac", "chon ho khac",
)  # fmt: skip
# The words that open a registration, a gift or a result (handlers/registry.py), also where an officer has
# chosen a household to record for: there they open the household's, never the officer's own (0221).
COMMIT_WORDS = (
    "đăng ký", "đăng ký thi đua", "xem đăng ký", "đăng ký của hộ", "register",
    # A household's pledge named as people say it: the registration, where it is one of the criteria.
    "đăng ký thoát nghèo", "tự nguyện đăng ký thoát nghèo", "tự nguyện thoát nghèo",
)  # fmt: skip
GIVE_WORDS = (
    "đóng góp", "ủng hộ", "ghi nhận đóng góp", "contribute", "donate", "donation", "make a donation",
)  # fmt: skip
RESULT_WORDS = ("ghi kết quả", "kết quả", "xem kết quả", "kết quả của hộ", "record a result")
MAX_FREE_TEXT = 500
UNREADABLE = "\ufffd"  # what a channel puts where bytes could not be decoded
_FILE_NAME_UNSAFE = re.compile(r"[^a-z0-9]+")


async def chosen_drive(turn: Turn) -> Drive | None:
    """The drive a flow's turn chose (`drive_id` in its data), None for the Fund or before one is chosen."""
    drive_id = turn.data.get("drive_id")
    return await turn.session.get(Drive, drive_id) if drive_id else None


def file_slug(text: str, default: str, *, limit: int | None = None) -> str:
    """`text` as part of a file's name: without accents, only letters, digits and one dash between words
    (`default` if nothing is left), at most `limit` characters, cut after a whole word where one fits: a
    reader's phone shows “…-phan-hieu-khanh-2026.docx”, never “…---phan-hieu-khanh--2026.docx”. A name cut
    keeps its last words that are numbers or letters (a quarter of `limit` at most) after its first: “… Khánh
    Hòa số 1” and “… số 2” get files of two names, “truong-trung-cap-nghe-phan-hieu-so-1” (decision 0413); a
    number with its letters is one too (“12A”, “A10”: decision 0427)."""
    slug = _FILE_NAME_UNSAFE.sub("-", fold(text)).strip("-")
    if limit and len(slug) > limit:
        tail = ""
        for word in reversed(slug.split("-")[1:]):  # a number, a letter: “so-1”, “a”, “ii”, “to-12”, “12a”
            numbered = len(word) <= 2 or any(letter.isdigit() for letter in word)
            if not numbered or len(word) + len(tail) + 1 > limit // 4:
                break
            tail = f"{word}-{tail}" if tail else word
        room = limit - len(tail) - 1 if tail else limit
        words = slug[: room + 1].rsplit("-", 1)[0]  # a dash just past the room ends a whole word
        slug = words if "-" in slug[: room + 1] else slug[:room]
        slug = f"{slug}-{tail}" if tail else slug
    return slug or default


def with_years(stem: str, *years: int) -> str:
    """`stem` with `years` after it, as a file's name closes, each once and none its name already ends in:
    a unit “Đội tình nguyện hè 2026” gets “bao-cao-doi-tinh-nguyen-he-2026”, a review of 2026–2026
    “…-2026”, never “…-2026-2026” (decision 0453)."""
    closing = list(dict.fromkeys(years))
    for held in range(len(closing), 0, -1):  # the longest run of them the name ends in
        run = "-".join(map(str, closing[:held]))
        if stem == run or stem.endswith(f"-{run}"):
            closing = closing[held:]
            break
    return "-".join([stem, *map(str, closing)])


def _typed_d(name: str) -> str:
    """`name` with “đ” as a Vietnamese keyboard (Telex) types it, “dd”: what tells “Tổ Đ” from “Tổ D” in
    letters without accents."""
    return name.replace("đ", "dd").replace("Đ", "Dd")


async def unit_file_slug(turn: Turn, unit_id: int, *years: int, limit: int = 40) -> str:
    """The unit's part of a report's file name, closed by `years` (`with_years`): its name's `file_slug`,
    unless another unit of the organisation's name gives the same, the years said once (decision 0453:
    “Đội tình nguyện hè 2026” and “Đội tình nguyện hè” in 2026, decision 0461). Then “đ” is written “dd”
    where that sets them apart (“Tổ Đ”: “to-dd”, “Tổ D”: “to-d”), else the unit's code, unique in the
    organisation and what the shell's `--unit` takes, follows the name. The name follows the units' names, not
    the order they were made in."""
    unit = await turn.session.get_one(Unit, unit_id)

    def named(name: str) -> str:
        return with_years(file_slug(name, "don-vi", limit=limit), *years)

    slug = named(unit.name)
    others = await turn.session.scalars(
        select(Unit.name).where(Unit.org_id == unit.org_id, Unit.id != unit.id)
    )
    alike = [name for name in others if named(name) == slug]
    if not alike:
        return slug
    typed = named(_typed_d(unit.name))
    if all(named(_typed_d(name)) != typed for name in alike):
        return typed
    code = file_slug(unit.code, "don-vi", limit=limit // 2)
    return with_years(f"{file_slug(unit.name, 'don-vi', limit=limit)}-{code}", *years)


def kept_file(turn: Turn, folder: str, name: str) -> str:
    """Where a file the bot makes for a chat is kept, relative to the media directory: `folder/<random>/name`,
    under the name the reader's file gets (the Document's `name`, e.g. `bao-cao-phong-a-2026.docx`), made safe
    for a file and a link (letters without accents, digits, dashes). The folder between is 128 random bits:
    with ZALO_MEDIA_URL the media directory is served publicly, and a Zalo reader's download link ends in the
    readable name, so the phone keeps the file under it (generated_files removes both after some days)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    safe = file_slug(stem, "tep") + (f".{file_slug(suffix, 'bin')}" if suffix else "")
    return f"{folder}/{secrets.token_hex(16)}/{safe}"


def no_file_here(turn: Turn, name: str, command: str) -> str:
    """What a messenger that cannot carry files says instead of the file `name` (a Document's fallback), in
    the reader's words: where else to get it — this chat on Telegram, or the office, with the admin command
    that writes the same file (never a server path: the reader is on a phone)."""
    return turn.t(
        "This messenger cannot carry files, so {name} was not sent here. Open Chung Tay on Telegram and ask "
        "for it again (/lienket uses both with one account), or ask the office for it (they write it with "
        "`{command}`)."
    ).format(name=name, command=command)


def photos_elsewhere(turn: Turn, *, results: bool = False) -> str:
    """Where a reader whose chat shows no picture the bot sends (Zalo without ZALO_MEDIA_URL:
    `Inbound.shows_photos`) sees the receipts marked 📷 instead: said once, under the list (decision 0432);
    `results`: the evidence photos of a list of results (decision 0444)."""
    if results:
        return turn.t(
            "📷: a photo is kept as its evidence. Photos cannot be shown here: see them in Chung Tay on "
            "Telegram (/lienket uses both with one account), or ask the office."
        )
    return turn.t(
        "📷: a photo of its receipt is kept. Photos cannot be shown here: see them in Chung Tay on Telegram "
        "(/lienket uses both with one account), or ask the office."
    )


def whose_choices(
    t: Translator, *, org_name: str | None, unit_name: str | None, commune: bool = False
) -> list[Choice]:
    """Whose registration or result it is, for a leader who may speak for more than themself: the
    organisation's own (`org_name`; a commune's, `commune`, is the commune's: decision 0247), their unit's
    (`unit_name`), or their own ("org", "unit", "self")."""
    choices = []
    if org_name:
        # a ward's is the ward's, “Của phường: …”, as its name says (decision 2835)
        level = level_name(t, commune_level(org_name)) if commune else None
        whole = t("The {level}'s: {org}") if level else t("The organisation's: {org}")
        choices.append(
            Choice(
                "org",
                whole.format(org=org_name, level=level or ""),
                keywords=("co quan", "to chuc", *level_words("cua")),
            )
        )
    if unit_name:
        label = t("The unit's: {unit}").format(unit=unit_name)
        choices.append(Choice("unit", label, keywords=("don vi", "tap the")))
    choices.append(Choice("self", t("My own"), keywords=("cua toi", "ca nhan", "mine")))
    return choices


def back_choice(t: Translator) -> Choice:
    return Choice(BACK_ID, t("Back"), keywords=BACK_WORDS, pinned=True)


NEXT_PAGE, PREVIOUS_PAGE = "next", "previous"
# What people type to turn a page, the same in every long list (compared without accents, bot.text.match_key).
NEXT_PAGE_WORDS = ("trang sau", "sau", "tiep", "xem tiep", "tiep theo", "xem them", "next")
PREVIOUS_PAGE_WORDS = ("trang truoc", "truoc", "quay lai trang truoc", "previous", "prev")
Row = TypeVar("Row")
B = TypeVar("B")  # a balance (bot.domain.spending), as a source menu words it


@dataclass(frozen=True)
class Page(Generic[Row]):
    """One page of a long list: its rows, which page it is (from 0), of how many, and how many rows in all."""

    rows: list[Row]
    number: int
    pages: int
    total: int


def page_count(total: int, size: int) -> int:
    """Pages of `size` rows that hold `total` rows; an empty list is one (empty) page."""
    return max(1, -(-total // size))


async def kept_page(
    turn: Turn, key: str, size: int, fetch: Callable[[int], Awaitable[tuple[list[Row], int]]]
) -> Page[Row]:
    """The page kept under `key` of a list that `fetch(page)` reads as (rows, total). When that page emptied
    meanwhile (entries decided, people gave), the first page instead, kept under `key` again."""
    number = int(turn.data.get(key, 0))
    rows, total = await fetch(number)
    if not rows and number > 0:
        number = 0
        turn.set(**{key: 0})
        rows, total = await fetch(0)
    return Page(rows, number, page_count(total, size), total)


def held_page(turn: Turn, key: str, rows: Sequence[Row], size: int) -> Page[Row]:
    """The page kept under `key` of a list held whole in memory (a bank statement's lines); the last page
    when the list shrank below the one kept, kept under `key` again."""
    pages = page_count(len(rows), size)
    number = min(int(turn.data.get(key, 0)), pages - 1)
    turn.set(**{key: number})
    return Page(list(rows[number * size : (number + 1) * size]), number, pages, len(rows))


def page_choices(t: Translator, page: int, pages: int) -> list[Choice]:
    """“Trang trước” and “Trang sau” of a long list, where there is such a page (`page` counted from 0): the
    same labels and typed words in every list that pages (NEXT_PAGE_WORDS, PREVIOUS_PAGE_WORDS). They are
    actions of the list's menu, pinned: under every page of a channel's paged buttons (decision 0075)."""
    choices = []
    if page > 0:
        choices.append(Choice(PREVIOUS_PAGE, t("Previous page"), keywords=PREVIOUS_PAGE_WORDS, pinned=True))
    if page + 1 < pages:
        choices.append(Choice(NEXT_PAGE, t("Next page"), keywords=NEXT_PAGE_WORDS, pinned=True))
    return choices


def turned_page(turn: Turn, key: str) -> bool:
    """“Trang sau”/“Trang trước” chosen (among the options picked, in a menu of several choices too): the
    page kept under `key` moved (True); anything else: False."""
    steps = {NEXT_PAGE: 1, PREVIOUS_PAGE: -1}
    step = next((steps[choice] for choice in turn.picked if choice in steps), None)
    if step is None:
        return False
    turn.set(**{key: max(0, int(turn.data.get(key, 0)) + step)})
    return True


def picked_id(turn: Turn, prefix: str) -> int | None:
    """The id in the option chosen, for the options that are `prefix` and an id ("d12": drive 12); None when
    another option was chosen (the Fund, New, Back…)."""
    choice = turn.choice
    return int(choice.removeprefix(prefix)) if choice and choice.startswith(prefix) else None


def shown_before_last_look(turn: Turn) -> bool:
    """Where the option chosen leads straight to a last look (the unit a role is granted in): the option
    typed as a part of its name (“khoa noi” for “Khoa Nội”) is shown as a list of that one line (True: the
    step stays), as a name found is (handlers.name_search), not taken at once. Whoever types part of a name
    filters a long list and then picks from it by number: a “1” at the last look would be its yes (decision
    0225). Pressed, typed by its number, named whole, or typed again at that one-line list: False, chosen."""
    text = turn.inbound.text
    menu = turn.state.menu
    if turn.inbound.choice is not None or not text or turn.choice is None:
        return False
    key = match_key(text).strip(" .!?")
    if typed_numbers(key) is not None:
        return False
    choices = menu.get("choices") or []
    behind = (menu.get("whole") or {}).get("choices", [])  # the whole list behind a narrowed one
    picked = next((c for c in [*choices, *behind] if c["id"] == turn.choice), None)
    if picked is None:
        return False
    named = {match_key(str(picked["label"])), *(match_key(str(k)) for k in picked.get("keywords", []))}
    listed = [c["id"] for c in choices if not c.get("pinned") and c["id"] != BACK_ID]
    if key in named or (menu.get("whole") and listed == [turn.choice]):
        return False
    turn.narrow_menu([turn.choice], text)
    return True


def no_words(*more: Choice, also: Sequence[str] = ()) -> tuple[str, ...]:
    """A last look's No words (NO_WORDS, “huy bo”, `also`), less those of the choices shown beside it: “không
    phải người này” is “Chọn người khác” there, never No (decision 0202). “hem”, “không” as chats write it,
    is No here only, where a yes or a no is all that is asked (`KHONG_AT_YES_OR_NO`): not among NO_WORDS,
    which joining's questions and a poverty sheet's cells read too (decision 1631)."""
    theirs = {word for choice in more for word in choice.keywords}
    return tuple(word for word in (*NO_WORDS, *KHONG_AT_YES_OR_NO, "huy bo", *also) if word not in theirs)


async def received_marks(turn: Turn, actor: Acting, entry_id: int, ref: str, received: int) -> list[str]:
    """What the last look of one gift confirmed at the figure that arrived says above its question (the
    look-up's “Nhận số khác”, a bank statement's match taken at its figure): a possible double, said again
    (decision 0200), and `received` far from its giver's others, as her page marks a gift
    (`far_from_the_others` measured at that figure, decision 1732). Empty where neither is so."""
    doubles = (await possible_doubles(turn.session, actor, [entry_id])).get(entry_id, ())
    marks = [possible_double(turn.t, ref, doubles)]
    far = await far_from_the_others(turn.session, actor, [entry_id], {entry_id: received})
    if usual := far.get(entry_id):
        marks.append(far_mark(turn.t, received, usual))
    return [mark for mark in marks if mark]


def confirm_menu(
    turn: Turn,
    text: str,
    *more: Choice,
    takes_photo: bool = False,
    takes_text: bool = False,
    labels: tuple[str, str] | None = None,
) -> None:
    """Yes or No to `text`, and `more` choices after them (“Chọn nguồn khác”): a last look at something saved
    only by Yes, so leaving it for another step says that nothing was saved (decision 0125). A word of one
    of `more` is that choice's, not No's (“không phải hộ này”: decision 0202); a yes or a no typed in part
    is read only with its first word (bot.messages.Choice.led). `takes_photo`: see Turn.menu; `takes_text`:
    text that names no choice, keyword or command is given to the step (no choice picked), which reads it
    or answers `Turn.not_an_option` (Turn.menu's `entries`). `labels`: Yes's and No's own words where a
    bare Yes or No could be read either way (a likely double: “Khoản khác, ghi nhận”, decision 0476)."""
    yes, no = labels or (turn.t("Yes, confirm"), turn.t("No, cancel"))
    # At a double, “khác” (another gift) and “trùng” (the same) typed are its Yes and No too, and said so
    another, same = (DOUBLE_YES_WORDS, DOUBLE_NO_WORDS) if labels else ((), ())
    turn.menu(
        text,
        [
            Choice(YES, yes, keywords=(*YES_WORDS, *another), led=True),
            Choice(
                NO,
                no,
                keywords=no_words(*more, also=same),
                led=True,
            ),
            *more,
        ],
        hint=(
            turn.t("Reply KHÁC to record it as another gift, or TRÙNG not to record it.")
            if labels
            else turn.t("Reply YES to confirm or NO to cancel.")
        ),
        unsaved=True,
        takes_photo=takes_photo,
        entries=takes_text,
    )


def ask_typed(
    turn: Turn,
    question: str,
    *choices: Choice,
    asks_code: bool = False,
    takes_photo: bool = False,
    asks_goods: bool = False,
    photo_of: str | None = None,
) -> None:
    """A question answered by typing, with `choices` and Back as buttons beside it (`asks_code`,
    `takes_photo`, `asks_goods`, `photo_of`: see Turn.menu)."""
    turn.menu(
        question,
        [*choices, back_choice(turn.t)],
        free_text=True,
        asks_code=asks_code,
        takes_photo=takes_photo,
        asks_goods=asks_goods,
        photo_of=photo_of,
    )


def ask_number(turn: Turn, question: str, *choices: Choice, back: bool = True) -> None:
    """A question answered by typing a number or an amount, with `choices` (and Back) beside it: a number
    typed is the answer, never the number of an option; those are pressed or typed by name (decision 0041).
    Without buttons the line on choosing by name stands under two options or more; under one alone (“• Quay
    lại”) it is not said: that option is typed as it reads (decisions 1943, 2032)."""
    options = [*choices, back_choice(turn.t)] if back else list(choices)
    turn.menu(
        question,
        options,
        free_text=True,
        asks_number=True,
        hint=turn.t("A number you type is your answer; to choose an option above, type its name.")
        if len(options) > 1
        else None,
    )


def is_household(turn: Turn) -> bool:
    """Whether the one typing speaks for a household's record (whoever of the family holds the phone): its
    words, its menu, its statement name, never a staff member's."""
    return turn.person is not None and turn.person.kind == "household"


def go_home(turn: Turn) -> None:
    turn.goto("menu", "main", keep_data=False)


def put_aside(turn: Turn, step: str) -> dict[str, Any]:
    """The flow on screen as it stands (what it gathered), to come back to at its `step` once another is done
    (`back_to_waiting`): a registration half done while a gift typed at its question is recorded (decision
    0236)."""
    return {**turn.place(), "step": step}


def back_to_waiting(turn: Turn) -> bool:
    """Back to the flow put aside for this one (`put_aside`), at its step and with what it had gathered, said;
    False when none waits."""
    waiting = turn.data.get("waiting")
    if not waiting:
        return False
    turn.say(turn.t("Now back to your registration, as you left it."))
    turn.goto(waiting["flow"], waiting["step"], keep_data=False)
    turn.set(**waiting["data"])
    return True


# How soon a typed “có” sent again is taken for the confirmation sent twice while the reply was slow, not for
# an answer to what follows it (decision 0180).
AGAIN_WITHIN = timedelta(minutes=1)


def remember_typed_confirmation(turn: Turn, **more: Any) -> None:
    """After a last look answered by typing (“có”, “ok”), keep the word and the time, with `more`, for the
    step that follows: the same word again soon is the confirmation sent twice (`confirmation_again`). A
    pressed button keeps nothing: a button is not pressed twice by a slow reply."""
    if turn.inbound.choice is None and turn.inbound.text:
        turn.set(confirmed_with=match_key(turn.inbound.text), confirmed_at=turn.now.isoformat(), **more)


def confirmation_again(turn: Turn, *, any_yes: bool = False) -> bool:
    """The word that confirmed the last look, typed again within AGAIN_WITHIN: sent twice while the reply was
    slow to come. Once: the caller forgets the word (`confirmed_with=None`) when it has said so. `any_yes`:
    where nothing is asked (the main menu after saving), any yes after a yes, “ok” then “dong y” (2930); and
    at the public name's question after a first gift, where a yes would show the name (2949)."""
    said, at = turn.data.get("confirmed_with"), turn.data.get("confirmed_at")
    if turn.inbound.choice is not None or not turn.inbound.text or not said or not at:
        return False
    typed = match_key(turn.inbound.text)
    yes_again = any_yes and said.strip(" .!?") in YES_WORDS and typed.strip(" .!?") in YES_WORDS
    return (typed == said or yes_again) and turn.now - datetime.fromisoformat(at) <= AGAIN_WITHIN


def answer_sent_twice(turn: Turn, said: str) -> None:
    """What the confirmation sent twice (`confirmation_again`) is told: `said`, and the menu on screen again.
    The word is forgotten, so it is told once."""
    turn.say(said)
    turn.set(confirmed_with=None)
    turn.repeat_menu()


def sent_twice(turn: Turn) -> bool:
    """The “có” that opened the last look, typed again within the minute: sent twice while the reply was slow,
    not read as the last look's answer (decision 0180). Said, and the last look asked again; once."""
    if turn.choice != YES or not confirmation_again(turn):
        return False
    answer_sent_twice(
        turn, turn.t("Please read the list above first: reply YES to confirm it or NO to cancel.")
    )
    return True


def goods_named(turn: Turn, goods: str) -> str:
    """Goods as they are kept and shown, wherever goods are typed (a gift, a hardship case's support, a gift
    round's): typed in Vietnamese, the known goods and units typed without accents written with them (“1 tan
    gao”: “1 tấn gạo”, bot.domain.goods_words, decision 0257); in English, as typed (“man”, “but” are English
    words there). Known goods and their quantity alone read one way, the figure first (“gạo 10kg”: “10 kg
    gạo”, decision 0274)."""
    if turn.t.locale != "vi":
        return goods
    return english_goods_in_vietnamese(goods) or in_one_form(accented_goods(goods))  # “10 kg of rice” (1937)


def goods_read_one_way(turn: Turn, goods: str) -> bool:
    """Whether goods typed read one way. Cartons and pieces typed bare (“mì tôm 2 thùng 5 gói”: five packets
    in each carton, or five packets more?) are asked with both readings as they are typed plainly, and nothing
    is recorded: never guessed (bot.domain.goods_words.cartons_or_loose, decision 1004)."""
    if (readings := cartons_or_loose(goods)) is None:
        return True
    size, loose = readings.size, readings.loose
    if turn.t.locale == "vi":
        size, loose = accented_goods(size), accented_goods(loose)
    turn.say(
        turn.t(
            "Nothing was recorded: “{typed}” can be read two ways. Do you mean “{size}” ({pieces} in each "
            "{carton}) or “{loose}” (plus {pieces} loose)? Please type the one you mean."
        ).format(
            typed=" ".join(goods.split()),
            size=size,
            loose=loose,
            pieces=accented_goods(readings.pieces),
            carton=accented_goods(f"1 {readings.carton}").split(" ", 1)[1],
        )
    )
    return False


def free_text(turn: Turn, *, limit: int = MAX_FREE_TEXT, text: str | None = None) -> str | None:
    """The typed text (or `text`, what followed a command) if it fits; otherwise a kind explanation and None
    (the step stays where it is)."""
    text = (turn.text if text is None else text).strip()
    if not text:
        turn.say(turn.t("Please type your answer as text."))
        turn.repeat_menu()
        return None
    if UNREADABLE in text:
        turn.say(
            turn.t(
                "Part of that message could not be read (it shows as {mark}). Please type it again."
            ).format(mark=UNREADABLE)
        )
        turn.repeat_menu()
        return None
    return None if too_long(turn, text, limit) else text


def paper_text(turn: Turn, text: str, papers: str) -> str | None:
    """Text that goes word for word into the papers sent up (`papers` names them for the reader): one typed
    without Vietnamese accents is asked again once, kindly, since the level above returns a paper written
    so; the same text sent again is kept as it is (English, a typist who cannot). None: the step stays."""
    if not written_without_accents(text) or turn.data.get("unaccented") == text:
        return text
    turn.set(unaccented=text)
    turn.say(
        turn.t(
            "This is written without Vietnamese accents, and it goes word for word into {papers}. Please "
            "type it again with accents, for example: Hoàn thành xuất sắc nhiệm vụ; vận động 12 hộ nghèo. To "
            "keep it as it is, send the same text again."
        ).format(papers=papers)
    )
    turn.repeat_menu()
    return None


REASON_MOST = 300  # the characters of a reason or a note someone else reads (a rejection's, what arrived's)


def reason_text(turn: Turn, *, limit: int = REASON_MOST) -> str | None:
    """A reason someone else will read (why a gift was not received, why a support was cancelled): the typed
    text (`free_text`) with a few letters in it; "." or "1" is asked again, kindly (None: the step stays)."""
    text = free_text(turn, limit=limit)
    if text is not None and not reads_as_reason(text):
        turn.say(
            turn.t(
                "Please write the reason in a few words: the people concerned will read it. For example: "
                "no transfer found on the account."
            )
        )
        turn.repeat_menu()
        return None
    return text


def too_long(turn: Turn, text: str, limit: int = MAX_FREE_TEXT) -> bool:
    """Over `limit` characters: say so, with the limit, and show the question again (never cut silently)."""
    if len(text) <= limit:
        return False
    turn.say(
        turn.t("That is {n} characters; please keep it under {limit}.").format(
            n=turn.t.number(len(text)), limit=turn.t.number(limit)
        )
    )
    turn.repeat_menu()
    return True


def evidence_photo(turn: Turn) -> dict[str, Any] | None:
    """The photo just sent as evidence, as a flow keeps it until it is saved (checksum, path, size); None,
    after saying so, when it was too large to keep (the step stays where it is)."""
    photo = turn.inbound.photo
    if photo is None or photo.too_large or photo.sha256 is None:
        turn.say(turn.t("That photo is too large. Please send a smaller picture, or choose “Skip”."))
        return None
    kept = {"sha256": photo.sha256, "path": photo.path, "size": photo.size}
    if photo.apart:  # when it was sent, to tell whether the next photo came with it (`taken_together`)
        kept["sent_at"] = turn.inbound.at.isoformat()
    # Of an album, or a set sent one photo after another, whether its words were read with it: another
    # photo's are then not read (decisions 0370, 0436).
    if photo.album:
        kept["album"] = photo.album
    return kept | {"said": True} if (photo.album or photo.apart) and photo.caption else kept


TODAY, SKIP = "today", "skip"
SKIPPED = None  # `read_optional_photo`'s answer to “Skip”
NOT_READ: Any = object()  # `read_optional_photo`: nothing to keep yet, the step said why and stays


def ask_day(turn: Turn, question: str, *more: Choice, offered: date | None = None) -> None:
    """A step asking for a day: typed (“25/11”, “25/11/2026”) or “Today, 01/12/2026” chosen; `read_day`.
    `offered`: another day to choose instead of today (the last day of a past year's Fund), “31/12/2025”;
    `more`: choices after it."""
    if offered is None or offered == turn.today:
        choice = Choice(
            TODAY, turn.t("Today, {date}").format(date=turn.t.date(turn.today)), keywords=("hom nay",)
        )
        turn.set(today_shown=turn.today.isoformat())  # the day the button says, pressed after midnight too
    else:
        choice = Choice(TODAY, turn.t.date(offered))
    ask_typed(turn, question, choice, *more)


def example_day(turn: Turn, offered: date | None = None) -> str:
    """The day a question that refuses days to come gives as its example: `offered` (the day `ask_day`
    offered instead of today) or today, as typed. A fixed day (“25/11/2026”) was refused by its own question
    until it came, and named a year gone by after (docs/decisions/0344, 0362)."""
    return turn.t.date(offered or turn.today)


def read_day(
    turn: Turn,
    example: str,
    *,
    not_after: date | None = None,
    late: str | Callable[[date], str] = "",
    offered: date | None = None,
    lean: str | None = None,
) -> date | None:
    """The day `ask_day` asked for, typed as a date or named by a word (“hôm nay”, “hom qua”: `named_day`);
    None after saying what works (`example`, a day as it is typed), or `late` (or what it says of the day
    typed) for a day after `not_after` (a handover that has not happened yet): the step stays. `offered`:
    the day `ask_day` offered instead of today, also the year of a day typed without one (“20/12”). `lean`: a
    day typed without its year is read in the year meant (`bot.domain.dates.PAST`: “28/12” typed in January
    for a day someone left is last December's), and the reading is said (decision 0232)."""
    around = offered or turn.today
    if turn.choice == TODAY:
        # the day its button said (“Hôm nay, 14/12/2026” shown at 23:58, pressed at 00:01), unless today is
        # typed in words (decision 0621)
        shown = turn.data.get("today_shown")
        pressed = offered is None and shown and named_day(turn.text, turn.today) is None
        return date.fromisoformat(shown) if pressed else around
    named = named_day(turn.text, turn.today, lean)
    try:
        lunar = None if named else lunar_day(turn.text, turn.today, lean)
        day = named or (lunar and lunar.on) or parse_day(turn.text, around, lean)
    except LunarDayNotRead as refused:
        turn.say(lunar_refusal(turn.t, refused))
        return None
    except DateError:
        turn.say(turn.t("Please type a day as day/month/year, for example: {day}.").format(day=example))
        return None
    if named is not None and named != turn.today:  # “chủ nhật”, “hôm kia”: which day it was read as (0657)
        turn.say(turn.t("Read as {date}.").format(date=turn.t.day_of_week(named)))
    if lunar is not None:  # “mùng 10 tháng Giêng”: the solar day it falls on (decision 0689)
        turn.say(read_as_lunar(turn.t, lunar))
    if day.year != around.year and lean is not None and year_left_out(turn.text):
        read_as = (
            turn.t("Read as {date}: last year.") if day < around else turn.t("Read as {date}: next year.")
        )
        turn.say(read_as.format(date=turn.t.date(day)))
    if not_after is not None and day > not_after:
        turn.say(late(day) if callable(late) else late)
        return None
    return day


def lunar_month_name(t: Translator, month: int) -> str:
    """A lunar month by its name (“tháng Giêng”, “tháng Chạp”; in English “the first lunar month”)."""
    return (
        t("the first lunar month"),
        t("the second lunar month"),
        t("the third lunar month"),
        t("the fourth lunar month"),
        t("the fifth lunar month"),
        t("the sixth lunar month"),
        t("the seventh lunar month"),
        t("the eighth lunar month"),
        t("the ninth lunar month"),
        t("the tenth lunar month"),
        t("the eleventh lunar month"),
        t("the twelfth lunar month"),
    )[month - 1]


def lunar_month_said(t: Translator, lunar: LunarDay) -> str:
    """A lunar day's month by its name, a leap month said so: “tháng Năm nhuận” (decision 0731)."""
    month = lunar_month_name(t, lunar.month)
    return t("the leap month after {month}").format(month=month) if lunar.leap else month


def read_as_lunar(t: Translator, lunar: LunarDay) -> str:
    """Which solar day a lunar day typed was read as: “Đã đọc là ngày 10 tháng Giêng âm lịch: Thứ Hai,
    15/02/2027.” (decision 0689)."""
    said = t("day {day} of {month}").format(day=lunar.day, month=lunar_month_said(t, lunar))
    return t("Read as {lunar}: {date}.").format(lunar=said, date=t.day_of_week(lunar.on))


def lunar_refusal(t: Translator, refused: LunarDayNotRead, example: str | None = None) -> str:
    """Why a lunar day typed was not read, and the solar day to type instead (`example`: what to type with
    it, for a question asking more than a day): a day its month does not have (“30 tháng Chạp” of a 29-day
    Chạp) names the month's last day; a leap month the years lack, the next leap month; a day that may be
    either of two (“23 tháng Chạp năm 2027”, “giao thừa” on 1 January), both (decisions 0689, 0731)."""
    example = example or t.date(refused.days[0])
    if isinstance(refused, NoSuchLunarDay):
        last = refused.last
        return t(
            "That year, {month} has {days} days: its last day is day {days}, {date}. Please type that day, "
            "for example: {example}."
        ).format(month=lunar_month_said(t, last), days=last.day, date=t.day_of_week(last.on), example=example)
    if isinstance(refused, NoLeapMonth):
        return t(
            "The lunar calendar has no leap month after {month} then: the next leap month is {next}, from "
            "{date}. Please type the day as day/month/year, for example: {example}."
        ).format(
            month=lunar_month_name(t, refused.month),
            next=lunar_month_said(t, refused.next),
            date=t.day_of_week(refused.next.on),
            example=example,
        )
    one, other = refused.days[:2]
    return t(
        "That can be {one} or {other}. Please type the day you mean as day/month/year, for example: "
        "{example}."
    ).format(one=t.day_of_week(one), other=t.day_of_week(other), example=example)


def ask_optional_photo(turn: Turn, question: str, photo_of: str) -> None:
    """A step where a photo may be sent as evidence, or “Skip” chosen; `read_optional_photo`. `photo_of`:
    what it is of (bot.conversation.photo_asked), for what is said to a file sent there (decision 0794)."""
    turn.menu(
        question,
        [Choice(SKIP, turn.t("Skip"), keywords=(*SKIP_WORDS, *NO_WORDS)), back_choice(turn.t)],
        free_text=True,
        takes_photo=True,
        photo_of=photo_of,
    )


def read_optional_photo(turn: Turn) -> dict[str, Any] | None:
    """The answer to `ask_optional_photo` (“Back” is the caller's, checked first): the photo kept as
    `evidence_photo` keeps it, `SKIPPED` (None), or `NOT_READ` after saying why (too large, or neither a photo
    nor “Skip”: the question again)."""
    if turn.inbound.photo is not None:
        kept = evidence_photo(turn)
        if kept is not None and turn.inbound.photo.caption:  # kept, its words not: said (decision 0299)
            turn.say(
                turn.t(  # a household's own in its words, never “minh chứng” (decisions 1566, 1669)
                    "Thank you, the photo goes with it. The words sent with it are not kept: this step takes "
                    "only a photo."
                )
                if is_household(turn)
                else turn.t(
                    "Thank you, the photo is kept as evidence. The words sent with it are not kept: "
                    "this step takes only a photo."
                )
            )
        return NOT_READ if kept is None else kept
    if turn.choice == SKIP:
        return SKIPPED
    turn.say(turn.t("Please send a photo, or choose “Skip”."))
    turn.repeat_menu()
    return NOT_READ


def read_number(turn: Turn, *, maximum: int, problem: str, text: str | None = None) -> int | None:
    """A whole number 1..maximum as people type it ("3", "3 ngày", "03", "３"); otherwise `problem` (or, for
    digits other than 0–9, which digits to use) is said and None returned: the step stays where it is.
    `text`: the part of the message that holds the number (the whole message when not given)."""
    try:
        return parse_whole(turn.text if text is None else text, maximum=maximum)
    except NumberError as refused:
        turn.say(digits_problem(turn.t) if refused.reason == "digits" else problem)
        return None


# Part of a day typed ("1.5", "1,5 ngày", "1 ngày rưỡi", "nửa ngày", "half a day"): labour days are whole
# (decision 0003).
_PART_OF_A_DAY = re.compile(r"^[0-9０-９]+[.,][0-9０-９]+(?:\s|$)|\b(?:ruoi|half|nua ngay)\b")
# Hours or sessions typed ("4 tiếng", "2 buổi", "8 giờ", "4h", "4 hours"), the figure's space left out too
# ("4tiếng"): never that many days (0396, 0411); a hospital's shift ("1 ca", "2 shifts") as a session (2010).
_HOURS_OR_SESSIONS = re.compile(
    r"(?:\b|(?<=[0-9０-９]))(?:tieng|gio|buoi|ca|hours?|hrs?|sessions?|shifts?)\b|[0-9０-９]\s*h\b"
)


def part_of_a_day(text: str) -> bool:
    """Whether labour typed is part of a day (“1,5 ngày”, “1 ngày rưỡi”, “nửa ngày”): days are whole."""
    return _PART_OF_A_DAY.search(fold(text)) is not None


def in_hours_or_sessions(text: str) -> bool:
    """Whether labour typed is counted in hours or sessions (“4 tiếng”, “2 buổi”, “4 hours”), not days."""
    return _HOURS_OR_SESSIONS.search(fold(text)) is not None


def hours_make_days(t: Translator) -> str:
    """How many hours or sessions make a labour day, said where they were typed (decision 0396)."""
    return t("Labour is counted in whole days: 2 sessions or 8 hours make 1 labour day.")


def read_labour_days(turn: Turn, text: str | None = None, *, most: int | None = None) -> int | None:
    """Labour days as people type them, 1 to the configured most (whole days: decision 0003) or `most` when
    fewer; otherwise None, with the range said, or, for part of a day, that days are whole, and for hours or
    sessions, how many make a day (decision 0396)."""
    maximum = min(turn.settings.max_labour_days, most or turn.settings.max_labour_days)
    typed = fold(turn.text if text is None else text)
    if in_hours_or_sessions(typed):
        ask = turn.t("Please type the days, for example: 1.")
        turn.say(f"{hours_make_days(turn.t)} {ask}")
        return None
    if part_of_a_day(typed):
        turn.say(turn.t("Please type whole days, for example: 2."))
        return None
    problem = turn.t("Please type a number of days from 1 to {max}, for example: 2.").format(max=maximum)
    return read_number(turn, maximum=maximum, problem=problem, text=text)


# The word that leads a day typed with the labour days (“hôm 5/12”, “ngày 5/12”, “vào 5/12”, “vào ngày 5/12”),
# read on the text as typed: the rest keeps its marks (the give flow's note). “ngày” after the days' figure
# (“1 ngày 5/12”) is the days' own word, left with them.
_BEFORE_A_DAY_TYPED = re.compile(
    r"\s+(?:(?:v[aà]o|on|l[aà]m)\s+)?(?:v[aà]o|h[oô]m|b[ữu]a|ng[aà]y|on|l[aà]m)\s*$", re.IGNORECASE
)
_DAYS_OWN_WORD = re.compile(r"(?:^|\s)[0-9０-９]+\s+ng[aà]y\s*$", re.IGNORECASE)
_AROUND_A_WORD = ",.!?;:"
_WORDS_OF_A_DAY = 7  # “hôm thứ bảy tuần vừa rồi ạ”: the longest a day named by words runs


def day_typed_with_gift(typed: str, today: date) -> tuple[date | None, str]:
    """The day worked typed with labour days given (“2 ngay cong hom 5/12”, “1 ngày hôm 5/12 sửa nhà”,
    “ủng hộ 1 ngày công sửa nhà bà Năm hôm qua”, “1 ngay thu 7”), and the words without it, as typed; None
    and `typed` where none is said. A date counts only after its word (“hôm”, “ngày”, “vào”), wherever it
    stands: “1/2 ngày” stays the days' reader's. A day named by words is read by the one reader of day words
    (`named_day`: “hôm qua”, “thứ bảy”, “CN”, “sáng nay”), never a list of its own. A day to come is returned
    too: the flows refuse it (decisions 2105, 2107, 2201)."""
    try:
        day, before, after = find_day_between(typed, today, PAST)
    except DateError:
        return None, typed
    if day is not None:
        before = before.rstrip(" ,")
        if (lead := _BEFORE_A_DAY_TYPED.search(before)) is None:
            return None, typed
        if not _DAYS_OWN_WORD.search(before):
            before = before[: lead.start()]
        return day, " ".join(f"{before} {after}".split()).strip(" .,")
    return _day_named_with_gift(typed, today)


# What “thứ …” after it counts, never a weekday: “tổ thứ 7” is the seventh team, “lần thứ 2” the second time.
_COUNTED_BY_THU = frozenset(
    (
        *("to", "doi", "nhom", "lop", "khoi", "xom", "thon", "ap", "khu", "cum", "phong", "tang"),
        *("lan", "dot", "tuan", "nam", "nguoi", "ho", "ca", "can", "dau", "so", "hang", "giai", "vong"),
    )
)


# “Nhận số khác” at a waiting entry, as treasurers type it: what arrived differs from what was recorded, or
# the figure recorded was wrong (“sửa số tiền”, “sai số tiền”, as a confirmed entry's “Sửa số tiền”; 2823).
OTHER_FIGURE_WORDS = ("nhan so khac", "so khac", "nhan thieu", "sua so tien", "sai so tien", "different")


# Words that put a slip right before the figure (“nhầm rồi, 300k”, “sửa lại 300k”, “à nhầm, 3 ngày”, “lộn
# 300k”, “à quên 300k”, “đúng ra là 300k”), as they are compared: what follows them is the figure, never a
# note (decision 0248); the one list the gift's steps and “Nhận số khác” read (decision 2563).
PUTTING_RIGHT = frozenset(
    (
        *("nham", "nham roi", "a nham", "em nham", "ghi nham", "sai", "sai roi", "xin loi", "xin loi nham"),
        *("sua", "sua lai", "sua thanh", "doi", "doi lai", "doi thanh", "khong phai", "ko phai"),
        *("lon", "a lon", "lon roi", "a quen", "dung ra", "dung ra la", "y la", "i mean"),
    )
)


def put_right(text: str) -> str | None:
    """The figure typed after words that put a slip right (“nham roi, 300k”: “300k”), or None."""
    shown = pictures_dropped(text)
    words, typed = match_key(shown).split(), shown.lower().split()
    for n in (3, 2, 1):
        said = [word.strip(",:;-") for word in words[:n]]
        if len(words) > n and " ".join(said) in PUTTING_RIGHT and not _a_pig(said, words, typed):
            return " ".join(words[n:]).strip(" ,:;-.!?") or None
    return None


def _a_pig(said: list[str], words: list[str], typed: list[str]) -> bool:
    """Whether the “lon” of the words `said` first (compared, of all `words`) is a pig, not “lộn” (a slip):
    typed with other marks (“lợn”), or bare before “đất” (“lon dat”, a piggy bank); a treasurer names where
    the money came from so (decision 2656). `typed`: the words as typed, lower case."""
    if "lon" not in said:
        return False
    at = said.index("lon")
    if len(typed) != len(words):  # the words not told apart as typed: read as compared, as before
        return False
    return typed[at].strip(",:;-") != "lộn" and a_pig(typed[at], words[at + 1 : at + 2])


def a_pig(word: str, after: list[str]) -> bool:
    """Whether `word`, as typed, lower case, compared “lon”, is a pig: “lợn” (any marks of its own), or a bare
    “lon” before “đất” (`after`: the next word compared, or none), a piggy bank; never a can (“10 lon bia”),
    which a figure before it counts (decisions 2656, 2710)."""
    mark = word.strip(",:;-.!?")
    if match_key(mark) != "lon":
        return False
    # “300k lon dat.”: the sentence's full stop is no part of “đất” (decision 2742)
    return mark != "lon" or [match_key(next_word).strip(",.!?;:") for next_word in after] == ["dat"]


# A part of the day said before the day it is of (“sáng CN”, “chiều thứ 7”): the day's, never the work's;
# typed with its own marks or with none, so “tôi” (I) is no “tối”, only a bare “toi” may be (decision 2564).
_PARTS_OF_A_DAY = frozenset(("sáng", "trưa", "chiều", "tối", "đêm", "sang", "trua", "chieu", "toi", "dem"))
# Before a bare “toi”, the words that make it the speaker (“anh Nam va toi thu 2”: and I), never an evening:
# one works with someone, not with an evening (decision 2654).
_WITH_SOMEONE = frozenset(("va", "và", "voi", "với", "cung", "cùng"))
# Before the part of the day, the word that says it is a day gone (“hom sang CN”): the day's too (2654).
_DAY_GONE = frozenset(("hôm", "hom"))


def _counts_what_follows(before: str, word: str) -> bool:
    """Whether `word` (“thứ”) is an ordinal of the noun `before` it (“tổ thứ 7”), not a weekday's word."""
    return fold(word.strip(_AROUND_A_WORD)) == "thu" and fold(before.strip(_AROUND_A_WORD)) in _COUNTED_BY_THU


def _day_named_with_gift(typed: str, today: date) -> tuple[date | None, str]:
    """A day named by words among `typed` (`named_day`, leaning to the past): the longest run of words that
    reads as one, the last of such runs; a “ngày” leading it after the days' figure (“1 ngày thứ bảy”) left
    with the days. None and `typed` where no run reads as a day."""
    words = typed.split()
    found: tuple[int, int, date] | None = None
    for start in range(len(words)):
        if start > 0 and _counts_what_follows(words[start - 1], words[start]):
            continue  # “tổ thứ 7”: the seventh team, no Saturday (decision 2444)
        for end in range(min(len(words), start + _WORDS_OF_A_DAY), start, -1):
            said = " ".join(word.strip(_AROUND_A_WORD) for word in words[start:end])
            if said and (day := named_day(said, today, PAST)) is not None:
                if found is None or end - start >= found[1] - found[0]:
                    found = (start, end, day)
                break
    if found is None:
        return None, typed
    start, end, day = found
    if start > 0 and _DAYS_OWN_WORD.search(" ".join(words[: start + 1])):
        rest = " ".join(word.strip(_AROUND_A_WORD) for word in words[start + 1 : end])
        if named_day(rest, today, PAST) == day:  # “ngày thứ bảy” after “1”: “1 ngày” stays the days
            start += 1
    said = [nfc(word.strip(_AROUND_A_WORD)).casefold() for word in words[:start]]
    speaker = len(said) > 1 and said[-1] == "toi" and said[-2] in _WITH_SOMEONE  # “va toi CN”: I (2654)
    if said and said[-1] in _PARTS_OF_A_DAY and not speaker:
        start -= 1  # “sáng CN”: the morning goes with its day (decision 2532)
        if start > 0 and said[-2] in _DAY_GONE:
            start -= 1  # “hom sang CN”: all of it the day's (decision 2654)
    return day, " ".join([*words[:start], *words[end:]]).strip(" .,")


def day_with_days(turn: Turn, typed: str) -> tuple[date | None, str]:
    """The day worked typed in the same message as the labour days at /ngaycong (“1 ngày công hôm qua”), as
    `day_typed_with_gift` reads it, and the rest, the days; a day to come is said (`worked_refusal`) and not
    taken: the question for the day follows (decision 2105)."""
    day, rest = day_typed_with_gift(typed, turn.today)
    if day is not None and day > turn.today and (not_yet := worked_refusal(turn, day)) is not None:
        turn.say(not_yet)
        return None, rest
    return day, rest


def day_not_taken(turn: Turn, day: date, *, not_yet: str, closed: str) -> str | None:
    """Why `day` may not be the day something was handed out or worked (`campaigns.gone_by_at_work`): the
    step's own sentence, `not_yet` for a day to come or `closed` for a day of a year whose figures were closed
    and reported, filled in here (the day, its year, the first year open, today as the example); None where
    the day is taken. The support's, the labour day's and the round's lines, as the shell's (`day_refused`);
    each sentence stays whole in the catalogs, as its step words it (decision 2203)."""
    return day_refused(turn.t, day, turn.today, not_yet=not_yet, closed=closed, example=example_day(turn))


def worked_refusal(turn: Turn, day: date) -> str | None:
    """Why `day` is no day worked that labour days may be recorded for: one to come (recorded once worked,
    decisions 0602, 2105), or of a year closed and reported (counted in a year still at work, 2180)."""
    return day_not_taken(
        turn,
        day,
        not_yet=turn.t(
            "{day} has not come yet: labour days are recorded once worked. Please record them after that "
            "day, or type the day they worked, for example: {example}."
        ),
        closed=turn.t(
            "{day} is in {year}, whose figures were closed and reported at the end of March: labour days "
            "are recorded in a year still at work. Please type a day of {opened} or later, for example: "
            "{example}."
        ),
    )


def closed_year(turn: Turn, day: date) -> bool:
    """Whether `day` is of a year whose figures were closed and reported, which is said: labour days are
    counted in a year still at work, as a support is logged in one (`campaigns.gone_by_at_work`, decision
    2180)."""
    if day > turn.today or (said := worked_refusal(turn, day)) is None:
        return False
    turn.say(said)
    return True


async def outside_drive(turn: Turn, day: date) -> bool:
    """Whether `day` is outside the chosen drive, which is said: a day of another time (another drive's, or
    a year typed wrong) is not this drive's (decision 0621)."""
    drive = await chosen_drive(turn)
    if drive is not None and not drive.starts_on <= day <= drive.ends_on:
        turn.say(
            turn.t(
                "{day} is outside the drive {drive} ({start}–{end}). Please type a day within it, for "
                "example: {example}; or choose “Back” and the Fund or the drive that day was for."
            ).format(
                day=turn.t.date(day),
                drive=quoted(drive.title),
                start=turn.t.date(drive.starts_on),
                end=turn.t.date(drive.ends_on),
                example=turn.t.date(min(turn.today, drive.ends_on)),
            )
        )
        return True
    return False


async def worked_refused(turn: Turn, day: date) -> bool:
    """Whether `day` is refused as the day worked of labour days, which is said with an example: one still to
    come, of a year whose figures were closed (`worked_refusal`), or outside the chosen drive
    (`outside_drive`); nothing is kept then (decisions 0602, 0621, 2107, 2180)."""
    if (refused := worked_refusal(turn, day)) is not None:
        turn.say(refused)
        return True
    return await outside_drive(turn, day)


def digits_problem(t: Translator) -> str:
    return t("Please type numbers with the usual digits 0–9, for example: 3 or 500k.")


def language_choices() -> list[Choice]:
    return [
        Choice("vi", "Tiếng Việt", keywords=("tieng viet", "vietnamese", "vi")),
        Choice("en", "English", keywords=("tieng anh", "en")),
    ]


# The words around a language's name when someone asks for it: "english please", "in English", "speak
# english", "switch to English", "tiếng Anh đi", "chuyển sang tiếng Việt nhé" (keys: bot.text.match_key).
LANGUAGE_ASKING_WORDS = frozenset(
    [
        "please",
        "pls",
        "plz",
        "in",
        "speak",
        "use",
        "switch",
        "change",
        "to",
        "the",
        "language",
        "can",
        "you",
        "i",
        "want",
        "talk",
        "write",
        "reply",
        "answer",
        "bang",
        "noi",
        "dung",
        "chuyen",
        "sang",
        "doi",
        "di",
        "nhe",
        "nha",
        "a",
        "voi",
        "cho",
        "toi",
        "minh",
        "em",
        "ngon",
        "ngu",
        "hay",
        "xin",
        "vui",
        "long",
    ]
)
_WORDS = re.compile(r"[^\s,.!?:;]+")
# English words that ask for the language menu: whoever types them reads it in English (decision 0156).
_ENGLISH_LANGUAGE_WORDS = frozenset({"language", "languages", "english", "change", "switch", "speak"})


def words_but(key: str, around: frozenset[str]) -> str:
    """A typed key (bot.text.match_key) without the words of `around`, one space between those left; ""
    when nothing else is left."""
    return " ".join(word for word in _WORDS.findall(key) if word not in around)


def without_asking_words(key: str) -> str:
    """A typed key (bot.text.match_key) without the words around a language's name: "english please" →
    "english", "tieng anh di" → "tieng anh"; "" when nothing else is left."""
    return words_but(key, LANGUAGE_ASKING_WORDS)


def named_language(text: str | None) -> str | None:
    """The locale a language's name typed names ("English", "tiếng việt", "en"), also with the words people
    put around it ("english please", "in English", "tiếng Anh đi"), or None."""
    if not text:
        return None
    choices = [{"id": c.id, "label": c.label, "keywords": list(c.keywords)} for c in language_choices()]
    picked = recognise(text, choices, by_number=False)
    if not picked and (bare := without_asking_words(match_key(text))):
        picked = recognise(bare, choices, by_number=False, by_part=False)
    return picked[0] if picked and picked[0] in LOCALES else None


def language_menu(turn: Turn, *, way_out: bool = False) -> None:
    """`way_out`: with Back, and anything typed taken as an answer too (the step decides what it means).
    Asked for in English ("/language", "change language"), it is in English whatever the chat's language."""
    typed = match_key(turn.typed).lstrip("/")
    asked_in_english = bool(_ENGLISH_LANGUAGE_WORDS & set(_WORDS.findall(typed)))
    t = Translator("en") if asked_in_english else turn.t
    choices = [*language_choices(), back_choice(t)] if way_out else language_choices()
    turn.menu(t("Which language do you prefer?"), choices, free_text=way_out)


class _OfAnOrganisation(Protocol):
    org_id: int


Owned = TypeVar("Owned", bound=_OfAnOrganisation)


async def chosen(turn: Turn, model: type[Owned], key: str, org_id: int | None) -> Owned | None:
    """The object whose id the chat keeps under `key` (a drive, an appeal), if it is of organisation `org_id`
    (the actor's): an id left from another organisation, or none, is nothing."""
    found = await turn.session.get(model, turn.data.get(key) or 0)
    return found if found is not None and org_id is not None and found.org_id == org_id else None


async def chosen_or_leave(
    turn: Turn, model: type[Owned], key: str, *, leave_to: tuple[str, str]
) -> tuple[Actor, Owned] | None:
    """Who is writing and the object the chat keeps under `key`, if it is of their organisation (`chosen`);
    otherwise the chat leaves for the step `leave_to` with its data cleared, and None."""
    actor = await actor_of(turn)
    found = await chosen(turn, model, key, actor.org_id if actor else None)
    if actor is None or found is None:
        turn.goto(*leave_to, keep_data=False)
        return None
    return actor, found


async def actor_or_home(
    turn: Turn,
    allowed: Callable[[Actor], bool] | None = None,
    refusal: str | Callable[[], Awaitable[str]] | None = None,
) -> Actor | None:
    """Who is writing, if known and (given `allowed`, a rule of bot.domain.access) allowed; otherwise the chat
    goes home, after the `refusal` if there is one (written only then, when it has to be read first: one that
    names the commune's words), and None."""
    actor = await actor_of(turn)
    if actor is not None and (allowed is None or allowed(actor)):
        return actor
    if refusal is not None:
        turn.say(refusal if isinstance(refusal, str) else await refusal())
    go_home(turn)
    return None


async def in_commune(turn: Turn) -> bool:
    """Whether the writer's organisation is a commune (bot.domain.notices.is_commune): its whole is “toàn
    xã” and its officers are the Fatherland Front's (decisions 0139, 0225). Where its admin said which it is,
    the organisation the engine read with the person says so without a query (decision 2220)."""
    if turn.person is None:
        return False
    org = turn.organisation
    if org is not None and org.id == turn.person.org_id and org.kind is not None:
        return org.kind == "commune"
    return await is_commune(turn.session, turn.person.org_id)


async def commune_and_level_of(turn: Turn, *, commune: bool | None = None) -> tuple[bool, str | None]:
    """Whether the writer's organisation is a commune (`in_commune`; `commune` where the caller read it) and,
    a commune's, the level its name says (`notices.org_level`: “phường” for “UBND phường Tân Lợi”), for the
    sentences that name it, its whole (`role_place`) or its word alone (`level_name`: “… thôn, ban nào của
    phường?”; decision 2844)."""
    commune = await in_commune(turn) if commune is None else commune
    level = await org_level(turn.session, turn.person.org_id) if commune and turn.person else None
    return commune, level


async def commune_word(turn: Turn) -> str | None:
    """The writer's commune named in its own word for a sentence that says “… của xã” (`level_name`: “xã”,
    a ward's “phường”, “thị trấn”, “đặc khu”), None where the organisation is an office: the drives' list, the
    account their money goes to, its office where a hamlet's head is sent (decisions 2847, 2849)."""
    commune, level = await commune_and_level_of(turn)
    return level_name(turn.t, level) if commune else None


def front_of_the_whole(t: Translator, level: str | None) -> str:
    """How a Front officer of some hamlets or boards only becomes the whole commune's, in its own word
    (`level`, `commune_level` of its name: “cả phường”, “văn phòng phường”, “toàn phường”): one sentence said
    where her hamlets bound what she does, a household of another hamlet at `/ghithay` and a new drive's units
    (decision 2922)."""
    return t(
        "If you run the movement for the whole {level}, ask the {level}'s office to make you the Front "
        "officer of {whole}."
    ).format(level=level_name(t, level), whole=role_place(t, None, commune=True, level=level))


async def the_whole(turn: Turn, *, label: bool = False, commune: bool | None = None) -> str:
    """The whole of the writer's organisation in its own word: “toàn cơ quan”, a commune's “toàn xã”, a
    ward's “toàn phường” (`notices.role_place`, `notices.org_level`: decision 2776); `label`: capitalised, a
    menu's option or a line's value (“Toàn phường”). `commune`: `in_commune` where the caller read it."""
    commune, level = await commune_and_level_of(turn, commune=commune)
    if label:
        return whole_label(turn.t, commune=commune, level=level)
    return role_place(turn.t, None, commune=commune, level=level)


async def this_year_not_open(turn: Turn, org_id: int, *, announced: bool = True) -> str:
    """That this year's campaign is not open (`wording.not_open_text`), no plan covering it or the plan
    loaded for it starting later (`campaigns.plan_opening`): said alike by /tiendo, /dangky and the awards
    (decisions 0696, 0801, 0979)."""
    opens_on = await plan_opening(turn.session, org_id, turn.today.year, turn.today)
    return not_open_text(turn.t, turn.today.year, announced=announced, opens_on=opens_on)


async def with_hamlets(turn: Turn) -> bool:
    """Whether the writer's organisation is a commune with hamlets (bot.domain.notices.hamlet_ids), whose
    leaders are their heads: where the place of a leader is not known yet or is many, both words are said
    (“Lãnh đạo (trưởng thôn, lãnh đạo đơn vị)”); and a drive's buttons to its view by unit and its paper
    say “thôn, tổ dân phố”, as the view and the paper do (decisions 1674, 1708, 1752)."""
    return turn.person is not None and bool(await hamlet_ids(turn.session, turn.person.org_id))


async def role_officers(turn: Turn) -> str:
    """Who holds the officer's role in the writer's organisation, for a refusal that says who may: “cán bộ
    công đoàn/vận động”, a commune's “cán bộ Mặt trận”, as the roles screen
    (bot.domain.notices.officers_named, decisions 2031, 2220)."""
    return notices_officers_named(turn.t, commune=await in_commune(turn))


async def officers_named(turn: Turn) -> str:
    """Who runs drives and appeals in the writer's organisation, for a sentence: “cán bộ công đoàn”, a
    commune's “cán bộ Mặt trận” (bot.domain.notices.officers_title, decision 0225)."""
    return officers_title(turn.t, commune=await in_commune(turn))


async def heads_a_hamlet(turn: Turn) -> bool:
    """Whether the writer leads a hamlet of their commune (the leader's role there, `hamlet_ids`)."""
    actor = await actor_of(turn)
    leads = {unit for role, unit in actor.grants if role == "leader"} if actor is not None else set()
    return bool(leads) and bool(leads & set(await hamlet_ids(turn.session, actor.org_id)))


async def say_officers_only(turn: Turn, refusal: str) -> None:
    """A refusal that names the officers (`{officers}` in `refusal`) as the writer's organisation calls them
    (`officers_named`), said; the chat stays where the caller puts it."""
    turn.say(refusal.format(officers=await officers_named(turn)))


async def officers_or_home(turn: Turn, allowed: Callable[[Actor], bool], refusal: str) -> Actor | None:
    """`actor_or_home` whose `refusal` names the officers (`{officers}`, `officers_named`), read only when it
    is said."""

    async def named() -> str:
        return refusal.format(officers=await officers_named(turn))

    return await actor_or_home(turn, allowed, named)


async def unit_list(turn: Turn, org_id: int, covered: frozenset[int] | None) -> list[Unit]:
    """The organisation's units in Vietnamese alphabetical order (`sort_key`): those in `covered`, or all of
    them (None: the whole organisation), as a rule of bot.domain.access gives them."""
    query = select(Unit).where(Unit.org_id == org_id)
    if covered is not None:
        query = query.where(Unit.id.in_(sorted(covered)))
    return sorted(await turn.session.scalars(query), key=lambda unit: (sort_key(unit.name), unit.id))


async def org_units(turn: Turn, org_id: int) -> list[Unit]:
    """All the organisation's units by name (`unit_list`), read once a turn: the answer that filters them and
    the prompt it leads to (the invite menu's) share the one read."""
    if turn.org_units is None or turn.org_units[0] != org_id:
        turn.org_units = (org_id, await unit_list(turn, org_id, None))
    return turn.org_units[1]


async def mobilised_unit_list(turn: Turn, actor: Actor) -> list[Unit]:
    """The units of the actor's organisation they run drives and appeals for (bot.domain.access), by name."""
    return await unit_list(turn, actor.org_id, mobilised_units(actor))


async def organisation_drives(turn: Turn) -> list[Drive]:
    """Every drive of the writer's organisation, open or closed, the latest first."""
    assert turn.person is not None
    query = select(Drive).where(Drive.org_id == turn.person.org_id).order_by(Drive.starts_on.desc(), Drive.id)
    return list(await turn.session.scalars(query))


async def actor_of(turn: Turn) -> Actor | None:
    """Who is writing, with their roles in their own organisation, for the rules in bot.domain.access: as the
    engine read them with the person, or read again when this turn changed the person or their roles."""
    known = turn.known_actor
    same = known is not None and turn.person is not None and turn.person.id == known.person_id
    if same and turn.roles == turn.opened_roles:
        await turn.session.flush()  # as the query would: what the turn wrote so far is in the database
        return known
    return await actor_for_identity(turn.session, turn.inbound.channel, turn.inbound.user_id)


FUND_WORDS = ("quy", "fund")  # what people type for the Fund outside the drives


def fund_words(titles: Sequence[str], words: Sequence[str] = FUND_WORDS) -> tuple[str, ...]:
    """The words that pick the Fund outside the drives at once, less those a listed drive's title holds too:
    a commune's own Fund drive (“Vận động Quỹ “Vì người nghèo” xã năm 2026”) is as much “quỹ” as the Fund
    outside the drives, so there the word narrows the menu to both, for the giver to say which (decision
    0146)."""
    drives = [{"id": str(n), "label": title} for n, title in enumerate(titles)]
    return tuple(word for word in words if not matching(word, drives))


# Where support to a hardship case is paid from (docs/decisions/0094), as the chat keeps it.
FUND_SOURCE, OUTSIDE_SOURCE = "fund", "outside"


def source_menu(
    turn: Turn, drives: Sequence[tuple[Drive, B]], fund: B, year: int, left: Callable[[B], str]
) -> None:
    """Ask where support is paid from: each drive still recent with what it has left (`left` words a
    balance), the Fund outside the drives of `year` with its own, or not from the Fund (`read_source`)."""
    choices = [
        Choice(f"d{drive.id}", turn.t("{title} — {left} left").format(title=drive.title, left=left(balance)))
        for drive, balance in drives
    ]
    choices += [
        Choice(
            FUND_SOURCE,
            turn.t("The Fund outside the drives, {year} — {left} left").format(year=year, left=left(fund)),
            keywords=fund_words([drive.title for drive, _balance in drives]),
        ),
        Choice(
            OUTSIDE_SOURCE,
            turn.t("Not from the Fund (a budget, an association's funds, a sponsor directly)"),
            keywords=("khong tu quy", "ngan sach xa", "kinh phi", "nha tai tro", "outside"),
        ),
        back_choice(turn.t),
    ]
    turn.menu(turn.t("Where was it paid from?"), choices)


def read_source(turn: Turn) -> bool:
    """The source chosen at `source_menu`, kept as `source` ("drive", "fund", "outside") and `source_drive`;
    False when the person went back."""
    if (drive_id := picked_id(turn, "d")) is not None:
        turn.set(source="drive", source_drive=drive_id)
        return True
    if turn.choice in (FUND_SOURCE, OUTSIDE_SOURCE):
        turn.set(source=turn.choice, source_drive=None)
        return True
    return False


async def case_names(turn: Turn, cases: Sequence[HardshipCase]) -> dict[int, str]:
    """Each case's name as a list of them shows it, namesakes told apart (`bot.text.told_apart`) by the
    hamlet or unit of whom they name, else by the case's number: two hamlets' “Hộ ông Lò Văn Páo” are
    “Hộ ông Lò Văn Páo (Thôn 1)” and “(Thôn 2)”, where the one absent at the ceremony is cancelled
    (decision 0908)."""
    units = await case_units(turn.session, [case.id for case in cases])
    names = told_apart(
        [(case.name, units.get(case.id), turn.t("Hardship case no. {n}").format(n=case.id)) for case in cases]
    )
    return {case.id: name for case, name in zip(cases, names, strict=True)}


async def say_drive_serves_another(turn: Turn, serving: int | None) -> None:
    """The drive chosen to pay was set meanwhile to raise money for another case, `serving`, which only who
    runs the drive pays other cases from (`access.may_pay_from_drive`, decision 0451): said by the case's
    number, as the drive's screen says it, nothing written, and the source forgotten, to be asked again."""
    drive_id = turn.data.get("source_drive")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    case = turn.t("Hardship case no. {n}").format(n=serving)
    said = turn.t(
        "Not recorded: the drive “{drive}” now raises money for {case}; only whoever runs the drive may pay "
        "another case from it."
    ).format(drive=drive.title if drive else "", case=case)
    turn.say(said + "\n" + turn.t("Please choose another source, for example “Not from the Fund”."))
    turn.set(source=None, source_drive=None, bought=False)


async def say_drive_ended(turn: Turn) -> None:
    """The drive chosen to pay ended more than RECENT_DAYS ago since it was chosen (a last look answered days
    later): it pays no support any more (`spending.pays_support`, decision 2280). Said, nothing written, and
    the source forgotten, to be asked again without it."""
    from bot.domain.spending import RECENT_DAYS, drive_ended_on

    drive_id = turn.data.get("source_drive")
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    if drive is not None:
        turn.say(
            turn.t.plural(
                "Not logged: the drive {drive} ended on {end}, more than {days} day ago, so it pays no more "
                "support.",
                "Not logged: the drive {drive} ended on {end}, more than {days} days ago, so it pays no more "
                "support.",
                RECENT_DAYS,
            ).format(drive=quoted(drive.title), end=turn.t.date(drive_ended_on(drive)), days=RECENT_DAYS)
            + " "
            + turn.t("Please choose another source, for example “Not from the Fund”.")
        )
    turn.set(source=None, source_drive=None, bought=False)


def say_before_drive(turn: Turn, drive: Drive, day: date) -> None:
    """Handed out on `day`, before `drive` began: what it received came after, so it paid none of it. Said
    for a single support and a gift round alike, with another source to choose or “Back” to another day
    (decisions 2100, 2322); nothing written, and the source forgotten, to be asked again."""
    turn.say(
        turn.t(
            "Not logged: {day} is before the drive {drive} started ({start}), so the drive did not pay for "
            "it. Please choose another source, for example “Not from the Fund”; or “Back” to type another "
            "day."
        ).format(day=turn.t.date(day), drive=quoted(drive.title), start=turn.t.date(drive.starts_on))
    )
    turn.set(source=None, source_drive=None)


# Goods paid from a drive or the Fund: bought with its money, or given on from goods people gave (0099).
BOUGHT, GIVEN_ON = "bought", "given"


def ask_bought(turn: Turn, goods: str) -> None:
    """Ask whether `goods` were bought with the money of the drive or the Fund that pays them (its money
    then covers their value) or are goods people gave, handed on (`read_bought`)."""
    turn.menu(
        turn.t(
            "Were the {goods} bought with the money of the drive or the Fund, or are they goods people gave?"
        ).format(goods=goods),
        [
            Choice(BOUGHT, turn.t("Bought with its money"), keywords=("mua", "mua bang tien", "bought")),
            Choice(GIVEN_ON, turn.t("Goods people gave"), keywords=("hien vat", "duoc ung ho", "given")),
            back_choice(turn.t),
        ],
    )


def say_price_needed(turn: Turn, goods: str, *, each_package: bool = False) -> None:
    """Goods bought with the money of the drive or the Fund paying are paid from its money at their price: at
    0 ₫ its books would keep what was spent on them (`cases.unpriced_purchase`, decisions 0540, 0564). Said
    before their value is asked again, for a single support or `each_package` of a gift round."""
    if each_package:
        text = turn.t(
            "Goods bought with the money of the drive or the Fund need what was paid for them, so that its "
            "books match the money spent. Please type what the {goods} of each package cost. For example: "
            "150k."
        )
    else:
        text = turn.t(
            "Goods bought with the money of the drive or the Fund need what was paid for them, so that its "
            "books match the money spent. Please type what the {goods} cost. For example: 150k."
        )
    turn.say(text.format(goods=goods))


def read_bought(turn: Turn) -> bool | None:
    """The answer to `ask_bought`, kept as `bought`; None when the person went back."""
    if turn.choice not in (BOUGHT, GIVEN_ON):
        return None
    turn.set(bought=turn.choice == BOUGHT)
    return turn.choice == BOUGHT


def look_drawn(turn: Turn, years: Sequence[int]) -> None:
    """Keep the day a last look at entries of `years` is drawn on, where one of them is of a year before
    this one (the year just ended, at work through March): its Yes may come once that year is closed
    (`closed_since_look`, decision 1246)."""
    turn.set(looked_on=turn.today.isoformat() if any(year < turn.today.year for year in years) else None)


def closed_since_look(turn: Turn) -> str | None:
    """Where the last look was drawn while the year just ended was at work (31 March, Vietnam time) and its
    Yes comes once that year is closed and reported (1 April): what the look said of the year each entry
    counts for no longer holds, and nothing is written before it is drawn again (decision 1246). The words
    saying so, the day the look was drawn forgotten; None otherwise."""
    looked = turn.data.get("looked_on")
    if looked is None:
        return None
    closed = first_year_at_work(date.fromisoformat(looked))
    if closed == first_year_at_work(turn.today):
        return None
    turn.set(looked_on=None)
    return turn.t(
        "It is now {day}: the figures of {year} were closed and reported at the end of March. Please look "
        "again before you confirm."
    ).format(day=turn.t.date(turn.today), year=closed)
