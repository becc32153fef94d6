"""What a collector recorded for others (“Các khoản tôi đã ghi thay”, /daghithay; docs/decisions/0093): a
hamlet officer who took three households' cash and a company's sees each entry, the latest first, with where
it stands, and the money still waiting for a treasurer; ten a page; the handover list (bảng kê nộp tiền) read
back with its rows, total and words (on Zalo, where else to get it, as the statement's sheet: test_zalo.py).
Nobody else's recordings are ever listed — another officer's domain call gets none — and a member is refused
kindly."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import AuditLog, Contribution, Evidence, OutboxMessage, Person, RoleAssignment
from bot.domain.access import Operator, actor_for
from bot.domain.collected import (
    CollectedError,
    collected_page,
    collected_totals,
    handover_list,
)
from bot.domain.contributions import NewContribution, decide, record_contribution
from bot.domain.donors import donor_for, record_donor_gift
from bot.domain.leaving import mark_left
from bot.domain.queue import ask_for_receipts
from bot.handover_sheet import HEADER_ROW
from bot.media import store
from bot.messages import TEXT_ONLY, Photo
from tests.support.clocks import MovableClock
from tests.support.people import Person as Scripted
from tests.support.profiles import on_buttons, on_text_only
from tests.test_acting_for import add_household
from tests.test_drives import seed
from tests.test_reconcile import Row, english, run, write_csv
from tests.test_reconcile_chat import send_file

COMPANY = "Công ty TNHH Minh Phát"
HOUSEHOLDS = ("Hộ ông Trần Văn Ba", "Hộ bà Lê Thị Tư", "Hộ ông Đinh Văn Năm")
WAITING = "Tiền đang chờ thủ quỹ xác nhận: 2 khoản, 1.250.000\xa0₫"


async def _record(app: App, clock: MovableClock, giver_id: int, recorder_id: int, amount: int) -> str:
    """`recorder_id` records `amount` đồng for the household `giver_id`, a minute after the last entry."""
    clock.advance(minutes=1)
    async with app.sessionmaker() as session, session.begin():
        giver = await session.get_one(Person, giver_id)
        recorder = await session.get_one(Person, recorder_id)
        entry = NewContribution(kind="money", amount_vnd=amount)
        recorded = await record_contribution(
            session, person=giver, recorded_by=recorder, entry=entry, now=clock()
        )
        return recorded.ref


async def _decide(
    app: App, clock: MovableClock, ref: str, decider_id: int, reason: str | None = None
) -> None:
    async with app.sessionmaker() as session, session.begin():
        entry = (await session.scalars(select(Contribution).where(Contribution.ref == ref))).one()
        actor = await actor_for(session, await session.get_one(Person, decider_id))
        await decide(session, entry, confirmed=reason is None, actor=actor, now=clock(), reason=reason)


async def _a_round_of_the_hamlet(app: App, clock: MovableClock) -> tuple[dict[str, int], list[str]]:
    """Hùng (an officer) records 200.000 ₫, 300.000 ₫ and 250.000 ₫ for three households, then a company's
    1.000.000 ₫ collected in unit A; Mai (the treasurer) confirms the first and rejects the second. The refs,
    oldest first."""
    ids = await seed(app)
    households = [await add_household(app, ids, name) for name in HOUSEHOLDS]
    refs = [
        await _record(app, clock, household, ids["hung"], amount)
        for household, amount in zip(households, (200_000, 300_000, 250_000), strict=True)
    ]
    clock.advance(minutes=1)
    async with app.sessionmaker() as session, session.begin():
        hung = await session.get_one(Person, ids["hung"])
        donor = await donor_for(session, await actor_for(session, hung), COMPANY, now=clock())
        entry = NewContribution(kind="money", amount_vnd=1_000_000, collected_in=ids["unit A"])
        gift = await record_donor_gift(
            session, donor=donor, recorded_by=hung, public=False, entry=entry, now=clock()
        )
        refs.append(gift.ref)
    clock.advance(minutes=1)
    await _decide(app, clock, refs[0], ids["mai"])
    await _decide(app, clock, refs[1], ids["mai"], reason="Chưa nhận được tiền mặt")
    return ids, refs


@on_text_only
async def test_the_figures_on_top_say_they_count_money_when_rice_waits_beside_the_cash(
    app: App, clock: MovableClock, make_person
) -> None:
    """The Front's officer recorded a household's 20.000 ₫ and another's rice and clothes (250.000 ₫): two
    entries read “chờ thủ quỹ xác nhận” under “Đang chờ thủ quỹ xác nhận: 1 khoản, 20.000 ₫”. The figures on
    top are the cash she carries, and say so."""
    ids = await seed(app)
    ba, nam = [await add_household(app, ids, name) for name in (HOUSEHOLDS[0], HOUSEHOLDS[2])]
    await _record(app, clock, ba, ids["hung"], 20_000)
    async with app.sessionmaker() as session, session.begin():
        entry = NewContribution(kind="goods", amount_vnd=250_000, description="10 kg gạo, 2 bộ quần áo")
        giver, hung_ = await session.get_one(Person, nam), await session.get_one(Person, ids["hung"])
        await record_contribution(session, person=giver, recorded_by=hung_, entry=entry, now=clock())
    hung = make_person("hung")
    await hung.say("/menu")

    screen = await hung.choose("Các khoản tôi đã ghi thay")

    assert screen.count("chờ thủ quỹ xác nhận") == 3  # the figure on top and both entries
    assert "Tiền đang chờ thủ quỹ xác nhận: 1 khoản, 20.000\xa0₫" in screen.splitlines()
    assert "Tiền đã xác nhận trong năm 2026: 0 khoản, 0\xa0₫" in screen.splitlines()


async def test_an_officer_sees_the_four_gifts_they_took_newest_first_with_their_states_and_the_cash_waiting(
    app: App, clock: MovableClock, make_person
) -> None:
    _ids, refs = await _a_round_of_the_hamlet(app, clock)
    async with app.sessionmaker() as session, session.begin():  # a household named as its two heads (2837)
        nam = await session.scalar(select(Person).where(Person.full_name == HOUSEHOLDS[2]))
        assert nam is not None
        nam.full_name = f"{HOUSEHOLDS[2]} và bà Nguyễn Thị Phương Thảo"
    hung = make_person("hung")
    await hung.say("/menu")
    screen = await hung.choose("Các khoản tôi đã ghi thay")
    assert "Các khoản anh/chị đã ghi thay:" in screen
    assert WAITING in screen
    assert "Tiền đã xác nhận trong năm 2026: 1 khoản, 200.000\xa0₫" in screen
    assert "Thủ quỹ chưa nhận được: 1 khoản" in screen
    lines = [line for line in screen.splitlines() if line.startswith("• 22/11/2026 · CT-")]
    assert [line.split(" · ")[1] for line in lines] == list(reversed(refs))  # the latest first
    company, waits, rejected, confirmed = lines
    assert f"{COMPANY} (Khoa Nội) · 1.000.000\xa0₫ · chờ thủ quỹ xác nhận" in company
    assert "Hộ ông Đinh Văn Năm và bà… (Khoa Nội) · 250.000\xa0₫ · chờ thủ quỹ xác nhận" in waits, waits
    assert "Hộ bà Lê Thị Tư (Khoa Nội) · 300.000\xa0₫ · thủ quỹ chưa nhận được – Chưa nhận được tiền mặt" in (
        rejected
    )
    assert "Hộ ông Trần Văn Ba (Khoa Nội) · 200.000\xa0₫ · đã xác nhận" in confirmed
    assert "Trang sau" not in screen and "Bảng kê nộp tiền (Excel)" in screen

    # The same list from the first screen of “Ghi nhận thay”, and by its command.
    await hung.say("/ghithay")
    screen = await hung.choose("Các khoản tôi đã ghi thay")
    assert WAITING in screen
    assert WAITING in await hung.say("/daghithay")

    # One recorded by mistake: “ghi nham” typed brings him here, and a code read off the list opens it to be
    # withdrawn (it was “vui lòng chọn một mục”, and “ghi nham” a new gift begun at his menu).
    await hung.say("/menu")
    screen = await hung.say("ghi nham")
    assert WAITING in screen
    assert "Gõ mã của khoản đang chờ (ví dụ CT-2026-000004) để xem hoặc rút lại." in screen
    screen = await hung.say(refs[2])
    assert f"{refs[2]} · " in screen and "Hộ ông Đinh Văn Năm" in screen
    assert "Rút lại khoản này" in [choice.label for choice in hung.menu.choices]


async def test_a_collector_with_twelve_entries_turns_ten_a_page_and_back(
    app: App, clock: MovableClock, make_person
) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    refs = [await _record(app, clock, household, ids["hung"], 10_000 * (n + 1)) for n in range(12)]
    hung = make_person("hung")
    screen = await hung.say("/daghithay")
    assert "Tiền đang chờ thủ quỹ xác nhận: 12 khoản, 780.000\xa0₫" in screen
    assert "12 khoản, mới nhất trước (trang 1/2):" in screen
    shown = [ref for ref in refs if ref in screen]
    assert shown == refs[2:] and "Trang trước" not in screen
    screen = await hung.choose("Trang sau")
    assert "(trang 2/2)" in screen and [ref for ref in refs if ref in screen] == refs[:2]
    assert "Trang sau" not in screen
    screen = await hung.choose("Trang trước")
    assert [ref for ref in refs if ref in screen] == refs[2:]


@on_text_only
async def test_another_officer_never_gets_them_and_a_member_is_refused_kindly_by_the_domain_too(
    app: App, clock: MovableClock, make_person
) -> None:
    ids, refs = await _a_round_of_the_hamlet(app, clock)
    async with app.sessionmaker() as session, session.begin():
        binh = await actor_for(session, await session.get_one(Person, ids["binh"]))  # officer of unit B
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))  # the org-wide treasurer
        lan = await actor_for(session, await session.get_one(Person, ids["lan"]))  # a member
        for other in (binh, mai):
            entries, total = await collected_page(session, other, now=clock())
            assert (entries, total) == ([], 0)
            assert (await collected_totals(session, other, now=clock())).waiting_count == 0
            assert (await handover_list(session, other, now=clock())).rows == []
        for call in (
            collected_page(session, lan, now=clock()),
            collected_totals(session, lan, now=clock()),
            handover_list(session, lan, now=clock()),
        ):
            with pytest.raises(CollectedError, match="not_allowed"):
                await call
    async with app.sessionmaker() as session:
        refused = await session.scalars(select(AuditLog).where(AuditLog.action == "collected.refused"))
        assert [row.actor_id for row in refused] == [ids["lan"]] * 3

    screen = await make_person("binh").say("/daghithay")
    assert "Anh/chị chưa ghi thay khoản đóng góp nào." in screen and not any(ref in screen for ref in refs)
    lan_chat = make_person("lan")
    screen = await lan_chat.say("/daghithay")
    assert "Danh sách này dành cho người ghi nhận đóng góp thay người khác" in screen
    assert "Tiến độ của tôi" in screen and not any(ref in screen for ref in refs)
    await lan_chat.say("/menu")
    assert all("đã ghi thay" not in choice.label for choice in lan_chat.menu.choices)


def _sheet_values(path: Path) -> list[tuple[object, ...]]:
    return [tuple(row) for row in load_workbook(path).active.iter_rows(values_only=True)]


@on_buttons
async def test_the_handover_list_lists_the_cash_waiting_with_its_total_in_figures_and_words_and_signatures(
    app: App, clock: MovableClock, make_person
) -> None:
    ids, refs = await _a_round_of_the_hamlet(app, clock)
    hung = make_person("hung")
    await hung.say("/daghithay")
    screen = await hung.choose("Bảng kê nộp tiền (Excel)")
    assert "Bảng kê nộp tiền: 2 khoản, 1.250.000\xa0₫" in screen
    [handed] = hung.channel.transport.documents("hung")
    assert handed.document is not None and handed.document.name == "bang-ke-nop-tien-2026-11-22.xlsx"
    rows = _sheet_values(app.settings.media_dir / handed.document.path)
    assert rows[1][0] == "BẢNG KÊ NỘP TIỀN ỦNG HỘ QUỸ “VÌ NGƯỜI NGHÈO”"
    assert rows[2][0] == "Người nộp: Lê Văn Hùng (Khoa Nội)" and rows[3][0] == "Ngày lập: 22/11/2026"
    header = ("STT", "Người ủng hộ", "Đơn vị", "Mã tham chiếu", "Ngày ghi", "Số tiền (đồng)")
    assert rows[HEADER_ROW - 1] == header
    listed = rows[HEADER_ROW : HEADER_ROW + 2]  # only what waits: the third household's, the company's
    assert [(row[0], row[1], row[2], row[3], row[5]) for row in listed] == [
        (1, "Hộ ông Đinh Văn Năm", "Khoa Nội", refs[2], 250_000),
        (2, COMPANY, "Khoa Nội", refs[3], 1_000_000),
    ]
    assert listed[0][4].date().isoformat() == "2026-11-22"
    total, words = rows[HEADER_ROW + 2], rows[HEADER_ROW + 3]
    assert (total[1], total[5]) == ("Tổng cộng", 1_250_000)
    assert words[1] == "Bằng chữ: Một triệu hai trăm năm mươi nghìn đồng chẵn"
    texts = [cell for row in rows[HEADER_ROW + 4 :] for cell in row if cell]
    assert texts[:4] == ["Người nộp", "Thủ quỹ", "(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"]
    assert texts[-1] == "Lê Văn Hùng"
    assert not any(ref in str(rows) for ref in refs[:2])  # confirmed or not received: not cash in hand

    # Once the treasurer confirms both, nothing waits: said kindly, and no empty file.
    await _decide(app, clock, refs[2], ids["mai"])
    await _decide(app, clock, refs[3], ids["mai"])
    await hung.say("/daghithay")
    screen = await hung.choose("Bảng kê nộp tiền (Excel)")
    assert "Hiện không có khoản nào anh/chị ghi thay đang chờ thủ quỹ xác nhận" in screen
    assert len(hung.channel.transport.documents("hung")) == 1


@on_buttons
async def test_in_january_the_cash_handed_over_on_new_years_eve_is_counted_in_the_year_just_ended(
    app: App, clock: MovableClock, make_person
) -> None:
    """Hùng handed a household's 500.000 ₫ over at 23:50 on 31/12 (2026's gift), the treasurer confirmed it at
    00:10 on 1/1: his screen then said only “Tiền đã xác nhận trong năm 2027: 0 khoản, 0 ₫”, the money counted
    nowhere he could see. Through March the year just ended's figure is said too (decision 0489)."""
    ids = await seed(app)
    ba = await add_household(app, ids, HOUSEHOLDS[0])
    clock.at = datetime(2026, 12, 31, 16, 49, tzinfo=UTC)
    ref = await _record(app, clock, ba, ids["hung"], 500_000)  # 23:50 on 31/12 in Vietnam
    clock.at = datetime(2026, 12, 31, 17, 10, tzinfo=UTC)
    await _decide(app, clock, ref, ids["mai"])  # 00:10 on 1/1/2027
    hung = make_person("hung")
    await hung.say("/daghithay")
    lines = hung.screen.splitlines()
    assert "Tiền đang chờ thủ quỹ xác nhận: 0 khoản, 0\xa0₫" in lines
    assert "Tiền đã xác nhận trong năm 2027: 0 khoản, 0\xa0₫" in lines
    assert "Tiền đã xác nhận trong năm 2026: 1 khoản, 500.000\xa0₫" in lines
    assert f"• 31/12/2026 · {ref} · Hộ ông Trần Văn Ba (Khoa Nội) · 500.000\xa0₫ · đã xác nhận" in lines


