"""Strict TOML files for people who are not programmers: every problem found at once, each with its line.

A campaign plan (bot.domain.plans) and an organisation's local settings (bot.domain.org_settings) are text
files that an admin edits by hand. A typo that passed silently would become a wrong deadline or a drive
nobody can give to, so a file is read here with every key checked and every mistake reported as
"file, line N, key.path: what is wrong" before anything is saved. A problem keeps its words marked for the
catalogs with their fields (`Problem.said`), so that the shell says it in the office's language.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.i18n import Translator
from bot.text import nfc

ENGLISH = Translator("en")  # a problem's words as written here, and as the domain's tests read them

TITLE_MAX = 400  # the title columns of the model
SOURCE_MAX = 400  # a citation: document and section
CODE_MAX = 60
FIRST_YEAR, LAST_YEAR = 2000, 2100  # every date of a plan or of local settings

_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")
_NOT_LEAP = 2023  # yearly dates must exist every year: no 29/02


# ---------------------------------------------------------------------------------------------------------
# Errors


def t(message: str) -> str:
    """Marks a problem's words for the catalogs (bot.i18n): kept in English with the problem, said in the
    reader's language where it is shown (`Problem.said`)."""
    return message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (file, line, key path) and what — `words` marked for the catalogs
    (`t`) with their `fields`, or words said already in the reader's language (`line_word` then says
    “dòng” or “line” as they do)."""

    file: str
    line: int | None
    key: str
    words: str
    line_word: str = ""  # the reader's word for a line, where `words` are said already
    fields: tuple[tuple[str, str], ...] = ()

    def what(self, words: Translator = ENGLISH) -> str:
        """What is wrong, without where, in `words`' language."""
        said = words(self.words)
        return said.format(**dict(self.fields)) if self.fields else said

    @property
    def message(self) -> str:
        """What is wrong, as written here (English)."""
        return self.what(ENGLISH)

    def said(self, words: Translator = ENGLISH) -> str:
        """The problem in `words`' language: “campaigns/x.toml, dòng 12, criteria[2].measure: …”."""
        message = self.what(words)
        line_word = self.line_word or words("line")
        head = self.file if self.line is None else f"{self.file}, {line_word} {self.line}"
        return f"{head}, {self.key}: {message}" if self.key else f"{head}: {message}"

    def __str__(self) -> str:
        return self.said(ENGLISH)


def problem(file: str, line: int | None, key: str, message: str, **fields: object) -> Problem:
    """A problem whose words are marked for the catalogs (`t`), with their fields."""
    return Problem(file, line, key, message, "", tuple((k, str(v)) for k, v in fields.items()))


class FileProblems(Exception):
    """A file that cannot be loaded or installed; lists every problem found, one per line."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(sorted(problems, key=lambda p: (p.line is None, p.line or 0)))
        super().__init__("\n".join(str(p) for p in self.problems))

    def said(self, words: Translator = ENGLISH) -> str:
        """Every problem in `words`' language, one a line."""
        return "\n".join(p.said(words) for p in self.problems)


# ---------------------------------------------------------------------------------------------------------
# Finding lines: tomllib gives values without positions, so a light scan of the text maps key paths
# ("criteria[2].measure", "criteria[2]") to the line where they are written. Array tables are numbered
# from 1, as a person counts them.

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?")
_KEY = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*=""")
_STRINGS = re.compile(r'"""|\'\'\'|"(?:[^"\\]|\\.)*"|\'[^\']*\'')


