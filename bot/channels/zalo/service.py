"""The Zalo channel as a part of the runtime (bot/runtime.py): it polls, or, when ZALO_WEBHOOK_URL is set,
contributes `/zalo` to the web server and registers it. Either way it first handles the updates stored but not
handled before the last stop. Replies leave through the sender, a part of its own."""

from __future__ import annotations

import asyncio
import logging

from bot.app import App
from bot.channels.parts import PollerHealth, PollingOrWebhook, derived_secret
from bot.channels.zalo.adapter import ZaloAdapter
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.poller import poll
from bot.channels.zalo.webhook import ZaloWebhook
from bot.config import Settings
from bot.startup import address_shown

log = logging.getLogger(__name__)


def webhook_secret(settings: Settings) -> str:
    """ZALO_WEBHOOK_SECRET, or one derived from the token so restarts keep the same secret (8–256 chars)."""
    return derived_secret(settings.zalo_webhook_secret, settings.zalo_bot_token, "chungtay-zalo-webhook")


async def set_webhook(client: ZaloClient, settings: Settings) -> object:
    if not settings.zalo_webhook_url:
        raise ValueError("ZALO_WEBHOOK_URL is not set")
    return await client.set_webhook(settings.zalo_webhook_url, webhook_secret(settings))


class ZaloChannel(PollingOrWebhook):
    name = "zalo"

    def __init__(self, app: App, client: ZaloClient, adapter: ZaloAdapter, *, poll_timeout: int = 30) -> None:
        self.app = app
        self.client = client
        self.adapter = adapter
        self.poll_timeout = poll_timeout
        self.webhook = (
            ZaloWebhook(adapter, webhook_secret(app.settings)) if app.settings.zalo_webhook_url else None
        )
        self.polling = PollerHealth()
        self._stopping = asyncio.Event()

    @classmethod
    async def start(cls, app: App, client: ZaloClient, **options: int) -> ZaloChannel:
        """Ask Zalo who we are: the bot's id tells its own messages, which Zalo may deliver back, apart."""
        me = await client.get_me()
        return cls(app, client, ZaloAdapter(app, client, bot_id=me.id), **options)

    async def run(self) -> None:
        """Handle what is left from before, then poll until stopped (or, with a webhook, set it and wait);
        then let the updates taken be handled. Cancelled, it leaves them stored for the next start."""
        try:
            await self.adapter.replay()
            if self.webhook is None:
                log.info("zalo: polling")
                await poll(
                    self.adapter,
                    self.client,
                    timeout=self.poll_timeout,
                    health=self.polling,
                    stopping=self._stopping,
                )
            else:
                await set_webhook(self.client, self.app.settings)
                log.info("zalo: webhook set to %s", address_shown(self.app.settings.zalo_webhook_url))
                await self._stopping.wait()
            await self.adapter.finish()
        finally:
            self.adapter.cancel()

    async def stop(self) -> None:
        """Take no more updates; `run` returns once the ones taken are handled."""
        self._stopping.set()
        if self.webhook is not None:
            self.webhook.stop()
