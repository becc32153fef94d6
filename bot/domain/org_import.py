"""Import a real staff list (CSV, .xlsx or the old Excel format, .xls) into units, people and roles.

The list comes from the personnel office as a spreadsheet with a title above the header, Vietnamese
column names, phones typed every way people type them and the odd broken row. A broken row is skipped
with a message that says, in Vietnamese, what is wrong and what is expected; every other row is kept,
so one typo on line 212 never costs the other 299 lines. A unit is one unit however its name's dashes and
spaces are written (`unit_key`), and a phone cell that is not one plain number costs at most the phone, with a
warning (`read_phones`, `_settle_phone`; docs/decisions/0042). A cell is read as typed: a formula stays its
text (`=HYPERLINK(…)`), never a computed value.

Re-importing a list updates people instead of duplicating them. Only people on the staff list
(`Person.listed`) are ever matched: by phone, else by (unit, folded name, folded position); then a new
phone, a new position or a name a letter or two off finds the one person it can be, never a guess between
two (`_plan`, docs/decisions/0134). A move ends the roles of the unit left. Someone who joined by invite is
never merged into a row: the list's person is created beside them and the report gives the command that
merges the two (0135). Two rows of one file with the same key (the phone, or the unit, name and position
of a row without one) are reported as duplicates; a row repeated cell for cell is only warned about.

The work is split in two: a pure planning pass decides for every row which unit and person it touches
(and catches conflicts between rows), then the writes go to the database in batches of BATCH_ROWS rows,
one transaction each. One import per organisation runs at a time, across processes (`bot.db.locks`); an
import killed midway leaves whole batches behind, and running the file again matches them and ends with
exactly the file's rows. New people go in with INSERT … ON CONFLICT on the phone, so a phone that appeared
since planning updates its owner instead of failing the batch.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tqdm import tqdm

from bot.clock import local_date
from bot.config import Settings
from bot.db.locks import LockBusy, exclusive
from bot.db.models import (
    ROLES,
    AuditLog,
    Commitment,
    Organisation,
    Person,
    RoleAssignment,
    Unit,
)
from bot.db.ops import in_chunks
from bot.domain.access import deciders_of, deciders_query
from bot.domain.appeals import moved_out
from bot.domain.audit import audit
from bot.domain.bank_statement import read_day
from bot.domain.commitments import owner_key, results_follow
from bot.domain.dates import DateError, parse_full_day
from bot.domain.leaving import Ended, ended_by_leaving, take_roles_off
from bot.domain.notices import is_commune, role_changed
from bot.domain.numbers import DIGIT_WORDS, VALID_PHONE, other_marks, tens_and_ones
from bot.domain.one_unit import first_two_units
from bot.domain.people import NEAR_LETTERS, gifts_by_unit
from bot.domain.roles import describe, role_given, role_name, roles_by_person
from bot.domain.shell import command, org_to_name
from bot.domain.tables import (
    Merged,
    TableError,
    csv_delimiter,
    csv_records,
    csv_text,
    is_old_excel,
    xls_sheets,
    xlsx_sheets,
)
from bot.i18n import format_date
from bot.text import (
    a_syllable,
    accents_dropped,
    clean,
    fold,
    joined_units,
    letters_off,
    marks_key,
    name_case,
    nfc,
    person_sort_key,
    sort_key,
    unmarked,
    words_key,
)

BATCH_ROWS = 200
HEADER_SEARCH_ROWS = 10  # the header may sit under a title such as "DANH SÁCH CÁN BỘ, VIÊN CHỨC"
MAX_NAME = 200
MAX_POSITION = 200
MAX_UNIT_NAME = 300
MAX_UNIT_CODE = 40
MAX_BLOCK = 200  # unit.block

FIELDS = ("unit", "full_name", "position", "phone", "role", "kind", "block", "away_until")
REQUIRED_FIELDS = ("unit", "full_name")
FIELD_LABELS = {
    "unit": "Đơn vị",
    "full_name": "Họ và tên",
    "position": "Chức vụ",
    "phone": "Số điện thoại",
    "role": "Vai trò",
    "kind": "Loại",
    "block": "Khối thi đua",
    "away_until": "Nghỉ đến",
}
# Header cells are compared after _header_key(): folded, punctuation turned into spaces.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "don vi", "ten don vi", "phong khoa", "khoa phong", "phong ban"),
    "full_name": ("full name", "fullname", "name", "ho va ten", "ho ten"),
    "position": ("position", "chuc vu"),
    "phone": ("phone", "so dien thoai", "dien thoai", "sdt", "so dt"),
    "role": ("role", "vai tro"),
    "kind": ("kind", "type", "loai", "doi tuong", "loai doi tuong"),
    "block": ("block", "khoi", "khoi thi dua", "cum thi dua", "cum khoi", "cum khoi thi dua", "khoi cum"),
    # a colleague on long leave, her last day (decision 0789): “Nghỉ đến”, “Nghỉ dài ngày đến (ngày)”
    "away_until": ("away until", "on leave until", "nghi den", "nghi den ngay", "nghi dai ngay den"),
}
_HEADER_FIELD = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
# Offices lengthen the column names they write: “Đơn vị công tác”, “Chức vụ/Chức danh”, “Số điện thoại di
# động”, “SĐT liên hệ”, “Họ và tên chủ hộ”. A header cell that begins with one of these words names the field
# when no cell names it exactly (“Số điện thoại” beside “Số điện thoại cơ quan” is the one read). Only the
# fields a person's row is made of: “Loại hợp đồng” is no Loại, “Khối lớp” no Khối thi đua. A commune's list
# of households heads their hamlet “Thôn”, “Ấp”, “Tổ dân phố”, “Thôn/Xóm”, and the name “Chủ hộ”: read so
# only without a “Đơn vị” or a “Họ và tên” (docs/decisions/0258).
# A column of the days a colleague is away on training, not on leave: said so in the report (decision 2013).
TRAINING_STARTS = ("di hoc den", "di dao tao den", "dao tao den", "hoc tap den")
HEADER_STARTS: dict[str, tuple[str, ...]] = {
    "unit": (
        "don vi",
        "bo phan",
        "to chuyen mon",
        "noi cong tac",
        *("thon", "ap", "xom", "to dan pho", "khu pho"),
    ),
    "full_name": ("ho va ten", "ho ten", "chu ho", "ten chu ho"),
    "position": ("chuc vu", "chuc danh"),
    "phone": ("so dien thoai", "dien thoai", "sdt", "so dt", "dt di dong", "di dong", "phone"),
    # a hospital's doctors away on training (“Đi học đến”, “Đi đào tạo đến”) are away as on leave (1998)
    "away_until": (*("nghi den", "nghi dai ngay den", "nghi thai san den", "nghi om den"), *TRAINING_STARTS),
}

# A phone column's header that says a mobile's (“Di động”, “DĐ”, “SĐT di động”), folded: read first where
# several columns hold phones.
MOBILE_WORDS = ("di dong", "dd", "mobile", "cell")

# The role column grants rights (treasurers, officers and admins see individual amounts), so it accepts the
# roles' own names in Vietnamese and English and a few words that name one role only, folded; the list is in
# docs/guide-admin.md. Words for any employee or a job ("cán bộ", "nhân viên", "giáo viên", "bác sĩ")
# are what personnel offices write for an ordinary colleague: they mean member, and no job title grants more
# (docs/decisions/0168). Any other word grants nothing but membership, and the report names the row with the
# words that work. A cell may name several roles.
# Words for a member of staff, folded: in the role column they mean member, in the "Loại" column staff.
STAFF_WORDS = (
    *("staff", "employee", "ca nhan", "nguoi lao dong", "nld", "lao dong hop dong"),
    *("can bo", "cb", "can bo vien chuc", "cbvc", "can bo cong chuc", "cbcc", "can bo nhan vien", "cbnv"),
    *("can bo cong nhan vien", "cbcnv", "cong nhan vien", "cnv", "can bo giao vien", "cbgv"),
    *(
        "cong chuc",
        "vien chuc",
        "nhan vien",
        "nv",
        "chuyen vien",
        "can su",
        "cong nhan",
        "nhan vien hop dong",
    ),
    *("giao vien", "gv", "giang vien", "bao mau", "bac si", "bs", "dieu duong", "y si", "y ta", "ho sinh"),
    *("duoc si", "ky thuat vien", "ho ly"),
    # a hospital's jobs, as its personnel office writes them (decision 1997)
    *("dieu duong vien", "dieu duong truong", "nu ho sinh", "ktv", "y cong"),
    # a department's deputies and its head nurse: colleagues; a deputy reads the Monday when granted (2011)
    *("pho truong khoa", "pho khoa", "dieu duong truong khoa", "pho truong phong"),
    # a deputy director likewise: the whole organisation's Monday only when granted by name (2014), and a
    # school's or a commune's deputy (2111)
    *("pho giam doc", "pho hieu truong", "pho chu tich"),
    # a sub-department's deputy head, as a division's (decision 2305)
    "pho chi cuc truong",
)
# The trade union's chair and deputy chairs, folded (“Phó chủ tịch CĐCS”): its officers (decision 2212).
UNION_OFFICERS = tuple(
    f"{deputy}chu tich {union}"
    for deputy in ("", "pho ")
    for union in ("cong doan", "cong doan co so", "cd", "cdcs")
)
# Its executive committee's members (“ủy viên BCH công đoàn”), folded: cán bộ công đoàn by the Trade Union
# Law (Điều 4: elected, from the union group's deputy up), its officers as “cán bộ công đoàn” is (2318).
UNION_COMMITTEE = (
    *("uy vien bch cong doan", "uy vien bch cong doan co so", "uy vien bch cd", "uy vien bch cdcs"),
    *("uy vien ban chap hanh cong doan", "uy vien ban chap hanh cong doan co so", "uy vien cong doan"),
    *("uv bch cong doan", "uv bch cd", "uv bch cdcs"),
    # a union group's deputy, the lowest cadre the law names (“tổ phó công đoàn”), and the head of the union's
    # women's committee (“trưởng ban nữ công”), who runs its members' hardship and gifts: officers too (2413);
    # so is the committee's deputy (“phó ban nữ công”, “phó trưởng ban nữ công”), its head's stand-in (2517)
    *("to pho cong doan", "to pho cd", "to pho cdcs"),
    *(
        f"{head}ban nu cong{union}"
        for head in ("truong ", "pho ", "pho truong ")
        for union in ("", " cong doan", " cd", " cdcs")
    ),
)
ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(("member", "thanh vien", "doan vien", "doan vien cong doan", *STAFF_WORDS), "member"),
    **dict.fromkeys(("treasurer", "thu quy", "thu quy cong doan"), "treasurer"),
    # A commune's Fund is raised by the Fatherland Front's mobilisation board, not a trade union; its hamlets
    # are led by their heads (thôn in the north, ấp in the south) (docs/decisions/0052).
    # A department's union group head (“tổ trưởng công đoàn”) collects her colleagues' gifts: the unit's
    # officer (decision 1997).
    **dict.fromkeys(
        ("officer", "can bo cong doan", "can bo mat tran", "can bo mttq", "to truong cong doan"), "officer"
    ),
    # The plan makes the trade union the one who mobilises its members: its chair and deputy chairs, written
    # so in the role column, are its officers, of their row's unit; the report names the grant that makes
    # them the whole organisation's where their position reads so (UNION_WORDS, decision 2212).
    **dict.fromkeys(UNION_OFFICERS, "officer"),
    **dict.fromkeys(UNION_COMMITTEE, "officer"),
    **dict.fromkeys(
        (
            *("leader", "lanh dao", "lanh dao don vi", "truong phong", "truong khoa", "truong thon"),
            "truong ap",
            "chi cuc truong",  # a sub-department's head leads it as a division's does (decision 2305)
        ),
        "leader",
    ),
    **dict.fromkeys(("admin", "quan tri", "quan tri vien"), "admin"),
}
# What the report shows under a word the role column does not know: what to write for each role, in the
# organisation's own words (a commune's officers are the Front's, its leaders its hamlets' heads: 0225).
ROLE_EXAMPLES = (
    "Ô Vai trò ghi, ví dụ: để trống, “cán bộ”, “nhân viên” hay “giáo viên” (thành viên); “thủ quỹ”; "
    "“cán bộ công đoàn”; “trưởng phòng” hay “lãnh đạo”; “quản trị”"
)
COMMUNE_ROLE_EXAMPLES = (
    "Ô Vai trò ghi, ví dụ: để trống hay “cán bộ” (thành viên); “hộ gia đình”; “thủ quỹ”; “cán bộ Mặt trận”; "
    "“trưởng thôn” hay “lãnh đạo”; “quản trị”"
)

# A leader on the list leads the unit of their row; no word makes anyone the leader of the whole organisation
# (docs/decisions/0054): “giám đốc” heads a department or one of its centres, “hiệu trưởng” a school or one
# listed by an education office, “chủ tịch” a commune or its trade union. A leader whose position reads as the
# head of something (folded, without a deputy's “phó” or a union's or association's name) is named in the
# report with the command that makes them organisation-wide.
HEAD_WORDS = ("thu truong", "chu tich", "giam doc", "hieu truong", "lanh dao co quan", "vien truong")
# The union and the Front as a position writes them short too (“Chủ tịch CĐCS”, “Chủ tịch UBMTTQ xã”), folded,
# as the role column reads them (decisions 2212, 2281): their chairs are no head of the organisation.
SHORT_UNION = ("cd", "cdcs", "mttq", "ubmttq")
NOT_THE_HEAD = (
    *("pho ", "cong doan", "doan thanh nien", "hoi ", "mat tran", "phu nu", "cuu chien binh"),
    *(f"{short} " for short in SHORT_UNION),
)
# Likewise an officer or treasurer on the list serves their row's unit; one whose position reads as the whole
# organisation's trade union or mobilisation board (its chair, deputy, treasurer, accountant; not a union
# group's “tổ trưởng”) is named with the command that makes the role organisation-wide.
UNION_WORDS = (
    *(
        f"{office} {union}"
        for office in ("chu tich", "thu quy", "ke toan")
        for union in ("cong doan", "cd", "cdcs")
    ),
    *("ban van dong", "mat tran", "mttq", "ubmttq"),
    # its chair and deputy chair as a school's list writes them in letters (“Hiệu trưởng, CTCĐ”: 2341)
    *("ctcd", "ctcdcs", "pctcd", "pctcdcs", "pct cd", "pct cdcs"),
)
NOT_THE_UNION = ("to truong", "to pho", "to cong doan")
# A position naming a hamlet or a street group (“Trưởng ban công tác Mặt trận thôn”, “Chủ tịch … khu phố 2”)
# is of the row's unit, never the organisation's: no hint for it. Folded, but “bản” only with its accent:
# without it, it is “ban”, the board of every union's position.
HAMLET_WORDS = ("thon", "to", "ap", "khu pho")
HAMLET_ACCENTED = ("bản",)
_WORD = re.compile(r"\w+")

# The "Loại" column says whether a row is a member of staff or a household (docs/decisions/0039): a
# commune lists its hamlets' households ("Hộ ông Trần Văn Ba" in "Thôn 3") beside its staff. A household is
# offered the plan's household criteria and never holds a role but member's. The words, folded, are listed in
# docs/guide-admin.md. A household word typed in the role cell instead marks the household the same way (it
# grants nothing). An empty cell, or a word that is neither, leaves a listed person's kind as it was (a new
# person is staff); the second kind of cell is reported with a warning.
KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            *("household", "ho", "ho gia dinh", "ho gd", "hgd", "ho dan"),
            *("ho ngheo", "ho can ngheo", "ho moi thoat ngheo"),
        ),
        "household",
    ),
    **dict.fromkeys(STAFF_WORDS, "staff"),
}
KIND_HINT = "để trống hoặc “cán bộ” cho cán bộ; “hộ gia đình” hoặc “hộ” cho hộ gia đình"
IMPORT_RUNNING = "Một lần nhập danh sách khác của tổ chức này đang chạy; vui lòng chờ nó xong rồi chạy lại."
_ROLE_SPLIT = re.compile(r"[,;/+]")

_PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")
# Between two numbers in one cell: "/", ",", ";", "|", a line break, "hoặc"/"và"/"or", or a dash with spaces.
_PHONE_LIST = re.compile(r"[/,;|\n]|\s(?:hoặc|hoac|và|va|or)\s|\s[-\u2013\u2014]\s", re.IGNORECASE)
# A word of letters only, with a colon or dot after it: a label around a number ("Zalo", "DĐ:", "cq.").
# Letters touching digits ("0912abc678") are not a label and make the number unreadable.
_PHONE_LABEL = re.compile(r"(?<!\w)[^\W\d_]+(?!\w)[:.]?")
_FLOAT_CELL = re.compile(r"(\+?\d+)\.0+")  # 905123456.0: a number cell exported as text
_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Hyphen, non-breaking hyphen, figure/en/em dashes, horizontal bar, minus sign; with the spaces around them.
_DASH = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")
_DIGITS = re.compile(r"\d+")
# “(1)”, “2”, “C”: a column's number, on the line under a printed form's header.
_COLUMN_NUMBER = re.compile(r"\(?(?:\d{1,2}|[A-Z])\)?")
LONG_UNIT_NAME = 15  # letters, folded: a name this long may be two letters off and still read as one


class StaffFileError(ValueError):
    """The import cannot go ahead as a whole (format, encoding, no header); the message is Vietnamese."""


class ImportRunning(StaffFileError):
    """Another import into the same organisation is running, in this process or another one."""


@dataclass
class RowError:
    """A row that was skipped, and why."""

    row: int  # 1-based line (CSV) or row (.xlsx, .xls) number, as the user sees it in the file
    message: str


@dataclass
class RowWarning:
    """A row that was imported, but not quite as written (an unknown role word, a phone left out)."""

    row: int
    message: str


@dataclass
class RowChange:
    """A person already on the list whom a row changed in a way to check: a name corrected, a new phone or
    position, a move to another unit, a role that ended with the move."""

    row: int
    message: str


@dataclass(frozen=True)
class NewUnit:
    """A unit this import made, and an existing one whose name reads nearly the same (None: none)."""

    code: str
    name: str
    near: tuple[str, str] | None = None  # (code, name)
    near_is_new: bool = False  # `near` is a unit this import made too (named earlier in the file)


@dataclass
class ImportReport:
    created: int
    updated: int  # existing people matched by the file (their details rewritten from it)
    changed: int  # of those, the people with a line in `changes`; the others are as they were
    skipped: int  # rows with errors; blank rows are not counted
    units_created: int
    errors: list[RowError]
    warnings: list[RowWarning] = field(default_factory=list)
    blocks_set: int = 0  # units whose Khối thi đua the file set or changed
    leaders: int = 0  # rows naming a leader: each leads their row's unit only
    heads: list[HeadHint] = field(default_factory=list)  # leaders whose position reads as a head's
    # People on the list, still at work, whom no row of this file was matched to (a skipped row's person
    # among them): perhaps they left, perhaps the file is one unit's. Named, never marked as gone: a
    # partial file must retire nobody (docs/decisions/0118).
    absent: list[Absent] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)  # listed people changed (docs/decisions/0134)
    away: list[RowChange] = field(default_factory=list)  # recorded on long leave by “Nghỉ đến” (0789)
    # The units made, when the organisation had units before; on a first import (every unit is new), those
    # whose name reads like another's of the file.
    new_units: list[NewUnit] = field(default_factory=list)
    # The lines under the list with no unit and no phone (its date, signatures and the names signed):
    # nobody's, so neither imported nor skipped, only named (docs/decisions/0254).
    footer: list[int] = field(default_factory=list)
    # The header's cells read as no column, when none is read as the phone: said, since without a phone
    # nobody claims their record (a “Số máy” column would otherwise be dropped without a word).
    no_phone_column: list[str] | None = None
    # The name column's header when it names a household's head (“Họ tên chủ hộ”), and whether the rows that
    # say no “Loại” were read as households (the organisation is a commune) or not (docs/decisions/0258).
    households_header: str | None = None
    read_as_households: bool = False
    # the organisation is one: the report names its officers the Front's (decision 0225)
    commune: bool = False
    # The rows that named the unit of the rows under them (“II. TỔ VĂN”), and the list's totals
    # (“Tổng cộng: 48”): said once, by line (docs/decisions/0300).
    headings: list[Heading] = field(default_factory=list)
    totals: list[tuple[int, str]] = field(default_factory=list)
    # The rows naming only the list's place (“XÃ EA KLY”): nobody's, said once (decision 0604).
    places: list[tuple[int, str]] = field(default_factory=list)
    sheets: list[tuple[str, int]] = field(default_factory=list)  # the sheets read, when several were
    passed_over: list[tuple[str, str]] = field(default_factory=list)  # sheets with a list not read, and why
    # The units with people at work whose gifts no treasurer may confirm (none of the unit's, none of the
    # whole organisation's): their first gift would wait for nobody, so the office is told now (1032).
    unconfirmed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Absent:
    """A listed person the file does not have: id, name and unit code (None: no unit)."""

    person_id: int
    full_name: str
    unit: str | None
    # The one record this file added under the same name in another unit, when there is exactly one such
    # record and one such absent person: perhaps the same person moved on a list without their phone (its
    # line, its id, its unit's name), for the merge that carries their year over (docs/decisions/0290).
    moved: tuple[int, int, str] | None = None


@dataclass
class HeadHint:
    """A leader of one unit whose position reads as the organisation's head (“Chủ tịch UBND xã”), or someone
    whose row grants no leader but whose position reads so (“Hiệu trưởng” on a list without roles), or an
    officer or treasurer whose position reads as the organisation's union's (“Chủ tịch công đoàn”)."""

    row: int
    person_id: int
    full_name: str
    position: str
    unit: str
    role: str = "leader"
    leads: bool = True  # the row makes them their unit's leader; False: a head's position on no leader's row


def _hint(item: _PersonPlan, person_id: int, role: str = "leader", *, leads: bool = True) -> HeadHint:
    """The hint of a listed person whose position reads as the organisation's head or its union's
    (`HeadHint`), their person known (`person_id`, the item's once written)."""
    row = item.row
    return HeadHint(row.line, person_id, row.full_name, row.position or "", item.unit.name, role, leads)


def _of_a_hamlet(position: str) -> bool:
    """Whether a position names a hamlet's or a street group's office (HAMLET_WORDS): its unit's, whatever
    else it says."""
    key = f" {fold(position)} "
    words = " " + " ".join(_WORD.findall(nfc(position).lower())) + " "
    return any(f" {word} " in key for word in HAMLET_WORDS) or any(
        f" {word} " in words for word in HAMLET_ACCENTED
    )


# Between two offices one person holds (“Giám đốc, Chủ tịch Công đoàn”, “Giám đốc kiêm Chủ tịch Công
# đoàn”): each is read on its own, so a director who also chairs the union is named as both (decision 1996).
_OFFICES = re.compile(r"[,;/\n]|\s(?:kiêm|kiem|[-\u2013\u2014])\s", re.IGNORECASE)


def _offices(position: str | None) -> list[str]:
    """The offices a position names, one by one (`_OFFICES`)."""
    return [office for office in _OFFICES.split(nfc(position or "")) if office.strip()]


def reads_as_union(position: str | None) -> bool:
    """Whether a position names the organisation's trade union or mobilisation board, not a group's
    (UNION_WORDS) nor a hamlet's (HAMLET_WORDS), in any of the offices it names."""
    return any(_office_named(office, UNION_WORDS, NOT_THE_UNION) for office in _offices(position))


def _union_role(position: str | None) -> str | None:
    """The role a position reading as the union's (`reads_as_union`) asks for where no role is written: its
    treasurer's or accountant's the treasurer's, its chair's or deputy's the officer's (decision 2341)."""
    union = [office for office in _offices(position) if _office_named(office, UNION_WORDS, NOT_THE_UNION)]
    if not union:
        return None
    return (
        "treasurer"
        if any(_begins(fold(office), w) for office in union for w in ("thu quy", "ke toan"))
        else "officer"
    )


# A plain accountant or cashier (“Kế toán”, “Thủ quỹ”), the organisation's and no union's: on a list without
# roles she is named with the grant that makes her its treasurer, since a small school's accountant keeps the
# union's money too (decision 2432); her row grants nothing by itself.
MONEY_KEEPERS = ("ke toan", "thu quy")


def _keeps_money(position: str | None) -> bool:
    """Whether a position names a plain accountant or cashier (MONEY_KEEPERS) in one of its offices, none
    reading as a union's (`_union_role` names those) nor a hamlet's."""
    offices = _offices(position)
    if any(_office_named(office, UNION_WORDS, NOT_THE_UNION) for office in offices):
        return False
    return any(
        _begins(fold(office), word) and not _of_a_hamlet(office)
        for office in offices
        for word in MONEY_KEEPERS
    )


def reads_as_head(position: str | None) -> bool:
    """Whether a position names the head of something, not a deputy's, a union's or a hamlet's
    (HEAD_WORDS), in any of the offices it names: the director who chairs the union too is the head."""
    return any(_office_named(office, HEAD_WORDS, NOT_THE_HEAD) for office in _offices(position))


def _office_named(office: str, words: Iterable[str], not_these: Iterable[str]) -> bool:
    """Whether one office (`_offices`) holds one of `words`, none of the words `not_these` begin, and is no
    hamlet's."""
    key = f" {fold(office)} "
    return (
        any(f" {word} " in key for word in words)
        and not any(f" {word}" in key for word in not_these)
        and not _of_a_hamlet(office)
    )


# ---------------------------------------------------------------------------------------------------------
# Cell values


def clean_text(value: object) -> str:
    """A cell as text: as chat text is stored (`bot.text.clean`: NFC, control characters and invisible marks
    removed — a soft hyphen or a zero-width space inside a name, a mark turning the line around, a terminal's
    escape sequence), whitespace runs collapsed to one space.

    Excel hands numbers back as int or float (a phone typed as a number is 912345678.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub(" ", clean(str(value))).strip()


def header_row(
    numbered: Iterator[tuple[int, Sequence[object]]], header: Callable[[Sequence[object]], dict[str, int]]
) -> dict[str, int]:
    """The columns of the first of a sheet's first `HEADER_SEARCH_ROWS` rows that `header` reads as its
    header (a title such as “DANH SÁCH …” may sit above it), the rows after it left in `numbered`; none:
    {}."""
    for line, cells in numbered:
        found = header(cells)
        if found or line >= HEADER_SEARCH_ROWS:
            return found
    return {}


def header_columns(cells: Sequence[object], fields: Mapping[str, str]) -> dict[str, int]:
    """The fields a sheet's header row names → the first column naming each: a cell is read whatever its
    marks, case and punctuation (“Họ và tên:”, “SỐ TIỀN (đ)”), and looked up in `fields` (its words → the
    field)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = fields.get(words_key(clean_text(cell)))
        if name is not None and name not in found:
            found[name] = index
    return found


# A phone number as people write it: digits with the spaces, dots, dashes and brackets they put between them
# (“0912 345 678”, “(024) 3825 1234”, “+84 912.345.678”), found inside a sentence (bot's joining, decision
# 1234) or matched whole where a code or a name is asked (the ledger's, decision 0322). Whether it is a phone
# is `normalize_phone`'s to say.
PHONE_WRITTEN = re.compile(r"[+(]?\d[\d .()-]*\d")


def normalize_phone(raw: str) -> str | None:
    """A Vietnamese phone as 0XXXXXXXXX (mobile) or 02XXXXXXXXX (landline); None when it is not one.

    Accepts "+84 912 345 678", "84912345678", "0912.345.678", "091 234 5678", "(024) 3825 1234" and the
    912345678 Excel leaves behind when it drops the leading zero of a number-formatted cell, or 2438251234
    a landline's. A landline is one only with its area code: “2000000000” is a figure (decision 1473)."""
    digits = _PHONE_SEPARATORS.sub("", raw.strip().lstrip("'"))
    if digits.startswith("+84"):
        digits = "0" + digits[3:].removeprefix("0")  # "+84 (0) 912…" has the trunk zero written too
    elif digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif (len(digits) == 9 and digits[:1] in ("3", "5", "7", "8", "9")) or (
        len(digits) == 10 and digits.startswith("2")
    ):
        digits = "0" + digits
    if digits.isascii() and VALID_PHONE.fullmatch(digits):
        return digits
    return None


@dataclass(frozen=True)
class PhoneCell:
    """What a phone cell holds: the numbers read from it in order, and the parts with digits that are none."""

    phones: tuple[str, ...]
    unread: tuple[str, ...]


def read_phones(raw: str) -> PhoneCell:
    """Every phone in a cell as `normalize_phone` reads it, with labels around them ignored:
    "0905 123 456 (Zalo)", "DĐ: 0905123456", "0905123456 / 0912345678", "905123456.0"."""
    text = raw.strip()
    if match := _FLOAT_CELL.fullmatch(text):
        text = match[1]
    whole = normalize_phone(_PHONE_LABEL.sub(" ", text))
    if whole is not None:  # one number, however it is spaced: "0905 - 123 - 456" is not three
        return PhoneCell((whole,), ())
    phones: list[str] = []
    unread: list[str] = []
    for part in _PHONE_LIST.split(text):
        if not any(ch.isdigit() for ch in part):
            continue  # a label alone, or nothing
        phone = normalize_phone(_PHONE_LABEL.sub(" ", part))
        if phone is None:
            unread.append(part.strip())
        elif phone not in phones:
            phones.append(phone)
    return PhoneCell(tuple(phones), tuple(unread))


def parse_roles(raw: str) -> tuple[set[str], list[str], bool]:
    """The roles named in a cell, the parts that name no role, and whether a part says "household" (which
    grants nothing: KIND_WORDS). Empty → member only."""
    roles = {"member"}
    unknown: list[str] = []
    household = False
    for part in _ROLE_SPLIT.split(raw):
        word = part.strip()
        if not word:
            continue
        role = ROLE_WORDS.get(fold(word))
        if role is not None:
            roles.add(role)
        elif KIND_WORDS.get(fold(word)) == "household":
            household = True
        else:
            unknown.append(word)
    return roles, unknown, household


_T = TypeVar("_T")


def unit_key(name: str) -> str:
    """How unit names are compared: case, spaces, NFC and where a syllable's tone mark sits aside, and every
    dash with the spaces around it made one "-", so "Tổ Toán - Tin", "Tổ Toán – Tin", "TỔ toán-Tin",
    "Tổ  Toán -  Tin" are one unit, and “Thôn Hoà” is “Thôn Hòa”. Letters and their marks count: “Tổ Đ” and
    “Tổ D”, “Thôn Hòa” and “Thôn Hóa” are two units (decision 0462); a name typed without any accent finds
    its unit by `units_named`."""
    return _DASH.sub("-", marks_key(name))


def _plain_unit_key(name: str) -> str:
    return _DASH.sub("-", fold(name))


def _marks_left_off(typed: str, name: str) -> bool:
    """Whether `typed`, a unit's name with marks on some words, is `name` but for words typed without any
    mark (“Thon Hòa”, “thôn Hoa” for “Thôn Hòa”): each word as the unit writes it, or bare where the unit's
    has marks, its đ too where it is more than that letter (“Thon Dong Tâm” for “Thôn Đồng Tâm”, as “thon dong
    tam” is). A word typed with its marks keeps them (“Thôn Hóa” is not Thôn Hòa) and D alone stays a letter
    of its own (“Tổ D” is not Tổ Đ; decisions 0462, 0483, 0510)."""
    mine, theirs = unit_key(typed).split(), unit_key(name).split()
    return len(mine) == len(theirs) and all(
        word == its or (unmarked(word) and ("đ" not in its or sum(ch.isalpha() for ch in its) > 1))
        for word, its in zip(mine, theirs, strict=True)
    )


def units_named(typed: str, units: Iterable[tuple[str, _T]]) -> list[_T]:
    """The units a typed name (a file's cell, `--unit`, a chat's answer) names among `units`, (a name or a
    code, its unit) pairs, each once in the order given: those whose name it is (`unit_key`); else, where
    the typed name or the unit's name is written without any accent or đ, those it is accents aside
    (“thon hoa”: “Thôn Hòa”), and where it has marks on some words only, those it is but for the words typed
    bare (`_marks_left_off`). Several — “to d” where “Tổ Đ” and “Tổ D” are both units — are for the caller to
    ask about or refuse, never one taken for the others (decision 0462)."""
    pairs = list(units)
    key = unit_key(typed)
    found = [unit for name, unit in pairs if unit_key(name) == key]
    if not found:
        plain, bare = _plain_unit_key(typed), unmarked(typed)
        found = [
            unit
            for name, unit in pairs
            if _plain_unit_key(name) == plain and (bare or unmarked(name) or _marks_left_off(typed, name))
        ]
    once: list[_T] = []
    for unit in found:
        if not any(unit is seen or unit == seen for seen in once):
            once.append(unit)
    return once


def unit_is_named(typed: str, name: str, code: str = "") -> bool:
    """Whether `typed` (a hamlet in a file's cell, after a name in the chat) names the unit `name` (of code
    `code`): as `units_named` reads it (“Thôn Hòa”, “thon hoa”, “Thon Hòa”, its code; never “Thôn Hóa”), or
    its last words (“hoa”, “2” for Thôn 2), without accents where typed so (decisions 0462, 0469, 0483)."""
    if units_named(typed, [(name, True), *([(code, True)] if code else [])]):
        return True
    if unmarked(typed):
        return fold(name).endswith(" " + fold(typed))
    return unit_key(name).endswith(" " + unit_key(typed))


def unit_code_for(name: str, taken: set[str]) -> str:
    """A slug of the folded name ("Phòng Đào tạo" → "phong-dao-tao"), made unique among `taken`."""
    base = _NOT_SLUG.sub("-", fold(name)).strip("-")[:MAX_UNIT_CODE].strip("-") or "don-vi"
    code, n = base, 1
    while code in taken:
        n += 1
        suffix = f"-{n}"
        code = base[: MAX_UNIT_CODE - len(suffix)].rstrip("-") + suffix
    return code


# ---------------------------------------------------------------------------------------------------------
# Reading the file


@dataclass
class _RawRow:
    line: int
    cells: dict[str, str]  # field → cleaned text, "" when empty
    retired: str = ""  # its position or “Ghi chú” cell where it says the person retired (“nghỉ hưu”)
    training: bool = (
        False  # its day away written only under “Đi học đến” or its like: away on training (2013)
    )


def _header_key(cell: str) -> str:
    return words_key(cell)


def _header_map(cells: Sequence[object], *, unit_from_headings: bool = False) -> dict[str, int]:
    """field → column index, if this row is a header naming at least the required columns (with
    `unit_from_headings`, the name and one more: the units may be written as heading rows)."""
    keys = [_header_key(clean_text(cell)) for cell in cells]
    found: dict[str, int] = {}
    for index, key in enumerate(keys):
        name = _HEADER_FIELD.get(key)
        if name is not None and name not in found:
            found[name] = index
    for index, key in enumerate(keys):  # a longer name only where no cell names the field exactly
        name = next(
            (name for name, starts in HEADER_STARTS.items() for start in starts if _begins(key, start)), None
        )
        if name is not None and name not in found and index not in found.values():
            found[name] = index
    if all(name in found for name in REQUIRED_FIELDS):
        return found
    # No unit column: a list that writes each unit as a heading row over its people (“II. TỔ VĂN”), read so
    # only when a name and another field are named and some row is such a heading (`_data_rows`).
    return found if unit_from_headings and "full_name" in found and len(found) > 1 else {}


def _begins(key: str, words: str) -> bool:
    return key == words or key.startswith(words + " ")


def _names_a_phone(key: str) -> bool:
    return _HEADER_FIELD.get(key) == "phone" or any(_begins(key, start) for start in HEADER_STARTS["phone"])


def _away_columns(labels: Sequence[str], header: dict[str, int]) -> list[int]:
    """Every column whose header names a leave's last day (“Nghỉ thai sản đến” and “Nghỉ ốm đến”), none taken
    by another field: a row's leave is read from all of them, the header's first only for none (0819)."""
    taken = {index for name, index in header.items() if name != "away_until"}
    return [
        index
        for index, label in enumerate(labels)
        if index not in taken
        and (
            _HEADER_FIELD.get(key := _header_key(label)) == "away_until"
            or any(_begins(key, start) for start in HEADER_STARTS["away_until"])
        )
    ]


def _phone_columns(labels: Sequence[str], header: dict[str, int]) -> list[int]:
    """Every column whose header names a phone (“Điện thoại cơ quan” and “Di động”, “Số điện thoại” and
    “SĐT nhà riêng”), none taken by another field, a mobile's first (“Di động”, “DĐ”), then the one the
    header reads as the phone: a row's numbers are read from all of them (docs/decisions/0292)."""
    taken = {index for name, index in header.items() if name != "phone"}
    keys = {index: _header_key(label) for index, label in enumerate(labels) if index not in taken}
    found = [index for index, key in keys.items() if _names_a_phone(key)]
    return sorted(
        found,
        key=lambda index: (
            not any(f" {word} " in f" {keys[index]} " for word in MOBILE_WORDS),
            index != header.get("phone"),
            index,
        ),
    )


def _sub_header(
    header: Sequence[object], cells: Sequence[object], fields: dict[str, int]
) -> list[str] | None:
    """The header's labels completed by the row under it, where that row is the second line of a header
    whose cell is merged across columns (“Điện thoại” over “Cơ quan” and “Di động”): each label under the
    merge read with the merge's (“Điện thoại Di động”), but one that names the phone by itself under a
    heading that does not (“Số điện thoại” under “Thông tin liên hệ”) read alone. None when the row is no
    such line: it has a name or a unit, a digit, or nothing under an empty header cell."""
    texts = [clean_text(cell) for cell in cells]
    if any(
        name in fields and fields[name] < len(texts) and texts[fields[name]] for name in REQUIRED_FIELDS
    ) or any(any(ch.isdigit() for ch in text) for text in texts):
        return None
    labels = [clean_text(cell) for cell in header] + [""] * max(0, len(texts) - len(header))
    completed = list(labels)
    above = ""
    under_a_merge = False
    for index, label in enumerate(labels):
        above = label or above
        text = texts[index] if index < len(texts) else ""
        if text:
            alone = _names_a_phone(_header_key(text)) and not _names_a_phone(_header_key(above))
            completed[index] = text if alone else f"{above} {text}".strip()
            under_a_merge = under_a_merge or not label
    return completed if under_a_merge else None


# HR software splits a name in two columns under one “Họ và tên” merged across them: “Họ đệm” (or “Họ”,
# “Họ và tên đệm”, “Họ lót”) and “Tên”, on the header's second line. The person is both, read as one name.
ORDINAL_LABELS = ("stt", "tt", "so tt", "so thu tu", "thu tu")
SURNAME_LABELS = ("ho", "ho dem", "ho va dem", "ho va ten dem", "ho lot", "ho va chu lot", "ho chu lot")


def _given_name_column(
    header: Sequence[object], cells: Sequence[object], fields: dict[str, int]
) -> int | None:
    """The column of the given name (“Tên”) where `cells`, the row under the header, splits the name column
    merged over two (“Họ đệm” under “Họ và tên”, “Tên” under its merged, empty, neighbour); else None."""
    at = fields["full_name"]
    given = at + 1
    if given >= len(cells) or given in fields.values() or (given < len(header) and clean_text(header[given])):
        return None
    # The surname's cell may be left empty: “Tên” alone under the merge's neighbour (docs/decisions/0593).
    surname = _header_key(clean_text(cells[at]))
    if (not surname or surname in SURNAME_LABELS) and _header_key(clean_text(cells[given])) == "ten":
        return given
    return None


def _name_merged_across(
    numbered: object, line: int, header: Sequence[object], fields: dict[str, int]
) -> int | None:
    """The column of the given name where the header's “Họ và tên”, on `line`, is merged across its empty
    neighbour with no second line under it (“Võ Thị” | “Mai” on each row: docs/decisions/0604); else None.
    The workbook's merges are read only for a header with such an empty neighbour."""
    at = fields["full_name"]
    given = at + 1
    if given in fields.values() or (given < len(header) and clean_text(header[given])):
        return None
    across = getattr(numbered, "merged_across", None)
    merges = across() if across is not None else ()
    column = at + 1  # merged ranges count columns from 1
    if any(first == line and low == column and high >= column + 1 for low, first, high, _last in merges):
        return given
    return None


# A person's sex as a list writes it, folded: a column of these alone is no given name, though “Nam” is one.
_SEXES = frozenset({"nam", "nu"})


def _given_names(cells: list[str]) -> bool:
    """Whether the cells beside the names, under a “Họ và tên” merged across, read as given names (“Mai”,
    “An”): never a figure or a date (“1985”), nor, two or more, only “Nam” and “Nữ” (the column “Giới tính”
    the merge hid by mistake: docs/decisions/0627)."""
    written = [cell for cell in cells if cell]
    if any(ch.isdigit() for cell in written for ch in cell):
        return False
    return len(written) < 2 or not all(fold(cell) in _SEXES for cell in written)


def _missing_header_error(file_name: str) -> StaffFileError:
    wanted = ", ".join(f'"{FIELD_LABELS[name]}"' for name in FIELDS)
    return StaffFileError(
        f'Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu của tệp "{file_name}". '
        f'Dòng tiêu đề cần ít nhất hai cột "Đơn vị" và "Họ và tên" (danh sách hộ gia đình: "Thôn" và '
        f'"Họ tên chủ hộ"), hoặc cột "Họ và tên" với tên mỗi đơn vị ghi thành một dòng riêng phía trên người '
        f'của đơn vị ấy (ví dụ "II. TỔ VĂN"); các cột được nhận: {wanted}.'
    )


@dataclass
class _Sheet:
    rows: list[_RawRow]
    unread: list[str]  # the header's cells that name no field, as written (“STT”, “Ngày sinh”)
    has_phone: bool  # the header names a phone column
    footer: list[int]  # lines under the list that name no unit and no phone: its date and signatures
    # The name column's header when it names a household's head (“Họ tên chủ hộ”).
    households: str | None = None
    headings: list[Heading] = field(default_factory=list)  # rows naming the unit of the rows under them
    totals: list[tuple[int, str]] = field(default_factory=list)  # “Tổng cộng: 48”: line and text
    places: list[tuple[int, str]] = field(default_factory=list)  # “XÃ EA KLY” over the list: line and text
    # A workbook whose several sheets hold the list: each sheet's name and its rows read (one sheet: empty).
    sheets: list[tuple[str, int]] = field(default_factory=list)
    # Sheets holding a list that were not read (`_sheets_to_read`): their name and why, "hidden" or a year.
    passed_over: list[tuple[str, str]] = field(default_factory=list)
    # No unit column and no heading: the organisation's one unit is every row's (decision 2340).
    one_unit: bool = False


def _of_households(cell: object) -> bool:
    """Whether a name column's header names a household's head (“Họ tên chủ hộ”, “Chủ hộ”): a list of
    households (docs/decisions/0258)."""
    return " chu ho " in f" {_header_key(clean_text(cell))} "


class AddressNotUnit(StaffFileError):
    """The header names people and an address, but no unit: a household's address is no hamlet to join."""


def _address_instead(cells: Sequence[object], file_name: str) -> AddressNotUnit | None:
    """The refusal of a header with a name and an “Địa chỉ” but no unit column (a commune's list written by
    address): the column to add, with an example; None for any other row."""
    keys = [_header_key(clean_text(cell)) for cell in cells]
    named = any(
        _HEADER_FIELD.get(key) == "full_name"
        or any(_begins(key, start) for start in HEADER_STARTS["full_name"])
        for key in keys
    )
    if not named or not any(_begins(key, "dia chi") for key in keys):
        return None
    return AddressNotUnit(
        f'Tệp "{file_name}" có cột “Địa chỉ” nhưng không có cột đơn vị: địa chỉ của từng hộ không được đọc '
        "là đơn vị. Hãy thêm cột ghi thôn của mỗi hộ, tiêu đề “Thôn” (hoặc “Ấp”, “Tổ dân phố”), ô ghi như "
        "“Thôn 3”, rồi nhập lại."
    )


def _data_rows(numbered: Iterable[tuple[int, Sequence[object]]], file_name: str) -> _Sheet:
    """Find the header among the first rows, then map every later non-blank row onto the fields, a cell merged
    down over several rows read in each of them (`_fill_merged`). The rows under the last one with a unit,
    past an empty row, with neither a unit nor a phone, are the list's foot (“Lê Lợi, ngày 15 tháng 9 năm
    2026”, “NGƯỜI LẬP BIỂU”, “HIỆU TRƯỞNG” and the names signed under them): nobody's rows.

    A unit written as a row of its own over its people (“II. TỔ VĂN”, “Khoa Nội” across a merged row,
    “TỔ TOÁN - TIN (12 người)”, “Thôn 3”) is their unit where their own unit cell is empty, down to an empty
    row under them, a total or the next heading (`_heading`; a list may then have no unit column at all). A
    heading that says its people retired (“CÁN BỘ NGHỈ HƯU”) makes no unit: its rows are set apart, not
    imported. A total (“Tổng cộng: 48”) is nobody's row (docs/decisions/0300)."""
    rows = iter(numbered)
    header: dict[str, int] = {}
    cells: Sequence[object] = ()
    address: AddressNotUnit | None = None
    for line, cells in rows:
        header = _header_map(cells)
        if header:
            break
        address = address or _address_instead(cells, file_name)
        if address is None and (header := _header_map(cells, unit_from_headings=True)):
            break
        if line >= HEADER_SEARCH_ROWS:
            break
    if not header:
        raise address or _missing_header_error(file_name)
    header_line, header_cells = line, cells
    name_cell = cells[header["full_name"]]
    labels = [clean_text(cell) for cell in cells]
    phones = _phone_columns(labels, header)
    aways = _away_columns(labels, header)
    training = {
        index for index in aways if any(_begins(_header_key(labels[index]), w) for w in TRAINING_STARTS)
    }
    out: list[_RawRow] = []
    by_line: dict[int, _RawRow] = {}
    merges: Merged | None = None
    headings: list[Heading] = []
    notes = [index for index, label in enumerate(labels) if _begins(_header_key(label), "ghi chu")]
    heading: Heading | None = None  # the heading whose unit the rows under it take, until an empty row
    totals: list[tuple[int, str]] = []
    places: list[tuple[int, str]] = []
    given: int | None = None  # the given name's column, where the name is split in two (“Họ đệm”, “Tên”)
    # The ordinal column (“STT”): a row numbered there is a person's, never the list's foot (0594).
    ordinal = next((i for i, label in enumerate(labels) if _header_key(label) in ORDINAL_LABELS), None)
    numbered_lines: set[int] = set()
    given = _name_merged_across(numbered, header_line, header_cells, header)
    if given is not None:  # merged by mistake over a column of its own (“Giới tính”, “Năm sinh”)? (0627)
        rows = iter(rest := list(rows))
        named = header["full_name"]
        beside = [
            clean_text(row[given]) for _line, row in rest if given < len(row) and clean_text(row[named])
        ]
        given = given if _given_names(beside) else None
    # A sheet of one hamlet, named on its tab (“Thôn 4”), with no unit column: its rows' unit, as a heading
    # over them would be, down to an empty row under them (docs/decisions/0604).
    tab = clean_text(getattr(numbered, "title", ""))
    if "unit" not in header and _names_a_unit(tab):
        heading = Heading(header_line, tab, _unit_of_heading(tab), from_tab=True)
        headings.append(heading)
    after_blank = in_foot = False  # an empty row under people; the foot begun over the unit column
    units_seen: set[str] = set()
    for line, cells in rows:
        unit_cell = clean_text(cells[header["unit"]]) if header.get("unit", len(cells)) < len(cells) else ""
        at = ordinal if ordinal is not None else len(cells)
        counted = at < len(cells) and _DIGITS.fullmatch(clean_text(cells[at])) is not None  # “STT”: a person
        if (
            unit_cell
            and not counted
            and _few_cells(cells) is not None  # a person's row fills more cells than a foot's line
            and unit_key(unit_cell) not in units_seen  # a unit of the rows above is no foot's line
            and (in_foot or (after_blank and _a_foot_line(unit_cell)))
        ):
            in_foot = True  # the date, “TRƯỞNG THÔN” and the name signed under it, over the hamlet column
            cells = _foot_over_the_unit(cells, header)
        # A heading, a total or an empty row has few cells: a person's row is not read twice.
        texts = _few_cells(cells)
        said = _heading(texts, header) if texts else None
        if line == header_line + 1 and (split := _given_name_column(header_cells, cells, header)) is not None:
            given = split
            cells = [None if index == header["full_name"] else cell for index, cell in enumerate(cells)]
            labels = _sub_header(header_cells, cells, header) or labels
            phones = _phone_columns(labels, header)
            if phones and "phone" not in header:
                header["phone"] = phones[0]
            continue
        if (
            said is None
            and line == header_line + 1
            and (completed := _sub_header(header_cells, cells, header))
        ):
            labels = completed  # the header's second line: its labels read with the merge's above them
            phones = _phone_columns(labels, header)
            if phones and "phone" not in header:
                header["phone"] = phones[0]
            continue
        if texts == []:  # an empty row after a heading's people ends them: the list's foot may follow
            heading = heading if heading is not None and not heading.lines else None
            after_blank = bool(out)
            continue
        if texts and _a_total(texts):
            totals.append((line, " ".join(text for _index, text in texts)))
            heading = None
            continue
        if texts and _a_place(texts):  # the commune's name over its hamlets' lists: no unit, nobody's
            places.append((line, " ".join(text for _index, text in texts)))
            heading = None
            continue
        if said is not None:
            heading = Heading(line, said, _unit_of_heading(said), retired=_says_retired(said))
            headings.append(heading)
            continue
        mapped = {
            name: clean_text(cells[index]) if index < len(cells) else "" for name, index in header.items()
        }
        if not out and _numbers_the_columns(mapped):  # “(1) (2) (3)…” under the header: its columns' numbers
            continue
        if given is not None and given < len(cells) and (first_name := clean_text(cells[given])):
            mapped["full_name"] = f"{mapped['full_name']} {first_name}".strip()
        if len(phones) > 1:  # “Điện thoại cơ quan” and “Di động”: every number, a mobile's first
            mapped["phone"] = " / ".join(
                text for index in phones if index < len(cells) and (text := clean_text(cells[index]))
            )
        if len(aways) > 1:  # “Nghỉ thai sản đến” and “Nghỉ ốm đến”: the day written in either (two: said)
            mapped["away_until"] = " / ".join(
                text for index in aways if index < len(cells) and (text := clean_text(cells[index]))
            )
        for name in FIELDS:
            mapped.setdefault(name, "")
        if any(mapped.values()):  # rows with only an ordinal number or a footer in other columns are ignored
            if not all(mapped[name] for name in header):  # perhaps under a cell merged down over it
                if merges is None:
                    merges = getattr(numbered, "merged", tuple)()
                _fill_merged(line, mapped, header, merges, by_line)
            if heading is not None and heading.retired:  # whatever unit their row names: retired
                heading.lines.append(line)
                heading.names.append(name_case(mapped["full_name"]))
                continue
            if heading is not None and not mapped["unit"]:
                mapped["unit"] = heading.unit
                heading.lines.append(line)
            if ordinal is not None and ordinal < len(cells) and _DIGITS.fullmatch(clean_text(cells[ordinal])):
                numbered_lines.add(line)
            away_in = {index for index in aways if index < len(cells) and clean_text(cells[index])}
            by_line[line] = _RawRow(
                line, mapped, _retired_remark(mapped, cells, notes), bool(away_in) and away_in <= training
            )
            out.append(by_line[line])
            if mapped["unit"] and not in_foot:  # a person's row: the foot is under the last of them
                after_blank = False
                units_seen.add(unit_key(mapped["unit"]))
    # No unit column and no unit written over its rows: a school of one unit, a kindergarten, lists its staff
    # so (“TT, Họ và tên, Chức vụ”); its people are read down to the last one numbered or with a phone, in the
    # organisation's one unit (`_import`, decision 2340).
    one_unit = "unit" not in header and not any(one.lines for one in headings)
    if one_unit:
        people = [
            i
            for i, row in enumerate(out)
            if row.line in numbered_lines or read_phones(row.cells["phone"]).phones
        ]
        if not people:
            raise address or _missing_header_error(file_name)
        last = people[-1]
    else:
        last = max((i for i, row in enumerate(out) if row.cells["unit"]), default=None)
    foot = out[last + 1 :] if last is not None else []
    # The foot stands apart, under an empty row, and has no phone: a row right under the last one with a unit
    # (its unit cell left empty, under no merge) or a row with a phone is a row, imported or skipped as such.
    # A date or a signature written over the phone column (“Krông Pắc, ngày 01 tháng 12 năm 2026”, “GIÁM
    # ĐỐC”) holds no phone (docs/decisions/0580).
    if (
        not foot
        or foot[0].line == out[last].line + 1
        or any(read_phones(row.cells["phone"]).phones for row in foot)
        or any(row.line in numbered_lines for row in foot)  # a numbered person: docs/decisions/0594
    ):
        foot = []
    read = set(header.values()) | set(phones) | ({given} if given is not None else set())
    unread = [text for index, text in enumerate(labels) if index not in read and text]
    return _Sheet(
        out[: len(out) - len(foot)],
        unread,
        "phone" in header,
        [row.line for row in foot],
        clean_text(name_cell) if _of_households(name_cell) else None,
        headings=[one for one in headings if one.lines],
        totals=totals,
        places=places,
        one_unit=one_unit,
    )


@dataclass
class Heading:
    """A row that names the unit of the rows under it (“II. TỔ VĂN”), as written, with the unit read from it
    and the lines that took it; a heading saying its people retired gives no unit (`retired`): its rows are
    set apart, by line and name."""

    line: int
    text: str
    unit: str
    retired: bool = False
    lines: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    from_tab: bool = False  # the sheet's tab names the unit: the sheet has no unit column (decision 0604)

    @property
    def count(self) -> int | None:
        """How many people the heading says it has (“TỔ TOÁN - TIN (12 người)”: 12), if it says."""
        written = _COUNTED.search(_OUTLINE.sub("", self.text))
        figure = _DIGITS.search(written[0]) if written else None
        return int(figure[0]) if figure else None


# How a heading row begins when it names a unit, lower case with accents (“Tô Văn Ba” is a name, “Tổ Văn” a
# group): a school's “Tổ”, a hospital's “Khoa”, an office's “Phòng”, a commune's “Thôn”, “Ấp”, “Xóm”.
UNIT_WORDS = (
    *("tổ", "khoa", "phòng", "ban", "bộ phận", "bộ môn", "trung tâm", "văn phòng", "khối", "đội", "trạm"),
    "thanh tra",  # a department's inspectorate, “Thanh tra Sở” (decision 2246)
    "chi cục",  # a department's sub-department, “Chi cục Kiểm lâm” (decision 2305)
    *(
        "nhóm",
        "đơn vị",
        "thôn",
        "ấp",
        "xóm",
        "khu phố",
        "tổ dân phố",
        "bản",
        "buôn",
        "khóm",
        "làng",
        "tiểu khu",
    ),
)
# A school's and a hospital's boards written short over their people (“BGH”, “I. BGĐ (3 người)”): a unit, its
# name kept as written, as the unit column's “BGH” is (docs/decisions/0325).
UNIT_ABBREVIATIONS = frozenset({"BGH", "BGĐ", "BGD", "BLĐ", "BLD"})
# “II.”, “3)”, “A.”, “IV -”: a heading's number in the list's outline.
_OUTLINE = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,2}|[A-Za-z])\s*[.):\-\u2013]\s*")
_ORDINAL = re.compile(r"(?:[IVXLC]{1,6}|\d{1,3}|[A-Za-z])[.)]?")  # a heading's number alone in the TT cell
# “(12 người)”, “- 12 người”, “: 15 hộ” after a heading: how many it has, not its name.
_COUNTED = re.compile(r"\s*(?:\([^()]*\d[^()]*\)|[:\-\u2013]\s*\d+(?:\s+[^\W\d_]+){0,2})\s*$")
# A total's first words, lower case with accents: “Tổng cộng”, “Cộng”; not “Công”, “Tống”, names. Followed by
# nothing but figures and what they count (“Tổng cộng: 48 người”): “Tổng đài” is a unit.
TOTAL_WORDS = ("tổng cộng", "tổng số", "cộng", "tổng")
_COUNTED_WORDS = re.compile(r"\b(?:người|hộ|cán bộ|giáo viên|viên chức|đ/c|đc|ng)\b")
RETIRED_WORDS = ("nghi huu", "huu tri", "da nghi viec")
# A foot's lines (“NGƯỜI LẬP BIỂU”, “GIÁM ĐỐC”, “(Ký, ghi rõ họ tên)”, “Lê Lợi, ngày 15 tháng 9 năm 2026”),
# folded, by their first words: never a unit, wherever they stand, not even in the unit column.
_NOT_A_HEADING = (
    *(
        "nguoi lap",
        "lap bieu",
        "ky ",
        "xac nhan",
        "ngay ",
        "tm ",
        "kt ",
        "q ",
        "thay mat",
        "ke toan",
        "thu quy",
    ),
    *("hieu truong", "pho hieu truong", "giam doc", "pho giam doc", "chu tich", "pho chu tich", "thu truong"),
    *("truong phong", "truong khoa", "truong ban", "truong thon", "bi thu", "chi cuc truong"),
    "pho chi cuc truong",
)


