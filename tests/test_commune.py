"""A commune's households as they meet the bot: the words they read speak of the household (“hộ”), not of a
person of the staff (“tôi”, “thành viên”, “anh/chị Hộ ông…”), and point them to the officer in charge rather
than to a trade union a hamlet does not have."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from bot.db.models import Contribution, Person
from bot.domain.access import Operator, actor_for
from bot.domain.contributions import decide, reverse
from bot.domain.drives import NewDrive, create_drive
from bot.domain.org_import import import_staff
from tests.support.clocks import NOW
from tests.support.profiles import on_buttons, on_text_only
from tests.test_flows import give_money, join
from tests.test_households import HOUSEHOLD, _demo_org, household_invite, labels
from tests.test_linking import LINK_CODE, chat
from tests.test_org_import import new_org, person_by_name, roles_of, write_csv


async def _listed_household(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "thon-3.csv",
        ["Đơn vị", "Họ và tên", "Số điện thoại", "Loại"],
        [["Thôn 3", HOUSEHOLD, "0987654321", "hộ nghèo"]],
    )
    await import_staff(app.sessionmaker, await _demo_org(app), path, now=NOW)


async def test_a_listed_household_is_asked_for_the_households_phone_and_may_join_as_a_new_household(
    app, invites, make_person, tmp_path: Path
) -> None:
    await _listed_household(app, tmp_path)
    ba = make_person("ba")
    await ba.say("/start")
    await ba.say(await household_invite(app))

    screen = await ba.say("ho ong tran van ba")  # typed without accents, as many do

    assert (
        "Danh sách của Thôn 3 có hộ này" in screen
        and "Để xác nhận đúng là hộ của mình, anh/chị vui lòng nhập 4 số cuối số điện thoại của hộ" in screen
    )
    assert "staff" not in screen and "thành viên mới" not in screen
    assert labels(ba) == ["Hộ tôi không có trong danh sách — tham gia là hộ mới"]
    screen = await ba.say("1111")
    assert "chưa khớp với số điện thoại của hộ trong danh sách" in screen
    screen = await ba.choose("tham gia là hộ mới")
    assert "Tôi đồng ý" in screen  # on to the data notice, as a household of its own


@on_text_only
async def test_a_member_of_staff_on_the_list_is_still_asked_as_a_person(app, invites, make_person) -> None:
    mai = make_person("mai")
    await mai.say("/start")
    await mai.say(invites.member)
    screen = await mai.say("Trần Thị Mai")  # on the demo's staff list, with a phone
    assert "4 số cuối" in screen and "hộ" not in screen.split("\n")[0]
    assert labels(mai) == ["Tôi không có trong danh sách — tham gia là thành viên mới"]


@on_text_only
async def test_a_second_phone_of_a_household_is_told_it_joined_the_households_account(
    app, invites, make_person
) -> None:
    ba, con = make_person("ba"), make_person("con-cua-ba")
    await join(ba, await household_invite(app), HOUSEHOLD)
    link = LINK_CODE.search(await ba.say("/lienket"))
    assert link is not None

    await con.say("/start")
    screen = await con.say(link.group())

    assert f"nay thuộc tài khoản Chung Tay của {HOUSEHOLD}: đăng ký, đóng góp và tiến độ của hộ" in screen
    assert "anh/chị Hộ" not in screen
    # The first phone is told, and sent to the officer in charge: a hamlet has no trade union.
    notice = chat(ba)
    assert "vừa được liên kết" in notice and "xin báo ngay cho cán bộ phụ trách" in notice
    assert "công đoàn" not in notice


async def test_a_households_menu_and_statement_question_speak_of_the_household(
    app, invites, make_person
) -> None:
    ba = make_person("ba")
    await join(ba, await household_invite(app), HOUSEHOLD)

    assert "Tiến độ của hộ" in labels(ba) and "Tên hộ trên bảng công khai" in labels(ba)
    assert "Tiến độ của tôi" not in labels(ba) and "Tên tôi trên bảng công khai" not in labels(ba)
    await give_money(ba)
    await ba.say("50k")
    await ba.choose("Bỏ qua")
    screen = await ba.choose("Có")
    assert "Anh/chị có muốn bảng công khai ghi tên hộ và Thôn 3 không?" in screen  # two short lines (1723)
    assert "/congkhai" in screen

    screen = await ba.choose("Tên hộ trên bảng công khai")
    assert "Anh/chị có muốn hiện cả tên hộ và Thôn 3 không?" in screen
    screen = await ba.choose("Hiện tên hộ")
    assert "Đã lưu: bảng công khai hiện tên hộ." in screen


@on_buttons
async def test_a_member_of_staff_keeps_the_personal_menu(app, hoa) -> None:
    assert "Tiến độ của tôi" in labels(hoa) and "Tên tôi trên bảng công khai" in labels(hoa)


async def test_a_communes_list_names_its_hamlet_heads_and_front_officer_in_its_own_words(
    db, tmp_path: Path
) -> None:
    org = await new_org(db)
    path = write_csv(
        tmp_path / "xa.csv",
        ["Đơn vị", "Họ và tên", "Chức vụ", "Số điện thoại", "Vai trò"],
        [
            ["Thôn 1", "Đinh Văn Trưởng", "Trưởng thôn", "0911000011", "Trưởng thôn"],
            ["Ấp Tân Hòa", "Lý Văn Ấp", "Trưởng ấp", "0911000012", "trưởng ấp"],
            [
                "Ủy ban MTTQ xã",
                "Nguyễn Thị Mặt",
                "Trưởng Ban vận động",
                "0911000003",
                "cán bộ mặt trận, thủ quỹ",
            ],
            ["Ủy ban MTTQ xã", "Hà Văn Mười", "Phó Chủ tịch", "0911000004", "Cán bộ MTTQ"],
        ],
    )

    report = await import_staff(db, org, path, now=NOW)

    assert (
        report.warnings == [] and report.skipped == 0
    )  # no “không rõ vai trò” line for the office to puzzle over
    assert ("leader", "Thôn 1") in await roles_of(db, await person_by_name(db, "Đinh Văn Trưởng"))
    assert ("leader", "Ấp Tân Hòa") in await roles_of(db, await person_by_name(db, "Lý Văn Ấp"))
    mat = await roles_of(db, await person_by_name(db, "Nguyễn Thị Mặt"))
    assert {("officer", "Ủy ban MTTQ xã"), ("treasurer", "Ủy ban MTTQ xã")} <= mat
    assert ("officer", "Ủy ban MTTQ xã") in await roles_of(db, await person_by_name(db, "Hà Văn Mười"))


async def test_a_plain_cán_bộ_still_grants_nothing_in_a_commune(db, tmp_path: Path) -> None:
    org = await new_org(db)
    path = write_csv(
        tmp_path / "xa.csv",
        ["Đơn vị", "Họ và tên", "Số điện thoại", "Vai trò"],
        [["Văn phòng UBND xã", "Trần Văn Công", "0911000005", "cán bộ"]],
    )
    report = await import_staff(db, org, path, now=NOW)
    assert report.warnings == []  # an ordinary colleague, known as such (docs/decisions/0168)
    assert await roles_of(db, await person_by_name(db, "Trần Văn Công")) == {("member", "Văn phòng UBND xã")}


@on_buttons
async def test_a_households_help_names_the_entries_its_menu_shows(app, invites, make_person) -> None:
    ba = make_person("ba")
    await join(ba, await household_invite(app), HOUSEHOLD)

    screen = await ba.say("/trogiup")

    assert "• Tiến độ của hộ:" in screen and "Tiến độ của tôi" not in screen
    assert "Tự nguyện đăng ký thoát nghèo" in screen and "hiện tên hộ" in screen


COMMUNE_FUND_DRIVE = "Vận động Quỹ “Vì người nghèo” xã năm 2026"


async def test_quy_typed_where_the_communes_own_drive_is_the_funds_asks_which_not_the_fund_outside(
    app, invites, make_person
) -> None:
    """A commune runs the Fund's drive under the Fund's name: a household typing “quy” means it as much as the
    Fund outside the drives, and is asked which; its gift never lands outside the drive unasked."""
    org = await _demo_org(app)
    async with app.sessionmaker() as session, session.begin():
        entry = NewDrive(COMMUNE_FUND_DRIVE, date(2026, 10, 1), date(2026, 12, 31))
        await create_drive(session, Operator(org.id), entry, now=NOW)
    ba = make_person("ba")
    await join(ba, await household_invite(app), HOUSEHOLD)
    await ba.choose("Ghi nhận đóng góp")

    screen = await ba.say("quy")

    assert "2 lựa chọn khớp với “quy”" in screen
    assert [label.split(" (")[0] for label in labels(ba)[:2]] == [COMMUNE_FUND_DRIVE, "Quỹ “Vì người nghèo”"]
    await ba.say("1")
    await ba.choose("Tiền")
    await ba.say("50k")
    screen = await ba.choose("Bỏ qua")
    assert f"• Đợt vận động: {COMMUNE_FUND_DRIVE}" in screen and "• Tiền: 50.000\xa0₫" in screen


async def test_a_households_rice_given_without_a_value_reads_as_rice_waiting_not_as_nothing(
    app, invites, make_person
) -> None:
    """20 kg of rice given without its value (“Bỏ qua”): the household's progress counted it as “hiện vật …
    0 ₫ đang chờ”, as if it had given nothing; it says one item waits, with no value given."""
    ba = make_person("ba")
    await join(ba, await household_invite(app), HOUSEHOLD)
    await ba.choose("Ghi nhận đóng góp")
    await ba.choose("ngoài các đợt vận động")
    await ba.choose("Hiện vật")
    await ba.say("20kg gao")
    await ba.choose("Bỏ qua")  # its value: not known
    await ba.choose("Bỏ qua")  # no photo
    assert "Đã ghi nhận 20 kg gạo" in await ba.choose("Có")  # accents (0257), one form (0274)

    screen = await ba.choose("Tiến độ của hộ")

    totals = next(line for line in screen.split("\n") if line.startswith("Tổng năm nay"))
    assert totals == "Tổng năm nay: hiện vật 1 khoản chưa ghi trị giá đang chờ."

    # confirmed, then cancelled by a reversal (itself goods of 0 ₫): neither is a gift of rice that stands,
    # where it read “hiện vật 2 khoản chưa ghi trị giá đã xác nhận”
    async with app.sessionmaker() as session, session.begin():
        rice = await session.scalar(select(Contribution).where(Contribution.description == "20 kg gạo"))
        assert rice is not None
        mai, hung = [
            await actor_for(session, await session.scalar(select(Person).where(Person.full_name == name)))
            for name in ("Trần Thị Mai", "Lê Văn Hùng")
        ]
        await decide(session, rice, confirmed=True, actor=mai, now=NOW, tell=False)
        await reverse(session, rice, actor=hung, reason="ghi nhầm", now=NOW)
    screen = await ba.choose("Tiến độ của hộ")
    totals = next(line for line in screen.split("\n") if line.startswith("Tổng năm nay"))
    assert totals == "Tổng năm nay: hiện vật 0\xa0₫ đã xác nhận."  # as money corrected back to nothing


async def test_a_households_name_typed_with_telex_keys_left_in_finds_it_on_the_hamlets_list(
    app, invites, make_person, tmp_path: Path
) -> None:
    """The phone's Vietnamese mode was off: “hooj oong traanf vawn ba” read as a name no list had, and
    “Tham gia với tên này” would have made a second household named so. It is read as the Telex keys it
    holds, finds the listed household and asks for its phone's digits, as the name typed with accents does."""
    await _listed_household(app, tmp_path)
    ba = make_person("ba")
    await ba.say("/start")
    await ba.say(await household_invite(app))

    screen = await ba.say("hooj oong traanf vawn ba")

    assert "Danh sách của Thôn 3 có hộ này" in screen and "Tham gia với tên này" not in screen
    await ba.say("4321")
    await ba.choose("Tôi đồng ý")
    screen = await ba.choose("Tiếng Việt")
    assert f"{HOUSEHOLD} đã tham gia Thôn 3" in screen


