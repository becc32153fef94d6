"""Clocks a test moves itself: the wall clock the app reads (`MovableClock`, from `NOW`) and a monotonic
clock that moves only when the code under test sleeps (`VirtualTime`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

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
