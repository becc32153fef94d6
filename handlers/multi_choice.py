"""Menus where several options are chosen at once (an appeal's units, the criteria one pledges, the queue's
contributions): each option shows whether it is ticked, and pressing it again, or typing its number again,
takes it off."""

from __future__ import annotations

from collections.abc import Iterable

from bot.conversation.turn import Turn
from bot.messages import Choice


def done_choice(turn: Turn, done: str, *also: str) -> Choice:
    """The option that ends the choosing (id `done`, the caller's own), pinned under the options: “Xong, sang
    bước tiếp”, typed “xong”, “tiep”, “done” and any words `also` gives."""
    words = ("xong", "tiep", "done", *also)
    return Choice(done, turn.t("Done, next step"), keywords=words, pinned=True)


def ticked(label: str, on: bool) -> str:
    return ("✅ " if on else "▫️ ") + label


def toggled(selected: list[int], pressed: Iterable[int]) -> list[int]:
    """`selected` with each pressed id added, or taken off if it was there already, in the order pressed."""
    result = list(selected)
    for item in pressed:
        if item in result:
            result.remove(item)
        else:
            result.append(item)
    return result


def multi_menu(
    turn: Turn, text: str, choices: list[Choice], *, free_text: bool = False, entries: bool = False
) -> None:
    """A menu of several choices, with how to choose and unchoose in the words of the reader's channel:
    numbers typed where there are no buttons, buttons pressed where there are (typing works there too).
    `free_text`: what is typed that names no option is the step's (a part of a name it searches for);
    `entries`: see Turn.menu (the step reads text that names no option, never a number)."""
    turn.menu(
        text,
        choices,
        multi=True,
        free_text=free_text,
        entries=entries,
        hint=turn.t(
            "Type the numbers to choose, several at once if you like (for example: 1,3); type a "
            "number again to take it off."
        ),
        press_hint=turn.t("Tap to choose, tap again to take it off."),
    )
