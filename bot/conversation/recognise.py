"""Reading an answer against the menu on screen: by number, label or keyword, without case or diacritics."""

from __future__ import annotations

import re

from bot.text import match_key

BACK_ID = "back"
_NUMBERS = re.compile(r"^\d{1,3}(\s*[,;\s]\s*\d{1,3})*$")


def numbered(choices: list[dict[str, object]]) -> list[tuple[int, dict[str, object]]]:
    """The numbers a text-only channel shows: 1..n in order, and 0 for "back"."""
    out: list[tuple[int, dict[str, object]]] = []
    n = 0
    for choice in choices:
        if choice["id"] == BACK_ID:
            out.append((0, choice))
        else:
            n += 1
            out.append((n, choice))
    return out


def recognise(text: str, choices: list[dict[str, object]], *, by_number: bool = True) -> list[str]:
    """Choice ids meant by `text`; several only when the person typed several numbers ("1, 3"). Without
    `by_number` (a step that asks for a number), typed numbers are the answer, never an option's number."""
    key = match_key(text).strip(" .!?")
    if not key:  # a bare "?" means the option that explains, where a menu has one
        asked = "?" in text
        return [str(c["id"]) for c in choices if asked and "?" in c.get("keywords", [])][:1]  # type: ignore[operator]
    if _NUMBERS.match(key):
        if not by_number:
            return []
        numbers = {str(number): str(choice["id"]) for number, choice in numbered(choices)}
        picked = [numbers.get(part) for part in re.split(r"[,;\s]+", key)]
        return [] if None in picked else list(dict.fromkeys(p for p in picked if p))
    exact = [
        str(c["id"])
        for c in choices
        if key == match_key(str(c["label"])) or key in (match_key(str(k)) for k in c.get("keywords", []))  # type: ignore[union-attr]
    ]
    if exact:
        return exact[:1]
    if len(key) >= 3:
        partial = [str(c["id"]) for c in choices if key in match_key(str(c["label"]))]
        if len(partial) == 1:
            return partial
    return []
