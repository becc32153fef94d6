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
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Select, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OutboundAction, OutboxMessage, Person
from bot.db.ops import among, in_chunks
from bot.delivery.outbox import NOTICE, enqueue_for, outbox_row, recipients, write_rows
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


def action_ids(actions: Iterable[Sequence[str]]) -> list[int]:
    """The rows of a written message's buttons (its payload's "actions": code and label each), in order: for a
    notice rewritten before it goes out to keep the buttons it had."""
    return [int(match.group(1)) for code, *_label in actions if (match := _PRESSED.match(code))]


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


def _action_row(person_id: int, number: int, item: Offer, now: datetime) -> dict[str, Any]:
    """The values of one action of the person's, numbered `number`."""
    return {
        "person_id": person_id,
        "number": number,
        "kind": item.kind,
        "args": item.args,
        "once": item.once,
        "created_at": now,
        "expires_at": item.expires_at,
    }


def with_buttons(
    message: OutboundMessage, offered: Sequence[Offered], offers: Sequence[Offer], locale: str
) -> OutboundMessage:
    """The message in `locale` with a button per offer, labelled in that language (`offered`: as `offer` or
    `offer_many` wrote them)."""
    return replace(message, actions=buttons(offered, offers, locale), locale=locale)


def buttons(offered: Sequence[Offered], offers: Sequence[Offer], locale: str) -> tuple[tuple[str, str], ...]:
    """A message's buttons in `locale` (`OutboundMessage.actions`), one per offer (`offered`: as `offer` or
    `offer_many` wrote them): for a message made with them, not copied to take them (`with_buttons`)."""
    return tuple((o.code, item.label(locale)) for o, item in zip(offered, offers, strict=True))


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
    rows = [_action_row(person_id, number, item, now) for number, item in enumerate(offers, start=first)]
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
        return with_buttons(render(locale), offered, offers, locale)

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


@dataclass(frozen=True)
class Notice:
    """One message of a batch for `notify_many`: what `notify` is given for one."""

    key: str
    person_id: int
    render: Callable[[str], OutboundMessage]
    offers: Sequence[Offer] = ()
    expires_at: datetime | None = None
    not_before: datetime | None = None


async def notify_many(
    session: AsyncSession,
    notices: Sequence[Notice],
    *,
    now: datetime,
    priority: int = NOTICE,
    default_locale: str = "vi",
) -> set[str]:
    """`notify` for many messages at once (a reminder morning's thousands): the same rows, buttons and
    numbers as `notify` message by message in the same order, in a fixed number of statements per batch
    (docs/decisions/0242): the keys written before looked up at once, the people locked and their last
    numbers read at once, every button in one INSERT, where each is reached in one read, and the messages
    written as the digests write theirs (`outbox.write_rows`). The keys of the messages written; a notice
    whose key was written before writes nothing."""
    keys = [notice.key for notice in notices]
    taken: set[str] = set()
    for chunk in in_chunks(keys):
        taken.update(
            (await session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(chunk)))).all()
        )
    todo = [notice for notice in notices if notice.key not in taken]
    offered_all = await offer_many(session, [(notice.person_id, notice.offers) for notice in todo], now=now)
    reached = {
        recipient.person_id: recipient
        for recipient in await recipients(session, [n.person_id for n in todo], default_locale)
    }
    unreached = sorted({notice.person_id for notice in todo} - set(reached))
    locales: dict[int, str | None] = {}
    for chunk in in_chunks(unreached):
        chosen = await session.execute(select(Person.id, Person.locale).where(Person.id.in_(chunk)))
        locales.update({person_id: locale for person_id, locale in chosen})
    messages = []
    for notice, offered in zip(todo, offered_all, strict=True):
        found = reached.get(notice.person_id)
        locale = found.locale if found else locales.get(notice.person_id) or default_locale
        message = with_buttons(notice.render(locale), offered, notice.offers, locale)
        messages.append(
            outbox_row(
                key=notice.key,
                destination=found.destination if found else None,
                payload=message.to_payload(),
                now=now,
                priority=priority,
                person_id=notice.person_id,
                not_before=notice.not_before,
                expires_at=notice.expires_at,
            )
        )
    written_keys = await write_rows(session, messages)
    # a twin of a notice's cause wrote its row in the meantime: its buttons serve
    await withdraw_offered(
        session,
        [
            offered
            for notice, offered in zip(todo, offered_all, strict=True)
            if notice.key not in written_keys
        ],
    )
    return written_keys


