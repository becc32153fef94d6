"""Turning neutral replies into what a channel can show: numbered text menus, or buttons."""

from __future__ import annotations

from dataclasses import replace

from bot.conversation.recognise import numbered
from bot.delivery.actions import typed_form
from bot.messages import Capabilities, Reply

MERGE_LIMIT = 4000  # under every channel's longest message


def render_text(reply: Reply, caps: Capabilities) -> str:
    """The text of a reply; on a channel without buttons, the choices become a numbered list and the actions
    lines to type ("#3 — See my progress")."""
    text = f"{reply.text}\n[🖼 {reply.photo}]" if reply.photo else reply.text
    if caps.buttons:
        return text
    if reply.choices:
        listed = numbered([{"id": c.id, "label": c.label} for c in reply.choices])
        lines = [f"{number}. {choice['label']}" for number, choice in listed]
        hint = reply.hint or ""
        text = "\n".join([text, "", *lines, *([hint] if hint else [])])
    actions = [f"{typed} — {label}" for code, label in reply.actions if (typed := typed_form(code))]
    return "\n".join([text, "", *actions]) if actions else text


def button_payload(reply: Reply, choice_id: str) -> str:
    return f"{reply.menu_token}:{choice_id}"


def merge_replies(replies: list[Reply], limit: int = MERGE_LIMIT) -> list[Reply]:
    """Join a plain text with the reply after it ("Saved." + the menu) into one message: fewer messages to
    read and to notify, and fewer sends against a chat's limit of about one a second. Photos stay on their
    own. A message that holds a record keeps it (`keep`)."""
    merged: list[Reply] = []
    for reply in replies:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and not previous.choices
            and not previous.actions
            and previous.photo is None
            and reply.photo is None
            and len(previous.text) + len(reply.text) + 2 <= limit
        ):
            merged[-1] = replace(
                reply, text=f"{previous.text}\n\n{reply.text}", keep=previous.keep or reply.keep
            )
        else:
            merged.append(reply)
    return merged
