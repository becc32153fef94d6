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
import sys
import unicodedata
from typing import Literal

from babel import Locale

from bot.domain.numbers import (
    DIGIT_WORDS,
    MULTIPLIERS,
    NumberError,
    ascii_digits,
    below_thousand,
    other_marks,
)
from bot.i18n import PAPER_LOCALE, format_number
from bot.text import fold, nfc

Reason = Literal[
    "empty",
    "garbage",
    "digits",
    "zero",
    "negative",
    "fraction",
    "too_large",
    "too_small",
    "phone",
    "figures",
    "currency",
]

# Unit words (lower case, NFC) and how many đồng one of them is worth.
UNITS: dict[str, int] = {**dict.fromkeys(["đ", "₫", "đồng", "dong", "vnd", "vnđ", "d"], 1), **MULTIPLIERS}
# "rưỡi" after a unit is half of it: "1 triệu rưỡi" is 1 500 000, "2 nghìn rưỡi" 2 500 (as typed, with or
# without accents, and the common "rưởi"). Never after a bare number or đồng: "1 rưỡi" says no unit.
HALF = ("rưỡi", "rưởi", "ruỡi", "ruởi", "rưoi", "ruoi")
# The words only an amount of money has, compared without accents: "1 rưỡi" is a figure cut short, never
# the name of goods ("10 kg gạo"). One-letter units are left out: "5 m vải" is five metres of cloth.
MONEY_WORDS = frozenset(fold(word) for word in [*UNITS, *HALF] if len(fold(word)) > 1)
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
# After an amount, what a polite message ends with: "500k ạ", "1tr nhé", "200k thôi", "500k." (a full stop
# after a unit: after a figure, "5." may be a decimal cut short).
_ENDING = re.compile(r"(?:\s+(?:ạ|a|nhé|nhe|nha|nhá|thôi|thoi)|(?<=[^\W\d_]|₫)[.!?…]+|\s+)+$")
# Before an amount: "about"/"khoảng"/"tầm" (the figure is what is given; an estimate is one; “tầm” only with
# its mark: “tam” is also “tám”, eight), and the currency as English writes it first ("₫500,000", "VND
# 500,000", as the English screens show amounts).
_ABOUT = re.compile(r"^(?:about|around|approximately|khoảng|khoang|tầm) (?=\S)")
_CURRENCY_FIRST = re.compile(r"^(?:₫|vnd|vnđ|đồng|dong) ?(?=[0-9])")
# A Vietnamese phone number typed where an amount is asked: 0 and 9 or 10 more digits, no unit.
# A phone: Vietnam's, or one with its country's code after a “+” (“+6591234567”, a contact shared).
_PHONE = re.compile(r"0[0-9]{9,10}|\+[0-9]{8,15}")
# Nine to twelve figures typed bare, not whole thousands: a phone without its 0 (“912345678”, as an address
# book keeps it) or an account number far likelier than an amount; an amount that size is typed in whole
# thousands, or with its dots or its unit (“123.456.789”, “123456789đ”), and then read (decision 0392).
# The same in threes with spaces (“912 345 678”, as a phone is read out) is asked again too; “1 000 000”,
# “500 000”, “150 000 000” are read, and so is one with its dots or its unit (decision 0436).
_BARE_FIGURES = re.compile(r"[1-9][0-9]{8,11}(?<!000)")
_SPACED_FIGURES = re.compile(r"[0-9]+|[0-9]{1,3}(?: [0-9]{3})+")  # bare, or in threes as thousands go

# Amounts said in words, as a voice keyboard or a person writes them: "năm trăm nghìn", "hai triệu rưỡi",
# and units one after another: "1 triệu 200 nghìn", "1tr 200k" (compared without accents: bot.text.fold).
_BIG_UNITS = {
    "k": 1_000,
    "thousand": 1_000,
    "thousands": 1_000,
    "million": 10**6,
    "millions": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "nghin": 1_000,
    "ngan": 1_000,
    "tr": 10**6,
    "trieu": 10**6,
    "ty": 10**9,
    "ti": 10**9,
}
_CURRENCY_WORDS = frozenset({"d", "dong", "vnd", "₫"})
_HALF_WORDS = frozenset({"ruoi"})
# “rưỡi” after “trăm” or “chục” and before a unit: half a hundred or half a ten of it (“hai trăm rưỡi nghìn”).
_HALF_OF = {"tram": 50, "chuc": 5}
_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+|₫")


# A figure with its unit of money inside a longer text, compared without accents: “+500,000VND”, “200k”,
# “3tr”; its sign kept (“+”: how a bank's message writes money received).
_FIGURE_WITH_UNIT = re.compile(r"(\+?)[0-9][0-9.,]*\s?(?:k|tr|trieu|nghin|ngan|vnd|dong|d)(?![a-z0-9])")


def names_others_amounts(text: str) -> bool:
    """Whether `text` names amounts as a message someone else wrote does (Zalo marks no forward): two or more
    (a bank's SMS, the transfer and the balance; a friend's “200k … còn 3tr”), or one signed “+” as a bank
    credits it. Only for a text that is not one amount as a whole (“2 triệu 500 nghìn” is one: `parse_vnd`
    first). Decision 0445."""
    found = _FIGURE_WITH_UNIT.findall(fold(text))
    return len(found) >= 2 or "+" in found


# What a bank's or someone else's message has beside its amounts (compared without accents): the account
# (“TK”, “STK”, a run of its digits, masked or not), the balance (“SD”, “số dư”), the transfer's reference.
_OTHERS_MARKS = re.compile(
    r"(?<![a-z0-9])(?:s?tk|sd|so du|tai khoan|ref|nd|gd|giao dich)(?![a-z0-9])"
    r"|[0-9]{2,}[x*]+[0-9]{2,}|(?<![0-9.,])[0-9]{9,}(?![0-9])(?!\s?(?:k|tr|trieu|vnd|dong|d)(?![a-z0-9]))"
)


