"""The year's results report: on SQLite and PostgreSQL its figures (members and households, registrations by
criterion, confirmed gifts minus reversals with waiting ones apart, drives, appeals, hardship support, unit by
unit) are what the ledger written here holds, other years and rejected entries left out; a unit leader gets
their unit's and nothing else, a member none; the Word draft reads back with the figures and no giver's name;
in chat a leader is handed the file, a member is told whose it is; the shell writes it too."""

from __future__ import annotations

import functools
import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

import bot.app
from bot.achievement_doc import write_achievement_report
from bot.app import App
from bot.clock import LOCAL_TZ
from bot.db.models import (
    Appeal,
    AwardForm,
    AwardProposal,
    Campaign,
    CaseSupport,
    Commitment,
    CommitmentItem,
    Contribution,
    Criterion,
    Drive,
    HardshipCase,
    Organisation,
    Person,
    RoleAssignment,
    Unit,
)
from bot.domain.access import Operator, actor_for
from bot.domain.achievement import achievement_report
from bot.domain.contributions import NewContribution, decide, record_contribution
from bot.domain.drives import NewDrive, create_drive
from bot.domain.people import merge_people
from bot.domain.phase_report import phase_report
from bot.domain.year_report import ReportError, YearReport, year_report
from bot.i18n import Translator
from bot.phase_report_doc import write_phase_report
from bot.text import fold
from bot.year_report_doc import donors_sentence, reached, write_year_report
from handlers.phase_report import period_line
from handlers.year_report import _confirmed_line
from tests.support.clocks import NOW
from tests.support.joins import joined
from tests.support.ledger import ledger_entry
from tests.support.orgs import Seeded, commit_to, read_back, seed
from tests.support.profiles import on_buttons, on_text_only
from tests.support.templates import Seed
from tests.test_cli import ENGLISH, PLAN_2021, UNIT, Cli, ok, org_template  # noqa: F401 (a fixture)
from tests.test_drives import seed as seed_hospital
from tests.test_flows import give_money

TODAY = date(2026, 12, 1)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


def _gift(
    person: Person, kind: str, amount: int = 0, *, drive: Drive | None = None, **rest: Any
) -> Contribution:
    return ledger_entry(
        person,
        kind,
        amount,
        drive_id=drive.id if drive else None,
        at=local(rest.get("year", 2026), 11, 5, 9),
        **rest,
    )


@pytest.fixture
def database_seed() -> Seed:
    return _seeded


@pytest.fixture
async def org(any_app: App, seeded_copy: Seeded) -> Seeded:
    """The seeded organisation (units A and B; An and Dũng registered) with a household in A that registered,
    A's collective commitment, a Fund drive, gifts of every kind and status, a reversal, a gift of 2025, an
    appeal (and a cancelled one) and a hardship case supported this year and last."""
    return await read_back(any_app.sessionmaker, seeded_copy)


async def _household(session: AsyncSession, org_id: int, unit_id: int, name: str) -> Person:
    """A household of the unit, as a hamlet's list records it."""
    household = Person(
        org_id=org_id, unit_id=unit_id, full_name=name, name_key=fold(name), kind="household", created_at=NOW
    )
    session.add(household)
    await session.flush()
    return household


async def _seeded(session: AsyncSession) -> Seeded:
    seeded = await seed(session, local(2026, 11, 1, 9))
    people = seeded.people
    household = await _household(session, seeded.org.id, seeded.units["A"].id, "Hộ ông Tư")
    people["Hộ ông Tư"] = household
    await commit_to(session, seeded, household, 100_000, year=2026, now=NOW)
    await _collective(session, seeded, 5_000_000)
    drive = Drive(
        org_id=seeded.org.id,
        campaign_id=seeded.campaign.id,
        code="cao-diem",
        title="Cao điểm 2026",
        starts_on=date(2026, 10, 17),
        ends_on=date(2026, 11, 18),
        target_vnd=3_000_000,
        kinds=["money", "goods", "labour"],
        fund=True,
    )
    session.add(drive)
    await session.flush()
    an, binh, dung, ha = (people[name] for name in ("An", "Bình", "Dũng", "Hà"))
    wrong = _gift(binh, "money", 400_000)
    session.add_all(
        [
            _gift(an, "money", 500_000, drive=drive),
            _gift(an, "goods", 300_000),
            _gift(an, "money", 200_000, status="recorded"),  # waiting
            wrong,
            _gift(dung, "money", 1_000_000, drive=drive),
            _gift(dung, "labour", days=2),
            _gift(dung, "money", 9_000_000, status="rejected"),
            _gift(ha, "money", 700_000, year=2025),
            _gift(household, "money", 50_000),
        ]
    )
    await session.flush()
    session.add(_gift(binh, "money", -400_000, reverses=wrong))
    officer = people["Văn phòng"]
    for status, made in (("written", local(2026, 11, 2, 8)), ("cancelled", local(2026, 11, 3, 8))):
        session.add(
            Appeal(
                org_id=seeded.org.id,
                drive_id=drive.id,
                created_by=officer.id,
                text="Kêu gọi ủng hộ",
                audience={},
                recipients=7,
                status=status,
                created_at=made,
                send_at=made,
            )
        )
    award = await session.scalar(
        select(AwardForm).where(AwardForm.campaign_id == seeded.campaign.id, AwardForm.occasion == "yearly")
    )
    assert award is not None
    leader_a = people["Lãnh đạo A"]
    for nominee, unit, withdrawn in (
        (an, "A", None),
        (household, "A", None),
        (None, "B", None),
        (binh, "A", NOW),
    ):
        session.add(
            AwardProposal(
                org_id=seeded.org.id,
                award_form_id=award.id,
                year=2026,
                unit_id=seeded.units[unit].id,
                person_id=nominee.id if nominee else None,
                summary="Tích cực",
                proposed_by=leader_a.id,
                proposed_at=NOW,
                withdrawn_at=withdrawn,
            )
        )
    case = HardshipCase(
        org_id=seeded.org.id,
        subject="household",
        name="Gia đình bà Năm",
        circumstances="Nhà bị lũ cuốn",
        needs="Dựng lại nhà",
        created_at=NOW,
    )
    session.add(case)
    await session.flush()
    for kind, amount, on in (
        ("money", 2_000_000, date(2026, 11, 10)),
        ("goods", 500_000, date(2026, 11, 12)),
        ("money", 9_000_000, date(2025, 12, 1)),
    ):
        session.add(
            CaseSupport(case_id=case.id, kind=kind, amount_vnd=amount, delivered_on=on, created_at=NOW)
        )
    return seeded


