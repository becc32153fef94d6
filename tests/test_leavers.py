"""Colleagues who left (docs/decisions/0118), on SQLite and PostgreSQL: who may record a leaving and take it
back, their roles taken off with audit rows, and what they no longer get or count in — appeals, reminders, the
digest's counts and names, the list of who has not given, award nominees, someone to record for — while their
history stays theirs and their own chat still shows it."""

from __future__ import annotations

import functools
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

import bot.app
from bot.app import App
from bot.clock import local_date
from bot.db.models import (
    AuditLog,
    ChannelIdentity,
    Commitment,
    OutboxMessage,
    Person,
    RegistrationWindow,
    Reminder,
    RoleAssignment,
)
from bot.demo import DemoInvites
from bot.domain.access import Operator, acted_for_by, actor_for, may_act_for, proposable_by, subject_for
from bot.domain.appeals import Audience, Draft, correct_appeal, preview, send_appeal
from bot.domain.awards import ProposalError, forms_for_year, propose_award
from bot.domain.commitments import CommitmentError, save_commitment
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.digests import Period, readers, unit_figures
from bot.domain.drives import NewDrive, create_drive, non_givers
from bot.domain.leaving import LeaveError, mark_back, mark_left
from bot.domain.reminders import derive
from bot.domain.roles import RoleError, grant_role, revoke_role
from bot.domain.units import merge_units
from scheduler.jobs import JobContext
from tests.support.clocks import NOW
from tests.support.orgs import Seeded, add_person, seed
from tests.test_cli import (
    ENGLISH,
    NEW_STAFF_ROWS,
    STAFF_ROWS,
    Cli,
    ok,
    org_template,  # noqa: F401  (a fixture: the organisation the CLI tests share)
    query,
    staff_file,
)
from tests.test_drives import seed as seed_drives
from tests.test_flows import join

WEEK = Period(datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC))
SUMMER = date(2026, 8, 31)


async def _leave(session: AsyncSession, seeded: Seeded, name: str, on: date = SUMMER) -> None:
    await mark_left(session, Operator(seeded.org.id), seeded.people[name], on=on, now=NOW)


async def _figures(session: AsyncSession, seeded: Seeded) -> dict[str, tuple[int, int, list[str]]]:
    """(people, registered, names not registered) per unit code, as a unit leader's digest shows them."""
    units = {unit.id: code for code, unit in seeded.units.items()}
    figures = await unit_figures(
        session, seeded.org.id, campaign_id=seeded.campaign.id, year=2026, period=WEEK, names_for=list(units)
    )
    return {
        code: (
            figures[unit_id].people,
            figures[unit_id].registered,
            [one.name for one in figures[unit_id].unregistered],
        )
        for unit_id, code in units.items()
    }


async def test_who_may_record_a_leaving_and_what_it_takes_off_and_keeps(any_app: App) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)  # A: Lãnh đạo A, An*, Bình, Chi; B: Lãnh đạo B, Dũng*, Hà
        await add_person(session, seeded, "Quản trị A", "A", ("member", "A"), ("admin", "A"), now=NOW)
        admin_a = await actor_for(session, seeded.people["Quản trị A"])
        leader_b = await actor_for(session, seeded.people["Lãnh đạo B"])
        office = await actor_for(session, seeded.people["Văn phòng"])
        leader_a = seeded.people["Lãnh đạo A"]

        # Not a leader of another unit, not an admin of another unit about B's people, not about oneself;
        # not a day more than a year ahead (a year mistyped; a nearer one is planned: decision 0270).
        refusals = {}
        for name, acting, person, on in (
            ("leader", leader_b, seeded.people["Hà"], SUMMER),
            ("other unit", admin_a, seeded.people["Hà"], SUMMER),
            ("self", office, seeded.people["Văn phòng"], SUMMER),
            ("future", Operator(seeded.org.id), leader_a, date(2027, 11, 24)),
        ):
            with pytest.raises(LeaveError) as refused:
                await mark_left(session, acting, person, on=on, now=NOW)
            refusals[name] = refused.value.reason
        assert refusals == {
            "leader": "not_allowed",
            "other unit": "not_allowed",
            "self": "not_allowed",
            "future": "future",
        }
        assert leader_a.left_on is None

        # The unit's admin records that its leader retired in the summer: both roles go, each audited.
        left = await mark_left(session, admin_a, leader_a, on=SUMMER, now=NOW)
        assert (left.changed, left.on, left.roles) == (True, SUMMER, (("member", "A"), ("leader", "A")))
        held = await session.scalars(
            select(RoleAssignment.role).where(RoleAssignment.person_id == leader_a.id)
        )
        assert list(held) == []
        revoked = await session.scalars(
            select(AuditLog.details["role"].as_string()).where(
                AuditLog.action == "role.revoke", AuditLog.entity_id == leader_a.id
            )
        )
        assert sorted(revoked) == ["leader", "member"]
        told = {  # told as a planned leaving is, without “as planned” (decision 0295)
            row.person_id: row.payload["text"]
            for row in await session.scalars(
                select(OutboxMessage).where(OutboxMessage.key.like(f"notice:left:{leader_a.id}:%"))
            )
        }
        assert told[leader_a.id].startswith(
            f"Từ ngày {SUMMER:%d/%m/%Y}, anh/chị được ghi là đã nghỉ ở Trường Thử. Cảm ơn anh/chị"
        )
        assert set(told) == {leader_a.id}  # the admin recording it reads its roles on the last look, now
        again = await mark_left(session, Operator(seeded.org.id), leader_a, on=date(2026, 9, 1), now=NOW)
        assert (again.changed, again.on) == (False, SUMMER)
        with pytest.raises(RoleError) as refused_role:  # roles are for people at work
            await grant_role(session, office, leader_a, "leader", "A", now=NOW)
        assert refused_role.value.reason == "left"

        # The last administrator of the whole organisation stays until there is another.
        with pytest.raises(LeaveError) as last:
            await mark_left(session, Operator(seeded.org.id), seeded.people["Văn phòng"], on=SUMMER, now=NOW)
        assert last.value.reason == "last_admin"

        # A mistake taken back: counted and a member of A again, and A's leader again, as the leaving's audit
        # rows say it was (decision 0136).
        back = await mark_back(session, admin_a, leader_a, now=NOW)
        assert (back.was, back.member_of, leader_a.left_on) == (SUMMER, "A", None)
        assert (back.roles, back.not_back) == ((("leader", "A"),), ())
        held = await session.scalars(
            select(RoleAssignment.role).where(RoleAssignment.person_id == leader_a.id)
        )
        assert sorted(held) == ["leader", "member"]
        with pytest.raises(LeaveError) as not_left:
            await mark_back(session, admin_a, leader_a, now=NOW)
        assert not_left.value.reason == "not_left"
        actions = await session.scalars(
            select(AuditLog.action)
            .where(AuditLog.entity_id == leader_a.id, AuditLog.action.like("person.%"))
            .order_by(AuditLog.id)
        )
        assert list(actions) == ["person.left", "person.back"]
        # Recorded again the same day after the mistake was taken back: nobody is told a second time.
        assert (await mark_left(session, admin_a, leader_a, on=SUMMER, now=NOW)).changed
        notices = await session.scalar(
            select(func.count()).where(OutboxMessage.key.like(f"notice:left:{leader_a.id}:%"))
        )
        assert notices == 1


