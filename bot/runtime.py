"""One runtime: the web server, each channel's poller or webhook, the sender and the scheduler, in one
`asyncio.TaskGroup`, and a graceful stop on SIGTERM or SIGINT alike.

The channels are those with a token: Telegram (TELEGRAM_BOT_TOKEN), Zalo (ZALO_BOT_TOKEN), or both side by
side; one sender sends for all of them. `roles` splits the parts across processes (PostgreSQL only):
"inbound" (channels and the web server), "sender", "scheduler" (these two answer /healthz too when WEB_PORT
is set for their process). Stopping goes in order: the channels take no
more updates and finish the turns under way (a webhook answers 503 meanwhile, so the messenger delivers
again), then the sender sends what is due and releases its leases, then the scheduler; each part gets at
most `STOP_WITHIN` seconds. The caller closes the database afterwards (`App.close`).

A messenger that cannot be reached at start keeps nothing else down: the web server (/healthz, the public
pages), the sender and the scheduler start at once, and each channel keeps trying to start in the background;
/healthz says it is "degraded" and why (503) until it runs, and its webhook answers 503 meanwhile (the
messenger delivers again). A token refused at start still ends the process (`Refused`: exit 2)."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import signal
from collections.abc import Awaitable, Callable, Iterator
from typing import Protocol, TypeVar

from aiohttp import web

from bot.app import App
from bot.config import Refused, Settings, t
from bot.delivery.limits import TelegramLimits
from bot.delivery.sender import Limits, Sender, quiet_hours_of
from bot.delivery.transport import Transport
from bot.i18n import Translator
from bot.logs import describe_failure
from bot.public_web import public_routes
from bot.web import make_web_app

log = logging.getLogger(__name__)
ROLES = ("inbound", "sender", "scheduler")
STOP_WITHIN = 10.0
START_RETRY = 1.0  # first wait before asking again a messenger that failed at start-up (doubles up to 60 s)
_Channel = TypeVar("_Channel")


class Part(Protocol):
    name: str

    async def run(self) -> None: ...
    async def stop(self) -> None: ...
    def health(self) -> dict[str, object]: ...


class ChannelPart(Part, Protocol):
    def routes(self) -> list[web.RouteDef]: ...


class StartingChannel:
    """A messenger's channel as a part of the runtime, started in the background: until the messenger answers
    (`_start_channel` asks again, backing off) its health is "degraded" with why, and its webhook route (there
    from the start: the web server cannot add one later) answers 503 so that the messenger delivers again."""

    def __init__(
        self,
        name: str,
        start: Callable[[], Awaitable[ChannelPart]],
        webhook_path: str | None = None,
        unreached: Callable[[str, str], None] | None = None,
    ) -> None:
        self.name = name
        self._start = start
        self.webhook_path = webhook_path
        self.channel: ChannelPart | None = None
        self.problem: str | None = None
        self._stopping = asyncio.Event()
        self._unreached = unreached

    async def run(self) -> None:
        channel = await _start_channel(self.name, self._start, self._stopping, failed=self._failed)
        if channel is None:
            return
        self.channel, self.problem = channel, None
        if not self._stopping.is_set():
            await channel.run()

    def _failed(self, kind: str) -> None:
        if self.problem is None and self._unreached is not None:  # once: the log says each try (2143)
            self._unreached(self.name, kind)
        self.problem = f"cannot start yet: {kind}"

    async def stop(self) -> None:
        self._stopping.set()
        if self.channel is not None:
            await self.channel.stop()

    def health(self) -> dict[str, object]:
        if self.channel is not None:
            return self.channel.health()
        return {"state": "degraded" if self.problem else "starting", "last_error": self.problem}

    def routes(self) -> list[web.RouteDef]:
        return [web.post(self.webhook_path, self._receive)] if self.webhook_path else []

    async def _receive(self, request: web.Request) -> web.StreamResponse:
        routes = self.channel.routes() if self.channel is not None else []
        if not routes:
            return web.Response(status=503, text="starting")
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]] = routes[0].handler
        return await handler(request)


class SenderPart:
    name = "sender"

    def __init__(self, sender: Sender) -> None:
        self.sender = sender

    async def run(self) -> None:
        await self.sender.run()

    async def stop(self) -> None:
        self.sender.stop()

    def health(self) -> dict[str, object]:
        return {"state": self.sender.state, "last_error": self.sender.problem}


async def run(
    app: App,
    roles: tuple[str, ...] = ROLES,
    stopping: asyncio.Event | None = None,
    *,
    unreached: Callable[[str, str], None] | None = None,
) -> None:
    """Start the parts `roles` name, run them until SIGTERM or SIGINT (or `stopping`), stop them in order.
    `unreached` is told once of a messenger that cannot be reached at start (its name and the failure's
    kind), by a channel or by a sender of its own, for the operator's screen: the log alone said it
    (decisions 2143, 2242)."""
    stopping = stopping or asyncio.Event()
    with _stop_on_signals(stopping):  # a signal during start-up stops as soon as the parts run
        try:
            await _run_parts(app, roles, stopping, unreached)
        except ExceptionGroup as failed:  # a channel's token refused at start: said in one line
            refused, _others = failed.split(Refused)
            if refused is None:
                raise
            raise refused.exceptions[0] from None


async def _run_parts(
    app: App,
    roles: tuple[str, ...],
    stopping: asyncio.Event,
    unreached: Callable[[str, str], None] | None = None,
) -> None:
    from bot.channels.telegram.sending import telegram_outbound
    from bot.channels.telegram.service import TelegramChannel
    from bot.channels.telegram.webhook import PATH as TELEGRAM_PATH
    from bot.channels.zalo.sending import make_client, zalo_outbound
    from bot.channels.zalo.service import ZaloChannel
    from bot.channels.zalo.webhook import PATH as ZALO_PATH
    from bot.domain.appeals import hold_over
    from scheduler.leader import Scheduler

    settings = app.settings
    messaging = bool({"inbound", "sender"} & set(roles))
    bot = _telegram_bot(settings) if messaging and settings.telegram_bot_token else None
    zalo = make_client(app) if messaging and settings.zalo_bot_token else None
    outbound: dict[str, tuple[Transport, Limits]] = {}
    lock = []  # named after each bot's id, never its token
    if bot is not None:
        outbound["telegram"] = telegram_outbound(app, bot)
        lock.append(f"telegram-{bot.id}")
    if zalo is not None:
        outbound["zalo"] = zalo_outbound(app, zalo)
        lock.append(f"zalo-{_zalo_bot_id(settings)}")
    sender = None
    if outbound and "sender" in roles:
        sender = Sender(
            app.sessionmaker,
            {name: transport for name, (transport, _limits) in outbound.items()},
            limits={name: limits for name, (_transport, limits) in outbound.items()},
            clock=app.engine.clock,
            lock_name="sender-" + "-".join(lock),
            quiet_hours=quiet_hours_of(settings),
            # an appeal's "Nhắc tôi sau" held over a downtime onto a day off waits (docs/decisions/0246)
            before_sending=lambda session, now: hold_over(session, now=now, settings=settings),
        )
    parts: list[Part] = []
    channels: list[StartingChannel] = []
    web_runner: web.AppRunner | None = None
    if sender:
        app.engine.attach(sender)  # a reply goes out as soon as its turn commits
    try:
        if sender and "inbound" not in roles:  # the channels ask who the bot is as they start; else here
            await _tokens_taken(bot, zalo, unreached)
        if bot and "inbound" in roles:
            limits = outbound["telegram"][1] if sender else TelegramLimits()
            assert isinstance(limits, TelegramLimits)
            channels.append(
                StartingChannel(
                    "telegram",
                    lambda: TelegramChannel.start(app, bot, limits),
                    TELEGRAM_PATH if settings.telegram_webhook_url else None,
                    unreached,
                )
            )
        if zalo and "inbound" in roles:
            channels.append(
                StartingChannel(
                    "zalo",
                    lambda: ZaloChannel.start(app, zalo),
                    ZALO_PATH if settings.zalo_webhook_url else None,
                    unreached,
                )
            )
        parts.extend(channels)
        if sender:
            parts.append(SenderPart(sender))
        if "scheduler" in roles:
            parts.append(Scheduler(app.sessionmaker, settings, clock=app.engine.clock))
        if _listens(settings, roles):  # before a webhook is registered: the messenger may call at once
            routes = [route for channel in channels for route in channel.routes()]
            if "inbound" in roles:  # a drive's public page (decision 0102)
                routes += public_routes(app.sessionmaker, app.engine.clock)
            probes = {part.name: part.health for part in parts}
            web_runner = web.AppRunner(make_web_app(app.sessionmaker, routes, probes))
            await web_runner.setup()
            try:
                await web.TCPSite(web_runner, settings.web_host, settings.web_port).start()
            except OSError as taken:
                raise cannot_listen(f"{settings.web_host}:{settings.web_port}", taken) from None
            log.info(
                "web server on %s:%s: %s",
                settings.web_host,
                settings.web_port,
                "/healthz and the drives' public pages"
                if "inbound" in roles
                else f"/healthz only (a {' and a '.join(roles)})",
            )
        await _run_until_stopped(parts, stopping)
    finally:
        if web_runner is not None:
            await web_runner.cleanup()
        if sender is not None:
            app.engine.detach(sender)
        if bot is not None:
            await bot.session.close()
        if zalo is not None:
            await zalo.close()


def _listens(settings: Settings, roles: tuple[str, ...]) -> bool:
    """Whether this process serves HTTP: always with the inbound part (webhooks, /healthz); a process of the
    sender or scheduler alone only when WEB_PORT is set for it, so that several on one machine never fight
    over the default port and each can be watched on its own (docs/deployment.md)."""
    return "inbound" in roles or "web_port" in settings.model_fields_set


async def _start_channel(
    name: str,
    start: Callable[[], Awaitable[_Channel]],
    stopping: asyncio.Event,
    *,
    longest: float = 60.0,
    failed: Callable[[str], None] | None = None,
) -> _Channel | None:
    """Start a messenger's channel (it asks the messenger who the bot is). A messenger that cannot be
    reached — the network down, its server failing or limiting us — is asked again, backing off up to a
    minute, until it answers (`failed` is told the failure's kind each time); None if the process is told to
    stop meanwhile. A token it refuses ends the process at once, with a message that says so: no waiting
    fixes a wrong token."""
    delay = START_RETRY
    while True:
        try:
            return await start()
        except Exception as problem:
            if _refused_token(problem):
                raise token_refused(name) from None
            if failed is not None:
                failed(_type_name(problem))
            delay = max(delay, float(getattr(problem, "retry_after", 0) or 0))  # a 429 says how long
            log.warning(
                "%s: cannot start yet (%s); trying again in %.0f s", name, describe_failure(problem), delay
            )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), delay)
        if stopping.is_set():
            return None
        delay = min(longest, delay * 2)


async def _tokens_taken(bot, zalo, unreached: Callable[[str, str], None] | None = None) -> None:  # type: ignore[no-untyped-def]
    """A sender of its own asks each messenger who the bot is, once, as it starts: a token revoked would
    otherwise be found only when it leads and sends nothing, holding the lead from a sender that could
    (decision 0403). A token refused: `Refused`, as `run` says it; any other failure leaves it to sending,
    and `unreached` is told it (the messenger's name and the failure's kind), for the operator's screen,
    where the log alone said it (decision 2242)."""
    asked = [("telegram", lambda: bot.get_me(request_timeout=10))] if bot is not None else []
    asked += [("zalo", zalo.get_me)] if zalo is not None else []
    for name, ask in asked:
        try:
            await ask()
        except Exception as problem:
            if _refused_token(problem):
                raise token_refused(name) from None
            if unreached is not None:
                unreached(name, _type_name(problem))
            log.warning("%s: cannot ask who the bot is yet (%s)", name, describe_failure(problem))


REFUSED = t("{name}: the bot token was refused; check {setting}")


def token_refused(name: str) -> Refused:
    """Why a process ends as messenger `name` refuses the bot's token (or it cannot be a token): the setting
    to check, never the token."""
    return Refused(REFUSED, name=name, setting=f"{name.upper()}_BOT_TOKEN")


def refused(name: str, words: Translator) -> str:
    """`token_refused` as the shell says it, in `words`' language: the office's (`chungtay telegram|zalo`)."""
    return token_refused(name).said(words)


# Why a port cannot be opened, in the office's words where an operator meets it (decision 1910): another
# program on it, a port below 1024, an address not this machine's. Any other: the system's own words.
_NOT_LISTENING = {
    errno.EADDRINUSE: t("another program is using this address"),
    errno.EACCES: t("this user may not open this port"),
    errno.EADDRNOTAVAIL: t("this machine has no such address"),
}


def cannot_listen(address: str, taken: OSError) -> Refused:
    """What a process says as it ends because it cannot open its port."""
    words = t("cannot listen on {address} ({why}); set WEB_HOST/WEB_PORT to a free address")
    if (why := _NOT_LISTENING.get(taken.errno or 0)) is not None:
        return Refused(words, marked=("why",), address=address, why=why)
    return Refused(words, address=address, why=os.strerror(taken.errno) if taken.errno else taken)


def _telegram_bot(settings: Settings):  # type: ignore[no-untyped-def]
    """The Bot, or a Refused if TELEGRAM_BOT_TOKEN is not shaped as Telegram's tokens are ("<id>:<secret>";
    aiogram checks it before any call): the same line as a token Telegram refuses, and never the token."""
    from aiogram.utils.token import TokenValidationError

    from bot.channels.telegram.runner import make_bot

    try:
        return make_bot(settings)
    except TokenValidationError:
        raise token_refused("telegram") from None


def _refused_token(problem: Exception) -> bool:
    from aiogram.exceptions import TelegramUnauthorizedError

    from bot.channels.zalo.client import ZaloApiError

    return isinstance(problem, TelegramUnauthorizedError) or (
        isinstance(problem, ZaloApiError) and problem.code == 401
    )


def _type_name(problem: Exception) -> str:
    """The failure's kind, never its message (it may quote a URL with the token): "TelegramNetworkError"."""
    return type(problem).__name__


