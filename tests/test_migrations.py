"""The Alembic migrations, run for real on SQLite (the default) and PostgreSQL (production).

Every test runs twice, once per database, each time on a new empty database migrated with the very code
`chungtay db upgrade` uses. A test that starts at the latest schema (and checks what the models do there, or
a way down from it) starts from a copy of the session's database migrated once by that same code, as every
other test module does: migrating again for each of them was a third of this module's time.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.db.base import Base, built_on
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import alembic_config, upgrade_async
from bot.db.models import AwardForm, Contribution, Organisation, Person, Remittance
from bot.delivery.outbox import GIVEN_UP
from bot.domain.digests import _REMINDERS, Period, _ledger_pass
from tests.support.clocks import NOW
from tests.support.templates import Revisions

pytest_plugins = ["tests.postgres"]  # harmless once tests/conftest.py registers it too

MODEL_TABLES = set(Base.metadata.tables)
ICT = timezone(timedelta(hours=7))  # Vietnam's offset: what a careless caller might hand in


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database of each kind; PostgreSQL is only started when a test asks for it."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'chungtay.db'}"
    return str(request.getfixturevalue("fresh_postgres_url"))


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated_url(request: pytest.FixtureRequest, tmp_path: Path, migrated_template: Path) -> str:
    """A new database of each kind already migrated to head: a copy of the one migrated for the session."""
    if request.param == "sqlite":
        path = tmp_path / "chungtay.db"
        shutil.copy(migrated_template, path)
        return f"sqlite+aiosqlite:///{path}"
    return str(request.getfixturevalue("migrated_postgres_url"))


@pytest.fixture
async def engine(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a database already migrated to head."""
    eng = make_engine(migrated_url)
    yield eng
    await eng.dispose()


async def _tables(db_url: str) -> set[str]:
    eng = make_engine(db_url)
    try:
        async with eng.connect() as conn:
            return await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    finally:
        await eng.dispose()


async def _downgrade(db_url: str, revision: str) -> None:
    # In a thread: env.py runs its own event loop, which cannot nest inside the test's.
    await asyncio.to_thread(command.downgrade, alembic_config(db_url), revision)


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


async def test_upgrade_creates_every_model_table_and_stamps_head(db_url: str) -> None:
    await upgrade_async(db_url)

    assert await _tables(db_url) == MODEL_TABLES | {"alembic_version"}
    eng = make_engine(db_url)
    try:
        async with eng.connect() as conn:
            version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == _head()
    finally:
        await eng.dispose()


async def test_model_change_without_a_migration_fails_because_schema_must_match_models(
    engine: AsyncEngine,
) -> None:
    """Autogenerate on the migrated database must find nothing to do: every model change needs a migration."""

    def diff(conn: Connection) -> list[object]:
        opts = {"compare_type": True, "include_object": built_on(conn.dialect.name)}
        context = MigrationContext.configure(conn, opts=opts)
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as conn:
        differences = await conn.run_sync(diff)

    assert differences == []


async def test_downgrade_to_base_then_upgrade_again_restores_the_schema(migrated_url: str) -> None:
    assert await _tables(migrated_url) == MODEL_TABLES | {"alembic_version"}

    await _downgrade(migrated_url, "base")
    assert await _tables(migrated_url) <= {"alembic_version"}  # only Alembic's own bookkeeping may remain

    await upgrade_async(migrated_url)
    assert await _tables(migrated_url) == MODEL_TABLES | {"alembic_version"}


async def _org_and_person(engine: AsyncEngine) -> tuple[int, int]:
    async with make_sessionmaker(engine)() as session:
        org = Organisation(code="BVT", name="Bệnh viện tỉnh", created_at=NOW)
        session.add(org)
        await session.flush()
        person = Person(org_id=org.id, full_name="Nguyễn Văn An", name_key="nguyen van an", created_at=NOW)
        session.add(person)
        await session.commit()
        return org.id, person.id


async def test_money_columns_hold_amounts_beyond_32_bit_integers(engine: AsyncEngine) -> None:
    amount, ref = 5_000_000_000_000, "CT-2026-000001"  # 5 nghìn tỷ đồng, far beyond 2^31
    org_id, person_id = await _org_and_person(engine)
    async with make_sessionmaker(engine)() as session:
        session.add(
            Contribution(
                ref=ref,
                org_id=org_id,
                person_id=person_id,
                recorded_by=person_id,
                year=2026,
                kind="money",
                amount_vnd=amount,
                created_at=NOW,
            )
        )
        await session.commit()

    async with make_sessionmaker(engine)() as session:  # a new session: the value comes from the database
        stored = await session.scalar(select(Contribution.amount_vnd).where(Contribution.ref == ref))
    assert stored == amount


async def test_ids_are_generated_and_hold_values_beyond_32_bit_integers(engine: AsyncEngine) -> None:
    big_id = 2**40
    async with make_sessionmaker(engine)() as session:
        session.add(Organisation(id=big_id, code="BIG", name="Lớn", created_at=NOW))
        await session.commit()
    org_id, _ = await _org_and_person(engine)  # generated id, proving the column autoincrements

    async with make_sessionmaker(engine)() as session:
        ids = set((await session.scalars(select(Organisation.id))).all())
    assert ids == {big_id, org_id}


@pytest.mark.parametrize(
    "written",
    [datetime(2026, 11, 22, 2, 30, tzinfo=UTC), datetime(2026, 11, 22, 9, 30, tzinfo=ICT)],
    ids=["utc", "plus-7"],
)
async def test_datetime_reads_back_as_the_same_instant_in_aware_utc(
    engine: AsyncEngine, written: datetime
) -> None:
    async with make_sessionmaker(engine)() as session:
        session.add(Organisation(code="BVT", name="Bệnh viện tỉnh", created_at=written))
        await session.commit()

    async with make_sessionmaker(engine)() as session:
        read = await session.scalar(select(Organisation.created_at))
    assert read == written  # the same instant…
    assert read is not None and read.utcoffset() == timedelta(0)  # …expressed in UTC
    assert read == datetime(2026, 11, 22, 2, 30, tzinfo=UTC)