def names_her_split(text: str) -> bool:
    """Whether `text`, named by `names_others_amounts`, is one person's own gift in parts (“500k + 200k tiền
    mặt”, “200k tháng 12, 300k tháng 1”): amounts none of them signed as a bank credits it, and nothing of a
    bank's message beside them (an account, a balance, a reference). Decision 0471."""
    folded = fold(text)
    return "+" not in _FIGURE_WITH_UNIT.findall(folded) and _OTHERS_MARKS.search(folded) is None


# What only a bank's own message has beside its “+” credit, compared without accents: the account's digits
# (“TK 0123456789”, masked “0123xxx789”) or the balance with its figure (“SD 5,000,000VND”, “số dư: 3tr”,
# “balance 5,000,000 VND”). “SD” in a name, a note's “+500k”, a reference code have neither (decision 0480).
_BANKS_OWN = re.compile(
    r"[0-9]{2,}[x*]+[0-9]{2,}|(?<![0-9.,])[0-9]{9,}(?![0-9])(?!\s?(?:k|tr|trieu|vnd|dong|d)(?![a-z0-9]))"
    r"|(?<![a-z0-9])(?:sd|so du|balance|bal)(?![a-z0-9])[\s:=]{0,3}[0-9]"
)


# A credit in its thousands without its currency, as banks write it after “GD:” (“GD:+500,000 So
# du:5,000,000”): the figure grouped by thousands, as `_SIGNED` reads a debit; “+500k” is no bank's.
_PLAIN_CREDIT = re.compile(r"(?<![0-9a-z])\+\s?[0-9]{1,3}(?:[.,][0-9]{3})+(?![0-9.,])(?![a-z0-9])")


def bank_credit(text: str, *, cap: int) -> int | None:
    """The one amount a bank's message says was transferred (“TK 0123456789 +500,000 VND … SD 5,000,000
    VND”: 500000), as `names_others_amounts` reads such a message and `names_her_split` does not, with the
    account or the balance a bank's message has (decision 0480); None for any other text, or where no single
    amount is signed “+”. Its account and balance are never read: only the amount, as the example of what to
    type (decision 0477)."""
    folded = fold(text)
    if _BANKS_OWN.search(folded) is None:
        return None
    if names_others_amounts(text) and not names_her_split(text):
        signed = [found.group(0) for found in _FIGURE_WITH_UNIT.finditer(folded) if found.group(1)]
    else:  # no currency written: “GD:+500,000 So du:5,000,000” (decision 0663)
        signed = _PLAIN_CREDIT.findall(folded)
    if len(signed) != 1:
        return None
    try:
        return parse_vnd(signed[0].lstrip("+"), cap=cap)
    except MoneyError:
        return None


# An amount in đồng signed “-”, as a giver's own bank writes the money leaving her account (“-500,000VND”), or
# in its thousands without the currency (“GD:-500,000”): compared without accents; “-500k” is no bank's.
_SIGNED = r"[-−–]\s?(?:[0-9][0-9.,]*\s?(?:vnd|dong|d)|[0-9]{1,3}(?:[.,][0-9]{3})+(?![0-9.,]))(?![a-z0-9])"
_DEBIT = re.compile(rf"(?<![0-9a-z])({_SIGNED})")
# The transfer's fee, signed as well and named so beside it (“phi GD: -11,000VND”, “-11,000VND phi”): never
# the amount (decision 0658). The word before a figure is read first: “-500,000VND phí -11.000VND”.
_FEE_BEFORE = re.compile(rf"(?<![a-z])(?:phi|fee)(?:\s?gd)?\s?:?\s?{_SIGNED}")
# A fee word with its own figure after it (“-500,000VND phi 11,000VND”) names that figure, never the amount
# before it (decision 0663).
_FEE_AFTER = re.compile(
    rf"(?<![0-9a-z]){_SIGNED}\s?(?:phi|fee)(?![a-z])(?!(?:\s?gd)?\s?:?\s?[-−–+]?\s?[0-9])"
)


def bank_debit(text: str, *, cap: int) -> int | None:
    """The one amount a giver's own bank says left her account (“TK 0123 -500,000VND luc 10:02 ND: ung ho
    quy”: 500000), with a bank's marks beside it (an account, a balance, the transfer's words: as
    `names_her_split` reads them); None for any other text. As `bank_credit`, only the amount is read, as the
    example of what to type (decision 0605)."""
    folded = fold(text)
    found = _DEBIT.findall(_FEE_AFTER.sub(" ", _FEE_BEFORE.sub(" ", folded)))
    if len(found) != 1 or _OTHERS_MARKS.search(folded) is None:
        return None
    try:
        return parse_vnd(found[0].lstrip("-−–").strip(), cap=cap)
    except MoneyError:
        return None


def banks_amount(text: str, *, cap: int) -> int | None:
    """The one amount of a bank's message pasted or forwarded: the money received (`bank_credit`) or the
    money sent (`bank_debit`); None for any other text."""
    credit = bank_credit(text, cap=cap)
    return credit if credit is not None else bank_debit(text, cap=cap)


# Who a message someone else wrote opens with, naming its writer (compared without accents): a kinship word
# and a name written with its capital (“Chị Lan ủng hộ 500k nhé”, “anh Minh gửi 300k”), or a name of two to
# four words, each with its capital, and a colon, as a copied message begins (“Nguyễn Thị Lan: …”).
_KIN = frozenset({"chi", "anh", "em", "co", "chu", "bac", "ong", "ba", "di", "cau", "thim", "mo", "o"})
# “nhà em” after the name: one of her own household, written by her (“Anh Ba nhà em ủng hộ 500k”, the wife
# typing on the household's account), not a friend's message forwarded
MY_HOUSEHOLD = frozenset({"em", "minh", "toi", "chau", "con", "tui"})


def _writer(text: str) -> tuple[list[str], list[str]] | None:
    """The name `text` opens with as its writer's (`_KIN` and the capitalised words after it, or the words
    before a colon) and the words after it, compared without accents; None where it names no writer."""
    words = nfc(text).split()
    if len(words) >= 2 and fold(words[0]) in _KIN and words[1][:1].isupper():
        ends = next((n for n, word in enumerate(words[1:5], 1) if not word[:1].isupper()), min(len(words), 5))
        return [fold(word).strip(":,.") for word in words[1:ends]], [fold(word) for word in words[ends:]]
    named = next((n for n, word in enumerate(words[:4], 1) if word.endswith(":")), 0)
    if named >= 2 and all(word[:1].isupper() for word in words[:named]):
        return [fold(word).strip(":") for word in words[:named]], [fold(word) for word in words[named:]]
    return None


