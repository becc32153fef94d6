"""Each unit's count of people and of registrations per campaign year, households among them counted apart,
kept by the database (migrations 0014 and 0017, docs/decisions/0036 and 0046), on SQLite and PostgreSQL: after
every kind of change that moves a count — someone added, registered, moved to another unit or to none, merged
into another record, removed; a registration removed or moved to another year; many people written or moved by
one statement, as the staff list import does; a household joining with a household code, listed by the import,
moved by it, made staff or a household by it, merged — the counts equal what independent SQL finds, and the
digest's figures show them. A database upgraded to the kept counts starts with them right."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import alembic_config, upgrade_async
from bot.db.models import (
    ChannelIdentity,
    Commitment,
    Contribution,
    Person,
    PersonGifts,
    RegistrationWindow,
    RoleAssignment,
    Unit,
)
from bot.domain.access import Operator, actor_for
from bot.domain.commitments import CommitmentError, owner_key, save_commitment
from bot.domain.contributions import NewContribution, correct, decide, record_contribution, reverse, withdraw
from bot.domain.digests import Period, unit_figures
from bot.domain.invites import create_invite
from bot.domain.leaving import mark_back, mark_left
from bot.domain.org_import import import_staff
from bot.domain.people import merge_people
from bot.messages import BUTTONS
from bot.text import fold
from tests.support.clocks import MovableClock
from tests.support.ledger import ledger_entry
from tests.support.orgs import Seeded, add_person, new_person, seed
from tests.support.people import Person as Chat
from tests.test_flows import join
from tests.test_org_import import write_csv

NOW = datetime(2026, 11, 2, 2, tzinfo=UTC)
WEEK = Period(datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))

PEOPLE = (
    "SELECT unit_id, count(*), sum(CASE WHEN kind = 'household' THEN 1 ELSE 0 END) FROM person "
    "WHERE unit_id IS NOT NULL AND left_on IS NULL GROUP BY unit_id"
)
REGISTERED = (
    "SELECT p.unit_id, c.campaign_id, c.year, count(DISTINCT c.person_id), "
    "count(DISTINCT CASE WHEN p.kind = 'household' THEN c.person_id END) FROM commitment c "
    "JOIN person p ON p.id = c.person_id WHERE p.unit_id IS NOT NULL AND p.left_on IS NULL "
    "GROUP BY p.unit_id, c.campaign_id, c.year"
)


async def kept_right(session: AsyncSession) -> None:
    """The kept counts, of every record and of the households among them, equal independent counts over the
    whole database (a count of 0 may be kept or not)."""
    await session.flush()
    counted = {row[0]: tuple(row[1:]) for row in await session.execute(text(PEOPLE))}
    kept = {
        row[0]: tuple(row[1:])
        for row in await session.execute(
            text("SELECT unit_id, people, households FROM unit_tally WHERE people <> 0 OR households <> 0")
        )
    }
    assert kept == counted
    counted = {tuple(row[:3]): tuple(row[3:]) for row in await session.execute(text(REGISTERED))}
    kept = {
        tuple(row[:3]): tuple(row[3:])
        for row in await session.execute(
            text(
                "SELECT unit_id, campaign_id, year, registered, households FROM unit_registrations "
                "WHERE registered <> 0 OR households <> 0"
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


async def shown_apart(session: AsyncSession, seeded: Seeded) -> dict[str, tuple[int, int, int, int]]:
    """(people, registered, households, households registered) per unit code, as the digest shows them."""
    figures = await unit_figures(
        session, seeded.org.id, campaign_id=seeded.campaign.id, year=2026, period=WEEK
    )
    return {
        code: (
            figures[unit.id].people,
            figures[unit.id].registered,
            figures[unit.id].households,
            figures[unit.id].households_registered,
        )
        for code, unit in seeded.units.items()
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

        # Someone joins unit A, registers; Bình registers for next year only (its window is open already).
        giang = newcomer(seeded, "Giang", "A")
        session.add(giang)
        session.add(
            RegistrationWindow(
                org_id=seeded.org.id, year=2027, opens_on=date(2026, 11, 1), closes_on=date(2027, 1, 31)
            )
        )
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

        # Chi (registered through Minh's merge) leaves: out of A with her registration; moved while gone, and
        # with a registration written while gone (the domain refuses one now; an older bot did not), she
        # counts nowhere; back, she counts in B with both registrations.
        chi = seeded.people["Chi"]
        await mark_left(session, Operator(seeded.org.id), chi, on=date(2026, 8, 31), now=NOW)
        await kept_right(session)
        assert await shown(session, seeded) == {"A": (5, 1), "B": (3, 0)}
        chi.unit_id = seeded.units["B"].id
        with pytest.raises(CommitmentError) as refused:
            await register(session, seeded, chi, year=2027)
        assert refused.value.reason == "gone"
        session.add(
            Commitment(
                campaign_id=seeded.campaign.id,
                year=2027,
                scope="individual",
                owner_key=owner_key("individual", chi.id, None, org_id=seeded.org.id),
                person_id=chi.id,
                registered_by=chi.id,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        await session.flush()
        await kept_right(session)
        assert await shown(session, seeded) == {"A": (5, 1), "B": (3, 0)}
        await mark_back(session, Operator(seeded.org.id), chi, now=NOW)
        await kept_right(session)
        assert await shown(session, seeded) == {"A": (5, 1), "B": (4, 1)}
        assert await shown(session, seeded, year=2027) == {"A": (5, 1), "B": (4, 2)}


async def moved(session: AsyncSession, seeded: Seeded, name: str, unit: str) -> None:
    """The person moves to `unit`, by a statement that names the one column (the schema may be an old one)."""
    person_id, unit_id = seeded.people[name].id, seeded.units[unit].id
    await session.execute(update(Person).where(Person.id == person_id).values(unit_id=unit_id))


async def added_at_old_schema(session: AsyncSession, seeded: Seeded, person: Person) -> Person:
    """`person` written by a statement that names only the columns an old schema has (no `left_on`)."""
    columns = ("org_id", "unit_id", "full_name", "name_key", "kind", "listed", "appeals_off", "created_at")
    values = {column: getattr(person, column) for column in columns} | {"appeals_off": False}
    person.id = await session.scalar(insert(Person).values(values).returning(Person.id))
    return person


async def test_the_migration_counts_what_is_already_there(any_url: str) -> None:
    """A database made before the counts were kept gets them right when it is upgraded."""
    engine = make_engine(any_url)
    try:
        # The organisation and its plan are seeded at the head (the plan's rows take every column of today),
        # then the database goes back to 0013 with its people, where they come and move before the counts.
        async with make_sessionmaker(engine)() as session, session.begin():
            seeded = await seed(session, NOW)
        await asyncio.to_thread(command.downgrade, alembic_config(any_url), "0013")
        async with make_sessionmaker(engine)() as session, session.begin():
            await added_at_old_schema(session, seeded, newcomer(seeded, "Giang", "B"))
            await moved(session, seeded, "An", "B")
        await upgrade_async(any_url)
        async with make_sessionmaker(engine)() as session, session.begin():
            await kept_right(session)
            units = {u.code: u.id for u in await session.scalars(select(Unit))}
            kept = dict((await session.execute(text("SELECT unit_id, people FROM unit_tally"))).all())
            assert kept == {units["A"]: 3, units["B"]: 5}
    finally:
        await engine.dispose()


async def test_households_are_counted_apart_through_every_path_that_makes_moves_or_changes_one(
    any_app: App, clock: MovableClock, tmp_path: Path
) -> None:
    clock.at = NOW
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)  # A: Lãnh đạo A, An*, Bình, Chi; B: Lãnh đạo B, Dũng*, Hà
        await register(session, seeded, seeded.people["Bình"])
        code = (
            await create_invite(session, seeded.org, unit_code="B", kind="household", uses=5, now=NOW)
        ).code

    async def counted() -> dict[str, tuple[int, int, int, int]]:
        async with any_app.sessionmaker() as session:
            await kept_right(session)
            return await shown_apart(session, seeded)

    assert await counted() == {"A": (4, 2, 0, 0), "B": (3, 1, 0, 0)}

    # A household joins unit B with the household code and registers: B's households, not its people.
    nam = Chat(CollectingChannel(any_app.engine, BUTTONS), "nam", clock)
    assert "Hộ ông Nguyễn Văn Năm đã tham gia Phòng B" in await join(nam, code, "Hộ ông Nguyễn Văn Năm")
    async with any_app.sessionmaker() as session, session.begin():
        joined = (await session.scalars(select(Person).where(Person.kind == "household"))).one()
        await register(session, seeded, joined)
    assert await counted() == {"A": (4, 2, 0, 0), "B": (3, 1, 1, 1)}

    # The list marks Bình (registered) a household and lists two households of B: one statement inserts them.
    header = ["Đơn vị", "Họ và tên", "Số điện thoại", "Loại"]
    rows = [
        ["Phòng A", "Bình", "", "hộ gia đình"],
        ["Phòng B", "Hộ ông Trần Văn Ba", "0987654321", "hộ gia đình"],
        ["Phòng B", "Hộ bà Lê Thị Tư", "0987000111", "hộ nghèo"],
    ]
    report = await import_staff(
        any_app.sessionmaker, seeded.org, write_csv(tmp_path / "1.csv", header, rows), now=NOW
    )
    assert (report.created, report.updated, report.skipped) == (2, 1, 0)
    assert await counted() == {"A": (3, 1, 1, 1), "B": (3, 1, 3, 1)}
    async with any_app.sessionmaker() as session, session.begin():
        ba = await session.scalar(select(Person).where(Person.phone == "0987654321"))
        await register(session, seeded, ba)
    assert await counted() == {"A": (3, 1, 1, 1), "B": (3, 1, 3, 2)}

    # The next list moves Ông Ba (registered) to A and says Bình is staff after all.
    rows = [["Phòng A", "Bình", "", "cán bộ"], ["Phòng A", "Hộ ông Trần Văn Ba", "0987654321", "hộ"]]
    report = await import_staff(
        any_app.sessionmaker, seeded.org, write_csv(tmp_path / "2.csv", header, rows), now=NOW
    )
    assert (report.created, report.updated, report.skipped) == (0, 2, 0)
    assert await counted() == {"A": (4, 2, 1, 1), "B": (3, 1, 2, 1)}

    # The clerk lists Ông Năm's household in A; an officer merges the record he joined with into it: his
    # registration counts for A's households now, the joined record of B is gone.
    rows = [["Phòng A", "Hộ ông Nguyễn Văn Năm", "0912345678", "hộ gia đình"]]
    await import_staff(any_app.sessionmaker, seeded.org, write_csv(tmp_path / "3.csv", header, rows), now=NOW)
    assert await counted() == {"A": (4, 2, 2, 1), "B": (3, 1, 2, 1)}
    async with any_app.sessionmaker() as session, session.begin():
        listed = await session.scalar(select(Person.id).where(Person.phone == "0912345678"))
        await merge_people(session, source=joined.id, target=listed, actor_id=None, now=NOW)
    assert await counted() == {"A": (4, 2, 2, 2), "B": (3, 1, 1, 0)}

    # A household leaves every unit, another (not registered) is removed; a staff record moved by one
    # statement as a household with its registration, as a bulk write would.
    async with any_app.sessionmaker() as session, session.begin():
        await session.execute(update(Person).where(Person.phone == "0987654321").values(unit_id=None))
        await session.delete(await session.scalar(select(Person).where(Person.phone == "0987000111")))
        await session.execute(
            update(Person)
            .where(Person.id == seeded.people["Dũng"].id)
            .values(unit_id=seeded.units["A"].id, kind="household")
            .execution_options(synchronize_session=False)
        )
    assert await counted() == {"A": (4, 2, 2, 2), "B": (2, 0, 0, 0)}


async def test_the_upgrade_to_households_apart_counts_the_households_already_there(any_url: str) -> None:
    """A database of 0016, whose counts took households in with the people, gets its households counted
    apart when it is upgraded; back at 0016 the counts are kept as before."""
    engine = make_engine(any_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            seeded = await seed(session, NOW)  # at the head, as above; the households come at 0016
        await asyncio.to_thread(command.downgrade, alembic_config(any_url), "0016")
        async with make_sessionmaker(engine)() as session, session.begin():
            for name, unit in (("Hộ ông Ba", "B"), ("Hộ bà Tư", "B"), ("Hộ ông Năm", "A")):
                household = newcomer(seeded, name, unit)
                household.kind = "household"
                seeded.people[name] = await added_at_old_schema(session, seeded, household)
            await register(session, seeded, seeded.people["Hộ ông Ba"])
            await register(session, seeded, seeded.people["Hộ ông Năm"])
            await moved(session, seeded, "Hộ ông Năm", "B")  # moved at 0016: counted by 0014's rules
        await upgrade_async(any_url)
        async with make_sessionmaker(engine)() as session, session.begin():
            await kept_right(session)
            assert await shown_apart(session, seeded) == {"A": (4, 1, 0, 0), "B": (3, 1, 3, 2)}
    finally:
        await engine.dispose()


# Who gave (migration 0039, docs/decisions/0174): independent counts over the ledger, the people and the
# registrations. A gift stands in its year that is not rejected, not a reversal, and not cancelled by a
# reversal of its year; the right entry of a correction booked in a later year than its gift's is no gift of
# that year (migration 0057, docs/decisions/1306).
STANDING = (
    "SELECT DISTINCT g.person_id, g.year FROM contribution g WHERE g.status <> 'rejected' "
    "AND g.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM contribution r WHERE r.reverses_id = g.id "
    "AND r.status <> 'rejected' AND r.year = g.year) AND NOT EXISTS (SELECT 1 FROM contribution o "
    "WHERE o.id = g.replaces_id AND o.year <> g.year)"
)
GIVERS = (
    "SELECT p.unit_id, s.year, count(*), sum(CASE WHEN p.kind = 'household' THEN 1 ELSE 0 END) "
    f"FROM ({STANDING}) s JOIN person p ON p.id = s.person_id "
    "WHERE p.unit_id IS NOT NULL AND p.left_on IS NULL GROUP BY p.unit_id, s.year"
)
REGISTERED_GAVE = (
    "SELECT p.unit_id, c.campaign_id, c.year, count(*), "
    "sum(CASE WHEN p.kind = 'household' THEN 1 ELSE 0 END) "
    f"FROM commitment c JOIN person p ON p.id = c.person_id JOIN ({STANDING}) s "
    "ON s.person_id = c.person_id AND s.year = c.year "
    "WHERE p.unit_id IS NOT NULL AND p.left_on IS NULL GROUP BY p.unit_id, c.campaign_id, c.year"
)


async def givers_kept_right(session: AsyncSession) -> None:
    """The kept counts of who gave equal independent counts over the whole database, as `kept_right` does for
    the people and registrations (which it checks too)."""
    await kept_right(session)
    standing = {tuple(row) for row in await session.execute(text(STANDING))}
    kept = {
        tuple(row)
        for row in await session.execute(text("SELECT person_id, year FROM person_gifts WHERE gifts > 0"))
    }
    assert kept == standing
    counted = {tuple(row[:2]): tuple(row[2:]) for row in await session.execute(text(GIVERS))}
    kept = {
        tuple(row[:2]): tuple(row[2:])
        for row in await session.execute(
            text(
                "SELECT unit_id, year, givers, households FROM unit_givers "
                "WHERE givers <> 0 OR households <> 0"
            )
        )
    }
    assert kept == counted
    counted = {tuple(row[:3]): tuple(row[3:]) for row in await session.execute(text(REGISTERED_GAVE))}
    kept = {
        tuple(row[:3]): tuple(row[3:])
        for row in await session.execute(
            text(
                "SELECT unit_id, campaign_id, year, gave, households_gave FROM unit_registrations "
                "WHERE gave <> 0 OR households_gave <> 0"
            )
        )
    }
    assert kept == counted


async def taking_part(
    session: AsyncSession, seeded: Seeded, year: int = 2026
) -> dict[str, tuple[int, int, int, int, int, int]]:
    """Per unit code, as the digest counts them: people who took part, registered, gave; and the same of its
    households."""
    figures = await unit_figures(
        session, seeded.org.id, campaign_id=seeded.campaign.id, year=year, period=WEEK
    )
    return {
        code: (
            figures[unit.id].took_part,
            figures[unit.id].registered,
            figures[unit.id].gave,
            figures[unit.id].households_took_part,
            figures[unit.id].households_registered,
            figures[unit.id].households_gave,
        )
        for code, unit in seeded.units.items()
    }


async def givers_kept(session: AsyncSession, seeded: Seeded, code: str, year: int) -> set[str]:
    """Who of unit `code` the kept counts (`person_gifts`, migration 0039) hold as a giver of `year`: read
    from the table every revision since 0039 has, the digest reads later columns (0062)."""
    found = await session.scalars(
        select(Person.full_name)
        .join(PersonGifts, PersonGifts.person_id == Person.id)
        .where(Person.unit_id == seeded.units[code].id, PersonGifts.year == year, PersonGifts.gifts > 0)
    )
    return set(found)


async def give(
    session: AsyncSession, person: Person, kind: str = "money", *, by: Person | None = None
) -> Contribution:
    entry = NewContribution(
        kind,
        amount_vnd=100_000 if kind != "labour" else 0,
        labour_days=1 if kind == "labour" else 0,
        description="Áo ấm" if kind == "goods" else None,
    )
    return await record_contribution(session, person=person, recorded_by=by or person, entry=entry, now=NOW)


async def test_givers_follow_every_change_of_gifts_people_and_registrations(any_app: App) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)  # A: Lãnh đạo A, An*, Bình, Chi; B: Lãnh đạo B, Dũng*, Hà
        treasurer = await add_person(session, seeded, "Thủ quỹ", None, ("treasurer", None), now=NOW)
        officer = await add_person(session, seeded, "Cán bộ", None, ("officer", None), now=NOW)
        paying, correcting = await actor_for(session, treasurer), await actor_for(session, officer)
        people = seeded.people
        an, binh, chi, dung, ha = (people[name] for name in ("An", "Bình", "Chi", "Dũng", "Hà"))
        await givers_kept_right(session)
        assert await taking_part(session, seeded) == {"A": (1, 1, 0, 0, 0, 0), "B": (1, 1, 0, 0, 0, 0)}

        # Bình gives money, An (registered) goods: waiting, both count, An once.
        binhs = await give(session, binh)
        ans = await give(session, an, "goods")
        await givers_kept_right(session)
        assert await taking_part(session, seeded) == {"A": (2, 1, 2, 0, 0, 0), "B": (1, 1, 0, 0, 0, 0)}

        # Bình's confirmed (no change), An's rejected (An still took part: registered), then un-rejected, as a
        # statement of an older bot could.
        await decide(session, binhs, confirmed=True, actor=paying, now=NOW)
        await decide(session, ans, confirmed=False, actor=paying, now=NOW, reason="nhầm")
        await givers_kept_right(session)
        assert await taking_part(session, seeded) == {"A": (2, 1, 1, 0, 0, 0), "B": (1, 1, 0, 0, 0, 0)}
        await session.execute(
            update(Contribution).where(Contribution.id == ans.id).values(status="confirmed")
        )
        await givers_kept_right(session)
        assert await taking_part(session, seeded) == {"A": (2, 1, 2, 0, 0, 0), "B": (1, 1, 0, 0, 0, 0)}

        # Chi gives a labour day and takes it back: withdrawn, no gift.
        chis = await give(session, chi, "labour")
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["A"] == (3, 1, 3, 0, 0, 0)
        await withdraw(session, chis, actor=await actor_for(session, chi), now=NOW)
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["A"] == (2, 1, 2, 0, 0, 0)

        # An's gift is reversed (An did not give it after all); Bình's figure is corrected (still gave).
        await session.refresh(ans)
        await reverse(session, ans, actor=correcting, reason="nhầm người", now=NOW)
        await correct(session, binhs, acting=correcting, figure=200_000, reason="nhầm số", now=NOW)
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["A"] == (2, 1, 1, 0, 0, 0)

        # Many entries written by one statement, as generated data is: Dũng (registered) and Hà of B give.
        await session.execute(
            insert(Contribution),
            [
                {
                    "ref": f"T-B-{n}",
                    "org_id": seeded.org.id,
                    "person_id": person.id,
                    "unit_id": person.unit_id,
                    "recorded_by": person.id,
                    "year": 2026,
                    "kind": "money",
                    "amount_vnd": 50_000,
                    "labour_days": 0,
                    "status": status,
                    "created_at": NOW,
                }
                for n, (person, status) in enumerate(
                    ((dung, "confirmed"), (ha, "recorded"), (ha, "rejected"))
                )
            ],
        )
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["B"] == (2, 1, 2, 0, 0, 0)

        # Hà's gift moved to 2027's year, then deleted; Dũng's moved to 2027 and back.
        has = await session.scalar(
            select(Contribution).where(Contribution.person_id == ha.id, Contribution.status == "recorded")
        )
        has.year = 2027
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["B"] == (1, 1, 1, 0, 0, 0)
        assert (await taking_part(session, seeded, year=2027))["B"] == (1, 0, 1, 0, 0, 0)
        await session.delete(has)
        await session.execute(update(Contribution).where(Contribution.person_id == dung.id).values(year=2027))
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["B"] == (1, 1, 0, 0, 0, 0)
        await session.execute(update(Contribution).where(Contribution.person_id == dung.id).values(year=2026))
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["B"] == (1, 1, 1, 0, 0, 0)

        # Bình (gave) moves to B; Dũng (registered, gave) is made a household by one statement, as the list's.
        binh.unit_id = seeded.units["B"].id
        await givers_kept_right(session)
        assert await taking_part(session, seeded) == {"A": (1, 1, 0, 0, 0, 0), "B": (2, 1, 2, 0, 0, 0)}
        await session.execute(update(Person).where(Person.id == dung.id).values(kind="household"))
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["B"] == (1, 0, 1, 1, 1, 1)

        # Dũng leaves (counted nowhere), gives while gone (an older bot's row), comes back.
        await session.refresh(dung)
        await mark_left(session, Operator(seeded.org.id), dung, on=date(2026, 8, 31), now=NOW)
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["B"] == (1, 0, 1, 0, 0, 0)
        session.add(ledger_entry(dung, "goods", 10_000, at=NOW, year=2027))
        await givers_kept_right(session)
        await mark_back(session, Operator(seeded.org.id), dung, now=NOW)
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["B"] == (1, 0, 1, 1, 1, 1)
        assert (await taking_part(session, seeded, year=2027))["B"] == (0, 0, 0, 1, 0, 1)

        # Bình leaves every unit by a statement, and comes back to A.
        await session.execute(update(Person).where(Person.id == binh.id).values(unit_id=None))
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["B"] == (0, 0, 0, 1, 1, 1)
        await session.execute(update(Person).where(Person.id == binh.id).values(unit_id=seeded.units["A"].id))
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["A"] == (2, 1, 1, 0, 0, 0)

        # An unlisted newcomer of B registers and gives, and is merged into Chi's listed record (A): the gift
        # and the registration are Chi's; the newcomer's record and its row of gifts are gone.
        minh = newcomer(seeded, "Minh", "B", listed=False)
        session.add(minh)
        await session.flush()
        await register(session, seeded, minh)
        await give(session, minh)
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["B"] == (1, 1, 1, 1, 1, 1)
        await merge_people(session, source=minh.id, target=chi.id, actor_id=None, now=NOW)
        await givers_kept_right(session)
        assert await taking_part(session, seeded) == {"A": (3, 2, 2, 0, 0, 0), "B": (0, 0, 0, 1, 1, 1)}

        # Chi's registration removed (she still gave); An's moved to 2027 (An gave nothing that stands).
        await session.delete(await session.scalar(select(Commitment).where(Commitment.person_id == chi.id)))
        await session.flush()
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["A"] == (3, 1, 2, 0, 0, 0)
        ans_registration = await session.scalar(select(Commitment).where(Commitment.person_id == an.id))
        ans_registration.year = 2027
        await givers_kept_right(session)
        assert (await taking_part(session, seeded))["A"] == (2, 0, 2, 0, 0, 0)

        # Hà, whose gifts are all gone, is removed with what she wrote.
        await session.execute(delete(Contribution).where(Contribution.person_id == ha.id))
        await session.execute(delete(ChannelIdentity).where(ChannelIdentity.person_id == ha.id))
        await session.execute(delete(RoleAssignment).where(RoleAssignment.person_id == ha.id))
        await session.execute(delete(Person).where(Person.id == ha.id))
        await givers_kept_right(session)
        assert not (
            await session.execute(text(f"SELECT * FROM person_gifts WHERE person_id = {ha.id}"))
        ).all()


@pytest.mark.sqlite_only
async def test_a_gift_of_a_reported_year_cancelled_in_april_leaves_its_giver_among_the_new_years(
    any_app: App,
) -> None:
    """Bình gives in December 2026 and in February 2027; the December gift is cancelled on 5 April 2027, after
    2026 was reported, and booked in 2027 (decision 1219): Bình still gave in 2027, and 2026's givers stay as
    reported. An's gift of 2026 corrected the same day makes An no giver of 2027 (decision 1306)."""
    december, february, april = (
        datetime(2026, 12, 18, 3, tzinfo=UTC),
        datetime(2027, 2, 1, 3, tzinfo=UTC),
        datetime(2027, 4, 5, 3, tzinfo=UTC),
    )
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)  # A: Lãnh đạo A, An*, Bình, Chi; B: Lãnh đạo B, Dũng*, Hà
        treasurer = await add_person(session, seeded, "Thủ quỹ", None, ("treasurer", None), now=NOW)
        officer = await add_person(session, seeded, "Cán bộ", None, ("officer", None), now=NOW)
        paying, correcting = await actor_for(session, treasurer), await actor_for(session, officer)
        an, binh = seeded.people["An"], seeded.people["Bình"]
        gifts = {}
        for name, person, at, amount in (
            ("binh-2026", binh, december, 300_000),
            ("an-2026", an, december, 500_000),
            ("binh-2027", binh, february, 200_000),
        ):
            gifts[name] = await record_contribution(
                session,
                person=person,
                recorded_by=person,
                entry=NewContribution("money", amount_vnd=amount),
                now=at,
            )
            await decide(session, gifts[name], confirmed=True, actor=paying, now=at)
        assert (await taking_part(session, seeded, year=2027))["A"] == (1, 0, 1, 0, 0, 0)

        await reverse(session, gifts["binh-2026"], actor=correcting, reason="Ghi nhầm người", now=april)
        await correct(
            session, gifts["an-2026"], acting=correcting, figure=50_000, reason="nhầm số", now=april
        )
        assert (await taking_part(session, seeded, year=2027))["A"] == (1, 0, 1, 0, 0, 0)
        assert (await taking_part(session, seeded, year=2026))["A"] == (2, 1, 2, 0, 0, 0)
        await givers_kept_right(session)


