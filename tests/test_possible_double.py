"""A treasurer about to confirm a gift that may double another — the very same receipt photo, or the same
giver, figure and day — is told in one line, with the other gift's code and why (docs/decisions/0200): in
the queue, its last look, and at the gift's own look-up, over the press that confirms it. A treasurer of one
unit is told of a double in another unit without its code (docs/decisions/0201). Each test failed before its
fix."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.config import Settings
from bot.db.models import Contribution, Person
from bot.domain.access import actor_for
from bot.domain.contributions import decide, reverse
from tests.support.clocks import NOW
from tests.support.orgs import person_on
from tests.test_attack_evidence import _chat, _give_with_photo
from tests.test_drives import seed

RECEIPT = b"\xff\xd8\xff Vietcombank 2.000.000 VND Nguyen Thi Lan"


async def test_a_gift_looked_up_to_be_confirmed_says_its_photo_is_another_gifts_over_the_press(
    app: App, settings: Settings
) -> None:
    """Mai, a treasurer, opens CT-2026-000002 from /tracuu to confirm it: its receipt is Lan's, forwarded by
    Tâm. The queue said so; the look-up said nothing, and “Xác nhận: đã nhận” counted one transfer twice. Now
    the look-up says it, and again in the question over the buttons (the photo comes between)."""
    await seed(app)
    assert "CT-2026-000001" in await _give_with_photo(_chat(app, "lan"), settings, RECEIPT, "2tr")
    assert "CT-2026-000002" in await _give_with_photo(_chat(app, "tam"), settings, RECEIPT, "2tr")

    mai = _chat(app, "mai")
    screen = await mai.say("/tracuu CT-2026-000002")
    said = "⚠️ CT-2026-000002 có thể trùng CT-2026-000001 (cùng ảnh)."
    assert said in screen
    assert mai.menu.text.startswith(said) and any("Xác nhận" in c.label for c in mai.menu.choices)
    screen = await mai.say("/tracuu CT-2026-000001")  # each is named with the other
    assert "⚠️ CT-2026-000001 có thể trùng CT-2026-000002 (cùng ảnh)." in screen

    lan = _chat(app, "lan")  # the giver looking up her own gift is not told of someone else's
    assert "trùng" not in await lan.say("/tracuu CT-2026-000001")


async def test_the_queues_last_look_marks_a_gift_whose_photo_is_another_gifts(
    app: App, settings: Settings
) -> None:
    """“Xác nhận cả trang”: the last look listed both gifts sharing one receipt with nothing to tell them from
    two transfers; now each is marked there too, with the other's code."""
    await seed(app)
    await _give_with_photo(_chat(app, "lan"), settings, RECEIPT, "2tr")
    await _give_with_photo(_chat(app, "tam"), settings, RECEIPT, "2tr")
    mai = _chat(app, "mai")
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    screen = await mai.choose("Xác nhận cả trang")
    assert "CT-2026-000001 · " in screen and "⚠️ trùng CT-2026-000002 (cùng ảnh)" in screen
    assert "⚠️ trùng CT-2026-000001 (cùng ảnh)" in screen


async def test_a_units_treasurer_is_told_of_a_double_in_another_unit_without_its_code(
    app: App, settings: Settings
) -> None:
    """Thu keeps the money of unit B only. Tâm (B) forwarded Lan's receipt (A). Thu's queue named Lan's gift,
    CT-2026-000001, which Thu may not look up; now Thu is told the photo is also a gift's outside the units
    Thu keeps, and Mai, the organisation's treasurer, sees its code."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        unit_b = ids["unit B"]
        org_id = (await session.get_one(Person, ids["tam"])).org_id
        roles = [("member", unit_b), ("treasurer", unit_b)]
        await person_on(
            session, "console", "thu", "Lý Thu", org_id=org_id, unit_id=unit_b, roles=roles, now=NOW
        )
    await _give_with_photo(_chat(app, "lan"), settings, RECEIPT, "2tr")
    await _give_with_photo(_chat(app, "tam"), settings, RECEIPT, "2tr")

    thu = _chat(app, "thu")
    await thu.say("/xacnhan")
    screen = await thu.choose("Quỹ")
    assert "CT-2026-000002" in screen and "CT-2026-000001" not in screen
    assert "⚠️ trùng một khoản ngoài đơn vị anh/chị phụ trách (cùng ảnh)" in screen
    screen = await thu.say("/tracuu CT-2026-000002")
    assert "CT-2026-000001" not in screen
    assert "⚠️ CT-2026-000002 có thể trùng một khoản ngoài đơn vị anh/chị phụ trách (cùng ảnh)." in screen

    mai = _chat(app, "mai")
    assert "⚠️ CT-2026-000002 có thể trùng CT-2026-000001 (cùng ảnh)." in await mai.say(
        "/tracuu CT-2026-000002"
    )


async def test_a_receipt_of_a_gift_cancelled_by_a_correction_proves_the_gift_recorded_again(
    app: App, settings: Settings
) -> None:
    """Lan's 2.000.000 ₫ was confirmed, then cancelled by a correction (it went to the wrong drive); she
    recorded it again with the same receipt. The cancelled gift counts for nothing, yet the new one was
    pointed at as sharing its photo with it."""
    ids = await seed(app)
    lan = _chat(app, "lan")
    await _give_with_photo(lan, settings, RECEIPT, "2tr")
    async with app.sessionmaker() as session, session.begin():
        first = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        assert first is not None
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await decide(session, first, confirmed=True, actor=mai, now=lan.clock())
        await reverse(session, first, actor=hung, reason="Nhầm đợt", now=lan.clock())
    assert "CT-2026-000003" in await _give_with_photo(lan, settings, RECEIPT, "2tr")

    mai = _chat(app, "mai")
    await mai.say("/xacnhan")
    screen = await mai.choose("Quỹ")
    assert "CT-2026-000003" in screen and "⚠" not in screen
    assert "trùng" not in await mai.say("/tracuu CT-2026-000003")
