"""What a treasurer reading a bank statement without its date column tries against the credit's identity
(decisions 0244, 0262): the same month's statement downloaded again; a week's statement with its days beside
the month's without them, a month's whose printed days do not meet, and the same transfer into two accounts of
the organisation (decision 0298). Each test here failed before the fix it stands for."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from bot.app import App
from bot.db.models import Person
from bot.domain.access import actor_for
from bot.domain.bank_statement import read_statement
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.donors import credit_identities
from bot.domain.reconcile import reconcile
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


COMPANY_WORDS = TWICE.description  # the association's 2.000.000 ₫, every month
STAFF = [(f"NGUYEN VAN A{n} CK UNG HO QUY VNN DOT T12", 200_000 + n * 1_000) for n in range(150)]


def agribank(path: Path, first: date, last: date, company: list[date], *, dated: bool = True) -> Path:
    """As Agribank exports a commune board's account: its number in the cell after “Tài khoản:”, the days
    covered in cells of their own, and (`dated`) a date column; the association's transfers on the days
    `company`, then the hundred and fifty households' of the drive."""
    book = Workbook()
    sheet = book.active
    sheet.append(["NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM"])
    sheet.append(["Tài khoản:", "3300205123456", None, "Tên tài khoản: BAN VAN DONG QUY VI NGUOI NGHEO"])
    sheet.append(["Từ ngày", first, "đến ngày", last])
    sheet.append(
        ["STT", *(["Ngày GD"] if dated else []), "Nội dung giao dịch", "Phát sinh nợ", "Phát sinh có"]
    )
    rows = [(on, COMPANY_WORDS, 2_000_000) for on in company]
    rows += [(first, words, amount) for words, amount in STAFF]
    for n, (on, words, amount) in enumerate(rows, start=1):
        sheet.append([n, *([on] if dated else []), words, None, amount])
    book.save(path)
    return path


async def _offered(app: App, person_id: int, path: Path) -> list[tuple[int, str | None]]:
    """The association's credits the statement offers to record, each with the code of the gift it is said
    to be perhaps ("" where it may be none)."""
    async with app.sessionmaker() as session:
        actor = await actor_for(session, await session.get_one(Person, person_id))
        result = await reconcile(session, actor, read_statement(path))
    return [
        (line.row, result.alike.get(n, ""))
        for n, line in result.unrecorded
        if line.description == COMPANY_WORDS
    ]


async def test_a_credit_with_and_without_its_day_is_set_beside_the_other_within_the_days_printed(
    app: App, tmp_path: Path
) -> None:
    """Thu, treasurer of a commune's board, reads Agribank's weekly statement, then the month's exported
    without its date column (a hundred and fifty households' transfers in each). The association's
    transfer of 03/12, recorded from the week's statement, was offered plainly in the month's: a credit
    without a day was compared only with gifts recorded from credits without one, and recording it counted
    the money twice; so was the next week's dated credit beside a gift recorded from the month's. Now a credit
    without a day and a gift from a dated one (or the other way round) of the same amount and words are said
    to be perhaps the same, where the day is among those the other statement prints it covers. And
    November's statement without days, whose days (“Từ ngày 01/11/2026 đến ngày 30/11/2026”) do not meet
    December's, is not said to be December's gift."""
    ids = await seed(app)
    thu = await add_treasurer_of_a(app, ids)
    week = agribank(tmp_path / "tuan-1.xlsx", date(2026, 12, 1), date(2026, 12, 7), [date(2026, 12, 3)])
    async with app.sessionmaker() as session, session.begin():
        chosen = await _chosen(session, thu, week)
        assert await _save(session, thu, ids["unit A"], chosen[0]) == "CT-2026-000001"
    # Days printed of 1900, or ending before they begin, are no days: said like the gift of any day (0313).
    for n, (first, last) in enumerate(
        [(date(1900, 12, 1), date(1900, 12, 31)), (date(2026, 11, 30), date(2026, 11, 1))]
    ):
        slip = agribank(tmp_path / f"in-sai-{n}.xlsx", first, last, [date(2026, 12, 3)], dated=False)
        assert await _offered(app, thu, slip) == [(5, "CT-2026-000001")]

    month = agribank(
        tmp_path / "thang-12.xlsx",
        date(2026, 12, 1),
        date(2026, 12, 31),
        [date(2026, 12, 3)] * 2,
        dated=False,
    )
    assert await _offered(app, thu, month) == [(5, "CT-2026-000001"), (6, "")]
    async with app.sessionmaker() as session, session.begin():  # the second: the association's of 10/12
        assert await _save(session, thu, ids["unit A"], (await _chosen(session, thu, month))[1]) == (
            "CT-2026-000002"
        )

    second_week = agribank(
        tmp_path / "tuan-2.xlsx", date(2026, 12, 8), date(2026, 12, 14), [date(2026, 12, 10)]
    )
    assert await _offered(app, thu, second_week) == [(5, "CT-2026-000002")]
    november = agribank(
        tmp_path / "thang-11.xlsx", date(2026, 11, 1), date(2026, 11, 30), [date(2026, 11, 5)], dated=False
    )
    assert await _offered(app, thu, november) == [(5, "")]  # November's own, said like no gift of December


