"""The bank's statement sent as a document on Telegram, on the fake Bot API over real HTTP: downloaded and
kept like an evidence photo, read into its groups for the treasurer, also in the old Excel format (.xls); a
file of another kind, or too large, is not downloaded at all and answered with what to send instead."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.db.models import Contribution, Person
from bot.domain.contributions import NewContribution, record_contribution
from tests import test_telegram
from tests.support.clocks import NOW
from tests.test_reconcile import Row, write_xls, write_xlsx
from tests.test_telegram import Harness, joined, text_of

tg = test_telegram.tg
harness = test_telegram.harness
polling = test_telegram.polling

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_the_treasurer_sends_the_statement_as_a_document_and_gets_its_groups(
    polling: Harness, tmp_path
) -> None:
    h = polling
    async with h.app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert giver is not None
        for amount in (200_000, 500_000):
            entry = NewContribution(kind="money", amount_vnd=amount)
            await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
    mai = h.tg.user(530, "Mai")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/xacnhan")
    screen = await h.choose(mai, "Đối chiếu sao kê ngân hàng")
    assert "gửi sao kê tài khoản Quỹ dưới dạng tệp" in screen

    downloads = len(h.tg.downloads)
    pdf = await mai.send_document(b"%PDF-1.7 sao ke", "sao-ke.pdf", "application/pdf")
    assert "chỉ đọc tệp Excel (.xlsx, .xls) hoặc .csv" in text_of(await h.reply(mai, pdf))
    huge = await mai.send_document(b"PK big", "sao-ke.xlsx", XLSX, file_size=8 * 1024 * 1024)
    assert "lớn hơn 5 MB" in text_of(await h.reply(mai, huge))
    assert len(h.tg.downloads) == downloads  # neither was downloaded

    rows = [
        Row(date(2026, 11, 21), None, 200_000, "MBVCB.555.CT2026000001.PHAM MINH TUAN UNG HO"),
        Row(date(2026, 11, 21), None, 50_000, "CT2026000002"),
        Row(date(2026, 11, 22), None, 300_000, "NGUYEN VAN BA chuyen tien"),
    ]
    content = write_xlsx(tmp_path / "SaoKe_112026.xlsx", rows).read_bytes()
    screen = text_of(await h.reply(mai, await mai.send_document(content, "SaoKe_112026.xlsx", XLSX)))
    assert "Sao kê ngân hàng SaoKe_112026.xlsx. Số khoản tiền vào đã đọc: 3." in screen
    assert "✅ Khớp (đang chờ, đúng số tiền): 1" in screen and "⚠️ Lệch số tiền: 1" in screen
    assert "CT-2026-000001 · Phạm Minh Tuấn" in screen and "ghi nhận 500.000\xa0₫, nhận 50.000\xa0₫" in screen
    assert "22/11/2026 · 300.000\xa0₫ · NGUYEN VAN BA chuyen tien" in screen
    assert "Xác nhận 1 khoản khớp" in mai.last.labels
    kept = list(h.app.settings.media_dir.rglob("*.xlsx"))
    assert [path.read_bytes() for path in kept] == [content]  # kept by its checksum, as evidence is

    assert "Tổng cộng: 200.000\xa0₫." in await h.choose(mai, "Xác nhận 1 khoản khớp")
    assert "Đã xác nhận: CT-2026-000001" in await h.choose(mai, "Có, xác nhận")
    async with h.app.sessionmaker() as session:
        found = {c.ref: c.status for c in await session.scalars(select(Contribution))}
    assert found == {"CT-2026-000001": "confirmed", "CT-2026-000002": "recorded"}
    assert not any(m.document for m in mai.messages())  # the statement never goes back out


async def test_a_statement_in_the_old_excel_format_is_taken_and_read_as_an_xlsx_is(
    polling: Harness, tmp_path
) -> None:
    h = polling
    async with h.app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert giver is not None
        entry = NewContribution(kind="money", amount_vnd=200_000)
        await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
    mai = h.tg.user(531, "Mai")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/xacnhan")
    assert "Excel (.xlsx hoặc .xls) hoặc CSV" in await h.choose(mai, "Đối chiếu sao kê ngân hàng")

    rows = [
        Row(date(2026, 11, 21), None, 200_000, "MBVCB.555.CT2026000001.PHAM MINH TUAN UNG HO"),
        Row(date(2026, 11, 21), 50_000, None, "Rut tien CT2026000999"),  # a debit naming a code: no credit
        Row(date(2026, 11, 22), None, 300_000, "NGUYEN VAN BA chuyen tien"),
    ]
    content = write_xls(tmp_path / "SaoKe_112026.xls", rows).read_bytes()
    sent = await mai.send_document(content, "SaoKe_112026.xls", "application/vnd.ms-excel")
    screen = text_of(await h.reply(mai, sent))
    assert "Sao kê ngân hàng SaoKe_112026.xls. Số khoản tiền vào đã đọc: 2." in screen
    assert "✅ Khớp (đang chờ, đúng số tiền): 1" in screen and "CT-2026-000001 · Phạm Minh Tuấn" in screen
    assert "22/11/2026 · 300.000\xa0₫ · NGUYEN VAN BA chuyen tien" in screen  # the workbook's day, right
    assert [path.read_bytes() for path in h.app.settings.media_dir.rglob("*.xls")] == [content]
    await h.choose(mai, "Xác nhận 1 khoản khớp")
    assert "Đã xác nhận: CT-2026-000001" in await h.choose(mai, "Có, xác nhận")
