"""Households' standing in the poverty review (docs/decisions/0110): on SQLite and PostgreSQL the commune's
list of 40 households — names without accents, standing words abbreviated, two namesakes told apart by their
hamlet, three households nobody lists — sets the year's standing for those matched and says what it did with
the rest; nothing is written for such a file until the matched rows are confirmed; two years' figures say who
got out, who fell in and how many of the households that pledged got out; a member, or the officer of another
hamlet, neither reads the names nor sets a standing, whatever the chat is sent; the year's report carries the
counts and no name."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

import bot.app
from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import (
    ChannelIdentity,
    Commitment,
    CommitmentItem,
    Criterion,
    HouseholdStanding,
    Organisation,
    Person,
    RoleAssignment,
    Unit,
)
from bot.demo import DEMO_PLAN
from bot.domain.access import (
    Actor,
    Operator,
    actor_for,
    may_see_poverty_standing,
    may_set_poverty_standing,
    poverty_households_of,
)
from bot.domain.phase_report import find_campaign, phase_report
from bot.domain.plans import install_plan, load_plan
from bot.domain.poverty import (
    FileRow,
    PovertyError,
    apply_standing_file,
    household_records,
    listed_households,
    plan_standing_file,
    read_standing_file,
    read_standing_word,
    set_standing,
    standing_figures,
)
from bot.domain.year_report import year_report
from bot.media import store
from bot.messages import BUTTONS, Attachment
from bot.phase_report_doc import write_phase_report
from bot.text import fold
from bot.year_report_doc import write_year_report
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Scripted
from tests.test_cli import Cli, ok, query

HAMLETS = ("Thôn 1", "Thôn 2", "Thôn 3")
# 38 households on the commune's list, in three hamlets; “Nguyễn Văn An” in Thôn 1 and in Thôn 3.
NAMES = {
    "Thôn 1": [
        *("Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"),
        *("Đặng Văn Hải", "Bùi Thị Hoa", "Đỗ Văn Khánh", "Hồ Thị Lan", "Ngô Văn Minh", "Dương Thị Nga"),
        "Lý Văn Oanh",
    ],
    "Thôn 2": [
        *("Trịnh Văn Phúc", "Mai Thị Quế", "Đinh Văn Sơn", "Lưu Thị Tâm", "Cao Văn Thắng", "Tô Thị Uyên"),
        *("Lâm Văn Vinh", "Hà Thị Xuân", "Kiều Văn Yên", "Châu Thị Ánh", "La Văn Bảo", "Quách Thị Cúc"),
    ],
    "Thôn 3": [
        *("Nguyễn Văn An", "Phan Văn Đức", "Tạ Thị Hằng", "Âu Văn Hùng", "Khổng Thị Huyền", "Lục Văn Kiên"),
        *("Mạc Thị Liên", "Nông Văn Lộc", "Ông Thị Mận", "Sầm Văn Nam", "Thái Thị Nhàn", "Văn Văn Phong"),
        "Yên Thị Quyên",
    ],
}
OUTSIDERS = ("Nguyễn Văn Không Có", "Trần Thị Vắng", "Lê Văn Lạ")
WORDS = ("Hộ nghèo", "ngheo", "HN", "Cận nghèo", "CN", "can ngheo", "Thoát nghèo", "Mới thoát nghèo")
YEAR = 2026


def at() -> datetime:
    return NOW


@pytest.fixture
async def commune(any_app: App) -> dict[str, object]:
    """A commune with three hamlets and their 38 households (listed as “Hộ ông/bà …”), the 2026–2030 plan,
    an officer of the whole commune, the officer of Thôn 1, the leader of Thôn 2 and a member of Thôn 2."""
    async with any_app.sessionmaker() as session, session.begin():
        org = Organisation(code="XA", name="UBND xã Thử", created_at=NOW)
        session.add(org)
        await session.flush()
        units = {name: Unit(org_id=org.id, code=fold(name).replace(" ", ""), name=name) for name in HAMLETS}
        session.add_all(units.values())
        await session.flush()
        campaign = await install_plan(session, org, load_plan(DEMO_PLAN), now=NOW)
        households: dict[tuple[str, str], int] = {}
        for hamlet, names in NAMES.items():
            for name in names:
                listed = ("Hộ bà " if " Thị " in name else "Hộ ông ") + name
                person = Person(
                    org_id=org.id,
                    unit_id=units[hamlet].id,
                    full_name=listed,
                    name_key=fold(listed),
                    kind="household",
                    listed=True,
                    created_at=NOW,
                )
                session.add(person)
                await session.flush()
                households[(hamlet, name)] = person.id
        staff: dict[str, Person] = {}
        for key, name, unit, roles in (
            ("officer", "Cán bộ Mặt trận", None, [("officer", None)]),
            ("hamlet1", "Trưởng ban Thôn 1", "Thôn 1", [("officer", "Thôn 1")]),
            ("leader2", "Trưởng thôn 2", "Thôn 2", [("leader", "Thôn 2")]),
            ("member", "Người dân", "Thôn 2", [("member", "Thôn 2")]),
        ):
            person = Person(
                org_id=org.id,
                unit_id=units[unit].id if unit else None,
                full_name=name,
                name_key=fold(name),
                kind="staff",
                locale="vi",
                consent_at=NOW,
                created_at=NOW,
            )
            session.add(person)
            await session.flush()
            for role, scope in roles:
                session.add(
                    RoleAssignment(
                        person_id=person.id,
                        role=role,
                        org_id=org.id,
                        unit_id=units[scope].id if scope else None,
                        granted_at=NOW,
                    )
                )
            session.add(
                ChannelIdentity(channel="console", external_id=key, person_id=person.id, created_at=NOW)
            )
            staff[key] = person
        await session.flush()
        return {"org": org, "units": units, "households": households, "staff": staff, "campaign": campaign}


def write_list(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """The district's list as the commune keeps it: a title, then STT, Họ và tên chủ hộ, Thôn, Phân loại."""
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2026"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên chủ hộ", "Thôn", "Phân loại"])
    for number, (name, hamlet, word) in enumerate(rows, start=1):
        sheet.append([number, name, hamlet, word])
    book.save(path)
    return path


def forty_rows() -> list[tuple[str, str, str]]:
    """37 listed households (every third without accents, the two namesakes with their hamlet; one household
    left off) and 3 nobody lists, the standing in the words people write: 40 rows."""
    rows: list[tuple[str, str, str]] = []
    everyone = [(hamlet, name) for hamlet, names in NAMES.items() for name in names][:-1]
    for n, (hamlet, name) in enumerate(everyone):
        typed = fold(name) if n % 3 == 0 else name
        rows.append((typed, hamlet if name == "Nguyễn Văn An" else "", WORDS[n % len(WORDS)]))
    rows.extend((name, "Thôn 2", "Hộ nghèo") for name in OUTSIDERS)
    return rows


async def _actor(app: App, commune: dict[str, object], key: str) -> Actor:
    async with app.sessionmaker() as session:
        actor = await actor_for(session, await session.get(Person, commune["staff"][key].id))  # type: ignore[index]
        assert actor is not None
        return actor


