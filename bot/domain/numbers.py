"""Whole numbers as people type them, read the same way by every step.

Python's `str.isdigit()` says yes to "²", "⑤" and "٣", which `int()` then refuses or reads as a number the
person never meant. A phone keyboard gives two kinds of digits people really use: ASCII 0–9 and, with
a Vietnamese or East Asian input method, the full-width ０–９. Exactly those are accepted, on the raw text
before any folding; any other character Unicode calls a digit or a number (superscripts, circled,
Arabic-Indic…) is refused with its own reason, so the bot can say which digits to use.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Literal

from bot.text import fold

if TYPE_CHECKING:
    from bot.i18n import Translator

Reason = Literal["empty", "digits", "not_a_number", "out_of_range"]

# Mobiles 10 digits (03, 05, 07, 08, 09); landlines 11, 02 and a province's area code (the numbering plan of
# 2017: 024 Hà Nội and 028 TP HCM, then 0203…0299 where a province has one) and the subscriber's digits. A
# figure that only begins with 02 (“2000000000” without its 0: two billion) is no landline (decision 1473).
# Here, below the import and the statement's reader, as both read phones (decision 1577).
_AREA_CODE = r"(?:[48]\d|0[3-9]|1[0-689]|2[0-25-9]|3[2-9]|5[124-9]|6[0-39]|7[0-7]|9[0-4679])"
VALID_PHONE = re.compile(rf"0[35789]\d{{8}}|02{_AREA_CODE}\d{{7}}")

_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_ACCEPTED = frozenset("0123456789０１２３４５６７８９")
_WHOLE = re.compile(r"[0-9]{1,18}")
# Words that multiply the number before them (lower case, NFC), and by how much: the money words
# (bot.domain.money reads "500k", "1tr2", "1 tỷ" with them).
# The English ones too, as the English screens write amounts ("2 million", "1.2m", "500 thousand").
MULTIPLIERS: dict[str, int] = {
    **dict.fromkeys(["k", "nghìn", "ngàn", "nghin", "ngan", "thousand", "thousands"], 1_000),
    # English as people write it too: "2 mil", "2 millions", and the spellings a thumb makes of it
    **dict.fromkeys(
        ["tr", "triệu", "trieu", "m", "million", "millions", "mil", "mio", "millon", "milion"], 1_000_000
    ),
    **dict.fromkeys(["tỷ", "ty", "tỉ", "ti", "billion", "billions", "bil"], 1_000_000_000),
}
# Numbers said in words, as a voice keyboard or a person writes them, compared without accents (fold): the
# digits ("tư" and "lăm" are 4 and 5 after a ten: "hai mươi tư", "mười lăm"), read by `below_thousand` for a
# count ("hai", "ba ngày", "hai mươi hộ") and for an amount ("năm trăm nghìn": bot.domain.money).
DIGIT_WORDS = {
    "khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7,
    "tam": 8, "chin": 9,
}  # fmt: skip
# The same as written with their marks: a word typed with other marks is another word, no digit (“bà”, a
# grandmother, never “ba”; “từ”, from, never “tư”: decision 0824).
DIGITS_SPELT = frozenset(
    {"không", "một", "mốt", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy", "bẩy", "tám", "chín"}
)


def other_marks(word: str) -> bool:
    """Whether `word` (as typed, lower case) is a digit's word without its marks but typed with other marks:
    another word, no number (“bà”, a grandmother, never “ba”; decision 0824)."""
    return word not in DIGITS_SPELT and word != fold(word) and fold(word) in DIGIT_WORDS


# The same in English ("two", "three days", "twenty-five", "two hundred and five"), read by `below_thousand`.
ENGLISH_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
ENGLISH_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
ENGLISH_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
# A count in words never starts with these: alone they are other words ("tư" fourth, "làm" do).
_AFTER_A_TEN_ONLY = frozenset({"tu", "lam"})
# Typed after a count they make it another figure ("1 tỷ", "2 trăm hộ"): no unit to drop, so refused.
_NOT_A_UNIT = frozenset({fold(word) for word in MULTIPLIERS} | {"tram", "chuc", "muoi", "van"})


class NumberError(ValueError):
    """The text is not a whole number we accept; reason: "empty", "digits" (digit-like characters other
    than 0–9), "not_a_number" or "out_of_range"."""

    def __init__(self, reason: Reason, text: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.text = text


def has_foreign_digits(text: str) -> bool:
    """Whether `text` holds a character that reads as a number but is not 0–9 or ０–９ ("²", "①", "٣")."""
    return any(
        ch not in _ACCEPTED and (ch.isdigit() or ch.isnumeric() or unicodedata.category(ch) == "Nd")
        for ch in text
    )


def ascii_digits(text: str) -> str:
    """`text` with full-width digits made ASCII; NumberError("digits") if it holds any other digit-like
    character. Every parser of numbers (counts, money, phone digits) reads its text through this."""
    if has_foreign_digits(text):
        raise NumberError("digits", text)
    return text.translate(_FULL_WIDTH)


def parse_whole(text: str, *, minimum: int = 1, maximum: int, unit_words: bool = True) -> int:
    """A whole number minimum..maximum, as typed: "3", "03", "３", and with `unit_words` also "3 ngày"
    (the first word is the number; the rest is a unit the step already asked for) and a number below a
    thousand in words: "hai", "ba ngày", "hai mươi hộ" (`in_words`)."""
    digits = ascii_digits(text).strip()
    if not digits:
        raise NumberError("empty", text)
    if unit_words and not digits[0].isdigit():
        value = in_words(digits)
        if value is None:
            raise NumberError("not_a_number", text)
        if not minimum <= value <= maximum:
            raise NumberError("out_of_range", text)
        return value
    if unit_words:
        words = digits.split()
        if len(words) > 1 and fold(words[1]).strip(".,") in _NOT_A_UNIT:
            raise NumberError("not_a_number", text)
        digits = words[0]
    if not _WHOLE.fullmatch(digits):
        raise NumberError("not_a_number", text)
    value = int(digits)
    if not minimum <= value <= maximum:
        raise NumberError("out_of_range", text)
    return value


def whole_refused(t: Translator, maximum: int) -> str:
    """What a count refused says, 1 to `maximum` with an example: one sentence for the chat's steps and the
    shell's `invite create --uses|--expires-days` (decision 1892), `maximum` in the reader's figures."""
    return t("Please type a whole number from 1 to {max}, for example: 2.").format(max=t.number(maximum))


def in_words(text: str) -> int | None:
    """A number below a thousand said in words at the start of `text` ("hai", "mười lăm", "một trăm linh
    năm"), the rest being words of a unit the step asked for ("ngày", "hộ"); None for anything else: another
    figure after it ("hai 3"), a multiplier ("hai trăm nghìn": an amount, not a count), or no number."""
    words = [word.strip(".,!?") for word in fold(_HYPHEN.sub(" ", text)).split()]
    words = [word for word in words if word]
    if not words or words[0] in _AFTER_A_TEN_ONLY:
        return None
    if words[0] == "ten" and not text.strip()[:3].isascii():  # "tên" (a name) is no ten
        return None
    read = below_thousand(words, 0)
    if read is None:
        return None
    value, at, _single = read
    rest = words[at:]
    if rest and (rest[0] in _NOT_A_UNIT or not all(word.isalpha() for word in rest)):
        return None
    return value


_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")  # "twenty-five": two words


def below_thousand(tokens: list[str], at: int) -> tuple[int, int, bool] | None:
    """The number below a thousand that starts at `at` of `tokens` (folded words: figures, or words: "hai
    trăm năm mươi", "mười lăm", "một trăm linh năm", "hai chục"), where it ends, and whether it was one digit
    alone; None when none starts there. One digit's word right after "trăm" is its tens, as people say it
    ("hai trăm tư" is 240, "một trăm mốt" 110); its ones come after "linh" or "lẻ" (decision 2060)."""

    def digit(i: int) -> int | None:
        return DIGIT_WORDS.get(tokens[i]) if i < len(tokens) else None

    def word(i: int) -> str | None:
        return tokens[i] if i < len(tokens) else None

    start = at
    if tokens[at] in _ENGLISH_WORDS or (tokens[at] == "a" and word(at + 1) == "hundred"):
        return _english_below_thousand(tokens, at)
    if tokens[at].isdigit():
        if len(tokens[at]) > 3:
            return None
        value, at = int(tokens[at]), at + 1
        if word(at) == "tram" and value < 10:  # "5 trăm k"
            return value * 100, at + 1, False
        if word(at) == "chuc" and value < 10:  # "2 chục nghìn": chục is ten (decision 0546)
            return value * 10, at + 1, False
        return value, at, len(tokens[start]) == 1
    value = 0
    if (hundreds := digit(at)) is not None and word(at + 1) == "tram":
        value, at = hundreds * 100, at + 2
    elif word(at) == "tram":  # "trăm nghìn": a hundred thousand
        value, at = 100, at + 1
    below_hundred, at = tens_and_ones(tokens, at, after_hundreds=bool(value))
    value += below_hundred
    if at == start or not value:
        return None
    return value, at, at == start + 1 and value < 10


def tens_and_ones(tokens: list[str], at: int, *, after_hundreds: bool) -> tuple[int, int]:
    """The number below a hundred said from `at` of `tokens` (folded words) and where it ends; 0 and `at`
    where none is said. "mười hai" 12, "bốn mươi lăm" 45, "hai chục" 20 (decision 0546). `after_hundreds`:
    the words follow "trăm", so "lẻ" or "linh" says the ones ("lẻ ba": 3) and one digit's word alone says
    the tens, as people say it ("hai trăm tư" is 240: "tư" 40, decision 2060). The one rule of the amounts'
    reader and of a phone read aloud in a staff list (`org_import.phone_in_words`, decision 2151)."""

    def digit(i: int) -> int | None:
        return DIGIT_WORDS.get(tokens[i]) if i < len(tokens) else None

    def word(i: int) -> str | None:
        return tokens[i] if i < len(tokens) else None

    if word(at) == "muoi":  # mười: ten, and "mười lăm"
        if (units := digit(at + 1)) is not None and units:
            return 10 + units, at + 2
        return 10, at + 1
    if (tens := digit(at)) is not None and tens and word(at + 1) == "chuc":  # "hai chục": twenty (0546)
        return tens * 10, at + 2
    if (tens := digit(at)) is not None and tens > 1 and word(at + 1) == "muoi":  # "hai mươi mốt"
        if (units := digit(at + 2)) is not None and units:
            return tens * 10 + units, at + 3
        return tens * 10, at + 2
    if word(at) in ("linh", "le") and after_hundreds and (units := digit(at + 1)) is not None:
        return units, at + 2
    if (units := digit(at)) is not None and units:  # after hundreds its tens, “hai trăm tư”: 240 (2060)
        return units * (10 if after_hundreds else 1), at + 1
    return 0, at


_ENGLISH_WORDS = frozenset({*ENGLISH_UNITS, *ENGLISH_TEENS, *ENGLISH_TENS})


def _english_below_thousand(tokens: list[str], at: int) -> tuple[int, int, bool] | None:
    """`below_thousand` for English words ("two", "fifteen", "twenty five", "a hundred and five"). Never one
    digit alone in the sense of "một triệu hai" (a tenth of the unit before): "two million five" is said by
    nobody in English, so it is refused rather than read as 2.500.000."""

    def word(i: int) -> str | None:
        return tokens[i] if i < len(tokens) else None

    start, value = at, 0
    hundreds = 1 if word(at) == "a" else ENGLISH_UNITS.get(word(at) or "")
    if hundreds is not None and word(at + 1) == "hundred":
        value, at = hundreds * 100, at + 2
        if word(at) == "and" and (word(at + 1) or "") in _ENGLISH_WORDS:
            at += 1
    if (teen := ENGLISH_TEENS.get(word(at) or "")) is not None:
        value, at = value + teen, at + 1
    elif (tens := ENGLISH_TENS.get(word(at) or "")) is not None:
        value, at = value + tens, at + 1
        if (units := ENGLISH_UNITS.get(word(at) or "")) is not None:
            value, at = value + units, at + 1
    elif (units := ENGLISH_UNITS.get(word(at) or "")) is not None:
        value, at = value + units, at + 1
    if at == start or not value:
        return None
    return value, at, False
