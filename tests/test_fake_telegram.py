"""The fake Telegram Bot API server, proven against aiogram itself (no project code involved)."""

from __future__ import annotations

import asyncio
import math
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import Command
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import ClientSession, web

from tests.support.bots import make_bot
from tests.support.clocks import VirtualTime
from tests.support.fake_telegram import FakeTelegram, FloodControl

CHOICES = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text="Có", callback_data="yes")],
        [InlineKeyboardButton(text="Không có", callback_data="no")],
    ]
)


def make_dispatcher(seen: list[Any]) -> Dispatcher:
    dp = Dispatcher()

    @dp.message(Command("start"))
    async def start(message: Message) -> None:
        await message.answer("Xin chào! Bạn có tham gia không?", reply_markup=CHOICES)

    @dp.message(F.photo)
    async def photo(message: Message, bot: Bot) -> None:
        assert message.photo is not None
        data = await bot.download(message.photo[-1].file_id)
        assert data is not None
        seen.append(data.read())
        await message.answer(f"photo {message.photo[-1].file_size} bytes: {message.caption}")

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        seen.append(message)
        await message.answer(f"echo: {message.text}")

    @dp.callback_query()
    async def pressed(callback: CallbackQuery) -> None:
        seen.append(callback)
        await callback.answer(f"chose {callback.data}")
        if isinstance(callback.message, Message):
            await callback.message.edit_text(f"You chose {callback.data}")

    return dp


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    bot = make_bot(tg)
    yield bot
    await bot.session.close()


@pytest.fixture
async def seen() -> list[Any]:
    return []


@pytest.fixture
async def polling(tg: FakeTelegram, bot: Bot, seen: list[Any]) -> AsyncIterator[Dispatcher]:
    dp = make_dispatcher(seen)
    task = asyncio.create_task(
        dp.start_polling(bot, polling_timeout=1, handle_signals=False, close_bot_session=False)
    )
    await tg.wait_for_call("getUpdates")
    yield dp
    await dp.stop_polling()
    await task


async def test_echo_over_polling(tg: FakeTelegram, polling: Dispatcher, seen: list[Any]) -> None:
    hoa = tg.user(1001, "Hoa")
    update_id = await hoa.send("xin chào")
    assert update_id == 1

    replies = await hoa.wait_for_reply(update_id)

    assert [r.text for r in replies] == ["echo: xin chào"]
    assert replies[0].message_id == 2  # the user's own message took id 1 in this chat
    incoming = seen[0]
    assert incoming.from_user.id == 1001 and incoming.from_user.language_code == "vi"
    assert incoming.chat.type == "private" and incoming.chat.id == 1001
    assert isinstance(incoming.date.timestamp(), float)
    sent = tg.calls_to("sendMessage")[0]
    assert sent.params["chat_id"] == 1001 and sent.params["text"] == "echo: xin chào"
    assert tg.calls_to("getMe"), "start_polling asks getMe first"


async def test_button_press_is_answered_and_edit_drops_keyboard(
    tg: FakeTelegram, polling: Dispatcher, seen: list[Any]
) -> None:
    lan = tg.user(1002, "Lan")
    [welcome] = await lan.ask("/start")
    assert welcome.buttons == [[("Có", "yes")], [("Không có", "no")]]
    assert seen == [], "/start went to the Command handler, not echo"

    [edited] = await lan.wait_for_reply(await lan.press("có"))  # exact label wins over "Không có"

    assert edited.message_id == welcome.message_id
    assert edited.text == "You chose yes" and edited.edited
    assert edited.buttons == [], "editMessageText without reply_markup removes the keyboard"
    assert lan.answered_callbacks()[0]["text"] == "chose yes"
    callback = seen[0]
    assert callback.data == "yes" and callback.chat_instance
    assert callback.message.reply_markup.inline_keyboard[0][0].callback_data == "yes"
    assert lan.last.text == "You chose yes"

    with pytest.raises(AssertionError, match="no button matching 'không'"):
        await lan.press("không")


