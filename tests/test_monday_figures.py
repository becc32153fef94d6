"""Monday 7 December's figures read across the screens a leader and the head compare them on (decision 0430):
each unit leader's digest, the head's roll-up, /baocao for the week and the year, a member's /tiendo, the
year's report, a drive's screen, its statement and its public page. One organisation of three units, the
head and the office of no unit: money, goods with and without a value, a payroll's deduction to a drive,
labour days an officer vouched for, one of them withdrawn by its member, and a gift reversed."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.db.models import Drive, OutboxMessage, Person, Unit
from bot.domain.access import actor_for
from bot.domain.drives import NewDrive, create_drive
from bot.domain.leaving import mark_away
from bot.domain.roles import STAND_IN, grant_role
from bot.i18n import Translator
from bot.public_web import _drive_page
from tests.support.ledger import ledger_entry
from tests.support.orgs import Seeded, add_person, seed
from tests.support.profiles import on_buttons, on_text_only
from tests.test_digests import DUE, digests, local, weekly

BEFORE = local(2026, 11, 1, 9)
FRIDAY = DUE - timedelta(days=3)  # Friday 4 December


async def _agreed(session: AsyncSession) -> Seeded:
    """The small organisation, seeded on 1/11, everyone in it having agreed and reading Vietnamese."""
    s = await seed(session, BEFORE)
    await session.execute(update(Person).values(consent_at=BEFORE, locale="vi"))
    return s


async def _organisation(app: App) -> tuple[Seeded, int]:
    """Phòng A (Lãnh đạo A, An registered and gave 500.000 ₫ to the drive, Bình goods of 200.000 ₫, Chi whose
    vouched day she withdrew herself), Phòng B (Lãnh đạo B, Dũng registered and gave rice with no value, Hà
    100.000 ₫ waiting) and Phòng C (its leader, Khánh, Lâm and Minh: a day each vouched for by the office,
    toward the drive; Lâm 300.000 ₫ deducted from his salary to it); the office gave 100.000 ₫, the head's
    300.000 ₫ was reversed. The drive's id."""
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, BEFORE)
        s.units["C"] = Unit(org_id=s.org.id, code="C", name="Phòng C")
        session.add(s.units["C"])
        await session.flush()
        await add_person(session, s, "Lãnh đạo C", "C", ("member", "C"), ("leader", "C"), now=BEFORE)
        for name in ("Khánh", "Lâm", "Minh"):
            await add_person(session, s, name, "C", ("member", "C"), now=BEFORE)
        await session.execute(update(Person).values(consent_at=BEFORE, locale="vi"))
        p, office = s.people, s.people["Văn phòng"]
        drive = await create_drive(
            session,
            await actor_for(session, office),
            NewDrive("Quỹ tháng 12", date(2026, 11, 1), date(2026, 12, 31)),
            now=BEFORE,
        )
        rows = [
            ledger_entry(p["An"], "money", 500_000, at=FRIDAY, drive_id=drive.id),
            ledger_entry(p["Bình"], "goods", 200_000, at=FRIDAY),
            ledger_entry(p["Dũng"], "goods", 0, at=FRIDAY),  # rice, its value skipped
            ledger_entry(p["Văn phòng"], "money", 100_000, at=FRIDAY),
            ledger_entry(p["Hà"], "money", 50_000, at=FRIDAY, status="recorded"),
        ]
        payroll = ledger_entry(p["Lâm"], "money", 300_000, at=FRIDAY, drive_id=drive.id, recorded_by=office)
        payroll.from_payroll, payroll.decided_by = True, office.id
        rows.append(payroll)
        for name in ("Khánh", "Lâm", "Minh", "Lãnh đạo C", "Chi"):
            day = ledger_entry(p[name], "labour", days=1, at=FRIDAY, recorded_by=office, drive_id=drive.id)
            day.decided_by, day.decided_at = office.id, FRIDAY
            rows.append(day)
        day.status, day.decided_by = "rejected", p["Chi"].id  # “Tôi không tham gia ngày đó”
        gift = ledger_entry(p["Thủ trưởng"], "money", 300_000, at=FRIDAY)
        session.add_all([*rows, gift])
        await session.flush()
        session.add(ledger_entry(p["Thủ trưởng"], "money", -300_000, at=FRIDAY, reverses=gift))
    return s, drive.id


