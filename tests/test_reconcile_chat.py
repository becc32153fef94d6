"""“Đối chiếu sao kê ngân hàng” in the treasurer's queue: the statement sent as a file in the chat, the groups
it falls in, the matches confirmed after a last look with the total (each giver told once), long groups a page
at a time, a statement with one signed amount column, bad files answered kindly, and a messenger that cannot
carry files told where to send it; a gift its giver recorded again after its amount was rejected found by
the transfer's old code."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import AuditLog, Contribution, OutboxMessage, Person, RefCounter, RoleAssignment, Unit
from bot.demo import DemoInvites
from bot.domain.access import actor_for
from bot.domain.contributions import NewContribution, decide, record_contribution
from bot.media import store
from bot.messages import BUTTONS, TEXT_ONLY, Attachment, Capabilities
from tests.support.clocks import NOW, MovableClock
from tests.support.joins import joined, units_code
from tests.support.people import Person as Scripted
from tests.test_notices import notices, press
from tests.test_queue import give
from tests.test_reconcile import Row, write_csv, write_xlsx


def person(app: App, clock: MovableClock, chat: str, caps: Capabilities, *, files: bool = True) -> Scripted:
    return Scripted(CollectingChannel(app.engine, caps, can_send_files=files), chat, clock)


async def gifts(app: App, invites: DemoInvites, clock: MovableClock, caps: Capabilities) -> Scripted:
    """Hoa's 200.000 ₫ (CT-2026-000001, recorded in the chat), Tuấn's 1.000.000 ₫ (CT-2026-000002, his unit
    Phòng Đào tạo is the treasurer's) and Lan's 100.000 ₫ (CT-2026-000003, Khoa Công nghệ: not hers)."""
    hoa = person(app, clock, "hoa", caps)
    await joined(hoa, invites.member)
    await give(hoa, "200k")
    async with app.sessionmaker() as session, session.begin():
        for name, amount in (("Phạm Minh Tuấn", 1_000_000), ("Nguyễn Thị Lan", 100_000)):
            giver = await session.scalar(select(Person).where(Person.full_name == name))
            assert giver is not None
            entry = NewContribution(kind="money", amount_vnd=amount)
            await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
    return hoa


STATEMENT = [
    Row(date(2026, 11, 21), None, 200_000, "MBVCB.1234.CT2026000001.VO THI HOA UNG HO"),
    Row(date(2026, 11, 21), None, 100_000, "ct 2026 2 ung ho quy"),
    Row(date(2026, 11, 21), None, 100_000, "CT-2026-000003"),
    Row(date(2026, 11, 22), None, 300_000, "NGUYEN VAN BA chuyen tien"),
    Row(date(2026, 11, 22), 50_000, None, "Rut tien"),
]


# A unit's name past the forty characters a statement's match line keeps of it.
LONG_UNIT = "Phòng Đào tạo – Hành chính – Kế toán – Công tác học sinh, sinh viên"


async def send_file(p: Scripted, path: Path, name: str | None = None) -> str:
    """The person sends the file at `path` as a document, kept as the Telegram channel keeps one."""
    name = name or path.name
    stored = store(p.channel.engine.settings.media_dir, path.read_bytes(), Path(name).suffix)
    sent = Attachment(name, stored.sha256, stored.path, stored.size)
    p.clock.advance(seconds=1)
    p.last = await p.channel.receive(p.chat_id, attachment=sent, at=p.clock())
    return p.screen


async def statuses(app: App) -> dict[str, str]:
    async with app.sessionmaker() as session:
        return {c.ref: c.status for c in await session.scalars(select(Contribution))}


@pytest.mark.parametrize("caps", [BUTTONS, TEXT_ONLY], ids=["buttons", "text"])
async def test_the_treasurer_sends_the_statement_and_confirms_the_matches_after_a_last_look(
    app, invites, clock, tmp_path, caps
) -> None:
    hoa = await gifts(app, invites, clock, caps)
    mai = person(app, clock, "mai", caps)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    async with app.sessionmaker() as session, session.begin():  # a name past what a summary's line keeps
        tuan = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert tuan is not None
        tuan.full_name = "Tôn Thất Phạm Minh Tuấn Phương Nam"
        unit = await session.get_one(Unit, tuan.unit_id)  # and a unit's name past what it keeps (2808)
        unit.name = "Phòng Đào tạo – Hành chính – Kế toán Tổng hợp"
    await mai.say("/xacnhan")
    screen = await mai.choose("Đối chiếu sao kê ngân hàng")
    assert "gửi sao kê tài khoản Quỹ dưới dạng tệp" in screen and "tối đa 5 MB" in screen

    screen = await mai.say("sao kê đây")
    assert "gửi sao kê dưới dạng tệp (📎 → Tệp)" in screen
    screen = await send_file(mai, write_csv(tmp_path / "sao-ke.csv", STATEMENT))
    assert "Sao kê ngân hàng sao-ke.csv. Số khoản tiền vào đã đọc: 4." in screen
    assert "✅ Khớp (đang chờ, đúng số tiền): 1" in screen and "⚠️ Lệch số tiền: 1" in screen
    assert "☑️ Đã xử lý trước: 0" in screen and "❓ Không có mã tham chiếu: 1" in screen
    assert "➖ Không thuộc phạm vi của anh/chị hoặc không tìm thấy: 1" in screen
    # the name and the unit cut after a whole word (2837, 2808), never “… Kế toán Tổ…”
    assert "CT-2026-000001 · Võ Thị Hoa (Phòng Đào tạo – Hành chính – Kế toán…) · 200.000\xa0₫" in screen
    assert (
        "CT-2026-000002 · Tôn Thất Phạm Minh Tuấn… (Phòng Đào tạo – Hành chính – Kế toán…)" in screen
        and "ghi nhận 1.000.000\xa0₫, nhận 100.000\xa0₫" in screen
    ), screen
    assert "21/11/2026" not in screen.split("Không có mã tham chiếu (1)")[1]
    assert "22/11/2026 · 300.000\xa0₫ · NGUYEN VAN BA chuyen tien" in screen
    assert "Nguyễn Thị Lan" not in screen and "CT-2026-000003" not in screen
    assert all(status == "recorded" for status in (await statuses(app)).values())

    screen = await mai.choose("Xác nhận 1 khoản khớp")
    assert "(1 khoản)" in screen and "CT-2026-000001 · Võ Thị Hoa" in screen and "200.000\xa0₫." in screen
    assert "CT-2026-000002" not in screen
    screen = await mai.choose("Có")
    assert "Đã xác nhận: CT-2026-000001" in screen
    assert "☑️ Đã xử lý trước: 1" in screen and "✅ Khớp (đang chờ, đúng số tiền): 0" in screen
    assert await statuses(app) == {
        "CT-2026-000001": "confirmed",
        "CT-2026-000002": "recorded",
        "CT-2026-000003": "recorded",
    }
    async with app.sessionmaker() as session:
        hoa_id = await session.scalar(select(Person.id).where(Person.full_name == "Võ Thị Hoa"))
        told = list(
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.person_id == hoa_id, OutboxMessage.key.like("notice:decided:%")
                )
            )
        )
        readings = list(await session.scalars(select(AuditLog).where(AuditLog.action == "ledger.reconcile")))
    assert len(told) == 1 and "CT-2026-000001" in told[0].payload["text"]
    assert [(row.details["matches"], row.details["no_code"]) for row in readings] == [(1, 1)]
    assert readings[0].details["sha256"] and "NGUYEN" not in str(readings[0].details)
    assert hoa.channel.transport.documents("hoa") == [] and mai.channel.transport.documents("mai") == []

    screen = await mai.choose("Khoản đã xử lý trước (1)")
    assert "CT-2026-000001 · Võ Thị Hoa" in screen and "đã xác nhận" in screen

    # A week of a school's transfers, 15 credits each naming its gift: said by how many and what they come
    # to, not fifteen codes on a phone's screen; each found again by its code (docs/decisions/2300).
    async with app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Võ Thị Hoa"))
        assert giver is not None
        for n in range(15):
            entry = NewContribution(kind="money", amount_vnd=100_000 * (1 + n % 3))
            await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
    week = [
        Row(date(2026, 12, 15 + n // 4), None, 100_000 * (1 + n % 3), f"CT2026{4 + n:06d} VO THI HOA UNG HO")
        for n in range(15)
    ]
    async with app.sessionmaker() as session, session.begin():  # her unit named as its new list writes it
        unit = await session.get_one(Unit, giver.unit_id)
        unit.name = LONG_UNIT
    await mai.choose("Quay lại")
    await mai.choose("Gửi tệp sao kê khác")
    screen = await send_file(mai, write_csv(tmp_path / "tuan-51.csv", week))
    assert "✅ Khớp (đang chờ, đúng số tiền): 15" in screen
    screen = await mai.choose("Xác nhận 15 khoản khớp")
    assert "Tổng cộng: 3.000.000\xa0₫." in screen
    # what she vouches arrived names its giver and unit whole, as the queue's last look does (decision 2644)
    assert screen.count(f"· Võ Thị Hoa ({LONG_UNIT}) ·") == 15, screen
    screen = await mai.choose("Có")
    assert "Đã xác nhận 15 khoản, tổng cộng 3.000.000\xa0₫. Người ủng hộ đang được báo tin." in screen
    assert "gõ /tracuu và mã của khoản đó, ví dụ: /tracuu CT-2026-000004." in screen
    assert "CT-2026-000018" not in screen and "☑️ Đã xử lý trước: 15" in screen
    assert list((await statuses(app)).values()).count("confirmed") == 16


async def test_a_couples_one_transfer_for_both_gifts_is_one_more_match_each_saying_so(
    app, invites, clock, tmp_path
) -> None:
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    couple = Row(date(2026, 12, 2), None, 1_200_000, "CT2026000001 CT2026000002 VO CHONG UNG HO TET")
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke.xlsx", [couple]))
    assert "✅ Khớp (đang chờ, đúng số tiền): 2" in screen and "⚠️ Lệch số tiền: 0" in screen
    assert "Từ chối khoản lệch" not in screen
    screen = await mai.choose("Xác nhận 2 khoản khớp")
    assert "CT-2026-000001 · Võ Thị Hoa" in screen and "1.200.000\xa0₫." in screen
    assert "200.000\xa0₫ · chung một lần chuyển khoản với CT-2026-000002" in screen
    assert "1.000.000\xa0₫ · chung một lần chuyển khoản với CT-2026-000001" in screen
    assert all(status == "recorded" for status in (await statuses(app)).values())
    await mai.choose("Có")
    assert await statuses(app) == {
        "CT-2026-000001": "confirmed",
        "CT-2026-000002": "confirmed",
        "CT-2026-000003": "recorded",
    }


async def test_a_busy_treasurer_types_xn_at_the_statement_and_ok_het_at_its_last_look(
    app, invites, clock, tmp_path
) -> None:
    """On 28/12 the treasurer types as she chats: “xn” under the statement's groups, “ok het” (“ok, all of
    them”) under its last look. Both were answered “please choose one of the options below”; “xn” now
    takes the matches to their last look and “ok het” confirms them, as “Xác nhận” and “Có” do."""
    await gifts(app, invites, clock, TEXT_ONLY)
    mai = person(app, clock, "mai", TEXT_ONLY)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    screen = await send_file(mai, write_xlsx(tmp_path / "SaoKe_122026.xlsx", STATEMENT))
    assert "✅ Khớp (đang chờ, đúng số tiền): 1" in screen
    screen = await mai.say("xn")
    assert "vui lòng chọn một mục" not in screen
    assert "(1 khoản)" in screen and "Tổng cộng: 200.000\xa0₫." in screen
    screen = await mai.say("ok het")
    assert "Đã xác nhận: CT-2026-000001" in screen
    assert (await statuses(app))["CT-2026-000001"] == "confirmed"


async def test_a_double_transfer_paid_back_is_matched_at_what_stayed_never_at_both_credits(
    app, invites, clock, tmp_path
) -> None:
    """Hoa transferred her 200.000 ₫ twice by mistake and the treasurer paid one back naming its code: the
    credits with her code made 400.000 ₫, and “Xác nhận theo số tiền đã nhận” would have booked 400.000 ₫
    the account no longer holds. The refund now counts against them (docs/decisions/0840); a withdrawal
    of another figure naming a code whose credits are exactly the gift stays skipped (0899)."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [
        Row(date(2026, 11, 21), None, 200_000, "MBVCB.1234.CT2026000001.VO THI HOA UNG HO"),
        Row(date(2026, 11, 21), None, 200_000, "MBVCB.1235.CT2026000001.VO THI HOA UNG HO"),
        Row(date(2026, 11, 23), 200_000, None, "Hoan tra CK trung CT2026000001"),
        Row(date(2026, 11, 23), None, 1_000_000, "CT2026000002 ung ho"),
    ]
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke.xlsx", rows))
    assert "✅ Khớp (đang chờ, đúng số tiền): 2" in screen and "⚠️ Lệch số tiền: 0" in screen
    assert "Xác nhận theo số tiền đã nhận" not in screen
    assert "200.000\xa0₫ · đã trả lại 200.000\xa0₫ (dòng 9)" in screen
    await mai.choose("Xác nhận 2 khoản khớp")
    await mai.choose("Có")
    async with app.sessionmaker() as session:
        confirmed = select(Contribution.amount_vnd).where(Contribution.status == "confirmed")
        assert sorted(await session.scalars(confirmed)) == [200_000, 1_000_000]


