"""Taking part, as the Monday digest counts it (decision 0166): a colleague who gave to the Fund took part in
the movement, registered or not. A department whose staff give without registering reads what they did,
registered and gave named apart; the roll-up places the units by it; a hamlet's households are counted as
households."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.db.models import (
    Commitment,
    CommitmentItem,
    Criterion,
    Organisation,
    OrgSchedule,
    Person,
    RegistrationWindow,
    RoleAssignment,
    Unit,
)
from tests.support.ledger import ledger_entry
from tests.support.orgs import Seeded, add_person, new_person, seed
from tests.support.profiles import on_buttons, on_text_only
from tests.test_digests import DUE, add_households, digests, local, weekly


@pytest.fixture
async def hospital(any_app: App) -> Seeded:
    """Phòng A (Lãnh đạo A, An registered, Bình, Chi, Giang) and Phòng B (Lãnh đạo B, Dũng registered, Hà).
    In Phòng A, Bình gave money (confirmed) and Chi a labour day (waiting), An gave too; Lãnh đạo A's gift was
    withdrawn, Giang gave and then left. In Phòng B, Hà gave; Lãnh đạo B's gift was reversed (he did not give
    it after all)."""
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, local(2026, 11, 1, 9))
        giang = await add_person(session, seeded, "Giang", "A", ("member", "A"), now=local(2026, 11, 1, 9))
        people = seeded.people
        at = DUE - timedelta(days=3)
        session.add_all(
            [
                ledger_entry(people["Bình"], "money", 500_000, at=at),
                ledger_entry(people["Chi"], "labour", days=1, at=at, status="recorded"),
                ledger_entry(people["An"], "money", 200_000, at=at, status="recorded"),
                ledger_entry(people["Lãnh đạo A"], "money", 300_000, at=at, status="rejected"),
                ledger_entry(giang, "money", 100_000, at=at),
                ledger_entry(people["Hà"], "money", 100_000, at=at),
            ]
        )
        reversed_gift = ledger_entry(people["Lãnh đạo B"], "money", 300_000, at=at)
        session.add(reversed_gift)
        await session.flush()
        session.add(ledger_entry(people["Lãnh đạo B"], "money", -300_000, at=at, reverses=reversed_gift))
        await session.execute(update(Person).where(Person.id == giang.id).values(left_on=date(2026, 12, 5)))
    return seeded


async def test_staff_who_gave_without_registering_took_part_and_the_digest_says_so(
    any_app: App, hospital: Seeded
) -> None:
    assert await weekly(any_app, DUE) == 3
    sent = await digests(any_app)
    unit_a = sent[hospital.people["Lãnh đạo A"].id][0].split("\n")
    # An (registered and gave) counted once; Bình and Chi gave; a withdrawn gift and who left are not counted
    assert (
        unit_a[1]
        == "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): 3/4 người (75%) — đã đăng ký 1, đã ủng hộ 3"
    )
    # in English: Dũng registered, Hà gave without registering; a reversed gift is no gift
    unit_b = sent[hospital.people["Lãnh đạo B"].id][0].split("\n")
    assert (
        unit_b[1]
        == "Took part in 2026 (registered or gave): 2/3 people (67%), of whom 1 registered and 1 gave"
    )
    rollup = sent[hospital.people["Thủ trưởng"].id][0].split("\n")
    assert (  # the head and the office, of no unit, are the organisation's people too (decision 0412)
        rollup[1]
        == "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): 5/9 người (56%) — đã đăng ký 2, đã ủng hộ 4"
    )
    # the units placed by taking part: Phòng A (75%) before Phòng B (67%); what waits in each, one or two
    # people's, said once on the heading, not on each line (decision 2136)
    heading = rollup.index(
        "Các đơn vị theo tỷ lệ tham gia – đăng ký hoặc ủng hộ (tiền và hiện vật đã xác nhận; phần chờ xác "
        "nhận chưa nêu):"
    )
    assert rollup[heading + 1].startswith("• Phòng A: 3/4 người (75%)")
    assert rollup[heading + 2].startswith("• Phòng B: 2/3 người (67%)")
    # Hà alone gave B's money: it is said only with A's, else the whole less A's would be hers (decision 0304)
    assert "₫" not in rollup[heading + 2]
    assert rollup[heading + 4].startswith("• Cộng chung, vì có đơn vị dưới ba người ủng hộ")
    assert ": Phòng A, Phòng B: " in rollup[heading + 4]


async def test_a_hamlets_households_that_gave_took_part_as_households(any_app: App, hospital: Seeded) -> None:
    hamlet = await add_households(any_app, hospital)  # Thôn 3: Sáu and Bảy registered, Tám not
    async with any_app.sessionmaker() as session, session.begin():
        tam = await session.get(Person, await _id_of(any_app, "Hộ bà Tám"))
        assert tam is not None and tam.unit_id == hamlet.id
        session.add(ledger_entry(tam, "money", 30_000, at=DUE - timedelta(days=2), status="recorded"))
    assert await weekly(any_app, DUE) == 4
    texts = (await digests(any_app))[hospital.people["Lãnh đạo A"].id]
    hamlet_text = next(text for text in texts if text.startswith("Bản tin tuần của Thôn 3"))
    assert hamlet_text.split("\n")[1] == (
        "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): hộ gia đình 3/3 (100%) — đã đăng ký 2, "
        "đã ủng hộ 1"
    )


async def _id_of(app: App, name: str) -> int:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(Person.id).where(Person.full_name == name))
    assert found is not None
    return found


@on_text_only
async def test_who_has_not_registered_asked_at_the_menu_counts_registrations_not_who_took_part(
    app: App, make_person, clock
) -> None:
    """Wednesday 9/12: An and Dũng registered, Bình gave 500.000 ₫ without registering. “ai chua dang ky”
    answered the head with the roll-up, “• Phòng A: 2/4 người (50%)” — who took part, Bình among them — and
    no unit's count of who registered; Phòng A's leader read her digest, no names though she asked who."""
    clock.at = local(2026, 12, 9, 10)
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, local(2026, 11, 1, 9))
        await session.execute(update(Person).values(consent_at=local(2026, 11, 1, 9), locale="vi"))
        session.add(ledger_entry(s.people["Bình"], "money", 500_000, at=local(2026, 12, 8, 9)))
    head = make_person(f"p{s.people['Thủ trưởng'].id}")

    said = (await head.say("ai chua dang ky")).replace("\xa0", " ").split("\n")

    # the units' collective registrations beside (decision 1810)
    assert said[0].startswith(
        "Đăng ký thi đua năm 2026 (hạn đăng ký 31/12/2026) "
        "của Trường Thử: 2/9 người đã đăng ký, 7 người chưa đăng ký; "
    ), said
    assert [line.split(";")[0] for line in said[1:3]] == [
        "• Phòng A: 1/4 người đã đăng ký, 3 người chưa đăng ký",
        "• Phòng B: 1/3 người đã đăng ký, 2 người chưa đăng ký",
    ], said
    assert not any("500.000" in line or "Bình" in line for line in said)

    leader = make_person(f"p{s.people['Lãnh đạo A'].id}")
    screen = (await leader.say("Khoa nào chưa đăng ký?")).replace("\xa0", " ")
    assert screen.startswith(
        "Đăng ký thi đua năm 2026 (hạn đăng ký 31/12/2026) của Phòng A: 1/4 người đã đăng ký, 3 người chưa"
    ), screen
    assert "Bình" not in screen  # the organisation shows no names in its digests
    async with app.sessionmaker() as session, session.begin():
        session.add(OrgSchedule(org_id=s.org.id, digest_weekday=0, digest_time="07:30", show_names=True))
    # “ds” (danh sách) as a busy head types it on a phone; “ds người chưa tham gia” reads the same words
    # before “chưa” (decision 2870)
    assert "Chưa đăng ký thi đua năm 2026: Lãnh đạo A, Bình, Chi" in await leader.say("ds người chưa đăng ký")
    # a member asking reads her own progress, as the digest's other questions (decision 1474)
    assert "Tiến độ năm 2026 của anh/chị" in await make_person(f"p{s.people['Hà'].id}").say("ai chua dang ky")


@on_buttons
async def test_who_has_not_registered_counts_the_units_collective_registrations_and_a_heads_own_unit(
    app: App, make_person, clock
) -> None:
    """Wednesday 9/12: Phòng A registered its commitment as a collective (“Đăng ký của đơn vị”), Phòng B not;
    the head also leads Phòng B, the organisation showing names. “ai chua dang ky” counted people alone:
    neither the head nor Phòng A's leader read that a unit registers as a collective too (decision 1728's
    Left), and the head read only the organisation's counts, not who of her own Phòng B had not registered
    (decision 1810)."""
    clock.at = local(2026, 12, 9, 10)
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, local(2026, 11, 1, 9))
        await session.execute(update(Person).values(consent_at=local(2026, 11, 1, 9), locale="vi"))
        session.add(OrgSchedule(org_id=s.org.id, digest_weekday=0, digest_time="07:30", show_names=True))
        head = await session.get_one(Person, s.people["Thủ trưởng"].id)
        session.add(
            RoleAssignment(
                org_id=s.org.id,
                person_id=head.id,
                role="leader",
                unit_id=s.units["B"].id,
                granted_at=local(2026, 11, 1, 9),
            )
        )
        await _phong_a_registers_as_a_collective(session, s)

    said = (await make_person(f"p{s.people['Thủ trưởng'].id}").say("ai chua dang ky")).replace("\xa0", " ")
    lines = said.split("\n")

    assert lines[0] == (
        "Đăng ký thi đua năm 2026 (hạn đăng ký 31/12/2026) "
        "của Trường Thử: 2/9 người đã đăng ký, 7 người chưa đăng ký; 1/2 đơn vị đã "
        "đăng ký tập thể, 1 đơn vị chưa đăng ký."
    ), lines
    assert lines[1:3] == [
        "• Phòng A: 1/4 người đã đăng ký, 3 người chưa đăng ký; đơn vị đã đăng ký tập thể",
        "• Phòng B: 1/3 người đã đăng ký, 2 người chưa đăng ký; đơn vị chưa đăng ký tập thể",
    ], lines
    # her own unit, as its leader reads it, names and all; the others' names are not hers to read here
    assert (
        "Đăng ký thi đua năm 2026 (hạn đăng ký 31/12/2026) "
        "của Phòng B: 1/3 người đã đăng ký, 2 người chưa đăng ký; đơn vị chưa "
        "đăng ký tập thể." in lines
    ), lines
    assert "Chưa đăng ký thi đua năm 2026: Lãnh đạo B, Hà" in lines and "Bình" not in said, lines
    leader = (await make_person(f"p{s.people['Lãnh đạo A'].id}").say("ai chưa đăng ký")).replace("\xa0", " ")
    assert leader.startswith(
        "Đăng ký thi đua năm 2026 (hạn đăng ký 31/12/2026) "
        "của Phòng A: 1/4 người đã đăng ký, 3 người chưa đăng ký; đơn vị đã đăng ký "
        "tập thể."
    ), leader


async def _phong_a_registers_as_a_collective(session: AsyncSession, s: Seeded) -> None:
    """Phòng A's leader registers its commitment for 2026 as a collective (“Đăng ký của đơn vị”) on 2/11."""
    collective = Commitment(
        campaign_id=s.campaign.id,
        year=2026,
        scope="collective",
        owner_key=f"u:{s.units['A'].id}",
        unit_id=s.units["A"].id,
        registered_by=s.people["Lãnh đạo A"].id,
        created_at=local(2026, 11, 2, 9),
        updated_at=local(2026, 11, 2, 9),
    )
    session.add(collective)
    await session.flush()
    criterion = await session.scalar(select(Criterion.id).where(Criterion.campaign_id == s.campaign.id))
    session.add(CommitmentItem(commitment_id=collective.id, criterion_id=criterion, target=10_000_000))


