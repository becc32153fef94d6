"""Rows of a spreadsheet someone exported (the office's staff list, the bank's statement): a CSV as Excel and
internet banking write it in Vietnam (UTF-8 with or without a BOM; `,`, `;` or a tab between cells), an
.xlsx read-only, sheet by sheet, each cell as typed (a formula is its text, never a cached result), or an
old Excel workbook (.xls, which several banks still export) in the same shape. Each reader finds its own
header row and says what went wrong in its own words: `TableError.reason` names the
problem, never a sentence.

openpyxl (a second of processor with what it brings, numpy among it) is imported by the reader of a workbook,
not by whoever imports this module: every command reaches it through the ledger, few read a workbook
(docs/decisions/2605)."""

from __future__ import annotations

import csv
import io
import math
import operator
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from datetime import date, datetime, time, timedelta
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import BinaryIO, TypeVar

import xlrd

Numbered = Iterable[tuple[int, Sequence[object]]]  # (line or row number from 1, the cells)
# The day a workbook's day numbers count from: 30/12/1899 in the 1900 system (every bank's), 1/1/1904 in the
# 1904 system old Excel for Mac saved.
EPOCH_1900, EPOCH_1904 = date(1899, 12, 30), date(1904, 1, 1)  # the latter openpyxl's MAC_EPOCH
# Cells merged over several rows or columns: (first column, first row, last column, last row), from 1.
Merged = tuple[tuple[int, int, int, int], ...]
DELIMITERS = (",", ";", "\t")
# What a workbook's parts may hold once unpacked, all together. A bank's statement of MAX_ROWS rows, or an
# office's staff list, is a few tens of MB of XML; a file of a few MB that unpacks to gigabytes (a zip bomb:
# one cell of a billion letters, a million empty rows) is refused before anything is unpacked, not read
# until the server runs out of memory. The sizes are those the zip's directory declares, and Python's zipfile
# never unpacks more than a part declares.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# The columns of a row that are read: a bank's statement or a staff list has a dozen or two. A row of a
# million cells (a CSV of commas), or rows each with one cell in Excel's last column (XFD, the 16,384th: a few
# bytes that read as 16,384 cells a row), are cut here rather than read cell by cell, row after row, at every
# press of the treasurer's buttons (the statement is read again at each).
MAX_COLUMNS = 200


