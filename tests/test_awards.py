"""Award proposals (“Đề nghị khen thưởng”, /dekhenthuong): a unit's leader proposes a person of the unit
(found without accents) or the unit itself for an award of the campaign year, with a summary they type and
see once more; the same nominee twice is refused, naming who proposed them; a proposal withdrawn stays,
marked; a member or another unit's leader is refused by the domain itself; the office gets every proposal as
a list and the dossier's letter with its list as a Word draft (`chungtay award …`, and in chat)."""

from __future__ import annotations

import unicodedata
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
    Organisation,
    Person,
    RoleAssignment,
    Unit,
)
from bot.demo import DEMO_ORG, DEMO_PLAN, DemoInvites
from bot.domain.access import actor_for
from bot.domain.awards import ProposalError, forms_for_year, propose_award, signs_it, withdraw_proposal
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.plans import install_plan, load_plan
from bot.text import fold
from tests.support.clocks import NOW
from tests.support.joins import joined
from tests.support.profiles import on_buttons, on_text_only
from tests.test_cli import ENGLISH, Cli, ok

YEARLY = "Giấy khen của Thủ trưởng đơn vị"
FINAL = "Bằng khen của Thủ tướng Chính phủ"  # proposed only in the final review's year, 2030
PROVINCE = "Bằng khen của Chủ tịch UBND tỉnh"  # any year: for outstanding achievements (plan 004, IV.2)
MAI, LAN = "Trần Thị Mai", "Nguyễn Thị Lan"  # the demo's staff of Phòng Đào tạo and of Khoa Công nghệ
PDT = "Phòng Đào tạo – Hành chính – Kế toán"
SUMMARY = "Mỗi tháng 2 ngày công giúp hộ nghèo thôn 3; vận động quà Tết cho 12 hộ."
NOT_ALWAYS = "Không phải lúc nào cũng có mặt, nhưng mỗi tháng 2 ngày công giúp hộ nghèo thôn 3."


async def grant(app: App, name: str, role: str, unit: str | None = None) -> None:
    """`role` to the person called `name`, for the unit with code `unit` (None: the whole organisation)."""
    async with app.sessionmaker() as session, session.begin():
        person = (await session.scalars(select(Person).where(Person.full_name == name))).one()
        unit_id = await session.scalar(select(Unit.id).where(Unit.code == unit)) if unit else None
        session.add(
            RoleAssignment(
                person_id=person.id, role=role, org_id=person.org_id, unit_id=unit_id, granted_at=NOW
            )
        )


async def propose_mai(leader) -> str:  # type: ignore[no-untyped-def]
    """The leader of Phòng Đào tạo proposes Trần Thị Mai for the yearly Giấy khen, up to the last look."""
    await leader.say("/dekhenthuong")
    await leader.choose("Đề nghị khen thưởng")
    await leader.choose(YEARLY)
    await leader.choose("Cá nhân trong đơn vị")
    if "Đã tìm thấy" not in await leader.say("tran thi mai"):  # namesakes (one joined, one listed): listed
        await leader.choose(MAI)
    return await leader.say(SUMMARY)


async def proposals(app: App) -> list[AwardProposal]:
    async with app.sessionmaker() as session:
        return list(await session.scalars(select(AwardProposal).order_by(AwardProposal.id)))


