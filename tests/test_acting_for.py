"""An officer records and registers for a household without a phone (“Ghi nhận thay cho hộ/người khác”): the
name found without accents, the same contribution and commitment flows with the household named on every
summary, the treasurer confirming the entry as any other (never the officer who recorded it), and nobody else
able to do it: not by the menu, not by the typed command, not through the domain."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, func, select, update

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import (
    AuditLog,
    ChannelIdentity,
    Commitment,
    Contribution,
    Organisation,
    OutboxMessage,
    Person,
    RegistrationWindow,
    Result,
    RoleAssignment,
    Unit,
)
from bot.demo import DEMO_PLAN
from bot.domain.access import Operator, actor_for
from bot.domain.commitments import CommitmentError, save_commitment
from bot.domain.contributions import (
    LedgerError,
    NewContribution,
    correct,
    decide,
    person_totals,
    record_contribution,
)
from bot.domain.invites import create_invite
from bot.domain.links import LinkProblem, issue_link_code_for
from bot.domain.notices import GIVER, NOBODY, RECORDER
from bot.domain.plans import install_plan, load_plan
from bot.domain.queue import HeldBack, held_back
from bot.i18n import Translator
from bot.messages import TEXT_ONLY
from bot.text import fold
from handlers.wording import decided_text
from tests.support.clocks import NOW
from tests.support.people import Person as ChatPerson
from tests.support.profiles import examples_on_one_profile, on_buttons, on_text_only
from tests.test_drives import seed
from tests.test_linking import LINK_CODE
from tests.test_notices import chat

HOUSEHOLD = "Hộ ông Trần Văn Ba"
HOUSEHOLD_ONLY = "Tự nguyện đăng ký thoát nghèo"
BEHALF = "Ghi nhận thay cho hộ/người khác"


async def add_household(app: App, ids: dict[str, int], name: str = HOUSEHOLD, unit: str = "A") -> int:
    """A household of unit `unit` on the list, with no messenger account; the organisation's campaign."""
    async with app.sessionmaker() as session, session.begin():
        org = await session.get_one(Organisation, (await session.get_one(Person, ids["hung"])).org_id)
        if await session.scalar(select(Commitment.id).limit(1)) is None:
            await install_plan(session, org, load_plan(DEMO_PLAN), now=NOW)
        household = Person(
            org_id=org.id,
            unit_id=ids[f"unit {unit}"],
            full_name=name,
            name_key=fold(name),
            kind="household",
            listed=True,
            created_at=NOW,
        )
        session.add(household)
        await session.flush()
        return household.id


async def choose_household(officer, typed: str = "tran van ba") -> str:  # type: ignore[no-untyped-def]
    """The officer records for the household, its name typed whole: the one match, taken at once (0257)."""
    await officer.say("/menu")
    await officer.choose(BEHALF)
    return await officer.say(typed)


async def test_an_officer_records_200k_for_a_household_and_the_treasurer_confirms_it(
    app: App, make_person
) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    hung, mai = make_person("hung"), make_person("mai")

    await hung.say("/menu")
    screen = await hung.choose(BEHALF)
    assert "Gõ một phần tên hộ" in screen
    screen = await hung.say("tran van")  # a part of the name, without accents: the folded name
    assert f"{HOUSEHOLD} (Khoa Nội, hộ gia đình)" in screen
    screen = await hung.choose(HOUSEHOLD)
    assert f"Anh/chị muốn ghi nhận gì cho {HOUSEHOLD}?" in screen
    screen = await hung.choose("Ghi nhận đóng góp")
    assert f"Anh/chị ghi thay: {HOUSEHOLD} đóng góp cho đợt vận động nào?" in screen
    await hung.choose("ngoài các đợt vận động")
    await hung.choose("Tiền")
    await hung.say("200k")
    screen = await hung.choose("Bỏ qua")
    assert f"kiểm tra lại đóng góp cho {HOUSEHOLD}:" in screen and "200.000\xa0₫" in screen
    screen = await hung.choose("Có")
    assert f"Đã ghi nhận cho {HOUSEHOLD}: 200.000\xa0₫" in screen and "CT-2026-000001" in screen
    assert "/congkhai" not in screen  # the public-name question is the household's, not the officer's

    async with app.sessionmaker() as session:
        entry = (await session.scalars(select(Contribution))).one()
        assert (entry.person_id, entry.recorded_by, entry.amount_vnd) == (household, ids["hung"], 200_000)
        audit = (
            await session.scalars(select(AuditLog).where(AuditLog.action == "contribution.record"))
        ).one()
        assert (audit.actor_id, audit.details) == (ids["hung"], {"kind": "money", "for_person": household})
        notices = await session.scalars(
            select(OutboxMessage.person_id).where(OutboxMessage.person_id == household)
        )
        assert list(notices) == []  # no messenger account: nothing is sent to the household

    await mai.say("/tracuu")
    screen = await mai.say("CT-2026-000001")  # the treasurer sees who took the money: the officer
    async with app.sessionmaker() as session:
        officer = await session.get_one(Person, ids["hung"])
    assert f"• Người đóng góp: {HOUSEHOLD}" in screen and f"• Người ghi nhận: {officer.full_name}" in screen
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    assert "CT-2026-000001" in screen and f"200.000\xa0₫ · {HOUSEHOLD}" in screen
    await mai.choose("CT-2026-000001")
    await mai.choose("Xác nhận các khoản")
    screen = await mai.choose("Có")
    # The household has no account: the officer who took its money hears of it, and the treasurer reads so.
    assert "Đã xác nhận: CT-2026-000001.\n" in screen and "Người ủng hộ đang được báo tin" not in screen
    assert "Người ủng hộ không dùng bot: người đã ghi thay cho họ đang được báo tin." in screen
    assert screen.split("Đã xác nhận")[1].count("CT-2026-000001") == 1  # the code once (decision 1602)
    told = (
        f"Khoản đóng góp CT-2026-000001 (200.000\xa0₫) anh/chị ghi thay cho {HOUSEHOLD} "
        "đã được thủ quỹ xác nhận."
    )
    assert told in chat(hung)

    async with app.sessionmaker() as session:
        totals = await person_totals(session, household, 2026)
    assert (totals.money_confirmed, totals.money_pending) == (
        200_000,
        0,
    )  # the household's, not the officer's


