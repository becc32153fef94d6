"""The public statement: its totals are the ledger's confirmed sums minus reversals for any ledger (property
test), the spreadsheet opens with openpyxl with the rows, names, number formats and totals a reader expects,
a drive of another organisation is refused, names appear only with consent, and a reference code of someone
else's says only "confirmed" or "not found"."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot.app
from bot.app import App
from bot.conversation.render import render_parts
from bot.db.models import Contribution, Drive, Organisation, Person, RoleAssignment, Unit
from bot.domain.access import actor_for
from bot.domain.contributions import NewContribution, correct, decide, record_contribution, reverse
from bot.domain.drives import NewDrive, create_drive
from bot.domain.ledger_book import LedgerScope, ledger_book
from bot.domain.statement import (
    Statement,
    StatementError,
    drive_statement,
    figures_of,
    find_drive,
    fund_statement,
)
from bot.i18n import Translator, format_datetime
from bot.ledger_sheet import write_ledger
from bot.messages import TEXT_ONLY
from bot.statement_sheet import HEADER_ROW, VND_FORMAT, write_statement
from bot.text import fold
from handlers.wording import figures_text
from tests.support.clocks import NOW
from tests.support.joins import joined
from tests.support.orgs import person_on
from tests.support.profiles import on_buttons, on_text_only
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
        t_actor, o_actor = await actor_for(session, treasurer), await actor_for(session, officer)
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
            await decide(
                session, c, confirmed=fate != "rejected", actor=t_actor, now=NOW, reason="không thấy"
            )
            value = days if kind == "labour" else entry.amount_vnd
            if fate != "rejected":
                confirmed[kind] += value
            if fate == "reversed":
                await reverse(session, c, actor=o_actor, reason="nhầm", now=NOW)
                reversed_[kind] += value
        statement = await drive_statement(session, drive.id, org_id=org.id)
        figures = await figures_of(session, Contribution.drive_id == drive.id)
    assert statement.totals.money == confirmed["money"] - reversed_["money"]
    assert statement.totals.goods == confirmed["goods"] - reversed_["goods"]
    assert statement.totals.labour_days == confirmed["labour"] - reversed_["labour"]
    assert len(statement.lines) == sum(
        1 for *_x, fate, _p in ledger if fate in ("confirmed", "reversed")
    ) + sum(1 for *_x, fate, _p in ledger if fate == "reversed")
    # the drive's screen counts as givers only those whose gift stands: a reversed one gave nothing after all
    assert figures.givers == sum(1 for *_x, fate, _p in ledger if fate in ("recorded", "confirmed"))
    assert figures.confirmed_givers == sum(1 for *_x, fate, _p in ledger if fate == "confirmed")
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
    # recorded on 22/11, after the drive's end: late gifts, said above the lines (decision 0889)
    assert (
        sheet["A3"].value
        == "Thời gian: 17/10/2026 – 18/11/2026 (kèm các khoản ghi nhận bổ sung đến 22/11/2026)"
    )
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
    # the gift a correction cancelled says so on its own line: a reader of the list alone counts it not
    assert lines[3][6] == "Đã hủy theo CT-2026-000006"
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

    async with (
        db() as session,
        session.begin(),
    ):  # a drive of money and goods: its sheet says what the chat says
        org = await session.scalar(select(Organisation).where(Organisation.code == "BV"))
        assert org is not None
        unit = await session.scalar(select(Unit).where(Unit.org_id == org.id))
        mai = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        an = await session.scalar(select(Person).where(Person.full_name == "Nguyễn Văn An"))
        assert unit is not None and mai is not None and an is not None
        tet = _drive(org, "tet")
        tet.kinds = ["money", "goods"]
        session.add(tet)
        await session.flush()
        gift = await record_contribution(
            session,
            person=an,
            recorded_by=an,
            entry=NewContribution("money", 700_000, drive_id=tet.id),
            now=NOW,
        )
        await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=NOW)
        # old clothes whose value nobody knew: never “worth 0 ₫” on the wall (decision 0610)
        clothes = NewContribution("goods", 0, description="quần áo cũ", drive_id=tet.id)
        gift = await record_contribution(session, person=an, recorded_by=an, entry=clothes, now=NOW)
        await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=NOW)
        # closed on 10/11 in Vietnam (the evening of the 9th in UTC), eight days before its planned end
        tet.closed_at = datetime(2026, 11, 9, 18, 30, tzinfo=UTC)
        money_and_goods = await drive_statement(session, tet.id, org_id=org.id)
        internal = await ledger_book(
            session, await actor_for(session, mai), LedgerScope.of_drive(tet.id), now=NOW
        )
    write_statement(money_and_goods, path)
    heading = figures_text(Translator("vi"), money_and_goods.totals, {"money", "goods"})
    assert heading == "tiền 700.000\xa0₫; hiện vật chưa rõ trị giá"

    book = load_workbook(path).active
    assert book["A3"].value == "Thời gian: 17/10/2026 – 10/11/2026 (đóng sớm; dự kiến đến 18/11/2026)"
    rows = [(row[3], row[7], row[8]) for row in book.iter_rows(values_only=True)]
    assert ("Tổng tiền", 700_000, None) in rows and ("Tổng hiện vật (giá trị): chưa rõ", None, None) in rows
    assert [row[6:8] for row in book.iter_rows(values_only=True) if row[2] == gift.ref] == [
        ("quần áo cũ (chưa rõ trị giá)", None)
    ]
    write_ledger(internal, tmp_path / "so.xlsx")
    ledger = load_workbook(tmp_path / "so.xlsx").active
    assert [row[6:8] for row in ledger.iter_rows(values_only=True) if row[1] == gift.ref] == [
        ("quần áo cũ (chưa rõ trị giá)", None)
    ]
    assert ("Còn lại: tiền", 700_000, None) in rows  # the clothes left are worth what nobody knows (0631)
    assert ("Còn lại: hiện vật (giá trị): chưa rõ", None, None) in rows
    assert not any("ngày công" in str(label) for label, _amount, _days in rows)  # labour it never asked for


async def test_a_sheet_printed_in_january_says_its_late_gifts_were_recorded_after_the_drives_end(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """The Fund's drive of 1/10–31/12/2026, its statement printed on 2 January with a gift recorded that day
    among its lines: the period above them says so, where “01/10/2026 – 31/12/2026” alone read that line as
    dated wrongly, or as another drive's."""
    async with db() as session, session.begin():
        _org, _drive_row, statement = await _small_ledger(session)
    late = datetime(2027, 1, 2, 3, 0, tzinfo=UTC)  # 10:00 on 2/1 in Vietnam
    lines = [*statement.lines[:-1], dataclasses.replace(statement.lines[-1], at=late)]
    printed = dataclasses.replace(
        statement, starts_on=date(2026, 10, 1), ends_on=date(2026, 12, 31), lines=lines
    )
    path = tmp_path / "sao-ke.xlsx"
    write_statement(printed, path)
    period = "Thời gian: 01/10/2026 – 31/12/2026 (kèm các khoản ghi nhận bổ sung đến 02/01/2027)"
    assert load_workbook(path).active["A3"].value == period
    write_statement(printed, path, locale="en")
    assert (
        load_workbook(path).active["A3"].value
        == "Period: 01/10/2026 – 31/12/2026 (with late gifts recorded until 02/01/2027)"
    )


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
    assert code == 0 and sheet.exists()  # in the chats' language, Vietnamese where nothing is set (1565)
    assert (
        out
        == f"Đã ghi {sheet}: dòng đã xác nhận: 5; tiền 1.200.000\xa0₫, hiện vật 300.000\xa0₫, ngày công: 2.\n"
    )
    assert load_workbook(sheet).active.cell(HEADER_ROW + 6, 8).value == 1_200_000
    period = load_workbook(sheet).active["A3"].value  # when it was taken out (decision 2304)
    assert re.search(r" — số liệu tính đến \d\d:\d\d \d\d/\d\d/\d{4}$", period), period
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
    assert code == 2 and not (tmp_path / "x.xlsx").exists()
    assert (
        "'cao-diem' thuộc tổ chức khác: xem các đợt của tổ chức này bằng chungtay drive list --org SYT" in err
    )
    monkeypatch.setenv("DEFAULT_LOCALE", "en")  # an office whose chats speak English reads English
    code, _out, err = await _in_thread(
        run, monkeypatch, capsys, db_path, tmp_path, "drive", "statement", "cao-diem", "--year", "2026",
        "--xlsx", str(tmp_path / "x.xlsx"), "--org", "BV",
    )  # fmt: skip
    assert code == 2 and "--year is for general (the Fund outside the drives), e.g. chungtay drive" in err
    # the example, copied, runs: it names the organisation as the other refusals' commands do
    assert f"chungtay drive statement general --year 2026 --xlsx {tmp_path / 'x.xlsx'} --org BV;" in err
    monkeypatch.delenv("DEFAULT_LOCALE")
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
        assert code == 2 and "ví dụ --year 2026" in err and not (tmp_path / "y.xlsx").exists()
    assert _sheet_rows(general)[1][0] == "Sao kê công khai: Quỹ “Vì người nghèo” (ngoài các đợt vận động)"
    # On 4 January the new year's is written, and the shell names the year just ended's (decision 0320)
    january = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: january))
    code, out, _err = await _in_thread(
        run, monkeypatch, capsys, db_path, tmp_path, "drive", "statement", "general", "--xlsx",
        str(tmp_path / "thang-1.xlsx"), "--org", "BV",
    )  # fmt: skip
    assert code == 0 and out.endswith(
        "Đó là số liệu năm 2027 đến nay; của năm vừa kết thúc: --year 2026\n"
    ), out


