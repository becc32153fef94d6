"""Sending limits, proved on a virtual clock: nothing here waits for real."""

from __future__ import annotations

from bot.delivery.limits import Limiter, TelegramLimits
from tests.support.clocks import VirtualTime


async def test_one_chat_gets_a_short_burst_then_one_message_a_second() -> None:
    time = VirtualTime(now=0.0)
    limits = TelegramLimits(clock=time, sleep=time.sleep)
    for _ in range(5):
        await limits.acquire(42)
    # Three in a row (only the overall pace between them), then the 4th and 5th a second apart.
    assert len([s for s in time.slept if s > 0.5]) == 2
    assert abs(time.now - 2.0) < 1e-9


async def test_different_chats_wait_only_for_the_overall_pace_never_for_each_other() -> None:
    time = VirtualTime(now=0.0)
    limits = TelegramLimits(clock=time, sleep=time.sleep)
    for chat in range(30):
        await limits.acquire(chat)
    assert max(time.slept) < 0.04  # a thirtieth of a second apart, not a second


async def test_the_overall_limit_paces_thirty_a_second_evenly() -> None:
    time = VirtualTime(now=0.0)
    limits = TelegramLimits(clock=time, sleep=time.sleep)
    for chat in range(90):
        await limits.acquire(chat)
    # No burst: the 90th message goes 89/30 s after the first, never two closer than 1/30 s.
    assert abs(time.now - 89 / 30) < 1e-9
    assert min(time.slept) > 1 / 30 - 1e-9


async def test_a_group_gets_twenty_messages_a_minute() -> None:
    time = VirtualTime(now=0.0)
    limits = TelegramLimits(clock=time, sleep=time.sleep)
    for _ in range(25):
        await limits.acquire(-100, group=True)
    assert abs(time.now - 20 * 3.0) < 1e-9  # burst of 5, then one every 3 seconds


async def test_a_negative_chat_id_is_a_group_and_held_to_the_group_limit() -> None:
    time = VirtualTime(now=0.0)
    limits = TelegramLimits(clock=time, sleep=time.sleep)
    for _ in range(6):
        await limits.acquire("-100123")
    assert abs(time.now - 3.0) < 1e-9  # the group's burst of 5, then one every 3 seconds
    for _ in range(3):
        await limits.acquire("100123")
    assert time.now < 3.2  # a private chat with the same digits has its own allowance


async def test_a_quiet_key_regains_its_burst() -> None:
    time = VirtualTime(now=0.0)
    limiter = Limiter(1, 1.0, burst=3, clock=time, sleep=time.sleep)
    for _ in range(3):
        assert limiter.reserve("a") == 0
    time.now += 10
    assert [limiter.reserve("a") for _ in range(4)] == [0, 0, 0, 1.0]
