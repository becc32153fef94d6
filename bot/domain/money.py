"""Parse the money amounts people type into a chat into whole đồng.

Donors do not type "500000". They type "500k", "500.000đ", "500 nghìn", "1tr2",
"1,5 triệu", "1 triệu rưỡi" or "2 000 000 VND", with or without diacritics, from phones that
insert non-breaking spaces. This module accepts those forms and nothing else:
anything it cannot read unambiguously is rejected with a reason the bot can
explain back to the user, so a mistyped amount never becomes a wrong amount.

The đồng has no subunit in practice, so an amount is a whole number of đồng
(a Python int). The arithmetic is done on integers, never floats, so
"1,15 triệu" is exactly 1 150 000 and "1,0000005 triệu" is refused as a
fraction rather than silently rounded.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from bot.domain.numbers import MULTIPLIERS, NumberError, ascii_digits

Reason = Literal["empty", "garbage", "digits", "zero", "negative", "fraction", "too_large"]

# Unit words (lower case, NFC) and how many đồng one of them is worth.
UNITS: dict[str, int] = {**dict.fromkeys(["đ", "₫", "đồng", "dong", "vnd", "vnđ", "d"], 1), **MULTIPLIERS}
# "rưỡi" after a unit is half of it: "1 triệu rưỡi" is 1 500 000, "2 nghìn rưỡi" 2 500 (as typed, with or
# without accents, and the common "rưởi"). Never after a bare number or đồng: "1 rưỡi" says no unit.
HALF = ("rưỡi", "rưởi", "ruỡi", "ruởi", "rưoi", "ruoi")
_MAX_DIGITS = 18  # more whole digits than this is too large for any cap, whatever the unit
_MAX_UNIT_DIGITS = 9  # the largest unit is 10**9 đồng

_WORD = r"(?:[^\W\d_]+|₫)"  # a run of letters, or the đồng sign
# After normalization: optional minus, a number, an optional unit with "1tr2"-style digits, then an
# optional currency word ("1 triệu đồng"). Whitespace has been collapsed to single spaces.
_AMOUNT = re.compile(
    rf"(?P<sign>[-−–] ?)?"
    rf"(?P<number>[0-9]+(?:[., ][0-9]+)*)"
    rf"(?: ?(?P<unit>{_WORD})(?: ?(?P<tail>[0-9]+))?)?"
    rf"(?: ?(?P<half>{'|'.join(HALF)})\b)?"
    rf"(?: ?(?P<currency>{_WORD}))?"
)
_SEPARATOR = re.compile(r"[., ]")


class MoneyError(ValueError):
    """The text is not an amount we accept.

    reason is one of: "empty", "garbage", "digits" (digit-like characters other than 0–9 and ０–９), "zero",
    "negative", "fraction", "too_large".
    """

    def __init__(self, reason: Reason, text: str):
        super().__init__(f"{reason}: {text!r}")
        self.reason = reason
        self.text = text


def _split_number(number: str, text: str) -> tuple[str, str]:
    """Split "1.200.000" / "1,5" / "1.000,25" into (whole digits, fraction digits).

    "." and "," between groups of exactly three digits are thousands separators; a last "." or ","
    followed by any other number of digits is the decimal mark. A space only ever groups thousands.
    """
    groups = _SEPARATOR.split(number)
    separators = _SEPARATOR.findall(number)
    fraction = ""
    if separators and separators[-1] != " " and len(groups[-1]) != 3:
        fraction = groups.pop()
        if separators.pop() in separators:  # "1.000.5": the same mark cannot be both
            raise MoneyError("garbage", text)
    if separators and (
        len(set(separators)) != 1
        or not 1 <= len(groups[0]) <= 3
        or any(len(group) != 3 for group in groups[1:])
    ):
        raise MoneyError("garbage", text)
    return "".join(groups), fraction


def parse_vnd(text: str, *, cap: int) -> int:
    """Return the amount in `text` as whole đồng, 1..cap, or raise MoneyError saying why not."""
    if not isinstance(text, str):
        raise MoneyError("garbage", repr(text))
    try:  # full-width digits ("５００k") read as 0–9; "²", "①", "٣" are never read as a number
        digits = ascii_digits(text)
    except NumberError:
        raise MoneyError("digits", text) from None
    cleaned = " ".join(unicodedata.normalize("NFC", digits).lower().split())
    if not cleaned:
        raise MoneyError("empty", text)
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise MoneyError("garbage", text)
    unit, tail, currency, half = match["unit"], match["tail"], match["currency"], match["half"]
    multiplier = UNITS.get(unit, 0) if unit else 1
    if (
        not multiplier
        or (currency is not None and (UNITS.get(currency) != 1 or multiplier == 1))
        or (tail is not None and (multiplier == 1 or _SEPARATOR.search(match["number"])))
        # "1tr2 rưỡi", "1,5 triệu rưỡi": a half of what? Only a whole number of a unit has a half.
        or (half is not None and (multiplier == 1 or tail is not None or _SEPARATOR.search(match["number"])))
    ):
        raise MoneyError("garbage", text)
    if match["sign"]:
        raise MoneyError("negative", text)

    whole, fraction = _split_number(match["number"], text)
    whole = whole.lstrip("0")
    fraction = (fraction + (tail or "")).rstrip("0")  # "1tr25" is 1.25 triệu
    if len(whole) > _MAX_DIGITS:
        raise MoneyError("too_large", text)
    if len(fraction) > _MAX_UNIT_DIGITS:
        raise MoneyError("fraction", text)
    fraction_dong, remainder = divmod(int(fraction or "0") * multiplier, 10 ** len(fraction))
    if remainder:
        raise MoneyError("fraction", text)
    amount = int(whole or "0") * multiplier + fraction_dong + (multiplier // 2 if half else 0)
    if amount == 0:
        raise MoneyError("zero", text)
    if amount > cap:
        raise MoneyError("too_large", text)
    return amount
