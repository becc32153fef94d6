"""A bank's statement (sao kê tài khoản) as internet banking exports it, read for its credits: the money that
came in, with its day and the transfer's description, where givers write their gift's reference code.

Banks export it as .xlsx, the old Excel format (.xls) or CSV, with a title and the account's details above
the header row, Vietnamese column names (often with the English one beside: “Ghi có/Credit”), sometimes a
header on two rows (“Số tiền” over “Nợ” and “Có”), debit rows, and a totals or balance row at the end. The
money is in a credit column beside a debit column, or in one signed amount column (“Số tiền”: “+500,000”
and “-120,000”, or “500,000” and “(120,000)”), or in one amount column with another saying which each row
is (“Nợ/Có”: “C”/“D”, “Có”/“Nợ”, “CR”/“DR”…), or with “CR” or “DR” beside the figure (“100.000 CR”).
Amounts come as banks write them (“1,200,000”, “1.200.000”, “1200000.00”, “+1.200.000”) and are read as
whole đồng; one that could be two amounts (“1.200,000”) is not read but named. A debit is never read as a
credit: a row whose side cannot be told is not a credit, but `Statement.unclear` (docs/decisions/0089,
0228). Some banks wrap a long description into the rows below, day and money empty: such a row joins the
row above. Days come as dates, as text (“20/11/2026”, “2026-11-20”, “20261120”, “20-Nov-2026”), or as
Excel's bare day number, counted from the workbook's own start (1900, or 1904 for old Excel for Mac), or
month first (“Nov 20, 2026”, and “11/20/2026” where the date column shows that order); a transfer whose day
is merged with the one above, or left blank under it, takes that row's day (docs/decisions/0235, 0250).
Reference codes are found in the descriptions however the bank changed them (`codes_in`). Reading changes
nothing and keeps nothing; `StatementFileError.reason` names what is wrong with a file that cannot be read,
for each reader to say in its words."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from pathlib import Path

from bot.db.models import REF_PREFIX, Organisation
from bot.domain.numbers import NumberError, ascii_digits
from bot.domain.tables import (
    EPOCH_1900,
    Merged,
    SheetRows,
    TableError,
    csv_delimiter,
    csv_records,
    csv_text,
    is_old_excel,
    xls_sheets,
    xlsx_sheets,
)
from bot.text import clean, fold, words_key

HEADER_SEARCH_ROWS = 30  # the account's name, number, period and balance often fill the first rows
MAX_ROWS = 50_000  # a busy Fund account's year is a few thousand; more is not a statement to read in a chat
# What the columns are called, as the answer to a file without a header names them (the first few of each).
DESCRIPTION_HEADERS = (
    "Nội dung",
    "Mô tả",
    "Diễn giải",
    "Nội dung giao dịch",
    "Chi tiết giao dịch",
    "Nội dung chi tiết",
    "Nội dung chuyển khoản",
    "Description",
    "Details",
    "Transaction details",
    "Remarks",
    "Remark",
    "Narrative",
    "Transaction description",
    "Transactions in detail",
)
# A description column is also one whose name starts with these words: banks add what follows as they like
# (VietinBank's, BIDV's and ACB's “Mô tả giao dịch”, “Nội dung GD”, “Diễn giải chi tiết”).
_DESCRIPTION_STARTS = ("noi dung", "mo ta", "dien giai")
CREDIT_HEADERS = (
    "Số tiền ghi có",
    "Ghi có",
    "Có",
    "Credit",
    "Số tiền vào",
    "Tiền vào",
    "Phát sinh có",
    "PS có",
    "Số tiền có",
    "Credit amount",
    "Deposit",
    "Money in",
    "Deposits",
    "Số tiền gửi vào",  # ACB: “Số tiền rút ra” and “Số tiền gửi vào”
    "Tiền gửi vào",
    "Gửi vào",
    "Có TKTT",  # Techcombank: “Nợ TKTT” and “Có TKTT” (tài khoản thanh toán), the English beside or not
)
_DEBIT_HEADERS = (
    "Số tiền ghi nợ",
    "Ghi nợ",
    "Nợ",
    "Debit",
    "Số tiền ra",
    "Tiền ra",
    "Phát sinh nợ",
    "PS nợ",
    "Số tiền nợ",
    "Debit amount",
    "Withdrawal",
    "Money out",
    "Withdrawals",
    "Số tiền rút ra",
    "Tiền rút ra",
    "Rút ra",
    "Nợ TKTT",
)
# One column of signed amounts, where a statement has no credit column: a credit is told by its sign, or
# by a column of the kinds below (`SIDE_HEADERS`).
AMOUNT_HEADERS = (
    "Số tiền",
    "Amount",
    "Số tiền giao dịch",
    "Transaction amount",
    "Số tiền GD",
    "Số tiền phát sinh",
    "Phát sinh",
)
# A column saying whether a row is a credit or a debit. A header naming both (“Nợ/Có”, “Ghi nợ/Ghi có”,
# “Debit/Credit”) is one too.
SIDE_HEADERS = ("Nợ/Có", "Loại", "C/D", "Dr/Cr", "Type", "Loại giao dịch", "Loại GD", "Transaction type")
# What that column holds for a credit, and for a debit (compared folded; “+” and “-” as they stand).
_CREDIT_MARKS = ("C", "Có", "CR", "Ghi có", "Credit", "Tiền vào", "+")
_DEBIT_MARKS = ("D", "Nợ", "DR", "Ghi nợ", "Debit", "Tiền ra", "-", "−")
_DATE_HEADERS = (
    "Ngày giao dịch",
    "Ngày",
    "Ngày GD",
    "Ngày hạch toán",
    "Ngày hiệu lực",
    "Ngày thực hiện",
    "Thời gian",
    "Thời gian giao dịch",
    "Ngày giờ giao dịch",
    "Date",
    "Transaction date",
    "Posting date",
    "Value date",
    "Effective date",
)
_ROW_NUMBER = re.compile(r"(?i)no\.")
_LINE_BREAK = re.compile(r"[ \t]*[\r\n\u2028\u2029]+[ \t]*")
_IN_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _key(text: str) -> str:
    return words_key(text)


_WORDS = {
    "description": frozenset(map(_key, DESCRIPTION_HEADERS)),
    "credit": frozenset(map(_key, CREDIT_HEADERS)),
    "debit": frozenset(map(_key, _DEBIT_HEADERS)),
    "amount": frozenset(map(_key, AMOUNT_HEADERS)),
    "date": frozenset(map(_key, _DATE_HEADERS)),
}
_SIDES = frozenset(map(_key, SIDE_HEADERS))


def _mark(text: str) -> str:
    return text.strip() if text.strip() in ("+", "-", "−") else _key(text)


_MARKS = {**{_mark(m): "credit" for m in _CREDIT_MARKS}, **{_mark(m): "debit" for m in _DEBIT_MARKS}}
# Rows that sum or carry a balance rather than record a transfer (compared folded, at a cell's start):
# “Tổng cộng”, “Cộng phát sinh”, “Số dư cuối kỳ”, “Opening balance”, “Sub-total”, and “Cộng” (“Cộng:”,
# “Cộng ngày 20/11”) alone or before the words of a sum, never the start of “Công đoàn …”, “CONG.TY …”;
# so is “Tổng” (“Tổng:”, “Tổng ngày 20/11”, “Tổng PS”), never “Tổng công ty …”, “Tổng cục …”, givers; and
# “Phát sinh trong ngày”, “Day total”, “Sum”. A sum under a day's blank date cell would otherwise take that
# day and read as one more credit (docs/decisions/0243).
# And the labels Vietnamese banks' exports write beside those: BIDV's “Dư đầu kỳ”, “Dư cuối kỳ”, “Dư cuối
# ngày”, Agribank's “Doanh số phát sinh”, “Phát sinh lũy kế”, a page carried over (“Cộng chuyển sang trang
# sau”, “Số trang trước chuyển sang”, “Mang sang”, “Brought forward”), read after a list mark or a bracket
# (“* Cộng dồn”, “(Lũy kế)”, “1. Tổng cộng”) and with “_” or “-” between the words (docs/decisions/0250).
_SUM_WORDS = r"(?:ngay|trang|thang|ky|so|phat|ps|luy|tien|gd|giao dich|cuoi|dau|no|co|doanh|chuyen|\d)"
_TOTALS = re.compile(
    r"tong cong(?!\s*ty)|total|so du(?![a-z])|balance|luy ke|sub[ -]?total|grand total"
    r"|(?:opening|closing|beginning|ending|available|ledger) balance"
    r"|(?:day|daily|page|month|monthly)\s+total|sum(?:$|\s*[:(]|\s+of\b)"
    r"|phat sinh(?:$|\s*[:(]|\s+(?:trong|ngay|thang|ky|no|co|luy|\d)(?![a-z]))"
    r"|du (?:dau|cuoi)(?:$|\s*[:(]|\s+(?:ky|ngay|thang|nam|trang|no|co|\d)(?![a-z]))"
    r"|doanh so(?:$|\s*[:(]|\s+(?:phat|ps|no|co|trong|ngay|thang|ky|luy|\d)(?![a-z]))"
    r"|(?:so )?trang truoc chuyen sang|chuyen sang trang"
    r"|(?:so )?mang sang(?:$|\s*[:(]|\s+(?:trang|ky|\d)(?![a-z]))"
    r"|(?:balance )?(?:brought|carried) forward"
    rf"|tong(?:$|\s*[:(]|\s+{_SUM_WORDS}(?![a-z]))"
    # a word of its own after “Cộng”: “Cộng dồn”, never “Cộng đồng …” (a community, a usual giver)
    r"|cong(?:$|\s*[:(]|\s+(?:ngay|trang|thang|ky|so phat|phat|luy|don|cuoi|dau|chuyen|\d)(?![a-z]))"
)
# What may stand before a total's label in its cell: a list mark, a bracket, a number or numeral (“* ”, “- ”,
# “(”, “1. ”, “II. ”); and “_” or “-” written between its words (“Cộng_dồn”, “Lũy-kế”).
_LIST_MARK = re.compile(r"^(?:[*•·+\-–—(\[]+|(?:\d{1,2}|[ivx]{1,4})[.)])\s*")
_GLUED = re.compile(r"(?<=[a-z])[_-](?=[a-z])")
# The words of a debit that gives money back (compared folded): “Hoàn trả”, “Hoàn tiền”, “Hoàn lại”, “Hoàn
# CK”, “Trả lại tiền”, “Chuyển trả”, “Refund”; never “Hoàn thành” nor a fee, a withdrawal or a support paid.
# “Chuyển trả” followed by what is paid for is a payment (“Chuyen tra tien dien”, “chuyen tra luong”, “…
# tien mua gao ho ngheo”), and “tra lai” before a loan or a month is “trả lãi”, interest (decision 1047).
_PAID_FOR = (
    r" (?:tien )?(?:dien|nuoc|luong|no|vay|lai vay|lai tien vay|hang|mua|thue|hoc phi|phi|goc|cuoc|bao hiem"
    r"|ho tro|tro cap|cong)(?![a-z])"
)
_REFUND = re.compile(
    r"(?<![a-z])(?:hoan (?:tra|tien|lai|ck|gd|chuyen|ung ho|uh)|refund(?:ed)?"
    rf"|tra lai(?! (?:tien )?(?:vay|suat|tien gui|thang|ky)(?![a-z]))|chuyen tra(?!{_PAID_FOR}))(?![a-z])"
)
# The words of money out that no giver writes (compared folded): a withdrawal (“Rút tiền mặt”) or the bank's
# fee (“Phí SMS”, “Thu phí quản lý tài khoản”). A row of them written without a sign, in a statement that
# writes money out with a minus, is no credit read from that minus but a row to look at (decision 1374);
# “phi” alone is a given name too (“NGUYEN THI PHI”), so only with what a fee is for. So is a transfer going
# out as the banks write it (“Chuyển khoản đi”, “CK đi”, “Chuyển tiền đi”, “Trích nợ”) and a line that
# begins with the bank's short words for a fee (“Phí CK”, “Phí GD”, “Phí VAT”, “Phí:”), never the
# surname Phí before a name (“PHI VAN HAI”) (decision 1470).
_MONEY_OUT = re.compile(
    r"(?<![a-z])(?:rut tien|thu phi|phi (?:sms|quan ly|dich vu|duy tri|thuong nien|chuyen|giao dich|tin nhan)"
    r"|(?:chuyen khoan|ck|chuyen tien|ibft) di|trich no|trich tien"
    r")(?![a-z])"
    r"|^\W*phi(?:\W*$|\s*[:\d]|\s+(?:ck|gd|vat|dv|tn|bsms|ibft|nhtt|\+)(?![a-z]))"
)
# The words of cash paid in at the bank's counter (compared folded): “NOP TIEN MAT KHOA NOI”, “Nộp TM”, “Gửi
# tiền mặt”. No giver writes them: a unit's envelopes, counted and paid in, already recorded one by one
# (decision 1604).
_CASH_PAID_IN = re.compile(
    r"(?<![a-z])(?:nop (?:tien mat|tm|tien tai quay|tai quay)|gui tien mat|tien mat nop|cash deposit)"
    r"(?![a-z])"
)
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)")
_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?!\d)")
_AMOUNT_NOISE = re.compile(r"[\s\u00a0\u202f]|vn[dđ]|đồng|dong|[đ₫]", re.IGNORECASE)
# “100.000 CR”, “DR 50,000”, “100.000CR”: a figure with the side written beside it.
_CR_DR = re.compile(r"(?i)(CR|DR)(?![a-z])\.?\s*(.+)|(.+?)\s*(?<![a-z])(CR|DR)\.?")
_AMOUNT = re.compile(r"([+-]?)\(?([\d.,]+)\)?(-?)")
# A phone in a money cell: a 0 and nine or ten more figures, nothing between them (“0912345678”). No amount is
# written beginning with 0; a giver's number put in the wrong column is a row to look at (decision 1526).
_PHONE_FIGURE = re.compile(r"\+?0\d{9,10}")
# Excel's days are counted from 30/12/1899 in a workbook of the 1900 system (every bank's: 36526 is 1/1/2000
# and 73051 1/1/2100), from 1/1/1904 in one old Excel for Mac saved (`tables.EPOCH_1904`). A workbook's date
# cell without its format, or saved as CSV, holds just the number; a day is read from it only in this century.
EXCEL_EPOCH = EPOCH_1900
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
LAST_SERIAL_DAY = 80_000  # no epoch puts a larger number in this century (`timedelta` refuses absurd ones)
# “20261120” (as a number or text), a time perhaps after it: the day year first without marks.
_COMPACT_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})(?:[ T]\d{1,2}:?\d{2}(?::?\d{2})?)?")
# “20-Nov-2026”, “20-NOV-26”, “20 Nov 2026”, “20 November 2026”: the month in English, as some banks write it.
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_WORD = re.compile(
    rf"(?i)(?<![\d.])(\d{{1,2}})[\s/.-]*({'|'.join(_MONTHS)})[a-z]*\.?[\s/.,-]*(\d{{4}}|\d{{2}})(?![\d:])"
)
_SERIAL_DAY = re.compile(r"\d{5}(?:[.,]\d+)?")
# “Nov 20, 2026”, “November 20, 2026”, “NOV 20 26”: the month in English first, as exports in the American
# order write it.
_MONTH_FIRST_WORD = re.compile(
    rf"(?i)(?<![a-z])({'|'.join(_MONTHS)})[a-z]*\.?[\s/.-]*(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|[\s/.-]+)"
    r"(\d{4}|\d{2})(?![\d:])"
)
# The order a statement writes its days in figures (“20/11/2026” or “11/20/2026”), as its date column shows
# it (`_order_shown`): day first (every Vietnamese bank's, and a statement that shows neither), month first,
# or both shown, where a day that could be read either way (“05/11/2026”) is placed by neither.
DAY_FIRST, MONTH_FIRST, EITHER = "day first", "month first", "either"
MOST_DIGITS = 18  # an amount's digits, fraction included: more is no amount (“1200000.00” has 9)


class StatementFileError(Exception):
    """The file is not a statement this reader can read: "kind" (not .xlsx, .xls or .csv), "utf16" or
    "encoding" (a CSV not in UTF-8), "csv", "xlsx" or "xls" (broken), "no_header" (no row among the first
    HEADER_SEARCH_ROWS names a description column and a credit or amount column), "no_sign" (one amount
    column, and no row says whether it is a credit or a debit), "too_long" (over MAX_ROWS rows). `detail`:
    the library's words, for the shell."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class BankLine:
    """A credit of the statement: its row in the file (from 1), its day if the statement has one, the amount
    in đồng, the transfer's description as the bank wrote it, and the reference codes found in it."""

    row: int
    on: date | None
    amount: int
    description: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """What a statement says came in: its credits, the rows of a signed amount column that might be
    credits but whose sign cannot be told (`unclear`, numbered as in the file), and the rows whose credit or
    amount cell holds figures that are no amount in whole đồng (`unread`: “1.200.000,50”, “1.200,000”, a
    cell garbled into thousands of digits), and the rows with money that might be in but no day to take
    (`undated`: under a subtotal, or without a description), and the credits whose day written in figures
    could be read day first or month first where the statement writes both (`unplaced`: “05/11/2026” beside
    “20/11/2026” and “11/20/2026”), and the rows with a day of their own and money that might be in whose
    words begin as a total's (`like_total`: “Tổng tiền ủng hộ thôn 5”, a sender's words, or a bank's day
    total written beside its day): none counted, all for the treasurer to look at."""

    lines: list[BankLine]
    unclear: tuple[int, ...] = ()
    unread: tuple[int, ...] = ()
    undated: tuple[int, ...] = ()
    unplaced: tuple[int, ...] = ()
    like_total: tuple[int, ...] = ()
    # A statement whose days in figures show no order (all 12 or under, “05/11/2026”): read day first, as
    # Vietnamese banks write them, and its first such credit named (`OrderTaken`) for the treasurer to see.
    order_taken: OrderTaken | None = None
    # The SHA-256 (hex) of its table, the rows under the header: what tells a credit without a day of this
    # statement from one of another (decision 0276), whatever was printed above it or however it was saved.
    source: str = ""
    # The file's SHA-256: what told them apart before (decision 0262); gifts recorded then keep it.
    file_sum: str = ""
    # The account it is of and the days it covers, as printed above its table (“Số tài khoản: 0011001234567”,
    # “Từ ngày 01/12/2026 đến ngày 31/12/2026”): "" and None where it prints none (decision 0298).
    account: str = ""
    period: tuple[date, date] | None = None
    # The debits whose words name a reference code (“Hoan tra CK trung CT2026000001”), their amount as
    # positive đồng: never credits, but a double transfer paid back is money that did not stay
    # (bot.domain.reconcile, docs/decisions/0840).
    paid_out: tuple[BankLine, ...] = ()
    # The debits naming no code whose words say money went back (`_REFUND`: “Hoan tien ung ho NGUYEN THI
    # HOA”): whose gift it was the bank's words cannot prove, so none is tied to a gift; they are named for
    # the treasurer to look at before she confirms (docs/decisions/1023).
    refunds: tuple[BankLine, ...] = ()