@on_text_only
async def test_the_treasurer_reads_which_of_two_namesake_households_of_one_unit_gave_each_gift(
    app: App, make_person
) -> None:
    ids = await seed(app)
    second, fifth = await add_household(app, ids), await add_household(app, ids)
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(Person).where(Person.id == second).values(position="Tổ 2"))
        await session.execute(update(Person).where(Person.id == fifth).values(position="Tổ 5"))
        hung = await session.get_one(Person, ids["hung"])
        for household, amount in ((second, 20_000), (fifth, 30_000)):
            await record_contribution(
                session,
                person=await session.get_one(Person, household),
                recorded_by=hung,
                entry=NewContribution("money", amount),
                now=NOW,
            )
    mai = make_person("mai")

    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")

    # the same name and unit, the cash from two households: each line says which, as the officer's list did
    assert f"20.000\xa0₫ · {HOUSEHOLD} (Khoa Nội, Tổ 2)" in screen
    assert f"30.000\xa0₫ · {HOUSEHOLD} (Khoa Nội, Tổ 5)" in screen
    # a unit's long name is what the line's end cuts, never the position that tells the two apart: both lines
    # read “(Khoa Hồi sức tích cực – Chống độc Nhi k…)”, alike again
    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            update(Unit)
            .where(Unit.name == "Khoa Nội")
            .values(name="Khoa Hồi sức tích cực – Chống độc Nhi khoa")
        )
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    assert f"20.000\xa0₫ · {HOUSEHOLD} (Khoa Hồi sức tích cực – Chống độc…, Tổ 2)" in screen
    assert f"30.000\xa0₫ · {HOUSEHOLD} (Khoa Hồi sức tích cực – Chống độc…, Tổ 5)" in screen


