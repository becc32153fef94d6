"""A household proposed for an award (the household title “Hộ gia đình vượt khó vươn lên thoát nghèo”): its
achievement report opens its achievements with its standing in the commune's poverty review, year by year, and
the pledge to escape poverty it kept (docs/decisions/0110, “Later”); the leader proposing it sees the same in
one line, and so does the award list; a staff member's report and a household the review never recorded have
no such line; the household itself gets it in its own report, and so does the office that compiles the dossier
(an admin: decision 0111); a reader the review's rule does not let see the standing (a treasurer, who may have
the report for its amounts) gets the report without it; an officer of another hamlet gets neither, the
proposal's rules as they are. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document as read_docx
from sqlalchemy import select

from bot.achievement_doc import write_achievement_report
from bot.app import App
from bot.award_decision import write_decision
from bot.db.models import (
    AwardForm,
    AwardProposal,
    ChannelIdentity,
    Organisation,
    Person,
    RoleAssignment,
)
from bot.domain.access import Actor, Operator, actor_for
from bot.domain.achievement import AchievementError, achievement_report, review_years
from bot.domain.awards import award_decision, propose_award
from bot.domain.poverty import set_standing
from tests.support.clocks import NOW
from tests.test_poverty import _chat, commune, pledge_to_get_out  # noqa: F401  (the commune of three hamlets, a fixture)

FORM = "giay-khen-thu-truong"
YEARLY = "Giấy khen của Chủ tịch UBND xã"  # the plan's head's Giấy khen where households belong (0247)
QUE = "Hộ bà Mai Thị Quế"  # Thôn 2: poor in 2025, newly out in 2026, pledged to escape poverty in 2026
SON = "Hộ ông Đinh Văn Sơn"  # Thôn 2: never reviewed
STANDINGS = "năm 2025: hộ nghèo; năm 2026: hộ mới thoát nghèo"
IN_REPORT = f"Kết quả rà soát hộ nghèo, hộ cận nghèo qua các năm: {STANDINGS}."
KEPT = "Hộ đã tự nguyện đăng ký thoát nghèo năm 2026 và đã thoát nghèo theo kết quả rà soát năm 2026."
IN_CHAT = f"Rà soát hộ nghèo: {STANDINGS}; đã thoát nghèo như đăng ký (2026)"


async def _reviewed_and_pledged(app: App, world: dict[str, object]) -> dict[str, int]:
    """Quế poor in 2025 and newly out in 2026, having pledged for 2026; Sơn never reviewed; Quế's household
    in the chat (“que”); an admin of the whole commune. The ids of Quế, Sơn and the member (staff)."""
    households = world["households"]
    que, son = households[("Thôn 2", "Mai Thị Quế")], households[("Thôn 2", "Đinh Văn Sơn")]  # type: ignore[index]
    shell = Operator(world["org"].id)  # type: ignore[attr-defined]
    async with app.sessionmaker() as session, session.begin():
        await set_standing(session, shell, que, 2025, "poor", now=NOW)
        await set_standing(session, shell, que, 2026, "out", now=NOW)
        await pledge_to_get_out(session, world["campaign"].id, que)  # type: ignore[attr-defined]
        household = await session.get_one(Person, que)
        household.locale, household.consent_at = "vi", NOW
        session.add(ChannelIdentity(channel="console", external_id="que", person_id=que, created_at=NOW))
        admin = world["staff"]["officer"]  # type: ignore[index]
        session.add(RoleAssignment(person_id=admin.id, role="admin", org_id=admin.org_id, granted_at=NOW))
    return {"que": que, "son": son, "member": world["staff"]["member"].id}  # type: ignore[index]


async def _propose(app: App, world: dict[str, object], person_id: int) -> int:
    """Thôn 2's leader proposes `person_id` for the yearly Giấy khen of 2026."""
    async with app.sessionmaker() as session, session.begin():
        leader = await actor_for(session, await session.get_one(Person, world["staff"]["leader2"].id))  # type: ignore[index]
        form = await session.scalar(select(AwardForm.id).where(AwardForm.code == "giay-khen-thu-truong"))
        proposal = await propose_award(
            session,
            leader,
            form_id=form,
            year=2026,
            unit_id=world["units"]["Thôn 2"].id,  # type: ignore[index]
            person_id=person_id,
            summary="Vượt khó thoát nghèo, giúp 2 hộ trong thôn.",
            now=NOW,
        )
        return proposal.id


