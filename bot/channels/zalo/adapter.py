"""Zalo's inbound half: updates are stored, then become neutral inbound messages for the engine.

getUpdates consumes what it returns and a webhook is answered once, so an update is first stored as it came,
in a small transaction of its own (`inbound_update`); only then is it handled, and marked handled after the
engine committed. Updates stored but not yet handled when the process died are handled after the restart
(`replay`): a crash loses nothing, and the engine's dedupe key ("zalo:<message id>") makes handling twice
harmless. The same message delivered twice is stored once; the bot's own sends that Zalo delivers back are
dropped before anything is stored.

Each chat's updates are handled one at a time, in order; chats side by side (bot.channels.chat_turns).
Text goes to the engine; a picture is downloaded at once (Zalo's links expire within minutes) and stored
like a Telegram photo (bot.media) — only from an https link to a public address (ZaloClient.download: the
link comes in an update, which could be forged to reach an internal address); stickers, voice and
"unsupported" messages (a file among them: a bank statement sent here) are answered with a request for text,
and where a file goes instead. Those answers are outbox rows like every reply,
keyed by the message."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from tenacity import AsyncRetrying, retry_if_exception, wait_exponential

from bot.app import App
from bot.channels.chat_turns import ChatTurns
from bot.channels.direct_reply import answer_directly
from bot.channels.zalo.client import MediaGone, MediaRefused, ZaloClient, ZaloUnavailable, shown_link
from bot.channels.zalo.transport import zalo_capabilities
from bot.channels.zalo.updates import IMAGE, STICKER, VOICE, ZaloUpdate, chat_of, chat_part, read
from bot.clock import Clock
from bot.conversation.photo_asked import photo_wanted
from bot.db.errors import is_transient
from bot.db.models import InboundUpdate
from bot.db.ops import insert_ignore
from bot.delivery.limits import Sleep
from bot.i18n import translate
from bot.logs import describe_failure
from bot.media import store
from bot.messages import Capabilities, Inbound, Photo, Reply

log = logging.getLogger(__name__)
CHANNEL = "zalo"
# Once handled, what the person wrote is no longer kept here: the key stays, for dedupe.
_HANDLED = (
    update(InboundUpdate)
    .where(InboundUpdate.key == bindparam("k"))
    .values(handled_at=bindparam("at"), payload=bindparam("nothing"))
)


def worth_retrying(error: BaseException) -> bool:
    """A busy or unreachable database, or Zalo's media server failing: the same update can succeed later."""
    return is_transient(error) or isinstance(error, ZaloUnavailable)


def _private(raw: dict[str, Any], parts: ZaloUpdate) -> bool:
    """A private chat says so or says nothing, and is the sender's own: its id is theirs, as on Zalo. A
    group's update that names no type (a form the docs do not show) would otherwise be answered in the
    group, with the sender's own progress, code and gifts (decision 0335)."""
    chat_type = str(chat_part(raw).get("chat_type") or "PRIVATE")
    return chat_type.upper() == "PRIVATE" and parts.chat_id == parts.user_id


def _unreadable(locale: str, event: str, photo_of: str | None = None, *, asked: bool = False) -> str:
    """The answer to what the bot cannot read, fitting what it is: a sticker or a voice message, a location
    (told apart from a file: both were told where a bank statement goes; decision 0392), or anything Zalo
    marks “unsupported”, a file among them. Where the question on screen waits for a photo (`photo_of`),
    that photo is asked for instead, in its own words (a receipt sent as a PDF: decision 0794). `asked`: the
    question on screen is sent again after it, and the answer is the apology alone (decision 1237)."""
    if photo_of is not None and event in (STICKER, VOICE):
        lead = translate(
            locale, "Sorry, I can read only text and pictures here, not stickers or voice messages."
        )
        return f"{lead} {photo_wanted(locale, photo_of)}"
    if photo_of is not None and "location" not in event:
        lead = translate(locale, "Sorry, a file or a video cannot reach me on Zalo.")
        return f"{lead} {photo_wanted(locale, photo_of)}"
    if event in (STICKER, VOICE) and asked:  # the question follows: no /menu, which drops it (1237)
        return translate(
            locale,
            "Sorry, I can read only text and pictures here, not stickers or voice messages. Please type your "
            "answer to the question below in words.",
        )
    if event in (STICKER, VOICE):
        return translate(
            locale,
            "Sorry, I can read only text and pictures here, not stickers or voice messages. Please type "
            "your message in words (for example the number of an option, or /menu).",
        )
    if "location" in event:
        return translate(
            locale,
            "Sorry, I cannot read a location. Please type your message in words (for example the address, "
            "or the number of an option, or /menu).",
        )
    return translate(
        locale,
        "Sorry, I can read only text and pictures here. Please type your message "
        "(for example the number of an option, or /menu). A file, such as a bank statement, "
        "cannot reach me on Zalo: send it to Chung Tay on Telegram (/lienket uses both with one "
        "account), or ask the office.",
    )


