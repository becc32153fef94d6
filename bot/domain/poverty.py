"""Households' standing in the commune's poverty review (rà soát hộ nghèo, hộ cận nghèo), year by year.

Every autumn a commune reviews its households and the district's decision lists its poor (hộ nghèo),
near-poor (hộ cận nghèo) and newly-out (hộ mới thoát nghèo) households for the next year. An officer brings
that list as the spreadsheet they already have (.xlsx, .xls, .csv: the staff import's readers,
bot.domain.tables), or sets one household at a time in the chat. A standing is a row appended with who set it
and when (`HouseholdStanding`), never an edit: a household's standing for a year is its latest row of that
year, and last year's stays, so the figures can say who got out and who fell in.

The file is matched to the listed households before anything is written: by the household's code (its id,
as `chungtay people list` prints it) or by its name as listed, with or without accents and with or without
“Hộ ông/bà”; namesakes are told apart by the hamlet column. A code beside a name that is not its household's
is the district's own numbering (“Mã hộ”), not ours: the name decides (decision 0394) — unless the file's
codes are ours (the list the bot wrote, sent back), when a name nobody here bears beside its household's code
is that household's name corrected by the district, matched and said (`Matched.file_name`, decision 0446).
Every row that cannot
be matched is reported back with its line and why; a file with such rows changes nothing unless the officer
confirms the rows that did match (`matched_only`).

The figures (`standing_figures`) are counts per unit and for the organisation: poor and near-poor at the start
of the year (last year's standing) and now, how many got out (poor or near-poor last year, newly out or none
this year), how many fell in (none last year, or not reviewed, and poor now: only those reviewed last year
count), and of the households who pledged to escape poverty (the plan's household yes/no criterion “…thoát
nghèo”, registered or recorded done that year) how many got out. Names beside a standing only for
`access.may_see_poverty_standing`. docs/decisions/0110.

Which year's review holds on a day and who may be followed up for a gift (what appeals and drives ask of
the review) are in bot.domain.poverty_review, with no spreadsheet reader beneath them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local_date
from bot.db.models import (
    Campaign,
    Commitment,
    CommitmentItem,
    Criterion,
    HouseholdStanding,
    Person,
    Result,
    Unit,
)
from bot.domain.access import (
    Acting,
    Operator,
    may_set_poverty_standing,
    poverty_households_of,
)
from bot.domain.audit import audit
from bot.domain.org_import import (
    HEADER_SEARCH_ROWS,
    clean_text,
    header_columns,
    header_row,
    unit_is_named,
)
from bot.domain.poverty_review import LISTED, latest_standings
from bot.domain.poverty_review import review_year as review_year  # the flows and the shell ask it here
from bot.domain.tables import (
    TableError,
    first_table,
)
from bot.text import KHONG_IN_CHATS, accents_dropped, clean, fold, plain_digits, sort_key, words_key

STANDINGS = ("poor", "near_poor", "out", "none")
FIRST_YEAR = 2000
MAX_ROWS = 20_000

# The words people write for a standing, folded, punctuation as spaces (docs/guide-officer.md lists them).
STANDING_WORDS: dict[str, str] = {
    **dict.fromkeys(("ho ngheo", "ngheo", "hn", "poor", "ho ngheo moi"), "poor"),
    **dict.fromkeys(("ho can ngheo", "can ngheo", "cn", "hcn", "near poor"), "near_poor"),
    **dict.fromkeys(
        (
            *("thoat ngheo", "moi thoat ngheo", "ho moi thoat ngheo", "ho thoat ngheo", "da thoat ngheo"),
            *("mtn", "tn", "hmtn", "out", "newly out", "thoat can ngheo", "moi thoat can ngheo"),
        ),
        "out",
    ),
    **dict.fromkeys(
        (
            "khong",
            "khong ngheo",
            "ho khong ngheo",
            "khong thuoc dien ngheo",
            "binh thuong",
            "none",
            "k",
            "not poor",
            "ho co muc song trung binh",
            "muc song trung binh",
        ),
        "none",
    ),
}
# Words that turn a cell's meaning round, as written and as typed in a chat (“Chưa thoát nghèo”, “ko thoát
# nghèo”, “chẳng thoát nghèo”, “thoát nghèo ko”): such a cell is never read by its other words.
_NEGATIONS = frozenset(("chua", "khong", "chang", "not")) | KHONG_IN_CHATS
# Words of what is pledged, planned, proposed or feared, not found: “Đăng ký thoát nghèo” (the household's
# pledge), “Dự kiến thoát nghèo”, “Đề nghị công nhận thoát nghèo” (the hamlet's proposal, before the
# district's decision), “Nguy cơ tái nghèo”. Not guessed either (decision 0408).
_NOT_FOUND = ("dang ky", "du kien", "de nghi", "nguy co", "phan dau", "ke hoach", "muc tieu", "chi tieu")
# Header cells, folded with punctuation as spaces.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": (
        *("ho va ten", "ho ten", "ten", "name", "ho gia dinh", "household", "chu ho", "ten chu ho"),
        *("ho ten chu ho", "ho va ten chu ho", "ten ho", "ten ho gia dinh"),
    ),
    "code": ("ma", "ma ho", "ma so", "code", "id", "ma ho gia dinh"),
    "unit": ("thon", "don vi", "thon xom", "ap", "thon ap", "to", "khu pho", "hamlet", "unit", "dia chi"),
    "standing": (
        *("phan loai", "loai ho", "xep loai", "ket qua ra soat", "ket qua", "tinh trang", "standing"),
        *("dien", "phan loai ho", "ket qua phan loai", "loai"),
    ),
    "year": ("nam", "year", "nam ra soat"),
}
_HEADER_FIELD = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
# A household listed as “Hộ ông Trần Văn Ba” is “Trần Văn Ba” on the district's list, and the other way round.
_HOUSEHOLD_PREFIXES = ("ho ong ", "ho ba ", "ho anh ", "ho chi ", "ho gia dinh ", "ho ")


class PovertyError(Exception):
    """`reason`: "not_allowed" (the rules say no), "not_household" (no household of the organisation),
    "standing" (not one of STANDINGS), "year" (before FIRST_YEAR or after next year), "problems" (a file with
    rows that did not match, not confirmed), "file" with `detail` the table reader's reason ("no_header",
    "kind", "utf16", "encoding", "csv", "xlsx", "xls", "too_long")."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def read_standing_word(typed: str) -> str | None:
    """The standing a word names (“Hộ nghèo”, “ngheo”, “HN”, “Cận nghèo”, “CN”, “Mới thoát nghèo”…); None.

    Beyond the plain words, a review writes what it found: “Hộ cận nghèo mới”, “Tái nghèo”, “Phát sinh
    nghèo”, “Hộ thoát cận nghèo”, “Hộ nghèo thiếu hụt DVXHCB”, “Mới thoát nghèo năm 2026”. Such a cell is read
    by its words: “thoát” is out, “cận nghèo” near-poor, “nghèo” poor, in that order; one with a negation
    (“Chưa thoát nghèo”, “ko thoát nghèo”), of a plan or a fear (“Đăng ký thoát nghèo”, “Nguy cơ tái nghèo”)
    or with a question mark (“thoát nghèo?”, the hamlet unsure) is not guessed (decisions 0394, 0408)."""
    if "?" in typed:
        return None
    key = words_key(typed)
    if (exact := STANDING_WORDS.get(key)) is not None:
        return exact
    words = key.split()
    if _NEGATIONS.intersection(words) or "ngheo" not in words:
        return None
    if any(f" {said} " in f" {key} " for said in _NOT_FOUND):
        return None
    if "thoat" in words:
        return "out"
    return "near_poor" if " can ngheo " in f" {key} " else "poor"


