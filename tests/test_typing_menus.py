"""The main menu as a commune household and a staff member type at it on a phone (decision 0125): a command's
word without its slash (“saoke”), a word with a slip of the thumb (“dnag ky”, “ghi nhan dong gp”), what they
want said in their words (“tat nhac nho”, “tra cuu ma”), a language's own name typed in the other language;
leaving a last look says that nothing was saved; the question after a first gift keeps the menu's numbers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.conversation.recognise import near
from bot.db.models import Contribution, Person
from bot.demo import DemoInvites
from bot.messages import TEXT_ONLY, Photo
from tests import test_typing
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Chat
from tests.test_flows import count, give_money, join
from tests.test_households import HOUSEHOLD, household_invite

# Hoa on a text-only chat at the main menu, reached once per test process (decision 0216)
hoa, hoa_joined, database_file = test_typing.hoa, test_typing.hoa_joined, test_typing.database_file

NOT_UNDERSTOOD = "Anh/chị vui lòng chọn một mục dưới đây"
NOT_SAVED = "Chưa lưu: anh/chị đã chuyển sang mục khác trước khi xác nhận"
RECEIPT = Photo(sha256="c" * 64, path="cc/" + "c" * 64 + ".jpg", size=1000)


@pytest.fixture
async def ba(app: App, invites: DemoInvites) -> Chat:
    """A commune household on a text-only chat, joined, at the main menu."""
    chat = Chat(CollectingChannel(app.engine, TEXT_ONLY), "ba", MovableClock(NOW))
    await join(chat, await household_invite(app), HOUSEHOLD)
    return chat


# --- 1. the main menu as it is typed ------------------------------------------------------------------------


async def test_a_commands_word_typed_without_its_slash_runs_the_command(hoa: Chat) -> None:
    """The help prints “/saoke”; typed “saoke” it opens the public statement, as the command does."""
    screen = await hoa.say("saoke")
    assert NOT_UNDERSTOOD not in screen
    assert screen == await hoa.say("/saoke")


@pytest.mark.parametrize(
    ("typed", "lands"),
    [
        ("dnag ky", "Anh/chị chọn các nội dung đăng ký năm 2026"),  # two letters swapped
        ("ghi nhan dong gp", "Anh/chị đóng góp cho đợt vận động nào?"),  # a letter left out
        ("tienn do", "Tiến độ"),  # a letter too many
    ],
)
async def test_a_slip_of_the_thumb_in_an_options_name_still_picks_it(
    hoa: Chat, typed: str, lands: str
) -> None:
    screen = await hoa.say(typed)
    assert NOT_UNDERSTOOD not in screen and lands in screen


async def test_a_slip_never_picks_an_option_that_acts_at_once_nor_reads_a_number(hoa: Chat, app: App) -> None:
    """“khong nhanh” is one letter from “Không nhận lời kêu gọi”, which turns appeals off with no last look:
    it is asked again, and nothing changes; a short word or a number is never read through a slip."""
    screen = await hoa.say("khong nhanh")
    assert NOT_UNDERSTOOD in screen and "Đã xong" not in screen
    async with app.sessionmaker() as session:
        assert (
            await session.scalar(select(Person.appeals_off).where(Person.full_name == "Võ Thị Hoa")) is False
        )
    choices = [{"id": "a", "label": "Tổ 12"}, {"id": "b", "label": "Ok"}]
    assert near("To 13", choices) == [] and near("ko", choices) == []


@pytest.mark.parametrize("typed", ["không", "khong a", "Không", "keu goi", "loi keu goi"])
async def test_no_or_a_word_at_the_menu_never_turns_appeals_off(hoa: Chat, app: App, typed: str) -> None:
    """A finding from outside: “không” (answering a notice) or “kêu gọi” typed at the main menu took the
    member off every appeal at once, cancelling those queued for them. Only the entry's number or its whole
    name does."""
    screen = await hoa.say(typed)
    assert "sẽ không nhận lời kêu gọi nữa" not in screen
    async with app.sessionmaker() as session:
        off = await session.scalar(select(Person.appeals_off).where(Person.full_name == "Võ Thị Hoa"))
    assert off is False
    assert "sẽ không nhận lời kêu gọi nữa" in await hoa.say("Không nhận lời kêu gọi")  # as written, it does


async def test_a_word_that_starts_a_yes_is_no_yes(app: App, hoa: Chat) -> None:
    """A finding from outside: “van” (a name, “vẫn”) at a last look was read as “vâng” and recorded a gift."""
    await give_money(hoa)
    await hoa.say("50k")
    await hoa.say("bỏ qua")
    screen = await hoa.say("van")
    assert "Đã ghi nhận" not in screen and await count(app, Contribution) == 0
    assert "Đã ghi nhận" in await hoa.say("vâng")  # the word itself is a yes
    assert await count(app, Contribution) == 1


async def test_a_slip_that_fits_two_options_picks_neither() -> None:
    choices = [
        {"id": "a", "label": "Khoa Nội"},
        {"id": "b", "label": "Khoa Ngoại"},
        {"id": "c", "label": "Dược"},
    ]
    assert near("khoa noai", choices) == []  # one letter from “noi” and from “ngoai”: not a guess
    assert near("duocc", choices) == ["c"]


async def test_looking_up_a_code_in_words_asks_for_the_code(hoa: Chat) -> None:
    screen = await hoa.say("tra cuu ma")
    assert NOT_UNDERSTOOD not in screen and "Anh/chị nhập mã tham chiếu" in screen


@pytest.mark.parametrize("typed", ["tat nhac nho", "tắt nhắc nhở", "bat nhac nho"])
async def test_turning_reminders_off_in_words_shows_their_screen_to_turn_them_off(
    app: App, hoa: Chat, typed: str
) -> None:
    """“tắt nhắc nhở” opens the reminders' screen (how they are now, and the one button): nothing is turned
    off before “Tắt” is chosen there."""
    screen = await hoa.say(typed)
    assert NOT_UNDERSTOOD not in screen and "đang bật" in screen
    assert [choice.label for choice in hoa.menu.choices] == ["Tắt", "Giữ nguyên"]
    screen = await hoa.choose("Tắt")
    assert "Đã tắt các lời nhắc không bắt buộc" in screen


# --- 2. a language's own name -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["tieng viet", "Tiếng Việt", "vietnamese"])
async def test_the_languages_own_name_typed_at_an_english_menu_switches_back(hoa: Chat, typed: str) -> None:
    await hoa.say("/ngonngu")
    await hoa.choose("English")
    screen = await hoa.say("/donggop")  # in the middle of a step, in English
    assert "Which drive" in screen
    screen = await hoa.say(typed)
    assert "Xong. Từ giờ Chung Tay sẽ trả lời anh/chị bằng tiếng Việt." in screen
    # The same step, asked again in Vietnamese (decision 0141), not the main menu.
    assert "Anh/chị đóng góp cho đợt vận động nào?" in screen and "Which drive" not in screen
    assert "Anh/chị cần làm gì?" not in screen


async def test_english_typed_anywhere_switches_to_english(hoa: Chat) -> None:
    screen = await hoa.say("English")
    assert "From now on I will answer in English" in screen
    assert "What would you like to do" in screen
    await hoa.say("/donggop")
    screen = await hoa.say("tiếng việt")  # from inside a step, back again
    assert "Xong. Từ giờ Chung Tay sẽ trả lời anh/chị bằng tiếng Việt." in screen


# --- 3. leaving a last look -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["/menu", "menu", "/tiendo", "tiendo"])  # “đóng góp”: decision 0203
async def test_leaving_a_gifts_last_look_says_nothing_was_saved(app: App, hoa: Chat, typed: str) -> None:
    await give_money(hoa)
    hoa.clock.advance(seconds=1)
    hoa.last = await hoa.channel.receive("hoa", photo=RECEIPT, at=hoa.clock())
    screen = await hoa.say("500k")
    assert "• Minh chứng: 1 ảnh" in screen  # the last look, the photo already sent
    screen = await hoa.say(typed)
    assert NOT_SAVED in screen
    assert await count(app, Contribution) == 0


async def test_leaving_a_step_that_only_shows_something_says_nothing_of_saving(hoa: Chat) -> None:
    await hoa.say("/saoke")
    screen = await hoa.say("/menu")
    assert NOT_SAVED not in screen and "Đã hủy" not in screen


# --- 4. the question after a first gift -------------------------------------------------------------------


async def _first_gift(person: Chat) -> str:
    await give_money(person)
    await person.say("50k")
    await person.choose("Bỏ qua")
    return await person.choose("Có")


async def test_after_a_first_gift_a_habitual_number_means_what_it_always_meant(app: App, ba: Chat) -> None:
    """The household types “2” from habit for “Ghi nhận đóng góp”: it records a gift, as at the main menu,
    and the public-name question is not answered by it."""
    home = [choice.label for choice in ba.menu.choices]
    screen = await _first_gift(ba)
    assert "Anh/chị có muốn bảng công khai ghi tên hộ và Thôn 3 không?" in screen and "hai mục cuối" in screen
    labels = [choice.label for choice in ba.menu.choices]
    assert labels[: len(home)] == home and labels[-2:] == ["Hiện tên hộ", "Ẩn danh"]
    screen = await ba.say("2")
    assert "Anh/chị đóng góp cho đợt vận động nào?" in screen and "Đã lưu" not in screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(Person.public_name).where(Person.kind == "household")) is None


async def test_a_household_choosing_anonymous_is_told_of_the_household_and_how_to_change_it(ba: Chat) -> None:
    await _first_gift(ba)
    screen = await ba.say("không")
    assert "Đã lưu: bảng công khai ghi hộ là “Nhà hảo tâm”." in screen
    assert "anh/chị là" not in screen and "/congkhai" in screen
    screen = await ba.say("/congkhai")
    assert "Hiện tại: hộ được ghi là “Nhà hảo tâm”." in screen


async def test_a_name_typed_at_the_menu_is_not_taken_for_the_entry_whose_word_holds_it(hoa: Chat) -> None:
    """“Lan”, a colleague's name typed at the main menu, opened “Ngôn ngữ / Language”: a piece of a word
    was taken for the entry. Whole words of an entry's name still open it (“dong gop”)."""
    screen = await hoa.say("Lan")

    assert "Anh/chị muốn dùng ngôn ngữ nào?" not in screen and NOT_UNDERSTOOD in screen
    assert "đợt vận động nào" in await hoa.say("dong gop")
