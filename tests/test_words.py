"""Everyday words as people type them, met where a person meets them: yes and no in chat language ("dạ",
"ko"), the i/y spellings ("đăng kí"), money said aloud ("1 triệu rưỡi"), a command with its value on the same
line ("/tracuu CT-2026-000001"), the language chosen before joining, and a figure typed where a figure is
asked beside numbered options."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import CommitmentItem, Contribution, Person
from bot.text import match_key
from handlers.common import NO_WORDS, YES_WORDS
from tests.support.profiles import examples_on_one_profile, on_buttons, on_text_only
from tests.test_flows import count, give_money, join


async def _to_confirmation(person) -> str:  # type: ignore[no-untyped-def]
    await give_money(person)
    await person.say("300k")
    return await person.choose("Bỏ qua")


@examples_on_one_profile("typed", ["dạ", "da", "vâng", "vang", "ừ", "uh", "ok", "đồng ý", "Có", "Dạ vâng"])
async def test_yes_as_people_type_it_confirms(app, hoa, typed: str) -> None:
    await _to_confirmation(hoa)
    screen = await hoa.say(typed)
    assert "CT-2026-000001" in screen
    assert await count(app, Contribution) == 1


@examples_on_one_profile("typed", ["ko", "k", "hong", "hông", "khong", "Không", "KO"])
async def test_no_as_people_type_it_cancels(app, hoa, typed: str) -> None:
    await _to_confirmation(hoa)
    screen = await hoa.say(typed)
    assert "Đã hủy. Chưa có khoản nào được ghi nhận." in screen
    assert await count(app, Contribution) == 0


def test_no_word_means_both_yes_and_no() -> None:
    assert not {match_key(w) for w in YES_WORDS} & {match_key(w) for w in NO_WORDS}


@on_text_only
async def test_the_data_notice_is_agreed_to_with_da(app, invites, make_person) -> None:
    hoa = make_person("hoa")
    await hoa.say("/start")
    await hoa.say(invites.member)
    await hoa.say("Võ Thị Hoa")
    await hoa.choose("Tham gia với tên này")  # a name on no list
    await hoa.say("dạ")
    screen = await hoa.choose("Tiếng Việt")
    assert "Chào mừng" in screen and "Võ Thị Hoa" in screen


@examples_on_one_profile("typed", ["đăng kí", "dang ki", "Đăng kí thi đua", "dang ky"])
async def test_register_is_recognised_with_i_or_y(app, hoa, typed: str) -> None:
    screen = await hoa.say(typed)
    assert "Anh/chị chọn các nội dung đăng ký năm 2026" in screen


@on_text_only
async def test_register_typed_with_i_starts_from_any_step(app, hoa) -> None:
    await hoa.say("/tiendo")  # no menu waiting for an answer: the keyword starts its flow
    screen = await hoa.say("đăng kí thi đua")
    assert "Anh/chị chọn các nội dung đăng ký năm 2026" in screen


def test_i_and_y_are_one_only_at_a_syllables_end_after_a_consonant() -> None:
    assert match_key("Đăng ký") == match_key("dang ki")
    assert match_key("Quỹ") == match_key("qui")
    assert match_key("tay") != match_key("tai")  # a hand is not an ear
    assert match_key("hủy") != match_key("hui")
    assert match_key("y") == "y"  # "y" for yes stays


@examples_on_one_profile(
    ("typed", "shown"),
    [
        ("1 triệu rưỡi", "1.500.000\xa0₫"),
        ("1 trieu ruoi", "1.500.000\xa0₫"),
        ("1tr rưỡi", "1.500.000\xa0₫"),
        ("1.200.000d", "1.200.000\xa0₫"),
        ("1.200.000đ", "1.200.000\xa0₫"),
        ("1.200.000 đồng", "1.200.000\xa0₫"),
        ("1,200,000 VND", "1.200.000\xa0₫"),
    ],
)
async def test_amounts_as_people_say_them_are_recorded_exactly(app, hoa, typed: str, shown: str) -> None:
    await give_money(hoa)
    await hoa.say(typed)
    screen = await hoa.choose("Bỏ qua")
    assert shown in screen
    await hoa.choose("Có")
    async with app.sessionmaker() as session:
        amounts = list(await session.scalars(select(Contribution.amount_vnd)))
    assert amounts == [int(shown.removesuffix("\xa0₫").replace(".", ""))]


@examples_on_one_profile("typed", ["1 rưỡi", "1tr2 rưỡi", "1,5 triệu rưỡi"])
async def test_a_half_of_nothing_clear_is_refused_with_an_example(app, hoa, typed: str) -> None:
    await give_money(hoa)
    screen = await hoa.say(typed)
    assert "ví dụ" in screen and "1tr2" in screen
    assert await count(app, Contribution) == 0


async def _a_gift_waiting(app, invites, make_person):  # type: ignore[no-untyped-def]
    hoa, mai = make_person("hoa"), make_person("mai")
    await join(hoa, invites.member)
    await give_money(hoa)
    await hoa.say("1tr2")
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")
    await join(mai, invites.treasurer, "Trần Thị Mai")
    return hoa, mai


async def test_lookup_with_the_code_on_the_same_line_shows_the_contribution(
    app, invites, make_person
) -> None:
    _hoa, mai = await _a_gift_waiting(app, invites, make_person)
    screen = await mai.say("/tracuu CT-2026-000001")
    assert "Võ Thị Hoa" in screen and "1.200.000\xa0₫" in screen and "chờ thủ quỹ xác nhận" in screen
    assert "Anh/chị nhập mã tham chiếu" not in screen
    screen = await mai.choose("Xác nhận")
    assert "CT-2026-000001: đã xác nhận" in screen


@on_buttons
async def test_lookup_of_an_unknown_code_on_the_same_line_says_so_and_asks_again(
    app, invites, make_person
) -> None:
    _hoa, mai = await _a_gift_waiting(app, invites, make_person)
    screen = await mai.say("/tracuu CT-2026-999999")
    assert "CT-2026-999999: không tìm thấy" in screen and "Anh/chị nhập mã tham chiếu" in screen
    screen = await mai.say("ct 2026 1")
    assert "Võ Thị Hoa" in screen


@on_text_only
async def test_a_code_not_found_after_tracuu_is_said_once_not_twice(app, invites, make_person) -> None:
    """Before: “CT-2026-000012: không tìm thấy …” twice in one message, looked up at the menu and again by
    the look-up's question (decision 1357's Left)."""
    _hoa, mai = await _a_gift_waiting(app, invites, make_person)
    for typed in ("/tracuu CT-2026-000012", "/tracuu ct-2026-12"):
        screen = await mai.say(typed)
        assert screen.count("CT-2026-000012: không tìm thấy") == 1, screen
        assert "Anh/chị nhập mã tham chiếu" in screen
    assert "Võ Thị Hoa" in await mai.say("ct 2026 1")  # the question still waits for a code


@on_buttons
async def test_lookup_chosen_in_the_menu_by_its_words_still_asks_for_the_code(
    app, invites, make_person
) -> None:
    _hoa, mai = await _a_gift_waiting(app, invites, make_person)
    screen = await mai.say("tra cứu")
    assert "Anh/chị nhập mã tham chiếu" in screen and "không tìm thấy" not in screen


@on_text_only
async def test_a_giver_looks_up_her_own_code_on_one_line(app, invites, make_person) -> None:
    hoa, _mai = await _a_gift_waiting(app, invites, make_person)
    screen = await hoa.say("/tracuu CT-2026-000001")
    assert "1.200.000\xa0₫" in screen and "chờ thủ quỹ xác nhận" in screen


@examples_on_one_profile("typed", ["/ngonngu en", "/language English", "/ngonngu tieng anh"])
async def test_the_language_named_after_the_command_is_set_at_once(app, hoa, typed: str) -> None:
    screen = await hoa.say(typed)
    assert "Done. From now on I will answer in English." in screen and "What would you like to do" in screen


async def test_language_chosen_before_joining_is_used_and_kept(app, invites, make_person) -> None:
    sam = make_person("sam")
    assert "Anh/chị muốn dùng ngôn ngữ nào?" in await sam.say("/ngonngu")
    screen = await sam.say("/language")  # asked in English: asked back in English (decision 0156)
    assert "Which language do you prefer?" in screen
    screen = await sam.choose("English")
    assert "Done. From now on I will answer in English." in screen
    assert "please type the invite code" in screen
    screen = await sam.say(invites.member)
    assert "You are joining" in screen
    await sam.say("Sam Nguyen")
    await sam.choose("Join with this name")  # a name on no list
    screen = await sam.choose("I agree")
    assert "Which language" not in screen  # chosen already: not asked again
    assert "You are now a member" in screen and "What would you like to do, Sam Nguyen?" in screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(Person.locale).where(Person.full_name == "Sam Nguyen")) == "en"
    screen = await sam.say("/tiendo")
    assert "Tiến độ" not in screen  # still English after joining


@on_buttons
async def test_language_switched_midway_through_joining_keeps_the_invite(app, invites, make_person) -> None:
    sam = make_person("sam")
    await sam.say("/start")
    await sam.say(invites.member)
    screen = await sam.say("/language en")
    assert "Done. From now on I will answer in English." in screen
    assert "You are joining" in screen  # the name is asked again, in English: the code is not asked again
    await sam.say("Sam Nguyen")
    await sam.choose("Join with this name")  # a name on no list
    screen = await sam.choose("I agree")
    assert "What would you like to do, Sam Nguyen?" in screen


@on_buttons
async def test_english_typed_where_the_invite_code_is_asked_switches_the_language(
    app, invites, make_person
) -> None:
    sam = make_person("sam")
    await sam.say("xin chào")
    screen = await sam.say("English")
    assert "Done. From now on I will answer in English." in screen and "type the invite code" in screen
    screen = await sam.say("Tiếng Việt")
    assert "Xong. Từ giờ Chung Tay sẽ trả lời anh/chị bằng tiếng Việt." in screen


async def _amending_two_labour_days(invites, make_person):  # type: ignore[no-untyped-def]
    """Hoa registered 2 labour days and is back at the figure, amending it: the screen showing "Giữ 2"."""
    hoa = make_person("hoa")
    await join(hoa, invites.member)
    await hoa.choose("Đăng ký thi đua")
    await hoa.choose("Ngày công")
    await hoa.choose("Xong")
    await hoa.say("2")
    await hoa.choose("Có")
    await hoa.choose("Đăng ký thi đua")
    await hoa.choose("Sửa đăng ký")
    return hoa, await hoa.choose("Xong")


async def test_a_figure_typed_beside_keep_is_the_figure(app, invites, make_person) -> None:
    hoa, screen = await _amending_two_labour_days(invites, make_person)
    assert "Giữ 2 ngày công" in screen
    assert "1. Giữ" not in screen  # no number to confuse with a figure
    if not hoa.channel.caps.buttons:  # a text chat lists the options to be typed by name, and says so
        assert "• Giữ 2 ngày công" in screen and "Số anh/chị gõ là câu trả lời" in screen
    screen = await hoa.say("1")
    assert "• Ngày công giúp hộ nghèo, gia đình khó khăn: 1 ngày công" in screen
    await hoa.choose("Có")
    async with app.sessionmaker() as session:
        assert list(await session.scalars(select(CommitmentItem.target))) == [1]


async def test_keep_is_still_chosen_by_its_name(app, invites, make_person) -> None:
    hoa, _screen = await _amending_two_labour_days(invites, make_person)
    screen = await hoa.say("giữ")
    assert ": 2 ngày công" in screen and "lưu đăng ký này" in screen


async def test_the_language_menu_before_joining_holds_nobody(app, invites, make_person) -> None:
    sam, lan = make_person("sam"), make_person("lan")
    await sam.say("/language")
    screen = await sam.say(invites.member)  # the invite code typed instead of a language: joining goes on
    assert "Anh/chị vui lòng chọn một mục" not in screen and "Chào mừng" not in screen
    assert "Phòng Đào tạo" in screen  # the unit the code belongs to; the name is asked next
    await lan.say("/ngonngu")
    screen = await lan.choose("Quay lại")  # back: the language stays, the invite code is asked
    assert "mã mời" in screen
