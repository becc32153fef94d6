"""Invite codes listed and withdrawn (docs/decisions/0131): an officer sees the codes still open of the
units they cover, newest first, and withdraws one after a last look, in the chat and at the shell; a withdrawn
code lets nobody join, even someone who typed it before; withdrawing twice, a code of another organisation, a
code above one's role, or by a member or a leader, is refused and changes nothing."""

from __future__ import annotations

import functools
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.db.models import AuditLog, Invite, Organisation, Person, Unit
from bot.domain.access import Operator, actor_for
from bot.domain.invites import (
    InviteError,
    create_invite,
    create_invite_as,
    find_usable_invite,
    invites_of,
    redeem_invite,
    withdraw_invite,
)
from tests import test_cli
from tests.support.clocks import NOW
from tests.support.profiles import on_buttons, on_text_only
from tests.test_access import add_person
from tests.test_cli import UNIT, Cli, ok, query
from tests.test_drives import seed
from tests.test_flows import join

org_template = test_cli.org_template  # the CLI tests' organisation, built once
org_cli = test_cli.org_cli

OPEN_CODES = "Mã mời đang mở (xem, thu hồi)"
GONE = "Mã mời này không còn hiệu lực. Anh/chị vui lòng liên hệ cán bộ công đoàn/vận động để nhận mã mới."


async def make_code(
    app: App, ids: dict[str, int], who: str, unit: str, role: str = "member", **at: float
) -> str:
    """A code made in the chat by `who` for unit "A" or "B", `at` after NOW (hours=1)."""
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, ids[who]))
        place = await session.get_one(Unit, ids[f"unit {unit}"])
        invite = await create_invite_as(session, actor, place, role=role, now=NOW + timedelta(**at))
        return invite.code


async def the_invite(app: App, code: str) -> Invite:
    async with app.sessionmaker() as session:
        invite = await session.scalar(select(Invite).where(Invite.code == code))
        assert invite is not None
        return invite