@dataclass(frozen=True)
class OrderTaken:
    """The first credit of a statement whose days could be read day first or month first, read day first:
    its row, its day as written (“05/11/2026”) and the day taken (5 November 2026)."""

    row: int
    written: str
    on: date


# One rule for every reader of a gift's code (`codes_in`, `code_hints`, `codes_without_year`): its
# year's figures, what may stand between its parts, and the letters typed for a figure (O for 0; I, l for 1).
_YEAR_FIGURES = r"20[2-9]\d"
_BETWEEN = r"[\s._:/-]*"
_FOR_A_FIGURE = "OIL"
_YEAR = re.compile(_YEAR_FIGURES)
_FIGURES_FOR = str.maketrans(_FOR_A_FIGURE, "011")
# In a code's year, Z for its 2 too (“CTZ026000001”), beside the other letters (docs/decisions/1222).
_YEAR_FIGURES_FOR = str.maketrans(_FOR_A_FIGURE + "Z", "0112")


def _prefix_alternatives(prefixes: tuple[str, ...]) -> str:
    """`prefixes` as one group of a pattern, the longest tried first (“CTHN” before “CT”)."""
    return "|".join(map(re.escape, sorted(prefixes, key=len, reverse=True)))


@lru_cache(maxsize=64)
def _code_in_text(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """A reference code in a description: one of `prefixes`, a year, a number, with or without dashes, spaces
    or dots between, glued to other text as banks glue it (“MBVCB.123.CT2026000123.UNG HO”, “ct-2026-123 ung
    ho quy”), its number perhaps written in two groups of three (“CT 2026 000 123”: the second group is
    captured apart, for `codes_in` to judge; a seven-figure one in three, “CT 2026 1 000 123”, its third
    too)."""
    groups = r"(?:[ .](\d{3}))?(?:[ .](\d{3}))?"
    return re.compile(
        rf"({_prefix_alternatives(prefixes)}){_BETWEEN}({_YEAR_FIGURES}){_BETWEEN}(\d{{1,7}}){groups}(?!\d)"
    )


def statement_prefixes(org: Organisation) -> tuple[str, ...]:
    """The prefixes a statement of the organisation's account is read for: its own, and “CT”, which every
    code had before each organisation had its own (decision 0140): a transfer may name one of those."""
    return tuple(dict.fromkeys((org.ref_prefix, REF_PREFIX)))


def codes_in(description: str, prefixes: tuple[str, ...] = (REF_PREFIX,)) -> tuple[str, ...]:
    """The reference codes of `prefixes` (the organisation's: `statement_prefixes`) a description names, as
    the ledger writes them (“CT-2026-000123”), each once, in the order written: “CT2026000123”, “CT 2026
    000123”, “CT 2026 000 123”, “ct-2026-123”, glued to other text or not."""
    found: dict[str, None] = {}
    text = description.upper()
    # A bank that wraps a long description breaks its line anywhere, even inside a code (“CT20260⏎00123”):
    # read as one line both ways, with the breaks as spaces and with them gone. Where the two differ, both
    # codes are named, and a transfer naming several codes is never matched without the treasurer.
    readings = (text, _LINE_BREAK.sub("", text)) if _LINE_BREAK.search(text) else (text,)
    for reading in readings:
        for found_code in _code_in_text(prefixes).finditer(reading):
            prefix, year, number, group, third = found_code.groups()
            # “CT 2026-2030”: the movement's period as givers name it, never gift 002030 of 2026 (1274)
            if _a_period(year, reading[found_code.end(2) : found_code.start(3)], number):
                continue
            # “CT2026-00001O”, “ct2026-1l”: figures short of six run into O, I or L, a letter typed for a
            # figure (000010, 000011). The figures before it are no code as written: read alone they named
            # another gift, perhaps of the same figure (decision 1046); `code_hints` names it instead.
            if not group and len(number) < 6 and _letter_for_a_figure(number, reading, found_code.end(3)):
                continue
            numbers = [number]
            # “CT 2026 000 123”: the ledger's six figures grouped by threes, as some banks and people write
            # them. The first group alone is then the gift numbered 0, no code, and the two groups are its
            # number; where the first is a number too (“CT 2026 123 200 000”: 123, then an amount?), both
            # are named, and a transfer naming two codes is never matched (decision 0228).
            if group and len(number) == 3:
                numbers.append(number + group)
            # “CT 2026 1 000 120”: a seven-figure code past a million gifts by threes, or gift 1 and an
            # amount? Both are named, as above (0618): gift 1 alone was matched for gift 1000120's money.
            if third and len(number) == 1:
                numbers.append(number + group + third)
            # “CT-2026-0000120”: seven figures, though none past the ledger's six begins with 0 — a figure
            # typed twice, 000120 or 000012? Both are named, and never matched without her (0608).
            if len(number) == 7 and number.startswith("0"):
                numbers.append(number[:6])
            for digits in numbers:
                if int(digits):  # “CT 2050000”: an amount after “chuyển tiền”, not the gift numbered 0
                    found[f"{prefix}-{year}-{int(digits):06d}"] = None
    return tuple(found)


def cash_paid_in(description: str | None) -> bool:
    """Whether a credit's words say cash was paid in at the counter (`_CASH_PAID_IN`): envelopes whose gifts
    wait in the queue already, most likely, not a donor's transfer (decision 1604)."""
    return bool(description) and _CASH_PAID_IN.search(fold(description or "")) is not None


def _a_period(first: str, between: str, second: str) -> bool:
    """Whether a year, what follows it and four figures write a period of years (“2026-2030”, “2026 -
    2027”, a school year): a dash between and a later year after it. No period runs back, so “CT-2026-2024”
    stays a code's number without its zeros (docs/decisions/1274)."""
    return (
        between.strip() in ("-", "–", "—")
        and _YEAR.fullmatch(first) is not None
        and _YEAR.fullmatch(second) is not None
        and int(second) > int(first)
    )


# A year after a number and a dash (“2026-2030”): the number may then begin a period (`_a_period`).
_DASH_AND_YEAR = re.compile(r"(\s*[-–—]\s*)(\d{4})(?!\d)")


# A letter typed for a figure right after a code's figures (“0O”, “l”, “I2”), and where the run ends.
_LETTER_FIGURES = re.compile(rf"[{_FOR_A_FIGURE}][\d{_FOR_A_FIGURE}]*")


def _letter_for_a_figure(number: str, text: str, end: int) -> bool:
    """Whether the figures `number` of a code short of six, ending at `end` of `text`, run into a letter
    typed for a figure: to where the code ends (“00001O”, “1l”), before a figure (“1O2UNG HO”), or after
    figures padded with zeros, which say six were meant (“00001OUNG HO”, glued to the words after it:
    docs/decisions/1144). Figures not padded before a word beginning with O, I or L stay a code of their own
    (“CT202645LEVANA”, 1046)."""
    run = _LETTER_FIGURES.match(text, end)
    if run is None:
        return False
    ends = run.end() == len(text) or not text[run.end()].isalnum()
    return ends or number.startswith("0") or any(ch.isdigit() for ch in run.group())


@lru_cache(maxsize=64)
def _code_with_letters(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """A code whose number or year holds a letter typed for a figure (“CT2026-0O12”, “CT2O26-000012”: O for
    0; I or l for 1; Z for the year's 2, “CTZ026…”), its number perhaps missing (“ct2o26 1tr”)."""
    figure = rf"[\d{_FOR_A_FIGURE}]"
    # Six of them glued to the words after (“CT2O26000001UNG HO”), as `codes_in` reads “CT2026000001UNG HO”.
    number = rf"({figure}{{6}}(?!{figure})|{figure}{{1,7}}(?![\dA-Z]))?"
    # Its year read as typed, then held to `_YEAR` once its letters are figures (`_near_forms`).
    year = rf"([2Z][0{_FOR_A_FIGURE}]{figure}{{2}})"
    return re.compile(rf"({_prefix_alternatives(prefixes)}){_BETWEEN}{year}{_BETWEEN}{number}")


# A word after a code and a space (“… VAN A”): what makes its last two letters perhaps a name (“LO”, Lò).
_NAME_AFTER = re.compile(r" +[A-ZÀ-Ỹ]")


def _short_before_lo(number: str) -> bool:
    """Whether a code's number short of six ends in “LO” after figures naming a gift (“1LO”, “1OLO”)."""
    before = number[:-2]
    return (
        len(number) < 6
        and number.endswith("LO")
        and any(ch.isdigit() for ch in before)
        and int(before.translate(_FIGURES_FOR)) > 0
    )


def _year_read(year: str) -> str:
    """A code's year typed with letters, as figures: Z for its 2 (1222), O, I or L for its 0, the only
    figure a year of the ledger has in that place (“2I26”: 2026, I typed for 0; docs/decisions/1372)."""
    second = "0" if year[1] in _FOR_A_FIGURE else year[1]
    return year[0].translate(_YEAR_FIGURES_FOR) + second + year[2:].translate(_YEAR_FIGURES_FOR)


def _near_forms(description: str, prefixes: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Each code a description names with a letter typed for a figure, as the codes it may be: one where
    the reading is sure (“CT2026-0O12”: CT-2026-000012); each of them where letters ending six characters
    run into a word glued after (“CT2026-0001OLE VAN A”: 000101, or 000010 before “LE VAN A”; seven padded
    ones ending in a letter are six and a word's first letter, “0001OLO VAN A”, 1262); none where a
    year typed with a letter has no number after it (“ct2o26 1tr”, “CT 2O26 000 004”): a code seems
    mistyped, which one is not guessed (docs/decisions/1222). None at all where it names a code as written
    (`codes_in`)."""
    return () if codes_in(description, prefixes) else _letter_forms(description, prefixes)


def _letter_forms(description: str, prefixes: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """`_near_forms` before it is asked whether the description names a code as written: for a caller that
    has asked `codes_in` already, so that the description is not read for codes twice."""
    found: dict[tuple[str, ...], None] = {}
    text = description.upper()
    for code in _code_with_letters(prefixes).finditer(text):
        prefix, year, number = code[1], code[2], code[3] or ""
        year_digits = _year_read(year)
        if not _YEAR.fullmatch(year_digits):
            third = any(ch in _FOR_A_FIGURE for ch in year[2:])
            if year_digits.startswith("20") and third and number.translate(_FIGURES_FOR).isdigit():
                # I or L in the year's third place (“CT20I6-000123”, “CT2OL6…”) reads 2016, no year of the
                # ledger's codes: a code seems mistyped, which one is not guessed (docs/decisions/1471)
                found[()] = None
            continue
        digits = number.translate(_FIGURES_FOR)
        if not any(ch.isdigit() for ch in number) or not int(digits):
            if year_digits != year:  # a year typed with a letter, no number after it
                found[()] = None
            continue
        if digits == number and year_digits == year:
            continue
        glued = code.end() < len(text) and text[code.end()].isalpha()
        if len(number) == 7 and digits.startswith("0") and number[-1] in _FOR_A_FIGURE and int(digits[:6]):
            # No code past the ledger's six figures begins with 0 (decision 0608): six were meant, and the
            # letter after them begins a word (“0001OLO VAN A”: Lò's name glued, no gift 001010; 1262).
            number, glued = number[:6], True
        numbers = [number]
        if glued and len(number) == 6 and number[-1] in _FOR_A_FIGURE and number[-2] in _FOR_A_FIGURE:
            numbers.append(number[:-1])  # “0001OL” glued to “E”: “0001O” before “LE …” too
        elif _short_before_lo(number) and _NAME_AFTER.match(text, code.end()):
            # “CT2026-1LO VAN A”: gift 000110, or 000001 and Lò's name (“LO VAN A”) glued after it: both
            # are named, neither as if sure (decision 1375)
            numbers.append(number[:-2])
        found[tuple(f"{prefix}-{year_digits}-{int(n.translate(_FIGURES_FOR)):06d}" for n in numbers)] = None
    return tuple(found)


def code_hints(
    description: str, prefixes: tuple[str, ...] = (REF_PREFIX,)
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """A description's near-forms of a code (`_near_forms`), read once, in two halves. Sure: the codes it
    names with a letter typed for a figure (“CT2026-0O12”: CT-2026-000012; in its year too, “CT2O26-000012”),
    each once; none where it names a code as written (`codes_in`). Not sure: each near-form with the codes it
    may be, or none where no number can be read (docs/decisions/1222). Only ever a hint for the treasurer to
    look it up: a transfer is never matched to a gift on a guess (docs/decisions 1025, 1113)."""
    forms = _near_forms(description, prefixes)
    sure = tuple(dict.fromkeys(codes[0] for codes in forms if len(codes) == 1))
    return sure, tuple(codes for codes in forms if len(codes) != 1)


@lru_cache(maxsize=64)
def _code_without_year(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """A gift's code written without its year (“CT-123 ung ho”, “CT123”, “ct 123”): a prefix standing apart
    from the word before it, then a number of at most six figures that is no amount (“CT 200K”, “CT
    1.200.000”, “CT 500 nghìn”), nor figures running into O, I or L (“CT2O26000004UNG HO”, “ct2o26 500k”,
    “CT 2O26 000 004”: a letter typed in a code's year, no gift numbered 2, docs/decisions/1143). A number
    of 2020–2099 is found too (“CT-2045”): whether it is a gift's number or a code's year without its number
    (“CT2026 ung ho”, 1145) only the transfer's year tells (`bot.domain.reconcile`, 1224)."""
    amount = r"\s*(?:K|Đ|D|TR|NGHIN|NGHÌN|NGAN|NGÀN|TRIEU|TRIỆU|VND|VNĐ|DONG|ĐỒNG)(?![A-ZÀ-Ỹ])"
    return re.compile(
        rf"(?<![A-Z0-9])({_prefix_alternatives(prefixes)})[\s._:#-]*(\d{{1,6}})"
        rf"(?!\d|[.,]\d|[{_FOR_A_FIGURE}]|{amount})"
    )


def codes_without_year(
    description: str, prefixes: tuple[str, ...] = (REF_PREFIX,)
) -> tuple[tuple[str, int, bool], ...]:
    """The gifts' codes a description names without their year, each as its prefix, its number and whether
    that number, written bare, may as well be a year (“CT-123 ung ho”: ("CT", 123, False); “CT-2045”: ("CT",
    2045, True); “CT-002045”, padded as the ledger writes it: ("CT", 2045, False)), for the reader to place
    in the year of the transfer (`bot.domain.reconcile`); none where it names a code with its year
    (`codes_in`), or near one, with a letter typed for a figure, sure or not (`_near_forms`): “CT2O26-000001”
    is no gift numbered 2 (docs/decisions/1113, 1222); nor the first year of a period (“CT 2026-2030”,
    1274)."""
    if codes_in(description, prefixes) or _letter_forms(description, prefixes):
        return ()
    text = " ".join(description.upper().split())
    found: dict[tuple[str, int, bool], None] = {}
    for code in _code_without_year(prefixes).finditer(text):
        prefix, number = code.groups()
        after = _DASH_AND_YEAR.match(text, code.end())
        if not int(number) or (after and _a_period(number, after[1], after[2])):
            continue
        found[(prefix, int(number), _YEAR.fullmatch(number) is not None)] = None
    return tuple(found)


def read_amount(value: object) -> int | None:
    """A cell's amount in whole đồng, negative for a debit written with a sign or in brackets; None for an
    empty cell, text that is no amount, or one with a fraction of a đồng."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
        whole = int(value) if finite and value == int(value) else None
        return whole if whole is not None and abs(whole) < 10**MOST_DIGITS else None  # as for text
    try:  # full-width figures read as 0–9, other scripts' digits (“١٢٣”) as no amount, as typed ones
        text = _AMOUNT_NOISE.sub("", ascii_digits(str(value))).replace("\u2212", "-")  # a typeset minus too
    except NumberError:
        return None
    shape = _AMOUNT.fullmatch(text)
    if shape is None:
        return None
    sign, digits, trailing = shape.groups()
    if sum(ch.isdigit() for ch in digits) > MOST_DIGITS:  # no account holds it (and `int` refuses 4300)
        return None
    whole = _whole(digits)
    if whole is None:
        return None
    negative = sign == "-" or trailing == "-" or text.startswith(("(", "-("))
    return -whole if negative else whole


def _whole(digits: str) -> int | None:
    """“1,200,000”, “1.200.000”, “1200000.00”, “1.200.000,00”, “1200000”: the whole number, separators of
    thousands told from a decimal mark by where they stand; a fraction other than zero is None."""
    marks = [i for i, ch in enumerate(digits) if ch in ".,"]
    if not marks:
        return int(digits) if digits else None
    last = digits[marks[-1]]
    head, tail = digits[: marks[-1]], digits[marks[-1] + 1 :]
    both = "," in digits and "." in digits
    if not both and len(marks) == 1 and len(tail) == 3 and 1 <= len(head) <= 3:
        return int(head + tail)  # “1,200” or “1.200”: thousands
    if not both and len(marks) > 1:  # “1.200.000”: every mark groups thousands
        groups = digits.split(last)
        if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            return None
        return int("".join(groups))
    # `last` is a decimal mark: what stands after it must be zeros (đồng have no fraction)
    if not tail.isdigit() or int(tail):
        return None
    if both:
        # “1.200,000”: three figures after the last mark, with the other mark before it, are as likely a
        # thousands group the bank (or a hand) wrote with the other mark as a fraction: 1.200 ₫ or
        # 1.200.000 ₫. Never a guess (docs/decisions/0228); and what stands before must group thousands.
        groups = head.split("," if last == "." else ".")
        if len(tail) == 3 or not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            return None
        head = "".join(groups)
    return int(head) if head.isdigit() else None


def read_day(value: object, epoch: date = EXCEL_EPOCH, order: str = DAY_FIRST) -> date | None:
    """A cell's day: a date of the workbook, Excel's bare day number (46350, or “46350” as text: a date
    cell that lost its format) counted from the workbook's `epoch`, the day year first without marks
    (20261120, “20261120”), or text written day first (“15/12/2026”, “15-12-2026 10:32”, “15-Dec-2026”,
    “15 DEC 26”), year first (“2026-12-15”, “2026/12/15 10:32”) or month first (“Dec 15, 2026”, “December 15,
    2026”); None when it holds none. Figures alone (“12/11/2026”) are read in the statement's `order`
    (`_order_shown`): month first where it writes its days so, and in neither order where it writes both
    and the figures could be either (`_unplaced`). Only ever read from the statement's date column: a figure
    elsewhere is never a day. Only a day of this century is one (`FIRST_DAY`…`LAST_DAY`, however written:
    “01/01/1900” is a placeholder or a slip, never a transfer's day nor a printed period's, decision 0313)."""
    day = _any_day(value, epoch, order)
    return _this_century(day) if day is not None else None


def _any_day(value: object, epoch: date, order: str) -> date | None:
    """`read_day`'s day of any year."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            return _serial_day(value, epoch)
        return _compact_day(str(int(value))) or _serial_day(value, epoch)
    if not isinstance(value, str):
        return None
    if serial := _SERIAL_DAY.fullmatch(value.strip()):
        return _serial_day(float(serial[0].replace(",", ".")), epoch)
    if compact := _COMPACT_DAY.fullmatch(value.strip()):
        return _compact_day(compact[0][:8])
    try:
        if year_first := _YEAR_FIRST.search(value):  # “2026-12-15”, “2026/12/15”
            return date(int(year_first[1]), int(year_first[3]), int(year_first[4]))
        if figures := _DAY_FIRST.search(value):
            first, second, year = int(figures[1]), int(figures[2]), int(figures[3])
            if order == MONTH_FIRST or (order == EITHER and second > 12):
                first, second = second, first  # “11/20/2026”: the day second
            elif order == EITHER and first <= 12 and first != second:
                return None  # “05/11/2026” where the statement writes days both ways: not placed
            return date(year + 2000 if year < 100 else year, second, first)
        if worded := _MONTH_WORD.search(value):  # “20-Nov-2026”, “20 NOV 26”
            year, month = int(worded[3]), _MONTHS.index(worded[2].lower()) + 1
            return date(year + 2000 if year < 100 else year, month, int(worded[1]))
        if worded := _MONTH_FIRST_WORD.search(value):  # “Nov 20, 2026”, “November 20, 2026”
            year, month = int(worded[3]), _MONTHS.index(worded[1].lower()) + 1
            return date(year + 2000 if year < 100 else year, month, int(worded[2]))
    except ValueError:
        return None
    return None


def _order_shown(value: object) -> str | None:
    """The order a date cell shows its statement writes days in: DAY_FIRST (“20/11/2026”, “20-Nov-2026”),
    MONTH_FIRST (“11/20/2026”, “Nov 20, 2026”), or None where it shows neither (“05/11/2026”, a date of the
    workbook, a number)."""
    if not isinstance(value, str) or _YEAR_FIRST.search(value):
        return None
    if figures := _DAY_FIRST.search(value):
        first, second = int(figures[1]), int(figures[2])
        if first > 12 >= second:
            return DAY_FIRST
        return MONTH_FIRST if second > 12 >= first else None
    if _MONTH_WORD.search(value):
        return DAY_FIRST
    return MONTH_FIRST if _MONTH_FIRST_WORD.search(value) else None


def _statement_order(shown: set[str | None]) -> str:
    """The order of the statement's days in figures, from what its date cells showed (`_order_shown`)."""
    if MONTH_FIRST in shown:
        return EITHER if DAY_FIRST in shown else MONTH_FIRST
    return DAY_FIRST


def _unplaced(value: object, epoch: date, order: str) -> bool:
    """Whether a date cell holds a day in figures the statement's `order` cannot place (“05/11/2026” where it
    writes “20/11/2026” and “11/20/2026” both): never guessed, the row is named."""
    return (
        order == EITHER
        and isinstance(value, str)
        and _DAY_FIRST.search(value) is not None
        and _YEAR_FIRST.search(value) is None
        and read_day(value, epoch, order) is None
        and read_day(value, epoch, DAY_FIRST) is not None
    )


def _this_century(day: date) -> date | None:
    return day if FIRST_DAY <= day <= LAST_DAY else None


def _compact_day(digits: str) -> date | None:
    """“20261120”: a day only where the eight figures are a real one of this century (an amount of
    20.261.120 ₫ is never a day: it is read from the date column only, and 20261320 is none)."""
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return _this_century(date(int(digits[:4]), int(digits[4:6]), int(digits[6:])))
    except ValueError:
        return None


def _serial_day(number: float, epoch: date = EXCEL_EPOCH) -> date | None:
    """Excel's day number (days since the workbook's `epoch`, the time a fraction), only where it is a day of
    this century: any other number in a date column is not read as one."""
    if not math.isfinite(number) or not 0 < number < LAST_SERIAL_DAY:
        return None
    return _this_century(epoch + timedelta(days=int(number)))


def _text(value: object) -> str:
    """A cell as one line of text: NFC, control characters gone, line breaks and runs of spaces one space."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(clean(str(value)).split())


def _lines(value: object) -> str:
    """A cell's text with its line breaks kept, where `codes_in` looks for a code the bank's wrap split."""
    return "" if value is None else clean(str(value)) if isinstance(value, str) else _text(value)


def _header_fields(cell: object) -> set[str]:
    """What a header cell names: “Nội dung/Description” a description, “Số tiền ghi có (VND)” a credit,
    “Số tiền” an amount. A column naming both sides (“Nợ/Có”), or called so (“Loại”, “C/D”), says which a
    row is and holds no amount: a side."""
    if cell is None:
        return set()
    bare = _IN_BRACKETS.sub(" ", str(cell))
    # “No.” (“STT / No.”) numbers the rows: folded it would read as “Nợ”, a debit column.
    parts = [part for part in re.split(r"[/\n|]", bare) if not _ROW_NUMBER.fullmatch(part.strip())]
    fields = {field for part in parts for field, words in _WORDS.items() if _key(part) in words}
    if any(_key(part).startswith(tuple(f"{start} " for start in _DESCRIPTION_STARTS)) for part in parts):
        fields.add("description")
    if {"credit", "debit"} <= fields or _key(bare) in _SIDES:
        fields = (fields - {"credit", "debit"}) | {"side"}
    return fields


def _columns(cells: Sequence[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        for field in sorted(_header_fields(cell)):
            found.setdefault(field, index)
    return found


def _complete(columns: dict[str, int]) -> bool:
    return "description" in columns and ("credit" in columns or "amount" in columns)


def _header_score(cells: Sequence[object]) -> int:
    columns = _columns(cells)
    return len(columns) if len(columns) >= 2 else 0


Rows = Iterator[tuple[int, Sequence[object]]]


def _find_header(rows: Rows) -> tuple[dict[str, int], Rows, list[Sequence[object]]]:
    """The columns of the header row among the first rows, the rows below it, and the rows above it (the
    account's details: `_heading`). A header on two rows is read as one: its columns on the second (“Nợ”,
    “Có” under “Số tiền”), or under a row naming one amount column (`_split_below`)."""
    above: dict[str, int] = {}
    heading: list[Sequence[object]] = []
    for line, cells in rows:
        columns = _columns(cells)
        joined = {**above, **columns}
        found = columns if _complete(columns) else joined if columns and _complete(joined) else None
        if found is not None:
            return (*((found, rows) if "credit" in found else _split_below(found, rows)), heading)
        if line >= HEADER_SEARCH_ROWS:
            break
        above = columns
        heading.append(cells)
    raise StatementFileError("no_header")


# The account's number as banks print it above the table: “Số tài khoản: 0011001234567”, “Tài khoản/Account
# No: 1201 0000 123456”, “SAO KÊ TÀI KHOẢN 0011001234567”, “STK:”, or the label in one cell and the number in
# the next; never a balance (“Số dư tài khoản: 5000000”) nor a holder's name.
_ACCOUNT_LABEL = re.compile(r"(?<![a-z])(?:tai khoan|account|acc no|so tk|stk)(?![a-z])")
_NOT_ACCOUNT = re.compile(r"(?:so du|balance|chu|ten|loai|holder|type)\W*$")  # before the label
_NUMBER_AFTER = re.compile(r"[^0-9]{0,30}?(\d(?:[ -]?\d){5,18})(?![\d.,/])")
_ACCOUNT_NUMBER = re.compile(r"(?<![\d.,/])\d(?:[ -]?\d){5,18}(?![\d.,/])")
# The days a statement covers: “Từ ngày 01/12/2026 đến ngày 31/12/2026”, “Kỳ sao kê: 01/12/2026 - 31/12/2026”,
# “From 01/12/2026 to 31/12/2026”, “Period: …”, its days perhaps in cells of their own.
_PERIOD_LABEL = re.compile(r"(?<![a-z])(?:tu ngay|tu|from|ky sao ke|ky|period|thoi gian)(?![a-z])")
_DATE_WRITTEN = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")


def _heading(rows: Sequence[Sequence[object]]) -> tuple[str, tuple[date, date] | None]:
    """The account's number (its digits) and the days covered that a statement prints above its table; ""
    and None for what it prints not, or prints twice otherwise (which account, which days, is then not
    said)."""
    accounts: set[str] = set()
    periods: set[tuple[date, date]] = set()
    for cells in rows:
        texts = [_text(cell) for cell in cells]
        for index, text in enumerate(texts):
            folded = fold(text)
            for label in _ACCOUNT_LABEL.finditer(folded):
                if _NOT_ACCOUNT.search(folded[: label.start()]):
                    continue  # “Chủ tài khoản”, “Số dư tài khoản”: a name, a balance
                after = folded[label.end() :]
                found = _NUMBER_AFTER.match(after)
                number = found[1] if found else None
                if number is None and not after.strip(" :.-/"):  # the number in the next cell
                    number = next((later for later in texts[index + 1 :] if later), None)
                if number is not None and _ACCOUNT_NUMBER.fullmatch(number):
                    accounts.add(re.sub(r"\D", "", number))
                    break
        if _PERIOD_LABEL.search(fold(" ".join(texts))):
            written = [
                found
                for cell in cells
                for found in ([cell] if isinstance(cell, date) else _DATE_WRITTEN.findall(_text(cell)))
            ]
            days = [day for day in map(read_day, written) if day is not None]
            if len(days) == 2 and days[0] <= days[1]:  # one that ends before it begins says no days (0313)
                periods.add((days[0], days[1]))
    return (
        next(iter(accounts)) if len(accounts) == 1 else "",
        next(iter(periods)) if len(periods) == 1 else None,
    )


def _split_below(columns: dict[str, int], rows: Rows) -> tuple[dict[str, int], Rows]:
    """A header naming one amount column (“Số tiền”), read with the row below when that row splits it into
    a debit and a credit column (“Nợ”, “Có”), or names a credit column and nothing but column names; else
    the row below is the first of the statement (whose side column may well say “Có”)."""
    below = next(rows, None)
    if below is None:
        return columns, rows
    under = _columns(below[1])
    named = all(_header_fields(cell) for cell in below[1] if _text(cell))
    if "credit" in under and ("debit" in under or named):
        return {**columns, **under}, rows
    return columns, chain([below], rows)


def _a_total(cells: Sequence[object]) -> bool:
    return any(isinstance(cell, str) and _TOTALS.match(_label(cell)) for cell in cells)


def _label(cell: str) -> str:
    """A cell's text as a total's label is compared: folded, a list mark or bracket before it taken off, its
    words glued by “_” or “-” apart."""
    return _GLUED.sub(" ", _LIST_MARK.sub("", fold(cell)))


def _marked(value: object) -> tuple[object, str | None]:
    """A money cell without the “CR” or “DR” some banks write beside the figure (“100.000 CR”, “DR
    50,000”), and which side that says ("credit", "debit", None)."""
    if not isinstance(value, str) or (shape := _CR_DR.fullmatch(value.strip())) is None:
        return value, None
    before, figure_first, figure_last, after = shape.groups()
    side = (before or after).upper()
    return figure_first or figure_last, "credit" if side == "CR" else "debit"


def _side(value: object, side: str | None) -> tuple[int, str] | None:
    """A row's money cell (its “CR” or “DR” taken off: `_marked`), `side` what the row says it is
    ("credit", "debit", None: its side column, or a “CR” or “DR” in the cell): the amount as written
    (negative for a minus or brackets) and which side it is: "credit" (marked so, or written with a plus),
    "debit" (marked so, or negative), "unclear" (marked a credit but negative), or "unsigned" (a credit
    only if the statement writes its debits negative and marks no row); None for a row without an
    amount."""
    amount = read_amount(value)
    if not amount:
        return None
    if side == "debit":
        return amount, "debit"
    if amount < 0:
        return amount, "unclear" if side == "credit" else "debit"
    if side == "credit" or (isinstance(value, str) and value.strip().startswith("+")):
        return amount, "credit"
    return amount, "unsigned"


def _credits(
    columns: dict[str, int],
    rows: Rows,
    prefixes: tuple[str, ...],
    epoch: date = EXCEL_EPOCH,
    merged: Callable[[], Merged] = tuple,
) -> Statement:
    """The credits under the header: debits, empty rows, totals and balances are skipped. Without a credit
    column, the amount column's sign or the side column tells a credit (`_side`); a statement where neither
    tells any row is refused ("no_sign"), and the rows neither tells are `unclear`, never credits. A side
    column counts once it marks a row: then a row it leaves unmarked is a credit only with a plus. A “CR” or
    “DR” beside a figure marks its row as a side column does; one that says otherwise than the row's column
    or side column makes it `unclear`. A row whose credit (or amount) cell holds figures that are no amount is
    `unread`, never skipped unsaid. A row with a description and no day and no money continues the row
    above (banks wrap long descriptions so): its text joins that row's, and it is never a row of its own.

    A row with money and a description but nothing in the date column is a transfer of the day above
    (`_DayAbove`: banks merge the day's cell over its transfers, or leave it blank under the first); one
    that takes no day (under a total or a balance, without a description, with no day above) is `undated`:
    named if it might be money in, never a credit. Day numbers count from the workbook's `epoch`."""

    def cell(cells: Sequence[object], field: str) -> object:
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else None

    def money_in(cells: Sequence[object]) -> tuple[object, tuple[int, str] | None, bool]:
        """The row's money cell as written, its amount and side (None: no amount), and whether a “CR”, a
        “DR” or the side column marked it."""
        if "credit" in columns:
            figure, side = _marked(cell(cells, "credit"))
            credit = read_amount(figure)
            if credit is None:
                return figure, None, False
            if _a_phone(figure):
                return figure, (credit, "unclear"), False
            if (side == "debit" and credit > 0) or (side == "credit" and credit < 0):
                return figure, (credit, "unclear"), False  # “100.000 DR” in the credit column, “-100.000 CR”
            return figure, (credit, "credit" if credit > 0 else "debit"), False
        figure, side = _marked(cell(cells, "amount"))
        column = _MARKS.get(_mark(_text(cell(cells, "side"))))
        if side is not None and column is not None and side != column:
            side = "unclear"
        side = side or column
        unclear = side == "unclear" or _a_phone(figure)
        return figure, _unclear(figure) if unclear else _side(figure, side), side is not None

    # Every debit with its words as written and its date cell: those whose words name a code, their wrapped
    # rows joined (“Hoan tra CK trung” over “CT2026000001”), are `paid_out` (docs/decisions/0840, 0899).
    out: list[tuple[BankLine, str, object]] = []

    def paid_out(cells: Sequence[object], row: int, amount: int, day: object) -> None:
        """A debit: one whose words name a code may be a double transfer paid back, or a whole gift."""
        written = _lines(cell(cells, "description"))
        out.append((BankLine(row, None, abs(amount), _text(cell(cells, "description")), ()), written, day))

    read: list[tuple[BankLine, str]] = []
    written: list[str] = []  # each credit's description with its cells' line breaks, for `codes_in`
    above: int | None = None  # the credit in `read` a continued description joins (None: none to join)
    debit_above: int | None = None  # or the debit in `out`
    unclear: list[int] = []
    unread: list[int] = []
    undated: list[int] = []
    dayless: list[int] = []  # the debits in `out` without a day: named unless they name a gift or a refund
    like_total: list[int] = []
    days = _DayAbove(columns.get("date"), merged)
    day_cells: list[object] = []  # each credit's date cell (or the day above's): read once the order is known
    shown: set[str | None] = set()  # the orders the date cells showed (`_order_shown`)
    told = debits_negative = marked = False
    money = [columns[field] for field in ("date", "credit", "debit", "amount", "side") if field in columns]
    for row, cells in rows:
        if row > MAX_ROWS:
            raise StatementFileError("too_long")
        more = _text(cell(cells, "description"))
        if more and not _a_total(cells) and _continues(cells, columns["description"], money):
            if debit_above is not None:  # a debit's words wrapped: its code may stand on this row
                line, text, day = out[debit_above]
                out[debit_above] = (
                    replace(line, description=f"{line.description} {more}"),
                    f"{text}\n{_lines(cell(cells, 'description'))}",
                    day,
                )
            if above is not None:  # the row above continues here; else it was no credit, or there is none
                line = read[above][0]
                written[above] += "\n" + _lines(cell(cells, "description"))
                codes = codes_in(written[above], prefixes)
                read[above] = (
                    replace(line, description=f"{line.description} {more}", codes=codes),
                    read[above][1],
                )
            continue
        above = debit_above = None
        if _a_total(cells) or not any(map(_text, cells)):
            days.end()  # a total, a balance or an empty row: the rows under it are not that day's
            if _dated_like_total(cells, columns.get("date")) and _may_be_in(*money_in(cells)[:2]):
                like_total.append(row)  # a transfer's words may begin so: named, never counted nor lost
            continue
        figure, found, was_marked = money_in(cells)
        day = cell(cells, "date")
        if "date" in columns:
            if _text(day):
                days.saw(row, day)
                shown.add(_order_shown(day))
            elif (day := days.under(row, more)) is None:
                # No day to take: a note, a subtotal, or money to look at (never lost unsaid).
                if _may_be_in(figure, found):
                    undated.append(row)
                elif debit := _debit_of(
                    found, read_amount(cell(cells, "debit")) if "credit" in columns else None
                ):
                    # money out without its day: read as after the credits, never dropped (decision 1146);
                    # its minus tells how the statement writes money out, as a dated row's does (1225)
                    told, debits_negative = True, debits_negative or debit < 0
                    paid_out(cells, row, debit, None)
                    debit_above = len(out) - 1
                    dayless.append(len(out) - 1)
                continue
        marked = marked or was_marked
        if found is None:
            if _no_amount(figure):
                unread.append(row)
            elif "credit" in columns and (debit := read_amount(cell(cells, "debit"))):
                paid_out(cells, row, debit, day)
                debit_above = len(out) - 1
            continue
        amount, side = found
        told = told or side in ("credit", "debit")
        if side == "debit":
            debits_negative = debits_negative or amount < 0
            paid_out(cells, row, amount, day)
            debit_above = len(out) - 1
        elif side == "unclear":
            unclear.append(row)
        else:
            description = _text(cell(cells, "description"))
            written.append(_lines(cell(cells, "description")))
            line = BankLine(row, None, amount, description, codes_in(written[-1], prefixes))
            day_cells.append(day)
            above = len(read)
            read.append((line, side))
    signed = debits_negative and not marked  # a row without a minus is then a credit
    # … unless its words say money went out (“RUT TIEN MAT” under a fee without its day, -11.000): named as
    # unclear, never a credit to record as a donor's gift (decision 1374).
    unsigned = [
        line.row
        for line, side in read
        if side == "unsigned" and (not signed or _MONEY_OUT.search(fold(line.description)))
    ]
    if unsigned and not told:
        raise StatementFileError("no_sign")
    order = _statement_order(shown)  # “11/20/2026” read month first only where the statement shows it so
    credits = [
        (line, day)
        for (line, side), day in zip(read, day_cells, strict=True)
        if side == "credit" or (signed and line.row not in unsigned)
    ]
    unplaced = tuple(line.row for line, day in credits if _unplaced(day, epoch, order))
    either = [(line, day) for line, day in credits if _either_way(day)]
    taken = None
    if order == DAY_FIRST and DAY_FIRST not in shown and either:  # nothing shows the order: day first
        line, day = either[0]
        on = read_day(day, epoch, order)
        taken = OrderTaken(line.row, _text(day), on) if on else None
    lines = [
        replace(line, on=read_day(day, epoch, order)) for line, day in credits if line.row not in unplaced
    ]
    debits = [(line, codes_in(written, prefixes), day) for line, written, day in out]  # each read once
    # A fee or a withdrawal without its day names no gift and no refund: its row is named with the rows of
    # money without a day, never dropped unsaid (decision 1225).
    unnamed = [
        debits[n][0].row
        for n in dayless
        if not debits[n][1] and not _REFUND.search(fold(debits[n][0].description))
    ]
    return Statement(
        lines,
        tuple(sorted([*unclear, *unsigned])),
        tuple(unread),
        tuple(sorted([*undated, *unnamed])),
        unplaced,
        tuple(like_total),
        taken,
        paid_out=tuple(
            replace(line, on=read_day(day, epoch, order), codes=codes) for line, codes, day in debits if codes
        ),
        refunds=tuple(
            replace(line, on=read_day(day, epoch, order))
            for line, codes, day in debits
            if not codes and _REFUND.search(fold(line.description))
        ),
    )


def _either_way(value: object) -> bool:
    """Whether a date cell writes a day in figures that reads as two days, day first or month first
    (“05/11/2026”: 5 November or 11 May)."""
    if not isinstance(value, str) or _YEAR_FIRST.search(value):
        return False
    figures = _DAY_FIRST.search(value)
    if figures is None:
        return False
    first, second = int(figures[1]), int(figures[2])
    return first <= 12 and second <= 12 and first != second


def _debit_of(found: tuple[int, str] | None, debit_column: int | None) -> int | None:
    """A row's money out, read by `money_in` (`found`) or from its debit column beside a credit column (an
    amount there, the credit cell empty); None where it is none."""
    if found is not None:
        return found[0] if found[1] == "debit" else None
    return debit_column or None


def _may_be_in(figure: object, found: tuple[int, str] | None) -> bool:
    """Whether a row's money cell (as written, and read: `money_in`) might be money in: an amount not a
    debit, or figures that are no amount."""
    return (found is None and _no_amount(figure)) or (found is not None and found[1] != "debit")


def _dated_like_total(cells: Sequence[object], date_column: int | None) -> bool:
    """Whether a row read as a total holds a day of its own in the date column, its label elsewhere: the
    words of a transfer (“Tổng tiền ủng hộ thôn 5”, “Total donation …”, its sender's) may begin as a total's
    do, and a subtotal under a blank date, or labelled in the date column (“Cộng ngày 20/11/2026”), has
    none (docs/decisions/0256)."""
    day = cells[date_column] if date_column is not None and date_column < len(cells) else None
    return bool(_text(day)) and not (isinstance(day, str) and _TOTALS.match(_label(day)))


class _DayAbove:
    """The day a row with nothing in the date column takes (docs/decisions/0235). Banks merge the date cell
    over the transfers of one day (only its first row then holds it) or leave it blank under the first.
    Where the sheet merges its days (`merged`: read only when a row needs it; a merge is a day's when its
    first row is a dated row of the statement), a row takes the day of the merge it lies in, and no other;
    elsewhere, the day of the dated row above, unless a total, a balance, an empty row or a row without a
    description (a subtotal's look) stands between. A row without a description never takes one."""

    def __init__(self, column: int | None, merged: Callable[[], Merged]) -> None:
        self._column = None if column is None else column + 1  # merged ranges count columns from 1
        self._merged = merged
        self._firsts: dict[int, int] | None = None  # each row a merge of the date column covers: its first
        self._starts: frozenset[int] = frozenset()  # the first rows of those merges
        self._merging = False  # whether a merge of the date column starts on a dated row
        self._days: dict[int, object] = {}  # each dated row's date cell
        self._last: object = None

    def saw(self, row: int, day: object) -> None:
        self._days[row] = self._last = day
        self._merging = self._merging or row in self._starts

    def end(self) -> None:
        self._last = None

    def under(self, row: int, description: str) -> object:
        if not description:
            self._last = None  # a subtotal's look: what follows is no longer that day's
            return None
        if self._firsts is None:
            self._firsts = {
                covered: first
                for low, first, high, last in self._merged()
                if self._column is not None and low <= self._column <= high
                for covered in range(first + 1, min(last, MAX_ROWS) + 1)
            }
            self._starts = frozenset(self._firsts.values())
            self._merging = any(first in self._days for first in self._starts)
        if not self._merging:  # the sheet merges no day: a blank under a dated row is that row's day
            return self._last
        return self._days.get(self._firsts.get(row, 0))


def _continues(cells: Sequence[object], description: int, money: list[int]) -> bool:
    """Whether a row with a description continues the row above: nothing in its day and money columns, and
    no figure in any other (a row with an amount in a column the header did not name, or a number of its
    own, is not some other row's text)."""
    return not any(
        _text(value) and (index in money or any(ch.isdigit() for ch in _text(value)))
        for index, value in enumerate(cells)
        if index != description
    )


def _unclear(figure: object) -> tuple[int, str] | None:
    """A row whose “CR” or “DR” says otherwise than its side column: never a credit, named if it holds an
    amount."""
    amount = read_amount(figure)
    return (amount, "unclear") if amount else None


def _a_phone(figure: object) -> bool:
    """Whether a money cell holds a phone put in the wrong column (“0912345678”): read as an amount it
    would be 912.345.678 ₫, so its row is unclear, never a credit (decision 1526). A number cell has lost
    its 0 and cannot be told from an amount."""
    return isinstance(figure, str) and _PHONE_FIGURE.fullmatch(_AMOUNT_NOISE.sub("", figure)) is not None


def _no_amount(value: object) -> bool:
    """Whether a credit or amount cell holds figures that read as no amount: never an empty cell or a dash,
    which banks leave on the other side's rows."""
    return read_amount(value) is None and any(ch.isdigit() for ch in _text(value))


def read_statement(
    path: Path,
    name: str | None = None,
    *,
    prefixes: tuple[str, ...] = (REF_PREFIX,),
    cap: int | None = None,
) -> Statement:
    """The credits of the statement at `path`, in the order of the file, with the codes of `prefixes` (the
    organisation's: `statement_prefixes`) their descriptions name. `name`: what the file was called when it
    was sent (a kept file's own name is its checksum), whose ending says .xlsx, .xls or .csv (an Excel
    workbook is then read as its first bytes say, whichever of the two it is called). A credit above `cap`
    (the house's money cap, `Settings.money_cap`: no gift is typed above it) is `unread`, as a figure that is
    no amount: named for the treasurer to look at, never offered to record (docs/decisions/0313)."""
    statement = _read_statement(path, name, prefixes)
    if cap is None:
        return statement
    over = {line.row for line in statement.lines if line.amount > cap}
    return replace(
        statement,
        lines=[line for line in statement.lines if line.row not in over],
        unread=tuple(sorted({*statement.unread, *over})),
    )


def _read_statement(path: Path, name: str | None, prefixes: tuple[str, ...]) -> Statement:
    suffix = Path(name or path.name).suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            text = csv_text(path.read_bytes())
            records = csv_records(text, csv_delimiter(text, _header_score, HEADER_SEARCH_ROWS))
            columns, below, heading = _find_header(records)
            table = _Table(below)
            return _sourced(_credits(columns, table, prefixes), table, path, heading)
        if suffix in (".xlsx", ".xlsm", ".xls"):
            if is_old_excel(path):
                statement, table, heading = _workbook_credits(xls_sheets(path), "xls", prefixes)
            else:
                statement, table, heading = _workbook_credits(xlsx_sheets(path), "xlsx", prefixes)
            return _sourced(statement, table, path, heading)
    except TableError as problem:
        raise StatementFileError(problem.reason, problem.detail) from None
    raise StatementFileError("kind")


def _sourced(
    statement: Statement, table: _Table, path: Path, heading: Sequence[Sequence[object]]
) -> Statement:
    """`statement` with the checksum of its table (`Statement.source`) and of the file (`file_sum`), and
    the account and days its `heading` (the rows above the table) prints."""
    account, period = _heading(heading)
    return replace(
        statement,
        source=table.checksum(),
        file_sum=hashlib.sha256(path.read_bytes()).hexdigest(),
        account=account,
        period=period,
    )


class _Table:
    """The rows under a statement's header as they are read, with a checksum of their cells: what tells a
    credit without a day of this statement from one of another (`Statement.source`). The same statement
    downloaded again, with another hour of export printed above its table or saved with other line endings,
    has the same table; next month's has other rows (decision 0276)."""

    def __init__(self, rows: Rows) -> None:
        self._rows = rows
        self._sum = hashlib.sha256()

    def __iter__(self) -> _Table:
        return self

    def __next__(self) -> tuple[int, Sequence[object]]:
        line, cells = next(self._rows)
        written = "\x1f".join("" if cell is None else str(cell).strip() for cell in cells).rstrip("\x1f")
        self._sum.update(f"{written}\x1e".encode())
        return line, cells

    def checksum(self) -> str:
        return self._sum.hexdigest()


def _workbook_credits(
    sheets: Iterator[SheetRows], reason: str, prefixes: tuple[str, ...]
) -> tuple[Statement, _Table, list[Sequence[object]]]:
    """The credits of the first sheet with a statement's header. A workbook broken inside (a sheet's XML cut
    short, a zip of absurd size, a record of an .xls cut off) is `reason` ("xlsx" or "xls"), whatever the
    parser raised: it came from someone's phone."""
    try:
        with closing(sheets) as workbook:
            for rows in workbook:  # the statement may be on a later sheet
                try:
                    columns, below, heading = _find_header(rows)
                    table = _Table(below)
                    return _credits(columns, table, prefixes, rows.epoch, rows.merged), table, heading
                except StatementFileError as problem:
                    if problem.reason != "no_header":
                        raise
        raise StatementFileError("no_header")
    except (StatementFileError, TableError):
        raise
    except Exception as problem:  # an untrusted file: whatever the parser raised, the same answer
        raise StatementFileError(reason, type(problem).__name__) from None


def credit_day(identity: str | None) -> date | None:
    """The day the bank received the credit a gift was recorded from, as its identity keeps it first
    (bot.domain.donors.credit_identity); None for a gift of no credit, or of a credit without a day."""
    try:
        return date.fromisoformat(identity.split(" ", 1)[0]) if identity else None
    except ValueError:
        return None
