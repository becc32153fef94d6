"""A drive's figures agree with its public statement (decision 0072): the drive's screen, the drives' list
and `chungtay drive list` say money, the value of goods and labour days apart, what a treasurer confirmed
apart from what still waits, from the statement's own sums; the target is compared with the money and goods
confirmed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import App
from bot.db.models import Drive, Person
from bot.domain.access import actor_for
from bot.domain.contributions import NewContribution, decide, record_contribution, reverse
from bot.domain.drives import NewDrive, create_drive, drive_progress, drives_with_progress
from bot.domain.statement import StatementTotals, drive_statement
from bot.i18n import Translator
from bot.public_web import _drive_page
from bot.statement_sheet import write_statement
from handlers.drives import progress_lines
from tests.support.clocks import NOW
from tests.support.profiles import on_text_only
from tests.test_drives import seed


async def _december_drive(app: App, ids: dict[str, int]) -> int:
    """A Fund drive taking money, goods and labour days, with a 10tr target: Lan gives 1tr (confirmed), goods
    worth 500k (confirmed) and 300k that a correction cancels; Tâm gives 2 labour days (waiting) and 200k
    (waiting); 100k is rejected."""
    async with app.sessionmaker() as session, session.begin():
        hung, lan, tam, mai = [await session.get_one(Person, ids[n]) for n in ("hung", "lan", "tam", "mai")]
        officer, treasurer = await actor_for(session, hung), await actor_for(session, mai)
        drive = await create_drive(
            session,
            officer,
            NewDrive("Quỹ tháng 12", date(2026, 11, 1), date(2026, 12, 31), target_vnd=10_000_000),
            now=NOW,
        )

        async def give(person: Person, **entry: object):  # type: ignore[no-untyped-def]
            new = NewContribution(drive_id=drive.id, **entry)  # type: ignore[arg-type]
            return await record_contribution(session, person=person, recorded_by=person, entry=new, now=NOW)

        for entry in (
            await give(lan, kind="money", amount_vnd=1_000_000),
            await give(lan, kind="goods", amount_vnd=500_000, description="10 bao gạo"),
        ):
            await decide(session, entry, confirmed=True, actor=treasurer, now=NOW)
        wrong = await give(lan, kind="money", amount_vnd=300_000)
        await decide(session, wrong, confirmed=True, actor=treasurer, now=NOW)
        await reverse(session, wrong, actor=officer, reason="Ghi nhầm", now=NOW)
        await give(tam, kind="labour", labour_days=2)
        await give(tam, kind="money", amount_vnd=200_000)
        refused = await give(tam, kind="money", amount_vnd=100_000)
        await decide(session, refused, confirmed=False, actor=treasurer, now=NOW, reason="Không thấy")
        return drive.id


async def test_the_drives_screen_says_each_kind_apart_as_its_statement_does(app: App, make_person) -> None:
    ids = await seed(app)
    await _december_drive(app, ids)
    hung = make_person("hung")
    screen = await hung.say("/dotvandong")
    assert "• Quỹ tháng 12 (01/11/2026–31/12/2026)" in screen
    assert "  Đã xác nhận: tiền 1.000.000\xa0₫; hiện vật trị giá 500.000\xa0₫." in screen
    screen = await hung.choose("Quỹ tháng 12")
    lines = screen.split("\n")
    assert "Đã xác nhận: tiền 1.000.000\xa0₫; hiện vật trị giá 500.000\xa0₫." in lines
    # money and goods wait for a treasurer; labour days for the officer in charge too (decisions 0463, 0474)
    assert "Đang chờ xác nhận: tiền 200.000\xa0₫." in lines
    assert "Đang chờ cán bộ công đoàn/vận động hoặc thủ quỹ xác nhận: 2 ngày công." in lines
    assert "Mục tiêu 10.000.000\xa0₫: đã đạt 15% tính theo tiền và hiện vật đã xác nhận." in lines
    # Tâm's gifts all wait: the number of givers is the group message's, Tâm apart (decision 0150)
    gave = "Số người đã ủng hộ: 1 đã được thủ quỹ xác nhận, thêm 1 người có khoản đang chờ xác nhận."
    assert gave in lines

    screen = await hung.choose("Tin nhắn gửi nhóm")
    assert "Số người đã ủng hộ: 1." in screen.split("\n")  # the message for the group chat says the same
    async with app.sessionmaker() as session:
        drive = await session.scalar(select(Drive).where(Drive.title == "Quỹ tháng 12"))
        assert drive is not None
        _title, page = await _drive_page(session, Translator("vi"), drive, "", NOW.date())
    assert f"<p>{gave}</p>" in page  # and so does the public page

    await hung.say("/saoke")  # the statement says the same confirmed figures
    screen = await hung.choose("Quỹ tháng 12")
    assert "Đã xác nhận: tiền 1.000.000\xa0₫; hiện vật trị giá 500.000\xa0₫." in screen


@pytest.mark.parametrize("profile", ["text"], indirect=True)
async def test_a_money_only_drive_shows_only_money(app: App, make_person) -> None:
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await session.get_one(Person, ids["hung"])
        await create_drive(
            session,
            await actor_for(session, hung),
            NewDrive("Tiền Tết", date(2026, 11, 1), date(2026, 12, 31), kinds=("money",)),
            now=NOW,
        )
    screen = await make_person("hung").say("/dotvandong")
    assert "  Đã xác nhận: tiền 0\xa0₫." in screen and "Mục tiêu" not in screen  # no target: no percent


@on_text_only
async def test_a_drive_of_every_kind_given_money_only_says_money_alone_waiting_and_left(
    app: App, make_person, tmp_path: Path
) -> None:
    """A drive taking money, goods and labour days that was given money only: its screen read “Đang chờ thủ
    quỹ xác nhận: tiền 200.000 ₫; hiện vật trị giá 0 ₫.” and “Còn lại: tiền 1.000.000 ₫; hiện vật trị giá 0
    ₫; 0 ngày công.”, and the sheet two rows of 0 under what is left. Each kind is said once it has a figure,
    as the confirmed total says it (decisions 1342, 1420), in either language."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung, lan, tam, mai = [await session.get_one(Person, ids[n]) for n in ("hung", "lan", "tam", "mai")]
        drive = await create_drive(
            session,
            await actor_for(session, hung),
            NewDrive("Quỹ tháng 12", date(2026, 11, 1), date(2026, 12, 31)),
            now=NOW,
        )
        for person, amount in ((lan, 1_000_000), (tam, 200_000)):
            new = NewContribution(drive_id=drive.id, kind="money", amount_vnd=amount)
            entry = await record_contribution(session, person=person, recorded_by=person, entry=new, now=NOW)
            if person is lan:
                await decide(session, entry, confirmed=True, actor=await actor_for(session, mai), now=NOW)
        drive_id = drive.id
    hung_chat = make_person("hung")
    await hung_chat.say("/dotvandong")
    lines = (await hung_chat.choose("Quỹ tháng 12")).split("\n")
    assert "Đang chờ xác nhận: tiền 200.000\xa0₫." in lines
    assert "Còn lại trong quỹ: tiền 1.000.000\xa0₫." in lines
    assert not [line for line in lines if "trị giá 0" in line or "0 ngày công" in line]

    async with app.sessionmaker() as session:
        drive = await session.get_one(Drive, drive_id)
        english = progress_lines(Translator("en"), await drive_progress(session, drive), spending=True)
        statement = await drive_statement(session, drive_id, org_id=drive.org_id)
    assert "Waiting to be confirmed: money ₫200,000." in english
    assert "Left: money ₫1,000,000." in english
    path = tmp_path / "sao-ke.xlsx"
    write_statement(statement, path)
    rows = [tuple(row) for row in load_workbook(path).active.iter_rows(values_only=True)]
    assert [(row[3], row[7], row[8]) for row in rows if str(row[3]).startswith("Còn lại")] == [
        ("Còn lại: tiền", 1_000_000, None)
    ]


