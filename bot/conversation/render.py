"""Turning neutral replies into what a channel can show: numbered text menus, or buttons."""

from __future__ import annotations

from bot.conversation.recognise import numbered
from bot.messages import Capabilities, Reply


def render_text(reply: Reply, caps: Capabilities) -> str:
    """The text of a reply; on a channel without buttons, the choices become a numbered list."""
    text = f"{reply.text}\n[🖼 {reply.photo}]" if reply.photo else reply.text
    if caps.buttons or not reply.choices:
        return text
    listed = numbered([{"id": c.id, "label": c.label} for c in reply.choices])
    lines = [f"{number}. {choice['label']}" for number, choice in listed]
    hint = reply.hint or ""
    return "\n".join([text, "", *lines, *([hint] if hint else [])])


def button_payload(reply: Reply, choice_id: str) -> str:
    return f"{reply.menu_token}:{choice_id}"
