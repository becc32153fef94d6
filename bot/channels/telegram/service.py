"""`chungtay run` with a Telegram token: polling by default, webhook mode when TELEGRAM_WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import gc
import logging

from aiohttp import web

from bot.app import App
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.commands import set_default_commands
from bot.channels.telegram.runner import make_bot, poll, set_webhook, webhook_secret
from bot.web import make_web_app

log = logging.getLogger(__name__)


async def run_telegram(app: App) -> None:
    settings = app.settings
    bot = make_bot(settings)
    adapter: TelegramAdapter | None = None
    try:
        me = await bot.get_me()
        adapter = TelegramAdapter(app, bot, username=me.username or "")
        await set_default_commands(bot, settings.default_locale)
        # Everything built at start-up lives as long as the process: keep it out of full collections,
        # which otherwise walk it every time and pause every chat for a few hundred milliseconds.
        gc.freeze()
        if settings.telegram_webhook_url:
            # Listen first: Telegram may deliver as soon as the webhook is set.
            runner = web.AppRunner(make_web_app(app, adapter, secret=webhook_secret(settings)))
            await runner.setup()
            await web.TCPSite(runner, settings.web_host, settings.web_port).start()
            await set_webhook(bot, settings)
            log.info("webhook mode on %s:%s for @%s", settings.web_host, settings.web_port, me.username)
            try:
                await asyncio.Event().wait()
            finally:
                await runner.cleanup()
        else:
            log.info("polling mode for @%s", me.username)
            await poll(adapter, bot)
    finally:
        if adapter is not None:
            await adapter.drain()  # replies already committed still go out on shutdown
        await bot.session.close()
