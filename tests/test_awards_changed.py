"""A leader changes a proposal in place (docs/decisions/0210), and takes back a “Done” pressed by mistake
(docs/decisions/0211), walked as a leader does it in December: after the units' deadline the office hears of
a change once, on one line, not of a withdrawal and a new proposal; a leader of two units whose “Done”
answered for both takes it back for one, and proposing someone takes it back for that unit alone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import AwardProposal, RoleAssignment
from bot.db.models import Person as DbPerson
from bot.demo import DemoInvites
from bot.domain.access import actor_for
from bot.domain.awards import ProposalError, change_proposal, withdraw_proposal
from bot.domain.roles import grant_role, revoke_role
from bot.messages import BUTTONS
from tests.support.clocks import MovableClock
from tests.support.joins import joined
from tests.support.orgs import Seeded
from tests.support.people import Person
from tests.support.profiles import on_text_only
from tests.test_achievement import claim_mai
from tests.test_awards import MAI, PDT, PROVINCE, SUMMARY, YEARLY, grant, propose_mai
from tests.test_awards_late import at_local, late_rows
from tests.test_notices import chat
from tests.test_reminders import local, press
from tests.test_reminders_standing import database_seed, last_reminder, remind, texts  # noqa: F401  (a fixture)

NEW_SUMMARY = "Vận động 15 hộ nghèo thôn 3 nhận quà Tết; mỗi tháng 2 ngày công."


async def test_a_leader_changes_a_proposals_award_and_achievements_in_place_and_the_office_hears_once(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """11 December, after the units' deadline: Tú changes Mai's proposal from the yearly Giấy khen to the
    province's Bằng khen, then its achievements. The list still holds one proposal of Mai, not a withdrawn
    one and a new one; the office's notice says the move on one line (the Bằng khen, ad hoc, has no deadline
    of its own: its achievements changed say nothing late); Mai is told of the new award."""
    mai, tu, ha = make_person("mai"), make_person("tu"), make_person("ha")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")  # the office of the awards council
    clock.at = at_local(2026, 12, 9, 9, 0)
    await propose_mai(tu)
    await tu.choose("Có")

    clock.at = at_local(2026, 12, 11, 9, 10)  # the day after the units' deadline
    await tu.say("/dekhenthuong")
    await tu.choose("Danh sách đề nghị năm 2026")
    screen = await tu.choose(f"Sửa: {MAI} — {YEARLY}")
    assert f"Thành tích: {SUMMARY}" in screen and "Anh/chị muốn sửa gì?" in screen
    await tu.choose("Hình thức khen thưởng")
    screen = await tu.choose(PROVINCE)
    assert f"• Hình thức: {PROVINCE} (2026) (thay cho {YEARLY})" in screen
    assert "Sửa sau hạn các đơn vị (10/12/2026): văn phòng được báo một lần để sửa hồ sơ." in screen
    screen = await tu.choose("Có")
    assert f"Đã lưu: đề nghị nay là {PROVINCE} (2026), thay cho {YEARLY}." in screen

    await tu.choose(f"Sửa: {MAI} — {PROVINCE}")
    await tu.choose("Thành tích")
    screen = await tu.say(NEW_SUMMARY)
    assert f"• Thành tích: {NEW_SUMMARY}" in screen
    await tu.choose("Có")

    async with app.sessionmaker() as session:
        rows = list(await session.scalars(select(AwardProposal)))
    assert len(rows) == 1 and rows[0].withdrawn_at is None and rows[0].summary == NEW_SUMMARY
    [row] = await late_rows(app, "Vũ Thị Hà")
    text = row.payload["text"]
    assert text.count("\n• ") == 1, text
    assert f"• {MAI} ({PDT}) — {PROVINCE}: Phạm Văn Tú đã sửa (trước là {YEARLY})." in text
    # the achievements of an ad hoc award, proposed by no deadline, changed: no late change (decision 1014)
    assert "đã sửa thành tích" not in text
    assert "rút" not in text and "mới đề nghị" not in text

    clock.at = at_local(2026, 12, 11, 10, 0)
    await mai.say("/menu")
    told = [shown for shown in chat(mai).split("\n---\n") if "đề nghị" in shown and "2026" in shown]
    assert len(told) == 2 and YEARLY in told[0], told  # the first, then the change: never a withdrawal
    assert f"Phạm Văn Tú đã đề nghị tặng anh/chị {PROVINCE}" in told[1] or PROVINCE in told[1], told
    assert f"Đề nghị này thay cho đề nghị {YEARLY} trước đó." in told[1], told


async def test_a_change_to_a_nominee_already_standing_for_that_award_is_refused_and_changes_nothing(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    mai, tu = make_person("mai"), make_person("tu")
    await joined(mai, invites.member, MAI)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    clock.at = at_local(2026, 12, 3, 9, 0)
    await propose_mai(tu)
    await tu.choose("Có")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(PROVINCE)
    await tu.choose("Cá nhân trong đơn vị")
    await tu.say("tran thi mai")
    await tu.choose(MAI)
    await tu.say(SUMMARY)
    await tu.choose("Có")
    await tu.choose("Danh sách đề nghị năm 2026")
    await tu.choose(f"Sửa: {MAI} — {YEARLY}")
    await tu.choose("Hình thức khen thưởng")
    await tu.choose(PROVINCE)
    screen = await tu.choose("Có")
    assert "Năm 2026 đã có đề nghị hình thức đó cho người/đơn vị này (người đề nghị: Phạm Văn Tú)." in screen
    async with app.sessionmaker() as session:
        forms = sorted(p.award_form_id for p in await session.scalars(select(AwardProposal)))
    assert len(forms) == 2 and forms[0] != forms[1]


@on_text_only
async def test_a_leader_proposed_by_the_head_neither_changes_nor_withdraws_his_own_proposal(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """The head proposes Tú, the leader of Phòng Đào tạo, for the yearly Giấy khen (a leader never proposes
    himself: the level above does). Tú sees it in his unit's list, but is offered neither “Sửa” nor “Rút” on
    it, and the domain refuses him both: he would otherwise rewrite what the head said of him, or raise it to
    the province's Bằng khen. His colleague's proposal he still changes."""
    tu, chinh = make_person("tu"), make_person("chinh")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(chinh, invites.member, "Đỗ Văn Chính")
    await grant(app, "Đỗ Văn Chính", "leader")  # the head: a leader of the whole school
    clock.at = at_local(2026, 12, 9, 9, 0)
    await chinh.say("/dekhenthuong")
    await chinh.choose("Đề nghị khen thưởng")
    await chinh.choose(YEARLY)
    await chinh.choose("Cá nhân")
    await chinh.say("pham van tu")
    await chinh.say("Trưởng phòng dẫn đầu phong trào.")
    await chinh.choose("Có")
    await propose_mai(tu)
    await tu.choose("Có")

    screen = await tu.choose("Danh sách đề nghị năm 2026")
    assert f"• Phạm Văn Tú ({PDT}) — {YEARLY}; người đề nghị: Đỗ Văn Chính" in screen
    labels = [choice.label for choice in tu.menu.choices]
    assert f"Sửa: {MAI} — {YEARLY}" in labels and f"Rút: {MAI} — {YEARLY}" in labels
    assert not [label for label in labels if label.startswith(("Sửa: Phạm Văn Tú", "Rút: Phạm Văn Tú"))]
    assert f"Báo cáo thành tích (Word): Phạm Văn Tú — {YEARLY}" in labels  # his own report is his

    async with app.sessionmaker() as session, session.begin():
        him = (await session.scalars(select(DbPerson).where(DbPerson.full_name == "Phạm Văn Tú"))).one()
        mine = (await session.scalars(select(AwardProposal).where(AwardProposal.person_id == him.id))).one()
        leader = await actor_for(session, him)
        for attempt in (
            change_proposal(session, leader, mine.id, summary="Xuất sắc nhất trường.", now=clock()),
            withdraw_proposal(session, leader, mine.id, now=clock()),
        ):
            with pytest.raises(ProposalError) as refused:
                await attempt
            assert refused.value.reason == "not_allowed"
    async with app.sessionmaker() as session:
        kept = await session.get_one(AwardProposal, mine.id)
        assert kept.summary == "Trưởng phòng dẫn đầu phong trào." and kept.withdrawn_at is None


async def _two_units(app: App, org: Seeded) -> Person:
    """Lãnh đạo A made a leader of Phòng B too, chatting on a channel with buttons."""
    async with app.sessionmaker() as session, session.begin():
        session.add(
            RoleAssignment(
                person_id=org.people["Lãnh đạo A"].id,
                role="leader",
                org_id=org.org.id,
                unit_id=org.units["B"].id,
                granted_at=local(2026, 11, 1),
            )
        )
    clock = MovableClock(local(2026, 12, 4, 9))
    return Person(CollectingChannel(app.engine, BUTTONS), f"p{org.people['Lãnh đạo A'].id}", clock)


async def test_a_leader_of_two_units_takes_back_done_for_one_and_proposing_takes_it_back_for_the_other(
    any_app: App,
    org: Seeded,
) -> None:
    """Lãnh đạo A leads Phòng A and Phòng B; neither has proposed; “Đã xong” on the reminder answers for
    both. Proposing An of Phòng A takes it back for Phòng A, said in a word; withdrawn again, Phòng A is back
    among the units to chase, Phòng B still proposes no one. Then the leader takes back Phòng B's “Done” from
    the awards menu, plainly: the head reads both as not answered yet, and the leader is reminded again."""
    leader = await _two_units(any_app, org)
    await remind(any_app, local(2026, 12, 3, 8))
    reminder = await last_reminder(any_app, org, "Lãnh đạo A")
    answer = await press(any_app, org.people["Lãnh đạo A"].id, reminder, "Đã xong", local(2026, 12, 3, 9))
    assert "Phòng A, Phòng B không đề nghị ai" in answer

    await leader.say("/dekhenthuong")
    await leader.choose("Đề nghị khen thưởng")
    await leader.choose("Giấy khen của Thủ trưởng")  # a school: its head's (its staff, no household)
    await leader.choose("cá nhân trong")
    screen = await leader.say("An")
    if "Đã tìm thấy" not in screen:  # the name whole: taken at once (decision 0257)
        await leader.choose("An")
    await leader.say("Tích cực giúp hộ nghèo.")
    screen = await leader.choose("Có")
    assert "Phòng A không còn được tính là không đề nghị ai." in screen
    assert "Phòng B không còn" not in screen and "Bỏ “Đã xong” của Phòng B" in screen  # still answered

    await leader.choose("Danh sách đề nghị năm 2026")
    await leader.choose("Rút: An")
    await leader.choose("Có")
    await remind(any_app, local(2026, 12, 7, 8))
    head = (await texts(any_app, org, "Thủ trưởng"))[-1]
    assert "1 đơn vị không đề nghị ai. Chưa trả lời: Phòng A." in head, head

    leader.clock.at = local(2026, 12, 7, 9)
    await leader.say("/dekhenthuong")
    assert [c.label for c in leader.menu.choices if "Đã xong" in c.label] == [
        "Bỏ “Đã xong” của Phòng B (không đề nghị ai)"
    ]
    screen = await leader.choose("Bỏ “Đã xong” của Phòng B")
    assert "Đã bỏ “Đã xong” của Phòng B." in screen
    await leader.say("/dekhenthuong")
    assert not [c.label for c in leader.menu.choices if "Đã xong" in c.label]
    await remind(any_app, local(2026, 12, 9, 8))
    head = (await texts(any_app, org, "Thủ trưởng"))[-1]
    assert "không đề nghị ai" not in head and "Chưa trả lời: Phòng A, Phòng B." in head, head
    # the reminder its “Done” had stopped comes again the day before, with its “Đã xong” to answer anew
    again = await last_reminder(any_app, org, "Lãnh đạo A")
    assert "hạn 10/12/2026. Phòng B chưa đề nghị ai; nếu đơn vị không đề nghị" in again.text, again.text
    assert len(await texts(any_app, org, "Lãnh đạo A")) == 2


@pytest.mark.sqlite_only
async def test_a_done_chosen_for_one_unit_never_answers_for_a_unit_its_leader_is_given_afterwards(
    any_app: App,
    org: Seeded,
) -> None:
    """Lãnh đạo A chose “Đã xong” for Phòng A on 3/12: Phòng A proposes no one. On 4/12 the office made her a
    leader of Phòng B too, whose own leader had answered nothing. The head's reminder then read “2 đơn vị
    không đề nghị ai” and chased no one: her answer of the day before, given for Phòng A alone, spoke for
    Phòng B as well. Now a “Done” answers only for the units she led when she chose it (decision 0350)."""
    await remind(any_app, local(2026, 12, 3, 8))
    reminder = await last_reminder(any_app, org, "Lãnh đạo A")
    answer = await press(any_app, org.people["Lãnh đạo A"].id, reminder, "Đã xong", local(2026, 12, 3, 9))
    assert "Phòng A không đề nghị ai" in answer and "Phòng B" not in answer
    async with any_app.sessionmaker() as session, session.begin():
        session.add(
            RoleAssignment(
                person_id=org.people["Lãnh đạo A"].id,
                role="leader",
                org_id=org.org.id,
                unit_id=org.units["B"].id,
                granted_at=local(2026, 12, 4, 10),
            )
        )
    await remind(any_app, local(2026, 12, 7, 8))
    head = (await texts(any_app, org, "Thủ trưởng"))[-1]
    assert "1 đơn vị không đề nghị ai. Chưa trả lời: Phòng B." in head, head


async def test_a_leader_relieved_and_given_her_unit_back_after_her_done_is_asked_again_before_the_deadline(
    any_app: App,
    org: Seeded,
) -> None:
    """Lãnh đạo A chose “Đã xong” for Phòng A on 3/12; on 4/12 the office took her leader role away and gave
    it back (a mistake put right). A role given back is a new grant: her earlier “Done” no longer answers
    for Phòng A (decision 0350), and the head reads “Chưa trả lời: Phòng A”; but the reminder her “Done”
    had stopped never came again, nor any other: no one asked the unit anew. Now a leader's role given
    back brings the award deadline's reminders still to come back too, with their “Đã xong” (decision
    0365)."""
    await remind(any_app, local(2026, 12, 3, 8))
    reminder = await last_reminder(any_app, org, "Lãnh đạo A")
    answer = await press(any_app, org.people["Lãnh đạo A"].id, reminder, "Đã xong", local(2026, 12, 3, 9))
    assert "Phòng A không đề nghị ai" in answer
    async with any_app.sessionmaker() as session, session.begin():
        office = await actor_for(session, await session.get_one(DbPerson, org.people["Văn phòng"].id))
        leader = await session.get_one(DbPerson, org.people["Lãnh đạo A"].id)
        assert (await revoke_role(session, office, leader, "leader", "A", now=local(2026, 12, 4, 9))).changed
        assert (await grant_role(session, office, leader, "leader", "A", now=local(2026, 12, 4, 9))).changed
    await remind(any_app, local(2026, 12, 7, 8))
    head = (await texts(any_app, org, "Thủ trưởng"))[-1]
    assert "Chưa trả lời: Phòng A" in head, head
    await remind(any_app, local(2026, 12, 9, 8))
    sent = await texts(any_app, org, "Lãnh đạo A")
    # asked again on 7/12 and 9/12, as if she had never chosen “Done”
    assert len(sent) == 3 and "hạn 10/12/2026. Phòng A chưa đề nghị ai" in sent[-1], sent
