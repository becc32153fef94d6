"""Who qualifies (“Ai đạt tiêu chí”), at the award proposal's whom step: the people of the leader's unit
against what the bot measures of the plan's standard — registered, confirmed gifts reaching the registration,
gave to the Fund — those who meet it first with a short reason each, those already proposed marked, those
who left not offered, the rest left to the council; figures only for whom the reader may see amounts of;
one tap proposes; a long unit pages; one statement reads it all (docs/decisions/0273)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event, select

from bot.app import App
from bot.db.models import (
    AwardForm,
    Campaign,
    Commitment,
    CommitmentItem,
    Criterion,
    Organisation,
    Person,
    Unit,
)
from bot.demo import DEMO_ORG, DemoInvites
from bot.domain.access import actor_for
from bot.domain.awards import propose_award
from bot.domain.contributions import NewContribution, decide, record_contribution
from bot.domain.qualifying import standings
from bot.text import fold
from tests.support.clocks import NOW
from tests.support.joins import joined
from tests.support.profiles import on_buttons, on_text_only
from tests.test_awards import MAI, PDT, YEARLY, grant

QUALIFY = "Ai đạt tiêu chí của kế hoạch (chọn trong danh sách)"
BINH, CUC, DUNG, EM, GIANG = "Đỗ Văn Bình", "Hoàng Thị Cúc", "Vũ Văn Dũng", "Lý Thị Em", "Đặng Thị Giang"


async def _scene(app: App, extra: int = 0) -> dict[str, int]:
    """In Phòng Đào tạo, registered as a collective to raise 1.000.000 ₫: Bình registered 500.000 ₫ for the
    Fund and has 620.000 ₫ confirmed to it; Giang 300.000 ₫ and as much, already proposed for the yearly
    Giấy khen; Cúc registered 1.000.000 ₫ with 200.000 ₫ confirmed; Dũng never registered; Em met it all but
    left; `extra` more colleagues who did nothing. Mai, the school's treasurer, confirms the gifts. Ids by
    name, and of the campaign and the form."""
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation).where(Organisation.code == DEMO_ORG))).one()
        unit = (await session.scalars(select(Unit).where(Unit.org_id == org.id, Unit.code == "PDT"))).one()
        campaign = (await session.scalars(select(Campaign).where(Campaign.org_id == org.id))).first()
        assert campaign is not None
        fund = (
            await session.scalars(
                select(Criterion).where(Criterion.campaign_id == campaign.id, Criterion.code == "ung-ho-quy")
            )
        ).one()
        form = (await session.scalars(select(AwardForm).where(AwardForm.title == YEARLY))).first()
        assert form is not None
        mai = (await session.scalars(select(Person).where(Person.full_name == MAI))).one()
        treasurer = await actor_for(session, mai)
        names = [BINH, CUC, DUNG, EM, GIANG, *(f"Trịnh Thử {n:02d} Xuân" for n in range(1, extra + 1))]
        people = {}
        for name in names:
            person = Person(
                org_id=org.id,
                unit_id=unit.id,
                full_name=name,
                name_key=fold(name),
                kind="staff",
                listed=True,
                created_at=NOW,
            )
            session.add(person)
            people[name] = person
        await session.flush()
        for name, target, given in (
            (BINH, 500_000, 620_000),
            (GIANG, 300_000, 300_000),
            (EM, 100_000, 100_000),
        ):
            commitment = Commitment(
                campaign_id=campaign.id,
                year=2026,
                scope="individual",
                owner_key=f"p:{people[name].id}",
                person_id=people[name].id,
                registered_by=people[name].id,
                created_at=NOW,
                updated_at=NOW,
            )
            commitment.items.append(CommitmentItem(criterion_id=fund.id, target=target))
            session.add(commitment)
            for amount in (given - 120_000, 120_000) if name == BINH else (given,):
                entry = await record_contribution(
                    session,
                    person=people[name],
                    recorded_by=people[name],
                    entry=NewContribution("money", amount),
                    now=NOW,
                )
                await decide(session, entry, confirmed=True, actor=treasurer, now=NOW, tell=False)
        cuc = Commitment(
            campaign_id=campaign.id,
            year=2026,
            scope="individual",
            owner_key=f"p:{people[CUC].id}",
            person_id=people[CUC].id,
            registered_by=people[CUC].id,
            created_at=NOW,
            updated_at=NOW,
        )
        cuc.items.append(CommitmentItem(criterion_id=fund.id, target=1_000_000))
        session.add(cuc)
        entry = await record_contribution(
            session,
            person=people[CUC],
            recorded_by=people[CUC],
            entry=NewContribution("money", 200_000),
            now=NOW,
        )
        await decide(session, entry, confirmed=True, actor=treasurer, now=NOW, tell=False)
        resources = (
            await session.scalars(
                select(Criterion).where(
                    Criterion.campaign_id == campaign.id, Criterion.code == "huy-dong-nguon-luc"
                )
            )
        ).one()
        collective = Commitment(  # the unit itself pledged to raise 1.000.000 ₫; its people gave 1.220.000 ₫
            campaign_id=campaign.id,
            year=2026,
            scope="collective",
            owner_key=f"u:{unit.id}",
            unit_id=unit.id,
            registered_by=mai.id,
            created_at=NOW,
            updated_at=NOW,
        )
        collective.items.append(CommitmentItem(criterion_id=resources.id, target=1_000_000))
        session.add(collective)
        people[EM].left_on = date(2026, 11, 15)
        tuan = (await session.scalars(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))).one()
        await propose_award(
            session,
            await actor_for(session, tuan),
            form_id=form.id,
            year=2026,
            unit_id=unit.id,
            person_id=people[GIANG].id,
            summary="Ủng hộ Quỹ đủ mức đăng ký.",
            now=NOW,
        )
        return {
            **{name: person.id for name, person in people.items()},
            "campaign": campaign.id,
            "form": form.id,
            "tuan": tuan.id,
        }


async def test_a_leader_proposing_sees_who_meets_the_plans_criteria_first_and_proposes_with_one_tap(
    app: App, invites: DemoInvites, make_person
) -> None:
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")  # a leader of Phòng Đào tạo
    await _scene(app, extra=12)
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    screen = await tu.choose(QUALIFY)
    assert "3/19 đạt" in screen and "Trang 1/2." in screen  # the unit, Mai, Tuấn, 4 at work, 12; not Tú, Em
    offered = [
        choice.label.replace("\xa0", " ") for choice in tu.menu.choices
    ]  # Babel's money: “1.000.000 ₫”
    # a reason each, on a button or a numbered line; the unit's own figures, its leader reads (its digest's)
    assert offered[0] == f"tập thể {PDT}: đăng ký 1.000.000 ₫, đã xác nhận 1.220.000 ₫, đã ủng hộ Quỹ"
    assert offered[1] == f"{BINH}: vượt chỉ tiêu đăng ký, đã ủng hộ Quỹ"  # a leader sees no one's amounts
    # who gave to the Fund and who did not is no leader's to read where the school kept it so (0026, 0279):
    # said only of those who meet the standard, as being listed first says anyway
    assert offered[2] == f"{CUC}: chưa đạt chỉ tiêu đăng ký"
    assert offered[3] == f"{DUNG}: chưa đăng ký thi đua năm nay"
    assert "chưa có ủng hộ Quỹ" not in screen
    # already proposed: marked in the text, not offered again
    assert f"• {GIANG}: đạt chỉ tiêu đăng ký, đã ủng hộ Quỹ — đã được đề nghị" in screen.splitlines()
    assert not any(GIANG in label for label in offered)
    assert "500.000" not in screen and "620.000" not in screen and EM not in screen  # Em left
    assert "Hội đồng Thi đua – Khen thưởng xét" in screen  # discipline and the rest: not guessed
    screen = await tu.choose("Trang sau")
    assert "Trang 2/2." in screen and BINH not in screen and EM not in screen
    await tu.choose("Trang trước")
    screen = await tu.choose(BINH)  # one tap: on to the achievements, as after a name found
    assert f"tóm tắt thành tích của {BINH}" in screen

    async with app.sessionmaker() as session, session.begin():  # leaders may see who has not given
        school = (await session.scalars(select(Organisation).where(Organisation.code == DEMO_ORG))).one()
        school.leaders_see_non_givers = True
    await tu.choose("Quay lại")
    await tu.choose(QUALIFY)
    offered = [choice.label.replace("\xa0", " ") for choice in tu.menu.choices]
    assert offered[3] == f"{DUNG}: chưa đăng ký thi đua năm nay, chưa có ủng hộ Quỹ được xác nhận"

    await grant(app, "Phạm Văn Tú", "treasurer", "PDT")  # a leader who also keeps the unit's money
    await tu.choose("Quay lại")
    screen = await tu.choose(QUALIFY)
    offered = [choice.label.replace("\xa0", " ") for choice in tu.menu.choices]
    assert offered[1] == f"{BINH}: đăng ký 500.000 ₫, đã xác nhận 620.000 ₫, đã ủng hộ Quỹ"
    assert offered[2] == f"{CUC}: đăng ký 1.000.000 ₫, đã xác nhận 200.000 ₫, đã ủng hộ Quỹ"
    screen = await tu.choose(f"tập thể {PDT}")  # the unit itself, one tap too
    assert f"tóm tắt thành tích của tập thể {PDT}" in screen


async def test_who_qualifies_is_read_by_one_statement_on_sqlite_and_postgresql(
    any_app: App, any_invites: DemoInvites
) -> None:
    ids = await _scene(any_app, extra=30)
    statements: list[str] = []

    def counted(*args: object) -> None:
        statements.append(str(args[2]))

    async with any_app.sessionmaker() as session:
        actor = await actor_for(session, await session.get_one(Person, ids["tuan"]))
        assert actor is not None
        event.listen(any_app.db.sync_engine, "before_cursor_execute", counted)
        try:
            found = await standings(
                session, actor, campaign_id=ids["campaign"], year=2026, form_id=ids["form"]
            )
        finally:
            event.remove(any_app.db.sync_engine, "before_cursor_execute", counted)
    assert len(statements) == 1
    by_name = {standing.name: standing for standing in found}
    assert [s.name for s in found[:5]] == [PDT, BINH, GIANG, CUC, DUNG] and EM not in by_name
    assert found[0].person_id is None and found[0].qualifies and found[0].money_confirmed == 1_220_000
    assert (
        by_name[BINH].qualifies and by_name[BINH].exceeded == 1 and by_name[BINH].money_confirmed == 620_000
    )
    assert by_name[GIANG].proposed and not by_name[BINH].proposed
    assert not by_name[CUC].qualifies and by_name[CUC].money_target == 1_000_000
    assert not by_name[DUNG].registered and len(found) == 36  # PDT, Mai, 4 at work, 30 more; not Tuấn


@on_text_only
async def test_rice_given_to_the_fund_with_no_value_is_a_gift_to_the_fund_where_the_leader_chooses(
    app: App, invites: DemoInvites, make_person
) -> None:
    """Dũng registered nothing in January and gave 20 kg of rice to the Fund, its value left out (“Bỏ qua”):
    his leader, who may see who has not given, read “chưa có ủng hộ Quỹ được xác nhận” beside his name, as
    if he had given nothing, where the drives' rule of who gave (bot.domain.giving) counts him among them."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    ids = await _scene(app)
    async with app.sessionmaker() as session, session.begin():
        school = (await session.scalars(select(Organisation).where(Organisation.code == DEMO_ORG))).one()
        school.leaders_see_non_givers = True
        mai = (await session.scalars(select(Person).where(Person.full_name == MAI))).one()
        dung = await session.get_one(Person, ids[DUNG])
        entry = await record_contribution(
            session,
            person=dung,
            recorded_by=dung,
            entry=NewContribution("goods", 0, description="20 kg gạo"),
            now=NOW,
        )
        await decide(session, entry, confirmed=True, actor=await actor_for(session, mai), now=NOW, tell=False)
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose(QUALIFY)
    offered = [choice.label.replace("\xa0", " ") for choice in tu.menu.choices]
    assert f"{DUNG}: chưa đăng ký thi đua năm nay, đã ủng hộ Quỹ" in offered


