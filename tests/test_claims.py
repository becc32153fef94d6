"""Claiming a listed record: a name on the staff list is a person's only with the last 4 digits of the phone
on the list; wrong tries lock the record for an hour; a record held by an account is never offered again; an
officer merges a new member into their record and removes accounts with the `chungtay people` commands."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.base import Base
from bot.db.models import AuditLog, ChannelIdentity, Invite, Organisation, Person, RoleAssignment, Unit
from bot.demo import seed_demo
from bot.domain.access import actor_for
from bot.domain.invites import create_invite
from bot.domain.people import FOLLOW_THE_PERSON, deactivate_identity
from bot.messages import Capabilities
from bot.text import fold
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Scripted
from tests.support.profiles import examples_on_one_profile, on_buttons, on_text_only
from tests.test_cli import Cli, ok, query
from tests.test_flows import count, give_money, join

PROOF = "4 số cuối"  # the question a listed name gets
PAUSED = "tạm dừng đến"  # the answer while claims of a record are locked (until when)
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MAI_POSITION = "thủ quỹ công đoàn"  # how the demo's staff list describes its treasurer


def on_zalo(app: App, profile: Capabilities, clock: MovableClock, user: str) -> Scripted:
    return Scripted(CollectingChannel(app.engine, profile, name="zalo"), user, clock)


async def listed(app: App, name: str) -> int:
    async with app.sessionmaker() as session:
        person_id = await session.scalar(
            select(Person.id).where(Person.name_key == fold(name), Person.listed.is_(True))
        )
    assert person_id is not None, name
    return person_id


async def owner_of(app: App, channel: str, user: str) -> Person:
    async with app.sessionmaker() as session:
        person = await session.scalar(
            select(Person)
            .join(ChannelIdentity, ChannelIdentity.person_id == Person.id)
            .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == user)
        )
    assert person is not None, (channel, user)
    return person


async def roles_of(app: App, person_id: int) -> set[str]:
    async with app.sessionmaker() as session:
        roles = await session.scalars(
            select(RoleAssignment.role).where(RoleAssignment.person_id == person_id)
        )
        return set(roles)


async def accounts_of(app: App, person_id: int) -> list[tuple[str, str, str]]:
    async with app.sessionmaker() as session:
        rows = await session.execute(
            select(ChannelIdentity.channel, ChannelIdentity.external_id, ChannelIdentity.status)
            .where(ChannelIdentity.person_id == person_id)
            .order_by(ChannelIdentity.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def audit_rows(app: App, action: str) -> list[AuditLog]:
    async with app.sessionmaker() as session:
        rows = await session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id))
        return list(rows)


@on_text_only
async def test_a_member_invite_and_the_treasurers_name_give_neither_her_record_nor_her_role(
    app, invites, make_person
) -> None:
    mai = await listed(app, "Trần Thị Mai")
    intruder = make_person("intruder")
    await intruder.say(invites.member)
    seen = await intruder.say("Trần Thị Mai")
    assert PROOF in seen
    seen += await intruder.say("1234")
    assert "chưa khớp" in intruder.screen
    seen += await intruder.choose("thành viên mới")
    seen += await intruder.choose("đồng ý")
    seen += await intruder.choose("Tiếng Việt")

    assert MAI_POSITION not in seen and "0912345671" not in seen and "5671" not in seen
    newcomer = await owner_of(app, "console", "intruder")
    assert newcomer.id != mai and not newcomer.listed
    assert await roles_of(app, newcomer.id) == {"member"}
    assert await accounts_of(app, mai) == []
    await intruder.say("/tracuu")  # no treasurer's look-up: a code of someone else's says only "not found"
    screen = await intruder.say("CT-2026-000001")
    assert "CT-2026-000001: không tìm thấy" in screen


async def test_the_last_four_phone_digits_claim_the_listed_record_with_its_roles(
    app, invites, make_person
) -> None:
    mai_id = await listed(app, "Trần Thị Mai")
    people_before = await count(app, Person)
    mai = make_person("mai")
    await mai.say(invites.member)
    assert MAI_POSITION not in await mai.say("tran thi mai")
    await mai.say("5671")
    await mai.choose("đồng ý")
    screen = await mai.choose("Tiếng Việt")

    assert "Chào mừng anh/chị Trần Thị Mai" in screen
    assert "Tra cứu đóng góp" in screen  # the treasurer's menu: her role comes from the staff list
    assert (await owner_of(app, "console", "mai")).id == mai_id
    assert {"member", "treasurer"} <= await roles_of(app, mai_id)
    assert await count(app, Person) == people_before
    assert [row.details["claimed"] for row in await audit_rows(app, "person.join")] == [True]


@examples_on_one_profile("full_width_or_whole", ["５６７４", "0912 345 674", "0912.345.674"])
async def test_full_width_digits_prove_it_too_and_an_answer_that_is_not_four_digits_costs_no_try(
    app, invites, make_person, full_width_or_whole: str
) -> None:
    lan_id = await listed(app, "Nguyễn Thị Lan")
    lan = make_person("lan")
    await lan.say(invites.member)
    await lan.say("Nguyễn Thị Lan")
    # the digits with a dot as in an amount: not “join first”, a gift read in them (0330)
    for typed in ("56 74", "567", "56745", "abcd", "٥٦٧٤", "5.674", "0912 345"):
        screen = await lan.say(typed)
        assert "đúng 4 chữ số" in screen and PROOF in screen, typed
    await lan.say(full_width_or_whole)  # the whole phone typed is read by its last 4 digits (0352)
    await lan.choose("đồng ý")
    await lan.choose("Tiếng Việt")

    assert (await owner_of(app, "console", "lan")).id == lan_id
    assert await audit_rows(app, "person.claim_failed") == []


async def test_three_wrong_tries_lock_the_record_for_an_hour_whatever_chat_or_invite(
    app, invites, make_person, clock, profile
) -> None:
    mai_id = await listed(app, "Trần Thị Mai")
    first = make_person("first")
    await first.say(invites.member)
    await first.say("Trần Thị Mai")
    assert "còn 2 lần thử" in await first.say("0000")
    assert "còn 1 lần thử" in await first.say("1111")
    screen = await first.say("2222")
    assert PAUSED in screen and "thành viên mới" in screen
    assert PAUSED in await first.say("5671")  # the right digits are no longer read
    assert await accounts_of(app, mai_id) == []

    failed = await audit_rows(app, "person.claim_failed")
    locked = await audit_rows(app, "person.claim_locked")
    assert [row.entity_id for row in failed] == [mai_id] * 3 and [row.entity_id for row in locked] == [mai_id]
    for row in failed + locked:
        assert row.entity == "person" and set(row.details) == {"invite", "channel"}  # no digits, no name

    other = on_zalo(app, profile, clock, "other")
    await other.say(invites.treasurer)
    screen = await other.say("Trần Thị Mai")
    assert PAUSED in screen and PROOF not in screen
    clock.advance(minutes=58)
    assert "gửi lại mã mời" in await other.choose("thử lại sau")
    await other.say(invites.treasurer)
    assert PAUSED in await other.say("Trần Thị Mai")

    clock.advance(minutes=2)  # an hour after the lock
    await other.choose("thử lại sau")
    await other.say(invites.treasurer)
    assert PROOF in await other.say("Trần Thị Mai")
    assert "còn 2 lần thử" in await other.say("9999")  # the tries before the lock count no more
    await other.say("5671")
    await other.choose("đồng ý")
    await other.choose("Tiếng Việt")
    assert (await owner_of(app, "zalo", "other")).id == mai_id


@on_text_only
async def test_a_guesser_who_comes_back_whenever_the_lock_ends_tries_a_few_dozen_endings_in_a_week(
    app, invites, make_person, clock, profile
) -> None:
    """The member's code went round the unit's group chat and the treasurer has not joined yet. A colleague
    typed her name and three guesses at her phone's last 4 digits, waited the hour, and again, all week:
    504 of the 10,000 endings, one chance in twenty of her record and her right to confirm money. Now each
    lock of the same record lasts twice the one before, and the pause says until when."""
    mai_id = await listed(app, "Trần Thị Mai")
    guesses = (f"{n:04d}" for n in range(10_000) if f"{n:04d}" != "5671")
    tried, rounds, start = 0, 0, clock()
    while clock() - start < timedelta(days=7):
        rounds += 1
        guesser = make_person(f"guesser-{rounds}")
        await guesser.say(invites.member)
        screen = await guesser.say("Trần Thị Mai")
        if PROOF in screen:
            for _ in range(3):
                screen = await guesser.say(next(guesses))
                tried += 1
            if tried == 6:  # the second lock: two hours, said so
                until = clock() + timedelta(hours=2)
                assert f"{PAUSED} {until.astimezone(VIETNAM):%H:%M %d/%m/%Y}" in screen
        assert PAUSED in screen
        clock.advance(hours=1)
    assert tried <= 30
    assert await accounts_of(app, mai_id) == []
    locks = await audit_rows(app, "person.claim_locked")
    assert len(locks) * 3 == tried


async def test_a_record_held_by_an_account_on_another_channel_is_not_offered_again(
    app, invites, make_person, clock, profile
) -> None:
    lan_id = await listed(app, "Nguyễn Thị Lan")
    lan = make_person("lan")
    await lan.say(invites.member)
    await lan.say("Nguyễn Thị Lan")
    await lan.say("5674")
    await lan.choose("đồng ý")
    await lan.choose("Tiếng Việt")
    # Even an account that blocked the bot holds the record.
    async with app.sessionmaker() as session, session.begin():
        assert await deactivate_identity(session, "console", "lan", now=NOW)

    namesake = on_zalo(app, profile, clock, "namesake")
    await namesake.say(invites.member)
    screen = await namesake.say("Nguyễn Thị Lan")
    assert PROOF not in screen and "Anh/chị có đồng ý không?" in screen
    await namesake.choose("đồng ý")
    await namesake.choose("Tiếng Việt")

    newcomer = await owner_of(app, "zalo", "namesake")
    assert newcomer.id != lan_id and not newcomer.listed
    assert await accounts_of(app, lan_id) == [("console", "lan", "blocked")]


async def test_a_listed_record_without_a_phone_stays_unclaimed_and_its_namesake_joins_as_new(
    app, invites, make_person
) -> None:
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        unit = await session.scalar(select(Unit).where(Unit.code == "BGH"))
        assert org is not None and unit is not None
        record = Person(
            org_id=org.id,
            unit_id=unit.id,
            full_name="Đinh Văn Phúc",
            name_key=fold("Đinh Văn Phúc"),
            position="Phó chủ tịch công đoàn",
            kind="staff",
            listed=True,
            created_at=NOW,
        )
        session.add(record)
        await session.flush()
        session.add(RoleAssignment(person_id=record.id, role="officer", org_id=org.id, granted_at=NOW))
    phuc = make_person("phuc")
    await phuc.say(invites.member)
    screen = await phuc.say("Đinh Văn Phúc")
    assert PROOF not in screen and "Phó chủ tịch" not in screen
    # No proof is possible here: the union officer's link code is the way to the record (decision 0055)
    assert "nhờ cán bộ công đoàn cấp mã liên kết" in screen
    await phuc.choose("Tôi là người khác")
    await phuc.choose("đồng ý")
    await phuc.choose("Tiếng Việt")

    newcomer = await owner_of(app, "console", "phuc")
    assert newcomer.id != record.id and not newcomer.listed
    assert await roles_of(app, newcomer.id) == {"member"}
    assert await accounts_of(app, record.id) == []


@on_text_only
async def test_people_merge_moves_a_new_members_contribution_into_the_listed_record(
    app, invites, make_person, tmp_path: Path, db_path: Path
) -> None:
    lan_id = await listed(app, "Nguyễn Thị Lan")
    lan = make_person("lan")
    await join(lan, invites.member, "Nguyễn Thị Lan")  # without the proof: a new member
    await give_money(lan)
    await lan.say("500k")
    await lan.choose("Bỏ qua")
    await lan.choose("Có")
    newcomer = await owner_of(app, "console", "lan")
    cli = Cli(tmp_path, db_path)

    unlisted = ok(cli("people", "list", "--unlisted"))
    assert str(newcomer.id) in unlisted and "console:lan" in unlisted and "Trần Thị Mai" not in unlisted
    teachers = ok(cli("people", "list", "--unit", "kcn"))
    assert "Nguyễn Thị Lan" in teachers and "********74" in teachers and "0912345674" not in teachers

    look = ok(cli("people", "merge", str(newcomer.id), str(lan_id)))  # the last look changes nothing
    assert "bỏ:  Nguyễn Thị Lan (không trong danh sách)" in look and "khoản ủng hộ: 1" in look
    assert f"chungtay people merge {newcomer.id} {lan_id} --yes" in look
    assert query(db_path, f"SELECT count(*) FROM person WHERE id = {newcomer.id}") == [(1,)]
    out = ok(cli("people", "merge", str(newcomer.id), str(lan_id), "--yes"))
    assert out.startswith(f"Đã gộp mã số {newcomer.id} vào Nguyễn Thị Lan (mã số {lan_id})")
    assert query(db_path, "SELECT person_id, recorded_by FROM contribution") == [(lan_id, lan_id)]
    assert query(db_path, f"SELECT count(*) FROM person WHERE id = {newcomer.id}") == [(0,)]
    [(details,)] = query(db_path, "SELECT details FROM audit_log WHERE action = 'person.merge'")
    assert {"source": newcomer.id, "target": lan_id}.items() <= json.loads(str(details)).items()
    assert await roles_of(app, lan_id) == {"member"}  # her membership stays the staff list's (KCN)

    screen = await lan.say("/tiendo")  # the same chat is now her listed record
    assert "CT-2026-000001" in screen and "500.000\xa0₫" in screen
    assert (await owner_of(app, "console", "lan")).id == lan_id


async def test_people_merge_refuses_an_unlisted_target_and_a_double_registration_in_one_line(
    app, invites, make_person, clock, profile, tmp_path: Path, db_path: Path
) -> None:
    lan_id = await listed(app, "Nguyễn Thị Lan")
    lan = make_person("lan")
    await lan.say(invites.member)
    await lan.say("Nguyễn Thị Lan")
    await lan.say("5674")
    await lan.choose("đồng ý")
    await lan.choose("Tiếng Việt")
    again = on_zalo(app, profile, clock, "lan-again")
    await join(again, invites.member, "Nguyễn Thị Lan")  # her record is held: a new member
    for person in (lan, again):
        await person.choose("Đăng ký thi đua")
        await person.choose("Ủng hộ Quỹ")
        await person.choose("Xong")
        await person.say("500k")
        await person.choose("Có")
    newcomer = await owner_of(app, "zalo", "lan-again")
    cli = Cli(tmp_path, db_path)

    for source, target, reason in (
        (newcomer.id, lan_id, f"năm 2026: mã số {newcomer.id} đăng ký ngày"),
        (lan_id, newcomer.id, f"người mã số {newcomer.id} không có trong danh sách cán bộ"),
        (newcomer.id, 9999, "không có người mã số 9999"),
    ):
        result = cli("people", "merge", str(source), str(target), "--yes")
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.startswith("chungtay: ") and reason in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert (await owner_of(app, "zalo", "lan-again")).id == newcomer.id
    assert await audit_rows(app, "person.merge") == []


async def test_a_removed_account_stays_removed_whatever_it_sends(
    app, hoa, invites, tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    unknown = cli("people", "remove-identity", "--channel", "console", "--user", "nobody")
    assert unknown.returncode == 2 and "chưa có tài khoản console 'nobody'" in unknown.stderr

    assert "Đã gỡ tài khoản console hoa" in ok(
        cli("people", "remove-identity", "--channel", "console", "--user", "hoa")
    )
    people = await count(app, Person)
    for typed in ("/menu", "Xin chào", invites.member, "Võ Thị Hoa", "1", "1", f"/start {invites.member}"):
        screen = await hoa.say(typed)
        assert "Đăng ký thi đua" not in screen and "Chào mừng anh/chị" not in screen, typed

    hoa_id = (await owner_of(app, "console", "hoa")).id
    assert await accounts_of(app, hoa_id) == [("console", "hoa", "removed")]
    assert await count(app, Person) == people
    assert len(await audit_rows(app, "identity.removed")) == 1
    assert "đã được gỡ từ trước" in ok(
        cli("people", "remove-identity", "--channel", "console", "--user", "hoa")
    )


@on_buttons
async def test_an_account_removed_at_the_shell_is_said_in_the_words_of_the_bots_screens(
    app, hoa, tmp_path: Path, db_path: Path
) -> None:
    """The clerk removed Hoa's account: the shell said “bot chỉ trả lời tài khoản đó rằng nó đã bị gỡ”,
    a word (“bot”) and a turn (“nó”) no screen of Chung Tay uses (decision 1392)."""
    cli = Cli(tmp_path, db_path)
    said = ok(cli("people", "remove-identity", "--channel", "console", "--user", "hoa"))
    assert said == (
        "Đã gỡ tài khoản console hoa: từ nay Chung Tay chỉ báo cho tài khoản này biết là đã bị gỡ.\n"
    )
    screen = await hoa.say("/menu")
    assert "Tài khoản này đã được cán bộ phụ trách gỡ khỏi Chung Tay." in screen


def test_every_column_that_points_at_a_person_follows_a_merge() -> None:
    pointing = {
        f"{table.name}.{fk.parent.name}"
        for table in Base.metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name == "person"
    }
    followed = {f"{column.class_.__tablename__}.{column.key}" for column in FOLLOW_THE_PERSON}
    # Merged apart: roles without duplicates, actions renumbered after the target's, one reminder preference.
    assert pointing - followed == {
        "role_assignment.person_id",
        "outbound_action.person_id",
        "reminder_preference.person_id",
        "person_gifts.person_id",  # the gifts' count follows the gifts, by the triggers (migration 0039)
    }


def test_the_demo_banner_shows_a_listed_record_to_claim_and_its_digits_work(tmp_path: Path) -> None:
    cli = Cli(tmp_path, tmp_path / "demo.db")
    banner = ok(cli("demo"))
    assert "gõ tên Nguyễn Thị Lan, 4 số cuối điện thoại 5674" in banner
    code = banner.split("member invite code: ", 1)[1].split()[0]
    out = ok(cli("demo", stdin=f"{code}\nNguyễn Thị Lan\n5674\n1\n1\n"))
    assert PROOF in out and "Chào mừng anh/chị Nguyễn Thị Lan! Anh/chị đã tham gia Khoa Công nghệ" in out


async def test_the_demos_teacher_gives_and_the_unions_treasurer_confirms_it(
    app, invites, make_person
) -> None:
    """The record the banner offers (Nguyễn Thị Lan, Khoa Công nghệ) gives first: the union's treasurer keeps
    the whole school's money, so it waits for her and she confirms it (it once waited for nobody: the
    treasurer's role was her own unit's); the union's chairman mobilises every unit."""
    lan, mai = make_person("lan"), make_person("mai")
    for person, name, digits in ((lan, "Nguyễn Thị Lan", "5674"), (mai, "Trần Thị Mai", "5671")):
        await person.say(invites.member)
        await person.say(name)
        await person.say(digits)
        await person.choose("đồng ý")
        await person.choose("Tiếng Việt")
    await give_money(lan)
    await lan.say("200k")
    await lan.choose("Bỏ qua")
    screen = await lan.choose("Có")
    assert "CT-2026-000001" in screen and "chưa có thủ quỹ" not in screen
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    await mai.choose("CT-2026-000001")
    await mai.choose("Xác nhận các khoản đã chọn")
    assert "Đã xác nhận: CT-2026-000001" in await mai.choose("Có")
    async with app.sessionmaker() as session:
        hung_id = await session.scalar(select(Person.id).where(Person.full_name == "Lê Văn Hùng"))
        actor = await actor_for(session, await session.get_one(Person, hung_id))
    assert actor is not None and ("officer", None) in actor.grants


