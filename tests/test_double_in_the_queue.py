"""A treasurer confirming forty gifts on a Tết day: Lan recorded her 200.000 ₫ twice, a few minutes apart (she
chose Có at the hint, or typed it on her second phone). The queue marks the second one with the first's code,
says what the mark means, and its look-up says it too — before both are confirmed and she is counted twice
(decision 0185). A gift of the same figure by another giver, or by Lan for another drive, is not marked."""

from __future__ import annotations

import re
from datetime import date, timedelta

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
    assert "⚠️ trùng CT-2026-000001 (cùng người, số, ngày)" in lines["CT-2026-000003"]
    assert "⚠️" not in lines["CT-2026-000001"] and "⚠️" not in lines["CT-2026-000002"]
    screen = await mai.say("/tracuu CT-2026-000003")
    assert "⚠️ CT-2026-000003 có thể trùng CT-2026-000001 (cùng người, số, ngày)." in screen
    screen = await mai.say("/tracuu CT-2026-000004")  # the Fund's: another gift
    assert "trùng" not in screen
    await mai.say("/xacnhan")
    screen = await mai.choose("ngoài các đợt")
    assert "⚠️" not in screen
