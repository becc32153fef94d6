"""Writing one message to many people at once (an appeal to a whole organisation): the same rows as
`bot.delivery.actions.notify` writes one by one, in a handful of statements instead of several per person.

For each recipient (where they are reached and their language, as `bot.delivery.outbox.recipients` found
them): their actions numbered after their last one (their person rows locked first on PostgreSQL, in id order,
as `actions.offer` does for one), and one outbox row with a unique key, written with the outbox's own bulk
insert (`write_rows`: "on conflict do nothing", so writing the same keys again adds nothing). Everything is in
the caller's transaction.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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
from bot.db.ops import in_chunks
from bot.db.types import UTCDateTime
from bot.delivery.actions import Offer, Offered
from bot.delivery.outbox import ALSO_IN, BROADCAST, Recipient, in_other_languages, outbox_row, write_rows
from bot.delivery.transport import OutboundMessage

_ACTIONS = OutboundAction.__table__


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while tens of thousands of rows, payloads and actions are built: they
    form no cycles (reference counting frees them), yet every 700 new objects would start a collection, and
    the older generations' collections walk every object of the process. Measured on an appeal to 10,000
    people: 40 % of this process's time, and most of the spread between runs (decision 0032). Only a pause
    that found the collector running starts it again."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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
    for chunk in in_chunks(ordered):
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
    every_language: bool = False,
) -> int:
    """One message to each of `people` (key `key(person_id)`), rendered once per language, with the buttons
    of `offers`. Returns the number of rows written for them (none when the keys were written before).
    `every_language`: a message without buttons held back (`not_before` later) keeps its copies in the other
    languages (`ALSO_IN`), as `enqueue_for` keeps them, so it goes in the one its reader reads when it goes
    (decisions 0231, 0792)."""
    also = every_language and not offers and not_before > now
    with cycle_collection_paused():
        return await _notify_all(
            session, people, key, render, offers, now, not_before, expires_at, priority, also
        )


async def _notify_all(
    session: AsyncSession,
    people: Sequence[Recipient],
    key: Callable[[int], str],
    render: Callable[[str], OutboundMessage],
    offers: Sequence[Offer],
    now: datetime,
    not_before: datetime,
    expires_at: datetime | None,
    priority: int,
    also: bool,
) -> int:
    offered = await _offer_all(session, [p.person_id for p in people], offers, now)
    rendered: dict[str, tuple[dict[str, Any], list[str]]] = {}
    rows = []
    for person in people:
        if person.locale not in rendered:
            payload = {**render(person.locale).to_payload(), "locale": person.locale}
            if also:
                payload[ALSO_IN] = in_other_languages(render, person.locale)
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
