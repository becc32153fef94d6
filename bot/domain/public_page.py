"""A drive's public web page, and the Fund's outside the drives (docs/decisions/0102): a link anyone may
open — printed as a QR code on the appeal's poster, read out at the ceremony, sent to an outside donor —
showing what was received, what was paid out and what is left, and whether a reference code is a confirmed
gift of it. No name, no single gift: the totals its public statement shows every member, less who gave.

The link's key is random (`secrets.token_urlsafe`), made the first time an officer who manages the drive (for
the Fund: an officer of the whole organisation) asks for it, and kept; a new key ends the old link (one passed
where it should not have been).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Contribution, Drive, Organisation
from bot.domain.access import Acting, Actor, Operator, may_publish_fund
from bot.domain.audit import audit
from bot.domain.contributions import normalise_ref
from bot.domain.drives import manages

PATH = "/congkhai/"
# What a key may be: `secrets.token_urlsafe`'s letters. Anything else typed into the address is no key, and is
# never sent to the database (a NUL byte, a half of a character: PostgreSQL's driver refuses them).
KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,32}")


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
        drive.public_key = _new_key(session, actor, "drive", drive.id, renew=renew, now=now)
        await session.flush()
    return drive.public_key


async def fund_key_of(
    session: AsyncSession, actor: Acting, org: Organisation, *, now: datetime, renew: bool = False
) -> str:
    """The key of the public page of `org`'s Fund outside the drives, as `public_key_of` for a drive: for an
    officer or admin of the whole organisation (access.may_publish_fund) or the organisation's shell."""
    allowed = isinstance(actor, Operator) and actor.org_id == org.id
    if not (allowed or (isinstance(actor, Actor) and may_publish_fund(actor, org.id))):
        raise PublicPageError("not_allowed")
    if org.fund_public_key is None or renew:
        org.fund_public_key = _new_key(session, actor, "organisation", org.id, renew=renew, now=now)
        await session.flush()
    return org.fund_public_key


def _new_key(
    session: AsyncSession, actor: Acting, entity: str, entity_id: int, *, renew: bool, now: datetime
) -> str:
    audit(
        session,
        at=now,
        actor_id=actor.person_id if isinstance(actor, Actor) else None,
        action="public_page.renew" if renew else "public_page",
        entity=entity,
        entity_id=entity_id,
    )
    return secrets.token_urlsafe(16)  # 22 characters, 128 bits


async def page_of(session: AsyncSession, key: str) -> Drive | Organisation | None:
    """What the public page of `key` shows: a drive, or an organisation's Fund outside the drives; None for a
    key that never was or was replaced."""
    if not KEY_SHAPE.fullmatch(key):
        return None
    drive = await session.scalar(select(Drive).where(Drive.public_key == key))
    if drive is not None:
        return drive
    return await session.scalar(select(Organisation).where(Organisation.fund_public_key == key))


def drive_gifts(drive: Drive) -> tuple[ColumnElement[bool], ...]:
    return (Contribution.drive_id == drive.id,)


def fund_gifts(org_id: int, year: int) -> tuple[ColumnElement[bool], ...]:
    """The Fund's gifts outside the drives of `year`, as its statement counts them."""
    return (Contribution.org_id == org_id, Contribution.drive_id.is_(None), Contribution.year == year)


async def year_of_code(session: AsyncSession, org_id: int, ref: str) -> int | None:
    """The year the organisation's entry `ref` counts for, where it is not the year its code names: a
    correction's right entry written in January for a gift of the year before (`CT-2027-…` of 2026, decision
    1156). None for a code of no entry of it, or of its own year."""
    year = await session.scalar(
        select(Contribution.year).where(Contribution.ref == ref, Contribution.org_id == org_id)
    )
    return year if year is not None and f"-{year}-" not in ref else None


@dataclass(frozen=True)
class CodeCheck:
    """What the page says of a code typed (docs/decisions/0121): `ref` as the ledger writes it (None: not a
    code); `state` "confirmed" (a confirmed gift of the page that stands), "corrected" (one whose figure was
    corrected: `now` is the code standing for it), "cancelled" (cancelled by a correction, nothing in its
    place) or "none" (not among the page's confirmed gifts). Never a name or an amount."""

    ref: str | None
    state: str = "none"
    now: str | None = None


# How many corrections of corrections the check follows to the code that stands (each is made by hand).
_CHAIN = 20


async def confirmed_in(
    session: AsyncSession, typed: str, prefix: str, *scope: ColumnElement[bool]
) -> CodeCheck:
    """The reference code `typed` (as people type it: "ct 2026 12"; "2026 12" alone, of `prefix`: the page's
    organisation's) and where it stands among the gifts of `scope` (a drive's, the Fund's of a year): a
    confirmed gift that stands; one corrected, and the code of the entry now standing for it (following a
    correction corrected again); one cancelled by a correction; or none of these. A correction's own code, a
    gift waiting or not received is "none"; so is a code of another organisation (decision 0140)."""
    ref = normalise_ref(typed, prefix)
    if ref is None:
        return CodeCheck(None)
    gift = await session.scalar(
        select(Contribution).where(
            Contribution.ref == ref,
            *scope,
            Contribution.status == "confirmed",
            Contribution.reverses_id.is_(None),
        )
    )
    if gift is None:
        return CodeCheck(ref)
    standing = gift
    for _ in range(_CHAIN):
        if not await session.scalar(select(exists().where(Contribution.reverses_id == standing.id))):
            break  # it stands
        later = await session.scalar(select(Contribution).where(Contribution.replaces_id == standing.id))
        if later is None:
            return CodeCheck(ref, "cancelled")
        standing = later
    else:
        return CodeCheck(ref)
    if standing is gift:
        return CodeCheck(ref, "confirmed")
    return CodeCheck(ref, "corrected", standing.ref)
