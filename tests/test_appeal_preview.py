"""The appeal's last look on an officer's phone, before it goes to a whole hospital: it says which drive it
asks for and whom it goes to — the units by name, the role, those who have not given — not only how many; and
when she sees she chose the wrong people, “Đổi người nhận” asks only whom again, the text and the drive kept
(decision 0186)."""

from __future__ import annotations

from datetime import date

from bot.app import App
from bot.db.models import Person
from bot.domain.access import actor_for
from bot.domain.drives import NewDrive, create_drive
from tests.support.clocks import NOW
from tests.test_appeal_walk import _drive
from tests.test_drives import seed


async def test_the_last_look_names_the_drive_and_whom_and_whom_can_be_changed(app: App, make_person) -> None:
    ids = await seed(app)
    await _drive(app, ids)
    for colleague in ("lan", "mai", "binh", "tam"):
        await make_person(colleague).say("/menu")
    hung = make_person("hung")
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
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


async def test_the_last_look_of_an_appeal_for_a_drive_of_some_units_names_the_units_it_reaches(
    app: App, make_person
) -> None:
    """The whole hospital's officer asks everyone she covers for Khoa Dược's own drive: it reaches Khoa
    Dược's people alone, who may give to it; the last look said “Tất cả (các đơn vị tôi phụ trách)”."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await create_drive(
            session,
            hung,
            NewDrive("Quà Tết khoa Dược", date(2026, 11, 1), date(2026, 12, 31), unit_ids=(ids["unit B"],)),
            now=NOW,
        )
    for colleague in ("lan", "mai", "binh", "tam"):
        await make_person(colleague).say("/menu")
    hung_chat = make_person("hung")
    await hung_chat.say("/keugoi")
    await hung_chat.choose("Soạn tin mới")
    await hung_chat.say("Mời anh chị chung tay lo Tết cho khoa!")
    await hung_chat.choose("Quà Tết khoa Dược")
    screen = await hung_chat.choose("Tất cả")
    assert "• Gửi cho: Mọi người ở các đơn vị của đợt: Khoa Dược" in screen and "Số người nhận: 2." in screen
    assert "các đơn vị tôi phụ trách" not in screen
    assert "Đang gửi đến 2 người" in await hung_chat.choose("Gửi ngay")


async def test_whom_typed_in_a_busy_officers_words_goes_to_the_last_look_at_once(
    app: App, make_person
) -> None:
    """“tat ca” at “Anh/chị muốn gửi cho ai?” showed “1 lựa chọn khớp với “tat ca”:” and the same option again
    to pick by its number; her next words, “gui ngay”, fell on that list and the whole question came back. The
    audiences' own words, typed, now lead to the last look as the option pressed does (decision 1459)."""
    ids = await seed(app)
    await _drive(app, ids)
    hung = make_person("hung")
    for typed, whom in (("tat ca", "Tất cả"), ("chua ung ho", "Những người chưa ủng hộ đợt này")):
        await hung.say("/keugoi")
        await hung.choose("Soạn tin mới")
        await hung.say("Moi anh chi chung tay lo Tet!")
        await hung.choose("Tháng cao điểm 2026")
        screen = await hung.say(typed)
        assert "khớp với" not in screen and f"• Gửi cho: {whom}" in screen
        assert "Số người nhận: 4." in screen
        await hung.choose("Không gửi")