@pytest.mark.parametrize("profile", ["buttons"], indirect=True)
async def test_mondays_figures_agree_on_every_screen_and_vouched_days_are_taking_part(
    app: App, make_person, clock
) -> None:
    clock.at = DUE
    s, drive_id = await _organisation(app)
    assert await weekly(app, DUE) == 4
    sent = {pid: "\n".join(texts).replace("\xa0", " ") for pid, texts in (await digests(app)).items()}
    unit_a, unit_b, unit_c = (sent[s.people[f"Lãnh đạo {u}"].id] for u in "ABC")
    rollup = sent[s.people["Thủ trưởng"].id]
    whole = "cả Trường Thử: 9/13 người (69%)"  # the head and the office among its people
    # each vouched day is taking part as a member's own would be; the day Chi withdrew is not
    assert "2/4 người (50%) — đã đăng ký 1, đã ủng hộ 2" in unit_a and whole in unit_a
    assert "4/4 người (100%) — đã đăng ký 0, đã ủng hộ 4" in unit_c and whole in unit_c
    assert "• Phòng C: 4/4 người (100%)" in rollup
    assert "9/13 người (69%) — đã đăng ký 2, đã ủng hộ 9" in rollup
    # Lâm alone gave money in Phòng C: his deduction is no figure its leader reads, nor the roll-up's line;
    # that one gave money in the week is said (decision 1884)
    week_c = (
        "Tuần này: 1 người ủng hộ tiền, hiện vật (không nêu số tiền vì năm nay dưới ba người ủng hộ), 4 ngày "
        "công"
    )
    assert "300.000" not in unit_c and week_c in unit_c.split("\n"), unit_c
    # one or two gave in each unit's quiet year: what waits in them is not said to the head (decision 0599)
    # said once on the list's heading (2136), the pooled line saying why in the year's report's words (2231)
    assert "(tiền và hiện vật đã xác nhận; phần chờ xác nhận chưa nêu):" in rollup
    pooled = (
        "• Cộng chung, vì có đơn vị dưới ba người ủng hộ tiền, hiện vật: "
        "Phòng A, Phòng B, Phòng C: 1.000.000 ₫"
    )
    assert f"{pooled}\n" in f"{rollup}\n" and "chưa nêu)" not in rollup.replace("nêu):", ""), rollup
    # the rice with no value is given, in Phòng B's digest, the roll-up and the year's report alike
    # (with Hà's 50.000 ₫ waiting, how many gave money: decision 1884)
    week_b = next(line for line in unit_b.split("\n") if line.startswith("Tuần này"))
    assert week_b.startswith("Tuần này: 1 người ủng hộ tiền, hiện vật (không nêu số tiền"), week_b
    assert week_b.endswith(", 1 khoản hiện vật chưa ghi trị giá") and "50.000" not in unit_b, week_b
    # the year says what is confirmed and Hà's 50.000 ₫ of the week waits: the week's figure less the year's
    # would be her gift, so the week says how many gave (decision 1930)
    week = next(line for line in rollup.split("\n") if line.startswith("Tuần này"))
    assert "1.150.000" not in rollup, rollup
    # An, Bình, Hà, Lâm and the office gave money or goods of a value: five people, each once (decision 1948)
    assert week.startswith("Tuần này: 5 người ủng hộ tiền, hiện vật (chưa nêu số tiền vì có phần đang chờ"), (
        week
    )
    # nothing given the week before: no “0 ₫” beside a week said as how many gave (decision 2045)
    assert week.endswith(", 1 khoản hiện vật chưa ghi trị giá, 4 ngày công"), week
    # the office's 100.000 ₫ is one person's, never released apart: the year waits for it (decision 0651),
    # said as what is confirmed, once, on the year's line (decisions 1214, 1328)
    assert (
        "Từ đầu năm 2026: tiền và hiện vật 1.100.000 ₫" in rollup
        and "tiền và hiện vật là số đã xác nhận" in rollup
    )
    assert "Tiền và hiện vật đã xác nhận" not in rollup

    head = make_person(f"p{s.people['Thủ trưởng'].id}")
    year = (await head.say("/baocao 2026")).replace("\xa0", " ")
    assert "9/13 người (69%)" in year and "Tiền và hiện vật đã xác nhận" not in year
    # the week's gifts wait with the office's one (0651): the year's money is what is confirmed, more than its
    # release to the week before (decision 1214), said once, not again on a line under it (1328); the words
    # say so of the money and goods, not of the four days on the same line (decision 1302)
    line = next(line for line in year.splitlines() if line.startswith("Từ đầu năm 2026"))
    said = (
        "tiền và hiện vật 1.100.000 ₫, 1 khoản hiện vật chưa ghi trị giá, 4 ngày công (tiền và hiện vật là số"
    )
    assert line.startswith(f"Từ đầu năm 2026: {said}"), line
    report = (await head.say("/baocaonam")).replace("\xa0", " ")
    assert "tiền và hiện vật 1.100.000 ₫, 4 ngày công" in report
    assert "Ngoài ra đã xác nhận: 1 khoản hiện vật chưa ghi trị giá" in report
    khanh = make_person(f"p{s.people['Khánh'].id}")
    assert "Tổng năm nay: 1 ngày công đã xác nhận." in await khanh.say("/tiendo")

    # the drive: An's 500.000 ₫ and Lâm's deduction, the four days, five people, on every screen of it
    given = "Đã xác nhận: tiền 800.000 ₫; 4 ngày công."
    office = make_person(f"p{s.people['Văn phòng'].id}")
    await office.say("/dotvandong")
    screen = (await office.choose("Quỹ tháng 12")).replace("\xa0", " ")
    assert given in screen and "Số người đã ủng hộ: 5." in screen
    await head.say("/saoke")
    statement = (await head.choose("Quỹ tháng 12")).replace("\xa0", " ")
    assert given in statement and "300.000" in statement and "Lâm" not in statement
    async with app.sessionmaker() as session:
        _title, page = await _drive_page(
            session, Translator("vi"), await session.get_one(Drive, drive_id), "", DUE.date()
        )
    page = "\n".join(page).replace("\xa0", " ")
    assert given in page and "Số người đã ủng hộ: 5." in page


async def test_a_week_whose_only_gift_was_rice_with_no_value_says_it_was_given(app: App) -> None:
    """Before: Phòng A's digest, its money said (three gave in November), read “Tuần này: chưa có khoản
    đóng góp nào” for the week Bình gave rice, its value skipped, which the year's report counts (0430)."""
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, BEFORE)
        p = s.people
        november = local(2026, 11, 20, 9)
        gifts = [ledger_entry(p[name], "money", 100_000, at=november) for name in ("An", "Bình", "Chi")]
        session.add_all(gifts)
        session.add(ledger_entry(p["Bình"], "goods", 0, at=FRIDAY))
    assert await weekly(app, DUE) == 3
    unit_a = "\n".join((await digests(app))[s.people["Lãnh đạo A"].id]).replace("\xa0", " ")
    assert "Tuần này: 1 khoản hiện vật chưa ghi trị giá\n" in unit_a
    assert "Từ đầu năm 2026: tiền 300.000 ₫, 1 khoản hiện vật chưa ghi trị giá" in unit_a


@pytest.mark.parametrize("profile", ["buttons"], indirect=True)
async def test_the_units_labour_days_toward_the_drive_are_its_gifts_to_it_on_the_officers_digest(
    app: App, make_person, clock
) -> None:
    """Before: Phòng A's officer read on Monday “Đợt vận động “Quỹ tháng 12”: đơn vị ủng hộ được 200.000 ₫ (đã
    xác nhận)”, the youth union's days of Saturday 5/12 toward the drive left out (with days alone, “đơn vị
    chưa có khoản ủng hộ nào được xác nhận”), where the drive's screen counts them as given (0472)."""
    clock.at = DUE
    saturday = local(2026, 12, 5, 9)
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, BEFORE)
        officer = await add_person(session, s, "Bí thư", "A", ("member", "A"), ("officer", "A"), now=BEFORE)
        await session.execute(update(Person).values(consent_at=BEFORE, locale="vi"))
        drive = await create_drive(
            session,
            await actor_for(session, s.people["Văn phòng"]),
            NewDrive("Quỹ tháng 12", date(2026, 11, 1), date(2026, 12, 31)),
            now=BEFORE,
        )
        for name in ("An", "Bình", "Lãnh đạo A", "Chi"):
            day = ledger_entry(
                s.people[name], "labour", days=1, at=saturday, recorded_by=officer, drive_id=drive.id
            )
            day.decided_by, day.decided_at = officer.id, saturday
            session.add(day)
        day.status, day.decided_by = "rejected", s.people["Chi"].id  # “Tôi không tham gia ngày đó”
        session.add(ledger_entry(s.people["Bình"], "money", 200_000, at=saturday, drive_id=drive.id))
    digest = (await make_person(f"p{officer.id}").say("/baocao")).replace("\xa0", " ")
    assert "Tuần này: tiền 200.000 ₫, 3 ngày công" in digest
    assert "Đợt vận động “Quỹ tháng 12”: đơn vị ủng hộ được 200.000 ₫, 3 ngày công (đã xác nhận)" in digest


