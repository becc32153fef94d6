"""A school union's December, walked through as its people would on their phones: the office sets the Fund's
account and makes a second treasurer in the chat; colleagues give by transfer; the treasurer sends the bank's
statement, confirms the matches, records a company's transfer as a donor's gift that the second treasurer
confirms, and deals with a giver who transferred less than they recorded; every total then agrees.
On Zalo, which carries no file, the treasurer is told where to send it and rejects from the queue."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from bot.app import App
from bot.db.models import OutboxMessage, Person, Unit
from bot.demo import DemoInvites
from bot.domain.access import Operator
from bot.domain.digests import send_weekly
from bot.domain.ledger_book import LedgerScope, ledger_book
from bot.domain.statement import fund_statement
from bot.messages import BUTTONS, TEXT_ONLY, Photo
from bot.text import fold
from tests.support.clocks import NOW, MovableClock
from tests.test_cli import Cli, ok
from tests.test_reconcile import Row, write_xlsx
from tests.test_reconcile_chat import person, send_file

OTHERS = [
    f"{a} {b} {c}"
    for a in ("Phan", "Lý", "Tạ", "Mạc", "Đào")
    for b in ("Văn", "Thị")
    for c in ("An", "Bảo", "Cúc")
]


async def joins(p, code: str, name: str) -> str:  # type: ignore[no-untyped-def]
    await p.say("/start")
    await p.say(code)
    screen = await p.say(name)
    if "4 số cuối" in screen:
        await p.choose("thành viên mới")
    elif "chưa có trong danh sách" in screen:
        await p.choose("Tham gia với tên này")
    await p.choose("Tôi đồng ý")
    return await p.choose("Tiếng Việt")


async def claims(p, code: str, name: str, digits: str) -> str:  # type: ignore[no-untyped-def]
    """A listed colleague joins and proves it is them with the last 4 digits of their phone."""
    await p.say("/start")
    await p.say(code)
    await p.say(name)
    await p.say(digits)
    await p.choose("Tôi đồng ý")
    return await p.choose("Tiếng Việt")


async def gives(p, typed: str = "ung ho 200k") -> str:  # type: ignore[no-untyped-def]
    """Typed at the main menu: the Fund outside the drives, no photo, yes."""
    await p.say(typed)
    await p.choose("ngoài các đợt")
    await p.choose("Bỏ qua")
    return await p.choose("Có")


COMPANY = "Công ty TNHH Minh Phát"


def december_statement() -> list[Row]:
    """The Fund account's December as the bank exports it: the codes as banks rewrite them, Khoa's 50.000 ₫
    for the 500.000 ₫ he recorded, the company's transfer without a code, the bank's fee."""
    return [
        Row(date(2026, 12, 6), None, 500_000, "MBVCB.1234.CT2026000001.UNG HO"),
        Row(date(2026, 12, 6), None, 300_000, "CT 2026 2 chuyen tien"),
        Row(date(2026, 12, 6), None, 50_000, "IBFT CT-2026-000004 DINH VAN KHOA UNG HO"),
        *(Row(date(2026, 12, 7), None, 200_000, f"MBVCB.{n}.CT2026{n:06d}.UNG HO") for n in range(5, 31)),
        Row(date(2026, 12, 8), None, 10_000_000, "CONG TY TNHH MINH PHAT CHUYEN KHOAN UNG HO QUY"),
        Row(date(2026, 12, 8), 22_000, None, "Phi quan ly tai khoan"),
    ]


async def test_a_treasurers_december_from_the_account_to_every_total(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path, db_path: Path
) -> None:
    clock.advance(days=14)  # Sunday 6 December
    cli = Cli(tmp_path, db_path)
    holder = "CONG DOAN TRUONG TC NGHE CHUNG TAY"
    ok(cli("org", "account", "--bank", "VCB", "--number", "0123456789", "--holder", holder))
    for role in ("admin", "officer", "leader"):  # the union's chair: the office, and the roll-up's reader
        ok(cli("people", "grant", "2", role, "--org-wide"))

    # 1. The chair makes a second treasurer in the chat.
    hung, mai, thu = (person(app, clock, chat, BUTTONS) for chat in ("hung", "mai", "thu"))  # on Telegram
    await claims(hung, invites.member, "Lê Văn Hùng", "5672")
    await claims(mai, invites.member, "Trần Thị Mai", "5671")
    await joins(thu, invites.member, "Đỗ Thị Thu")
    await hung.say("/phanquyen")
    await hung.choose("Giao vai trò")
    await hung.say("do thi thu")
    await hung.choose("Thủ quỹ")
    await hung.choose("Toàn cơ quan")
    assert "Đỗ Thị Thu đã có vai trò thủ quỹ toàn cơ quan" in await hung.choose("Có")

    # 2. Thirty colleagues give: typed at the menu, a transfer's photo first, goods; a household; a company.
    folks = {}
    for n, name in enumerate(["Võ Thị Hoa", "Bùi Văn Nam", "Hoàng Thị Yến", "Đinh Văn Khoa", *OTHERS[:26]]):
        folks[name] = person(app, clock, f"c{n}", BUTTONS)
        await joins(folks[name], invites.member, name)
    screen = await gives(folks["Võ Thị Hoa"], "ung ho 500k")
    assert "Nội dung chuyển khoản: CT-2026-000001" in screen and holder in screen
    nam = folks["Bùi Văn Nam"]
    clock.advance(seconds=1)
    receipt = Photo(sha256="b" * 64, path=f"bb/{'b' * 64}.jpg", size=2048, caption=None)
    nam.last = await nam.channel.receive(nam.chat_id, photo=receipt, at=clock())
    await nam.choose("ngoài các đợt")
    await nam.choose("Tiền")
    await nam.say("300k")
    assert "Nội dung chuyển khoản" not in await nam.choose("Có")  # transferred already
    yen = folks["Hoàng Thị Yến"]
    await yen.say("ủng hộ áo ấm 10 cái")
    await yen.choose("Áo ấm")
    await yen.say("1tr")
    await yen.choose("Bỏ qua")
    assert "CT-2026-000003" in await yen.choose("Có")
    await gives(folks["Đinh Văn Khoa"], "ung ho 500k")  # he will transfer 50.000 ₫
    for name in OTHERS[:26]:
        await gives(folks[name])
    async with app.sessionmaker() as session, session.begin():
        org_id = await session.scalar(select(Person.org_id).where(Person.full_name == "Lê Văn Hùng"))
        kcn = await session.scalar(select(Unit.id).where(Unit.code == "KCN"))
        household = "Hộ bà Lò Thị Sáu"
        session.add(Person(org_id=org_id, unit_id=kcn, full_name=household, name_key=fold(household),
                           kind="household", listed=True, created_at=NOW))  # fmt: skip
    await hung.say("/ghithay")
    assert f"ghi nhận gì cho {household}?" in await hung.say("lo thi sau")  # named whole: taken at once
    await hung.choose("Ghi nhận đóng góp")
    await hung.choose("ngoài các đợt")
    await hung.choose("Tiền")
    await hung.say("100k")
    await hung.choose("Bỏ qua")
    assert "CT-2026-000031" in await hung.choose("Có")  # cash, handed to the union

    # 3. The statement as a file: 28 matches confirmed, the company's line a donor's gift, Khoa's sent back.
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    screen = await send_file(mai, write_xlsx(tmp_path / "SaoKe_122026.xlsx", december_statement()))
    assert "Số khoản tiền vào đã đọc: 30." in screen and "✅ Khớp (đang chờ, đúng số tiền): 28" in screen
    assert "CT-2026-000004 · Đinh Văn Khoa" in screen and "ghi nhận 500.000\xa0₫, nhận 50.000\xa0₫" in screen
    assert "Tổng cộng: 6.000.000\xa0₫." in await mai.choose("Xác nhận 28 khoản khớp")
    await mai.choose("Có")
    await mai.choose("Ghi khoản không có mã")
    await mai.choose("10.000.000")
    await mai.say(COMPANY)
    await mai.choose("Có, ghi tên")
    await mai.choose("Phòng Đào tạo")  # the union's treasurer keeps the whole school's: which unit took it
    await mai.choose("ngoài các đợt")
    assert "CT-2026-000032" in await mai.choose("Có")
    await mai.choose("Từ chối khoản lệch số tiền (1)")
    await mai.choose("CT-2026-000004")
    screen = await mai.choose("Dùng lý do gợi ý")
    assert "Đã từ chối: CT-2026-000004." in screen and "⚠️ Lệch số tiền: 0" in screen
    assert "Không có mã tham chiếu (1): mỗi khoản đã được ghi nhận là ủng hộ của nhà hảo tâm." in screen
    await thu.say("/xacnhan")  # the second treasurer confirms what Mai and the chair recorded
    await thu.choose("Quỹ")
    screen = await thu.choose("Xác nhận cả trang")
    assert (
        "CT-2026-000031" in screen and "CT-2026-000032" in screen and "Tổng cộng: 10.100.000\xa0₫." in screen
    )
    await thu.choose("Có")
    khoa = folks["Đinh Văn Khoa"]
    await khoa.choose("Ẩn danh")  # the receipt's question answered first (a gift typed there starts too)
    await gives(khoa, "ung ho 50k")  # what he transferred, recorded again
    await thu.say("/xacnhan")
    await thu.choose("Quỹ")
    await thu.choose("CT-2026-000033")
    await thu.choose("Xác nhận các khoản đã chọn")
    assert "Đã xác nhận: CT-2026-000033" in await thu.choose("Có")

    # 4. Every total agrees: 6.050.000 ₫ from the staff, 100.000 ₫ from the household, 10.000.000 ₫ from the
    # company; the goods still waiting; the donor among no unit's people.
    money = 6_050_000 + 100_000 + 10_000_000
    screen = await hung.say("/saoke")
    screen = await hung.choose("Quỹ “Vì người nghèo” (ngoài")
    assert "Đã xác nhận: tiền 16.150.000\xa0₫" in screen and "31 khoản" in screen
    assert f"CT-2026-000032 · {COMPANY}" in screen
    async with app.sessionmaker() as session:
        statement = await fund_statement(session, org_id, 2026, title="Quỹ")
        book = await ledger_book(session, Operator(org_id), LedgerScope("fund", year=2026), now=clock())
    assert statement.totals.money == money
    confirmed = [row for row in book.rows if row.status == "confirmed" and row.kind == "money"]
    assert sum(row.amount_vnd for row in confirmed) == money
    assert sum(row.amount_vnd for row in confirmed if row.donor) == 10_000_000
    assert [row.ref for row in book.rows if row.status == "rejected"] == ["CT-2026-000004"]

    clock.advance(days=1)  # Monday: the digests of the week
    async with app.sessionmaker() as session, session.begin():
        assert await send_weekly(session, now=clock(), settings=app.settings) >= 2
    async with app.sessionmaker() as session:
        digests = [row.payload["text"] for row in await session.scalars(
            select(OutboxMessage).where(OutboxMessage.key.like("digest:%")).order_by(OutboxMessage.id)
        )]  # fmt: skip
    unit = next(text for text in digests if text.startswith("Bản tin tuần của Phòng Đào tạo"))
    # 30 colleagues gave, none registered; of 33 with Mai, Thu and Tuấn: never the company
    assert unit.split("\n")[1] == (
        "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): 30/33 người (91%) — đã đăng ký 0, đã ủng hộ 30"
    )
    # the one entry waiting, 1.000.000 ₫, is one colleague's: the year says what is confirmed (decision 1550),
    # its reason said once, on the week's line (decision 2044)
    assert "Từ đầu năm 2026: tiền và hiện vật 16.050.000\xa0₫ (tiền và hiện vật là số đã xác nhận)\n" in unit
    assert "chờ xác nhận 1.000.000" not in unit
    assert "từ nhà hảo tâm ngoài đơn vị: 10.000.000\xa0₫" in unit
    rollup = next(text for text in digests if not text.startswith("Bản tin tuần của Phòng"))
    assert rollup.split("\n")[1] == (  # the company is nobody's
        "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): 30/35 người (86%) — đã đăng ký 0, đã ủng hộ 30; "
        "hộ gia đình 1/1 (100%) — đã đăng ký 0, đã ủng hộ 1"
    )
    assert "Tiền và hiện vật đã xác nhận 16.150.000\xa0₫, chờ xác nhận 1.000.000\xa0₫" in rollup
    assert "• Khoa Công nghệ: 0/1 người (0%), hộ gia đình 1/1 (100%), 100.000\xa0₫" in rollup
    assert (
        "• Phòng Đào tạo – Hành chính – Kế toán: 30/33 người (91%), 16.050.000\xa0₫ (chờ 1.000.000\xa0₫)"
        in (rollup)
    )


async def test_a_zalo_treasurer_is_told_where_to_send_the_statement_and_rejects_from_the_queue(
    app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    mai = person(app, clock, "mai", TEXT_ONLY, files=False)
    await claims(mai, invites.member, "Trần Thị Mai", "5671")
    hoa = person(app, clock, "hoa", TEXT_ONLY, files=False)
    await joins(hoa, invites.member, "Võ Thị Hoa")
    await gives(hoa, "ung ho 500k")
    await mai.say("/xacnhan")
    screen = await mai.choose("Đối chiếu sao kê ngân hàng")
    assert "Ứng dụng nhắn tin này không gửi được tệp" in screen and "Chung Tay trên Telegram" in screen
    assert "1. Quỹ “Vì người nghèo” (ngoài các đợt vận động): 1 khoản chờ" in screen  # back at the queue
    await mai.choose("Quỹ")
    await mai.choose("CT-2026-000001")
    await mai.choose("Từ chối các khoản đã chọn")
    screen = await mai.say("Tài khoản Quỹ chỉ nhận được 50.000 đ")
    assert "Đã từ chối: CT-2026-000001." in screen
