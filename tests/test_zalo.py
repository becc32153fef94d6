"""The Zalo channel against a fake Zalo Bot API server over real HTTP (tests/support/fake_zalo.py): the client
and Zalo's envelope, polling and the webhook, storing before handling and handling after a restart, dedupe
and echoes, pictures, text-only rendering, sending with limits and 429s. Replies go the way they go in
production: outbox rows written in the turn's transaction, sent by the sender through the Zalo transport.
Time is virtual: waits are recorded, never slept."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import socket
import ssl
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest
from aiohttp import web
from openpyxl import load_workbook
from sqlalchemy import select

from bot import runtime
from bot.app import App, build_app
from bot.channels.zalo.adapter import ZaloAdapter
from bot.channels.zalo.client import ZaloApiError, ZaloClient, ZaloUnavailable
from bot.channels.zalo.poller import PollerHealth, poll
from bot.channels.zalo.transport import ZaloTransport
from bot.channels.zalo.webhook import SECRET_HEADER, ZaloWebhook
from bot.config import Settings
from bot.conversation.recognise import numbers_an_item
from bot.db.models import (
    Contribution,
    Drive,
    Evidence,
    InboundUpdate,
    Organisation,
    OutboxMessage,
    Person,
    ProcessedUpdate,
    Reminder,
    RoleAssignment,
)
from bot.delivery.outbox import Destination, enqueue
from bot.delivery.transport import OutboundMessage
from bot.demo import DemoInvites
from bot.domain.access import Operator
from bot.domain.people import remove_identity
from bot.domain.transfer import set_account
from bot.messages import Choice, Document
from bot.web import make_web_app
from tests.support.clocks import NOW, MovableClock
from tests.support.fake_zalo import FakeZalo, FakeZaloUser, utf16_units
from tests.support.joins import join_at_once
from tests.support.launcher import PIPE, Processes
from tests.support.zalo import ZaloHarness, text_of, utc
from tests.test_transfer import ACCOUNT

SECRET = "zalo-webhook-secret-for-tests"


def zalo_settings(zalo: FakeZalo, db_path: Path, tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{db_path}",
        media_dir=tmp_path / "media",
        zalo_bot_token=zalo.token,
        zalo_api_base=zalo.base_url,
        zalo_webhook_secret=SECRET,
        _env_file=None,
        **extra,  # type: ignore[call-arg, arg-type]
    )


@pytest.fixture
async def app(zalo: FakeZalo, db_path: Path, tmp_path: Path) -> AsyncIterator[App]:
    application = build_app(zalo_settings(zalo, db_path, tmp_path), MovableClock(NOW))
    yield application
    await application.close()


@pytest.fixture
async def harness(zalo: FakeZalo, app: App, invites: DemoInvites) -> AsyncIterator[ZaloHarness]:
    h = ZaloHarness.build(zalo, app)
    h.invites = invites
    yield h
    await h.close()


@pytest.fixture
async def polling(harness: ZaloHarness) -> AsyncIterator[ZaloHarness]:
    task = asyncio.create_task(poll(harness.adapter, harness.client, timeout=1, sleep=harness.time.sleep))
    yield harness
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def serve(routes: list[web.RouteDef], app: App) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(make_web_app(app.sessionmaker, routes))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def webhook(harness: ZaloHarness) -> AsyncIterator[tuple[ZaloHarness, str]]:
    runner, base = await serve(ZaloWebhook(harness.adapter, SECRET).routes(), harness.app)
    yield harness, f"{base}/zalo"
    await runner.cleanup()


async def eventually(condition, *, what: str, within: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Let the code under test run until `condition` holds (a loop that yields, not a timed sleep)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def join(h: ZaloHarness, user: FakeZaloUser, code: str, name: str = "Võ Thị Hoa") -> str:
    """A Zalo person joins by typing the invite code as their very first message."""
    assert "họ và tên" in await h.ask(user, code)
    screen = await h.ask(user, name)
    if "4 số cuối" in screen:
        await h.choose(user, "thành viên mới")
    elif "chưa có trong danh sách" in screen:
        await h.choose(user, "Tham gia với tên này")
    await h.choose(user, "Tôi đồng ý")
    return await h.choose(user, "Tiếng Việt")


async def joined(h: ZaloHarness, user: FakeZaloUser, code: str, name: str = "Võ Thị Hoa") -> str:
    """`user` joined at once (tests/support/joins.py), then at their main menu: where joining is only the
    setting."""
    await join_at_once(
        h.app.sessionmaker,
        channel="zalo",
        user_id=str(user.id),
        code=code,
        name=name,
        now=h.app.engine.clock(),
    )
    return await h.ask(user, "/menu")


async def officer_joined(
    h: ZaloHarness, user: FakeZaloUser, name: str = "Lê Thị Lan", role: str = "officer"
) -> None:
    """`user` joined at once as `name` (`joined`), then made the organisation's officer (or `role`)."""
    await joined(h, user, h.invites.member, name)
    async with h.app.sessionmaker() as session, session.begin():
        officer = await session.scalar(select(Person).where(Person.full_name == name))
        assert officer is not None
        session.add(RoleAssignment(person_id=officer.id, role=role, org_id=officer.org_id, granted_at=NOW))


async def appeal_sent(h: ZaloHarness, officer: FakeZaloUser, words: str) -> None:
    """The officer's appeal in `words` for the winter coats' drive, sent at once to everyone."""
    await h.ask(officer, "/keugoi")
    await h.choose(officer, "Soạn tin mới")
    await h.ask(officer, words)
    await h.choose(officer, "Áo ấm mùa đông")
    await h.choose(officer, "Tất cả")
    assert "Đã gửi" in await h.choose(officer, "Gửi ngay")


async def at_the_funds_amount(h: ZaloHarness) -> FakeZaloUser:
    """Hoa, joined, typing “ghi nhan dong gop” and choosing a gift of money to the Fund: at its amount."""
    hoa = h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member)
    await h.ask(hoa, "ghi nhan dong gop")
    await h.choose(hoa, "ngoài các đợt vận động")
    await h.choose(hoa, "Tiền")
    return hoa


# --- the client -------------------------------------------------------------------------------------------


async def test_the_client_reads_ok_false_on_http_200_and_never_shows_the_token(zalo: FakeZalo) -> None:
    client = ZaloClient(zalo.token, base=zalo.base_url)
    try:
        zalo.fail_next("sendMessage", 400, "Bad Request: chat not found")
        with pytest.raises(ZaloApiError) as refused:
            await client.send_message("abc", "xin chào")
        assert refused.value.code == 400 and zalo.calls_to("sendMessage")[-1].http_status == 200
        with pytest.raises(ZaloApiError) as unknown:
            await client.call("editMessageText", {"chat_id": "abc"})
        assert unknown.value.code == 404  # Zalo has no edits: "Not Found", on HTTP 200
        zalo.fail_next("getMe", 429, html=True)  # the front proxy's HTML page
        with pytest.raises(ZaloUnavailable) as page:
            await client.get_me()
        assert page.value.quota
        bad = ZaloClient("123:not-the-token", base=zalo.base_url)
        with pytest.raises(ZaloApiError) as wrong:
            await bad.get_me()
        await bad.close()
        assert wrong.value.code == 401
        secret = zalo.token.split(":")[1]
        for problem in (refused.value, unknown.value, page.value, wrong.value):
            assert secret not in str(problem) and secret not in repr(problem)
            # No httpx error rides along (its message would hold the URL, with the token in its path).
            assert problem.__cause__ is None
            assert problem.__context__ is None or problem.__suppress_context__
        assert (await client.get_me()).id == zalo.bot_id
        assert await client.get_webhook_info() is None  # no webhook: Zalo's 404 means "none"
    finally:
        await client.close()


# --- receiving ---------------------------------------------------------------------------------------------


async def test_a_person_joins_by_typing_the_code_registers_gives_with_a_photo_and_sees_progress(
    polling: ZaloHarness,
) -> None:
    h = polling
    hoa = h.zalo.user("Hoa")
    screen = await join(h, hoa, h.invites.member)
    assert "Chào mừng anh/chị Võ Thị Hoa" in screen
    assert "1. Đăng ký thi đua" in screen  # a numbered menu, no buttons

    await h.choose(hoa, "Đăng ký thi đua")
    await h.choose(hoa, "Ủng hộ Quỹ")
    await h.choose(hoa, "Xong")
    screen = await h.ask(hoa, "1tr")
    assert "Trả lời CÓ để xác nhận, KHÔNG để hủy." in screen
    assert "Đã lưu" in await h.ask(hoa, "CÓ")

    await h.choose(hoa, "Ghi nhận đóng góp")
    await h.choose(hoa, "ngoài các đợt vận động")
    await h.choose(hoa, "Tiền")
    assert "minh chứng" in await h.ask(hoa, "1tr2")
    receipt = b"\xff\xd8\xff\xe0 transfer screenshot"
    screen = await h.exchange(hoa, hoa.send_photo(receipt, caption="Chuyển khoản"))
    assert "1.200.000\xa0₫" in screen and "Minh chứng: 1 ảnh" in screen
    screen = await h.ask(hoa, "co")
    assert "CT-2026-000001" in screen and "chờ thủ quỹ xác nhận" in screen

    screen = await h.choose(hoa, "Tiến độ của tôi")
    assert "CT-2026-000001" in screen and "1.200.000\xa0₫" in screen
    async with h.app.sessionmaker() as session:
        evidence = (await session.execute(select(Evidence))).scalar_one()
    assert (h.app.settings.media_dir / evidence.path).read_bytes() == receipt
    assert all(utf16_units(m.text) <= 2000 for m in hoa.messages())


async def test_a_picture_in_the_docs_shape_is_read_too_and_an_expired_link_asks_again(
    polling: ZaloHarness,
) -> None:
    h = polling
    hoa = h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member)
    await h.choose(hoa, "Ghi nhận đóng góp")
    await h.choose(hoa, "ngoài các đợt vận động")
    await h.choose(hoa, "Tiền")
    # the amount asked, a voice message saying it is asked to be typed, never for the receipt (decision 0807)
    screen = await h.exchange(hoa, hoa.send_voice())
    assert "gõ bằng chữ" in screen and "biên lai" not in screen, screen
    # … but a file there (a bank app's PDF sent first) is the receipt sent ahead, as on Telegram
    screen = await h.exchange(hoa, hoa.send_unsupported())
    assert "gửi biên lai dưới dạng ảnh" in screen and "sao kê" not in screen, screen
    await h.ask(hoa, "500k")
    # where the receipt is asked, a sticker and a file (a bank app's PDF: “unsupported” on Zalo) are asked
    # for the receipt as a photo, never to type or to send it on Telegram (decision 0794)
    for sent in (hoa.send_sticker(), hoa.send_unsupported()):
        screen = await h.exchange(hoa, sent)
        assert "gửi biên lai dưới dạng ảnh" in screen and "chụp màn hình" in screen, screen
        assert "gõ" not in screen and "sao kê" not in screen, screen
    # The link is gone before the bot fetches it (as when a stored update is handled after a restart).
    screen = await h.exchange(hoa, hoa.send_photo(b"\xff\xd8\xff old", docs_shape=True, expired=True))
    assert "Xin lỗi" in screen and "gửi lại" in screen
    assert await h.count(Evidence) == 0
    screen = await h.exchange(hoa, hoa.send_photo(b"\xff\xd8\xff new", docs_shape=True))
    assert "Minh chứng: 1 ảnh" in screen
    # a thumbs-up sticker at the last look is asked to be typed (“Có”), not for the receipt it has (0807)
    screen = await h.exchange(hoa, hoa.send_sticker())
    assert "gõ bằng chữ" in screen and "biên lai" not in screen, screen


