"""Telegram as a transport: updates become neutral inbound messages for the engine, and the engine's replies
become messages with inline keyboards. No flow logic lives here."""

from __future__ import annotations

import asyncio
import io
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendMessage,
    SendPhoto,
    SetMyCommands,
)
from aiogram.types import (
    BotCommandScopeChat,
    CallbackQuery,
    FSInputFile,
    InlineKeyboardMarkup,
    Message,
    PhotoSize,
    Update,
)

from bot.app import App
from bot.channels.telegram.commands import commands_for
from bot.channels.telegram.render import keyboard, merge_replies, parse_page, split_text
from bot.channels.telegram.sender import TelegramSender
from bot.delivery.limits import Sleep, TelegramLimits
from bot.domain.people import deactivate_identity
from bot.i18n import translate
from bot.media import store
from bot.messages import Inbound, Outcome, Photo, Reply

log = logging.getLogger(__name__)
CHANNEL = "telegram"
PRIVATE = "private"


class TelegramAdapter:
    def __init__(
        self,
        app: App,
        bot: Bot,
        *,
        username: str,
        limits: TelegramLimits | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.app = app
        self.bot = bot
        self.username = username
        self.sender = TelegramSender(
            bot, limits or TelegramLimits(sleep=sleep), on_blocked=self._blocked, sleep=sleep
        )
        self._deliveries: set[asyncio.Task[None]] = set()
        self._scoped_commands: set[str] = set()

    # --- inbound --------------------------------------------------------------------------------------
    async def handle_update(self, update: Update) -> None:
        """Store and process one update. Returns only after the engine committed (or decided to ignore it);
        sending the replies continues in the background, in order per chat."""
        if update.message is not None:
            await self._on_message(update.update_id, update.message)
        elif update.callback_query is not None:
            await self._on_callback(update.update_id, update.callback_query)

    async def _on_message(self, update_id: int, message: Message) -> None:
        if message.from_user is None or message.from_user.is_bot:
            return
        if message.chat.type != PRIVATE:
            await self._on_group_message(message)
            return
        photo = await self._download(message.photo) if message.photo else None
        text = message.text if message.text is not None else (message.caption if photo is None else None)
        if photo is not None and message.caption:
            photo = Photo(
                photo.sha256, photo.path, photo.size, caption=message.caption, too_large=photo.too_large
            )
        inbound = Inbound(
            channel=CHANNEL,
            chat_id=str(message.chat.id),
            user_id=str(message.from_user.id),
            at=message.date,
            text=text,
            photo=photo,
            dedupe_key=f"tg:{update_id}",
            display_name=message.from_user.full_name,
        )
        outcome = await self.app.engine.handle(inbound)
        self._deliver(message.chat.id, outcome)

    async def _on_callback(self, update_id: int, callback: CallbackQuery) -> None:
        message = callback.message if isinstance(callback.message, Message) else None
        data = callback.data or ""
        if message is None or message.chat.type != PRIVATE:
            await self.sender.call(
                callback.from_user.id, AnswerCallbackQuery(callback_query_id=callback.id), message=False
            )
            return
        chat_id = message.chat.id
        page = parse_page(data)
        if page is not None:
            await self._turn_page(callback, message, *page)
            return
        inbound = Inbound(
            channel=CHANNEL,
            chat_id=str(chat_id),
            user_id=str(callback.from_user.id),
            at=message.date,
            choice=data,
            dedupe_key=f"tg:{update_id}",
            display_name=callback.from_user.full_name,
        )
        outcome = await self.app.engine.handle(inbound)
        pressed = _label_of(message, data)
        self._deliver(chat_id, outcome, callback=callback, pressed=message, pressed_label=pressed)

    async def _on_group_message(self, message: Message) -> None:
        """Groups: only commands addressed to us get an answer, and it never holds personal data."""
        text = message.text or ""
        if not text.startswith("/"):
            return
        command = text.split()[0]
        if "@" in command and command.split("@", 1)[1].lower() != self.username.lower():
            return
        answer = translate(
            self.app.settings.default_locale,
            "Chung Tay works in private chats only, to keep your data private. "
            "Please write to me here: {link}",
        ).format(link=f"https://t.me/{self.username}")
        self._spawn(str(message.chat.id), self._send_text(message.chat.id, answer, group=True))

    async def _download(self, sizes: list[PhotoSize]) -> Photo:
        limit = self.app.settings.max_photo_bytes
        fitting = [s for s in sizes if s.file_size is not None and s.file_size <= limit]
        if not fitting:
            return Photo(sha256=None, path=None, size=max((s.file_size or 0) for s in sizes), too_large=True)
        best = max(fitting, key=lambda s: s.file_size or 0)
        file = await self.bot.get_file(best.file_id)
        buffer = io.BytesIO()
        await self.bot.download_file(file.file_path or "", destination=buffer)
        content = buffer.getvalue()
        if len(content) > limit:
            return Photo(sha256=None, path=None, size=len(content), too_large=True)
        stored = await asyncio.to_thread(store, self.app.settings.media_dir, content)
        return Photo(sha256=stored.sha256, path=stored.path, size=stored.size)

    async def _turn_page(self, callback: CallbackQuery, message: Message, token: str, page: int) -> None:
        current = await self.app.engine.current_menu(CHANNEL, str(message.chat.id))
        await self.sender.call(
            message.chat.id, AnswerCallbackQuery(callback_query_id=callback.id), message=False
        )
        if current is None or str(current[0].menu_token) != token:
            return
        reply, locale = current
        markup = keyboard(reply, locale, page)
        await self.sender.call(
            message.chat.id,
            EditMessageReplyMarkup(
                chat_id=message.chat.id, message_id=message.message_id, reply_markup=markup
            ),
        )

    # --- outbound -------------------------------------------------------------------------------------
    def _deliver(
        self,
        chat_id: int,
        outcome: Outcome,
        *,
        callback: CallbackQuery | None = None,
        pressed: Message | None = None,
        pressed_label: str | None = None,
    ) -> None:
        locale = outcome.locale or self.app.settings.default_locale

        async def work() -> None:
            if callback is not None:
                await self.sender.call(
                    chat_id, AnswerCallbackQuery(callback_query_id=callback.id), message=False
                )
            if pressed is not None and outcome.replies:
                replies = await self._settle_pressed(chat_id, pressed, pressed_label, outcome, locale)
            else:
                replies = merge_replies(outcome.replies)
            for reply in replies:
                await self._send_reply(chat_id, reply, locale)
            await self._scope_commands(chat_id, outcome)

        self._spawn(str(chat_id), work())

    async def _settle_pressed(
        self, chat_id: int, pressed: Message, label: str | None, outcome: Outcome, locale: str
    ) -> list[Reply]:
        """Show the answer to a pressed menu in that menu's place when it fits in one message (the way
        Telegram's own menus move from screen to screen: one message, no pile of spent menus); otherwise take
        the menu's buttons away and note what was chosen, so it cannot be pressed twice. Returns what is left
        to send as new messages."""
        first = outcome.replies[0]
        if first.multi and first.choices:  # a toggled option: the same menu, redrawn
            edited = await self._edit(chat_id, pressed, first.text, keyboard(first, locale))
            return merge_replies(outcome.replies[1:] if edited else outcome.replies)
        replies = merge_replies(outcome.replies)
        only = replies[0]
        if outcome.answered_menu and len(replies) == 1 and only.photo is None:
            edited = await self._edit(chat_id, pressed, only.text, keyboard(only, locale), whole=True)
            return [] if edited else replies
        if label is not None and pressed.text:
            await self._edit(chat_id, pressed, f"{pressed.text}\n\n✓ {label}", None)
        return replies

    async def _edit(
        self,
        chat_id: int,
        pressed: Message,
        text: str,
        markup: InlineKeyboardMarkup | None,
        *,
        whole: bool = False,
    ) -> bool:
        """Redraw the pressed message. False when Telegram will not edit it (deleted, too old), or, with
        `whole`, when the text needs more than one message."""
        parts = split_text(text)
        if whole and len(parts) > 1:
            return False
        try:
            await self.sender.call(
                chat_id,
                EditMessageText(
                    chat_id=chat_id, message_id=pressed.message_id, text=parts[0], reply_markup=markup
                ),
            )
        except TelegramBadRequest as problem:
            if "not modified" in problem.message:  # it already shows exactly this
                return True
            log.info("could not edit a pressed message (%s)", problem.message)
            return False
        return True

    async def _send_reply(self, chat_id: int, reply: Reply, locale: str) -> None:
        if reply.photo:
            picture = FSInputFile(self.app.settings.media_dir / reply.photo)
            await self.sender.call(
                chat_id, SendPhoto(chat_id=chat_id, photo=picture, caption=reply.text[:1024])
            )
            return
        parts = split_text(reply.text)
        for index, part in enumerate(parts):
            markup = keyboard(reply, locale) if index == len(parts) - 1 else None
            await self.sender.call(chat_id, SendMessage(chat_id=chat_id, text=part, reply_markup=markup))

    async def _send_text(self, chat_id: int, text: str, *, group: bool = False) -> None:
        for part in split_text(text):
            await self.sender.call(chat_id, SendMessage(chat_id=chat_id, text=part), group=group)

    async def _scope_commands(self, chat_id: int, outcome: Outcome) -> None:
        """Leaders and officers get their own command menu in their private chat (once per process)."""
        extra = outcome.roles & {"leader", "officer", "treasurer", "admin"}
        key = f"{chat_id}:{outcome.locale}:{','.join(sorted(extra))}"
        if not extra or key in self._scoped_commands:
            return
        self._scoped_commands.add(key)
        await self.sender.call(
            chat_id,
            SetMyCommands(
                commands=commands_for(outcome.roles, outcome.locale or "vi"),
                scope=BotCommandScopeChat(chat_id=chat_id),
            ),
            message=False,
        )

    def _spawn(self, chat_id: str, work) -> None:  # type: ignore[no-untyped-def]
        task = asyncio.create_task(self.sender.in_order(chat_id, lambda: work))
        self._deliveries.add(task)
        task.add_done_callback(self._deliveries.discard)

    async def drain(self) -> None:
        """Wait for replies still being sent (at shutdown, and in tests)."""
        while self._deliveries:
            await asyncio.gather(*list(self._deliveries), return_exceptions=True)

    async def _blocked(self, chat_id: str) -> None:
        async with self.app.sessionmaker() as session, session.begin():
            await deactivate_identity(session, CHANNEL, chat_id, now=self.app.engine.clock())


def _label_of(message: Message, data: str) -> str | None:
    markup = message.reply_markup
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
