"""Gifts from donors outside the organisation (nhà hảo tâm, doanh nghiệp; docs/decisions/0083): a company's
transfer recorded by an officer in the chat and confirmed by a treasurer reaches the drive's statement (named
only when the donor agreed), its figures, the ledger, the digest's and the year's money — never the people who
gave or the unit's participation; the same donor giving twice is one donor; nobody but a treasurer or officer
of the unit records one, and its recorder never confirms it."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.app import App
from bot.db.models import AuditLog, ChannelIdentity, Contribution, Drive, Person
from bot.demo import DemoInvites
from bot.domain.access import Operator, actor_for, decide_refusal
from bot.domain.appeals import Audience, audience_query
from bot.domain.bank_statement import BankLine
from bot.domain.contributions import LedgerError, NewContribution, correct, decide, record_contribution
from bot.domain.digests import Context as DigestContext
from bot.domain.digests import Period, unit_figures, unit_text
from bot.domain.donors import credit_identity, donor_for, record_donor_gift, statement_note
from bot.domain.drives import NewDrive, create_drive, drive_progress
from bot.domain.ledger_book import LedgerScope, ledger_book
from bot.domain.queue import held_back
from bot.domain.statement import drive_statement, fund_statement
from bot.domain.year_report import year_report
from bot.i18n import Translator
from bot.ledger_sheet import HEADER_ROW, write_ledger
from bot.messages import BUTTONS
from bot.statement_sheet import write_statement
from bot.year_report_doc import confirmed_sentence
from tests.support.clocks import NOW, MovableClock
from tests.support.joins import units_code
from tests.support.orgs import person_on
from tests.support.profiles import on_text_only
from tests.test_drives import seed
from tests.test_flows import join
from tests.test_notices import chat
from tests.test_reconcile import Row, run, write_csv, write_xlsx
from tests.test_reconcile_chat import STATEMENT, gifts, person, send_file, statuses

COMPANY = "Công ty TNHH Minh Phát"
FLOOD = "Ủng hộ đồng bào lũ lụt"
WEEK = Period(NOW - timedelta(days=6), NOW + timedelta(days=1))


async def add_flood_drive(app: App, ids: dict[str, int]) -> int:
    """A drive of the whole organisation 1, running now."""
    async with app.sessionmaker() as session, session.begin():
        org_id = (await session.get_one(Person, ids["hung"])).org_id
        entry = NewDrive(FLOOD, date(2026, 11, 1), date(2026, 12, 31), target_vnd=50_000_000)
        return (await create_drive(session, Operator(org_id), entry, now=NOW)).id


async def add_treasurer_of_a(app: App, ids: dict[str, int]) -> int:
    """A second treasurer, of unit A only (chat "thu")."""
    async with app.sessionmaker() as session, session.begin():
        org_id = (await session.get_one(Person, ids["hung"])).org_id
        thu = await person_on(
            session,
            "console",
            "thu",
            "Đỗ Thị Thu",
            org_id=org_id,
            unit_id=ids["unit A"],
            roles=[("member", ids["unit A"]), ("treasurer", ids["unit A"])],
            now=NOW,
        )
        return thu.id


async def record_in_chat(officer, name: str, *, public: bool, drive: str, amount: str, note: str) -> str:  # type: ignore[no-untyped-def]
    """An organisation-wide officer records a gift of money from a donor, collected in Khoa Nội."""
    await officer.say("/nhahaotam")
    await officer.say(name)
    await officer.choose("Có, ghi tên" if public else "Không, ghi")
    await officer.choose("Khoa Nội")
    await officer.choose(drive)
    await officer.choose("Tiền")
    await officer.say(amount)
    await officer.say(note)
    return await officer.choose("Có")


async def test_a_companys_gift_recorded_by_an_officer_and_confirmed_reaches_the_statement_ledger_and_figures(
    app: App, make_person, tmp_path: Path
) -> None:
    ids = await seed(app)
    drive_id = await add_flood_drive(app, ids)
    hung, mai = make_person("hung"), make_person("mai")
    async with app.sessionmaker() as session:
        before = (await unit_figures(session, 1, campaign_id=None, year=2026, period=WEEK))[ids["unit A"]]
        people_before = await session.scalar(select(func.count()).select_from(Person))

    await hung.say("/menu")
    screen = await hung.say("/nhahaotam")
    assert "Ai ủng hộ, thưa anh/chị?" in screen and "Nhà hảo tâm" in screen
    assert "Gia đình cựu học sinh khóa 2010" in screen  # an office's example of a donor's name
    screen = await hung.say(COMPANY)
    assert f"Bảng công khai có được ghi tên “{COMPANY}” bên khoản ủng hộ không" in screen
    screen = await hung.choose("Có, ghi tên")
    assert "Đơn vị nào tiếp nhận khoản ủng hộ này" in screen and "Khoa Dược" in screen
    screen = await hung.choose("Khoa Nội")
    assert f"Anh/chị ghi thay: {COMPANY} đóng góp cho đợt vận động nào?" in screen and FLOOD in screen
    await hung.choose(FLOOD)
    await hung.choose("Tiền")
    screen = await hung.say("10tr")
    assert "số điện thoại của nhà hảo tâm" in screen and "bảng công khai không bao giờ hiện" in screen
    screen = await hung.say("Chị Hạnh kế toán 0903 123 456")
    assert f"kiểm tra lại đóng góp cho {COMPANY}:" in screen and "10.000.000\xa0₫" in screen
    assert "• Ghi chú: Chị Hạnh kế toán 0903 123 456" in screen
    assert "• Đơn vị tiếp nhận: Khoa Nội" in screen  # a unit picked by mistake shows (a finding from outside)
    screen = await hung.choose("Có")
    assert f"Đã ghi nhận cho {COMPANY}: 10.000.000\xa0₫." in screen and "CT-2026-000001" in screen

    # The treasurer sees who gave it and that it is a donor's, then confirms it as any entry.
    screen = await mai.say("/tracuu CT-2026-000001")
    assert f"• Người đóng góp: {COMPANY} (Khoa Nội)" in screen
    assert f"• Nhà hảo tâm ngoài đơn vị; bảng công khai ghi: {COMPANY}" in screen
    await mai.say("/xacnhan")
    screen = await mai.choose(FLOOD)
    assert f"10.000.000\xa0₫ · Chị Hạnh kế… · {COMPANY} (Khoa Nội)" in screen  # its note (2223, 2808)
    await mai.choose("CT-2026-000001")
    await mai.choose("Xác nhận các khoản")
    screen = await mai.choose("Có")
    assert "Đã xác nhận: CT-2026-000001." in screen and "Người ủng hộ đang được báo tin" not in screen
    # The company is on no messenger: the officer who recorded its gift hears of it, naming it.
    assert "người đã ghi thay cho họ đang được báo tin" in screen
    told = (
        f"Khoản đóng góp CT-2026-000001 (10.000.000\xa0₫) anh/chị ghi thay cho {COMPANY} "
        "đã được thủ quỹ xác nhận."
    )
    assert told in chat(hung)
    # Typed as a company's name is shortened, the donor is found, not made again (a finding from outside).
    await hung.say("/nhahaotam")
    screen = await hung.say("cty minh phat")
    assert COMPANY in screen and "Bảng công khai có được ghi tên “cty minh phat”" not in screen
    await hung.say("/huy")

    async with app.sessionmaker() as session:
        donor = await session.scalar(select(Person).where(Person.kind == "donor"))
        assert donor is not None and (donor.full_name, donor.unit_id, donor.public_name) == (
            COMPANY,
            None,
            True,
        )
        assert (
            await session.scalar(select(ChannelIdentity.id).where(ChannelIdentity.person_id == donor.id))
            is None
        )
        entry = await session.scalar(select(Contribution))
        assert entry is not None
        assert (entry.person_id, entry.unit_id, entry.recorded_by, entry.status) == (
            donor.id,
            ids["unit A"],
            ids["hung"],
            "confirmed",
        )
        statement = await drive_statement(session, drive_id, org_id=donor.org_id)
        assert [(line.name, line.unit, line.amount_vnd) for line in statement.lines] == [
            (COMPANY, "Khoa Nội", 10_000_000)
        ]
        progress = await drive_progress(session, await session.get_one(Drive, drive_id))
        assert (progress.confirmed_vnd, progress.percent, progress.givers) == (10_000_000, 20, 0)
        assert (progress.figures.donors, progress.figures.from_donors) == (1, 10_000_000)
        after = (await unit_figures(session, 1, campaign_id=None, year=2026, period=WEEK))[ids["unit A"]]
        treasurer = await actor_for(session, await session.get_one(Person, ids["mai"]))
        book = await ledger_book(session, treasurer, LedgerScope.of_drive(drive_id), now=NOW)
        people_after = await session.scalar(select(func.count()).select_from(Person))

    # The unit's money counts it, its participation does not: one record more, none of them the unit's.
    assert (after.people, after.registered, after.households) == (before.people, before.registered, 0)
    assert (after.confirmed_vnd - before.confirmed_vnd, after.from_donors_vnd) == (10_000_000, 10_000_000)
    assert people_after == people_before + 1
    context = DigestContext(2026, (), None, WEEK)
    digest = unit_text("vi", after, context, names=False)
    assert "Trong số đã xác nhận, từ nhà hảo tâm ngoài đơn vị: 10.000.000\xa0₫" in digest
    took_part = "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): 0/3 người (0%)"  # the company is nobody
    assert took_part in digest.split("\n") and before.people == 3  # Hùng, Lan, Mai

    # The drive's screen: no one of the organisation gave, a donor from outside did.
    await hung.say("/dotvandong")
    screen = await hung.choose(FLOOD)
    assert "Số người đã ủng hộ: 0." in screen
    assert "Nhà hảo tâm ngoài đơn vị: 1, đã xác nhận 10.000.000\xa0₫." in screen

    # The ledger names the donor, the officer who recorded it and keeps the phone, marked as from outside.
    (row,) = book.rows
    assert (row.giver, row.unit, row.recorded_by, row.donor) == (COMPANY, "Khoa Nội", "Lê Văn Hùng", True)
    path = tmp_path / "so.xlsx"
    write_ledger(book, path)
    sheet = load_workbook(path).active
    assert sheet is not None
    header = [cell.value for cell in sheet[HEADER_ROW]]
    cells = dict(zip(header, [cell.value for cell in sheet[HEADER_ROW + 1]], strict=True))
    assert cells["Họ và tên"] == COMPANY and cells["Ghi thay bởi"] == "Lê Văn Hùng"
    assert cells["Ghi chú"] == "Nhà hảo tâm ngoài đơn vị; Chị Hạnh kế toán 0903 123 456"

    # Once households belong to it, it is a commune (decision 0139): the example is a commune's donor.
    async with app.sessionmaker() as session, session.begin():
        session.add(
            Person(
                org_id=1,
                unit_id=ids["unit A"],
                full_name="Hộ ông Lò Văn Páo",
                name_key="ho ong lo van pao",
                kind="household",
                created_at=NOW,
            )
        )
    screen = await hung.say("/nhahaotam")
    assert "ví dụ: Công ty TNHH Minh Phát, Con em xa quê thôn 3." in screen
    assert "cựu học sinh" not in screen


async def _person(session, ids: dict[str, int], key: str) -> Person:  # type: ignore[no-untyped-def]
    return await session.get_one(Person, ids[key])


async def _give_as_donor(
    app: App, ids: dict[str, int], name: str, amount: int, *, unit: str, public: bool, by: str = "hung"
) -> Contribution:
    """`by` records `amount` from the donor `name`, collected in `unit`, to the Fund outside the drives, and
    Mai (a treasurer of the whole organisation) confirms it."""
    async with app.sessionmaker() as session, session.begin():
        recorder = await _person(session, ids, by)
        donor = await donor_for(session, await actor_for(session, recorder), name, now=NOW)
        entry = NewContribution(kind="money", amount_vnd=amount, collected_in=ids[f"unit {unit}"])
        gift = await record_donor_gift(
            session, donor=donor, recorded_by=recorder, public=public, entry=entry, now=NOW
        )
        treasurer = await actor_for(session, await _person(session, ids, "mai"))
        await decide(session, gift, confirmed=True, actor=treasurer, now=NOW)
        return gift


async def _donors(app: App) -> list[str]:
    async with app.sessionmaker() as session:
        return list(await session.scalars(select(Person.full_name).where(Person.kind == "donor")))


async def test_a_donor_is_written_only_with_their_gift_never_by_a_flow_left_or_cancelled(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await add_flood_drive(app, ids)
    hung = make_person("hung")
    await hung.say("/menu")

    await hung.say("/nhahaotam")  # left half way: another command in the middle of the gift's steps
    await hung.say(COMPANY)
    await hung.choose("Có, ghi tên")
    await hung.choose("Khoa Nội")
    screen = await hung.choose(FLOOD)
    assert f"Anh/chị ghi thay: {COMPANY} đóng góp bằng hình thức nào?" in screen
    await hung.say("/menu")
    await hung.say("/nhahaotam")  # cancelled with /huy
    await hung.say("Công ty CP Minh Phát Xanh")
    await hung.choose("Không, ghi")
    await hung.choose("Khoa Nội")
    await hung.say("/huy")
    await hung.say("/nhahaotam")  # cancelled at the last look
    await hung.say("Gia đình cựu học sinh khóa 2010")
    await hung.choose("Không, ghi")
    await hung.choose("Khoa Nội")
    await hung.choose(FLOOD)
    await hung.choose("Tiền")
    await hung.say("2tr")
    await hung.choose("Bỏ qua")
    screen = await hung.choose("Không")
    assert "Đã hủy. Chưa có khoản nào được ghi nhận." in screen
    assert await _donors(app) == []

    # Later a name like theirs finds no donor left behind to offer; its gift writes it, once.
    await hung.say("/nhahaotam")
    screen = await hung.say("Minh Phat")
    assert "Bảng công khai có được ghi tên “Minh Phat”" in screen and "gần giống" not in screen
    await hung.say("/menu")
    screen = await record_in_chat(hung, "Minh Phat", public=False, drive=FLOOD, amount="1tr", note="Bỏ qua")
    assert "Đã ghi nhận cho Minh Phat: 1.000.000\xa0₫." in screen
    assert await _donors(app) == ["Minh Phat"]
    async with app.sessionmaker() as session:
        created = list(
            await session.scalars(select(AuditLog.actor_id).where(AuditLog.action == "donor.create"))
        )
    assert created == [ids["hung"]]


async def test_the_same_donor_giving_twice_is_one_donor_named_only_once_they_agreed(any_app: App) -> None:
    ids = await seed(any_app)
    async with any_app.sessionmaker() as session, session.begin():  # a member's own gift, beside the donor's
        lan = await _person(session, ids, "lan")
        gift = await record_contribution(
            session, person=lan, recorded_by=lan, entry=NewContribution("money", 200_000), now=NOW
        )
        treasurer = await actor_for(session, await _person(session, ids, "mai"))
        await decide(session, gift, confirmed=True, actor=treasurer, now=NOW)
        org_id = lan.org_id
        members_before = (
            await year_report(session, org_id, 2026, today=NOW.date(), actor=Operator(org_id))
        ).members

    first = await _give_as_donor(any_app, ids, COMPANY, 10_000_000, unit="A", public=False)
    again = await _give_as_donor(any_app, ids, "cong ty tnhh  MINH PHAT", 5_000_000, unit="B", public=False)
    assert first.person_id == again.person_id  # accents, case and spaces aside: the same donor

    async with any_app.sessionmaker() as session:
        lines = (await fund_statement(session, org_id, 2026, title="Quỹ")).lines
        # Lan never said either: “Nhà hảo tâm”; no unit of three unnamed givers, none named (decision 0177)
        assert [(line.name, line.unit, line.other_units, line.amount_vnd) for line in lines] == [
            (None, None, True, 200_000),
            (None, None, True, 10_000_000),
            (None, None, True, 5_000_000),
        ]

    # The company agrees to be named: its gifts read its name from now on, Lan's still do not.
    await _give_as_donor(any_app, ids, COMPANY, 1_000_000, unit="A", public=True)
    async with any_app.sessionmaker() as session:
        statement = await fund_statement(session, org_id, 2026, title="Quỹ")
        assert [line.name for line in statement.lines] == [None, COMPANY, COMPANY, COMPANY]
        assert [line.unit for line in statement.lines] == [None, "Khoa Nội", "Khoa Dược", "Khoa Nội"]
        assert (statement.totals.money, statement.entries) == (16_200_000, 4)
        assert (
            await session.scalar(select(func.count()).select_from(Person).where(Person.kind == "donor")) == 1
        )

        report = await year_report(session, org_id, 2026, today=NOW.date(), actor=Operator(org_id))
        assert report.members == members_before  # the donor is none of the organisation's people
        assert report.without_unit is None  # nor one of "no unit"
        assert (report.confirmed.money, report.gifts, report.givers) == (16_200_000, 4, 1)
        assert (report.donors, report.donor_gifts, report.from_donors.money) == (1, 3, 16_000_000)
        # Lan alone of its people gave Khoa Nội's money: its row says none, the pooled row says it, as the
        # organisation's total less Khoa Dược's does anyway (decision 0310); donors' gifts alone are said.
        by_unit = {line.name: line.confirmed.money for line in report.units}
        assert by_unit == {"Khoa Nội": 0, "Khoa Dược": 5_000_000}
        assert report.together is not None
        assert (report.together.name, report.together.confirmed.money) == ("Khoa Nội", 11_200_000)
        said = confirmed_sentence(Translator("vi"), report)
        assert "Số lượt ủng hộ: 1, của 1 người." in said  # Lan's: the donor's three counted apart
        assert "Nhà hảo tâm ngoài đơn vị: 1; số khoản đã xác nhận: 3, trị giá 16.000.000\xa0₫." in said

        figures = await unit_figures(session, org_id, campaign_id=None, year=2026, period=WEEK)
        unit_a = figures[ids["unit A"]]
        assert (unit_a.people, unit_a.confirmed_vnd, unit_a.from_donors_vnd) == (3, 11_200_000, 11_000_000)

        hung = await actor_for(session, await _person(session, ids, "hung"))
        everyone = set(
            await session.scalars(await audience_query(session, hung, Audience("org"), today=NOW.date()))
        )
        assert first.person_id not in everyone and ids["lan"] in everyone  # no appeal reaches a donor


@on_text_only
async def test_a_member_or_an_officer_of_another_unit_cannot_record_a_donors_gift(
    app: App, make_person
) -> None:
    ids = await seed(app)
    lan = make_person("lan")
    screen = await lan.say("/nhahaotam")
    assert "Chỉ thủ quỹ hoặc cán bộ công đoàn mới ghi nhận ủng hộ của nhà hảo tâm" in screen
    assert "Nhà hảo tâm ngoài" not in [c.label for r in lan.last for c in r.choices]

    binh = make_person("binh")  # the officer of Khoa Dược: the unit is not asked, it is hers
    await binh.say("/nhahaotam")
    await binh.say(COMPANY)
    screen = await binh.choose("Không, ghi")
    assert "Khoa Nội" not in screen and f"Anh/chị ghi thay: {COMPANY} đóng góp cho" in screen

    async with app.sessionmaker() as session, session.begin():
        binh = await actor_for(session, await _person(session, ids, "binh"))
        donor = await donor_for(session, binh, COMPANY, now=NOW)
        for by, unit in (("lan", "A"), ("binh", "A"), ("vy", "A")):
            recorder = await _person(session, ids, by)
            entry = NewContribution("money", 1_000_000, collected_in=ids[f"unit {unit}"])
            try:
                await record_contribution(session, person=donor, recorded_by=recorder, entry=entry, now=NOW)
            except LedgerError as refused:
                assert refused.reason == "not_allowed"
            else:
                raise AssertionError(f"{by} recorded a donor's gift in unit {unit}")
        refused = await session.scalars(
            select(AuditLog.actor_id).where(AuditLog.action == "contribution.record_refused")
        )
        assert sorted(refused) == sorted([ids["lan"], ids["binh"], ids["vy"]])
        assert await session.scalar(select(func.count()).select_from(Contribution)) == 0

    # A donor is no member: an officer recording for someone does not find them.
    hung = make_person("hung")
    await hung.say("/ghithay")
    screen = await hung.say("minh phat")
    assert "Không tìm thấy ai có “minh phat” trong tên mà anh/chị được ghi nhận thay." in screen
    assert all(COMPANY not in c.label for r in hung.last for c in r.choices)


async def test_the_recorder_never_confirms_a_donors_gift_another_treasurer_does(app: App) -> None:
    ids = await seed(app)
    await add_treasurer_of_a(app, ids)
    async with app.sessionmaker() as session, session.begin():
        mai = await _person(session, ids, "mai")  # a treasurer of the whole organisation records it
        donor = await donor_for(
            session, await actor_for(session, mai), "Gia đình cựu học sinh khóa 2010", now=NOW
        )
        entry = NewContribution("money", 2_000_000, collected_in=ids["unit A"])
        gift = await record_donor_gift(
            session, donor=donor, recorded_by=mai, public=False, entry=entry, now=NOW
        )
        try:
            await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=NOW)
        except LedgerError as refused:
            assert refused.reason == "own_contribution"
        else:
            raise AssertionError("the recorder confirmed the gift they recorded")
        assert (await held_back(session, await actor_for(session, mai))).waiting == 1
        thu = await session.scalar(select(Person).where(Person.full_name == "Đỗ Thị Thu"))
        await decide(session, gift, confirmed=True, actor=await actor_for(session, thu), now=NOW)
        assert (gift.status, gift.decided_by) == ("confirmed", thu.id)  # type: ignore[union-attr]


# --- from the bank's statement, and from the shell ---------------------------------------------------------

COMPANY_CREDIT = Row(date(2026, 11, 23), None, 10_000_000, "MBVCB.88.CONG TY MINH PHAT UNG HO QUY")


async def test_a_credit_without_a_code_becomes_a_donors_gift_waiting_for_another_treasurer(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await join(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    await send_file(mai, write_csv(tmp_path / "sao-ke.csv", [*STATEMENT, COMPANY_CREDIT]))
    screen = await mai.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    assert "Anh/chị chọn khoản tiền vào nào là ủng hộ của nhà hảo tâm ngoài đơn vị?" in screen
    assert "22/11/2026 · 300.000\xa0₫ · NGUYEN VAN BA chuyen tien" in screen
    screen = await mai.choose("10.000.000")
    assert "Khoản tiền vào trên sao kê: 23/11/2026 · 10.000.000\xa0₫ · MBVCB.88.CONG TY MINH PHAT" in screen
    for typed in ("ủng hộ 5tr", "5tr", "ủng hộ", "/donggop", "/donggop 5tr"):  # no name, no gift apart
        screen = await mai.say(typed)
        assert "Anh/chị đang ghi khoản tiền vào trên sao kê ngân hàng: 10.000.000\xa0₫" in screen
        assert "Ai ủng hộ, thưa anh/chị?" in screen and "5.000.000" not in screen
    await mai.say(COMPANY)
    screen = await mai.say("ủng hộ")  # at the public-name question too
    assert "sao kê ngân hàng: 10.000.000\xa0₫" in screen and "Bảng công khai có được ghi tên" in screen
    screen = await mai.choose("Có, ghi tên")  # her treasurer's role is of one unit: it is not asked
    assert f"Anh/chị ghi thay: {COMPANY} đóng góp cho đợt vận động nào?" in screen
    screen = await mai.say("/donggop 5tr")  # at the drive: the credit stays, never a fresh gift (0250)
    assert "vui lòng chọn một mục" in screen and "đợt vận động nào?" in screen  # as “ung ho 5tr” there
    screen = await mai.choose("ngoài các đợt vận động")  # no amount, no note asked: the credit's
    assert "• Tiền: 10.000.000\xa0₫" in screen
    assert "• Ghi chú: 23/11/2026 · MBVCB.88.CONG TY MINH PHAT UNG HO QUY" in screen
    # The gift's keyword at the last look: dropping it goes back to the statement, never to a fresh gift
    # untied from the credit, whose amount could then be anything (decision 0215's choice, for a credit).
    screen = await mai.say("ủng hộ")
    assert "hay bỏ và quay lại sao kê?" in screen and "ghi lại từ đầu" not in screen
    screen = await mai.choose("Bỏ khoản này, quay lại sao kê")
    assert "Đã hủy. Chưa có khoản nào được ghi nhận." in screen
    assert (
        "10.000.000\xa0₫ · MBVCB.88.CONG TY MINH PHAT UNG HO QUY\n" in screen
    )  # not recorded, offered again
    await mai.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    await mai.choose("10.000.000")
    await mai.say(COMPANY)
    await mai.choose("Có, ghi tên")
    await mai.choose("ngoài các đợt vận động")
    screen = await mai.say("/donggop")  # the command as its words: the credit kept, never a fresh gift (0250)
    assert "hay bỏ và quay lại sao kê?" in screen and "Chưa lưu" not in screen
    assert "• Tiền: 10.000.000\xa0₫" in await mai.say("Quay lại")
    for typed in ("5tr", "ung ho 5tr", "/donggop 5tr"):  # one credit, one gift of the bank's figure (0236)
        screen = await mai.say(typed)
        assert "Số tiền lấy từ sao kê ngân hàng: 10.000.000\xa0₫" in screen and "/nhahaotam" in screen
        assert "• Tiền: 10.000.000\xa0₫" in screen and "5.000.000" not in screen
    screen = await mai.choose("Có")
    assert f"Đã ghi nhận cho {COMPANY}: 10.000.000\xa0₫." in screen and "CT-2026-000004" in screen
    # Back at the statement, read again: the line names its entry, and is no longer offered.
    assert "MBVCB.88.CONG TY MINH PHAT UNG HO QUY · đã ghi nhận là ủng hộ của nhà hảo tâm CT-2026-000004" in (
        screen
    )
    screen = await mai.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    assert "MINH PHAT" not in screen and "NGUYEN VAN BA" in screen

    # A transfer whose words name a drive by its code (“cao-diem-2026” written without its dashes): the
    # drive's question says so and lists it first, for the treasurer to choose (0298).
    await mai.choose("Quay lại")
    await mai.choose("Gửi tệp sao kê khác")
    named = Row(date(2026, 11, 24), None, 2_000_000, "HOI PHU HUYNH LOP 5A UNG HO CAO DIEM 2026")
    await send_file(mai, write_csv(tmp_path / "sao-ke-2.csv", [named]))
    await mai.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    await mai.choose("2.000.000")
    await mai.say("Hội phụ huynh lớp 5A")
    screen = await mai.choose("Có, ghi tên")
    drive = "Tháng cao điểm “Vì người nghèo” 2026"  # a title with quotes of its own: never quoted again
    assert f"Nội dung chuyển khoản nêu đợt vận động {drive}: đợt này được xếp đầu danh sách." in screen
    assert screen.index(drive + " (") < screen.index("ngoài các đợt vận động")
    # Named by its title's first words, as givers shorten it (“CT ho tro Tet”), not its code (0322).
    async with app.sessionmaker() as session, session.begin():
        org_id = (await session.scalars(select(Drive.org_id))).first()
        tet = NewDrive("Chương trình Hỗ trợ Tết cho hộ nghèo 2027", date(2026, 11, 20), date(2027, 1, 31))
        await create_drive(session, Operator(org_id), tet, now=NOW)
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    named = Row(date(2026, 11, 24), None, 3_000_000, "CTY AN PHU CT ho tro Tet")
    await send_file(mai, write_csv(tmp_path / "sao-ke-3.csv", [named]))
    await mai.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    await mai.choose("3.000.000")
    await mai.say("Công ty An Phú")
    screen = await mai.choose("Có, ghi tên")
    drive = "đợt vận động “Chương trình Hỗ trợ Tết cho hộ nghèo 2027”"
    assert f"Nội dung chuyển khoản nêu {drive}: đợt này được xếp đầu danh sách." in screen
    assert screen.index("Chương trình Hỗ trợ Tết") < screen.index("Tháng cao điểm")

    waiting = (await statuses(app))["CT-2026-000004"]
    assert waiting == "recorded"  # nobody confirms what they recorded
    async with app.sessionmaker() as session:
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000004"))
        recorder = await session.scalar(
            select(Person).join(ChannelIdentity).where(ChannelIdentity.external_id == "mai")
        )
        assert gift is not None and recorder is not None
        assert (gift.recorded_by, gift.amount_vnd) == (recorder.id, 10_000_000)
        refused = decide_refusal(await actor_for(session, recorder), gift)
    assert refused == "own_contribution"


async def test_a_credit_of_31_december_recorded_on_2_january_counts_for_the_year_the_bank_received_it(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """The Fund's account got a company's transfer on 31/12/2026 and a parents' association's on 2/1/2027;
    the treasurer reads the statement on Saturday 2 January. The first is 2026's money (the bank's balance of
    31/12 holds it, and 2026's book must agree with it); the second is 2027's, as every gift recorded then."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await join(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)  # Saturday 2/1/2027, 09:00 in Vietnam
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    late = [
        Row(date(2026, 12, 31), None, 10_000_000, "MBVCB.88.CONG TY MINH PHAT UNG HO QUY"),
        Row(date(2027, 1, 2), None, 2_000_000, "HOI PHU HUYNH LOP 5A UNG HO"),
    ]
    await send_file(mai, write_csv(tmp_path / "sao-ke-thang-12.csv", late))
    for amount, name in (("10.000.000", COMPANY), ("2.000.000", "Hội phụ huynh lớp 5A")):
        await mai.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
        await mai.choose(amount)
        await mai.say(name)
        await mai.choose("Có, ghi tên")
        asked = await mai.choose("ngoài các đợt vận động")
        if name == COMPANY:  # said before the Yes: the year, and why
            assert "• Tính vào năm: 2026, năm tiền vào tài khoản (31/12/2026)" in asked
            assert "CT-2026-000004" in await mai.choose("Có")  # 2026's code, after its last one
        else:
            assert "• Tính vào năm: 2027, năm ghi nhận khoản này" in asked
            assert "CT-2027-000001" in await mai.choose("Có")

    # The year's books the treasurer hands over: the company's 10.000.000 ₫ in 2026's, not in 2027's.
    async with app.sessionmaker() as session:
        org_id = (await session.scalars(select(Drive.org_id))).first()
        assert org_id is not None
        books = {
            year: [
                row.ref
                for row in (
                    await ledger_book(session, Operator(org_id), LedgerScope("fund", year=year), now=clock())
                ).rows
            ]
            for year in (2026, 2027)
        }
    assert "CT-2026-000004" in books[2026] and "CT-2026-000004" not in books[2027]
    assert books[2027] == ["CT-2027-000001"]


