"""The journeys once per channel, each the way its people use it: the terminal (numbers typed), Telegram
(buttons pressed, over HTTP to a fake Bot API server) and Zalo (numbers typed, over HTTP to a fake Zalo
server, no buttons, no edits, no deep links). Every flow that works on one works on the others: joining with
an invite code typed as the first message, a commitment, a contribution with a photo of the receipt,
progress, a treasurer's confirmation that the giver hears of, with an action they can use from the notice,
and an officer's appeal that a member gives from."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import select

from bot.app import App, build_app
from bot.channels.collecting import CollectingChannel
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.runner import poll as poll_telegram
from bot.channels.telegram.transport import TelegramTransport
from bot.channels.zalo.poller import poll as poll_zalo
from bot.config import Settings
from bot.db.models import Organisation
from bot.delivery.limits import TelegramLimits
from bot.delivery.sender import Sender
from bot.demo import DEMO_ORG, DemoInvites
from bot.domain.invites import create_invite
from bot.media import store
from bot.messages import TEXT_ONLY, Photo
from tests.support.bots import LocalSession
from tests.support.clocks import NOW, MovableClock, VirtualTime
from tests.support.fake_telegram import FakeTelegram, FakeUser
from tests.support.fake_zalo import FakeZalo, FakeZaloUser
from tests.support.people import Person as Scripted
from tests.support.zalo import ZaloHarness, number_of
from tests.test_telegram import Harness, text_of

CHANNELS = ["terminal", "telegram", "zalo"]


class Chat(Protocol):
    """One person's side of a chat, whatever the messenger: what each step answered, as they read it."""

    async def say(self, text: str) -> str: ...
    async def choose(self, label: str) -> str: ...
    async def send_photo(self, content: bytes, caption: str) -> str: ...
    async def use_action(self, label: str) -> str: ...
    def everything(self) -> str: ...


# --- the terminal -------------------------------------------------------------------------------------------


@dataclass
class TerminalChat:
    person: Scripted
    media_dir: Path

    async def say(self, text: str) -> str:
        return await self.person.say(text)

    async def choose(self, label: str) -> str:
        return await self.person.choose(label)

    async def send_photo(self, content: bytes, caption: str) -> str:
        """The terminal has no camera: the picture comes as a channel that downloaded it passes it on."""
        stored = store(self.media_dir, content)
        photo = Photo(stored.sha256, stored.path, stored.size, caption=caption)
        self.person.clock.advance(seconds=1)
        self.person.last = await self.person.channel.receive(
            self.person.chat_id, photo=photo, at=self.person.clock()
        )
        return self.person.screen

    async def use_action(self, label: str) -> str:
        line = next(line for line in self.everything().splitlines() if line.endswith(f" — {label}"))
        return await self.say(line.split(" — ")[0])

    def everything(self) -> str:
        transport = self.person.channel.transport
        return "\n---\n".join(transport.show(m) for m in transport.messages(self.person.chat_id))


# --- Telegram -----------------------------------------------------------------------------------------------


@dataclass
class TelegramChat:
    h: Harness
    user: FakeUser

    async def say(self, text: str) -> str:
        return await self.h.ask(self.user, text)

    async def choose(self, label: str) -> str:
        return await self.h.choose(self.user, label)

    async def send_photo(self, content: bytes, caption: str) -> str:
        return text_of(await self.h.reply(self.user, await self.user.send_photo(content, caption=caption)))

    async def use_action(self, label: str) -> str:
        return await self.choose(label)

    def everything(self) -> str:
        return "\n---\n".join(m.text for m in self.user.messages())


# --- Zalo ---------------------------------------------------------------------------------------------------


@dataclass
class ZaloChat:
    h: ZaloHarness
    user: FakeZaloUser

    async def say(self, text: str) -> str:
        return await self.h.ask(self.user, text)

    async def choose(self, label: str) -> str:
        return await self.h.choose(self.user, label)

    async def send_photo(self, content: bytes, caption: str) -> str:
        return await self.h.exchange(self.user, self.user.send_photo(content, caption=caption))

    async def use_action(self, label: str) -> str:
        line = next(line for line in self.everything().splitlines() if line.endswith(f" — {label}"))
        return await self.say(line.split(" — ")[0])

    def everything(self) -> str:
        return "\n---\n".join(m.text for m in self.user.messages())


# --- the channels, set up -----------------------------------------------------------------------------------


