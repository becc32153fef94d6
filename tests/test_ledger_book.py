"""The Fund's internal book (sổ theo dõi đóng góp): a drive's entries in every state come out with the giver's
real name (even one who declined the public list), the right status words, amounts as integers and the
totals a treasurer reconciles (net = confirmed − corrections, waiting apart), on SQLite and PostgreSQL; a
text that looks like a formula is never one; only treasurers, officers and admins get it, a unit's officer
only their unit's rows, and a refusal is audited; the chat hands the file to a treasurer and the shell
writes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import AuditLog, Contribution, Drive, Organisation, Person, RoleAssignment, Unit
from bot.domain.access import Actor, Operator, actor_for
from bot.domain.contributions import (
    NewContribution,
    attach_evidence,
    decide,
    possible_doubles,
    record_contribution,
    reverse,
    withdraw,
)
from bot.domain.ledger_book import LedgerBook, LedgerBookError, LedgerScope, ledger_book
from bot.domain.year_report import year_report
from bot.ledger_sheet import HEADER_ROW, TIME_FORMAT, write_ledger
from bot.statement_sheet import VND_FORMAT
from bot.text import fold
from bot.year_report_doc import write_year_report
from tests.support.clocks import NOW
from tests.support.joins import joined
from tests.support.people import Person as ChatPerson
from tests.support.profiles import on_text_only
from tests.support.templates import Seed
from tests.test_flows import join
from tests.test_printed_papers import assert_in_times_new_roman
from tests.test_queue import _in_thread, run
from tests.test_statement import _confirm_the_page, _give_to_peak_month

# --- an organisation with a drive holding an entry in every state -----------------------------------------


@dataclass
class Seeded:
    org_id: int
    drive_id: int
    treasurer: int
    officer: int
    member: int
    leader: int
    ward_officer: int  # an officer of Khoa Ngoại only


async def _person(
    session: AsyncSession,
    unit: Unit,
    name: str,
    *roles: str,
    kind: str = "staff",
    public: bool | None = None,
    role_unit: Unit | None = None,
) -> Person:
    person = Person(
        org_id=unit.org_id,
        unit_id=unit.id,
        full_name=name,
        name_key=fold(name),
        kind=kind,
        public_name=public,
        created_at=NOW,
    )
    session.add(person)
    await session.flush()
    for role in roles:
        scope = role_unit.id if role_unit else None
        session.add(
            RoleAssignment(person_id=person.id, role=role, org_id=unit.org_id, unit_id=scope, granted_at=NOW)
        )
    await session.flush()
    return person


async def _seed(session: AsyncSession) -> Seeded:
    org = Organisation(code="BV", name="Bệnh viện Đa khoa", created_at=NOW)
    session.add(org)
    await session.flush()
    internal = Unit(org_id=org.id, code="KN", name="Khoa Nội")
    surgery = Unit(org_id=org.id, code="NG", name="Khoa Ngoại")
    session.add_all([internal, surgery])
    await session.flush()
    drive = Drive(
        org_id=org.id,
        code="cao-diem",
        title="Tháng cao điểm 2026",
        starts_on=date(2026, 10, 17),
        ends_on=date(2026, 11, 30),
        kinds=["money", "goods", "labour"],
        fund=True,
    )
    session.add(drive)
    treasurer = await _person(session, internal, "Trần Thị Mai", "treasurer")
    officer = await _person(session, internal, "Lê Văn Hùng", "officer")
    ward_officer = await _person(session, surgery, "Phan Văn Khải", "officer", role_unit=surgery)
    leader = await _person(session, internal, "Đinh Văn Tâm", "leader", role_unit=internal)
    declined = await _person(session, internal, "Võ Thị Hoa", public=False)  # not on the public list
    named = await _person(session, internal, "Nguyễn Văn An", public=True)
    household = await _person(session, internal, "Trần Văn Ba", kind="household")
    surgeon = await _person(session, surgery, "Bùi Thị Lan")

    async def gift(giver: Person, entry: NewContribution, by: Person | None = None) -> Contribution:
        return await record_contribution(session, person=giver, recorded_by=by or giver, entry=entry, now=NOW)

    t_actor = await actor_for(session, treasurer)
    confirmed = await gift(declined, NewContribution("money", 1_200_000, drive_id=drive.id))  # 000001
    await attach_evidence(
        session, confirmed, sha256="a" * 64, path="ab/cd.jpg", size=10, channel="telegram",
        uploaded_by=declined, now=NOW,
    )  # fmt: skip
    await decide(session, confirmed, confirmed=True, actor=t_actor, now=NOW)
    await gift(named, NewContribution("goods", 300_000, description="=SUM(A1:A9) áo ấm", drive_id=drive.id))
    rejected = await gift(named, NewContribution("money", 500_000, drive_id=drive.id))  # 000003
    await decide(session, rejected, confirmed=False, actor=t_actor, now=NOW, reason="Không thấy chuyển khoản")
    wrong = await gift(named, NewContribution("money", 700_000, drive_id=drive.id))  # 000004
    await decide(session, wrong, confirmed=True, actor=t_actor, now=NOW)
    await reverse(
        session, wrong, actor=await actor_for(session, officer), reason="Nhập nhầm số tiền", now=NOW
    )  # 000005
    labour = await gift(household, NewContribution("labour", labour_days=2, drive_id=drive.id), by=officer)
    await decide(session, labour, confirmed=True, actor=t_actor, now=NOW)  # 000006
    await gift(surgeon, NewContribution("money", 100_000, drive_id=drive.id))  # 000007, Khoa Ngoại, waiting
    await gift(named, NewContribution("money", 50_000))  # 000008: the Fund outside the drives
    taken = await gift(surgeon, NewContribution("money", 80_000, drive_id=drive.id))  # 000009
    await withdraw(session, taken, actor=await actor_for(session, surgeon), now=NOW)  # she took it back
    return Seeded(org.id, drive.id, treasurer.id, officer.id, named.id, leader.id, ward_officer.id)


async def _actor(session: AsyncSession, person_id: int) -> Actor:
    actor = await actor_for(session, await session.get_one(Person, person_id))
    assert actor is not None
    return actor


async def _book(app: App, seeded: Seeded, person_id: int, scope: LedgerScope | None = None) -> LedgerBook:
    async with app.sessionmaker() as session, session.begin():
        actor = await _actor(session, person_id)
        return await ledger_book(session, actor, scope or LedgerScope.of_drive(seeded.drive_id), now=NOW)


@pytest.fixture
def database_seed() -> Seed:
    return _seed


@pytest.fixture
def seeded(any_app: App, seeded_copy: Seeded) -> Seeded:
    """The ids `_seed` wrote, in the test's copy of a database it was run on once per test process (decision
    2503)."""
    return seeded_copy


def _rows(path: Path, sheet: int = 0) -> list[tuple[object, ...]]:
    return [tuple(row) for row in load_workbook(path).worksheets[sheet].iter_rows(values_only=True)]


async def test_the_book_has_every_entry_with_real_names_states_and_totals(
    any_app: App, seeded: Seeded, tmp_path: Path
) -> None:
    book = await _book(any_app, seeded, seeded.treasurer)
    path = tmp_path / "so-theo-doi.xlsx"
    write_ledger(book, path)

    rows = _rows(path)
    assert rows[0][0] == "Bệnh viện Đa khoa"
    assert rows[1][0] == "Sổ theo dõi đóng góp đợt vận động: Tháng cao điểm 2026 (17/10/2026 – 30/11/2026)"
    assert rows[2][0] == "Trích xuất lúc 09:00 22/11/2026"
    assert rows[HEADER_ROW - 1] == (
        "STT", "Mã tham chiếu", "Ngày ghi", "Họ và tên", "Đơn vị", "Hình thức", "Nội dung",
        "Số tiền / giá trị (đồng)", "Ngày công", "Trạng thái", "Người xác nhận", "Ngày xác nhận",
        "Ghi thay bởi", "Có ảnh minh chứng", "Ghi chú",
    )  # fmt: skip
    lines = {row[1]: row for row in rows[HEADER_ROW:]}
    # The Fund's own gift (000008) is not the drive's.
    assert list(lines) == [*(f"CT-2026-00000{n}" for n in range(1, 8)), "CT-2026-000009"]
    local = datetime(2026, 11, 22, 9, 0)
    # Confirmed, with its photo; the giver's real name although she declined the public list.
    assert lines["CT-2026-000001"][2:] == (
        local, "Võ Thị Hoa", "Khoa Nội", "Tiền", None, 1_200_000, None, "đã xác nhận", "Trần Thị Mai", local,
        None, "có", None,
    )  # fmt: skip
    waiting = lines["CT-2026-000002"]
    assert waiting[6] == "'=SUM(A1:A9) áo ấm" and waiting[7] == 300_000  # escaped, never a formula
    assert (waiting[5], waiting[9], waiting[10], waiting[11], waiting[13]) == (
        "Hiện vật", "chờ xác nhận", None, None, "không",
    )  # fmt: skip
    assert lines["CT-2026-000003"][9] == "không xác nhận – Không thấy chuyển khoản"
    assert lines["CT-2026-000004"][9] == "đã xác nhận"
    assert lines["CT-2026-000004"][14] == "Đã hủy bằng bút toán điều chỉnh CT-2026-000005"
    correction = lines["CT-2026-000005"]
    assert (correction[3], correction[7], correction[9], correction[10], correction[12]) == (
        "Nguyễn Văn An", -700_000, "điều chỉnh", "Lê Văn Hùng", None,
    )  # fmt: skip
    assert correction[14] == "Điều chỉnh, hủy CT-2026-000004: Nhập nhầm số tiền"
    household = lines["CT-2026-000006"]
    assert (household[3], household[5], household[7], household[8], household[12]) == (
        "Hộ Trần Văn Ba", "Ngày công", None, 2, "Lê Văn Hùng",
    )  # fmt: skip
    async with any_app.sessionmaker() as session:  # the household as listed, said as a household in the book
        home = await session.scalar(select(Person).where(Person.full_name == "Trần Văn Ba"))
    assert home is not None and home.kind == "household" and household[3] == f"Hộ {home.full_name}"
    assert lines["CT-2026-000007"][4] == "Khoa Ngoại"
    taken = lines["CT-2026-000009"]  # taken back by the giver: not a treasurer's rejection
    assert (taken[9], taken[10], taken[11], taken[14]) == (  # who withdrew it is no confirmer (0121)
        "người đóng góp đã rút lại", None, None, "Bùi Thị Lan đã rút lại lúc 09:00 22/11/2026",
    )  # fmt: skip
    assert all(isinstance(row[7], int) for row in lines.values() if row[7] is not None)

    book = load_workbook(path)
    assert book.properties.creator == "Chung Tay"  # as the Word papers' author, not “openpyxl” (0224)
    sheet = book.worksheets[0]
    assert sheet.cell(HEADER_ROW + 1, 8).number_format == VND_FORMAT
    assert sheet.cell(HEADER_ROW + 1, 3).number_format == TIME_FORMAT
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:O{HEADER_ROW + 8}"
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1

    totals = {row[0]: row for row in _rows(path, 1) if row and row[0]}
    assert load_workbook(path).sheetnames == ["Sổ theo dõi đóng góp", "Tổng hợp"]  # nothing paid out
    # Money: 1.2tr and 0.7tr confirmed, the 0.7tr corrected: net 1.2tr; 0.1tr waits apart.
    assert totals["Tiền (đồng)"][1:] == (2, 1_900_000, -700_000, 1_200_000, 1, 100_000)
    assert totals["Hiện vật (giá trị, đồng)"][1:] == (0, 0, 0, 0, 1, 300_000)
    assert totals["Ngày công (ngày)"][1:] == (1, 2, 0, 2, 0, 0)
    assert totals["Không xác nhận (số khoản)"][1] == 1
    assert totals["Người ủng hộ đã rút lại (số khoản)"][1] == 1
    assert totals["Khoa Nội"][1:] == (1_200_000, 0, 2, 0, 300_000, 0)
    assert totals["Khoa Ngoại"][1:] == (0, 0, 0, 100_000, 0, 0)
    assert totals["Tổng cộng"][1:] == (1_200_000, 0, 2, 100_000, 300_000, 0)


@pytest.mark.sqlite_only
async def test_the_book_prints_across_a4_as_wide_as_the_page_in_times_new_roman_and_no_empty_page(
    any_app: App, seeded: Seeded, tmp_path: Path
) -> None:
    """Its fifteen columns printed across an A4 page came out very small: codes, dates and amounts are as
    wide as their longest, the text wraps in narrower columns, the margins are narrow, and the book runs to
    as many pages as it needs (fitted to the width only). No payment from the drive: no “Chi hỗ trợ” page of
    headers alone; the summary says nothing was paid."""
    path = tmp_path / "so-theo-doi.xlsx"
    write_ledger(await _book(any_app, seeded, seeded.treasurer), path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Sổ theo dõi đóng góp", "Tổng hợp"]
    paid = {row[0]: row[1:4] for row in workbook["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert paid["Tiền (đồng): thu – chi – còn lại"] == (1_200_000, 0, 1_200_000)
    sheet = workbook.worksheets[0]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape", 9, 1, 0,  # paper 9: A4
    )  # fmt: skip
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_margins.left <= 0.6 and sheet.page_margins.right <= 0.4
    widths = {column: sheet.column_dimensions[column].width for column in "ABCDEFGHIJKLMNO"}
    assert sum(widths.values()) <= 220  # was 280: printed at about two thirds of its size, not under half
    assert [widths[column] for column in "BCL"] == [15, 16, 16]  # CT-2026-000001, 22/11/2026 09:00
    assert len(sheet["B6"].value) <= widths["B"]
    assert_in_times_new_roman(sheet)
    assert_in_times_new_roman(workbook["Tổng hợp"])


async def test_a_billion_dong_gift_and_its_correction_fit_their_columns_and_show_no_hashes(
    any_app: App, seeded: Seeded, tmp_path: Path
) -> None:
    """A column narrower than its figure shows “#####” in Excel and LibreOffice: a gift of 1.250.000.000 ₫,
    its correction (−1.250.000.000 ₫) and the unit's and the book's totals are each in a column at least as
    many characters wide as the figure shown, in the list and in the summary."""
    async with any_app.sessionmaker() as session, session.begin():
        giver = await session.get_one(Person, seeded.member)
        treasurer = await _actor(session, seeded.treasurer)
        gift = NewContribution("money", 1_250_000_000, drive_id=seeded.drive_id)
        big = await record_contribution(session, person=giver, recorded_by=giver, entry=gift, now=NOW)
        await decide(session, big, confirmed=True, actor=treasurer, now=NOW)
        officer = await _actor(session, seeded.officer)
        await reverse(session, big, actor=officer, reason="Nhập nhầm số tiền", now=NOW)
        again = await record_contribution(session, person=giver, recorded_by=giver, entry=gift, now=NOW)
        await decide(session, again, confirmed=True, actor=treasurer, now=NOW)
    path = tmp_path / "so-ty-dong.xlsx"
    write_ledger(await _book(any_app, seeded, seeded.treasurer), path)

    shown: list[tuple[str, str, float]] = []  # (sheet, figure as shown, its column's width)
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, int) and cell.number_format == VND_FORMAT:
                    figure = f"{cell.value:,} ₫".replace(",", ".")
                    shown.append((sheet.title, figure, sheet.column_dimensions[cell.column_letter].width))
    billions = [(title, figure) for title, figure, _width in shown if "1.25" in figure]
    assert ("Sổ theo dõi đóng góp", "-1.250.000.000 ₫") in billions
    assert ("Tổng hợp", "1.251.200.000 ₫") in billions  # the drive's money confirmed, less the correction
    too_narrow = [(title, figure, width) for title, figure, width in shown if width < len(figure)]
    assert too_narrow == []


async def test_the_funds_book_and_the_years_book_hold_their_own_entries(any_app: App, seeded: Seeded) -> None:
    fund = await _book(any_app, seeded, seeded.officer, LedgerScope.fund(2026))
    assert [row.ref for row in fund.rows] == ["CT-2026-000008"]
    year = await _book(any_app, seeded, seeded.officer, LedgerScope.whole_year(2026))
    assert (
        len(year.rows) == 9 and year.summary.by_kind["money"].waiting == 150_000
    )  # the taken back not waiting
    assert {row.drive for row in year.rows} == {"Tháng cao điểm 2026", None}
    assert (await _book(any_app, seeded, seeded.officer, LedgerScope.whole_year(2025))).rows == []


async def test_a_units_officer_gets_only_their_units_rows(
    any_app: App, seeded: Seeded, tmp_path: Path
) -> None:
    book = await _book(any_app, seeded, seeded.ward_officer)
    assert [row.ref for row in book.rows] == ["CT-2026-000007", "CT-2026-000009"] and book.units == [
        "Khoa Ngoại"
    ]
    write_ledger(book, tmp_path / "ngoai.xlsx")
    assert str(_rows(tmp_path / "ngoai.xlsx")[1][0]).endswith("— đơn vị: Khoa Ngoại")


async def test_a_member_and_a_unit_leader_are_refused_and_the_attempt_audited(
    any_app: App, seeded: Seeded
) -> None:
    for who in (seeded.member, seeded.leader):
        async with any_app.sessionmaker() as session, session.begin():  # kept, as a turn keeps it
            with pytest.raises(LedgerBookError, match="not_allowed"):
                scope = LedgerScope.of_drive(seeded.drive_id)
                await ledger_book(session, await _actor(session, who), scope, now=NOW)
    async with any_app.sessionmaker() as session:
        refused = list(await session.scalars(select(AuditLog).where(AuditLog.action == "ledger.refused")))
    assert sorted(row.actor_id for row in refused) == sorted([seeded.member, seeded.leader])
    assert all(row.details == {"scope": "drive", "drive": seeded.drive_id} for row in refused)


async def test_a_drive_of_another_organisation_is_refused(any_app: App, seeded: Seeded) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        other = Organisation(code="SYT", name="Sở Y tế", created_at=NOW)
        session.add(other)
        await session.flush()
        unit = Unit(org_id=other.id, code="VP", name="Văn phòng")
        session.add(unit)
        await session.flush()
        stranger = await _person(session, unit, "Hồ Văn Quỹ", "treasurer")
        with pytest.raises(LedgerBookError, match="other_organisation"):
            await ledger_book(
                session, await _actor(session, stranger.id), LedgerScope.of_drive(seeded.drive_id), now=NOW
            )


# --- in chat and at the shell ------------------------------------------------------------------------------


@on_text_only
async def test_the_chat_hands_the_book_to_a_treasurer_after_the_statement_and_not_to_a_member(
    app, hoa, invites, make_person
) -> None:
    mai = make_person("mai")
    await _give_to_peak_month(hoa, "250k")
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await _confirm_the_page(mai, "cao điểm")
    await _give_to_peak_month(hoa, "100k")  # waits

    await mai.say("/saoke")
    screen = await mai.choose("cao điểm")
    assert "Sổ theo dõi (Excel)" in screen
    screen = await mai.choose("Sổ theo dõi (Excel)")
    assert "Sổ theo dõi đóng góp, có tên thật của người ủng hộ (số khoản: 2)" in screen
    _statement, handed = mai.channel.transport.documents("mai")
    assert handed.document is not None and handed.document.name == "so-theo-doi-cao-diem-2026.xlsx"
    rows = _rows(app.settings.media_dir / handed.document.path)
    entries = {row[1]: row for row in rows[HEADER_ROW:]}
    assert entries["CT-2026-000001"][3] == "Võ Thị Hoa"  # never agreed to be named publicly: named here
    assert entries["CT-2026-000001"][9] == "đã xác nhận" and entries["CT-2026-000002"][9] == "chờ xác nhận"
    assert handed.document.path.startswith("statements/")  # cleaned after some days like the statement's

    await mai.say("/saoke")
    await mai.choose("cao điểm")
    await mai.choose("cả năm")
    year = mai.channel.transport.documents("mai")[-1]
    assert year.document is not None and year.document.name == "so-theo-doi-nam-2026.xlsx"

    await hoa.say("/saoke")
    screen = await hoa.choose("cao điểm")
    assert "Sổ theo dõi" not in screen and hoa.channel.transport.documents("hoa") == []


async def _give_to_the_fund(person, amount: str) -> None:  # type: ignore[no-untyped-def]
    await person.say("Ghi nhận đóng góp")
    await person.choose("ngoài các đợt")
    await person.choose("Tiền")
    await person.say(amount)
    await person.choose("Bỏ qua")
    await person.choose("Có")


@on_text_only
async def test_a_treasurer_typing_her_years_book_gets_it_and_dotvandong_says_what_is_hers(
    app, hoa, invites, make_person, clock
) -> None:
    """On 02/01/2027 “so quy nam 2026” at the menu and “sổ quỹ” at the statement's question read “chọn một
    mục…”: the book is two screens down, under a drive. And `/dotvandong` told her only that officers open
    drives. The words hand over the book; the refusal says what of the drives is hers."""
    mai = make_person("mai")
    await join(mai, invites.treasurer, "Trần Thị Mai")
    clock.at = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)
    await _give_to_the_fund(hoa, "250k")
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)  # Saturday 2/1/2027, 09:00
    for typed in ("so quy nam 2026", "Sổ quỹ"):
        await mai.say("/menu")
        await mai.say(typed)
        book = mai.channel.transport.documents("mai")[-1]
        assert book.document is not None and book.document.name == "so-theo-doi-nam-2026.xlsx", typed
    await mai.say("/saoke")
    screen = await mai.say("so quy 2027")
    book = mai.channel.transport.documents("mai")[-1]
    assert book.document is not None and book.document.name == "so-theo-doi-nam-2027.xlsx", screen
    assert len(mai.channel.transport.documents("mai")) == 3
    await hoa.say("/menu")
    screen = await hoa.say("sổ quỹ")  # a member keeps no book: whose it is, nothing handed
    assert "Sổ theo dõi đóng góp chỉ dành cho thủ quỹ" in screen
    assert hoa.channel.transport.documents("hoa") == []

    screen = await mai.say("/dotvandong")
    assert "phần của anh/chị là xác nhận các khoản ủng hộ (/xacnhan)" in screen and "(/saoke)" in screen
    assert "Chỉ cán bộ công đoàn mới mở" not in screen


async def test_in_january_the_treasurer_gets_the_whole_book_of_the_year_just_ended(
    app, hoa, invites, make_person, clock
) -> None:
    """Closing 2026 in the first week of January, the treasurer was offered only “Sổ theo dõi cả năm 2027”,
    even under the statement of 2026: the year's book she hands over with the money was out of reach in
    chat. Through March the year just ended's book is offered too (decision 0489), and holds the gift of
    31/12 at 23:50 (stored on 31/12 at 16:50 UTC) but not the one of 1/1 at 00:10, which is 2027's."""
    mai = make_person("mai")
    await join(mai, invites.treasurer, "Trần Thị Mai")
    clock.at = datetime(2026, 12, 31, 16, 50, tzinfo=UTC)  # 23:50 on 31/12 in Vietnam
    await _give_to_the_fund(hoa, "250k")
    await _confirm_the_page(mai, "Quỹ")
    # the year's book asked for at 23:58 on New Year's Eve and pressed at 00:01: the year its button named
    clock.at = datetime(2026, 12, 31, 16, 58, tzinfo=UTC)
    await mai.say("/saoke")
    await mai.choose("ngoài các đợt")
    clock.at = datetime(2026, 12, 31, 17, 1, tzinfo=UTC)
    await mai.choose("Sổ theo dõi cả năm 2026")
    book = mai.channel.transport.documents("mai")[-1]
    assert book.document is not None and book.document.name == "so-theo-doi-nam-2026.xlsx"
    clock.at = datetime(2026, 12, 31, 17, 10, tzinfo=UTC)  # 00:10 on 1/1/2027 in Vietnam
    await _give_to_the_fund(hoa, "100k")
    await _confirm_the_page(mai, "Quỹ")

    clock.at = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)  # Monday 4/1/2027, 09:00
    await mai.say("/saoke")
    screen = await mai.choose("ngoài các đợt vận động), năm 2026")
    assert "CT-2026-000001" in screen and "CT-2027-000001" not in screen
    await mai.choose("Sổ theo dõi cả năm 2026")
    book = mai.channel.transport.documents("mai")[-1]
    assert book.document is not None and book.document.name == "so-theo-doi-nam-2026.xlsx"
    rows = _rows(app.settings.media_dir / book.document.path)
    assert str(rows[1][0]).startswith("Sổ theo dõi đóng góp: mọi khoản đóng góp năm 2026")
    assert [(row[1], f"{row[2]:%d/%m/%Y %H:%M}", row[7]) for row in rows[HEADER_ROW:]] == [
        ("CT-2026-000001", "31/12/2026 23:50", 250_000)
    ]
    await mai.say("/saoke")
    await mai.choose("ngoài các đợt vận động), năm 2026")
    await mai.choose("Sổ theo dõi cả năm 2027")  # this year's, as before
    book = mai.channel.transport.documents("mai")[-1]
    assert book.document is not None and book.document.name == "so-theo-doi-nam-2027.xlsx"
    assert [row[1] for row in _rows(app.settings.media_dir / book.document.path)[HEADER_ROW:]] == [
        "CT-2027-000001"
    ]