async def test_the_list_and_its_totals_read_the_same_on_sqlite_and_postgresql(any_app: App) -> None:
    clock = any_app.engine.clock
    assert isinstance(clock, MovableClock)
    ids, refs = await _a_round_of_the_hamlet(any_app, clock)
    async with any_app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        entries, total = await collected_page(session, hung, now=clock(), size=3)
        second, _total = await collected_page(session, hung, now=clock(), page=1, size=3)
        totals = await collected_totals(session, hung, now=clock())
        handover = await handover_list(session, hung, now=clock())
    assert total == 4 and [e.ref for e in entries + second] == list(reversed(refs))
    assert [e.state for e in entries + second] == ["recorded", "recorded", "rejected", "confirmed"]
    assert entries[0].donor and entries[1].giver == "Hộ ông Đinh Văn Năm"
    assert (totals.waiting_count, totals.waiting_vnd, totals.confirmed_count, totals.confirmed_vnd) == (
        2,
        1_250_000,
        1,
        200_000,
    )
    assert totals.rejected == 1 and handover.total == 1_250_000
    assert [row.ref for row in handover.rows] == refs[2:]


async def test_the_office_writes_a_collectors_handover_list_at_the_shell_the_same_sheet(
    app: App, clock: MovableClock, db_path: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    ids, refs = await _a_round_of_the_hamlet(app, clock)
    shell = (run, monkeypatch, capsys, db_path, tmp_path, "contributions", "handover")
    path = tmp_path / "bang-ke.xlsx"
    code, out, _err = await asyncio.to_thread(*shell, "--of", "le van hung", "--xlsx", str(path))  # by name
    assert code == 0 and out == (
        f"Đã ghi {path}: số khoản Lê Văn Hùng ghi thay: 2; tổng cộng 1.250.000\xa0₫.\n"
    )  # in the office's language, the amount as the chat writes it (decision 1696)
    rows = _sheet_values(path)
    assert [row[3] for row in rows[HEADER_ROW : HEADER_ROW + 2]] == refs[2:]
    assert rows[HEADER_ROW + 3][1] == "Bằng chữ: Một triệu hai trăm năm mươi nghìn đồng chẵn"
    code, out, _err = await asyncio.to_thread(
        *shell, "--of", str(ids["lan"]), "--xlsx", str(tmp_path / "x.xlsx")
    )
    assert code == 0 and "chưa lập bảng kê" in out and not (tmp_path / "x.xlsx").exists()


async def test_an_officer_whose_role_was_taken_away_keeps_the_list_while_they_hold_its_cash(
    app: App, clock: MovableClock, make_person
) -> None:
    """Hùng was moved to another post the day after his round: his officer role went, the 1.250.000 ₫ he took
    had not reached the treasurer. His list and its handover sheet stay his until it has; then they go."""
    ids, refs = await _a_round_of_the_hamlet(app, clock)
    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            delete(RoleAssignment).where(
                RoleAssignment.person_id == ids["hung"], RoleAssignment.role == "officer"
            )
        )
    hung = make_person("hung")
    screen = await hung.say("/daghithay")
    assert "Tiền đang chờ thủ quỹ xác nhận: 2 khoản, 1.250.000\xa0₫" in screen
    # “ghi nhầm” leads him there too, where one recorded by mistake is withdrawn: it read his own progress,
    # “Chưa có khoản đóng góp nào”, his role gone (decision 0330)
    await hung.say("/menu")
    screen = await hung.say("ghi nham")
    assert (
        "Tiền đang chờ thủ quỹ xác nhận: 2 khoản, 1.250.000\xa0₫" in screen
        and "Ghi nhầm hoặc đổi ý?" in screen
    )
    screen = await hung.choose("Bảng kê nộp tiền (Excel)")
    assert "Bảng kê nộp tiền: 2 khoản, 1.250.000\xa0₫" in screen

    for ref in refs[2:]:  # the treasurer receives it
        await _decide(app, clock, ref, ids["mai"])
    screen = await hung.say("/daghithay")  # nothing held any more, no role: the list is no longer his
    assert "Danh sách này dành cho người ghi nhận đóng góp thay người khác" in screen