async def test_a_sticker_or_an_unsupported_message_is_asked_for_text_and_changes_nothing(
    polling: ZaloHarness,
) -> None:
    h = polling
    hoa = h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member)
    screen = await h.exchange(hoa, hoa.send_sticker())
    assert "chỉ đọc được chữ và ảnh" in screen and "/menu" in screen
    assert "sao kê" not in screen  # a sticker is no file: nothing said of where a file goes
    # A voice message and a location are told what they are, and what to type instead
    screen = await h.exchange(hoa, hoa.send_voice())
    assert "tin nhắn thoại" in screen and "gõ bằng chữ" in screen and "sao kê" not in screen, screen
    screen = await h.exchange(hoa, hoa.send_location())
    assert "vị trí" in screen and "gõ bằng chữ" in screen and "sao kê" not in screen, screen
    # A treasurer's bank statement sent as a file reaches the bot as "unsupported": told where it goes instead
    screen = await h.exchange(hoa, hoa.send_unsupported())
    assert "chỉ đọc được chữ và ảnh" in screen
    assert "sao kê ngân hàng" in screen and "Chung Tay trên Telegram" in screen and "/lienket" in screen
    assert "Tiến độ năm 2026" in await h.choose(hoa, "Tiến độ của tôi")  # the chat carries on
    # A phone the office took off is told only that, whatever it sends: it was told to send the file on
    # Telegram and to link its accounts with /lienket, which it no longer may (decision 0350)
    async with h.app.sessionmaker() as session, session.begin():
        now = h.app.engine.clock()
        await remove_identity(session, channel="zalo", external_id=hoa.id, actor_id=None, now=now)
    for sent in (hoa.send_unsupported(), hoa.send_sticker()):
        screen = await h.exchange(hoa, sent)
        assert "gỡ khỏi Chung Tay" in screen and "/lienket" not in screen and "/menu" not in screen, screen


async def test_the_bots_own_messages_coming_back_are_dropped(polling: ZaloHarness) -> None:
    h = polling
    h.zalo.echo_sends = True
    h.zalo.list_updates = True  # as some clients see getUpdates' one update: in a list
    hoa = h.zalo.user("Hoa")
    assert "nhập mã mời" in await h.ask(hoa, "xin chào")
    await h.zalo.wait_until(lambda: not h.zalo.pending, what="the echo taken by the poller")
    assert "họ và tên" in await h.ask(hoa, h.invites.member)
    assert await h.count(InboundUpdate) == 2  # the person's two messages; no echo stored
    assert len(hoa.messages()) == 2  # and nothing answered to an echo


async def test_the_webhook_refuses_a_missing_or_wrong_secret_and_stores_nothing(webhook) -> None:  # type: ignore[no-untyped-def]
    h, url = webhook
    hoa = h.zalo.user("Hoa")
    body = h.zalo._update(hoa.id, hoa.id, "Hoa", "message.text.received", text="xin chào")
    async with aiohttp.ClientSession() as client:
        for headers in ({}, {SECRET_HEADER: ""}, {SECRET_HEADER: "wrong-secret"}):
            async with client.post(url, json=body, headers=headers) as response:
                assert response.status == 401
    assert await h.count(InboundUpdate) == 0 and await h.count(ProcessedUpdate) == 0
    assert await h.count(OutboxMessage) == 0


async def test_the_webhook_answers_a_malformed_or_deeply_nested_body_at_once_and_is_not_asked_again(
    webhook,
) -> None:  # type: ignore[no-untyped-def]
    """Bodies bearing the right secret but not Zalo's shape: a chat or a sender that is a string or a number,
    a body nested ten thousand times. The first were answered 503 (“retry later”), so the same body came
    back again and again; the last was the web server's bare 500. Now each is answered at once, nothing is
    stored, and Hoa's next message is answered as ever."""
    h, url = webhook
    await h.client.set_webhook(url, SECRET)
    hoa = h.zalo.user("Hoa")
    good = h.zalo._update(hoa.id, hoa.id, "Hoa", "message.text.received", text="xin chào")
    odd = [
        {**good, "message": {**good["message"], "chat": "private", "from": "Hoa"}},
        {**good, "message": {**good["message"], "from": 7, "chat": [1, 2]}},
        {"ok": True, "result": {**good, "message": {**good["message"], "chat": None, "from": "Hoa"}}},
    ]
    async with aiohttp.ClientSession() as client:
        for body in odd:
            async with client.post(url, json=body, headers={SECRET_HEADER: SECRET}) as response:
                assert response.status == 200, body
        deep = "[" * 10_000 + "]" * 10_000
        async with client.post(url, data=deep, headers={SECRET_HEADER: SECRET}) as response:
            assert response.status == 400 and await response.text() == "bad update"
    assert await h.count(InboundUpdate) == 0 and await h.count(OutboxMessage) == 0
    assert "nhập mã mời" in await h.ask(hoa, "xin chào")


async def test_the_webhook_answers_the_probe_takes_bare_and_wrapped_bodies_and_one_message_twice_once(
    webhook,  # type: ignore[no-untyped-def]
) -> None:
    h, url = webhook
    result = await h.client.set_webhook(url, SECRET)
    assert result["verification"]["status"] == "success"  # the empty probe got 200…
    assert h.zalo.webhook_deliveries[0].message_id is None
    assert await h.count(InboundUpdate) == 0  # …and is not an update
    hoa = h.zalo.user("Hoa")
    assert "nhập mã mời" in await h.ask(hoa, "xin chào")  # bare, as real traffic comes
    h.zalo.wrapped = True
    assert "họ và tên" in await h.ask(hoa, h.invites.member)  # wrapped, as the docs show
    assert [d.status for d in h.zalo.webhook_deliveries] == [200, 200, 200]

    body = h.zalo._update(hoa.id, hoa.id, "Hoa", "message.text.received", text="Võ Thị Hoa")
    before = len(hoa.messages())
    async with aiohttp.ClientSession() as client:
        for _ in range(2):
            async with client.post(url, data=json.dumps(body), headers={SECRET_HEADER: SECRET}) as response:
                assert response.status == 200
    await h.handled(body["message"]["message_id"])
    await h.deliver()
    assert len(hoa.messages()) == before + 1 and "không có ai tên “Võ Thị Hoa”" in hoa.messages()[-1].text


async def test_an_update_stored_but_not_handled_before_a_crash_is_handled_after_the_restart(
    harness: ZaloHarness,
) -> None:
    h = harness
    hoa = h.zalo.user("Hoa")
    await hoa.send(h.invites.member)
    (raw,) = h.zalo.pending
    # The process took the update from Zalo and stored it, then died before handling it.
    assert await h.adapter.store(raw) is not None
    h.zalo.pending.clear()  # consumed: Zalo will never return it again
    assert await h.count(ProcessedUpdate) == 0

    restarted = ZaloAdapter(h.app, h.client, bot_id=h.zalo.bot_id, sleep=h.time.sleep)
    assert await restarted.replay() == 1
    await restarted.finish()
    await h.deliver()
    assert "họ và tên" in text_of(hoa.messages())
    assert await restarted.replay() == 0  # handled once, marked so


async def test_polling_deletes_the_webhook_first_and_survives_idle_polls_and_an_html_429(
    harness: ZaloHarness,
) -> None:
    h = harness
    await h.client.set_webhook("http://127.0.0.1:9/zalo", SECRET)  # a webhook left from before
    health = PollerHealth()
    waits: list[tuple[float, asyncio.Event]] = []

    async def gate(seconds: float) -> None:
        done = asyncio.Event()
        waits.append((seconds, done))
        await done.wait()

    h.zalo.fail_next("getUpdates", 429, html=True)
    task = asyncio.create_task(poll(h.adapter, h.client, timeout=1, sleep=gate, health=health))
    try:
        await eventually(lambda: bool(waits), what="a back-off")
        methods = [c.method for c in h.zalo.calls]
        assert methods.index("deleteWebhook") < methods.index("getUpdates")
        assert waits[0][0] == 5.0  # a quota page backs off longer than other failures
        assert health.as_dict() == {
            "mode": "polling",
            "state": "degraded",
            "last_error": "quota exceeded (429)",
        }
        waits[0][1].set()
        await h.zalo.wait_until(
            lambda: any(c.error_code == 408 for c in h.zalo.calls_to("getUpdates")), what="an idle poll"
        )
        await eventually(lambda: health.state == "ok", what="the poller healthy again")
        assert len(waits) == 1  # the idle poll was no failure: no back-off after it
        hoa = h.zalo.user("Hoa")
        assert "nhập mã mời" in await h.ask(hoa, "xin chào")
        assert not task.done()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


# --- sending -----------------------------------------------------------------------------------------------


async def test_a_long_reply_is_split_under_2000_on_line_boundaries_with_the_menu_whole(
    zalo: FakeZalo,
) -> None:
    client = ZaloClient(zalo.token, base=zalo.base_url)
    transport = ZaloTransport(client)
    hoa = zalo.user("Hoa")
    lines = [f"{n}. CT-2026-{n:06d} — 1.200.000 ₫ — đã xác nhận 🎉" for n in range(1, 80)]
    choices = (*(Choice(str(n), f"Lựa chọn {n}") for n in range(1, 6)), Choice("back", "Quay lại"))
    message = OutboundMessage(text="\n".join(lines), choices=choices, hint="Trả lời bằng số.")
    try:
        await transport.send(hoa.id, message)
    finally:
        await client.close()
    parts = [m.text for m in hoa.messages()]
    assert len(parts) >= 2 and all(utf16_units(part) <= 2000 for part in parts)
    assert "\n".join(parts).count("CT-2026-") == 79  # nothing lost, no line cut in two
    assert all(line in "\n".join(parts).splitlines() for line in lines)
    menu = ["1. Lựa chọn 1", "5. Lựa chọn 5", "0. Quay lại", "Trả lời bằng số."]
    assert all(item in parts[-1] for item in menu)  # the menu whole, in the last message
    assert not any(item in part for part in parts[:-1] for item in menu)


async def test_a_429_pauses_sending_and_the_reply_still_arrives(polling: ZaloHarness) -> None:
    h = polling
    hoa = h.zalo.user("Hoa")
    h.zalo.fail_next("sendMessage", 429)
    h.zalo.fail_next("sendMessage", 429, html=True)
    assert "nhập mã mời" in await h.ask(hoa, "xin chào")
    async with h.app.sessionmaker() as session:
        (row,) = (await session.execute(select(OutboxMessage))).scalars()
    assert row.status == "sent" and row.attempts == 3
    assert utc(row.sent_at) >= NOW + timedelta(seconds=5 + 10)  # 5 s, then longer while 429s follow
    assert [c.error_code for c in h.zalo.calls_to("sendMessage")] == [429, 429, None]


async def test_sends_keep_the_configured_pace(harness: ZaloHarness) -> None:
    h = harness
    hoa, lan = h.zalo.user("Hoa"), h.zalo.user("Lan")
    async with h.app.sessionmaker() as session, session.begin():
        for n in range(6):
            for person in (hoa, lan):
                await enqueue(
                    session,
                    key=f"notice:{person.id}:{n}",
                    destination=Destination("zalo", person.id),
                    message=OutboundMessage(text=f"Thông báo {n}"),
                    now=NOW,
                )
    start = h.time.now
    await h.deliver()
    assert [m.text for m in hoa.messages()] == [f"Thông báo {n}" for n in range(6)]  # in order
    # 12 messages at 5 a second overall, 1 a second per chat after a burst of 3: at least 3 s.
    assert h.time.now - start >= 3.0


@asynccontextmanager
async def served(media: Path) -> AsyncIterator[str]:
    """The media directory served over real HTTP, as ZALO_MEDIA_URL serves it: its address."""
    static = web.Application()
    static.router.add_static("/media", media)
    runner = web.AppRunner(static)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}/media"
    finally:
        await runner.cleanup()


async def test_a_picture_goes_as_a_photo_with_a_public_media_url_else_as_its_text_and_refused_with_a_note(
    zalo: FakeZalo, app: App, tmp_path: Path
) -> None:
    """Without ZALO_MEDIA_URL no picture is shown: its text came with “(… ảnh không xem được trên Zalo.)”, a
    note the reader could do nothing with (an appeal's words under it); now the text alone (decision 0444).
    A picture Zalo could not fetch still says one was meant to come."""
    media = app.settings.media_dir
    (media / "ab").mkdir(parents=True)
    (media / "ab" / "abc.jpg").write_bytes(b"\xff\xd8\xff evidence")
    client = ZaloClient(zalo.token, base=zalo.base_url)
    mai = zalo.user("Mai")
    message = OutboundMessage(text="CT-2026-000001 — minh chứng", photo="ab/abc.jpg", locale="vi")
    try:
        async with served(media) as media_url:
            await ZaloTransport(client, media_url=media_url).send(mai.id, message)
        await ZaloTransport(client).send(mai.id, message)
        # The address serves no more: Zalo cannot fetch the picture, and its text still comes, with the note.
        await ZaloTransport(client, media_url=media_url).send(mai.id, message)
    finally:
        await client.close()
    photo, text, unfetched = mai.messages()
    assert photo.photo_content == b"\xff\xd8\xff evidence" and "CT-2026-000001" in photo.text
    assert text.photo_url is None and text.text == "CT-2026-000001 — minh chứng"
    assert unfetched.photo_url is None and unfetched.text.startswith(text.text)
    assert "không xem được trên Zalo" in unfetched.text