@pytest.mark.parametrize("profile", ["buttons"], indirect=True)
async def test_the_years_digest_asked_says_its_period_as_its_year_and_no_ones_waiting_gift(
    app: App, make_person, clock
) -> None:
    """A hospital's director asked for the year's figures on 7/12 (“/baocao 2026”): “Trong giai đoạn này: tiền
    22.000.000 ₫” over “Từ đầu năm 2026: tiền 21.000.000 ₫ (tiền là số đã xác nhận; khoản chờ xác nhận sẽ cộng
    khi đủ ba người góp trở lên, để không lộ khoản của ai)”: two figures for the same eleven months, and their
    difference the one gift still waiting, a colleague's 1.000.000 ₫."""
    clock.at = DUE
    async with app.sessionmaker() as session, session.begin():
        s = await _agreed(session)
        p = s.people
        session.add_all(
            [
                ledger_entry(p["An"], "money", 500_000, at=FRIDAY),
                ledger_entry(p["Bình"], "money", 300_000, at=FRIDAY - timedelta(days=20)),
                ledger_entry(p["Lãnh đạo A"], "money", 200_000, at=FRIDAY - timedelta(days=30)),
                ledger_entry(p["Chi"], "money", 700_000, at=FRIDAY - timedelta(days=1), status="recorded"),
                ledger_entry(p["Dũng"], "money", 400_000, at=FRIDAY - timedelta(days=40)),
                ledger_entry(p["Hà"], "money", 1_000_000, at=FRIDAY - timedelta(days=2), status="recorded"),
            ]
        )
    head = make_person(f"p{s.people['Thủ trưởng'].id}")

    year = (await head.say("/baocao 2026")).replace("\xa0", " ")

    assert "Từ đầu năm 2026: tiền 1.400.000 ₫ (tiền là số đã xác nhận" in year, year
    assert "Trong giai đoạn này: tiền 1.400.000 ₫" in year
    assert "3.100.000" not in year and "1.000.000" not in year and "700.000" not in year
    # Phòng A's head reads his unit's year alike: Chi's 700.000 ₫ waiting is no difference of two lines
    leader = make_person(f"p{s.people['Lãnh đạo A'].id}")
    unit = (await leader.say("/baocao 2026")).replace("\xa0", " ")
    assert "Từ đầu năm 2026: tiền 1.000.000 ₫ (tiền là số đã xác nhận" in unit, unit
    assert "Trong giai đoạn này: tiền 1.000.000 ₫" in unit
    assert "1.700.000" not in unit and "700.000" not in unit


async def _binh_stands_in_for(session: AsyncSession, s: Seeded, away: Person, role: str) -> None:
    """Everyone has agreed and reads Vietnamese; on Tuesday 1/12 the office sends `away` (the whole
    organisation's `role`) on leave until 10/1/2027 and makes Bình that `role` to stand in for them."""
    await session.execute(update(Person).values(consent_at=BEFORE, locale="vi"))
    office = await actor_for(session, await session.get_one(Person, s.people["Văn phòng"].id))
    covered = await session.get_one(Person, away.id)
    await mark_away(session, office, covered, until=date(2027, 1, 10), now=local(2026, 12, 1, 9))
    binh = await session.get_one(Person, s.people["Bình"].id)
    await grant_role(
        session,
        office,
        binh,
        role,
        None,
        now=local(2026, 12, 1, 9),
        given_for=STAND_IN,
        covers=covered,
    )


async def test_the_directors_monday_says_since_when_a_gift_waits_and_who_stands_in_for_the_officer(
    app: App, clock
) -> None:
    """Monday 7/12: the union's officer is on leave until 10/1/2027 and Bình stands in for him; Hà's gift of
    2/12 waits for the treasurer. The director read “Khoản chờ xác nhận: 1”, the same every Monday, neither
    since when nor whom to ask, and nothing of who stands in for the officer."""
    clock.at = DUE
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, BEFORE)
        officer = await add_person(
            session, s, "Trần Văn Công", "A", ("member", "A"), ("officer", None), now=BEFORE
        )
        # the organisation's treasurer, who may confirm it (where none may, the line says so: decision 1808)
        await add_person(session, s, "Thủ quỹ", None, ("treasurer", None), now=BEFORE)
        await _binh_stands_in_for(session, s, officer, "officer")
        session.add(
            ledger_entry(s.people["Hà"], "money", 1_000_000, at=local(2026, 12, 2, 10), status="recorded")
        )
        # a gift of the year before still waiting, in Phòng A: counted, and the line says since when (2733)
        session.add(
            ledger_entry(
                s.people["An"], "money", 200_000, at=local(2025, 11, 20, 10), status="recorded", year=2025
            )
        )
    assert await weekly(app, DUE)
    rollup = "\n".join((await digests(app))[s.people["Thủ trưởng"].id]).replace("\xa0", " ").split("\n")

    assert "Khoản chờ xác nhận: 2 (khoản lâu nhất chờ từ 20/11/2025; thủ quỹ xác nhận)" in rollup, rollup
    stand_in = (
        "Đang làm thay người nghỉ dài ngày: Bình (cán bộ công đoàn/vận động toàn cơ quan) làm thay Trần Văn "
        "Công đến 10/01/2027."
    )
    assert stand_in in rollup
    # Phòng B's leader reads her own unit's wait; who stands in is the roll-up's, not a unit's digest
    unit_b = "\n".join((await digests(app))[s.people["Lãnh đạo B"].id]).replace("\xa0", " ")
    assert "Khoản chờ xác nhận: 1 (khoản lâu nhất chờ từ 02/12/2026; thủ quỹ xác nhận)" in unit_b, unit_b
    assert "Trần Văn Công" not in unit_b


@on_text_only
async def test_the_digest_asked_on_tuesday_says_which_days_mondays_counted(
    app: App, make_person, clock
) -> None:
    """Asked on Tuesday 8/12, /baocao read 02/12–08/12 under “Bản tin tuần”, Monday's 30/11–06/12: different
    figures for “tuần này” a day apart, nothing but the dates to say why (1691 said it on Monday only)."""
    async with app.sessionmaker() as session, session.begin():
        s = await _agreed(session)
    head = make_person(f"p{s.people['Thủ trưởng'].id}")
    await _went(app, DUE)  # the line reads what went to her (decision 1811)
    clock.at = DUE + timedelta(days=1, hours=2)  # Tuesday 8/12, 9:30

    asked = (await head.say("/baocao")).replace("\xa0", " ").split("\n")

    assert asked[0].startswith("Bản tin tuần của Trường Thử, 02/12/2026 – 08/12/2026"), asked[0]
    assert asked[1] == (
        "Bản tin tuần gửi ngày 07/12/2026 gồm các ngày 30/11/2026 – 06/12/2026; bản này gồm 7 ngày gần nhất, "
        "tính cả hôm nay."
    )
    clock.at = DUE + timedelta(days=7, hours=-2)  # the next Monday at 5:30: last week's is a week old
    assert "Bản tin tuần gửi" not in await head.say("/baocao")


@on_buttons
async def test_baocaos_seven_days_past_mondays_release_do_not_tell_the_gift_the_year_holds_back(
    app: App, make_person, clock
) -> None:
    """Bình, Chi and Dũng gave 1.200.000 ₫ on Wednesday 2/12, confirmed; An 777.000 ₫ on Tuesday 8/12,
    waiting. The head read “Tuần này: tiền 1.200.000 ₫” on Monday and “Tuần này: tiền 1.977.000 ₫” on
    Tuesday, above a year that holds An's week back (“tính đến hết ngày 06/12/2026 …”): the one less the
    other, or less the year on the same screen, was An's gift. Seven days reaching past the release say
    how many gave (decision 1765)."""
    async with app.sessionmaker() as session, session.begin():
        s = await _agreed(session)
        for name, amount in (("Bình", 300_000), ("Chi", 400_000), ("Dũng", 500_000)):
            giver = await session.get_one(Person, s.people[name].id)
            session.add(ledger_entry(giver, "money", amount, at=local(2026, 12, 2, 9)))
    head = make_person(f"p{s.people['Thủ trưởng'].id}")
    clock.at = DUE + timedelta(hours=2)  # Monday 7/12, 9:30
    monday = (await head.say("/baocao")).split("\n")
    async with app.sessionmaker() as session, session.begin():
        an = await session.get_one(Person, s.people["An"].id)
        session.add(ledger_entry(an, "money", 777_000, at=local(2026, 12, 8, 8), status="recorded"))
    clock.at = DUE + timedelta(days=1, hours=2)  # Tuesday 8/12, 9:30
    tuesday = (await head.say("/baocao")).split("\n")
    # nothing past the release on Monday
    assert "Tuần này: tiền 1.200.000\xa0₫" in next(line for line in monday if line.startswith("Tuần này")), (
        monday
    )
    week = next(line for line in tuesday if line.startswith("Tuần này"))
    year = next(line for line in tuesday if line.startswith("Từ đầu năm 2026"))
    assert year.startswith("Từ đầu năm 2026: tiền 1.200.000\xa0₫ (tính đến hết ngày 06/12/2026"), year
    assert "1.977.000" not in week and "777.000" not in "\n".join(tuesday), week
    # why, short, as the week held for what waits says it (decision 2230)
    assert week.startswith(
        "Tuần này: 4 người ủng hộ tiền, hiện vật (chưa nêu số tiền vì số từ đầu năm chưa cộng những ngày này)"
    ), week


