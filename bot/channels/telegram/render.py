"""Replies as Telegram messages: inline keyboards (paged when long), texts split under 4096 characters."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversation.recognise import BACK_ID
from bot.conversation.render import button_payload, split_lines
from bot.i18n import translate
from bot.messages import Choice, Reply
from bot.text import clipped, plain_digits

MAX_TEXT = 4096
PAGE_SIZE = 6
PAGE_PREFIX = "pg"
# A button on a later page of a long menu says which: "<menu token>/<page>:<choice id>" (decision 0075).
PAGE_MARK = "/"
MAX_CALLBACK_BYTES = 64
# A button's label past this is cut after a whole word, “…” marking it: never inside a figure (decision 1148).
MAX_LABEL = 120


def keyboard(reply: Reply, locale: str, page: int = 0) -> InlineKeyboardMarkup | None:
    """One button per row (labels are long in Vietnamese). A menu's items first, its pinned actions under
    them ("Confirm the whole page", "Next page"…, in their order) and "back" last. More than 8 items → the
    items in pages of 6, turned by buttons labelled in `locale` (the language of the person reading), with
    the pinned actions under every page (decision 0075). The buttons of a page after the first carry its
    number, so the menu a press redraws opens at the page it was pressed on (`pressed_page`)."""
    if not reply.choices:
        return None
    items = [c for c in reply.choices if not _pinned(c)]
    actions = [c for c in reply.choices if _pinned(c) and c.id != BACK_ID]
    back = [c for c in reply.choices if c.id == BACK_ID]
    pages = max(1, -(-len(items) // PAGE_SIZE)) if len(items) > PAGE_SIZE + 2 else 1
    page = min(max(page, 0), pages - 1)
    shown = items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE] if pages > 1 else items
    rows = [[_button(c.label, _payload(reply, c.id, page))] for c in shown]
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(
                _button(translate(locale, "‹ Previous"), f"{PAGE_PREFIX}:{reply.menu_token}:{page - 1}")
            )
        nav.append(_button(f"{page + 1}/{pages}", f"{PAGE_PREFIX}:{reply.menu_token}:{page}"))
        if page < pages - 1:
            nav.append(_button(translate(locale, "Next ›"), f"{PAGE_PREFIX}:{reply.menu_token}:{page + 1}"))
        rows.append(nav)
    rows += [[_button(c.label, _payload(reply, c.id, page))] for c in [*actions, *back]]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _pinned(choice: Choice) -> bool:
    """An action of the menu, shown on every page: marked so, or "back" (always last, on every page)."""
    return choice.pinned or choice.id == BACK_ID


def _payload(reply: Reply, choice_id: str, page: int) -> str:
    """What a choice's button sends: "<menu token>:<choice id>", on a later page "<menu token>/<page>:<choice
    id>" (the page in the token's part, since a choice id may hold a colon). A marked payload over Telegram's
    64 bytes goes unmarked: the press still works, the redrawn menu opens at its first page."""
    plain = button_payload(reply, choice_id)
    if page == 0:
        return plain
    marked = f"{reply.menu_token}{PAGE_MARK}{page}:{choice_id}"
    return marked if len(marked.encode()) <= MAX_CALLBACK_BYTES else plain


def pressed_page(data: str) -> tuple[str, int]:
    """A pressed button's payload as the engine reads it ("<menu token>:<choice id>") and the page of the
    menu's buttons it was on (0 when unmarked: the first page, or a button of another kind)."""
    head, colon, choice_id = data.partition(":")
    token, mark, page = head.partition(PAGE_MARK)
    if not colon or not mark or not plain_digits(token) or not plain_digits(page):
        return data, 0
    return f"{token}:{choice_id}", int(page)


def _button(label: str, data: str) -> InlineKeyboardButton:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over 64 bytes: {data[:20]}…")
    return InlineKeyboardButton(text=button_label(label), callback_data=data)


def button_label(label: str) -> str:
    """A button's label as Telegram gets it: cut past MAX_LABEL after a whole word, marked “…”, where it was
    cut wherever the 120th character fell (“…; 1” for 12 labour days, decision 1148)."""
    return clipped(label, MAX_LABEL, at_word=True)


def parse_page(data: str) -> tuple[str, int] | None:
    """("token", page) for a page-turn button, else None."""
    prefix, _sep, rest = data.partition(":")
    token, _sep2, page = rest.partition(":")
    if prefix != PAGE_PREFIX or not plain_digits(page):
        return None
    return token, int(page)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split at paragraph, then line boundaries (bot.conversation.render.split_lines, as on Zalo), so every
    part fits in one message and a heading stays with what it heads."""
    if len(text) <= limit:
        return [text]
    return split_lines(text, limit)
