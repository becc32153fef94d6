"""People and their messenger identities."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelIdentity
from bot.domain.audit import audit


async def deactivate_identity(
    session: AsyncSession, channel: str, external_id: str, *, now: datetime
) -> bool:
    """The person blocked the bot on this channel: stop sending there until they join again."""
    result = await session.execute(
        update(ChannelIdentity)
        .where(
            ChannelIdentity.channel == channel,
            ChannelIdentity.external_id == external_id,
            ChannelIdentity.status == "active",
        )
        .values(status="blocked")
        .returning(ChannelIdentity.id, ChannelIdentity.person_id)
    )
    row = result.first()
    if row is not None:
        audit(
            session,
            at=now,
            actor_id=None,
            action="identity.blocked",
            entity="channel_identity",
            entity_id=row.id,
            channel=channel,
        )
    return row is not None