def name_keys(name: str) -> set[str]:
    """The keys a household is matched on: its name folded, and without “Hộ ông/bà …” (“Hộ bà Hồ Thị Lan”
    and “ho thi lan” meet at “ho thi lan”, the surname Hồ never taken for “Hộ”)."""
    key = words_key(clean(name))  # a soft hyphen kept from an old import
    keys = {key}
    for prefix in _HOUSEHOLD_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            keys.add(key[len(prefix) :])
            break
    return keys


def _check_year(year: int, today_year: int) -> None:
    if not FIRST_YEAR <= year <= today_year + 1:
        raise PovertyError("year")


# --- the standing of one household ------------------------------------------------------------------------


async def standings_of(
    session: AsyncSession, org_id: int, years: Sequence[int], person_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], str]:
    """(household, year) → its standing, for `years` (of the households `person_ids`, or all)."""
    query = latest_standings(org_id, years)
    if person_ids is not None:
        query = query.where(HouseholdStanding.person_id.in_(sorted(set(person_ids))))
    return {(person, year): standing for person, year, standing in await session.execute(query)}


async def set_standing(
    session: AsyncSession,
    acting: Acting,
    household_id: int,
    year: int,
    standing: str,
    *,
    now: datetime,
    source: str = "chat",
) -> bool:
    """Set household `household_id`'s standing for `year`, if `acting` may (`may_set_poverty_standing`; the
    shell of its organisation may). False when it already stands so (nothing written). Raises PovertyError."""
    if standing not in STANDINGS:
        raise PovertyError("standing")
    household = await session.get(Person, household_id)
    if household is None or household.kind != "household":
        raise PovertyError("not_household")
    _may_set(acting, household)
    _check_year(year, local_date(now).year)  # Vietnam's year, as the chat and the shell offer it
    was = (await standings_of(session, household.org_id, [year], [household.id])).get((household.id, year))
    if was == standing:
        return False
    _append(session, acting, household, year, standing, now=now, source=source)
    audit(
        session,
        at=now,
        actor_id=_actor_id(acting),
        action="poverty.set",
        entity="person",
        entity_id=household.id,
        year=year,  # the standing itself is in its own row (household_standing), never in the audit trail
    )
    return True