def test_the_words_people_write_for_a_standing_are_read() -> None:
    assert [read_standing_word(word) for word in WORDS] == [
        *("poor", "poor", "poor", "near_poor", "near_poor", "near_poor", "out", "out")
    ]
    # What a hamlet's review writes beside the plain words: a household newly near-poor, fallen back, out of
    # near-poverty, the district's sub-kinds; each was a row “not one I know”, the review's news left out.
    assert {
        word: read_standing_word(word)
        for word in (
            *("Hộ cận nghèo mới", "Cận nghèo (mới phát sinh)", "Tái cận nghèo", "Tái nghèo"),
            "Phát sinh nghèo",
            *("Hộ nghèo thiếu hụt DVXHCB", "Hộ thoát cận nghèo", "Mới thoát nghèo năm 2026", "HMTN"),
            *("Hộ có mức sống trung bình", "Chưa thoát nghèo"),
        )
    } == {
        **dict.fromkeys(("Hộ cận nghèo mới", "Cận nghèo (mới phát sinh)", "Tái cận nghèo"), "near_poor"),
        **dict.fromkeys(("Tái nghèo", "Phát sinh nghèo", "Hộ nghèo thiếu hụt DVXHCB"), "poor"),
        **dict.fromkeys(("Hộ thoát cận nghèo", "Mới thoát nghèo năm 2026", "HMTN"), "out"),
        "Hộ có mức sống trung bình": "none",
        "Chưa thoát nghèo": None,  # not guessed: said back, the officer writes it plainly
    }
    assert read_standing_word("Hộ khá") is None
    # A “no” as people type it, a plan, a fear or a doubt is not what the review found: each was read by its
    # other words, its opposite written unsaid (“ko thoát nghèo” newly out, “Nguy cơ tái nghèo” poor, a
    # household that only registered to escape poverty counted out as it pledged). Said back, not guessed.
    unsure = (
        *("ko thoát nghèo", "k thoat ngheo", "Chẳng thoát nghèo", "thoat ngheo ko", "hông thoát nghèo"),
        *("Đăng ký thoát nghèo", "Hộ nghèo - đăng ký thoát nghèo năm 2026", "Dự kiến thoát nghèo"),
        *("Nguy cơ tái nghèo", "Đề nghị công nhận thoát nghèo", "thoát nghèo?", "Cận nghèo (?)"),
    )
    assert {word: read_standing_word(word) for word in unsure} == dict.fromkeys(unsure)


async def pledge_to_get_out(session: AsyncSession, campaign_id: int, *households: int) -> None:
    """Each household registers, for 2026, to get out of poverty (the campaign's “Tự nguyện đăng ký thoát
    nghèo”), as it does in the chat."""
    criterion = await session.scalar(
        select(Criterion.id).where(
            Criterion.campaign_id == campaign_id, Criterion.title == "Tự nguyện đăng ký thoát nghèo"
        )
    )
    assert criterion is not None
    for household in households:
        commitment = Commitment(
            campaign_id=campaign_id,
            year=2026,
            scope="household",
            owner_key=f"p:{household}",
            person_id=household,
            registered_by=household,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(commitment)
        await session.flush()
        session.add(CommitmentItem(commitment_id=commitment.id, criterion_id=criterion, target=1))


async def test_the_communes_list_of_forty_sets_the_years_standing_and_reports_what_it_left(
    any_app: App, commune: dict[str, object], tmp_path: Path
) -> None:
    rows = forty_rows()
    assert len(rows) == 40
    path = write_list(tmp_path / "ho-ngheo-2026.xlsx", rows)
    read = read_standing_file(path)
    org = commune["org"]
    officer = await _actor(any_app, commune, "officer")
    async with any_app.sessionmaker() as session, session.begin():
        plan = await plan_standing_file(session, officer, org.id, read, year=YEAR, today_year=2026)  # type: ignore[attr-defined]
        unmatched = [(p.reason, p.typed) for p in plan.problems]
        assert sorted(unmatched) == sorted(("unmatched", name) for name in OUTSIDERS)
        assert len(plan.matched) == len(read) - 3
        with pytest.raises(PovertyError) as refused:
            await apply_standing_file(session, officer, org.id, plan, now=NOW)  # type: ignore[attr-defined]
        assert refused.value.reason == "problems"
        assert await session.scalar(select(func.count()).select_from(HouseholdStanding)) == 0
        written = await apply_standing_file(session, officer, org.id, plan, now=NOW, matched_only=True)  # type: ignore[attr-defined]
    assert written == len(plan.matched)
    households = commune["households"]
    async with any_app.sessionmaker() as session:
        stored = dict(
            (
                await session.execute(
                    select(HouseholdStanding.person_id, HouseholdStanding.standing).where(
                        HouseholdStanding.year == YEAR
                    )
                )
            ).all()
        )
    # The namesakes each got their own row's standing; one typed without accents was found all the same.
    assert stored[households[("Thôn 1", "Nguyễn Văn An")]] == "poor"  # type: ignore[index]
    assert stored[households[("Thôn 3", "Nguyễn Văn An")]] == "poor"  # type: ignore[index]
    assert stored[households[("Thôn 1", "Phạm Thị Dung")]] == "near_poor"  # type: ignore[index]  # "pham thi dung"
    assert stored[households[("Thôn 1", "Đặng Văn Hải")]] == "out"  # type: ignore[index]  # "dang van hai"
    assert stored[households[("Thôn 2", "Tô Thị Uyên")]] == "poor"  # type: ignore[index]  # "HN"
    assert stored[households[("Thôn 1", "Hoàng Văn Em")]] == "near_poor"  # type: ignore[index]
    assert len(stored) == len(plan.matched)


async def test_a_namesake_without_a_hamlet_is_reported_not_guessed(
    any_app: App, commune: dict[str, object]
) -> None:
    officer = await _actor(any_app, commune, "officer")
    rows = [
        FileRow(4, "Nguyen Van An", "", "", "HN", ""),
        FileRow(5, "Hộ ông Nguyễn Văn An", "", "thon 3", "CN", ""),
    ]
    async with any_app.sessionmaker() as session:
        plan = await plan_standing_file(session, officer, commune["org"].id, rows, year=YEAR, today_year=2026)  # type: ignore[attr-defined]
    assert [(p.line, p.reason, p.units) for p in plan.problems] == [(4, "namesake", ("Thôn 1", "Thôn 3"))]
    assert [(m.line, m.unit, m.standing) for m in plan.matched] == [(5, "Thôn 3", "near_poor")]

    # A hamlet written short without its accents, “hoa” for Thôn Hòa, tells the namesakes apart as “3” does.
    async with any_app.sessionmaker() as session, session.begin():
        (await session.get_one(Unit, commune["units"]["Thôn 3"].id)).name = "Thôn Hòa"  # type: ignore[index]
    short = [FileRow(5, "Hộ ông Nguyễn Văn An", "", "hoa", "CN", "")]
    org_id = commune["org"].id  # type: ignore[attr-defined]
    async with any_app.sessionmaker() as session:
        plan = await plan_standing_file(session, officer, org_id, short, year=YEAR, today_year=2026)
    assert plan.problems == []
    assert [(m.line, m.unit, m.file_unit) for m in plan.matched] == [(5, "Thôn Hòa", None)]


@pytest.mark.sqlite_only
async def test_the_districts_own_household_codes_never_give_a_standing_to_another_household(
    any_app: App, commune: dict[str, object]
) -> None:
    """The district's list numbers its households in its own “Mã hộ” column: a code that happens to be the id
    of another household here gave that household the row's standing, unsaid. A code whose household bears
    another name than the row's is not ours: the row is matched by its name."""
    officer = await _actor(any_app, commune, "officer")
    households = commune["households"]
    que, bich = households[("Thôn 2", "Mai Thị Quế")], households[("Thôn 1", "Trần Thị Bích")]  # type: ignore[index]
    an1, cuong = households[("Thôn 1", "Nguyễn Văn An")], households[("Thôn 1", "Lê Văn Cường")]  # type: ignore[index]
    rows = [
        FileRow(4, "Trần Thị Bích", str(que), "Thôn 1", "Thoát nghèo", ""),  # the district's code: Quế's id
        FileRow(5, "Hộ bà Mai Thị Quế", str(que), "", "HN", ""),  # our own id, with its name: still ours
        FileRow(6, "", str(bich), "", "CN", ""),  # an id alone: ours
        # The district's code is the id of An of Thôn 1; the row is An's of Thôn 3, who shares his name: it
        # gave Thôn 1's An the standing (said only as “listed in another hamlet”), Thôn 3's left as he was.
        FileRow(7, "Nguyễn Văn An", str(an1), "Thôn 3", "CN", ""),
        FileRow(8, "Lê Văn Cường", str(cuong), "Thôn 2", "HN", ""),  # ours, moved: no namesake in Thôn 2
        # A name nobody here bears beside Dung's id: in a file of the district's numbering, not hers (0446).
        FileRow(9, "Trần Văn Vắng", str(households[("Thôn 1", "Phạm Thị Dung")]), "", "HN", ""),  # type: ignore[index]
    ]
    async with any_app.sessionmaker() as session:
        plan = await plan_standing_file(session, officer, commune["org"].id, rows, year=YEAR, today_year=2026)  # type: ignore[attr-defined]
    assert [(m.line, m.household_id, m.standing) for m in plan.matched] == [
        (4, bich, "out"),
        (5, que, "poor"),
        (7, households[("Thôn 3", "Nguyễn Văn An")], "near_poor"),  # type: ignore[index]
        (8, cuong, "poor"),
    ]
    assert [(p.line, p.reason, p.other_line) for p in plan.problems] == [(6, "twice", 4), (9, "unmatched", 0)]
    assert not plan.renamed


async def test_the_list_sent_up_comes_back_with_names_corrected_each_matched_by_its_id_and_said(
    any_app: App, commune: dict[str, object], tmp_path: Path
) -> None:
    """The list the bot wrote for the district comes back with names the district corrected: a middle name
    added, a typo fixed, the widow now the head, accents added to a name listed without them. Matched by the
    household id (the file's other ids bear their names), said line by line, the standing saved on the very
    household, no second household and the list of households' names kept (decision 0446)."""
    households = commune["households"]

    def h(name: str) -> int:
        return households[("Thôn 1", name)]  # type: ignore[index]

    async with any_app.sessionmaker() as session, session.begin():
        khanh = await session.get_one(Person, h("Đỗ Văn Khánh"))
        khanh.full_name = "Ho ong Do Van Khanh"  # imported from a sheet typed without accents
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn", "Phân loại"])
    for number, (household, name, word) in enumerate(
        (
            (h("Trần Thị Bích"), "Hộ bà Trần Thị Bích", "Hộ nghèo"),
            (h("Lê Văn Cường"), "Hộ ông Lê Văn Cường", "Hộ nghèo"),
            (h("Phạm Thị Dung"), "Hộ bà Phạm Thị Dung", "Cận nghèo"),
            (h("Vũ Thị Giang"), "Hộ bà Vũ Thị Hương Giang", "Cận nghèo"),  # a middle name added
            (h("Lý Văn Oanh"), "Lý Văn Doanh", "Hộ nghèo"),  # a typo fixed
            (h("Hoàng Văn Em"), "Hộ bà Nguyễn Thị Thu", "Hộ nghèo"),  # the widow now the head
            (h("Đỗ Văn Khánh"), "Hộ ông Đỗ Văn Khánh", "Mới thoát nghèo"),  # accents added
        ),
        start=1,
    ):
        sheet.append([number, household, name, "Thôn 1", word])
    path = tmp_path / "ho-ngheo-2026-huyen-sua.xlsx"
    book.save(path)
    async with any_app.sessionmaker() as session:
        before = await session.scalar(select(func.count()).select_from(Person))

    officer, screen = await _review_sent(any_app, "officer", path)
    assert "ho-ngheo-2026-huyen-sua.xlsx: khớp 7 hộ" in screen, screen
    assert "Dòng bỏ qua" not in screen
    assert (
        "Các dòng sau chỉ khớp theo mã hộ (tên trong tệp không phải tên của hộ nào trong danh sách): trước "
        "khi ghi, anh/chị vui lòng xem từng dòng có đúng là hộ huyện muốn ghi không (danh sách hộ vẫn giữ "
        "tên cũ; nếu tên trong tệp đúng, anh/chị nhờ văn phòng sửa tên hộ):" in screen
    )
    assert "Tệp ghi tên có dấu, danh sách hộ ghi không dấu (khớp theo tên bỏ dấu" in screen
    for line, household, listed, typed in (
        (5, h("Vũ Thị Giang"), "Hộ bà Vũ Thị Giang", "Hộ bà Vũ Thị Hương Giang"),
        (6, h("Lý Văn Oanh"), "Hộ ông Lý Văn Oanh", "Lý Văn Doanh"),
        (7, h("Hoàng Văn Em"), "Hộ ông Hoàng Văn Em", "Hộ bà Nguyễn Thị Thu"),
        (8, h("Đỗ Văn Khánh"), "Ho ong Do Van Khanh", "Hộ ông Đỗ Văn Khánh"),
    ):
        assert f"• dòng {line}: mã hộ {household} “{listed}”: tệp ghi “{typed}”" in screen, screen
    screen = await officer.choose("Ghi 7 hộ")
    assert "Đã ghi loại hộ của 7 hộ cho năm 2026." in screen
    async with any_app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Person)) == before
        saved = dict(
            (await session.execute(select(HouseholdStanding.person_id, HouseholdStanding.standing))).all()
        )
        assert saved[h("Hoàng Văn Em")] == "poor" and saved[h("Đỗ Văn Khánh")] == "out"
        assert (await session.get_one(Person, h("Hoàng Văn Em"))).full_name == "Hộ ông Hoàng Văn Em"


