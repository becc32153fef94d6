"""One person, several messengers (bot.domain.links): a one-time code from /lienket, typed on another
messenger, links that account to the person who asked, never by name; it expires after 10 minutes and locks
after 5 wrong tries; an account with records of its own is refused (an officer merges), one with nothing is
merged in; the person chooses where notices go, unlinks an account (never the last), and sees one history
everywhere. Through collecting channels with two channel names, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import AuditLog, ChannelIdentity, LinkCode, Person
from bot.demo import DEMO_CLAIM, DemoInvites
from bot.domain.access import actor_for_identity
from bot.domain.invites import (
    CODE_ALPHABET,
    CODE_LENGTH,
    InviteError,
    find_usable_invite,
    new_code,
    normalize_code,
)
from bot.domain.links import choose_reach, issue_link_code, looks_like_link_code, unlink_identity
from bot.messages import BUTTONS, TEXT_ONLY
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Scripted
from tests.test_flows import give_money, join

LINK_CODE = re.compile(r"LK-[A-Z0-9]{3}-[A-Z0-9]{5}")
LINKED = "Đã liên kết!"


@pytest.fixture
def invites(any_app: App, any_invites: DemoInvites) -> DemoInvites:
    """The demo, on SQLite and on PostgreSQL: `any_app`'s database is a copy of the seeded demo."""
    return any_invites


def on(app: App, channel: str, user: str, clock: MovableClock) -> Scripted:
    """A person on `channel`: the console with buttons, anything else ("zalo") text only."""
    caps = BUTTONS if channel == "console" else TEXT_ONLY
    return Scripted(CollectingChannel(app.engine, caps, name=channel), user, clock)


async def code_of(person: Scripted) -> str:
    screen = await person.say("/lienket")
    found = LINK_CODE.search(screen)
    assert found, screen
    return found.group()


async def give(person: Scripted, amount: str) -> str:
    await give_money(person)
    await person.say(amount)
    await person.choose("Bỏ qua")
    return await person.choose("Có")


async def owner(app: App, channel: str, user: str) -> int | None:
    async with app.sessionmaker() as session:
        return await session.scalar(
            select(ChannelIdentity.person_id).where(
                ChannelIdentity.channel == channel, ChannelIdentity.external_id == user
            )
        )


async def count(app: App, model) -> int:  # type: ignore[no-untyped-def]
    async with app.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def actions(app: App, action: str) -> list[AuditLog]:
    async with app.sessionmaker() as session:
        return list(await session.scalars(select(AuditLog).where(AuditLog.action == action)))


def chat(person: Scripted) -> str:
    transport = person.channel.transport
    return "\n---\n".join(transport.show(m) for m in transport.messages(person.chat_id))


