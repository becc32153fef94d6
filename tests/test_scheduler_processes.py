"""Two schedulers as real processes (`chungtay run --only scheduler`) on one real PostgreSQL database: one
leads and sends the due reminders, the other stands by; killed with SIGKILL, the leader is replaced by the
other within the standby interval, and no reminder is sent twice.

Real waits with deadlines here (processes start and die in real time); no fixed sleeps."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.clock import local_date
from bot.db.engine import make_engine, make_sessionmaker
from bot.db.models import OutboxMessage, Reminder
from tests.support.launcher import PIPE, Child, Processes
from tests.support.orgs import Seeded, add_person


class Process:
    """A scheduler process and the lines it logged so far."""

    def __init__(self, process: Child) -> None:
        self.process = process
        self.lines: list[str] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            self.lines.append(line.decode(errors="replace"))

    def said(self, words: str) -> bool:
        return any(words in line for line in self.lines)


async def start(processes: Processes, env: dict[str, str], cwd: Path) -> Process:
    process = await processes.start("run", "--only", "scheduler", env=env, cwd=cwd, stderr=PIPE)
    return Process(process)


async def until(predicate: Callable[[], bool], *, deadline: float, what: str) -> None:
    end = time.monotonic() + deadline
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def add_reminder(url: str, key: str) -> None:
    from bot.db.models import Organisation, Unit

    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            now = datetime.now(UTC)
            org = await session.scalar(select(Organisation).where(Organisation.code == "ORG"))
            if org is None:
                org = Organisation(code="ORG", name="Trường Thử", created_at=now)
                session.add(org)
                await session.flush()
                unit = Unit(org_id=org.id, code="A", name="Phòng A")
                session.add(unit)
                await session.flush()
            unit = await session.scalar(select(Unit).where(Unit.org_id == org.id))
            seeded = Seeded(org, None, {"A": unit})  # type: ignore[arg-type]
            person = await add_person(session, seeded, f"Người {key}", "A", now=now)
            session.add(
                Reminder(
                    key=key,
                    org_id=org.id,
                    person_id=person.id,
                    topic="deadline",
                    title="Hạn nộp hồ sơ",
                    # On the wall clock, whatever the day: a deadline of today, ending within the hour, is
                    # said now on a Saturday, Sunday or holiday too, where one of three days ahead waited for
                    # the next working morning (decision 0234) and the test failed every weekend.
                    ends_on=local_date(now),
                    must=True,
                    priority=9,
                    due_at=now - timedelta(minutes=1),
                    ends_at=now + timedelta(hours=1),
                    status="due",
                    snoozes=0,
                    created_at=now,
                )
            )
    finally:
        await engine.dispose()


async def sent(url: str) -> tuple[int, int]:
    """(reminder outbox rows, reminders marked sent)."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = await session.scalar(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.key.like("reminder:%"))
            )
            marked = await session.scalar(
                select(func.count()).select_from(Reminder).where(Reminder.status == "sent")
            )
            return rows or 0, marked or 0
    finally:
        await engine.dispose()


async def test_a_killed_leader_is_replaced_and_nothing_is_sent_twice(
    processes: Processes, migrated_postgres_url: str, tmp_path: Path
) -> None:
    url = migrated_postgres_url
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")},
        "DATABASE_URL": url,
        "SCHEDULER_STANDBY_SECONDS": "1",
        "SCHEDULER_SCAN_SECONDS": "1",
        # on the wall clock: no quiet hours, in which no reminder goes (decision 0231), whenever it runs
        "QUIET_HOURS_START": "0",
        "QUIET_HOURS_END": "0",
        "MEDIA_DIR": str(tmp_path / "media"),
        "LOG_LEVEL": "INFO",
    }
    await add_reminder(url, "test:first")
    first = await start(processes, env, tmp_path)
    second: Process | None = None
    try:
        await until(lambda: first.said("scheduler: leading"), deadline=60, what="the first to lead")
        second = await start(processes, env, tmp_path)
        await until(lambda: second.said("scheduler: standing by"), deadline=60, what="the second to stand by")
        # (1 reminder row, 1 reminder sent): the leader sent it, once.
        deadline = time.monotonic() + 30
        while await sent(url) != (1, 1):
            assert time.monotonic() < deadline, "the first reminder was not sent"
            await asyncio.sleep(0.2)

        first.process.send_signal(signal.SIGKILL)
        await first.process.wait()
        killed_at = time.monotonic()
        await until(lambda: second.said("scheduler: leading"), deadline=60, what="the second to take over")
        assert time.monotonic() - killed_at < 60

        await add_reminder(url, "test:second")
        deadline = time.monotonic() + 30
        while await sent(url) != (2, 2):
            assert time.monotonic() < deadline, f"the second reminder was not sent once: {await sent(url)}"
            await asyncio.sleep(0.2)
        assert not second.said("job reminders.send failed")
    finally:
        for proc in (first, second):
            if proc is not None and proc.process.returncode is None:
                proc.process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(proc.process.wait(), 20)
                except TimeoutError:
                    proc.process.kill()
                    await proc.process.wait()