async def test_a_demo_seeded_before_gets_its_unions_roles_for_the_whole_school(any_app: App) -> None:
    await seed_demo(any_app.sessionmaker, now=NOW)
    async with any_app.sessionmaker() as session, session.begin():  # as an older seed wrote them: unit roles
        for name, unit, role in (("Trần Thị Mai", "PDT", "treasurer"), ("Lê Văn Hùng", "BGH", "officer")):
            person_id = await session.scalar(select(Person.id).where(Person.full_name == name))
            unit_id = await session.scalar(select(Unit.id).where(Unit.code == unit))
            await session.execute(
                update(RoleAssignment)
                .where(RoleAssignment.person_id == person_id, RoleAssignment.role == role)
                .values(unit_id=unit_id)
            )
    await seed_demo(any_app.sessionmaker, now=NOW)
    async with any_app.sessionmaker() as session:
        for name, role in (("Trần Thị Mai", "treasurer"), ("Lê Văn Hùng", "officer")):
            person = await session.scalar(select(Person).where(Person.full_name == name))
            actor = await actor_for(session, person)
            assert actor is not None and (role, None) in actor.grants, name
            assert {r for r, _unit in actor.grants} == {"member", role}  # nothing else changed


async def test_a_demo_started_again_widens_its_own_treasurer_code_and_no_units_code_the_shell_made(
    any_app: App,
) -> None:
    """The demo's next start widened every treasurer code of the school the shell made for a thousand uses
    without end, a unit's own with it: a code made for Khoa Công nghệ's treasurer became the whole school's,
    and whoever joined with it read and confirmed every unit's gifts. Only the banner's code, made with the
    demo, is widened (decisions 1814, 1852)."""
    await seed_demo(any_app.sessionmaker, now=NOW)
    async with any_app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        assert org is not None
        await session.execute(update(Invite).values(org_wide=False))  # as a seed before 1814 wrote them
        units = [  # as `invite create --unit KCN --role treasurer --uses 1000 --no-expiry` makes them
            await create_invite(
                session, org, unit_code=unit, role="treasurer", uses=1000, expires_days=None, now=later
            )
            for unit, later in (("KCN", NOW + timedelta(days=1)), ("PDT", NOW + timedelta(days=2)))
        ]
        made = {invite.code for invite in units}
    await seed_demo(any_app.sessionmaker, now=NOW + timedelta(days=3))
    async with any_app.sessionmaker() as session:
        wide = dict(
            (
                await session.execute(select(Invite.code, Invite.org_wide).where(Invite.role == "treasurer"))
            ).all()
        )
    assert {code: wide[code] for code in made} == dict.fromkeys(made, False)
    assert [code for code, whole in wide.items() if whole and code not in made] != []  # the banner's