async def test_0007_marks_the_fund_criterion_and_the_peak_month_drives_and_drops_the_plan_defaults(
    db_url: str,
    revisions: Revisions,
) -> None:
    await revisions.upgrade(db_url, "0006")
    eng = make_engine(db_url)
    try:
        async with eng.begin() as conn:
            now = datetime(2026, 11, 1, tzinfo=UTC)
            await conn.execute(
                text("INSERT INTO organisation (id, code, name, created_at) VALUES (1, 'T', 'Trường', :now)"),
                {"now": now},
            )
            await conn.execute(
                text(
                    "INSERT INTO campaign (id, org_id, slug, title, starts_on, ends_on, loaded_at) "
                    "VALUES (1, 1, 'c', 'C', '2026-01-01', '2030-12-31', :now)"
                ),
                {"now": now},
            )
            for id_, code in ((1, "ung-ho-quy"), (2, "ngay-cong")):
                await conn.execute(
                    text(
                        "INSERT INTO criterion (id, campaign_id, code, title, measure, default_target, "
                        "scopes, counts, position) "
                        "VALUES (:id, 1, :code, 'K', 'money', 500000, '[]', '[]', 1)"
                    ),
                    {"id": id_, "code": code},
                )
            for id_, code in ((1, "cao-diem-2026"), (2, "qua-tet-2026"), (3, "ao-am-2026")):
                await conn.execute(
                    text(
                        "INSERT INTO drive (id, org_id, campaign_id, code, title, starts_on, ends_on, kinds) "
                        "VALUES (:id, 1, 1, :code, 'D', '2026-10-17', '2026-11-18', '[]')"
                    ),
                    {"id": id_, "code": code},
                )
        await upgrade_async(db_url)
        async with eng.connect() as conn:
            criteria = (await conn.execute(text("SELECT code, fund_only FROM criterion ORDER BY id"))).all()
            drives = (await conn.execute(text("SELECT code, fund FROM drive ORDER BY id"))).all()
            columns = await conn.run_sync(
                lambda c: {col["name"] for col in inspect(c).get_columns("criterion")}
            )
    finally:
        await eng.dispose()
    assert [(code, bool(fund)) for code, fund in criteria] == [("ung-ho-quy", True), ("ngay-cong", False)]
    assert [(code, bool(fund)) for code, fund in drives] == [
        ("cao-diem-2026", True),
        ("qua-tet-2026", False),
        ("ao-am-2026", False),
    ]
    assert "default_target" not in columns and {"description", "source"} <= columns


async def test_an_upgrade_that_rebuilds_a_table_keeps_the_rows_that_point_at_it(
    db_url: str, revisions: Revisions
) -> None:
    """SQLite alters a table by copying it: the drives that contributions point at must survive that (with
    foreign keys on, dropping the old table failed and the whole upgrade with it)."""
    await revisions.upgrade(db_url, "0009")
    eng = make_engine(db_url)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    rows = [
        "INSERT INTO organisation (id, code, name, created_at) VALUES (1, 'T', 'Trường', :now)",
        "INSERT INTO campaign (id, org_id, slug, title, starts_on, ends_on, loaded_at) "
        "VALUES (1, 1, 'c', 'C', '2026-01-01', '2030-12-31', :now)",
        "INSERT INTO drive (id, org_id, campaign_id, code, title, starts_on, ends_on, kinds, fund) "
        "VALUES (1, 1, 1, 'cao-diem', 'D', '2026-10-17', '2026-11-18', '[]', true)",
        "INSERT INTO person (id, org_id, full_name, name_key, kind, created_at, listed) "
        "VALUES (1, 1, 'Võ Thị Hoa', 'vo thi hoa', 'staff', :now, false)",
        "INSERT INTO contribution (id, ref, org_id, person_id, drive_id, recorded_by, year, kind, "
        "amount_vnd, labour_days, status, created_at) "
        "VALUES (1, 'CT-2026-000001', 1, 1, 1, 1, 2026, 'money', 500000, 0, 'confirmed', :now)",
    ]
    try:
        async with eng.begin() as conn:
            for row in rows:
                await conn.execute(text(row), {"now": now})
        await upgrade_async(db_url)
        async with eng.connect() as conn:
            kept = (await conn.execute(text("SELECT ref, drive_id, amount_vnd FROM contribution"))).all()
            drives = (await conn.execute(text("SELECT code FROM drive"))).all()
    finally:
        await eng.dispose()
    assert [tuple(row) for row in kept] == [("CT-2026-000001", 1, 500000)]
    assert [row.code for row in drives] == ["cao-diem"]


async def test_0012_adds_its_columns_without_touching_the_people_and_their_accounts(
    db_url: str, revisions: Revisions
) -> None:
    """Added in place (no table copy on SQLite, which with foreign keys on would cascade into every row that
    refers to a person or an organisation)."""
    await revisions.upgrade(db_url, "0008")
    eng = make_engine(db_url)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    try:
        async with eng.begin() as conn:
            await conn.execute(
                text("INSERT INTO organisation (id, code, name, created_at) VALUES (1, 'T', 'Trường', :now)"),
                {"now": now},
            )
            await conn.execute(
                text(
                    "INSERT INTO person (id, org_id, full_name, name_key, kind, listed, created_at) "
                    "VALUES (1, 1, 'Lan', 'lan', 'staff', false, :now)"
                ),
                {"now": now},
            )
            await conn.execute(
                text(
                    "INSERT INTO channel_identity (id, channel, external_id, person_id, status, created_at) "
                    "VALUES (1, 'telegram', '42', 1, 'active', :now)"
                ),
                {"now": now},
            )
        await upgrade_async(db_url)
        async with eng.connect() as conn:
            person = (await conn.execute(text("SELECT full_name, appeals_off FROM person"))).one()
            identities = await conn.scalar(text("SELECT count(*) FROM channel_identity"))
            setting = await conn.scalar(text("SELECT leaders_see_non_givers FROM organisation"))
    finally:
        await eng.dispose()
    assert (person.full_name, bool(person.appeals_off), identities, bool(setting)) == ("Lan", False, 1, False)


async def test_0019_moves_the_plans_word_on_who_confers_an_award_out_of_the_checklist_and_back(
    db_url: str,
    revisions: Revisions,
) -> None:
    await revisions.upgrade(db_url, "0018")
    eng = make_engine(db_url)
    try:
        async with eng.begin() as conn:
            await _organisation_with_a_campaign(conn, "T", "Trường")
            for id_, dossier in (
                (1, '{"documents": ["Tờ trình", "Biên bản"], "within_organisation": true}'),
                (2, '["Tờ trình"]'),
            ):
                await conn.execute(
                    text(
                        "INSERT INTO award_form (id, campaign_id, code, title, conferred_by, occasion, "
                        "copies, dossier) "
                        "VALUES (:id, 1, :code, 'Giấy khen', 'Giám đốc Sở', 'yearly', 1, :dossier)"
                    ),
                    {"id": id_, "code": f"f{id_}", "dossier": dossier},
                )

        async def forms() -> list[tuple[object, ...]]:
            async with eng.connect() as conn:
                columns = select(AwardForm.dossier, AwardForm.within_organisation).order_by(AwardForm.id)
                found = await conn.execute(columns)
                return [tuple(row) for row in found]

        await upgrade_async(db_url)
        assert await forms() == [(["Tờ trình", "Biên bản"], True), (["Tờ trình"], None)]
        await _downgrade(db_url, "0018")
        async with eng.connect() as conn:
            folded = (await conn.execute(text("SELECT dossier FROM award_form ORDER BY id"))).scalars().all()
        assert [json.loads(d) if isinstance(d, str) else d for d in folded] == [
            {"documents": ["Tờ trình", "Biên bản"], "within_organisation": True},
            ["Tờ trình"],
        ]
    finally:
        await eng.dispose()


