"""Reading an answer against the menu on screen: by number, label or keyword, without case or diacritics."""

from __future__ import annotations

import re
from itertools import pairwise

from bot.text import fold, marks_key, match_key, one_slip, telex_key, unmarked

BACK_ID = "back"
# What people type for Back: the Back option's keywords (handlers.common.back_choice), and where a question
# offers no Back, the way out to the menu (bot.conversation.engine).
BACK_WORDS = ("back", "go back", "quay lai", "tro lai", "tro ve", "quay ve", "lui lai")


def numbered(choices: list[dict[str, object]]) -> list[tuple[int, dict[str, object]]]:
    """The numbers a text-only channel shows: 1..n in order, and 0 for "back"."""
    out: list[tuple[int, dict[str, object]]] = []
    n = 0
    for choice in choices:
        if choice["id"] == BACK_ID:
            out.append((0, choice))
        else:
            n += 1
            out.append((n, choice))
    return out


def _keywords(choice: dict[str, object]) -> list[str]:
    """An option's keywords as text: a list in the conversation's state, none where it has none."""
    words = choice.get("keywords")
    return [str(word) for word in words] if isinstance(words, list | tuple) else []


def first_number(choices: list[dict[str, object]]) -> int:
    """The number of a menu's first option on a text-only channel: an example that exists (0: only Back)."""
    return min((number for number, _choice in numbered(choices) if number), default=0)


# How people wrap the number of an option: "1.", "1)", "(1)", "số 1", "chọn 2", "em chọn số 2 ạ", "1 và 3".
_NUMBER_LEAD = frozenset({"chon", "so", "muc", "cau", "lay", "toi", "em", "minh", "option", "number"})
_NUMBER_TAIL = frozenset({"a", "ah", "nhe", "nha", "nhen", "ha"})
# What an English message ends with to be polite: "yes please", "no thanks", "no thank you".
_POLITE_TAIL = frozenset({"please", "pls", "thanks", "thx"})
_NUMBER_JOINERS = frozenset({",", ";", "va", "voi", "and"})
_NUMBER_MARKS = frozenset({".", ")", "(", ":", "[", "]"})
_FIGURES = re.compile(r"[0-9０-９]+")  # 0–9, and the full-width digits of an Asian keyboard; never "²", "٣"
_PIECE = re.compile(r"[0-9０-９]+|[^\W\d_]+|\S")
# An option's line typed or pasted back whole: "1. Đăng ký thi đua", "2) Ghi nhận đóng góp".
_NUMBERED_LINE = re.compile(r"^[(\[]?([0-9]{1,3})[.):\]]?\s+(.*[^\W\d_].*)$")


def typed_numbers(key: str) -> list[str] | None:
    """The numbers in `key` (a `match_key`) when it says nothing but numbers of options, as people wrap them
    ("1)", "số 2", "chọn 1 và 3", "2 ạ"); None when it says something else too ("1tr2", "3 ngày", "1.5")."""
    pieces = _PIECE.findall(key)
    while pieces and pieces[0] in _NUMBER_LEAD:
        pieces.pop(0)
    while pieces and pieces[-1] in _NUMBER_TAIL | {".", "!", "?"}:
        pieces.pop()
    numbers = [piece for piece in pieces if _FIGURES.fullmatch(piece)]
    between = _NUMBER_JOINERS | _NUMBER_MARKS
    if not numbers or any(piece not in numbers and piece not in between for piece in pieces):
        return None
    if any(len(number) > 3 for number in numbers) or re.search(r"\d[.:]\d", key):  # "1.5", "10:30"
        return None
    return [str(int(number)) for number in numbers]


# An item of a list an appeal's words make: a figure at a line's start or after “:”, “,” or “;”, then “.” or
# “)” and a word (“1. áo ấm”, “2) chăn”); never “năm 2.”, “2.000.000”, “2/12”, “#2”.
_LISTED_ITEM = re.compile(r"(?:^|(?<=[:,;]))[ \t]*([0-9]{1,3})\s*[.)]\s+(?=[^\W\d_])", re.MULTILINE)
# An item numbered inline after a plain word (“Cần góp 1. áo ấm 2. chăn”, “Xin góp 1) áo ấm 2) chăn”): an item
# where its sentence goes on after it, in a small letter after “.” or after “)”; “Đợt 1. Mời …” begins a
# new sentence, and numbers none (decision 1938). Items in capitals (“Cần góp 1. Áo ấm 2. Chăn”) are read by
# `_capitals_listed` (decision 2020).
_INLINE_ITEM = re.compile(r"(?<=[^\W\d_])[ \t]+([0-9]{1,3})\s*([.)])\s+(?=([^\W\d_]))")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]*$")
_SENTENCE_END = re.compile(r"[.!?…]")


