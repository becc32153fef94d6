"""The organisation itself proposed for an award conferred above it (docs/decisions/0060): the school, the
hospital, the commune in its own dossier as a collective, “Tập thể <organisation>”. In the domain, on SQLite
and PostgreSQL: its head (an organisation-wide leader) proposes it, a unit's leader, a member and an admin
are refused and nothing is stored, the head's own Giấy khen is refused, a second proposal names the first,
a withdrawn one is kept and the organisation may be proposed again. The letter's list, the council's minutes
and `chungtay award list` read it back; its achievement report carries the organisation's figures, its own
registration and results. In chat: /dekhenthuong offers “Cơ quan: <name>” beside the units."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as read_docx
from sqlalchemy import select

from bot.app import App
from bot.db.models import (
    AuditLog,
    AwardForm,
    AwardProposal,
    Campaign,
    Criterion,
    Organisation,
    Person,
    RoleAssignment,
)
from bot.demo import DemoInvites
from bot.domain.access import actor_for
from bot.domain.awards import (
    ProposalError,
    award_dossier,
    conferred_within,
    propose_award,
    withdraw_proposal,
)
from bot.domain.commitments import save_commitment
from bot.domain.results import record_result
from bot.domain.year_report import year_report
from bot.year_report_doc import write_year_report
from tests.support.clocks import NOW
from tests.support.profiles import on_text_only
from tests.test_awards import LAN, MAI, PDT, _world, grant, proposals
from tests.test_cli import Cli, ok
from tests.test_flows import join

SCHOOL = "Trường Trung cấp nghề Chung Tay (dùng thử)"
ABOVE = "Giấy khen của Giám đốc Sở"  # yearly, conferred above the school
YEARLY = "Giấy khen của Thủ trưởng đơn vị"  # the head's own: never for the school itself
HEAD, TUAN = "Lê Văn Hùng", "Phạm Minh Tuấn"  # the school's head (granted below); Phòng Đào tạo's leader
SUMMARY = "Trường dẫn đầu khối về vận động Quỹ Vì người nghèo năm 2026."


async def propose_school(app: App, who: str, *, form: str = ABOVE, summary: str = SUMMARY) -> str:
    """`who` proposes the school itself for `form` in 2026: "proposed", or the reason it was refused."""
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, ids[who]))
        try:
            await propose_award(
                session,
                actor,
                form_id=ids[form],
                year=2026,
                unit_id=None,
                person_id=None,
                summary=summary,
                now=NOW,
            )
        except ProposalError as refused:
            return refused.reason if refused.by is None else f"{refused.reason} by {refused.by}"
    return "proposed"


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_the_head_proposes_the_organisation_and_nobody_else_may_on_sqlite_and_postgresql(
    any_app: App,
) -> None:
    await grant(any_app, HEAD, "leader")  # the school's head: a leader of the whole school
    await grant(any_app, LAN, "admin")  # the office: registers for the school, does not propose

    assert await propose_school(any_app, TUAN) == "not_allowed"  # a unit's leader
    assert await propose_school(any_app, MAI) == "not_allowed"  # a member (and treasurer)
    assert await propose_school(any_app, LAN) == "not_allowed"  # an organisation-wide admin
    assert await propose_school(any_app, HEAD, form=YEARLY) == "within"  # the head's own Giấy khen
    assert await proposals(any_app) == []
    assert await propose_school(any_app, HEAD) == "proposed"
    assert await propose_school(any_app, HEAD) == f"duplicate by {HEAD}"

    [proposal] = await proposals(any_app)
    assert (proposal.unit_id, proposal.person_id, proposal.summary) == (None, None, SUMMARY)
    async with any_app.sessionmaker() as session:
        audited = list(await session.scalars(select(AuditLog).where(AuditLog.action.like("award.%"))))
    assert [row.action for row in audited] == ["award.refused"] * 3 + ["award.propose"]
    assert audited[-1].details["organisation"] is True

    ids = await _world(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids[TUAN]))
        with pytest.raises(ProposalError, match="not_allowed"):  # not his unit's to take back
            await withdraw_proposal(session, tuan, proposal.id, now=NOW)
    async with any_app.sessionmaker() as session, session.begin():
        head = await actor_for(session, await session.get_one(Person, ids[HEAD]))
        await withdraw_proposal(session, head, proposal.id, now=NOW)
    assert await propose_school(any_app, HEAD, summary="Lần hai.") == "proposed"  # withdrawn: again
    first, second = await proposals(any_app)
    assert first.withdrawn_at is not None and first.withdrawn_by == ids[HEAD]
    assert (second.withdrawn_at, second.summary, second.unit_id) == (None, "Lần hai.", None)


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_the_organisation_and_its_units_stand_apart_for_the_same_award(any_app: App) -> None:
    """A unit standing for the award does not keep the organisation from it, nor the other way round."""
    await grant(any_app, HEAD, "leader")
    ids = await _world(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        head = await actor_for(session, await session.get_one(Person, ids[HEAD]))
        await propose_award(
            session,
            head,
            form_id=ids[ABOVE],
            year=2026,
            unit_id=ids["PDT"],
            person_id=None,
            summary="Tập thể lao động xuất sắc.",
            now=NOW,
        )
    assert await propose_school(any_app, HEAD) == "proposed"
    stored: list[AwardProposal] = await proposals(any_app)
    assert [p.unit_id for p in stored] == [ids["PDT"], None]


# --- in chat, in the letter, the minutes, the list and the achievement report ------------------------------

REPORTS = "Báo cáo định kỳ, đột xuất đầy đủ, đúng hạn"  # yes/no, collectives only
POLICY = "Rà soát, kiến nghị sửa đổi chính sách giảm nghèo"  # a count, collectives only
DONE = "Gửi báo cáo 6 tháng lên Sở đúng hạn"


async def head_of_school(app: App, invites: DemoInvites, make_person):  # type: ignore[no-untyped-def]
    """Lê Thị Lan, who joined as a member of a unit and leads the whole school; the school registered its
    own collective commitment and recorded one result (decision 0059)."""
    lan = make_person("lan")
    await join(lan, invites.member, "Lê Thị Lan")
    async with app.sessionmaker() as session, session.begin():
        head = await session.scalar(select(Person).where(Person.full_name == "Lê Thị Lan"))
        assert head is not None
        session.add(RoleAssignment(person_id=head.id, role="leader", org_id=head.org_id, granted_at=NOW))
        await session.flush()
        campaign = (await session.scalars(select(Campaign))).one()
        codes = {title: id_ for title, id_ in await session.execute(select(Criterion.title, Criterion.id))}
        await save_commitment(
            session,
            campaign_id=campaign.id,
            year=2026,
            scope="collective",
            actor=head,
            targets={codes[REPORTS]: 1, codes[POLICY]: 2},
            now=NOW,
            organisation=True,
        )
        await record_result(
            session,
            head,
            campaign_id=campaign.id,
            year=2026,
            criterion_id=codes[REPORTS],
            quantity=1,
            description=DONE,
            organisation=True,
            now=NOW,
        )
    return lan


def _docx(path: Path) -> tuple[str, list[list[list[str]]]]:
    """The paragraphs' text, and each table as rows of cells."""
    document = read_docx(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    return text, [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


async def test_the_head_proposes_the_school_in_chat_and_the_letter_minutes_list_and_report_read_it(
    app: App, invites: DemoInvites, make_person, tmp_path: Path, db_path: Path
) -> None:
    lan = await head_of_school(app, invites, make_person)
    await lan.say("/dekhenthuong")
    await lan.choose("Đề nghị khen thưởng")
    await lan.choose(YEARLY)  # the head's own Giấy khen: the school is not offered
    await lan.choose("Chính đơn vị (tập thể)")
    assert not any(choice.label.startswith("Cơ quan") for choice in lan.menu.choices)

    await lan.say("/dekhenthuong")
    await lan.choose("Đề nghị khen thưởng")
    await lan.choose(ABOVE)
    screen = await lan.choose("Tập thể: cơ quan hoặc một đơn vị")
    assert "Anh/chị đề nghị tập thể nào?" in screen
    assert lan.menu.choices[0].label == f"Cơ quan: {SCHOOL}" and PDT in [c.label for c in lan.menu.choices]
    screen = await lan.choose("Cơ quan")
    assert f"tóm tắt thành tích của tập thể {SCHOOL}" in screen
    screen = await lan.say(SUMMARY)
    assert f"• Đề nghị: tập thể {SCHOOL}\n" in screen and f"• Thành tích: {SUMMARY}" in screen
    screen = await lan.choose("Có")
    assert f"Đã ghi đề nghị tặng {ABOVE} (2026) cho tập thể {SCHOOL}." in screen
    [stored] = await proposals(app)
    assert (stored.unit_id, stored.person_id) == (None, None)

    # The letter's list and the council's minutes name it among the collectives; the shell's list too.
    cli = Cli(tmp_path, db_path)
    letter = tmp_path / "letter.docx"
    ok(cli("award", "dossier", "--year", "2026", "--form", "giay-khen-giam-doc-so", str(letter)))
    text, tables = _docx(letter)
    assert "kính đề nghị Giám đốc Sở xem xét, tặng" in text and "cho 1 tập thể" in text
    assert [f"Tập thể {SCHOOL}", "", SCHOOL, SUMMARY] in [row[1:] for row in tables[1]]
    ok(cli("award", "minutes", "--year", "2026", "--docx", str(tmp_path / "minutes.docx")))
    text, tables = _docx(tmp_path / "minutes.docx")
    assert f"1. {ABOVE} (1 tập thể)" in text
    assert ["1", f"Tập thể {SCHOOL}", "", SCHOOL, "………/………"] in tables[1]
    listing = ok(cli("award", "list", "--year", "2026"))
    assert f"#{stored.id}  Tập thể {SCHOOL}  (người đề nghị: Lê Thị Lan)" in listing

    # Its achievement report: the school's own registration and result, the school's year's figures.
    screen = await lan.choose("Danh sách đề nghị năm 2026")
    assert f"• tập thể {SCHOOL} — {ABOVE}; người đề nghị: Lê Thị Lan" in screen
    screen = await lan.choose(f"Báo cáo thành tích (Word): tập thể {SCHOOL}")
    assert f"Dự thảo báo cáo thành tích (Word) của tập thể {SCHOOL}" in screen
    [handed] = lan.channel.transport.documents("lan")
    assert handed.document is not None
    text, tables = _docx(app.settings.media_dir / handed.document.path)
    for expected in (
        f"- Cơ quan: {SCHOOL}",
        "Cơ quan đăng ký giao ước thi đua tập thể ngày 22/11/2026.",
        f"Đề nghị Giám đốc Sở tặng {ABOVE} năm 2026 cho tập thể {SCHOOL}.",
        "Tóm tắt thành tích trong đề nghị:",
        SUMMARY,
    ):
        assert expected in text, expected
    assert tables[0][0][0].startswith(SCHOOL.upper()) and "Số: …………/BC" in tables[0][0][0]
    assert tables[1][1:] == [["1", REPORTS, "—", "đã thực hiện", "—"], ["2", POLICY, "2", "0", "0%"]]
    rows = [row for table in tables for row in table]
    assert ["1", "22/11/2026", REPORTS, "đã thực hiện", DONE] in rows  # its result, listed
    assert "THỦ TRƯỞNG CƠ QUAN" in tables[-1][0][1]
    async with app.sessionmaker() as session:  # the figures are the school's year's report's, not a unit's
        head = await session.scalar(select(Person).where(Person.full_name == "Lê Thị Lan"))
        assert head is not None
        school = await year_report(
            session, head.org_id, 2026, today=NOW.date(), actor=await actor_for(session, head)
        )
    write_year_report(school, tmp_path / "year.docx")
    _year_text, year_tables = _docx(tmp_path / "year.docx")
    assert year_tables[1] in tables  # the criteria, the school's own items with the units' and people's

    # Withdrawn from the list: kept, marked; no report any more.
    await lan.choose(f"Rút: tập thể {SCHOOL}")
    screen = await lan.choose("Có")
    assert f"• tập thể {SCHOOL} — {ABOVE}; người đề nghị: Lê Thị Lan (đã rút)" in screen
    assert not any(SCHOOL in choice.label for choice in lan.menu.choices)
    [stored] = await proposals(app)
    assert stored.withdrawn_at is not None


async def test_a_unit_leader_is_not_offered_the_organisation(
    app: App, invites: DemoInvites, make_person
) -> None:
    tu = make_person("tu")
    await join(tu, invites.leader, "Phạm Văn Tú")
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(ABOVE)
    assert "Chính đơn vị (tập thể)" in [choice.label for choice in tu.menu.choices]
    screen = await tu.choose("Chính đơn vị")  # their unit, nothing to choose: straight to the summary
    assert f"tóm tắt thành tích của tập thể {PDT}" in screen


# --- a department: the "Giám đốc Sở" is its own head -------------------------------------------------------


def test_an_award_named_after_the_organisations_own_head_is_conferred_within() -> None:
    """The shipped plan names the Director's Giấy khen “Giám đốc Sở” without saying who confers it: for a
    school under the department it is conferred above; for the department whose head the office set as
    “Giám đốc”, it is the head's own (decision 0061)."""
    form = AwardForm(title=ABOVE, conferred_by="Giám đốc Sở", within_organisation=None)
    department = Organisation(name="Sở Thông tin và Truyền thông tỉnh Bắc Kạn", head_title="Giám đốc")
    untitled = Organisation(name="Sở Thông tin và Truyền thông tỉnh Bắc Kạn", head_title=None)
    school = Organisation(name=SCHOOL, head_title="Hiệu trưởng")
    hospital = Organisation(name="Bệnh viện Đa khoa tỉnh Hà Tĩnh", head_title="Giám đốc")
    sodium = Organisation(name="Sơn Động Co.", head_title="Giám đốc")  # not “Sở …”: the accents tell
    assert conferred_within(form, department) is True
    assert [conferred_within(form, o) for o in (untitled, school, hospital, sodium, None)] == [False] * 5
    said = AwardForm(title=ABOVE, conferred_by="Giám đốc Sở", within_organisation=False)  # the plan decides
    assert conferred_within(said, department) is False
    province = AwardForm(
        title="Bằng khen", conferred_by="Chủ tịch Ủy ban nhân dân tỉnh", within_organisation=None
    )
    commune = Organisation(name="Ủy ban nhân dân xã Nà Phặc", head_title="Chủ tịch")
    assert conferred_within(province, commune) is False


@on_text_only
async def test_a_departments_leader_is_offered_its_directors_giay_khen_once(
    app: App, invites: DemoInvites, make_person
) -> None:
    """With its signer set as the guide asks (“Giám đốc”), a department's head is the “Giám đốc Sở” (0061):
    the plan's head's Giấy khen, read as “Giấy khen của Giám đốc”, is the same award, and offered beside it
    split a year's proposals over two letters to one Director (decision 1750). Offered once, by the plan's
    name."""
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation))).one()
        org.name, org.head_title = "Sở Lao động - Thương binh và Xã hội tỉnh Khánh Hòa", "Giám đốc"
    tu = make_person("tu")
    await join(tu, invites.leader, "Phạm Văn Tú")
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")

    offered = [choice.label for choice in tu.menu.choices]
    assert offered == [ABOVE, "Bằng khen của Chủ tịch UBND tỉnh", "Quay lại"]
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, ids["Phạm Văn Tú"]))
        with pytest.raises(ProposalError) as refused:  # nor taken when typed past the menu
            await propose_award(
                session, actor, form_id=ids[YEARLY], year=2026, unit_id=ids["PDT"], person_id=None,
                summary=SUMMARY, now=NOW,
            )  # fmt: skip
    assert refused.value.reason == "form" and await proposals(app) == []


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_the_director_does_not_propose_the_department_for_his_own_giay_khen(app: App) -> None:
    """The department's Director, its head, is refused the department for the “Giấy khen của Giám đốc Sở”,
    and its letter goes from the awards council to him, addressed by his title."""
    await grant(app, HEAD, "leader")
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation))).one()
        org.name, org.head_title = "Sở Thông tin và Truyền thông tỉnh Bắc Kạn", "Giám đốc"
    assert await propose_school(app, HEAD) == "within"
    assert await proposals(app) == []

    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        head = await actor_for(session, await session.get_one(Person, ids[HEAD]))
        await propose_award(
            session,
            head,
            form_id=ids[ABOVE],
            year=2026,
            unit_id=ids["PDT"],
            person_id=None,
            summary="Tập thể lao động xuất sắc.",
            now=NOW,
        )
        dossier = await award_dossier(session, head, ids["org"], year=2026, form_code="giay-khen-giam-doc-so")
    assert dossier.within is True
