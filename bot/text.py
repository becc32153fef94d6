"""Text as people type it: stored NFC, compared without case or diacritics ("dong gop" = "Đóng góp")."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Control characters (NUL, escape codes, form feeds…) and lone surrogates (undecodable bytes): never part of
# what a person meant, and PostgreSQL refuses NUL in text. Newlines are kept; a tab reads as a space.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def nfc(text: str) -> str:
    """NFC with outer whitespace trimmed: the form every stored string takes."""
    return unicodedata.normalize("NFC", text).strip()


def clean(text: str) -> str:
    """Inbound text as it is stored: line breaks made "\\n", control characters removed, NFC, trimmed.
    Every channel's text goes through this once, at the edge (the conversation engine)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return nfc(_CONTROL.sub("", text))


# Quotation marks a title may hold of its own: such a title is shown as written, never quoted again.
_QUOTES = frozenset('"“”«»„')


def quoted(title: str) -> str:
    """A title (of a drive, a criterion, a result…) between “ ”, as sentences show titles; one that holds
    quotes of its own is shown as written: `Quỹ “Vì người nghèo” xã 2026`, never
    “Quỹ “Vì người nghèo” xã 2026”."""
    return title if any(mark in _QUOTES for mark in title) else f"“{title}”"


def fold(text: str) -> str:
    """A comparison key: no diacritics, đ → d, case-folded, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold()).strip()


# A syllable's last "y" after a consonant (or "qu") is written "i" as often: "ký"/"kí", "lý"/"lí", "kỳ"/"kì",
# "quý"/"quí", "tỷ"/"tỉ". Not after another vowel: "tay" and "tai", "tuy" and "tui" are different words.
_FINAL_Y = re.compile(r"(?:(?<=[bcdghklmnprstvx])|(?<=qu))y\b")


def match_key(text: str) -> str:
    """The key a typed word is matched on against options and keywords (never stored, never a name's key):
    `fold`, with the i/y spellings of a syllable made one ("dang ki" = "đăng ký")."""
    return _FINAL_Y.sub("i", fold(text))


_HOUSEHOLD_WORDS = ("ho ", "gia dinh ")


def as_household(name: str) -> str:
    """A household's name as a household's: “Hộ Trần Văn Ba” when the list wrote only “Trần Văn Ba”."""
    return name if fold(name).startswith(_HOUSEHOLD_WORDS) else f"Hộ {name}"