async def test_stale_button_gets_inaccessible_message(
    tg: FakeTelegram, polling: Dispatcher, seen: list[Any]
) -> None:
    minh = tg.user(1003, "Minh")
    update_id = await minh.press_data("old-data", message_id=77)
    await tg.wait_until(lambda: bool(minh.answered_callbacks()), what="the stale callback to be answered")
    assert minh.answered_callbacks() == [
        {"callback_query_id": tg.updates[update_id - 1]["callback_query"]["id"], "text": "chose old-data"}
    ]
    assert not isinstance(seen[0].message, Message)  # InaccessibleMessage
    assert seen[0].message.message_id == 77


async def test_offsets_confirm_updates_without_redelivery(tg: FakeTelegram, polling: Dispatcher) -> None:
    hoa = tg.user(1004)
    for text in ("một", "hai", "ba"):
        [reply] = await hoa.ask(text)
        assert reply.text == f"echo: {text}"

    delivered = [u["update_id"] for call in tg.calls_to("getUpdates") for u in call.result or []]
    assert delivered == [1, 2, 3]
    assert tg.pending_update_count == 0
    assert [m.text for m in hoa.messages()] == ["echo: một", "echo: hai", "echo: ba"]
    assert [m.message_id for m in hoa.messages()] == [2, 4, 6]


async def test_get_updates_long_poll_and_offset(tg: FakeTelegram, bot: Bot) -> None:
    hoa = tg.user(1005)
    first, second = await hoa.send("a"), await hoa.send("b")

    assert [u.update_id for u in await bot.get_updates()] == [first, second]
    assert [u.update_id for u in await bot.get_updates()] == [first, second], "unconfirmed: given again"
    assert [u.update_id for u in await bot.get_updates(offset=second)] == [second]
    assert await bot.get_updates(offset=second + 1) == []
    assert tg.pending_update_count == 0

    waiting = asyncio.create_task(bot.get_updates(offset=second + 1, timeout=10))
    await tg.wait_for_call("getUpdates", count=5)
    third = await hoa.send("c")
    assert [u.message.text for u in await asyncio.wait_for(waiting, 2)] == ["c"]
    assert third == 3

    # a newer getUpdates terminates a waiting one, like a second bot instance would
    older = asyncio.create_task(bot.get_updates(offset=third + 1, timeout=10))
    await tg.wait_for_call("getUpdates", count=6)
    assert await bot.get_updates(offset=third + 1) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await older


async def test_retry_after_and_other_injected_failures(tg: FakeTelegram, bot: Bot) -> None:
    tg.user(1006)
    tg.fail_next("sendMessage", 429, retry_after=1)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(1006, "hi")
    assert caught.value.retry_after == 1
    assert "Too Many Requests: retry after 1" in str(caught.value)

    tg.fail_next("sendMessage", 403)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(1006, "hi")

    tg.fail_next("sendMessage", 502, "Bad Gateway", count=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(1006, "hi")

    tg.fail_next("getMe", 409)
    with pytest.raises(TelegramConflictError):
        await bot.get_me()

    sent = await bot.send_message(1006, "now it works")
    assert sent.message_id == 1, "failed calls send nothing"
    assert [c.status for c in tg.calls_to("sendMessage")] == [429, 403, 502, 502, 200]


async def test_api_errors_like_telegram(tg: FakeTelegram, bot: Bot) -> None:
    lan = tg.user(1007)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(424242, "hi")
    msg = await bot.send_message(1007, "hỏi", reply_markup=CHOICES)
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(text="hỏi", chat_id=1007, message_id=msg.message_id, reply_markup=CHOICES)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(text="x", chat_id=1007, message_id=999)
    too_long = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="d" * 65)]]
    )
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(1007, "x", reply_markup=too_long)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("nope")

    edited = await bot.edit_message_reply_markup(chat_id=1007, message_id=msg.message_id)
    assert isinstance(edited, Message) and edited.reply_markup is None
    assert lan.last.buttons == []

    lan.block()
    with pytest.raises(TelegramForbiddenError):
        await bot.send_chat_action(1007, "typing")

    stranger = make_bot(tg, "999:wrong")
    with pytest.raises(TelegramUnauthorizedError):
        await stranger.get_me()
    await stranger.session.close()
    async with ClientSession() as http, http.post(f"{tg.base_url}/bot{tg.token}/fooBar") as response:
        assert response.status == 404
        assert await response.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
    assert tg.calls[-1].method == "fooBar" and tg.calls[-1].status == 404


