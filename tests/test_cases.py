"""Hardship cases: an officer records a case, logs the support delivered and lets a drive serve it, and the
case's page shows what it received; leaders read it; members and treasurers never see it, in the menu or by
command; the domain refuses on its own and audits the attempt (with buttons and on text-only channels).
A colleague's or a listed household's case is found by name and linked to them (decision 0096): its page,
the drive's nameless statement line and the signing list give their unit; a second case for them offers the
first; nobody of another organisation is linked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, func, select

from bot.app import App
from bot.db.models import (
    AuditLog,
    CaseSupport,
    Contribution,
    Drive,
    HardshipCase,
    Organisation,
    Person,
    RoleAssignment,
    Unit,
)
from bot.domain.access import Actor, actor_for
from bot.domain.cases import CaseError, case_page, cases_of, log_support, record_case, serve_case
from bot.domain.contributions import (
    LedgerError,
    NewContribution,
    correct,
    decide,
    move_to,
    record_contribution,
    reverse,
)
from bot.domain.drives import NewDrive, create_drive
from bot.domain.gift_rounds import Package, record_round, signing_list
from bot.domain.invites import create_invite
from bot.domain.labour_days import record_labour_days
from bot.domain.queue import ask_for_receipts, held_back, waiting_drives
from bot.signing_sheet import write_signing_list
from bot.text import fold
from tests.support.clocks import NOW
from tests.support.joins import joined
from tests.support.profiles import on_buttons, on_text_only
from tests.test_drives import seed
from tests.test_typed_gift import _send_photo


async def officer_code(app: App) -> str:
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        invite = await create_invite(session, org, unit_code="PDT", role="officer", uses=10, now=NOW)
        return invite.code


async def record(officer) -> str:  # type: ignore[no-untyped-def]
    await officer.say("/hoancanh")
    await officer.choose("Ghi nhận hoàn cảnh mới")
    await officer.choose("Một hộ gia đình")
    await officer.choose("Không có trong danh sách")  # a household not on the list: its name typed, as before
    await officer.say("Hộ bà Nguyễn Thị Lành, thôn 3")
    await officer.say("Chồng bệnh nặng, hai con đang đi học")
    return await officer.say("Viện phí, gạo")


@on_text_only
async def test_a_communes_officer_is_offered_support_from_the_communes_own_budget_not_a_unions(
    app, invites, make_person
) -> None:
    """A commune's Front officer pays a household's medicine from the commune's budget: the source menu named
    only “kinh phí công đoàn”, which a commune does not have."""
    hung = make_person("hung")
    await joined(hung, await officer_code(app), "Lê Thị Công")
    await record(hung)
    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Tiền")

    await hung.say("500k")

    screen = await hung.choose("Hôm nay")

    assert "Không từ Quỹ (ngân sách, kinh phí đoàn thể, nhà tài trợ trao trực tiếp)" in screen
    assert "công đoàn" not in screen
    screen = await hung.say("ngan sach xa")
    assert "Anh/chị ghi nhận hỗ trợ cho Hộ bà Nguyễn Thị Lành, thôn 3: 500.000\xa0₫" in screen


async def test_an_officer_records_a_case_logs_support_and_the_page_shows_what_it_received(
    app, invites, make_person
) -> None:
    hung = make_person("hung")
    await joined(hung, await officer_code(app), "Lê Thị Công")
    assert "Hoàn cảnh khó khăn" in hung.screen  # in the officer's menu
    screen = await record(hung)
    assert "Đã ghi nhận hoàn cảnh: Hộ bà Nguyễn Thị Lành, thôn 3." in screen
    assert (
        "• Hoàn cảnh: Chồng bệnh nặng, hai con đang đi học" in screen and "• Nhu cầu: Viện phí, gạo" in screen
    )

    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Tiền")
    await hung.say("20tr")  # a slip of the finger: shown once more before it is written
    screen = await hung.choose("Hôm nay")
    assert "anh/chị chi từ nguồn nào?" in screen  # no drive raises money for this case: asked
    screen = await hung.choose("Không từ Quỹ")
    assert "Anh/chị ghi nhận hỗ trợ cho Hộ bà Nguyễn Thị Lành, thôn 3: 20.000.000\xa0₫, trao ngày " in screen
    screen = await hung.choose("Không")
    assert "Không có gì thay đổi" in screen and "• Đã nhận: tiền 0\xa0₫." in screen
    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Tiền")
    await hung.say("2tr")
    await hung.choose("Hôm nay")
    await hung.choose("Không từ Quỹ")
    screen = await hung.choose("Có")
    assert "Đã ghi nhận: 2.000.000\xa0₫, trao ngày 22/11/2026." in screen
    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Hiện vật")
    # A command's word typed where the goods are asked is that command, no goods named “tiendo” whose value
    # is asked next (decision 0312); “tien do” and the money's question were so already (0299, 0307).
    screen = await hung.say("tiendo")
    assert "Tiến độ năm 2026" in screen and "trị giá" not in screen
    await hung.say("/hoancanh")
    await hung.choose("Lành")
    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Hiện vật")
    await hung.say("50 kg gạo")
    await hung.say("abc")  # not an amount: asked again, nothing logged
    await hung.say("750k")
    await hung.choose("Hôm nay")
    await hung.choose("Không từ Quỹ")
    await hung.choose("Có")
    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Hiện vật")
    await hung.say("quần áo cũ")
    await hung.choose("Bỏ qua")  # nobody knows what old clothes are worth
    await hung.choose("Hôm nay")
    screen = await hung.choose("Không từ Quỹ")
    assert ": quần áo cũ, trao ngày" in screen
    screen = await hung.choose("Có")
    assert "hiện vật trị giá 750.000\xa0₫ (chưa tính hiện vật chưa rõ trị giá)." in screen
    await hung.choose("Ghi nhận hỗ trợ")
    screen = await hung.choose("Ngày công")  # days of help given, not the officer's own gift
    assert "Anh/chị đã hỗ trợ bao nhiêu ngày công?" in screen and "góp" not in screen
    await hung.say("3")
    await hung.choose("Hôm nay")
    await hung.choose("Không từ Quỹ")
    screen = await hung.choose("Có")
    # the old clothes of no known value are not in the goods' sum, and the sum says so (0554, 0564)
    assert (
        "• Đã nhận: tiền 2.000.000\xa0₫; hiện vật trị giá 750.000\xa0₫ (chưa tính hiện vật chưa rõ trị giá); "
        "3 ngày công." in screen
    )
    assert "50 kg gạo" in screen and "quần áo cũ" in screen

    await hung.choose("Gắn một đợt vận động")
    screen = await hung.choose("cao điểm")
    assert "nay quyên góp cho hoàn cảnh này" in screen
    assert "• Đợt vận động cho hoàn cảnh này: Tháng cao điểm" in screen

    async with app.sessionmaker() as session:
        case = await session.scalar(select(HardshipCase))
        assert case is not None and case.subject == "household" and case.person_id is None
        supports = list(await session.scalars(select(CaseSupport).order_by(CaseSupport.id)))
        assert [(s.kind, s.amount_vnd, s.labour_days) for s in supports] == [
            ("money", 2_000_000, 0),
            ("goods", 750_000, 0),
            ("goods", 0, 0),
            ("labour", 0, 3),
        ]
        drive = await session.scalar(select(Drive).where(Drive.case_id == case.id))
        assert drive is not None and drive.fund
        actions = list(await session.scalars(select(AuditLog).where(AuditLog.entity == "hardship_case")))
        assert [a.action for a in actions] == [
            "case.record",
            "case.support",
            "case.support",
            "case.support",
            "case.support",
            "case.serve",
        ]
        assert all("Lành" not in str(a.details) and "bệnh" not in str(a.details) for a in actions)

    # the same drive pointed at another case: the officer is told which case it leaves, and the same case
    # chosen again changes nothing
    await hung.say("/hoancanh")
    await hung.choose("Ghi nhận hoàn cảnh mới")
    await hung.choose("Một hộ gia đình")
    await hung.choose("Không có trong danh sách")
    await hung.say("Hộ ông Lò Văn Páo")
    await hung.say("Nhà sập")
    await hung.say("Dựng lại nhà")
    screen = await hung.choose("Gắn một đợt vận động")
    assert "2026 — đang quyên góp cho hoàn cảnh khác" in screen
    screen = await hung.choose("cao điểm")
    assert "không còn quyên góp cho Hộ bà Nguyễn Thị Lành, thôn 3" in screen
    assert "• Đợt vận động cho hoàn cảnh này: Tháng cao điểm" in screen
    await hung.choose("Gắn một đợt vận động")
    screen = await hung.choose("cao điểm")
    assert "đang quyên góp cho hoàn cảnh này rồi. Không có gì thay đổi." in screen
    assert "không còn" not in screen


async def test_a_cases_page_names_only_the_kinds_it_received_never_goods_worth_0_or_0_labour_days(
    app, invites, make_person
) -> None:
    """A household given 500.000 ₫ read on its page “• Đã nhận: tiền 500.000 ₫; hiện vật trị giá 0 ₫; 0 ngày
    công.”, as if goods of no worth had been handed; what a drive paid out was mended so (decision 0967). The
    page now names the kinds received, and money alone while nothing was (decision 1055)."""
    hung = make_person("hung")
    await joined(hung, await officer_code(app), "Lê Thị Công")
    screen = await record(hung)
    assert "• Đã nhận: tiền 0\xa0₫.\n" in screen
    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Tiền")
    await hung.say("500k")
    await hung.choose("Hôm nay")
    await hung.choose("Không từ Quỹ")
    screen = await hung.choose("Có")
    assert "• Đã nhận: tiền 500.000\xa0₫.\n" in screen
    assert "trị giá 0\xa0₫" not in screen and "0 ngày công" not in screen
    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Ngày công")
    await hung.say("2")
    await hung.choose("Hôm nay")
    await hung.choose("Không từ Quỹ")
    screen = await hung.choose("Có")
    assert "• Đã nhận: tiền 500.000\xa0₫; 2 ngày công.\n" in screen
    await hung.say("English")
    await hung.say("/cases")
    screen = await hung.choose("Lành")
    assert "• Received: money ₫500,000; 2 labour days.\n" in screen


async def test_the_case_list_says_goods_and_labour_days_received_not_0_dong_beside_a_case_given_no_money(
    app, invites, make_person
) -> None:
    """A household given a Tết pack of rice and two days of help read in the case list “Hộ bà … — đã nhận
    0 ₫”, as if given nothing: the officer, looking down the list on the ceremony's second day, could hand it
    again. The list names each kind received, as the case's page does (decisions 1055, 1115)."""
    hung = make_person("hung")
    await joined(hung, await officer_code(app), "Lê Thị Công")
    await record(hung)
    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Hiện vật")
    await hung.say("50 kg gạo")
    await hung.say("750k")
    await hung.choose("Hôm nay")
    await hung.choose("Không từ Quỹ")
    await hung.choose("Có")
    screen = await hung.say("/hoancanh")
    assert "Hộ bà Nguyễn Thị Lành, thôn 3 — đã nhận hiện vật trị giá 750.000\xa0₫" in screen
    assert "— đã nhận 0\xa0₫" not in screen
    await hung.choose("Lành")
    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Ngày công")
    await hung.say("2")
    await hung.choose("Hôm nay")
    await hung.choose("Không từ Quỹ")
    await hung.choose("Có")
    screen = await hung.say("/hoancanh")
    assert "Hộ bà Nguyễn Thị Lành, thôn 3 — đã nhận hiện vật trị giá 750.000\xa0₫; 2 ngày công" in screen
    await hung.say("English")
    screen = await hung.say("/cases")
    assert "Hộ bà Nguyễn Thị Lành, thôn 3 — received goods worth ₫750,000; 2 labour days" in screen


