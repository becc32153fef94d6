"""The HTTP side: the routes each channel contributes (Telegram's webhook) and `/healthz`, which reports the
database and every part of the runtime: 200 when all are healthy, 503 otherwise, with a JSON body per part;
and how many outbox messages were given up (`outbox.given_up`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.outbox import given_up

log = logging.getLogger(__name__)
# A part's health: a dict with at least "state"; these states make /healthz answer 503 (a stopping
# process too: the load balancer takes it out of rotation).
Probe = Callable[[], dict[str, object]]
UNHEALTHY = frozenset({"degraded", "failing", "unavailable", "stopping"})
# What every answer says of the server: the bot, never the web server's software and release (decision 0566).
SERVER = "Chung Tay"


def make_web_app(
    sessionmaker: async_sessionmaker[AsyncSession],
    routes: Iterable[web.RouteDef] = (),
    probes: dict[str, Probe] | None = None,
) -> web.Application:
    web_app = web.Application(client_max_size=1024 * 1024)
    probes = probes or {}

    async def named(_request: web.Request, response: web.StreamResponse) -> None:
        response.headers["Server"] = SERVER  # before the web server would add its own name and version

    web_app.on_response_prepare.append(named)

    async def healthz(request: web.Request) -> web.Response:
        """`?part=telegram` (or `telegram,zalo`): the status counts only the database and those parts, so a
        proxy's check of one messenger's webhook is not failed by the other messenger's outage."""
        asked = {name.strip() for name in request.query.get("part", "").split(",") if name.strip()}
        report: dict[str, dict[str, object]] = {}
        try:
            async with sessionmaker() as session:
                await session.execute(text("SELECT 1"))
                failed = await given_up(session)
            report["database"] = {"state": "ok"}
            # Messages given up stay given up: a count that grows means deliveries fail (decision 0213). It
            # does not make the answer 503: the channel works, and one old failure would keep it so for good.
            report["outbox"] = {"state": "ok", "given_up": failed}
        except Exception as problem:
            report["database"] = {"state": "unavailable", "last_error": type(problem).__name__}
        for name, probe in probes.items():
            report[name] = probe()
        counted = [part for name, part in report.items() if not asked or name in asked or name == "database"]
        healthy = all(part.get("state") not in UNHEALTHY for part in counted)
        return web.json_response(report, status=200 if healthy else 503)

    web_app.router.add_routes(list(routes))
    web_app.router.add_get("/healthz", healthz)
    return web_app