async def offer_many(
    session: AsyncSession, wanted: Sequence[tuple[int, Sequence[Offer]]], *, now: datetime
) -> list[list[Offered]]:
    """`offer` for many messages at once, each a person and its offers, in order (a person may have several):
    the people locked in order of id (PostgreSQL; SQLite has one writer anyway, as `bulk._offer_all` says)
    and their last numbers read at once, every button in one INSERT, told apart by person and number. What
    each message offers, in the order given."""
    offering = sorted({person_id for person_id, offers in wanted if offers})
    last: dict[int, int] = {}
    dialect = (await session.connection()).dialect.name
    for chunk in in_chunks(offering):  # locked in order of id, as one `offer` at a time would, then numbered
        if dialect == "postgresql":  # on SQLite, FOR UPDATE is not said: the ids were read for nothing (0390)
            await session.execute(
                select(Person.id).where(Person.id.in_(chunk)).order_by(Person.id).with_for_update()
            )
        numbers = await session.execute(
            select(OutboundAction.person_id, func.max(OutboundAction.number))
            .where(among(dialect, OutboundAction.person_id, chunk, BigInteger()))
            .group_by(OutboundAction.person_id)
        )
        last.update({person_id: number or 0 for person_id, number in numbers})
    rows: list[dict[str, Any]] = []
    numbered: list[list[int]] = []
    for person_id, offers in wanted:
        first = last.get(person_id, 0) + 1
        last[person_id] = first + len(offers) - 1
        numbered.append(list(range(first, first + len(offers))))
        rows += [
            _action_row(person_id, number, item, now)
            for number, item in zip(numbered[-1], offers, strict=True)
        ]
    ids: dict[tuple[int, int], int] = {}
    if rows:  # every button of the batch in one INSERT (a few hundred rows a statement), told apart by number
        written = await session.execute(
            insert(_TABLE).returning(_TABLE.c.id, _TABLE.c.person_id, _TABLE.c.number), rows
        )
        ids = {(person_id, number): row_id for row_id, person_id, number in written}
    return [
        [Offered(ids[person_id, number], number) for number in numbers]
        for (person_id, _offers), numbers in zip(wanted, numbered, strict=True)
    ]


async def withdraw_offered(session: AsyncSession, offered: Sequence[Sequence[Offered]]) -> None:
    """Delete the actions of messages that were not written after all (a twin wrote its row first)."""
    for chunk in in_chunks([o.id for message in offered for o in message]):
        await session.execute(delete(_TABLE).where(_TABLE.c.id.in_(chunk)))


async def find(session: AsyncSession, ref: ActionRef, person_id: int) -> OutboundAction | None:
    """The person's action that `ref` names; None when there is none (or it is someone else's)."""
    where = OutboundAction.id == ref.id if ref.id is not None else OutboundAction.number == ref.number
    return await session.scalar(select(OutboundAction).where(where, OutboundAction.person_id == person_id))


async def latest_live(
    session: AsyncSession,
    person_id: int,
    kind: str,
    *,
    now: datetime,
    unless: Callable[[AsyncSession, Mapping[str, Any]], Awaitable[bool]] | None = None,
    spent: bool = False,
) -> OutboundAction | None:
    """The person's latest action of `kind` that still works (not used, not expired); None when none does.
    `unless`: true of an action's args passes over it, to the one before it. `spent`: instead, the latest
    `once` action already used and not expired (its words typed again are told it is done)."""
    live = (
        select(OutboundAction)
        .where(
            OutboundAction.person_id == person_id,
            OutboundAction.kind == kind,
            OutboundAction.used_at.is_not(None) & OutboundAction.once
            if spent
            else OutboundAction.used_at.is_(None),
            or_(OutboundAction.expires_at.is_(None), OutboundAction.expires_at > now),
        )
        .order_by(OutboundAction.number.desc())
    )
    if unless is None:
        return await session.scalar(live.limit(1))
    for action in await session.scalars(live):
        if not await unless(session, action.args):
            return action
    return None


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


async def usable_again(session: AsyncSession, *, kind: str, arg: str, value: int, people: Select[Any]) -> int:
    """The used `once` actions of `kind` whose `args[arg]` is `value`, of the persons `people` selects, may
    be pressed again: what their press did was undone (a reminder asked for, stopped). How many."""
    result = await session.execute(
        update(_TABLE)
        .where(
            _TABLE.c.kind == kind,
            _TABLE.c.args[arg].as_integer() == value,
            _TABLE.c.once,
            _TABLE.c.used_at.is_not(None),
            _TABLE.c.person_id.in_(people),
        )
        .values(used_at=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


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
