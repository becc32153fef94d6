"""The treasurer's queue and reversals, end to end through the collecting channel (buttons and text only),
the domain refusing on its own, and the same from the shell (`chungtay contributions … --as PERSON`)."""

from __future__ import annotations

import asyncio
import functools
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

import bot.app
from bot import cli as chungtay
from bot.app import App
from bot.conversation.render import render_parts
from bot.db.models import AuditLog, Contribution, Evidence, OutboxMessage, Person, RoleAssignment
from bot.domain.access import actor_for
from bot.domain.contributions import (
    LedgerError,
    NewContribution,
    decide,
    move_to,
    record_contribution,
    reverse,
    withdraw,
)
from bot.domain.queue import ask_for_receipts, far_from_the_others
from bot.media import store
from bot.messages import TEXT_ONLY, Photo
from tests.support.clocks import NOW
from tests.support.joins import joined, units_code
from tests.support.profiles import on_buttons, on_text_only
from tests.test_flows import give_money


async def give(person, amount: str, *, photo: Photo | None = None, note: str | None = None) -> None:  # type: ignore[no-untyped-def]
    await give_money(person)
    await person.say(amount)
    if note is not None:  # typed where the photo or a note is asked
        await person.say(note)
    elif photo is None:
        await person.choose("Bỏ qua")
    else:
        person.clock.advance(seconds=1)
        person.last = await person.channel.receive(person.chat_id, photo=photo, at=person.clock())
    # The same figure again within a day is asked about: recorded as another gift (decision 0476).
    double = any("Khoản khác" in choice.label for choice in person.menu.choices)
    await person.choose("Khoản khác" if double else "Có")


async def entries(app: App) -> dict[str, Contribution]:
    async with app.sessionmaker() as session:
        return {c.ref: c for c in await session.scalars(select(Contribution))}


async def officer_of_the_school(app: App) -> int:
    """Lê Văn Hùng, the union's chair, made an officer of the whole school (the demo has him in one unit)."""
    async with app.sessionmaker() as session, session.begin():
        hung = await session.scalar(select(Person).where(Person.full_name == "Lê Văn Hùng"))
        assert hung is not None
        session.add(RoleAssignment(person_id=hung.id, role="officer", org_id=hung.org_id, granted_at=NOW))
        return hung.id


async def notices_to(app: App, name: str) -> list[str]:
    async with app.sessionmaker() as session:
        person_id = await session.scalar(select(Person.id).where(Person.full_name == name))
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.person_id == person_id, OutboxMessage.key.like("notice:%"))
            .order_by(OutboxMessage.id)
        )
        return [row.payload["text"] for row in rows]


@on_text_only
async def test_a_treasurer_confirms_several_at_once_oldest_first_and_each_giver_is_told(
    app, hoa, invites, make_person, settings
) -> None:
    nam, mai = make_person("nam"), make_person("mai")
    await joined(nam, invites.member, "Đỗ Văn Nam")
    stored = store(settings.media_dir, b"\xff\xd8\xff bien lai")
    await give(hoa, "200k", photo=Photo(stored.sha256, stored.path, stored.size))
    await give(nam, "1tr")
    await give(hoa, "50k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")

    await mai.choose("Khoản chờ xác nhận")
    screen = await mai.choose("Quỹ")
    assert "3 khoản chờ" in screen and "trang 1/1" in screen
    # Oldest first, with amount, giver, unit and the photo shown.
    assert screen.index("CT-2026-000001") < screen.index("CT-2026-000002") < screen.index("CT-2026-000003")
    assert "CT-2026-000001 · 22/11/2026 · 200.000\xa0₫ · Võ Thị Hoa (Phòng Đào tạo" in screen
    assert "Kế toán) 📷" in screen
    assert [r.photo for r in mai.last if r.photo] == [stored.path]

    await mai.choose("CT-2026-000001")
    screen = await mai.choose("CT-2026-000002")
    assert "✅ CT-2026-000001" in screen and "✅ CT-2026-000002" in screen and "▫️ CT-2026-000003" in screen
    screen = await mai.choose("Xác nhận các khoản")
    assert "2 khoản" in screen
    screen = await mai.choose("Có")
    assert "Đã xác nhận: CT-2026-000001, CT-2026-000002" in screen
    assert (
        "1 khoản chờ" in screen
        and "CT-2026-000003" in screen
        and "CT-2026-000001" not in screen.split("Đã xác nhận")[1].split("\n", 1)[1]
    )

    found = await entries(app)
    assert [found[f"CT-2026-00000{n}"].status for n in (1, 2, 3)] == ["confirmed", "confirmed", "recorded"]
    assert any(
        "CT-2026-000001" in text and "đã được thủ quỹ xác nhận" in text
        for text in await notices_to(app, "Võ Thị Hoa")
    )
    assert any("CT-2026-000002" in text for text in await notices_to(app, "Đỗ Văn Nam"))
    async with app.sessionmaker() as session:
        audited = list(
            await session.scalars(select(AuditLog.action).where(AuditLog.action == "contribution.confirmed"))
        )
    assert len(audited) == 2


@on_text_only
async def test_a_treasurer_asking_ai_chua_xac_nhan_at_the_menu_gets_her_queue_and_a_member_his_progress(
    app, hoa, invites, make_person
) -> None:
    """“ai chua xac nhan” (who is not confirmed yet), typed by the treasurer at her menu, showed her own
    progress (“Tổng năm nay: chưa có khoản nào.”): never what she asked. Now someone who confirms gets the
    entries waiting for her; a member asking it of his own gift still reads his progress."""
    await give(hoa, "200k")
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    screen = await mai.say("ai chua xac nhan")
    assert "Các khoản đang chờ anh/chị xác nhận" in screen and "1 khoản chờ" in screen
    assert "Tổng năm nay" not in screen
    screen = await hoa.say("ai chưa xác nhận")
    assert "Tiến độ năm 2026 của anh/chị" in screen and "chờ thủ quỹ xác nhận" in screen


