"""The Zalo transport and its limits, as the runtime's sender uses them (bot.delivery.sender)."""

from __future__ import annotations

from bot.app import App
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.transport import ZaloTransport
from bot.delivery.limits import PacedLimits


def make_client(app: App) -> ZaloClient:
    token = app.settings.zalo_bot_token
    if token is None:
        raise ValueError("ZALO_BOT_TOKEN is not set")
    return ZaloClient(token.get_secret_value(), base=app.settings.zalo_api_base)


def zalo_outbound(app: App, client: ZaloClient) -> tuple[ZaloTransport, PacedLimits]:
    settings = app.settings
    transport = ZaloTransport(
        client,
        media_url=settings.zalo_media_url,
        default_locale=settings.default_locale,
        media_dir=settings.media_dir,
        keep_days=settings.generated_files_keep_days,
    )
    limits = PacedLimits(settings.zalo_per_second, settings.zalo_per_chat_per_second)
    return transport, limits
