"""The public statement: its totals are the ledger's confirmed sums minus reversals for any ledger (property
test), the spreadsheet opens with openpyxl with the rows, names, number formats and totals a reader expects,
a drive of another organisation is refused, names appear only with consent, and a reference code of someone
else's says only "confirmed" or "not found"."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import App
from bot.db.models import Contribution, Drive, Organisation, Person, RoleAssignment, Unit
from bot.demo import DemoInvites, seed_demo
from bot.domain.access import actor_for
from bot.domain.contributions import NewContribution, decide, record_contribution, reverse
from bot.domain.statement import Statement, StatementError, drive_statement, find_drive
from bot.statement_sheet import HEADER_ROW, VND_FORMAT, write_statement
from bot.text import fold
from tests.support.clocks import NOW
from tests.test_flows import join
from tests.test_queue import _in_thread, run


async def _person(
    session: AsyncSession, unit: Unit, name: str, *roles: str, public: bool | None = None
) -> Person:
    person = Person(
        org_id=unit.org_id,
        unit_id=unit.id,
        full_name=name,
        name_key=fold(name),
        kind="staff",
        public_name=public,
        created_at=NOW,
    )
    session.add(person)
    await session.flush()
    for role in roles:
        session.add(
            RoleAssignment(person_id=person.id, role=role, org_id=unit.org_id, unit_id=None, granted_at=NOW)
        )
    await session.flush()
    return person


async def _school(session: AsyncSession, code: str = "BV") -> tuple[Organisation, Unit]:
    org = Organisation(code=code, name=f"Bệnh viện {code}", created_at=NOW)
    session.add(org)
    await session.flush()
    unit = Unit(org_id=org.id, code="KN", name="Khoa Nội")
    session.add(unit)
    await session.flush()
    return org, unit


def _drive(org: Organisation, code: str) -> Drive:
    return Drive(
        org_id=org.id,
        code=code,
        title="Tháng cao điểm 2026",
        starts_on=date(2026, 10, 17),
        ends_on=date(2026, 11, 18),
        kinds=["money", "goods", "labour"],
        fund=True,
    )


# --- the property: statement totals = confirmed sums − reversals -------------------------------------------

FATES = ("recorded", "confirmed", "rejected", "reversed")
ENTRY = st.tuples(
    st.sampled_from(("money", "goods", "labour")),
    st.integers(min_value=1, max_value=5_000_000_000),
    st.integers(min_value=1, max_value=365),
    st.sampled_from(FATES),
    st.booleans(),  # the giver agreed to be named
)
_drives = itertools.count(1)


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ledger=st.lists(ENTRY, max_size=12))
async def test_statement_totals_are_the_confirmed_sums_minus_reversals_for_any_ledger(
    db: async_sessionmaker[AsyncSession], ledger: list[tuple[str, int, int, str, bool]]
) -> None:
    async with db() as session, session.begin():
        org, unit = await _school(session, f"O{next(_drives)}")
        drive = _drive(org, "cao-diem")
        session.add(drive)
        treasurer = await _person(session, unit, "Thủ Quỹ", "treasurer")
        officer = await _person(session, unit, "Cán Bộ", "officer")
        confirmed = {"money": 0, "goods": 0, "labour": 0}
        reversed_ = {"money": 0, "goods": 0, "labour": 0}
        for n, (kind, amount, days, fate, public) in enumerate(ledger):
            giver = await _person(session, unit, f"Người {n}", public=public)
            entry = NewContribution(
                kind,
                amount_vnd=0 if kind == "labour" else amount,
                labour_days=days if kind == "labour" else 0,
                description="Gạo" if kind == "goods" else None,
                drive_id=drive.id,
            )
            c = await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
            if fate == "recorded":
                continue
            t_actor = await actor_for(session, treasurer)
            await decide(
                session, c, confirmed=fate != "rejected", actor=t_actor, now=NOW, reason="không thấy"
            )
            value = days if kind == "labour" else entry.amount_vnd
            if fate != "rejected":
                confirmed[kind] += value
            if fate == "reversed":
                await reverse(session, c, actor=await actor_for(session, officer), reason="nhầm", now=NOW)
                reversed_[kind] += value
        statement = await drive_statement(session, drive.id, org_id=org.id)
    assert statement.totals.money == confirmed["money"] - reversed_["money"]
    assert statement.totals.goods == confirmed["goods"] - reversed_["goods"]
    assert statement.totals.labour_days == confirmed["labour"] - reversed_["labour"]
    assert len(statement.lines) == sum(
        1 for *_x, fate, _p in ledger if fate in ("confirmed", "reversed")
    ) + sum(1 for *_x, fate, _p in ledger if fate == "reversed")
    named = {line.name for line in statement.lines}
    assert named <= {None} | {f"Người {n}" for n, (*_x, public) in enumerate(ledger) if public}


# --- the spreadsheet --------------------------------------------------------------------------------------


async def _small_ledger(session: AsyncSession) -> tuple[Organisation, Drive, Statement]:
    org, unit = await _school(session)
    drive = _drive(org, "cao-diem")
    session.add(drive)
    treasurer = await _person(session, unit, "Trần Thị Mai", "treasurer")
    officer = await _person(session, unit, "Lê Văn Hùng", "officer")
    named = await _person(session, unit, "Nguyễn Văn An", public=True)
    hidden = await _person(session, unit, "Võ Thị Hoa", public=False)
    unasked = await _person(session, unit, '=HYPERLINK("http://x")')
    entries = [
        (named, NewContribution("money", 1_200_000, drive_id=drive.id)),
        (hidden, NewContribution("goods", 300_000, description="10 kg gạo", drive_id=drive.id)),
        (unasked, NewContribution("labour", labour_days=2, drive_id=drive.id)),
        (named, NewContribution("money", 500_000, drive_id=drive.id)),
        (hidden, NewContribution("money", 999_000, drive_id=drive.id)),  # left waiting: not on the statement
    ]
    made = []
    for giver, entry in entries:
        made.append(await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW))
    t_actor = await actor_for(session, treasurer)
    for c in made[:4]:
        await decide(session, c, confirmed=True, actor=t_actor, now=NOW)
    await reverse(session, made[3], actor=await actor_for(session, officer), reason="nhầm", now=NOW)
    return org, drive, await drive_statement(session, drive.id, org_id=org.id)


async def test_the_sheet_has_the_header_rows_anonymous_names_vnd_formats_totals_and_prints_on_a4(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with db() as session, session.begin():
        _org, _drive_row, statement = await _small_ledger(session)
    path = tmp_path / "sao-ke.xlsx"
    write_statement(statement, path)

    sheet = load_workbook(path).active
    assert sheet["A1"].value == "Bệnh viện BV"
    assert sheet["A2"].value == "Sao kê công khai đợt vận động: Tháng cao điểm 2026"
    assert sheet["A3"].value == "Thời gian: 17/10/2026 – 18/11/2026"
    assert [c.value for c in sheet[HEADER_ROW]][:4] == ["STT", "Ngày", "Mã tham chiếu", "Người ủng hộ"]
    lines = [
        [c.value for c in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 5)
    ]
    assert [line[2] for line in lines] == [
        "CT-2026-000001",
        "CT-2026-000002",
        "CT-2026-000003",
        "CT-2026-000004",
        "CT-2026-000006",
    ]
    # Named only with consent; a name that looks like a formula is never one.
    assert [line[3] for line in lines] == [
        "Nguyễn Văn An",
        "Nhà hảo tâm",
        "Nhà hảo tâm",
        "Nguyễn Văn An",
        "Nguyễn Văn An",
    ]
    assert all("HYPERLINK" not in str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert [line[7] for line in lines] == [1_200_000, 300_000, None, 500_000, -500_000]
    assert lines[2][8] == 2 and lines[1][6] == "10 kg gạo" and lines[4][6] == "Điều chỉnh, hủy CT-2026-000004"
    assert sheet.cell(HEADER_ROW + 1, 8).number_format == VND_FORMAT
    totals = [
        [c.value for c in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 6, max_row=HEADER_ROW + 8)
    ]
    assert [(t[3], t[7], t[8]) for t in totals] == [
        ("Tổng tiền", 1_200_000, None),
        ("Tổng hiện vật (giá trị)", 300_000, None),
        ("Tổng ngày công", None, 2),
    ]
    assert sheet.cell(HEADER_ROW + 6, 8).number_format == VND_FORMAT
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert (
        sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    )
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage


async def test_a_statement_for_a_drive_of_another_organisation_is_refused(
    db: async_sessionmaker[AsyncSession],
) -> None:
    async with db() as session, session.begin():
        _org, drive, _statement = await _small_ledger(session)
        other, _unit = await _school(session, "SYT")
        with pytest.raises(StatementError, match="other_organisation"):
            await drive_statement(session, drive.id, org_id=other.id)
        with pytest.raises(StatementError, match="other_organisation"):
            await find_drive(session, other.id, "cao-diem")


async def test_the_shell_writes_the_sheet_and_refuses_another_organisations_drive(
    app: App, db_path: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    async with app.sessionmaker() as session, session.begin():
        await _small_ledger(session)
        await _school(session, "SYT")
    sheet = tmp_path / "out" / "sao-ke.xlsx"
    code, out, _err = await _in_thread(
        run,
        monkeypatch,
        capsys,
        db_path,
        tmp_path,
        "drive",
        "statement",
        "cao-diem",
        "--xlsx",
        str(sheet),
        "--org",
        "BV",
    )
    assert code == 0 and "5 confirmed line(s)" in out and sheet.exists()
    assert "money 1.200.000\xa0₫, goods 300.000\xa0₫, 2 labour day(s)" in out  # as every admin command prints
    assert load_workbook(sheet).active.cell(HEADER_ROW + 6, 8).value == 1_200_000
    code, _out, err = await _in_thread(
        run,
        monkeypatch,
        capsys,
        db_path,
        tmp_path,
        "drive",
        "statement",
        "cao-diem",
        "--xlsx",
        str(tmp_path / "x.xlsx"),
        "--org",
        "SYT",
    )
    assert code == 2 and "another organisation" in err and not (tmp_path / "x.xlsx").exists()
    general = tmp_path / "quy.xlsx"
    code, out, _err = await _in_thread(
        run, monkeypatch, capsys, db_path, tmp_path, "drive", "statement", "general", "--year", "2026",
        "--xlsx", str(general), "--org", "BV",
    )  # fmt: skip
    assert code == 0 and general.exists(), out
    for year in ("0", "26", "năm nay"):  # a year written short is no year of the Fund's
        code, _out, err = await _in_thread(
            run, monkeypatch, capsys, db_path, tmp_path, "drive", "statement", "general", "--year", year,
            "--xlsx", str(tmp_path / "y.xlsx"), "--org", "BV",
        )  # fmt: skip
        assert code == 2 and "e.g. --year 2026" in err and not (tmp_path / "y.xlsx").exists()
    assert _sheet_rows(general)[1][0] == "Sao kê công khai: Quỹ “Vì người nghèo” (ngoài các đợt vận động)"


# --- in chat: consent, the statement, codes of others ---------------------------------------------------


@pytest.fixture
async def invites(app: App) -> DemoInvites:
    return await seed_demo(app.sessionmaker, now=NOW)


async def _give_to_peak_month(person, amount: str) -> str:  # type: ignore[no-untyped-def]
    await person.choose("Ghi nhận đóng góp")
    await person.choose("cao điểm")
    await person.choose("Tiền")
    await person.say(amount)
    await person.choose("Bỏ qua")
    return await person.choose("Có")


async def _confirm_the_page(treasurer, drive: str) -> None:  # type: ignore[no-untyped-def]
    """The treasurer's queue of `drive`: the whole page confirmed."""
    await treasurer.say("/xacnhan")
    await treasurer.choose(drive)
    await treasurer.choose("Chọn cả trang")
    await treasurer.choose("Xác nhận các khoản")
    await treasurer.choose("Có")