async def test_help_asked_half_way_through_a_households_registration_keeps_what_was_typed(
    app, invites, make_person
) -> None:
    """A household asking for help at a registration's second figure lost the first one: the help opened and
    the registration was gone, without a word. Now the help is said there and the same question comes again,
    the figure typed before it kept."""
    ba = make_person("ba")
    await join(ba, await household_invite(app), HOUSEHOLD)
    await ba.say("dang ky")
    await ba.choose("Ngày công giúp hộ nghèo")
    await ba.choose("Số hộ nghèo")
    await ba.choose("Xong")
    await ba.say("3")

    screen = await ba.say("tro giup")

    assert "Chung Tay giúp hộ gia đình anh/chị" in screen
    question = screen.split("những gì đã nhập vẫn được giữ")[1]
    assert "Số hộ nghèo, hộ khó khăn được giúp đỡ" in question and "nhập mức" in question
    screen = await ba.say("2")
    assert "• Ngày công giúp hộ nghèo, gia đình khó khăn: 3 ngày công" in screen
    screen = await ba.say("/trogiup")  # at the last look too: the same last look after the help
    assert "vẫn được giữ" in screen and "lưu đăng ký này" in screen.split("vẫn được giữ")[1]
    assert "Đã lưu đăng ký của hộ" in await ba.choose("Có")
    screen = await ba.say("tro giup")  # at the menu, nothing half-way: the help, then the menu
    assert "Chung Tay giúp hộ gia đình anh/chị" in screen and "vẫn được giữ" not in screen