async def _chi_stands_in_for_phong_as_leader(
    session: AsyncSession, s: Seeded, *, training: bool = False
) -> None:
    """Everyone has agreed and reads Vietnamese; Phòng A's leader goes on leave until 10/1/2027 (`training`:
    away on training), and on Tuesday 8/12 the office makes Chi its leader to stand in for her."""
    await session.execute(update(Person).values(consent_at=BEFORE, locale="vi"))
    office = await actor_for(session, await session.get_one(Person, s.people["Văn phòng"].id))
    away = await session.get_one(Person, s.people["Lãnh đạo A"].id)
    await mark_away(
        session, office, away, until=date(2027, 1, 10), now=local(2026, 12, 8, 9), training=training
    )
    chi = await session.get_one(Person, s.people["Chi"].id)
    await grant_role(
        session, office, chi, "leader", "A", now=local(2026, 12, 8, 9), given_for=STAND_IN, covers=away
    )


@on_text_only
async def test_the_roll_up_says_who_stands_in_for_a_units_leader_on_leave_from_the_day_after(
    app: App, make_person, clock
) -> None:
    """Phòng A's leader goes on leave until 10/1/2027 and on Tuesday 8/12 Chi is made its leader to stand in
    for her. The roll-up's line of who stands in named a treasurer's or an officer's stand-in only: the head
    read nothing of who leads Phòng A meanwhile, on Wednesday's /baocao nor on Monday 14/12."""
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, BEFORE)
        await _chi_stands_in_for_phong_as_leader(session, s)
    stand_in = "Đang làm thay người nghỉ dài ngày: Chi (lãnh đạo Phòng A) làm thay Lãnh đạo A đến 10/01/2027."
    clock.at = local(2026, 12, 9, 10)
    head = make_person(f"p{s.people['Thủ trưởng'].id}")
    assert stand_in in (await head.say("/baocao")).replace("\xa0", " ").split("\n")

    clock.at = DUE + timedelta(days=7)
    assert await weekly(app, DUE + timedelta(days=7))
    rollup = "\n".join((await digests(app))[s.people["Thủ trưởng"].id]).replace("\xa0", " ").split("\n")
    assert stand_in in rollup, rollup


async def test_what_waits_says_an_officer_confirms_labour_days_where_days_wait(app: App, clock) -> None:
    """Monday 7/12: Hà's 1.000.000 ₫ of 2/12 and Dũng's labour day of 3/12 wait in Phòng B, An's labour day
    in Phòng A. Every line read “thủ quỹ xác nhận”, though the union's officer may confirm the days (0434):
    Phòng A's leader would wait on a treasurer who has nothing of hers to confirm."""
    clock.at = DUE
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, BEFORE)
        # the organisation's treasurer, who may confirm them (where none may, the line says so: decision 1808)
        await add_person(session, s, "Thủ quỹ", None, ("treasurer", None), now=BEFORE)
        await session.execute(update(Person).values(consent_at=BEFORE, locale="vi"))
        session.add_all(
            [
                ledger_entry(
                    s.people["Hà"], "money", 1_000_000, at=local(2026, 12, 2, 10), status="recorded"
                ),
                ledger_entry(
                    s.people["Dũng"], "labour", days=1, at=local(2026, 12, 3, 10), status="recorded"
                ),
                ledger_entry(s.people["An"], "labour", days=1, at=local(2026, 12, 4, 10), status="recorded"),
            ]
        )
    assert await weekly(app, DUE)
    sent = {pid: "\n".join(texts).replace("\xa0", " ") for pid, texts in (await digests(app)).items()}

    unit_a = sent[s.people["Lãnh đạo A"].id].split("\n")
    days = (
        "Khoản chờ xác nhận: 1 (khoản lâu nhất chờ từ 04/12/2026; cán bộ công đoàn/vận động hoặc thủ quỹ xác "
        "nhận)"
    )
    assert days in unit_a, unit_a
    both = (
        "Khoản chờ xác nhận: {n} (khoản lâu nhất chờ từ 02/12/2026; thủ quỹ xác nhận, ngày công thì cán bộ "
        "công đoàn/vận động cũng xác nhận được)"
    )
    assert both.format(n=2) in sent[s.people["Lãnh đạo B"].id].split("\n")
    assert both.format(n=3) in sent[s.people["Thủ trưởng"].id].split("\n")


@on_buttons
async def test_the_digest_asked_on_monday_says_which_days_the_monday_digest_counted(
    app: App, make_person, clock
) -> None:
    """Asked at 8:30 on Monday 7/12, /baocao read 01/12–07/12 under “Bản tin tuần”, the digest an hour before
    30/11–06/12 under the same words: two figures for “this week” the same morning, nothing saying why."""
    async with app.sessionmaker() as session, session.begin():
        s = await _agreed(session)
    head = make_person(f"p{s.people['Thủ trưởng'].id}")
    clock.at = DUE - timedelta(hours=1)  # 6:30, before the digest went: nothing to tell apart
    assert "Bản tin tuần gửi hôm nay" not in await head.say("/baocao")
    await _went(app, DUE)  # the line reads what went to her (decision 1811)
    clock.at = DUE + timedelta(hours=1)
    asked = (await head.say("/baocao")).replace("\xa0", " ").split("\n")

    assert asked[0].startswith("Bản tin tuần của Trường Thử, 01/12/2026 – 07/12/2026"), asked[0]
    assert asked[1] == (
        "Bản tin tuần gửi hôm nay gồm các ngày 30/11/2026 – 06/12/2026; bản này gồm 7 ngày gần nhất, tính cả "
        "hôm nay."
    )
    clock.at = DUE + timedelta(days=1)  # Tuesday: no digest went that day
    assert "Bản tin tuần gửi hôm nay" not in await head.say("/baocao")


def _ha_and_an_waiting_from_2_and_3_december(session: AsyncSession, s: Seeded) -> None:
    """Hà's 1.000.000 ₫ of 2/12 waits in Phòng B, An's 200.000 ₫ of 3/12 in Phòng A."""
    session.add_all(
        [
            ledger_entry(s.people["Hà"], "money", 1_000_000, at=local(2026, 12, 2, 10), status="recorded"),
            ledger_entry(s.people["An"], "money", 200_000, at=local(2026, 12, 3, 10), status="recorded"),
        ]
    )


