"""The one short answer for an amount we could not read, with an example that works."""

from __future__ import annotations

import re

from bot.conversation.turn import Turn
from bot.domain.money import MONEY_WORDS, MoneyError, foreign_money, parse_vnd, tenth_or_words
from bot.domain.numbers import DIGIT_WORDS, below_thousand
from bot.i18n import Translator
from bot.messages import Choice
from bot.text import fold, match_key
from handlers.common import NO_WORDS, SKIP_WORDS, YES_WORDS, ask_number, digits_problem

SKIP_VALUE = "skip"
# The least amount read from a chat: below a thousand đồng nobody gives or pledges anything, and "500" typed
# alone is said as people say "năm trăm" for 500.000 ₫ (the answer offers "500k").
LEAST_TYPED_VND = 1_000


def read_money(turn: Turn, *, cap: int, text: str | None = None, foreign_kept: bool = False) -> int | None:
    """The amount typed, in whole đồng (LEAST_TYPED_VND..cap); otherwise the one short answer is said and
    None returned: the step stays where it is. `text`: the part of the message that holds the amount (else the
    whole message). `foreign_kept`: a gift being recorded, where a whole figure of foreign money is kept
    (`money_problem`)."""
    try:
        return parse_vnd(turn.text if text is None else text, cap=cap, minimum=LEAST_TYPED_VND)
    except MoneyError as problem:
        turn.say(money_problem(turn.t, problem, cap, foreign_kept=foreign_kept))
        return None


# “500k/hộ”, “500k mỗi hộ”, “mỗi suất 500.000đ”: the amount of a package said with whom it is for, as an
# officer answers “how much does each case receive?” (decision 0496). Only that phrase is set aside; the
# amount is read as anywhere else.
_EACH_ONE = (
    r"(?:hộ gia đình|ho gia dinh|hộ|ho|suất quà|suat qua|suất|suat|người|nguoi|hoàn cảnh|hoan canh|"
    r"households?|cases?|packages?|persons?|recipients?)"
)
_EACH_AFTER = re.compile(
    rf"\s*(?:/\s*|\s(?:cho\s+)?(?:mỗi|moi|một|mot|1)\s+|\s(?:for\s+)?(?:each|per|a)\s+)(?P<one>{_EACH_ONE})\s*$",
    re.IGNORECASE,
)
_EACH_BEFORE = re.compile(
    rf"^\s*(?:cho\s+)?(?:mỗi|moi|each|per)\s+(?P<one>{_EACH_ONE})\s*[:,\-–]?\s*", re.IGNORECASE
)
# Each person, where the round's package goes to a household: a household of four is four people (0505).
_A_PERSON = frozenset({"nguoi", "person", "persons"})


def each_ones_amount(text: str) -> str:
    """`text` without the words saying it is each recipient's (“/hộ”, “mỗi suất”), for `read_money`."""
    return _EACH_BEFORE.sub("", _EACH_AFTER.sub("", text.strip()), count=1)


def each_persons(text: str) -> bool:
    """Whether the words `each_ones_amount` sets aside say each person's (“500k/người”, “mỗi người 500k”,
    “500k per person”): not each household's, which a household's package is (decision 0505)."""
    said = _EACH_AFTER.search(text.strip()) or _EACH_BEFORE.search(text.strip())
    return said is not None and fold(said.group("one")) in _A_PERSON


# “200 suất quà x 500k”, “200 suất, mỗi suất 500k”, “200 packs of 500k each”: a drive's target said as its
# gift packs and each one's price, as a union's Tết plan writes it (decision 0787).
_PACKS = (
    r"(?:suất quà|suat qua|phần quà|phan qua|suất|suat|phần|phan|gift packs?|gift packages?|packs?|packages?)"
)
_PACKS_OF = re.compile(
    rf"^\s*(?P<count>[0-9]{{1,3}}(?:[.,][0-9]{{3}})+|[0-9]+)\s*{_PACKS}(?P<each>(?:\s*(?:[x×*,:]|of\b)|\s).*)?$",
    re.IGNORECASE,
)
_PACK_PRICE_BEFORE = re.compile(r"^\s*(?:[x×*,:]|of\b|giá|gia|mỗi suất|moi suat)?\s*", re.IGNORECASE)


