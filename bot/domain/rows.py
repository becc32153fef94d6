"""Installing rows from a file idempotently: matched on their code, changed only where a value differs.

A plan or an organisation's settings is loaded again after every edit; loading the same file twice must
change nothing (not even a timestamp), and an edit must update rows in place, never duplicate them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import Base

Row = TypeVar("Row", bound=Base)
# What syncing one kind of row did: (inserted, updated, codes left alone or deleted).
Tally = tuple[int, int, list[str]]


def assign(row: Base, values: Mapping[str, Any]) -> bool:
    """Set the columns that differ; True if any did (so an unchanged file leaves rows untouched)."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def upsert(
    session: AsyncSession,
    rows: Sequence[Row],
    wanted: Sequence[tuple[str, dict[str, Any]]],
    make: Callable[[str, dict[str, Any]], Row],
) -> Tally:
    """Insert or update rows matched on code; returns (inserted, updated, codes no longer in the file)."""
    by_code = {row.code: row for row in rows}  # type: ignore[attr-defined]
    inserted = updated = 0
    for code, values in wanted:
        row = by_code.get(code)
        if row is None:
            session.add(make(code, values))
            inserted += 1
        elif assign(row, values):
            updated += 1
    kept = sorted(set(by_code) - {code for code, _ in wanted})
    return inserted, updated, kept


async def rows_of(session: AsyncSession, model: type[Row], *where: Any) -> list[Row]:
    """The rows of `model` matching `where`, oldest first."""
    order = model.id  # type: ignore[attr-defined]
    return list((await session.scalars(select(model).where(*where).order_by(order))).all())
