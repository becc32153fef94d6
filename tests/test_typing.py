"""A household member and a hamlet officer on Zalo, typing as people type on a cheap phone: numbers wrapped
in words ("số 1", "1)"), Telex keys left in the text ("ddang kys"), "dc" and a thumbs-up for yes, "quay lại"
where the question offers no way back, amounts said in words ("năm trăm nghìn", "1 triệu 200 nghìn"), a phone
number or a receipt's photo where the amount is asked. Each is understood as the person meant it, or answered
kindly with an example; what was not meant is never chosen or recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import Contribution, Evidence
from bot.demo import DemoInvites
from bot.messages import TEXT_ONLY, Photo
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Chat
from tests.support.reached import Reached
from tests.test_flows import count, give_money, join

REGISTER = "Anh/chị chọn các nội dung đăng ký năm 2026"
WHICH_DRIVE = "Anh/chị đóng góp cho đợt vận động nào?"
HOME = "Anh/chị cần làm gì?"
RECEIPT = Photo(sha256="b" * 64, path="bb/" + "b" * 64 + ".jpg", size=1000)


@pytest.fixture
def hoa_joined(reached_on_the_demo, demo_seeded) -> Reached:  # type: ignore[no-untyped-def]
    """Hoa joined on a text-only chat with a clock of its own, at the main menu, reached once per test process
    (decision 0216)."""
    return reached_on_the_demo(
        "hoa", TEXT_ONLY, lambda chat: join(chat, demo_seeded[1].member), own_clock=True
    )


@pytest.fixture
def database_file(hoa_joined: Reached) -> Path:
    """The test's SQLite file is a copy of this one (tests/conftest.py's `db_path`)."""
    return hoa_joined.path


@pytest.fixture
async def hoa(app: App, invites: DemoInvites, hoa_joined: Reached, database_file: Path) -> Chat:
    """A member on a text-only chat (as on Zalo), joined, at the main menu: her chat and database as they
    were when she got there."""
    chat = Chat(CollectingChannel(app.engine, TEXT_ONLY), "hoa", MovableClock(NOW))
    hoa_joined.restore(chat)
    return chat


async def _amounts(app: App) -> list[int]:
    async with app.sessionmaker() as session:
        return list(await session.scalars(select(Contribution.amount_vnd).order_by(Contribution.id)))


# --- joining ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("said", ["mã mời của tôi là {code} ạ", "Ma moi: {low}"])
async def test_the_invite_code_inside_a_sentence_joins(app: App, invites: DemoInvites, said: str) -> None:
    lan = Chat(CollectingChannel(app.engine, TEXT_ONLY), "lan", MovableClock(NOW))
    code = invites.member
    screen = await lan.say(said.format(code=code, low=f"{code[:4].lower()} {code[4:].lower()}"))
    assert "Anh/chị tham gia: Phòng Đào tạo" in screen and "Không tìm thấy mã mời" not in screen


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("le van tam", "Le Van Tam"), ("LÒ THỊ XUÂN", "Lò Thị Xuân"), ("H'Hen Niê", "H'Hen Niê")],
)
async def test_a_name_typed_all_small_or_all_capitals_is_kept_as_papers_write_it(
    app: App, invites: DemoInvites, typed: str, stored: str
) -> None:
    """Typed in small letters on a cheap phone, or in capitals as on a form: the achievement report, the
    ledger and every list print the name with its capitals; a name with capitals of its own is kept."""
    from bot.db.models import Person

    lan = Chat(CollectingChannel(app.engine, TEXT_ONLY), "lan", MovableClock(NOW))
    await join(lan, invites.member, typed)
    async with app.sessionmaker() as session:
        names = set(await session.scalars(select(Person.full_name)))
    assert stored in names and (typed == stored or typed not in names)


async def test_a_message_of_many_code_shaped_words_is_not_as_many_guesses_at_the_codes(
    app: App, invites: DemoInvites
) -> None:
    """A sentence is looked through for a code, but a message of forty 8-letter words is not forty guesses for
    the price of one: the real code at its end does not join."""
    lan = Chat(CollectingChannel(app.engine, TEXT_ONLY), "lan", MovableClock(NOW))
    guesses = " ".join(f"ZZZZZZ{n:02d}" for n in range(40))
    screen = await lan.say(f"ma {guesses} {invites.member}")
    assert "Anh/chị tham gia: Phòng Đào tạo" not in screen


async def test_a_sentence_without_a_code_after_the_welcome_is_told_the_code_was_not_found(
    app: App, invites: DemoInvites
) -> None:
    lan = Chat(CollectingChannel(app.engine, TEXT_ONLY), "lan", MovableClock(NOW))
    await lan.say("chào bạn")
    assert "Không tìm thấy mã mời này" in await lan.say("mã của em là ABCDEFGH")


# --- the number of an option, as people wrap it ----------------------------------------------------------


@pytest.mark.parametrize("typed", ["1)", "(1)", "số 1", "so 1", "chọn 1", "Chon so 1 a", "1 nhé", "01"])
async def test_a_number_wrapped_in_words_chooses_its_option(hoa: Chat, typed: str) -> None:
    assert REGISTER in await hoa.say(typed)


async def test_two_numbers_where_one_is_chosen_are_asked_again_never_the_first(hoa: Chat) -> None:
    screen = await hoa.say("1 3")
    assert "Anh/chị vui lòng chọn một mục thôi" in screen and "ví dụ: 1" in screen
    assert REGISTER not in screen and "Tiến độ năm 2026" not in screen
    assert REGISTER in await hoa.say("1")  # the same menu still answers


async def test_an_options_line_typed_back_whole_chooses_it_and_a_mismatched_one_asks_again(hoa: Chat) -> None:
    assert REGISTER in await hoa.say("1. Đăng ký thi đua")
    await hoa.say("/menu")
    screen = await hoa.say("3. Đăng ký thi đua")  # the number says progress, the words say register
    assert "Anh/chị vui lòng chọn một mục dưới đây" in screen
    assert REGISTER not in screen and "Tiến độ năm 2026" not in screen


async def test_several_numbers_joined_by_va_tick_several_criteria(hoa: Chat) -> None:
    await hoa.say("đăng ký")
    screen = await hoa.say("1 và 2")
    assert "✅ Ủng hộ Quỹ" in screen and "✅ Ngày công" in screen and "▫️ Số hộ nghèo" in screen


async def test_a_number_the_menu_does_not_have_is_said_with_one_it_has(hoa: Chat) -> None:
    await give_money(hoa)
    await hoa.say("quay lại")  # the Fund's kind of gift asked again, 1 to 3 (decision 1878)
    screen = await hoa.say("5")
    assert "Danh sách này không có số 5." in screen and "1. Tiền" in screen


# --- Telex keys left in the text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("ddang kys", REGISTER),
        ("DDANG KYS THI DDUA", REGISTER),
        ("ghi nhaanj ddongs gops", WHICH_DRIVE),
        ("tieens ddooj", "Tiến độ năm 2026"),
    ],
)
async def test_telex_keys_left_in_the_text_are_read_as_the_words(hoa: Chat, typed: str, shown: str) -> None:
    assert shown in await hoa.say(typed)


async def test_telex_keys_choose_an_option_of_the_menu_on_screen(hoa: Chat) -> None:
    await hoa.say("ghi nhan dong gop")
    await hoa.say("3")
    assert "Anh/chị ủng hộ bao nhiêu tiền?" in await hoa.say("tieenf")


# --- yes and no ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["dc", "đc", "được", "chính xác", "oki", "👍", "👍🏻", "co nhe", "ok ạ"])
async def test_yes_as_people_type_it_on_zalo_records_the_gift(app: App, hoa: Chat, typed: str) -> None:
    await give_money(hoa)
    await hoa.say("300k")
    await hoa.choose("Bỏ qua")
    assert "CT-2026-000001" in await hoa.say(typed)
    assert await _amounts(app) == [300_000]


@pytest.mark.parametrize("typed", ["thôi", "ko dc", "sai rồi", "hok", "👎"])
async def test_no_as_people_type_it_on_zalo_records_nothing(app: App, hoa: Chat, typed: str) -> None:
    await give_money(hoa)
    await hoa.say("300k")
    await hoa.choose("Bỏ qua")
    assert "Đã hủy. Chưa có khoản nào được ghi nhận." in await hoa.say(typed)
    assert await _amounts(app) == []


# --- back and cancel in the middle of a step -------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Hủy.", "huỷ bỏ", "thoát ra", "/thoat", "stop", "never mind", "Quit"])
async def test_cancel_typed_where_the_amount_is_asked_goes_home_and_records_nothing(
    app: App, hoa: Chat, typed: str
) -> None:
    await give_money(hoa)
    screen = await hoa.say(typed)
    assert "Đã hủy. Bước đang làm dở không được lưu." in screen and HOME in screen
    assert "Chưa đọc được số tiền" not in screen
    assert await count(app, Contribution) == 0


@pytest.mark.parametrize("typed", ["quay lại", "Quay lai.", "trở về"])
async def test_back_typed_where_the_amount_is_asked_goes_to_the_kind_as_its_button_does(
    app: App, hoa: Chat, typed: str
) -> None:
    """The amount's question has “Quay lại” as the days' and the goods' have: typed, it goes one question
    back, as pressed, nothing cancelled nor recorded (decision 1878; it went home, “Đã hủy”, before)."""
    await give_money(hoa)
    screen = await hoa.say(typed)
    assert "hình thức nào" in screen and "Đã hủy" not in screen and "Chưa đọc được số tiền" not in screen
    assert await count(app, Contribution) == 0


async def test_back_typed_where_the_question_offers_back_still_goes_back_one_step(hoa: Chat) -> None:
    await hoa.say("ghi nhan dong gop")
    await hoa.say("3")
    screen = await hoa.say("quay lai")
    assert WHICH_DRIVE in screen and "Đã hủy" not in screen


async def test_back_typed_at_the_main_menu_shows_it_without_a_word_of_cancelling(hoa: Chat) -> None:
    screen = await hoa.say("quay lại")
    assert HOME in screen and "Đã hủy" not in screen and "vui lòng chọn" not in screen


@pytest.mark.parametrize("name_answer", ["an danh", "Ẩn danh"])
async def test_after_a_gift_its_options_name_and_cancel_at_the_menu_say_what_they_do(
    app: App, hoa: Chat, name_answer: str
) -> None:
    await give_money(hoa)
    await hoa.say("200k")
    await hoa.say("bo qua")
    await hoa.say("co")
    # The name's question follows the menu, whose entry “Tên tôi trên bảng công khai” also answers to “ẩn
    # danh”: the option of that name is the answer, not that entry's screen asking again.
    screen = await hoa.say(name_answer)
    assert "Đã lưu: bảng công khai ghi anh/chị là “Nhà hảo tâm”" in screen and HOME in screen
    # `huy` at the menu, the gift just saved: nothing is undone, and nothing says so.
    screen = await hoa.say("huy")
    assert "Đã hủy" not in screen and HOME in screen
    assert "Không có bước nào đang làm dở để hủy; những gì đã lưu vẫn giữ nguyên." in screen
    assert await _amounts(app) == [200_000]


# --- amounts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("nam tram k", 500_000),
        ("năm trăm nghìn", 500_000),
        ("1 triệu 200 nghìn", 1_200_000),
        ("1tr 200k", 1_200_000),
        ("hai triệu rưỡi", 2_500_000),
        ("500k.", 500_000),
        ("200k ạ", 200_000),
    ],
)
async def test_amounts_said_as_people_say_them_are_recorded_exactly(
    app: App, hoa: Chat, typed: str, amount: int
) -> None:
    await give_money(hoa)
    await hoa.say(typed)
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")
    assert await _amounts(app) == [amount]


async def test_a_phone_number_where_the_amount_is_asked_is_refused_kindly(app: App, hoa: Chat) -> None:
    await give_money(hoa)
    screen = await hoa.say("0912345678")
    assert "Đây có vẻ là số điện thoại" in screen and "ví dụ: 500k" in screen
    assert "912.345.678" not in screen
    await hoa.say("500k")
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")
    assert await _amounts(app) == [500_000]


async def test_an_amount_below_a_thousand_dong_offers_the_thousands(app: App, hoa: Chat) -> None:
    await give_money(hoa)
    screen = await hoa.say("500")
    assert "Số đó chỉ là 500\xa0₫" in screen and "500.000\xa0₫" in screen and "gõ 500k" in screen
    assert "kiểm tra lại" not in screen
    assert await count(app, Contribution) == 0


async def test_a_receipts_photo_sent_where_the_amount_is_asked_is_kept_and_the_amount_asked_again(
    app: App, hoa: Chat
) -> None:
    await give_money(hoa)
    hoa.clock.advance(seconds=1)
    hoa.last = await hoa.channel.receive("hoa", photo=RECEIPT, at=hoa.clock())
    screen = hoa.screen
    assert "ảnh này sẽ được lưu làm minh chứng" in screen and "Anh/chị ủng hộ bao nhiêu tiền?" in screen
    assert "Chưa đọc được số tiền" not in screen
    screen = await hoa.say("500 nghin")  # the evidence came already: straight to the last look
    assert "• Minh chứng: 1 ảnh" in screen and "500.000\xa0₫" in screen
    await hoa.say("dc")
    async with app.sessionmaker() as session:
        gift = await session.scalar(select(Contribution))
        kept = list(await session.scalars(select(Evidence.sha256)))
    assert gift is not None and gift.amount_vnd == 500_000 and kept == [RECEIPT.sha256]


@pytest.mark.parametrize("typed", ["dừng", "dung", "dừng lại", "dung roi"])
async def test_stop_typed_at_the_last_look_is_never_read_as_right(app: App, hoa: Chat, typed: str) -> None:
    """“đúng” (right) and “dừng” (stop) are one word without accents: neither confirms a gift."""
    await give_money(hoa)
    await hoa.say("300k")
    await hoa.choose("Bỏ qua")
    assert "CT-2026-000001" not in await hoa.say(typed)
    assert await _amounts(app) == []