@dataclass
class Scene:
    app: App
    invites: DemoInvites
    person: object  # name -> Chat

    def chat(self, name: str) -> Chat:
        return self.person(name)  # type: ignore[operator, no-any-return]


def settings_for(db_path: Path, tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{db_path}",
        media_dir=tmp_path / "media",
        _env_file=None,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture(params=CHANNELS)
async def scene(
    request: pytest.FixtureRequest, db_path: Path, tmp_path: Path, demo_invites: DemoInvites
) -> AsyncIterator[Scene]:
    """The demo school (the test's file is a copy of the seeded demo) on the chosen channel."""
    clock = MovableClock(NOW)
    if request.param == "terminal":
        app = build_app(settings_for(db_path, tmp_path), clock)
        invites = demo_invites
        channel = CollectingChannel(app.engine, TEXT_ONLY)
        yield Scene(
            app,
            invites,
            lambda name: TerminalChat(Scripted(channel, name, clock), app.settings.media_dir),
        )
        await app.close()
    elif request.param == "telegram":
        async for scene in _telegram(db_path, tmp_path, clock, demo_invites):
            yield scene
    else:
        async for scene in _zalo(db_path, tmp_path, clock, demo_invites):
            yield scene


async def _telegram(
    db_path: Path, tmp_path: Path, clock: MovableClock, invites: DemoInvites
) -> AsyncIterator[Scene]:
    tg = FakeTelegram()
    await tg.start()
    app = build_app(
        settings_for(db_path, tmp_path, telegram_bot_token=tg.token, telegram_api_base=tg.base_url), clock
    )
    bot = Bot(tg.token, session=LocalSession(api=TelegramAPIServer.from_base(tg.base_url)))
    time = VirtualTime()
    start = time.now
    limits = TelegramLimits(clock=time, sleep=time.sleep)
    sender = Sender(
        app.sessionmaker,
        {"telegram": TelegramTransport(bot, app.settings.media_dir)},
        limits={"telegram": limits},
        clock=lambda: app.engine.clock() + timedelta(seconds=time.now - start),
        monotonic=time,
        sleep=time.sleep,
    )
    app.engine.after_commit.append(sender.wake)
    adapter = TelegramAdapter(app, bot, username=tg.bot_username, limits=limits)
    h = Harness(tg, app, bot, adapter, sender, time, invites)
    polling = asyncio.create_task(poll_telegram(adapter, bot, timeout=1, sleep=time.sleep))
    users = iter(range(901, 999))
    try:
        yield Scene(app, invites, lambda name: TelegramChat(h, tg.user(next(users), name)))
    finally:
        polling.cancel()
        await asyncio.gather(polling, return_exceptions=True)
        await bot.session.close()
        await app.close()
        await tg.stop()


async def _zalo(
    db_path: Path, tmp_path: Path, clock: MovableClock, invites: DemoInvites
) -> AsyncIterator[Scene]:
    zalo = FakeZalo()
    await zalo.start()
    app = build_app(
        settings_for(db_path, tmp_path, zalo_bot_token=zalo.token, zalo_api_base=zalo.base_url), clock
    )
    h = ZaloHarness.build(zalo, app)
    polling = asyncio.create_task(poll_zalo(h.adapter, h.client, timeout=1, sleep=h.time.sleep))
    try:
        yield Scene(app, invites, lambda name: ZaloChat(h, zalo.user(name)))
    finally:
        polling.cancel()
        await asyncio.gather(polling, return_exceptions=True)
        await h.close()
        await app.close()
        await zalo.stop()


# --- the journeys -------------------------------------------------------------------------------------------


async def join(chat: Chat, code: str, name: str) -> str:
    """The invite code typed as the first message (Zalo has no deep links), then name, consent, language."""
    assert "họ và tên" in await chat.say(code)
    screen = await chat.say(name)
    if "4 số cuối" in screen:
        await chat.choose("thành viên mới")
    elif "không có ai tên" in screen:  # a name on no list (Telegram's screen shows no buttons' labels)
        await chat.choose("Tham gia với tên này")
    await chat.choose("Tôi đồng ý")
    return await chat.choose("Tiếng Việt")


async def test_join_commit_give_with_a_photo_and_see_progress(scene: Scene) -> None:
    hoa = scene.chat("Hoa")
    screen = await join(hoa, scene.invites.member, "Võ Thị Hoa")
    assert "Chào mừng anh/chị Võ Thị Hoa" in screen

    await hoa.choose("Đăng ký thi đua")
    await hoa.choose("Ủng hộ Quỹ")
    await hoa.choose("Xong")
    assert "lưu đăng ký này" in await hoa.say("1tr")
    assert "Đã lưu" in await hoa.choose("Có, xác nhận")

    await hoa.choose("Ghi nhận đóng góp")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    assert "minh chứng" in await hoa.say("1tr2")
    screen = await hoa.send_photo(b"\xff\xd8\xff\xe0 transfer screenshot", "Chuyển khoản")
    assert "1.200.000\xa0₫" in screen and "Minh chứng: 1 ảnh" in screen
    screen = await hoa.choose("Có, xác nhận")
    assert "CT-2026-000001" in screen and "chờ thủ quỹ xác nhận" in screen

    screen = await hoa.choose("Tiến độ của tôi")
    assert "CT-2026-000001" in screen and "1.200.000\xa0₫" in screen
    assert "Nội dung đã đăng ký:" in screen and "1.000.000\xa0₫" in screen


async def test_the_treasurer_confirms_and_the_giver_is_told_and_can_act_from_the_notice(scene: Scene) -> None:
    hoa, mai = scene.chat("Hoa"), scene.chat("Mai")
    await join(hoa, scene.invites.member, "Võ Thị Hoa")
    await hoa.choose("Ghi nhận đóng góp")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("500k")
    await hoa.send_photo(b"\xff\xd8\xff\xe0 receipt", "Biên lai")
    assert "CT-2026-000001" in await hoa.choose("Có, xác nhận")

    await join(mai, scene.invites.treasurer, "Đặng Thị Mai")
    await mai.say("/tracuu")
    screen = await mai.say("CT-2026-000001")
    assert "CT-2026-000001" in screen and "500.000\xa0₫" in screen
    assert "CT-2026-000001" in mai.everything()  # with the evidence, however the channel can show it
    assert "đã xác nhận" in await mai.choose("Xác nhận")

    told = hoa.everything()
    assert "Khoản đóng góp CT-2026-000001 của anh/chị đã được thủ quỹ xác nhận" in told
    screen = await hoa.use_action("Xem tiến độ")
    assert "Tiến độ năm 2026" in screen and "500.000\xa0₫" in screen


def test_the_text_only_helper_reads_numbers_off_the_screen() -> None:
    """The Zalo person picks options by the number the bot printed, never by a number the test assumed."""

    class Shown:
        def __init__(self, text: str) -> None:
            self.text = text

    class User:
        def messages(self) -> list[Shown]:
            return [Shown("Chọn:\n1. Tiền\n2. Hiện vật\n0. Quay lại")]

    assert number_of(User(), "hien vat") == "2"  # type: ignore[arg-type]
    with pytest.raises(AssertionError):
        number_of(User(), "Ngày công")  # type: ignore[arg-type]


async def test_an_officer_appeals_and_a_member_gives_from_the_appeal(scene: Scene) -> None:
    async with scene.app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).where(Organisation.code == DEMO_ORG))
        assert org is not None
        officer_code = (
            await create_invite(session, org, unit_code="PDT", role="officer", uses=5, now=NOW)
        ).code
    hoa, an = scene.chat("Hoa"), scene.chat("An")
    await join(hoa, scene.invites.member, "Võ Thị Hoa")
    await join(an, officer_code, "Lê Văn An")

    await an.say("/keugoi")
    await an.choose("Soạn tin mới")
    await an.say("Mời anh chị cùng chung tay với Quỹ mùa đông này!")
    await an.choose("Áo ấm mùa đông")
    screen = await an.choose("Tất cả")
    assert "Số người nhận: 1." in screen  # the member of the unit; not the officer, who wrote it (0167)
    assert "Không gửi cho chính anh/chị, người viết lời kêu gọi." in screen
    assert "Đang gửi đến 1 người" in await an.choose("Gửi ngay")

    assert "Quỹ mùa đông này!" in hoa.everything()
    screen = await hoa.use_action("Góp hiện vật")  # its drive takes goods only (1652)
    # the contribution, with the appeal's drive already chosen and its one kind not asked (1776)
    assert "Anh/chị ủng hộ hiện vật gì?" in screen and "hình thức nào" not in screen
