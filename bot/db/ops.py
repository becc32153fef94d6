"""Small portable statements that differ per dialect, and lists of ids or rows cut to the size both dialects
take."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Insert,
    String,
    any_,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import ARRAY, TypeEngine

IN_CHUNK = 5000  # ids per IN (…) list: well under SQLite's and asyncpg's 32,767 parameters
_Item = TypeVar("_Item")


def in_chunks(ids: Sequence[_Item], size: int = IN_CHUNK) -> Iterator[Sequence[_Item]]:
    """`ids` a few thousand at a time, each for one IN (…) list (a province's drive or appeal reaches tens of
    thousands of people); or any list `size` at a time (rows for one INSERT, a batch for one transaction)."""
    return (ids[n : n + size] for n in range(0, len(ids), size))


def among(dialect: str, column: Any, values: Sequence[Any], kind: TypeEngine[Any]) -> ColumnElement[bool]:
    """`column IN (values)` with the list as one bound parameter, not hundreds of values for SQLAlchemy to
    expand and bind one by one: an array on PostgreSQL (`= ANY`), JSON read by `json_each` on SQLite
    (`values` of `kind`, numbers or text)."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(kind), unique=True))
    listed = select(literal_column("value")).select_from(
        func.json_each(bindparam(None, json.dumps(list(values)), unique=True))
    )
    return column.in_(listed.scalar_subquery())


def looked_up(dialect: str, key: Any, values: Mapping[Any, str]) -> ColumnElement[str]:
    """The text `values` holds for each row's `key` (NULL where it holds none), with the mapping as one bound
    JSON object: a CASE of hundreds of branches costs more Python to build and bind, every run, than the
    statement costs the database (a Monday's keys of 500 digests)."""
    mapping = bindparam(None, json.dumps({str(k): v for k, v in values.items()}), unique=True)
    if dialect == "postgresql":
        return func.jsonb_extract_path_text(cast(mapping, JSONB), cast(key, String))
    return func.json_extract(mapping, literal('$."') + cast(key, String) + literal('"'), type_=String)


@cache
def _insert_ignore(dialect: str, model: type[DeclarativeBase]) -> Insert:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(model.__table__).on_conflict_do_nothing()  # type: ignore[attr-defined,no-any-return]


async def insert_ignore(
    db: AsyncSession | AsyncConnection, model: type[DeclarativeBase], values: dict[str, Any]
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when the row was new. (The statement is built once per table.)
    Given the session's connection, it skips the ORM's execution layer, which a plain insert does not need.
    The count of rows written answers, not a RETURNING clause: rows to fetch would be one more trip."""
    dialect = db.dialect if isinstance(db, AsyncConnection) else db.get_bind().dialect
    result = await db.execute(_insert_ignore(dialect.name, model), values)
    return result.rowcount == 1  # type: ignore[attr-defined]