async def test_a_rule_missing_from_the_triggers_is_caught(any_app: App) -> None:
    """The check above finds a count gone wrong: without the trigger that moves a person's gifts with them,
    a giver moved to another unit leaves the counts behind."""
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        session.add(ledger_entry(seeded.people["Bình"], "money", 100_000, at=NOW))
        await givers_kept_right(session)
        postgresql = session.bind.dialect.name == "postgresql"
        await session.execute(
            text("DROP TRIGGER giving_person_change" + (" ON person" if postgresql else ""))
        )
        await moved(session, seeded, "Bình", "B")
        with pytest.raises(AssertionError):
            await givers_kept_right(session)


async def test_the_upgrade_to_kept_givers_counts_the_gifts_already_there(any_url: str) -> None:
    """A database of 0038, with gifts of every kind already there — waiting, confirmed, rejected, reversed, of
    a household, of someone who left, of last year — gets its givers counted when it is upgraded."""
    engine = make_engine(any_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            seeded = await seed(session, NOW)  # A: Lãnh đạo A, An*, Bình, Chi; B: Lãnh đạo B, Dũng*, Hà
        # The gifts are written before going down to 0038 (the model has the columns of later migrations);
        # going down drops the counts the triggers kept of them, so the upgrade must count them itself.
        async with make_sessionmaker(engine)() as session, session.begin():
            people = seeded.people
            gifts = [
                ledger_entry(people["An"], "money", 100_000, at=NOW),  # registered, gave
                ledger_entry(people["Bình"], "labour", days=1, at=NOW, status="recorded"),
                ledger_entry(people["Chi"], "money", 100_000, at=NOW, status="rejected"),
                ledger_entry(people["Hà"], "goods", 50_000, at=NOW, year=2025),
                ledger_entry(people["Lãnh đạo B"], "money", 100_000, at=NOW),
            ]
            session.add_all(gifts)
            await session.flush()
            session.add(ledger_entry(people["Lãnh đạo B"], "money", -100_000, at=NOW, reverses=gifts[-1]))
            await session.execute(
                update(Person).where(Person.id == people["Dũng"].id).values(kind="household")
            )
            session.add(ledger_entry(people["Dũng"], "money", 100_000, at=NOW))
            await session.execute(
                update(Person).where(Person.id == people["Bình"].id).values(left_on=date(2026, 10, 1))
            )
        await asyncio.to_thread(command.downgrade, alembic_config(any_url), "0038")
        await upgrade_async(any_url)
        async with make_sessionmaker(engine)() as session, session.begin():
            await givers_kept_right(session)
            assert await taking_part(session, seeded) == {
                "A": (1, 1, 1, 0, 0, 0),
                "B": (0, 0, 0, 1, 1, 1),
            }
            assert (await taking_part(session, seeded, year=2025))["B"] == (1, 0, 1, 0, 0, 0)
    finally:
        await engine.dispose()


async def test_the_upgrade_to_corrections_in_their_gifts_year_counts_again_and_goes_back(
    any_url: str,
) -> None:
    """A database of 0056 where Bình's gift of 2026 was cancelled in April 2027 and An's corrected: 0039's
    weight leaves A with no giver of 2027, though Bình gave in February. Upgraded (0057), Bình counts and An
    does not; downgraded, 0039's count is back, and up again."""
    engine = make_engine(any_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            seeded = await seed(session, NOW)  # A: Lãnh đạo A, An*, Bình, Chi; B: Lãnh đạo B, Dũng*, Hà
            an, binh = seeded.people["An"], seeded.people["Bình"]
            gifts = [
                ledger_entry(binh, "money", 300_000, at=NOW),
                ledger_entry(binh, "money", 200_000, at=NOW, year=2027),
                ledger_entry(an, "money", 500_000, at=NOW),
            ]
            session.add_all(gifts)
            await session.flush()
            session.add(ledger_entry(binh, "money", -300_000, at=NOW, year=2027, reverses=gifts[0]))
            session.add(ledger_entry(an, "money", -500_000, at=NOW, year=2027, reverses=gifts[2]))
            right = ledger_entry(an, "money", 50_000, at=NOW, year=2027)
            right.replaces_id = gifts[2].id
            session.add(right)
        await asyncio.to_thread(command.downgrade, alembic_config(any_url), "0056")
        async with make_sessionmaker(engine)() as session, session.begin():
            assert await givers_kept(session, seeded, "A", 2027) == set()
        await upgrade_async(any_url)
        async with make_sessionmaker(engine)() as session, session.begin():
            assert await givers_kept(session, seeded, "A", 2027) == {"Bình"}
            assert (await taking_part(session, seeded, year=2027))["A"] == (1, 0, 1, 0, 0, 0)
            assert (await taking_part(session, seeded, year=2026))["A"] == (2, 1, 2, 0, 0, 0)
            await givers_kept_right(session)
        await asyncio.to_thread(command.downgrade, alembic_config(any_url), "0056")
        async with make_sessionmaker(engine)() as session, session.begin():
            assert await givers_kept(session, seeded, "A", 2027) == set()
        await upgrade_async(any_url)
        async with make_sessionmaker(engine)() as session, session.begin():
            assert await givers_kept(session, seeded, "A", 2027) == {"Bình"}
            assert (await taking_part(session, seeded, year=2027))["A"] == (1, 0, 1, 0, 0, 0)
    finally:
        await engine.dispose()
