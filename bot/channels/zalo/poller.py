"""Zalo by long polling: getUpdates returns one update at a time and has no offset (what it returns is
consumed), so each update is stored before the next poll (bot.channels.zalo.adapter) and handled from there.

`deleteWebhook` comes first (polling and a webhook exclude each other). An idle poll is Zalo's `ok: false`
408: normal. Polling too fast is stopped by a front proxy with an HTML 429 page: the client reads it as a
quota error, and the poller backs off harder than after other failures. It never ends the process; while it
fails, `/healthz` says degraded with the kind of the last failure.

The one window Zalo's API leaves: an update Zalo handed over in the instant the process was killed (or the
poll cancelled at a stop), before it was stored, is gone; there is no offset to ask for it again."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from tenacity import AsyncRetrying, retry_if_exception, wait_exponential

from bot.channels.parts import (
    STOPPED,
    TOKEN_REFUSED,
    TOKEN_REFUSED_WHILE_POLLING,
    PollerHealth,
    ask_unless_stopping,
    back_off_unless_stopping,
)
from bot.channels.zalo.adapter import ZaloAdapter
from bot.channels.zalo.client import IDLE, ZaloApiError, ZaloClient, ZaloError, ZaloUnavailable
from bot.channels.zalo.updates import updates_in
from bot.db.errors import is_transient
from bot.delivery.limits import Sleep
from bot.logs import describe_failure

log = logging.getLogger(__name__)
MAX_BACKOFF = 60.0
MAX_QUOTA_BACKOFF = 300.0


def _failure_kind(problem: Exception) -> str:
    if isinstance(problem, ZaloError) and problem.quota:
        return "quota exceeded (429)"
    if isinstance(problem, ZaloUnavailable):
        return (
            "server or network error" if problem.code is None or problem.code >= 500 else "not Zalo's answer"
        )
    if isinstance(problem, ZaloApiError) and problem.code == 401:
        return TOKEN_REFUSED
    if isinstance(problem, ZaloApiError) and (problem.code == 403 or (problem.code or 0) >= 500):
        return f"server or network error ({problem.code})"  # Zalo's 403 is its own server's error
    if isinstance(problem, ZaloApiError):
        return f"refused ({problem.code})"
    return type(problem).__name__


def backoff(problem: Exception, failures: int) -> float:
    """Seconds to wait after the `failures`-th failure in a row: a quota error waits longer (5 s, doubling,
    up to 5 minutes), anything else 1 s doubling up to a minute."""
    if isinstance(problem, ZaloError) and problem.quota:
        return min(MAX_QUOTA_BACKOFF, 5.0 * 2 ** (failures - 1))
    return min(MAX_BACKOFF, 2.0 ** (failures - 1))


async def poll(
    adapter: ZaloAdapter,
    client: ZaloClient,
    *,
    timeout: int = 30,
    sleep: Sleep = asyncio.sleep,
    health: PollerHealth | None = None,
    stopping: asyncio.Event | None = None,
) -> None:
    """Poll until `stopping` is set; every update is stored before the next poll."""
    health = health or PollerHealth()
    stopping = stopping or asyncio.Event()
    failures = 0
    webhook_deleted = False
    while not stopping.is_set():
        try:
            if not webhook_deleted:
                await client.delete_webhook()
                webhook_deleted = True
            result = await ask_unless_stopping(client.get_updates(timeout), stopping)
        except Exception as problem:
            if isinstance(problem, ZaloApiError) and problem.code == IDLE:
                failures = 0
                health.ok()
                continue
            failures += 1
            said_before = health.last_error
            health.failed(_failure_kind(problem))
            wait = backoff(problem, failures)
            if health.last_error == TOKEN_REFUSED and said_before != TOKEN_REFUSED:
                log.error(TOKEN_REFUSED_WHILE_POLLING, "zalo", "ZALO")
            log.warning(
                "zalo getUpdates failed: %s (%s); retrying in %.0f s",
                _failure_kind(problem),
                describe_failure(problem),
                wait,
            )
            await back_off_unless_stopping(sleep, wait, stopping)
            continue
        if result is STOPPED:
            break
        failures = 0
        health.ok()
        for raw in updates_in(result):
            await _store(adapter, raw, sleep)


async def _store(adapter: ZaloAdapter, raw: dict[str, Any], sleep: Sleep) -> None:
    """Zalo will not give this update again: a busy database is waited for, as long as it takes."""
    try:
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(is_transient),
            wait=wait_exponential(multiplier=0.5, max=MAX_BACKOFF),
            sleep=sleep,
            reraise=True,
        ):
            with attempt:
                await adapter.accept(raw)
    except Exception as error:
        log.error("a zalo update could not be stored and is lost: %s", describe_failure(error))