class TableError(ValueError):
    """The file cannot be read as a table: "utf16" (saved as UTF-16), "encoding" (not UTF-8), "csv" (broken
    quoting), "xlsx" (not a workbook openpyxl can open), "xls" (an old Excel workbook xlrd cannot read);
    `detail` is the library's word, for the shell."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def csv_text(data: bytes) -> str:
    """The text of a CSV file: UTF-8, a BOM dropped. UTF-16 (Excel's "Unicode text") and other encodings are
    refused, so a name is never read as mojibake."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError("utf16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError("encoding") from None


def csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Records with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            yield start, record[:MAX_COLUMNS]
            start = reader.line_num + 1
    except csv.Error as problem:
        raise TableError("csv", str(problem)) from None


def csv_delimiter(text: str, header_score: Callable[[Sequence[object]], int], within: int) -> str:
    """The delimiter under which a header row shows up among the first `within` lines (Excel in Vietnamese
    locales writes ";"): the one whose header names the most columns (`header_score`, 0: not a header)."""
    best: tuple[int, str] = (0, ",")
    for delimiter in DELIMITERS:
        try:
            for line, cells in csv_records(text, delimiter):
                if line > within:
                    break
                score = header_score(cells)
                if score:
                    best = max(best, (score, delimiter), key=lambda pair: pair[0])
                    break
        except TableError:
            continue  # broken under this delimiter: another may read it
    return best[1]


# What openpyxl gives for a cell holding a value, never a formula's object.
_PLAIN = frozenset({str, int, float, bool, datetime, date, time, timedelta, type(None)})


def as_typed(value: object) -> object:
    """A cell as the person typed it: a formula is its text ("=HYPERLINK(…)", "=SUM(E5:E40)"), never its
    cached result, which would be whatever the formula showed last time (or nothing, in files no spreadsheet
    has opened)."""
    if type(value) in _PLAIN:  # nearly every cell: no formula to look for
        return value
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    if isinstance(value, ArrayFormula):
        return value.text
    if isinstance(value, DataTableFormula):  # a what-if table: nothing typed in the cell itself
        return None
    return value


class SheetRows(Iterator[tuple[int, list[object]]]):
    """A sheet's rows, numbered from 1, with what a reader of days needs of its workbook: the day a bare day
    number counts from (`epoch`, the workbook's own system), and the cells merged over several rows
    (`merged`, read only when asked: a bank that merges the day over the transfers of one day leaves the cells
    below the first empty), or across several columns of one row (`merged_across`: a staff list's “Họ và
    tên” over the family and given names' two columns), both from one reading of the workbook's merges."""

    def __init__(
        self,
        rows: Iterator[tuple[int, list[object]]],
        epoch: date,
        merged: Callable[[], Merged] = tuple,
        title: str = "",
        hidden: bool = False,
    ) -> None:
        self._rows = rows
        self.epoch = epoch
        self.title = title  # the sheet's name on its tab (“Lâm sàng”), for a reader of several sheets
        self.hidden = hidden  # its tab hidden in the workbook: a lookup list or an old copy, not what is seen
        self._merged = merged
        self._known: Merged | None = None

    def __next__(self) -> tuple[int, list[object]]:
        return next(self._rows)

    def _merges(self) -> Merged:
        if self._known is None:
            self._known = self._merged()
        return self._known

    def merged(self) -> Merged:
        """The ranges merged over several rows."""
        return tuple(cells for cells in self._merges() if cells[3] > cells[1])

    def merged_across(self) -> Merged:
        """The ranges merged across several columns of one row."""
        return tuple(cells for cells in self._merges() if cells[3] == cells[1] and cells[2] > cells[0])


def xlsx_sheets(path: Path) -> Iterator[SheetRows]:
    """The rows of each sheet of the workbook at `path`, numbered from 1, cells as typed; the workbook is
    closed once the caller stops asking for sheets. Opened as a file, so that its name's ending does not
    matter (openpyxl refuses a path ending in .xls, and some banks call their .xlsx so). Each sheet says its
    workbook's `epoch` and, when asked, its cells merged over several rows (`SheetRows`)."""
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import MAC_EPOCH
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        file = path.open("rb")
    except OSError as problem:
        raise TableError("xlsx", str(problem)) from None
    with file:
        try:
            _refuse_a_bomb(file)
            workbook = load_workbook(file, read_only=True, data_only=False)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as problem:
            raise TableError("xlsx", str(problem)) from None
        epoch = EPOCH_1904 if workbook.epoch == MAC_EPOCH else EPOCH_1900
        try:
            for index, sheet in enumerate(workbook.worksheets):
                # Some generators write a wrong <dimension>; without this read-only mode would cut rows off.
                sheet.reset_dimensions()
                rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
                numbered = enumerate((_cells(row) for row in rows), start=1)
                hidden = sheet.sheet_state != "visible"
                yield SheetRows(numbered, epoch, partial(_sheet_merges, path, index), sheet.title, hidden)
        finally:
            workbook.close()


def _sheet_merges(path: Path, index: int) -> Merged:
    """The ranges of the workbook's `index`th sheet merged (`SheetRows` tells them apart). Read-only mode,
    which reads the
    rows, does not keep them: the workbook is opened whole, once, by a reader that needs them (its size was
    bounded when it was first opened)."""
    from openpyxl import load_workbook

    try:
        with path.open("rb") as file:
            sheet = load_workbook(file, data_only=False).worksheets[index]
    except Exception:  # read once already: a workbook that cannot be opened whole has no merges to tell
        return ()
    return tuple(
        (cells.min_col, cells.min_row, cells.max_col, cells.max_row) for cells in sheet.merged_cells.ranges
    )


def _refuse_a_bomb(file: BinaryIO) -> None:
    """Refuse (TableError "xlsx") a workbook whose parts would unpack to more than MAX_UNPACKED_BYTES; leave
    `file` at its start for openpyxl."""
    with zipfile.ZipFile(file) as archive:
        unpacked = sum(part.file_size for part in archive.infolist())
    file.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableError("xlsx", f"{unpacked:,} bytes unpacked, more than a workbook may hold")


def _cells(values: tuple[object, ...]) -> list[object]:
    """A row's cells as typed, without the empty ones after its last value (openpyxl pads each row to
    MAX_COLUMNS, and a million missing rows before a stray cell in row 1,048,576 each to as many Nones): the
    empty cells are found at C speed, not one by one."""
    if values.count(None) == len(values):
        return []
    filled = list(map(operator.is_not, values, repeat(None)))
    end = len(filled) - filled[::-1].index(True)
    return [as_typed(value) for value in values[:end]]


# The first bytes of an old Excel workbook (an OLE2 compound file), whatever the file is called.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_old_excel(path: Path) -> bool:
    """Whether the file at `path` is an old Excel workbook by its first bytes (banks name files as they like:
    an .xlsx called .xls, or the other way round)."""
    with path.open("rb") as file:
        return file.read(len(OLE2_SIGNATURE)) == OLE2_SIGNATURE


def xls_sheets(path: Path) -> Iterator[SheetRows]:
    """The rows of each sheet of the old Excel workbook (.xls) at `path`, as `xlsx_sheets` gives them:
    numbered from 1, an empty cell None, a whole number an int, a date a datetime (the file keeps a float
    counted in days from 1900 or from 1904, by the workbook's `datemode`: read with it, a day is never off
    by four years; `epoch` says it for a number without a date's format), and, when asked, its cells merged
    over several rows (xlrd keeps them only with the formatting: the workbook is read again for them, once,
    by a reader that needs them). An .xls keeps only a formula's last result, and that is what is read; a
    bank's export holds values. Each sheet is let go once the caller asks for the next."""
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as problem:  # an untrusted file: whatever xlrd raised, it is no workbook to read
        raise TableError("xls", str(problem) or type(problem).__name__) from None
    try:
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except Exception as problem:  # a sheet broken inside
                raise TableError("xls", str(problem) or type(problem).__name__) from None
            rows = (
                [_xls_value(cell, book.datemode) for cell in sheet.row_slice(n, 0, MAX_COLUMNS)]
                for n in range(sheet.nrows)
            )
            epoch = EPOCH_1904 if book.datemode else EPOCH_1900
            yield SheetRows(
                enumerate(rows, start=1),
                epoch,
                partial(_xls_merges, path, index),
                sheet.name,
                bool(sheet.visibility),  # 1 hidden, 2 very hidden
            )
            book.unload_sheet(index)
    finally:
        book.release_resources()


def _xls_merges(path: Path, index: int) -> Merged:
    """The ranges of the old Excel workbook's `index`th sheet merged, as `_sheet_merges`
    gives an .xlsx's: xlrd reads them only with the formatting, so the workbook is opened again so."""
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception:  # read once already: a workbook whose formatting cannot be read has no merges to tell
        return ()
    try:
        ranges = book.sheet_by_index(index).merged_cells  # (first row, row after, first column, column after)
    except Exception:
        return ()
    finally:
        book.release_resources()
    return tuple((low + 1, first + 1, high, after) for first, after, low, high in ranges)


def _xls_value(cell: xlrd.sheet.Cell, datemode: int) -> object:
    """A cell of an .xls as openpyxl would give the same cell of an .xlsx."""
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return value  # a day before 1900 or past 9999: the number, read as no day
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if math.isfinite(value) and value.is_integer() else value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value)
    return value


