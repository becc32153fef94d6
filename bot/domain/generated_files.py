"""Files the bot makes for a message and no longer needs: the digests' charts (media_dir/charts/, PNG), the
public statements' sheets and the treasurers' ledgers (media_dir/statements/, XLSX) and the reports' documents
(media_dir/documents/, DOCX). The daily job `files.cleanup` removes those older than GENERATED_FILES_KEEP_DAYS
(7 by default), unless a message still waiting in the outbox refers to one (a chart or a file it will send, a
sheet its text names).
Nothing else in media_dir is ever touched: evidence photos (receipts, transfers) are records, kept with their
contributions.
"""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db.models import OutboxMessage

log = logging.getLogger(__name__)

# The only folders of media_dir this module reads or removes from.
GENERATED_DIRS = ("charts", "statements", "documents")


def _old_files(media_dir: Path, before: datetime) -> list[tuple[str, Path]]:
    """(folder/name, path) of the plain files in the generated folders last changed before `before`. Not
    recursive, and a symbolic link is never followed nor removed."""
    found = []
    limit = before.timestamp()
    for folder in GENERATED_DIRS:
        directory = media_dir / folder
        if not directory.is_dir() or directory.is_symlink():
            continue
        with os.scandir(directory) as entries:
            for entry in entries:
                if not entry.is_file(follow_symlinks=False):
                    continue
                if entry.stat(follow_symlinks=False).st_mtime < limit:
                    found.append((f"{folder}/{entry.name}", Path(entry.path)))
    return found


def _remove(paths: list[Path]) -> int:
    removed = 0
    for path in paths:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


async def _still_wanted(session: AsyncSession, old: list[tuple[str, Path]]) -> set[str]:
    """Which of the old files (folder/name) a message not yet sent refers to: a picture or a file it will
    send, or a sheet its text names. Asked of the database for these files only, never by reading every
    waiting row (an appeal may leave thousands waiting)."""
    pending = OutboxMessage.status == "pending"
    wanted: set[str] = set()
    relatives = [relative for relative, _path in old]
    for sent in (OutboxMessage.payload["photo"], OutboxMessage.payload[("document", "path")]):
        path = sent.as_string()
        for start in range(0, len(relatives), 500):
            chunk = relatives[start : start + 500]
            wanted |= set(await session.scalars(select(path).where(pending, path.in_(chunk)).distinct()))
    text = OutboxMessage.payload["text"].as_string()
    for relative, path in old:
        if relative.startswith("statements/") and relative not in wanted:
            named = await session.scalar(
                select(OutboxMessage.id).where(pending, text.contains(path.name, autoescape=True)).limit(1)
            )
            if named is not None:
                wanted.add(relative)
    return wanted


async def remove_old_files(session: AsyncSession, *, now: datetime, settings: Settings) -> int:
    """Remove the generated files older than the settings' age that no waiting message refers to; how many."""
    before = now - timedelta(days=settings.generated_files_keep_days)
    old = await asyncio.to_thread(_old_files, settings.media_dir, before)
    if not old:
        return 0
    wanted = await _still_wanted(session, old)
    doomed = [path for relative, path in old if relative not in wanted]
    removed = await asyncio.to_thread(_remove, doomed)
    if removed or len(doomed) < len(old):
        log.info("generated files: %d removed, %d kept for waiting messages", removed, len(old) - len(doomed))
    return removed