def _her_own(name: list[str], after: list[str], own_name: str) -> bool:
    """Whether the writer named is she herself — every word of the name one of hers, in any order, her first
    or last among them (“Chị Võ Thị Hoa”, “Cô Lan” from “Lan Nguyen” as Telegram writes her name; never “Anh
    Văn” from Hoàng Văn Sáu), an honorific or “Hộ” before it not her name (“Chị Hoa Nguyễn”, as she wrote it
    on Telegram; “Hộ ông Hoàng Văn Sáu”) — or one of her household, written by her (“Anh Ba nhà em …”)."""
    hers = [word for word in (fold(word).strip("():,.") for word in own_name.split()) if word.isalpha()]
    while len(hers) > 1 and hers[0] in _KIN | {"ho"}:
        hers = hers[1:]
    household = len(after) >= 2 and after[0] == "nha" and after[1] in MY_HOUSEHOLD
    return household or (bool(hers) and set(name) <= set(hers) and bool({hers[0], hers[-1]} & set(name)))


def names_someone_else(text: str, *, own_name: str = "") -> bool:
    """Whether `text` opens with someone named as its writer (`_KIN` and a name with its capital, or a name
    and a colon): what a friend's message forwarded has, and her own words to the bot do not (“em ủng hộ
    500k”, “chị ủng hộ 500k”: no name after the word; “Em Hoa xin ủng hộ 500k” from Hoa, `own_name` her
    name, or “Anh Ba nhà em ủng hộ 500k”: her own). Decisions 0491, 0507."""
    writer = _writer(text)
    return writer is not None and not _her_own(*writer, own_name)


def writers_name(text: str) -> str | None:
    """The name `text` opens with as its writer's (“Ông Tư ủng hộ 50k”: “tu”; “Trần Văn Tư: …”: “tran van
    tu”), accents aside; None where it names no writer (`names_someone_else`). Decision 0526."""
    writer = _writer(text)
    return " ".join(writer[0]) if writer is not None and writer[0] else None


def writer_as_typed(text: str) -> str | None:
    """The writer's name as `text` types it, with the word of address before it (“Ông Hoàng Văn Sáu ủng hộ
    20k”: “Ông Hoàng Văn Sáu”; “Trần Văn Tư: ủng hộ 50k”: “Trần Văn Tư”); None where it names no writer
    (`writers_name`). Decision 0528."""
    writer = _writer(text)
    if writer is None or not writer[0]:
        return None
    words = nfc(text).split()
    addressed = fold(words[0]) in _KIN and words[1][:1].isupper()
    return " ".join(words[: len(writer[0]) + addressed]).strip(":,.") or None


def _one_figure(text: str, *, cap: int) -> int | None:
    """The one figure with its unit of money in `text`, not signed “+” (a bank's, `bank_credit`)."""
    found = list(_FIGURE_WITH_UNIT.finditer(fold(text)))
    if len(found) != 1 or found[0].group(1):
        return None
    try:
        return parse_vnd(found[0].group(0), cap=cap)
    except MoneyError:
        return None


def someone_elses_gift(text: str, *, cap: int, own_name: str = "") -> int | None:
    """The one amount of a friend's message forwarded (Zalo marks no forward), that names its writer
    (`names_someone_else`) and one figure with its unit, not signed “+” (a bank's, `bank_credit`): “Chị Lan
    ủng hộ 500k nhé” is 500000, her friend's gift, never hers. None for any other text. Decision 0491."""
    return _one_figure(text, cap=cap) if names_someone_else(text, own_name=own_name) else None


def named_writers_gift(text: str, *, cap: int) -> int | None:
    """The one amount of a message that names its writer (“Chị Hoa ủng hộ 500k”, “Anh Ba nhà em ủng hộ
    500k”), whoever it is: where the writer is she herself, or a household an officer records for, it is the
    gift (decision 0507). None for any other text."""
    return _one_figure(text, cap=cap) if _writer(text) is not None else None


def names_an_amount(text: str) -> bool:
    """Whether `text` holds a figure with its unit of money (“tháng 12: 200k”): words so written are no
    goods' name, whatever words come with the figure (decision 0465)."""
    return _FIGURE_WITH_UNIT.search(fold(text)) is not None


# Money's slang after a figure, as the last word (compared without accents): “1.5 củ” is a million and a half,
# “2 xị” two hundred thousand, “2 lít” too, and “1 chai” a million (or a hundred thousand, as where it is
# said). Never read (a street's words, not the ledger's), never goods so named: asked in figures (decisions
# 0605, 0628). With goods after it, it counts them (“10 củ khoai”, “5 lít dầu ăn”, “2 chai nước mắm”).
_SLANG = re.compile(r"[0-9]+(?:[.,][0-9]+)? ?(?:cu|xi|lit|chai)")


def money_slang(text: str) -> bool:
    """Whether `text` is a figure and money's slang unit (“1.5 củ”, “2 xị”, “2 lít”), nothing after it."""
    return _SLANG.fullmatch(fold(text).strip(" .!?")) is not None


def names_money(text: str) -> bool:
    """Whether `text` has a word only amounts of money have (“1 rưỡi”, “2 triệu gì đó”), read or not."""
    return any(token in MONEY_WORDS for token in _TOKEN.findall(fold(text)))