async def test_a_households_receipt_is_asked_of_the_officer_who_recorded_it_never_by_another_units_treasurer(
    app: App, clock: MovableClock, make_person
) -> None:
    """Two households with no phone, their cash recorded by Hùng: the treasurer's ask for their receipts goes
    to him in one message naming each household's gift with its own button (he read one message a gift,
    two the same morning), never another recorder's;
    a treasurer of unit B may not ask for unit A's gifts, in the domain too, and nothing is sent for her."""
    ids = await seed(app)
    ba, tu = [await add_household(app, ids, name) for name in HOUSEHOLDS[:2]]
    refs = [
        await _record(app, clock, ba, ids["hung"], 200_000),
        await _record(app, clock, tu, ids["hung"], 300_000),
    ]
    async with app.sessionmaker() as session, session.begin():
        binh = await session.get_one(Person, ids["binh"])
        session.add(
            RoleAssignment(
                person_id=binh.id,
                role="treasurer",
                org_id=binh.org_id,
                unit_id=ids["unit B"],
                granted_at=clock(),
            )
        )
    async with app.sessionmaker() as session, session.begin():
        binh_actor = await actor_for(session, await session.get_one(Person, ids["binh"]))
        waiting = list(await session.scalars(select(Contribution.id).order_by(Contribution.id)))
        outcome = await ask_for_receipts(session, binh_actor, waiting, now=clock(), settings=None)
        assert outcome.asked == [] and outcome.refused == [(ref, "not_allowed") for ref in refs]
    assert await _receipt_asks(app) == []

    mai = make_person("mai")
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    await mai.choose("Chọn cả trang")
    screen = await mai.choose("Xin ảnh biên lai")
    assert (
        f"Đã nhắn xin ảnh biên lai (mỗi người chỉ được nhắc về khoản của mình): {refs[0]}, {refs[1]}."
        in screen
    )

    [asked] = await _receipt_asks(app)  # one message for his two, each gift named with its own button
    assert asked.person_id == ids["hung"]
    text = asked.payload["text"]
    assert "2 khoản (500.000\xa0₫) anh/chị đã ghi thay người khác" in text
    assert f"• Hộ ông Trần Văn Ba · {refs[0]}: 200.000\xa0₫" in text
    assert f"• Hộ bà Lê Thị Tư · {refs[1]}: 300.000\xa0₫" in text
    assert [label for _, label in asked.payload["actions"]] == [f"Gửi ảnh biên lai {ref}" for ref in refs]

    await mai.say("/xacnhan")  # asked again the same day: neither household's gift is asked twice
    await mai.choose("Quỹ")
    await mai.choose("Chọn cả trang")
    screen = await mai.choose("Xin ảnh biên lai")
    assert f"Hôm nay đã xin rồi, không gửi thêm: {refs[0]}, {refs[1]}." in screen
    assert len(await _receipt_asks(app)) == 1


