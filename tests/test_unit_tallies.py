"""Each unit's count of people and of registrations per campaign year, kept by the database (migration 0014,
docs/decisions/0036), on SQLite and PostgreSQL: after every kind of change that moves a count — someone added,
registered, moved to another unit or to none, merged into another record, removed; a registration removed or
moved to another year; many people written or moved by one statement, as the staff list import does — the
counts equal what independent SQL finds, and the digest's figures show them. A database upgraded to the kept
counts starts with them right."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import alembic_config, upgrade_async
from bot.db.models import Commitment, Person, Unit
from bot.domain.commitments import save_commitment
from bot.domain.digests import Period, unit_figures
from bot.domain.people import merge_people
from bot.text import fold
from tests.support.orgs import Seeded, new_person, seed

NOW = datetime(2026, 11, 2, 2, tzinfo=UTC)
WEEK = Period(datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))

PEOPLE = "SELECT unit_id, count(*) FROM person WHERE unit_id IS NOT NULL GROUP BY unit_id"
REGISTERED = (
    "SELECT p.unit_id, c.campaign_id, c.year, count(DISTINCT c.person_id) FROM commitment c "
    "JOIN person p ON p.id = c.person_id WHERE p.unit_id IS NOT NULL "
    "GROUP BY p.unit_id, c.campaign_id, c.year"
)


async def kept_right(session: AsyncSession) -> None:
    """The kept counts equal independent counts over the whole database (a count of 0 may be kept or not)."""
    await session.flush()
    counted = {tuple(row[:-1]): row[-1] for row in await session.execute(text(PEOPLE))}
    kept = dict(
        (await session.execute(text("SELECT unit_id, people FROM unit_tally WHERE people <> 0"))).all()
    )
    assert kept == {key[0]: n for key, n in counted.items()}
    counted = {tuple(row[:-1]): row[-1] for row in await session.execute(text(REGISTERED))}
    kept = {
        tuple(row[:-1]): row[-1]
        for row in await session.execute(
            text(
                "SELECT unit_id, campaign_id, year, registered FROM unit_registrations WHERE registered <> 0"
            )
        )
    }
    assert kept == counted


async def shown(session: AsyncSession, seeded: Seeded, year: int = 2026) -> dict[str, tuple[int, int]]:
    """(people, registered) per unit code, as the digest shows them."""
    figures = await unit_figures(
        session, seeded.org.id, campaign_id=seeded.campaign.id, year=year, period=WEEK
    )
    return {
        code: (figures[unit.id].people, figures[unit.id].registered) for code, unit in seeded.units.items()
    }


def newcomer(seeded: Seeded, name: str, unit: str | None, *, listed: bool = True) -> Person:
    return new_person(seeded, name, unit, now=NOW, listed=listed)


async def register(session: AsyncSession, seeded: Seeded, person: Person, year: int = 2026) -> None:
    criterion = await session.scalar(
        text("SELECT id FROM criterion WHERE campaign_id = :c AND measure = 'money' LIMIT 1"),
        {"c": seeded.campaign.id},
    )
    await save_commitment(
        session,
        campaign_id=seeded.campaign.id,
        year=year,
        scope="individual",
        actor=person,
        targets={criterion: 1_000_000},
        now=NOW,
    )


async def test_counts_follow_every_change_of_people_and_registrations(any_app: App) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(
            session, NOW
        )  # A: Lãnh đạo A, An*, Bình, Chi; B: Lãnh đạo B, Dũng*, Hà (* registered)
        await kept_right(session)
        assert await shown(session, seeded) == {"A": (4, 1), "B": (3, 1)}

        # Someone joins unit A, registers; Bình registers for next year only.
        giang = newcomer(seeded, "Giang", "A")
        session.add(giang)
        await session.flush()
        await register(session, seeded, giang)
        await register(session, seeded, seeded.people["Bình"], year=2027)
        await kept_right(session)
        assert await shown(session, seeded) == {"A": (5, 2), "B": (3, 1)}
        assert await shown(session, seeded, year=2027) == {"A": (5, 1), "B": (3, 0)}

        # Giang moves to B: she and her registration count there now.
        giang.unit_id = seeded.units["B"].id
        await kept_right(session)
        assert await shown(session, seeded) == {"A": (4, 1), "B": (4, 2)}

        # An leaves every unit (registration kept, counted nowhere), then comes back to B.
        an = seeded.people["An"]
        an.unit_id = None
        await kept_right(session)
        assert await shown(session, seeded) == {"A": (3, 0), "B": (4, 2)}
        an.unit_id = seeded.units["B"].id
        await kept_right(session)
        assert await shown(session, seeded) == {"A": (3, 0), "B": (5, 3)}

        # One statement moves several people, as the staff list import writes them; another adds two.
        await session.execute(
            update(Person)
            .where(Person.id.in_([an.id, seeded.people["Hà"].id]))
            .values(unit_id=seeded.units["A"].id)
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            insert(Person),
            [
                {
                    "org_id": seeded.org.id,
                    "unit_id": seeded.units["A"].id,
                    "full_name": name,
                    "name_key": fold(name),
                    "kind": "staff",
                    "listed": True,
                    "appeals_off": False,
                    "created_at": NOW,
                }
                for name in ("Khánh", "Lan")
            ],
        )
        await kept_right(session)
        assert await shown(session, seeded) == {"A": (7, 1), "B": (3, 2)}

        # An unlisted newcomer of B, registered, is merged into Chi's listed record: the registration goes
        # to Chi, of A; the newcomer's record is gone.
        minh = newcomer(seeded, "Minh", "B", listed=False)
        session.add(minh)
        await session.flush()
        await register(session, seeded, minh)
        assert await shown(session, seeded) == {"A": (7, 1), "B": (4, 3)}
        await merge_people(session, source=minh.id, target=seeded.people["Chi"].id, actor_id=None, now=NOW)
        await kept_right(session)
        assert await shown(session, seeded) == {"A": (7, 2), "B": (3, 2)}

        # A registration removed; another moved to next year; someone without one removed.
        dung = seeded.people["Dũng"].id
        await session.delete(await session.scalar(select(Commitment).where(Commitment.person_id == dung)))
        giangs = await session.scalar(select(Commitment).where(Commitment.person_id == giang.id))
        giangs.year = 2027
        await session.delete(await session.get(Person, seeded.people["Hà"].id))
        await kept_right(session)
        assert await shown(session, seeded) == {"A": (6, 2), "B": (3, 0)}
        assert await shown(session, seeded, year=2027) == {"A": (6, 1), "B": (3, 1)}


async def test_the_migration_counts_what_is_already_there(any_url: str) -> None:
    """A database made before the counts were kept gets them right when it is upgraded."""
    engine = make_engine(any_url)
    try:
        await asyncio.to_thread(command.downgrade, alembic_config(any_url), "0013")
        async with make_sessionmaker(engine)() as session, session.begin():
            seeded = await seed(session, NOW)
            session.add(newcomer(seeded, "Giang", "B"))
            seeded.people["An"].unit_id = seeded.units["B"].id
        await upgrade_async(any_url)
        async with make_sessionmaker(engine)() as session, session.begin():
            await kept_right(session)
            units = {u.code: u.id for u in await session.scalars(select(Unit))}
            kept = dict((await session.execute(text("SELECT unit_id, people FROM unit_tally"))).all())
            assert kept == {units["A"]: 3, units["B"]: 5}
    finally:
        await engine.dispose()