async def _collective(session: AsyncSession, seeded: Seeded, target: int) -> None:
    criterion = await session.scalar(
        select(Criterion)
        .where(Criterion.campaign_id == seeded.campaign.id, Criterion.measure == "money")
        .limit(1)
    )
    assert criterion is not None
    unit = seeded.units["A"]
    commitment = Commitment(
        campaign_id=seeded.campaign.id,
        year=2026,
        scope="collective",
        owner_key=f"u:{unit.id}",
        unit_id=unit.id,
        registered_by=seeded.people["Lãnh đạo A"].id,
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(commitment)
    await session.flush()
    session.add(CommitmentItem(commitment_id=commitment.id, criterion_id=criterion.id, target=target))


async def _report(
    app: App, org: Seeded, who: str, unit: str | None = None, year: int = 2026, *, hold: bool = True
) -> YearReport:
    async with app.sessionmaker() as session:
        actor = await actor_for(session, org.people[who])
        return await year_report(
            session,
            org.org.id,
            year,
            today=TODAY,
            actor=actor,
            unit_id=org.units[unit].id if unit else None,
            hold=hold,
        )


@pytest.mark.sqlite_only
async def test_the_organisations_report_holds_what_the_ledger_holds(any_app: App, org: Seeded) -> None:
    report = await _report(any_app, org, "Thủ trưởng")
    assert report.organisation == "Trường Thử" and report.unit is None and report.year == 2026
    assert report.as_of == TODAY and report.campaign is not None and "2026–2030" in report.campaign
    members = report.members
    # Nine staff (two leaders, the office, the head, five members), one household; An, Dũng and it registered.
    assert (members.people, members.registered_people) == (9, 2)
    assert (members.households, members.registered_households) == (1, 1)
    assert report.collective_commitments == 1
    people, collective = report.criteria  # the money pledged by people, and by unit A: never added up
    assert (people.measure, people.part, people.registered, people.total) == ("money", "people", 3, 1_100_000)
    assert (collective.part, collective.registered, collective.total) == ("collective", 1, 5_000_000)
    # Confirmed minus the reversal; the waiting 200.000 apart; the rejected and the 2025 gift nowhere.
    assert (report.confirmed.money, report.confirmed.goods, report.confirmed.labour_days) == (
        1_550_000,
        300_000,
        2,
    )
    assert (report.waiting.money, report.waiting.goods) == (200_000, 0)
    assert (report.gifts, report.reversals, report.givers) == (5, 1, 3)  # Bình's gift was cancelled
    [drive] = report.drives
    assert (drive.title, drive.target_vnd, drive.confirmed.value, drive.gifts) == (
        "Cao điểm 2026",
        3_000_000,
        1_500_000,
        2,
    )
    assert (report.appeals, report.appeal_recipients) == (1, 7)
    assert report.cases_supported == 1
    assert (report.support.money, report.support.goods) == (2_000_000, 500_000)
    by_unit = {line.name: line for line in report.units}
    assert set(by_unit) == {"Phòng A", "Phòng B"}
    a, b = by_unit["Phòng A"], by_unit["Phòng B"]
    assert (a.members.people, a.members.registered_people, a.members.households) == (4, 1, 1)
    assert (b.members.people, b.members.registered_people) == (3, 1)
    # Dũng alone gave Phòng B's money: it goes upward with Phòng A's, the unit of fewest givers next (else
    # the whole less Phòng A's would be his gift); Phòng B's labour days stay on its line.
    assert a.together and b.together and report.together is not None
    assert (a.money_givers, b.money_givers) == (2, 1)  # Bình's gift was cancelled: no giver of A's (0312)
    assert (report.together.name, report.together.confirmed.money, report.together.confirmed.goods) == (
        "Phòng A, Phòng B",
        1_550_000,
        300_000,
    )
    assert (a.confirmed.value, b.confirmed.value, b.confirmed.labour_days) == (0, 0, 2)
    assert report.without_unit is not None and report.without_unit.members.people == 2  # the office, the head
    # The year's standing proposals, counted per award: An, the household and unit B (Bình's was withdrawn).
    [(award, people, households, collectives)] = [
        (p.award, p.people, p.households, p.collectives) for p in report.proposals
    ]
    assert (people, households, collectives) == (1, 1, 1) and award.startswith(
        "Giấy khen"
    )  # a household apart

    earlier = await _report(any_app, org, "Thủ trưởng", year=2025)
    assert earlier.confirmed.money == 700_000 and earlier.as_of == date(2025, 12, 31)
    assert earlier.cases_supported == 1 and earlier.support.money == 9_000_000

    # Chi gives too, so three gave Phòng A's; Dũng gives goods beside his money, and the head, of no unit,
    # 100.000 ₫. Dũng is one giver, not two: with the head's gift the pool is two people's, so it takes in
    # Phòng A, said apart before (decision 2325); the period's review pools as the year's report does.
    # Then the head, who gave in Phòng B before he was made head, is one giver of the pool, not one in Phòng
    # B and one of no unit: the pool is Dũng's and his, so it takes in Phòng A still (decision 2326).
    # Then Hà of Phòng B gives 100.000 ₫, still waiting: Phòng B's line says what is confirmed, Dũng's and
    # the head's, so it counts them, two, and stays pooled (decision 2454), not said as three people's.
    head = org.people["Thủ trưởng"]
    given = [
        [
            _gift(org.people["Chi"], "money", 100_000),
            _gift(org.people["Dũng"], "goods", 200_000),
            _gift(head, "money", 100_000),
        ],
        [_gift(head, "money", 100_000, unit_id=org.units["B"].id)],
        [_gift(org.people["Hà"], "money", 100_000, status="recorded")],
        [_gift(org.people["Dũng"], "goods", 100_000, unit_id=org.units["A"].id)],
    ]
    # Last, Dũng's goods of 100.000 ₫ given in Phòng A before he moved: the pool's goods are An's and his, two
    # people's, so its money and goods stay one figure, not three counted of two units (decision 2537).
    steps = zip(
        given,
        ((3, 1), (3, 2), (3, 2), (3, 2)),
        (1_750_000, 1_850_000, 1_850_000, 1_850_000),
        (True, True, True, True),
        strict=True,
    )
    for gifts, givers, money, together in steps:
        async with any_app.sessionmaker() as session, session.begin():
            session.add_all(gifts)
        report = await _report(any_app, org, "Thủ trưởng")
        async with any_app.sessionmaker() as session:
            campaign = await session.get_one(Campaign, org.campaign.id)
            actor = await actor_for(session, head)
            period = await phase_report(session, org.org.id, campaign, today=TODAY, actor=actor)
        for paper in (report, period):
            a, b = (line for line in paper.units if line.name in ("Phòng A", "Phòng B"))
            assert paper.together is not None and (paper.together.name, paper.together.unit_id) == (
                "Phòng A, Phòng B",
                -1,
            )
            assert a.together and b.together and (a.money_givers, b.money_givers) == givers
            assert paper.together.confirmed.money == money and a.confirmed.value == 0
            assert paper.together.kinds_together is together, paper.together.kind_givers


@pytest.mark.sqlite_only
async def test_a_unit_leader_gets_the_units_report_and_nothing_wider(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    # An and the household gave Phòng A's money and goods, Bình's gift was cancelled: two givers, so the
    # paper, which goes upward, says none of it in đồng (decisions 0310, 0312); its counts stay.
    held = await _report(any_app, org, "Lãnh đạo A", "A")
    assert held.money_held and held.money_givers == 2 and held.givers == 2
    assert (held.confirmed.money, held.confirmed.goods, held.waiting.money) == (0, 0, 0)
    report = await _report(any_app, org, "Lãnh đạo A", "A", hold=False)  # what it holds back, as counted
    assert report.unit == "Phòng A" and report.units == [] and report.appeals == 0
    assert (report.members.people, report.members.registered_people) == (4, 1)
    assert (report.members.households, report.members.registered_households) == (1, 1)
    assert (report.confirmed.money, report.confirmed.goods, report.confirmed.labour_days) == (
        550_000,
        300_000,
        0,
    )
    assert report.waiting.money == 200_000
    assert (report.gifts, report.reversals, report.givers) == (3, 1, 2)
    assert report.collective_commitments == 1
    people, collective = report.criteria
    assert (people.registered, people.total, collective.registered, collective.total) == (
        2,
        600_000,
        1,
        5_000_000,
    )
    # two people's targets in đồng are their pledges, not said upward; the unit's own is (decision 0314)
    assert (people.held, collective.held) == (True, False)
    [drive] = report.drives
    assert drive.confirmed.value == 500_000  # the unit's own gifts to the drive
    assert report.cases_supported == 0  # hardship support is the organisation's, never in a unit's report
    assert [(p.people, p.households, p.collectives) for p in report.proposals] == [(1, 1, 0)]  # not unit B's

    for who, unit in (("Lãnh đạo A", None), ("Lãnh đạo A", "B"), ("An", "A"), ("Lãnh đạo B", "A")):
        with pytest.raises(ReportError) as refused:
            await _report(any_app, org, who, unit)
        assert refused.value.reason == "not_allowed"
    assert (await _report(any_app, org, "Văn phòng", "B")).unit == "Phòng B"  # an organisation-wide admin
    async with any_app.sessionmaker() as session:
        with pytest.raises(ReportError):  # the shell of another organisation
            await year_report(session, org.org.id, 2026, today=TODAY, actor=Operator(org.org.id + 1))

    # Chi's 300.000 ₫ waits too: three gave, so the paper says Phòng A's money, but what waits is An's and
    # Chi's alone, and the leader would read it; it is not said (decision 2463), nor what is confirmed, An's
    # and the household's alone (decision 2546), nor drive by drive.
    async with any_app.sessionmaker() as session, session.begin():
        chi = await session.get_one(Person, org.people["Chi"].id)
        session.add(_gift(chi, "money", 300_000, status="recorded"))
    report = await _report(any_app, org, "Lãnh đạo A", "A")
    assert (report.money_held, report.money_givers, report.waiting_held) == (False, 3, True)
    assert (report.confirmed_givers, report.confirmed_held, report.drives[0].confirmed.value) == (2, True, 0)
    assert (report.confirmed.value, report.fund.value, report.waiting.value) == (0, 0, 0)
    path = tmp_path / "phong-a.docx"
    write_year_report(report, path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    assert "500.000" not in text and "Đang chờ xác nhận: tiền và hiện vật không nêu ở đây" in text, text
    assert "chờ thủ quỹ" not in text, text  # named by no one, as every other line of what waits (2765, 2826)
    assert "850.000" not in text and "Tiền và hiện vật đã xác nhận: không nêu ở đây" in text, text
    said = _confirmed_line(Translator("en"), report, over=False, confirms=False)  # the chat's summary
    assert said.startswith("Money and goods confirmed: not said here"), said
    whole = await _report(any_app, org, "Văn phòng", "A")  # an admin's draft says them
    assert (whole.confirmed_held, whole.confirmed.value, whole.waiting.value) == (False, 850_000, 500_000)
    # The period's review of Phòng A its leader drafts holds it alike, by year and over the period (2536).
    async with any_app.sessionmaker() as session:
        campaign = await session.get_one(Campaign, org.campaign.id)
        leader = await actor_for(session, org.people["Lãnh đạo A"])
        period = await phase_report(
            session, org.org.id, campaign, today=TODAY, actor=leader, unit_id=org.units["A"].id
        )
    assert (period.waiting_held, period.waiting.value, period.years[-1].waiting.value) == (True, 0, 0)
    assert (period.confirmed_held, period.confirmed.value, period.years[-1].confirmed.value) == (True, 0, 0)
    path = tmp_path / "giai-doan-a.docx"
    write_phase_report(period, path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    assert "850.000" not in text and "Tiền và hiện vật đã xác nhận: không nêu ở đây" in text, text
    assert period_line(Translator("en"), period).startswith("Money and goods confirmed: not said here")
    # A donor outside the organisation gives 1.000.000 ₫ in Phòng A's name, confirmed: the leader's paper,
    # its chat summary and its review say no figure of it either, as none confirmed (decision 2661).
    async with any_app.sessionmaker() as session, session.begin():
        donor = Person(
            org_id=org.org.id,
            full_name="Công ty Minh Phát",
            name_key="cong ty minh phat",
            kind="donor",
            created_at=NOW,
        )
        session.add(donor)
        await session.flush()
        session.add(_gift(donor, "money", 1_000_000, unit_id=org.units["A"].id))
    report = await _report(any_app, org, "Lãnh đạo A", "A")
    assert (report.donors, report.confirmed_held, report.from_donors.value) == (1, True, 0)
    assert donors_sentence(Translator("vi"), report) == ""
    async with any_app.sessionmaker() as session:
        period = await phase_report(
            session, org.org.id, campaign, today=TODAY, actor=leader, unit_id=org.units["A"].id
        )
    assert (period.confirmed_held, period.from_donors.value) == (True, 0)
    whole = await _report(any_app, org, "Văn phòng", "A")  # an admin's draft says it
    assert (whole.from_donors.value, whole.confirmed.value) == (1_000_000, 1_850_000)
    assert donors_sentence(Translator("vi"), whole).endswith("1.000.000\xa0₫."), donors_sentence(
        Translator("vi"), whole
    )
    # In Phòng B, where a household's 300.000 ₫ is confirmed, Hà's 100.000 ₫ waits beside Dũng's goods of
    # 200.000 ₫ and another household's of 150.000 ₫: three people wait, the money Hà's alone. Her leader's
    # paper and his period's review say what waits as one figure of the three, never her amount apart: a
    # kind waiting of one or two people's puts the money and goods together (decisions 0378, 2757).
    async with any_app.sessionmaker() as session, session.begin():
        sau = await _household(session, org.org.id, org.units["B"].id, "Hộ bà Sáu")
        bay = await _household(session, org.org.id, org.units["B"].id, "Hộ ông Bảy")
        session.add_all(
            [
                _gift(bay, "money", 300_000),
                _gift(org.people["Hà"], "money", 100_000, status="recorded"),
                _gift(org.people["Dũng"], "goods", 200_000, status="recorded"),
                _gift(sau, "goods", 150_000, status="recorded"),
            ]
        )
    report = await _report(any_app, org, "Lãnh đạo B", "B")
    assert (report.money_held, report.waiting_givers, report.waiting_held) == (False, 3, False)
    async with any_app.sessionmaker() as session:
        leader = await actor_for(session, org.people["Lãnh đạo B"])
        period = await phase_report(
            session, org.org.id, campaign, today=TODAY, actor=leader, unit_id=org.units["B"].id
        )
    write_year_report(report, tmp_path / "phong-b.docx")
    write_phase_report(period, tmp_path / "giai-doan-b.docx")
    for name in ("phong-b.docx", "giai-doan-b.docx"):
        text = "\n".join(paragraph.text for paragraph in docx.Document(str(tmp_path / name)).paragraphs)
        assert "Đang chờ xác nhận: tiền và hiện vật 450.000\xa0₫." in text, text
        assert "100.000" not in text and "350.000" not in text, text


@pytest.mark.sqlite_only
async def test_the_word_draft_reads_back_with_the_figures_and_no_givers_name(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    path = tmp_path / "bao-cao.docx"
    write_year_report(await _report(any_app, org, "Thủ trưởng"), path)
    document = docx.Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    header, *tables = ([[cell.text for cell in row.cells] for row in table.rows] for table in document.tables)
    assert "TRƯỜNG THỬ" in header[0][0] and "Số: …………/BC" in header[0][0]
    assert (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[0][1] and "ngày 01 tháng 12 năm 2026" in header[0][1]
    )
    assert "BÁO CÁO" in text and "năm 2026" in text
    assert "9/9" not in text and "2/9 người (22%) đã đăng ký thi đua năm 2026." in text
    assert "Hộ gia đình: 1/1 hộ (100%) đã đăng ký." in text
    assert "tiền 1.550.000\xa0₫; hiện vật trị giá 300.000\xa0₫; 2 ngày công" in text
    assert "Đang chờ xác nhận: tiền 200.000\xa0₫" in text
    assert "Số lời kêu gọi đã gửi: 1, đến 7 lượt người." in text
    assert "Số hoàn cảnh khó khăn được hỗ trợ: 1; đã hỗ trợ: tiền 2.000.000\xa0₫" in text
    criteria, drives, units, _closing = tables
    assert [row[1:] for row in criteria[1:]] == [  # gifts are told in part 2; people's and the unit's apart
        ["Ủng hộ Quỹ “Vì người nghèo” (cá nhân, hộ gia đình)", "3", "1.100.000\xa0₫", "xem mục 2"],
        ["Ủng hộ Quỹ “Vì người nghèo” (tập thể)", "1", "5.000.000\xa0₫", "xem mục 2"],
    ]
    assert drives[1][1:] == [
        "Cao điểm 2026",
        "17/10/2026 – 18/11/2026",
        "3.000.000\xa0₫",
        "1.500.000\xa0₫",
        "50%",
    ]
    # The gifts outside the drives have their line, so the table adds up to the confirmed money and goods.
    assert drives[2][1:5] == [
        "Quỹ “Vì người nghèo” (ngoài các đợt vận động)",
        "—",
        "—",
        "350.000\xa0₫; 2 ngày công",  # Dũng's labour days, beside the đồng
    ]
    assert drives[3][1] == "Tổng cộng" and drives[3][4] == "1.850.000\xa0₫; 2 ngày công"
    assert "Số lượt ủng hộ: 5, của 2 người và 1 hộ gia đình." in text  # households counted apart
    assert "Trong đó ủng hộ Quỹ" not in text  # every gift went to the Fund: nothing to tell apart
    assert units[1][1:4] == ["Phòng A", "1/4", "1/1"] and units[2][1:4] == ["Phòng B", "1/3", "—"]
    assert units[3][1] == "Không thuộc đơn vị" and units[-1][1:3] == ["Tổng cộng", "2/9"]
    written = text + str(tables)
    for name in ("Bình", "Dũng", "Hộ ông Tư", "Gia đình bà Năm", "Nhà bị lũ"):
        assert name not in written  # no giver, no case: a report goes upward
    # the head's own Giấy khen is the school's doing, told where it says what it did, not asked above (2153)
    carried_out, results = text.split("II. KẾT QUẢ THỰC HIỆN")
    assert "Khen thưởng năm 2026 do thủ trưởng đơn vị tặng (danh sách kèm theo tờ trình):" in carried_out
    assert ": 1 cá nhân, 1 hộ gia đình và 1 tập thể." in carried_out
    assert "Đề nghị khen thưởng" not in results.split("V. ĐỀ XUẤT, KIẾN NGHỊ")[1]
    assert "…………" in text  # the assessment is left to write


async def _listed(
    session: AsyncSession, org_id: int, unit_id: int, campaign_id: int, kind: str, n: int, registered: int
) -> None:
    """`n` people (or households) more in the unit, the first `registered` of them registered for 2026."""
    people = [
        Person(
            org_id=org_id,
            unit_id=unit_id,
            full_name=f"Người {i}",
            name_key=f"nguoi {kind} {i}",
            kind=kind,
            created_at=NOW,
        )
        for i in range(n)
    ]
    session.add_all(people)
    await session.flush()
    session.add_all(
        Commitment(
            campaign_id=campaign_id,
            year=2026,
            scope="individual",
            owner_key=f"p:{person.id}",
            person_id=person.id,
            registered_by=person.id,
            created_at=NOW,
            updated_at=NOW,
        )
        for person in people[:registered]
    )


async def test_the_units_table_writes_counts_in_thousands_as_the_rest_of_the_paper(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """A unit of 1,504 people read “1201/1504” in the table while the sentence above it said “1.202/1.509
    người”: every count on the paper is grouped by thousands, as Babel writes them."""
    async with any_app.sessionmaker() as session, session.begin():
        unit_a = org.units["A"].id
        await _listed(session, org.org.id, unit_a, org.campaign.id, "staff", 1_500, 1_200)
        await _listed(session, org.org.id, unit_a, org.campaign.id, "household", 1_000, 999)
    path = tmp_path / "nghin.docx"
    write_year_report(await _report(any_app, org, "Thủ trưởng"), path)
    document = docx.Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "1.202/1.509 người (80%) đã đăng ký thi đua năm 2026." in text
    units = [[cell.text for cell in row.cells] for row in document.tables[3].rows]
    assert units[1][1:4] == ["Phòng A", "1.201/1.504", "1.000/1.001"]
    assert units[-1][1:4] == ["Tổng cộng", "1.202/1.509", "1.000/1.001"]


async def test_the_units_table_groups_units_by_khoi_thi_dua_with_a_subtotal_per_block(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        await session.execute(
            update(Unit).where(Unit.id == org.units["B"].id).values(block="Khối chuyên môn")
        )
    path = tmp_path / "khoi.docx"
    write_year_report(await _report(any_app, org, "Thủ trưởng"), path)
    document = docx.Document(str(path))
    units = [[cell.text for cell in row.cells] for row in document.tables[3].rows]
    assert [row[:4] for row in units[1:-1]] == [
        ["I", "Khối chuyên môn", "1/3", "—"],
        ["1", "Phòng B", "1/3", "—"],
        ["II", "Đơn vị chưa xếp khối", "1/6", "1/1"],  # Phòng A, and the people of no unit
        ["1", "Phòng A", "1/4", "1/1"],
        ["2", "Không thuộc đơn vị", "0/2", "—"],
        ["", "Cộng chung, vì có đơn vị dưới ba người ủng hộ tiền, hiện vật: Phòng A, Phòng B", "", ""],
    ]
    assert units[1][4:] == units[2][4:] and units[-1][1:3] == ["Tổng cộng", "2/9"]  # a block's subtotal
    # Dũng alone gave Phòng B's money: neither it, nor its block's, nor Phòng A's (the whole less it) goes
    # upward, only the two together (decision 0310); Phòng B's labour days stay.
    assert [row[4:] for row in units[1:5]] == [
        ["—", "—", "2"],
        ["—", "—", "2"],
        ["—", "—", "0"],
        ["—", "—", "0"],
    ]
    # An alone gave goods (300.000 ₫): the pooled line and the whole say money and goods as one (0378)
    assert units[-2][4:6] == ["1.850.000\xa0₫", "gộp trong cột Tiền"] == units[-1][4:6]
    heading = document.tables[3].rows[1].cells[1].paragraphs[0].runs[0]
    assert heading.bold  # a block's row stands out from its units'

    async with any_app.sessionmaker() as session, session.begin():  # the office, of no unit, gives alone too
        session.add(_gift(await session.get_one(Person, org.people["Văn phòng"].id), "money", 100_000))
    write_year_report(await _report(any_app, org, "Thủ trưởng"), path)
    rows = [[cell.text for cell in row.cells] for row in docx.Document(str(path)).tables[3].rows]
    assert rows[-3][1:2] + rows[-3][4:6] == ["Không thuộc đơn vị", "—", "—"]
    assert rows[-2][1].endswith(": Phòng A, Phòng B, Không thuộc đơn vị") and rows[-2][4] == "1.950.000\xa0₫"


async def test_the_organisations_report_is_signed_as_the_office_set_and_a_hamlets_by_its_head(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        await session.execute(
            update(Organisation)
            .where(Organisation.id == org.org.id)
            .values(head_title="Chủ tịch", signs_for="TM. Ủy ban nhân dân")
        )
        await session.execute(update(Unit).where(Unit.id == org.units["B"].id).values(name="Thôn 3"))
    whole, hamlet = tmp_path / "xa.docx", tmp_path / "thon.docx"
    write_year_report(await _report(any_app, org, "Thủ trưởng"), whole)
    write_year_report(await _report(any_app, org, "Lãnh đạo B", "B"), hamlet)
    signed = [docx.Document(str(path)).tables[-1].rows[0].cells[1].text for path in (whole, hamlet)]
    assert signed[0] == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Ký, ghi rõ họ tên, đóng dấu)"
    # a hamlet, a Khoa, a school's Tổ has no seal of its own: its head is not asked for one (decision 1191)
    assert signed[1] == "TRƯỞNG THÔN\n(Ký, ghi rõ họ tên)"


async def test_a_communes_report_is_signed_for_its_standing_board_and_counts_hamlets(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """A commune's report was signed “THỦ TRƯỞNG CƠ QUAN” with “4. Kết quả theo đơn vị” and a column “Đơn vị”
    (decision 1474's Left): an organisation whose admin said it is a commune signs as the chair for its
    Front committee's standing board, its units read as hamlets, and beside who registered it says how many
    households gave, which is how they take part (decision 1499, 1500)."""
    async with any_app.sessionmaker() as session, session.begin():
        await session.execute(
            update(Organisation).where(Organisation.id == org.org.id).values(kind="commune")
        )
        hamlet = Unit(org_id=org.org.id, code="C", name="Thôn C")
        session.add(hamlet)
        await session.flush()
        for name in ("Hộ bà Sáu", "Hộ ông Bảy", "Hộ ông Tám", "Hộ bà Chín"):
            household = await _household(session, org.org.id, hamlet.id, name)
            if name != "Hộ bà Chín":
                session.add(_gift(household, "money", 100_000))
    path = tmp_path / "xa.docx"
    write_year_report(await _report(any_app, org, "Thủ trưởng"), path)
    document = docx.Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "4. Kết quả theo thôn, tổ dân phố" in text and "Kết quả theo đơn vị" not in text
    # the seeded household gave too, as its part 2 counts them (“của 2 người và 4 hộ gia đình”)
    assert "Đã ủng hộ (có khoản được thủ quỹ xác nhận): 4/5 hộ gia đình (80%); người: 2." in text.split("\n")
    assert any(row.cells[1].text == "Thôn, tổ dân phố" for table in document.tables for row in table.rows)
    signed = document.tables[-1].rows[0].cells[1].text
    assert signed == "TM. BAN THƯỜNG TRỰC\nCHỦ TỊCH\n(Ký, ghi rõ họ tên, đóng dấu)"


@on_text_only
async def test_in_chat_a_units_report_with_households_says_how_many_gave_beside_registration(
    app, invites, make_person
) -> None:
    """The year's report in chat said “Đã đăng ký: 0/600 hộ gia đình (0%); người: 0/40 (0%)” and its money,
    never that 184 households gave: read alone it said the commune did nothing (decision 1474's Left). Where
    there are households, who gave (a gift a treasurer confirmed) is said beside who registered (1499)."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    async with app.sessionmaker() as session, session.begin():
        tu_row = await session.scalar(select(Person).where(Person.full_name == "Phạm Văn Tú"))
        assert tu_row is not None and tu_row.unit_id is not None
        for name in ("Hộ bà Sáu", "Hộ ông Bảy"):
            household = await _household(session, tu_row.org_id, tu_row.unit_id, name)
            if name == "Hộ bà Sáu":
                session.add(_gift(household, "money", 200_000))
    screen = await tu.say("/baocaonam")
    assert "Đã ủng hộ (có khoản được thủ quỹ xác nhận): 1/2 hộ gia đình (50%); người: 0." in screen, screen
    await tu.say("/ngonngu en")
    assert (
        "Households that gave, with a gift a treasurer confirmed: 1 of 2 (50%); people who gave: 0."
        in await tu.say("/yearreport")
    )


async def test_a_treasurer_asking_for_the_years_report_is_pointed_to_her_year_book(
    app, hoa, invites, make_person
) -> None:
    """Before: a treasurer typing /baocaonam read “… Anh/chị xem tiến độ của mình bằng lệnh /tiendo.”; the
    book she closes the year with is under /saoke (decision 1357's Left)."""
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    screen = await mai.say("/baocaonam")
    assert "Báo cáo năm dành cho lãnh đạo đơn vị và cơ quan." in screen
    assert "/saoke" in screen and "“Sổ theo dõi cả năm 2026 (Excel)”" in screen and "/tiendo" not in screen
    assert mai.channel.transport.documents("mai") == []
    await mai.say("/saoke")
    await mai.choose("ngoài các đợt")
    assert any(c.label == "Sổ theo dõi cả năm 2026 (Excel)" for c in mai.menu.choices)  # where it said
    await mai.say("/language en")
    screen = await mai.say("/baocaonam")
    assert "/statement" in screen and "“Ledger of the whole year 2026 (Excel)”" in screen
    # a member still reads of her own progress
    assert "/tiendo" in await hoa.say("/baocaonam") and "/saoke" not in await hoa.say("/baocaonam")


@on_buttons
async def test_a_treasurer_asking_for_the_years_report_is_told_the_head_types_it_and_nothing_is_sent(
    app, hoa, invites, make_person
) -> None:
    """Before: a treasurer closing the year who typed /baocaonam to send it to the head read that the report
    is the leaders' and where her book is, and nothing of how the head gets it (decision 1356's Left, 1397's).
    She now reads what the head types, in her language; nothing is sent to anyone (decision 1435)."""
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    screen = await mai.say("/baocaonam")
    assert "Lãnh đạo tự gõ /baocaonam để nhận báo cáo (Word), số liệu tính đến lúc gõ" in screen, screen
    assert "không gửi từ tài khoản của anh/chị" in screen and "/saoke" in screen
    assert mai.channel.transport.documents("mai") == []
    await mai.say("/language en")
    screen = await mai.say("/baocaonam")
    assert "Your head gets it by typing /yearreport" in screen and "/baocaonam" not in screen, screen
    # a member still reads of her own progress, not of the head's command
    assert "/baocaonam" not in await hoa.say("/baocaonam")


@on_text_only
async def test_in_january_a_treasurer_is_pointed_only_to_a_year_book_saoke_offers(
    app, invites, make_person, clock
) -> None:
    """Before: on 10 January 2027, nothing recorded in 2026, a treasurer typing /baocaonam read “… rồi chọn
    “Sổ theo dõi cả năm 2026 (Excel)”.”, a book /saoke did not offer her (decision 1397's Left)."""
    mai = make_person("mai")
    await joined(mai, invites.treasurer, "Trần Thị Mai")
    clock.at = local(2027, 1, 10, 9)

    async def named_and_offered() -> tuple[str, list[str]]:
        screen = await mai.say("/baocaonam")
        await mai.say("/saoke")
        await mai.choose("ngoài các đợt")
        books = [c.label for c in mai.menu.choices if c.label.startswith("Sổ theo dõi cả năm")]
        return screen, books

    screen, books = await named_and_offered()
    assert "“Sổ theo dõi cả năm 2027 (Excel)”" in screen and "cả năm 2026" not in screen
    assert books == ["Sổ theo dõi cả năm 2027 (Excel)"]
    # once 2026 has an entry, its book is offered, and is the one named: the year she closes
    async with app.sessionmaker() as session, session.begin():
        her = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        assert her is not None
        session.add(ledger_entry(her, "money", 200_000, at=local(2026, 12, 20, 9), status="recorded"))
    screen, books = await named_and_offered()
    assert "“Sổ theo dõi cả năm 2026 (Excel)”" in screen
    assert books == ["Sổ theo dõi cả năm 2027 (Excel)", "Sổ theo dõi cả năm 2026 (Excel)"]


async def test_in_chat_a_leader_is_handed_the_units_report_and_a_member_is_not(
    app, hoa, invites, make_person, clock
) -> None:
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")

    screen = await hoa.say("/baocaonam")
    assert "Báo cáo năm dành cho lãnh đạo đơn vị và cơ quan." in screen
    assert hoa.channel.transport.documents("hoa") == []
    assert "Báo cáo năm (Word)" not in screen  # nor in her menu

    screen = await tu.say("/trogiup")
    assert "/baocaonam" in screen
    screen = await tu.say("/baocaonam")
    assert "Báo cáo năm 2026 của" in screen and "Đã đăng ký: 0/4 người (0%)" in screen
    assert "anh/chị viết phần đánh giá" in screen
    # nothing confirmed yet: said in words, with what brings it into the report, not “0 ₫, 0 ngày công”
    assert (
        "Năm 2026 chưa có khoản đóng góp nào được xác nhận. Khoản ủng hộ được ghi nhận (/donggop) và thủ quỹ "
        "xác nhận sẽ được tính vào báo cáo." in screen
    )
    assert "0 ngày công" not in screen
    [handed] = tu.channel.transport.documents("tu")
    assert handed.document is not None
    # The name the chat shows, and the file's own name under its random folder (a Zalo link ends in it).
    assert handed.document.name == "bao-cao-phong-dao-tao-hanh-chinh-ke-toan-2026.docx"
    assert handed.document.path.endswith("/bao-cao-phong-dao-tao-hanh-chinh-ke-toan-2026.docx")
    document = docx.Document(str(app.settings.media_dir / handed.document.path))
    assert "BÁO CÁO" in [paragraph.text for paragraph in document.paragraphs]
    signed = document.tables[-1].rows[0].cells[1].text
    assert signed.startswith("TRƯỞNG PHÒNG\n")  # Phòng Đào tạo's report, signed by its head by title

    for typed in ("/baocaonam 2030", "/baocaonam 5", "/baocaonam abc"):
        screen = await tu.say(typed)
        assert "Anh/chị vui lòng ghi năm từ 2000 đến 2026, ví dụ: /baocaonam 2026" in screen
    assert len(tu.channel.transport.documents("tu")) == 1
    screen = await tu.say("/baocaonam năm 2025")  # as people say it
    assert "Báo cáo năm 2025 của" in screen and len(tu.channel.transport.documents("tu")) == 2
    assert "Năm 2025 không có khoản đóng góp nào được xác nhận." in screen  # no /donggop for a year gone by
    # A member asking for a year is told whose report it is, not how to write the year.
    assert "Báo cáo năm dành cho lãnh đạo" in await hoa.say("/baocaonam năm 2025")
    # a gift recorded and not yet confirmed: the report waits for it to be confirmed, and says so; the
    # treasurers' queue (/xacnhan) is not the leader's to open, so it is not named to him (decision 2415)
    await give_money(hoa)
    await hoa.say("200k")
    await hoa.say("bo qua")
    await hoa.say("co")
    screen = await tu.say("/baocaonam")
    assert (
        "Năm 2026 chưa có khoản đóng góp nào được xác nhận. Các khoản đã ghi nhận đang chờ xác nhận, sau đó "
        "sẽ được tính vào báo cáo." in screen
    )
    assert "/xacnhan" not in screen
    # confirmed, and read on 2 January: Hoa alone gave, in 2026, not “năm nay” (2027 by then)
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(Contribution).values(status="confirmed"))
    clock.at = local(2027, 1, 2, 9)
    screen = await tu.say("/baocaonam")
    assert "Tiền và hiện vật: năm 2026 dưới ba người của đơn vị ủng hộ" in screen and "năm nay" not in screen


@on_text_only
async def test_in_chat_a_unit_whose_every_person_is_on_leave_is_told_so_not_0_of_0(
    app, invites, make_person
) -> None:
    """Tú's unit, its three people on long leave: the chat's summary beside the paper read “Đã đăng ký: 0/0
    người (0%)”; it says them apart, as the paper does (decision 0849)."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    async with app.sessionmaker() as session, session.begin():
        unit_id = await session.scalar(select(Person.unit_id).where(Person.full_name == "Phạm Văn Tú"))
        await session.execute(
            update(Person).where(Person.unit_id == unit_id).values(away_until=date(2027, 3, 15))
        )
    screen = await tu.say("/baocaonam")
    assert "3 người đang nghỉ dài ngày, không tính." in screen and "0/0" not in screen


@on_buttons
async def test_in_chat_the_reports_summary_writes_counts_in_thousands_in_the_readers_language(
    app, invites, make_person
) -> None:
    """Tú’s unit of 1,503 people: the summary beside the paper read “Đã đăng ký: 1200/1503 người”; it groups
    the thousands as the paper does, and as an English reader writes them."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    async with app.sessionmaker() as session, session.begin():
        tu_row = await session.scalar(select(Person).where(Person.full_name == "Phạm Văn Tú"))
        assert tu_row is not None and tu_row.unit_id is not None
        campaign = await session.scalar(select(Campaign.id).where(Campaign.org_id == tu_row.org_id))
        assert campaign is not None
        await _listed(session, tu_row.org_id, tu_row.unit_id, campaign, "staff", 1_500, 1_200)
    assert "Đã đăng ký: 1.200/1.503 người (80%)" in await tu.say("/baocaonam")
    await tu.say("/ngonngu en")
    assert "Registered: 1,200 of 1,503 people (80%)" in await tu.say("/yearreport")


@on_text_only
async def test_units_told_apart_by_their_d_alone_get_files_of_two_names_and_a_year_said_once(
    app, invites, make_person
) -> None:
    """Found writing 2026's reports: the commune's hamlets “Tổ Đ” and “Tổ D” both got
    “bao-cao-to-d-2026.docx” (a name without accents reads “đ” as “d”), and a unit named for its year,
    “Đội tình nguyện hè 2026”, got “…-he-2026-2026.docx” (decision 0453)."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    async with app.sessionmaker() as session, session.begin():
        person = await session.scalar(select(Person).where(Person.full_name == "Phạm Văn Tú"))
        assert person is not None and person.unit_id is not None
        await session.execute(update(Unit).where(Unit.id == person.unit_id).values(name="Tổ Đ"))
        session.add(Unit(org_id=person.org_id, code="to-d-2", name="Tổ D"))
    await tu.say("/baocaonam")
    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            update(Unit).where(Unit.id == person.unit_id).values(name="Đội tình nguyện hè 2026")
        )
    await tu.say("/baocaonam")
    # the same team's standing unit made beside it, whose 2026 file would read “…-he-2026.docx” too (0461)
    async with app.sessionmaker() as session, session.begin():
        session.add(Unit(org_id=person.org_id, code="dtn", name="Đội tình nguyện hè"))
    await tu.say("/baocaonam")
    named = [each.document.name for each in tu.channel.transport.documents("tu") if each.document]
    assert named == [
        "bao-cao-to-dd-2026.docx",
        "bao-cao-doi-tinh-nguyen-he-2026.docx",
        "bao-cao-doi-tinh-nguyen-he-2026-pdt-2026.docx",  # the unit's code, PDT, tells them apart
    ]


@pytest.fixture
def shell(tmp_path: Path, org_template: Path) -> Cli:  # noqa: F811
    """The CLI on a copy of the database with organisation TRUONG and its staff imported."""
    db = tmp_path / "org.db"
    shutil.copy(org_template, db)
    return Cli(tmp_path, db, settings=ENGLISH)  # an office that chose English: the tests below read it


def test_the_shell_writes_the_report_of_the_organisation_or_of_a_unit(
    shell: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(shell("campaign", "load", str(PLAN_2021)))
    whole = tmp_path / "co-quan.docx"
    out = ok(shell("report", "year", "--year", "2025", "--docx", str(whole)))
    assert out.startswith(f"Wrote {whole}: Trường Trung cấp nghề thử, 2025, figures as of 31/12/2025")
    assert "registered 0/3 people" in out
    text = "\n".join(p.text for p in docx.Document(str(whole)).paragraphs)
    assert "giai đoạn 2021–2025, năm 2025" in text

    unit = tmp_path / "don-vi.docx"
    out = ok(shell("report", "year", "--year", "2025", "--unit", UNIT, "--docx", str(unit)))
    assert out.startswith(f"Wrote {unit}: Phòng Đào tạo, 2025") and "registered 0/2 people" in out
    # An alone gave Phòng Đào tạo's money: the paper holds it back (0310), and the shell says so, not “0 ₫”
    with sqlite3.connect(shell.db) as db:
        person, org_id, unit_id = db.execute(
            "SELECT id, org_id, unit_id FROM person WHERE full_name = 'Nguyễn Văn An'"
        ).fetchone()
        db.execute(
            "INSERT INTO contribution (ref, org_id, person_id, unit_id, recorded_by, year, kind, "
            "amount_vnd, labour_days, status, created_at) VALUES ('CT-2025-000001', ?, ?, ?, ?, 2025, "
            "'money', 500000, 0, 'confirmed', '2025-11-05 02:00:00.000000')",
            (org_id, person, unit_id, person),
        )
    out = ok(shell("report", "year", "--year", "2025", "--unit", UNIT, "--docx", str(unit), "--force"))
    assert "money and goods left off the paper (fewer than three of the unit's people gave them)" in out
    assert "0\xa0₫" not in out

    again = shell("report", "year", "--year", "2025", "--docx", str(whole))
    assert again.returncode != 0 and "exists; add --force" in again.stderr
    unknown = shell("report", "year", "--unit", "khoa-ngoai", "--docx", str(tmp_path / "x.docx"))
    assert unknown.returncode != 0 and 'No unit has the code or name "khoa-ngoai"' in unknown.stderr
    later = shell("report", "year", "--year", "2100", "--docx", str(tmp_path / "y.docx"))
    assert later.returncode != 0 and "2100 has not begun" in later.stderr

    # On 5 January the office compiles the year's report upward: without --year, the year just ended's, as
    # /baocaonam writes it, not a new year's of nothing (decision 0320)
    january = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: january))
    out = ok(shell("report", "year", "--docx", str(tmp_path / "thang-1.docx")))
    assert out.startswith("The report of 2025, the year just ended; for 2026 so far: --year 2026\nWrote ")
    assert "Trường Trung cấp nghề thử, 2025, figures as of 31/12/2025" in out


def test_a_vietnamese_office_reads_the_years_report_line_in_vietnamese(
    shell: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing set but the database, `report year` says what it wrote in the chats' language, its
    money and dates as Babel writes them, and refuses a year not begun with the command that works (1226).
    One on leave and one at a course read “(1 người nghỉ dài ngày, không tính) (1 người đi học, tập huấn,
    không tính)”, two brackets in a row: now one (decision 2519)."""
    shell = Cli(shell.cwd, shell.db)  # nothing set but the database: Vietnamese
    january = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: january))
    ok(shell("campaign", "load", str(PLAN_2021)))
    paper = tmp_path / "bao-cao.docx"
    assert ok(shell("report", "year", "--docx", str(paper))) == (
        f"Đã ghi {paper}: Trường Trung cấp nghề thử, năm 2026, số liệu đến 05/01/2026; đã đăng ký 0/3 người; "
        "đã xác nhận tiền 0\xa0₫, hiện vật 0\xa0₫, 0 ngày công.\n"
    )
    # one on leave and one at a course: said in one pair of brackets, not two in a row (decision 2519)
    with sqlite3.connect(shell.db) as db:
        first, second = (row[0] for row in db.execute("SELECT id FROM person ORDER BY id LIMIT 2"))
        db.execute("UPDATE person SET away_until = '2026-03-01' WHERE id IN (?, ?)", (first, second))
        db.execute("UPDATE person SET away_reason = 'training' WHERE id = ?", (second,))
    out = ok(shell("report", "year", "--docx", str(paper), "--force"))
    said = "đã đăng ký 0/1 người (không tính 1 người nghỉ dài ngày và 1 người đi học, tập huấn); "
    assert said in out, out
    later = shell("report", "year", "--year", "2100", "--docx", str(tmp_path / "y.docx"))
    assert (
        later.returncode == 2
        and (
            "năm 2100 chưa bắt đầu; báo cáo năm nay là --year 2026, ví dụ chungtay report year --year 2026 "
            "--docx y.docx"
        )
        in later.stderr
    )


def test_in_january_without_a_plan_the_shell_asks_which_year_as_the_chat_does(
    shell: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Monday 11/01/2027, no plan loaded, a gift of 2026 kept here (December's Tết drive): `report year`
    without --year wrote 2027's eleven days (“năm 2027, số liệu đến 11/01/2027; đã đăng ký 0/3 người; … tiền
    0 ₫”) as if it were the report, the year just ended unsaid. It asks, as /baocaonam does (1300), with the
    two commands, and writes nothing (decision 1346)."""
    shell = Cli(shell.cwd, shell.db)  # nothing set but the database: Vietnamese
    monday = datetime(2027, 1, 11, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: monday))
    with sqlite3.connect(shell.db) as db:
        person, org_id, unit_id = db.execute(
            "SELECT id, org_id, unit_id FROM person WHERE full_name = 'Nguyễn Văn An'"
        ).fetchone()
        db.execute(
            "INSERT INTO contribution (ref, org_id, person_id, unit_id, recorded_by, year, kind, "
            "amount_vnd, labour_days, status, created_at) VALUES ('CT-2026-000001', ?, ?, ?, ?, 2026, "
            "'money', 500000, 0, 'confirmed', '2026-12-20 02:00:00.000000')",
            (org_id, person, unit_id, person),
        )
    paper = tmp_path / "bao-cao.docx"
    asked = shell("report", "year", "--docx", str(paper))
    assert asked.returncode == 2 and asked.stdout == "", asked.stdout
    assert asked.stderr == (
        "chungtay: anh/chị cần báo cáo của năm nào? Năm 2026 (năm vừa qua): chungtay report year --year 2026 "
        "--docx bao-cao.docx; năm 2027 (từ đầu năm đến nay): chungtay report year --year 2027 --docx "
        "bao-cao.docx; chưa ghi tệp nào\n"
    )
    assert not paper.exists()
    written = ok(shell("report", "year", "--year", "2026", "--docx", str(paper)))
    assert written.startswith(f"Đã ghi {paper}: Trường Trung cấp nghề thử, năm 2026, số liệu đến 31/12/2026")
    assert "đã xác nhận tiền 500.000\xa0₫" in written  # December's gift, in the year it was given for


def test_a_vietnamese_office_is_refused_a_paper_that_exists_and_a_unit_nobody_has_in_vietnamese(
    shell: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report year` refused a file there already, a name not .docx and a unit nobody has in English to
    the Vietnamese office: “… exists; add --force to replace it”, “No unit has the code or name …”. Now in
    the chats' language, each with what works (decision 1345)."""
    shell = Cli(shell.cwd, shell.db)  # nothing set but the database: Vietnamese
    january = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: january))
    ok(shell("campaign", "load", str(PLAN_2021)))
    paper = tmp_path / "bao-cao.docx"
    paper.write_bytes(b"")  # last year's draft, kept
    there = shell("report", "year", "--year", "2025", "--docx", str(paper))
    assert there.returncode == 2 and there.stderr == (
        f"chungtay: tệp {paper} đã có: thêm --force để ghi đè, hoặc ghi một tên tệp khác\n"
    )
    word = shell("report", "year", "--year", "2025", "--docx", str(tmp_path / "bao-cao.doc"))
    assert word.returncode == 2
    assert "không phải tên tệp .docx: hãy ghi tên tệp có đuôi .docx, ví dụ bao-cao.docx" in word.stderr
    unit = shell(
        "report", "year", "--year", "2025", "--unit", "khoa-ngoai", "--docx", str(tmp_path / "x.docx")
    )
    assert unit.returncode == 2 and (
        'Không có đơn vị nào có mã hoặc tên "khoa-ngoai". Mã của một số đơn vị: khoa-noi' in unit.stderr
    )
    assert paper.read_bytes() == b"" and not (tmp_path / "x.docx").exists()


def test_an_office_starting_in_january_reports_and_awards_its_new_year_not_one_it_never_kept_here(
    shell: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hospital starting on Monday 4/1/2027 with the 2026–2030 plan kept nothing of 2026 here: without
    --year its report and awards are 2027's, not “The report of 2026, the year just ended …; registered 0/3
    people; confirmed money 0 ₫”; once a gift of 2026 is recorded (a late one), 2026's again (decision
    1078)."""
    monday = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: monday))
    ok(shell("campaign", "load", str(PLAN_2021.with_name("vi-nguoi-ngheo-2026-2030.toml"))))
    out = ok(shell("report", "year", "--docx", str(tmp_path / "bao-cao.docx")))
    assert out.startswith("Wrote ") and "Trường Trung cấp nghề thử, 2027, figures as of 04/01/2027" in out
    assert "the year just ended" not in out
    assert ok(shell("award", "list")) == "No award proposal for 2027.\n"

    with sqlite3.connect(shell.db) as db:
        person, org_id, unit_id = db.execute(
            "SELECT id, org_id, unit_id FROM person WHERE full_name = 'Nguyễn Văn An'"
        ).fetchone()
        db.execute(
            "INSERT INTO contribution (ref, org_id, person_id, unit_id, recorded_by, year, kind, "
            "amount_vnd, labour_days, status, created_at) VALUES ('CT-2026-000001', ?, ?, ?, ?, 2026, "
            "'money', 500000, 0, 'recorded', '2027-01-04 02:00:00.000000')",
            (org_id, person, unit_id, person),
        )
    out = ok(shell("report", "year", "--docx", str(tmp_path / "bao-cao.docx"), "--force"))
    assert out.startswith("The report of 2026, the year just ended; for 2027 so far: --year 2027\nWrote ")
    assert ok(shell("award", "list")).startswith("The awards of 2026, the year just ended")


async def test_a_head_who_belongs_to_a_unit_is_asked_which_report_and_gets_the_organisations(
    app, invites, make_person
) -> None:
    lan = make_person("lan")
    await joined(lan, invites.member, "Lê Thị Lan")
    async with app.sessionmaker() as session, session.begin():
        person = await session.scalar(select(Person).where(Person.full_name == "Lê Thị Lan"))
        assert person is not None
        session.add(
            RoleAssignment(
                person_id=person.id, role="leader", org_id=person.org_id, unit_id=None, granted_at=NOW
            )
        )
        organisation = await session.get_one(Organisation, person.org_id)
        # longer than a file's name takes
        organisation.name = "Trường Trung cấp nghề - Phân hiệu Khánh Hòa số 1"
    screen = await lan.say("/baocaonam")
    assert "Anh/chị lập báo cáo năm 2026 cho cơ quan hay cho đơn vị mình?" in screen
    assert lan.channel.transport.documents("lan") == []
    screen = await lan.choose("Trường Trung cấp nghề")
    assert "Báo cáo năm 2026 của Trường Trung cấp nghề - Phân hiệu Khánh Hòa số 1" in screen
    [handed] = lan.channel.transport.documents("lan")
    assert handed.document is not None
    # cut after a whole word, one dash between words: not “…-nghe---phan-hieu-khanh--2026.docx” on the phone;
    # its last words kept, so that “… số 2”'s file, in the office's same folder, has a name of its own (0413)
    assert handed.document.name == "bao-cao-truong-trung-cap-nghe-phan-hieu-so-1-2026.docx"
    async with app.sessionmaker() as session, session.begin():
        organisation = await session.get_one(Organisation, person.org_id)
        organisation.name = "Trường Trung cấp nghề - Phân hiệu Khánh Hòa số 2"
    await lan.say("/baocaonam")
    await lan.choose("Trường Trung cấp nghề")
    named = [each.document.name for each in lan.channel.transport.documents("lan") if each.document]
    assert named[-1] == "bao-cao-truong-trung-cap-nghe-phan-hieu-so-2-2026.docx"
    async with app.sessionmaker() as session, session.begin():  # a number with its letter: “số 12A” (0427)
        organisation = await session.get_one(Organisation, person.org_id)
        organisation.name = "Trường Trung cấp nghề - Phân hiệu Khánh Hòa số 12A"
    await lan.say("/baocaonam")
    await lan.choose("Trường Trung cấp nghề")
    named = [each.document.name for each in lan.channel.transport.documents("lan") if each.document]
    assert named[-1] == "bao-cao-truong-trung-cap-nghe-phan-hieu-so-12a-2026.docx"
    document = docx.Document(str(app.settings.media_dir / handed.document.path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "4. Kết quả theo đơn vị" in text and "Thủ trưởng cơ quan".upper() in str(
        [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )


async def test_a_drive_not_for_the_fund_is_told_apart_and_a_units_report_shows_no_organisations_target(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        clothes = Drive(
            org_id=org.org.id,
            code="ao-am",
            title="Áo ấm cho học sinh",
            starts_on=date(2026, 11, 1),
            ends_on=date(2026, 12, 31),
            kinds=["goods"],
            fund=False,
        )
        # and last year's Tết drive, brought 20 kg of rice with no value this year: counted in the sentence
        # above, it was on no line of the table, nor in its total (decision 0426)
        tet = Drive(
            org_id=org.org.id,
            code="tet-2025",
            title="Tết 2025",
            starts_on=date(2025, 1, 2),
            ends_on=date(2025, 1, 25),
            kinds=["money", "goods"],
            fund=True,
        )
        # and next Tết's drive, opened ahead to begin on 20/12: a paper of 1/12 read it among its drives
        # with its target and “0 ₫, 0%”, as if it had run and raised nothing (decision 0838)
        next_tet = Drive(
            org_id=org.org.id,
            code="tet-2027",
            title="Tết 2027",
            starts_on=date(2026, 12, 20),
            ends_on=date(2027, 1, 25),
            target_vnd=20_000_000,
            kinds=["money"],
            fund=True,
        )
        session.add_all([clothes, tet, next_tet])
        await session.flush()
        session.add(_gift(org.people["Chi"], "goods", 1_000_000, drive=clothes))
        session.add(_gift(org.people["Hà"], "goods", 0, drive=tet))
    report = await _report(any_app, org, "Thủ trưởng")
    assert (report.confirmed.value, report.fund.value) == (2_850_000, 1_850_000)
    path = tmp_path / "co-quan.docx"
    write_year_report(report, path)
    document = docx.Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Số đợt vận động trong năm 2026: 2." in text and "Tết 2027" not in str(
        [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    async with any_app.sessionmaker() as session:  # once begun, it is one of the year's
        actor = await actor_for(session, org.people["Thủ trưởng"])
        later = await year_report(session, org.org.id, 2026, today=date(2026, 12, 21), actor=actor)
    assert [drive.title for drive in later.drives] == ["Cao điểm 2026", "Áo ấm cho học sinh", "Tết 2027"]
    # labour days are help given by hand, said among what was confirmed, never as given to the Fund (2002)
    assert (
        "hiện vật trị giá 1.300.000\xa0₫; 2 ngày công; 1 khoản hiện vật chưa ghi trị giá; "
        "tổng giá trị tiền và hiện vật 2.850.000\xa0₫. "
        "Trong đó ủng hộ Quỹ “Vì người nghèo”: 1.850.000\xa0₫. Số lượt" in text
    ), text
    drives = [[cell.text for cell in row.cells] for row in document.tables[2].rows]
    assert drives[2][1:5] == [
        "Áo ấm cho học sinh (không thuộc Quỹ)",
        "01/11/2026 – 31/12/2026",
        "—",
        "1.000.000\xa0₫",
    ]
    assert drives[-2][1:5] == ["Các đợt vận động của năm khác", "—", "—", "1 khoản chưa ghi trị giá"]
    assert drives[-1][4] == "2.850.000\xa0₫; 1 khoản chưa ghi trị giá; 2 ngày công"

    unit = tmp_path / "don-vi.docx"  # its figures in đồng as written where three or more gave (0310)
    write_year_report(await _report(any_app, org, "Lãnh đạo A", "A", hold=False), unit)
    drives = [[cell.text for cell in row.cells] for row in docx.Document(str(unit)).tables[2].rows]
    # A unit's gifts to a drive, never against the organisation's target (no "Đạt 2%" for one department).
    assert drives[0] == [
        "STT",
        "Đợt vận động",
        "Thời gian",
        "Đơn vị đã ủng hộ, đã xác nhận (tiền và hiện vật)",
    ]
    assert drives[1][1:] == ["Cao điểm 2026", "17/10/2026 – 18/11/2026", "500.000\xa0₫"]
    assert drives[2][1] == "Áo ấm cho học sinh (không thuộc Quỹ)" and drives[2][3] == "1.000.000\xa0₫"
    assert drives[3][1:] == ["Quỹ “Vì người nghèo” (ngoài các đợt vận động)", "—", "350.000\xa0₫"]
    assert drives[4][1:] == ["Tổng cộng", "", "1.850.000\xa0₫"]


def test_a_target_reached_is_never_rounded_up_as_the_drives_list_says_it() -> None:
    # 2.400.000 ₫ of 50.000.000 ₫ is 4.8 %: the drives' list says 4 %, and so does the report (it said 5 %).
    assert reached(2_400_000, 50_000_000) == "4%" and reached(49_999_999, 50_000_000) == "99%"
    assert reached(1, 0) == "—"


async def test_the_years_report_counts_who_left_during_the_year_not_before_it_and_its_note_says_so(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """Chi (Phòng A) left in August 2026, Hà (Phòng B) in June 2025 (docs/decisions/0118): the 2026 report
    counts Chi, who was there, and not Hà; the 2025 report counts Hà. The note says what the counts are,
    not “as they are when the report is made”."""
    async with any_app.sessionmaker() as session, session.begin():
        for name, left_on in (("Chi", date(2026, 8, 15)), ("Hà", date(2025, 6, 30))):
            await session.execute(
                update(Person).where(Person.id == org.people[name].id).values(left_on=left_on)
            )
    report = await _report(any_app, org, "Thủ trưởng")
    assert report.members.people == 8  # the nine staff but Hà
    by_unit = {line.name: line.members.people for line in report.units}
    assert by_unit == {"Phòng A": 4, "Phòng B": 2}
    assert (await _report(any_app, org, "Thủ trưởng", year=2025)).members.people == 9

    path = tmp_path / "bao-cao.docx"
    write_year_report(report, path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    assert (
        "số người, số hộ là những người, hộ có trong danh sách khi lập báo cáo, kể cả người đã nghỉ "
        "trong năm, không kể người được thêm vào sau năm." in text
    )
    assert "số hiện có khi lập báo cáo" not in text


async def test_people_added_to_the_list_in_january_are_next_years_not_the_year_just_ended(
    any_app: App, org: Seeded
) -> None:
    """On 4/1/2027 the office adds two new colleagues to Phòng A and writes 2026's report: its participation
    read “2/11 người”, the two new counted as 2026's staff who did not register (decision 0412). The list
    also wrote Chi anew (“Nguyễn Thị Chi”) and the office merged her 2026 record into the new row: she, who
    neither registered nor gave, left 2026's people with it, which then read 2/8 (decision 0426)."""
    async with any_app.sessionmaker() as session, session.begin():
        added = [
            Person(
                org_id=org.org.id,
                unit_id=org.units["A"].id,
                full_name=name,
                name_key=fold(name),
                listed=True,
                created_at=at,
            )
            for name, at in (
                ("Mới Một", local(2027, 1, 1, 0, 30)),  # 31/12 at 17:30 in UTC, and 2027's all the same
                ("Mới Hai", local(2027, 1, 4, 8)),
                ("Nguyễn Thị Chi", local(2027, 1, 4, 8)),
            )
        ]
        session.add_all(added)
        await session.flush()
        await merge_people(
            session, source=org.people["Chi"].id, target=added[-1].id, actor_id=None, now=local(2027, 1, 4, 9)
        )
    async with any_app.sessionmaker() as session:
        actor = await actor_for(session, org.people["Thủ trưởng"])
        report = await year_report(session, org.org.id, 2026, today=date(2027, 1, 4), actor=actor)
        next_year = await year_report(session, org.org.id, 2027, today=date(2027, 1, 4), actor=actor)
    assert (report.members.people, report.members.registered_people) == (9, 2)
    assert {line.name: line.members.people for line in report.units} == {"Phòng A": 4, "Phòng B": 3}
    assert next_year.members.people == 11  # 2027's list holds them, Chi once


async def test_an_organisation_whose_list_in_the_year_was_its_admin_alone_counts_the_list_it_has(
    any_app: App, tmp_path: Path
) -> None:
    """A commune's office set up the bot in March 2026 and was its one account all year: it recorded a
    company's 5.000.000 ₫ at the shell. On 3/1/2027 it imported Tổ 1's three people, with Mới Một's
    December salary deduction for 2026. The report of 2026, written on 4/1, counted “0/2 người”: the admin and
    Mới Một, who gave, the two others not (decision 0412's rule took the admin alone for a list of the
    year). It counts the list it has, and says so (decision 0452)."""
    march = local(2026, 3, 1, 8)
    async with any_app.sessionmaker() as session, session.begin():
        org = Organisation(code="XA", name="Ủy ban Mặt trận xã Thử", created_at=march)
        session.add(org)
        await session.flush()
        tổ = Unit(org_id=org.id, code="to-1", name="Tổ 1")
        session.add(tổ)
        await session.flush()
        office, company = (
            Person(org_id=org.id, full_name=name, name_key=fold(name), kind=kind, created_at=march)
            for name, kind in (("Văn phòng", "staff"), ("Công ty A", "donor"))
        )
        session.add_all([office, company])
        await session.flush()
        session.add(RoleAssignment(person_id=office.id, role="admin", org_id=org.id, granted_at=march))
        session.add(_gift(company, "money", 5_000_000, unit_id=tổ.id, recorded_by=office))
        imported = [
            Person(
                org_id=org.id,
                unit_id=tổ.id,
                full_name=name,
                name_key=fold(name),
                listed=True,
                created_at=local(2027, 1, 3, 8),
            )
            for name in ("Mới Một", "Mới Hai", "Mới Ba")
        ]
        session.add_all(imported)
        await session.flush()
        session.add(ledger_entry(imported[0], "money", 300_000, at=local(2027, 1, 3, 9), recorded_by=office))
    async with any_app.sessionmaker() as session:
        actor = await actor_for(session, office)
        report = await year_report(session, org.id, 2026, today=date(2027, 1, 4), actor=actor)
    assert (report.members.people, report.members.registered_people) == (4, 0)
    path = tmp_path / "xa.docx"
    write_year_report(report, path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    assert "0/4 người (0%) đã đăng ký thi đua năm 2026." in text
    counted = "những người, hộ có trong danh sách ngày 04/01/2027 (trong năm 2026 danh sách chưa có ai ngoài"
    assert counted in text
    assert "không kể người được thêm vào sau năm" not in text


async def test_a_billion_dong_stays_on_one_line_in_the_drives_table(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """A province's drive of 5.000.000.000 ₫: its figures' columns were 2,9 and 3,1 cm, and Word broke
    “5.000.000.000 ₫” after “5.000.000.00”. They now hold the figure, 12 pt digits half an em each, within
    the cell's margins, the drive's title giving up the room, the table as wide as before."""
    async with any_app.sessionmaker() as session, session.begin():
        relief = Drive(
            org_id=org.org.id,
            code="lu-lut",
            title="Cứu trợ đồng bào miền Trung",
            starts_on=date(2026, 11, 1),
            ends_on=date(2026, 12, 31),
            target_vnd=5_000_000_000,
            kinds=["money", "goods", "labour"],
            fund=True,
        )
        session.add(relief)
        await session.flush()
        session.add(_gift(org.people["Chi"], "money", 1_234_567_890, drive=relief))
    path = tmp_path / "co-quan.docx"
    write_year_report(await _report(any_app, org, "Thủ trưởng"), path)
    table = docx.Document(str(path)).tables[2]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert ["5.000.000.000\xa0₫", "1.234.567.890\xa0₫"] in [row[3:5] for row in rows]
    point = 12700  # EMU
    margins = 2 * 5.4  # Word's cell margins, 0,19 cm each side
    for column in (3, 4):  # ten digits and ₫ half an em, three dots and the space a quarter
        assert table.columns[column].width >= (11 * 6 + 4 * 3 + margins) * point, rows[0][column]
    assert round(sum(c.width for c in table.columns) / 360000, 1) == 16.4  # cm: within the page


async def test_a_drives_line_of_labour_days_alone_shows_them_not_0_dong(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """Found from outside: Phòng B's Fund line, where Dũng gave only labour days, read “0 ₫”."""
    unit = tmp_path / "phong-b.docx"
    # Dũng alone gave Phòng B's money: the report, which goes upward, says so in place of his 1.000.000 ₫,
    # even written by the office's admin, who sees each entry (decision 0310); his labour days stay.
    write_year_report(await _report(any_app, org, "Văn phòng", "B"), unit)
    held = "\n".join(paragraph.text for paragraph in docx.Document(str(unit)).paragraphs)
    assert "dưới ba người của đơn vị ủng hộ" in held and "2 ngày công" in held
    assert "1.000.000" not in held and len(docx.Document(str(unit)).tables) == 3  # no drives' table
    async with any_app.sessionmaker() as session, session.begin():  # two more give to the drive
        drive = await session.scalar(select(Drive).where(Drive.code == "cao-diem"))
        for name in ("Hà", "Lãnh đạo B"):
            session.add(
                _gift(await session.get_one(Person, org.people[name].id), "money", 100_000, drive=drive)
            )
    write_year_report(await _report(any_app, org, "Lãnh đạo B", "B"), unit)
    drives = [[cell.text for cell in row.cells] for row in docx.Document(str(unit)).tables[2].rows]
    assert drives[2][1:] == ["Quỹ “Vì người nghèo” (ngoài các đợt vận động)", "—", "2 ngày công"]
    assert drives[3][1:] == ["Tổng cộng", "", "1.200.000\xa0₫; 2 ngày công"]


async def test_a_units_drive_that_one_of_its_people_gave_to_is_not_a_figure_on_its_paper(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """Chi gives too, so three of Phòng A gave this year and its money is said (decision 0310); but An alone
    of Phòng A gave to “Cao điểm 2026”: its line, 500.000 ₫, was An's gift on the paper that goes upward, and
    so was the total less the other lines, and what went to the Fund apart from a drive one person gave to."""
    async with any_app.sessionmaker() as session, session.begin():
        session.add(_gift(await session.get_one(Person, org.people["Chi"].id), "money", 300_000))
    report = await _report(any_app, org, "Lãnh đạo A", "A")
    assert not report.money_held and report.confirmed.value == 1_150_000  # the unit's own total stays
    path = tmp_path / "phong-a.docx"
    write_year_report(report, path)
    document = docx.Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    # An alone gave goods: “tiền 850.000 ₫; hiện vật trị giá 300.000 ₫” was An's rice (decision 0378)
    assert "Đã xác nhận: tiền và hiện vật 1.150.000\xa0₫." in text, text
    written = text + str([cell.text for table in document.tables for row in table.rows for cell in row.cells])
    assert "500.000" not in written and "650.000" not in written  # neither An's gift nor the rest of it
    assert "300.000" not in written and "850.000" not in written
    assert (
        "Theo từng đợt vận động: không nêu số tiền, vì có đợt dưới ba người của đơn vị ủng hộ (số của đợt đó "
        "sẽ là phần ủng hộ của một người); thủ quỹ và cán bộ Mặt trận của đơn vị xem được." in text
    )
    assert len(document.tables) == 3  # the header, the criteria and the foot: no drives' table
    async with (
        any_app.sessionmaker() as session
    ):  # and the period's review of Phòng A, which adds up its years
        actor = await actor_for(session, org.people["Lãnh đạo A"])
        campaign = await session.get_one(Campaign, org.campaign.id)
        period = await phase_report(
            session, org.org.id, campaign, today=TODAY, actor=actor, unit_id=org.units["A"].id
        )
    write_phase_report(period, path)
    document = docx.Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    written = text + str([cell.text for table in document.tables for row in table.rows for cell in row.cells])
    assert "500.000" not in written and "650.000" not in written and "Theo từng đợt vận động" in text
    assert "300.000" not in written and "850.000" not in written and "tiền và hiện vật 1.150.000" in text
    # and Phòng A's achievement report, proposed for a Giấy khen: the council reads it too
    async with any_app.sessionmaker() as session, session.begin():
        form = await session.scalar(select(AwardForm).where(AwardForm.campaign_id == org.campaign.id))
        assert form is not None
        proposal = AwardProposal(
            org_id=org.org.id,
            award_form_id=form.id,
            year=2026,
            unit_id=org.units["A"].id,
            summary="Tích cực",
            proposed_by=org.people["Lãnh đạo A"].id,
            proposed_at=NOW,
        )
        session.add(proposal)
        await session.flush()
        achievement = await achievement_report(session, Operator(org.org.id), proposal.id, today=TODAY)
    write_achievement_report(achievement, path, media_dir=tmp_path, on=TODAY)
    document = docx.Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    written = text + str([cell.text for table in document.tables for row in table.rows for cell in row.cells])
    assert "500.000" not in written and "Theo từng đợt vận động" in text
    assert "300.000" not in written and "850.000" not in written
    # nor, where the drive is not the Fund's, what its collective's Fund item counts: the total less the drive
    async with any_app.sessionmaker() as session, session.begin():
        await session.execute(update(Drive).values(fund=False))
        await session.execute(
            update(Criterion).where(Criterion.campaign_id == org.campaign.id).values(fund_only=True)
        )
        achievement = await achievement_report(session, Operator(org.org.id), proposal.id, today=TODAY)
    write_achievement_report(achievement, path, media_dir=tmp_path, on=TODAY)
    document = docx.Document(str(path))
    written = str([cell.text for table in document.tables for row in table.rows for cell in row.cells])
    assert "650.000" not in written and "350.000" not in written
    assert "đã ủng hộ, không nêu số (xem mục 2)" in written


@pytest.mark.sqlite_only
async def test_goods_three_gave_but_one_of_them_confirmed_are_not_said_apart_on_the_paper(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """Phòng A: three gave money (Chi too), An alone has goods confirmed (rice, 300.000 ₫); Bình and Chi
    record goods too (100.000 ₫ each), not yet confirmed. Three gave goods, so the paper said the kinds
    apart: “Đã xác nhận: tiền 850.000 ₫; hiện vật trị giá 300.000 ₫” (An's rice, the others waiting) and
    “Đang chờ thủ quỹ xác nhận: tiền 200.000 ₫; hiện vật trị giá 200.000 ₫” (An's money; Bình's and Chi's
    goods). A kind is said apart only where each of its figures shown, confirmed and waiting, is none or
    three people's (decision 0384). Chi's labour day, waiting too, waits for the officer in charge or a
    treasurer, on its own (decision 0474)."""
    async with any_app.sessionmaker() as session, session.begin():
        chi = await session.get_one(Person, org.people["Chi"].id)
        binh = await session.get_one(Person, org.people["Bình"].id)
        session.add(_gift(chi, "money", 300_000))
        session.add_all([_gift(giver, "goods", 100_000, status="recorded") for giver in (chi, binh)])
        session.add(_gift(chi, "labour", days=1, status="recorded"))
    report = await _report(any_app, org, "Lãnh đạo A", "A")
    path = tmp_path / "phong-a.docx"
    write_year_report(report, path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    assert "Đã xác nhận: tiền và hiện vật 1.150.000\xa0₫." in text, text
    waiting = "Đang chờ xác nhận: tiền và hiện vật 400.000\xa0₫. "
    assert waiting + "Đang chờ cán bộ Mặt trận hoặc thủ quỹ xác nhận: 1 ngày công." in text
    assert "300.000" not in text and "200.000" not in text


@pytest.mark.sqlite_only
async def test_a_hamlet_of_households_reports_its_households_not_0_of_0_people(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """A hamlet's paper (a commune's units are hamlets of households, decision 0247) read “0/0 người (—) đã
    đăng ký thi đua năm 2026. Hộ gia đình: 1/2 hộ …”, and a unit just made, with nobody listed, “0/0 người
    (—)”: the chat's message beside it said the households alone, as the digest does."""
    async with any_app.sessionmaker() as session, session.begin():
        hamlet, empty = (
            Unit(org_id=org.org.id, code="C", name="Thôn C"),
            Unit(org_id=org.org.id, code="D", name="Thôn D"),
        )
        session.add_all([hamlet, empty])
        await session.flush()
        for name in ("Hộ bà Sáu", "Hộ ông Bảy"):
            household = await _household(session, org.org.id, hamlet.id, name)
            if name == "Hộ bà Sáu":
                await commit_to(session, org, household, 50_000, year=2026, now=NOW)
        hamlet_id, empty_id = hamlet.id, empty.id
    async with any_app.sessionmaker() as session:
        actor = await actor_for(session, org.people["Văn phòng"])
        for unit_id, said in (
            (hamlet_id, "Hộ gia đình: 1/2 hộ (50%) đã đăng ký thi đua năm 2026."),
            (empty_id, "Năm 2026 chưa có ai trong danh sách."),
        ):
            report = await year_report(session, org.org.id, 2026, today=TODAY, actor=actor, unit_id=unit_id)
            path = tmp_path / f"{unit_id}.docx"
            write_year_report(report, path)
            text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
            assert said in text and "0/0" not in text


async def test_goods_given_with_no_value_are_counted_not_said_as_nothing_confirmed(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """Three households of Thôn C each gave 20 kg of rice, its value skipped (“Bỏ qua”), all confirmed: the
    hamlet's paper read “Đã xác nhận: tiền 0 ₫; tổng giá trị tiền và hiện vật 0 ₫” and the chat “Năm 2026
    không có khoản đóng góp nào được xác nhận”, as “my progress” no longer says of rice."""
    async with any_app.sessionmaker() as session, session.begin():
        hamlet = Unit(org_id=org.org.id, code="C", name="Thôn C")
        session.add(hamlet)
        await session.flush()
        for name in ("Hộ bà Sáu", "Hộ ông Bảy", "Hộ ông Tám"):
            household = await _household(session, org.org.id, hamlet.id, name)
            session.add(_gift(household, "goods", 0))
        hamlet_id = hamlet.id
    async with any_app.sessionmaker() as session:
        actor = await actor_for(session, org.people["Văn phòng"])
        report = await year_report(session, org.org.id, 2026, today=TODAY, actor=actor, unit_id=hamlet_id)
    path = tmp_path / "thon-c.docx"
    write_year_report(report, path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    assert "Đã xác nhận: 3 khoản hiện vật chưa ghi trị giá." in text and "0\xa0₫" not in text
    assert "Số lượt ủng hộ: 3, của 3 hộ gia đình." in text  # not “của 0 người và 3 hộ”
    said = _confirmed_line(Translator("vi"), report, over=True, confirms=True)
    assert said == "Đã xác nhận: 3 khoản hiện vật chưa ghi trị giá."
    # The organisation's units table read Thôn C's goods “0 ₫” beside the sentence saying them (0412)
    async with any_app.sessionmaker() as session:
        head = await actor_for(session, org.people["Thủ trưởng"])
        whole = await year_report(session, org.org.id, 2026, today=TODAY, actor=head)
    write_year_report(whole, path)
    rows = [[cell.text for cell in row.cells] for row in docx.Document(str(path)).tables[3].rows]
    [hamlet_row] = [row for row in rows if row[1] == "Thôn C"]
    assert hamlet_row[4:] == ["0\xa0₫", "3 khoản chưa ghi trị giá", "0"]
    # the total's: An's goods are in its money's column (0378), the rice counted beside them
    assert rows[-1][5] == "gộp trong cột Tiền; 3 khoản chưa ghi trị giá"
    async with any_app.sessionmaker() as session:  # and the period's review of Thôn C: its years added up
        campaign = await session.get_one(Campaign, org.campaign.id)
        period = await phase_report(
            session, org.org.id, campaign, today=TODAY, actor=actor, unit_id=hamlet_id
        )
    write_phase_report(period, path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    assert "Đã xác nhận trong năm 2026: 3 khoản hiện vật chưa ghi trị giá." in text and "tiền 0" not in text
    said = period_line(Translator("vi"), period)  # and the chat's message with it
    assert said == "Đã xác nhận trong giai đoạn: 3 khoản hiện vật chưa ghi trị giá."
    async with any_app.sessionmaker() as session, session.begin():  # one household gives money too: held
        giver = await session.scalar(select(Person).where(Person.unit_id == hamlet_id).limit(1))
        assert giver is not None
        session.add(_gift(giver, "money", 50_000))
    async with any_app.sessionmaker() as session:
        report = await year_report(session, org.org.id, 2026, today=TODAY, actor=actor, unit_id=hamlet_id)
    assert report.money_held  # the chat says the rice as the paper does, not the money alone held
    said = _confirmed_line(Translator("vi"), report, over=True, confirms=True)
    assert said.endswith("\nĐã xác nhận: 3 khoản hiện vật chưa ghi trị giá.") and "50.000" not in said


async def test_dollars_waiting_for_their_dong_are_said_apart_where_the_papers_say_what_waits(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """Mid-December, the office drafts the year's papers: Bình's 100 USD confirmed at the 2.540.000 ₫ the
    bank credited, Chi's 50 AUD still waiting for its đồng (decision 0701). The year's and the period's
    papers said “Đang chờ thủ quỹ xác nhận: tiền 200.000 ₫”, the dollars left out without a word, where the
    ledger counts them waiting (decision 0778)."""
    async with any_app.sessionmaker() as session, session.begin():
        dollars, waiting = _gift(org.people["Bình"], "goods", 2_540_000), _gift(org.people["Chi"], "goods")
        dollars.description, dollars.recorded_figure = "100 USD", 0
        waiting.description, waiting.status = "50 AUD", "recorded"
        session.add_all([dollars, waiting])
    async with any_app.sessionmaker() as session:
        actor = await actor_for(session, org.people["Thủ trưởng"])
        report = await year_report(session, org.org.id, 2026, today=TODAY, actor=actor)
        campaign = await session.get_one(Campaign, org.campaign.id)
        period = await phase_report(session, org.org.id, campaign, today=TODAY, actor=actor)
    path = tmp_path / "bao-cao.docx"
    for paper, confirmed in (
        (write_year_report, "Đã xác nhận: "),
        (write_phase_report, "Đã xác nhận trong năm"),
    ):
        paper(report if paper is write_year_report else period, path)
        text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
        assert (
            f"{confirmed}" in text and "hiện vật trị giá 2.840.000\xa0₫" in text
        )  # the dollars at their đồng
        assert "Đang chờ xác nhận: tiền 200.000\xa0₫; 1 khoản hiện vật chưa ghi trị giá." in text


@pytest.mark.parametrize(
    ("kind", "late", "cell"),
    [
        ("money", 200_000, "200.000\xa0₫"),
        # two days of work for the drive, done on 4/1: the table was left out, or had no line for them (0590)
        ("labour", 2, "2 ngày công"),
    ],
)
async def test_januarys_report_before_any_new_drive_says_its_late_gifts_went_to_last_years_drive(
    app: App, tmp_path: Path, kind: str, late: int, cell: str
) -> None:
    """The peak months' drive ran to 31/12/2026; Lan's 200.000 ₫ typed for it on 1/1/2027 counts for 2027
    (decision 0076). The report of 2027 drawn up on 4/1, before any drive of 2027 opened, said the 200.000 ₫
    was confirmed and where it went nowhere: no table at all. It now has its line, as any year with a drive of
    its own has (decision 0426); her days of work given late too (decision 0590)."""
    ids = await seed_hospital(app)
    december, january = datetime(2026, 12, 15, 2, tzinfo=UTC), datetime(2027, 1, 4, 2, tzinfo=UTC)
    async with app.sessionmaker() as session, session.begin():
        entry = NewDrive("Tháng cao điểm 2026", date(2026, 10, 1), date(2026, 12, 31), target_vnd=10_000_000)
        drive = await create_drive(session, Operator(1), entry, now=december)
        lan, tam, mai = [await session.get_one(Person, ids[k]) for k in ("lan", "tam", "mai")]
        treasurer = await actor_for(session, mai)
        for giver, at, given, figure in (
            (lan, december, "money", 1_000_000),
            (tam, december, "money", 2_000_000),
            (lan, january, kind, late),
        ):
            new = NewContribution(given, figure, drive_id=drive.id)
            if given == "labour":
                new = NewContribution(given, labour_days=figure, drive_id=drive.id)
            gift = await record_contribution(session, person=giver, recorded_by=giver, entry=new, now=at)
            await decide(session, gift, confirmed=True, actor=treasurer, now=at)
        report = await year_report(session, lan.org_id, 2027, today=january.date(), actor=Operator(1))
    path = tmp_path / "bao-cao-2027.docx"
    write_year_report(report, path)
    tables = docx.Document(str(path)).tables
    rows = [[cell.text for cell in row.cells] for table in tables for row in table.rows]
    assert any(row[1:5] == ["Các đợt vận động của năm khác", "—", "—", cell] for row in rows), rows


async def _drives_table(app: App, tmp_path: Path, year: int, today: date) -> list[list[str]]:
    """The organisation's drives table of `year`'s paper written on `today`, row by row, where a hospital
    ran a peak month 17/10–18/11/2026 (10.000.000 ₫) and a Tết drive 01/12/2026–31/01/2027 (20.000.000 ₫):
    Lan 500.000 ₫ and Tâm 3.000.000 ₫ to the first, Lan 400.000 ₫ on 5/12 and Tâm 600.000 ₫ on 6/1/2027 to
    the second."""
    ids = await seed_hospital(app)
    at = [datetime(*day, 2, tzinfo=UTC) for day in ((2026, 10, 20), (2026, 12, 5), (2027, 1, 6))]
    async with app.sessionmaker() as session, session.begin():
        peak, tet = [
            await create_drive(session, Operator(1), NewDrive(title, *days, target_vnd=target), now=at[0])
            for title, days, target in (
                ("Tháng cao điểm 2026", (date(2026, 10, 17), date(2026, 11, 18)), 10_000_000),
                ("Tết Đinh Mùi 2027", (date(2026, 12, 1), date(2027, 1, 31)), 20_000_000),
            )
        ]
        lan, tam, mai = [await session.get_one(Person, ids[k]) for k in ("lan", "tam", "mai")]
        treasurer = await actor_for(session, mai)
        for giver, drive, when, figure in (
            (lan, peak, at[0], 500_000),
            (tam, peak, at[0], 3_000_000),
            (lan, tet, at[1], 400_000),
            (tam, tet, at[2], 600_000),
        ):
            if when.date() > today:
                continue
            new = NewContribution("money", figure, drive_id=drive.id)
            gift = await record_contribution(session, person=giver, recorded_by=giver, entry=new, now=when)
            await decide(session, gift, confirmed=True, actor=treasurer, now=when)
        report = await year_report(session, lan.org_id, year, today=today, actor=Operator(1))
    path = tmp_path / f"bao-cao-{year}.docx"
    write_year_report(report, path)
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in docx.Document(str(path)).tables
    ]
    return next(rows for rows in tables if rows[0][1] == "Đợt vận động")


async def test_a_tet_drive_still_running_on_the_papers_day_is_not_read_as_reaching_only_its_share(
    app: App, tmp_path: Path
) -> None:
    """The office's paper of 14/12/2026 to the level above read the Tết drive opened on 1/12, running to
    31/1/2027, as “20.000.000 ₫ | 400.000 ₫ | 2%”: a drive that failed, to whoever compiles the district's
    figures. It now says the drive has not ended; the peak month, over, reads its share alone (decision
    1190)."""
    rows = await _drives_table(app, tmp_path, 2026, date(2026, 12, 14))
    assert rows[1][1:] == [
        "Tháng cao điểm 2026",
        "17/10/2026 – 18/11/2026",
        "10.000.000\xa0₫",
        "3.500.000\xa0₫",
        "35%",
    ]
    assert rows[2][1:] == [
        "Tết Đinh Mùi 2027",
        "01/12/2026 – 31/01/2027",
        "20.000.000\xa0₫",
        "400.000\xa0₫",
        "2% (đợt chưa kết thúc)",
    ]


async def test_a_drive_begun_the_year_before_reads_its_share_as_this_years_gifts_only(
    app: App, tmp_path: Path
) -> None:
    """The paper of 2027, written on 15/2/2027, counts of the Tết drive of 01/12/2026–31/01/2027 only
    January's 600.000 ₫: “3%” read as the whole drive's, when 1.000.000 ₫ came to it in all. It now says
    the share is of 2027's gifts (decision 1190)."""
    rows = await _drives_table(app, tmp_path, 2027, date(2027, 2, 15))
    assert rows[1][1:] == [
        "Tết Đinh Mùi 2027",
        "01/12/2026 – 31/01/2027",
        "20.000.000\xa0₫",
        "600.000\xa0₫",
        "3% (chỉ tính năm 2027)",
    ]


async def test_one_on_long_leave_is_counted_apart_on_the_paper_as_the_digest_counts_her(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """Chi, of Phòng A, on maternity leave until 15/3/2027: her leader's digest reads Phòng A's people without
    her and says her apart (decision 0740); the paper of the year running read “2/9 người” and Phòng A “1/4”,
    as if she had not taken part. The year just ended is history: its paper counts her as before."""
    async with any_app.sessionmaker() as session, session.begin():
        await session.execute(
            update(Person).where(Person.id == org.people["Chi"].id).values(away_until=date(2027, 3, 15))
        )
    path = tmp_path / "bao-cao.docx"
    write_year_report(await _report(any_app, org, "Thủ trưởng"), path)
    document = docx.Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    units = [[cell.text for cell in row.cells] for row in document.tables[-2].rows]
    assert (
        "2/8 người (25%) đã đăng ký thi đua năm 2026; 1 người đang nghỉ dài ngày, không tính. "
        "Hộ gia đình: 1/1 hộ (100%) đã đăng ký." in text
    )
    assert units[1][1:3] == ["Phòng A", "1/3"] and units[-1][1:3] == ["Tổng cộng", "2/8"]
    write_year_report(await _report(any_app, org, "Thủ trưởng", year=2025), path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    assert "0/9 người (0%) đã đăng ký thi đua năm 2025." in text and "nghỉ dài ngày" not in text, text


async def test_a_unit_whose_every_person_is_on_leave_reads_them_apart_not_0_of_0(
    any_app: App, org: Seeded, tmp_path: Path
) -> None:
    """Phòng B's three people on long leave until the paper's day itself (away on it, as the digest counts
    them): its row read “0/0” and its own paper “0/0 người (—) đã đăng ký …”; it now says them apart only
    (decision 0849). From the next day they are back and counted. One of them away on training was said on
    leave, “3 người đang nghỉ dài ngày”; she is said on training, as the digest says her (decision 2410), in
    one sentence with the others, not two clauses each “không tính” (decision 2634)."""
    async with any_app.sessionmaker() as session, session.begin():
        await session.execute(
            update(Person)
            .where(Person.unit_id == org.units["B"].id, Person.kind == "staff")
            .values(away_until=TODAY)
        )
        trainee = await session.scalar(
            select(Person.id).where(Person.unit_id == org.units["B"].id, Person.kind == "staff").limit(1)
        )
        await session.execute(update(Person).where(Person.id == trainee).values(away_reason="training"))
    path = tmp_path / "bao-cao.docx"
    write_year_report(await _report(any_app, org, "Thủ trưởng"), path)
    units = [[cell.text for cell in row.cells] for row in docx.Document(str(path)).tables[-2].rows]
    assert [row[1:3] for row in units if row[1] in ("Phòng A", "Phòng B", "Tổng cộng")] == [
        ["Phòng A", "1/4"],
        ["Phòng B", "—"],
        ["Tổng cộng", "1/6"],
    ]
    write_year_report(await _report(any_app, org, "Thủ trưởng", unit="B"), path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    said = "Không tính 2 người đang nghỉ dài ngày và 1 người đang đi học, tập huấn."  # one clause (2634)
    assert said in text and "0/0" not in text, text
    async with any_app.sessionmaker() as session:
        actor = await actor_for(session, org.people["Thủ trưởng"])
        back = await year_report(session, org.org.id, 2026, today=date(2026, 12, 2), actor=actor)
    write_year_report(back, path)
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    assert "2/9 người (22%) đã đăng ký thi đua năm 2026." in text and "nghỉ dài ngày" not in text, text


async def test_in_january_an_officer_without_a_plan_is_offered_the_year_just_ended_first(
    app: App, make_person
) -> None:
    """The hospital's union ran its Tết drive in December with no plan loaded. On 11/01/2027 `/baocaonam`
    asked “Anh/chị lập báo cáo năm 2027 cho cơ quan hay cho đơn vị mình?”: the December drive was in none of
    it, and 2026's took `/baocaonam 2026`, unsaid. Now the year is asked first, the year just ended first, and
    no file is written before she chooses (decision 1300)."""
    ids = await seed_hospital(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await create_drive(
            session, hung, NewDrive("Tết vì người nghèo 2027", date(2026, 12, 7), date(2026, 12, 31)), now=NOW
        )
    officer = make_person("hung")
    officer.clock.at = datetime(2027, 1, 11, 2, 0, tzinfo=UTC)
    screen = await officer.say("/baocaonam")
    assert "Anh/chị lập báo cáo của năm nào?" in screen
    assert screen.index("Năm 2026 (năm vừa qua)") < screen.index("Năm 2027 (từ đầu năm đến nay)")
    assert "báo cáo năm 2027" not in screen and not officer.channel.transport.documents("hung")
    screen = await officer.choose("Năm 2026 (năm vừa qua)")
    assert "Anh/chị lập báo cáo năm 2026 cho cơ quan hay cho đơn vị mình?" in screen
    screen = await officer.choose("Bệnh viện")
    assert "Báo cáo năm 2026 của" in screen and "số liệu đến ngày 31/12/2026" in screen
    assert len(officer.channel.transport.documents("hung")) == 1
