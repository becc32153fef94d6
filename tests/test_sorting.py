"""Lists in Vietnamese alphabetical order (docs/decisions/0087): names of units as a dictionary sorts them
(“Khoa Cấp cứu” before “Khoa Chấn thương”, “Phòng Điều dưỡng” before “Phòng Tổ chức”, “Tổ 2” before “Tổ 10”),
people by their given name then the rest; in the office's unit menu, in who holds which role, in an award
dossier's list and in the year's report."""

from __future__ import annotations

import random
import unicodedata
from datetime import date
from pathlib import Path

import docx
import pytest

from bot.app import App
from bot.award_dossier import write_dossier
from bot.db.models import Organisation, Unit
from bot.domain.access import Operator, actor_for
from bot.domain.awards import award_dossier, forms_for_year, propose_award
from bot.domain.year_report import year_report
from bot.text import person_sort_key, sort_key
from bot.year_report_doc import write_year_report
from tests.support.clocks import NOW
from tests.support.orgs import add_person, person_on, seed

# A provincial hospital's departments, in the order a Vietnamese reader looks for them.
HOSPITAL = [
    "Khoa Cấp cứu",
    "Khoa Chấn thương chỉnh hình",
    "Khoa Dược",
    "Khoa Điều trị tích cực",
    "Khoa Ung bướu",
    "Phòng Điều dưỡng",
    "Phòng Tổ chức – Hành chính",
]


def _shuffled(names: list[str]) -> list[str]:
    shuffled = list(names)
    random.Random(87).shuffle(shuffled)
    return shuffled


def test_a_hospitals_departments_sort_as_a_dictionary_does_not_by_code_point() -> None:
    assert sorted(HOSPITAL) != HOSPITAL  # code points put “Chấn” before “Cấp” and “Điều” after “Tổ”
    assert sorted(_shuffled(HOSPITAL), key=sort_key) == HOSPITAL


def test_numbers_in_a_name_compare_as_numbers() -> None:
    teams = [f"Tổ {n}" for n in range(1, 13)]
    assert sorted(_shuffled(teams), key=sort_key) == teams  # “Tổ 2” before “Tổ 10”
    classes = ["Lớp 9A", "Lớp 10A", "Lớp 10B", "Lớp 11A1", "Lớp 11A2", "Lớp 11A10"]
    assert sorted(_shuffled(classes), key=sort_key) == classes
    assert sorted(["Thôn 10", "Thôn 2", "Thôn Đông", "Thôn 1"], key=sort_key) == [
        "Thôn 1",
        "Thôn 2",
        "Thôn 10",
        "Thôn Đông",  # a number before a word, as a dictionary of place names has it
    ]


def test_the_letters_with_marks_come_after_their_base_letter() -> None:
    letters = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    assert sorted(_shuffled(letters), key=sort_key) == letters
    words = ["An", "Ăn", "Ân", "Dung", "Đào", "Em", "Ếch", "Ong", "Ông", "Ơn", "Út", "Ưng"]
    assert sorted(_shuffled(words), key=sort_key) == words
    assert sorted(["Đức", "Dũng", "Dương"], key=sort_key) == ["Dũng", "Dương", "Đức"]


def test_the_tones_only_break_ties_in_their_dictionary_order() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]  # none, huyền, hỏi, ngã, sắc, nặng
    assert sorted(_shuffled(tones), key=sort_key) == tones
    # the letters decide first over the whole name; a tone only between names of the same letters
    assert sorted(["Bạch Mai", "Bach Ma", "Bách Mai"], key=sort_key) == ["Bach Ma", "Bách Mai", "Bạch Mai"]


def test_case_is_ignored_and_any_unicode_form_sorts_alike() -> None:
    assert sorted(["khoa dược", "KHOA CẤP CỨU", "Khoa Chấn Thương"], key=sort_key) == [
        "KHOA CẤP CỨU",
        "Khoa Chấn Thương",
        "khoa dược",
    ]
    decomposed = unicodedata.normalize("NFD", "Khoa Điều trị")
    assert sort_key(decomposed) == sort_key("Khoa Điều trị")
    assert sort_key("  Khoa   Dược ") == sort_key("Khoa Dược")


def test_people_sort_by_given_name_then_by_the_rest() -> None:
    people = [
        "Trần Văn An",
        "Đỗ Thị Ánh",
        "Phạm Thị Ngọc Bích",
        "Lê Thị Bình",
        "Nguyễn Văn Bình",
        "Hoàng Văn Đông",
        "Vũ Thị Ơn",
        "Lý Thị Ưng",
    ]
    assert sorted(_shuffled(people), key=person_sort_key) == people
    # the same given name: by the family and middle names, from the start
    assert sorted(["Nguyễn Văn Bình", "Lê Văn Bình", "Lê Thị Bình"], key=person_sort_key) == [
        "Lê Thị Bình",
        "Lê Văn Bình",
        "Nguyễn Văn Bình",
    ]
    assert sorted(["Bình", "Lê Bình"], key=person_sort_key) == ["Bình", "Lê Bình"]  # one word: the given name


