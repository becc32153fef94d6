"""Giving by bank transfer: the organisation's receiving account and the VietQR code that fills one in.

Most gifts to the Fund arrive by transfer. A receipt for money tells the giver where to send it and to write
the gift's reference code as the transfer's description, which the treasurer then finds on the bank's
statement; its VietQR code (NAPAS 247's EMVCo payload, read by every Vietnamese banking app) fills in the
account, the amount and that description (docs/decisions/0081). The account is the organisation's, or a
drive's own where its money goes elsewhere (a flood appeal to the Front's relief account: 0084), set only
by an organisation-wide admin (`chungtay org account`, `chungtay drive create|edit --bank …`, or in the
chat); the bank is named by its NAPAS BIN or its usual short name, and the banking app shows the holder's
name before anything is sent.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditLog, Drive, Organisation
from bot.domain.access import Acting, Actor, Operator, may_set_account
from bot.domain.audit import audit
from bot.text import fold, nfc


@dataclass(frozen=True)
class Bank:
    bin: str  # NAPAS acquirer id, six digits
    short: str  # as people call it: "Vietcombank"
    name: str  # its full name


# The banks that receive most organisations' accounts, by their NAPAS BIN. Another bank is given by its BIN.
BANKS = {
    bank.bin: bank
    for bank in (
        Bank("970436", "Vietcombank", "Ngân hàng TMCP Ngoại thương Việt Nam"),
        Bank("970415", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"),
        Bank("970418", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
        Bank("970405", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
        Bank("970407", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"),
        Bank("970422", "MB", "Ngân hàng TMCP Quân đội"),
        Bank("970416", "ACB", "Ngân hàng TMCP Á Châu"),
        Bank("970432", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"),
        Bank("970403", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"),
        Bank("970423", "TPBank", "Ngân hàng TMCP Tiên Phong"),
        Bank("970441", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam"),
        Bank("970443", "SHB", "Ngân hàng TMCP Sài Gòn – Hà Nội"),
        Bank("970437", "HDBank", "Ngân hàng TMCP Phát triển TP. Hồ Chí Minh"),
        Bank("970449", "LPBank", "Ngân hàng TMCP Lộc Phát Việt Nam"),
        Bank("970448", "OCB", "Ngân hàng TMCP Phương Đông"),
        Bank("970426", "MSB", "Ngân hàng TMCP Hàng Hải Việt Nam"),
        Bank("970431", "Eximbank", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam"),
        Bank("970428", "Nam A Bank", "Ngân hàng TMCP Nam Á"),
        Bank("970409", "Bac A Bank", "Ngân hàng TMCP Bắc Á"),
        Bank("970425", "ABBank", "Ngân hàng TMCP An Bình"),
        Bank("970438", "BaoViet Bank", "Ngân hàng TMCP Bảo Việt"),
        Bank("970452", "Kienlongbank", "Ngân hàng TMCP Kiên Long"),
        Bank("970419", "NCB", "Ngân hàng TMCP Quốc Dân"),
        Bank("970406", "DongA Bank", "Ngân hàng TMCP Đông Á"),
        Bank("970408", "GPBank", "Ngân hàng TMCP Dầu Khí Toàn Cầu"),
        Bank("970442", "Hong Leong", "Ngân hàng TNHH MTV Hong Leong Việt Nam"),
    )
}
_ALSO_CALLED = {
    "vcb": "970436",
    "ctg": "970415",
    "icb": "970415",
    "vba": "970405",
    "tcb": "970407",
    "mbbank": "970422",
    "lienvietpostbank": "970449",
    "lpb": "970449",
    "stb": "970403",
}

# A Vietnamese bank's account number: 6 to 19 digits (NAPAS: up to 19), or the letters of a name some banks
# let an account take (decision 0084); four digits are a card's or a phone's last ones, no account
ACCOUNT_NUMBER = re.compile(r"^[0-9A-Za-z]{6,19}$")
HOLDER_MAX = 60


@dataclass(frozen=True)
class Account:
    bank: Bank
    number: str
    holder: str  # as the bank writes it, usually in capitals without accents

    def line(self) -> str:
        """“BIDV – 8801234567 – CONG DOAN KHOA NOI”; without a holder where none is known
        (`own_account_at`)."""
        return " – ".join(part for part in (self.bank.short, self.number, self.holder) if part)


# Words around a bank's name that tell nothing of which bank it is, left out of what is typed and of the full
# names alike: "Ngân hàng TMCP Công thương Việt Nam" is found by "công thương".
_FILLER = re.compile(r"\b(?:ngan hang|thuong mai co phan|tmcp|tnhh|mtv|viet nam|vn)\b")
_LEADING_NH = re.compile(r"^nh\b")
# Where a branch or an office is named after the bank: "BIDV chi nhánh Hà Tĩnh", "Agribank - PGD Cẩm Xuyên".
_BRANCH = re.compile(r"\s(?:-\s)?(?:chi nhanh|cn|pgd|phong giao dich|so giao dich|sgd)\b.*$|\s-\s.*$")
_PREFIX_MIN = 4  # "vietin", "agri", "dau tu": a start of a bank's name, never "vi" (Vietcombank or VIB?)


def _words(text: str) -> str:
    plain = re.sub(r"[^a-z0-9]+", " ", fold(text).replace("–", " ")).strip()
    return " ".join(_FILLER.sub(" ", plain).split())


def _names(bank: Bank) -> tuple[str, str]:
    """The bank's short name and its full name's telling words, each without spaces."""
    return fold(bank.short).replace(" ", ""), _words(bank.name).replace(" ", "")


def find_bank(typed: str) -> Bank | None:
    """A bank by its BIN (`970436`), its short name or a common abbreviation (`VCB`, `vietinbank`, `mb`), the
    telling words of its full name (`công thương`, `ngân hàng quân đội`), or the start of either when only one
    bank's begins so (`vietin`, `agri`, `đầu tư`); a branch named after it is left out ("BIDV chi nhánh Hà
    Tĩnh"), and so are words after the name ("BIDV Hà Tĩnh")."""
    key = fold(typed).replace(" ", "")
    if key in BANKS:
        return BANKS[key]
    if key in _ALSO_CALLED:
        return BANKS[_ALSO_CALLED[key]]
    plain = _BRANCH.sub("", " ".join(re.sub(r"[^a-z0-9\-]+", " ", fold(typed)).split()))
    words = _LEADING_NH.sub("", _words(plain)).split()
    whole = True
    while words:
        found = _one_bank("".join(words), starting=whole)
        if found is not None:
            return found
        words.pop()
        whole = False  # with words left out, only a whole name: "Đông Nam Á" is no "Đông" of DongA Bank
    return None


