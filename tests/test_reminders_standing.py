"""A deadline's reminder says where its reader stands, read when it goes out, in the reader's own words
(docs/decisions/0064): a unit's leader reads their unit's standing proposals, the organisation's head reads
the units' deadline as one they oversee, the office and the head read the year's proposals before their own
deadline; a commune's hamlet head reads about their hamlet, not a school's "phòng, khoa, trung tâm". On
SQLite and PostgreSQL; the clock is injected."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import AwardForm, OutboxMessage, RoleAssignment, Unit
from bot.delivery.transport import OutboundMessage
from bot.domain.access import actor_for
from bot.domain.awards import propose_award, withdraw_proposal
from bot.domain.reminders import derive, scan
from bot.messages import BUTTONS
from tests.support.orgs import Seeded, add_person, seed
from tests.support.templates import Seed
from tests.test_reminders import local, press

SUMMARY = "Mỗi tháng 2 ngày công giúp hộ nghèo."
PLAN_WORDS = "phòng, khoa, trung tâm"


@pytest.fixture
def database_seed() -> Seed:
    return _seeded


async def _seeded(session: AsyncSession) -> Seeded:
    seeded = await seed(session, local(2026, 11, 1, 9))
    # listed as staff: a school's; a household of its own would make it read as a commune (decision 0139)
    await add_person(session, seeded, "Hộ bà Lành", "A", ("member", "A"), now=local(2026, 11, 1, 9))
    return seeded


async def propose(
    app: App, org: Seeded, by: str, form: str, unit: str | None, person: str | None, at: datetime
) -> int:
    """`by` proposes `person` of `unit` (None: the unit itself; no unit either: the organisation) for the
    award form with code `form`, for 2026."""
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, org.people[by])
        form_id = await session.scalar(
            select(AwardForm.id).where(AwardForm.campaign_id == org.campaign.id, AwardForm.code == form)
        )
        assert form_id is not None
        proposal = await propose_award(
            session,
            actor,
            form_id=form_id,
            year=2026,
            unit_id=org.units[unit].id if unit else None,
            person_id=org.people[person].id if person else None,
            summary=SUMMARY,
            now=at,
        )
        return proposal.id


async def withdraw(app: App, org: Seeded, by: str, proposal_id: int, at: datetime) -> None:
    async with app.sessionmaker() as session, session.begin():
        await withdraw_proposal(session, await actor_for(session, org.people[by]), proposal_id, now=at)


async def remind(app: App, at: datetime) -> None:
    """The day's derivation at 00:15, then the scan at `at`."""
    async with app.sessionmaker() as session, session.begin():
        await derive(session, now=at.replace(hour=0, minute=15), settings=app.settings)
    async with app.sessionmaker() as session, session.begin():
        await scan(session, now=at, settings=app.settings)


async def texts(app: App, org: Seeded, name: str) -> list[str]:
    """The reminders `name` was sent, oldest first."""
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.key.like("reminder:%"), OutboxMessage.person_id == org.people[name].id)
            .order_by(OutboxMessage.id)
        )
        return [OutboundMessage.from_payload(row.payload).text for row in rows]


async def last_reminder(app: App, org: Seeded, name: str) -> OutboundMessage:
    """The last reminder `name` was sent, with its buttons."""
    async with app.sessionmaker() as session:
        row = await session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.key.like("reminder:%"), OutboxMessage.person_id == org.people[name].id)
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
    assert row is not None
    return OutboundMessage.from_payload(row.payload)


