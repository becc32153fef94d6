"""aiogram's Bot on the fake Bot API server (tests/support/fake_telegram.py)."""

from __future__ import annotations

import copy
import functools
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer

from tests.support.fake_telegram import FakeTelegram


@functools.cache
def _made_once() -> AiohttpSession:
    """One of aiogram's sessions, never opened: its connector's settings serve every LocalSession."""
    return AiohttpSession()


class LocalSession(AiohttpSession):
    """aiogram's own session, except that it reads no TLS certificates of its own and close() skips the 250 ms
    wait meant for SSL connections.

    aiogram's constructor reads certifi's bundle into a new TLS context for each session (about 50 ms), and
    the tests make a session a test. A LocalSession sets up its base (the server, the timeout) as aiogram does
    and takes the rest of what aiogram's constructor sets, the connector's settings with their context, from
    one session made once a process: each its own copy of the settings, the context shared (decision 2911)."""

    def __init__(self, **kwargs: Any) -> None:
        BaseSession.__init__(self, **kwargs)
        for name, value in vars(_made_once()).items():
            if name not in vars(self):
                setattr(self, name, copy.copy(value))

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def make_bot(tg: FakeTelegram, token: str | None = None) -> Bot:
    return Bot(token or tg.token, session=LocalSession(api=TelegramAPIServer.from_base(tg.base_url)))
