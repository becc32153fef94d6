"""Joining as people really do it: a listed name typed a little differently is offered the list's near names
before a new record is made; the right digits for a record another account claimed a moment earlier say so
(not "too many wrong tries"); a household joined with the officer's link code agrees to the data notice and
picks its language first; the /lienket screen never shows a used code as valid (docs/decisions/0122). Near
names are only a letter or two off the whole name, of the invite's unit, never of someone who left; a
colleague recorded as left is told so, and gets neither the record nor the role (docs/decisions/0129)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from bot.app import App
from bot.db.models import ChannelIdentity, Organisation, Person, RoleAssignment, Unit
from bot.demo import DemoInvites
from bot.domain.access import Operator
from bot.domain.invites import create_invite
from bot.domain.leaving import mark_left
from bot.text import fold
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Chatter
from tests.support.profiles import on_buttons, on_text_only
from tests.test_acting_for import HOUSEHOLD, add_household, choose_household
from tests.test_drives import seed
from tests.test_flows import join
from tests.test_linking import LINK_CODE, code_of, on

NOT_LISTED = "Tham gia với tên này (chưa có trong danh sách)"
BAY = "Hộ bà Nguyễn Thị Bảy"
# Given names that find a record of Phòng Đào tạo yet to join (Phạm Minh Tuấn, Trần Thị Mai): each spends
# one of the unit's look-ups, where a name that finds nobody spends none (decision 1823).
FOUND = ("Tuấn", "Mai", "Tuấn")


async def people(app: App) -> int:
    async with app.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(Person)) or 0


async def holder(app: App, channel: str, user: str) -> Person | None:
    async with app.sessionmaker() as session:
        return await session.scalar(
            select(Person)
            .join(ChannelIdentity, ChannelIdentity.person_id == Person.id)
            .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == user)
        )


async def household_invite(app: App, ids: dict[str, int]) -> str:
    """Unit A's household invite, its list holding “Hộ bà Nguyễn Thị Bảy” with the phone 0987650007."""
    async with app.sessionmaker() as session, session.begin():
        unit = await session.get_one(Unit, ids["unit A"])
        org = await session.get_one(Organisation, unit.org_id)
        session.add(
            Person(
                org_id=org.id,
                unit_id=unit.id,
                full_name=BAY,
                name_key=fold(BAY),
                kind="household",
                listed=True,
                phone="0987650007",
                created_at=NOW,
            )
        )
        invite = await create_invite(session, org, unit_code=unit.code, kind="household", uses=5, now=NOW)
    return invite.code


async def test_a_households_name_typed_differently_is_offered_the_listed_one_and_claims_it(
    app: App, make_person
) -> None:
    ids = await seed(app)
    code = await household_invite(app, ids)
    before = await people(app)
    bay = make_person("bay")
    await bay.say(code)
    screen = await bay.say("ho ba nguyen thi bya")
    assert "Danh sách của Khoa Nội không có hộ nào tên “Ho Ba Nguyen Thi Bya”" in screen
    assert BAY in screen and "đồng ý" not in screen  # the listed household offered, no data notice yet
    assert "4 số cuối" in await bay.choose(BAY)
    await bay.say("0007")
    await bay.choose("Tôi đồng ý")
    assert BAY in await bay.choose("Tiếng Việt")
    joined = await holder(app, "console", "bay")
    assert joined is not None and joined.full_name == BAY and joined.listed
    assert await people(app) == before  # the listed record, no new one


async def test_a_name_on_no_list_may_still_join_and_is_stored_with_capitals(app: App, make_person) -> None:
    ids = await seed(app)
    code = await household_invite(app, ids)
    ba = make_person("ba")
    await ba.say(code)
    screen = await ba.say("ho ba bay")
    assert "Nhập lại tên" in screen
    await ba.choose("Nhập lại tên")
    screen = await ba.say("ho ong le van tam")  # a household the list has not yet: nothing near
    assert NOT_LISTED in screen and BAY not in screen
    await ba.choose(NOT_LISTED)
    await ba.choose("Tôi đồng ý")
    await ba.choose("Tiếng Việt")
    joined = await holder(app, "console", "ba")
    assert joined is not None and joined.full_name == "Ho Ong Le Van Tam" and not joined.listed


