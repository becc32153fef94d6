"""What a treasurer reading a bank statement without its date column tries against the credit's identity
(decisions 0244, 0262): the same month's statement downloaded again. Each test here failed before the fix it
stands for."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from bot.app import App
from bot.db.models import Person
from bot.domain.bank_statement import read_statement
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.donors import credit_identities
from bot.messages import BUTTONS
from tests.support.clocks import NOW, MovableClock
from tests.test_bank_credit_once import TWICE, _chosen, _save
from tests.test_donors import add_treasurer_of_a
from tests.test_drives import seed
from tests.test_reconcile import Row, write_xlsx
from tests.test_reconcile_chat import person, send_file

DATED = Row(date(2026, 12, 3), None, 2_000_000, TWICE.description)


async def test_the_same_statement_downloaded_again_does_not_offer_its_recorded_credit_twice(
    app: App, tmp_path: Path
) -> None:
    """November's statement, exported without its date column, had the company's 2.000.000 ₫ recorded as its
    gift. Thu downloads the same statement again a week later: the bank prints the hour of the export above
    the table, so the file's checksum, which was the credit's identity, differed, the credit was offered as
    not recorded and recorded a second time. A credit without a day is now known by the statement's table
    (the rows under its header) and its place there: the same table read from another download is the same
    credit; next month's table is another."""
    ids = await seed(app)

    def exported(name: str, at: str, *descriptions: str) -> Path:
        path = tmp_path / name
        rows = "".join(f"{words};;2.000.000\r\n" for words in descriptions)
        path.write_text(f"SAO KE TAI KHOAN - in luc {at}\r\nMô tả;Ghi nợ;Ghi có\r\n{rows}", encoding="utf-8")
        return path

    first = exported("sao-ke.csv", "01/12/2026 08:14", TWICE.description)
    again = exported("sao-ke (1).csv", "08/12/2026 16:40", TWICE.description)
    december = exported("thang-12.csv", "05/01/2027 09:00", "PHI QUAN LY THANG 12", TWICE.description)
    async with app.sessionmaker() as session, session.begin():
        (credit,) = await _chosen(session, ids["mai"], first)
        assert await _save(session, ids["mai"], ids["unit A"], credit) == "CT-2026-000001"
    async with app.sessionmaker() as session, session.begin():
        assert await _chosen(session, ids["mai"], again) == []  # recorded: not offered a second time
        assert len(await _chosen(session, ids["mai"], december)) == 2  # next month's credits are its own
        # A gift recorded as decision 0262 named it (the file's checksum and row) is still known by it.
        lines = read_statement(december).lines
        checksum = hashlib.sha256(december.read_bytes()).hexdigest()
        older = credit_identities(lines, checksum, by_row=True)[1]
        assert await _save(session, ids["mai"], ids["unit A"], older) == "CT-2026-000002"
        assert len(await _chosen(session, ids["mai"], december)) == 1


async def test_a_credit_like_one_recorded_from_another_statement_is_offered_said_to_be_perhaps_that_gift(
    app: App, clock: MovableClock, tmp_path: Path
) -> None:
    """Thu takes the bank's statement without its date column every week of December: the 1–15 December one
    had the company's 2.000.000 ₫ recorded as its gift (CT-2026-000001). The whole month's is another table,
    so its credit was offered as new, and recording it counted the money twice. Nothing tells the two
    apart, and the month's second such transfer must not be hidden: the credit like the one recorded is
    offered, said to be perhaps that gift; the other like it, and the bank's fee, are offered plainly. So is
    a credit with its day whose words the bank changed in a corrected statement: offered, said to be perhaps
    the gift recorded from that day's credit of the same amount."""
    ids = await seed(app)
    thu = await add_treasurer_of_a(app, ids)

    def exported(name: str, last: int, *descriptions: str) -> Path:
        book = Workbook()
        sheet = book.active
        sheet.append(["SAO KÊ TÀI KHOẢN 0011001234567"])
        sheet.append([f"Từ ngày 01/12/2026 đến ngày {last}/12/2026"])
        sheet.append(["STT", "Nội dung", "Ghi nợ", "Ghi có"])
        for n, words in enumerate(descriptions, start=1):
            sheet.append([n, words, None, 2_000_000])
        sheet.append(["Tổng cộng", None, 0, 2_000_000 * len(descriptions)])
        book.save(tmp_path / name)
        return tmp_path / name

    half = exported("1-15.xlsx", 15, TWICE.description)
    month = exported("1-31.xlsx", 31, TWICE.description, "PHI QUAN LY THANG 12", TWICE.description)
    async with app.sessionmaker() as session, session.begin():
        (credit,) = await _chosen(session, thu, half)
        assert await _save(session, thu, ids["unit A"], credit) == "CT-2026-000001"
        lan = await session.get_one(Person, ids["lan"])  # a gift of unit A waits: Thu's queue opens
        await record_contribution(
            session, person=lan, recorded_by=lan, entry=NewContribution("money", 200_000), now=NOW
        )
    chat = person(app, clock, "thu", BUTTONS)
    await chat.say("/xacnhan")
    await chat.choose("Đối chiếu sao kê ngân hàng")
    screen = await send_file(chat, half)  # the same table: recorded, not offered
    assert "HOI DONG HUONG UNG HO QUY · đã ghi nhận là ủng hộ của nhà hảo tâm CT-2026-000001" in screen
    assert "Ghi khoản không có mã là ủng hộ của nhà hảo tâm" not in screen
    await chat.choose("Gửi tệp sao kê khác")
    await send_file(chat, month)
    screen = await chat.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    alike = (
        "HOI DONG HUONG UNG HO QUY · có thể là khoản của bản sao kê khác đã ghi nhận là ủng hộ của nhà hảo "
        "tâm CT-2026-000001: không có ngày để phân biệt, chỉ ghi nhận nếu là một khoản chuyển khác"
    )
    assert screen.count(alike) == 1  # the first like it; the second, and the fee, offered plainly
    assert screen.count("HOI DONG HUONG UNG HO QUY") == 2 and "PHI QUAN LY THANG 12" in screen

    # The first week's statement with its days, then the bank's corrected one, the transfer worded otherwise.
    week = write_xlsx(tmp_path / "tuan-1.xlsx", [DATED])
    corrected = write_xlsx(
        tmp_path / "tuan-1-dieu-chinh.xlsx", [replace(DATED, description="MBVCB.91.HOI DONG")]
    )
    async with app.sessionmaker() as session, session.begin():
        (credit,) = await _chosen(session, thu, week)
        assert await _save(session, thu, ids["unit A"], credit) == "CT-2026-000003"
    await chat.choose("Quay lại")
    await chat.choose("Gửi tệp sao kê khác")
    await send_file(chat, corrected)
    screen = await chat.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    assert (
        "03/12/2026 · 2.000.000\xa0₫ · MBVCB.91.HOI DONG · có thể là khoản đã ghi nhận là ủng hộ của nhà "
        "hảo tâm CT-2026-000003, cùng ngày, cùng số tiền, ngân hàng ghi nội dung khác đi: chỉ ghi nhận nếu "
        "là một khoản chuyển khác"
    ) in screen