async def test_the_case_list_says_goods_of_no_known_value_received_and_nothing_once_they_are_cancelled(
    app, invites, make_person
) -> None:
    """Goods whose value nobody knew are said received, never “0 ₫” (decisions 0554, 1115); cancelled (the
    household away on the day), the list says the money alone at 0 again, as before anything was given."""
    hung = make_person("hung")
    await joined(hung, await officer_code(app), "Lê Thị Công")
    await record(hung)
    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Hiện vật")
    await hung.say("quần áo cũ")
    await hung.choose("Bỏ qua")
    await hung.choose("Hôm nay")
    await hung.choose("Không từ Quỹ")
    await hung.choose("Có")
    screen = await hung.say("/hoancanh")
    assert "Hộ bà Nguyễn Thị Lành, thôn 3 — đã nhận hiện vật chưa rõ trị giá" in screen
    await hung.choose("Lành")
    await hung.choose("Hủy một khoản hỗ trợ")
    await hung.choose("quần áo cũ")
    await hung.say("Vắng mặt hôm trao quà")
    await hung.choose("Có")
    screen = await hung.say("/hoancanh")
    assert "Hộ bà Nguyễn Thị Lành, thôn 3 — đã nhận 0\xa0₫" in screen
    assert "chưa rõ trị giá" not in screen


