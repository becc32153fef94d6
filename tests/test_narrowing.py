"""Typing part of a name at a long menu (decision 0088): every word typed starts a word of the option's name,
in any order, accents optional. One option so named is chosen at once, unless a last look follows it, as here:
then it is listed alone, to pick by its number (decision 0225); several narrow the menu to them (with its
actions, "Quay lại" last), where a number is the narrowed list's and the options chosen are the flow's
own; nothing so named gets the usual answer with an example and changes nothing. Shown at a hospital's 35
departments when the office grants a role ("Phân quyền"), in the chat's words on a text-only channel and as
buttons on Telegram."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.conversation.recognise import matching, typed_example
from bot.db.models import Drive, Organisation, RoleAssignment, Unit
from bot.messages import BUTTONS, TEXT_ONLY
from tests import test_telegram
from tests.support.clocks import NOW
from tests.support.orgs import person_on
from tests.support.people import Person
from tests.support.profiles import on_text_only
from tests.test_telegram import Harness, joined, shown

# The fake Bot API, the app on it and a polling adapter: the same as tests/test_telegram.py uses.
tg = test_telegram.tg
harness = test_telegram.harness
polling = test_telegram.polling

DEPARTMENTS = (
    "Khoa Cấp cứu", "Khoa Hồi sức tích cực – Chống độc", "Khoa Nội tổng hợp", "Khoa Nội tim mạch",
    "Khoa Nội tiết", "Khoa Tim mạch can thiệp", "Khoa Thần kinh", "Khoa Truyền nhiễm", "Khoa Nhi", "Khoa Sản",
    "Khoa Ngoại tổng hợp", "Khoa Ngoại chấn thương", "Khoa Phẫu thuật – Gây mê hồi sức", "Khoa Tai Mũi Họng",
    "Khoa Răng Hàm Mặt", "Khoa Mắt", "Khoa Da liễu", "Khoa Y học cổ truyền", "Khoa Phục hồi chức năng",
    "Khoa Ung bướu", "Khoa Thận – Tiết niệu", "Khoa Tiêu hóa", "Khoa Hô hấp", "Khoa Lão khoa",
    "Khoa Xét nghiệm", "Khoa Chẩn đoán hình ảnh", "Khoa Giải phẫu bệnh", "Khoa Dược", "Khoa Dinh dưỡng",
    "Khoa Kiểm soát nhiễm khuẩn", "Khoa Khám bệnh", "Phòng Kế hoạch tổng hợp", "Phòng Điều dưỡng",
    "Phòng Tổ chức cán bộ", "Phòng Tài chính kế toán",
)  # fmt: skip
KHOA_NOI = {"Khoa Nội tổng hợp", "Khoa Nội tim mạch", "Khoa Nội tiết"}
LAN = "Nguyễn Thị Lan"


async def hospital(app: App) -> None:
    """A provincial hospital of 35 departments, its office (console account "office", an administrator of the
    whole hospital) and a nurse of Khoa Nội tổng hợp."""
    assert len(DEPARTMENTS) == 35
    async with app.sessionmaker() as session, session.begin():
        org = Organisation(code="BVT", name="Bệnh viện Đa khoa tỉnh", created_at=NOW)
        session.add(org)
        await session.flush()
        units = {name: Unit(org_id=org.id, code=f"K{n:02d}", name=name) for n, name in enumerate(DEPARTMENTS)}
        session.add_all(units.values())
        await session.flush()
        office = units["Phòng Tổ chức cán bộ"].id
        admin = [("admin", None)]
        await person_on(
            session, "console", "office", "Lê Thị Thu", org_id=org.id, unit_id=office, roles=admin, now=NOW
        )
        nurse = units["Khoa Nội tổng hợp"].id
        await person_on(session, "console", "lan", LAN, org_id=org.id, unit_id=nurse, roles=[], now=NOW)


async def at_the_units(office: Person) -> list[str]:
    """The office grants Lan the role of treasurer, up to “of which unit?”; the labels of that menu."""
    await office.say("/phanquyen")
    await office.choose("Giao vai trò")
    await office.say("nguyen thi lan")
    screen = await office.choose("Thủ quỹ")
    assert "Thủ quỹ của đơn vị nào" in screen
    return [choice.label for choice in office.menu.choices]


def asked(unit: str) -> str:
    return f"Anh/chị giao vai trò thủ quỹ {unit} cho {LAN}?"


async def named(office: Person, typed: str, unit: str) -> str:
    """`typed`, a part of the name of `unit` alone: the unit listed alone (a last look follows it: decision
    0225), and its number typed; the screen that follows."""
    screen = await office.say(typed)
    assert "1 lựa chọn khớp với" in screen
    assert [choice.label for choice in office.menu.choices] == [unit, "Xem cả danh sách", "Quay lại"]
    return await office.say("1")


async def test_khoa_noi_lists_the_three_khoa_noi_and_a_number_then_picks_among_them(
    app: App, make_person
) -> None:
    await hospital(app)
    office = make_person("office")
    whole = await at_the_units(office)
    assert len(whole) == 37 and whole[0] == "Toàn cơ quan" and whole[-1] == "Quay lại"

    screen = await office.say("khoa noi")
    assert "3 lựa chọn khớp với “khoa noi”:" in screen
    narrowed = [choice.label for choice in office.menu.choices]
    assert narrowed == [*(label for label in whole if label in KHOA_NOI), "Xem cả danh sách", "Quay lại"]
    number = narrowed.index("Khoa Nội tim mạch") + 1  # "2" once the units are in Vietnamese order
    assert asked("Khoa Nội tim mạch") in await office.say(str(number))

    await office.choose("Không")  # nothing granted; again, and narrowed once more by a word typed
    await at_the_units(office)
    await office.say("khoa noi")
    assert asked("Khoa Nội tiết") in await named(office, "tiet", "Khoa Nội tiết")

    await office.choose("Không")  # narrowed, a department not among them typed: found in the whole list
    await at_the_units(office)
    await office.say("khoa noi")
    assert asked("Khoa Cấp cứu") in await named(office, "cap cuu", "Khoa Cấp cứu")

    await office.choose("Không")  # "Quay lại" stays under the narrowed list, and means what it meant
    await at_the_units(office)
    await office.say("khoa noi")
    assert "Anh/chị giao vai trò nào cho" in await office.choose("Quay lại")

    await office.choose("Thủ quỹ")  # and "Xem cả danh sách" shows the 36 units again, at the same question
    await office.say("khoa noi")
    screen = await office.choose("Xem cả danh sách")
    assert "Thủ quỹ của đơn vị nào" in screen
    assert [choice.label for choice in office.menu.choices] == whole
    assert asked("Khoa Nhi") in await office.choose("Khoa Nhi")


async def test_words_in_another_order_or_apart_pick_the_one_department_they_name(
    app: App, make_person
) -> None:
    await hospital(app)
    office = make_person("office")
    await at_the_units(office)
    assert asked("Khoa Nội tim mạch") in await named(office, "tim noi", "Khoa Nội tim mạch")
    await office.choose("Không")
    await at_the_units(office)
    assert asked("Khoa Cấp cứu") in await named(office, "cap cuu", "Khoa Cấp cứu")
    await office.choose("Không")
    await at_the_units(office)
    assert asked("Khoa Cấp cứu") in await named(office, "cấp cứu khoa", "Khoa Cấp cứu")
    await office.choose("Có")
    async with app.sessionmaker() as session:
        granted = await session.execute(
            select(RoleAssignment.role, Unit.name).join(Unit, Unit.id == RoleAssignment.unit_id)
        )
        assert granted.all() == [("treasurer", "Khoa Cấp cứu")]


async def test_a_typo_gets_the_kind_answer_with_an_example_and_changes_nothing(app: App, make_person) -> None:
    await hospital(app)
    office = make_person("office")
    whole = await at_the_units(office)
    screen = await office.say("khoa nio")
    assert (
        "Anh/chị vui lòng chọn một mục dưới đây. Anh/chị cũng có thể gõ vài chữ trong tên của mục đó, "
        "ví dụ: co quan."
    ) in screen
    assert [choice.label for choice in office.menu.choices] == whole  # the same question, the whole list

    await office.say("khoa noi")  # narrowed, then nothing so named: the whole list again, not the three
    await office.say("khoa nio")
    assert [choice.label for choice in office.menu.choices] == whole
    async with app.sessionmaker() as session:
        assert (await session.execute(select(RoleAssignment.role))).scalars().all() == ["admin"]
    assert asked("Phòng Điều dưỡng") in await named(office, "dieu duong", "Phòng Điều dưỡng")  # still answers


async def test_a_button_of_the_whole_list_pressed_after_narrowing_still_chooses(app: App, clock) -> None:
    await hospital(app)
    office = Person(CollectingChannel(app.engine, BUTTONS), "office", clock)
    await at_the_units(office)
    whole = office.menu
    await office.say("khoa noi")
    assert len(office.menu.choices) == 5  # the three, "Xem cả danh sách" and "Quay lại"
    emergency = next(choice.id for choice in whole.choices if choice.label == "Khoa Cấp cứu")
    office.last = await office.channel.receive("office", choice=f"{whole.menu_token}:{emergency}", at=clock())
    assert asked("Khoa Cấp cứu") in office.screen


async def test_on_a_text_only_channel_the_narrowed_list_is_numbered_from_one_with_back_as_zero(
    app: App, clock
) -> None:
    await hospital(app)
    office = Person(CollectingChannel(app.engine, TEXT_ONLY), "office", clock)
    whole = await at_the_units(office)
    three = [label for label in whole if label in KHOA_NOI]
    screen = await office.say("khoa noi")
    assert screen == "\n".join(
        [
            "3 lựa chọn khớp với “khoa noi”:",
            "",
            *(f"{n}. {label}" for n, label in enumerate(three, start=1)),
            "4. Xem cả danh sách",
            "0. Quay lại",
            "Anh/chị gõ số thứ tự của mục muốn chọn, ví dụ: 1.",
        ]
    )


async def test_on_telegram_typing_narrows_the_buttons_and_the_whole_menus_go(polling: Harness) -> None:
    h = polling
    titles = [
        "Áo ấm cho xã Tà Xùa", "Áo ấm cho xã Mồ Dề", "Gạo cho xã Nậm Có", "Sách vở cho xã Bản Liền",
        "Nước sạch cho xã Pả Vi", "Bò giống cho xã Lũng Cú", "Điện mặt trời cho xã Sín Cái",
        "Nhà đại đoàn kết xã Hồ Thầu", "Học bổng xã Nậm Xé",
    ]  # fmt: skip
    async with h.app.sessionmaker() as session, session.begin():
        org = (await session.execute(select(Organisation))).scalar_one()
        for n, title in enumerate(titles):
            session.add(
                Drive(
                    org_id=org.id,
                    code=f"xa-{n}",
                    title=title,
                    starts_on=date(2026, 11, 1),
                    ends_on=date(2026, 12, 31),
                    kinds=["money"],
                )
            )
    hoa = h.tg.user(530, "Hoa")
    await joined(h, hoa, h.invites.member)
    await h.choose(hoa, "Ghi nhận đóng góp")
    drives = hoa.last
    assert "Sau ›" in drives.labels  # ten items: pages of buttons

    screen = await h.ask(hoa, "xa ao am")  # not the demo's "Áo ấm mùa đông cho học sinh nội trú"
    assert "2 lựa chọn khớp với “xa ao am”:" in screen
    assert sorted(hoa.last.labels[:2]) == [
        "Áo ấm cho xã Mồ Dề (01/11/2026–31/12/2026)",
        "Áo ấm cho xã Tà Xùa (01/11/2026–31/12/2026)",
    ]
    assert hoa.last.labels[2:] == ["Xem cả danh sách", "Quay lại"]
    assert not shown(hoa, drives.message_id).buttons  # one message to press: the narrowed one
    assert "Anh/chị ủng hộ bao nhiêu tiền?" in await h.choose(hoa, "Áo ấm cho xã Mồ Dề")  # money alone (1805)


async def test_a_long_text_menu_says_upfront_that_letters_of_a_name_choose_and_a_short_one_does_not(
    app: App, clock
) -> None:
    await hospital(app)
    office = Person(CollectingChannel(app.engine, TEXT_ONLY), "office", clock)
    await office.say("/phanquyen")
    short = await office.choose("Giao vai trò")  # a question typed, not chosen: no numbers to explain
    assert "vài chữ trong tên" not in short
    await office.say("nguyen thi lan")
    screen = await office.choose("Thủ quỹ")  # 35 departments and the whole hospital, numbered
    assert "\n36. Phòng Tổ chức cán bộ\n0. Quay lại\n" in screen
    assert screen.endswith("\nAnh/chị gõ số thứ tự, hoặc vài chữ trong tên, ví dụ: co quan.")
    assert asked("toàn cơ quan") in await named(office, "co quan", "Toàn cơ quan")  # the example works


def test_the_example_of_letters_to_type_is_spelt_as_the_option_is() -> None:
    """The matching key writes a syllable's last y as i ("dang ki" = "đăng ký"); the example shown to people
    must not: an English menu read "for example: mi commitment" (a finding from outside)."""
    english = [{"id": "mine", "label": "My commitment"}, {"id": "give", "label": "Record a contribution"}]
    assert typed_example(english) == "my commitment"
    vietnamese = [{"id": "kt", "label": "Khoa Kỹ thuật"}, {"id": "cc", "label": "Khoa Cấp cứu"}]
    assert typed_example(vietnamese) == "ky thuat"
    assert matching("ky thuat", vietnamese) == matching("ki thuat", vietnamese) == ["kt"]
    assert matching("my commitment", english) == ["mine"]  # and it still chooses what it names


@on_text_only
async def test_a_unit_typed_with_its_d_or_tone_is_that_unit_and_typed_without_accents_both_are_listed(
    app: App, make_person
) -> None:
    """“Tổ Đ” and “Tổ D” are two units (decision 0462): the one typed is the one asked about, never the other
    listed first; “to d” could be either, and both are listed to choose from."""
    await hospital(app)
    async with app.sessionmaker() as session, session.begin():
        org_id = await session.scalar(select(Organisation.id))
        session.add_all(
            [Unit(org_id=org_id, code="to-d", name="Tổ Đ"), Unit(org_id=org_id, code="to-d-2", name="Tổ D")]
        )
    office = make_person("office")
    await at_the_units(office)
    assert asked("Tổ Đ") in await office.say("tổ đ")
    await office.choose("Không")
    await at_the_units(office)
    await office.say("Tổ Đ ạ")  # a polite word after it: still Tổ Đ, never Tổ D
    assert [choice.label for choice in office.menu.choices] == ["Tổ Đ", "Xem cả danh sách", "Quay lại"]
    await office.choose("Quay lại")
    await at_the_units(office)
    assert asked("Tổ D") in await office.say("TỔ D")
    await office.choose("Không")
    await at_the_units(office)
    assert "2 lựa chọn khớp với “to d”" in await office.say("to d")
    assert [choice.label for choice in office.menu.choices] == [
        "Tổ D",
        "Tổ Đ",
        "Xem cả danh sách",
        "Quay lại",
    ]
    await office.say("2. Tổ Đ")  # its line pasted back whole
    assert [choice.label for choice in office.menu.choices] == ["Tổ Đ", "Xem cả danh sách", "Quay lại"]
