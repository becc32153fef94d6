"""December walked by the office's clerk (docs/decisions/0115): a proposal made or withdrawn after the units'
award deadline (10/12) puts the dossier the office printed out of date, so the office hears of it, one notice
an hour at most and never at night, until the award's list is decided; before the deadline it hears nothing.
And a unit with no leader of its own, which only the organisation's head can propose for, is named in the
head's and the office's reminders while it has proposed no one."""

from __future__ import annotations

from argparse import Namespace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document as read_docx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.award_minutes import write_minutes
from bot.channels.collecting import CollectingChannel
from bot.cli_awards import run_award_decide, run_award_list
from bot.clock import LOCAL_TZ
from bot.db.models import (
    AwardForm,
    ChannelIdentity,
    Organisation,
    OutboxMessage,
    Person,
    RoleAssignment,
    Unit,
)
from bot.demo import DemoInvites
from bot.domain.access import actor_for
from bot.domain.awards import Decision, award_minutes, change_proposal, record_form_outcome
from bot.i18n import PAPER_LOCALE
from bot.messages import BUTTONS
from tests.support.clocks import MovableClock
from tests.support.joins import joined
from tests.support.orgs import Seeded, add_person, new_person, seed
from tests.support.profiles import on_buttons, on_text_only
from tests.support.templates import Seed
from tests.test_awards import MAI, PDT, PROVINCE, SUMMARY, YEARLY, grant, propose_mai
from tests.test_cli import ENGLISH, Cli, ok
from tests.test_notices import notices, press
from tests.test_reminders import local
from tests.test_reminders_standing import propose, remind, texts, withdraw

HEADS_FORM, DIRECTORS_FORM = "giay-khen-thu-truong", "giay-khen-giam-doc-so"
HEADS, DIRECTORS = "Giấy khen của Thủ trưởng đơn vị", "Giấy khen của Giám đốc Sở"


async def late_rows(app: App, name: str) -> list[OutboxMessage]:
    """The office's notices of late changes to `name`, oldest first."""
    async with app.sessionmaker() as session:
        person = await session.scalar(select(Person.id).where(Person.full_name == name))
        return list(
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.key.like("notice:awards_late:%"), OutboxMessage.person_id == person)
                .order_by(OutboxMessage.id)
            )
        )


def at_local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ).astimezone(UTC)