async def test_a_file_goes_as_a_download_link_with_a_public_media_url_and_else_as_where_it_is_kept(
    zalo: FakeZalo, app: App
) -> None:
    media = app.settings.media_dir
    kept = "documents/0123456789abcdef0123456789abcdef/bao-cao-phong-a-2026.docx"
    (media / kept).parent.mkdir(parents=True)
    (media / kept).write_bytes(b"PK\x03\x04 a report")
    client = ZaloClient(zalo.token, base=zalo.base_url)
    lan = zalo.user("Lan")
    document = Document(kept, "bao-cao-phong-a-2026.docx", "Tệp đã lưu trên máy chủ: /srv/media/" + kept)
    message = OutboundMessage(text="Báo cáo năm 2026 của Phòng A", document=document, locale="vi")
    try:
        async with served(media) as media_url:
            await ZaloTransport(client, media_url=media_url + "/").send(lan.id, message)
            await ZaloTransport(client).send(lan.id, message)
            linked, kept_text = lan.messages()
            link = linked.text.split(": ")[-1]
            assert linked.text.startswith(
                "Báo cáo năm 2026 của Phòng A\nTải tệp bao-cao-phong-a-2026.docx: http"
            )
            async with httpx.AsyncClient() as http:  # the link opens the file itself
                assert (await http.get(link)).content == b"PK\x03\x04 a report"
    finally:
        await client.close()
    assert (
        kept_text.text.endswith("Tệp đã lưu trên máy chủ: /srv/media/" + kept)
        and "http" not in kept_text.text
    )


async def test_a_download_link_says_until_when_it_works_and_the_file_is_there_until_then(
    zalo: FakeZalo, app: App
) -> None:
    """A leader on a phone opening the link a week later should not meet a bare "not found": the message says
    until when the link works (GENERATED_FILES_KEEP_DAYS after the file was written), and the daily clean-up
    keeps the file until then."""
    import os

    from bot.clock import LOCAL_TZ
    from bot.domain.generated_files import remove_old_files

    settings = app.settings
    media = settings.media_dir
    kept = "documents/0123456789abcdef0123456789abcdef/bao-cao-phong-a-2026.docx"
    (media / kept).parent.mkdir(parents=True)
    (media / kept).write_bytes(b"PK\x03\x04 a report")
    made = datetime(2026, 12, 1, 21, 0, tzinfo=LOCAL_TZ)  # the report was written at 21:00 on 1/12
    os.utime(media / kept, (made.timestamp(), made.timestamp()))
    client = ZaloClient(zalo.token, base=zalo.base_url)
    lan = zalo.user("Lan")
    document = Document(kept, "bao-cao-phong-a-2026.docx", "Tệp đã lưu trên máy chủ: /srv/media/" + kept)
    message = OutboundMessage(text="Báo cáo năm 2026 của Phòng A", document=document, locale="vi")
    try:
        transport = ZaloTransport(
            client,
            media_url="https://chungtay.example.vn/media",
            media_dir=media,
            keep_days=settings.generated_files_keep_days,
        )
        await transport.send(lan.id, message)
    finally:
        await client.close()
    (linked,) = lan.messages()
    assert (
        "Tải tệp bao-cao-phong-a-2026.docx (liên kết dùng được đến 21:00 08/12/2026): "
        f"https://chungtay.example.vn/media/{kept}" in linked.text
    )
    async with app.sessionmaker() as session, session.begin():  # the clean-up of 8/12, 03:30: still there
        await remove_old_files(session, now=datetime(2026, 12, 8, 3, 30, tzinfo=LOCAL_TZ), settings=settings)
    assert (media / kept).exists()
    async with app.sessionmaker() as session, session.begin():  # the next day's: gone, as the message said
        await remove_old_files(session, now=datetime(2026, 12, 9, 3, 30, tzinfo=LOCAL_TZ), settings=settings)
    assert not (media / kept).exists() and not (media / kept).parent.exists()  # nor its folder
    # Sent after that (a message held back), it says the file is gone, not a link that answers "not found".
    client = ZaloClient(zalo.token, base=zalo.base_url)
    try:
        transport.client = client
        await transport.send(lan.id, message)
    finally:
        await client.close()
    late = lan.messages()[-1].text
    assert "https://" not in late and late.startswith(
        "Báo cáo năm 2026 của Phòng A\n(Tin nhắn này có kèm tệp bao-cao-phong-a-2026.docx, nhưng tệp"
    )


async def test_the_treasurer_confirms_on_zalo_and_the_giver_is_told_with_an_action_to_type(
    polling: ZaloHarness,
) -> None:
    h = polling
    hoa, mai = h.zalo.user("Hoa"), h.zalo.user("Mai")
    await joined(h, hoa, h.invites.member)
    await h.choose(hoa, "Ghi nhận đóng góp")
    await h.choose(hoa, "ngoài các đợt vận động")
    await h.choose(hoa, "Tiền")
    await h.ask(hoa, "500k")
    await h.choose(hoa, "Bỏ qua")
    assert "CT-2026-000001" in await h.ask(hoa, "có")

    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/tracuu")
    assert "CT-2026-000001" in await h.ask(mai, "CT-2026-000001")
    assert "đã xác nhận" in await h.choose(mai, "Xác nhận")
    notice = hoa.messages()[-1].text
    assert "CT-2026-000001" in notice and "đã được thủ quỹ xác nhận" in notice
    typed = next(line.split(" — ")[0] for line in notice.splitlines() if line.endswith(" — Xem tiến độ"))
    assert "Tiến độ năm 2026" in await h.ask(hoa, typed)
    assert await h.count(Contribution) == 1


async def test_an_officer_asking_for_the_statement_on_zalo_gets_it_in_text_and_where_the_sheet_is(
    polling: ZaloHarness,
) -> None:
    h = polling
    lan = h.zalo.user("Lan")
    await officer_joined(h, lan)
    await h.ask(lan, "/saoke")
    screen = await h.choose(lan, "cao điểm")
    assert "Đã xác nhận: tiền" in screen  # the statement's summary
    assert "Sao kê Tháng cao điểm “Vì người nghèo” 2026: bảng tính để in" in screen
    # where else to get the sheet, in a phone user's words: Telegram, or the office (no server path)
    assert "Ứng dụng nhắn tin này không gửi được tệp nên sao-ke-cao-diem-2026.xlsx chưa gửi được" in screen
    assert "mở Chung Tay trên Telegram và yêu cầu lại" in screen
    assert "chungtay drive statement cao-diem-2026 --xlsx FILE" in screen
    assert str(h.app.settings.media_dir) not in screen
    [kept] = (h.app.settings.media_dir / "statements").glob("*/sao-ke-cao-diem-2026.xlsx")  # made and kept
    assert "Tháng cao điểm" in load_workbook(kept).active["A2"].value


async def test_an_officer_asking_for_the_handover_list_on_zalo_is_told_where_else_to_get_it(
    polling: ZaloHarness,
) -> None:
    """As the statement's sheet: the caption, then where else to get the file (Telegram, or the office with
    the command that writes it), never a server path (docs/decisions/0093)."""
    from bot.domain.contributions import NewContribution, record_contribution
    from bot.text import fold

    h = polling
    lan = h.zalo.user("Lan")
    await officer_joined(h, lan)
    async with h.app.sessionmaker() as session, session.begin():
        officer = await session.scalar(select(Person).where(Person.full_name == "Lê Thị Lan"))
        assert officer is not None
        name = "Hộ ông Trần Văn Ba"
        household = Person(
            org_id=officer.org_id,
            unit_id=officer.unit_id,
            full_name=name,
            name_key=fold(name),
            kind="household",
            listed=True,
            created_at=NOW,
        )
        session.add(household)
        await session.flush()
        entry = NewContribution(kind="money", amount_vnd=200_000)
        await record_contribution(session, person=household, recorded_by=officer, entry=entry, now=NOW)
    screen = await h.ask(lan, "/daghithay")
    assert "Tiền đang chờ thủ quỹ xác nhận: 1 khoản, 200.000\xa0₫" in screen
    screen = await h.choose(lan, "Bảng kê nộp tiền (Excel)")
    assert "Bảng kê nộp tiền: 1 khoản, 200.000\xa0₫" in screen
    name = "bang-ke-nop-tien-2026-11-22.xlsx"
    assert f"Ứng dụng nhắn tin này không gửi được tệp nên {name} chưa gửi được" in screen
    assert "mở Chung Tay trên Telegram và yêu cầu lại" in screen
    assert f"chungtay contributions handover --of {officer.id} --xlsx FILE" in screen
    assert str(h.app.settings.media_dir) not in screen
    [kept] = (h.app.settings.media_dir / "statements").glob("*/bang-ke-nop-tien-2026-11-22.xlsx")
    assert load_workbook(kept).active["F7"].value == 200_000


async def test_a_leader_asking_for_the_review_report_on_zalo_is_told_where_else_to_get_it(
    polling: ZaloHarness,
) -> None:
    h = polling
    tu = h.zalo.user("Tu")
    await joined(h, tu, h.invites.leader, "Phạm Văn Tú")
    screen = await h.ask(tu, "/baocaogiaidoan")
    assert "Báo cáo sơ kết giai đoạn 2026–2030 của Phòng Đào tạo" in screen
    name = "bao-cao-so-ket-phong-dao-tao-hanh-chinh-ke-toan-2026-2030.docx"
    assert f"Ứng dụng nhắn tin này không gửi được tệp nên {name} chưa gửi được" in screen
    assert "chungtay report phase --campaign vi-nguoi-ngheo-2026-2030 --unit CODE --docx FILE" in screen
    assert str(h.app.settings.media_dir) not in screen
    [kept] = (h.app.settings.media_dir / "documents").glob(f"*/{name}")  # made and kept
    import docx

    assert "BÁO CÁO SƠ KẾT" in [paragraph.text for paragraph in docx.Document(str(kept)).paragraphs]


async def test_a_leader_on_zalo_downloads_each_years_report_under_its_readable_name_from_an_unguessable_link(
    zalo: FakeZalo, app: App, invites: DemoInvites
) -> None:
    """Zalo cannot carry files: the report comes as a link to the media directory the operator's web server
    serves. The link ends in the report's readable name, so the file on the phone is called that, and a
    random folder (128 bits) before it keeps the link unguessable; two reports: two links, one name each."""
    import re
    from urllib.parse import unquote, urlsplit

    import docx

    media = app.settings.media_dir
    media.mkdir(parents=True, exist_ok=True)
    async with served(media) as media_url:
        h = ZaloHarness.build(zalo, app, media_url=media_url)
        task = asyncio.create_task(poll(h.adapter, h.client, timeout=1, sleep=h.time.sleep))
        try:
            tu = zalo.user("Tu")
            await join(h, tu, invites.leader, "Phạm Văn Tú")
            links = []
            for typed in ("/baocaonam", "/baocaonam 2025"):
                screen = await h.ask(tu, typed)
                [(name, link)] = re.findall(r"Tải tệp (\S+): (http\S+)", screen)
                links.append((name, link))
            async with httpx.AsyncClient() as http:
                downloads = [(await http.get(link)) for _name, link in links]
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await h.close()
    names = [name for name, _link in links]
    unit = "bao-cao-phong-dao-tao-hanh-chinh-ke-toan"
    assert names == [f"{unit}-2026.docx", f"{unit}-2025.docx"]
    for (name, link), download in zip(links, downloads, strict=True):
        documents, folder, last = unquote(urlsplit(link).path).split("/")[-3:]
        assert documents == "documents" and last == name  # the phone saves it as bao-cao-…-2026.docx
        assert re.fullmatch(r"[0-9a-f]{32}", folder)  # 128 random bits: at least 64
        assert (media / "documents" / folder / name).is_file()
        assert download.status_code == 200
        assert "BÁO CÁO" in [p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs]
    assert links[0][1].rsplit("/", 2)[1] != links[1][1].rsplit("/", 2)[1]


