"""Writing outbox rows: every outbound message is a row written in the same transaction as its cause.

A turn's replies, a notice to another person, later appeals, reminders and digests: all of them go
through `enqueue` (to a known chat) or `enqueue_for` (to a person, wherever they are reached). The row's
unique key makes re-running the cause harmless. After the commit the sender is woken (`Sender.wake` in this
process; on PostgreSQL a NOTIFY reaches senders in other processes).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.clock import LOCAL_TZ
from bot.db.models import ChannelIdentity, ConversationState, OutboxMessage, Person
from bot.db.ops import among, in_chunks
from bot.db.types import UTCDateTime
from bot.delivery.transport import OutboundMessage
from bot.i18n import LOCALES

REPLY, NOTICE, BROADCAST = 0, 1, 2  # priorities: replies first, then notices, then broadcasts
NOTIFY_CHANNEL = "chungtay_outbox"
REPLY_KEY = "reply:"  # the key of a turn's replies begins so (bot.conversation.engine)

_TABLE = OutboxMessage.__table__
_NOTIFY = text(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '')")
ALSO_IN = "also_in"  # a held message's payload: the same message in the other languages, by locale
_ROWS_CHUNK = 2000  # outbox rows per execute on SQLite: 22,000 parameters, under its limit of 32,766
_ARRAY_CHUNK = 10_000  # outbox rows per statement on PostgreSQL (arrays: the parameters stay ten)


@dataclass(frozen=True)
class Destination:
    channel: str
    chat_id: str


@dataclass(frozen=True)
class Recipient:
    """A person with an active messenger account: where they are reached, and their language."""

    person_id: int
    locale: str
    destination: Destination


# Among a person's active accounts: their chosen messenger first, then the account they wrote from last (its
# chat's latest turn), then the newest.
_REACH_ORDER = (
    case((ChannelIdentity.channel == Person.channel, 0), else_=1),
    ConversationState.updated_at.desc().nulls_last(),
    ChannelIdentity.id.desc(),
)


async def recipients(
    db: AsyncSession | AsyncConnection, people: Select[Any] | Sequence[int], default_locale: str = "vi"
) -> list[Recipient]:
    """Where each of `people` is reached — their chosen messenger, else the one they used last — with their
    language (`default_locale` if they chose none); people with no active account (never joined on a
    messenger, blocked the bot, or removed) are left out. `people` is a SELECT of person ids (an appeal's
    audience: one query, whatever its size) or a list of ids (one query per 5,000). The one place that decides
    where a person is reached: `reach` and the digests ask it too."""
    connection = db if isinstance(db, AsyncConnection) else await db.connection()  # Core rows: no ORM
    if isinstance(people, Select):
        chosen = [ChannelIdentity.person_id.in_(select(people.subquery().c[0]))]
    else:
        ids = list(people)
        chosen = [ChannelIdentity.person_id.in_(chunk) for chunk in in_chunks(ids)]
    reached: dict[int, Recipient] = {}
    for part in chosen:
        rows = await connection.execute(
            select(
                ChannelIdentity.person_id, ChannelIdentity.channel, ChannelIdentity.external_id, Person.locale
            )
            .join(Person, Person.id == ChannelIdentity.person_id)
            .outerjoin(
                ConversationState,
                (ConversationState.channel == ChannelIdentity.channel)
                & (ConversationState.chat_id == ChannelIdentity.external_id),
            )
            .where(part, ChannelIdentity.is_active)
            .order_by(ChannelIdentity.person_id, *_REACH_ORDER)
        )
        for person_id, channel, external_id, locale in rows:
            if person_id not in reached:  # the first of a person's accounts in that order
                reached[person_id] = Recipient(
                    person_id, locale or default_locale, Destination(channel, external_id)
                )
    return list(reached.values())


async def reach(db: AsyncSession | AsyncConnection, person_id: int) -> Destination | None:
    """Where a person is reached (see `recipients`); None when they have no active account."""
    found = await recipients(db, [person_id])
    return found[0].destination if found else None


async def hold_people(session: AsyncSession, people: Select[Any] | Sequence[int]) -> bool:
    """On PostgreSQL, lock the rows of `people` (a SELECT of person ids, or a list of them) for the rest of
    the caller's transaction, in order of id as `actions.offer_many` locks them: a batch of messages to many
    people (an appeal, a reminder scan, the digests) asks it before it reads who is still at work and where
    each is reached. A leaving, an account unlinked or taken off locks its person's row first
    (`lock_person`): one under way then ends before the batch reads them, so the batch reads it done; one
    coming after waits for the batch's rows, and cancels or moves them as it does every waiting message.
    Without it, a batch that read someone before their leaving committed wrote their message after the
    leaving had cancelled what waited for them (docs/decisions/0261). SQLite has one writer at a time:
    nothing to lock there. Whether they were locked (for the caller to read them again)."""
    if (await session.connection()).dialect.name != "postgresql":
        return False
    chunks = [people] if isinstance(people, Select) else list(in_chunks(sorted(set(people))))
    for chunk in chunks:
        among = (
            Person.id.in_(select(chunk.subquery().c[0]))
            if isinstance(chunk, Select)
            else Person.id.in_(chunk)
        )
        await session.execute(select(Person.id).where(among).order_by(Person.id).with_for_update())
    return True


async def lock_person(session: AsyncSession, person_id: int) -> None:
    """Lock the row of the person whose leaving, or whose account's going, is being written, before anything
    of it is: a batch under way (`hold_people`) is waited for, and one after reads it done."""
    await session.execute(select(Person.id).where(Person.id == person_id).with_for_update())


@dataclass(frozen=True)
class Queued:
    """One message of a batch for `enqueue_many`."""

    key: str
    destination: Destination | None
    message: OutboundMessage
    person_id: int | None = None
    not_before: datetime | None = None
    expires_at: datetime | None = None
    counts_from: date | None = None  # a weekly digest's first day counted (`OutboxMessage.counts_from`)


def not_taken(now: datetime) -> ColumnElement[bool]:
    """A row still pending that no sender holds at `now` (no lease, or its lease ran out): one that may still
    be cancelled or changed without racing a send."""
    return and_(
        OutboxMessage.status == "pending",
        or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= now),
    )


def outbox_row(
    *,
    key: str,
    destination: Destination | None,
    payload: dict[str, Any],
    now: datetime,
    priority: int,
    person_id: int | None = None,
    not_before: datetime | None = None,
    expires_at: datetime | None = None,
    counts_from: date | None = None,
) -> dict[str, Any]:
    """The values of one outbox row; without a destination it is recorded as undeliverable."""
    return {
        "key": key,
        "channel": destination.channel if destination else None,
        "chat_id": destination.chat_id if destination else None,
        "person_id": person_id,
        "priority": priority,
        "payload": payload,
        "status": "pending" if destination else "undeliverable",
        "created_at": now,
        "not_before": not_before or now,
        "expires_at": expires_at,
        "counts_from": counts_from,
        "attempts": 0,
    }


# Columns of an outbox row as PostgreSQL's bulk insert sends them: one array each ("attempts" is 0).
_ARRAYS: dict[str, Any] = {
    "key": String(),
    "channel": String(),
    "chat_id": String(),
    "person_id": BigInteger(),
    "priority": Integer(),
    "payload": Text(),  # JSON text, made JSON on the server
    "status": String(),
    "created_at": UTCDateTime(),
    "not_before": UTCDateTime(),
    "expires_at": UTCDateTime(),
    "counts_from": Date(),
}


def _unnest_insert() -> Any:
    """INSERT … SELECT … FROM unnest(arrays): every row in one statement with eleven parameters, whatever
    the number of rows, instead of twelve parameters per row for the driver to bind and the server to
    parse."""
    arrays = (bindparam(name, type_=ARRAY(kind)) for name, kind in _ARRAYS.items())
    source = func.unnest(*arrays).table_valued(*_ARRAYS).render_derived(name="given")
    values = [source.c[name] for name in _ARRAYS]
    values[list(_ARRAYS).index("payload")] = cast(source.c.payload, JSON)
    return (
        postgresql.insert(_TABLE)
        .from_select([*_ARRAYS, "attempts"], select(*values, literal_column("0")))
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(_TABLE.c.key)
    )


_UNNEST_INSERT = _unnest_insert()


async def write_rows(db: AsyncSession | AsyncConnection, rows: list[dict[str, Any]]) -> set[str]:
    """Insert many outbox rows (`outbox_row` values), a key written before skipped; the keys written.

    On PostgreSQL: one INSERT … SELECT from arrays (one per column) per 10,000 rows, and the senders notified
    (at commit) when a row to send was written. On SQLite: many rows per INSERT (RETURNING makes SQLAlchemy
    send multi-row VALUES, "insertmanyvalues"), 2,000 rows per execute."""
    if not rows:
        return set()
    connection = db if isinstance(db, AsyncConnection) else await db.connection()
    written: set[str] = set()
    if connection.dialect.name == "postgresql":
        for chunk in in_chunks(rows, _ARRAY_CHUNK):
            arrays = {name: [row[name] for row in chunk] for name in _ARRAYS}
            arrays["payload"] = [json.dumps(payload) for payload in arrays["payload"]]
            written.update((await connection.execute(_UNNEST_INSERT, arrays)).scalars().all())
        if any(row["key"] in written for row in rows if row["status"] == "pending"):
            await connection.execute(_NOTIFY)
        return written
    statement = sqlite.insert(_TABLE).on_conflict_do_nothing(index_elements=["key"]).returning(_TABLE.c.key)
    for chunk in in_chunks(rows, _ROWS_CHUNK):
        written.update((await connection.execute(statement, chunk)).scalars().all())
    return written


async def enqueue_many(
    db: AsyncSession | AsyncConnection, items: list[Queued], *, now: datetime, priority: int = NOTICE
) -> set[str]:
    """`enqueue` for many rows at once (a job writing hundreds of digests); the keys of the rows written (a
    key written before is skipped, as `enqueue` does)."""
    return await write_rows(
        db,
        [
            outbox_row(
                key=item.key,
                destination=item.destination,
                payload=item.message.to_payload(),
                now=now,
                priority=priority,
                person_id=item.person_id,
                not_before=item.not_before,
                expires_at=item.expires_at,
                counts_from=item.counts_from,
            )
            for item in items
        ],
    )


@functools.cache  # built once per dialect: building a statement costs more than running it on SQLite
def _insert(dialect: str):  # type: ignore[no-untyped-def]
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(_TABLE).on_conflict_do_nothing(index_elements=["key"]).returning(_TABLE.c.id)


async def enqueue(
    db: AsyncSession | AsyncConnection,
    *,
    key: str,
    destination: Destination | None,
    message: OutboundMessage,
    now: datetime,
    priority: int = REPLY,
    person_id: int | None = None,
    not_before: datetime | None = None,
    expires_at: datetime | None = None,
    also_in: dict[str, dict[str, Any]] | None = None,
) -> int | None:
    """Add one message to the outbox in the caller's transaction; its row id, or None when a row with this key
    exists already (the cause ran before). Without a destination the row is recorded as undeliverable.
    `also_in`: the same message in other languages, by locale (`in_readers_language`)."""
    connection = db if isinstance(db, AsyncConnection) else await db.connection()
    dialect = connection.dialect.name
    payload = message.to_payload()
    if also_in:
        payload[ALSO_IN] = also_in
    values = outbox_row(
        key=key,
        destination=destination,
        payload=payload,
        now=now,
        priority=priority,
        person_id=person_id,
        not_before=not_before,
        expires_at=expires_at,
    )
    row_id = (await connection.execute(_insert(dialect), values)).scalar()
    if row_id is not None and destination is not None and dialect == "postgresql":
        await connection.execute(_NOTIFY)  # delivered at commit, once per transaction
    return row_id


def in_other_languages(render: Callable[[str], OutboundMessage], locale: str) -> dict[str, Any]:
    """A held message's copies (`ALSO_IN`): the payload `render` gives in each language but `locale`."""
    return {other: render(other).to_payload() for other in LOCALES if other != locale}


