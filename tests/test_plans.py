"""Campaign plans: the shipped files load and every value in them cites its source, no date a plan does not
state is shipped, mistakes are reported with line and key path, installs are idempotent."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import (
    AwardForm,
    Campaign,
    Commitment,
    CommitmentItem,
    Criterion,
    Deadline,
    Milestone,
    Organisation,
    Person,
    TargetGroup,
)
from bot.domain.awards import conferred_within
from bot.domain.plans import CRITERION_TITLE_MAX, Plan, PlanError, install_plan, load_plan
from bot.i18n import Translator

CAMPAIGNS = Path(__file__).resolve().parents[1] / "campaigns"
PLAN_2021 = CAMPAIGNS / "vi-nguoi-ngheo-2021-2025.toml"
PLAN_2026 = CAMPAIGNS / "vi-nguoi-ngheo-2026-2030.toml"
NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)

MINIMAL = """\
slug = "thu"
title = "Kế hoạch thử"
starts_on = 2026-01-01
ends_on = 2030-12-31
"""


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    """The 1-based line of the nth line containing `fragment`."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return hits[nth - 1]


def write(tmp_path: Path, text: str, name: str = "plan.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> PlanError:
    with pytest.raises(PlanError) as caught:
        load_plan(write(tmp_path, text))
    return caught.value


# ---------------------------------------------------------------------------------------------------------
# The shipped files


@pytest.mark.parametrize("path", [PLAN_2021, PLAN_2026], ids=lambda p: p.stem)
def test_shipped_plans_load(path: Path) -> None:
    plan = load_plan(path)
    assert plan.slug == path.stem
    assert plan.starts_on.year + 4 == plan.ends_on.year
    assert plan.file == path.name
    assert {m.kind for m in plan.milestones} >= {"mid_review", "final_review"}
    assert [m.on for m in plan.milestones] == sorted(m.on for m in plan.milestones)
    assert len(plan.target_groups) == 6
    assert {g.scope for g in plan.target_groups} == {"household", "collective", "individual"}
    assert all(len(k.title) <= CRITERION_TITLE_MAX and k.description for k in plan.criteria)
    assert [k.code for k in plan.criteria if k.fund] == ["ung-ho-quy"]
    assert [a.copies for a in plan.award_forms if a.code.startswith(("bang-khen-thu", "huan"))] == [3, 4]
    assert all(len(a.dossier) == 4 for a in plan.award_forms)
    texts = [plan.title, plan.description or "", *(k.title for k in plan.criteria)]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


# The sections whose tables are plan facts; each table must say where the plan states it.
SECTIONS = ("milestones", "deadlines", "target_groups", "criteria", "award_forms")
CITATION = re.compile(r"KH 00[0-4] \(")  # a source plan of shared/seeds/, by its number


@pytest.mark.parametrize("path", [PLAN_2021, PLAN_2026], ids=lambda p: p.stem)
def test_every_shipped_plan_value_cites_its_source(path: Path) -> None:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    assert CITATION.search(raw["source"]), "the plan as a whole names the plans it is built from"
    unsourced = [
        f"{section}[{i}] {item.get('code') or item.get('kind')}"
        for section in SECTIONS
        for i, item in enumerate(raw.get(section, []), start=1)
        if not CITATION.search(item.get("source", ""))
    ]
    assert unsourced == []
    assert "drives" not in raw  # drives belong to an organisation
    assert all("default_target" not in k for k in raw["criteria"])  # a suggestion is a local choice


def test_the_2026_2030_template_says_so_and_names_the_earlier_plan_each_value_follows() -> None:
    raw = tomllib.loads(PLAN_2026.read_text(encoding="utf-8"))
    assert raw["template"] is True and load_plan(PLAN_2026).template
    sources = [item["source"] for section in SECTIONS for item in raw[section]]
    assert sources and all(re.match(r"Theo 20(16–2020|21–2025): ", source) for source in sources)


def test_2021_2025_states_only_the_dates_its_plans_state() -> None:
    plan = load_plan(PLAN_2021)
    assert (plan.starts_on, plan.ends_on) == (date(2021, 1, 1), date(2025, 12, 31))
    when = {m.kind: (m.on, m.precision) for m in plan.milestones}
    # Issued "tháng 8 năm 2021" with the day left blank; reviews "vào năm 2023", "vào năm 2025".
    assert when == {
        "launch": (date(2021, 8, 1), "month"),
        "mid_review": (date(2023, 1, 1), "year"),
        "final_review": (date(2025, 1, 1), "year"),
    }
    yearly = {(d.day, d.month) for d in plan.deadlines if d.year is None}
    assert yearly == {(10, 12), (15, 12)}  # no 30/11 report date: no plan sets one
    once = {(d.code, date(d.year, d.month, d.day)) for d in plan.deadlines if d.year is not None}
    assert once == {
        ("ho-so-so-ket-don-vi", date(2023, 12, 15)),
        ("ho-so-so-ket-len-so", date(2023, 12, 15)),
    }
    household = next(k for k in plan.criteria if k.code == "dang-ky-thoat-ngheo")
    assert (household.measure, household.scopes) == ("yes_no", ("household",))


def test_2026_2030_guesses_no_date_and_has_no_district_level() -> None:
    plan = load_plan(PLAN_2026)
    assert [(m.kind, m.on.year, m.precision) for m in plan.milestones] == [
        ("mid_review", 2028, "year"),
        ("final_review", 2030, "year"),
    ]
    texts = [text for group in plan.target_groups for text in (group.title, group.emulation_title or "")] + [
        text for k in plan.criteria for text in (k.title, k.description or "")
    ]
    assert not [text for text in texts if "huyện" in text]  # two-tier local government since 1/7/2025
    assert "cap-xa" in {g.code for g in plan.target_groups}


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (
            MINIMAL + '[[drives]]\ncode = "d"\ntitle = "Đợt"\nstarts_on = 2026-10-17\n',
            "drives",
            "is a local choice, not a plan fact: set it in the organisation's settings file",
        ),
        (
            MINIMAL
            + '[[criteria]]\ncode = "k"\ntitle = "K"\nmeasure = "count"\nscopes = ["individual"]\n'
            + "default_target = 1\n",
            "criteria[1].default_target",
            "a suggested target is a local choice, not a plan fact",
        ),
    ],
)
def test_an_older_plan_file_is_told_where_local_choices_went(
    tmp_path: Path, text: str, key: str, message: str
) -> None:
    error = load_error(tmp_path, text)
    assert [(p.key, p.line) for p in error.problems] == [
        (key, line_of(text, key.split(".")[-1].split("[")[0]))
    ]
    assert message in error.problems[0].message and "chungtay org settings load" in str(error)


