"""Running the Telegram channel: the Bot object, long polling, and webhook mode."""

from __future__ import annotations

import asyncio
import hashlib
import logging

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramConflictError, TelegramNetworkError, TelegramServerError
from aiogram.methods import DeleteWebhook, GetUpdates, SetWebhook
from aiogram.types import Update
from tenacity import AsyncRetrying, retry_if_exception, wait_exponential

from bot.channels.telegram.adapter import TelegramAdapter
from bot.config import Settings
from bot.db.errors import is_transient
from bot.delivery.limits import Sleep
from bot.logs import describe_failure

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query"]


def keep_response_models() -> list[type]:
    """aiogram validates every answer as `Response[T]`; pydantic caches that generic class only weakly, so
    each garbage collection drops it and the next call rebuilds it (milliseconds each time). Holding the
    classes for the methods we call keeps them built once."""
    from aiogram import methods as m
    from aiogram.methods.base import Response

    methods = (
        m.AnswerCallbackQuery,
        m.DeleteWebhook,
        m.EditMessageReplyMarkup,
        m.EditMessageText,
        m.GetFile,
        m.GetMe,
        m.GetUpdates,
        m.SendMessage,
        m.SendPhoto,
        m.SetMyCommands,
        m.SetWebhook,
    )
    return [Response[method.__returning__] for method in methods]  # type: ignore[name-defined]


_RESPONSE_MODELS: list[type] = []


def make_bot(settings: Settings) -> Bot:
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    if not _RESPONSE_MODELS:
        _RESPONSE_MODELS.extend(keep_response_models())
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    return Bot(token=settings.telegram_bot_token.get_secret_value(), session=session)


def webhook_secret(settings: Settings) -> str:
    """TELEGRAM_WEBHOOK_SECRET, or one derived from the token so restarts keep the same secret."""
    if settings.telegram_webhook_secret is not None:
        return settings.telegram_webhook_secret.get_secret_value()
    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    return hashlib.sha256(f"chungtay-webhook:{token}".encode()).hexdigest()


def worth_retrying(error: BaseException) -> bool:
    """A busy or unreachable database, or Telegram's network failing while a photo downloads: the same
    update can succeed later, so it is not acknowledged. (A failure inside a step never gets here: the engine
    rolls it back and apologises.)"""
    return is_transient(error) or isinstance(error, TelegramNetworkError | TelegramServerError)


async def process(adapter: TelegramAdapter, update: Update, *, sleep: Sleep = asyncio.sleep) -> bool:
    """Handle an update. Transient failures are retried, backing off up to a minute between tries, for as
    long as they last (nothing is acknowledged that is not stored); any other failure is logged once and the
    update skipped (False), so it cannot hold up the updates behind it."""
    try:
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(worth_retrying),
            wait=wait_exponential(multiplier=0.5, max=60),
            sleep=sleep,
            reraise=True,
        ):
            with attempt:
                await adapter.handle_update(update)
        return True
    except Exception as error:
        log.error("update %s skipped: %s", update.update_id, describe_failure(error))
        return False


async def poll(
    adapter: TelegramAdapter, bot: Bot, *, timeout: int = 30, sleep: Sleep = asyncio.sleep
) -> None:
    """Long polling that acknowledges an update (by asking past it) only after it was stored and processed."""
    await bot(DeleteWebhook(drop_pending_updates=False))
    offset: int | None = None
    failures = 0
    while True:
        try:
            updates = await bot(GetUpdates(offset=offset, timeout=timeout, allowed_updates=ALLOWED_UPDATES))
            failures = 0
        except TelegramConflictError:
            log.warning("another bot instance or a webhook is taking the updates; retrying")
            failures += 1
            await sleep(min(60, 2**failures))
            continue
        except (TelegramNetworkError, TelegramServerError) as problem:
            failures += 1
            log.warning("getUpdates failed (%s); retrying", type(problem).__name__)
            await sleep(min(60, 2**failures))
            continue
        for update in updates:
            await process(adapter, update, sleep=sleep)
            offset = update.update_id + 1


async def set_webhook(bot: Bot, settings: Settings) -> None:
    if not settings.telegram_webhook_url:
        raise ValueError("TELEGRAM_WEBHOOK_URL is not set")
    await bot(
        SetWebhook(
            url=settings.telegram_webhook_url,
            secret_token=webhook_secret(settings),
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )
    )
