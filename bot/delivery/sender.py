"""The sender: claims due outbox rows and sends them through each channel's transport.

- **What goes first.** Due pending rows by priority (replies, notices, broadcasts), and in each chat only the
  oldest: a chat's messages keep their order. A row waiting for a retry holds back the rows after it in its
  chat; a row merely scheduled for later (quiet hours) does not.
- **Leases.** Claimed rows get a lease (30 s). A sender that dies leaves leased rows behind; they are claimed
  again when the lease runs out, or at once by the sender that takes over (it holds the leadership lock, so
  no one else is sending them).
- **Limits.** Every send waits on the channel's limiter. A 429 pauses *all* sending on that channel for
  `retry_after` (Telegram's flood control is per bot). A 403 marks the person's account blocked and the row
  blocked (with the rest of that chat's pending rows). Server and network errors back off and retry up to
  `max_attempts`, then the row is marked failed with the reason. A refusal (a chat that does not exist) fails
  the row at once.
- **One sender per bot.** `run()` takes a named lock (bot.db.locks: an advisory lock on PostgreSQL, a file
  lock on SQLite) so exactly one sender per channel set runs across all processes; the others stand by and
  take over when the holder dies. New rows wake it: in this process by `wake()` (the engine calls it after
  each commit), from other processes by PostgreSQL's NOTIFY, and otherwise by polling every 200 ms.
- **The one window.** A message the messenger accepted just before the process was killed, before its row was
  marked sent, is sent again once after the restart: messengers have no idempotency key. Nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import and_, bindparam, exists, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.clock import Clock, system_clock
from bot.db.locks import LockBusy, exclusive
from bot.db.models import OutboxMessage
from bot.delivery.limits import Sleep
from bot.delivery.outbox import NOTIFY_CHANNEL
from bot.delivery.transport import Blocked, DeliveryError, OutboundMessage, Rejected, RetryAfter, Transport
from bot.domain.people import deactivate_identity
from bot.logs import describe_failure

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=30)
POLL_INTERVAL = 0.2
STANDBY_INTERVAL = 2.0
MAX_BACKOFF = 60.0


class Limits(Protocol):
    async def acquire(self, chat_id: str) -> Any: ...


@dataclass
class _Claimed:
    id: int
    channel: str
    chat_id: str
    person_id: int | None
    attempts: int
    message: OutboundMessage


_T = OutboxMessage.__table__
_EARLIER = aliased(OutboxMessage)


# Written out, not bound: only a literal lets the database use the partial indexes on pending rows.
_PENDING = literal_column("'pending'")


def _claimable(channels: list[str]):  # type: ignore[no-untyped-def]
    """Due pending rows, unleased, that are the oldest due (or retried) pending row of their chat."""
    now = bindparam("now")
    earlier_in_chat = exists().where(
        _EARLIER.status == _PENDING,
        _EARLIER.channel == OutboxMessage.channel,
        _EARLIER.chat_id == OutboxMessage.chat_id,
        _EARLIER.id < OutboxMessage.id,
        (_EARLIER.not_before <= now) | (_EARLIER.attempts > 0) | _EARLIER.lease_until.is_not(None),
    )
    return (
        select(
            OutboxMessage.id,
            OutboxMessage.channel,
            OutboxMessage.chat_id,
            OutboxMessage.person_id,
            OutboxMessage.attempts,
            OutboxMessage.payload,
        )
        .where(
            OutboxMessage.status == _PENDING,
            OutboxMessage.channel.in_(channels),
            OutboxMessage.not_before <= now,
            (OutboxMessage.lease_until.is_(None)) | (OutboxMessage.lease_until <= now),
            ~earlier_in_chat,
        )
        .order_by(OutboxMessage.priority, OutboxMessage.id)
        .limit(bindparam("limit"))
    )


_FINISH = update(OutboxMessage).where(
    and_(OutboxMessage.id == bindparam("row"), OutboxMessage.status == _PENDING)
)


def _message(payload: dict[str, Any]) -> OutboundMessage:
    return OutboundMessage.from_payload(payload)


class Sender:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        transports: Mapping[str, Transport],
        *,
        limits: Mapping[str, Limits] | None = None,
        clock: Clock = system_clock,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        batch: int = 200,
        in_flight: int = 32,
        max_attempts: int = 6,
        lock_name: str | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.transports = dict(transports)
        self.limits = dict(limits or {})
        self.clock = clock
        self.monotonic = monotonic
        self.sleep = sleep
        self.batch = batch
        # Sends under way at once: enough to keep a messenger's limit busy (at 50–100 ms a call, 32 at once
        # make 300–600 a second), few enough that a kill leaves few messages sent but not yet marked sent.
        self._in_flight = asyncio.Semaphore(in_flight)
        self._outcomes: list[tuple[int, dict[str, Any], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self.max_attempts = max_attempts
        self.lock_name = lock_name or "sender-" + "-".join(sorted(self.transports))
        self._paused_until: dict[str, float] = {}
        self._wakeup = asyncio.Event()
        self._claim = _claimable(sorted(self.transports))
        self.leading = False
        self.standing_by = False
        self.last_error: str | None = None
        self._stopping = False

    # --- waking ----------------------------------------------------------------------------------------
    def wake(self) -> None:
        """New rows are committed: look now rather than at the next poll."""
        self._wakeup.set()

    def stop(self) -> None:
        """Stop gracefully: `run` claims what is due until nothing is, lets the sends under way finish,
        releases its leases, lets go of the lock and returns. (The caller bounds how long it waits.)"""
        self._stopping = True
        self.wake()

    @property
    def state(self) -> str:
        """For /healthz: "leading", "standing by" or "failing" (the last round's error in `last_error`)."""
        if self.last_error is not None:
            return "failing"
        return "leading" if self.leading else "standing by" if self.standing_by else "starting"

    # --- running ---------------------------------------------------------------------------------------
    async def run(self, *, poll_interval: float = POLL_INTERVAL, standby: float = STANDBY_INTERVAL) -> None:
        """Send for as long as the process lives: lead when the lock is free, else stand by and try again.
        A failure that escapes a round (the database unreachable while taking the lock or freeing leases) is
        logged and the sender starts again, backing off: a bot that takes messages never stops sending
        without a word, and nothing is lost meanwhile (the rows wait in the outbox)."""
        failures = 0
        while not self._stopping:
            try:
                async with exclusive(self.sessionmaker, self.lock_name):
                    self.leading, self.standing_by, failures, self.last_error = True, False, 0, None
                    log.info("sending for %s", ", ".join(sorted(self.transports)))
                    await self._release_leases()
                    try:
                        async with self._listening():
                            await self._serve(poll_interval)
                    finally:
                        if self._stopping:  # cancelled sends leave leases: free them for the next leader
                            await self._release_leases()
                            log.info("stopped sending; leases released")
            except LockBusy:
                if not self.standing_by:
                    log.info("standing by: another process sends for %s", ", ".join(sorted(self.transports)))
                    self.standing_by = True
                if not self._stopping:
                    await self.sleep(standby)
            except Exception as problem:
                failures += 1
                self.last_error = type(problem).__name__
                log.error("the sender stopped (%s); starting it again", describe_failure(problem))
                await self.sleep(min(MAX_BACKOFF, 2.0 ** (failures - 1)))
            finally:
                self.leading = False

    async def _serve(self, poll_interval: float) -> None:
        """Claim while sends are under way: as soon as half a batch is done, the next rows are claimed, so the
        messenger's allowance never idles between rounds. A claim skips every chat that has a row in flight
        (its lease holds the chat's later rows back), so a chat's order holds."""
        sending: set[asyncio.Task[None]] = set()
        try:
            while True:
                if len(sending) > self.batch // 2:
                    await asyncio.wait(sending, return_when=asyncio.FIRST_COMPLETED)
                    continue
                try:
                    rows = await self._claim_rows(self.batch - len(sending))
                except Exception as problem:  # the database busy or gone: leased rows wait, we try again
                    if self._stopping:
                        raise
                    log.warning("a sending round failed: %s", describe_failure(problem))
                    await self.sleep(1.0)
                    continue
                for row in rows:
                    task = asyncio.create_task(self._deliver(row))
                    sending.add(task)
                    task.add_done_callback(sending.discard)
                if rows:
                    continue
                if self._stopping and not sending:  # nothing due is left, nothing under way
                    return
                self._wakeup.clear()
                woken = asyncio.ensure_future(self._wakeup.wait())
                try:
                    await asyncio.wait(
                        {woken, *sending}, timeout=poll_interval, return_when=asyncio.FIRST_COMPLETED
                    )
                finally:
                    woken.cancel()
        finally:
            for task in sending:
                task.cancel()

    async def drain(self) -> int:
        """Send every row that is due now, round after round, until none is left; how many rows were handled.
        (The terminal and the tests call this after each message; a running bot uses `run`.)"""
        total = 0
        while handled := await self.drain_once():
            total += handled
        return total

    async def drain_once(self) -> int:
        """One round: expire what is too late, claim due rows (one per chat), send them side by side."""
        rows = await self._claim_rows()
        if rows:
            await asyncio.gather(*(self._deliver(row) for row in rows))
        return len(rows)

    # --- claiming --------------------------------------------------------------------------------------
    async def _claim_rows(self, limit: int | None = None) -> list[_Claimed]:
        now = self.clock()
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.expires_at.is_not(None),
                    OutboxMessage.expires_at <= now,
                )
                .values(status="expired", lease_until=None)
            )
            statement = self._claim
            if session.get_bind().dialect.name == "postgresql":
                statement = statement.with_for_update(skip_locked=True, of=OutboxMessage)
            rows = (await session.execute(statement, {"now": now, "limit": limit or self.batch})).all()
            if not rows:
                return []
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_([row.id for row in rows]))
                .values(lease_until=now + LEASE)
            )
        return [
            _Claimed(r.id, r.channel, r.chat_id, r.person_id, r.attempts, _message(r.payload)) for r in rows
        ]

    async def _release_leases(self) -> None:
        """The new leader's first act: rows leased by a sender that died are free at once."""
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.channel.in_(sorted(self.transports)),
                    OutboxMessage.lease_until.is_not(None),
                )
                .values(lease_until=None)
            )

    # --- sending ---------------------------------------------------------------------------------------
    async def _deliver(self, row: _Claimed) -> None:
        async with self._in_flight:
            await self._deliver_now(row)

    async def _deliver_now(self, row: _Claimed) -> None:
        transport = self.transports[row.channel]
        try:
            await self._wait_for_pause(row.channel)
            limits = self.limits.get(row.channel)
            if limits is not None:
                await limits.acquire(row.chat_id)
            await self._wait_for_pause(row.channel)
            sent_id = await self._send(transport, row)
        except RetryAfter as pause:
            self._paused_until[row.channel] = max(
                self._paused_until.get(row.channel, 0.0), self.monotonic() + pause.seconds
            )
            # Counted as a try (never failed for it): a row that was tried holds back its chat's later rows.
            await self._finish(
                row, not_before=self.clock() + timedelta(seconds=pause.seconds), error=pause, attempt=True
            )
        except Blocked as blocked:
            await self._blocked(row, blocked)
        except Rejected as refused:
            await self._finish(row, status="failed", error=refused, attempt=True)
        except DeliveryError as problem:  # TryLater, or anything else a transport says
            await self._retry_later(row, problem)
        except Exception as problem:  # a bug in a transport must not stop the sender
            log.error("sending outbox row %s failed: %s", row.id, type(problem).__name__)
            await self._retry_later(row, DeliveryError(type(problem).__name__))
        else:
            await self._finish(row, status="sent", sent_id=sent_id, attempt=True)

    async def _send(self, transport: Transport, row: _Claimed) -> str:
        message = row.message
        if message.clear_buttons_of is not None:
            async with self.sessionmaker() as session:
                shown = await session.scalar(
                    select(OutboxMessage.sent_id).where(OutboxMessage.id == message.clear_buttons_of)
                )
            if shown is not None:
                await transport.clear_buttons(row.chat_id, shown)
            return shown or ""
        return await transport.send(row.chat_id, message)

    async def _wait_for_pause(self, channel: str) -> None:
        while (left := self._paused_until.get(channel, 0.0) - self.monotonic()) > 0:
            await self.sleep(left)

    async def _retry_later(self, row: _Claimed, problem: DeliveryError) -> None:
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            await self._finish(row, status="failed", error=problem, attempt=True)
            return
        backoff = timedelta(seconds=min(MAX_BACKOFF, 2.0 ** (attempts - 1)))
        await self._finish(row, not_before=self.clock() + backoff, error=problem, attempt=True)

    async def _blocked(self, row: _Claimed, problem: Blocked) -> None:
        now = self.clock()
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.channel == row.channel,
                    OutboxMessage.chat_id == row.chat_id,
                )
                .values(status="blocked", lease_until=None, last_error=problem.reason[:300])
            )
            await deactivate_identity(session, row.channel, row.chat_id, now=now)

    async def _finish(
        self,
        row: _Claimed,
        *,
        status: str = "pending",
        not_before: datetime | None = None,
        sent_id: str | None = None,
        error: DeliveryError | None = None,
        attempt: bool = False,
    ) -> None:
        values: dict[str, Any] = {"status": status, "lease_until": None}
        if attempt:
            values["attempts"] = row.attempts + 1
        if not_before is not None:
            values["not_before"] = not_before
        if status == "sent":
            values.update(sent_id=sent_id, sent_at=self.clock(), last_error=None)
        elif error is not None:
            values["last_error"] = error.reason[:300]
        await self._record(row.id, values)

    async def _record(self, row_id: int, values: dict[str, Any]) -> None:
        """Write a row's outcome, together with the outcomes that finish meanwhile (a group commit): one
        transaction for many rows instead of one each, as soon as the previous write is done, so a row is
        marked sent moments after the messenger took it."""
        done = asyncio.get_running_loop().create_future()
        self._outcomes.append((row_id, values, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_outcomes())
        await done

    async def _write_outcomes(self) -> None:
        while self._outcomes:
            batch, self._outcomes = self._outcomes, []
            try:
                async with self.sessionmaker() as session, session.begin():
                    for row_id, values, _done in batch:
                        await session.execute(_FINISH.values(**values), {"row": row_id})
            except Exception as problem:
                for _row, _values, done in batch:
                    done.set_exception(problem)
            else:
                for _row, _values, done in batch:
                    done.set_result(None)

    # --- other processes' rows -------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def _listening(self):  # type: ignore[no-untyped-def]
        """On PostgreSQL, LISTEN for the NOTIFY that `enqueue` sends: rows written by other processes wake
        this sender at once. Elsewhere polling alone does it."""
        engine = self.sessionmaker.kw["bind"]
        if engine.dialect.name != "postgresql":
            yield
            return
        connection = await engine.connect()
        try:
            raw = (await connection.get_raw_connection()).driver_connection
            listener: Callable[..., Awaitable[None] | None] = lambda *_args: self.wake()  # noqa: E731
            await raw.add_listener(NOTIFY_CHANNEL, listener)
            try:
                yield
            finally:
                with contextlib.suppress(Exception):
                    await raw.remove_listener(NOTIFY_CHANNEL, listener)
        finally:
            await connection.close()