def _may_set(acting: Acting, household: Person) -> None:
    if isinstance(acting, Operator):
        if acting.org_id != household.org_id:
            raise PovertyError("not_household")
        return
    if not may_set_poverty_standing(acting, household):
        raise PovertyError("not_allowed")


def _actor_id(acting: Acting) -> int | None:
    return None if acting is None or isinstance(acting, Operator) else acting.person_id


def _append(
    session: AsyncSession,
    acting: Acting,
    household: Person,
    year: int,
    standing: str,
    *,
    now: datetime,
    source: str,
) -> None:
    session.add(
        HouseholdStanding(
            org_id=household.org_id,
            person_id=household.id,
            year=year,
            standing=standing,
            source=source,
            set_by=_actor_id(acting),
            set_at=now,
        )
    )


# --- the commune's list as a file --------------------------------------------------------------------------


@dataclass(frozen=True)
class FileRow:
    line: int
    name: str
    code: str
    unit: str
    standing: str
    year: str


def _header(cells: Sequence[object]) -> dict[str, int]:
    found = header_columns(cells, _HEADER_FIELD)
    complete = "standing" in found and ("name" in found or "code" in found)
    return found if complete else {}


def _rows(numbered: Iterable[tuple[int, Sequence[object]]]) -> list[FileRow]:
    rows = iter(numbered)
    header = header_row(rows, _header)
    if not header:
        raise PovertyError("file", "no_header")
    out: list[FileRow] = []
    for line, cells in rows:
        cell = {
            name: clean_text(cells[header[name]]) if name in header and header[name] < len(cells) else ""
            for name in HEADERS
        }
        if not (cell["name"] or cell["code"] or cell["standing"]):
            continue  # a blank row, an ordinal alone, a footer in another column
        out.append(FileRow(line, cell["name"], cell["code"], cell["unit"], cell["standing"], cell["year"]))
        if len(out) > MAX_ROWS:
            raise PovertyError("file", "too_long")
    return out


def read_standing_file(path: Path, name: str | None = None) -> list[FileRow]:
    """The rows of the commune's list at `path` (.xlsx, .xls or .csv, told apart as the staff import does),
    under the first header row naming a standing column and a name or code column. Raises PovertyError
    ("file", reason)."""
    try:
        rows = first_table(
            path,
            Path(name or path.name).suffix.lower(),
            _rows,
            lambda cells: len(_header(cells)),
            HEADER_SEARCH_ROWS,
            lambda problem: isinstance(problem, PovertyError) and problem.detail == "no_header",
        )
        if rows is None:
            raise PovertyError("file", "no_header")
        return rows
    except TableError as problem:
        raise PovertyError("file", problem.reason) from None
    except OSError as problem:
        raise PovertyError("file", "xlsx") from problem


@dataclass(frozen=True)
class Matched:
    line: int
    household_id: int
    name: str  # as listed
    unit: str | None
    year: int
    standing: str
    was: str | None  # its standing of that year before the file (None: none yet)
    # the hamlet the file names where the household is listed in another (matched by its name alone: it may
    # have moved, and the list of households says where it receives and signs; decision 0308)
    file_unit: str | None = None
    # the name the file writes where it is not the household's as listed: matched by its id, the district
    # having corrected the name (a typo, a middle name, another head), or the listed name is the file's
    # without its accents; the list of households keeps its name (decision 0446)
    file_name: str | None = None
    # matched by its id alone, beside a name no household here bears (`file_name`): the row that could put a
    # standing on the wrong household, shown whole before anything is written (decision 0466)
    by_id: bool = False

    @property
    def changes(self) -> bool:
        return self.was != self.standing