async def _report_text(app: App, actor: Actor | Operator, proposal_id: int, path: Path) -> str:
    """The report's text as the .docx reads: its paragraphs and its tables' cells."""
    async with app.sessionmaker() as session:
        report = await achievement_report(session, actor, proposal_id, today=date(2026, 12, 1))
    write_achievement_report(report, path, media_dir=app.settings.media_dir, on=date(2026, 12, 1))
    document = read_docx(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


async def _take_away(app: App, person_id: int, role: str) -> None:
    async with app.sessionmaker() as session, session.begin():
        granted = await session.scalar(
            select(RoleAssignment).where(RoleAssignment.person_id == person_id, RoleAssignment.role == role)
        )
        await session.delete(granted)


async def _actor(app: App, person_id: int) -> Actor:
    async with app.sessionmaker() as session:
        actor = await actor_for(session, await session.get_one(Person, person_id))
    assert actor is not None
    return actor


async def test_a_households_report_says_how_it_stood_each_year_and_that_it_kept_its_pledge(
    any_app: App,
    commune: dict[str, object],  # noqa: F811
    tmp_path: Path,
) -> None:
    ids = await _reviewed_and_pledged(any_app, commune)
    proposal = await _propose(any_app, commune, ids["que"])
    officer = await _actor(any_app, commune["staff"]["officer"].id)  # type: ignore[index]
    text = await _report_text(any_app, officer, proposal, tmp_path / "que.docx")
    paragraphs = text.split("\n")
    # Opening the achievements, before the registration: the heart of a household's report.
    start = paragraphs.index("II. THÀNH TÍCH ĐẠT ĐƯỢC")
    assert paragraphs[start + 1 : start + 4] == [IN_REPORT, KEPT, "1. Đăng ký thi đua năm 2026"]

    # A household the review never recorded, and a staff member: no such line.
    for person, name in ((ids["son"], "son"), (ids["member"], "member")):
        proposed = await _propose(any_app, commune, person)
        other = await _report_text(any_app, officer, proposed, tmp_path / f"{name}.docx")
        assert "rà soát hộ nghèo" not in other.casefold() and "thoát nghèo theo" not in other

    # The office that compiles the dossier, an admin of the commune, gets the standing in the report it
    # files (decision 0111); a treasurer, who may have the report for its amounts, gets it without (0110).
    admin = await _actor(any_app, commune["staff"]["officer"].id)  # type: ignore[index]
    await _take_away(any_app, admin.person_id, "officer")
    admin = await _actor(any_app, admin.person_id)
    text = await _report_text(any_app, admin, proposal, tmp_path / "admin.docx")
    assert "- Tên hộ: Hộ bà Mai Thị Quế" in text and IN_REPORT in text and KEPT in text
    await _take_away(any_app, admin.person_id, "admin")
    async with any_app.sessionmaker() as session, session.begin():
        session.add(
            RoleAssignment(person_id=admin.person_id, role="treasurer", org_id=admin.org_id, granted_at=NOW)
        )
    treasurer = await _actor(any_app, admin.person_id)
    text = await _report_text(any_app, treasurer, proposal, tmp_path / "treasurer.docx")
    assert "- Tên hộ: Hộ bà Mai Thị Quế" in text and STANDINGS not in text and KEPT not in text

    # The officer of another hamlet: no report at all (the report's rule, as it was).
    hamlet1 = await _actor(any_app, commune["staff"]["hamlet1"].id)  # type: ignore[index]
    async with any_app.sessionmaker() as session:
        with pytest.raises(AchievementError) as refused:
            await achievement_report(session, hamlet1, proposal, today=date(2026, 12, 1))
    assert refused.value.reason == "not_allowed"


@pytest.mark.sqlite_only
async def test_the_household_itself_gets_its_standing_in_its_own_report_by_thanhtich(
    any_app: App,
    commune: dict[str, object],  # noqa: F811
) -> None:
    ids = await _reviewed_and_pledged(any_app, commune)
    await _propose(any_app, commune, ids["que"])
    household = _chat(any_app, "que")
    screen = await household.say("/thanhtich")
    assert "Dự thảo báo cáo thành tích (Word) của Hộ bà Mai Thị Quế" in screen
    [sent] = household.channel.transport.documents("que")
    assert sent.document is not None
    document = read_docx(str(any_app.settings.media_dir / sent.document.path))
    paragraphs = [p.text for p in document.paragraphs]
    assert IN_REPORT in paragraphs and KEPT in paragraphs


async def test_the_leader_proposing_a_household_and_the_award_list_show_its_standing_in_one_line(
    any_app: App,
    commune: dict[str, object],  # noqa: F811
) -> None:
    ids = await _reviewed_and_pledged(any_app, commune)
    leader = _chat(any_app, "leader2")
    await leader.say("/dekhenthuong")
    await leader.choose("Đề nghị khen thưởng")
    await leader.choose(YEARLY)
    await leader.choose("cá nhân trong")  # a household on its list: the commune's words, “trong thôn”
    await leader.say("mai thi que")
    screen = await leader.say("Vượt khó thoát nghèo, giúp 2 hộ trong thôn.")
    assert f"• Đề nghị: {QUE} (Thôn 2)\n• {IN_CHAT}\n• Thành tích:" in screen
    await leader.choose("Có")
    await _propose(any_app, commune, ids["son"])  # never reviewed: no line

    screen = await leader.choose("Danh sách đề nghị năm 2026")
    assert f"{QUE} (Thôn 2) — {YEARLY}; người đề nghị: Trưởng thôn 2\n   {IN_CHAT}\n• {SON}" in screen
    assert screen.count("Rà soát hộ nghèo") == 1

    # The commune's officer (the awards council's office) sees the same; the officer of Thôn 1 proposes
    # nobody and reads no standing of Thôn 2 (the proposal's rules as they are).
    officer = _chat(any_app, "officer")
    await officer.say("/dekhenthuong")
    assert IN_CHAT in await officer.choose("Danh sách đề nghị năm 2026")
    hamlet1 = _chat(any_app, "hamlet1")
    screen = await hamlet1.say("/dekhenthuong")
    assert "Đề nghị khen thưởng" not in screen and "Rà soát hộ nghèo" not in screen
    async with any_app.sessionmaker() as session:
        assert len(list(await session.scalars(select(AwardProposal)))) == 2


async def test_a_review_awards_report_covers_the_period_from_the_year_before_it(
    any_app: App,
    commune: dict[str, object],  # noqa: F811
) -> None:
    async with any_app.sessionmaker() as session:
        forms = {form.occasion: form for form in await session.scalars(select(AwardForm))}
    campaign = commune["campaign"]
    assert review_years(forms["yearly"], campaign, 2026) == [2025, 2026]  # type: ignore[arg-type]
    assert review_years(forms["final_review"], campaign, 2030) == [2025, 2026, 2027, 2028, 2029, 2030]  # type: ignore[arg-type]


@pytest.mark.sqlite_only
async def test_a_communes_draft_decision_is_its_chairmans_as_the_letter_proposing_it_says(
    any_app: App,
    commune: dict[str, object],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The commune set no head's title: its council's letter proposes to “Chủ tịch UBND xã” and names the
    award his (decision 0247). The draft decision he signs was issued by “THỦ TRƯỞNG CƠ QUAN UBND XÃ THỬ”
    and signed so: his clerk retyped both before he would sign."""
    ids = await _reviewed_and_pledged(any_app, commune)
    await _propose(any_app, commune, ids["que"])
    async with any_app.sessionmaker() as session:
        draft = await award_decision(session, None, commune["org"].id, year=2026, form_code=FORM)  # type: ignore[attr-defined]
    write_decision(draft, tmp_path / "qd.docx", locale="vi", on=date(2026, 12, 14))
    document = read_docx(str(tmp_path / "qd.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    signature = document.tables[1].rows[0].cells[1].text
    assert "Về việc tặng Giấy khen của Chủ tịch UBND xã năm 2026" in text
    assert "\nCHỦ TỊCH UBND XÃ THỬ\n" in text and signature.startswith("CHỦ TỊCH\n")
    assert "THỦ TRƯỞNG CƠ QUAN" not in text + signature


async def _decision_text(app: App, world: dict[str, object], path: Path, **org: str) -> tuple[str, str]:
    """The draft decision of the head's Giấy khen for Hộ bà Quế, the organisation first renamed or given a
    signer (`org`): its text and its signature's cell, as the chairman reads them in Word."""
    ids = await _reviewed_and_pledged(app, world)
    await _propose(app, world, ids["que"])
    async with app.sessionmaker() as session, session.begin():
        organisation = await session.get_one(Organisation, world["org"].id)  # type: ignore[attr-defined]
        for field, value in org.items():
            setattr(organisation, field, value)
    async with app.sessionmaker() as session:
        draft = await award_decision(session, None, world["org"].id, year=2026, form_code=FORM)  # type: ignore[attr-defined]
    write_decision(draft, path, locale="vi", on=date(2026, 12, 14))
    document = read_docx(str(path))
    return "\n".join(p.text for p in document.paragraphs), document.tables[1].rows[0].cells[1].text


async def test_a_wards_decision_names_its_chairman_as_a_wards(
    any_app: App,
    commune: dict[str, object],  # noqa: F811
    tmp_path: Path,
) -> None:
    """A ward (phường) that set no head's title: the decision its chairman issues, “CHỦ TỊCH UBND PHƯỜNG
    …”, awarded “Giấy khen của Chủ tịch UBND xã”, a commune's chairman it does not have."""
    text, signature = await _decision_text(any_app, commune, tmp_path / "qd.docx", name="UBND phường Thử")
    assert "\nCHỦ TỊCH UBND PHƯỜNG THỬ\n" in text and signature.startswith("CHỦ TỊCH\n")
    assert "Về việc tặng Giấy khen của Chủ tịch UBND phường năm 2026" in text
    assert "UBND xã" not in text


async def test_a_decision_a_vice_chairman_signs_is_issued_by_the_chairman(
    any_app: App,
    commune: dict[str, object],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The commune's office set its signer as the vice-chairman signing for the chairman (“KT. Chủ tịch”,
    “Phó Chủ tịch”): the decision is still the chairman's (“CHỦ TỊCH UBND XÃ THỬ”, his Giấy khen), signed
    “KT. CHỦ TỊCH / PHÓ CHỦ TỊCH” as Decree 30/2020 lays out a paper signed for the head."""
    text, signature = await _decision_text(
        any_app, commune, tmp_path / "qd.docx", head_title="Phó Chủ tịch", signs_for="KT. Chủ tịch"
    )
    assert "\nCHỦ TỊCH UBND XÃ THỬ\n" in text and "PHÓ CHỦ TỊCH UBND" not in text
    assert "Về việc tặng Giấy khen của Chủ tịch năm 2026" in text and "Phó Chủ tịch" not in text
    assert signature.startswith("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n")