def _one_bank(compact: str, *, starting: bool) -> Bank | None:
    if compact in _ALSO_CALLED:
        return BANKS[_ALSO_CALLED[compact]]
    exact = [bank for bank in BANKS.values() if compact in _names(bank)]
    if exact:
        return exact[0]
    if not starting or len(compact) < _PREFIX_MIN:
        return None
    starting = [bank for bank in BANKS.values() if any(name.startswith(compact) for name in _names(bank))]
    return starting[0] if len(starting) == 1 else None


def account_of(org: Organisation | None, drive: Drive | None = None) -> Account | None:
    """Where gifts to `drive` are transferred: the drive's own account when it has one (0084), else the
    organisation's; None while neither is set (no drive: the organisation's)."""
    own = _stored(drive) if drive is not None else None
    return own or _stored(org)


def own_account_of(drive: Drive | None) -> Account | None:
    """The drive's own account, None when its gifts go to the organisation's."""
    return _stored(drive)


async def own_account_at(session: AsyncSession, drive: Drive | None, at: datetime) -> Account | None:
    """The drive's own account as it stood at `at`: before the first change of it since (its audit row,
    `set_drive_account`), else its own now; None for no drive, or where its gifts went to the organisation's
    then. Money transferred at `at` stays where it went though the office changed or removed the account
    since: a payroll's handover list names that account's statement (docs/decisions/0458). The audit row
    keeps the bank and the number: the holder is said only when the account is still the drive's."""
    if drive is None:
        return None
    now = own_account_of(drive)
    change = await session.scalar(
        select(AuditLog.details)
        .where(
            AuditLog.entity == "drive",
            AuditLog.entity_id == drive.id,
            AuditLog.action == "drive.transfer_account",
            AuditLog.at > at,
        )
        .order_by(AuditLog.at, AuditLog.id)
        .limit(1)
    )
    if change is None:
        return now
    bank, number = [*(change.get("before") or []), None, None][:2]
    if not (bank and number):
        return None
    if now is not None and (now.bank.bin, now.number) == (bank, number):
        return now
    return Account(BANKS.get(bank) or Bank(bank, bank, bank), number, "")


def _stored(row: Organisation | Drive | None) -> Account | None:
    if row is None or not (row.transfer_bank and row.transfer_account and row.transfer_holder):
        return None
    bank = BANKS.get(row.transfer_bank) or Bank(row.transfer_bank, row.transfer_bank, row.transfer_bank)
    return Account(bank, row.transfer_account, row.transfer_holder)


class AccountError(ValueError):
    """An account the office typed that cannot be used; the message says what works."""


class AccountRefused(Exception):
    """Someone who may not set where gifts are transferred tried to (docs/decisions/0084)."""


def checked_bank(typed: str) -> Bank:
    """The bank as typed (a BIN, a short name, an abbreviation), or AccountError saying what works."""
    found = find_bank(typed)
    if found is not None:
        return found
    if not re.fullmatch(r"9\d{5}", typed.strip()):
        known = ", ".join(b.short for b in BANKS.values())
        raise AccountError(f"unknown bank {typed!r}: give its NAPAS BIN (six digits, 970…) or one of {known}")
    return Bank(typed.strip(), typed.strip(), typed.strip())