@on_text_only
async def test_a_name_listed_without_a_phone_in_the_invites_unit_is_not_asked_a_namesakes_phone_elsewhere(
    app, invites, make_person
) -> None:
    """Two colleagues of one name in two units, the one of the invite's unit without a phone on the list:
    she is told to ask for a link code for her own record, never asked the other one's phone digits."""
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        own = await session.scalar(select(Unit).where(Unit.code == "PDT"))
        other = await session.scalar(select(Unit).where(Unit.code == "BGH"))
        assert org is not None and own is not None and other is not None
        for unit, phone in ((own, None), (other, "0912000006")):
            session.add(
                Person(
                    org_id=org.id,
                    unit_id=unit.id,
                    full_name="Nguyễn Thị Hoa",
                    name_key=fold("Nguyễn Thị Hoa"),
                    kind="staff",
                    listed=True,
                    phone=phone,
                    created_at=NOW,
                )
            )
    hoa = make_person("hoa")
    await hoa.say(invites.member)
    screen = await hoa.say("Nguyễn Thị Hoa")
    assert PROOF not in screen
    assert "nhờ cán bộ công đoàn cấp mã liên kết" in screen


@on_buttons
async def test_a_colleague_who_left_without_a_phone_on_the_list_is_no_record_for_her_namesake_to_ask_for(
    app, invites, make_person
) -> None:
    """A nurse who left in June was listed without a phone; a new one of her name joins her unit. She is not
    sent to the union officer for a link code to the leaver's record, which no officer may give
    (`may_act_for`), nor told that the list has her namesake: she joins as a new member."""
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        unit = await session.scalar(select(Unit).where(Unit.code == "PDT"))
        assert org is not None and unit is not None
        leaver = Person(
            org_id=org.id,
            unit_id=unit.id,
            full_name="Nguyễn Thị Hoa",
            name_key=fold("Nguyễn Thị Hoa"),
            kind="staff",
            listed=True,
            left_on=date(2026, 6, 30),
            created_at=NOW,
        )
        session.add(leaver)
    hoa = make_person("hoa")
    await hoa.say(invites.member)
    screen = await hoa.say("Nguyễn Thị Hoa")
    assert "mã liên kết" not in screen and "chưa có số điện thoại" not in screen
    await hoa.choose("đồng ý")
    await hoa.choose("Tiếng Việt")

    newcomer = await owner_of(app, "console", "hoa")
    assert newcomer.id != leaver.id and not newcomer.listed
    assert await accounts_of(app, leaver.id) == []


