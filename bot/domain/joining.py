"""Joining with an invite code: the one write that makes a chat's account someone of the organisation.

The onboarding flow (handlers/onboarding.py) gathers the code, the name, the proof of a listed record, the
consent and the language; this is its last step, in the turn's transaction: one use of the invite taken, the
person made (or the listed record claimed), their account, consent, language and roles, and the audit row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelIdentity, Invite, Person, RoleAssignment
from bot.domain.audit import audit
from bot.domain.claims import claims_household, still_claimable
from bot.domain.invites import redeem_invite
from bot.text import fold


@dataclass
class Joined:
    person: Person
    roles: set[str]  # every role the person holds now, those they held as a listed record included
    claimed: bool  # a listed record was taken up, not a new person made


async def join_with_invite(
    session: AsyncSession,
    invite: Invite,
    *,
    full_name: str,
    locale: str,
    channel: str,
    external_id: str,
    now: datetime,
    person_id: int | None = None,
) -> Joined:
    """`external_id` on `channel` joins with `invite`: as the listed record `person_id` they proved is theirs,
    or, when none (or it was taken by another chat meanwhile), as a new person named `full_name`, of the
    invite's kind. Raises InviteError (nothing written) when the invite can no longer be used."""
    await redeem_invite(session, invite, now=now)
    if person_id is not None:
        # The record is locked until the commit, and looked at again: another chat may have taken it since.
        person = await session.get_one(Person, person_id, with_for_update=True)
        if not await still_claimable(session, person_id):
            person_id = None
        elif person.kind == "household" and not claims_household(invite.role):
            person_id = None  # a household takes no role: its head joins as a record of his own (0638)
    if person_id is None:
        person = Person(
            org_id=invite.org_id,
            unit_id=invite.unit_id,
            full_name=full_name,
            name_key=fold(full_name),
            kind=invite.kind,  # a household's invite makes a household; a listed record keeps the list's kind
            listed=False,
            created_at=now,
        )
        session.add(person)
    person.unit_id = person.unit_id or invite.unit_id
    person.locale = locale
    person.consent_at = now
    await session.flush()
    session.add(
        ChannelIdentity(
            channel=channel, external_id=external_id, person_id=person.id, status="active", created_at=now
        )
    )
    existing = set(
        (
            await session.execute(select(RoleAssignment.role).where(RoleAssignment.person_id == person.id))
        ).scalars()
    )
    # Membership follows the staff list (the person's unit); a role the invite grants is for its unit, or for
    # the whole organisation from an admin's code and an organisation-wide one (decision 1814).
    whole = invite.role == "admin" or invite.org_wide
    scopes = {invite.role: None if whole else invite.unit_id, "member": person.unit_id}
    for role, unit_id in scopes.items():
        if role not in existing:
            session.add(
                RoleAssignment(
                    person_id=person.id, role=role, org_id=invite.org_id, unit_id=unit_id, granted_at=now
                )
            )
    audit(
        session,
        at=now,
        actor_id=person.id,
        action="person.join",
        entity="person",
        entity_id=person.id,
        invite=invite.id,
        channel=channel,
        claimed=person_id is not None,
    )
    return Joined(person, existing | {"member", invite.role}, claimed=person_id is not None)