async def test_the_shell_writes_the_book_and_refuses_a_member(
    app: App, db_path: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    async with app.sessionmaker() as session, session.begin():
        seeded = await _seed(session)
    out_file = tmp_path / "out" / "so.xlsx"
    code, out, err = await _in_thread(
        run, monkeypatch, capsys, db_path, tmp_path, "ledger", "export", "--drive", "cao-diem",
        "--output", str(out_file),
    )  # fmt: skip
    assert code == 0 and "số khoản: 8." in out and out_file.exists(), err
    assert "Võ Thị Hoa" not in out and "1.200.000" not in out  # no name, no amount on the terminal
    assert _rows(out_file)[HEADER_ROW][3] == "Võ Thị Hoa"
    code, out, _err = await _in_thread(
        run, monkeypatch, capsys, db_path, tmp_path, "ledger", "export", "--fund", "2026",
        "--output", str(tmp_path / "quy.xlsx"),
    )  # fmt: skip
    assert code == 0 and "số khoản: 1." in out
    code, _out, err = await _in_thread(
        run, monkeypatch, capsys, db_path, tmp_path, "ledger", "export", "--year", "2026",
        "--output", str(tmp_path / "member.xlsx"), "--as", str(seeded.member),
    )  # fmt: skip
    assert (
        code == 2
        and "chỉ thủ quỹ, cán bộ Mặt trận hoặc quản trị" in err  # as the commune names them (2220)
        and not (tmp_path / "member.xlsx").exists()
    )
    code, _out, err = await _in_thread(
        run, monkeypatch, capsys, db_path, tmp_path, "ledger", "export", "--year", "26",
        "--output", str(tmp_path / "y.xlsx"),
    )  # fmt: skip
    assert code == 2 and "ví dụ --year 2026" in err


# --- the inspection committee's check of a year's books ----------------------------------------------------


def _figures_in(workbook: Workbook) -> dict[str, tuple[object, ...]]:
    """The figures of the book's second sheet, by their label."""
    return {str(row[0]): row for row in workbook.worksheets[1].iter_rows(values_only=True) if row and row[0]}


async def test_the_committee_finds_every_sum_of_a_years_books_equal_to_its_rows_and_to_the_statements(
    app: App, tmp_path: Path
) -> None:
    """A year of a hospital's giving checked as its inspection committee does: about three hundred entries
    — money, goods of known and unknown value, labour days, households' cash a collector recorded, the
    payroll's deductions, rejections, a reversal, a figure corrected, one taken back — and each sum of the
    ledger's sheets equal to its rows, the drive's and the Fund's books to the public statements, the
    whole year's book to the two, and the collector's cash to what she recorded for others."""
    from random import Random

    from bot.domain.collected import collected_totals, handover_list
    from bot.domain.contributions import correct
    from bot.domain.statement import drive_statement, fund_statement, unpriced

    draw = Random(2026)
    async with app.sessionmaker() as session, session.begin():
        seeded = await _seed(session)
        org = await session.get_one(Organisation, seeded.org_id)
        units = list(await session.scalars(select(Unit).where(Unit.org_id == org.id).order_by(Unit.id)))
        treasurer = await session.get_one(Person, seeded.treasurer)
        officer = await session.get_one(Person, seeded.officer)
        t_actor = await actor_for(session, treasurer)
        staff = [await _person(session, units[n % 2], f"Nhân viên Số {n}") for n in range(40)]
        homes = [await _person(session, units[0], f"Gia Đình {n}", kind="household") for n in range(10)]
        for n in range(240):
            giver, drive_id = staff[n % 40], (seeded.drive_id if n % 3 else None)
            kind = ("money", "money", "goods", "money", "labour")[n % 5]
            if kind == "money":
                entry = NewContribution("money", draw.randrange(5, 200) * 10_000, drive_id=drive_id)
            elif kind == "goods":  # one in four of no known value
                value = 0 if n % 4 == 0 else draw.randrange(1, 50) * 20_000
                entry = NewContribution("goods", value, description="Áo ấm", drive_id=drive_id)
            else:
                entry = NewContribution("labour", labour_days=draw.randrange(1, 4), drive_id=drive_id)
            gift = await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
            if n % 17 == 5:
                await decide(session, gift, confirmed=False, actor=t_actor, now=NOW, reason="Không nhận được")
            elif n % 13 != 7:  # the rest wait
                await decide(session, gift, confirmed=True, actor=t_actor, now=NOW)
        for n in range(30):  # the collector's households' cash, two in three received by the treasurer
            entry = NewContribution("money", (n + 1) * 10_000, drive_id=seeded.drive_id)
            gift = await record_contribution(
                session, person=homes[n % 10], recorded_by=officer, entry=entry, now=NOW
            )
            if n % 3:
                await decide(session, gift, confirmed=True, actor=t_actor, now=NOW)
        clothes = Drive(
            org_id=org.id, code="quan-ao", title="Quần áo cũ cho vùng lũ", starts_on=date(2026, 11, 1),
            ends_on=date(2026, 12, 31), kinds=["goods"], fund=True,
        )  # fmt: skip
        session.add(clothes)
        await session.flush()
        entry = NewContribution("goods", description="Quần áo cũ", drive_id=clothes.id)  # worth: not known
        gift = await record_contribution(session, person=staff[0], recorded_by=staff[0], entry=entry, now=NOW)
        await decide(session, gift, confirmed=True, actor=t_actor, now=NOW)
        second = await actor_for(session, await _person(session, units[1], "Phạm Thị Thu", "treasurer"))
        for n in range(20):  # the payroll's deductions, one day's salary each, confirmed by her colleague
            entry = NewContribution("money", 300_000 + n * 10_000, note="Khấu trừ lương tháng 11")
            gift = await record_contribution(
                session, person=staff[n], recorded_by=treasurer, entry=entry, now=NOW, payroll=True
            )
            await decide(session, gift, confirmed=True, actor=second, now=NOW)
        confirmed = list(
            await session.scalars(
                select(Contribution).where(Contribution.status == "confirmed", Contribution.kind == "money")
            )
        )
        await correct(
            session, confirmed[10], acting=second, figure=confirmed[10].amount_vnd + 100_000,
            reason="Sai số tiền", now=NOW,
        )  # fmt: skip
        reversal = await reverse(session, confirmed[20], actor=second, reason="Chuyển nhầm", now=NOW)
        gone = confirmed[20].ref
        trail = [
            (row.action, row.actor_id, row.entity_id, row.details)
            for row in await session.scalars(select(AuditLog).where(AuditLog.entity == "contribution"))
        ]
        drive = await session.get_one(Drive, seeded.drive_id)
        public_drive = await drive_statement(session, drive.id, org_id=org.id)
        public_fund = await fund_statement(session, org.id, 2026, title="Quỹ")
        collector = await actor_for(session, officer)
        cash, handover = (
            await collected_totals(session, collector, now=NOW),
            await handover_list(session, collector, now=NOW),
        )
        books = {
            name: await ledger_book(session, t_actor, scope, now=NOW)
            for name, scope in (
                ("drive", LedgerScope.of_drive(drive.id)),
                ("fund", LedgerScope.fund(2026)),
                ("year", LedgerScope.whole_year(2026)),
                ("clothes", LedgerScope.of_drive(clothes.id)),
            )
        }
    assert len(books["year"].rows) > 300
    opened = {}  # each book's workbook, read once
    for name, book in books.items():
        path = tmp_path / f"{name}.xlsx"
        write_ledger(book, path)
        opened[name] = workbook = load_workbook(path)
        entries = [
            row for row in workbook.worksheets[0].iter_rows(values_only=True) if isinstance(row[0], int)
        ]
        assert len(entries) == len(book.rows)
        figures = _figures_in(workbook)
        standing = ("đã xác nhận", "điều chỉnh")
        money = [row[7] for row in entries if row[5] == "Tiền" and row[9] in standing]
        days = [row[8] for row in entries if row[5] == "Ngày công" and row[9] in standing]
        waiting = [row[7] for row in entries if row[5] == "Tiền" and row[9] == "chờ xác nhận"]
        assert figures["Tiền (đồng)"][4] == sum(money)  # net
        assert figures["Tiền (đồng)"][6] == sum(waiting)
        assert figures["Ngày công (ngày)"][4] == sum(days)
        assert figures["Không xác nhận (số khoản)"][1] == sum(
            1 for row in entries if str(row[9]).startswith("không xác nhận")
        )
        by_unit = [figures[unit.name] for unit in units if unit.name in figures]
        assert tuple(cell or 0 for cell in figures["Tổng cộng"][1:7]) == tuple(
            sum(row[i] or 0 for row in by_unit) for i in range(1, 7)
        )
        assert figures["Tổng cộng"][1] == figures["Tiền (đồng)"][4]
        # Goods of no known value are said so, never summed as worth 0 ₫ (decisions 0610, 0680).
        goods = [row for row in entries if row[5] == "Hiện vật"]
        unknown = [row for row in goods if str(row[6]).endswith("(chưa rõ trị giá)")]
        label = "Hiện vật (giá trị, đồng), chưa tính hiện vật chưa rõ trị giá"
        known = [row[7] for row in goods if row[9] in standing and row[7] is not None]
        assert "Hiện vật (giá trị, đồng)" not in figures
        assert figures[label][4] == (sum(known) if known else None)  # nothing known: no figure at all
        assert figures["Trong đó hiện vật chưa rõ trị giá (số khoản)"][1:6:4] == (
            sum(1 for row in unknown if row[9] == "đã xác nhận"),
            sum(1 for row in unknown if row[9] == "chờ xác nhận"),
        )
        assert (
            figures["Hiện vật (giá trị, đồng), chưa tính hiện vật chưa rõ trị giá: thu – chi – còn lại"][1]
            == figures[label][4]
        )
    clothes_figures = _figures_in(opened["clothes"])
    assert clothes_figures["Khoa Nội"][1:4] == (0, None, 0)  # the clothes' unit: of value not known
    # Each book says what its public statement says was received, and the year's is the two.
    for name, public in (("drive", public_drive), ("fund", public_fund)):
        summary = books[name].summary.by_kind
        assert (summary["money"].net, summary["goods"].net, summary["labour"].net) == (
            public.totals.money, public.totals.goods, public.totals.labour_days,
        )  # fmt: skip
        unknown = sum(
            1 for row in books[name].rows
            if row.status == "confirmed" and unpriced(row.kind, row.amount_vnd) and not row.corrected_by
            and not row.corrects
        )  # fmt: skip
        assert unknown == public.totals.goods_unpriced > 0
    year = books["year"].summary.by_kind
    assert year["money"].net == public_drive.totals.money + public_fund.totals.money
    # The collector's cash: what waits is her handover list, what was received is in the book as hers.
    hers = [row for row in books["year"].rows if row.recorded_by == "Lê Văn Hùng" and row.kind == "money"]
    assert cash.waiting_vnd == handover.total == sum(r.amount_vnd for r in hers if r.status == "recorded")
    assert cash.confirmed_vnd == sum(
        r.amount_vnd for r in hers if r.status == "confirmed" and not r.corrected_by
    )
    # The trail says who confirmed, rejected and reversed what, and why; the gift reversed is in no total
    # and still in the book, saying by which entry.
    rows = {row.ref: row for row in books["year"].rows}
    assert ("contribution.reverse", second.person_id, reversal.id) in {t[:3] for t in trail}
    assert [t[3]["reason"] for t in trail if t[0] == "contribution.reverse" and t[2] == reversal.id] == [
        "Chuyển nhầm"
    ]
    assert rows[gone].corrected_by == reversal.ref and rows[reversal.ref].amount_vnd == -rows[gone].amount_vnd
    rejected = [t for t in trail if t[0] == "contribution.rejected"]
    assert len(rejected) == books["year"].summary.rejected
    assert all(t[1] in (t_actor.person_id, second.person_id) and t[3].get("reason") for t in rejected)
    # “Đối chiếu” ties each way the money came in to its own paper: the payroll's to the accountant's sheet,
    # each collector's to her cash and handover list, and the lines together to “Tổng hợp” (decision 0682).
    sources = {
        row[0]: row[1:6]
        for row in opened["year"]["Đối chiếu"].iter_rows(values_only=True)
        if row and isinstance(row[1], int)
    }
    sheet = sum(300_000 + n * 10_000 for n in range(20))  # the accountant's sheet
    assert sources["Khấu trừ lương (theo bảng lương)"] == (20, sheet, 0, 0, 0)
    assert sources["Tiền mặt do Lê Văn Hùng thu và ghi thay"] == (
        20, cash.confirmed_vnd, 10, handover.total, 0,
    )  # fmt: skip
    money = _figures_in(opened["year"])["Tiền (đồng)"]
    assert sources["Tổng cộng"] == (
        sum(row[0] for name, row in sources.items() if name != "Tổng cộng"),
        money[4], money[5], money[6],
        sum(1 for row in books["year"].rows if row.kind == "money" and row.status == "rejected"),
    )  # fmt: skip


@pytest.mark.sqlite_only
async def test_a_gift_recorded_twice_by_the_giver_and_by_the_collector_is_marked_in_the_book(
    any_app: App, seeded: Seeded, tmp_path: Path
) -> None:
    """The household's 500.000 ₫ recorded by the hamlet's collector, then again by the household's son who
    joined, both confirmed: the book had two rows and nothing said they may be one gift, the sum counted
    both. The later row now says it may double the first, and why, as the queue said (decision 0681); so
    does a receipt sent for two gifts; in the shell's book too, and never a gift reversed since."""
    async with any_app.sessionmaker() as session, session.begin():
        home = await session.scalar(select(Person).where(Person.full_name == "Trần Văn Ba"))
        officer = await session.get_one(Person, seeded.officer)
        surgeon = await session.scalar(select(Person).where(Person.full_name == "Bùi Thị Lan"))
        assert home is not None and surgeon is not None
        treasurer = await _actor(session, seeded.treasurer)
        entry = NewContribution("money", 500_000, drive_id=seeded.drive_id)
        for by in (officer, home):  # 000010 by the collector, 000011 by the household itself
            gift = await record_contribution(session, person=home, recorded_by=by, entry=entry, now=NOW)
            await decide(session, gift, confirmed=True, actor=treasurer, now=NOW)
        gift = await record_contribution(session, person=surgeon, recorded_by=surgeon, entry=entry, now=NOW)
        await attach_evidence(
            session, gift, sha256="a" * 64, path="ab/ef.jpg", size=10, channel="telegram",
            uploaded_by=surgeon, now=NOW,
        )  # fmt: skip  # 000012: Võ Thị Hoa's receipt of 000001 again
        await decide(session, gift, confirmed=True, actor=treasurer, now=NOW)
        days = NewContribution(
            "labour", labour_days=1, drive_id=seeded.drive_id
        )  # 000013, a Saturday's (2105)
        await record_contribution(
            session, person=surgeon, recorded_by=surgeon, entry=days, now=NOW, worked=date(2026, 11, 21)
        )
    book = await _book(any_app, seeded, seeded.treasurer)
    async with any_app.sessionmaker() as session, session.begin():  # the queue asks of an entry on its own
        treasurer = await _actor(session, seeded.treasurer)
        queue = {
            row.ref: (await possible_doubles(session, treasurer, [row.id])).get(row.id, ())
            for row in book.rows
            if row.status in ("recorded", "confirmed") and not row.corrects and not row.corrected_by
        }
    marked = {row.ref: row.doubles for row in book.rows if row.doubles}
    assert marked == {ref: found for ref, found in queue.items() if found}  # the book reads as the queue
    assert set(marked) == {"CT-2026-000011", "CT-2026-000001", "CT-2026-000012"}
    write_ledger(book, tmp_path / "so.xlsx")
    notes = {row[1]: row[14] for row in _rows(tmp_path / "so.xlsx")[HEADER_ROW:]}
    assert notes["CT-2026-000010"] is None
    assert notes["CT-2026-000011"] == "⚠️ trùng CT-2026-000010 (cùng người, số, trong 24 giờ)"
    assert notes["CT-2026-000012"] == "⚠️ trùng CT-2026-000001 (cùng ảnh)"
    assert notes["CT-2026-000004"] == "Đã hủy bằng bút toán điều chỉnh CT-2026-000005"  # reversed: no double
    assert notes["CT-2026-000013"] == "Làm ngày 21/11/2026"  # the day labour days were worked (2105)
    assert notes["CT-2026-000006"] is None  # labour days recorded before it was kept read as before
    async with any_app.sessionmaker() as session, session.begin():  # the office's book at the shell
        shell = await ledger_book(session, Operator(seeded.org_id), LedgerScope.whole_year(2026), now=NOW)
    write_ledger(shell, tmp_path / "shell.xlsx")
    notes = {row[1]: row[14] for row in _rows(tmp_path / "shell.xlsx")[HEADER_ROW:]}
    assert notes["CT-2026-000012"] == "⚠️ trùng CT-2026-000001 (cùng ảnh)"


async def test_two_namesake_collectors_cash_reads_apart_by_their_units_in_the_books_reconciliation(
    any_app: App, seeded: Seeded, tmp_path: Path
) -> None:
    """Two officers called Nguyễn Thị Lan, of Khoa Nội and of Khoa Ngoại, each take colleagues' cash and
    record it for them: “Đối chiếu” added the two women's cash into one line under one name, and the book's
    “Ghi thay bởi” said the same name for both, so the committee could tie neither one's cash box. Each is now
    her own line and her own name, with her unit, as namesake collectors are named elsewhere (0575)."""
    async with any_app.sessionmaker() as session, session.begin():
        org = await session.get_one(Organisation, seeded.org_id)
        units = {unit.name: unit for unit in await session.scalars(select(Unit).where(Unit.org_id == org.id))}
        treasurer = await _actor(session, seeded.treasurer)
        for unit_name, amounts in (("Khoa Nội", (200_000, 300_000)), ("Khoa Ngoại", (150_000,))):
            unit = units[unit_name]
            lan = await _person(session, unit, "Nguyễn Thị Lan", "officer", role_unit=unit)
            for n, amount in enumerate(amounts):
                colleague = await _person(session, unit, f"Đồng nghiệp {unit.code} {n}")
                gift = await record_contribution(
                    session, person=colleague, recorded_by=lan,
                    entry=NewContribution("money", amount, drive_id=seeded.drive_id), now=NOW,
                )  # fmt: skip
                if n == 0:
                    await decide(session, gift, confirmed=True, actor=treasurer, now=NOW)
    book = await _book(any_app, seeded, seeded.treasurer)
    write_ledger(book, tmp_path / "so.xlsx")
    sources = {
        row[0]: row[1:6]
        for row in load_workbook(tmp_path / "so.xlsx")["Đối chiếu"].iter_rows(values_only=True)
        if row and isinstance(row[1], int)
    }
    assert sources["Tiền mặt do Nguyễn Thị Lan (Khoa Nội) thu và ghi thay"] == (1, 200_000, 1, 300_000, 0)
    assert sources["Tiền mặt do Nguyễn Thị Lan (Khoa Ngoại) thu và ghi thay"] == (1, 150_000, 0, 0, 0)
    assert "Tiền mặt do Nguyễn Thị Lan thu và ghi thay" not in sources
    recorders = {row[3]: row[12] for row in _rows(tmp_path / "so.xlsx")[HEADER_ROW:] if row[12]}
    assert recorders["Đồng nghiệp KN 1"] == "Nguyễn Thị Lan (Khoa Nội)"
    assert recorders["Đồng nghiệp NG 0"] == "Nguyễn Thị Lan (Khoa Ngoại)"
    assert set(recorders.values()) == {  # no namesake: the name alone, as before
        "Nguyễn Thị Lan (Khoa Nội)", "Nguyễn Thị Lan (Khoa Ngoại)", "Lê Văn Hùng",
    }  # fmt: skip


@pytest.mark.parametrize("profile", ["buttons"], indirect=True)
async def test_the_years_money_agrees_to_the_dong_in_the_chat_the_book_and_the_heads_report(
    any_app: App, any_invites, clock, profile, tmp_path: Path
) -> None:
    """A school's year closed on 31/12/2026, and again on 4/1/2027 once two gifts of 30/12 were confirmed:
    the statement and the unit's figures in the chat, the year's book (Excel) and the head's report (Word),
    read from the same database, say the same confirmed money to the đồng (decision 1398)."""
    channel = CollectingChannel(any_app.engine, profile)
    hoa, nam, mai, tuan = (ChatPerson(channel, chat, clock) for chat in ("hoa", "nam", "mai", "tuan"))
    clock.at = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)
    await joined(hoa, any_invites.member)
    await joined(nam, any_invites.member, "Đỗ Văn Nam")
    await joined(mai, any_invites.treasurer, "Trần Thị Mai")
    await joined(tuan, any_invites.leader, "Phạm Minh Tuấn")
    for giver, amount in ((hoa, "500k"), (tuan, "1tr2"), (nam, "150k")):
        await _give_to_the_fund(giver, amount)
    await _confirm_the_page(mai, "Quỹ")
    clock.at = datetime(2026, 12, 30, 3, 0, tzinfo=UTC)  # two late gifts on 30/12, waiting over New Year
    await _give_to_the_fund(hoa, "300k")
    await _give_to_the_fund(tuan, "250k")

    async def year_2026(statement_of: str, digest: str) -> tuple[str, int, str, str]:
        """The statement's confirmed line, the book's confirmed sum, the unit's year line, the report's."""
        await mai.say("/saoke")
        statement = (await mai.choose(statement_of)).replace("\xa0", " ")
        await mai.choose("Sổ theo dõi cả năm 2026")
        book = mai.channel.transport.documents("mai")[-1]
        assert book.document is not None
        rows = _rows(any_app.settings.media_dir / book.document.path)[HEADER_ROW:]
        confirmed = sum(int(row[7]) for row in rows if row[9] == "đã xác nhận")  # type: ignore[call-overload]
        unit = (await tuan.say(digest)).replace("\xa0", " ")
        async with any_app.sessionmaker() as session:
            org_id = await session.scalar(select(Organisation.id))
            assert org_id is not None
            report = await year_report(session, org_id, 2026, today=clock().date(), actor=Operator(org_id))
        path = tmp_path / f"bao-cao-{clock():%Y%m%d}.docx"
        write_year_report(report, path)
        paper = [p.text.replace("\xa0", " ") for p in docx.Document(str(path)).paragraphs]
        return (
            next(line for line in statement.splitlines() if line.startswith("Đã xác nhận:")),
            confirmed,
            next(line for line in unit.splitlines() if line.startswith("Từ đầu năm 2026:")),
            next(line for line in paper if line.startswith("Đã xác nhận:")),
        )

    clock.at = datetime(2026, 12, 31, 10, 0, tzinfo=UTC)  # 17:00 on New Year's Eve
    statement, book, unit, paper = await year_2026("ngoài các đợt", "/baocao")
    assert statement == "Đã xác nhận: tiền 1.850.000 ₫." and book == 1_850_000
    assert unit.startswith("Từ đầu năm 2026: tiền 1.850.000 ₫"), unit
    assert paper.startswith("Đã xác nhận: tiền 1.850.000 ₫;"), paper

    clock.at = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)  # Monday 4/1/2027: the two of 30/12 confirmed
    await _confirm_the_page(mai, "Quỹ")
    statement, book, unit, paper = await year_2026("ngoài các đợt vận động), năm 2026", "/baocao 2026")
    assert statement == "Đã xác nhận: tiền 2.400.000 ₫." and book == 2_400_000
    assert unit.startswith("Từ đầu năm 2026: tiền 2.400.000 ₫"), unit
    assert paper.startswith("Đã xác nhận: tiền 2.400.000 ₫;"), paper


