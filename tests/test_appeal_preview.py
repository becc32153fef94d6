"""The appeal's last look on an officer's phone, before it goes to a whole hospital: it says which drive it
asks for and whom it goes to — the units by name, the role, those who have not given — not only how many; and
when she sees she chose the wrong people, “Đổi người nhận” asks only whom again, the text and the drive kept
(decision 0186)."""

from __future__ import annotations

from bot.app import App
from tests.test_appeal_walk import _drive
from tests.test_drives import seed


async def test_the_last_look_names_the_drive_and_whom_and_whom_can_be_changed(app: App, make_person) -> None:
    ids = await seed(app)
    await _drive(app, ids)
    for colleague in ("lan", "mai", "binh", "tam"):
        await make_person(colleague).say("/menu")
    hung = make_person("hung")
    await hung.say("/keugoi")
    await hung.choose("Soạn lời kêu gọi mới")
    await hung.say("Mời anh chị chung tay lo Tết!")
    await hung.choose("Tháng cao điểm 2026")
    screen = await hung.choose("Tất cả")  # meant Khoa Dược only
    assert "• Đợt vận động: Tháng cao điểm 2026" in screen
    assert "• Gửi cho: Tất cả (các đơn vị tôi phụ trách)" in screen and "Số người nhận: 4." in screen
    screen = await hung.choose("Đổi người nhận")
    assert "Anh/chị muốn gửi cho ai?" in screen
    await hung.choose("Một số đơn vị")
    await hung.choose("Khoa Dược")
    screen = await hung.choose("Xong")
    assert "Mời anh chị chung tay lo Tết!" in screen  # the text kept
    assert "• Gửi cho: Khoa Dược" in screen and "Số người nhận: 2." in screen
    assert "Đang gửi đến 2 người" in await hung.choose("Gửi ngay")
    sent = hung.channel.transport.sent
    assert sorted(to for to, m in sent if m.text == "Mời anh chị chung tay lo Tết!") == ["binh", "tam"]
