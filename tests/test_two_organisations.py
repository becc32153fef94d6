"""One person in two organisations (a school on Telegram, a commune on Zalo, one database), as found from
outside (docs/decisions/0139): an invite code of the other organisation, typed or sent by a link by someone
who joined, is answered and never used; a link code between the two says they cannot be linked; a second
invite code at the name step starts joining again with it; the main menu names the organisation once the
database holds two; “Ai giữ vai trò nào” names an organisation-wide leader “Lãnh đạo”, and a commune's whole
“Toàn xã”."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import App
from bot.db.models import ChannelIdentity, Invite, Person, RoleAssignment
from bot.demo import DemoInvites
from bot.domain.invites import create_invite, looks_like_invite_code
from bot.text import fold
from tests.support.clocks import NOW, MovableClock
from tests.support.orgs import seed
from tests.support.profiles import on_buttons, on_text_only
from tests.test_flows import join
from tests.test_linking import code_of, on

SCHOOL = "Trường Trung cấp nghề Chung Tay (dùng thử)"  # the demo's
COMMUNE = "Ủy ban nhân dân xã Tân Lập"
LAN = "Nguyễn Thị Lan"
CHOOSE = "vui lòng chọn một mục"


async def commune(app: App, *, households: bool = False) -> str:
    """A second organisation in the database (tests.support.orgs: units “Phòng A” and “Phòng B”, an
    organisation-wide admin “Văn phòng” and leader “Thủ trưởng”), with a member invite of Phòng A; with
    `households`, a household of it (what tells a commune apart)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW, code="XA", name=COMMUNE)
        if households:
            name = "Hộ ông Trần Văn Ba"
            session.add(
                Person(
                    org_id=seeded.org.id,
                    unit_id=seeded.units["A"].id,
                    full_name=name,
                    name_key=fold(name),
                    kind="household",
                    created_at=NOW,
                )
            )
        invite = await create_invite(session, seeded.org, unit_code="A", uses=50, now=NOW)
        return invite.code


async def uses(app: App, code: str) -> int:
    async with app.sessionmaker() as session:
        return await session.scalar(select(Invite.uses).where(Invite.code == code)) or 0


async def account(app: App, channel: str, user: str) -> tuple[str, int, set[str]]:
    """The name, organisation and roles of the person the account belongs to."""
    async with app.sessionmaker() as session:
        person = await session.scalar(
            select(Person)
            .join(ChannelIdentity, ChannelIdentity.person_id == Person.id)
            .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == user)
        )
        assert person is not None
        roles = set(
            await session.scalars(select(RoleAssignment.role).where(RoleAssignment.person_id == person.id))
        )
        return person.full_name, person.org_id, roles


async def people(app: App) -> int:
    async with app.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(Person)) or 0


@on_text_only
async def test_an_invite_code_of_another_organisation_typed_or_by_a_link_is_answered_and_not_used(
    app: App, invites: DemoInvites, make_person
) -> None:
    other = await commune(app)
    lan = make_person("lan")
    await join(lan, invites.member, LAN)
    before = await account(app, "console", "lan"), await people(app)

    for sent in (other, other.lower(), f"/start {other}"):  # typed, or Telegram's link to the bot
        screen = await lan.say(sent)
        assert f"Tài khoản này thuộc {SCHOOL} trên Chung Tay, còn {other} là mã mời của {COMMUNE}" in screen
        assert "Mỗi tài khoản chỉ thuộc một tổ chức" in screen and "(Zalo hoặc Telegram)" in screen
        assert CHOOSE not in screen and "Phòng A" not in screen  # nothing of the commune but its name
        assert "Anh/chị cần làm gì?" in screen  # the menu, under it

    assert (await account(app, "console", "lan"), await people(app)) == before  # nothing changed
    assert await uses(app, other) == 0  # the code is not used


@on_buttons
async def test_an_invite_of_her_own_organisation_says_she_joined_and_where_a_role_she_lacks_comes_from(
    app: App, invites: DemoInvites, make_person
) -> None:
    await commune(app)
    lan = make_person("lan")
    await join(lan, invites.member, LAN)
    member_uses, leader_uses = await uses(app, invites.member), await uses(app, invites.leader)

    screen = await lan.say(invites.member)
    assert f"Anh/chị đã tham gia rồi: tài khoản này là của {LAN}, Phòng Đào tạo" in screen
    assert f"Mã {invites.member} chưa được dùng" in screen and "vai trò" not in screen

    screen = await lan.say(f"/start {invites.leader}")
    assert "Anh/chị đã tham gia rồi" in screen
    assert "Mã này cho vai trò lãnh đạo Phòng Đào tạo" in screen and "/phanquyen" in screen
    assert (await account(app, "console", "lan"))[2] == {"member"}  # no role by a code, once joined
    assert (await uses(app, invites.member), await uses(app, invites.leader)) == (member_uses, leader_uses)

    assert CHOOSE in await lan.say("ZZZZ2222")  # a code's shape no invite has: the menu's own answer


