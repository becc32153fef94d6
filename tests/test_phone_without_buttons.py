"""A member and a treasurer on a phone without buttons, typing every answer: the progress screen names only
what they gave, Back goes one step back wherever it is offered, and a “có” sent twice is taken kindly."""

from __future__ import annotations

from tests.test_flows import join
from tests.test_queue import entries, give


def _totals(screen: str) -> str:
    return next(line for line in screen.split("\n") if line.startswith("Tổng năm nay"))


async def test_progress_names_only_the_kinds_given(hoa) -> None:
    """“hiện vật 0 ₫ đã xác nhận, 0 ₫ đang chờ; ngày công 0 …” for kinds never given was a long line to scroll
    on a phone; a member who gave money reads only money."""

    assert _totals(await hoa.say("/tiendo")) == "Tổng năm nay: chưa có khoản nào."

    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.say("ok")  # no photo: “Bỏ qua”, as the button (decision 2812)
    await hoa.say("co")
    await hoa.say("/menu")

    totals = _totals(await hoa.say("/tiendo"))

    assert totals == "Tổng năm nay: tiền 200.000\xa0₫ đang chờ."


async def test_back_at_the_goods_value_asks_what_the_goods_are_again(app, invites, make_person) -> None:
    """“quay lai” at the goods' value cancelled the whole gift, where every other step goes one step back."""
    ba = make_person("ba")
    await join(ba, invites.member)
    await ba.choose("Ghi nhận đóng góp")
    await ba.choose("ngoài các đợt vận động")
    await ba.choose("Hiện vật")
    await ba.say("10kg gao")

    screen = await ba.say("quay lai")  # it was 20 kg

    assert "Đã hủy" not in screen and "Anh/chị ủng hộ hiện vật gì?" in screen
    await ba.say("20kg gao")
    await ba.say("300k")
    screen = await ba.choose("Bỏ qua")
    assert "20 kg gạo" in screen and "10 kg" not in screen and "ngoài các đợt vận động" in screen


async def test_yes_typed_again_after_a_registration_is_saved_says_it_is_saved(hoa) -> None:
    """“co” typed twice at the registration's last look while the reply was slow: the second one, at the main
    menu, was answered “vui lòng chọn một mục” as if it were a mistake."""
    await hoa.say("/dangky")
    await hoa.choose("Ủng hộ Quỹ")
    screen = await hoa.say("ok")  # an item ticked: “Xong” (decision 2813), its figure asked
    assert "vui lòng chọn" not in screen and "Ủng hộ Quỹ" in screen
    await hoa.say("500k")
    assert "Đã lưu đăng ký" in await hoa.say("co")

    screen = await hoa.say("dong y")  # a yes again, a second later, typed without marks (decision 2930)

    assert "Đăng ký của anh/chị đã được lưu rồi." in screen and "vui lòng chọn" not in screen
    assert "Ghi nhận đóng góp" in screen  # the menu, to go on from
    screen = await hoa.say("đồng ý")  # typed once more: no longer the slow reply, the menu asks to choose
    assert "vui lòng chọn" in screen


async def test_yes_typed_again_after_a_second_gift_says_it_is_recorded(app, hoa) -> None:
    """After a gift that is not the first (no question about the name follows it), “co” sent twice at the
    last look was answered at the main menu “vui lòng chọn một mục”, as if the giver had made a mistake."""
    await give(hoa, "200k")
    await hoa.say("/menu")
    await hoa.say("ung ho 300k")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Bỏ qua")
    assert "CT-2026-000002" in await hoa.say("co")

    screen = await hoa.say("co")  # the same “có” again, a second later

    assert "Khoản CT-2026-000002 đã được ghi nhận rồi." in screen and "vui lòng chọn" not in screen
    assert "Ghi nhận đóng góp" in screen
    assert len(await entries(app)) == 2  # recorded once
    assert "vui lòng chọn" in await hoa.say("co")  # once more: no longer the slow reply


async def test_yes_typed_in_the_treasurers_queue_confirms_what_is_ticked(
    app, hoa, invites, make_person
) -> None:
    """“co” typed with entries ticked got “vui lòng chọn một mục”: it now does what “Xác nhận các khoản” does,
    the last look first; the same “co” sent twice is not taken for the last look's answer."""
    nam, mai = make_person("nam"), make_person("mai")
    await join(nam, invites.member, "Đỗ Văn Nam")
    await give(hoa, "200k")
    await give(nam, "1tr")
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    assert "vui lòng chọn ít nhất một khoản" in await mai.say("co")  # nothing ticked yet: said, as the button
    await mai.choose("CT-2026-000001")

    screen = await mai.say("co")

    assert "Anh/chị xác nhận đã nhận các khoản sau (1 khoản):" in screen and "200.000\xa0₫" in screen
    assert "CT-2026-000002" not in screen and "vui lòng chọn một mục" not in screen
    screen = await mai.say("co")  # the same “co” again, a second later: the list is read first
    assert "Đã xác nhận" not in screen and "CT-2026-000001" in screen
    assert (await entries(app))["CT-2026-000001"].status == "recorded"
    screen = await mai.say("co")
    assert "Đã xác nhận: CT-2026-000001" in screen
    found = await entries(app)
    assert (found["CT-2026-000001"].status, found["CT-2026-000002"].status) == ("confirmed", "recorded")


async def test_yes_typed_where_the_photo_is_asked_is_no_note(app, hoa) -> None:
    """“co” typed where the receipt's photo or a note is asked (go on, no photo) was kept as the gift's note,
    “Ghi chú: co”, then asked again for a photo: it is now “Bỏ qua” (decision 2812), the note stays empty."""
    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")

    screen = await hoa.say("co")

    assert "200.000\xa0₫" in screen and "Ghi chú" not in screen and "gửi ảnh vào đây" not in screen
    await hoa.say("co")
    (gift,) = (await entries(app)).values()
    assert gift.note is None and gift.status == "recorded"
