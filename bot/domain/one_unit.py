"""Whether an organisation is of one unit: a school of fourteen or a kindergarten lists its staff with no unit
column (decision 2340), its digest never ranks its one unit under the whole (2343), and a donor's gift
recorded for the whole organisation is its one unit's (2511). One question, asked alike wherever it is."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Unit


async def first_two_units(session: AsyncSession, org_id: int) -> list[Unit]:
    """At most two of organisation `org_id`'s units, in one query: one is its one unit; none, that it has
    none yet; two, that it has several (how many more is never needed)."""
    return list(await session.scalars(select(Unit).where(Unit.org_id == org_id).limit(2)))
