"""What a treasurer's bank statement, crafted or only written as some banks write it, did with the day a
transfer under a blank or merged date cell now takes (decision 0235), and what a credit of the statement
recorded as a donor's gift let a treasurer do (0236): a day's subtotal labelled “Tổng”, “Day total” or
“Phát sinh trong ngày” read as one more credit of that day, a transfer of “Tổng công ty …” skipped as a
total, and one credit recorded as two gifts once its figure was changed at its last look. Each test here
failed before the fix it stands for (decision 0243)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.db.models import Contribution, Person
from bot.demo import DemoInvites
from bot.domain.bank_statement import read_statement
from bot.domain.contributions import LedgerError, NewContribution
from bot.domain.donors import record_donor_gift
from bot.messages import BUTTONS
from tests.support.clocks import NOW, MovableClock
from tests.support.joins import units_code
from tests.test_donors import COMPANY, COMPANY_CREDIT
from tests.test_flows import join
from tests.test_reconcile import write_csv
from tests.test_reconcile_chat import STATEMENT, gifts, person, send_file


def test_a_days_subtotal_under_a_blank_date_is_no_credit_and_a_tong_cong_tys_transfer_is_one(
    tmp_path: Path,
) -> None:
    """Under a day's blank date cells, a subtotal labelled “Tổng”, “Tổng ngày 20/11/2026”, “Tổng PS”, “Day
    total” or “Phát sinh trong ngày” took the day above and read as one more credit: the day's money counted
    twice, and offered to be recorded as a donor's gift. And a transfer from “TỔNG CÔNG TY …” was skipped as
    a total, its code never matched, unsaid. Now those labels are totals; a giver's name is not."""
    rows = "".join(
        f";{label};;+{total}\n"
        for label, total in (
            ("Tổng", "250.000"),
            ("TỔNG:", "250.000"),
            ("Tổng ngày 20/11/2026", "250.000"),
            ("Tổng PS trong ngày", "250.000"),
            ("Day total", "250.000"),
            ("Phát sinh trong ngày", "250.000"),
        )
    )
    path = tmp_path / "sao-ke.csv"
    path.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "20/11/2026;CT2026000001 ung ho;;+200.000\n"
        ";CT2026000002 ung ho;;+50.000\n"
        f"{rows}"
        "21/11/2026;TONG CONG TY DIEN LUC UNG HO CT2026000003;;+5.000.000\n"
        ";TỔNG CỤC THUẾ UNG HO;;+1.000.000\n"
        "Tổng;;;6.250.000\n",
        encoding="utf-8",
    )

    statement = read_statement(path)

    assert [(line.on, line.amount, line.codes) for line in statement.lines] == [
        (date(2026, 11, 20), 200_000, ("CT-2026-000001",)),
        (date(2026, 11, 20), 50_000, ("CT-2026-000002",)),
        (date(2026, 11, 21), 5_000_000, ("CT-2026-000003",)),
        (date(2026, 11, 21), 1_000_000, ()),
    ]
    assert statement.undated == ()


async def test_a_credit_of_the_statement_keeps_its_amount_and_is_never_recorded_as_two_gifts(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Mai recorded the 10.000.000 ₫ credit as a donor's gift and typed “500k” at its last look: the gift was
    recorded at 500.000 ₫, the statement read again no longer knew the credit as recorded (its note and
    amount tie it) and offered it again: recorded once more at 10.000.000 ₫, one credit was two gifts,
    10.500.000 ₫. Now the gift is the credit, at the bank's amount, in the chat and in the domain."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await join(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    await send_file(mai, write_csv(tmp_path / "sao-ke.csv", [*STATEMENT, COMPANY_CREDIT]))
    await mai.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    await mai.choose("10.000.000")
    await mai.say(COMPANY)
    await mai.choose("Có, ghi tên")
    await mai.choose("ngoài các đợt vận động")

    screen = await mai.say("500k")

    assert "Số tiền lấy từ sao kê ngân hàng: 10.000.000\xa0₫" in screen
    assert "• Tiền: 10.000.000\xa0₫" in screen and "500.000" not in screen.split("Tiền:")[-1]
    screen = await mai.choose("Có")
    assert f"Đã ghi nhận cho {COMPANY}: 10.000.000\xa0₫." in screen
    assert "đã ghi nhận là ủng hộ của nhà hảo tâm CT-2026-000004" in screen
    screen = await mai.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    assert "MINH PHAT" not in screen  # the credit is recorded: not offered a second time

    async with app.sessionmaker() as session, session.begin():
        donors = select(Contribution).join(Person, Person.id == Contribution.person_id)
        recorded = list(await session.scalars(donors.where(Person.kind == "donor")))
        assert [gift.amount_vnd for gift in recorded] == [10_000_000]
        recorder = await session.get_one(Person, recorded[0].recorded_by)
        donor = await session.get_one(Person, recorded[0].person_id)
        other = NewContribution(
            kind="money", amount_vnd=500_000, note=recorded[0].note, collected_in=recorded[0].unit_id
        )
        with pytest.raises(LedgerError) as refused:
            await record_donor_gift(
                session, donor=donor, recorded_by=recorder, public=True, entry=other, now=NOW,
                credit_vnd=10_000_000,
            )  # fmt: skip
        assert refused.value.reason == "credit_amount"