@on_text_only
async def test_every_question_asks_what_the_household_gives_not_what_the_officer_gives(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await add_household(app, ids)
    hung = make_person("hung")
    await choose_household(hung)
    await hung.choose("Ghi nhận đóng góp")
    screen = await hung.choose("ngoài các đợt vận động")
    assert f"Anh/chị ghi thay: {HOUSEHOLD} đóng góp bằng hình thức nào?" in screen
    assert "Anh/chị đóng góp" not in screen
    screen = await hung.choose("Ngày công")
    assert f"Anh/chị ghi thay: {HOUSEHOLD} góp bao nhiêu ngày công? Ví dụ: 2." in screen
    assert "Anh/chị góp" not in screen
    # the day worked typed with the days: one to come refused, nothing kept; a past one kept (2107)
    screen = await hung.say("1 ngày hôm 30/11/2026")
    assert "30/11/2026 chưa đến" in screen
    await hung.say("2 ngày hôm qua")
    screen = await hung.choose("Bỏ qua")
    assert "2 ngày công (làm ngày Thứ Bảy, 21/11/2026)" in screen
    screen = await hung.choose("Có")
    assert f"Đã ghi nhận cho {HOUSEHOLD}: 2 ngày công (làm ngày 21/11/2026)." in screen

    await choose_household(hung)
    await hung.choose("Ghi nhận đóng góp")
    await hung.choose("ngoài các đợt vận động")
    screen = await hung.choose("Tiền")
    assert (
        f"Anh/chị ghi thay: {HOUSEHOLD} ủng hộ bao nhiêu tiền?" in screen and "Anh/chị ủng hộ" not in screen
    )
    await choose_household(hung)
    await hung.choose("Ghi nhận đóng góp")
    await hung.choose("ngoài các đợt vận động")
    screen = await hung.choose("Hiện vật")
    assert f"Anh/chị ghi thay: {HOUSEHOLD} ủng hộ hiện vật gì?" in screen and "Anh/chị ủng hộ" not in screen

    # the commitment: declined, it says whose stays unchanged
    await choose_household(hung)
    await hung.choose("Đăng ký hoặc sửa")
    await hung.choose(HOUSEHOLD_ONLY)
    await hung.choose("Xong")
    screen = await hung.choose("Không")
    assert f"Chưa lưu. Đăng ký thi đua của {HOUSEHOLD} giữ nguyên." in screen and "của anh/chị" not in screen

    lan = make_person("lan")  # a member's own screens are as they were
    await lan.say("/donggop")
    screen = await lan.choose("ngoài các đợt vận động")
    assert "Anh/chị đóng góp bằng hình thức nào?" in screen and "ghi thay" not in screen


async def test_the_officer_who_recorded_it_may_not_confirm_it_even_as_a_treasurer(app: App) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    async with app.sessionmaker() as session, session.begin():
        hung = await session.get_one(Person, ids["hung"])
        session.add(
            RoleAssignment(
                person_id=hung.id, role="treasurer", org_id=hung.org_id, unit_id=None, granted_at=NOW
            )
        )
        entry = await record_contribution(
            session,
            person=await session.get_one(Person, household),
            recorded_by=hung,
            entry=NewContribution("money", 200_000),
            now=NOW,
        )
        with pytest.raises(LedgerError, match="own_contribution"):
            await decide(session, entry, confirmed=True, actor=await actor_for(session, hung), now=NOW)
        assert entry.status == "recorded"
        # A figure above the money cap, as a conversation kept from before decision 0313 may hold a
        # bank's credit of 20 billion đồng: refused, as every chat and shell path refuses it typed (0316)
        huge = NewContribution("money", app.settings.money_cap + 1)
        with pytest.raises(LedgerError, match="amount"):
            await record_contribution(
                session, person=await session.get_one(Person, household), recorded_by=hung, entry=huge,
                now=NOW, settings=app.settings,
            )  # fmt: skip
        assert await session.scalar(select(func.count()).select_from(Contribution)) == 1


@on_buttons
async def test_a_sole_treasurer_who_records_for_a_household_is_told_it_waits_for_another_and_what_to_do(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await add_household(app, ids)
    async with app.sessionmaker() as session, session.begin():  # Hùng, officer, becomes the only treasurer
        hung = await session.get_one(Person, ids["hung"])
        mai_role = await session.scalar(
            select(RoleAssignment).where(
                RoleAssignment.person_id == ids["mai"], RoleAssignment.role == "treasurer"
            )
        )
        await session.delete(mai_role)
        session.add(
            RoleAssignment(
                person_id=hung.id, role="treasurer", org_id=hung.org_id, unit_id=None, granted_at=NOW
            )
        )
    officer = make_person("hung")
    await choose_household(officer)
    await officer.choose("Ghi nhận đóng góp")
    await officer.choose("ngoài các đợt vận động")
    await officer.choose("Tiền")
    await officer.say("200k")
    await officer.choose("Bỏ qua")
    assert "CT-2026-000001" in await officer.choose("Có")

    screen = await officer.say("/xacnhan")
    assert "Không có khoản nào chờ anh/chị xác nhận." in screen and "Cảm ơn" not in screen
    assert "chờ thủ quỹ khác xác nhận vì do anh/chị đóng góp hoặc ghi nhận" in screen and ": 1." in screen
    assert "Chưa có thủ quỹ nào khác xác nhận được 1 khoản" in screen
    assert "giao vai trò thủ quỹ cho một người nữa, không phải người đã đóng góp hay ghi nhận" in screen
    assert "(trong Chung Tay: mục “Phân quyền”, /phanquyen)" in screen
    assert "chungtay" not in screen  # a server command means nothing to a treasurer on a phone

    async with app.sessionmaker() as session, session.begin():  # a second treasurer: it waits for her
        mai = await session.get_one(Person, ids["mai"])
        session.add(
            RoleAssignment(
                person_id=mai.id, role="treasurer", org_id=mai.org_id, unit_id=None, granted_at=NOW
            )
        )
    screen = await officer.say("/xacnhan")
    assert "chờ thủ quỹ khác xác nhận" in screen and "Chưa có thủ quỹ nào khác" not in screen
    screen = await make_person("mai").say("/xacnhan")
    assert "Quỹ" in screen and "chờ thủ quỹ khác" not in screen


async def test_an_officer_registers_the_households_commitment_with_the_household_items(
    app: App, make_person
) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    hung = make_person("hung")
    await choose_household(hung)
    screen = await hung.choose("Đăng ký hoặc sửa")
    assert f"nội dung {HOUSEHOLD} đăng ký năm 2026" in screen  # the officer is told whose pledge it is
    labels = [choice.label for choice in hung.menu.choices]
    assert any(HOUSEHOLD_ONLY in label for label in labels), screen
    assert not any("Ủng hộ Quỹ" in label for label in labels)
    await hung.choose(HOUSEHOLD_ONLY)
    screen = await hung.choose("Xong")
    assert f"Đăng ký thi đua năm 2026 của {HOUSEHOLD}" in screen and f"• {HOUSEHOLD_ONLY}: có" in screen
    screen = await hung.choose("Có")
    assert f"Đã lưu đăng ký thi đua của {HOUSEHOLD} (lần 1)" in screen

    await choose_household(hung)  # and amends it: the same registration, a new revision
    screen = await hung.choose("Đăng ký hoặc sửa")
    assert f"Đăng ký thi đua năm 2026 của {HOUSEHOLD}" in screen and HOUSEHOLD_ONLY in screen
    await hung.choose("Sửa đăng ký")
    await hung.choose("Ngày công")
    screen = await hung.choose("Xong")
    assert f"Anh/chị nhập mức {HOUSEHOLD} đăng ký" in screen and "mức mình" not in screen
    await hung.say("3")
    assert "(lần 2)" in await hung.choose("Có")

    async with app.sessionmaker() as session:
        commitment = (await session.scalars(select(Commitment))).one()
        assert (commitment.person_id, commitment.registered_by, commitment.revision) == (
            household,
            ids["hung"],
            2,
        )
        actions = [
            (row.action, row.actor_id, row.details.get("for_person"))
            for row in await session.scalars(select(AuditLog).where(AuditLog.entity == "commitment"))
        ]
    assert actions == [
        ("commitment.register", ids["hung"], household),
        ("commitment.amend", ids["hung"], household),
    ]


@on_text_only
async def test_an_officer_registering_a_household_after_the_window_closed_is_pointed_to_its_gifts(
    app: App, make_person
) -> None:
    """The organisation's 2026 window closed on 15/11; on 22/11 the hamlet's officer opens the registration of
    a household without a phone: nothing to register, and what stays open is recording its gifts for it
    (/ghithay), never the officer's own gifts (/donggop), which the household's registration is not."""
    ids = await seed(app)
    await add_household(app, ids)
    async with app.sessionmaker() as session, session.begin():
        org_id = await session.scalar(select(Person.org_id).where(Person.id == ids["hung"]))
        session.add(
            RegistrationWindow(
                org_id=org_id, year=2026, opens_on=date(2026, 1, 5), closes_on=date(2026, 11, 15)
            )
        )
    hung = make_person("hung")
    await choose_household(hung)
    screen = await hung.choose("Đăng ký hoặc sửa")
    assert "Đăng ký thi đua năm 2026 đã hết hạn ngày 15/11/2026." in screen
    assert f"Anh/chị vẫn có thể ghi nhận đóng góp của {HOUSEHOLD}: /ghithay." in screen
    assert "/donggop" not in screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Commitment)) == 0


