"""The daily `files.cleanup` job on real files in a real media directory, with an injected clock, on SQLite
and PostgreSQL: charts and statement sheets older than the kept days go, unless a message still waiting in the
outbox refers to one; newer ones, and evidence photos whatever their age, stay."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.db.models import OutboxMessage
from bot.delivery.outbox import Destination, Queued, enqueue_many
from bot.delivery.transport import OutboundMessage
from bot.media import store
from bot.messages import Document
from scheduler.jobs import JobContext, build_jobs
from tests.support.clocks import NOW


def made(path: Path, at: datetime, content: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.utime(path, (at.timestamp(), at.timestamp()))
    return path


async def test_old_charts_and_sheets_go_unless_a_waiting_message_needs_them(any_app: App) -> None:
    db, settings = any_app.sessionmaker, any_app.settings
    media = settings.media_dir
    old, recent = NOW - timedelta(days=8), NOW - timedelta(days=6)
    old_chart = made(media / "charts" / "digest-1-2026W47-5-3-vi.png", old)
    waiting_chart = made(media / "charts" / "digest-1-2026W47-6-3-vi.png", old)
    sent_chart = made(media / "charts" / "digest-1-2026W47-7-3-vi.png", old)
    new_chart = made(media / "charts" / "digest-1-2026W48-5-3-vi.png", recent)
    old_sheet = made(media / "statements" / "1-cao-diem-20261101-090000.xlsx", old)
    waiting_sheet = made(media / "statements" / "1-cao-diem-20261102-090000.xlsx", old)
    old_report = made(media / "documents" / "1-bao-cao-2026-20261101-090000.docx", old)
    waiting_report = made(media / "documents" / "1-bao-cao-2026-20261102-090000.docx", old)
    evidence = store(media, b"\xff\xd8\xff an old receipt photo")
    os.utime(media / evidence.path, (old.timestamp(), old.timestamp()))
    other = made(media / "other.png", old)  # not one of the generated folders

    telegram = Destination("telegram", "7001")
    async with db() as session, session.begin():
        await enqueue_many(
            session,
            [
                Queued(
                    "chart:waiting",
                    telegram,
                    OutboundMessage(text="Chart", photo="charts/" + waiting_chart.name),
                ),
                Queued(
                    "chart:sent", telegram, OutboundMessage(text="Chart", photo="charts/" + sent_chart.name)
                ),
                Queued(
                    "sheet:waiting", telegram, OutboundMessage(text=f"The sheet is saved: {waiting_sheet}")
                ),
                Queued(
                    "report:waiting",
                    telegram,
                    OutboundMessage(
                        text="The year's report",
                        document=Document(f"documents/{waiting_report.name}", "b.docx", "On the server."),
                    ),
                ),
            ],
            now=old,
        )
        sent = await session.scalar(select(OutboxMessage).where(OutboxMessage.key == "chart:sent"))
        sent.status = "sent"

    job = next(job for job in build_jobs(settings) if job.id == "files.cleanup")
    ctx = JobContext(db, settings)
    assert await job.fn(ctx, NOW) == 4
    assert not old_chart.exists() and not sent_chart.exists() and not old_sheet.exists()
    assert not old_report.exists()
    # a message not yet sent still needs them: a picture, a sheet its text names, a file it hands over
    assert waiting_chart.exists() and waiting_sheet.exists() and waiting_report.exists()
    assert new_chart.exists()  # six days old: kept for seven
    assert (media / evidence.path).exists() and other.exists()  # never touched
    assert await job.fn(ctx, NOW) == 0

    # A day later the new chart is eight days old too; a shorter setting applies at once.
    assert await job.fn(ctx, NOW + timedelta(days=2)) == 1
    assert not new_chart.exists()
    shorter = settings.model_copy(update={"generated_files_keep_days": 1})
    fresh = made(media / "charts" / "digest-1-2026W49-5-3-vi.png", NOW - timedelta(days=2))
    assert await job.fn(JobContext(db, shorter), NOW) == 1 and not fresh.exists()


async def test_no_media_directory_yet_is_nothing_to_do(db, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    job = next(job for job in build_jobs(settings) if job.id == "files.cleanup")
    assert not settings.media_dir.exists()
    assert await job.fn(JobContext(db, settings), NOW) == 0


async def test_a_file_in_its_own_random_folder_goes_with_its_folder_unless_a_waiting_message_needs_it(
    any_app: App, tmp_path: Path
) -> None:
    """Sheets and documents are kept as `folder/<random>/<readable name>`: the clean-up removes an old one and
    its folder, keeps one a waiting message hands over or names (by its folder: many sheets share a name),
    still removes flat files kept before that layout, and never follows a symbolic link."""
    db, settings = any_app.sessionmaker, any_app.settings
    media = settings.media_dir
    old, recent = NOW - timedelta(days=8), NOW - timedelta(days=6)
    sheet = "sao-ke-cao-diem-2026.xlsx"
    old_report = made(media / "documents" / "a1" / "bao-cao-phong-a-2026.docx", old)
    waiting_report = made(media / "documents" / "b2" / "bao-cao-phong-a-2026.docx", old)
    new_report = made(media / "documents" / "c3" / "bao-cao-phong-a-2026.docx", recent)
    old_sheet = made(media / "statements" / "d4" / sheet, old)
    named_sheet = made(media / "statements" / "e5" / sheet, old)
    flat_report = made(media / "documents" / "1-bao-cao-2026-20261101-090000-0123456789abcdef.docx", old)
    empty = media / "documents" / "f6"  # a folder whose file was never written
    empty.mkdir()
    os.utime(empty, (old.timestamp(), old.timestamp()))
    # Links: a folder pointing outside the generated folders, and a file pointing at a record.
    outside = made(tmp_path / "elsewhere" / "keep.docx", old)
    (media / "documents" / "linked").symlink_to(outside.parent, target_is_directory=True)
    record = made(media / "ab" / "receipt.jpg", old)
    made(media / "documents" / "g7" / "placeholder", recent)
    (media / "documents" / "g7" / "receipt.docx").symlink_to(record)

    telegram = Destination("telegram", "7001")
    async with db() as session, session.begin():
        await enqueue_many(
            session,
            [
                Queued(
                    "report:waiting",
                    telegram,
                    OutboundMessage(
                        text="The year's report",
                        document=Document(
                            "documents/b2/bao-cao-phong-a-2026.docx",
                            "bao-cao-phong-a-2026.docx",
                            "On the server.",
                        ),
                    ),
                ),
                Queued("sheet:waiting", telegram, OutboundMessage(text=f"The sheet is saved: {named_sheet}")),
            ],
            now=old,
        )

    job = next(job for job in build_jobs(settings) if job.id == "files.cleanup")
    assert await job.fn(JobContext(db, settings), NOW) == 3
    assert not old_report.exists() and not old_report.parent.exists()  # the file and its folder
    assert not old_sheet.exists() and not old_sheet.parent.exists()  # same name as the one named: still gone
    assert not flat_report.exists()  # kept before the random folders: cleaned up all the same
    assert not empty.exists()
    assert waiting_report.exists() and named_sheet.exists() and new_report.exists()
    assert outside.exists() and (media / "documents" / "linked").is_symlink()  # never followed
    assert record.exists() and (media / "documents" / "g7" / "receipt.docx").is_symlink()
