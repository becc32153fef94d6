"""What a treasurer reading a bank statement without its date column tries against the credit's identity
(decisions 0244, 0262): the same month's statement downloaded again. Each test here failed before the fix it
stands for."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.app import App
from bot.domain.bank_statement import read_statement
from bot.domain.donors import credit_identities
from tests.test_bank_credit_once import TWICE, _chosen, _save
from tests.test_drives import seed


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
