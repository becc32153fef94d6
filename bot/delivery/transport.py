"""The contract every channel's outbound half implements (Telegram, Zalo, the terminal, the tests' collector).

The sender hands a transport one message at a time, already rendered in the recipient's language and in
the channel-neutral form of `OutboundMessage`; the transport turns it into what its messenger can show
(buttons, or a numbered list) and says how it went — with an id for the message it made, or with one of the
typed errors below, which the sender turns into the row's fate. A transport never retries and never
sleeps: waiting and retrying are the sender's, so that one limiter and one pause serve every message of a bot.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from bot.i18n import translate
from bot.messages import Capabilities, Choice, Document, Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutboundMessage:
    """A message as stored in an outbox row's payload.

    `edit_of`: the messenger's id of a message this one should replace (the menu a person pressed), if the
    channel can edit; otherwise, or if the messenger refuses, it is sent as a new message.
    `clear_buttons_of`: this row only takes the buttons off an earlier message (the outbox row id of the menu
    that was answered by typing); channels without buttons have nothing to do.
    `clear_first`: the same for a message that has something to show: the buttons come off these earlier
    messages (outbox row ids) first, in the same delivery (one row, one claim, instead of one row each).
    `keep`: the text is a record (a receipt, a confirmation, the data notice agreed to): never edited away.
    `actions`: buttons that stay valid whatever menu the chat shows later: (code, label) pairs.
    `document`: a file to hand over (a path under the media directory), the text its caption; a channel
    that cannot carry files says the document's `fallback` with the text instead.
    `locale`: the reader's language, for the few words a channel adds itself (Telegram's page-turn buttons of
    a long menu); None: the channel's default. The text itself is already in that language.
    `page`: the page of a long menu's buttons to open at, on a channel that pages them (the page a press that
    redrew this same menu was made on: decision 0075); 0, the first, for every other message."""

    text: str = ""
    choices: tuple[Choice, ...] = ()
    menu_token: int | None = None
    multi: bool = False
    hint: str | None = None
    press_hint: str | None = None
    photo: str | None = None
    document: Document | None = None
    keep: bool = False
    asks_number: bool = False
    edit_of: str | None = None
    clear_buttons_of: int | None = None
    clear_first: tuple[int, ...] = ()
    actions: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    locale: str | None = None
    page: int = 0

    @classmethod
    def from_reply(
        cls,
        reply: Reply,
        *,
        keep: bool = False,
        edit_of: str | None = None,
        locale: str | None = None,
        clear_first: tuple[int, ...] = (),
        page: int = 0,
    ) -> OutboundMessage:
        return cls(
            text=reply.text,
            choices=reply.choices,
            menu_token=reply.menu_token,
            multi=reply.multi,
            hint=reply.hint,
            press_hint=reply.press_hint,
            photo=reply.photo,
            document=reply.document,
            keep=keep,
            asks_number=reply.asks_number,
            edit_of=edit_of,
            clear_first=clear_first,
            actions=reply.actions,
            locale=locale,
            page=page,
        )

    def as_reply(self) -> Reply:
        return Reply(
            text=self.text,
            choices=self.choices,
            menu_token=self.menu_token,
            multi=self.multi,
            hint=self.hint,
            press_hint=self.press_hint,
            photo=self.photo,
            document=self.document,
            actions=self.actions,
            asks_number=self.asks_number,
        )

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"text": self.text}
        if self.choices:
            payload["choices"] = [[c.id, c.label] for c in self.choices]
            if any(c.pinned for c in self.choices):
                payload["pinned"] = [c.id for c in self.choices if c.pinned]
        for name in ("menu_token", "hint", "press_hint", "photo", "edit_of", "clear_buttons_of", "locale"):
            if getattr(self, name) is not None:
                payload[name] = getattr(self, name)
        for name in ("multi", "keep", "asks_number"):
            if getattr(self, name):
                payload[name] = True
        if self.document is not None:
            payload["document"] = {
                "path": self.document.path,
                "name": self.document.name,
                "fallback": self.document.fallback,
            }
        if self.actions:
            payload["actions"] = [list(action) for action in self.actions]
        if self.clear_first:
            payload["clear_first"] = list(self.clear_first)
        if self.page:
            payload["page"] = self.page
        return payload

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> OutboundMessage:
        pinned = {str(i) for i in payload.get("pinned", [])}
        return cls(
            text=payload.get("text", ""),
            choices=tuple(
                Choice(str(i), str(label), pinned=str(i) in pinned) for i, label in payload.get("choices", [])
            ),
            menu_token=payload.get("menu_token"),
            multi=bool(payload.get("multi")),
            hint=payload.get("hint"),
            press_hint=payload.get("press_hint"),
            photo=payload.get("photo"),
            document=Document(**payload["document"]) if payload.get("document") else None,
            keep=bool(payload.get("keep")),
            asks_number=bool(payload.get("asks_number")),
            edit_of=payload.get("edit_of"),
            clear_buttons_of=payload.get("clear_buttons_of"),
            clear_first=tuple(int(row) for row in payload.get("clear_first", ())),
            actions=tuple((str(code), str(label)) for code, label in payload.get("actions", [])),
            locale=payload.get("locale"),
            page=int(payload.get("page", 0)),
        )


def without_gone_media(
    channel: str, message: OutboundMessage, media_dir: Path, default_locale: str
) -> OutboundMessage:
    """The message as it can still go when the picture or file it names is gone from the media directory
    (the daily clean-up removed it after GENERATED_FILES_KEEP_DAYS, a disk restored without it): its text
    alone, saying that a picture or a file went with it (decision 0331). Refused, the whole message was given
    up: a leader's digest lost with its chart, a giver's receipt with its VietQR code. A path outside the
    media directory is left as it is, for the transport to refuse."""
    root = media_dir.resolve()
    locale = message.locale or default_locale
    text = message.text
    if message.photo is not None and _gone(root, message.photo):
        note = translate(locale, "(A picture went with this message; it is no longer kept by the bot.)")
        message, kind = replace(message, photo=None, text=f"{text}\n{note}".strip()), "picture"
    elif message.document is not None and _gone(root, message.document.path):
        note = translate(
            locale,
            "(The file {name} went with this message; it is no longer kept by the bot: please ask for it "
            "again.)",
        ).format(name=message.document.name)
        message, kind = replace(message, document=None, text=f"{text}\n{note}".strip()), "file"
    else:
        return message
    log.warning(
        "%s: a message's %s is gone from the media directory; its text goes without it", channel, kind
    )
    return message


def _gone(root: Path, relative: str) -> bool:
    """Whether a file of the media directory is not there (a path outside it is not this one's to say)."""
    path = (root / relative).resolve()
    return path.is_relative_to(root) and not path.is_file()


@dataclass
class Parts:
    """A message a channel shows as several messenger messages (a text over the messenger's limit, a picture
    and then its text): `sent`, how many of them the messenger took at an earlier try, and `last_id`, the id
    of the last of those (both kept in the outbox row); `took`, awaited after each part but the last with the
    number taken so far and that part's id. The sender writes them to the row before the next part goes, so
    a retry, or a sender started again after a kill, goes on from the next part and never shows one twice
    (docs/decisions/0175)."""

    sent: int = 0
    last_id: str = ""
    took: Callable[[int, str], Awaitable[None]] | None = None
    # Whether the sender still holds the row, its lease renewed if half of it is gone: asked by `go_on`.
    holds: Callable[[], Awaitable[bool]] | None = None

    async def go_on(self) -> None:
        """Asked before a call that shows a new message after other calls of the same send took their time
        (an edit refused, then the pressed menu's buttons taken off: up to two time limits): the row is
        still the sender's, its lease renewed, so no other sender takes it while this call is in the
        messenger's hands. Raises `Withdrawn` when it is not (a new leader took it, a gift stopped it):
        nothing more of it goes (docs/decisions/1828)."""
        if self.holds is not None and not await self.holds():
            raise Withdrawn

    async def send_each(self, calls: Sequence[Callable[[], Awaitable[str]]]) -> str:
        """Make the calls in order, but not those the messenger took at an earlier try; the id of the last."""
        shown = self.last_id
        for number, call in enumerate(calls):
            if number < self.sent:
                continue
            shown = await call()
            if number + 1 < len(calls) and self.took is not None:
                await self.took(number + 1, shown)
        return shown


class Transport(Protocol):
    """What the sender needs of a channel."""

    name: str
    capabilities: Capabilities

    async def send(self, chat_id: str, message: OutboundMessage, progress: Parts | None = None) -> str:
        """Show `message` in the chat (editing `message.edit_of` when asked and possible); the id of the
        message the person now sees. A channel that shows it as several messages sends them through `progress`
        (`Parts.send_each`); one that never splits a message may ignore it. Raises one of the errors below."""
        ...

    async def clear_buttons(self, chat_id: str, message_id: str) -> None:
        """Take the buttons off a message the person answered some other way (a no-op without buttons)."""
        ...


class Withdrawn(Exception):
    """Between two calls of one send, the row stopped being the sender's (`Parts.go_on`): what the messenger
    took so far stays, nothing more goes, and nothing is written; the row is its new holder's, or, stopped by
    a gift or expired meanwhile, no sender's."""


class DeliveryError(Exception):
    """Base of what a transport raises; `reason` is short, has no personal data and no secret."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Blocked(DeliveryError):
    """The person blocked the bot (Telegram's 403): stop sending to them until they write again."""


class RetryAfter(DeliveryError):
    """Flood control: nothing may be sent for `seconds` (Telegram's 429 is per bot, not per chat)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds:g} s")
        self.seconds = seconds


class TryLater(DeliveryError):
    """A server error or the network: the same message may go through later."""


class Unauthorized(DeliveryError):
    """The messenger refused the bot's token (a 401: a wrong or revoked token). Not this message's fault and
    not a passing one: nothing goes on this channel until the token is fixed; the message waits."""


class Rejected(DeliveryError):
    """The messenger refused this message for good (a chat that does not exist, a malformed message)."""