# “Ea Kly, ngày 01 tháng 12 năm 2026”: the date a list was signed, folded, wherever it begins.
_SIGNED_ON = re.compile(r"\bngay \d{1,2} thang \d{1,2} nam \d{4}\b")


def _a_foot_line(text: str) -> bool:
    """Whether a cell reads as a line of a list's foot: its date, a title signing or a signature's words
    (`_NOT_A_HEADING`), never a unit."""
    key = " ".join(_WORD.findall(fold(text))) + " "
    return key.startswith(_NOT_A_HEADING) or _SIGNED_ON.search(key) is not None


def _foot_over_the_unit(cells: Sequence[object], header: dict[str, int]) -> list[object]:
    """A row of the list's foot written over the unit column (a commune's hamlet column, where its clerk dates
    the list and the hamlet head signs): its unit cell's words moved to the name cell where that is empty,
    else dropped, so that the row has no unit and is read as the foot (docs/decisions/0604)."""
    unit, name = header["unit"], header["full_name"]
    moved = list(cells) + [None] * (max(unit, name) + 1 - len(cells))
    if not clean_text(moved[name]):
        moved[name] = moved[unit]
    moved[unit] = None
    return moved


def _retired_remark(mapped: dict[str, str], cells: Sequence[object], notes: list[int]) -> str:
    """The row's position or “Ghi chú” cell where it says the person retired (“Nghỉ hưu từ 01/01/2027”), else
    "": said with the command that records it, never guessed into a leaving (docs/decisions/0300)."""
    remarks = [mapped["position"], *(clean_text(cells[index]) for index in notes if index < len(cells))]
    return next((text for text in remarks if text and _says_retired(text)), "")


