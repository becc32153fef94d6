"""What a name typed in “Phân quyền” told an admin of one unit about the staff of the units they do not
administer. The test here failed before its fix (docs/decisions/0261)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from bot.app import App
from bot.db.models import Person, RoleAssignment
from tests.support.clocks import NOW
from tests.test_drives import seed

GRANT = "Giao vai trò"


async def test_an_admin_of_one_unit_is_not_told_when_someone_of_another_unit_left(
    app: App, make_person
) -> None:
    """Lan administers Khoa Nội only. “dang thi binh” typed to grant a role answered “Đặng Thị Bình đã nghỉ từ
    01/11/2026” — a colleague of Khoa Dược, the day she left, which only an admin of her unit keeps (and which
    “Người đã nghỉ” would never show Lan). Now she is nobody Lan may find there, as at “Người đã nghỉ”; a
    leaver of Khoa Nội is still named with the day she left."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        session.add(
            RoleAssignment(
                person_id=ids["lan"], role="admin", org_id=1, unit_id=ids["unit A"], granted_at=NOW
            )
        )
        gone = Person.id.in_([ids["binh"], ids["mai"]])  # Bình of Khoa Dược, Mai of Khoa Nội
        await session.execute(update(Person).where(gone).values(left_on=date(2026, 11, 1)))
    lan = make_person("lan")

    await lan.say("/phanquyen")
    await lan.choose(GRANT)
    screen = await lan.say("dang thi binh")
    assert "Đặng Thị Bình" not in screen and "01/11/2026" not in screen
    assert "Không có ai trong cơ quan có “dang thi binh” trong họ tên." in screen
    screen = await lan.say("tran thi mai")
    assert "Trần Thị Mai đã nghỉ từ 01/11/2026." in screen
