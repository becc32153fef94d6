"""A small organisation for scheduler tests, written straight into the database: the 2026–2030 plan, two
units, a leader per unit, an organisation-wide admin and leader, members with and without a commitment, each
reachable on the console channel (chat id "p<person id>")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import (
    Campaign,
    ChannelIdentity,
    Commitment,
    CommitmentItem,
    Criterion,
    Deadline,
    Organisation,
    Person,
    RoleAssignment,
    Unit,
)
from bot.demo import DEMO_PLAN
from bot.domain.plans import install_plan, load_plan
from bot.text import fold


@dataclass
class Seeded:
    org: Organisation
    campaign: Campaign
    units: dict[str, Unit]
    people: dict[str, Person] = field(default_factory=dict)


async def read_back(sessionmaker: async_sessionmaker[AsyncSession], seeded: Seeded) -> Seeded:
    """The same organisation, campaign, units and people read from another copy of the database they were
    seeded in (the same ids: tests/support/templates.py), in the same order."""
    async with sessionmaker() as session:
        org = await session.get_one(Organisation, seeded.org.id)
        campaign = await session.get_one(Campaign, seeded.campaign.id)
        units = {u.id: u for u in await session.scalars(select(Unit).where(Unit.org_id == org.id))}
        ids = [person.id for person in seeded.people.values()]
        people = {p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(ids)))}
    return Seeded(
        org,
        campaign,
        {code: units[unit.id] for code, unit in seeded.units.items()},
        {name: people[person.id] for name, person in seeded.people.items()},
    )


def new_person(
    seeded: Seeded,
    name: str,
    unit: str | None,
    *,
    now: datetime,
    listed: bool = True,
    locale: str | None = None,
) -> Person:
    """A member of staff of the seeded organisation in `unit` (None: no unit), not yet added to a session."""
    return Person(
        org_id=seeded.org.id,
        unit_id=seeded.units[unit].id if unit else None,
        full_name=name,
        name_key=fold(name),
        kind="staff",
        listed=listed,
        locale=locale,
        created_at=now,
    )


async def add_person(
    session: AsyncSession,
    seeded: Seeded,
    name: str,
    unit: str | None,
    *roles: tuple[str, str | None],
    now: datetime,
    locale: str | None = None,
) -> Person:
    person = new_person(seeded, name, unit, now=now, locale=locale)
    session.add(person)
    await session.flush()
    session.add(
        ChannelIdentity(channel="console", external_id=f"p{person.id}", person_id=person.id, created_at=now)
    )
    for role, scope in roles:
        session.add(
            RoleAssignment(
                person_id=person.id,
                role=role,
                org_id=seeded.org.id,
                unit_id=seeded.units[scope].id if scope else None,
                granted_at=now,
            )
        )
    seeded.people[name] = person
    await session.flush()
    return person


async def person_on(
    session: AsyncSession,
    channel: str,
    external_id: str,
    name: str,
    *,
    org_id: int,
    unit_id: int | None,
    roles: Iterable[tuple[str, int | None]],
    now: datetime,
    status: str = "active",
) -> Person:
    """Someone who joined and agreed, in Vietnamese, reached on `channel` as `external_id` (an account in
    `status`), holding `roles` (role, unit id or None for the whole organisation)."""
    person = Person(
        org_id=org_id,
        unit_id=unit_id,
        full_name=name,
        name_key=fold(name),
        kind="staff",
        locale="vi",
        consent_at=now,
        created_at=now,
    )
    session.add(person)
    await session.flush()
    for role, scope in roles:
        session.add(
            RoleAssignment(person_id=person.id, role=role, org_id=org_id, unit_id=scope, granted_at=now)
        )
    session.add(
        ChannelIdentity(
            channel=channel, external_id=external_id, person_id=person.id, status=status, created_at=now
        )
    )
    await session.flush()
    return person


async def commit_to(
    session: AsyncSession, seeded: Seeded, person: Person, target: int, *, year: int, now: datetime
) -> None:
    criterion = await session.scalar(
        select(Criterion)
        .where(Criterion.campaign_id == seeded.campaign.id, Criterion.measure == "money")
        .limit(1)
    )
    assert criterion is not None
    commitment = Commitment(
        campaign_id=seeded.campaign.id,
        year=year,
        scope="individual",
        owner_key=f"p:{person.id}",
        person_id=person.id,
        registered_by=person.id,
        created_at=now,
        updated_at=now,
    )
    session.add(commitment)
    await session.flush()
    session.add(CommitmentItem(commitment_id=commitment.id, criterion_id=criterion.id, target=target))
    await session.flush()


async def seed(
    session: AsyncSession, now: datetime, *, code: str = "ORG", name: str = "Trường Thử"
) -> Seeded:
    org = Organisation(code=code, name=name, created_at=now)
    session.add(org)
    await session.flush()
    units = {code: Unit(org_id=org.id, code=code, name=f"Phòng {code}") for code in ("A", "B")}
    session.add_all(units.values())
    await session.flush()
    campaign = await install_plan(session, org, load_plan(DEMO_PLAN), now=now)
    seeded = Seeded(org, campaign, units)
    await add_person(session, seeded, "Lãnh đạo A", "A", ("member", "A"), ("leader", "A"), now=now)
    await add_person(
        session, seeded, "Lãnh đạo B", "B", ("member", "B"), ("leader", "B"), now=now, locale="en"
    )
    await add_person(session, seeded, "Văn phòng", None, ("admin", None), now=now)
    await add_person(session, seeded, "Thủ trưởng", None, ("leader", None), now=now)
    for name, unit in (("An", "A"), ("Bình", "A"), ("Chi", "A"), ("Dũng", "B"), ("Hà", "B")):
        await add_person(session, seeded, name, unit, ("member", unit), now=now)
    for name in ("An", "Dũng"):
        await commit_to(session, seeded, seeded.people[name], 500_000, year=2026, now=now)
    return seeded


async def add_deadline(session: AsyncSession, seeded: Seeded, code: str, on: date, audience: str) -> Deadline:
    deadline = Deadline(
        campaign_id=seeded.campaign.id,
        code=code,
        title=f"Hạn {code}",
        month=on.month,
        day=on.day,
        year=on.year,
        audience=audience,
        local=True,
    )
    session.add(deadline)
    await session.flush()
    return deadline