# --- in chat: consent, the statement, codes of others ---------------------------------------------------


async def _give_to_peak_month(person, amount: str) -> str:  # type: ignore[no-untyped-def]
    await person.say("Ghi nhận đóng góp")  # by its name: a bare number under a notice is asked about (0445)
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


@on_text_only
async def test_the_first_receipt_asks_for_the_name_with_choices_under_the_menu(
    app, hoa, invites, make_person
) -> None:
    nam = make_person("nam")
    await join(nam, invites.member, "Đỗ Văn Nam")
    screen = await _give_to_peak_month(hoa, "200k")
    assert "CT-2026-000001" in screen and "Anh/chị có muốn bảng công khai ghi họ tên anh/chị và" in screen
    labels = [choice.label for choice in hoa.menu.choices]
    # the menu stays, at its usual numbers, and the two answers come after it (decision 0125)
    assert labels[-2:] == ["Hiện tên tôi", "Ẩn danh"] and labels[1] == "Ghi nhận đóng góp"
    screen = await hoa.choose("Hiện tên tôi")
    assert "Đã lưu: bảng công khai hiện họ tên anh/chị." in screen
    await _give_to_peak_month(nam, "300k")
    screen = await nam.say("không")  # typed, as people answer
    assert "Đã lưu: bảng công khai ghi anh/chị là “Nhà hảo tâm”." in screen
    async with app.sessionmaker() as session:
        chosen = dict((await session.execute(select(Person.full_name, Person.public_name))).all())
    assert (chosen["Võ Thị Hoa"], chosen["Đỗ Văn Nam"]) == (True, False)


