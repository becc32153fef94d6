"""Actions on outbound messages: the buttons of a notice, an appeal or a reminder, which keep working whatever
menu the chat shows later, for a lifetime stated on their row (docs/decisions/0015).

Menus and actions never meet. A menu's button says "<menu token>:<choice>" and is valid only while its menu is
on screen; a menu answered by typing takes a plain number or word. An action says "act:<id>#<number>" as a
button's data and "#<number>" typed (on channels without buttons the message lists "#3 — See my progress"):
the engine looks for one before it reads the menu, so an old notice's button works from anywhere and a typed
"3" still answers the menu on screen. `number` counts per person, so the typed form stays short.

An action and the message that carries it are written in one transaction (`notify`); a press is settled by one
conditional UPDATE (`use`), so a double press of a `once` action does its work once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OutboundAction, OutboxMessage, Person
from bot.delivery.outbox import NOTICE, enqueue_for
from bot.delivery.transport import OutboundMessage
from bot.domain.numbers import NumberError, parse_whole
from bot.messages import Inbound

PRESSED_PREFIX = "act:"
_PRESSED = re.compile(r"^act:(\d{1,18})(?:#(\d{1,9}))?$")
_TYPED = re.compile(r"^[#＃]\s*(\S{1,12})$")
_TABLE = OutboundAction.__table__


@dataclass(frozen=True)
class Offer:
    """An action a message will carry: what it does (`kind`, with `args`), its button's words in the reader's
    language (`label(locale)`), until when it works, and whether a second press does nothing more (`once`)."""

    kind: str
    label: Callable[[str], str]
    expires_at: datetime | None
    args: dict[str, Any] = field(default_factory=dict)
    once: bool = False


@dataclass(frozen=True)
class Offered:
    """An action as written: its row id and the person's number for it."""

    id: int
    number: int

    @property
    def code(self) -> str:
        """A button's data: the row, and the number a text-only channel shows."""
        return f"{PRESSED_PREFIX}{self.id}#{self.number}"


def typed_form(code: str) -> str | None:
    """What a person types for the action behind a button's `code` ("act:17#3" → "#3"); None for a code that
    is not an action's."""
    match = _PRESSED.match(code)
    return f"#{match.group(2)}" if match and match.group(2) else None


@dataclass(frozen=True)
class ActionRef:
    """An action as a message named it: by row id (a pressed button) or by the person's number (typed)."""

    id: int | None = None
    number: int | None = None


def action_ref(inbound: Inbound) -> ActionRef | None:
    """The action a message means, if it means one: a button "act:<id>…", or the text "#3" ("# 3", "＃３")."""
    if inbound.choice is not None:
        match = _PRESSED.match(inbound.choice)
        return ActionRef(id=int(match.group(1))) if match else None
    match = _TYPED.match(inbound.text or "")
    if match is None:
        return None
    try:
        return ActionRef(number=parse_whole(match.group(1), maximum=10**9, unit_words=False))
    except NumberError:
        return None


async def offer(
    session: AsyncSession, person_id: int, offers: Sequence[Offer], *, now: datetime
) -> list[Offered]:
    """Write the actions, numbered after the person's last one. The person's row is locked first (PostgreSQL),
    so two transactions offering to the same person take turns rather than collide on a number."""
    if not offers:
        return []
    await session.execute(select(Person.id).where(Person.id == person_id).with_for_update())
    last = await session.scalar(
        select(func.coalesce(func.max(OutboundAction.number), 0)).where(OutboundAction.person_id == person_id)
    )
    first = (last or 0) + 1
    rows = [
        {
            "person_id": person_id,
            "number": number,
            "kind": item.kind,
            "args": item.args,
            "once": item.once,
            "created_at": now,
            "expires_at": item.expires_at,
        }
        for number, item in enumerate(offers, start=first)
    ]
    # One INSERT for all the message's actions (not one each): each row's id is told apart by its number.
    written = await session.execute(insert(_TABLE).values(rows).returning(_TABLE.c.id, _TABLE.c.number))
    ids = {number: row_id for row_id, number in written}
    offered = [Offered(ids[number], number) for number in range(first, first + len(rows))]
    return offered


async def notify(
    session: AsyncSession,
    *,
    key: str,
    person_id: int,
    render: Callable[[str], OutboundMessage],
    offers: Sequence[Offer] = (),
    now: datetime,
    priority: int = NOTICE,
    not_before: datetime | None = None,
    expires_at: datetime | None = None,
    default_locale: str = "vi",
) -> int | None:
    """`enqueue_for` with actions: the message, rendered in the person's language, carries a button per offer.
    None, and nothing written, when a row with this key exists (the cause ran before)."""
    if await session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None:
        return None
    offered = await offer(session, person_id, offers, now=now)

    def with_actions(locale: str) -> OutboundMessage:
        buttons = tuple((o.code, item.label(locale)) for o, item in zip(offered, offers, strict=True))
        return replace(render(locale), actions=buttons, locale=locale)

    row_id = await enqueue_for(
        session,
        key=key,
        person_id=person_id,
        render=with_actions,
        now=now,
        priority=priority,
        not_before=not_before,
        expires_at=expires_at,
        default_locale=default_locale,
    )
    if row_id is None and offered:  # a twin of this cause wrote the row in the meantime: its buttons serve
        await session.execute(delete(_TABLE).where(_TABLE.c.id.in_([o.id for o in offered])))
    return row_id


async def find(session: AsyncSession, ref: ActionRef, person_id: int) -> OutboundAction | None:
    """The person's action that `ref` names; None when there is none (or it is someone else's)."""
    where = OutboundAction.id == ref.id if ref.id is not None else OutboundAction.number == ref.number
    return await session.scalar(select(OutboundAction).where(where, OutboundAction.person_id == person_id))


async def live_until(
    session: AsyncSession, until: datetime, *, kind: str, arg: str, among: Sequence[int] | Select[Any]
) -> None:
    """The actions of `kind` whose `args[arg]` is among `among` (ids, or a query of them) now work until
    `until`, used or not, expired or not: what they act on has a new lifetime (a drive's dates moved)."""
    await session.execute(
        update(_TABLE)
        .where(_TABLE.c.kind == kind, _TABLE.c.args[arg].as_integer().in_(among))
        .values(expires_at=until)
        .execution_options(synchronize_session=False)
    )


async def use(session: AsyncSession, action_id: int, *, now: datetime) -> bool:
    """Mark the action used; False when it is a `once` action used before (the press does nothing more).
    One conditional UPDATE: of two presses at the same instant, one wins."""
    result = await session.execute(
        update(_TABLE)
        .where(_TABLE.c.id == action_id, or_(~_TABLE.c.once, _TABLE.c.used_at.is_(None)))
        .values(used_at=now)
        .returning(_TABLE.c.id)
    )
    return result.first() is not None
