"""A unit leader reading the Monday digest before the units' award deadline (10/12) sees where the unit stands
on the line of that deadline, as the reminder says it but with no button to press: how many it proposed, that
it chose “Đã xong” and proposes no one, or that it has done neither; the head's roll-up, where the units stand
and which have not answered (docs/decisions/0198). Counts only: no person's name, no amount. The same in
/baocao. On SQLite and PostgreSQL; the clock is injected."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import Person, Unit
from bot.messages import BUTTONS
from tests.support.orgs import Seeded, add_person, seed
from tests.support.templates import Seed
from tests.test_digests import digests, weekly
from tests.test_reminders import local, press
from tests.test_reminders_standing import last_reminder, propose, remind, texts


@pytest.fixture
def database_seed() -> Seed:
    return _seeded


async def _seeded(session: AsyncSession) -> Seeded:
    return await seed(session, local(2026, 11, 1, 9))


def line_of(text: str, start: str) -> str:
    return next(line for line in text.split("\n") if line.startswith(start))


async def test_a_units_digest_before_the_10_december_says_what_the_unit_has_proposed_or_that_it_has_not(
    any_app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    # Monday 30/11: nobody has proposed or answered yet.
    assert await weekly(any_app, local(2026, 11, 30, 7, 30)) == 3
    sent = await digests(any_app)
    unit_a = sent[org.people["Lãnh đạo A"].id][0]
    assert line_of(unit_a, "• Phòng A gửi hồ sơ") == (
        "• Phòng A gửi hồ sơ đề nghị khen thưởng về Trường Thử: hạn 10/12/2026. Phòng A chưa trả lời: chưa "
        "đề nghị ai (/dekhenthuong), chưa chọn “Đã xong”."
    )
    head = sent[org.people["Thủ trưởng"].id][0]
    assert (
        "• Hạn các đơn vị gửi hồ sơ đề nghị khen thưởng về Trường Thử: 10/12/2026. Các đơn vị đã đề nghị: "
        "0/2 đơn vị, 0 đề nghị. Chưa trả lời: Phòng A, Phòng B."
    ) in head.split("\n")
    unit_b = sent[org.people["Lãnh đạo B"].id][0]  # in English
    assert (
        "• Phòng B sends its award proposals to Trường Thử: due on 10/12/2026. Phòng B has not answered yet: "
        "no one proposed (/awards), “Done” not chosen."
    ) in unit_b.split("\n")

    # Phòng A proposes a person and the unit; Phòng B's leader chooses “Done” on the 3/12 reminder.
    await propose(any_app, org, "Lãnh đạo A", "giay-khen-thu-truong", "A", "An", local(2026, 12, 2, 9))
    await propose(any_app, org, "Lãnh đạo A", "giay-khen-giam-doc-so", "A", None, local(2026, 12, 2, 9))
    await remind(any_app, local(2026, 12, 3, 8))
    reminder = await last_reminder(any_app, org, "Lãnh đạo B")
    await press(any_app, org.people["Lãnh đạo B"].id, reminder, "Done", local(2026, 12, 3, 9))

    # Monday 7/12, three days before.
    assert await weekly(any_app, local(2026, 12, 7, 7, 30)) == 3
    sent = await digests(any_app)
    unit_a = sent[org.people["Lãnh đạo A"].id][-1]
    assert line_of(unit_a, "• Phòng A gửi hồ sơ") == (
        "• Phòng A gửi hồ sơ đề nghị khen thưởng về Trường Thử: hạn 10/12/2026. Phòng A đã đề nghị 2 (1 cá "
        "nhân, 1 tập thể)."
    )
    assert "An" not in unit_a.split()  # counts, never who
    unit_b = sent[org.people["Lãnh đạo B"].id][-1]
    assert "Phòng B proposes no one this year (“Done” chosen)." in unit_b
    # the head's roll-up says where the units stand, as the head's reminder does
    head = sent[org.people["Thủ trưởng"].id][-1]
    assert (
        "• Hạn các đơn vị gửi hồ sơ đề nghị khen thưởng về Trường Thử: 10/12/2026. Các đơn vị đã đề nghị: "
        "1/2 đơn vị, 2 đề nghị. 1 đơn vị không đề nghị ai."
    ) in head.split("\n")

    # /baocao on Tuesday says the same.
    clock.at = local(2026, 12, 8, 9)
    channel = CollectingChannel(any_app.engine, BUTTONS)
    replies = await channel.receive(f"p{org.people['Lãnh đạo A'].id}", text="/baocao", at=clock.at)
    assert "Phòng A đã đề nghị 2 (1 cá nhân, 1 tập thể)." in "\n".join(r.text for r in replies)


@pytest.mark.sqlite_only
async def test_a_units_digest_says_its_ad_hoc_proposal_stands_beside_the_yearly_list_not_yet_answered(
    any_app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    """Phòng A proposed An and Phòng B Dũng for the province's Bằng khen, the ad hoc award, and no one for the
    yearly lists. Monday 30/11: each unit's digest says it has not answered for the yearly awards and that
    the ad hoc proposal stands, never that it has proposed no one; Phòng B's leader reads it in English
    (decision 1153)."""
    await propose(any_app, org, "Lãnh đạo A", "bang-khen-ubnd-tinh", "A", "An", local(2026, 11, 20, 9))
    await propose(any_app, org, "Lãnh đạo B", "bang-khen-ubnd-tinh", "B", "Dũng", local(2026, 11, 20, 9))
    await weekly(any_app, local(2026, 11, 30, 7, 30))
    sent = await digests(any_app)
    unit_a = sent[org.people["Lãnh đạo A"].id][0]
    assert line_of(unit_a, "• Phòng A gửi hồ sơ") == (
        "• Phòng A gửi hồ sơ đề nghị khen thưởng về Trường Thử: hạn 10/12/2026. Phòng A chưa trả lời về khen "
        "thưởng hằng năm: chưa đề nghị ai (/dekhenthuong), chưa chọn “Đã xong”. Đề nghị khen thưởng đột xuất "
        "vẫn giữ nguyên."
    )
    unit_b = sent[org.people["Lãnh đạo B"].id][0]
    assert (
        "• Phòng B sends its award proposals to Trường Thử: due on 10/12/2026. Phòng B has not answered for "
        "the yearly awards yet: no one proposed for them (/awards), “Done” not chosen; what it proposed for "
        "an ad hoc award stands."
    ) in unit_b.split("\n")


async def test_after_the_10_december_a_units_digest_says_the_dossiers_day_and_the_head_reads_them_by_the_15th(
    any_app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    """Phòng A proposes a day late (11/12); Phòng B never answers. Monday 14/12, a day before the school's
    own dossier goes up: the head is to send the dossier tomorrow. A unit's leader read “Không có hạn nào
    trong 14 ngày tới.”, though she may still propose until the council has decided (0883): she now reads
    the dossier's day, as the other deadlines are said, and that she may still propose (decision 1468);
    never where the units stand. On 31/12 the head's screen names them no more (2334)."""
    await propose(any_app, org, "Lãnh đạo A", "giay-khen-thu-truong", "A", "An", local(2026, 12, 11, 9))
    assert await weekly(any_app, local(2026, 12, 14, 7, 30)) == 3
    sent = await digests(any_app)
    unit_a = sent[org.people["Lãnh đạo A"].id][0]
    assert "chưa trả lời" not in unit_a and "đã đề nghị" not in unit_a
    assert "Không có hạn nào trong 14 ngày tới." not in unit_a
    assert (
        "• Trường Thử gửi hồ sơ đề nghị khen thưởng lên cấp trên: hạn 15/12/2026. Anh/chị vẫn đề nghị được "
        "(/dekhenthuong): văn phòng sẽ được báo để bổ sung, nếu Hội đồng chưa xét."
    ) in unit_a.split("\n")
    unit_b = sent[org.people["Lãnh đạo B"].id][0]  # in English
    assert (
        "• Trường Thử sends its award proposals to the level above: due on 15/12/2026. You can still propose "
        "(/awards): the office will be told and can add it, unless the council has already decided."
    ) in unit_b.split("\n")
    head = (await digests(any_app))[org.people["Thủ trưởng"].id][0]
    # after the units' day, how many did not answer, short on a phone; their names a press away (1501)
    assert (
        "• Trường Thử gửi hồ sơ đề nghị khen thưởng lên cấp trên: hạn 15/12/2026. Các đơn vị đã đề nghị: "
        "1/2 đơn vị, 1 đề nghị. Chưa trả lời: 1 đơn vị (tên ở mục “Khen thưởng”)."
    ) in head.split("\n")
    clock.at = local(2026, 12, 14, 9)
    channel = CollectingChannel(any_app.engine, BUTTONS)
    replies = await channel.receive(f"p{org.people['Thủ trưởng'].id}", text="/dekhenthuong", at=clock.at)
    assert "Chưa trả lời: Phòng B." in "\n".join(r.text for r in replies)

    assert await weekly(any_app, local(2026, 12, 21, 7, 30)) == 3  # once the dossier has gone: nothing
    head = (await digests(any_app))[org.people["Thủ trưởng"].id][-1]
    assert "Các đơn vị đã đề nghị" not in head and "Chưa trả lời" not in head
    # on 31/12, the dossiers gone up, nobody is left to chase: the screen opens on what a proposal sent now
    # does, as the roll-up says nothing of them (decision 2334)
    clock.at = local(2026, 12, 31, 16)
    replies = await channel.receive(f"p{org.people['Thủ trưởng'].id}", text="/dekhenthuong", at=clock.at)
    screen = "\n".join(r.text for r in replies)
    assert "Chưa trả lời" not in screen, screen
    assert screen.startswith("Hạn các đơn vị gửi đề nghị (10/12/2026) đã qua. Anh/chị vẫn đề nghị được"), (
        screen
    )