TYPED_SHOWN = 80  # of a cell said back in a row left out: a name or a word fits, a pasted page does not


def _as_typed(cell: str) -> str:
    """A cell as a row left out says it: whole when it fits in TYPED_SHOWN characters, else its start and
    “…” — a cell of megabytes (a paste gone wrong) is not sent back as a chat of a thousand messages."""
    return cell if len(cell) <= TYPED_SHOWN else cell[: TYPED_SHOWN - 1].rstrip() + "…"


@dataclass(frozen=True)
class Problem:
    """A row not matched: `reason` "no_name", "standing", "year", "unmatched", "namesake" (`units`: the
    hamlets of the households so named), "namesake_here" (all of them in one hamlet: `units` it once for
    each), "not_yours" (a household of a unit the officer does not cover),
    "twice" (the same household again, `other_line`). `typed`: the cell as typed, cut to TYPED_SHOWN
    characters."""

    line: int
    reason: str
    typed: str
    units: tuple[str, ...] = ()
    other_line: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "typed", _as_typed(self.typed))


@dataclass
class FilePlan:
    matched: list[Matched] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def changing(self) -> list[Matched]:
        return [row for row in self.matched if row.changes]

    @property
    def elsewhere(self) -> list[Matched]:
        """The rows matched to a household listed in another hamlet than the file names."""
        return [row for row in self.matched if row.file_unit]

    @property
    def renamed(self) -> list[Matched]:
        """The rows matched to a household the file names otherwise (`Matched.file_name`)."""
        return [row for row in self.matched if row.file_name]

    @property
    def by_id(self) -> list[Matched]:
        """The rows matched by their id alone, beside a name no household here bears (decision 0466)."""
        return [row for row in self.matched if row.by_id]

    def years(self, rows: Sequence[Matched] | None = None) -> list[int]:
        """The years `rows` (the matched rows) are of, each its own or the year asked, in order: a list the
        district decided for the next year carries that year in its column (decision 0308)."""
        return sorted({row.year for row in (self.matched if rows is None else rows)})

    def counts(self) -> dict[str, int]:
        """How many matched rows name each standing (what the file says, changed or not)."""
        counts = dict.fromkeys(STANDINGS, 0)
        for row in self.matched:
            counts[row.standing] += 1
        return counts


@dataclass(frozen=True)
class _Household:
    id: int
    name: str
    unit_id: int | None
    unit: str | None
    unit_code: str | None


def _bare(name: str) -> str:
    """A household's name without its “Hộ ông/bà …”, as written (accents kept)."""
    words = clean(name).split()
    for prefix in _HOUSEHOLD_PREFIXES:
        size = len(prefix.split())
        if len(words) > size and words_key(" ".join(words[:size])) == prefix.strip():
            return " ".join(words[size:])
    return " ".join(words)


def _accents_added(listed: str, typed: str) -> bool:
    """Whether the name `listed` is `typed` without its accents, “Hộ ông/bà” aside."""
    return accents_dropped(listed, typed) or accents_dropped(_bare(listed), _bare(typed))


def _codes_ours(
    rows: Sequence[FileRow], by_id: dict[int, _Household], by_name: dict[str, list[_Household]]
) -> bool:
    """Whether the file's codes are the households' ids here (the list the bot wrote, sent back) rather than
    the district's own numbering: of the rows whose code and name each find a household, every one finds the
    same one (decision 0446). A file of the district's numbering has nearly none; one sent back, all. A single
    row against (an id beside another household's name, an id not ours: names moved up a row, a row the
    district added) puts every id of the file in doubt, and a name nobody bears is not taken on its id
    (decision 0460)."""
    agree = disagree = 0
    for row in rows:
        if not row.name or (code := _whole(row.code)) is None:
            continue
        household, keys = by_id.get(code), name_keys(row.name)
        named = [h for key in keys for h in by_name.get(key, [])]
        if household is None or not keys & name_keys(household.name):
            disagree += bool(household is None or named)
        elif row.unit and not _in_unit(row.unit, household) and any(_in_unit(row.unit, h) for h in named):
            disagree += 1  # a namesake's id beside the other namesake's hamlet: the district's (0408)
        else:
            agree += 1
    return agree > 0 and not disagree


