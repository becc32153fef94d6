"""Telegram's inbound half: updates become neutral inbound messages for the engine. No flow logic lives here.

Replies are not sent from here: the engine writes them as outbox rows in the turn's transaction, and the
sender delivers them through `TelegramTransport` (bot/channels/telegram/transport.py); a press is answered in
the pressed menu's place. The pointer a group gets is an outbox row too. What stays here belongs to the update
itself and leaves nothing to keep in a chat: answering a button press, turning the page of a long menu, and a
person's command menu. Those are direct calls within the bot's limits, best effort: a refusal is logged and
blocks nothing.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMyCommands,
    EditMessageReplyMarkup,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import BotCommandScopeChat, CallbackQuery, Message, PhotoSize, Update
from aiogram.types import Document as TelegramDocument
from sqlalchemy import select

from bot.app import App
from bot.channels.direct_reply import answer_directly, blocked_before
from bot.channels.telegram.commands import commands_for
from bot.channels.telegram.render import keyboard, parse_page, pressed_page
from bot.channels.telegram.transport import short_reason
from bot.conversation.engine import messenger_locale
from bot.conversation.photo_asked import photo_wanted
from bot.db.models import OutboxMessage
from bot.delivery.limits import TelegramLimits
from bot.delivery.outbox import Destination, enqueue
from bot.delivery.transport import OutboundMessage
from bot.domain.org_import import normalize_phone
from bot.i18n import translate
from bot.media import PICTURE_TYPES, file_refusal, file_suffix, is_picture, store
from bot.messages import Attachment, Inbound, Outcome, Photo

log = logging.getLogger(__name__)
CHANNEL = "telegram"
PRIVATE = "private"
# Seconds a best-effort call may take before the update goes on without it.
CALL_TIMEOUT = 5
_OWN_COMMANDS = frozenset({"leader", "officer", "treasurer", "admin"})


# What a person may send that holds no text, picture nor file the bot could read (a caption is read as text).
_UNREADABLE = ("sticker", "voice", "audio", "video", "video_note", "animation", "location", "dice")


def _picture_file(document: TelegramDocument | None) -> bool:
    return document is not None and (document.mime_type or "").lower() in PICTURE_TYPES


def _unopenable_picture(document: TelegramDocument | None) -> bool:
    """A picture sent as a file in a kind the bot cannot open: an iPhone's HEIC photo (image/heic; some
    apps say only the name's ending), a TIFF, a BMP… Sent as a photo instead, Telegram makes it a JPEG."""
    if document is None or _picture_file(document):
        return False
    kind = (document.mime_type or "").lower()
    return kind.startswith("image/") or file_suffix(document.file_name or "") in (".heic", ".heif")


def _unreadable(message: Message) -> bool:
    if message.text is not None or message.caption or message.photo or message.document:
        return False
    return any(getattr(message, kind, None) is not None for kind in _UNREADABLE)


# A group hears the way to the private chat at most once in this long (decision 0520).
POINTER_EVERY = timedelta(minutes=5)