def packs_of(text: str) -> tuple[int, str] | None:
    """How many packs `text` says and the words of each one's price (“” when not said), for `read_money`;
    None when it says no packs. The price as `each_ones_amount` reads it (“500k/suất”, “mỗi suất 500k”)."""
    said = _PACKS_OF.match(text.strip())
    if said is None:
        return None
    count = int(re.sub(r"[.,]", "", said["count"]))
    price = _PACK_PRICE_BEFORE.sub("", said["each"] or "", count=1)
    return count, each_ones_amount(re.sub(r"\s+each$", "", price.strip(), flags=re.IGNORECASE))


# “Not sure” as people answer what goods are worth, the question's own “chưa rõ” first (decision 0614).
_NOT_SURE = (
    *("khong ro", "chua ro", "khong biet", "ko biet", "k biet", "chua biet", "khong ro a", "chua ro a"),
    *("khong biet a", "not sure", "dont know", "don't know"),
)


def ask_goods_value(turn: Turn, *more: Choice, back: bool = False) -> None:
    """What goods are worth, typed, or "Skip" when nobody knows (the value is then 0); `more` choices (and
    Back, with `back`) beside it."""
    ask_number(
        turn,
        turn.t("About how much is it worth? For example: 300k. If you are not sure, choose “Skip”."),
        Choice(SKIP_VALUE, turn.t("Skip"), keywords=(*SKIP_WORDS, *_NOT_SURE)),
        *more,
        back=back,
    )


# After “not sure”, the words before a guess (“nữa”, “lắm”, “ạ”, “chắc”): “không biết nữa, tầm 200k” (0620).
_NOT_SURE_WORDS = sorted((tuple(phrase.split()) for phrase in _NOT_SURE), key=len, reverse=True)
_BEFORE_GUESS = frozenset({"nua", "lam", "a", "ah", "chac", "nhe", "nha"})


def _guessed(text: str) -> str | None:
    """What follows “not sure” opening `text`: the guess (“không biết nữa, tầm 200k”: “tầm 200k”), "" when
    nothing does (“không biết nữa”); None when `text` does not open with it."""
    words = text.split()
    keys = [match_key(word).strip(",.;:!?…-–") for word in words]
    said = next((len(phrase) for phrase in _NOT_SURE_WORDS if tuple(keys[: len(phrase)]) == phrase), 0)
    if not said:
        return None
    while said < len(keys) and (keys[said] in _BEFORE_GUESS or not keys[said]):
        said += 1
    return " ".join(words[said:])


def _words_alone(text: str | None, *, cap: int) -> bool:
    """Whether `text` holds words and no figure, read as no amount (“gao nha trong”)."""
    if text is None or any(ch.isdigit() for ch in text):
        return False
    try:
        parse_vnd(text, cap=cap, minimum=LEAST_TYPED_VND)
    except MoneyError as problem:
        return problem.reason in ("empty", "garbage")
    return False


def read_goods_value(turn: Turn) -> int | None:
    """The answer to `ask_goods_value`: 0 for "Skip" or “not sure” in words (“không biết nữa”), the guess
    typed after it (“chưa rõ, khoảng 1 triệu”: decision 0620), else as `read_money`. Words with no figure
    (“gao nha trong”) are told the goods' example and “Skip”, never money's of millions (decision 2276)."""
    guess = _guessed(turn.text or "")
    if turn.choice == SKIP_VALUE or guess == "":
        return 0
    # “có”: yes, she will say it; told what is asked with an example, never “could not read” (decision 2841)
    if match_key(turn.text or "").strip(" .!?") in YES_WORDS:
        turn.say(turn.t("Please type about how much it is worth, for example: 200k, or type “not sure”."))
        return None
    if _words_alone(turn.text if guess is None else guess, cap=turn.settings.money_cap):
        turn.say(
            turn.t(
                "I could not read what it is worth. Please type it in đồng, for example: 300k; if you are "
                "not sure, choose “Skip”."
            )
        )
        return None
    return read_money(turn, cap=turn.settings.money_cap, text=guess)


# “rưỡi” after “trăm” or “chục” said with no unit: half of a hundred or of a ten (“trăm rưỡi”: 150).
_HALF_OF = {"tram": 50, "chuc": 5}


