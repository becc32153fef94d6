"""An amount of money in words, as a paper writes it under the figure (“Bằng chữ: Mười triệu đồng chẵn”).

Vietnamese is read as an accountant writes it on a receipt or an invoice: the digits in groups of three
(nghìn, triệu, tỷ, and tỷ again above: “một nghìn tỷ”); a group of zeros is left out; every group after the
first is read in full, its hundreds included, so that no figure can be read two ways — 2.050.000 is “hai
triệu không trăm năm mươi nghìn”, 1.005.000 “một triệu không trăm linh năm nghìn” (“một triệu năm nghìn”
reads, in speech, as 1.500.000). Within a group: “linh” for a zero ten, “mười” for ten, “mốt” for a one
after twenty, “lăm” for a five after ten. A whole number of thousands ends “đồng chẵn”. The first letter is
upper case. (num2words' Vietnamese leaves out the “không trăm” and so writes 1.005.000 ambiguously:
docs/decisions/0086.)

English reads the short scale (“One million two hundred thousand dong”), for the English drafts."""

from __future__ import annotations

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu")  # then tỷ, which repeats: 10^12 is "một nghìn tỷ"
_BILLION = 1_000_000_000


def _three(number: int, *, full: bool) -> list[str]:
    """The words of a group 1–999; `full`: with its hundreds even when they are 0 (a group after another)."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _below_billion(number: int, *, full: bool) -> list[str]:
    """The words of 1 to 999.999.999; `full`: it follows a higher group, so its first group is read in
    full."""
    words: list[str] = []
    for power in (2, 1, 0):
        group = number // 1000**power % 1000
        if group:
            words += _three(group, full=full or bool(words))
            if _GROUPS[power]:
                words.append(_GROUPS[power])
    return words


def _vietnamese(number: int, *, full: bool = False) -> list[str]:
    if number >= _BILLION:
        high, low = divmod(number, _BILLION)
        words = [*_vietnamese(high, full=full), "tỷ"]
        return words + (_below_billion(low, full=True) if low else [])
    return _below_billion(number, full=full)


def vietnamese_number(number: int) -> str:
    """A whole number ≥ 0 in Vietnamese words, lower case: 2050000 → “hai triệu không trăm năm mươi nghìn”."""
    if number < 0:
        raise ValueError("a negative number")
    return " ".join(_vietnamese(number)) if number else "không"


_ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
    *("twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALE = ("", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion")


def _english_three(number: int) -> list[str]:
    hundreds, rest = divmod(number, 100)
    words = [_ONES[hundreds], "hundred"] if hundreds else []
    if rest >= 20:
        words.append(_TENS[rest // 10] + (f"-{_ONES[rest % 10]}" if rest % 10 else ""))
    elif rest:
        words.append(_ONES[rest])
    return words


def english_number(number: int) -> str:
    """A whole number ≥ 0 in English words (short scale), lower case: 1200000 → “one million two hundred
    thousand”."""
    if number < 0:
        raise ValueError("a negative number")
    if number == 0:
        return "zero"
    words: list[str] = []
    power = 0
    while number:
        number, group = divmod(number, 1000)
        if group:
            words = [*_english_three(group), *([_SCALE[power]] if _SCALE[power] else []), *words]
        power += 1
    return " ".join(words)


def amount_in_words(amount_vnd: int, locale: str) -> str:
    """`amount_vnd` as a paper writes it in words: “Mười triệu đồng chẵn”, “Một triệu không trăm linh năm
    nghìn đồng chẵn”, “Một trăm hai mươi ba nghìn bốn trăm năm mươi sáu đồng”; in English “Ten million
    dong”."""
    if locale == "vi":
        text = f"{vietnamese_number(amount_vnd)} đồng"
        if amount_vnd and amount_vnd % 1000 == 0:
            text += " chẵn"
    else:
        text = f"{english_number(amount_vnd)} dong"
    return text[0].upper() + text[1:]
