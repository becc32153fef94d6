"""The thank-you letter (thư cảm ơn) for a gift from a donor outside the organisation (docs/decisions/0086):
what the organisation states in it, read from the confirmed entry — who gave, what (money, goods with their
value, labour days), to which drive or to the Fund, and who signs (decision 0056). bot.thanks_doc writes it.

Only for a donor's gift (decision 0083): the organisation's own people are thanked otherwise (at their
meetings, in the year's report and the awards), and a letter on the organisation's paper to each member who
gave would turn a voluntary gift into a paper that ranks colleagues. Only for a confirmed gift that stands:
the letter states an amount as received, which only a treasurer's confirmation says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_date
from bot.db.models import REF_PREFIX, Contribution, Drive, Organisation, Person, Unit
from bot.domain.access import Acting, Actor, may_thank_for
from bot.domain.audit import audit
from bot.domain.bank_statement import credit_day
from bot.domain.contributions import normalise_ref, ref_prefix_of, reversal_of
from bot.domain.donors import is_anonymous


class ThanksError(Exception):
    """Why there is no letter: "not_found" (no such code, or one the acting person may not look up:
    nothing is revealed), "not_allowed" (audited), "not_donor" (a member's gift), "waiting" (not yet
    confirmed by a treasurer), "rejected" (a treasurer said it did not arrive), "cancelled" (a correction
    cancelled it, or it is a correction itself)."""

    def __init__(self, reason: str, *, standing: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.standing = standing  # "cancelled": the code of the gift's entry that stands, if one does (0591)


@dataclass(frozen=True)
class ThanksLetter:
    ref: str
    organisation: str
    head_title: str | None  # decision 0056; None: “Thủ trưởng cơ quan”
    signs_for: str | None
    donor: str | None  # as the donor should read; None: “Nhà hảo tâm”, who asked not to be named
    kind: str  # money, goods, labour
    amount_vnd: int  # money, or the estimated value of goods
    labour_days: int
    description: str | None  # goods: what was given (“Gạo, 20 bao”)
    drive: str | None  # the drive's title; None: the Fund outside the drives
    unit: str | None  # the unit that collected it
    # the day it was received, in Vietnam: its recording's (0076) or its bank credit's (0935); a correction's:
    # its gift's (0582)
    given_on: date


async def thanks_letter(session: AsyncSession, acting: Acting, ref: str, *, now: datetime) -> ThanksLetter:
    """The letter for the entry of code `ref`, under `acting`'s roles (ThanksError otherwise). Drawing one
    up is audited (`contribution.thanks_letter`), as is a refusal by the rule
    (`contribution.thanks_refused`)."""
    code = normalise_ref(ref, await ref_prefix_of(session, acting.org_id) if acting else REF_PREFIX)
    entry = await session.scalar(select(Contribution).where(Contribution.ref == code)) if code else None
    if entry is None:
        raise ThanksError("not_found")
    return await letter_for(session, acting, entry, now=now)


async def letter_for(
    session: AsyncSession, acting: Acting, entry: Contribution, *, now: datetime
) -> ThanksLetter:
    """The letter for `entry`; see `thanks_letter`."""
    actor_id = acting.person_id if isinstance(acting, Actor) else None
    if not may_thank_for(acting, entry):
        if acting is None or acting.org_id != entry.org_id:
            raise ThanksError("not_found")  # a code of another organisation reveals nothing
        audit(
            session,
            at=now,
            actor_id=actor_id,
            action="contribution.thanks_refused",
            entity="contribution",
            entity_id=entry.id,
        )
        raise ThanksError("not_allowed")
    donor = await session.get_one(Person, entry.person_id)
    if donor.kind != "donor":
        raise ThanksError("not_donor")
    if entry.reverses_id is not None or await reversal_of(session, entry.id) is not None:
        raise ThanksError("cancelled", standing=await _standing_ref(session, entry))
    if entry.status != "confirmed":
        raise ThanksError("waiting" if entry.status == "recorded" else "rejected")
    org = await session.get_one(Organisation, entry.org_id)
    drive = await session.get(Drive, entry.drive_id) if entry.drive_id else None
    unit = await session.get(Unit, entry.unit_id) if entry.unit_id else None
    audit(
        session,
        at=now,
        actor_id=actor_id,
        action="contribution.thanks_letter",
        entity="contribution",
        entity_id=entry.id,
    )
    return ThanksLetter(
        ref=entry.ref,
        organisation=org.name,
        head_title=org.head_title,
        signs_for=org.signs_for,
        donor=None if is_anonymous(donor.full_name) else donor.full_name,
        kind=entry.kind,
        amount_vnd=entry.amount_vnd,
        labour_days=entry.labour_days,
        description=entry.description,
        drive=drive.title if drive else None,
        unit=unit.name if unit else None,
        given_on=await _received_on(session, entry),
    )


async def _received_on(session: AsyncSession, entry: Contribution) -> date:
    """The day the gift `entry` records was received, in Vietnam: its own, or, for the right entry a
    correction wrote (docs/decisions/0070), the first entry's of the gift it replaces, however often corrected
    — a gift of 31/12 corrected on 4/1 was still received on 31/12 (docs/decisions/0582). A gift recorded
    from a bank credit with a day was received that day: a transfer the account got on 31/12 and recorded on
    2/1 counts for 31/12's year (0888), and the letter the company files with that year's books says 31/12
    (docs/decisions/0935)."""
    first = entry
    while first.replaces_id is not None:
        first = await session.get_one(Contribution, first.replaces_id)
    return credit_day(first.bank_credit) or local_date(first.created_at)


async def _standing_ref(session: AsyncSession, entry: Contribution) -> str | None:
    """The code of the entry that stands for the gift `entry` (or the reversal `entry`) recorded: the right
    entry its corrections wrote, followed on however often corrected; None where the gift was reversed and no
    entry replaced it — there is then no gift to thank for (docs/decisions/0591)."""
    current = await session.get_one(Contribution, entry.reverses_id) if entry.reverses_id else entry
    while await reversal_of(session, current.id) is not None:
        later = await session.scalar(select(Contribution).where(Contribution.replaces_id == current.id))
        if later is None:
            return None
        current = later
    return current.ref
