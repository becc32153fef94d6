"""Giving by bank transfer (decision 0081): a money gift's receipt says where to transfer it, with its
reference code as the transfer's description, and carries a VietQR code that a banking app reads back as
that account, amount and description; nothing of it where the organisation set no account, for goods, or
when the transfer's photo came with the gift. The office sets the account from the shell."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from bot.app import App
from bot.db.models import AuditLog, Organisation
from bot.domain.access import Operator
from bot.domain.transfer import (
    BANKS,
    Account,
    AccountError,
    checked_account,
    checked_holder,
    find_bank,
    qr_png,
    set_account,
    vietqr,
)
from bot.messages import Photo
from tests.support.clocks import NOW, MovableClock
from tests.support.profiles import on_text_only
from tests.test_cli import ENGLISH, Cli, ok
from tests.test_flows import join

PEAK = "Tháng cao điểm"
ACCOUNT = Account(BANKS["970436"], "0123456789", "CONG DOAN TRUONG THPT HOA BINH")


def scanned(png: bytes) -> str:
    """What a banking app's camera reads from the picture."""
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1
    return found[0].text


def test_the_payload_is_napas_vietqr_as_published() -> None:
    """The example VietQR's own documentation gives: 120.000 ₫ to VietinBank account 0011001932418."""
    account = Account(BANKS["970415"], "0011001932418", "X")
    assert vietqr(account, 120_000, "ủng hộ lũ lụt") == (
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA53037045406120000"
        "5802VN62170813ung ho lu lut6304C15C"
    )


def test_the_picture_scans_back_to_the_account_amount_and_reference() -> None:
    payload = vietqr(ACCOUNT, 200_000, "CT-2026-000001")
    assert scanned(qr_png(payload)) == payload
    assert "0006970436" in payload and "01100123456789" in payload  # Vietcombank, the account
    assert "5406200000" in payload and "0814CT-2026-000001" in payload  # the amount, the description


@pytest.mark.parametrize(
    ("typed", "short"),
    [
        ("VCB", "Vietcombank"),
        ("vietinbank", "VietinBank"),
        ("970418", "BIDV"),
        ("MB", "MB"),
        ("nam a bank", "Nam A Bank"),
    ],
)
def test_a_bank_is_found_by_its_bin_or_the_name_people_use(typed: str, short: str) -> None:
    found = find_bank(typed)
    assert found is not None and found.short == short


@pytest.mark.parametrize(
    ("typed", "short"),
    [
        ("vietin", "VietinBank"),
        ("cong thuong", "VietinBank"),
        ("ngân hàng công thương", "VietinBank"),
        ("NH Công Thương Việt Nam", "VietinBank"),
        ("agri", "Agribank"),
        ("ngan hang quan doi", "MB"),
        ("ngoại thương", "Vietcombank"),
        ("đầu tư", "BIDV"),
        ("BIDV chi nhánh Hà Tĩnh", "BIDV"),
        ("Agribank - PGD Cẩm Xuyên", "Agribank"),
        ("Vietcombank Hà Tĩnh", "Vietcombank"),
        ("Ngân hàng TMCP Việt Nam Thịnh Vượng", "VPBank"),
        ("Ngân hàng TMCP Sài Gòn – Hà Nội", "SHB"),
    ],
)
def test_a_bank_is_found_by_the_words_people_say_it_with(typed: str, short: str) -> None:
    """A finding from outside: “vietin”, “cong thuong”, “BIDV chi nhánh Hà Tĩnh” were refused."""
    found = find_bank(typed)
    assert found is not None and found.short == short


@pytest.mark.parametrize("typed", ["viet", "sài gòn", "Ngân hàng Đông Nam Á", "Ngân hàng ABC", "vi"])
def test_a_bank_the_words_do_not_single_out_is_no_bank(typed: str) -> None:
    """Two banks' names begin so (Vietcombank and VietinBank; Sacombank and SHB), or none is on the list (and
    “Đông” is not enough for DongA Bank): asked again rather than guessed."""
    assert find_bank(typed) is None