async def test_a_unit_leader_reads_the_units_standing_proposals_as_they_are_when_the_reminder_goes_out(
    any_app: App, org: Seeded
) -> None:
    at = local(2026, 11, 20, 9)
    await propose(any_app, org, "Lãnh đạo A", "giay-khen-thu-truong", "A", "An", at)
    await propose(any_app, org, "Lãnh đạo A", "giay-khen-giam-doc-so", "A", None, at)  # the unit itself
    taken_back = await propose(any_app, org, "Lãnh đạo A", "giay-khen-thu-truong", "A", "Bình", at)
    await withdraw(any_app, org, "Lãnh đạo A", taken_back, at)
    await propose(any_app, org, "Thủ trưởng", "bang-khen-ubnd-tinh", None, None, at)  # the organisation's own

    await remind(any_app, local(2026, 12, 3, 8))  # 7 days before the units' 10/12 deadline
    (first,) = await texts(any_app, org, "Lãnh đạo A")
    assert (
        "• Phòng A gửi hồ sơ đề nghị khen thưởng về Trường Thử: hạn 10/12/2026. "
        "Phòng A đã đề nghị 2 (1 cá nhân, 1 tập thể)."
    ) in first  # Bình's proposal was withdrawn; the organisation's own is not the unit's
    assert PLAN_WORDS not in first
    (english,) = await texts(any_app, org, "Lãnh đạo B")
    assert (
        "Phòng B sends its award proposals to Trường Thử: due on 10/12/2026. "
        "Phòng B has proposed no one yet; if the unit proposes no one, choose “Done”."
    ) in english

    # Between two reminders the leader proposes a household: the next one says so. (A household makes the
    # school read as a commune, which is offered no department director's Giấy khen: decision 0247.)
    async with any_app.sessionmaker() as session, session.begin():
        (await session.merge(org.people["Hộ bà Lành"])).kind = "household"
    await propose(
        any_app, org, "Lãnh đạo A", "giay-khen-thu-truong", "A", "Hộ bà Lành", local(2026, 12, 5, 9)
    )
    await remind(any_app, local(2026, 12, 7, 8))
    second = (await texts(any_app, org, "Lãnh đạo A"))[-1]
    assert "Phòng A đã đề nghị 3 (1 cá nhân, 1 hộ gia đình, 1 tập thể)." in second


@pytest.mark.sqlite_only
async def test_the_organisations_head_reads_the_units_deadline_as_one_to_oversee(
    any_app: App, org: Seeded
) -> None:
    at = local(2026, 11, 20, 9)
    await propose(any_app, org, "Lãnh đạo A", "giay-khen-thu-truong", "A", "An", at)
    await propose(any_app, org, "Lãnh đạo A", "giay-khen-giam-doc-so", "A", None, at)
    await propose(any_app, org, "Thủ trưởng", "bang-khen-ubnd-tinh", None, None, at)  # not a unit's

    await remind(any_app, local(2026, 12, 3, 8))
    (text,) = await texts(any_app, org, "Thủ trưởng")
    assert (
        "• Hạn các đơn vị gửi hồ sơ đề nghị khen thưởng về Trường Thử: 10/12/2026. "
        "Các đơn vị đã đề nghị: 1/2 đơn vị, 2 đề nghị."
    ) in text
    assert PLAN_WORDS not in text


@pytest.mark.sqlite_only
async def test_a_unit_that_proposed_only_the_ad_hoc_award_is_still_reminded_of_its_yearly_list(
    any_app: App, org: Seeded
) -> None:
    """Phòng A's leader proposes An for the province's Bằng khen, the ad hoc award (proposed when the deed is
    done, on no list of 10/12: decision 1014) and no one for the yearly ones. Its reminder of 10/12 and the
    head's count read it as not having answered for the yearly list; the office's 15/12 still counts it."""
    await propose(any_app, org, "Lãnh đạo A", "bang-khen-ubnd-tinh", "A", "An", local(2026, 11, 20, 9))

    await remind(any_app, local(2026, 12, 3, 8))
    (leader,) = await texts(any_app, org, "Lãnh đạo A")
    # never “Phòng A chưa đề nghị ai” alone, as if An's proposal were gone (decision 1153)
    assert (
        "Phòng A chưa đề nghị ai khen thưởng hằng năm; đề nghị khen thưởng đột xuất vẫn giữ nguyên. "
        "Nếu không đề nghị ai, anh/chị chọn “Đã xong”."
    ) in leader
    (head,) = await texts(any_app, org, "Thủ trưởng")
    assert "Các đơn vị đã đề nghị: 0/2 đơn vị, 0 đề nghị. Chưa trả lời: Phòng A, Phòng B." in head
    # “Đã xong” says no one for the yearly lists, and that An's proposal for the Bằng khen stands
    reminder = await last_reminder(any_app, org, "Lãnh đạo A")
    answer = await press(any_app, org.people["Lãnh đạo A"].id, reminder, "Đã xong", local(2026, 12, 3, 9))
    assert (
        "Đã ghi nhận: năm 2026 Phòng A không đề nghị ai khen thưởng hằng năm; đề nghị khen thưởng đột xuất "
        "vẫn giữ nguyên. Nếu đổi ý, anh/chị vẫn đề nghị được bằng /dekhenthuong đến hạn 10/12/2026"
    ) in answer

    await remind(any_app, local(2026, 12, 8, 8))  # 7 days before the organisation's own 15/12
    office = (await texts(any_app, org, "Văn phòng"))[-1]
    assert "15/12/2026. Năm nay có 1 đề nghị cho 1 hình thức khen thưởng" in office


