"""A household on Zalo, as an older person types: without accents, in short words, a greeting half-way
through a step, a figure “2 tram” said as people say it. Walked against the fake Zalo server, replies sent by
the sender through the Zalo transport (tests/support/zalo.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.db.models import Contribution, Drive, Evidence, Organisation, Person, Unit
from bot.demo import DEMO_ORG
from bot.domain.access import actor_for
from bot.domain.contributions import decide, move_to
from bot.domain.invites import create_invite
from bot.text import fold
from handlers.appeals import staff_words
from tests.support.clocks import NOW
from tests.support.counting import statements_like
from tests.support.ledger import ledger_entry
from tests.support.zalo import ZaloHarness, text_of
from tests.test_households import HAMLET, household_invite
from tests.test_zalo import (  # noqa: F401 (the Zalo app and its chat)
    app,
    appeal_sent,
    harness,
    joined,
    officer_joined,
    polling,
)

# The amount's question on Zalo, its way back under it as the days' and the goods' (decision 1878), and no
# line on how to choose it (decision 1943).
AMOUNT_ASKED = "Anh/chị ủng hộ bao nhiêu tiền? Ví dụ: 200000, 500k hoặc 1tr2.\n\n• Quay lại"


async def test_the_amounts_question_on_zalo_is_the_question_and_its_way_back_alone(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Decision 1943: on Zalo the amount's question read two lines more than on Telegram: “• Quay lại” and
    “Số anh/chị gõ là câu trả lời; muốn chọn một mục ở trên, anh/chị gõ tên mục đó.”, a line on choosing by
    name under the one option, whose name is the word anyone types. Zalo has no button, so the way back
    stays; the line goes. A number typed is still the amount, and “quay lai” typed still goes back."""
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Văn Ba")
    await h.ask(ba, "ung ho")
    await h.choose(ba, "ngoài các đợt vận động")

    screen = await h.choose(ba, "Tiền")

    assert screen == AMOUNT_ASKED, screen
    assert "hình thức nào" in await h.ask(ba, "quay lai")
    await h.choose(ba, "Tiền")
    screen = await h.ask(ba, "1")  # read as an amount, not the option
    assert screen.startswith("Anh/chị muốn ghi 100.000\xa0₫ hay 1.000.000\xa0₫?"), screen