async def test_a_download_link_percent_encodes_each_part_of_the_files_path(
    zalo: FakeZalo, tmp_path: Path
) -> None:
    """A name a browser would cut short or misread (a space, "#", "?", accents) still opens the file."""
    kept = "documents/0a1b/báo cáo #1?.docx"
    (tmp_path / "documents" / "0a1b").mkdir(parents=True)
    (tmp_path / kept).write_bytes(b"PK\x03\x04 a report")
    client = ZaloClient(zalo.token, base=zalo.base_url)
    lan = zalo.user("Lan")
    document = Document(kept, "báo cáo #1?.docx", "Tệp đã lưu trên máy chủ.")
    try:
        async with served(tmp_path) as media_url:
            transport = ZaloTransport(client, media_url=media_url)
            await transport.send(lan.id, OutboundMessage(text="Báo cáo", document=document, locale="vi"))
            (linked,) = lan.messages()
            link = linked.text.split(": ")[-1]
            assert link == f"{media_url}/documents/0a1b/b%C3%A1o%20c%C3%A1o%20%231%3F.docx"
            async with httpx.AsyncClient() as http:
                assert (await http.get(link)).content == b"PK\x03\x04 a report"
    finally:
        await client.close()


# --- the runtime and the command ------------------------------------------------------------------------


async def healthz(port: int) -> tuple[int, dict[str, dict[str, object]]]:
    url = f"http://127.0.0.1:{port}/healthz"
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        return response.status, await response.json()


async def test_the_runtime_serves_zalo_beside_telegram_in_one_process(
    zalo: FakeZalo, db_path: Path, tmp_path: Path, unused_tcp_port: int, demo_invites: DemoInvites
) -> None:
    from tests.support.fake_telegram import FakeTelegram

    tg = FakeTelegram()
    await tg.start()
    settings = zalo_settings(
        zalo,
        db_path,
        tmp_path,
        web_port=unused_tcp_port,
        telegram_bot_token=tg.token,
        telegram_api_base=tg.base_url,
    )
    app = build_app(settings, MovableClock(NOW))
    invites = demo_invites
    stopping = asyncio.Event()
    task = asyncio.create_task(runtime.run(app, stopping=stopping))
    try:
        # Telegram's start builds aiogram's response models first: seconds on a busy machine.
        await zalo.wait_until(lambda: bool(zalo.calls_to("getUpdates")), timeout=60, what="Zalo polled")
        await tg.wait_for_call("getUpdates")
        hoa = zalo.user("Hoa")
        await hoa.send(invites.member)
        minh = tg.user(600, "Minh")
        telegram_reply = await minh.wait_for_reply(await minh.send("xin chào"))
        await zalo.wait_until(lambda: bool(hoa.messages()), what="the Zalo reply")
        assert "họ và tên" in hoa.messages()[0].text
        assert "nhập mã mời" in "\n".join(m.text for m in telegram_reply)
        status, report = await healthz(unused_tcp_port)
        assert status == 200 and report["sender"]["state"] == "leading"
        assert report["zalo"] == {"mode": "polling", "state": "ok", "last_error": None}
        assert report["telegram"]["state"] == "ok"
        stopping.set()
        await task
        async with app.sessionmaker() as session:
            rows = (await session.execute(select(OutboxMessage.channel, OutboxMessage.status))).all()
        assert sorted(rows) == [("telegram", "sent"), ("zalo", "sent")]  # one sender for both
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await app.close()
        await tg.stop()


@pytest.mark.usefixtures("demo_invites")  # the demo in the test's file
async def test_the_runtime_alone_with_a_webhook_registers_it_and_serves_zalo(
    zalo: FakeZalo, db_path: Path, tmp_path: Path, unused_tcp_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"http://bot:Pa55-SECRET@127.0.0.1:{unused_tcp_port}/zalo"  # never in the journal (2080)
    settings = zalo_settings(zalo, db_path, tmp_path, web_port=unused_tcp_port, zalo_webhook_url=url)
    caplog.set_level(logging.INFO)
    app = build_app(settings, MovableClock(NOW))
    stopping = asyncio.Event()
    task = asyncio.create_task(runtime.run(app, stopping=stopping))
    try:
        await zalo.wait_until(
            lambda: bool(zalo.webhook_deliveries), timeout=30, what="the webhook set and probed"
        )
        assert zalo.webhook_url == url and zalo.webhook_secret == SECRET
        assert zalo.webhook_deliveries[0].status == 200  # the probe got its 200
        hoa = zalo.user("Hoa")
        await hoa.send("xin chào")
        await zalo.wait_until(lambda: bool(hoa.messages()), what="the reply")
        assert "nhập mã mời" in hoa.messages()[0].text
        status, report = await healthz(unused_tcp_port)
        assert status == 200 and report["zalo"] == {"mode": "webhook", "state": "ok"}
        assert "telegram" not in report
        said = [record.getMessage() for record in caplog.records]
        assert f"zalo: webhook set to http://***@127.0.0.1:{unused_tcp_port}/zalo" in said
        assert not [line for line in said if "SECRET" in line or "bot:" in line]
        stopping.set()
        await task
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await app.close()


async def test_the_cli_sets_shows_and_deletes_the_webhook_without_showing_the_token(
    zalo: FakeZalo, processes: Processes, db_path: Path, tmp_path: Path
) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{db_path}",
        ZALO_BOT_TOKEN=zalo.token,
        ZALO_API_BASE=zalo.base_url,
        ZALO_WEBHOOK_URL="https://bot:Pa55-SECRET@chungtay.example.vn/zalo",  # never printed (2053)
        LOG_LEVEL="DEBUG",
    )

    async def cli(*args: str) -> tuple[int, str]:
        process = await processes.start("zalo", *args, cwd=tmp_path, env=env, stdout=PIPE, stderr=PIPE)
        out, err = await process.communicate()
        return process.returncode or 0, out.decode() + err.decode()

    said = []
    # Each line in the office's language (Vietnamese, nothing set), Zalo's own words quoted as such (1956).
    zalo.fail_next("setWebhook", 400, "Invalid webhook url")
    code, out = await cli("set-webhook")
    said.append(out)
    assert code == 2 and (
        "chungtay: Zalo trả lời (nguyên văn tiếng Anh): 400 Invalid webhook url" in out.splitlines()
    )
    code, out = await cli("set-webhook")
    said.append(out)
    assert code == 0 and "Đã đặt webhook là https://***@chungtay.example.vn/zalo" in out.splitlines()
    assert (
        zalo.webhook_url == "https://bot:Pa55-SECRET@chungtay.example.vn/zalo"
        and len(zalo.webhook_secret) >= 8
    )
    code, out = await cli("info")
    said.append(out)
    assert code == 0 and {
        f"Bot: {zalo.bot_name} (mã {zalo.bot_id})",
        "Webhook: https://***@chungtay.example.vn/zalo",
    } <= set(out.splitlines())  # the log's DEBUG lines around them
    code, out = await cli("delete-webhook")
    said.append(out)
    assert code == 0 and zalo.webhook_url == ""
    assert "Đã xóa webhook; bot có thể nhận tin bằng polling." in out.splitlines()
    zalo.fail_next("getMe", 401, "Unauthorized")
    code, out = await cli("info")
    said.append(out)
    assert code == 2 and "zalo: token của bot bị từ chối; hãy kiểm tra ZALO_BOT_TOKEN" in out  # not a 401
    secret = zalo.token.split(":")[1]
    assert all(
        secret not in out and "Pa55" not in out for out in said
    )  # at DEBUG too, where the HTTP client logs its URLs


async def test_on_sqlite_and_postgresql_a_stored_update_is_kept_once_and_handled_once_after_a_restart(
    zalo: FakeZalo, any_app: App, any_invites: DemoInvites
) -> None:
    invites = any_invites
    h = ZaloHarness.build(zalo, any_app)
    try:
        hoa = h.zalo.user("Hoa")
        await hoa.send(invites.member)
        (raw,) = h.zalo.pending
        assert await h.adapter.store(raw) is not None
        assert await h.adapter.store(raw) is None  # the same message again: kept once
        restarted = ZaloAdapter(any_app, h.client, bot_id=zalo.bot_id, sleep=h.time.sleep)
        assert await restarted.replay() == 1
        await restarted.finish()
        await h.deliver()
        assert len(hoa.messages()) == 1 and "họ và tên" in hoa.messages()[0].text
        assert await restarted.replay() == 0
        async with any_app.sessionmaker() as session:
            (kept,) = (await session.execute(select(InboundUpdate))).scalars()
        assert kept.handled_at is not None and kept.payload == {}  # what was typed is not kept after
    finally:
        await h.close()


async def test_khong_at_a_confirmation_saves_nothing_and_a_number_reads_the_menu_on_screen_now(
    polling: ZaloHarness,
) -> None:
    h = polling
    hoa = h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member)
    await h.choose(hoa, "Ghi nhận đóng góp")
    await h.choose(hoa, "ngoài các đợt vận động")
    await h.choose(hoa, "Tiền")
    await h.ask(hoa, "300k")
    screen = await h.choose(hoa, "Bỏ qua")
    assert "300.000\xa0₫" in screen and "Trả lời CÓ để xác nhận, KHÔNG để hủy." in screen
    screen = await h.ask(hoa, "KHÔNG")
    assert "Đã hủy" in screen and "1. Đăng ký thi đua" in screen
    assert await h.count(Contribution) == 0
    # A number is read against the menu shown now (the main menu), never one shown earlier.
    assert "chọn các nội dung đăng ký" in await h.ask(hoa, "1")


async def test_chungtay_run_with_only_a_zalo_token_serves_zalo_and_stops_on_sigterm(
    zalo: FakeZalo, processes: Processes, db_path: Path, tmp_path: Path, unused_tcp_port: int
) -> None:
    import os
    import signal

    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "DATABASE_", "WEB_"))
    }
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{db_path}",
        ZALO_BOT_TOKEN=zalo.token,
        ZALO_API_BASE=zalo.base_url,
        MEDIA_DIR=str(tmp_path / "media"),
        WEB_PORT=str(unused_tcp_port),
    )
    process = await processes.start("run", cwd=tmp_path, env=env, stderr=PIPE)
    try:
        await zalo.wait_until(lambda: bool(zalo.calls_to("getUpdates")), timeout=60, what="Zalo polled")
        hoa = zalo.user("Hoa")
        await hoa.send("xin chào")
        await zalo.wait_until(lambda: bool(hoa.messages()), timeout=30, what="the reply")
        assert "nhập mã mời" in hoa.messages()[0].text
        status, report = await healthz(unused_tcp_port)
        assert status == 200 and report["zalo"]["state"] == "ok" and "telegram" not in report
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode == 0, err.decode()
    assert "zalo: polling" in err.decode() and zalo.token.split(":")[1] not in err.decode()


async def test_a_picture_from_someone_who_never_joined_is_not_downloaded_nor_kept(
    polling: ZaloHarness,
) -> None:
    """Evidence photos are records, kept for ever: someone who never joined sending picture after picture had
    each fetched and kept. They are asked for the invite code, and nothing lands in the media directory."""
    h = polling
    stranger = h.zalo.user("Người lạ")
    screen = await h.exchange(stranger, stranger.send_photo(b"\xff\xd8\xff stranger"))
    assert "mã mời" in screen
    assert not [path for path in h.app.settings.media_dir.rglob("*") if path.is_file()]


@asynccontextmanager
async def _internal_service(tls: ssl.SSLContext | None = None) -> AsyncIterator[tuple[int, list[str]]]:
    """A service on the bot's own machine (127.0.0.1) that answers any path with a secret: its port, and the
    paths it was asked for (none, when the bot refuses to fetch from it)."""
    asked: list[str] = []

    async def internal(request: web.Request) -> web.Response:
        asked.append(request.path)
        return web.Response(body=b"\xff\xd8\xff internal secret")

    inside = web.Application()
    inside.router.add_get("/{tail:.*}", internal)
    runner = web.AppRunner(inside)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=tls)
    await site.start()
    try:
        yield site._server.sockets[0].getsockname()[1], asked  # type: ignore[union-attr]
    finally:
        await runner.cleanup()


