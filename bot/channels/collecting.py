"""A channel that keeps what the bot sent instead of sending it: for tests, benchmarks and the terminal.

`CollectingChannel` hands messages to the engine and keeps the replies of each turn; `CollectingTransport` is
the outbound half the sender talks to (the Transport contract), keeping each chat as a person would see it."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import weakref
from dataclasses import dataclass, field
from datetime import datetime

from bot.conversation.engine import Engine
from bot.conversation.render import button_payload, render_text
from bot.delivery.sender import Sender, quiet_hours_of
from bot.delivery.transport import OutboundMessage, Parts
from bot.messages import BUTTONS, Attachment, Capabilities, Inbound, Photo, Reply


@dataclass
class CollectingChannel:
    """A person's side of a channel, for tests and benchmarks: `receive` hands a message to the engine, lets
    the outbox's sender deliver what the turn wrote, and returns what reached this chat (edits included)."""

    engine: Engine
    caps: Capabilities
    name: str = "console"
    # The messenger played lets a person send files (as Telegram's private chat does).
    can_send_files: bool = False
    sent: list[tuple[str, Reply]] = field(default_factory=list)
    transport: CollectingTransport = field(init=False)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.transport = CollectingTransport(capabilities=self.caps, name=self.name)

    async def receive(
        self,
        chat_id: str,
        *,
        text: str | None = None,
        choice: str | None = None,
        photo: Photo | None = None,
        attachment: Attachment | None = None,
        at: datetime,
        dedupe_key: str | None = None,
    ) -> list[Reply]:
        switchboard = _switchboard(self.engine, self.name)
        before = len(self.transport.sent)
        switchboard.open(chat_id, self.transport)  # what came before the chat was opened is seen now
        inbound = Inbound(
            channel=self.name,
            chat_id=chat_id,
            user_id=chat_id,
            at=at,
            text=text,
            choice=choice,
            photo=photo,
            attachment=attachment,
            dedupe_key=dedupe_key or f"{self.name}:{chat_id}:{next(self._ids)}:{at.timestamp()}",
            pressed=self._pressed(chat_id, choice),
            can_send_files=self.can_send_files,
            shows_buttons=self.caps.buttons,
        )
        await self.engine.handle(inbound)
        await switchboard.drain()
        replies = [
            message.as_reply()
            for to, message in self.transport.sent[before:]
            if to == chat_id and message.clear_buttons_of is None
        ]
        self.sent += [(chat_id, reply) for reply in replies]
        return replies

    def reach(self, *chat_ids: str) -> None:
        """Let the engine's sender deliver to these chats through this channel from now on, as if each had
        written through it: for a conversation taken up where another engine left it."""
        switchboard = _switchboard(self.engine, self.name)
        for chat_id in chat_ids:
            switchboard.open(chat_id, self.transport)

    def reached(self) -> tuple[str, ...]:
        """The chats the engine's sender can deliver to through collecting channels of this name."""
        return tuple(_switchboard(self.engine, self.name).chats)

    def _pressed(self, chat_id: str, choice: str | None) -> str | None:
        """The message whose button `choice` is: the latest one in the chat showing that menu."""
        if choice is None:
            return None
        token = choice.partition(":")[0]
        for shown in reversed(self.transport.messages(chat_id)):
            if str(shown.message.menu_token) == token:
                return shown.id
        return None

    def show(self, reply: Reply) -> str:
        """What the person sees: the text, then one "[label]" line per button (a menu's, then the actions')
        on a button channel."""
        text = render_text(reply, self.caps)
        labels = [choice.label for choice in reply.choices] + [label for _code, label in reply.actions]
        if self.caps.buttons and labels:
            text += "\n" + "\n".join(f"[{label}]" for label in labels)
        return text

    @staticmethod
    def payload(reply: Reply, choice_id: str) -> str:
        return button_payload(reply, choice_id)