async def _hospital(app: App) -> dict[str, int]:
    """A hospital whose departments were written in an order no reader expects, an organisation-wide admin,
    and three treasurers of the whole hospital."""
    async with app.sessionmaker() as session, session.begin():
        hospital = Organisation(code="BVT", name="Bệnh viện Đa khoa tỉnh", created_at=NOW)
        session.add(hospital)
        await session.flush()
        units = [
            Unit(org_id=hospital.id, code=f"K{n}", name=name) for n, name in enumerate(_shuffled(HOSPITAL))
        ]
        session.add_all(units)
        await session.flush()
        dược = next(unit.id for unit in units if unit.name == "Khoa Dược")
        admin = await person_on(
            session,
            "console",
            "hoa",
            "Lê Thị Hoa",
            org_id=hospital.id,
            unit_id=None,
            roles=[("admin", None)],
            now=NOW,
        )
        for name in ("Nguyễn Văn Bình", "Trần Văn An", "Lê Thị Bình"):
            await person_on(
                session,
                "console",
                name,
                name,
                org_id=hospital.id,
                unit_id=dược,
                roles=[("member", dược), ("treasurer", None)],
                now=NOW,
            )
        await person_on(
            session, "console", "tam", "Phạm Văn Tâm", org_id=hospital.id, unit_id=dược, roles=[], now=NOW
        )
        return {"org": hospital.id, "admin": admin.id}


async def test_the_offices_unit_menu_and_who_holds_which_role_read_in_alphabetical_order(
    app: App, make_person
) -> None:
    await _hospital(app)
    hoa = make_person("hoa")
    await hoa.say("/phanquyen")
    screen = await hoa.choose("Ai giữ vai trò nào")
    # the whole hospital's treasurers by given name: An, then the two Bình by family name
    assert "• Thủ quỹ: Trần Văn An, Lê Thị Bình, Nguyễn Văn Bình" in screen
    lines = screen.split("\n")
    shown = [line.split(":")[0] for line in lines if line.startswith(("Khoa", "Phòng"))]
    assert shown == HOSPITAL  # every department, Cấp cứu before Chấn thương, Điều dưỡng before Tổ chức

    await hoa.choose("Giao vai trò")
    await hoa.say("pham van tam")
    await hoa.choose("Thủ quỹ")
    places = [choice.label for choice in hoa.menu.choices]
    assert places == ["Toàn cơ quan", *HOSPITAL, "Quay lại"]


@pytest.fixture
async def school(any_app: App):  # type: ignore[no-untyped-def]
    """The seeded organisation with two more units and, in Phòng A, people whose given names and family
    names sort differently."""
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        for code, name in (("T10", "Tổ 10"), ("T2", "Tổ 2")):
            seeded.units[code] = Unit(org_id=seeded.org.id, code=code, name=name)
            session.add(seeded.units[code])
        await session.flush()
        for name in ("Nguyễn Văn Bình", "Trần Văn An", "Lê Thị Bình", "Đỗ Văn Đông"):
            await add_person(session, seeded, name, "A", ("member", "A"), now=NOW)
        await add_person(session, seeded, "Vũ Thị Ơn", "T10", ("member", "T10"), now=NOW)
        await add_person(session, seeded, "Hà Thị Chi", "T2", ("member", "T2"), now=NOW)
    return seeded


async def test_an_award_dossiers_list_names_people_by_given_name_unit_by_unit(
    any_app: App, school, tmp_path: Path
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        head = await actor_for(session, school.people["Thủ trưởng"])
        form = (await forms_for_year(session, school.campaign, 2026))[0]
        for name in (
            "Vũ Thị Ơn",
            "Nguyễn Văn Bình",
            "Hà Thị Chi",
            "Đỗ Văn Đông",
            "Trần Văn An",
            "Lê Thị Bình",
        ):
            person = school.people[name]
            await propose_award(
                session,
                head,
                form_id=form.id,
                year=2026,
                unit_id=person.unit_id,
                person_id=person.id,
                summary="Hoàn thành xuất sắc nhiệm vụ",
                now=NOW,
            )
    async with any_app.sessionmaker() as session:
        dossier = await award_dossier(session, None, school.org.id, year=2026, form_code=form.code)
    path = tmp_path / "to-trinh.docx"
    write_dossier(dossier, path, locale="vi", on=date(2026, 12, 5))
    listed = next(
        table for table in docx.Document(str(path)).tables if "Họ và tên" in table.rows[0].cells[1].text
    )
    rows = [(row.cells[1].text, row.cells[3].text) for row in listed.rows[1:]]
    assert rows == [
        ("Trần Văn An", "Phòng A"),
        ("Lê Thị Bình", "Phòng A"),
        ("Nguyễn Văn Bình", "Phòng A"),
        ("Đỗ Văn Đông", "Phòng A"),
        ("Hà Thị Chi", "Tổ 2"),  # Tổ 2 before Tổ 10
        ("Vũ Thị Ơn", "Tổ 10"),
    ]


async def test_the_year_reports_units_table_is_in_alphabetical_order(
    any_app: App, school, tmp_path: Path
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        for n, name in enumerate(("Phòng Điều dưỡng", "Phòng Tổ chức – Hành chính", "Phòng Đào tạo")):
            session.add(Unit(org_id=school.org.id, code=f"P{n}", name=name))
    async with any_app.sessionmaker() as session:
        report = await year_report(
            session, school.org.id, 2026, today=date(2026, 12, 1), actor=Operator(school.org.id)
        )
    path = tmp_path / "bao-cao.docx"
    write_year_report(report, path)
    table = next(t for t in docx.Document(str(path)).tables if t.rows[0].cells[1].text == "Đơn vị")
    units = [row.cells[1].text for row in table.rows[1:-1]]
    assert units == [
        "Phòng A",
        "Phòng B",
        "Phòng Đào tạo",
        "Phòng Điều dưỡng",
        "Phòng Tổ chức – Hành chính",
        "Tổ 2",
        "Tổ 10",
        "Không thuộc đơn vị",  # the people of no unit last, as ever
    ]
