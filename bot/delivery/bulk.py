"""Writing one message to many people at once (an appeal to a whole organisation): the same rows as
`bot.delivery.actions.notify` writes one by one, in a handful of statements instead of several per person.

For each recipient (where they are reached and their language, as `bot.delivery.outbox.recipients` found
them): their actions numbered after their last one (their person rows locked first on PostgreSQL, in id order,
as `actions.offer` does for one), and one outbox row with a unique key, written with the outbox's own bulk
insert (`write_rows`: "on conflict do nothing", so writing the same keys again adds nothing). Everything is in
the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Integer,
    String,
    any_,
    bindparam,
    func,
    insert,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OutboundAction, Person
from bot.db.types import UTCDateTime
from bot.delivery.actions import Offer, Offered
from bot.delivery.outbox import BROADCAST, Recipient, outbox_row, write_rows
from bot.delivery.transport import OutboundMessage

_ACTIONS = OutboundAction.__table__
_IN_CHUNK = 5000  # ids per IN (…) list: well under SQLite's and asyncpg's 32,767 parameters


async def _offer_all(
    session: AsyncSession, people: Sequence[int], offers: Sequence[Offer], now: datetime
) -> dict[int, list[Offered]]:
    """The same actions for each of `people`, numbered after each one's last: per chunk of people, one
    INSERT … SELECT … RETURNING (the numbers computed in SQL, the values bound once rather than once per row,
    the new rows' ids in the same statement). The people's rows are locked first (PostgreSQL), in id order as
    `actions.offer` locks one, so nobody else numbers their actions meanwhile; SQLite has one writer."""
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
    # Each person's last number: one step down the (person, number) index, however many actions they had.
    last = (
        select(func.max(OutboundAction.number))
        .where(OutboundAction.person_id == Person.id)
        .correlate(Person)
        .scalar_subquery()
    )
    columns = ["person_id", "number", "kind", "args", "once", "created_at", "expires_at"]
    offered: dict[int, list[Offered]] = {}
    ordered = sorted(people)
    for start in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[start : start + _IN_CHUNK]
        if postgres:  # locked in id order; only their number comes back, not 5,000 ids
            locks = select(Person.id).where(among(Person.id, chunk)).order_by(Person.id).with_for_update()
            await db.execute(select(func.count()).select_from(locks.cte("locked")))
        source = (
            select(
                Person.id,
                func.coalesce(last, 0) + menu.c.n,
                menu.c.kind,
                menu.c.args,
                menu.c.once,
                literal(now, UTCDateTime()),
                menu.c.expires_at,
            )
            .select_from(Person)
            .join(menu, true())
            .where(among(Person.id, chunk))
        )
        written = insert(_ACTIONS).from_select(columns, source)
        returned = written.returning(_ACTIONS.c.id, _ACTIONS.c.person_id, _ACTIONS.c.number)
        for row_id, person_id, number in sorted(
            (await db.execute(returned)).all(), key=lambda r: (r[1], r[2])
        ):
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
    of `offers`. Returns the number of rows written for them (none when the keys were written before)."""
    offered = await _offer_all(session, [p.person_id for p in people], offers, now)
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
        rows.append(
            outbox_row(
                key=key(person.person_id),
                destination=person.destination,
                payload=payload,
                now=now,
                priority=priority,
                person_id=person.person_id,
                not_before=not_before,
                expires_at=expires_at,
            )
        )
    return len(await write_rows(session, rows))