@dataclass
class _Switchboard:
    """One sender per engine and channel name, however many collecting channels talk to that engine: each
    chat's messages go to the transport of the channel the chat wrote through.

    A chat that has not written through any of them yet is a chat the messenger has (its account is linked):
    what is sent to it goes through, as a messenger takes it, and waits in `unread` until the chat opens,
    where the turn that opened it shows it first. Played as a messenger down, it held the chat's own first
    reply behind its retry and rested the whole channel: a household's first message went unanswered."""

    sender: Sender
    chats: dict[str, CollectingTransport] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # per chat not open yet, in order: (id given to the sender, the message, or None: its buttons taken off)
    unread: dict[str, list[tuple[str, OutboundMessage | None]]] = field(default_factory=dict)
    # an id given for an unread message -> the message's id in its chat, once open
    opened: dict[str, str] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def open(self, chat_id: str, transport: CollectingTransport) -> None:
        """The chat writes (or is reached) through `transport`: what waited for it is shown there first."""
        self.chats[chat_id] = transport
        for given, message in self.unread.pop(chat_id, []):
            if message is None:
                if (shown := self.opened.get(given)) is not None:
                    transport.take_off_buttons(chat_id, shown)
                continue
            self.opened[given] = transport.show_in_chat(chat_id, self.local(message))

    def keep(self, chat_id: str, message: OutboundMessage | None, given: str | None = None) -> str:
        """Keep `message` (None: the buttons of `given` taken off) for a chat not open yet; its id."""
        given = given or f"unread-{next(self._ids)}"
        self.unread.setdefault(chat_id, []).append((given, message))
        return given

    def local(self, message: OutboundMessage) -> OutboundMessage:
        """`message` with the menu it replaces named by its id in the chat, if it was kept unread."""
        if message.edit_of is not None and (shown := self.opened.get(message.edit_of)) is not None:
            return dataclasses.replace(message, edit_of=shown)
        return message

    async def drain(self) -> None:
        async with self.lock:  # whatever an earlier drain had claimed is delivered before this one ends
            await self.sender.drain()


@dataclass
class _Route:
    """The Transport the switchboard's sender talks to."""

    board: _Switchboard | None
    name: str
    capabilities: Capabilities = BUTTONS

    async def send(self, chat_id: str, message: OutboundMessage, progress: Parts | None = None) -> str:
        """Sent to the chat; to a chat not open yet, taken and kept for it (`_Switchboard.open`)."""
        assert self.board is not None
        if (transport := self.board.chats.get(chat_id)) is None:
            return self.board.keep(chat_id, message)
        return await transport.send(chat_id, self.board.local(message))

    async def clear_buttons(self, chat_id: str, message_id: str) -> None:
        assert self.board is not None
        if (transport := self.board.chats.get(chat_id)) is None:
            self.board.keep(chat_id, None, message_id)
            return
        await transport.clear_buttons(chat_id, self.board.opened.get(message_id, message_id))


_boards: weakref.WeakKeyDictionary[Engine, dict[str, _Switchboard]] = weakref.WeakKeyDictionary()


def _switchboard(engine: Engine, name: str) -> _Switchboard:
    boards = _boards.setdefault(engine, {})
    if name not in boards:
        route = _Route(None, name)
        quiet = quiet_hours_of(engine.settings)
        sender = Sender(engine.sessionmaker, {name: route}, clock=engine.clock, quiet_hours=quiet)
        board = _Switchboard(sender)
        route.board = board
        boards[name] = board
    return boards[name]


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
    replaces the menu it names in `edit_of` when `capabilities.edit_in_place` allows (not a picture or a file,
    which are never edited), else it comes anew and the menu's buttons go; `clear_buttons` takes them off.
    `refuse_next_edit()` plays a messenger refusing an edit; `documents()` lists the files handed over."""

    capabilities: Capabilities = BUTTONS
    name: str = "console"
    sent: list[tuple[str, OutboundMessage]] = field(default_factory=list)
    cleared: list[tuple[str, str]] = field(default_factory=list)
    _shown: dict[str, Shown] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _refusals: int = 0

    async def send(self, chat_id: str, message: OutboundMessage, progress: Parts | None = None) -> str:
        return self.show_in_chat(chat_id, message)

    def show_in_chat(self, chat_id: str, message: OutboundMessage) -> str:
        """`send`, for a message the messenger already took (kept for a chat not open yet): its id."""
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
        self.take_off_buttons(chat_id, message_id)

    def take_off_buttons(self, chat_id: str, message_id: str) -> None:
        self.cleared.append((chat_id, message_id))
        shown = self._shown.get(message_id)
        if shown is not None and shown.chat_id == chat_id and self.capabilities.buttons:
            shown.live = False

    def refuse_next_edit(self) -> None:
        self._refusals += 1

    def documents(self, chat_id: str) -> list[OutboundMessage]:
        """The messages that handed a file to the chat, in the order sent."""
        return [message for to, message in self.sent if to == chat_id and message.document is not None]

    def _edits(self, old: Shown, new: OutboundMessage) -> bool:
        if not self.capabilities.edit_in_place or new.photo or old.message.photo:
            return False
        if new.document or old.message.document:
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