async def test_what_waits_where_no_treasurer_may_confirm_it_says_nobody_may_yet(app: App, clock) -> None:
    """Monday 7/12: Phòng A has its own treasurer, Phòng B none, and the organisation none. An's 200.000 ₫ of
    3/12 waits in Phòng A, Hà's 1.000.000 ₫ of 2/12 in Phòng B. Phòng B's leader read “Khoản chờ xác nhận: 1
    (khoản lâu nhất chờ từ 02/12/2026; thủ quỹ xác nhận)” above the line saying no treasurer may confirm it:
    she would ask a treasurer who is not there (decision 1808)."""
    clock.at = DUE
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, BEFORE)
        await add_person(session, s, "Thủ quỹ A", "A", ("member", "A"), ("treasurer", "A"), now=BEFORE)
        await session.execute(update(Person).values(consent_at=BEFORE, locale="vi"))
        _ha_and_an_waiting_from_2_and_3_december(session, s)
    assert await weekly(app, DUE)
    sent = {pid: "\n".join(texts).replace("\xa0", " ") for pid, texts in (await digests(app)).items()}

    unit_b = sent[s.people["Lãnh đạo B"].id].split("\n")
    nobody = "Khoản chờ xác nhận: 1 (khoản lâu nhất chờ từ 02/12/2026; hiện chưa có ai xác nhận được)"
    assert nobody in unit_b, unit_b
    # why, under it, without counting them again (decision 1945)
    why = (
        "Lý do: không thủ quỹ nào xác nhận được các khoản đó (thủ quỹ không tự xác nhận khoản mình ủng hộ "
        "hoặc ghi); văn phòng giao thêm người làm thủ quỹ."
    )
    assert why in unit_b and not any(line.startswith("Trong đó") for line in unit_b), unit_b
    unit_a = sent[s.people["Lãnh đạo A"].id].split("\n")
    assert "Khoản chờ xác nhận: 1 (khoản lâu nhất chờ từ 03/12/2026; thủ quỹ xác nhận)" in unit_a, unit_a
    # the head's two: one a treasurer confirms, the other nobody; the line said “thủ quỹ xác nhận” of both
    # (decision 1880), and the line under it names where nobody may
    rollup = sent[s.people["Thủ trưởng"].id].split("\n")
    mixed = (
        "Khoản chờ xác nhận: 2 (khoản lâu nhất chờ từ 02/12/2026; thủ quỹ xác nhận, trừ 1 khoản hiện chưa có "
        "ai xác nhận được)"
    )
    assert mixed in rollup, rollup
    assert any(line.startswith("Khoản chờ không có ai xác nhận: Phòng B: 1") for line in rollup), rollup


async def test_what_waits_for_a_treasurer_and_for_nobody_reads_plainly_in_english(app: App, clock) -> None:
    """The same two gifts, the head reading English: “… a treasurer confirms them, but for 1 of them, which
    nobody may confirm yet” (decision 1928)."""
    clock.at = DUE
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, BEFORE)
        await add_person(session, s, "Thủ quỹ A", "A", ("member", "A"), ("treasurer", "A"), now=BEFORE)
        await session.execute(update(Person).values(consent_at=BEFORE, locale="vi"))
        head = s.people["Thủ trưởng"].id
        await session.execute(update(Person).where(Person.id == head).values(locale="en"))
        _ha_and_an_waiting_from_2_and_3_december(session, s)
    assert await weekly(app, DUE)
    sent = {pid: "\n".join(texts).replace("\xa0", " ") for pid, texts in (await digests(app)).items()}
    rollup = sent[head].split("\n")
    mixed = (
        "Entries waiting for confirmation: 2 (the oldest since 02/12/2026; a treasurer confirms them, "
        "except 1 that nobody may confirm yet)"
    )
    assert mixed in rollup, [line for line in rollup if line.startswith("Entries waiting")]


@on_text_only
async def test_a_units_own_digest_says_who_stands_in_for_its_leader_on_leave(
    app: App, make_person, clock
) -> None:
    """Phòng A's leader goes on leave until 10/1/2027 and on Tuesday 8/12 Chi is made its leader to stand in
    for her. The roll-up said so (decision 1730); Phòng A's own digest, on Monday 14/12 and in /baocao, said
    nothing of who leads it meanwhile, to Chi or to the unit's officer (decision 1809). Her leader away on
    training read “Đang làm thay người nghỉ dài ngày”: now said as training (decision 2445)."""
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, BEFORE)
        officer = await add_person(session, s, "Bí thư", "A", ("member", "A"), ("officer", "A"), now=BEFORE)
        await _chi_stands_in_for_phong_as_leader(session, s, training=True)
    stand_in = (
        "Đang làm thay người đi học, tập huấn: Chi (lãnh đạo Phòng A) làm thay Lãnh đạo A đến 10/01/2027."
    )
    clock.at = local(2026, 12, 9, 10)
    asked = (await make_person(f"p{officer.id}").say("/baocao")).replace("\xa0", " ").split("\n")
    assert stand_in in asked, asked

    clock.at = DUE + timedelta(days=7)
    assert await weekly(app, DUE + timedelta(days=7))
    sent = {pid: "\n".join(texts).replace("\xa0", " ") for pid, texts in (await digests(app)).items()}
    assert stand_in in sent[s.people["Chi"].id].split("\n"), sent[s.people["Chi"].id]
    assert "làm thay" not in sent[s.people["Lãnh đạo B"].id]  # another unit's is not Phòng B's


async def _went(app: App, due: datetime, *, at: datetime | None = None) -> None:
    """The weekly digest of `due` written, and each of its rows sent at `at` (its time by default), as the
    sender records a message the messenger took."""
    assert await weekly(app, due)
    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.key.like("digest:%"))
            .values(status="sent", sent_at=at or due)
        )


@on_buttons
async def test_baocao_says_the_weekly_digest_went_as_it_reached_the_reader(
    app: App, make_person, clock
) -> None:
    """Monday 7/12's digest never reached the head (she had blocked the bot: the sender marked her row
    blocked), and reached Phòng A's leader on Tuesday 8/12 at 9:00, the bot down on Monday. On Wednesday
    /baocao told both “Bản tin tuần gửi ngày 07/12/2026 …”, worked out from the schedule (decision 1811)."""
    async with app.sessionmaker() as session, session.begin():
        s = await _agreed(session)
    await _went(app, DUE, at=local(2026, 12, 8, 9))
    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.person_id == s.people["Thủ trưởng"].id)
            .values(status="blocked", sent_at=None)
        )
    clock.at = local(2026, 12, 9, 10)  # Wednesday

    head = (await make_person(f"p{s.people['Thủ trưởng'].id}").say("/baocao")).replace("\xa0", " ")
    leader = (await make_person(f"p{s.people['Lãnh đạo A'].id}").say("/baocao")).replace("\xa0", " ")

    assert head.split("\n")[1] == (
        "Bản tin tuần ngày 07/12/2026 gồm các ngày 30/11/2026 – 06/12/2026 chưa gửi được đến anh/chị; "
        "bản này gồm 7 ngày gần nhất, tính cả hôm nay."
    ), head
    assert leader.split("\n")[1].startswith("Bản tin tuần gửi ngày 08/12/2026 gồm các ngày 30/11/2026"), (
        leader
    )
    # a reader it was never written for (a member made the unit's officer on Wednesday) is told nothing of it
    async with app.sessionmaker() as session, session.begin():
        office = await actor_for(session, await session.get_one(Person, s.people["Văn phòng"].id))
        binh = await session.get_one(Person, s.people["Bình"].id)
        await grant_role(session, office, binh, "officer", "A", now=local(2026, 12, 9, 9))
    binh_read = await make_person(f"p{s.people['Bình'].id}").say("/baocao")
    assert "Bản tin tuần" in binh_read and "07/12/2026" not in binh_read and "08/12/2026" not in binh_read