_Read = TypeVar("_Read")
ZIP_SIGNATURE = b"PK\x03\x04"  # an .xlsx is a zip: anything else called .xlsx is read as the text it is


def first_table(
    path: Path,
    suffix: str,
    read: Callable[[Iterable[tuple[int, list[object]]]], _Read],
    header_score: Callable[[Sequence[object]], int],
    within: int,
    no_header: Callable[[Exception], bool],
    *,
    skip_hidden: bool = False,
    text_called_excel: bool = False,
) -> _Read | None:
    """What `read` makes of the first table of the file at `path` whose header it finds: a .csv or .txt read
    as text (its delimiter the one `header_score` likes best within `within` rows), an .xlsx, .xlsm or .xls
    sheet by sheet (`skip_hidden`: not the hidden ones), the sheets where `read` raises what `no_header` says
    is no header passed over; None when no sheet has one. `text_called_excel`: a CSV saved with an .xlsx
    name is read as the text it is. TableError("kind") for any other suffix, and the readers' own ones."""
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm", ".xls"):
        raise TableError("kind")
    old = suffix != ".csv" and suffix != ".txt" and is_old_excel(path)
    if suffix in (".csv", ".txt") or (text_called_excel and not old and not _is_zip(path)):
        text = csv_text(path.read_bytes())
        return read(csv_records(text, csv_delimiter(text, header_score, within)))
    with closing(xls_sheets(path) if old else xlsx_sheets(path)) as sheets:
        for rows in sheets:
            if skip_hidden and rows.hidden:
                continue
            try:
                return read(rows)
            except Exception as problem:
                if not no_header(problem):
                    raise
    return None


def _is_zip(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(ZIP_SIGNATURE)) == ZIP_SIGNATURE
