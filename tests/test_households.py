"""Households take part as households: a commune lists them beside its staff or invites them with a code of
their own; a household is offered the plan's household items (“Tự nguyện đăng ký thoát nghèo”) and not the
staff's, its screens speak of the household, and the people list shows which records are households."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bot.app import App
from bot.db.models import AuditLog, ChannelIdentity, Invite, Organisation, Person, RoleAssignment, Unit
from bot.demo import DEMO_ORG
from bot.domain.invites import create_invite
from bot.domain.org_import import import_staff
from bot.text import fold
from tests.support.clocks import NOW
from tests.support.profiles import on_buttons, on_text_only
from tests.test_cli import ENGLISH, Cli, ok
from tests.test_drives import seed
from tests.test_flows import join
from tests.test_linking import LINK_CODE
from tests.test_org_import import write_csv

HAMLET = ("THON3", "Thôn 3")
HOUSEHOLD = "Hộ ông Trần Văn Ba"
# The plan's items (campaigns/vi-nguoi-ngheo-2026-2030.toml) by who may register them.
HOUSEHOLD_ONLY = "Tự nguyện đăng ký thoát nghèo"
STAFF_ONLY = ("Ủng hộ Quỹ", "Thăm hỏi, giúp đỡ người có hoàn cảnh")
BOTH = ("Ngày công giúp hộ nghèo", "Số hộ nghèo, hộ khó khăn", "Sáng kiến, mô hình hay")


async def _demo_org(app: App) -> Organisation:
    async with app.sessionmaker() as session:
        return (await session.scalars(select(Organisation).where(Organisation.code == DEMO_ORG))).one()


async def household_invite(app: App) -> str:
    """A code for the households of the demo organisation's hamlet (made as `chungtay invite create --unit
    THON3 --kind household` makes it)."""
    org = await _demo_org(app)
    async with app.sessionmaker() as session, session.begin():
        if await session.scalar(select(Unit).where(Unit.code == HAMLET[0])) is None:
            session.add(Unit(org_id=org.id, code=HAMLET[0], name=HAMLET[1]))
            await session.flush()
        invite = await create_invite(session, org, unit_code=HAMLET[0], kind="household", uses=50, now=NOW)
        return invite.code


async def joined(app: App, chat_id: str) -> Person:
    async with app.sessionmaker() as session:
        person_id = await session.scalar(
            select(ChannelIdentity.person_id).where(ChannelIdentity.external_id == chat_id)
        )
        return await session.get_one(Person, person_id)


def labels(person) -> list[str]:  # type: ignore[no-untyped-def]
    return [choice.label for choice in person.menu.choices]


def offered(person, title: str) -> bool:  # type: ignore[no-untyped-def]
    return any(title in label for label in labels(person))


@on_text_only
async def test_a_household_joins_with_a_household_code_under_the_households_name(
    app, invites, make_person
) -> None:
    code = await household_invite(app)
    ba = make_person("ba")
    await ba.say("/start")
    screen = await ba.say(code)
    assert "Anh/chị tham gia thay mặt hộ gia đình: Thôn 3" in screen
    assert "nhập tên hộ như trong danh sách của Thôn 3 (ví dụ: Hộ ông Trần Văn Ba)" in screen
    screen = await ba.say("Hộ 3")
    assert "Anh/chị vui lòng nhập tên hộ bằng chữ" in screen
    await ba.say(HOUSEHOLD)
    await ba.choose("Tôi đồng ý")
    screen = await ba.choose("Tiếng Việt")

    assert f"Chào mừng anh/chị! {HOUSEHOLD} đã tham gia Thôn 3." in screen
    person = await joined(app, "ba")
    assert (person.full_name, person.kind, person.listed) == (HOUSEHOLD, "household", False)
    async with app.sessionmaker() as session:
        roles = set(
            await session.scalars(select(RoleAssignment.role).where(RoleAssignment.person_id == person.id))
        )
    assert roles == {"member"}


async def test_a_second_member_of_the_household_types_the_households_link_code_and_no_twin_is_made(
    app, invites, make_person
) -> None:
    code = await household_invite(app)
    ba, con = make_person("ba"), make_person("con-cua-ba")
    await ba.say("/start")
    await ba.say(code)
    await ba.say(HOUSEHOLD)
    await ba.choose("Tôi đồng ý")
    await ba.choose("Tiếng Việt")
    screen = await ba.say("/lienket")
    assert "Chỉ đưa mã cho người trong hộ" in screen  # a household's code is for its family, not "no one"
    link = LINK_CODE.search(screen)
    assert link is not None

    await con.say("/start")
    screen = await con.say(code)
    assert "Nếu trong hộ đã có người tham gia, anh/chị không cần tham gia lại" in screen
    screen = await con.say(link.group().lower().replace("-", " "))  # as a phone keyboard may type it
    assert HOUSEHOLD in screen
    household = await joined(app, "ba")
    assert (await joined(app, "con-cua-ba")).id == household.id  # the same household, two phones
    async with app.sessionmaker() as session:
        households = await session.scalar(
            select(func.count()).select_from(Person).where(Person.kind == "household")
        )
    assert households == 1

    # Each phone tells the two accounts apart: how many, and which is which when one is to be unlinked.
    screen = await con.say("/lienket")
    assert "Đang liên kết: 2 tài khoản Máy tính (dòng lệnh)." in screen
    await con.choose("Bỏ liên kết")
    assert labels(con)[:2] == [
        "Máy tính (dòng lệnh) 1, liên kết lúc 09:00 22/11/2026",
        "Máy tính (dòng lệnh) 2, liên kết lúc 09:00 22/11/2026 (cuộc trò chuyện này)",
    ]


@on_buttons
async def test_a_second_phone_typing_the_households_name_without_accents_is_told_its_name_as_it_joined(
    app, invites, make_person
) -> None:
    code = await household_invite(app)
    await join(make_person("ba"), code, HOUSEHOLD)
    con = make_person("con-cua-ba")
    await con.say("/start")
    await con.say(code)
    screen = await con.say("tran van ba")  # on Zalo, without accents and without “hộ ông”
    assert f"“{HOUSEHOLD}” đã tham gia Chung Tay" in screen  # the household as it joined, to recognise it
    assert "Tran Van Ba" not in screen


async def test_a_household_is_offered_the_household_items_and_sees_its_progress_as_the_households(
    app, invites, make_person
) -> None:
    ba = make_person("ba")
    await join(ba, await household_invite(app), HOUSEHOLD)
    screen = await ba.choose("Đăng ký thi đua")

    assert offered(ba, HOUSEHOLD_ONLY)
    assert all(offered(ba, title) for title in BOTH)
    assert not [title for title in STAFF_ONLY if offered(ba, title)], screen
    await ba.choose(HOUSEHOLD_ONLY)
    await ba.choose("Ngày công")
    screen = await ba.choose("Xong")
    screen = await ba.say("2")
    assert "Đăng ký thi đua năm 2026 của hộ" in screen
    assert (
        f"• {HOUSEHOLD_ONLY}: có" in screen
        and "• Ngày công giúp hộ nghèo, gia đình khó khăn: 2 ngày công" in screen
    )
    screen = await ba.choose("Có")
    # Thanked as every household is, poor or not (a finding from outside: every household was wished to
    # "vượt khó, vươn lên").
    assert "Đã lưu đăng ký của hộ. Cảm ơn gia đình anh/chị đã chung tay vì người nghèo!" in screen

    screen = await ba.choose("Tiến độ")
    assert "Tiến độ năm 2026 của hộ" in screen and "của anh/chị" not in screen.split("\n")[0]
    assert f"• {HOUSEHOLD_ONLY}: có" in screen
    assert "• Ngày công giúp hộ nghèo, gia đình khó khăn: 2 ngày công" in screen
    screen = await ba.choose("Đăng ký thi đua")
    assert "Đăng ký thi đua năm 2026 của hộ" in screen and HOUSEHOLD_ONLY in screen
    await ba.choose("Sửa đăng ký")  # an amendment is the household's too, saved or not
    await ba.choose("Xong")
    await ba.say("3")
    assert "Đã lưu. Đăng ký của hộ đã được cập nhật (phiên bản 2)." in await ba.choose("Có")
    await ba.choose("Đăng ký thi đua")
    await ba.choose("Sửa đăng ký")
    await ba.choose("Xong")
    await ba.say("4")
    assert "Chưa lưu. Đăng ký của hộ giữ nguyên." in await ba.choose("Không")


@on_text_only
async def test_a_household_that_has_not_registered_is_told_so_as_a_household(
    app, invites, make_person
) -> None:
    ba = make_person("ba")
    await join(ba, await household_invite(app), HOUSEHOLD)
    screen = await ba.choose("Tiến độ")
    assert "Tiến độ năm 2026 của hộ" in screen and "Hộ chưa đăng ký thi đua" in screen


@on_buttons
async def test_a_member_of_staff_is_offered_the_staff_items_and_not_the_households(app, hoa) -> None:
    screen = await hoa.choose("Đăng ký thi đua")

    assert all(offered(hoa, title) for title in (*STAFF_ONLY, *BOTH))
    assert not offered(hoa, HOUSEHOLD_ONLY), screen
    assert (await joined(app, "hoa")).kind == "staff"


@on_buttons
async def test_a_listed_household_claims_its_record_with_the_phone_and_registers_as_a_household(
    app, invites, make_person, tmp_path: Path
) -> None:
    header = ["Đơn vị", "Họ và tên", "Số điện thoại", "Loại"]
    path = write_csv(tmp_path / "thon-3.csv", header, [["Thôn 3", HOUSEHOLD, "0987654321", "hộ gia đình"]])
    report = await import_staff(app.sessionmaker, await _demo_org(app), path, now=NOW)
    assert (report.created, report.skipped, report.warnings) == (1, 0, [])

    ba = make_person("ba")
    await ba.say("/start")
    await ba.say(await household_invite(app))
    screen = await ba.say(HOUSEHOLD)
    assert "4 số cuối" in screen
    await ba.say("4321")
    await ba.choose("Tôi đồng ý")
    await ba.choose("Tiếng Việt")
    person = await joined(app, "ba")
    assert (person.kind, person.listed, person.phone) == ("household", True, "0987654321")

    await ba.choose("Đăng ký thi đua")
    assert offered(ba, HOUSEHOLD_ONLY) and not offered(ba, "Ủng hộ Quỹ")


async def test_an_officer_makes_a_household_code_in_chat_and_the_household_joins_as_one(
    app: App, make_person
) -> None:
    await seed(app)
    binh = make_person("binh")
    await binh.say("/menu")
    await binh.choose("Tạo mã mời")
    await binh.choose("Hộ gia đình")
    screen = await binh.choose("Khoa Dược")
    assert "Mã mời hộ gia đình vào Khoa Dược:" in screen and "Tối đa 100 hộ" in screen
    async with app.sessionmaker() as session:
        invite = (await session.scalars(select(Invite))).one()
    assert (invite.role, invite.kind) == ("member", "household") and invite.code in screen

    ba = make_person("ba")
    assert f"{HOUSEHOLD} đã tham gia Khoa Dược" in await join(ba, invite.code, HOUSEHOLD)
    assert (await joined(app, "ba")).kind == "household"


@on_text_only
async def test_people_list_shows_which_records_are_households(
    app, invites, make_person, tmp_path: Path, db_path: Path
) -> None:
    ba = make_person("ba")
    await join(ba, await household_invite(app), HOUSEHOLD)
    cli = Cli(tmp_path, db_path, settings=ENGLISH)  # the list's English words

    out = ok(cli("people", "list"))

    header, *rows = out.splitlines()
    assert header.split()[:4] == ["id", "name", "unit", "kind"]
    by_name = {name: line for line in rows for name in (HOUSEHOLD, "Trần Thị Mai") if name in line}
    assert "household" in by_name[HOUSEHOLD].split() and "staff" in by_name["Trần Thị Mai"].split()
    hamlet = ok(cli("people", "list", "--unit", "thon3"))
    assert HOUSEHOLD in hamlet and "household" in hamlet and "Trần Thị Mai" not in hamlet


async def test_a_household_code_with_a_colleagues_name_is_not_asked_her_phone_as_a_households(
    app, invites, make_person
) -> None:
    """Thôn 3's household code and the name of the school's treasurer, listed as staff of another unit with
    a phone: she is no household of Thôn 3, so nobody is told “Danh sách của Thôn 3 có hộ này” nor asked her
    phone's digits, which would have made her record a household's; the name joins as a new household."""
    code = await household_invite(app)
    stranger = make_person("stranger")
    await stranger.say(code)
    screen = await stranger.say("Trần Thị Mai")
    assert "có hộ này" not in screen and "4 số cuối" not in screen
    await stranger.choose("Tôi đồng ý")
    await stranger.choose("Tiếng Việt")
    person = await joined(app, "stranger")
    assert (person.kind, person.listed) == ("household", False)
    async with app.sessionmaker() as session:
        mai = (await session.scalars(select(Person).where(Person.phone == "0912345671"))).one()
        assert mai.kind == "staff" and mai.id != person.id


@on_text_only
async def test_a_family_typing_without_marks_that_the_list_has_no_phone_of_theirs_is_told_to_ask_for_a_code(
    app, invites, make_person
) -> None:
    """Thôn 3 lists “Hộ ông Trần Văn Ba” twice, with a phone and without. A son of the household without
    one, on a phone without Vietnamese marks, answers the digits' question in his own words, “khong co so
    dien thoai”: he is told to ask the officer for a link code, not asked for 4 digits; no try is spent."""
    code = await household_invite(app)
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).where(Organisation.code == DEMO_ORG))
        unit = await session.scalar(select(Unit).where(Unit.code == HAMLET[0]))
        assert org is not None and unit is not None
        for phone in (None, "0912000016"):
            session.add(
                Person(
                    org_id=org.id,
                    unit_id=unit.id,
                    full_name="Hộ ông Trần Văn Ba",
                    name_key=fold("Hộ ông Trần Văn Ba"),
                    kind="household",
                    listed=True,
                    phone=phone,
                    created_at=NOW,
                )
            )
    son = make_person("son")
    await son.say(code)
    assert "4 số cuối" in await son.say("tran van ba")
    screen = await son.say("khong co so dien thoai")
    assert "cấp mã liên kết" in screen and "4 chữ số" not in screen
    async with app.sessionmaker() as session:
        tries = await session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "person.claim_failed")
        )
    assert tries == 0
