"""A day of volunteer labour by many (ngày công tình nguyện): the officer who organised it — a youth union
secretary who took twenty members to repair a poor household's house — records the day for each member who
worked, one number of days for all, with a photo of the day as evidence. Each entry is the member's own,
recorded by her and confirmed by her at once (she saw who worked; no money came for a treasurer to receive),
and each member is told in his own chat, with whom to tell if he did not work that day (docs/decisions/0406).
All or nothing: one member she may no longer record for stops the whole day, before anything is written."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db.models import Contribution, Person
from bot.delivery.outbox import hold_people, recipients
from bot.domain.access import actor_for, helped_by, may_record_labour_for, subject_for
from bot.domain.contributions import (
    LedgerError,
    NewContribution,
    attach_evidence,
    record_contribution,
    recording_refused,
    same_day_worked,
    still_standing,
)

# How far back a member's labour days toward the same drive are named at the last look: a week holds the day
# worked (a Saturday) and the days after it when it is recorded.
ALREADY_WITHIN = timedelta(days=7)


async def days_already(
    session: AsyncSession,
    people: Sequence[Person],
    *,
    drive_id: int | None,
    now: datetime,
    worked: date | None = None,
) -> list[Contribution]:
    """The standing labour days (waiting or confirmed) of `people` toward the same drive (or the Fund outside
    the drives) recorded in the week before `now`, oldest first: a member who logged the same day himself,
    or another officer who recorded it. Named at the last look as a hint, never a refusal: it may be another
    day (decision 0072's way). Where both days worked are known, only the same day is such a one: Saturday's
    day is no repeat of Sunday's (`same_day_worked`, decision 2204)."""
    same_drive = Contribution.drive_id.is_(None) if drive_id is None else Contribution.drive_id == drive_id
    query = (
        select(Contribution)
        .where(
            Contribution.person_id.in_([person.id for person in people]),
            Contribution.kind == "labour",
            same_drive,
            Contribution.created_at > now - ALREADY_WITHIN,
            same_day_worked(worked),
            *still_standing(),
        )
        .order_by(Contribution.id)
    )
    return list(await session.scalars(query))


async def told_nothing(session: AsyncSession, people: Sequence[Person]) -> list[Person]:
    """Those of `people` no message reaches (a household with no account, a colleague without a phone):
    never told of the days recorded for them, so never able to take off a day they did not work; the
    officer is told so at her last look, and that it is hers to say (docs/decisions/0442)."""
    reached = {found.person_id for found in await recipients(session, [person.id for person in people])}
    return [person for person in people if person.id not in reached]


async def for_own_case(session: AsyncSession, officer_id: int, drive_id: int | None) -> bool:
    """Whether `drive_id` raises money for the officer's own case: the labour days given to it are vouched
    for by another officer, as its money is confirmed by another treasurer (decision 0630); the drive is
    neither offered to her at “Ngày công của nhiều người” nor recorded to by her."""
    return drive_id is not None and await helped_by(session, drive_id) == officer_id


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
    seen: Collection[int] = (),
    worked: date | None = None,
) -> list[Contribution]:
    """Record `days` labour days for each of `people`, vouched for by `officer`, in the session's transaction;
    LedgerError "not_allowed" (audited, nothing written) when she may not record for one of them; "own_case",
    nothing written, when `drive_id` raises money for her own hardship case (decision 0630). Each is told the
    day `worked`, the day she said they worked (not stored: decision 1194).

    LedgerError "recorded_meanwhile", nothing written, when one of them has labour days toward the same drive
    in the week (`days_already`) other than those `seen`, the ones her last look named: another officer
    recorded the same day meanwhile, or pressed at the same moment (docs/decisions/0443). The people's rows
    are locked first, in the order of their ids, so that of two such presses the second waits for the first
    and finds what it wrote (on SQLite every transaction holds the write lock from its start already)."""
    actor = await actor_for(session, officer)
    for person in people:
        if not may_record_labour_for(actor, await subject_for(session, person)):
            raise recording_refused(session, officer, person, now=now)
    if await for_own_case(session, officer.id, drive_id):
        raise LedgerError("own_case")
    await hold_people(session, sorted(person.id for person in people))
    already = await days_already(session, people, drive_id=drive_id, now=now, worked=worked)
    if any(entry.id not in seen for entry in already):
        raise LedgerError("recorded_meanwhile")
    recorded = []
    for person in people:
        entry = NewContribution(kind="labour", labour_days=days, drive_id=drive_id)
        contribution = await record_contribution(
            session,
            person=person,
            recorded_by=officer,
            entry=entry,
            now=now,
            settings=settings,
            vouched=True,
            worked=worked,
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