async def test_0024_keeps_an_organisations_own_award_forms_apart_and_will_not_blur_them_on_the_way_down(
    db_url: str,
    revisions: Revisions,
) -> None:
    await revisions.upgrade(db_url, "0023")
    eng = make_engine(db_url)
    try:
        async with eng.begin() as conn:
            await _organisation_with_a_campaign(conn, "X", "Ủy ban nhân dân xã Tân Hòa")
            await conn.execute(
                text(
                    "INSERT INTO award_form (id, campaign_id, code, title, conferred_by, occasion, copies, "
                    "dossier) VALUES (1, 1, 'giay-khen-giam-doc-so', 'Giấy khen của Giám đốc Sở', "
                    "'Giám đốc Sở', 'yearly', 1, '[\"Tờ trình\"]')"
                )
            )
        await upgrade_async(db_url)
        async with eng.begin() as conn:
            # The plan's form is the plan's; a commune adds its chairman's and sets the Director's aside.
            assert not (await conn.execute(text("SELECT own FROM award_form"))).scalar_one()
            await conn.execute(
                text(
                    "INSERT INTO award_form (id, campaign_id, code, title, conferred_by, occasion, copies, "
                    "dossier, within_organisation, own) VALUES (2, 1, 'giay-khen-chu-tich-xa', "
                    "'Giấy khen của Chủ tịch UBND xã', 'Chủ tịch UBND xã', 'yearly', 1, '[]', true, true)"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO award_form_use (award_form_id, year, used) "
                    "VALUES (1, 2026, false), (2, 2026, true)"
                )
            )
        with pytest.raises(RuntimeError, match=r"1 award form.* an organisation's own"):
            await _downgrade(db_url, "0023")
        async with eng.begin() as conn:  # nothing was dropped by the refusal
            assert (await conn.execute(text("SELECT count(*) FROM award_form_use"))).scalar_one() == 2
            await conn.execute(text("DELETE FROM award_form WHERE own"))
        await _downgrade(db_url, "0023")
        assert "award_form_use" not in await _tables(db_url)
        async with eng.connect() as conn:
            codes = (await conn.execute(text("SELECT code FROM award_form"))).scalars().all()
        assert codes == ["giay-khen-giam-doc-so"]
    finally:
        await eng.dispose()