@pytest.mark.parametrize(
    "attack",
    [
        "one id on two rows",  # two names nobody bears beside one id: neither is that household's
        # a row the district added, in a file whose every other row has one
        pytest.param("a row without its hamlet", marks=pytest.mark.sqlite_only),
        # a name's cell deleted, the names below moved up beside the ids above
        pytest.param("names shifted by one", marks=pytest.mark.sqlite_only),
    ],
)
async def test_an_id_beside_a_name_nobody_bears_is_not_trusted_where_the_file_itself_doubts_it(
    any_app: App, commune: dict[str, object], tmp_path: Path, attack: str
) -> None:
    """The list sent back, five rows as the bot wrote them, and rows whose id the file itself puts in doubt:
    an id on two rows, a row without the hamlet every other row has, names moved up one row beside the
    ids. A standing on another poor household is the worst outcome: such a row is said back as no
    household of that name, nothing is said matched by its id, and no standing lands on the id's household
    (decision 0460, amending 0446)."""
    households = commune["households"]

    def h(name: str) -> int:
        return households[("Thôn 1", name)]  # type: ignore[index]

    rows: list[tuple[int, str, str]] = [
        (h(name), ("Hộ bà " if " Thị " in name else "Hộ ông ") + name, "Thôn 1")
        for name in ("Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Vũ Thị Giang", "Lý Văn Oanh")
    ]
    if attack == "one id on two rows":
        rows += [(h("Đặng Văn Hải"), "Hộ bà Nguyễn Thị Thu", "Thôn 1")]
        rows += [(h("Đặng Văn Hải"), "Hộ ông Trần Văn Mới", "Thôn 1")]
        doubted = {7: "Hộ bà Nguyễn Thị Thu", 8: "Hộ ông Trần Văn Mới"}
    elif attack == "a row without its hamlet":
        rows += [(h("Đặng Văn Hải"), "Hộ ông Trần Văn Mới", "")]
        doubted = {7: "Hộ ông Trần Văn Mới"}
    else:  # Bùi Thị Hoa's name deleted, the cells below moved up: Khánh's corrected name beside Hoa's id
        rows += [
            (h("Bùi Thị Hoa"), "Hộ ông Đỗ Văn Khang", "Thôn 1"),
            (h("Đỗ Văn Khánh"), "Hộ bà Hồ Thị Lan", "Thôn 1"),
            (h("Hồ Thị Lan"), "Hộ ông Ngô Văn Minh", "Thôn 1"),
        ]
        doubted = {7: "Hộ ông Đỗ Văn Khang"}
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn", "Phân loại"])
    for number, (household, name, hamlet) in enumerate(rows, start=1):
        sheet.append([number, household, name, hamlet, "Hộ nghèo"])
    path = tmp_path / "ho-ngheo-2026-huyen-sua.xlsx"
    book.save(path)

    officer, screen = await _review_sent(any_app, "officer", path)
    for line, name in doubted.items():
        assert f"• dòng {line}: “{name}”: không có hộ nào tên như vậy trong danh sách" in screen, screen
    assert "khớp theo mã hộ" not in screen, screen
    matched = len(rows) - len(doubted)
    screen = await officer.choose(f"Ghi {matched} hộ khớp")
    assert f"Đã ghi loại hộ của {matched} hộ cho năm 2026." in screen
    async with any_app.sessionmaker() as session:
        saved = set(await session.scalars(select(HouseholdStanding.person_id)))
    assert len(saved) == matched
    assert h("Đặng Văn Hải") not in saved and h("Bùi Thị Hoa") not in saved


