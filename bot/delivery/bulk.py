"""Writing one message to many people at once (an appeal to a whole organisation): the same rows as
`bot.delivery.actions.notify` writes one by one, in a handful of statements instead of several per person.

For each recipient: where they are reached (as `bot.delivery.outbox.reach` decides, for all of them in one
query), their language, their actions numbered after their last one (their person rows locked first on
PostgreSQL, in id order, as `actions.offer` does for one), and one outbox row with a unique key, inserted with
"on conflict do nothing" so writing the same keys again adds nothing. Everything is in the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Integer,
    Select,
    String,
    any_,
    bindparam,
    case,
    func,
    insert,
    literal,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelIdentity, ConversationState, OutboundAction, OutboxMessage, Person
from bot.db.types import UTCDateTime
from bot.delivery.actions import Offer, Offered
from bot.delivery.outbox import BROADCAST, NOTIFY_CHANNEL, Destination
from bot.delivery.transport import OutboundMessage

_OUTBOX = OutboxMessage.__table__
_ACTIONS = OutboundAction.__table__
_CHUNK = 2000  # rows per executemany batch
_IN_CHUNK = 5000  # ids per IN (…) list: well under SQLite's and asyncpg's 32,767 parameters


@dataclass(frozen=True)
class Recipient:
    person_id: int
    locale: str
    destination: Destination | None


async def recipients(session: AsyncSession, people: Select[Any], default_locale: str) -> list[Recipient]:
    """The people `people` selects (a SELECT of person ids) who have an active messenger account, each with
    their language and where they are reached: their chosen messenger, else the account they wrote from last
    (as `reach` decides for one). One query, whatever the number of people."""
    db = await session.connection()  # Core rows: no ORM bookkeeping for thousands of them
    ids = select(people.subquery().c[0])
    rows = await db.execute(
        select(ChannelIdentity.person_id, ChannelIdentity.channel, ChannelIdentity.external_id, Person.locale)
        .join(Person, Person.id == ChannelIdentity.person_id)
        .outerjoin(
            ConversationState,
            (ConversationState.channel == ChannelIdentity.channel)
            & (ConversationState.chat_id == ChannelIdentity.external_id),
        )
        .where(ChannelIdentity.person_id.in_(ids), ChannelIdentity.status == "active")
        .order_by(
            ChannelIdentity.person_id,
            case((ChannelIdentity.channel == Person.channel, 0), else_=1),
            ConversationState.updated_at.desc().nulls_last(),
            ChannelIdentity.id.desc(),
        )
    )
    reached: dict[int, Recipient] = {}
    for person_id, channel, external_id, locale in rows:
        if person_id not in reached:
            reached[person_id] = Recipient(
                person_id, locale or default_locale, Destination(channel, external_id)
            )
    return list(reached.values())


async def _offer_all(
    session: AsyncSession, people: Sequence[int], offers: Sequence[Offer], now: datetime
) -> dict[int, list[Offered]]:
    """The same actions for each of `people`, numbered after each one's last: per chunk of people, one
    INSERT … SELECT (the numbers computed in SQL, the values bound once rather than once per row), then the
    new rows read back. The people's rows are locked first (PostgreSQL), in id order as `actions.offer` locks
    one, so nobody else numbers their actions meanwhile; SQLite has one writer anyway."""
    if not offers or not people:
        return {}
    db = await session.connection()  # Core rows: no ORM bookkeeping for thousands of them
    postgres = db.dialect.name == "postgresql"

    def among(column: Any, ids: list[int]) -> Any:
        """`column IN (ids)`; on PostgreSQL `= ANY(array)`: one parameter instead of thousands to expand."""
        if postgres:
            return column == any_(bindparam("ids", ids, type_=ARRAY(BigInteger), unique=True))
        return column.in_(ids)

    menu = union_all(
        *(
            select(
                literal(n, Integer).label("n"),
                literal(item.kind, String).label("kind"),
                literal(item.args, JSON).label("args"),
                literal(item.once, Boolean).label("once"),
                literal(item.expires_at, UTCDateTime()).label("expires_at"),
            )
            for n, item in enumerate(offers, start=1)
        )
    ).subquery()
    columns = ["person_id", "number", "kind", "args", "once", "created_at", "expires_at"]
    offered: dict[int, list[Offered]] = {}
    ordered = sorted(people)
    for start in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[start : start + _IN_CHUNK]
        if postgres:
            locks = select(Person.id).where(among(Person.id, chunk)).order_by(Person.id).with_for_update()
            await db.execute(locks)
        before = await db.scalar(select(func.coalesce(func.max(OutboundAction.id), 0)))
        last = (
            select(OutboundAction.person_id, func.max(OutboundAction.number).label("last"))
            .where(among(OutboundAction.person_id, chunk))
            .group_by(OutboundAction.person_id)
            .subquery()
        )
        source = (
            select(
                Person.id,
                func.coalesce(last.c.last, 0) + menu.c.n,
                menu.c.kind,
                menu.c.args,
                menu.c.once,
                literal(now, UTCDateTime()),
                menu.c.expires_at,
            )
            .select_from(Person)
            .outerjoin(last, last.c.person_id == Person.id)
            .join(menu, true())
            .where(among(Person.id, chunk))
        )
        await db.execute(insert(_ACTIONS).from_select(columns, source))
        rows = await db.execute(
            select(OutboundAction.id, OutboundAction.person_id, OutboundAction.number)
            .where(OutboundAction.id > before, among(OutboundAction.person_id, chunk))
            .order_by(OutboundAction.person_id, OutboundAction.number)
        )
        for row_id, person_id, number in rows:
            offered.setdefault(person_id, []).append(Offered(row_id, number))
    return offered


async def notify_all(
    session: AsyncSession,
    people: Sequence[Recipient],
    *,
    key: Callable[[int], str],
    render: Callable[[str], OutboundMessage],
    offers: Sequence[Offer] = (),
    now: datetime,
    not_before: datetime,
    expires_at: datetime | None,
    priority: int = BROADCAST,
) -> int:
    """One message to each of `people` (key `key(person_id)`), rendered once per language, with the buttons
    of `offers`; people without a messenger get an "undeliverable" row. Returns the number of pending rows
    written."""
    reachable = [p.person_id for p in people if p.destination is not None]
    offered = await _offer_all(session, reachable, offers, now)
    rendered: dict[str, tuple[dict[str, Any], list[str]]] = {}
    rows = []
    for person in people:
        if person.locale not in rendered:
            payload = {**render(person.locale).to_payload(), "locale": person.locale}
            rendered[person.locale] = (payload, [item.label(person.locale) for item in offers])
        payload, labels = rendered[person.locale]
        mine = offered.get(person.person_id, [])
        if mine:
            payload = {**payload, "actions": [[o.code, label] for o, label in zip(mine, labels, strict=True)]}
        destination = person.destination
        rows.append(
            {
                "key": key(person.person_id),
                "channel": destination.channel if destination else None,
                "chat_id": destination.chat_id if destination else None,
                "person_id": person.person_id,
                "priority": priority,
                "payload": payload,
                "status": "pending" if destination else "undeliverable",
                "created_at": now,
                "not_before": not_before,
                "expires_at": expires_at,
                "attempts": 0,
            }
        )
    connection = await session.connection()
    dialect = connection.dialect.name
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # RETURNING makes SQLAlchemy send many rows per INSERT ("insertmanyvalues"): several times faster on
    # PostgreSQL than one statement per row, which is what executemany comes to there.
    statement = insert_(_OUTBOX).on_conflict_do_nothing(index_elements=["key"]).returning(_OUTBOX.c.id)
    for start in range(0, len(rows), _CHUNK):
        (await connection.execute(statement, rows[start : start + _CHUNK])).all()
    if reachable and dialect == "postgresql":
        await connection.execute(text(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '')"))
    return len(reachable)