async def _organisation_with_a_campaign(conn, code: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Organisation 1 with its campaign 1 (2026–2030), written as SQL at whatever revision the test stands."""
    now = datetime(2026, 11, 1, tzinfo=UTC)
    await conn.execute(
        text(
            "INSERT INTO organisation (id, code, name, created_at, leaders_see_non_givers) "
            "VALUES (1, :code, :name, :now, false)"
        ),
        {"code": code, "name": name, "now": now},
    )
    await conn.execute(
        text(
            "INSERT INTO campaign (id, org_id, slug, title, starts_on, ends_on, loaded_at) "
            "VALUES (1, 1, 'c', 'C', '2026-01-01', '2030-12-31', :now)"
        ),
        {"now": now},
    )


async def test_0026_gives_drives_their_own_account_and_will_not_lose_one_on_the_way_down(
    db_url: str, revisions: Revisions
) -> None:
    """Added in place, the drives kept; a drive collecting into its own account is never silently sent back
    to the organisation's by a downgrade (its givers would be told the wrong account)."""
    await revisions.upgrade(db_url, "0025")
    eng = make_engine(db_url)
    try:
        async with eng.begin() as conn:
            await _organisation_with_a_campaign(conn, "X", "Ủy ban nhân dân xã Tân Hòa")
            await conn.execute(
                text(
                    "INSERT INTO drive (id, org_id, code, title, starts_on, ends_on, kinds, fund) VALUES "
                    "(1, 1, 'lu-2026', 'Cứu trợ lũ lụt', '2026-11-01', '2026-11-30', '[\"money\"]', false)"
                )
            )
        await upgrade_async(db_url)
        async with eng.begin() as conn:
            assert (await conn.execute(text("SELECT title, transfer_bank FROM drive"))).one() == (
                "Cứu trợ lũ lụt",
                None,
            )
            await conn.execute(
                text(
                    "UPDATE drive SET transfer_bank = '970418', transfer_account = '12010000123456', "
                    "transfer_holder = 'UB MTTQ XA TAN HOA'"
                )
            )
        with pytest.raises(RuntimeError, match=r"1 drive\(s\) have their own account"):
            await _downgrade(db_url, "0025")
        async with eng.begin() as conn:  # the refusal changed nothing
            assert (await conn.execute(text("SELECT transfer_account FROM drive"))).scalar_one() == (
                "12010000123456"
            )
            await conn.execute(
                text("UPDATE drive SET transfer_bank = NULL, transfer_account = NULL, transfer_holder = NULL")
            )
        await _downgrade(db_url, "0025")
        async with eng.connect() as conn:
            columns = await conn.run_sync(lambda c: {col["name"] for col in inspect(c).get_columns("drive")})
            titles = (await conn.execute(text("SELECT title FROM drive"))).scalars().all()
        assert "transfer_bank" not in columns and titles == ["Cứu trợ lũ lụt"]
    finally:
        await eng.dispose()


async def test_0027_leaves_earlier_support_without_a_source_and_will_not_lose_one_on_the_way_down(
    db_url: str,
    revisions: Revisions,
) -> None:
    """Support logged before keeps no source (it counts in no drive's spending); a source said is never
    dropped by a downgrade (a statement published it as spent); an unknown source is refused by the
    database."""
    await revisions.upgrade(db_url, "0026")
    eng = make_engine(db_url)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    try:
        async with eng.begin() as conn:
            await _organisation_with_a_campaign(conn, "X", "Trường Tiểu học Tân Hòa")
            await conn.execute(
                text(
                    "INSERT INTO hardship_case (id, org_id, subject, name, circumstances, needs, created_at) "
                    "VALUES (1, 1, 'household', 'Hộ bà Lành', 'ốm', 'thuốc', :now)"
                ),
                {"now": now},
            )
            await conn.execute(
                text(
                    "INSERT INTO case_support (id, case_id, kind, amount_vnd, labour_days, delivered_on, "
                    "created_at) VALUES (1, 1, 'money', 2000000, 0, '2026-11-01', :now)"
                ),
                {"now": now},
            )
        await upgrade_async(db_url)
        async with eng.begin() as conn:
            assert (await conn.execute(text("SELECT amount_vnd, source FROM case_support"))).one() == (
                2_000_000,
                None,
            )
            await conn.execute(text("UPDATE case_support SET source = 'fund'"))
        async with eng.connect() as conn:
            with pytest.raises(IntegrityError):
                await conn.execute(text("UPDATE case_support SET source = 'budget'"))
        with pytest.raises(RuntimeError, match=r"1 support record\(s\) say where they were paid from"):
            await _downgrade(db_url, "0026")
        async with eng.begin() as conn:
            assert (await conn.execute(text("SELECT source FROM case_support"))).scalar_one() == "fund"
            await conn.execute(text("UPDATE case_support SET source = NULL"))
        await _downgrade(db_url, "0026")
        async with eng.connect() as conn:
            columns = await conn.run_sync(
                lambda c: {col["name"] for col in inspect(c).get_columns("case_support")}
            )
        assert "source" not in columns
    finally:
        await eng.dispose()


async def test_0037_gives_the_first_organisation_ct_and_each_other_the_letters_of_its_code(
    db_url: str,
    revisions: Revisions,
) -> None:
    """The first organisation keeps CT and the shared counter goes on for it; each other one's next codes run
    under letters of its own code; on the way down the prefixes go, the organisations and counters stay."""
    await revisions.upgrade(db_url, "0036")
    eng = make_engine(db_url)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    try:
        async with eng.begin() as conn:
            for org_id, code in ((1, "truong-tt"), (2, "xa-thach-ha"), (3, "x"), (4, "xa-thach-hoa")):
                await conn.execute(
                    text(
                        "INSERT INTO organisation (id, code, name, created_at, leaders_see_non_givers) "
                        "VALUES (:id, :code, :code, :now, false)"
                    ),
                    {"id": org_id, "code": code, "now": now},
                )
            await conn.execute(text("INSERT INTO ref_counter (prefix, year, last) VALUES ('CT', 2026, 41)"))
        await upgrade_async(db_url)
        async with eng.connect() as conn:
            prefixes = (await conn.execute(text("SELECT ref_prefix FROM organisation ORDER BY id"))).all()
            counters = (await conn.execute(text("SELECT prefix, year, last FROM ref_counter"))).all()
        assert [p for (p,) in prefixes] == ["CT", "XATHAC", "XX", "XATHAA"]
        assert counters == [("CT", 2026, 41)]
        await _downgrade(db_url, "0036")
        async with eng.connect() as conn:
            columns = await conn.run_sync(
                lambda c: {col["name"] for col in inspect(c).get_columns("organisation")}
            )
            codes = (await conn.execute(text("SELECT code FROM organisation ORDER BY id"))).scalars().all()
            counters = (await conn.execute(text("SELECT prefix, year, last FROM ref_counter"))).all()
        assert "ref_prefix" not in columns
        assert codes == ["truong-tt", "xa-thach-ha", "x", "xa-thach-hoa"] and counters == [("CT", 2026, 41)]
    finally:
        await eng.dispose()


async def test_0041_finds_an_evidence_photo_by_its_checksum_through_an_index(migrated_url: str) -> None:
    """The treasurer's queue looks, for a whole page at once, for another gift with the very same photo by its
    checksum (docs/decisions/0200): without an index every photo ever kept is read for each page."""

    def indexed(conn: Connection) -> list[list[str | None]]:
        return [index["column_names"] for index in inspect(conn).get_indexes("evidence")]

    eng = make_engine(migrated_url)
    try:
        async with eng.connect() as conn:
            assert ["sha256"] in await conn.run_sync(indexed)
            if migrated_url.startswith("sqlite"):
                plan = await conn.execute(
                    text("EXPLAIN QUERY PLAN SELECT id FROM evidence WHERE sha256 = 'x'")
                )
                assert "ix_evidence_sha256" in " ".join(str(row[-1]) for row in plan)
        await _downgrade(migrated_url, "0040")
        async with eng.connect() as conn:
            assert ["sha256"] not in await conn.run_sync(indexed)
    finally:
        await eng.dispose()


async def test_0043_counts_the_messages_given_up_through_a_small_index(migrated_url: str) -> None:
    """/healthz counts the outbox rows given up on every check (docs/decisions/0213): without an index every
    message ever sent is read each time, every few seconds."""

    def indexed(conn: Connection) -> list[str | None]:
        return [index["name"] for index in inspect(conn).get_indexes("outbox")]

    eng = make_engine(migrated_url)
    try:
        async with eng.connect() as conn:
            assert "ix_outbox_failed" in await conn.run_sync(indexed)
            if migrated_url.startswith("sqlite"):
                query = str(GIVEN_UP.compile(eng))  # what /healthz asks
                plan = await conn.execute(text(f"EXPLAIN QUERY PLAN {query}"))
                assert "ix_outbox_failed" in " ".join(str(row[-1]) for row in plan)
        await _downgrade(migrated_url, "0042")
        async with eng.connect() as conn:
            assert "ix_outbox_failed" not in await conn.run_sync(indexed)
    finally:
        await eng.dispose()


async def test_0049_tells_an_organisation_with_households_through_an_index(migrated_url: str) -> None:
    """Whether an organisation that never said its kind is a commune (`notices.is_commune`, decision 0340) is
    asked by every Monday's digests and by the chat: without an index on its people by kind, each asking read
    all of them (100,000 in `bench/digests.py`) to find it has no household."""

    def indexed(conn: Connection) -> list[list[str | None]]:
        return [index["column_names"] for index in inspect(conn).get_indexes("person")]

    eng = make_engine(migrated_url)
    try:
        async with eng.connect() as conn:
            assert ["org_id", "kind"] in await conn.run_sync(indexed)
            if migrated_url.startswith("sqlite"):
                plan = await conn.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT EXISTS (SELECT id FROM person "
                        "WHERE org_id = 1 AND kind = 'household')"
                    )
                )
                assert "ix_person_org_kind" in " ".join(str(row[-1]) for row in plan)
        await _downgrade(migrated_url, "0048")
        async with eng.connect() as conn:
            assert ["org_id", "kind"] not in await conn.run_sync(indexed)
    finally:
        await eng.dispose()


async def _as_if_analysed(conn: AsyncConnection, tables: set[str], *, rows: int) -> None:
    """Make SQLite plan as it would once `ANALYZE` had counted `rows` rows in each of `tables`, all of one
    organisation and nothing reversed: no column of an index tells rows apart, but a unique one's last."""
    await conn.exec_driver_sql("ANALYZE")
    await conn.exec_driver_sql("DELETE FROM sqlite_stat1")
    for table in tables:
        for _seq, name, unique, *_rest in (await conn.exec_driver_sql(f"PRAGMA index_list({table})")).all():
            columns = len((await conn.exec_driver_sql(f"PRAGMA index_info({name})")).all())
            stat = " ".join([str(rows)] * columns + (["1"] if unique else [str(rows)]))
            await conn.exec_driver_sql("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)", (table, name, stat))
    await conn.exec_driver_sql("ANALYZE sqlite_schema")


