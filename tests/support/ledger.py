"""Ledger rows written straight into the database for tests that read the ledger (the year's report, the
achievement report): one entry of a person, in their unit, recorded by themself, of any kind and status."""

from __future__ import annotations

from datetime import datetime
from itertools import count

from bot.db.models import Contribution, Person

_refs = count(1)


def ledger_entry(
    person: Person,
    kind: str,
    amount: int = 0,
    *,
    at: datetime,
    days: int = 0,
    status: str = "confirmed",
    year: int = 2026,
    drive_id: int | None = None,
    reverses: Contribution | None = None,
    unit_id: int | None = None,
    recorded_by: Person | None = None,
    reason: str | None = None,
) -> Contribution:
    """A contribution (goods are warm clothes), not yet added to a session; a reversal names the entry it
    cancels and carries the opposite amount. In the person's unit and recorded by themself unless `unit_id`
    (a donor's gift in a unit's name) or `recorded_by` (an officer, a leader reversing) says otherwise."""
    return Contribution(
        ref=f"T-{next(_refs):06d}",
        org_id=person.org_id,
        person_id=person.id,
        unit_id=unit_id if unit_id is not None else person.unit_id,
        drive_id=drive_id,
        recorded_by=(recorded_by or person).id,
        reason=reason,
        year=year,
        kind=kind,
        amount_vnd=amount,
        labour_days=days,
        description="Áo ấm" if kind == "goods" else None,
        status=status,
        reverses_id=reverses.id if reverses else None,
        created_at=at,
    )