async def test_photo_in_and_out_and_file_download(
    tg: FakeTelegram, bot: Bot, polling: Dispatcher, seen: list[Any]
) -> None:
    file_id, unique_id, size = tg.add_file(b"evidence bytes", "documents/receipt.pdf")
    file = await bot.get_file(file_id)
    assert (file.file_id, file.file_unique_id, file.file_size) == (file_id, unique_id, size)
    assert file.file_path == "documents/receipt.pdf"
    downloaded = await bot.download(file_id)
    assert downloaded is not None and downloaded.read() == b"evidence bytes"

    hoa = tg.user(1008)
    [reply] = await hoa.wait_for_reply(await hoa.send_photo(b"\x89PNG-photo-bytes", caption="biên lai"))
    assert reply.text == "photo 16 bytes: biên lai"
    assert seen == [b"\x89PNG-photo-bytes"], "the bot downloaded the largest size"
    photo = tg.updates[-1]["message"]["photo"]
    assert len(photo) == 2 and photo[0]["file_size"] < photo[1]["file_size"]

    sent = await bot.send_photo(1008, BufferedInputFile(b"chart", "chart.png"), caption="Tiến độ")
    assert sent.photo is not None and sent.caption == "Tiến độ"
    assert hoa.last.photo_content == b"chart" and hoa.last.text == "Tiến độ"
    assert tg.calls_to("sendPhoto")[0].params["photo"].filename == "chart.png"


async def test_group_messages(tg: FakeTelegram, polling: Dispatcher) -> None:
    hoa = tg.user(1009)
    group = tg.group(-100123, "Chi hội phụ nữ")
    update_id = await hoa.send_in_group(group.chat_id, "/start@ChungTayTestBot")
    [reply] = await hoa.wait_for_reply(update_id, chat_id=group.chat_id)
    assert reply.chat_id == -100123 and group.last.buttons
    message = tg.updates[-1]["message"]
    assert message["chat"] == {"id": -100123, "type": "group", "title": "Chi hội phụ nữ"}
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 22}]
    assert hoa.messages() == []


async def test_webhook_makes_get_updates_conflict(tg: FakeTelegram, bot: Bot) -> None:
    waiting = asyncio.create_task(bot.get_updates(timeout=10))
    await tg.wait_for_call("getUpdates")
    assert await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="s3cret")
    with pytest.raises(TelegramConflictError, match="terminated by setWebhook"):
        await waiting
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    info = await bot.get_webhook_info()
    assert info.url == "http://127.0.0.1:9/hook" and info.pending_update_count == 0

    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == []


async def test_webhook_delivery_with_secret_and_redelivery(tg: FakeTelegram, bot: Bot) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    statuses = [500, 200]

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        return web.json_response({}, status=statuses.pop(0))

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
        await bot.set_webhook(url, secret_token="s3cret-Token_1")
        hoa = tg.user(1010)

        update_id = await hoa.send("qua webhook")
        assert tg.webhook_deliveries[-1].status == 500 and tg.pending_update_count == 1
        info = await bot.get_webhook_info()
        assert info.last_error_message == "Wrong response from the webhook: 500"

        [delivery] = await tg.redeliver()
        assert delivery.status == 200 and tg.pending_update_count == 0
        assert [secret for secret, _ in received] == ["s3cret-Token_1"] * 2
        assert [body["update_id"] for _, body in received] == [update_id] * 2
        assert received[1][1]["message"]["text"] == "qua webhook"
    finally:
        await runner.cleanup()


