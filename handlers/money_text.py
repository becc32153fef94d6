"""The one short answer for an amount we could not read, with an example that works."""

from __future__ import annotations

from bot.conversation.turn import Turn
from bot.domain.money import MoneyError, parse_vnd
from bot.i18n import Translator
from handlers.common import digits_problem


def read_money(turn: Turn, *, cap: int) -> int | None:
    """The amount typed, in whole đồng (1..cap); otherwise the one short answer is said and None returned: the
    step stays where it is."""
    try:
        return parse_vnd(turn.text, cap=cap)
    except MoneyError as problem:
        turn.say(money_problem(turn.t, problem, cap))
        return None


def money_problem(t: Translator, problem: MoneyError, cap: int) -> str:
    if problem.reason == "too_large":
        return t("That amount is larger than {cap}. Please check it, for example: 2tr or 2.000.000.").format(
            cap=t.vnd(cap)
        )
    if problem.reason in ("zero", "negative"):
        return t("The amount must be greater than zero, for example: 200k or 1tr2.")
    if problem.reason == "digits":
        return digits_problem(t)
    if problem.reason == "fraction":
        return t("Amounts are in whole đồng, for example: 150000 or 1,5 triệu.")
    return t("I could not read that amount. For example: 500000, 500k, 1tr2 or 2.000.000đ.")