def _few_cells(cells: Sequence[object]) -> list[tuple[int, str]] | None:
    """A row's cells with text (column, text) when it has at most three, as a heading, a total or an empty
    row has ([]: empty); None for a fuller row, a person's."""
    filled = [index for index, cell in enumerate(cells) if cell is not None and cell != ""]
    if len(filled) > 3:
        return None
    return [(index, text) for index in filled if (text := clean_text(cells[index]))]


def _heading(texts: list[tuple[int, str]], header: dict[str, int]) -> str | None:
    """The text of a row that names a unit over its people, else None: one cell with letters (beside, at
    most, its number in the outline), in the unit column, or numbered in the list's outline (“II. TỔ VĂN”),
    or beginning with a unit's word (“Khoa Nội”, “Thôn 3”), or saying its people retired; never a person's
    row (a name alone in the name column: “Nguyễn Văn An”), a total or the foot's words."""
    if len(texts) == 2 and _ORDINAL.fullmatch(texts[0][1]) and texts[0][0] not in header.values():
        texts = texts[1:]  # “II” in the TT column, “TỔ VĂN” beside it
    if len(texts) != 1:
        return None
    index, text = texts[0]
    if not any(ch.isalpha() for ch in text) or _a_foot_line(text):
        return None
    words = " ".join(_WORD.findall(_OUTLINE.sub("", nfc(text)).lower()))
    if (
        index == header.get("unit")
        or _unit_of_heading(text).upper() in UNIT_ABBREVIATIONS
        or _OUTLINE.match(text)
        or any(words == word or words.startswith(word + " ") for word in UNIT_WORDS)
        or _says_retired(text)
    ):
        return text
    return None


