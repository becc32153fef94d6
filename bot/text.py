"""Text as people type it: stored NFC, compared without case or diacritics ("dong gop" = "Đóng góp")."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """NFC with outer whitespace trimmed: the form every stored string takes."""
    return unicodedata.normalize("NFC", text).strip()


def fold(text: str) -> str:
    """A comparison key: no diacritics, đ → d, case-folded, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold()).strip()
