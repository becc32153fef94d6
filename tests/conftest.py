"""Shared fixtures: real SQLite files (migrated once, copied per test), the app with an injected clock,
and a scripted person chatting through the collecting channel with buttons or with text only."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import App, build_app
from bot.channels.collecting import CollectingChannel
from bot.config import Settings
from bot.conversation.recognise import numbered
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.migrate import upgrade
from bot.messages import BUTTONS, TEXT_ONLY, Capabilities, Reply
from bot.text import fold

pytest_plugins = ["tests.postgres"]

# 22 Nov 2026, 09:00 in Vietnam: inside the 2026–2030 campaign and the winter-clothes drive.
NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


class MovableClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@dataclass
class VirtualTime:
    """A monotonic clock that only moves when the code under test sleeps."""

    now: float = 1000.0
    slept: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


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


@dataclass
class Person:
    """A scripted person: types text, or chooses an option the way their channel allows."""

    channel: CollectingChannel
    chat_id: str
    clock: MovableClock
    last: list[Reply] = field(default_factory=list)

    async def say(self, text: str) -> str:
        self.clock.advance(seconds=1)
        self.last = await self.channel.receive(self.chat_id, text=text, at=self.clock())
        return self.screen

    async def choose(self, label: str) -> str:
        """Press the button, or type the number shown on a text-only channel, of the option `label`."""
        menu = self.menu
        matches = [c for c in menu.choices if fold(label) in fold(c.label)]
        assert matches, f"no option {label!r} in {[c.label for c in menu.choices]}"
        choice = matches[0]
        self.clock.advance(seconds=1)
        if self.channel.caps.buttons:
            payload = self.channel.payload(menu, choice.id)
            self.last = await self.channel.receive(self.chat_id, choice=payload, at=self.clock())
        else:
            number = dict((str(c["id"]), n) for n, c in numbered([{"id": c.id} for c in menu.choices]))[
                choice.id
            ]
            assert f"{number}. {choice.label}" in self.channel.show(menu)
            self.last = await self.channel.receive(self.chat_id, text=str(number), at=self.clock())
        return self.screen

    @property
    def menu(self) -> Reply:
        menus = [r for r in self.last if r.choices]
        assert menus, f"no menu on screen:\n{self.screen}"
        return menus[-1]

    @property
    def screen(self) -> str:
        return "\n\n".join(self.channel.show(r) for r in self.last)


@pytest.fixture
def make_person(app: App, clock: MovableClock, profile: Capabilities):  # type: ignore[no-untyped-def]
    channel = CollectingChannel(app.engine, profile)

    def make(chat_id: str = "u1") -> Person:
        return Person(channel, chat_id, clock)

    return make