# A word in capitals no one could say (“GMHS”, “HSCC”: no vowel; “CĐHA”, “YHCT”: three consonants in a
# row; “VTYT”: an initial no word begins with) is a unit's name written short, kept in capitals; “KRÔNG”,
# “KAR”, “KTY”, “MGAR”, “DLIÊ”, the Ê-đê words of a Tây Nguyên commune's hamlets, are words
# (docs/decisions/0580, 0594).
_WRITTEN_SHORT = re.compile(
    r"[^aeiouy]+|.*(?!ngh)[^aeiouy]{3}.*"
    r"|(?!ch|gh|gi|kh|ng|nh|ph|qu|th|tr|[bcdgkp][lr]|k[bdmnpt]|m[dglnrt]|h[djlmnrw]|dl|dh|bh|jl)[^aeiouy]{2}.*"
)
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# Short names that read as a syllable but are letters said one by one (“KHOA ICU”, “PHÒNG KHÁM HIV”, “KHOA
# IVF”, “PHÒNG MRI”): kept in capitals in a heading, as the words `_WRITTEN_SHORT` finds (decision 0604).
KNOWN_ACRONYMS = frozenset(
    {"ICU", "NICU", "PICU", "HIV", "AIDS", "ARV", "MRI", "IVF", "ECG", "ICT", "ISO", "IT", "COVID", "OPD"}
)
# The place a list belongs to, written over it or after a hamlet's name: the commune, ward, district or
# province (“XÃ EA KLY”, “THÔN 3 - XÃ CƯ KTY”), lower case with accents: the organisation, never a unit nor a
# person (decision 0604). “UBND xã”, “Trạm Y tế xã” are units: they do not begin so.
PLACE_WORDS = ("xã", "phường", "thị trấn", "đặc khu", "thị xã", "huyện", "quận", "tỉnh", "thành phố")
# A place's word and one of these alone name one of its bodies, a unit (“Xã đội”, the commune's military
# command; “Huyện đoàn”, “Huyện ủy”, “Xã viên”), not the place (decision 0627).
_BODIES_OF_A_PLACE = ("đội", "đoàn", "ủy", "uỷ", "hội", "viên")
# After a hamlet or a street group, a ward, a township or a special zone written short is its place too (“TỔ
# 5 - P. TÂN LỢI”, “THÔN 6 - TT. PHÚ MỸ”, “THÔN 7 - TT PHÚ MỸ”, “ẤP 2 - ĐK CÔN ĐẢO”, decisions 2836, 2846);
# never alone over a list, where “P.” may be an office's “Phòng”, “TT” a centre's “Trung tâm”.
_PLACE_AFTER = re.compile(
    r"\s*[,\-\u2013\u2014]\s*(?:(?:" + "|".join(PLACE_WORDS) + r"|tp\.?|tt|đk)\s|(?:p|tt|đk)\.\s*\S).*$",
    re.IGNORECASE | re.DOTALL,
)
# The units under a commune, whose place a heading may write after them (“THÔN 3 - XÃ EA KLY”, “TỔ 5, PHƯỜNG
# TÂN LỢI”): only their place is left out. A station or a school of a district's list is named by its commune
# (“TRẠM Y TẾ - XÃ EA KLY”, “- XÃ CƯ KTY”: two stations, decision 0627).
_UNDER_A_COMMUNE = (
    *("thôn", "ấp", "xóm", "khu phố", "tổ dân phố", "bản", "buôn", "khóm", "làng", "tiểu khu", "tổ"),
)


def _names_a_unit(tab: str) -> bool:
    """Whether a sheet's tab is a unit's name (“Thôn 4”, “Thon 4”, “Tổ 2”): one of `UNIT_WORDS`, with or
    without its accents (a tab is nobody's name), and more after it."""
    words = fold(" ".join(_WORD.findall(tab.lower())))
    return any(words.startswith(fold(word) + " ") for word in UNIT_WORDS)


def _a_place(texts: list[tuple[int, str]]) -> bool:
    """Whether a row only names the list's place (“XÃ EA KLY”, “Huyện Krông Pắc”): nobody's row, no unit."""
    if len(texts) > 1 and _ORDINAL.fullmatch(texts[0][1]):
        texts = texts[1:]
    if len(texts) != 1:
        return False
    words = " ".join(_WORD.findall(_OUTLINE.sub("", nfc(texts[0][1])).lower()))
    if any(words == f"{place} {body}" for place in PLACE_WORDS for body in _BODIES_OF_A_PLACE):
        return False  # “XÃ ĐỘI”, “HUYỆN ĐOÀN”: a body of the place, a unit (decision 0627)
    return any(words.startswith(word + " ") for word in PLACE_WORDS)


def _unit_of_heading(text: str) -> str:
    """The unit a heading names: without its number in the outline nor its count, in a name's capitals when it
    is written all in capitals (“II. TỔ TOÁN - TIN (12 người)” → “Tổ Toán - Tin”), a word that is no syllable
    left in its capitals (“KHOA NGOẠI - GMHS” → “Khoa Ngoại - GMHS”), as a known acronym is (“KHOA ICU” →
    “Khoa ICU”), the commune after a hamlet left out (“THÔN 3 - XÃ CƯ KTY” → “Thôn 3”); a board written
    short in capitals however it was typed (“bgh” → “BGH”: docs/decisions/0327, 0604)."""
    name = _COUNTED.sub("", _OUTLINE.sub("", text)).strip(" .:") or text
    words = " ".join(_WORD.findall(name.lower()))
    if any(words.startswith(word + " ") for word in _UNDER_A_COMMUNE):  # “THÔN 3 - XÃ CƯ KTY”: the hamlet
        name = _PLACE_AFTER.sub("", name) or name
    if name.upper() in UNIT_ABBREVIATIONS:
        return name.upper()
    cased = name_case(name)
    if not name.isupper() or len(cased) != len(name):
        return cased
    cased = _office_case(name) or cased
    for short in _LETTERS.finditer(name):
        if short[0] in KNOWN_ACRONYMS or _WRITTEN_SHORT.fullmatch(fold(short[0])):
            cased = cased[: short.start()] + short[0] + cased[short.end() :]
    return cased


# An office's heading in capitals (“PHÒNG ĐIỀU DƯỠNG”, “BAN GIÁM ĐỐC”, “KHOA HỒI SỨC - CHỐNG ĐỘC”) is
# named as a Vietnamese office writes it: its kind and the first word of its name with a capital, the rest
# small (“Phòng Điều dưỡng”, “Ban Giám đốc”, “Khoa Hồi sức - Chống độc”), each name after a dash or “và” a
# name of its own; a letter or a numeral (“KHOA NỘI A”, “KHOA NỘI II”) and the organs a hospital writes each
# with a capital (“Răng Hàm Mặt”, “Tai Mũi Họng”) keep them. A hamlet, a station or a centre, whose name may
# be a place's, is named a word at a time as before (decision 2012).
_OFFICE_KINDS = (
    "khoa",
    "phòng",
    "ban",
    "tổ",
    "bộ phận",
    "bộ môn",
    "văn phòng",
    "đơn nguyên",
    "thanh tra",
    "chi cục",
)
# “Sở” alone in an office's name is the department itself, written with its capital (“Ban Giám đốc Sở”,
# “Thanh tra Sở”), never the “sở” of “cơ sở”, “trụ sở” (decision 2246).
_THE_DEPARTMENT = re.compile(r"(?<!\bcơ )(?<!\btrụ )\bsở\b")
_NOT_AN_OFFICE = ("phòng khám", "tổ dân phố", "ban quản lý", "ban chỉ huy")
_NAME_BREAK = re.compile(r"(\s*[-\u2013\u2014,;/]\s*|\s+(?:và|VÀ)\s+)")
_CAPITAL_WORDS = ("Răng Hàm Mặt", "Tai Mũi Họng")
_NUMERAL = re.compile(r"[IVX]+|[^\W\d_]|\d+\w*")


def _office_case(name: str) -> str | None:
    """An office's name in capitals as its papers write it (see `_OFFICE_KINDS`), else None."""
    lower = " ".join(name.lower().split())
    kind = next((k for k in _OFFICE_KINDS if lower.startswith(k + " ")), None)
    if kind is None or any(lower.startswith(other) for other in _NOT_AN_OFFICE):
        return None
    rest = " ".join(name.split())[len(kind) + 1 :]
    if kind == "tổ" and rest[:1].isdigit():  # “TỔ 5”: a street group's number, as before
        return None
    parts = []
    for at, part in enumerate(_NAME_BREAK.split(rest)):
        if at % 2:
            parts.append(part.lower())
            continue
        words = part.split(" ")
        parts.append(
            " ".join(
                word if _NUMERAL.fullmatch(word) else word.capitalize() if index == 0 else word.lower()
                for index, word in enumerate(words)
            )
        )
    cased = _THE_DEPARTMENT.sub("Sở", kind.capitalize() + " " + "".join(parts))
    for words in _CAPITAL_WORDS:
        cased = re.sub(re.escape(words), words, cased, flags=re.IGNORECASE)
    return cased


def _says_retired(text: str) -> bool:
    key = f" {fold(text)} "
    return any(f" {word} " in key for word in RETIRED_WORDS)


def _a_total(texts: list[tuple[int, str]]) -> bool:
    """Whether a row is the list's total (“Tổng cộng: 48”, “Cộng” beside “48 người”): nobody's row."""
    if _ORDINAL.fullmatch(texts[0][1]) and len(texts) > 1:
        texts = texts[1:]
    words = " ".join(_WORD.findall(" ".join(text for _index, text in texts).lower()))
    word = next((word for word in TOTAL_WORDS if words == word or words.startswith(word + " ")), None)
    return word is not None and not any(ch.isalpha() for ch in _COUNTED_WORDS.sub("", words[len(word) :]))


def _numbers_the_columns(mapped: dict[str, str]) -> bool:
    """Whether a row right under the header only numbers its columns (“(1)”, “(2)”… or “A”, “B”…), as forms
    printed for offices do: nobody's row."""
    texts = [text for text in mapped.values() if text]
    return len(texts) > 1 and all(_COLUMN_NUMBER.fullmatch(text) for text in texts)


def _fill_merged(
    line: int, mapped: dict[str, str], header: dict[str, int], merges: Merged, by_line: dict[int, _RawRow]
) -> None:
    """Give an empty cell of `line` that a merge spans from a row above (“Khoa Nội” written once and merged
    down over its twelve people) what the merge's first row holds in that column; an empty cell no merge
    spans stays empty (docs/decisions/0258)."""
    for name, index in header.items():
        if mapped[name]:
            continue
        column = index + 1  # merged ranges count columns from 1
        for low, first, high, last in merges:
            if low <= column <= high and first < line <= last and first in by_line:
                mapped[name] = by_line[first].cells[name]
                break


def _read_csv(path: Path) -> _Sheet:
    try:
        text = csv_text(path.read_bytes())
        delimiter = csv_delimiter(
            text, lambda cells: len(_header_map(cells, unit_from_headings=True)), HEADER_SEARCH_ROWS
        )
        return _data_rows(csv_records(text, delimiter), path.name)
    except TableError as problem:
        if problem.reason == "utf16":
            raise StaffFileError(
                f'Tệp "{path.name}" được lưu dạng UTF-16. Trong Excel hãy chọn Lưu thành → "CSV UTF-8".'
            ) from None
        if problem.reason == "encoding":
            raise StaffFileError(
                f'Tệp "{path.name}" không phải mã UTF-8. Trong Excel hãy chọn Lưu thành → "CSV UTF-8 '
                '(phân cách bằng dấu phẩy)", hoặc gửi tệp .xlsx.'
            ) from None
        raise StaffFileError(f'Tệp "{path.name}" không đúng dạng CSV ({problem.detail}).') from None


def _read_workbook(path: Path) -> _Sheet:
    """The rows of the first sheet with a header, of an .xlsx or an old Excel workbook (.xls) alike, told
    apart by the file's first bytes whatever it is called (software names its exports as it likes). Both
    give a cell as `xlsx_sheets` does: a number typed in a phone column is an int (912345678) in either, and
    reads as 0912345678. An .xls keeps only a formula's last result, so that is what is read from it."""
    try:
        old = is_old_excel(path)
    except OSError:
        old = False  # the reader says what is wrong with it
    address: AddressNotUnit | None = None
    read: list[tuple[str, _Sheet, bool]] = []
    try:
        with closing(xls_sheets(path) if old else xlsx_sheets(path)) as sheets:
            for rows in sheets:
                try:
                    read.append((rows.title, _data_rows(rows, path.name), rows.hidden))
                except AddressNotUnit as problem:
                    address = address or problem
                except StaffFileError:
                    continue  # the list may be on a later sheet
    except StaffFileError:
        raise
    except TableError as problem:
        raise _unreadable_workbook(path, problem.detail) from None
    except Exception as problem:  # broken inside (a sheet's XML cut short): whatever the parser raised
        raise _unreadable_workbook(path, str(problem) or type(problem).__name__) from None
    if not read:
        raise address or _missing_header_error(path.name)
    # A sheet without units beside one with them is no list of a unit of its own: passed over, as before 2340.
    read = [one for one in read if not one[1].one_unit] or read
    kept, passed_over = _sheets_to_read(read)
    sheet = kept[0][1] if len(kept) == 1 else _sheets_as_one(kept)
    sheet.passed_over = passed_over
    return sheet


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _sheets_to_read(
    read: list[tuple[str, _Sheet, bool]],
) -> tuple[list[tuple[str, _Sheet]], list[tuple[str, str]]]:
    """Of the sheets holding a list, those to read, and those passed over with why (docs/decisions/0303): a
    hidden sheet (a lookup list, an old copy: nobody sees it as the list) where a sheet in sight holds one,
    and, where sheets name different years on their tabs (“2025”, “DS 2026”), one naming an earlier year
    than the latest named, last year's list kept beside this year's: read, its leavers and old units came
    back in, and “remove it and import again” came after the writes."""
    in_sight = any(not hidden for _title, _sheet, hidden in read)
    hidden = {title for title, _sheet, is_hidden in read if is_hidden and in_sight}
    years = {
        title: max(map(int, found))
        for title, _sheet, _hidden in read
        if title not in hidden and (found := _YEAR.findall(title))
    }
    latest = max(years.values()) if len(set(years.values())) > 1 else 0
    why = {title: "hidden" for title in hidden} | {t: str(y) for t, y in years.items() if y < latest}
    if any(title not in why and not _says_old(title) for title, _sheet, _hidden in read):
        why |= {title: "old" for title, _sheet, _hidden in read if title not in why and _says_old(title)}
    kept = [(title, sheet) for title, sheet, _hidden in read if title not in why]
    return kept, [(title, why[title]) for title, _sheet, _hidden in read if title in why]


# A tab's words, folded, saying its list is not today's (“DS cũ”, “Nghỉ hưu”, “Đã chuyển công tác”, “Lưu
# trữ”): passed over where another sheet holds a list, as an earlier year's is (docs/decisions/0325).
_OLD_SHEET_WORDS = (
    "nghi huu",
    "huu tri",
    "nghi viec",
    "da nghi",
    "da chuyen",
    "chuyen di",
    "luu tru",
    "old",
)


def _says_old(title: str) -> bool:
    """Whether a tab's words say its list is old; “cũ” as written, with its mark or none: folded, it is also
    “Cù Lao”, “Củ Chi”, “Cư Jút”, places a sheet is named after (docs/decisions/0327)."""
    key = f" {' '.join(_WORD.findall(fold(title)))} "
    written = _WORD.findall(nfc(title).lower())
    return "cũ" in written or "cu" in written or any(f" {words} " in key for words in _OLD_SHEET_WORDS)


SHEET_LINES = 10_000_000  # more rows than a sheet holds (1,048,576): a later sheet's lines come after


class SheetLine(int):
    """A line of one of several sheets of a workbook that holds the list (a hospital's “Lâm sàng” and “Cận
    lâm sàng”): it sorts after the lines of the sheets before it, and is said with its sheet wherever a
    line is said (“Dòng 5 (Cận lâm sàng): thiếu đơn vị”)."""

    shown: int
    sheet: str

    def __new__(cls, shown: int, sheet: str, index: int) -> SheetLine:
        line = super().__new__(cls, index * SHEET_LINES + shown)
        line.shown, line.sheet = shown, sheet
        return line

    def __str__(self) -> str:
        return f"{self.shown} ({self.sheet})"

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _sheets_as_one(read: list[tuple[str, _Sheet]]) -> _Sheet:
    """The lists of several sheets of one workbook as one, each line said with its sheet (`SheetLine`);
    each sheet was read with its own header, so a unit column on one sheet and heading rows on another are
    both read. The sheets read are said (`_Sheet.sheets`)."""

    def at(index: int, title: str, line: int) -> SheetLine:
        return SheetLine(line, title or str(index + 1), index)

    rows: list[_RawRow] = []
    footer: list[int] = []
    headings: list[Heading] = []
    totals: list[tuple[int, str]] = []
    places: list[tuple[int, str]] = []
    for index, (title, sheet) in enumerate(read):
        rows += [
            _RawRow(at(index, title, row.line), row.cells, row.retired, row.training) for row in sheet.rows
        ]
        footer += [at(index, title, line) for line in sheet.footer]
        for heading in sheet.headings:
            heading.line = at(index, title, heading.line)
            heading.lines = [at(index, title, line) for line in heading.lines]
        headings += sheet.headings
        totals += [(at(index, title, line), text) for line, text in sheet.totals]
        places += [(at(index, title, line), text) for line, text in sheet.places]
    first = read[0][1]
    return _Sheet(
        rows,
        list(dict.fromkeys(text for _title, sheet in read for text in sheet.unread)),
        all(sheet.has_phone for _title, sheet in read),
        footer,
        first.households,
        headings=headings,
        totals=totals,
        places=places,
        sheets=[(title, len(sheet.rows)) for title, sheet in read],
        one_unit=all(sheet.one_unit for _title, sheet in read),
    )


def _unreadable_workbook(path: Path, detail: str) -> StaffFileError:
    return StaffFileError(
        f'Không đọc được tệp Excel "{path.name}" ({detail}): tệp bị hỏng, hoặc không phải tệp Excel thật '
        '(có phần mềm xuất một trang web mà đặt tên .xls). Hãy mở tệp bằng Excel, chọn Lưu thành → "Excel '
        'Workbook (.xlsx)" rồi nhập lại tệp vừa lưu.'
    )


def read_staff_file(path: Path) -> _Sheet:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return _read_workbook(path)
    raise StaffFileError(
        f'Tệp "{path.name}" không phải .xlsx, .xls hoặc .csv. Hãy lưu danh sách thành tệp Excel (.xlsx '
        'hoặc .xls) hoặc "CSV UTF-8", ví dụ danh-sach-2026.xlsx.'
    )


# ---------------------------------------------------------------------------------------------------------
# Checking rows


@dataclass
class _StaffRow:
    line: int
    unit_name: str
    full_name: str
    name_key: str
    position: str | None
    position_key: str  # folded, "" when empty: with the name, tells people without a phone apart
    phone: str | None  # the number stored; with several in the cell, settled in planning
    roles: set[str]
    kind: str | None  # "staff" or "household"; None: the row does not say (a listed person keeps theirs)
    phone_cell: str = ""  # the cell as typed
    phones: tuple[str, ...] = ()  # every number read from the cell
    phone_unread: tuple[str, ...] = ()  # parts of the cell with digits that are no phone
    block: str | None = None  # the unit's Khối thi đua, when the file has the column and the cell says
    retired: str = ""  # a cell saying the person retired (`_retired_remark`)
    away_until: date | None = None  # the “Nghỉ đến” column's day: on long leave until then (decision 0789)
    training: bool = False  # that day written under “Đi học đến”: away on training, said so (decision 2013)
    dropped: str = ""  # a household's first role not granted (“thủ quỹ”): said with its head's invite (0639)