@on_text_only
async def test_a_link_code_of_an_account_of_another_organisation_says_they_cannot_be_linked(
    app: App, invites: DemoInvites, make_person, clock: MovableClock
) -> None:
    other = await commune(app)
    lan = make_person("lan")
    await join(lan, invites.member, LAN)
    zalo = on(app, "zalo", "lan-zalo", clock)
    await join(zalo, other, LAN)  # a newcomer to the commune: nothing of her own there yet
    code = await code_of(zalo)

    screen = await lan.say(code)

    assert "thuộc hai tổ chức khác nhau trên Chung Tay" in screen and "dùng riêng" in screen
    assert "gộp" not in screen and "cán bộ công đoàn" not in screen  # no merge to ask for: none is possible
    school, commune_id = (
        (await account(app, "console", "lan"))[1],
        (await account(app, "zalo", "lan-zalo"))[1],
    )
    assert school != commune_id  # each account stays with its own organisation


@on_buttons
async def test_a_second_invite_code_at_the_name_step_starts_joining_again_with_it(
    app: App, invites: DemoInvites, make_person
) -> None:
    other = await commune(app)
    hai = make_person("hai")
    await hai.say(invites.member)

    screen = await hai.say("ZZZZ2222")  # a code's shape, of no invite
    assert "nhập đầy đủ họ và tên" in screen and "Để bắt đầu lại với mã mời khác, anh/chị gõ /huy." in screen

    screen = await hai.say(other)
    assert f"Anh/chị dùng mã mời mới: Phòng A — {COMMUNE}." in screen and "họ và tên" in screen
    await hai.say("Lê Văn Hải")
    await hai.choose("Tôi đồng ý")
    await hai.choose("Tiếng Việt")
    name, org_id, _roles = await account(app, "console", "hai")
    async with app.sessionmaker() as session:
        invite = await session.scalar(select(Invite).where(Invite.code == other))
    assert invite is not None and (name, org_id, invite.uses) == ("Lê Văn Hải", invite.org_id, 1)
    assert await uses(app, invites.member) == 0


async def test_the_main_menu_names_the_organisation_once_the_database_holds_two(
    app: App, invites: DemoInvites, make_person, clock: MovableClock
) -> None:
    lan = make_person("lan")
    screen = await join(lan, invites.member, LAN)
    assert "Trường Trung cấp nghề" not in screen  # one organisation: the menu as it always was

    other = await commune(app)
    screen = await lan.say("/menu")
    # short: no remark
    assert screen.startswith("Trường Trung cấp nghề Chung Tay\nXin chào anh/chị Nguyễn Thị Lan!")
    zalo = on(app, "zalo", "lan-zalo", clock)
    screen = await join(zalo, other, LAN)
    assert "UBND xã Tân Lập\nXin chào anh/chị Nguyễn Thị Lan!" in screen


async def test_who_holds_which_role_names_an_organisation_wide_leader_and_a_communes_whole(
    app: App, invites: DemoInvites, make_person
) -> None:
    await commune(app, households=True)
    async with app.sessionmaker() as session:
        office = await session.scalar(select(Person).where(Person.full_name == "Văn phòng"))
    assert office is not None
    admin = make_person(f"p{office.id}")
    await admin.say("/phanquyen")
    screen = await admin.choose("Ai giữ vai trò nào")

    assert "Toàn xã:\n• Lãnh đạo: Thủ trưởng\n• Quản trị viên: Văn phòng" in screen
    assert "Lãnh đạo đơn vị: Thủ trưởng" not in screen and "Toàn cơ quan" not in screen
    assert "Phòng A:\n• Trưởng thôn, lãnh đạo: Lãnh đạo A" in screen  # its households make it a hamlet (0259)
    assert "Phòng B:\n• Lãnh đạo đơn vị: Lãnh đạo B" in screen  # a unit's leader is still one

    await admin.choose("Giao vai trò")
    screen = await admin.say("Thủ trưởng")
    assert "Thủ trưởng hiện có vai trò: Lãnh đạo (toàn xã)." in screen


def test_an_invite_codes_shape_is_eight_letters_of_its_alphabet_whole_or_in_halves() -> None:
    assert all(looks_like_invite_code(typed) for typed in ("6XK6UY5M", "6xk6-uy5m", "6XK6 UY5M", "ZJWPBFMT"))
    assert not any(
        looks_like_invite_code(typed)
        for typed in (
            "dang ky ne",
            "6XK6UY5",
            "6XK6UY5MM",
            "LK-7QM-4X2P9",
            "6XK 6UY5M",
            "10000000",
            "ủng hộ 50k",
        )
    )
