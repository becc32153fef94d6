"""`chungtay db copy --to URL`: the SQLite database carried over to PostgreSQL, when a deployment that began
as one process outgrows it (docs/deployment.md; decisions 0686, 0687).

Every table of the models' metadata is copied, parents before children (`sorted_tables`), each read in order
of its key and written in batches, so no list of tables is kept by hand: a table a migration adds is copied
the day its model is. Both databases must be at this code's schema (`db upgrade` on each), the target's
tables empty (or emptied first when told), and the bot stopped: the scheduler's lock on the source is asked
for, since the bot would go on answering and sending from the file while the copy is taken, and the pending
messages copied would then go out twice.

The whole copy is one transaction on the target (decision 0686): a failure half-way (a value PostgreSQL
refuses, the connection cut) leaves it as it was, and the same command runs again from the start. The source
is read in one read transaction: every table as of one instant.

Copied as they are (decision 0687): ids (the sequences then set past the highest), times (UTC), text
(as stored, NFC), money (whole đồng), a JSON column's SQL NULL kept apart from JSON's `null` (the code asks
`IS NULL` of some). The counts the database's triggers keep (decisions 0036, 0046, 0174) are copied too,
the triggers held meanwhile, which takes the target's tables to belong to the user that copies (the one
that ran `db upgrade` there). The rows of each table are counted on both sides at the end; a difference
undoes the copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, func, insert, null, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.types import JSON

from bot.db.base import Base
from bot.db.engine import make_engine, make_sessionmaker
from bot.i18n import Translator
from bot.startup import code_revision, database_problem, schema_problem, server_said

BATCH = 1000  # rows per INSERT: a district's outbox and audit trail run to hundreds of thousands
SHOWN_OCCUPIED = 5  # tables named when the target already holds rows
_NULL = "_sql_null_"  # the label of a JSON column's `IS NULL`, read beside it

# The tables of the target's schema that carry triggers of ours (not the foreign keys' own).
_WITH_TRIGGERS = text(
    "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
)


class CopyError(Exception):
    """A copy refused or undone, said in one line."""


@dataclass(frozen=True)
class CopyReport:
    revision: str
    rows: dict[str, int]  # each table's rows, the same on both sides, in the order copied


def shown(url: str) -> str:
    """A database's URL as it may be printed: without its password."""
    return make_url(url).render_as_string(hide_password=True)


def tables() -> Sequence[Table]:
    import bot.db.models  # noqa: F401  (the models fill the metadata)

    return Base.metadata.sorted_tables


async def copy_to_postgresql(
    source_url: str, target_url: str, t: Translator, *, force: bool = False
) -> CopyReport:
    """Copy the database at `source_url` into the PostgreSQL database at `target_url` (see the module); `t`:
    the office's language, in which every refusal is said (decision 1955)."""
    from scheduler.status import someone_leads

    source, target = make_engine(source_url), make_engine(target_url)
    try:
        if problem := await schema_problem(source, t):
            raise CopyError(problem)
        if await someone_leads(make_sessionmaker(source)):
            raise CopyError(
                t(
                    "the bot is running on this database: stop it first (sudo systemctl stop chungtay), then "
                    "copy again; what it received after the copy would be lost, the messages waiting sent "
                    "twice"
                )
            )
        try:
            problem = await schema_problem(target, t)
        except (OSError, DBAPIError) as unusable:
            if (said := database_problem(unusable, target_url, named="--to", t=t)) is None:
                raise
            raise CopyError(said) from None
        if problem:
            said = t("the target {target}: {problem}, with DATABASE_URL set to it")
            raise CopyError(said.format(target=shown(target_url), problem=problem))
        if await someone_leads(make_sessionmaker(target)):
            said = t("Chung Tay is running on the target {target}: stop it there first")
            raise CopyError(said.format(target=shown(target_url)))
        rows = await _copy(source, target, t, force=force)
        return CopyReport(code_revision()[0], rows)
    finally:
        await source.dispose()
        await target.dispose()


async def _copy(source: AsyncEngine, target: AsyncEngine, t: Translator, *, force: bool) -> dict[str, int]:
    async with source.connect() as connection:
        reading = await connection.execution_options(sqlite_begin="DEFERRED")
        async with reading.begin():  # one read transaction: every table as of one instant
            counted = {table.name: await _count(reading, table) for table in tables()}
            at = None  # the table being copied, for a failure to name
            try:
                async with target.begin() as writing:
                    await _make_room(writing, t, force=force)
                    held = await _hold_triggers(writing)
                    for table in tables():
                        at = table.name
                        await _copy_table(reading, writing, table)
                    at = None
                    await _sequences_past_the_highest(writing)
                    for name in held:
                        await writing.execute(text(f'ALTER TABLE "{name}" ENABLE TRIGGER USER'))
                    copied = {table.name: await _count(writing, table) for table in tables()}
                    if differ := [name for name, n in counted.items() if copied[name] != n]:
                        raise CopyError(_differ(t, differ, counted, copied))
            except DBAPIError as refused:
                raise CopyError(_stopped(t, at, server_said(refused.orig or refused))) from None
    return counted