async def test_the_first_receipt_asks_for_the_name_with_choices_above_the_menu(
    app, invites, make_person
) -> None:
    hoa, nam = make_person("hoa"), make_person("nam")
    await join(hoa, invites.member)
    await join(nam, invites.member, "Đỗ Văn Nam")
    screen = await _give_to_peak_month(hoa, "200k")
    assert "CT-2026-000001" in screen and "Anh/chị có muốn hiện cả họ tên mình không?" in screen
    labels = [choice.label for choice in hoa.menu.choices]
    assert labels[:2] == ["Hiện tên tôi", "Ẩn danh"] and "Ghi nhận đóng góp" in labels  # the menu stays
    screen = await hoa.choose("Hiện tên tôi")
    assert "Đã lưu: bảng công khai hiện họ tên anh/chị." in screen
    await _give_to_peak_month(nam, "300k")
    screen = await nam.say("không")  # typed, as people answer
    assert "Đã lưu: bảng công khai ghi anh/chị là “Nhà hảo tâm”." in screen
    async with app.sessionmaker() as session:
        chosen = dict((await session.execute(select(Person.full_name, Person.public_name))).all())
    assert (chosen["Võ Thị Hoa"], chosen["Đỗ Văn Nam"]) == (True, False)


async def test_names_appear_only_with_consent_asked_at_the_first_contribution(
    app, invites, make_person
) -> None:
    hoa, nam, mai = make_person("hoa"), make_person("nam"), make_person("mai")
    await join(hoa, invites.member)
    await join(nam, invites.member, "Đỗ Văn Nam")
    screen = await _give_to_peak_month(hoa, "200k")
    assert "Anh/chị có muốn hiện cả họ tên mình không?" in screen and "/congkhai" in screen
    assert "muốn hiện cả họ tên" not in await _give_to_peak_month(hoa, "100k")  # asked once
    await _give_to_peak_month(nam, "300k")
    await nam.say("/congkhai")
    screen = await nam.choose("Hiện tên tôi")
    assert "Đã lưu: bảng công khai hiện họ tên anh/chị." in screen

    await join(mai, invites.treasurer, "Trần Thị Mai")
    await _confirm_the_page(mai, "cao điểm")

    screen = await hoa.say("/saoke")
    screen = await hoa.choose("cao điểm")
    assert "Đã xác nhận: tiền 600.000\xa0₫" in screen
    assert "CT-2026-000001 · Nhà hảo tâm" in screen and "CT-2026-000003 · Đỗ Văn Nam" in screen
    shown = screen.split("Xin chào")[0]  # the statement, not the menu that greets her after it
    assert "Võ Thị Hoa" not in shown and "bảng tính để in" not in shown  # and a member gets no spreadsheet
    assert hoa.channel.transport.documents("hoa") == []

    await mai.say("/saoke")
    await mai.choose("cao điểm")
    [handed] = mai.channel.transport.documents("mai")
    assert handed.document is not None
    sheet = load_workbook(app.settings.media_dir / handed.document.path).active
    assert sheet.cell(HEADER_ROW + 4, 8).value == 600_000

    await nam.say("/congkhai")
    await nam.choose("Ẩn danh")  # changeable any time
    await hoa.say("/saoke")
    assert "Đỗ Văn Nam" not in await hoa.choose("cao điểm")


