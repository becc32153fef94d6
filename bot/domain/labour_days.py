"""A day of volunteer labour by many (ngày công tình nguyện): the officer who organised it — a youth union
secretary who took twenty members to repair a poor household's house — records the day for each member who
worked, one number of days for all, with a photo of the day as evidence. Each entry is the member's own,
recorded by her and confirmed by her at once (she saw who worked; no money came for a treasurer to receive),
and each member is told in his own chat, with whom to tell if he did not work that day (docs/decisions/0406).
All or nothing: one member she may no longer record for stops the whole day, before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db.models import Contribution, Person
from bot.domain.access import actor_for, may_record_labour_for, subject_for
from bot.domain.contributions import (
    NewContribution,
    attach_evidence,
    record_contribution,
    recording_refused,
    still_standing,
)

# How far back a member's labour days toward the same drive are named at the last look: a week holds the day
# worked (a Saturday) and the days after it when it is recorded.
ALREADY_WITHIN = timedelta(days=7)


async def days_already(
    session: AsyncSession, people: Sequence[Person], *, drive_id: int | None, now: datetime
) -> list[Contribution]:
    """The standing labour days (waiting or confirmed) of `people` toward the same drive (or the Fund outside
    the drives) recorded in the week before `now`, oldest first: a member who logged the same day himself,
    or another officer who recorded it. Named at the last look as a hint, never a refusal: it may be another
    day (decision 0072's way)."""
    same_drive = Contribution.drive_id.is_(None) if drive_id is None else Contribution.drive_id == drive_id
    query = (
        select(Contribution)
        .where(
            Contribution.person_id.in_([person.id for person in people]),
            Contribution.kind == "labour",
            same_drive,
            Contribution.created_at > now - ALREADY_WITHIN,
            *still_standing(),
        )
        .order_by(Contribution.id)
    )
    return list(await session.scalars(query))


async def record_labour_days(
    session: AsyncSession,
    officer: Person,
    people: Sequence[Person],
    *,
    days: int,
    drive_id: int | None,
    photo: dict[str, Any] | None,
    channel: str,
    now: datetime,
    settings: Settings | None = None,
) -> list[Contribution]:
    """Record `days` labour days for each of `people`, vouched for by `officer`, in the session's transaction;
    LedgerError "not_allowed" (audited, nothing written) when she may not record for one of them."""
    actor = await actor_for(session, officer)
    for person in people:
        if not may_record_labour_for(actor, await subject_for(session, person)):
            raise recording_refused(session, officer, person, now=now)
    recorded = []
    for person in people:
        entry = NewContribution(kind="labour", labour_days=days, drive_id=drive_id)
        contribution = await record_contribution(
            session, person=person, recorded_by=officer, entry=entry, now=now, settings=settings, vouched=True
        )
        if photo is not None:
            await attach_evidence(
                session,
                contribution,
                sha256=photo["sha256"],
                path=photo["path"],
                size=photo["size"],
                channel=channel,
                uploaded_by=officer,
                now=now,
            )
        recorded.append(contribution)
    return recorded