async def test_a_rejection_from_the_queue_needs_a_reason_and_the_giver_reads_it(
    app, hoa, invites, make_person
) -> None:
    mai = make_person("mai")
    await give(hoa, "300k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    screen = await mai.choose("Từ chối các khoản")
    assert "vui lòng chọn ít nhất một khoản" in screen
    await mai.choose("CT-2026-000001")
    screen = await mai.choose("Từ chối các khoản")
    # What will be rejected is shown before the reason is asked (a finding from outside: no last look).
    assert "chưa nhận được các khoản sau (1 khoản)" in screen and "CT-2026-000001" in screen
    assert "Võ Thị Hoa" in screen and "300.000\xa0₫" in screen
    screen = await mai.say("quay lai")  # Back, not a reason: the ticks stay, nothing decided
    assert "Từ chối các khoản" in screen and (await entries(app))["CT-2026-000001"].status == "recorded"
    await mai.choose("Từ chối các khoản")
    screen = await mai.say("   ")
    assert (await entries(app))["CT-2026-000001"].status == "recorded"
    for not_a_reason in (".", "1", "??"):  # a finding from outside: the giver read "Lý do: ."
        screen = await mai.say(not_a_reason)
        assert "Anh/chị vui lòng ghi lý do bằng vài chữ" in screen and "Vì sao" in screen  # and asked again
    assert (await entries(app))["CT-2026-000001"].status == "recorded"
    screen = await mai.say("Không thấy chuyển khoản")
    # nothing left is said once: it was “Không còn khoản nào chờ trong đợt này.” and, under it, “Không có
    # khoản nào chờ anh/chị xác nhận. …” (decision 2221)
    assert screen.startswith(
        "Đã từ chối: CT-2026-000001. Người ủng hộ đang được báo lý do.\n\n"
        "Không có khoản nào chờ anh/chị xác nhận."
    ), screen
    assert "Không còn khoản nào chờ" not in screen
    c = (await entries(app))["CT-2026-000001"]
    assert (c.status, c.reason) == ("rejected", "Không thấy chuyển khoản")
    assert any("Không thấy chuyển khoản" in text for text in await notices_to(app, "Võ Thị Hoa"))


@on_buttons
async def test_the_queue_pages_and_never_lists_the_treasurers_own_contribution(
    app, hoa, invites, make_person
) -> None:
    mai = make_person("mai")
    for n in range(12):
        await give(hoa, f"{n + 1}0k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await give(mai, "999k")  # her own: another treasurer decides it
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    assert "12 khoản chờ" in screen and "trang 1/2" in screen  # ten a page
    assert "CT-2026-000010" in screen and "CT-2026-000011" not in screen and "999.000" not in screen
    screen = await mai.choose("Chọn cả trang")
    assert screen.count("✅") == 10
    screen = await mai.choose("Trang sau")
    assert "trang 2/2" in screen and "CT-2026-000012" in screen and "CT-2026-000013" not in screen
    await mai.choose("Xác nhận các khoản")
    screen = await mai.choose("Có")
    assert "Đã xác nhận 10 khoản, tổng cộng 550.000\xa0₫. Người ủng hộ đang được báo tin." in screen
    assert (await entries(app))["CT-2026-000013"].status == "recorded"


@on_buttons
async def test_the_queue_goes_back_a_page_keeping_what_was_selected_and_turns_by_typed_words(
    app, invites, make_person
) -> None:
    async with app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert giver is not None
        for n in range(12):
            gift = NewContribution(kind="money", amount_vnd=(n + 1) * 10_000)
            await record_contribution(session, person=giver, recorded_by=giver, entry=gift, now=NOW)
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    assert "trang 1/2" in screen and "Trang sau" in screen and "Trang trước" not in screen
    await mai.choose("Chọn cả trang")
    screen = await mai.choose("Trang sau")
    assert "trang 2/2" in screen and "CT-2026-000012" in screen
    assert "Trang trước" in screen and "Trang sau" not in screen
    screen = await mai.choose("Trang trước")
    assert "trang 1/2" in screen and "CT-2026-000001" in screen and "CT-2026-000012" not in screen
    assert screen.count("✅") == 10  # the page's selection is still there
    assert "trang 2/2" in await mai.say("sau")
    assert "trang 1/2" in await mai.say("trang trước")
    assert "trang 2/2" in await mai.say("tiếp")
    assert "trang 1/2" in await mai.say("truoc")
    assert [entry.status for entry in (await entries(app)).values()] == ["recorded"] * 12  # nothing decided


@on_text_only
async def test_confirm_the_whole_page_shows_what_and_how_much_before_it_confirms(
    app, hoa, invites, make_person
) -> None:
    """A page of gifts said paid in cash or by transfer: each line says which, where the gift's note says it,
    so the cash is counted apart without opening each; confirmed, how many and what they come to, not ten
    codes on one line (decisions 2222, 2223)."""
    mai = make_person("mai")
    for n in range(10):
        await give(hoa, "100k", note="tiền mặt" if n % 2 else "chuyển khoản")
    await give(hoa, "100k tiền mặt")  # how it was paid typed with the amount, “Bỏ qua” at the note (2301)
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    assert "CT-2026-000001 · 22/11/2026 · 100.000\xa0₫ · chuyển khoản · Võ Thị Hoa" in screen
    assert "CT-2026-000002 · 22/11/2026 · 100.000\xa0₫ · tiền mặt · Võ Thị Hoa (" in screen
    screen = await mai.choose("Xác nhận cả trang")
    assert "10 khoản" in screen and "Tổng cộng: 1.000.000\xa0₫" in screen
    assert "• CT-2026-000001 · 22/11/2026 · 100.000\xa0₫ · chuyển khoản · Võ Thị Hoa" in screen
    assert "CT-2026-000010" in screen and "CT-2026-000011" not in screen
    assert [entry.status for entry in (await entries(app)).values()] == ["recorded"] * 11  # nothing yet
    screen = await mai.choose("Có")
    assert screen.startswith(
        "Đã xác nhận 10 khoản, tổng cộng 1.000.000\xa0₫. Người ủng hộ đang được báo tin.\n"
        "Muốn tra lại một khoản, anh/chị gõ /tracuu và mã của khoản đó, ví dụ: /tracuu CT-2026-000001.\n\n"
    ), screen
    assert "1 khoản chờ" in screen and "Đã xác nhận: " not in screen
    assert "CT-2026-000011 · 22/11/2026 · 100.000\xa0₫ · tiền mặt · Võ Thị Hoa" in screen
    found = await entries(app)
    assert [found[f"CT-2026-{n:06}"].status for n in (1, 10, 11)] == ["confirmed", "confirmed", "recorded"]


async def test_a_page_of_ten_long_lines_fits_one_zalo_message(app, invites, make_person) -> None:
    async with app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert giver is not None
        giver.full_name = "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Khánh Linh"
        goods = NewContribution(
            kind="goods",
            amount_vnd=1_500_000,
            description="Gạo thơm " * 16,
            note="Chuyển tiền qua Vietcombank lúc 9 giờ sáng ngày 14/12/2026",  # clipped too (2223)
        )
        for _ in range(12):
            await record_contribution(session, person=giver, recorded_by=giver, entry=goods, now=NOW)
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    page = render_parts(mai.menu, TEXT_ONLY)
    assert len(page) == 1
    # the name cut after a whole word where a double's mark leaves it little room, never inside one (2837),
    # and its unit beside it so, its first word whole where the room is shorter (2852)
    assert "· Tôn Nữ… (Phòng…) · ⚠️ trùng CT-2026-000001 (cùng người, số, trong 24 giờ)" in page[0], page
    assert "· Tôn Nữ Thị Phương Thảo… (Phòng Đào tạo – Hành…)" in page[0], page
    # the goods and the note after a whole word too, never “Gạo thơ…” nor “Chuyển tiền q…” (2808)
    assert "Gạo…, trị giá khoảng 1.500.000\xa0₫ · Chuyển tiền… · Tôn Nữ Thị" in page[0], page
    screen = await mai.choose("Xác nhận cả trang")
    assert "Tổng cộng: hiện vật ước tính 15.000.000\xa0₫" in screen
    # the last look says each whole, as typed, in as many messages as it takes, its Có last (decision 2524)
    parts = render_parts(mai.menu, TEXT_ONLY)
    whole = "Gạo thơm Gạo thơm"
    note = "Chuyển tiền qua Vietcombank lúc 9 giờ sáng ngày 14/12/2026"
    lines = [line for part in parts for line in part.split("\n") if line.startswith("• CT-")]
    assert len(lines) == 10 and all(whole in line and note in line and "…" not in line for line in lines)
    assert len(parts) > 1 and "1. Có, xác nhận" in parts[-1], parts


@on_buttons
async def test_a_code_typed_at_the_queue_opens_that_gift_to_decide_and_the_page_says_the_money_waiting(
    app, hoa, invites, make_person
) -> None:
    """Sixty gifts on six pages: the treasurer types the code she was given (“ct2”, no year, any case) and
    reads “chọn một mục…”. It opens that gift where she may decide it, and Back or her decision brings her to
    her page (one on the page shown is ticked, as pressed); a code not hers to decide gets one kind line,
    and the page. The heading holds what all its
    pages come to, against the bank's total (docs/decisions/1602, 1603). A figure typed with nothing ticked
    is told to choose the gift first, then “Nhận số khác”, nothing decided (2853), typed with words too
    (2806); with one ticked, it is what arrived of it, asked at “Nhận số khác”'s last look (2807), and the
    figure recorded is that gift received as recorded, at the confirm button's last look (2934)."""
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    for amount in ("200k", "300k", "150k"):
        await give(hoa, amount)
    await give(mai, "100k")  # her own: never hers to confirm (CT-2026-000004)
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    assert "3 khoản chờ" in screen and "Tổng tiền đang chờ: 650.000\xa0₫." in screen
    screen = await mai.say("100k")  # a figure, nothing ticked: which gift first, with an example (2853)
    example = "Ví dụ: chọn CT-2026-000001, rồi “Nhận số khác”, rồi gõ 100.000\xa0₫. Chưa có gì thay đổi."
    assert example in screen, screen
    assert "3 khoản chờ" in screen and "vui lòng chọn một mục" not in screen
    screen = await mai.say("nhận 300k")  # with words, as the look-up reads it: the same example (2806)
    assert "rồi gõ 300.000\xa0₫. Chưa có gì thay đổi." in screen, screen
    screen = await mai.say("ct2")
    assert "CT-2026-000002 ·" in screen and "300.000\xa0₫" in screen and "chọn một mục" not in screen
    screen = await mai.choose("Quay lại")
    assert "3 khoản chờ" in screen  # her page again, nothing decided
    await mai.say("CT2")
    screen = await mai.choose("Xác nhận: đã nhận tiền")
    assert "CT-2026-000002: đã xác nhận" in screen
    assert "2 khoản chờ" in screen and "Tổng tiền đang chờ: 350.000\xa0₫." in screen
    for typed in ("CT-2026-000002", "ct4"):
        screen = await mai.say(typed)
        assert (
            f"{typed.upper()[:2]}-2026-00000{typed[-1]} không có trong các khoản chờ anh/chị xác nhận"
            in screen
        )
        assert "ví dụ: CT-2026-000001" in screen and "2 khoản chờ" in screen
    # one ticked, a figure typed: what arrived of it, at “Nhận số khác”'s last look, only on her Có (2807)
    await mai.choose("CT-2026-000001")
    screen = await mai.say("150k")
    assert "Xác nhận CT-2026-000001 với 150.000\xa0₫, không phải 200.000\xa0₫ như đã ghi nhận?" in screen
    screen = await mai.choose("Không")
    assert "Không có gì thay đổi." in screen and "✅ CT-2026-000001" in screen and "2 khoản chờ" in screen
    # the figure recorded, typed over the one ticked: as recorded, at the confirm button's last look (2934)
    screen = await mai.say("đã nhận 200k")
    assert "Anh/chị xác nhận đã nhận các khoản sau (1 khoản):\n• CT-2026-000001 ·" in screen, screen
    assert "Nhận số khác" not in screen and "Số tiền gõ ở đây" not in screen
    assert [e.status for e in (await entries(app)).values()] == [
        "recorded",
        "confirmed",
        "recorded",
        "recorded",
    ]
    screen = await mai.choose("Có")
    assert "Đã xác nhận: CT-2026-000001" in screen and "1 khoản chờ" in screen, screen
    assert [e.status for e in (await entries(app)).values()] == [
        "confirmed",
        "confirmed",
        "recorded",
        "recorded",
    ]


@on_text_only
async def test_her_ticks_stay_when_she_comes_back_from_a_code_she_typed_but_the_one_decided_there(
    app, hoa, invites, make_person
) -> None:
    """Two gifts ticked, then a code typed (decision 1602): coming back she had to tick them again. They
    stay; the one she opened and confirmed there is dropped; one moved meanwhile is said (1539)."""
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    for amount in ("200k", "300k", "150k"):
        await give(hoa, amount)
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    await mai.choose("CT-2026-000001")
    await mai.choose("CT-2026-000003")
    await mai.say("ct2")
    screen = await mai.choose("Quay lại")
    assert "✅ CT-2026-000001" in screen and "✅ CT-2026-000003" in screen
    await mai.say("ct3")
    screen = await mai.choose("Xác nhận: đã nhận tiền")
    assert "CT-2026-000003: đã xác nhận" in screen and "✅ CT-2026-000001" in screen
    assert "▫️ CT-2026-000002" in screen
    async with app.sessionmaker() as session, session.begin():
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        mover = await actor_for(
            session, await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        )
        tuan = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        await move_to(session, gift, tuan, actor=mover, now=NOW)
    screen = await mai.choose("Xác nhận các khoản đã chọn")
    assert "CT-2026-000001 vừa được một thủ quỹ khác ghi lại sang tên Phạm Minh Tuấn" in screen
    assert [e.status for e in (await entries(app)).values()] == ["recorded", "recorded", "confirmed"]


@on_text_only
async def test_a_code_typed_in_the_look_up_opened_from_the_queue_opens_that_gift(
    app, hoa, invites, make_person
) -> None:
    """In the look-up opened by “ct1”, “ct2” read “chọn một mục… ví dụ: hien vat” (cut from “Xác nhận: đã
    nhận tiền/hiện vật”). It opens that gift as the queue does, and Back still leads to her page; a code not
    hers reads the queue's one line."""
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    for amount in ("200k", "300k"):
        await give(hoa, amount)
    await give(mai, "100k")  # her own: CT-2026-000003
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    await mai.say("ct1")
    screen = await mai.say("ct2")
    assert "CT-2026-000002 ·" in screen and "300.000\xa0₫" in screen and "hien vat" not in screen
    screen = await mai.say("ct3")
    assert "CT-2026-000003 không có trong các khoản chờ anh/chị xác nhận" in screen
    assert "ví dụ: CT-2026-000001" in screen and "hien vat" not in screen
    screen = await mai.choose("Quay lại")
    assert "2 khoản chờ" in screen


@on_buttons
async def test_a_gift_ten_times_its_givers_others_is_marked_on_the_page_and_at_the_last_look(
    app, hoa, invites, make_person
) -> None:
    """5.000.000 ₫ typed for 500.000 ₫ by a giver whose other gifts are 300.000 and 500.000 ₫ went through
    “Xác nhận cả trang” without a word; it is marked where a possible double is (decision 1605)."""
    for amount in ("300k", "500k", "5tr"):
        await give(hoa, amount)
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    mark = "⚠️ gấp 10 lần khoản khác của người này (500.000\xa0₫)"
    line = next(line for line in screen.splitlines() if "CT-2026-000003" in line)
    assert "5.000.000\xa0₫" in line and mark in line and screen.count("⚠️") == 1
    screen = await mai.choose("Xác nhận cả trang")
    assert mark in screen and "Tổng cộng: 5.800.000\xa0₫" in screen


@on_text_only
async def test_a_tenth_of_the_givers_others_is_marked_and_the_look_up_says_both_marks(
    app, hoa, invites, make_person
) -> None:
    """50.000 ₫ typed for 500.000 ₫ was not marked anywhere, and the look-up (“ct4” typed at the page) said
    nothing of 6.000.000 ₫ typed for 600.000 ₫, which the page marked: one rule, said wherever she decides."""
    for amount in ("500k", "600k", "50k", "6tr"):
        await give(hoa, amount)
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    # each held against her usual gift: the middle of her others, the other slip left out (decision 1732)
    tenth = "⚠️ chỉ bằng 1/12 khoản khác của người này (600.000\xa0₫)"
    tenfold = "⚠️ gấp 10 lần khoản khác của người này (600.000\xa0₫)"
    lines = {ref: next(line for line in screen.splitlines() if ref in line) for ref in ("000003", "000004")}
    assert "50.000\xa0₫" in lines["000003"] and tenth in lines["000003"], lines
    assert tenfold in lines["000004"] and screen.count("⚠️") == 2
    screen = await mai.say("ct4")
    assert "CT-2026-000004 ·" in screen and tenfold in screen
    await mai.choose("Quay lại")
    screen = await mai.say("ct3")
    assert tenth in screen and tenfold not in screen
    # the giver herself reads her gift without the mark
    await hoa.say("/tracuu")
    assert "⚠️" not in await hoa.say("CT-2026-000003")


@on_buttons
async def test_a_tenth_of_the_givers_usual_gift_is_marked_and_so_is_the_figure_typed_at_nhan_so_khac(
    app, hoa, invites, make_person
) -> None:
    """50.000 ₫ beside 300.000 ₫ and 500.000 ₫ was not marked (held against the smallest, 300.000 ₫); and
    “Nhận số khác” at 5.000.000 ₫ for it, a zero too many, read a last look without a mark. Both are held
    against her usual gift, and the last look marks the figure she confirms."""
    for amount in ("300k", "500k", "50k"):
        await give(hoa, amount)
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    line = next(line for line in screen.splitlines() if "000003" in line)
    assert "⚠️ chỉ bằng 1/10 khoản khác của người này (500.000\xa0₫)" in line, screen
    assert screen.count("⚠️") == 1
    await mai.say("ct3")
    await mai.choose("Nhận số khác")
    screen = await mai.say("5tr")
    assert "⚠️ gấp 10 lần khoản khác của người này (500.000\xa0₫)" in screen, screen
    await mai.choose("Không")  # back to the page
    await mai.say("ct3")
    await mai.choose("Nhận số khác")
    screen = await mai.say("500k")  # the right figure: no mark
    assert "⚠️" not in screen and "500.000\xa0₫" in screen


@on_text_only
async def test_the_demos_treasurer_code_makes_a_treasurer_of_the_whole_school(
    app, invites, make_person
) -> None:
    """A teacher of Khoa Công nghệ gave 200.000 ₫; a newcomer joined with the banner's treasurer code and
    opened /xacnhan: her queue held no drive and no gift, the code granting its role for Phòng Đào tạo alone
    (decision 1734). The demo's code is the whole school's now, as its union's treasurer (decision 1814)."""
    binh, hang = make_person("binh"), make_person("hang")
    await joined(binh, await units_code(app.sessionmaker, role="member", unit="KCN", now=NOW), "Đỗ Thị Bình")
    await give(binh, "200k")
    await joined(hang, invites.treasurer, "Đặng Thu Hằng")
    await hang.say("/xacnhan")
    screen = await hang.choose("Quỹ")
    assert "CT-2026-000001" in screen and "Đỗ Thị Bình" in screen, screen
    await hang.say("ct1")
    screen = await hang.choose("Xác nhận: đã nhận tiền")
    assert "CT-2026-000001: đã xác nhận" in screen, screen
    assert (await entries(app))["CT-2026-000001"].status == "confirmed"
    async with app.sessionmaker() as session:
        person = await session.scalar(select(Person.id).where(Person.full_name == "Đặng Thu Hằng"))
        held = await session.execute(
            select(RoleAssignment.role, RoleAssignment.unit_id).where(RoleAssignment.person_id == person)
        )
        unit = await session.scalar(select(Person.unit_id).where(Person.id == person))
    assert set(held) == {("treasurer", None), ("member", unit)}  # her own unit the code's, Phòng Đào tạo


async def test_a_givers_two_gifts_ten_times_apart_are_both_her_usual_and_a_gift_is_held_against_the_nearer(
    app, hoa, invites, make_person
) -> None:
    """A giver whose other gifts were 50.000 ₫ and 500.000 ₫ was measured against the smaller: her second
    500.000 ₫ read “gấp 10 lần … (50.000 ₫)”, and 5.000.000 ₫ typed at “Nhận số khác” “gấp 100 lần …
    (50.000 ₫)”. With two gifts ten times apart neither is her usual one: a gift is marked only beyond both,
    against the nearer (decision 1812)."""
    for amount in ("50k", "500k", "500k"):
        await give(hoa, amount)
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    lines = {ref: next(line for line in screen.splitlines() if ref in line) for ref in ("01", "02", "03")}
    # 50.000 ₫ beside 500.000 ₫ twice: 500.000 ₫ is her usual gift
    assert "⚠️ chỉ bằng 1/10 khoản khác của người này (500.000\xa0₫)" in lines["01"], screen
    assert screen.count("khoản khác của người này") == 1, screen  # the third is marked a double only
    await mai.say("ct2")
    await mai.choose("Nhận số khác")
    screen = await mai.say("5tr")
    assert "⚠️ gấp 10 lần khoản khác của người này (500.000\xa0₫)" in screen, screen
    await mai.choose("Không")
    await mai.say("ct2")
    await mai.choose("Nhận số khác")
    screen = await mai.say("5k")
    assert "⚠️ chỉ bằng 1/10 khoản khác của người này (50.000\xa0₫)" in screen, screen


async def test_a_slip_cancelled_by_a_reversal_is_not_the_givers_usual_gift(app, invites) -> None:
    """Phạm Minh Tuấn gave 500.000 ₫; 5.000.000 ₫ typed for it was confirmed, then reversed (“nhầm”). The
    reversed slip was still one of his gifts beside the 500.000 ₫, ten times apart, so both were his usual
    one (1812) and the same slip typed again was not marked. A gift cancelled by a reversal is no gift
    (1824): the next 5.000.000 ₫ is held against his 500.000 ₫ (decision 1860)."""
    await officer_of_the_school(app)
    async with app.sessionmaker() as session, session.begin():
        people = {p.full_name: p for p in await session.scalars(select(Person))}
        giver = people["Phạm Minh Tuấn"]
        mai = await actor_for(session, people["Trần Thị Mai"])
        officer = await actor_for(session, people["Lê Văn Hùng"])
        assert mai is not None and officer is not None
        gifts = []
        for amount in (500_000, 5_000_000, 5_000_000):
            gifts.append(
                await record_contribution(
                    session, person=giver, recorded_by=giver, entry=NewContribution("money", amount), now=NOW
                )
            )
        for gift in gifts[:2]:
            await decide(session, gift, confirmed=True, actor=mai, now=NOW)
        await reverse(session, gifts[1], actor=officer, reason="nhầm", now=NOW)
        await session.flush()
        assert await far_from_the_others(session, mai, [gifts[2].id]) == {gifts[2].id: 500_000}


@on_text_only
async def test_a_code_typed_at_the_drives_opens_that_gift_and_chuyen_ten_moves_the_one_ticked(
    app, hoa, invites, make_person
) -> None:
    """At the drives' question “ct2” read “chọn một mục…”, and at the page “chuyen ten” with one gift ticked
    read the same: the code opens the gift as at the page, Back leads to its drive's page; “chuyển tên” is
    “Ghi nhầm người”, and typed over none or several, which one is asked."""
    for amount in ("200k", "300k"):
        await give(hoa, amount)
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await give(mai, "100k")  # her own: CT-2026-000003, not hers to decide
    await mai.say("/xacnhan")
    screen = await mai.say("ct2")
    assert "CT-2026-000002 ·" in screen and "300.000\xa0₫" in screen and "chọn một mục" not in screen
    screen = await mai.choose("Quay lại")
    assert "2 khoản chờ" in screen and "trang 1/1" in screen
    await mai.choose("Quay lại")
    screen = await mai.say("CT-2026-000003")
    assert "CT-2026-000003 không có trong các khoản chờ anh/chị xác nhận" in screen
    assert "Khoản chờ xác nhận, theo đợt" in screen or "đợt nào" in screen
    await mai.choose("Quỹ")
    for typed in ("chuyen ten", "ghi nham nguoi"):  # nothing ticked: which one, asked
        screen = await mai.say(typed)
        assert "Anh/chị vui lòng chọn đúng một khoản bị ghi nhầm người" in screen, screen
    await mai.choose("CT-2026-000001")
    screen = await mai.say("chuyển tên")
    assert "Khoản CT-2026-000001 là của ai?" in screen


@on_buttons
async def test_rice_given_without_a_value_is_counted_as_an_item_in_the_last_look_not_as_0_dong(
    app, invites, make_person
) -> None:
    """A household's 20 kg of rice (value skipped) beside 10 áo ấm worth 500.000 ₫: the treasurer's last look
    read “hiện vật ước tính 0 ₫” for the rice alone, as if nothing had come; it counts it apart."""
    async with app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert giver is not None
        rice = NewContribution(kind="goods", amount_vnd=0, description="20 kg gạo")
        await record_contribution(session, person=giver, recorded_by=giver, entry=rice, now=NOW)
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    screen = await mai.choose("Xác nhận cả trang")
    assert "Tổng cộng: hiện vật: 1 khoản chưa ghi trị giá." in screen and "0\xa0₫" not in screen
    await mai.choose("Không")

    async with app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        coats = NewContribution(kind="goods", amount_vnd=500_000, description="10 áo ấm")
        await record_contribution(session, person=giver, recorded_by=giver, entry=coats, now=NOW)
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    screen = await mai.choose("Xác nhận cả trang")
    assert "Tổng cộng: hiện vật ước tính 500.000\xa0₫; hiện vật: 1 khoản chưa ghi trị giá." in screen


@on_text_only
async def test_a_member_has_no_queue(app, hoa) -> None:
    assert "Khoản chờ xác nhận" not in hoa.screen
    assert "không có khoản nào chờ anh/chị xác nhận" in await hoa.say("/xacnhan")


async def test_a_correction_by_another_treasurer_shows_in_the_givers_progress(
    app, hoa, invites, make_person
) -> None:
    mai, binh = make_person("mai"), make_person("binh")
    await give(hoa, "1tr")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await joined(binh, invites.treasurer, "Đặng Văn Bình")
    await mai.say("/tracuu")
    await mai.say("CT-2026-000001")
    await mai.choose("Xác nhận")

    await mai.say("/tracuu")
    screen = await mai.say("CT-2026-000001")  # the one who confirmed may not correct it
    assert "Hủy bằng bút toán" not in screen and "một thủ quỹ khác hoặc cán bộ công đoàn" in screen

    await binh.say("/tracuu")
    await binh.say("CT-2026-000001")
    await binh.choose("Hủy bằng bút toán")
    screen = await binh.say("Nhập nhầm, đúng là 100k")  # one last look: nothing is written yet
    assert "Hủy CT-2026-000001 (1.000.000\xa0₫) bằng bút toán điều chỉnh?" in screen
    assert "Lý do: Nhập nhầm, đúng là 100k" in screen and "không thể hoàn tác" in screen
    screen = await binh.choose("Không")
    assert "Không có gì thay đổi" in screen
    assert "CT-2026-000002" not in await entries(app)
    await binh.say("/tracuu")
    await binh.say("CT-2026-000001")
    await binh.choose("Hủy bằng bút toán")
    await binh.say("Nhập nhầm, đúng là 100k")
    screen = await binh.choose("Có")
    assert "CT-2026-000001 đã được hủy bằng bút toán điều chỉnh CT-2026-000002" in screen
    found = await entries(app)
    assert found["CT-2026-000001"].amount_vnd == 1_000_000 and found["CT-2026-000001"].status == "confirmed"
    assert (
        found["CT-2026-000002"].amount_vnd == -1_000_000
        and found["CT-2026-000002"].reverses_id == found["CT-2026-000001"].id
    )

    screen = await hoa.say("/tiendo")
    assert "CT-2026-000002" in screen and "điều chỉnh: Nhập nhầm, đúng là 100k" in screen
    assert "tiền 0\xa0₫ đã xác nhận" in screen
    assert any(
        "CT-2026-000002" in text and "Nhập nhầm" in text for text in await notices_to(app, "Võ Thị Hoa")
    )

    await binh.say("/tracuu")
    screen = await binh.say("CT-2026-000002")  # a correction is not itself corrected
    assert "Hủy bằng bút toán" not in screen and "Bút toán điều chỉnh hủy CT-2026-000001" in screen


async def test_the_domain_refuses_a_reversal_of_a_reversal_and_by_the_confirmer_and_audits_it(
    app, invites
) -> None:
    await officer_of_the_school(app)
    async with app.sessionmaker() as session, session.begin():
        people = {p.full_name: p for p in await session.scalars(select(Person))}
        mai, hung = people["Trần Thị Mai"], people["Lê Văn Hùng"]
        giver = people["Phạm Minh Tuấn"]
        entry = await record_contribution(
            session, person=giver, recorded_by=giver, entry=NewContribution("money", 400_000), now=NOW
        )
        with pytest.raises(LedgerError, match="reason"):
            await decide(session, entry, confirmed=False, actor=await actor_for(session, mai), now=NOW)
        await decide(session, entry, confirmed=True, actor=await actor_for(session, mai), now=NOW)
        with pytest.raises(LedgerError, match="own_confirmation"):
            await reverse(session, entry, actor=await actor_for(session, mai), reason="x", now=NOW)
        officer = await actor_for(session, hung)
        assert officer is not None
        fix = await reverse(session, entry, actor=officer, reason="nhầm", now=NOW)
        with pytest.raises(LedgerError, match="reversal_of_reversal"):
            await reverse(session, fix, actor=officer, reason="nhầm nữa", now=NOW)
        with pytest.raises(LedgerError, match="already_reversed"):
            await reverse(session, entry, actor=officer, reason="lần hai", now=NOW)
        await session.flush()
        refused = list(
            await session.scalars(select(AuditLog).where(AuditLog.action == "contribution.reverse_refused"))
        )
        assert [a.details["refusal"] for a in refused] == ["own_confirmation", "reversal_of_reversal"]
        assert await session.scalar(select(AuditLog.id).where(AuditLog.action == "contribution.reverse"))


# --- from the shell --------------------------------------------------------------------------------------


def run(monkeypatch, capsys, db_path: Path, tmp_path: Path, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{db_path}")
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    code = chungtay.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@on_buttons
async def test_the_shell_goes_through_the_same_rules(
    app, hoa, invites, make_person, db_path, tmp_path, monkeypatch, capsys
) -> None:
    mai = make_person("mai")
    await give(hoa, "200k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await give(mai, "500k")
    officer = str(await officer_of_the_school(app))
    async with app.sessionmaker() as session:
        treasurer = str(
            await session.scalar(
                select(Person.id).where(Person.full_name == "Trần Thị Mai").order_by(Person.id.desc())
            )
        )

    code, out, _ = await _in_thread(
        run,
        monkeypatch,
        capsys,
        db_path,
        tmp_path,
        "contributions",
        "pending",
        "--as",
        treasurer,
        "--drive",
        "general",
    )
    assert code == 0 and "CT-2026-000001" in out and "Võ Thị Hoa" in out and "CT-2026-000002" not in out
    code, out, err = await _in_thread(
        run,
        monkeypatch,
        capsys,
        db_path,
        tmp_path,
        "contributions",
        "confirm",
        "CT-2026-000002",
        "--as",
        treasurer,
    )
    assert code == 2 and "khoản này do anh/chị đóng góp hoặc ghi nhận: một thủ quỹ khác phải xử lý" in err
    code, out, err = await _in_thread(
        run,
        monkeypatch,
        capsys,
        db_path,
        tmp_path,
        "contributions",
        "confirm",
        "CT-2026-000001",
        "--as",
        treasurer,
    )
    assert code == 0 and "CT-2026-000001: đã xác nhận." in out
    code, out, err = await _in_thread(
        run,
        monkeypatch,
        capsys,
        db_path,
        tmp_path,
        "contributions",
        "reverse",
        "CT-2026-000001",
        "--reason",
        "nhầm",
        "--as",
        treasurer,
    )
    assert code == 2 and "anh/chị đã xác nhận khoản này" in err
    code, out, err = await _in_thread(
        run, monkeypatch, capsys, db_path, tmp_path, "contributions", "reverse", "CT-2026-000001",
        "--reason", ".", "--as", officer,
    )  # fmt: skip
    assert code == 2 and "hãy ghi lý do vài chữ, người ủng hộ sẽ đọc" in err  # and nothing reversed
    assert (await entries(app))["CT-2026-000001"].status == "confirmed"
    code, out, err = await _in_thread(
        run,
        monkeypatch,
        capsys,
        db_path,
        tmp_path,
        "contributions",
        "reverse",
        "CT-2026-000001",
        "--reason",
        "nhầm",
        "--as",
        officer,
    )
    assert code == 0 and "CT-2026-000001 đã được hủy bằng CT-2026-000003." in out
    found = await entries(app)
    assert found["CT-2026-000002"].status == "recorded" and found["CT-2026-000003"].amount_vnd == -200_000
    code, out, err = await _in_thread(
        run, monkeypatch, capsys, db_path, tmp_path, "contributions", "pending", "--drive", "general"
    )
    assert code == 2 and "--as" in err


async def test_a_vietnamese_office_reads_the_queue_and_its_refusals_in_vietnamese(
    app, hoa, invites, make_person, db_path, tmp_path, monkeypatch, capsys, clock
) -> None:
    """`contributions …`'s own lines and refusals speak the office's language, as the chat does (decision
    1696): a code mistyped, an amount read as a phone number, the queue; an English office reads English.
    The shell keeps the test's clock, by day: at night its answer says when the giver hears (2830)."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=clock))
    mai = make_person("mai")
    await give(hoa, "200k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    async with app.sessionmaker() as session:
        treasurer = str(
            await session.scalar(
                select(Person.id).where(Person.full_name == "Trần Thị Mai").order_by(Person.id.desc())
            )
        )
    shell = (run, monkeypatch, capsys, db_path, tmp_path, "contributions")

    code, out, _ = await _in_thread(*shell, "pending", "--as", treasurer)
    assert code == 0 and out == "Quỹ “Vì người nghèo” (ngoài các đợt vận động): đang chờ: 1\n"
    code, _, err = await _in_thread(*shell, "confirm", "CT-2026-000009", "--as", treasurer)
    assert code == 2 and err == (
        "chungtay: không có khoản đóng góp 'CT-2026-000009' trong tổ chức này; hãy ghi mã khoản, ví dụ "
        "CT-2026-000001\n"
    )
    code, _, err = await _in_thread(
        *shell, "confirm", "CT-2026-000001", "--received", "0912345678", "--as", treasurer
    )
    assert code == 2 and err == (
        "chungtay: '0912345678' giống số điện thoại, không phải số tiền; hãy ghi số tiền bằng đồng, ví dụ "
        "--received 300000 hoặc 300k\n"
    )  # not “--received 912.345.678”, her phone without its 0 (decision 1736)
    assert (await entries(app))["CT-2026-000001"].status == "recorded"  # nothing decided
    code, out, _ = await _in_thread(*shell, "confirm", "CT-2026-000001", "--as", treasurer)
    assert code == 0 and out == "CT-2026-000001: đã xác nhận. Người ủng hộ đang được báo tin.\n"
    code, out, _ = await _in_thread(*shell, "pending", "--as", treasurer)
    assert code == 0 and out == "Không có khoản nào chờ anh/chị xác nhận.\n"

    monkeypatch.setenv("DEFAULT_LOCALE", "en")  # an office whose chats speak English reads English
    code, out, _ = await _in_thread(*shell, "pending", "--as", treasurer)
    assert code == 0 and out == "Nothing is waiting for you to confirm.\n"
    code, _, err = await _in_thread(
        *shell, "reverse", "CT-2026-000001", "--reason", "nhầm", "--as", treasurer
    )
    assert code == 2 and err == (
        "chungtay: CT-2026-000001: you confirmed it: another treasurer or the union or mobilisation "
        "officers must correct it\n"
    )


async def _in_thread(fn, *args):  # type: ignore[no-untyped-def]
    """The command runs its own event loop, as it would in its own process."""
    import asyncio

    try:
        return await asyncio.to_thread(fn, *args)
    except SystemExit as stopped:  # argparse's usage error
        out = args[1].readouterr()
        return stopped.code, out.out, out.err


async def test_a_giver_withdraws_a_gift_still_waiting_and_it_leaves_the_queue_and_the_totals(
    app, hoa, invites, make_person
) -> None:
    mai = make_person("mai")
    await give(hoa, "300k")
    await give(hoa, "300k")  # typed twice by mistake
    screen = await hoa.say("/tracuu CT-2026-000002")
    screen = await hoa.choose("Rút lại")
    assert "Rút lại CT-2026-000002 (300.000\xa0₫)?" in screen
    screen = await hoa.choose("Có")
    assert "Đã rút lại CT-2026-000002" in screen
    found = await entries(app)
    assert (found["CT-2026-000002"].status, found["CT-2026-000001"].status) == ("rejected", "recorded")

    screen = await hoa.say("/tiendo")
    assert "Tổng năm nay: tiền 300.000\xa0₫ đang chờ." in screen
    assert "CT-2026-000002 · 22/11/2026 · 300.000\xa0₫ · người đóng góp đã rút lại" in screen
    screen = await hoa.say("/tracuu CT-2026-000002")
    assert "Rút lại" not in [c.label for c in hoa.menu.choices]  # once only

    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    assert "1 khoản chờ" in screen and "CT-2026-000002" not in screen
    await mai.say("/tracuu CT-2026-000001")  # someone else's gift: a treasurer does not withdraw it
    assert "Rút lại" not in [c.label for c in mai.menu.choices]


async def test_only_the_giver_or_recorder_withdraws_and_only_while_it_waits(app, invites) -> None:
    async with app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        treasurer = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        assert giver is not None and treasurer is not None
        entry = NewContribution(kind="money", amount_vnd=100_000)
        waiting = await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
        confirmed = await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)
        t_actor = await actor_for(session, treasurer)
        await decide(session, confirmed, confirmed=True, actor=t_actor, now=NOW)
        with pytest.raises(LedgerError, match="not_allowed"):
            await withdraw(session, waiting, actor=t_actor, now=NOW)
        me = await actor_for(session, giver)
        with pytest.raises(LedgerError, match="already_decided"):
            await withdraw(session, confirmed, actor=me, now=NOW)
        await withdraw(session, waiting, actor=me, now=NOW)
        await session.refresh(waiting)
        assert (waiting.status, waiting.decided_by) == ("rejected", giver.id)
        actions = list(await session.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert "contribution.withdrawn" in actions and "contribution.withdraw_refused" in actions


async def test_the_queue_says_how_to_choose_in_the_words_of_the_channel(
    app, hoa, invites, make_person, profile
) -> None:
    mai = make_person("mai")
    await give(hoa, "100k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    unclear = await mai.say("cái nào cũng được")  # a one-choice menu
    screen = await mai.choose("Quỹ")
    if profile.buttons:
        assert "Bấm để chọn, bấm lần nữa để bỏ chọn." in screen and "gõ" not in screen.lower()
        assert "vui lòng chọn một mục dưới đây." in unclear and "gõ số" not in unclear
    else:  # nothing to press on a text-only chat (Zalo): numbers to type
        assert "bấm" not in screen.lower()
        assert (
            "Gõ số thứ tự để chọn, có thể gõ nhiều số cùng lúc (ví dụ: 1,3); gõ lại số đó để bỏ chọn."
            in screen
        )
        assert "vui lòng chọn một mục dưới đây." in unclear and "gõ số thứ tự của mục muốn chọn" in unclear


@on_text_only
async def test_at_a_looked_up_gift_a_main_menu_entrys_whole_name_starts_it(
    app, hoa, invites, make_person
) -> None:
    """On the treasurer's screen of a code looked up, "tiến độ của tôi" (or, in English, "my progress") is
    taken as at the main menu, not answered with the options of the gift; a word of nothing stays there."""
    mai = make_person("mai")
    await give(hoa, "300k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    for entry, progress in (("tiến độ của tôi", "Tiến độ năm 2026"), ("tien do cua toi", "Tiến độ năm 2026")):
        await mai.say("/tracuu CT-2026-000001")
        assert "Xác nhận" in mai.menu.choices[0].label
        screen = await mai.say(entry)
        assert progress in screen and "Vui lòng chọn" not in screen
    await mai.say("/tracuu CT-2026-000001")
    screen = await mai.say("trời mưa")  # neither an option nor an entry: the gift's options again
    assert "vui lòng chọn một mục dưới đây" in screen and "Chưa nhận được" in screen
    assert "có thể gõ vài chữ trong tên của mục đó" in screen  # with how to answer, as any wrong answer
    screen = await mai.choose("Xác nhận")
    assert "CT-2026-000001: đã xác nhận" in screen

    await mai.say("English")
    await mai.say("/lookup CT-2026-000001")
    screen = await mai.say("my progress")
    assert "Your progress in 2026" in screen and "Please choose" not in screen
    await mai.say("/lookup CT-2026-000001")
    screen = await mai.say("public statement")
    assert "Please choose" not in screen and "What next?" not in screen


@on_buttons
async def test_the_queue_names_the_fund_outside_the_drives_as_the_giver_chose_it(
    app, hoa, invites, make_person
) -> None:
    """A drive may raise money for the Fund too: the queue says “ngoài các đợt vận động”, as the giver's menu
    and last look do, never the bare “Quỹ “Vì người nghèo””."""
    mai = make_person("mai")
    await hoa.choose("Ghi nhận đóng góp")
    chosen = next(c.label for c in hoa.menu.choices if "ngoài các đợt" in c.label)
    assert chosen == "Quỹ “Vì người nghèo” (ngoài các đợt vận động)"
    await hoa.choose(chosen)
    await hoa.choose("Tiền")
    await hoa.say("200k")
    screen = await hoa.choose("Bỏ qua")
    assert f"• Đợt vận động: {chosen}" in screen
    await hoa.choose("Có")
    await joined(mai, invites.treasurer, "Trần Thị Mai")

    screen = await mai.choose("Khoản chờ xác nhận")
    assert f"{chosen}: 1 khoản chờ" in screen
    screen = await mai.choose("ngoài các đợt")
    assert f"{chosen}: 1 khoản chờ, cũ nhất trước" in screen


async def test_a_treasurer_asks_a_giver_for_the_missing_receipt_once_a_day_and_the_photo_joins_the_gift(
    app, hoa, invites, make_person, settings, clock
) -> None:
    """Year's end: gifts waiting without a photo. The treasurer ticks them and asks for the receipts: each
    giver is told of her own gift only (its code, figure, drive and day), once a day however often it is
    pressed; the queue says when it was asked; the photo sent with the message's button joins that gift."""
    nam, mai = make_person("nam"), make_person("mai")
    await joined(nam, invites.member, "Đỗ Văn Nam")
    await give(hoa, "200k")
    stored = store(settings.media_dir, b"\xff\xd8\xff bien lai cua Nam")
    await give(nam, "1tr", photo=Photo(stored.sha256, stored.path, stored.size))
    await joined(mai, invites.treasurer, "Trần Thị Mai")

    await mai.choose("Khoản chờ xác nhận")
    await mai.choose("Quỹ")
    screen = await mai.choose("Xin ảnh biên lai")  # nothing ticked: said, nothing sent
    assert "chọn trước các khoản cần xin ảnh biên lai" in screen
    await mai.choose("CT-2026-000001")
    await mai.choose("CT-2026-000002")
    screen = await mai.choose("Xin ảnh biên lai")
    assert "Đã nhắn xin ảnh biên lai (mỗi người chỉ được nhắc về khoản của mình): CT-2026-000001." in screen
    assert "Đã có ảnh, không cần xin: CT-2026-000002." in screen
    assert "CT-2026-000001 · 22/11/2026 · 200.000\xa0₫ · Võ Thị Hoa" in screen
    assert "đã xin biên lai 22/11/2026" in screen and screen.count("đã xin biên lai") == 1
    await mai.choose("CT-2026-000001")
    screen = await mai.choose("Xin ảnh biên lai")  # pressed again the same day: nothing more is sent
    assert "Hôm nay đã xin rồi, không gửi thêm: CT-2026-000001." in screen

    [asked] = [text for text in await notices_to(app, "Võ Thị Hoa") if "ảnh biên lai" in text]
    assert "CT-2026-000001: 200.000\xa0₫, cho Quỹ “Vì người nghèo”, ghi ngày 22/11/2026" in asked
    assert "Nam" not in asked and "1.000.000" not in asked and "CT-2026-000002" not in asked
    assert not [text for text in await notices_to(app, "Đỗ Văn Nam") if "ảnh biên lai" in text]

    from tests.test_notices import notices, press

    [notice] = [n for n in notices(hoa) if "ảnh biên lai" in n.message.text]
    screen = await press(hoa, notice, "Gửi ảnh biên lai")
    assert "gửi vào đây ảnh biên lai hoặc ảnh chụp màn hình chuyển khoản cho khoản CT-2026-000001" in screen
    screen = await hoa.say("đây ạ")  # words, not a photo: asked again kindly, nothing kept
    assert "vui lòng gửi ảnh biên lai" in screen
    receipt = store(settings.media_dir, b"\xff\xd8\xff bien lai cua Hoa")
    hoa.clock.advance(seconds=1)
    hoa.last = await hoa.channel.receive(
        hoa.chat_id, photo=Photo(receipt.sha256, receipt.path, receipt.size), at=hoa.clock()
    )
    assert "Ảnh đã được lưu làm minh chứng cho khoản CT-2026-000001" in hoa.screen
    await hoa.choose("Đã xong")
    found = await entries(app)
    assert len(found) == 2 and found["CT-2026-000001"].status == "recorded"
    async with app.sessionmaker() as session:
        kept = await session.scalars(
            select(Evidence.path).where(Evidence.contribution_id == found["CT-2026-000001"].id)
        )
        assert list(kept) == [receipt.path]

    screen = await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    assert "đã xin biên lai" not in screen and screen.count("📷") == 2


@on_buttons
async def test_a_receipt_asked_at_midnight_and_again_a_minute_later_reaches_the_giver_once(
    app, hoa, invites, make_person, clock
) -> None:
    """The treasurer asks at 23:59 and, the queue open again, at 00:01: both would go out at 7:00 after the
    night's quiet hours. The giver gets one message that morning, and the treasurer is told it was asked."""
    mai = make_person("mai")
    await give(hoa, "200k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    clock.at = NOW.replace(day=23, hour=16, minute=59)  # 23:59 on Monday 23/11/2026, in Vietnam
    for _ in range(2):
        await mai.say("/xacnhan")
        await mai.choose("Quỹ")
        await mai.choose("CT-2026-000001")
        screen = await mai.choose("Xin ảnh biên lai")
        clock.advance(minutes=2)  # 00:01 on Tuesday
    assert "Hôm nay đã xin rồi, không gửi thêm: CT-2026-000001." in screen
    assert "vui lòng gọi điện" not in screen
    assert len([text for text in await notices_to(app, "Võ Thị Hoa") if "ảnh biên lai" in text]) == 1


async def test_two_gifts_asked_one_evening_one_after_the_other_reach_the_giver_in_one_morning_message(
    app, hoa, invites, make_person, clock
) -> None:
    """The treasurer asks for Hoa's 200.000 ₫ at 22:00 and, finding her 300.000 ₫ too, for it at 22:30: both
    wait for 7:00 after the night's quiet hours. Hoa got two messages at the same minute; now the one waiting
    names both gifts, with a button each. The 200.000 ₫ confirmed at 23:00 and her 150.000 ₫ asked for at
    23:30, the message still waiting names the two that wait, not the one confirmed; and Hoa, who chose
    English that night, reads it in English at 7:00, as any notice held over the night."""
    mai = make_person("mai")
    await give(hoa, "200k")
    await give(hoa, "300k")
    await give(hoa, "150k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    clock.at = NOW.replace(day=23, hour=15)  # 22:00 on Monday 23/11/2026, in Vietnam
    for ref in ("CT-2026-000001", "CT-2026-000002"):
        await mai.say("/xacnhan")
        await mai.choose("Quỹ")
        await mai.choose(ref)
        screen = await mai.choose("Xin ảnh biên lai")
        assert f"Đã nhắn xin ảnh biên lai (mỗi người chỉ được nhắc về khoản của mình): {ref}." in screen
        clock.advance(minutes=30)
    [asked] = [text for text in await notices_to(app, "Võ Thị Hoa") if "ảnh biên lai" in text]
    assert "2 khoản (500.000\xa0₫) đang chờ xác nhận" in asked
    assert "• CT-2026-000001: 200.000\xa0₫" in asked and "• CT-2026-000002: 300.000\xa0₫" in asked
    async with app.sessionmaker() as session:
        [payload] = await session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.key.like("notice:receipt:%"))
        )
    labels = [label for _, label in payload["actions"]]
    assert labels == ["Gửi ảnh biên lai CT-2026-000001", "Gửi ảnh biên lai CT-2026-000002"]

    await mai.say("/xacnhan")  # 23:00
    await mai.choose("Quỹ")
    await mai.choose("CT-2026-000001")
    await mai.choose("Xác nhận các khoản")
    assert "Đã xác nhận: CT-2026-000001" in await mai.choose("Có")
    clock.advance(minutes=30)
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    await mai.choose("CT-2026-000003")
    assert "Đã nhắn xin ảnh biên lai" in await mai.choose("Xin ảnh biên lai")
    [asked] = [text for text in await notices_to(app, "Võ Thị Hoa") if "ảnh biên lai" in text]
    assert "2 khoản (450.000\xa0₫) đang chờ xác nhận" in asked and "CT-2026-000001" not in asked
    await hoa.say("/ngonngu en")
    clock.at = NOW.replace(day=24, hour=0)  # 7:00 on Tuesday
    await hoa.say("/menu")
    [sent] = [m for _to, m in hoa.channel.transport.sent if "receipt" in m.text]
    assert "2 contributions" in sent.text and "CT-2026-000001" not in sent.text
    assert [label for _, label in sent.actions] == [
        "Send the receipt's photo CT-2026-000002",
        "Send the receipt's photo CT-2026-000003",
    ]


@on_text_only
async def test_gifts_confirmed_while_their_receipts_ask_waits_for_the_morning_are_no_longer_asked_at_7(
    app, hoa, invites, make_person, clock
) -> None:
    """Hoa's 200.000 ₫ and 300.000 ₫ asked for at 22:00 wait for 7:00. The treasurer, her money found,
    confirms the 200.000 ₫ at 22:30: the ask waiting names the 300.000 ₫ alone. She confirms it too at
    23:00: the ask goes nowhere. Each answer says Hoa hears of it at 7:00, not that she is being told
    (decision 2830). Hoa read at 7:00, in the same minute, thanks for a gift and a photo asked for it,
    “đang chờ thủ quỹ xác nhận”."""
    mai = make_person("mai")
    await give(hoa, "200k")
    await give(hoa, "300k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    clock.at = NOW.replace(day=23, hour=15)  # 22:00 on Monday 23/11/2026, in Vietnam
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    await mai.choose("Chọn cả trang")
    assert "CT-2026-000001, CT-2026-000002" in await mai.choose("Xin ảnh biên lai")
    for ref, left in (("CT-2026-000001", "CT-2026-000002: 300.000\xa0₫"), ("CT-2026-000002", None)):
        clock.advance(minutes=30)
        await mai.say("/xacnhan")
        await mai.choose("Quỹ")
        await mai.choose(ref)
        await mai.choose("Xác nhận các khoản")
        said = await mai.choose("Có")
        assert (
            f"Đã xác nhận: {ref}. Người ủng hộ sẽ được báo tin lúc 07:00 Thứ Ba, 24/11/2026, sau giờ nghỉ."
            in said
        )
        async with app.sessionmaker() as session:
            waiting = list(
                await session.scalars(
                    select(OutboxMessage.payload).where(
                        OutboxMessage.key.like("notice:receipt:%"), OutboxMessage.status == "pending"
                    )
                )
            )
        if left is None:
            assert waiting == []
        else:
            [payload] = waiting
            assert left in payload["text"] and "CT-2026-000001" not in payload["text"]
            assert [label for _, label in payload["actions"]] == ["Gửi ảnh biên lai"]
    clock.at = NOW.replace(day=24, hour=0)  # 7:00 on Tuesday
    await hoa.say("/menu")
    told = [m.text for to, m in hoa.channel.transport.sent if to == hoa.chat_id and "2026-00000" in m.text]
    assert told and not any("ảnh biên lai" in text for text in told)


async def test_a_gift_asked_for_as_the_sender_holds_the_mornings_message_comes_in_a_message_of_its_own(
    app, hoa, invites, make_person, settings, clock
) -> None:
    """Hoa's 200.000 ₫ asked for at 22:00 waits for 7:00; at 7:00 the sender takes the message (its lease,
    30 s) and, the last of a long round, still waits its turn at 7:00:40, the message as it took it in
    hand. The treasurer asks then for her 300.000 ₫: it was written into that message, which went out naming
    the first gift alone, and the second's button was never seen, though the queue said it was asked. Now it
    is a message of its own."""
    mai = make_person("mai")
    await give(hoa, "200k")
    await give(hoa, "300k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    clock.at = NOW.replace(day=23, hour=15)  # 22:00 on Monday 23/11/2026, in Vietnam
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    await mai.choose("CT-2026-000001")
    await mai.choose("Xin ảnh biên lai")
    morning = NOW.replace(day=24, hour=0)  # 7:00 on Tuesday
    async with app.sessionmaker() as session, session.begin():
        held = await session.scalar(select(OutboxMessage).where(OutboxMessage.key.like("notice:receipt:%")))
        assert held is not None
        taken = dict(held.payload)
        held.lease_until = morning + timedelta(seconds=30)  # the sender's claim at 7:00, still in its hand
    async with app.sessionmaker() as session, session.begin():  # her queue's “Xin ảnh biên lai”, at 7:00:40
        mai_row = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        treasurer = await actor_for(session, mai_row)
        gift = await session.scalar(select(Contribution.id).where(Contribution.ref == "CT-2026-000002"))
        assert gift is not None
        now = morning + timedelta(seconds=40)
        asked = await ask_for_receipts(session, treasurer, [gift], now=now, settings=settings)
    assert asked.asked == ["CT-2026-000002"]
    async with app.sessionmaker() as session:
        first, second = await session.scalars(
            select(OutboxMessage.payload)
            .where(OutboxMessage.key.like("notice:receipt:%"))
            .order_by(OutboxMessage.id)
        )
    assert first == taken and "CT-2026-000002" not in first["text"]
    assert "CT-2026-000002: 300.000\xa0₫" in second["text"] and "CT-2026-000001" not in second["text"]
    assert [label for _, label in second["actions"]] == ["Gửi ảnh biên lai"]


async def test_two_treasurers_asking_one_giver_for_receipts_at_the_same_instant_both_reach_her(
    any_app: App,
) -> None:
    """At 22:00 Mai, treasurer of the school, asks Lan for her 200.000 ₫ receipt while Thu, treasurer of unit
    A, asks for her 300.000 ₫. On PostgreSQL the second ask waited for the first to be saved, then found
    the morning's message written and was told “Hôm nay đã xin rồi”: Lan never read that gift asked. Now the
    second waits its turn, then joins the message: one message at 7:00 naming both."""
    from tests.test_donors import add_treasurer_of_a  # they use this module's helpers
    from tests.test_drives import seed

    ids = await seed(any_app)
    thu = await add_treasurer_of_a(any_app, ids)
    evening = NOW.replace(day=23, hour=15)  # 22:00 on Monday 23/11/2026, in Vietnam
    async with any_app.sessionmaker() as session, session.begin():
        lan = await session.get_one(Person, ids["lan"])
        gifts = [
            await record_contribution(
                session, person=lan, recorded_by=lan, entry=NewContribution("money", amount), now=NOW
            )
            for amount in (200_000, 300_000)
        ]
        first_id, second_id = (gift.id for gift in gifts)

    async def ask(session: AsyncSession, treasurer: int, gift: int) -> list[str]:
        actor = await actor_for(session, await session.get_one(Person, treasurer))
        return (await ask_for_receipts(session, actor, [gift], now=evening, settings=None)).asked

    async with any_app.sessionmaker() as first, first.begin():
        assert await ask(first, ids["mai"], first_id) == ["CT-2026-000001"]

        async def second_ask() -> list[str]:
            async with any_app.sessionmaker() as second, second.begin():
                return await ask(second, thu, second_id)

        thus = asyncio.create_task(second_ask())
        if any_app.db.dialect.name == "postgresql":  # side by side: Thu's ask waits on Mai's, uncommitted
            waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            async with any_app.sessionmaker() as watcher:
                while not thus.done() and not await watcher.scalar(waiting):
                    await watcher.rollback()  # a fresh look at the server each time round
        else:  # one writer at a time: Thu's after Mai's
            await asyncio.sleep(0)
    assert await thus == ["CT-2026-000002"]
    async with any_app.sessionmaker() as session:
        [asked] = await session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.key.like("notice:receipt:%"))
        )
    assert "CT-2026-000001" in asked["text"] and "CT-2026-000002" in asked["text"]
    assert [label for _, label in asked["actions"]] == [
        "Gửi ảnh biên lai CT-2026-000001",
        "Gửi ảnh biên lai CT-2026-000002",
    ]


async def test_a_receipt_asked_for_weeks_after_the_gift_and_sent_at_the_menu_joins_it_not_a_second_gift(
    app, hoa, invites, make_person, settings, clock
) -> None:
    """The gift of 22/11 waits without a photo; the treasurer asks for it on 3/12. The next day the giver
    sends the photo at the main menu, without the message's button. It was a second gift of 200.000 ₫ at a
    plain “Có”: the late receipt was looked for a week back only. Now the gift asked for is offered as the
    same one, asked first (decision 1278), and the photo joins it."""
    mai = make_person("mai")
    await give(hoa, "200k")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    clock.at = NOW.replace(month=12, day=3)
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    await mai.choose("CT-2026-000001")
    await mai.choose("Xin ảnh biên lai")
    clock.at = NOW.replace(month=12, day=4)
    await hoa.say("/menu")
    receipt = store(settings.media_dir, b"\xff\xd8\xff bien lai cua Hoa")
    hoa.last = await hoa.channel.receive(
        hoa.chat_id, photo=Photo(receipt.sha256, receipt.path, receipt.size), at=hoa.clock()
    )
    assert "biên lai của khoản CT-2026-000001 (200.000\xa0₫, ngày 22/11/2026)" in hoa.screen
    screen = await hoa.choose("Đúng, gắn vào khoản này")
    assert "Ảnh đã được lưu làm minh chứng cho khoản CT-2026-000001" in screen
    found = await entries(app)
    assert list(found) == ["CT-2026-000001"]
    async with app.sessionmaker() as session:
        kept = await session.scalars(
            select(Evidence.path).where(Evidence.contribution_id == found["CT-2026-000001"].id)
        )
        assert list(kept) == [receipt.path]


@on_text_only
async def test_a_photo_at_the_menu_lists_the_gifts_waiting_without_a_receipt_and_may_still_begin_a_new_one(
    app, hoa, invites, make_person, settings, clock
) -> None:
    """Hoa gave 200k and 500k without a photo, 100k with one, and 1tr the treasurer has confirmed. A photo
    sent at her menu without words offers the two that wait without a receipt, never the one with its photo
    nor the confirmed one, and a new gift; “Ghi khoản mới” goes on as a photo at the menu always did
    (decision 1278)."""
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    first = store(settings.media_dir, b"\xff\xd8\xff bien lai 100k")
    for amount in ("200k", "500k", "1tr"):
        await give(hoa, amount)
    await give(hoa, "100k", photo=Photo(first.sha256, first.path, first.size))
    async with app.sessionmaker() as session, session.begin():
        treasurer = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        gift = await session.scalar(select(Contribution).where(Contribution.amount_vnd == 1_000_000))
        assert treasurer is not None and gift is not None
        await decide(
            session, gift, confirmed=True, actor=await actor_for(session, treasurer), now=hoa.clock()
        )
    clock.advance(hours=2)
    await hoa.say("/menu")
    photo = store(settings.media_dir, b"\xff\xd8\xff bien lai nua")

    hoa.last = await hoa.channel.receive(
        hoa.chat_id, photo=Photo(photo.sha256, photo.path, photo.size), at=hoa.clock()
    )

    assert "biên lai của khoản nào dưới đây" in hoa.screen
    offered = [choice.label for choice in hoa.menu.choices]
    assert offered[:3] == [
        "CT-2026-000001 · 22/11/2026 · 200.000\xa0₫",
        "CT-2026-000002 · 22/11/2026 · 500.000\xa0₫",
        "Ghi khoản mới",
    ]
    assert not any("CT-2026-000003" in label or "CT-2026-000004" in label for label in offered)
    screen = await hoa.choose("Ghi khoản mới")
    assert "Cảm ơn anh/chị, ảnh này sẽ được lưu làm minh chứng cho khoản đóng góp." in screen
    assert "đợt vận động nào" in screen
    async with app.sessionmaker() as session:
        assert list(await session.scalars(select(Evidence.path))) == [first.path]


@on_buttons
async def test_the_tenfold_mark_never_says_the_figure_of_a_gift_of_a_unit_she_does_not_cover(
    app: App, make_person
) -> None:
    """Tâm gave 500.000 ₫ in unit B, then moved to unit A and typed 5.000.000 ₫ there. Thu, treasurer of
    unit A only, read “⚠️ gấp 10 lần khoản khác của người này (500.000 ₫)”: the figure of unit B's gift,
    which she may not look up. The mark holds her gift against the gifts she may see only (decision 1624)."""
    from tests.test_donors import add_treasurer_of_a  # they use this module's helpers
    from tests.test_drives import seed

    ids = await seed(app)
    await add_treasurer_of_a(app, ids)
    async with app.sessionmaker() as session, session.begin():
        tam = await session.get_one(Person, ids["tam"])
        for amount in (300_000, 500_000):
            await record_contribution(
                session, person=tam, recorded_by=tam, entry=NewContribution("money", amount), now=NOW
            )
        tam.unit_id = ids["unit A"]
        await session.flush()
        for amount in (200_000, 5_000_000):
            await record_contribution(
                session, person=tam, recorded_by=tam, entry=NewContribution("money", amount), now=NOW
            )
    thu = make_person("thu")
    await thu.say("/xacnhan")
    screen = await thu.choose("Quỹ")
    line = next(line for line in screen.splitlines() if "CT-2026-000004" in line)
    assert "5.000.000\xa0₫" in line and "⚠️ gấp 25 lần khoản khác của người này (200.000\xa0₫)" in line
    assert "500.000" not in screen and "300.000" not in screen  # unit B's gifts, not hers to see
    mai = make_person("mai")  # the organisation's treasurer sees both units: held against their middle (1732)
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    line = next(line for line in screen.splitlines() if "CT-2026-000004" in line)
    assert "⚠️ gấp 16 lần khoản khác của người này (300.000\xa0₫)" in line
