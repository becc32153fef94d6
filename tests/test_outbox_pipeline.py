"""Outbox rows written a chunk at a time while the job makes the next chunk (`outbox.Pipeline`, the weekly
digests' way of writing their hundreds of rows), on SQLite and on a real PostgreSQL server: every row once, in
the order made, a row written before skipped; a job that fails while a chunk is being written leaves no row
and its connection usable for the next run."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import make_engine, make_sessionmaker
from bot.db.models import OutboxMessage
from bot.delivery.outbox import Destination, Pipeline, Queued, enqueue
from bot.delivery.transport import OutboundMessage
from tests.support.clocks import NOW


@pytest.fixture
async def engine(any_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(any_url)
    yield engine
    await engine.dispose()


def _chunk(first: int, last: int) -> list[Queued]:
    return [
        Queued(f"weekly:{n}", Destination("telegram", str(1000 + n)), OutboundMessage(text=f"Bản tin {n}"))
        for n in range(first, last + 1)
    ]


async def _rows(engine: AsyncEngine) -> list[tuple[str, str]]:
    async with make_sessionmaker(engine)() as session:
        rows = await session.execute(
            select(OutboxMessage.key, OutboxMessage.chat_id).order_by(OutboxMessage.id)
        )
        return [(row.key, row.chat_id) for row in rows]


async def test_rows_written_a_chunk_at_a_time_are_each_written_once_in_the_order_made(
    engine: AsyncEngine,
) -> None:
    sessions = make_sessionmaker(engine)
    async with sessions() as session, session.begin():  # the job ran before and wrote number 5
        await enqueue(
            session,
            key="weekly:5",
            destination=Destination("telegram", "1005"),
            message=OutboundMessage(text="Bản tin 5"),
            now=NOW,
        )
    async with sessions() as session, session.begin(), Pipeline(session, now=NOW) as pipeline:
        for first, last in ((1, 4), (5, 8), (9, 9)):
            await pipeline.add(_chunk(first, last))
        written = await pipeline.finish()
    assert written == {f"weekly:{n}" for n in range(1, 10)} - {"weekly:5"}
    rows = await _rows(engine)
    assert rows[0] == ("weekly:5", "1005")  # the earlier run's row, not written again
    assert rows[1:] == [(f"weekly:{n}", str(1000 + n)) for n in (1, 2, 3, 4, 6, 7, 8, 9)]


async def test_a_job_failing_while_a_chunk_is_written_leaves_no_row_and_the_next_run_writes_each_once(
    engine: AsyncEngine,
) -> None:
    sessions = make_sessionmaker(engine)

    class Broken(Exception):
        pass

    with pytest.raises(Broken):
        async with sessions() as session, session.begin(), Pipeline(session, now=NOW) as pipeline:
            await pipeline.add(_chunk(1, 3))
            await pipeline.add(_chunk(4, 6))  # in flight when the job fails
            raise Broken
    assert await _rows(engine) == []  # the whole run rolled back: no digest half written
    async with sessions() as session, session.begin(), Pipeline(session, now=NOW) as pipeline:
        await pipeline.add(_chunk(1, 6))
        assert len(await pipeline.finish()) == 6
    assert [key for key, _chat in await _rows(engine)] == [f"weekly:{n}" for n in range(1, 7)]