async def test_on_new_years_eve_the_year_names_the_day_it_counts_to_only_while_later_gifts_are_held(
    any_app: App, any_invites, clock, profile
) -> None:
    """On 31/12 a unit's leader reads its year as of 27/12 while the two gifts of 30/12 wait (they are
    two givers' and not in the figure); once the treasurer confirms them the same day, the figure is the
    whole year's and its line names no day it counts up to (decisions 1398, 1418)."""
    channel = CollectingChannel(any_app.engine, profile)
    hoa, nam, mai, tuan = (ChatPerson(channel, chat, clock) for chat in ("hoa", "nam", "mai", "tuan"))
    clock.at = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)
    await joined(hoa, any_invites.member)
    await joined(nam, any_invites.member, "Đỗ Văn Nam")
    await joined(mai, any_invites.treasurer, "Trần Thị Mai")
    await joined(tuan, any_invites.leader, "Phạm Minh Tuấn")
    for giver, amount in ((hoa, "500k"), (tuan, "1tr2"), (nam, "150k")):
        await _give_to_the_fund(giver, amount)
    await _confirm_the_page(mai, "Quỹ")
    clock.at = datetime(2026, 12, 30, 3, 0, tzinfo=UTC)  # two late gifts on 30/12
    await _give_to_the_fund(hoa, "300k")
    await _give_to_the_fund(tuan, "250k")

    async def year_line() -> str:
        text = (await tuan.say("/baocao")).replace("\xa0", " ")
        return next(line for line in text.splitlines() if line.startswith("Từ đầu năm 2026:"))

    clock.at = datetime(2026, 12, 31, 3, 0, tzinfo=UTC)  # 10:00 on New Year's Eve: the two still wait
    assert await year_line() == (
        "Từ đầu năm 2026: tiền 1.850.000 ₫ (tính đến hết ngày 27/12/2026; khoản góp sau đó sẽ cộng khi đủ"
        " ba người góp trở lên, để không lộ khoản của ai)"
    )
    await _confirm_the_page(mai, "Quỹ")
    clock.at = datetime(2026, 12, 31, 10, 0, tzinfo=UTC)  # 17:00: every gift of the year confirmed
    line = await year_line()
    assert line.startswith("Từ đầu năm 2026: tiền 2.400.000 ₫ ("), line
    assert "27/12/2026" not in line and "tính đến" not in line, line
