"""Telegram's webhook route. An update is answered 200 only after it is stored; anything else gets an error
status so Telegram delivers it again. Each chat's updates are handled one at a time, in the order they came,
and at most `CHATS_AT_ONCE` turns at once; while the bot stops, updates get 503 (Telegram delivers again)."""

from __future__ import annotations

import asyncio
import logging

from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.channels.chat_turns import ChatTurns
from bot.channels.parts import refusal
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.runner import CHATS_AT_ONCE, chat_of, worth_retrying
from bot.logs import describe_failure

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PATH = "/telegram"


class TelegramWebhook:
    def __init__(self, adapter: TelegramAdapter, secret: str) -> None:
        self.adapter = adapter
        self.secret = secret
        self.turns = ChatTurns(CHATS_AT_ONCE)
        self.accepting = True

    def routes(self) -> list[web.RouteDef]:
        return [web.post(PATH, self.receive)]

    async def stop(self) -> None:
        """Take no more updates (answered 503, so Telegram delivers them again) and let the turns under way
        finish."""
        self.accepting = False
        while self.turns.in_progress:
            await asyncio.sleep(0.01)

    async def receive(self, request: web.Request) -> web.Response:
        if refused := refusal(request, SECRET_HEADER, self.secret, accepting=self.accepting):
            return refused
        try:
            update = Update.model_validate(await request.json(), context={"bot": self.adapter.bot})
        except (
            ValueError,
            ValidationError,
            RecursionError,
        ):  # not JSON, or nested past what the reader follows
            return web.Response(status=400, text="bad update")
        try:
            async with self.turns.turn(chat_of(update)):
                await self.adapter.handle_update(update)
        except Exception as error:
            if worth_retrying(error):  # nothing stored: Telegram delivers it again later
                log.warning("update %s not stored yet: %s", update.update_id, describe_failure(error))
                return web.Response(status=503, text="retry later")
            # Anything else would fail the same way every time: acknowledged, never redelivered.
            log.error("update %s skipped: %s", update.update_id, describe_failure(error))
        return web.Response(text="ok")
