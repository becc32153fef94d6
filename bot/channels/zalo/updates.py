"""Zalo's update payloads read into one shape, whichever form they come in.

Webhook bodies come bare (`{event_name, message}`) in real traffic and wrapped (`{ok, result: {…}}`) in the
docs; getUpdates returns one update, which some clients see as a list. Images carry `photo_url` in real
traffic and `photo` in the docs. `date` is epoch milliseconds. All of these are accepted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

TEXT = "message.text.received"
IMAGE = "message.image.received"
STICKER = "message.sticker.received"
VOICE = "message.voice.received"
_DEEPEST = 4  # a list of wrapped updates is three levels deep


@dataclass(frozen=True)
class ZaloUpdate:
    event: str
    message_id: str
    chat_id: str
    user_id: str
    is_bot: bool
    at: datetime | None
    display_name: str | None = None
    text: str | None = None
    photo_url: str | None = None
    caption: str | None = None


def updates_in(payload: Any, depth: int = 0) -> list[dict[str, Any]]:
    """The update objects in a webhook body or a getUpdates result: bare, wrapped, or a list of either (and
    nothing deeper: a body nested a thousand times is no update, never a failure)."""
    if depth > _DEEPEST:
        return []
    if isinstance(payload, list):
        return [update for item in payload for update in updates_in(item, depth + 1)]
    if not isinstance(payload, dict):
        return []
    if "result" in payload and "event_name" not in payload:
        return updates_in(payload["result"], depth + 1)
    return [payload] if "event_name" in payload or "message" in payload else []


def read(raw: dict[str, Any]) -> ZaloUpdate | None:
    """The update's parts, or None when it names no message, chat and sender (nothing to answer)."""
    message = raw.get("message")
    if not isinstance(message, dict):
        return None
    chat, sender = _mapping(message.get("chat")), _mapping(message.get("from"))
    message_id = str(message.get("message_id") or "")
    user_id = str(sender.get("id") or "")
    chat_id = str(chat.get("id") or user_id)
    if not message_id or not user_id or not chat_id:
        return None
    event = str(raw.get("event_name") or "")
    photo = message.get("photo_url") or message.get("photo")
    text = message.get("text")
    return ZaloUpdate(
        event=event,
        message_id=message_id,
        chat_id=chat_id,
        user_id=user_id,
        is_bot=bool(sender.get("is_bot")),
        at=_instant(message.get("date")),
        display_name=str(sender.get("display_name") or "") or None,
        text=text if isinstance(text, str) and event in (TEXT, "") else None,
        photo_url=photo if isinstance(photo, str) and event == IMAGE else None,
        caption=message.get("caption") if isinstance(message.get("caption"), str) else None,
    )


def chat_of(raw: dict[str, Any]) -> str:
    """The chat an update belongs to (its updates are handled in order), even for one `read` refuses."""
    message = _mapping(raw.get("message"))
    chat, sender = chat_part(raw), _mapping(message.get("from"))
    return str(chat.get("id") or sender.get("id") or "")


def chat_part(raw: dict[str, Any]) -> dict[str, Any]:
    """The update's chat object (its id, its type), empty when the update has none."""
    return _mapping(_mapping(raw.get("message")).get("chat"))


def _mapping(value: Any) -> dict[str, Any]:
    """A part of the update that should be an object, or an empty one when it is something else (a string, a
    number, a list): a malformed update is one that names nobody, never a failure."""
    return value if isinstance(value, dict) else {}


def _instant(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