@on_text_only
async def test_a_colleagues_first_gift_asks_for_her_name_in_two_short_lines(app, hoa) -> None:
    """Decision 1779: after a colleague's first gift the question ran to four long lines (about 500
    characters): what the statement lists, the rule of three unnamed givers, where to change it, how to
    answer. It is two short lines, as a household's (1723); the whole of it stays at /congkhai."""
    await _give_to_peak_month(hoa, "200k")
    *_receipt, asked, answer = hoa.menu.text.split("\n")  # under the receipt, in the same message
    assert asked.startswith("Anh/chị có muốn bảng công khai ghi họ tên anh/chị và ") and asked.endswith(
        "không? Nếu không, bảng ghi “Nhà hảo tâm”."
    ), asked
    assert (
        answer == "Anh/chị chọn một trong hai mục cuối, hoặc gõ “có” hay “không”; "
        "muốn đổi lúc nào cũng được: /congkhai."
    )
    screen = await hoa.say("/congkhai")  # the whole rule, where she goes to change it
    assert "chỉ nêu đơn vị khi đơn vị có từ ba người cùng không nêu tên" in screen, screen


@on_buttons
async def test_a_second_gift_typed_at_the_name_question_starts_it_and_the_question_waits(app, hoa) -> None:
    """The main menu's entries stay under the question, so what would start a gift there starts it here."""
    await _give_to_peak_month(hoa, "200k")
    screen = await hoa.say("ung ho 50k")
    assert "Anh/chị muốn ủng hộ 50.000\xa0₫." in screen and "đợt vận động nào" in screen
    async with app.sessionmaker() as session:
        chosen = await session.scalar(select(Person.public_name).where(Person.full_name == "Võ Thị Hoa"))
    assert chosen is None  # not answered: asked again by /congkhai


async def test_names_appear_only_with_consent_asked_at_the_first_contribution(
    app, hoa, invites, make_person
) -> None:
    nam, mai = make_person("nam"), make_person("mai")
    await join(nam, invites.member, "Đỗ Văn Nam")
    screen = await _give_to_peak_month(hoa, "200k")
    assert "Anh/chị có muốn bảng công khai ghi họ tên anh/chị" in screen and "/congkhai" in screen
    assert "bảng công khai ghi họ tên" not in await _give_to_peak_month(hoa, "100k")  # asked once
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
    # when it was taken out, so that the paper handed over before a correction is told from the one after
    # it (decision 2304)
    taken = format_datetime(mai.clock(), "vi")
    late = "(kèm các khoản ghi nhận bổ sung đến 22/11/2026)"
    said = f"Thời gian: 17/10/2026 – 18/11/2026 {late} — số liệu tính đến {taken}"
    assert sheet["A3"].value == said, sheet["A3"].value

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


@on_text_only
async def test_an_officer_is_handed_the_sheet_in_chat_once_and_a_member_or_leader_is_not(
    app, hoa, invites, make_person
) -> None:
    mai, lan, tu = make_person("mai"), make_person("lan"), make_person("tu")
    await _give_to_peak_month(hoa, "250k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await _confirm_the_page(mai, "cao điểm")
    await joined(lan, invites.member, "Lê Thị Lan")
    await _grant(app, "Lê Thị Lan", "officer")
    await joined(tu, invites.leader, "Phạm Văn Tú")

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
    app, hoa, invites, make_person, clock
) -> None:
    mai, lan = make_person("mai"), make_person("lan")
    await _give_to_peak_month(hoa, "200k")
    await hoa.choose("Ghi nhận đóng góp")
    await hoa.choose("ngoài các đợt")
    await hoa.choose("Tiền")
    await hoa.say("300k")
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    for drive in ("cao điểm", "Quỹ"):
        await _confirm_the_page(mai, drive)

    await hoa.say("/saoke")
    screen = await hoa.choose("ngoài các đợt")
    assert (
        "Sao kê công khai: Quỹ “Vì người nghèo” (ngoài các đợt vận động) (01/01/2026 – 31/12/2026)" in screen
    )
    assert "Đã xác nhận: tiền 300.000\xa0₫" in screen and "kết thúc" not in screen  # not the drive's 200k
    assert "CT-2026-000002 · Nhà hảo tâm" in screen and "CT-2026-000001" not in screen
    assert hoa.channel.transport.documents("hoa") == []

    await joined(lan, invites.member, "Lê Thị Lan")
    await _grant(app, "Lê Thị Lan", "officer")
    await lan.say("/saoke")
    await lan.choose("ngoài các đợt")
    [handed] = lan.channel.transport.documents("lan")
    assert handed.document is not None and handed.document.name == "sao-ke-quy-2026.xlsx"
    rows = _sheet_rows(app.settings.media_dir / handed.document.path)
    assert rows[1][0] == "Sao kê công khai: Quỹ “Vì người nghèo” (ngoài các đợt vận động)"
    assert any(row[2] == "CT-2026-000002" and row[7] == 300_000 for row in rows)
    assert not any(row[2] == "CT-2026-000001" for row in rows)

    # 1 January, 00:30: the year just ended's statement is still offered beside the new year's (decision 0320)
    clock.at = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    await hoa.say("/saoke")
    screen = await hoa.choose("ngoài các đợt vận động), năm 2026")
    # …told ended, as its group message and its public page say it (decisions 0967, 0987)
    heading = "(ngoài các đợt vận động) (01/01/2026 – 31/12/2026) — đã kết thúc ngày 31/12/2026"
    assert heading in screen and "CT-2026-000002" in screen
    clock.at = NOW

    async with app.sessionmaker() as session, session.begin():  # the officer corrects Hoa's gift to 350k
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000002"))
        lan_person = await session.scalar(select(Person).where(Person.full_name == "Lê Thị Lan"))
        assert gift is not None and lan_person is not None
        acting = await actor_for(session, lan_person)
        await correct(session, gift, acting=acting, figure=350_000, reason="nhầm", now=NOW)
    await hoa.say("/saoke")
    screen = await hoa.choose("ngoài các đợt")
    # the correction's line says which gift it cancels, in chat as on the sheet
    [correction] = [line for line in screen.splitlines() if "· CT-2026-000003 ·" in line]
    assert correction.endswith("· -300.000\xa0₫ · Điều chỉnh, hủy CT-2026-000002")
    # the gift cancelled says so on its own line, whichever page it is read on (decision 0490)
    [cancelled] = [line for line in screen.splitlines() if "· CT-2026-000002 ·" in line]
    assert cancelled.endswith("· 300.000\xa0₫ · Đã hủy theo CT-2026-000003")
    # and the right entry the one it replaces: the three lines name each other (decision 2407)
    [right] = [line for line in screen.splitlines() if "· CT-2026-000004 ·" in line]
    assert right.endswith("· 350.000\xa0₫ · Thay cho CT-2026-000002"), right
    await lan.say("/saoke")
    await lan.choose("ngoài các đợt")
    handed = lan.channel.transport.documents("lan")[-1]
    assert handed.document is not None
    rows = _sheet_rows(app.settings.media_dir / handed.document.path)
    assert [row[6] for row in rows if row[2] == "CT-2026-000004"] == ["Thay cho CT-2026-000002"]


