"""The sender: claims due outbox rows and sends them through each channel's transport.

- **What goes first.** Due pending rows by priority (replies, notices, broadcasts), and in each chat only the
  oldest: a chat's messages keep their order. A row waiting for a retry holds back the rows after it in its
  chat; a row merely scheduled for later (quiet hours) does not.
- **Leases.** Claimed rows get a lease (30 s). A sender that dies leaves leased rows behind; they are claimed
  again when the lease runs out, or at once by the sender that takes over a file lock (SQLite: its last
  holder is dead, so no one else is sending them). A PostgreSQL lock can be lost by a holder that lives: the
  sender taking it over leaves the leases to run out, and the one that lost it frees those of rows it had not
  sent and writes down the sends in the messenger's hands (decision 1320). A lease names its holder
  (`lease_owner`, one id per Sender): a sender renews, frees, fails or retries only its own, so one stalled
  past its lease, whose row the new leader took meanwhile, neither sends it nor writes over it (decision
  1530); a message that went is marked sent whoever holds the lease, and is not sent again (1606), and
  whatever was written of it meanwhile (a gift stopped it past its lease: decision 1829). On
  PostgreSQL a lease another sender held is taken only IN_FLIGHT_BOUND (60 s) after it ran out: that sender
  may live with the row in the messenger's hands and write it down meanwhile; a dead one's rows go then,
  once (decision 1784). An answer is written down before the buttons of the menu it answered come off, and
  a new message after other calls of the same send (an edit refused) goes only if the row is still this
  sender's, its lease renewed (`Parts.go_on`): each call starts with the lease and the bound ahead (1828).
- **Limits.** Every send waits on the channel's limiter. A 429 pauses *all* sending on that channel for
  `retry_after` (Telegram's flood control is per bot): a row that finds its channel paused goes back to the
  outbox until the pause's end, untried, with the pause's words as its error (which holds its chat), rather
  than waiting for it in one of the places for sends under way, shared by the channels (decision 0544). A row
  this sender holds is never taken again by its own next claim, though its lease ran out while it waited its
  turn (a round of 200 at Zalo's 5 a second): it goes once (decision 0544); a row that waited past half its
  lease is leased anew just before it goes, if still pending: a gift or its expiry meanwhile stops it (0568).
  Pauses following each other for PAUSED_TOO_LONG with nothing sent (Zalo's quota used up for the day) make
  the sender's health "failing" with "<channel>: paused by the messenger for N min" (decision 0569).
  A 403 marks the person's account
  blocked; the row and the person's other rows waiting in that chat go to their other account
  (bot.delivery.outbox.readdress), and
  what is left there (that chat's replies, all of it for someone with no other account) is marked blocked.
  Server and network errors back off (1 s, doubling up to a minute) and retry. One while another chat's
  message went through (during the try, or since the row first failed and the channel was not found down
  since) is that chat's: the row alone backs off, the channel goes on (decisions 0454, 0464: an outage that
  began in a broadcast is one). Otherwise, while a channel fails it also rests as long, one send
  at a time, and a row tried before waits for the rest's end: one try then tells whether the messenger is
  back, not every waiting row's (decision 0331). A row that finds a try under way waits for the rest's end
  too, untried, with the channel's error (which holds its chat), never in a queue: queued, it held a place of
  the other channel's sends and outlived its lease (decision 0337); so does a row that found the channel
  failing once its place for sending was free (a sender started in an outage claims a round: decision 0470).
  A send that goes through ends the rest,
  and after a rest that grew (an outage) what waited there, put off or tried and failed, is due at once
  (decision 0342). A row is marked failed with the reason after `max_attempts` such failures (a 429 is none:
  decision 0455) only when its channel sent something else since the row first failed, no more than one for
  ten of them after failing themselves (the message is at fault, not a channel failing every other call:
  decision 0470), or after a day of trying. While nothing goes through at all (the
  messenger down, the network cut) rows are never given up: they wait, tried again each minute at most, and
  go once it is back. The sender's
  health says "failing" with "<channel>: cannot send (…)" meanwhile, and the log says when it began and when
  it ended (0160), until a row given up after a day leaves none waiting after a failure (decision 0473).
  A row that failed `max_attempts` times while nothing else went through (or while the others failed too)
  gives way
  (`gave_way`): while it waits for its next try, its chat's next row, never tried, may go past it and shows
  whether the messenger works; taken, the stuck row is given up at its next failure, refused too, the chat
  waits in order (0176). A refusal (a chat that does not exist) fails the row at once.
- **A refused token.** A 401 (a wrong or revoked token: `Unauthorized`) is not the message's fault, nor a
  passing one: the row is not counted as tried and never failed for it. It stays pending, leased until the
  channel is tried again (5 s, doubling up to a minute), which holds back its chat's later rows; the channel
  sends nothing meanwhile. The sender's health says "failing" with "<channel>: token refused" (/healthz 503)
  and the log says so once. A send that goes through ends it; a sender started with the right token frees
  the leases at once (`_release_leases`) and sends what waited (docs/decisions/0138).
- **Quiet hours.** Broadcasts (appeals) are claimed only outside the quiet hours the sender was given: an
  appeal's rows are due after them when written, but a row that falls due again at night (a retry, Zalo's
  quota pause, the rest of a large appeal, a backlog after the bot was down) waits until they end. Replies
  and notices still go; a held broadcast does not hold back its chat's later replies.
- **One sender per bot.** `run()` takes a named lock (bot.db.locks: an advisory lock on PostgreSQL, a file
  lock on SQLite) so exactly one sender per channel set runs across all processes; the others stand by and
  take over when the holder dies. A leader whose lock's connection is cut while it lives (the database
  restarted, the connection killed, the network cut) has lost the lock to whoever takes it next: it checks
  the lock before each claim and each second while busy, and on losing it stops claiming, cancels the sends
  still waiting and frees their leases, lets the sends handed to the messenger finish and writes down their
  outcome, never sent again by the new leader unless it failed, says so (log, /healthz) and stands by
  (decisions 0595, 1320).
  New rows wake it: in this process by `wake()` (the engine calls it after each commit), from other
  processes by PostgreSQL's NOTIFY, and otherwise by polling every 200 ms.
- **Parts.** A message the channel sends in several parts (a long text) has the parts the messenger took
  counted in its row (`parts_sent`) after each one, before the next goes: a retry, or the sender that takes
  over after a kill, sends only the rest (decision 0175).
- **The one window.** A message (or a part of one) the messenger accepted just before the process was killed,
  before its row was marked, is sent again once after the restart: messengers have no idempotency key. So is
  one whose answer was lost on the way back (a timeout after the messenger took it): a copy twice rather than
  a loss (decision 0454), and, on PostgreSQL, one whose sender lost the lead and was frozen, or cut from the
  database, past the bound with it in the messenger's hands (decision 1828). Nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import bindparam, exists, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.clock import LOCAL_TZ, Clock, system_clock
from bot.config import Settings
from bot.db.locks import Held, LockBusy, exclusive
from bot.db.models import OutboxMessage
from bot.delivery.limits import Sleep
from bot.delivery.outbox import BROADCAST, NOTICE, NOTIFY_CHANNEL, in_readers_language, is_quiet_hour
from bot.delivery.transport import (
    Blocked,
    DeliveryError,
    OutboundMessage,
    Parts,
    Rejected,
    RetryAfter,
    Transport,
    Unauthorized,
    Withdrawn,
)
from bot.domain.people import deactivate_identity
from bot.logs import describe_failure

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=30)
# On PostgreSQL, a lease another sender held is taken this long after it ran out: that sender may live (its
# lock's connection cut) with the row in the messenger's hands, its answer not yet written. A row is handed
# over with at least half its lease left (`_still_ours`) and a call ends within 60 s (aiogram's timeout;
# Zalo's is 15 s), so a holder that lives has its answer by then; a dead one's rows wait it out (1784).
IN_FLIGHT_BOUND = timedelta(seconds=60)
POLL_INTERVAL = 0.2
STANDBY_INTERVAL = 2.0
LOCK_CHECK = 1.0  # while busy, the lock is checked at least this often (below STANDBY_INTERVAL: 0595)
LEAD_LOST = "lost the lead: the sending lock's database connection was cut"
MAX_BACKOFF = 60.0
REFUSED_FIRST = 5.0  # a channel whose token was refused is tried again after this, doubling up to MAX_BACKOFF
# Pauses the messenger asks for (429s: Zalo's quota) following each other this long, nothing sent between
# them, are said in the sender's health (/healthz 503), as the poller says Zalo's quota (decision 0569).
PAUSED_TOO_LONG = timedelta(minutes=10)
GIVE_UP_AFTER = timedelta(days=1)  # a row failing this long is given up even while nothing else goes through


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
    more: bool = False  # the chat has a later pending row: claim again once this one is done
    parts_sent: int = 0  # parts of the message the messenger took at an earlier try
    shown: str = ""  # the messenger's id of the last of them
    gave_way: bool = False  # failed max_attempts times while nothing else went through (decision 0176)
    went_before: int = 0  # the channel's sends gone through when this row's try began (decision 0454)
    leased_until: datetime | None = None  # when this sender's lease on it runs out, as far as it knows


@dataclass
class _Failing:
    """What the sender keeps of a row now failing (a server or network error), in this sender: when it first
    failed, how many sends had gone through on its channel by then (`Sender._went_through`) and how many of
    them after failing (`Sender._recovered`): whether its channel sent anything since, and whether other
    chats' messages failed and went meanwhile (0470); and how many times it failed so, what the bound
    counts. Not its `attempts`, which count a 429 too: flood control is the channel's (decision 0455)."""

    since: datetime
    gone: int
    recovered: int
    tries: int = 0