async def test_a_staff_name_one_letter_short_is_offered_the_listed_name(
    app: App, invites: DemoInvites, make_person
) -> None:
    before = await people(app)
    hung = make_person("hung")
    await hung.say(invites.member)
    screen = await hung.say("tran thi ma")  # the member invite is of Phòng Đào tạo, as Trần Thị Mai is
    assert "Danh sách cán bộ không có ai tên “Tran Thi Ma”" in screen and "Trần Thị Mai" in screen
    assert "đồng ý" not in screen
    assert "4 số cuối" in await hung.choose("Trần Thị Mai")
    await hung.say("5671")
    await hung.choose("Tôi đồng ý")
    assert "Trần Thị Mai" in await hung.choose("Tiếng Việt")
    joined = await holder(app, "console", "hung")
    assert joined is not None and joined.listed and await people(app) == before


async def test_a_given_name_alone_that_names_one_colleague_of_the_unit_goes_on_to_her_proof(
    app: App, invites: DemoInvites, make_person
) -> None:
    """A teacher types “Mai”, as she is called at school: “Anh/chị vui lòng nhập đầy đủ họ và tên” whatever
    the word (1576's Left). It names one colleague of the invite's unit yet to join, Trần Thị Mai: her phone's
    last digits are asked, her name never shown before them, and she joins as herself (decision 1670)."""
    before = await people(app)
    mai = make_person("mai")
    await mai.say(invites.member)

    screen = await mai.say("Mai")

    assert "4 số cuối" in screen and "Trần Thị Mai" not in screen and "đầy đủ họ và tên" not in screen
    await mai.say("5671")
    await mai.choose("Tôi đồng ý")
    assert "Trần Thị Mai" in await mai.choose("Tiếng Việt")
    joined = await holder(app, "console", "mai")
    assert joined is not None and joined.full_name == "Trần Thị Mai" and await people(app) == before


@on_text_only
async def test_a_given_name_alone_that_names_two_colleagues_is_asked_kindly_in_full(
    app: App, invites: DemoInvites, make_person
) -> None:
    """Two Mai in Phòng Đào tạo yet to join: “Mai” alone is asked her full name, told why, and nothing of
    either is shown; her full name then finds her (decision 1670)."""
    async with app.sessionmaker() as session, session.begin():
        mai = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        assert mai is not None
        session.add(
            Person(
                org_id=mai.org_id,
                unit_id=mai.unit_id,
                full_name="Đỗ Thị Mai",
                name_key=fold("Đỗ Thị Mai"),
                kind="staff",
                listed=True,
                phone="0912345699",
                created_at=NOW,
            )
        )
    newcomer = make_person("newcomer")
    await newcomer.say(invites.member)

    screen = await newcomer.say("Mai")

    assert "có nhiều hơn một người tên “Mai”" in screen and "đầy đủ họ và tên" in screen
    assert "Trần Thị Mai" not in screen and "Đỗ Thị Mai" not in screen and "4 số cuối" not in screen
    assert "4 số cuối" in await newcomer.say("Do Thi Mai")


async def test_a_stranger_with_the_invite_cannot_read_the_units_list_out_by_trying_given_names(
    app: App, invites: DemoInvites, make_person
) -> None:
    """Decision 1670 lets “Mai” alone go on to her proof. A stranger holding the school's member invite
    typed one given name after another: “Hoa” and “Lan” asked the full name, “Tuấn” went on to the digits
    (the head of the office has not joined), “Mai” too, and so on through the few hundred given names there
    are, with no end: the unit's list read out, which decision 0129 keeps from whoever holds a shared
    invite. A chat now looks up three given names a day; after them a given name is asked in full, as one
    that names nobody, whatever the list holds, and /huy begins no new count. Full names go on as before
    (decision 1693)."""
    stranger = make_person("stranger")
    await stranger.say(invites.member)
    for word in ("Hoa", "Lan"):
        assert "đầy đủ họ và tên" in await stranger.say(word)
    assert "4 số cuối" in await stranger.say("Tuấn")
    await stranger.choose("Tôi không có trong danh sách — tham gia là thành viên mới")

    screen = await stranger.say("Mai")

    assert "4 số cuối" not in screen and "đầy đủ họ và tên" in screen, screen
    await stranger.say("/huy")
    await stranger.say(invites.member)
    assert "4 số cuối" not in await stranger.say("Mai")
    assert "4 số cuối" in await stranger.say("Trần Thị Mai")