@on_text_only
async def test_baocao_30_past_the_release_does_not_tell_the_gift_the_year_holds_back(
    app: App, make_person, clock
) -> None:
    """1765's walk with /baocao 30: on Tuesday 8/12 the head read “Trong giai đoạn này: tiền 1.977.000 ₫”
    above “Từ đầu năm 2026: tiền 1.200.000 ₫ (tính đến hết ngày 06/12/2026 …)”: the one less the other, on
    the same screen, was An's 777.000 ₫ (decision 1811)."""
    async with app.sessionmaker() as session, session.begin():
        s = await _agreed(session)
        for name, amount in (("Bình", 300_000), ("Chi", 400_000), ("Dũng", 500_000)):
            giver = await session.get_one(Person, s.people[name].id)
            session.add(ledger_entry(giver, "money", amount, at=local(2026, 12, 2, 9)))
        an = await session.get_one(Person, s.people["An"].id)
        session.add(ledger_entry(an, "money", 777_000, at=local(2026, 12, 8, 8), status="recorded"))
    head = make_person(f"p{s.people['Thủ trưởng'].id}")
    clock.at = DUE + timedelta(days=1, hours=2)  # Tuesday 8/12, 9:30

    said = (await head.say("/baocao 30")).replace("\xa0", " ").split("\n")

    period = next(line for line in said if line.startswith("Trong giai đoạn này"))
    assert "1.977.000" not in period and "777.000" not in "\n".join(said), said
    assert period.startswith(
        "Trong giai đoạn này: 4 người ủng hộ tiền, hiện vật (chưa nêu số tiền vì số từ"
    ), period
    # the year asked whole is the year's own line, as before
    year = (await head.say("/baocao 2026")).replace("\xa0", " ")
    assert "Trong giai đoạn này: tiền 1.200.000 ₫" in year and "777.000" not in year, year


async def test_a_units_digest_says_who_stands_in_for_the_treasurer_who_confirms_its_gifts(
    app: App, clock
) -> None:
    """Monday 7/12: the organisation's treasurer is on leave until 10/1/2027 and Bình stands in for her;
    Phòng A has a treasurer of its own, Phòng B none. Hà's 1.000.000 ₫ of 2/12 waits in Phòng B, An's
    200.000 ₫ of 3/12 in Phòng A. Only the head's roll-up named Bình: Phòng B's leader, whose gift waits for
    the organisation's treasurer, read nothing of whom to ask meanwhile (decisions 1809, 1883)."""
    clock.at = DUE
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, BEFORE)
        await add_person(session, s, "Thủ quỹ A", "A", ("member", "A"), ("treasurer", "A"), now=BEFORE)
        away = await add_person(session, s, "Trần Thị Quỹ", None, ("treasurer", None), now=BEFORE)
        await _binh_stands_in_for(session, s, away, "treasurer")
        _ha_and_an_waiting_from_2_and_3_december(session, s)
    assert await weekly(app, DUE)
    sent = {pid: "\n".join(texts).replace("\xa0", " ") for pid, texts in (await digests(app)).items()}

    stand_in = (
        "Đang làm thay người nghỉ dài ngày: Bình (thủ quỹ toàn cơ quan) làm thay Trần Thị Quỹ đến 10/01/2027."
    )
    assert stand_in in sent[s.people["Thủ trưởng"].id].split("\n")
    unit_b = sent[s.people["Lãnh đạo B"].id].split("\n")
    assert stand_in in unit_b, unit_b
    assert unit_b.count(stand_in) == 1
    # Phòng A's treasurer confirms its gifts: the organisation's stand-in is not its own line to read
    assert "làm thay" not in sent[s.people["Lãnh đạo A"].id]


async def test_a_units_week_across_the_new_year_with_one_or_two_givers_of_the_new_year_is_still_told(
    app: App, clock
) -> None:
    """Monday 4/1/2027, the week of 28/12/2026 – 3/1/2027: in Phòng A, Bình and Chi gave on 29/12/2026, An
    alone on 2/1/2027, all confirmed. Phòng A's leader read no line for the week at all: the 2027 part,
    one giver's, is held back so as not to reveal her gift, and nothing said the week had any (1884)."""
    monday = local(2027, 1, 4, 7, 30)
    clock.at = monday
    async with app.sessionmaker() as session, session.begin():
        s = await _agreed(session)
        session.add_all(
            [
                ledger_entry(s.people["Bình"], "money", 300_000, at=local(2026, 12, 29, 9)),
                ledger_entry(s.people["Chi"], "money", 400_000, at=local(2026, 12, 29, 10)),
                ledger_entry(s.people["An"], "money", 250_000, at=local(2027, 1, 2, 9), year=2027),
            ]
        )
    assert await weekly(app, monday)
    unit_a = "\n".join((await digests(app))[s.people["Lãnh đạo A"].id]).replace("\xa0", " ").split("\n")

    week = next((line for line in unit_a if line.startswith("Tuần này")), None)
    assert week == (
        "Tuần này, gồm cả các ngày của năm 2026 (28/12/2026 – 31/12/2026): 3 người ủng hộ tiền, hiện vật "
        "(không nêu số tiền vì năm nay dưới ba người ủng hộ)"
    ), unit_a
    assert not any("₫" in line for line in unit_a), unit_a


def _figures(text: str) -> list[int]:
    """Every sum in đồng a digest says."""
    return [int(found.replace(".", "")) for found in re.findall(r"(\d[\d.]*)\xa0₫", text)]


async def _two_weeks_with_ha_waiting(
    session: AsyncSession, binh_waits: bool = False, ha_moved: bool = False
) -> Seeded:
    """An, Bình and Chi gave 650.000 ₫ in the week to 29/11, confirmed (Bình's 200.000 ₫ still waiting, with
    `binh_waits`); in the week to 6/12 Dũng 400.000 ₫ and Lãnh đạo A 150.000 ₫, confirmed, and Hà 50.000 ₫,
    waiting. With `ha_moved`, Hà and Lãnh đạo B 100.000 ₫ each on 18/11, confirmed, Lãnh đạo B 70.000 ₫ on
    3/12, and Hà, moved to Phòng A, 30.000 ₫ there on 4/12, both waiting."""
    s = await _agreed(session)
    p, before, week = s.people, local(2026, 11, 25, 9), local(2026, 12, 3, 9)
    binh = "recorded" if binh_waits else "confirmed"
    session.add_all(
        [
            ledger_entry(p["An"], "money", 100_000, at=before),
            ledger_entry(p["Bình"], "money", 200_000, at=before, status=binh),
            ledger_entry(p["Chi"], "money", 350_000, at=before),
            ledger_entry(p["Dũng"], "money", 400_000, at=week),
            ledger_entry(p["Lãnh đạo A"], "money", 150_000, at=week),
            ledger_entry(p["Hà"], "money", 50_000, at=week, status="recorded"),
        ]
    )
    if ha_moved:
        a, friday = s.units["A"].id, local(2026, 12, 4, 9)
        session.add_all(
            [
                *(
                    ledger_entry(p[name], "money", 100_000, at=local(2026, 11, 18, 9))
                    for name in ("Hà", "Lãnh đạo B")
                ),
                ledger_entry(p["Lãnh đạo B"], "money", 70_000, at=week, status="recorded"),
                ledger_entry(p["Hà"], "money", 30_000, at=friday, status="recorded", unit_id=a),
            ]
        )
    return s


