"""The HTTP side: Telegram's webhook and a health check. An update is answered 200 only after it is stored;
anything else gets an error status so Telegram delivers it again."""

from __future__ import annotations

import hmac
import logging

from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError
from sqlalchemy import text

from bot.app import App
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.runner import worth_retrying
from bot.logs import describe_failure

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def make_web_app(app: App, adapter: TelegramAdapter | None, *, secret: str | None) -> web.Application:
    web_app = web.Application(client_max_size=1024 * 1024)

    async def telegram(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if adapter is None or not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=401, text="unauthorized")
        try:
            update = Update.model_validate(await request.json(), context={"bot": adapter.bot})
        except (ValueError, ValidationError):
            return web.Response(status=400, text="bad update")
        try:
            await adapter.handle_update(update)
        except Exception as error:
            if worth_retrying(error):  # nothing stored: Telegram delivers it again later
                log.warning("update %s not stored yet: %s", update.update_id, describe_failure(error))
                return web.Response(status=503, text="retry later")
            # Anything else would fail the same way every time: acknowledged, never redelivered.
            log.error("update %s skipped: %s", update.update_id, describe_failure(error))
        return web.Response(text="ok")

    async def healthz(_request: web.Request) -> web.Response:
        try:
            async with app.sessionmaker() as session:
                await session.execute(text("SELECT 1"))
        except Exception:
            return web.Response(status=503, text="database unavailable")
        return web.Response(text="ok")

    web_app.router.add_post("/telegram", telegram)
    web_app.router.add_get("/healthz", healthz)
    return web_app
