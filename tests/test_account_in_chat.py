"""The receiving account in the chat and a drive's own account (decision 0084): an organisation-wide admin
sets the account in the chat (/taikhoan, or Phân quyền) and is sent a sample VietQR to scan before any giver
sees it, and removes it; a unit's admin and an officer cannot, and the domain refuses them when asked
straight, as it refuses an admin whose role went while answering; a drive with its own account gives
receipts and a statement with that account while another drive gives the organisation's; only an
organisation-wide admin sets a drive's account, in the chat or at the shell."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from bot.app import App
from bot.db.models import AuditLog, Drive, Organisation, Person, RoleAssignment
from bot.domain.access import Operator, actor_for
from bot.domain.drives import DriveError, NewDrive, create_drive
from bot.domain.transfer import BANKS, Account, AccountRefused, set_account, set_drive_account, vietqr
from tests.support.clocks import NOW
from tests.support.profiles import on_buttons, on_text_only
from tests.test_cli import ENGLISH, Cli, ok
from tests.test_drives import seed
from tests.test_roles_in_chat import make
from tests.test_transfer import ACCOUNT, scanned

FLOOD = Account(BANKS["970418"], "12010000123456", "UB MTTQ XA TAN HOA")
CHECK = "quét thử bằng ứng dụng ngân hàng, kiểm tra tên chủ tài khoản hiện ra đúng, không chuyển"


async def org_account(app: App) -> tuple[str | None, str | None, str | None]:
    async with app.sessionmaker() as session:
        org = await session.scalar(select(Organisation).order_by(Organisation.id))
        assert org is not None
        return org.transfer_bank, org.transfer_account, org.transfer_holder


async def account_audit(app: App) -> list[tuple[str, int | None]]:
    async with app.sessionmaker() as session:
        rows = await session.execute(
            select(AuditLog.action, AuditLog.actor_id)
            .where(AuditLog.action.like("%transfer_account"))
            .order_by(AuditLog.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def sample_of(app: App, person) -> str:  # type: ignore[no-untyped-def]
    [picture] = [r.photo for r in person.last if r.photo]
    return scanned((app.settings.media_dir / picture).read_bytes())


async def test_the_office_sets_the_account_in_the_chat_and_alone_gets_a_sample_code_to_check(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await make(app, ids, "tam", "admin", None)  # Tâm: the organisation's admin
    tam = make_person("tam")
    screen = await tam.say("/taikhoan")
    assert "chưa có tài khoản nhận ủng hộ" in screen
    await tam.choose("Đặt tài khoản")
    screen = await tam.say("Ngân hàng ABC")  # unknown: said kindly, with what works, and asked again
    assert "Chung Tay chưa biết ngân hàng “Ngân hàng ABC”" in screen and "ví dụ: 970436" in screen
    screen = await tam.choose("Vietcombank")
    # The organisation's account, not the admin's own (it asked for “số tài khoản của anh/chị”).
    assert "Số tài khoản nhận ủng hộ là gì, thưa anh/chị?" in screen
    screen = await tam.say("0123")  # four digits: no bank's account number
    assert "Số tài khoản gồm 6 đến 19 chữ số (hoặc chữ cái)" in screen and "ví dụ: 0123456789" in screen
    await tam.say("0123 456 789")
    screen = await tam.say("CONG DOAN TRUONG THPT HOA BINH")
    assert "• Ngân hàng: Vietcombank (Ngân hàng TMCP Ngoại thương Việt Nam)" in screen
    assert (
        "• Số tài khoản: 0123456789" in screen and "• Chủ tài khoản: CONG DOAN TRUONG THPT HOA BINH" in screen
    )
    assert await org_account(app) == (None, None, None)  # nothing saved before the last look
    screen = await tam.choose("Có")
    assert "Đã lưu: tiền ủng hộ từ nay chuyển vào Vietcombank – 0123456789 – CONG DOAN TRUONG" in screen
    assert CHECK in screen
    assert sample_of(app, tam) == vietqr(ACCOUNT, 10_000, "CT-2026-000000")
    assert await org_account(app) == ("970436", "0123456789", "CONG DOAN TRUONG THPT HOA BINH")
    assert await account_audit(app) == [("org.transfer_account", ids["tam"])]

    screen = await tam.say("/phanquyen")  # the same, from the office's menu in the chat
    screen = await tam.choose("Tài khoản nhận ủng hộ")
    assert "• Số tài khoản: 0123456789" in screen
    await tam.choose("Xóa tài khoản")
    screen = await tam.choose("Có")
    assert "Đã xóa: biên nhận không còn ghi nơi chuyển tiền." in screen
    assert await org_account(app) == (None, None, None)


@on_text_only
async def test_the_bank_is_typed_as_people_say_it_and_a_long_unknown_one_is_quoted_cut_at_a_word(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await make(app, ids, "tam", "admin", None)
    tam = make_person("tam")
    await tam.say("/taikhoan")
    await tam.choose("Đặt tài khoản")
    screen = await tam.say("Ngân hàng Thương mại Cổ phần Phát triển Nhà Đồng bằng")
    assert "Chung Tay chưa biết ngân hàng “Ngân hàng Thương mại Cổ phần Phát triển…”" in screen
    await tam.say("BIDV chi nhánh Hà Tĩnh")
    await tam.say("0123456789")
    screen = await tam.say("BENH VIEN THACH HA")
    assert "• Ngân hàng: BIDV (Ngân hàng TMCP Đầu tư và Phát triển Việt Nam)" in screen


@on_text_only
async def test_a_unit_admin_or_an_officer_cannot_set_the_account_and_the_domain_refuses_them(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await make(app, ids, "tam", "admin", "B")  # Tâm: admin of Khoa Dược only
    await make(app, ids, "lan", "admin", None)  # Lan: the organisation's admin, for the last case
    tam, hung = make_person("tam"), make_person("hung")  # Hùng: the organisation's union officer
    screen = await tam.say("/phanquyen")
    assert "Tài khoản nhận ủng hộ" not in screen
    for person in (tam, hung):
        screen = await person.say("/taikhoan")
        assert "Chỉ quản trị toàn cơ quan mới đặt tài khoản nhận ủng hộ" in screen
        assert "Đặt tài khoản" not in screen

    async with app.sessionmaker() as session:  # the domain, asked straight: refused, nothing written
        org = await session.scalar(select(Organisation).order_by(Organisation.id))
        drive = await create_drive(
            session, Operator(org.id), NewDrive("Cứu trợ lũ", date(2026, 11, 1), date(2026, 11, 30)), now=NOW
        )
        for who in ("tam", "hung", "binh"):
            actor = await actor_for(session, await session.get_one(Person, ids[who]))
            with pytest.raises(AccountRefused):
                set_account(session, actor, org, FLOOD, now=NOW)
            with pytest.raises(AccountRefused):
                set_drive_account(session, actor, drive, FLOOD, now=NOW)
            of_b = (ids["unit B"],)  # a drive each of them may open, but not where its money goes
            entry = NewDrive("Lũ 2", date(2026, 11, 1), date(2026, 11, 30), unit_ids=of_b, account=FLOOD)
            with pytest.raises(DriveError, match="account"):
                await create_drive(session, actor, entry, now=NOW)
        assert (org.transfer_bank, drive.transfer_bank) == (None, None)
        await session.rollback()

    lan = make_person("lan")  # an admin whose role goes while she answers: her “yes” changes nothing
    await lan.say("/taikhoan")
    for step in ("Đặt tài khoản", "BIDV"):
        await lan.choose(step)
    await lan.say("12010000123456")
    await lan.say("UB MTTQ XA TAN HOA")
    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            delete(RoleAssignment).where(
                RoleAssignment.person_id == ids["lan"], RoleAssignment.role == "admin"
            )
        )
    screen = await lan.choose("Có")
    assert "Chỉ quản trị toàn cơ quan mới đặt tài khoản nhận ủng hộ" in screen
    assert not [r for r in lan.last if r.photo]
    assert await org_account(app) == (None, None, None) and await account_audit(app) == []


async def _give(person, drive: str) -> str:  # type: ignore[no-untyped-def]
    await person.say("/menu")
    await person.say("ung ho 200k")
    await person.choose(drive)
    await person.choose("Bỏ qua")
    return await person.choose("Có")


async def test_a_drive_with_its_own_account_gives_its_receipts_that_account_and_another_the_organisations(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await make(app, ids, "tam", "admin", None)
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).order_by(Organisation.id))
        set_account(session, Operator(org.id), org, ACCOUNT, now=NOW)
        await create_drive(
            session, Operator(org.id), NewDrive("Tết 2027", date(2026, 11, 1), date(2027, 1, 31)), now=NOW
        )
    tam = make_person("tam")  # the admin opens the flood appeal into the Front's relief account
    await tam.say("/dotvandong")
    await tam.choose("Mở đợt vận động mới")
    for typed in ("Cứu trợ lũ lụt", "1/11/2026 - 30/11/2026"):
        await tam.say(typed)
    await tam.choose("Tiền")
    await tam.say("50tr")
    for chosen in ("Không, đợt riêng", "Bỏ qua"):
        await tam.choose(chosen)
    screen = await tam.choose("Toàn cơ quan")
    assert "Tiền của đợt này chuyển vào tài khoản nào, thưa anh/chị?" in screen
    assert "Tài khoản chung của cơ quan: Vietcombank – 0123456789" in screen
    await tam.choose("Tài khoản khác, riêng của đợt này")
    await tam.choose("BIDV")
    await tam.say("12010000123456")
    screen = await tam.say("UB MTTQ XA TAN HOA")
    assert "• Tài khoản riêng của đợt: BIDV – 12010000123456 – UB MTTQ XA TAN HOA" in screen
    screen = await tam.choose("Có")
    assert "Đã mở đợt vận động “Cứu trợ lũ lụt”" in screen and CHECK in screen
    assert sample_of(app, tam) == vietqr(FLOOD, 10_000, "CT-2026-000000")
    assert ("drive.transfer_account", ids["tam"]) in await account_audit(app)

    lan, hoa = make_person("lan"), make_person("mai")
    screen = await _give(lan, "Cứu trợ lũ lụt")
    assert "BIDV, số tài khoản 12010000123456, UB MTTQ XA TAN HOA" in screen and "Vietcombank" not in screen
    assert sample_of(app, lan) == vietqr(FLOOD, 200_000, "CT-2026-000001")
    screen = await _give(hoa, "Tết 2027")
    assert "Vietcombank, số tài khoản 0123456789" in screen and "BIDV" not in screen
    assert sample_of(app, hoa) == vietqr(ACCOUNT, 200_000, "CT-2026-000002")

    await lan.say("/menu")  # where was it to go? The giver's look-up says the drive's account again
    screen = await lan.say("/tracuu CT-2026-000001")
    assert "BIDV, số tài khoản 12010000123456" in screen
    await lan.say("/saoke")
    screen = await lan.choose("Cứu trợ lũ lụt")
    assert "Tài khoản tiếp nhận: BIDV – 12010000123456 – UB MTTQ XA TAN HOA." in screen

    await tam.say("/dotvandong")  # back to the organisation's account, from the drive's screen
    screen = await tam.choose("Cứu trợ lũ lụt")
    assert "Tiền ủng hộ chuyển vào tài khoản riêng của đợt: BIDV – 12010000123456" in screen
    await tam.choose("Đổi tài khoản")
    screen = await tam.choose("Tài khoản chung của cơ quan")
    assert "chuyển lại vào tài khoản chung của cơ quan (Vietcombank – 0123456789" in screen
    screen = await tam.choose("Có")
    assert "Tiền ủng hộ chuyển vào tài khoản chung của cơ quan: Vietcombank" in screen
    async with app.sessionmaker() as session:
        flood = await session.scalar(select(Drive).where(Drive.title == "Cứu trợ lũ lụt"))
        assert flood is not None and flood.transfer_account is None


@on_buttons
async def test_an_officer_opens_and_edits_drives_but_never_sets_where_their_money_goes(
    app: App, make_person, tmp_path: Path, db_path: Path
) -> None:
    ids = await seed(app)
    hung = make_person("hung")  # the organisation's union officer
    await hung.say("/dotvandong")
    await hung.choose("Mở đợt vận động mới")
    for typed in ("Quỹ khuyến học", "1/11/2026 - 30/11/2026"):
        await hung.say(typed)
    await hung.choose("Tiền")
    await hung.say("10tr")
    for chosen in ("Không, đợt riêng", "Bỏ qua"):
        await hung.choose(chosen)
    screen = await hung.choose("Toàn cơ quan")
    assert "tài khoản nào" not in screen and "Anh/chị kiểm tra lại đợt vận động mới" in screen
    await hung.choose("Có")
    screen = await hung.choose("Quỹ khuyến học")
    assert "Đổi ngày" in screen and "Đổi tài khoản" not in screen

    cli = Cli(tmp_path, db_path, settings=ENGLISH)  # the lines an English office reads
    code, org = "quy-khuyen-hoc-2026", ("--org", "BV")
    account = ("--bank", "BIDV", "--number", "12010000123456", "--holder", "LE VAN HUNG")
    refused = cli("drive", "edit", code, *org, *account, "--as", str(ids["hung"]))
    assert refused.returncode == 2 and "only an administrator of the whole organisation" in refused.stderr
    assert await account_audit(app) == []
    sample = tmp_path / "thu.png"
    said = ok(
        cli("drive", "edit", code, *org, *account[:4], "--holder", "UB MTTQ XA TAN HOA", "--qr", str(sample))
    )
    assert "its own account: BIDV – 12010000123456 – UB MTTQ XA TAN HOA" in said
    assert scanned(sample.read_bytes()) == vietqr(FLOOD, 10_000, "CT-2026-000000")
    said = ok(cli("drive", "edit", code, *org, "--no-account"))
    assert "Neither it nor the organisation has an account" in said
    assert [action for action, _actor in await account_audit(app)] == ["drive.transfer_account"] * 2
    said = ok(
        cli(
            "drive",
            "create",
            *org,
            "--title",
            "Lũ",
            "--starts",
            "2026-11-01",
            "--ends",
            "2026-11-30",
            *account,
        )
    )
    assert "its own account: BIDV – 12010000123456 – LE VAN HUNG" in said
