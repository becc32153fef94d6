"""The Telegram channel against a fake Bot API server over real HTTP: polling and webhook, inline buttons,
deep links, photo evidence, limits and failures. Replies go the way they go in production: outbox rows written
in the turn's transaction, sent by the sender through the Telegram transport. Time is virtual: waits are
recorded, never slept."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web
from sqlalchemy import func, select

from bot import runtime
from bot.app import App, build_app
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.commands import ENGLISH_NAMES, set_default_commands
from bot.channels.telegram.runner import poll
from bot.channels.telegram.transport import TelegramTransport
from bot.channels.telegram.webhook import SECRET_HEADER, TelegramWebhook
from bot.config import Refused, Settings
from bot.conversation.engine import Engine
from bot.db.models import (
    ChannelIdentity,
    Contribution,
    ConversationState,
    Evidence,
    OutboxMessage,
    Person,
    ProcessedUpdate,
    RoleAssignment,
    Unit,
)
from bot.delivery.limits import TelegramLimits
from bot.delivery.sender import Sender
from bot.demo import DemoInvites
from bot.domain.access import Operator
from bot.domain.people import remove_identity
from bot.domain.roles import grant_role, revoke_role
from bot.web import make_web_app
from handlers.registry import build_registry
from tests.support.bots import LocalSession
from tests.support.clocks import NOW, MovableClock, VirtualTime
from tests.support.fake_telegram import QUERY_TOO_OLD, REPLY_METHODS, FakeTelegram, FakeUser
from tests.support.joins import join_at_once
from tests.support.launcher import PIPE, Processes
from tests.test_turn_failures import failing_flow

SECRET = "webhook-secret-for-tests"


@dataclass
class Harness:
    tg: FakeTelegram
    app: App
    bot: Bot
    adapter: TelegramAdapter
    sender: Sender
    time: VirtualTime
    invites: DemoInvites

    async def stored(self, update: int) -> None:
        """Wait until the bot acknowledged `update` (polling asked past it, or the webhook answered 200):
        by then the turn is committed and its replies are in the outbox."""
        await self.tg.wait_until(
            lambda: all(u["update_id"] != update for u in self.tg.pending_updates()),
            what=f"update {update} acknowledged",
        )

    async def deliver(self) -> None:
        """Let the sender send what the outbox holds, moving virtual time on to each retry it scheduled (after
        a 429 or a server error), as a running sender would wait for it."""
        for _round in range(20):
            await self.sender.drain()
            async with self.app.sessionmaker() as session:
                due = await session.scalar(
                    select(OutboxMessage.not_before)
                    .where(OutboxMessage.status == "pending")
                    .order_by(OutboxMessage.not_before)
                    .limit(1)
                )
            if due is None:
                return
            wait = (utc(due) - self.sender.clock()).total_seconds()
            await self.time.sleep(max(wait, 0.0))
        raise AssertionError("the outbox still holds rows to send after 20 rounds")

    async def reply(self, user: FakeUser, update: int, chat_id: int | None = None) -> list:  # type: ignore[type-arg]
        """Everything the bot sent for `update`: stored, then sent from the outbox."""
        await self.stored(update)
        await self.deliver()
        return await user.wait_for_reply(update, chat_id=chat_id, settle=0)

    async def ask(self, user: FakeUser, text: str) -> str:
        return text_of(await self.reply(user, await user.send(text)))

    async def choose(self, user: FakeUser, label: str) -> str:
        return text_of(await self.reply(user, await user.press(label)))

    async def count(self, model) -> int:  # type: ignore[no-untyped-def]
        async with self.app.sessionmaker() as session:
            return await session.scalar(select(func.count()).select_from(model)) or 0

    async def rows(self) -> list[OutboxMessage]:
        async with self.app.sessionmaker() as session:
            return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def utc(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def telegram_settings(tg: FakeTelegram, db_path: Path, tmp_path: Path, **extra: object) -> Settings:
    """The app pointed at the fake Bot API server, on a fresh migrated SQLite file."""
    return Settings(
        database_url=f"sqlite+aiosqlite:///{db_path}",
        media_dir=tmp_path / "media",
        telegram_bot_token=tg.token,
        telegram_api_base=tg.base_url,
        _env_file=None,
        **extra,  # type: ignore[call-arg, arg-type]
    )


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def harness(
    tg: FakeTelegram, db_path: Path, tmp_path: Path, demo_invites: DemoInvites
) -> AsyncIterator[Harness]:
    app = build_app(
        telegram_settings(tg, db_path, tmp_path, telegram_webhook_secret=SECRET), MovableClock(NOW)
    )
    invites = demo_invites
    bot = Bot(tg.token, session=LocalSession(api=TelegramAPIServer.from_base(tg.base_url)))
    time = VirtualTime()
    start = time.now
    limits = TelegramLimits(clock=time, sleep=time.sleep)  # one allowance for the sender and the adapter
    transport = TelegramTransport(bot, app.settings.media_dir, default_locale=app.settings.default_locale)
    sender = Sender(
        app.sessionmaker,
        {"telegram": transport},
        limits={"telegram": limits},
        clock=lambda: app.engine.clock() + timedelta(seconds=time.now - start),
        monotonic=time,
        sleep=time.sleep,
    )
    app.engine.attach(sender)
    adapter = TelegramAdapter(app, bot, username=tg.bot_username, limits=limits)
    yield Harness(tg, app, bot, adapter, sender, time, invites)
    await bot.session.close()
    await app.close()


@pytest.fixture
async def polling(harness: Harness) -> AsyncIterator[Harness]:
    task = asyncio.create_task(poll(harness.adapter, harness.bot, timeout=1, sleep=harness.time.sleep))
    yield harness
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


@pytest.fixture
async def webhook(harness: Harness) -> AsyncIterator[tuple[Harness, str]]:
    hook = TelegramWebhook(harness.adapter, SECRET)
    runner = web.AppRunner(make_web_app(harness.app.sessionmaker, hook.routes()))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}/telegram"
    await harness.bot.set_webhook(url, secret_token=SECRET)
    yield harness, url
    await runner.cleanup()


def text_of(messages) -> str:  # type: ignore[no-untyped-def]
    return "\n---\n".join(m.text for m in messages)


def shown(user: FakeUser, message_id: int):  # type: ignore[no-untyped-def]
    """The message `message_id` of the user's chat as it stands now."""
    return next(m for m in user.messages() if m.message_id == message_id)


async def join(h: Harness, user: FakeUser, code: str, name: str = "Võ Thị Hoa") -> str:
    assert "họ và tên" in await h.ask(user, f"/start {code}")
    if "không có ai tên" in await h.ask(user, name):  # a name on no list (the demo has a staff list)
        await h.choose(user, "Tham gia với tên này")
    await h.choose(user, "Tôi đồng ý")
    return await h.choose(user, "Tiếng Việt")


async def joined(h: Harness, user: FakeUser, code: str, name: str = "Võ Thị Hoa") -> str:
    """`user` joined at once (tests/support/joins.py), then at their main menu: where joining is only the
    setting."""
    await join_at_once(
        h.app.sessionmaker,
        channel="telegram",
        user_id=str(user.id),
        code=code,
        name=name,
        now=h.app.engine.clock(),
    )
    return await h.ask(user, "/menu")


async def test_a_person_joins_by_deep_link_registers_gives_with_a_photo_and_sees_progress(
    polling: Harness,
) -> None:
    h = polling
    hoa = h.tg.user(501, "Hoa")
    screen = await join(h, hoa, h.invites.member)
    assert "Chào mừng anh/chị Võ Thị Hoa" in screen
    assert "Đăng ký thi đua" in hoa.last.labels

    screen = await h.choose(hoa, "Đăng ký thi đua")
    assert "Xong thì chọn “Xong, sang bước tiếp”." in screen and "Xong, sang bước tiếp" in hoa.last.labels
    menu_id = hoa.last.message_id
    await h.choose(hoa, "Ủng hộ Quỹ")
    toggled = hoa.last
    assert toggled.message_id == menu_id and toggled.edited  # the same menu, edited in place
    assert any(label.startswith("✅") for label in toggled.labels)
    await h.choose(hoa, "Xong")
    await h.ask(hoa, "500k")
    assert "Đã lưu đăng ký" in (await h.choose(hoa, "Có, xác nhận"))

    await h.choose(hoa, "Ghi nhận đóng góp")
    await h.choose(hoa, "Quỹ “Vì người nghèo” (ngoài các đợt vận động)")
    kinds = hoa.last
    await h.choose(hoa, "Tiền")
    asked = hoa.last
    assert asked.message_id == kinds.message_id and asked.edited  # the menu moved on in place
    assert "bao nhiêu tiền" in asked.text and "Tiền" not in asked.labels
    assert "minh chứng" in (await h.ask(hoa, "1tr2"))
    receipt = b"\xff\xd8\xff\xe0 transfer screenshot"
    screen = text_of(await h.reply(hoa, await hoa.send_photo(receipt, caption="Chuyển khoản")))
    assert "1.200.000\xa0₫" in screen and "Minh chứng: 1 ảnh" in screen
    screen = await h.choose(hoa, "Có, xác nhận")
    assert "CT-2026-000001" in screen and "chờ thủ quỹ xác nhận" in screen

    screen = await h.choose(hoa, "Tiến độ của tôi")
    assert "CT-2026-000001" in screen and "1.200.000\xa0₫" in screen

    async with h.app.sessionmaker() as session:
        evidence = (await session.execute(select(Evidence))).scalar_one()
    assert (h.app.settings.media_dir / evidence.path).read_bytes() == receipt
    presses = [c for c in h.tg.calls_to("answerCallbackQuery")]
    assert len(presses) == len([u for u in h.tg.updates if "callback_query" in u])  # every press answered


