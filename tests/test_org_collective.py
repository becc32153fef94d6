"""The organisation itself as a collective (docs/decisions/0059): a hospital, a department, a commune
registers its own commitment with its superior and records its own results. In the domain, on SQLite and on
a real PostgreSQL: its head (an organisation-wide leader) and an organisation-wide admin register and record
for it, a unit's leader and a member are refused and nothing is stored; the roll-up gives its commitment and
counts its results, the organisation's year's report counts its registration and results, a unit's report
does not. In chat: /dangky and /ketqua ask the head whose it is, and the screens name the organisation."""

from __future__ import annotations

import docx
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.db.models import AuditLog, Commitment, Person, Result, RoleAssignment
from bot.demo import DemoInvites
from bot.domain.access import Operator, actor_for
from bot.domain.commitments import CommitmentError, owner_key, save_commitment
from bot.domain.digests import Period, org_context, own_collective, rollup_text, unit_figures
from bot.domain.results import ResultError, record_result, recorded_toward, withdraw_result
from bot.domain.year_report import year_report
from tests.support.clocks import NOW
from tests.support.orgs import Seeded, seed
from tests.support.profiles import on_buttons, on_text_only
from tests.support.templates import Seed
from tests.test_flows import join
from tests.test_results import HELPED, REPORTS, criterion, person, results

PROPOSALS = "kien-nghi-chinh-sach"  # count; collectives only
REPORTS_TITLE = "Báo cáo định kỳ, đột xuất đầy đủ, đúng hạn"
PROPOSALS_TITLE = "Rà soát, kiến nghị sửa đổi chính sách giảm nghèo"
WEEK = Period(NOW.replace(day=15), NOW.replace(day=23))


@pytest.fixture
def database_seed() -> Seed:
    return _seeded


async def _seeded(session: AsyncSession) -> Seeded:
    return await seed(session, NOW)


async def register_for_the_organisation(session: AsyncSession, org: Seeded, who: str) -> Commitment:
    return await save_commitment(
        session,
        campaign_id=org.campaign.id,
        year=2026,
        scope="collective",
        actor=await person(session, org, who),
        targets={await criterion(session, org, REPORTS): 1, await criterion(session, org, PROPOSALS): 2},
        now=NOW,
        organisation=True,
    )


async def record_for_the_organisation(
    session: AsyncSession, org: Seeded, who: str, code: str, quantity: int = 1, text: str = "Đã làm"
) -> Result:
    return await record_result(
        session,
        await person(session, org, who),
        campaign_id=org.campaign.id,
        year=2026,
        criterion_id=await criterion(session, org, code),
        quantity=quantity,
        description=text,
        organisation=True,
        now=NOW,
    )


async def test_the_head_registers_the_organisations_commitment_and_records_a_yes_no_result_once(
    any_app: App, org: Seeded
) -> None:
    key = owner_key("collective", None, None, org_id=org.org.id)
    async with any_app.sessionmaker() as session, session.begin():
        commitment = await register_for_the_organisation(session, org, "Thủ trưởng")
        result = await record_for_the_organisation(
            session, org, "Thủ trưởng", REPORTS, text="Báo cáo quý III"
        )
        done = await recorded_toward(session, org.campaign.id, 2026, key)
        reports = await criterion(session, org, REPORTS)
    assert (commitment.owner_key, commitment.person_id, commitment.unit_id) == (key, None, None)
    assert (result.owner_key, result.person_id, result.unit_id, result.org_id) == (
        key,
        None,
        None,
        org.org.id,
    )
    assert done == {reports: 1}
    async with any_app.sessionmaker() as session, session.begin():
        with pytest.raises(ResultError) as twice:
            await record_for_the_organisation(session, org, "Văn phòng", REPORTS)  # the admin: done already
        again = await register_for_the_organisation(session, org, "Văn phòng")  # the same registration
    assert twice.value.reason == "already"
    assert again.id == commitment.id
    async with any_app.sessionmaker() as session, session.begin():
        head = await actor_for(session, await person(session, org, "Thủ trưởng"))
        await withdraw_result(session, head, result.id, now=NOW)
    assert [r.status for r in await results(any_app)] == ["withdrawn"]