class TelegramAdapter:
    def __init__(self, app: App, bot: Bot, *, username: str, limits: TelegramLimits | None = None) -> None:
        self.app = app
        self.bot = bot
        self.username = username
        # Its name whole in a group's line: “@ChungTayBotHelper” names another bot (a username is letters,
        # digits and “_”; decision 0520)
        self._named = re.compile(rf"(?<![\w@])@{re.escape(username)}(?!\w)", re.IGNORECASE)
        # The sender's limits too (bot/channels/telegram/service.py): one allowance per bot.
        self.limits = limits or TelegramLimits()
        self._scoped_commands: dict[int, str] = {}  # chat → the command menu set there by this process

    async def handle_update(self, update: Update) -> None:
        """Store and process one update; returns once the engine committed (or decided to ignore it). The
        replies are in the outbox by then: acknowledging the update can lose nothing."""
        if update.message is not None:
            await self._on_message(update.update_id, update.message)
        elif update.callback_query is not None:
            await self._on_callback(update.update_id, update.callback_query)
        elif update.edited_message is not None:
            await self._on_edit(update.update_id, update.edited_message)

    async def _on_message(self, update_id: int, message: Message) -> None:
        if message.chat.type != PRIVATE:
            # an admin writing as the group (“anonymous”) comes from Telegram's GroupAnonymousBot, the
            # group as `sender_chat`: a person still, told the way as anyone is. A channel's post that
            # Telegram forwards itself into the channel's discussion group is no one speaking to the bot.
            person = (
                message.from_user is not None
                and not message.is_automatic_forward
                and (not message.from_user.is_bot or message.sender_chat is not None)
            )
            if person:
                await self._on_group_message(update_id, message)
            return
        if message.from_user is None or message.from_user.is_bot:
            return
        user = str(message.from_user.id)
        if _unreadable(message) and not await blocked_before(self.app, channel=CHANNEL, user_id=user):
            await self._ask_for_text(update_id, message)
            return
        if _unopenable_picture(message.document) and not await blocked_before(
            self.app, channel=CHANNEL, user_id=user
        ):
            await self._ask_for_a_photo(update_id, message)
            return
        photo = None
        picture = message.document if _picture_file(message.document) else None
        if message.photo or picture is not None:
            if not await self.app.engine.takes_photo(CHANNEL, user):
                photo = Photo(None, None, None)
            elif message.photo:
                photo = await self._download(message.photo)
            elif picture is not None:  # a picture sent as a file
                photo = await self._picture(picture)
        attachment = None
        if message.document is not None and photo is None:
            attachment = await self._take_file(message.chat.id, user, message.document)
        sent = photo is not None or attachment is not None
        text = message.text if message.text is not None else (None if sent else message.caption)
        if text is None and message.contact is not None:  # 📎 → Contact: a phone number, read as typed
            # … as a phone is written here (0912345674), never figures an amount's question reads as đồng; one
            # abroad with its “+”, which Telegram leaves out: “6591234567” read 6.591.234.567 ₫ (0370)
            phone = message.contact.phone_number
            text = normalize_phone(phone) or (f"+{phone.lstrip('+')}" if phone.strip() else phone)
        if photo is not None:
            photo = replace(photo, caption=message.caption or None, album=message.media_group_id)
        inbound = Inbound(
            channel=CHANNEL,
            chat_id=str(message.chat.id),
            user_id=user,
            at=message.date,
            text=text,
            photo=photo,
            attachment=attachment,
            dedupe_key=f"tg:{update_id}",
            display_name=message.from_user.full_name,
            can_send_files=True,
            shows_buttons=True,
            language=message.from_user.language_code,
        )
        outcome = await self.app.engine.handle(inbound)
        await self._scope_commands(message.chat.id, outcome, message.from_user.language_code)

    async def _on_callback(self, update_id: int, callback: CallbackQuery) -> None:
        # A button of a private screen forwarded into a group (Telegram keeps its buttons): the press is no
        # turn, whatever its data (what it opens would be the group's to read); who pressed it is told where
        # Chung Tay answers, in a notice only they see, rather than a button that does nothing.
        in_group = callback.message is not None and callback.message.chat.type != PRIVATE
        # First, so the button stops spinning at once; whatever Telegram says, the press is handled.
        await self._answer(callback, self._pointer() if in_group else None)
        message = callback.message if isinstance(callback.message, Message) else None
        if message is None or in_group:
            return
        data = callback.data or ""
        page = parse_page(data)
        if page is not None:
            await self._turn_page(message, str(callback.from_user.id), *page)
            return
        choice, on_page = pressed_page(data)
        inbound = Inbound(
            channel=CHANNEL,
            chat_id=str(message.chat.id),
            user_id=str(callback.from_user.id),
            at=message.date,
            choice=choice,
            dedupe_key=f"tg:{update_id}",
            display_name=callback.from_user.full_name,
            pressed=str(message.message_id),
            pressed_page=on_page,
            can_send_files=True,
            shows_buttons=True,
            language=callback.from_user.language_code,
        )
        outcome = await self.app.engine.handle(inbound)
        await self._scope_commands(message.chat.id, outcome, callback.from_user.language_code)

    def _pointer(self) -> str:
        """The way to the private chat, in the organisation's language: all a group hears from the bot."""
        return translate(
            self.app.settings.default_locale,
            "Chung Tay works in private chats only, to keep your data private. "
            "Please write to me here: {link}",
        ).format(link=f"https://t.me/{self.username}")

    def _said_to_us(self, message: Message) -> bool:
        """Whether a group's message is said to the bot: a command addressed to it or to no bot (a receipt's
        caption too: “/donggop 500k” under the photo), an answer to one of its messages (“ung ho 500k” in
        reply to its pointer), or a line naming it (“@ChungTayBot đã nhận chưa”). Silence to those would look
        like a gift taken; other talk in the group is the group's."""
        text = message.text if message.text is not None else (message.caption or "")
        if text.startswith("/"):
            command = text.split()[0]
            return "@" not in command or command.split("@", 1)[1].lower() == self.username.lower()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == self.bot.id:
            return True
        return bool(self.username) and self._named.search(text) is not None

    async def _on_group_message(self, update_id: int, message: Message) -> None:
        """Groups: only what is said to us (`_said_to_us`) gets an answer, the pointer to the private chat,
        which never holds personal data; nothing of the message is read or kept. It is an outbox row like
        every reply, at most one a group in `POINTER_EVERY` (decision 0520): fifty members answering the
        pointer at once see it once, not fifty times at Telegram's 20 a minute. Its key names the group and
        the stretch of time, so a redelivered update, or two at once, write it once; the stretch before is
        looked up too, so the pointer is not said twice across a stretch's end."""
        if not self._said_to_us(message):
            return
        locale = self.app.settings.default_locale
        now = self.app.engine.clock()
        chat = str(message.chat.id)
        stretch = int(now.timestamp() // POINTER_EVERY.total_seconds())
        keys = [f"pointer:tg:{chat}:{n}" for n in (stretch, stretch - 1)]
        async with self.app.sessionmaker() as session, session.begin():
            said = await session.scalar(
                select(OutboxMessage.created_at)
                .where(OutboxMessage.key.in_(keys))
                .order_by(OutboxMessage.created_at.desc())
                .limit(1)
            )
            if said is not None and said > now - POINTER_EVERY:
                return
            await enqueue(
                session,
                key=keys[0],
                destination=Destination(CHANNEL, chat),
                message=OutboundMessage(text=self._pointer(), locale=locale),
                now=now,
            )
        for wake in self.app.engine.after_commit:
            wake()

    async def _on_edit(self, update_id: int, message: Message) -> None:
        """A message edited after it was sent: each message is read once, as it came, so the edit changes
        nothing; said, so that nobody believes a corrected figure was taken."""
        if message.from_user is None or message.from_user.is_bot or message.chat.type != PRIVATE:
            return
        await self._reply_directly(
            update_id,
            message,
            lambda locale: translate(
                locale,
                "An edited message changes nothing: I read each message once, as it arrives. If something "
                "should change, please send it again as a new message.",
            ),
        )

    async def _ask_for_text(self, update_id: int, message: Message) -> None:
        """A sticker, a voice message, a video…: said that it cannot be read, the question on screen left
        waiting (rather than read as a wrong answer to it: "please type your full name"). Where the question
        waits for a photo, that photo is asked for, in its own words (decision 0794)."""
        kind = await self.app.engine.photo_asked(CHANNEL, str(message.chat.id))

        def said(locale: str) -> str:
            if kind is not None:
                lead = translate(locale, "Sorry, I cannot read stickers, voice or video messages.")
                return f"{lead} {photo_wanted(locale, kind)}"
            return translate(
                locale,
                "Sorry, I cannot read stickers, voice or video messages. Please type your message, or press "
                "one of the buttons (/menu shows the menu again).",
            )

        await self._reply_directly(update_id, message, said)

    async def _ask_for_a_photo(self, update_id: int, message: Message) -> None:
        """A picture the bot cannot open (decision 0226): said how to send it so that it can, the question on
        screen left waiting; nothing is kept (a treasurer could not have viewed it)."""
        await self._reply_directly(
            update_id,
            message,
            lambda locale: translate(
                locale,
                "Sorry, I cannot open this kind of picture (an iPhone photo sent as a file is in HEIC). "
                "Please send it again as a photo (📎 → Gallery, not File), or send a screenshot of it.",
            ),
        )

    async def _reply_directly(self, update_id: int, message: Message, text: Callable[[str], str]) -> None:
        """`text(locale)` to the message's chat as the update's reply, written with no turn of the engine."""
        assert message.from_user is not None
        await answer_directly(
            self.app,
            channel=CHANNEL,
            chat_id=str(message.chat.id),
            user_id=str(message.from_user.id),
            key=f"reply:tg:{update_id}:0",
            text=text,
            language=message.from_user.language_code,
        )

    async def _download(self, sizes: list[PhotoSize]) -> Photo:
        limit = self.app.settings.max_photo_bytes
        fitting = [s for s in sizes if s.file_size is not None and s.file_size <= limit]
        if not fitting:
            return Photo(sha256=None, path=None, size=max((s.file_size or 0) for s in sizes), too_large=True)
        best = max(fitting, key=lambda s: s.file_size or 0)
        content = await self._fetch(best.file_id)
        if len(content) > limit:
            return Photo(sha256=None, path=None, size=len(content), too_large=True)
        stored = await asyncio.to_thread(store, self.app.settings.media_dir, content)
        return Photo(sha256=stored.sha256, path=stored.path, size=stored.size)

    async def _picture(self, document: TelegramDocument) -> Photo | None:
        """A picture sent as a file (📎 → File, a computer's drag and drop), taken as the photo it is, within
        MAX_PHOTO_BYTES; None when its bytes are no picture after all (it is then a file like any other)."""
        limit = self.app.settings.max_photo_bytes
        if document.file_size is not None and document.file_size > limit:
            return Photo(sha256=None, path=None, size=document.file_size, too_large=True)
        content = await self._fetch(document.file_id)
        if len(content) > limit:
            return Photo(sha256=None, path=None, size=len(content), too_large=True)
        if not is_picture(content):
            return None
        stored = await asyncio.to_thread(store, self.app.settings.media_dir, content)
        return Photo(sha256=stored.sha256, path=stored.path, size=stored.size)

    async def _fetch(self, file_id: str) -> bytes:
        file = await self.bot.get_file(file_id)
        buffer = io.BytesIO()
        await self.bot.download_file(file.file_path or "", destination=buffer)
        return buffer.getvalue()

    async def _take_file(self, chat_id: int, user: str, document: TelegramDocument) -> Attachment:
        """A file sent in the chat (📎 → File): kept by its checksum when the step on screen asks for one
        (Engine.takes_file) and it is a spreadsheet the bot reads (bot.media.file_refusal) within
        MAX_FILE_BYTES; otherwise only why not ("not_asked", "kind", "too_large"), and nothing is
        downloaded."""
        name = document.file_name or ""
        limit = self.app.settings.max_file_bytes
        refused = file_refusal(name, document.file_size, limit)
        if refused is None and not await self.app.engine.takes_file(CHANNEL, str(chat_id), user):
            refused = "not_asked"
        if refused is not None:
            return Attachment(name, sha256=None, path=None, size=document.file_size, refused=refused)
        content = await self._fetch(document.file_id)
        if len(content) > limit:
            return Attachment(name, sha256=None, path=None, size=len(content), refused="too_large")
        stored = await asyncio.to_thread(store, self.app.settings.media_dir, content, file_suffix(name))
        return Attachment(name, sha256=stored.sha256, path=stored.path, size=stored.size)

    # --- calls that leave nothing to keep -----------------------------------------------------------------
    async def _answer(self, callback: CallbackQuery, notice: str | None = None) -> None:
        """Stop the button's spinner (with `notice`, a box only who pressed it sees). Telegram refuses a press
        it no longer waits for ("query is too old": a press made while the bot was down); that is no reason
        to leave the press unanswered in the chat."""
        method = AnswerCallbackQuery(
            callback_query_id=callback.id, text=notice, show_alert=True if notice else None
        )
        await self._best_effort(method, "answering a press")

    async def _turn_page(self, message: Message, user: str, token: str, page: int) -> None:
        """Show another page of the menu on screen: only the buttons change, only while it is current, and
        never for an account an officer took off (decision 0350)."""
        current = await self.app.engine.current_menu(CHANNEL, str(message.chat.id), user)
        if current is None or str(current[0].menu_token) != token:
            return
        reply, locale = current
        chat = message.chat.id
        markup = keyboard(reply, locale, page)
        await self._best_effort(
            EditMessageReplyMarkup(chat_id=chat, message_id=message.message_id, reply_markup=markup),
            "turning a menu's page",
            chat_id=chat,
        )

    async def _scope_commands(self, chat_id: int, outcome: Outcome, language: str | None) -> None:
        """Leaders, officers, treasurers and admins get their own command menu in their private chat (set once
        per process; tried again on a later message if Telegram refused), and so does someone who chose
        another language than their phone's (`language`): Telegram shows a chat the menu of its phone's
        language, whose /donggop an English reader's /help never names. Someone whose roles were taken away
        gets the default menu back at their next message (what this process set; the list is only a hint:
        what a role may do is decided in the domain). A message handled already, or a turn that failed, says
        neither roles nor language: the menu is left as it is."""
        if outcome.duplicate or outcome.failed:
            return
        default_locale = self.app.settings.default_locale
        locale = outcome.locale or default_locale
        extra = outcome.roles & _OWN_COMMANDS
        if not extra and locale == (messenger_locale(language) or default_locale):
            if chat_id in self._scoped_commands:
                cleared = DeleteMyCommands(scope=BotCommandScopeChat(chat_id=chat_id))
                if await self._best_effort(cleared, "clearing a chat's commands"):
                    del self._scoped_commands[chat_id]
            return
        key = f"{locale}:{','.join(sorted(extra))}"
        if self._scoped_commands.get(chat_id) == key:
            return
        method = SetMyCommands(
            commands=commands_for(outcome.roles, locale), scope=BotCommandScopeChat(chat_id=chat_id)
        )
        if await self._best_effort(method, "setting a chat's commands"):
            self._scoped_commands[chat_id] = key

    async def _best_effort(
        self, method: TelegramMethod[Any], what: str, *, chat_id: int | None = None
    ) -> bool:
        """One call within the bot's limits (a chat's allowance when it changes what the chat shows, else only
        the overall one); False when Telegram refused it or did not answer in time, logged without data."""
        if chat_id is None:
            await self.limits.overall.acquire()
        else:
            await self.limits.acquire(str(chat_id))  # the sender's key for the chat: one allowance
        try:
            await self.bot(method, request_timeout=CALL_TIMEOUT)
        except TelegramAPIError as problem:
            log.info("%s: Telegram said no (%s)", what, short_reason(problem))
            return False
        return True