class MoneyError(ValueError):
    """The text is not an amount we accept.

    reason is one of Reason: "empty", "garbage", "digits" (digit-like characters other than 0–9 and ０–９),
    "zero", "negative", "fraction", "too_large", "too_small" (below the minimum), "phone", "figures" (nine
    figures or more typed bare, not whole thousands: a phone or an account number), "currency" (a foreign
    currency named: `names_foreign_currency`).
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


# A foreign currency named with the figure (“$20”, “20 USD”, “50 euros”, “20 đô”): gifts are recorded in đồng
# only, and no rate is guessed (decision 0562). “pound” and “won” are left out: “2 pounds of rice”.
_FOREIGN_CURRENCY = re.compile(
    r"[$€£¥]|(?<![^\W\d_])(?:usd|us dollars?|dollars?|bucks|eur|euros?|gbp|jpy|yen|cny|yuan|sgd|aud|krw|thb|"
    r"baht|đô la|đôla|dola|đô|do la)(?![^\W\d_])"
)


def names_foreign_currency(text: str) -> bool:
    """Whether `text` is an amount in a currency other than the đồng (“$20”, “20 USD”, “10 euros”, “20 đô”):
    the currency's word beside a figure that reads as an amount without it. The same letters in other words
    are not (“500k do la tien thuong”: “đó là” typed without its marks; “5 đô thị”): decision 0588."""
    try:
        parse_vnd(text, cap=sys.maxsize)
    except MoneyError as problem:
        return problem.reason == "currency"
    return False


# A gift in a foreign currency as people say it (“100 đô”, “100 đôla”, “$100”, “100 USD”, “10.000 yên”, “100
# do” without marks): a whole figure beside the currency's sign or word, compared without marks. It is
# recorded as that currency and figure in words, never turned into đồng at a rate the bot would guess: the
# treasurer writes the đồng the bank credited when confirming (decision 0701).
_SAID_CODES = {
    **dict.fromkeys(["$", "usd", "us dollar", "us dollars", "dollar", "dollars", "bucks"], "USD"),
    **dict.fromkeys(["do", "do la", "dola", "do my", "do la my", "dola my"], "USD"),
    **dict.fromkeys(["€", "eur", "euro", "euros"], "EUR"),
    **dict.fromkeys(["£", "gbp", "bang anh"], "GBP"),
    **dict.fromkeys(["¥", "jpy", "yen", "yen nhat"], "JPY"),
    **dict.fromkeys(["cny", "yuan", "nhan dan te", "ndt", "te"], "CNY"),
    **dict.fromkeys(["sgd", "do sing", "do singapore", "do la sing", "do la singapore"], "SGD"),
    **dict.fromkeys(["aud", "do uc", "do la uc", "dola uc"], "AUD"),
    **dict.fromkeys(["cad", "do canada", "do la canada"], "CAD"),
    **dict.fromkeys(["hkd", "do hk", "do la hk"], "HKD"),
    **dict.fromkeys(["twd", "dai te", "do dai loan", "do la dai loan"], "TWD"),
    **dict.fromkeys(["krw", "won"], "KRW"),
    **dict.fromkeys(["thb", "baht", "bat thai"], "THB"),
    **dict.fromkeys(["myr", "ringgit"], "MYR"),
    # the neighbours' money, named alone in the border provinces (“50 nghìn kíp”: decision 0822)
    **dict.fromkeys(["kip"], "LAK"),
    **dict.fromkeys(["riel"], "KHR"),
    **dict.fromkeys(["rup"], "RUB"),
}  # fmt: skip


def _named_by_babel() -> tuple[dict[str, str], frozenset[str]]:
    """The currencies' Vietnamese names as Babel's locale data has them, compared without marks (“Đô la Hồng
    Kông”: HKD, “Won Hàn Quốc”: KRW, “Bạt Thái Lan”: THB), a dollar's also without its “la” (“đô Hồng
    Kông”), and their codes (decision 0795); never the đồng's own, nor gold's or silver's (“vàng”: decision
    0702), nor a name of years gone (“(1978–1985)”)."""
    names: dict[str, str] = {}
    for code, name in Locale("vi").currencies.items():
        if code.startswith("X") or code.startswith("VN") or "(" in name:
            continue
        said = " ".join(fold(name).split())
        names.setdefault(said, code)
        if said.startswith("do la "):
            names.setdefault(f"do {said[6:]}", code)
            names.setdefault(f"dola {said[6:]}", code)
    codes = frozenset(code.lower() for code in Locale("vi").currencies if not code.startswith(("X", "VN")))
    return names, codes


_BABELS_NAMES, _ISO_CODES = _named_by_babel()
# How a currency is said, compared without marks: as people say it first, then Babel's names, then a code
# (“100 HKD”) read only as typed in capitals, where it is a code and no word (“10 pen”, “all”): decision 0795.
_CURRENCY_CODES = {
    **{code: code.upper() for code in _ISO_CODES},
    **_BABELS_NAMES,
    **_SAID_CODES,
}
_CODES_ONLY = frozenset(_ISO_CODES - set(_SAID_CODES))
_CURRENCY_SAID = "|".join(re.escape(word) for word in sorted(_CURRENCY_CODES, key=len, reverse=True))
_LONGEST_SAID = max(len(word.split()) for word in _CURRENCY_CODES)
# A whole figure, in its thousands as typed (“10.000”, “1,000”, “10 000”) or bare.
_WHOLE = r"[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+"
# Thousands or millions of the currency said after the figure (“200 nghìn yên”, “1 triệu đô”, “100k đô”),
# compared without marks: that many of the currency, never of đồng (decision 0728); in English too (“1 million
# dollars”, as “1 million” is read in đồng: decision 0766).
_TIMES = {
    "k": 1_000, "nghin": 1_000, "ngan": 1_000, "thousand": 1_000,
    "tr": 10**6, "trieu": 10**6, "million": 10**6,
}  # fmt: skip
_FOREIGN_AMOUNT = re.compile(
    rf"(?P<sign>[$€£¥]) ?(?P<first>{_WHOLE})"
    rf"|(?P<figure>{_WHOLE})(?: ?(?P<times>{'|'.join(_TIMES)}))? ?(?P<said>{_CURRENCY_SAID})"
)
# Words that fold to “do” and are no dollar: “đó” (that), “đồ” (things), “đỏ” (red), “độ” (about). Only “đô”,
# or “do” typed without marks, is the dollar (decision 0728: “ủng hộ 500k đó” is 500.000 ₫).
_DOLLAR_WORDS = frozenset({"đô", "do"})
# A currency's word as typed, where the same letters with other marks are another word: only with its own
# marks, or none, is it the currency (decision 0822): “yên”, never “yến” (ten kilos: “2 yến” of rice); “tệ”,
# never “tê” or “tế”; “kíp”, never “kịp” (in time); “rúp”.
_CURRENCY_MARKS = {
    "do": _DOLLAR_WORDS,
    "yen": frozenset({"yên", "yen"}),
    "te": frozenset({"tệ", "te"}),
    "kip": frozenset({"kíp", "kip"}),
    "rup": frozenset({"rúp", "rup"}),
}


# An amount in đồng said with its unit before the currency (“1tr5 USD”, “1,5 triệu đô”, “2 triệu rưỡi yên”):
# as many of the currency as the đồng it reads, a whole figure of it (decision 0766). Sought among the last
# words only, never by a pattern around the amount: one that was took a second over a long message of letters.
def _currency_last(cleaned: str) -> tuple[str, str] | None:
    """The currency `cleaned` (folded) ends with, its longest name among its last words, and what is before
    it; None where it ends with none."""
    words = cleaned.rsplit(" ", _LONGEST_SAID)
    for n in range(min(_LONGEST_SAID, len(words) - 1), 0, -1):
        said = " ".join(words[-n:])
        if said in _CURRENCY_CODES:
            return said, " ".join(words[:-n])
    return None


def _figure_and_currency(cleaned: str, typed: str) -> tuple[int, str, bool] | None:
    """The figure of `cleaned` (`typed` folded) as foreign money, the currency as said, and whether thousands
    or millions were said with it (“200 nghìn yên”, “1tr5 đô”); None when it is no such money."""
    said = _FOREIGN_AMOUNT.fullmatch(cleaned)
    if said is not None:
        figure = int(re.sub(r"[^0-9]", "", said["first"] or said["figure"]))
        return figure * _TIMES.get(said["times"] or "", 1), said["sign"] or said["said"], bool(said["times"])
    last = _currency_last(cleaned)
    if last is None or not re.search("[a-z]", last[1]):
        return None
    amount = " ".join(typed.split()[: len(last[1].split())])  # with its marks: “200k bà Yên” (decision 0824)
    try:
        return parse_vnd(amount, cap=sys.maxsize), last[0], True
    except MoneyError:
        return None  # “$100.50”, “1,5 đô”: a part of a unit (decision 0730)


def _foreign_reading(text: str) -> tuple[str, str | None] | None:
    """`text` as foreign money (`foreign_money`): its figure and code, and, where “do” typed without marks
    follows thousands or millions (“1 trieu do”, “1tr5 do”: dollars, or “đó” after an amount in đồng), the
    amount as typed before it; None for anything else."""
    typed = _ENDING.sub("", " ".join(nfc(unicodedata.normalize("NFKC", text)).lower().split()))
    reading = _figure_and_currency(fold(typed), typed)
    if reading is None:
        return None
    figure, currency, times = reading
    words = [word.strip(".,!?…") for word in nfc(unicodedata.normalize("NFKC", text)).lower().split()]
    if any(fold(word) == "do" and word not in _DOLLAR_WORDS for word in words):
        return None  # “500k đó”, “100 đồ”: no dollar
    last = _ENDING.sub("", " ".join(words)).split() if currency[0].isalpha() else []
    if any(word not in _CURRENCY_MARKS.get(fold(word), (word,)) for word in last[-len(currency.split()) :]):
        return None  # “2 yến”, “500 tê”: another word (decision 0822)
    if currency in _CODES_ONLY and currency.upper() not in text:
        return None  # “10 pen”, “100 all”: a code only in its capitals (decision 0795)
    if not figure:
        return None
    unsure = times and currency == "do" and "đô" not in words
    amount = f"{format_number(figure, PAPER_LOCALE)} {_CURRENCY_CODES[currency]}"  # as Vietnamese writes it
    if not unsure:
        return amount, None
    typed = nfc(text).split()
    last = max(at for at, word in enumerate(typed) if fold(word.strip(".,!?…")) == "do")
    if typed[last + 1 :] and all(fold(word).strip(".,!?…") in _PARTICLES for word in typed[last + 1 :]):
        return None  # “500k do nhe”: “đó nhé” as a chat ends an amount, no dollars asked (decision 0999)
    return amount, " ".join(typed[:last])


# A figure and a currency not known after it, as typed (decision 0795): a dollar named with its marks or as
# one word and a country not listed (“100 đô la Ma Cao”, “100 đô Ma Cao” with its capitals; “100 do la tien
# thuong” is “đó là”, 0588), or “bạt”, the baht or a tarpaulin. Never guessed: asked which money it is.
_FIGURE_SAID = r"[0-9][0-9.,]*(?: ?(?:k|nghìn|ngàn|tr|triệu))?"
_UNKNOWN_CURRENCY = re.compile(
    rf"{_FIGURE_SAID} ?(?:(?:đô la|đôla|dola|đô-la)(?P<country>(?: [^\W\d_]+){{1,4}})|bạt)", re.IGNORECASE
)
_UNKNOWN_DOLLAR = re.compile(rf"{_FIGURE_SAID} ?(?:đô|Đô)(?: [A-ZĐÀ-Ỹ][^\W\d_]*){{1,3}}")


def _countries() -> frozenset[str]:
    """The countries and territories as Babel's locale data names them in Vietnamese and English, compared
    without marks, spaces nor hyphens (“Đặc khu Hành chính Macao, Trung Quốc”: “macao”), and their codes
    (“nz”); regions left out."""
    names = set()
    for locale in (Locale("vi"), Locale("en")):
        for code, name in locale.territories.items():
            if not code.isdigit():  # “Châu Á”, “Thế giới”: regions
                names.add(re.sub("[^a-z]", "", fold(name).split(",")[0].removeprefix("dac khu hanh chinh ")))
                names.add(code.lower())
    return frozenset(names)


_COUNTRIES = _countries()


def unknown_currency(text: str) -> bool:
    """Whether `text` is a figure in a currency not known (`_UNKNOWN_CURRENCY`, read by no `foreign_money`):
    to be asked which, never taken for dollars nor goods (decision 0795). The words after “đô la” are a
    country's: capitals, or a country's name (“đô la ma cao”); “100 đô la tiền thưởng” names what the
    dollars are, not whose (decision 0823)."""
    typed = _ENDING.sub("", " ".join(nfc(unicodedata.normalize("NFKC", text)).split()))
    said = _UNKNOWN_CURRENCY.fullmatch(typed)
    if said is not None and said["country"] is not None:
        country = said["country"].split()
        if not country[0][0].isupper() and re.sub("[^a-z]", "", fold("".join(country))) not in _COUNTRIES:
            said = None
    if said is None and _UNKNOWN_DOLLAR.fullmatch(typed) is None:
        return False
    return foreign_money(text) is None and dollars_or_dong(text) is None


def dollars_or_dong(text: str) -> tuple[str, str] | None:
    """Thousands or millions and “do” typed without marks (“1 trieu do”, “500k do”): dollars (“1 triệu
    đô”), or an amount in đồng and “đó” after it, which a chat without marks cannot tell apart. The two
    readings, the dollars (“1.000.000 USD”) and the figure in đồng as typed (“1 trieu”), to ask which; None
    for anything else. Never guessed: either guess records someone's gift wrong (decision 0728)."""
    reading = _foreign_reading(text)
    return (reading[0], reading[1]) if reading is not None and reading[1] is not None else None