@on_buttons
async def test_strangers_with_several_accounts_cannot_read_the_list_out_three_names_each(
    app: App, invites: DemoInvites, make_person
) -> None:
    """Three given names a day were counted by chat (decision 1693): a stranger with the shared invite and a
    new messenger account for every three names went on reading the unit's list out. An invite now looks
    up no more given names a day than its unit has people yet to join, each of whom types hers once: past
    them “Mai” is asked in full from a fresh account too, and her full name still goes on (decision 1743)."""
    await _spend_the_units_given_names(app, invites, make_person, FOUND)
    fresh, screen = await _mai_from_a_fresh_account(invites, make_person, "799")

    assert "4 số cuối" not in screen and "đầy đủ họ và tên" in screen, screen
    assert "4 số cuối" in await fresh.say("Trần Thị Mai")


@on_text_only
async def test_a_second_invite_of_the_unit_looks_up_no_more_given_names_than_the_first_left(
    app: App, invites: DemoInvites, make_person
) -> None:
    """The count of decision 1743 was the invite's: a unit with a second member invite (a code for another
    group chat, or one made again) gave a stranger holding both a second list's worth of given names a day.
    It is the unit's now, over its invites of the kind: past it, “Mai” with the other code is asked in full,
    and her full name still goes on (decision 1761)."""
    async with app.sessionmaker() as session, session.begin():
        unit = await session.scalar(select(Unit).where(Unit.name.startswith("Phòng Đào tạo")))
        assert unit is not None
        listed = await session.scalar(
            select(func.count())
            .select_from(Person)
            .where(Person.unit_id == unit.id, Person.kind == "staff", Person.listed.is_(True))
        )
        org = await session.get_one(Organisation, unit.org_id)
        second = (await create_invite(session, org, unit_code=unit.code, uses=50, now=NOW)).code
    await _look_up_given_names(invites, make_person, listed, FOUND)  # the first invite's count spent
    fresh = make_person("799")
    await fresh.say(second)

    screen = await fresh.say("Mai")

    assert "4 số cuối" not in screen and "đầy đủ họ và tên" in screen, screen
    assert "4 số cuối" in await fresh.say("Trần Thị Mai")


async def _mai_from_a_fresh_account(invites: DemoInvites, make_person, account: str) -> tuple[Chatter, str]:
    """A new messenger account `account` opens the member invite and types the given name “Mai”: the
    account, and the screen it gets."""
    fresh = make_person(account)
    await fresh.say(invites.member)
    return fresh, await fresh.say("Mai")


async def _spend_the_units_given_names(
    app: App, invites: DemoInvites, make_person, words: tuple[str, ...]
) -> None:
    """Strangers holding the member invite, a new messenger account for every three given names, look up
    more of them than Phòng Đào tạo has people listed."""
    async with app.sessionmaker() as session:
        unit = await session.scalar(select(Unit.id).where(Unit.name.startswith("Phòng Đào tạo")))
        listed = await session.scalar(
            select(func.count())
            .select_from(Person)
            .where(Person.unit_id == unit, Person.kind == "staff", Person.listed.is_(True))
        )
    await _look_up_given_names(invites, make_person, listed, words)