async def test_someone_elses_code_says_only_confirmed_or_not_found(app, hoa, invites, make_person) -> None:
    nam, mai = make_person("nam"), make_person("mai")
    await joined(nam, invites.member, "Đỗ Văn Nam")
    await _give_to_peak_month(hoa, "200k")
    await _give_to_peak_month(hoa, "700k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/tracuu")
    await mai.say("CT-2026-000001")
    await mai.choose("Xác nhận")

    await nam.say("/tracuu")
    said = (await nam.say("CT-2026-000001")).strip().split("\n")
    assert said[0] == "CT-2026-000001: đã xác nhận." and "Anh/chị nhập mã tham chiếu" in said[2]  # another?
    assert not [line for line in said if "Võ Thị Hoa" in line or "200.000" in line]  # nothing more of it
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


PEAK_MONTH = "Tháng cao điểm “Vì người nghèo” 2026"


async def _confirmed_gifts(
    app: App,
    amounts: list[int],
    *,
    names: tuple[str, ...] = (),
    goods: str | None = None,
    until: datetime = NOW - timedelta(hours=1),
) -> list[str]:
    """A gift to the peak month for each amount, by a new giver of the demo's Phòng Đào tạo each (named from
    `names` in turn, else "Người ủng hộ 01"…; every third of them did not agree to be named), a minute apart
    in the order given up to `until`, confirmed by Trần Thị Mai: their reference codes, CT-2026-000001
    first. `goods`: goods of that description worth the amount, instead of money."""
    refs = []
    async with app.sessionmaker() as session, session.begin():
        drive = await session.scalar(select(Drive).where(Drive.code == "cao-diem-2026"))
        mai = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        assert drive is not None and mai is not None and mai.unit_id is not None
        unit = await session.get_one(Unit, mai.unit_id)
        treasurer = await actor_for(session, mai)
        for n, amount in enumerate(amounts, start=1):
            name = names[(n - 1) % len(names)] if names else f"Người ủng hộ {n:02}"
            giver = await _person(session, unit, name, public=n % 3 != 0)
            entry = (
                NewContribution("goods", amount, description=goods, drive_id=drive.id)
                if goods
                else NewContribution("money", amount, drive_id=drive.id)
            )
            at = until - timedelta(minutes=len(amounts) - n)
            gift = await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=at)
            await decide(session, gift, confirmed=True, actor=treasurer, now=at)
            refs.append(gift.ref)
    return refs


def _refs(screen: str) -> list[str]:
    return re.findall(r"CT-2026-\d{6}", screen)


def _labels(person) -> list[str]:  # type: ignore[no-untyped-def]
    return [choice.label for choice in person.menu.choices]