class ZaloAdapter:
    def __init__(
        self,
        app: App,
        client: ZaloClient,
        *,
        bot_id: str,
        sleep: Sleep = asyncio.sleep,
        capabilities: Capabilities | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.app = app
        # When an update reached us, by the clock the sender marks a message sent by (the engine's unless
        # given): the two are compared where a number may have been sent before its menu went out (1159).
        self.clock = clock
        # What the sender's transport shows, told to the flows with each message (`Inbound.shows_photos`)
        self.capabilities = capabilities or zalo_capabilities(app.settings.zalo_media_url)
        self.client = client
        self.bot_id = bot_id
        self.sleep = sleep
        self.turns = ChatTurns()
        self._handling: set[asyncio.Task[None]] = set()

    # --- taking updates ---------------------------------------------------------------------------------
    async def accept(self, raw: dict[str, Any]) -> bool:
        """Store one update and start handling it; returns once it is stored (True), or when there is nothing
        to store (False: an echo of our own, not a private message, or stored before)."""
        received = (self.clock or self.app.engine.clock)()
        key = await self.store(raw, received=received)
        if key is None:
            return False
        self._spawn(key, raw, received)
        return True

    async def store(self, raw: dict[str, Any], *, received: datetime | None = None) -> str | None:
        """The update kept as it came, in its own transaction, with when it reached us (`received`, by our
        clock; now when not given); its key, or None when there is nothing to keep."""
        parts = read(raw)
        if parts is None or parts.user_id == self.bot_id or parts.is_bot:
            return None
        if not _private(raw, parts):  # groups are in beta on Zalo; the bot serves private chats
            return None
        key = f"{CHANNEL}:{parts.message_id}"
        async with self.app.sessionmaker() as session, session.begin():
            new = await insert_ignore(
                session,
                InboundUpdate,
                {
                    "key": key,
                    "channel": CHANNEL,
                    "chat_id": parts.chat_id,
                    "payload": raw,
                    "received_at": received or (self.clock or self.app.engine.clock)(),
                    "handled_at": None,
                },
            )
        return key if new else None

    async def replay(self) -> int:
        """Start handling every stored update not handled yet (a crash, or a stop cut short), oldest first;
        how many there were."""
        async with self.app.sessionmaker() as session:
            rows = (
                await session.execute(
                    select(InboundUpdate.key, InboundUpdate.payload, InboundUpdate.received_at)
                    .where(InboundUpdate.channel == CHANNEL, InboundUpdate.handled_at.is_(None))
                    .order_by(InboundUpdate.id)
                )
            ).all()
        for key, raw, received in rows:
            self._spawn(key, raw, received)
        if rows:
            log.info("zalo: handling %s stored update(s) left from before", len(rows))
        return len(rows)

    def _spawn(self, key: str, raw: dict[str, Any], received: datetime | None = None) -> None:
        task = asyncio.create_task(self._in_turn(key, raw, received))
        self._handling.add(task)
        task.add_done_callback(self._handling.discard)

    async def finish(self) -> None:
        """Wait for every update taken to be handled."""
        while self._handling:
            await asyncio.gather(*list(self._handling), return_exceptions=True)

    def cancel(self) -> None:
        """Give up on what is under way (it stays stored, and is handled after the restart)."""
        for task in list(self._handling):
            task.cancel()

    # --- handling one ------------------------------------------------------------------------------------
    async def _in_turn(self, key: str, raw: dict[str, Any], received: datetime | None = None) -> None:
        async with self.turns.turn(chat_of(raw)):
            try:
                async for attempt in AsyncRetrying(
                    retry=retry_if_exception(worth_retrying),
                    wait=wait_exponential(multiplier=0.5, max=60),
                    sleep=self.sleep,
                    reraise=True,
                ):
                    with attempt:
                        await self.handle(raw, received=received)
            except Exception as error:  # would fail the same way every time: skipped, never retried
                log.error("zalo update skipped: %s", describe_failure(error))
            with contextlib.suppress(Exception):  # not marked: handled again after a restart, harmlessly
                async with self.app.sessionmaker() as session, session.begin():
                    await session.execute(_HANDLED, {"k": key, "at": self.app.engine.clock(), "nothing": {}})

    async def handle(self, raw: dict[str, Any], *, received: datetime | None = None) -> None:
        """One stored update through the engine (or answered here when it holds nothing the bot can read);
        `received`: when it was stored, by our clock."""
        parts = read(raw)
        if parts is None or not _private(raw, parts):  # a group's, stored before it was told apart
            return
        photo: Photo | None = None
        if (
            parts.event == IMAGE
            and parts.photo_url
            and not await self.app.engine.takes_photo(CHANNEL, parts.user_id)
        ):
            photo = Photo(None, None, None, caption=parts.caption)  # never joined: nothing downloaded
        elif parts.event == IMAGE and parts.photo_url:
            try:
                photo = await self._download(parts.photo_url, parts.caption)
            except MediaGone as gone:
                if isinstance(gone, MediaRefused):
                    log.warning(
                        "zalo: a picture's link refused (%s): %s",
                        gone.description,
                        shown_link(parts.photo_url),
                    )
                await self._answer(
                    parts,
                    lambda locale: translate(
                        locale, "Sorry, I could not fetch that picture any more. Please send it again."
                    ),
                )
                return
        elif parts.text is None:
            # a file is a receipt sent ahead where a photo is taken in passing, as on Telegram (0807)
            a_file = parts.event not in (STICKER, VOICE)
            photo_of = await self.app.engine.photo_asked(CHANNEL, parts.chat_id, a_file=a_file)
            question = None
            if photo_of is None and not a_file:  # a sticker or a voice message at a question: it again (1237)
                question = await self.app.engine.current_menu(
                    CHANNEL, parts.chat_id, parts.user_id, asked_too=True
                )
            await self._answer(
                parts,
                lambda locale: _unreadable(locale, parts.event, photo_of, asked=question is not None),
                then=question,
            )
            return
        inbound = Inbound(
            channel=CHANNEL,
            chat_id=parts.chat_id,
            user_id=parts.user_id,
            at=parts.at or self.app.engine.clock(),
            text=parts.text if photo is None else None,
            photo=photo,
            dedupe_key=f"{CHANNEL}:{parts.message_id}",
            display_name=parts.display_name,
            shows_photos=self.capabilities.photos,
            shows_buttons=self.capabilities.buttons,
            received_at=received,
        )
        await self.app.engine.handle(inbound)

    async def _download(self, url: str, caption: str | None) -> Photo:
        limit = self.app.settings.max_photo_bytes
        content = await self.client.download(url, limit)
        if content is None:
            return Photo(sha256=None, path=None, too_large=True, caption=caption)
        stored = await asyncio.to_thread(store, self.app.settings.media_dir, content)
        return Photo(sha256=stored.sha256, path=stored.path, size=stored.size, caption=caption, apart=True)

    async def _answer(
        self, parts: ZaloUpdate, text: Callable[[str], str], *, then: tuple[Reply, str] | None = None
    ) -> None:
        """A reply the engine has no step for (bot.channels.direct_reply); `then`: the question on screen."""
        await answer_directly(
            self.app,
            channel=CHANNEL,
            chat_id=parts.chat_id,
            user_id=parts.user_id,
            key=f"reply:{CHANNEL}:{parts.message_id}:0",
            text=text,
            then=then,
        )
