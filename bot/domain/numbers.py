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
from typing import Literal

from bot.text import fold

Reason = Literal["empty", "digits", "not_a_number", "out_of_range"]

_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_ACCEPTED = frozenset("0123456789０１２３４５６７８９")
_WHOLE = re.compile(r"[0-9]{1,18}")
# Words that multiply the number before them (lower case, NFC), and by how much: the money words
# (bot.domain.money reads "500k", "1tr2", "1 tỷ" with them).
MULTIPLIERS: dict[str, int] = {
    **dict.fromkeys(["k", "nghìn", "ngàn", "nghin", "ngan"], 1_000),
    **dict.fromkeys(["tr", "triệu", "trieu"], 1_000_000),
    **dict.fromkeys(["tỷ", "ty", "tỉ", "ti"], 1_000_000_000),
}
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
    (the first word is the number; the rest is a unit the step already asked for)."""
    digits = ascii_digits(text).strip()
    if not digits:
        raise NumberError("empty", text)
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