async def test_the_drives_figures_are_the_statements_totals_on_sqlite_and_postgresql(any_app: App) -> None:
    ids = await seed(any_app)
    drive_id = await _december_drive(any_app, ids)
    async with any_app.sessionmaker() as session:
        drive = await session.get_one(Drive, drive_id)
        progress = await drive_progress(session, drive)
        listed = {p.drive.id: p for p in await drives_with_progress(session, drive.org_id)}[drive_id]
        statement = await drive_statement(session, drive_id, org_id=drive.org_id)
    assert statement.totals == StatementTotals(money=1_000_000, goods=500_000, labour_days=0)
    assert progress.figures == listed.figures
    assert progress.figures.confirmed == statement.totals
    assert progress.figures.waiting == StatementTotals(money=200_000, goods=0, labour_days=2)
    assert (progress.confirmed_vnd, progress.percent, progress.givers) == (1_500_000, 15, 2)
    line_totals = StatementTotals(  # the statement's lines add up to its totals
        money=sum(line.amount_vnd for line in statement.lines if line.kind == "money"),
        goods=sum(line.amount_vnd for line in statement.lines if line.kind == "goods"),
        labour_days=sum(line.labour_days for line in statement.lines if line.kind == "labour"),
    )
    assert line_totals == statement.totals
