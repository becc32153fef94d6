"""Shared fixtures: real SQLite files (migrated once, copied per test), the app with an injected clock,
and a scripted person chatting through the collecting channel with buttons or with text only (the clocks
and the person are in tests/support)."""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import App, build_app
from bot.channels.collecting import CollectingChannel
from bot.config import Settings
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import upgrade
from bot.demo import DemoInvites, seed_demo
from bot.messages import BUTTONS, TEXT_ONLY, Capabilities
from tests.support.clocks import NOW, MovableClock
from tests.support.engines import share_compiled_statements
from tests.support.fake_zalo import FakeZalo
from tests.support.launcher import LAZY_LIBRARIES, Launcher, Processes
from tests.support.orgs import Seeded, read_back
from tests.support.people import Person
from tests.support.reached import Reached, reach
from tests.support.settings import app_settings
from tests.support.templates import Revisions, Seed, Templates, copy_database, copy_of

pytest_plugins = ["tests.postgres"]

# The property tests' examples are the same on every run, none is timed, and none is kept between runs, as the
# statement's and the fuzz tests' own settings already said: Hypothesis's default 200 ms deadline measured the
# machine, not the code (a bank statement's property test failed once on a busy moment), and a run that drew a
# new example would fail one day and pass the next for nothing changed.
hypothesis_settings.register_profile("chungtay", deadline=None, derandomize=True, database=None)
hypothesis_settings.load_profile("chungtay")

# Scratch files (each test's SQLite file, the PostgreSQL servers' data, the forked commands' folders) go to
# memory when the machine has room there: on a disk, creating and dropping a database cost 0.1–0.4 s and the
# suite a quarter of its time (decision 0120). A TMPDIR someone set is theirs to keep.
MEMORY = Path("/dev/shm")
MEMORY_ROOM = 4 << 30

# A test run allocates far more than a bot's process does (an app, an engine and a database per test): the
# garbage collector, left at Python's default of a young collection every 700 new objects, spent about a
# twentieth of the tests' CPU (decision 0196). It still runs, every 20,000.
GC_YOUNG_THRESHOLD = 20_000

