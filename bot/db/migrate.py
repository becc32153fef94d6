"""Run Alembic from code, so `chungtay db upgrade` and the tests use the very same migrations."""

from __future__ import annotations

import asyncio

from alembic import command
from alembic.config import Config

from bot.config import PROJECT_ROOT


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(database_url: str, revision: str = "head") -> list[str]:
    """Migrate the database to `revision`; the revisions applied, oldest first (none: it was there)."""
    cfg = alembic_config(database_url)
    applied: list[str] = []
    cfg.attributes["applied"] = applied
    command.upgrade(cfg, revision)
    return applied


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    """For callers already inside an event loop (env.py runs its own loop)."""
    await asyncio.to_thread(upgrade, database_url, revision)