async def test_in_a_list_of_names_all_listed_without_accents_every_row_matched_by_id_is_shown_before_saving(
    any_app: App, commune: dict[str, object], tmp_path: Path
) -> None:
    """The commune's households imported from a sheet typed without accents, the list the bot wrote sent back
    with the accents the district writes: 20 rows, each named otherwise than listed. The 19th carries Hoàng
    Văn Em's id beside his widow's name, which no household bears: it is matched by its id, and shown first,
    whole, before “Ghi 20 hộ”, however many rows the accents alone set apart (decision 0466)."""
    households = commune["households"]
    thon = [(hamlet, name) for hamlet in ("Thôn 1", "Thôn 2") for name in NAMES[hamlet]]
    async with any_app.sessionmaker() as session, session.begin():
        for key in thon:
            household = await session.get_one(Person, households[key])  # type: ignore[index]
            household.full_name = fold(household.full_name).title()  # “Ho Ong Hoang Van Em”
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn", "Phân loại"])
    written = [key for key in thon if key[1] != "Hoàng Văn Em"][:18]
    written.insert(18, ("Thôn 1", "Hoàng Văn Em"))
    written.append(("Thôn 2", "Quách Thị Cúc"))
    for number, (hamlet, name) in enumerate(written, start=1):
        typed = ("Hộ bà " if " Thị " in name else "Hộ ông ") + name
        typed = "Hộ bà Nguyễn Thị Thu" if name == "Hoàng Văn Em" else typed
        sheet.append([number, households[(hamlet, name)], typed, hamlet, "Hộ nghèo"])  # type: ignore[index]
    path = tmp_path / "ho-ngheo-2026-huyen-sua.xlsx"
    book.save(path)

    officer, screen = await _review_sent(any_app, "officer", path)
    assert "ho-ngheo-2026-huyen-sua.xlsx: khớp 20 hộ" in screen, screen
    em = households[("Thôn 1", "Hoàng Văn Em")]  # type: ignore[index]
    widow = f"• dòng 20: mã hộ {em} “Ho Ong Hoang Van Em”: tệp ghi “Hộ bà Nguyễn Thị Thu”"
    assert widow in screen, screen
    accents = screen.index("Tệp ghi tên có dấu, danh sách hộ ghi không dấu")
    assert screen.index(widow) < accents and "… và 4 dòng khác." in screen[accents:], screen
    screen = await officer.choose("Ghi 20 hộ")
    assert "Đã ghi loại hộ của 20 hộ cho năm 2026." in screen


async def test_two_years_figures_say_who_got_out_who_fell_in_and_who_pledged_and_got_out(
    any_app: App, commune: dict[str, object]
) -> None:
    households = commune["households"]
    shell = Operator(commune["org"].id)  # type: ignore[attr-defined]

    def h(hamlet: str, name: str) -> int:
        return households[(hamlet, name)]  # type: ignore[index]

    last_year = {
        h("Thôn 1", "Trần Thị Bích"): "poor",
        h("Thôn 1", "Lê Văn Cường"): "poor",
        h("Thôn 1", "Phạm Thị Dung"): "near_poor",
        h("Thôn 2", "Mai Thị Quế"): "poor",
        h("Thôn 2", "Đinh Văn Sơn"): "none",
        h("Thôn 3", "Tạ Thị Hằng"): "near_poor",
    }
    this_year = {
        h("Thôn 1", "Trần Thị Bích"): "out",  # got out, and had pledged
        h("Thôn 1", "Lê Văn Cường"): "poor",  # still poor, had pledged
        h("Thôn 1", "Phạm Thị Dung"): "none",  # got out
        h("Thôn 2", "Mai Thị Quế"): "near_poor",  # still listed
        h("Thôn 2", "Đinh Văn Sơn"): "poor",  # fell in
        h("Thôn 3", "Tạ Thị Hằng"): "out",  # got out, had pledged
    }
    async with any_app.sessionmaker() as session, session.begin():
        for year, standings in ((2025, last_year), (2026, this_year)):
            for person, standing in standings.items():
                await set_standing(session, shell, person, year, standing, now=NOW)
        # A correction the same year: appended, the latest counts; last year's stays.
        assert not await set_standing(session, shell, h("Thôn 2", "Mai Thị Quế"), 2026, "near_poor", now=NOW)
        pledged = (h("Thôn 1", "Trần Thị Bích"), h("Thôn 1", "Lê Văn Cường"), h("Thôn 3", "Tạ Thị Hằng"))
        await pledge_to_get_out(session, commune["campaign"].id, *pledged)  # type: ignore[attr-defined]
    async with any_app.sessionmaker() as session:
        figures = await standing_figures(session, commune["org"].id, 2026)  # type: ignore[attr-defined]
        assert set(await session.scalars(select(HouseholdStanding.year))) == {2025, 2026}  # last year's kept
    total = figures.total
    assert (total.poor_start, total.near_poor_start) == (3, 2)
    assert (total.poor, total.near_poor, total.newly_out) == (2, 1, 2)
    assert (total.got_out, total.fell_in) == (3, 1)
    assert (total.pledged, total.pledged_got_out) == (3, 2)
    by_unit = {name: counts for name, counts in figures.units}
    assert (by_unit["Thôn 1"].got_out, by_unit["Thôn 1"].pledged, by_unit["Thôn 1"].pledged_got_out) == (
        2,
        2,
        1,
    )
    assert (by_unit["Thôn 2"].fell_in, by_unit["Thôn 2"].got_out) == (1, 0)
    assert (by_unit["Thôn 3"].got_out, by_unit["Thôn 3"].pledged_got_out) == (1, 1)

    # The year's report carries the counts, per hamlet, and no household's name.
    async with any_app.sessionmaker() as session:
        report = await year_report(session, commune["org"].id, 2026, today=NOW.date(), actor=shell)  # type: ignore[attr-defined]
    assert report.poverty is not None and report.poverty.total.got_out == 3
    path = Path(str(any_app.settings.media_dir)) / "bao-cao.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_year_report(report, path)
    text = "\n".join(
        [p.text for p in docx.Document(str(path)).paragraphs]
        + [c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells]
    )
    assert "Hộ nghèo: đầu năm 3, hiện nay 2; hộ cận nghèo: đầu năm 2, hiện nay 1." in text
    assert "Số hộ thoát nghèo trong năm: 3; số hộ tái nghèo, phát sinh nghèo: 1." in text
    assert "Số hộ tự nguyện đăng ký thoát nghèo: 3; trong đó đã thoát nghèo: 2." in text
    assert "Thôn 1\n2 → 1\n1 → 0\n2\n0\n1/2" in text  # the hamlet's row of the table
    for name in ("Bích", "Cường", "Dung", "Quế", "Sơn", "Hằng"):
        assert name not in text

    # A hamlet's report: its own counts, without the table.
    async with any_app.sessionmaker() as session:
        hamlet = await year_report(
            session,
            commune["org"].id,  # type: ignore[attr-defined]
            2026,
            today=NOW.date(),
            actor=shell,
            unit_id=commune["units"]["Thôn 1"].id,  # type: ignore[index]
        )
    write_year_report(hamlet, path)
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "3. Kết quả giảm nghèo" in paragraphs
    assert "Số hộ thoát nghèo trong năm: 2; số hộ tái nghèo, phát sinh nghèo: 0." in paragraphs

    # The period's review report: the same counts, a row each, in the year's column and the period's total.
    async with any_app.sessionmaker() as session:
        campaign = await find_campaign(session, commune["org"].id, NOW.date())  # type: ignore[attr-defined]
        phase = await phase_report(session, commune["org"].id, campaign, today=NOW.date(), actor=shell)  # type: ignore[attr-defined]
    write_phase_report(phase, path)
    rows = [[c.text for c in r.cells] for t in docx.Document(str(path)).tables for r in t.rows]
    assert ["Số hộ thoát nghèo", "3", "3"] in rows
    assert ["Số hộ tái nghèo, phát sinh nghèo", "1", "1"] in rows
    assert ["Hộ nghèo (theo rà soát của năm)", "2", "—"] in rows  # counted each year, never added up


