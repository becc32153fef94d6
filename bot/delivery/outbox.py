"""Writing outbox rows: every outbound message is a row written in the same transaction as its cause.

A turn's replies, a notice to another person, later appeals, reminders and digests: all of them go
through `enqueue` (to a known chat) or `enqueue_for` (to a person, wherever they are reached). The row's
unique key makes re-running the cause harmless. After the commit the sender is woken (`Sender.wake` in this
process; on PostgreSQL a NOTIFY reaches senders in other processes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import bindparam, case, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.clock import LOCAL_TZ
from bot.db.models import ChannelIdentity, ConversationState, OutboxMessage, Person
from bot.delivery.transport import OutboundMessage

REPLY, NOTICE, BROADCAST = 0, 1, 2  # priorities: replies first, then notices, then broadcasts
NOTIFY_CHANNEL = "chungtay_outbox"

_TABLE = OutboxMessage.__table__
_NOTIFY = text(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '')")


@dataclass(frozen=True)
class Destination:
    channel: str
    chat_id: str


# The person's chosen messenger first, then the account they wrote from last (its chat's latest turn).
_REACH = (
    select(ChannelIdentity.channel, ChannelIdentity.external_id)
    .join(Person, Person.id == ChannelIdentity.person_id)
    .outerjoin(
        ConversationState,
        (ConversationState.channel == ChannelIdentity.channel)
        & (ConversationState.chat_id == ChannelIdentity.external_id),
    )
    .where(ChannelIdentity.person_id == bindparam("person"), ChannelIdentity.status == "active")
    .order_by(
        case((ChannelIdentity.channel == Person.channel, 0), else_=1),
        ConversationState.updated_at.desc().nulls_last(),
        ChannelIdentity.id.desc(),
    )
    .limit(1)
)


async def reach(db: AsyncSession | AsyncConnection, person_id: int) -> Destination | None:
    """Where a person is reached: their chosen messenger, else the one they used last; None when they have
    no active account (never joined on a messenger, blocked the bot, or removed)."""
    row = (await db.execute(_REACH, {"person": person_id})).first()
    return Destination(row.channel, row.external_id) if row is not None else None


async def reach_many(db: AsyncSession | AsyncConnection, person_ids: list[int]) -> dict[int, Destination]:
    """`reach` for many people in one query per 500 (a digest to every leader of an organisation); people
    with no active account are left out."""
    found: dict[int, Destination] = {}
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start : start + 500]
        ranked = (
            select(
                ChannelIdentity.person_id,
                ChannelIdentity.channel,
                ChannelIdentity.external_id,
                func.row_number()
                .over(
                    partition_by=ChannelIdentity.person_id,
                    order_by=(
                        case((ChannelIdentity.channel == Person.channel, 0), else_=1),
                        ConversationState.updated_at.desc().nulls_last(),
                        ChannelIdentity.id.desc(),
                    ),
                )
                .label("rank"),
            )
            .join(Person, Person.id == ChannelIdentity.person_id)
            .outerjoin(
                ConversationState,
                (ConversationState.channel == ChannelIdentity.channel)
                & (ConversationState.chat_id == ChannelIdentity.external_id),
            )
            .where(ChannelIdentity.person_id.in_(chunk), ChannelIdentity.status == "active")
            .subquery()
        )
        rows = await db.execute(
            select(ranked.c.person_id, ranked.c.channel, ranked.c.external_id).where(ranked.c.rank == 1)
        )
        for person_id, channel, external_id in rows:
            found[person_id] = Destination(channel, external_id)
    return found


@dataclass(frozen=True)
class Queued:
    """One message of a batch for `enqueue_many`."""

    key: str
    destination: Destination | None
    message: OutboundMessage
    person_id: int | None = None
    not_before: datetime | None = None
    expires_at: datetime | None = None


async def enqueue_many(
    db: AsyncSession | AsyncConnection, items: list[Queued], *, now: datetime, priority: int = NOTICE
) -> set[str]:
    """`enqueue` for many rows in one statement per 500 (a job writing hundreds of digests); the keys of
    the rows written (a key written before is skipped, as `enqueue` does)."""
    if not items:
        return set()
    connection = db if isinstance(db, AsyncConnection) else await db.connection()
    dialect = connection.dialect.name
    statement = (
        (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_TABLE)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(_TABLE.c.key)
    )
    written: set[str] = set()
    for start in range(0, len(items), 500):
        values = [
            {
                "key": item.key,
                "channel": item.destination.channel if item.destination else None,
                "chat_id": item.destination.chat_id if item.destination else None,
                "person_id": item.person_id,
                "priority": priority,
                "payload": item.message.to_payload(),
                "status": "pending" if item.destination else "undeliverable",
                "created_at": now,
                "not_before": item.not_before or now,
                "expires_at": item.expires_at,
                "attempts": 0,
            }
            for item in items[start : start + 500]
        ]
        written |= set((await connection.execute(statement, values)).scalars())
    if dialect == "postgresql" and any(item.destination and item.key in written for item in items):
        await connection.execute(_NOTIFY)
    return written


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
) -> int | None:
    """Add one message to the outbox in the caller's transaction; its row id, or None when a row with this key
    exists already (the cause ran before). Without a destination the row is recorded as undeliverable."""
    connection = db if isinstance(db, AsyncConnection) else await db.connection()
    dialect = connection.dialect.name
    values = {
        "key": key,
        "channel": destination.channel if destination else None,
        "chat_id": destination.chat_id if destination else None,
        "person_id": person_id,
        "priority": priority,
        "payload": message.to_payload(),
        "status": "pending" if destination else "undeliverable",
        "created_at": now,
        "not_before": not_before or now,
        "expires_at": expires_at,
        "attempts": 0,
    }
    row_id = (await connection.execute(_insert(dialect), values)).scalar()
    if row_id is not None and destination is not None and dialect == "postgresql":
        await connection.execute(_NOTIFY)  # delivered at commit, once per transaction
    return row_id


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
    """A message to a person, wherever they are reached, rendered in *their* language (`render(locale)`)."""
    locale = await session.scalar(select(Person.locale).where(Person.id == person_id)) or default_locale
    return await enqueue(
        session,
        key=key,
        destination=await reach(session, person_id),
        message=render(locale),
        now=now,
        priority=priority,
        person_id=person_id,
        not_before=not_before,
        expires_at=expires_at,
    )


def after_quiet_hours(at: datetime, *, start: int = 21, end: int = 7) -> datetime:
    """`at`, or the end of the quiet hours (local time, `start`:00 to `end`:00) if it falls inside them."""
    local = at.astimezone(LOCAL_TZ)
    quiet = start <= local.hour < end if start <= end else (local.hour >= start or local.hour < end)
    if not quiet:
        return at
    day = local.date() if local.hour < end else local.date() + timedelta(days=1)
    return datetime.combine(day, time(end), tzinfo=LOCAL_TZ).astimezone(at.tzinfo)
