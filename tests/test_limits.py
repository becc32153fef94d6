"""Sending limits, proved on a virtual clock: nothing here waits for real."""

from __future__ import annotations

from bot.delivery.limits import Limiter, TelegramLimits
from tests.conftest import VirtualTime


async def test_one_chat_gets_a_short_burst_then_one_message_a_second() -> None:
    time = VirtualTime(now=0.0)
    limits = TelegramLimits(clock=time, sleep=time.sleep)
    for _ in range(5):
        await limits.acquire(42)
    assert time.slept == [1.0, 1.0]  # three at once, then the 4th and 5th wait a second each
    assert time.now == 2.0


async def test_different_chats_do_not_wait_for_each_other_below_the_overall_limit() -> None:
    time = VirtualTime(now=0.0)
    limits = TelegramLimits(clock=time, sleep=time.sleep)
    for chat in range(30):
        await limits.acquire(chat)
    assert time.slept == []


async def test_the_overall_limit_holds_at_thirty_a_second() -> None:
    time = VirtualTime(now=0.0)
    limits = TelegramLimits(clock=time, sleep=time.sleep)
    for chat in range(90):
        await limits.acquire(chat)
    # 30 go at once, the next 60 are spread over the following two seconds.
    assert abs(time.now - 2.0) < 1e-9


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
    assert time.slept == [3.0]  # the group's burst of 5, then one every 3 seconds
    for _ in range(3):
        await limits.acquire("100123")
    assert time.slept == [3.0]  # a private chat with the same digits has its own allowance


async def test_a_quiet_key_regains_its_burst() -> None:
    time = VirtualTime(now=0.0)
    limiter = Limiter(1, 1.0, burst=3, clock=time, sleep=time.sleep)
    for _ in range(3):
        assert limiter.reserve("a") == 0
    time.now += 10
    assert [limiter.reserve("a") for _ in range(4)] == [0, 0, 0, 1.0]


async def test_answering_buttons_does_not_use_up_the_chats_message_allowance() -> None:
    from bot.channels.telegram.sender import TelegramSender

    time = VirtualTime(now=0.0)
    limits = TelegramLimits(clock=time, sleep=time.sleep)

    class Recorder:
        async def __call__(self, method):  # type: ignore[no-untyped-def]
            return True

    async def blocked(_chat: str) -> None:
        raise AssertionError("not blocked")

    sender = TelegramSender(Recorder(), limits, on_blocked=blocked, sleep=time.sleep)  # type: ignore[arg-type]
    for _ in range(5):
        await sender.call(42, object(), message=False)  # type: ignore[arg-type]
    for _ in range(3):
        await sender.call(42, object())  # type: ignore[arg-type]
    assert time.slept == []  # five button answers, then still the full burst of three messages