async def enqueue_for(
    session: AsyncSession,
    *,
    key: str,
    person_id: int,
    render: Callable[[str], OutboundMessage],
    now: datetime,
    priority: int = NOTICE,
    not_before: datetime | None = None,
    expires_at: datetime | None = None,
    default_locale: str = "vi",
) -> int | None:
    """A message to a person, wherever they are reached, rendered in *their* language (`render(locale)`). One
    held back (`not_before` later: after the quiet hours, a reminder they asked for in two days) is also
    rendered in the other languages (`ALSO_IN`), so it goes in the one they read when it goes (decision
    0231)."""
    # Where they are reached and their language in one read; only someone with no active account is asked
    # for their language apart.
    found = await recipients(session, [person_id], default_locale)
    if found:
        locale, destination = found[0].locale, found[0].destination
    else:
        locale = await session.scalar(select(Person.locale).where(Person.id == person_id)) or default_locale
        destination = None
    message = render(locale)
    also = None
    if not_before is not None and not_before > now:
        also = in_other_languages(render, locale)
    return await enqueue(
        session,
        key=key,
        destination=destination,
        message=message,
        now=now,
        priority=priority,
        person_id=person_id,
        not_before=not_before,
        expires_at=expires_at,
        also_in=also,
    )


async def readdress(
    session: AsyncSession,
    person_id: int,
    *,
    channel: str,
    chat_id: str,
    now: datetime,
    blocked: str | None = None,
    held: int | None = None,
) -> None:
    """The person's messages still waiting for an account that is no longer theirs to be reached on (unlinked,
    taken off by an officer, or one they blocked the bot on): they go where the person is reached now
    (`recipients`), or nowhere ("undeliverable") when no active account is left. A row is addressed when it
    is written, so a notice held over the quiet hours would otherwise reach, the next morning, an account
    that may be someone else's by then, and one blocked would lose what their other account could receive.
    The replies of that chat's turns, and a message partly sent there already, belong to that chat and are
    not sent at all ("cancelled").

    A row a sender holds at this instant (leased: being sent, or waiting for the messenger's pause) may go to
    that chat now, but if the messenger does not take it (a network error, a 429) it is tried again later:
    so it is treated as the others are, its lease kept, so that only its holder sends it, and a later try
    goes where the person is reached, or nowhere (docs/decisions/0256). The sender writes an outcome only on
    a row still pending, and where a row it sent went.

    `blocked`: the messenger's words when it refused a send because the person blocked the bot there (a
    403): what is not sent elsewhere is marked "blocked" with them, as before, rather than cancelled or
    undeliverable. `held`: the row the caller holds itself (the sender's row that met the refusal, not
    delivered), treated as the others are: it goes elsewhere at most once, since only its holder sends it."""
    await session.flush()  # the account's new state, for `recipients`
    free = not_taken(now)
    if held is not None:
        free = free | ((OutboxMessage.id == held) & (OutboxMessage.status == "pending"))
    theirs = (
        (OutboxMessage.person_id == person_id)
        & (OutboxMessage.channel == channel)
        & (OutboxMessage.chat_id == chat_id)
    )
    waiting = theirs & free
    in_flight = theirs & (OutboxMessage.status == "pending") & ~free
    of_that_chat = OutboxMessage.key.like(f"{REPLY_KEY}%") | (OutboxMessage.parts_sent > 0)
    stays: dict[str, Any] = (
        {"status": "blocked", "last_error": blocked[:300]} if blocked is not None else {"status": "cancelled"}
    )
    found = await recipients(session, [person_id])
    to: dict[str, Any] = (
        {"channel": found[0].destination.channel, "chat_id": found[0].destination.chat_id}
        if found
        else stays
        if blocked is not None
        else {"status": "undeliverable"}
    )
    # A row that waited for that messenger's next try (its rest, its backoff) goes elsewhere at once: the wait
    # was that messenger's, not the message's (docs/decisions/0342). One never failed keeps its hour.
    moved = {
        "not_before": case(
            (OutboxMessage.last_error.is_not(None) & (OutboxMessage.not_before > now), now),
            else_=OutboxMessage.not_before,
        )
    }
    for where, values, also in ((of_that_chat, stays, {}), (~of_that_chat, to, moved if found else {})):
        await session.execute(
            update(OutboxMessage)
            .where(waiting, where)
            .values(lease_until=None, **values, **also)
            .execution_options(synchronize_session=False)
        )
        await (
            session.execute(  # the lease kept: its sender's, who may be sending it to that chat this instant
                update(OutboxMessage)
                .where(in_flight, where)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        )


def in_readers_language(payload: dict[str, Any], locale: str | None) -> dict[str, Any]:
    """The payload to send to a reader whose language is `locale` now: the one written, or, for a message
    held back and written in another, the same message in theirs (`ALSO_IN`)."""
    others = payload.get(ALSO_IN)
    if not others or locale is None or locale not in others:
        return payload
    return others[locale]


def is_quiet_hour(hour: int, *, start: int = 21, end: int = 7) -> bool:
    """Whether the local hour `hour` lies in the quiet hours, `start`:00 to `end`:00."""
    return start <= hour < end if start <= end else (hour >= start or hour < end)


def after_quiet_hours(at: datetime, *, start: int = 21, end: int = 7) -> datetime:
    """`at`, or the end of the quiet hours (local time, `start`:00 to `end`:00) if it falls inside them."""
    local = at.astimezone(LOCAL_TZ)
    if not is_quiet_hour(local.hour, start=start, end=end):
        return at
    day = local.date() if local.hour < end else local.date() + timedelta(days=1)
    return datetime.combine(day, time(end), tzinfo=LOCAL_TZ).astimezone(at.tzinfo)


# The messages the sender gave up on (status `failed`), counted as the partial index `ix_outbox_failed` holds
# them (its condition written out, not bound), so a count every few seconds reads only those rows.
GIVEN_UP = select(func.count()).select_from(_TABLE).where(_TABLE.c.status == literal_column("'failed'"))


async def given_up(session: AsyncSession) -> int:
    """How many messages the sender gave up on (`last_error` says why), for /healthz: cheap however many
    messages were ever sent (`GIVEN_UP`)."""
    return int(await session.scalar(GIVEN_UP) or 0)


async def notices_seen_after(
    session: AsyncSession, destination: Destination, row_id: int, person_id: int
) -> list[dict[str, Any]]:
    """The payloads of the messages `destination` was shown after its row `row_id` (the menu on screen) that
    are no reply of a turn, the latest first: notices, reminders, appeals the person read below their menu;
    empty when the menu is still the last thing the chat shows (decision 0445). Rows written after the menu,
    and the person's rows written before it but sent after it (a notice held for the quiet hours or a retry):
    those come below the menu too, and were missed (decision 0465). All of them, not the latest alone: two
    notices in a row each offer their own actions (decision 0471). Read by the outbox's key and the person's
    index."""
    shown_at = select(OutboxMessage.sent_at).where(OutboxMessage.id == row_id).scalar_subquery()
    payloads = await session.scalars(
        select(OutboxMessage.payload)
        .where(
            or_(
                OutboxMessage.id > row_id,
                and_(
                    OutboxMessage.person_id == person_id,
                    OutboxMessage.sent_at > shown_at,
                    OutboxMessage.created_at <= shown_at,  # written before the menu was shown, not after a
                    # clock set back (a row written "later" by the old time is no notice held for the morning)
                ),
            ),
            OutboxMessage.channel == destination.channel,
            OutboxMessage.chat_id == destination.chat_id,
            OutboxMessage.status == "sent",
            OutboxMessage.key.not_like(f"{REPLY_KEY}%"),
        )
        .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc())
    )
    return list(payloads)