async def _grant(app: App, name: str, role: str) -> None:
    """`role` for the whole organisation to the person called `name` (the demo has no officer invite)."""
    async with app.sessionmaker() as session, session.begin():
        person = await session.scalar(select(Person).where(Person.full_name == name))
        assert person is not None
        session.add(
            RoleAssignment(person_id=person.id, role=role, org_id=person.org_id, unit_id=None, granted_at=NOW)
        )


def _sheet_rows(path: Path) -> list[tuple[object, ...]]:
    return [tuple(row) for row in load_workbook(path).active.iter_rows(values_only=True)]


async def test_an_officer_is_handed_the_sheet_in_chat_once_and_a_member_or_leader_is_not(
    app, invites, make_person
) -> None:
    hoa, mai, lan, tu = make_person("hoa"), make_person("mai"), make_person("lan"), make_person("tu")
    await join(hoa, invites.member)
    await _give_to_peak_month(hoa, "250k")
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await _confirm_the_page(mai, "cao điểm")
    await join(lan, invites.member, "Lê Thị Lan")
    await _grant(app, "Lê Thị Lan", "officer")
    await join(tu, invites.leader, "Phạm Văn Tú")

    await lan.say("/saoke")
    screen = await lan.choose("cao điểm")
    assert "Đã xác nhận: tiền 250.000\xa0₫" in screen  # the summary, then the file with its caption
    assert "Sao kê Tháng cao điểm “Vì người nghèo” 2026: bảng tính để in (A4, khổ ngang)." in screen
    [handed] = lan.channel.transport.documents("lan")
    assert handed.document is not None and handed.document.name == "sao-ke-cao-diem-2026.xlsx"
    rows = _sheet_rows(app.settings.media_dir / handed.document.path)
    assert any(row[2] == "CT-2026-000001" and row[3] == "Nhà hảo tâm" and row[7] == 250_000 for row in rows)
    assert "Tháng cao điểm" in str(rows[1][0])

    for person in (hoa, tu):
        await person.say("/saoke")
        screen = await person.choose("cao điểm")
        assert "Đã xác nhận: tiền 250.000\xa0₫" in screen and "bảng tính để in" not in screen
        assert person.channel.transport.documents(person.chat_id) == []