async def test_a_greeting_half_way_through_a_gift_is_greeted_back_and_the_question_asked_again(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Văn Ba")
    await h.ask(ba, "ung ho")
    # “I've transferred it already” at the drive's question: how to record it, the question kept (2843)
    screen = await h.ask(ba, "da chuyen khoan roi")
    assert screen.startswith(
        "Dạ, anh/chị đã chuyển thì chọn đợt vận động bên dưới và gõ số tiền đã chuyển"
    )
    assert "vui lòng chọn" not in screen and "đợt vận động nào?" in screen

    screen = await h.ask(ba, "alo")  # at the drive's question

    assert "vui lòng chọn một mục" not in screen and screen.startswith("Xin chào anh/chị!")
    assert "gõ “hủy” để dừng" in screen and "đợt vận động nào?" in screen
    # Thanks as an older person says them, to the bot as to a grandchild (decision 2797): thanked back
    screen = await h.ask(ba, "cam on nhe")
    assert "vui lòng chọn một mục" not in screen and screen.startswith("Dạ, không có gì ạ!")
    await h.choose(ba, "ngoài các đợt vận động")
    # … and at the kind's question: how to record it there, the question kept (decision 2859)
    screen = await h.ask(ba, "da chuyen roi")
    assert screen.startswith("Dạ, anh/chị đã chuyển thì gõ số tiền đã chuyển để ghi nhận, ví dụ: 200k.")
    assert "vui lòng chọn" not in screen and "hình thức nào" in screen
    await h.choose(ba, "Tiền")

    screen = await h.ask(ba, "chao ban")  # at the amount's question

    assert "Chưa đọc được số tiền" not in screen and screen.startswith("Xin chào anh/chị!")
    assert screen.endswith(AMOUNT_ASKED)
    screen = await h.ask(ba, "cảm ơn cháu nhiều nhé")  # where the amount is asked: no amount, asked again
    assert "Chưa đọc được số tiền" not in screen and screen.startswith("Dạ, không có gì ạ!")
    assert "gõ “hủy” để dừng" in screen and screen.endswith(AMOUNT_ASKED)
    await h.ask(ba, "200k")
    screen = await h.ask(ba, "hello")  # at the note's question: no note “hello”, the question as it was
    assert screen.startswith("Xin chào anh/chị!") and "ví dụ: 1." not in screen and "1. Bỏ qua" in screen
    screen = await h.choose(ba, "Bỏ qua")
    assert "hello" not in screen and "Trả lời CÓ để xác nhận" in screen
    assert "Đã ghi nhận 200.000\xa0₫." in await h.ask(ba, "co")
    assert await h.count(Contribution) == 1
    # To see again what he gave, in his words (decision 2796): at the question after his gift, at the menu.
    for typed in ("xem lai", "xem lai dong gop"):
        screen = await h.ask(ba, typed)
        assert "vui lòng chọn" not in screen and "CT-2026-000001 · 22/11/2026 · 200.000\xa0₫" in screen
    # … and at a next gift's note, “xem lai” alone is that, never the note “xem lai” (decision 2840)
    await h.ask(ba, "ung ho 100k")
    await h.choose(ba, "ngoài các đợt vận động")
    screen = await h.ask(ba, "xem lai")
    assert screen.startswith("Chưa lưu: anh/chị đã chuyển sang mục khác trước khi xác nhận"), screen
    assert "CT-2026-000001 · 22/11/2026 · 200.000\xa0₫" in screen and "Trả lời CÓ" not in screen
    assert await h.count(Contribution) == 1
    # “cho quỹ” with the Fund's one drive running (its days made longer): that drive, said on the last look,
    # never asked (decision 2861)
    async with h.app.sessionmaker() as session, session.begin():
        (await session.scalars(select(Drive).where(Drive.fund))).one().ends_on = date(2026, 11, 30)
    screen = await h.ask(ba, "ung ho 100k cho quy")
    assert "đợt vận động nào?" not in screen, screen
    screen = await h.choose(ba, "Bỏ qua")
    assert "• Đợt vận động: Tháng cao điểm “Vì người nghèo” 2026" in screen
    assert "Anh/chị ghi “cho quỹ”: khoản này vào đợt vận động Quỹ “Vì người nghèo” đang nhận" in screen
    screen = await h.choose(ba, "ngoài các đợt vận động")  # her choice kept: the Fund outside the drives
    assert "• Đợt vận động: Quỹ “Vì người nghèo” (ngoài các đợt vận động)" in screen, screen
    # “quý này”, this quarter, typed with its marks, is no “quỹ”: the drive is asked (decision 2889)
    await h.ask(ba, "huy")
    screen = await h.ask(ba, "ủng hộ quý này 100k")
    assert "đợt vận động nào?" in screen and "Anh/chị ghi “cho quỹ”" not in screen, screen


async def test_two_hundred_said_with_its_figure_is_asked_in_thousands_and_a_lone_tu_is_no_four(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Văn Ba")

    screen = await h.ask(ba, "dong gop 2 tram")

    # What “2 trăm” means is asked, as for “hai trăm”: never a gift of goods named “2 tram”.
    assert "Số đó chỉ là 200\xa0₫. Nếu anh/chị muốn ghi 200.000\xa0₫, anh/chị gõ 200k." in screen
    assert "2 tram" not in screen and "đợt vận động nào" not in screen

    screen = await h.ask(ba, "ung ho tu")  # “tu” without its mark: a slip, not 4

    assert "400.000" not in screen and "đợt vận động nào?" in screen
    await h.ask(ba, "huy")
    screen = await h.ask(ba, "ủng hộ tư")  # the Southern “tư”, written so, is still 4
    assert "Anh/chị muốn ghi 400.000\xa0₫ hay 4.000.000\xa0₫?" in screen
    # “2 chuc” (twenty) where the amount is asked: asked in thousands, never goods named “2 chuc” (0546)
    await h.ask(ba, "ghi nhan dong gop")
    await h.choose(ba, "ngoài các đợt vận động")
    await h.choose(ba, "Tiền")
    screen = await h.ask(ba, "2 chuc")
    assert "hiện vật" not in screen and "Anh/chị muốn ghi 20.000\xa0₫ hay 20.000.000\xa0₫?" in screen
    screen = await h.ask(ba, "nua trieu")  # half a million, as it is said
    assert "Chưa đọc được" not in screen and "minh chứng" in screen
    assert await h.count(Contribution) == 0


async def test_rice_typed_alone_at_the_menu_is_asked_about_and_recorded_as_goods(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Văn Ba")

    screen = await h.ask(ba, "gao 10kg")  # no giving word: what a household says of the rice it brings

    assert "vui lòng chọn một mục" not in screen and "Anh/chị muốn ghi nhận đóng góp 10 kg gạo?" in screen
    await h.ask(ba, "co")
    # put right at the drive's question as she said it first, the goods before their weight
    assert "Đã đổi: 5 kg gạo thay cho 10 kg gạo." in await h.ask(ba, "gao 5kg")
    assert "trị giá khoảng bao nhiêu?" in await h.choose(ba, "ngoài các đợt vận động")  # goods, not money
    # Words where the worth is asked: told its way out, never a money example of millions (decision 2276)
    screen = await h.ask(ba, "gao nha trong")
    assert (
        screen
        == "Chưa đọc được trị giá. Anh/chị gõ số tiền, ví dụ: 300k; nếu chưa rõ, anh/chị chọn “Bỏ qua”."
    )
    screen = await h.ask(ba, "co")  # yes, she will say it: told what is asked, never “Chưa đọc được” (2841)
    assert screen.startswith("Dạ, anh/chị gõ trị giá khoảng bao nhiêu tiền, ví dụ: 200k, hoặc gõ “không rõ”.")
    await h.ask(ba, "bo qua")
    assert "• Hiện vật: 5 kg gạo" in await h.ask(ba, "bo qua")  # one form, as “5 kg gạo” typed
    assert "Đã ghi nhận" in await h.ask(ba, "co")
    # “huy” at the question after it, the rice saved: never “Đã hủy”, read as the gift undone (decision 2798)
    screen = await h.ask(ba, "huy")
    assert "Đã hủy" not in screen and "Không có bước nào đang làm dở để hủy" in screen
    async with h.app.sessionmaker() as session:
        gift = (await session.scalars(select(Contribution))).one()
    assert (gift.kind, gift.amount_vnd, gift.description) == ("goods", 0, "5 kg gạo")


async def test_a_receipt_sent_without_words_before_the_gift_reaches_its_last_look(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Văn Ba")
    await h.ask(ba, "ung ho")
    receipt = b"\xff\xd8\xff receipt"

    screen = await h.exchange(ba, ba.send_photo(receipt))  # at the drive's question, the receipt first

    assert "vui lòng chọn một mục" not in screen and "ảnh này sẽ được lưu làm minh chứng" in screen
    assert "đợt vận động nào?" in screen
    await h.choose(ba, "ngoài các đợt vận động")
    await h.choose(ba, "Tiền")
    screen = await h.ask(ba, "200k")
    assert "Minh chứng: 1 ảnh" in screen and "Trả lời CÓ để xác nhận" in screen  # no photo asked again
    assert "Đã ghi nhận 200.000\xa0₫." in await h.ask(ba, "co")
    assert await h.count(Evidence) == 1
    # “cancel the one just now”, right after it: its withdrawal asked, as from its code (decision 2860)
    screen = await h.ask(ba, "huy khoan vua roi")  # its “Có” is “Rút lại khoản này”'s (test_changed_mind)
    assert screen.startswith("Rút lại CT-2026-000001 (200.000\xa0₫)? Thủ quỹ sẽ không phải xác nhận"), screen
    assert "Đã rút lại CT-2026-000001." in await h.ask(ba, "co")
    # said again, in capitals: its screen, withdrawn, never its withdrawal asked again (decision 2882)
    screen = await h.ask(ba, "HỦY KHOẢN VỪA RỒI")
    assert not screen.startswith("Rút lại") and "đã rút lại" in screen, screen


async def test_a_receipt_sent_with_its_amount_as_caption_where_the_drive_is_asked_is_one_gift_with_it(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Zalo delivers a picture's words as its caption: “chuyen khoan 200k” under the transfer's screenshot
    was answered “please choose”, the amount unread and the receipt lost (decision 0285)."""
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Văn Ba")
    await h.ask(ba, "ung ho")

    screen = await h.exchange(ba, ba.send_photo(b"\xff\xd8\xff receipt", caption="ung ho 200k"))

    assert "vui lòng chọn một mục" not in screen and "ảnh này sẽ được lưu làm minh chứng" in screen
    assert "Anh/chị muốn ủng hộ 200.000\xa0₫." in screen and "đợt vận động nào?" in screen
    screen = await h.choose(ba, "ngoài các đợt vận động")
    assert "Minh chứng: 1 ảnh" in screen and "Trả lời CÓ để xác nhận" in screen
    assert "Đã ghi nhận 200.000\xa0₫." in await h.ask(ba, "co")
    assert await h.count(Evidence) == 1


async def test_a_household_joined_by_its_hamlets_code_reads_what_its_pledge_to_escape_poverty_still_needs(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """A household on an old phone, typing without accents, pledged to escape poverty: its progress read
    “• Tự nguyện đăng ký thoát nghèo: có” and under it a bare “chưa ghi”, which said neither what was not
    recorded nor how to record it once done."""
    h = polling
    tam = h.zalo.user("Tam")
    assert "nhập tên hộ" in await h.ask(tam, await household_invite(h.app))
    assert "Tôi đồng ý" in await h.ask(tam, "ha thi tam")  # a hamlet with no list yet
    await h.choose(tam, "Tôi đồng ý")
    await h.choose(tam, "Tiếng Việt")
    assert "✅ Tự nguyện đăng ký thoát nghèo" in await h.ask(tam, "dang ky thoat ngheo")
    await h.ask(tam, "xong")
    assert "Đã lưu đăng ký của hộ." in await h.ask(tam, "co")

    screen = await h.ask(tam, "tien do")

    assert "• Tự nguyện đăng ký thoát nghèo: có\n  chưa ghi kết quả (khi làm được, gõ /ketqua)\n" in screen


async def test_three_receipts_sent_one_after_another_go_with_the_gift_and_one_sent_later_goes_beside_them(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Zalo has no albums: three screenshots chosen together arrive as three messages seconds apart. The
    second and the third each replaced the one before, and the treasurer saw one transfer of three."""
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Thị Ba")
    await h.ask(ba, "ung ho 50 nghin")
    await h.choose(ba, "ngoài các đợt vận động")

    assert "Minh chứng: 1 ảnh" in await h.exchange(ba, ba.send_photo(b"\xff\xd8\xff one"))
    await h.exchange(ba, ba.send_photo(b"\xff\xd8\xff two", seconds_later=3))
    screen = await h.exchange(ba, ba.send_photo(b"\xff\xd8\xff three", seconds_later=4))

    assert "thay ảnh trước" not in screen and "được lưu cùng các ảnh gửi kèm" in screen
    assert "Minh chứng: 3 ảnh" in screen
    screen = await h.exchange(ba, ba.send_photo(b"\xff\xd8\xff four", seconds_later=300))  # minutes later
    assert "thay ảnh trước" not in screen and "Minh chứng: 4 ảnh" in screen  # beside them (1575)
    await h.exchange(ba, ba.send_photo(b"\xff\xd8\xff five", seconds_later=2))
    assert "Đã ghi nhận 50.000\xa0₫." in await h.ask(ba, "co")
    assert await h.count(Evidence) == 5


async def test_a_receipt_whose_send_time_comes_before_the_last_ones_still_goes_with_them(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """A slow upload: the second of two screenshots chosen together reached the bot first, so the first
    came with a send time a few seconds before the one kept. It replaced it, and one receipt was lost. Her
    whole gallery sent by a slip went with the gift photo by photo, as many as she sent."""
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Thị Ba")
    await h.ask(ba, "ung ho 50 nghin")
    await h.choose(ba, "ngoài các đợt vận động")

    await h.exchange(ba, ba.send_photo(b"\xff\xd8\xff two"))
    screen = await h.exchange(ba, ba.send_photo(b"\xff\xd8\xff one", seconds_later=-4))

    assert "thay ảnh trước" not in screen and "Minh chứng: 2 ảnh" in screen, screen
    # her whole gallery sent by a slip, one photo after another: a set holds ten, as an album does
    for n in range(9):
        screen = await h.exchange(ba, ba.send_photo(b"\xff\xd8\xff more %d" % n, seconds_later=2))
    assert "Minh chứng: 10 ảnh" in screen and "không được lưu thêm" in screen, screen
    assert "Đã ghi nhận 50.000\xa0₫." in await h.ask(ba, "co")
    assert await h.count(Evidence) == 10


async def test_words_under_a_later_receipt_of_a_set_are_not_read_again_as_an_answer(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Three screenshots sent together, each with words under it, as Telegram's album's are: the second's
    “300k” changed her gift to 300.000 ₫ at the drive's question, the third's was read as that question's
    answer. The first words to come stand; the photos all go with the gift (decision 0436)."""
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Thị Ba")

    screen = await h.exchange(ba, ba.send_photo(b"\xff\xd8\xff one", caption="ung ho 500k"))
    assert "Anh/chị muốn ủng hộ 500.000\xa0₫." in screen and "đợt vận động nào?" in screen
    screen = await h.exchange(ba, ba.send_photo(b"\xff\xd8\xff two", caption="300k", seconds_later=3))
    assert "Đã đổi" not in screen and "300.000" not in screen and "đợt vận động nào?" in screen
    three = ba.send_photo(b"\xff\xd8\xff three", caption="ung ho 500k", seconds_later=4)
    screen = await h.exchange(ba, three)
    assert "vui lòng chọn một mục" not in screen and "đợt vận động nào?" in screen, screen

    screen = await h.choose(ba, "ngoài các đợt vận động")
    assert "500.000\xa0₫" in screen and "Minh chứng: 3 ảnh" in screen, screen
    assert "Đã ghi nhận 500.000\xa0₫." in await h.ask(ba, "co")
    assert await h.count(Evidence) == 3


async def test_her_phone_typed_without_its_zero_where_the_amount_is_asked_is_no_gift_of_millions(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """“912345678”, a phone as the address book keeps it, typed where the amount is asked, went on to the
    photo's question as a gift of 912.345.678 ₫; “123456789” too. “thoi” (never mind) there was “Chưa đọc
    được số tiền”, as if she had typed an amount wrong."""
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Thị Ba")
    await h.ask(ba, "ung ho")
    await h.choose(ba, "ngoài các đợt vận động")
    await h.choose(ba, "Tiền")

    for typed in ("thoi", "khong"):  # “never mind”: how to stop, never “I could not read that amount”
        screen = await h.ask(ba, typed)
        assert "Chưa đọc được số tiền" not in screen and "gõ “hủy” để dừng" in screen, screen
        assert "ví dụ: 500k" in screen
    for typed in ("912345678", "123456789"):
        screen = await h.ask(ba, typed)
        assert "số điện thoại hoặc số tài khoản" in screen and "123.456.789" in screen, screen
        assert "912.345.678" not in screen and "Bỏ qua" not in screen

    assert "Bỏ qua" in await h.ask(ba, "nam muoi nghin")  # the amount as she says it, then the photo's step
    assert "• Tiền: 50.000\xa0₫" in await h.choose(ba, "Bỏ qua")


async def test_one_days_salary_typed_as_the_gift_is_asked_in_dong_never_kept_as_goods(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """A drive's suggested level is “01 ngày lương”, shown above the amount's question; a member answers it
    as written. At the menu and at the kind's question it was kept as goods named “1 ngay luong”, its value
    asked; at the amount's, “Chưa đọc được số tiền”. A day's salary is money whose figure only the giver
    knows: asked."""
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Văn Ba")
    screen = await h.ask(ba, "ung ho 1 ngay luong")  # at the menu: asked, no gift started as goods
    assert "Anh/chị muốn ủng hộ 1 ngay luong" not in screen and "đợt vận động nào" not in screen
    assert "“1 ngay luong” là bao nhiêu tiền, thưa anh/chị?" in screen
    await h.ask(ba, "ung ho")
    await h.ask(ba, "cao diem")  # a drive of money and goods

    screen = await h.ask(ba, "1 ngay luong")

    assert "Hiện vật" not in screen and "trị giá" not in screen
    assert "“1 ngay luong” là bao nhiêu tiền, thưa anh/chị?" in screen and "ví dụ: 350k" in screen
    screen = await h.ask(ba, "một ngày lương")  # at the amount's question, the same
    assert "Chưa đọc được số tiền" not in screen and "“một ngày lương” là bao nhiêu tiền" in screen
    await h.ask(ba, "350k")
    await h.choose(ba, "Bỏ qua")
    assert "Đã ghi nhận 350.000\xa0₫." in await h.ask(ba, "co")
    async with h.app.sessionmaker() as session:
        gift = (await session.scalars(select(Contribution))).one()
    assert (gift.kind, gift.amount_vnd, gift.description) == ("money", 350_000, None)


async def test_a_salary_typed_with_its_amount_is_that_amount_and_a_pension_is_money(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """“1 ngày lương 350k”: the member said how much his day's salary is; he was asked again how much it is,
    at the menu, the kind's and the amount's questions alike. “lương hưu 2tr”, a pensioner's gift at the
    amount's question, was kept as goods named so, its value asked."""
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Văn Ba")

    screen = await h.ask(ba, "ung ho 1 ngay luong 350k")  # at the menu

    assert "là bao nhiêu tiền" not in screen and "350.000\xa0₫" in screen and "đợt vận động nào" in screen
    await h.ask(ba, "huy")
    await h.ask(ba, "ung ho")
    await h.ask(ba, "cao diem")
    screen = await h.ask(ba, "350k (1 ngày lương)")  # at the kind's question
    assert "là bao nhiêu tiền" not in screen and "Bỏ qua" in screen  # on to the note
    await h.choose(ba, "Quay lại")
    screen = await h.ask(ba, "lương hưu 2tr")  # at the amount's question
    assert "hiện vật" not in screen and "Bỏ qua" in screen
    await h.choose(ba, "Bỏ qua")
    assert "Đã ghi nhận 2.000.000\xa0₫." in await h.ask(ba, "co")
    async with h.app.sessionmaker() as session:
        gift = (await session.scalars(select(Contribution))).one()
    assert (gift.kind, gift.amount_vnd, gift.description) == ("money", 2_000_000, None)


async def listed_household(
    h: ZaloHarness, name: str, phone: str | None, unit: tuple[str, str] = HAMLET
) -> None:
    """A household on the organisation's list, of `unit` (a hamlet; made when the list has none of it)."""
    async with h.app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).where(Organisation.code == DEMO_ORG))
        assert org is not None
        hamlet = await session.scalar(select(Unit).where(Unit.code == unit[0]))
        if hamlet is None:
            hamlet = Unit(org_id=org.id, code=unit[0], name=unit[1])
            session.add(hamlet)
            await session.flush()
        session.add(
            Person(
                org_id=org.id,
                unit_id=hamlet.id,
                full_name=name,
                name_key=fold(name),
                kind="household",
                listed=True,
                phone=phone,
                created_at=NOW,
            )
        )


async def test_a_one_sent_twice_at_the_consent_chooses_nothing_on_the_language_question_not_yet_seen(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Zalo has no buttons: “1” at the consent, and the same “1” sent again at once (a double tap, or the
    message delivered again) chose “Tiếng Việt” on the language question the family had not seen yet, and the
    main menu came. The second is asked about; typed again once the question is there, it is the choice."""
    h = polling
    tam = h.zalo.user("Tam")
    await h.ask(tam, await household_invite(h.app))
    assert "Tôi đồng ý" in await h.ask(tam, "ha thi tam")
    before = len(tam.messages())
    first, second = await tam.send("1"), await tam.send("1")
    await h.handled(first)
    await h.handled(second)
    await h.deliver()

    screen = text_of(tam.messages()[before:])

    assert "Anh/chị vừa gửi “1” hai lần" in screen and "“Tiếng Việt”" in screen
    assert "Chào mừng" not in screen and screen.count("1. Tiếng Việt") == 2
    assert "Chào mừng anh/chị!" in await h.ask(tam, "1")


async def test_a_one_received_before_the_language_question_went_out_chooses_nothing_whatever_zalo_stamped(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """The second “1” at the consent reached us while the language question still waited in the outbox, and
    was handled only once it had gone out (the bot restarted between the two). Zalo stamped it by a clock of
    its own two seconds ahead of ours: it read as typed after the question went out, and chose “Tiếng Việt”
    on a question never seen. What reached us before the question went out chooses nothing, whatever the
    stamp."""
    h = polling
    clock = h.app.engine.clock
    tam = h.zalo.user("Tam")
    await h.ask(tam, await household_invite(h.app))
    assert "Tôi đồng ý" in await h.ask(tam, "ha thi tam")
    before = len(tam.messages())
    await h.handled(await tam.send("1"))
    again = h.zalo._update(tam.id, tam.id, tam.name, "message.text.received", text="1")
    again["message"]["date"] = int((clock() + timedelta(seconds=2)).timestamp() * 1000)
    assert await h.adapter.store(again) is not None  # kept, not handled: the bot stops here
    clock.advance(seconds=1)
    await h.deliver()  # after the restart, the question goes out first
    assert await h.adapter.replay() == 1
    await h.handled(again["message"]["message_id"])
    await h.deliver()

    screen = text_of(tam.messages()[before:])

    assert "Anh/chị vừa gửi “1” hai lần" in screen and "Chào mừng" not in screen
    assert "Chào mừng anh/chị!" in await h.ask(tam, "1")


async def test_a_one_typed_again_where_the_language_question_never_reached_the_family_is_told_so(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """After “1” at the consent, Zalo refused the language question for good: the family saw nothing and
    typed “1” again. It was told “Anh/chị vừa gửi “1” hai lần: lần sau đến trước khi anh/chị nhận được câu hỏi
    dưới đây”, a double tap it never made, about a question that had not come. It is told that the question
    did not reach it, and the question is there; “1” typed then is the choice."""
    h = polling
    tam = h.zalo.user("Tam")
    await h.ask(tam, await household_invite(h.app))
    assert "Tôi đồng ý" in await h.ask(tam, "ha thi tam")
    h.zalo.fail_next("sendMessage", 400)  # the language question, refused for good
    assert await h.ask(tam, "1") == ""

    screen = await h.ask(tam, "1")

    assert "lần sau đến trước khi" not in screen and "Chào mừng" not in screen
    assert "chưa đến được anh/chị" in screen and screen.endswith("1. Tiếng Việt\n2. English")
    assert "Chào mừng anh/chị!" in await h.ask(tam, "1")


async def test_a_sticker_sent_at_a_question_is_answered_with_the_question_again(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """A sticker at the data notice while joining, and at the amount's question of a gift begun: the adapter
    answered “Xin lỗi, … Anh/chị vui lòng gõ nội dung bằng chữ (ví dụ số thứ tự của một mục, hoặc /menu).”
    and nothing more, the question scrolled away and /menu offered, which drops what was begun. The
    question comes again under the apology, and the chat is still at it."""
    h = polling
    tam = h.zalo.user("Tam")
    await h.ask(tam, await household_invite(h.app))
    assert "Tôi đồng ý" in await h.ask(tam, "ha thi tam")

    screen = await h.exchange(tam, tam.send_sticker())

    assert screen.startswith("Xin lỗi") and "/menu" not in screen
    assert screen.endswith("Anh/chị có đồng ý không?\n\n1. Tôi đồng ý\n2. Tôi không đồng ý\n3. Đọc đầy đủ")
    await h.choose(tam, "Tôi đồng ý")
    await h.choose(tam, "Tiếng Việt")
    await h.ask(tam, "ung ho")
    await h.choose(tam, "ngoài các đợt vận động")
    await h.choose(tam, "Tiền")

    screen = await h.exchange(tam, tam.send_sticker())

    assert screen.endswith(AMOUNT_ASKED)
    assert "ảnh giấy biên nhận" in await h.ask(tam, "200k")


async def test_a_sticker_at_a_question_is_answered_in_one_message_the_question_under_a_short_word(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """A sticker at the data notice drew two messages, the apology and then the question, one buzz after the
    other for a family that sent a picture of a smile. One message says both: the short word first, the
    question under it, its options as they were."""
    h = polling
    tam = h.zalo.user("Tam")
    await h.ask(tam, await household_invite(h.app))
    assert "Tôi đồng ý" in await h.ask(tam, "ha thi tam")
    before = len(tam.messages())

    await h.exchange(tam, tam.send_sticker())

    (one,) = [text_of([message]) for message in tam.messages()[before:]]
    assert one.startswith("Xin lỗi") and "/menu" not in one
    assert one.endswith("Anh/chị có đồng ý không?\n\n1. Tôi đồng ý\n2. Tôi không đồng ý\n3. Đọc đầy đủ")
    assert "Chào mừng" not in await h.choose(tam, "Tôi đồng ý")


async def test_a_one_typed_after_a_stickers_copy_of_the_question_that_never_came_is_its_choice(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Zalo refused the language question for good; the family, seeing nothing, sent a sticker, and the
    question came with the answer to it. The “1” typed under that copy was told “Anh/chị vừa gửi lại “1”:
    câu hỏi dưới đây lúc trước chưa đến được anh/chị”, about a question it had just read, and had to type 1
    a third time. It is the choice."""
    h = polling
    tam = h.zalo.user("Tam")
    await h.ask(tam, await household_invite(h.app))
    assert "Tôi đồng ý" in await h.ask(tam, "ha thi tam")
    h.zalo.fail_next("sendMessage", 400)  # the language question, refused for good
    assert await h.ask(tam, "1") == ""
    assert (await h.exchange(tam, tam.send_sticker())).endswith("1. Tiếng Việt\n2. English")

    screen = await h.ask(tam, "1")

    assert "chưa đến được anh/chị" not in screen and "Chào mừng anh/chị!" in screen


async def test_a_family_saying_in_a_sentence_that_the_list_has_no_phone_of_theirs_is_told_to_ask_for_a_code(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Thôn 3 lists “Hộ ông Trần Văn Ba” with a phone and without. Typed in a sentence without marks, “nha toi
    khong co so dien thoai trong danh sach” or “em khong co sdt”, the answer was read as no digits: “Anh/chị
    vui lòng nhập đúng 4 chữ số”, the question again."""
    h = polling
    for phone in (None, "0912000016"):
        await listed_household(h, "Hộ ông Trần Văn Ba", phone)
    code = await household_invite(h.app)
    for chat, said in (
        ("Son", "nha toi khong co so dien thoai trong danh sach"),
        ("Chau", "em khong co sdt"),
    ):
        family = h.zalo.user(chat)
        await h.ask(family, code)
        assert "4 số cuối" in await h.ask(family, "tran van ba")

        screen = await h.ask(family, said)

        assert "cấp mã liên kết" in screen and "4 chữ số" not in screen, said


async def test_no_phone_said_with_ko_or_the_other_way_round_is_the_choice_and_a_sentence_with_digits_is_not(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """“em ko co sdt”, as chats write “không”, and “so dien thoai khong co trong danh sach”, its words the
    other way round, were read as no digits (“Anh/chị vui lòng nhập đúng 4 chữ số”); “em khong co so 0016”,
    with digits, was taken for the choice and sent to ask the officer for a link code, where the digits go
    first: she is asked for the 4 digits alone."""
    h = polling
    for phone in (None, "0912000016"):
        await listed_household(h, "Hộ ông Trần Văn Ba", phone)
    code = await household_invite(h.app)
    for chat, said, link_code in (
        ("Son", "em ko co sdt", True),
        ("Chau", "so dien thoai khong co trong danh sach", True),
        ("Binh", "em khong co so 0016", False),
    ):
        family = h.zalo.user(chat)
        await h.ask(family, code)
        assert "4 số cuối" in await h.ask(family, "tran van ba")

        screen = await h.ask(family, said)

        assert ("cấp mã liên kết" in screen) is link_code, said
        assert ("nhập đúng 4 chữ số" in screen) is not link_code, said


async def test_the_households_whole_phone_said_in_a_sentence_is_its_try(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """At the digits' question, “so cua em la 0912 345 678 a”, the household's whole phone in a sentence as
    people write it, was read as no digits: “Anh/chị vui lòng nhập đúng 4 chữ số” and the question again,
    where the same number typed alone joined. It is the try; a wrong one is counted as any wrong digits."""
    h = polling
    await listed_household(h, "Hộ ông Trần Văn Ba", "0912345678")
    code = await household_invite(h.app)
    binh = h.zalo.user("Binh")
    await h.ask(binh, code)
    assert "4 số cuối" in await h.ask(binh, "tran van ba")

    screen = await h.ask(binh, "so cua em la 0912 345 670 a")

    assert "chưa khớp" in screen and "nhập đúng 4 chữ số" not in screen

    screen = await h.ask(binh, "so cua em la 0912 345 678 a")

    assert "Tôi đồng ý" in screen and "nhập đúng 4 chữ số" not in screen


async def test_a_whole_phone_that_only_ends_like_the_households_on_the_list_claims_nothing(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """The list holds “Hộ ông Trần Văn Ba” with 0912 345 678. A family of the same name whose own phone is
    0987 345 678 typed it whole, alone or in a sentence: only its last 4 digits were compared, and “Tôi đồng
    ý” followed, the namesake's record taken. A whole phone is compared whole, +84 or 84 written as 0."""
    h = polling
    await listed_household(h, "Hộ ông Trần Văn Ba", "0912345678")
    code = await household_invite(h.app)
    binh = h.zalo.user("Binh")
    await h.ask(binh, code)
    assert "4 số cuối" in await h.ask(binh, "tran van ba")

    for said in ("0987 345 678", "so cua em la +84 987.345.678 a"):
        screen = await h.ask(binh, said)
        assert "Tôi đồng ý" not in screen and "chưa khớp" in screen, said

    assert "Tôi đồng ý" in await h.ask(binh, "so nha em 84912345678")


async def test_a_ten_digit_figure_with_no_area_code_at_the_digits_question_is_no_try(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """At the digits' question a family typed “2000000000” (a figure, two billion): it was read as the
    landline 0200 000 0000, which no area code begins, and counted as a wrong try (“4 số này chưa khớp …”).
    A landline without its 0 is one only with an area code (decision 1473): the figure is asked again for 4
    digits, with an example, and no try is spent; a landline of Hà Tĩnh without its 0 is still a phone."""
    h = polling
    await listed_household(h, "Hộ ông Trần Văn Ba", "02393851234")
    code = await household_invite(h.app)
    binh = h.zalo.user("Binh")
    await h.ask(binh, code)
    assert "4 số cuối" in await h.ask(binh, "tran van ba")

    screen = await h.ask(binh, "2000000000")

    assert "chưa khớp" not in screen and "nhập đúng 4 chữ số" in screen and "5678" in screen, screen
    assert "Tôi đồng ý" in await h.ask(binh, "2393851234")


async def test_a_household_saying_its_name_is_not_on_the_list_is_told_what_to_do_not_asked_for_digits(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """The list has “Hộ ông Trần Văn Ba”; at the digits' question a family typed “khong co ten trong danh
    sach” or “em ko co ten”: it was asked for 4 digits (“Anh/chị vui lòng nhập đúng 4 chữ số”), as if it had
    typed them wrong. It is told that the list has a household of that name, what proves it is theirs, and
    which choice joins as a new household; nothing is joined."""
    h = polling
    await listed_household(h, "Hộ ông Trần Văn Ba", "0912000016")
    code = await household_invite(h.app)
    for chat, said in (("Son", "khong co ten trong danh sach"), ("Chau", "em ko co ten")):
        family = h.zalo.user(chat)
        await h.ask(family, code)
        assert "4 số cuối" in await h.ask(family, "tran van ba")

        screen = await h.ask(family, said)

        assert "nhập đúng 4 chữ số" not in screen, said
        assert "Danh sách có một hộ tên này" in screen, said
        assert "“Hộ tôi không có trong danh sách — tham gia là hộ mới”" in screen, said
        assert "Tôi đồng ý" not in screen and "4 số cuối" in screen, said


async def test_a_no_at_the_digits_question_is_told_what_to_do_and_joins_no_new_household(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """The list has “Hộ ông Trần Văn Ba”; at the digits' question (is this household yours?) a family typed
    “khong co” or “không”, as one answers no. “khong co” was the keyword of “Hộ tôi không có trong danh sách
    — tham gia là hộ mới”: the data notice came, the family on its way to join as a second household of the
    list's (decision 1472). A no is told what proves the household and which choice joins as a new one;
    nothing is joined until that choice is made."""
    h = polling
    await listed_household(h, "Hộ ông Trần Văn Ba", "0912000016")
    code = await household_invite(h.app)
    families = {chat: h.zalo.user(chat) for chat in ("Son", "Chau")}
    for chat, said in (("Son", "khong co"), ("Chau", "Không ạ")):
        family = families[chat]
        await h.ask(family, code)
        assert "4 số cuối" in await h.ask(family, "tran van ba")

        screen = await h.ask(family, said)

        assert "Tôi đồng ý" not in screen, said
        assert "Danh sách có một hộ tên này" in screen and "4 số cuối" in screen, said
        assert "“Hộ tôi không có trong danh sách — tham gia là hộ mới”" in screen, said

    assert "Tôi đồng ý" in await h.ask(families["Son"], "ho moi")


async def test_nine_digits_in_a_sentence_an_old_id_card_or_an_amount_are_no_try(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """A phone said in a sentence is written with its 0 (or +84): nine digits there are something else. At the
    digits' question “cmnd cua em la 381234567” (an old ID card's number) and “nha em co 300.000.000 dong a”
    were read as phones whose 0 a spreadsheet dropped: each was a wrong try, “4 số này chưa khớp …”, and three
    of them would have paused the household's record for an hour. They are asked for the 4 digits with
    nothing spent (decision 1272); the nine digits typed alone are still a try (0352)."""
    h = polling
    await listed_household(h, "Hộ ông Trần Văn Ba", "0912345678")
    code = await household_invite(h.app)
    binh = h.zalo.user("Binh")
    await h.ask(binh, code)
    assert "4 số cuối" in await h.ask(binh, "tran van ba")

    for said in ("cmnd cua em la 381234567", "nha em co 300.000.000 dong a"):
        screen = await h.ask(binh, said)
        assert "nhập đúng 4 chữ số" in screen and "chưa khớp" not in screen, screen

    screen = await h.ask(binh, "1111")

    assert "Anh/chị còn 2 lần thử." in screen, screen


async def test_a_household_of_another_hamlet_found_with_thon_3s_code_is_not_named_as_thon_3s(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Only Thôn 5 lists “Hộ bà Lê Thị Năm”. Typed with Thôn 3's code, the question read “Danh sách của Thôn 3
    có hộ này”: Thôn 3's list has no such household."""
    h = polling
    await listed_household(h, "Hộ bà Lê Thị Năm", "0912000027", unit=("THON5", "Thôn 5"))
    nam = h.zalo.user("Nam")
    await h.ask(nam, await household_invite(h.app))

    screen = await h.ask(nam, "le thi nam")

    assert "Danh sách có hộ này" in screen and "Thôn 3 có hộ" not in screen and "Thôn 5" not in screen


async def test_the_labour_day_the_hamlet_officer_logged_for_the_household_is_told_with_its_day(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """The hamlet officer logged a day of repairing a neighbour's house for Hộ Ha Thi Tam, typing “hom qua”
    as the day. The household read “Lê Thị Lan đã ghi 1 ngày công lao động tình nguyện cho anh/chị … Nếu
    anh/chị không tham gia ngày đó”: which day was never told, and it could not say whether it worked it.
    It reads it for its household, with its gift's number, as its other notices (decision 1669)."""
    h = polling
    tam, lan = h.zalo.user("Tam"), h.zalo.user("Lan")
    await h.ask(tam, await household_invite(h.app))
    await h.ask(tam, "ha thi tam")
    await h.ask(tam, "ok")
    await h.ask(tam, "1")
    await officer_joined(h, lan)
    await h.ask(lan, "/ngaycong")
    await h.ask(lan, "tam")
    await h.choose(lan, "Ha Thi Tam")
    await h.choose(lan, "Xong")
    await h.choose(lan, "ngoài các đợt vận động")
    await h.ask(lan, "1")
    assert "Đã đọc là Thứ Bảy, 21/11/2026." in await h.ask(lan, "hom qua")
    await h.choose(lan, "Quay lại")  # back to the days, typed with the day this time: not asked again (2105)
    await h.choose(lan, "Quay lại")
    assert "ngày nào" not in await h.ask(lan, "1 ngay hom qua")
    assert "Ngày lao động: Thứ Bảy, 21/11/2026." in await h.choose(lan, "Bỏ qua")
    before = len(tam.messages())

    assert "Đã ghi và xác nhận" in await h.ask(lan, "co")

    told = text_of(tam.messages()[before:])
    assert "xác nhận giúp gia đình anh/chị 1 ngày công lao động tình nguyện ngày 21/11/2026" in told, told
    assert "Nếu gia đình anh/chị không tham gia ngày 21/11/2026" in told and "ngày đó," not in told
    assert "mã số CT-2026-000001" in told
    async with h.app.sessionmaker() as session:  # and kept with the day, no longer only told (decision 2105)
        assert (await session.scalars(select(Contribution.worked_on))).all() == [date(2026, 11, 21)]
    await h.ask(lan, "/menu")
    assert "1 ngày công (làm ngày 21/11/2026)" in await h.ask(lan, "CT-2026-000001")  # its look-up (2106)


async def test_a_household_saying_it_has_no_code_is_told_where_to_ask_not_to_check_a_code_it_never_typed(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Welcomed with “nhập mã mời do đơn vị gửi”, a household answered “ko biet”, “ok”, “chua co ma”: each
    was “Không tìm thấy mã mời này. Anh/chị vui lòng kiểm tra và nhập lại”, a code to check that it never
    typed, and nobody said where a code comes from. A code typed wrong is still answered as one."""
    h = polling
    tam = h.zalo.user("Tam")
    assert "nhập mã mời" in await h.ask(tam, "alo")

    for typed in ("ko biet", "ok", "chua co ma"):
        screen = await h.ask(tam, typed)

        assert "Không tìm thấy mã mời này" not in screen, typed
        assert "Mã mời có 8 chữ cái và chữ số, ví dụ: K7M2QX9P." in screen, typed
        assert "hộ gia đình xin mã ở cán bộ thôn" in screen, typed
    assert "Không tìm thấy mã mời này" in await h.ask(tam, "QBPEJFCX")  # a code, typed wrong
    assert "nhập tên hộ" in await h.ask(tam, await household_invite(h.app))  # and the right one joins


# 7 December 2026, 09:00 in Vietnam: the hamlet head of Thôn Đông gives its households their code.
DECEMBER = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


async def east_hamlets_code(h: ZaloHarness) -> str:
    """Thôn Đông's code for its households, made on 7 December (no household of it listed yet)."""
    h.app.engine.clock.at = DECEMBER  # type: ignore[attr-defined]
    async with h.app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation).where(Organisation.code == DEMO_ORG))).one()
        session.add(Unit(org_id=org.id, code="THONDONG", name="Thôn Đông"))
        await session.flush()
        invite = await create_invite(
            session, org, unit_code="THONDONG", kind="household", uses=50, now=DECEMBER
        )
        return invite.code


async def test_a_household_said_with_its_hamlet_after_it_joins_without_the_hamlet_and_her_son_finds_it(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """“toi la ba tu thon dong”, as Bà Tư says who she is: the household joined as “Hộ Ba Tu Thon Dong”,
    the hamlet's name kept in it, and her son typing “ho ba tu” with the same code was let in as another
    household, his gifts apart from hers."""
    h = polling
    code = await east_hamlets_code(h)
    tu = h.zalo.user("Tu")
    await h.ask(tu, code)
    await h.ask(tu, "toi la ba tu thon dong")
    await h.choose(tu, "Tôi đồng ý")

    screen = await h.choose(tu, "Tiếng Việt")

    assert "Thon Dong" not in screen and "Anh/chị cần làm gì cho Hộ Ba Tu?" in screen
    son = h.zalo.user("Son")
    await h.ask(son, code)
    screen = await h.ask(son, "ho ba tu")
    assert "đã tham gia Chung Tay" in screen and "nhờ người đã tham gia gõ /lienket" in screen
    assert "Tôi đồng ý" not in screen


async def test_labour_days_said_with_the_work_they_went_to_are_asked_and_the_work_kept_as_the_note(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """“2 ngay cong xay nha cho ba Nam” at the menu was “vui lòng chọn một mục”; with its giving word the
    work was read as the figure (“2 ngay cong xay nha”). Two days are asked, and the work is the gift's
    note."""
    h = polling  # the clock moved past today's: Zalo's stamps follow it, options typed by their numbers
    code = await east_hamlets_code(h)
    tu = h.zalo.user("Tu")
    await h.ask(tu, code)
    await h.ask(tu, "ba tu")
    await h.choose(tu, "Tôi đồng ý")
    await h.choose(tu, "Tiếng Việt")

    screen = await h.ask(tu, "2 ngay cong xay nha cho ba Nam")

    assert "vui lòng chọn một mục" not in screen and "Anh/chị muốn ghi nhận đóng góp 2 ngày công?" in screen
    await h.ask(tu, "co")
    await h.choose(tu, "ngoài các đợt vận động")
    # what a note is, asked where it is asked: answered there, never kept as the note (decision 2313)
    assert await h.ask(tu, "ghi chu la gi?") == (
        "Ghi chú là vài chữ về món ủng hộ, nếu anh/chị muốn, ví dụ: sửa nhà cho hàng xóm. Không có gì thêm "
        "thì anh/chị chọn “Bỏ qua”."
    )
    screen = await h.choose(tu, "Bỏ qua")  # nothing more to add: what she said of the work stays
    assert "• Ngày công: 2" in screen and "• Ghi chú: xay nha cho ba Nam" in screen
    assert "Đã ghi nhận 2 ngày công." in await h.ask(tu, "co")
    await h.ask(tu, "an danh")
    # one day, not two, said after it: how it is put right, as for money (2277), and nothing changed (2312)
    screen = await h.ask(tu, "ghi nham, 1 ngay cong thoi")
    assert screen.startswith(
        "Khoản đã ghi không sửa được. Khoản CT-2026-000001 (2 ngày công) vẫn đang chờ: anh/chị gõ "
        "CT-2026-000001 rồi chọn “Rút lại khoản này”, sau đó ghi lại cho đúng, ví dụ: 1 ngay cong."
    ), screen
    # the days said without “công” after the same words: the same answer, its example written whole (2441)
    screen = await h.ask(tu, "ghi nham 2 ngay thoi")
    assert screen.startswith(
        "Khoản đã ghi không sửa được. Khoản CT-2026-000001 (2 ngày công) vẫn đang chờ: anh/chị gõ "
        "CT-2026-000001 rồi chọn “Rút lại khoản này”, sau đó ghi lại cho đúng, ví dụ: 2 ngay cong."
    ), screen
    screen = await h.ask(tu, "ung ho 2 ngay cong xay nha cho ba Nam")  # with its giving word, the same
    assert "Anh/chị muốn ủng hộ 2 ngày công." in screen and "xay nha)" not in screen
    async with h.app.sessionmaker() as session:
        gift = (await session.scalars(select(Contribution))).one()
    assert (gift.kind, gift.labour_days, gift.note) == ("labour", 2, "xay nha cho ba Nam")
    # her team, the seventh, named in the work: no Saturday read from it, the note whole (decision 2444).
    # Before, the last look said “(làm ngày 05/12/2026)” and “• Ghi chú: don dep nha van hoa to”.
    await h.ask(tu, "/menu")
    await h.ask(tu, "ung ho 1 ngay cong don dep nha van hoa to thu 7")
    await h.choose(tu, "ngoài các đợt vận động")
    screen = await h.choose(tu, "Bỏ qua")
    assert "• Ghi chú: don dep nha van hoa to thu 7" in screen and "làm ngày" not in screen, screen
    assert "Đã ghi nhận 1 ngày công." in await h.ask(tu, "co")
    async with h.app.sessionmaker() as session:
        days = (await session.scalars(select(Contribution).order_by(Contribution.id))).all()[-1]
    assert (days.labour_days, days.worked_on, days.note) == (1, None, "don dep nha van hoa to thu 7")


async def test_goods_said_with_what_they_are_for_are_asked_and_what_they_are_for_kept_as_the_note(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """“10kg gao an tet” (rice for Tết) at the menu was “vui lòng chọn một mục” where “10kg gao” alone is
    asked about; with its giving word it was read as money “10kg gao an tet”. The rice is asked about, and
    what it is for is the gift's note, as labour days' work is (decision 1401)."""
    h = polling
    code = await east_hamlets_code(h)
    tu = h.zalo.user("Tu")
    await h.ask(tu, code)
    await h.ask(tu, "ba tu")
    await h.choose(tu, "Tôi đồng ý")
    await h.choose(tu, "Tiếng Việt")

    screen = await h.ask(tu, "10kg gao an tet")

    assert "vui lòng chọn một mục" not in screen and "Anh/chị muốn ghi nhận đóng góp 10 kg gạo?" in screen
    await h.ask(tu, "co")
    assert "trị giá khoảng bao nhiêu?" in await h.choose(tu, "ngoài các đợt vận động")
    await h.ask(tu, "bo qua")  # its worth left to the treasurer
    screen = await h.ask(tu, "khong biet ghi gi")  # answered, the step kept (decision 2313)
    assert screen.startswith("Ghi chú là vài chữ về món ủng hộ, nếu anh/chị muốn, ví dụ: gạo nhà trồng.")
    screen = await h.ask(tu, "ghi gi cung duoc")  # anything will do: as “Bỏ qua”, what it is for stays (2441)
    assert "• Hiện vật: 10 kg gạo" in screen and "• Ghi chú: an tet" in screen, screen
    assert "Đã ghi nhận" in await h.ask(tu, "co")
    await h.ask(tu, "an danh")
    screen = await h.ask(tu, "ghi nham 5kg gao thoi")  # how it is put right, nothing changed (2312)
    assert screen.startswith("Khoản đã ghi không sửa được. Khoản CT-2026-000001 (10 kg gạo) vẫn đang chờ"), (
        screen
    )
    screen = await h.ask(tu, "ung ho 5kg gao an tet")  # with its giving word: goods, never money
    assert "Anh/chị muốn ủng hộ 5 kg gạo." in screen and "gao an tet)" not in screen
    async with h.app.sessionmaker() as session:
        gift = (await session.scalars(select(Contribution))).one()
    assert (gift.kind, gift.description, gift.note) == ("goods", "10 kg gạo", "an tet")
    await officer_joined(h, h.zalo.user("Thu"), "Phạm Thị Thu", role="treasurer")
    async with h.app.sessionmaker() as session, session.begin():
        thu = await session.scalar(select(Person).where(Person.full_name == "Phạm Thị Thu"))
        gift = await session.scalar(select(Contribution))
        assert thu is not None and gift is not None
        await decide(
            session, gift, confirmed=True, actor=await actor_for(session, thu), now=h.app.engine.clock()
        )
    await h.deliver()
    await h.ask(tu, "/menu")
    screen = await h.ask(tu, "ghi nham 5kg gao thoi")  # confirmed: the treasurer corrects it (2312)
    assert screen.startswith(
        "Khoản CT-2026-000001 (10 kg gạo) đã được thủ quỹ xác nhận nên không sửa được ở đây. Nếu chưa đúng, "
        "anh/chị báo thủ quỹ để điều chỉnh."
    ), screen
    async with h.app.sessionmaker() as session:
        assert (await session.scalars(select(Contribution.description))).all() == ["10 kg gạo"]


async def hamlet_gave(h: ZaloHarness, name: str, amount: int, status: str = "confirmed") -> None:
    """A household of Thôn Đông, on the list, with one gift of money in 2026."""
    async with h.app.sessionmaker() as session, session.begin():
        hamlet = (await session.scalars(select(Unit).where(Unit.code == "THONDONG"))).one()
        household = Person(
            org_id=hamlet.org_id,
            unit_id=hamlet.id,
            full_name=name,
            name_key=fold(name),
            kind="household",
            listed=True,
            created_at=DECEMBER,
        )
        session.add(household)
        await session.flush()
        session.add(ledger_entry(household, "money", amount, at=DECEMBER, status=status))


async def test_a_household_asking_what_its_hamlet_gave_hears_the_total_only_once_three_gave(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """“thon minh duoc bao nhieu roi” at the menu was “vui lòng chọn một mục”: a household has no screen of
    its hamlet. Where two households gave, their total is their gifts (she who gave takes her own away): a
    kind word, no figure. From three on, the confirmed total and how many gave, never who or how much each;
    and where each drive's public statement is (decision 1402)."""
    h = polling
    code = await east_hamlets_code(h)
    tu = h.zalo.user("Tu")
    await h.ask(tu, code)
    await h.ask(tu, "ba tu")
    await h.choose(tu, "Tôi đồng ý")
    await h.choose(tu, "Tiếng Việt")
    await hamlet_gave(h, "Hộ ông Năm", 200_000)
    await hamlet_gave(h, "Hộ bà Sáu", 300_000)
    await hamlet_gave(h, "Hộ ông Bảy", 700_000, status="recorded")  # waiting: not counted

    screen = await h.ask(tu, "thon minh duoc bao nhieu roi")

    assert "vui lòng chọn một mục" not in screen and "Thôn Đông" in screen
    assert "₫" not in screen and "dưới ba" in screen and "“Bảng công khai của Quỹ” trong menu" in screen

    await hamlet_gave(h, "Hộ bà Tám", 100_000)
    screen = await h.ask(tu, "Thôn mình được bao nhiêu rồi?")

    assert "3 hộ" in screen and "tổng đã xác nhận 600.000\xa0₫" in screen
    assert "200.000" not in screen and "Năm" not in screen.replace("Năm 2026", "")

    # “còn nợ không?” as he types it, or as the phone corrects it: nothing is owed, and what the household
    # gave and pledged, never “vui lòng chọn một mục” (decision 2275).
    for typed in ("con no ko", "Con nho ko?", "còn thiếu gì không ạ"):
        screen = await h.ask(tu, typed)
        assert "vui lòng chọn một mục" not in screen, (typed, screen)
        assert (
            screen.startswith("Ủng hộ là tự nguyện: hộ không nợ khoản nào.")
            and "Tiến độ năm 2026 của hộ" in screen
        )


async def test_a_household_joining_reads_a_short_notice_of_its_information_and_the_whole_one_choice_away(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Bà Tư met five long lines at joining: “dữ liệu cá nhân”, “Bảng công khai (sao kê)”, “mã tham chiếu”.
    A household reads what is kept, who sees it and how to leave in three short lines; the whole notice is
    one choice away, and agreeing under it joins as before (decision 1446)."""
    h = polling
    code = await east_hamlets_code(h)
    tu = h.zalo.user("Tu")
    await h.ask(tu, code)

    screen = await h.ask(tu, "ba tu")

    assert "dữ liệu cá nhân" not in screen and "mã tham chiếu" not in screen and "sao kê" not in screen
    assert "Chung Tay ghi lại tên hộ, thôn của hộ và các món anh/chị ủng hộ." in screen
    assert "chỉ anh/chị, thủ quỹ và cán bộ phụ trách được xem" in screen and "gõ /dulieu" in screen
    assert screen.endswith("1. Tôi đồng ý\n2. Tôi không đồng ý\n3. Đọc đầy đủ")

    screen = await h.choose(tu, "Đọc đầy đủ")

    assert "Bảng công khai (sao kê) của đợt vận động" in screen and "/congkhai" in screen
    assert screen.endswith("Anh/chị có đồng ý không?\n\n1. Tôi đồng ý\n2. Tôi không đồng ý")
    await h.choose(tu, "Tôi đồng ý")
    assert "Ba Tu đã tham gia Thôn Đông" in await h.choose(tu, "Tiếng Việt")


async def test_a_households_short_notice_says_its_gifts_go_on_the_public_list_without_its_name(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """The short notice told Bà Tư that how much the household gives is seen only by her, the treasurer and
    the officers, while the Fund's public list shows each confirmed gift's amount to anyone: it says who sees
    the amount with the household's name, and that the public list shows it without the name unless she
    agrees, as the whole notice does (decision 1502)."""
    h = polling
    code = await east_hamlets_code(h)
    tu = h.zalo.user("Tu")
    await h.ask(tu, code)

    screen = await h.ask(tu, "ba tu")

    assert "Hộ ủng hộ bao nhiêu thì chỉ anh/chị" not in screen
    assert "Số tiền hộ ủng hộ kèm tên hộ chỉ anh/chị, thủ quỹ và cán bộ phụ trách được xem" in screen
    assert (
        "Bảng công khai của Quỹ ghi các món đã xác nhận, không ghi tên hộ nếu anh/chị không đồng ý." in screen
    )
    assert screen.endswith("1. Tôi đồng ý\n2. Tôi không đồng ý\n3. Đọc đầy đủ")


async def test_a_households_receipt_sent_first_its_gifts_number_and_the_public_list_are_in_its_words(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Past its menu Bà Tư still read staff words (decision 1446's Left): a receipt sent first was thanked
    “ảnh này sẽ được lưu làm minh chứng”, her gift's receipt said “Mã tham chiếu”, and the public list's
    screen asked “Sao kê công khai: anh/chị xem đợt vận động nào?”. Now the photo goes with her gift, the
    gift has its number, and the list is the Fund's public list on its own screens too (decision 1566)."""
    h = polling
    code = await east_hamlets_code(h)
    tu = h.zalo.user("Tu")
    await h.ask(tu, code)
    await h.ask(tu, "ba tu")
    await h.choose(tu, "Tôi đồng ý")
    assert "Bảng công khai của Quỹ" in await h.choose(tu, "Tiếng Việt")
    await h.ask(tu, "ung ho")

    screen = await h.exchange(tu, tu.send_photo(b"\xff\xd8\xff receipt"))  # at the drive's question

    assert "minh chứng" not in screen and "ảnh này sẽ được gửi kèm món ủng hộ" in screen
    await h.choose(tu, "ngoài các đợt vận động")
    await h.choose(tu, "Tiền")
    await h.ask(tu, "50k")
    screen = await h.ask(tu, "co")
    assert "Mã tham chiếu" not in screen and "Mã số của món ủng hộ: CT-2026-" in screen
    await h.ask(tu, "an danh")

    screen = await h.ask(tu, "bang cong khai")

    assert "Sao kê" not in screen and "Bảng công khai của Quỹ: anh/chị xem đợt vận động nào?" in screen


async def test_a_households_receipt_sent_later_for_its_waiting_gift_is_thanked_in_its_words(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Bà Tư gives 50k without a photo and sends the receipt's photo an evening later: “Cảm ơn anh/chị! Ảnh
    đã được lưu làm minh chứng cho khoản CT-2026-…”, staff's word, where her first photo is thanked in hers
    (1566's Left). Now the receipt's photo goes with her gift, its number said as her gift's (1669)."""
    h = polling
    code = await east_hamlets_code(h)
    tu = h.zalo.user("Tu")
    await h.ask(tu, code)
    await h.ask(tu, "ba tu")
    await h.choose(tu, "Tôi đồng ý")
    await h.choose(tu, "Tiếng Việt")
    await h.ask(tu, "ung ho")
    await h.choose(tu, "ngoài các đợt vận động")
    await h.choose(tu, "Tiền")
    await h.ask(tu, "50k")
    await h.ask(tu, "bo qua")
    await h.ask(tu, "co")
    await h.ask(tu, "an danh")
    h.app.engine.clock.advance(hours=5)
    assert "là biên lai của khoản" in await h.exchange(tu, tu.send_photo(b"\xff\xd8\xff later receipt"))

    screen = await h.ask(tu, "dung")

    assert "minh chứng" not in screen
    assert "Ảnh biên lai đã được gửi kèm món ủng hộ mã số CT-2026-000001, đang chờ thủ quỹ xác nhận" in screen

    # Her mind changed on the amount, as she types it: what she may do and her gifts, never the menu's “vui
    # lòng chọn một mục”; waiting, the gift is withdrawn and the right one recorded (decision 2277). Her
    # latest gifts are read once for both.
    recent = statements_like(h.app, "AS recorder")
    screen = await h.ask(tu, "sua lai 30k")
    assert len(recent) == 1, recent
    assert screen.startswith(
        "Số tiền của khoản đã ghi không đổi được. Khoản CT-2026-000001 (50.000\xa0₫) vẫn đang chờ: anh/chị "
        "gõ CT-2026-000001 rồi chọn “Rút lại khoản này”, sau đó ghi số đúng, ví dụ: ung ho 30k."
    ), screen
    assert "• CT-2026-000001 · " in screen and await h.count(Contribution) == 1
    # Asked short, as a phone types it: where her gift stands, never the menu, nor a gift begun (2314)
    for typed in ("e ck 50k r nhận đc chưa ạ", "a oi ck roi do"):
        screen = await h.ask(tu, typed)
        assert "vui lòng chọn một mục" not in screen and "Anh/chị muốn ủng hộ" not in screen, (typed, screen)
        assert "• CT-2026-000001 · 07/12/2026 · 50.000\xa0₫ · chờ thủ quỹ xác nhận" in screen, (typed, screen)
    assert screen.startswith("Nếu khoản anh/chị đã gửi chưa có trong danh sách dưới đây")
    assert await h.count(Contribution) == 1
    # a new gift said short (“em chuyển khoản 200k rồi”): the gift, as “ck 200k” is, asked before anything is
    # recorded (decision 2440). Before, the menu's “vui lòng chọn một mục”.
    screen = await h.ask(tu, "e ck 200k r")
    assert "Anh/chị muốn ủng hộ 200.000\xa0₫." in screen and "vui lòng chọn một mục" not in screen, screen
    screen = await h.choose(tu, "ngoài các đợt vận động")
    screen = await h.ask(tu, "bo qua")
    assert "• Tiền: 200.000\xa0₫\n• Ghi chú: chuyển khoản" in screen, screen
    await h.ask(tu, "khong")
    # so whoever she calls herself first, short or not, before what she did (decision 2530)
    # “t”, “m” (tôi, mình) as the letters “a”, “e” are (decision 2652)
    said_short = ("a ck 200k r", "mk ck 200k", "em ck 200k rồi", "e da ck 200k", "chị đã ck 200k rồi nhé")
    for said in (*said_short, "t ck 200k", "m ck 200k"):
        screen = await h.ask(tu, said)
        assert "Anh/chị muốn ủng hộ 200.000\xa0₫." in screen, (said, screen)
        await h.ask(tu, "/menu")
    assert await h.count(Contribution) == 1
    await officer_joined(h, h.zalo.user("Thu"), "Phạm Thị Thu", role="treasurer")
    async with h.app.sessionmaker() as session, session.begin():
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        thu = await session.scalar(select(Person).where(Person.full_name == "Phạm Thị Thu"))
        assert gift is not None
        await decide(
            session, gift, confirmed=True, actor=await actor_for(session, thu), now=h.app.engine.clock()
        )
    await h.deliver()  # the treasurer's notice reaches her first
    screen = await h.ask(tu, "ghi nham, 20k thoi")
    assert screen.startswith(
        "Khoản CT-2026-000001 (50.000\xa0₫) đã được thủ quỹ xác nhận nên không đổi được ở đây. Nếu số tiền "
        "chưa đúng, anh/chị báo thủ quỹ để điều chỉnh."
    ), screen
    async with h.app.sessionmaker() as session:
        assert (await session.scalars(select(Contribution.amount_vnd))).all() == [50_000]


async def test_a_household_reads_its_menu_its_gifts_photo_and_its_number_in_words_it_knows(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """The walk's words Bà Tư did not know on her way to her first gift: “Sao kê công khai” and “Ngôn ngữ /
    Language” in her menu, a photo “làm minh chứng”, a sticker called “nhãn dán”, a gift's “mã tham chiếu”.
    Her menu says “Bảng công khai của quỹ” and “Tiếng Việt / tiếng Anh”; the photo asked is of the paper
    receipt or the transfer; the number she looks up is the gift's number (decision 1446)."""
    h = polling
    code = await east_hamlets_code(h)
    tu = h.zalo.user("Tu")
    await h.ask(tu, code)
    await h.ask(tu, "ba tu")
    await h.choose(tu, "Tôi đồng ý")

    screen = await h.choose(tu, "Tiếng Việt")  # the welcome and her menu

    assert "Bảng công khai của Quỹ" in screen and "Tiếng Việt / tiếng Anh" in screen
    assert "Sao kê" not in screen and "Language" not in screen
    await h.ask(tu, "ung ho")
    await h.choose(tu, "ngoài các đợt vận động")
    await h.choose(tu, "Tiền")
    assert "sticker" in await h.exchange(tu, tu.send_sticker())

    screen = await h.ask(tu, "50k")

    assert "minh chứng" not in screen and "ảnh giấy biên nhận hoặc ảnh chuyển khoản" in screen
    screen = await h.exchange(tu, tu.send_photo(b"\xff\xd8\xff receipt"))
    assert "• Ảnh gửi kèm: 1 ảnh" in screen and "Minh chứng" not in screen
    screen = await h.ask(tu, "co")
    assert "Đã ghi nhận 50.000\xa0₫." in screen
    await h.ask(tu, "an danh")

    screen = await h.ask(tu, "tra cuu")

    assert "mã tham chiếu" not in screen and "Anh/chị gõ mã số của món ủng hộ (ví dụ: CT-2026-" in screen


async def test_money_and_rice_in_one_line_are_asked_one_at_a_time_never_rice_named_with_the_money(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Bà Tư pledged as she would say it, “nha toi ung ho 100 nghin va 5 kg gao”: it read “Anh/chị muốn
    ủng hộ 100 nghin va 5 kg gạo.”, one gift of goods so named, its worth asked, and the 100.000 ₫ never
    reached the Fund's figures. Each is asked for on its own, named as she typed it (decision 1640)."""
    h = polling
    code = await east_hamlets_code(h)
    tu = h.zalo.user("Tu")
    await h.ask(tu, code)
    await h.ask(tu, "ba tu")
    await h.choose(tu, "Tôi đồng ý")
    await h.choose(tu, "Tiếng Việt")

    screen = await h.ask(tu, "nha toi ung ho 100 nghin va 5 kg gao")

    assert "100 nghin va 5 kg gạo" not in screen and "đợt vận động nào" not in screen
    assert "“100 nghin” và “5 kg gao” là hai khoản" in screen and "gõ “ủng hộ 100 nghin”" in screen
    assert "Anh/chị muốn ủng hộ 100.000\xa0₫." in await h.ask(tu, "ung ho 100 nghin")
    assert await h.count(Contribution) == 0


async def test_the_receipt_of_the_cash_the_hamlet_officer_recorded_for_her_goes_with_that_gift(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Bà Tư handed 100.000 ₫ to the hamlet's officer, who recorded it for her; a day later she sent the
    photo of his paper receipt at her menu. It began a new gift, “anh/chị đóng góp cho đợt vận động
    nào?”, where she had nothing more to give: only he could add a photo to it. Now she is asked whether
    it is that gift's, named with who recorded it, and the photo goes with it (decision 1641)."""
    h = polling
    code = await east_hamlets_code(h)
    tu, lan = h.zalo.user("Tu"), h.zalo.user("Lan")
    await h.ask(tu, code)
    await h.ask(tu, "ba tu")
    await h.choose(tu, "Tôi đồng ý")
    await h.choose(tu, "Tiếng Việt")
    await officer_joined(h, lan)
    await h.ask(lan, "/ghithay")
    assert "Đã tìm thấy: Ba Tu (Thôn Đông, hộ gia đình)." in await h.ask(lan, "ba tu")
    await h.ask(lan, "100k")
    await h.choose(lan, "ngoài các đợt vận động")
    await h.choose(lan, "Bỏ qua")
    assert "CT-2026-000001" in await h.ask(lan, "co")
    h.app.engine.clock.advance(days=1)  # type: ignore[attr-defined]

    screen = await h.exchange(tu, tu.send_photo(b"\xff\xd8\xff blurry receipt"))

    assert "đợt vận động nào" not in screen
    assert "biên lai của món ủng hộ CT-2026-000001 mà Lê Thị Lan đã ghi giúp (100.000\xa0₫" in screen
    screen = await h.ask(tu, "dung")
    assert "Ảnh biên lai đã được gửi kèm món ủng hộ mã số CT-2026-000001, đang chờ thủ quỹ xác nhận" in screen
    assert "minh chứng" not in screen
    assert await h.count(Contribution) == 1 and await h.count(Evidence) == 1


async def test_a_receipt_for_a_gift_moved_to_another_household_since_says_nothing_of_where_it_stands(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Bà Tư's photo is asked about the cash Lan recorded for her (decision 1641); before she answers, the
    treasurer finds the envelope was bà Sáu's, puts the gift in bà Sáu's name and, the money not in the
    box, rejects it. Her “dung” read “… không còn chờ xác nhận (chưa nhận được) …”: how bà Sáu's gift
    stands, told to another household. It is no gift of hers now: she is told only that."""
    h = polling
    code = await east_hamlets_code(h)
    tu, sau, lan, thu = (h.zalo.user(name) for name in ("Tu", "Sau", "Lan", "Thu"))
    for user, name in ((tu, "ba tu"), (sau, "ba sau")):
        await h.ask(user, code)
        await h.ask(user, name)
        await h.choose(user, "Tôi đồng ý")
        await h.choose(user, "Tiếng Việt")
    await officer_joined(h, lan)
    await officer_joined(h, thu, "Phạm Thị Thu", role="treasurer")
    await h.ask(lan, "/ghithay")
    await h.ask(lan, "ba tu")
    await h.ask(lan, "100k")
    await h.choose(lan, "ngoài các đợt vận động")
    await h.choose(lan, "Bỏ qua")
    assert "CT-2026-000001" in await h.ask(lan, "co")
    h.app.engine.clock.advance(days=1)  # type: ignore[attr-defined]
    screen = await h.exchange(tu, tu.send_photo(b"\xff\xd8\xff blurry receipt"))
    assert "biên lai của món ủng hộ CT-2026-000001" in screen
    async with h.app.sessionmaker() as session, session.begin():
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        ba_sau = await session.scalar(select(Person).where(Person.full_name == "Ba Sau"))
        treasurer = await actor_for(
            session, await session.scalar(select(Person).where(Person.full_name == "Phạm Thị Thu"))
        )
        assert gift is not None and ba_sau is not None
        now = h.app.engine.clock()
        await move_to(session, gift, ba_sau, actor=treasurer, now=now)
        await decide(session, gift, confirmed=False, actor=treasurer, now=now, reason="không có trong hộp")

    screen = await h.ask(tu, "dung")

    assert "chưa nhận" not in screen.lower() and "không còn chờ" not in screen, screen
    assert "Anh/chị không thể thêm ảnh biên lai cho khoản này." in screen
    assert await h.count(Evidence) == 0


# A union's Tết appeal, written for its staff (decision 2278's walk)
STAFF_APPEAL = (
    "Tết sum vầy: Ban Chấp hành Công đoàn kêu gọi toàn thể CBVC-NLĐ ủng hộ tối thiểu 1 ngày lương, nộp trước "
    "20/12 qua đ/c Mai (thủ quỹ). Chi tiết: https://example.org/tet. Gửi danh sách về /thongke."
)


# A school's, with its pay withheld and its own pages' link, beside what a household may read as written
SCHOOL_APPEAL = (
    "Kính gửi toàn thể cán bộ, giáo viên (CB-GV-NV) và người lao động: trích lương tháng 12 ủng hộ Quỹ, "
    "danh sách tại https://qlvb.example.gov.vn/noibo/tet. Liên hệ cán bộ Mặt trận; xem https://example.org/tet."
    " Các tổ trưởng tổng hợp, đăng ký tại bit.ly/3TetGV."
)


async def test_a_households_welcome_is_in_her_words_and_the_appeals_one_typed_is_its_first_choice(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Bà Tư of Thôn Đông, typing without marks: her welcome ended in English alone (“Type English to continue
    in English.”), and her “1” under the appeal's “#1 — Góp hiện vật” was asked back (“xin gõ #1”), a sign
    she never types. Now the welcome says it in Vietnamese too, and her “1” is the appeal's first choice
    (decisions 1720, 1721)."""
    h = polling
    code = await east_hamlets_code(h)
    tu, lan = h.zalo.user("Tu"), h.zalo.user("Lan")

    welcome = await h.ask(tu, "chao")

    assert welcome.endswith("Muốn dùng tiếng Anh, anh/chị gõ English. Type English to continue in English.")
    await h.ask(tu, code)
    await h.ask(tu, "ba tu")
    await h.choose(tu, "Tôi đồng ý")
    await h.choose(tu, "Tiếng Việt")
    await officer_joined(h, lan)
    # An appeal in staff's words for everyone: the officer is told before it goes, which words and how many
    # households read them (decision 2311); not sent, Bà Tư reads nothing of it.
    await h.ask(lan, "/keugoi")
    await h.choose(lan, "Soạn tin mới")
    await h.ask(lan, STAFF_APPEAL)
    await h.choose(lan, "Áo ấm mùa đông")
    screen = await h.choose(lan, "Tất cả")
    assert (
        "⚠️ 1 hộ gia đình sẽ nhận lời kêu gọi này đúng như đã viết, có những từ dành cho cán bộ: "
        "“CBVC-NLĐ”, “ngày lương”, “/thongke”. Muốn dùng lời của bà con (như “mỗi hộ”, “gia đình”), anh/chị "
        "chọn “Không gửi” rồi viết lại, hoặc chọn “Đổi người nhận” để không gửi cho các hộ." in screen
    ), screen
    # the commands a household may type are the registry's that are no role's work, in English too; those
    # of a role are staff's words (decision 2420)
    english = "Type /lookup CODE, /result, /achievement or /cancel; officers: /appeal, /report."
    assert staff_words(english) == ["/appeal", "/report"]
    seen = len(tu.messages())
    await h.choose(lan, "Không gửi")
    assert len(tu.messages()) == seen
    # a school's staff, pay withheld and a link to the office's own pages are warned of too; a public link
    # and “cán bộ Mặt trận” are not (decision 2443). Before, “Số người nhận: 1.” and nothing more.
    await h.ask(lan, "/keugoi")
    await h.choose(lan, "Soạn tin mới")
    await h.ask(lan, SCHOOL_APPEAL)
    await h.choose(lan, "Áo ấm mùa đông")
    screen = await h.choose(lan, "Tất cả")
    assert (
        "có những từ dành cho cán bộ: “cán bộ, giáo viên”, “CB-GV-NV”, “người lao động”, “trích lương”, "
        "“https://qlvb.example.gov.vn/noibo/tet”. 1 hộ gia đình sẽ nhận đường dẫn rút gọn (“bit.ly/3TetGV”), "
        "bà con không biết trước nó dẫn tới đâu và có mở được không. Muốn dùng lời của bà con" in screen
    ), screen  # “các tổ trưởng”: a hamlet's own team leaders too, not warned of (decision 2533)
    await h.choose(lan, "Không gửi")
    assert len(tu.messages()) == seen
    await appeal_sent(h, lan, "Mời bà con góp áo ấm cho các cháu nội trú.")
    appeal = tu.messages()[-1].text
    assert "Mời bà con góp áo ấm cho các cháu nội trú." in appeal and "#1 — Góp hiện vật" in appeal

    screen = await h.ask(tu, "1")

    assert "#1" not in screen and "menu dưới đây" not in screen, screen
    assert (
        "Anh/chị ủng hộ hiện vật gì?" in screen and "hình thức nào" not in screen
    )  # the drive's gift (1776)


async def test_the_cash_the_hamlet_head_recorded_is_told_her_with_its_amount_and_asked_of_in_two_lines(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Lan, the hamlet's officer, recorded bà Tư's 100.000 ₫ in cash: she read “Lê Thị Lan đã ghi giúp gia
    đình anh/chị một món ủng hộ, mã số CT-2026-000001.”, no amount she could check. Then her own first gift
    was asked of in four long lines with “mã tham chiếu” and a rule of three unnamed givers. Now the notice
    says her amount, to her alone, and the question is two short lines (decision 1723)."""
    h = polling
    code = await east_hamlets_code(h)
    tu, lan = h.zalo.user("Tu"), h.zalo.user("Lan")
    await h.ask(tu, code)
    await h.ask(tu, "ba tu")
    await h.choose(tu, "Tôi đồng ý")
    await h.choose(tu, "Tiếng Việt")
    await officer_joined(h, lan)
    await h.ask(lan, "/ghithay")
    await h.ask(lan, "ba tu")
    await h.ask(lan, "100k")
    await h.choose(lan, "ngoài các đợt vận động")
    await h.choose(lan, "Bỏ qua")
    assert "CT-2026-000001" in await h.ask(lan, "co")

    notice = tu.messages()[-1].text

    said = (
        "Lê Thị Lan đã ghi giúp gia đình anh/chị một món ủng hộ 100.000\xa0₫ cho Quỹ “Vì người nghèo”, mã số "
        "CT-2026-000001."
    )
    assert said in notice  # her amount, in her chat alone
    await h.ask(tu, "ung ho 50k")
    await h.choose(tu, "ngoài các đợt vận động")
    await h.choose(tu, "Bỏ qua")
    screen = await h.ask(tu, "co")
    asked = screen[screen.index("Anh/chị có muốn bảng công khai") :].split("\n\n")[0]
    assert asked == (
        "Anh/chị có muốn bảng công khai ghi tên hộ và Thôn Đông không? Nếu không, bảng ghi “Nhà hảo tâm”.\n"
        "Anh/chị chọn một trong hai mục cuối, hoặc gõ “có” hay “không”; muốn đổi lúc nào cũng được: "
        "/congkhai."
    )
    assert "mã tham chiếu" not in screen and "Hiện tên hộ" in screen
    assert "Nhà hảo tâm" in await h.ask(tu, "khong")  # her answer in her words, as the line says


async def test_a_colleagues_day_of_work_recorded_for_her_says_what_toward_what_and_by_whom(
    polling: ZaloHarness,  # noqa: F811
) -> None:
    """Hoa, a colleague on Zalo: Lan, the union's officer, logged the day she worked for her. She read what
    and by whom but not toward what, where a household's notice and her own receipt say it: all four now,
    from the one builder of every such notice (decision 1800)."""
    h = polling
    hoa, lan = h.zalo.user("Hoa"), h.zalo.user("Lan")
    await joined(h, hoa, h.invites.member)
    await officer_joined(h, lan)
    await h.ask(lan, "/ngaycong")
    await h.ask(lan, "hoa")
    await h.choose(lan, "Võ Thị Hoa")
    await h.choose(lan, "Xong")
    await h.choose(lan, "ngoài các đợt vận động")
    await h.ask(lan, "1")
    await h.ask(lan, "hom qua")
    await h.choose(lan, "Bỏ qua")
    before = len(hoa.messages())

    assert "Đã ghi và xác nhận" in await h.ask(lan, "co")

    told = text_of(hoa.messages()[before:])
    assert (
        "Lê Thị Lan, người tổ chức ngày lao động, đã ghi và xác nhận cho anh/chị 1 ngày công lao động tình "
        "nguyện ngày 21/11/2026, góp cho Quỹ “Vì người nghèo”, mã số CT-2026-000001." in told
    ), told
