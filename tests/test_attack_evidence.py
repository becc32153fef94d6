"""What a giver tries with a photo that is not their own receipt: the receipt of a gift already recorded
(theirs, sent again for a second gift) or a colleague's, forwarded. The bot keeps each photo by its checksum,
so the very same picture is known; the treasurer who decides is told, where the gift waits, that its photo is
another standing gift's evidence too (docs/decisions/0193). Each test here failed before the fix it stands
for."""

from __future__ import annotations

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.config import Settings
from bot.media import store
from bot.messages import BUTTONS, Photo
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Scripted
from tests.test_drives import seed

FUND = "Quỹ “Vì người nghèo”"


def _chat(app: App, key: str) -> Scripted:
    return Scripted(CollectingChannel(app.engine, BUTTONS), key, MovableClock(NOW))


async def _give_with_photo(person: Scripted, settings: Settings, content: bytes, amount: str) -> str:
    stored = store(settings.media_dir, content)
    person.clock.advance(seconds=1)
    person.last = await person.channel.receive(
        person.chat_id, photo=Photo(stored.sha256, stored.path, stored.size), at=person.clock()
    )
    await person.choose(FUND)
    await person.choose("Tiền")
    await person.say(amount)
    return await person.choose("Có")


async def test_a_colleagues_receipt_forwarded_as_evidence_is_pointed_out_to_the_treasurer(
    app: App, settings: Settings
) -> None:
    """Lan recorded 2.000.000 ₫ with her bank's receipt. Tâm forwarded the same picture as the evidence of a
    gift of his own; the treasurer's queue showed both with a 📷 and nothing more, and “Xác nhận cả trang”
    would have counted one transfer twice. Now the queue says which gifts share the photo; a gift with a
    photo of its own is not named."""
    await seed(app)
    receipt = b"\xff\xd8\xff Vietcombank 2.000.000 VND Nguyen Thi Lan"
    lan = _chat(app, "lan")
    assert "CT-2026-000001" in await _give_with_photo(lan, settings, receipt, "2tr")
    assert "CT-2026-000002" in await _give_with_photo(_chat(app, "tam"), settings, receipt, "2tr")
    own = b"\xff\xd8\xff Agribank 300.000 VND Ha Vy"
    assert "CT-2026-000003" in await _give_with_photo(lan, settings, own, "300k")

    mai = _chat(app, "mai")
    await mai.say("/xacnhan")
    screen = await mai.choose(FUND)
    assert "⚠️ CT-2026-000002 có thể trùng CT-2026-000001 (cùng ảnh)." in screen
    assert "⚠️ CT-2026-000001 có thể trùng CT-2026-000002 (cùng ảnh)." in screen
    assert "⚠️ CT-2026-000003" not in screen
