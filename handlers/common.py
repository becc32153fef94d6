"""Choices and checks several flows share."""

from __future__ import annotations

from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.conversation.types import Choice
from bot.i18n import _

YES, NO = "yes", "no"
MAX_FREE_TEXT = 500


def back_choice() -> Choice:
    return Choice(BACK_ID, _("Back"), keywords=("back", "quay lai", "tro lai"))


def confirm_menu(turn: Turn, text: str) -> None:
    turn.menu(
        text,
        [
            Choice(
                YES, _("Yes, confirm"), keywords=("co", "yes", "y", "ok", "dong y", "xac nhan", "co xac nhan")
            ),
            Choice(NO, _("No, cancel"), keywords=("khong", "no", "n", "huy bo")),
        ],
        hint=_("Reply YES to confirm or NO to cancel."),
    )


def go_home(turn: Turn) -> None:
    turn.goto("menu", "main", keep_data=False)


def free_text(turn: Turn, *, limit: int = MAX_FREE_TEXT) -> str | None:
    """The typed text if it fits; otherwise a kind explanation and None (the step stays where it is)."""
    text = turn.text.strip()
    if not text:
        turn.say(_("Please type your answer as text."))
        turn.repeat_menu()
        return None
    if len(text) > limit:
        turn.say(_("That is {n} characters; please keep it under {limit}.").format(n=len(text), limit=limit))
        turn.repeat_menu()
        return None
    return text


def parse_count(text: str, *, maximum: int) -> int | None:
    """A whole number 1..maximum as people type it ("3", "3 ngày", "03")."""
    digits = text.strip().split()[0] if text.strip() else ""
    if not digits.isdigit() or len(digits) > 6:
        return None
    value = int(digits)
    return value if 1 <= value <= maximum else None


def language_menu(turn: Turn) -> None:
    turn.menu(
        _("Which language do you prefer?"),
        [
            Choice("vi", "Tiếng Việt", keywords=("tieng viet", "vietnamese", "vi")),
            Choice("en", "English", keywords=("tieng anh", "en")),
        ],
    )
