"""What a treasurer or an officer reads on the money screens: a drive (or the Fund) that only handed money
over to the level above says so without “Đã chi hỗ trợ cho 0 hoàn cảnh: tiền 0 ₫” — in the chat, on the sheet
and on the web page alike; support cancelled from a drive went back to the drive, not to the Fund; a
handover started from a past year's Fund statement offers that year's last day and refuses a day of another
year; the period's review lists the initiatives year by year, never who recorded them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import docx
from aiohttp.test_utils import TestClient, TestServer
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.app import App
from bot.clock import LOCAL_TZ
from bot.db.models import Criterion, Drive, Organisation, Person, Remittance
from bot.domain.access import Operator, actor_for
from bot.domain.cases import cancel_support, log_support, record_case
from bot.domain.contributions import NewContribution, decide, record_contribution
from bot.domain.drives import NewDrive, create_drive
from bot.domain.phase_report import find_campaign, phase_report
from bot.domain.public_page import fund_key_of, public_key_of
from bot.domain.remittances import record_remittance
from bot.domain.results import record_result
from bot.domain.spending import drive_balance, fund_balance
from bot.domain.statement import drive_statement, fund_statement
from bot.i18n import Translator
from bot.phase_report_doc import write_phase_report
from bot.public_web import public_routes
from bot.statement_sheet import write_statement
from bot.web import make_web_app
from handlers.wording import balance_lines
from tests.support.clocks import NOW
from tests.support.orgs import seed as seed_org
from tests.support.profiles import on_text_only
from tests.test_drives import seed

DRIVE = "Tháng cao điểm Vì người nghèo 2026"
BOARD = "Ban vận động Quỹ “Vì người nghèo” tỉnh Hà Tĩnh"
FUND = "ngoài các đợt"
TODAY = NOW.date()  # 22/11/2026


async def _gifts(
    app: App, ids: dict[str, int], amount: int, *, drive: bool = True, now: datetime = NOW
) -> int:
    """`amount` given by Lan, confirmed by Mai: to the drive (made first, when there is none), or the Fund."""
    async with app.sessionmaker() as session, session.begin():
        lan, mai, hung = [await session.get_one(Person, ids[n]) for n in ("lan", "mai", "hung")]
        drive_id = None
        if drive:
            found = await session.scalar(select(Drive.id).where(Drive.title == DRIVE))
            if found is None:
                officer = await actor_for(session, hung)
                made = await create_drive(
                    session, officer, NewDrive(DRIVE, date(2026, 10, 17), date(2026, 11, 30)), now=now
                )
                found = made.id
            drive_id = found
        new = NewContribution(kind="money", amount_vnd=amount, drive_id=drive_id)
        gift = await record_contribution(session, person=lan, recorded_by=lan, entry=new, now=now)
        await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=now)
        return drive_id or 0


async def _web_page(app: App, path: str, **params: str) -> str:
    server = TestServer(make_web_app(app.sessionmaker, public_routes(app.sessionmaker, app.engine.clock)))
    async with TestClient(server) as web:
        return await (await web.get(path, params=params)).text()


def _sheet_labels(path: Path) -> dict[str, tuple]:  # type: ignore[type-arg]
    rows = [tuple(row) for row in load_workbook(path).active.iter_rows(values_only=True)]
    return {str(row[3] or row[0]): row for row in rows if row[3] or row[0]}


async def test_money_only_handed_over_shows_no_support_paid_to_no_one(
    app: App, make_person, tmp_path: Path
) -> None:
    ids = await seed(app)
    hung, lan = make_person("hung"), make_person("lan")
    await lan.say("/menu")  # in the chat before she is told of her gifts
    drive_id = await _gifts(app, ids, 10_000_000)
    await _gifts(app, ids, 3_000_000, drive=False)
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        for source, drive, amount in (("drive", drive_id, 4_000_000), ("fund", None, 1_000_000)):
            await record_remittance(
                session, officer, org_id=1, source=source, drive_id=drive, amount_vnd=amount, board=BOARD,
                remitted_on=TODAY, receipt_no="12/BN", now=NOW,
            )  # fmt: skip
        drive = await session.get_one(Drive, drive_id)
        drive_key = await public_key_of(session, officer, drive, now=NOW)
        fund_key = await fund_key_of(session, Operator(1), await session.get_one(Organisation, 1), now=NOW)
        write_statement(await drive_statement(session, drive_id, org_id=1), tmp_path / "dot.xlsx")
        write_statement(await fund_statement(session, 1, 2026, title="Quỹ"), tmp_path / "quy.xlsx")

    await hung.say("/dotvandong")
    screens = {"the drive's screen": await hung.choose(DRIVE)}
    await lan.say("/saoke")
    screens["the drive's statement"] = await lan.choose(DRIVE)
    await lan.say("/saoke")
    screens["the Fund's statement"] = await lan.choose(FUND)
    screens["the drive's web page"] = await _web_page(app, f"/congkhai/{drive_key}")
    screens["the Fund's web page"] = await _web_page(app, f"/congkhai/{fund_key}", nam="2026")
    for where, screen in screens.items():
        assert "Đã chi hỗ trợ" not in screen and "0 hoàn cảnh" not in screen, where
    for where in ("the drive's screen", "the drive's statement", "the drive's web page"):
        assert "Đã nộp về quỹ cấp trên: 4.000.000\xa0₫." in screens[where], where
        assert "Còn lại trong quỹ: tiền 6.000.000\xa0₫" in screens[where], where
    # the handovers listed under a heading a screen reader moves to, as the page's title is one
    assert "<h2>Đã nộp về quỹ cấp trên:</h2>" in screens["the drive's web page"]
    for where in ("the Fund's statement", "the Fund's web page"):
        assert "Đã nộp về quỹ cấp trên: 1.000.000\xa0₫." in screens[where], where
        assert "Còn lại trong quỹ: tiền 2.000.000\xa0₫" in screens[where], where

    for name, handed, left in (("dot.xlsx", 4_000_000, 6_000_000), ("quy.xlsx", 1_000_000, 2_000_000)):
        labels = _sheet_labels(tmp_path / name)
        assert "Phần chi: hỗ trợ hoàn cảnh khó khăn" not in labels and "Tổng chi: tiền" not in labels
        assert "Số hoàn cảnh đã hỗ trợ" not in labels
        assert labels["Đã nộp về cấp trên: tiền"][7] == handed and labels["Còn lại: tiền"][7] == left


@on_text_only
async def test_support_cancelled_from_a_drive_went_back_to_the_drive_not_to_the_fund(
    app: App, make_person, tmp_path: Path
) -> None:
    ids = await seed(app)
    hung, lan = make_person("hung"), make_person("lan")
    await lan.say("/menu")  # in the chat before she is told of her gifts
    drive_id = await _gifts(app, ids, 10_000_000)
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        case = await record_case(
            session,
            officer,
            subject="household",
            name="Hộ bà Lành",
            circumstances="Ốm",
            needs="Thuốc",
            now=NOW,
        )
        supports = []
        for amount in (1_000_000, 2_000_000):
            support = await log_support(
                session, officer, case.id, kind="money", amount_vnd=amount, source="drive",
                drive_id=drive_id, delivered_on=TODAY, now=NOW,
            )  # fmt: skip
            supports.append(support)
        await cancel_support(session, officer, supports[0].id, reason="Gia đình vắng mặt", now=NOW)
        drive = await session.get_one(Drive, drive_id)
        key = await public_key_of(session, officer, drive, now=NOW)
        write_statement(await drive_statement(session, drive_id, org_id=1), tmp_path / "dot.xlsx")
        balance = await drive_balance(session, drive)

    said = "Đã hủy 1 khoản hỗ trợ không trao được, đã hoàn về đợt vận động: tiền 1.000.000\xa0₫."
    await hung.say("/dotvandong")
    screens = {"the drive's screen": await hung.choose(DRIVE)}
    await lan.say("/saoke")
    screens["the statement"] = await lan.choose(DRIVE)
    screens["the web page"] = await _web_page(app, f"/congkhai/{key}")
    for where, screen in screens.items():
        assert said in screen and "hoàn về quỹ" not in screen, where
        assert "Đã chi hỗ trợ cho 1 hoàn cảnh: tiền 2.000.000\xa0₫" in screen, where
    labels = _sheet_labels(tmp_path / "dot.xlsx")
    assert labels["Đã hoàn về đợt vận động: tiền"][7] == 1_000_000
    assert not any(label.startswith("Đã hoàn về quỹ") for label in labels)

    english = balance_lines(Translator("en"), balance, {"money"})
    assert "Supports cancelled as not given: 1; returned to the drive: money ₫1,000,000." in english
    fund = balance_lines(Translator("en"), balance, {"money"}, fund=True)  # the Fund's own: back to the fund
    assert "Supports cancelled as not given: 1; returned to the fund: money ₫1,000,000." in fund


async def test_a_handover_from_last_years_fund_offers_its_last_day_and_refuses_another_year(
    app: App, make_person, clock
) -> None:
    """The officer opened the Fund's statement of 2025 on its last day and presses “Nộp về quỹ cấp trên” on
    2 January 2026: the money left is 2025's, the day offered 31/12/2025, and 2026's day is refused kindly."""
    ids = await seed(app)
    clock.at = datetime(2025, 12, 31, 3, tzinfo=UTC)
    await _gifts(app, ids, 10_000_000, drive=False, now=clock.at)
    hung = make_person("hung")
    await hung.say("/saoke")
    await hung.choose(FUND)
    clock.at = datetime(2026, 1, 2, 3, tzinfo=UTC)
    await _gifts(app, ids, 3_000_000, drive=False, now=clock.at)  # 2026 has 13.000.000 ₫ with the carry-over

    screen = await hung.choose("Nộp về quỹ cấp trên")
    assert "từ Quỹ “Vì người nghèo” ngoài các đợt vận động (2025)" in screen
    assert "Nguồn này còn 10.000.000\xa0₫" in screen
    await hung.say("4tr")
    screen = await hung.say(BOARD)
    assert "Anh/chị đã nộp vào ngày nào của năm 2025? Ví dụ: 31/12/2025." in screen
    assert "31/12/2025" in screen and "Hôm nay" not in screen and "02/01/2026" not in screen
    screen = await hung.say("02/01/2026")
    assert (
        "Khoản nộp từ Quỹ năm 2025 cần có ngày trong năm 2025, ví dụ: 31/12/2025. Nếu nộp từ Quỹ năm nay, "
        "anh/chị mở lại /saoke"
    ) in screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Remittance)) == 0
    await hung.say("20/12")  # the year left out: the Fund's year
    await hung.choose("Bỏ qua")
    screen = await hung.choose("Bỏ qua")
    assert "• Ngày nộp: 20/12/2025" in screen and "(2025)" in screen
    await hung.choose("Có")
    async with app.sessionmaker() as session:
        [made] = await session.scalars(select(Remittance))
        assert (made.source, made.remitted_on, made.amount_vnd) == ("fund", date(2025, 12, 20), 4_000_000)
        assert (await fund_balance(session, 1, 2025)).left.money == 6_000_000


async def test_the_periods_review_lists_the_initiatives_year_by_year_never_who(
    any_app: App, tmp_path: Path
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed_org(session, datetime(2026, 1, 10, 9, tzinfo=LOCAL_TZ))
        an = await session.get_one(Person, seeded.people["An"].id)
        initiative = await session.scalar(
            select(Criterion.id).where(
                Criterion.campaign_id == seeded.campaign.id, Criterion.code == "sang-kien"
            )
        )
        assert initiative is not None
        for year in (2026, 2027, 2028, 2029):
            for number in range(1, 12):
                await record_result(
                    session, an, campaign_id=seeded.campaign.id, year=year, criterion_id=initiative,
                    quantity=1, description=f"Mô hình {year} số {number}",
                    now=datetime(year, 3, 1, 9, number, tzinfo=LOCAL_TZ),
                )  # fmt: skip
    today = date(2029, 12, 20)
    async with any_app.sessionmaker() as session:
        campaign = await find_campaign(session, seeded.org.id, today)
        report = await phase_report(
            session, seeded.org.id, campaign, today=today, actor=Operator(seeded.org.id)
        )
    path = tmp_path / "so-ket.docx"
    write_phase_report(report, path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    assert "Năm 2026 (11):\n- Mô hình 2026 số 1\n" in text
    assert "- Mô hình 2026 số 10\n- và 1 sáng kiến, mô hình khác.\nNăm 2027 (11):" in text
    assert "- Mô hình 2028 số 10\n- và 1 sáng kiến, mô hình khác.\nNăm 2029 (11):\n- và 11 sáng kiến" in text
    assert "Mô hình 2029 số" not in text  # thirty listed: the rest counted
    assert not any("An" in line for line in text.split("\n") if "Mô hình" in line)  # never who recorded it
