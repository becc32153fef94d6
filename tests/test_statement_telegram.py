"""The statement's spreadsheet handed to an officer on Telegram, end to end: the turn writes the outbox row,
the sender uploads the file with sendDocument over real HTTP to the fake Bot API, and what arrived opens with
openpyxl and holds the drive's confirmed lines. A member asking the same gets the statement but no file."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from bot.db.models import Drive, Organisation, Person, Unit
from bot.demo import DEMO_ORG
from bot.domain.access import actor_for
from bot.domain.contributions import NewContribution, decide, record_contribution
from tests import test_telegram
from tests.support.clocks import NOW
from tests.support.orgs import person_on
from tests.test_telegram import Harness

tg = test_telegram.tg
harness = test_telegram.harness
polling = test_telegram.polling

OFFICER, MEMBER, TREASURER = 9100, 9101, 9102


async def people_and_a_confirmed_gift(h: Harness) -> None:
    """An officer, a member and a treasurer of the demo school on Telegram; the member's 350,000 đ to the peak
    month drive, confirmed by the treasurer."""
    async with h.app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).where(Organisation.code == DEMO_ORG))
        assert org is not None
        unit = await session.scalar(select(Unit).where(Unit.org_id == org.id, Unit.code == "KCN"))
        assert unit is not None
        made: dict[int, Person] = {}
        for user_id, name, role in (
            (OFFICER, "Lê Thị Cán Bộ", "officer"),
            (MEMBER, "Võ Thị Hoa", "member"),
            (TREASURER, "Trần Thị Mai", "treasurer"),
        ):
            h.tg.user(user_id, name)
            made[user_id] = await person_on(
                session,
                "telegram",
                str(user_id),
                name,
                org_id=org.id,
                unit_id=unit.id,
                roles=[(role, None)],
                now=NOW,
            )
        drive = await session.scalar(
            select(Drive).where(Drive.org_id == org.id, Drive.code == "cao-diem-2026")
        )
        assert drive is not None
        gift = await record_contribution(
            session,
            person=made[MEMBER],
            recorded_by=made[MEMBER],
            entry=NewContribution("money", 350_000, drive_id=drive.id),
            now=NOW,
        )
        await decide(session, gift, confirmed=True, actor=await actor_for(session, made[TREASURER]), now=NOW)


async def test_an_officer_receives_the_statement_as_a_file_that_opens_and_a_member_does_not(
    polling: Harness,
) -> None:
    h = polling
    await people_and_a_confirmed_gift(h)
    officer, member = h.tg.user(OFFICER), h.tg.user(MEMBER)

    await h.ask(officer, "/saoke")
    screen = await h.choose(officer, "cao điểm")
    assert "Đã xác nhận: tiền 350.000\xa0₫" in screen
    [sent] = [m for m in officer.messages() if m.document is not None]  # one file, once
    assert len(h.tg.calls_to("sendDocument")) == 1
    assert sent.document_name == "sao-ke-cao-diem-2026.xlsx"
    assert sent.caption is not None and "bảng tính để in" in sent.caption
    assert sent.document_content is not None
    sheet = load_workbook(io.BytesIO(sent.document_content)).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert "Tháng cao điểm" in str(rows[1][0])
    [line] = [row for row in rows if row[2] == "CT-2026-000001"]
    assert line[3] == "Nhà hảo tâm" and line[7] == 350_000

    await h.ask(member, "/saoke")
    screen = await h.choose(member, "cao điểm")
    assert "Đã xác nhận: tiền 350.000\xa0₫" in screen
    assert all(m.document is None for m in member.messages())
    assert len(h.tg.calls_to("sendDocument")) == 1