def foreign_money(text: str) -> str | None:
    """`text` as an amount of a foreign currency, in its figure and code (“100 đô”, “$100”: “100 USD”;
    “10.000 yên”: “10.000 JPY”; “200 nghìn yên”: “200.000 JPY”), the figure in whole units grouped as
    Vietnamese writes it; None for anything else (“500k”, “100 đô thị”, “500k đó”, “$1.5”: a part of a unit is
    not read; “1 trieu do”: `dollars_or_dong`). An amount said with its unit is read as đồng are (“1tr5 USD”,
    “1,5 triệu đô”: 1.500.000 USD, decision 0766)."""
    reading = _foreign_reading(text)
    return reading[0] if reading is not None and reading[1] is None else None


def _amount_in_foreign_currency(cleaned: str) -> bool:
    """Whether `cleaned` (lower case, NFKC) is a figure with a foreign currency: without the currency's words
    it reads as an amount, or is refused only for its size."""
    rest = " ".join(_FOREIGN_CURRENCY.sub(" ", cleaned).split())
    if rest == cleaned or not rest:
        return False
    try:
        parse_vnd(rest, cap=sys.maxsize)
    except MoneyError as problem:
        return problem.reason not in ("empty", "garbage", "digits", "phone", "figures")
    return True


def parse_vnd(text: str, *, cap: int, minimum: int = 1) -> int:
    """Return the amount in `text` as whole đồng, minimum..cap, or raise MoneyError saying why not: below
    `minimum` (and above zero) is "too_small", a phone number typed where the amount was asked "phone"."""
    if not isinstance(text, str):
        raise MoneyError("garbage", repr(text))
    try:  # full-width digits ("５００k") read as 0–9; "²", "①", "٣" are never read as a number
        digits = ascii_digits(text)
    except NumberError:
        raise MoneyError("digits", text) from None
    # NFKC: the full-width letters of those keyboards ("５００ｋ") as the ones they show
    typed = _pictures_around(unicodedata.normalize("NFKC", digits))
    cleaned = _ENDING.sub("", " ".join(typed.lower().split()))
    cleaned = _ABOUT.sub("", cleaned)
    currency_first = _CURRENCY_FIRST.match(cleaned)
    if currency_first:
        cleaned = cleaned[currency_first.end() :]
    if not cleaned:
        raise MoneyError("empty", text)
    if _amount_in_foreign_currency(cleaned):
        raise MoneyError("currency", text)
    if _PHONE.fullmatch(cleaned.replace(" ", "").replace(".", "")):
        raise MoneyError("phone", text)
    if _SPACED_FIGURES.fullmatch(cleaned) and _BARE_FIGURES.fullmatch(cleaned.replace(" ", "")):
        raise MoneyError("figures", text)
    match = _AMOUNT.fullmatch(cleaned)
    unit, tail, currency, half = (
        (match["unit"], match["tail"], match["currency"], match["half"]) if match else [None] * 4
    )
    multiplier = UNITS.get(unit, 0) if unit else 1
    if (
        match is None
        or not multiplier
        or (currency is not None and (UNITS.get(currency) != 1 or multiplier == 1 or currency_first))
        or (currency_first and unit and multiplier == 1)  # "₫500đ": the currency said twice
        or (tail is not None and (multiplier == 1 or _SEPARATOR.search(match["number"])))
        # "1tr2 rưỡi", "1,5 triệu rưỡi": a half of what? Only a whole number of a unit has a half.
        or (half is not None and (multiplier == 1 or tail is not None or _SEPARATOR.search(match["number"])))
    ):
        if (amount := _in_words(cleaned)) is None:
            raise MoneyError("garbage", text)
        return _within(amount, text, cap=cap, minimum=minimum)
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
    if tail is not None and multiplier == 1_000 and _tenth_unlikely(amount - fraction_dong, amount):
        raise MoneyError("garbage", text)  # “100k7”, “20 nghìn 5”: hundreds of đồng nobody gives (0911)
    return _within(amount, text, cap=cap, minimum=minimum)