# A test that asks for one of these starts from a copy of the seeded demo (`db_path`), not an empty database.
DEMO_FIXTURES = frozenset({"invites", "demo_invites", "any_invites"})
DEMO_DB = "chungtay_demo_template"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only: the test's PostgreSQL case (of `any_url`) is not run: it walks only statements another "
        "PostgreSQL case of its module runs, with data that is not the point (docs/decisions/2501)",
    )
    gc.set_threshold(GC_YOUNG_THRESHOLD, 10, 10)
    if os.environ.get("TMPDIR") or hasattr(config, "workerinput"):  # the workers inherit the choice
        return
    try:
        room = shutil.disk_usage(MEMORY).free
    except OSError:
        return
    if room >= MEMORY_ROOM and os.access(MEMORY, os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = str(MEMORY)
        tempfile.tempdir = None  # asked again, with TMPDIR


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked `sqlite_only` (a parameter too: `pytest.param(…, marks=pytest.mark.sqlite_only)`) keeps
    its SQLite case of `any_url` and loses its PostgreSQL one, reported as deselected: every statement it
    would run there another PostgreSQL case of its module runs, and its data is not what PostgreSQL could
    refuse or read otherwise (the rule: docs/decisions/2501). The ids of the cases kept do not change."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        postgres = callspec is not None and callspec.params.get("any_url") == "postgresql"
        (dropped if postgres and item.get_closest_marker("sqlite_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_collection_finish(session: pytest.Session) -> None:
    """What the collection made (the modules, their classes and functions, the collected tests) lives until
    the end of the run: kept out of the garbage collector's sight, its full collections stop walking it
    over and over (decision 0196). The libraries the bot imports only where it draws a chart, writes a
    workbook or a paper (decision 2605) are imported first, so they are frozen with the rest: imported
    later, by the first test that needs them, every full collection walked them to the end of the run
    (decision 2606)."""
    for library in LAZY_LIBRARIES:
        importlib.import_module(library)
    gc.freeze()


@pytest.fixture(scope="session", autouse=True)
def _compiled_statements_shared() -> Iterator[None]:
    """Each test's engine compiles no statement another test's engine compiled (tests/support/engines.py)."""
    with share_compiled_statements():
        yield


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def demo_seeded(migrated_template: Path) -> tuple[Path, DemoInvites]:
    """A migrated file with the demo seeded as `invites` seeds it (at NOW), and its invite codes: seeding took
    a tenth of a second of every test that asked for it, and seeding it again to read the codes a few
    hundredths."""
    path = migrated_template.with_name("demo.db")
    shutil.copy(migrated_template, path)

    async def seed() -> DemoInvites:
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        try:
            return await seed_demo(make_sessionmaker(engine), now=NOW)
        finally:
            await engine.dispose()

    return path, asyncio.run(seed())


@pytest.fixture(scope="session")
def demo_template(demo_seeded: tuple[Path, DemoInvites]) -> Path:
    return demo_seeded[0]


@pytest.fixture
def db_path(request: pytest.FixtureRequest, tmp_path: Path, migrated_template: Path) -> Path:
    """The test's SQLite file: migrated, and with the demo already in it when the test asks for `invites`,
    `demo_invites` or `any_invites`; a copy of its module's `database_file` when it asks for that (a template
    the module made)."""
    path = tmp_path / "chungtay.db"
    if "database_file" in request.fixturenames:
        source = request.getfixturevalue("database_file")
    else:
        seeded = not DEMO_FIXTURES.isdisjoint(request.fixturenames)
        source = request.getfixturevalue("demo_template") if seeded else migrated_template
    shutil.copy(source, path)
    return path


@pytest.fixture
async def db(db_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a fresh migrated SQLite file, for tests of domain services."""
    engine = make_engine(f"sqlite+aiosqlite:///{db_path}")
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture(scope="session")
def launcher() -> Iterator[Launcher]:
    """One process that has imported the bot and forks a real `chungtay` process per command."""
    started = Launcher()
    yield started
    started.close()


@pytest.fixture
async def processes(launcher: Launcher) -> AsyncIterator[Processes]:
    """`await processes.start(*argv, env=…, cwd=…)`: `chungtay ARGV` as a process of its own; whatever the
    test leaves running is killed after it."""
    started = Processes(launcher)
    yield started
    await started.close()


@pytest.fixture
async def invites(app: App, db_path: Path, demo_seeded: tuple[Path, DemoInvites]) -> DemoInvites:
    """The demo organisation (its staff, plan, settings) and its invite codes, in the test's database: the
    test's file is a copy of the seeded template (`db_path`), whose codes these are; an app on another
    database is seeded."""
    if app.settings.database_url == f"sqlite+aiosqlite:///{db_path}":
        return demo_seeded[1]
    return await seed_demo(app.sessionmaker, now=NOW)


@pytest.fixture
def demo_invites(db_path: Path, demo_seeded: tuple[Path, DemoInvites]) -> DemoInvites:
    """The demo's invite codes, for a test that builds its own app on `db_path`: the file is a copy of the
    seeded demo (`db_path`), whose codes these are."""
    return demo_seeded[1]


@pytest.fixture(scope="session")
def demo_on_postgres() -> dict[str, tuple[str, DemoInvites]]:
    """The PostgreSQL database the demo was seeded on once in this test process, and its codes."""
    return {}


@pytest.fixture
async def demo_postgres_url(
    postgres_url: str, postgres_template: str, demo_on_postgres: dict[str, tuple[str, DemoInvites]]
) -> AsyncIterator[str]:
    """A new PostgreSQL database, a copy of one the demo was seeded on (at NOW) as `seed_demo` seeds it in a
    test: seeding it again took a tenth of a second or more of every test that asked for it."""
    if DEMO_DB not in demo_on_postgres:
        await copy_database(postgres_url, DEMO_DB, postgres_template, anew=True)
        url = make_url(postgres_url).set(database=DEMO_DB).render_as_string(hide_password=False)
        engine = make_engine(url)
        try:
            demo_on_postgres[DEMO_DB] = DEMO_DB, await seed_demo(make_sessionmaker(engine), now=NOW)
        finally:
            await engine.dispose()  # no connection left: the database is free to copy
    async with copy_of(postgres_url, demo_on_postgres[DEMO_DB][0]) as url:
        yield url


@pytest.fixture
def any_invites(
    any_url: str,
    demo_seeded: tuple[Path, DemoInvites],
    demo_on_postgres: dict[str, tuple[str, DemoInvites]],
) -> DemoInvites:
    """The demo organisation and its invite codes in `any_app`'s database: a copy of the demo seeded once
    in this test process on SQLite (`db_path`) or PostgreSQL (`demo_postgres_url`)."""
    if any_url.startswith("sqlite"):
        return demo_seeded[1]
    return demo_on_postgres[DEMO_DB][1]


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZalo]:
    """Zalo's Bot API, faked over real HTTP (tests/support/fake_zalo.py)."""
    fake = FakeZalo()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def settings(db_path: Path, tmp_path: Path) -> Settings:
    return app_settings(
        database_url=f"sqlite+aiosqlite:///{db_path}", media_dir=tmp_path / "media", telegram_bot_token=None
    )


@pytest.fixture
async def app(settings: Settings, clock: MovableClock) -> AsyncIterator[App]:
    application = build_app(settings, clock)
    yield application
    await application.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A fresh migrated SQLite file, or a fresh migrated database of a real PostgreSQL server: for tests
    that must hold on both. For a test that asks for `seeded_copy`, a copy of the database its module's
    `database_seed` was run on; for one that asks for `any_invites`, a copy of the seeded demo. A test marked
    `sqlite_only` runs on SQLite alone: its PostgreSQL case would walk only statements another of its module's
    runs there (`pytest_collection_modifyitems` above, docs/decisions/2501)."""
    seeded = "seeded_copy" in request.fixturenames
    if request.param == "sqlite":
        if seeded:
            request.getfixturevalue("seeded_sqlite")
        return f"sqlite+aiosqlite:///{db_path}"
    if "any_invites" in request.fixturenames:
        return str(request.getfixturevalue("demo_postgres_url"))
    return str(request.getfixturevalue("seeded_postgres_url" if seeded else "migrated_postgres_url"))


@pytest.fixture(scope="session")
def seed_templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return Templates(tmp_path_factory.mktemp("seeded"))


@pytest.fixture(scope="session")
def revisions(tmp_path_factory: pytest.TempPathFactory) -> Revisions:
    """`await revisions.upgrade(url, revision)`: a new, empty database made one migrated to `revision`, a copy
    of one this process migrated there (decision 2004)."""
    return Revisions(tmp_path_factory.mktemp("revisions"))


@pytest.fixture
def database_seed() -> Seed:
    """What the tests of a module that ask for `seeded_copy` start from: the module gives the coroutine that
    writes it (tests/support/templates.py)."""
    raise NotImplementedError("a module whose tests ask for `seeded_copy` gives its `database_seed`")


@pytest.fixture
async def seeded_sqlite(
    db_path: Path, migrated_template: Path, seed_templates: Templates, database_seed: Seed
) -> object:
    """The test's SQLite file made a copy of the one `database_seed` was run on; what the seed returned."""
    return await seed_templates.sqlite_copy(database_seed, migrated_template, db_path)


@pytest.fixture
async def seeded_postgres_url(
    postgres_url: str, postgres_template: str, seed_templates: Templates, database_seed: Seed
) -> AsyncIterator[str]:
    """A new PostgreSQL database, a copy of the one `database_seed` was run on."""
    template, _ = await seed_templates.postgres_template(database_seed, postgres_url, postgres_template)
    async with copy_of(postgres_url, template) as url:
        yield url


@pytest.fixture
def seeded_copy(any_url: str, seed_templates: Templates, database_seed: Seed) -> object:
    """What the module's `database_seed` returned when it seeded the template of the test's database: its
    rows, to be read back from the test's own copy (same ids)."""
    if any_url.startswith("sqlite"):
        return seed_templates.sqlite[database_seed][1]
    return seed_templates.postgres[database_seed][1]


@pytest.fixture
async def org(any_app: App, seeded_copy: Seeded) -> Seeded:
    """The organisation the module's `database_seed` wrote, read back from the test's own copy (a module
    whose seed is more than `seed` says what it holds in its own `org`)."""
    return await read_back(any_app.sessionmaker, seeded_copy)


@pytest.fixture
async def any_app(any_url: str, tmp_path: Path, clock: MovableClock) -> AsyncIterator[App]:
    """The app on `any_url`, with the test's clock."""
    application = build_app(app_settings(database_url=any_url, media_dir=tmp_path / "media"), clock)
    yield application
    await application.close()


@pytest.fixture(params=["buttons", "text"])
def profile(request: pytest.FixtureRequest) -> Capabilities:
    return BUTTONS if request.param == "buttons" else TEXT_ONLY


@pytest.fixture
def make_person(app: App, clock: MovableClock, profile: Capabilities):  # type: ignore[no-untyped-def]
    channel = CollectingChannel(app.engine, profile)

    def make(chat_id: str = "u1") -> Person:
        return Person(channel, chat_id, clock)

    return make


@pytest.fixture(scope="session")
def chats_reached() -> dict[tuple[str, Capabilities, bool], Reached]:
    return {}


@pytest.fixture
def reached_on_the_demo(
    chats_reached: dict[tuple[str, Capabilities, bool], Reached],
    demo_seeded: tuple[Path, DemoInvites],
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., Reached]:
    """`reached_on_the_demo(chat_id, profile, walk)`: the chat walked by `walk` on a copy of the demo's file,
    once per test process (tests/support/reached.py's `reach`), for a module's `database_file`; a walk other
    than the one to the main menu is given a `name` of its own."""

    def reached(
        chat_id: str,
        profile: Capabilities,
        walk: Callable[[Person], Awaitable[object]],
        own_clock: bool = False,
        *,
        name: str | None = None,
    ) -> Reached:
        key = (name or chat_id, profile, own_clock)  # `name`: a walk of its own for the same chat
        if key not in chats_reached:
            path = tmp_path_factory.mktemp(key[0]) / f"{chat_id}.db"
            chats_reached[key] = reach(path, demo_seeded[0], chat_id, profile, walk, own_clock=own_clock)
        return chats_reached[key]

    return reached


@pytest.fixture
def member_at_the_menu(
    profile: Capabilities, reached_on_the_demo: Callable[..., Reached], demo_seeded: tuple[Path, DemoInvites]
) -> Reached:
    """Võ Thị Hoa joined by chat (“hoa”) with the demo's member invite, at the main menu: reached once per
    test process and profile (decision 0216)."""
    from tests.test_flows import join

    return reached_on_the_demo("hoa", profile, lambda chat: join(chat, demo_seeded[1].member))


@pytest.fixture
def database_file(member_at_the_menu: Reached) -> Path:
    """A test that asks for `hoa` gets a copy of the file she joined on (`db_path`); a module may have its
    own."""
    return member_at_the_menu.path


@pytest.fixture
def hoa(make_person, member_at_the_menu: Reached, database_file: Path) -> Person:  # type: ignore[no-untyped-def]
    """Võ Thị Hoa, a member who has joined, at the main menu of `make_person`'s channel: her chat and database
    as they were when she got there (the first person of the test to write)."""
    chat = make_person("hoa")
    member_at_the_menu.restore(chat)
    return chat