@on_text_only
async def test_an_officer_who_left_is_never_sent_the_households_gifts_he_recorded_to_ask_their_receipts(
    app: App, clock: MovableClock, make_person
) -> None:
    """Hùng recorded two households' cash, then left the organisation (his officer's role taken off). The
    treasurer's ask for their receipts sent him, no longer one of its officers, each household's name and
    amount; now nothing is sent, and she reads why, with whom to check instead."""
    ids = await seed(app)
    ba, tu = [await add_household(app, ids, name) for name in HOUSEHOLDS[:2]]
    refs = [
        await _record(app, clock, ba, ids["hung"], 200_000),
        await _record(app, clock, tu, ids["hung"], 300_000),
    ]
    async with app.sessionmaker() as session, session.begin():
        hung = await session.get_one(Person, ids["hung"])
        await mark_left(session, Operator(hung.org_id), hung, on=clock().date(), now=clock())

    mai = make_person("mai")
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    await mai.choose("Chọn cả trang")
    screen = await mai.choose("Xin ảnh biên lai")
    assert "Không xin: người ghi thay đã nghỉ việc; anh/chị vui lòng đối chiếu với người góp" in screen
    assert f"{refs[0]}, {refs[1]}." in screen
    assert await _receipt_asks(app) == []


async def test_an_officer_who_leaves_the_night_his_receipts_were_asked_is_sent_only_his_own_gift_at_7(
    app: App, clock: MovableClock
) -> None:
    """At 22:00 the treasurer asks Hùng for the receipts of two households' cash he recorded and of his own
    50.000 ₫; the ask waits for 7:00. He leaves the organisation that night. The ask still went at 7:00 with
    both households' names and amounts, to someone no longer an officer; now it names his own gift alone."""
    clock.at = datetime(2026, 11, 23, 15, tzinfo=UTC)  # 22:00 on Monday 23/11/2026, in Vietnam
    ids = await seed(app)
    ba, tu = [await add_household(app, ids, name) for name in HOUSEHOLDS[:2]]
    refs = [
        await _record(app, clock, ba, ids["hung"], 200_000),
        await _record(app, clock, tu, ids["hung"], 300_000),
        await _record(app, clock, ids["hung"], ids["hung"], 50_000),
    ]
    async with app.sessionmaker() as session, session.begin():
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        waiting = list(await session.scalars(select(Contribution.id).order_by(Contribution.id)))
        outcome = await ask_for_receipts(session, mai, waiting, now=clock(), settings=None)
        assert len(outcome.asked) == 3
    [asked] = await _receipt_asks(app)
    assert asked.status == "pending" and "Hộ ông Trần Văn Ba" in asked.payload["text"]

    clock.advance(hours=1)  # 23:00: his leaving recorded
    async with app.sessionmaker() as session, session.begin():
        hung = await session.get_one(Person, ids["hung"])
        await mark_left(session, Operator(hung.org_id), hung, on=clock().date(), now=clock())

    [asked] = [row for row in await _receipt_asks(app) if row.status == "pending"]
    text = asked.payload["text"]
    assert asked.person_id == ids["hung"] and f"{refs[2]}: 50.000\xa0₫" in text
    assert "Hộ ông Trần Văn Ba" not in text and "Hộ bà Lê Thị Tư" not in text and "200.000" not in text
    assert [label for _, label in asked.payload["actions"]] == ["Gửi ảnh biên lai"]