async def test_a_colleague_without_a_phone_beside_a_namesake_with_one_in_her_unit_can_ask_for_a_link_code(
    app, invites, make_person
) -> None:
    """Three “Nguyễn Thị Hoa”: two of the invite's unit, one listed with a phone and one without, and one of
    another unit with a phone. The one without is asked the digits of a phone that is not hers; the proof's
    screen lets her say the list has no phone of hers and ask for a link code, before any wrong try locks her
    namesakes' records. Her namesake with the phone still proves it with its digits."""
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        own = await session.scalar(select(Unit).where(Unit.code == "PDT"))
        other = await session.scalar(select(Unit).where(Unit.code == "BGH"))
        assert org is not None and own is not None and other is not None
        for unit, phone in ((own, None), (own, "0912000006"), (other, "0912000007")):
            session.add(
                Person(
                    org_id=org.id,
                    unit_id=unit.id,
                    full_name="Nguyễn Thị Hoa",
                    name_key=fold("Nguyễn Thị Hoa"),
                    kind="staff",
                    listed=True,
                    phone=phone,
                    created_at=NOW,
                )
            )
    hoa = make_person("hoa")
    await hoa.say(invites.member)
    assert PROOF in await hoa.say("nguyen thi hoa")
    screen = await hoa.choose("không có số điện thoại của tôi")
    assert "nhờ cán bộ công đoàn cấp mã liên kết" in screen and "“Nguyễn Thị Hoa”" in screen
    assert await audit_rows(app, "person.claim_failed") == []

    namesake = make_person("namesake")
    await namesake.say(invites.member)
    await namesake.say("Nguyễn Thị Hoa")
    await namesake.say("0006")
    await namesake.choose("đồng ý")
    assert "Chào mừng anh/chị Nguyễn Thị Hoa" in await namesake.choose("Tiếng Việt")
    assert (await owner_of(app, "console", "namesake")).phone == "0912000006"