_KEYCAP = "\u20e3"  # the mark that draws the character before it as a key: 1️⃣, #️⃣


def _is_picture(ch: str) -> bool:
    """An emoji or another picture (🙏, ❤, 👍), its skin tone, or the selector that colours it; never ₫."""
    return unicodedata.category(ch) in ("So", "Sk") or ch in "\ufe0e\ufe0f\u200d\u20e3" or ch.isspace()


def _pictures_around(text: str) -> str:
    """`text` without the pictures it opens or ends with: “500k 🙏”, “👍🏻 300.000đ” are the amount. One
    inside an amount ("5🙏00k") is left, and refused with it, as is a picture alone. A keycap (“2️⃣”: a
    digit, its selector, the keycap mark) is a figure drawn, never dropped: dropping its marks left its
    digit, and “500k 2️⃣” read 500.200 ₫ (decision 0370)."""
    start, end = 0, len(text)
    while start < end and _is_picture(text[start]):
        start += 1
    while end > start and _is_picture(text[end - 1]) and text[end - 1] != _KEYCAP:
        end -= 1
    return text[start:end] or text


def _within(amount: int, text: str, *, cap: int, minimum: int) -> int:
    if amount == 0:
        raise MoneyError("zero", text)
    if amount > cap:
        raise MoneyError("too_large", text)
    if amount < minimum:
        raise MoneyError("too_small", text)
    return amount