async def test_gifts_to_the_fund_outside_the_drives_have_a_public_statement_of_their_own(
    app, invites, make_person
) -> None:
    hoa, mai, lan = make_person("hoa"), make_person("mai"), make_person("lan")
    await join(hoa, invites.member)
    await _give_to_peak_month(hoa, "200k")
    await hoa.choose("Ghi nhận đóng góp")
    await hoa.choose("ngoài các đợt")
    await hoa.choose("Tiền")
    await hoa.say("300k")
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")
    await join(mai, invites.treasurer, "Trần Thị Mai")
    for drive in ("cao điểm", "Quỹ"):
        await _confirm_the_page(mai, drive)

    await hoa.say("/saoke")
    screen = await hoa.choose("ngoài các đợt")
    assert (
        "Sao kê công khai: Quỹ “Vì người nghèo” (ngoài các đợt vận động) (01/01/2026 – 31/12/2026)" in screen
    )
    assert "Đã xác nhận: tiền 300.000\xa0₫" in screen  # not the drive's 200k
    assert "CT-2026-000002 · Nhà hảo tâm" in screen and "CT-2026-000001" not in screen
    assert hoa.channel.transport.documents("hoa") == []

    await join(lan, invites.member, "Lê Thị Lan")
    await _grant(app, "Lê Thị Lan", "officer")
    await lan.say("/saoke")
    await lan.choose("ngoài các đợt")
    [handed] = lan.channel.transport.documents("lan")
    assert handed.document is not None and handed.document.name == "sao-ke-quy-2026.xlsx"
    rows = _sheet_rows(app.settings.media_dir / handed.document.path)
    assert rows[1][0] == "Sao kê công khai: Quỹ “Vì người nghèo” (ngoài các đợt vận động)"
    assert any(row[2] == "CT-2026-000002" and row[7] == 300_000 for row in rows)
    assert not any(row[2] == "CT-2026-000001" for row in rows)

    async with app.sessionmaker() as session, session.begin():  # the officer corrects Hoa's gift
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000002"))
        lan_person = await session.scalar(select(Person).where(Person.full_name == "Lê Thị Lan"))
        assert gift is not None and lan_person is not None
        await reverse(session, gift, actor=await actor_for(session, lan_person), reason="nhầm", now=NOW)
    await hoa.say("/saoke")
    screen = await hoa.choose("ngoài các đợt")
    # the correction's line says which gift it cancels, in chat as on the sheet
    [correction] = [line for line in screen.splitlines() if "CT-2026-000003" in line]
    assert correction.endswith("· -300.000\xa0₫ · Điều chỉnh, hủy CT-2026-000002")


