"""The digest across the turn of the year reads the registrations of both years (decision 0080), on SQLite and
PostgreSQL: on the first Mondays of January a unit's leader and the head read the new year's registrations
beside the final figure of the year just ended (not a collapse to 0 %), with until when the new year's window
is open; through March, not from April. In December, with next year's window opened early (decision 0077),
those who registered for next year already are counted on a line of their own; nothing is said of next year
when its window is not open and nobody registered for it. Households apart (decision 0046); vi and en."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.clock import LOCAL_TZ
from bot.db.models import Commitment, Contribution, Drive, OrgSchedule, RegistrationWindow, Unit
from bot.domain.statement import figures_of, totals_of
from bot.messages import BUTTONS
from tests.support.clocks import MovableClock
from tests.support.ledger import ledger_entry
from tests.support.orgs import Seeded, add_person, commit_to, read_back, seed
from tests.support.templates import Seed
from tests.test_digests import add_households, digests, weekly


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


MONDAY_4_JANUARY = local(2027, 1, 4, 7, 30)
MONDAY_7_DECEMBER = local(2026, 12, 7, 7, 30)


@pytest.fixture
def database_seed() -> Seed:
    return _seeded


@pytest.fixture
async def org(any_app: App, seeded_copy: Seeded) -> Seeded:
    """The seeded school (Phòng A: Lãnh đạo A, An, Bình, Chi; Phòng B, led in English: Lãnh đạo B, Dũng, Hà;
    An and Dũng registered for 2026) with the head's roll-up in English too (Head, organisation-wide)."""
    return await read_back(any_app.sessionmaker, seeded_copy)


async def _seeded(session: AsyncSession) -> Seeded:
    seeded = await seed(session, local(2026, 11, 1, 9))
    await add_person(session, seeded, "Head", None, ("leader", None), now=local(2026, 11, 1, 9), locale="en")
    return seeded


async def register(
    session: AsyncSession, org: Seeded, names: tuple[str, ...], *, year: int, units: tuple[str, ...] = ()
) -> None:
    """`names` registered for `year`, and `units` registered as a unit, by their leader."""
    at = local(2026, 11, 20, 9) if year == 2026 else local(2026, 12, 2, 9)
    for name in names:
        await commit_to(session, org, org.people[name], 500_000, year=year, now=at)
    for unit in units:
        session.add(
            Commitment(
                campaign_id=org.campaign.id,
                year=year,
                scope="collective",
                owner_key=f"u:{org.units[unit].id}",
                unit_id=org.units[unit].id,
                registered_by=org.people[f"Lãnh đạo {unit}"].id,
                created_at=at,
                updated_at=at,
            )
        )
    await session.flush()


async def window(app: App, org: Seeded, opens_on: date, closes_on: date) -> None:
    """The organisation's window for registering in 2027 (its 2027 settings file's `[registration]`)."""
    async with app.sessionmaker() as session, session.begin():
        session.add(RegistrationWindow(org_id=org.org.id, year=2027, opens_on=opens_on, closes_on=closes_on))


def line(text: str, starting: str) -> str:
    """The line of `text` that starts so (an AssertionError naming the text when there is none)."""
    found = [each for each in text.split("\n") if each.startswith(starting)]
    assert len(found) == 1, text
    return found[0]


async def sent_to(app: App, org: Seeded) -> dict[str, str]:
    """Each reader's digest text, by reader's name."""
    texts = await digests(app)
    return {name: texts[person.id][0] for name, person in org.people.items() if person.id in texts}


