"""Files the bot makes for a message and no longer needs: the digests' charts (media_dir/charts/, PNG), the
public statements' sheets and the treasurers' ledgers (media_dir/statements/, XLSX), the reports' documents
(media_dir/documents/, DOCX) and the receipts' VietQR codes (media_dir/qr/, PNG). The daily job
`files.cleanup` removes those older than GENERATED_FILES_KEEP_DAYS (7 by default), unless a message still
waiting in the outbox refers to one (a chart or a file it will send, a sheet its text names).
A sheet or a document lives in a random folder of its own under its readable name
(`documents/<random>/bao-cao-phong-a-2026.docx`, handlers.common.kept_file): the clean-up looks that one
level down and removes the folder once empty; files kept flat in the folder (charts, and files written before
that layout) are removed the same way. Nothing else in media_dir is ever touched: evidence photos (receipts,
transfers) are records, kept with their contributions.
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
from bot.db.ops import in_chunks

log = logging.getLogger(__name__)

# The only folders of media_dir this module reads or removes from.
GENERATED_DIRS = ("charts", "statements", "documents", "qr")


def _old_files(media_dir: Path, before: datetime) -> tuple[list[tuple[str, Path]], list[Path]]:
    """(folder/name or folder/random/name, path) of the plain files in the generated folders, and in the
    folders one level below them, last changed before `before`; and those folders one level below. No deeper,
    and a symbolic link is never followed nor removed."""
    found: list[tuple[str, Path]] = []
    below: list[Path] = []
    limit = before.timestamp()

    def old(entry: os.DirEntry[str]) -> bool:
        return entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit

    for folder in GENERATED_DIRS:
        directory = media_dir / folder
        if not directory.is_dir() or directory.is_symlink():
            continue
        with os.scandir(directory) as entries:
            for entry in entries:
                if old(entry):
                    found.append((f"{folder}/{entry.name}", Path(entry.path)))
                elif entry.is_dir(follow_symlinks=False):
                    below.append(Path(entry.path))
                    with os.scandir(entry.path) as inside:
                        found.extend(
                            (f"{folder}/{entry.name}/{file.name}", Path(file.path))
                            for file in inside
                            if old(file)
                        )
    return found, below


def _remove(paths: list[Path], below: list[Path], before: datetime) -> int:
    """Remove the files `paths`, then each folder of `below` left empty that one of them was in or that was
    last changed before `before` (a folder just made for a file being written is left alone)."""
    removed = 0
    emptied = set()
    for path in paths:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
        emptied.add(path.parent)
    for folder in below:
        try:
            if folder in emptied or folder.stat(follow_symlinks=False).st_mtime < before.timestamp():
                folder.rmdir()  # only when empty
        except OSError:
            pass
    return removed


async def _still_wanted(session: AsyncSession, old: list[tuple[str, Path]]) -> set[str]:
    """Which of the old files (their paths relative to media_dir) a message not yet sent refers to: a picture
    or a file it will send, or a sheet its text names. Asked of the database for these files only, never by
    reading every waiting row (an appeal may leave thousands waiting)."""
    pending = OutboxMessage.status == "pending"
    wanted: set[str] = set()
    relatives = [relative for relative, _path in old]
    for sent in (OutboxMessage.payload["photo"], OutboxMessage.payload[("document", "path")]):
        path = sent.as_string()
        for chunk in in_chunks(relatives, 500):
            wanted |= set(await session.scalars(select(path).where(pending, path.in_(chunk)).distinct()))
    text = OutboxMessage.payload["text"].as_string()
    for relative, _path in old:
        if relative.startswith("statements/") and relative not in wanted:
            # Its name, with its random folder when it has one: other sheets have the same readable name.
            named_as = relative.removeprefix("statements/")
            named = await session.scalar(
                select(OutboxMessage.id).where(pending, text.contains(named_as, autoescape=True)).limit(1)
            )
            if named is not None:
                wanted.add(relative)
    return wanted


async def remove_old_files(session: AsyncSession, *, now: datetime, settings: Settings) -> int:
    """Remove the generated files older than the settings' age that no waiting message refers to; how many."""
    before = now - timedelta(days=settings.generated_files_keep_days)
    old, below = await asyncio.to_thread(_old_files, settings.media_dir, before)
    if not old and not below:
        return 0
    wanted = await _still_wanted(session, old) if old else set()
    doomed = [path for relative, path in old if relative not in wanted]
    removed = await asyncio.to_thread(_remove, doomed, below, before)
    if removed or len(doomed) < len(old):
        log.info("generated files: %d removed, %d kept for waiting messages", removed, len(old) - len(doomed))
    return removed
