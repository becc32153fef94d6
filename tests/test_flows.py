"""The journeys end to end through the engine and a collecting channel, once pressing buttons and once
typing numbers on a text-only channel (the Zalo and terminal experience)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.db.models import AuditLog, ChannelIdentity, Commitment, Contribution, Person
from bot.demo import DemoInvites, seed_demo
from tests.conftest import NOW


@pytest.fixture
async def invites(app: App) -> DemoInvites:
    return await seed_demo(app.sessionmaker, now=NOW)


async def join(person, code: str, name: str = "Võ Thị Hoa") -> str:  # type: ignore[no-untyped-def]
    await person.say("/start")
    await person.say(code)
    screen = await person.say(name)
    if "None of these" in screen or "Không phải" in screen:
        await person.choose("Không phải")
    await person.choose("Tôi đồng ý")
    return await person.choose("Tiếng Việt")


async def count(app: App, model) -> int:  # type: ignore[no-untyped-def]
    async with app.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_newcomer_joins_registers_logs_1tr2_and_sees_it_in_progress(app, invites, make_person) -> None:
    hoa = make_person("hoa")
    screen = await join(hoa, invites.member)
    assert "Chào mừng" in screen and "Võ Thị Hoa" in screen
    assert "Đăng ký thi đua" in screen

    await hoa.choose("Đăng ký thi đua")
    screen = await hoa.choose("Ủng hộ Quỹ")
    assert "✅" in screen
    await hoa.choose("Xong")
    screen = await hoa.say("1tr")
    assert "1.000.000\xa0₫" in screen and "lưu đăng ký này" in screen
    screen = await hoa.choose("Có")
    assert "Đã lưu" in screen

    await hoa.choose("Ghi nhận đóng góp")
    await hoa.choose("Quỹ Vì người nghèo")
    await hoa.choose("Tiền")
    screen = await hoa.say("1tr2")
    screen = await hoa.choose("Bỏ qua")
    assert "1.200.000\xa0₫" in screen
    screen = await hoa.choose("Có")
    assert "CT-2026-000001" in screen and "1.200.000\xa0₫" in screen

    screen = await hoa.choose("Tiến độ")
    assert "CT-2026-000001" in screen
    assert "1.200.000\xa0₫" in screen
    assert "chờ" in screen  # waiting for the treasurer, shown apart from confirmed
    assert await count(app, Contribution) == 1
    assert await count(app, Commitment) == 1