async def test_a_leaving_taken_back_names_the_roles_that_cannot_come_back_and_why(any_app: App) -> None:
    """The principal left by mistake: her leadership of a unit merged away since, and an organisation-wide
    role the unit's admin may not grant, are not given back quietly; each is named, with why."""
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        await add_person(session, seeded, "Quản trị A", "A", ("member", "A"), ("admin", "A"), now=NOW)
        admin_a = await actor_for(session, seeded.people["Quản trị A"])
        chi = seeded.people["Chi"]  # of A
        for role, unit in (("leader", "B"), ("treasurer", None), ("officer", "A")):
            place = seeded.units[unit].id if unit else None
            session.add(
                RoleAssignment(
                    person_id=chi.id, role=role, org_id=seeded.org.id, unit_id=place, granted_at=NOW
                )
            )
        await session.flush()
        await mark_left(session, admin_a, chi, on=SUMMER, now=NOW)
        await merge_units(session, seeded.units["B"], seeded.units["A"], now=NOW)

        back = await mark_back(session, admin_a, chi, now=NOW)
        assert back.roles == (("officer", "A"),)
        assert {(n.role, n.unit, n.reason, n.into) for n in back.not_back} == {
            ("leader", "B", "unit", "A"),
            ("treasurer", None, "not_allowed", None),
        }
        held = await session.execute(
            select(RoleAssignment.role, RoleAssignment.unit_id).where(RoleAssignment.person_id == chi.id)
        )
        assert sorted(held) == [("member", seeded.units["A"].id), ("officer", seeded.units["A"].id)]


async def test_a_leaving_planned_for_new_year_counts_them_until_then_and_is_recorded_on_its_day_once(
    any_app: App,
) -> None:
    """Planned in November for 1 January (decision 0270): counted, named and a digest's reader in December;
    the bot down on New Year's Day, the morning job of 3 January records it as of 1 January, once. Each is
    told once, kindly, what stays theirs; the admin who planned B's leader's in the chat hears that it is
    done and which role to give again; An's, planned at the shell, tells no admin (decision 0287); Hà's,
    planned by B's admin whose role ended in December, tells her and not him: he keeps no list any more
    (decision 0301)."""
    from scheduler.jobs import apply_leavings

    new_year = date(2027, 1, 1)
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)  # A: Lãnh đạo A, An*, Bình, Chi; B: Lãnh đạo B, Dũng*, Hà
        before = await _figures(session, seeded)
        office = seeded.people["Văn phòng"]  # the organisation's admin
        clerk_b = await add_person(session, seeded, "Thư ký B", "B", ("member", "B"), ("admin", "B"), now=NOW)
        for name in ("An", "Lãnh đạo B", "Hà"):
            by = {"An": Operator(seeded.org.id), "Lãnh đạo B": office, "Hà": clerk_b}[name]
            by = await actor_for(session, by) if isinstance(by, Person) else by
            planned = await mark_left(session, by, seeded.people[name], on=new_year, now=NOW)
            assert (planned.changed, planned.planned, seeded.people[name].left_on) == (True, True, None)
        await revoke_role(session, Operator(seeded.org.id), clerk_b, "admin", "B", now=NOW)
        assert (await _figures(session, seeded))["A"] == before["A"]
        digest_readers = await readers(session, seeded.org.id, "vi", local_date(NOW))
        assert seeded.people["Lãnh đạo B"].id in {reader.person_id for reader in digest_readers}
        an, leader_b, ha = seeded.people["An"].id, seeded.people["Lãnh đạo B"].id, seeded.people["Hà"].id
    ctx = JobContext(any_app.sessionmaker, any_app.settings)
    assert await apply_leavings(ctx, datetime(2026, 12, 31, 16, 59, tzinfo=UTC)) == 0  # 23:59 on 31/12
    third = datetime(2027, 1, 2, 17, 5, tzinfo=UTC)  # 00:05 on 3 January, Vietnam time
    assert await apply_leavings(ctx, third) == 3
    assert await apply_leavings(ctx, third) == 0  # a second run (a catch-up after a restart) does nothing
    async with any_app.sessionmaker() as session:
        gone = {
            person.id: person
            for person in await session.scalars(select(Person).where(Person.id.in_((an, leader_b, ha))))
        }
        assert {(p.left_on, p.leaves_on) for p in gone.values()} == {(new_year, None)}
        assert await _figures(session, seeded) == {
            "A": (3, 0, ["Lãnh đạo A", "Bình", "Chi"]),
            "B": (2, 1, ["Thư ký B"]),
        }
        assert (
            list(await session.scalars(select(RoleAssignment).where(RoleAssignment.person_id == leader_b)))
            == []
        )
        lefts = await session.scalar(select(func.count()).where(AuditLog.action == "person.left"))
        assert lefts == 3
        told = {
            row.person_id: row.payload["text"]
            for row in await session.scalars(
                select(OutboxMessage).where(OutboxMessage.key.like("notice:left:%"))
            )
        }
    assert set(told) == {an, leader_b, ha, office.id}  # once each, though the job ran twice; not B's clerk
    assert told[an].startswith(
        "Từ ngày 01/01/2027, anh/chị được ghi là đã nghỉ ở Trường Thử, như đã hẹn. Cảm ơn anh/chị"
    )
    assert "“Tiến độ của tôi” vẫn cho xem các khoản ủng hộ và biên nhận của anh/chị" in told[an]
    assert "Vai trò" not in told[an]  # a member has none to lose
    assert "From 01/01/2027, you are recorded as having left Trường Thử" in told[leader_b]  # in English
    assert "Your roles ended with it: Unit leader (Phòng B)." in told[leader_b]
    assert told[office.id] == (
        "Từ ngày 01/01/2027, Lãnh đạo B được ghi là đã nghỉ, như anh/chị đã hẹn.\n"
        "Vai trò đã thôi theo đó: Lãnh đạo đơn vị (Phòng B). Nếu cần, anh/chị giao cho người khác trong "
        "“Phân quyền”."
    )