async def _two_hoas_of_one_unit(app: App) -> Person:
    """Two “Nguyễn Thị Hoa” of Phòng Đào tạo on the list, one with a phone, one without (returned)."""
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        unit = await session.scalar(select(Unit).where(Unit.code == "PDT"))
        assert org is not None and unit is not None
        records = [
            Person(
                org_id=org.id,
                unit_id=unit.id,
                full_name="Nguyễn Thị Hoa",
                name_key=fold("Nguyễn Thị Hoa"),
                kind="staff",
                listed=True,
                phone=phone,
                created_at=NOW,
            )
            for phone in (None, "0912000006")
        ]
        session.add_all(records)
    return records[0]


async def test_a_colleague_without_a_phone_still_asks_for_a_link_code_once_her_namesakes_record_is_locked(
    app, invites, make_person
) -> None:
    """She tried her own phone's digits three times before reading the choice, or a stranger did: her
    namesake's record is locked, hers (no phone, nothing to try) is not. The pause still lets her say the
    list has no phone of hers, and the right digits of the locked record are still not read."""
    await _two_hoas_of_one_unit(app)
    hoa = make_person("hoa")
    await hoa.say(invites.member)
    await hoa.say("Nguyễn Thị Hoa")
    for digits in ("1111", "2222", "3333"):
        screen = await hoa.say(digits)
    assert PAUSED in screen
    screen = await hoa.choose("không có số điện thoại của tôi")
    assert "nhờ cán bộ công đoàn cấp mã liên kết" in screen
    assert PAUSED in await hoa.say("0006")  # the link code's screen reads no digits of a locked record

    again = make_person("again")
    await again.say(invites.member)
    await again.say("Nguyễn Thị Hoa")
    assert PAUSED in again.screen and "0006" not in again.screen
    assert PAUSED in await again.say("0006")