def _whole(cell: str) -> int | None:
    """A cell's whole number as a spreadsheet writes it ("2026", "2026.0"): digits 0–9 only, at most 18 of
    them; None for anything else (a "²", an Arabic-Indic "٢٠٢٦", a pasted page of nines)."""
    digits = cell.strip().removesuffix(".0")
    if not plain_digits(digits):
        return None
    return int(digits)


async def plan_standing_file(
    session: AsyncSession, acting: Acting, org_id: int, rows: Sequence[FileRow], *, year: int, today_year: int
) -> FilePlan:
    """Each row of the file matched to a listed household of organisation `org_id` (those `acting` may set:
    the shell of the organisation, all of them), with its standing and year (`year` where the row has
    none); nothing written. Raises PovertyError("not_allowed") for whoever may set no standing at all."""
    _check_year(year, today_year)
    among: list[ColumnElement[bool]] = [Person.org_id == org_id, Person.kind == "household"]
    if not isinstance(acting, Operator) or acting.org_id != org_id:
        if acting is None or acting.org_id != org_id:
            raise PovertyError("not_allowed")
        mine = poverty_households_of(acting, keeping=True)
        among = [mine]
    everyone = [
        _Household(*row)
        for row in await session.execute(
            select(Person.id, Person.full_name, Person.unit_id, Unit.name, Unit.code)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(Person.org_id == org_id, Person.kind == "household")
        )
    ]
    allowed = set(await session.scalars(select(Person.id).where(*among)))
    if not allowed and not isinstance(acting, Operator):
        raise PovertyError("not_allowed")
    by_id = {household.id: household for household in everyone}
    by_name: defaultdict[str, list[_Household]] = defaultdict(list)
    for household in everyone:
        for key in name_keys(household.name):
            by_name[key].append(household)

    codes_ours = _codes_ours(rows, by_id, by_name)
    named_in_file = {
        h.id for row in rows if row.name for key in name_keys(row.name) for h in by_name.get(key, [])
    }
    # an id on two rows is no household's own; a hamlet left blank where the file writes them is a row the
    # district added: neither gives a name nobody bears to the id's household (decision 0460)
    codes_twice = {code for code, n in Counter(_whole(row.code) for row in rows).items() if n > 1}
    hamlets_written = any(row.unit for row in rows)
    plan = FilePlan()
    found: list[tuple[FileRow, _Household, int, str]] = []
    file_names: dict[int, str] = {}  # line → the name the file writes, not the household's as listed
    by_code: set[int] = set()  # the lines matched by their id alone (decision 0466)
    seen: dict[tuple[int, int], int] = {}
    elsewhere: dict[
        int, str
    ] = {}  # line → the hamlet the file names, where the household is listed in another
    for row in rows:
        typed = row.name or row.code
        if not typed:
            plan.problems.append(Problem(row.line, "no_name", row.standing))
            continue
        standing = read_standing_word(row.standing)
        if standing is None:
            plan.problems.append(Problem(row.line, "standing", row.standing))
            continue
        row_year = year
        if row.year:
            typed_year = _whole(row.year)
            if typed_year is None or not FIRST_YEAR <= typed_year <= today_year + 1:
                plan.problems.append(Problem(row.line, "year", row.year))
                continue
            row_year = typed_year
        household: _Household | None = None
        named = (
            list({h.id: h for key in name_keys(row.name) for h in by_name.get(key, [])}.values())
            if row.name
            else []
        )
        if row.code and (code := _whole(row.code)) is not None:
            household = by_id.get(code)
            if household is not None and row.name and not name_keys(row.name) & name_keys(household.name):
                if (  # the file's codes are ours, and no household here bears the name: corrected (0446)
                    codes_ours
                    and not named
                    and household.id not in named_in_file
                    and code not in codes_twice
                    and (_in_unit(row.unit, household) if row.unit else not hamlets_written)
                ):
                    file_names[row.line] = row.name
                    by_code.add(row.line)
                else:
                    household = None  # the district's own code (“Mã hộ”), another household's id here
            elif (  # a namesake's id, the row's hamlet his namesake's: the district's code too (0408)
                household is not None
                and row.unit
                and not _in_unit(row.unit, household)
                and any(_in_unit(row.unit, h) for h in named)
            ):
                household = None
        if household is None and row.name:
            if len(named) > 1 and row.unit:  # none in the hamlet named (one moved?): namesakes still
                named = [h for h in named if _in_unit(row.unit, h)] or named
            if len(named) > 1:  # in one hamlet, no hamlet written tells them apart: one by one (0408)
                units = tuple(sorted((h.unit or "—" for h in named), key=sort_key))
                reason = "namesake" if len(set(units)) > 1 else "namesake_here"
                plan.problems.append(Problem(row.line, reason, typed, units))
                continue
            household = named[0] if named else None
        if household is None:
            plan.problems.append(Problem(row.line, "unmatched", typed))
            continue
        if household.id not in allowed:
            plan.problems.append(Problem(row.line, "not_yours", typed, (household.unit or "—",)))
            continue
        if (household.id, row_year) in seen:
            plan.problems.append(Problem(row.line, "twice", typed, other_line=seen[(household.id, row_year)]))
            continue
        seen[(household.id, row_year)] = row.line
        found.append((row, household, row_year, standing))
        if row.unit and household.unit and not _in_unit(row.unit, household):
            elsewhere[row.line] = row.unit
        if row.name and _accents_added(household.name, row.name):
            file_names[row.line] = row.name  # the district writes the name with its accents
    was = await standings_of(
        session, org_id, sorted({y for _r, _h, y, _s in found}), [h.id for _r, h, _y, _s in found]
    )
    for row, household, row_year, standing in found:
        plan.matched.append(
            Matched(
                row.line,
                household.id,
                household.name,
                household.unit,
                row_year,
                standing,
                was.get((household.id, row_year)),
                elsewhere.get(row.line),
                file_names.get(row.line),
                row.line in by_code,
            )
        )
    return plan