@on_buttons
async def test_a_households_registration_closed_at_the_years_midnight_says_the_new_year_is_open_as_a_members(
    app: App, make_person
) -> None:
    """The hamlet's officer types a household's 2026 registration at 23:58 on 31/12/2026 and presses “Có” at
    00:00:30 on 1/1/2027: he read 0572's words alone, “… đã hết hạn ngày 31/12/2026. Anh/chị vẫn có thể ghi
    nhận đóng góp của Hộ …: /ghithay.”, nothing of 2027, open since that midnight, nor that the figures were
    not kept, where a member is told both and offered her figures as 2027's (decisions 1833, 1901). Now the
    household's words are a member's (decision 1964)."""
    ids = await seed(app)
    await add_household(app, ids)
    hung = make_person("hung")
    hung.clock.at = datetime(2026, 12, 31, 16, 58, tzinfo=UTC)  # 23:58 on 31/12 in Vietnam
    await choose_household(hung)
    await hung.choose("Đăng ký hoặc sửa")
    await hung.choose(HOUSEHOLD_ONLY)
    await hung.choose("Xong")
    hung.clock.at = datetime(2026, 12, 31, 17, 0, 30, tzinfo=UTC)
    screen = await hung.choose("Có")
    assert "Đăng ký thi đua năm 2026 đã hết hạn ngày 31/12/2026." in screen, screen
    assert (
        "Đăng ký thi đua năm 2027 đang mở: anh/chị chọn Có để lưu các mức vừa nhập cho năm này; "
        "trước đó chưa có gì được lưu." in screen
    ), screen
    assert f"Đăng ký thi đua năm 2027 của {HOUSEHOLD}" in screen and HOUSEHOLD_ONLY in screen, screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Commitment)) == 0
    await hung.choose("Có")
    async with app.sessionmaker() as session:
        years = list(await session.scalars(select(Commitment.year)))
    assert years == [2027], years


@on_text_only
async def test_what_a_household_says_it_registers_typed_at_its_menu_is_the_households_not_the_officers(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await add_household(app, ids)
    hung = make_person("hung")
    for typed in ("dang ky thoat ngheo", "đăng ký của hộ", "ket qua cua ho"):
        await choose_household(hung)
        screen = await hung.say(typed)  # as the main menu takes it, without accents
        assert HOUSEHOLD in screen.split("\n")[0], screen  # asked for the household, never the officer's own
    await choose_household(hung)
    await hung.say("dang ky thoat ngheo")
    labels = [choice.label for choice in hung.menu.choices]
    assert any(HOUSEHOLD_ONLY in label and "✅" in label for label in labels), labels  # the pledge it named
    assert not any("Ủng hộ Quỹ" in label for label in labels)


@examples_on_one_profile("who", ["lan", "mai"])  # a member; a treasurer
async def test_a_member_or_a_treasurer_cannot_record_for_a_household(app: App, make_person, who: str) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    person = make_person(who)
    await person.say("/menu")
    assert not any(BEHALF in choice.label for choice in person.menu.choices)
    screen = await person.say("/ghithay")
    # Households belong to it: a commune, whose officers are the Fatherland Front's (decision 0225).
    assert "Chỉ cán bộ Mặt trận mới ghi nhận thay" in screen and "công đoàn" not in screen
    # her parents' household and its gift in one line: refused, and told what she may type instead
    screen = await person.say("ho ong Ba ung ho 20k")
    assert "Chỉ cán bộ Mặt trận mới ghi nhận thay" in screen
    assert "Nếu đó là đóng góp của chính anh/chị, xin gõ không kèm tên hộ, ví dụ: ung ho 20k" in screen
    assert "nhờ cán bộ ghi thay" in screen

    async with app.sessionmaker() as session, session.begin():
        assert await session.scalar(select(Contribution)) is None  # nothing kept
        actor = await session.get_one(Person, ids[who])
        subject = await session.get_one(Person, household)
        with pytest.raises(LedgerError, match="not_allowed"):
            await record_contribution(
                session, person=subject, recorded_by=actor, entry=NewContribution("money", 200_000), now=NOW
            )
        with pytest.raises(CommitmentError):
            await save_commitment(
                session,
                campaign_id=1,
                year=2026,
                scope="individual",
                actor=actor,
                person=subject,
                targets={1: 1},
                now=NOW,
            )
        refused = list(await session.scalars(select(AuditLog.action).where(AuditLog.entity == "person")))
    assert refused == ["contribution.record_refused", "commitment.register_refused"]


@on_text_only
async def test_a_treasurer_handed_colleagues_cash_is_told_how_it_reaches_the_books(
    app: App, make_person
) -> None:
    """Before: a school's treasurer typing /ghithay for the cash five colleagues handed her read only
    “Chỉ cán bộ công đoàn mới ghi nhận thay cho hộ/người khác được.” (decision 1357's Left; decision 1396)."""
    await seed(app)
    mai, lan = make_person("mai"), make_person("lan")
    screen = await mai.say("/ghithay")
    assert "mới ghi nhận thay cho hộ/người khác được." in screen
    # each colleague records her own gift, saying the cash went to the treasurer, and the treasurer confirms
    assert "ung ho 200k" in screen and "/xacnhan" in screen and "anh/chị" in screen
    assert "/xacnhan" not in await lan.say("/ghithay")  # a member is not told to confirm anything
    async with app.sessionmaker() as session:
        assert await session.scalar(select(Contribution)) is None  # nothing recorded by the refusal


@on_buttons
async def test_an_officer_of_another_unit_neither_finds_nor_records_for_the_household(
    app: App, make_person
) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)  # in unit A; Bình is the officer of unit B
    await add_household(app, ids, "Hộ bà Trần Thị Bảy", unit="B")
    binh = make_person("binh")
    await binh.say("/ghithay")
    screen = await binh.say("tran")
    labels = [choice.label for choice in binh.menu.choices]
    assert any("Hộ bà Trần Thị Bảy" in label for label in labels) and HOUSEHOLD not in screen
    screen = await binh.say("/ghithay")
    screen = await binh.say("van ba")  # told why it is not offered, and offered nothing: no name, no unit
    # The organisation holds households: a commune's, whose officers cover hamlets (decisions 0139, 0225)
    assert "hộ không thuộc thôn anh/chị phụ trách" in screen and HOUSEHOLD not in screen
    # The question stays: nobody to pick, only the way to a donor's gift (decision 0083), to a paper list of
    # households' gifts (0859), to a group's labour days (0406), to what the officer recorded for others
    # (0093) and back.
    assert [choice.label for choice in binh.menu.choices] == [
        "Ghi nhận ủng hộ của nhà hảo tâm / đơn vị ngoài",
        "Danh sách hộ ủng hộ trên giấy",
        "Ngày công của nhiều người",
        "Các khoản tôi đã ghi thay",
        "Quay lại",
    ]

    async with app.sessionmaker() as session, session.begin():
        with pytest.raises(LedgerError, match="not_allowed"):
            await record_contribution(
                session,
                person=await session.get_one(Person, household),
                recorded_by=await session.get_one(Person, ids["binh"]),
                entry=NewContribution("money", 200_000),
                now=NOW,
            )