# ---------------------------------------------------------------------------------------------------------
# Mistakes


BAD = (
    MINIMAL
    + """
[[deadlines]]
code = "ho-so"
title = "Hồ sơ khen thưởng"
month = 2
day = 31
audience = "leader"

[[criteria]]
code = "ung-ho"
title = "Ủng hộ Quỹ"
measure = "money"
scopes = ["individual"]
counts = ["money"]

[[criteria]]
code = "ngay-cong"
title = "Ngày công"
measure = "tien"
scopes = ["individual"]

[[criteria]]
code = "ung-ho"
title = "Ủng hộ lần hai"
measure = "count"
scopes = ["individual"]
desciption = "Lần hai"
"""
)


def test_every_mistake_is_reported_with_line_and_key_path(tmp_path: Path) -> None:
    error = load_error(tmp_path, BAD)
    file = str(tmp_path / "plan.toml")
    lines = str(error).splitlines()
    measure = line_of(BAD, 'measure = "tien"')
    duplicate = line_of(BAD, 'code = "ung-ho"', 2)
    assert lines == [
        f"{file}, line {line_of(BAD, 'day = 31')}, deadlines[1].day: there is no 31/02 (day 31 of month 2)",
        f"{file}, line {measure}, criteria[2].measure: "
        '"tien" is not one of money, labour_days, count, yes_no',
        f'{file}, line {duplicate}, criteria[3].code: "ung-ho" is used twice (first in criteria[1])',
        f"{file}, line {line_of(BAD, 'desciption')}, criteria[3].desciption: "
        'unknown key (did you mean "description"?); allowed keys: code, title, measure, scopes, '
        "description, counts, fund, source",
    ]
    assert [p.key for p in error.problems] == [
        "deadlines[1].day",
        "criteria[2].measure",
        "criteria[3].code",
        "criteria[3].desciption",
    ]


