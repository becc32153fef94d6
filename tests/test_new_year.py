"""The turn of the campaign year, walked with the clock moved from late December 2026 into January 2027: a
school runs a Fund drive “Tết vì người nghèo 2027” from 1/12/2026 to 15/1/2027. Each test holds one place
where a member, a leader or the head would have been misinformed after 1 January (decision 0076)."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import build_app
from bot.channels.collecting import CollectingChannel
from bot.config import Settings
from bot.conversation.engine import Engine
from bot.db.models import (
    Appeal,
    AwardForm,
    Campaign,
    Commitment,
    CommitmentItem,
    Contribution,
    Criterion,
    Deadline,
    Drive,
    Organisation,
    OutboxMessage,
    Person,
    Reminder,
)
from bot.demo import DEMO_PLAN
from bot.domain.access import actor_for
from bot.domain.appeals import AppealError, Audience, audience_query
from bot.domain.awards import ProposalError, propose_award
from bot.domain.commitments import CommitmentError, save_commitment
from bot.domain.contributions import NewContribution, correct, decide, record_contribution, reverse
from bot.domain.digests import send_weekly
from bot.domain.org_settings import apply_settings, load_settings_file
from bot.domain.plans import PlanDeadline, install_plan, load_plan
from bot.domain.reminders import derive
from bot.domain.year_setup import check_year, checklist
from bot.i18n import format_vnd
from bot.messages import BUTTONS, TEXT_ONLY
from tests.support.clocks import MovableClock
from tests.support.ledger import ledger_entry
from tests.support.orgs import commit_to, person_on, seed
from tests.support.people import Person as Chat
from tests.support.templates import Seed

SETTINGS = """
campaign = "vi-nguoi-ngheo-2026-2030"
year = 2026