async def test_the_name_search_ignores_accents_and_case_and_asks_for_more_when_too_many_match(
    app: App, make_person
) -> None:
    ids = await seed(app)
    for n in range(11):
        await add_household(app, ids, f"Hộ ông Nguyễn Văn Số {n + 1}")
    await add_household(app, ids)
    hung = make_person("hung")
    await hung.say("/ghithay")
    assert "gõ thêm tên" in await hung.say("NGUYEN VAN")
    screen = await hung.say("số 11")
    assert "Hộ ông Nguyễn Văn Số 11" in screen and "Số 10" not in screen
    await hung.choose("Quay lại")
    screen = await hung.say("TRẦN văn BA")
    assert HOUSEHOLD in screen
    await hung.choose("Quay lại")
    # Words of the name as people type them, not one piece of it: the family name and the given name.
    screen = await hung.say("tran ba")
    assert HOUSEHOLD in screen and "Nguyễn Văn Số" not in screen
    await hung.choose("Quay lại")
    screen = await hung.say("nguyen so 1")  # each word starts a word of the name: 1, 10 and 11, not 2
    assert "Số 1" in screen and "Số 10" in screen and "Số 11" in screen and "Số 2" not in screen


@on_buttons
async def test_the_name_typed_with_ghi_thay_or_ghithay_is_sought_at_once(app: App, make_person) -> None:
    """A hamlet head types the household's name with the way in, as it is said: “ghi thay tran van ba” at the
    menu got “vui lòng chọn một mục”, and `/ghithay tran van ba` asked for the name again. The one household
    found, named whole as typed, was still a list of one to tap (decision 0257): it is taken at once, and so
    is the one named whole beside a neighbour whose name begins with it (“Trần Văn Bảy”: decision 0392)."""
    ids = await seed(app)
    await add_household(app, ids)
    await add_household(app, ids, "Hộ ông Trần Văn Bảy")
    hung = make_person("hung")
    typings = {
        "ghi thay tran van ba": True,
        "ghi thay cho ho ba": False,  # a part of the name: listed to choose
        "/ghithay tran van ba": True,
        "ghithay Trần Văn Ba": True,
    }
    for typed, whole in typings.items():
        await hung.say("/menu")
        screen = await hung.say(typed)
        assert f"{HOUSEHOLD} (Khoa Nội, hộ gia đình)" in screen and "Gõ một phần tên hộ" not in screen
        assert (f"Đã tìm thấy: {HOUSEHOLD} (Khoa Nội, hộ gia đình)." in screen) is whole
        assert (f"Anh/chị muốn ghi nhận gì cho {HOUSEHOLD}?" in screen) is whole
    assert "Gõ một phần tên hộ" in await hung.say("khong phai")  # not that household: the name asked again
    assert f"Anh/chị muốn ghi nhận gì cho {HOUSEHOLD}?" in await hung.say("tran van ba")
    assert "Gõ một phần tên hộ" in await hung.choose("Quay lại")
    await hung.say("ghi thay cho ho ba")
    assert f"Anh/chị muốn ghi nhận gì cho {HOUSEHOLD}?" in await hung.choose(HOUSEHOLD)
    await hung.say("/menu")
    screen = await hung.say("ghi thay xyz")  # nobody: said, and the name asked as /ghithay asks it
    assert "Không tìm thấy ai có “xyz”" in screen and "Gõ một phần tên hộ" in screen
    # A gift typed where the name is asked was sought as a name (“Không tìm thấy ai có “ủng hộ 300k””): the
    # name is asked for first, with an example, and nothing is recorded (decision 2448).
    async with app.sessionmaker() as session:
        before = await session.scalar(select(func.count(Contribution.id)))
    screen = await hung.say("ủng hộ 300k")
    assert "Không tìm thấy" not in screen, screen
    assert "“ủng hộ 300k” là khoản ủng hộ, chưa phải tên" in screen and "ví dụ: tran van ba" in screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count(Contribution.id))) == before
    # still the name step: the name typed next is sought
    assert f"Anh/chị muốn ghi nhận gì cho {HOUSEHOLD}?" in await hung.say("tran van ba")
    # A big commune: more than ten neighbours' names begin with it. “Gõ thêm tên” asked her for more of a
    # name she had typed whole (decision 0418).
    for given in ("Bào", "Bằng", "Bảo", "Bắc", "Bách", "Ban", "Bàng", "Bạch", "Bang", "Bắp"):
        await add_household(app, ids, f"Hộ ông Trần Văn {given}")
    await hung.say("/menu")
    screen = await hung.say("ghi thay tran van ba")
    assert f"Đã tìm thấy: {HOUSEHOLD} (Khoa Nội, hộ gia đình)." in screen, screen
    assert f"Anh/chị muốn ghi nhận gì cho {HOUSEHOLD}?" in screen
    await hung.say("/menu")
    screen = await hung.say("ghi thay tran van")
    assert "gõ thêm tên" in screen, screen