_T = OutboxMessage.__table__
_CANDIDATE = aliased(OutboxMessage)
_EARLIER = aliased(OutboxMessage)

# Written out, not bound: only a literal lets the database use the partial indexes on pending rows.
_PENDING = literal_column("'pending'")
# How often rows past their `expires_at` are marked expired. The claim itself never takes such a row, so this
# is bookkeeping: once a second is plenty, and it saves a statement on every claim.
SWEEP_EVERY = timedelta(seconds=1)
# How often the sender forgets what it keeps in memory of rows that failed and have left the outbox's pending
# rows by another hand than its own (expired, stopped by a gift, blocked behind another row): decision 0464.
FORGET_EVERY = timedelta(minutes=1)


def _claim_statement(channels: list[str], *, postgresql: bool, one_chat: bool = False):  # type: ignore[no-untyped-def]
    """One statement that leases the next rows and returns them: due pending rows, unleased, unexpired, each
    the oldest due (or retried, or leased) pending row of its chat, by priority. `more` says whether the chat
    has a later pending row, so the sender claims again as soon as this one is done, and only then."""
    now = bindparam("now")
    top = bindparam("top")  # the lowest priority that may go now: no broadcast in the quiet hours

    def live(row: Any) -> Any:
        return row.expires_at.is_(None) | (row.expires_at > now)

    earlier_in_chat = exists().where(
        _EARLIER.status == _PENDING,
        _EARLIER.priority <= top,
        _EARLIER.channel == _CANDIDATE.channel,
        _EARLIER.chat_id == _CANDIDATE.chat_id,
        _EARLIER.id < _CANDIDATE.id,
        # Due, in flight, or tried and waiting for its next try; but a row that gave way (decision 0176) lets
        # a row never tried go by while it waits: that row tells whether the messenger works.
        # A row put off untried while its channel fails (decision 0337) has the channel's error: it holds too.
        (_EARLIER.not_before <= now)
        | _EARLIER.lease_until.is_not(None)
        | (
            ((_EARLIER.attempts > 0) | _EARLIER.last_error.is_not(None))
            & ~(_EARLIER.gave_way & (_CANDIDATE.attempts == 0))
        ),
        live(_EARLIER),
    )
    free = _CANDIDATE.lease_until.is_(None) | (_CANDIDATE.lease_until <= now)
    if postgresql:
        # A lease of another sender's, run out: that sender may live, its lock's connection cut, with the row
        # in the messenger's hands and the answer on its way; taken once IN_FLIGHT_BOUND has passed, by when
        # a sender that lives has written it down. Only PostgreSQL's lock can be lost while its holder lives;
        # SQLite's new leader frees the leases of a holder that is dead (decision 1784).
        free = _CANDIDATE.lease_until.is_(None) | (
            (_CANDIDATE.lease_until <= now)
            & (
                (_CANDIDATE.lease_owner == bindparam("owner"))
                | (_CANDIDATE.lease_until <= bindparam("settled"))
            )
        )
    chosen = (
        select(_CANDIDATE.id)
        .where(
            _CANDIDATE.status == _PENDING,
            _CANDIDATE.priority <= top,
            _CANDIDATE.channel.in_(channels),
            _CANDIDATE.not_before <= now,
            free,
            live(_CANDIDATE),
            ~earlier_in_chat,
            *(
                [
                    _CANDIDATE.channel == bindparam("only_channel"),
                    _CANDIDATE.chat_id == bindparam("only_chat"),
                ]
                if one_chat
                else []
            ),
        )
        .order_by(_CANDIDATE.priority, _CANDIDATE.id)
        .limit(bindparam("limit"))
    )
    if postgresql:  # two senders never take the same row; a row another one holds is skipped, not waited for
        chosen = chosen.with_for_update(skip_locked=True)
    # Written out: SQLAlchemy renders RETURNING's columns unqualified on SQLite, which would turn the
    # subquery's comparisons into comparisons of the later row with itself.
    later_in_chat = literal_column(
        "EXISTS (SELECT 1 FROM outbox AS later WHERE later.status = 'pending'"
        " AND later.channel = outbox.channel AND later.chat_id = outbox.chat_id AND later.id > outbox.id)"
    )
    # The reader's language as it is now: a message held back goes in it (`in_readers_language`).
    reader_locale = literal_column("(SELECT person.locale FROM person WHERE person.id = outbox.person_id)")
    return (
        _T.update()
        .where(_T.c.id.in_(chosen))
        .values(lease_until=bindparam("lease"), lease_owner=bindparam("owner"))
        .returning(
            _T.c.id,
            _T.c.priority,
            _T.c.channel,
            _T.c.chat_id,
            _T.c.person_id,
            _T.c.attempts,
            _T.c.payload,
            later_in_chat.label("more"),
            _T.c.parts_sent,
            _T.c.sent_id,
            _T.c.gave_way,
            reader_locale.label("reader_locale"),
        )
    )


