"""Small portable statements that differ per dialect."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import DeclarativeBase


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