async def test_the_roll_up_names_the_units_with_no_leader_of_their_own_as_the_reminder_does(
    any_app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    """Khoa Công nghệ has no leader of its own: only the head proposes for it. The head's roll-up counted it
    in “0/3 đơn vị” and named only Phòng A and Phòng B, so the head could not tell which the third was; it
    now names it as the head's reminder does, and to the office (on Saturday's /baocao) in its words."""
    async with any_app.sessionmaker() as session, session.begin():
        session.add(Unit(org_id=org.org.id, code="C", name="Khoa Công nghệ"))
    assert await weekly(any_app, local(2026, 11, 30, 7, 30)) == 3
    head = (await digests(any_app))[org.people["Thủ trưởng"].id][0]
    assert (
        "• Hạn các đơn vị gửi hồ sơ đề nghị khen thưởng về Trường Thử: 10/12/2026. Các đơn vị đã đề nghị: "
        "0/3 đơn vị, 0 đề nghị. Chưa trả lời: Phòng A, Phòng B. Khoa Công nghệ chưa có lãnh đạo đơn vị để đề "
        "nghị khen thưởng: nếu ở đó có người xứng đáng, anh/chị đề nghị thay ở mục “Khen thưởng”."
    ) in head.split("\n")

    clock.at = local(2026, 12, 5, 9)  # Saturday: no reminder goes out, the office reads /baocao
    channel = CollectingChannel(any_app.engine, BUTTONS)
    replies = await channel.receive(f"p{org.people['Văn phòng'].id}", text="/baocao", at=clock.at)
    office = "\n".join(r.text for r in replies)
    assert (
        "Chưa trả lời: Phòng A, Phòng B. Khoa Công nghệ chưa có lãnh đạo đơn vị để đề nghị khen thưởng: nếu "
        "ở đó có người xứng đáng, lãnh đạo cơ quan đề nghị thay ở mục “Khen thưởng”; văn phòng có thể giao "
        "vai trò lãnh đạo đơn vị ở mục “Phân quyền”."
    ) in office


@pytest.mark.parametrize(
    ("last_day_of_leave", "back"),
    [
        (date(2026, 12, 6), True),  # back on Monday 7/12, reminded that morning (decision 0762)
        # away on training through the units' deadline day: the head proposes in her stead (decision 2445)
        (date(2026, 12, 10), False),
    ],
)
async def test_a_leader_back_from_leave_on_monday_is_not_named_away_in_that_mondays_roll_up(
    any_app: App, org: Seeded, last_day_of_leave: date, back: bool
) -> None:
    """Lãnh đạo B's leave ended on Sunday 6/12: on Monday 7/12 she is reminded of the units' 10/12, and the
    head's roll-up, written that morning, read “Lãnh đạo Phòng B đang nghỉ dài ngày nên không nhận được lời
    nhắc: anh/chị đề nghị thay …”, her leave read on the week's Sunday: the head was asked to propose for a
    unit whose leader was back and asked too. Leave is read on the day the digest is written (0812). Away on
    training through the deadline, she was said “đang nghỉ dài ngày”: now as training (decision 2445)."""
    async with any_app.sessionmaker() as session, session.begin():
        leader = await session.get_one(Person, org.people["Lãnh đạo B"].id)
        leader.away_until, leader.away_reason = last_day_of_leave, "training"
    # a leader away that morning is sent no digest of her own (decision 0789)
    assert await weekly(any_app, local(2026, 12, 7, 7, 30)) == (3 if back else 2)
    head = (await digests(any_app))[org.people["Thủ trưởng"].id][0]
    away = "Lãnh đạo Phòng B đang đi học, tập huấn nên không nhận được lời nhắc: anh/chị đề nghị thay"
    assert (away in head) != back, head
    assert ("Chưa trả lời: Phòng A, Phòng B." in head) == back
    await remind(any_app, local(2026, 12, 7, 8))
    assert bool(await texts(any_app, org, "Lãnh đạo B")) == back


async def test_with_the_head_himself_on_long_leave_the_office_is_told_who_may_propose_in_the_units_stead(
    any_app: App, org: Seeded, clock
) -> None:  # type: ignore[no-untyped-def]
    """Lãnh đạo B and the head himself are on long leave (decision 0740): neither is reminded nor sent
    Monday's digest (0789), yet the office read, in /baocao and in its reminder of 8/12, that “lãnh đạo cơ
    quan đề nghị thay” for Phòng B, as if the head were there to. It now reads that the organisation's
    leaders are away too, and how whoever stands in may propose: the unit named, never who is away or why.
    The head away at a course was said “cũng đang nghỉ dài ngày”: now as training (decision 2515); with a
    deputy on leave beside him, as leave: now each reason (decision 2631); so is the units' line, Lãnh
    đạo A at a course beside Lãnh đạo B on leave (decision 2719)."""
    async with any_app.sessionmaker() as session, session.begin():
        (await session.get_one(Person, org.people["Lãnh đạo B"].id)).away_until = date(2027, 3, 15)
        (await session.get_one(Person, org.people["Thủ trưởng"].id)).away_until = date(2027, 3, 1)
    assert await weekly(any_app, local(2026, 12, 7, 7, 30)) == 1  # Lãnh đạo A's only
    await remind(any_app, local(2026, 12, 7, 8))
    assert await texts(any_app, org, "Thủ trưởng") == []
    heads_away = (
        "Lãnh đạo cơ quan cũng đang nghỉ dài ngày: anh/chị giao vai trò lãnh đạo cho người phụ trách thay "
        "(mục “Phân quyền”) để người đó đề nghị thay."
    )

    clock.at = local(2026, 12, 7, 9)
    channel = CollectingChannel(any_app.engine, BUTTONS)
    replies = await channel.receive(f"p{org.people['Văn phòng'].id}", text="/baocao", at=clock.at)
    office = "\n".join(r.text for r in replies)
    assert (
        "Chưa trả lời: Phòng A. Lãnh đạo Phòng B đang nghỉ dài ngày nên không nhận được lời nhắc: lãnh đạo "
        f"cơ quan đề nghị thay nếu đơn vị có người xứng đáng. {heads_away}"
    ) in office

    await remind(any_app, local(2026, 12, 8, 8))  # 7 days before the organisation's own 15/12
    office = (await texts(any_app, org, "Văn phòng"))[-1]
    assert heads_away in office
    assert "Thủ trưởng" not in office

    # the head away at a course, not on leave: said so, Lãnh đạo B's leave as leave (decision 2515)
    async with any_app.sessionmaker() as session, session.begin():
        (await session.get_one(Person, org.people["Thủ trưởng"].id)).away_reason = "training"
    clock.at = local(2026, 12, 8, 9)
    replies = await channel.receive(f"p{org.people['Văn phòng'].id}", text="/baocao", at=clock.at)
    office = "\n".join(r.text for r in replies).split("Bản tin tuần")[-1]
    assert heads_away.replace("nghỉ dài ngày", "đi học, tập huấn") in office, office
    assert "Lãnh đạo Phòng B đang nghỉ dài ngày" in office, office

    # a deputy of the organisation on leave beside the head at a course: each reason said (decision 2631)
    async with any_app.sessionmaker() as session, session.begin():
        deputy = await add_person(session, org, "Phó thủ trưởng", None, ("leader", None), now=clock.at)
        deputy.away_until = date(2027, 1, 15)
    clock.at = local(2026, 12, 8, 9, 30)
    replies = await channel.receive(f"p{org.people['Văn phòng'].id}", text="/baocao", at=clock.at)
    office = "\n".join(r.text for r in replies).split("Bản tin tuần")[-1]
    both = heads_away.replace("nghỉ dài ngày", "nghỉ dài ngày hoặc đi học, tập huấn")
    assert both in office, office

    # the deputy back at work: she proposes, and the office reads as before
    async with any_app.sessionmaker() as session, session.begin():
        (await session.get_one(Person, deputy.id)).away_until = None
    clock.at = local(2026, 12, 8, 10)
    replies = await channel.receive(f"p{org.people['Văn phòng'].id}", text="/baocao", at=clock.at)
    office = "\n".join(r.text for r in replies).split("Bản tin tuần")[-1]  # after the reminder sent at 08:00
    assert "lãnh đạo cơ quan đề nghị thay nếu đơn vị có người xứng đáng." in office
    assert heads_away not in office

    # Lãnh đạo A at a course beside Lãnh đạo B on leave: the units' line says each (decision 2719)
    async with any_app.sessionmaker() as session, session.begin():
        leader_a = await session.get_one(Person, org.people["Lãnh đạo A"].id)
        leader_a.away_until, leader_a.away_reason = date(2027, 1, 15), "training"
    clock.at = local(2026, 12, 8, 10, 30)
    replies = await channel.receive(f"p{org.people['Văn phòng'].id}", text="/baocao", at=clock.at)
    office = "\n".join(r.text for r in replies).split("Bản tin tuần")[-1]
    assert (
        "Lãnh đạo Phòng A, Phòng B đang nghỉ dài ngày hoặc đi học, tập huấn nên không nhận được lời nhắc: "
        "lãnh đạo cơ quan đề nghị thay nếu đơn vị có người xứng đáng."
    ) in office, office