# After an amount and a digit's word, the words that leave the digit its tenth (“1tr hai tiền mặt”,
# “1 triệu hai đồng nhé”): the đồng, how it was paid, a particle; compared without marks.
_AFTER_TENTH = frozenset({"d", "dong", "vnd", "tien", "mat", "tm", "ck", "chuyen", "khoan", "cash", "nua"})
# A chat's ending after an amount (“500k nhé”, “1tr hai thôi”). Wider than the gift reader's particles
# (`handlers.contributions`), which leave “thôi” and “ơi” with the figure for this reader.
_PARTICLES = frozenset({"a", "ah", "nhe", "nha", "nhen", "thoi", "roi", "r", "oi"})
# A number's word after the digit's: the amount goes on (“1tr hai trăm”, 1.200.000 ₫ as people say it).
_NUMBER_GOES_ON = frozenset({"tram", "muoi", "chuc", "linh", "le", "ruoi"})
# The most words an amount takes before what it is for (“1 tỷ 200 triệu 500 nghìn đồng tiền mặt”: seven):
# only its first words are tried as the amount, not every beginning of a message of thousands of words.
AMOUNT_WORDS = 12


def _reading(text: str) -> int | None:
    try:
        return parse_vnd(text, cap=sys.maxsize)
    except MoneyError:
        return None


def tenth_or_words(text: str) -> tuple[int, int, str] | None:
    """An amount whose last word is a digit's word with more words after it (“1tr hai vợ chồng”, “500k tu
    thien”, “100k hai mẹ con”): the digit its tenth (“1tr2”) or the first of what the gift is for (“hai vợ
    chồng”, the two of us; “từ thiện”, for charity) is not guessed (decision 0851). The two readings and the
    words of the lower as typed: (1.000.000, 1.200.000, “1tr”). None for anything else: the
    digit's word ending the line (“1 triệu hai”) or followed only by the đồng, how it was paid or a particle
    (“1tr hai tiền mặt”), which reads as before; and a number's words ending the line after a whole amount,
    a tenth nobody means (“100k bẩy”, 100.700 ₫), asked against the amount as said aloud (“một trăm bảy”:
    170.000 ₫; `_said_aloud`)."""
    if (said := _said_aloud(text)) is not None:
        return said
    words = text.split()
    for end in range(min(len(words) - 1, AMOUNT_WORDS), 1, -1):
        if (high := _reading(" ".join(words[:end]))) is None:
            continue
        rest = [fold(word).strip(".,;:!?…-–()") for word in words[end:]]
        rest = [word for word in rest if any(ch.isalnum() for ch in word)]  # “1tr hai 😊”
        if (
            fold(words[end - 1]) not in DIGIT_WORDS
            or all(w in _AFTER_TENTH or w in _PARTICLES for w in rest)
            or rest[0] in _NUMBER_GOES_ON
        ):
            return None
        low = _reading(" ".join(words[: end - 1]))
        if low is None or low >= high or _tenth_unlikely(low, high):
            return None
        return low, high, " ".join(words[: end - 1])
    return None


def _said_aloud(text: str) -> tuple[int, int, str] | None:
    """A whole amount and a number below a hundred in words ending the line (“100k bẩy”, “200k tam”, “100k
    mười lăm”), which reads as no amount (a tenth or đồng nobody means: decisions 0868, 0891): the amount,
    the number in the places after its last figure as it is said aloud (“một trăm bảy”: 170.000 ₫; “một
    trăm mười lăm”: 115.000 ₫; after whole millions a number of three words is thousands, “một triệu hai
    mươi lăm”: 1.025.000 ₫, decision 0992), and the amount's words; None for anything else."""
    words = _GLUED_TENTH.sub(r"\1 \2", text).split()  # “100k7”: as “100k 7” (decision 0911)
    while len(words) > 2 and fold(words[-1]).strip(".,!?…") in _PARTICLES:
        words.pop()  # “100k bẩy nhé”
    if _reading(" ".join(words)) is not None:
        return None
    for spoken in (1, 2, 3):
        tail = [word.lower().strip(".,!?…") for word in words[-spoken:]]
        if len(words) <= spoken or fold(words[-spoken - 1]) in _SPOKEN_BELOW_HUNDRED | _NUMBER_GOES_ON:
            continue  # “1tr ba Nam”, “1 triệu hai mươi lăm”: a number's words are never cut (0911)
        if spoken == 1 and re.fullmatch(r"[1-9][0-9]?", tail[0]):  # “20 nghìn 5”: a figure (0911)
            tail = [_FIGURE_SAID_AS[int(tail[0])]] if int(tail[0]) < 10 else tail
        if any(fold(word) not in _SPOKEN_BELOW_HUNDRED for word in tail):
            continue
        if any(other_marks(word) for word in tail) or named_by_birth_order(words[-spoken:]):
            return None  # “200k bà”, “100k ba Muoi”: a grandmother, no number (decisions 0824, 0999)
        read = below_thousand([fold(word) for word in tail], 0)
        if spoken == 2 and fold(tail[1]) == "lam" and DIGIT_WORDS.get(fold(tail[0])):  # “hai lăm”: 25
            read = (DIGIT_WORDS[fold(tail[0])] * 10 + 5, 2, False)
        low = _reading(" ".join(words[:-spoken]))
        if read is None or read[1] != spoken or low is None or low % 1000:
            continue
        places = 10 ** (len(str(low)) - len(str(low).rstrip("0")))  # 100.000: 100.000; 150.000: 10.000
        step = places // 10 ** len(str(read[0]))  # the places after its last figure: 10.000 for “bẩy”
        if spoken == 3 and low % 10**6 == 0 and low % 10**9:  # “1 triệu hai mươi lăm”: its thousands (0992)
            step = 1_000
        if step >= 1000 and read[0] < 100:
            return low, low + read[0] * step, " ".join(words[:-spoken])
    return None