async def test_a_picture_link_to_an_internal_address_is_never_fetched_and_the_person_is_asked_again(
    polling: ZaloHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """A picture's link comes in the update: a forged one (someone with the webhook secret, a tampered poll
    answer) made the bot fetch whatever it named — the cloud's metadata address, a service on the server
    itself, a file. Now only https links to public addresses are fetched; the person is asked to send the
    picture again, nothing is kept, and the log names the link without its query."""
    async with _internal_service() as (port, asked):
        h = polling
        hoa = h.zalo.user("Hoa")
        await joined(h, hoa, h.invites.member)
        await h.choose(hoa, "Ghi nhận đóng góp")
        await h.choose(hoa, "ngoài các đợt vận động")
        await h.choose(hoa, "Tiền")
        await h.ask(hoa, "500k")
        caplog.set_level("WARNING", logger="bot.channels.zalo.adapter")
        for link in (
            f"http://127.0.0.1:{port}/latest/meta-data?X-Signature=topsecret",
            f"https://localhost:{port}/admin.jpg?X-Signature=topsecret",
            "https://10.1.2.3/receipt.jpg?X-Signature=topsecret",
            "https://169.254.169.254/latest/meta-data",
            "file:///etc/passwd",
            h.zalo.redirect_url(f"http://127.0.0.1:{port}/latest/meta-data"),  # Zalo's own host, sent inside
        ):
            screen = await h.exchange(hoa, hoa.send_photo(b"", link=link))
            assert "Xin lỗi" in screen and "gửi lại" in screen, link
        assert asked == []
        assert await h.count(Evidence) == 0
        assert not [path for path in h.app.settings.media_dir.rglob("*") if path.is_file()]
        said = [r for r in caplog.records if "refused" in r.getMessage()]  # (httpx may log at INFO beside)
        refused = [r.getMessage() for r in said]
        assert len(refused) == 6 and all(r.levelname == "WARNING" for r in said)
        assert f"127.0.0.1:{port}/latest/meta-data" in refused[0]
        assert not any("topsecret" in line for line in refused)
        # Zalo's own link still works, through a redirect to another of its links too.
        moved = h.zalo.redirect_url(h.zalo.media_url(b"\xff\xd8\xff receipt"))
        screen = await h.exchange(hoa, hoa.send_photo(b"", link=moved))
        assert "Minh chứng: 1 ảnh" in screen


async def test_a_picture_host_that_answers_the_check_publicly_and_the_fetch_internally_gets_nothing_kept(
    zalo: FakeZalo,
    app: App,
    invites: DemoInvites,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check resolved the link's host and the fetch resolved it again: a name that answered a public
    address first and 127.0.0.1 next (DNS rebinding) passed the check, and what the server on the bot's own
    machine answered was kept as a gift's evidence photo. Now the address the connection actually reached is
    checked before anything is read; the person is asked to send the picture again and nothing is kept."""
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
    name = ["-subj", "/CN=pictures.test", "-addext", "subjectAltName=DNS:pictures.test"]
    files = ["-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")]
    subprocess.run(
        ["openssl", "req", "-x509", *key, *name, *files],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))  # the bot trusts the test's server
    answers = iter(["93.184.216.34"])  # the check's answer; every later one is the machine itself
    real = socket.getaddrinfo

    def resolver(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in ("pictures.test", b"pictures.test"):  # (anyio asks with the name as bytes)
            return real(host, port, *args, **kwargs)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    async with _internal_service(tls) as (port, _asked):  # asked once, its answer never read
        h = ZaloHarness.build(zalo, app)
        h.invites = invites
        task = asyncio.create_task(poll(h.adapter, h.client, timeout=1, sleep=h.time.sleep))
        try:
            hoa = h.zalo.user("Hoa")
            await joined(h, hoa, h.invites.member)
            await h.choose(hoa, "Ghi nhận đóng góp")
            await h.choose(hoa, "ngoài các đợt vận động")
            await h.choose(hoa, "Tiền")
            await h.ask(hoa, "500k")
            link = f"https://pictures.test:{port}/receipt.jpg"
            screen = await h.exchange(hoa, hoa.send_photo(b"", link=link))
            assert "Xin lỗi" in screen and "gửi lại" in screen and "Minh chứng" not in screen
            assert await h.count(Evidence) == 0
            assert not [path for path in h.app.settings.media_dir.rglob("*") if path.is_file()]
            # Zalo's own links are still fetched.
            screen = await h.exchange(hoa, hoa.send_photo(b"\xff\xd8\xff receipt"))
            assert "Minh chứng: 1 ảnh" in screen
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await h.close()


async def _three_gifts_with_receipts_before_the_treasurer(h: ZaloHarness) -> FakeZaloUser:
    """Hoa records three gifts, each with a photo of its receipt; Mai, the treasurer, opens her queue."""
    hoa, mai = h.zalo.user("Hoa"), h.zalo.user("Mai")
    await joined(h, hoa, h.invites.member)
    for n in (1, 2, 3):
        await h.ask(hoa, f"ung ho {n}00k")
        await h.choose(hoa, "ngoài các đợt vận động")
        await h.exchange(hoa, hoa.send_photo(b"\xff\xd8\xff receipt %d" % n))
        assert f"CT-2026-00000{n}" in await h.ask(hoa, "có")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/xacnhan")
    return mai


async def test_ticking_an_entry_in_the_queue_on_zalo_sends_the_page_again_without_its_photos(
    zalo: FakeZalo, app: App, invites: DemoInvites
) -> None:
    """Each evidence photo comes once with its page of the queue (with ZALO_MEDIA_URL, as a photo of its own):
    a tick re-sending them all buried the list it ticked."""
    media = app.settings.media_dir
    media.mkdir(parents=True, exist_ok=True)
    async with served(media) as media_url:
        h = ZaloHarness.build(zalo, app, media_url=media_url)
        h.invites = invites
        task = asyncio.create_task(poll(h.adapter, h.client, timeout=1, sleep=h.time.sleep))
        try:
            mai = await _three_gifts_with_receipts_before_the_treasurer(h)

            def sent_since(before: int) -> list[str]:
                return [m.text for m in mai.messages()[before:]]

            before = len(mai.messages())
            await h.choose(mai, "ngoài các đợt vận động")
            page = sent_since(before)
            assert [text.splitlines()[0] for text in page[:3]] == [
                f"Minh chứng cho CT-2026-00000{n}" for n in (1, 2, 3)
            ]
            assert "3 khoản chờ" in page[3]

            before = len(mai.messages())
            await h.ask(mai, "1")  # tick the first
            (ticked,) = sent_since(before)  # the list alone, not the photos again
            assert "1. ✅ CT-2026-000001" in ticked and "2. ▫️ CT-2026-000002" in ticked

            assert "xác nhận đã nhận các khoản sau (1 khoản)" in await h.choose(
                mai, "Xác nhận các khoản đã chọn"
            )
            before = len(mai.messages())
            await h.ask(mai, "có")
            again = sent_since(before)  # the page drawn anew after another screen: the photos of what waits
            assert [text.splitlines()[0] for text in again if text.startswith("Minh chứng")] == [
                "Minh chứng cho CT-2026-000002",
                "Minh chứng cho CT-2026-000003",
            ]
            assert "2 khoản chờ" in again[-1]
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await h.close()


async def test_without_zalo_media_url_the_queue_and_the_look_up_mark_receipts_instead_of_sending_them(
    polling: ZaloHarness,
) -> None:
    """Without ZALO_MEDIA_URL Zalo shows no picture the bot sends: each receipt of the queue's page came as a
    message of its own, “Minh chứng cho CT-…” and a note that it cannot be shown, paced one a second above
    the list. Now the page is one message: its gifts with a receipt marked 📷, and once where to see them."""
    h = polling
    mai = await _three_gifts_with_receipts_before_the_treasurer(h)
    before = len(mai.messages())
    await h.choose(mai, "ngoài các đợt vận động")
    (page,) = [m.text for m in mai.messages()[before:]]
    assert "3 khoản chờ" in page
    assert [line for line in page.splitlines() if "CT-2026-" in line and line.endswith("📷")] == [
        line for line in page.splitlines() if "CT-2026-" in line
    ]
    assert page.count("Telegram") == 1 and "Minh chứng cho" not in page

    before = len(mai.messages())
    await h.ask(mai, "/tracuu CT-2026-000002")
    (looked_up,) = [m.text for m in mai.messages()[before:]]
    assert "CT-2026-000002" in looked_up and "1 ảnh" in looked_up and "Telegram" in looked_up
    assert "Minh chứng cho" not in looked_up


async def test_without_zalo_media_url_a_gift_to_transfer_gets_the_account_in_words_and_no_vietqr_note(
    polling: ZaloHarness,
) -> None:
    """Without ZALO_MEDIA_URL Zalo shows no picture the bot sends: a gift of money recorded with no photo of
    its transfer got the account in words, then a second message, the VietQR's caption and a note that its
    picture cannot be shown. Now the account in words is all (on Telegram the code still comes:
    test_account_in_chat)."""
    h = polling
    async with h.app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).order_by(Organisation.id))
        assert org is not None
        set_account(session, Operator(org.id), org, ACCOUNT, now=NOW)
    hoa = h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member)
    await h.ask(hoa, "ung ho 200k")
    await h.choose(hoa, "ngoài các đợt vận động")
    await h.choose(hoa, "Bỏ qua")
    before = len(hoa.messages())
    await h.ask(hoa, "có")
    sent = [m.text for m in hoa.messages()[before:]]
    assert len(sent) == 1  # the receipt with the account in words, and the next question under it
    assert "Vietcombank, số tài khoản 0123456789" in sent[0] and "CT-2026-000001" in sent[0]
    assert "VietQR" not in "".join(sent) and "không xem được" not in "".join(sent)
    assert not [path for path in (h.app.settings.media_dir / "qr").rglob("*") if path.is_file()]


async def test_without_zalo_media_url_the_funds_public_page_comes_as_its_link_without_a_qr_note(
    zalo: FakeZalo, db_path: Path, tmp_path: Path, invites: DemoInvites
) -> None:
    """The office's officer asks for the Fund's public page on Zalo without ZALO_MEDIA_URL: the link came,
    then “Mã QR của trang công khai, để in.” with a note that its picture cannot be shown, then the question.
    Now the link and the question, with no QR she could not see (on Telegram the code still comes:
    tests/test_public_page.py)."""
    settings = zalo_settings(zalo, db_path, tmp_path, public_url="https://chungtay.example.vn/")
    app = build_app(settings, MovableClock(NOW))
    h = ZaloHarness.build(zalo, app)
    h.invites = invites
    task = asyncio.create_task(poll(h.adapter, h.client, timeout=1, sleep=h.time.sleep))
    try:
        lan = h.zalo.user("Lan")
        await officer_joined(h, lan)
        await h.ask(lan, "/saoke")
        await h.choose(lan, "ngoài các đợt")
        before = len(lan.messages())
        await h.choose(lan, "Trang công khai trên web")
        sent = [m.text for m in lan.messages()[before:]]
        assert len(sent) == 1  # the link, and under it whether to replace it
        assert "https://chungtay.example.vn/congkhai/" in sent[0] and "Đổi đường dẫn" in sent[0]
        assert "Mã QR" not in sent[0] and "không xem được" not in sent[0]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await h.close()
        await app.close()


async def test_without_zalo_media_url_an_appeal_with_a_photo_comes_as_its_words_to_its_author_and_readers(
    polling: ZaloHarness,
) -> None:
    """Without ZALO_MEDIA_URL Zalo shows no picture the bot sends: the officer's last look at an appeal sent
    with a photo came as two messages, the appeal's words with “(… ảnh không xem được trên Zalo.)”, then
    “Lời kêu gọi: ảnh ở trên”, above nothing she could see; each member got the words with the same note.
    Now one last look, its words and a 📷 said once, and the members the words alone (decision 0444)."""
    h = polling
    lan, hoa = h.zalo.user("Lan"), h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member)
    await officer_joined(h, lan)
    await h.ask(lan, "/keugoi")
    await h.choose(lan, "Soạn tin mới")
    words = "Mời anh chị góp áo ấm cho học sinh nội trú."
    await h.exchange(lan, lan.send_photo(b"\xff\xd8\xff poster", caption=words))
    await h.choose(lan, "Áo ấm mùa đông")
    before = len(lan.messages())
    await h.choose(lan, "Tất cả")
    (look,) = [m.text for m in lan.messages()[before:]]
    assert words in look and "📷" in look and "ảnh ở trên" not in look
    assert "không xem được trên Zalo" not in look
    assert "Đã gửi" in await h.choose(lan, "Gửi ngay")
    (appeal,) = [m for m in hoa.messages() if words in m.text]
    assert "không xem được" not in appeal.text and "#1 — Góp hiện vật" in appeal.text


async def test_without_zalo_media_url_the_office_checks_its_account_and_sees_results_photos_in_words(
    polling: ZaloHarness,
) -> None:
    """Without ZALO_MEDIA_URL: the admin saving the Fund's account got “Mã VietQR mẫu …: anh/chị quét thử”
    with a note that its picture cannot be shown, a code to scan she never saw; the results of the units came
    with one message per photo, each with the same note, above the list. Now how to check the holder's name
    in words, and the list alone, its results with a photo marked 📷 and once where to see them (0444)."""
    from bot.db.models import Campaign, Criterion
    from bot.domain.results import EvidencePhoto, record_result

    h = polling
    tam, hoa = h.zalo.user("Tam"), h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member)
    await officer_joined(h, tam, "Phan Văn Tâm", role="admin")
    await h.ask(tam, "/taikhoan")
    await h.choose(tam, "Đặt tài khoản")
    await h.choose(tam, "Vietcombank")
    await h.ask(tam, "0123 456 789")
    look = await h.ask(tam, "CONG DOAN TRUONG THPT HOA BINH")
    assert "biên nhận" in look and "VietQR" not in look  # said “kèm mã VietQR”, never seen here (0477)
    before = len(tam.messages())
    await h.choose(tam, "Có")
    saved = text_of(tam.messages()[before:])
    assert "Đã lưu" in saved and "0123456789" in saved and "chủ tài khoản" in saved
    assert "VietQR" not in saved and "không xem được" not in saved
    assert not [path for path in (h.app.settings.media_dir / "qr").rglob("*") if path.is_file()]

    (h.app.settings.media_dir / "ev").mkdir(parents=True, exist_ok=True)
    (h.app.settings.media_dir / "ev" / "nha.jpg").write_bytes(b"\xff\xd8\xff house")
    async with h.app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Võ Thị Hoa"))
        campaign = await session.scalar(select(Campaign))
        helped = await session.scalar(select(Criterion.id).where(Criterion.code == "giup-ho-ngheo"))
        assert giver is not None and campaign is not None and helped is not None
        await record_result(
            session, giver, campaign_id=campaign.id, year=2026, criterion_id=helped, quantity=2,
            description="Giúp hộ bà Lành sửa nhà", photo=EvidencePhoto("ab" * 32, "ev/nha.jpg", 13), now=NOW,
        )  # fmt: skip
    await h.ask(tam, "/ketqua")
    before = len(tam.messages())
    await h.choose(tam, "Kết quả của các đơn vị")
    (page,) = [m.text for m in tam.messages()[before:]]
    assert "Giúp hộ bà Lành sửa nhà 📷" in page and page.count("Telegram") == 1
    assert "không xem được trên Zalo" not in page


async def test_a_group_chat_gets_nothing_of_a_members_own_even_when_its_update_names_no_chat_type(
    webhook,  # type: ignore[no-untyped-def]
) -> None:
    """Zalo's groups are in beta: a group's update may come with its `chat_type`, or, in a form the docs do
    not show, with none. Hoa, a member, types “tien do” in her unit's group: her gifts and her code went to
    the group where the chat named no type (read as a private chat). Now an update whose chat is not the
    sender's own is a group's, whatever it says: nothing is kept and nothing is sent there."""
    h, url = webhook
    await h.client.set_webhook(url, SECRET)
    hoa = h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member)
    group = "a1b2c3d4e5f6a7b8c9d0"
    before = await h.count(InboundUpdate)
    async with aiohttp.ClientSession() as client:
        chats = ({"chat_type": "GROUP", "id": group}, {"id": group}, {"chat_type": "PRIVATE", "id": group})
        for chat in chats:
            body = h.zalo._update(hoa.id, hoa.id, "Hoa", "message.text.received", text="tien do")
            body["message"]["chat"] = chat
            async with client.post(url, json=body, headers={SECRET_HEADER: SECRET}) as response:
                assert response.status == 200
    assert await h.count(InboundUpdate) == before  # nothing kept of what was said in the group
    assert "Tiến độ năm 2026" in await h.choose(hoa, "Tiến độ của tôi")  # her own chat answers as ever
    await h.deliver()
    assert h.zalo.delivered(group) == []


async def test_an_appeals_actions_typed_in_their_words_on_zalo_are_taken(polling: ZaloHarness) -> None:
    """Zalo shows an appeal's buttons as lines to type (“#1 — Ủng hộ ngay”, “#2 — Nhắc tôi sau”); a member
    types the words she reads, without accents as on any menu: “nhac toi sau” read “Anh/chị vui lòng chọn
    một mục”, and the reminder she asked for was lost; “ủng hộ ngay” asked which drive, where its line gives
    to the appeal's (decision 0336)."""
    h = polling
    lan, hoa, mai = h.zalo.user("Lan"), h.zalo.user("Hoa"), h.zalo.user("Mai")
    await joined(h, hoa, h.invites.member)
    await joined(h, mai, h.invites.member, "Trần Thị Mai")
    await officer_joined(h, lan)
    await appeal_sent(h, lan, "Mời anh chị góp áo ấm cho học sinh nội trú.")
    assert "#2 — Nhắc tôi sau" in hoa.messages()[-1].text
    assert "Chung Tay sẽ nhắc anh/chị lúc" in await h.ask(hoa, "nhac toi sau")
    # Typed again, its line used: said so, as “#2” again is; it was the menu without a word (decision 0339).
    assert "Việc này đã xong rồi" in await h.ask(hoa, "nhac toi sau")
    screen = await h.ask(mai, "gop hien vat")  # its drive takes goods only (1652)
    assert "Anh/chị ủng hộ hiện vật gì?" in screen and "hình thức nào" not in screen  # of goods only (1776)


async def test_a_bare_number_after_an_appeal_is_its_action_or_asked_about_never_a_menu_entry_run(
    polling: ZaloHarness,
) -> None:
    """Hoa and Mai stand at their main menu when an appeal comes, its words a numbered list, its actions
    “#1 — Ủng hộ ngay”, “#2 — Nhắc tôi sau”. “3” typed ran the main menu's third entry, a screen never asked
    for, and “2” its second. Now a number that is none of the appeal's choices is asked about, with the menu
    again, and typed once more it is that entry (decision 0445). “2”, the appeal's “#2 — Nhắc tôi sau” on the
    last screen, set the reminder (decision 1721), though the appeal's own “2. chăn” may be what she means to
    give: now she is asked, the choices named in words, and nothing is set (decision 1801)."""
    h = polling
    lan, hoa, mai = h.zalo.user("Lan"), h.zalo.user("Hoa"), h.zalo.user("Mai")
    menu = await joined(h, hoa, h.invites.member)
    await joined(h, mai, h.invites.member, "Trần Thị Mai")
    entry = next(line for line in menu.splitlines() if line.startswith("3. "))[3:]
    await officer_joined(h, lan)
    await appeal_sent(h, lan, "Xin góp cho học sinh nội trú: 1. áo ấm, 2. chăn, 3. sách vở. Anh chị góp gì?")
    assert "#2 — Nhắc tôi sau" in hoa.messages()[-1].text

    # “2” under “2. chăn” and “#2 — Nhắc tôi sau”: which, asked; nothing set (decision 1801)
    reminders = await h.count(Reminder)
    asked = await h.ask(mai, "2")
    assert "Chung Tay sẽ nhắc" not in asked and "“Nhắc tôi sau”" in asked, asked
    assert "“Góp hiện vật” hoặc “Nhắc tôi sau”" in asked and "“2”" in asked
    assert await h.count(Reminder) == reminders
    assert "Chung Tay sẽ nhắc anh/chị lúc" in await h.ask(mai, "nhac toi sau")  # the choice named: taken
    asked = await h.ask(hoa, "3")
    assert "“3”" in asked and f"3. {entry}" in asked and asked.count("\n3. ") == 1
    again = await h.ask(hoa, "3")
    assert "“3”" not in again and "Tiến độ năm 2026" in again  # the entry, chosen on its menu

    # Two appeals in a row: “1” was read against the later one's actions only, “no choice 1”, though the
    # earlier one offers “#1 — Ủng hộ ngay” (decision 0471).
    await h.ask(mai, "/menu")
    for words in ("Mời anh chị góp áo ấm.", "Mời anh chị góp chăn."):
        await appeal_sent(h, lan, words)
    first = next(line for line in mai.messages()[-2].text.splitlines() if line.endswith("Góp hiện vật"))
    number = first.split(" ")[0].lstrip("#")
    asked = await h.ask(mai, number)
    assert "“Góp hiện vật”" in asked and f"#{number}" in asked and "có lựa chọn số" not in asked


@pytest.mark.parametrize(
    ("forwarded", "said"),
    [
        (
            "VCB: TK 0123xxx789 +500,000VND luc 04-12-2026 10:20. SD 12,345,678VND. Ref MB.123 ND: ung ho"
            " quy",
            "ngân hàng",
        ),
        ("Chị Lan: Em gửi chị 200k ủng hộ quỹ nhé, số dư TK còn 3tr", "ngân hàng"),
        ("TK 0123456789 +1,000,000 VND", "ngân hàng"),
        # her own bank's without its currency: goods named after it, its balance read back (decision 0658)
        ("GD:-500,000 So du:4,500,000", "ngân hàng"),
        # Her own gift in parts: told it looked like a forwarded bank message (decision 0471).
        ("500k + 200k tiền mặt", "một số tiền"),
        ("200k tháng 12, 300k tháng 1", "một số tiền"),
    ],
)
async def test_a_forwarded_bank_message_or_friends_gift_at_the_amount_asks_for_her_own_figure(
    polling: ZaloHarness, forwarded: str, said: str
) -> None:
    """Zalo marks no forward: a bank's SMS (the transfer, the balance, the account) or a friend's message
    forwarded where the amount is asked was read as goods named after the whole message, account and balance
    in it, its value asked next. Now it is said kindly that the amount is not taken from such a message, the
    amount is asked again with an example, and nothing is kept of it (decision 0445). Her own gift typed in
    parts is no forward: one gift is one amount, and how to record the other is said (decision 0471)."""
    h = polling
    hoa = await at_the_funds_amount(h)
    screen = await h.ask(hoa, forwarded)
    assert "hiện vật" not in screen and "500k" in screen and "bao nhiêu tiền" in screen
    assert said in screen and ("chuyển tiếp" in screen) == (said == "ngân hàng")
    assert "0123" not in screen and "12,345,678" not in screen and "3tr" not in screen
    assert "4,500" not in screen and "So du" not in screen
    assert "minh chứng" in await h.ask(hoa, "500k")  # her own figure, then the receipt
    assert await h.count(Contribution) == 0


@pytest.mark.parametrize(
    "sms",
    [
        "TK 0123456789 +500,000 VND luc 05/12 10:20. SD 5,000,000 VND ND: ung ho quy",
        # Her own bank's, the amount leaving her account: it was “vui lòng chọn một mục” (decision 0605)
        "TK 0123 -500,000VND luc 10:02 ND: ung ho quy vi nguoi ngheo",
        # with its fee, or with no currency: it was “vui lòng chọn một mục” (decision 0658)
        "TK 0123xxx789 -500,000VND luc 10:02 -11,000VND phi. SD 4,489,000VND ND: ung ho quy",
        "GD:-500,000 So du:4,500,000",
        # a credit with no currency, a fee unsigned after the amount: “vui lòng chọn một mục” (decision 0663)
        "GD:+500,000 So du:5,000,000",
        "TK 0123xxx789 -500,000VND phi 11,000VND. SD 4,489,000VND ND: ung ho quy",
    ],
)
async def test_a_bank_sms_forwarded_at_the_main_menu_says_how_to_record_the_amount_she_gave(
    polling: ZaloHarness, sms: str
) -> None:
    """Hoa forwards her bank's SMS at her main menu (Zalo marks no forward): she got “vui lòng chọn một mục”.
    Now she is told kindly how to record it, the amount she gave as the example, never the account nor the
    balance read back, nothing kept; the example typed is her gift (decision 0477)."""
    h = polling
    hoa = h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member)
    screen = await h.ask(hoa, sms)
    assert "vui lòng chọn một mục" not in screen and "ngân hàng" in screen and "ủng hộ 500.000" in screen
    assert "0123" not in screen and "5,000,000" not in screen and "5.000.000" not in screen
    assert "11.000" not in screen and "4.489.000" not in screen and "4.500.000" not in screen
    assert await h.count(Contribution) == 0
    assert "500.000" in await h.ask(hoa, "ủng hộ 500.000")


@pytest.mark.parametrize("where", ["at the amount", "at the main menu"])
async def test_a_friends_gift_forwarded_says_only_her_own_is_recorded_here_and_how_to_type_hers(
    polling: ZaloHarness, where: str
) -> None:
    """Hoa forwards her friend's “Chị Lan ủng hộ 500k nhé” (Zalo marks no forward): at the amount she was
    told “Chưa đọc được số tiền”, though 500k is plain in it; at the main menu, “vui lòng chọn một mục”. Now
    she is told kindly it reads as someone else's message, only her own gift is recorded here, how to type
    it were it hers, and that Lan records her own or asks an officer; nothing kept (decision 0491). Her own
    words naming herself (“Em Hoa …”) are not someone else's."""
    h = polling
    if where == "at the amount":
        hoa = await at_the_funds_amount(h)
        example = "gõ: 500.000."
    else:
        hoa = h.zalo.user("Hoa")
        await joined(h, hoa, h.invites.member)
        example = "gõ: ủng hộ 500.000."
    screen = await h.ask(hoa, "Chị Lan ủng hộ 500k nhé")
    assert "người khác" in screen and "chỉ ghi đóng góp của chính anh/chị" in screen and example in screen
    assert "Chưa đọc được" not in screen and "vui lòng chọn một mục" not in screen
    assert "người khác" not in await h.ask(hoa, "Em Hoa xin ủng hộ 500k")
    assert await h.count(Contribution) == 0


@pytest.mark.parametrize(
    ("name", "typed", "where"),
    [
        ("Võ Thị Hoa", "Chị Võ Thị Hoa ủng hộ 500k", "at the main menu"),  # her full name
        ("Lan Nguyen", "Cô Lan ủng hộ 500k", "at the main menu"),  # her name as Telegram writes it
        ("Chị Hoa Nguyễn", "Chị Hoa ủng hộ 500k", "at the main menu"),  # an honorific before her name
        ("Võ Thị Hoa", "Anh Ba nhà em ủng hộ 500k", "at the amount"),  # the household's, typed by her
        ("Nguyễn Thị Lan", "Co Lan lop 3A ung ho 500k", "at the amount"),  # herself, without accents
        ("Võ Thị Hoa", "nha em ung ho 500k", "at the main menu"),  # her household, no one named (0527)
        ("Võ Thị Hoa", "Gia đình em xin ủng hộ 500k", "at the amount"),
    ],
)
async def test_a_gift_naming_herself_or_her_household_is_hers_never_someone_elses(
    polling: ZaloHarness, name: str, typed: str, where: str
) -> None:
    """“Chị Võ Thị Hoa ủng hộ 500k” from Võ Thị Hoa, “Cô Lan …” from Lan Nguyen, “Anh Ba nhà em ủng hộ 500k”
    typed by the wife on the household's account: each was told it looked like someone else's message, only
    the given name, as the last word, being compared; “Co Lan lop 3A ung ho 500k” from Lan got “Chưa đọc
    được số tiền”. Now each is her gift, as “ủng hộ 500k” is; a friend's message is still said to be
    someone else's (decision 0507)."""
    h = polling
    hoa = h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member, name)
    if where == "at the amount":
        await h.ask(hoa, "ghi nhan dong gop")
        await h.choose(hoa, "ngoài các đợt vận động")
        await h.choose(hoa, "Tiền")
    screen = await h.ask(hoa, typed)
    assert "người khác" not in screen and "Chưa đọc được" not in screen and "chọn một mục" not in screen
    assert ("muốn ủng hộ 500.000" if where == "at the main menu" else "minh chứng") in screen
    await h.ask(hoa, "/menu")
    assert "người khác" in await h.ask(hoa, "Chị Mai ủng hộ 500k nhé")
    assert await h.count(Contribution) == 0