async def test_webhook_with_aiogram_request_handler(tg: FakeTelegram, bot: Bot) -> None:
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> Any:
        return message.answer(f"webhook echo: {message.text}")  # answered inside the webhook response

    app = web.Application()
    SimpleRequestHandler(dp, bot, handle_in_background=False, secret_token="abc").register(app, path="/tg")
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/tg", secret_token="abc")
        hoa = tg.user(1011)
        [reply] = await hoa.ask("chào")
        assert reply.text == "webhook echo: chào"
        assert tg.webhook_deliveries[-1].response_method == "sendMessage"
        assert tg.webhook_deliveries[-1].status == 200
    finally:
        await runner.cleanup()


async def test_set_my_commands_recorded_with_scope_and_language(tg: FakeTelegram, bot: Bot) -> None:
    commands = [
        BotCommand(command="start", description="Bắt đầu"),
        BotCommand(command="menu", description="Menu"),
    ]
    assert await bot.set_my_commands(commands, scope=BotCommandScopeAllPrivateChats(), language_code="vi")

    call = tg.calls_to("setMyCommands")[0]
    assert call.params["scope"] == {"type": "all_private_chats"}
    assert call.params["language_code"] == "vi"
    assert call.params["commands"] == [
        {"command": "start", "description": "Bắt đầu"},
        {"command": "menu", "description": "Menu"},
    ]
    assert [c["command"] for c in tg.commands_for({"type": "all_private_chats"}, "vi")] == ["start", "menu"]
    got = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="vi")
    assert [c.command for c in got] == ["start", "menu"]
    assert await bot.get_my_commands() == [], "no fallback from the default scope"

    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start", description="x")])
    assert await bot.delete_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="vi")
    assert tg.commands_for({"type": "all_private_chats"}, "vi") == []


async def test_wrong_file_path_is_not_found(tg: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await bot.get_file("nope")
    missing = f"{tg.base_url}/file/bot{tg.token}/photos/missing.jpg"
    async with ClientSession() as http, http.get(missing) as response:
        assert response.status == 404
    with pytest.raises(TelegramNotFound):
        await bot.get_chat_member_count(1)  # a method the fake does not implement


# --- flood control: on a clock moved by hand, so nothing here waits -------------------------------------


@pytest.fixture
def clock() -> VirtualTime:
    return VirtualTime(now=0.0)


@pytest.fixture
async def limited(clock: VirtualTime) -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    """30 messages a second overall, 1 a second per chat; chats 1–40 exist."""
    async with FakeTelegram(overall_rate=30, rate_clock=clock) as fake:
        for chat in range(1, 41):
            fake.user(chat)
        bot = make_bot(fake)
        yield fake, bot
        await bot.session.close()


async def test_flood_control_is_off_by_default(tg: FakeTelegram, bot: Bot) -> None:
    tg.user(1)
    for n in range(50):
        await bot.send_message(1, f"m{n}")
    assert len(tg.delivered(1)) == 50 and not tg.rejections and tg.stats()["limits"] is None


async def test_under_the_limits_everything_is_delivered(
    limited: tuple[FakeTelegram, Bot], clock: VirtualTime
) -> None:
    tg, bot = limited
    for second in range(3):
        for chat in range(1, 31):
            await bot.send_message(chat, f"{chat}.{second}")
        clock.now += 1.0

    assert all(tg.delivered(chat) == [f"{chat}.0", f"{chat}.1", f"{chat}.2"] for chat in range(1, 31))
    assert not tg.rejections and {c.status for c in tg.calls_to("sendMessage")} == {200}


async def test_the_31st_message_within_a_second_at_30_a_second_is_refused_and_not_delivered(
    limited: tuple[FakeTelegram, Bot], clock: VirtualTime
) -> None:
    tg, bot = limited
    for chat in range(1, 31):
        await bot.send_message(chat, "hi")
    clock.now += 0.01

    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(31, "one too many")

    assert refused.value.retry_after == 1
    assert tg.delivered(31) == [] and tg.messages(31) == []
    assert tg.rejections == {"sendMessage": 1} and tg.rejected_at == [0.01]
    async with (
        ClientSession() as http,
        http.post(f"{tg.base_url}/bot{tg.token}/sendMessage", json={"chat_id": 31, "text": "x"}) as response,
    ):
        assert response.status == 429
        assert await response.json() == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        }
    clock.now = 1 / 30  # refused calls used up nothing: the next slot is where it was
    await bot.send_message(31, "now")
    assert tg.delivered(31) == ["now"]