async def test_the_list_has_no_phone_of_mine_pressed_after_that_record_was_taken_sends_nobody_to_a_dead_end(
    app, invites, make_person
) -> None:
    """Between the name and the choice, the record without a phone joined from another account (its owner
    typed an officer's link code on her other messenger). The choice no longer sends whoever presses it to
    ask an officer for a code no officer may give (`may_give_link_code_for`): the name is read again as it
    is listed now, and its namesake's digits are asked, the record that joined named by nobody."""
    phoneless = await _two_hoas_of_one_unit(app)
    hoa = make_person("hoa")
    await hoa.say(invites.member)
    await hoa.say("Nguyễn Thị Hoa")
    async with app.sessionmaker() as session, session.begin():
        session.add(
            ChannelIdentity(channel="zalo", external_id="z-hoa", person_id=phoneless.id, created_at=NOW)
        )
    screen = await hoa.choose("không có số điện thoại của tôi")
    assert "mã liên kết" not in screen and "chưa có số điện thoại" not in screen
    assert PROOF in screen and "không có số điện thoại của tôi" not in screen
    await hoa.say("0006")
    await hoa.choose("đồng ý")
    await hoa.choose("Tiếng Việt")
    assert (await owner_of(app, "console", "hoa")).phone == "0912000006"


async def test_the_namesake_with_the_phone_who_said_by_mistake_the_list_has_none_may_type_its_digits_after(
    app, invites, make_person
) -> None:
    """The one whose phone the list has pressed “Danh sách không có số điện thoại của tôi” by mistake, and at
    the link code's screen types her phone's last 4 digits: they are a try at the digits' question, and the
    right ones prove her record, where she was told “Đó không phải mã liên kết” and had to start again."""
    await _two_hoas_of_one_unit(app)
    hoa = make_person("hoa")
    await hoa.say(invites.member)
    await hoa.say("Nguyễn Thị Hoa")
    assert "cấp mã liên kết" in await hoa.choose("không có số điện thoại của tôi")
    screen = await hoa.say("0006")
    assert "không phải mã liên kết" not in screen
    await hoa.choose("đồng ý")
    assert "Chào mừng anh/chị Nguyễn Thị Hoa" in await hoa.choose("Tiếng Việt")
    assert (await owner_of(app, "console", "hoa")).phone == "0912000006"
