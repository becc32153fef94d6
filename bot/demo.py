"""A demo organisation and campaign, so a newcomer can try the bot in one minute (seeded once).

The plan is the shipped 2026–2030 template; the drives, the suggested target and the internal report date
are the demo school's own local choices (local-settings/demo-2026.toml), as a real organisation's would be."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.config import PROJECT_ROOT
from bot.db.models import Invite, Organisation, Person, RoleAssignment, Unit
from bot.domain.access import DEMO_NAME, DEMO_ORG, is_demo
from bot.domain.invites import create_invite
from bot.domain.org_settings import apply_settings, load_settings_file
from bot.domain.plans import install_plan, load_plan
from bot.text import fold

DEMO_PLAN = PROJECT_ROOT / "campaigns" / "vi-nguoi-ngheo-2026-2030.toml"
DEMO_SETTINGS = PROJECT_ROOT / "local-settings" / "demo-2026.toml"
DEMO_UNITS = (
    ("BGH", "Ban Giám hiệu"),
    ("PDT", "Phòng Đào tạo – Hành chính – Kế toán"),
    ("KCN", "Khoa Công nghệ"),
)
# The roles a school's trade union holds for the whole school: its chairman mobilises every unit, its
# treasurer keeps every unit's money (a unit-only treasurer left a teacher of Khoa Công nghệ, the record the
# banner offers to claim, with a first gift nobody could confirm). Other roles are of the person's unit.
WHOLE_SCHOOL_ROLES = ("treasurer", "officer")
# Phones let the demo show how a listed person claims their record (the last 4 digits: bot.domain.claims).
DEMO_STAFF = (
    ("PDT", "Trần Thị Mai", "Kế toán, thủ quỹ công đoàn", "0912345671", "treasurer"),
    ("BGH", "Lê Văn Hùng", "Chủ tịch công đoàn", "0912345672", "officer"),
    ("PDT", "Phạm Minh Tuấn", "Trưởng phòng", "0912345673", "leader"),
    ("KCN", "Nguyễn Thị Lan", "Giáo viên", "0912345674", "member"),
)
# Printed in the demo banner: a listed record anyone may claim in the demo (a teacher: no privileged role).
DEMO_CLAIM = next(
    (name, phone[-4:]) for _unit, name, _position, phone, role in DEMO_STAFF if role == "member"
)


DEMO_INVITE_ROLES = ("member", "leader", "treasurer")
# The banner's treasurer code grants the role for the whole school, as its union's treasurer holds it
# (WHOLE_SCHOOL_ROLES): a newcomer with it confirms every unit's gifts (decision 1814).
ORG_WIDE_DEMO_INVITES = ("treasurer",)


@dataclass(frozen=True)
class DemoInvites:
    member: str
    leader: str
    treasurer: str


async def organisations_besides_the_demo(sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
    """The codes of the database's organisations other than the demo's: a database holding one is someone's
    own, and the demo is never seeded into it (`chungtay demo`, and `chungtay run` without a token). One an
    operator coded DEMO is someone's own too: the demo is its code and its name (`is_demo`, decision 1888)."""
    async with sessionmaker() as session:
        found = await session.execute(
            select(Organisation.code, Organisation.name).order_by(Organisation.code)
        )
    return [org.code for org in found if not is_demo(org)]


async def seed_demo(sessionmaker: async_sessionmaker[AsyncSession], *, now: datetime) -> DemoInvites:
    async with sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).where(Organisation.code == DEMO_ORG))
        if org is None or not is_demo(org):  # one coded DEMO of an operator's own is no demo (1888)
            org = await _create(session, now)
        else:
            await _give_phones(session, org)
            await _widen_union_roles(session, org)
            await _widen_demo_codes(session, org)
        invites = (
            (
                await session.execute(
                    select(Invite).where(Invite.org_id == org.id, Invite.max_uses >= 1000).order_by(Invite.id)
                )
            )
            .scalars()
            .all()
        )
        codes = {i.role: i.code for i in invites if i.expires_at is None}
        for role in DEMO_INVITE_ROLES:
            if role not in codes:
                codes[role] = (await _demo_invite(session, org, role, now)).code
        return DemoInvites(**{role: codes[role] for role in DEMO_INVITE_ROLES})