@pytest.mark.parametrize("who", ["Lãnh đạo A", pytest.param("An", marks=pytest.mark.sqlite_only)])
async def test_a_unit_leader_and_a_member_may_not_speak_for_the_organisation(
    any_app: App, org: Seeded, who: str
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        with pytest.raises(CommitmentError) as registering:
            await register_for_the_organisation(session, org, who)
        with pytest.raises(ResultError) as recording:
            await record_for_the_organisation(session, org, who, REPORTS)
    assert (registering.value.reason, recording.value.reason) == ("not_allowed", "not_allowed")
    async with any_app.sessionmaker() as session:
        stored = await session.scalar(
            select(func.count()).select_from(Commitment).where(Commitment.person_id.is_(None))
        )
        refused = set(
            await session.scalars(
                select(AuditLog.action).where(
                    AuditLog.action.in_(("commitment.register_refused", "result.refused"))
                )
            )
        )
    assert stored == 0 and await results(any_app) == []
    assert refused == {"commitment.register_refused", "result.refused"}


@pytest.mark.sqlite_only
async def test_a_unit_leader_may_not_withdraw_the_organisations_result(any_app: App, org: Seeded) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        result = await record_for_the_organisation(
            session, org, "Thủ trưởng", PROPOSALS, 1, "Kiến nghị vốn vay"
        )
    async with any_app.sessionmaker() as session, session.begin():
        leader = await actor_for(session, await person(session, org, "Lãnh đạo A"))
        with pytest.raises(ResultError) as refused:
            await withdraw_result(session, leader, result.id, now=NOW)
    assert refused.value.reason == "not_allowed"
    assert [r.status for r in await results(any_app)] == ["standing"]


async def test_the_roll_up_and_the_organisations_report_show_it_and_a_units_report_does_not(
    any_app: App, org: Seeded
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        await register_for_the_organisation(session, org, "Thủ trưởng")
        await record_for_the_organisation(
            session, org, "Thủ trưởng", REPORTS, text="Báo cáo quý III đúng hạn"
        )
        await record_for_the_organisation(session, org, "Thủ trưởng", PROPOSALS, 1, "Kiến nghị sửa mức vay")
        await record_result(  # a member's, in unit A: counted in the roll-up beside the organisation's
            session,
            await person(session, org, "An"),
            campaign_id=org.campaign.id,
            year=2026,
            criterion_id=await criterion(session, org, HELPED),
            quantity=2,
            description="Giúp 2 hộ",
            now=NOW,
        )
    async with any_app.sessionmaker() as session:
        context, campaign_id = await org_context(session, org.org.id, WEEK)
        figures = await unit_figures(session, org.org.id, campaign_id=campaign_id, year=2026, period=WEEK)
        own = await own_collective(session, org.org.id, campaign_id=campaign_id, year=2026, period=WEEK)
        whole = await year_report(session, org.org.id, 2026, today=NOW.date(), actor=Operator(org.org.id))
        unit_a = await year_report(
            session, org.org.id, 2026, today=NOW.date(), actor=Operator(org.org.id), unit_id=org.units["A"].id
        )
    text = rollup_text("vi", org.org.name, list(figures.values()), context, own)
    assert f"Cơ quan đăng ký: {REPORTS_TITLE}: đã ghi nhận; {PROPOSALS_TITLE}: 1/2 (50%)" in text
    assert "Số hộ nghèo, hộ khó khăn được giúp đỡ: 2" in text  # the unit's results, and the organisation's:
    assert f"{REPORTS_TITLE}: 1" in text and f"{PROPOSALS_TITLE}: 1" in text
    assert "Cơ quan đăng ký" not in rollup_text("vi", org.org.name, list(figures.values()), context)

    lines = {line.title: line for line in whole.criteria}
    assert (whole.collective_commitments, whole.organisation_registered) == (1, True)
    assert (lines[REPORTS_TITLE].registered, lines[REPORTS_TITLE].recorded) == (1, 1)
    assert (lines[PROPOSALS_TITLE].registered, lines[PROPOSALS_TITLE].total) == (1, 2)
    assert lines[PROPOSALS_TITLE].recorded == 1  # recorded against the organisation's own target
    assert (unit_a.collective_commitments, unit_a.organisation_registered) == (0, False)
    assert {line.title for line in unit_a.criteria}.isdisjoint({REPORTS_TITLE, PROPOSALS_TITLE})


# --- in chat: the head of the demo school ------------------------------------------------------------------

SCHOOL = "Trường Trung cấp nghề Chung Tay (dùng thử)"
UNIT = "Phòng Đào tạo – Hành chính – Kế toán"


async def head_of_school(app: App, invites: DemoInvites, make_person):  # type: ignore[no-untyped-def]
    """A member of a unit who leads the whole school (its director, sitting in a unit of the school)."""
    lan = make_person("lan")
    await join(lan, invites.member, "Lê Thị Lan")
    async with app.sessionmaker() as session, session.begin():
        found = await session.scalar(select(Person).where(Person.full_name == "Lê Thị Lan"))
        assert found is not None
        session.add(RoleAssignment(person_id=found.id, role="leader", org_id=found.org_id, granted_at=NOW))
    return lan


async def test_the_head_registers_for_the_school_and_records_its_result_and_the_roll_up_and_report_show_it(
    app: App, invites: DemoInvites, make_person
) -> None:
    lan = await head_of_school(app, invites, make_person)
    screen = await lan.say("/dangky")
    assert "Anh/chị đăng ký thi đua cho ai?" in screen
    labels = [choice.label for choice in lan.menu.choices]
    assert labels[:3] == [f"Của cơ quan: {SCHOOL}", f"Của tập thể: {UNIT}", "Của cá nhân tôi"]
    screen = await lan.choose("Của cơ quan")
    assert f"Anh/chị chọn các nội dung {SCHOOL} đăng ký năm 2026" in screen
    offered = [choice.label for choice in lan.menu.choices]
    assert any(REPORTS_TITLE in label for label in offered)  # the plan's collective items
    assert not any("Ủng hộ Quỹ" in label for label in offered)  # a person's item is not the school's
    await lan.choose("Báo cáo định kỳ")
    screen = await lan.choose("Xong")  # a yes/no: nothing to type
    assert f"Đăng ký thi đua năm 2026 của {SCHOOL}" in screen and f"• {REPORTS_TITLE}" in screen
    screen = await lan.choose("Có")
    assert f"Đã lưu đăng ký của {SCHOOL}." in screen

    screen = await lan.say("/ketqua")
    assert "Anh/chị ghi kết quả của ai?" in screen
    screen = await lan.choose("Của cơ quan")
    assert f"Anh/chị ghi kết quả của {SCHOOL} cho nội dung nào (năm 2026)?" in screen
    assert lan.menu.choices[0].label == f"{REPORTS_TITLE}: chưa ghi"  # registered, first
    screen = await lan.choose("Báo cáo định kỳ")
    assert "Anh/chị đã làm gì?" in screen
    await lan.say("Gửi báo cáo 6 tháng lên Sở đúng hạn")
    screen = await lan.choose("Bỏ qua")
    assert f"Anh/chị kiểm tra lại kết quả của {SCHOOL}:" in screen
    screen = await lan.choose("Có")
    assert f"{REPORTS_TITLE}: đã ghi nhận" in screen

    screen = await lan.say("/dangky")  # the school's registration is there to view and amend
    await lan.choose("Của cơ quan")
    assert "Sửa đăng ký của cơ quan" in [choice.label for choice in lan.menu.choices]
    await lan.say("/ketqua")
    await lan.choose("Kết quả của các đơn vị")
    assert f"{SCHOOL} · 22/11/2026 · {REPORTS_TITLE}: đã thực hiện — Gửi báo cáo 6 tháng" in lan.screen

    screen = await lan.say("/baocao")
    assert f"Cơ quan đăng ký: {REPORTS_TITLE}: đã ghi nhận" in screen
    assert f"Năm 2026 đến nay: {REPORTS_TITLE}: 1." in screen
    await lan.say("/baocaonam")
    await lan.choose("Trường Trung cấp nghề")
    [handed] = lan.channel.transport.documents("lan")
    assert handed.document is not None
    document = docx.Document(str(app.settings.media_dir / handed.document.path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Cơ quan đã đăng ký giao ước thi đua tập thể; chưa đơn vị nào đăng ký." in text
    [criteria, *_rest] = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables[1:]
    ]
    assert criteria[1][1:3] == [REPORTS_TITLE, "1"] and "1/1" in criteria[1][4]
    async with app.sessionmaker() as session:
        [stored] = list(await session.scalars(select(Result)))
    assert (stored.person_id, stored.unit_id) == (None, None)


@on_text_only
async def test_a_member_and_a_unit_leader_are_not_asked_whose_registration_it_is(
    app: App, hoa, invites: DemoInvites, make_person
) -> None:
    tu = make_person("tu")
    await join(tu, invites.leader, "Phạm Văn Tú")
    assert "cho ai?" not in await hoa.say("/dangky")
    assert "cho ai?" not in await tu.say("/dangky")  # their unit's: the menu's “Đăng ký của đơn vị”, /donvi
    screen = await tu.say("/ketqua")
    assert not any(choice.label.startswith("Của cơ quan") for choice in tu.menu.choices), screen


@on_buttons
async def test_the_heads_help_names_each_command_once_and_says_whose_registration_it_may_be(
    app: App, invites: DemoInvites, make_person
) -> None:
    lan = await head_of_school(app, invites, make_person)  # leads the school and, here, her own office too
    async with app.sessionmaker() as session, session.begin():
        found = await session.scalar(select(Person).where(Person.full_name == "Lê Thị Lan"))
        assert found is not None
        session.add(
            RoleAssignment(
                person_id=found.id, role="leader", org_id=found.org_id, unit_id=found.unit_id, granted_at=NOW
            )
        )
    screen = await lan.say("/help")
    assert screen.count("• /dekhenthuong") == 1, screen
    assert screen.count("• /ketqua") == 1, screen
    assert "/dangky, /ketqua: cả đăng ký và kết quả của cơ quan" in screen


@on_text_only
async def test_the_head_whose_role_is_taken_away_while_recording_is_told_why_nothing_was_recorded(
    app: App, invites: DemoInvites, make_person
) -> None:
    lan = await head_of_school(app, invites, make_person)
    await lan.say("/ketqua")
    await lan.choose("Của cơ quan")
    await lan.choose("Báo cáo định kỳ")
    await lan.say("Gửi báo cáo 6 tháng lên Sở đúng hạn")
    await lan.choose("Bỏ qua")
    async with app.sessionmaker() as session, session.begin():  # the office takes the role away meanwhile
        await session.execute(delete(RoleAssignment).where(RoleAssignment.unit_id.is_(None)))
    screen = await lan.choose("Có")
    assert "Chỉ lãnh đạo của cơ quan mới ghi được kết quả của cơ quan. Chưa có gì được ghi." in screen
    assert await results(app) == []