async def test_0050_reads_mondays_ledger_from_an_index_alone(
    migrated_url: str,
) -> None:
    """Monday's digests read an organisation's whole year of gifts in one pass (decision 0360): without this
    index SQLite read every row of the ledger, rejected ones too, sorted them by unit and kind, and read the
    whole ledger again to find which of the organisation's gifts were reversed, where none was."""

    def indexed(conn: Connection) -> list[str | None]:
        return [index["name"] for index in inspect(conn).get_indexes("contribution")]

    week = Period(datetime(2026, 11, 29, 17, tzinfo=UTC), datetime(2026, 12, 6, 17, tzinfo=UTC))
    eng = make_engine(migrated_url)
    try:
        async with eng.connect() as conn:
            assert "ix_contribution_ledger" in await conn.run_sync(indexed)
            if migrated_url.startswith("sqlite"):
                await _as_if_analysed(conn, {"contribution", "person"}, rows=100_000)
                said: list[tuple[str, object]] = []
                listen = event.listens_for(eng.sync_engine, "before_cursor_execute")
                listen(lambda _c, _cursor, statement, values, _x, _many: said.append((statement, values)))
                # as an organisation with donors from outside and a reversed gift reads it, and one of neither
                for facts in (True, False):
                    pass_, values = _ledger_pass(
                        1, year=2026, period=week, drive=None, trend_weeks=6, donors=facts, reversed_=facts
                    )
                    await conn.execute(pass_, values)
                    plan = await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {said[-1][0]}", said[-1][1])
                    steps = " | ".join(str(row[-1]) for row in plan)
                    assert "COVERING INDEX ix_contribution_ledger" in steps, steps
                    assert "SCAN contribution" not in steps and "GROUP BY" not in steps, steps
        await _downgrade(migrated_url, "0049")
        async with eng.connect() as conn:
            assert "ix_contribution_ledger" not in await conn.run_sync(indexed)
    finally:
        await eng.dispose()


async def test_0051_counts_the_weeks_reminders_from_an_index_alone(migrated_url: str) -> None:
    """Monday's digests count each unit's reminders sent in the week and those acted on (decision 0390):
    with only the organisation and the day sent in the index, SQLite looked every reminder of the week up in
    the table for its unit and whether it was acted on (15,556 of them in `bench/digests.py`)."""

    def indexed(conn: Connection) -> list[list[str | None]]:
        return [index["column_names"] for index in inspect(conn).get_indexes("reminder")]

    week = {
        "org": 1,
        "starts": datetime(2026, 11, 29, 17, tzinfo=UTC),
        "ends": datetime(2026, 12, 6, 17, tzinfo=UTC),
    }
    eng = make_engine(migrated_url)
    try:
        async with eng.connect() as conn:
            assert ["org_id", "sent_at", "unit_id", "acted_at"] in await conn.run_sync(indexed)
            if migrated_url.startswith("sqlite"):
                await _as_if_analysed(conn, {"reminder"}, rows=20_000)
                said: list[tuple[str, object]] = []
                listen = event.listens_for(eng.sync_engine, "before_cursor_execute")
                listen(lambda _c, _cursor, statement, values, _x, _many: said.append((statement, values)))
                await conn.execute(_REMINDERS, week)
                plan = await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {said[-1][0]}", said[-1][1])
                steps = " | ".join(str(row[-1]) for row in plan)
                assert "COVERING INDEX ix_reminder_org_sent" in steps, steps
        await _downgrade(migrated_url, "0050")
        async with eng.connect() as conn:
            assert ["org_id", "sent_at"] in await conn.run_sync(indexed)
    finally:
        await eng.dispose()


async def test_0052_marks_a_deduction_recorded_before_it_from_its_audit_row_and_goes_back(
    db_url: str,
    revisions: Revisions,
) -> None:
    """A gift deducted from a teacher's salary, recorded from the payroll's sheet before revision 0052, was
    known from its recording's audit row alone: after the upgrade the ledger marks it so, and only it — not
    the officer's cash recorded for a colleague, nor the teacher's own gift (docs/decisions/0420). On the way
    down the column goes; the gifts and their audit rows stay."""
    await revisions.upgrade(db_url, "0051")
    eng = make_engine(db_url)
    now = datetime(2026, 12, 4, 3, tzinfo=UTC)
    gift = (
        "INSERT INTO contribution (id, ref, org_id, person_id, recorded_by, year, kind, amount_vnd, "
        "labour_days, status, created_at) "
        "VALUES (:id, :ref, 1, :person, :by, 2026, 'money', :amount, 0, 'recorded', :now)"
    )
    recorded = (
        "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, details) "
        "VALUES (:now, :by, 'contribution.record', 'contribution', :id, :details)"
    )
    # 1: Lan's 412.000 ₫ from the payroll (Mai, the accountant); 2: Tâm's cash recorded for him by the union's
    # officer Hùng; 3: Lan's own 200.000 ₫, of which another action's audit row says "payroll" (not a record)
    gifts = [
        (1, 2, 1, 412_000, '{"kind": "money", "for_person": 2, "payroll": true}'),
        (2, 3, 4, 300_000, '{"kind": "money", "for_person": 3}'),
        (3, 2, 2, 200_000, '{"kind": "money"}'),
    ]
    try:
        async with eng.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO organisation (id, code, name, created_at, leaders_see_non_givers, "
                    "ref_prefix) VALUES (1, 'truong-th', 'Trường Tiểu học Tân Hòa', :now, false, 'CT')"
                ),
                {"now": now},
            )
            for person, name in (
                (1, "Trần Thị Mai"),
                (2, "Nguyễn Thị Lan"),
                (3, "Phạm Văn Tâm"),
                (4, "Lê Văn Hùng"),
            ):
                await conn.execute(
                    text(
                        "INSERT INTO person (id, org_id, full_name, name_key, kind, listed, appeals_off, "
                        "created_at) VALUES (:id, 1, :name, :name, 'staff', false, false, :now)"
                    ),
                    {"id": person, "name": name, "now": now},
                )
            for id_, person, by, amount, details in gifts:
                values = {"id": id_, "ref": f"CT-2026-{id_:06d}", "person": person, "by": by, "now": now}
                await conn.execute(text(gift), {**values, "amount": amount})
                await conn.execute(text(recorded.replace(":details", f"'{details}'")), values)
            await conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, details) VALUES "
                    "(:now, 1, 'contribution.look_up', 'contribution', 3, '{\"payroll\": true}')"
                ),
                {"now": now},
            )
        await upgrade_async(db_url)
        async with eng.connect() as conn:
            marked = (await conn.execute(text("SELECT id, from_payroll FROM contribution ORDER BY id"))).all()
        assert [tuple(row) for row in marked] == [(1, True), (2, False), (3, False)]
        async with make_sessionmaker(eng)() as session:  # the model reads it
            lan = await session.get_one(Contribution, 1)
            assert lan.from_payroll and lan.amount_vnd == 412_000
        await _downgrade(db_url, "0051")
        async with eng.connect() as conn:
            columns = await conn.run_sync(
                lambda c: {col["name"] for col in inspect(c).get_columns("contribution")}
            )
            kept = (await conn.execute(text("SELECT ref, amount_vnd FROM contribution ORDER BY id"))).all()
            audited = await conn.scalar(text("SELECT count(*) FROM audit_log"))
        assert "from_payroll" not in columns
        assert [tuple(row) for row in kept] == [
            ("CT-2026-000001", 412_000),
            ("CT-2026-000002", 300_000),
            ("CT-2026-000003", 200_000),
        ]
        assert audited == 4
    finally:
        await eng.dispose()