@pytest.mark.sqlite_only
async def test_who_left_is_not_counted_nor_named_in_the_digest_nor_reads_it(any_app: App) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)  # A: Lãnh đạo A, An*, Bình, Chi; B: Lãnh đạo B, Dũng*, Hà
        before = await _figures(session, seeded)
        assert before == {
            "A": (4, 1, ["Lãnh đạo A", "Bình", "Chi"]),
            "B": (3, 1, ["Lãnh đạo B", "Hà"]),
        }
        # An (registered) and Chi of A, and B's leader, left in the summer.
        for name in ("An", "Chi", "Lãnh đạo B"):
            await _leave(session, seeded, name)
        assert await _figures(session, seeded) == {"A": (2, 0, ["Lãnh đạo A", "Bình"]), "B": (2, 1, ["Hà"])}
        digest_readers = await readers(session, seeded.org.id, "vi", local_date(NOW))
        assert seeded.people["Lãnh đạo B"].id not in {reader.person_id for reader in digest_readers}
        # An's registration and history are still there, and count again if the leaving is taken back.
        await mark_back(session, Operator(seeded.org.id), seeded.people["An"], now=NOW)
        assert (await _figures(session, seeded))["A"] == (3, 1, ["Lãnh đạo A", "Bình"])


async def test_who_left_gets_no_reminder_and_what_was_due_to_them_is_not_sent(any_app: App) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        session.add(
            RegistrationWindow(
                org_id=seeded.org.id, year=2026, opens_on=date(2026, 10, 1), closes_on=date(2026, 11, 25)
            )
        )
        await session.flush()
        await _leave(session, seeded, "Bình")
        await derive(session, now=NOW, settings=any_app.settings)
        due = set(await session.scalars(select(Reminder.person_id).where(Reminder.status == "due")))
        chi, binh = seeded.people["Chi"].id, seeded.people["Bình"].id
        assert chi in due and binh not in due  # neither registered; Bình left
        await _leave(session, seeded, "Chi")
        mine = await session.scalars(select(Reminder.status).where(Reminder.person_id == chi))
        assert set(mine) == {"cancelled"}


async def test_who_left_gets_no_appeal_nor_is_listed_among_those_who_have_not_given(any_app: App) -> None:
    ids = await seed_drives(
        any_app
    )  # org 1: hung (officer), binh (officer of B), lan, tam, mai; vy elsewhere
    async with any_app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        lan, tam = await session.get_one(Person, ids["lan"]), await session.get_one(Person, ids["tam"])
        drive = await create_drive(
            session, hung, NewDrive("Áo ấm", date(2026, 11, 1), date(2026, 12, 31)), now=NOW
        )
        everyone = Audience("org")
        # everyone but hung, who writes it (decision 0167)
        assert (await preview(session, hung, everyone, now=NOW, settings=any_app.settings)).recipients == 4
        appeal = await send_appeal(
            session,
            hung,
            Draft("Mời anh chị ủng hộ.", everyone, drive.id),
            now=NOW,
            settings=any_app.settings,
        )
        await mark_left(session, Operator(lan.org_id), lan, on=SUMMER, now=NOW)
        # Lan's appeal, written before, is not sent; the next appeal does not count her.
        rows = dict(
            (
                await session.execute(
                    select(OutboxMessage.person_id, OutboxMessage.status).where(
                        OutboxMessage.key.like(f"appeal:{appeal.id}:%")
                    )
                )
            ).all()
        )
        assert rows[lan.id] == "cancelled" and rows[tam.id] == "pending"
        assert (await preview(session, hung, everyone, now=NOW, settings=any_app.settings)).recipients == 3
        names = [
            name for _unit, name in (await non_givers(session, hung, drive, leaders_allowed=False)).names
        ]
        assert "Phạm Văn Tâm" in names and "Nguyễn Thị Lan" not in names
        # the appeal gone out, corrected at 22:00: the corrections wait for the morning; Mai leaves in the
        # night, and hers goes no more than one made in the day would have reached her (decision 0808)
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.key.like(f"appeal:{appeal.id}:%"), OutboxMessage.status == "pending")
            .values(status="sent", sent_at=NOW)
        )
        night = NOW + timedelta(hours=13)
        fix = "Mời anh chị ủng hộ, STK 0123456789."
        await correct_appeal(session, hung, appeal, fix, now=night, settings=any_app.settings)
        mai = await session.get_one(Person, ids["mai"])
        await mark_left(
            session, Operator(mai.org_id), mai, on=local_date(night), now=night + timedelta(hours=1)
        )
        fixes = dict(
            (
                await session.execute(
                    select(OutboxMessage.person_id, OutboxMessage.status).where(
                        OutboxMessage.key.like(f"fix:appeal:{appeal.id}:%")
                    )
                )
            ).all()
        )
        assert fixes[mai.id] == "cancelled" and fixes[tam.id] == "pending" and lan.id not in fixes


async def test_who_left_is_proposed_for_nothing_and_nobody_records_for_them(any_app: App) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        await add_person(session, seeded, "Cán bộ CĐ", "A", ("member", "A"), ("officer", None), now=NOW)
        ha = seeded.people["Hà"]
        leader_b = await actor_for(session, seeded.people["Lãnh đạo B"])
        officer = await actor_for(session, seeded.people["Cán bộ CĐ"])
        assert leader_b is not None and officer is not None
        # Hà never joined on a messenger (the seed gave everyone an account: hers goes): an officer records
        # for her while she is at work.
        for identity in await session.scalars(
            select(ChannelIdentity).where(ChannelIdentity.person_id == ha.id)
        ):
            await session.delete(identity)
        await session.flush()
        assert may_act_for(officer, await subject_for(session, ha))
        assert ha.id in set(await session.scalars(select(Person.id).where(proposable_by(leader_b))))
        assert ha.id in set(await session.scalars(select(Person.id).where(acted_for_by(officer))))

        # She left before the year began: nothing of 2026 is hers to be proposed for (one who left during it
        # is, decision 0482).
        await _leave(session, seeded, "Hà", on=date(2025, 12, 31))
        assert not may_act_for(officer, await subject_for(session, ha))
        for year in (None, 2026):
            proposable = proposable_by(leader_b, year=year)
            assert ha.id not in set(await session.scalars(select(Person.id).where(proposable)))
        assert ha.id not in set(await session.scalars(select(Person.id).where(acted_for_by(officer))))
        form = (await forms_for_year(session, seeded.campaign, 2026))[0]
        with pytest.raises(ProposalError) as refused:
            await propose_award(
                session,
                leader_b,
                form_id=form.id,
                year=2026,
                unit_id=seeded.units["B"].id,
                person_id=ha.id,
                summary="Nhiều năm ủng hộ quỹ.",
                now=NOW,
            )
        assert refused.value.reason == "nominee"


