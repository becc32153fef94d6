"""A drive's public web page (docs/decisions/0102): a link anyone may open — printed as a QR code on the
appeal's poster, read out at the ceremony, sent to an outside donor — showing what the drive received, what it
paid out and what is left, and whether a reference code is a confirmed gift of the drive. No name, no single
gift: the totals its public statement shows every member, less who gave.

The link's key is random (`secrets.token_urlsafe`), made the first time an officer who manages the drive asks
for it (bot.domain.access.may_manage_drive) and kept; a new key ends the old link (one passed where it should
not have been).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Contribution, Drive
from bot.domain.access import Acting, Actor
from bot.domain.audit import audit
from bot.domain.contributions import normalise_ref, standing_gift
from bot.domain.drives import manages

PATH = "/congkhai/"


class PublicPageError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def page_url(base: str, key: str) -> str:
    """The page's address under the public base address (`PUBLIC_URL`)."""
    return f"{base.rstrip('/')}{PATH}{key}"


async def public_key_of(
    session: AsyncSession, actor: Acting, drive: Drive, *, now: datetime, renew: bool = False
) -> str:
    """The key of `drive`'s public page, made the first time (or, with `renew`, made anew: the old link stops
    working) for an officer who manages the drive or the organisation's shell (`manages`); refused
    (PublicPageError "not_allowed") for anyone else."""
    if not manages(actor, drive):
        raise PublicPageError("not_allowed")
    if drive.public_key is None or renew:
        drive.public_key = secrets.token_urlsafe(16)  # 22 characters, 128 bits
        audit(
            session,
            at=now,
            actor_id=actor.person_id if isinstance(actor, Actor) else None,
            action="drive.public_page.renew" if renew else "drive.public_page",
            entity="drive",
            entity_id=drive.id,
        )
        await session.flush()
    return drive.public_key


async def drive_of_page(session: AsyncSession, key: str) -> Drive | None:
    """The drive whose public page `key` opens; None for a key that never was or was replaced."""
    if not key or len(key) > 32:
        return None
    return await session.scalar(select(Drive).where(Drive.public_key == key))


async def confirmed_in(session: AsyncSession, drive: Drive, typed: str) -> tuple[str | None, bool]:
    """The reference code `typed` (as people type it: "ct 2026 12"), and whether it is a gift to `drive` that
    a treasurer confirmed and that stands (not reversed): all the page ever says of a code. (None, False)
    when what was typed is no code."""
    ref = normalise_ref(typed)
    if ref is None:
        return None, False
    found = await session.scalar(
        select(exists().where(Contribution.ref == ref, Contribution.drive_id == drive.id, standing_gift()))
    )
    return ref, bool(found)