async def _give_phones(session: AsyncSession, org: Organisation) -> None:
    """A demo seeded before its staff had phones gets them, so the banner's hint works there too."""
    for _unit, name, _position, phone, _role in DEMO_STAFF:
        if await session.scalar(select(Person.id).where(Person.org_id == org.id, Person.phone == phone)):
            continue  # already given (or taken by someone else: a phone is one person's)
        await session.execute(
            update(Person)
            .where(Person.org_id == org.id, Person.name_key == fold(name), Person.listed.is_(True))
            .where(Person.phone.is_(None))
            .values(phone=phone)
        )


async def _widen_union_roles(session: AsyncSession, org: Organisation) -> None:
    """A demo seeded while the union's chairman and treasurer held their roles for their own unit only gets
    them for the whole school (WHOLE_SCHOOL_ROLES), unless someone granted that already."""
    names = [fold(name) for _unit, name, _position, _phone, role in DEMO_STAFF if role in WHOLE_SCHOOL_ROLES]
    whole = aliased(RoleAssignment)
    await session.execute(
        update(RoleAssignment)
        .where(
            RoleAssignment.org_id == org.id,
            RoleAssignment.role.in_(WHOLE_SCHOOL_ROLES),
            RoleAssignment.unit_id.is_not(None),
            RoleAssignment.person_id.in_(
                select(Person.id).where(
                    Person.org_id == org.id, Person.listed.is_(True), Person.name_key.in_(names)
                )
            ),
            ~exists().where(
                whole.person_id == RoleAssignment.person_id,
                whole.role == RoleAssignment.role,
                whole.unit_id.is_(None),
            ),
        )
        .values(unit_id=None)
        .execution_options(synchronize_session=False)
    )


async def _widen_demo_codes(session: AsyncSession, org: Organisation) -> None:
    """A demo seeded while its treasurer code was Phòng Đào tạo's gets it for the whole school
    (ORG_WIDE_DEMO_INVITES); those who joined with it keep the role they were given. Only the code made with
    the demo (`_create`, on the day the school was): one the shell made since for a unit, for as many uses
    and without end, stays that unit's (decision 1852)."""
    await session.execute(
        update(Invite)
        .where(
            Invite.org_id == org.id,
            Invite.role.in_(ORG_WIDE_DEMO_INVITES),
            Invite.unit_id
            == select(Unit.id).where(Unit.org_id == org.id, Unit.code == "PDT").scalar_subquery(),
            Invite.max_uses >= 1000,
            Invite.expires_at.is_(None),
            Invite.created_by.is_(None),
            Invite.created_at == org.created_at,
        )
        .values(org_wide=True)
        .execution_options(synchronize_session=False)
    )


async def _create(session: AsyncSession, now: datetime) -> Organisation:
    org = Organisation(code=DEMO_ORG, name=DEMO_NAME, created_at=now)
    session.add(org)
    await session.flush()
    units = {}
    for code, name in DEMO_UNITS:
        units[code] = Unit(org_id=org.id, code=code, name=name)
        session.add(units[code])
    await session.flush()
    for unit_code, name, position, phone, role in DEMO_STAFF:
        person = Person(
            org_id=org.id,
            unit_id=units[unit_code].id,
            full_name=name,
            name_key=fold(name),
            position=position,
            phone=phone,
            kind="staff",
            listed=True,
            created_at=now,
        )
        session.add(person)
        await session.flush()
        for granted in dict.fromkeys(("member", role)):
            session.add(
                RoleAssignment(
                    person_id=person.id,
                    role=granted,
                    org_id=org.id,
                    unit_id=None if granted in WHOLE_SCHOOL_ROLES else units[unit_code].id,
                    granted_at=now,
                )
            )
    await install_plan(session, org, load_plan(DEMO_PLAN), now=now)
    await apply_settings(session, org, load_settings_file(DEMO_SETTINGS), now=now)
    for role in DEMO_INVITE_ROLES:
        await _demo_invite(session, org, role, now)
    return org


async def _demo_invite(session: AsyncSession, org: Organisation, role: str, now: datetime) -> Invite:
    """One of the banner's codes: Phòng Đào tạo's, for as many testers as come, without end; the treasurer's
    for the whole school (ORG_WIDE_DEMO_INVITES)."""
    return await create_invite(
        session,
        org,
        unit_code="PDT",
        role=role,
        uses=1000,
        expires_days=None,
        now=now,
        org_wide=role in ORG_WIDE_DEMO_INVITES,
    )