# The sender's claims and outcomes are single statements, each whole by itself (a row is leased, or marked, or
# not): on SQLite they need no BEGIN of their own (bot.db.engine), one trip to the database thread less each.
_STATEMENTS_STAND_ALONE = {"sqlite_begin": "NONE"}

_EXPIRE = (
    _T.update()
    .where(_T.c.status == _PENDING, _T.c.expires_at.is_not(None), _T.c.expires_at <= bindparam("now"))
    .values(status="expired", lease_until=None)
)


# A row this sender waited long to send is leased anew just before it goes, if nothing stopped it meanwhile
# and its lease is still this sender's: one stalled past its lease, whose row a new leader took, sends none.
_RENEW = (
    _T.update()
    .where(_T.c.id == bindparam("row"), _T.c.status == _PENDING, _T.c.lease_owner == bindparam("owner"))
    .values(lease_until=bindparam("lease"))
)


@functools.cache
def _finish_statement(columns: tuple[str, ...], *, went: bool = False):  # type: ignore[no-untyped-def]
    """The outcome of pending rows, one kind of outcome (the set of columns it writes) at a time; only of rows
    whose lease is still this sender's: a failure, a retry or a row put off that a new leader took meanwhile
    is the new holder's to write. A row that went (`went`: to sent) is written down whoever holds its lease:
    the message is in the chat, and the new holder's renewal then finds it sent (decision 1606); and
    whatever was written of it while it was in the messenger's hands past its lease (a gift stopped it, it
    expired, its chat was found blocked): the record says it went, as it did (decision 1829)."""
    which = (
        [_T.c.status != literal_column("'sent'")]
        if went
        else [_T.c.status == _PENDING, _T.c.lease_owner == bindparam("owner")]
    )
    return (
        _T.update()
        .where(_T.c.id == bindparam("row"), *which)
        .values({column: bindparam(f"new_{column}") for column in columns})
    )


def quiet_hours_of(settings: Settings) -> tuple[int, int]:
    """The settings' quiet hours, as a sender takes them."""
    return settings.quiet_hours_start, settings.quiet_hours_end


def _message(payload: dict[str, Any]) -> OutboundMessage:
    return OutboundMessage.from_payload(payload)