def test_every_mistake_is_said_in_the_readers_vietnamese_with_line_and_key_path(tmp_path: Path) -> None:
    """The same mistakes, said to an office that reads Vietnamese (docs/decisions/1840); the English of
    `str` above is unchanged."""
    error = load_error(tmp_path, BAD)
    file = str(tmp_path / "plan.toml")
    measure = line_of(BAD, 'measure = "tien"')
    duplicate = line_of(BAD, 'code = "ung-ho"', 2)
    assert error.said(Translator("vi")).splitlines() == [
        f"{file}, dòng {line_of(BAD, 'day = 31')}, deadlines[1].day: không có ngày 31/02 (ngày 31 tháng 2)",
        f"{file}, dòng {measure}, criteria[2].measure: "
        '"tien" không thuộc các giá trị được dùng: money, labour_days, count, yes_no',
        f'{file}, dòng {duplicate}, criteria[3].code: "ung-ho" được dùng hai lần (lần đầu ở criteria[1])',
        f"{file}, dòng {line_of(BAD, 'desciption')}, criteria[3].desciption: "
        'khóa không có trong mẫu (có phải anh/chị muốn ghi "description"?); các khóa được dùng: code, title, '
        "measure, scopes, description, counts, fund, source",
    ]
    assert error.said(Translator("en")) == str(error)


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = MINIMAL + '\n[[criteria]]\ncode = "a"\ntitle = "Thiếu dấu ngoặc\nmeasure = "count"\n'
    error = load_error(tmp_path, text)
    assert len(error.problems) == 1
    assert error.problems[0].line == line_of(text, 'title = "Thiếu')
    assert str(error).startswith(f"{tmp_path / 'plan.toml'}, line 8: TOML syntax error: ")


@pytest.mark.parametrize("typed", ["2030-13-31", "2030-12-32", "2030-1-5"])
def test_a_date_toml_cannot_read_is_named_with_its_key_and_an_example(tmp_path: Path, typed: str) -> None:
    text = MINIMAL.replace("ends_on = 2030-12-31", f"ends_on = {typed}  # the plan's last day")
    error = load_error(tmp_path, text)
    assert str(error) == (
        f"{tmp_path / 'plan.toml'}, line 4, ends_on: {typed} is not a date: write YYYY-MM-DD with a month "
        "from 01 to 12 and a day that month has, e.g. 2030-12-31"
    )


@pytest.mark.parametrize(("typed", "written"), [("31/12/2030", "2030-12-31"), ("5/1/2030", "2030-01-05")])
def test_a_date_written_day_first_is_shown_year_first(tmp_path: Path, typed: str, written: str) -> None:
    """`ends_on = 31/12/2030`, as Vietnamese write a day, is no TOML at all: the line says how to write it."""
    text = MINIMAL.replace("ends_on = 2030-12-31", f"ends_on = {typed}")
    error = load_error(tmp_path, text)
    assert str(error) == (
        f"{tmp_path / 'plan.toml'}, line 4, ends_on: {typed}: a date in this file is written year first, "
        f"without quotes: {written}"
    )


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="cannot read the file"):
        load_plan(tmp_path / "missing.toml")
    (tmp_path / "latin1.toml").write_bytes('title = "Vì người nghèo"'.encode("utf-16"))
    with pytest.raises(PlanError, match="not UTF-8"):
        load_plan(tmp_path / "latin1.toml")


