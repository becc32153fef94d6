"""Replies as Telegram messages: inline keyboards (paged when long), texts split under 4096 characters."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversation.recognise import BACK_ID
from bot.conversation.render import button_payload, split_lines
from bot.i18n import translate
from bot.messages import Reply

MAX_TEXT = 4096
PAGE_SIZE = 6
PAGE_PREFIX = "pg"
MAX_CALLBACK_BYTES = 64


def keyboard(reply: Reply, locale: str, page: int = 0) -> InlineKeyboardMarkup | None:
    """One button per row (labels are long in Vietnamese); "back" last; more than 8 options → pages of 6,
    turned by buttons labelled in `locale` (the language of the person reading)."""
    if not reply.choices:
        return None
    options = [c for c in reply.choices if c.id != BACK_ID]
    back = [c for c in reply.choices if c.id == BACK_ID]
    pages = max(1, -(-len(options) // PAGE_SIZE)) if len(options) > PAGE_SIZE + 2 else 1
    page = min(max(page, 0), pages - 1)
    shown = options[page * PAGE_SIZE : (page + 1) * PAGE_SIZE] if pages > 1 else options
    rows = [[_button(c.label, button_payload(reply, c.id))] for c in shown]
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
    rows += [[_button(c.label, button_payload(reply, c.id))] for c in back]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _button(label: str, data: str) -> InlineKeyboardButton:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over 64 bytes: {data[:20]}…")
    return InlineKeyboardButton(text=label[:120], callback_data=data)


def parse_page(data: str) -> tuple[str, int] | None:
    """("token", page) for a page-turn button, else None."""
    prefix, _sep, rest = data.partition(":")
    token, _sep2, page = rest.partition(":")
    if prefix != PAGE_PREFIX or not page.isdigit():
        return None
    return token, int(page)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split at paragraph, then line boundaries (bot.conversation.render.split_lines, as on Zalo), so every
    part fits in one message and a heading stays with what it heads."""
    if len(text) <= limit:
        return [text]
    return split_lines(text, limit)
