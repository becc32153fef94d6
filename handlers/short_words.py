"""Words a phone shortens, spelled out: “e ck 200k r” is “chuyển khoản 200k rồi”, who speaks dropped (2530).
Read at the main menu alone, by the readers of a gift typed and of a transfer asked after (decisions 2314,
2440, 2530)."""

from __future__ import annotations

import re

from bot.text import nfc

_SHORTENED = {"đc": "được", "dc": "được", "r": "rồi", "ck": "chuyển khoản", "e": "em", "ko": "không"}
_CALLED = frozenset({"a", "anh", "c", "chị", "chi", "e", "em", "cô", "co", "chú", "chu", "bác", "bac"})
_CALL = frozenset({"ơi", "oi"})
_AFTER = frozenset({"đó", "do", "đấy", "day", "nhé", "nhe", "nha", "ạ", "a", "nhá"})
# Who speaks, as she calls herself to the officer: the words one calls by are those one is called by
# (“a ck 200k r”: anh; “c ck …”: chị), and “mình”, “tôi”, “con”, “cháu”, short or not (“mk”; “t”, “m”, a
# letter alone as “a”, “c”, “e” are, decision 2652). First, before what she did (`_DID`), she is no part of it
# (decision 2530).
_SPEAKER = _CALLED | {"mk", "m", "mình", "minh", "t", "tôi", "toi", "tui", "con", "cháu", "chau"}
# What a sentence of what she did opens with: her giving or paying words, or “đã”, “vừa”, “mới” before them.
_DID = frozenset(
    {"ck", "chuyển", "chuyen", "ủng", "ung", "góp", "gop", "gửi", "gui", "nộp", "nop", "đóng", "dong"}
    | {"đã", "da", "vừa", "vua", "mới", "moi"}
)


def spelled_out(text: str) -> str | None:
    """`text` with its shortened words spelled out and its call (“a oi”), who speaks (“mk ck 200k”) and last
    particle (“đó”) dropped, or None where nothing of it was short."""
    typed = re.sub(r"[^\w\s]", " ", nfc(text).lower()).split()
    words = typed
    if len(words) > 2 and words[0] in _CALLED and words[1] in _CALL:
        words = words[2:]
    if len(words) > 2 and words[0] in _SPEAKER and words[1] in _DID:
        words = words[1:]
    if len(words) > 2 and words[-1] in _AFTER and words[-2] in _AFTER | {"rồi", "roi", "r"}:
        words = words[:-1]
    spelled = " ".join(_SHORTENED.get(word, word) for word in words)
    return spelled if spelled != " ".join(typed) else None
