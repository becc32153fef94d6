"""A test's examples (typed texts, a drive's states) spread over the two kinds of chat (decision 2270).

A chat with buttons and one without read a typed text by the same code: the kind of chat changes only how a
menu is shown and answered (a button pressed, an option's number typed), and what a number typed alone is (an
option's number where options are numbered). A test of many examples walked every one of them on both, the
second walk paying again for what the first had already checked. `examples_on_one_profile` gives each example
one kind of chat, in turn, and both to the first example (the test's walk, answered both ways) and to every
example that is numbers alone (read by the kind of chat).

A test whose walk answers no menu and types no number alone reads on the other kind of chat the same texts by
the same code, and is walked on one kind of chat (`on_text_only`, `on_buttons`: decision 2401)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pytest

from bot.conversation.recognise import typed_numbers
from bot.messages import BUTTONS, TEXT_ONLY, Capabilities
from bot.text import match_key

PROFILE_IDS = {BUTTONS: "buttons", TEXT_ONLY: "text"}


def _numbers_alone(value: object) -> bool:
    """Whether `value` is a text of numbers alone (“1”, “số 2”, “300”), which the kind of chat reads."""
    return isinstance(value, str) and typed_numbers(match_key(value).strip(" .!?")) is not None


def _profile_id(value: object) -> str | None:
    return PROFILE_IDS.get(value) if isinstance(value, Capabilities) else None


def examples_on_one_profile(
    argnames: str | Sequence[str], examples: Iterable[object], ids: Sequence[str] | None = None
) -> pytest.MarkDecorator:
    """`pytest.mark.parametrize(argnames, examples)` with the chat's `profile` before them: the first example
    and each of numbers alone on both kinds of chat, the others on the text-only chat and the one with
    buttons in turn. Ids as before (“text-ung ho 50k-50000”), or the kind's and the example's own `ids`
    (“buttons-en”)."""
    names = [name.strip() for name in argnames.split(",")] if isinstance(argnames, str) else list(argnames)
    rows: list[object] = []
    turn = 0
    for index, example in enumerate(examples):
        values = tuple(example) if len(names) > 1 else (example,)  # type: ignore[arg-type]
        if index == 0 or any(_numbers_alone(value) for value in values):
            kinds: tuple[Capabilities, ...] = (BUTTONS, TEXT_ONLY)
        else:
            kinds = ((TEXT_ONLY, BUTTONS)[turn % 2],)
            turn += 1
        for kind in kinds:
            own = None if ids is None else f"{PROFILE_IDS[kind]}-{ids[index]}"
            rows.append(pytest.param(kind, *values, id=own))
    return pytest.mark.parametrize(("profile", *names), rows, ids=_profile_id)


def on_one_profile(kind: Capabilities) -> pytest.MarkDecorator:
    """The chat's `profile` given one kind: for a test whose walk answers no menu (no button pressed, no
    option's number typed) and types no number alone, so that the other kind would read the same texts by the
    same code and show the same replies, drawn otherwise (decision 2401). The id as before (“text”)."""
    return pytest.mark.parametrize("profile", [kind], ids=_profile_id)


on_text_only = on_one_profile(TEXT_ONLY)
on_buttons = on_one_profile(BUTTONS)