async def keys_written(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """Which of `keys` the outbox has: the list goes as one parameter (an array on PostgreSQL, JSON read by
    json_each on SQLite), not as hundreds of bound values. What a job run again asks before writing its
    messages anew (the digests, the treasurers' weekly counts)."""
    if not keys:
        return set()
    wanted = among((await session.connection()).dialect.name, OutboxMessage.key, list(keys), String())
    return set(await session.scalars(select(OutboxMessage.key).where(wanted)))


# What a message was, by the first words of its key, the same in every language (decision 2520): an appeal
# (sent, sent again when asked later, or corrected), a reminder, a weekly digest, a treasurer's weekly count,
# the treasurer's answer on a gift, a turn's reply; any other is a notice.
_KINDS = (
    ("appeal", ("appeal:", "remind:appeal:", "fix:appeal:")),
    ("reminder", ("reminder:",)),
    ("digest", ("digest:",)),
    ("weekly", ("treasurer-week:",)),
    ("answer", ("notice:decided:",)),
    ("reply", (REPLY_KEY,)),
)


def message_kind(key: str) -> str:
    """What the message of outbox key `key` was (`_KINDS`), "notice" for any other: what “không đúng” at the
    menu names (decision 2520) and the count of a backup's waiting messages says (decision 2780)."""
    return next((kind for kind, beginnings in _KINDS if key.startswith(beginnings)), "notice")


@dataclass(frozen=True)
class LastNotice:
    """The latest notice a chat was sent: when, whether it is still the last thing on screen, and its key,
    whose first words say what it was (“appeal:…”, “reminder:…”, “digest:…”: decision 2520)."""

    at: datetime
    on_screen: bool
    key: str


async def last_notice(session: AsyncSession, destination: Destination) -> LastNotice | None:
    """When the latest notice (a message that is no reply of a turn: a reminder, an appeal, a digest) went
    out to `destination`, whether it is still the last thing the chat shows (no reply sent after it), and its
    key; None where none ever went. What “không đúng” typed at the main menu may speak of (decisions 2417,
    2520)."""
    sent = (
        OutboxMessage.channel == destination.channel,
        OutboxMessage.chat_id == destination.chat_id,
        OutboxMessage.status == "sent",
    )
    notice = (
        await session.execute(
            select(OutboxMessage.id, OutboxMessage.sent_at, OutboxMessage.key)
            .where(*sent, OutboxMessage.key.not_like(f"{REPLY_KEY}%"))
            .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc())
            .limit(1)
        )
    ).first()
    if notice is None:
        return None
    notice_id, notice_at, key = notice
    reply_after = await session.scalar(
        select(OutboxMessage.id)
        .where(
            *sent,
            OutboxMessage.key.like(f"{REPLY_KEY}%"),
            or_(
                OutboxMessage.sent_at > notice_at,
                and_(OutboxMessage.sent_at == notice_at, OutboxMessage.id > notice_id),
            ),
        )
        .limit(1)
    )
    return LastNotice(notice_at, reply_after is None, key)