def _check_row(
    raw: _RawRow, default_kind: str | None = None, *, commune: bool = False
) -> tuple[_StaffRow | None, list[str], list[str]]:
    """The row, or None with the problems that make it skip; and what to warn about if it is kept.
    `default_kind`: what a row whose “Loại” is empty is (a commune's list of households says “household”);
    `commune`: the organisation is one, so an unknown role's examples are a commune's words."""
    cells = raw.cells
    problems: list[str] = []
    name = name_case(cells["full_name"])  # “HOÀNG NGỌC LAN”, “trần hữu lan”: as papers write them
    formulas = [what for what, field in (("họ và tên", "full_name"), ("đơn vị", "unit"))
                if cells[field].startswith("=")]  # fmt: skip
    if formulas:  # “=UPPER(C3)”, “=C2”: read as typed, it was a person and a unit of that name (0303)
        problems.append(
            f"ô {' và ô '.join(formulas)} là công thức, không phải chữ; hãy chọn các ô ấy, Sao chép rồi Dán "
            "đặc biệt → Giá trị (Paste Values), rồi nhập lại"
        )
        return None, problems, []
    if not name:
        problems.append("thiếu họ và tên")
    elif not any(ch.isalpha() for ch in name) and (alone := _phone_in_name(name)):  # a column to the left
        problems.append(
            f"ô họ và tên ghi “{name}”, là số điện thoại {alone}: anh/chị ghi số ấy ở cột số điện thoại, "
            "ô họ và tên ghi họ tên (ví dụ đúng: Nguyễn Văn An), rồi nhập lại"
        )
    elif not any(ch.isalpha() for ch in name):
        problems.append(f"ô họ và tên ghi “{name}”, không có chữ nào (ví dụ đúng: Nguyễn Văn An)")
    elif in_name := _phone_in_name(name):  # “Đỗ Văn Tùng 0905333444”: a phone pasted in (decision 1749)
        problems.append(
            f"ô họ và tên ghi “{name}”, có cả số điện thoại {in_name}: anh/chị ghi số ấy ở cột số điện "
            "thoại, ô họ và tên chỉ ghi họ tên (ví dụ đúng: Nguyễn Văn An), rồi nhập lại"
        )
    elif said := phone_in_words(name):  # “Đỗ Văn Tùng không chín không năm…”, read aloud (decision 1851)
        what = "là số điện thoại" if said.whole else f"có cả số điện thoại “{said.written}”"
        problems.append(
            f"ô họ và tên ghi “{name}”, {what} viết bằng chữ: anh/chị ghi số ấy bằng chữ số ở cột số điện "
            f"thoại ({_write_in_figures(said)}), ô họ và tên chỉ ghi họ tên (ví dụ đúng: Nguyễn Văn An), "
            "rồi nhập lại"
        )
    elif name.upper() in UNIT_ABBREVIATIONS:  # “BGH” over a person's phone: the board, not a name (0327)
        problems.append(
            f"ô họ và tên ghi “{cells['full_name']}”, tên viết tắt của đơn vị, không phải họ tên "
            "(ví dụ đúng: Nguyễn Văn An)"
        )
    elif len(name) > MAX_NAME:
        problems.append(f"họ và tên dài {len(name)} ký tự (tối đa {MAX_NAME})")
    unit = cells["unit"]
    if not unit:
        # A commune's clerk is shown its own units: a hamlet, the People's Committee (decision 0604).
        example = "Thôn 3, UBND xã" if commune else "Phòng Đào tạo, Khoa Nội"
        problems.append(f"thiếu đơn vị (ví dụ: {example})")
    elif len(unit) > MAX_UNIT_NAME:
        problems.append(f"tên đơn vị dài {len(unit)} ký tự (tối đa {MAX_UNIT_NAME})")
    position = cells["position"] or None
    if position and len(position) > MAX_POSITION:
        problems.append(f"chức vụ dài {len(position)} ký tự (tối đa {MAX_POSITION})")
    block = cells["block"] or None
    if block and len(block) > MAX_BLOCK:
        problems.append(f"tên khối thi đua dài {len(block)} ký tự (tối đa {MAX_BLOCK})")
    cell = read_phones(cells["phone"])
    roles, unknown, household_role = parse_roles(cells["role"])
    kind = KIND_WORDS.get(fold(cells["kind"])) if cells["kind"] else default_kind
    if household_role and kind == "staff":
        problems.append(
            f'cột "Loại" ghi "{cells["kind"]}" nhưng cột "Vai trò" ghi hộ gia đình; hãy sửa một trong hai'
        )
    if problems:
        return None, problems, []
    warnings = []
    away_until = _away_day(cells["away_until"], warnings)
    if cells["kind"] and kind is None:
        warnings.append(
            f'không rõ loại "{cells["kind"]}": đã nhập như cán bộ, hoặc giữ loại đã có ({KIND_HINT})'
        )
    if household_role:
        kind = "household"
    first_dropped = ""
    if kind == "household" and roles != {"member"}:
        held = [role for role in ROLES if role in roles and role != "member"]
        dropped = ", ".join(role_name(role, commune=commune) for role in held)
        warnings.append(f"hộ gia đình chỉ là thành viên, nên không được cấp vai trò {dropped}")
        first_dropped = held[0]
        roles = {"member"}
    if unknown:
        examples = COMMUNE_ROLE_EXAMPLES if commune else ROLE_EXAMPLES
        shown = ", ".join(f'"{word}"' for word in unknown)
        granted = ", ".join(role_name(role, commune=commune) for role in ROLES if role in roles)
        warnings.append(
            f"không rõ vai trò {shown}: đã nhập với vai trò {granted}, không cấp gì thêm. {examples}; "
            "nếu người này cần một vai trò khác, hãy sửa ô rồi nhập lại"
        )
    row = _StaffRow(
        raw.line,
        unit,
        name,
        fold(name)[:MAX_NAME],
        position,
        fold(position or ""),
        cell.phones[0] if cell.phones else None,
        roles,
        kind,
        phone_cell=cells["phone"],
        phones=cell.phones,
        phone_unread=cell.unread,
        block=block,
        retired=raw.retired,
        away_until=away_until,
        training=raw.training,
        dropped=first_dropped,
    )
    return row, [], warnings


_DIGITS_IN_NAME = re.compile(r"\+?\d[\d .\-()]{6,}\d")


def _phone_in_name(name: str) -> str | None:
    """The phone written in a name cell beside the name, as a list pasted from a directory has it; None for a
    name with no such number (“Nguyễn Văn An (1980)”: a year is no phone). Read as the phone column reads."""
    for digits in _DIGITS_IN_NAME.findall(name):
        if phone := normalize_phone(digits):
            return phone
    return None


# The digits as Vietnamese read a phone aloud (“không chín một hai…”) are the amounts' digit words
# (`numbers.DIGIT_WORDS`, spelt as `numbers.DIGITS_SPELT`: “bẩy” too). “Lẻ” and “linh”, the zero of the
# tens, are read apart (`_zero_word`): “Lê” and “Linh” are names. Nine or more digits in a row are a phone:
# no name holds so many.
_TOKEN = re.compile(r"\w+")
_TENS = "muoi"  # “mươi” after a digit (chín mươi: 90), “mười” (ten), folded alike


@dataclass(frozen=True)
class WordsPhone:
    """A phone written in words, as the cell has it, with what its digits read (None where no phone)."""

    written: str
    phone: str | None
    whole: bool  # the words are the whole cell


def _digit_word(token: str, *, tens: bool = False) -> str | None:
    """The digit a word says, or None: by the amounts' rule, a word with accents is a digit only spelt as
    one (`numbers.other_marks`: “Tú” is a name, not “tư”); “mốt” is one only after “mươi” (`tens`)."""
    spelt = token.casefold()
    if other_marks(spelt) or (spelt == "mốt" and not tens):
        return None
    digit = DIGIT_WORDS.get(fold(token))
    return None if digit is None else str(digit)


def _zero_word(token: str) -> bool:
    """Whether a word is “lẻ” or “linh”, the zero of the tens (“năm trăm linh ba”: 503): “Lê” is a name."""
    spelt = token.casefold()
    return spelt in ("lẻ", "linh") or (token.isascii() and spelt == "le")


def _hundreds_word(token: str) -> bool:
    """Whether a word is “trăm”, hundreds: unaccented only in lower case (“Trâm” and “Tram” are names)."""
    return token.casefold() == "trăm" or token == "tram"


def _tens_and_ones(tokens: list[re.Match[str]], at: int) -> tuple[str, int]:
    """The two digits said after “trăm”, from token `at`, and how many words said them, read by the amounts'
    one rule (`numbers.tens_and_ones`, decisions 2060, 2151): “lẻ ba” 03, “mười hai” 12, “bốn mươi lăm” 45,
    a digit alone its tens (“tư” 40), none of them (“năm trăm”) 00. Only words spelt as digits are read
    (“Tú”, “Lê” are names), and “mươi” never begins them."""
    words: list[str] = []
    for token in tokens[at : at + 3]:
        word = token[0]
        tens_word = fold(word) == _TENS and (bool(words) or word.casefold() != "mươi")
        if _digit_word(word, tens=True) is None and not _zero_word(word) and not tens_word:
            break
        words.append(fold(word))
    value, used = tens_and_ones(words, 0, after_hundreds=True)
    return f"{value:02d}", used


def phone_in_words(text: str) -> WordsPhone | None:
    """The phone a cell writes in words, wholly or partly (“không chín 1 hai 345 678”), or None: a run of
    nine digits or more said as words or figures, one word at least (figures alone are `read_phones`'s).
    Tens are read as said (decision 1903): “chín mươi mốt” 91, “năm mươi lăm” 55, “bốn mươi tư” 44, “ba
    mươi” 30, “mười hai” 12, “mười” 10; a run never begins with the tens' word (“Nguyễn Văn Mười” is a
    name), and a word with accents is a digit only spelt as one (“tư”, not “Tú”: a name). Hundreds too, with
    “lẻ” and “linh” (decision 1963): “không chín trăm mười hai” 0912, “năm trăm linh ba” 503, “hai trăm lẻ tư”
    204; “trăm” only after a digit's word, “lẻ” or “linh” only after “trăm” or, in lower case, between two
    digits' words (“không chín linh năm” 0905), so “Lê Thị Linh” and “Trần Thị Trâm” stay names."""
    tokens = list(_TOKEN.finditer(text))
    start = 0
    while start < len(tokens):
        end, digits, words = start, "", 0
        said = ""  # the digit the word before said, where it was a word: the tens of a “mươi” after it
        while end < len(tokens):
            token = tokens[end][0]
            if token.isascii() and token.isdigit():
                digits, said = digits + token, ""
            elif fold(token) == _TENS and end > start:
                # “chín mươi”: the word before was the tens; “mười” (or, unaccented, after no 2–9): a ten
                if not (said in "23456789" and said and token.casefold() != "mười"):
                    digits += "1"
                after = _digit_word(tokens[end + 1][0], tens=True) if end + 1 < len(tokens) else None
                if after is not None and after != "0":
                    digits, end = digits + after, end + 1
                else:
                    digits += "0"
                words, said = words + 1, ""
            elif said and _hundreds_word(token):  # “chín trăm”: the word before was the hundreds
                rest, used = _tens_and_ones(tokens, end + 1)
                digits, end, words, said = digits + rest, end + used, words + 1 + used, ""
            elif (
                said
                and token == token.lower()
                and _zero_word(token)
                and end + 1 < len(tokens)
                and _digit_word(tokens[end + 1][0]) is not None
            ):  # “chín linh năm”: a zero said between two digits
                digits, words, said = digits + "0", words + 1, ""
            elif (digit := _digit_word(token)) is not None:
                digits, words, said = digits + digit, words + 1, digit
            else:
                break
            end += 1
        if words and len(digits) >= 9:
            written = text[tokens[start].start() : tokens[end - 1].end()]
            return WordsPhone(written, normalize_phone(digits), written == text.strip())
        start = end + 1 if end == start else end
    return None


def _write_in_figures(words: WordsPhone) -> str:
    """What to write instead of a phone in words: its figures where they make a phone, else an example."""
    return words.phone or "ví dụ: 0912345678"


def _away_day(cell: str, warnings: list[str]) -> date | None:
    """The “Nghỉ đến” cell's day (31/03/2027, 2027-03-31, or a date cell), or None: empty, or not a day, which
    costs the row only its leave, with a warning and an example (decision 0789). A date cell that lost its
    format (Excel's day number, 46461, read as a bank statement's date column reads it: `read_day`) or kept
    its time (2027-03-15 08:00:00) is its day; a day among words (“15/3/2027 âm lịch”, a period) is none: it
    is not guessed (decision 0819)."""
    if not cell:
        return None
    try:
        return parse_full_day(cell.removesuffix(" 00:00:00"))  # a date cell of a workbook reads so
    except DateError:
        day = read_day(int(cell)) if cell.isdigit() else None
        with suppress(ValueError):
            day = day or datetime.fromisoformat(cell).date()
        if day is not None:
            return day
        warnings.append(
            f"cột “Nghỉ đến” ghi “{cell}”, không phải một ngày: chưa ghi nghỉ dài ngày; hãy ghi ngày cuối "
            "của kỳ nghỉ như 15/03/2027 rồi nhập lại"
        )
        return None


# ---------------------------------------------------------------------------------------------------------
# Planning: which unit and which person each row touches


@dataclass(eq=False)
class _UnitPlan:
    id: int | None  # None until a new unit is inserted
    code: str
    name: str
    block: str | None = None  # its Khối thi đua as the database holds it
    new_block: tuple[str, int] | None = None  # the file's, with the first line that names it


_Key = tuple[_UnitPlan, str, str]  # unit, name key, position key


@dataclass
class _PersonPlan:
    row: _StaffRow
    unit: _UnitPlan
    person_id: int | None  # None → a new person
    phone: str | None  # what to store: the row's phone, unless someone who joined by invite has it


@dataclass
class _Plan:
    people: list[_PersonPlan] = field(default_factory=list)
    new_units: list[_UnitPlan] = field(default_factory=list)
    blocks: list[_UnitPlan] = field(default_factory=list)  # units whose block the file sets or changes
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    # Listed people a skipped row names as perhaps theirs (its phone is theirs): not said to be absent.
    named: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _Known:
    """A person the organisation has, as planning needs them."""

    id: int
    unit_id: int | None
    name_key: str
    position: str | None
    phone: str | None
    full_name: str
    at_work: bool  # not recorded as gone (docs/decisions/0118)


@dataclass
class _Existing:
    """What the organisation already holds, read once before planning."""

    units: list[Unit]
    people: list[_Known]  # people on the list
    invited: list[_Known]  # people who joined by invite (not on the list): their phones are never taken
    roles: set[tuple[int, str, int | None]]  # person_id, role, unit_id
    # The names and codes units had before a rename or a merge (bot.domain.units.former_names), by unit_key.
    former: dict[str, int] = field(default_factory=dict)
    # The organisation's code where the report's commands must name it (`org_to_name`), else None.
    named: str | None = None

    @property
    def invited_phones(self) -> set[str]:
        return {person.phone for person in self.invited if person.phone}


async def _load_existing(session: AsyncSession, org_id: int) -> _Existing:
    from bot.domain.units import former_names  # it reads names as this module does (unit_key)

    units = list(await session.scalars(select(Unit).where(Unit.org_id == org_id).order_by(Unit.id)))
    people = await session.execute(
        select(
            Person.id,
            Person.unit_id,
            Person.name_key,
            Person.position,
            Person.phone,
            Person.full_name,
            Person.left_on.is_(None),
            Person.listed,
        )
        .where(Person.org_id == org_id)
        .order_by(Person.id)
    )
    known = [(_Known(*row[:7]), row[7]) for row in people]
    roles = await session.execute(
        select(RoleAssignment.person_id, RoleAssignment.role, RoleAssignment.unit_id).where(
            RoleAssignment.org_id == org_id
        )
    )
    return _Existing(
        units,
        [person for person, listed in known if listed],
        [person for person, listed in known if not listed],
        {(r.person_id, r.role, r.unit_id) for r in roles},
        await former_names(session, org_id),
    )


class UnitUnclear(Exception):
    """A unit's name typed without accents that reads as several units (`units_named`)."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(names)
        self.names = names


class _Units:
    """The unit a row names: an existing one (by name, else by code, compared as `unit_key`), or a new one
    planned under the first spelling the file uses. A name typed without accents (`units_named`) is the unit
    of the database or of the file's own names with accents that it alone reads as: the same whatever the
    rows' order; several are `UnitUnclear`."""

    def __init__(
        self,
        existing: list[Unit],
        new_units: list[_UnitPlan],
        former: dict[str, int] | None = None,
        file_names: Iterable[str] = (),
    ) -> None:
        self.by_id = {unit.id: _UnitPlan(unit.id, unit.code, unit.name, unit.block) for unit in existing}
        self.by_key: dict[str, _UnitPlan] = {}
        for unit in existing:
            self.by_key.setdefault(unit_key(unit.code), self.by_id[unit.id])
        names: dict[str, _UnitPlan] = {}
        for unit in existing:  # units made apart before names were compared this way: the oldest one
            names.setdefault(unit_key(unit.name), self.by_id[unit.id])
        self.by_key.update(names)  # a name match wins over a code match
        for key, unit_id in (former or {}).items():  # a name it had before a rename or a merge, last
            self.by_key.setdefault(key, self.by_id[unit_id])
        # What a name typed without accents may be: the units' names, then the file's own names with accents
        # that are no unit yet (a file's name without them never stands for one with them).
        self.spelled: list[tuple[str, _UnitPlan | str]] = [
            (unit.name, self.by_id[unit.id]) for unit in existing
        ]
        self.spelled += [(key, self.by_id[unit_id]) for key, unit_id in (former or {}).items()]
        spellings: dict[str, str] = {}  # each name once, as the file first writes it: not once a row
        for name in file_names:
            spellings.setdefault(unit_key(name), name)
        self.spelled += [
            (name, name) for key, name in spellings.items() if not unmarked(name) and key not in self.by_key
        ]
        self.taken_codes = {unit.code for unit in existing}
        self.new_units = new_units
        self.read: dict[str, list[_UnitPlan | str]] = {}  # what a name without accents was read as

    def named(self, name: str) -> _UnitPlan:
        key = unit_key(name)
        unit = self.by_key.get(key)
        if unit is None:
            if key not in self.read:
                self.read[key] = units_named(
                    name, [(other, unit) for other, unit in self.spelled if unit_key(other) != key]
                )
            found = self.read[key]
            if len(found) > 1:
                raise UnitUnclear(
                    sorted(
                        {other.name if isinstance(other, _UnitPlan) else other for other in found},
                        key=sort_key,
                    )
                )
            if found and isinstance(found[0], _UnitPlan):
                self.by_key[key] = found[0]  # the next row that writes it so
                return found[0]
            if found:  # a name of the file with its accents: the unit is made under that spelling
                name, key = str(found[0]), unit_key(str(found[0]))
                unit = self.by_key.get(key)
        if unit is None:
            unit = _UnitPlan(None, unit_code_for(name, self.taken_codes), name)
            self.taken_codes.add(unit.code)
            self.by_key[key] = unit
            self.new_units.append(unit)
        return unit


def _unclear_unit_error(row: _StaffRow, names: list[str]) -> RowError:
    either = " hoặc ".join(f'"{name}"' for name in names)
    return RowError(
        row.line,
        f'Dòng {row.line}: đơn vị "{row.unit_name}" viết {"không" if unmarked(row.unit_name) else "thiếu"} '
        f"dấu có thể là {either}; anh/chị hãy ghi "
        f'tên đơn vị có dấu như đã có, ví dụ "{names[0]}"',
    )


def _namesakes_hint(row: _StaffRow) -> str:
    """What tells two rows of one name apart: their phones; for households, which mostly have none (a hamlet
    officer records for them), what the position column says of each, as the chat's lists show it
    (decisions 0259, 0484)."""
    if row.kind == "household":
        return (
            "nếu là hai hộ khác nhau, anh/chị hãy ghi vào cột Chức vụ điểm phân biệt hai hộ, "
            'ví dụ "Tổ 2" hay "Xóm Trên" (hoặc số điện thoại của hộ, nếu có)'
        )
    return "nếu là hai người khác nhau, anh/chị hãy ghi số điện thoại cho cả hai"


def _described(row: _StaffRow) -> str:
    return f'"{row.full_name}" ({row.position})' if row.position else f'"{row.full_name}"'


def _plan(rows: list[_StaffRow], existing: _Existing) -> _Plan:
    """Decide each row's unit and person.

    The matching depends on the file and the database only, never on the order of rows, so an import
    killed midway and run again makes the same decisions for the rows it had not written yet:
    - a row with a phone updates the listed person with that phone (whose name may be corrected: at most
      NEAR_LETTERS letters off, same unit; else the row is refused); else a listed person without a phone
      of the same unit, name and position (a phone added later), unless a row without a phone claims
      that key too;
    - a row without a phone (or with one that belongs to someone who joined by invite) updates the listed
      person of the same unit, name and position, preferring one without a phone, and never one whose
      phone is in the file (that row is theirs);
    - a row that would still make a new person is set against the listed people at work that no row found
      (`_second_look`): a new phone for the same unit, name and position, or, without a phone, another
      position for the same unit and name, is the same person when exactly one row and one person fit."""
    plan = _Plan()
    units = _Units(existing.units, plan.new_units, existing.former, (row.unit_name for row in rows))
    held = {person.phone: person.name_key for person in existing.people if person.phone}
    invited_phones = existing.invited_phones
    said = _shared_desk_phones(rows, plan.warnings)
    for row in rows:
        if row.line not in said:
            _settle_phone(row, held, plan.warnings)

    # The file against itself: one row per phone, and one per (unit, name, position) among rows without one.
    accepted: list[tuple[_StaffRow, _UnitPlan, str | None]] = []
    phone_lines: dict[str, int] = {}
    phone_rows: dict[str, _StaffRow] = {}
    key_lines: dict[_Key, int] = {}
    for row in rows:
        if row.phone is not None and row.phone in phone_lines:
            plan.errors.append(_phone_again(row, phone_rows[row.phone]))
            continue
        try:
            unit = units.named(row.unit_name)
        except UnitUnclear as unclear:
            plan.errors.append(_unclear_unit_error(row, unclear.names))
            continue
        _note_block(row, unit, plan)
        phone = row.phone if row.phone not in invited_phones else None
        key = (unit, row.name_key, row.position_key)
        if phone is None and key in key_lines:
            plan.errors.append(_row_again(row, unit, key_lines[key]))
            continue
        if row.phone is not None:
            phone_lines[row.phone] = row.line
            phone_rows[row.phone] = row
        if phone is None:
            key_lines[key] = row.line
        accepted.append((row, unit, phone))
    listed = {person.id: person for person in existing.people}
    phone_of = {person.id: person.phone for person in existing.people}
    by_phone = {person.phone: person.id for person in existing.people if person.phone}
    by_key: dict[_Key, list[int]] = {}
    for person in existing.people:
        if person.unit_id in units.by_id:
            key = (units.by_id[person.unit_id], person.name_key, fold(person.position or ""))
            by_key.setdefault(key, []).append(person.id)
    # keys a listed person without a phone holds: a bare row of one may be hers (decision 1762)
    waiting = {key for key, ids in by_key.items() if any(phone_of[pid] is None for pid in ids)}
    # names a listed person holds whom no phone of the file finds: a bare row without a position may be hers
    unfound = {(unit, name) for (unit, name, _), ids in by_key.items()
               if any(phone_of[pid] is None or phone_of[pid] not in phone_lines for pid in ids)}  # fmt: skip
    accepted = _written_again_without_a_phone(accepted, key_lines, plan.errors, waiting, unfound)

    claimed: set[int] = set()
    matched: list[_PersonPlan] = []
    for row, unit, phone in accepted:
        same = by_key.get((unit, row.name_key, row.position_key), [])
        unphoned = [pid for pid in same if phone_of[pid] is None and pid not in claimed]
        if (
            row.phone is None
            and row.phone_unread
            and any(phone_of[pid] is not None and phone_of[pid] not in phone_lines for pid in same)
        ):  # the unread number may be theirs or a namesake's: only the phone can tell
            plan.errors.append(_unreadable_phone_error(row, unit))
            continue
        if phone is not None and phone in by_phone:
            owner = listed[by_phone[phone]]
            if owner.name_key != row.name_key and not _name_corrected(row, unit, owner):
                # a mistyped phone must not hand over a record
                plan.errors.append(
                    _someone_elses_phone(row, owner, units.by_id.get(owner.unit_id), existing.named)
                )
                plan.named.add(owner.id)  # the line names them: not absent too
                continue
            candidates = [owner.id]
        elif phone is not None:
            candidates = [] if (unit, row.name_key, row.position_key) in key_lines else unphoned
        else:
            candidates = unphoned or [pid for pid in same if phone_of[pid] not in phone_lines]
        if len(candidates) > 1:
            plan.errors.append(_ambiguous(row, unit, candidates, phone_of))
            continue
        person_id = candidates[0] if candidates else None
        if person_id is not None:
            claimed.add(person_id)
        matched.append(_PersonPlan(row, unit, person_id, phone))
    plan.people = _second_look(matched, existing.people, set(phone_lines), plan.errors, existing.named)
    return plan