CRITERION = """
[[criteria]]
code = "k"
title = "Tiêu chí"
measure = "money"
scopes = ["individual"]
counts = ["money"]
"""
DEADLINE = '[[deadlines]]\ncode = "a"\ntitle = "A"\nmonth = 12\nday = 10\naudience = "leader"\n'
MILESTONE = """
[[milestones]]
kind = "mid_review"
title = "Sơ kết"
"""


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (MINIMAL.replace("2030-12-31", "2025-12-31"), "ends_on", "must be after starts_on (2026-01-01)"),
        (MINIMAL.replace("2026-01-01", '"2026-02-30"'), "starts_on", '"2026-02-30" is not a real date'),
        (MINIMAL.replace("2026-01-01", '"1/1/2026"'), "starts_on", "write it as YYYY-MM-DD"),
        (MINIMAL.replace('"thu"', '"Thử"'), "slug", "is not a valid code"),
        (MINIMAL.replace('title = "Kế hoạch thử"\n', ""), "title", "required key is missing"),
        (
            MINIMAL + '[[milestones]]\nkind = "launch"\ntitle = "Phát động"\ndate = 2031-01-05\n',
            "milestones[1].date",
            "2031-01-05 is outside the campaign period 2026-01-01 – 2030-12-31",
        ),
        (
            MINIMAL + '[[milestones]]\nkind = "khai_mac"\ntitle = "Phát động"\ndate = 2026-01-05\n',
            "milestones[1].kind",
            '"khai_mac" is not one of launch, mid_review, final_review, ceremony, other',
        ),
        (
            MINIMAL + '[[deadlines]]\ncode = "a"\ntitle = "A"\nmonth = 2\nday = 29\naudience = "admin"\n',
            "deadlines[1].day",
            "29/02 does not exist every year",
        ),
        (
            MINIMAL + '[[deadlines]]\ncode = "a"\ntitle = "A"\nmonth = 12\nday = 10\naudience = "office"\n',
            "deadlines[1].audience",
            '"office" is not one of member, treasurer, officer, leader, admin',
        ),
        (
            MINIMAL + '[[target_groups]]\ncode = "a"\ntitle = "A"\nscope = "family"\n',
            "target_groups[1].scope",
            '"family" is not one of individual, household, collective',
        ),
        (
            MINIMAL + CRITERION.replace('"Tiêu chí"', '"' + "Tiêu chí rất dài " * 5 + '"'),
            "criteria[1].title",
            "at most 60 are allowed (to fit a phone screen); put the long wording in description",
        ),
        (
            MINIMAL + CRITERION.replace('"money"', '"count"').replace('counts = ["count"]', "fund = true"),
            "criteria[1].fund",
            'only a money criterion counts gifts to the Fund, not "count"',
        ),
        (
            MINIMAL + CRITERION + 'source = ""\n',
            "criteria[1].source",
            "must not be empty",
        ),
        (
            MINIMAL + CRITERION.replace('"money"]', '"labour"]'),
            "criteria[1].counts",
            'for measure "money" name which of money, goods fulfil it',
        ),
        (
            MINIMAL + CRITERION.replace('measure = "money"', 'measure = "count"'),
            "criteria[1].counts",
            'must be empty for measure "count"',
        ),
        (
            MINIMAL + CRITERION.replace('["individual"]', '["individual", "famly"]'),
            "criteria[1].scopes",
            '"famly" is not one of individual, household, collective',
        ),
        (MINIMAL + MILESTONE, "milestones[1].date", "write exactly one of date (2023-12-15)"),
        (
            MINIMAL + MILESTONE + "year = 2028\ndate = 2028-12-15\n",
            "milestones[1].year",
            "write exactly one of date",
        ),
        (MINIMAL + MILESTONE + 'month = "2028-13"\n', "milestones[1].month", "13 is not a month (1-12)"),
        (MINIMAL + MILESTONE + 'month = "12/2028"\n', "milestones[1].month", 'write it as "YYYY-MM"'),
        (
            MINIMAL + MILESTONE + "year = 2031\n",
            "milestones[1].year",
            "2031 is outside the campaign period 2026-01-01 – 2030-12-31",
        ),
        (
            MINIMAL + DEADLINE.replace("month = 12\nday = 10", "date = 2031-12-15"),
            "deadlines[1].date",
            "2031-12-15 is outside the campaign period",
        ),
        (
            MINIMAL + DEADLINE.replace("month = 12\n", "date = 2028-12-15\n"),
            "deadlines[1].day",
            "a deadline is either yearly (month and day) or once (date)",
        ),
        (
            MINIMAL
            + '[[award_forms]]\ncode = "a"\ntitle = "A"\nconferred_by = "B"\noccasion = "tong_ket"\n'
            + "copies = 0\ndossier = []\n",
            "award_forms[1].occasion",
            '"tong_ket" is not one of yearly, ad_hoc, mid_review, final_review',
        ),
        (
            MINIMAL
            + '[[award_forms]]\ncode = "a"\ntitle = "A"\nconferred_by = "B"\noccasion = "yearly"\n'
            + 'dossier = ["C"]\nwithin_organisation = "yes"\n',
            "award_forms[1].within_organisation",
            'must be true or false, not "yes"',
        ),
        (MINIMAL + '[[criterion]]\ncode = "a"\n', "criterion", 'unknown key (did you mean "criteria"?)'),
        (MINIMAL + "[criteria]\ncode = 1\n", "criteria", "must be written as [[criteria]] tables"),
    ],
)
def test_mistakes(tmp_path: Path, text: str, key: str, message: str) -> None:
    error = load_error(tmp_path, text)
    found = [p for p in error.problems if p.key == key]
    assert found, str(error)
    assert message in found[0].message
    # Every key path that is written in the file is pointed at by its line.
    written = key.rsplit(".", 1)[-1].split("[")[0]
    if f"{written} =" in text or f"[[{written}]]" in text or f"[{written}]" in text:
        assert found[0].line is not None, str(error)