@pytest.mark.parametrize(
    ("typed", "where"),
    [
        ("Mẹ em ủng hộ 500k", "menu"),
        ("bo em ung ho 500k", "amount"),
        # her mother named after the amount, as whose it is: recorded as hers at the menu, and at the amount
        # “Chưa đọc được số tiền” until it was read as the menu reads it (decision 0999)
        ("ủng hộ 500k của mẹ em", "menu"),
        ("500k cua me em", "amount"),
        # in English, where her mother's gift was taken at the amount as hers (decision 1051)
        ("500k from my mother", "amount"),
        # “for my mum”, “from mom” (no “my”) were taken as hers, where “from my mother” is not (1103)
        ("500k for my mum", "amount"),
        ("ủng hộ 500k from mom", "menu"),
    ],
)
async def test_her_mothers_gift_typed_on_a_staff_account_is_not_taken_as_hers(
    polling: ZaloHarness, typed: str, where: str
) -> None:
    """A staff member typing her mother's gift, the mother a household of her own: it was recorded as the
    staff member's, her name on the statement and the office's figures, the mother's household without it.
    Now she is told whose a gift recorded here is and how to type hers; nothing kept (decision 0571)."""
    h = polling
    hoa = h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member)
    if where == "amount":
        await h.ask(hoa, "ghi nhan dong gop")
        await h.choose(hoa, "ngoài các đợt vận động")
        await h.choose(hoa, "Tiền")

    screen = await h.ask(hoa, typed)

    assert "đứng tên anh/chị" in screen and "ví dụ: ủng hộ 500k" in screen and "hộ khác" in screen
    assert "muốn ủng hộ 500.000" not in screen and "minh chứng" not in screen
    screen = await h.ask(hoa, "ung ho 500k")  # hers, typed so: taken, at the menu or at the amount
    assert ("muốn ủng hộ 500.000" if where == "menu" else "minh chứng") in screen
    assert await h.count(Contribution) == 0