NEW_YEARS_EVE_CREDIT = BankLine(
    1, date(2026, 12, 31), 10_000_000, "MBVCB.88.CONG TY MINH PHAT UNG HO QUY", ()
)
JANUARY_2 = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)  # Saturday 2/1/2027, 09:00 in Vietnam


async def give_from_new_years_eve_credit(app: App, ids: dict[str, int]) -> str:
    """Hùng records on 2/1/2027 the company's transfer the bank received on 31/12/2026, to the Fund outside
    the drives, from the statement's credit (decision 0888: 2026's money); Mai confirms it. Its code."""
    async with app.sessionmaker() as session, session.begin():
        hung, mai = [await session.get_one(Person, ids[k]) for k in ("hung", "mai")]
        company = await donor_for(session, await actor_for(session, hung), COMPANY, now=JANUARY_2)
        line = NEW_YEARS_EVE_CREDIT
        entry = NewContribution("money", line.amount, note=statement_note(line), collected_in=ids["unit A"])
        gift = await record_donor_gift(
            session,
            donor=company,
            recorded_by=hung,
            public=True,
            entry=entry,
            now=JANUARY_2,
            credit_vnd=line.amount,
            credit=credit_identity(line, 1),
            credit_on=line.on,
        )
        await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=JANUARY_2)
        assert gift.year == 2026
        return gift.ref


