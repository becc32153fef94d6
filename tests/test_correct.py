"""Correcting a confirmed entry's figure in one step (docs/decisions/0070): the reversal and the right entry,
confirmed, written together on SQLite and PostgreSQL, so the giver's totals, the public statement and the
ledger show the right figure once; the giver told once from what to what; the one who confirmed it, a
waiting entry and an entry already corrected refused (and audited); in chat with a typed "50k", and from the
shell as the operator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.db.models import (
    AuditLog,
    ChannelIdentity,
    Contribution,
    Drive,
    Evidence,
    Organisation,
    OutboxMessage,
    Unit,
)
from bot.domain.access import Operator, actor_for
from bot.domain.contributions import (
    LedgerError,
    NewContribution,
    attach_evidence,
    correct,
    decide,
    person_totals,
    record_contribution,
)
from bot.domain.ledger_book import LedgerScope, ledger_book
from bot.domain.statement import drive_statement
from bot.ledger_sheet import write_ledger
from bot.media import store
from bot.messages import Photo
from tests.support.clocks import NOW
from tests.support.joins import joined
from tests.support.profiles import on_buttons, on_text_only
from tests.test_ledger_book import _person
from tests.test_queue import _in_thread, entries, give, notices_to, run

REASON = "Nhập nhầm: đúng là 50.000, đã ghi 500.000"


@dataclass
class Seeded:
    org_id: int
    drive_id: int
    giver: int
    confirmer: int  # the treasurer who confirmed the wrong entry
    officer: int
    wrong: int  # 500.000 ₫ confirmed, with a receipt's photo
    waiting: int  # 200.000 ₫ still waiting for a treasurer
    days: int  # 3 labour days confirmed


async def _seed(session: AsyncSession) -> Seeded:
    org = Organisation(code="BV", name="Bệnh viện Đa khoa", created_at=NOW)
    session.add(org)
    await session.flush()
    unit = Unit(org_id=org.id, code="KN", name="Khoa Nội")
    session.add(unit)
    await session.flush()
    drive = Drive(
        org_id=org.id,
        code="cao-diem",
        title="Tháng cao điểm 2026",
        starts_on=date(2026, 10, 17),
        ends_on=date(2026, 11, 30),
        kinds=["money", "goods", "labour"],
        fund=True,
    )
    session.add(drive)
    confirmer = await _person(session, unit, "Trần Thị Mai", "treasurer")
    officer = await _person(session, unit, "Lê Văn Hùng", "officer")
    giver = await _person(session, unit, "Nguyễn Văn An", public=True)
    session.add(ChannelIdentity(channel="telegram", external_id="an", person_id=giver.id, created_at=NOW))
    await session.flush()
    treasurer = await actor_for(session, confirmer)

    async def gift(entry: NewContribution) -> Contribution:
        return await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)

    wrong = await gift(NewContribution("money", 500_000, drive_id=drive.id))  # CT-2026-000001
    await attach_evidence(
        session, wrong, sha256="b" * 64, path="bb/bien-lai.jpg", size=10, channel="telegram",
        uploaded_by=giver, now=NOW,
    )  # fmt: skip
    await decide(session, wrong, confirmed=True, actor=treasurer, now=NOW)
    waiting = await gift(NewContribution("money", 200_000, drive_id=drive.id))  # CT-2026-000002
    days = await gift(NewContribution("labour", labour_days=3, drive_id=drive.id))  # CT-2026-000003
    await decide(session, days, confirmed=True, actor=treasurer, now=NOW)
    return Seeded(org.id, drive.id, giver.id, confirmer.id, officer.id, wrong.id, waiting.id, days.id)


@pytest.fixture
async def seeded(any_app: App) -> Seeded:
    async with any_app.sessionmaker() as session, session.begin():
        return await _seed(session)


async def _as(session: AsyncSession, person_id: int):  # type: ignore[no-untyped-def]
    from bot.db.models import Person

    return await actor_for(session, await session.get_one(Person, person_id))


async def test_a_correction_shows_the_right_figure_once_in_totals_statement_and_ledger(
    any_app: App, seeded: Seeded, tmp_path: Path
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        wrong = await session.get_one(Contribution, seeded.wrong)
        done = await correct(
            session, wrong, acting=await _as(session, seeded.officer), figure=50_000, reason=REASON, now=NOW
        )
        assert (done.reversal.ref, done.replacement.ref) == ("CT-2026-000004", "CT-2026-000005")

    async with any_app.sessionmaker() as session:
        found = {c.ref: c for c in await session.scalars(select(Contribution))}
        reversal, right = found["CT-2026-000004"], found["CT-2026-000005"]
        assert (reversal.amount_vnd, reversal.reverses_id, reversal.reason) == (
            -500_000,
            seeded.wrong,
            REASON,
        )
        assert (right.amount_vnd, right.status, right.replaces_id) == (50_000, "confirmed", seeded.wrong)
        assert (right.person_id, right.drive_id, right.decided_by) == (
            seeded.giver,
            seeded.drive_id,
            seeded.officer,
        )
        assert found["CT-2026-000001"].amount_vnd == 500_000  # the wrong entry stays, cancelled
        photos = await session.scalars(select(Evidence.path).where(Evidence.contribution_id == right.id))
        assert list(photos) == ["bb/bien-lai.jpg"]  # the receipt backs the right figure

        totals = await person_totals(session, seeded.giver, 2026)
        assert (totals.money_confirmed, totals.money_pending) == (50_000, 200_000)
        statement = await drive_statement(session, seeded.drive_id, org_id=seeded.org_id)
        assert statement.totals.money == 50_000
        book = await ledger_book(
            session, Operator(seeded.org_id), LedgerScope.of_drive(seeded.drive_id), now=NOW
        )
        assert book.summary.by_kind["money"].net == 50_000
        assert [r.replaces for r in book.rows if r.ref == "CT-2026-000005"] == ["CT-2026-000001"]
        write_ledger(book, tmp_path / "so.xlsx", locale="vi")
        cells = [
            c for row in load_workbook(tmp_path / "so.xlsx").active.iter_rows(values_only=True) for c in row
        ]
        assert "Khoản thay thế CT-2026-000001 (đã sửa số)" in cells  # why an officer's name confirmed it
        assert [
            r.ref for r in book.rows if r.status == "confirmed" and not r.corrects and not r.corrected_by
        ] == [
            "CT-2026-000003",
            "CT-2026-000005",
        ]
        notices = list(
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.person_id == seeded.giver, OutboxMessage.key.like("notice:corrected:%")
                )
            )
        )
        assert [n.payload["text"] for n in notices] == [
            "Khoản đóng góp CT-2026-000001 của anh/chị đã được sửa từ 500.000\xa0₫ thành 50.000\xa0₫ "
            f"(lý do: {REASON}). Mã mới: CT-2026-000005"
        ]
        asked_again = await session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.key.like("notice:reversed:%"))
        )
        assert asked_again is None  # not asked to record it again
        audited = await session.scalar(select(AuditLog).where(AuditLog.action == "contribution.correct"))
        assert audited is not None and audited.actor_id == seeded.officer
        assert audited.details["replaces"] == seeded.wrong and audited.details["reason"] == REASON


async def test_labour_days_are_corrected_as_days(any_app: App, seeded: Seeded) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        days = await session.get_one(Contribution, seeded.days)
        done = await correct(
            session,
            days,
            acting=await _as(session, seeded.officer),
            figure=2,
            reason="Ghi thừa 1 ngày",
            now=NOW,
        )
        assert (done.replacement.labour_days, done.replacement.amount_vnd) == (2, 0)
        assert (await person_totals(session, seeded.giver, 2026)).days_confirmed == 2
        text = await session.scalar(
            select(OutboxMessage.payload).where(OutboxMessage.key == f"notice:corrected:{seeded.days}")
        )
        assert "từ 3 ngày công thành 2 ngày công" in text["text"]


async def test_the_confirmer_a_waiting_entry_and_a_second_correction_are_refused_and_audited(
    any_app: App, seeded: Seeded
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        wrong = await session.get_one(Contribution, seeded.wrong)
        waiting = await session.get_one(Contribution, seeded.waiting)
        confirmer, officer = await _as(session, seeded.confirmer), await _as(session, seeded.officer)
        giver = await _as(session, seeded.giver)
        refusals = []
        for entry, acting in ((wrong, confirmer), (wrong, giver), (waiting, officer)):
            with pytest.raises(LedgerError) as refused:
                await correct(session, entry, acting=acting, figure=50_000, reason=REASON, now=NOW)
            refusals.append(refused.value.reason)
        assert refusals == ["own_confirmation", "not_allowed", "waiting"]
        for figure, why in ((500_000, "same_figure"), (0, "amount")):
            with pytest.raises(LedgerError, match=why):
                await correct(session, wrong, acting=officer, figure=figure, reason=REASON, now=NOW)
        with pytest.raises(LedgerError, match="reason"):
            await correct(session, wrong, acting=officer, figure=50_000, reason="  ", now=NOW)
        done = await correct(session, wrong, acting=officer, figure=50_000, reason=REASON, now=NOW)
        with pytest.raises(LedgerError, match="already_reversed"):  # twice: already corrected
            await correct(
                session, wrong, acting=Operator(seeded.org_id), figure=60_000, reason="lại", now=NOW
            )
        with pytest.raises(LedgerError, match="reversal_of_reversal"):
            await correct(session, done.reversal, acting=officer, figure=1, reason="x", now=NOW)
        with pytest.raises(LedgerError, match="not_allowed"):  # the shell of another organisation
            await correct(session, done.replacement, acting=Operator(-1), figure=1, reason="x", now=NOW)
        await session.flush()
        audited = await session.scalars(
            select(AuditLog).where(AuditLog.action == "contribution.correct_refused").order_by(AuditLog.id)
        )
        assert [(a.actor_id, a.details["refusal"]) for a in audited] == [
            (seeded.confirmer, "own_confirmation"),
            (seeded.giver, "not_allowed"),
            (seeded.officer, "waiting"),
            (None, "already_reversed"),
            (seeded.officer, "reversal_of_reversal"),
            (None, "not_allowed"),
        ]
    async with any_app.sessionmaker() as session:
        assert (await person_totals(session, seeded.giver, 2026)).money_confirmed == 50_000


# --- in chat, and from the shell --------------------------------------------------------------------------


async def test_another_treasurer_corrects_500k_to_a_typed_50k_and_the_giver_sees_it_once(
    app, hoa, invites, make_person, settings
) -> None:
    mai, binh = make_person("mai"), make_person("binh")
    stored = store(settings.media_dir, b"\xff\xd8\xff bien lai 50k")
    await give(hoa, "500k", photo=Photo(stored.sha256, stored.path, stored.size))
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await joined(binh, invites.treasurer, "Đặng Văn Bình")
    await mai.say("/tracuu CT-2026-000001")
    await mai.choose("Xác nhận")
    # What she handed over said at her menu, once confirmed: who corrects it, nothing changed (2302)
    screen = await hoa.say("em đưa chị Mai 50k chứ không phải 500k")
    assert "vui lòng chọn một mục" not in screen, screen
    assert (
        "Khoản CT-2026-000001 (500.000\xa0₫) đã được thủ quỹ xác nhận nên không đổi được ở đây. Nếu số tiền "
        "chưa đúng, anh/chị báo thủ quỹ để điều chỉnh."
    ) in screen

    screen = await mai.say("/tracuu CT-2026-000001")  # the one who confirmed it is told who corrects it
    assert "Sửa số tiền" not in screen and "một thủ quỹ khác hoặc cán bộ công đoàn" in screen

    await binh.say("/tracuu CT-2026-000001")
    await binh.choose("Sửa số tiền")
    screen = await binh.say("quay lại")  # one step back: the entry again, not the menu
    assert "CT-2026-000001" in screen and "Sửa số tiền" in screen and "Anh/chị cần làm gì" not in screen
    screen = await binh.choose("Sửa số tiền")
    assert "Số tiền đang ghi là 500.000\xa0₫" in screen
    # Its one way back, typed as it reads: no line on choosing by name under it (decision 2032).
    assert screen.rstrip("]").endswith("Quay lại") and "Số anh/chị gõ là câu trả lời" not in screen
    await binh.say("40k")
    screen = await binh.say("quay lại")  # at the reason: back to the figure, to type it again
    assert "Số tiền đang ghi là 500.000\xa0₫" in screen
    screen = await binh.say("một ít")  # not a figure: asked again, with an example
    assert "Chưa đọc được số tiền" in screen and "500k, 1tr2" in screen
    screen = await binh.say("500k")
    assert "Số mới giống số cũ (500.000\xa0₫)" in screen
    assert "CT-2026-000002" not in await entries(app)
    await binh.say("50k")
    screen = await binh.say("Nhập nhầm 50.000 thành 500.000")
    assert "Anh/chị sửa CT-2026-000001 từ 500.000\xa0₫ thành 50.000\xa0₫?" in screen
    assert "Lý do: Nhập nhầm 50.000 thành 500.000" in screen
    screen = await binh.choose("Có")
    assert "Đã sửa CT-2026-000001" in screen and "CT-2026-000002" in screen and "CT-2026-000003" in screen

    found = await entries(app)
    assert found["CT-2026-000002"].amount_vnd == -500_000
    assert (found["CT-2026-000003"].amount_vnd, found["CT-2026-000003"].status) == (50_000, "confirmed")
    screen = await hoa.say("/tiendo")
    assert "Tổng năm nay: tiền 50.000\xa0₫ đã xác nhận." in screen
    assert "CT-2026-000003 · 22/11/2026 · 50.000\xa0₫ · đã xác nhận" in screen
    told = [text for text in await notices_to(app, "Võ Thị Hoa") if "đã được sửa" in text]
    assert told == [
        "Khoản đóng góp CT-2026-000001 của anh/chị đã được sửa từ 500.000\xa0₫ thành 50.000\xa0₫ "
        "(lý do: Nhập nhầm 50.000 thành 500.000). Mã mới: CT-2026-000003"
    ]
    assert not any("Ghi nhận lại" in text for text in await notices_to(app, "Võ Thị Hoa"))

    screen = await binh.say("/tracuu CT-2026-000003")  # the new entry, with the receipt and its origin
    assert "Khoản thay thế CT-2026-000001 (đã sửa số)" in screen
    assert [r.photo for r in binh.last if r.photo] == [stored.path]
    screen = await binh.say("/tracuu CT-2026-000001")  # corrected once: nothing more to offer on it
    assert "Đã được thay bằng khoản CT-2026-000003" in screen and "Sửa số tiền" not in screen


@on_text_only
async def test_a_gift_of_2026_corrected_in_april_is_booked_in_2027_and_the_last_look_says_so(
    app, clock, hoa, invites, make_person
) -> None:
    """Hoa's 500.000 ₫ of November 2026, confirmed; 2026's figures went up at the end of March. On Monday 5
    April 2027 Bình corrects it to 50.000 ₫: the correction changed 2026's reported figures unsaid (1219)."""
    mai, binh = make_person("mai"), make_person("binh")
    await give(hoa, "500k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await joined(binh, invites.treasurer, "Đặng Văn Bình")
    await mai.say("/tracuu CT-2026-000001")
    await mai.choose("Xác nhận")
    clock.at = datetime(2027, 4, 5, 2, 0, tzinfo=UTC)
    await binh.say("/tracuu CT-2026-000001")
    await binh.choose("Sửa số tiền")
    await binh.say("50k")

    screen = await binh.say("Nhập nhầm 50.000 thành 500.000")

    assert (
        "Số liệu năm 2026 đã chốt và báo cáo hết tháng 3: bút toán điều chỉnh này được tính vào năm 2027, "
        "số liệu năm 2026 giữ nguyên như đã báo cáo."
    ) in screen
    assert "CT-2027-000002" in await binh.choose("Có")
    found = await entries(app)
    assert [found[ref].year for ref in ("CT-2026-000001", "CT-2027-000001", "CT-2027-000002")] == [
        2026, 2027, 2027
    ]  # fmt: skip


@on_buttons
async def test_a_correction_looked_at_on_31_march_and_said_yes_to_on_1_april_is_shown_again_first(
    app, clock, hoa, invites, make_person
) -> None:
    """Bình's last look at correcting Hoa's 500.000 ₫ of 2026 is drawn at 23:58 on 31 March 2027 (16:58 UTC),
    2026 still at work, and says nothing of a year; his “Có” comes at 00:01 on 1 April: the correction was
    booked in 2027 unsaid (1246)."""
    mai, binh = make_person("mai"), make_person("binh")
    await give(hoa, "500k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await joined(binh, invites.treasurer, "Đặng Văn Bình")
    await mai.say("/tracuu CT-2026-000001")
    await mai.choose("Xác nhận")
    clock.at = datetime(2027, 3, 31, 16, 58, tzinfo=UTC)
    await binh.say("/tracuu CT-2026-000001")
    await binh.choose("Sửa số tiền")
    await binh.say("50k")
    assert "đã chốt" not in await binh.say("Nhập nhầm 50.000 thành 500.000")
    clock.at = datetime(2027, 3, 31, 17, 1, tzinfo=UTC)

    screen = await binh.choose("Có")

    assert "Đã sang ngày 01/04/2027: số liệu năm 2026 đã chốt và báo cáo hết tháng 3." in screen
    assert "bút toán điều chỉnh này được tính vào năm 2027" in screen
    assert [entry.year for entry in (await entries(app)).values()] == [2026]  # nothing written yet
    assert "CT-2027-000002" in await binh.choose("Có")


async def test_the_shell_corrects_as_the_operator_and_says_why_it_will_not(
    app, hoa, invites, make_person, db_path, tmp_path, monkeypatch, capsys
) -> None:
    mai = make_person("mai")
    await give(hoa, "1tr")
    await give(hoa, "300k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/tracuu CT-2026-000001")
    await mai.choose("Xác nhận")

    def shell(*argv: str):  # type: ignore[no-untyped-def]
        return _in_thread(run, monkeypatch, capsys, db_path, tmp_path, "ledger", "correct", *argv)

    code, _out, err = await shell("CT-2026-000002", "--amount", "30000", "--reason", "nhầm")
    assert code == 2 and "khoản này còn chờ thủ quỹ" in err
    code, _out, err = await shell("CT-2026-000001", "--amount", "hai tram", "--reason", "nhầm")  # 200 or 200k
    assert code == 2 and "--amount 50000" in err
    # nine bare figures, not whole thousands: refused as the chat refuses them, saying why and how (0418)
    code, _out, err = await shell("CT-2026-000001", "--amount", "123456789", "--reason", "nhầm")
    assert code == 2 and "giống số điện thoại hoặc số tài khoản" in err and "--amount 123.456.789" in err, err
    code, out, _err = await shell("CT-2026-000001", "--amount", "100000", "--reason", "Nhập nhầm 100.000")
    assert (
        code == 0 and "CT-2026-000003" in out and "CT-2026-000004 (100.000\xa0₫) đã xác nhận thay thế" in out
    )
    code, _out, err = await shell("CT-2026-000001", "--amount", "200000", "--reason", "lần hai")
    assert code == 2 and "khoản này đã được hủy bằng bút toán điều chỉnh" in err

    found = await entries(app)
    assert (found["CT-2026-000004"].amount_vnd, found["CT-2026-000004"].decided_by) == (100_000, None)
    screen = await hoa.say("/tiendo")
    assert "tiền 100.000\xa0₫ đã xác nhận, 300.000\xa0₫ đang chờ" in screen
    assert any("thành 100.000\xa0₫" in text for text in await notices_to(app, "Võ Thị Hoa"))