async def test_a_unit_leader_proposes_a_person_and_the_unit_and_sees_no_amounts(
    app: App, invites: DemoInvites, make_person
) -> None:
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    async with app.sessionmaker() as session, session.begin():  # Mai gave 500k: not for a leader's eyes
        mai = (await session.scalars(select(Person).where(Person.full_name == MAI))).one()
        await record_contribution(
            session, person=mai, recorded_by=mai, entry=NewContribution("money", 500_000), now=NOW
        )
    screens = [await tu.say("/menu")]
    assert any(choice.label == "Khen thưởng" for choice in tu.menu.choices)
    screens.append(await tu.choose("Khen thưởng"))
    screens.append(await tu.choose("Đề nghị khen thưởng"))
    labels = [choice.label for choice in tu.menu.choices]
    assert YEARLY in labels and FINAL not in labels  # 2026 is no review year
    await tu.choose(YEARLY)
    screens.append(await tu.say("TRAN thi mai"))  # typed where whom is asked, the name whole: taken at once
    assert f"Đã tìm thấy: {MAI} ({PDT})." in screens[-1] and "Chọn người khác" in screens[-1]
    assert "tóm tắt thành tích của Trần Thị Mai" in screens[-1]
    screens.append(await tu.say("không phải"))  # the wrong one: the name asked again
    assert "Anh/chị đề nghị ai?" in screens[-1]
    screens.append(await tu.say("tran thi"))  # a part of the name: listed to choose, as before
    assert f"{MAI} ({PDT})" in screens[-1] and "Đã tìm thấy" not in screens[-1]
    screens.append(await tu.choose(MAI))
    assert "tóm tắt thành tích của Trần Thị Mai" in screens[-1] and "tối đa 1000 ký tự" in screens[-1]
    assert "Chọn người khác" not in screens[-1]
    await tu.choose("Quay lại")
    screens.append(await tu.choose("Cá nhân trong đơn vị"))
    screens.append(await tu.say("TRAN thi mai"))  # no accents, any case, the name whole: taken at once (0257)
    assert f"Đã tìm thấy: {MAI} ({PDT})." in screens[-1] and "Chọn người khác" in screens[-1]
    screens.append(await tu.say(NOT_ALWAYS))  # begins “Không phải”: the achievements, not another person
    assert f"• Đề nghị: {MAI} ({PDT})" in screens[-1] and f"• Thành tích: {NOT_ALWAYS}" in screens[-1]
    screens.append(await tu.choose("Có"))
    assert f"Đã ghi đề nghị tặng {YEARLY} (2026) cho {MAI}." in screens[-1]

    screens.append(await tu.choose("Đề nghị khen thưởng"))  # and the unit itself: no unit to choose
    await tu.choose(YEARLY)
    screens.append(await tu.choose("Chính đơn vị"))
    assert f"tóm tắt thành tích của tập thể {PDT}" in screens[-1]
    screens.append(await tu.say("Đơn vị dẫn đầu phong trào năm 2026."))
    assert f"• Đề nghị: tập thể {PDT}\n" in screens[-1]  # the unit named once
    screens.append(await tu.choose("Có"))
    assert f"cho tập thể {PDT}." in screens[-1]
    screens.append(await tu.choose("Danh sách đề nghị năm 2026"))
    assert f"• {MAI} ({PDT}) — {YEARLY}" in screens[-1]
    assert f"• tập thể {PDT} — {YEARLY}; người đề nghị: Phạm Văn Tú" in screens[-1]
    await tu.choose("Quay lại")
    assert not any("500.000" in screen for screen in screens)
    helped = await tu.say("/trogiup")
    assert "• /dekhenthuong: đề nghị khen thưởng cá nhân hoặc tập thể đơn vị mình." in helped

    [person, unit] = await proposals(app)
    assert (person.summary, person.year, person.withdrawn_at, unit.person_id) == (
        NOT_ALWAYS,
        2026,
        None,
        None,
    )
    async with app.sessionmaker() as session:
        audited = list(await session.scalars(select(AuditLog).where(AuditLog.action == "award.propose")))
    assert [(row.entity_id, row.details["collective"]) for row in audited] == [
        (person.id, False),
        (unit.id, True),
    ]