async def test_money_out_naming_a_gift_before_its_money_came_is_said_and_keeps_it_from_a_match(
    app, invites, clock, tmp_path
) -> None:
    """December at BIDV (docs/decisions/1111): on 02/12, 200.000 ₫ went out quoting Hoa's code (“Hoan tra
    CT2026000001”), and her 200.000 ₫ came in on 05/12. The debit was dropped unsaid, as a refund before the
    money pays nothing of it back, and Hoa's gift stood “Khớp”, one press of Có away. A refund before the
    money came is a code mistyped in it or another gift's money: it is said beside her gift, nothing is
    taken off, and the gift waits for the treasurer to look."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [
        Row(date(2026, 12, 2), 200_000, None, "Hoan tra CT2026000001"),
        Row(date(2026, 12, 5), None, 200_000, "MBVCB.1234.CT2026000001.VO THI HOA UNG HO"),
    ]
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke-12.xlsx", rows))
    assert "✅ Khớp (đang chờ, đúng số tiền): 0" in screen and "⚠️ Lệch số tiền: 1" in screen
    assert (
        "ghi nhận 200.000\xa0₫, nhận 200.000\xa0₫ · khoản chi nêu mã này trước ngày tiền vào (dòng 7): "
        "có thể ghi nhầm mã, hoặc là tiền của khoản khác"
    ) in screen
    assert "Xác nhận theo số tiền đã nhận" not in screen
    assert (await statuses(app))["CT-2026-000001"] == "recorded"


async def test_a_debit_naming_two_gifts_not_split_exactly_is_never_confirmed_at_what_was_received(
    app, invites, clock, tmp_path
) -> None:
    """Both gifts transferred twice, one refund naming both codes of neither their surpluses nor their whole:
    the debit was skipped, and “Xác nhận theo số tiền đã nhận” offered 400.000 ₫ and 2.000.000 ₫ with
    1.000.000 ₫ of them gone. Whose part went back is not guessed (docs/decisions/0899)."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    hoa = Row(date(2026, 12, 1), None, 200_000, "MBVCB.123456.ung ho CT2026000001")
    tuan = Row(date(2026, 12, 1), None, 1_000_000, "CT2026000002 ung ho quy")
    back = Row(date(2026, 12, 3), 1_000_000, None, "Hoan tra CK trung CT2026000001 CT2026000002")
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke.xlsx", [hoa, hoa, tuan, tuan, back]))
    assert "✅ Khớp (đang chờ, đúng số tiền): 0" in screen and "⚠️ Lệch số tiền: 2" in screen
    assert "Xác nhận theo số tiền đã nhận" not in screen
    assert screen.count("khoản chi nêu cả mã khác (dòng 11)") == 2


