"""The one short answer for an amount we could not read, with an example that works."""

from __future__ import annotations

from bot.conversation.turn import Turn
from bot.domain.money import MoneyError, parse_vnd
from bot.i18n import Translator
from bot.messages import Choice
from handlers.common import SKIP_WORDS, ask_number, digits_problem

SKIP_VALUE = "skip"
# The least amount read from a chat: below a thousand đồng nobody gives or pledges anything, and "500" typed
# alone is said as people say "năm trăm" for 500.000 ₫ (the answer offers "500k").
LEAST_TYPED_VND = 1_000


def read_money(turn: Turn, *, cap: int, text: str | None = None) -> int | None:
    """The amount typed, in whole đồng (LEAST_TYPED_VND..cap); otherwise the one short answer is said and
    None returned: the step stays where it is. `text`: the part of the message that holds the amount (else the
    whole message)."""
    try:
        return parse_vnd(turn.text if text is None else text, cap=cap, minimum=LEAST_TYPED_VND)
    except MoneyError as problem:
        turn.say(money_problem(turn.t, problem, cap))
        return None


def ask_goods_value(turn: Turn, *more: Choice, back: bool = False) -> None:
    """What goods are worth, typed, or "Skip" when nobody knows (the value is then 0); `more` choices (and
    Back, with `back`) beside it."""
    ask_number(
        turn,
        turn.t("About how much is it worth? For example: 300k. If you are not sure, choose “Skip”."),
        Choice(SKIP_VALUE, turn.t("Skip"), keywords=(*SKIP_WORDS, "khong ro")),
        *more,
        back=back,
    )


def read_goods_value(turn: Turn) -> int | None:
    """The answer to `ask_goods_value`: 0 for "Skip", else as `read_money`."""
    return 0 if turn.choice == SKIP_VALUE else read_money(turn, cap=turn.settings.money_cap)


def money_problem(t: Translator, problem: MoneyError, cap: int) -> str:
    if problem.reason == "too_large":
        return t("That amount is larger than {cap}. Please check it, for example: 2tr or 2.000.000.").format(
            cap=t.vnd(cap)
        )
    if problem.reason in ("zero", "negative"):
        return t("The amount must be greater than zero, for example: 200k or 1tr2.")
    if problem.reason == "digits":
        return digits_problem(t)
    if problem.reason == "too_small":
        small = parse_vnd(problem.text, cap=cap)
        return t("That is only {amount}. If you mean {thousands}, type {example}.").format(
            amount=t.vnd(small), thousands=t.vnd(small * 1_000), example=f"{small}k"
        )
    if problem.reason == "phone":
        return t("That looks like a phone number. Please type the amount, for example: 500k or 1tr2.")
    if problem.reason == "fraction":
        return t("Amounts are in whole đồng, for example: 150000 or 1,5 triệu.")
    return t("I could not read that amount. For example: 500000, 500k, 1tr2 or 2.000.000đ.")