@on_text_only
async def test_a_household_with_a_messenger_account_is_told_the_officer_recorded_for_it(
    app: App, make_person
) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    async with app.sessionmaker() as session, session.begin():
        session.add(ChannelIdentity(channel="console", external_id="ba", person_id=household, created_at=NOW))
    hung = make_person("hung")
    await choose_household(hung)
    await hung.choose("Ghi nhận đóng góp")
    await hung.choose("ngoài các đợt vận động")
    await hung.choose("Tiền")
    await hung.say("200k")
    await hung.choose("Bỏ qua")
    await hung.choose("Có")
    async with app.sessionmaker() as session:
        payloads = list(
            await session.scalars(select(OutboxMessage.payload).where(OutboxMessage.person_id == household))
        )
    # in the household's words, “món ủng hộ”, its amount and its number, as its own receipt (1566, 1723)
    assert [p["text"] for p in payloads] == [
        "Lê Văn Hùng đã ghi giúp gia đình anh/chị một món ủng hộ 200.000\xa0₫ cho Quỹ “Vì người nghèo”, "
        "mã số CT-2026-000001. Thủ quỹ sẽ xác nhận."
    ]
    # “cancel the one just now”, the officer's: the gift he recorded for the household (decision 2888)
    await hung.say("/menu")
    screen = await hung.say("huy khoan vua roi")
    assert screen.startswith("Rút lại CT-2026-000001 (200.000\xa0₫)?"), screen


async def test_an_officer_records_for_a_household_on_sqlite_and_postgresql(any_app: App, clock) -> None:
    ids = await seed(any_app)
    household = await add_household(any_app, ids)
    channel = CollectingChannel(any_app.engine, TEXT_ONLY)
    hung, mai = ChatPerson(channel, "hung", clock), ChatPerson(channel, "mai", clock)
    await choose_household(hung, "TRAN van ba")
    await hung.choose("Ghi nhận đóng góp")
    await hung.choose("ngoài các đợt vận động")
    await hung.choose("Tiền")
    await hung.say("200k")
    await hung.choose("Bỏ qua")
    assert f"Đã ghi nhận cho {HOUSEHOLD}" in await hung.choose("Có")
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    await mai.choose("CT-2026-000001")
    await mai.choose("Xác nhận các khoản")
    assert "Đã xác nhận: CT-2026-000001" in await mai.choose("Có")
    async with any_app.sessionmaker() as session:
        entry = (await session.scalars(select(Contribution))).one()
    assert (entry.person_id, entry.recorded_by, entry.status) == (household, ids["hung"], "confirmed")


async def test_an_officer_records_the_households_result_as_its_recorder(app: App, make_person) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    hung = make_person("hung")
    await choose_household(hung)
    screen = await hung.choose("Ghi kết quả")
    assert f"Anh/chị ghi kết quả của {HOUSEHOLD} cho nội dung nào (năm 2026)?" in screen
    await hung.choose(HOUSEHOLD_ONLY)
    await hung.say("Hộ vay vốn nuôi bò, đăng ký thoát nghèo")
    screen = await hung.choose("Bỏ qua")
    assert f"Anh/chị kiểm tra lại kết quả của {HOUSEHOLD}:" in screen
    assert f"{HOUSEHOLD_ONLY}: đã ghi nhận" in await hung.choose("Có")
    async with app.sessionmaker() as session:
        result = (await session.scalars(select(Result))).one()
    assert (result.person_id, result.recorded_by, result.owner_key) == (
        household,
        ids["hung"],
        f"p:{household}",
    )


async def test_a_listed_household_without_a_phone_joins_its_own_record_with_the_officers_link_code(
    app: App, make_person
) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    async with app.sessionmaker() as session, session.begin():
        unit = await session.get_one(Unit, ids["unit A"])
        org = await session.get_one(Organisation, unit.org_id)
        invite = await create_invite(session, org, unit_code=unit.code, kind="household", uses=5, now=NOW)
    hung, ba = make_person("hung"), make_person("ba")

    # The household's phone types its name without accents: it is told the list has it, and how to join it.
    await ba.say("/start")
    await ba.say(invite.code)
    screen = await ba.say("ho ong tran van ba")
    assert f"Danh sách đã có hộ “{HOUSEHOLD}”" in screen and "cấp mã liên kết" in screen
    assert "Đây không phải mã liên kết" in await ba.say("chưa có mã")  # and it waits for the code

    # The officer gives the code from /ghithay; the domain refuses a member.
    await choose_household(hung)
    screen = await hung.choose("Cấp mã liên kết cho điện thoại")
    assert f"Trên điện thoại của {HOUSEHOLD}, mở Chung Tay" in screen
    code = LINK_CODE.search(screen)
    assert code is not None
    async with app.sessionmaker() as session, session.begin():
        member = await actor_for(session, await session.get_one(Person, ids["lan"]))
        with pytest.raises(LinkProblem):
            await issue_link_code_for(
                session, member, await session.get_one(Person, household), identity_id=1, now=NOW
            )

    await ba.say(code.group())  # the data notice and the language first, as on any joining
    await ba.choose("Tôi đồng ý")
    screen = await ba.choose("Tiếng Việt")
    assert HOUSEHOLD in screen
    async with app.sessionmaker() as session:
        holder = await session.scalar(
            select(ChannelIdentity.person_id).where(ChannelIdentity.external_id == "ba")
        )
        households = await session.scalar(
            select(func.count()).select_from(Person).where(Person.kind == "household")
        )
    assert (holder, households) == (household, 1)  # the listed record, no twin
    await hung.say("/menu")  # the officer hears the code was used
    assert f"Mã liên kết anh/chị cấp cho {HOUSEHOLD} vừa được dùng" in chat(hung)

    # Now a phone holds the record: no second code for it.
    await choose_household(hung)
    assert not any("mã liên kết" in choice.label for choice in hung.menu.choices)