# Every number of a plan has a range; the largest values fit the columns (on PostgreSQL too: see
# tests/test_ranges.py).
AWARD = '[[award_forms]]\ncode = "a"\ntitle = "A"\nconferred_by = "B"\noccasion = "yearly"\ndossier = ["C"]\n'
LARGEST = (
    MINIMAL.replace("2026-01-01", "2000-01-01").replace("2030-12-31", "2100-12-31")
    + DEADLINE.replace("day = 10", "day = 31")
    + MILESTONE
    + "year = 2100\n"
    + AWARD
    + "copies = 100\n"
)


def test_the_largest_value_of_every_number_loads(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, LARGEST))
    assert (plan.starts_on, plan.ends_on) == (date(2000, 1, 1), date(2100, 12, 31))
    assert [(d.month, d.day) for d in plan.deadlines] == [(12, 31)]
    assert [(m.on, m.precision) for m in plan.milestones] == [(date(2100, 1, 1), "year")]
    assert plan.award_forms[0].copies == 100


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (
            MINIMAL + DEADLINE.replace("day = 10", "day = 1" + "0" * 30),
            "deadlines[1].day",
            "a 31-digit number is outside the allowed range 1 – 31",
        ),
        (
            MINIMAL + DEADLINE.replace("month = 12", "month = 13"),
            "deadlines[1].month",
            "13 is outside the allowed range 1 – 12",
        ),
        (
            MINIMAL + MILESTONE + "year = 2101\n",
            "milestones[1].year",
            "2101 is outside the allowed range 2000 – 2100",
        ),
        (
            MINIMAL + AWARD + "copies = 1000\n",
            "award_forms[1].copies",
            "1000 is outside the allowed range 1 – 100",
        ),
        (
            MINIMAL.replace("2026-01-01", "1999-12-31"),
            "starts_on",
            "1999-12-31 is outside the years a plan may cover, 2000 – 2100",
        ),
    ],
)
def test_numbers_out_of_range(tmp_path: Path, text: str, key: str, message: str) -> None:
    error = load_error(tmp_path, text)
    assert [(p.key, p.message) for p in error.problems] == [(key, message)]
    assert error.problems[0].line is not None
    assert len(str(error).splitlines()) == 1


def test_a_number_too_long_for_python_is_a_plan_error_naming_its_line(tmp_path: Path) -> None:
    text = MINIMAL + AWARD + "copies = " + "9" * 5000 + "\n"
    error = load_error(tmp_path, text)
    assert str(error) == (
        f"{tmp_path / 'plan.toml'}, line {line_of(text, 'copies')}: "
        "a 5000-digit number; no number in this file is anywhere near that long"
    )


