"""Building the running parts in one readable place: settings → engine → sessions → registry → engine."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.conversation.engine import Engine
from bot.db.engine import make_engine, make_sessionmaker


@dataclass
class App:
    settings: Settings
    db: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    engine: Engine

    async def close(self) -> None:
        await self.db.dispose()


def build_app(settings: Settings, clock: Clock = system_clock) -> App:
    from handlers.registry import build_registry

    db = make_engine(settings.database_url)
    sessionmaker = make_sessionmaker(db)
    return App(settings, db, sessionmaker, Engine(build_registry(), sessionmaker, settings, clock))
