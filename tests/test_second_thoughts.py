"""A member who changes their mind half-way through a gift, on a cheap phone without buttons as on Zalo: goes
Back to the amount, types a new amount where the photo or a note is asked, or types the same answer twice
because the reply was slow to come. What they meant is what is recorded; nothing is dropped or written as
something it is not."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.clock import local_date
from bot.db.models import Contribution, Evidence, Person
from bot.media import store
from bot.messages import Photo
from tests.support.profiles import examples_on_one_profile, on_buttons, on_text_only
from tests.test_flows import join


async def _gifts(app) -> list[Contribution]:  # type: ignore[no-untyped-def]
    async with app.sessionmaker() as session:
        return list(await session.scalars(select(Contribution).order_by(Contribution.id)))


@on_text_only
async def test_back_at_the_photo_question_asks_the_amount_again_and_keeps_the_drive(app, hoa) -> None:
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")

    screen = await hoa.say("quay lai")  # 200k was a slip: she wants to type the amount again

    assert "Đã hủy" not in screen and "Anh/chị ủng hộ bao nhiêu tiền?" in screen
    await hoa.say("300k")
    screen = await hoa.say("FT2433 ck tu tk chong")  # a note with figures in it is still her note
    assert "• Tiền: 300.000\xa0₫" in screen and "ngoài các đợt vận động" in screen  # the drive still chosen
    assert "• Ghi chú: FT2433 ck tu tk chong" in screen
    await hoa.choose("Có")
    assert [gift.amount_vnd for gift in await _gifts(app)] == [300_000]


async def test_back_at_the_photo_question_of_labour_days_asks_the_days_again(
    app, invites, make_person
) -> None:
    ba = make_person("ba")
    await join(ba, invites.member)
    await ba.choose("Ghi nhận đóng góp")
    await ba.choose("ngoài các đợt vận động")
    await ba.choose("Ngày công")
    await ba.say("2")

    screen = await ba.choose("Quay lại")

    assert "Anh/chị góp bao nhiêu ngày công?" in screen


# A Saturday's volunteer work as members say it: hours and sessions (“4 tiếng” is half a day, “2 buổi” one)
# were read as that many days (4 and 2 ngày công); half a day said in words was “from 1 to 365”.
@examples_on_one_profile(
    ("typed", "said"),
    [
        ("4 tiếng", "2 buổi hoặc 8 tiếng là 1 ngày công"),
        ("2 buoi", "2 buổi hoặc 8 tiếng là 1 ngày công"),
        ("8 giờ", "2 buổi hoặc 8 tiếng là 1 ngày công"),
        ("4tiếng", "2 buổi hoặc 8 tiếng là 1 ngày công"),  # typed without a space: was “từ 1 đến 365”
        ("nửa ngày", "Ngày công tính theo ngày tròn"),
    ],
)
async def test_hours_sessions_or_half_a_day_are_not_read_as_labour_days(
    app, invites, make_person, typed, said
) -> None:
    ba = make_person("ba")
    await join(ba, invites.member)
    await ba.choose("Ghi nhận đóng góp")
    await ba.choose("ngoài các đợt vận động")
    await ba.choose("Ngày công")

    screen = await ba.say(typed)

    assert said in screen and "ví dụ: " in screen.lower() and "Ghi chú" not in screen
    screen = await ba.say("1")  # what works, said in the answer
    assert "gửi ảnh công việc đã làm" in screen
    assert await _gifts(app) == []


@examples_on_one_profile(
    "typed",
    [
        "ung ho 2 buoi lao dong",
        "ủng hộ 4 tiếng công",
        "ủng hộ 2 buổi sáng",  # were goods called so, asked their value in đồng
        "ủng hộ 8 giờ",
        "ung ho 8h",  # was “Chưa đọc được số tiền”
        "ủng hộ 4tiếng",  # was “từ 1 đến 365”, and the menu
    ],
)
async def test_labour_typed_at_the_menu_in_sessions_or_hours_is_no_goods_worth_dong(app, hoa, typed) -> None:
    """“2 buổi lao động” typed with a giving word was goods called so, asked its value in đồng: a Saturday's
    work would have counted as money. The rule is said and the days are asked at their own step. “giờ”
    typed with its marks is hours; “giỏ” (a basket) stays goods."""
    screen = await hoa.say(typed)

    assert "2 buổi hoặc 8 tiếng là 1 ngày công" in screen and "Anh/chị muốn ủng hộ" not in screen
    await hoa.choose("ngoài các đợt vận động")
    screen = await hoa.choose("Ngày công")
    assert "Anh/chị góp bao nhiêu ngày công?" in screen and "trị giá" not in screen
    await hoa.say("1")
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")
    assert [(gift.kind, gift.labour_days, gift.amount_vnd) for gift in await _gifts(app)] == [
        ("labour", 1, 0)
    ]


# Part of a day with a giving word at the menu: “1 ngày rưỡi” was goods asked its value in đồng, “nửa ngày
# công” went on to the drive and the kind with nothing said; “1,5 ngày” was answered that days are whole.
@examples_on_one_profile("typed", ["ủng hộ 1 ngày rưỡi", "ung ho nua ngay cong"])
async def test_part_of_a_day_typed_at_the_menu_is_answered_that_days_are_whole(app, hoa, typed) -> None:
    screen = await hoa.say(typed)

    assert "Ngày công tính theo ngày tròn" in screen and "ví dụ: 2" in screen
    assert "Anh/chị muốn ủng hộ" not in screen and "đợt vận động nào" not in screen
    assert await _gifts(app) == []


# She meant 300k: typed again where the photo or a note is asked, alone or after the words that put a slip
# right (these were the note “nham roi, 300k” under a gift of 200.000 ₫: decision 0248).
@examples_on_one_profile("typed", ["300k", "nham roi, 300k", "Sửa lại: 300k"])
async def test_a_new_amount_typed_where_the_photo_is_asked_is_the_amount_not_a_note(app, hoa, typed) -> None:
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")

    screen = await hoa.say(typed)

    assert "• Tiền: 300.000\xa0₫" in screen and "Ghi chú" not in screen
    assert "300.000\xa0₫" in screen.split("\n")[0] and "200.000\xa0₫" in screen.split("\n")[0]
    await hoa.choose("Có")
    assert [(gift.amount_vnd, gift.note) for gift in await _gifts(app)] == [(300_000, None)]


@on_buttons
async def test_the_same_amount_typed_twice_is_no_note(app, hoa) -> None:
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")

    screen = await hoa.say("200k")  # the phone was slow: the amount typed a second time

    assert "• Tiền: 200.000\xa0₫" in screen and "Ghi chú" not in screen
    await hoa.choose("Có")
    assert [(gift.amount_vnd, gift.note) for gift in await _gifts(app)] == [(200_000, None)]


@on_text_only
async def test_labour_days_typed_again_where_the_photo_is_asked_are_the_days(
    app, invites, make_person
) -> None:
    ba = make_person("ba")
    await join(ba, invites.member)
    await ba.say("ung ho 2 ngay cong")
    await ba.choose("ngoài các đợt vận động")

    screen = await ba.say("3 ngay")

    assert "Đã đổi: 3 ngày công thay cho 2 ngày công." in screen and "• Ngày công: 3 ngày công" in screen
    await ba.choose("Có")
    assert [(gift.labour_days, gift.note) for gift in await _gifts(app)] == [(3, None)]


async def test_yes_typed_twice_at_the_last_look_does_not_put_the_name_on_the_statement(app, hoa) -> None:
    """On a chat without buttons the receipt was slow: “có” typed again landed on the question that follows
    a first gift, whether the public statement may show her name, and showed it."""
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Bỏ qua")
    await hoa.say("co")

    screen = await hoa.say("co")  # the same “có” again, a second later

    assert "Đã lưu" not in screen and "CT-2026-000001 đã được ghi nhận" in screen
    assert "Hiện tên tôi" in screen and "Ẩn danh" in screen  # the question waits, its answers named
    async with app.sessionmaker() as session:
        hoa_record = (await session.scalars(select(Person).where(Person.full_name == "Võ Thị Hoa"))).one()
        assert hoa_record.public_name is None  # the statement still says “Nhà hảo tâm”
    screen = await hoa.say("co")  # asked again and answered “có”: her answer
    assert "Đã lưu: bảng công khai hiện họ tên anh/chị." in screen


async def test_back_at_the_registrations_last_look_asks_the_last_figure_again(app, hoa) -> None:
    await hoa.say("/dangky")
    await hoa.choose("Ủng hộ Quỹ")
    await hoa.choose("Xong")
    await hoa.say("1tr")

    screen = await hoa.say("quay lai")  # 1tr was too much: she goes back to type it again

    assert "Chưa lưu" not in screen and "Anh/chị nhập mức mình đăng ký" in screen
    await hoa.say("500k")
    screen = await hoa.choose("Có")
    assert "Đã lưu đăng ký" in screen
    assert "• Ủng hộ Quỹ “Vì người nghèo”: 500.000\xa0₫" in await hoa.say("/dangky")


async def test_a_gift_typed_where_a_note_is_asked_asks_new_gift_or_note(app, hoa) -> None:
    """At “Ghi chú?” she types a gift as she would at the menu: it was kept as the note under the first gift,
    the last look reading “Tiền: 200.000 ₫ · Ghi chú: ung ho 300k” (decision 0229)."""
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")

    screen = await hoa.say("ung ho 300k")

    assert "“ung ho 300k” là một khoản đóng góp mới (300.000\xa0₫), không phải ghi chú" in screen
    assert "Khoản 200.000\xa0₫ của anh/chị chưa được lưu" in screen and "Ghi chú:" not in screen
    screen = await hoa.choose("Đổi thành 300.000\xa0₫")
    assert "Đã đổi: 300.000\xa0₫ thay cho 200.000\xa0₫." in screen and "minh chứng" in screen
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")

    await hoa.say("ung ho 100k")  # a second gift: labour days typed at its note, kept as the note by choice
    await hoa.choose("ngoài các đợt vận động")
    assert "(2 ngày công), không phải ghi chú" in await hoa.say("2 ngay cong")
    screen = await hoa.choose("Lấy làm ghi chú")
    assert "Đã lấy làm ghi chú: “2 ngay cong”." in screen
    assert "• Tiền: 100.000\xa0₫" in screen and "• Ghi chú: 2 ngay cong" in screen
    await hoa.choose("Có")
    gifts = [(gift.kind, gift.amount_vnd, gift.note) for gift in await _gifts(app)]
    assert gifts == [("money", 300_000, None), ("money", 100_000, "2 ngay cong")]


@on_text_only
async def test_a_gift_typed_at_the_note_may_be_a_second_gift_after_the_first(app, hoa) -> None:
    """“ung ho 300k” at the note of 200.000 ₫, meaning “this one, and another”: the only new gift offered
    took the place of the 200.000 ₫; keeping both took Back, Yes and the gift typed again (decision 0236). Now
    a choice keeps both: the first saved as it stands and said, then the second from its figure."""
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")

    screen = await hoa.say("ung ho 300k")

    assert "Khoản 200.000\xa0₫ của anh/chị chưa được lưu" in screen
    assert "lưu khoản này rồi ghi thêm khoản mới, đổi khoản này thành khoản mới" in screen
    screen = await hoa.choose("Lưu 200.000\xa0₫, rồi ghi thêm 300.000\xa0₫")
    assert "Đã ghi nhận 200.000\xa0₫.\nMã tham chiếu: CT-2026-000001" in screen
    assert "Tiếp theo là khoản mới: 300.000\xa0₫." in screen and "minh chứng" in screen  # its photo or note
    assert [(gift.amount_vnd, gift.note) for gift in await _gifts(app)] == [(200_000, None)]
    screen = await hoa.choose("Bỏ qua")
    assert "• Tiền: 300.000\xa0₫" in screen and "ngoài các đợt vận động" in screen  # the same Fund
    screen = await hoa.choose("Có")
    assert (
        "CT-2026-000002" in screen and "Hiện tên tôi" in screen
    )  # her first gifts: the statement's question
    assert [(gift.amount_vnd, gift.note) for gift in await _gifts(app)] == [(200_000, None), (300_000, None)]


async def test_an_amount_or_days_typed_where_the_goods_are_asked_are_not_goods(app, hoa) -> None:
    """“Hiện vật” chosen by a slip, then “200k” or “2 ngay cong” typed where the goods are asked: they were
    recorded as goods called “200k” (decision 0229)."""
    await hoa.choose("Ghi nhận đóng góp")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Hiện vật")

    screen = await hoa.say("200k")

    assert "“200k” không phải hiện vật: xin ghi là tiền." in screen and "minh chứng" in screen
    assert "• Tiền: 200.000\xa0₫" in await hoa.choose("Bỏ qua")
    await hoa.choose("Có")

    await hoa.choose(
        "Ghi nhận đóng góp"
    )  # the winter-jackets drive takes goods only: said, goods asked again
    await hoa.choose("Áo ấm")  # what the goods are asked at once (decision 1776)
    screen = await hoa.say("2 ngay cong")
    assert "đợt vận động này không nhận ngày công" in screen and "Anh/chị ủng hộ hiện vật gì?" in screen
    assert "Hiện vật trị giá" in await hoa.say("5 ao am")
    assert [(gift.kind, gift.amount_vnd) for gift in await _gifts(app)] == [("money", 200_000)]


@on_buttons
async def test_the_receipts_photo_sent_at_the_last_look_goes_with_the_gift(app, hoa, settings) -> None:
    """“Bỏ qua” at the photo, then the transfer's screenshot sent once it was done, at the last look: it was
    answered “vui lòng chọn một mục” and dropped, the gift recorded without evidence (decision 0229)."""
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Bỏ qua")
    greeted = store(settings.media_dir, b"\xff\xd8\xff anh chup voi")
    hoa.clock.advance(seconds=1)
    hoa.last = await hoa.channel.receive(
        "hoa", photo=Photo(greeted.sha256, greeted.path, greeted.size, "xin chào ad"), at=hoa.clock()
    )
    screen = hoa.screen  # a greeting is no note for the treasurer: “• Ghi chú: xin chào ad” (decision 0303)
    assert "ảnh này sẽ được lưu làm minh chứng" in screen and "vui lòng chọn" not in screen
    assert "• Minh chứng: 1 ảnh" in screen and "Ghi chú" not in screen
    stored = store(settings.media_dir, b"\xff\xd8\xff anh chuyen khoan")

    hoa.clock.advance(seconds=1)
    hoa.last = await hoa.channel.receive(
        "hoa", photo=Photo(stored.sha256, stored.path, stored.size, "ck tu vcb"), at=hoa.clock()
    )

    screen = hoa.screen
    assert "được lưu cùng các ảnh gửi kèm" in screen and "vui lòng chọn" not in screen  # beside it (1575)
    assert "• Minh chứng: 2 ảnh" in screen and "• Ghi chú: ck tu vcb" in screen
    # a clearer one, with the whole transfer's text under it: too long for a note, it dropped the photo too
    clearer = store(settings.media_dir, b"\xff\xd8\xff anh ro hon")
    hoa.clock.advance(seconds=1)
    hoa.last = await hoa.channel.receive(
        "hoa", photo=Photo(clearer.sha256, clearer.path, clearer.size, "ck tu vcb." * 60), at=hoa.clock()
    )
    screen = hoa.screen
    assert "được lưu cùng các ảnh gửi kèm" in screen and "600 ký tự" in screen and "không được giữ" in screen
    assert "• Minh chứng: 3 ảnh" in screen and "• Ghi chú: ck tu vcb\n" in screen
    await hoa.choose("Có")
    async with app.sessionmaker() as session:
        kept = set(await session.scalars(select(Evidence.path)))
    assert kept == {greeted.path, stored.path, clearer.path}


async def test_a_new_amount_typed_at_the_last_look_is_the_amount(app, hoa) -> None:
    """At “Anh/chị vui lòng kiểm tra lại” she sees 200k where she meant 300k and types it: she was told
    “vui lòng chọn một mục”, and only “Không” and the whole gift again fixed it (decision 0229)."""
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Bỏ qua")

    screen = await hoa.say("300k")

    assert "Đã đổi: 300.000\xa0₫ thay cho 200.000\xa0₫." in screen and "vui lòng chọn" not in screen
    assert "• Tiền: 300.000\xa0₫" in screen and "Có, xác nhận" in screen
    assert "vui lòng chọn" in await hoa.say("2 ngay cong")  # another kind is no figure of this gift
    # with its giving word, a new figure may be a second gift: asked as at the note (decision 0236)
    screen = await hoa.say("ung ho 400k")
    assert "Khoản 300.000\xa0₫ của anh/chị chưa được lưu" in screen and "Lưu 300.000\xa0₫, rồi ghi" in screen
    assert "• Tiền: 300.000\xa0₫" in await hoa.choose("Quay lại")  # the last look as it was
    screen = await hoa.say("/donggop 400k")  # the command with its figure: the same question (decision 0250)
    assert "Lưu 300.000\xa0₫, rồi ghi" in screen and "Chưa lưu" not in screen
    screen = await hoa.choose("Đổi thành 400.000\xa0₫")
    assert "Đã đổi: 400.000\xa0₫ thay cho 300.000\xa0₫." in screen
    screen = await hoa.choose("Bỏ qua")
    assert "• Tiền: 400.000\xa0₫" in screen
    screen = await hoa.say("sai roi, 450k")  # a slip put right in words: the figure (decision 0248)
    assert "Đã đổi: 450.000\xa0₫ thay cho 400.000\xa0₫." in screen and "• Tiền: 450.000\xa0₫" in screen
    await hoa.choose("Có")
    assert [(gift.amount_vnd, gift.note) for gift in await _gifts(app)] == [(450_000, None)]


async def test_the_gifts_command_with_its_figure_at_the_amount_or_note_is_read_as_its_words(app, hoa) -> None:
    """“/donggop 200k” typed where the amount or the photo-or-note is asked started the gift afresh, its drive
    asked again and the one chosen dropped, where “ung ho 200k” is read there (decision 0257)."""
    await hoa.choose("Ghi nhận đóng góp")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")

    screen = await hoa.say("/donggop 200k")  # at the amount: the amount, the Fund kept

    assert "minh chứng" in screen and "đợt vận động nào" not in screen
    screen = await hoa.say("/donggop 300k")  # at the note: asked as “ung ho 300k” is
    assert "“/donggop 300k” là một khoản đóng góp mới (300.000\xa0₫), không phải ghi chú" in screen
    await hoa.choose("Đổi thành 300.000\xa0₫")
    screen = await hoa.choose("Bỏ qua")
    assert "• Tiền: 300.000\xa0₫" in screen and "ngoài các đợt vận động" in screen
    await hoa.choose("Có")
    assert [(gift.amount_vnd, gift.note) for gift in await _gifts(app)] == [(300_000, None)]


async def test_a_last_look_left_overnight_is_shown_again_with_its_day_before_it_is_saved(app, hoa) -> None:
    """She left the summary of her gift unanswered in the evening and typed “có” the next morning: the gift
    was saved and dated that morning, a day the summary never showed (on 31 December, in the next year)."""
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Bỏ qua")  # 09:00 on 22/11/2026, Hà Nội time
    hoa.clock.advance(hours=20)

    screen = await hoa.say("có")  # 05:00 the next day

    assert "Đã sang ngày mới từ lúc anh/chị xem khoản này (22/11/2026)" in screen
    assert "• Ngày ghi nhận: 23/11/2026" in screen and "• Tiền: 200.000\xa0₫" in screen
    assert await _gifts(app) == []
    assert "CT-2026-000001" in await hoa.say("có")
    assert [(gift.amount_vnd, local_date(gift.created_at)) for gift in await _gifts(app)] == [
        (200_000, date(2026, 11, 23))
    ]

    # “save this one, then the new one” at the note, chosen the next day: the day said first, then saved
    await hoa.say("ung ho 100k")
    await hoa.choose("ngoài các đợt vận động")
    assert "Lưu 100.000\xa0₫, rồi ghi thêm 300.000\xa0₫" in await hoa.say("ung ho 300k")
    hoa.clock.advance(hours=20)
    screen = await hoa.choose("Lưu 100.000\xa0₫, rồi ghi thêm 300.000\xa0₫")
    assert "Đã sang ngày mới từ lúc anh/chị xem câu hỏi này (23/11/2026)" in screen
    assert "khoản 100.000\xa0₫ được ghi nhận ngày 24/11/2026" in screen
    assert len(await _gifts(app)) == 1  # nothing saved on a day no screen showed
    screen = await hoa.choose("Lưu 100.000\xa0₫, rồi ghi thêm 300.000\xa0₫")
    assert "Đã ghi nhận 100.000\xa0₫." in screen and "Tiếp theo là khoản mới: 300.000\xa0₫." in screen
    assert [(gift.amount_vnd, local_date(gift.created_at)) for gift in await _gifts(app)][1] == (
        100_000,
        date(2026, 11, 24),
    )


@on_text_only
async def test_an_amount_put_right_at_the_new_gift_question_is_read_as_its_amount(app, hoa) -> None:
    """“ung ho 2000k” typed by mistake at a gift's note: “nham, 200k thoi” and “sua so tien” at the question
    that follows got “please choose”; the question offered only “Đổi thành 2.000.000 ₫” (decision 1518)."""
    await hoa.say("ung ho 100k")
    await hoa.choose("ngoài các đợt vận động")
    assert "Đổi thành 2.000.000\xa0₫" in await hoa.say("ung ho 2000k")

    screen = await hoa.say("sua so tien")

    assert "vui lòng chọn" not in screen and "ví dụ: 200k" in screen
    screen = await hoa.say("nham, 200k thoi")

    assert "vui lòng chọn" not in screen and "Đổi thành 200.000\xa0₫" in screen
    assert "2.000.000" not in screen
    screen = await hoa.choose("Đổi thành 200.000\xa0₫")
    assert "Đã đổi: 200.000\xa0₫ thay cho 100.000\xa0₫." in screen
    await hoa.choose("Bỏ qua")
    assert [gift.amount_vnd for gift in await _gifts(app)] == []  # the last look first
    await hoa.choose("Có")
    assert [gift.amount_vnd for gift in await _gifts(app)] == [200_000]


@on_buttons
async def test_the_menu_typed_at_a_gifts_question_says_the_gift_was_not_saved(app, hoa) -> None:
    """/menu at a gift's note dropped it without a word, where a last look left so says “Chưa lưu” (1518);
    left before its last look, the line says she left before confirming, never that she left a confirming step
    she never reached (2795)."""
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")

    screen = await hoa.say("/menu")

    assert screen.count("Chưa lưu") == 1 and "chưa được lưu" in screen
    assert "Chưa lưu: anh/chị đã chuyển sang mục khác trước khi xác nhận" in screen
    assert "rời đi trước" not in screen
    assert await _gifts(app) == []


@on_text_only
async def test_how_the_money_went_typed_at_the_last_look_is_kept_as_its_note(app, hoa) -> None:
    """“chuyen khoan” typed at a gift's last look got “please choose”: the bot never asks how the money went,
    and she said it (decision 1518)."""
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Bỏ qua")

    screen = await hoa.say("chuyen khoan")

    assert "vui lòng chọn" not in screen and "Đã lấy làm ghi chú: “chuyen khoan”." in screen
    assert "• Ghi chú: chuyen khoan" in screen and await _gifts(app) == []
    await hoa.choose("Có")
    assert [(gift.amount_vnd, gift.note) for gift in await _gifts(app)] == [(200_000, "chuyen khoan")]


@on_buttons
async def test_a_whole_gift_typed_at_the_new_gift_question_is_read_as_the_new_gift(app, hoa) -> None:
    """“ung ho 200k” typed again at the new gift's question, meaning 200k, got “please choose”: a gift typed
    whole there is the new gift, asked again with it, nothing saved before the last look (decision 1574)."""
    await hoa.say("ung ho 100k")
    await hoa.choose("ngoài các đợt vận động")
    assert "Đổi thành 2.000.000\xa0₫" in await hoa.say("ung ho 2000k")

    screen = await hoa.say("ung ho 200k")

    assert "vui lòng chọn" not in screen and "Đổi thành 200.000\xa0₫" in screen
    assert "2.000.000" not in screen and await _gifts(app) == []
    await hoa.choose("Đổi thành 200.000\xa0₫")
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")
    assert [gift.amount_vnd for gift in await _gifts(app)] == [200_000]


@on_buttons
async def test_a_second_screenshot_sent_alone_at_the_last_look_is_kept_beside_the_first(
    app, hoa, settings
) -> None:
    """A teacher sends the bank app's two pages of one transfer a minute apart: the second replaced the first
    (“ảnh này sẽ thay ảnh trước”) and the treasurer saw half of it. Both are its evidence (decision 1575)."""
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Bỏ qua")
    pages = [store(settings.media_dir, b"\xff\xd8\xff trang %d" % n) for n in (1, 2)]
    for page in pages:
        hoa.clock.advance(seconds=90)
        hoa.last = await hoa.channel.receive(
            "hoa", photo=Photo(page.sha256, page.path, page.size, None), at=hoa.clock()
        )

    screen = hoa.screen
    assert "thay ảnh trước" not in screen and "được lưu cùng các ảnh gửi kèm" in screen
    assert "• Minh chứng: 2 ảnh" in screen
    await hoa.choose("Có")
    async with app.sessionmaker() as session:
        kept = set(await session.scalars(select(Evidence.path)))
    assert kept == {page.path for page in pages}


async def _receipt(hoa, settings, page: int) -> None:
    """One page of a transfer's screenshot sent alone, ninety seconds after the one before it."""
    kept = store(settings.media_dir, b"\xff\xd8\xff trang %d" % page)
    hoa.clock.advance(seconds=90)
    hoa.last = await hoa.channel.receive(
        "hoa", photo=Photo(kept.sha256, kept.path, kept.size, None), at=hoa.clock()
    )


@on_text_only
async def test_a_second_screenshot_sent_before_the_gift_is_typed_is_kept_beside_the_first(
    app, hoa, settings
) -> None:
    """A teacher sends her bank app's first page at the menu and its second at the drive's question: the
    second took the first one's place there, unsaid, and the last look showed one photo (decision 1630)."""
    await _receipt(hoa, settings, 1)
    await _receipt(hoa, settings, 2)

    assert "được lưu cùng các ảnh gửi kèm" in hoa.screen
    await hoa.choose("ngoài các đợt vận động")
    await hoa.say("200k")
    assert "• Minh chứng: 2 ảnh" in hoa.screen
    await hoa.choose("Có")
    async with app.sessionmaker() as session:
        assert len(set(await session.scalars(select(Evidence.path)))) == 2


@on_buttons
async def test_hem_typed_at_a_gifts_last_look_is_no(app, hoa) -> None:
    """“hem”, as chats write “không”, at a gift's last look was “please choose” (decision 1631): it is No."""
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Bỏ qua")
    await hoa.say("hem")

    assert "Đã hủy" in hoa.screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(Contribution)) is None