async def test_a_second_message_to_one_chat_within_a_second_is_refused(
    limited: tuple[FakeTelegram, Bot], clock: VirtualTime
) -> None:
    tg, bot = limited
    first = await bot.send_message(1, "một")
    clock.now += 0.5
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(1, "hai")
    assert refused.value.retry_after == 1
    with pytest.raises(TelegramRetryAfter):
        await bot.edit_message_text("sửa", chat_id=1, message_id=first.message_id)
    await bot.send_message(2, "another chat is not held up")

    clock.now = 1.0
    await bot.send_message(1, "hai")
    assert tg.delivered(1) == ["một", "hai"]
    assert tg.messages(1)[0].text == "một", "the refused edit changed nothing"
    assert tg.rejections == {"sendMessage": 1, "editMessageText": 1}


async def test_answering_buttons_and_polling_are_not_limited(
    limited: tuple[FakeTelegram, Bot], clock: VirtualTime
) -> None:
    tg, bot = limited
    for chat in range(1, 31):
        await bot.send_message(chat, "hi")
    await tg.user(1).press_data("x", message_id=1)
    [update] = await bot.get_updates()
    assert update.callback_query is not None
    assert await bot.answer_callback_query(update.callback_query.id, text="ok")
    assert not tg.rejections


async def test_per_chat_bursts_and_retry_after_in_whole_seconds(clock: VirtualTime) -> None:
    async with FakeTelegram(per_chat_rate=0.2, per_chat_burst=3, rate_clock=clock) as tg:
        tg.user(1)
        bot = make_bot(tg)
        for n in range(3):
            await bot.send_message(1, f"burst {n}")
        clock.now = 0.5
        with pytest.raises(TelegramRetryAfter) as refused:
            await bot.send_message(1, "fourth")
        await bot.session.close()
    assert refused.value.retry_after == 5, "4.5 s to wait, rounded up"
    assert tg.delivered(1) == ["burst 0", "burst 1", "burst 2"]


def test_flood_control_on_its_own() -> None:
    flood = FloodControl(overall_rate=2, per_chat_rate=math.inf)
    assert [flood.admit(chat, 0.0) for chat in "abc"] == [None, None, 1]  # a burst of one second's worth
    assert flood.admit("c", 0.4) == 1 and flood.admit("c", 0.5) is None
    assert flood.admit(None, 1.0) is None, "an inline message counts toward the overall limit"
    with pytest.raises(ValueError):
        FloodControl(overall_rate=0)