@on_buttons
async def test_a_statement_of_forty_entries_pages_back_to_the_first_and_forward_again(
    app, invites, make_person
) -> None:
    refs = await _confirmed_gifts(app, [n * 10_000 for n in range(1, 41)])
    hidden = [f"Người ủng hộ {n:02}" for n in range(3, 41, 3)]  # did not agree to be named
    hoa = make_person("hoa")
    await joined(hoa, invites.member)
    await hoa.say("/saoke")
    screen = await hoa.choose("cao điểm")
    # the peak month takes money and goods and took money only: money alone is said (decision 1342)
    totals = "Đã xác nhận: tiền 8.200.000\xa0₫.\n"
    pages = [screen]
    assert "40 khoản, mới nhất trước (trang 1/4):" in screen
    assert _labels(hoa) == ["Trang sau", "Quay lại"]  # no earlier page; a member gets no book
    for page in (2, 3, 4):
        pages.append(await hoa.choose("Trang sau"))
        assert f"40 khoản, mới nhất trước (trang {page}/4):" in pages[-1]
    assert _labels(hoa) == ["Trang trước", "Quay lại"]  # the oldest reached: no later page
    # the latest first, ten a page, every entry once; the totals above every page
    assert [_refs(page) for page in pages] == [refs[39:29:-1], refs[29:19:-1], refs[19:9:-1], refs[9::-1]]
    assert all(totals in page and page.startswith(f"Sao kê công khai: {PEAK_MONTH}") for page in pages)
    assert not any("ngày công" in page for page in pages)
    assert (
        "• 22/11/2026 · CT-2026-000001 · Người ủng hộ 01 (Phòng Đào tạo – Hành chính…) · 10.000\xa0₫"
        in (pages[3])
    )
    for page in pages:
        assert page.count("Nhà hảo tâm") in (3, 4) and not any(name in page for name in hidden)

    assert "(trang 3/4)" in await hoa.choose("Trang trước")
    assert "(trang 4/4)" in await hoa.say("sau")  # typed, as on Zalo and in the terminal
    assert "(trang 3/4)" in await hoa.say("trước")
    assert "(trang 4/4)" in await hoa.say("tiếp")
    screen = await hoa.choose("Quay lại")  # to the drives, for another statement
    assert "Sao kê công khai: anh/chị xem đợt vận động nào?" in screen and "cao điểm" in " ".join(
        _labels(hoa)
    )

    async with app.sessionmaker() as session, session.begin():  # a drive of money only: money alone is said
        await session.execute(update(Drive).where(Drive.code == "cao-diem-2026").values(kinds=["money"]))
    screen = await hoa.choose("cao điểm")
    assert "Đã xác nhận: tiền 8.200.000\xa0₫.\n" in screen and "hiện vật" not in screen


@on_buttons
async def test_a_drive_of_every_kind_that_took_only_money_says_money_alone_in_chat_sheet_and_page(
    app, tmp_path, invites, make_person
) -> None:
    """A drive taking money, goods and labour days that took money only so far: her statement read “Đã xác
    nhận: tiền 300.000 ₫; hiện vật trị giá 0 ₫; 0 ngày công.”, as if goods and days had been asked of her and
    failed. Each kind is said once it has a figure; the sheet's totals rows and the public page alike."""
    from bot.public_web import _drive_page

    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            update(Drive).where(Drive.code == "cao-diem-2026").values(kinds=["money", "goods", "labour"])
        )
    await _confirmed_gifts(app, [100_000, 200_000])
    hoa = make_person("hoa")
    await joined(hoa, invites.member)
    await hoa.say("/saoke")
    screen = await hoa.choose("cao điểm")
    assert "Đã xác nhận: tiền 300.000\xa0₫.\n" in screen
    assert "hiện vật trị giá 0" not in screen and "ngày công" not in screen

    async with app.sessionmaker() as session:
        drive = await session.scalar(select(Drive).where(Drive.code == "cao-diem-2026"))
        assert drive is not None
        statement = await drive_statement(session, drive.id, org_id=drive.org_id)
        _title, page = await _drive_page(session, Translator("vi"), drive, "", NOW.date())
    assert "<p>Đã xác nhận: tiền 300.000\xa0₫.</p>" in page and "0 ngày công" not in "".join(page)
    path = tmp_path / "sao-ke.xlsx"
    write_statement(statement, path)
    totals = [
        (row[3], row[7], row[8])
        for row in _sheet_rows(path)
        if str(row[3]).startswith(("Tổng tiền", "Tổng hiện vật", "Tổng ngày công"))
    ]
    assert totals == [("Tổng tiền", 300_000, None)]


@on_text_only
async def test_a_short_statement_is_said_whole_the_latest_first_and_the_chat_goes_home(
    app, invites, make_person
) -> None:
    refs = await _confirmed_gifts(app, [100_000] * 10)
    hoa = make_person("hoa")
    await joined(hoa, invites.member)
    await hoa.say("/saoke")
    screen = await hoa.choose("cao điểm")
    assert _refs(screen) == refs[::-1] and "trang" not in screen.split("Xin chào")[0]  # as every page reads
    assert "Trang sau" not in _labels(hoa) and "Ghi nhận đóng góp" in _labels(hoa)  # the main menu