async def test_a_household_newly_out_in_the_communes_first_review_counts_as_out_once(
    any_app: App, commune: dict[str, object]
) -> None:
    """The commune's first year with the bot has no review of the year before: the district's list names
    households “mới thoát nghèo”, and the figures said nobody got out, nor any pledge kept — the household
    that pledged and got out read “of them out of poverty: 0”. Newly out with no standing the year before is
    out that year; newly out two years running is out once, in the first."""
    households, shell = commune["households"], Operator(commune["org"].id)  # type: ignore[attr-defined]
    lan, oanh = households[("Thôn 1", "Hồ Thị Lan")], households[("Thôn 1", "Lý Văn Oanh")]  # type: ignore[index]
    async with any_app.sessionmaker() as session, session.begin():
        await set_standing(session, shell, lan, 2026, "out", now=NOW)  # not reviewed in 2025
        await set_standing(session, shell, oanh, 2025, "out", now=NOW)
        await set_standing(session, shell, oanh, 2026, "out", now=NOW)  # still newly out: not again
        await pledge_to_get_out(session, commune["campaign"].id, lan)  # type: ignore[attr-defined]
    async with any_app.sessionmaker() as session:
        this_year = (await standing_figures(session, commune["org"].id, 2026)).total  # type: ignore[attr-defined]
        last_year = (await standing_figures(session, commune["org"].id, 2025)).total  # type: ignore[attr-defined]
        records = await household_records(session, commune["org"].id, [lan], [2026])  # type: ignore[attr-defined]
    assert (this_year.newly_out, this_year.got_out) == (2, 1)
    assert (this_year.pledged, this_year.pledged_got_out) == (1, 1)
    assert last_year.got_out == 1  # Oanh, in 2025's review
    assert records[lan].kept([2026]) == [2026]  # her achievement report says the pledge was kept
    # The commune's officer reads her among the households by name, as on the district's sheet: the chat's
    # list counted her out and named only the poor and near-poor of the two years.
    officer = _chat(any_app, "officer")
    assert "Số hộ thoát nghèo trong năm: 1;" in await officer.say("/hongheo")
    screen = await officer.choose("Danh sách hộ")
    assert "Hộ nghèo, cận nghèo và hộ mới thoát nghèo năm 2026" in screen
    assert "• Hộ bà Hồ Thị Lan (Thôn 1): chưa rà soát → hộ mới thoát nghèo" in screen


async def test_on_new_years_night_the_next_years_standing_is_taken_as_the_chat_offers_it(
    any_app: App, commune: dict[str, object]
) -> None:
    """01:00 on 1 January 2027 in Vietnam is still 2026 in UTC: the chat took /hongheo 2028 (the new year's
    next), and the save was refused as if the officer's role were gone."""
    shell, an = Operator(commune["org"].id), commune["households"][("Thôn 1", "Nguyễn Văn An")]  # type: ignore[attr-defined,index]
    new_years_night = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)
    async with any_app.sessionmaker() as session, session.begin():
        assert await set_standing(session, shell, an, 2028, "near_poor", now=new_years_night)
        with pytest.raises(PovertyError) as refused:
            await set_standing(session, shell, an, 2029, "poor", now=new_years_night)
    assert refused.value.reason == "year"


async def test_a_member_or_another_hamlets_officer_neither_reads_names_nor_sets_a_standing(
    any_app: App, commune: dict[str, object]
) -> None:
    households = commune["households"]
    in_thon2 = households[("Thôn 2", "Mai Thị Quế")]  # type: ignore[index]
    officer1 = await _actor(any_app, commune, "hamlet1")
    member = await _actor(any_app, commune, "member")
    leader2 = await _actor(any_app, commune, "leader2")
    whole = await _actor(any_app, commune, "officer")
    async with any_app.sessionmaker() as session, session.begin():
        await set_standing(session, whole, in_thon2, YEAR, "poor", now=NOW)
        household = await session.get_one(Person, in_thon2)
        assert may_see_poverty_standing(leader2, household) and not may_set_poverty_standing(
            leader2, household
        )
        assert not may_see_poverty_standing(officer1, household)
        assert not may_see_poverty_standing(member, household)
        for actor in (officer1, member, leader2):
            with pytest.raises(PovertyError) as refused:
                await set_standing(session, actor, in_thon2, YEAR, "none", now=NOW)
            assert refused.value.reason == "not_allowed"
        assert [h.name for h in await listed_households(session, leader2, YEAR)] == ["Hộ bà Mai Thị Quế"]
        assert await listed_households(session, officer1, YEAR) == []
        assert await listed_households(session, member, YEAR) == []
        # The rule and its condition on the person table give the same answers.
        for actor in (officer1, member, leader2, whole):
            seen = set(await session.scalars(select(Person.id).where(poverty_households_of(actor))))
            everyone = list(await session.scalars(select(Person).where(Person.kind == "household")))
            assert seen == {p.id for p in everyone if may_see_poverty_standing(actor, p)}
        # The officer of Thôn 1 sending the list: Thôn 2's rows are not theirs, and nothing is written.
        rows = [FileRow(4, "Mai Thi Que", "", "", "Không", ""), FileRow(5, "Tran Thi Bich", "", "", "CN", "")]
        plan = await plan_standing_file(
            session, officer1, commune["org"].id, rows, year=YEAR, today_year=2026
        )  # type: ignore[attr-defined]
        assert [(p.line, p.reason) for p in plan.problems] == [(4, "not_yours")]
        with pytest.raises(PovertyError):
            await plan_standing_file(session, member, commune["org"].id, rows, year=YEAR, today_year=2026)  # type: ignore[attr-defined]
    async with any_app.sessionmaker() as session:
        standing = await session.scalar(
            select(HouseholdStanding.standing)
            .where(HouseholdStanding.person_id == in_thon2)
            .order_by(HouseholdStanding.id.desc())
        )
    assert standing == "poor"


def _chat(app: App, key: str, *, files: bool = True) -> Scripted:
    channel = CollectingChannel(app.engine, BUTTONS, can_send_files=files)
    return Scripted(channel, key, MovableClock(NOW))


async def _send_file(app: App, person: Scripted, path: Path) -> str:
    stored = store(app.settings.media_dir, path.read_bytes(), ".xlsx")
    person.clock.advance(seconds=1)
    sent = Attachment(path.name, stored.sha256, stored.path, stored.size)
    person.last = await person.channel.receive(person.chat_id, attachment=sent, at=person.clock())
    return person.screen


async def _review_sent(app: App, who: str, path: Path) -> tuple[Scripted, str]:
    """`who`'s chat (`_chat`) sends the review list at `path` from /hongheo; the chat and what it shows."""
    person = _chat(app, who)
    await person.say("/hongheo")
    await person.choose("Gửi danh sách rà soát")
    return person, await _send_file(app, person, path)