async def test_part_of_a_gift_handed_back_keeps_it_from_a_match_and_the_giver_reads_no_false_figure(
    app, invites, clock, tmp_path
) -> None:
    """Hoa's 200.000 ₫ came in exactly and 50.000 ₫ of it went back (“Hoan tra 1 phan CT2026000001”): she
    was “Khớp”, to confirm at 200.000 ₫ the Fund no longer held. Now her gift waits, the line names the
    debit's row, nothing is offered at what was received, and the reason suggested for her quotes no
    figure the account kept (docs/decisions/0915)."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    hoa = Row(date(2026, 12, 1), None, 200_000, "MBVCB.123456.ung ho CT2026000001")
    part = Row(date(2026, 12, 3), 50_000, None, "Hoan tra 1 phan CT2026000001 theo de nghi")
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke.xlsx", [hoa, part]))
    assert "✅ Khớp (đang chờ, đúng số tiền): 0" in screen and "⚠️ Lệch số tiền: 1" in screen
    assert "Xác nhận theo số tiền đã nhận" not in screen
    assert "khoản chi nêu mã này (dòng 8)" in screen
    await mai.choose("Từ chối khoản lệch số tiền (1)")
    screen = await mai.choose("CT-2026-000001")
    suggested = (
        "Có khoản chi nêu mã CT-2026-000001 đã ra khỏi tài khoản của Quỹ, nên chưa thể xác nhận "
        "200.000\xa0₫. Anh/chị vui lòng ghi lại số tiền đã ủng hộ còn ở lại Quỹ, nếu có."
    )
    assert suggested in screen and "nhận được 200.000\xa0₫ với mã" not in screen
    await mai.choose("Dùng lý do gợi ý")
    assert (await statuses(app))["CT-2026-000001"] == "rejected"


async def test_a_refund_naming_no_code_is_shown_beside_the_matches_before_the_treasurer_confirms(
    app, invites, clock, tmp_path
) -> None:
    """Hoa's 200.000 ₫ came in with its code and went back on 03/12 with the bank's words only (“Hoan tien ung
    ho NGUYEN THI HOA”): the debit was dropped unsaid, and Hoa stood “Khớp” with nothing on the screen telling
    that money had gone back. Whose gift it was the words cannot prove; the rows are named before the Có
    (docs/decisions/1023). A fee or a support paid out is no refund, and is not named."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    hoa = Row(date(2026, 12, 1), None, 200_000, "MBVCB.123456.ung ho CT2026000001")
    back = Row(date(2026, 12, 3), 200_000, None, "Hoan tien ung ho NGUYEN THI HOA")
    fee = Row(date(2026, 12, 3), 11_000, None, "Phi dich vu SMS Banking")
    aid = Row(date(2026, 12, 4), 2_000_000, None, "Chi ho tro ho ngheo thon 5")
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke.xlsx", [hoa, back, fee, aid]))
    assert "✅ Khớp (đang chờ, đúng số tiền): 1" in screen
    assert (
        "↩️ Tiền chuyển ra để trả lại, không nêu mã: 1 (dòng 8 của tệp). Ngân hàng không ghi mã nên không "
        "biết đã trả lại khoản ủng hộ nào: anh/chị vui lòng xem trong tệp trước khi xác nhận, và không xác "
        "nhận khoản ủng hộ đã được trả lại tiền."
    ) in screen
    assert "dòng 9" not in screen and "dòng 10" not in screen


