"""Telegram's outbound half: the sender's messages as Telegram messages (contract: bot.delivery.transport).

- A text over 4,096 characters goes as several messages, the buttons on the last, whose id is returned.
- A picture goes with the text as its caption; so does a file (sendDocument, uploaded from the media
  directory under the name the message gives it). A text over Telegram's 1,024 characters for a caption
  comes whole right under the bare picture or file, split as a long text is, the buttons on its last part
  (decision 0226): cut to 1,024, the rest of it was lost. A picture Telegram will not take as a photo (its
  sides, its size) goes as a file, which it takes. One gone from the media directory (the clean-up removed
  it) leaves its text to go alone, saying so (decision 0331).
- `edit_of`: the pressed menu becomes the answer when the answer is one text message. Otherwise (a picture, a
  long text, or Telegram refusing the edit: the message is too old or gone) the answer comes as a new message
  and the old menu loses its buttons, so it cannot be pressed again. "Message is not modified" means the
  message already shows the answer: that is success. Before that new message the sender says whether the
  row is still its own (`Parts.go_on`): the two calls before it may have taken their time (decision 1828).
- Telegram's errors become the contract's: 429 → RetryAfter, 403 and a chat it no longer knows ("400 chat
  not found": the account deleted) → Blocked, 401 → Unauthorized (the token), 5xx and the network →
  TryLater, any other refusal → Rejected. Reasons name the status and
  Telegram's words up to the first colon ("400 chat not found"): never the token, never what the message
  said.

Nothing here waits or retries; the sender does both, with one limiter and one pause for the whole bot.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import (
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import FSInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.render import button_label, keyboard, split_text
from bot.conversation.render import with_press_hint
from bot.delivery.transport import (
    Blocked,
    OutboundMessage,
    Parts,
    Rejected,
    RetryAfter,
    TryLater,
    Unauthorized,
    without_gone_media,
)
from bot.i18n import DEFAULT_LOCALE
from bot.messages import BUTTONS, Capabilities

log = logging.getLogger(__name__)
T = TypeVar("T")
CHANNEL = "telegram"
MAX_CAPTION = 1024
# Refusals that mean "these buttons are already gone, or can never be pressed again": nothing to do.
# Refusals of a picture as a photo that a file of it gets past (decision 0226).
_NO_PHOTO = ("PHOTO_", "IMAGE_PROCESS_FAILED", "413 ")
# A private chat Telegram no longer knows (its account deleted): nothing sent there will ever arrive. Told as
# a 403 is: the account is marked blocked and what waits goes to the person's other account (decision 0331).
GONE = ("chat not found", "user not found", "PEER_ID_INVALID")
_NOTHING_TO_CLEAR = ("not modified", "can't be edited", "message to edit not found")


class TelegramTransport:
    name: str = CHANNEL
    capabilities: Capabilities = BUTTONS

    def __init__(self, bot: Bot, media_dir: Path, *, default_locale: str = DEFAULT_LOCALE) -> None:
        self.bot = bot
        self.media_dir = media_dir
        self.default_locale = default_locale

    async def send(self, chat_id: str, message: OutboundMessage, progress: Parts | None = None) -> str:
        chat = _telegram_id(chat_id)
        progress = progress or Parts()
        if (message.photo or message.document) and not progress.sent:  # its picture or file gone: the text
            message = without_gone_media(CHANNEL, message, self.media_dir, self.default_locale)
        markup = self._markup(message)
        parts = split_text(with_press_hint(message.text, message.press_hint))
        if message.edit_of is not None and not progress.sent:  # parts went already: the menu was dealt with
            fits = not message.photo and not message.document and len(parts) == 1
            if fits and await self._edit(chat, message.edit_of, parts[0], markup):
                return message.edit_of
            await self._take_buttons_off(chat, message.edit_of)
            await progress.go_on()  # two calls may have taken their time: still the sender's? (1828)
        if message.photo or message.document:
            return await self._send_media(chat, message, markup, parts, progress)
        # A text over 4,096 characters goes in several messages, the buttons under the last; a retry, or a
        # sender started after a kill, goes on from the first part Telegram did not take (decision 0175).
        return await progress.send_each(
            [
                functools.partial(self._send_text, chat, part, markup if number == len(parts) - 1 else None)
                for number, part in enumerate(parts)
            ]
        )

    async def clear_buttons(self, chat_id: str, message_id: str) -> None:
        try:
            await self._call(
                EditMessageReplyMarkup(
                    chat_id=_telegram_id(chat_id), message_id=_message_id(message_id), reply_markup=None
                )
            )
        except Rejected as refused:
            if not any(words in refused.reason for words in _NOTHING_TO_CLEAR):
                raise

    # --- the parts ------------------------------------------------------------------------------------
    async def _send_text(self, chat: int, text: str, markup: InlineKeyboardMarkup | None) -> str:
        return str((await self._call(SendMessage(chat_id=chat, text=text, reply_markup=markup))).message_id)

    def _markup(self, message: OutboundMessage) -> InlineKeyboardMarkup | None:
        """The menu's buttons (callback data "<menu token>:<choice id>", a long menu paged and opened at
        `message.page`), then actions."""
        menu = keyboard(message.as_reply(), message.locale or self.default_locale, message.page)
        rows = list(menu.inline_keyboard) if menu is not None else []
        rows += [
            [InlineKeyboardButton(text=button_label(label), callback_data=code)]
            for code, label in message.actions
        ]
        return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None

    async def _edit(self, chat: int, message_id: str, text: str, markup: InlineKeyboardMarkup | None) -> bool:
        """Turn the pressed menu into the answer; False when Telegram will not (the caller sends it anew)."""
        if not message_id.isdigit():
            return False
        try:
            await self._call(
                EditMessageText(chat_id=chat, message_id=int(message_id), text=text, reply_markup=markup)
            )
        except Rejected as refused:
            if "not modified" in refused.reason:
                return True
            log.info("a pressed menu could not be edited (%s); sending the answer anew", refused.reason)
            return False
        return True

    async def _take_buttons_off(self, chat: int, message_id: str) -> None:
        """Best effort: the menu an answer could not replace keeps its text and loses its buttons."""
        if not message_id.isdigit():
            return
        try:
            await self.clear_buttons(str(chat), message_id)
        except Rejected as refused:
            log.info("the buttons of an answered menu stay (%s)", refused.reason)

    async def _send_media(
        self,
        chat: int,
        message: OutboundMessage,
        markup: InlineKeyboardMarkup | None,
        parts: list[str],
        progress: Parts,
    ) -> str:
        """A picture or a file with its text as the caption when the text fits one; else the picture or file
        bare, then the text whole in as many messages as it needs, the buttons under the last (decision
        0226). The parts go through `progress`, so a retry never shows the picture twice."""
        if len(parts) == 1 and len(parts[0]) <= MAX_CAPTION:
            return await self._send_medium(chat, message, parts[0] or None, markup)
        return await progress.send_each(
            [
                functools.partial(self._send_medium, chat, message, None, None),
                *(
                    functools.partial(
                        self._send_text, chat, part, markup if number == len(parts) - 1 else None
                    )
                    for number, part in enumerate(parts)
                ),
            ]
        )

    async def _send_medium(
        self, chat: int, message: OutboundMessage, caption: str | None, markup: InlineKeyboardMarkup | None
    ) -> str:
        """The picture, or the file under the name the message gives it, with `caption` (it fits one). A
        picture Telegram will not show as a photo (a long screenshot's sides, over 10 MB) goes as a file."""
        if message.photo is not None:
            path = self._stored(message.photo, "the picture")
            try:
                shown = await self._call(
                    SendPhoto(chat_id=chat, photo=FSInputFile(path), caption=caption, reply_markup=markup)
                )
                return str(shown.message_id)
            except Rejected as refused:
                if not any(words in refused.reason for words in _NO_PHOTO):
                    raise
                log.info("a picture goes as a file (%s)", refused.reason)
            name = path.name
        else:
            assert message.document is not None
            path, name = self._stored(message.document.path, "the file"), message.document.name
        shown = await self._call(
            SendDocument(
                chat_id=chat, document=FSInputFile(path, filename=name), caption=caption, reply_markup=markup
            )
        )
        return str(shown.message_id)

    def _stored(self, relative: str, what: str) -> Path:
        """A file the message names, refused unless it is in the media directory."""
        path = (self.media_dir / relative).resolve()
        if not path.is_relative_to(self.media_dir.resolve()) or not path.is_file():
            raise Rejected(f"{what} is not in the media directory")
        return path

    async def _call(self, method: TelegramMethod[T]) -> T:
        """One Bot API call, its failure told in the contract's words."""
        try:
            return await self.bot(method)
        except TelegramRetryAfter as flood:
            raise RetryAfter(float(flood.retry_after)) from None
        except TelegramUnauthorizedError:
            raise Unauthorized("401 token refused") from None
        except TelegramForbiddenError as refused:
            raise Blocked(f"403 {short_reason(refused)}") from None
        except TelegramMigrateToChat:
            raise Rejected("400 the group is now a supergroup") from None
        except TelegramEntityTooLarge:
            raise Rejected("413 the file is too large") from None
        except TelegramServerError as problem:
            raise TryLater(f"5xx {short_reason(problem)}") from None
        except TelegramNetworkError as problem:
            raise TryLater(f"network: {short_reason(problem)}") from None
        except TelegramBadRequest as refused:
            if (reason := short_reason(refused)) in GONE:  # the account deleted: as if it blocked the bot
                raise Blocked(f"400 {reason}") from None
            raise Rejected(f"400 {reason}") from None
        except TelegramAPIError as problem:  # 404, 409: about the bot, not this message
            raise TryLater(f"{type(problem).__name__}: {short_reason(problem)}") from None
        except ClientDecodeError:
            raise TryLater("an answer that is not the Bot API's (a proxy's error page?)") from None


def short_reason(problem: TelegramAPIError) -> str:
    """Telegram's description up to the first colon, without its "Bad Request: " kind of prefix: "chat not
    found", "message is not modified". What follows a colon can quote the request; it is left out."""
    description = problem.message.strip()
    for prefix in ("Bad Request:", "Forbidden:", "Conflict:", "Unauthorized:", "Not Found:"):
        if description.startswith(prefix):
            description = description[len(prefix) :].strip()
    return description.split(":", 1)[0].strip()[:120] or "no description"


def _telegram_id(chat_id: str) -> int:
    try:
        return int(chat_id)
    except ValueError:
        raise Rejected("not a Telegram chat id") from None


def _message_id(message_id: str) -> int:
    try:
        return int(message_id)
    except ValueError:
        raise Rejected("not a Telegram message id") from None