async def test_a_press_is_answered_in_the_menus_place_or_else_under_it(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(514, "Hoa")
    await join(h, hoa, h.invites.member)
    notice = next(m for m in hoa.messages() if "dữ liệu cá nhân" in m.text)
    assert "Anh/chị có đồng ý không?" in notice.text and not notice.buttons  # the agreed notice stays, spent
    menu, sends = hoa.last, len(h.tg.calls_to("sendMessage"))
    await h.choose(hoa, "Tiến độ của tôi")
    assert hoa.last.message_id == menu.message_id and "Tiến độ năm 2026" in hoa.last.text
    assert "Ghi nhận đóng góp" in hoa.last.labels  # the menu comes back under the progress
    assert len(h.tg.calls_to("sendMessage")) == sends  # nothing new piles up in the chat

    # Telegram refuses the edit (too old, say): the answer arrives as a new message instead, and the menu it
    # could not replace keeps its text but loses its buttons.
    h.tg.fail_next("editMessageText", 400, "Bad Request: message can't be edited")
    await h.choose(hoa, "Ghi nhận đóng góp")
    assert hoa.last.message_id != menu.message_id and "đợt vận động nào" in hoa.last.text
    spent = shown(hoa, menu.message_id)
    assert "Tiến độ năm 2026" in spent.text and not spent.buttons


async def test_a_receipt_sent_as_a_file_is_kept_as_its_photo(polling: Harness) -> None:
    """“Send as file” keeps a screenshot sharp, and a computer sends a picture that way: it is the receipt all
    the same, not “please type your answer”. A PDF receipt is no picture: asked for as one, not as text."""
    h = polling
    hoa = h.tg.user(505, "Hoa")
    await joined(h, hoa, h.invites.member)
    await h.ask(hoa, "ung ho 500k")
    await h.choose(hoa, "ngoài các đợt vận động")
    # An iPhone's photo sent as a file is HEIC, which nobody could open: asked for as a photo, kept nowhere.
    heic = await hoa.send_document(b"\x00\x00\x00\x18ftypheic", "IMG_4821.HEIC", "image/heic", caption="ck")
    screen = text_of(await h.reply(hoa, heic))
    assert "gửi lại dưới dạng ảnh" in screen and "chụp màn hình" in screen
    assert not any(h.app.settings.media_dir.rglob("*.*"))
    # A bank app's receipt shared as a PDF: said that a file is no evidence here, and how to send it instead.
    pdf = await hoa.send_document(b"%PDF-1.4 bien lai", "BienLai_VCB.pdf", "application/pdf", caption="ck")
    screen = text_of(await h.reply(hoa, pdf))
    assert "BienLai_VCB.pdf" in screen and "dạng ảnh" in screen and "chụp màn hình" in screen
    assert "gõ câu trả lời bằng chữ" not in screen and "gửi ảnh biên lai" in screen  # the question again
    assert not any(h.app.settings.media_dir.rglob("*.*"))
    # a sticker there: the receipt asked for as a photo, not “please type your message” (decision 0794)
    screen = text_of(await h.reply(hoa, await hoa.send_sticker("🙏")))
    assert "gửi biên lai dưới dạng ảnh" in screen and "gõ tin nhắn" not in screen
    receipt = b"\x89PNG\r\n\x1a\n transfer screenshot"
    sent = await hoa.send_document(receipt, "Screenshot_20261122.png", "image/png", caption="ck")
    screen = text_of(await h.reply(hoa, sent))
    assert "500.000\xa0₫" in screen and "Minh chứng: 1 ảnh" in screen
    # a thumbs-up sticker at the last look: asked to press a button, not for the receipt it has (0807)
    screen = text_of(await h.reply(hoa, await hoa.send_sticker("👍")))
    assert "bấm một nút" in screen and "biên lai" not in screen, screen
    assert "CT-2026-000001" in await h.choose(hoa, "Có, xác nhận")
    async with h.app.sessionmaker() as session:
        evidence = (await session.execute(select(Evidence))).scalar_one()
    assert (h.app.settings.media_dir / evidence.path).read_bytes() == receipt


async def test_an_album_of_receipts_is_kept_whole_as_the_gifts_evidence(polling: Harness) -> None:
    """Three receipts sent at once (Telegram's album: one message each): all three go with the gift. Each
    after the first replaced the one before, and two of the three were lost."""
    h = polling
    hoa = h.tg.user(507, "Hoa")
    await joined(h, hoa, h.invites.member)
    await h.ask(hoa, "ung ho 1tr5")
    await h.choose(hoa, "ngoài các đợt vận động")
    receipts = [b"\xff\xd8\xff receipt %d" % n for n in range(3)]
    for update in await hoa.send_album(receipts, caption="3 lần chuyển"):
        screen = text_of(await h.reply(hoa, update))
    assert "thay ảnh trước" not in screen and "Minh chứng: 3 ảnh" in screen
    assert "CT-2026-000001" in await h.choose(hoa, "Có, xác nhận")
    async with h.app.sessionmaker() as session:
        kept = list(await session.scalars(select(Evidence.path).order_by(Evidence.id)))
        gift = (await session.execute(select(Contribution))).scalar_one()
    assert sorted((h.app.settings.media_dir / path).read_bytes() for path in kept) == receipts
    assert (gift.amount_vnd, gift.note) == (1_500_000, "3 lần chuyển")  # one gift, its figure as typed


async def test_a_plain_start_asks_for_the_code_and_a_typed_code_joins(polling: Harness) -> None:
    h = polling
    lan = polling.tg.user(502, "Lan")
    assert "nhập mã mời" in (await h.ask(lan, "/start"))
    assert "họ và tên" in (await h.ask(lan, polling.invites.member.lower()))


async def test_a_sticker_or_a_voice_message_is_asked_for_in_text_and_the_question_still_waits(
    polling: Harness,
) -> None:
    h = polling
    lan = h.tg.user(503, "Lan")
    assert "họ và tên" in await h.ask(lan, f"/start {h.invites.member}")
    for sending in (lan.send_voice(), lan.send_sticker("👍")):
        screen = text_of(await h.reply(lan, await sending))
        assert "không đọc được sticker, tin nhắn thoại" in screen
        assert "họ và tên" not in screen  # not taken for a name wrongly typed
    assert "không có ai tên" in await h.ask(lan, "Võ Thị Lan")  # the name is still what is asked


async def test_a_contact_shared_where_the_phones_digits_are_asked_is_read_as_that_phone(
    polling: Harness,
) -> None:
    """📎 → Contact where the staff list's phone is asked: a phone number, read as typed whole (its last 4
    digits), never “I cannot read stickers”; a location there is asked for in text and costs no try."""
    h = polling
    lan = h.tg.user(506, "Lan")
    assert "họ và tên" in await h.ask(lan, f"/start {h.invites.member}")
    assert "4 số cuối" in await h.ask(lan, "Nguyễn Thị Lan")
    where = await h.tg._user_message(lan, lan.chat_id, {"location": {"latitude": 21.03, "longitude": 105.85}})
    assert "không đọc được" in text_of(await h.reply(lan, where))
    contact = {"phone_number": "84912345674", "first_name": "Lan", "user_id": lan.id}
    screen = text_of(await h.reply(lan, await h.tg._user_message(lan, lan.chat_id, {"contact": contact})))
    assert "sticker" not in screen and "Tôi đồng ý" in lan.last.labels  # proved: the data notice is next
    await h.choose(lan, "Tôi đồng ý")
    await h.choose(lan, "Tiếng Việt")
    async with h.app.sessionmaker() as session:
        owner = await session.scalar(
            select(Person.phone).join(ChannelIdentity).where(ChannelIdentity.external_id == str(lan.id))
        )
    assert owner == "0912345674"  # the listed record, claimed
    await h.ask(lan, "ủng hộ")
    await h.choose(lan, "ngoài các đợt vận động")
    await h.choose(lan, "Tiền")
    contact = {"phone_number": "912345674", "first_name": "Lan"}  # as an address book may keep it
    screen = text_of(await h.reply(lan, await h.tg._user_message(lan, lan.chat_id, {"contact": contact})))
    assert "số điện thoại" in screen and "912.345.674" not in screen  # never an amount of 912 million
    # A colleague's number abroad, as Telegram gives it without its “+” (Singapore's 65…): it read
    # 6.591.234.567 ₫, under the cap, and the gift went on to its evidence (decision 0370).
    contact = {"phone_number": "6591234567", "first_name": "Minh", "user_id": 777}
    screen = text_of(await h.reply(lan, await h.tg._user_message(lan, lan.chat_id, {"contact": contact})))
    assert "số điện thoại" in screen and "6.591.234.567" not in screen


async def test_an_edited_message_is_answered_that_it_changes_nothing(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(504, "Hoa")
    await joined(h, hoa, h.invites.member)
    typed = await hoa.send("ung ho 500k")
    await h.reply(hoa, typed)
    await h.choose(hoa, "ngoài các đợt vận động")
    await h.choose(hoa, "Bỏ qua")
    assert "CT-2026-000001" in await h.choose(hoa, "Có")
    screen = text_of(await h.reply(hoa, await hoa.edit(typed, "ung ho 5tr")))  # the amount corrected later
    assert "Tin nhắn đã sửa không thay đổi gì" in screen
    assert "500.000\xa0₫" in await h.ask(hoa, "/tiendo")  # nothing changed, as said
    assert await h.count(Contribution) == 1


async def test_a_stale_button_is_answered_politely_and_changes_nothing(polling: Harness) -> None:
    h = polling
    hoa = polling.tg.user(503, "Hoa")
    await joined(h, hoa, polling.invites.member)
    await h.choose(hoa, "Ghi nhận đóng góp")
    await h.choose(hoa, "Quỹ “Vì người nghèo” (ngoài các đợt vận động)")
    kinds = hoa.last
    _label, data = kinds.button("Hiện vật") or ("", None)
    assert data is not None
    await h.choose(hoa, "Tiền")
    screen = text_of(await h.reply(hoa, await hoa.press_data(data, kinds.message_id)))
    assert "tin nhắn cũ" in screen
    assert await polling.count(Contribution) == 0


async def test_webhook_refuses_a_missing_or_wrong_secret_and_stores_nothing(webhook) -> None:  # type: ignore[no-untyped-def]
    h, url = webhook
    body = {
        "update_id": 9001,
        "message": {
            "message_id": 1,
            "date": 1790000000,
            "text": "xin chào",
            "chat": {"id": 7, "type": "private"},
            "from": {"id": 7, "is_bot": False, "first_name": "X"},
        },
    }
    async with aiohttp.ClientSession() as client:
        for headers in ({}, {SECRET_HEADER: ""}, {SECRET_HEADER: "wrong"}):
            async with client.post(url, json=body, headers=headers) as response:
                assert response.status == 401
    assert await h.count(ProcessedUpdate) == 0


async def test_webhook_answers_a_body_nested_ten_thousand_times_as_a_bad_update(webhook) -> None:  # type: ignore[no-untyped-def]
    """A body with the right secret nested ten thousand times was the web server's bare 500 (the JSON reader
    gave up on its depth); it is a bad update, answered 400, and nothing is stored."""
    h, url = webhook
    async with aiohttp.ClientSession() as client:
        deep = '{"update_id": 1, "message": ' + "[" * 10_000 + "]" * 10_000 + "}"
        async with client.post(url, data=deep, headers={SECRET_HEADER: SECRET}) as response:
            assert response.status == 400 and await response.text() == "bad update"
    assert await h.count(ProcessedUpdate) == 0


async def test_webhook_answers_after_storing_and_the_same_update_twice_is_processed_once(webhook) -> None:  # type: ignore[no-untyped-def]
    h, url = webhook
    hoa = h.tg.user(504, "Hoa")
    screen = await join(h, hoa, h.invites.member)  # through the fake's webhook deliveries
    assert "Chào mừng" in screen
    assert all(d.status == 200 for d in h.tg.webhook_deliveries)
    body = {
        "update_id": 777,
        "message": {
            "message_id": 99,
            "date": 1790000000,
            "text": "/tiendo",
            "chat": {"id": 504, "type": "private"},
            "from": {"id": 504, "is_bot": False, "first_name": "Hoa"},
        },
    }
    before = len(h.tg.calls_to("sendMessage"))
    async with aiohttp.ClientSession() as client:
        for _ in range(2):
            async with client.post(url, data=json.dumps(body), headers={SECRET_HEADER: SECRET}) as response:
                assert response.status == 200
    await h.deliver()
    progress = [c for c in h.tg.calls_to("sendMessage")[before:] if "Tiến độ năm" in c.params.get("text", "")]
    assert len(progress) == 1


async def test_429_waits_retry_after_and_the_reply_still_arrives(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(505, "Hoa")
    h.tg.fail_next("sendMessage", 429, retry_after=7)
    assert "nhập mã mời" in (await h.ask(hoa, "xin chào"))
    (row,) = await h.rows()
    assert row.status == "sent" and row.attempts == 2  # refused once, then sent
    assert utc(row.sent_at) >= NOW + timedelta(seconds=7)  # not before Telegram's retry_after
    assert [c.status for c in h.tg.calls_to("sendMessage")] == [429, 200]


def _calls_to_telegram_running() -> list[asyncio.Task[object]]:
    return [
        task
        for task in asyncio.all_tasks()
        if not task.done() and task.get_coro().__qualname__ == "Bot.__call__"
    ]


async def test_a_poller_cancelled_mid_long_poll_leaves_no_call_to_telegram_running(harness: Harness) -> None:
    """Cancelled while Telegram held its getUpdates (the task group of a stopping runtime, a bench ending it),
    the poller left that call running, to fail when the server went away: “Task exception was never
    retrieved” and a traceback in the operator's log at every stop."""
    task = asyncio.create_task(poll(harness.adapter, harness.bot, timeout=30, sleep=harness.time.sleep))
    await harness.tg.wait_until(lambda: bool(_calls_to_telegram_running()), what="getUpdates waiting")

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert _calls_to_telegram_running() == []


async def test_server_errors_back_off_and_retry(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(506, "Hoa")
    h.tg.fail_next("sendMessage", 502, count=2)
    assert "nhập mã mời" in (await h.ask(hoa, "xin chào"))
    (row,) = await h.rows()
    assert row.status == "sent" and row.attempts == 3
    assert utc(row.sent_at) >= NOW + timedelta(seconds=1 + 2)  # waited 1 s, then 2 s
    assert [c.status for c in h.tg.calls_to("sendMessage")] == [502, 502, 200]


async def test_a_person_who_blocked_the_bot_is_marked_inactive_and_not_retried(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(507, "Hoa")
    await join(h, hoa, h.invites.member)
    hoa.block()
    calls = len(h.tg.calls)
    update = await hoa.send("/menu")
    await h.stored(update)
    await h.deliver()
    tried = [c for c in h.tg.calls[calls:] if c.method in REPLY_METHODS]
    assert [c.status for c in tried] == [403]  # the first refusal stops everything for this chat
    rows = [row for row in await h.rows() if row.key.startswith(f"reply:tg:{update}:")]
    assert rows and {row.status for row in rows} == {"blocked"}
    async with h.app.sessionmaker() as session:
        identity = (await session.execute(select(ChannelIdentity))).scalar_one()
    assert identity.status == "blocked"
    h.time.now += 3600
    await h.deliver()
    assert [
        c for c in h.tg.calls[calls:] if c.method in REPLY_METHODS
    ] == tried  # an hour later: still nothing
    hoa.unblock()  # back, with a sticker for a first word
    assert "Chào mừng anh/chị trở lại" in text_of(await h.reply(hoa, await hoa.send_sticker("👋")))


async def test_groups_get_only_a_pointer_to_the_private_chat(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(508, "Hoa")
    await joined(h, hoa, h.invites.member)
    group = h.tg.group(-100123, "Công đoàn trường")
    await hoa.send_in_group(-100123, "ai đóng góp bao nhiêu rồi?")
    update = await hoa.send_in_group(-100123, f"/tiendo@{h.tg.bot_username}")
    replies = await h.reply(hoa, update, chat_id=-100123)
    assert len(group.messages()) == 1
    assert "tin nhắn riêng" in replies[0].text and f"t.me/{h.tg.bot_username}" in replies[0].text
    assert "Võ Thị Hoa" not in replies[0].text and "₫" not in replies[0].text
    pointers = [row for row in await h.rows() if row.chat_id == "-100123"]
    [row] = pointers  # an outbox row, keyed by the group and the time: one a group in five minutes
    assert row.key.startswith("pointer:tg:-100123:")

    # A phone is not read there; someone of no organisation typing an invite code gets the very pointer
    # Hoa got: nothing says who is a member, and the code joins nobody.
    await hoa.send_in_group(-100123, "0912 345 678")
    lan = h.tg.user(510, "Lan")
    h.app.engine.clock.advance(minutes=5)
    other = await lan.send_in_group(-100123, f"/start {h.invites.member}")
    [pointer] = await h.reply(lan, other, chat_id=-100123)
    assert pointer.text == replies[0].text and len(group.messages()) == 2
    assert lan.messages() == []  # and nothing in a private chat of hers: no joining begun

    # Said to another bot, not to us: its command, a name that only begins with ours, and the union's
    # channel post Telegram forwards itself into its linked discussion group (from the channel, no person).
    channel = {"id": -100777, "type": "channel", "title": "Kênh Công đoàn trường"}
    channel_bot = {"id": 136817688, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"}
    forwarded_post = h.tg._new_message(
        -100123,
        channel_bot,
        sender_chat=channel,
        is_automatic_forward=True,
        **hoa._text_content(f"/donggop@{h.tg.bot_username} 500k: mời anh chị ủng hộ @{h.tg.bot_username}"),
    )
    for update in [
        await hoa.send_in_group(-100123, "/baocao@other_bot"),
        await hoa.send_in_group(-100123, f"@{h.tg.bot_username}Helper đã nhận chưa"),
        await h.tg.push_update({"message": forwarded_post}, chat_id=-100123),
    ]:
        await h.stored(update)
    await h.deliver()
    assert len(group.messages()) == 2


async def test_what_is_said_to_the_bot_in_a_group_gets_the_pointer_and_records_nothing(
    polling: Harness,
) -> None:
    """A receipt captioned with a command, an answer to the bot's pointer (“ung ho 500k”, a phone), the bot
    named in a line and a command of an admin writing as the group are said to the bot as surely as a
    command: each gets the pointer to the private chat, never silence that looks like a gift taken; nothing
    of them is kept."""
    h = polling
    hoa = h.tg.user(508, "Hoa")
    await joined(h, hoa, h.invites.member)
    group = h.tg.group(-100123, "Công đoàn trường")
    [pointer] = await h.reply(hoa, await hoa.send_in_group(-100123, "/donggop"), chat_id=-100123)
    receipt = {"photo": h.tg._register_photo(b"\xff\xd8\xff receipt"), "caption": "/donggop 500k"}
    # an officer who is the group's admin writing as the group: Telegram's GroupAnonymousBot sends it
    anonymous = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
    sender_chat = {"id": -100123, "type": "group", "title": "Công đoàn trường"}
    as_the_group = h.tg._new_message(
        -100123, anonymous, sender_chat=sender_chat, **hoa._text_content("/baocao")
    )
    said = [
        lambda: h.tg._user_message(hoa, -100123, receipt),
        lambda: hoa.reply_in_group(-100123, pointer, "ung ho 500k"),
        lambda: hoa.reply_in_group(-100123, pointer, "0912 345 678"),
        lambda: hoa.send_in_group(-100123, f"@{h.tg.bot_username} đã nhận chưa"),
        lambda: h.tg.push_update({"message": as_the_group}, chat_id=-100123),
    ]
    for say in said:
        h.app.engine.clock.advance(minutes=5)  # one pointer a group in five minutes (decision 0520)
        [answer] = await h.reply(hoa, await say(), chat_id=-100123)
        assert answer.text == pointer.text and "500" not in answer.text and "0912" not in answer.text
    assert len(group.messages()) == 6
    assert await h.count(Contribution) == 0
    async with h.app.sessionmaker() as session:
        states = (await session.scalars(select(ConversationState.chat_id))).all()
    assert "-100123" not in states  # no conversation begun in the group


async def test_a_group_answering_the_pointer_all_at_once_gets_one_pointer(polling: Harness) -> None:
    """A drive announced in the group, fifty members answer the pointer within a minute: the group got fifty
    copies of it over two and a half minutes (Telegram's 20 a minute a group), a flood that buried the drive's
    own message. One pointer per group in five minutes, kept in the outbox; the next after that."""
    await a_group_answering_the_pointer_all_at_once(polling)


async def test_through_the_webhook_a_group_answering_at_once_gets_one_pointer(webhook) -> None:  # type: ignore[no-untyped-def]
    await a_group_answering_the_pointer_all_at_once(webhook[0])


async def a_group_answering_the_pointer_all_at_once(h: Harness) -> None:
    hoa = h.tg.user(508, "Hoa")
    group = h.tg.group(-100123, "Công đoàn trường")
    [pointer] = await h.reply(hoa, await hoa.send_in_group(-100123, "/donggop"), chat_id=-100123)
    for n in range(50):
        member = h.tg.user(600 + n, f"Thành viên {n}")
        await h.stored(await member.reply_in_group(-100123, pointer, "ung ho 200k"))
        h.app.engine.clock.advance(seconds=1)
    await h.deliver()
    assert len(group.messages()) == 1
    h.app.engine.clock.advance(minutes=5)  # five minutes after the pointer: said again, once
    [again] = await h.reply(hoa, await hoa.send_in_group(-100123, "/start"), chat_id=-100123)
    assert again.text == pointer.text and len(group.messages()) == 2


async def test_a_button_forwarded_into_a_group_answers_only_who_pressed_it(polling: Harness) -> None:
    """Her menu forwarded into the group keeps its buttons: a press there is no turn (her progress would be
    the group's to read), and who pressed it is told where Chung Tay answers, in a notice only they see."""
    h = polling
    hoa = h.tg.user(508, "Hoa")
    await joined(h, hoa, h.invites.member)
    group = h.tg.group(-100123, "Công đoàn trường")
    forwarded = hoa.forward_to_group(hoa.last, -100123)
    button = hoa.last.button("Tiến độ")
    assert button is not None and button[1] is not None
    seen = len(hoa.messages())
    update = await hoa.press_data(button[1], forwarded, chat_id=-100123)
    await h.stored(update)
    await h.deliver()
    [answer] = hoa.answered_callbacks()[-1:]
    assert "tin nhắn riêng" in answer["text"] and f"t.me/{h.tg.bot_username}" in answer["text"]
    assert answer.get("show_alert") is True
    assert group.messages() == [] and len(hoa.messages()) == seen  # nothing posted, nothing in her chat
    assert [row for row in await h.rows() if row.key.startswith(f"reply:tg:{update}:")] == []


async def test_commands_are_set_per_language_and_leaders_get_their_own(polling: Harness) -> None:
    h = polling
    await set_default_commands(polling.bot, "vi")
    vi = [c["command"] for c in polling.tg.commands_for({"type": "default"}, None)]
    en = polling.tg.commands_for({"type": "default"}, "en")
    assert "donggop" in vi and "huy" in vi and "donvi" not in vi
    assert any(c["description"] == "Record a contribution" for c in en)
    # A group's “/” menu offers only the way to the private chat: a gift's or progress's command pressed
    # there was posted for the whole group to read, and answered with the pointer anyway.
    groups = {"type": "all_group_chats"}
    assert polling.tg.commands_for(groups, None) == [
        {"command": "start", "description": "Mở Chung Tay trong tin nhắn riêng"}
    ]
    assert polling.tg.commands_for(groups, "en") == [
        {"command": "start", "description": "Open Chung Tay in a private chat"}
    ]
    leader = polling.tg.user(509, "Thu")
    await join(h, leader, polling.invites.leader, "Phan Thị Thu")
    scoped = polling.tg.commands_for({"type": "chat", "chat_id": 509}, None)
    assert "donvi" in [c["command"] for c in scoped]
    # Set from roles alone, before the organisation is read: words true of an office's unit and a hamlet.
    assert {c["command"]: c["description"] for c in scoped}["donvi"] == "Đăng ký thi đua của tập thể"
    assert {"baocao", "hoancanh", "dekhenthuong"} <= {c["command"] for c in scoped}  # digest, cases, awards
    assert not {"xacnhan", "keugoi", "ghithay"} & {
        c["command"] for c in scoped
    }  # not a treasurer's or officer's

    async with h.app.sessionmaker() as session, session.begin():  # an admin takes the role away
        thu = await session.scalar(select(Person).where(Person.full_name == "Phan Thị Thu"))
        assert thu is not None
        held = await session.scalar(select(RoleAssignment).where(RoleAssignment.person_id == thu.id))
        assert held is not None and held.unit_id is not None
        unit = await session.get(Unit, held.unit_id)
        assert unit is not None
        await revoke_role(session, Operator(thu.org_id), thu, "leader", unit.code, now=NOW)
    await h.ask(leader, "/menu")  # at her next message her chat has the default menu again
    assert polling.tg.commands_for({"type": "chat", "chat_id": 509}, None) == []

    async with h.app.sessionmaker() as session, session.begin():  # made the organisation's admin
        thu = await session.scalar(select(Person).where(Person.full_name == "Phan Thị Thu"))
        assert thu is not None
        await grant_role(session, Operator(thu.org_id), thu, "admin", None, now=NOW)
    await h.ask(leader, "/menu")
    scoped = [c["command"] for c in polling.tg.commands_for({"type": "chat", "chat_id": 509}, None)]
    assert {"phanquyen", "taikhoan"} <= set(scoped)  # the account gifts go to, as her /trogiup lists it


async def test_english_readers_see_the_english_commands_beside_the_text_box(polling: Harness) -> None:
    h = polling
    await set_default_commands(polling.bot, "vi")
    vi = [c["command"] for c in polling.tg.commands_for({"type": "default"}, "vi")]
    en = {c["command"]: c["description"] for c in polling.tg.commands_for({"type": "default"}, "en")}
    assert {"donggop", "tiendo", "huy", "ngonngu"} <= set(vi)
    assert en["give"] == "Record a contribution" and en["progress"] == "My progress"
    assert {"register", "result", "help", "cancel", "language", "link", "menu"} <= set(en)
    assert not {"donggop", "tiendo", "huy", "ngonngu", "dangky"} & set(en)
    registry = build_registry()
    for vietnamese, english in ENGLISH_NAMES.items():  # each the same step as its Vietnamese name
        if vietnamese == "huy":  # /huy and /cancel: the engine's own, from every step
            continue
        assert registry.commands[f"/{english}"] == registry.commands[f"/{vietnamese}"]

    leader = polling.tg.user(511, "Jane")
    await join(h, leader, polling.invites.leader, "Jane Doe")
    await h.ask(leader, "English")
    scoped = [c["command"] for c in polling.tg.commands_for({"type": "chat", "chat_id": 511}, None)]
    assert {"unit", "digest", "cases", "awards", "give"} <= set(scoped)
    assert not {"donvi", "baocao", "donggop"} & set(scoped)

    # A member, no role of her own, who chose English on a phone set to Vietnamese: Telegram shows a chat the
    # menu of its phone's language, whose /donggop and /saoke her English /help never names.
    ann = polling.tg.user(512, "Ann", language_code="vi")
    await join(h, ann, polling.invites.member, "Ann Nguyen")
    await h.ask(ann, "English")
    scoped = {
        c["command"]: c["description"]
        for c in polling.tg.commands_for({"type": "chat", "chat_id": 512}, None)
    }
    assert scoped["give"] == "Record a contribution" and {"statement", "lookup", "help", "cancel"} <= set(
        scoped
    )
    assert not {"donggop", "saoke", "trogiup", "huy"} & set(scoped)
    # Telegram delivering her last message again (handled already, it says neither roles nor language): her
    # menu stays as it is, not the phone's again.
    from aiogram.types import Update

    await h.adapter.handle_update(Update.model_validate(h.tg.updates[-1], context={"bot": h.bot}))
    assert "give" in {c["command"] for c in polling.tg.commands_for({"type": "chat", "chat_id": 512}, None)}
    await h.ask(ann, "/language tiếng việt")  # her phone's language again: its own menu, none of the chat's
    assert polling.tg.commands_for({"type": "chat", "chat_id": 512}, None) == []


async def test_the_token_never_reaches_the_logs(tg: FakeTelegram) -> None:
    import logging

    from bot.logs import RedactingFormatter, secrets_of

    settings = Settings(telegram_bot_token=tg.token, _env_file=None)  # type: ignore[call-arg]
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "calling %s failed", (f"/bot{tg.token}/x",), None
    )
    line = RedactingFormatter(secrets_of(settings)).format(record)
    assert tg.token not in line and tg.token.split(":")[1] not in line and "***" in line


async def test_a_long_menu_is_paged_and_a_choice_on_page_two_works(polling: Harness) -> None:
    from datetime import date

    from bot.db.models import Drive, Organisation

    h = polling
    async with h.app.sessionmaker() as session, session.begin():
        org = (await session.execute(select(Organisation))).scalar_one()
        for n in range(1, 11):
            session.add(
                Drive(
                    org_id=org.id,
                    code=f"xa-{n}",
                    title=f"Giúp xã {n}",
                    starts_on=date(2026, 11, 1),
                    ends_on=date(2026, 12, 1 + n),
                    kinds=["money"],
                )
            )
    hoa = h.tg.user(510, "Hoa")
    await join(h, hoa, h.invites.member)
    await h.choose(hoa, "Ghi nhận đóng góp")
    first_page = hoa.last
    assert "Sau ›" in first_page.labels and "Quay lại" in first_page.labels
    assert len([label for label in first_page.labels if "(" in label]) == 6
    await h.choose(hoa, "Sau ›")
    second_page = hoa.last
    assert second_page.message_id == first_page.message_id and "‹ Trước" in second_page.labels
    assert "Giúp xã 1 (" not in " ".join(second_page.labels)
    screen = await h.choose(hoa, "Giúp xã 10")
    assert "Anh/chị ủng hộ bao nhiêu tiền?" in screen  # a drive of money alone (1805)


async def test_the_runtime_polls_with_the_token_and_api_base_from_settings(
    tg: FakeTelegram, db_path: Path, tmp_path: Path, unused_tcp_port: int, demo_invites: DemoInvites
) -> None:
    app = build_app(telegram_settings(tg, db_path, tmp_path, web_port=unused_tcp_port), MovableClock(NOW))
    invites = demo_invites
    stopping = asyncio.Event()
    task = asyncio.create_task(runtime.run(app, stopping=stopping))
    try:
        await tg.wait_for_call("getUpdates")
        user = tg.user(600, "Minh")
        replies = await user.wait_for_reply(await user.send(f"/start {invites.member}"))
        assert "họ và tên" in text_of(replies)
        assert tg.commands_for({"type": "default"}, "en")  # the command menus were set at start
        health = f"http://127.0.0.1:{unused_tcp_port}/healthz"
        async with aiohttp.ClientSession() as client, client.get(health) as response:
            assert response.status == 200
            report = await response.json()
        assert report["database"]["state"] == "ok" and report["sender"]["state"] == "leading"
        assert report["telegram"] == {"mode": "polling", "state": "ok", "last_error": None}
        assert report["scheduler"]["state"] == "leading"
        stopping.set()
        await task
        assert app.engine.after_commit == []  # the sender it woke is gone with it
        async with app.sessionmaker() as session:
            assert set(await session.scalars(select(OutboxMessage.status))) == {"sent"}
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await app.close()


@pytest.mark.usefixtures("demo_invites")  # the demo in the test's file
async def test_the_runtime_in_webhook_mode_registers_the_webhook_and_serves_it(
    tg: FakeTelegram, db_path: Path, tmp_path: Path, unused_tcp_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    # a name and password before the host, as some proxies ask: never in the journal (decision 2080)
    url = f"http://bot:Pa55-SECRET@127.0.0.1:{unused_tcp_port}/telegram"
    settings = telegram_settings(tg, db_path, tmp_path, telegram_webhook_url=url, web_port=unused_tcp_port)
    caplog.set_level(logging.INFO)
    app = build_app(settings, MovableClock(NOW))
    stopping = asyncio.Event()
    task = asyncio.create_task(runtime.run(app, stopping=stopping))
    try:
        await tg.wait_for_call("setWebhook")
        assert tg.webhook_secret  # Telegram will send the secret header with every call
        health = f"http://127.0.0.1:{unused_tcp_port}/healthz"
        async with aiohttp.ClientSession() as client, client.get(health) as response:
            assert response.status == 200
        user = tg.user(601, "Minh")
        replies = await user.wait_for_reply(await user.send("xin chào"))
        assert "nhập mã mời" in text_of(replies)
        assert tg.webhook_deliveries[-1].status == 200
        assert tg.webhook_url == url
        said = [record.getMessage() for record in caplog.records]
        assert f"telegram: webhook set to http://***@127.0.0.1:{unused_tcp_port}/telegram" in said
        assert not [line for line in said if "SECRET" in line or "bot:" in line]
        stopping.set()
        await task
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await app.close()


async def test_the_cli_sets_shows_and_deletes_the_webhook(
    tg: FakeTelegram, processes: Processes, db_path: Path, tmp_path: Path
) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{db_path}",
        TELEGRAM_BOT_TOKEN=tg.token,
        TELEGRAM_API_BASE=tg.base_url,
        # a name and password before the host, as some proxies ask: never printed (decision 2053)
        TELEGRAM_WEBHOOK_URL="https://bot:Pa55-SECRET@chungtay.example.vn/telegram",
        LOG_LEVEL="WARNING",
    )

    async def cli(*args: str, token: str = tg.token) -> tuple[int, str, str]:
        process = await processes.start(
            "telegram",
            *args,
            cwd=tmp_path,
            env={**env, "TELEGRAM_BOT_TOKEN": token},
            stdout=PIPE,
            stderr=PIPE,
        )
        out, err = await process.communicate()
        return process.returncode or 0, out.decode(), err.decode()

    # Each line in the office's language (Vietnamese, nothing set), Telegram's words quoted as such (1956).
    tg.fail_next(
        "setWebhook", 400, "Bad Request: bad webhook: Failed to resolve host: Name or service not known"
    )
    code, out, err = await cli("set-webhook")
    assert (code, out) == (2, "")
    assert err == (
        "chungtay: Telegram trả lời (nguyên văn tiếng Anh): Bad Request: bad webhook: Failed to resolve "
        "host: Name or service not known\n"
    )
    code, out, err = await cli("set-webhook")
    assert (code, out) == (0, "Đã đặt webhook là https://***@chungtay.example.vn/telegram\n")
    assert tg.webhook_url == "https://bot:Pa55-SECRET@chungtay.example.vn/telegram" and tg.webhook_secret
    code, out, _err = await cli("info")
    assert code == 0 and out.splitlines() == [
        f"Bot: @{tg.bot_username} (Chung Tay)",
        "Webhook: https://***@chungtay.example.vn/telegram; số cập nhật đang chờ: 0",
    ]
    code, out, _err = await cli("delete-webhook")
    assert code == 0 and tg.webhook_url == ""
    assert out == "Đã xóa webhook; bot có thể nhận tin bằng polling.\n"
    code, out, _err = await cli("info")
    assert out.splitlines()[1] == "Webhook: — (polling); số cập nhật đang chờ: 0"
    env["TELEGRAM_WEBHOOK_URL"] = ""
    code, out, err = await cli("set-webhook")
    assert (code, out, err) == (2, "", "chungtay: chưa đặt TELEGRAM_WEBHOOK_URL trong .env\n")
    assert tg.token not in out + err and tg.token.split(":")[1] not in out + err
    # The token revoked in BotFather and the old one still in .env: it said "Telegram answered: Unauthorized".
    revoked = tg.token.split(":")[0] + ":AAH-revoked-0123456789abcdefghijklmnop"
    code, out, err = await cli("info", token=revoked)
    assert (code, out) == (2, "")
    # in the office's language (decision 1890)
    assert err == "chungtay: telegram: token của bot bị từ chối; hãy kiểm tra TELEGRAM_BOT_TOKEN\n"


async def test_the_treasurer_gets_the_evidence_photo_in_telegram(polling: Harness) -> None:
    h = polling
    hoa, mai = h.tg.user(511, "Hoa"), h.tg.user(512, "Mai")
    await joined(h, hoa, h.invites.member)
    await h.choose(hoa, "Ghi nhận đóng góp")
    await h.choose(hoa, "Quỹ “Vì người nghèo” (ngoài các đợt vận động)")
    await h.choose(hoa, "Tiền")
    await h.ask(hoa, "500k")
    receipt = b"\xff\xd8\xff\xe0 receipt 511"
    await h.reply(hoa, await hoa.send_photo(receipt))
    await h.choose(hoa, "Có, xác nhận")

    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    treasurers = [c["command"] for c in h.tg.commands_for({"type": "chat", "chat_id": 512}, None)]
    assert "tracuu" in treasurers and "xacnhan" in treasurers
    await h.ask(mai, "/tracuu")
    await h.ask(mai, "CT-2026-000001")
    photos = [m for m in mai.messages() if m.photo]
    assert photos and photos[-1].photo_content == receipt and "CT-2026-000001" in photos[-1].text
    assert "đã xác nhận" in await h.choose(mai, "Xác nhận")


async def test_a_confirmation_and_the_menu_after_it_arrive_as_one_message(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(513, "Hoa")
    await join(h, hoa, h.invites.member)
    welcome = hoa.last
    assert "Chào mừng anh/chị Võ Thị Hoa" in welcome.text and "cần làm gì" in welcome.text
    assert "Ghi nhận đóng góp" in welcome.labels
    sends = len(h.tg.calls_to("sendMessage"))
    await h.ask(hoa, "/tiendo")
    assert len(h.tg.calls_to("sendMessage")) == sends + 1  # progress and the menu: one message


async def test_on_telegram_a_failing_update_is_answered_acknowledged_and_the_next_one_goes_through(
    polling: Harness,
) -> None:
    h = polling
    registry = build_registry()
    registry.add(failing_flow())
    registry.command(("/hong",), "broken", "start")
    h.app.engine = Engine(registry, h.app.sessionmaker, h.app.settings, h.app.engine.clock)
    hoa, lan = h.tg.user(601, "Hoa"), h.tg.user(602, "Lan")
    await joined(h, hoa, h.invites.member)
    # Answered, and confirmed: wait_for_reply waits for getUpdates' offset to move past the update.
    assert "Xin lỗi" in await h.ask(hoa, "/hong")
    assert "nhập mã mời" in await h.ask(lan, "xin chào")
    assert "cần làm gì" in await h.ask(hoa, "/menu")
    assert len(h.tg.calls_to("getUpdates")) < 20  # nothing was fetched again and again


# --- what a press leaves on screen, through the outbox and the fake -----------------------------------------


async def give_300k_to_the_confirmation(h: Harness, user: FakeUser) -> None:
    await h.choose(user, "Ghi nhận đóng góp")
    await h.choose(user, "Quỹ “Vì người nghèo” (ngoài các đợt vận động)")
    await h.choose(user, "Tiền")
    await h.ask(user, "300k")
    await h.choose(user, "Bỏ qua")
    assert "Có, xác nhận" in user.last.labels


async def test_the_next_press_never_edits_the_receipt_away(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(515, "Hoa")
    await joined(h, hoa, h.invites.member)
    await give_300k_to_the_confirmation(h, hoa)
    confirm = hoa.last
    await h.choose(hoa, "Có, xác nhận")
    receipt = shown(hoa, confirm.message_id)  # the confirmation became the receipt, with the menu under it
    assert "Mã tham chiếu: CT-2026-000001" in receipt.text and "Tiến độ của tôi" in receipt.labels
    edits = len(h.tg.calls_to("editMessageText"))

    screen = await h.choose(hoa, "Tiến độ của tôi")
    assert "Tiến độ năm 2026" in screen and hoa.last.message_id != receipt.message_id
    receipt = shown(hoa, receipt.message_id)
    assert (
        "Mã tham chiếu: CT-2026-000001" in receipt.text and not receipt.buttons
    )  # kept, no longer pressable
    assert len(h.tg.calls_to("editMessageText")) == edits
    await h.choose(hoa, "Ghi nhận đóng góp")
    assert "Mã tham chiếu: CT-2026-000001" in shown(hoa, receipt.message_id).text


async def test_a_double_tap_on_yes_leaves_the_reference_code_on_screen(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(516, "Hoa")
    await joined(h, hoa, h.invites.member)
    await give_300k_to_the_confirmation(h, hoa)
    confirm, calls = hoa.last, len(h.tg.calls)
    await hoa.press("Có, xác nhận", confirm.message_id)
    second = await hoa.press("Có, xác nhận", confirm.message_id)  # before the bot answered the first
    await h.stored(second)
    await h.deliver()
    assert "Mã tham chiếu: CT-2026-000001" in shown(hoa, confirm.message_id).text
    assert "tin nhắn cũ" in hoa.last.text and hoa.last.message_id != confirm.message_id
    edits = [c for c in h.tg.calls[calls:] if c.params.get("message_id") == confirm.message_id]
    assert [c.method for c in edits] == [
        "editMessageText"
    ]  # into the receipt; the second tap, stale, edited nothing
    assert await h.count(Contribution) == 1


async def test_a_stale_press_edits_nothing(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(517, "Hoa")
    await joined(h, hoa, h.invites.member)
    await h.choose(hoa, "Ghi nhận đóng góp")
    drives = hoa.last
    _label, general = drives.button("Quỹ “Vì người nghèo” (ngoài các đợt vận động)") or ("", None)
    assert general is not None
    # the drives menu is now the kinds menu
    await h.choose(hoa, "Quỹ “Vì người nghèo” (ngoài các đợt vận động)")
    before = [(m.message_id, m.text, m.labels) for m in hoa.messages()]
    calls = len(h.tg.calls)
    screen = text_of(await h.reply(hoa, await hoa.press_data(general, drives.message_id)))
    assert "tin nhắn cũ" in screen and "hình thức nào" in screen
    assert [(m.message_id, m.text, m.labels) for m in hoa.messages()][: len(before)] == before
    assert [c.method for c in h.tg.calls[calls:] if c.method.startswith("edit")] == []


async def test_a_menu_answered_by_typing_loses_its_buttons(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(518, "Hoa")
    await joined(h, hoa, h.invites.member)
    await h.choose(hoa, "Ghi nhận đóng góp")
    drives = hoa.last
    assert drives.labels
    assert "hình thức nào" in await h.ask(hoa, "quỹ")
    assert hoa.last.message_id != drives.message_id
    assert not shown(hoa, drives.message_id).buttons
    cleared = h.tg.calls_to("editMessageReplyMarkup")[-1]
    assert int(cleared.params["message_id"]) == drives.message_id and cleared.status == 200


async def test_a_press_telegram_no_longer_waits_for_still_gets_its_answer(
    polling: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = polling
    hoa = h.tg.user(519, "Hoa")
    await joined(h, hoa, h.invites.member)
    menu = hoa.last
    _label, data = menu.button("Tiến độ của tôi") or ("", None)
    assert data is not None
    caplog.set_level(logging.INFO, logger="bot.channels.telegram.adapter")
    h.tg.fail_next("answerCallbackQuery", 400, QUERY_TOO_OLD)  # a press made while the bot was down
    assert "Tiến độ năm 2026" in await h.choose(hoa, "Tiến độ của tôi")
    assert hoa.last.message_id == menu.message_id  # and in the pressed menu's place, as always
    assert h.tg.calls_to("answerCallbackQuery")[-1].status == 400
    (said,) = [r.getMessage() for r in caplog.records if r.name == "bot.channels.telegram.adapter"]
    assert "query is too old" in said and data not in said


async def test_answering_presses_does_not_use_up_the_chats_message_allowance(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(521, "Hoa")
    await joined(h, hoa, h.invites.member)
    h.time.now += 60  # the chat's burst of three is whole again
    slept = len(h.time.slept)
    # Each press: an answer to it (the overall allowance) and an edit of the menu (the chat's).
    for label in ("Tiến độ của tôi", "Ghi nhận đóng góp", "Quỹ “Vì người nghèo” (ngoài các đợt vận động)"):
        await h.choose(hoa, label)
    assert "hình thức nào" in hoa.last.text
    # Three edits fit the chat's burst (the answers did not count there): no wait beyond the overall pace.
    assert all(wait < 0.5 for wait in h.time.slept[slept:])


# --- the sender next to the adapter -------------------------------------------------------------------------


async def test_a_stopping_sender_sends_what_is_due_and_releases_its_leases_unless_another_leads(
    harness: Harness,
) -> None:
    from bot.db.locks import exclusive
    from bot.delivery.outbox import Destination, enqueue
    from bot.delivery.transport import OutboundMessage

    h = harness
    h.tg.user(520, "Hoa")
    async with h.app.sessionmaker() as session, session.begin():
        await enqueue(
            session,
            key="reply:tg:1:0",
            destination=Destination("telegram", "520"),
            message=OutboundMessage(text="Đã lưu."),
            now=NOW,
        )
    async with exclusive(h.app.sessionmaker, h.sender.lock_name):  # another process leads
        running = asyncio.create_task(h.sender.run())
        while not h.sender.standing_by:
            await asyncio.sleep(0.01)
        h.sender.stop()
        await asyncio.wait_for(running, 5)
    assert [row.status for row in await h.rows()] == ["pending"]  # the leader, elsewhere, sends it

    h.sender._stopping = False
    h.tg.fail_next("sendMessage", 500)  # the first try fails: the row waits a second
    running = asyncio.create_task(h.sender.run())
    await h.tg.wait_for_call("sendMessage")
    h.sender.stop()
    await asyncio.wait_for(running, 5)
    (row,) = await h.rows()
    assert row.status == "pending" and row.lease_until is None  # not due yet; free for the next leader


# --- a poller that never dies; chats side by side ---------------------------------------------------------


class Gate:
    """A sleep that waits until the test lets it go: the poller's waits can be seen, and /healthz asked,
    while it waits."""

    def __init__(self) -> None:
        self.waits: list[tuple[float, asyncio.Event]] = []

    async def sleep(self, seconds: float) -> None:
        done = asyncio.Event()
        self.waits.append((seconds, done))
        await done.wait()

    async def wait_for(self, count: int) -> float:
        while len(self.waits) < count:
            await asyncio.sleep(0.01)
        return self.waits[count - 1][0]

    def release(self) -> None:
        for _seconds, done in self.waits:
            done.set()


async def test_a_429_and_a_500_on_get_updates_leave_the_poller_running_and_healthz_degraded_then_ok(
    harness: Harness,
) -> None:
    from bot.channels.telegram.runner import PollerHealth

    h = harness
    gate = Gate()
    health = PollerHealth()
    h.tg.fail_next("getUpdates", 429, retry_after=5)
    h.tg.fail_next("getUpdates", 500)
    runner = web.AppRunner(make_web_app(h.app.sessionmaker, probes={"telegram": health.as_dict}))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def healthz() -> tuple[int, dict[str, object]]:
        url = f"http://127.0.0.1:{port}/healthz"
        async with aiohttp.ClientSession() as client, client.get(url) as response:
            return response.status, (await response.json())["telegram"]

    task = asyncio.create_task(poll(h.adapter, h.bot, timeout=1, sleep=gate.sleep, health=health))
    try:
        assert await gate.wait_for(1) == 5  # Telegram's retry_after
        assert await healthz() == (
            503,
            {"mode": "polling", "state": "degraded", "last_error": "flood control (429)"},
        )
        gate.release()
        assert await gate.wait_for(2) > 0  # a back-off
        assert await healthz() == (
            503,
            {"mode": "polling", "state": "degraded", "last_error": "server error (5xx)"},
        )
        gate.release()
        hoa = h.tg.user(530, "Hoa")
        assert "nhập mã mời" in await h.ask(hoa, "xin chào")
        assert await healthz() == (200, {"mode": "polling", "state": "ok", "last_error": None})
        assert not task.done()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await runner.cleanup()


async def test_a_token_revoked_while_polling_is_said_once_as_refused_naming_the_setting(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """The operator revoked the token in BotFather and the running bot kept polling with the old one: the log
    said `getUpdates failed (TelegramUnauthorizedError …); retrying` every minute, at WARNING, and /healthz
    `"last_error": "TelegramUnauthorizedError"`, never what to do (decision 0355)."""
    from bot.channels.telegram.runner import PollerHealth

    h = harness
    gate = Gate()
    health = PollerHealth()
    h.tg.fail_next("getUpdates", 401, "Unauthorized", count=2)
    task = asyncio.create_task(poll(h.adapter, h.bot, timeout=1, sleep=gate.sleep, health=health))
    try:
        await gate.wait_for(1)
        assert health.as_dict() == {"mode": "polling", "state": "degraded", "last_error": "token refused"}
        gate.release()
        await gate.wait_for(2)
        said = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(said) == 1 and "TELEGRAM_BOT_TOKEN" in said[0], said  # once, however long it lasts
        assert h.tg.token not in caplog.text
        gate.release()
        hoa = h.tg.user(531, "Hoa")
        assert "nhập mã mời" in await h.ask(hoa, "xin chào")  # the right token back: it polls again
        assert health.as_dict()["state"] == "ok"
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


class RecordingAdapter:
    """Stands in for the adapter: records when each update's turn starts and ends."""

    bot = None

    def __init__(self) -> None:
        self.events: list[tuple[str, int, int]] = []
        self.running = 0
        self.most_at_once = 0

    async def handle_update(self, update) -> None:  # type: ignore[no-untyped-def]
        chat = update.message.chat.id
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        self.events.append(("start", chat, update.update_id))
        await asyncio.sleep(0.01)
        self.events.append(("end", chat, update.update_id))
        self.running -= 1

    def turns_of(self, chat: int) -> list[tuple[str, int]]:
        return [(kind, update) for kind, c, update in self.events if c == chat]


def message_update(update_id: int, chat: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1790000000,
            "text": f"tin {update_id}",
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "X"},
        },
    }


def one_at_a_time(turns: list[tuple[str, int]]) -> bool:
    """Each turn ends before the next one of the chat starts."""
    return all(
        turns[i][0] == "start" and turns[i + 1] == ("end", turns[i][1]) for i in range(0, len(turns), 2)
    )


def in_order_one_at_a_time(turns: list[tuple[str, int]]) -> bool:
    updates = sorted({update for _kind, update in turns})
    return turns == [(kind, update) for update in updates for kind in ("start", "end")]


async def test_a_batch_handles_chats_side_by_side_each_in_order_within_a_bound() -> None:
    from aiogram.types import Update

    from bot.channels.telegram.runner import process_batch

    adapter = RecordingAdapter()
    updates = [Update.model_validate(message_update(n, 100 + n % 3)) for n in range(1, 10)]
    await process_batch(adapter, updates, at_once=2)  # type: ignore[arg-type]
    assert len(adapter.events) == 18
    assert adapter.most_at_once == 2  # side by side, never more than the bound
    for chat in (100, 101, 102):
        assert in_order_one_at_a_time(adapter.turns_of(chat))


async def test_the_webhook_handles_each_chat_in_order_and_chats_side_by_side() -> None:
    from bot.db.engine import make_engine, make_sessionmaker

    adapter = RecordingAdapter()
    hook = TelegramWebhook(adapter, SECRET)  # type: ignore[arg-type]
    engine = make_engine("sqlite+aiosqlite:///:memory:")
    runner = web.AppRunner(make_web_app(make_sessionmaker(engine), hook.routes()))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as client:

            async def post(body: dict[str, object]) -> int:
                url = f"http://127.0.0.1:{port}/telegram"
                async with client.post(url, json=body, headers={SECRET_HEADER: SECRET}) as response:
                    return response.status

            bodies = [message_update(n, 100) for n in (1, 2, 3)] + [message_update(n, 101) for n in (4, 5, 6)]
            assert await asyncio.gather(*(post(body) for body in bodies)) == [200] * 6
            assert adapter.most_at_once == 2  # the two chats side by side
            for chat in (100, 101):
                assert one_at_a_time(adapter.turns_of(chat))  # each chat's turns one after another

            await hook.stop()  # stopping: Telegram is asked to deliver again later
            assert await post(message_update(99, 100)) == 503
    finally:
        await runner.cleanup()
        await engine.dispose()


@pytest.mark.usefixtures("demo_invites")  # the demo in the test's file
async def test_a_telegram_that_fails_at_start_up_is_asked_again_until_it_answers(
    tg: FakeTelegram,
    db_path: Path,
    tmp_path: Path,
    unused_tcp_port: int,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """…and a stop asked for while Telegram makes the poller wait (a 429's minute) ends it at once: the
    runtime waited out the wait, up to its limit, then said the part did not stop and cancelled it (2702)."""
    monkeypatch.setattr(runtime, "START_RETRY", 0.01)
    tg.fail_next("getMe", 502, count=2)
    tg.fail_next("setMyCommands", 429, retry_after=1)
    app = build_app(telegram_settings(tg, db_path, tmp_path, web_port=unused_tcp_port), MovableClock(NOW))
    stopping = asyncio.Event()
    task = asyncio.create_task(runtime.run(app, stopping=stopping))
    try:
        user = tg.user(602, "Minh")
        replies = await user.wait_for_reply(await user.send("xin chào"))
        assert "nhập mã mời" in text_of(replies)
        assert [c.status for c in tg.calls_to("getMe")][:3] == [502, 502, 200]
        tried = tg.calls_to("setMyCommands")
        assert tried[0].status == 429 and tried[1].at - tried[0].at >= 1  # waited as Telegram asked
        tg.fail_next("getUpdates", 429, retry_after=60)  # the poll after the next message: wait a minute
        await user.send("xin chào")
        await tg.wait_until(lambda: tg.calls_to("getUpdates")[-1].status == 429, what="Telegram's 429")
        assert len(user.messages()) == 2 and "mã mời" in user.last.text  # the turn before it is answered
        stopping.set()
        await task
        assert tg.calls_to("getUpdates")[-1].status == 200  # the update taken is acknowledged as it stops
        said = [record.getMessage() for record in caplog.records]
        assert "getUpdates: Telegram asks to wait 60 s" in said
        assert not [line for line in said if "did not stop" in line]  # it stopped by itself, not cancelled
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await app.close()


async def test_a_refused_token_ends_the_runtime_at_once_saying_so(
    tg: FakeTelegram, db_path: Path, tmp_path: Path, unused_tcp_port: int
) -> None:
    tg.fail_next("getMe", 401, count=100)
    app = build_app(telegram_settings(tg, db_path, tmp_path, web_port=unused_tcp_port), MovableClock(NOW))
    try:
        with pytest.raises(Refused, match="TELEGRAM_BOT_TOKEN"):
            await asyncio.wait_for(runtime.run(app), 30)
        assert len(tg.calls_to("getMe")) == 1
    finally:
        await app.close()


async def test_the_screens_before_a_language_is_chosen_follow_the_phones_language(polling: Harness) -> None:
    """Telegram says the phone's language (`language_code`): a doctor from abroad reads the welcome, the name
    and the data notice in English; choosing the language stays hers. A Vietnamese colleague whose phone is
    set to English is told how to go back to Vietnamese, in Vietnamese (decision 0324); a sticker is answered
    in the screens' language, and once his account is taken off he is told so in the language he chose
    (decision 0328)."""
    h = polling
    ann = h.tg.user(520, "Ann", language_code="en-GB")
    screen = await h.ask(ann, "/start")
    assert "please type the invite code" in screen and "Gõ “tiếng Việt” để dùng tiếng Việt." in screen
    assert "Please type your full name" in await h.ask(ann, h.invites.member)
    assert "The staff list has nobody named" in await h.ask(ann, "Ann Smith")
    assert "Do you agree?" in await h.choose(ann, "Join with this name (not on the list)")
    assert "Which language do you prefer?" in await h.choose(ann, "I agree")  # still hers to choose
    assert "What would you like to do, Ann Smith?" in await h.choose(ann, "English")

    minh = h.tg.user(521, "Minh", language_code="en")
    assert "please type the invite code" in await h.ask(minh, "/start")
    # a sticker is answered in the language the screens speak, where it was the bot's default (decision 0328)
    assert "Sorry, I cannot read stickers" in text_of(await h.reply(minh, await minh.send_sticker()))
    assert "vui lòng nhập mã mời" in await h.ask(minh, "tiếng Việt")
    assert "Xin lỗi, Chung Tay không đọc được" in text_of(await h.reply(minh, await minh.send_sticker()))
    assert "họ và tên" in await h.ask(minh, h.invites.member)
    await h.ask(minh, "Minh Trần")
    await h.choose(minh, "Tham gia với tên này")
    assert "Anh/chị cần làm gì?" in await h.choose(minh, "Tôi đồng ý")
    async with h.app.sessionmaker() as session, session.begin():  # the account taken off by an officer
        await remove_identity(
            session, channel="telegram", external_id=str(minh.id), actor_id=None, now=h.app.engine.clock()
        )
    # told in the language he chose, not his phone's
    assert "Tài khoản này đã được cán bộ phụ trách gỡ khỏi Chung Tay." in await h.ask(minh, "hello")


@pytest.mark.parametrize(
    ("role", "language"),
    [
        ("member", "vi"),
        ("leader", "vi"),
        ("treasurer", "vi"),
        ("officer", "vi"),
        ("admin", "vi"),
        ("member", "en"),
    ],
)
async def test_every_command_the_help_names_is_in_the_menu_beside_the_text_box(
    polling: Harness, role: str, language: str
) -> None:
    """The member's guide says the ☰ menu lists the commands, and /trogiup names them: each one it names for
    a role is there to press (/saoke, /tracuu and /nhacnho too, which everyone may use), in English by the
    English names the English help gives."""
    import re

    h = polling
    await set_default_commands(polling.bot, "vi")
    user = h.tg.user(520, "Hoa")
    await joined(h, user, getattr(h.invites, role, h.invites.member))
    if role in ("officer", "admin"):  # no demo code makes one: the office grants it, organisation-wide
        async with h.app.sessionmaker() as session, session.begin():
            hoa = await session.scalar(select(Person).where(Person.full_name == "Võ Thị Hoa"))
            assert hoa is not None
            await grant_role(session, Operator(hoa.org_id), hoa, role, None, now=NOW)
    if language == "en":
        await h.ask(user, "English")
    named = set(re.findall(r"(?<![\w/])/([a-z]+)", await h.ask(user, "/trogiup")))
    scoped = polling.tg.commands_for({"type": "chat", "chat_id": 520}, None)
    menu = {c["command"] for c in scoped or polling.tg.commands_for({"type": "default"}, language)}
    assert named - menu == set()


def test_every_chat_command_the_guides_name_is_one_the_bot_answers() -> None:
    """A newcomer types what the guides show: each “/word” they name in the chat is a command the bot knows
    (the web's paths and BotFather's own commands aside)."""
    import re

    from bot.conversation.engine import CANCEL_COMMANDS, MENU_COMMANDS

    known = set(build_registry().commands) | CANCEL_COMMANDS | MENU_COMMANDS
    not_ours = {"/healthz", "/telegram", "/zalo", "/newbot", "/setcommands", "/setdescription", "/setuserpic"}
    root = Path(__file__).resolve().parent.parent
    guides = [root / "README.md", *sorted((root / "docs").glob("guide-*.md"))]
    guides += [root / "docs" / "telegram.md", root / "docs" / "zalo.md"]
    named = {
        f"/{word}"
        for guide in guides
        for word in re.findall(r"(?<![\w/.:~-])/([a-z]+)\b(?![/.\w])", guide.read_text(encoding="utf-8"))
    }
    assert len(named) > 30  # the guides were read
    assert named - known - not_ours == set()


@pytest.mark.parametrize(
    "asked",
    [
        "ad oi e ck 300k roi ma chua thay xac nhan",
        "Sao chưa thấy xác nhận ạ",
        "chua duoc duyet a",
        # with the figure, as at the main menu they began a second gift of it (decision 2287)
        "ck 300k nhận chưa ạ",
        "tôi gửi 300k rồi mà chưa thấy xác nhận",
        "ck 300k đã nhận được chưa",
        "sent 300k, received yet?",
    ],
)
async def test_a_newcomer_asking_why_her_gift_is_not_confirmed_yet_sees_where_it_stands(
    polling: Harness, asked: str
) -> None:
    """A teacher who joined in December gives 300k and, two days later, asks as she would type it why it is
    not confirmed yet: “vui lòng chọn một mục” and the menu, her question unanswered, where “đã nhận chưa?”
    shows her gift and that it waits for the treasurer (decisions 0491, 1254)."""
    h = polling
    anh = h.tg.user(531, "Ánh")
    await joined(h, anh, h.invites.member, "Đỗ Thị Ngọc Ánh")
    await give_300k_to_the_confirmation(h, anh)
    assert "CT-2026-000001" in await h.choose(anh, "Có, xác nhận")
    h.app.engine.clock.advance(days=2)
    await h.ask(anh, "/menu")

    screen = await h.ask(anh, asked)

    assert "vui lòng chọn một mục" not in screen
    assert "CT-2026-000001 · 22/11/2026 · 300.000\xa0₫ · chờ thủ quỹ xác nhận" in screen


async def test_a_screenshot_sent_without_words_after_her_gift_is_asked_first_as_its_receipt(
    polling: Harness,
) -> None:
    """A teacher gives 300k by transfer without a photo; three hours later she sends the transfer's
    screenshot with no words. It began a second gift (“Anh/chị đóng góp cho đợt vận động nào?”), the first
    named only at its last look. Now she is asked whether it is that gift's receipt, and Yes keeps it there:
    one gift, its photo what the treasurer opens (decisions 1254, 1278)."""
    h = polling
    anh, mai = h.tg.user(532, "Ánh"), h.tg.user(533, "Mai")
    await joined(h, anh, h.invites.member, "Đỗ Thị Ngọc Ánh")
    await give_300k_to_the_confirmation(h, anh)
    await h.choose(anh, "Có, xác nhận")
    h.app.engine.clock.advance(hours=3)
    screenshot = b"\xff\xd8\xff\xe0 chuyen khoan 300k"

    screen = text_of(await h.reply(anh, await anh.send_photo(screenshot)))

    assert "đợt vận động nào" not in screen
    assert (
        "Ảnh anh/chị vừa gửi là biên lai của khoản CT-2026-000001 (300.000\xa0₫, ngày 22/11/2026) phải "
        "không ạ?" in screen
    )
    assert anh.last.labels[:2] == ["Đúng, gắn vào khoản này", "Không, ghi khoản mới"]
    screen = await h.choose(anh, "Đúng, gắn vào khoản này")
    assert "Ảnh đã được lưu làm minh chứng cho khoản CT-2026-000001, đang chờ thủ quỹ xác nhận" in screen
    assert await h.count(Contribution) == 1
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/tracuu")
    await h.ask(mai, "CT-2026-000001")
    photos = [m for m in mai.messages() if m.photo]
    assert photos and photos[-1].photo_content == screenshot


async def test_a_second_screenshot_sent_at_which_waiting_gift_it_is_for_is_kept_beside_the_first(
    polling: Harness,
) -> None:
    """Three hours after her 300k, a teacher sends her bank app's first page without words and, ninety
    seconds later at “is this the receipt of CT-2026-000001?”, its second page. The second took the first
    one's place, unsaid, and the treasurer opened half the transfer; now both go with the gift (1668)."""
    h = polling
    anh, mai = h.tg.user(534, "Ánh"), h.tg.user(535, "Mai")
    await joined(h, anh, h.invites.member, "Đỗ Thị Ngọc Ánh")
    await give_300k_to_the_confirmation(h, anh)
    await h.choose(anh, "Có, xác nhận")
    h.app.engine.clock.advance(hours=3)
    first, second = b"\xff\xd8\xff\xe0 trang 1: 300k", b"\xff\xd8\xff\xe0 trang 2: noi dung ck"
    await h.reply(anh, await anh.send_photo(first))
    h.app.engine.clock.advance(seconds=90)

    screen = text_of(await h.reply(anh, await anh.send_photo(second)))

    assert "ảnh này được lưu cùng các ảnh gửi kèm" in screen
    assert "là biên lai của khoản CT-2026-000001" in screen
    await h.choose(anh, "Đúng, gắn vào khoản này")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/tracuu")
    await h.ask(mai, "CT-2026-000001")
    assert {m.photo_content for m in mai.messages() if m.photo} == {first, second}
