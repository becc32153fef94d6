"""Linking across real transports: a code asked for on Telegram (the fake Bot API server, over real HTTP)
links the terminal, and a code asked for on the terminal links Telegram; either way the person sees one
history."""

from __future__ import annotations

from bot.channels.collecting import CollectingChannel
from bot.channels.telegram.commands import set_default_commands
from bot.messages import BUTTONS
from tests import test_telegram as telegram
from tests.support.clocks import MovableClock
from tests.support.fake_telegram import FakeUser
from tests.support.people import Person as Scripted
from tests.test_flows import join as join_here
from tests.test_linking import LINK_CODE, LINKED, code_of, give
from tests.test_telegram import Harness, join, text_of

# The Telegram tests' fixtures: the fake Bot API server, the app on it, and the poller.
tg, harness, polling = telegram.tg, telegram.harness, telegram.polling


async def telegram_answer(h: Harness, user: FakeUser, update: int) -> str:
    """What the bot sent on Telegram for `update`. The Telegram sender sends only Telegram's rows: the notice
    a link writes to the terminal waits for the terminal (Harness.deliver would wait for it)."""
    await h.stored(update)
    await h.sender.drain()
    return text_of(await user.wait_for_reply(update, settle=0))


def on_console(h: Harness, user: str) -> Scripted:
    clock = h.app.engine.clock
    assert isinstance(clock, MovableClock)
    return Scripted(CollectingChannel(h.app.engine, BUTTONS, name="console"), user, clock)


async def test_a_code_asked_for_on_telegram_links_the_terminal_and_the_history_is_one(
    polling: Harness,
) -> None:
    h = polling
    hoa = h.tg.user(601, "Hoa")
    await join(h, hoa, h.invites.member)
    found = LINK_CODE.search(await h.ask(hoa, "/lienket"))
    assert found and "Nơi nhận lời nhắc" in hoa.last.labels

    console = on_console(h, "hoa")
    screen = await console.say(found.group())  # the terminal's first message
    assert LINKED in screen and "Máy tính (dòng lệnh)" in screen and "Võ Thị Hoa" in screen
    await h.deliver()
    assert "Một tài khoản Máy tính (dòng lệnh) vừa được liên kết" in hoa.last.text  # told on Telegram

    assert "CT-2026-000001" in await give(console, "300k")
    screen = await h.ask(hoa, "/tiendo")
    assert "CT-2026-000001" in screen and "300.000\xa0₫" in screen


async def test_a_code_asked_for_on_the_terminal_links_telegram_as_its_first_message(polling: Harness) -> None:
    h = polling
    an = on_console(h, "an")
    await join_here(an, h.invites.member, "Phạm Văn An")
    assert "CT-2026-000001" in await give(an, "200k")
    code = await code_of(an)

    an_tg = h.tg.user(602, "An")
    screen = await telegram_answer(h, an_tg, await an_tg.send(code))
    assert LINKED in screen and "Telegram" in screen and "Phạm Văn An" in screen
    assert "Ghi nhận đóng góp" in an_tg.last.labels  # his main menu, with buttons
    screen = await telegram_answer(h, an_tg, await an_tg.press("Tiến độ của tôi"))
    assert "CT-2026-000001" in screen and "200.000\xa0₫" in screen
    assert "Một tài khoản Telegram vừa được liên kết" in await an.say("/menu")


async def test_telegram_lists_lienket_among_the_commands(polling: Harness) -> None:
    await set_default_commands(polling.bot, "vi")
    vi = polling.tg.commands_for({"type": "default"}, None)
    assert {"command": "lienket", "description": "Liên kết Zalo/Telegram"} in vi
