"""The Zalo channel wired to a fake Zalo server for tests: the app, the adapter, the client and a sender
on virtual time, and a person's side of the chat (type text, choose an option by its number)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.app import App
from bot.channels.zalo.adapter import ZaloAdapter
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.transport import ZaloTransport
from bot.db.models import InboundUpdate, OutboxMessage
from bot.delivery.limits import PacedLimits
from bot.delivery.sender import Sender
from bot.text import fold
from tests.support.clocks import VirtualTime
from tests.support.fake_zalo import FakeZalo, FakeZaloUser, ZaloSent

HANDLED_WITHIN = 10.0


@dataclass
class ZaloHarness:
    zalo: FakeZalo
    app: App
    client: ZaloClient
    adapter: ZaloAdapter
    sender: Sender
    time: VirtualTime
    invites: Any = None  # the demo's invite codes, when the test seeded them

    @classmethod
    def build(cls, zalo: FakeZalo, app: App, *, media_url: str | None = None) -> ZaloHarness:
        client = ZaloClient(zalo.token, base=zalo.base_url)
        time = VirtualTime()
        start = time.now
        limits = PacedLimits(5, 1, clock=time, sleep=time.sleep)
        transport = ZaloTransport(client, media_url=media_url, default_locale=app.settings.default_locale)
        sender = Sender(
            app.sessionmaker,
            {"zalo": transport},
            limits={"zalo": limits},
            clock=lambda: app.engine.clock() + timedelta(seconds=time.now - start),
            monotonic=time,
            sleep=time.sleep,
        )
        app.engine.after_commit.append(sender.wake)
        adapter = ZaloAdapter(
            app,
            client,
            bot_id=zalo.bot_id,
            sleep=time.sleep,
            capabilities=transport.capabilities,
            clock=sender.clock,  # an update reaches us by the clock its answer is sent by
        )
        zalo.clock = sender.clock  # Zalo stamps messages by the test's clock, never the wall clock
        return cls(zalo, app, client, adapter, sender, time)

    async def close(self) -> None:
        self.adapter.cancel()
        await self.client.close()

    async def handled(self, message_id: str) -> None:
        """Wait until the update was stored and handled: its turn is committed, its replies in the outbox."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + HANDLED_WITHIN
        while True:
            async with self.app.sessionmaker() as session:
                at = await session.scalar(
                    select(InboundUpdate.handled_at).where(InboundUpdate.key == f"zalo:{message_id}")
                )
            if at is not None:
                break
            if loop.time() > deadline:
                raise AssertionError(f"update {message_id} not handled")
            await asyncio.sleep(0.01)
        await self.adapter.finish()

    async def deliver(self) -> None:
        """Let the sender send what the outbox holds, moving virtual time on to each retry it scheduled."""
        for _round in range(20):
            await self.sender.drain()
            async with self.app.sessionmaker() as session:
                pending = select(OutboxMessage.not_before).where(OutboxMessage.status == "pending")
                if await session.scalar(pending.limit(1)) is None:
                    return
                # The next retry; a row held back behind it (its chat's order) has its own time past already.
                due = await session.scalar(
                    pending.where(OutboxMessage.not_before > self.sender.clock())
                    .order_by(OutboxMessage.not_before)
                    .limit(1)
                )
            if due is None:
                raise AssertionError("rows wait in the outbox that no retry will send")
            due = due if due.tzinfo is not None else due.replace(tzinfo=UTC)
            await self.time.sleep(max((due - self.sender.clock()).total_seconds(), 0.0))
        raise AssertionError("the outbox still holds rows to send after 20 rounds")

    async def exchange(self, user: FakeZaloUser, sending) -> str:  # type: ignore[no-untyped-def]
        """What reached the chat in answer to one message (`sending` sends it, returning its id)."""
        before = len(user.messages())
        await self.handled(await sending)
        await self.deliver()
        return text_of(user.messages()[before:])

    async def ask(self, user: FakeZaloUser, text: str) -> str:
        return await self.exchange(user, user.send(text))

    async def choose(self, user: FakeZaloUser, label: str) -> str:
        """Type the number the last menu shows for the option `label`."""
        return await self.ask(user, number_of(user, label))

    async def count(self, model) -> int:  # type: ignore[no-untyped-def]
        async with self.app.sessionmaker() as session:
            return await session.scalar(select(func.count()).select_from(model)) or 0


def number_of(user: FakeZaloUser, label: str) -> str:
    """The number of the option `label` in the latest numbered menu of the chat."""
    for message in reversed(user.messages()):
        for line in reversed(message.text.splitlines()):
            number, dot, option = line.partition(". ")
            if dot and number.isdigit() and fold(label) in fold(option):
                return number
    raise AssertionError(f"no option {label!r} on screen")


def text_of(messages: list[ZaloSent]) -> str:
    return "\n---\n".join(m.text for m in messages)


def utc(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