async def _receipt_asks(app: App) -> list[OutboxMessage]:
    async with app.sessionmaker() as session:
        return list(
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.key.like("notice:receipt:%"))
                .order_by(OutboxMessage.id)
            )
        )


async def test_a_transfer_of_the_total_of_two_collectors_lists_names_both_never_only_the_first(
    app: App, clock: MovableClock, db_path: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """Year's end: Hùng (unit A) and Bình (unit B) each took 500.000 ₫ from a household and paid it in. Two
    credits of 500.000 ₫ without a code: each may be either officer's list. Each line named Bình's only (the
    first by name), and the treasurer confirmed her list for Hùng's money; both are named now."""
    ids = await seed(app)
    ba = await add_household(app, ids, HOUSEHOLDS[0])
    tu = await add_household(app, ids, HOUSEHOLDS[1], unit="B")
    await _record(app, clock, ba, ids["hung"], 500_000)
    await _record(app, clock, tu, ids["binh"], 500_000)
    credits = [
        Row(date(2026, 12, 28), None, 500_000, "NOP TIEN UNG HO QUY THON"),
        Row(date(2026, 12, 29), None, 500_000, "NOP TIEN MAT QUY VI NGUOI NGHEO"),
    ]
    statement = str(write_csv(tmp_path / "sao-ke.csv", credits))
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", statement)
    code, out, err = await asyncio.to_thread(*shell, "--as", "Trần Thị Mai")
    assert code == 0, err
    lines = [line for line in out.splitlines() if "500000" in line or "500.000" in line or "handover" in line]
    said = "\n".join(lines)
    assert said.count("Lê Văn Hùng") == 2 and said.count("Đặng Thị Bình") == 2, out

    mai = Scripted(CollectingChannel(app.engine, TEXT_ONLY, can_send_files=True), "mai", clock)
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    screen = await send_file(mai, Path(statement))
    both = (
        "đúng bằng tổng bảng kê của từng người: Đặng Thị Bình (1 khoản đang chờ), Lê Văn Hùng (1 khoản đang "
        "chờ); khoản nộp này của ai, anh/chị xem nội dung chuyển khoản hoặc hỏi người thu"
    )
    assert screen.count(both) == 2, screen


async def test_credits_beyond_a_lists_total_and_a_credit_of_two_lists_together_are_said_never_left_silent(
    app: App, clock: MovableClock, db_path: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """Year's end: Hùng's list is 500.000 ₫, Bình's 300.000 ₫. The statement has two credits of 500.000 ₫
    without a code and one of 800.000 ₫ (both lists paid in at once). Both 500.000 ₫ lines named Hùng's one
    list, though one list is one credit's money; the 800.000 ₫ line said nothing at all. Now each 500.000 ₫
    line says that only one of them can be the list, and the 800.000 ₫ line names the two lists together,
    in the chat and at the shell; nothing is confirmed for her."""
    ids = await seed(app)
    ba = await add_household(app, ids, HOUSEHOLDS[0])
    tu = await add_household(app, ids, HOUSEHOLDS[1], unit="B")
    await _record(app, clock, ba, ids["hung"], 500_000)
    await _record(app, clock, tu, ids["binh"], 300_000)
    credits = [
        Row(date(2026, 12, 28), None, 500_000, "NOP TIEN UNG HO QUY THON"),
        Row(date(2026, 12, 29), None, 500_000, "NOP TIEN MAT QUY VI NGUOI NGHEO"),
        Row(date(2026, 12, 30), None, 800_000, "NOP TIEN 2 THON"),
    ]
    statement = str(write_csv(tmp_path / "sao-ke.csv", credits))
    mai = Scripted(CollectingChannel(app.engine, TEXT_ONLY, can_send_files=True), "mai", clock)
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    screen = await send_file(mai, Path(statement))
    crowded = (
        "sao kê có 2 khoản nộp cùng số tiền này mà chỉ có 1 bảng kê bằng số đó: nhiều nhất 1 khoản là tiền "
        "bảng kê, các khoản còn lại anh/chị đối chiếu thủ công"
    )
    assert screen.count(crowded) == 2, screen
    together = (
        "800.000\xa0₫ · NOP TIEN 2 THON · bằng tổng hai bảng kê của Đặng Thị Bình (1 khoản đang chờ) và "
        "Lê Văn Hùng (1 khoản đang chờ): nếu đây là một lần nộp cho cả hai"
    )
    assert together in screen, screen

    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", statement)
    code, out, err = await asyncio.to_thread(*shell, "--as", "Trần Thị Mai")
    assert code == 0, err
    assert out.count("2 credits of this statement are of this figure, and 1 handover list of it") == 2, out
    both = "Đặng Thị Bình (1 gift waiting) and Lê Văn Hùng (1 gift waiting)"
    assert f"the total of the handover lists of {both}: if this one payment was for both" in out, out
    async with app.sessionmaker() as session:
        assert set(await session.scalars(select(Contribution.status))) == {"recorded"}


async def test_two_namesake_collectors_lists_of_a_transfers_total_are_told_apart_by_their_units(
    app: App, clock: MovableClock, db_path: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """Two officers both called Đặng Thị Bình (Khoa Nội, Khoa Dược), each with a list of 500.000 ₫: a credit
    of 500.000 ₫ without a code named “Đặng Thị Bình (1 khoản đang chờ)” twice, the same words for two people;
    their units tell them apart, as “Theo người thu” does, in the chat and at the shell."""
    ids = await seed(app)
    ba = await add_household(app, ids, HOUSEHOLDS[0])
    tu = await add_household(app, ids, HOUSEHOLDS[1], unit="B")
    await _record(app, clock, ba, ids["hung"], 500_000)
    await _record(app, clock, tu, ids["binh"], 500_000)
    async with app.sessionmaker() as session, session.begin():
        (await session.get_one(Person, ids["hung"])).full_name = "Đặng Thị Bình"
    statement = str(write_csv(tmp_path / "sao-ke.csv", [Row(date(2026, 12, 28), None, 500_000, "NOP TIEN")]))
    shell = (english, monkeypatch, capsys, db_path, tmp_path, "contributions", "reconcile", statement)
    code, out, err = await asyncio.to_thread(*shell, "--as", "Trần Thị Mai")
    assert code == 0, err
    both = "Đặng Thị Bình (Khoa Nội) (1 gift waiting), Đặng Thị Bình (Khoa Dược) (1 gift waiting)"
    assert f"the total of each of the handover lists of {both}: which one paid it in" in out, out

    mai = Scripted(CollectingChannel(app.engine, TEXT_ONLY, can_send_files=True), "mai", clock)
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    screen = await send_file(mai, Path(statement))
    both = "Đặng Thị Bình (Khoa Nội) (1 khoản đang chờ), Đặng Thị Bình (Khoa Dược) (1 khoản đang chờ)"
    assert both in screen, screen


async def test_a_photo_an_officer_sends_at_her_menu_is_asked_first_for_the_households_gift_she_recorded(
    app: App, clock: MovableClock, make_person, settings
) -> None:
    """Hùng took Hộ ông Trần Văn Ba's 200.000 ₫ in cash and recorded it without a photo; an hour later he
    sends the handover's receipt at his main menu, without words. It began a gift of his own (“Anh/chị đóng
    góp cho đợt vận động nào?”). Now he is asked whether it is the receipt of the household's gift he
    recorded, named, and Yes keeps it as that gift's evidence (decision 1278)."""
    ids = await seed(app)
    ba = await add_household(app, ids, HOUSEHOLDS[0])
    ref = await _record(app, clock, ba, ids["hung"], 200_000)
    clock.advance(hours=1)
    hung = make_person("hung")
    await hung.say("/menu")
    receipt = store(settings.media_dir, b"\xff\xd8\xff bien nhan ho ong Ba")

    hung.last = await hung.channel.receive(
        hung.chat_id, photo=Photo(receipt.sha256, receipt.path, receipt.size), at=clock()
    )

    assert "đợt vận động nào" not in hung.screen
    assert f"biên lai của khoản {ref} anh/chị ghi thay cho Hộ ông Trần Văn Ba (200.000\xa0₫" in hung.screen
    screen = await hung.choose("Đúng, gắn vào khoản này")
    assert f"Ảnh đã được lưu làm minh chứng cho khoản {ref}" in screen
    async with app.sessionmaker() as session:
        entries = list(await session.scalars(select(Contribution)))
        assert [entry.ref for entry in entries] == [ref]
        kept = await session.scalars(select(Evidence.path).where(Evidence.contribution_id == entries[0].id))
        assert list(kept) == [receipt.path]