async def withdrawals(app: App) -> list[tuple[int | None, int | None]]:
    async with app.sessionmaker() as session:
        rows = await session.execute(
            select(AuditLog.actor_id, AuditLog.entity_id).where(AuditLog.action == "invite.withdraw")
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def people_named(app: App, name: str) -> int:
    async with app.sessionmaker() as session:
        return await session.scalar(select(func.count()).where(Person.full_name == name)) or 0


async def test_an_officer_sees_the_open_codes_of_their_unit_withdraws_one_by_number_and_it_lets_nobody_in(
    app: App, make_person
) -> None:
    ids = await seed(app)
    theirs = await make_code(app, ids, "binh", "B")
    others = await make_code(app, ids, "hung", "A", role="leader", hours=1)  # unit A: not binh's
    binh = make_person("binh")

    await binh.say("/mamoi")
    screen = await binh.choose(OPEN_CODES)
    assert f"• {theirs}: thành viên Khoa Dược" in screen
    assert "Đặng Thị Bình tạo ngày 22/11/2026 · còn 100/100 lượt · hết hạn 06/12/2026" in screen
    assert others not in screen
    screen = await binh.say("1")
    assert f"Anh/chị thu hồi mã {theirs}? Mã này dành cho thành viên Khoa Dược (còn 100/100 lượt" in screen
    assert "người đã tham gia vẫn giữ nguyên chỗ của mình" in screen
    screen = await binh.say("co")  # without diacritics
    assert f"Đã thu hồi: từ nay không ai tham gia được bằng mã {theirs} nữa." in screen
    assert "Đơn vị của anh/chị không còn mã mời nào dùng được" in screen

    invite = await the_invite(app, theirs)
    assert invite.withdrawn_at is not None and invite.withdrawn_by == ids["binh"]
    assert await withdrawals(app) == [(ids["binh"], invite.id)]
    assert (await the_invite(app, others)).withdrawn_at is None

    newcomer = make_person("newcomer")
    await newcomer.say("/start")
    assert GONE in await newcomer.say(theirs)
    assert await people_named(app, "Võ Thị Hoa") == 0


async def test_an_org_wide_officer_lists_every_unit_newest_first_and_no_keeps_the_code_working(
    app: App, make_person
) -> None:
    ids = await seed(app)
    older = await make_code(app, ids, "binh", "B")
    newer = await make_code(app, ids, "hung", "A", role="leader", hours=2)
    hung = make_person("hung")

    await hung.say("/mamoi")
    screen = await hung.say("thu hồi")  # typed, with diacritics
    assert screen.index(newer) < screen.index(older)
    assert f"• {newer}: lãnh đạo Khoa Nội" in screen and "còn 3/3 lượt" in screen
    await hung.choose(f"{older} · Khoa Dược")
    screen = await hung.say("Không")
    assert f"Không có gì thay đổi: mã {older} vẫn dùng được." in screen
    assert older in screen  # back on the list, still there
    assert (await the_invite(app, older)).withdrawn_at is None and await withdrawals(app) == []

    assert "Chào mừng" in await join(make_person("newcomer"), older, "Võ Văn Mới")  # it still works
    # At the main menu too, as the guide says (a finding from outside: "thu hoi" answered "chọn một mục").
    await hung.say("/menu")
    assert f"• {newer}: lãnh đạo Khoa Nội" in await hung.say("thu hoi ma")


@on_text_only
async def test_a_long_list_of_codes_pages_like_the_bots_other_lists(app: App, make_person) -> None:
    ids = await seed(app)
    codes = [await make_code(app, ids, "binh", "B", minutes=n) for n in range(7)]
    binh = make_person("binh")

    await binh.say("/mamoi")
    screen = await binh.choose(OPEN_CODES)
    assert "Mã mời đang dùng được: 7 mã, mới nhất trước (trang 1/2)." in screen
    assert codes[6] in screen and codes[2] in screen and codes[1] not in screen
    screen = await binh.say("trang sau")
    assert codes[1] in screen and codes[0] in screen and codes[6] not in screen


@on_buttons
async def test_someone_who_typed_the_code_before_it_was_withdrawn_cannot_finish_joining(
    app: App, make_person
) -> None:
    ids = await seed(app)
    code = await make_code(app, ids, "binh", "B")
    newcomer = make_person("newcomer")
    await newcomer.say("/start")
    await newcomer.say(code)
    async with app.sessionmaker() as session, session.begin():  # meanwhile, the officer withdraws it
        invite = await session.scalar(select(Invite).where(Invite.code == code))
        actor = await actor_for(session, await session.get_one(Person, ids["binh"]))
        assert invite is not None
        await withdraw_invite(session, actor, invite, now=NOW)

    screen = await newcomer.say("Võ Văn Mới")
    if "chưa có trong danh sách" in screen:
        await newcomer.choose("Tham gia với tên này")
    await newcomer.choose("Tôi đồng ý")
    screen = await newcomer.choose("Tiếng Việt")

    assert GONE in screen
    assert await people_named(app, "Võ Văn Mới") == 0 and (await the_invite(app, code)).uses == 0


@on_text_only
async def test_withdrawing_twice_another_organisations_code_above_ones_role_or_as_member_or_leader_is_refused(
    app: App, make_person
) -> None:
    ids = await seed(app)
    mine = await make_code(app, ids, "binh", "B")
    of_a = await make_code(app, ids, "hung", "A")
    async with app.sessionmaker() as session, session.begin():
        org = await session.get_one(Organisation, (await session.get_one(Unit, ids["unit A"])).org_id)
        treasurers = await create_invite(session, org, unit_code="KD", role="treasurer", now=NOW)
        expired = await create_invite(
            session, org, unit_code="KD", expires_days=1, now=NOW - timedelta(days=2)
        )
        units = {k: await session.get_one(Unit, ids[f"unit {k}"]) for k in "AB"}
        leader = await add_person(
            session, units, "Lê Thị Lãnh", "B", (("member", "B"), ("leader", "B")), chat_id="l"
        )
        other_org = (await session.get_one(Unit, (await session.get_one(Person, ids["vy"])).unit_id)).org_id
        treasurer_code, expired_code = treasurers.code, expired.code

    async def refused(who: object, code: str) -> str:
        async with app.sessionmaker() as session, session.begin():
            invite = await session.scalar(select(Invite).where(Invite.code == code))
            assert invite is not None
            if isinstance(who, str):
                who = await actor_for(session, await session.get_one(Person, ids[who]))
            elif isinstance(who, Person):
                who = await actor_for(session, who)
            with pytest.raises(InviteError) as problem:
                await withdraw_invite(session, who, invite, now=NOW)  # type: ignore[arg-type]
            return problem.value.reason

    assert await refused("lan", mine) == "not_allowed"  # a member
    assert await refused(leader, mine) == "not_allowed"  # a leader of the code's unit
    assert await refused("binh", of_a) == "not_allowed"  # an officer of another unit
    assert await refused("binh", treasurer_code) == "not_allowed"  # a code above an officer's
    assert await refused(Operator(other_org), mine) == "not_allowed"  # another organisation's shell
    assert await refused("binh", expired_code) == "expired"
    async with app.sessionmaker() as session, session.begin():
        invite = await session.scalar(select(Invite).where(Invite.code == mine))
        await withdraw_invite(
            session, await actor_for(session, await session.get_one(Person, ids["binh"])), invite, now=NOW
        )  # type: ignore[arg-type]
    assert await refused("hung", mine) == "withdrawn"  # twice, by anyone

    assert await withdrawals(app) == [(ids["binh"], (await the_invite(app, mine)).id)]
    for untouched in (of_a, treasurer_code, expired_code):
        assert (await the_invite(app, untouched)).withdrawn_at is None
    assert "Chỉ cán bộ công đoàn mới tạo được mã mời" in await make_person("lan").say("/mamoi")


async def test_the_open_codes_and_a_withdrawal_read_alike_on_sqlite_and_postgresql(any_app: App) -> None:
    ids = await seed(any_app)
    codes = [await make_code(any_app, ids, "hung", unit, minutes=n) for n, unit in enumerate("AB")]
    async with any_app.sessionmaker() as session, session.begin():
        org_id = (await session.get_one(Unit, ids["unit A"])).org_id
        org = await session.get_one(Organisation, org_id)
        forever = await create_invite(
            session, org, unit_code="KN", expires_days=None, now=NOW + timedelta(hours=1)
        )
        used = await create_invite(session, org, unit_code="KN", now=NOW)
        await redeem_invite(session, used, now=NOW)
        binh = await actor_for(session, await session.get_one(Person, ids["binh"]))
        assert [r.invite.code for r in await invites_of(session, binh, org_id, now=NOW)] == [codes[1]]
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        listed = await invites_of(session, hung, org_id, now=NOW)
        assert [r.invite.code for r in listed] == [forever.code, codes[1], codes[0]]
        assert [r.made_by for r in listed] == [None, "Lê Văn Hùng", "Lê Văn Hùng"]
        first = await session.scalar(select(Invite).where(Invite.code == codes[0]))
        assert first is not None
        await withdraw_invite(session, hung, first, now=NOW, reason="dán nhầm vào nhóm Zalo")

    async with any_app.sessionmaker() as session:
        everything = await invites_of(session, Operator(org_id), org_id, now=NOW, closed_too=True)
        assert {r.invite.code: r.state for r in everything} == {
            forever.code: "open",
            codes[1]: "open",
            codes[0]: "withdrawn",
            used.code: "used_up",
        }
        with pytest.raises(InviteError) as gone:
            await find_usable_invite(session, codes[0], now=NOW)
    assert gone.value.reason == "withdrawn"


def test_the_shell_lists_open_codes_withdraws_one_with_a_reason_and_refuses_a_second_time(
    org_cli: Cli,
) -> None:
    english = functools.partial(org_cli, env=test_cli.ENGLISH)  # an office whose chats speak English
    first = ok(english("invite", "create", "--unit", UNIT, "--uses", "300", "--no-expiry")).splitlines()[0]
    leaders = english("invite", "create", "--unit", UNIT, "--role", "leader", "--uses", "2")
    second = ok(leaders).splitlines()[0]

    listed = ok(english("invite", "list"))
    assert listed.index(second) < listed.index(first)  # newest first
    assert f"{first}: members of Phòng Đào tạo" in listed
    assert "made at the office's computer on" in listed and "300 of 300 uses left · never expires" in listed
    assert f"{second}: leaders of Phòng Đào tạo" in listed and "2 of 2 uses left · until" in listed

    said = ok(english("invite", "withdraw", first.lower()[:4] + "-" + first.lower()[4:], "--reason", "lộ mã"))
    assert said.startswith(f"Withdrew code {first} (members of Phòng Đào tạo): nobody can join with it")
    audited = query(org_cli.db, "SELECT actor_id, details FROM audit_log WHERE action = 'invite.withdraw'")
    assert (
        audited[0][0] is None and json.loads(str(audited[0][1]))["reason"] == "lộ mã"
    )  # the shell's, and why

    assert first not in ok(english("invite", "list"))
    everything = ok(english("invite", "list", "--all", "--unit", "Phòng Đào tạo"))
    assert f"{first}: members of Phòng Đào tạo — withdrawn on" in everything and second in everything

    again = english("invite", "withdraw", first)
    assert again.returncode != 0 and f"code {first} was withdrawn on" in again.stderr
    assert "nothing changed" in again.stderr
    unknown = english("invite", "withdraw", "ZZZZ2222")
    assert unknown.returncode != 0 and "no invite code 'ZZZZ2222' in organisation" in unknown.stderr
    assert len(query(org_cli.db, "SELECT id FROM audit_log WHERE action = 'invite.withdraw'")) == 1


def test_a_clerk_makes_lists_and_withdraws_codes_in_vietnamese_by_default(org_cli: Cli) -> None:
    """Nothing set but the database: the shell speaks the chats' Vietnamese (decision 1129), where `invite`
    answered “members of Phòng Đào tạo”, “Withdrew code …” and “no invite code …” in English."""
    made = ok(org_cli("invite", "create", "--unit", UNIT, "--uses", "3")).splitlines()
    code = made[0]
    assert made[1] == "  thành viên Phòng Đào tạo" and "còn 3/3 lượt" in made[2]
    assert "TELEGRAM_BOT_USERNAME" in made[3] and "đường dẫn Telegram" in made[3]

    said = ok(org_cli("invite", "withdraw", code, "--reason", "lộ mã"))
    assert said.startswith(f"Đã thu hồi mã {code} (thành viên Phòng Đào tạo): từ nay không ai tham gia")
    assert ok(org_cli("invite", "list")) == (
        "Không còn mã mời nào dùng được (--all: cả các mã đã dùng hết, hết hạn, đã thu hồi).\n"
    )
    again = org_cli("invite", "withdraw", code)
    assert again.returncode == 2 and f"mã {code} đã được thu hồi ngày" in again.stderr
    assert "không thay đổi gì" in again.stderr
    unknown = org_cli("invite", "withdraw", "ZZZZ2222")
    assert unknown.returncode == 2 and "không có mã mời 'ZZZZ2222' trong tổ chức" in unknown.stderr
    assert len(query(org_cli.db, "SELECT id FROM audit_log WHERE action = 'invite.withdraw'")) == 1