def _written_again_without_a_phone(
    accepted: list[tuple[_StaffRow, _UnitPlan, str | None]],
    key_lines: dict[_Key, int],
    errors: list[RowError],
    waiting: set[_Key],
    unfound: set[tuple[_UnitPlan, str]],
) -> list[tuple[_StaffRow, _UnitPlan, str | None]]:
    """The rows without a phone of the unit, name and position of a row with one: the same person pasted
    twice, once with the phone and once bare or without the accents (“Phạm Thu Hằng” and “Pham Thu Hang”),
    skipped as the file's repeats are, whichever comes first; the row with the phone stays. Kept, the bare
    row made a second person of her at every import (decision 1748). A row whose phone cell holds a number
    not read is a namesake with a phone of their own, as before (decision 0042). Nor is a bare row skipped
    where a listed person without a phone holds its key (`waiting`): she may be a namesake the list had
    before, whose record the row with the phone would otherwise take (decision 1762).

    A bare row whose position is empty too (“Pham Thu Hang”, nothing else) is the repeat of the one row with
    a phone of its unit and name where the file has no other row of them and no listed person of them waits
    that no phone of the file finds (`unfound`): so written, it names nobody else (decision 1848)."""
    phoned = {}
    others: dict[tuple[_UnitPlan, str], list[_StaffRow]] = {}
    for row, unit, _ in accepted:
        if row.phone is not None:
            phoned.setdefault((unit, row.name_key, row.position_key), row.line)
        if row.phone is not None or row.phone_unread or row.position_key:
            others.setdefault((unit, row.name_key), []).append(row)
    for (unit, name), alike in others.items():
        if len(alike) == 1 and alike[0].phone is not None and (unit, name) not in unfound:
            phoned.setdefault((unit, name, ""), alike[0].line)
    kept = []
    for row, unit, phone in accepted:
        key = (unit, row.name_key, row.position_key)
        # a garbled number is another's; a record waiting bare of the key may be the bare row's own
        if row.phone is None and not row.phone_unread and key in phoned and key not in waiting:
            errors.append(_row_again(row, unit, phoned[key], with_phone=True))
            if key_lines.get(key) == row.line:
                del key_lines[key]  # the row with the phone may take a listed record still without one
            continue
        kept.append((row, unit, phone))
    return kept


def _row_again(row: _StaffRow, unit: _UnitPlan, first: int, *, with_phone: bool = False) -> RowError:
    """A row skipped as the file's repeat of its line `first`, of the same unit, name and position: two rows
    without a phone, or one without beside one with it (`with_phone`, decision 1748); with what tells
    namesakes apart (`_namesakes_hint`)."""
    line = f"{first}, dòng có số điện thoại" if with_phone else f"{first}"
    return RowError(
        row.line,
        f'Dòng {row.line}: {_described(row)} ở đơn vị "{unit.name}" trùng với dòng {line}; '
        f"{_namesakes_hint(row)}",
    )


def _phone_again(row: _StaffRow, first: _StaffRow) -> RowError:
    """A row whose phone an earlier row has. Of the same name, it is that person written again, often under a
    second unit she also works for: a person is one row of one unit, and a role elsewhere is granted by name
    after the import; of another name, two people on one number."""
    if first.name_key != row.name_key:
        message = f"số điện thoại {row.phone} trùng với dòng {first.line} (mỗi người một số)"
        return RowError(row.line, f"Dòng {row.line}: {message}")
    message = (
        f'{_described(row)} đã có ở dòng {first.line} (đơn vị "{first.unit_name}") với cùng số điện thoại '
        f"{row.phone}; mỗi người chỉ có một dòng, ở một đơn vị, nên dòng này không được nhập"
    )
    if unit_key(first.unit_name) != unit_key(row.unit_name):
        message += (
            f'. Nếu người này làm thêm việc ở đơn vị "{row.unit_name}", hãy cấp vai trò ở đó sau khi nhập '
            "(Phân quyền trong chat)"
        )
    return RowError(row.line, f"Dòng {row.line}: {message}")


def _name_corrected(row: _StaffRow, unit: _UnitPlan, owner: _Known) -> bool:
    """Whether the row's name is the phone's owner's written better: the same unit, and at most NEAR_LETTERS
    letters off the whole folded name (“Đặng Quốc Huy” → “Đặng Quốc Duy”)."""
    return (
        unit.id is not None
        and owner.unit_id == unit.id
        and letters_off(row.name_key, owner.name_key) <= NEAR_LETTERS
    )


def _second_look(
    matched: list[_PersonPlan],
    listed: list[_Known],
    file_phones: set[str],
    errors: list[RowError],
    named: str | None = None,
) -> list[_PersonPlan]:
    """The rows that would make a new person, set against the listed people at work whom no row found and
    whose phone the file does not give (those the report would name as not on the new list):
    - a row with a phone nobody has, and a person of the same unit, name and position with another phone:
      the phone changed;
    - a row without a phone, and a person without one of the same unit and name: the position changed.
    Exactly one row and one person of the same key are one person; more of either is said, never guessed
    (the row is skipped: a wrong guess would hand one person's record, account and roles to another)."""
    found = {item.person_id for item in matched if item.person_id is not None}
    free = [
        person
        for person in listed
        if person.at_work
        and person.id not in found
        and (person.phone is None or person.phone not in file_phones)
    ]

    def row_key(item: _PersonPlan) -> tuple[object, ...] | None:
        row = item.row
        if item.phone is not None and item.phone == row.phone:  # a phone of nobody's
            return ("phone", item.unit.id, row.name_key, row.position_key)
        if row.phone is None and not row.phone_unread:
            return ("position", item.unit.id, row.name_key)
        return None

    people: dict[tuple[object, ...], list[_Known]] = {}
    for person in free:
        if person.phone is not None:
            key: tuple[object, ...] = ("phone", person.unit_id, person.name_key, fold(person.position or ""))
        else:
            key = ("position", person.unit_id, person.name_key)
        people.setdefault(key, []).append(person)
    rows: dict[tuple[object, ...], list[_PersonPlan]] = {}
    for item in matched:
        if item.person_id is None and item.unit.id is not None and (key := row_key(item)) is not None:
            rows.setdefault(key, []).append(item)

    kept: list[_PersonPlan] = []
    for item in matched:
        key_or_none = row_key(item) if item.person_id is None and item.unit.id is not None else None
        fits = people.get(key_or_none, []) if key_or_none is not None else []
        if fits:
            same_rows = rows[key_or_none]  # type: ignore[index]
            if len(fits) > 1 or len(same_rows) > 1:
                errors.append(_not_guessed(item, fits, same_rows, named))
                continue
            if _written_alike(item.row.full_name, fits[0].full_name):
                item.person_id = fits[0].id
        kept.append(item)
    return kept


def _namesakes_in_a_unit(rows: Sequence[_StaffRow]) -> list[RowWarning]:
    """Rows of one name in one unit with different phones are two people, and imported so: said in one line
    naming the rows, at the first of them, for the office to see a row written twice with a new number
    (decision 1588). Nothing else changes."""
    found: dict[tuple[str, str], list[_StaffRow]] = {}
    for row in rows:
        if row.phone is not None:
            found.setdefault((unit_key(row.unit_name), row.name_key), []).append(row)
    said = []
    for alike in found.values():
        if len({row.phone for row in alike}) > 1:
            lines = [str(row.line) for row in alike]
            listed = ", ".join(lines[:-1]) + f" và {lines[-1]}"
            said.append(
                RowWarning(
                    alike[0].line,
                    f"Dòng {listed}: cùng tên “{alike[0].full_name}” trong “{alike[0].unit_name}”, số điện "
                    "thoại khác nhau: đã nhập thành những người khác nhau; nếu là một người, anh/chị giữ "
                    "một dòng với số đúng",
                )
            )
    return said


def _written_alike(typed: str, stored: str) -> bool:
    """The same name as written, case aside, or one of the two written without its accents: a new phone or
    position is found on a person only so. “Bùi Văn Lòng” on a new phone is not “Bùi Văn Long” (a finding
    from outside: the import handed Long's record, account and officer role to a new colleague)."""
    return (
        " ".join(typed.casefold().split()) == " ".join(stored.casefold().split())
        or accents_dropped(typed, stored)
        or accents_dropped(stored, typed)
    )


def _note_block(row: _StaffRow, unit: _UnitPlan, plan: _Plan) -> None:
    """A unit's Khối thi đua as the file names it: the first row that names one decides; a row naming
    another is warned about (its person is imported all the same). A file without the column, or an empty
    cell, leaves the unit's block as it is."""
    if row.block is None:
        return
    if unit.new_block is None:
        unit.new_block = (row.block, row.line)
        if unit.block is None or fold(unit.block) != fold(row.block):
            plan.blocks.append(unit)
    elif fold(unit.new_block[0]) != fold(row.block):
        block, line = unit.new_block
        plan.warnings.append(
            RowWarning(
                row.line,
                f'Dòng {row.line}: đơn vị "{unit.name}" đã được xếp vào khối "{block}" ở dòng {line}, nên '
                f'không xếp vào khối "{row.block}"; mỗi đơn vị thuộc một khối thi đua',
            )
        )


def _settle_phone(row: _StaffRow, held: dict[str, str], warnings: list[RowWarning]) -> None:
    """The number a row stores when its cell is not one plain number, and the warning that says so.

    Of several numbers, the first one; but one that a listed person of the row's name already holds wins,
    so the person is found again and keeps the number they may have claimed their record with. A cell
    with digits but no number imports the person without a phone (planning may still skip the row,
    `_unreadable_phone_error`); a cell without any digit ("Zalo", "không có") is read as empty."""
    cell = f'ô số điện thoại "{row.phone_cell}"'
    mobile = next((phone for phone in row.phones if not _a_desk_phone(phone)), None)
    # Beside a mobile, an office's or a home's desk phone (“0912 345 678 / 024 3825 1234”, or the columns
    # “Di động” and “Điện thoại cơ quan”) is no one's own number: left out without a word, even written
    # the old way (“0243 456 789”, read as no number). Any other part left out is said.
    unread = [part for part in row.phone_unread if mobile is None or not _a_desk_phone(part)]
    if len(row.phones) > 1:
        first = mobile or row.phones[0]
        row.phone = next((phone for phone in row.phones if held.get(phone) == row.name_key), first)
        kept = " (số đã có trong danh sách)" if row.phone != first else ""
        left = [phone for phone in row.phones if phone != row.phone]
        if row.phone == mobile and not unread and all(_a_desk_phone(phone) for phone in left):
            return
        message = f"{cell} có {len(row.phones)} số; đã ghi {row.phone}{kept}, không ghi {', '.join(left)}"
    elif row.phones and unread:
        message = f"{cell} có phần không đọc được; đã ghi {row.phone}"
    elif row.phones and row.phone_unread:
        return
    elif row.phone is None and (said := phone_in_words(row.phone_cell)):  # read aloud (decision 1851)
        message = (
            f"{cell} ghi số bằng chữ nên đã nhập {_described(row)} không kèm số điện thoại; anh/chị ghi số "
            f"bằng chữ số ({_write_in_figures(said)}) rồi nhập lại, vì không có số thì người này không nhận "
            "được hồ sơ của mình khi tham gia"
        )
    elif row.phone_unread:
        message = (
            f"không đọc được {cell} (ví dụ đúng: 0912345678) nên đã nhập {_described(row)} không kèm số "
            "điện thoại; hãy sửa ô này rồi nhập lại, vì không có số thì người này không nhận được hồ sơ "
            "của mình khi tham gia"
        )
    elif row.phone is None and row.phone_cell:
        message = f"{cell} không có số nào nên được coi là để trống"
    else:
        return
    warnings.append(RowWarning(row.line, f"Dòng {row.line}: {message}"))


def _a_desk_phone(text: str) -> bool:
    """Whether a number, or a part of a cell read as none, is a desk phone's: its digits begin with 02, as
    every landline's in Vietnam (“024 3825 1234”, “(0243) 456 789”)."""
    return "".join(_DIGITS.findall(text)).startswith("02")


def _shared_desk_phones(rows: list[_StaffRow], warnings: list[RowWarning]) -> set[int]:
    """A desk phone written on several rows (the office's line in the column “Điện thoại cơ quan”) is
    nobody's own: taken off each of them before a number is chosen, so a row without a mobile is matched and
    made as a row without a phone, never skipped as a duplicate of the first. Such a row is said, with what
    to write; the lines said are returned (docs/decisions/0292)."""
    rows_of: dict[str, int] = {}
    for row in rows:
        for phone in row.phones:
            if _a_desk_phone(phone):
                rows_of[phone] = rows_of.get(phone, 0) + 1
    shared = {phone for phone, count in rows_of.items() if count > 1}
    said: set[int] = set()
    for row in rows:
        if not shared.intersection(row.phones):
            continue
        desk = next(phone for phone in row.phones if phone in shared)
        row.phones = tuple(phone for phone in row.phones if phone not in shared)
        row.phone = row.phones[0] if row.phones else None
        if row.phone is None and not row.phone_unread:
            warnings.append(
                RowWarning(
                    row.line,
                    f"Dòng {row.line}: số máy bàn {desk} ghi ở {rows_of[desk]} dòng, là số chung của cơ quan "
                    f"nên không ghi cho {_described(row)}; hãy ghi số di động của người này (ví dụ "
                    "0912345678) rồi nhập lại, để khi tham gia người này nhận được hồ sơ của mình",
                )
            )
            said.add(row.line)
    return said


def _unreadable_phone_error(row: _StaffRow, unit: _UnitPlan) -> RowError:
    """A row whose phone cannot be read, where a listed person of the same unit, name and position has a
    phone no row of the file gives: the unread number may be theirs (the row would update them) or a
    namesake's (a second person), and without it the row would be taken for them."""
    return RowError(
        row.line,
        f'Dòng {row.line}: không đọc được ô số điện thoại "{row.phone_cell}", mà đơn vị "{unit.name}" đã có '
        f"{_described(row)} với một số điện thoại khác trong danh sách; không rõ có phải cùng một người nên "
        "dòng này chưa được nhập; hãy sửa ô số điện thoại (ví dụ đúng: 0912345678)",
    )


def _ambiguous(
    row: _StaffRow, unit: _UnitPlan, candidates: list[int], phone_of: dict[int, str | None]
) -> RowError:
    """Several listed people fit the row: namesakes told apart by their phones, which the row lacks; or
    records without a phone duplicated before the import checked keys, which no row can tell apart."""
    if all(phone_of[pid] is not None for pid in candidates):
        why = "hãy ghi số điện thoại để biết là ai"
    else:
        why = "không biết dòng này là ai; cần bỏ bớt các hồ sơ trùng trước"
    return RowError(
        row.line,
        f'Dòng {row.line}: đơn vị "{unit.name}" đã có {len(candidates)} người {_described(row)} '
        f"trong danh sách; {why}",
    )


def _someone_elses_phone(
    row: _StaffRow, owner: _Known, unit: _UnitPlan | None, named: str | None = None
) -> RowError:
    """The row's phone belongs to a listed person of another name (not one a few letters off in the same
    unit: `_name_corrected`): updating them would give the row's person that record, with its account and
    roles. The line says whose the phone is and the three ways out: the phone mistyped; the row that
    person's, written with the name the list has; or that person's new name (a family name taken at
    marriage), which the office records by hand (`people rename`) before the list can say it. The person is
    then not named among those the file lacks: the line is about them."""
    where = f", {unit.name}" if unit is not None else ""
    return RowError(
        row.line,
        f"Dòng {row.line}: số điện thoại {row.phone} đã là của {owner.full_name} (mã số {owner.id}{where}) "
        f"trong danh sách, nên dòng {_described(row)} không được nhập. Nếu số gõ nhầm, hãy sửa số điện "
        f'thoại của dòng này; nếu dòng này đúng là {owner.full_name}, hãy ghi tên "{owner.full_name}" như '
        "danh sách đã có; nếu là cùng người đổi tên: "
        + command(f'people rename {owner.id} "{row.full_name}"', named)
        + ". Rồi nhập lại",
    )


def _not_guessed(
    item: _PersonPlan, fits: list[_Known], rows: list[_PersonPlan], named: str | None = None
) -> RowError:
    """A row that may be a listed person with a new phone or position, where more than one row or person
    fits: said, never guessed."""
    row = item.row
    ids = ", ".join(str(person.id) for person in fits)
    lines = ", ".join(str(other.row.line) for other in rows)
    what = "số điện thoại khác" if item.phone is not None else "chức vụ khác"
    return RowError(
        row.line,
        f'Dòng {row.line}: đơn vị "{item.unit.name}" có {len(fits)} người tên "{row.full_name}" với {what} '
        f"không có trong tệp (mã số {ids}), và tệp có {len(rows)} dòng như vậy (dòng {lines}); không đoán "
        "được là ai nên dòng này chưa được nhập. Người đã nghỉ thì ghi nghỉ "
        f"({command('people leave MÃ_SỐ', named)}), "
        "hoặc ghi cho dòng này số điện thoại và chức vụ như danh sách đã có, rồi nhập lại",
    )


_DAY = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def _said_retired(item: _PersonPlan, named: str | None) -> RowWarning:
    """A row whose position or note says the person retired (“Nghỉ hưu từ 01/01/2027”): imported as written,
    at work, with the command that records the leaving, on the day the cell gives (one ahead is planned:
    decision 0270). A leaving is never guessed from a note: “chờ nghỉ hưu” is someone at work."""
    row = item.row
    day = _DAY.search(row.retired)
    on = f"--on {int(day[1]):02d}/{int(day[2]):02d}/{day[3]}" if day else "[--on NGÀY/THÁNG/NĂM]"
    return RowWarning(
        row.line,
        f"Dòng {row.line}: {row.full_name} ghi “{row.retired}”: đã nhập như người đang làm việc; nếu đã nghỉ "
        "hoặc sẽ nghỉ: " + command(f"people leave {item.person_id} {on}", named),
    )


def _household_role(item: _PersonPlan, named: str | None, *, commune: bool) -> RowWarning:
    """A household's row naming a role it is not granted (“thủ quỹ”, “trưởng thôn”): the invite that gives it
    to the household's head in a record of his own, as `people grant` says (decision 0639), the role named as
    the organisation names it (a commune's officer is the Front's: decision 0655)."""
    row = item.row
    role = role_name(row.dropped, commune=commune)
    return RowWarning(
        row.line,
        f"Dòng {row.line}: {row.full_name} là hộ gia đình; nếu chủ hộ giữ vai trò {role}, "
        "hãy tạo mã mời cho người đó: "
        + command(f"invite create --unit {item.unit.code} --role {row.dropped}", named)
        + "; tham gia bằng mã ấy, người đó có hồ sơ riêng, hộ vẫn ở trong danh sách",
    )