class LeadLost(Exception):
    """The leader's lock is gone while its process lives (its connection cut): it must stop claiming."""


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
        quiet_hours: tuple[int, int] | None = None,
        before_sending: Callable[[AsyncSession, datetime], Awaitable[object]] | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        # Run once on taking the lead, before anything is claimed: what was held past its hour while no
        # sender ran may be put off first (an appeal's "Nhắc tôi sau" on a day off: appeals.hold_over).
        self.before_sending = before_sending
        self.quiet_hours = quiet_hours  # (start, end) local hours without broadcasts; None: none
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
        self._paused_why: dict[str, str] = {}  # the messenger's words for a pause ("retry after 45 s")
        # Since when each channel's pauses have followed each other with nothing sent between them.
        self._paused_since: dict[str, datetime] = {}
        # Rows this sender holds, from their claim to their outcome: a claim that finds one again (its lease
        # ran out while it waited for a place or the limiter: a round of 200 at Zalo's 5 a second) leaves it
        # to the task that has it, which would otherwise send it a second time.
        self._in_hand: set[int] = set()
        # Of those, the rows handed to the messenger (a send under way): a lead lost leaves them to finish and
        # be written down, the others to the new leader (decision 1320).
        self._handed: set[int] = set()
        self._wakeup = asyncio.Event()
        self._claims: dict[tuple[bool, bool], Any] = {}
        self._sending: dict[asyncio.Task[None], int] = {}  # each send under way, with its row
        # Chats with a row being delivered by this sender; True once a turn's claim found the chat held back
        # by it (the turn's reply then goes as soon as that row is done, not at the next poll).
        self._busy: dict[tuple[str, str], bool] = {}
        self._claim_wanted = True
        self._swept_at: datetime | None = None
        self._forgot_at = datetime.min.replace(tzinfo=UTC)
        # The messenger's id of each recently sent row, for the rows that take a menu's buttons off moments
        # later (the database is asked only for older ones).
        self._sent_ids: dict[int, str] = {}
        self.leading = False
        self.standing_by = False
        self.last_error: str | None = None
        # Channels whose token the messenger refused: (until when nothing is tried on it, the current pause).
        self._refused: dict[str, tuple[datetime, float]] = {}
        # Channels on which nothing went through since a send failed (server or network): since when, and why.
        self._down: dict[str, tuple[datetime, str]] = {}
        # The rows now failing, by id (`_Failing`).
        self._failing: dict[int, _Failing] = {}
        # Channels resting after a server or network error: (until when no row tried before is tried again,
        # the current rest), and the lock of the one send at a time while a channel fails (decision 0331).
        self._resting: dict[str, tuple[datetime, float]] = {}
        self._probing: dict[str, asyncio.Lock] = {}
        # How many sends went through on each channel: a row that failed while others went through failed
        # alone (its chat), not its channel (decision 0454).
        self._went_through: dict[str, int] = {}
        # How many sends went through on each channel at a try after a server or network error: a row is at
        # fault only if the others' did not fail and then go as well (Telegram failing every other call is not
        # a chat's fault: decision 0470).
        self._recovered: dict[str, int] = {}
        self._stopping = False
        self._held = Held()  # the lock while leading: checked before each claim (decision 0595)
        # Whose a lease is (`outbox.lease_owner`): written by each claim, asked by the renewal before a late
        # send, by each outcome but "sent" (1606) and by the leases freed on handing over (decision 1530).
        # One per Sender, not per process: two senders in one process are two holders.
        self.owner = uuid.uuid4().hex

    # --- waking ----------------------------------------------------------------------------------------
    def wake(self) -> None:
        """New rows are committed: look now rather than at the next poll."""
        self._claim_wanted = True
        self._wakeup.set()

    def stop(self) -> None:
        """Stop gracefully: `run` claims what is due until nothing is, lets the sends under way finish,
        releases its leases, lets go of the lock and returns. (The caller bounds how long it waits.)"""
        self._stopping = True
        self.wake()

    @property
    def state(self) -> str:
        """For /healthz: "leading", "standing by" or "failing" (why in `problem`)."""
        if self.problem is not None:
            return "failing"
        return "leading" if self.leading else "standing by" if self.standing_by else "starting"

    @property
    def problem(self) -> str | None:
        """What is wrong, for /healthz: a channel whose token is refused, or the last round's error."""
        refused = [f"{channel}: token refused" for channel in sorted(self._refused)]
        down = [f"{channel}: cannot send ({self._down[channel][1]})" for channel in sorted(self._down)]
        now, monotonic = self.clock(), self.monotonic()
        paused = [
            f"{channel}: paused by the messenger for {(now - since).total_seconds() // 60:.0f} min "
            f"({self._paused_why.get(channel, 'retry later')})"
            for channel, since in sorted(self._paused_since.items())
            if now - since >= PAUSED_TOO_LONG and self._paused_until.get(channel, 0.0) > monotonic
        ]
        return "; ".join(refused + down + paused) or self.last_error

    # --- running ---------------------------------------------------------------------------------------
    async def run(self, *, poll_interval: float = POLL_INTERVAL, standby: float = STANDBY_INTERVAL) -> None:
        """Send for as long as the process lives: lead when the lock is free, else stand by and try again.
        A failure that escapes a round (the database unreachable while taking the lock or freeing leases) is
        logged and the sender starts again, backing off: a bot that takes messages never stops sending
        without a word, and nothing is lost meanwhile (the rows wait in the outbox)."""
        failures = 0
        while not self._stopping:
            try:
                async with exclusive(self.sessionmaker, self.lock_name) as held:
                    self._held = held
                    self.leading, self.standing_by, failures, self.last_error = True, False, 0, None
                    log.info("sending for %s", ", ".join(sorted(self.transports)))
                    if not held.may_be_lost:  # the last holder is dead: its leases are free at once
                        await self._release_leases(everyone=True)
                    if self.before_sending is not None:
                        async with self.sessionmaker() as session, session.begin():
                            await self.before_sending(session, self.clock())
                    try:
                        async with self._listening():
                            await self._serve(poll_interval)
                    finally:
                        # cancelled sends leave leases: free them for the next leader, while this one leads;
                        # a lead lost meanwhile left its own rows freed, the new leader's leases are its own
                        if self._stopping and self.leading:
                            await self._release_leases(everyone=False)
                            log.info("stopped sending; leases released")
            except LeadLost:
                self.standing_by, self.last_error = False, LEAD_LOST
                log.warning(
                    "lost the lead: the database connection holding the sending lock for %s was cut (the "
                    "database restarted, or the connection was killed or the network cut); another process "
                    "may send now, so this one stops claiming, leaves the leases to it and stands by",
                    ", ".join(sorted(self.transports)),
                )
                if not self._stopping:
                    await self.sleep(standby)
            except LockBusy as busy:
                # Behind its own lost session (decision 0616) nobody leads: still "failing", not standing by.
                if self.last_error == LEAD_LOST and not busy.lost_here:  # behind the new leader, as it should
                    self.last_error = None
                if not self.standing_by and not busy.lost_here:
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
        (its lease holds the chat's later rows back), so a chat's order holds. The sender claims again only
        when there may be something to take: it was woken, the last claim was full, a row whose chat has more
        is done, or a poll interval passed (rows due later, retries, other processes' rows on SQLite)."""
        sending = self._sending
        try:
            checked = self.monotonic()
            while True:
                if self.monotonic() - checked >= LOCK_CHECK:  # busy sending: still ours? (decision 0595)
                    await self._still_leading()
                    checked = self.monotonic()
                if len(sending) > self.batch // 2:
                    await asyncio.wait(sending, timeout=LOCK_CHECK, return_when=asyncio.FIRST_COMPLETED)
                    continue
                if self._claim_wanted:
                    self._claim_wanted = False
                    limit = self.batch - len(sending)
                    await self._still_leading()  # another process may lead now: then claim nothing
                    checked = self.monotonic()
                    try:
                        rows = await self._claim_rows(limit)
                    except Exception as problem:  # the database busy or gone: leased rows wait, we try again
                        if self._stopping:
                            raise
                        log.warning("a sending round failed: %s", describe_failure(problem))
                        self._claim_wanted = True
                        await self.sleep(1.0)
                        continue
                    self.take(rows)
                    if len(rows) >= limit:
                        self._claim_wanted = True
                    continue
                if self._stopping and not sending:  # nothing due is left, nothing under way
                    return
                self._wakeup.clear()
                woken = asyncio.ensure_future(self._wakeup.wait())
                try:
                    done, _ = await asyncio.wait(
                        {woken, *sending}, timeout=poll_interval, return_when=asyncio.FIRST_COMPLETED
                    )
                finally:
                    woken.cancel()
                if not done:  # a quiet poll interval: look for rows that fell due meanwhile
                    self._claim_wanted = True
        except LeadLost:
            self.leading, self.last_error = False, LEAD_LOST  # said at once, while the sends under way end
            await self._leave_to_the_new_leader()
            raise
        finally:
            for task in sending:
                task.cancel()

    async def _leave_to_the_new_leader(self) -> None:
        """The lead is lost while this process lives: the new leader sends what this sender holds once its
        lease runs out, or at once once freed here (decision 1320). The rows still waiting for their turn are
        not sent: their sends are cancelled and their leases freed. A row already handed to the messenger
        is not cancelled: whether it went is known only from the answer, so the send finishes and its outcome
        is written (sent, or failed and tried again by the new leader); cancelled, it stayed leased unknown,
        and was sent a second time by the new leader, after the messenger had taken it."""
        handed = {task for task, row in self._sending.items() if row in self._handed}
        waiting = [task for task in self._sending if task not in handed]
        rows = [self._sending[task] for task in waiting]
        for task in waiting:
            task.cancel()
        await asyncio.gather(*waiting, return_exceptions=True)
        if rows:
            try:
                async with self.sessionmaker() as session, session.begin():
                    await session.execute(
                        update(OutboxMessage)
                        .where(
                            OutboxMessage.id.in_(rows),
                            OutboxMessage.status == "pending",
                            OutboxMessage.lease_owner == self.owner,
                        )
                        .values(lease_until=None)
                    )
            except Exception as problem:  # the database gone with the lock: the leases run out by themselves
                log.warning(
                    "the leases of %s unsent rows stay until they run out (%s)",
                    len(rows),
                    describe_failure(problem),
                )
        if handed:
            await asyncio.wait(handed)

    async def _still_leading(self) -> None:
        """Raise LeadLost if the lock is gone (its connection cut): another sender may claim the rows now."""
        if not await self._held.check():
            raise LeadLost

    def take(self, rows: list[_Claimed]) -> None:
        """Send claimed rows, side by side (at most `in_flight` at once)."""
        for row in self._not_in_hand(rows):
            self._in_hand.add(row.id)
            task = asyncio.create_task(self._deliver(row))
            self._sending[task] = row.id
            task.add_done_callback(self._sending.pop)

    async def drain(self, chat: tuple[str, str] | None = None) -> int:
        """Send every row that is due now, round after round, until none is left; how many rows were handled.
        (The terminal and the tests call this after each message; a running bot uses `run`.) `chat`, a
        (channel, chat id): only that chat's rows, the others left for their own reader (the terminal)."""
        total = 0
        while True:
            handled, more = await self._drain_round(chat)
            total += handled
            if not more:
                return total

    async def drain_once(self, chat: tuple[str, str] | None = None) -> int:
        """One round: expire what is too late, claim due rows (one per chat), send them side by side."""
        return (await self._drain_round(chat))[0]

    async def _drain_round(self, chat: tuple[str, str] | None) -> tuple[int, bool]:
        """One round, and whether another may find a row: not when this one claimed less than a batch and no
        claimed row's chat had a later one (every other pending row was not due, or leased, or waits behind an
        earlier row of its chat that is not due). A row tried and failed here waits for its next try, later.
        Saves the empty round that ended every drain: a third of the sender's statements after a turn."""
        claimed = await self._claim_rows(chat=chat)
        rows = self._not_in_hand(claimed)
        self._in_hand.update(row.id for row in rows)
        if rows:
            await asyncio.gather(*(self._deliver(row) for row in rows))
        return len(rows), len(claimed) >= self.batch or any(row.more for row in rows)

    def _not_in_hand(self, rows: list[_Claimed]) -> list[_Claimed]:
        """The claimed rows this sender is not delivering already. One it is (claimed again as its lease ran
        out while it waited its turn) was leased anew by that claim: still this sender's, it goes once."""
        return [row for row in rows if row.id not in self._in_hand]

    # --- claiming --------------------------------------------------------------------------------------
    async def _claim_rows(
        self, limit: int | None = None, chat: tuple[str, str] | None = None
    ) -> list[_Claimed]:
        now = self.clock()
        async with self.sessionmaker() as session, session.begin():
            connection = await session.connection(execution_options=_STATEMENTS_STAND_ALONE)
            if self._swept_at is None or not (now - SWEEP_EVERY < self._swept_at <= now):
                await connection.execute(_EXPIRE, {"now": now})
                self._swept_at = now
                if self._failing and not (now - FORGET_EVERY < self._forgot_at <= now):
                    await self._forget_settled(connection)
                    self._forgot_at = now
            params: dict[str, Any] = {
                "now": now,
                "limit": limit or self.batch,
                "lease": now + LEASE,
                "owner": self.owner,
                "settled": now - IN_FLIGHT_BOUND,
                "top": self._top(now),
            }
            if chat is not None:
                params |= {"only_channel": chat[0], "only_chat": chat[1]}
            claim = self._claim_for(connection, one_chat=chat is not None)
            rows = (await connection.execute(claim, params)).all()
        return self._claimed(rows, params["lease"])

    async def _forget_settled(self, connection: AsyncConnection) -> None:
        """Forget the first failure and failed tries of rows no longer pending: a row this sender sent, gave
        up or found blocked is forgotten then, but one that expired, was stopped or blocked behind another
        row stayed in memory for as long as the sender ran (decision 0464)."""
        ids = sorted(self._failing)
        pending: set[int] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            pending.update(
                await connection.scalars(select(_T.c.id).where(_T.c.id.in_(chunk), _T.c.status == _PENDING))
            )
        for row_id in ids:
            if row_id not in pending:
                self._failing.pop(row_id, None)

    async def claim_chat(self, connection: AsyncConnection, channel: str, chat_id: str) -> list[_Claimed]:
        """Lease the chat's next due row, in the caller's transaction: a turn that has just written its
        replies hands them straight to this sender (`take`, once it commits) instead of waking it to claim
        them in a transaction of its own. Nothing changes if that transaction rolls back; if this process
        dies before sending, the lease runs out (or the next leader frees it) and the row is sent then."""
        if channel not in self.transports or not self.leading:
            return []
        now = self.clock()
        params = {
            "now": now,
            "limit": 1,
            "lease": now + LEASE,
            "owner": self.owner,
            "settled": now - IN_FLIGHT_BOUND,
            "top": self._top(now),
            "only_channel": channel,
            "only_chat": chat_id,
        }
        found = await connection.execute(self._claim_for(connection, one_chat=True), params)
        claimed = self._not_in_hand(self._claimed(found.all(), params["lease"]))
        if not claimed and (channel, chat_id) in self._busy:
            self._busy[channel, chat_id] = True  # held back by a row of ours: look again when it is done
        return claimed

    def _top(self, now: datetime) -> int:
        """The lowest priority claimed at `now`: notices and replies only in the quiet hours."""
        if self.quiet_hours is None:
            return BROADCAST
        start, end = self.quiet_hours
        return NOTICE if is_quiet_hour(now.astimezone(LOCAL_TZ).hour, start=start, end=end) else BROADCAST

    def _claim_for(self, connection: AsyncConnection, *, one_chat: bool = False) -> Any:
        postgresql = connection.dialect.name == "postgresql"
        if (postgresql, one_chat) not in self._claims:
            self._claims[postgresql, one_chat] = _claim_statement(
                sorted(self.transports), postgresql=postgresql, one_chat=one_chat
            )
        return self._claims[postgresql, one_chat]

    @staticmethod
    def _claimed(rows: Any, lease: datetime) -> list[_Claimed]:
        return [
            _Claimed(
                r.id,
                r.channel,
                r.chat_id,
                r.person_id,
                r.attempts,
                # held back and written in another language than the reader's now: theirs, if nothing of it
                # went yet (decision 0231)
                _message(r.payload if r.parts_sent else in_readers_language(r.payload, r.reader_locale)),
                bool(r.more),
                r.parts_sent,
                r.sent_id or "",
                bool(r.gave_way),
                leased_until=lease,
            )
            for r in sorted(rows, key=lambda r: (r.priority, r.id))
        ]

    async def _release_leases(self, *, everyone: bool) -> None:
        """The leases of this sender's channels freed: its own by a leader that stops, and every one
        (`everyone`) by the new leader of a lock that cannot be lost while its holder lives (SQLite's file
        lock, `Held.may_be_lost`), whose holder before it died. Never by a sender that lost the lead: the
        leases are then the new leader's. A leader that stops leaves alone the leases of a sender that lost
        the lead before it and may still be sending: they run out, or that sender writes them down (1530)."""
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.channel.in_(sorted(self.transports)),
                    OutboxMessage.lease_until.is_not(None),
                    *([] if everyone else [OutboxMessage.lease_owner == self.owner]),
                )
                .values(lease_until=None)
            )

    # --- sending ---------------------------------------------------------------------------------------
    async def _deliver(self, row: _Claimed) -> None:
        chat = (row.channel, row.chat_id)
        self._busy[chat] = False
        try:
            await self._deliver_now(row)
        finally:
            asked = self._busy.pop(chat, False)
            self._in_hand.discard(row.id)
            self._handed.discard(row.id)
        if row.more or asked:  # its chat has more: now that this row is done, the next may go
            self.wake()

    async def _deliver_now(self, row: _Claimed) -> None:
        transport = self.transports[row.channel]
        try:
            if row.channel in self._down:  # failing: one send at a time, each telling the others
                probing = self._probing.setdefault(row.channel, asyncio.Lock())
                if probing.locked():
                    await self._put_off(row)
                    return
                async with probing:
                    if row.attempts and (until := self._resting_until(row.channel)) is not None:
                        # tried before and the channel rests: put off, untried; still holding its chat
                        await self._record(row.id, {"not_before": until, "lease_until": None})
                        return
                    sent_id = await self._send_in_turn(transport, row, probe=True)
            else:
                sent_id = await self._send_in_turn(transport, row)
            if sent_id is None:
                return
        except Withdrawn:  # no longer this sender's between two calls of its send (`_still_ours` said so)
            pass
        except Unauthorized as refused:
            await self._token_refused(row, refused)
        except RetryAfter as pause:
            if (
                self._paused_until.get(row.channel, 0.0) <= self.monotonic()
            ):  # one line per pause, not per row
                log.warning(
                    "%s: the messenger asks to slow down (%s); sending on %s pauses, the messages wait",
                    row.channel,
                    pause.reason,
                    row.channel,
                )
            self._pause(row.channel, pause)
            # Counted as a try (never failed for it): a row that was tried holds back its chat's later rows.
            await self._finish(
                row, not_before=self.clock() + timedelta(seconds=pause.seconds), error=pause, attempt=True
            )
        except Blocked as blocked:
            await self._blocked(row, blocked)
        except Rejected as refused:
            log.warning(
                "%s: outbox row %s refused for good (%s); given up, its chat's later messages go on",
                row.channel,
                row.id,
                refused.reason[:80],
            )
            await self._finish(row, status="failed", error=refused, attempt=True)
        except DeliveryError as problem:  # TryLater, or anything else a transport says
            await self._retry_later(row, problem)
        except Exception as problem:  # a bug in a transport must not stop the sender
            log.error("sending outbox row %s failed: %s", row.id, type(problem).__name__)
            await self._retry_later(row, DeliveryError(type(problem).__name__))
        else:
            self._went_through[row.channel] = self._went_through.get(row.channel, 0) + 1
            if (paused := self._paused_since.pop(row.channel, None)) is not None and (
                self.clock() - paused >= PAUSED_TOO_LONG
            ):
                log.warning(
                    "%s: sending again after %.0f min of the messenger's pauses; what waited goes now",
                    row.channel,
                    (self.clock() - paused).total_seconds() / 60,
                )
            if row.id in self._failing:  # it failed before: the channel's, if others go so too
                self._recovered[row.channel] = self._recovered.get(row.channel, 0) + 1
            if self._refused.pop(row.channel, None) is not None:
                log.warning("%s: the bot token is accepted again; sending what waited", row.channel)
            rested = self._resting.pop(row.channel, None)
            if (down := self._down.pop(row.channel, None)) is not None:
                log.warning(
                    "%s: sending again after %.0f s of failures; what waited goes now",
                    row.channel,
                    (self.clock() - down[0]).total_seconds(),
                )
                # After a rest that grew (a try after it failed too: an outage, not one message at fault,
                # which keeps its own backoff rather than being tried again at each send that goes through).
                if rested is not None and rested[1] > 1.0 and await self._waited_go_now(row.channel):
                    row.more = True  # what waited is claimed at once, not at the next poll
            self._remember(row.id, sent_id)
            # where it went: a row readdressed while it was being sent (`readdress`) says so truly
            where = {"channel": row.channel, "chat_id": row.chat_id}
            await self._finish(row, status="sent", sent_id=sent_id, attempt=True, also=where)
            if row.message.clear_first and row.message.clear_buttons_of is None:
                await self._clear_after(transport, row)

    async def _put_off(self, row: _Claimed) -> None:
        """A try is under way on a failing channel: this row waits for the rest's end, untried, not counted,
        rather than in a queue past its lease, where a later round claimed it again and it went twice. Its
        chat stays held (`last_error`: put off by the channel), and a gift meanwhile still stops it (it is no
        sender's while it waits)."""
        await self._record(
            row.id,
            {
                "not_before": self._rest_end(row.channel),
                "lease_until": None,
                "last_error": self._down[row.channel][1][:300],
            },
        )

    async def _send_in_turn(self, transport: Transport, row: _Claimed, *, probe: bool = False) -> str | None:
        """Send once one of the `in_flight` places is free, the channel's pause over and its limiter agrees;
        None: not sent, its token is refused (the row waits, leased until the channel is tried again), or the
        channel was found down while it waited for its place and another send tells whether it is back
        (`probe`: this one does). A round claimed when the channel seemed well, as by a sender started during
        an outage, so tries what is under way, not every row it claimed (decision 0470)."""
        if await self._back_for_the_pause(row):
            return None
        async with self._in_flight:
            if await self._back_for_the_pause(row):
                return None
            limits = self.limits.get(row.channel)
            if limits is not None:
                await limits.acquire(row.chat_id)
            if await self._back_for_the_pause(row):
                return None
            if (until := self._refused_until(row.channel)) is not None:  # its token is refused: wait
                await self._record(row.id, {"lease_until": until})
                return None
            if not probe and row.channel in self._down:
                await self._put_off(row)
                return None
            if not await self._still_ours(row):
                return None
            row.went_before = self._went_through.get(row.channel, 0)
            self._handed.add(row.id)  # from here on, only the messenger's answer tells whether it went
            return await self._send(transport, row)

    async def _still_ours(self, row: _Claimed) -> bool:
        """Whether `row` may go now. A row that waited its turn until its lease nearly ran out (the last of a
        round of 200 at Zalo's 5 a second, or after a slow Telegram) is leased anew first, if it is still
        pending: once its lease had run out, a gift could stop it (`appeals.stop_asking`), or its expiry pass,
        while this sender still held it, and it went anyway, to someone who had just given, with the row
        saying "cancelled" (decision 0568). One statement for such a row only; a row sent within half its
        lease, as every row at Telegram's pace, costs none."""
        now = self.clock()
        if row.leased_until is not None and now < row.leased_until - LEASE / 2:
            return True
        lease = now + LEASE
        async with self.sessionmaker() as session, session.begin():
            connection = await session.connection(execution_options=_STATEMENTS_STAND_ALONE)
            renewed = await connection.execute(_RENEW, {"row": row.id, "lease": lease, "owner": self.owner})
        if not renewed.rowcount:
            log.info(
                "%s: outbox row %s was stopped, sent by another sender, or taken by the new leader, as it"
                " waited its turn or its send's next call; not sent",
                row.channel,
                row.id,
            )
            return False
        row.leased_until = lease
        return True

    def _resting_until(self, channel: str) -> datetime | None:
        """Until when a row already tried is not tried again on a failing `channel`; None: it may be now."""
        resting = self._resting.get(channel)
        return resting[0] if resting is not None and resting[0] > self.clock() else None

    def _rest_end(self, channel: str) -> datetime:
        """When a row that waits for the try under way on a failing `channel` is claimed again: at the rest's
        end, or once its last length from now if it is over (that try may begin another)."""
        now, resting = self.clock(), self._resting.get(channel)
        if resting is None:
            return now + timedelta(seconds=1.0)
        return resting[0] if resting[0] > now else now + timedelta(seconds=resting[1])

    def _rest(self, channel: str, now: datetime) -> None:
        """A server or network error: the channel rests 1 s, twice as long each time a try after a rest fails
        too, up to MAX_BACKOFF (decision 0331). Each row tried before waits for the rest's end, whatever its
        own backoff, and one try then tells whether the messenger is back: 340 rows each tried once a minute
        called a Zalo that was down at the sender's whole pace."""
        resting = self._resting.get(channel)
        if resting is not None and resting[0] > now:  # failed while resting: the rest stands
            return
        pause = min(MAX_BACKOFF, resting[1] * 2) if resting is not None else 1.0
        self._resting[channel] = (now + timedelta(seconds=pause), pause)

    async def _waited_go_now(self, channel: str) -> bool:
        """A send went through on a channel that failed: the rows that waited for its rest's end or their next
        try (put off untried, or tried and failed) are due now, not up to a minute later (decision 0342).
        Not during a 429's pause (they would wait for it holding a place), nor a row leased, never failed or
        held beyond a rest's longest (a message held for later: a reminder moved to Monday). Whether any
        was."""
        if self._paused_until.get(channel, 0.0) > self.monotonic():
            return False
        now = self.clock()
        async with self.sessionmaker() as session, session.begin():
            moved = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.channel == channel,
                    OutboxMessage.last_error.is_not(None),
                    OutboxMessage.not_before > now,
                    # a rest's end or a next try is at most a minute away: a row held further (a reminder
                    # held over the weekend after failing on Friday, decision 0269) keeps its day
                    OutboxMessage.not_before <= now + timedelta(seconds=MAX_BACKOFF),
                    OutboxMessage.lease_until.is_(None) | (OutboxMessage.lease_until <= now),
                )
                .values(not_before=now)
                .execution_options(synchronize_session=False)
            )
        return bool(moved.rowcount)

    def _refused_until(self, channel: str) -> datetime | None:
        """Until when nothing is tried on `channel` (its token refused); None: it may be tried now."""
        refused = self._refused.get(channel)
        return refused[0] if refused is not None and refused[0] > self.clock() else None

    async def _token_refused(self, row: _Claimed, refused: Unauthorized) -> None:
        """The messenger refused the bot's token: the row waits, leased until the channel is tried again (not
        counted as a try), and the channel rests meanwhile."""
        now = self.clock()
        known = self._refused.get(row.channel)
        if known is not None and known[0] > now:  # another row found it out meanwhile
            until = known[0]
        else:
            pause = min(MAX_BACKOFF, known[1] * 2) if known is not None else REFUSED_FIRST
            until = now + timedelta(seconds=pause)
            self._refused[row.channel] = (until, pause)
            if known is None:
                log.error(
                    "%s: the messenger refused the bot token (%s): nothing is sent on %s until %s_BOT_TOKEN "
                    "is fixed; the messages wait in the outbox",
                    row.channel,
                    refused.reason,
                    row.channel,
                    row.channel.upper(),
                )
        await self._record(row.id, {"lease_until": until, "last_error": refused.reason[:300]})

    def _remember(self, row_id: int, sent_id: str) -> None:
        self._sent_ids[row_id] = sent_id
        if len(self._sent_ids) > 4096:  # the oldest go: a menu's buttons come off within moments
            del self._sent_ids[next(iter(self._sent_ids))]

    async def _send(self, transport: Transport, row: _Claimed) -> str:
        message = row.message
        if message.clear_buttons_of is not None:
            shown = await self._sent_id(message.clear_buttons_of)
            if shown is not None:
                await transport.clear_buttons(row.chat_id, shown)
            return shown or ""
        progress = Parts(
            row.parts_sent,
            row.shown,
            functools.partial(self._took_part, row),
            functools.partial(self._still_ours, row),
        )
        return await transport.send(row.chat_id, message, progress)

    async def _took_part(self, row: _Claimed, parts: int, shown: str) -> None:
        """The messenger took a part of a message sent in several: written down before the next part goes, so
        a retry, or the sender that takes over after a kill, goes on from the next one (decision 0175). The
        lease is renewed with it: a long message is still this sender's."""
        row.parts_sent, row.shown, row.leased_until = parts, shown, self.clock() + LEASE
        await self._record(row.id, {"parts_sent": parts, "sent_id": shown, "lease_until": row.leased_until})

    async def _clear_after(self, transport: Transport, row: _Claimed) -> None:
        """A typed answer is on screen and written down as sent: now the buttons come off the menus it
        answered (`clear_first`). The answer goes first, so the person sees it one messenger call sooner, and
        is written down first: while a slow clear was under way its row stayed pending, and past its lease
        and the bound a new leader sent it again (decision 1828). A clear that fails is given up, never a
        reason to send the answer again (an old button pressed later is answered kindly)."""
        for menu_row in row.message.clear_first:
            try:
                if (shown := await self._sent_id(menu_row)) is not None:
                    await transport.clear_buttons(row.chat_id, shown)
            except RetryAfter as pause:
                self._pause(row.channel, pause)
                return
            except DeliveryError as problem:
                log.info("the buttons of an answered menu stay (%s)", problem.reason)
            except Exception as problem:  # a bug in a transport: the answer went, the buttons stay
                log.error("the buttons of an answered menu stay: %s", type(problem).__name__)
                return

    async def _sent_id(self, row_id: int) -> str | None:
        """The messenger's id of the message an earlier row made (None: it never showed)."""
        if (shown := self._sent_ids.get(row_id)) is not None:
            return shown
        async with self.sessionmaker() as session:
            return await session.scalar(select(OutboxMessage.sent_id).where(OutboxMessage.id == row_id))

    def _pause(self, channel: str, pause: RetryAfter) -> None:
        """The messenger asked to slow down: nothing goes on `channel` for `pause.seconds`."""
        now = self.monotonic()
        ended = self._paused_until.get(channel)
        if ended is None or now - ended > MAX_BACKOFF:  # not a pause right after the last one: a new spell
            self._paused_since[channel] = self.clock()
        self._paused_until[channel] = max(ended or 0.0, now + pause.seconds)
        self._paused_why[channel] = pause.reason

    async def _back_for_the_pause(self, row: _Claimed) -> bool:
        """Whether `row`'s channel is paused (a 429): then it goes back to the outbox until the pause's end,
        untried and not counted, rather than waiting for it in this sender. Waiting, it held one of the places
        shared by both channels (Zalo's quota pause, up to five minutes, held up Telegram's replies), and a
        pause longer than its lease (Telegram's retry_after of 45 s) let the next claim take it again. Its
        `last_error` says why it waits: it holds its chat's later messages, as a row tried does."""
        left = self._paused_until.get(row.channel, 0.0) - self.monotonic()
        if left <= 0:
            return False
        values = {
            "not_before": self.clock() + timedelta(seconds=left),
            "lease_until": None,
            "last_error": self._paused_why.get(row.channel, "retry later")[:300],
        }
        await self._record(row.id, values)
        return True

    async def _retry_later(self, row: _Claimed, problem: DeliveryError) -> None:
        """A server or network error: tried again later. Given up after `max_attempts` when the channel sent
        something else since this row first failed (this message is at fault) or after GIVE_UP_AFTER. While
        nothing goes through (an outage, or a quiet channel) the row waits for the messenger to come back;
        after `max_attempts` it gives way (decision 0176): its chat's next message, never tried yet, goes past
        it while it waits for its next try. Taken, that message shows the messenger works and this row is
        given up at its next failure; refused too, the chat waits, in order, for the messenger to be back."""
        now = self.clock()
        gone, recovered = self._went_through.get(row.channel, 0), self._recovered.get(row.channel, 0)
        failing = self._failing.setdefault(row.id, _Failing(now, gone, recovered))
        failing.tries += 1
        first, failed = failing.since, failing.tries
        down = self._down.get(row.channel)
        # A message to another chat taken while this one was tried, or since it first failed, shows the
        # channel works and this chat alone fails (Telegram's 500 for one chat): the channel neither rests nor
        # is said down (0454). Not once the channel is found down since: an outage that began in the middle
        # of a broadcast, whose first failures came beside sends that went through, is one (decision 0464).
        went_during = gone != row.went_before
        outage = not went_during and (down is not None or gone == failing.gone)
        attempts = row.attempts + 1
        # The message is at fault only where the others' went through without failing first: while other
        # chats' messages fail and then go, one in ten of what went through or more (a Telegram failing every
        # other call), its failures are the channel's flapping, and it waits as in an outage (0470). Other
        # chats failing for good (two colleagues' chats broken) are no sign of it: they never go.
        at_fault = not outage and (recovered - failing.recovered) * 10 <= gone - failing.gone
        if failed >= self.max_attempts and (at_fault or now - first >= GIVE_UP_AFTER):
            log.warning(
                "%s: gave up outbox row %s after %s tries (%s)%s; its chat's later messages go on",
                row.channel,
                row.id,
                attempts,
                problem.reason[:80],
                " while other messages went through" if at_fault else "",
            )
            await self._finish(row, status="failed", error=problem, attempt=True)
            if down is not None and not await self._others_wait(row):
                self._no_longer_down(row.channel)
            return
        backoff = timedelta(seconds=min(MAX_BACKOFF, 2.0 ** (failed - 1)))
        if not outage:  # this chat alone: it backs off, the others go on
            log.info(
                "%s: outbox row %s not taken (%s) while other messages went through; tried again in %g s",
                row.channel,
                row.id,
                problem.reason[:80],
                backoff.total_seconds(),
            )
        else:
            if down is None:
                self._down[row.channel] = (now, problem.reason[:80])
                log.warning(
                    "%s: cannot send (%s); the messages wait in the outbox and are tried again",
                    row.channel,
                    problem.reason[:80],
                )
            self._rest(row.channel, now)
        values: dict[str, Any] = {}
        if failed >= self.max_attempts and not row.gave_way:
            values["gave_way"] = True
            log.warning(
                "%s: outbox row %s failed %s times while %s; its chat's next message is tried past it",
                row.channel,
                row.id,
                failed,
                "nothing else went through" if outage else "other chats' messages failed too",
            )
        await self._finish(row, not_before=now + backoff, error=problem, attempt=True, also=values)

    async def _others_wait(self, row: _Claimed) -> bool:
        """Whether another row of `row`'s channel waits after failing or being put off by its failures."""
        async with self.sessionmaker() as session:
            return (
                await session.scalar(
                    select(OutboxMessage.id)
                    .where(
                        OutboxMessage.status == "pending",
                        OutboxMessage.channel == row.channel,
                        OutboxMessage.last_error.is_not(None),
                        OutboxMessage.id != row.id,
                    )
                    .limit(1)
                )
                is not None
            )

    def _no_longer_down(self, channel: str) -> None:
        """The one message that kept `channel` said down was given up after a day and nothing else waits: no
        send is left to tell whether the messenger is back, so the sender stops saying "cannot send" (a
        /healthz 503 for good, with nothing to send) and the next message is tried as on a working channel;
        refused too, it finds the channel down again (decision 0473)."""
        self._down.pop(channel, None)
        self._resting.pop(channel, None)
        log.warning(
            "%s: no message waits any more; sending is no longer said to fail until another one fails",
            channel,
        )

    async def _blocked(self, row: _Claimed, problem: Blocked) -> None:
        """The person blocked the bot in this chat: their account is marked blocked, and what waited for it
        (this row too: it was not delivered) goes to their other account if they have one
        (`deactivate_identity`). What is left in the chat is marked blocked."""
        now = self.clock()
        self._failing.pop(row.id, None)
        log.warning(
            "%s: outbox row %s not delivered, the account is gone or blocked the bot (%s); what waits for it "
            "goes to the person's other account, if any",
            row.channel,
            row.id,
            problem.reason[:80],
        )
        async with self.sessionmaker() as session, session.begin():
            await deactivate_identity(
                session, row.channel, row.chat_id, now=now, reason=problem.reason, held=row.id
            )
            await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.channel == row.channel,
                    OutboxMessage.chat_id == row.chat_id,
                )
                .values(status="blocked", lease_until=None, last_error=problem.reason[:300])
            )
        row.more = True  # what went to another chat is claimed at once, not at the next poll

    async def _finish(
        self,
        row: _Claimed,
        *,
        status: str = "pending",
        not_before: datetime | None = None,
        sent_id: str | None = None,
        error: DeliveryError | None = None,
        attempt: bool = False,
        also: dict[str, Any] | None = None,
    ) -> None:
        values: dict[str, Any] = {"status": status, "lease_until": None, **(also or {})}
        if status != "pending":
            self._failing.pop(row.id, None)
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
            # Rows with the same kind of outcome are written by one statement, executed for many.
            shapes: dict[tuple[tuple[str, ...], bool], list[dict[str, Any]]] = {}
            for row_id, values, _done in batch:
                shapes.setdefault((tuple(sorted(values)), values.get("status") == "sent"), []).append(
                    {
                        "row": row_id,
                        "owner": self.owner,
                        **{f"new_{column}": value for column, value in values.items()},
                    }
                )
            try:
                async with self.sessionmaker() as session, session.begin():
                    connection = await session.connection(execution_options=_STATEMENTS_STAND_ALONE)
                    for (shape, went), params in shapes.items():
                        await connection.execute(_finish_statement(shape, went=went), params)
            except Exception as problem:
                for _row, _values, done in batch:
                    if not done.done():  # a send cancelled meanwhile (a lead lost, a stop) waits for none
                        done.set_exception(problem)
            else:
                for _row, _values, done in batch:
                    if not done.done():  # set on a cancelled one, the rest of the batch never heard (1607)
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

            def listener(*_args: object) -> None:
                self.wake()

            await raw.add_listener(NOTIFY_CHANNEL, listener)
            try:
                yield
            finally:
                with contextlib.suppress(Exception):
                    await raw.remove_listener(NOTIFY_CHANNEL, listener)
        finally:
            await connection.close()