async def test_0053_money_handed_over_before_stays_money_and_goods_handed_over_go_on_the_way_down(
    db_url: str,
    revisions: Revisions,
) -> None:
    """A handover recorded before revision 0053 was money: after the upgrade it reads no goods, worth 0, not
    all the goods (decision 0713); a handover of goods recorded since goes on the way down, with its
    cancellation, and the money handover stays as it was."""
    await revisions.upgrade(db_url, "0052")
    eng = make_engine(db_url)
    now = datetime(2026, 12, 5, 3, tzinfo=UTC)
    handed = (
        "INSERT INTO remittance (id, org_id, source, amount_vnd, board, remitted_on, created_at{more}) "
        "VALUES (:id, 1, 'fund', :amount, 'Ban vận động xã Cẩm Bình', '2026-12-04', :now{values})"
    )
    try:
        async with eng.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO organisation (id, code, name, created_at, leaders_see_non_givers, "
                    "ref_prefix) VALUES (1, 'truong-th', 'Trường Tiểu học Tân Hòa', :now, false, 'CT')"
                ),
                {"now": now},
            )
            await conn.execute(
                text(handed.format(more="", values="")), {"id": 1, "amount": 85_000_000, "now": now}
            )
        await upgrade_async(db_url)
        async with make_sessionmaker(eng)() as session:  # the model reads it as money
            before = await session.get_one(Remittance, 1)
            assert (before.amount_vnd, before.goods, before.goods_vnd, before.goods_all) == (
                85_000_000, None, 0, False,
            )  # fmt: skip
        async with eng.begin() as conn:
            goods = handed.format(
                more=", goods, goods_vnd, goods_all, reverses_id", values=", :goods, :worth, :all, :rev"
            )
            for id_, worth, rev in ((2, 1_500_000, None), (3, -1_500_000, 2), (4, 0, None)):
                await conn.execute(
                    text(goods),
                    {"id": id_, "amount": 0, "now": now, "goods": "mì tôm: 15 thùng", "worth": worth,
                     "all": id_ == 2, "rev": rev},
                )  # fmt: skip
        await _downgrade(db_url, "0052")
        async with eng.connect() as conn:
            columns = await conn.run_sync(
                lambda c: {col["name"] for col in inspect(c).get_columns("remittance")}
            )
            kept = (await conn.execute(text("SELECT id, amount_vnd FROM remittance ORDER BY id"))).all()
        assert not {"goods", "goods_vnd", "goods_all"} & columns
        assert [tuple(row) for row in kept] == [(1, 85_000_000)]
    finally:
        await eng.dispose()


async def test_0055_keeps_a_pool_told_once_a_day_and_forgets_the_pools_on_the_way_down(
    migrated_url: str,
) -> None:
    """The pools of the head's roll-up told to a reader without the units' money rights (decision 0816): one
    row a pool and a day, the same pool told again that day refused as the same; the way down forgets them (a
    unit held in one is said alone at once, as before) and the way up keeps them again."""
    told = "INSERT INTO pool_told (org_id, year, units, told_on) VALUES (1, 2026, '[2, 3]', :on)"
    eng = make_engine(migrated_url)
    try:
        async with eng.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO organisation (id, code, name, created_at, leaders_see_non_givers, "
                    "ref_prefix) VALUES (1, 'truong-th', 'Trường Tiểu học Tân Hòa', :now, false, 'CT')"
                ),
                {"now": datetime(2026, 12, 5, 3, tzinfo=UTC)},
            )
            for day in (7, 8):
                await conn.execute(text(told), {"on": date(2026, 12, day)})
        with pytest.raises(IntegrityError):
            async with eng.begin() as conn:
                await conn.execute(text(told), {"on": date(2026, 12, 8)})
        await _downgrade(migrated_url, "0054")
        assert "pool_told" not in await _tables(migrated_url)
        await upgrade_async(migrated_url)
        async with eng.begin() as conn:
            await conn.execute(text(told), {"on": date(2026, 12, 14)})
            assert await conn.scalar(text("SELECT count(*) FROM pool_told")) == 1
    finally:
        await eng.dispose()


async def test_0056_will_not_read_a_pack_an_officer_holds_as_back_in_the_fund_on_the_way_down(
    migrated_url: str,
) -> None:
    """A cancelled pack whose money an officer holds to hand over later (decision 1210): revision 0055 would
    read it as back in the Fund, so the downgrade refuses while one is held or was handed later; once put
    back (null, as every cancellation before), it goes down and up again."""
    now = datetime(2027, 1, 15, 2, tzinfo=UTC)
    eng = make_engine(migrated_url)
    try:
        async with eng.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO organisation (id, code, name, created_at, leaders_see_non_givers, "
                    "ref_prefix) VALUES (1, 'xa-tan-hoa', 'Xã Tân Hòa', :now, false, 'TH')"
                ),
                {"now": now},
            )
            await conn.execute(
                text(
                    "INSERT INTO hardship_case (id, org_id, subject, name, circumstances, needs, created_at) "
                    "VALUES (1, 1, 'household', 'Trần Văn Ba', 'hộ nghèo', 'quà Tết', :now)"
                ),
                {"now": now},
            )
            support = (
                "INSERT INTO case_support (id, case_id, source, kind, amount_vnd, labour_days, delivered_on, "
                "created_at, bought, reverses_id, reason, kept) VALUES (:id, 1, 'fund', 'money', :amount, 0, "
                "'2027-01-15', :now, false, :reverses, :reason, :kept)"
            )
            await conn.execute(
                text(support),
                {"id": 1, "amount": 500_000, "now": now, "reverses": None, "reason": None, "kept": None},
            )
            await conn.execute(
                text(support),
                {
                    "id": 2,
                    "amount": -500_000,
                    "now": now,
                    "reverses": 1,
                    "reason": "vắng mặt",
                    "kept": "held",
                },
            )
        with pytest.raises(RuntimeError, match=r"1 cancelled support\(s\) kept by an officer"):
            await _downgrade(migrated_url, "0055")
        async with eng.begin() as conn:
            await conn.execute(text("UPDATE case_support SET kept = 'handed', kept_until = '2027-01-20'"))
        with pytest.raises(RuntimeError, match=r"kept by an officer"):
            await _downgrade(migrated_url, "0055")
        async with eng.begin() as conn:  # put back in the Fund: a cancellation as every one before
            await conn.execute(text("UPDATE case_support SET kept = NULL, kept_until = NULL"))
        await _downgrade(migrated_url, "0055")
        async with eng.connect() as conn:
            columns = await conn.run_sync(
                lambda c: {col["name"] for col in inspect(c).get_columns("case_support")}
            )
        assert "kept" not in columns and "kept_until" not in columns
        await upgrade_async(migrated_url)
        async with eng.connect() as conn:
            assert (await conn.execute(text("SELECT count(*) FROM case_support"))).scalar_one() == 2
    finally:
        await eng.dispose()


