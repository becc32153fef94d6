"""Invite codes against a real SQLite database; time is passed in, never read from the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Invite, Organisation, Person, RoleAssignment, Unit
from bot.demo import organisations_besides_the_demo, seed_demo
from bot.domain.access import DEMO_NAME, DEMO_ORG
from bot.domain.invites import (
    CODE_ALPHABET,
    InviteError,
    create_invite,
    deep_link,
    find_usable_invite,
    invites_of,
    redeem_invite,
    withdraw_invite,
)
from bot.domain.joining import join_with_invite

NOW = datetime(2026, 10, 17, 2, 0, tzinfo=UTC)


@pytest.fixture
async def org(db: async_sessionmaker[AsyncSession]) -> Organisation:
    async with db() as session, session.begin():
        org = Organisation(code="truong-dtnt", name="Trường Dân tộc nội trú Khánh Vĩnh", created_at=NOW)
        session.add(org)
        await session.flush()
        session.add_all(
            [
                Unit(org_id=org.id, code="phong-dao-tao", name="Phòng Đào tạo"),
                Unit(org_id=org.id, code="khoa-van-hoa", name="Khoa Văn hóa"),
                Unit(org_id=org.id, code="to-chuc-hanh-chinh", name="Phòng Tổ chức – Hành chính"),
            ]
        )
    return org


async def make_invite(db: async_sessionmaker[AsyncSession], org: Organisation, **kwargs: object) -> Invite:
    unit_code = str(kwargs.pop("unit_code", "phong-dao-tao"))
    async with db() as session, session.begin():
        return await create_invite(session, org, unit_code=unit_code, now=NOW, **kwargs)  # type: ignore[arg-type]


async def find(db: async_sessionmaker[AsyncSession], code: str, now: datetime = NOW) -> Invite:
    async with db() as session:
        return await find_usable_invite(session, code, now=now)


async def redeem(db: async_sessionmaker[AsyncSession], code: str, now: datetime = NOW) -> None:
    async with db() as session, session.begin():
        invite = await find_usable_invite(session, code, now=now)
        await redeem_invite(session, invite, now=now)


async def test_new_invite_has_an_8_character_upper_case_code_without_look_alikes(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    invites = [await make_invite(db, org) for _ in range(40)]

    for invite in invites:
        assert len(invite.code) == 8
        assert set(invite.code) <= set(CODE_ALPHABET)
    assert not set("".join(i.code for i in invites)) & set("01OIL")
    assert len({i.code for i in invites}) == 40
    first = invites[0]
    assert (first.role, first.max_uses, first.uses) == ("member", 1, 0)
    assert (first.created_at, first.expires_at) == (NOW, NOW + timedelta(days=14))


async def test_single_use_invite_is_redeemed_once_then_used_up(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    invite = await make_invite(db, org)

    await redeem(db, invite.code)
    with pytest.raises(InviteError) as second:
        await redeem(db, invite.code)

    assert second.value.reason == "used_up"
    with pytest.raises(InviteError) as info:
        await find(db, invite.code)
    assert info.value.reason == "used_up"


async def test_redeeming_with_a_stale_copy_cannot_exceed_max_uses(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    invite = await make_invite(db, org)
    async with db() as slow:
        stale = await find_usable_invite(slow, invite.code, now=NOW)  # read before the other person redeems
        await slow.commit()
        await redeem(db, invite.code)
        assert stale.uses == 0

        with pytest.raises(InviteError) as late:
            await redeem_invite(slow, stale, now=NOW)
        assert stale.uses == 1  # refreshed from the row, not incremented locally

    assert late.value.reason == "used_up"


async def test_multi_use_invite_counts_its_uses(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    invite = await make_invite(db, org, uses=3, expires_days=None)

    for _ in range(3):
        await redeem(db, invite.code)

    assert invite.expires_at is None
    with pytest.raises(InviteError, match="used_up"):
        await redeem(db, invite.code)


async def test_invite_is_usable_until_it_expires_then_rejected(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    invite = await make_invite(db, org, expires_days=7)
    expiry = NOW + timedelta(days=7)

    assert (await find(db, invite.code, now=expiry - timedelta(seconds=1))).id == invite.id
    with pytest.raises(InviteError) as expired:
        await find(db, invite.code, now=expiry)
    assert expired.value.reason == "expired"


async def test_redeeming_an_invite_found_just_before_expiry_fails_after_it(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    invite = await make_invite(db, org, expires_days=1)
    async with db() as session:
        found = await find_usable_invite(session, invite.code, now=NOW)
        with pytest.raises(InviteError) as late:
            await redeem_invite(session, found, now=NOW + timedelta(days=2))
    assert late.value.reason == "expired"


async def test_code_typed_in_lower_case_with_spaces_and_dashes_is_found(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    invite = await make_invite(db, org)
    typed = f" {invite.code[:4].lower()} - {invite.code[4:].lower()} "

    assert (await find(db, typed)).id == invite.id


@pytest.mark.parametrize("typed", ["", "   ", "ZZZZZZZZ", "not a code at all"])
async def test_unknown_code_is_rejected(
    db: async_sessionmaker[AsyncSession], org: Organisation, typed: str
) -> None:
    await make_invite(db, org)

    with pytest.raises(InviteError) as unknown:
        await find(db, typed)
    assert unknown.value.reason == "unknown"


async def test_invite_for_an_unknown_unit_code_names_existing_codes(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    with pytest.raises(ValueError, match="khoa-noi") as error:
        await make_invite(db, org, unit_code="khoa-noi")

    assert "khoa-van-hoa" in str(error.value)
    assert "phong-dao-tao" in str(error.value)


async def test_unit_code_is_matched_case_insensitively_and_role_is_kept(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    invite = await make_invite(db, org, unit_code="KHOA-VAN-HOA", role="treasurer")

    async with db() as session:
        found = await find_usable_invite(session, invite.code, now=NOW)
        unit = await session.get(Unit, found.unit_id)
    assert unit is not None and unit.code == "khoa-van-hoa"
    assert (found.role, found.org_id) == ("treasurer", org.id)


async def test_invite_with_an_unknown_role_is_refused(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    with pytest.raises(ValueError, match="role"):
        await make_invite(db, org, role="president")


async def test_an_invite_is_for_staff_unless_made_for_households_and_a_households_is_a_members_only(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    staff = await make_invite(db, org)
    household = await make_invite(db, org, kind="household")

    assert (await find(db, staff.code)).kind == "staff"
    assert ((found := await find(db, household.code)).kind, found.role) == ("household", "member")
    with pytest.raises(ValueError, match="a household's code is a member's"):
        await make_invite(db, org, kind="household", role="leader")
    with pytest.raises(ValueError, match="no kind donor"):
        await make_invite(db, org, kind="donor")


def test_deep_link_opens_the_bot_with_the_code_as_start_parameter() -> None:
    assert deep_link("ChungTayBot", "ABCD2345") == "https://t.me/ChungTayBot?start=ABCD2345"
    assert deep_link("ChungTayBot", "abcd-2345") == "https://t.me/ChungTayBot?start=ABCD2345"


async def test_an_organisation_wide_code_is_one_persons_for_three_days_at_most_but_in_the_demo(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    """Whoever joins with an organisation-wide treasurer's or officer's code reads every colleague's gift: the
    code is for one person and at most three days, as an admin's (decisions 0078, 1857); the demo's school,
    whose people are invented and whose testers all join with its treasurer code, keeps one for many."""
    for bounds in ({"uses": 5, "expires_days": 3}, {"expires_days": None}, {"expires_days": 30}):
        with pytest.raises(ValueError, match="one person"):
            await make_invite(db, org, role="treasurer", org_wide=True, **bounds)
    with pytest.raises(ValueError, match="one person"):
        await make_invite(db, org, role="officer", org_wide=True, uses=1000, expires_days=None)
    made = await make_invite(db, org, role="officer", org_wide=True, expires_days=3)
    assert (made.max_uses, made.expires_at, made.org_wide) == (1, NOW + timedelta(days=3), True)
    unit = await make_invite(db, org, role="treasurer", uses=5, expires_days=None)  # one unit's: as before
    assert (unit.max_uses, unit.org_wide) == (5, False)

    async with db() as session, session.begin():
        demo = Organisation(code=DEMO_ORG, name=DEMO_NAME, created_at=NOW)
        session.add(demo)
        await session.flush()
        session.add(Unit(org_id=demo.id, code="PDT", name="Phòng Đào tạo"))
    many = await make_invite(
        db, demo, unit_code="PDT", role="treasurer", org_wide=True, uses=1000, expires_days=None
    )
    assert (many.max_uses, many.expires_at) == (1000, None)


async def test_an_organisation_coded_demo_at_the_shell_is_no_demo(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """The demo's exemption (decision 1857) and its seeding are the demo's school, its code and its name: a
    hospital its operator coded DEMO makes one person's organisation-wide code like any other, and is
    someone's own organisation, which the demo is never seeded into (decision 1888)."""
    async with db() as session, session.begin():
        hospital = Organisation(code=DEMO_ORG, name="Bệnh viện Đa khoa huyện Đông Mỏ", created_at=NOW)
        session.add(hospital)
        await session.flush()
        session.add(Unit(org_id=hospital.id, code="khoa-noi", name="Khoa Nội"))
    with pytest.raises(ValueError, match="one person"):
        await make_invite(
            db, hospital, unit_code="khoa-noi", role="treasurer", org_wide=True, uses=1000, expires_days=None
        )
    assert await organisations_besides_the_demo(db) == [DEMO_ORG]


