"""One runtime: the web server, each channel's poller or webhook, the sender and the scheduler, in one
`asyncio.TaskGroup`, and a graceful stop on SIGTERM or SIGINT alike.

`roles` splits the parts across processes (PostgreSQL only): "inbound" (channels and the web server),
"sender", "scheduler". Stopping goes in order: the channels take no more updates and finish the turns under
way (a webhook answers 503 meanwhile, so Telegram delivers again), then the sender sends what is due and
releases its leases, then the scheduler; each part gets at most `STOP_WITHIN` seconds. The caller closes the
database afterwards (`App.close`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator
from typing import Protocol

from aiohttp import web

from bot.app import App
from bot.delivery.limits import TelegramLimits
from bot.delivery.sender import Sender
from bot.web import make_web_app

log = logging.getLogger(__name__)
ROLES = ("inbound", "sender", "scheduler")
STOP_WITHIN = 10.0


class Part(Protocol):
    name: str

    async def run(self) -> None: ...
    async def stop(self) -> None: ...
    def health(self) -> dict[str, object]: ...


class SenderPart:
    name = "sender"

    def __init__(self, sender: Sender) -> None:
        self.sender = sender

    async def run(self) -> None:
        await self.sender.run()

    async def stop(self) -> None:
        self.sender.stop()

    def health(self) -> dict[str, object]:
        return {"state": self.sender.state, "last_error": self.sender.last_error}


async def run(app: App, roles: tuple[str, ...] = ROLES, stopping: asyncio.Event | None = None) -> None:
    """Start the parts `roles` name, run them until SIGTERM or SIGINT (or `stopping`), stop them in order."""
    stopping = stopping or asyncio.Event()
    with _stop_on_signals(stopping):  # a signal during start-up stops as soon as the parts run
        await _run_parts(app, roles, stopping)


async def _run_parts(app: App, roles: tuple[str, ...], stopping: asyncio.Event) -> None:
    from bot.channels.telegram.runner import make_bot
    from bot.channels.telegram.sending import telegram_sender
    from bot.channels.telegram.service import TelegramChannel
    from bot.channels.telegram.transport import CHANNEL
    from scheduler.leader import Scheduler

    settings = app.settings
    bot = make_bot(settings) if {"inbound", "sender"} & set(roles) else None
    sender = telegram_sender(app, bot) if bot and "sender" in roles else None
    parts: list[Part] = []
    channels: list[TelegramChannel] = []
    web_runner: web.AppRunner | None = None
    if sender:
        app.engine.attach(sender)  # a reply goes out as soon as its turn commits
    try:
        if bot and "inbound" in roles:
            limits = sender.limits[CHANNEL] if sender else TelegramLimits()
            assert isinstance(limits, TelegramLimits)
            channels.append(await TelegramChannel.start(app, bot, limits))
            parts.extend(channels)
        if sender:
            parts.append(SenderPart(sender))
        if "scheduler" in roles:
            parts.append(Scheduler(app.sessionmaker, settings, clock=app.engine.clock))
        if "inbound" in roles:  # listening before a webhook is registered: Telegram may call at once
            routes = [route for channel in channels for route in channel.routes()]
            probes = {part.name: part.health for part in parts}
            web_runner = web.AppRunner(make_web_app(app.sessionmaker, routes, probes))
            await web_runner.setup()
            await web.TCPSite(web_runner, settings.web_host, settings.web_port).start()
            log.info("web server on %s:%s (/healthz)", settings.web_host, settings.web_port)
        await _run_until_stopped(parts, stopping)
    finally:
        if web_runner is not None:
            await web_runner.cleanup()
        if sender is not None:
            app.engine.detach(sender)
        if bot is not None:
            await bot.session.close()


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
