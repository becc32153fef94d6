"""Goods named as a phone without a Vietnamese keyboard types them (“1 tan gao”, “2 thung mi tom”), written
with their accents (“1 tấn gạo”, “2 thùng mì tôm”) for the last look, the ledger and the public statement.

Only the common goods and units of the movement's plans and drives are known, and only a word typed wholly
without accents is written anew: a word typed with its accents, a word not listed, and any word that could be
read two ways where it stands are left as typed. A unit is one only after a number (“2 bo quan ao”: “2 bộ quần
áo”; “bo” elsewhere may be “bò”, a cow); “muoi” is never salt, as it may be “mười” (ten)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot.domain.money import HALF
from bot.domain.numbers import DIGIT_WORDS, below_thousand
from bot.text import fold, match_key, nfc

# Goods, by their words typed without accents (lower case); where several match, the longest is taken.
_GOODS = {
    "gao": "gạo", "gao te": "gạo tẻ", "gao nep": "gạo nếp", "mi tom": "mì tôm", "mi": "mì",
    "quan ao": "quần áo", "quan ao am": "quần áo ấm", "ao am": "áo ấm", "ao khoac": "áo khoác", "ao": "áo",
    "chan": "chăn", "chan man": "chăn màn", "chan am": "chăn ấm", "man": "màn",
    "sach vo": "sách vở", "sach": "sách", "vo": "vở", "but": "bút", "cap sach": "cặp sách",
    "do dung hoc tap": "đồ dùng học tập", "dau an": "dầu ăn", "nuoc mam": "nước mắm", "nuoc": "nước",
    "nuoc uong": "nước uống", "sua": "sữa", "duong": "đường", "thuoc": "thuốc", "khau trang": "khẩu trang",
    "phan qua": "phần quà", "suat qua": "suất quà", "qua tet": "quà Tết", "trung": "trứng",
    "trung ga": "trứng gà", "banh chung": "bánh chưng", "banh keo": "bánh kẹo", "giay dep": "giày dép",
    "dep": "dép", "mu bao hiem": "mũ bảo hiểm", "xe dap": "xe đạp", "cay giong": "cây giống",
    "con giong": "con giống", "bo giong": "bò giống", "lon giong": "lợn giống", "ga giong": "gà giống",
    "vai": "vải", "tet": "Tết", "chi vang": "chỉ vàng", "cay vang": "cây vàng", "luong vang": "lượng vàng",
    "nhan vang": "nhẫn vàng", "nuoc ngot": "nước ngọt",
    # water in bottles by its kinds (“10 chai nước khoáng” at the menu: decision 1132)
    "nuoc khoang": "nước khoáng", "nuoc suoi": "nước suối", "nuoc loc": "nước lọc",
    "dau": "dầu",  # only with its marks (`_ONLY_WITH_MARKS`)
}  # fmt: skip
# Goods whose one word, typed without marks, may be another: “dau” is as much “dâu” (strawberries), “đầu” or
# “dấu” as “dầu”; oil is read only as “dầu” (“dầu 3 chai”, decision 1548), “dầu ăn” with or without marks.
_ONLY_WITH_MARKS = frozenset({"dau"})
# Units, written anew only right after a number (“10 tan”, “2,5 ta”).
_UNITS = {
    "tan": "tấn", "ta": "tạ", "yen": "yến", "thung": "thùng", "bo": "bộ", "cai": "cái", "chiec": "chiếc",
    "goi": "gói", "hop": "hộp", "lit": "lít", "tui": "túi", "phan": "phần", "suat": "suất", "doi": "đôi",
    "cuon": "cuốn", "quyen": "quyển", "cay": "cây", "bich": "bịch", "tam": "tấm", "met": "mét",
    "ket": "két", "loc": "lốc",
}  # fmt: skip
_LONGEST = max(len(words.split()) for words in _GOODS)
# Animals given to a poor household (“2 con bò giống”, “hai con gà”, “10 con vịt”), known as goods only
# after “con”, which counts them: alone “ga” may be gas (“2 bình ga”), “bo” a set (“bộ”), “lon” a can
# (decision 1002).
_ANIMALS = {
    "ga": "gà", "vit": "vịt", "ngan": "ngan", "ngong": "ngỗng", "lon": "lợn", "heo": "heo", "bo": "bò",
    "be": "bê", "trau": "trâu", "nghe": "nghé", "de": "dê", "tho": "thỏ", "ca": "cá",
}  # fmt: skip
# Those read without marks too: “con bo” may be “con bọ”, “con be” “con bé” (a little girl), “con de” a
# cricket, “con ca”, “con tho” other words; they are animals only with their marks.
_ANIMALS_UNMARKED = frozenset({"ga", "vit", "ngan", "ngong", "lon", "heo", "trau"})
# The words that count things, compared without accents: after a figure in thousands they make it a count of
# goods (“1 nghìn viên gạch”, a thousand bricks; “2 ngàn cuốn vở”), never đồng (decision 0605). “phần”, “suất”
# are left out (“200k phần quà”: money for the gift packs), and so are “tạ” and “tấm”, folded as “ta” (we) and
# “tam” (“tạm”).
_COUNT_WORDS = frozenset(_UNITS) - {"phan", "suat", "ta", "tam"} | {"vien", "bao", "kg", "con", "chai", "lon"}


def counts_things(word: str) -> bool:
    """Whether `word` counts things (“viên”, “cuốn”, “thùng”, “kg”): after a figure, goods are counted."""
    return fold(word).strip(".,;:!?()") in _COUNT_WORDS


_WORD = re.compile(r"(?P<lead>[^\w]*)(?P<core>[A-Za-z]+)(?P<tail>[^\w]*)")
# A figure as goods are counted: whole, or with its decimal comma or point (“1,5 tạ”).
_FIG = r"\d+(?:[.,]\d+)?"
_NUMBER = re.compile(_FIG)


# The goods people give that a drive's title or a question about giving may name, as the seeds' drives collect
# them (rice, noodles, warm clothes, blankets, books, cooking oil, milk, drinking water), and which example of
# them the goods question and the voluntary answer show (`goods_example`, decisions 1820, 1895); the examples
# themselves are in the catalogs. One table: each with its marks, and read typed without them too, but those
# marked ⟨only with marks⟩, whose letters alone are other words as well: “vo” is “vợ”, “võ”; “sua” “sửa” (to
# mend); “chan” “chân”; “sach” “sạch” (“nước sạch”); “mi” several. English names are read too.
_EXAMPLE_GOODS = {
    "gạo": "rice", "gạo tẻ": "rice", "gạo nếp": "rice", "mì tôm": "noodles", "mì": "noodles",
    "vở": "notebooks", "sách vở": "notebooks", "quyển vở": "notebooks", "sách": "books",
    "áo ấm": "jackets", "quần áo ấm": "jackets", "áo khoác": "jackets", "quần áo": "clothes",
    "chăn": "blankets", "chăn ấm": "blankets", "chăn màn": "blankets", "chăn bông": "blankets",
    "dầu ăn": "oil", "sữa": "milk", "sữa tươi": "milk", "nước uống": "water", "nước khoáng": "water",
    # as an English speaker names them (“can I give blankets?”)
    "rice": "rice", "noodles": "noodles", "instant noodles": "noodles", "notebooks": "notebooks",
    "exercise books": "notebooks", "books": "books", "warm clothes": "jackets", "jackets": "jackets",
    "warm jackets": "jackets", "coats": "jackets", "clothes": "clothes", "blankets": "blankets",
    "blanket": "blankets", "cooking oil": "oil", "milk": "milk", "drinking water": "water",
}  # fmt: skip
_EXAMPLE_ONLY_WITH_MARKS = frozenset({"mì", "vở", "sách", "chăn", "sữa"})
_EXAMPLE_UNMARKED = {
    fold(words): kind for words, kind in _EXAMPLE_GOODS.items() if words not in _EXAMPLE_ONLY_WITH_MARKS
}


# Those read without their marks only where nothing else they may be is meant: alone after a giving word (“ung
# ho chan duoc khong”), as no one gives “chân”, “sạch” or “vợ” (decision 1936).
_UNMARKED_ALONE = {
    fold(words): kind for words, kind in _EXAMPLE_GOODS.items() if words in _EXAMPLE_ONLY_WITH_MARKS
}


def goods_asked_alone(named: str, typed: str) -> str | None:
    """The kind of goods (`_EXAMPLE_GOODS`) of `named`, the words after a giving word as compared (“chan”),
    where they are one word of goods read only with its marks and `typed`, the message, holds it without
    them: asked whether she may give it (“ung ho chan duoc khong”), blankets, as nothing else “chan” may
    be is given; None for anything else (“sua nha”: mending houses, decision 1936)."""
    kind = _UNMARKED_ALONE.get(named)
    return kind if kind is not None and named in typed.lower().split() else None


def goods_example(title: str) -> str | None:
    """Which goods `title` (a drive's, or a question about giving: “ủng hộ chăn được không”) names, first
    where it names several (“Mì tôm cho bà con vùng lũ”: “noodles”), among those whose example the goods
    question knows (`_EXAMPLE_GOODS`), typed with their marks or, where they cannot be another word, without
    (“Gao cho ho ngheo”: “rice”); None where it names none of them."""
    words = [nfc(word.strip('.,;:!?“”"()–-')).lower() for word in title.split()]
    for at in range(len(words)):
        for n in (3, 2, 1):
            if at + n > len(words):
                continue
            said = " ".join(words[at : at + n])
            if (found := _EXAMPLE_GOODS.get(said)) or (
                said == fold(said) and (found := _EXAMPLE_UNMARKED.get(said))
            ):
                return found
    return None


def accented_goods(typed: str) -> str:
    """`typed` (NFC) with the known goods and units typed without accents written with them, each word's
    capitals kept (“10 KG GAO” → “10 KG GẠO”); every other word, and the spaces between, as typed."""
    parts = re.split(r"(\s+)", unicodedata.normalize("NFC", typed))
    words = parts[::2]
    folded = [fold(word) for word in words]  # once for the message, not for each phrase weighed
    at = 0
    while at < len(words):
        for n in range(min(_LONGEST, len(words) - at), 0, -1):
            found = _phrase(words, folded, at, n)
            if found is not None:
                for k, word in enumerate(found):
                    parts[2 * (at + k)] = word
                at += n
                break
        else:
            at += 1
    return "".join(parts)


def _phrase(words: list[str], folded: list[str], at: int, n: int) -> list[str] | None:
    """The `n` words from `at`, written with their accents, when together they name known goods (or, one
    word after a number, a unit); punctuation may stand only before the first and after the last. `folded`:
    each of `words` folded."""
    matches = [_WORD.fullmatch(word) for word in words[at : at + n]]
    if not all(matches) or any(m["tail"] for m in matches[:-1]) or any(m["lead"] for m in matches[1:]):
        return None
    key = " ".join(m["core"].lower() for m in matches)  # type: ignore[index]
    accented = _GOODS.get(key) if key not in _ONLY_WITH_MARKS else None
    if (
        accented is None
        and n == 1
        and at > 0
        and (_NUMBER.fullmatch(words[at - 1]) or _said_before_goods(words, folded, at))
    ):
        accented = _UNITS.get(key)
    if accented is None and n == 1 and at > 0 and folded[at - 1] == "con":  # “2 con ga”: “2 con gà”
        accented = _ANIMALS.get(key) if key in _ANIMALS_UNMARKED else None
    if (
        key in _OTHER_WORDS_UNMARKED
        and not _after_its_figure(folded, at)
        and not _opens_its_count(folded, at)
    ):
        return None  # “can sua 2 cai may”: “sửa” as much as “sữa” (decision 1936)
    if accented is None:
        return None
    return [
        f"{m['lead']}{_as_typed(m['core'], word)}{m['tail']}"  # type: ignore[index]
        for m, word in zip(matches, accented.split(), strict=True)
    ]


# Goods whose one word typed without marks may be another word (“sua”: “sửa”, to mend; “chan”: “chân”; “vo”:
# “vợ”; “sach”: “sạch”; “mi”), read as the goods only right after their figure (“2 hop sua”, “5 chan”), where
# nothing else they may be is counted; elsewhere (“can sua 2 cai may”, “sua 2 hop”) kept as typed and no
# goods known (decision 1936).
_OTHER_WORDS_UNMARKED = frozenset(_UNMARKED_ALONE)  # the same words, read alone after a giving word there


def may_be_another_word(word: str) -> bool:
    """Whether `word` is goods only with its marks and typed without them may be another word (“sua”: “sửa”,
    to mend; “vo”: “vợ”), so the words around it may mean something else (“sua 2 cai nha”: two houses)."""
    return word.lower() in _OTHER_WORDS_UNMARKED


def _after_its_figure(folded: list[str], at: int) -> bool:
    """Whether the word at `at` of `folded` follows a figure (“5 chan”) or a figure and its measure (“2 hop
    sua”, “hai thung mi”)."""

    def figure(word: str) -> bool:
        return _QUANTITY.fullmatch(word) is not None or word in _FIGURE_WORDS  # “hai thung mi”

    return (at > 0 and figure(folded[at - 1])) or (
        at > 1 and folded[at - 1] in _ANY_MEASURE and figure(folded[at - 2])
    )


def _opens_its_count(folded: list[str], at: int) -> bool:
    """Whether the word at `at` of `folded` opens the words and only its figure and a unit follow it (“chan 5
    cai”, “sua 3 hop”, “mi 2 thung”): nothing else is counted there, so the goods (decision 2000); never with
    other words around it (“can sua 2 cai may”, “sua nha 2 cai”) nor a figure with no unit (“chan 5”)."""
    rest = [word.strip(".,;:!?") for word in folded[at + 1 :]]
    return at == 0 and len(rest) == 2 and _NUMBER.fullmatch(rest[0]) is not None and rest[1] in _ANY_MEASURE


# A figure's words typed without marks (“hai”, “mot”, “muoi”): left as typed, as “muoi” may be “mười”.
_FIGURE_WORDS = frozenset(DIGIT_WORDS) | {"muoi", "chuc", "tram", "nua", "linh", "le"}


def _said_before_goods(words: list[str], folded: list[str], at: int) -> bool:
    """Whether the word at `at` follows a figure's word typed without marks and comes before known goods
    (“hai thung mi”, “mot ta gao”): a unit there, written with its marks (“hai thùng mì”, “mot tạ gạo”), so
    the statement reads “mì: 2 thùng”, never “2 thung” (decision 0949); “ba bo” alone is as typed."""
    if words[at - 1] not in _FIGURE_WORDS and words[at - 1].lower() not in _FIGURE_WORDS:
        return False
    return any(
        " ".join(word.strip(".,;:!?") for word in folded[at + 1 : at + 1 + n]) in _GOODS
        for n in range(1, min(_LONGEST, len(words) - at - 1) + 1)
    )


def _as_typed(typed: str, accented: str) -> str:
    """`accented` in the capitals of `typed`: all capitals, a capital first, or as written (“Tết”)."""
    if typed.isupper() and len(typed) > 1:
        return accented.upper()
    if typed[:1].isupper():
        return accented[:1].upper() + accented[1:]
    return accented


# The same goods and units as an English speaker names them (“rice 10kg”, “2 boxes of instant noodles”, “10
# blankets”: decision 0324; gold as “1 tael of gold”, “2 gold rings”: decision 0747), read only to know goods
# typed alone at the menu; they are kept as typed.
_ENGLISH_GOODS = frozenset({
    "rice", "sticky rice", "instant noodles", "noodles", "clothes", "warm clothes", "clothing", "coat",
    "coats", "jacket", "jackets", "blanket", "blankets", "mosquito net", "mosquito nets", "book", "books",
    "notebook", "notebooks", "exercise books", "pen", "pens", "school bag", "school bags", "school supplies",
    "cooking oil", "oil", "fish sauce", "water", "drinking water", "milk", "sugar", "medicine", "medicines",
    "mask", "masks", "face masks", "gift", "gifts", "gift pack", "gift packs", "gift bag", "gift bags", "egg",
    "eggs", "sweets", "biscuits", "cakes", "shoes", "sandals", "helmet", "helmets", "bicycle", "bicycles",
    "bike", "bikes", "seedlings", "cloth", "fabric", "gold", "gold ring", "gold rings",
})  # fmt: skip
_ENGLISH_UNITS = frozenset({
    "kgs", "kilo", "kilos", "kilogram", "kilograms", "litre", "litres", "liter", "liters", "ton", "tons",
    "tonne", "tonnes", "box", "boxes", "carton", "cartons", "case", "cases", "pack", "packs", "packet",
    "packets", "bag", "bags", "sack", "sacks", "set", "sets", "piece", "pieces", "pair", "pairs", "bottle",
    "bottles", "tin", "tins", "dozen", "tael", "taels",
})  # fmt: skip
# Those of them a Vietnamese reply names in Vietnamese (“10 kg of rice”: “10 kg gạo”, decision 1937), with the
# word that counts them where none is typed (“5 blankets”: “5 cái chăn”), and the English measures so named.
_ENGLISH_IN_VIETNAMESE = {
    "rice": ("gạo", ""), "sticky rice": ("gạo nếp", ""), "instant noodles": ("mì tôm", "gói"),
    "noodles": ("mì", "gói"), "clothes": ("quần áo", "bộ"), "warm clothes": ("quần áo ấm", "bộ"),
    "clothing": ("quần áo", "bộ"), "coat": ("áo ấm", "chiếc"), "coats": ("áo ấm", "chiếc"),
    "jacket": ("áo khoác", "chiếc"), "jackets": ("áo khoác", "chiếc"), "warm jackets": ("áo ấm", "chiếc"),
    "blanket": ("chăn", "cái"), "blankets": ("chăn", "cái"), "mosquito net": ("màn", "cái"),
    "mosquito nets": ("màn", "cái"), "book": ("sách", "cuốn"), "books": ("sách", "cuốn"),
    "notebook": ("vở", "quyển"), "notebooks": ("vở", "quyển"), "exercise books": ("vở", "quyển"),
    "pen": ("bút", "cái"), "pens": ("bút", "cái"), "school bag": ("cặp sách", "cái"),
    "school bags": ("cặp sách", "cái"), "cooking oil": ("dầu ăn", ""), "fish sauce": ("nước mắm", ""),
    "drinking water": ("nước uống", ""), "milk": ("sữa", ""), "sugar": ("đường", ""),
    "egg": ("trứng", "quả"), "eggs": ("trứng", "quả"), "medicine": ("thuốc", ""),
    "masks": ("khẩu trang", "cái"), "face masks": ("khẩu trang", "cái"), "helmet": ("mũ bảo hiểm", "cái"),
    "helmets": ("mũ bảo hiểm", "cái"), "bicycle": ("xe đạp", "chiếc"), "bicycles": ("xe đạp", "chiếc"),
    "bike": ("xe đạp", "chiếc"), "bikes": ("xe đạp", "chiếc"),
}  # fmt: skip
_ENGLISH_MEASURES_IN_VIETNAMESE = {
    "kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg",
    "litre": "lít", "litres": "lít", "liter": "lít", "liters": "lít", "l": "lít", "ton": "tấn",
    "tons": "tấn", "tonne": "tấn", "tonnes": "tấn", "box": "hộp", "boxes": "hộp", "carton": "thùng",
    "cartons": "thùng", "case": "thùng", "cases": "thùng", "pack": "gói", "packs": "gói", "packet": "gói",
    "packets": "gói", "bag": "túi", "bags": "túi", "sack": "bao", "sacks": "bao", "set": "bộ", "sets": "bộ",
    "piece": "cái", "pieces": "cái", "pair": "đôi", "pairs": "đôi", "bottle": "chai", "bottles": "chai",
    "tin": "hộp", "tins": "hộp",
}  # fmt: skip
_ENGLISH_FIGURE_FIRST = re.compile(rf"(?P<n>{_FIG})\s*(?P<rest>[a-z][a-z ]*)")
_ENGLISH_GOODS_FIRST = re.compile(rf"(?P<goods>[a-z][a-z ]*?)\s+(?P<n>{_FIG})\s*(?P<unit>[a-z]+)")


def english_goods_in_vietnamese(typed: str) -> str | None:
    """Goods typed in English with their figure, whole, in Vietnamese, the figure first (“10 kg of rice”,
    “rice 10kg”: “10 kg gạo”; “5 blankets”: “5 cái chăn”; “2 boxes of instant noodles”: “2 hộp mì tôm”),
    where the goods and their measure are known (`_ENGLISH_IN_VIETNAMESE`). Goods joined by “and” or “,”
    whose first are so known are named part by part, “và” between them, what the table does not know kept as
    typed (“10 kg of rice and beans”: “10 kg gạo và beans”, decision 2025). None for anything else."""
    said = " ".join(typed.lower().strip(" .!?").split())
    if (whole := _english_in_vietnamese(said)) is not None:
        return whole
    first, *others = (part for part in re.split(r"\s*(?:,|\band\b)\s*", said) if part)
    named = _english_in_vietnamese(first)
    if named is None or not others:
        return None
    for part in others:  # “beans”, “noodles”, “2 boxes of milk”
        known = _ENGLISH_IN_VIETNAMESE.get(part)
        named += " và " + (_english_in_vietnamese(part) or (known[0] if known else part))
    return named


def _english_in_vietnamese(said: str) -> str | None:
    """`english_goods_in_vietnamese` of `said` (in small letters, its spaces single) read whole."""
    if (first := _ENGLISH_GOODS_FIRST.fullmatch(said)) is not None:  # “rice 10kg”
        figure, unit, goods = first["n"], first["unit"], first["goods"]
    elif (found := _ENGLISH_FIGURE_FIRST.fullmatch(said)) is not None:
        figure, unit, goods = found["n"], None, found["rest"]
        if goods not in _ENGLISH_IN_VIETNAMESE:  # “10 kg of rice”: the measure, “of”, the goods
            unit, _, goods = goods.partition(" ")
            goods = goods.removeprefix("of ")
    else:
        return None
    named = _ENGLISH_IN_VIETNAMESE.get(goods)
    measure = _ENGLISH_MEASURES_IN_VIETNAMESE.get(unit) if unit is not None else named and named[1]
    if named is None or measure is None:
        return None
    return " ".join(part for part in (figure, measure, named[0]) if part)


_NAMED = frozenset(_GOODS) | _ENGLISH_GOODS
_LONGEST_NAMED = max(len(words.split()) for words in _NAMED)

# A quantity as typed beside goods: “10kg”, “2,5”, “10 kg”, “2 thùng”.
_QUANTITY = re.compile(rf"{_FIG}(?:kg|g|l|" + "|".join(_UNITS) + r")?")
_MEASURES = frozenset({"kg", "g", "l", "can", *_UNITS})
_ANY_MEASURE = _MEASURES | _ENGLISH_UNITS | _COUNT_WORDS  # “10 chai nước mắm”, “1 bao gạo” (decision 0895)


def goods_with_a_quantity(typed: str, *, whole: bool = True) -> bool:
    """Whether `typed` is only known goods and how much of them (“gao 10kg”, “10 kg gạo”, “2 thung mi tom”),
    as a household types a gift of rice at the menu without a giving word: a number, the goods, and units,
    nothing else. “Tết”, which names no goods alone (“tet 2027”), is left out. English goods and units are
    read too (“rice 10kg”, “2 boxes of instant noodles”), “of” after a unit. `whole`: `typed` is all that was
    typed of the gift, not its first words with more after them (“sua 2 cai” of “sua 2 cai may”), so an
    unmarked goods word opening it before only its count is the goods (decision 2000)."""
    marked = [word.strip(".,!?") for word in _in_figures(_spoken_measures(typed)).split()]
    marked = [word.lower() for word in marked if word]
    words = [fold(word) for word in marked]
    if not any(_QUANTITY.fullmatch(word) for word in words):
        return False
    named = False
    at = 0
    while at < len(words):
        if (animal := _animal(words, marked, at)) is not None:  # “2 con gà”, “gà 5 con”
            if not animal:
                return False
            named, at = True, at + 1
            continue
        longer = _named_at(words, at, least=2)  # “2 con bò giống”: “bò giống”, never “bộ” and “giong”
        if words[at] in _ANY_MEASURE and 1 + _named_at(words, at + 1) > longer:
            longer = 0  # “20 phần quà Tết”: “phần”, then “quà Tết”
        if longer and not _marked_otherwise(marked[at : at + longer]):
            named, at = True, at + longer
            continue
        if _QUANTITY.fullmatch(words[at]) or words[at] in _ANY_MEASURE:
            at += 1
            continue
        if words[at] == "of" and at > 0 and words[at - 1] in _ANY_MEASURE:  # “2 boxes of noodles”
            at += 1
            continue
        n = _named_at(words, at)
        if n == 0 or words[at : at + n] == ["tet"] or _marked_otherwise(marked[at : at + n]):
            return False
        if (
            n == 1
            and marked[at] in _OTHER_WORDS_UNMARKED
            and not _after_its_figure(words, at)
            and not (whole and _opens_its_count(words, at))  # “chan 5 cai”: blankets (decision 2000)
        ):
            return False  # “can sua 2 cai”: no milk guessed (decision 1936)
        named, at = True, at + n
    return named


def names_goods(typed: str) -> bool:
    """Whether `typed` names known goods anywhere among its words, with no quantity needed (“ủng hộ gạo được
    không”, “có phải góp quần áo không”): a question about giving goods, answered with goods' example
    (decision 1741). “Tết” alone names none; words marked otherwise (“vợ”, “sửa”) are no goods."""
    marked = [word.strip(".,!?").lower() for word in typed.split()]
    marked = [word for word in marked if word]
    words = [fold(word) for word in marked]
    for at in range(len(words)):
        n = _named_at(words, at)
        if n and words[at : at + n] != ["tet"] and not _marked_otherwise(marked[at : at + n]):
            return True
    return False


def _named_at(words: list[str], at: int, *, least: int = 1) -> int:
    """How many of `words` (folded) from `at` name known goods, the longest, at least `least`; 0 for none."""
    return next(
        (
            n
            for n in range(min(_LONGEST_NAMED, len(words) - at), least - 1, -1)
            if " ".join(words[at : at + n]) in _NAMED
        ),
        0,
    )


def _animal(words: list[str], marked: list[str], at: int) -> bool | None:
    """Whether the word at `at` is an animal counted in “con” (“2 con gà”, or first: “gà 5 con”) typed with
    its marks or none (True), or with others (False: “con bỏ”); None where it is no animal counted so, and
    first only where no figure stands before it (“500 ngan 2 con” is 500 ngàn, decision 1039)."""
    if words[at] not in _ANIMALS or " ".join(words[at : at + 2]) in _GOODS:  # “bò giống”: goods of its own
        return None
    after = words[at + 1 : at + 3]
    first = at == 0 or not (_QUANTITY.fullmatch(words[at - 1]) or words[at - 1] in _FIGURE_WORDS)
    counted = (at > 0 and words[at - 1] == "con") or (  # “500 ngan 2 con”: 500 ngàn, no ducks (1039)
        first and len(after) == 2 and _NUMBER.fullmatch(after[0]) is not None and after[1] == "con"
    )
    if not counted or (marked[at] == words[at] and words[at] not in _ANIMALS_UNMARKED):
        return None
    return marked[at] == words[at] or marked[at] == _ANIMALS[words[at]]


def _marked_otherwise(typed: list[str]) -> bool:
    """Whether known goods' words typed (lower case) carry marks other than the goods' own: “vợ” folds as
    “vở” (notebooks), “sửa” (to mend) as “sữa” (milk), but “1 vợ 2 con” is a family, no gift (decision
    0948). A word typed without marks (“vo”) may be the goods."""
    key = " ".join(fold(word) for word in typed)
    accented = _GOODS.get(key)
    if accented is None:  # English goods: no marks to compare
        return False
    return any(
        (word != fold(word) or key in _ONLY_WITH_MARKS)
        and word != unicodedata.normalize("NFC", goods).lower()
        for word, goods in zip(typed, accented.split(), strict=True)
    )


# Known goods and their quantity, as typed either way round: “gạo 10kg”, “gạo 10 kg”, “10kg gạo”; goods typed
# first may hold a figure of their name (“Bia 333 5 két”, “gạo ST25 100 kg”: decision 0848).
_GOODS_FIRST = re.compile(rf"(?P<goods>[^\d\s].*?)\s+(?P<n>{_FIG})\s*(?P<unit>[^\W\d]+)")
# A figure and its measure inside goods typed first (“bánh chưng 2 cái 1kg”): a second quantity, not a name.
_INNER = re.compile(rf"{_FIG}\s*(?P<unit>[^\W\d]+)")
_FIGURE_FIRST = re.compile(rf"(?P<n>{_FIG})\s*(?P<unit>[^\W\d]+)\s+(?P<goods>[^\d]+)")


def in_one_form(text: str) -> str:
    """Known goods and their quantity written in the form the accented goods take (decision 0257): the
    figure, its unit, the goods (“gạo 10kg” and “10kg gạo”: “10 kg gạo”; “áo ấm 20 chiếc”: “20 chiếc áo
    ấm”; “nước 12 chai”: “12 chai nước”; “mỳ tôm 2 thùng”: “2 thùng mỳ tôm”), so that the ledger and the
    statement read one form (decisions 0274, 0710). Only known goods (“Tết” aside) and a known unit or
    counting word, nothing else; anything other is as given."""
    text = text.strip()
    found = _GOODS_FIRST.fullmatch(text) or _FIGURE_FIRST.fullmatch(text)
    if found is None:
        return text
    goods, unit = " ".join(found["goods"].split()), found["unit"]
    if match_key(goods) in _ANIMALS and fold(unit) == "con":  # “gà 5 con”: “5 con gà” (decision 1002)
        return _figure_first(found)
    if match_key(goods) not in _GOODS or fold(goods) == "tet" or fold(unit) not in _MEASURES | _COUNT_WORDS:
        return text
    return _figure_first(found)


def _no_longer_first(goods: str) -> str:
    """Goods typed first, put after their figure: a capital that only began the sentence (“Gạo”, “Dầu ăn”)
    made small, the user's own capitals kept (“DẦU” stays “DẦU”, “Nước mắm Nam Ngư” keeps “Nam Ngư”), so
    that no word comes out mixed (“dẦU”, decision 1659)."""
    first = goods.split(maxsplit=1)[0] if goods.strip() else ""
    if any(letter.isupper() for letter in first[1:]):
        return goods
    return goods[:1].lower() + goods[1:]


def _figure_first(found: re.Match[str]) -> str:
    """Goods and their quantity read (`_GOODS_FIRST` or `_FIGURE_FIRST`) as the figure, its unit, the goods:
    goods typed first and capitalised as the first word (“Gạo 50 kg”) no longer first (“50 kg gạo”)."""
    goods = " ".join(found["goods"].split()).rstrip(":-–").rstrip()  # “nước mắm Nam Ngư: 100 chai”
    if found.re is _GOODS_FIRST:
        goods = _no_longer_first(goods)
    return f"{found['n']} {found['unit']} {goods}"


# Gold as a family gives it (“1 chỉ vàng”, “nửa chỉ vàng 9999”, “1 cây vàng”, “nhẫn vàng”, “1 chi vang”),
# compared without marks: priced daily by the gold shops, so what it is worth in đồng is the treasurer's to
# write when it is sold or valued (decision 0702). “rượu vang”, “áo màu vàng” are no gold.
_GOLD = re.compile(
    r"\b(?:chi|cay|luong|nhan|day chuyen|lac|bong tai|mieng)(?: tron| tay)? vang\b"
    r"|\bvang (?:9999|999|24k|18k|sjc|pnj|mieng)\b|\bgold\b"
)


def names_gold(typed: str) -> bool:
    """Whether goods typed are gold (“1 chỉ vàng”, “1 cây vàng SJC”, “2 chi vang”, “a gold ring”)."""
    return _GOLD.search(fold(typed)) is not None


@dataclass(frozen=True)
class GoodsCount:
    """Goods of one kind on a statement, added up (decision 0704): how much of them in one measure (“mì
    tôm”, 15, “thùng”); how many of what the figure led in words of its own (“chỉ vàng”, 2, no unit: “2 chỉ
    vàng”; “USD”, 150: decision 0710); or, where the gifts said no quantity, the goods named once (“áo
    phao”: no figure)."""

    goods: str
    quantity: Decimal | None = None
    unit: str | None = None


# A gift of goods as the statement keeps it in one form (`in_one_form`): the figure, its measure, the goods.
_COUNTED = re.compile(rf"(?P<n>{_FIG})\s*(?P<unit>[^\W\d]+)\s+(?P<goods>\S.*)")
_COUNTABLE = _MEASURES | _COUNT_WORDS
# A figure before words that are no known measure (“1 chỉ vàng”, “100 USD”, “2 bình ga”): what it leads.
_LED = re.compile(r"(?P<n>\d+(?:[.,]\d+)*)\s+(?P<what>[^\W\d].*)")


def _figure(typed: str) -> Decimal | None:
    """“2,5” (tạ) is two and a half; “1.000” (viên) a thousand, “1.000.000” (KRW) a million, “1.5” one and a
    half."""
    whole, *groups = typed.split(".")
    try:
        if groups and all(len(group) == 3 for group in groups):
            return Decimal(whole + "".join(groups))
        return Decimal(typed.replace(",", "."))
    except InvalidOperation:
        return None


def goods_counted(descriptions: Iterable[str]) -> list[GoodsCount]:
    """The goods of `descriptions` (the gifts that stand, oldest first) added up kind by kind: the same goods
    in the same measure, compared without case or accents, summed (“10 thùng mì tôm” and “5 thùng mì tôm”: 15
    thùng); a figure before words of no known measure summed by those words (“1 chỉ vàng” twice: 2 chỉ vàng;
    “100 USD” and “50 USD”: 150 USD; decision 0710), a figure said in words before its measure read as one
    (“mười thùng mì tôm”: 10 thùng; decision 0798); goods typed without a figure named once each, as first
    written; in the order each was first given."""
    counted: dict[tuple[str, str | None], GoodsCount] = {}

    def add(goods: str, figure: Decimal, unit: str | None) -> None:
        """`figure` more of `goods` in `unit` (None: the figure leads words of its own), as first written."""
        key = (_words(goods), _measure(unit) if unit is not None else "")
        before = counted.get(key) or GoodsCount(goods, Decimal(0), unit)
        counted[key] = GoodsCount(before.goods, (before.quantity or Decimal(0)) + figure, before.unit)

    for typed in (part for given in descriptions for part in _loose_apart(" ".join((given or "").split()))):
        text = typed
        text = " ".join(in_one_form(_weighed_bags(_in_figures(_spoken_measures(text)))).split())
        if (first := _GOODS_FIRST.fullmatch(text)) and _named_first(first):
            text = _figure_first(first)  # “mì Hảo Hảo 20 thùng”, goods not all known (decision 0826)
        found = _COUNTED.fullmatch(text)
        figure = _figure(found["n"]) if found else None
        if found and found["goods"][0].isdigit() and fold(found["unit"]) in _KG:  # “2 tấn 35 gạo”: 2,35 tấn
            # or 2 tấn 35 kg? Named as typed, never guessed (decision 0848); “2 thùng 24 lon bia” is counted
            counted.setdefault((fold(text), None), GoodsCount(text))
        elif found and figure is not None and fold(found["unit"]) in _COUNTABLE:
            add(found["goods"], figure, found["unit"])
        elif (
            (led := _LED.fullmatch(text))
            and (figure := _figure(led["n"])) is not None
            and fold(led["what"].split()[0]) not in _HALF  # “1 rưỡi gạo”: one and a half of what?
        ):
            add(led["what"], figure, None)
        elif text:
            counted.setdefault((fold(text), None), GoodsCount(text))
    return list(counted.values())


# Kilograms as people say them right after a figure (“5 ký gạo”, “gạo 20 kí”, “10 ky gao”, “5ký”), compared
# with their marks: “kỹ”, “kỳ” are no weight, nor a place (“Kỳ Anh”) nor “ký tên” (decision 0877). Fruit
# counted in “quả” or “trái” (with their marks: “qua” may be “quà”, “trai” a boy) are pieces of the goods, as
# a bare figure counts them (“50 quả bưởi” is 50 bưởi), never a weight (decision 0878). “cân”, a kilogram as
# the North says it (“3 cân gạo”), only with its mark: “can” is a jerrycan (“5 can dầu”: decision 0895).
_SPOKEN_KG = re.compile(
    rf"(?<![\w.,])(?P<n>{_FIG})\s*(?P<ky>ký|kí|ky|ki|cân)(?!\w)(?!\s+(?:tên|ten|(?-i:Anh))\b)",
    re.IGNORECASE,
)
_SPOKEN_PIECES = re.compile(rf"(?<![\w.,])(?P<n>{_FIG})\s+(?:quả|trái)\s+(?=[^\W\d])", re.IGNORECASE)
_PIECES_AFTER = re.compile(rf"(?P<goods>[^\d\s][^\d]*?)\s+(?P<n>{_FIG})\s+(?:quả|trái)", re.IGNORECASE)


def _spoken_measures(part: str) -> str:
    """`part` (NFC) with kilograms said as “ký”/“kí”/“cân” after a figure written “kg”, and fruit counted in
    “quả” or “trái” (“50 quả bưởi”, “bưởi 50 trái”) as a bare figure of pieces (“50 bưởi”); anything else as
    typed."""
    part = _kg_written(unicodedata.normalize("NFC", part))
    if found := _PIECES_AFTER.fullmatch(part.strip()):  # “dừa 120 trái”, goods first
        return f"{found['n']} {found['goods']}"
    return _SPOKEN_PIECES.sub(lambda found: f"{found['n']} ", part)


def _kg_written(part: str, *, count: int = 0) -> str:
    """`part` with kilograms said after a figure (“5 ký”, “3 cân”: `_SPOKEN_KG`) written “kg”, the first
    `count` of them (0: all)."""
    return _SPOKEN_KG.sub(lambda found: f"{found['n']} kg", part, count=count)


def _named_first(found: re.Match[str]) -> bool:
    """Whether goods typed before their figure (`_GOODS_FIRST`) are goods and the quantity theirs: a measure
    counted after them, no measure for goods (“bao 50kg”), no second quantity among them (“bánh chưng 2 cái
    1kg”) but the volume of a bottle or a carton's own (“nước suối Lavie 1,5 lít 10 thùng”)."""
    goods = found["goods"].split()
    if fold(found["unit"]) not in _COUNTABLE or (len(goods) == 1 and fold(goods[0]) in _COUNTABLE):
        return False
    return all(
        fold(inner["unit"]) in ("lit", "l") or fold(inner["unit"]) not in _COUNTABLE
        for inner in _INNER.finditer(found["goods"])
    )


# Bags (or sacks, boxes) given with the weight of each: “2 bao gạo 25kg”, “gạo 25kg 2 bao”, “1 bao 50 kg gạo”.
_BAGS = (
    re.compile(
        rf"(?P<n>{_FIG})\s*(?P<bag>[^\W\d]+)\s+(?P<goods>[^\d]+?)(?:\s+(?:loại|loai))?\s+(?P<w>{_FIG})\s*(?P<kg>[^\W\d]+)"
    ),  # “2 bao gạo loại 25kg” too
    re.compile(rf"(?P<goods>[^\d]+?)\s+(?P<w>{_FIG})\s*(?P<kg>[^\W\d]+)\s+(?P<n>{_FIG})\s*(?P<bag>[^\W\d]+)"),
    re.compile(rf"(?P<n>{_FIG})\s*(?P<bag>[^\W\d]+)\s+(?P<w>{_FIG})\s*(?P<kg>[^\W\d]+)\s+(?P<goods>[^\d]+)"),
    re.compile(rf"(?P<goods>[^\d]+?)\s+(?P<n>{_FIG})\s*(?P<bag>[^\W\d]+)\s+(?P<w>{_FIG})\s*(?P<kg>[^\W\d]+)"),
)  # “gạo 5 bao 10kg” last (decision 0895)
# What a bottle or a carton holds, said with its count of them: “dầu ăn 2 chai 1 lít”, “2 thùng 24 lon bia”.
# The carton, crate or bottle is counted; what each holds is said after the goods (“2 thùng bia 24 lon”),
# never multiplied out (decision 0895).
_HOLDS = frozenset({"lit", "l", "ml", "lon", "chai", "goi", "hop"})
_CONTAINERS = frozenset({"thung", "ket", "loc", "chai", "hop", "bao", "tui", "bich"})


# Pieces sold loose as well as in cartons: “2 thùng 5 gói” may be two cartons of five packets or two cartons
# and five packets more (decision 1004); a bottle's litres are its size only.
_LOOSE_PIECES = frozenset({"goi", "hop", "lon", "chai"})
# Words that say which: “loại”, “mỗi thùng”, “x” the size; “và”, “với”, “thêm”, “lẻ”, “+”, “,” pieces more.
_SAID_WHICH = frozenset({"loai", "moi", "x", "va", "voi", "them", "le", "+", "/", ","})
# A carton's own count: the cartons of the movement's goods hold 24 cans of beer or soft drinks, 24 bottles of
# water, 30 packets of noodles, 48 boxes of milk; loose pieces beside whole cartons are fewer than a carton,
# and as many as a carton would be typed as one more. From this count on, the pieces are the carton's size
# (“2 thùng sữa 48 hộp”), as a pack's are whatever their count (“2 lốc sữa 4 hộp”): decision 1038.
_A_CARTONS_COUNT = 20
# Bottles and boxes come in cartons of twelve as well (oil and water by the litre and a half, milk by the
# litre: “2 thùng dầu ăn 12 chai”, “2 thùng sữa 12 hộp”): twelve of them after cartons are the size
# (decision 1132); thirteen to nineteen are no carton's, nor twelve bottles a box's (“2 hộp sữa 12 chai”),
# and stay asked (1163). Cans and packets keep twenty: a carton of them holds 24 or 30, and twelve loose
# beside it are half a carton.
_A_DOZEN = 12
_A_DOZENS_CARTON = frozenset({"chai", "hop"})


@dataclass(frozen=True)
class TwoReadings:
    """Cartons and pieces typed bare (“mì tôm 2 thùng 5 gói”), as either reading is typed plainly: `size`,
    each carton holding the pieces (“2 thùng mì tôm loại 5 gói”), or `loose`, the pieces more (“2 thùng mì
    tôm và 5 gói lẻ”)."""

    size: str
    loose: str
    carton: str  # “thùng”
    pieces: str  # “5 gói”


def cartons_or_loose(typed: str) -> TwoReadings | None:
    """Cartons (crates, packs, bags) of goods and a count of pieces after them, typed with nothing to say
    whether each carton holds the pieces or the pieces come loose besides (“mì tôm 2 thùng 30 gói”, “2 thùng
    5 gói mì tôm”, “2 thùng mì tôm 5 gói”): both readings, to be asked, never guessed (decision 1004). None
    where one is plain (“loại 30 gói”, “mỗi thùng 30 gói”, “và 5 gói lẻ”, “1 lít” a bottle's size), or for
    anything else; None too where the pieces are a carton's own count (`_A_CARTONS_COUNT`: “2 thùng sữa 48
    hộp”) or a pack's (“2 lốc sữa 4 hộp”), read as its size."""
    text = " ".join(_in_figures(_spoken_measures(" ".join(typed.split()))).split()).strip(" .!?")
    if any(fold(word) in _SAID_WHICH for word in re.split(r"\s+|(?=[+/,])|(?<=[+/,])", text)):
        return None
    for pattern in (_BAGS[0], _BAGS[2], _BAGS[3]):
        found = pattern.fullmatch(text)
        if found is None:
            continue
        carton, piece = fold(found["bag"]), fold(found["kg"])
        goods = " ".join(found["goods"].split())
        if carton not in _CONTAINERS or piece not in _LOOSE_PIECES or carton == piece or not goods:
            return None
        count = Decimal(found["w"].replace(",", "."))
        dozen = carton == "thung" and piece in _A_DOZENS_CARTON and count == _A_DOZEN
        if carton == "loc" or count >= _A_CARTONS_COUNT or dozen:
            return None  # “2 thùng sữa 48 hộp”, “2 lốc sữa 4 hộp”, “2 thùng dầu ăn 12 chai”: the size (1132)
        if found.re is _BAGS[3]:
            goods = _no_longer_first(goods)
        cartons, pieces = f"{found['n']} {found['bag']}", f"{found['w']} {found['kg']}"
        size, loose = f"{cartons} {goods} loại {pieces}", f"{cartons} {goods} và {pieces} lẻ"
        return TwoReadings(size, loose, found["bag"], pieces)
    return None


# The words that join goods in one gift, with or without their accents (between two animals “và”, “với”
# alone: `_AND_WORDS`); “,” and “+” join them too. Two regexes read them, and stay two: `_JOINED` sits inside
# the patterns below, between goods' words that hold no figure, so any comma there joins; `_JOINER` cuts
# free text apart, where a comma between digits is a figure's decimal comma (“1,5 kg”), never a joiner.
_AND_WORDS = r"và|va|với|voi"
_JOIN_WORDS = rf"{_AND_WORDS}|thêm|them"
_JOINED = rf"(?:,|\+|\s(?:{_JOIN_WORDS}))"
# Cartons and pieces more, said so (“2 thùng mì tôm và 5 gói lẻ”, “mì tôm 2 thùng + 5 gói”): two counts of
# the goods, never a carton's size (decision 1004).
_AND_LOOSE = rf"\s*{_JOINED}\s*(?P<m>{_FIG})\s*(?P<p>[^\W\d]+)(?:\s+(?:lẻ|le))?"
_LOOSE = (
    re.compile(rf"(?P<n>{_FIG})\s*(?P<c>[^\W\d]+)\s+(?P<goods>[^\d]+?){_AND_LOOSE}", re.IGNORECASE),
    re.compile(rf"(?P<goods>[^\d]+?)\s+(?P<n>{_FIG})\s*(?P<c>[^\W\d]+){_AND_LOOSE}", re.IGNORECASE),
    re.compile(rf"(?P<n>{_FIG})\s*(?P<c>[^\W\d]+){_AND_LOOSE}\s+(?P<goods>[^\d]+)", re.IGNORECASE),
)


# Animals of two kinds, each counted in “con”, in one gift (“1 con gà 2 con vịt”, “2 con gà và 3 con vịt”):
# two counts, never gà of “2 con vịt” (decision 1132).
# An animal may be told apart by a word after it (“gà trống”, “bò sữa”: decision 1267), never the word
# joining the two (“và”).
_ANIMAL = rf"[^\W\d]+(?:\s+(?!(?:{_AND_WORDS})\b)[^\W\d]+)?"
_TWO_ANIMALS = re.compile(
    rf"(?P<n>{_FIG})\s*con\s+(?P<a>{_ANIMAL})\s*(?:,|\s(?:{_AND_WORDS}))?\s*(?P<m>{_FIG})\s*con\s+(?P<b>{_ANIMAL})",
    re.IGNORECASE,
)
# The same goods typed twice in one measure (“5 kg gạo 10 kg gạo”, “2 thùng mì, 3 thùng mì”): two counts,
# never 5 kg of goods called “gạo 10 kg gạo” (decision 1267).
_SAME_TWICE = re.compile(
    rf"(?P<n>{_FIG})\s*(?P<c>[^\W\d]+)\s+(?P<goods>[^\d,+]+?)\s*{_JOINED}?\s*"
    rf"(?P<m>{_FIG})\s*(?P<p>[^\W\d]+)\s+(?P<again>[^\d,+]+)",
    re.IGNORECASE,
)

# Two goods each with its figure and known measure, joined by “và”, “,”, “+” or “thêm” (“10kg gạo và 2 thùng
# mì”, “1 bao gạo, 2 thùng mì”): two counts, never 10 kg of goods called “gạo và 2 thùng mì” (decision 1338).
_TWO_GOODS = re.compile(
    rf"(?P<n>{_FIG})\s*(?P<c>[^\W\d]+)\s+(?P<goods>[^\d,+]+?)\s*{_JOINED}\s*"
    rf"(?P<m>{_FIG})\s*(?P<p>[^\W\d]+)\s+(?P<other>[^\d,+]+(?:(?:,|\+|\s).*)?)",
    re.IGNORECASE,
)


def _loose_apart(text: str, *, led: bool = False) -> list[str]:
    """Cartons and pieces more said so (`_LOOSE`) as two gifts' words, the figure first (“2 thùng mì tôm”,
    “5 gói mì tôm”), and so two counts of animals (`_TWO_ANIMALS`: “1 con gà”, “2 con vịt”; “1 con gà”, “2
    con gà”; “1 con gà trống”, “2 con gà mái”), of the same goods in one measure (`_SAME_TWICE`: “5 kg
    gạo”, “10 kg gạo”) and of two goods joined, each with its measure (`_TWO_GOODS`: “10kg gạo”, “2 thùng
    mì”); anything else as one. Goods named before their figure are put figure first once, for the whole
    text (`led`: done), so that a long text of goods joined is read in time that grows with it, not with
    its square."""
    found = _TWO_ANIMALS.fullmatch(text)
    if found is not None and {fold(found["a"].split()[0]), fold(found["b"].split()[0])} <= _ANIMALS.keys():
        # the same kind typed twice (“1 con gà 2 con gà”) as two counts too, added up as one kind whatever
        # its case or marks: it was one chicken of a kind called “gà 2 con gà” (decision 1240)
        return [f"{found['n']} con {found['a']}", f"{found['m']} con {found['b']}"]
    found = _SAME_TWICE.fullmatch(text)
    if (
        found is not None
        and fold(found["c"]) in _COUNTABLE
        and _measure(found["c"]) == _measure(found["p"])
        and _words(found["goods"]) == _words(found["again"])
    ):
        return [f"{found['n']} {found['c']} {found['goods']}", f"{found['m']} {found['p']} {found['again']}"]
    for pattern in _LOOSE:
        found = pattern.fullmatch(text)
        if found is None or fold(found["c"]) not in _CONTAINERS or fold(found["p"]) not in _LOOSE_PIECES:
            continue
        goods = " ".join(found["goods"].split())
        if pattern is _LOOSE[1]:
            goods = _no_longer_first(goods)
        return [f"{found['n']} {found['c']} {goods}", f"{found['m']} {found['p']} {goods}"]
    found = _TWO_GOODS.fullmatch(text if led else _joined_figures_first(text))
    if found is not None and fold(found["c"]) in _COUNTABLE and fold(found["p"]) in _COUNTABLE:
        # a third joined the same way (“… và 5 chai dầu”) read from the second on (decision 1382), its
        # goods already figure first
        return [
            f"{found['n']} {found['c']} {found['goods']}",
            *_loose_apart(f"{found['m']} {found['p']} {found['other']}", led=True),
        ]
    return [text]


# Where goods are joined (“gạo 10kg và mì 2 thùng”, “10kg gạo, mì 2 thùng”): “,” or “+” (never a figure's
# decimal comma) or “và”, “với”, “thêm” between words.
_JOINER = re.compile(rf"\s*(?:(?<!\d),|,(?!\d)|\+|\s(?:{_JOIN_WORDS})\s)\s*", re.IGNORECASE)


def goods_joined_each_with_a_quantity(typed: str) -> bool:
    """Whether `typed` is two goods or more joined (“gạo 10kg và mì 2 thùng”, “10kg gạo, 2 thùng mì và dầu 3
    chai”: `_JOINER`), each only known goods and how much of them (`goods_with_a_quantity`), as a household
    types them at the menu without a giving word (decision 1484)."""
    parts = _JOINER.split(typed.strip(" .!?"))
    return len(parts) > 1 and all(part and goods_with_a_quantity(part) for part in parts)


def _joined_figures_first(text: str) -> str:
    """`text` with each of goods joined that is named before its figure and known measure (“gạo 10kg”, “mì 2
    thùng”) written with its figure first, as one gift typed so is counted (`_GOODS_FIRST`, `_figure_first`):
    “10 kg gạo và 2 thùng mì”, read then as `_TWO_GOODS` reads goods typed so (decision 1440); anything else
    as typed."""
    parts, joiners = _JOINER.split(text), _JOINER.findall(text)
    if len(parts) < 2:
        return text
    led = []
    for part in parts:
        first = _GOODS_FIRST.fullmatch(part)
        led.append(_figure_first(first) if first and _named_first(first) else part)
    return "".join(part + joiner for part, joiner in zip(led, [*joiners, ""], strict=True))


def _weighed_bags(part: str) -> str:
    """`part` as the weight it says when it gives bags with the weight of each: “2 bao gạo 25kg” is “50 kg
    gạo”, so that rice in bags and rice in kilograms are one kind, on the statement and in a handover
    (decision 0827); a bag whose weight is not said (“10 bao gạo”) is not guessed; anything else as typed."""
    for pattern in _BAGS:
        found = pattern.fullmatch(part)
        if found is None or fold(found["bag"]) in _KG:
            continue
        if fold(found["kg"]) in _HOLDS and fold(found["bag"]) in _CONTAINERS:  # the size is the goods' own
            size = part[found.start("w") : found.end("kg")]
            return f"{found['n']} {found['bag']} {' '.join(found['goods'].split())} {size}"
        if fold(found["kg"]) not in _KG:
            continue
        if fold(found["bag"]) not in _COUNTABLE or _SAME_MEASURE.get(fold(found["bag"])) == "":
            continue  # “2 chiếc bánh chưng 1kg” are pieces of a size, not 2 kg (decision 0848)
        bags, each = _figure(found["n"]), _figure(found["w"])
        if bags is None or each is None:
            continue
        weight = format(bags * each, "f").replace(".", ",")
        return f"{weight} {found['kg']} {' '.join(found['goods'].split())}"
    return part


# Words that name one measure, compared without accents: a piece is “cái” or “chiếc”, a volume “quyển” or
# “cuốn”, a portion “phần” or “suất” (decision 0798); a piece is also what a figure counts without a measure
# (“20 bánh chưng” are 20 “cái bánh chưng”: decision 0826).
_SAME_MEASURE = {"chiec": "", "cai": "", "cuon": "quyen", "suat": "phan"}


def _measure(unit: str) -> str:
    """A measure as goods are compared by it: without accents, “cuốn” as “quyển”; “cái” and “chiếc” as no
    measure, the pieces a bare figure counts."""
    folded = fold(unit)
    return _SAME_MEASURE.get(folded, folded)


def goods_compared(description: str) -> tuple[tuple[tuple[str, str | None], Decimal], ...]:
    """Goods' words as two of them are compared for being the same goods: as `goods_counted` counts them, each
    kind (`_kind`) with how much of it (`_in_base`), so “10kg gạo”, “10 kg gao” and “10 kg gạo” are one, “5 kg
    gạo” another (decision 2531)."""
    return tuple(sorted((_kind(count), _in_base(count)) for count in goods_counted([description])))


def _words(goods: str) -> str:
    """Goods' words as they are compared: without case, accents or punctuation, the i/y spellings of a
    syllable one (“mỳ tôm” is “mì tôm”)."""
    return " ".join(match_key(goods).replace(".", " ").split())


# Weights, in kilograms: the same rice weighs the same in any of them (“1 tấn” is 1.000 kg, “3 yến” 30 kg).
_KG = {"g": Decimal("0.001"), "kg": Decimal(1), "yen": Decimal(10), "ta": Decimal(100), "tan": Decimal(1000)}


def _kind(count: GoodsCount) -> tuple[str, str | None]:
    """The key goods are weighed by: their words (`_words`) and measure, a weight's being “kg”."""
    if count.quantity is None:
        return _words(count.goods), None
    unit = _measure(count.unit) if count.unit else ""
    return _words(count.goods), "kg" if unit in _KG else unit


def _in_base(count: GoodsCount) -> Decimal:
    """How much of its kind `count` is: a weight in kilograms, anything else in its own measure."""
    return (count.quantity or Decimal(0)) * _KG.get(fold(count.unit or ""), Decimal(1))


@dataclass
class _Kinds:
    """Goods received, kind by kind as they are weighed (`_kind`), each with how much of it came (in
    kilograms for a weight) and the measures it came in, in the order each was first given."""

    first: dict[tuple[str, str | None], GoodsCount]
    base: dict[tuple[str, str | None], Decimal]
    units: dict[tuple[str, str | None], set[str]]

    @classmethod
    def of(cls, counts: Iterable[GoodsCount]) -> _Kinds:
        kinds = cls({}, {}, {})
        for count in counts:
            key = _kind(count)
            kinds.first.setdefault(key, count)
            if count.quantity is not None:
                kinds.base[key] = kinds.base.get(key, Decimal(0)) + _in_base(count)
                kinds.units.setdefault(key, set()).add(_measure(count.unit or ""))
        return kinds

    def shown(self, key: tuple[str, str | None], base: Decimal) -> GoodsCount:
        """The kind with `base` of it, in the measure it came in (kilograms where it came in several)."""
        first = self.first[key]
        if first.quantity is None:
            return first
        unit = first.unit if len(self.units[key]) == 1 else "kg"
        return GoodsCount(first.goods, base / _KG.get(fold(unit or ""), Decimal(1)), unit)

    def matched(self, count: GoodsCount) -> tuple[tuple[str, str | None], Decimal] | None:
        """The kind received that goods typed name, and how much of it (`_in_base`): the same words and
        measure; a figure without its measure (“mì tôm: 10”) in the one measure, not a weight, its kind came
        in; words one of a single kind's in the same measure begins with (“10 thùng mì” when only “mì tôm”
        came in cartons), or the other way round (“mì tôm Hảo Hảo”). None for goods weighed by nothing."""
        if count.quantity is None:  # “mì tôm: 10”
            found = _BARE_FIGURE.fullmatch(count.goods)
            if found is None or (figure := _figure(found["n"])) is None:
                return None
            return self._in_its_measure(_words(found["goods"]), figure)
        if count.unit is None and _kind(count) not in self.base:  # “10 mì tôm”
            return self._in_its_measure(_words(count.goods), count.quantity)
        key = _kind(count)
        if key not in self.base:
            words = key[0]
            kinds = [other for other in self.base if other[1] == key[1] and _one_kind(words, other[0])]
            if len(kinds) != 1:
                return None
            key = kinds[0]
        return key, _in_base(count)

    def named(self, count: GoodsCount) -> list[tuple[str, str | None]]:
        """The kinds received with a figure, in any measure, whose goods `count` (a part with a figure that
        `matched` weighs against none) names: the same words, or words one group of kinds' begins with or
        that it begins (“100 gói mì” when “mì tôm” came in cartons); none for a part without a figure."""
        if count.quantity is None:
            if (found := _BARE_FIGURE.fullmatch(count.goods)) is None:
                return []
            words = _words(found["goods"])
        else:
            words = _words(count.goods)
        same = [key for key in self.base if key[0] == words]
        if same:
            return same
        groups = {key[0] for key in self.base if _one_kind(words, key[0])}
        return [key for key in self.base if groups == {key[0]}]

    def _in_its_measure(self, words: str, figure: Decimal) -> tuple[tuple[str, str | None], Decimal] | None:
        """A figure typed without its measure, in the one measure (not a weight) its goods came in, pieces
        among them (“bánh chưng: 15” of 20 bánh chưng: decision 0826)."""
        kinds = [key for key in self.base if key[0] == words]
        if len(kinds) != 1 or kinds[0][1] == "kg" or len(self.units[kinds[0]]) != 1:
            return None
        return kinds[0], figure


# Goods whose first word names other goods they are no kind of: fish sauce and soft drinks are no water
# (“12 chai nước” never goes from “nước mắm”: decision 1003), where “mì tôm” is “mì” and “gạo nếp” “gạo”.
_NOT_THEIR_FIRST_WORD = frozenset({"nuoc mam", "nuoc ngot"})


def _one_kind(words: str, other: str) -> bool:
    """Whether goods' words (`_words`) and another kind's name one goods, one beginning with the other's
    (“mì” and “mì tôm”, “mì tôm” and “mì tôm hảo hảo”): never where the longer is goods of its own that its
    first word does not name (“nước” and “nước mắm”)."""
    short, long = sorted((words, other), key=len)
    if not long.startswith(f"{short} "):
        return False
    return not any(
        f"{long} ".startswith(f"{goods} ") and not f"{short} ".startswith(f"{goods} ")
        for goods in _NOT_THEIR_FIRST_WORD
    )


# Goods and a figure after them without its measure: “mì tôm 10” (“mì tôm: 10” as a line writes it).
_BARE_FIGURE = re.compile(rf"(?P<goods>[^\d]+?)\s+(?P<n>{_FIG})")


# Goods handed over typed as several kinds: “mì tôm 10 thùng; gạo 25kg 1 bao”, “…, áo phao”, one a line.
_PARTS = re.compile(r";|,\s+|\n")
# What a treasurer puts between the goods and their figure, or after: “mì tôm: 10 thùng”, “(10 thùng)”, “ - ”.
_BETWEEN = re.compile(r"[:()]|\s[-–]\s")


def _parts(text: str | None) -> list[str]:
    """The kinds of goods handed over, apart, each as a gift's words: “mì tôm: 10 thùng” as the statement's
    line writes it is “mì tôm 10 thùng”, and so is “mì tôm (10 thùng).”."""
    return [_BETWEEN.sub(" ", part).strip().rstrip(".!?") for part in _PARTS.split(text or "")]


def _in_figures(part: str) -> str:
    """A part whose figure is said in words before its measure, with the figure written: “mười thùng mì” is
    “10 thùng mì”, “hai tạ gạo” “2 tạ gạo”, “một trăm quyển vở” “100 quyển vở”, “twenty bags of rice” “20
    bags of rice” (`numbers.below_thousand`, as counts are read), and so before kilograms said “ký” or “cân”
    (“năm chục ký gạo” is “50 kg gạo”, decision 0895); a half or tenths said of a measure written as its
    figure too (`_fractions_written`: “1 tạ rưỡi gạo” is “1,5 tạ gạo”); anything else as typed."""
    words = part.split()
    folded = [fold(word) for word in words]
    if not words or folded[0] in ("tu", "lam") or folded[0].isdigit():
        return _fractions_written(part)
    read = below_thousand(folded, 0)
    if read is None:
        return _fractions_written(_figure_after_the_goods(words, folded) or part)
    if read[1] >= len(words):
        return _fractions_written(part)
    figure = " ".join((str(read[0]), *words[read[1] :]))
    weighed = _kg_written(figure, count=1)
    if folded[read[1]] not in _COUNTABLE | _ENGLISH_UNITS and weighed == figure:  # no measure after it
        return _fractions_written(part)
    return _fractions_written(weighed)  # “năm chục ký gạo”: “50 kg gạo” (decision 0895)


def _figure_after_the_goods(words: list[str], folded: list[str]) -> str | None:
    """Goods typed first, then their figure in words and its measure last (“gạo năm chục ký”, “mì tôm hai
    thùng”), with the figure written (“gạo 50 kg”, “mì tôm 2 thùng”), as the other order is read (decision
    0947); None where the words end otherwise (“áo ba lỗ”, “quà Tết năm nay”)."""
    last = len(words) - 1
    for at in range(1, last):
        if folded[at].isdigit() or folded[at] in ("tu", "lam"):
            continue
        read = below_thousand(folded, at)
        if read is None or read[1] != last:
            continue
        figure = " ".join((*words[:at], str(read[0]), words[last]))
        if folded[last] in _COUNTABLE | _ENGLISH_UNITS:
            return figure
        spoken = _SPOKEN_KG.sub(lambda found: f"{found['n']} kg", figure, count=1)
        return spoken if spoken != figure else None
    return None


# A half of a measure, as money's half is said (“1 tạ rưỡi”, “1 thùng rưởi”); tenths only of the weights
# said so (“2 tấn 3” is 2,3 tấn, “1 tạ 2” 120 kg, as “1tr2” is money's: decision 0825).
_HALF = frozenset(fold(word) for word in HALF)
_IN_TENTHS = frozenset({"tan", "ta", "yen"})
_WHOLE = re.compile(r"[0-9]{1,6}")


def _fractions_written(part: str) -> str:
    """`part` with a half or tenths said of a measure written as its figure: “nửa tạ gạo” is “0,5 tạ gạo”,
    “1 tạ rưỡi gạo” “1,5 tạ gạo”, “gạo 2 tấn 3” “gạo 2,3 tấn” (decision 0825); a tenth never before
    another measure (“2 tấn 3 tạ”) nor after a measure other than a weight (“2 thùng 3”); as typed else."""
    words = part.split()
    folded = [fold(word) for word in words]
    out: list[str] = []
    at = 0
    while at < len(words):
        unit = folded[at + 1] if at + 1 < len(words) else ""
        after = folded[at + 2] if at + 2 < len(words) else ""
        beyond = folded[at + 3] if at + 3 < len(words) else ""
        if (both := _two_weights(words, at)) is not None:  # “1 tấn 2 tạ”, “3 tạ 5 kg”
            out += both[0]
            at += both[1]
        elif folded[at] == "nua" and unit in _COUNTABLE:  # “nửa tạ”
            out.append("0,5")
            at += 1
        elif _WHOLE.fullmatch(words[at]) and unit in _COUNTABLE and after in _HALF:  # “1 tạ rưỡi”
            out += [f"{words[at]},5", words[at + 1]]
            at += 3
        elif (
            _WHOLE.fullmatch(words[at])
            and unit in _IN_TENTHS
            and len(after) == 1
            and after in "123456789"
            and beyond not in _COUNTABLE
        ):  # “2 tấn 3”
            out += [f"{words[at]},{after}", words[at + 1]]
            at += 3
        else:
            out.append(words[at])
            at += 1
    return " ".join(out) if out != words else part


_FIGURE_AND_WEIGHT = re.compile(r"(?P<n>[0-9]{1,6})\s*(?P<unit>[^\W\d]+)")


def _two_weights(words: list[str], at: int) -> tuple[list[str], int] | None:
    """A weight said in two measures from `words[at]` (“1 tấn 2 tạ”, “3 tạ 5 kg”, “3 tạ 5kg”) as one, in the
    smaller (“12 tạ”, “305 kg”: decision 0848), with how many words it took; None for anything else."""
    first = _FIGURE_AND_WEIGHT.fullmatch(" ".join(words[at : at + 2]))
    if first is None or fold(first["unit"]) not in _KG:
        return None
    taken = 3
    second = _FIGURE_AND_WEIGHT.fullmatch(words[at + 2]) if at + 2 < len(words) else None
    if second is None:
        second, taken = _FIGURE_AND_WEIGHT.fullmatch(" ".join(words[at + 2 : at + 4])), 4
    if second is None or fold(second["unit"]) not in _KG:
        return None
    big, small = _KG[fold(first["unit"])], _KG[fold(second["unit"])]
    if small >= big:
        return None
    total = (int(first["n"]) * big + int(second["n"]) * small) / small
    return [format(total.normalize(), "f"), second["unit"]], taken


def _counts(typed: str) -> Iterable[GoodsCount]:
    """The goods of each part of `typed` (goods handed over), read as a gift's."""
    return (count for part in _parts(typed) for count in goods_counted([part]))


def goods_left(received: list[GoodsCount], handed: Iterable[str]) -> list[GoodsCount]:
    """What is left of each kind of `received` (as `goods_counted` adds it up) once the goods of `handed`
    (each handover's goods, several kinds apart by “;”, a comma or a line) went: a kind's figure less what
    went of it (`_Kinds.matched`: the same goods however typed, a weight in any measure), never below
    nothing (a kind handed over whole stays, at 0, for `goods_beyond` to say so); goods handed over that
    match no kind received change nothing, and goods received without a figure stay named (decisions 0724,
    0760). A kind received in several weights is said in kilograms."""
    kinds = _Kinds.of(received)
    went: dict[tuple[str, str | None], Decimal] = {}
    for count in (count for text in handed for count in _counts(text)):
        if (found := kinds.matched(count)) is not None:  # each part apart: “mì tôm: 5” twice is 10
            went[found[0]] = went.get(found[0], Decimal(0)) + found[1]
    return [
        kinds.shown(key, max(Decimal(0), kinds.base.get(key, Decimal(0)) - went.get(key, Decimal(0))))
        for key in kinds.first
    ]


def goods_beyond(left: list[GoodsCount], typed: str) -> list[GoodsCount]:
    """The kinds of `left` that `typed` (goods handed over, as `goods_left` reads them) hands over more of
    than is left (“mì tôm 100 thùng” when 15 came: mì tôm, 15 thùng), in `left`'s order; goods typed that
    match no kind left, or that say no figure, are not weighed (decisions 0724, 0760)."""
    kinds = _Kinds.of(left)
    wanted: dict[tuple[str, str | None], Decimal] = {}
    for count in _counts(typed):
        if (found := kinds.matched(count)) is not None:
            wanted[found[0]] = wanted.get(found[0], Decimal(0)) + found[1]
    return [
        kinds.shown(key, kinds.base[key])
        for key in kinds.first
        if key in wanted and wanted[key] > kinds.base.get(key, Decimal(0))
    ]


def goods_measured_otherwise(left: list[GoodsCount], typed: str) -> list[GoodsCount]:
    """The kinds of `left` that a part of `typed` (goods handed over, as `goods_left` reads them) names with
    a figure in a measure they did not come in (“100 gói mì” when 15 thùng came; “10 bao gạo”, “gạo: 7” when
    kilograms did), each with what is left of it, in `left`'s order: only weights are converted into one
    another (kg, yến, tạ, tấn), never a carton into its packets, a bag of rice into kilograms or a crate into
    its bottles, which would guess (decision 0798)."""
    kinds = _Kinds.of(left)
    named = {key for count in _counts(typed) if kinds.matched(count) is None for key in kinds.named(count)}
    return [kinds.shown(key, kinds.base[key]) for key in kinds.first if key in named]


def goods_left_weighed(received: list[GoodsCount], handed: Iterable[str]) -> list[GoodsCount] | None:
    """What is left of `received` once `handed` went (`goods_left`), the kinds of which nothing is left
    leaving out, where every part of `handed` was weighed against a kind received: what “all the goods left”
    hands over then, kind by kind (decision 0799). None where a part was not (“áo phao” typed without a
    figure, “10 boxes of noodles”): what is left of its kind is not known."""
    kinds = _Kinds.of(received)
    if any(kinds.matched(count) is None for text in handed for count in _counts(text)):
        return None
    return [kind for kind in goods_left(received, handed) if kind.quantity is None or kind.quantity > 0]