@pytest.mark.sqlite_only
async def test_an_officer_sends_the_list_in_the_chat_sees_what_was_left_out_and_saves_the_matched(
    any_app: App, commune: dict[str, object], tmp_path: Path
) -> None:
    officer = _chat(any_app, "officer")
    screen = await officer.say("/hongheo")
    assert "Hộ trong rà soát hộ nghèo năm 2026:" in screen
    await officer.choose("Gửi danh sách rà soát")
    screen = await _send_file(any_app, officer, write_list(tmp_path / "ra-soat-2026.xlsx", forty_rows()))
    assert "ra-soat-2026.xlsx: khớp 37 hộ" in screen
    assert "Dòng bỏ qua: 3." in screen
    assert "• dòng 42: “Trần Thị Vắng”: không có hộ nào tên như vậy trong danh sách" in screen
    assert [c.label for c in officer.menu.choices][:2] == [
        "Ghi 37 hộ khớp, bỏ qua các dòng còn lại",
        "Gửi tệp khác",
    ]
    screen = await officer.choose("Ghi 37 hộ khớp")
    assert "Đã ghi loại hộ của 37 hộ cho năm 2026." in screen
    async with any_app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(HouseholdStanding)) == 37
    screen = await officer.choose("Danh sách hộ")
    assert "• Hộ ông Nguyễn Văn An (Thôn 1): chưa rà soát → hộ nghèo" in screen
    assert "• Hộ ông Nguyễn Văn An (Thôn 3): chưa rà soát → hộ nghèo" in screen
    # The whole list as the district's file (the chat names 40): the commune's for its officer, a hamlet's
    # for its head.
    screen = await officer.choose("Cả danh sách thành tệp")
    assert "Danh sách rà soát năm 2026: 37 hộ nghèo, cận nghèo hoặc mới thoát nghèo" in screen
    leader2 = _chat(any_app, "leader2")
    await leader2.say("/hongheo")
    await leader2.choose("Danh sách hộ")
    await leader2.choose("Cả danh sách thành tệp")
    for reader, hamlets, count in ((officer, {"Thôn 1", "Thôn 2", "Thôn 3"}, 37), (leader2, {"Thôn 2"}, 12)):
        [handed] = reader.channel.transport.documents(reader.chat_id)
        assert handed.document is not None and handed.document.name == "ho-ngheo-can-ngheo-2026.xlsx"
        sheet = load_workbook(any_app.settings.media_dir / handed.document.path).active
        listed = [row for row in sheet.iter_rows(min_row=6, values_only=True) if row[2]]
        assert len(listed) == count and {row[3] for row in listed} == hamlets


@pytest.mark.sqlite_only
async def test_a_hamlets_officer_sending_the_communes_whole_list_sees_the_rows_to_correct_first(
    any_app: App, commune: dict[str, object], tmp_path: Path
) -> None:
    """The district's list holds every hamlet: the other hamlets' 24 rows are one line, not the 15 shown
    before the names nobody lists; only Thôn 1's are saved."""
    officer1, screen = await _review_sent(
        any_app, "hamlet1", write_list(tmp_path / "ra-soat-2026.xlsx", forty_rows())
    )
    assert "ra-soat-2026.xlsx: khớp 13 hộ" in screen
    assert "Dòng bỏ qua: 27." in screen
    assert "• dòng 42: “Trần Thị Vắng”: không có hộ nào tên như vậy trong danh sách" in screen
    assert "24 dòng là hộ của thôn khác (Thôn 2, Thôn 3): để cán bộ thôn đó ghi." in screen
    assert "không thuộc đơn vị" not in screen
    screen = await officer1.choose("Ghi 13 hộ khớp")
    assert "Đã ghi loại hộ của 13 hộ cho năm 2026." in screen


async def test_two_households_of_one_name_in_one_hamlet_are_set_one_by_one_not_sent_to_write_the_hamlet(
    any_app: App, commune: dict[str, object], tmp_path: Path
) -> None:
    """Two “Trần Thị Bích” in Thôn 1: the row, its hamlet written, was said back “cần ghi thôn” — written
    already, and no hamlet tells the two apart. The officer is told to set each one by one."""
    async with any_app.sessionmaker() as session, session.begin():
        session.add(
            Person(
                org_id=commune["org"].id,  # type: ignore[attr-defined]
                unit_id=commune["units"]["Thôn 1"].id,  # type: ignore[index]
                full_name="Hộ bà Trần Thị Bích",
                name_key=fold("Hộ bà Trần Thị Bích"),
                kind="household",
                listed=True,
                created_at=NOW,
            )
        )
    officer1 = _chat(any_app, "hamlet1")
    await officer1.say("/hongheo")
    await officer1.choose("Gửi danh sách rà soát")
    rows = [("Trần Thị Bích", "Thôn 1", "HN"), ("tran thi bich", "", "CN"), ("Lê Văn Cường", "Thôn 1", "CN")]
    screen = await _send_file(any_app, officer1, write_list(tmp_path / "ra-soat-2026.xlsx", rows))

    assert "khớp 1 hộ" in screen and "cần ghi thôn" not in screen
    for line in (4, 5):
        assert (
            f"• dòng {line}: “{rows[line - 4][0]}”: có 2 hộ trùng tên ở Thôn 1, tệp không phân biệt được: "
            "anh/chị vui lòng ghi từng hộ (Cập nhật một hộ)" in screen
        ), screen


@pytest.mark.sqlite_only
async def test_a_year_or_an_id_in_other_digits_is_a_row_left_out_not_a_failed_turn(
    any_app: App, commune: dict[str, object], tmp_path: Path
) -> None:
    """A superscript “²”, Arabic-Indic digits or a pasted run of nines where the year or the id is: each such
    row is said back as left out, the file's other rows still offered."""
    path = tmp_path / "ra-soat.csv"
    path.write_text(
        "Mã hộ;Họ và tên chủ hộ;Phân loại;Năm\n"
        "²;Trần Văn Ba;HN;²\n"
        ";Lê Thị Cúc;CN;٢٠٢٦\n"
        f";Phạm Thị Dung;HN;{'9' * 5000}\n"
        "²;Đặng Văn Hải;Thoát nghèo;2026\n",
        encoding="utf-8",
    )
    officer = _chat(any_app, "officer")
    await officer.say("/hongheo")
    await officer.choose("Gửi danh sách rà soát")
    stored = store(any_app.settings.media_dir, path.read_bytes(), ".csv")
    officer.clock.advance(seconds=1)
    sent = Attachment(path.name, stored.sha256, stored.path, stored.size)
    officer.last = await officer.channel.receive(officer.chat_id, attachment=sent, at=officer.clock())
    screen = officer.screen
    assert "ra-soat.csv: khớp 1 hộ" in screen  # the household whose id is “²”, found by its name
    assert "Dòng bỏ qua: 3." in screen
    assert "• dòng 2: “²”: năm không hợp lệ" in screen
    assert "• dòng 3: “٢٠٢٦”: năm không hợp lệ" in screen
    assert "• dòng 4: “999" in screen
    # The district's decision for 2027, its rows so dated, sent in November: saved as 2027's, and said so
    # (it said “năm 2026”, the year the chat had opened on, and opened on 2026's figures unchanged)
    path.write_text(
        "Họ và tên chủ hộ;Thôn;Phân loại;Năm\n"
        "Đặng Văn Hải;;Thoát nghèo;2027\ntrinh van phuc;Thôn 3;HN;2027\n",
        encoding="utf-8",
    )
    await officer.choose("Gửi tệp khác")
    stored = store(any_app.settings.media_dir, path.read_bytes(), ".csv")
    officer.clock.advance(seconds=1)
    sent = Attachment(path.name, stored.sha256, stored.path, stored.size)
    officer.last = await officer.channel.receive(officer.chat_id, attachment=sent, at=officer.clock())
    assert "ra-soat.csv: khớp 2 hộ" in officer.screen and "Các dòng khớp là của năm 2027" in officer.screen
    # Phúc moved to Thôn 3, still listed in Thôn 2: matched by his name, and said, as his hamlet is where he
    # receives and signs (it was matched unsaid)
    assert "• dòng 3: “Hộ ông Trịnh Văn Phúc”: tệp ghi Thôn 3, danh sách hộ ghi Thôn 2" in officer.screen
    screen = await officer.choose("Ghi 2 hộ")
    assert "Đã ghi loại hộ của 2 hộ cho năm 2027." in screen and "năm 2026" not in screen
    assert "Hộ trong rà soát hộ nghèo năm 2027:" in screen
    async with any_app.sessionmaker() as session:
        assert set(await session.scalars(select(HouseholdStanding.year))) == {2027}
    screen = await officer.say("/hongheo 2028")  # the years it takes, the new year's the last
    assert "Anh/chị vui lòng ghi năm từ 2000 đến 2027, ví dụ: /hongheo 2027" in screen
    screen = await officer.say("/hongheo")  # this year's still, the new year's named: it was not said
    assert "Hộ trong rà soát hộ nghèo năm 2026:" in screen
    assert "(Đã có danh sách rà soát năm 2027: /hongheo 2027)" in screen


