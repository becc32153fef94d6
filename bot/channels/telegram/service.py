"""The Telegram channel as a part of the runtime (bot/runtime.py): it reads updates by long polling, or, when
TELEGRAM_WEBHOOK_URL is set, contributes the webhook route to the web server and registers it. Replies leave
through the sender, a part of its own."""

from __future__ import annotations

import asyncio
import gc
import logging

from aiogram import Bot

from bot.app import App
from bot.channels.parts import PollerHealth, PollingOrWebhook
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.commands import set_default_commands
from bot.channels.telegram.runner import poll, set_webhook, webhook_secret
from bot.channels.telegram.webhook import TelegramWebhook
from bot.delivery.limits import TelegramLimits
from bot.startup import address_shown

log = logging.getLogger(__name__)


class TelegramChannel(PollingOrWebhook):
    name = "telegram"

    def __init__(self, app: App, bot: Bot, adapter: TelegramAdapter) -> None:
        self.app = app
        self.bot = bot
        self.adapter = adapter
        self.webhook = (
            TelegramWebhook(adapter, webhook_secret(app.settings))
            if app.settings.telegram_webhook_url
            else None
        )
        self.polling = PollerHealth()
        self._stopping = asyncio.Event()

    @classmethod
    async def start(cls, app: App, bot: Bot, limits: TelegramLimits) -> TelegramChannel:
        """Ask Telegram who we are and set the command menus. `limits` are the sender's when it runs in this
        process: the adapter's own calls (answering presses, page turns) count against one allowance."""
        me = await bot.get_me()
        await set_default_commands(bot, app.settings.default_locale)
        return cls(app, bot, TelegramAdapter(app, bot, username=me.username or "", limits=limits))

    async def run(self) -> None:
        """Poll until stopped; in webhook mode (the web server listens already) set the webhook and wait."""
        # Everything built at start-up lives as long as the process: keep it out of full collections,
        # which otherwise walk it every time and pause every chat for a few hundred milliseconds.
        gc.freeze()
        if self.webhook is None:
            log.info("telegram: polling")
            await poll(self.adapter, self.bot, health=self.polling, stopping=self._stopping)
        else:
            await set_webhook(self.bot, self.app.settings)
            log.info("telegram: webhook set to %s", address_shown(self.app.settings.telegram_webhook_url))
            await self._stopping.wait()

    async def stop(self) -> None:
        """Take no more updates and let the turns under way finish."""
        self._stopping.set()
        if self.webhook is not None:
            await self.webhook.stop()