def hundreds_alone(figure: str) -> int | None:
    """A number below a thousand said in words with no unit after it, as people say “năm trăm” for 500.000 ₫:
    the number, which the amount's reader leaves unread (500 đồng or 500 nghìn, the person did not say:
    bot.domain.money), and a figure before “trăm” (“2 tram”: 200); None for anything else (“hai áo ấm”, “năm
    trăm nghìn”, “500”, which the amount's reader answers itself). A lone “tu” without its mark is no 4: a
    Southern “tư” is, but “ung ho tu” is far likelier a slip than a gift of 400.000 ₫ (decision 0263)."""
    tokens = fold(figure).strip(" .!?").split()
    if tokens == ["tu"] and "ư" not in figure.lower():
        return None
    half = 0
    if len(tokens) > 1 and tokens[-1] == "ruoi" and tokens[-2] in _HALF_OF:  # “1 trăm rưỡi”: 150 (0546)
        half = _HALF_OF[tokens[-2]]
        tokens = tokens[:-1]
    said = bool(tokens) and (not any(ch.isdigit() for ch in figure) or tokens[1:] in (["tram"], ["chuc"]))
    read = below_thousand(tokens, 0) if said else None
    return read[0] + half if read is not None and read[1] == len(tokens) and read[0] > 0 else None


# The words an amount is said in (“hai”, “chục”, “trăm”, “mươi”, “linh”, “nửa”, “rưỡi”, “triệu”), and the
# month it may be for (“2 chục tháng 12”): no goods are named in them alone.
_SAID_IN_NUMBERS = frozenset(
    {*DIGIT_WORDS, "chuc", "tram", "muoi", "linh", "le", "nua", *MONEY_WORDS, "thang"}
)


# Words that offer one figure or another (“200 hay 300”, “2 hay là 3 triệu”): still no goods named (1381).
_ONE_OR_THE_OTHER = frozenset({"hay", "hoac", "or", "la"})


def numbers_only(figure: str) -> bool:
    """Whether `figure` is figures and the words of numbers only (“2 chục 5”, “1 triệu 2 chục”, “2 chục
    tháng 12”): an amount not read, never goods, which are named in a word of their own (“2 chục trứng”, “1
    chục kg gạo”). Read as goods, “2 chuc 5” was a gift worth nothing on the statement (decision 0570)."""
    words = re.findall(r"[^\W\d_]+|\d+", fold(figure))
    numbers = [w for w in words if w not in _ONE_OR_THE_OTHER]  # “200 hay 300”, “2 hay 3 triệu” (1381)
    return bool(numbers) and all(w.isdigit() or len(w) == 1 or w in _SAID_IN_NUMBERS for w in numbers)


def hundreds_problem(t: Translator, number: int) -> str:
    """The answer to a number below a thousand said in words with no unit (“năm trăm”), or typed so (“500”):
    what it is in đồng, and how to type the thousands it likely means. A number below a hundred (“hai”,
    “mười”, “2”) is no gift in thousands either: who types “ủng hộ hai” means two hundred thousand or two
    million, so both are offered, in digits with their unit (“200k”, “2tr”; “10k”, “10tr” after a ten), and
    neither is guessed (decision 0257)."""
    if number < 100:
        low = number * (100_000 if number < 10 else 1_000)
        return t(
            "Do you mean {low} or {high}? Please type it with its unit, for example: {example} or {other}."
        ).format(
            low=t.vnd(low),
            high=t.vnd(number * 1_000_000),
            example=f"{low // 1_000}k",
            other=t("{number}tr").format(number=number),  # “2m” in English, as its screens write millions
        )
    return t("That is only {amount}. If you mean {thousands}, type {example}.").format(
        amount=t.vnd(number), thousands=t.vnd(number * 1_000), example=f"{number}k"
    )


def amount_as_typed(t: Translator, amount: int, typed: str) -> str:
    """An amount to type in an example: `typed`, as she wrote it, on a Vietnamese screen; on an English one
    as English writes amounts (“200k”, “1.2m”, “2m”), never “1tr2” repeated back (decision 1549)."""
    if t.locale == "vi" or amount <= 0:
        return typed
    if amount >= 1_000_000 and amount % 10_000 == 0:
        millions = f"{amount // 1_000_000}.{amount % 1_000_000 // 10_000:02d}".rstrip("0").rstrip(".")
        return f"{millions}m"
    return f"{amount // 1_000}k" if amount % 1_000 == 0 else str(amount)


