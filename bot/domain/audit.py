"""Every change of a fact someone relies on leaves an audit row (never personal data in `details`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditLog


def audit(
    session: AsyncSession,
    *,
    at: datetime,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    **details: Any,
) -> None:
    session.add(
        AuditLog(at=at, actor_id=actor_id, action=action, entity=entity, entity_id=entity_id, details=details)
    )