async def test_a_page_of_long_lines_under_the_books_choices_is_one_zalo_message(
    app, invites, make_person
) -> None:
    long_names = (
        "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Khánh Linh",
        "Công ty Trách nhiệm hữu hạn Một thành viên Xây dựng Thương mại Dịch vụ Hoàng Long",
    )
    refs = await _confirmed_gifts(
        app, [1_500_000_000] * 12, names=long_names, goods="Gạo tẻ thơm Điện Biên loại một, " * 8
    )
    await _grant(app, "Lê Văn Hùng", "officer")
    async with app.sessionmaker() as session, session.begin():  # corrections among the latest
        hung = await session.scalar(select(Person).where(Person.full_name == "Lê Văn Hùng"))
        assert hung is not None
        officer = await actor_for(session, hung)
        for ref in refs[-3:]:
            gift = await session.scalar(select(Contribution).where(Contribution.ref == ref))
            assert gift is not None
            await reverse(session, gift, actor=officer, reason="nhầm", now=NOW)
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/saoke")
    screen = await mai.choose("cao điểm")
    [page] = [reply for reply in mai.last if reply.choices]
    assert len(_refs(page.text)) >= 10 and "15 khoản, mới nhất trước (trang 1/2):" in page.text
    assert "Sổ theo dõi (Excel)" in _labels(mai) and "Trang sau" in _labels(mai)
    # said of the ledger's own entries, not with a colon over the menu, whose first entry is the next page
    assert page.text.endswith(
        "Sổ theo dõi đóng góp (mọi khoản, có tên thật của người ủng hộ) chỉ dành cho anh/chị."
    )
    assert len(render_parts(page, TEXT_ONLY)) == 1
    # clipped, the giver and the unit after a whole word, a correction's shorter too (decisions 2722, 2778);
    # whole in the sheet
    assert "Tôn Nữ Thị Phương Thảo… (Phòng Đào tạo – Hành chính…)" in screen, screen
    assert "Nguy…" not in screen and "Công ty Trách nhiệm hữu hạn… (" in screen, screen
    assert "(Phòng Đào tạo…) · " in screen and "Hàn…" not in screen, screen
    # cut after a whole word, never inside one (2643), in the room the unit cut at a word leaves (2722)
    assert "Gạo tẻ thơm Điện Biên loại…, trị giá khoảng 1.500.000.000\xa0₫" in screen
    assert "Điều chỉnh, hủy CT-2026-000012" in screen


async def test_pages_of_cancelled_goods_and_their_corrections_are_one_zalo_message_each(
    app, invites, make_person
) -> None:
    """Ten gifts of goods of long names corrected: the latest page is their ten corrections, the next their
    ten gifts, each saying “Đã hủy theo CT-…” (decision 0490). Those pages were 2.137 and 2.092 characters
    with their menus, two Zalo messages each: a line with a correction's mark clips the goods' words and
    the unit shorter (decision 0502), and every page stays one message."""
    long_names = (
        "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Khánh Linh",
        "Công ty Trách nhiệm hữu hạn Một thành viên Xây dựng Thương mại Dịch vụ Hoàng Long",
    )
    refs = await _confirmed_gifts(
        app, [1_500_000_000] * 12, names=long_names, goods="Gạo tẻ thơm Điện Biên loại một, " * 8
    )
    await _grant(app, "Lê Văn Hùng", "officer")
    async with app.sessionmaker() as session, session.begin():
        hung = await session.scalar(select(Person).where(Person.full_name == "Lê Văn Hùng"))
        assert hung is not None
        officer = await actor_for(session, hung)
        for ref in refs[2:]:
            gift = await session.scalar(select(Contribution).where(Contribution.ref == ref))
            assert gift is not None
            await reverse(session, gift, actor=officer, reason="nhầm", now=NOW)
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/saoke")
    screens = [await mai.choose("cao điểm")]
    screens.append(await mai.choose("Trang sau"))
    pages = [reply for reply in mai.last if reply.choices]
    assert screens[0].count("Điều chỉnh, hủy CT-2026-") == 10
    assert screens[1].count("Đã hủy theo CT-2026-") == 10
    # a correction cancels the goods' value, never reads as goods of a value below nothing
    assert screens[0].count("hủy trị giá khoảng 1.500.000.000\xa0₫ · Điều chỉnh, hủy CT-2026-") == 10
    assert "khoảng -" not in screens[0]
    for page in pages:
        assert len(render_parts(page, TEXT_ONLY)) == 1
    assert "Gạo tẻ thơm…, trị giá khoảng 1.500.000.000\xa0₫ · Đã hủy theo CT-2026-000022" in screens[1]
    await mai.say("/saoke")
    await mai.choose("cao điểm")
    [first] = [reply for reply in mai.last if reply.choices]
    assert len(render_parts(first, TEXT_ONLY)) == 1


async def test_a_page_turned_after_new_gifts_shows_what_is_on_it_now_and_an_old_press_changes_nothing(
    app, invites, make_person, clock
) -> None:
    await _confirmed_gifts(app, [10_000] * 15)
    hoa = make_person("hoa")
    await joined(hoa, invites.member)
    await hoa.say("/saoke")
    assert "15 khoản, mới nhất trước (trang 1/2):" in await hoa.choose("cao điểm")
    first_page = hoa.menu
    await _confirmed_gifts(
        app, [20_000] * 10, until=NOW
    )  # meanwhile ten more are confirmed: CT-2026-000016…25
    screen = await hoa.choose("Trang sau")
    assert "25 khoản, mới nhất trước (trang 2/3):" in screen
    assert _refs(screen) == [f"CT-2026-{n:06}" for n in range(15, 5, -1)]  # what is on page 2 now
    assert "Đã xác nhận: tiền 350.000\xa0₫" in screen
    if hoa.channel.caps.buttons:  # “Trang sau” of the first page, pressed again in a copy no longer shown
        old = await hoa.channel.receive("hoa", choice=hoa.channel.payload(first_page, "next"), at=clock())
        said = "\n".join(reply.text for reply in old)
        assert "tin nhắn cũ" in said and "(trang 2/3)" in said  # said so; the page shown did not move
        assert "(trang 3/3)" in await hoa.choose("Trang sau")


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_a_page_of_the_statement_reads_the_same_on_sqlite_and_postgresql(any_app: App) -> None:
    """The chat's page is its own query (the latest first, a page of them, and how many in all): the same
    lines on both databases, the Fund's outside the drives apart from the drive's."""
    refs = await _confirmed_gifts(any_app, [n * 1_000 for n in range(1, 26)])
    async with any_app.sessionmaker() as session:
        drive = await session.scalar(select(Drive).where(Drive.code == "cao-diem-2026"))
        assert drive is not None
        pages = [
            await drive_statement(session, drive.id, org_id=drive.org_id, size=10, page=page)
            for page in range(4)
        ]
        fund = await fund_statement(session, drive.org_id, 2026, title="Quỹ", size=10, page=0)
    assert [[line.ref for line in page.lines] for page in pages] == [
        refs[:14:-1],
        refs[14:4:-1],
        refs[4::-1],
        [],
    ]
    assert {page.entries for page in pages} == {25} and pages[2].totals.money == 325_000
    assert fund.lines == [] and fund.entries == 0


