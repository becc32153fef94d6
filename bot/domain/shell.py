"""A command the shell prints for its reader to copy: a hint under a report, an example under a refusal.
Where the database holds several organisations, every such command names the one it is about (`--org
CODE`): without it the copied command stops at “several organisations; choose one with --org” (docs/
decisions/0260)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Organisation


async def org_to_name(session: AsyncSession, org: Organisation) -> str | None:
    """`org`'s code when other organisations share the database (a copied command must say which), else
    None: the only organisation is the default, and its commands stay as short as the guides write them."""
    count = await session.scalar(select(func.count()).select_from(Organisation))
    return org.code if (count or 0) > 1 else None


def command(words: str, org: str | None = None) -> str:
    """`chungtay WORDS`, with `--org CODE` at its end when `org` is given (`org_to_name`)."""
    return f"chungtay {words}" + (f" --org {org}" if org else "")