async def test_the_same_person_twice_is_refused_naming_who_proposed_and_a_withdrawn_one_is_kept(
    app: App, invites: DemoInvites, make_person
) -> None:
    tu, hieu = make_person("tu"), make_person("hieu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(hieu, invites.member, "Đỗ Minh Hiếu")
    await grant(app, "Đỗ Minh Hiếu", "leader")  # the school's head: a leader of every unit
    await propose_mai(tu)
    await tu.choose("Có")

    await hieu.say("/dekhenthuong")
    await hieu.choose("Đề nghị khen thưởng")
    await hieu.choose(YEARLY)
    await hieu.choose("Cá nhân trong đơn vị")
    await hieu.say("mai")
    screen = await hieu.choose(MAI)
    assert f"{MAI} đã được đề nghị tặng {YEARLY} năm 2026 (người đề nghị: Phạm Văn Tú)." in screen
    assert len(await proposals(app)) == 1

    await tu.say("/dekhenthuong")
    screen = await tu.choose("Danh sách đề nghị năm 2026")
    assert f"• {MAI} ({PDT}) — {YEARLY}; người đề nghị: Phạm Văn Tú" in screen
    screen = await tu.choose(f"Rút: {MAI}")
    assert "Anh/chị rút đề nghị" in screen
    screen = await tu.choose("Có")
    assert "Đã rút đề nghị." in screen and "người đề nghị: Phạm Văn Tú (đã rút)" in screen
    assert not any(choice.label.startswith("Rút:") for choice in tu.menu.choices)

    await propose_mai(hieu)  # withdrawn: she may be proposed again
    assert f"cho {MAI}." in await hieu.choose("Có")
    first, second = await proposals(app)
    assert first.withdrawn_at is not None and second.withdrawn_at is None and second.summary == SUMMARY
    async with app.sessionmaker() as session:
        withdrawn = (await session.scalars(select(AuditLog).where(AuditLog.action == "award.withdraw"))).one()
        tu_id = await session.scalar(select(Person.id).where(Person.full_name == "Phạm Văn Tú"))
    assert (withdrawn.entity_id, withdrawn.actor_id, first.withdrawn_by) == (first.id, tu_id, tu_id)


@on_text_only
async def test_a_member_is_not_offered_awards_and_the_command_refuses(app: App, hoa) -> None:
    await hoa.say("/menu")
    assert not any(choice.label == "Khen thưởng" for choice in hoa.menu.choices)
    assert "Chỉ lãnh đạo đơn vị mới đề nghị khen thưởng" in await hoa.say("/dekhenthuong")
    assert "/dekhenthuong" not in await hoa.say("/trogiup")


@on_text_only
async def test_the_search_finds_only_people_of_the_units_the_leader_leads(
    app: App, invites: DemoInvites, make_person
) -> None:
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    # A name typed before choosing “a person”, as the next question's example is: her (it was “vui lòng
    # chọn một mục”), the one match named whole taken at once (0257); one he may not propose is no option.
    screen = await tu.say("tran thi mai")
    assert f"Đã tìm thấy: {MAI} ({PDT})." in screen and "chọn một mục" not in screen
    assert MAI in await tu.say(SUMMARY)  # on to the proposal's last look, as from the name's own question
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    assert "chọn một mục" in await tu.say("nguyen thi lan")
    await tu.choose("Cá nhân trong đơn vị")
    screen = await tu.say("nguyen thi lan")  # of Khoa Công nghệ
    assert "Trong các đơn vị anh/chị phụ trách không ai có “nguyen thi lan” trong tên" in screen
    screen = await tu.say("pham van tu")  # himself: told why, not that nobody has the name
    assert "Lãnh đạo không tự đề nghị khen thưởng cho mình: việc này do cấp trên đề nghị." in screen
    assert "không ai có" not in screen and "Anh/chị đề nghị ai?" in screen


async def _world(app: App) -> dict[str, int]:
    """Ids of the demo's organisation, units and staff, and of the yearly and the final review's forms."""
    async with app.sessionmaker() as session:
        org = (await session.scalars(select(Organisation).where(Organisation.code == DEMO_ORG))).one()
        ids = {"org": org.id}
        for unit in await session.scalars(select(Unit).where(Unit.org_id == org.id)):
            ids[unit.code] = unit.id
        for person in await session.scalars(select(Person).where(Person.org_id == org.id)):
            ids[person.full_name] = person.id
        for form in await session.scalars(select(AwardForm)):
            ids[form.title] = form.id
    return ids


async def propose_namesake(app: App, proposer: str, unit: str) -> AwardProposal:
    """A colleague named like Trần Thị Mai, of the unit `unit` (a key of `_world`), proposed by `proposer`
    for the yearly Giấy khen: two people of one name standing proposed."""
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        leader = await actor_for(session, await session.get_one(Person, ids[proposer]))
        namesake = Person(
            org_id=ids["org"], unit_id=ids[unit], full_name=MAI, name_key=fold(MAI), created_at=NOW
        )
        session.add(namesake)
        await session.flush()
        return await propose_award(
            session, leader, form_id=ids[YEARLY], year=2026, unit_id=ids[unit], person_id=namesake.id,
            summary=SUMMARY, now=NOW,
        )  # fmt: skip


async def test_an_empty_list_of_proposals_leads_the_leader_to_propose(
    app: App, invites: DemoInvites, make_person
) -> None:
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await tu.say("/dekhenthuong")
    screen = await tu.choose("Danh sách đề nghị năm 2026")
    assert "Chưa có đề nghị khen thưởng nào cho năm 2026." in screen
    screen = await tu.choose("Đề nghị khen thưởng")  # from the empty list, straight to the work
    assert YEARLY in [choice.label for choice in tu.menu.choices], screen


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_the_domain_refuses_a_member_and_another_units_leader_on_sqlite_and_postgresql(
    any_app: App,
) -> None:
    await grant(any_app, LAN, "leader", "KCN")  # and a teacher leading Khoa Công nghệ
    ids = await _world(any_app)

    async def attempt(who: str, *, unit: str = "PDT", person: str | None = MAI, form: str = YEARLY) -> str:
        async with any_app.sessionmaker() as session, session.begin():
            actor = await actor_for(session, await session.get_one(Person, ids[who]))
            try:
                await propose_award(
                    session,
                    actor,
                    form_id=ids[form],
                    year=2026,
                    unit_id=ids[unit],
                    person_id=ids[person] if person else None,
                    summary=unicodedata.normalize("NFD", SUMMARY),
                    now=NOW,
                )
            except ProposalError as refused:
                return refused.reason if refused.by is None else f"{refused.reason} by {refused.by}"
        return "proposed"

    assert await attempt("Trần Thị Mai", person=None) == "not_allowed"  # a member (and treasurer)
    assert await attempt(LAN) == "not_allowed"  # the leader of another unit
    assert await attempt(LAN, person=None) == "not_allowed"
    assert await attempt("Phạm Minh Tuấn", form=FINAL) == "form"  # not in 2026
    assert await attempt("Phạm Minh Tuấn", person="Phạm Minh Tuấn") == "nominee"  # never themself
    assert await attempt("Phạm Minh Tuấn") == "proposed"
    assert await attempt("Phạm Minh Tuấn") == "duplicate by Phạm Minh Tuấn"
    [proposal] = await proposals(any_app)
    assert proposal.summary == SUMMARY  # typed decomposed, stored NFC

    async with any_app.sessionmaker() as session, session.begin():
        lan = await actor_for(session, await session.get_one(Person, ids[LAN]))
        with pytest.raises(ProposalError, match="not_allowed"):
            await withdraw_proposal(session, lan, proposal.id, now=NOW)
    async with any_app.sessionmaker() as session:
        refusals = list(await session.scalars(select(AuditLog).where(AuditLog.action == "award.refused")))
    assert [row.details["attempted"] for row in refusals] == ["propose", "propose", "propose", "withdraw"]
    assert (await proposals(any_app))[0].withdrawn_at is None


async def test_review_awards_are_offered_only_in_the_reviews_year(app: App, invites: DemoInvites) -> None:
    async with app.sessionmaker() as session:
        campaign = (await session.scalars(select(Campaign))).one()
        offered = {
            year: [f.title for f in await forms_for_year(session, campaign, year)] for year in (2026, 2030)
        }
    assert FINAL not in offered[2026] and YEARLY in offered[2026]
    assert PROVINCE in offered[2026] and PROVINCE in offered[2030]  # outstanding achievements, any year
    assert FINAL in offered[2030] and YEARLY in offered[2030]


def _docx_text(path: Path) -> str:
    document = read_docx(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


async def _propose_three_and_withdraw_one(app: App) -> None:
    """Mai and the unit proposed by Phòng Đào tạo's head; Lan by the school's head, then withdrawn."""
    await grant(app, "Lê Văn Hùng", "leader")
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        hung = await actor_for(session, await session.get_one(Person, ids["Lê Văn Hùng"]))
        common = {"form_id": ids[YEARLY], "year": 2026, "now": NOW}
        await propose_award(session, tuan, unit_id=ids["PDT"], person_id=ids[MAI], summary=SUMMARY, **common)
        await propose_award(
            session, tuan, unit_id=ids["PDT"], person_id=None, summary="Tập thể lao động xuất sắc.", **common
        )
        lan = await propose_award(
            session, hung, unit_id=ids["KCN"], person_id=ids[LAN], summary="Giáo viên giỏi.", **common
        )
        await withdraw_proposal(session, hung, lan.id, now=NOW)


async def test_the_cli_lists_the_proposals_and_writes_the_dossier_without_the_withdrawn(
    app: App, invites: DemoInvites, tmp_path: Path, db_path: Path
) -> None:
    """The office's clerk reads the proposals, the letter written and what is refused in the chats' language:
    Vietnamese with nothing set (decision 1788); an office that chose English reads it as before."""
    await _propose_three_and_withdraw_one(app)
    cli = Cli(tmp_path, db_path)
    listing = ok(cli("award", "list", "--year", "2026"))
    assert listing.index(YEARLY) < listing.index("Khoa Công nghệ") < listing.index(PDT)  # by form, then unit
    assert f"{MAI}, Kế toán, thủ quỹ công đoàn  (người đề nghị: Phạm Minh Tuấn)" in listing
    assert f"{LAN}, Giáo viên  (người đề nghị: Lê Văn Hùng)  [đã rút]" in listing and SUMMARY in listing
    assert "Còn hiệu lực: 2, đã rút: 1." in listing and "proposed by" not in listing
    # The unit itself as the chat and the letter name it, once: not "PDT  collective: PDT".
    assert f"  Tập thể {PDT}  (người đề nghị: Phạm Minh Tuấn)" in listing and "collective" not in listing
    english = ok(Cli(tmp_path, db_path, settings=ENGLISH)("award", "list", "--year", "2026"))
    assert f"{LAN}, Giáo viên  (proposed by Lê Văn Hùng)  [withdrawn]" in english
    assert "2 standing, 1 withdrawn." in english
    assert ok(Cli(tmp_path, db_path)("award", "list", "--year", "2025")) == (
        "Chưa có đề nghị khen thưởng nào cho năm 2025.\n"
    )

    out = ok(
        cli("award", "dossier", "--year", "2026", "--form", "giay-khen-thu-truong", str(tmp_path / "tt.docx"))
    )
    assert out == (
        f"Đã ghi {tmp_path / 'tt.docx'}: {YEARLY} 2026, số cá nhân được đề nghị: 1, số tập thể: 1. "
        "Hãy điền số và địa danh, rồi ký.\n"
    )
    text = _docx_text(tmp_path / "tt.docx")
    for expected in (
        "TỜ TRÌNH",
        f"Về việc đề nghị tặng {YEARLY} năm 2026",
        "Số: …………/TTr-…",
        "Kính gửi: Thủ trưởng đơn vị",
        "Phong trào thi đua “Vì người nghèo",
        "cho 1 cá nhân và 1 tập thể",
        MAI,
        "Kế toán, thủ quỹ công đoàn",
        PDT,
        SUMMARY,
        f"Tập thể {PDT}",
        "Tập thể lao động xuất sắc.",
        "Hồ sơ kèm theo (01 bộ):",
        "□ Danh sách đề nghị khen thưởng (nêu trên)",
        "□ Biên bản họp Hội đồng Thi đua – Khen thưởng",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    assert LAN not in text and "Giáo viên giỏi." not in text
    assert "□ Tờ trình" not in text  # the letter is not its own attachment

    empty = cli(
        "award", "dossier", "--year", "2026", "--form", "giay-khen-giam-doc-so", str(tmp_path / "s.docx")
    )
    assert empty.returncode == 2 and empty.stdout == ""
    assert empty.stderr.strip().splitlines() == [
        "chungtay: chưa có ai được đề nghị 'giay-khen-giam-doc-so' năm 2026: chưa có tờ trình để viết "
        "(`award list` liệt kê các đề nghị)"
    ]
    assert not (tmp_path / "s.docx").exists()
    english = Cli(tmp_path, db_path, settings=ENGLISH)(
        "award", "dossier", "--year", "2026", "--form", "giay-khen-giam-doc-so", str(tmp_path / "s.docx")
    )
    assert english.stderr.strip().splitlines() == [
        "chungtay: nobody stands proposed for 'giay-khen-giam-doc-so' in 2026: no letter to write "
        "(`award list` shows the proposals)"
    ]

    refused = cli(
        "award", "dossier", "--year", "2026", "--form", "giay-khen-thu-truong", str(tmp_path / "tt.docx")
    )
    assert refused.returncode == 2 and "đã có: thêm --force để ghi đè" in refused.stderr
    refused = cli("award", "dossier", "--year", "2026", "--form", "nope", str(tmp_path / "other.docx"))
    assert refused.returncode == 2 and "không có hình thức khen thưởng 'nope'" in refused.stderr
    assert "ví dụ --form giay-khen-thu-truong" in refused.stderr


async def test_the_office_is_handed_the_dossier_in_chat_and_a_unit_leader_is_not_offered_it(
    app: App, invites: DemoInvites, make_person
) -> None:
    await _propose_three_and_withdraw_one(app)
    ha, tu = make_person("ha"), make_person("tu")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")  # the office of the awards council
    await joined(tu, invites.leader, "Phạm Văn Tú")

    await tu.say("/dekhenthuong")
    assert not any("Word" in choice.label for choice in tu.menu.choices)
    await ha.say("/dekhenthuong")
    assert not any(choice.label == "Đề nghị khen thưởng" for choice in ha.menu.choices)  # an admin compiles
    await ha.choose("Tờ trình và danh sách")
    assert [choice.label for choice in ha.menu.choices] == [f"{YEARLY} (2 đề nghị)", "Quay lại"]
    screen = await ha.choose(f"{YEARLY} (2 đề nghị)")
    assert f"{YEARLY} (2026): dự thảo tờ trình kèm danh sách (Word), 2 đề nghị." in screen
    [handed] = ha.channel.transport.documents("ha")
    assert handed.document is not None and handed.document.name == "to-trinh-giay-khen-thu-truong-2026.docx"
    assert handed.document.path.startswith("documents/")
    text = _docx_text(app.settings.media_dir / handed.document.path)
    assert MAI in text and SUMMARY in text and LAN not in text


@on_buttons
async def test_the_office_is_told_when_nobody_is_proposed_yet_instead_of_an_empty_letter(
    app: App, invites: DemoInvites, make_person
) -> None:
    ha = make_person("ha")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    await ha.say("/dekhenthuong")
    screen = await ha.choose("Tờ trình và danh sách")
    assert "Năm 2026 chưa có ai được đề nghị khen thưởng nên chưa có hồ sơ để lập." in screen
    assert "Khen thưởng năm 2026: anh/chị muốn làm gì?" in screen  # back to the awards' menu
    assert ha.channel.transport.documents("ha") == []


async def _letter(app: App, tmp_path: Path, db_path: Path, form: str) -> tuple[str, list[list[str]]]:
    """The dossier's letter of `form` for 2026 as the shell writes it: its text, and its closing's cells."""
    out = tmp_path / f"{form}.docx"
    ok(Cli(tmp_path, db_path)("award", "dossier", "--year", "2026", "--form", form, str(out), "--force"))
    document = read_docx(str(out))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    closing = [cell.text for cell in document.tables[-1].rows[0].cells]
    return "\n".join(p.text for p in document.paragraphs), [header, closing]


async def test_the_heads_own_award_is_proposed_by_the_council_and_one_above_is_sent_up_by_the_head(
    app: App, invites: DemoInvites, tmp_path: Path, db_path: Path
) -> None:
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        for form in (YEARLY, "Giấy khen của Giám đốc Sở"):
            await propose_award(
                session,
                tuan,
                form_id=ids[form],
                year=2026,
                unit_id=ids["PDT"],
                person_id=ids[MAI],
                summary=SUMMARY,
                now=NOW,
            )
    school = "TRƯỜNG TRUNG CẤP"

    # The head's own Giấy khen: from the school's awards council to the head, signed for the council.
    text, [header, closing] = await _letter(app, tmp_path, db_path, "giay-khen-thu-truong")
    assert header[0].startswith(school) and "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG\n" in header[0]
    assert "Kính gửi: Thủ trưởng đơn vị" in text
    assert ", Hội đồng Thi đua – Khen thưởng Trường Trung cấp" in text
    assert "kính đề nghị Thủ trưởng đơn vị xem xét, tặng" in text
    assert "TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG\nCHỦ TỊCH\n" in closing[1]
    assert "THỦ TRƯỞNG CƠ QUAN" not in closing[1]

    # The Director's: the school proposes, its head signs and sends it up.
    text, [header, closing] = await _letter(app, tmp_path, db_path, "giay-khen-giam-doc-so")
    assert header[0].startswith(school) and "HỘI ĐỒNG" not in header[0]
    assert "Kính gửi: Giám đốc Sở" in text and "kính đề nghị Giám đốc Sở xem xét, tặng" in text
    assert "Hội đồng Thi đua – Khen thưởng Trường" not in text
    assert closing[1].startswith("THỦ TRƯỞNG CƠ QUAN\n") and "TM." not in closing[1]

    # A school's head signs as its principal, once the office says so (decision 0056).
    out = ok(Cli(tmp_path, db_path)("org", "signer", "--title", "Hiệu trưởng"))
    assert out.endswith(": giấy tờ do Hiệu trưởng ký.\n") and "signed" not in out
    out = ok(Cli(tmp_path, db_path, settings=ENGLISH)("org", "signer"))
    assert out.endswith(": papers are signed by Hiệu trưởng.\n")
    text, [header, closing] = await _letter(app, tmp_path, db_path, "giay-khen-giam-doc-so")
    assert closing[1].startswith("HIỆU TRƯỞNG\n") and "THỦ TRƯỞNG" not in closing[1]
    text, [_header, council] = await _letter(app, tmp_path, db_path, "giay-khen-thu-truong")
    assert "TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG\nCHỦ TỊCH\n" in council[1]  # the council's chair, as before
    # ... and proposes the head's own award to the head by that title, not to a generic “Thủ trưởng đơn vị”.
    head = "Hiệu trưởng Trường Trung cấp nghề Chung Tay (dùng thử)"
    assert f"Kính gửi: {head}" in text and f"kính đề nghị {head} xem xét, tặng" in text
    assert "Kính gửi: Thủ trưởng đơn vị" not in text


async def test_a_plan_that_says_the_directors_award_is_its_own_heads_gets_the_councils_letter(
    app: App, invites: DemoInvites, tmp_path: Path, db_path: Path
) -> None:
    """A department whose own Giấy khen is the Director's says so with `within_organisation = true`: the
    wording alone ("Giám đốc Sở") would send the letter up, signed by the head."""
    text = DEMO_PLAN.read_text(encoding="utf-8").replace(
        'conferred_by = "Giám đốc Sở"\n', 'conferred_by = "Giám đốc Sở"\nwithin_organisation = true\n'
    )
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation).where(Organisation.code == DEMO_ORG))).one()
        await install_plan(session, org, load_plan(write_plan(tmp_path, text)), now=NOW)
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        await propose_award(
            session,
            tuan,
            form_id=ids["Giấy khen của Giám đốc Sở"],
            year=2026,
            unit_id=ids["PDT"],
            person_id=ids[MAI],
            summary=SUMMARY,
            now=NOW,
        )
    text, [header, closing] = await _letter(app, tmp_path, db_path, "giay-khen-giam-doc-so")
    assert "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG\n" in header[0] and "Kính gửi: Giám đốc Sở" in text
    assert (
        "Hội đồng Thi đua – Khen thưởng Trường" in text and "kính đề nghị Giám đốc Sở xem xét, tặng" in text
    )
    assert "TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG\nCHỦ TỊCH\n" in closing[1]