def _invited_phone_warning(row: _StaffRow) -> RowWarning:
    return RowWarning(
        row.line,
        f"Dòng {row.line}: số điện thoại {row.phone} là của một người đã tham gia bằng mã mời nên chưa "
        f"được ghi cho {_described(row)}; nếu là cùng một người, cán bộ hãy gộp hai hồ sơ",
    )


def _joined_before_listed(
    item: _PersonPlan, invited: list[_Known], unit_names: dict[int, str], named: str | None = None
) -> list[RowWarning]:
    """Someone who joined by invite (unlisted) whom the row may be: the row's phone is theirs, or they have
    the row's name (accents and case aside), in the row's unit or another one (an invite code of another
    unit was at hand: the line names their unit). Never merged by the import: a name is typed by whoever
    joins, and the list's record carries its roles (docs/decisions/0135); the report gives the command that
    merges them, with the real ids."""
    row, listed_id = item.row, item.person_id
    said: list[RowWarning] = []
    for person in invited:
        who = f"{person.full_name} (mã số {person.id})"
        if row.phone is not None and person.phone == row.phone:
            what = (
                f"số điện thoại {row.phone} là của {who}, người đã tham gia bằng mã mời, nên chưa được ghi "
                f"cho {_described(row)} (mã số {listed_id})"
            )
        elif person.name_key == row.name_key:
            joined = listed = ""
            if person.unit_id != item.unit.id:
                if person.unit_id in unit_names:
                    joined = f' vào đơn vị "{unit_names[person.unit_id]}"'
                listed = f' ở đơn vị "{item.unit.name}"'
            what = (
                f"{who} đã tham gia bằng mã mời{joined} trước khi có tên trong danh sách; dòng "
                f"{_described(row)}{listed} là hồ sơ mã số {listed_id}"
            )
        else:
            continue
        said.append(
            RowWarning(
                row.line,
                f"Dòng {row.line}: {what}. Nếu là cùng một người, hãy gộp hai hồ sơ: "
                + command(f"people merge {person.id} {listed_id}", named),
            )
        )
    return said


# ---------------------------------------------------------------------------------------------------------
# Writing