def test_award_form_mistakes_are_all_reported(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + '[[award_forms]]\ncode = "a"\ntitle = "A"\nconferred_by = "B"\noccasion = "yearly"\n'
        + "copies = 0\ndossier = []\n"
    )
    error = load_error(tmp_path, text)
    assert {p.key: p.line for p in error.problems} == {
        "award_forms[1].copies": line_of(text, "copies"),
        "award_forms[1].dossier": line_of(text, "dossier"),
    }


def test_final_review_may_fall_later_in_the_last_year(tmp_path: Path) -> None:
    text = MINIMAL.replace("2030-12-31", "2030-06-30") + (
        '[[milestones]]\nkind = "final_review"\ntitle = "Tổng kết"\ndate = 2030-12-15\n'
    )
    assert load_plan(write(tmp_path, text)).milestones[0].on == date(2030, 12, 15)
    error = load_error(tmp_path, text.replace('"final_review"', '"mid_review"'))
    assert error.problems[0].key == "milestones[1].date"


def test_windows_notepad_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "notepad.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    assert load_plan(path).title == "Kế hoạch thử"


def test_text_is_stored_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Kế hoạch Vì người nghèo")
    plan = load_plan(write(tmp_path, MINIMAL.replace("Kế hoạch thử", decomposed)))
    assert plan.title == unicodedata.normalize("NFC", decomposed)


def test_dates_may_be_quoted(tmp_path: Path) -> None:
    text = MINIMAL.replace("2026-01-01", '"2026-01-01"') + DEADLINE.replace(
        "month = 12\nday = 10", 'date = "2028-12-15"'
    )
    plan = load_plan(write(tmp_path, text))
    assert plan.starts_on == date(2026, 1, 1)
    (deadline,) = plan.deadlines
    assert (deadline.year, deadline.month, deadline.day) == (2028, 12, 15)


# ---------------------------------------------------------------------------------------------------------
# Installing into a real database


async def add_org(db: async_sessionmaker[AsyncSession], code: str = "demo") -> int:
    async with db() as session, session.begin():
        org = Organisation(code=code, name="Cơ sở thử nghiệm", created_at=NOW)
        session.add(org)
        await session.flush()
        return org.id


async def install(
    db: async_sessionmaker[AsyncSession], org_id: int, plan: Plan, now: datetime = NOW
) -> Campaign:
    async with db() as session, session.begin():
        org = await session.get_one(Organisation, org_id)
        return await install_plan(session, org, plan, now=now)


async def row_counts(db: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with db() as session:
        return {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Campaign, Milestone, Deadline, TargetGroup, Criterion, AwardForm)
        }


async def test_install_is_idempotent(db: async_sessionmaker[AsyncSession]) -> None:
    org_id = await add_org(db)
    plan = load_plan(PLAN_2026)
    first = await install(db, org_id, plan)
    counts = await row_counts(db)
    assert counts == {
        "campaign": 1,
        "milestone": len(plan.milestones),
        "deadline": len(plan.deadlines),
        "target_group": 6,
        "criterion": len(plan.criteria),
        "award_form": 5,
    }
    again = await install(db, org_id, load_plan(PLAN_2026), now=NOW + timedelta(days=1))
    assert again.id == first.id
    assert again.loaded_at == NOW  # nothing changed, so not even the load time
    assert await row_counts(db) == counts

    # The previous period installs beside it, and a second organisation gets rows of its own.
    await install(db, org_id, load_plan(PLAN_2021))
    await install(db, await add_org(db, "other"), plan)
    after = await row_counts(db)
    assert after["campaign"] == 3 and after["criterion"] == 3 * len(plan.criteria)