def write_plan(folder: Path, text: str) -> Path:
    path = folder / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_summary_typed_without_accents_is_asked_again_once_as_it_goes_into_the_papers_sent_up(
    app: App, invites: DemoInvites, make_person
) -> None:
    """The leader types on a phone without a Vietnamese keyboard; the summary would be printed word for word
    in the letter and the decision's list the level above reads. Asked again once; the same text again keeps
    it (a typist who cannot), and one with accents goes to the last look as typed."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await propose_mai(tu)
    await tu.choose("Không")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Cá nhân trong đơn vị")
    await tu.say("tran thi mai")
    screen = await tu.say("Hoan thanh xuat sac nhiem vu, ung ho quy 1,7 trieu")
    assert (
        "Nội dung này chưa có dấu mà sẽ được in nguyên văn vào tờ trình và danh sách kèm quyết định khen "
        "thưởng. Anh/chị vui lòng gõ lại có dấu, ví dụ: Hoàn thành xuất sắc nhiệm vụ; vận động 12 hộ nghèo."
    ) in screen
    assert "kiểm tra lại đề nghị" not in screen
    screen = await tu.say("Hoàn thành xuất sắc nhiệm vụ, ủng hộ quỹ 1,7 triệu")
    assert "• Thành tích: Hoàn thành xuất sắc nhiệm vụ, ủng hộ quỹ 1,7 triệu\n" in screen
    await tu.choose("Có")

    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Chính đơn vị")
    assert "chưa có dấu" in await tu.say("Tap the dan dau phong trao")
    screen = await tu.say("Tap the dan dau phong trao")  # the same again: kept as typed
    assert "• Thành tích: Tap the dan dau phong trao\n" in screen
    await tu.choose("Có")
    assert [p.summary for p in await proposals(app)] == [
        "Hoàn thành xuất sắc nhiệm vụ, ủng hộ quỹ 1,7 triệu",
        "Tap the dan dau phong trao",
    ]


async def test_a_leader_proposing_the_same_person_again_to_change_the_summary_is_shown_how(
    app: App, invites: DemoInvites, make_person
) -> None:
    """Tú wants to add a second initiative to Mai's summary and proposes her again: he is told how to change
    it (“Sửa: …” in the list, on the screen: decision 0210), and does so in place."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await propose_mai(tu)
    await tu.choose("Có")

    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Cá nhân trong đơn vị")
    await tu.say("mai")
    screen = await tu.choose(MAI)
    assert (
        f"{MAI} đã được đề nghị tặng {YEARLY} năm 2026 (người đề nghị: Phạm Văn Tú). Không thêm đề nghị "
        "mới.\nMuốn sửa hình thức hoặc thành tích: anh/chị chọn “Sửa” trong danh sách dưới đây."
    ) in screen
    assert f"• {MAI} ({PDT}) — {YEARLY}; người đề nghị: Phạm Văn Tú" in screen
    await tu.choose(f"Sửa: {MAI}")
    await tu.choose("Thành tích")
    await tu.say("Hai sáng kiến được công nhận cấp cơ sở.")
    assert "Đã lưu: đề nghị" in await tu.choose("Có")
    [only] = await proposals(app)
    assert only.withdrawn_at is None and only.summary == "Hai sáng kiến được công nhận cấp cơ sở."


