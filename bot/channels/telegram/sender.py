"""Calling Telegram within its limits: one shared limiter, 429 waits `retry_after`, a blocked user (403) is
reported once and never retried, network and server errors back off. Messages to one chat keep their order."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiogram import Bot
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from bot.delivery.limits import Sleep, TelegramLimits

log = logging.getLogger(__name__)
T = TypeVar("T")
_backoff = wait_exponential(multiplier=0.5, max=30)


def _wait(state: RetryCallState) -> float:
    error = state.outcome.exception() if state.outcome else None
    if isinstance(error, TelegramRetryAfter):
        return float(error.retry_after)
    return _backoff(state)


class Blocked(Exception):
    """The person blocked the bot: their identity is now inactive."""


class TelegramSender:
    def __init__(
        self,
        bot: Bot,
        limits: TelegramLimits,
        *,
        on_blocked: Callable[[str], Awaitable[None]],
        sleep: Sleep = asyncio.sleep,
        attempts: int = 6,
    ) -> None:
        self.bot = bot
        self.limits = limits
        self.on_blocked = on_blocked
        self.sleep = sleep
        self.attempts = attempts
        self._chats: dict[str, tuple[asyncio.Lock, list[int]]] = {}

    async def call(
        self, chat_id: int | str, method: TelegramMethod[T], *, group: bool = False, message: bool = True
    ) -> T:
        """Call Telegram for a chat. `message=False` for calls that put nothing in the chat (answering a
        button, setting commands): they count toward the overall limit only."""
        retrying = AsyncRetrying(
            retry=retry_if_exception_type((TelegramRetryAfter, TelegramNetworkError, TelegramServerError)),
            wait=_wait,
            stop=stop_after_attempt(self.attempts),
            sleep=self.sleep,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    if message:
                        await self.limits.acquire(chat_id, group=group)
                    else:
                        await self.limits.overall.acquire()
                    return await self.bot(method)
        except TelegramForbiddenError:
            log.info("chat %s blocked the bot; marking it inactive", chat_id)
            await self.on_blocked(str(chat_id))
            raise Blocked(str(chat_id)) from None
        raise AssertionError("unreachable")

    async def in_order(self, chat_id: str, work: Callable[[], Awaitable[Any]]) -> None:
        """Run `work` after earlier work for the same chat (asyncio locks are first come, first served)."""
        lock, pending = self._chats.setdefault(chat_id, (asyncio.Lock(), [0]))
        pending[0] += 1
        try:
            async with lock:
                await work()
        except Blocked:
            pass
        except Exception:
            log.exception("delivery to a chat failed")
        finally:
            pending[0] -= 1
            if pending[0] == 0:
                del self._chats[chat_id]