async def test_a_household_asking_days_later_whether_her_gift_was_received_sees_where_it_stands(
    polling: ZaloHarness,
) -> None:
    """Hoa gives 500k with her receipt; two days later she asks, as people do, “da nhan chua?” and “tiền em
    gửi đã nhận chưa ạ”: each got “vui lòng chọn một mục” and the menu, her question unanswered. Now her
    progress: her gift, its code and that it waits for the treasurer (decision 0491); never for “đã nhắn
    chưa”, whether she texted, which opened it too (decision 0507)."""
    h = polling
    hoa = await at_the_funds_amount(h)
    await h.ask(hoa, "500k")
    await h.exchange(hoa, hoa.send_photo(b"\xff\xd8\xff receipt", caption="ck rồi nhé"))
    assert "CT-2026-000001" in await h.ask(hoa, "có")
    h.app.engine.clock.advance(days=2)
    screens = [await h.ask(hoa, asked) for asked in ("da nhan chua?", "/menu", "Tiền em gửi đã nhận chưa ạ")]
    for screen in screens[::2]:
        assert "vui lòng chọn một mục" not in screen
        assert "CT-2026-000001" in screen and "· chờ thủ quỹ xác nhận" in screen
    # “nhắn” (to text) is not “nhận” (received), though the same letters without marks (decision 0507)
    await h.ask(hoa, "/menu")
    for asked in ("Chị đã nhắn chưa ạ", "em nhận được tin nhắn chưa"):
        assert "CT-2026-000001" not in await h.ask(hoa, asked)


async def test_a_receipt_sent_days_after_her_gift_goes_with_it_never_a_second_gift_unasked(
    polling: ZaloHarness,
) -> None:
    """Hoa records 500k without a receipt; two days later she sends its photo at her main menu, as Zalo
    users do: the photo started a gift, and its last look, naming nothing of the one waiting, recorded
    CT-2026-000002, 500.000 ₫ twice. Now the last look names the one waiting without a receipt, and “Trùng,
    không ghi” adds the photo to it, nothing recorded again (decision 0491)."""
    h = polling
    hoa = await at_the_funds_amount(h)
    await h.ask(hoa, "500k")
    await h.choose(hoa, "Bỏ qua")
    assert "CT-2026-000001" in await h.ask(hoa, "có")
    await h.ask(hoa, "/menu")
    h.app.engine.clock.advance(days=2)
    await h.exchange(hoa, hoa.send_photo(b"\xff\xd8\xff receipt", caption=None))
    await h.choose(hoa, "ghi khoản mới")  # asked first since (1278); the last look still names it
    await h.choose(hoa, "ngoài các đợt vận động")
    await h.choose(hoa, "Tiền")
    last_look = await h.ask(hoa, "500k")
    assert "(CT-2026-000001)" in last_look and "Trùng, không ghi" in last_look
    screen = await h.choose(hoa, "Trùng, không ghi")
    assert "CT-2026-000001" in screen and "minh chứng" in screen
    assert await h.count(Contribution) == 1 and await h.count(Evidence) == 1


async def _her_receipt_sent_later(h: ZaloHarness, hoa: FakeZaloUser, *, days: int, of: str) -> str:
    """Hoa, `days` after her gift, sends the photo of `of`'s receipt at her main menu for 500k to the Fund:
    its last look."""
    await h.ask(hoa, "/menu")
    h.app.engine.clock.advance(days=days)
    await h.exchange(hoa, hoa.send_photo(b"\xff\xd8\xff receipt " + of.encode(), caption=None))
    await h.choose(hoa, "ghi khoản mới")  # asked first since (1278); the last look still names it
    await h.choose(hoa, "ngoài các đợt vận động")
    await h.choose(hoa, "Tiền")
    return await h.ask(hoa, "500k")


@pytest.mark.parametrize("meanwhile", ["confirmed by the treasurer", "another gift of the figure waiting"])
async def test_a_late_receipt_goes_to_a_gift_still_without_one_and_never_records_a_confirmed_gift_twice(
    polling: ZaloHarness, meanwhile: str
) -> None:
    """Hoa's 500k waits without a receipt; two days later she sends its photo, the last look names it, and
    meanwhile Mai, the treasurer, confirms it: “Trùng, không ghi” said it “no longer stands (withdrawn or not
    accepted)” and asked again, and “có” recorded CT-2026-000002, 500.000 ₫ twice. And of two gifts of
    500k waiting without receipts, the second photo's last look named again the one given the first photo:
    “Trùng” dropped the photo, the other gift left without its receipt. Now the confirmed gift is the same
    one, nothing recorded; the second photo goes to the gift still without one (decision 0508)."""
    h = polling
    hoa = await at_the_funds_amount(h)
    await h.ask(hoa, "500k")
    await h.choose(hoa, "Bỏ qua")
    assert "CT-2026-000001" in await h.ask(hoa, "có")
    if meanwhile == "confirmed by the treasurer":
        assert "(CT-2026-000001)" in await _her_receipt_sent_later(h, hoa, days=2, of="CT-2026-000001")
        mai = h.zalo.user("Mai")
        await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
        await h.ask(mai, "/tracuu")
        await h.ask(mai, "CT-2026-000001")
        assert "đã xác nhận" in await h.choose(mai, "Xác nhận")
        screen = await h.ask(hoa, "TRÙNG")
        assert "không còn được ghi nhận" not in screen and "Chưa có khoản nào được ghi nhận" in screen
        await h.ask(hoa, "có")
        assert await h.count(Contribution) == 1
        return
    await h.ask(hoa, "ủng hộ 500k")
    await h.choose(hoa, "ngoài các đợt vận động")
    await h.choose(hoa, "Bỏ qua")
    assert "CT-2026-000002" in await h.choose(hoa, "Khoản khác, ghi nhận")
    for ref in ("CT-2026-000002", "CT-2026-000001"):
        assert f"({ref})" in await _her_receipt_sent_later(h, hoa, days=0, of=ref)
        assert f"minh chứng cho khoản {ref}" in await h.choose(hoa, "Trùng, không ghi")
    assert await h.count(Contribution) == 2 and await h.count(Evidence) == 2


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("+500k", "muốn ủng hộ 500.000"),  # was “tin nhắn của ngân hàng”: her gift, as at the amount
        ("Ghi chú: +500k quỹ lớp", "vui lòng chọn một mục"),  # an officer's note, no bank's in it
        ("Nguyễn Thị SD +200k", "vui lòng chọn một mục"),  # “SD” in a name, no balance after it
    ],
)
async def test_a_plus_amount_at_the_main_menu_without_an_account_or_a_balance_is_no_bank_sms(
    polling: ZaloHarness, typed: str, answer: str
) -> None:
    """At her main menu Hoa types “+500k”, or an officer notes “Ghi chú: +500k quỹ lớp”: each was told
    “Tin nhắn này có vẻ là tin nhắn của ngân hàng”, though nothing of a bank (an account, a balance after
    “SD”) is in it. Now “+500k” is her gift, as “500k” is, and a note keeps the menu's answer (0480)."""
    h = polling
    hoa = h.zalo.user("Hoa")
    await joined(h, hoa, h.invites.member)
    screen = await h.ask(hoa, typed)
    assert "ngân hàng" not in screen and answer in screen
    assert await h.count(Contribution) == 0