async def test_the_funds_sheet_of_2026_dates_a_credit_of_31_december_recorded_in_january_on_its_day(
    app: App, tmp_path: Path
) -> None:
    """The Fund's statement of 2026, printed for the wall after the company's transfer of 31/12 was recorded
    on 2/1/2027: its row reads the day the money reached the account, as its note and the company's letter
    do (0935), where it read 02/01/2027 on a sheet of 2026 (decision 1007); its period needs no late gifts."""
    ids = await seed(app)
    ref = await give_from_new_years_eve_credit(app, ids)
    async with app.sessionmaker() as session:
        statement = await fund_statement(session, 1, 2026, title="Quỹ")
    assert [line.ref for line in statement.lines] == [ref]
    path = tmp_path / "sao-ke-quy-2026.xlsx"
    write_statement(statement, path)
    sheet = load_workbook(path).active
    assert sheet["A3"].value == "Thời gian: 01/01/2026 – 31/12/2026"
    assert (sheet["B6"].value.date(), sheet["C6"].value) == (date(2026, 12, 31), ref)


async def test_a_credit_of_31_december_corrected_in_january_reads_31_december_on_2026s_statement(
    app: App,
) -> None:
    """The company's 10.000.000 ₫ of 31/12/2026, recorded on 2/1/2027, is corrected on Tuesday 5/1 (the bank
    sent 5.000.000 ₫ of it back): the right entry is the same money the account got on 31/12, and 2026's
    statement dates it so, as the company's letter does (0582, 0935), where it read the correction's day, a
    2027 day for 2026's money; the correction itself stays an entry of its own day."""
    ids = await seed(app)
    ref = await give_from_new_years_eve_credit(app, ids)
    january_5 = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
    async with app.sessionmaker() as session, session.begin():
        gift = await session.scalar(select(Contribution).where(Contribution.ref == ref))
        assert gift is not None
        reason = "Ngân hàng hoàn lại 5.000.000 ₫ chuyển thừa"
        done = await correct(
            session, gift, acting=Operator(gift.org_id), figure=5_000_000, reason=reason, now=january_5
        )
    async with app.sessionmaker() as session:
        statement = await fund_statement(session, 1, 2026, title="Quỹ")

    assert [(line.ref, line.day) for line in statement.lines] == [
        (ref, date(2026, 12, 31)),
        (done.reversal.ref, date(2027, 1, 5)),
        (done.replacement.ref, date(2026, 12, 31)),
    ]