async def menu_went_out(
    session: AsyncSession, row_id: int, at: datetime
) -> Literal["shown", "waiting", "given_up"]:
    """Where the message of row `row_id` (a menu) stood when a message written at `at` was sent, in one read
    of its row: "shown" once it had gone out (not while it waits or is retried, nor where the messenger
    stamped the message before it was sent; a row gone from the outbox is taken as shown, decision 1135);
    "given_up" where the sender gave up on it (refused for good, or failing too long), so that it never
    reached its chat (decision 1236); "waiting" otherwise."""
    row = (
        await session.execute(
            select(OutboxMessage.sent_at, OutboxMessage.status).where(OutboxMessage.id == row_id)
        )
    ).first()
    if row is None or (row.sent_at is not None and row.sent_at <= at):
        return "shown"
    return "given_up" if row.status == "failed" else "waiting"


async def shown_again_before(
    session: AsyncSession, destination: Destination, row_id: int, menu_token: int, at: datetime
) -> bool:
    """Whether a later message to `destination` showing the same menu as row `row_id` (its `menu_token`) had
    gone out when a message written at `at` was sent: the copy a sticker's answer shows (decision 1237)
    puts before the chat a menu whose own row the sender gave up on (decision 1369)."""
    found = await session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.id > row_id,
            OutboxMessage.channel == destination.channel,
            OutboxMessage.chat_id == destination.chat_id,
            OutboxMessage.status == "sent",
            OutboxMessage.sent_at <= at,
            OutboxMessage.payload["menu_token"].as_integer() == menu_token,
        )
        .limit(1)
    )
    return found is not None
