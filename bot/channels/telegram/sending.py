"""The Telegram sender: the outbox's rows for Telegram, sent by one process per bot (see bot.delivery.sender).

`chungtay run` starts it next to polling or the webhook; `chungtay send` runs it alone, so that sending can
live in its own process (several may run: one leads, the others stand by and take over if it dies)."""

from __future__ import annotations

import logging

from aiogram import Bot

from bot.app import App
from bot.channels.telegram.runner import make_bot
from bot.channels.telegram.transport import CHANNEL, TelegramTransport
from bot.delivery.limits import TelegramLimits
from bot.delivery.sender import Sender, quiet_hours_of

log = logging.getLogger(__name__)


def telegram_outbound(app: App, bot: Bot) -> tuple[TelegramTransport, TelegramLimits]:
    """This bot's transport and its limits (one allowance, shared with the adapter's own calls)."""
    settings = app.settings
    transport = TelegramTransport(bot, settings.media_dir, default_locale=settings.default_locale)
    limits = TelegramLimits(
        per_second=settings.telegram_per_second, per_chat_per_second=settings.telegram_per_chat_per_second
    )
    return transport, limits


def telegram_sender(app: App, bot: Bot) -> Sender:
    """The sender for this bot, with its limits; the lock is named after the bot's id, never the token."""
    transport, limits = telegram_outbound(app, bot)
    return Sender(
        app.sessionmaker,
        {CHANNEL: transport},
        limits={CHANNEL: limits},
        clock=app.engine.clock,
        lock_name=f"sender-{CHANNEL}-{bot.id}",
        quiet_hours=quiet_hours_of(app.settings),
    )


async def run_sender(app: App) -> None:
    """Send for as long as the process lives."""
    bot = make_bot(app.settings)
    try:
        await telegram_sender(app, bot).run()
    finally:
        await bot.session.close()