def vietinbank(path: Path, account: str, rows: list[Row]) -> Path:
    """As VietinBank exports an account: its number after “Số tài khoản/Account No:”, the days covered,
    headers in both languages."""
    book = Workbook()
    sheet = book.active
    sheet.append(["SAO KÊ TÀI KHOẢN/ACCOUNT STATEMENT"])
    sheet.append([f"Số tài khoản/Account No: {account}", None, "Chủ tài khoản: CONG DOAN TRUONG THCS"])
    sheet.append(["Từ ngày/From: 01/12/2026 Đến ngày/To: 31/12/2026"])
    sheet.append(
        [
            "Ngày giao dịch/Transaction date",
            "Mô tả giao dịch/Transaction description",
            "Nợ/Debit",
            "Có/Credit",
        ]
    )
    for row in rows:
        sheet.append([f"{row.on:%d/%m/%Y} 09:12:44", row.description, row.debit, row.credit])
    book.save(path)
    return path


async def test_the_same_transfer_into_the_funds_account_and_the_unions_is_two_credits(
    app: App, tmp_path: Path
) -> None:
    """A school's Fund account and its trade union's account both received the association's 2.000.000 ₫ of
    10/12, worded alike, among the staff's transfers. Thu recorded it from the Fund's statement; the
    union's statement then said its credit was recorded already and never offered it: that money never
    reached the books. Now a credit is told by the account its statement prints: the union's is offered,
    said like no gift; the Fund's statement exported again as a CSV without its number still knows its
    gift."""
    ids = await seed(app)
    thu = await add_treasurer_of_a(app, ids)
    staff = [Row(date(2026, 12, 10), None, amount, words) for words, amount in STAFF]
    credit = replace(DATED, on=date(2026, 12, 10))
    fund = vietinbank(tmp_path / "quy.xlsx", "106000123456", [credit, *staff])
    union = vietinbank(tmp_path / "cong-doan.xlsx", "1160 0012 3456", [*staff, credit])
    async with app.sessionmaker() as session, session.begin():
        chosen = await _chosen(session, thu, fund)
        assert await _save(session, thu, ids["unit A"], chosen[0]) == "CT-2026-000001"
    assert await _offered(app, thu, fund) == []
    assert await _offered(app, thu, union) == [(155, "")]  # its own credit, like no gift of the Fund's
    async with app.sessionmaker() as session, session.begin():
        chosen = await _chosen(session, thu, union)
        assert await _save(session, thu, ids["unit A"], chosen[-1]) == "CT-2026-000002"
    assert await _offered(app, thu, union) == []

    again = tmp_path / "quy.csv"  # the Fund's, as a CSV that prints no account: its credit recorded once
    again.write_text(
        f"Ngày;Mô tả;Ghi nợ;Ghi có\n10/12/2026;{credit.description};;2.000.000\n", encoding="utf-8"
    )
    assert await _offered(app, thu, again) == []