async def test_the_first_monday_of_january_reads_the_new_year_beside_the_year_just_ended(
    any_app: App, org: Seeded, clock: MovableClock
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        # 2026: all of Phòng A, and Phòng A as a unit; 2027 so far: Bình alone
        await register(session, org, ("Lãnh đạo A", "Bình", "Chi"), year=2026, units=("A",))
        await register(session, org, ("Bình",), year=2027)
        # Phòng C, new this year: nobody there registered in 2026
        org.units["C"] = Unit(org_id=org.org.id, code="C", name="Phòng C")
        session.add(org.units["C"])
        await session.flush()
        await add_person(session, org, "Lãnh đạo C", "C", ("leader", "C"), now=local(2026, 12, 1, 9))
        await add_person(session, org, "Giang", "C", ("member", "C"), now=local(2026, 12, 1, 9))
    await window(any_app, org, date(2026, 12, 15), date(2027, 1, 31))

    assert await weekly(any_app, MONDAY_4_JANUARY) == 5
    sent = await sent_to(any_app, org)
    assert line(sent["Lãnh đạo A"], "Đăng ký thi đua năm 2027") == (
        "Đăng ký thi đua năm 2027 (hạn đăng ký 31/01/2027): 1/4 người (25%); "
        "năm 2026: 4/4 người (100%), đã đăng ký tập thể"
    )
    assert line(sent["Lãnh đạo B"], "Registrations for 2027") == (
        "Registrations for 2027 (open until 31/01/2027): 0/3 people (0%); in 2026: 1/3 people (33%)"
    )
    assert line(sent["Thủ trưởng"], "Đăng ký thi đua năm 2027") == (
        "Đăng ký thi đua năm 2027 (hạn đăng ký 31/01/2027): 0/3 đơn vị, 1/12 người (8%); "
        "năm 2026: 1/3 đơn vị, 5/12 người (42%)"
    )
    assert line(sent["Head"], "Registrations for 2027") == (
        "Registrations for 2027 (open until 31/01/2027): 0/3 units, 1/12 people (8%); "
        "in 2026: 1/3 units, 5/12 people (42%)"
    )
    # under who took part in 2027 so far (decision 0166); the year so far is 2027's as before
    for text in (sent["Lãnh đạo A"], sent["Thủ trưởng"]):
        assert "Đã đăng ký:" not in text and "Từ đầu năm 2027:" in text
        assert text.split("\n")[1].startswith("Đã tham gia năm 2027 (đăng ký thi đua hoặc ủng hộ): ")
    # a unit that registered nobody in 2026 reads as before: there is nothing of 2026 to set beside
    assert line(sent["Lãnh đạo C"], "Đã tham gia") == (
        "Đã tham gia năm 2027 (đăng ký thi đua hoặc ủng hộ): 0/2 người (0%)"
    )
    assert not any("2026" in each for each in sent["Lãnh đạo C"].split("\n")[1:3])

    clock.at = MONDAY_4_JANUARY  # the same on demand
    channel = CollectingChannel(any_app.engine, BUTTONS)
    replies = await channel.receive(f"p{org.people['Thủ trưởng'].id}", text="/baocao", at=clock.at)
    assert "năm 2026: 1/3 đơn vị, 5/12 người (42%)" in "\n".join(r.text for r in replies)


@pytest.mark.sqlite_only
async def test_the_first_mondays_of_january_give_the_head_the_final_figure_of_the_year_just_ended(
    any_app: App, org: Seeded
) -> None:
    """2026 gave 1.200.000 ₫ confirmed and 300.000 ₫ waiting (given on 30/12, confirmed in January as
    treasurers do). On Monday 4/1/2027 the roll-up's 2027 lines read three days of the new year: beside them,
    through March, 2026's final figure for the chief accountant, who reads the running money; a head who leads
    only is told where it is, his year report, which holds what one late gift would tell (decision 1008)."""
    async with any_app.sessionmaker() as session, session.begin():
        await add_person(
            session,
            org,
            "Kế toán trưởng",
            None,
            ("leader", None),
            ("treasurer", None),
            now=local(2026, 11, 1, 9),
        )
        session.add(ledger_entry(org.people["An"], "money", 1_200_000, at=local(2026, 12, 20, 9)))
        session.add(
            ledger_entry(org.people["Dũng"], "money", 300_000, at=local(2026, 12, 30, 9), status="recorded")
        )

    await weekly(any_app, MONDAY_4_JANUARY)
    sent = await sent_to(any_app, org)
    assert line(sent["Kế toán trưởng"], "Cả năm 2026") == (
        "Cả năm 2026 (năm vừa qua): đã xác nhận tiền 1.200.000\xa0₫; chờ xác nhận tiền 300.000\xa0₫"
    )
    assert line(sent["Thủ trưởng"], "Cả năm 2026") == (
        "Cả năm 2026 (năm vừa qua): còn khoản chờ xác nhận; số liệu cuối cùng có trong báo cáo năm, "
        "gõ /baocaonam"
    )
    assert line(sent["Head"], "All of 2026") == (
        "All of 2026, the year just ended: some gifts still wait for confirmation; the final figures are in "
        "the year's report, /yearreport"
    )
    assert "Cả năm 2026" not in sent["Lãnh đạo A"]  # a unit's own digest: its leader's year, as before

    await weekly(any_app, local(2027, 4, 5, 7, 30))  # April: the year's report went up, the line goes
    april = (await digests(any_app))[org.people["Kế toán trưởng"].id][-1]
    assert "– 04/04/2027" in april and "Cả năm 2026" not in april


async def test_the_week_across_the_new_year_names_its_days_of_the_year_just_ended(
    any_app: App, org: Seeded
) -> None:
    """The digest of Monday 4/1/2027 reads the week 28/12/2026 – 3/1/2027, whose gifts were all of 29 and
    30/12: its “Tuần này: tiền và hiện vật 4.100.000 ₫, 2 ngày công” stood above “Từ đầu năm 2027: chưa có
    khoản đóng góp nào”, as if 2027 had them and lost them. The week's line names its days of 2026, for the
    head's roll-up and a unit's digest alike (decision 1328); the week after reads as ever."""
    async with any_app.sessionmaker() as session, session.begin():
        for name, amount in (("An", 1_200_000), ("Bình", 900_000), ("Chi", 1_000_000)):
            session.add(ledger_entry(org.people[name], "money", amount, at=local(2026, 12, 29, 9)))
        session.add(ledger_entry(org.people["Dũng"], "goods", 1_000_000, at=local(2026, 12, 30, 9)))
        session.add(ledger_entry(org.people["Hà"], "labour", days=2, at=local(2026, 12, 30, 9)))

    await weekly(any_app, MONDAY_4_JANUARY)
    sent = await sent_to(any_app, org)
    assert line(sent["Thủ trưởng"], "Tuần này").startswith(
        "Tuần này, gồm cả các ngày của năm 2026 (28/12/2026 – 31/12/2026): tiền và hiện vật 4.100.000\xa0₫, "
        "2 ngày công"
    )
    assert line(sent["Thủ trưởng"], "Từ đầu năm 2027") == "Từ đầu năm 2027: chưa có khoản đóng góp nào"
    assert line(sent["Lãnh đạo A"], "Tuần này").startswith(
        "Tuần này, gồm cả các ngày của năm 2026 (28/12/2026 – 31/12/2026): tiền 3.100.000\xa0₫"
    )
    assert line(sent["Head"], "This week").startswith(
        "This week, which takes in days of 2026 (28/12/2026 – 31/12/2026): money and goods ₫4,100,000"
    )

    await weekly(any_app, local(2027, 1, 11, 7, 30))
    after = (await digests(any_app))[org.people["Thủ trưởng"].id][-1]
    assert line(after, "Tuần này").startswith("Tuần này: chưa có khoản đóng góp nào")


async def test_a_week_across_the_new_year_never_calls_the_new_years_gifts_the_old_years(
    any_app: App, org: Seeded
) -> None:
    """Read on 5/1/2027 by the union's officer at /baocao, and by the head on Monday 4/1: “Tuần này, phần
    thuộc năm 2026 (28/12/2026 – 31/12/2026): tiền 300.000 ₫” for three gifts of 2/1/2027, above “Từ đầu năm
    2027: tiền 300.000 ₫” — the same money said to be 2026's and 2027's. The line counts the whole week; it
    now says the week takes in those days of 2026, not that its figure is theirs (decision 1460)."""
    async with any_app.sessionmaker() as session, session.begin():
        for name in ("Bình", "Chi", "Lãnh đạo A"):
            session.add(ledger_entry(org.people[name], "money", 100_000, at=local(2027, 1, 2, 9), year=2027))

    await weekly(any_app, MONDAY_4_JANUARY)
    sent = await sent_to(any_app, org)
    week = line(sent["Lãnh đạo A"], "Tuần này")
    assert "phần thuộc năm 2026" not in week
    assert week.startswith(
        "Tuần này, gồm cả các ngày của năm 2026 (28/12/2026 – 31/12/2026): tiền 300.000\xa0₫"
    )
    assert line(sent["Head"], "This week").startswith(
        "This week, which takes in days of 2026 (28/12/2026 – 31/12/2026): money ₫300,000"
    )


async def test_a_week_across_the_new_year_whose_days_of_the_old_year_are_one_persons_says_no_figure(
    any_app: App, org: Seeded
) -> None:
    """On 30/12 An alone of Phòng A gave 500.000 ₫; on 2/1/2027 Bình, Chi and their leader gave 100.000 ₫
    each, and three of Phòng B the same. Phòng A's leader read “Tuần này (có các ngày 28/12/2026 – 31/12/2026
    của năm 2026): tiền 800.000 ₫” above “Từ đầu năm 2027: tiền 300.000 ₫”, and the head 1.100.000 ₫ above
    600.000 ₫: the line itself says the difference is of 2026's days, An's gift. A week whose givers for
    another year are one or two is said as how many gave (decision 1388); the year's line is unchanged.
    Where Dũng of Phòng B gave 100.000 ₫ on 29/12 too, and An, moved to Phòng B, 50.000 ₫ there on 31/12, the
    head read “… 1.250.000 ₫” above 600.000 ₫: An was counted once in each unit, three who gave for 2026
    where two did; she is one of them (decision 2131)."""
    async with any_app.sessionmaker() as session, session.begin():
        session.add(ledger_entry(org.people["An"], "money", 500_000, at=local(2026, 12, 30, 9)))
        session.add(ledger_entry(org.people["Dũng"], "money", 100_000, at=local(2026, 12, 29, 9)))
        b = org.units["B"].id
        session.add(ledger_entry(org.people["An"], "money", 50_000, at=local(2026, 12, 31, 9), unit_id=b))
        for name in ("Bình", "Chi", "Lãnh đạo A", "Dũng", "Hà", "Lãnh đạo B"):
            session.add(ledger_entry(org.people[name], "money", 100_000, at=local(2027, 1, 2, 9), year=2027))

    await weekly(any_app, MONDAY_4_JANUARY)
    sent = await sent_to(any_app, org)
    assert line(sent["Lãnh đạo A"], "Tuần này").startswith(
        "Tuần này, gồm cả các ngày của năm 2026 (28/12/2026 – 31/12/2026): 4 người ủng hộ tiền, hiện vật "
        "(không nêu số tiền vì có một, hai người ủng hộ cho năm khác)"  # short (decision 2230)
    )
    assert line(sent["Lãnh đạo A"], "Từ đầu năm 2027") == "Từ đầu năm 2027: tiền 300.000\xa0₫"
    assert line(sent["Thủ trưởng"], "Tuần này").startswith(
        "Tuần này, gồm cả các ngày của năm 2026 (28/12/2026 – 31/12/2026): 7 người ủng hộ tiền, hiện vật "
        "(không "
    )
    assert "1,250,000" not in sent["Head"] and "people gave money or goods" in line(sent["Head"], "This week")

    await weekly(any_app, local(2027, 1, 11, 7, 30))
    after = (await digests(any_app))[org.people["Lãnh đạo A"].id][-1]
    assert "800.000" not in line(after, "Tuần này")  # nor as the week before, beside the same year's line
    assert line(after, "Từ đầu năm 2027") == "Từ đầu năm 2027: tiền 300.000\xa0₫"


@pytest.mark.sqlite_only
async def test_the_units_nobody_has_taken_part_in_yet_are_named_on_one_line(
    any_app: App, org: Seeded
) -> None:
    """In January nobody had registered or given for 2027 yet, and the head's roll-up read a line of
    “• Phòng A: 0/4 người (0%), 0 ₫” for every unit, a screen of noughts. The units nobody in has taken part
    are named together, every one of them, after those that have (decision 1328)."""
    async with any_app.sessionmaker() as session, session.begin():
        org.units["C"] = Unit(org_id=org.org.id, code="C", name="Phòng C")
        session.add(org.units["C"])
        await session.flush()
        await add_person(session, org, "Lãnh đạo C", "C", ("leader", "C"), now=local(2026, 12, 1, 9))
        await add_person(session, org, "Giang", "C", ("member", "C"), now=local(2026, 12, 1, 9))
        await register(session, org, ("Giang",), year=2027)

    await weekly(any_app, MONDAY_4_JANUARY)
    sent = await sent_to(any_app, org)
    units = sent["Thủ trưởng"].split("\n\n")[-1].split("\n")[1:-1]  # the last line: how to stop it (2508)
    assert units == ["• Phòng C: 1/2 người (50%), 0\xa0₫", "• Chưa có ai tham gia năm 2027: Phòng A, Phòng B"]
    assert sent["Head"].split("\n")[-2] == "• Nobody has taken part in 2027 yet: Phòng A, Phòng B"


@pytest.mark.sqlite_only
async def test_a_unit_that_gave_to_the_tet_drive_in_december_is_not_said_to_have_done_nothing_in_january(
    any_app: App, org: Seeded
) -> None:
    """Decision 1535: the Tết drive runs 7/12/2026–15/1/2027; An of Phòng A gave 500.000 ₫ to it on 14/12,
    confirmed. On 4/1 the head's roll-up named Phòng A among the units where “Chưa có ai tham gia năm 2027”:
    a drive across the new year is one drive, and Phòng A took part in it; Phòng B, which gave nothing, is
    still named so."""
    async with any_app.sessionmaker() as session, session.begin():
        drive = Drive(
            org_id=org.org.id,
            campaign_id=org.campaign.id,
            code="tet-2027",
            title="Tết vì người nghèo 2027",
            starts_on=date(2026, 12, 7),
            ends_on=date(2027, 1, 15),
            target_vnd=50_000_000,
            kinds=["money"],
            fund=True,
        )
        session.add(drive)
        await session.flush()
        session.add(
            ledger_entry(org.people["An"], "money", 500_000, at=local(2026, 12, 14, 9), drive_id=drive.id)
        )

    await weekly(any_app, MONDAY_4_JANUARY)
    sent = await sent_to(any_app, org)
    units = sent["Thủ trưởng"].split("\n\n")[-1].split("\n")[1:-1]  # the last line: how to stop it (2508)
    assert units == [
        "• Đã ủng hộ đợt vận động “Tết vì người nghèo 2027” từ trước năm 2027, năm 2027 chưa có thêm: "
        "Phòng A",
        "• Chưa có ai tham gia năm 2027: Phòng B",
    ], sent["Thủ trưởng"]
    assert "Phòng A" not in line(sent["Head"], "• Nobody has taken part in 2027 yet")


async def test_a_unit_whose_december_gift_to_the_tet_drive_still_waits_has_taken_part_in_it(
    any_app: App, org: Seeded
) -> None:
    """Decision 1672: An's 500.000 ₫ of 14/12 to the Tết drive still waits for the treasurer on 4/1; the
    head's roll-up named Phòng A among the units where “Chưa có ai tham gia năm 2027”. It took part in the
    drive: named on a line of its own with how many gifts wait, never their amount."""
    async with any_app.sessionmaker() as session, session.begin():
        drive = Drive(
            org_id=org.org.id,
            campaign_id=org.campaign.id,
            code="tet-2027",
            title="Tết vì người nghèo 2027",
            starts_on=date(2026, 12, 7),
            ends_on=date(2027, 1, 15),
            target_vnd=50_000_000,
            kinds=["money"],
            fund=True,
        )
        session.add(drive)
        await session.flush()
        at = local(2026, 12, 14, 9)
        session.add(
            ledger_entry(org.people["An"], "money", 500_000, at=at, drive_id=drive.id, status="recorded")
        )

    await weekly(any_app, MONDAY_4_JANUARY)
    sent = await sent_to(any_app, org)
    units = sent["Thủ trưởng"].split("\n\n")[-1].split("\n")[1:-1]  # the last line: how to stop it (2508)
    assert units == [
        "• Đã ủng hộ đợt vận động “Tết vì người nghèo 2027” từ trước năm 2027, đang chờ xác nhận, năm 2027 "
        "chưa có thêm: Phòng A (1 khoản)",
        "• Chưa có ai tham gia năm 2027: Phòng B",
    ], sent["Thủ trưởng"]
    assert "500.000" not in sent["Thủ trưởng"].split("\n\n")[-1]
    assert "Phòng A" not in line(sent["Head"], "• Nobody has taken part in 2027 yet")


async def test_a_head_who_only_leads_is_told_the_year_just_ended_still_has_gifts_waiting(
    any_app: App, org: Seeded
) -> None:
    """On Monday 4/1/2027 Dũng's 300.000 ₫ of 30/12 waits: the head who only leads read “Khoản chờ xác nhận:
    1” and the pointer to /baocaonam, nothing saying that 2026, whose report he signs, still moves. The
    pointer says so, no figure (decision 1329); once it is confirmed, on 11/1, it reads as before."""
    async with any_app.sessionmaker() as session, session.begin():
        session.add(ledger_entry(org.people["An"], "money", 1_200_000, at=local(2026, 12, 20, 9)))
        waiting = ledger_entry(
            org.people["Dũng"], "money", 300_000, at=local(2026, 12, 30, 9), status="recorded"
        )
        session.add(waiting)

    await weekly(any_app, MONDAY_4_JANUARY)
    sent = await sent_to(any_app, org)
    assert line(sent["Thủ trưởng"], "Cả năm 2026") == (
        "Cả năm 2026 (năm vừa qua): còn khoản chờ xác nhận; số liệu cuối cùng có trong báo cáo năm, "
        "gõ /baocaonam"
    )
    assert line(sent["Head"], "All of 2026") == (
        "All of 2026, the year just ended: some gifts still wait for confirmation; the final figures are in "
        "the year's report, /yearreport"
    )
    async with any_app.sessionmaker() as session, session.begin():
        confirmed = await session.get(Contribution, waiting.id)
        assert confirmed is not None
        confirmed.status = "confirmed"
    await weekly(any_app, local(2027, 1, 11, 7, 30))
    after = (await digests(any_app))[org.people["Thủ trưởng"].id][-1]
    assert line(after, "Cả năm 2026") == (
        "Cả năm 2026 (năm vừa qua): số liệu cuối cùng có trong báo cáo năm, gõ /baocaonam"
    )


async def test_a_year_just_ended_whose_gifts_all_wait_reads_0_confirmed_and_its_waiting_days(
    any_app: App, org: Seeded
) -> None:
    """A treasurer who confirms December's gifts in January: on Monday 4/1/2027 nothing of 2026 is confirmed
    yet, 300.000 ₫ and 3 labour days wait. The chief accountant reads what waits, days too, and that nothing
    is confirmed, in figures: the line is 2026's final figure (decision 1008)."""
    async with any_app.sessionmaker() as session, session.begin():
        await add_person(
            session,
            org,
            "Kế toán trưởng",
            None,
            ("leader", None),
            ("treasurer", None),
            now=local(2026, 11, 1, 9),
        )
        session.add(
            ledger_entry(org.people["Dũng"], "money", 300_000, at=local(2026, 12, 30, 9), status="recorded")
        )
        session.add(
            ledger_entry(org.people["An"], "labour", days=3, at=local(2026, 12, 29, 9), status="recorded")
        )

    await weekly(any_app, MONDAY_4_JANUARY)
    sent = await sent_to(any_app, org)
    assert line(sent["Kế toán trưởng"], "Cả năm 2026") == (
        "Cả năm 2026 (năm vừa qua): đã xác nhận 0\xa0₫; chờ xác nhận tiền 300.000\xa0₫, 3 ngày công"
    )
    assert line(sent["Head"], "All of 2026") == (
        "All of 2026, the year just ended: some gifts still wait for confirmation; the final figures are in "
        "the year's report, /yearreport"
    )


async def test_the_year_just_ended_reads_what_its_statement_counts_reversals_and_goods_of_no_value_too(
    any_app: App, org: Seeded, clock: MovableClock
) -> None:
    """2026's line sums what its statement sums, from a statement of its own that asks no one's name
    (decision 1106): a gift of 500.000 ₫ reversed counts 0; warm clothes of no known value, confirmed, are
    said so, and a bag of them reversed is not; a refused gift counts nowhere; goods waiting count by kind.
    /baocao on Sunday 10/1/2027 reads the chief accountant the same line as the Monday digest."""
    async with any_app.sessionmaker() as session, session.begin():
        await add_person(
            session,
            org,
            "Kế toán trưởng",
            None,
            ("leader", None),
            ("treasurer", None),
            now=local(2026, 11, 1, 9),
        )
        an, dung = org.people["An"], org.people["Dũng"]
        wrong = ledger_entry(an, "money", 500_000, at=local(2026, 12, 2, 9))
        bag = ledger_entry(dung, "goods", at=local(2026, 12, 3, 9))
        session.add_all([wrong, bag])
        await session.flush()
        session.add_all(
            [
                ledger_entry(an, "money", -500_000, at=local(2026, 12, 4, 9), reverses=wrong),
                ledger_entry(dung, "goods", at=local(2026, 12, 5, 9), reverses=bag),
                ledger_entry(an, "money", 1_200_000, at=local(2026, 12, 20, 9)),
                ledger_entry(dung, "goods", at=local(2026, 12, 21, 9)),
                ledger_entry(an, "money", 9_000_000, at=local(2026, 12, 22, 9), status="rejected"),
                ledger_entry(dung, "goods", 400_000, at=local(2026, 12, 30, 9), status="recorded"),
                ledger_entry(an, "labour", days=2, at=local(2026, 12, 29, 9)),
            ]
        )

    expected = (
        "Cả năm 2026 (năm vừa qua): đã xác nhận tiền 1.200.000\xa0₫, 1 khoản hiện vật chưa ghi trị giá, "
        "2 ngày công; chờ xác nhận hiện vật 400.000\xa0₫"
    )
    await weekly(any_app, MONDAY_4_JANUARY)
    assert line((await sent_to(any_app, org))["Kế toán trưởng"], "Cả năm 2026") == expected
    async with any_app.sessionmaker() as session:
        year = (Contribution.org_id == org.org.id, Contribution.year == 2026)
        statement = await figures_of(session, *year)
        assert await totals_of(session, *year) == (statement.confirmed, statement.waiting)

    clock.at = local(2027, 1, 10, 9)
    channel = CollectingChannel(any_app.engine, BUTTONS)
    replies = await channel.receive(f"p{org.people['Kế toán trưởng'].id}", text="/baocao", at=clock.at)
    assert line("\n".join(r.text for r in replies), "Cả năm 2026") == expected


@pytest.mark.sqlite_only
async def test_through_march_only_and_households_apart(any_app: App, org: Seeded) -> None:
    """No window for 2027 (open all year): the line names the year's last day (decision 1946). Households
    apart, as the digest counts them (a hamlet of households alone reads no "0/0 người"); from April the
    year's line alone, as before."""
    await add_households(any_app, org)  # registered for 2026: Phòng A 1/2, Phòng B 1/1, Thôn 3 2/3
    assert await weekly(any_app, MONDAY_4_JANUARY) == 5  # Phòng A, Thôn 3, Phòng B, the two roll-ups
    texts = await digests(any_app)
    unit_a, hamlet = sorted(texts[org.people["Lãnh đạo A"].id], key=lambda text: "Thôn 3" in text)
    assert line(unit_a, "Đăng ký thi đua năm 2027") == (
        "Đăng ký thi đua năm 2027 (hạn đăng ký 31/12/2027): 0/4 người (0%), hộ gia đình 0/2 (0%); "
        "năm 2026: 1/4 người (25%), hộ gia đình 1/2 (50%)"
    )
    assert line(hamlet, "Đăng ký thi đua năm 2027") == (
        "Đăng ký thi đua năm 2027 (hạn đăng ký 31/12/2027): hộ gia đình 0/3 (0%); năm 2026: hộ gia đình "
        "2/3 (67%)"
    )
    # no unit registered as a unit in either year: the roll-up does not count units at all
    assert line(texts[org.people["Thủ trưởng"].id][0], "Đăng ký thi đua năm 2027") == (
        "Đăng ký thi đua năm 2027 (hạn đăng ký 31/12/2027): 0/10 người (0%), hộ gia đình 0/6 (0%); "
        "năm 2026: 2/10 người (20%), hộ gia đình 4/6 (67%)"
    )
    assert line(texts[org.people["Head"].id][0], "Registrations for 2027") == (
        "Registrations for 2027 (open until 31/12/2027): 0/10 people (0%), households 0/6 (0%); "
        "in 2026: 2/10 people (20%), households 4/6 (67%)"
    )

    head = org.people["Thủ trưởng"].id
    assert await weekly(any_app, local(2027, 3, 29, 7, 30)) == 5  # the last Monday of March: still beside
    assert "năm 2026: 2/10 người (20%)" in (await digests(any_app))[head][-1]
    assert await weekly(any_app, local(2027, 4, 5, 7, 30)) == 5  # April: the year's own alone, as before
    april = [text for found in (await digests(any_app)).values() for text in found if "– 04/04/2027" in text]
    assert len(april) == 5 and not any("2026" in text for text in april)
    assert line((await digests(any_app))[head][-1], "Đã tham gia") == (
        "Đã tham gia năm 2027 (đăng ký thi đua hoặc ủng hộ): 0/10 người (0%); hộ gia đình 0/6 (0%)"
    )


async def test_in_december_with_next_years_window_open_those_registered_for_it_are_counted(
    any_app: App, org: Seeded
) -> None:
    await window(any_app, org, date(2026, 12, 1), date(2027, 1, 31))
    async with any_app.sessionmaker() as session, session.begin():
        await register(session, org, ("Bình",), year=2027, units=("B",))  # early, for 2027
    assert await weekly(any_app, MONDAY_7_DECEMBER) == 4
    sent = await sent_to(any_app, org)
    unit_a = sent["Lãnh đạo A"].split("\n")
    # 2026's line as before (Bình registered for 2027, not 2026), and 2027's right under it
    assert unit_a[1:3] == [
        "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): 1/4 người (25%) — đã đăng ký 1, đã ủng hộ 0",
        "Đăng ký thi đua năm 2027 (hạn đăng ký 31/01/2027): đã có 1/4 người (25%)",
    ]
    assert sent["Lãnh đạo B"].split("\n")[1:3] == [
        "Took part in 2026 (registered or gave): 1/3 people (33%), of whom 1 registered and 0 gave",
        "Registrations for 2027 (open until 31/01/2027), made already: 0/3 people (0%), registered as a unit",
    ]
    assert sent["Thủ trưởng"].split("\n")[1:3] == [
        "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): 2/10 người (20%) — đã đăng ký 2, đã ủng hộ 0",
        "Đăng ký thi đua năm 2027 (hạn đăng ký 31/01/2027): đã có 1/2 đơn vị, 1/10 người (10%)",
    ]
    assert line(sent["Head"], "Registrations for 2027") == (
        "Registrations for 2027 (open until 31/01/2027), made already: 1/2 units, 1/10 people (10%)"
    )
    # Phòng B registered as a unit for 2027, not for 2026: the roll-up's list of units is 2026's
    assert line(sent["Thủ trưởng"], "• Phòng B") == "• Phòng B: 1/3 người (33%), 0\xa0₫"


async def test_nothing_of_next_year_while_its_window_is_not_open_and_nobody_registered(
    any_app: App, org: Seeded, clock: MovableClock
) -> None:
    clock.at = MONDAY_7_DECEMBER
    channel = CollectingChannel(any_app.engine, BUTTONS)
    lead, head = (f"p{org.people[name].id}" for name in ("Lãnh đạo A", "Head"))

    async def digest(chat: str) -> str:
        return "\n".join(reply.text for reply in await channel.receive(chat, text="/baocao", at=clock.at))

    for chat in (lead, head):  # no 2027 window at all
        shown = await digest(chat)
        assert "Bản tin tuần của Phòng A" in shown or "Weekly digest for Trường Thử" in shown
        assert "2027" not in shown, shown
    await window(any_app, org, date(2026, 12, 15), date(2027, 1, 31))  # opens next week
    for chat in (lead, head):
        assert "2027" not in await digest(chat)

    # someone registered for 2027 all the same (while a window the board has since moved was open)
    async with any_app.sessionmaker() as session, session.begin():
        await register(session, org, ("Chi",), year=2027)
    assert line(await digest(lead), "Đăng ký thi đua năm 2027") == (
        "Đăng ký thi đua năm 2027 (mở đăng ký từ 15/12/2026): đã có 1/4 người (25%)"
    )
    assert line(await digest(head), "Registrations for 2027") == (
        "Registrations for 2027 (opening on 15/12/2026), made already: 1/10 people (10%)"
    )


@pytest.mark.sqlite_only
async def test_the_names_not_registered_say_their_year_and_after_its_window_that_it_closed(
    any_app: App, org: Seeded, clock: MovableClock
) -> None:
    """Names shown (the organisation's choice), 2027's window open from 15/12 to 31/1, Bình registered for
    2027 early: in December the names are 2026's, said so beside 2027's line; in January 2027's; in February,
    the window closed, they are who did not register, no longer someone to chase before a deadline."""
    await window(any_app, org, date(2026, 12, 15), date(2027, 1, 31))
    async with any_app.sessionmaker() as session, session.begin():
        session.add(OrgSchedule(org_id=org.org.id, digest_weekday=0, digest_time="07:30", show_names=True))
        await register(session, org, ("Bình",), year=2027)
    channel = CollectingChannel(any_app.engine, BUTTONS)
    lead_a, lead_b = (f"p{org.people[name].id}" for name in ("Lãnh đạo A", "Lãnh đạo B"))

    async def digest(chat: str) -> str:
        return "\n".join(reply.text for reply in await channel.receive(chat, text="/baocao", at=clock.at))

    clock.at = local(2026, 12, 28, 9)
    assert (
        line(await digest(lead_a), "Chưa đăng ký") == "Chưa đăng ký thi đua năm 2026: Lãnh đạo A, Bình, Chi"
    )
    clock.at = local(2027, 1, 5, 9)
    assert line(await digest(lead_a), "Chưa đăng ký") == "Chưa đăng ký thi đua năm 2027: Lãnh đạo A, An, Chi"
    clock.at = local(2027, 2, 2, 9)
    shown = await digest(lead_a)
    assert "Chưa đăng ký" not in shown
    assert line(shown, "Không đăng ký") == (
        "Không đăng ký thi đua năm 2027 (đã hết hạn đăng ký): Lãnh đạo A, An, Chi"
    )
    assert line(await digest(lead_b), "Did not register") == (
        "Did not register for 2027 (registration has closed): Lãnh đạo B, Dũng, Hà"
    )


async def test_in_december_with_this_years_window_long_closed_the_names_are_next_years_to_ask(
    any_app: App, org: Seeded, clock: MovableClock
) -> None:
    """Decision 0972: 2026's window ran from 15/12/2025 to 31/01/2026, 2027's is open from 1/12/2026; Bình
    registered for 2027. On 28/12 the leader read, under “Đăng ký thi đua năm 2027 (hạn đăng ký 31/01/2027)”,
    “Không đăng ký thi đua năm 2026 (đã hết hạn đăng ký): Lãnh đạo A, Bình, Chi” — January's record, Bình
    among them, and not who to ask for 2027 before its deadline."""
    await window(any_app, org, date(2026, 12, 1), date(2027, 1, 31))
    async with any_app.sessionmaker() as session, session.begin():
        session.add(
            RegistrationWindow(
                org_id=org.org.id, year=2026, opens_on=date(2025, 12, 15), closes_on=date(2026, 1, 31)
            )
        )
        session.add(OrgSchedule(org_id=org.org.id, digest_weekday=0, digest_time="07:30", show_names=True))
        await register(session, org, ("Bình",), year=2027)
    channel = CollectingChannel(any_app.engine, BUTTONS)
    lead_a, lead_b = (f"p{org.people[name].id}" for name in ("Lãnh đạo A", "Lãnh đạo B"))

    async def digest(chat: str) -> str:
        return "\n".join(reply.text for reply in await channel.receive(chat, text="/baocao", at=clock.at))

    clock.at = local(2026, 12, 28, 9)
    shown = await digest(lead_a)
    assert line(shown, "Chưa đăng ký") == "Chưa đăng ký thi đua năm 2027: Lãnh đạo A, An, Chi"
    assert "Không đăng ký thi đua năm 2026" not in shown
    assert line(await digest(lead_b), "Not registered") == "Not registered for 2027 yet: Lãnh đạo B, Dũng, Hà"
    clock.at = local(2027, 2, 2, 9)  # 2027's window closed in turn: its record, as decision 0955 says
    assert line(await digest(lead_a), "Không đăng ký") == (
        "Không đăng ký thi đua năm 2027 (đã hết hạn đăng ký): Lãnh đạo A, An, Chi"
    )
