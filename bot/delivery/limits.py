"""Send-rate limits shared by replies and, later, broadcasts.

A generic cell rate algorithm per key: each key may send `rate` messages per `period` with a burst of `burst`.
The clock and the sleep are injected so tests prove the limits without waiting (see decision 0005)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Limiter:
    rate: int
    period: float
    burst: int = 1
    clock: Callable[[], float] = time.monotonic
    sleep: Sleep = asyncio.sleep
    _tat: dict[object, float] = field(default_factory=dict)

    @property
    def interval(self) -> float:
        return self.period / self.rate

    def reserve(self, key: object = None) -> float:
        """Book the next slot for `key` and return how long to wait for it (0 when free now)."""
        now = self.clock()
        tat = max(self._tat.get(key, now), now)
        wait = max(0.0, tat - (self.burst - 1) * self.interval - now)
        self._tat[key] = tat + self.interval
        if len(self._tat) > 10_000:
            self._forget(now)
        return wait

    async def acquire(self, key: object = None) -> float:
        wait = self.reserve(key)
        if wait > 0:
            await self.sleep(wait)
        return wait

    def _forget(self, now: float) -> None:
        for key in [k for k, tat in self._tat.items() if tat < now]:
            del self._tat[key]


@dataclass
class TelegramLimits:
    """About 30 messages/s overall, 1/s per chat (short bursts allowed), 20/min per group. The overall and
    per-chat rates can be set (a self-hosted Bot API server, a benchmark); Telegram's are the defaults.

    Overall, messages are paced evenly (no burst): Telegram counts arrivals, which a network delay bunches
    up, so a sender that used burst credit would arrive early and be refused; at an even pace the server's own
    tolerance absorbs the jitter. Measured: a burst of L made a 429 every second or so at steady state."""

    clock: Callable[[], float] = time.monotonic
    sleep: Sleep = asyncio.sleep
    per_second: int = 30
    per_chat_per_second: int = 1
    overall: Limiter = field(init=False)
    per_chat: Limiter = field(init=False)
    per_group: Limiter = field(init=False)

    def __post_init__(self) -> None:
        clock, sleep = self.clock, self.sleep
        self.overall = Limiter(self.per_second, 1.0, burst=1, clock=clock, sleep=sleep)
        self.per_chat = Limiter(self.per_chat_per_second, 1.0, burst=3, clock=clock, sleep=sleep)
        self.per_group = Limiter(20, 60.0, burst=5, clock=clock, sleep=sleep)

    async def acquire(self, chat_id: int | str, *, group: bool | None = None) -> None:
        """Wait for a slot for one message to `chat_id`. Telegram's groups have negative ids, so unless told,
        a negative id is held to the group limit (the sender calls `acquire(chat_id)` alone)."""
        if group is None:
            group = str(chat_id).startswith("-")
        await (self.per_group if group else self.per_chat).acquire(chat_id)
        await self.overall.acquire()


@dataclass
class PacedLimits:
    """Limits of our own for a messenger that publishes none (Zalo answers overuse with a 429 "Quota
    exceeded"): an even pace overall and a per-chat rate with a burst of three, both from the settings."""

    per_second: int
    per_chat_per_second: int = 1
    clock: Callable[[], float] = time.monotonic
    sleep: Sleep = asyncio.sleep
    overall: Limiter = field(init=False)
    per_chat: Limiter = field(init=False)

    def __post_init__(self) -> None:
        clock, sleep = self.clock, self.sleep
        self.overall = Limiter(self.per_second, 1.0, burst=1, clock=clock, sleep=sleep)
        self.per_chat = Limiter(self.per_chat_per_second, 1.0, burst=3, clock=clock, sleep=sleep)

    async def acquire(self, chat_id: int | str) -> None:
        await self.per_chat.acquire(chat_id)
        await self.overall.acquire()
