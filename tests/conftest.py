"""Shared fixtures: real SQLite files (migrated once, copied per test), the app with an injected clock,
and a scripted person chatting through the collecting channel with buttons or with text only (the clocks
and the person are in tests/support)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import App, build_app
from bot.channels.collecting import CollectingChannel
from bot.config import Settings
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import upgrade
from bot.messages import BUTTONS, TEXT_ONLY, Capabilities
from tests.support.clocks import NOW, MovableClock
from tests.support.launcher import Launcher, Processes
from tests.support.people import Person

pytest_plugins = ["tests.postgres"]


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_template: Path) -> Path:
    path = tmp_path / "chungtay.db"
    shutil.copy(migrated_template, path)
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
def clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def settings(db_path: Path, tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{db_path}",
        media_dir=tmp_path / "media",
        telegram_bot_token=None,
        _env_file=None,
    )  # type: ignore[call-arg]


@pytest.fixture
async def app(settings: Settings, clock: MovableClock) -> AsyncIterator[App]:
    application = build_app(settings, clock)
    yield application
    await application.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A fresh migrated SQLite file, or a fresh migrated database of a real PostgreSQL server: for tests
    that must hold on both."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{db_path}"
    return str(request.getfixturevalue("migrated_postgres_url"))


@pytest.fixture
async def any_app(any_url: str, tmp_path: Path, clock: MovableClock) -> AsyncIterator[App]:
    """The app on `any_url`, with the test's clock."""
    settings = Settings(database_url=any_url, media_dir=tmp_path / "media", _env_file=None)  # type: ignore[call-arg]
    application = build_app(settings, clock)
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
