"""Turns of many chats side by side, each chat's one at a time in the order they came: what a webhook (or a
poller that hands updates on) needs so that two messages of one person never race, while other people's
messages do not wait for them. Shared by the Telegram and Zalo channels."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

# Chats handled side by side; each chat's updates one after another.
CHATS_AT_ONCE = 16


class ChatTurns:
    """One lock per chat (kept only while someone holds or waits for it) and a bound on turns at once."""

    def __init__(self, at_once: int = CHATS_AT_ONCE) -> None:
        self._locks: dict[int | str, tuple[asyncio.Lock, int]] = {}
        self._room = asyncio.Semaphore(at_once)
        self.in_progress = 0

    @asynccontextmanager
    async def turn(self, chat: int | str) -> AsyncIterator[None]:
        lock, users = self._locks.get(chat, (asyncio.Lock(), 0))
        self._locks[chat] = (lock, users + 1)
        self.in_progress += 1
        try:
            async with lock, self._room:
                yield
        finally:
            self.in_progress -= 1
            lock, users = self._locks[chat]
            if users == 1:
                del self._locks[chat]
            else:
                self._locks[chat] = (lock, users - 1)
