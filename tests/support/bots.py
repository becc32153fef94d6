"""aiogram's Bot on the fake Bot API server (tests/support/fake_telegram.py)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from tests.support.fake_telegram import FakeTelegram


class LocalSession(AiohttpSession):
    """aiogram's own session, except that close() skips the 250 ms wait meant for SSL connections."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def make_bot(tg: FakeTelegram, token: str | None = None) -> Bot:
    return Bot(token or tg.token, session=LocalSession(api=TelegramAPIServer.from_base(tg.base_url)))