@on_buttons
async def test_a_photo_sent_at_a_cases_questions_is_told_not_needed_and_the_case_goes_on(
    app, invites, make_person, settings
) -> None:
    """A photo of the house sent without words where the case's subject or the household's name is asked was
    answered “vui lòng chọn một mục” or “gõ câu trả lời bằng chữ”: now it is said that no photo is needed
    there, with the question and its example again, and the case is recorded as typed (decision 0282)."""
    hung = make_person("hung")
    await joined(hung, await officer_code(app), "Lê Thị Công")
    await hung.say("/hoancanh")
    await hung.choose("Ghi nhận hoàn cảnh mới")
    screen = await _send_photo(hung, settings)
    assert "Ở bước này không cần gửi ảnh ạ. Anh/chị vui lòng chọn một mục dưới đây." in screen
    assert "Anh/chị ghi nhận hoàn cảnh khó khăn của ai?" in screen
    await hung.choose("Một hộ gia đình")
    await hung.choose("Không có trong danh sách")
    screen = await _send_photo(hung, settings)
    assert "Ở bước này không cần gửi ảnh ạ. Anh/chị vui lòng gõ câu trả lời cho câu hỏi dưới đây." in screen
    assert "Họ tên người hoặc hộ gia đình, ví dụ: Hộ bà Nguyễn Thị Lành, thôn 3." in screen
    assert "bằng chữ" not in screen
    await hung.say("Hộ bà Nguyễn Thị Lành, thôn 3")
    await hung.say("Chồng bệnh nặng, hai con đang đi học")
    await hung.say("Viện phí, gạo")
    async with app.sessionmaker() as session:
        assert list(await session.scalars(select(HardshipCase.name))) == ["Hộ bà Nguyễn Thị Lành, thôn 3"]


async def test_leaders_read_cases_but_members_and_treasurers_never_see_them(
    app, invites, make_person
) -> None:
    officer, leader = make_person("officer"), make_person("leader")
    hoa, mai = make_person("hoa"), make_person("mai")
    await joined(hoa, invites.member, "Võ Thị Hoa")
    await joined(officer, await officer_code(app), "Lê Thị Công")
    await officer.say("/hoancanh")  # a colleague of the officer's unit, and of the leader's
    await officer.choose("Ghi nhận hoàn cảnh mới")
    await officer.choose("Một cán bộ")
    await officer.say("vo thi hoa")
    await officer.say("Chồng bệnh nặng, hai con đang đi học")
    await officer.say("Viện phí, gạo")

    await joined(leader, invites.leader, "Phan Văn Trưởng")
    assert "Hoàn cảnh khó khăn" in leader.screen
    await leader.say("/hoancanh")
    screen = await leader.choose("Võ Thị Hoa")
    assert "Viện phí, gạo" in screen and "Ghi nhận hỗ trợ" not in screen and "Gắn một đợt" not in screen
    await leader.choose("Quay lại")
    assert "Ghi nhận hoàn cảnh mới" not in leader.screen

    await joined(mai, invites.treasurer, "Trần Thị Mai")
    for person in (hoa, mai):
        assert "Hoàn cảnh khó khăn" not in person.screen
        screen = await person.say("/hoancanh")
        assert "Chỉ cán bộ công đoàn và lãnh đạo" in screen and "Chồng bệnh" not in screen


async def test_the_domain_refuses_whoever_may_not_and_another_organisation(app, invites) -> None:
    async with app.sessionmaker() as session, session.begin():
        people = {p.full_name: p for p in await session.scalars(select(Person))}
        leader = await actor_for(session, people["Phạm Minh Tuấn"])
        treasurer = await actor_for(session, people["Trần Thị Mai"])
        officer = await actor_for(session, people["Lê Văn Hùng"])
        with pytest.raises(CaseError, match="not_allowed"):
            await record_case(
                session, leader, subject="household", name="X", circumstances="Y", needs="Z", now=NOW
            )
        case = await record_case(  # a colleague of the leader's unit
            session,
            officer,
            subject="member",
            person_id=people["Trần Thị Mai"].id,
            circumstances="ốm",
            needs="thuốc",
            now=NOW,
        )
        assert [c.id for c, _got in await cases_of(session, leader)] == [case.id]
        with pytest.raises(CaseError, match="not_allowed"):
            await cases_of(session, treasurer)
        with pytest.raises(CaseError, match="not_allowed"):
            await case_page(session, treasurer, case.id)

        other = Organisation(code="SYT", name="Sở Y tế", created_at=NOW)
        session.add(other)
        await session.flush()
        unit = Unit(org_id=other.id, code="VP", name="Văn phòng")
        session.add(unit)
        await session.flush()
        stranger = Person(
            org_id=other.id, unit_id=unit.id, full_name="Hà Vy", name_key=fold("Hà Vy"), created_at=NOW
        )
        session.add(stranger)
        await session.flush()
        session.add(RoleAssignment(person_id=stranger.id, role="officer", org_id=other.id, granted_at=NOW))
        with pytest.raises(CaseError, match="not_allowed"):
            await case_page(session, await actor_for(session, stranger), case.id)
        await session.flush()
        refused = list(await session.scalars(select(AuditLog).where(AuditLog.action == "case.refused")))
        assert [a.details["attempted"] for a in refused] == ["record"]