async def _look_up_given_names(
    invites: DemoInvites, make_person, listed: int | None, words: tuple[str, ...]
) -> None:
    """Strangers holding the member invite, a new messenger account for every three given names, look up
    more of them than the `listed` people of the unit yet to join."""
    assert listed
    for account in range(listed // 3 + 1):
        stranger = make_person(f"7{account:02d}")
        await stranger.say(invites.member)
        for word in words:
            await stranger.say(word)
            await stranger.say("/huy")
            await stranger.say(invites.member)


@on_buttons
async def test_the_units_given_names_are_not_read_out_again_the_next_day(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """The unit's count of given names renewed every day (decisions 1743, 1761): a stranger who spent it
    read the list once more each morning of the invite's 14 days. It is the list's once over the days an
    invite lasts: the next day, and a week on, “Mai” from a fresh account is asked in full, and her full name
    still goes on (decision 1823)."""
    await _spend_the_units_given_names(app, invites, make_person, FOUND)
    for days in (1, 6):
        clock.advance(days=days)
        fresh, screen = await _mai_from_a_fresh_account(invites, make_person, f"79{days}")

        assert "4 số cuối" not in screen and "đầy đủ họ và tên" in screen, screen
    assert "4 số cuối" in await fresh.say("Trần Thị Mai")


@on_text_only
async def test_given_names_that_find_nobody_leave_the_units_count_to_those_joining(
    app: App, invites: DemoInvites, make_person
) -> None:
    """Any holder of the invite could spend the day's count with words that find nobody, and Trần Thị Mai,
    joining later that day, had to type her full name (decision 1743's Left). A given name that finds
    nobody spends only its own chat's three (decision 1823): “Mai” then still finds her record."""
    await _spend_the_units_given_names(app, invites, make_person, ("Xuân", "Thu", "Đông"))
    fresh = make_person("799")
    await fresh.say(invites.member)

    assert "4 số cuối" in await fresh.say("Mai")


async def test_the_right_digits_for_a_record_claimed_a_moment_earlier_say_so_and_make_no_duplicate(
    app: App, invites: DemoInvites, make_person
) -> None:
    first, second = make_person("901"), make_person("902")
    await first.say(invites.member)
    assert "4 số cuối" in await first.say("Trần Thị Mai")
    await second.say(invites.member)
    await second.say("Trần Thị Mai")
    await second.say("5671")
    await second.choose("Tôi đồng ý")
    await second.choose("Tiếng Việt")
    before = await people(app)

    screen = await first.say("5671")
    assert "đã tham gia Chung Tay từ một tài khoản khác" in screen and "/lienket" in screen
    assert "tạm dừng" not in screen and "nhập sai" not in screen
    assert "thành viên mới" not in screen  # no offer that makes a second record of her
    assert await holder(app, "console", "901") is None and await people(app) == before


async def test_a_household_joining_with_the_officers_link_code_agrees_to_the_notice_first(
    app: App, make_person
) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    async with app.sessionmaker() as session, session.begin():
        unit = await session.get_one(Unit, ids["unit A"])
        org = await session.get_one(Organisation, unit.org_id)
        invite = await create_invite(session, org, unit_code=unit.code, kind="household", uses=5, now=NOW)
    hung, ba = make_person("hung"), make_person("ba")
    code = LINK_CODE.search(await choose_household(hung) + await hung.choose("Cấp mã liên kết"))
    assert code is not None

    await ba.say(invite.code)
    await ba.say(HOUSEHOLD)
    screen = await ba.say(code.group().lower().replace("-", " "))
    assert "thông báo về việc sử dụng dữ liệu" in screen and "Đã liên kết" not in screen
    assert await holder(app, "console", "ba") is None  # nothing linked before the notice is agreed to
    declined = await ba.choose("không đồng ý")
    assert "chưa có thông tin nào được lưu" in declined
    assert "gửi lại mã liên kết" in declined and "mã mời" not in declined  # what was sent (a finding)
    assert await holder(app, "console", "ba") is None

    await ba.say(code.group())  # the same code, agreed to this time
    await ba.choose("Tôi đồng ý")
    screen = await ba.choose("English")
    assert "Linked!" in screen
    linked = await holder(app, "console", "ba")
    assert linked is not None and linked.id == household
    assert (linked.locale, linked.consent_at is not None) == ("en", True)


@on_text_only
async def test_the_link_screen_never_shows_a_used_code_as_valid(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    first = make_person("301")
    await join(first, invites.member)
    code = await code_of(first)
    assert "Đã liên kết!" in await on(app, "zalo", "302", clock).say(code)

    screen = await first.say("gì vậy")
    assert f"Mã liên kết {code} không còn dùng được" in screen
    assert "Đang liên kết: Máy tính (dòng lệnh), Zalo" in screen
    assert f"Mã liên kết của anh/chị: {code}" not in screen
    fresh = LINK_CODE.findall(screen)
    assert fresh and fresh[-1] != code  # a new code, if another account is to be linked


async def _leave(app: App, name: str, on: date) -> int:
    async with app.sessionmaker() as session, session.begin():
        person = await session.scalar(select(Person).where(Person.name_key == fold(name)))
        assert person is not None
        await mark_left(session, Operator(person.org_id), person, on=on, now=NOW)
        return person.id


async def _roles(app: App, person_id: int) -> set[str]:
    async with app.sessionmaker() as session:
        return set(
            await session.scalars(select(RoleAssignment.role).where(RoleAssignment.person_id == person_id))
        )


@on_buttons
async def test_a_colleague_recorded_as_left_is_told_so_and_gets_neither_the_record_nor_the_invites_role(
    app: App, invites: DemoInvites, make_person
) -> None:
    lan = await _leave(app, "Nguyễn Thị Lan", date(2026, 11, 15))
    before = await people(app)
    back = make_person("lan")
    await back.say(invites.leader)
    assert "4 số cuối" in await back.say("Nguyen Thi Lan")  # nothing of the record shown before the proof
    screen = await back.say("5674")

    assert "ghi nhận anh/chị đã nghỉ từ 15/11/2026" in screen and "chungtay people back" in screen
    assert "Chào mừng" not in screen and "đồng ý" not in screen
    assert await holder(app, "console", "lan") is None and await people(app) == before
    assert await _roles(app, lan) == set()
    assert "mã mời" in await back.say("xin chào")  # back at the invite code, nothing kept


@on_text_only
async def test_a_stranger_with_an_invite_reads_no_list_out_of_it(
    app: App, invites: DemoInvites, make_person
) -> None:
    stranger = make_person("stranger")
    await stranger.say(invites.member)  # Phòng Đào tạo: Trần Thị Mai, Phạm Minh Tuấn yet to join
    for typed, listed in (
        ("Van Van", ("Lê Văn Hùng", "Phạm Minh Tuấn", "Nguyễn Thị Lan", "Trần Thị Mai")),
        ("Thi Thi", ("Trần Thị Mai", "Nguyễn Thị Lan")),
        ("Le Van Hun", ("Lê Văn Hùng",)),  # a letter off, but of Ban Giám hiệu: not this invite's unit
        ("Tran Thi Hoa", ("Trần Thị Mai", "Nguyễn Thị Lan")),  # three letters off: another person
    ):
        screen = await stranger.say(typed)
        assert f"Danh sách cán bộ không có ai tên “{typed}”" in screen and NOT_LISTED in screen, typed
        assert "Những tên gần giống" not in screen, typed
        assert not [name for name in listed if name in screen], typed
        await stranger.choose("Nhập lại tên")

    await _leave(app, "Trần Thị Mai", date(2026, 11, 15))
    screen = await stranger.say("tran thi mia")  # a letter off her name, but she left: never offered
    assert "Trần Thị Mai" not in screen and NOT_LISTED in screen


@on_buttons
async def test_a_household_invite_offers_no_households_for_a_word_of_their_names(
    app: App, make_person
) -> None:
    ids = await seed(app)
    code = await household_invite(app, ids)
    ho = make_person("ho")
    await ho.say(code)
    for typed in ("Ho Ho", "Nguyen Nguyen", "Thi Thi"):
        screen = await ho.say(typed)
        assert "không có hộ nào tên" in screen and BAY not in screen, typed
        await ho.choose("Nhập lại tên")


@on_text_only
async def test_a_colleague_who_joined_and_left_sending_an_invite_is_told_she_left_not_that_she_is_a_member(
    app: App, invites: DemoInvites, make_person
) -> None:
    lan = make_person("lan")
    await lan.say(invites.member)
    await lan.say("Nguyen Thi Lan")
    await lan.say("5674")
    await lan.choose("Tôi đồng ý")
    assert "Chào mừng" in await lan.choose("Tiếng Việt")
    lan_id = await _leave(app, "Nguyễn Thị Lan", date(2026, 11, 15))
    assert "đã nghỉ ở" in await lan.say("/start")  # the office's notice of her leaving

    for code in (invites.member, invites.leader, f"/start {invites.member}"):
        screen = await lan.say(code)
        assert "đã nghỉ ở" in screen and "15/11/2026" in screen and "Phân quyền" in screen, code
        assert "đã tham gia rồi" not in screen and "Khoa Công nghệ" not in screen, code
        assert "vai trò" not in screen, code  # no role is offered to ask for: a leaver is given none
    assert await _roles(app, lan_id) == set()


@on_buttons
async def test_a_name_typed_after_em_la_or_ho_ten_is_read_as_the_name_and_claims_the_listed_record(
    app: App, invites: DemoInvites, make_person
) -> None:
    before = await people(app)
    for chat, typed in (
        ("a", "Em là Nguyễn Thị Lan"),
        ("b", "tôi tên là nguyen thi lan"),
        ("e", "Em là Nguyễn Thị Lan ạ"),  # as a younger colleague writes to the office, with “ạ” after
        ("f", "em ten la nguyen thi lan a"),
        ("g", "Dạ em tên Nguyễn Thị Lan"),
        ("h", "Chào anh, em là Nguyễn Thị Lan nhé"),
        ("c", "Họ tên: Nguyễn Thị Lan"),
    ):
        lan = make_person(chat)
        await lan.say(invites.member)
        screen = await lan.say(typed)
        assert "4 số cuối" in screen and "không có ai tên" not in screen, typed
    alone = make_person("d")
    await alone.say(invites.member)
    screen = await alone.say("Em là Lan")  # a given name alone: the full name asked, with an example
    assert "họ và tên" in screen and "Nguyễn Văn An" in screen and "Em Là Lan" not in screen
    await lan.say("5674")
    await lan.choose("Tôi đồng ý")
    assert "Chào mừng anh/chị Nguyễn Thị Lan!" in await lan.choose("Tiếng Việt")
    assert await people(app) == before and (await holder(app, "console", "c")) is not None


@on_text_only
async def test_who_joined_on_one_messenger_is_told_at_the_invite_on_another_how_to_link_not_join_again(
    app: App, invites: DemoInvites, make_person, clock: MovableClock
) -> None:
    lan = make_person("lan")
    await lan.say(invites.member)
    await lan.say("Nguyen Thi Lan")
    await lan.say("5674")
    await lan.choose("Tôi đồng ý")
    await lan.choose("Tiếng Việt")
    before = await people(app)

    zalo = on(app, "zalo", "lan-zalo", clock)
    screen = await zalo.say(invites.member)  # the same invite link, opened on Zalo
    assert "đã tham gia trên Zalo hoặc Telegram" in screen and "/lienket" in screen
    for typed in ("/lienket", "/link"):  # typed here, as the line is misread: told where, the invite kept
        screen = await zalo.say(typed)
        assert "gõ /lienket ở đó" in screen and "Phòng Đào tạo" in screen and "họ và tên" in screen, typed
        assert "mã mời" not in screen, typed
    assert "Đã liên kết!" in await zalo.say(await code_of(lan))
    assert await people(app) == before
    on_zalo, on_console = await holder(app, "zalo", "lan-zalo"), await holder(app, "console", "lan")
    assert on_zalo is not None and on_console is not None and on_zalo.id == on_console.id


@on_buttons
async def test_a_newcomer_saying_she_is_new_is_asked_her_name_and_an_ede_name_with_a_curly_apostrophe_is_hers(
    app: App, make_person
) -> None:
    """“Tôi là người mới” was offered to join as “Người Mới”; “H’Blương Niê” (the apostrophe a phone types)
    was asked for a name “in letters only” (decision 0603); “Trần Danh Sách” and “Nguyễn Hồ Mới”, names with
    a newcomer's words in them, were asked for their name again and again (decision 0626)."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        unit = await session.get_one(Unit, ids["unit A"])
        org = await session.get_one(Organisation, unit.org_id)
        name = "H'Blương Niê"
        session.add(
            Person(org_id=org.id, unit_id=unit.id, full_name=name, name_key=fold(name), kind="staff",
                   listed=True, phone="0912000099", created_at=NOW)
        )  # fmt: skip
        code = (await create_invite(session, org, unit_code=unit.code, uses=9, now=NOW)).code
    before = await people(app)
    for chat, typed in (("a", "Tôi là người mới"), ("b", "em mới vào"), ("c", "chưa có tên trong danh sách")):
        newcomer = make_person(chat)
        await newcomer.say(code)
        screen = await newcomer.say(typed)
        assert "không cần có tên trong danh sách" in screen and "Nguyễn Văn An" in screen, typed
        assert "không có ai tên" not in screen and "đồng ý" not in screen, typed
        assert "Chào mừng anh/chị Trần Văn Bảy" in await join_rest(newcomer, "Trần Văn Bảy"), typed
    for chat, typed in (("e", "Trần Danh Sách"), ("f", "Em là Nguyễn Hồ Mới")):  # names with those words
        newcomer = make_person(chat)
        await newcomer.say(code)
        name = typed.removeprefix("Em là ")
        assert f"Chào mừng anh/chị {name}!" in await join_rest(newcomer, typed), typed
    ede = make_person("d")
    await ede.say(code)
    assert "4 số cuối" in await ede.say("H’Blương Niê")
    await ede.say("0099")
    await ede.choose("Tôi đồng ý")
    assert "Chào mừng anh/chị H'Blương Niê!" in await ede.choose("Tiếng Việt")
    assert await people(app) == before + 5  # the five newcomers, by their names; her listed record is hers


async def join_rest(newcomer, name: str) -> str:  # type: ignore[no-untyped-def]
    screen = await newcomer.say(name)
    if NOT_LISTED in screen:
        await newcomer.choose(NOT_LISTED)
    await newcomer.choose("Tôi đồng ý")
    return await newcomer.choose("Tiếng Việt")


@on_text_only
async def test_a_hamlet_head_listed_as_a_household_joins_with_an_officers_code_as_its_officer_not_it(
    app: App, make_person
) -> None:
    """A commune's list of households names each by its head: the hamlet head's household is “Nguyễn Văn Tư”.
    Joining with an officer's code, he is not asked for the household's phone nor made its account: a
    household is a member and nothing more (decision 0039), so he joins as the hamlet's officer in a record
    of his own, and still records for his household (decision 0638)."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        unit = await session.get_one(Unit, ids["unit A"])
        org = await session.get_one(Organisation, unit.org_id)
        household = Person(
            org_id=org.id, unit_id=unit.id, full_name="Nguyễn Văn Tư", name_key=fold("Nguyễn Văn Tư"),
            kind="household", listed=True, phone="0987650044", created_at=NOW,
        )  # fmt: skip
        session.add(household)
        await session.flush()
        household_id = household.id
        code = (await create_invite(session, org, unit_code=unit.code, role="officer", now=NOW)).code
    tu = make_person("tu")
    await tu.say(code)
    screen = await tu.say("Nguyễn Văn Tư")
    assert "4 số cuối" not in screen  # the household's phone is not his proof of anything
    await tu.choose("Tôi đồng ý")
    await tu.choose("Tiếng Việt")
    joined = await holder(app, "console", "tu")
    assert joined is not None and joined.id != household_id and joined.kind == "staff"
    assert "officer" in await _roles(app, joined.id)
    assert "officer" not in await _roles(app, household_id)
    async with app.sessionmaker() as session:  # the household's record is still there to be claimed
        held = select(ChannelIdentity).where(ChannelIdentity.person_id == household_id)
        assert await session.scalar(held) is None
    await tu.choose("Ghi nhận thay cho hộ/người khác")
    assert "Nguyễn Văn Tư" in await tu.say("tu")  # his household, for which he records


@on_buttons
async def test_consent_typed_where_a_name_is_asked_is_no_name(
    app: App, invites: DemoInvites, make_person
) -> None:
    """“dong y” typed at “Danh sách cán bộ không có ai tên …” (she took it for the consent) was searched as a
    name: “không có ai tên “Dong Y”” (decision 1518). Asked again kindly, with an example."""
    thu = make_person("thu")
    await thu.say(invites.member)
    assert "không có ai tên “Do Thi Thu”" in await thu.say("do thi thu")

    for typed in ("dong y", "Đồng ý", "ok"):
        screen = await thu.say(typed)
        assert "“Dong Y”" not in screen and "không phải họ tên" in screen, typed
        assert "ví dụ: Nguyễn Văn An" in screen, typed

    await thu.say("do thi thu")
    await thu.choose(NOT_LISTED)
    await thu.choose("Tôi đồng ý")
    await thu.choose("Tiếng Việt")
    joined = await holder(app, "console", "thu")
    assert joined is not None and joined.full_name == "Do Thi Thu"
