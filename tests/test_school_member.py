"""A member of the demo school in early December, on a text-only chat as on Zalo, typing without accents, in
capitals, with slips and emoji: joining with the code the union's office gave out while the staff list puts
her in another unit, giving, going back and typing another entry's words in the middle of a question."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.demo import DemoInvites
from bot.messages import TEXT_ONLY
from tests.support.clocks import MovableClock
from tests.support.people import Person as Chat

DECEMBER = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # Thursday 3 December, 09:00 in Vietnam


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(DECEMBER)


async def _lan_joins(app: App, invites: DemoInvites, clock: MovableClock) -> tuple[Chat, str]:
    """Nguyễn Thị Lan, a teacher the staff list has in Khoa Công nghệ, joins with the member code the union
    handed out, which is Phòng Đào tạo's."""
    lan = Chat(CollectingChannel(app.engine, TEXT_ONLY), "lan", clock)
    await lan.say(invites.member)
    await lan.say("nguyen thi lan")
    await lan.say("5674")
    await lan.say("dong y")
    return lan, await lan.say("1")


async def test_joining_with_another_units_code_says_the_staff_list_decides_and_whom_to_ask(
    app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    _lan, screen = await _lan_joins(app, invites, clock)

    assert "Anh/chị đã tham gia Khoa Công nghệ." in screen
    assert "theo danh sách nhân sự (mã mời anh/chị dùng là của Phòng Đào tạo – Hành chính" in screen
    assert "báo văn phòng (quản trị viên) để sửa danh sách nhân sự" in screen


async def test_joining_as_someone_not_listed_units_code_says_nothing_of_the_staff_list(
    app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    hoa = Chat(CollectingChannel(app.engine, TEXT_ONLY), "hoa", clock)
    await hoa.say(invites.member)
    await hoa.say("Võ Thị Hoa")
    await hoa.choose("Tham gia với tên này")  # a name on no list: a member of the code's unit
    await hoa.say("dong y")

    screen = await hoa.say("1")

    assert "Anh/chị đã tham gia Phòng Đào tạo" in screen and "danh sách nhân sự" not in screen


@pytest.mark.parametrize(
    ("typed", "opens"),
    [("TIEN DO", "Tiến độ năm 2026 của anh/chị"), ("DANG KY", "Anh/chị chọn các nội dung đăng ký năm 2026")],
)
@pytest.mark.parametrize("kind", ["Tiền", "Ngày công"])
async def test_another_entrys_words_where_the_amount_is_asked_open_that_entry(
    app: App, invites: DemoInvites, clock: MovableClock, typed: str, opens: str, kind: str
) -> None:
    lan, _ = await _lan_joins(app, invites, clock)
    await lan.say("dong gop")
    await lan.choose("ngoài các đợt vận động")
    await lan.choose(kind)  # the amount, or the number of labour days

    screen = await lan.say(typed)  # she changed her mind half-way through the gift

    assert "Chưa đọc được" not in screen and opens in screen


@pytest.mark.parametrize("typed", ["200k", "tien mat", "TIEN 💵"])
async def test_money_offered_to_a_drive_that_takes_only_goods_is_told_where_money_goes(
    app: App, invites: DemoInvites, clock: MovableClock, typed: str
) -> None:
    lan, _ = await _lan_joins(app, invites, clock)
    await lan.say("dong gop")
    await lan.choose("Áo ấm mùa đông")  # warm clothes for boarding pupils: goods only

    screen = await lan.say(typed)  # asked the goods straight away: the drive takes nothing else (1776)

    assert "vui lòng chọn một mục" not in screen and "trị giá" not in screen  # never goods called “tien mat”
    assert "không phải hiện vật, và đợt vận động này không nhận tiền" in screen
    assert "gõ /huy rồi chọn đợt khác hoặc Quỹ “Vì người nghèo” (ngoài các đợt vận động)" in screen
    screen = await lan.say("/huy")
    assert "đóng góp cho đợt vận động nào?" not in screen and "Đã ghi nhận" not in screen


@pytest.mark.parametrize("typed", ["bao cao", "BAO CAO 📊", "bao cao cua toi"])
async def test_a_member_asking_for_a_report_gets_her_own_progress(
    app: App, invites: DemoInvites, clock: MovableClock, typed: str
) -> None:
    lan, _ = await _lan_joins(app, invites, clock)

    screen = await lan.say(typed)  # the unit's reports are the officers'; hers is what she pledged and gave

    assert "vui lòng chọn một mục" not in screen and "Tiến độ năm 2026 của anh/chị" in screen


@pytest.mark.parametrize(
    "typed", ["minh da ung ho bao nhieu", "Tôi góp được bao nhiêu rồi ạ? 😅", "how much have I given"]
)
async def test_a_member_asking_how_much_she_gave_gets_her_own_progress_not_a_new_gift(
    app: App, invites: DemoInvites, clock: MovableClock, typed: str
) -> None:
    lan, _ = await _lan_joins(app, invites, clock)

    screen = await lan.say(typed)  # a question about her own gifts, whose words hold “ủng hộ”, no figure

    assert "đóng góp cho đợt vận động nào" not in screen and "Tiến độ năm 2026 của anh/chị" in screen


@pytest.mark.parametrize("typed", ["cảm ơn ạ 🙏", "CAM ON", "ok, cam on", "Thanks!"])
async def test_thanks_typed_at_the_menu_gets_a_kind_word_and_the_menu(
    app: App, invites: DemoInvites, clock: MovableClock, typed: str
) -> None:
    lan, _ = await _lan_joins(app, invites, clock)

    screen = await lan.say(typed)

    assert "vui lòng chọn một mục" not in screen
    # a kind word, and the menu again: nothing started
    assert "Dạ, không có gì ạ!" in screen and "Anh/chị cần làm gì" in screen


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("alo", "Xin chào anh/chị Nguyễn Thị Lan!"),
        ("chao ban", "Xin chào anh/chị Nguyễn Thị Lan!"),
        ("Xin chào ạ 👋", "Xin chào anh/chị Nguyễn Thị Lan!"),
        ("ok", "Xin chào anh/chị Nguyễn Thị Lan!"),
        ("hi", "Xin chào anh/chị Nguyễn Thị Lan!"),
        ("Hello!", "Xin chào anh/chị Nguyễn Thị Lan!"),
        ("giup do", "help"),
        ("giúp đỡ", "help"),
        ("can giup", "help"),
    ],
)
async def test_a_greeting_at_the_menu_is_greeted_back_and_asking_for_help_shows_help(
    app: App, invites: DemoInvites, clock: MovableClock, typed: str, answer: str
) -> None:
    lan, _ = await _lan_joins(app, invites, clock)
    help_screen = await lan.say("tro giup")

    screen = await lan.say(typed)

    if answer == "help":  # the help itself, as “tro giup” shows it
        assert screen == help_screen
    else:  # greeted back by the menu itself, once: nothing started
        assert "vui lòng chọn" not in screen and screen.startswith(answer)
        assert "Đăng ký thi đua" in screen
