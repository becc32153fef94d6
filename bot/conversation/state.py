"""A chat's conversation state: read (and locked) at the start of a turn, written back once at its end.

It is a plain object, not an ORM instance: the engine needs one row read and one row written per message, and
SQLAlchemy's unit of work (change tracking, flush ordering) cost more than those two statements. Writing every
field back at the end also means a change made in place (`state.data["x"] = …`) is never missed."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.models import ConversationState


@dataclass
class ChatState:
    id: int
    channel: str
    chat_id: str
    person_id: int | None
    flow: str
    step: str
    data: dict[str, Any]
    menu: dict[str, Any]
    menu_token: int
    menu_outbox_id: int | None
    updated_at: datetime


_TABLE = ConversationState.__table__
_FIELDS = [f.name for f in fields(ChatState)]
_SAVED = [name for name in _FIELDS if name not in ("id", "channel", "chat_id")]
# The fields by name, not the whole table: a column added later breaks nothing here.
_READ = select(*(_TABLE.c[name] for name in _FIELDS)).where(
    _TABLE.c.channel == bindparam("channel"), _TABLE.c.chat_id == bindparam("chat")
)
_LOCK = _READ.with_for_update()
_WRITE = update(_TABLE).where(_TABLE.c.id == bindparam("state_id"))


def labelled_columns() -> list[Any]:
    """The state's columns as `state_<field>`, for a statement that reads the state with more (the engine
    reads the chat's state and who is writing in one statement); `from_labelled` makes the state of a row."""
    return [_TABLE.c[name].label(f"state_{name}") for name in _FIELDS]


def from_labelled(row: Any) -> ChatState:
    mapping = row._mapping
    return ChatState(**{name: mapping[f"state_{name}"] for name in _FIELDS})


async def read_state(
    connection: AsyncConnection, channel: str, chat_id: str, *, lock: bool = False
) -> ChatState | None:
    """The chat's state; with `lock`, the row stays locked until the transaction ends (PostgreSQL)."""
    row = (await connection.execute(_LOCK if lock else _READ, {"channel": channel, "chat": chat_id})).first()
    return ChatState(**row._mapping) if row is not None else None


async def write_state(connection: AsyncConnection, state: ChatState) -> None:
    await connection.execute(
        _WRITE, {"state_id": state.id, **{name: getattr(state, name) for name in _SAVED}}
    )
