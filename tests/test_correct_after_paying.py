"""A confirmed gift corrected after its drive paid money out (decision 0121): a school's drive paid
5.000.000 ₫ to a hardship case and handed 10.000.000 ₫ over to the district, then a company's 10.000.000 ₫
turned out to be 1.000.000 ₫. The correction is allowed, with a warning at the last look naming the
figures, and the officers are told; the statement in the chat, its sheet, the web page and the head's
roll-up never show a bare negative “Còn lại”; the public page says the old code was corrected and names the
code standing for it (or that a reversed gift was reversed); reconciling the bank's statement never sets a
credit beside a correction, and lists a credit whose code names no gift with its row; the ledger says who
withdrew a gift, never as its confirmer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import App
from bot.db.models import Contribution, Drive, Person, RoleAssignment
from bot.domain.access import actor_for
from bot.domain.bank_statement import BankLine, Statement, codes_in
from bot.domain.cases import log_support, record_case
from bot.domain.contributions import NewContribution, correct, decide, record_contribution, reverse, withdraw
from bot.domain.drives import NewDrive, create_drive
from bot.domain.ledger_book import LedgerScope, ledger_book
from bot.domain.public_page import public_key_of
from bot.domain.reconcile import reconcile
from bot.domain.remittances import record_remittance
from bot.ledger_sheet import write_ledger
from bot.messages import BUTTONS
from bot.public_web import public_routes
from bot.text import fold
from bot.web import make_web_app
from tests.support.clocks import NOW
from tests.support.joins import units_code
from tests.test_drives import seed
from tests.test_flows import join
from tests.test_queue import notices_to

DRIVE = "Ủng hộ đồng bào miền Trung"
TODAY = NOW.date()
WHY = "Công ty chỉ chuyển 1.000.000, ghi nhầm 10.000.000"


async def _school(app: App, ids: dict[str, int]) -> int:
    """The drive: Lan's 10.000.000 ₫ (CT-2026-000001) and Tâm's 6.750.000 ₫ (-000002), confirmed by Mai;
    5.000.000 ₫ paid to a household's case and 10.000.000 ₫ handed over to the district: 1.750.000 ₫ left.
    Bình is made an officer of the whole organisation too (who hears of it besides Hùng)."""
    async with app.sessionmaker() as session, session.begin():
        hung, lan, tam, mai = [await session.get_one(Person, ids[n]) for n in ("hung", "lan", "tam", "mai")]
        officer, treasurer = await actor_for(session, hung), await actor_for(session, mai)
        drive = await create_drive(
            session, officer, NewDrive(DRIVE, date(2026, 10, 17), date(2026, 11, 30)), now=NOW
        )
        for giver, amount in ((lan, 10_000_000), (tam, 6_750_000)):
            new = NewContribution(kind="money", amount_vnd=amount, drive_id=drive.id)
            gift = await record_contribution(session, person=giver, recorded_by=giver, entry=new, now=NOW)
            await decide(session, gift, confirmed=True, actor=treasurer, now=NOW)
        case = await record_case(
            session,
            officer,
            subject="household",
            name="Hộ bà Lành",
            circumstances="Ốm",
            needs="Thuốc",
            now=NOW,
        )
        await log_support(
            session, officer, case.id, kind="money", amount_vnd=5_000_000, source="drive", drive_id=drive.id,
            delivered_on=TODAY, now=NOW,
        )  # fmt: skip
        await record_remittance(
            session, officer, org_id=drive.org_id, source="drive", drive_id=drive.id, amount_vnd=10_000_000,
            board="Ban vận động Quỹ huyện", remitted_on=TODAY, now=NOW,
        )  # fmt: skip
        session.add(
            RoleAssignment(
                person_id=ids["binh"], role="officer", org_id=drive.org_id, unit_id=None, granted_at=NOW
            )
        )
        return drive.id


async def test_a_correction_after_the_money_went_out_warns_tells_the_officers_and_no_statement_goes_negative(
    app: App, make_person, tmp_path: Path
) -> None:
    ids = await seed(app)
    hung, lan, mai = make_person("hung"), make_person("lan"), make_person("mai")
    tam = make_person("tam")
    await lan.say("/menu")  # in the chat before she is told of her gifts
    await tam.say("/menu")
    drive_id = await _school(app, ids)

    await hung.say("/tracuu CT-2026-000001")  # Hùng did not confirm it: he may correct it
    await hung.choose("Sửa số tiền")
    await hung.say("1tr")
    screen = await hung.say(WHY)
    assert "Anh/chị sửa CT-2026-000001 từ 10.000.000\xa0₫ thành 1.000.000\xa0₫?" in screen
    assert (
        f"⚠️ Tiền của đợt vận động “{DRIVE}” đã được chi hỗ trợ và nộp về cấp trên 15.000.000\xa0₫. "
        "Sau khi sửa, số đã nhận chỉ còn 7.750.000\xa0₫, tức là đã chi vượt số đã nhận 7.250.000\xa0₫. "
        "Bảng công khai sẽ ghi “Chi vượt số đã nhận: 7.250.000\xa0₫”, và cán bộ công đoàn sẽ được báo."
    ) in screen
    screen = await hung.choose("Có")  # allowed: the money was never received
    assert "Đã sửa CT-2026-000001" in screen
    # Tâm looks up Lan's old code: the chat tells him what the public page tells anyone (a finding from
    # outside: it said "không tìm thấy"), and no more: no name, no amount.
    told = await tam.say("/tracuu CT-2026-000001")
    assert "CT-2026-000001: đã nhận và được thủ quỹ xác nhận, sau đó đã được điều chỉnh" in told
    assert "CT-2026-000004" in told and "Lan" not in told and "1.000.000" not in told
    async with app.sessionmaker() as session:
        found = {c.ref: c for c in await session.scalars(select(Contribution))}
    assert (found["CT-2026-000003"].amount_vnd, found["CT-2026-000004"].amount_vnd) == (
        -10_000_000,
        1_000_000,
    )

    told = [text for text in await notices_to(app, "Đặng Thị Bình") if "chi vượt" in text]
    assert told == [
        "Khoản đóng góp đã xác nhận CT-2026-000001 vừa được điều chỉnh (lý do: "
        + WHY
        + "). Nay đợt vận động "
        f"“{DRIVE}” đã chi vượt số đã nhận 7.250.000\xa0₫ (đã chi hỗ trợ và nộp về cấp trên 15.000.000\xa0₫, "
        "số đã nhận 7.750.000\xa0₫); bảng công khai ghi “Chi vượt số đã nhận”."
    ]
    assert not [text for text in await notices_to(app, "Lê Văn Hùng") if "chi vượt" in text]  # he did it

    await lan.say("/saoke")  # the public statement in the chat
    screen = await lan.choose(DRIVE)
    assert "Còn lại trong quỹ: tiền 0\xa0₫" in screen and "-7.250.000" not in screen
    assert (
        "Chi vượt số đã nhận: tiền 7.250.000\xa0₫ (một khoản đã xác nhận được điều chỉnh giảm hoặc hủy "
        "sau khi tiền đã chi)."
    ) in screen

    await mai.say("/saoke")  # its sheet
    await mai.choose(DRIVE)
    [sent] = mai.channel.transport.documents("mai")
    assert sent.document is not None
    rows = [
        tuple(r)
        for r in load_workbook(app.settings.media_dir / sent.document.path).active.iter_rows(values_only=True)
    ]
    by_label = {row[3]: row for row in rows if row[3]}
    assert by_label["Còn lại: tiền"][7] == 0
    assert by_label["Chi vượt số đã nhận: tiền"][7] == 7_250_000
    assert "Một khoản đã xác nhận được điều chỉnh giảm hoặc hủy sau khi tiền đã chi." in by_label
    assert all((row[7] or 0) >= 0 for label, row in by_label.items() if str(label).startswith("Còn lại"))

    screen = await make_person("hung").say("/baocao")  # the head's roll-up
    assert "còn lại 0\xa0₫ (chi vượt số đã nhận 7.250.000\xa0₫)." in screen and "-7.250.000" not in screen

    async with app.sessionmaker() as session, session.begin():  # the public web page
        drive = await session.get_one(Drive, drive_id)
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        key = await public_key_of(session, officer, drive, now=NOW)
    server = TestServer(make_web_app(app.sessionmaker, public_routes(app.sessionmaker, app.engine.clock)))
    async with TestClient(server) as web:
        page = await (await web.get(f"/congkhai/{key}")).text()
        checked = await (await web.get(f"/congkhai/{key}", params={"ma": "CT-2026-000001"})).text()
        new = await (await web.get(f"/congkhai/{key}", params={"ma": "CT-2026-000004"})).text()
    assert "Còn lại trong quỹ: tiền 0\xa0₫" in page and "Chi vượt số đã nhận: tiền 7.250.000\xa0₫" in page
    assert "-7.250.000" not in page
    assert (
        "CT-2026-000001: đã nhận và được thủ quỹ xác nhận, sau đó đã được điều chỉnh: khoản đóng góp này nay "
        "mang mã CT-2026-000004."
    ) in checked
    assert "chưa có trong các khoản đã xác nhận" not in checked
    assert "1.000.000" not in checked.split("Kiểm tra")[-1]  # no amount beside the code
    assert "CT-2026-000004: đã nhận và được thủ quỹ xác nhận." in new


async def test_a_reversal_that_leaves_nothing_warns_too_and_a_correction_that_fits_says_nothing(
    app: App, make_person
) -> None:
    ids = await seed(app)
    hung = make_person("hung")
    await _school(app, ids)

    await hung.say("/tracuu CT-2026-000002")  # Tâm's 6.750.000 ₫: 1.750.000 ₫ left, so 5.000.000 ₫ short
    await hung.choose("Hủy bằng bút toán điều chỉnh")
    screen = await hung.say("Chuyển khoản bị hoàn lại")
    assert (
        "đã chi vượt số đã nhận 5.000.000\xa0₫" in screen and "số đã nhận chỉ còn 10.000.000\xa0₫" in screen
    )
    await hung.choose("Không")  # nothing written

    await hung.say("/tracuu CT-2026-000002")  # down by 1.000.000 ₫ of the 1.750.000 ₫ left: no warning
    await hung.choose("Sửa số tiền")
    await hung.say("5tr750")
    screen = await hung.say("Nhập nhầm")
    assert "thành 5.750.000\xa0₫?" in screen and "⚠️" not in screen
    await hung.choose("Có")
    assert not [text for text in await notices_to(app, "Đặng Thị Bình") if "chi vượt" in text]


async def test_the_fund_outside_the_drives_is_warned_of_and_the_reversal_tells_the_officers(
    any_app: App,
) -> None:
    """On SQLite and PostgreSQL: a gift to the Fund outside the drives reversed after the Fund handed its
    money over; the Fund's shortfall is found and the officer is told."""
    ids = await seed(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        hung, lan, mai, binh = [await session.get_one(Person, ids[n]) for n in ("hung", "lan", "mai", "binh")]
        officer, treasurer = await actor_for(session, hung), await actor_for(session, mai)
        new = NewContribution(kind="money", amount_vnd=3_000_000)
        gift = await record_contribution(session, person=lan, recorded_by=lan, entry=new, now=NOW)
        await decide(session, gift, confirmed=True, actor=treasurer, now=NOW)
        await record_remittance(
            session, officer, org_id=gift.org_id, source="fund", amount_vnd=2_000_000,
            board="Ban vận động xã", remitted_on=TODAY, now=NOW,
        )  # fmt: skip
        session.add(
            RoleAssignment(
                person_id=binh.id, role="officer", org_id=gift.org_id, unit_id=None, granted_at=NOW
            )
        )
        await session.flush()
        await reverse(session, gift, actor=officer, reason="Không có khoản chuyển", now=NOW)
    told = [text for text in await notices_to(any_app, "Đặng Thị Bình") if "chi vượt" in text]
    assert told == [
        "Khoản đóng góp đã xác nhận CT-2026-000001 vừa được điều chỉnh (lý do: Không có khoản chuyển). "
        "Nay Quỹ “Vì người nghèo” (ngoài các đợt vận động) năm 2026 đã chi vượt số đã nhận 2.000.000\xa0₫ "
        "(đã chi hỗ trợ và nộp về cấp trên 2.000.000\xa0₫, số đã nhận 0\xa0₫); bảng công khai ghi “Chi "
        "vượt số đã nhận”."
    ]


async def test_reconciling_never_pairs_a_credit_with_a_correction_and_lists_a_code_found_nowhere(
    any_app: App,
) -> None:
    ids = await seed(any_app)
    await _school(any_app, ids)
    async with any_app.sessionmaker() as session, session.begin():
        lan = await session.get_one(Contribution, 1)
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await correct(session, lan, acting=hung, figure=1_000_000, reason=WHY, now=NOW)  # -000003, -000004
    credits = [
        BankLine(4, TODAY, 1_000_000, "CONG TY MINH PHAT CT-2026-000003", codes_in("CT-2026-000003")),
        BankLine(7, TODAY, 250_000, "UNG HO CT 2026 000999", codes_in("CT 2026 000999")),
    ]
    async with any_app.sessionmaker() as session:
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        result = await reconcile(session, mai, Statement(credits))
    assert [found.ref for found in [*result.decided, *result.matches, *result.differing]] == []
    assert [(line.row, line.amount) for line in result.unknown] == [(4, 1_000_000), (7, 250_000)]
    assert result.not_theirs == 2


async def test_the_ledger_says_who_withdrew_a_gift_and_never_as_its_confirmer(
    any_app: App, tmp_path: Path
) -> None:
    """An officer withdraws a household's gift he recorded; Lan withdraws her own: the book's status says who,
    “Người xác nhận” stays empty, the note names who and when, and the summary counts each apart."""
    ids = await seed(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        hung, lan = await session.get_one(Person, ids["hung"]), await session.get_one(Person, ids["lan"])
        household = Person(
            org_id=hung.org_id,
            full_name="Trần Văn Ba",
            name_key=fold("Trần Văn Ba"),
            kind="household",
            created_at=NOW,
        )
        session.add(household)
        await session.flush()
        officer = await actor_for(session, hung)
        for person, by in ((household, hung), (lan, lan)):
            entry = NewContribution(kind="money", amount_vnd=200_000)
            gift = await record_contribution(session, person=person, recorded_by=by, entry=entry, now=NOW)
            await withdraw(session, gift, actor=await actor_for(session, by), now=NOW)
        book = await ledger_book(session, officer, LedgerScope.fund(2026), now=NOW)
    path = tmp_path / "so.xlsx"
    write_ledger(book, path)
    workbook = load_workbook(path)
    lines = {row[1]: row for row in workbook.worksheets[0].iter_rows(values_only=True) if row[1]}
    recorded_for = lines["CT-2026-000001"]
    assert (recorded_for[9], recorded_for[10], recorded_for[11], recorded_for[12], recorded_for[14]) == (
        "người ghi thay đã rút lại", None, None, "Lê Văn Hùng", "Lê Văn Hùng đã rút lại lúc 09:00 22/11/2026",
    )  # fmt: skip
    own = lines["CT-2026-000002"]
    assert (own[9], own[10], own[14]) == (
        "người đóng góp đã rút lại", None, "Nguyễn Thị Lan đã rút lại lúc 09:00 22/11/2026",
    )  # fmt: skip
    totals = {row[0]: row for row in workbook.worksheets[1].iter_rows(values_only=True) if row and row[0]}
    assert totals["Người ủng hộ đã rút lại (số khoản)"][1] == 1
    assert totals["Người ghi thay đã rút lại (số khoản)"][1] == 1


async def test_the_chat_lists_a_credit_whose_code_names_no_gift_with_its_row(
    app, invites, clock, tmp_path
) -> None:
    from tests.test_reconcile_chat import STATEMENT, Row, gifts, person, send_file, write_csv

    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await join(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [*STATEMENT, Row(date(2026, 11, 22), None, 250_000, "UNG HO CT 2026 999")]
    screen = await send_file(mai, write_csv(tmp_path / "sao-ke.csv", rows))
    assert "➖ Không thuộc phạm vi của anh/chị hoặc không tìm thấy: 2" in screen  # counted as before
    assert "Mã không khớp khoản đóng góp nào (1)" in screen  # and the one found nowhere listed
    assert "• dòng 10 · 22/11/2026 · 250.000\xa0₫ · UNG HO CT 2026 999" in screen
    assert "CT-2026-000003" not in screen  # another unit's code: only counted