@pytest.mark.parametrize(
    ("binh_waits", "ha_moved"),
    [(False, False), (True, False), (False, True)],
    ids=["before-confirmed", "before-waits", "one-who-moved-waits"],
)
async def test_a_gift_waiting_in_the_week_is_no_difference_of_two_mondays_figures(
    app: App, clock, binh_waits: bool, ha_moved: bool
) -> None:
    """An, Bình and Chi gave 650.000 ₫ in the week to 29/11, confirmed; in the week to 6/12 Dũng 400.000 ₫
    and Lãnh đạo A 150.000 ₫, confirmed, and Hà 50.000 ₫, waiting. On Monday 7/12 the head read “Tuần
    này: tiền 600.000 ₫” above “Từ đầu năm 2026: tiền 1.200.000 ₫ (tiền là số đã xác nhận …)”, and on
    30/11 “Từ đầu năm 2026: tiền 650.000 ₫”: the week less what the year grew by was Hà's gift (1930).
    The week before, all confirmed, is said beside it (“tuần trước: tiền và hiện vật 650.000 ₫”); where
    Bình's 200.000 ₫ of it still waits, it is not, less what is confirmed being her gift (decision 2040).
    Where Lãnh đạo B's 70.000 ₫ waits too, and Hà's 30.000 ₫ given in Phòng A after she moved there, Hà was
    counted once in each unit, three people waiting where two are (decisions 2130, 2131)."""
    async with app.sessionmaker() as session, session.begin():
        s = await _two_weeks_with_ha_waiting(session, binh_waits, ha_moved)
    head = s.people["Thủ trưởng"].id
    clock.at = DUE - timedelta(days=7)
    assert await weekly(app, DUE - timedelta(days=7))
    last = (await digests(app))[head]
    clock.at = DUE
    assert await weekly(app, DUE)
    this = (await digests(app))[head][len(last) :]
    last_said, said = "\n".join(last), "\n".join(this)
    year = next(line for line in said.split("\n") if line.startswith("Từ đầu năm 2026"))
    confirmed = "1.000.000" if binh_waits else "1.400.000" if ha_moved else "1.200.000"
    assert year.startswith(f"Từ đầu năm 2026: tiền {confirmed}\xa0₫ (tiền là số đã xác nhận"), year
    assert f"Từ đầu năm 2026: tiền {'850.000' if ha_moved else '650.000'}\xa0₫" in last_said, last_said
    figures, before_ = _figures(said), _figures(last_said)
    gifts = {50_000, 200_000} if binh_waits else {50_000}  # what waits, one person's each
    if ha_moved:  # two people's: Hà's in each unit, hers together, Lãnh đạo B's, and theirs together
        gifts |= {30_000, 80_000, 70_000, 150_000}
    # no figure less another, on Monday's digest or between the two, is Hà's gift, nor Bình's
    assert not gifts & {a - b for a in figures for b in [*figures, *before_]}, (figures, before_)
    # nor the week's less what the year grew by since last Monday
    grew = {a - b for a in figures for b in before_}
    assert not {w - g for w in figures for g in grew} & {*gifts, *(-gift for gift in gifts)}, (
        figures,
        before_,
    )
    week_line = next(line for line in said.split("\n") if line.startswith("Tuần này"))
    held = f"Tuần này: {4 if ha_moved else 3} người ủng hộ tiền, hiện vật (chưa nêu số tiền"
    assert week_line.startswith(held), week_line
    # why no figure is said once, on the week's line; the year's under it says only what it counts (2044)
    assert year == f"Từ đầu năm 2026: tiền {confirmed}\xa0₫ (tiền là số đã xác nhận)", year
    # the week before, of which nothing waits, is said beside it (decision 2040)
    # after it, not in a second parenthesis: the line reads in one breath (decision 2137)
    assert week_line.endswith("; tuần trước: tiền và hiện vật 650.000\xa0₫") != binh_waits, week_line
    assert week_line.count("(") == 1, week_line


async def test_the_chart_is_not_sent_beside_a_week_said_as_how_many_gave_while_a_gift_waits(
    app: App, clock
) -> None:
    """1930's Monday on Telegram: the head's text says the week as how many gave, the year as what is
    confirmed, while Hà's 50.000 ₫ waits; the chart's week point, 600.000 ₫ with it, less what the year grew
    by was her gift. No chart that Monday (decision 1931); on 30/11, nothing waiting, the chart goes."""
    from bot.db.models import ChannelIdentity

    async with app.sessionmaker() as session, session.begin():
        s = await _two_weeks_with_ha_waiting(session)
        head = s.people["Thủ trưởng"]
        session.add(
            ChannelIdentity(channel="telegram", external_id="7009", person_id=head.id, created_at=BEFORE)
        )
        head.channel = "telegram"

    async def charts() -> list[str]:
        async with app.sessionmaker() as session:
            rows = await session.scalars(
                select(OutboxMessage.key).where(
                    OutboxMessage.person_id == head.id, OutboxMessage.key.like("%:chart")
                )
            )
            return list(rows)

    clock.at = DUE - timedelta(days=7)
    assert await weekly(app, DUE - timedelta(days=7))
    assert len(await charts()) == 1  # nothing waits: the chart as before
    clock.at = DUE
    assert await weekly(app, DUE)
    said = "\n".join((await digests(app))[head.id])
    assert "Tuần này: 3 người ủng hộ tiền, hiện vật (chưa nêu số tiền" in said, said
    assert len(await charts()) == 1, await charts()  # no chart of 7/12 to her