@on_buttons
async def test_an_unnamed_givers_unit_is_named_only_among_three_unnamed_givers_of_it(
    app: App, make_person, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Hoa is the only one of Phòng Kế toán to give without her name: “Nhà hảo tâm (Phòng Kế toán) ·
    7.777.000 ₫” told the whole organisation what she gave. Her line, in the chat and in the sheet, says
    “Các đơn vị khác”; Khoa Nội, with three givers unnamed, is still named on theirs, and An, who agreed to
    be named, with his unit (decision 0177)."""
    async with app.sessionmaker() as session, session.begin():
        org, ward = await _school(session)
        office = Unit(org_id=org.id, code="KT", name="Phòng Kế toán")
        session.add(office)
        drive = _drive(org, "cao-diem")
        drive.starts_on, drive.ends_on = date(2026, 11, 1), date(2026, 12, 31)
        session.add(drive)
        await session.flush()
        treasurer = await _person(session, ward, "Trần Thị Mai", "treasurer")
        givers = [
            (await _person(session, office, "Võ Thị Hoa", public=False), 7_777_000),
            (await _person(session, office, "Nguyễn Văn An", public=True), 500_000),
            *[(await _person(session, ward, name), 100_000) for name in ("Lê Bình", "Lê Chi", "Lê Dũng")],
        ]
        t_actor = await actor_for(session, treasurer)
        for giver, amount in givers:
            entry = NewContribution("money", amount, drive_id=drive.id)
            gift = await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
            await decide(session, gift, confirmed=True, actor=t_actor, now=NOW)
        await person_on(
            session, "console", "doc", "Phạm Văn Đọc", org_id=org.id, unit_id=ward.id,
            roles=[("member", ward.id)], now=NOW,
        )  # fmt: skip
        statement = await drive_statement(session, drive.id, org_id=org.id)
        org_id, drive_id = org.id, drive.id

    reader = make_person("doc")
    await reader.say("/saoke")
    screen = await reader.choose("cao điểm")
    assert "Nhà hảo tâm (Các đơn vị khác) · 7.777.000\xa0₫" in screen
    assert "Phòng Kế toán) · 7.777.000" not in screen
    assert "Nguyễn Văn An (Phòng Kế toán) · 500.000\xa0₫" in screen
    assert screen.count("Nhà hảo tâm (Khoa Nội) · 100.000\xa0₫") == 3

    path = tmp_path / "sao-ke.xlsx"
    write_statement(statement, path)
    rows = _sheet_rows(path)[HEADER_ROW : HEADER_ROW + 5]
    assert [(row[3], row[4], row[7]) for row in rows] == [
        ("Nhà hảo tâm", "Các đơn vị khác", 7_777_000),
        ("Nguyễn Văn An", "Phòng Kế toán", 500_000),
        *[("Nhà hảo tâm", "Khoa Nội", 100_000)] * 3,
    ]
    async with app.sessionmaker() as session:  # a page read from the chat counts the whole statement's givers
        page = await drive_statement(session, drive_id, org_id=org_id, size=2, page=2)
    assert [(line.unit, line.other_units) for line in page.lines] == [(None, True)]


async def test_a_communes_drive_pools_a_hamlets_unnamed_gift_among_its_hamlets_and_boards(
    app: App, tmp_path: Path
) -> None:
    """Xã Sơn Thủy's drive: the household of Thôn 5, the hamlet's only unnamed giver, read “Nhà hảo tâm (Các
    đơn vị khác)”, a commune's words for a body from outside. Its sheet now says the commune's hamlets and
    boards, in Vietnamese and in English; an office's says its other units as before (decision 0976)."""
    async with app.sessionmaker() as session, session.begin():
        org = Organisation(code="XST", name="UBND xã Sơn Thủy", kind="commune", created_at=NOW)
        session.add(org)
        await session.flush()
        hamlet = Unit(org_id=org.id, code="T5", name="Thôn 5")
        session.add(hamlet)
        drive = _drive(org, "cao-diem")
        drive.starts_on, drive.ends_on = date(2026, 11, 1), date(2026, 12, 31)
        session.add(drive)
        await session.flush()
        treasurer = await _person(session, hamlet, "Trần Thị Mai", "treasurer")
        household = await _person(session, hamlet, "Hộ ông Hoàng Văn Sáu", public=False)
        household.kind = "household"
        entry = NewContribution("money", 20_000, drive_id=drive.id)
        gift = await record_contribution(
            session, person=household, recorded_by=household, entry=entry, now=NOW
        )
        await decide(session, gift, confirmed=True, actor=await actor_for(session, treasurer), now=NOW)
        commune = await drive_statement(session, drive.id, org_id=org.id)
        org.kind = "office"
        office = await drive_statement(session, drive.id, org_id=org.id)

    for statement, locale, unit in (
        (commune, "vi", "Các thôn, ban khác"),
        (commune, "en", "Other hamlets and boards"),
        (office, "vi", "Các đơn vị khác"),
    ):
        path = tmp_path / f"sao-ke-{locale}-{unit}.xlsx"
        write_statement(statement, path, locale=locale)
        assert _sheet_rows(path)[HEADER_ROW][4] == unit


@on_text_only
async def test_an_unnamed_gift_of_the_one_kind_few_of_its_unit_gave_does_not_name_the_unit(
    app: App, make_person
) -> None:  # type: ignore[no-untyped-def]
    """Khoa Nội: four gave money without their names, An alone gave rice (300.000 ₫), unnamed too. Five
    unnamed givers named the unit on every line, and its only line of goods was An's to whoever saw the rice
    come in. A line names its unit only where three of it gave that kind unnamed: the rice says “Các đơn vị
    khác”, the money still “Khoa Nội” (decisions 0177, 0384)."""
    async with app.sessionmaker() as session, session.begin():
        org, ward = await _school(session)
        drive = _drive(org, "cao-diem")
        drive.starts_on, drive.ends_on = date(2026, 11, 1), date(2026, 12, 31)
        session.add(drive)
        await session.flush()
        treasurer = await _person(session, ward, "Trần Thị Mai", "treasurer")
        t_actor = await actor_for(session, treasurer)
        money = NewContribution("money", 200_000, drive_id=drive.id)
        gifts = [(name, money) for name in ("Bình", "Chi", "Dũng", "Hà")]
        gifts.append(("An", NewContribution("goods", 300_000, description="Gạo 20 kg", drive_id=drive.id)))
        for name, entry in gifts:
            giver = await _person(session, ward, f"Lê Thị {name}", public=False)
            gift = await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
            await decide(session, gift, confirmed=True, actor=t_actor, now=NOW)
        await person_on(
            session, "console", "doc", "Phạm Văn Đọc", org_id=org.id, unit_id=ward.id,
            roles=[("member", ward.id)], now=NOW,
        )  # fmt: skip
        statement = await drive_statement(session, drive.id, org_id=org.id)

    assert sorted((line.kind, line.unit) for line in statement.lines) == [
        ("goods", None),
        *[("money", "Khoa Nội")] * 4,
    ]
    reader = make_person("doc")
    await reader.say("/saoke")
    screen = await reader.choose("cao điểm")
    assert screen.count("Nhà hảo tâm (Khoa Nội)") == 4
    assert screen.count("Nhà hảo tâm (Các đơn vị khác)") == 1


@on_text_only
async def test_a_relief_drives_statement_adds_up_the_goods_of_each_kind_a_cancelled_gift_left_out(
    app: App, make_person
) -> None:
    """Goods brought to the school's hall after a storm, several gifts of each (decision 0704): the statement
    adds up the noodles by their carton, the water by its bottle, the rice by its bags' weight (0827), a gift
    cancelled counted out, and names once what came without a quantity (a life jacket, used clothes of no
    value); gold and dollars, in a measure of their own, are added up as said (decision 0710)."""
    from tests.test_drives import seed

    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung, lan, tam, mai = [await session.get_one(Person, ids[k]) for k in ("hung", "lan", "tam", "mai")]
        officer, treasurer = await actor_for(session, hung), await actor_for(session, mai)
        drive = await create_drive(
            session,
            officer,
            NewDrive(
                "Cứu trợ bão số 13",
                date(2026, 11, 17),
                date(2026, 11, 26),
                fund=False,
                kinds=("money", "goods"),
            ),
            now=NOW,
        )
        gifts = []
        for giver, what, worth in (
            (tam, "10 thùng mì tôm", 1_000_000),
            (lan, "2 bao gạo 25kg", 800_000),
            (tam, "20 chai nước", 0),
            (lan, "5 thùng mì tôm", 500_000),
            (tam, "áo phao", 0),
            (lan, "quần áo cũ", 0),
            (tam, "3 thùng mì tôm", 300_000),
            (lan, "nước 12 chai", 0),  # the goods first, as a household types them: the same water
            (tam, "1 chỉ vàng", 0),  # gold and dollars, valued by the treasurer (0701, 0702): added up too,
            (lan, "1 chỉ vàng", 0),  # where two gifts of the same were named once, as if one came
            (tam, "100 USD", 0),
            (lan, "50 USD", 0),
        ):
            entry = NewContribution(kind="goods", amount_vnd=worth, description=what, drive_id=drive.id)
            gift = await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
            await decide(session, gift, confirmed=True, actor=treasurer, now=NOW)
            gifts.append(gift)
        await reverse(session, gifts[6], actor=officer, reason="ghi nhầm", now=NOW)
    lan_chat = make_person("lan")
    await lan_chat.say("/saoke")
    screen = await lan_chat.choose("Cứu trợ bão số 13")
    assert (
        "Hiện vật đã nhận: mì tôm: 15 thùng; gạo: 50 kg; nước: 32 chai; áo phao; quần áo cũ; "
        "2 chỉ vàng; 150 USD." in screen
    )