async def test_0058_will_not_lose_the_day_a_held_pack_was_put_back_on_the_way_down(migrated_url: str) -> None:
    """A pack held over 31 December and put back in January keeps its day (decision 1324): revision 0057
    would read that row neither as back in the Fund nor as held, so the downgrade refuses while one is; once
    none is, it goes down and up again, the rows kept."""
    now = datetime(2027, 1, 5, 2, tzinfo=UTC)
    eng = make_engine(migrated_url)
    try:
        async with eng.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO organisation (id, code, name, created_at, leaders_see_non_givers, "
                    "ref_prefix) VALUES (1, 'xa-tan-hoa', 'Xã Tân Hòa', :now, false, 'TH')"
                ),
                {"now": now},
            )
            await conn.execute(
                text(
                    "INSERT INTO hardship_case (id, org_id, subject, name, circumstances, needs, created_at) "
                    "VALUES (1, 1, 'household', 'Trần Văn Ba', 'hộ nghèo', 'quà Tết', :now)"
                ),
                {"now": now},
            )
            support = (
                "INSERT INTO case_support (id, case_id, source, kind, amount_vnd, labour_days, delivered_on, "
                "created_at, bought, reverses_id, reason, kept, kept_until) VALUES (:id, 1, 'fund', 'money', "
                ":amount, 0, '2026-12-28', :now, false, :reverses, :reason, :kept, :until)"
            )
            paid = {"id": 1, "amount": 500_000, "reverses": None, "reason": None, "kept": None, "until": None}
            await conn.execute(text(support), {**paid, "now": now})
            cancelled = {"id": 2, "amount": -500_000, "reverses": 1, "reason": "vắng mặt", "kept": "back"}
            await conn.execute(text(support), {**cancelled, "now": now, "until": date(2027, 1, 5)})
        with pytest.raises(RuntimeError, match=r"1 cancelled support\(s\) put back on a day kept"):
            await _downgrade(migrated_url, "0057")
        async with eng.begin() as conn:
            await conn.execute(text("UPDATE case_support SET kept = NULL, kept_until = NULL WHERE id = 2"))
        await _downgrade(migrated_url, "0057")
        await upgrade_async(migrated_url)
        async with eng.connect() as conn:
            assert (await conn.execute(text("SELECT count(*) FROM case_support"))).scalar_one() == 2
    finally:
        await eng.dispose()


async def test_0059_gives_a_lease_its_owner_and_keeps_the_lease_on_the_way_down(migrated_url: str) -> None:
    """A leased outbox row says which sender holds it (decision 1530); downgraded, the owner is forgotten and
    the lease itself stays, to run out as before; upgraded again, the row has no owner until it is claimed."""
    insert = text(
        "INSERT INTO outbox (key, channel, chat_id, priority, payload, status, created_at, not_before,"
        " lease_until, lease_owner, attempts, parts_sent, gave_way)"
        " VALUES ('test:leased', 'telegram', '1', 2, '{}', 'pending', :now, :now, :lease, 'sender-a', 0, 0,"
        " false)"
    )
    lease = NOW + timedelta(seconds=30)
    eng = make_engine(migrated_url)
    try:
        async with eng.begin() as conn:
            await conn.execute(insert, {"now": NOW, "lease": lease})
        await _downgrade(migrated_url, "0058")
        async with eng.connect() as conn:
            assert "lease_owner" not in {c["name"] for c in await conn.run_sync(_outbox_columns)}
            left = (await conn.execute(text("SELECT lease_until FROM outbox"))).scalars().all()
        assert len(left) == 1 and left[0] is not None
        await upgrade_async(migrated_url)
        async with eng.connect() as conn:
            assert (await conn.execute(text("SELECT lease_owner FROM outbox"))).scalars().all() == [None]
    finally:
        await eng.dispose()


async def test_0060_makes_every_code_of_its_unit_and_forgets_the_whole_organisation_on_the_way_down(
    migrated_url: str,
) -> None:
    """An invite may grant its role for the whole organisation (decision 1814): a code made before is its
    unit's; downgraded, the column goes and the code stays, its unit's again."""
    rows = [
        "INSERT INTO organisation (id, code, name, created_at, leaders_see_non_givers, ref_prefix)"
        " VALUES (1, 'T', 'Trường', :now, false, 'CT')",
        "INSERT INTO unit (id, org_id, code, name) VALUES (1, 1, 'PDT', 'Phòng Đào tạo')",
        "INSERT INTO invite (id, code, org_id, unit_id, role, kind, max_uses, uses, created_at)"
        " VALUES (1, 'K7M2QX9P', 1, 1, 'treasurer', 'staff', 1000, 0, :now)",
    ]
    eng = make_engine(migrated_url)
    try:
        await _downgrade(migrated_url, "0059")
        async with eng.begin() as conn:
            for row in rows:
                await conn.execute(text(row), {"now": NOW})
        await upgrade_async(migrated_url)
        async with eng.begin() as conn:
            assert (await conn.execute(text("SELECT org_wide FROM invite"))).scalars().all() == [False]
            await conn.execute(text("UPDATE invite SET org_wide = true"))
        await _downgrade(migrated_url, "0059")
        async with eng.connect() as conn:
            columns = {c["name"] for c in await conn.run_sync(lambda c: inspect(c).get_columns("invite"))}
            left = (await conn.execute(text("SELECT code, role FROM invite"))).all()
        assert "org_wide" not in columns and [tuple(row) for row in left] == [("K7M2QX9P", "treasurer")]
        await upgrade_async(migrated_url)
    finally:
        await eng.dispose()