async def test_what_waits_for_another_treasurer_is_counted_alike_on_sqlite_and_postgresql(
    any_app: App,
) -> None:
    ids = await seed(any_app)
    household = await add_household(any_app, ids)
    async with any_app.sessionmaker() as session, session.begin():
        hung, mai = await session.get_one(Person, ids["hung"]), await session.get_one(Person, ids["mai"])
        session.add(
            RoleAssignment(
                person_id=hung.id, role="treasurer", org_id=hung.org_id, unit_id=None, granted_at=NOW
            )
        )
        for amount in (100_000, 200_000):
            await record_contribution(
                session,
                person=await session.get_one(Person, household),
                recorded_by=hung,
                entry=NewContribution("money", amount),
                now=NOW,
            )
        assert await held_back(session, await actor_for(session, hung)) == HeldBack(2, 0)  # Mai may confirm
        assert await held_back(session, await actor_for(session, mai)) == HeldBack(0, 0)
        await session.execute(
            delete(RoleAssignment).where(
                RoleAssignment.person_id == mai.id, RoleAssignment.role == "treasurer"
            )
        )
        assert await held_back(session, await actor_for(session, hung)) == HeldBack(2, 2)


@examples_on_one_profile("typed", ["tran van ba", "Hộ Trần Văn Ba", "ho ba tran van ba"])
async def test_a_listed_households_name_typed_without_or_with_another_hộ_word_finds_the_record(
    app: App, make_person, typed: str
) -> None:
    """Families type “tran van ba” or “Hộ Trần Văn Ba” for the list's “Hộ ông Trần Văn Ba”: told the list has
    it (and how to join it), not joined as a second household beside the record the officer recorded for."""
    ids = await seed(app)
    await add_household(app, ids)
    async with app.sessionmaker() as session, session.begin():
        unit = await session.get_one(Unit, ids["unit A"])
        org = await session.get_one(Organisation, unit.org_id)
        invite = await create_invite(session, org, unit_code=unit.code, kind="household", uses=5, now=NOW)
    ba = make_person("ba")
    await ba.say("/start")
    await ba.say(invite.code)
    screen = await ba.say(typed)
    assert "Danh sách đã có hộ" in screen and "cấp mã liên kết" in screen


async def test_a_correction_of_a_households_gift_is_told_to_its_officer_and_nobody_said_told_when_none_can_be(
    app: App,
) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    async with app.sessionmaker() as session, session.begin():
        hung, mai = await session.get_one(Person, ids["hung"]), await session.get_one(Person, ids["mai"])
        subject = await session.get_one(Person, household)
        first = await record_contribution(
            session, person=subject, recorded_by=hung, entry=NewContribution("money", 500_000), now=NOW
        )
        treasurer = await actor_for(session, mai)
        assert await decide(session, first, confirmed=True, actor=treasurer, now=NOW) == RECORDER
        fixed = await correct(
            session, first, acting=Operator(hung.org_id), figure=50_000, reason="Ghi nhầm 500k", now=NOW
        )
        rows = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.key.like("notice:%")).order_by(OutboxMessage.id)
        )
        told = [(row.person_id, row.payload["text"]) for row in rows if row.key.startswith("notice:co")]
    assert told == [
        (
            ids["hung"],
            f"Khoản đóng góp CT-2026-000001 anh/chị ghi thay cho {HOUSEHOLD} đã được sửa từ 500.000\xa0₫ "
            f"thành 50.000\xa0₫ (lý do: Ghi nhầm 500k). Mã mới: {fixed.replacement.ref}",
        )
    ]

    # The officer left the messenger: nobody can be told, and the treasurer is not told that anybody is.
    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            update(ChannelIdentity).where(ChannelIdentity.person_id == ids["hung"]).values(status="blocked")
        )
        hung, mai = await session.get_one(Person, ids["hung"]), await session.get_one(Person, ids["mai"])
        second = await record_contribution(
            session,
            person=await session.get_one(Person, household),
            recorded_by=hung,
            entry=NewContribution("money", 100_000),
            now=NOW,
        )
        heard = await decide(session, second, confirmed=True, actor=await actor_for(session, mai), now=NOW)
    assert heard == NOBODY
    t = Translator("vi")
    assert decided_text(t, [second.ref], {second.ref: heard}, confirmed=True) == (
        f"Đã xác nhận: {second.ref}.\nNgười ủng hộ không dùng bot nên không ai được báo qua "
        "bot: anh/chị vui lòng báo cho họ."
    )


def test_a_confirmation_names_each_code_once_whoever_is_told_of_it() -> None:
    """25 gifts confirmed from a bank statement, two of them a household's: “Đã xác nhận: …” listed all 25,
    and the lines of who is told listed them again, each code twice on a phone (decision 1602)."""
    t = Translator("vi")
    refs = [f"CT-2026-{n:06d}" for n in range(1, 26)]
    heard = {ref: GIVER for ref in refs} | {refs[3]: RECORDER, refs[7]: NOBODY}
    text = decided_text(t, refs, heard, confirmed=True)
    assert text.startswith("Đã xác nhận 25 khoản:\n")
    assert all(text.count(ref) == 1 for ref in refs)
    assert f"{refs[3]}: Người ủng hộ không dùng bot: người đã ghi thay cho họ đang được báo tin." in text
    assert f"Người ủng hộ đang được báo tin: {refs[0]}, {refs[1]}, {refs[2]}, {refs[4]}" in text
    alone = decided_text(t, [refs[3]], {refs[3]: RECORDER}, confirmed=False)
    assert alone == (
        f"Đã từ chối: {refs[3]}.\nNgười ủng hộ không dùng bot: người đã ghi thay cho họ đang được báo tin."
    )