@pytest.mark.parametrize("moved", [False, True])
async def test_a_held_week_counts_who_gave_money_and_goods_once(app: App, clock, moved: bool) -> None:
    """Monday 7/12: An alone gave in Phòng A this year, 200.000 ₫ and a bag of clothes valued 100.000 ₫,
    both on Friday 4/12; in Phòng B, Dũng, Hà and Lãnh đạo B gave in November and Dũng money and goods on
    4/12. Phòng A's leader read “Tuần này: 2 người ủng hộ tiền, hiện vật (không nêu số tiền vì năm nay dưới
    ba người ủng hộ)”, Phòng B's “2 người ủng hộ tiền, hiện vật”: one person each, counted once per gift.
    Khánh alone gave in Phòng C, in November: the head's roll-up pooled Phòng A, counted as two givers, with
    Phòng C alone, An's gifts and Khánh's, two people's (decision 2232). `moved`: Khánh gave in Phòng A too,
    in October, before he moved: one giver of the pool, not one in each unit (decision 2326)."""
    clock.at = DUE
    async with app.sessionmaker() as session, session.begin():
        s = await _agreed(session)
        s.units["C"] = Unit(org_id=s.org.id, code="C", name="Phòng C")
        session.add(s.units["C"])
        await session.flush()
        await add_person(session, s, "Khánh", "C", ("member", "C"), now=BEFORE)
        p, november = s.people, local(2026, 11, 20, 9)
        session.add_all(
            [
                ledger_entry(p["Khánh"], "money", 50_000, at=november),
                ledger_entry(p["An"], "money", 200_000, at=FRIDAY),
                ledger_entry(p["An"], "goods", 100_000, at=FRIDAY),
                *(
                    ledger_entry(p[name], "money", 100_000, at=november)
                    for name in ("Dũng", "Hà", "Lãnh đạo B")
                ),
                ledger_entry(p["Dũng"], "money", 300_000, at=FRIDAY),
                ledger_entry(p["Dũng"], "goods", 150_000, at=FRIDAY),
            ]
        )
        if moved:
            october = local(2026, 10, 15, 9)
            session.add(ledger_entry(p["Khánh"], "money", 50_000, at=october, unit_id=s.units["A"].id))
    assert await weekly(app, DUE)
    sent = {pid: "\n".join(texts).replace("\xa0", " ") for pid, texts in (await digests(app)).items()}

    unit_a = sent[s.people["Lãnh đạo A"].id].split("\n")
    assert (
        "Tuần này: 1 người ủng hộ tiền, hiện vật (không nêu số tiền vì năm nay dưới ba người ủng hộ)"
        in unit_a
    ), unit_a
    unit_b = sent[s.people["Lãnh đạo B"].id].split("\n")
    week_b = next(line for line in unit_b if line.startswith("Tuần này"))
    assert week_b.startswith("Tuần này: 1 người ủng hộ tiền, hiện vật ("), week_b
    assert "300.000" not in sent[s.people["Lãnh đạo B"].id]
    # An is one giver of Phòng A: with Khánh two, so the pool takes Phòng B's three in too (decision 2232);
    # Khánh is one giver of the pool though he gave in Phòng A too (decision 2326)
    rollup = sent[s.people["Thủ trưởng"].id].split("\n")
    pool = next(line for line in rollup if line.startswith("• Cộng chung"))
    assert "Phòng A, Phòng B, Phòng C: " in pool, rollup


async def test_the_roll_up_counts_one_who_gave_in_two_units_in_a_week_once(app: App, clock) -> None:
    """Monday 7/12: Bình, Chi, Hà and Lãnh đạo B gave in November; in the week An gave 100.000 ₫ in Phòng A
    on Tuesday 1/12, moved to Phòng B and gave 100.000 ₫ there on Friday 4/12, and Dũng 100.000 ₫ in Phòng
    B. The head's roll-up added the units' givers up, An in each: three, so it read “Tuần này: tiền 300.000
    ₫”, two people's gift. She is one giver of the school's week (decision 2041). All of it still waits, so
    the year is read as of its releases: the week, counted unit by unit, three, was released with the year on
    7/12 (“Từ đầu năm 2026: tiền 700.000 ₫”), the year less last Monday's their gift; she is one giver of the
    school's release too (decision 2235)."""
    clock.at = DUE
    async with app.sessionmaker() as session, session.begin():
        s = await _agreed(session)
        p, november = s.people, local(2026, 11, 20, 9)
        session.add_all(
            [
                *(
                    ledger_entry(p[name], "money", 100_000, at=november, status="recorded")
                    for name in ("Bình", "Chi", "Hà", "Lãnh đạo B")
                ),
                ledger_entry(p["An"], "money", 100_000, at=local(2026, 12, 1, 9), status="recorded"),
                ledger_entry(
                    p["An"], "money", 100_000, at=FRIDAY, unit_id=s.units["B"].id, status="recorded"
                ),
                ledger_entry(p["Dũng"], "money", 100_000, at=FRIDAY, status="recorded"),
            ]
        )
    assert await weekly(app, DUE)
    rollup = "\n".join((await digests(app))[s.people["Thủ trưởng"].id]).replace("\xa0", " ")
    week = next(line for line in rollup.split("\n") if line.startswith("Tuần này"))
    assert week.startswith("Tuần này: 2 người ủng hộ tiền, hiện vật (dưới ba người nên không nêu số tiền)"), (
        week
    )
    assert "300.000" not in week, week
    # the year as of its last release, the week of two people's gifts carried (decision 2235)
    year = next(line for line in rollup.split("\n") if line.startswith("Từ đầu năm 2026"))
    assert year.startswith("Từ đầu năm 2026: tiền 400.000 ₫ (tính đến hết ngày 29/11/2026"), year

    # Monday 14/12, nothing given since: that week is the week before, still two people's gift (2083)
    said = len((await digests(app))[s.people["Thủ trưởng"].id])
    clock.at = DUE + timedelta(days=7)
    assert await weekly(app, clock.at)
    rollup = "\n".join((await digests(app))[s.people["Thủ trưởng"].id][said:]).replace("\xa0", " ")
    week = next(line for line in rollup.split("\n") if line.startswith("Tuần này"))
    assert week == "Tuần này: chưa có khoản đóng góp nào", week  # not “(tuần trước: … 300.000 ₫)”


async def test_a_units_digest_says_who_stands_in_for_the_officer_who_confirms_its_days(
    app: App, clock
) -> None:
    """Monday 7/12: the union's officer of the whole organisation is on leave until 10/1/2027 and Bình stands
    in for him; Phòng A has an officer of its own, Phòng B none, nor a treasurer. Dũng's labour day of 3/12
    waits in Phòng B, An's of 4/12 in Phòng A. Only the head's roll-up named Bình: Phòng B's leader, whose
    day waits for the organisation's officer, read nothing of whom to ask meanwhile (decisions 1883, 1947)."""
    clock.at = DUE
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, BEFORE)
        await add_person(session, s, "Bí thư A", "A", ("member", "A"), ("officer", "A"), now=BEFORE)
        away = await add_person(session, s, "Trần Văn Công", None, ("officer", None), now=BEFORE)
        await _binh_stands_in_for(session, s, away, "officer")
        session.add_all(
            [
                ledger_entry(
                    s.people["Dũng"], "labour", days=1, at=local(2026, 12, 3, 10), status="recorded"
                ),
                ledger_entry(s.people["An"], "labour", days=1, at=local(2026, 12, 4, 10), status="recorded"),
            ]
        )
    assert await weekly(app, DUE)
    sent = {pid: "\n".join(texts).replace("\xa0", " ") for pid, texts in (await digests(app)).items()}

    stand_in = (
        "Đang làm thay người nghỉ dài ngày: Bình (cán bộ công đoàn/vận động toàn cơ quan) làm thay Trần Văn "
        "Công đến 10/01/2027."
    )
    assert stand_in in sent[s.people["Thủ trưởng"].id].split("\n")
    unit_b = sent[s.people["Lãnh đạo B"].id].split("\n")
    assert unit_b.count(stand_in) == 1, unit_b
    # Phòng A's own officer confirms its days: the organisation's stand-in is not its line to read
    assert "làm thay" not in sent[s.people["Lãnh đạo A"].id]