async def test_who_left_still_sees_their_own_gifts_and_nothing_that_acts_for_the_unit(
    app: App, make_person
) -> None:
    ids = await seed_drives(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await session.get_one(Person, ids["hung"])  # an officer of the whole organisation
        entry = NewContribution(kind="money", amount_vnd=300_000)
        await record_contribution(session, person=hung, recorded_by=hung, entry=entry, now=NOW)
    officer = make_person("hung")
    assert "Đợt vận động" in await officer.say("/menu")
    async with app.sessionmaker() as session, session.begin():
        hung = await session.get_one(Person, ids["hung"])
        await mark_left(session, Operator(hung.org_id), hung, on=SUMMER, now=NOW)
    menu = await officer.say("/menu")
    assert "Đợt vận động" not in menu and "Lời kêu gọi" not in menu and "Tạo mã mời" not in menu
    assert "300.000\xa0₫" in await officer.choose("Tiến độ của tôi")
    assert "Chỉ cán bộ công đoàn mới mở và quản lý đợt vận động" in await officer.say("/dotvandong")
    # Their registering is over (it would count nowhere); giving, as themselves, is not.
    assert "Đăng ký thi đua" not in menu and "Ghi nhận đóng góp" in menu
    screen = await officer.say("/dangky")
    assert "Anh/chị đã được ghi nghỉ ở cơ quan từ ngày 31/08/2026" in screen
    assert "vẫn có thể tiếp tục ủng hộ" in screen
    screen = await officer.say("/trogiup")  # the help says so too, and offers no registering
    assert "Anh/chị đã được ghi nghỉ ở cơ quan từ ngày 31/08/2026: Chung Tay vẫn giữ" in screen
    assert "• Đăng ký thi đua" not in screen and "• Ghi nhận đóng góp" in screen


async def test_someone_recorded_as_gone_while_registering_is_told_at_the_yes_and_nothing_is_saved(
    app: App, hoa
) -> None:
    await hoa.choose("Đăng ký thi đua")
    await hoa.choose("Ủng hộ Quỹ")
    await hoa.choose("Xong")
    assert "lưu đăng ký này" in await hoa.say("1tr")
    async with app.sessionmaker() as session, session.begin():  # the office records her as gone meanwhile
        person = await session.scalar(select(Person).where(Person.full_name == "Võ Thị Hoa"))
        assert person is not None
        await mark_left(session, Operator(person.org_id), person, on=date(2026, 11, 20), now=NOW)
    screen = await hoa.choose("Có")
    assert "Anh/chị đã được ghi nghỉ ở cơ quan từ ngày 20/11/2026" in screen and "Đã lưu" not in screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Commitment)) == 0
        with pytest.raises(CommitmentError) as refused:  # the domain, asked straight
            person = await session.get_one(Person, person.id)
            await save_commitment(
                session, campaign_id=1, year=2026, scope="individual", actor=person, targets={}, now=NOW
            )
        assert refused.value.reason == "gone"


@pytest.fixture
def org_cli(tmp_path: Path, request: pytest.FixtureRequest) -> Cli:
    """The CLI on a copy of organisation TRUONG with its staff list (tests/test_cli.py)."""
    db = tmp_path / "org.db"
    shutil.copy(request.getfixturevalue("org_template"), db)
    return Cli(tmp_path, db)


# The shell's clock where a test says a day: Saturday 5/12/2026, 09:00 in Vietnam.
SATURDAY = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)


def _id_of(cli: Cli, name: str) -> str:
    return next(line.split()[0] for line in ok(cli("people", "list")).splitlines() if name in line)


