"""A bank's statement (sao kê tài khoản) as internet banking exports it, read for its credits: the money that
came in, with its day and the transfer's description, where givers write their gift's reference code.

Banks export it as .xlsx or CSV with a title and the account's details above the header row, Vietnamese
column names (often with the English one beside: “Ghi có/Credit”), sometimes a header on two rows (“Số
tiền” over “Nợ” and “Có”), debit rows, and a totals or balance row at the end. Amounts come as banks write
them (“1,200,000”, “1.200.000”, “1200000.00”, “+1.200.000”) and are read as whole đồng; a row whose credit
is empty or negative is a debit and skipped. Reference codes are found in the descriptions however the
bank changed them (`codes_in`). Reading changes nothing and keeps nothing; `StatementFileError.reason`
names what is wrong with a file that cannot be read, for each reader to say in its words."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from bot.domain.contributions import REF_PREFIX
from bot.domain.tables import TableError, csv_delimiter, csv_records, csv_text, xlsx_sheets
from bot.text import clean, fold

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
    "Narrative",
)
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
)
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
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_IN_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _key(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


_WORDS = {
    "description": frozenset(map(_key, DESCRIPTION_HEADERS)),
    "credit": frozenset(map(_key, CREDIT_HEADERS)),
    "debit": frozenset(map(_key, _DEBIT_HEADERS)),
    "date": frozenset(map(_key, _DATE_HEADERS)),
}
# Rows that sum or carry a balance rather than record a transfer (compared folded, at a cell's start).
_TOTALS = ("tong cong", "tong so", "tong phat sinh", "cong phat sinh", "total", "so du", "balance", "luy ke")
# A reference code in a description: CT, a year, a number, with or without dashes, spaces or dots between,
# glued to other text as banks glue it (“MBVCB.123.CT2026000123.UNG HO”, “ct-2026-123 ung ho quy”).
_CODE_IN_TEXT = re.compile(rf"{REF_PREFIX}[\s._:/-]*(20[2-9]\d)[\s._:/-]*(\d{{1,7}})(?!\d)")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_AMOUNT_NOISE = re.compile(r"[\s\u00a0\u202f]|vn[dđ]|[đ₫]", re.IGNORECASE)
_AMOUNT = re.compile(r"([+-]?)\(?([\d.,]+)\)?(-?)")


class StatementFileError(Exception):
    """The file is not a statement this reader can read: "kind" (not .xlsx or .csv), "xls" (the old Excel
    format), "utf16" or "encoding" (a CSV not in UTF-8), "csv" or "xlsx" (broken), "no_header" (no row among
    the first HEADER_SEARCH_ROWS names a description column and a credit column), "too_long" (over MAX_ROWS
    rows). `detail`: the library's words, for the shell."""

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


def codes_in(description: str) -> tuple[str, ...]:
    """The reference codes a description names, as the ledger writes them (“CT-2026-000123”), each once, in
    the order written: “CT2026000123”, “CT 2026 000123”, “ct-2026-123”, glued to other text or not."""
    found: dict[str, None] = {}
    for year, number in _CODE_IN_TEXT.findall(description.upper()):
        if int(number):  # “CT 2050000”: an amount after “chuyển tiền”, not the gift numbered 0
            found[f"{REF_PREFIX}-{year}-{int(number):06d}"] = None
    return tuple(found)


def read_amount(value: object) -> int | None:
    """A cell's amount in whole đồng, negative for a debit written with a sign or in brackets; None for an
    empty cell, text that is no amount, or one with a fraction of a đồng."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
        return int(value) if finite and value == int(value) else None
    text = _AMOUNT_NOISE.sub("", str(value))
    shape = _AMOUNT.fullmatch(text)
    if shape is None:
        return None
    sign, digits, trailing = shape.groups()
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
    head = head.replace("," if last == "." else ".", "")
    return int(head) if head.isdigit() else None


def read_day(value: object) -> date | None:
    """A cell's day: a date of the workbook, or text written day first (“15/12/2026”, “15-12-2026 10:32”)
    or as ISO (“2026-12-15”); None when it holds none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        if iso := _ISO_DAY.search(value):
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if day_first := _DAY_FIRST.search(value):
            year = int(day_first[3])
            return date(year + 2000 if year < 100 else year, int(day_first[2]), int(day_first[1]))
    except ValueError:
        return None
    return None