async def test_install_stores_the_plan(db: async_sessionmaker[AsyncSession]) -> None:
    org_id = await add_org(db)
    campaign = await install(db, org_id, load_plan(PLAN_2021))
    async with db() as session:
        stored = await session.get_one(Campaign, campaign.id)
        assert (stored.slug, stored.source, stored.ends_on) == (
            "vi-nguoi-ngheo-2021-2025",
            PLAN_2021.name,
            date(2025, 12, 31),
        )
        deadlines = {
            d.code: (d.day, d.month, d.year, d.audience) for d in await session.scalars(select(Deadline))
        }
        assert deadlines["ho-so-khen-thuong-don-vi"] == (10, 12, None, "leader")
        assert deadlines["ho-so-khen-thuong-len-so"] == (15, 12, None, "admin")
        assert deadlines["ho-so-so-ket-len-so"] == (15, 12, 2023, "admin")  # once: the mid-term dossiers
        launch = await session.scalar(select(Milestone).where(Milestone.kind == "launch"))
        assert launch is not None and (launch.on_date, launch.precision) == (date(2021, 8, 1), "month")
        fund = await session.scalar(select(Criterion).where(Criterion.code == "ung-ho-quy"))
        assert fund is not None
        assert (fund.measure, fund.scopes, fund.counts, fund.fund_only, fund.position) == (
            "money",
            ["individual"],
            ["money"],
            True,
            1,
        )
        assert fund.description and fund.description.startswith("Tích cực tham gia đóng góp cho Quỹ")
        assert fund.source and "KH 004" in fund.source
        pm = await session.scalar(select(AwardForm).where(AwardForm.code == "bang-khen-thu-tuong"))
        assert pm is not None and pm.copies == 3 and pm.dossier[0].startswith("Tờ trình")
        group = await session.scalar(select(TargetGroup).where(TargetGroup.code == "ho-ngheo"))
        assert group is not None
        assert group.emulation_title == "Hộ gia đình vượt khó vươn lên thoát nghèo"


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