async def test_stats_and_chats_endpoints(clock: VirtualTime) -> None:
    async with FakeTelegram(overall_rate=1, rate_clock=clock) as tg, ClientSession() as http:
        async with http.post(f"{tg.base_url}/_chats", json={"ids": [5, 6]}) as response:
            assert await response.json() == {"ok": True, "result": 2}
        bot = make_bot(tg)
        clock.now = 10.0
        await bot.send_message(5, "a")
        clock.now = 10.5
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(6, "b")
        clock.now = 11.0
        await bot.send_message(6, "b")
        await bot.session.close()

        async with http.get(f"{tg.base_url}/_stats?texts=1") as response:
            stats = await response.json()
        async with http.post(f"{tg.base_url}/_chats", json={"ids": "x"}) as response:
            assert response.status == 400

    assert stats["limits"] == {
        "overall_rate": 1.0,
        "overall_burst": 1,
        "per_chat_rate": 1.0,
        "per_chat_burst": 1,
    }
    assert stats["delivered"] == {"5": 1, "6": 1} and stats["delivered_total"] == 2
    assert stats["texts"] == {"5": ["a"], "6": ["b"]}
    assert (stats["first_delivery_at"], stats["last_delivery_at"]) == (10.0, 11.0)
    assert stats["first_limited_call_at"] == 10.0
    assert stats["rejected"] == {"sendMessage": 1} and stats["rejected_at"] == [10.5]
    assert stats["calls"] == 3, "control endpoints are not bot calls"


async def test_the_fake_in_a_process_of_its_own() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.fake_telegram",
        "--overall-rate",
        "5",
        "--per-chat-burst",
        "2",
        cwd=Path(__file__).resolve().parents[1],
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        base_url, token = (await asyncio.wait_for(process.stdout.readline(), 10)).decode().split()
        async with ClientSession() as http:
            await http.post(f"{base_url}/_chats", json={"ids": [7]})
            async with http.post(f"{base_url}/bot{token}/sendMessage", json={"chat_id": 7, "text": "x"}) as r:
                assert r.status == 200
            async with http.get(f"{base_url}/_stats") as response:
                stats = await response.json()
        assert stats["delivered"] == {"7": 1}
        assert stats["limits"]["overall_rate"] == 5.0 and stats["limits"]["per_chat_burst"] == 2
    finally:
        process.terminate()
        assert await asyncio.wait_for(process.wait(), 10) == 0, "SIGTERM stops it cleanly"


async def test_a_user_played_over_http() -> None:
    async with FakeTelegram() as tg, ClientSession() as http:
        bot = make_bot(tg)
        users = f"{tg.base_url}/_users/42"

        async with http.post(f"{users}/send", json={"text": "/start"}) as response:
            pushed = (await response.json())["result"]
        (update,) = await bot.get_updates()
        assert update.update_id == pushed["update_id"] and update.message and update.message.text == "/start"
        await bot.get_updates(offset=update.update_id + 1, timeout=0)  # confirms it
        await bot.send_message(42, "Chọn đi", reply_markup=CHOICES)
        await bot.send_message(42, "Xong")
        reply = f"{users}/reply?after={pushed['update_id']}&contains=Xong"
        async with http.get(reply) as response:
            answer = (await response.json())["result"]
        assert answer["calls"] == 2 and answer["sends"] == 2 and answer["text"] == "Xong"
        assert pushed["pushed_at"] <= answer["first_reply_at"] == tg.calls_to("sendMessage")[0].at

        async with http.post(f"{users}/press", json={"label": "không"}) as response:
            pressed = (await response.json())["result"]
        (update,) = await bot.get_updates(offset=pushed["update_id"] + 1, timeout=0)
        assert update.callback_query and update.callback_query.data == "no"
        async with http.get(f"{users}/reply?after={pressed['update_id']}&timeout=0.05") as response:
            assert response.status == 504, "taken but not yet answered"
        await bot.get_updates(offset=update.update_id + 1, timeout=0)
        await bot.answer_callback_query(update.callback_query.id)
        await bot.edit_message_text("Không", chat_id=42, message_id=update.callback_query.message.message_id)
        async with http.get(f"{users}/reply?after={pressed['update_id']}") as response:
            answer = (await response.json())["result"]
        assert answer["calls"] == 2 and answer["sends"] == 0 and answer["text"] == "Không"

        async with http.post(f"{users}/press", json={"label": "Có"}) as response:
            assert response.status == 400, "the edit took the keyboard off"
        async with http.post(f"{users}/send", json={}) as response:
            assert response.status == 400
        await bot.session.close()