@pytest.mark.sqlite_only
async def test_an_ad_hoc_proposal_after_done_leaves_the_unit_answered_for_its_yearly_list(
    any_app: App, org: Seeded
) -> None:
    """Phòng A's leader chooses “Đã xong” on 3/12 (no one for the yearly lists), then on 5/12 proposes An for
    the province's Bằng khen, the ad hoc award (decision 1014). That proposal is not a yearly one, so it
    does not take the “Đã xong” back: the head and the office still read Phòng A as proposing no one, never
    as a unit that has not answered, and the screen does not say its “Đã xong” is gone (decision 1151)."""
    await remind(any_app, local(2026, 12, 3, 8))
    reminder = await last_reminder(any_app, org, "Lãnh đạo A")
    answer = await press(any_app, org.people["Lãnh đạo A"].id, reminder, "Đã xong", local(2026, 12, 3, 9))
    assert "Phòng A không đề nghị ai khen thưởng." in answer
    await propose(any_app, org, "Lãnh đạo A", "bang-khen-ubnd-tinh", "A", "An", local(2026, 12, 5, 9))

    await remind(any_app, local(2026, 12, 7, 8))
    head = (await texts(any_app, org, "Thủ trưởng"))[-1]
    assert (
        "Các đơn vị đã đề nghị: 0/2 đơn vị, 0 đề nghị. 1 đơn vị không đề nghị ai. Chưa trả lời: Phòng B."
    ) in head
    await remind(any_app, local(2026, 12, 8, 8))  # 7 days before the organisation's own 15/12
    office = (await texts(any_app, org, "Văn phòng"))[-1]
    assert "Năm nay có 1 đề nghị cho 1 hình thức khen thưởng" in office
    assert "Chưa trả lời: Phòng B." in office


@pytest.mark.sqlite_only
async def test_the_office_and_the_head_read_the_years_proposals_before_the_organisations_deadline(
    any_app: App, org: Seeded
) -> None:
    await remind(any_app, local(2026, 12, 8, 8))  # 7 days before the organisation's own 15/12
    (none_yet,) = await texts(any_app, org, "Văn phòng")
    assert "15/12/2026. Năm nay chưa có đề nghị nào." in none_yet

    at = local(2026, 12, 9, 9)
    await propose(any_app, org, "Lãnh đạo A", "giay-khen-thu-truong", "A", "An", at)
    await propose(any_app, org, "Lãnh đạo B", "giay-khen-thu-truong", "B", "Dũng", at)
    await propose(any_app, org, "Lãnh đạo A", "giay-khen-giam-doc-so", "A", None, at)
    await propose(any_app, org, "Thủ trưởng", "bang-khen-ubnd-tinh", None, None, at)
    withdrawn = await propose(any_app, org, "Lãnh đạo B", "giay-khen-giam-doc-so", "B", "Hà", at)
    await withdraw(any_app, org, "Lãnh đạo B", withdrawn, at)

    await remind(any_app, local(2026, 12, 14, 8))  # 3 days before was Saturday 12/12: the Monday's
    for name in ("Văn phòng", "Thủ trưởng"):
        text = (await texts(any_app, org, name))[-1]
        assert (
            f"{org.org.name} gửi hồ sơ đề nghị khen thưởng lên cấp trên: hạn 15/12/2026. Năm nay có 4 "
            "đề nghị cho 3 hình thức khen thưởng; tờ trình và biên bản họp Hội đồng ở mục “Khen thưởng”."
        ) in text


