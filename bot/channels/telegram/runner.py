"""Running the Telegram channel: the Bot object, long polling, and webhook mode."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import DeleteWebhook, GetUpdates, SetWebhook
from aiogram.types import Update
from tenacity import AsyncRetrying, retry_if_exception, wait_exponential

from bot.channels.parts import (
    STOPPED,
    TOKEN_REFUSED,
    TOKEN_REFUSED_WHILE_POLLING,
    PollerHealth,
    ask_unless_stopping,
    back_off_unless_stopping,
    derived_secret,
)
from bot.channels.telegram.adapter import TelegramAdapter
from bot.config import Settings
from bot.db.errors import is_transient
from bot.delivery.limits import Sleep
from bot.logs import describe_failure

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
# Chats handled side by side; each chat's updates one after another.
CHATS_AT_ONCE = 16


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
    return derived_secret(settings.telegram_webhook_secret, settings.telegram_bot_token, "chungtay-webhook")


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


def _failure_kind(problem: Exception) -> str:
    if isinstance(problem, TelegramRetryAfter):
        return "flood control (429)"
    if isinstance(problem, TelegramConflictError):
        return "conflict (409)"
    if isinstance(problem, TelegramServerError):
        return "server error (5xx)"
    if isinstance(problem, TelegramNetworkError):
        return "network error"
    if isinstance(problem, TelegramUnauthorizedError):
        return TOKEN_REFUSED
    return type(problem).__name__


def chat_of(update: Update) -> int | str:
    """The chat an update belongs to: its updates are handled one after another, in order."""
    message = update.message or update.edited_message
    if message is not None:
        return message.chat.id
    callback = update.callback_query
    if callback is not None:
        if callback.message is not None:
            return callback.message.chat.id
        return f"user:{callback.from_user.id}"
    return f"update:{update.update_id}"


async def process_batch(
    adapter: TelegramAdapter,
    updates: list[Update],
    *,
    at_once: int = CHATS_AT_ONCE,
    sleep: Sleep = asyncio.sleep,
) -> None:
    """Different chats side by side (at most `at_once` at a time), each chat's updates in order; returns once
    every update is stored or skipped."""
    by_chat: dict[int | str, list[Update]] = defaultdict(list)
    for update in updates:
        by_chat[chat_of(update)].append(update)
    room = asyncio.Semaphore(at_once)

    async def one_chat(chat_updates: list[Update]) -> None:
        async with room:
            for update in chat_updates:
                await process(adapter, update, sleep=sleep)

    await asyncio.gather(*(one_chat(chat_updates) for chat_updates in by_chat.values()))


async def poll(
    adapter: TelegramAdapter,
    bot: Bot,
    *,
    timeout: int = 30,
    sleep: Sleep = asyncio.sleep,
    health: PollerHealth | None = None,
    stopping: asyncio.Event | None = None,
) -> None:
    """Long polling that acknowledges a batch (by asking past it) only after all its updates were stored.
    It never gives up: a 429 waits Telegram's `retry_after`, any other failure backs off (up to a minute),
    and `health` says it is degraded meanwhile. When `stopping` is set it takes no more updates, finishes the
    batch in hand, acknowledges it and returns."""
    health = health or PollerHealth()
    stopping = stopping or asyncio.Event()
    offset: int | None = None
    failures = 0
    webhook_deleted = False
    while not stopping.is_set():
        try:
            if not webhook_deleted:
                await bot(DeleteWebhook(drop_pending_updates=False))
                webhook_deleted = True
            updates = await ask_unless_stopping(
                bot(GetUpdates(offset=offset, timeout=timeout, allowed_updates=ALLOWED_UPDATES)), stopping
            )
            if updates is STOPPED:  # stopping while waiting for updates: none taken
                break
        except Exception as problem:
            failures += 1
            said_before = health.last_error
            health.failed(_failure_kind(problem))
            if isinstance(problem, TelegramRetryAfter):
                log.warning("getUpdates: Telegram asks to wait %s s", problem.retry_after)
                await back_off_unless_stopping(sleep, problem.retry_after, stopping)
            elif health.last_error == TOKEN_REFUSED:  # revoked while running: said once, polled on meanwhile
                if said_before != TOKEN_REFUSED:
                    log.error(TOKEN_REFUSED_WHILE_POLLING, "telegram", "TELEGRAM")
                await back_off_unless_stopping(sleep, min(60, 2**failures), stopping)
            else:
                log.warning("getUpdates failed (%s); retrying", describe_failure(problem))
                await back_off_unless_stopping(sleep, min(60, 2**failures), stopping)
            continue
        failures = 0
        health.ok()
        if updates:
            await process_batch(adapter, updates, sleep=sleep)
            offset = updates[-1].update_id + 1
    if offset is not None:  # acknowledge the last batch, so a restart does not fetch it again
        with contextlib.suppress(Exception):
            await bot(GetUpdates(offset=offset, timeout=0, limit=1), request_timeout=5)


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