async def test_0061_to_0064_keep_a_labour_days_day_a_leaves_reason_a_weekly_message_off_and_older_rows(
    db_url: str, revisions: Revisions
) -> None:
    """A labour day keeps the day it was worked (decision 2105): one recorded before the revision has none and
    reads as before; downgraded, the day goes and the days stay. A leave keeps its reason (2315): one recorded
    before has none, a leave; downgraded, the reason goes and the leave stays. A weekly message turned off
    (2406): a choice made before reads it on; downgraded, that choice goes and the reminders' stays. A digest
    keeps its first day counted (2730): one written before has none, read as before; downgraded, the day goes
    and the digest stays."""
    await revisions.upgrade(db_url, "0060")
    rows = [
        "INSERT INTO organisation (id, code, name, created_at, leaders_see_non_givers, ref_prefix)"
        " VALUES (1, 'X', 'UBND xã Tân Phú', :now, false, 'CT')",
        "INSERT INTO person (id, org_id, full_name, name_key, kind, listed, appeals_off, created_at)"
        " VALUES (1, 1, 'Lê Văn Tư', 'le van tu', 'household', false, false, :now)",
        "INSERT INTO contribution (id, ref, org_id, person_id, recorded_by, year, kind, amount_vnd,"
        " labour_days, status, created_at)"
        " VALUES (1, 'CT-2026-000001', 1, 1, 1, 2026, 'labour', 0, 2, 'recorded', :now)",
        "INSERT INTO reminder_preference (person_id, optional_off, updated_at) VALUES (1, true, :now)",
        "INSERT INTO outbox (key, channel, chat_id, priority, payload, status, created_at, not_before,"
        " attempts, parts_sent, gave_way)"
        " VALUES ('digest:1:2026W50:1:org', 'telegram', '1', 1, '{}', 'sent', :now, :now, 1, 1, false)",
    ]
    eng = make_engine(db_url)
    try:
        async with eng.begin() as conn:
            for row in rows:
                await conn.execute(text(row), {"now": NOW})
        await upgrade_async(db_url)
        async with eng.begin() as conn:
            assert (await conn.execute(text("SELECT worked_on FROM contribution"))).scalars().all() == [None]
            await conn.execute(text("UPDATE contribution SET worked_on = :day"), {"day": date(2026, 12, 5)})
            kept = (await conn.execute(select(Contribution.worked_on))).scalars().all()
        assert kept == [date(2026, 12, 5)]
        async with eng.begin() as conn:
            assert (await conn.execute(text("SELECT away_reason FROM person"))).scalars().all() == [None]
            update = "UPDATE person SET away_until = :day, away_reason = 'training'"
            await conn.execute(text(update), {"day": date(2027, 3, 31)})
            kept = (await conn.execute(select(Person.away_until, Person.away_reason))).all()
        assert [tuple(row) for row in kept] == [(date(2027, 3, 31), "training")]
        async with eng.begin() as conn:
            choice = "SELECT optional_off, monday_off FROM reminder_preference"
            assert [tuple(row) for row in await conn.execute(text(choice))] == [(True, False)]
            await conn.execute(text("UPDATE reminder_preference SET monday_off = true"))
            assert [tuple(row) for row in await conn.execute(text(choice))] == [(True, True)]
        pattern = {"ix_outbox_key_pattern"} if db_url.startswith("postgresql") else set()  # 2731
        async with eng.begin() as conn:
            assert await conn.run_sync(_outbox_indexes) & {"ix_outbox_key_pattern"} == pattern
            assert (await conn.execute(text("SELECT counts_from FROM outbox"))).scalars().all() == [None]
            await conn.execute(text("UPDATE outbox SET counts_from = :day"), {"day": date(2026, 11, 30)})
            kept = (await conn.execute(text("SELECT counts_from FROM outbox"))).scalars().all()
        assert kept in ([date(2026, 11, 30)], ["2026-11-30"])  # SQLite's text reads back as written
        await _downgrade(db_url, "0063")
        async with eng.connect() as conn:
            assert "counts_from" not in {c["name"] for c in await conn.run_sync(_outbox_columns)}
            assert "ix_outbox_key_pattern" not in await conn.run_sync(_outbox_indexes)
            left = (await conn.execute(text("SELECT key, status FROM outbox"))).all()
        assert [tuple(row) for row in left] == [("digest:1:2026W50:1:org", "sent")]
        await _downgrade(db_url, "0062")
        async with eng.connect() as conn:
            kept = (await conn.execute(text("SELECT optional_off FROM reminder_preference"))).scalars().all()
        assert kept == [True]
        await _downgrade(db_url, "0061")
        async with eng.connect() as conn:
            columns = {c["name"] for c in await conn.run_sync(lambda c: inspect(c).get_columns("person"))}
            away = (await conn.execute(select(Person.away_until))).scalars().all()
        assert "away_reason" not in columns and away == [date(2027, 3, 31)], away
        await _downgrade(db_url, "0060")
        async with eng.connect() as conn:
            columns = {
                c["name"] for c in await conn.run_sync(lambda c: inspect(c).get_columns("contribution"))
            }
            left = (await conn.execute(text("SELECT ref, labour_days FROM contribution"))).all()
        assert "worked_on" not in columns and [tuple(row) for row in left] == [("CT-2026-000001", 2)]
        await upgrade_async(db_url)
    finally:
        await eng.dispose()


def _contribution_columns(conn: Connection) -> list[dict[str, object]]:
    return list(inspect(conn).get_columns("contribution"))


def _outbox_columns(conn: Connection) -> list[dict[str, object]]:
    return list(inspect(conn).get_columns("outbox"))


def _outbox_indexes(conn: Connection) -> set[str]:
    return {str(index["name"]) for index in inspect(conn).get_indexes("outbox")}


def test_0050_costs_a_gifts_writing_little(migrated_template: Path, tmp_path: Path) -> None:
    """The index of the standing ledger is written with every gift (decision 0360): recording, confirming and
    rejecting one are counted in SQLite's instructions (triggers included) with it and without it."""
    path = tmp_path / "chungtay.db"
    shutil.copy(migrated_template, path)
    steps = (
        "INSERT INTO contribution (ref, org_id, person_id, unit_id, recorded_by, year, kind, amount_vnd, "
        "labour_days, status, created_at) VALUES ('CT-2026-000001', 1, 1, 1, 1, 2026, 'money', 100000, 0, "
        "'recorded', '2026-12-05 01:00:00.000000')",
        "UPDATE contribution SET status = 'confirmed', decided_by = 1 WHERE ref = 'CT-2026-000001'",
        "UPDATE contribution SET status = 'rejected' WHERE ref = 'CT-2026-000001'",
    )

    def counted(db: sqlite3.Connection) -> list[int]:
        done = []
        db.execute("BEGIN")
        ticks = [0]
        db.set_progress_handler(lambda: ticks.__setitem__(0, ticks[0] + 1), 1)
        for step in steps:
            ticks[0] = 0
            db.execute(step)
            done.append(ticks[0])
        db.set_progress_handler(None, 1)
        db.execute("ROLLBACK")
        return done

    db = sqlite3.connect(path, isolation_level=None)
    try:
        counted(db)  # the schema read once
        with_index = counted(db)
        db.execute("DROP INDEX ix_contribution_ledger")
        without = counted(db)
    finally:
        db.close()
    # each step a few dozen instructions more, of hundreds or thousands; no statement more
    assert all(0 < more - less <= 40 for more, less in zip(with_index, without, strict=True)), (
        with_index,
        without,
    )