[[drives]]
code = "tet-2027"
title = "Tết vì người nghèo 2027"
starts_on = 2026-12-01
ends_on = 2027-01-15
kinds = ["money", "goods"]
fund = true
target_vnd = 20_000_000
"""
DECEMBER = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)  # Monday 28/12, 09:00 in Vietnam
MONDAY_4_JANUARY = datetime(2027, 1, 4, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(DECEMBER)


@pytest.fixture
def database_seed() -> Seed:
    return _school


async def _school(session: AsyncSession) -> None:
    """Trường Thử as `school` starts it, written at DECEMBER once a test process on each kind of database,
    for each test to start from a copy (decision 2880): seeding it again took a tenth of a second of every
    test."""
    clock = MovableClock(DECEMBER)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.toml"
        path.write_text(SETTINGS, encoding="utf-8")
        settings = load_settings_file(path)
    seeded = await seed(session, clock())
    await apply_settings(session, seeded.org, settings)
    drive = await session.scalar(select(Drive).where(Drive.code == "tet-2027"))
    assert drive is not None
    a = seeded.units["A"].id
    an = await person_on(
        session, "console", "an", "Nguyễn Văn An", org_id=seeded.org.id, unit_id=a,
        roles=[("member", a)], now=clock(),
    )  # fmt: skip
    await commit_to(session, seeded, an, 1_000_000, year=2026, now=clock())
    # the unit's leader and its union officer: An alone gave in Phòng A, whose money a leader who is
    # not its officer or treasurer does not read (decisions 0304, 0343)
    await person_on(
        session, "console", "lead", "Phạm Minh Tuấn", org_id=seeded.org.id, unit_id=a,
        roles=[("member", a), ("leader", a), ("officer", a)], now=clock(),
    )  # fmt: skip
    await person_on(
        session, "console", "head", "Lê Văn Hùng", org_id=seeded.org.id, unit_id=None,
        roles=[("leader", None)], now=clock(),
    )  # fmt: skip
    session.add(ledger_entry(an, "money", 300_000, at=DECEMBER, drive_id=drive.id))
    session.add(
        ledger_entry(
            an, "money", 200_000, at=datetime(2026, 12, 30, 3, 0, tzinfo=UTC), drive_id=drive.id,
            status="recorded",
        )
    )  # fmt: skip


@pytest.fixture
async def school(
    any_url: str, seeded_copy: None, tmp_path: Path, clock: MovableClock
) -> AsyncIterator[dict[str, Chat]]:
    """Trường Thử with the 2026–2030 plan and the Tết drive; An pledged 1.000.000 ₫ for 2026 and gave to the
    drive in December: 300.000 ₫ on 28/12, confirmed, and 200.000 ₫ on 30/12, still waiting. The test's
    database is a copy of the one `_school` wrote."""
    settings = Settings(database_url=any_url, media_dir=tmp_path / "media", _env_file=None)  # type: ignore[call-arg]
    app = build_app(settings, clock)
    channel = CollectingChannel(app.engine, BUTTONS)
    yield {chat: Chat(channel, chat, clock) for chat in ("an", "lead", "head")}
    await app.close()


def plain(screen: str) -> str:
    return screen.replace("\xa0", " ")  # amounts keep “₫” on their line with a no-break space


async def test_the_digest_of_the_first_monday_counts_what_december_gave(school, clock) -> None:
    clock.at = MONDAY_4_JANUARY
    screen = plain(await school["lead"].say("/baocao"))

    # The 7 days are 29/12–4/1: what was given in them is this week's, whichever year it was recorded in (the
    # 200.000 ₫ of 30/12; the 300.000 ₫ of 28/12 is a day before them).
    assert "Bản tin tuần của Phòng A, 29/12/2026 – 04/01/2027" in screen
    # The week before is the 7 days before them, 22/12–28/12: it holds the 300.000 ₫ of 28/12 (asked at 08:00,
    # its weeks were cut at 08:00, and the gift of 28/12 at 09:00 fell between the two, decision 0537).
    # Its days of 2026 are named: the 200.000 ₫ is not in 2027's year under it (decision 1328).
    week = "Tuần này, gồm cả các ngày của năm 2026 (29/12/2026 – 31/12/2026): tiền 200.000 ₫"
    assert f"{week} (tuần trước: tiền và hiện vật 300.000 ₫)" in screen
    # The Tết drive collected in December: its figure is not reset to 0 ₫ on 1 January.
    assert "Tết vì người nghèo 2027" in screen and "ủng hộ được 300.000 ₫ (đã xác nhận)" in screen
    # The treasurers' queue still holds December's waiting gift.
    assert "Khoản chờ xác nhận: 1" in screen
    # The year so far is 2027's, and nothing was given in it yet.
    assert "Từ đầu năm 2027: chưa có khoản đóng góp nào" in screen

    head = plain(await school["head"].say("/baocao"))
    assert "đã xác nhận 300.000 ₫ / 20.000.000 ₫ (1%)" in head


@pytest.mark.sqlite_only
async def test_on_2_january_a_member_still_sees_what_they_pledged_and_gave_in_2026(school, clock) -> None:
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)
    screen = plain(await school["an"].say("/tiendo"))

    assert "Tiến độ năm 2027 của anh/chị" in screen  # the new year, not registered yet
    # 2026 did not vanish overnight: the pledge against what was confirmed, and December's gift still waiting.
    assert "Tiến độ năm 2026 của anh/chị" in screen
    assert "1.000.000 ₫" in screen and "đã xác nhận 300.000 ₫ (đạt 30%)" in screen
    assert "Tổng năm 2026: tiền 300.000 ₫ đã xác nhận, 200.000 ₫ đang chờ" in screen


@pytest.mark.sqlite_only
async def test_from_april_progress_is_the_new_years_alone(school, clock) -> None:
    clock.at = datetime(2027, 4, 1, 2, 0, tzinfo=UTC)
    screen = await school["an"].say("/tiendo")

    assert "Tiến độ năm 2027 của anh/chị" in screen
    assert "Tiến độ năm 2026" not in screen


async def test_in_january_the_years_report_is_the_year_just_ended(school, clock) -> None:
    clock.at = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
    screen = plain(await school["head"].say("/baocaonam"))

    # Not a 2027 report of zeros: 2026's, as of its last day, with the drive's December gift in it.
    assert "Báo cáo năm 2026 của Trường Thử, số liệu đến ngày 31/12/2026" in screen
    assert "tiền và hiện vật 300.000 ₫" in screen
    assert "/baocaonam 2027" in screen  # how to get the new year's so far

    screen = plain(await school["head"].say("/baocaonam 2027"))
    assert "Báo cáo năm 2027 của Trường Thử" in screen


async def test_on_2_january_a_member_starts_2027_from_what_they_registered_for_2026(school, clock) -> None:
    # An's 2026 registration also holds an item that is not among his for 2027 (a household's pledge).
    async with school["an"].channel.engine.sessionmaker() as session, session.begin():
        commitment = await session.scalar(
            select(Commitment)
            .join(Person, Person.id == Commitment.person_id)
            .where(Commitment.year == 2026, Person.full_name == "Nguyễn Văn An")
        )
        assert commitment is not None
        escape = await session.scalar(
            select(Criterion).where(
                Criterion.campaign_id == commitment.campaign_id, Criterion.code == "dang-ky-thoat-ngheo"
            )
        )
        assert escape is not None
        session.add(CommitmentItem(commitment_id=commitment.id, criterion_id=escape.id, target=1))
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)
    an = school["an"]

    screen = await an.say("/dangky")
    assert "Đăng ký năm 2026: 2 nội dung." in screen
    # Typed as said, without accents: last year's figures are each asked again, to keep or change.
    screen = plain(await an.say("nhu nam ngoai"))
    assert (
        "Không có trong các nội dung đăng ký năm 2027 nên không chép sang: Tự nguyện đăng ký thoát nghèo"
        in (screen)
    )
    assert "Ủng hộ Quỹ “Vì người nghèo”" in screen
    assert "Giữ 1.000.000 ₫" in [plain(choice.label) for choice in an.menu.choices]
    screen = plain(await an.say("1tr2"))
    assert "Đăng ký thi đua năm 2027 của anh/chị:\n• Ủng hộ Quỹ “Vì người nghèo”: 1.200.000 ₫\n" in screen
    assert "Đã lưu đăng ký năm 2027" in await an.choose("Có")

    progress = plain(await an.say("/tiendo"))
    assert progress.index("1.200.000 ₫") < progress.index("Tiến độ năm 2026") < progress.index("1.000.000 ₫")


async def test_last_years_figure_is_offered_to_keep_only_where_it_reads_the_same_now(school, clock) -> None:
    # An's 2026 registration also holds labour days under an older plan's item of the same code that counted
    # money (500.000 ₫), and 2.000.000 households helped, more than a figure typed may be.
    async with school["an"].channel.engine.sessionmaker() as session, session.begin():
        commitment = await session.scalar(
            select(Commitment)
            .join(Person, Person.id == Commitment.person_id)
            .where(Commitment.year == 2026, Person.full_name == "Nguyễn Văn An")
        )
        assert commitment is not None
        plan = await session.get_one(Campaign, commitment.campaign_id)
        older = Campaign(
            org_id=plan.org_id, slug="vi-nguoi-ngheo-2021-2025", title="Kế hoạch 2021–2025",
            starts_on=date(2021, 1, 1), ends_on=date(2025, 12, 31), loaded_at=clock(),
        )  # fmt: skip
        session.add(older)
        await session.flush()
        as_money = Criterion(
            campaign_id=older.id, code="ngay-cong", title="Ngày công (tính bằng tiền)", measure="money",
            scopes=["individual"], counts=["money"],
        )  # fmt: skip
        session.add(as_money)
        helped = await session.scalar(
            select(Criterion).where(Criterion.campaign_id == plan.id, Criterion.code == "giup-ho-ngheo")
        )
        assert helped is not None
        await session.flush()
        session.add(CommitmentItem(commitment_id=commitment.id, criterion_id=as_money.id, target=500_000))
        session.add(CommitmentItem(commitment_id=commitment.id, criterion_id=helped.id, target=2_000_000))
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)
    an = school["an"]

    # On a channel without buttons, “Done” keeps the number it had before last year's was offered: An types
    # his second item and Done out of habit in one message, and is asked that item's figure.
    on_zalo = Chat(CollectingChannel(an.channel.engine, TEXT_ONLY), "an", clock)
    screen = await on_zalo.say("/dangky")
    items = len([choice for choice in on_zalo.menu.choices if choice.id.isdigit()])
    assert f"{items + 1}. Xong, sang bước tiếp" in screen
    assert "số ngày" in await on_zalo.say(f"2, {items + 1}")
    await on_zalo.say("/menu")

    assert "Đăng ký năm 2026: 3 nội dung." in await an.say("/dangky")
    await an.say("như cũ")
    assert "Giữ 1.000.000 ₫" in [plain(choice.label) for choice in an.menu.choices]
    screen = await an.choose("Giữ 1.000.000 ₫")
    # Labour days now: 500.000 is not kept as 500.000 days; the figure is asked with nothing to keep.
    assert "số ngày" in screen
    assert not [choice.label for choice in an.menu.choices if choice.label.startswith("Giữ")]
    screen = await an.say("3")
    assert not [choice.label for choice in an.menu.choices if choice.label.startswith("Giữ")]
    screen = plain(await an.say("2"))
    assert "1.000.000 ₫" in screen and "3 ngày công" in screen and "2.000.000" not in screen


@pytest.mark.sqlite_only
async def test_after_the_periods_last_year_last_years_registration_stands_and_is_not_changed(
    school, clock
) -> None:
    """The plan ended with 2026 and the next period's is not loaded yet (as in January 2026, before the
    2026–2030 plan came out): on 5/1/2027 An's /dangky offered 2026's registration to change, a pledge
    judged and reported in December (decision 0677)."""
    engine = school["an"].channel.engine
    async with engine.sessionmaker() as session, session.begin():
        for campaign in await session.scalars(select(Campaign)):
            campaign.ends_on = date(2026, 12, 31)
    clock.at = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
    an = school["an"]

    screen = plain(await an.say("/dangky"))
    assert (
        "Đăng ký thi đua năm 2026 đã hết hạn ngày 31/12/2026. Nội dung đã đăng ký được giữ nguyên:" in screen
    )
    assert "• Ủng hộ Quỹ “Vì người nghèo”: 1.000.000 ₫" in screen
    # the new year named, not “no campaign” as though none had ever run (decision 0696)
    assert "Phong trào thi đua năm 2027 chưa mở: chưa có kế hoạch cho năm này." in screen
    assert not [choice for choice in an.menu.choices if choice.label.startswith("Sửa")]
    # her progress reads 2026 as the year gone by, never as “this year” (decision 0696)
    progress = plain(await an.say("/tiendo"))
    assert progress.startswith("Phong trào thi đua năm 2027 chưa mở"), progress
    assert "Tiến độ năm 2026 của anh/chị" in progress and "Tổng năm 2026: tiền" in progress
    assert "năm nay" not in progress
    # nor by the domain, whatever a screen left open offers
    async with engine.sessionmaker() as session:
        who = await session.scalar(select(Person).where(Person.full_name == "Nguyễn Văn An"))
        assert who is not None
        plan = await session.scalar(select(Campaign))
        assert plan is not None
        with pytest.raises(CommitmentError) as refused:
            await save_commitment(
                session, campaign_id=plan.id, year=2026, scope="individual", actor=who, targets={},
                now=clock(),
            )  # fmt: skip
        assert refused.value.reason == "year_closed"


async def _plan_ended_with_2026(engine: Engine, report: str) -> Organisation:
    """The plan's period ends with 2026, its settings setting the units' report of it, `report`, for 8/1/2027
    (its reminders written in December)."""
    async with engine.sessionmaker() as session, session.begin():
        ended = await session.scalar(select(Campaign))
        assert ended is not None
        ended.ends_on = date(2026, 12, 31)
        session.add(
            Deadline(
                campaign_id=ended.id, code="bao-cao-ket-qua-2026", month=1, day=8, year=2027, local=True,
                title=report, audience="leader",
            )
        )  # fmt: skip
        return await session.get_one(Organisation, ended.org_id)


async def _mondays_digest(engine: Engine, monday: datetime) -> str:
    """The digest the weekly job, run at `monday`, writes for Phòng A's leader, its officer too, who reads its
    money."""
    async with engine.sessionmaker() as session, session.begin():
        await send_weekly(session, now=monday, settings=engine.settings)
    async with engine.sessionmaker() as session:
        lead = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert lead is not None
        week = f"{monday.isocalendar().year}W{monday.isocalendar().week:02d}"
        key = f"digest:{lead.org_id}:{week}:{lead.id}:{lead.unit_id}"
        digest = await session.scalar(select(OutboxMessage.payload).where(OutboxMessage.key == key))
    assert digest is not None
    return plain(digest["text"])


@pytest.mark.sqlite_only
async def test_after_the_periods_last_year_the_leaders_monday_reads_2027_so_far_not_2026_as_this_year(
    school, clock
) -> None:
    """The plan ended with 2026 and the office has not loaded the next one: on Monday 4/1 and 11/1/2027 the
    leader of Phòng A read “Đã tham gia năm 2026 …”, “Từ đầu năm 2026: tiền 500.000 ₫” (December's), An's
    150.000 ₫ of 2/1 in no figure of the year; now the year is 2027's, its gifts so far, and its campaign is
    said not open, as /tiendo says it, never what the office has to load (decisions 0696, 0734). The units'
    report of the plan's last year, due on 8/1, is still among the deadlines ahead on 4/1, as its reminders
    still go: it was left out with the plan (decision 0758)."""
    engine = school["an"].channel.engine
    await _plan_ended_with_2026(engine, "Các phòng báo cáo kết quả phong trào về Phòng Hành chính")
    async with engine.sessionmaker() as session, session.begin():
        an = await session.scalar(select(Person).where(Person.full_name == "Nguyễn Văn An"))
        assert an is not None
        session.add(ledger_entry(an, "money", 150_000, at=datetime(2027, 1, 2, 3, 0, tzinfo=UTC), year=2027))
    for monday in (MONDAY_4_JANUARY, datetime(2027, 1, 11, 1, 0, tzinfo=UTC)):
        clock.at = monday
        for screen in (await _mondays_digest(engine, monday), plain(await school["lead"].say("/baocao"))):
            assert "Đã tham gia năm 2027 (đăng ký thi đua hoặc ủng hộ): 1/6 người" in screen, screen
            assert "Phong trào thi đua năm 2027 chưa mở: chưa có kế hoạch cho năm này.\n" in screen
            assert "Từ đầu năm 2027: tiền 150.000 ₫" in screen
            # 2026 only as the days of the week across the new year (decision 1328), never as this year
            assert (
                "năm 2026" not in screen.replace("các ngày của năm 2026 (", "") and "chungtay" not in screen
            )
            due = "• Các phòng báo cáo kết quả phong trào về Phòng Hành chính: hạn ngày 08/01/2027."
            assert (due in screen) == (monday == MONDAY_4_JANUARY), screen


@pytest.mark.sqlite_only
async def test_a_plan_loaded_on_2_january_is_read_on_monday_with_the_ended_years_report_still_due(
    school, clock
) -> None:
    """The plan ended with 2026; its settings set the units' report of 2026 for 8/1/2027, and its reminders
    were written in December. The office loads the next period's plan on Saturday 2/1: on Monday 4/1 the
    leader's digest reads the new plan's 2027 beside 2026's registrations, not a year not open; the report
    due on 8/1, said on Friday 1/1, was no longer among the deadlines ahead, the new plan not naming it
    (decision 0758)."""
    engine = school["an"].channel.engine
    report = "Các phòng báo cáo kết quả phong trào năm 2026 về Phòng Hành chính"
    org = await _plan_ended_with_2026(engine, report)
    due = f"• {report}: hạn ngày 08/01/2027."
    clock.at = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)
    assert due in plain(await school["lead"].say("/baocao"))
    saturday = datetime(2027, 1, 2, 3, 0, tzinfo=UTC)
    next_period = replace(
        load_plan(DEMO_PLAN),
        slug="vi-nguoi-ngheo-2027-2031",
        starts_on=date(2027, 1, 1),
        ends_on=date(2031, 12, 31),
    )
    async with engine.sessionmaker() as session, session.begin():
        await install_plan(session, await session.merge(org), next_period, now=saturday)

    clock.at = MONDAY_4_JANUARY
    digest = await _mondays_digest(engine, MONDAY_4_JANUARY)
    for screen in (digest, plain(await school["lead"].say("/baocao"))):
        assert (
            "Đăng ký thi đua năm 2027 (hạn đăng ký 31/12/2027): 0/6 người (0%); năm 2026: 2/6 người (33%)"
            in screen
        ), screen
        assert "chưa mở" not in screen
        assert due in screen, screen


@pytest.mark.parametrize(
    ("title", "named"),
    [
        pytest.param(
            "Tết vì người nghèo 2027", "đợt vận động “Tết vì người nghèo 2027”", marks=pytest.mark.sqlite_only
        ),
        # a title of the noun's own words reads once, as everywhere else a drive is named (decision 0693):
        # it read “đợt vận động “Vận động Tết 2027””
        ("Vận động Tết 2027", "đợt “Vận động Tết 2027”"),
    ],
)
async def test_a_units_money_held_in_january_for_the_tet_drive_says_so_not_that_few_gave_this_year(
    school, clock, title: str, named: str
) -> None:
    """Only An of Phòng A gave to the Tết drive, in December; nobody of it gave in 2027. On 11/1 its leader
    (neither its treasurer nor its officer) read “năm nay dưới ba người của đơn vị ủng hộ”: of a year in which
    nobody gave, where it is the drive that one person gave to (decisions 0343, 0678). The drive's line alone
    is held now, and says so itself (decision 1466)."""
    async with school["an"].channel.engine.sessionmaker() as session:
        leader = await session.scalar(select(Person).where(Person.full_name == "Lãnh đạo A"))
        assert leader is not None
        drive = await session.scalar(select(Drive).where(Drive.title == "Tết vì người nghèo 2027"))
        assert drive is not None
        drive.title = title
        await session.commit()
    clock.at = datetime(2027, 1, 11, 2, 0, tzinfo=UTC)
    screen = plain(await Chat(school["an"].channel, f"p{leader.id}", clock).say("/baocao"))

    assert "năm nay dưới ba người" not in screen
    assert (
        f"{named[0].upper()}{named[1:]}: số của đơn vị không hiện ở đây để không lộ phần ủng hộ của một, hai "
        "người; thủ quỹ và cán bộ công đoàn/vận động của đơn vị xem được số này"
    ) in screen, screen


async def test_a_plan_starting_in_march_is_said_to_open_then_where_check_year_counts_the_year_covered(
    school, clock
) -> None:
    """The plan ended with 2026; the office loaded the next period's on 28/12, launched on 1/3/2027. On
    Monday 4/1 the leader's digest and `/baocao`, An's `/tiendo` and `/dangky` read “Phong trào thi đua năm
    2027 chưa mở: chưa có kế hoạch cho năm này.”, where `check-year` counted 2027 covered by that plan: both
    now say the plan is loaded and opens on 1/3 (decision 0801)."""
    engine = school["an"].channel.engine
    org = await _plan_ended_with_2026(engine, "Các phòng báo cáo kết quả phong trào về Phòng Hành chính")
    march = replace(
        load_plan(DEMO_PLAN),
        slug="vi-nguoi-ngheo-2027-2031",
        starts_on=date(2027, 3, 1),
        ends_on=date(2031, 12, 31),
    )
    async with engine.sessionmaker() as session, session.begin():
        await install_plan(session, await session.merge(org), march, now=DECEMBER)
        check = await check_year(session, await session.merge(org), 2027)
        assert check.plan is not None and check.plan.slug == "vi-nguoi-ngheo-2027-2031"
        assert "01/03/2027" in checklist("vi", check), checklist("vi", check)

    opens = "Phong trào thi đua năm 2027 chưa mở: kế hoạch phong trào bắt đầu từ ngày 01/03/2027."
    clock.at = MONDAY_4_JANUARY
    digest = await _mondays_digest(engine, MONDAY_4_JANUARY)
    screens = [digest, plain(await school["lead"].say("/baocao"))]
    screens += [plain(await school["an"].say("/tiendo")), plain(await school["an"].say("/dangky"))]
    for screen in screens:
        assert opens in screen, screen
        assert "chưa có kế hoạch" not in screen

    clock.at = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)  # the launch: open, as the plan says
    assert "chưa mở" not in plain(await school["an"].say("/tiendo"))
    assert "chưa mở" not in plain(await school["lead"].say("/baocao"))


@pytest.mark.parametrize(
    ("corrected_to", "given", "confirmed"),
    [
        (None, 500_000, 300_000),
        # corrected to 250.000 ₫ in one step on 5/1: the right entry, of 2026 and recorded in 2027, was left
        # out of `/baocao 2026` with the gift it replaces, which read 500.000 ₫ where every other screen read
        # 750.000 ₫ (decision 0810)
        (250_000, 750_000, 550_000),
    ],
)
async def test_a_gift_of_new_years_eve_confirmed_and_reversed_in_january_reads_alike_on_every_screen_of_2026(
    school, clock, corrected_to: int | None, given: int, confirmed: int
) -> None:
    """An gives 400.000 ₫ to the Tết drive at 23:50 on 31/12 (16:50 UTC): it is 2026's, confirmed on 2/1 and
    counted in 2026 everywhere. Reversed on 5/1 (a wrong amount), `/tiendo`, `/baocaonam 2026` and the Monday
    digest's drive read 300.000 ₫ confirmed, while the leader's `/baocao 2026` still read “Từ đầu năm 2026:
    tiền 900.000 ₫”, “đã xác nhận 700.000 ₫” and the drive at 700.000 ₫: the correction, recorded after the
    period asked for, was left out of it (decision 0802)."""
    engine = school["an"].channel.engine
    eve = datetime(2026, 12, 31, 16, 50, tzinfo=UTC)
    async with engine.sessionmaker() as session, session.begin():
        an = await session.scalar(select(Person).where(Person.full_name == "Nguyễn Văn An"))
        drive = await session.scalar(select(Drive).where(Drive.code == "tet-2027"))
        assert an is not None and drive is not None
        treasurer = await person_on(
            session, "console", "treasurer", "Trần Thị Quỹ", org_id=an.org_id, unit_id=None,
            roles=[("treasurer", None)], now=eve,
        )  # fmt: skip
        gift = await record_contribution(
            session, person=an, recorded_by=an, now=eve,
            entry=NewContribution(kind="money", amount_vnd=400_000, drive_id=drive.id),
        )  # fmt: skip
        assert (gift.ref, gift.year) == ("CT-2026-000001", 2026)
        await decide(
            session, gift, confirmed=True, actor=await actor_for(session, treasurer),
            now=datetime(2027, 1, 2, 2, 0, tzinfo=UTC),
        )  # fmt: skip
    clock.at = MONDAY_4_JANUARY
    assert "Từ đầu năm 2026: tiền 900.000 ₫" in plain(await school["lead"].say("/baocao 2026"))
    assert "Đã xác nhận: tiền và hiện vật 700.000 ₫." in plain(await school["head"].say("/baocaonam"))

    async with engine.sessionmaker() as session, session.begin():
        lead = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        assert lead is not None and gift is not None
        fifth = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
        actor = await actor_for(session, lead)
        if corrected_to is None:
            await reverse(session, gift, actor=actor, reason="Ghi nhầm số tiền", now=fifth)
        else:
            await correct(
                session, gift, acting=actor, figure=corrected_to, reason="Ghi nhầm số tiền", now=fifth
            )
    clock.at = datetime(2027, 1, 11, 1, 0, tzinfo=UTC)
    money, so_far = plain(format_vnd(confirmed, "vi")), plain(format_vnd(given, "vi"))
    assert f"Tổng năm 2026: tiền {money} đã xác nhận, 200.000 ₫ đang chờ." in plain(
        await school["an"].say("/tiendo")
    )
    assert f"Đã xác nhận: tiền và hiện vật {money}." in plain(await school["head"].say("/baocaonam"))
    screen = plain(await school["lead"].say("/baocao 2026"))
    assert f"Từ đầu năm 2026: tiền {so_far}" in screen, screen
    assert f"Tiền và hiện vật đã xác nhận {money}, chờ xác nhận 200.000 ₫" in screen
    assert f"đơn vị ủng hộ được {money} (đã xác nhận)" in screen


async def test_a_plan_loaded_beside_another_is_said_to_open_on_the_first_day_a_plan_runs(
    school, clock
) -> None:
    """Two plans loaded for 2027. While the 2026–2030 plan runs, a revised one launched on 1/3/2027 made the
    checklist of `check-year` say that until 1/3 members and leaders read the campaign of 2027 not open, where
    they read it open all January. With the 2026–2030 plan ended with 2026, and plans launched on 1/3 and on
    1/6 loaded, the screens and the checklist said it opens on 01/06/2027, the later one's day, where it opens
    on 1/3 (decision 0811)."""
    engine = school["an"].channel.engine
    plans = [
        replace(
            load_plan(DEMO_PLAN),
            slug=f"vi-nguoi-ngheo-2027-{n}",
            starts_on=starts,
            ends_on=date(2031, 12, 31),
        )
        for n, starts in enumerate((date(2027, 3, 1), date(2027, 6, 1)))
    ]
    async with engine.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        assert org is not None
        await install_plan(session, org, plans[0], now=DECEMBER)
        assert "01/03/2027" not in checklist("vi", await check_year(session, org, 2027))

    org = await _plan_ended_with_2026(engine, "Các phòng báo cáo kết quả phong trào về Phòng Hành chính")
    async with engine.sessionmaker() as session, session.begin():
        await install_plan(session, await session.merge(org), plans[1], now=DECEMBER)
        said = checklist("vi", await check_year(session, await session.merge(org), 2027))
        assert "bắt đầu từ ngày 01/03/2027" in said, said

    clock.at = MONDAY_4_JANUARY
    opens = "Phong trào thi đua năm 2027 chưa mở: kế hoạch phong trào bắt đầu từ ngày 01/03/2027."
    for screen in (plain(await school["an"].say("/tiendo")), plain(await school["lead"].say("/baocao"))):
        assert opens in screen, screen
    clock.at = datetime(2027, 2, 28, 17, 5, tzinfo=UTC)  # 00:05 on 1/3 in Vietnam: the launch day
    assert "chưa mở" not in plain(await school["an"].say("/tiendo"))


async def test_after_the_periods_last_year_a_leaders_awards_are_not_the_ended_years_in_december(
    school, clock
) -> None:
    """The plan ended with 2026 and the office loaded no next one all through 2027: on Monday 13/12/2027 the
    leader of Phòng A opening /dekhenthuong read “Hạn các đơn vị gửi đề nghị (10/12/2026) đã qua …”,
    “Khen thưởng năm 2026: anh/chị muốn làm gì?” and could propose for 2026, a year whose council met a year
    before. Now the awards say, as /tiendo and the digest do, that 2027's campaign is not open, and offer
    nothing of 2026; through March the office still reads 2026's proposals (decision 0979)."""
    engine = school["an"].channel.engine
    async with engine.sessionmaker() as session, session.begin():
        for campaign in await session.scalars(select(Campaign)):
            campaign.ends_on = date(2026, 12, 31)
        office = await session.scalar(select(Person).where(Person.full_name == "Văn phòng"))
        assert office is not None
    lead = school["lead"]

    clock.at = datetime(2027, 12, 13, 2, 0, tzinfo=UTC)  # Monday 13/12/2027, 09:00 in Vietnam
    screen = plain(await lead.say("/dekhenthuong"))
    assert screen.startswith("Phong trào thi đua năm 2027 chưa mở: chưa có kế hoạch cho năm này."), screen
    assert "2026" not in screen and "Đề nghị khen thưởng" not in screen, screen

    # in February the year just ended is still at work: the office's list of 2026, no proposing
    clock.at = datetime(2027, 2, 1, 2, 0, tzinfo=UTC)
    assert "Đề nghị khen thưởng" not in plain(await lead.say("/dekhenthuong"))
    screen = plain(await Chat(lead.channel, f"p{office.id}", clock).say("/dekhenthuong"))
    assert "Phong trào thi đua năm 2027 chưa mở" in screen and "[Danh sách đề nghị năm 2026]" in screen, (
        screen
    )
    assert "Đề nghị khen thưởng" not in screen, screen


async def test_after_the_periods_last_year_no_award_dossier_of_the_next_year_is_reminded_or_listed(
    school, clock
) -> None:
    """The plan ended with 2026 and nothing was loaded by December 2027: on Monday 6/12/2027 the reminders'
    job wrote the leaders' reminders of “gửi hồ sơ đề nghị khen thưởng … hạn 10/12/2027” and the digest listed
    it with a button for the awards, under “Phong trào thi đua năm 2027 chưa mở”, while the awards take no
    proposal of 2027; a proposal of 2026 was still taken by the domain. Now neither is due, and 2026's
    proposing is closed whatever screen was left open (decision 0979)."""
    engine = school["an"].channel.engine
    async with engine.sessionmaker() as session, session.begin():
        for campaign in await session.scalars(select(Campaign)):
            campaign.ends_on = date(2026, 12, 31)
    monday = datetime(2027, 12, 6, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam
    clock.at = monday
    async with engine.sessionmaker() as session, session.begin():
        await derive(session, now=monday, settings=engine.settings)
    async with engine.sessionmaker() as session:
        due = await session.scalars(select(Reminder.key).where(Reminder.ends_on == date(2027, 12, 10)))
        assert due.all() == []
    for screen in (await _mondays_digest(engine, monday), plain(await school["lead"].say("/baocao"))):
        assert "Phong trào thi đua năm 2027 chưa mở" in screen, screen
        assert "khen thưởng" not in screen.lower() and "10/12/2027" not in screen, screen
    async with engine.sessionmaker() as session:
        lead = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        an = await session.scalar(select(Person).where(Person.full_name == "Nguyễn Văn An"))
        assert lead is not None and an is not None
        plan = await session.scalar(select(Campaign))
        assert plan is not None
        form = await session.scalar(select(AwardForm).where(AwardForm.campaign_id == plan.id))
        assert form is not None
        with pytest.raises(ProposalError) as refused:
            await propose_award(
                session, await actor_for(session, lead), form_id=form.id, year=2026,
                unit_id=an.unit_id, person_id=an.id, summary="Gương mẫu ủng hộ", now=clock(),
            )  # fmt: skip
        assert refused.value.reason == "closed"


async def test_after_the_periods_last_year_an_appeal_to_those_with_no_commitment_this_year_is_refused(
    school, clock
) -> None:
    """The plan ended with 2026 and nothing was loaded after it: on Monday 1/3/2027 Phòng A's officer sending
    an appeal to “Những người chưa đăng ký thi đua năm nay” left An out, who registered for 2026 (decision
    0995); then it reached everyone, the menu alone not offering it (1019). No one can register for 2027,
    whose campaign is not open: the audience means nothing and the domain refuses it, the year said (1123).
    While the plan runs, who registered this year is still left out."""
    engine = school["an"].channel.engine
    async with engine.sessionmaker() as session:
        lead = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        an = await session.scalar(select(Person).where(Person.full_name == "Nguyễn Văn An"))
        assert lead is not None and an is not None
        officer = await actor_for(session, lead)
        reached = await session.scalars(
            await audience_query(session, officer, Audience("no_commitment"), today=date(2026, 12, 28))
        )
        assert an.id not in set(reached.all())  # registered for 2026, in 2026
    async with engine.sessionmaker() as session, session.begin():
        for campaign in await session.scalars(select(Campaign)):
            campaign.ends_on = date(2026, 12, 31)
    for today in (date(2027, 3, 1), date(2027, 12, 6)):
        async with engine.sessionmaker() as session:
            with pytest.raises(AppealError) as refused:
                await audience_query(session, officer, Audience("no_commitment"), today=today)
            assert (refused.value.reason, refused.value.detail) == ("no_plan_year", "2027"), today


@pytest.mark.sqlite_only
async def test_after_the_periods_last_year_its_reports_of_a_year_after_it_are_neither_reminded_nor_listed(
    school, clock
) -> None:
    """The plan ended with 2026 and nothing was loaded after it; besides the award dossiers it asks the units
    for a report every six months (15/6) and of the year just ended (8/1). The report of 2026 due on
    8/1/2027 is the plan's own and still due. But on Monday 7/6/2027 the reminders' job wrote the leaders'
    reminders of “báo cáo 6 tháng … hạn 15/06/2027” and the digest listed it, under “Phong trào thi đua năm
    2027 chưa mở”; and on 27/12/2027 the digest listed the report of 2027 due on 08/01/2028, which no reminder
    said: reports of a year whose campaign is not open. Now neither is said (decision 1018)."""
    engine = school["an"].channel.engine
    async with engine.sessionmaker() as session, session.begin():
        plan = await session.scalar(select(Campaign))
        assert plan is not None
        plan.ends_on = date(2026, 12, 31)
        for code, title, month, day in (
            ("bao-cao-6-thang", "Các phòng báo cáo kết quả phong trào 6 tháng", 6, 15),
            ("bao-cao-ket-qua-nam", "Các phòng báo cáo kết quả phong trào năm", 1, 8),
        ):
            session.add(
                Deadline(
                    campaign_id=plan.id, code=code, title=title, month=month, day=day, year=None,
                    audience="leader", local=False,
                )
            )  # fmt: skip

    async def reminded(on: date) -> list[str]:
        async with engine.sessionmaker() as session:
            return list(await session.scalars(select(Reminder.key).where(Reminder.ends_on == on)))

    for monday, due, said in (
        (MONDAY_4_JANUARY, date(2027, 1, 8), True),  # the report of 2026, the plan's last year
        (datetime(2027, 6, 7, 1, 0, tzinfo=UTC), date(2027, 6, 15), False),
        (datetime(2027, 12, 27, 1, 0, tzinfo=UTC), date(2028, 1, 8), False),
    ):
        clock.at = monday
        async with engine.sessionmaker() as session, session.begin():
            await derive(session, now=monday, settings=engine.settings)
        assert bool(await reminded(due)) == said, (monday, due)
        for screen in (await _mondays_digest(engine, monday), plain(await school["lead"].say("/baocao"))):
            assert "Phong trào thi đua năm 2027 chưa mở" in screen, screen
            assert (f"hạn {due:%d/%m/%Y}" in screen) == said, screen


@pytest.mark.sqlite_only
async def test_after_the_periods_last_year_no_appeal_is_offered_to_those_with_no_commitment_this_year(
    school, clock
) -> None:
    """The plan ended with 2026 and nothing was loaded after it: on 4/1/2027 Phòng A's officer writing an
    appeal was offered “Những người chưa đăng ký thi đua năm nay” beside “Tất cả”, two choices reaching the
    same people, since no one can register for 2027 (decision 0995). Now it is offered only where a plan
    covers the year, as on 28/12/2026 (decision 1019)."""
    lead = school["lead"]
    no_commitment = "Những người chưa đăng ký thi đua năm nay"

    async def audiences() -> list[str]:
        await lead.say("/keugoi")
        await lead.choose("Soạn tin mới")
        await lead.say("Mời anh chị ủng hộ đợt vận động Tết")
        await lead.choose("Tết vì người nghèo 2027")
        offered = [choice.label for choice in lead.menu.choices]
        await lead.say("/start")
        return offered

    assert no_commitment in await audiences()
    engine = lead.channel.engine
    async with engine.sessionmaker() as session, session.begin():
        for campaign in await session.scalars(select(Campaign)):
            campaign.ends_on = date(2026, 12, 31)
    clock.at = MONDAY_4_JANUARY
    offered = await audiences()
    assert no_commitment not in offered and "Tất cả (các đơn vị tôi phụ trách)" in offered, offered


async def test_an_appeal_to_those_with_no_commitment_chosen_on_new_years_eve_is_refused_kindly_in_january(
    school, clock
) -> None:
    """The plan ended with 2026 and nothing was loaded after it. On Thursday 31/12/2026 Phòng A's officer
    chose “Những người chưa đăng ký thi đua năm nay” for the Tết drive's appeal, saw its preview, and pressed
    “Gửi ngay” on Monday 4/1/2027: it went to everyone she covers, An who registered for 2026 too, under words
    naming a registration no one can make in 2027. Now it is refused, kindly, the year said, nothing sent, and
    she chooses again among the audiences of 2027 (decision 1123)."""
    lead = school["lead"]
    engine = lead.channel.engine
    async with engine.sessionmaker() as session, session.begin():
        for campaign in await session.scalars(select(Campaign)):
            campaign.ends_on = date(2026, 12, 31)
    clock.at = datetime(2026, 12, 31, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
    await lead.say("/keugoi")
    await lead.choose("Soạn tin mới")
    await lead.say("Mời anh chị ủng hộ đợt vận động Tết")
    await lead.choose("Tết vì người nghèo 2027")
    screen = await lead.choose("Những người chưa đăng ký thi đua năm nay")
    assert "Gửi ngay" in [choice.label for choice in lead.menu.choices], screen
    clock.at = MONDAY_4_JANUARY
    screen = plain(await lead.choose("Gửi ngay"))
    assert "Năm 2027 chưa có kế hoạch thi đua" in screen and "Chưa gửi cho ai" in screen, screen
    assert "ví dụ “Tất cả (các đơn vị tôi phụ trách)”" in screen, screen
    offered = [choice.label for choice in lead.menu.choices]
    assert "Những người chưa đăng ký thi đua năm nay" not in offered, offered
    async with engine.sessionmaker() as session:
        assert await session.scalar(select(Appeal)) is None
        assert not (
            await session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("appeal:%")))
        ).all()


async def test_an_appeal_to_those_with_no_commitment_scheduled_for_january_reads_the_year_it_goes_out(
    school, clock
) -> None:
    """On Wednesday 30/12/2026 Phòng A's officer schedules an appeal to “Những người chưa đăng ký thi đua
    năm nay” for Saturday 2/1/2027: it was read for 2026 and left An out, who registered for 2026, though on
    2/1 no one has registered for 2027. Now it reaches him. With the plan ended with 2026 and nothing after
    it, the same appeal went out in a year no plan covers, to those not registered for 2026: now refused as
    “Gửi ngay” on 4/1 is, nothing stored, and the hour forgotten (decisions 1123, 1147)."""
    lead = school["lead"]
    engine = lead.channel.engine
    async with engine.sessionmaker() as session:
        an_id = await session.scalar(select(Person.id).where(Person.full_name == "Nguyễn Văn An"))

    async def scheduled(text: str) -> str:
        await lead.say("/keugoi")
        await lead.choose("Soạn tin mới")
        await lead.say(text)
        await lead.choose("Tết vì người nghèo 2027")
        await lead.choose("Những người chưa đăng ký thi đua năm nay")
        await lead.choose("Hẹn giờ")
        return plain(await lead.say("02/01/2027 08:00"))

    clock.at = datetime(2026, 12, 30, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
    screen = await scheduled("Mời anh chị ủng hộ đợt vận động Tết")
    assert "Đã hẹn giờ" in screen and "02/01/2027" in screen, screen
    async with engine.sessionmaker() as session:
        keys = (
            await session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("appeal:%")))
        ).all()
    assert any(key.endswith(f":{an_id}") for key in keys), keys

    async with engine.sessionmaker() as session, session.begin():
        for campaign in await session.scalars(select(Campaign)):
            campaign.ends_on = date(2026, 12, 31)
    screen = await scheduled("Mời anh chị chung tay vì người nghèo dịp Tết")
    assert "Năm 2027 chưa có kế hoạch thi đua" in screen and "Chưa gửi cho ai" in screen, screen
    assert "Đã hẹn giờ" not in screen, screen
    async with engine.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Appeal)) == 1
    await lead.choose("Tất cả (các đơn vị tôi phụ trách)")  # whom again, then when: “Gửi ngay” is now
    screen = plain(await lead.choose("Gửi ngay"))
    assert "Đang gửi đến" in screen and "02/01/2027" not in screen, screen


