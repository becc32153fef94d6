"""A turn that fails: a bug is rolled back, answered with an apology and never retried; a busy database is
retried and apologised for to nobody. And a person who blocked the bot can come back; one who was removed
stays removed."""

from __future__ import annotations

import io
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import OperationalError

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.config import Settings
from bot.conversation.engine import Engine
from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.errors import is_transient
from bot.db.models import ChannelIdentity, Contribution, Person, ProcessedUpdate
from bot.demo import DemoInvites
from bot.domain.people import deactivate_identity
from bot.logs import RedactingFormatter, secrets_of
from bot.messages import TEXT_ONLY
from handlers.registry import build_registry
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Scripted
from tests.support.profiles import on_text_only
from tests.test_flows import count, give_money, join

TOKEN = "123456:AAE-secret-half-of-the-token"


def failing_flow() -> Flow:
    """A step that fails the way a bug does, quoting what the person typed and who they are."""
    flow = Flow("broken")

    @flow.prompt("start")
    async def start(turn: Turn) -> None:
        turn.state.data["half"] = "written"  # a change that must be rolled back
        assert turn.person is not None
        raise ValueError(f"cannot handle {turn.person.full_name} 0912345671 1.200.000 ₫ {TOKEN}")

    return flow


@pytest.fixture
def engine(app: App, clock: MovableClock) -> Engine:
    registry = build_registry()
    registry.add(failing_flow())
    registry.command(("/hong",), "broken", "start")
    return Engine(registry, app.sessionmaker, app.settings, clock)


@pytest.fixture
def log_lines(settings: Settings) -> Iterator[io.StringIO]:
    """Everything logged, through the production formatter set up with a bot token."""
    settings = settings.model_copy(update={"telegram_bot_token": TOKEN})
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter(secrets_of(settings)))
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


async def test_a_step_that_raises_is_rolled_back_apologised_for_and_never_processed_again(
    app: App, engine: Engine, invites: DemoInvites, clock: MovableClock, log_lines: io.StringIO
) -> None:
    hoa = Scripted(CollectingChannel(engine, TEXT_ONLY), "hoa", clock)
    await join(hoa, invites.member)
    await give_money(hoa)

    replies = await hoa.channel.receive("hoa", text="/hong", at=NOW, dedupe_key="update-9")
    assert len(replies) == 1
    assert "Xin lỗi" in replies[0].text and "chưa được lưu" in replies[0].text
    code = replies[0].text.rsplit(": ", 1)[1].rstrip(")")
    again = await hoa.channel.receive("hoa", text="/hong", at=NOW, dedupe_key="update-9")
    assert again == []  # recorded as processed: the messenger's redelivery does nothing
    async with app.sessionmaker() as session:
        assert await session.get(ProcessedUpdate, "update-9") is not None

    screen = await hoa.say("300k")  # still at the amount step: the failed turn changed nothing
    assert "300.000\xa0₫" in screen or "Bỏ qua" in screen

    logged = log_lines.getvalue()
    assert logged.count(code) == 1 and "ValueError at " in logged
    for private in ("Võ Thị Hoa", "0912345671", "1.200.000", TOKEN, TOKEN.split(":")[1], "300k"):
        assert private not in logged


async def test_the_apology_is_in_the_persons_language(
    app: App, engine: Engine, invites: DemoInvites, clock: MovableClock
) -> None:
    ann = Scripted(CollectingChannel(engine, TEXT_ONLY), "ann", clock)
    await ann.say(invites.member)
    await ann.say("Ann Nguyen")
    await ann.choose("Tham gia với tên này")  # a name on no list
    await ann.choose("đồng ý")
    await ann.choose("English")
    screen = await ann.say("/hong")
    assert "Sorry, something went wrong" in screen


async def test_a_busy_database_is_not_apologised_for_and_the_update_can_come_again(
    app: App, invites: DemoInvites, clock: MovableClock, db_path: Path
) -> None:
    hoa = Scripted(CollectingChannel(app.engine, TEXT_ONLY), "hoa", clock)
    await join(hoa, invites.member)
    async with app.sessionmaker() as session:  # the app's one pooled connection: do not wait for locks
        await session.execute(text("PRAGMA busy_timeout=0"))
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN EXCLUSIVE")  # another process holding the write lock
    try:
        with pytest.raises(OperationalError) as busy:
            await hoa.channel.receive("hoa", text="/tiendo", at=NOW, dedupe_key="update-12")
        assert is_transient(busy.value)
    finally:
        holder.rollback()
        holder.close()
    replies = await hoa.channel.receive("hoa", text="/tiendo", at=NOW, dedupe_key="update-12")
    assert "Tiến độ năm 2026" in replies[0].text


async def test_a_person_who_blocked_the_bot_comes_back_with_everything_they_had(app: App, hoa) -> None:
    await give_money(hoa)
    await hoa.say("200k")
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")
    async with app.sessionmaker() as session, session.begin():  # the messenger answered 403 to a send
        assert await deactivate_identity(session, "console", "hoa", now=NOW)

    screen = await hoa.say("/start")
    assert "Chào mừng anh/chị trở lại" in screen and "cần làm gì" in screen
    assert "CT-2026-000001" in await hoa.say("/tiendo")
    async with app.sessionmaker() as session:
        statuses = list(await session.scalars(select(ChannelIdentity.status)))
    assert statuses == ["active"]
    assert await count(app, Person) == 5  # four listed staff and Hoa, nobody twice
    assert await count(app, Contribution) == 1


@on_text_only
async def test_an_identity_an_officer_removed_stays_removed(app: App, hoa, invites: DemoInvites) -> None:
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(ChannelIdentity).values(status="removed"))
    for typed in ("/start", invites.member, "/menu"):
        screen = await hoa.say(typed)
        assert "đã được cán bộ phụ trách gỡ" in screen and "cần làm gì" not in screen
    async with app.sessionmaker() as session:
        assert list(await session.scalars(select(ChannelIdentity.status))) == ["removed"]