async def test_a_credit_of_31_december_to_a_drive_begun_on_1_january_counts_for_2027_as_a_members_would(
    app: App,
) -> None:
    """The company's transfer of 31/12/2026, recorded on 2/1/2027 to the Tết drive that began on 1/1/2027: a
    2027 drive's money, as a member's own transfer of that night to it is (decision 1006), so 2027's code; its
    statement, of a drive begun on 01/01/2027, reads the day it was recorded, never a day before it began."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await session.get_one(Person, ids["hung"])
        tet = NewDrive("Tết 2027 cho hộ nghèo", date(2027, 1, 1), date(2027, 1, 31))
        drive = await create_drive(session, Operator(hung.org_id), tet, now=JANUARY_2)
        company = await donor_for(session, await actor_for(session, hung), COMPANY, now=JANUARY_2)
        line = NEW_YEARS_EVE_CREDIT
        entry = NewContribution(
            "money", line.amount, drive_id=drive.id, note=statement_note(line), collected_in=ids["unit A"]
        )
        gift = await record_donor_gift(
            session,
            donor=company,
            recorded_by=hung,
            public=True,
            entry=entry,
            now=JANUARY_2,
            credit_vnd=line.amount,
            credit=credit_identity(line, 1),
            credit_on=line.on,
        )
        mai = await session.get_one(Person, ids["mai"])
        await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=JANUARY_2)
    assert (gift.year, gift.ref[:8]) == (2027, "CT-2027-")
    async with app.sessionmaker() as session:
        statement = await drive_statement(session, drive.id, org_id=hung.org_id)
    assert [(line.ref, line.day) for line in statement.lines] == [(gift.ref, date(2027, 1, 2))]


async def test_the_shell_records_a_donors_gift_and_a_credit_of_the_statement(
    app: App, db_path: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    ids = await seed(app)
    shell = (run, monkeypatch, capsys, db_path, tmp_path, "contributions")
    donor = ("donor", "--name", COMPANY, "--amount", "10tr")

    code, out, err = await asyncio.to_thread(*shell, *donor, "--as", str(ids["lan"]))
    # the office's language (1696), its officers by their name (2220)
    assert code == 2 and "chỉ thủ quỹ hoặc cán bộ công đoàn/vận động" in err
    code, out, err = await asyncio.to_thread(*shell, *donor, "--as", str(ids["hung"]))
    assert code == 2 and "--unit" in err  # an officer of the whole organisation says which unit
    code, out, err = await asyncio.to_thread(
        *shell, *donor, "--unit", "KN", "--public", "--as", str(ids["hung"])
    )
    assert code == 0, err
    assert out.strip() == (
        f"Đã ghi CT-2026-000001: 10.000.000\xa0₫ của {COMPANY} (KN); chờ một thủ quỹ khác xác nhận. Bảng "
        f"công khai ghi: {COMPANY}."
    )

    path = str(write_csv(tmp_path / "sao-ke.csv", [COMPANY_CREDIT]))
    reconcile = ("reconcile", path, "--as", str(ids["mai"]))
    row = ("--donor-row", "5", "--name", "Công ty Hòa Bình", "--unit", "Khoa Dược")
    code, out, err = await asyncio.to_thread(*shell, *reconcile, *row)
    assert code == 0, err
    assert "Đã ghi CT-2026-000002: 10.000.000\xa0₫ của Công ty Hòa Bình (KD)" in out
    assert "Bảng công khai ghi: Nhà hảo tâm." in out
    code, out, err = await asyncio.to_thread(*shell, *reconcile)
    line = "dòng 5  23/11/2026  10.000.000\xa0₫  MBVCB.88.CONG TY MINH PHAT UNG HO QUY"  # as the office reads
    assert f"{line}  đã ghi nhận là ủng hộ của nhà hảo tâm CT-2026-000002" in out  # it (decision 1739)
    code, out, err = await asyncio.to_thread(*shell, *reconcile, *row)
    assert code == 2 and "dòng 5 đã được ghi nhận rồi, là CT-2026-000002" in err

    async with app.sessionmaker() as session:
        gifts_now = list(await session.scalars(select(Contribution).order_by(Contribution.id)))
    assert [(g.unit_id, g.status, g.note) for g in gifts_now] == [
        (ids["unit A"], "recorded", None),
        (ids["unit B"], "recorded", "23/11/2026 · MBVCB.88.CONG TY MINH PHAT UNG HO QUY"),
    ]
    # The same gift of the same donor again: the shell asks nothing, so it stops and says which entry
    # (a finding from outside: a second 10tr of the company was recorded silently, counted twice).
    again = (*donor, "--unit", "KN", "--as", str(ids["hung"]))
    code, out, err = await asyncio.to_thread(*shell, *again)
    assert code == 2 and f"{COMPANY} đã có khoản 10.000.000\xa0₫ ghi cho Quỹ lúc" in err
    assert "(CT-2026-000001); chưa ghi gì. Nếu đây là khoản khác, hãy thêm --again" in err
    code, out, err = await asyncio.to_thread(*shell, *again, "--again")
    assert code == 0 and "Đã ghi CT-2026-000003: 10.000.000\xa0₫" in out

    # A credit no gift could be (beyond the house's cap, or any integer a database holds) is named, never
    # offered nor recorded: rows 8 (an Excel number of 21 figures) and 9 (20 billion đồng, as text).
    huge = [
        COMPANY_CREDIT,
        replace(COMPANY_CREDIT, credit=10**20),
        replace(COMPANY_CREDIT, credit=2 * 10**10),
    ]
    reconcile = ("reconcile", str(write_xlsx(tmp_path / "sao-ke.xlsx", huge)), "--as", str(ids["mai"]))
    code, out, err = await asyncio.to_thread(*shell, *reconcile)
    assert (
        code == 0
        and "Chưa đọc, số tiền không phải số đồng chẵn như 1.200.000, tối đa MONEY_CAP (2): hãy xem dòng 8, 9"
        in out
    )
    for n in ("8", "9"):
        code, out, err = await asyncio.to_thread(*shell, *reconcile, "--donor-row", n, *row[2:])
        assert code == 2 and f"dòng {n} không phải khoản tiền vào thiếu mã" in err


def test_telegrams_command_menu_offers_it_to_treasurers_and_officers_only() -> None:
    from bot.channels.telegram.commands import commands_for

    offered = {roles: "nhahaotam" in [c.command for c in commands_for(set(roles), "vi")] for roles in (
        ("treasurer",), ("officer",), ("leader",), ("admin",), ()
    )}  # fmt: skip
    assert offered == {
        ("treasurer",): True,
        ("officer",): True,
        ("leader",): False,
        ("admin",): False,
        (): False,
    }


async def test_a_second_gift_typed_at_a_new_donors_note_is_the_same_donors(app: App, make_person) -> None:
    """“ung ho 3tr” at the note of a new donor's 2tr, “Lưu …, rồi ghi thêm …” chosen (decision 0236): the
    second gift is the donor's the first one wrote, never a second donor of the same name."""
    ids = await seed(app)
    await add_flood_drive(app, ids)
    hung = make_person("hung")
    await hung.say("/menu")
    await hung.say("/nhahaotam")
    await hung.say(COMPANY)
    await hung.choose("Có, ghi tên")
    await hung.choose("Khoa Nội")
    await hung.choose(FLOOD)
    await hung.choose("Tiền")
    await hung.say("2tr")
    await hung.say("ung ho 3tr")

    screen = await hung.choose("Lưu 2.000.000\xa0₫, rồi ghi thêm 3.000.000\xa0₫")

    assert f"Đã ghi nhận cho {COMPANY}: 2.000.000\xa0₫." in screen
    await hung.choose("Bỏ qua")
    assert f"Đã ghi nhận cho {COMPANY}: 3.000.000\xa0₫." in await hung.choose("Có")
    assert await _donors(app) == [COMPANY]
    async with app.sessionmaker() as session:
        givers = list(await session.scalars(select(Contribution.person_id).order_by(Contribution.id)))
    assert len(givers) == 2 and givers[0] == givers[1]
