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

from sqlalchemy import Select, case, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelIdentity, ConversationState, OutboundAction, OutboxMessage, Person
from bot.delivery.actions import Offer, Offered
from bot.delivery.outbox import BROADCAST, NOTIFY_CHANNEL, Destination
from bot.delivery.transport import OutboundMessage

_OUTBOX = OutboxMessage.__table__
_ACTIONS = OutboundAction.__table__
_CHUNK = 2000  # rows per executemany batch


@dataclass(frozen=True)
class Recipient:
    person_id: int
    locale: str
    destination: Destination | None


async def recipients(session: AsyncSession, people: Select[Any], default_locale: str) -> list[Recipient]:
    """The people `people` selects (a SELECT of person ids), each with their language and where they are
    reached: their chosen messenger, else the account they wrote from last; None without an active account.
    Two queries, whatever the number of people."""
    audience = people.subquery()
    ids = select(audience.c[0])
    locales = dict(
        (
            await session.execute(
                select(Person.id, Person.locale).where(Person.id.in_(ids)).order_by(Person.id)
            )
        ).all()
    )
    rows = await session.execute(
        select(ChannelIdentity.person_id, ChannelIdentity.channel, ChannelIdentity.external_id)
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
    reached: dict[int, Destination] = {}
    for person_id, channel, external_id in rows:
        reached.setdefault(person_id, Destination(channel, external_id))
    return [
        Recipient(person_id, locale or default_locale, reached.get(person_id))
        for person_id, locale in locales.items()
    ]


async def _offer_all(
    session: AsyncSession, people: Sequence[int], offers: Sequence[Offer], now: datetime
) -> dict[int, list[Offered]]:
    """The same actions for every person, numbered after each one's last: person rows locked in id order."""
    if not offers or not people:
        return {}
    dialect = (await session.connection()).dialect.name
    last: dict[int, int] = {}
    for start in range(0, len(people), _CHUNK):
        chunk = people[start : start + _CHUNK]
        if dialect == "postgresql":
            await session.execute(
                select(Person.id).where(Person.id.in_(chunk)).order_by(Person.id).with_for_update()
            )
        last.update(
            (
                await session.execute(
                    select(OutboundAction.person_id, func.max(OutboundAction.number))
                    .where(OutboundAction.person_id.in_(chunk))
                    .group_by(OutboundAction.person_id)
                )
            ).all()
        )
    values = [
        {
            "person_id": person_id,
            "number": last.get(person_id, 0) + n,
            "kind": item.kind,
            "args": item.args,
            "once": item.once,
            "created_at": now,
            "expires_at": item.expires_at,
            "used_at": None,
        }
        for person_id in people
        for n, item in enumerate(offers, start=1)
    ]
    offered: dict[int, list[Offered]] = {}
    statement = insert(_ACTIONS).returning(
        _ACTIONS.c.id, _ACTIONS.c.person_id, _ACTIONS.c.number, sort_by_parameter_order=True
    )
    for start in range(0, len(values), _CHUNK):
        for row_id, person_id, number in await session.execute(statement, values[start : start + _CHUNK]):
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
    of `offers`; people without a messenger get an "undeliverable" row and no buttons. Returns the number of
    pending rows written."""
    reachable = [p.person_id for p in people if p.destination is not None]
    offered = await _offer_all(session, reachable, offers, now)
    rendered: dict[str, OutboundMessage] = {}
    rows = []
    for person in people:
        if person.locale not in rendered:
            rendered[person.locale] = render(person.locale)
        message = rendered[person.locale]
        mine = offered.get(person.person_id, [])
        if mine:
            buttons = tuple((o.code, item.label(person.locale)) for o, item in zip(mine, offers, strict=True))
            payload = {**message.to_payload(), "actions": [list(b) for b in buttons], "locale": person.locale}
        else:
            payload = {**message.to_payload(), "locale": person.locale}
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
    statement = insert_(_OUTBOX).on_conflict_do_nothing(index_elements=["key"])
    for start in range(0, len(rows), _CHUNK):
        await connection.execute(statement, rows[start : start + _CHUNK])
    if reachable and dialect == "postgresql":
        await connection.execute(text(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '')"))
    return len(reachable)