async def test_decembers_300_rows_say_a_repeated_transfer_and_a_code_typed_with_a_letter_never_matching_them(
    app, invites, clock, tmp_path
) -> None:
    """December's statement on the treasurer's phone, 300 rows. Hoa's 200.000 ₫ came in twice on 05/12 with
    her code: the line read “ghi nhận 200.000 ₫, nhận 400.000 ₫” alone and “Xác nhận theo số tiền đã nhận”
    would have booked 400.000 ₫, most likely a transfer repeated (docs/decisions/1024). Tuấn's 1.000.000 ₫
    came in as “ung ho CT2026-0O02” (the letter O for a zero): a credit without a code on the last of 30
    pages, offered to record as a donor's gift while his gift waited; the summary now names its row and the
    code it may be, matching nothing (1025). A code of no gift (“CT2026-0O99”) is not named."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [
        Row(date(2026, 12, 1 + n % 28), None, 100_000 + 1_000 * n, f"NGUYEN VAN {n} chuyen tien")
        for n in range(294)
    ]
    rows += [
        Row(date(2026, 12, 5), None, 200_000, "MBVCB.1234.CT2026000001.VO THI HOA UNG HO"),
        Row(date(2026, 12, 5), None, 200_000, "MBVCB.1235.CT2026000001.VO THI HOA UNG HO"),
        Row(date(2026, 12, 6), None, 1_000_000, "ung ho CT2026-0O02 PHAM MINH TUAN"),
        Row(date(2026, 12, 6), None, 50_000, "ung ho CT2026-0O99"),
    ]
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke-12.xlsx", rows))
    assert (
        "CT-2026-000001 · Võ Thị Hoa (Phòng Đào tạo – Hành chính – Kế toán) · ghi nhận 200.000\xa0₫, nhận "
        "400.000\xa0₫ · chuyển 2 lần đúng số đã ghi nhận (dòng 301, 302): có thể chuyển trùng"
    ) in screen
    assert "Xác nhận theo số tiền đã nhận" not in screen
    assert (
        "🔎 Nội dung giống mã nhưng có chữ cái thay cho chữ số: 1 (dòng 303: CT-2026-000002). Không khoản "
        "nào được khớp theo phỏng đoán: anh/chị vui lòng tra mã (/tracuu) và đối chiếu thủ công."
    ) in screen
    assert "✅ Khớp (đang chờ, đúng số tiền): 0" in screen and "CT-2026-000099" not in screen
    assert (await statuses(app))["CT-2026-000002"] == "recorded"


async def test_a_codes_near_form_without_its_number_or_with_z_for_its_2_is_hinted_in_the_chat(
    app, invites, clock, tmp_path
) -> None:
    """December's statement on the treasurer's phone (docs/decisions/1222): 1.000.000 ₫ came in as “ung ho
    ct2o26 1tr” (O for the year's zero, the number forgotten) and Tuấn's as “IBFT CTZ026000002” (Z for the
    year's 2). Both were listed without a code and no hint: the one names no code it may be, only that a
    code seems mistyped; the other the code it may be. Neither is matched."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [
        Row(date(2026, 12, 6), None, 1_000_000, "ung ho ct2o26 1tr"),
        Row(date(2026, 12, 6), None, 1_000_000, "IBFT CTZ026000002"),
    ]
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke-12.xlsx", rows))
    assert (
        "🔎 Nội dung giống mã nhưng có chữ cái thay cho chữ số: 2 (dòng 7: mã chưa rõ; dòng 8: "
        "CT-2026-000002). Không khoản nào được khớp theo phỏng đoán"
    ) in screen
    assert "✅ Khớp (đang chờ, đúng số tiền): 0" in screen
    assert (await statuses(app))["CT-2026-000002"] == "recorded"


async def test_a_padded_code_glued_to_los_name_names_no_gift_of_another_unit_for_a_units_treasurer(
    app, invites, clock, tmp_path
) -> None:
    """December's statement on the phone of Phòng Đào tạo's treasurer (docs/decisions/1262): 300.000 ₫ came in
    as “CT2026-0001OLO VAN A”, gift 000010 with O for its last 0 and Lò's name glued after it. It was
    hinted “CT-2026-001010” as if sure, a gift of her unit read from the “LO” of the name. It may be 000101
    or 000010, and 000101 is Khoa Công nghệ's, not hers to look up: the row says only that a code is not
    clear."""
    await gifts(app, invites, clock, BUTTONS)
    async with app.sessionmaker() as session, session.begin():
        counter = await session.get_one(RefCounter, ("CT", 2026))
        for last, name in ((9, "Phạm Minh Tuấn"), (100, "Nguyễn Thị Lan"), (1009, "Phạm Minh Tuấn")):
            counter.last = last  # gifts 000010 (Tuấn's), 000101 (Lan's, Khoa Công nghệ) and 001010 (Tuấn's)
            giver = await session.scalar(select(Person).where(Person.full_name == name))
            assert giver is not None
            entry = NewContribution(kind="money", amount_vnd=300_000)
            await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [Row(date(2026, 12, 6), None, 300_000, "CT2026-0001OLO VAN A")]
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke-12.xlsx", rows))
    assert "🔎 Nội dung giống mã nhưng có chữ cái thay cho chữ số: 1 (dòng 7: mã chưa rõ)." in screen
    assert "CT-2026-001010" not in screen and "CT-2026-000101" not in screen
    assert "✅ Khớp (đang chờ, đúng số tiền): 0" in screen


async def test_a_gift_number_like_a_year_is_named_as_a_candidate_and_never_ready_to_confirm(
    app, invites, clock, tmp_path
) -> None:
    """December's statement on the phone of Phòng Đào tạo's treasurer (docs/decisions/1274): Tuấn's 200.000 ₫
    gift is CT-2026-002045 and Lan's (Khoa Công nghệ) CT-2026-002030. “CT-2045 ung ho” stood under “✅
    Khớp”, one tap from confirming Tuấn's gift with money whose “2045” may be a voucher's number or a year,
    and “ung ho CT 2026-2030”, the movement's period, was read as Lan's code. Tuấn's is named as the gift
    it may be, for her to look up; Lan's, not hers to look up, only as a code not clear; the period as
    nothing."""
    await gifts(app, invites, clock, BUTTONS)
    async with app.sessionmaker() as session, session.begin():
        counter = await session.get_one(RefCounter, ("CT", 2026))
        for last, name in ((2029, "Nguyễn Thị Lan"), (2044, "Phạm Minh Tuấn")):
            counter.last = last
            giver = await session.scalar(select(Person).where(Person.full_name == name))
            assert giver is not None
            entry = NewContribution(kind="money", amount_vnd=200_000)
            await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    words = ("CT-2045 ung ho", "CT 2030 ung ho", "ung ho CT 2026-2030")
    rows = [Row(date(2026, 12, 6), None, 200_000, text) for text in words]
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke-12.xlsx", rows))
    # under a heading that says what to do, not “chữ cái thay cho chữ số”: it has no letter (1373)
    assert (
        "🔎 Cần tra mã trước khi đối chiếu thủ công, số giống số khoản đóng góp nhưng thiếu năm: 2 "
        "(dòng 7: có thể là CT-2026-002045; dòng 8: mã chưa rõ). Số này cũng có thể là năm hoặc số chứng từ"
    ) in screen
    assert "chữ cái thay cho chữ số" not in screen
    assert "✅ Khớp (đang chờ, đúng số tiền): 0" in screen
    assert "CT-2026-002030" not in screen
    assert (await statuses(app))["CT-2026-002045"] == "recorded"


async def test_a_repeated_transfer_is_still_said_once_the_gift_is_confirmed_and_the_file_sent_again(
    app, invites, clock, tmp_path
) -> None:
    """Hoa's 200.000 ₫ credited twice with her code on 05/12: the statement says it may be a transfer
    repeated, and the treasurer confirms the gift at its figure from the look-up, as decision 1024 has it.
    Sent again the next morning, the same file listed Hoa's line under “Đã xử lý trước” as “đã xác nhận”
    alone: the second 200.000 ₫, most likely owed back to Hoa, was no longer said anywhere (decision 1048)."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    hoa = Row(date(2026, 12, 5), None, 200_000, "MBVCB.1234.CT2026000001.VO THI HOA UNG HO")
    path = write_xlsx(tmp_path / "sao-ke-12.xlsx", [hoa, replace(hoa, description="MBVCB.1235.CT2026000001")])
    screen = await send_file(mai, path)
    said = "chuyển 2 lần đúng số đã ghi nhận (dòng 7, 8): có thể chuyển trùng"
    assert said in screen
    async with app.sessionmaker() as session, session.begin():
        treasurer = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        entry = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        assert treasurer is not None and entry is not None
        await decide(session, entry, confirmed=True, actor=await actor_for(session, treasurer), now=NOW)
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    screen = await send_file(mai, path)
    assert "☑️ Đã xử lý trước: 1" in screen
    screen = await mai.choose("Khoản đã xử lý trước (1)")
    assert (
        "CT-2026-000001 · Võ Thị Hoa (Phòng Đào tạo – Hành chính – Kế toán) · 200.000\xa0₫ · đã xác nhận · "
        + said
    ) in screen


@pytest.mark.parametrize("caps", [BUTTONS, TEXT_ONLY], ids=["buttons", "text"])
async def test_a_repeated_transfer_rejected_tells_the_giver_the_money_came_twice_never_to_record_both(
    app, invites, clock, tmp_path, caps
) -> None:
    """Hoa's 200.000 ₫ credited twice with her code: rejected, the reason suggested for her read “Tài khoản
    Quỹ nhận được 400.000 ₫ với mã …, không phải 200.000 ₫. Anh/chị vui lòng ghi nhận lại đúng số tiền đã
    chuyển…”, asking her to record 400.000 ₫ where she most likely paid twice by mistake. It now says the
    money came twice and both ways on: record the whole if she meant it, or ask for the extra back
    (docs/decisions/1098)."""
    await gifts(app, invites, clock, caps)
    mai = person(app, clock, "mai", caps)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    hoa = Row(date(2026, 12, 5), None, 200_000, "MBVCB.1234.CT2026000001.VO THI HOA UNG HO")
    path = write_xlsx(tmp_path / "sao-ke-12.xlsx", [hoa, replace(hoa, description="MBVCB.1235.CT2026000001")])
    await send_file(mai, path)
    await mai.choose("Từ chối khoản lệch số tiền (1)")
    screen = await mai.choose("CT-2026-000001")
    suggested = (
        "Tài khoản Quỹ nhận được 200.000\xa0₫ với mã CT-2026-000001 2 lần (dòng 7, 8), tổng 400.000\xa0₫: có "
        "thể anh/chị đã chuyển trùng. Nếu anh/chị muốn ủng hộ cả 400.000\xa0₫, vui lòng ghi nhận lại "
        "400.000\xa0₫, chọn đợt vận động như lần trước: các khoản chuyển này sẽ được khớp với khoản ghi lại. "
        "Nếu chuyển nhầm, anh/chị vui lòng ghi nhận lại 200.000\xa0₫ và báo thủ quỹ để được trả lại "
        "200.000\xa0₫."
    )
    assert suggested in screen and "không phải 200.000\xa0₫" not in screen
    await mai.choose("Dùng lý do gợi ý")
    assert (await statuses(app))["CT-2026-000001"] == "rejected"
    async with app.sessionmaker() as session:
        hoa_id = await session.scalar(select(Person.id).where(Person.full_name == "Võ Thị Hoa"))
        told = await session.scalar(
            select(OutboxMessage.payload).where(
                OutboxMessage.person_id == hoa_id, OutboxMessage.key.like("notice:decided:%")
            )
        )
    assert told is not None and suggested in told["text"]


async def test_the_statements_warnings_read_as_plain_english_to_a_treasurer_who_reads_english(
    app, invites, clock, tmp_path
) -> None:
    """The same warnings in English: “transferred 2 times the amount recorded” read as twice the money,
    “Words like a code with a letter for a figure” and “Money out as a refund” as no one writes them. Each now
    says what happened in the words a treasurer would use."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("English")
    await mai.say("/queue")
    await mai.choose("Reconcile the bank statement")
    hoa = Row(date(2026, 12, 5), None, 200_000, "MBVCB.1234.CT2026000001.VO THI HOA UNG HO")
    rows = [
        hoa,
        replace(hoa, description="MBVCB.1235.CT2026000001"),
        Row(date(2026, 12, 6), None, 1_000_000, "ung ho CT2026-0O02 PHAM MINH TUAN"),
        Row(date(2026, 12, 7), 50_000, None, "Hoan tien ung ho NGUYEN THI HOA"),
    ]
    screen = await send_file(mai, write_xlsx(tmp_path / "statement-12.xlsx", rows))
    assert "the amount recorded came in 2 times (rows 7, 8): perhaps a transfer repeated" in screen
    assert (
        "🔎 A code typed with a letter for a digit: 1 (row 9: CT-2026-000002). Nothing is matched on a "
        "guess: please look the code up (/lookup) and match it by hand."
    ) in screen
    assert "↩️ Money paid back, naming no code: 1 (rows 10 of the file)." in screen


async def test_money_sent_back_naming_a_gift_no_credit_of_the_file_names_is_named_to_whoever_may_see_it(
    app, invites, clock, tmp_path
) -> None:
    """Hoa's 200.000 ₫ was confirmed from November's statement; December's holds Tuấn's gift and, on 03/12,
    Hoa's money sent back at her request naming her code (“Hoan tra CT2026000001 theo de nghi”), as it
    would a donor's gift recorded from a credit without a code. With no credit of its code in the file the
    debit was read against nothing: the summary said nothing of it, where a refund naming no code at all is
    named (decisions 1023, 1049). It is named now, with the code, to a treasurer who may look the gift up;
    Lan's of another unit sent back the same way is not named to her."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    async with app.sessionmaker() as session, session.begin():
        treasurer = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        entry = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        assert treasurer is not None and entry is not None
        await decide(session, entry, confirmed=True, actor=await actor_for(session, treasurer), now=NOW)
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [
        Row(date(2026, 12, 2), None, 1_000_000, "ung ho CT2026000002 PHAM MINH TUAN"),
        Row(date(2026, 12, 3), 200_000, None, "Hoan tra CT2026000001 theo de nghi"),
        Row(date(2026, 12, 3), 100_000, None, "Hoan tra CT2026000003 theo de nghi"),
    ]
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke-12.xlsx", rows))
    assert "✅ Khớp (đang chờ, đúng số tiền): 1" in screen
    assert (
        "↩️ Tiền chuyển ra nêu mã một khoản ủng hộ không có tiền vào trong tệp này: 1 (dòng 8: "
        "CT-2026-000001). Có thể tiền đã được trả lại: anh/chị vui lòng tra mã (/tracuu), "
        "không xác nhận khoản đã được trả lại tiền, và điều chỉnh nếu đã xác nhận."
    ) in screen
    assert "CT-2026-000003" not in screen and "dòng 9" not in screen


async def test_bad_files_are_answered_kindly_and_the_question_stays(app, invites, clock, tmp_path) -> None:
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")

    unsigned = tmp_path / "khong-dau.csv"  # one amount column, and nothing says which is money in
    unsigned.write_text("Ngày;Nội dung;Số tiền\n21/11/2026;CT2026000001 ung ho;200.000\n", encoding="utf-8")
    screen = await send_file(mai, unsigned)
    assert "chỉ có một cột số tiền" in screen
    assert "(+500.000 và -120.000, hoặc (120.000) cho tiền ra)" in screen
    assert "(“Nợ/Có”, “Loại”, “C/D”, … ghi C hoặc D, Có hoặc Nợ)" in screen
    assert "có cột tiền vào (“Số tiền ghi có”, “Ghi có”, “Có”, “Credit”, …)" in screen
    assert "gửi sao kê tài khoản Quỹ dưới dạng tệp" in screen  # asked again
    big = Attachment("sao-ke.xlsx", None, None, 9_000_000, refused="too_large")
    mai.clock.advance(seconds=1)
    mai.last = await mai.channel.receive(mai.chat_id, attachment=big, at=mai.clock())
    assert "lớn hơn 5 MB" in mai.screen
    staff = tmp_path / "danh-sach.csv"
    staff.write_text("Họ và tên;Đơn vị\nAn;Phòng A\n", encoding="utf-8")
    screen = await send_file(mai, staff)
    assert "Không tìm thấy dòng tiêu đề trong 30 dòng đầu" in screen
    assert (
        "“Nội dung”, “Mô tả”, “Diễn giải”" in screen
        and "“Số tiền ghi có”, “Ghi có”, “Có”, “Credit”" in screen
    )
    assert "một cột số tiền (“Số tiền”, “Amount”, “Số tiền giao dịch”, …) có dấu" in screen
    assert "gửi sao kê tài khoản Quỹ dưới dạng tệp" in screen  # asked again
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke.xlsx", STATEMENT))
    assert "✅ Khớp (đang chờ, đúng số tiền): 1" in screen
    assert all(status == "recorded" for status in (await statuses(app)).values())


async def test_a_statement_with_one_signed_amount_column_and_a_side_column_is_read_in_the_chat(
    app, invites, clock, tmp_path
) -> None:
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    statement = tmp_path / "sao-ke.csv"
    statement.write_text(
        "Ngày giao dịch,Nội dung giao dịch,Số tiền,Nợ/Có\n"
        '21/11/2026,MBVCB.1234.CT2026000001.VO THI HOA UNG HO,"200,000",C\n'
        '21/11/2026,ct 2026 2 ung ho quy,"100,000",Có\n'
        '21/11/2026,Rut tien CT2026000999,"50,000",Nợ\n'  # a debit naming a code: never a credit
        '22/11/2026,NGUYEN VAN BA chuyen tien,"300,000",CR\n'
        '22/11/2026,CT2026000002 chuyen them,"900,000",\n',  # no side: would make Tuấn's 1.000.000 ₫
        encoding="utf-8",
    )
    screen = await send_file(mai, statement)
    assert "Số khoản tiền vào đã đọc: 3." in screen
    assert "✅ Khớp (đang chờ, đúng số tiền): 1" in screen and "CT-2026-000001 · Võ Thị Hoa" in screen
    assert "⚠️ Lệch số tiền: 1" in screen and "ghi nhận 1.000.000\xa0₫, nhận 100.000\xa0₫" in screen
    assert "❔ Chưa đọc, không rõ tiền vào hay ra: 1 (dòng 6 của tệp)" in screen
    assert "22/11/2026 · 300.000\xa0₫ · NGUYEN VAN BA chuyen tien" in screen
    assert all(status == "recorded" for status in (await statuses(app)).values())


async def test_a_long_group_is_listed_a_page_at_a_time(app, invites, clock, tmp_path) -> None:
    await gifts(app, invites, clock, TEXT_ONLY)
    mai = person(app, clock, "mai", TEXT_ONLY)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [Row(date(2026, 11, 1 + n), None, 10_000 * (n + 1), f"UNG HO {n + 1}") for n in range(13)]
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke.xlsx", rows))
    assert "UNG HO 10" in screen and "UNG HO 11" not in screen
    assert "… và 3 khoản nữa: chọn “Xem tất cả khoản không có mã (13)”." in screen
    screen = await mai.choose("Xem tất cả khoản không có mã (13)")
    assert "Trang 1/2." in screen and "UNG HO 1\n" in screen and "UNG HO 11" not in screen
    screen = await mai.choose("Trang sau")
    # Each with its row in the file, to find it there among 300 (docs/decisions/1114).
    assert "Trang 2/2." in screen and "dòng 17 · 11/11/2026 · 110.000\xa0₫ · UNG HO 11" in screen
    assert "UNG HO 13" in screen and "UNG HO 10" not in screen
    screen = await mai.choose("Quay lại")
    assert "❓ Không có mã tham chiếu: 13" in screen

    # A year's statement of a 300-person hospital: the rest of a group is counted as every figure is.
    await mai.choose("Gửi tệp sao kê khác")
    rows = [Row(date(2026, 12, 1), None, 10_000 + n, f"UNG HO {n + 1}") for n in range(1012)]
    screen = await send_file(mai, write_csv(tmp_path / "ca-nam.csv", rows))
    assert "… và 1.002 khoản nữa: chọn “Xem tất cả khoản không có mã (1.012)”." in screen


async def test_a_messenger_that_cannot_carry_files_is_told_where_to_send_it(
    app, invites, clock, tmp_path
) -> None:
    await gifts(app, invites, clock, TEXT_ONLY)
    mai = person(app, clock, "mai", TEXT_ONLY, files=False)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    screen = await mai.choose("Đối chiếu sao kê ngân hàng")
    async with app.sessionmaker() as session:
        me = await session.scalar(
            select(Person.id).where(Person.full_name == "Trần Thị Mai").order_by(Person.id.desc())
        )
    assert "không gửi được tệp" in screen and "Chung Tay trên Telegram" in screen
    assert f"chungtay contributions reconcile FILE --as {me}" in screen
    assert "theo đợt vận động" in screen  # back at the queue's drives
    assert all(status == "recorded" for status in (await statuses(app)).values())


async def test_a_member_never_reaches_the_reconciliation(app, invites, clock) -> None:
    hoa = await gifts(app, invites, clock, BUTTONS)
    await hoa.say("/xacnhan")
    assert "Đối chiếu sao kê" not in hoa.screen and "không có khoản nào chờ anh/chị xác nhận" in hoa.screen


OFFICERS_WORDS = (
    "Chỉ thủ quỹ mới đối chiếu sao kê ngân hàng: tiền trong sao kê do thủ quỹ xác nhận. Anh/chị xác nhận "
    "ngày công các thành viên đã ghi (/xacnhan); khoản chuyển nào chưa được xác nhận, anh/chị gửi mã tham "
    "chiếu của khoản đó cho thủ quỹ."
)
OTHERS_WORDS = (
    "Chỉ thủ quỹ mới đối chiếu sao kê ngân hàng: tiền trong sao kê do thủ quỹ xác nhận. Chung Tay không "
    "đọc sao kê nào, không có gì thay đổi. Để xem các khoản đóng góp của mình đến đâu, anh/chị gõ /tiendo."
)


@pytest.mark.parametrize(
    ("role", "at_the_file", "words"),
    [
        ("officer", False, OFFICERS_WORDS),
        ("leader", False, OTHERS_WORDS),
        ("admin", True, OTHERS_WORDS),
        (None, True, OTHERS_WORDS),  # a member only
    ],
    ids=["officer", "leader", "admin-at-the-file", "member-at-the-file"],
)
async def test_a_treasurer_whose_role_is_taken_at_the_statement_is_told_who_reconciles_and_what_she_may_do(
    app, invites, clock, tmp_path, role, at_the_file, words
) -> None:
    """The union moved Mai from treasurer to officer while her queue was open: pressing “Đối chiếu sao kê ngân
    hàng” she read “Chỉ thủ quỹ mới có các khoản cần xác nhận.”, false for an officer (her queue holds the
    labour days her members logged) and silent on who reconciles and what she may do instead. Made a
    leader, an admin or a member only, as she pressed it or sent the file, she read that nothing waited for
    her to confirm, not a word of the statement she sent: she reads who reconciles it, and that nothing
    changed."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    if at_the_file:
        await mai.choose("Đối chiếu sao kê ngân hàng")
    async with app.sessionmaker() as session, session.begin():
        for grant in await session.scalars(
            select(RoleAssignment)
            .join(Person, Person.id == RoleAssignment.person_id)
            .where(Person.full_name == "Trần Thị Mai", RoleAssignment.role == "treasurer")
        ):
            if role is None:
                await session.delete(grant)
            else:
                grant.role = role
    if at_the_file:
        screen = await send_file(mai, write_csv(tmp_path / "sao-ke.csv", STATEMENT))
    else:
        screen = await mai.choose("Đối chiếu sao kê ngân hàng")
    assert "Chỉ thủ quỹ mới có các khoản cần xác nhận" not in screen
    assert words in screen and "không có khoản nào chờ anh/chị xác nhận" not in screen
    assert all(status == "recorded" for status in (await statuses(app)).values())


@pytest.mark.parametrize("caps", [BUTTONS, TEXT_ONLY], ids=["buttons", "text"])
async def test_an_amount_that_differs_goes_back_to_its_giver_with_what_the_account_received(
    app, invites, clock, tmp_path, caps
) -> None:
    await gifts(app, invites, clock, caps)
    mai = person(app, clock, "mai", caps)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    await send_file(mai, write_xlsx(tmp_path / "sao-ke.xlsx", STATEMENT))
    screen = await mai.choose("Từ chối khoản lệch số tiền (1)")
    assert "Anh/chị từ chối khoản nào?" in screen and "ghi nhận 1.000.000\xa0₫, nhận 100.000\xa0₫" in screen
    screen = await mai.choose("CT-2026-000002")
    assert "Vì sao khoản CT-2026-000002 không được xác nhận? Phạm Minh Tuấn sẽ đọc lý do này." in screen
    suggested = (
        "Tài khoản Quỹ nhận được 100.000\xa0₫ với mã CT-2026-000002, không phải 1.000.000\xa0₫. "
        "Anh/chị vui lòng ghi nhận lại đúng số tiền đã chuyển, chọn đợt vận động như lần trước: khoản "
        "chuyển này sẽ được khớp với khoản ghi lại, anh/chị không cần chuyển lại."
    )
    assert suggested in screen
    assert (await statuses(app))["CT-2026-000002"] == "recorded"  # nothing before the reason
    screen = await mai.choose("Dùng lý do gợi ý")
    assert "Đã từ chối: CT-2026-000002." in screen
    assert "⚠️ Lệch số tiền: 0" in screen and "☑️ Đã xử lý trước: 1" in screen  # back at the statement
    assert "Từ chối khoản lệch" not in screen
    assert (await statuses(app))["CT-2026-000002"] == "rejected"
    async with app.sessionmaker() as session:
        tuan = await session.scalar(select(Person.id).where(Person.full_name == "Phạm Minh Tuấn"))
        told = await session.scalar(
            select(OutboxMessage.payload).where(
                OutboxMessage.person_id == tuan, OutboxMessage.key.like("notice:decided:%")
            )
        )
    assert told is not None and suggested in told["text"]  # the giver reads the figures
    assert "Ghi nhận lại" in str(told)  # and a button to record what they transferred


async def test_a_reason_of_their_own_for_an_amount_that_differs(app, invites, clock, tmp_path) -> None:
    """The giver named in the question after a whole word, never inside one (decision 2935)."""
    await gifts(app, invites, clock, TEXT_ONLY)
    mai = person(app, clock, "mai", TEXT_ONLY)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    async with app.sessionmaker() as session, session.begin():  # a name past what the question keeps of it
        tuan = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert tuan is not None
        tuan.full_name = "Tôn Thất Phạm Minh Tuấn Phương Nam"
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    await send_file(mai, write_csv(tmp_path / "sao-ke.csv", STATEMENT))
    await mai.choose("Từ chối khoản lệch")
    screen = await mai.choose("CT-2026-000002")
    assert "không được xác nhận? Tôn Thất Phạm Minh Tuấn… sẽ đọc lý do này." in screen, screen
    screen = await mai.say("   ")
    assert "Vì sao khoản CT-2026-000002" in screen and (await statuses(app))["CT-2026-000002"] == "recorded"
    screen = await mai.say("Chỉ nhận được 100.000 đ, anh ghi lại giúp em nhé")
    assert "Đã từ chối: CT-2026-000002." in screen
    async with app.sessionmaker() as session:
        entry = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000002"))
    assert entry is not None and entry.reason == "Chỉ nhận được 100.000 đ, anh ghi lại giúp em nhé"


@pytest.mark.parametrize("caps", [BUTTONS, TEXT_ONLY], ids=["buttons", "text"])
async def test_a_gift_recorded_again_after_the_bank_showed_another_amount_is_matched_by_the_old_code(
    app, invites, clock, tmp_path, caps
) -> None:
    hoa = person(app, clock, "hoa", caps)
    await joined(hoa, invites.member)
    await give(hoa, "500k")  # CT-2026-000001; she transferred 450.000 ₫ with its code
    transfer = [Row(date(2026, 11, 21), None, 450_000, "MBVCB.5678.CT2026000001.VO THI HOA UNG HO")]
    mai = person(app, clock, "mai", caps)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    await send_file(mai, write_xlsx(tmp_path / "sao-ke-thang-11.xlsx", transfer))
    await mai.choose("Từ chối khoản lệch số tiền (1)")
    await mai.choose("CT-2026-000001")
    screen = await mai.choose("Dùng lý do gợi ý")
    assert "Đã từ chối: CT-2026-000001." in screen

    [notice] = notices(hoa)
    assert "nhận được 450.000\xa0₫ với mã CT-2026-000001" in notice.message.text
    assert "anh/chị không cần chuyển lại" in notice.message.text
    screen = await press(hoa, notice, "Ghi nhận lại")
    assert "đợt vận động nào" in screen
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("450k")
    await hoa.choose("Bỏ qua")
    screen = await hoa.choose("Có")
    assert "CT-2026-000002" in screen  # a new code, which no transfer carries

    await mai.choose("Gửi tệp sao kê khác")
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke-thang-12.xlsx", transfer))
    assert "✅ Khớp (đang chờ, đúng số tiền): 1" in screen and "☑️ Đã xử lý trước: 0" in screen
    assert "⚠️ Lệch số tiền: 0" in screen
    matched = "CT-2026-000002 (ghi lại thay CT-2026-000001) · Võ Thị Hoa"
    assert matched in screen and "· 450.000\xa0₫" in screen
    assert (await statuses(app))["CT-2026-000002"] == "recorded"  # nothing before the Có

    screen = await mai.choose("Xác nhận 1 khoản khớp")
    assert "(1 khoản)" in screen and matched in screen and "450.000\xa0₫." in screen
    screen = await mai.choose("Có")
    assert "Đã xác nhận: CT-2026-000002" in screen
    assert await statuses(app) == {"CT-2026-000001": "rejected", "CT-2026-000002": "confirmed"}
    told = [shown.message.text for shown in hoa.channel.transport.messages("hoa")]
    assert [text for text in told if "CT-2026-000002" in text and "đã được thủ quỹ xác nhận" in text]
    screen = await mai.choose("Khoản đã xử lý trước (1)")  # the same statement again: nothing left to do
    assert "CT-2026-000001 · Võ Thị Hoa" in screen and "thủ quỹ chưa nhận được" in screen


async def test_a_cell_of_thousands_of_digits_in_a_statement_is_no_amount_and_the_rest_is_read(
    app, invites, clock, tmp_path
) -> None:
    """A statement saved from a bank's web page with a row garbled into five thousand digits in its credit
    column ended the turn in “hệ thống vừa gặp sự cố” (Python reads no number of more than 4.300 digits), and
    as an Excel file it was called broken. That row is no amount; the others are read and matched."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    garbled = tmp_path / "sao-ke.csv"
    write_csv(garbled, STATEMENT)
    text = garbled.read_text(encoding="utf-8-sig")
    text = text.replace("21/11/2026;CT-2026-000003;;+100.000", "21/11/2026;x;;+" + "9" * 5000)
    garbled.write_text(text, encoding="utf-8-sig")
    screen = await send_file(mai, garbled)
    assert "sự cố" not in screen
    assert "Số khoản tiền vào đã đọc: 3." in screen and "✅ Khớp (đang chờ, đúng số tiền): 1" in screen
    rows = [*STATEMENT[:2], Row(date(2026, 11, 21), None, 1, "x")]
    garbled_xlsx = write_xlsx(tmp_path / "sao-ke.xlsx", rows)
    book = load_workbook(garbled_xlsx)
    sheet = book.active
    assert sheet is not None
    line = next(row for row in sheet.iter_rows() if row[6].value == "x")
    line[4].value = "+" + "9" * 5000
    book.save(garbled_xlsx)
    await mai.choose("Gửi tệp sao kê khác")
    screen = await send_file(mai, garbled_xlsx)
    assert "sự cố" not in screen and "hỏng" not in screen
    assert "Số khoản tiền vào đã đọc: 2." in screen and "✅ Khớp (đang chờ, đúng số tiền): 1" in screen


async def test_a_credit_whose_amount_cannot_be_read_is_named_with_its_row_and_changes_nothing(
    app, invites, clock, tmp_path
) -> None:
    """A credit written with a fraction of a đồng (“+200.000,50”), or as “1.000,000” (1.000 ₫, or 1.000.000 ₫
    written with the wrong mark? It was read as 1.000 ₫), is no amount the bot reads: it used to vanish from
    the summary, the count of credits read one short with nothing saying so. It is named with its row, with
    what an amount looks like, and nothing of it is confirmed."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    statement = write_csv(tmp_path / "sao-ke.csv", STATEMENT)
    text = statement.read_text(encoding="utf-8-sig")
    text = text.replace(";+200.000;", ";+200.000,50;").replace(";+100.000;", ";1.000,000;", 1)
    statement.write_text(text, encoding="utf-8-sig")
    screen = await send_file(mai, statement)
    assert "Số khoản tiền vào đã đọc: 2." in screen and "✅ Khớp (đang chờ, đúng số tiền): 0" in screen
    assert "❔ Chưa đọc được số tiền: 2 (dòng 5, 6 của tệp)" in screen and "như 1.200.000" in screen
    assert "Xác nhận" not in screen
    assert all(status == "recorded" for status in (await statuses(app)).values())
    async with app.sessionmaker() as session:
        reading = await session.scalar(select(AuditLog).where(AuditLog.action == "ledger.reconcile"))
    assert reading is not None and reading.details["unread"] == 2


async def test_the_statements_last_look_marks_a_match_that_may_double_another_gift(
    app, invites, clock, tmp_path
) -> None:
    """Hoa's 200.000 ₫ recorded twice within the day, both codes credited: the summary and the last look mark
    the second with the first's code and why, as the queue does, before the Có that would confirm both."""
    await gifts(app, invites, clock, BUTTONS)
    async with app.sessionmaker() as session, session.begin():
        hoa = await session.scalar(select(Person).where(Person.full_name == "Võ Thị Hoa"))
        assert hoa is not None
        entry = NewContribution(kind="money", amount_vnd=200_000)
        await record_contribution(session, person=hoa, recorded_by=hoa, entry=entry, now=NOW)  # 000004
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    twice = [*STATEMENT, Row(date(2026, 11, 22), None, 200_000, "CT2026000004 VO THI HOA")]
    screen = await send_file(mai, write_csv(tmp_path / "sao-ke.csv", twice))
    mark = "⚠️ trùng CT-2026-000001 (cùng người, số, trong 24 giờ)"
    assert (
        f"CT-2026-000004 · Võ Thị Hoa (Phòng Đào tạo – Hành chính – Kế toán) · 200.000\xa0₫ · {mark}"
        in screen
    )

    screen = await mai.choose("Xác nhận 2 khoản khớp")
    assert "(2 khoản)" in screen and f"200.000\xa0₫ · {mark}" in screen
    assert screen.count("⚠️") == 1  # only the later one is marked
    assert all(status == "recorded" for status in (await statuses(app)).values())


async def test_the_statements_matches_mark_a_gift_ten_times_or_a_tenth_of_its_givers_others(
    app, invites, clock, tmp_path
) -> None:
    """Hoa's 2.000.000 ₫ beside her 200.000 ₫, and Tuấn's 100.000 ₫ beside his 1.000.000 ₫, both credited with
    their codes: the queue marked them (decisions 1605, 1648), the statement's matches and their last look
    did not, and “Xác nhận 2 khoản khớp” confirmed them without a word. The mark is read with no gift read
    again by id: the matches carry their givers."""
    await gifts(app, invites, clock, BUTTONS)
    async with app.sessionmaker() as session, session.begin():
        for name, amount in (("Võ Thị Hoa", 2_000_000), ("Phạm Minh Tuấn", 100_000)):  # 000004, 000005
            giver = await session.scalar(select(Person).where(Person.full_name == name))
            assert giver is not None
            entry = NewContribution(kind="money", amount_vnd=amount)
            await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    credited = [
        Row(date(2026, 11, 22), None, 2_000_000, "CT2026000004 VO THI HOA"),
        Row(date(2026, 11, 22), None, 100_000, "CT2026000005 PHAM MINH TUAN"),
    ]
    by_id: list[str] = []

    def gifts_by_id(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        said = " ".join(statement.replace('"', "").split())
        if said.startswith("SELECT contribution.id, contribution.person_id, contribution.kind, "):
            by_id.append(said)

    event.listen(app.db.sync_engine, "before_cursor_execute", gifts_by_id)
    try:
        screen = await send_file(mai, write_csv(tmp_path / "sao-ke.csv", credited))
    finally:
        event.remove(app.db.sync_engine, "before_cursor_execute", gifts_by_id)
    assert by_id == []  # the matches carry their givers: the far mark reads no gift again by id
    tenfold = "2.000.000\xa0₫ · ⚠️ gấp 10 lần khoản khác của người này (200.000\xa0₫)"
    tenth = "100.000\xa0₫ · ⚠️ chỉ bằng 1/10 khoản khác của người này (1.000.000\xa0₫)"
    assert f"CT-2026-000004 · Võ Thị Hoa (Phòng Đào tạo – Hành chính – Kế toán) · {tenfold}" in screen
    assert "CT-2026-000005 · Phạm Minh Tuấn" in screen and tenth in screen
    screen = await mai.choose("Xác nhận 2 khoản khớp")
    assert tenfold in screen and tenth in screen
    assert all(status == "recorded" for status in (await statuses(app)).values())


async def test_an_amount_received_a_tenth_of_the_givers_usual_is_marked_at_its_last_look(
    app, invites, clock, tmp_path
) -> None:
    """Tuấn recorded 1.000.000 ₫ twice, and one transfer brought 100.000 ₫: “Xác nhận theo số tiền đã nhận”
    asked to confirm it at 100.000 ₫ without the mark the queue would give that figure (decision 1732)."""
    await gifts(app, invites, clock, BUTTONS)
    async with app.sessionmaker() as session, session.begin():
        tuan = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert tuan is not None
        entry = NewContribution(kind="money", amount_vnd=1_000_000)
        await record_contribution(session, person=tuan, recorded_by=tuan, entry=entry, now=NOW)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    credited = [Row(date(2026, 11, 22), None, 100_000, "CT2026000002 PHAM MINH TUAN")]
    await send_file(mai, write_csv(tmp_path / "sao-ke.csv", credited))
    screen = await mai.choose("Xác nhận theo số tiền đã nhận (1)")
    screen = await mai.choose("CT-2026-000002")
    assert "Xác nhận CT-2026-000002 với 100.000\xa0₫, không phải 1.000.000\xa0₫ như đã ghi nhận?" in screen
    assert "⚠️ chỉ bằng 1/10 khoản khác của người này (1.000.000\xa0₫)" in screen, screen
    await mai.choose("Không")
    assert (await statuses(app))["CT-2026-000002"] == "recorded"


@pytest.mark.parametrize("caps", [BUTTONS, TEXT_ONLY], ids=["buttons", "text"])
async def test_an_amount_that_differs_is_confirmed_at_what_the_account_received(
    app, invites, clock, tmp_path, caps
) -> None:
    """Tuấn recorded 1.000.000 ₫ and his transfer brought 100.000 ₫: rather than reject it and have him record
    it again, Mai confirms it at what arrived, after a last look with both figures (decision 0208)."""
    await gifts(app, invites, clock, caps)
    mai = person(app, clock, "mai", caps)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    await send_file(mai, write_xlsx(tmp_path / "sao-ke.xlsx", STATEMENT))
    screen = await mai.choose("Xác nhận theo số tiền đã nhận (1)")
    assert "Anh/chị xác nhận khoản nào theo số tiền tài khoản Quỹ đã nhận?" in screen
    screen = await mai.choose("CT-2026-000002")
    assert "Xác nhận CT-2026-000002 với 100.000\xa0₫, không phải 1.000.000\xa0₫ như đã ghi nhận?" in screen
    assert (await statuses(app))["CT-2026-000002"] == "recorded"
    screen = await mai.choose("Có")
    assert "CT-2026-000002: đã xác nhận 100.000\xa0₫ (ghi nhận 1.000.000\xa0₫)." in screen
    assert "⚠️ Lệch số tiền: 0" in screen and "☑️ Đã xử lý trước: 1" in screen  # back at the statement
    async with app.sessionmaker() as session:
        tuan = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000002"))
    assert tuan is not None
    assert (tuan.status, tuan.amount_vnd, tuan.recorded_figure) == ("confirmed", 100_000, 1_000_000)


async def test_transfers_under_a_days_blank_date_are_matched_and_a_row_left_without_one_is_named(
    app, invites, clock, tmp_path
) -> None:
    """A bank that writes the day only on its first transfer (or merges the cell over the day's) lost every
    transfer after the first: Tuấn's gift was never matched, and nothing said a row was left. Now it takes
    the day above; one under the day's subtotal takes none and is named with its row, and changes nothing.
    So is a day a file writing both orders could read either way (decision 0250)."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    statement = write_csv(tmp_path / "sao-ke.csv", STATEMENT)
    lines = statement.read_text(encoding="utf-8-sig").splitlines()
    lines[5] = ";ct 2026 2 ung ho quy;;+1.000.000;"  # the day's second transfer, its date cell blank
    lines[6:6] = ["Cộng;;;1.200.000;", ";NGUYEN VAN BA chuyen tien;;+300.000;"]  # under the subtotal
    statement.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    screen = await send_file(mai, statement)
    assert "✅ Khớp (đang chờ, đúng số tiền): 2" in screen and "CT-2026-000002" in screen
    assert "❔ Chưa đọc, không có ngày: 1 (dòng 8 của tệp)" in screen
    assert all(status == "recorded" for status in (await statuses(app)).values())
    async with app.sessionmaker() as session:
        reading = await session.scalar(select(AuditLog).where(AuditLog.action == "ledger.reconcile"))
    assert reading is not None and reading.details["undated"] == 1

    # A file writing days both ways (“20/11/2026”, “11/21/2026”): “05/11/2026” is placed by neither, named.
    await mai.choose("Gửi tệp sao kê khác")
    both = tmp_path / "both.csv"
    both.write_text(
        "Ngày;Mô tả;Ghi nợ;Ghi có\n"
        "20/11/2026;ct 2026 1;;+200.000\n11/21/2026;a;;+1.000\n05/11/2026;b;;+3.000\n",
        encoding="utf-8",
    )
    screen = await send_file(mai, both)
    assert "Số khoản tiền vào đã đọc: 2." in screen
    assert "❔ Chưa đọc, không rõ ngày hay tháng: 1 (dòng 4 của tệp)" in screen
    assert "📅" not in screen  # the file showed both orders: nothing read by a guess

    # Early December written month first: every day reads both ways; the first screen says which was taken.
    await mai.choose("Gửi tệp sao kê khác")
    low = tmp_path / "early-december.csv"
    low.write_text("Date;Description;Debit;Credit\n12/01/2026;ct 2026 1;;200,000\n", encoding="utf-8")
    screen = await send_file(mai, low)
    assert "12/01/2026 (dòng 2) là 12 tháng 1, 2026" in screen
    assert "nếu ngân hàng của anh/chị ghi tháng trước, vui lòng xem lại ngày trong tệp" in screen


async def test_a_treasurer_with_nothing_waiting_still_sends_her_december_statement_in_the_chat(
    app, invites, clock, tmp_path
) -> None:
    """28 December: nothing waits for the treasurer, and the Fund account's month holds donors' credits
    without a code (to record as donors' gifts) and a refund. /xacnhan says nothing waits and still offers
    the statement: it said “Nothing is waiting…” and went home (decision 1198)."""
    clock.advance(days=36)  # Monday 28 December 2026
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    screen = await mai.say("/xacnhan")
    assert "Không có khoản nào chờ anh/chị xác nhận" in screen
    assert "khoản không có mã có thể là ủng hộ của nhà hảo tâm" in screen
    labels = [choice.label for choice in mai.menu.choices]
    assert "Đối chiếu sao kê ngân hàng" in labels and "Quay lại" in labels
    assert any("nhà hảo tâm" in label for label in labels)

    screen = await mai.choose("Đối chiếu sao kê ngân hàng")
    assert "gửi sao kê tài khoản Quỹ dưới dạng tệp" in screen
    credits = [
        Row(date(2026, 12, 1 + n % 27), None, 100_000 + 10_000 * n, f"NGUYEN VAN KHACH {n} chuyen tien")
        for n in range(79)
    ]
    refund = Row(date(2026, 12, 27), 150_000, None, "HOAN TIEN UNG HO NGUYEN VAN KHACH 5")
    screen = await send_file(mai, write_csv(tmp_path / "sao-ke-12.csv", [*credits, refund]))
    assert "Số khoản tiền vào đã đọc: 79." in screen and "❓ Không có mã tham chiếu: 79" in screen
    assert "Ghi khoản không có mã là ủng hộ của nhà hảo tâm" in screen
    assert all(status == "recorded" for status in (await statuses(app)).values())

    await mai.choose("Quay lại")  # back at the queue's question, not at the main menu
    assert "Đối chiếu sao kê ngân hàng" in [choice.label for choice in mai.menu.choices]


async def test_cash_paid_in_at_the_counter_is_said_to_be_envelopes_waiting_before_it_is_recorded_as_a_donors(
    app, invites, clock, tmp_path
) -> None:
    """A hospital's union pays a department's envelopes in at the counter: “NOP TIEN MAT KHOA NOI”, no code.
    It was offered as any credit without a code, a donor's gift to record, which would count the envelopes
    already waiting a second time. Its line says so, and what to do first; a donor's transfer is unmarked
    (docs/decisions/1604)."""
    await gifts(app, invites, clock, BUTTONS)
    mai = person(app, clock, "mai", BUTTONS)
    await joined(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    cash = Row(date(2026, 12, 15), None, 6_000_000, "NOP TIEN MAT KHOA NOI")
    donor = Row(date(2026, 12, 15), None, 300_000, "NGUYEN VAN BA chuyen tien")
    screen = await send_file(mai, write_xlsx(tmp_path / "sao-ke.xlsx", [cash, donor]))
    warning = (
        "6.000.000\xa0₫ · NOP TIEN MAT KHOA NOI · ⚠️ tiền mặt nộp tại quầy: thường là phong bì của các khoản "
        "đã ghi, đang chờ xác nhận"
    )
    assert warning in screen
    assert "300.000\xa0₫ · NGUYEN VAN BA chuyen tien\n" in screen + "\n"
    screen = await mai.choose("Ghi khoản không có mã là ủng hộ của nhà hảo tâm")
    assert warning in screen  # said again where the credit is chosen
    assert await statuses(app) == {f"CT-2026-00000{n}": "recorded" for n in (1, 2, 3)}  # nothing changed