def named_by_birth_order(words: list[str]) -> bool:
    """Whether number's words after an amount are a person's name, as the South names people by their birth
    order (“ba Muoi”, “bà Mười” typed without the marks of “bà”): a word after the first written with its
    capital, the first without, which no number is written with (decision 0999)."""
    return len(words) > 1 and words[0][:1].islower() and any(word[:1].isupper() for word in words[1:])


# The words of a number below a hundred, compared without marks, said after an amount (“bẩy”, “mười lăm”).
_SPOKEN_BELOW_HUNDRED = frozenset({*DIGIT_WORDS, "muoi"})
# A figure after thousands, glued (“100k7”) or not (“20 nghìn 5”), read as its word is (decision 0911).
_GLUED_TENTH = re.compile(r"(?i)(?<![0-9.,])([0-9]+k)([1-9])$")
_FIGURE_SAID_AS = ["khong", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin"]


def _tenth_unlikely(low: int, high: int) -> bool:
    """Whether a tenth read after `low` (`high`) is less than a hundredth of it: “200k ba” (200.300 ₫),
    “100k hai” (100.200 ₫), “50k một” (50.100 ₫), which nobody means, where “1tr2” is meant (decision 0867);
    or hundreds of đồng after ten thousand or more (“50k bảy”, 50.700 ₫; “20 nghìn 5”, “100k7”): no gift
    has them, whatever their share (decision 0911). “2k5” (2.500 ₫) is read as before."""
    return (high - low) * 100 < low or (high - low < 1_000 and low >= 10_000)


def tenth_unlikely(text: str) -> bool:
    """An amount whose last word is a digit's word read as a tenth nobody means (“200k ba”, of “ủng hộ 200k
    ba mẹ con”, three of us, mother and children): the amount is the words before it (decision 0867)."""
    words = text.split()
    if len(words) < 2 or fold(words[-1]).strip(".,;:!?") not in DIGIT_WORDS:
        return False
    high, low = _reading(text), _reading(" ".join(words[:-1]))
    return high is not None and low is not None and low < high and _tenth_unlikely(low, high)


def _in_words(cleaned: str) -> int | None:
    """An amount said in words or in several units ("năm trăm nghìn", "1 triệu 200 nghìn", "hai triệu
    rưỡi"), or None. Each part is a number below a thousand with its unit, the units in falling order; after
    the last unit may come one digit, a tenth of it ("một triệu hai", as "1tr2"; "hai nghìn năm", as "2 nghìn
    5"), or, after nghìn, the đồng ("năm nghìn năm trăm"); "rưỡi" is half the unit before it, "nửa" before a
    unit alone half of it ("nửa triệu"). A number with no unit at all ("hai trăm") is none: 200 đồng or 200
    nghìn, the person did not say."""
    if re.search(r"[0-9][.,][0-9]", cleaned):  # "1.200 nghìn 5": the figures' own reader refused it
        return None
    cleaned = re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", " ", cleaned)  # "twenty-five thousand"
    typed = _TOKEN.findall(cleaned)
    tokens = [fold(token) for token in typed]
    if "".join(tokens) != fold(re.sub(r"[\s,]", "", cleaned)):  # something else was typed: "khoảng 500k?"
        return None
    if any(other_marks(token) for token in typed):
        return None  # “200k bà”: a grandmother, never 200.300 ₫ (decision 0824)
    if tokens and tokens[-1] in _CURRENCY_WORDS:
        tokens.pop()
    if len(tokens) == 2 and tokens[0] == "nua" and tokens[1] in _BIG_UNITS:  # “nửa triệu”: half (0546)
        return _BIG_UNITS[tokens[1]] // 2
    total, last_unit, at = 0, 0, 0
    while at < len(tokens):
        read = below_thousand(tokens, at)
        if read is None:
            return None
        part, at, single = read
        if tokens[at : at + 1] == ["ruoi"] and tokens[at - 1] in _HALF_OF and (tokens[at + 1 :] or last_unit):
            part, at = part + _HALF_OF[tokens[at - 1]], at + 1  # “hai trăm rưỡi nghìn”: 250.000 ₫ (0891)
        if (
            single
            and part > 1
            and tokens[at : at + 1] == ["lam"]
            and set(tokens[at + 1 : at + 2]) & _BIG_UNITS.keys()
        ):
            part, at = part * 10 + 5, at + 1  # “1tr hai lăm nghìn”: twenty-five thousand, 1.025.000 ₫ (0992)
        unit = _BIG_UNITS.get(tokens[at]) if at < len(tokens) else None
        if single and last_unit > 1_000 and tokens[at:] == ["lam"]:  # “1tr hai lăm”: 1.250.000 ₫ (0891)
            fifths = (part * 10 + 5) * last_unit // 100
            return total + fifths if not _tenth_unlikely(total, total + fifths) else None
        if unit is None:  # no unit after it: a tenth of the last unit, or đồng after nghìn; then the end
            if at < len(tokens) or not last_unit:
                return None
            if single:  # “hai mươi nghìn năm”: 20.500 ₫ as “20 nghìn 5” is, never 20.005 ₫ (decision 0570)
                tenth = part * last_unit // 10  # …but “100k bẩy” is no 100.700 ₫: nobody's tenth (0891)
                return total + tenth if not _tenth_unlikely(total, total + tenth) else None
            # “năm nghìn năm trăm”: 5.500 ₫; “200k mười người”, “500k one time” are no 200.010 ₫ (0868);
            # “1 triệu hai trăm rưỡi”: hundreds of the unit below, 1.250.000 ₫ (decision 0911)
            return total + part * (last_unit // 1_000) if last_unit >= 1_000 and part >= 100 else None
        if last_unit and unit >= last_unit:
            return None
        total, last_unit, at = total + part * unit, unit, at + 1
        if at < len(tokens) and tokens[at] in _HALF_WORDS:
            return total + unit // 2 if at + 1 == len(tokens) else None
    return total if last_unit else None