def _text(value: object) -> str:
    """A cell as one line of text: NFC, control characters gone, line breaks and runs of spaces one space."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(clean(str(value)).split())


def _header_fields(cell: object) -> set[str]:
    """What a header cell names: “Nội dung/Description” a description, “Số tiền ghi có (VND)” a credit. A
    column “Nợ/Có” says which a row is, and holds no amount: neither."""
    if cell is None:
        return set()
    parts = re.split(r"[/\n|]", _IN_BRACKETS.sub(" ", str(cell)))
    fields = {field for part in parts for field, words in _WORDS.items() if _key(part) in words}
    if {"credit", "debit"} <= fields:
        fields -= {"credit", "debit"}
    return fields


def _columns(cells: Sequence[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        for field in sorted(_header_fields(cell)):
            found.setdefault(field, index)
    return found


def _complete(columns: dict[str, int]) -> bool:
    return "description" in columns and "credit" in columns


def _header_score(cells: Sequence[object]) -> int:
    columns = _columns(cells)
    return len(columns) if len(columns) >= 2 else 0


def _find_header(rows: Iterable[tuple[int, Sequence[object]]]) -> dict[str, int]:
    """The columns of the header row among the first rows (the iterator then stands on the first row below
    it); a header on two rows (“Số tiền” over “Nợ”, “Có”) is read as one."""
    above: dict[str, int] = {}
    for line, cells in rows:
        columns = _columns(cells)
        if _complete(columns):
            return columns
        joined = {**above, **columns}
        if columns and _complete(joined):
            return joined
        if line >= HEADER_SEARCH_ROWS:
            break
        above = columns
    raise StatementFileError("no_header")


def _a_total(cells: Sequence[object]) -> bool:
    return any(isinstance(cell, str) and fold(cell).startswith(_TOTALS) for cell in cells)


def _credits(rows: Iterable[tuple[int, Sequence[object]]], columns: dict[str, int]) -> list[BankLine]:
    """The credited rows under the header: debits, empty rows, totals and balances are skipped, and so is a
    row with nothing in the statement's date column (a note, a subtotal)."""

    def cell(cells: Sequence[object], field: str) -> object:
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else None

    lines = []
    for row, cells in rows:
        if row > MAX_ROWS:
            raise StatementFileError("too_long")
        amount = read_amount(cell(cells, "credit"))
        if amount is None or amount <= 0 or _a_total(cells):
            continue
        day = cell(cells, "date")
        if "date" in columns and not _text(day):
            continue
        description = _text(cell(cells, "description"))
        lines.append(BankLine(row, read_day(day), amount, description, codes_in(description)))
    return lines


def read_statement(path: Path, name: str | None = None) -> list[BankLine]:
    """The credits of the statement at `path`, in the order of the file. `name`: what the file was called
    when it was sent (a kept file's own name is its checksum), whose ending says .xlsx or .csv."""
    suffix = Path(name or path.name).suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            text = csv_text(path.read_bytes())
            records = csv_records(text, csv_delimiter(text, _header_score, HEADER_SEARCH_ROWS))
            return _credits(records, _find_header(records))
        if suffix in (".xlsx", ".xlsm"):
            return _workbook_credits(path)
    except TableError as problem:
        raise StatementFileError(problem.reason, problem.detail) from None
    raise StatementFileError("xls" if suffix == ".xls" else "kind")


def _workbook_credits(path: Path) -> list[BankLine]:
    """The credits of the first sheet with a statement's header. A workbook broken inside (a sheet's XML cut
    short, a zip of absurd size) is "xlsx", whatever the parser raised: it came from someone's phone."""
    try:
        with closing(xlsx_sheets(path)) as sheets:
            for rows in sheets:  # the statement may be on a later sheet
                try:
                    return _credits(rows, _find_header(rows))
                except StatementFileError as problem:
                    if problem.reason != "no_header":
                        raise
        raise StatementFileError("no_header")
    except (StatementFileError, TableError):
        raise
    except Exception as problem:  # an untrusted file: whatever the parser raised, the same answer
        raise StatementFileError("xlsx", type(problem).__name__) from None
