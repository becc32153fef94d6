"""A unit's treasurer's or officer's code made in the chat (decision 1950), tried as a curious colleague and
an admin of one unit would: a press forged for another organisation's unit or another unit, a role taken away
while the unit's list is open, the same press twice, another organisation's unit typed by name (decision
1976)."""

from __future__ import annotations

from sqlalchemy import delete, select

from bot.app import App
from bot.db.models import Invite, Organisation, RoleAssignment, Unit
from tests.support.clocks import NOW
from tests.test_drives import seed
from tests.test_roles_in_chat import make

REFUSED = "Anh/chị không tạo được mã mời này cho đơn vị này."


async def _hospital_and_another(app: App, ids: dict[str, int]) -> int:
    """The seed's organisation with forty units, and another organisation whose unit is “Khoa Nội Khác”."""
    async with app.sessionmaker() as session, session.begin():
        org_id = (await session.get_one(Unit, ids["unit A"])).org_id
        names = ["Khoa Nội tiết", *(f"Phòng số {n}" for n in range(1, 38))]
        session.add_all(Unit(org_id=org_id, code=f"u{n}", name=name) for n, name in enumerate(names))
        other = Organisation(code="KHAC", name="Bệnh viện khác", created_at=NOW)
        session.add(other)
        await session.flush()
        theirs = Unit(org_id=other.id, code="KNK", name="Khoa Nội Khác")
        session.add(theirs)
        await session.flush()
        return theirs.id


async def _codes(app: App) -> list[tuple[str, int, bool]]:
    async with app.sessionmaker() as session:
        rows = await session.execute(select(Invite.role, Invite.unit_id, Invite.org_wide))
        return [(role, unit_id, org_wide) for role, unit_id, org_wide in rows]


async def test_a_units_treasurers_code_in_the_chat_holds_against_forged_stale_and_foreign_presses(
    app: App, make_person
) -> None:
    ids = await seed(app)
    theirs = await _hospital_and_another(app, ids)
    await make(app, ids, "tam", "admin", None)  # Tâm: admin of the whole organisation
    await make(app, ids, "lan", "admin", "A")  # Lan: admin of Khoa Nội (unit A) alone
    tam = make_person("tam")
    await tam.say("/mamoi")
    await tam.choose("Thủ quỹ của một đơn vị (một người)")
    await tam.say("khoa noi")
    tam.clock.advance(seconds=1)  # a press forged for the other organisation's unit: the question again
    await tam.channel.receive(tam.chat_id, choice=f"u{theirs}", at=tam.clock())
    assert "Anh/chị mời họ vào đơn vị nào?" in tam.screen
    assert await _codes(app) == []
    # his admin role of the whole taken away while the list is open, Khoa Dược's given: refused at the press
    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            delete(RoleAssignment).where(
                RoleAssignment.person_id == ids["tam"], RoleAssignment.role == "admin"
            )
        )
    await make(app, ids, "tam", "admin", "B")
    assert REFUSED in await tam.choose("Khoa Nội")
    assert await _codes(app) == []
    await make(app, ids, "tam", "admin", None)
    await tam.say("/mamoi")
    await tam.choose("Thủ quỹ của một đơn vị (một người)")
    await tam.say("khoa noi")
    assert "Mã mời thủ quỹ Khoa Nội: " in await tam.choose("Khoa Nội")
    tam.clock.advance(seconds=1)  # the same press again: one code
    await tam.channel.receive(tam.chat_id, choice=f"u{ids['unit A']}", at=tam.clock())
    assert await _codes(app) == [("treasurer", ids["unit A"], False)]
    await tam.say("/mamoi")  # the other organisation's unit typed by name: none of his
    await tam.choose("Cán bộ công đoàn của một đơn vị (một người)")
    screen = await tam.say("khoa noi khac")
    assert "Không tìm thấy “khoa noi khac” trong tên đơn vị nào" in screen, screen
    lan = make_person("lan")
    await lan.say("/mamoi")
    await lan.choose("Thủ quỹ của một đơn vị (một người)")
    assert [c.label for c in lan.menu.choices] == ["Khoa Nội", "Quay lại"]
    assert "vui lòng chọn một mục" in await lan.say("khoa duoc")  # Khoa Dược is not hers
    lan.clock.advance(seconds=1)
    await lan.channel.receive(lan.chat_id, choice=f"u{ids['unit B']}", at=lan.clock())
    await lan.say("/mamoi")
    lan.clock.advance(seconds=1)
    await lan.channel.receive(lan.chat_id, choice="treasurer_org", at=lan.clock())
    hung = make_person("hung")  # the whole organisation's officer: no such code is his to make
    await hung.say("/mamoi")
    assert "vui lòng chọn một mục" in await hung.say("thu quy don vi")
    hung.clock.advance(seconds=1)
    await hung.channel.receive(hung.chat_id, choice="treasurer_unit", at=hung.clock())
    assert "Anh/chị tạo mã mời cho ai?" in hung.screen
    assert await _codes(app) == [("treasurer", ids["unit A"], False)]