def test_a_vietnamese_office_reads_the_last_day_at_work_and_the_first_day_gone_of_a_leaving(
    org_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clerk types a retirement as the decision writes it, “nghỉ hưu từ 31/12”: the day given is the first
    day gone, so each line says the last day at work beside it, and a month's last day planned ahead names the
    command for one who works all of it (decision 1405). The shell's clock: Saturday 5/12/2026."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: SATURDAY))
    binh, cuong = _id_of(org_cli, "Trần Thị Bình"), _id_of(org_cli, "Lê Văn Cường")

    planned = ok(org_cli("people", "leave", cuong, "--on", "31/12/2026"))
    assert f"Đã ghi Lê Văn Cường (mã số {cuong}) sẽ nghỉ từ 31/12/2026: đến hết 30/12/2026 vẫn là" in planned
    assert planned.rstrip().endswith(
        "Nếu người đó làm việc cả ngày 31/12/2026 (nghỉ hưu tính đến hết ngày cuối tháng), anh/chị ghi: "
        f"chungtay people leave {cuong} --on 01/01/2027"
    )
    moved = ok(org_cli("people", "leave", cuong, "--on", "01/01/2027"))
    assert "sẽ nghỉ từ 01/01/2027 (thay cho ngày 31/12/2026): đến hết 31/12/2026 vẫn là" in moved
    assert "Nếu người đó" not in moved  # 1 January is nobody's last day at work

    gone = ok(org_cli("people", "leave", binh, "--on", "30/11/2026"))
    assert gone.startswith(
        f"Đã ghi Trần Thị Bình (mã số {binh}) làm việc đến hết ngày 29/11/2026, nghỉ từ 30/11/2026: không "
        "còn được tính"
    )
    assert "Nếu người đó" not in gone  # already gone: no count or reminder of that day is to come


def test_the_shell_takes_the_day_words_the_chat_takes(org_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--on` reads "hôm qua", "hom nay", yesterday, today as the chat's day step does, from today. The
    shell's clock: Saturday 5/12/2026."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: SATURDAY))
    binh, an = _id_of(org_cli, "Trần Thị Bình"), _id_of(org_cli, "Lê Văn Cường")
    today = local_date(SATURDAY)
    yesterday = today - timedelta(days=1)
    left = ok(org_cli("people", "leave", binh, "--on", "hom qua"))
    assert f"nghỉ từ {yesterday:%d/%m/%Y}" in left
    assert f"nghỉ từ {today:%d/%m/%Y}" in ok(org_cli("people", "leave", an, "--on", "today"))
    wrong = org_cli("people", "leave", an, "--on", "hôm trước")
    assert wrong.returncode == 2 and "hôm qua" in wrong.stderr and "31/08/2026" in wrong.stderr


def test_the_shell_records_a_leaving_lists_it_and_takes_it_back_in_a_line_each(org_cli: Cli) -> None:
    """December's retirements in one command, all or none; a day ahead is refused with the command to run
    from that day (decision 0267)."""
    binh = _id_of(org_cli, "Trần Thị Bình")  # the list's treasurer of Phòng Đào tạo
    cuong = _id_of(org_cli, "Lê Văn Cường")
    future = org_cli("people", "leave", binh, "Lê Văn Cường", "--on", "31/12/2099")  # a year mistyped
    assert future.stderr == (
        "chungtay: ngày nghỉ 31/12/2099 xa hơn một năm nữa: hãy xem lại năm, hoặc ghi khi còn chưa tới một "
        "năm; không thay đổi gì\n"
    )
    assert "31/02/2026" in org_cli("people", "leave", binh, "--on", "31/02/2026").stderr  # no such day
    unknown = org_cli("people", "leave", binh, "Vũ Thị Hoa", "--on", "31/08/2026")  # one name wrong: none
    assert unknown.returncode == 2 and "không có ai tên “Vũ Thị Hoa”" in unknown.stderr
    assert "đã nghỉ từ" not in ok(org_cli("people", "list"))

    left = ok(org_cli("people", "leave", binh, "Lê Văn Cường", "--on", "31/08/2026"))
    assert left.count("\n") == 2
    assert left.startswith(
        f"Đã ghi Trần Thị Bình (mã số {binh}) làm việc đến hết ngày 30/08/2026, nghỉ từ 31/08/2026"
    )
    assert (
        f"\nĐã ghi Lê Văn Cường (mã số {cuong}) làm việc đến hết ngày 30/08/2026, nghỉ từ 31/08/2026" in left
    )
    assert "thành viên (phong-dao-tao), thủ quỹ (phong-dao-tao)" in left
    row = next(line for line in ok(org_cli("people", "list")).splitlines() if "Trần Thị Bình" in line)
    assert "Trần Thị Bình (đã nghỉ từ 31/08/2026)" in row and "thủ quỹ" not in row
    assert "đã được ghi nghỉ từ 31/08/2026: không thay đổi gì" in ok(org_cli("people", "leave", binh))

    back = ok(org_cli("people", "back", binh))
    assert back.count("\n") == 1 and back.startswith("Đã bỏ ghi nghỉ (31/08/2026) của Trần Thị Bình")
    assert "; đã cấp lại vai trò: thủ quỹ (phong-dao-tao)." in back and "VAI_TRÒ" not in back
    row = next(line for line in ok(org_cli("people", "list")).splitlines() if "Trần Thị Bình" in line)
    assert "đã nghỉ" not in row and "thành viên (phong-dao-tao)" in row and "thủ quỹ (phong-dao-tao)" in row


def test_a_communes_officer_leaving_and_back_is_named_as_the_front_names_them(org_cli: Cli) -> None:
    """In a commune the officer is the Fatherland Front's: `people leave` and `people back` say “cán bộ Mặt
    trận”, as grant and the import do (decision 0655), never the trade union's word (decision 0661)."""
    binh = _id_of(org_cli, "Trần Thị Bình")
    ok(org_cli("org", "kind", "commune"))
    ok(org_cli("people", "grant", binh, "officer", "--unit", "phong-dao-tao"))
    left = ok(org_cli("people", "leave", binh, "--on", "31/08/2026"))
    assert "cán bộ Mặt trận (phong-dao-tao)" in left and "công đoàn" not in left
    back = ok(org_cli("people", "back", binh))
    assert "đã cấp lại vai trò: thủ quỹ (phong-dao-tao), cán bộ Mặt trận (phong-dao-tao)." in back
    assert "công đoàn" not in back


def test_december_leavers_are_recorded_ahead_listed_moved_and_cancelled_several_at_once(
    org_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A leaving day ahead is recorded now (decision 0270): listed as “sẽ nghỉ từ”, counted and keeping its
    roles until then; a new day changes it; `people back` cancels it, several at once, as it takes back
    several leavings recorded. The shell's clock: Saturday 5/12/2026."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: SATURDAY))
    binh, cuong = _id_of(org_cli, "Trần Thị Bình"), _id_of(org_cli, "Lê Văn Cường")
    tally = "SELECT unit_id, people FROM unit_tally ORDER BY unit_id"
    counted = query(org_cli.db, tally)
    ahead = local_date(SATURDAY) + timedelta(days=28)  # 02/01/2027
    day, eve, later = (f"{d:%d/%m/%Y}" for d in (ahead, ahead - timedelta(days=1), ahead + timedelta(days=1)))
    planned = ok(org_cli("people", "leave", binh, "Lê Văn Cường", "--on", day))
    assert planned.startswith(
        f"Đã ghi Trần Thị Bình (mã số {binh}) sẽ nghỉ từ {day}: đến hết {eve} vẫn là người của đơn vị"
    )
    assert f"\nĐã ghi Lê Văn Cường (mã số {cuong}) sẽ nghỉ từ {day}" in planned
    assert f"hủy: chungtay people back {binh}" in planned
    row = next(line for line in ok(org_cli("people", "list")).splitlines() if "Trần Thị Bình" in line)
    assert f"Trần Thị Bình (sẽ nghỉ từ {day})" in row and "thủ quỹ (phong-dao-tao)" in row
    assert query(org_cli.db, tally) == counted  # still counted in their units
    moved = ok(org_cli("people", "leave", binh, "--on", later))
    assert f"sẽ nghỉ từ {later} (thay cho ngày {day})" in moved
    assert "không thay đổi gì" in ok(org_cli("people", "leave", binh, "--on", later))

    back = ok(org_cli("people", "back", binh, "Lê Văn Cường"))
    stays = "vẫn là người của đơn vị như trước.\n"
    assert back == (
        f"Đã hủy ngày sẽ nghỉ ({later}) của Trần Thị Bình (mã số {binh}): {stays}"
        f"Đã hủy ngày sẽ nghỉ ({day}) của Lê Văn Cường (mã số {cuong}): {stays}"
    )
    assert "nghỉ từ" not in ok(org_cli("people", "list"))
    ok(org_cli("people", "leave", binh, cuong, "--on", "31/08/2026"))
    back = ok(org_cli("people", "back", binh, cuong))
    assert back.count("Đã bỏ ghi nghỉ (31/08/2026)") == 2 and query(org_cli.db, tally) == counted


def test_the_staff_import_names_who_the_new_file_lacks_and_retires_nobody(org_cli: Cli) -> None:
    an = _id_of(org_cli, "Nguyễn Văn An")
    ok(org_cli("people", "leave", an, "--on", "31/08/2026"))  # gone already: not named again
    cuong = _id_of(org_cli, "Lê Văn Cường")
    # The next list has Bình only (and a newcomer).
    said = ok(
        org_cli(
            "org",
            "import",
            str(staff_file(org_cli.cwd, STAFF_ROWS[1], NEW_STAFF_ROWS[0], name="moi.csv")),
        )
    )
    assert said.splitlines()[1:] == [
        "Đơn vị mới:",
        "  Phòng Hành chính (mã phong-hanh-chinh)",
        "Chưa có thủ quỹ xác nhận khoản đóng góp của 2 đơn vị: Khoa Nội, Phòng Hành chính. Thủ quỹ của cả tổ "
        "chức: chungtay people grant MÃ_SỐ treasurer --org-wide (mã số: chungtay people list); thủ quỹ của "
        "một đơn vị: ghi “thủ quỹ” ở cột Vai trò trên dòng của người đó rồi nhập lại.",
        "Không có trong danh sách mới: 1 người — nếu họ đã nghỉ: "
        "chungtay people leave MÃ_SỐ [--on NGÀY/THÁNG/NĂM]",
        f"  mã số {cuong}: Lê Văn Cường (khoa-noi)",
    ]
    assert query(org_cli.db, "SELECT count(*) FROM person WHERE left_on IS NOT NULL") == [(1,)]


def test_who_left_and_is_on_a_list_again_gets_no_role_back_until_the_office_says_so(org_cli: Cli) -> None:
    """Bình, the treasurer, left in August; an old file still lists her as treasurer. Imported again, the
    list must not quietly make someone who left a treasurer: the report says so and how to take her back."""
    binh = _id_of(org_cli, "Trần Thị Bình")
    ok(org_cli("people", "leave", binh, "--on", "31/08/2026"))
    said = ok(org_cli("org", "import", str(staff_file(org_cli.cwd, *STAFF_ROWS, name="cu.csv"))))
    assert (
        f"Trần Thị Bình đã nghỉ từ 31/08/2026, nên không được cấp lại vai trò; nếu đã trở lại làm việc: "
        f"chungtay people back {binh}" in said
    )
    row = next(line for line in ok(org_cli("people", "list")).splitlines() if "Trần Thị Bình" in line)
    assert "(đã nghỉ từ 31/08/2026)" in row and "thủ quỹ" not in row
    # Nor by a grant at the shell: one line, not a traceback (a finding from outside).
    for scope in (["--unit", "phong-dao-tao"], ["--org-wide"]):
        refused = org_cli("people", "grant", binh, "officer", *scope)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert "Trần Thị Bình đã nghỉ từ 31/08/2026, nên không được cấp vai trò" in refused.stderr
        assert f"chungtay people back {binh}" in refused.stderr
    assert "officer" not in next(
        line for line in ok(org_cli("people", "list")).splitlines() if "Trần Thị Bình" in line
    )


async def test_a_name_found_only_among_who_left_is_answered_with_the_day_they_left_not_as_unknown(
    app: App, invites: DemoInvites, make_person
) -> None:
    """Who left before the award's year did none of its work: the leader is told when they left. Mai, who
    retired on 20/11/2026, worked the year: her leader proposes her for its Giấy khen before 10/12 as anyone,
    and the last look says she left, as the list does for the council (decision 0482)."""
    from tests.test_awards import MAI, PDT, SUMMARY, YEARLY, grant, proposals

    tu, ha = make_person("tu"), make_person("ha")
    await join(tu, invites.leader, "Phạm Văn Tú")  # Phòng Đào tạo's leader, Mai's unit
    await join(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    async with app.sessionmaker() as session, session.begin():
        mai = (await session.scalars(select(Person).where(Person.full_name == MAI))).one()
        tuan = (await session.scalars(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))).one()
        await mark_left(session, Operator(mai.org_id), mai, on=date(2026, 11, 20), now=NOW)
        # Tuấn retired “từ 01/01/2026”, as a retirement decision writes it: he worked none of 2026 (0498).
        await mark_left(session, Operator(mai.org_id), tuan, on=date(2026, 1, 1), now=NOW)

    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Cá nhân trong đơn vị")
    screen = await tu.say("pham minh tuan")
    assert (
        "Phạm Minh Tuấn đã nghỉ từ 01/01/2026. "
        "Người đã nghỉ từ ngày 01/01/2026 trở về trước không được đề nghị khen thưởng năm 2026." in screen
    )
    assert "không ai có" not in screen.lower()
    screen = await tu.say("tran thi mai")
    assert f"Đã tìm thấy: {MAI} (" in screen and "không được đề nghị" not in screen
    screen = await tu.say(SUMMARY)
    left = "Đã nghỉ từ ngày 20/11/2026: Hội đồng xét đề nghị này còn giữ hay không."
    assert f"• Đề nghị: {MAI} ({PDT})\n• {left}" in screen
    assert f"Đã ghi đề nghị tặng {YEARLY} (2026) cho {MAI}." in await tu.choose("Có")
    assert [proposal.person_id for proposal in await proposals(app)] == [mai.id]

    await ha.say("/phanquyen")
    await ha.choose("Giao vai trò")
    screen = await ha.say("tran thi mai")
    assert (
        f"{MAI} đã nghỉ từ 20/11/2026. Nếu người đó đã trở lại làm việc, anh/chị ghi nhận ở mục "
        "“Người đã nghỉ, chuyển công tác”."
    ) in screen
    assert "Không có ai" not in screen


def test_the_office_records_colleagues_on_long_leave_at_the_shell_and_their_return(
    org_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office keeps who is on long leave: `people away` records it as the chat does, several at once, a
    leader told that her unit's digest waits for her, and `--back` ends it; a day past is refused with the
    command that says she is back (decision 0789). The shell's clock: Saturday 5/12/2026."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: SATURDAY))
    binh, cuong = _id_of(org_cli, "Trần Thị Bình"), _id_of(org_cli, "Lê Văn Cường")
    day = "15/03/2027"  # as the admin's guide writes it
    past = org_cli("people", "away", binh, "--until", "04/12/2026")
    assert past.returncode == 2 and "đã qua" in past.stderr and f"people away {binh} --back" in past.stderr
    ok(org_cli("people", "grant", cuong, "leader", "--unit", "Khoa Nội"))
    away = ok(org_cli("people", "away", binh, "Lê Văn Cường", "--until", day))
    assert away.startswith(f"Đã ghi Trần Thị Bình (mã số {binh}) nghỉ dài ngày đến hết ngày {day}")
    assert f"Đã ghi Lê Văn Cường (mã số {cuong}) nghỉ dài ngày đến hết ngày {day}" in away
    assert (
        "Lê Văn Cường là lãnh đạo của khoa-noi" in away
        and "people grant MÃ_SỐ leader --unit khoa-noi --stand-in" in away
    )
    assert f"Trần Thị Bình (nghỉ dài ngày đến hết ngày {day})" in ok(org_cli("people", "list"))
    assert "không thay đổi gì" in ok(org_cli("people", "away", binh, "--until", day))
    # Cường's leave is his course: said as training in the list and when recorded again (decision 2358)
    assert f"Đã ghi Lê Văn Cường (mã số {cuong}) đi học, tập huấn" in ok(
        org_cli("people", "away", cuong, "--until", day, "--training")
    )
    assert f"Lê Văn Cường (đi học, tập huấn đến hết ngày {day})" in ok(org_cli("people", "list"))
    again = ok(org_cli("people", "away", cuong, "--until", day, "--training"))
    assert again.startswith(f"Lê Văn Cường (mã số {cuong}) đã được ghi đi học, tập huấn đến hết ngày {day}:")
    # his course runs a week longer: the new day, and the one it replaces
    longer = ok(org_cli("people", "away", cuong, "--until", "22/03/2027", "--training"))
    assert "tập huấn đến hết ngày 22/03/2027 (thay cho ngày 15/03/2027):" in longer, longer
    back = ok(org_cli("people", "away", binh, "--back"))
    assert back.startswith(f"Đã ghi Trần Thị Bình (mã số {binh}) đi làm lại:")  # as the chat says it (0846)
    stands_in = ok(
        org_cli("people", "grant", binh, "leader", "--unit", "Khoa Nội", "--stand-in", "--for", cuong)
    )
    assert stands_in.startswith("Đã cấp vai trò lãnh đạo (khoa-noi) cho Trần Thị Bình"), stands_in
    # for Cường, at his course: said as his course, not a leave (decision 2630)
    course = "Phụ trách thay Lê Văn Cường: khi đợt đi học, tập huấn của người đó kết thúc"
    assert course in stands_in, stands_in
    assert "nghỉ dài ngày" not in next(
        line for line in ok(org_cli("people", "list")).splitlines() if "Trần Thị Bình" in line
    )


def test_an_english_office_records_leavings_long_leave_and_roles_at_the_shell_in_english(
    org_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clerk of an office whose chats speak English (`DEFAULT_LOCALE=en`) runs the `people` commands:
    each line and refusal in English, the roles by their English names, where the shell answered in
    Vietnamese whatever the setting (decision 1344). The shell's clock: Saturday 5/12/2026."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: SATURDAY))
    org_cli.settings = ENGLISH
    binh, cuong = _id_of(org_cli, "Trần Thị Bình"), _id_of(org_cli, "Lê Văn Cường")
    granted = ok(org_cli("people", "grant", cuong, "leader", "--unit", "Khoa Nội"))
    assert granted == (
        f"Granted the role leader (khoa-noi) to Lê Văn Cường (id {cuong}); it takes effect from their next "
        "message.\n"
    )
    away = ok(org_cli("people", "away", cuong, "--until", "15/03/2027"))
    assert away.startswith(f"Recorded Lê Văn Cường (id {cuong}) on long leave up to and including 15/03/2027")
    assert "Lê Văn Cường leads khoa-noi: up to and including 15/03/2027 the weekly digest is not sent" in away
    assert "chungtay people grant ID leader --unit khoa-noi --stand-in" in away
    wrong = org_cli("people", "leave", binh, "--on", "hôm trước")
    assert wrong.returncode == 2 and '31/08/2026 (day/month/year), 2026-08-31, "today" or' in wrong.stderr
    left = ok(org_cli("people", "leave", binh, "--on", "31/08/2026"))
    assert left.startswith(
        f"Recorded that Trần Thị Bình (id {binh}) worked up to and including 30/08/2026 and left on "
        "31/08/2026: no longer counted"
    )
    assert "roles revoked: member (phong-dao-tao), treasurer (phong-dao-tao)" in left
    listed = ok(org_cli("people", "list"))
    assert "Trần Thị Bình (left on 31/08/2026)" in listed
    assert "Lê Văn Cường (on leave until 15/03/2027)" in listed and "leader (khoa-noi)" in listed
    back = ok(org_cli("people", "back", binh))
    assert back.startswith(f"Took back the leaving (31/08/2026) of Trần Thị Bình (id {binh}): counted in the")
    assert "; roles given back: treasurer (phong-dao-tao)." in back
    for said in (granted, away, left, listed, back, wrong.stderr):
        assert not any(word in said for word in ("mã số", "Đã ", "vai trò", "không thay đổi", "MÃ_SỐ")), said


def test_a_heads_long_leave_at_the_shell_says_her_stand_in_reads_the_digest_once_given_the_leaders_role(
    org_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clerk records the head of Khoa Nội on leave until 15/03/2027: the line about the digest said the
    stand-in reads it “khi được cấp quyền”, a word the bot uses for nothing else, where every other line says
    “vai trò” (decision 1392). The shell's clock: Saturday 5/12/2026."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: SATURDAY))
    cuong = _id_of(org_cli, "Lê Văn Cường")
    ok(org_cli("people", "grant", cuong, "leader", "--unit", "Khoa Nội"))
    away = ok(org_cli("people", "away", cuong, "--until", "15/03/2027"))
    assert (
        "Người phụ trách thay trong thời gian này nhận bản tin khi được cấp vai trò lãnh đạo: "
        "chungtay people grant MÃ_SỐ leader --unit khoa-noi --stand-in"
    ) in away, away
    assert "quyền" not in away, away


def test_stand_in_or_deputy_given_with_a_role_that_is_no_leaders_is_refused_at_the_shell(
    org_cli: Cli,
) -> None:
    """`--stand-in` and `--deputy` say why a leader role is given, which the end of a leave reads (decision
    1230). Given with an officer's role, the role was granted and the flag kept on its audit row unread:
    the office believed the stand-in would be told when the leave ends, and nobody ever was. Refused with
    the command that works, and nothing changes (decision 1271)."""
    binh = _id_of(org_cli, "Trần Thị Bình")
    refused = org_cli("people", "grant", binh, "officer", "--unit", "Khoa Nội", "--deputy")
    assert refused.returncode == 2, refused.stdout
    assert "--deputy chỉ dùng khi cấp vai trò lãnh đạo" in refused.stderr, refused.stderr
    assert f"people grant {binh} officer --unit" in refused.stderr, refused.stderr
    listed = next(line for line in ok(org_cli("people", "list")).splitlines() if "Trần Thị Bình" in line)
    assert "cán bộ công đoàn (khoa-noi)" not in listed, listed


def test_a_stand_in_given_at_the_shell_says_for_which_head_and_no_one_not_leading_there(
    org_cli: Cli,
) -> None:
    """Khoa Nội has two heads; `--for` says whom a stand-in covers, so that she is told when that head's
    leave ends and not at the other's return (decision 1348). Named for someone who leads nothing there, it
    is refused with an example and nothing changes."""
    binh, cuong, an = (_id_of(org_cli, n) for n in ("Trần Thị Bình", "Lê Văn Cường", "Nguyễn Văn An"))
    ok(org_cli("people", "grant", binh, "leader", "--unit", "Khoa Nội"))
    refused = org_cli("people", "grant", an, "leader", "--unit", "Khoa Nội", "--stand-in", "--for", cuong)
    assert refused.returncode == 2, refused.stdout
    assert "--for chỉ dùng kèm --stand-in, và phải là người được phụ trách thay" in refused.stderr, (
        refused.stderr
    )
    listed = next(line for line in ok(org_cli("people", "list")).splitlines() if "Nguyễn Văn An" in line)
    assert "leader (khoa-noi)" not in listed, listed
    ok(org_cli("people", "grant", cuong, "leader", "--unit", "Khoa Nội"))
    done = ok(org_cli("people", "grant", an, "leader", "--unit", "Khoa Nội", "--stand-in", "--for", binh))
    assert done.startswith("Đã cấp vai trò lãnh đạo (khoa-noi) cho Nguyễn Văn An"), done
    assert "Phụ trách thay Trần Thị Bình: khi kỳ nghỉ của người đó kết thúc" in done, done


def test_a_treasurers_stand_in_at_the_shell_names_whose_leave_it_covers(org_cli: Cli) -> None:
    """Trần Thị Bình, treasurer of Phòng Đào tạo, goes on maternity leave; Nguyễn Văn An stands in.
    `--stand-in` with a treasurer's role was refused as a leader's only, and the office gave the role
    plainly, kept until taken back by hand. Now it names whose leave it covers (`--for`), so that the role
    ends by itself when that leave ends; without `--for`, or naming someone who is no treasurer there, it is
    refused with an example and nothing changes (decision 1430)."""
    an, binh, cuong = (_id_of(org_cli, n) for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"))
    ok(org_cli("people", "away", binh, "--until", "15/03/2027"))
    grant = ("people", "grant", an, "treasurer", "--unit", "Phòng Đào tạo", "--stand-in")
    for refused in (org_cli(*grant), org_cli(*grant, "--for", cuong)):
        assert refused.returncode == 2, refused.stdout
        assert f"people grant {an} treasurer --unit" in refused.stderr, refused.stderr
        assert "--stand-in --for" in refused.stderr, refused.stderr
    assert "--stand-in với vai trò thủ quỹ hay cán bộ công đoàn phải nói" in org_cli(*grant).stderr
    listed = next(line for line in ok(org_cli("people", "list")).splitlines() if "Nguyễn Văn An" in line)
    assert "treasurer" not in listed, listed
    done = ok(org_cli(*grant, "--for", binh))
    assert done.startswith("Đã cấp vai trò thủ quỹ (phong-dao-tao) cho Nguyễn Văn An"), done
    assert "Phụ trách thay Trần Thị Bình: vai trò tự kết thúc khi kỳ nghỉ ấy kết thúc" in done, done


def test_the_staff_lists_nghi_den_column_records_a_long_leave_and_says_a_cell_it_cannot_read(
    org_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The personnel office's list says who is on long leave until when, in a column “Nghỉ đến”: the import
    records it as `people away` does and says so; a cell that is no day costs only the leave, with an example
    (decision 0789). The shell's clock: Saturday 5/12/2026."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: SATURDAY))
    until = date(2027, 3, 15)
    day = f"{until:%d/%m/%Y}"
    # a date cell that lost its format, as Excel saves it, in the list's second column of leave
    serial = (until - date(1899, 12, 30)).days
    listed = tmp_path / "danh-sach-nghi.csv"
    listed.write_text(
        "Đơn vị,Họ và tên,Chức vụ,Số điện thoại,Vai trò,Nghỉ đến,Nghỉ ốm đến\n"
        f"Phòng Đào tạo,Nguyễn Văn An,Giáo viên,0912 345 678,,{day},\n"
        "Phòng Đào tạo,Trần Thị Bình,Kế toán,+84 912 345 679,thủ quỹ,cuối tháng 3,\n"
        f"Khoa Nội,Lê Văn Cường,Trưởng khoa,,trưởng khoa,,{serial}\n",
        encoding="utf-8",
    )
    said = ok(org_cli("org", "import", str(listed)))
    assert "Nghỉ dài ngày theo cột “Nghỉ đến”" in said, said
    assert f"Nguyễn Văn An nghỉ dài ngày đến hết ngày {day}" in said
    assert f"Lê Văn Cường nghỉ dài ngày đến hết ngày {day}" in said
    # the head of Khoa Nội: the office is told her digest waits, as `people away` tells it
    assert f"Lê Văn Cường là lãnh đạo của khoa-noi: đến hết ngày {day} bản tin hằng tuần không gửi" in said
    assert "chungtay people grant MÃ_SỐ leader --unit khoa-noi" in said
    assert "cột “Nghỉ đến” ghi “cuối tháng 3”, không phải một ngày: chưa ghi nghỉ dài ngày" in said
    people = ok(org_cli("people", "list"))
    assert f"Nguyễn Văn An (nghỉ dài ngày đến hết ngày {day})" in people
    assert "Trần Thị Bình (nghỉ dài ngày" not in people
    # the next list says her leave ended yesterday: she is back, as the report says, not away 100 days more
    ended = "04/12/2026"  # yesterday
    # ...and Cường's, a week longer: the new day, and the one it replaces
    text = listed.read_text(encoding="utf-8").replace(f",,{day}", f",,{ended}")
    listed.write_text(text.replace(f",,{serial}", f",,{serial + 7}"), encoding="utf-8")
    said = ok(org_cli("org", "import", str(listed)))
    assert f"Nguyễn Văn An đã đi làm lại: cột ghi nghỉ đến hết ngày {ended} (thay cho ngày {day})" in said
    assert f"Lê Văn Cường nghỉ dài ngày đến hết ngày 22/03/2027 (thay cho ngày {day})" in said, said
    assert "Nguyễn Văn An (nghỉ dài ngày" not in ok(org_cli("people", "list"))