async def test_the_demo_seeded_keeps_its_treasurer_code_for_many(
    db: async_sessionmaker[AsyncSession],
) -> None:
    invites = await seed_demo(db, now=NOW)
    async with db() as session:
        code = await session.scalar(select(Invite).where(Invite.code == invites.treasurer))
    assert code is not None and (code.max_uses, code.expires_at, code.org_wide) == (1000, None, True)
    assert await organisations_besides_the_demo(db) == []


async def test_a_one_use_organisation_wide_code_lets_one_person_join_and_not_the_next(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    invite = await make_invite(db, org, role="treasurer", org_wide=True, expires_days=3)

    async with db() as session, session.begin():
        found = await find_usable_invite(session, invite.code, now=NOW)
        await join_with_invite(
            session,
            found,
            full_name="Đặng Thu Hằng",
            locale="vi",
            channel="telegram",
            external_id="1001",
            now=NOW,
        )
    with pytest.raises(InviteError) as second:
        async with db() as session, session.begin():
            found = await find_usable_invite(session, invite.code, now=NOW)
            await join_with_invite(
                session,
                found,
                full_name="Lê Văn Tùng",
                locale="vi",
                channel="telegram",
                external_id="1002",
                now=NOW,
            )
    assert second.value.reason == "used_up"
    async with db() as session:
        joined = (await session.scalars(select(Person.full_name).where(Person.org_id == org.id))).all()
        treasurers = (
            await session.scalars(
                select(RoleAssignment.unit_id).where(
                    RoleAssignment.org_id == org.id, RoleAssignment.role == "treasurer"
                )
            )
        ).all()
    assert (joined, treasurers) == (["Đặng Thu Hằng"], [None])


@pytest.mark.parametrize(
    ("role", "vi", "en"),
    [
        (
            "admin",
            "mã mời quản trị đã là của toàn cơ quan",
            "an admin's code is of the whole organisation already",
        ),
        (
            "leader",
            "--org-wide chỉ dùng cho mã mời thủ quỹ",
            "--org-wide is for a treasurer's or an officer's code",
        ),
    ],
)
async def test_an_org_wide_code_of_a_role_it_does_not_fit_is_refused_by_the_one_rule_in_the_offices_language(
    db: async_sessionmaker[AsyncSession], org: Organisation, role: str, vi: str, en: str
) -> None:
    """An organisation-wide admin's or leader's code was refused by the domain in English words of its own,
    a twin of the shell's check (1814, 1885): the one rule (`access.may_invite_org_wide`) now refuses it, in
    the language it is given, with the shell's words and its example; nothing is made (decision 1951)."""
    from bot.i18n import Translator

    with pytest.raises(ValueError, match=vi):
        await make_invite(db, org, role=role, org_wide=True, expires_days=3, t=Translator("vi"))
    with pytest.raises(ValueError, match=en) as refused:
        await make_invite(db, org, role=role, org_wide=True, expires_days=3)
    assert "chungtay invite create --unit phong-dao-tao" in str(refused.value)
    async with db() as session:
        assert (await session.scalars(select(Invite))).all() == []


@pytest.mark.parametrize(
    ("asked", "vi"),
    [
        ({"role": "boss"}, "không có vai trò boss; mã mời dành cho một trong các vai trò"),
        ({"kind": "family"}, "không có loại mã family; mã mời dành cho một trong các loại"),
        (
            {"kind": "household", "role": "leader"},
            "mã mời của hộ gia đình là mã thành viên (hộ không giữ vai trò",
        ),
        (  # an admin's code beyond one person and its days (decision 2122)
            {"role": "admin", "uses": 2, "expires_days": 3},
            "ai gõ mã mời quản trị sẽ thành quản trị của toàn cơ quan: mã chỉ dành cho một người",
        ),
    ],
)
async def test_a_code_of_an_unknown_role_or_kind_is_refused_in_the_offices_language(
    db: async_sessionmaker[AsyncSession], org: Organisation, asked: dict[str, str], vi: str
) -> None:
    """An unknown role or kind, or a household's code of another role than a member's, was refused by the
    domain in English lines of its own (“unknown role 'boss'; expected one of …”) for a caller in code: now a
    `Refused`, said in the office's language with the command that works; nothing is made (decision 2035).
    An admin's code for two people too (“an admin invite makes …”, decision 2122)."""
    from bot.config import Refused
    from bot.i18n import Translator

    with pytest.raises(Refused) as refused:
        await make_invite(db, org, **asked)
    said = refused.value.said(Translator("vi"))
    assert said.startswith(vi) and "chungtay invite create --unit phong-dao-tao" in said, said
    async with db() as session:
        assert (await session.scalars(select(Invite))).all() == []


async def test_an_org_wide_code_made_before_the_rule_is_one_persons_where_it_is_listed_or_used(
    db: async_sessionmaker[AsyncSession], org: Organisation
) -> None:
    """Codes 1814's shell made for many, or without end, before 1857 bound them: the list said “0/5 lượt còn ·
    không hết hạn” and five could join with it, each reading every colleague's gift. Listed or used, each is
    now one person's for three days from its making (one used already is used up), once, with an audit row;
    the unit's own code and the demo's are as made (decisions 1887, 1952, 2071: no start narrows them)."""
    from bot.db.models import AuditLog
    from bot.domain.access import Operator

    demo = await seed_demo(db, now=NOW)
    made = NOW - timedelta(hours=5)
    async with db() as session, session.begin():
        unit = await session.scalar(select(Unit).where(Unit.code == "phong-dao-tao"))
        assert unit is not None
        for code, role, uses, used, days, wide in (
            ("WDTRES5A", "treasurer", 5, 0, None, True),
            ("WDQFF3XB", "officer", 1000, 2, 30, True),
            ("UNXTTR5C", "treasurer", 5, 0, None, False),
        ):
            session.add(
                Invite(
                    code=code,
                    org_id=org.id,
                    unit_id=unit.id,
                    role=role,
                    kind="staff",
                    max_uses=uses,
                    uses=used,
                    expires_at=None if days is None else made + timedelta(days=days),
                    created_at=made,
                    org_wide=wide,
                )
            )
        demo_id = await session.scalar(select(Organisation.id).where(Organisation.code == DEMO_ORG))
        assert demo_id is not None
    for _listed in range(2):  # twice, as the shell's list and the chat's: narrowed once
        async with db() as session, session.begin():
            rows = {
                row.invite.code: row.invite
                for org_id in (org.id, demo_id)
                for row in await invites_of(session, Operator(org_id), org_id, now=NOW, closed_too=True)
            }
    three_days = made + timedelta(days=3)
    assert (rows["WDTRES5A"].max_uses, rows["WDTRES5A"].expires_at) == (1, three_days)
    officers = rows["WDQFF3XB"]  # two joined already: nobody more
    assert (officers.max_uses, officers.uses, officers.expires_at) == (2, 2, three_days)
    assert (rows["UNXTTR5C"].max_uses, rows["UNXTTR5C"].expires_at) == (5, None)
    assert (rows[demo.treasurer].max_uses, rows[demo.treasurer].expires_at) == (1000, None)
    async with db() as session, session.begin():  # as a joiner's chat finds it, the list not read first
        await session.execute(
            update(Invite).where(Invite.code == "WDTRES5A").values(max_uses=5, expires_at=None)
        )
    await redeem(db, "WDTRES5A")
    with pytest.raises(InviteError, match="used_up"):
        await redeem(db, "WDTRES5A")
    async with db() as session:
        narrowing = select(AuditLog).where(AuditLog.action == "invite.narrow").order_by(AuditLog.id)
        narrowed = (await session.scalars(narrowing)).all()
    assert len(narrowed) == 3
    assert narrowed[0].details["max_uses"] == 5 and narrowed[0].details["expires_at"] is None
    # withdrawn with its code typed, the list not read first: it is read as the list would show it, used up,
    # and nothing is withdrawn, as the shell says of a code used up (decision 2058)
    async with db() as session, session.begin():
        await session.execute(
            update(Invite)
            .where(Invite.code == "WDQFF3XB")
            .values(max_uses=1000, expires_at=made + timedelta(days=30))
        )
    async with db() as session, session.begin():
        officers = await session.scalar(select(Invite).where(Invite.code == "WDQFF3XB"))
        assert officers is not None
        with pytest.raises(InviteError, match="used_up"):
            await withdraw_invite(session, Operator(org.id), officers, now=NOW)
    async with db() as session:
        assert (await session.scalar(select(Invite.withdrawn_at).where(Invite.code == "WDQFF3XB"))) is None
        assert len((await session.scalars(narrowing)).all()) == 4