async def test_a_bank_sms_typed_as_the_gifts_note_keeps_neither_its_account_nor_its_balance(
    polling: ZaloHarness,
) -> None:
    """Hoa, at her gift's note, forwards her bank's SMS as its evidence: it was kept whole as the note, her
    account and her balance shown at the last look and kept for the treasurers. Now it is said kindly that
    nothing is kept of a bank's message, a screenshot or a short note asked instead (decision 0480)."""
    h = polling
    hoa = await at_the_funds_amount(h)
    await h.ask(hoa, "500k")
    screen = await h.ask(hoa, "TK 0123456789 +500,000 VND luc 05/12 10:20. SD 5,000,000 VND ND: ung ho quy")
    assert "ngân hàng" in screen and "Bỏ qua" in screen
    last_look = await h.choose(hoa, "Bỏ qua")
    assert "500.000" in last_look and "0123456789" not in last_look and "5,000,000" not in last_look


@pytest.mark.parametrize(
    ("typed", "answer", "then"),
    [
        ("tháng 12: 200k", "Chưa đọc được số tiền", "200k"),  # was goods named “tháng 12: 200k”
        ("+500k", "minh chứng", None),  # was “tin chuyển tiếp từ ngân hàng…?”, no amount taken
    ],
)
async def test_her_own_amount_typed_with_its_month_or_a_plus_at_the_amount_is_money_never_goods(
    polling: ZaloHarness, typed: str, answer: str, then: str | None
) -> None:
    """Hoa types her gift as she says it: “tháng 12: 200k” was kept as goods so named, its value in đồng
    asked next, where the treasurer would read a gift of goods; “+500k”, one amount, was told it reads as a
    bank's or someone else's message. Now the month's is asked again as an amount, and “+500k” is 500.000 ₫
    (decision 0465)."""
    h = polling
    hoa = await at_the_funds_amount(h)
    screen = await h.ask(hoa, typed)
    assert answer in screen and "hiện vật" not in screen and "ngân hàng" not in screen
    if then is not None:
        assert "minh chứng" in await h.ask(hoa, then)
    last_look = await h.choose(hoa, "Bỏ qua")
    assert f"Tiền: {(then or typed).strip('+')[:-1]}.000\xa0₫" in last_look and "Hiện vật" not in last_look


async def test_an_appeal_for_a_drive_opened_for_tomorrow_says_from_which_day_it_can_go(
    polling: ZaloHarness,
) -> None:
    """On Monday the union's chairwoman opens “Tết sum vầy 2027” from Tuesday and goes on to its appeal: the
    drive was nowhere in the appeal's list and its name typed read “vui lòng chọn một mục”, without a word
    of why. It is listed with the day it starts, and chosen it says from when the appeal can go; nothing is
    kept of it meanwhile but the text she typed (decision 0416)."""
    from bot.db.models import Appeal

    h = polling
    lan = h.zalo.user("Lan")
    await officer_joined(h, lan)
    await h.ask(lan, "/dotvandong")
    await h.choose(lan, "Mở đợt vận động mới")
    await h.ask(lan, "Tết sum vầy 2027")
    assert "từ 23/11/2026" in await h.ask(lan, "ngay mai - 20/1")
    await h.choose(lan, "Tiền")
    await h.ask(lan, "khong dat muc tieu")
    await h.choose(lan, "Có, cho Quỹ")
    await h.ask(lan, "01 ngày lương")
    await h.choose(lan, "Toàn cơ quan")
    assert "Đã mở đợt vận động “Tết sum vầy 2027”" in await h.ask(lan, "có")
    await h.ask(lan, "/keugoi")
    await h.choose(lan, "Soạn tin mới")

    screen = await h.ask(lan, "Mời anh chị chung tay trao quà Tết cho gia đình cán bộ khó khăn.")

    assert "Tết sum vầy 2027 (bắt đầu từ 23/11/2026)" in screen
    screen = await h.ask(lan, "sum vay")
    assert "vui lòng chọn một mục" not in screen
    assert "Đợt “Tết sum vầy 2027” bắt đầu từ 23/11/2026" in screen and "gửi cho ai?" not in screen
    assert screen.endswith("0. Quay lại")  # the drives again, to choose another or come back
    assert await h.count(Appeal) == 0
    # Past midnight in Vietnam (still the evening before in UTC), the list still on screen: the drive runs.
    h.app.engine.clock.at = datetime(2026, 11, 22, 17, 1, tzinfo=UTC)  # 00:01 on 23/11 in Hà Nội
    screen = await h.ask(lan, "sum vay")
    assert "bắt đầu từ 23/11/2026" not in screen and "gửi cho ai?" in screen
    await joined(h, h.zalo.user("Hoa"), h.invites.member)  # someone to read it
    async with h.app.sessionmaker() as session, session.begin():  # a colleague moves its first day on
        drive = await session.scalar(select(Drive).where(Drive.title == "Tết sum vầy 2027"))
        assert drive is not None
        drive.starts_on = date(2026, 11, 25)
    await h.choose(lan, "Tất cả")

    screen = await h.ask(lan, "1")  # “Gửi ngay”

    assert "Đợt vận động này chưa bắt đầu" in screen and "Đã hẹn giờ" not in screen
    assert await h.count(Appeal) == 0


async def test_the_treasurers_count_of_gifts_waiting_leads_by_its_first_line_to_her_queue(
    polling: ZaloHarness,
) -> None:
    """Forty gifts to a Tết drive in a morning: the treasurer on Zalo reads “Có 20 khoản đóng góp đang chờ
    anh/chị xác nhận.” and one line to type, “#1 — Tra cứu đóng góp”, which asked her for a code; the list of
    what waits, by drive, was another command to know (/xacnhan). Its first line is now her queue, the
    look-up by code after it (decision 0417)."""
    h = polling
    hoa, mai = h.zalo.user("Hoa"), h.zalo.user("Mai")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await joined(h, hoa, h.invites.member)
    for amount in ("300k", "500k"):
        await h.ask(hoa, f"ung ho {amount}")
        await h.choose(hoa, "ngoài các đợt vận động")
        await h.choose(hoa, "Bỏ qua")
        assert "Đã ghi nhận" in await h.ask(hoa, "có")
    await h.deliver()  # the count goes at the top of the hour
    notice = mai.messages()[-1].text
    assert notice.startswith("Có 2 khoản đóng góp đang chờ anh/chị xác nhận.")
    lines = {label: typed for typed, _dash, label in (line.partition(" — ") for line in notice.splitlines())}
    assert list(lines)[-2:] == ["Khoản chờ xác nhận", "Tra cứu đóng góp"]  # the queue first
    h.app.engine.clock.at = NOW + timedelta(hours=1)

    screen = await h.ask(mai, lines["Khoản chờ xác nhận"])

    assert "Các khoản đang chờ anh/chị xác nhận, theo đợt vận động" in screen
    assert "ngoài các đợt vận động): 2 khoản chờ" in screen


@pytest.mark.parametrize(
    ("words", "numbered"),
    [
        ("Xin góp: 1. áo ấm, 2. chăn, 3. sách vở.", True),
        ("Cần:\n1) áo ấm\n2) chăn", True),
        ("Mỗi suất 2.000.000 đ, hạn 2/12.", False),
        ("Hạn nộp 12. Mời anh chị góp", False),
        ("Gọi #2 — Nhắc tôi sau", False),
        # a list is two or more items numbered in order, each at a line's start or after “:”, “,”, “;”
        ("Mời anh chị góp cho đợt vận động năm 2. Cảm ơn anh chị.", False),
        ("Năm 1. Năm 2. Năm 3.", False),
        ("Cần góp:\n2. chăn", False),
        ("Cần góp:\n1. áo ấm\n3. chăn", False),
        ("Cần góp:\n1. áo ấm\n2. chăn\nĐợt này là đợt 2. Xin cảm ơn.", True),
        ("Cần góp: 1. áo ấm; 2) chăn", True),
        # a list numbered inline after a plain word, its items going on in small letters or after “)” (1938)
        ("Cần góp 1. áo ấm 2. chăn", True),
        ("Xin góp 1) áo ấm 2) chăn 3) sách vở", True),
        ("Đợt 1. Mời anh chị góp. Đợt 2. Cảm ơn.", False),
        ("Cần góp 1. áo ấm 3. chăn", False),
        # inline items in capitals, no sentence's end between them, each after another word (2020)
        ("Cần góp 1. Áo ấm 2. Chăn", True),
        ("Cần góp 1. Áo ấm 2. Chăn cho học sinh nội trú. Anh chị góp gì?", True),
        ("Đợt 1. Áo ấm. Đợt 2. Chăn.", False),
    ],
)
def test_an_appeals_words_number_an_item_two_only_where_they_list_one(words: str, numbered: bool) -> None:
    assert numbers_an_item(words, "2") is numbered


@pytest.mark.parametrize(
    "words",
    [
        "Cần góp 1. áo ấm 2. chăn cho học sinh nội trú. Anh chị góp gì?",
        "Cần góp 1. Áo ấm 2. Chăn cho học sinh nội trú. Anh chị góp gì?",  # in capitals (2020)
    ],
)
async def test_a_number_under_an_appeal_listing_its_items_inline_is_asked_about(
    polling: ZaloHarness, words: str
) -> None:
    """Lan's appeal lists its goods inline, with no “:” nor line before them (“Cần góp 1. áo ấm 2. chăn …”);
    Mai at her main menu types “2”. The list was none, so “2” set the reminder of “#2 — Nhắc tôi sau” where
    she as likely meant the blankets: it is asked about, as under 1801's list, nothing set (decision 1938)."""
    h = polling
    lan, mai = h.zalo.user("Lan"), h.zalo.user("Mai")
    await joined(h, mai, h.invites.member, "Trần Thị Mai")
    await officer_joined(h, lan)
    await appeal_sent(h, lan, words)
    assert "#2 — Nhắc tôi sau" in mai.messages()[-1].text

    screen = await h.ask(mai, "2")

    assert "Để khỏi nhầm" in screen and "Chung Tay sẽ nhắc anh/chị lúc" not in screen, screen


async def test_a_number_ending_a_sentence_of_an_appeal_is_no_item_and_the_typed_number_is_its_choice(
    polling: ZaloHarness,
) -> None:
    """Lan's appeal says “… học kỳ 2. Anh chị góp gì?”, its words no list; Mai at her main menu types “2”.
    The sentence's figure counted as the appeal's own item “2.” and she was asked which she meant (decision
    1801's Left); a list is two or more items numbered in order, so “2” is the appeal's “#2 — Nhắc tôi sau”,
    as 1721 reads it (decision 1873)."""
    h = polling
    lan, mai = h.zalo.user("Lan"), h.zalo.user("Mai")
    await joined(h, mai, h.invites.member, "Trần Thị Mai")
    await officer_joined(h, lan)
    await appeal_sent(h, lan, "Xin góp áo ấm cho học sinh nội trú trước học kỳ 2. Anh chị góp gì?")
    assert "#2 — Nhắc tôi sau" in mai.messages()[-1].text

    screen = await h.ask(mai, "2")

    assert "Chung Tay sẽ nhắc anh/chị lúc" in screen and "Để khỏi nhầm" not in screen, screen