def _capitals_listed(text: str, found: list[re.Match[str]]) -> list[re.Match[str]]:
    """The inline items of `found` whose words begin with a capital after “.” and still make a list: each is
    followed by the next figure, or follows the one before, with no sentence's end between them and after
    another word (“Cần góp 1. Áo ấm 2. Chăn”). A figure that numbers its own word again (“Năm 1. Năm 2.”,
    “Đợt 1. Mời anh chị góp. Đợt 2. Cảm ơn.”) ends sentences and lists nothing."""

    def word_before(match: re.Match[str]) -> str:
        word = _WORD_BEFORE.search(text, 0, match.start())
        return word[1].casefold() if word else ""

    linked = {
        index
        for index, (item, after) in enumerate(pairwise(found))
        if int(after.group(1)) == int(item.group(1)) + 1
        and not _SENTENCE_END.search(text, item.end(), after.start())
        and word_before(item) != word_before(after)
    }
    return [
        item
        for index, item in enumerate(found)
        if item.group(2) == "." and not item.group(3).islower() and (index in linked or index - 1 in linked)
    ]


def numbers_an_item(text: str, number: str) -> bool:
    """Whether `text` (a notice's own words: an officer's appeal) numbers an item `number` of a list of its
    own: two or more items numbered in order from 1, each at a line's start or after “:”, “,” or “;”
    (“Cần góp:\n1) áo ấm\n2) chăn”; “…: 1. áo ấm, 2. chăn”), or inline after a word where its sentence goes on
    (“Cần góp 1. áo ấm 2. chăn”, `_INLINE_ITEM`), in capitals too (“Cần góp 1. Áo ấm 2. Chăn”,
    `_capitals_listed`). A sentence that ends in a figure (“… học kỳ 2. Mời …”) lists
    nothing, nor does a lone “2.” or a list that skips it."""
    wanted, listed, run = int(number), set[int](), 0
    every_inline = list(_INLINE_ITEM.finditer(text))
    inline = [
        found
        for found in every_inline
        if found.group(2) == ")" or found.group(3).islower()  # “1. áo ấm”, never “Đợt 1. Mời”
    ]
    inline += _capitals_listed(text, every_inline)
    for found in sorted((*_LISTED_ITEM.finditer(text), *inline), key=lambda found: found.start(1)):
        figure = int(found.group(1))
        run = figure if figure == run + 1 else (1 if figure == 1 else 0)
        if run >= 2:
            listed.update(range(1, run + 1))
    return wanted in listed


def one_number(text: str) -> str | None:
    """The number of one option typed alone, as people wrap it (“2”, “số 2 ạ”, “2.”): `typed_numbers` of
    `text` as it is compared; None for anything else (two numbers, “1tr2”, words)."""
    numbers = typed_numbers(match_key(text).strip(" .!?"))
    return numbers[0] if numbers is not None and len(numbers) == 1 else None


def recognise(
    text: str, choices: list[dict[str, object]], *, by_number: bool = True, by_part: bool = True
) -> list[str]:
    """Choice ids meant by `text`; several only when the person typed several numbers ("1, 3", "1 và 3").
    Without `by_number` (a step that asks for a number), typed numbers are the answer, never an option's
    number. Without `by_part` (a step whose typed text is an answer: a name, a reason), only an option's
    whole name or keyword is that option, never a piece of it: “anh”, “trọng”, “tâm” are names to search, not
    “Không có trong danh sách” or “Nhà hảo tâm”. An option's line typed back whole ("1. Đăng ký thi đua") is
    that option when its number and its words agree, none when they do not. Text that names nothing as it is
    written is read once more as Telex keys left in it ("ddang kys": bot.text.telex_key)."""
    key = match_key(text).strip(" .!?")
    if not key:  # a bare "?" means the option that explains, where a menu has one
        asked = "?" in text
        return [str(c["id"]) for c in choices if asked and "?" in _keywords(c)][:1]
    numbers = typed_numbers(key)
    if numbers is not None:
        if not by_number:
            return []
        return _by_numbers(numbers, choices)
    if by_number and (line := _NUMBERED_LINE.match(key)):
        by_its_number = _by_numbers([line[1]], choices)
        by_its_words = _by_name(line[2], choices, by_part=by_part, typed=_marked_words(text)[1:])
        return by_its_number if by_its_number and by_its_words == by_its_number else []
    typed = _marked_words(text)
    found = _by_name(key, choices, by_part=by_part, typed=typed)
    if not found and (plain := _without_politeness(key)) != key:  # "có nhé", "tiền ạ", "xong nha"
        found = _by_name(plain, choices, by_part=by_part, typed=typed)
    if not found and (telex := telex_key(text).strip(" .!?")) != key:
        found = _by_name(_without_politeness(telex), choices, by_part=by_part, typed=typed)
    return found