@pytest.mark.parametrize(
    ("bank", "number", "holder", "says"),
    [
        ("Ngân hàng ABC", "0123456789", "X", "unknown bank"),
        ("VCB", "12", "X", "6 to 19 digits"),
        ("VCB", "0123", "X", "6 to 19 digits"),  # four digits: no Vietnamese bank's account number
        ("VCB", "01234567890123456789", "X", "6 to 19 digits"),
        ("VCB", "AB12", "X", "6 to 19 digits"),
        ("VCB", "0123456789", "  ", "holder"),
        ("VCB", "0123456789", "12", "holder"),  # a finding from outside: "12" was kept as the holder
    ],
)
def test_an_account_that_cannot_be_used_is_refused_with_what_works(
    bank: str, number: str, holder: str, says: str
) -> None:
    with pytest.raises(AccountError, match=says):
        checked_account(bank, number, holder)


def test_the_holder_is_kept_as_the_banking_app_shows_it() -> None:
    """A finding from outside: "cong doan truong trung cap nghe chung tay" was stored and shown on receipts as
    typed; banks write a holder in capitals without accents, and that is what a giver checks it against."""
    assert checked_holder(" công đoàn  trường Trung cấp nghề ") == "CONG DOAN TRUONG TRUNG CAP NGHE"
    assert checked_account("VCB", "0123 456 789", "đặng thị hà").holder == "DANG THI HA"


async def _with_account(app: App) -> None:
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        assert org is not None
        set_account(session, Operator(org.id), org, ACCOUNT, now=NOW)


@on_text_only
async def test_a_money_gifts_receipt_says_where_to_transfer_it_with_a_code_that_fills_it_in(
    app: App, invites, make_person, clock: MovableClock
) -> None:
    await _with_account(app)
    hoa = make_person("hoa")
    await join(hoa, invites.member)
    await hoa.say("/menu")
    await hoa.say("ung ho 200k")
    await hoa.choose(PEAK)
    await hoa.choose("Bỏ qua")
    screen = await hoa.choose("Có")
    assert "Mã ghi nhận: CT-2026-000001" in screen or "CT-2026-000001" in screen
    assert "Vietcombank, số tài khoản 0123456789, CONG DOAN TRUONG THPT HOA BINH" in screen
    assert "Nội dung chuyển khoản: CT-2026-000001" in screen
    pictures = [r.photo for r in hoa.last if r.photo]
    assert len(pictures) == 1
    png = (app.settings.media_dir / pictures[0]).read_bytes()
    assert scanned(png) == vietqr(ACCOUNT, 200_000, "CT-2026-000001")

    clock.advance(days=2)  # where was it to go? The giver looks the gift up again
    screen = await hoa.say("/tracuu CT-2026-000001")
    assert "Nội dung chuyển khoản: CT-2026-000001" in screen
    pictures = [r.photo for r in hoa.last if r.photo]
    assert scanned((app.settings.media_dir / pictures[0]).read_bytes()) == vietqr(
        ACCOUNT, 200_000, "CT-2026-000001"
    )


async def test_no_transfer_lines_without_an_account_for_goods_or_with_the_transfers_photo(
    app: App, hoa, clock: MovableClock
) -> None:
    await hoa.say("/menu")
    await hoa.say("ung ho 200k")
    await hoa.choose(PEAK)
    await hoa.choose("Bỏ qua")
    screen = await hoa.choose("Có")
    assert "Nội dung chuyển khoản" not in screen and not [r for r in hoa.last if r.photo]  # no account set

    await _with_account(app)
    clock.advance(minutes=5)
    await hoa.say("/menu")
    await hoa.say("ủng hộ gạo 50 kg")
    await hoa.choose(PEAK)
    await hoa.say("500k")
    await hoa.choose("Bỏ qua")
    screen = await hoa.choose("Có")
    assert "CT-2026-000002" in screen and "Nội dung chuyển khoản" not in screen  # goods are not transferred

    clock.advance(minutes=5)
    receipt = Photo(sha256="a" * 64, path=f"aa/{'a' * 64}.jpg", size=2048, caption=None)
    hoa.last = await hoa.channel.receive("hoa", photo=receipt, at=hoa.clock())  # the transfer's photo first
    await hoa.choose("Ghi khoản mới")  # not the receipt of either gift waiting without one (decision 1278)
    await hoa.choose(PEAK)  # the drive, then what and how much
    await hoa.choose("Tiền")
    await hoa.say("300k")
    screen = await hoa.choose("Có")
    assert "CT-2026-000003" in screen and "Nội dung chuyển khoản" not in screen  # already transferred


