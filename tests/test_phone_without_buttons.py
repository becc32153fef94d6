"""A member and a treasurer on a phone without buttons, typing every answer: the progress screen names only
what they gave, Back goes one step back wherever it is offered, and a “có” sent twice is taken kindly."""

from __future__ import annotations

from tests.test_flows import join


def _totals(screen: str) -> str:
    return next(line for line in screen.split("\n") if line.startswith("Tổng năm nay"))


async def test_progress_names_only_the_kinds_given(invites, make_person) -> None:
    """“hiện vật 0 ₫ đã xác nhận, 0 ₫ đang chờ; ngày công 0 …” for kinds never given was a long line to scroll
    on a phone; a member who gave money reads only money."""
    hoa = make_person("hoa")
    await join(hoa, invites.member)

    assert _totals(await hoa.say("/tiendo")) == "Tổng năm nay: chưa có khoản nào."

    await hoa.say("ung ho 200k")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Bỏ qua")
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
    assert "20kg gao" in screen and "10kg gao" not in screen and "ngoài các đợt vận động" in screen


async def test_yes_typed_again_after_a_registration_is_saved_says_it_is_saved(invites, make_person) -> None:
    """“co” typed twice at the registration's last look while the reply was slow: the second one, at the main
    menu, was answered “vui lòng chọn một mục” as if it were a mistake."""
    hoa = make_person("hoa")
    await join(hoa, invites.member)
    await hoa.say("/dangky")
    await hoa.choose("Ủng hộ Quỹ")
    await hoa.choose("Xong")
    await hoa.say("500k")
    assert "Đã lưu đăng ký" in await hoa.say("co")

    screen = await hoa.say("co")  # the same “có” again, a second later

    assert "Đăng ký của anh/chị đã được lưu rồi." in screen and "vui lòng chọn" not in screen
    assert "Ghi nhận đóng góp" in screen  # the menu, to go on from
    screen = await hoa.say("co")  # typed once more: no longer the slow reply, the menu asks to choose
    assert "vui lòng chọn" in screen
