"""`chungtay run` with a Telegram token: polling by default, webhook mode when TELEGRAM_WEBHOOK_URL is set;
next to either, the sender, which delivers what the turns wrote to the outbox."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging

from aiohttp import web

from bot.app import App
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.commands import set_default_commands
from bot.channels.telegram.runner import make_bot, poll, set_webhook, webhook_secret
from bot.channels.telegram.sending import telegram_sender
from bot.channels.telegram.transport import CHANNEL
from bot.delivery.limits import TelegramLimits
from bot.delivery.sender import Sender
from bot.web import make_web_app

log = logging.getLogger(__name__)
# How long a stopping bot keeps sending what is already in the outbox.
LAST_ROUND = 10.0


async def run_telegram(app: App) -> None:
    settings = app.settings
    bot = make_bot(settings)
    sender: Sender | None = None
    sending: asyncio.Task[None] | None = None
    try:
        me = await bot.get_me()
        sender = telegram_sender(app, bot)
        app.engine.after_commit.append(sender.wake)
        sending = asyncio.create_task(sender.run(), name="telegram sender")
        limits = sender.limits[CHANNEL]
        assert isinstance(limits, TelegramLimits)
        # The adapter's own calls (answering presses, page turns) count against the sender's allowance.
        adapter = TelegramAdapter(app, bot, username=me.username or "", limits=limits)
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
        if sender is not None and sending is not None:
            app.engine.after_commit.remove(sender.wake)
            await stop_sending(sender, sending)
        await bot.session.close()


async def stop_sending(sender: Sender, sending: asyncio.Task[None], *, within: float = LAST_ROUND) -> None:
    """Replies committed before the stop still go out: the leading sender sends what is due, for at most
    `within` seconds, then stops. (A sender standing by leaves the rows to the one that leads.)"""
    try:
        if sender.leading:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(sender.drain(), within)
    finally:
        sending.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sending