FLOOD = "Cứu trợ lũ lụt 2026"


async def _flood_drive(app: App, ids: dict[str, int]) -> None:
    """The flood drive, with 5tr from Tâm confirmed by Mai the treasurer."""
    async with app.sessionmaker() as session, session.begin():
        hung, tam, mai = [await session.get_one(Person, ids[n]) for n in ("hung", "tam", "mai")]
        officer = await actor_for(session, hung)
        drive = await create_drive(
            session, officer, NewDrive(FLOOD, date(2026, 11, 1), date(2026, 11, 30)), now=NOW
        )
        entry = NewContribution(drive_id=drive.id, kind="money", amount_vnd=5_000_000)
        gift = await record_contribution(session, person=tam, recorded_by=tam, entry=entry, now=NOW)
        await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=NOW)


async def _find_lan(hung) -> str:  # type: ignore[no-untyped-def]
    await hung.say("/hoancanh")
    await hung.choose("Ghi nhận hoàn cảnh mới")
    await hung.choose("Một cán bộ")
    await hung.say("lan")
    return await hung.choose("Nguyễn Thị Lan")


async def test_a_colleagues_case_found_by_her_name_gives_her_unit_on_her_page_never_on_the_statement(
    app: App, make_person
) -> None:
    ids = await seed(app)
    hung, tam, mai = make_person("hung"), make_person("tam"), make_person("mai")
    await tam.say("/menu")  # in the chat before he is told of his gift
    await _flood_drive(app, ids)
    await hung.say("/hoancanh")
    await hung.choose("Ghi nhận hoàn cảnh mới")
    screen = await hung.choose("Một cán bộ")
    assert "Gõ một phần họ tên" in screen and "nguyen thi lan" in screen
    screen = await hung.say("ha vy")  # of another organisation: never offered
    assert "Không có đồng nghiệp nào có “ha vy” trong tên" in screen
    screen = await hung.say("danh")  # a given name, though “Không có trong danh sách” has it: searched
    assert "Không có đồng nghiệp nào có “danh” trong tên" in screen
    screen = await hung.say("nguyen thi lan")  # accents optional; her whole name: no list of one to tap
    assert "Đã tìm thấy: Nguyễn Thị Lan (Khoa Nội)." in screen and "tả ngắn gọn hoàn cảnh" in screen
    assert "Chọn người khác" in screen
    screen = await hung.choose("Chọn người khác")  # not the one meant: her name asked again
    assert "Gõ một phần họ tên" in screen
    await hung.say("nguyen thi lan")
    await hung.say("Mổ tim, hai con nhỏ")
    screen = await hung.say("Viện phí")
    assert "Đã ghi nhận hoàn cảnh: Nguyễn Thị Lan." in screen
    assert "Nguyễn Thị Lan (cán bộ, thành viên, Khoa Nội)" in screen  # the case's page

    await hung.choose("Ghi nhận hỗ trợ")
    await hung.choose("Tiền")
    await hung.say("2tr")
    await hung.choose("Hôm nay")
    await hung.choose(FLOOD)
    screen = await hung.choose("Có")
    assert f"– 22/11/2026 · 2.000.000\xa0₫ · chi từ đợt vận động “{FLOOD}”" in screen

    await tam.say("/saoke")  # a colleague reads the drive's statement: neither her name nor her unit,
    await tam.choose(FLOOD)  # which in a small unit names her as well (decision 0404)
    screen = await tam.choose("Các khoản chi (1)")
    assert "• 22/11/2026 · Hỗ trợ hoàn cảnh khó khăn · 2.000.000\xa0₫" in screen
    assert "Lan" not in screen and "Mổ tim" not in screen and "Khoa Nội" not in screen

    await mai.say("/saoke")  # the treasurer's sheet: the spending line's unit column left empty
    await mai.choose(FLOOD)
    [handed] = mai.channel.transport.documents("mai")
    assert handed.document is not None
    rows = [
        tuple(row)
        for row in load_workbook(app.settings.media_dir / handed.document.path).active.iter_rows(
            values_only=True
        )
    ]
    [paid] = [row for row in rows if row[3] == "Hỗ trợ hoàn cảnh khó khăn"]
    assert not paid[4] and paid[7] == 2_000_000
    assert not any("Lan" in str(cell) for row in rows for cell in row)
    async with app.sessionmaker() as session:
        case = await session.scalar(select(HardshipCase))
        assert case is not None and (case.subject, case.person_id) == ("member", ids["lan"])


async def test_a_second_case_for_the_same_colleague_offers_the_first_unless_the_officer_insists(
    app: App, make_person
) -> None:
    ids = await seed(app)
    hung = make_person("hung")
    await _find_lan(hung)
    await hung.say("Mổ tim")
    await hung.say("Viện phí")

    screen = await _find_lan(hung)
    assert "Nguyễn Thị Lan đã có hoàn cảnh khó khăn được ghi nhận" in screen
    screen = await hung.choose("Mở hoàn cảnh đã ghi nhận ngày 22/11/2026")
    assert "• Hoàn cảnh: Mổ tim" in screen and "Ghi nhận hỗ trợ" in screen  # the first case's page
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(HardshipCase)) == 1

    await _find_lan(hung)  # a new hardship: the officer records a second case all the same
    await hung.choose("Ghi nhận hoàn cảnh mới cho người này")
    await hung.say("Nhà bị lũ cuốn")
    screen = await hung.say("Sửa nhà")
    assert "Đã ghi nhận hoàn cảnh: Nguyễn Thị Lan." in screen and "• Hoàn cảnh: Nhà bị lũ cuốn" in screen
    async with app.sessionmaker() as session:
        cases = list(await session.scalars(select(HardshipCase)))
        assert [c.person_id for c in cases] == [ids["lan"], ids["lan"]]