async def test_changes_after_the_units_deadline_reach_the_office_in_one_notice_with_the_awards_button(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    tu, ha = make_person("tu"), make_person("ha")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")  # the office of the awards council

    clock.at = at_local(2026, 12, 10, 15, 0)  # the units' deadline day: the office compiles after it
    await propose_mai(tu)
    assert f"Đã ghi đề nghị tặng {YEARLY} (2026) cho {MAI}." in await tu.choose("Có")
    assert await late_rows(app, "Vũ Thị Hà") == []

    clock.at = at_local(2026, 12, 11, 9, 10)  # the day after: the office has printed the dossier
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Chính đơn vị")
    await tu.say("Tập thể dẫn đầu phong trào.")
    await tu.choose("Có")
    await tu.choose("Danh sách đề nghị năm 2026")
    await tu.choose(f"Rút: {MAI}")
    await tu.choose("Có")

    [row] = await late_rows(app, "Vũ Thị Hà")  # two changes in a minute: one notice, at 10:00
    assert row.status == "pending" and row.not_before.astimezone(LOCAL_TZ).hour == 10
    assert notices(ha) == []

    clock.at = at_local(2026, 12, 11, 10, 0)
    screen = await ha.say("/menu")
    assert (
        "Đề nghị khen thưởng năm 2026 có thay đổi sau hạn các đơn vị gửi (10/12/2026):\n"
        f"• tập thể {PDT} — {YEARLY}: Phạm Văn Tú mới đề nghị.\n"
        f"• {MAI} ({PDT}) — {YEARLY}: Phạm Văn Tú đã rút đề nghị.\n"
        "Hồ sơ đã làm trước đó không còn đúng: anh/chị vui lòng lấy lại tờ trình và biên bản họp Hội đồng ở "
        "mục “Khen thưởng” (/dekhenthuong)."
    ) in screen
    [notice] = notices(ha)
    assert "Tờ trình và danh sách (Word)" in await press(ha, notice, "Khen thưởng")


@on_text_only
async def test_the_office_compiling_on_the_14th_reads_which_proposals_came_after_the_units_deadline(
    app: App, invites: DemoInvites, clock: MovableClock, make_person, tmp_path: Path, db_path: Path
) -> None:
    """Mai proposed on 9/12, the unit itself on 11/12: on 14/12 the office's list, in the chat and at the
    shell, says beside the unit's proposal that it came after the units' deadline and on which day, once
    the notice of it has scrolled away; Mai's, on time, reads as before."""
    tu, ha = make_person("tu"), make_person("ha")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    clock.at = at_local(2026, 12, 9, 9, 0)
    await propose_mai(tu)
    await tu.choose("Có")
    clock.at = at_local(2026, 12, 11, 9, 0)
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Chính đơn vị")
    await tu.say("Tập thể dẫn đầu phong trào.")
    await tu.choose("Có")

    clock.at = at_local(2026, 12, 14, 9, 0)
    await ha.say("/dekhenthuong")
    screen = await ha.choose("Danh sách đề nghị năm 2026")
    assert (
        f"• tập thể {PDT} — {YEARLY}; người đề nghị: Phạm Văn Tú\n"
        "   Gửi sau hạn các đơn vị (10/12/2026): ngày 11/12/2026.\n"
        f"• {MAI} ({PDT}) — {YEARLY}; người đề nghị: Phạm Văn Tú\n"
    ) in screen + "\n"
    assert screen.count("sau hạn") == 1

    listing = ok(Cli(tmp_path, db_path, settings=ENGLISH)("award", "list", "--year", "2026"))
    late = "[Sent after the units' deadline (10/12/2026), on 11/12/2026]"
    assert f"(proposed by Phạm Văn Tú)  {late}" in listing
    assert listing.count("[Sent ") == 1


@on_text_only
async def test_an_ad_hoc_award_proposed_after_the_units_deadline_is_not_called_late(
    app: App, invites: DemoInvites, clock: MovableClock, make_person, tmp_path: Path, db_path: Path
) -> None:
    """The province's Bằng khen is an ad hoc award (khen thưởng đột xuất), proposed when the deed is done:
    the units' 10/12 is the yearly awards' day. Proposed on 11/12, its last look, the answer, the office
    and the office's list on 14/12 say nothing of a deadline passed; the yearly Giấy khen proposed the same
    day still reads late."""
    tu, ha = make_person("tu"), make_person("ha")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    clock.at = at_local(2026, 12, 11, 9, 0)
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(PROVINCE)
    await tu.choose("Cá nhân trong đơn vị")
    await tu.say("tran thi mai")
    screen = await tu.say("Cứu người trong lũ.")
    assert "• Thành tích: Cứu người trong lũ.\nAnh/chị gửi đề nghị này chứ?" in screen
    screen = await tu.choose("Có")
    assert f"Đã ghi đề nghị tặng {PROVINCE} (2026) cho {MAI}." in screen and "sau hạn" not in screen
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Chính đơn vị")
    await tu.say("Tập thể dẫn đầu phong trào.")
    assert "Gửi sau hạn các đơn vị (10/12/2026)" in await tu.choose("Có")
    [notice] = await late_rows(app, "Vũ Thị Hà")
    assert PROVINCE not in notice.payload["text"] and YEARLY in notice.payload["text"]

    clock.at = at_local(2026, 12, 14, 9, 0)
    await ha.say("/dekhenthuong")
    screen = await ha.choose("Danh sách đề nghị năm 2026")
    assert f"• {MAI} ({PDT}) — {PROVINCE}; người đề nghị: Phạm Văn Tú\n" in screen + "\n"
    assert screen.count("Gửi sau hạn") == 1  # the yearly one only
    listing = ok(Cli(tmp_path, db_path, settings=ENGLISH)("award", "list", "--year", "2026"))
    assert listing.count("[Sent ") == 1


@pytest.fixture
def database_seed() -> Seed:
    return _seeded


async def _seeded(session: AsyncSession) -> Seeded:
    return await seed(session, local(2026, 11, 1, 9))


async def test_changes_at_night_wait_for_the_morning_in_one_notice_and_stop_once_the_list_is_decided(
    any_app: App, org: Seeded
) -> None:
    before = local(2026, 12, 9, 9)
    an = await propose(any_app, org, "Lãnh đạo A", HEADS_FORM, "A", "An", before)
    unit_a = await propose(any_app, org, "Lãnh đạo A", DIRECTORS_FORM, "A", None, before)
    await withdraw(any_app, org, "Lãnh đạo A", an, local(2026, 12, 10, 20))
    assert await late_rows(any_app, "Văn phòng") == []  # before and on the deadline: nothing

    await propose(any_app, org, "Lãnh đạo B", HEADS_FORM, "B", "Dũng", local(2026, 12, 11, 22, 30))
    await propose(any_app, org, "Thủ trưởng", HEADS_FORM, "A", "Bình", local(2026, 12, 12, 5, 0))
    [row] = await late_rows(any_app, "Văn phòng")
    assert row.not_before.astimezone(LOCAL_TZ) == local(2026, 12, 12, 7, 0)  # after the quiet hours
    assert row.payload["text"].count("\n• ") == 2
    assert "• Dũng (Phòng B) — " + HEADS + ": Lãnh đạo B mới đề nghị." in row.payload["text"]
    assert "• Bình (Phòng A) — " + HEADS + ": Thủ trưởng mới đề nghị." in row.payload["text"]
    # held over the night, it is kept in English too, for a reader who turns to it by the morning: both
    # lines in English, the night's one not left in Vietnamese (decision 2172)
    english = row.payload["also_in"]["en"]["text"]
    assert english.count("\n• ") == 2 and "đề nghị" not in english
    assert await late_rows(any_app, "Thủ trưởng") == []  # the head is not the office

    async with any_app.sessionmaker() as session, session.begin():  # the council decides the head's award
        office = await actor_for(session, org.people["Văn phòng"])
        await record_form_outcome(
            session,
            office,
            org.org.id,
            year=2026,
            form_code=HEADS_FORM,
            decision=Decision(True, "12/QĐ", date(2026, 12, 14)),
            now=local(2026, 12, 14, 9),
        )
    await propose(any_app, org, "Lãnh đạo B", HEADS_FORM, "B", "Hà", local(2026, 12, 15, 9))
    await withdraw(any_app, org, "Lãnh đạo A", unit_a, local(2026, 12, 15, 9, 5))  # not decided yet
    later = await late_rows(any_app, "Văn phòng")
    assert len(later) == 2
    assert later[1].not_before.astimezone(LOCAL_TZ) == local(2026, 12, 15, 10, 0)
    assert "Hà" not in later[1].payload["text"]
    assert f"• tập thể Phòng A — {DIRECTORS}: Lãnh đạo A đã rút đề nghị." in later[1].payload["text"]


@pytest.mark.sqlite_only
async def test_units_with_no_leader_of_their_own_that_proposed_no_one_are_named_to_the_head_and_office(
    any_app: App, org: Seeded
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        for code, name in (("C", "Khoa Công nghệ"), ("D", "Ban Giám hiệu")):
            unit = Unit(org_id=org.org.id, code=code, name=name)
            session.add(unit)
            await session.flush()
            org.units[code] = unit
        await add_person(session, org, "Giang", "D", ("member", "D"), now=local(2026, 11, 1, 9))
    # The head proposes for Ban Giám hiệu, which has no leader of its own; Khoa Công nghệ proposes no one.
    await propose(any_app, org, "Thủ trưởng", HEADS_FORM, "D", "Giang", local(2026, 11, 20, 9))

    await remind(any_app, local(2026, 12, 3, 8))  # 7 days before the units' 10/12
    (head,) = await texts(any_app, org, "Thủ trưởng")
    assert (
        "Các đơn vị đã đề nghị: 1/4 đơn vị, 1 đề nghị. Chưa trả lời: Phòng A, Phòng B. "
        "Khoa Công nghệ chưa có lãnh đạo đơn vị để đề nghị khen thưởng: nếu ở đó có người xứng đáng, anh/chị "
        "đề nghị thay ở mục “Khen thưởng”."
    ) in head
    assert "Ban Giám hiệu chưa" not in head
    (unit_leader,) = await texts(any_app, org, "Lãnh đạo A")
    assert "chưa có lãnh đạo đơn vị" not in unit_leader

    await remind(any_app, local(2026, 12, 8, 8))  # 7 days before the organisation's own 15/12
    office = (await texts(any_app, org, "Văn phòng"))[-1]
    assert (
        "Năm nay có 1 đề nghị cho 1 hình thức khen thưởng; tờ trình và biên bản họp Hội đồng ở mục "
        "“Khen thưởng”. Chưa trả lời: Phòng A, Phòng B. Khoa Công nghệ chưa có lãnh đạo đơn vị để đề nghị "
        "khen thưởng: nếu ở đó có người xứng đáng, lãnh đạo cơ quan đề nghị thay ở mục “Khen thưởng”; văn "
        "phòng có thể giao vai trò lãnh đạo đơn vị ở mục “Phân quyền”."
    ) in office
    head = (await texts(any_app, org, "Thủ trưởng"))[-1]
    assert (
        "Khoa Công nghệ chưa có lãnh đạo đơn vị để đề nghị khen thưởng: nếu ở đó có người xứng đáng, anh/chị "
        "đề nghị thay ở mục “Khen thưởng”."
    ) in head

    # The head proposes for it: the next reminder no longer names it.
    await propose(any_app, org, "Thủ trưởng", HEADS_FORM, "C", None, local(2026, 12, 10, 9))
    await remind(any_app, local(2026, 12, 14, 8))  # 3 days before was Saturday 12/12: the Monday's
    assert "chưa có lãnh đạo đơn vị" not in (await texts(any_app, org, "Văn phòng"))[-1]


async def test_a_unit_whose_listed_leader_is_not_on_the_bot_is_named_to_the_head_and_office_to_tell_in_person(
    any_app: App, org: Seeded
) -> None:
    """A staff list imported mid-year makes Vũ Thị Hạnh the leader of a new unit, Khoa Kinh tế; she has not
    joined the bot, so no reminder of the 10/12 deadline reaches her: the head and the office read so."""
    async with any_app.sessionmaker() as session, session.begin():
        unit = Unit(org_id=org.org.id, code="KT", name="Khoa Kinh tế")
        session.add(unit)
        await session.flush()
        org.units["KT"] = unit
        hanh = new_person(org, "Vũ Thị Hạnh", "KT", now=local(2026, 11, 1, 9))
        session.add(hanh)
        await session.flush()
        for scope in (None, unit.id):  # listed: an organisation member, the leader of her unit
            role = "leader" if scope else "member"
            session.add(
                RoleAssignment(
                    person_id=hanh.id,
                    role=role,
                    org_id=org.org.id,
                    unit_id=scope,
                    granted_at=local(2026, 11, 1, 9),
                )
            )

    await remind(any_app, local(2026, 12, 3, 8))  # 7 days before the units' 10/12
    (head,) = await texts(any_app, org, "Thủ trưởng")
    assert (
        "Lãnh đạo Khoa Kinh tế chưa dùng Chung Tay nên không nhận được lời nhắc: anh/chị báo trực tiếp, "
        "hoặc đề nghị thay nếu đơn vị có người xứng đáng."
    ) in head
    assert "Khoa Kinh tế chưa có lãnh đạo đơn vị" not in head
    (unit_leader,) = await texts(any_app, org, "Lãnh đạo A")
    assert "Khoa Kinh tế" not in unit_leader

    await remind(any_app, local(2026, 12, 8, 8))  # 7 days before the organisation's own 15/12
    office = (await texts(any_app, org, "Văn phòng"))[-1]
    assert (
        "Lãnh đạo Khoa Kinh tế chưa dùng Chung Tay nên không nhận được lời nhắc: anh/chị báo trực tiếp."
        in office
    )

    async with any_app.sessionmaker() as session, session.begin():  # she joins: nothing more to tell
        session.add(
            ChannelIdentity(
                channel="console", external_id="hanh", person_id=hanh.id, created_at=local(2026, 12, 9)
            )
        )
    await remind(any_app, local(2026, 12, 14, 8))  # 3 days before was Saturday 12/12: the Monday's
    office = (await texts(any_app, org, "Văn phòng"))[-1]
    assert "chưa dùng Chung Tay" not in office
    assert "Chưa trả lời: Khoa Kinh tế, Phòng A, Phòng B." in office  # reached now: like any other unit


async def test_a_unit_whose_leader_is_on_long_leave_is_named_to_the_head_and_office_to_propose_in_her_stead(
    any_app: App, org: Seeded
) -> None:
    """Lãnh đạo B, Phòng B's only leader, is on maternity leave until 15/03/2027 (decision 0740): no reminder
    of the 10/12 deadline goes to her, so Phòng B cannot answer. The head read it among “Chưa trả lời” as if
    its leader had been reminded; the head and the office now read why, and who may propose in her stead."""
    async with any_app.sessionmaker() as session, session.begin():
        (await session.get_one(Person, org.people["Lãnh đạo B"].id)).away_until = date(2027, 3, 15)

    await remind(any_app, local(2026, 12, 3, 8))  # 7 days before the units' 10/12
    assert await texts(any_app, org, "Lãnh đạo B") == []
    (head,) = await texts(any_app, org, "Thủ trưởng")
    assert (
        "Chưa trả lời: Phòng A. Lãnh đạo Phòng B đang nghỉ dài ngày nên không nhận được lời nhắc: anh/chị đề "
        "nghị thay nếu đơn vị có người xứng đáng."
    ) in head

    await remind(any_app, local(2026, 12, 8, 8))  # 7 days before the organisation's own 15/12
    office = (await texts(any_app, org, "Văn phòng"))[-1]
    assert (
        "Lãnh đạo Phòng B đang nghỉ dài ngày nên không nhận được lời nhắc: lãnh đạo cơ quan đề nghị thay nếu "
        "đơn vị có người xứng đáng."
    ) in office


async def test_many_units_with_no_leader_are_named_briefly(any_app: App, org: Seeded) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        for n in range(1, 8):
            session.add(Unit(org_id=org.org.id, code=f"T{n}", name=f"Tổ {n}"))
    await remind(any_app, local(2026, 12, 3, 8))
    (head,) = await texts(any_app, org, "Thủ trưởng")
    assert (
        "Tổ 1, Tổ 2, Tổ 3, Tổ 4, Tổ 5 và 2 đơn vị khác chưa có lãnh đạo đơn vị để đề nghị khen thưởng: nếu ở "
        "đó có người xứng đáng, anh/chị đề nghị thay ở mục “Khen thưởng”."
    ) in head


@on_text_only
async def test_a_leader_opening_awards_after_the_units_deadline_reads_it_has_passed_and_that_she_may_still(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """A leader who proposed no one by the evening of 10/12 opens the awards on Friday 11/12 to ask whether
    she may still propose: the screen she opens says the units' day has passed and what a late proposal
    does, before she has chosen anything; on the day itself it says nothing of it."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    passed = (
        "Hạn các đơn vị gửi đề nghị (10/12/2026) đã qua. Anh/chị vẫn đề nghị được: văn phòng sẽ được báo "
        "để bổ sung, nếu Hội đồng chưa xét."
    )

    clock.at = at_local(2026, 12, 10, 20, 0)
    assert "đã qua" not in await tu.say("/dekhenthuong")

    clock.at = at_local(2026, 12, 11, 8, 30)
    screen = await tu.say("/dekhenthuong")
    assert f"{passed}\nKhen thưởng năm 2026: anh/chị muốn làm gì?" in screen
    assert passed in await tu.say("em nộp muộn được không?")  # asked again, the same screen says it
    await tu.say("English")
    assert (
        "The units' deadline for proposals (10/12/2026) has passed. You can still propose: the office will "
        "be told and can add it, unless the council has already decided."
    ) in await tu.say("/dekhenthuong")


@on_buttons
async def test_a_late_leaders_screen_says_which_dossiers_went_up_and_which_lists_the_council_decided(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """On 16/12 the Director's Giấy khen went up the day before, and on 18/12 the council has decided the
    head's: the screen a late leader opens says so of each, not that the office will add whatever she sends;
    in December 2027 the 2026 council's decision says nothing of 2027's list."""
    tu, ha = make_person("tu"), make_person("ha")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    clock.at = at_local(2026, 12, 9, 9, 0)
    await propose_mai(tu)
    await tu.choose("Có")
    still = "Anh/chị vẫn đề nghị được: văn phòng sẽ được báo để bổ sung"

    clock.at = at_local(2026, 12, 16, 9, 0)
    screen = await tu.say("/dekhenthuong")
    assert (
        f"Hạn gửi hồ sơ {DIRECTORS} lên cấp trên (15/12/2026) đã qua. "
        "Hồ sơ có thể đã gửi đi: anh/chị vui lòng trao đổi với văn phòng xem đề nghị gửi bây giờ còn bổ sung "
        "được không."
    ) in screen
    assert still in screen  # the head's own Giấy khen is still the school's to add to
    assert PROVINCE not in screen  # ad hoc: proposed when the deed is done, by no deadline (decision 1014)

    async with app.sessionmaker() as session, session.begin():  # the council decides the head's award
        office = (await session.scalars(select(Person).where(Person.full_name == "Vũ Thị Hà"))).one()
        await record_form_outcome(
            session,
            await actor_for(session, office),
            office.org_id,
            year=2026,
            form_code=HEADS_FORM,
            decision=Decision(True, "125/QĐ-TCN", date(2026, 12, 17)),
            now=at_local(2026, 12, 17, 15, 0),
        )
    clock.at = at_local(2026, 12, 18, 9, 0)
    screen = await tu.say("/dekhenthuong")
    assert (
        f"Hội đồng Thi đua – Khen thưởng đã xét danh sách {HEADS} năm 2026: đề nghị gửi bây giờ không có "
        "trong danh sách đó. Anh/chị trao đổi với văn phòng xem còn được xét bổ sung không."
    ) in screen
    assert still not in screen  # every award of the year is decided or gone up: nothing is simply added

    clock.at = at_local(2027, 12, 11, 9, 0)  # a year on: 2027's lists, none decided nor gone up
    screen = await tu.say("/dekhenthuong")
    assert still in screen and "Hội đồng" not in screen.replace("nếu Hội đồng chưa xét", "")
    assert "lên cấp trên" not in screen


@pytest.mark.sqlite_only
async def test_a_communes_late_hamlet_head_and_office_read_of_the_hamlets_deadline_not_the_units(
    any_app: App, org: Seeded, clock: MovableClock
) -> None:
    """In a commune the units are its hamlets and boards: the late hamlet head's screen and the office's
    list say “các thôn, ban” as the commune's reminders do (decision 0247), never “các đơn vị”."""
    async with any_app.sessionmaker() as session, session.begin():
        (await session.get_one(Organisation, org.org.id)).kind = "commune"
    await propose(any_app, org, "Lãnh đạo A", HEADS_FORM, "A", "An", local(2026, 12, 11, 9))
    head = CollectingChannel(any_app.engine, BUTTONS)
    clock.at = local(2026, 12, 11, 10)
    replies = await head.receive(f"p{org.people['Lãnh đạo A'].id}", text="/dekhenthuong", at=clock.at)
    screen = "\n".join(reply.text for reply in replies)
    assert "Hạn các thôn, ban gửi đề nghị (10/12/2026) đã qua." in screen
    assert "đơn vị" not in screen

    office = CollectingChannel(any_app.engine, BUTTONS)
    chat = f"p{org.people['Văn phòng'].id}"
    clock.at = local(2026, 12, 14, 9)
    await office.receive(chat, text="/dekhenthuong", at=clock.at)
    replies = await office.receive(chat, text="Danh sách đề nghị năm 2026", at=clock.at)
    listing = "\n".join(reply.text for reply in replies)
    assert "Gửi sau hạn các thôn, ban (10/12/2026): ngày 11/12/2026." in listing
    assert "hạn các đơn vị" not in listing


async def test_a_communes_office_compiling_on_the_14th_and_its_hamlet_head_read_of_hamlets_everywhere(
    any_app: App, org: Seeded, clock: MovableClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A commune on 14/12: a hamlet head looking for someone not of his hamlet is told of the hamlets and
    boards he leads; the council's minutes say it reviewed the hamlets' proposals; at the shell `award list`
    says the hamlet's late proposal came after the hamlets' deadline, and `award decide` names the award as
    `award list` does, the chairman's Giấy khen: nowhere “đơn vị” or “units'” (decisions 0247, 1015)."""
    async with any_app.sessionmaker() as session, session.begin():
        (await session.get_one(Organisation, org.org.id)).kind = "commune"
    await propose(any_app, org, "Lãnh đạo A", HEADS_FORM, "A", None, local(2026, 12, 11, 9))
    head = CollectingChannel(any_app.engine, BUTTONS)
    chat = f"p{org.people['Lãnh đạo A'].id}"
    clock.at = local(2026, 12, 14, 9)
    for text in ("/dekhenthuong", "Đề nghị khen thưởng", "Giấy khen của Chủ tịch UBND xã"):
        await head.receive(chat, text=text, at=clock.at)
    await head.receive(chat, text="Hộ hoặc cá nhân trong thôn", at=clock.at)
    replies = await head.receive(chat, text="Văn phòng", at=clock.at)
    said = "\n".join(reply.text for reply in replies)
    assert "Trong các thôn, ban anh/chị phụ trách không ai có “Văn phòng” trong tên." in said, said

    async with any_app.sessionmaker() as session:
        minutes = await award_minutes(session, None, org.org.id, year=2026)
    write_minutes(minutes, tmp_path / "bb.docx", locale=PAPER_LOCALE)
    text = "\n".join(p.text for p in read_docx(str(tmp_path / "bb.docx")).paragraphs)
    assert "Hội đồng xem xét các đề nghị khen thưởng năm 2026 của các thôn, ban và biểu quyết" in text

    await run_award_list(any_app, Namespace(year=2026), org_id=org.org.id)
    listing = capsys.readouterr().out
    assert "[Gửi sau hạn các thôn, ban (10/12/2026): ngày 11/12/2026]" in listing, listing
    assert "đơn vị" not in listing  # the office's Vietnamese, as its chat says it (1788)

    decide = Namespace(
        year=2026, form=HEADS_FORM, nominee=None, awarded=True, ref="12/QĐ-UBND", on=date(2026, 12, 14)
    )
    await run_award_decide(any_app, decide, org_id=org.org.id)
    decided = capsys.readouterr().out
    assert "Đã ghi kết quả của 1 đề nghị: được tặng Giấy khen của Chủ tịch UBND xã (2026)." in decided, (
        decided
    )


@on_text_only
async def test_a_leader_proposing_late_is_told_so_and_once_the_list_is_decided_that_it_is_on_none(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """The leader who proposes on 12/12 reads that it is late and that the office hears of it; one who
    proposes once the council has decided the award's list reads that the proposal is on no list and whom to
    ask, before sending it and once sent, not only that “the office compiles the dossier”."""
    tu, ha = make_person("tu"), make_person("ha")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")

    clock.at = at_local(2026, 12, 10, 15, 0)  # the units' deadline day: nothing to say
    screen = await propose_mai(tu)
    assert "sau hạn" not in screen
    assert "sau hạn" not in await tu.choose("Có")

    clock.at = at_local(2026, 12, 12, 9, 0)
    late = "• Gửi sau hạn các đơn vị (10/12/2026): văn phòng sẽ được báo để bổ sung vào hồ sơ."
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Chính đơn vị")
    screen = await tu.say("Tập thể dẫn đầu phong trào.")
    assert f"• Thành tích: Tập thể dẫn đầu phong trào.\n{late}\nAnh/chị gửi đề nghị này chứ?" in screen
    screen = await tu.choose("Có")
    assert f"cho tập thể {PDT}. Văn phòng cơ quan sẽ tổng hợp hồ sơ.\n{late[2:]}" in screen

    async with app.sessionmaker() as session, session.begin():  # the council decides the head's award
        office = (await session.scalars(select(Person).where(Person.full_name == "Vũ Thị Hà"))).one()
        await record_form_outcome(
            session,
            await actor_for(session, office),
            office.org_id,
            year=2026,
            form_code=HEADS_FORM,
            decision=Decision(True, "125/QĐ-TCN", date(2026, 12, 12)),
            now=clock(),
        )
    decided = (
        f"Hội đồng Thi đua – Khen thưởng đã xét danh sách {YEARLY} năm 2026: đề nghị này không có trong danh "
        "sách đó. Anh/chị trao đổi với văn phòng xem còn được xét bổ sung không."
    )
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Cá nhân trong đơn vị")
    await tu.say("vu thi ha")
    screen = await tu.say("Tích cực vận động.")
    assert f"• Thành tích: Tích cực vận động.\n• {decided}\nAnh/chị gửi đề nghị này chứ?" in screen
    assert "văn phòng sẽ được báo" not in screen  # the office is not told of it: the leader asks it
    screen = await tu.choose("Có")
    assert (
        f"Đã ghi đề nghị tặng {YEARLY} (2026) cho Vũ Thị Hà. Văn phòng cơ quan sẽ tổng hợp hồ sơ.\n{decided}"
        in screen
    )


@on_buttons
async def test_a_leader_proposing_after_the_organisations_own_day_for_an_award_above_reads_it_may_be_gone(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """On 16/12 the school sent its dossier for the Director's Giấy khen up the day before (15/12): a leader
    proposing for it then reads that the office is told but that the dossier may have gone, and whom to ask,
    not that the office will add it; the head's own Giấy khen, decided inside the school, reads as before."""
    tu, ha = make_person("tu"), make_person("ha")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")  # the office of the awards council
    clock.at = at_local(2026, 12, 16, 9, 0)
    gone = (
        "Gửi sau hạn cơ quan gửi hồ sơ lên cấp trên (15/12/2026): văn phòng sẽ được báo, nhưng hồ sơ có thể "
        "đã gửi đi; anh/chị vui lòng trao đổi với văn phòng xem còn bổ sung được không."
    )
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(DIRECTORS)
    await tu.choose("Cá nhân trong đơn vị")
    await tu.say("tran thi mai")
    screen = await tu.say("Tích cực vận động.")
    assert f"• Thành tích: Tích cực vận động.\n• {gone}\nAnh/chị gửi đề nghị này chứ?" in screen
    assert "bổ sung vào hồ sơ" not in screen
    screen = await tu.choose("Có")
    assert f"cho {MAI}. Văn phòng cơ quan sẽ tổng hợp hồ sơ.\n{gone}" in screen

    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(HEADS)
    await tu.choose("Chính đơn vị")
    screen = await tu.say("Tập thể dẫn đầu phong trào.")
    assert "• Gửi sau hạn các đơn vị (10/12/2026): văn phòng sẽ được báo để bổ sung vào hồ sơ." in screen

    await tu.choose("Có")
    # The office's one notice says the same beside the Director's award only: its dossier may have gone up.
    [notice] = await late_rows(app, "Vũ Thị Hà")
    lines = notice.payload["text"].split("\n")
    asked = "Sau hạn gửi hồ sơ lên cấp trên (15/12/2026): văn phòng hỏi cấp trên xem còn bổ sung được không."
    assert [DIRECTORS in line for line in lines if asked in line] == [True], lines
    assert any(HEADS in line and asked not in line for line in lines), lines


async def test_a_communes_late_proposal_reads_of_the_hamlets_at_the_last_step_once_sent_and_to_the_office(
    any_app: App, org: Seeded, clock: MovableClock
) -> None:
    """A hamlet head proposing his hamlet on 11/12 in a commune reads “các thôn, ban” at the last look and
    once sent, and so does the office's hourly notice of it (decision 0247): never “các đơn vị”."""
    async with any_app.sessionmaker() as session, session.begin():
        (await session.get_one(Organisation, org.org.id)).kind = "commune"
    head = CollectingChannel(any_app.engine, BUTTONS)
    chat = f"p{org.people['Lãnh đạo A'].id}"
    clock.at = local(2026, 12, 11, 9)
    for text in (
        "/dekhenthuong",
        "Đề nghị khen thưởng",
        "Giấy khen của Chủ tịch UBND xã",
        "Chính thôn (tập thể)",
    ):
        await head.receive(chat, text=text, at=clock.at)
    late = "Gửi sau hạn các thôn, ban (10/12/2026): văn phòng sẽ được báo để bổ sung vào hồ sơ."
    replies = await head.receive(chat, text="Thôn dẫn đầu phong trào.", at=clock.at)
    assert f"• {late}\n" in "\n".join(reply.text for reply in replies)
    replies = await head.receive(chat, text="Có", at=clock.at)
    sent = "\n".join(reply.text for reply in replies)
    assert late in sent and "các đơn vị" not in sent

    [row] = await late_rows(any_app, "Văn phòng")
    assert row.payload["text"].startswith(
        "Đề nghị khen thưởng năm 2026 có thay đổi sau hạn các thôn, ban gửi (10/12/2026):\n"
    )


@on_buttons
async def test_a_leader_proposing_one_after_another_late_reads_that_the_units_day_passed_once_a_visit(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """On 11/12 a leader opens the awards and proposes one after another: the screen she opens says the
    units' day has passed; the same screen under each proposal sent does not say it again. Opened anew, it
    does."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    passed = "Hạn các đơn vị gửi đề nghị (10/12/2026) đã qua."
    clock.at = at_local(2026, 12, 11, 9, 0)
    assert passed in await tu.say("/dekhenthuong")
    for nominee, typed in (("Cá nhân trong đơn vị", "tran thi mai"), ("Chính đơn vị", None)):
        await tu.choose("Đề nghị khen thưởng")
        await tu.choose(YEARLY)
        await tu.choose(nominee)
        if typed:
            await tu.say(typed)
        await tu.say("Tích cực vận động.")
        screen = await tu.choose("Có")
        assert "Đã ghi đề nghị" in screen and "Khen thưởng năm 2026: anh/chị muốn làm gì?" in screen
        assert passed not in screen
    assert passed in await tu.say("/dekhenthuong")


async def test_a_communes_hamlet_head_changing_a_proposal_late_reads_of_the_hamlets(
    any_app: App, org: Seeded, clock: MovableClock
) -> None:
    """A proposal of 9/12 changed in place on 11/12 in a commune: the last look says “các thôn, ban”."""
    async with any_app.sessionmaker() as session, session.begin():
        (await session.get_one(Organisation, org.org.id)).kind = "commune"
    await propose(any_app, org, "Lãnh đạo A", HEADS_FORM, "A", None, local(2026, 12, 9, 9))
    head = CollectingChannel(any_app.engine, BUTTONS)
    chat = f"p{org.people['Lãnh đạo A'].id}"
    clock.at = local(2026, 12, 11, 9)
    for text in ("/dekhenthuong", "Danh sách đề nghị năm 2026"):
        replies = await head.receive(chat, text=text, at=clock.at)
    [change] = [c.label for reply in replies for c in reply.choices if c.label.startswith("Sửa:")]
    await head.receive(chat, text=change, at=clock.at)
    await head.receive(chat, text="Thành tích", at=clock.at)
    replies = await head.receive(chat, text="Thôn dẫn đầu phong trào.", at=clock.at)
    screen = "\n".join(reply.text for reply in replies)
    assert "Sửa sau hạn các thôn, ban (10/12/2026): văn phòng được báo một lần để sửa hồ sơ." in screen
    assert "các đơn vị" not in screen


async def test_a_yearly_proposal_changed_to_an_ad_hoc_award_late_is_still_told_to_the_office(
    any_app: App, org: Seeded
) -> None:
    """Proposed on 9/12 for the head's Giấy khen, An is moved on 11/12 to the province's Bằng khen, an ad hoc
    award: the Giấy khen's list the office printed has lost a line, so the office hears of it as of any
    late change to that list (decision 1014), though the Bằng khen itself has no deadline."""
    proposal_id = await propose(any_app, org, "Lãnh đạo A", HEADS_FORM, "A", "An", local(2026, 12, 9, 9))
    async with any_app.sessionmaker() as session, session.begin():
        province = await session.scalar(
            select(AwardForm.id).where(
                AwardForm.campaign_id == org.campaign.id, AwardForm.code == "bang-khen-ubnd-tinh"
            )
        )
        await change_proposal(
            session,
            await actor_for(session, org.people["Lãnh đạo A"]),
            proposal_id,
            form_id=province,
            now=local(2026, 12, 11, 9),
        )
    [row] = await late_rows(any_app, "Văn phòng")
    assert f"(trước là {HEADS})" in row.payload["text"], row.payload["text"]


async def test_a_proposal_left_off_a_decided_list_and_moved_to_an_ad_hoc_award_reads_of_no_list(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """The council decided the head's Giấy khen on 17/12; Mai, proposed for it on 18/12, is on no list. On
    19/12 her leader moves her to the province's Bằng khen, an ad hoc award, which no list or deadline binds
    (decision 1014): the last look and the answer say nothing of the decided list, and the office hears
    nothing, as the list it sent lost no line (decision 1042)."""
    tu, ha = make_person("tu"), make_person("ha")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    clock.at = at_local(2026, 12, 9, 9, 0)
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Chính đơn vị")
    await tu.say("Tập thể dẫn đầu phong trào.")
    await tu.choose("Có")
    async with app.sessionmaker() as session, session.begin():  # the council decides the head's award
        office = (await session.scalars(select(Person).where(Person.full_name == "Vũ Thị Hà"))).one()
        await record_form_outcome(
            session,
            await actor_for(session, office),
            office.org_id,
            year=2026,
            form_code=HEADS_FORM,
            decision=Decision(True, "125/QĐ-TCN", date(2026, 12, 17)),
            now=at_local(2026, 12, 17, 15, 0),
        )
    clock.at = at_local(2026, 12, 18, 9, 0)
    await propose_mai(tu)
    assert "Hội đồng Thi đua – Khen thưởng đã xét danh sách" in await tu.choose("Có")  # on no list

    clock.at = at_local(2026, 12, 19, 9, 0)
    await tu.say("/dekhenthuong")
    await tu.choose("Danh sách đề nghị năm 2026")
    await tu.choose(f"Sửa: {MAI} — {YEARLY}")
    await tu.choose("Hình thức khen thưởng")
    screen = await tu.choose(PROVINCE)
    assert f"• Thành tích: {SUMMARY}\nAnh/chị lưu thay đổi này chứ?" in screen, screen
    screen = await tu.choose("Có")
    assert f"Đã lưu: đề nghị nay là {PROVINCE} (2026), thay cho {YEARLY}." in screen
    assert "Hội đồng" not in screen and "văn phòng" not in screen, screen
    assert await late_rows(app, "Vũ Thị Hà") == []


@on_text_only
async def test_a_leader_opening_the_awards_once_every_yearly_list_is_shut_reads_the_ad_hoc_one_is_open(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """On 18/12 the Director's Giấy khen went up on 15/12 and the council has decided the head's: the screen a
    leader opens says so of each, and that the province's Bằng khen, an ad hoc award, is still proposed
    when the deed is done (decision 1043), where it said nothing of it and read as if every door were shut."""
    tu, ha = make_person("tu"), make_person("ha")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    clock.at = at_local(2026, 12, 9, 9, 0)
    await propose_mai(tu)
    await tu.choose("Có")
    open_ = (
        f"Khen thưởng đột xuất ({PROVINCE}) đề nghị khi có thành tích, không theo các hạn trên: anh/chị vẫn "
        "đề nghị được."
    )
    clock.at = at_local(2026, 12, 16, 9, 0)  # the head's list still open: “you can still propose” says it
    assert open_ not in await tu.say("/dekhenthuong")
    async with app.sessionmaker() as session, session.begin():  # the council decides the head's award
        office = (await session.scalars(select(Person).where(Person.full_name == "Vũ Thị Hà"))).one()
        await record_form_outcome(
            session,
            await actor_for(session, office),
            office.org_id,
            year=2026,
            form_code=HEADS_FORM,
            decision=Decision(True, "125/QĐ-TCN", date(2026, 12, 17)),
            now=at_local(2026, 12, 17, 15, 0),
        )
    clock.at = at_local(2026, 12, 18, 9, 0)
    screen = await tu.say("/dekhenthuong")
    decided = (
        "đề nghị gửi bây giờ không có trong danh sách đó. Anh/chị trao đổi với văn phòng xem còn được xét"
    )
    assert f"{decided} bổ sung không.\n{open_}\n" in screen, screen