def _differ(t: Translator, differ: list[str], counted: dict[str, int], copied: dict[str, int]) -> str:
    each = t("{table}: {here} here, {there} there")
    said = ", ".join(
        each.format(table=name, here=t.number(counted[name]), there=t.number(copied[name])) for name in differ
    )
    return t("the rows counted differ ({tables}); the copy was undone").format(tables=said)


def _stopped(t: Translator, at: str | None, why: str) -> str:
    """The server's own words (`why`) are quoted as it said them, in the office's line."""
    if at is None:
        said = t(
            "the copy stopped ({why}); the target was left as it was: correct this and run the same command "
            "again"
        )
    else:
        said = t(
            "the copy stopped at table {table} ({why}); the target was left as it was: correct this and run "
            "the same command again"
        )
    return said.format(table=at, why=why)


async def _count(connection: AsyncConnection, table: Table) -> int:
    return int(await connection.scalar(select(func.count()).select_from(table)) or 0)


async def _make_room(writing: AsyncConnection, t: Translator, *, force: bool) -> None:
    """An empty target, or one emptied when told: the rows it holds are never mixed with the copy's."""
    occupied = {table.name: n for table in tables() if (n := await _count(writing, table))}
    if not occupied:
        return
    if not force:
        named = ", ".join(f"{name} {t.number(n)}" for name, n in list(occupied.items())[:SHOWN_OCCUPIED])
        if (more := len(occupied) - SHOWN_OCCUPIED) > 0:
            said = t.plural("{tables} and {n} more table", "{tables} and {n} more tables", more)
            named = said.format(tables=named, n=more)
        said = t(
            "the target already has rows ({tables}): copy into an empty database (one `db upgrade` made), "
            "or add --force to empty its tables first (their rows are lost)"
        )
        raise CopyError(said.format(tables=named))
    await writing.execute(text("TRUNCATE " + ", ".join(f'"{table.name}"' for table in tables())))


async def _hold_triggers(writing: AsyncConnection) -> list[str]:
    """The triggers that keep the counts are held while the counts themselves are copied: else every person
    and gift copied would count once more over the copied counts. Held in the transaction, so an undone copy
    undoes this too."""
    ours = {table.name for table in tables()}
    held = sorted(set((await writing.execute(_WITH_TRIGGERS)).scalars()) & ours)
    for name in held:
        await writing.execute(text(f'ALTER TABLE "{name}" DISABLE TRIGGER USER'))
    return held


async def _copy_table(reading: AsyncConnection, writing: AsyncConnection, table: Table) -> None:
    """`table`'s rows in order of its key, BATCH at a time. A row naming a row of its own table still to come
    (a unit under one merged into it, made later) is written without that link, which is set once the table
    is whole."""
    jsons = [column for column in table.columns if isinstance(column.type, JSON)]
    own = [fk.parent for fk in table.foreign_keys if fk.column.table is table]
    (key,) = table.primary_key.columns if own else (None,)
    query = select(table, *[column.is_(None).label(_NULL + column.name) for column in jsons])
    result = await reading.stream(query.order_by(*table.primary_key.columns))
    seen: set[Any] = set()
    later: list[tuple[Any, str, Any]] = []
    async for batch in result.partitions(BATCH):
        values = []
        for row in batch:
            record = dict(row._mapping)
            for column in jsons:  # a SQL NULL stays one: None alone would be written as JSON's null
                if record.pop(_NULL + column.name):
                    record[column.name] = null()
            if key is not None:
                seen.add(record[key.name])
                for column in own:
                    if record[column.name] is not None and record[column.name] not in seen:
                        later.append((record[key.name], column.name, record[column.name]))
                        record[column.name] = None
            values.append(record)
        await writing.execute(insert(table), values)
    for row_id, name, value in later:
        assert key is not None
        await writing.execute(update(table).where(key == row_id).values({name: value}))


async def _sequences_past_the_highest(writing: AsyncConnection) -> None:
    """Each id's sequence set past the highest id copied, so that the next gift, person or message gets a
    fresh one (a sequence left at 1 would refuse the bot's first insert as a duplicate)."""
    for table in tables():
        column = table.autoincrement_column
        if column is None:
            continue
        await writing.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'coalesce(max("{column.name}"), 0) + 1, false) FROM "{table.name}"'
            ),
            {"table": table.name, "column": column.name},
        )