class Lines:
    def __init__(self, text: str):
        self._at: dict[str, int] = {}
        counts: dict[str, int] = {}
        table = ""
        multiline: str | None = None  # the quote of an open multi-line string
        depth = 0  # open brackets of a multi-line array
        for number, line in enumerate(text.splitlines(), start=1):
            if multiline is not None:
                if line.count(multiline) % 2 == 1:
                    multiline = None
                continue
            if depth > 0:
                depth = max(0, depth + self._brackets(line))
                continue
            header = _HEADER.fullmatch(line)
            if header:
                name = re.sub(r"\s*\.\s*", ".", header.group(2))
                if header.group(1) == "[[":
                    counts[name] = counts.get(name, 0) + 1
                    table = f"{name}[{counts[name]}]"
                    self._at.setdefault(name, number)  # the section as a whole: its first table
                else:
                    table = name
                self._at.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                name = key.group(1).strip("\"'")
                self._at.setdefault(f"{table}.{name}" if table else name, number)
                rest = line[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        multiline = quote
                        break
                else:
                    depth = max(0, self._brackets(rest))

    @staticmethod
    def _brackets(text: str) -> int:
        """Open minus closed brackets, outside strings and comments: is a multi-line array still open?"""
        bare = _STRINGS.sub("", text).split("#", 1)[0]
        return bare.count("[") - bare.count("]")

    def line(self, path: str) -> int | None:
        """The line of `path`, else of the nearest enclosing key or table that can be found."""
        while path:
            if path in self._at:
                return self._at[path]
            cut = max(path.rfind("."), path.rfind("[") if path.endswith("]") else -1)
            path = path[:cut] if cut > 0 else ""
        return None


# ---------------------------------------------------------------------------------------------------------
# Checking


def show(value: object) -> str:
    """A value as it would be written in the file."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return number(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def number(value: int) -> str:
    """A whole number as it may be written in the file (500_000), or its size when it is absurdly long."""
    if abs(value) < 10_000:
        return str(value)
    if abs(value) < 10**21:
        return f"{value:_}"
    return f"a {len(str(abs(value)))}-digit number"


def one_of(allowed: Sequence[str]) -> str:
    return ", ".join(allowed)


class Missing:
    """Marks a key that is absent (as opposed to present and wrong)."""


MISSING = Missing()


class Checker:
    """Collects every problem of one file instead of stopping at the first."""

    def __init__(self, file: str, text: str):
        self.file = file
        self.lines = Lines(text)
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str, **fields: object) -> None:
        """`message`: words marked for the catalogs (`t`), its `fields` put in where it is said."""
        self.problems.append(problem(self.file, self.lines.line(path), path, message, **fields))

    def keys(
        self,
        raw: Mapping[str, Any],
        path: str,
        required: Sequence[str],
        optional: Sequence[str],
        moved: Mapping[str, str] | None = None,
    ) -> None:
        """Unknown keys are errors (a typo must not pass silently); missing required keys too. `moved` maps
        a key that no longer belongs here to where it went: an old file is told where, not just "unknown"."""
        allowed = (*required, *optional)
        for key in raw:
            if moved and key in moved:
                self.problem(join(path, key), moved[key])
            elif key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                if hint:
                    why = t('unknown key (did you mean "{hint}"?); allowed keys: {allowed}')
                    self.problem(join(path, key), why, hint=hint[0], allowed=one_of(allowed))
                else:
                    why = t("unknown key; allowed keys: {allowed}")
                    self.problem(join(path, key), why, allowed=one_of(allowed))
        for key in required:
            if key not in raw:
                self.problem(join(path, key), t("required key is missing"))

    def text(
        self,
        raw: Mapping[str, Any],
        path: str,
        key: str,
        *,
        max_len: int = TITLE_MAX,
        too_long: str = t("is {length} characters long; at most {most} are allowed"),
    ) -> Any:
        """NFC text, not empty; None when absent or wrong (the problem is recorded)."""
        value = raw.get(key, MISSING)
        if value is MISSING:
            return None
        where = join(path, key)
        if not isinstance(value, str):
            self.problem(where, t("must be text in quotes, not {value}"), value=show(value))
            return None
        value = nfc(value)
        if not value:
            self.problem(where, t("must not be empty"))
            return None
        if len(value) > max_len:
            self.problem(where, too_long, length=len(value), most=max_len)
            return None
        return value

    def code(self, raw: Mapping[str, Any], path: str, key: str = "code", *, max_len: int = CODE_MAX) -> Any:
        value = self.text(raw, path, key, max_len=max_len)
        if value is not None and not _CODE.fullmatch(value):
            self.problem(
                join(path, key),
                t(
                    "{value} is not a valid code: use lower-case letters a-z, digits and hyphens, "
                    'e.g. "ung-ho-quy"'
                ),
                value=show(value),
            )
            return None
        return value

    def integer(
        self, raw: Mapping[str, Any], path: str, key: str, *, minimum: int, maximum: int, unit: str = ""
    ) -> Any:
        """A whole number from `minimum` to `maximum`; None when absent or wrong (the problem is recorded)."""
        value = raw.get(key, MISSING)
        if value is MISSING:
            return None
        where = join(path, key)
        if isinstance(value, bool) or not isinstance(value, int):
            why = t("must be a whole number (no quotes, no decimals), not {value}")
            self.problem(where, why, value=show(value))
            return None
        if not minimum <= value <= maximum:
            self.problem(
                where,
                t("{value} is outside the allowed range {least} – {most}{unit}"),
                value=show(value),
                least=number(minimum),
                most=number(maximum),
                unit=unit,
            )
            return None
        return value

    def boolean(self, raw: Mapping[str, Any], path: str, key: str) -> Any:
        value = raw.get(key, MISSING)
        if value is MISSING:
            return None
        if not isinstance(value, bool):
            self.problem(join(path, key), t("must be true or false, not {value}"), value=show(value))
            return None
        return value

    def day(self, raw: Mapping[str, Any], path: str, key: str) -> Any:
        """A calendar date: a TOML date (2026-01-01) or the same in quotes."""
        value = raw.get(key, MISSING)
        if value is MISSING:
            return None
        where = join(path, key)
        if isinstance(value, datetime):
            why = t("{value} has a time; write the date only, e.g. 2026-01-01")
            self.problem(where, why, value=show(value))
            return None
        if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                why = t("{value} is not a real date; write a day the month has, e.g. 2026-02-28")
                self.problem(where, why, value=show(value))
                return None
        if not isinstance(value, date):
            why = t("{value} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-01")
            self.problem(where, why, value=show(value))
            return None
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            why = t("{value} is outside the years a plan may cover, {first} – {last}")
            self.problem(where, why, value=show(value), first=FIRST_YEAR, last=LAST_YEAR)
            return None
        return value

    def year_month(self, raw: Mapping[str, Any], path: str, key: str) -> Any:
        """A month of a given year as "YYYY-MM" (e.g. "2021-08"): a plan that names the month, not the day."""
        value = raw.get(key, MISSING)
        if value is MISSING:
            return None
        where = join(path, key)
        match = _YEAR_MONTH.fullmatch(value.strip()) if isinstance(value, str) else None
        if match is None:
            why = t('{value} is not a month; write it as "YYYY-MM", e.g. "2021-08"')
            self.problem(where, why, value=show(value))
            return None
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            self.problem(where, t("{month} is not a month (1-12)"), month=month)
            return None
        if not FIRST_YEAR <= year <= LAST_YEAR:
            why = t("{value} is outside the years a plan may cover, {first} – {last}")
            self.problem(where, why, value=show(value), first=FIRST_YEAR, last=LAST_YEAR)
            return None
        return date(year, month, 1)

    def month_day(self, raw: Mapping[str, Any], path: str, key: str) -> Any:
        """A day of every year as "MM-DD" (e.g. "10-17" is 17 October)."""
        value = raw.get(key, MISSING)
        if value is MISSING:
            return None
        where = join(path, key)
        match = _MONTH_DAY.fullmatch(value.strip()) if isinstance(value, str) else None
        if match is None:
            why = t('{value} is not a day of the year; write it as "MM-DD", e.g. "10-17"')
            self.problem(where, why, value=show(value))
            return None
        month, day = int(match.group(1)), int(match.group(2))
        if not day_exists(month, day):
            why, fields = no_such_day(month, day, written=show(value))
            self.problem(where, why, **fields)
            return None
        return (month, day)

    def choice(self, raw: Mapping[str, Any], path: str, key: str, allowed: Sequence[str]) -> Any:
        value = raw.get(key, MISSING)
        if value is MISSING:
            return None
        if not isinstance(value, str) or value not in allowed:
            why = t("{value} is not one of {allowed}")
            self.problem(join(path, key), why, value=show(value), allowed=one_of(allowed))
            return None
        return value

    def choices(self, raw: Mapping[str, Any], path: str, key: str, allowed: Sequence[str]) -> Any:
        """A list of distinct values from `allowed`, as a tuple in the written order."""
        value = raw.get(key, MISSING)
        if value is MISSING:
            return None
        where = join(path, key)
        if not isinstance(value, list):
            why = t('must be a list such as ["{first}"], not {value}')
            self.problem(where, why, first=allowed[0], value=show(value))
            return None
        ok = True
        for item in value:
            if not isinstance(item, str) or item not in allowed:
                why = t("{value} is not one of {allowed}")
                self.problem(where, why, value=show(item), allowed=one_of(allowed))
                ok = False
        dupes = sorted({item for item in value if isinstance(item, str) and value.count(item) > 1})
        if dupes:
            why = t("{values} is listed twice")
            self.problem(where, why, values=", ".join(show(d) for d in dupes))
            ok = False
        return tuple(value) if ok else None

    def texts(self, raw: Mapping[str, Any], path: str, key: str) -> Any:
        value = raw.get(key, MISSING)
        if value is MISSING:
            return None
        where = join(path, key)
        if not isinstance(value, list) or not value:
            why = t('must be a non-empty list of texts, e.g. ["Tờ trình"], not {value}')
            self.problem(where, why, value=show(value))
            return None
        result = []
        for item in value:
            if not isinstance(item, str) or not nfc(item):
                why = t('{value} must be non-empty text in quotes, e.g. "Tờ trình"')
                self.problem(where, why, value=show(item))
                return None
            result.append(nfc(item))
        return tuple(result)

    def tables(self, raw: Mapping[str, Any], name: str) -> list[tuple[str, Mapping[str, Any]]]:
        """A section written as [[name]] tables, with each table's key path ("name[1]", "name[2]"…)."""
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem(name, t("must be written as [[{name}]] tables"), name=name)
            return []
        return [(f"{name}[{i}]", item) for i, item in enumerate(value, start=1)]

    def unique(self, items: Sequence[tuple[str, str | None]], key: str = "code") -> None:
        """Codes must be unique within a section: they are what an edited file is matched on."""
        seen: dict[str, str] = {}
        for path, value in items:
            if value is None:
                continue
            if value in seen:
                why = t("{value} is used twice (first in {first})")
                self.problem(join(path, key), why, value=show(value), first=seen[value])
            else:
                seen[value] = path


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def day_exists(month: int, day: int) -> bool:
    try:
        date(_NOT_LEAP, month, day)
    except ValueError:
        return False
    return True


def no_such_day(month: int, day: int, written: str = "") -> tuple[str, dict[str, object]]:
    """Why (month, day) is not a day of every year, the day written the Vietnamese way (day/month): words
    marked for the catalogs and their fields; `written`: the value as the file has it ("MM-DD"), named
    first."""
    fields: dict[str, object] = {
        "written": written,
        "date": f"{day:02d}/{month:02d}",
        "day": day,
        "month": month,
    }
    if (month, day) == (2, 29):
        if written:
            why = t(
                '{written} is "MM-DD" (month first): {date} does not exist every year; a yearly date must'
            )
            return why, fields
        return t("{date} does not exist every year; a yearly date must"), fields
    if 1 <= month <= 12:
        if written:
            why = t('{written} is "MM-DD" (month first): there is no {date} (day {day} of month {month})')
            return why, fields
        return t("there is no {date} (day {day} of month {month})"), fields
    if written:
        return t('{written} is "MM-DD" (month first): {month} is not a month (1-12)'), fields
    return t("{month} is not a month (1-12)"), fields


# The first bytes of an .xlsx or .docx (a zip) and of an old .xls or .doc: the staff list given instead.
_PACKED = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
PACKED_FILE = t(
    "is an Excel workbook or a Word document, not a text file: a staff list is imported with `chungtay org "
    "import FILE`; this command reads a .toml file written in a text editor"
)
# A staff list may be a .csv (the admin's guide): text, so only its name tells it from a TOML file mistyped.
CSV_FILE = t(
    "is a CSV file, such as a staff list, which is imported with `chungtay org import FILE`; this command "
    "reads a .toml file written in a text editor"
)


def read_toml(path: Path, error: type[FileProblems]) -> tuple[str, dict[str, Any]]:
    """The text and the parsed values of a UTF-8 TOML file; `error` lists what stops it being read."""
    file = str(path)
    try:
        data = Path(path).read_bytes()
        text = data.decode("utf-8-sig")  # Notepad may save a byte-order mark
    except OSError as exc:
        why = t("cannot read the file: {why}")
        raise error([problem(file, None, "", why, why=exc.strerror or exc)]) from exc
    except UnicodeDecodeError as exc:
        if data.startswith(_PACKED):
            raise error([problem(file, None, "", PACKED_FILE)]) from exc
        raise error([problem(file, None, "", t("is not UTF-8 text; save it as UTF-8"))]) from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if Path(path).suffix.lower() == ".csv":
            raise error([problem(file, None, "", CSV_FILE)]) from exc
        raise error([syntax_problem(file, str(exc), text)]) from exc
    except ValueError as exc:  # Python refuses to read an integer of more than 4300 digits
        raise error([number_too_long(file, text)]) from exc


# A date TOML cannot read as one (month 13, day 32) reads as a number followed by junk: say what it is.
_NOT_A_DATE = re.compile(r"^\s*([\w.\-\"]+)\s*=\s*(\d{4}-\d{1,2}-\d{1,2})\s*(#.*)?$")
# A date written day first, as Vietnamese write it ("05/12/2026"), is no TOML value: show it year first.
_DAY_FIRST = re.compile(
    r"^\s*([\w.\-\"]+)\s*=\s*((\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}))\s*(#.*)?$"
)


# The few mistakes of TOML's own grammar people meet, said in the reader's language with what works (decision
# 1891); tomllib's words for the rest are kept, after a lead-in. Its several words for one mistake first:
# a "…" not closed before its line ends, a table or an inline table's key declared twice.
_TOML_READ = (
    (re.compile(r"Illegal character '\\n'"), "Unterminated string"),
    (re.compile(r"Cannot declare .* twice|Duplicate inline table key .*"), "Cannot overwrite a value"),
)
_TOML_SAID = {
    "Expected '=' after a key in a key/value pair": t(
        'TOML syntax error: a key is followed by = and its value, e.g. title = "Tháng cao điểm" (column '
        "{column})"
    ),
    "Unterminated string": t(
        "TOML syntax error: a text is not closed: end it on its line with the quote it opens with, e.g. "
        'title = "Tháng cao điểm" (column {column})'
    ),
    "Cannot overwrite a value": t(
        "TOML syntax error: this key or table is written a second time: keep one of the two (column {column})"
    ),
    "Invalid value": t(
        'TOML syntax error: a value that cannot be read: a text in quotes ("Tết 2027"), a number in '
        "figures alone (500000), a date year first (2026-12-31), true or false (column {column})"
    ),
    # `target = 500 000`, `500.000.000`, `1,5`, a text's own quotes (`"Quỹ "Vì người nghèo""`), two on a line
    "Expected newline or end of document after a statement": t(
        "TOML syntax error: the line goes on after its value: a number is written in figures alone, without "
        'spaces, dots or commas (500000); quotes inside a text are written “ ” (title = "Quỹ “Vì người '
        'nghèo”"); one key = value a line (column {column})'
    ),
}


def _toml_said(what: str) -> str | None:
    """The words for one of the mistakes people meet (`_TOML_SAID`), from tomllib's; None for another."""
    read = next((known for words, known in _TOML_READ if words.fullmatch(what)), what)
    return _TOML_SAID.get(read)


def syntax_problem(file: str, message: str, text: str = "") -> Problem:
    """tomllib puts the position in its message: "Invalid value (at line 3, column 9)"."""
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", message)
    if match:
        line = int(match.group(1))
        lines = text.splitlines()
        if 0 < line <= len(lines) and (day_first := _DAY_FIRST.match(lines[line - 1])):
            key, value, day, month, year = day_first.groups()[:5]
            written = f"{year}-{int(month):02d}-{int(day):02d}"
            why = t("{value}: a date in this file is written year first, without quotes: {written}")
            return problem(file, line, key.strip('"'), why, value=value, written=written)
        if 0 < line <= len(lines) and (date_like := _NOT_A_DATE.match(lines[line - 1])):
            key, value = date_like.group(1).strip('"'), date_like.group(2)
            why = t(
                "{value} is not a date: write YYYY-MM-DD with a month from 01 to 12 and a day that month "
                "has, e.g. 2030-12-31"
            )
            return problem(file, line, key, why, value=value)
        what = message[: match.start()]
        if (said := _toml_said(what)) is not None:
            return problem(file, line, "", said, column=match.group(2))
        why = t("TOML syntax error, in the words of the TOML reader: {what} (column {column})")
        return problem(file, line, "", why, what=what, column=match.group(2))
    match = re.search(r"\s*\(at end of document\)\s*$", message)
    if match and (said := _toml_said(message[: match.start()])) is not None and text.strip():
        lines = text.rstrip().splitlines()  # the file's last written line, where the reader stopped
        return problem(file, len(lines), "", said, column=len(lines[-1]) + 1)
    if match:
        why = t("TOML syntax error at the end of the file: {what}")
        return problem(file, None, "", why, what=message[: match.start()])
    return problem(file, None, "", t("TOML syntax error: {what}"), what=message)


def number_too_long(file: str, text: str) -> Problem:
    run = max(re.finditer(r"[0-9][0-9_]*", text), key=lambda match: len(match.group()), default=None)
    line = text.count("\n", 0, run.start()) + 1 if run else None
    digits = len(run.group().replace("_", "")) if run else 0
    why = t("a {digits}-digit number; no number in this file is anywhere near that long")
    return problem(file, line, "", why, digits=digits)