def _insert_ignoring_conflicts(session: AsyncSession, model: type) -> Any:
    """INSERT … ON CONFLICT DO NOTHING in the session's dialect."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model).on_conflict_do_nothing()


def _update_person(person: Person, item: _PersonPlan) -> None:
    row = item.row
    person.unit_id = item.unit.id
    if not accents_dropped(row.full_name, person.full_name):
        person.full_name = row.full_name
    person.name_key = row.name_key
    if row.kind:  # a row that does not say keeps what is known (a household stays one)
        person.kind = row.kind
    person.listed = True
    if row.position:  # an empty cell never erases what is known
        person.position = row.position
    if item.phone:
        person.phone = item.phone


@dataclass
class _Notes:
    """What the writes have to say, row by row: warnings, and the changes to people already on the list."""

    warnings: list[RowWarning]
    changes: list[RowChange] = field(default_factory=list)
    units: dict[int, Unit] = field(default_factory=dict)  # the units there were, by id (a move names both)
    changed: set[int] = field(default_factory=set)  # the listed people with a line in `changes`
    # The quiet hours and language of the notices to people whose roles the import changes.
    settings: Settings | None = None
    named: str | None = None  # the organisation's code for the report's commands (`org_to_name`)
    commune: bool = False  # roles named as a commune names them: its officers the Front's (decision 0655)


KIND_SAID = {"staff": "cán bộ", "household": "hộ gia đình"}


def _what_changed(before: Person, item: _PersonPlan, units: dict[int, Unit]) -> list[str]:
    """The changes to a listed person the clerk should check, said as they read (`before` not yet updated):
    every change of the stored name but accents added to a name stored without them (a tone mark is another
    name: “Tâm” → “Tám”), a phone or a position changed or written where there was none, the kind, a move to
    another unit (docs/decisions/0134)."""
    row, said = item.row, []
    code = item.unit.code
    if (
        before.full_name != row.full_name
        and not accents_dropped(row.full_name, before.full_name)  # kept as stored
        and not accents_dropped(before.full_name, row.full_name)  # accents added: written better
    ):
        said.append(f"sửa tên: {before.full_name} → {row.full_name} ({code})")
    if item.phone and before.phone and item.phone != before.phone:
        said.append(f"đổi số điện thoại: {row.full_name} ({code}): {before.phone} → {item.phone}")
    elif item.phone and not before.phone:
        said.append(f"thêm số điện thoại: {row.full_name} ({code}): {item.phone}")
    if row.position and before.position and fold(before.position) != row.position_key:
        said.append(f"đổi chức vụ: {row.full_name} ({code}): {before.position} → {row.position}")
    elif row.position and not before.position:
        said.append(f"ghi chức vụ: {row.full_name} ({code}): {row.position}")
    if row.kind and row.kind != before.kind:
        was = KIND_SAID.get(before.kind, before.kind)
        said.append(f"đổi loại: {row.full_name} ({code}): {was} → {KIND_SAID.get(row.kind, row.kind)}")
    if before.unit_id != item.unit.id:
        old = units.get(before.unit_id) if before.unit_id is not None else None
        was = old.name if old else "chưa có đơn vị"
        said.append(f"chuyển đơn vị: {row.full_name}: {was} → {item.unit.name}")
    return said


def _roles_kept(
    before: Person, item: _PersonPlan, roles: set[tuple[int, str, int | None]], notes: _Notes
) -> list[str]:
    """The unit's roles a person keeps though their row, in the same unit, gives another position and not the
    role (a head of department who is a doctor again, “Trưởng khoa” → “Bác sĩ”, the cell emptied): a list
    never takes a role away, so each is said with the revoke that ends it, lest the former head read the
    unit's digest beside the new one (docs/decisions/1364). Not for someone recorded as gone: their roles
    went with the leaving."""
    row = item.row
    if (
        before.left_on is not None
        or before.unit_id != item.unit.id
        or not (row.position and before.position and fold(before.position) != row.position_key)
    ):
        return []
    return [
        f"{row.full_name} vẫn là {describe(role, item.unit.code, commune=notes.commune)}: "
        "danh sách không lấy lại vai trò; nếu không còn: "
        + command(f"people revoke {before.id} {role} --unit {item.unit.code}", notes.named)
        for role in ROLES
        if role not in ("member", "admin")
        and role not in row.roles
        and (before.id, role, item.unit.id) in roles
    ]


async def _end_roles_of_old_unit(
    session: AsyncSession,
    person: Person,
    old_unit: Unit,
    item: _PersonPlan,
    roles: set[tuple[int, str, int | None]],
    notes: _Notes,
    *,
    now: datetime,
    actor_id: int | None,
) -> None:
    """A person the list moves to another unit: their roles in the unit they left end with the move, as
    leaving ends roles (bot.domain.leaving.take_roles_off); their membership follows them (the row grants it
    in the new unit). Each role but membership is named with the line that gives it back; roles of the whole
    organisation, or of a third unit, stay (docs/decisions/0134)."""
    held = list(
        await session.execute(
            select(RoleAssignment.id, RoleAssignment.role, RoleAssignment.unit_id)
            .where(RoleAssignment.person_id == person.id, RoleAssignment.unit_id == old_unit.id)
            .order_by(RoleAssignment.id)
            .with_for_update()
        )
    )
    await take_roles_off(
        session,
        person,
        [(row_id, role, unit_id, old_unit.code) for row_id, role, unit_id in held],
        actor_id=actor_id,
        now=now,
        moved=True,
    )
    line = item.row.line
    for _id, role, unit_id in held:
        roles.discard((person.id, role, unit_id))
        if role != "member":
            was = describe(role, old_unit.code, commune=notes.commune)
            notes.changes.append(
                RowChange(
                    line,
                    f"Dòng {line}: {item.row.full_name} không còn là {was} vì đã "
                    "chuyển đơn vị; nếu vẫn giữ: "
                    + command(f"people grant {person.id} {role} --unit {old_unit.code}", notes.named),
                )
            )
            await role_changed(
                session, person, granted=False, role=role, unit=old_unit, now=now, settings=notes.settings
            )


async def _carry_over(
    session: AsyncSession,
    person: Person,
    old_unit: Unit | None,
    item: _PersonPlan,
    notes: _Notes,
    *,
    now: datetime,
    actor_id: int | None,
) -> None:
    """A person the list moves to another unit (or gives one, to a record that had none: `old_unit` None)
    takes their own year along: the unit they work in when the
    year is judged proposes them (plan 002, §IV: each unit's proposal with its list), so their registrations
    count there (the kept counts follow them: decision 0036) and so do their own results, which fulfil those
    registrations. Their gifts stay counted for the unit they gave in, where its treasurer confirmed them and
    its figures, its drive's share and the public statement read them. The clerk is told once, on the move's
    line, what went along and what stayed (docs/decisions/0290)."""
    mine = owner_key("individual", person.id, None)
    registered = select(Commitment.year).where(Commitment.owner_key == mine).distinct()
    years = sorted(await session.scalars(registered))
    results = await results_follow(session, person.id, item.unit.id)
    counted = {unit_id: n for unit_id, _name, n in await gifts_by_unit(session, person.id)}
    gifts = counted.get(old_unit.id, 0) if old_unit is not None else 0
    audit(
        session,
        at=now,
        actor_id=actor_id,
        action="person.move",
        entity="person",
        entity_id=person.id,
        from_unit=old_unit.id if old_unit else None,
        to_unit=item.unit.id,
        registration_years=years,
        results=results,
        gifts_kept=gifts,
    )
    along = [f"đăng ký thi đua năm {', '.join(map(str, years))}"] if years else []
    if results:
        along.append(f"{results} kết quả đã ghi")
    said = []
    if along:
        said.append(f"theo sang {item.unit.name}: {' và '.join(along)}")
    if gifts and old_unit is not None:
        said.append(f"{gifts} khoản ủng hộ đã ghi vẫn tính cho {old_unit.name}, nơi đã ủng hộ")
    if said:
        line = item.row.line
        notes.changes.append(RowChange(line, f"Dòng {line}: {item.row.full_name}: {'; '.join(said)}"))


async def _write_batch(
    session: AsyncSession,
    org_id: int,
    batch: list[_PersonPlan],
    roles: set[tuple[int, str, int | None]],
    notes: _Notes,
    *,
    now: datetime,
    actor_id: int | None,
) -> tuple[int, int, int]:
    """Upsert one batch of people and their roles; returns (created, updated, roles assigned).

    A new person whose phone appeared since planning (another writer) is not inserted twice: the phone's
    owner is updated if on the list, else the person goes in without that phone and with a warning."""
    warnings = notes.warnings
    wanted_ids = [item.person_id for item in batch if item.person_id is not None]
    found = {
        person.id: person for person in await session.scalars(select(Person).where(Person.id.in_(wanted_ids)))
    }
    fresh: list[_PersonPlan] = []
    for item in batch:
        person = found.get(item.person_id) if item.person_id is not None else None
        if person is None:  # new, or deleted since we looked
            fresh.append(item)
            continue
        line = item.row.line
        said = _what_changed(person, item, notes.units)
        said += _roles_kept(person, item, roles, notes)
        notes.changes.extend(RowChange(line, f"Dòng {line}: {what}") for what in said)
        if said:
            notes.changed.add(person.id)
        old_unit = notes.units.get(person.unit_id) if person.unit_id is not None else None
        if person.unit_id != item.unit.id:  # a move; or a record of no unit given one: its year comes too
            if old_unit is not None:
                await _end_roles_of_old_unit(
                    session, person, old_unit, item, roles, notes, now=now, actor_id=actor_id
                )
            await _carry_over(session, person, old_unit, item, notes, now=now, actor_id=actor_id)
            await moved_out(session, person, item.unit.id, now=now)  # asked for a drive of the old unit
        _update_person(person, item)
    taken = await _insert_people(session, org_id, fresh, now)
    created = len(fresh) - len(taken)
    if taken:
        owners = {
            person.phone: person
            for person in await session.scalars(
                select(Person).where(Person.org_id == org_id, Person.phone.in_([i.phone for i in taken]))
            )
        }
        invited: list[_PersonPlan] = []
        for item in taken:
            owner = owners[item.phone]
            if owner.listed:
                item.person_id = owner.id
                _update_person(owner, item)
            else:
                item.phone = None
                warnings.append(_invited_phone_warning(item.row))
                invited.append(item)
        await _insert_people(session, org_id, invited, now)
        created += len(invited)

    role_rows: list[dict[str, Any]] = []
    told: list[tuple[Person, str, int | None]] = []  # roles granted to people already listed
    gone = {person.id: person.left_on for person in found.values() if person.left_on is not None}
    for item in batch:
        assert item.person_id is not None
        if (left_on := gone.get(item.person_id)) is not None:  # on the list again: back only when told so
            warnings.append(
                _left_and_listed(
                    item,
                    left_on,
                    await ended_by_leaving(session, found[item.person_id]),
                    notes.named,
                    commune=notes.commune,
                )
            )
            continue
        for role in sorted(item.row.roles):
            key = (item.person_id, role, None if role == "admin" else item.unit.id)
            if key not in roles:
                roles.add(key)
                if (person := found.get(item.person_id)) is not None:
                    told.append((person, role, key[2]))
                    _note_granted(notes, item, role)
                role_rows.append(
                    {
                        "person_id": key[0],
                        "role": role,
                        "org_id": org_id,
                        "unit_id": key[2],
                        "granted_at": now,
                        "granted_by": actor_id,
                    }
                )
    if role_rows:
        await session.execute(
            _insert_ignoring_conflicts(session, RoleAssignment),
            role_rows,
            execution_options={"render_nulls": True},
        )
    for person, role, unit_id in told:  # as a grant in the chat is told (bot.domain.roles.grant_role)
        if role != "member":  # a leader's digest or award deadline (decisions 0364, 0365); not every member
            await role_given(session, person, role, unit_id, now=now)
        unit = await session.get(Unit, unit_id) if unit_id is not None else None
        await role_changed(
            session, person, granted=True, role=role, unit=unit, now=now, settings=notes.settings
        )
    return created, len(batch) - created, len(role_rows)


def _note_granted(notes: _Notes, item: _PersonPlan, role: str) -> None:
    """A role the row gives a person already on the list, named among the changes; not a membership (only a
    move gives one to someone listed, and the move's line says it)."""
    if role == "member":
        return
    assert item.person_id is not None
    line = item.row.line
    code = None if role == "admin" else item.unit.code
    said = describe(role, code, commune=notes.commune)
    notes.changes.append(RowChange(line, f"Dòng {line}: cấp vai trò: {item.row.full_name}: {said}"))
    notes.changed.add(item.person_id)


def _left_and_listed(
    item: _PersonPlan, left_on: date, ended: list[Ended], named: str | None = None, *, commune: bool = False
) -> RowWarning:
    """Someone recorded as gone whom a list has again: no role is given (they may be on an old list). The
    line gives `people back`, which gives back the roles the leaving `ended`; a role of the row that is not
    one of those is named with the `people grant` that gives it after."""
    line, pid = item.row.line, item.person_id
    left = format_date(left_on, "vi")  # the row messages are Vietnamese (0042)
    back = command(f"people back {pid}", named)
    given = [
        role
        for role in ROLES
        if role in item.row.roles
        and role != "member"
        and (role, None if role == "admin" else item.unit.id) not in {(e.role, e.unit_id) for e in ended}
    ]
    if not given:
        return RowWarning(
            line,
            f"Dòng {line}: {item.row.full_name} đã nghỉ từ {left}, nên không được cấp lại vai trò; nếu đã "
            f"trở lại làm việc: {back}",
        )
    said = ", ".join(
        describe(role, None if role == "admin" else item.unit.code, commune=commune) for role in given
    )
    grants = "; ".join(
        command(
            f"people grant {pid} {role} " + ("--org-wide" if role == "admin" else f"--unit {item.unit.code}"),
            named,
        )
        for role in given
    )
    return RowWarning(
        line,
        f"Dòng {line}: {item.row.full_name} đã nghỉ từ {left}, nên chưa được cấp vai trò "
        f"{said} ghi trên dòng này; nếu đã trở lại làm việc: {back}, rồi {grants}",
    )


async def _insert_people(
    session: AsyncSession, org_id: int, fresh: list[_PersonPlan], now: datetime
) -> list[_PersonPlan]:
    """Insert new people, set each plan's person_id from the returned rows, and return the plans whose
    phone another person holds by now (those rows were not inserted).

    Rows go in as one multi-row INSERT (the ORM would insert them one by one on SQLite, which cannot
    promise the order of RETURNING rows), so the new ids are matched back by content: (phone, unit, name
    key, position) tells the new rows apart, as planning allows one row per phone in a file and, among
    rows without a phone, one per name and position in a unit."""
    if not fresh:
        return []
    values = [
        {
            "org_id": org_id,
            "unit_id": item.unit.id,
            "full_name": item.row.full_name,
            "name_key": item.row.name_key,
            "position": item.row.position,
            "phone": item.phone,
            "kind": item.row.kind or "staff",
            "listed": True,
            "created_at": now,
        }
        for item in fresh
    ]
    by_identity = {(item.phone, item.unit.id, item.row.name_key, item.row.position): item for item in fresh}
    if len(by_identity) != len(fresh):
        raise RuntimeError("two new people in one batch share phone, unit, name and position")
    returned = await session.execute(
        _insert_ignoring_conflicts(session, Person).returning(
            Person.id, Person.phone, Person.unit_id, Person.name_key, Person.position
        ),
        values,
        execution_options={"render_nulls": True},  # else rows are batched apart wherever a cell is empty
    )
    inserted: set[int] = set()
    for row in returned:
        item = by_identity[(row.phone, row.unit_id, row.name_key, row.position)]
        item.person_id = row.id
        inserted.add(id(item))
    return [item for item in fresh if id(item) not in inserted]


async def _insert_units(session: AsyncSession, org_id: int, units: list[_UnitPlan]) -> None:
    """Insert the planned units (a code taken meanwhile is the same unit, made by a racing import) and
    note their ids."""
    await session.execute(
        _insert_ignoring_conflicts(session, Unit),
        [{"org_id": org_id, "code": unit.code, "name": unit.name} for unit in units],
    )
    codes = [unit.code for unit in units]
    found = await session.execute(
        select(Unit.code, Unit.id).where(Unit.org_id == org_id, Unit.code.in_(codes))
    )
    ids = {code: unit_id for code, unit_id in found}
    for unit in units:
        unit.id = ids[unit.code]


async def import_staff(
    sessionmaker: async_sessionmaker[AsyncSession],
    org: Organisation,
    path: Path,
    *,
    now: datetime,
    progress: bool = False,
    actor_id: int | None = None,
    settings: Settings | None = None,
) -> ImportReport:
    """Import the staff list at `path` into `org`; raises StaffFileError when the file cannot be read and
    ImportRunning at once when another import into `org` is running.

    Rows are written BATCH_ROWS per transaction: if the database fails or the process dies midway, earlier
    batches stay committed and a re-run of the same file completes the rest without duplicates. A person
    already listed whom it gives a role, or moves, is told as a grant in the chat is (after the quiet hours
    and in the language of `settings`)."""
    if now.tzinfo is None:
        raise ValueError("import_staff needs an aware `now`")
    try:
        async with exclusive(sessionmaker, f"import-{org.id}"):
            return await _import(
                sessionmaker,
                org,
                Path(path),
                now=now,
                progress=progress,
                actor_id=actor_id,
                settings=settings,
            )
    except LockBusy:
        raise ImportRunning(IMPORT_RUNNING) from None


async def _import(
    sessionmaker: async_sessionmaker[AsyncSession],
    org: Organisation,
    path: Path,
    *,
    now: datetime,
    progress: bool,
    actor_id: int | None,
    settings: Settings | None,
) -> ImportReport:
    sheet = await asyncio.to_thread(read_staff_file, path)
    raw_rows = sheet.rows
    async with sessionmaker() as session:
        commune = await is_commune(session, org.id)
        if sheet.one_unit:  # a list of one unit's people: the organisation's one unit (decision 2340)
            units = [unit.name for unit in await first_two_units(session, org.id)]
            if len(units) > 1:
                raise _missing_header_error(path.name)
            for raw in raw_rows:
                raw.cells["unit"] = raw.cells["unit"] or (units[0] if units else org.name)
    # “Họ tên chủ hộ”: a commune's list of households (decision 0258)
    read_as_households = commune and sheet.households is not None
    default_kind = "household" if read_as_households else None
    errors: list[RowError] = []
    warnings: list[RowWarning] = []
    rows: list[_StaffRow] = []
    seen: dict[tuple[str, ...], tuple[int, _StaffRow | None]] = {}
    for raw in raw_rows:
        cells = tuple(raw.cells[name] for name in FIELDS)
        if cells in seen:  # pasted twice: the same person; or two households of one name with nothing else
            line, first = seen[cells]
            repeated = f"Dòng {raw.line} lặp lại dòng {line}: đã bỏ qua"
            if first is not None and first.kind == "household" and first.phone is None:
                repeated += f"; {_namesakes_hint(first)}"
            warnings.append(RowWarning(raw.line, repeated))
            continue
        row, problems, notes = _check_row(raw, default_kind, commune=commune)
        seen[cells] = (raw.line, row)
        if row is None:
            errors.append(RowError(raw.line, f"Dòng {raw.line}: " + "; ".join(problems)))
        else:
            rows.append(row)
            warnings.extend(RowWarning(raw.line, f"Dòng {raw.line}: {note}") for note in notes)

    warnings.extend(_namesakes_in_a_unit(rows))
    async with sessionmaker() as session:
        existing = await _load_existing(session, org.id)
        existing.named = await org_to_name(session, org)
    plan = _plan(rows, existing)
    errors.extend(plan.errors)
    warnings.extend(plan.warnings)
    skipped = {error.row for error in errors}
    warnings = [warning for warning in warnings if warning.row not in skipped]

    notes = _Notes(
        warnings,
        units={unit.id: unit for unit in existing.units},
        settings=settings,
        named=existing.named,
        commune=commune,
    )
    created = updated = roles_assigned = 0
    with tqdm(
        total=len(plan.people), desc="Nhập danh sách", unit="dòng", file=sys.stderr, disable=not progress
    ) as bar:
        for batch in in_chunks(plan.people, BATCH_ROWS):
            async with sessionmaker() as session, session.begin():
                new_units = [unit for unit in plan.new_units if unit.id is None]
                if new_units:
                    await _insert_units(session, org.id, new_units)
                counts = await _write_batch(
                    session, org.id, batch, existing.roles, notes, now=now, actor_id=actor_id
                )
            created += counts[0]
            updated += counts[1]
            roles_assigned += counts[2]
            bar.update(len(batch))

    blocked = [unit for unit in plan.blocks if unit.id is not None]  # a unit of skipped rows only is not made
    if blocked:
        async with sessionmaker() as session, session.begin():
            for unit in blocked:
                assert unit.new_block is not None
                await session.execute(update(Unit).where(Unit.id == unit.id).values(block=unit.new_block[0]))
    away = await _record_away(
        sessionmaker, org.id, plan.people, warnings, now=now, named=existing.named, settings=settings
    )

    gone = {person.id for person in existing.people if not person.at_work}
    warnings.extend(
        _said_retired(item, existing.named)
        for item in plan.people
        if item.row.retired and item.person_id is not None and item.person_id not in gone
    )
    warnings.extend(
        _household_role(item, existing.named, commune=commune) for item in plan.people if item.row.dropped
    )
    known = {person.id for person in (*existing.people, *existing.invited)}  # before this file
    unit_names = {unit.id: unit.name for unit in existing.units}
    # One who joined with a role's code is no household's record to merge into (decision 0638): a household
    # takes no role, and its head, the hamlet's officer, is a record of his own.
    holding = {person_id for person_id, role, _unit in existing.roles if role != "member"}
    for item in plan.people:
        if item.person_id is not None:
            invited = existing.invited
            if item.row.kind == "household":
                invited = [person for person in invited if person.id not in holding]
            warnings.extend(_joined_before_listed(item, invited, unit_names, existing.named))

    leaders = [item for item in plan.people if "leader" in item.row.roles and item.person_id is not None]
    heads = [
        _hint(item, item.person_id)
        for item in leaders
        if item.person_id is not None
        and reads_as_head(item.row.position)
        and (item.person_id, "leader", None) not in existing.roles
    ]
    heads += [  # a head's position on a row that makes no leader (a list without roles): the same hint
        _hint(item, item.person_id, leads=False)
        for item in plan.people
        if "leader" not in item.row.roles
        and item.row.kind != "household"
        and item.person_id is not None
        and reads_as_head(item.row.position)
        and (item.person_id, "leader", None) not in existing.roles
    ]
    heads += [
        _hint(item, item.person_id, role)
        for item in plan.people
        for role in ("officer", "treasurer")
        if role in item.row.roles
        and item.person_id is not None
        and reads_as_union(item.row.position)
        and (item.person_id, role, None) not in existing.roles
    ]
    heads += [  # the union's chair or treasurer by position on a row naming no role: the same hint (2341)
        _hint(item, item.person_id, role, leads=False)
        for item in plan.people
        if set(item.row.roles) <= {"member"}
        and item.row.kind != "household"
        and item.person_id is not None
        and (role := _union_role(item.row.position)) is not None  # None where it reads as no union's
        and (item.person_id, role, None) not in existing.roles
    ]
    heads += [  # a plain accountant on a row naming no role: whom to make treasurer, as the union's (2432)
        _hint(item, item.person_id, "treasurer", leads=False)
        for item in plan.people
        if set(item.row.roles) <= {"member"}
        and item.row.kind != "household"
        and item.person_id is not None
        and _keeps_money(item.row.position)
        and (item.person_id, "treasurer", None) not in existing.roles
    ]
    report = ImportReport(
        created=created,
        updated=updated,
        changed=len(notes.changed),
        skipped=len(errors),
        units_created=len(plan.new_units),
        errors=sorted(errors, key=lambda error: error.row),
        warnings=sorted(warnings, key=lambda warning: warning.row),
        blocks_set=len(blocked),
        leaders=len(leaders),
        heads=sorted(heads, key=lambda head: head.row),
        absent=await _absent(
            sessionmaker,
            org.id,
            {item.person_id for item in plan.people} | plan.named,
            added={
                item.person_id: item.row.line
                for item in plan.people
                if item.person_id is not None and item.person_id not in known
            },
        ),
        changes=sorted(notes.changes, key=lambda change: change.row),
        away=away,
        new_units=_new_units(plan.new_units, existing.units),
        footer=sheet.footer,
        no_phone_column=None if sheet.has_phone else sheet.unread,
        households_header=sheet.households,
        read_as_households=read_as_households,
        commune=commune,
        headings=sheet.headings,
        totals=sheet.totals,
        places=sheet.places,
        sheets=sheet.sheets,
        passed_over=sheet.passed_over,
        unconfirmed=await _unconfirmed_units(sessionmaker, org.id),
    )
    async with sessionmaker() as session, session.begin():
        session.add(
            AuditLog(
                at=now,
                actor_id=actor_id,
                action="org.import",
                entity="organisation",
                entity_id=org.id,
                details=_audit_details(path, len(raw_rows), report, roles_assigned),
            )
        )
    return report


# Why a row's “Nghỉ đến” day was not recorded (`leaving.mark_away`'s refusals), after its “Dòng N:”.
AWAY_REFUSED = {
    "past": "cột “Nghỉ đến” ghi {day}, ngày đã qua: không ghi nghỉ dài ngày (người đã đi làm lại)",
    "future": "cột “Nghỉ đến” ghi {day}, xa hơn hai năm nữa: chưa ghi nghỉ dài ngày; hãy xem lại năm (ví dụ "
    "15/03/{next_year}) rồi nhập lại",
    "household": "cột “Nghỉ đến” ghi {day}: hộ gia đình không được ghi nghỉ dài ngày, chỉ cán bộ; đã bỏ qua "
    "ô này",
    "left": "cột “Nghỉ đến” ghi {day}: {name} đã được ghi nghỉ việc, nên không ghi nghỉ dài ngày",
    "came_back": "cột “Nghỉ đến” ghi {day}, ngày cuối của kỳ nghỉ mà {name} đã được ghi đi làm lại ngày "
    "{back}: không ghi nghỉ lại; nếu người đó nghỉ tiếp, ghi ngày khác vào cột, hoặc dùng `chungtay people "
    "away`",
}


async def _came_back_from(session: AsyncSession, person_ids: Sequence[int]) -> dict[int, tuple[date, date]]:
    """Of `person_ids`, those whose latest leave was ended early (“đã đi làm lại”, `people away --back`, a
    day past in the list): each with that leave's last day as it was recorded, and the day she was recorded
    back. A list imported again with that same day is the old list's, not a new leave (decision 1595)."""
    found: dict[int, tuple[date, date]] = {}
    last_until: dict[int, date] = {}
    for chunk in in_chunks(sorted(set(person_ids))):
        rows = await session.execute(
            select(AuditLog.entity_id, AuditLog.at, AuditLog.action, AuditLog.details)
            .where(AuditLog.entity == "person", AuditLog.entity_id.in_(chunk))
            .where(AuditLog.action.in_(("person.away", "person.back_from_leave")))
            .order_by(AuditLog.at, AuditLog.id)
        )
        for person_id, at, action, details in rows:
            if action == "person.away":
                last_until[person_id] = date.fromisoformat(details["until"])
                found.pop(person_id, None)
            elif person_id in last_until:
                found[person_id] = (last_until[person_id], local_date(at))
    return found


async def _record_away(
    sessionmaker: async_sessionmaker[AsyncSession],
    org_id: int,
    people: Sequence[_PersonPlan],
    warnings: list[RowWarning],
    *,
    now: datetime,
    named: str | None = None,
    settings: Settings | None = None,
) -> list[RowChange]:
    """The rows whose “Nghỉ đến” names a day: each person recorded away on long leave until it, as the office
    would at the shell (`leaving.mark_away` as the operator: audited, the rule in `access.may_mark_away`), in
    one transaction; one line each recorded or moved. An empty cell changes nothing: the list is of who works
    where, and a leave recorded in the chat stays. A leader's line says that her digest waits, and the grant
    that gives it to whoever leads meanwhile, as `people away` does (decision 0820). A day past ends a leave
    recorded to a later day: the list says she is back (decision 0819), and with `settings` (the shell's
    import) the stand-ins' roles that cover her end then, as “đã đi làm lại” ends them (1542, 1594). What
    could not be recorded is a warning (decision 0789)."""
    from bot.domain.access import Operator, is_away
    from bot.domain.leaving import LeaveError, leader_away_line, mark_away

    rows = [item for item in people if item.row.away_until is not None and item.person_id is not None]
    if not rows:
        return []
    recorded = []
    async with sessionmaker() as session, session.begin():
        held = await roles_by_person(session, org_id)  # as the rows left them: a leader's line (0820)
        # the rows' people in one read a few thousand at a time, not one each: a list imported again with
        # its leaves unchanged reads no more (mark_away changes nothing then)
        ids = sorted({item.person_id for item in rows if item.person_id is not None})
        people_of = {
            person.id: person
            for chunk in in_chunks(ids)
            for person in await session.scalars(select(Person).where(Person.id.in_(chunk)))
        }
        today = local_date(now)
        came_back = await _came_back_from(
            session, [p.id for p in people_of.values() if not is_away(p, today) and p.left_on is None]
        )
        for item in rows:
            until = item.row.away_until
            assert until is not None and item.person_id is not None
            person = people_of[item.person_id]
            line = f"Dòng {item.row.line}: "
            if person.id in came_back and came_back[person.id][0] == until:  # the old list's day (1595)
                said = AWAY_REFUSED["came_back"].format(
                    day=format_date(until, "vi"),
                    name=person.full_name,
                    back=format_date(came_back[person.id][1], "vi"),
                )
                warnings.append(RowWarning(item.row.line, line + said))
                continue
            try:
                done = await mark_away(
                    session, Operator(org_id), person, until=until, now=now, training=item.row.training
                )
            except LeaveError as refused:
                reason = refused.reason
                if reason == "past" and is_away(person, local_date(now)):
                    # her leave, recorded to a later day, ended by the list's day: she is back (decision 0819)
                    back = await mark_away(
                        session, Operator(org_id), person, until=None, now=now, settings=settings
                    )
                    recorded.append(
                        RowChange(
                            item.row.line,
                            f"{line}{person.full_name} đã đi làm lại: cột ghi nghỉ đến hết ngày "
                            f"{format_date(until, 'vi')} (thay cho ngày {format_date(back.was, 'vi')})",
                        )
                    )
                    continue
                if reason == "not_allowed":
                    reason = "left" if person.left_on is not None else "household"
                said = AWAY_REFUSED[reason].format(
                    day=format_date(until, "vi"), name=person.full_name, next_year=local_date(now).year + 1
                )
                warnings.append(RowWarning(item.row.line, line + said))
                continue
            if done.changed:
                instead = f" (thay cho ngày {format_date(done.instead_of, 'vi')})" if done.instead_of else ""
                last = format_date(until, "vi")
                away_as = "đi học, đào tạo" if item.row.training else "nghỉ dài ngày"  # (2013)
                leads = [unit for role, unit in held.get(person.id, []) if role == "leader"]
                recorded.append(
                    RowChange(
                        item.row.line,
                        f"{line}{person.full_name} {away_as} đến hết ngày {last}{instead}"
                        + "".join(
                            f"\n    {leader_away_line(person.full_name, unit, until, named)}"
                            for unit in leads
                        ),
                    )
                )
    return recorded


def _new_units(made: list[_UnitPlan], before: list[Unit]) -> list[NewUnit]:
    """The units this import made, each with a unit whose name reads nearly the same, if any
    (`near_unit_names`): perhaps one unit written another way, for `chungtay org unit-merge NEW OLD`. An
    existing unit first, else one the file named earlier (“Phòng CT HSSV” after “Phòng Công tác HSSV”).
    On a first import (no units `before`), only the units with such a namesake: every unit is new."""
    out = []
    earlier: list[_UnitPlan] = []
    for unit in made:
        if unit.id is None:  # planned for rows that were all skipped: not made
            continue
        old = next((old for old in before if near_unit_names(unit.name, old.name)), None)
        new = next((new for new in earlier if near_unit_names(unit.name, new.name)), None)
        earlier.append(unit)
        if old is not None:
            out.append(NewUnit(unit.code, unit.name, (old.code, old.name)))
        elif new is not None:
            out.append(NewUnit(unit.code, unit.name, (new.code, new.name), near_is_new=True))
        elif before:
            out.append(NewUnit(unit.code, unit.name))
    return out


def near_unit_names(a: str, b: str) -> bool:
    """Whether two unit names read as one unit written two ways: a letter apart (NEAR_LETTERS in a long name;
    “Khoa Nội” and “Khoa Ngoại” are two letters and two units apart) unless the one word they differ in
    is a word in both (“Khoa Nhi”, “Khoa Nội”: a mistyped word is seldom another word), with the same
    numbers, or one the other shortened to the first letters of some of its words (“Khoa CN”, “KCN” for
    “Khoa Công nghệ”; “Phòng TC-HC” for “Phòng Tổ chức – Hành chính”), accents, case and dashes aside; or
    one of the two a name joined of two is, its kind before the second (“khoa Noi”, “Khoa Nội tiết” for “Khoa
    Nội – Nội tiết”, two departments made one: named for the merge, never taken for it; decision 2318)."""
    x, y = unit_key(a), unit_key(b)
    plain_x, plain_y = _plain_unit_key(a), _plain_unit_key(b)
    if x == y or _DIGITS.findall(plain_x) != _DIGITS.findall(plain_y):  # “Tổ 1” and “Tổ 2” are two
        return False
    if _joined_part(a, b) or _joined_part(b, a):
        return True
    if plain_x == plain_y:  # “Tổ D” and “Tổ Đ”, “Thôn Hóa” and “Thôn Hòa”: two units, each told of the other
        return True
    wx, wy = _NOT_SLUG.sub(" ", plain_x).split(), _NOT_SLUG.sub(" ", plain_y).split()
    apart = [(u, v) for u, v in zip(wx, wy, strict=False) if u != v]
    if len(wx) == len(wy) and len(apart) == 1 and all(map(a_syllable, apart[0])):
        return False  # “Khoa Nhi” and “Khoa Nội”: a word apart, each a word of its own (decision 1365)
    if letters_off(plain_x, plain_y) <= (NEAR_LETTERS if min(len(x), len(y)) >= LONG_UNIT_NAME else 1):
        return True
    return _shortened(wx, wy) or _shortened(wy, wx)


def _joined_part(part: str, name: str) -> bool:
    """Whether `part` is one of the two units `name` joins at a spaced dash (“Khoa Nội – Nội tiết”: “Khoa
    Nội”, “Khoa Nội tiết”), accents and case aside."""
    return any(_plain_unit_key(part) == _plain_unit_key(piece) for piece in joined_units(name))


def _shortened(short: list[str], long: list[str]) -> bool:
    """Each word of `short` is the word of `long` at its place, or the first letters of two or more words
    of `long` in a row; and at least one is such letters."""

    def fits(i: int, j: int, letters_used: bool) -> bool:
        if i == len(short) or j == len(long):
            return i == len(short) and j == len(long) and letters_used
        if short[i] == long[j] and fits(i + 1, j + 1, letters_used):
            return True
        return any(
            short[i] == "".join(word[0] for word in long[j:k]) and fits(i + 1, k, True)
            for k in range(j + 2, len(long) + 1)
        )

    return len(short) < len(long) and fits(0, 0, False)


async def _unconfirmed_units(sessionmaker: async_sessionmaker[AsyncSession], org_id: int) -> list[str]:
    """The names of the units with someone at work whom no treasurer covers, where some unit has one: none
    holds the role for the unit, nor for the whole organisation (`access.deciders_of`, whoever holds it and
    has not left). An office that wrote “thủ quỹ” on one row reads the others covered; one that wrote it
    nowhere grants its treasurer as step 7 of the admins' guide says."""
    async with sessionmaker() as session:
        treasurers = deciders_of(
            await session.execute(
                deciders_query(org_id)
                .join(Person, Person.id == RoleAssignment.person_id)
                .where(Person.left_on.is_(None))
            )
        )
        if treasurers.org_wide or not treasurers.by_unit:  # none named: step 7 of the admins' guide says it
            return []
        units = await session.execute(
            select(Unit.id, Unit.name).where(
                Unit.org_id == org_id,
                Unit.id.in_(select(Person.unit_id).where(Person.org_id == org_id, Person.left_on.is_(None))),
            )
        )
        return sorted({name for unit_id, name in units if not treasurers.of(unit_id)}, key=sort_key)


async def _absent(
    sessionmaker: async_sessionmaker[AsyncSession],
    org_id: int,
    named: set[int | None],
    *,
    added: dict[int, int],
) -> list[Absent]:
    """The people on the organisation's list, not recorded as gone, whom the file named nowhere, by unit code
    then given name; each with the record the file `added` (id → line) under their name and kind in another
    unit, where exactly one of each has that name: a move the list wrote without a phone made a new record,
    and only a merge carries the person's account and year over to it. Never merged here: two namesakes
    may have left one unit and joined another in the same month (docs/decisions/0134)."""
    async with sessionmaker() as session:
        rows = await session.execute(
            select(
                Person.id,
                Person.full_name,
                Unit.code,
                Person.name_key,
                Person.kind,
                Person.unit_id,
                Unit.name,
            )
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(Person.org_id == org_id, Person.listed.is_(True), Person.left_on.is_(None))
        )
        people = list(rows)
    absent = [row for row in people if row.id not in named]
    absent_named: Counter[tuple[str, str]] = Counter((row.name_key, row.kind) for row in absent)
    new_named: dict[tuple[str, str], list[Any]] = {}
    for row in people:
        if row.id in added:
            new_named.setdefault((row.name_key, row.kind), []).append(row)

    def moved(row: Any) -> tuple[int, int, str] | None:
        key = (row.name_key, row.kind)
        there = [one for one in new_named.get(key, []) if one.unit_id != row.unit_id]
        if absent_named[key] != 1 or len(there) != 1 or there[0].unit_id is None:
            return None
        return added[there[0].id], there[0].id, there[0].name

    said = [Absent(row.id, row.full_name, row.code, moved(row)) for row in absent]
    return sorted(said, key=lambda one: (one.unit is None, one.unit or "", person_sort_key(one.full_name)))


def _audit_details(path: Path, rows: int, report: ImportReport, roles_assigned: int) -> dict[str, Any]:
    """Counts and the file name only: names and phones stay out of the audit trail."""
    return {
        "file": path.name,
        "rows": rows,
        "created": report.created,
        "updated": report.updated,
        "changed": report.changed,
        "skipped": report.skipped,
        "warnings": len(report.warnings),
        "units_created": report.units_created,
        "blocks_set": report.blocks_set,
        "roles_assigned": roles_assigned,
    }
