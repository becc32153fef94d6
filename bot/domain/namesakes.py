"""Namesakes on an officer's or leader's screen told apart, in one place: by their position, else their unit,
else the day they joined Chung Tay (docs/decisions/0259); never by a phone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_date
from bot.db.models import ChannelIdentity
from bot.text import fold, told_apart


async def joined_days(session: AsyncSession, person_ids: Iterable[int]) -> dict[int, date]:
    """The day (in Vietnam) each of `person_ids` first came to Chung Tay on a messenger; absent: never yet.
    What tells apart namesakes of one unit the list gives no position (docs/decisions/0259)."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(ChannelIdentity.person_id, func.min(ChannelIdentity.created_at))
        .where(ChannelIdentity.person_id.in_(ids))
        .group_by(ChannelIdentity.person_id)
    )
    return {person_id: local_date(first) for person_id, first in rows if first is not None}


async def names_told_apart(
    session: AsyncSession,
    listed: Sequence[tuple[int, str, str | None, str | None]],
    joined: Callable[[date | None], str],
) -> list[str]:
    """The names of one screen's list of people, `listed` as (id, name, position, unit), namesakes told
    apart (bot.text.told_apart) by their position, else their unit, else the day they joined, read only for
    namesakes (`joined` words it in the reader's language: “dùng Chung Tay từ 20/11/2026”, “chưa dùng
    Chung Tay”)."""
    counts = Counter(fold(name) for _id, name, _position, _unit in listed)
    namesakes = [pid for pid, name, _position, _unit in listed if counts[fold(name)] > 1]
    days = await joined_days(session, namesakes)
    return told_apart(
        [
            (name, position, unit, joined(days.get(pid)) if pid in namesakes else None)
            for pid, name, position, unit in listed
        ]
    )
