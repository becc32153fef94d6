"""The scheduler's place in the runtime. Nothing is scheduled yet: reminders and digests will run here (one
process leads, by a named lock, as the sender does). Until then the slot only waits to be stopped, so that
`chungtay run --only scheduler` and the runtime's shape are already what they will be."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


class SchedulerSlot:
    name = "scheduler"

    def __init__(self) -> None:
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        log.info("scheduler: an empty slot, nothing is scheduled yet; waiting to be stopped")
        await self._stopping.wait()

    async def stop(self) -> None:
        self._stopping.set()

    def health(self) -> dict[str, object]:
        return {"state": "ok", "jobs": 0}