@on_text_only
async def test_a_communes_registrations_count_its_hamlets_as_hamlets_or_street_groups(
    app: App, make_person, clock
) -> None:
    """Wednesday 9/12, a commune whose two hamlets list a household each beside their staff; Thôn A registered
    as a collective, Thôn B not. The chairwoman read “1/2 đơn vị đã đăng ký tập thể, 1 đơn vị chưa đăng ký”
    and each hamlet “đơn vị chưa đăng ký tập thể”: an office's word, where the commune's papers say “thôn, tổ
    dân phố” (decisions 1810, 1825, 1881)."""
    clock.at = local(2026, 12, 9, 10)
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, local(2026, 11, 1, 9), name="UBND xã Thử")
        (await session.get_one(Organisation, s.org.id)).kind = "commune"
        for code in ("A", "B"):
            (await session.get_one(Unit, s.units[code].id)).name = f"Thôn {code}"
            household = new_person(s, f"Hộ ông {code}", code, now=local(2026, 11, 1, 9))
            household.kind = "household"
            session.add(household)
        await session.execute(update(Person).values(consent_at=local(2026, 11, 1, 9), locale="vi"))
        await _phong_a_registers_as_a_collective(session, s)

    said = (await make_person(f"p{s.people['Thủ trưởng'].id}").say("ai chua dang ky")).replace("\xa0", " ")
    lines = said.split("\n")

    assert lines[0].endswith("; 1/2 thôn, tổ dân phố đã đăng ký tập thể, 1 nơi chưa đăng ký."), lines
    assert lines[1].endswith("; đã đăng ký tập thể") and lines[1].startswith("• Thôn A: "), lines
    assert lines[2].endswith("; chưa đăng ký tập thể") and lines[2].startswith("• Thôn B: "), lines
    assert "đơn vị" not in said, said