@on_buttons
async def test_a_name_typed_that_a_piece_of_an_option_holds_is_searched_not_taken_for_the_option(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await add_household(app, ids, name="Hộ bà Lê Thị Tâm")
    hung = make_person("hung")
    await hung.say("/menu")
    screen = await hung.choose(BEHALF)
    assert "nhà hảo tâm" in screen  # an option whose name holds “tâm”…
    screen = await hung.say("tam")  # …yet “tam” is a name to look for
    assert "nhà hảo tâm" not in screen.lower()
    assert "Hộ bà Lê Thị Tâm (Khoa Nội, hộ gia đình)" in [choice.label for choice in hung.menu.choices]


async def _a_household_of_khoa_b_and_a_drive_of_goods_for_each_khoa(app: App) -> dict[str, int]:
    """Hộ ông Trần Văn Ba of Khoa B; Hùng opens Khoa A's one drive of goods, blankets, and Khoa B's, cooking
    oil, both through November and December."""
    from bot.domain.drives import NewDrive, create_drive

    ids = await seed(app)
    await add_household(app, ids, unit="B")
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        for title, unit in (("Chăn ấm cho người già", "A"), ("Dầu ăn cho bà con vùng lũ", "B")):
            units = (ids[f"unit {unit}"],)
            drive = NewDrive(title, date(2026, 11, 1), date(2026, 12, 31), kinds=("goods",), unit_ids=units)
            await create_drive(session, hung, drive, now=NOW)
    return ids


@on_text_only
async def test_the_goods_example_of_a_gift_recorded_for_a_household_is_of_its_units_drive(
    app: App, make_person
) -> None:
    """Hùng, an officer of the whole organisation on Khoa A's list, records for Hộ ông Trần Văn Ba of Khoa B
    and, asked for the drive, types “ủng hộ hiện vật được không”. Khoa A's one drive of goods collects
    blankets, Khoa B's cooking oil: the example was Hùng's unit's (“5 cái chăn”), a drive the household
    cannot give to; it is now the household's unit's (decision 1954)."""
    await _a_household_of_khoa_b_and_a_drive_of_goods_for_each_khoa(app)
    officer = make_person("hung")
    await choose_household(officer)
    screen = await officer.choose("Ghi nhận đóng góp")
    assert "Chăn ấm" not in screen and "Dầu ăn cho bà con vùng lũ" in screen, screen
    screen = await officer.say("ủng hộ hiện vật được không")
    assert "ví dụ: ủng hộ 5 lít dầu ăn." in screen and "chăn" not in screen, screen
    # Spoken to the officer of the household's gift: it was “Nếu anh/chị muốn ủng hộ …” (decision 2034).
    assert "hộ góp gì cũng quý" in screen and "Nếu hộ muốn ủng hộ hiện vật, anh/chị gõ" in screen, screen
    # An amount and labour days too: they were “Nếu anh/chị muốn ủng hộ 200.000 ₫ …” (decision 2121).
    screen = await officer.say("ủng hộ 200k được không")
    assert (
        "Ủng hộ là tự nguyện, hộ góp bao nhiêu cũng quý; chưa có gì được ghi nhận. Nếu hộ muốn ủng hộ "
        "200.000\xa0₫, anh/chị gõ: ủng hộ 200k." in screen
    ), screen
    screen = await officer.say("ủng hộ ngày công được không")
    assert "Nếu hộ muốn ủng hộ ngày công, anh/chị gõ số ngày, ví dụ: ủng hộ 1 ngày công." in screen, screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Contribution)) == 0


@on_buttons
async def test_the_goods_example_asked_for_a_household_one_no_longer_acts_for_is_one_answer(
    app: App, make_person
) -> None:
    """Hùng's role is taken while the household's drive is asked; he types “ủng hộ hiện vật được không”.
    He read “Anh/chị không được ghi nhận thay cho người này.”, then that giving is voluntary, then the
    household's drives asked again, then the main menu: finding the example said the refusal and went home,
    and the answer went on. Now the answer is said once, its example the household's drive's, above its
    drives asked again; whether he may still record for it is said as the gift goes on (decision 1986)."""
    from bot.domain.roles import revoke_role

    ids = await _a_household_of_khoa_b_and_a_drive_of_goods_for_each_khoa(app)
    officer = make_person("hung")
    await choose_household(officer)
    await officer.choose("Ghi nhận đóng góp")
    async with app.sessionmaker() as session, session.begin():
        person = await session.get_one(Person, ids["hung"])
        await revoke_role(session, Operator(person.org_id), person, "officer", None, now=NOW)
    screen = await officer.say("ủng hộ hiện vật được không")
    assert "không được ghi nhận thay" not in screen, screen
    assert screen.count("Ủng hộ là tự nguyện") == 1 and "ví dụ: ủng hộ 5 lít dầu ăn." in screen, screen
    screen = await officer.choose("Dầu ăn cho bà con vùng lũ")
    assert "Anh/chị không được ghi nhận thay cho người này." in screen, screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Contribution)) == 0


@on_text_only
async def test_the_goods_answer_for_a_colleague_whose_name_holds_braces_names_her(
    app: App, make_person
) -> None:
    """Hùng records for a colleague on the paper list whose name was typed with braces, “Lan {Khoa A}”, and
    asks whether goods may be given: her name was put into the line before its example was filled in, so the
    braces broke the answer; the name and the example are now filled in together (decision 2087)."""
    ids = await seed(app)
    person_id = await add_household(app, ids, "Lan {Khoa A}")
    async with app.sessionmaker() as session, session.begin():
        (await session.get_one(Person, person_id)).kind = "staff"
    officer = make_person("hung")
    await choose_household(officer, "lan")
    await officer.choose("Lan {Khoa A} (Khoa Nội)")
    await officer.choose("Ghi nhận đóng góp")
    screen = await officer.say("ủng hộ hiện vật được không")
    assert "Ủng hộ là tự nguyện" in screen and "Lan {Khoa A}" in screen, screen
    screen = await officer.say("ủng hộ 200k được không")  # of her by name, as her goods (decision 2121)
    assert "Nếu Lan {Khoa A} muốn ủng hộ 200.000\xa0₫, anh/chị gõ: ủng hộ 200k." in screen, screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Contribution)) == 0
