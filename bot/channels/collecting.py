"""A channel that keeps what the bot sent instead of sending it: for tests, benchmarks and the terminal.

`CollectingChannel` hands messages to the engine and keeps the replies of each turn; `CollectingTransport` is
the outbound half the sender talks to (the Transport contract), keeping each chat as a person would see it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime

from bot.conversation.engine import Engine
from bot.conversation.render import button_payload, render_text
from bot.delivery.transport import OutboundMessage
from bot.messages import BUTTONS, Capabilities, Inbound, Photo, Reply


@dataclass
class CollectingChannel:
    engine: Engine
    caps: Capabilities
    name: str = "console"
    sent: list[tuple[str, Reply]] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def receive(
        self,
        chat_id: str,
        *,
        text: str | None = None,
        choice: str | None = None,
        photo: Photo | None = None,
        at: datetime,
        dedupe_key: str | None = None,
    ) -> list[Reply]:
        inbound = Inbound(
            channel=self.name,
            chat_id=chat_id,
            user_id=chat_id,
            at=at,
            text=text,
            choice=choice,
            photo=photo,
            dedupe_key=dedupe_key or f"{self.name}:{chat_id}:{next(self._ids)}:{at.timestamp()}",
        )
        outcome = await self.engine.handle(inbound)
        self.sent += [(chat_id, reply) for reply in outcome.replies]
        return outcome.replies

    def show(self, reply: Reply) -> str:
        """What the person sees: the text, then one "[label]" line per button on a button channel."""
        text = render_text(reply, self.caps)
        if self.caps.buttons and reply.choices:
            text += "\n" + "\n".join(f"[{choice.label}]" for choice in reply.choices)
        return text

    @staticmethod
    def payload(reply: Reply, choice_id: str) -> str:
        return button_payload(reply, choice_id)


@dataclass
class Shown:
    """A message as its chat shows it now. `replaced`: what it showed before edits, oldest first."""

    id: str
    chat_id: str
    message: OutboundMessage
    live: bool = True  # its buttons can still be pressed
    replaced: list[OutboundMessage] = field(default_factory=list)


@dataclass
class CollectingTransport:
    """Records what the sender sent (`sent`) and keeps each chat as the person would see it: an answer
    replaces the menu it names in `edit_of` when `capabilities.edit_in_place` allows (not a picture, which is
    never edited), else it comes anew and the menu's buttons go; `clear_buttons` takes them off.
    `refuse_next_edit()` plays a messenger refusing an edit."""

    capabilities: Capabilities = BUTTONS
    name: str = "console"
    sent: list[tuple[str, OutboundMessage]] = field(default_factory=list)
    cleared: list[tuple[str, str]] = field(default_factory=list)
    _shown: dict[str, Shown] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _refusals: int = 0

    async def send(self, chat_id: str, message: OutboundMessage) -> str:
        self.sent.append((chat_id, message))
        old = self._shown.get(message.edit_of) if message.edit_of is not None else None
        if old is not None and old.chat_id == chat_id:
            if self._edits(old, message):
                old.replaced.append(old.message)
                old.message, old.live = message, True
                return old.id
            old.live = not self.capabilities.buttons
        shown = Shown(str(next(self._ids)), chat_id, message)
        self._shown[shown.id] = shown
        return shown.id

    async def clear_buttons(self, chat_id: str, message_id: str) -> None:
        self.cleared.append((chat_id, message_id))
        shown = self._shown.get(message_id)
        if shown is not None and shown.chat_id == chat_id and self.capabilities.buttons:
            shown.live = False

    def refuse_next_edit(self) -> None:
        self._refusals += 1

    def _edits(self, old: Shown, new: OutboundMessage) -> bool:
        if not self.capabilities.edit_in_place or new.photo or old.message.photo:
            return False
        if self._refusals:
            self._refusals -= 1
            return False
        return True

    # --- reading the chat -------------------------------------------------------------------------------
    def messages(self, chat_id: str) -> list[Shown]:
        return [shown for shown in self._shown.values() if shown.chat_id == chat_id]

    def labels(self, shown: Shown) -> list[str]:
        """The options a person can still pick: live buttons, or the numbered lines of a text menu."""
        if self.capabilities.buttons and not shown.live:
            return []
        return [choice.label for choice in shown.message.choices] + [
            label for _, label in shown.message.actions
        ]

    def show(self, shown: Shown) -> str:
        """What the person sees: the text (a numbered menu without buttons), a "[label]" per live button."""
        text = render_text(shown.message.as_reply(), self.capabilities)
        if self.capabilities.buttons and shown.live and (labels := self.labels(shown)):
            text += "\n" + "\n".join(f"[{label}]" for label in labels)
        return text

    def records_edited_away(self) -> list[Shown]:
        """Messages whose earlier text was a record (`keep`) and was replaced: always a bug."""
        return [shown for shown in self._shown.values() if any(m.keep for m in shown.replaced)]