def _marked_words(text: str) -> list[str]:
    """The words of `text` with their marks (`marks_key`), without its punctuation and pictures: “"Tổ Đ" ạ 🙏”
    → tổ, đ, ạ."""
    return _WORD.findall(marks_key(text))


def _as_marked(typed: list[str], labels: dict[str, str]) -> list[str]:
    """Of options whose labels are alike but for their marks (`labels`, id → label), the one `typed` (its
    words with their marks, a polite “ạ” after them left over) names: the label as written; else the one
    label each word typed with its marks fits, a word typed without them fitting any (“Le Thi Hòa”: Lê Thị
    Hòa, not Lê Thị Hoa). None where it fits several (“to d”, Telex keys): the menu narrowed to them asks
    (decisions 0462, 0469)."""
    words = {id_: _marked_words(label) for id_, label in labels.items()}
    as_written = [id_ for id_, its in words.items() if typed[: len(its)] == its]
    if as_written:
        return as_written[:1]
    fitting = [
        id_
        for id_, its in words.items()
        if len(typed) >= len(its)
        and all(mine == theirs or unmarked(mine) for mine, theirs in zip(typed[: len(its)], its, strict=True))
    ]
    return fitting if len(fitting) == 1 else []


def _without_politeness(key: str) -> str:
    """`key` without the particles a polite or friendly message ends with ("ạ", "nhé", "nha", "ơi"; in
    English "please", "thanks", "thank you")."""
    words = key.split(" ")
    while len(words) > 1:
        if words[-1] in _NUMBER_TAIL | _POLITE_TAIL | {"oi"}:
            words.pop()
        elif len(words) > 2 and words[-2:] == ["thank", "you"]:
            del words[-2:]
        else:
            break
    return " ".join(words)


def _by_numbers(numbers: list[str], choices: list[dict[str, object]]) -> list[str]:
    """The options of the numbers typed, each once; none when one of them is no option's."""
    ids = {str(number): str(choice["id"]) for number, choice in numbered(choices)}
    picked = [ids.get(number) for number in numbers]
    return [] if None in picked else list(dict.fromkeys(p for p in picked if p))


def _by_name(
    key: str, choices: list[dict[str, object]], *, by_part: bool, typed: list[str] | None = None
) -> list[str]:
    """The option whose label is `key`, else the one whose keyword is (“Ẩn danh” typed where the option of
    that name follows the menu's entry with the keyword “ẩn danh”: the option), or (`by_part`) the one option
    whose label holds it. Labels alike but for their marks (units “Tổ Đ” and “Tổ D”) are the one `typed`
    names with its marks (`_as_marked`), and none when typed without them: the menu narrowed to them asks."""
    labelled = [str(c["id"]) for c in choices if key == match_key(str(c["label"]))]
    if len(labelled) > 1 and typed is not None:
        labels = {str(c["id"]): str(c["label"]) for c in choices if str(c["id"]) in labelled}
        if len({marks_key(label) for label in labels.values()}) > 1:
            return _as_marked(typed, labels)
    exact = labelled or [str(c["id"]) for c in choices if key in (match_key(k) for k in _keywords(c))]
    if exact:
        return exact[:1]
    if by_part and len(key) >= 3:
        # whole words of the label, never a piece of a word: “Lan”, a colleague's name, is not “Language”
        within = re.compile(rf"(?<![^\W_]){re.escape(key)}(?![^\W_])")
        partial = [
            str(c["id"])
            for c in choices
            if not c.get("as_written") and within.search(match_key(str(c["label"])))
        ]
        if len(partial) == 1:
            return partial
    return []


_WORD = re.compile(r"[^\W_]+")  # a run of letters or digits: "Nội" in "(Khoa Nội)", "12" in "11/12"


def _words(text: str) -> list[str]:
    return _WORD.findall(match_key(text))


