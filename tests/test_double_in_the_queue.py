"""A treasurer confirming forty gifts on a Tết day: Lan recorded her 200.000 ₫ twice, a few minutes apart (she
chose Có at the hint, or typed it on her second phone). The queue marks the second one with the first's code,
says what the mark means, and its look-up says it too — before both are confirmed and she is counted twice
(decision 0185). A gift of the same figure by another giver, or by Lan for another drive, is not marked."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from bot.app import App
from bot.db.models import Person
from bot.domain.access import actor_for
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.drives import NewDrive, create_drive
from tests.support.clocks import NOW
from tests.test_drives import seed

CODE = re.compile(r"CT-2026-\d{6}")


async def test_a_gift_recorded_twice_is_marked_in_the_queue_and_its_look_up(app: App, make_person) -> None:
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        drive = await create_drive(
            session, hung, NewDrive("Tết sum vầy 2027", date(2026, 11, 20), date(2027, 1, 20)), now=NOW
        )
        lan, tam = [await session.get_one(Person, ids[k]) for k in ("lan", "tam")]
        gifts = [
            (lan, drive.id, NOW),  # CT-2026-000001
            (tam, drive.id, NOW + timedelta(minutes=1)),  # 000002: the same figure, another giver
            (lan, drive.id, NOW + timedelta(minutes=3)),  # 000003: Lan's again
            (lan, None, NOW + timedelta(minutes=4)),  # 000004: the Fund, not the drive
        ]
        for who, drive_id, at in gifts:
            entry = NewContribution(kind="money", amount_vnd=200_000, drive_id=drive_id)
            await record_contribution(session, person=who, recorded_by=who, entry=entry, now=at)
    mai = make_person("mai")
    await mai.say("/xacnhan")
    screen = await mai.choose("Tết sum vầy 2027")
    found = [(CODE.search(line), line) for line in screen.splitlines()]
    lines = {code.group(): line for code, line in found if code}
    assert "⚠️ trùng CT-2026-000001 (cùng người, số, trong 24 giờ)" in lines["CT-2026-000003"]
    assert "⚠️" not in lines["CT-2026-000001"] and "⚠️" not in lines["CT-2026-000002"]
    screen = await mai.say("/tracuu CT-2026-000003")
    assert "⚠️ CT-2026-000003 có thể trùng CT-2026-000001 (cùng người, số, trong 24 giờ)." in screen
    screen = await mai.say("/tracuu CT-2026-000004")  # the Fund's: another gift
    assert "trùng" not in screen
    await mai.say("/xacnhan")
    screen = await mai.choose("ngoài các đợt")
    assert "⚠️" not in screen


async def test_a_double_of_yesterdays_gift_says_within_a_day_not_the_same_day(app: App, make_person) -> None:
    """A hospital's treasurer reads the Tết drive's queue: a nurse's 500.000 ₫ envelope recorded on Monday
    afternoon (07/12) and her own 500.000 ₫ the next morning (08/12), seventeen hours apart. The mark said
    “cùng người, số, ngày” beside two lines dated 07/12 and 08/12: a rule the screen itself gainsaid. It now
    says the rule it keeps: the same giver and figure within 24 hours."""
    ids = await seed(app)
    monday = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 16:00 in Vietnam
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        drive = await create_drive(
            session, hung, NewDrive("Quà Tết 2027", date(2026, 12, 7), date(2026, 12, 31)), now=monday
        )
        lan = await session.get_one(Person, ids["lan"])
        for at in (monday, monday + timedelta(hours=17)):  # 08/12, 09:00 in Vietnam
            entry = NewContribution(kind="money", amount_vnd=500_000, drive_id=drive.id)
            await record_contribution(session, person=lan, recorded_by=lan, entry=entry, now=at)
    mai = make_person("mai")
    await mai.say("/xacnhan")
    screen = await mai.choose("Quà Tết 2027")
    lines = {code.group(): line for line in screen.splitlines() if (code := CODE.search(line))}
    assert "07/12/2026" in lines["CT-2026-000001"] and "08/12/2026" in lines["CT-2026-000002"]
    assert "⚠️ trùng CT-2026-000001 (cùng người, số, trong 24 giờ)" in lines["CT-2026-000002"]
    screen = await mai.say("/tracuu CT-2026-000002")
    assert "có thể trùng CT-2026-000001 (cùng người, số, trong 24 giờ)." in screen