@pytest.mark.sqlite_only
async def test_a_code_from_the_console_links_a_new_zalo_account_and_both_see_one_history(
    any_app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    hoa = on(any_app, "console", "hoa", clock)
    await join(hoa, invites.member)
    assert "CT-2026-000001" in await give(hoa, "300k")
    people = await count(any_app, Person)

    code = await code_of(hoa)
    zalo = on(any_app, "zalo", "z-hoa", clock)
    screen = await zalo.say(code.lower().replace("-", " "))  # typed as people type it
    assert LINKED in screen and "Zalo" in screen and "Võ Thị Hoa" in screen
    assert "Ghi nhận đóng góp" in screen  # her main menu, here too
    assert await owner(any_app, "zalo", "z-hoa") == await owner(any_app, "console", "hoa")
    assert await count(any_app, Person) == people

    screen = await zalo.say("/tiendo")
    assert "CT-2026-000001" in screen and "300.000\xa0₫" in screen  # given on the console, seen on Zalo
    assert "CT-2026-000002" in await give(zalo, "200k")
    screen = await hoa.say("/tiendo")
    assert "CT-2026-000001" in screen and "CT-2026-000002" in screen  # and the other way round
    assert "Một tài khoản Zalo vừa được liên kết" in chat(hoa)  # the asking account is told
    [linked] = await actions(any_app, "identity.linked")
    assert linked.details["channel"] == "zalo" and linked.details["merged_from"] is None

    assert "đã được dùng" in await on(any_app, "zalo", "z-other", clock).say(code)  # once only
    assert await owner(any_app, "zalo", "z-other") is None


async def test_a_code_from_zalo_links_the_console_too_and_a_known_account_types_it_at_its_menu(
    any_app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    zalo = on(any_app, "zalo", "z-an", clock)
    await join(zalo, invites.member, "Phạm Văn An")
    console = on(any_app, "console", "an", clock)
    await join(console, invites.member, "Phạm Văn An")  # joined twice, recorded nothing here
    people = await count(any_app, Person)
    kept, merged = await owner(any_app, "zalo", "z-an"), await owner(any_app, "console", "an")
    assert kept != merged
    async with any_app.sessionmaker.begin() as session:  # his retirement was planned on the second record
        (await session.get_one(Person, merged)).leaves_on = date(2027, 1, 1)

    screen = await console.say(await code_of(zalo))  # typed at the main menu, not as a first message
    assert LINKED in screen
    assert await owner(any_app, "zalo", "z-an") == await owner(any_app, "console", "an") == kept
    assert await count(any_app, Person) == people - 1  # the empty second record was merged in
    [merge] = await actions(any_app, "person.merge")
    assert merge.details["via"] == "link"
    assert merge.details["leaves_on_from_source"] == "2027-01-01"
    async with any_app.sessionmaker() as session:  # still comes on its day, on the record he kept
        assert (await session.get_one(Person, kept)).leaves_on == date(2027, 1, 1)


async def test_a_code_expires_after_ten_minutes_and_a_new_one_ends_the_old(
    any_app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    hoa = on(any_app, "console", "hoa", clock)
    await join(hoa, invites.member)
    zalo = on(any_app, "zalo", "z-hoa", clock)

    old = await code_of(hoa)
    clock.advance(minutes=10)
    screen = await zalo.say(old)
    assert "đã hết hạn" in screen and "/lienket" in screen
    assert await owner(any_app, "zalo", "z-hoa") is None
    assert "mã mời" in await zalo.say("xin chào")  # still a newcomer: the welcome

    first, second = await code_of(hoa), await code_of(hoa)
    assert "đã hết hạn" in await zalo.say(first)  # asking again ended the first
    assert LINKED in await zalo.say(second)


async def test_five_wrong_tries_lock_the_code_and_a_guess_at_no_code_counts_against_none(
    any_app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    hoa = on(any_app, "console", "hoa", clock)
    await join(hoa, invites.member)
    code = await code_of(hoa)
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")  # the right handle, a wrong secret
    nobody = "LK-" + ("AAA" if code[3:6] != "AAA" else "BBB") + "-22222"

    zalo = on(any_app, "zalo", "z-guess", clock)
    assert "Không tìm thấy mã liên kết" in await zalo.say(nobody)
    for left in (4, 3, 2, 1):
        assert f"Còn {left} lần thử" in await zalo.say(wrong)
    assert "đã bị khoá sau 5 lần gõ sai" in await zalo.say(wrong)
    screen = await zalo.say(code)
    assert "đã bị khoá" in screen and LINKED not in screen
    assert await owner(any_app, "zalo", "z-guess") is None
    assert len(await actions(any_app, "link.failed")) == 5
    assert len(await actions(any_app, "link.locked")) == 1
    assert LINKED in await zalo.say(await code_of(hoa))  # a new code works


async def test_bad_input_is_answered_kindly_and_links_nothing(
    any_app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    hoa = on(any_app, "console", "hoa", clock)
    await join(hoa, invites.member)
    code = await code_of(hoa)
    screen = await hoa.say(code)  # her own code, on the account that asked for it
    assert "Đây là mã anh/chị vừa lấy tại đây" in screen
    screen = await hoa.say("/lienket")
    code = LINK_CODE.search(screen).group()  # type: ignore[union-attr]
    again = await hoa.say("abc")  # the screen waits for a code or a choice…
    assert "Đây không phải mã liên kết" in again
    assert f"Mã liên kết của anh/chị: {code}" in again  # …and still shows the code it tells her to send

    zalo = on(any_app, "zalo", "z-hoa", clock)
    assert "/lienket" in await zalo.say("/lienket")  # a newcomer is told where codes come from
    assert LINKED in await zalo.say(code)
    assert "đã được liên kết" in await zalo.say(await code_of(hoa))  # already hers
    assert await count(any_app, ChannelIdentity) == 2

    # The screen is a menu too: another entry's words open it and a thank-you is thanked back, as the
    # member's guide says of every menu, never “Đây không phải mã liên kết”.
    await hoa.say("/lienket")
    screen = await hoa.say("tien do")
    assert "Tiến độ năm 2026" in screen and "không phải mã liên kết" not in screen
    await hoa.say("/lienket")
    screen = await hoa.say("cảm ơn ạ")
    assert "không có gì ạ" in screen and "không phải mã liên kết" not in screen


@pytest.mark.sqlite_only
async def test_an_account_with_records_of_its_own_is_refused_and_an_officer_is_named(
    any_app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    hoa = on(any_app, "console", "hoa", clock)
    await join(hoa, invites.member)
    zalo = on(any_app, "zalo", "z-binh", clock)
    await join(zalo, invites.member, "Lê Văn Bình")
    await give(zalo, "100k")
    binh = await owner(any_app, "zalo", "z-binh")

    screen = await zalo.say(await code_of(hoa))
    assert "dữ liệu riêng" in screen and "báo cán bộ công đoàn" in screen and LINKED not in screen
    assert "chungtay people" not in screen  # a server command means nothing to a member
    assert await owner(any_app, "zalo", "z-binh") == binh  # nothing changed
    [refused] = await actions(any_app, "identity.link_refused")
    assert refused.details["why"] == "records"
    assert "CT-2026-000001" in await zalo.say("/tiendo")  # still his own history


async def test_notices_go_to_the_messenger_the_person_chose(
    any_app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    hoa, mai = on(any_app, "console", "hoa", clock), on(any_app, "console", "mai", clock)
    await join(hoa, invites.member)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    zalo = on(any_app, "zalo", "z-hoa", clock)
    await zalo.say(await code_of(hoa))

    await hoa.say("/lienket")
    await hoa.choose("Nơi nhận lời nhắc")
    screen = await hoa.choose("Zalo")
    assert "sẽ được gửi đến anh/chị qua: Zalo" in screen
    await give(hoa, "300k")  # given on the console…
    await mai.say("/tracuu")
    await mai.say("CT-2026-000001")
    await mai.choose("Xác nhận")

    await zalo.say("/menu")  # the Zalo chat is looked at
    assert "đã được thủ quỹ xác nhận" in chat(zalo)  # …the notice reaches her on Zalo
    assert "đã được thủ quỹ xác nhận" not in chat(hoa)
    [reach] = await actions(any_app, "person.reach")
    assert reach.details == {"channel": "zalo", "was": None}

    await zalo.say("/lienket")
    await zalo.choose("Nơi nhận lời nhắc")
    await zalo.choose("gần nhất")
    async with any_app.sessionmaker() as session:
        assert await session.scalar(select(Person.channel).where(Person.full_name == "Võ Thị Hoa")) is None


@pytest.mark.sqlite_only
async def test_unlinking_never_the_last_account_and_an_unlinked_account_starts_afresh(
    any_app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    hoa = on(any_app, "console", "hoa", clock)
    await join(hoa, invites.member)
    await hoa.say("/lienket")
    assert "không thể bỏ liên kết" in await hoa.choose("Bỏ liên kết")

    zalo = on(any_app, "zalo", "z-hoa", clock)
    await zalo.say(await code_of(hoa))
    await zalo.say("/lienket")
    await zalo.choose("Nơi nhận lời nhắc")
    await zalo.choose("Zalo")

    await hoa.say("/lienket")
    screen = await hoa.choose("Bỏ liên kết")
    assert "Máy tính (dòng lệnh) (cuộc trò chuyện này)" in screen and "Zalo" in screen
    await hoa.choose("Zalo")
    screen = await hoa.choose("Có")
    assert "Zalo không còn liên kết" in screen
    assert await owner(any_app, "zalo", "z-hoa") is None
    async with any_app.sessionmaker() as session:  # the choice of Zalo went with it
        assert await session.scalar(select(Person.channel).where(Person.full_name == "Võ Thị Hoa")) is None
    assert "mã mời" in await zalo.say("xin chào")  # Zalo starts afresh
    assert len(await actions(any_app, "identity.unlinked")) == 1

    await hoa.say("/lienket")
    assert "không thể bỏ liên kết" in await hoa.choose("Bỏ liên kết")  # the last one stays


async def test_a_person_unlinks_the_account_they_write_from_and_it_forgets_them(
    any_app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    hoa = on(any_app, "console", "hoa", clock)
    await join(hoa, invites.member)
    zalo = on(any_app, "zalo", "z-hoa", clock)
    await zalo.say(await code_of(hoa))
    await zalo.say("/lienket")
    await zalo.choose("Bỏ liên kết")
    await zalo.choose("cuộc trò chuyện này")
    screen = await zalo.choose("Có")
    assert "tài khoản Zalo này không còn liên kết" in screen
    assert "mã mời" in await zalo.say("/menu")
    assert "Võ Thị Hoa" in await hoa.say("/menu")


def test_a_link_code_can_never_be_read_as_an_invite_code_nor_the_other_way_round() -> None:
    assert "L" not in CODE_ALPHABET and CODE_LENGTH == 8  # what the link code's shape relies on
    for _ in range(500):
        assert not looks_like_link_code(new_code())
    for typed in ("LK-7QM-4X2P9", "lk 7qm 4x2p9", "ＬＫ７ＱＭ４Ｘ２Ｐ９"):
        assert looks_like_link_code(typed)
        normalized = normalize_code(typed)
        assert len(normalized) != CODE_LENGTH and "L" in normalized


async def test_issued_codes_have_the_link_shape_and_find_no_invite(
    any_app: App, invites: DemoInvites
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        person_id = await session.scalar(select(Person.id).limit(1))
        assert person_id is not None
        identity = ChannelIdentity(
            channel="console", external_id="x", person_id=person_id, status="active", created_at=NOW
        )
        session.add(identity)
        await session.flush()
        for _ in range(20):
            issued = await issue_link_code(session, person_id=person_id, identity_id=identity.id, now=NOW)
            assert LINK_CODE.fullmatch(issued.code) and looks_like_link_code(issued.code)
            with pytest.raises(InviteError):
                await find_usable_invite(session, issued.code, now=NOW)
        live = await session.scalar(
            select(func.count()).select_from(LinkCode).where(LinkCode.expires_at > NOW)
        )
        assert live == 1  # each new code ended the one before


async def test_only_the_person_unlinks_their_accounts_or_chooses_where_they_are_reached(
    any_app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    hoa, binh = on(any_app, "console", "hoa", clock), on(any_app, "console", "binh", clock)
    await join(hoa, invites.member)
    await join(binh, invites.member, "Lê Văn Bình")
    await on(any_app, "zalo", "z-hoa", clock).say(await code_of(hoa))
    async with any_app.sessionmaker() as session, session.begin():
        person = await session.get_one(Person, await owner(any_app, "console", "hoa"))
        zalo_id = await session.scalar(select(ChannelIdentity.id).where(ChannelIdentity.channel == "zalo"))
        assert zalo_id is not None
        stranger = await actor_for_identity(session, "console", "binh")
        with pytest.raises(PermissionError):
            await unlink_identity(session, stranger, person, zalo_id, now=NOW)
        with pytest.raises(PermissionError):
            await choose_reach(session, stranger, person, "zalo", now=NOW)
        herself = await actor_for_identity(session, "console", "hoa")
        with pytest.raises(ValueError):  # no account there to be reached on
            await choose_reach(session, herself, person, "telegram", now=NOW)
    assert await owner(any_app, "zalo", "z-hoa") == person.id
    assert await actions(any_app, "person.reach") == [] and await actions(any_app, "identity.unlinked") == []


async def test_an_empty_account_is_still_refused_when_it_holds_a_role_or_a_staff_list_record(
    any_app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    hoa = on(any_app, "console", "hoa", clock)
    await join(hoa, invites.member)
    treasurer = on(any_app, "zalo", "z-quy", clock)
    await join(treasurer, invites.treasurer, "Đặng Văn Quỹ")  # a role the member does not hold
    lan = on(any_app, "zalo", "z-lan", clock)
    await lan.say(invites.member)
    await lan.say(DEMO_CLAIM[0])
    await lan.say(DEMO_CLAIM[1])  # her record on the staff list, proved
    await lan.choose("đồng ý")
    await lan.choose("Tiếng Việt")

    assert "báo cán bộ công đoàn" in await treasurer.say(await code_of(hoa))
    assert "báo cán bộ công đoàn" in await lan.say(await code_of(hoa))
    refusals = await actions(any_app, "identity.link_refused")
    assert sorted(r.details["why"] for r in refusals) == ["listed", "roles"]
    assert await owner(any_app, "zalo", "z-quy") != await owner(any_app, "console", "hoa")
    assert await owner(any_app, "zalo", "z-lan") != await owner(any_app, "console", "hoa")
