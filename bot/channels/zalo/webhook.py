"""Zalo's webhook route, `/zalo` on the runtime's web server.

- The `X-Bot-Api-Secret-Token` header must equal our secret (compared in constant time; an empty one never
  matches): otherwise 401 and nothing is stored.
- The verification probe Zalo sends when the webhook is set (an empty body, no Content-Type) gets 200 and is
  not an update. It stores nothing, whatever its headers.
- A body may come bare or wrapped (`{ok, result}`): both are read (bot.channels.zalo.updates).
- 200 only once the update is stored; it is handled right after, in the background (Zalo wants a fast
  answer), and a crash before it is handled loses nothing: stored updates are handled after the restart.
  A database that cannot store it now gets 503. While the bot stops, 503 too."""

from __future__ import annotations

import json
import logging

from aiohttp import web

from bot.channels.parts import refusal
from bot.channels.zalo.adapter import ZaloAdapter
from bot.channels.zalo.updates import updates_in
from bot.logs import describe_failure

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Bot-Api-Secret-Token"
PATH = "/zalo"


class ZaloWebhook:
    def __init__(self, adapter: ZaloAdapter, secret: str) -> None:
        self.adapter = adapter
        self.secret = secret
        self.accepting = True

    def routes(self) -> list[web.RouteDef]:
        return [web.post(PATH, self.receive)]

    def stop(self) -> None:
        """Take no more updates (answered 503); what was stored is handled by the adapter."""
        self.accepting = False

    async def receive(self, request: web.Request) -> web.Response:
        body = await request.read()
        if not body.strip():  # setWebhook's verification probe
            return web.Response(text="ok")
        if refused := refusal(request, SECRET_HEADER, self.secret, accepting=self.accepting):
            return refused
        try:
            updates = updates_in(json.loads(body))
        except (ValueError, RecursionError):  # not JSON, or nested past what the reader follows
            return web.Response(status=400, text="bad update")
        try:
            for raw in updates:
                await self.adapter.accept(raw)
        except Exception as error:  # not stored: say so, so that Zalo may deliver it again
            log.warning("zalo update not stored: %s", describe_failure(error))
            return web.Response(status=503, text="retry later")
        return web.Response(text="ok")