def _zalo_bot_id(settings: Settings) -> str:
    """The numeric id before the colon of a Zalo token ("<id>:<secret>"): safe to show."""
    assert settings.zalo_bot_token is not None
    return settings.zalo_bot_token.get_secret_value().split(":", 1)[0][:32]


async def _run_until_stopped(parts: list[Part], stopping: asyncio.Event) -> None:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(part.run(), name=part.name) for part in parts]
        await stopping.wait()
        log.info("stopping: %s", ", ".join(part.name for part in parts))
        for part, task in zip(parts, tasks, strict=True):
            try:
                await asyncio.wait_for(_stop(part, task), STOP_WITHIN)
            except TimeoutError:
                log.warning("%s did not stop within %s s: cancelled", part.name, STOP_WITHIN)
    log.info("stopped")


async def _stop(part: Part, task: asyncio.Task[None]) -> None:
    await part.stop()
    await task


@contextlib.contextmanager
def _stop_on_signals(stopping: asyncio.Event) -> Iterator[None]:
    """SIGTERM (systemd, `docker stop`) and SIGINT (Ctrl-C) both ask for the same graceful stop."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, _asked_to_stop, stopping, signum)
    try:
        yield
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


def _asked_to_stop(stopping: asyncio.Event, signum: int) -> None:
    log.info("%s received: stopping gracefully", signal.Signals(signum).name)
    stopping.set()