def tenth_problem(t: Translator, low: int, high: int, low_typed: str) -> str:
    """Which of two readings of an amount is meant (`bot.domain.money.tenth_or_words`: “1tr hai vợ chồng”,
    the couple's million or 1.200.000 ₫), as a number with no unit is asked (`hundreds_problem`): each with an
    example that reads as it, the lower as typed (“1tr”), the higher as “1tr2” writes it where it reads so,
    else in its digits (“500.400đ”)."""
    glued = re.fullmatch(r"[0-9]+tr", low_typed.strip(), re.IGNORECASE)
    tenth = (high - low) * 10 // max(low, 1)
    other = f"{glued[0].replace(' ', '')}{tenth}" if glued and (high - low) * 10 % low == 0 else ""
    if not other or parse_vnd(other, cap=high) != high:
        other = f"{t.number(high)}đ"
    return which_amount(t, low, high, low_typed, other)


def which_amount(t: Translator, one: int, other: int, one_typed: str, other_typed: str) -> str:
    """Which of two amounts is meant, each with an example that reads as it: a reading's tenth
    (`tenth_problem`), or two amounts typed in one message where one is meant (“200k cho quỹ 300k”, decision
    1238). The examples are written as the reader writes amounts (`amount_as_typed`): “1.2m or 1.5m” on an
    English screen, never the “1tr2 or 1tr5” she typed (decision 1658)."""
    return t(
        "Do you mean {low} or {high}? Please type it with its unit, for example: {example} or {other}."
    ).format(
        low=t.vnd(one),
        high=t.vnd(other),
        example=amount_as_typed(t, one, one_typed),
        other=amount_as_typed(t, other, other_typed),
    )


def money_problem(t: Translator, problem: MoneyError, cap: int, *, foreign_kept: bool = False) -> str:
    """The one short answer to `problem`. Foreign money not read is told how to type it as a whole figure
    only where such a figure is kept (`foreign_kept`: a gift being recorded, decision 0730); everywhere else
    (what the bank credited, a handover, a drive's target, a pledge) đồng are asked for (decision 0765)."""
    if problem.reason == "too_large":
        return t("That amount is larger than {cap}. Please check it, for example: 2tr or 2.000.000.").format(
            cap=t.vnd(cap)
        )
    if problem.reason in ("zero", "negative"):
        return t("The amount must be greater than zero, for example: 200k or 1tr2.")
    if problem.reason == "digits":
        return digits_problem(t)
    if problem.reason == "too_small":
        return hundreds_problem(t, parse_vnd(problem.text, cap=cap))
    if problem.reason == "phone":
        return t("That looks like a phone number. Please type the amount, for example: 500k or 1tr2.")
    if problem.reason == "figures":
        return t(
            "That looks like a phone or account number, not an amount. Please type the amount, for example: "
            "500k or 1tr2; an amount this large is typed with its dots, for example: 123.456.789."
        )
    if problem.reason == "currency" and foreign_kept and foreign_money(problem.text) is None:  # 0730
        return t(
            "Please type money in another currency as a whole figure with its currency, for example: 100 USD "
            "or 1,500,000 USD (the treasurer writes the đồng received); or type the amount in đồng, for "
            "example: 500k. Nothing was recorded."
        )
    if problem.reason == "currency":  # a drive of money only: no rate guessed (decisions 0562, 0701)
        return t(
            "Chung Tay records gifts in Vietnamese đồng only. Please type the amount in đồng, for example: "
            "500k or 1tr2."
        )
    if problem.reason == "fraction":
        return t("Amounts are in whole đồng, for example: 150000 or 1,5 triệu.")
    if problem.reason == "garbage" and match_key(problem.text).strip(" .!?") in NO_WORDS:
        # “thôi”, “không”: not an amount typed wrong, but no wish to go on, which “hủy” says (decision 0392)
        return t(
            "Nothing was recorded. To stop, type “cancel”; or type the amount, for example: 500k or 1tr2."
        )
    if problem.reason == "garbage" and (readings := tenth_or_words(problem.text)) is not None:
        return tenth_problem(t, *readings)  # “1tr hai vợ chồng”: 1.000.000 ₫ or 1.200.000 ₫? (0851)
    if problem.reason == "garbage" and (hundreds := hundreds_alone(problem.text)) is not None:
        return hundreds_problem(t, hundreds)  # “năm trăm”: 500 ₫, or the 500.000 ₫ people mean by it?
    return t("I could not read that amount. For example: 500000, 500k, 1tr2 or 2.000.000đ.")