async def test_an_officer_sets_one_household_found_by_name_and_a_forged_pick_is_refused(
    any_app: App, commune: dict[str, object]
) -> None:
    officer1 = _chat(any_app, "hamlet1")
    await officer1.say("/hongheo 2026")
    await officer1.choose("Cập nhật một hộ")
    screen = await officer1.say("mai thi que")  # a household of Thôn 2: not this officer's
    assert "Không có hộ nào thuộc các thôn anh/chị phụ trách có “mai thi que” trong tên" in screen
    screen = await officer1.say("tran thi bich")
    screen = await officer1.choose("Hộ bà Trần Thị Bích")
    assert "Hộ bà Trần Thị Bích: năm 2025 chưa rà soát; năm 2026 chưa rà soát." in screen
    screen = await officer1.choose("Hộ cận nghèo")
    assert "Đã ghi: Hộ bà Trần Thị Bích năm 2026: hộ cận nghèo." in screen

    # A forged press (the pick of a household of Thôn 2, never offered) changes nothing.
    in_thon2 = commune["households"][("Thôn 2", "Mai Thị Quế")]  # type: ignore[index]
    await officer1.choose("Cập nhật một hộ")
    await officer1.say("tran thi bich")
    menu = officer1.menu
    officer1.clock.advance(seconds=1)
    officer1.last = await officer1.channel.receive(
        "hamlet1", choice=officer1.channel.payload(menu, f"p{in_thon2}"), at=officer1.clock()
    )
    assert "Mai Thị Quế" not in officer1.screen
    # The household offered, then the officer moved to Thôn 3 before pressing: the domain refuses.
    await officer1.choose("Hộ bà Trần Thị Bích")
    async with any_app.sessionmaker() as session, session.begin():
        role = await session.scalar(
            select(RoleAssignment).where(RoleAssignment.person_id == commune["staff"]["hamlet1"].id)  # type: ignore[index]
        )
        assert role is not None
        role.unit_id = commune["units"]["Thôn 3"].id  # type: ignore[index]
    screen = await officer1.choose("Hộ nghèo")
    assert "Chỉ cán bộ của thôn có hộ, hoặc của toàn xã, mới cập nhật loại hộ." in screen  # a commune's words
    async with any_app.sessionmaker() as session:
        standings = list(await session.scalars(select(HouseholdStanding.standing)))
    assert standings == ["near_poor"]

    member = _chat(any_app, "member")
    screen = await member.say("/hongheo")
    assert "Loại hộ trong rà soát hộ nghèo dành cho cán bộ và lãnh đạo." in screen


async def test_in_january_the_chat_opens_on_last_years_review_as_the_shell_does(
    any_app: App, commune: dict[str, object], clock: MovableClock
) -> None:
    """The district's decision of the autumn review reaches the commune on 8 January: /hongheo counts and
    sets 2026's standing, says so, and names the command for 2027's (decision 0267)."""
    clock.at = datetime(2027, 1, 8, 2, 0, tzinfo=UTC)
    officer1 = Scripted(CollectingChannel(any_app.engine, BUTTONS), "hamlet1", clock)
    screen = await officer1.say("/hongheo")
    assert "Hộ trong rà soát hộ nghèo năm 2026:" in screen
    assert "(Tháng 1: rà soát của năm trước; xem năm 2027: /hongheo 2027)" in screen
    await officer1.choose("Cập nhật một hộ")
    await officer1.say("tran thi bich")
    screen = await officer1.choose("Hộ bà Trần Thị Bích")
    assert "Hộ bà Trần Thị Bích: năm 2025 chưa rà soát; năm 2026 chưa rà soát." in screen
    screen = await officer1.choose("Hộ cận nghèo")
    assert "Đã ghi: Hộ bà Trần Thị Bích năm 2026: hộ cận nghèo." in screen
    async with any_app.sessionmaker() as session:
        assert list(await session.execute(select(HouseholdStanding.year, HouseholdStanding.standing))) == [
            (2026, "near_poor")
        ]
    screen = await officer1.say("/hongheo 2027")
    assert "Hộ trong rà soát hộ nghèo năm 2027:" in screen
    assert "Tháng 1" not in screen