async def test_the_office_sets_the_account_and_gets_a_sample_code_to_check(
    app: App, invites, tmp_path: Path, db_path: Path
) -> None:
    cli = Cli(tmp_path, db_path)
    sample = tmp_path / "thu.png"
    said = ok(cli("org", "account", "--bank", "VCB", "--number", "0123 456 789",
                  "--holder", "CONG DOAN TRUONG THPT HOA BINH", "--qr", str(sample)))  # fmt: skip
    assert said.startswith(  # an office that sets nothing reads its chats' Vietnamese (decision 1563)
        "DEMO: tiền ủng hộ được chuyển khoản vào Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank, BIN "
        "970436), số tài khoản 0123456789, chủ tài khoản CONG DOAN TRUONG THPT HOA BINH.\n"
    )
    assert scanned(sample.read_bytes()) == vietqr(ACCOUNT, 10_000, "CT-2026-000000")
    async with app.sessionmaker() as session:
        org = await session.scalar(select(Organisation))
        assert org is not None and (org.transfer_bank, org.transfer_account) == ("970436", "0123456789")
        assert await session.scalar(select(AuditLog.action).where(AuditLog.action == "org.transfer_account"))

    refused = cli("org", "account", "--bank", "Ngân hàng ABC", "--number", "1", "--holder", "X")
    assert refused.returncode == 2 and "ngân hàng 'Ngân hàng ABC' chưa có trong danh sách" in refused.stderr
    assert "ví dụ --bank VCB; không thay đổi gì" in refused.stderr
    refused = cli("org", "account", "--bank", "VCB", "--number", "0123", "--holder", "BV THACH HA")
    assert refused.returncode == 2 and refused.stderr.endswith(
        "số tài khoản '0123' phải gồm 6 đến 19 chữ số (hoặc chữ cái), như trên giấy tờ của ngân hàng, ví dụ "
        "--number 0123456789; không thay đổi gì\n"
    )
    english = cli("org", "account", "--bank", "VCB", "--number", "1", "--holder", "X", env=ENGLISH)
    assert "the account number '1' must be 6 to 19 digits" in english.stderr  # an English office's shell
    assert "0123456789" in ok(cli("org", "account"))  # the account set above is kept
    said = ok(
        cli("org", "account", "--bank", "cong thuong", "--number", "1020304050", "--holder", "BV THACH HA")
    )
    assert "vào Ngân hàng TMCP Công thương Việt Nam (VietinBank, BIN 970415), số tài khoản 1020304050" in said
    assert cli("org", "account", "--bank", "VCB").returncode == 2  # all three or none
    assert ok(cli("org", "account", "--clear")) == (
        "DEMO: chưa có tài khoản nhận chuyển khoản; biên nhận không nói gì về chuyển khoản.\n"
    )
    assert ok(cli("org", "account", env=ENGLISH)) == (
        "DEMO: no account for transfers; receipts say nothing of them.\n"
    )


async def test_the_public_statement_names_the_account_the_gifts_were_received_on(app: App, hoa) -> None:
    screen = await hoa.say("/saoke")
    screen = await hoa.choose(PEAK)
    assert "Tài khoản tiếp nhận" not in screen  # none set
    await _with_account(app)
    await hoa.say("/saoke")
    screen = await hoa.choose(PEAK)
    assert "Tài khoản tiếp nhận: Vietcombank – 0123456789 – CONG DOAN TRUONG THPT HOA BINH." in screen