async def test_the_head_is_not_proposed_for_the_award_he_signs_himself_but_a_deputy_is(
    app: App, invites: DemoInvites, make_person
) -> None:
    """A Giấy khen of the head is signed by the head: a proposal of the head for it is one nobody can sign.
    The head (the staff list's position is the head's title the office set) is proposed upward instead; a
    deputy (“Phó Hiệu trưởng”) may rightly receive it."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await grant(app, "Phạm Văn Tú", "leader")  # the deputy head, organisation-wide
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        (await session.get_one(Organisation, ids["org"])).head_title = "Hiệu trưởng"
        (await session.get_one(Person, ids["Lê Văn Hùng"])).position = "Hiệu trưởng"
        (await session.get_one(Person, ids[LAN])).position = "Phó Hiệu trưởng"
    own = "Giấy khen của Hiệu trưởng"

    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(own)
    screen = await tu.say("le van hung")
    assert (
        f"Lê Văn Hùng là Hiệu trưởng, người ký {own}: không ai tự ký khen thưởng cho chính mình. "
        "Anh/chị vui lòng đề nghị một hình thức khen thưởng của cấp trên, ví dụ Giấy khen của Giám đốc Sở. "
        "Chưa có gì được lưu." in screen
    ), screen
    assert await proposals(app) == []

    async def attempt(person: str, form: str) -> str:
        async with app.sessionmaker() as session, session.begin():
            actor = await actor_for(session, await session.get_one(Person, ids["Phạm Văn Tú"]))
            unit = (await session.get_one(Person, ids[person])).unit_id
            try:
                await propose_award(
                    session,
                    actor,
                    form_id=ids[form],
                    year=2026,
                    unit_id=unit,
                    person_id=ids[person],
                    summary=SUMMARY,
                    now=NOW,
                )
            except ProposalError as refused:
                return refused.reason
        return "proposed"

    assert await attempt("Lê Văn Hùng", YEARLY) == "head"
    assert await attempt("Lê Văn Hùng", PROVINCE) == "proposed"  # proposed upward
    assert await attempt(LAN, YEARLY) == "proposed"  # a deputy receives the head's Giấy khen

    # Mid-year the head moves to teaching and the deputy is made the acting head until the head is appointed:
    # Lan's proposal stood, said nowhere, for the Giấy khen she now signs herself. The list says so beside it,
    # in her post, and what to do (decision 0447).
    async with app.sessionmaker() as session, session.begin():
        (await session.get_one(Person, ids["Lê Văn Hùng"])).position = "Giáo viên"
        (await session.get_one(Person, ids[LAN])).position = "Quyền Hiệu trưởng, Bí thư Chi bộ"
    await tu.say("/dekhenthuong")
    lines = (await tu.choose("Danh sách đề nghị năm 2026")).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"• {LAN} (") and own in line)
    assert lines[at + 1].strip() == (
        f"Nay là Quyền Hiệu trưởng, người ký {own}: không ai ký được đề nghị này. Người đã đề nghị vui lòng "
        "rút lại và đề nghị một hình thức khen thưởng của cấp trên."
    )
    assert sum("Nay là" in line for line in lines) == 1  # not Hùng's, proposed upward


# The head's post as staff lists write it: with a second post in the same cell (“…, Bí thư Chi bộ”, “… kiêm
# …”) or naming the school as “nhà trường”, he was nobody's head and was proposed for the Giấy khen he signs.
# A deputy, a former head, the head of a centre under a department stay who they are.
@pytest.mark.parametrize(
    ("organisation", "title", "position", "signs"),
    [
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "HIỆU TRƯỞNG", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Hiệu trưởng nhà trường", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Hiệu trưởng, Bí thư Chi bộ", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Bí thư Chi bộ - Hiệu trưởng", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Hiệu trưởng (kiêm Chủ tịch Hội đồng trường)", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Hiệu trưởng (đến 30/6/2026)", False),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Phó Hiệu trưởng, Chủ tịch Công đoàn", False),
        # The acting head signs the unit's Giấy khen: “Quyền …”, “Q. …”, a deputy “phụ trách” with nothing
        # after (or the unit), whoever is “Phụ trách” the unit itself; a deputy of a portfolio stays a deputy.
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Quyền Hiệu trưởng", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Q. Hiệu trưởng, Bí thư Chi bộ", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Phó Hiệu trưởng phụ trách", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Phó Hiệu trưởng phụ trách nhà trường", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Phó Hiệu trưởng phụ trách chuyên môn", False),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Phó Hiệu trưởng", False),
        ("Sở Y tế", "Giám đốc", "Q. GIÁM ĐỐC", True),
        ("Sở Y tế", "Giám đốc", "PHÓ GIÁM ĐỐC", False),
        ("Trạm Y tế xã Thử", "Trạm trưởng", "Y sĩ, Phụ trách Trạm y tế", True),
        ("Trạm Y tế xã Thử", "Trạm trưởng", "Y sĩ, phụ trách tiêm chủng mở rộng", False),
        ("Trạm Y tế xã Thử", "Trạm trưởng", "Y sĩ phụ trách Trạm", True),  # no comma, as lists often write
        ("Trường THCS Thử", "Hiệu trưởng", "Giáo viên, Tổng phụ trách Đội", False),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Nguyên Hiệu trưởng", False),
        ("Sở Y tế", "Giám đốc", "Giám đốc Trung tâm Y tế - Dân số, Bí thư Đảng ủy", False),
        ("Sở Y tế", "Giám đốc", "Bí thư Đảng ủy, Giám đốc Sở", True),
        # Typed without its accents or abbreviated, as staff lists kept in old spreadsheets write the acting
        # head: still the one who signs (decision 0481); an abbreviation that could be anything stays unknown.
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Q. HT", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Q Hiệu trưởng", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Pho hieu truong phu trach", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "PHT phụ trách", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Hieu truong, Bi thu Chi bo", True),
        ("Sở Y tế", "Giám đốc", "Quyen Giam doc", True),
        ("Trạm Y tế xã Thử", "Trạm trưởng", "Y sĩ, Phụ trách TYT", True),
        ("Trạm Y tế xã Thử", "Trạm trưởng", "Y si, phu trach Tram y te", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Pho hieu truong phu trach chuyen mon", False),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Q. TT", False),  # an acting tổ trưởng
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "HT", False),
        ("Bệnh viện Đa khoa huyện Thử", "Giám đốc", "Phó Giám đốc phụ trách BV", False),  # or bảo vệ
        # The head named with the organisation, and “Phó” written “P.” or the title in initials after it, as
        # with accents: the one who signs; a post “phụ trách” something else stays what it is (0497).
        ("Sở Y tế", "Giám đốc", "Bi thu Dang uy, Giam doc So", True),
        ("Trung tâm Y tế huyện Thử", "Giám đốc", "Q. Giam doc Trung tam", True),
        ("UBND xã Thử", "Chủ tịch", "Chu tich UBND xa", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "P. Hiệu trưởng phụ trách", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "Phó HT phụ trách", True),
        ("Trường Cao đẳng Thử", "Hiệu trưởng", "P.HT phụ trách chuyên môn", False),
        ("Sở Y tế", "Giám đốc", "Giam doc Trung tam Y te - Dan so", False),
        ("Trường THCS Thử", "Hiệu trưởng", "Tổ trưởng tổ Toán, phụ trách TYT", False),
        ("Bệnh viện Đa khoa huyện Thử", "Giám đốc", "Q. Trưởng khoa", False),
        ("Sở Y tế", "Giám đốc", "Phó trưởng phòng phụ trách kế toán", False),
        # The office set a deputy signing for the head (“KT. Chủ tịch” over “Phó Chủ tịch”): the chairman is
        # still the head, whose Giấy khen it is; the vice-chairman may receive it (0644).
        ("UBND xã Thử", "KT. Chủ tịch / Phó Chủ tịch", "Chủ tịch UBND xã", True),
        ("UBND xã Thử", "KT. Chủ tịch / Phó Chủ tịch", "Phó Chủ tịch UBND xã", False),
    ],
)
def test_the_head_is_known_by_his_post_however_the_staff_list_writes_it(
    organisation: str, title: str, position: str, signs: bool
) -> None:
    signs_for, _, title = title.rpartition(" / ")  # the signer as `org signer --for … --title …` sets it
    org = Organisation(name=organisation, head_title=title, signs_for=signs_for or None)
    form = AwardForm(conferred_by="Thủ trưởng đơn vị", within_organisation=True)
    assert signs_it(Person(position=position), form, org) is signs