def test_the_shell_sets_the_standing_from_the_communes_list_after_a_dry_run(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """… and, loaded in January without --year, as last year's review, saying so (decision 0267)."""
    cli = Cli(tmp_path, db_path)
    ok(cli("org", "create", "--code", "XA", "--name", "UBND xã Thử"))
    staff = tmp_path / "danh-sach.csv"
    staff.write_text(
        "Đơn vị,Họ và tên,Loại\n"
        "Thôn 1,Hộ ông Nguyễn Văn An,hộ gia đình\n"
        "Thôn 3,Hộ ông Nguyễn Văn An,hộ gia đình\n"
        "Thôn 2,Hộ bà Hồ Thị Lan,hộ gia đình\n",
        encoding="utf-8",
    )
    ok(cli("org", "import", str(staff)))
    review = tmp_path / "ra-soat.csv"
    review.write_text(
        "Họ và tên chủ hộ;Thôn;Phân loại\n"
        "nguyen van an;thon 3;HN\n"
        "Nguyễn Văn An;;CN\n"
        "ho thi lan;Thôn 4;Mới thoát nghèo\n"
        "Trần Văn Vắng;Thôn 2;Cận nghèo\n",
        encoding="utf-8",
    )
    out = ok(cli("households", "standing", str(review), "--year", "2026", "--dry-run"))
    # in the commune's Vietnamese, as `households list` (decision 1660)
    assert (
        "ra-soat.csv: số dòng: 4; khớp: 2 (hộ nghèo 1, hộ mới thoát nghèo 1), cần thay đổi: 2; bỏ qua: 2."
        in out
    )
    assert "  dòng 3: “Nguyễn Văn An” — có hộ trùng tên ở Thôn 1, Thôn 3: cần ghi thôn\n" in out
    assert "  dòng 5: “Trần Văn Vắng” — không có hộ nào trong danh sách mang tên hay mã hộ này\n" in out
    assert "  dòng 4: “Hộ bà Hồ Thị Lan” — tệp ghi Thôn 4, danh sách ghi Thôn 2 (khớp theo tên" in out
    assert out.endswith("Chạy thử: chưa ghi gì.\n")
    refused = cli("households", "standing", str(review), "--year", "2026")
    assert refused.returncode == 1
    assert refused.stdout.endswith(
        "Chưa ghi gì: hãy sửa các dòng trên rồi chạy lại, hoặc thêm --matched-only.\n"
    )
    assert query(cli.db, "SELECT count(*) FROM household_standing") == [(0,)]
    january = datetime(2027, 1, 8, 2, 0, tzinfo=UTC)  # the district's decision of the autumn review came late
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: january))
    out = ok(cli("households", "standing", str(review), "--matched-only"))
    assert out.startswith(
        "Kết quả rà soát năm 2026 (không ghi --year: tháng Một tính kỳ rà soát năm trước); muốn xem năm "
        "2027, thêm --year 2027.\n"
    )
    assert out.endswith("Đã ghi phân loại cho năm 2026: 2 hộ.\n")
    correction = tmp_path / "ra-soat-2027.csv"  # its rows of 2027: written, and said, for 2027
    correction.write_text(
        "Họ và tên chủ hộ;Thôn;Phân loại;Năm\nho thi lan;Thôn 2;HN;2027\n", encoding="utf-8"
    )
    out = ok(cli("households", "standing", str(correction)))
    assert out.endswith("Đã ghi phân loại cho năm 2027: 1 hộ.\n") and "2026" not in out
    assert sorted(query(cli.db, "SELECT year, standing, source, set_by FROM household_standing")) == [
        (2026, "out", "file", None),
        (2026, "poor", "file", None),
        (2027, "poor", "file", None),
    ]
    # The list sent up to the district: the counts as /hongheo's, in the columns it is read back with.
    sent_up = tmp_path / "ho-ngheo-2026.xlsx"
    out = ok(cli("households", "list", "--xlsx", str(sent_up)))  # in the commune's Vietnamese (1442)
    assert out.startswith(
        "Kết quả rà soát năm 2026 (không ghi --year: tháng Một tính kỳ rà soát năm trước); muốn xem năm "
        "2027, thêm --year 2027.\nRà soát hộ nghèo năm 2026 (đầu kỳ → hiện nay):\n"
    )
    assert (
        "  Thôn 3: hộ nghèo 0 → 1, cận nghèo 0 → 0, mới thoát nghèo 0; thoát nghèo 0, tái nghèo, phát sinh "
        "0\n" in out
    )
    assert f"Đã ghi {sent_up}: số hộ trong danh sách: 2." in out
    sheet = load_workbook(sent_up).active
    rows = list(sheet.iter_rows(min_row=2, max_row=7, values_only=True))
    assert rows[0][0] == "DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO, HỘ MỚI THOÁT NGHÈO NĂM 2026"
    assert rows[1][0] == "Ngày lập: 08/01/2027"
    assert rows[3] == ("STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn", "Năm 2025", "Phân loại")
    assert rows[4][2:] == ("Hộ bà Hồ Thị Lan", "Thôn 2", "chưa rà soát", "hộ mới thoát nghèo")
    assert rows[5][2:] == ("Hộ ông Nguyễn Văn An", "Thôn 3", "chưa rà soát", "hộ nghèo")
    assert sheet["E9"].value == "Tổng cộng: hộ nghèo: 1; hộ mới thoát nghèo: 1"
    out = ok(cli("households", "standing", str(sent_up), "--dry-run"))  # sent back as it went: read whole
    assert (
        "ho-ngheo-2026.xlsx: số dòng: 2; khớp: 2 (hộ nghèo 1, hộ mới thoát nghèo 1), cần thay đổi: 0" in out
    )
    # Back from the district with An's widow now the head: matched by its id, said, the list's name kept.
    sheet["C7"] = "Hộ bà Lò Thị Hạnh"
    sheet.parent.save(sent_up)
    an = sheet["B7"].value
    out = ok(cli("households", "standing", str(sent_up), "--dry-run"))
    assert "khớp: 2 (hộ nghèo 1, hộ mới thoát nghèo 1), cần thay đổi: 0; bỏ qua: 0." in out
    assert (
        f"  dòng 7: mã hộ {an} “Hộ ông Nguyễn Văn An” — tệp ghi “Hộ bà Lò Thị Hạnh”, chỉ khớp theo mã hộ: "
        "hãy kiểm tra đúng là hộ này (danh sách giữ tên đang có; muốn lấy tên trong tệp: "
        f'chungtay people rename {an} "Hộ bà Lò Thị Hạnh")' in out
    )
    # The district's list now says she is near-poor: a row matched by its id alone is written only once the
    # office, having read it, says to (decision 0466).
    sheet["F7"] = "Cận nghèo"
    sheet.parent.save(sent_up)
    refused = cli("households", "standing", str(sent_up))
    assert refused.returncode == 1, refused.stdout
    assert refused.stdout.endswith(
        "Chưa ghi gì: số dòng ở trên chỉ khớp theo mã hộ (tên trong tệp không phải tên của hộ nào trong danh "
        "sách) mà sẽ thay đổi phân loại: 1. Anh/chị vui lòng kiểm tra từng dòng đúng là hộ huyện muốn ghi, "
        "rồi chạy lại với --trust-ids.\n"
    )
    assert query(cli.db, "SELECT count(*) FROM household_standing") == [(3,)]
    out = ok(cli("households", "standing", str(sent_up), "--trust-ids"))
    assert out.endswith("Đã ghi phân loại cho năm 2026: 1 hộ.\n")
    # An office whose chats speak English reads the same file's lines in English.
    out = ok(
        cli(
            "households", "standing", str(review), "--year", "2026", "--dry-run", env={"DEFAULT_LOCALE": "en"}
        )
    )
    assert "  line 5: “Trần Văn Vắng” — no listed household of that name or id\n" in out
    assert out.endswith("Dry run: nothing written.\n")


async def test_a_reader_whose_units_hold_no_household_is_offered_no_screen_of_zeros(
    any_app: App, commune: dict[str, object]
) -> None:
    """The commune's office (Văn phòng UBND, no household on the list) has a leader: the menu and /help
    offer no “Hộ nghèo, cận nghèo”, and /hongheo typed says plainly that the units hold no household. The
    leader of Thôn 2, whose households were not reviewed this year, reads that none of them is poor or
    near-poor, not a sentence about what they may see."""
    async with any_app.sessionmaker() as session, session.begin():
        org = commune["org"]
        office = Unit(org_id=org.id, code="VP", name="Văn phòng UBND")  # type: ignore[attr-defined]
        session.add(office)
        await session.flush()
        person = Person(
            org_id=org.id,  # type: ignore[attr-defined]
            unit_id=office.id,
            full_name="Chánh Văn phòng",
            name_key=fold("Chánh Văn phòng"),
            kind="staff",
            locale="vi",
            consent_at=NOW,
            created_at=NOW,
        )
        session.add(person)
        await session.flush()
        session.add(
            RoleAssignment(
                person_id=person.id,
                role="leader",
                org_id=org.id,  # type: ignore[attr-defined]
                unit_id=office.id,
                granted_at=NOW,
            )
        )
        session.add(ChannelIdentity(channel="console", external_id="vp", person_id=person.id, created_at=NOW))
    leader = _chat(any_app, "vp")
    await leader.say("/menu")
    assert "Hộ nghèo, cận nghèo" not in [c.label for c in leader.menu.choices]
    assert "/hongheo" not in await leader.say("/help")
    screen = await leader.say("/hongheo")
    assert (
        "Anh/chị không phụ trách thôn nào có hộ trong danh sách của xã, nên không có kết quả rà soát hộ "
        "nghèo, cận nghèo để xem."  # a commune's office: no hamlet of its households to speak of
    ) in screen
    assert "→" not in screen  # no line of zeros

    hamlet = _chat(any_app, "leader2")
    await hamlet.say("/menu")
    assert "Hộ nghèo, cận nghèo" in [c.label for c in hamlet.menu.choices]
    assert "/hongheo" in await hamlet.say("/help")
    await hamlet.say("/hongheo")
    screen = await hamlet.choose("Danh sách hộ")
    assert (
        "Các thôn anh/chị phụ trách không có hộ gia đình nào là hộ nghèo, cận nghèo năm 2026 hay năm 2025."
        in screen
    )
