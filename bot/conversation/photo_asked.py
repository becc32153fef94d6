"""What a step waiting for a photo wants, in that step's own words (decision 0794).

A file (a bank app's PDF, a poster exported as one), a sticker or a voice message sent where a photo is
asked is answered with what the step wanted and how to send it: a gift's receipt, an appeal's picture, the
photo of a labour day, of a result, of a remittance's receipt. Every such step had the gift's receipt's
words, or was told to type. The engine says it of a file on Telegram; each channel says it of what it cannot
read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.i18n import translate

# What the photo a step takes is of (`Turn.menu`'s `photo_of`); a receipt unless the step says otherwise.
RECEIPT, POSTER, DAY, RESULT, REMITTANCE = "receipt", "poster", "day", "result", "remittance"


def asked_photo(menu: Mapping[str, Any], *, a_file: bool = False) -> str | None:
    """What the photo the step on screen asks for is of (its `photo_of`); None where none is taken, or where
    its question is something else and a photo is only taken in passing (a receipt sent ahead of the amount,
    or at the last look): a sticker or a voice message there is asked to be typed, as before (decision 0807).
    `a_file`: what a file sent there is taken for, a receipt sent ahead where the photo is taken in passing.
    A step saved before the key was named so said only an appeal's picture, as `poster`."""
    if not menu.get("photo") or not menu.get("text"):
        return None
    if (kind := menu.get("photo_of")) is not None:
        return str(kind)
    if menu.get("poster"):
        return POSTER
    return RECEIPT if a_file else None


def photo_wanted(locale: str, kind: str) -> str:
    """How to send the photo the step asks for, with an example of what works."""
    if kind == POSTER:
        return translate(
            locale,
            "Please send the picture as a photo instead, the appeal as its caption: a screenshot of it "
            "works too.",
        )
    if kind == DAY:
        return translate(
            locale,
            "Please send a photo of the day instead (for example the team at work), or choose “Skip”.",
        )
    if kind == RESULT:
        return translate(
            locale,
            "Please send a photo instead (the model, the household helped, the visit), or choose “Skip”.",
        )
    if kind == REMITTANCE:
        return translate(
            locale,
            "Please send the receipt of the transfer as a photo instead: a screenshot of it works too; or "
            "choose “Skip”.",
        )
    return translate(locale, "Please send the receipt as a photo instead: a screenshot of it works too.")


def file_not_a_photo(locale: str, kind: str, name: str) -> str:
    """A file sent where the step takes a photo: it is not kept, and what to send instead."""
    if kind == POSTER:
        lead = translate(locale, "Sorry, a file ({name}) cannot go with an appeal.")
    elif kind == DAY:
        lead = translate(locale, "Sorry, a file ({name}) cannot be kept as the labour day's evidence.")
    elif kind == RESULT:
        lead = translate(locale, "Sorry, a file ({name}) cannot be kept as the result's evidence.")
    elif kind == REMITTANCE:
        lead = translate(locale, "Sorry, a file ({name}) cannot be kept as the remittance's evidence.")
    else:
        lead = translate(locale, "Sorry, a file ({name}) cannot be kept as a contribution's evidence.")
    return f"{lead.format(name=name)} {photo_wanted(locale, kind)}"