async def test_edited_plan_updates_and_adds_but_keeps_criteria(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    org_id = await add_org(db)
    campaign = await install(db, org_id, load_plan(PLAN_2026))
    before = await row_counts(db)

    text = PLAN_2026.read_text(encoding="utf-8")
    text = edit(text, "hưởng ứng Tháng cao điểm", "hưởng ứng Tháng cao điểm “Vì người nghèo”, ")
    text = edit(text, 'title = "Ủng hộ Quỹ “Vì người nghèo”"', 'title = "Ủng hộ Quỹ Vì người nghèo"')
    text = edit(text, "year = 2028", "year = 2029")
    # Drop a criterion and a deadline, add a criterion.
    start = text.index('[[criteria]]\ncode = "tuyen-truyen"')
    text = text[:start] + text[text.index("[[criteria]]", start + 1) :]
    start = text.index('[[deadlines]]\ncode = "ho-so-khen-thuong-len-so"')
    text = text[:start] + text[text.index("# ---", start) :]
    text += (
        '\n[[criteria]]\ncode = "hien-mau"\ntitle = "Hiến máu tình nguyện"\nmeasure = "count"\n'
        'scopes = ["individual"]\nsource = "KH 001 (Hà Tĩnh), mục IV"\n'
    )
    edited = load_plan(write(tmp_path, text, PLAN_2026.name))
    later = NOW + timedelta(days=3)
    again = await install(db, org_id, edited, now=later)

    assert again.id == campaign.id and again.loaded_at == later
    after = await row_counts(db)
    assert after == {**before, "criterion": before["criterion"] + 1, "deadline": before["deadline"] - 1}
    async with db() as session:
        criteria = {k.code: k for k in await session.scalars(select(Criterion))}
        mid = await session.scalar(select(Milestone).where(Milestone.kind == "mid_review"))
    assert "Tháng cao điểm “Vì người nghèo”, " in (criteria["ung-ho-quy"].description or "")
    assert criteria["ung-ho-quy"].title == "Ủng hộ Quỹ Vì người nghèo"
    assert "tuyen-truyen" in criteria  # commitments may refer to it
    assert criteria["hien-mau"].position == len(edited.criteria)
    assert mid is not None and (mid.on_date, mid.precision) == (date(2029, 1, 1), "year")


async def test_measure_of_a_pledged_criterion_cannot_change(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    org_id = await add_org(db)
    campaign = await install(db, org_id, load_plan(PLAN_2026))
    async with db() as session, session.begin():
        person = Person(org_id=org_id, full_name="Nguyễn Văn An", name_key="nguyen van an", created_at=NOW)
        session.add(person)
        await session.flush()
        fund = await session.scalar(select(Criterion).where(Criterion.code == "ung-ho-quy"))
        assert fund is not None
        session.add(
            Commitment(
                campaign_id=campaign.id,
                year=2026,
                scope="individual",
                owner_key=f"p:{person.id}",
                person_id=person.id,
                registered_by=person.id,
                created_at=NOW,
                updated_at=NOW,
                items=[CommitmentItem(criterion_id=fund.id, target=500_000)],
            )
        )

    text = PLAN_2026.read_text(encoding="utf-8")
    text = edit(
        text,
        'measure = "money"\nscopes = ["individual"]\ncounts = ["money"]\nfund = true',
        'measure = "count"\nscopes = ["individual"]',
    )
    with pytest.raises(PlanError, match=r'criteria\[1\]\.measure: criterion "ung-ho-quy" cannot change'):
        await install(db, org_id, load_plan(write(tmp_path, text)))
    async with db() as session:
        fund = await session.scalar(select(Criterion).where(Criterion.code == "ung-ho-quy"))
        assert fund is not None and fund.measure == "money"


async def test_install_needs_an_aware_time(db: async_sessionmaker[AsyncSession]) -> None:
    org_id = await add_org(db)
    with pytest.raises(ValueError, match="aware"):
        await install(db, org_id, load_plan(PLAN_2026), now=datetime(2026, 11, 22))


def test_lines_are_found_past_multiline_strings_and_lists(tmp_path: Path) -> None:
    text = PLAN_2021.read_text(encoding="utf-8")
    text = edit(text, 'occasion = "final_review"\ncopies = 4', 'occasion = "tong_ket"\ncopies = 4')
    text = edit(
        text, 'measure = "yes_no"\nscopes = ["household"]', 'measure = "co_khong"\nscopes = ["household"]'
    )
    error = load_error(tmp_path, text)
    assert [(p.key, p.line) for p in error.problems] == [
        ("criteria[5].measure", line_of(text, '"co_khong"')),
        ("award_forms[5].occasion", line_of(text, '"tong_ket"')),
    ]


def test_the_example_in_the_guide_loads(tmp_path: Path) -> None:
    guide = (CAMPAIGNS.parent / "docs" / "campaign-plans.md").read_text(encoding="utf-8")
    example = guide.split("```toml\n", 1)[1].split("```", 1)[0]
    plan = load_plan(write(tmp_path, example))
    assert plan.criteria and all(k.source for k in plan.criteria)


async def test_who_confers_an_award_is_the_plans_word_when_it_says_it_and_its_wording_otherwise(
    db: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    award = (
        '[[award_forms]]\ncode = "{code}"\ntitle = "Giấy khen"\nconferred_by = "{by}"\noccasion = "yearly"\n'
    )
    text = MINIMAL + "".join(
        award.format(code=code, by=by) + 'dossier = ["Tờ trình", "Biên bản"]\n' + extra
        for code, by, extra in (
            ("so-noi-bo", "Giám đốc Sở", "within_organisation = true\n"),  # a department's own head
            ("thu-truong-cap-tren", "Thủ trưởng cơ quan cấp trên", "within_organisation = false\n"),
            ("thu-truong", "Thủ trưởng cơ quan", ""),  # no key: the wording tells
            ("chu-tich", "Chủ tịch Ủy ban nhân dân tỉnh", ""),
        )
    )
    plan = load_plan(write(tmp_path, text))
    assert [a.within_organisation for a in plan.award_forms] == [True, False, None, None]
    await install(db, await add_org(db), plan)
    async with db() as session:
        forms = {f.code: f for f in await session.scalars(select(AwardForm))}
    assert {code: conferred_within(form) for code, form in forms.items()} == {
        "so-noi-bo": True,
        "thu-truong-cap-tren": False,
        "thu-truong": True,
        "chu-tich": False,
    }
    assert all(form.dossier == ["Tờ trình", "Biên bản"] for form in forms.values())


def test_the_shipped_plans_say_the_heads_own_giay_khen_is_conferred_within() -> None:
    for path in (PLAN_2021, PLAN_2026):
        within = {a.code: a.within_organisation for a in load_plan(path).award_forms}
        assert within.pop("giay-khen-thu-truong") is True
        assert set(within.values()) == {None}  # the others: their wording, an authority above