@on_buttons
async def test_who_did_not_register_once_registration_closed_is_said_so_with_its_day(
    app: App, make_person, clock
) -> None:
    """Wednesday 9/12: the organisation took 2026's registrations until 30/11; Phòng A registered as a
    collective, Phòng B not. The head read “7 người chưa đăng ký; … 1 đơn vị chưa đăng ký” and Phòng B's
    line “đơn vị chưa đăng ký tập thể”, as if it still could, though the names under its leader's answer
    read “Không đăng ký thi đua năm 2026 (đã hết hạn đăng ký)” (decision 1882)."""
    clock.at = local(2026, 12, 9, 10)
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, local(2026, 11, 1, 9))
        await session.execute(update(Person).values(consent_at=local(2026, 11, 1, 9), locale="vi"))
        # Phòng B's leader reads English
        (await session.get_one(Person, s.people["Lãnh đạo B"].id)).locale = "en"
        session.add(
            RegistrationWindow(
                org_id=s.org.id, year=2026, opens_on=date(2026, 1, 1), closes_on=date(2026, 11, 30)
            )
        )
        await _phong_a_registers_as_a_collective(session, s)

    head = (await make_person(f"p{s.people['Thủ trưởng'].id}").say("ai chua dang ky")).replace("\xa0", " ")
    lines = head.split("\n")

    assert lines[0] == (
        "Đăng ký thi đua năm 2026 của Trường Thử (đã hết hạn ngày 30/11/2026): 2/9 người đã đăng ký, 7 người "
        "không đăng ký; 1/2 đơn vị đã đăng ký tập thể, 1 đơn vị không đăng ký."
    ), lines
    assert lines[1:3] == [
        "• Phòng A: 1/4 người đã đăng ký, 3 người không đăng ký; đơn vị đã đăng ký tập thể",
        "• Phòng B: 1/3 người đã đăng ký, 2 người không đăng ký; đơn vị không đăng ký tập thể",
    ], lines
    assert "chưa" not in head, head
    # in English too, for Phòng B's leader
    leader = await make_person(f"p{s.people['Lãnh đạo B'].id}").say("who has not registered")
    assert "(registration closed on" in leader and "the unit did not register as a collective" in leader, (
        leader
    )