async def test_the_domain_links_only_its_own_people_and_the_signing_list_gives_their_units(
    any_app: App, tmp_path: Path
) -> None:
    ids = await seed(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        assert hung is not None
        village = Unit(org_id=hung.org_id, code="T3", name="Thôn 3")
        session.add(village)
        await session.flush()
        ba = Person(
            org_id=hung.org_id, unit_id=village.id, full_name="Trần Văn Ba", name_key=fold("Trần Văn Ba"),
            kind="household", created_at=NOW,
        )  # fmt: skip
        session.add(ba)
        await session.flush()
        case = {"circumstances": "khó khăn", "needs": "quà Tết", "now": NOW}
        with pytest.raises(CaseError, match="not_allowed"):  # Hà Vy is of another organisation
            await record_case(session, hung, subject="member", person_id=ids["vy"], **case)  # type: ignore[arg-type]
        with pytest.raises(CaseError, match="not_allowed"):  # a treasurer keeps no cases
            await record_case(session, mai, subject="member", person_id=ids["lan"], **case)  # type: ignore[arg-type]
        with pytest.raises(CaseError, match="person"):  # a colleague is not a household
            await record_case(session, hung, subject="household", person_id=ids["lan"], **case)  # type: ignore[arg-type]
        lan_case = await record_case(session, hung, subject="member", person_id=ids["lan"], **case)  # type: ignore[arg-type]
        ba_case = await record_case(session, hung, subject="household", person_id=ba.id, **case)  # type: ignore[arg-type]
        unlisted = await record_case(
            session,
            hung,
            subject="household",
            name="Hộ bà Nguyễn Thị Lành, thôn 3",
            **case,  # type: ignore[arg-type]
        )
        assert (lan_case.name, ba_case.name) == ("Nguyễn Thị Lan", "Hộ Trần Văn Ba")
        typed_small = await record_case(
            session,
            hung,
            subject="household",
            name="hộ ông lò văn páo",
            **case,  # type: ignore[arg-type]
        )
        assert typed_small.name == "Hộ ông Lò Văn Páo"  # as the signing list and the book print it
        assert (await case_page(session, hung, ba_case.id)).unit == "Thôn 3"
        assert (await case_page(session, hung, unlisted.id)).unit is None
        refused = list(await session.scalars(select(AuditLog).where(AuditLog.action == "case.refused")))
        assert [a.details["attempted"] for a in refused] == ["link", "record"]
        gift_round, _written = await record_round(
            session, hung, key="tet", title="Tết Đinh Mùi 2027",
            case_ids=[lan_case.id, ba_case.id, unlisted.id], package=Package(500_000), source="outside",
            delivered_on=NOW.date(), now=NOW,
        )  # fmt: skip
        signing = await signing_list(session, hung, gift_round.id)
        assert await session.scalar(select(func.count()).select_from(HardshipCase)) == 4
    write_signing_list(signing, tmp_path / "ky-nhan.xlsx")
    rows = [tuple(r) for r in load_workbook(tmp_path / "ky-nhan.xlsx").active.iter_rows(values_only=True)]
    assert [(row[1], row[2]) for row in rows if isinstance(row[0], int)] == [  # unit by unit (0275)
        ("Nguyễn Thị Lan", "Khoa Nội"),
        ("Hộ Trần Văn Ba", "Thôn 3"),  # a listed household's address: its unit
        ("Hộ bà Nguyễn Thị Lành, thôn 3", None),  # not on the list: its name says where it lives; last
    ]


async def test_a_colleagues_illness_is_read_by_the_unions_officers_her_units_leader_and_the_head_only(
    any_app: App,
) -> None:
    """A nurse's case opened by the union (decision 0404): its officers of the whole organisation, the leader
    of her unit and the head read her name and illness; an officer or leader of another unit neither lists
    nor opens it, nor names her in a case of their own."""
    ids = await seed(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        binh = await actor_for(session, await session.get_one(Person, ids["binh"]))  # an officer of unit B
        assert hung is not None and binh is not None
        case = {"circumstances": "ung thư, đang hoá trị", "needs": "viện phí", "now": NOW}
        lan_case = await record_case(session, hung, subject="member", person_id=ids["lan"], **case)  # type: ignore[arg-type]
        tams = await record_case(session, binh, subject="member", person_id=ids["tam"], **case)  # type: ignore[arg-type]

        def leader(unit: int | None) -> Actor:
            return Actor(ids["mai"], hung.org_id, ids["unit A"], frozenset({("leader", unit)}))

        readers = {"the union": hung, "the head": leader(None), "her unit's leader": leader(ids["unit A"])}
        for who, actor in readers.items():
            assert lan_case.id in [c.id for c, _got in await cases_of(session, actor)], who
            assert (await case_page(session, actor, lan_case.id)).case.circumstances.startswith("ung thư")
        for who, actor in {"unit B's officer": binh, "unit B's leader": leader(ids["unit B"])}.items():
            assert [c.id for c, _got in await cases_of(session, actor)] == [tams.id], who
            with pytest.raises(CaseError, match="not_allowed"):
                await case_page(session, actor, lan_case.id)
        with pytest.raises(CaseError, match="not_allowed"):
            await record_case(session, binh, subject="member", person_id=ids["lan"], **case)  # type: ignore[arg-type]
        # her unit's leader, an officer of unit B besides, reads her case but keeps only unit B's: he names
        # her in no case, so he pays her case nothing, cancels nothing, gives her no Tết round (0415)
        both = Actor(ids["binh"], hung.org_id, ids["unit B"], binh.grants | {("leader", ids["unit A"])})
        assert lan_case.id in [c.id for c, _got in await cases_of(session, both)]
        paid = {"kind": "money", "amount_vnd": 500_000, "source": "outside", "delivered_on": NOW.date()}
        with pytest.raises(CaseError, match="not_allowed"):
            await log_support(session, both, lan_case.id, now=NOW, **paid)  # type: ignore[arg-type]
        with pytest.raises(CaseError, match="cases"):
            await record_round(
                session, both, key="tet-b", title="Tết", case_ids=[lan_case.id, tams.id],
                package=Package(500_000), source="outside", delivered_on=NOW.date(), now=NOW,
            )  # fmt: skip
        await log_support(session, both, tams.id, now=NOW, **paid)  # type: ignore[arg-type]
        # Lan, herself an officer of the union (the nurse on its committee), reads her own case but pays it
        # nothing, gives it no round: Hùng does, as a treasurer never confirms her own gift (decision 0565)
        lan = Actor(ids["lan"], hung.org_id, ids["unit A"], frozenset({("officer", None)}))
        assert (await case_page(session, lan, lan_case.id)).case.needs == "viện phí"
        with pytest.raises(CaseError, match="not_allowed"):
            await log_support(session, lan, lan_case.id, now=NOW, **paid)  # type: ignore[arg-type]
        with pytest.raises(CaseError, match="cases"):
            await record_round(
                session, lan, key="tet-lan", title="Tết", case_ids=[lan_case.id],
                package=Package(500_000), source="outside", delivered_on=NOW.date(), now=NOW,
            )  # fmt: skip
        await log_support(session, hung, lan_case.id, now=NOW, **paid)  # type: ignore[arg-type]


async def test_another_units_officer_runs_the_drive_for_a_colleagues_case_by_its_number_not_her_illness(
    app: App, make_person
) -> None:
    """The union set Khoa Dược's drive to raise money for Lan of Khoa Nội (decision 0451). Bình, Khoa Dược's
    officer who runs it, and the hospital's admin read on its screen that it raises money for a hardship case,
    by its number, and that its appeals leave out whom it helps: never her name nor her illness. The union's
    officer, who keeps her case, reads the same number, not told that he may not read it. Nothing of it goes
    to a group chat. Bình and Mai read who does as the hospital names its officers; it was “chỉ cán bộ phụ
    trách hoàn cảnh này” (decision 2220)."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        assert hung is not None
        khoa_duoc = NewDrive(
            "Khoa Dược chung tay", date(2026, 11, 1), date(2026, 12, 31), unit_ids=(ids["unit B"],)
        )
        drive = await create_drive(session, hung, khoa_duoc, now=NOW)
        lans = await record_case(
            session, hung, subject="member", person_id=ids["lan"], circumstances="ung thư, đang hoá trị",
            needs="viện phí", now=NOW,
        )  # fmt: skip
        await serve_case(session, hung, drive, lans.id, now=NOW)
        session.add(RoleAssignment(person_id=ids["mai"], role="admin", org_id=hung.org_id, granted_at=NOW))
        number = lans.id
    for who in ("binh", "mai"):  # Khoa Dược's officer; the treasurer who is the hospital's admin besides
        reader = make_person(who)
        await reader.say("/dotvandong")
        screen = await reader.choose("Khoa Dược chung tay")
        assert f"Đợt này quyên góp cho Hoàn cảnh số {number}." in screen, who
        kept_by = "chỉ cán bộ công đoàn/vận động phụ trách hoàn cảnh này xem được"
        assert kept_by in screen, (who, screen)
        assert "Lời kêu gọi của đợt không gửi tới người được giúp" in screen, who
        assert "Lan" not in screen and "ung thư" not in screen, who
        group = await reader.choose("Tin nhắn gửi nhóm")  # the message every colleague of the group reads
        posted = group.split("Ở trên là tin nhắn để gửi nhóm")[0]
        assert "Khoa Dược chung tay" in posted and "Hoàn cảnh số" not in posted, who
    hung_chat = make_person("hung")
    await hung_chat.say("/dotvandong")
    screen = await hung_chat.choose("Khoa Dược chung tay")
    assert f"Đợt này quyên góp cho Hoàn cảnh số {number}.\nLời kêu gọi của đợt" in screen
    assert "Lan" not in screen  # her name on her case's page, which he opens: /hoancanh


async def test_what_was_given_for_a_colleagues_case_is_spent_on_another_only_by_who_runs_the_drive(
    any_app: App,
) -> None:
    """The union set the hospital's drive to raise money for Lan of Khoa Nội and the treasurer confirmed
    3.000.000 ₫ of it (decision 0451). Bình, Khoa Dược's officer, who does not run it, could pay 2.000.000 ₫
    of it to the case of Tâm of his ward, or give a Tết round from it: what the colleagues gave for Lan, spent
    elsewhere by someone who neither runs the drive nor reads her case. Refused; the union's officer pays Lan
    from it, and Bình pays Tâm from outside the Fund."""
    ids = await seed(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        people = {n: await session.get_one(Person, ids[n]) for n in ("hung", "binh", "mai", "tam")}
        hung, binh, mai = [await actor_for(session, people[n]) for n in ("hung", "binh", "mai")]
        drive = await create_drive(
            session,
            hung,
            NewDrive("Chung tay cùng đồng nghiệp", date(2026, 11, 1), date(2026, 12, 31)),
            now=NOW,
        )
        case = {"subject": "member", "circumstances": "ung thư", "needs": "viện phí", "now": NOW}
        lans = await record_case(session, hung, person_id=ids["lan"], **case)  # type: ignore[arg-type]
        tams = await record_case(session, binh, person_id=ids["tam"], **case)  # type: ignore[arg-type]
        await serve_case(session, hung, drive, lans.id, now=NOW)
        gift = await record_contribution(
            session, person=people["tam"], recorded_by=people["tam"],
            entry=NewContribution(drive_id=drive.id, kind="money", amount_vnd=3_000_000), now=NOW,
        )  # fmt: skip
        await decide(session, gift, confirmed=True, actor=mai, now=NOW)
        paid = {"kind": "money", "amount_vnd": 2_000_000, "delivered_on": NOW.date(), "now": NOW}
        with pytest.raises(CaseError, match="drive_serves"):
            await log_support(session, binh, tams.id, source="drive", drive_id=drive.id, **paid)  # type: ignore[arg-type]
        with pytest.raises(CaseError, match="drive_serves"):
            await record_round(
                session, binh, key="tet-b", title="Tết", case_ids=[tams.id], package=Package(500_000),
                source="drive", drive_id=drive.id, delivered_on=NOW.date(), now=NOW,
            )  # fmt: skip
        await log_support(session, binh, tams.id, source="outside", **paid)  # type: ignore[arg-type]
        await log_support(session, hung, lans.id, source="drive", drive_id=drive.id, **paid)  # type: ignore[arg-type]
        lan_page = await case_page(session, hung, lans.id)
        tam_page = await case_page(session, binh, tams.id)
    assert lan_page.received.money == 2_000_000 and tam_page.received.money == 2_000_000
    assert [s.source for s, _drive in tam_page.supports] == ["outside"]


async def test_a_drive_set_for_another_case_between_the_source_and_yes_is_said_so_and_the_source_asked_again(
    app: App, make_person
) -> None:
    """Bình, Khoa Dược's officer, pays 2.000.000 ₫ to Tâm's case from the hospital's drive, which raised
    money for no case when he chose it; before his “Có” the union sets the drive to raise money for Lan's case
    (decision 0451). His Có was answered “Chỉ cán bộ … mới xem được các hoàn cảnh khó khăn” and the support he
    was logging lost, though he keeps Tâm's case. Now he is told the drive raises money for another case,
    by its number, nothing is logged, and the sources are asked again without that drive."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        people = {n: await session.get_one(Person, ids[n]) for n in ("hung", "binh", "mai", "tam")}
        hung, binh, mai = [await actor_for(session, people[n]) for n in ("hung", "binh", "mai")]
        title = "Chung tay cùng đồng nghiệp"
        hospital = NewDrive(title, date(2026, 11, 1), date(2026, 12, 31))
        drive = await create_drive(session, hung, hospital, now=NOW)
        case = {"subject": "member", "circumstances": "ung thư", "needs": "viện phí", "now": NOW}
        lans = await record_case(session, hung, person_id=ids["lan"], **case)  # type: ignore[arg-type]
        await record_case(session, binh, person_id=ids["tam"], **case)  # type: ignore[arg-type]
        gift = await record_contribution(
            session, person=people["tam"], recorded_by=people["tam"],
            entry=NewContribution(drive_id=drive.id, kind="money", amount_vnd=3_000_000), now=NOW,
        )  # fmt: skip
        await decide(session, gift, confirmed=True, actor=mai, now=NOW)
    chat = make_person("binh")
    await chat.say("/hoancanh")
    await chat.choose("Phạm Văn Tâm")
    await chat.choose("Ghi nhận hỗ trợ")
    await chat.choose("Tiền")
    await chat.say("2tr")
    await chat.choose("Hôm nay")
    screen = await chat.choose(title)
    assert f"chi từ đợt vận động “{title}”" in screen
    async with app.sessionmaker() as session, session.begin():
        union = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await serve_case(session, union, await session.get_one(Drive, drive.id), lans.id, now=NOW)

    screen = await chat.choose("Có")

    assert f"Chưa ghi nhận: đợt vận động “{title}” nay quyên góp cho Hoàn cảnh số {lans.id}" in screen
    assert "Chỉ cán bộ" not in screen and "Lan" not in screen and "ung thư" not in screen
    assert "anh/chị chi từ nguồn nào?" in screen
    assert not any(title in c.label for c in chat.menu.choices)
    screen = await chat.choose("Không từ Quỹ")
    assert "Đã ghi nhận: 2.000.000\xa0₫, trao ngày 22/11/2026." in await chat.choose("Có")
    async with app.sessionmaker() as session:
        paid = list(await session.execute(select(CaseSupport.source, CaseSupport.drive_id)))
        refused = await session.scalar(select(AuditLog).where(AuditLog.action == "case.refused"))
    assert [tuple(row) for row in paid] == [("outside", None)]
    assert refused is not None and refused.details["attempted"] == "support"


async def test_an_officer_opening_her_own_case_is_told_who_pays_it_and_whom_to_ask_when_nobody_may(
    app: App, make_person
) -> None:
    """Lan, a nurse on the union's committee, opens her own case (decision 0565): no “Ghi nhận hỗ trợ”, and
    the page says why and who pays it; the union's only other officer gone, whom to ask (decision 0586)."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        assert hung is not None
        await record_case(
            session, hung, subject="member", person_id=ids["lan"], circumstances="chồng ung thư",
            needs="viện phí", now=NOW,
        )  # fmt: skip
        session.add(RoleAssignment(person_id=ids["lan"], role="officer", org_id=hung.org_id, granted_at=NOW))
    lan = make_person("lan")
    await lan.say("/hoancanh")
    screen = await lan.choose("Nguyễn Thị Lan")
    assert "viện phí" in screen and "Ghi nhận hỗ trợ" not in screen
    assert "Hoàn cảnh này là của chính anh/chị: một cán bộ khác ghi hỗ trợ" in screen
    assert "Phân quyền" not in screen  # Hùng keeps it
    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            delete(RoleAssignment).where(
                RoleAssignment.person_id == ids["hung"], RoleAssignment.role == "officer"
            )
        )
    await lan.choose("Quay lại")
    screen = await lan.choose("Nguyễn Thị Lan")  # Bình keeps unit B's cases only: nobody keeps hers
    assert "Chưa có cán bộ nào khác ghi được cho hoàn cảnh này" in screen
    assert "quản trị viên" in screen and "“Phân quyền”" in screen


@on_text_only
async def test_a_treasurer_never_moves_a_gift_given_for_her_own_case_to_another_name(
    app: App, make_person
) -> None:
    """Lan's gift to the drive for Mai's own case, typed under Lan's name but Tâm's envelope: Mai, who never
    confirms it, does not put it in Tâm's name either, whatever a menu shows; the refusal is audited and it
    stays Lan's, for another treasurer (decision 1538)."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        assert hung is not None and mai is not None
        drive = await create_drive(
            session, hung, NewDrive("Chung tay cùng chị Mai", NOW.date(), date(2027, 1, 31)), now=NOW
        )
        mais = await record_case(
            session, hung, subject="member", person_id=ids["mai"], circumstances="ung thư", needs="viện phí",
            now=NOW,
        )  # fmt: skip
        await serve_case(session, hung, drive, mais.id, now=NOW)
        lan = await session.get_one(Person, ids["lan"])
        gift = await record_contribution(
            session, person=lan, recorded_by=lan,
            entry=NewContribution(drive_id=drive.id, kind="money", amount_vnd=1_000_000), now=NOW,
        )  # fmt: skip
        with pytest.raises(LedgerError, match="own_case"):
            await move_to(session, gift, await session.get_one(Person, ids["tam"]), actor=mai, now=NOW)
    async with app.sessionmaker() as session:
        kept = await session.get_one(Contribution, gift.id)
        refused = await session.scalar(select(AuditLog).where(AuditLog.action == "contribution.move_refused"))
    assert (kept.person_id, kept.status) == (ids["lan"], "recorded")
    assert refused is not None and refused.details["refusal"] == "own_case"


@on_buttons
async def test_a_treasurer_never_confirms_the_gifts_to_a_drive_for_her_own_case(
    app: App, make_person
) -> None:
    """Mai, the hospital's treasurer, falls ill; Hùng opens her case and a drive to raise money for it. What
    colleagues give to it is never hers to confirm, as an officer never pays her own case (decision 0609):
    her queue does not offer it, it waits for another treasurer, and the domain refuses her press."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        assert hung is not None and mai is not None
        drive = await create_drive(
            session, hung, NewDrive("Chung tay cùng chị Mai", NOW.date(), date(2027, 1, 31)), now=NOW
        )
        mais = await record_case(
            session, hung, subject="member", person_id=ids["mai"], circumstances="ung thư vú, đang hoá trị",
            needs="viện phí", now=NOW,
        )  # fmt: skip
        await serve_case(session, hung, drive, mais.id, now=NOW)
        lan = await session.get_one(Person, ids["lan"])
        fund = NewContribution(kind="money", amount_vnd=200_000)  # hers to confirm, as any gift to the Fund
        await record_contribution(session, person=lan, recorded_by=lan, entry=fund, now=NOW)
        gift = await record_contribution(
            session, person=lan, recorded_by=lan,
            entry=NewContribution(drive_id=drive.id, kind="money", amount_vnd=1_000_000), now=NOW,
        )  # fmt: skip
        assert [w.drive_id for w in await waiting_drives(session, mai)] == [None]
        assert (await held_back(session, mai)).waiting == 1
        with pytest.raises(LedgerError, match="own_case"):
            await decide(session, gift, confirmed=True, actor=mai, now=NOW)
        # nor does she ask Lan for its receipt, as the treasurer checking it would (decision 0630)
        asked = await ask_for_receipts(session, mai, [gift.id], now=NOW, settings=app.settings)
        assert asked.refused == [(gift.ref, "not_allowed")] and not asked.asked
        # an officer too, she does not vouch for the labour days her colleagues give to her case: another
        # officer records them, or they log them and another confirms (decision 0630)
        session.add(RoleAssignment(person_id=ids["mai"], role="officer", org_id=mai.org_id, granted_at=NOW))
        with pytest.raises(LedgerError, match="own_case"):
            await record_labour_days(
                session, await session.get_one(Person, ids["mai"]), [lan], days=1, drive_id=drive.id,
                photo=None, channel="console", now=NOW,
            )  # fmt: skip
    async with app.sessionmaker() as session, session.begin():  # Bình, made treasurer, confirms it
        session.add(
            RoleAssignment(person_id=ids["binh"], role="treasurer", org_id=mai.org_id, granted_at=NOW)
        )
    async with app.sessionmaker() as session, session.begin():
        binh = await actor_for(session, await session.get_one(Person, ids["binh"]))
        other = await record_contribution(
            session, person=lan, recorded_by=lan,
            entry=NewContribution(drive_id=drive.id, kind="money", amount_vnd=500_000), now=NOW,
        )  # fmt: skip
        await decide(session, other, confirmed=True, actor=binh, now=NOW)
        with pytest.raises(LedgerError, match="own_case"):  # nor does she take it back by a correction
            await reverse(session, other, actor=mai, reason="nhầm", now=NOW)
        with pytest.raises(LedgerError, match="own_case"):
            await correct(session, other, acting=mai, figure=50_000, reason="nhầm", now=NOW)
    treasurer = make_person("mai")
    screen = await treasurer.say(f"/tracuu {gift.ref}")
    assert not [c.label for c in treasurer.menu.choices if c.label.startswith("Xác nhận")]
    assert "ủng hộ cho hoàn cảnh của chính anh/chị, nên một thủ quỹ khác xác nhận" in screen
    # the office's count of what no treasurer may confirm, which tells whoever may name a treasurer how to,
    # is not hers: she may not, and her queue says why it waits (decision 0630)
    assert "chưa có thủ quỹ nào phụ trách" not in screen and "giao vai trò thủ quỹ" not in screen
    screen = await treasurer.say("/xacnhan")  # for another, not because she gave or recorded it
    assert "Khoản chờ thủ quỹ khác xác nhận vì ủng hộ cho hoàn cảnh của chính anh/chị: 1." in screen
    assert "đóng góp hoặc ghi nhận" not in screen