async def test_at_night_on_new_years_eve_no_commitment_of_a_year_no_plan_covers_is_not_offered(
    school, clock
) -> None:
    """The plan ended with 2026 and nothing after it. At 22:30 on Thursday 31/12/2026 an appeal waits for the
    end of the quiet hours, 07:00 on 1/1/2027: the audience “Những người chưa đăng ký thi đua năm nay” was
    offered, read for 2026, and refused once chosen. It is offered by the year the appeal would go out in
    (decisions 1019, 1147)."""
    lead = school["lead"]
    async with lead.channel.engine.sessionmaker() as session, session.begin():
        for campaign in await session.scalars(select(Campaign)):
            campaign.ends_on = date(2026, 12, 31)
    clock.at = datetime(2026, 12, 31, 15, 30, tzinfo=UTC)  # 22:30 in Vietnam
    await lead.say("/keugoi")
    await lead.choose("Soạn tin mới")
    await lead.say("Mời anh chị ủng hộ đợt vận động Tết")
    await lead.choose("Tết vì người nghèo 2027")
    offered = [choice.label for choice in lead.menu.choices]
    assert "Những người chưa đăng ký thi đua năm nay" not in offered, offered
    assert "Tất cả (các đơn vị tôi phụ trách)" in offered, offered


async def test_a_next_plan_loaded_in_december_has_its_yearly_deadline_of_early_january_reminded_and_listed(
    school, clock
) -> None:
    """The plan ends with 2026 and the office loads the next period's on Sunday 20/12/2026, both asking the
    units for their registration forms by 5/1 each year (a deadline with no kind in its code). On Tuesday
    29/12, seven days before, no reminder of “hạn 05/01/2027” was written and Monday 28/12's digest did not
    list it: the ended plan's deadline was of 2027, after its period (decision 1018), and the new plan was
    read only from 1/1, when its seven days' reminder had passed. Now December reads the new plan's deadline
    of the year after the running one (decision 1058)."""
    engine = school["an"].channel.engine
    title = "Các phòng gửi bản đăng ký thi đua năm về Phòng Hành chính"
    forms = PlanDeadline("gui-dang-ky-thi-dua", title, 1, 5, "leader")
    async with engine.sessionmaker() as session, session.begin():
        plan = await session.scalar(select(Campaign))
        assert plan is not None
        plan.ends_on = date(2026, 12, 31)
        session.add(
            Deadline(
                campaign_id=plan.id, code=forms.code, title=title, month=1, day=5, year=None,
                audience="leader", local=False,
            )
        )  # fmt: skip
        org = await session.get(Organisation, plan.org_id)
        assert org is not None
        base = load_plan(DEMO_PLAN)
        next_period = replace(
            base,
            slug="vi-nguoi-ngheo-2027-2031",
            starts_on=date(2027, 1, 1),
            ends_on=date(2031, 12, 31),
            deadlines=(*base.deadlines, forms),
        )
        await install_plan(session, org, next_period, now=datetime(2026, 12, 20, 3, 0, tzinfo=UTC))

    monday = datetime(2026, 12, 28, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam
    clock.at = monday
    for screen in (await _mondays_digest(engine, monday), plain(await school["lead"].say("/baocao"))):
        assert f"• {title}: hạn ngày 05/01/2027." in screen, screen
    tuesday = datetime(2026, 12, 29, 1, 0, tzinfo=UTC)
    clock.at = tuesday
    async with engine.sessionmaker() as session, session.begin():
        await derive(session, now=tuesday, settings=engine.settings)
    async with engine.sessionmaker() as session:
        rows = (await session.scalars(select(Reminder.key).where(Reminder.ends_on == date(2027, 1, 5)))).all()
    assert any(":7:" in key for key in rows), rows
    # from 1/1 the new plan is read: its three and one days' reminders are the rows of December, not twice
    for day in (datetime(2027, 1, 1, 1, 0, tzinfo=UTC), datetime(2027, 1, 4, 1, 0, tzinfo=UTC)):
        clock.at = day
        async with engine.sessionmaker() as session, session.begin():
            await derive(session, now=day, settings=engine.settings)
    async with engine.sessionmaker() as session:
        again = (
            await session.scalars(select(Reminder.key).where(Reminder.ends_on == date(2027, 1, 5)))
        ).all()
    assert sorted(again) == sorted(rows), again


@pytest.mark.sqlite_only
async def test_after_the_periods_last_year_a_kindless_deadline_of_january_is_still_reminded_and_listed(
    school, clock
) -> None:
    """The plan ended with 2026 and nothing was loaded after it; it asks the units for their summary of the
    year by 8/1, under a code of its own words (“tong-ket-nam”, not “bao-cao-…”). On Monday 4/1/2027 no
    reminder of it was written and neither the digest nor /baocao listed “hạn ngày 08/01/2027”: read as
    2027's, a year after the period (decision 1018), where it is the summary of 2026, the plan's own last
    year. Now a yearly deadline of no kind is read as a report is: due in January, of the year just ended
    (decision 1059); the one of 2027, due 8/1/2028, is still not said."""
    engine = school["an"].channel.engine
    title = "Các phòng gửi tổng kết phong trào năm về Phòng Hành chính"
    async with engine.sessionmaker() as session, session.begin():
        plan = await session.scalar(select(Campaign))
        assert plan is not None
        plan.ends_on = date(2026, 12, 31)
        session.add(
            Deadline(
                campaign_id=plan.id, code="tong-ket-nam", title=title, month=1, day=8, year=None,
                audience="leader", local=False,
            )
        )  # fmt: skip

    for monday, day, due, said in (
        (MONDAY_4_JANUARY, MONDAY_4_JANUARY, date(2027, 1, 8), True),
        # the one of 2027: listed from Monday 27/12/2027, reminded from Tuesday 4/1/2028
        (
            datetime(2027, 12, 27, 1, 0, tzinfo=UTC),
            datetime(2028, 1, 4, 1, 0, tzinfo=UTC),
            date(2028, 1, 8),
            False,
        ),
    ):
        clock.at = monday
        for screen in (await _mondays_digest(engine, monday), plain(await school["lead"].say("/baocao"))):
            assert (f"• {title}: hạn ngày {due:%d/%m/%Y}." in screen) == said, screen
        clock.at = day
        async with engine.sessionmaker() as session, session.begin():
            await derive(session, now=day, settings=engine.settings)
        async with engine.sessionmaker() as session:
            rows = (await session.scalars(select(Reminder.key).where(Reminder.ends_on == due))).all()
        assert bool(rows) == said, (day, rows)


async def test_a_report_both_plans_name_is_reminded_once_across_the_turn_of_the_plans(school, clock) -> None:
    """The plan ends with 2026 and the next period's is loaded on 20/12/2026; both ask the units for their
    report of the year by 8/1 (“bao-cao-ket-qua-nam”). The report of 2026 was reminded on 31/12 under the
    ended plan's deadline, its three and one days' reminders written then, and again from 1/1 under the new
    plan's: Phòng A's leader was told twice on 5/1 and twice on 7/1 of the one report. Now the new plan's
    deadline is the one said from its first day, December's rows its rows (decision 1058). A report of
    2026 that the ended plan alone names, due 12/1, was never reminded: from 1/1 only the new plan was read
    (decision 1060)."""
    engine = school["an"].channel.engine
    title = "Các phòng báo cáo kết quả phong trào năm về Phòng Hành chính"
    report = PlanDeadline("bao-cao-ket-qua-nam", title, 1, 8, "leader")
    async with engine.sessionmaker() as session, session.begin():
        plan = await session.scalar(select(Campaign))
        assert plan is not None
        plan.ends_on = date(2026, 12, 31)
        session.add(
            Deadline(
                campaign_id=plan.id, code=report.code, title=title, month=1, day=8, year=None,
                audience="leader", local=False,
            )
        )  # fmt: skip
        # a report the new plan does not name: the ended plan's alone, of its last year
        session.add(
            Deadline(
                campaign_id=plan.id, code="bao-cao-thi-dua-khoi", title="Báo cáo thi đua khối", month=1,
                day=12, year=None, audience="leader", local=False,
            )
        )  # fmt: skip
        org = await session.get(Organisation, plan.org_id)
        assert org is not None
        base = load_plan(DEMO_PLAN)
        next_period = replace(
            base,
            slug="vi-nguoi-ngheo-2027-2031",
            starts_on=date(2027, 1, 1),
            ends_on=date(2031, 12, 31),
            deadlines=(*base.deadlines, report),
        )
        await install_plan(session, org, next_period, now=datetime(2026, 12, 20, 3, 0, tzinfo=UTC))

    for day in (datetime(2026, 12, 31, 1, 0, tzinfo=UTC), MONDAY_4_JANUARY):
        clock.at = day
        async with engine.sessionmaker() as session, session.begin():
            await derive(session, now=day, settings=engine.settings)
    async with engine.sessionmaker() as session:
        keys = (
            await session.scalars(
                select(Reminder.key).where(Reminder.ends_on == date(2027, 1, 8), Reminder.topic == "deadline")
            )
        ).all()
    told = [key.split(":", 3)[3] for key in keys]  # days before and whom, whichever plan's deadline
    assert told and len(told) == len(set(told)), sorted(keys)
    async with engine.sessionmaker() as session:
        alone = await session.scalars(select(Reminder.key).where(Reminder.ends_on == date(2027, 1, 12)))
        assert alone.all(), "the report of the ended plan alone is reminded in January"
    digest = await _mondays_digest(engine, MONDAY_4_JANUARY)
    asked = plain(await school["lead"].say("/baocao")).split("Bản tin tuần")[-1]
    for screen in (digest, asked):
        assert screen.count("hạn 08/01/2027") == 1, screen  # “Phòng A gửi báo cáo về Trường Thử: hạn …”
        assert screen.count("hạn 12/01/2027") == 1, screen