def _in_unit(typed: str, household: _Household) -> bool:
    """Whether the hamlet `typed` in a file (“Thôn 2”, “2”, its code) is the one `household` is listed in."""
    return unit_is_named(typed, household.unit or "", household.unit_code or "")


async def apply_standing_file(
    session: AsyncSession,
    acting: Acting,
    org_id: int,
    plan: FilePlan,
    *,
    now: datetime,
    matched_only: bool = False,
    file_name: str = "",
) -> int:
    """Write the standings of `plan`'s matched rows that change something; how many were written. A plan with
    problems writes nothing unless `matched_only` (the officer confirmed the rows that match). Each row is
    checked again against the rules (a role taken away meanwhile). Raises PovertyError."""
    if plan.problems and not matched_only:
        raise PovertyError("problems")
    written = 0
    for row in plan.changing:
        household = await session.get(Person, row.household_id)
        if household is None or household.org_id != org_id or household.kind != "household":
            raise PovertyError("not_household")
        _may_set(acting, household)
        _append(session, acting, household, row.year, row.standing, now=now, source="file")
        written += 1
    audit(
        session,
        at=now,
        actor_id=_actor_id(acting),
        action="poverty.file",
        entity="organisation",
        entity_id=org_id,
        file=file_name,
        rows=len(plan.matched) + len(plan.problems),
        matched=len(plan.matched),
        written=written,
        left_out=len(plan.problems),
    )
    return written


# --- the figures --------------------------------------------------------------------------------------------


