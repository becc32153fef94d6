"""Rows of a spreadsheet someone exported (the office's staff list, the bank's statement): a CSV as Excel and
internet banking write it in Vietnam (UTF-8 with or without a BOM; `,`, `;` or a tab between cells), or an
.xlsx read-only, sheet by sheet, each cell as typed (a formula is its text, never a cached result). Each
reader finds its own header row and says what went wrong in its own words: `TableError.reason` names the
problem, never a sentence."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

Numbered = Iterable[tuple[int, Sequence[object]]]  # (line or row number from 1, the cells)
DELIMITERS = (",", ";", "\t")


class TableError(ValueError):
    """The file cannot be read as a table: "utf16" (saved as UTF-16), "encoding" (not UTF-8), "csv" (broken
    quoting), "xlsx" (not a workbook openpyxl can open); `detail` is the library's word, for the shell."""

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
            yield start, record
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


def as_typed(value: object) -> object:
    """A cell as the person typed it: a formula is its text ("=HYPERLINK(…)", "=SUM(E5:E40)"), never its
    cached result, which would be whatever the formula showed last time (or nothing, in files no spreadsheet
    has opened)."""
    if isinstance(value, ArrayFormula):
        return value.text
    if isinstance(value, DataTableFormula):  # a what-if table: nothing typed in the cell itself
        return None
    return value


def xlsx_sheets(path: Path) -> Iterator[Iterator[tuple[int, list[object]]]]:
    """The rows of each sheet of the workbook at `path`, numbered from 1, cells as typed; the workbook is
    closed once the caller stops asking for sheets."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as problem:
        raise TableError("xlsx", str(problem)) from None
    try:
        for sheet in workbook.worksheets:
            # Some generators write a wrong <dimension>; without this read-only mode would cut rows off.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
            yield enumerate(([as_typed(value) for value in row] for row in rows), start=1)
    finally:
        workbook.close()