async def test_someone_elses_code_says_only_confirmed_or_not_found(app, invites, make_person) -> None:
    hoa, nam, mai = make_person("hoa"), make_person("nam"), make_person("mai")
    await join(hoa, invites.member)
    await join(nam, invites.member, "Đỗ Văn Nam")
    await _give_to_peak_month(hoa, "200k")
    await _give_to_peak_month(hoa, "700k")
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/tracuu")
    await mai.say("CT-2026-000001")
    await mai.choose("Xác nhận")

    await nam.say("/tracuu")
    assert (await nam.say("CT-2026-000001")).strip() == "CT-2026-000001: đã xác nhận."
    screen = await nam.say("ct-2026-2")  # waiting: not public yet
    assert (
        "CT-2026-000002: không tìm thấy" in screen and "700.000" not in screen and "Võ Thị Hoa" not in screen
    )
    await hoa.say("/tracuu")
    screen = await hoa.say("CT-2026-000002")  # her own, in full
    assert "700.000\xa0₫" in screen and "chờ thủ quỹ xác nhận" in screen
    async with app.sessionmaker() as session:
        assert await session.scalar(
            select(Contribution.status).where(Contribution.ref == "CT-2026-000001")
        ) == ("confirmed")


async def test_a_long_statement_says_it_shows_the_latest_entries_and_how_to_check_an_earlier_one(
    app, invites, make_person
) -> None:
    hoa, nam, mai = make_person("hoa"), make_person("nam"), make_person("mai")
    await join(hoa, invites.member)
    await join(nam, invites.member, "Đỗ Văn Nam")
    await _give_to_peak_month(hoa, "100k")  # CT-2026-000001, the first of seventeen
    for n in range(16):
        await _give_to_peak_month(nam, f"{n + 1}0k")
    await join(mai, invites.treasurer, "Trần Thị Mai")
    for _page in range(2):  # ten a page
        await _confirm_the_page(mai, "cao điểm")

    await hoa.say("/saoke")
    screen = (await hoa.choose("cao điểm")).split("Xin chào")[0]
    assert "CT-2026-000017" in screen and "CT-2026-000001" not in screen  # hers is too early to be shown
    assert "Đây là 15 khoản mới nhất trong tổng số 17 khoản" in screen and "/tracuu CT-2026-000123" in screen
    screen = await hoa.say("/tracuu CT-2026-000001")
    assert "đã xác nhận" in screen and "100.000" in screen
