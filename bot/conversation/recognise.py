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


def recognise(
    text: str, choices: list[dict[str, object]], *, by_number: bool = True, by_part: bool = True
) -> list[str]:
    """Choice ids meant by `text`; several only when the person typed several numbers ("1, 3"). Without
    `by_number` (a step that asks for a number), typed numbers are the answer, never an option's number.
    Without `by_part` (a step whose typed text is an answer: a name, a reason), only an option's whole name
    or keyword is that option, never a piece of it: “anh”, “trọng”, “tâm” are names to search, not “Không
    có trong danh sách” or “Nhà hảo tâm”."""
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
    if by_part and len(key) >= 3:
        partial = [str(c["id"]) for c in choices if key in match_key(str(c["label"]))]
        if len(partial) == 1:
            return partial
    return []


_WORD = re.compile(r"[^\W_]+")  # a run of letters or digits: "Nội" in "(Khoa Nội)", "12" in "11/12"


def _words(text: str) -> list[str]:
    return _WORD.findall(match_key(text))


def matching(text: str, choices: list[dict[str, object]]) -> list[str]:
    """Choice ids whose name has every word typed at the start of one of its words, in any order: "tim noi"
    and "noi tim" are "Khoa Nội tim mạch", "khoa noi" is every "Khoa Nội …". The name is the label, or one of
    the keywords. For a closed menu where `recognise` found nothing (decision 0088): one id is the answer,
    several narrow the menu. Fewer than 3 characters typed match nothing (as `recognise`'s part of a
    label)."""
    typed = _words(text)
    if len(match_key(text).strip(" .!?")) < 3 or not typed:
        return []

    def fits(name: str) -> bool:
        words = _words(name)
        return all(any(word.startswith(part) for word in words) for part in typed)

    return [
        str(c["id"])
        for c in choices
        if fits(str(c["label"])) or any(fits(str(k)) for k in c.get("keywords", []))  # type: ignore[union-attr]
    ]


def typed_example(choices: list[dict[str, object]]) -> str | None:
    """A few letters of an option's name to show how typing one works ("cap cuu" for "Khoa Cấp cứu"): the last
    two words, without accents, of the name of the first option those words pick alone (a label's part in
    brackets left out, and numbers, which would read as an option's number); None when no option has words."""
    examples = []
    for choice in choices:
        if choice["id"] == BACK_ID or choice.get("pinned"):
            continue
        name = str(choice["label"]).split("(", 1)[0]
        words = [word for word in _words(name) if not word.isdigit()][-2:]
        if words:
            examples.append(" ".join(words))
            if matching(examples[-1], choices) == [str(choice["id"])]:
                return examples[-1]
    return examples[0] if examples else None