def checked_number(typed: str) -> str:
    """The account number without the spaces, dots and dashes people type in it, or AccountError."""
    number = re.sub(r"[\s.\-]", "", typed)
    if not ACCOUNT_NUMBER.match(number):
        raise AccountError(
            f"the account number {number!r} must be 6 to 19 digits (or letters), as on the bank's papers, "
            "for example --number 0123456789; nothing changed"
        )
    return number


def checked_holder(typed: str) -> str:
    """The holder's name as banks write it and banking apps show it, in capitals without accents ("cong doan
    trường" → "CONG DOAN TRUONG"), spaces tidied; AccountError when it has no name in it (a few letters) or is
    too long."""
    holder = " ".join(_unaccented(nfc(typed)).upper().split())
    if sum(ch.isalpha() for ch in holder) < 2 or len(holder) > HOLDER_MAX:
        raise AccountError(f"the holder's name must be 2 to {HOLDER_MAX} characters, as the bank writes it")
    return holder


def checked_account(bank: str, number: str, holder: str) -> Account:
    """The account as typed by the office, or AccountError saying what is wrong with it."""
    return Account(checked_bank(bank), checked_number(number), checked_holder(holder))


def may_set(actor: Acting, org_id: int) -> bool:
    """The operator at the shell, in their organisation; in the chat (or `--as`), an organisation-wide
    admin."""
    if isinstance(actor, Operator):
        return actor.org_id == org_id
    return may_set_account(actor, org_id)


def set_account(
    session: AsyncSession, actor: Acting, org: Organisation, account: Account | None, *, now: datetime
) -> None:
    """Give the organisation its receiving account (None: none, and receipts say nothing of transfers, but
    for drives with their own); AccountRefused unless `actor` may (`may_set_account`). Audited."""
    _put(session, actor, org, account, now=now, action="org.transfer_account", entity="organisation")


def set_drive_account(
    session: AsyncSession, actor: Acting, drive: Drive, account: Account | None, *, now: datetime
) -> None:
    """Give a drive its own receiving account (None: back to the organisation's): only an organisation-wide
    admin, never the officer running the drive (docs/decisions/0084); AccountRefused otherwise. Audited with
    the account before and after, so a change can be traced to who made it."""
    _put(session, actor, drive, account, now=now, action="drive.transfer_account", entity="drive")


def _put(
    session: AsyncSession,
    actor: Acting,
    row: Organisation | Drive,
    account: Account | None,
    *,
    now: datetime,
    action: str,
    entity: str,
) -> None:
    """The account's three columns on the organisation or the drive, under `may_set`, with an audit row of
    the account before and after."""
    if not may_set(actor, row.id if isinstance(row, Organisation) else row.org_id):
        raise AccountRefused()
    before = [row.transfer_bank, row.transfer_account]
    row.transfer_bank = account.bank.bin if account else None
    row.transfer_account = account.number if account else None
    row.transfer_holder = account.holder if account else None
    audit(
        session,
        at=now,
        actor_id=actor.person_id if isinstance(actor, Actor) else None,
        action=action,
        entity=entity,
        entity_id=row.id,
        before=before,
        after=[row.transfer_bank, row.transfer_account],
    )


SAMPLE_AMOUNT = 10_000  # the sample code the admin scans once, without sending
SAMPLE_REF = "CT-2026-000000"


def sample_qr(account: Account) -> str:
    """The payload of the sample code: 10.000 ₫ to `account`, the description a reference no gift has."""
    return vietqr(account, SAMPLE_AMOUNT, SAMPLE_REF)


def _unaccented(text: str) -> str:
    """Letters without their accents, case kept ("Ủng hộ" → "Ung ho"): a transfer's description is ASCII."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _field(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, start 0xFFFF) as four upper-case hex digits: EMVCo's check."""
    crc = 0xFFFF
    for byte in data.encode("ascii"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def vietqr(account: Account, amount_vnd: int | None, description: str) -> str:
    """The VietQR payload of a transfer to `account` (NAPAS 247, to an account: QRIBFTTA), with the amount in
    whole đồng and `description` (letters, digits and spaces, at most 25: the reference code) filled in."""
    beneficiary = _field("00", account.bank.bin) + _field("01", account.number)
    merchant = _field("00", "A000000727") + _field("01", beneficiary) + _field("02", "QRIBFTTA")
    payload = _field("00", "01") + _field("01", "12" if amount_vnd else "11") + _field("38", merchant)
    payload += _field("53", "704")
    if amount_vnd:
        payload += _field("54", str(amount_vnd))
    payload += _field("58", "VN")
    text = " ".join(re.sub(r"[^0-9A-Za-z\- ]", " ", _unaccented(description)).split())[:25]
    if text:
        payload += _field("62", _field("08", text))
    payload += "6304"
    return payload + crc16(payload)


def qr_png(payload: str) -> bytes:
    """The payload as a QR code picture, large enough to scan from a phone's screen or a photo of it."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(payload)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out, format="PNG")
    return out.getvalue()


def write_qr(path: Path, payload: str) -> None:
    """The QR code's picture kept at `path` (run in a worker thread: it takes some milliseconds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(qr_png(payload))