@dataclass
class StandingCounts:
    """A unit's (or the organisation's) households in the review of a year, counted."""

    poor_start: int = 0  # poor last year
    near_poor_start: int = 0
    poor: int = 0  # poor this year
    near_poor: int = 0
    newly_out: int = 0  # marked newly out this year
    got_out: int = 0  # `got_out`: poor or near-poor last year, newly out or none now (or newly out, new)
    fell_in: int = 0  # none or newly out last year, poor or near-poor this year
    pledged: int = 0  # pledged to escape poverty this year
    pledged_got_out: int = 0  # of them, got out

    def add(self, other: StandingCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def reviewed(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


@dataclass
class StandingFigures:
    year: int
    total: StandingCounts
    units: list[tuple[str, StandingCounts]]  # by unit name (sort_key), those with a household reviewed
    without_unit: StandingCounts | None = None

    @property
    def reviewed(self) -> bool:
        return self.total.reviewed


def escape_criterion(criterion: Criterion) -> bool:
    """Whether `criterion` is the household's pledge to escape poverty (“Tự nguyện đăng ký thoát nghèo”): a
    yes/no item for households whose title says so (the plans' codes carry no meaning, their titles do)."""
    return (
        criterion.measure == "yes_no"
        and "household" in (criterion.scopes or [])
        and "thoat ngheo" in fold(criterion.title)
    )


async def _pledged(session: AsyncSession, org_id: int, year: int, unit_id: int | None) -> set[int]:
    """The households that pledged to escape poverty in `year`: registered the item, or recorded it done."""
    return {person for person, _year in await _pledges(session, org_id, [year], unit_id=unit_id)}


async def _pledges(
    session: AsyncSession,
    org_id: int,
    years: Sequence[int],
    *,
    unit_id: int | None = None,
    person_ids: Iterable[int] | None = None,
) -> set[tuple[int, int]]:
    """(household, year) of each pledge to escape poverty in `years` (of unit `unit_id`, or of the households
    `person_ids`, given them): the item registered for the year, or recorded done in it."""
    criteria = [
        criterion.id
        for criterion in await session.scalars(
            select(Criterion)
            .join(Campaign, Campaign.id == Criterion.campaign_id)
            .where(Campaign.org_id == org_id, Criterion.measure == "yes_no")
        )
        if escape_criterion(criterion)
    ]
    if not criteria:
        return set()
    households = [Person.org_id == org_id, Person.kind == "household"]
    if unit_id is not None:
        households.append(Person.unit_id == unit_id)
    if person_ids is not None:
        households.append(Person.id.in_(sorted(set(person_ids))))
    registered = (
        select(Commitment.person_id, Commitment.year)
        .join(CommitmentItem, CommitmentItem.commitment_id == Commitment.id)
        .join(Person, Person.id == Commitment.person_id)
        .where(Commitment.year.in_(list(years)), CommitmentItem.criterion_id.in_(criteria), *households)
    )
    recorded = (
        select(Result.person_id, Result.year)
        .join(Person, Person.id == Result.person_id)
        .where(
            Result.year.in_(list(years)),
            Result.criterion_id.in_(criteria),
            Result.status == "standing",
            *households,
        )
    )
    return {(person, year) for person, year in await session.execute(registered.union(recorded))}


def got_out(before: str | None, now: str | None) -> bool:
    """Whether a household got out of poverty in a year's review, its standing the year before `before`
    (None: not reviewed) and that year `now`: poor or near-poor before and newly out or not poor now; or
    newly out now and not reviewed before, as in a commune's first year with the bot, whose district's list
    names its newly out (“hộ mới thoát nghèo”) — newly out two years running is out once, in the first
    (decision 0394)."""
    return (before in LISTED and now in ("out", "none")) or (before is None and now == "out")


def _count(counts: StandingCounts, before: str | None, now: str | None, pledged: bool) -> None:
    if before == "poor":
        counts.poor_start += 1
    elif before == "near_poor":
        counts.near_poor_start += 1
    if now == "poor":
        counts.poor += 1
    elif now == "near_poor":
        counts.near_poor += 1
    elif now == "out":
        counts.newly_out += 1
    out = got_out(before, now)
    counts.got_out += out
    counts.fell_in += before in ("none", "out") and now in LISTED
    if pledged:
        counts.pledged += 1
        counts.pledged_got_out += out


async def standing_figures(
    session: AsyncSession, org_id: int, year: int, *, unit_id: int | None = None
) -> StandingFigures:
    """The review's counts for `year` against the year before, per unit and in all (of unit `unit_id` only,
    given one): two grouped reads of the standings and one of the pledges, whatever the number of households.
    No name: a report may carry it."""
    query = latest_standings(org_id, [year - 1, year]).join(Person, Person.id == HouseholdStanding.person_id)
    query = query.add_columns(Person.unit_id).where(Person.kind == "household")
    if unit_id is not None:
        query = query.where(Person.unit_id == unit_id)
    standings: dict[int, dict[int, str]] = defaultdict(dict)
    unit_of: dict[int, int | None] = {}
    for person, row_year, standing, person_unit in await session.execute(query):
        standings[person][row_year] = standing
        unit_of[person] = person_unit
    pledged = await _pledged(session, org_id, year, unit_id)
    unreviewed = pledged - set(standings)  # pledged, never reviewed: counted among the pledges only
    if unreviewed:
        for person, person_unit in await session.execute(
            select(Person.id, Person.unit_id).where(Person.id.in_(sorted(unreviewed)))
        ):
            standings[person] = {}
            unit_of[person] = person_unit
    by_unit: defaultdict[int | None, StandingCounts] = defaultdict(StandingCounts)
    total = StandingCounts()
    for person, years in standings.items():
        before, now = years.get(year - 1), years.get(year)
        for counts in (total, by_unit[unit_of.get(person)]):
            _count(counts, before, now, person in pledged)
    names = dict((await session.execute(select(Unit.id, Unit.name).where(Unit.org_id == org_id))).all())
    without = by_unit.pop(None, None)
    units = sorted(
        ((names.get(unit, "—"), counts) for unit, counts in by_unit.items() if unit is not None),
        key=lambda named: sort_key(named[0]),
    )
    return StandingFigures(year, total, units, without if without is not None and without.reviewed else None)


@dataclass(frozen=True)
class Listed:
    household_id: int
    name: str
    unit: str | None
    before: str | None
    now: str | None


async def listed_households(
    session: AsyncSession,
    acting: Acting,
    year: int,
    *,
    standings: Sequence[str] = LISTED,
    keeping: bool = False,
) -> list[Listed]:
    """The households whose standing `acting` may read by name (`may_see_poverty_standing`), that are in
    `standings` this year or were poor or near-poor last year, with both years' standing, by hamlet then
    name. Empty for whoever may read none. The shell of the organisation reads them all, as it sets them all
    (`chungtay households list`, the list sent up to the district: decision 0271). `keeping`: those whose
    standing they may set, a gift round's (docs/decisions/0415)."""
    if acting is None:
        return []
    among = (
        (Person.org_id == acting.org_id) & (Person.kind == "household")
        if isinstance(acting, Operator)
        else poverty_households_of(acting, keeping=keeping)
    )
    current = await standings_of(session, acting.org_id, [year - 1, year])
    wanted = {
        person
        for (person, row_year), standing in current.items()
        if (row_year == year and standing in standings) or (row_year == year - 1 and standing in LISTED)
    }
    if not wanted:
        return []
    rows = await session.execute(
        select(Person.id, Person.full_name, Unit.name)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(among, Person.id.in_(sorted(wanted)))
    )
    listed = [
        Listed(pid, name, unit, current.get((pid, year - 1)), current.get((pid, year)))
        for pid, name, unit in rows
    ]
    return sorted(listed, key=lambda h: (sort_key(h.unit or ""), sort_key(h.name), h.household_id))


# --- one household's record, for its achievement report -----------------------------------------------------


@dataclass(frozen=True)
class HouseholdRecord:
    """A household's own record in the review, for the achievement report of a household proposed for an
    award (the household title “Hộ gia đình vượt khó vươn lên thoát nghèo”): its standing in each year the
    review recorded it, and the years it pledged to escape poverty."""

    standings: dict[int, str]  # year → standing (the latest row of the year)
    pledged: frozenset[int]  # the years it pledged (registered the item, or recorded it done)

    def shown(self, years: Iterable[int]) -> list[tuple[int, str]]:
        """(year, standing) of `years` the review recorded, the oldest first."""
        return [(year, self.standings[year]) for year in sorted(set(years)) if year in self.standings]

    def kept(self, years: Iterable[int]) -> list[int]:
        """The years of `years` whose pledge was kept: pledged, and out of poverty in that year's review
        (`got_out`, the figures' rule)."""
        return [
            year
            for year in sorted(set(years))
            if year in self.pledged and got_out(self.standings.get(year - 1), self.standings.get(year))
        ]


async def household_records(
    session: AsyncSession, org_id: int, household_ids: Iterable[int], years: Iterable[int]
) -> dict[int, HouseholdRecord]:
    """The record of each household of `household_ids` the review recorded in `years` (or the year before the
    first, which says whether a pledge of the first was kept): one read of the standings, one of the pledges.
    A household never recorded in them has none. Names no one: the caller asks `access` who may read it."""
    wanted = sorted(set(years))
    ids = sorted(set(household_ids))
    if not wanted or not ids:
        return {}
    read = [wanted[0] - 1, *wanted]
    standings: defaultdict[int, dict[int, str]] = defaultdict(dict)
    for (person, year), standing in (await standings_of(session, org_id, read, ids)).items():
        standings[person][year] = standing
    recorded = {person: by_year for person, by_year in standings.items() if set(by_year) & set(wanted)}
    if not recorded:
        return {}
    pledges: defaultdict[int, set[int]] = defaultdict(set)
    for person, year in await _pledges(session, org_id, wanted, person_ids=recorded):
        pledges[person].add(year)
    return {
        person: HouseholdRecord(by_year, frozenset(pledges.get(person, ())))
        for person, by_year in recorded.items()
    }
