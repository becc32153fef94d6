"""What the messenger channels share as parts of the runtime: the poller's health, the webhook's secret and
its guard, and the `routes`/`health` a channel gives the web server (bot/runtime.py)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import web
from pydantic import SecretStr

from bot.delivery.limits import Sleep

STOPPED = object()  # what `ask_unless_stopping` gives when the poller was told to stop while it asked


async def ask_unless_stopping(call: Awaitable[Any], stopping: asyncio.Event) -> Any:
    """The answer of a long-polling call for updates, or `STOPPED` when `stopping` is set first. The call
    is cancelled when stopping or when the poller itself is cancelled: no request is left running after
    it, to fail later where nobody reads its error."""
    asking = asyncio.ensure_future(call)
    stopped = asyncio.ensure_future(stopping.wait())
    try:
        await asyncio.wait({asking, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
        if not asking.done():  # stopping (or cancelled) while waiting: nothing taken
            asking.cancel()
            with contextlib.suppress(BaseException):
                await asking
    if asking.cancelled():
        return STOPPED
    return asking.result()


async def back_off_unless_stopping(sleep: Sleep, seconds: float, stopping: asyncio.Event) -> None:
    """A poller's wait after a failure (the messenger down, a 429), cut short when `stopping` is set: a stop
    asked for during an outage ends the poller at once instead of waiting out a back-off of up to minutes
    (decision 2702)."""
    await ask_unless_stopping(sleep(seconds), stopping)


# A poller whose token the messenger refuses while it runs (revoked in BotFather, a new one in .env not yet
# read): /healthz says so in the sender's words, and the log once, with what to do (decision 0355).
TOKEN_REFUSED = "token refused"
TOKEN_REFUSED_WHILE_POLLING = (
    "%s: the messenger refused the bot token while polling: no message is received until %s_BOT_TOKEN holds "
    "the bot's current token and the bot is restarted; asking again meanwhile"
)


@dataclass
class PollerHealth:
    """What `/healthz` says of a poller: "ok", or "degraded" with the kind of the last failure (a 429, a
    server or network error, a conflict), until a call for updates succeeds again."""

    state: str = "starting"
    last_error: str | None = None

    def failed(self, kind: str) -> None:
        self.state, self.last_error = "degraded", kind

    def ok(self) -> None:
        self.state, self.last_error = "ok", None

    def as_dict(self) -> dict[str, str | None]:
        return {"mode": "polling", "state": self.state, "last_error": self.last_error}


def derived_secret(given: SecretStr | None, token: SecretStr | None, salt: str) -> str:
    """The webhook's secret as configured, or one derived from the bot's token, so that restarts keep it."""
    if given is not None:
        return given.get_secret_value()
    assert token is not None
    return hashlib.sha256(f"{salt}:{token.get_secret_value()}".encode()).hexdigest()


def refusal(request: web.Request, header: str, secret: str, *, accepting: bool) -> web.Response | None:
    """Why a webhook call is not taken, if it is not: 401 without our secret in `header` (compared in constant
    time; an empty one never matches), 503 while the bot stops (the messenger delivers it again)."""
    given = request.headers.get(header, "")
    if not secret or not given or not hmac.compare_digest(given.encode(), secret.encode()):
        return web.Response(status=401, text="unauthorized")
    if not accepting:
        return web.Response(status=503, text="stopping")
    return None


class _Webhook(Protocol):
    accepting: bool

    def routes(self) -> list[web.RouteDef]: ...


class PollingOrWebhook:
    """A channel that reads updates either by polling or through its webhook: what it gives the web server."""

    webhook: _Webhook | None
    polling: PollerHealth

    def routes(self) -> list[web.RouteDef]:
        return self.webhook.routes() if self.webhook else []

    def health(self) -> dict[str, object]:
        if self.webhook is not None:
            return {"mode": "webhook", "state": "ok" if self.webhook.accepting else "stopping"}
        return self.polling.as_dict()