def matching(text: str, choices: list[dict[str, object]]) -> list[str]:
    """Choice ids whose name has every word typed at the start of one of its words, in any order: "tim noi"
    and "noi tim" are "Khoa Nội tim mạch", "khoa noi" is every "Khoa Nội …". The name is the label, or one of
    the keywords. For a closed menu where `recognise` found nothing (decision 0088): one id is the answer,
    several narrow the menu. Fewer than 3 characters typed match nothing (as `recognise`'s part of a
    label)."""
    if len(match_key(text).strip(" .!?")) < 3:
        return []
    found = _matching(_words(text), choices)
    if not found and (telex := _WORD.findall(telex_key(text))) != _words(text):
        found = _matching(telex, choices)  # "khoa nooij": Telex keys left in it (bot.text.telex_key)
    return found


# A typed word shorter than this must be a word of a keyword itself, not its start: “van” (a name, “vẫn”) is
# not “vâng”, and a yes never comes from a prefix. So must a short word typed alone for a label: “Lan”, a
# colleague's name, is not “Language”; among other words it may be a start (“tra qua”: “Trao quà …”).
PREFIX_LETTERS = 4


def _matching(typed: list[str], choices: list[dict[str, object]]) -> list[str]:
    if not typed:
        return []

    def fits(name: str, *, keyword: bool = False, led: bool = False) -> bool:
        words = _words(name)
        if led and words and words[0] not in typed:  # “này”, “hộ này”: later words of “không phải hộ này”
            return False

        def word_fits(part: str) -> bool:
            if len(part) < PREFIX_LETTERS and (keyword or len(typed) == 1):
                return part in words
            return any(word.startswith(part) for word in words)

        return all(word_fits(part) for part in typed)

    # An option that acts at once (`as_written`: “Không nhận lời kêu gọi”) is chosen by its number or its
    # whole name only: “không” or “kêu gọi” typed at the main menu must not turn appeals off.
    return [
        str(c["id"])
        for c in choices
        if not c.get("as_written")
        and (
            fits(str(c["label"])) or any(fits(k, keyword=True, led=bool(c.get("led"))) for k in _keywords(c))
        )
    ]


SLIP_LETTERS = 4  # the fewest letters of a word read through a slip of the thumb (“dnag”; never “ko”, “ok”)


def near(text: str, choices: list[dict[str, object]]) -> list[str]:
    """The one option whose name reads as typed but for a slip of the thumb in a word (bot.text.one_slip: a
    letter wrong, left out or one too many, two neighbouring letters swapped): “dnag ky” for “Đăng ký thi
    đua”, “ghi nhan dong gp” for “Ghi nhận đóng góp”. The name is the label or a keyword, as for `matching`;
    the words of it not slipped are typed as `matching` takes them. Only words of SLIP_LETTERS letters or more
    slip, never a number, and never an option `as_written` (one that acts at once: “Ẩn danh”). For where
    nothing else matched; an empty list unless exactly one option fits (decision 0125)."""
    key = match_key(text).strip(" .!?")
    if any(ch.isdigit() for ch in key) or sum(ch.isalpha() for ch in key) < SLIP_LETTERS:
        return []
    typed = _WORD.findall(key)

    def fits(name: str) -> bool:
        whole = match_key(name)
        if len(whole) >= SLIP_LETTERS and one_slip(key, whole):
            return True
        words = _words(name)

        def word_fits(part: str) -> bool:
            return any(word.startswith(part) for word in words) or (
                len(part) >= SLIP_LETTERS
                and any(len(word) >= SLIP_LETTERS and one_slip(part, word) for word in words)
            )

        return bool(typed) and all(word_fits(part) for part in typed)

    found = [
        str(c["id"])
        for c in choices
        if not c.get("as_written") and (fits(str(c["label"])) or any(fits(k) for k in _keywords(c)))
    ]
    return found if len(found) == 1 else []


def typed_example(choices: list[dict[str, object]]) -> str | None:
    """A few letters of an option's name to show how typing one works ("cap cuu" for "Khoa Cấp cứu"): the last
    two words, without accents, of the name of the first option those words pick alone (a label's part in
    brackets left out, and numbers, which would read as an option's number); None when no option has words.
    The words are spelt as the label spells them ("my commitment", not the matching key's "mi commitment")."""
    examples = []
    for choice in choices:
        if choice["id"] == BACK_ID or choice.get("pinned"):
            continue
        name = str(choice["label"]).split("(", 1)[0]
        words = [word for word in _WORD.findall(fold(name)) if not word.isdigit()][-2:]
        if words:
            examples.append(" ".join(words))
            if matching(examples[-1], choices) == [str(choice["id"])]:
                return examples[-1]
    return examples[0] if examples else None
