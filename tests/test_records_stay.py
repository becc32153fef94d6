"""Messages that carry a result stay readable (found by an outside end-to-end run), on a channel with buttons
that edits a pressed menu into its answer: receipts, decisions, saved registrations and the data notice are
never edited away; a stale press edits nothing; a menu answered by typing loses its buttons."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.messages import BUTTONS
from tests.support.clocks import MovableClock
from tests.support.people import Person as Scripted
from tests.test_flows import give_money, join


@pytest.fixture
def hoa(app: App, clock: MovableClock) -> Scripted:
    return Scripted(CollectingChannel(app.engine, BUTTONS), "hoa", clock)


def chat_shows(person: Scripted) -> str:
    transport = person.channel.transport
    return "\n---\n".join(transport.show(m) for m in transport.messages(person.chat_id))


async def test_the_next_press_never_turns_the_receipt_into_the_next_screen(hoa: Scripted, invites) -> None:
    await join(hoa, invites.member)
    await give_money(hoa)
    await hoa.say("300k")
    await hoa.choose("Bỏ qua")
    assert "CT-2026-000001" in await hoa.choose("Có")
    await hoa.choose("Tiến độ")
    await hoa.choose("Ghi nhận đóng góp")
    assert "Mã tham chiếu: CT-2026-000001" in chat_shows(hoa)
    assert hoa.channel.transport.records_edited_away() == []


async def test_a_double_tap_on_yes_leaves_the_receipt_on_screen(hoa: Scripted, invites, clock) -> None:
    await join(hoa, invites.member)
    await give_money(hoa)
    await hoa.say("300k")
    await hoa.choose("Bỏ qua")
    confirm = hoa.menu
    yes = hoa.channel.payload(confirm, "yes")
    await hoa.channel.receive("hoa", choice=yes, at=clock())
    await hoa.channel.receive("hoa", choice=yes, at=clock())  # the second tap of a double tap
    assert "Mã tham chiếu: CT-2026-000001" in chat_shows(hoa)
    assert hoa.channel.transport.records_edited_away() == []


async def test_a_stale_press_edits_nothing(hoa: Scripted, invites, clock) -> None:
    await join(hoa, invites.member)
    await hoa.choose("Ghi nhận đóng góp")
    old_menu = hoa.menu
    await hoa.choose("ngoài các đợt vận động")
    before = [(m.id, m.message.text) for m in hoa.channel.transport.messages("hoa")]
    screen = await hoa.channel.receive("hoa", choice=hoa.channel.payload(old_menu, "general"), at=clock())
    assert "tin nhắn cũ" in screen[0].text
    after = [(m.id, m.message.text) for m in hoa.channel.transport.messages("hoa")][: len(before)]
    assert after == before  # nothing that was on screen changed; the answer came as a new message


async def test_a_menu_answered_by_typing_loses_its_buttons(hoa: Scripted, invites) -> None:
    await join(hoa, invites.member)
    await hoa.choose("Ghi nhận đóng góp")
    drives = hoa.channel.transport.messages("hoa")[-1]
    assert hoa.channel.transport.labels(drives)  # pressable
    await hoa.say("quỹ")
    assert hoa.channel.transport.labels(drives) == []
    assert "[" not in hoa.channel.transport.show(drives)


async def test_the_data_notice_agreed_to_stays_readable(hoa: Scripted, invites) -> None:
    await join(hoa, invites.member)
    notice = chat_shows(hoa)
    assert "Anh/chị có đồng ý không?" in notice
    # it promises what the public statement does with an unnamed giver's unit (decision 0177)
    assert "“Nhà hảo tâm” và chỉ nêu đơn vị khi đơn vị có từ ba người cùng không nêu tên" in notice
    assert hoa.channel.transport.records_edited_away() == []


async def test_every_copy_of_a_menu_loses_its_buttons_once_the_menu_is_answered(
    hoa: Scripted, invites, clock
) -> None:
    await join(hoa, invites.member)
    await give_money(hoa)
    await hoa.say("300k")
    await hoa.choose("Bỏ qua")
    yes = hoa.channel.payload(hoa.menu, "yes")
    await hoa.channel.receive("hoa", choice=yes, at=clock())
    await hoa.channel.receive("hoa", choice=yes, at=clock())  # stale: the home menu is shown again
    transport = hoa.channel.transport
    assert len([m for m in transport.messages("hoa") if transport.labels(m)]) == 2  # nothing was edited
    await hoa.say("tiến độ")
    pressable = [m for m in transport.messages("hoa") if transport.labels(m)]
    assert pressable == [transport.messages("hoa")[-1]]  # only the newest message can be pressed
    assert "Mã tham chiếu: CT-2026-000001" in chat_shows(hoa)
