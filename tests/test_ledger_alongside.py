"""The digests' pass over the ledger read on a connection of its own while the other reads go on
(docs/decisions/0098), on a real PostgreSQL server (and SQLite, where it is read in the session): the figures
are the same either way; a gift written earlier in the same transaction is counted (the pass then stays on the
session's connection, which alone sees it); a digest run that stops half way gives every connection back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.db.engine import make_engine, make_sessionmaker
from bot.db.models import Contribution, Person
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.digests import Period, ledger_pass, unit_figures
from tests.support.orgs import Seeded, seed

NOW = datetime(2026, 11, 25, 3, tzinfo=UTC)
WEEK = Period(datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))


@pytest.fixture
async def engine(any_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(any_url)
    yield engine
    await engine.dispose()


async def _seeded_with_gifts(engine: AsyncEngine) -> Seeded:
    """The small organisation, An (unit A) giving 300.000 ₫ and Dũng (unit B) 2 labour days, committed."""
    async with make_sessionmaker(engine)() as session, session.begin():
        seeded = await seed(session, NOW)
        for name, entry in (
            ("An", NewContribution("money", 300_000)),
            ("Dũng", NewContribution("labour", labour_days=2)),
        ):
            person = seeded.people[name]
            await record_contribution(session, person=person, recorded_by=person, entry=entry, now=NOW)
    return seeded


async def _figures(session: AsyncSession, seeded: Seeded) -> dict[str, tuple[int, int, int, int]]:
    """Per unit code: money this year, labour days this year, money this week, entries waiting."""
    figures = await unit_figures(
        session, seeded.org.id, campaign_id=seeded.campaign.id, year=2026, period=WEEK
    )
    return {
        code: (
            figures[unit.id].total["money"],
            figures[unit.id].total["labour"],
            figures[unit.id].week["money"],
            figures[unit.id].waiting_entries,
        )
        for code, unit in seeded.units.items()
    }


EXPECTED = {"A": (300_000, 0, 300_000, 1), "B": (0, 2, 0, 1)}


async def test_the_figures_are_the_same_read_beside_the_session_or_in_it(engine: AsyncEngine) -> None:
    seeded = await _seeded_with_gifts(engine)
    sessions = make_sessionmaker(engine)
    async with sessions() as session:  # nothing written: on PostgreSQL the pass runs on a second connection
        beside = await _figures(session, seeded)
    async with sessions() as session, session.begin():
        if engine.dialect.name == "postgresql":
            await session.execute(text("SELECT pg_current_xact_id()"))  # as if it had written: read here
        here = await _figures(session, seeded)
    assert beside == here == EXPECTED
    # PostgreSQL opened a second connection for the pass, SQLite (one connection to its file) did not
    assert engine.pool.checkedin() == (2 if engine.dialect.name == "postgresql" else 1)


async def test_a_gift_written_earlier_in_the_same_transaction_is_counted(engine: AsyncEngine) -> None:
    seeded = await _seeded_with_gifts(engine)
    async with make_sessionmaker(engine)() as session, session.begin():
        binh = await session.get_one(Person, seeded.people["Bình"].id)
        await record_contribution(
            session, person=binh, recorded_by=binh, entry=NewContribution("money", 50_000), now=NOW
        )
        figures = await _figures(session, seeded)
        await session.rollback()
    assert figures["A"] == (350_000, 0, 350_000, 2)  # Bình's gift, not yet committed, is in unit A's figures


async def test_a_gift_held_by_the_session_unflushed_is_counted(engine: AsyncEngine) -> None:
    seeded = await _seeded_with_gifts(engine)
    async with make_sessionmaker(engine)() as session, session.begin():
        chi = seeded.people["Chi"]
        session.add(
            Contribution(
                org_id=seeded.org.id,
                person_id=chi.id,
                unit_id=seeded.units["A"].id,
                recorded_by=chi.id,
                kind="money",
                amount_vnd=20_000,
                year=2026,
                status="recorded",
                ref="CT-T-1",
                created_at=NOW,
            )
        )
        figures = await _figures(session, seeded)
    assert figures["A"] == (320_000, 0, 320_000, 2)


async def test_a_run_stopped_before_reading_the_pass_gives_its_connections_back(engine: AsyncEngine) -> None:
    seeded = await _seeded_with_gifts(engine)
    sessions = make_sessionmaker(engine)
    with pytest.raises(RuntimeError):
        async with sessions() as session, ledger_pass(session, seeded.org.id, year=2026, period=WEEK):
            raise RuntimeError("stopped half way")
    assert engine.pool.checkedout() == 0
    async with sessions() as session:  # and the next run reads as before
        assert await _figures(session, seeded) == EXPECTED