async def test_a_communes_hamlet_head_reads_about_the_hamlet_never_a_schools_departments(
    any_app: App, org: Seeded
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        commune = await seed(session, local(2026, 11, 1, 9), code="XA", name="UBND xã Tân Hòa")
        for code, name in (("A", "Thôn 1"), ("B", "Thôn 2")):
            (await session.merge(commune.units[code])).name = name
        household = await add_person(
            session, commune, "Hộ ông Páo", "A", ("member", "A"), now=local(2026, 11, 1, 9)
        )
        household.kind = "household"  # households belong to it: a commune (decision 0139)
        for n in range(3, 7):  # six hamlets: the head's line names five, the sixth counted
            unit = Unit(org_id=commune.org.id, code=f"T{n}", name=f"Thôn {n}")
            session.add(unit)
            await session.flush()
            commune.units[unit.code] = unit
            await add_person(
                session,
                commune,
                f"Trưởng thôn {n}",
                unit.code,
                ("leader", unit.code),
                now=local(2026, 11, 1, 9),
            )

    await remind(any_app, local(2026, 12, 3, 8))
    sent = [
        text
        for name in ("Lãnh đạo A", "Lãnh đạo B", "Thủ trưởng", "Trưởng thôn 3")
        for text in await texts(any_app, commune, name)
    ]
    assert len(sent) == 4
    assert all(PLAN_WORDS not in text.casefold() for text in sent)
    hamlet_head = (await texts(any_app, commune, "Lãnh đạo A"))[0]
    assert "Thôn 1 gửi hồ sơ đề nghị khen thưởng về UBND xã Tân Hòa: hạn 10/12/2026." in hamlet_head
    assert "Thôn 1 chưa đề nghị ai; nếu không đề nghị ai, anh/chị chọn “Đã xong”." in hamlet_head
    # the commune's head reads its hamlets' deadline, not “các đơn vị” (decision 0247)
    head = (await texts(any_app, commune, "Thủ trưởng"))[0]
    assert (
        "• Hạn các thôn, ban gửi hồ sơ đề nghị khen thưởng về UBND xã Tân Hòa: 10/12/2026. Các thôn, ban đã "
        "đề nghị: 0/6, 0 đề nghị. Chưa trả lời: Thôn 1, Thôn 2, Thôn 3, Thôn 4, Thôn 5 và 1 thôn, ban khác."
    ) in head.split("\n")
    assert all("đơn vị" not in text for text in sent)


async def test_a_deadline_whose_reminders_fell_due_together_is_said_once(any_app: App, org: Seeded) -> None:
    """The bot was down over the weekend of 12–13 December: on Monday 14/12 the 3-day reminder of the
    organisation's own 15/12 is still due beside the 1-day one. One message, the deadline said once."""
    await remind(any_app, local(2026, 12, 9, 8))
    async with any_app.sessionmaker() as session, session.begin():
        await derive(session, now=local(2026, 12, 14, 0), settings=any_app.settings)
        await scan(session, now=local(2026, 12, 14, 8), settings=any_app.settings)
    text = (await texts(any_app, org, "Văn phòng"))[-1]
    assert text.count("hạn 15/12/2026") == 1, text


async def test_the_head_and_the_office_are_told_which_units_have_not_answered_yet(
    any_app: App, org: Seeded
) -> None:
    """Nine units: Phòng A proposes, Phòng B's leader chooses “Đã xong” (it proposes no one). The head's
    reminder of the units' 10/12 and the office's of the organisation's 15/12 name the units that have done
    neither, the first five, the others counted; never Phòng A nor Phòng B."""
    async with any_app.sessionmaker() as session, session.begin():
        for code in "CDEFGHI":
            unit = Unit(org_id=org.org.id, code=code, name=f"Phòng {code}")
            session.add(unit)
            await session.flush()
            org.units[code] = unit
            await add_person(session, org, f"Lãnh đạo {code}", code, ("leader", code), now=local(2026, 11, 1))
    await propose(any_app, org, "Lãnh đạo A", "giay-khen-thu-truong", "A", "An", local(2026, 12, 1, 9))

    await remind(any_app, local(2026, 12, 3, 8))
    head = (await texts(any_app, org, "Thủ trưởng"))[-1]
    assert (
        "Các đơn vị đã đề nghị: 1/9 đơn vị, 1 đề nghị. Chưa trả lời: Phòng B, Phòng C, Phòng D, Phòng E, "
        "Phòng F và 3 đơn vị khác."
    ) in head
    reminder = await last_reminder(any_app, org, "Lãnh đạo B")
    answer = await press(any_app, org.people["Lãnh đạo B"].id, reminder, "Done", local(2026, 12, 3, 9))
    assert "will not remind you" in answer

    await remind(any_app, local(2026, 12, 7, 8))
    head = (await texts(any_app, org, "Thủ trưởng"))[-1]
    assert (
        "Các đơn vị đã đề nghị: 1/9 đơn vị, 1 đề nghị. 1 đơn vị không đề nghị ai. Chưa trả lời: Phòng C, "
        "Phòng D, Phòng E, Phòng F, Phòng G và 2 đơn vị khác."
    ) in head
    await remind(any_app, local(2026, 12, 8, 8))  # 7 days before the organisation's own 15/12
    office = (await texts(any_app, org, "Văn phòng"))[-1]
    assert "Chưa trả lời: Phòng C, Phòng D, Phòng E, Phòng F, Phòng G và 2 đơn vị khác." in office


async def test_a_leader_of_two_units_choosing_done_is_told_which_unit_proposes_no_one(
    any_app: App, org: Seeded
) -> None:
    """Lãnh đạo A also leads Phòng B. Phòng A has proposed An; one reminder names both units, with one
    “Đã xong”. Pressed, it says back that Phòng B proposes no one (and that it may still propose), and the
    head then reads Phòng B as answered, not among the units still to chase."""
    async with any_app.sessionmaker() as session, session.begin():
        session.add(
            RoleAssignment(
                person_id=org.people["Lãnh đạo A"].id,
                role="leader",
                org_id=org.org.id,
                unit_id=org.units["B"].id,
                granted_at=local(2026, 11, 1),
            )
        )
    await propose(any_app, org, "Lãnh đạo A", "giay-khen-thu-truong", "A", "An", local(2026, 12, 1, 9))
    await remind(any_app, local(2026, 12, 3, 8))
    reminder = await last_reminder(any_app, org, "Lãnh đạo A")
    assert "Phòng A đã đề nghị 1 (1 cá nhân)." in reminder.text and "Phòng B chưa đề nghị ai" in reminder.text
    # “xong”, “da gui” typed about something else record nothing of the kind: only the button does (0281)
    typing = CollectingChannel(any_app.engine, BUTTONS)
    for words in ("xong", "da gui"):
        typed = await typing.receive(
            f"p{org.people['Lãnh đạo A'].id}", text=words, at=local(2026, 12, 3, 8, 30)
        )
        assert not any("không đề nghị ai" in reply.text or "không nhắc" in reply.text for reply in typed)
    answer = await press(any_app, org.people["Lãnh đạo A"].id, reminder, "Đã xong", local(2026, 12, 3, 9))
    assert (
        "Đã ghi nhận: năm 2026 Phòng B không đề nghị ai khen thưởng. Nếu đổi ý, anh/chị vẫn đề nghị được "
        "bằng /dekhenthuong đến hạn 10/12/2026; chọn nhầm “Đã xong” thì bỏ được ở đó."
    ) in answer
    assert "Phòng A" not in answer  # it has proposed: nothing to confirm there

    await remind(any_app, local(2026, 12, 7, 8))
    head = (await texts(any_app, org, "Thủ trưởng"))[-1]
    assert "Các đơn vị đã đề nghị: 1/2 đơn vị, 1 đề nghị. 1 đơn vị không đề nghị ai." in head
    assert "Chưa trả lời" not in head