@on_buttons
async def test_a_units_own_figures_where_one_colleague_gave_are_not_read_by_its_leader(
    app: App, invites: DemoInvites, make_person
) -> None:
    """Phòng Đào tạo registered as a unit to raise 1.000.000 ₫ and Bình alone gave, 300.000 ₫: its leader,
    who sees nobody's amounts, read “tập thể …: đăng ký 1.000.000 ₫, đã xác nhận 300.000 ₫” — Bình's gift —
    where his digest and the unit's papers hold a figure of one or two givers back (decisions 0304, 0314).
    Once the unit's treasurer too, he reads it, as in the ledger."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation).where(Organisation.code == DEMO_ORG))).one()
        unit = (await session.scalars(select(Unit).where(Unit.org_id == org.id, Unit.code == "PDT"))).one()
        campaign = (await session.scalars(select(Campaign).where(Campaign.org_id == org.id))).first()
        assert campaign is not None
        resources = (
            await session.scalars(
                select(Criterion).where(
                    Criterion.campaign_id == campaign.id, Criterion.code == "huy-dong-nguon-luc"
                )
            )
        ).one()
        mai = (await session.scalars(select(Person).where(Person.full_name == MAI))).one()
        collective = Commitment(
            campaign_id=campaign.id,
            year=2026,
            scope="collective",
            owner_key=f"u:{unit.id}",
            unit_id=unit.id,
            registered_by=mai.id,
            created_at=NOW,
            updated_at=NOW,
        )
        collective.items.append(CommitmentItem(criterion_id=resources.id, target=1_000_000))
        session.add(collective)
        binh = Person(
            org_id=org.id, unit_id=unit.id, full_name=BINH, name_key=fold(BINH), kind="staff", created_at=NOW
        )
        session.add(binh)
        await session.flush()
        entry = await record_contribution(
            session, person=binh, recorded_by=binh, entry=NewContribution("money", 300_000), now=NOW
        )
        await decide(session, entry, confirmed=True, actor=await actor_for(session, mai), now=NOW, tell=False)
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    screen = await tu.choose(QUALIFY)
    offered = [choice.label.replace("\xa0", " ") for choice in tu.menu.choices]
    assert "300.000" not in screen and not any("300.000" in label for label in offered)
    assert f"tập thể {PDT}: chưa đạt chỉ tiêu đăng ký, đã ủng hộ Quỹ" in offered

    await grant(app, "Phạm Văn Tú", "treasurer", "PDT")
    await tu.choose("Quay lại")
    await tu.choose(QUALIFY)
    offered = [choice.label.replace("\xa0", " ") for choice in tu.menu.choices]
    assert f"tập thể {PDT}: đăng ký 1.000.000 ₫, đã xác nhận 300.000 ₫, đã ủng hộ Quỹ" in offered