async def test_a_communes_monday_counts_its_hamlets_and_says_when_registration_closes(
    app: App, clock
) -> None:
    """Monday 7/12, a commune of two hamlets, each listing four households beside its staff; Thôn A
    registered for 2026 as a collective, Thôn B not; 2027's registration open from 1/12 to 31/1/2027, 2026's
    all year. The chairwoman read “Đăng ký thi đua năm 2027 (hạn đăng ký 31/01/2027): đã có 0/2 đơn vị, …”,
    Thôn B's leader “Thôn B chưa đăng ký thi đua tập thể năm 2026 (/donvi).”, no day to do it by, though
    2026's registration closes with the year (decisions 0677, 1881, 1882)."""
    clock.at = DUE
    async with app.sessionmaker() as session, session.begin():
        s = await seed(session, local(2026, 11, 1, 9), name="UBND xã Thử")
        (await session.get_one(Organisation, s.org.id)).kind = "commune"
        for code in ("A", "B"):
            (await session.get_one(Unit, s.units[code].id)).name = f"Thôn {code}"
            for n in range(4):
                household = new_person(s, f"Hộ ông {code}{n}", code, now=local(2026, 11, 1, 9))
                household.kind = "household"
                session.add(household)
        session.add(
            RegistrationWindow(
                org_id=s.org.id, year=2027, opens_on=date(2026, 12, 1), closes_on=date(2027, 1, 31)
            )
        )
        await session.execute(update(Person).values(consent_at=local(2026, 11, 1, 9), locale="vi"))
        await _phong_a_registers_as_a_collective(session, s)
    assert await weekly(app, DUE)
    sent = {pid: "\n".join(texts).replace("\xa0", " ") for pid, texts in (await digests(app)).items()}

    rollup = sent[s.people["Thủ trưởng"].id]
    early = next(line for line in rollup.split("\n") if line.startswith("Đăng ký thi đua năm 2027"))
    assert early.startswith(
        "Đăng ký thi đua năm 2027 (hạn đăng ký 31/01/2027): đã có 0/2 thôn, tổ dân phố, "
    ), early
    assert "đơn vị" not in rollup, rollup
    unit_b = sent[s.people["Lãnh đạo B"].id].split("\n")
    assert "Thôn B chưa đăng ký thi đua tập thể năm 2026, hạn đăng ký 31/12/2026 (/donvi)." in unit_b, unit_b
