"""What was tried from outside against the newest changes (where a message's reader is reached, the buttons
of one INSERT, a registration waiting for a gift, a credit of the bank's statement, “bản tin” from a member):
a message is addressed when it is written, so a notice held over the quiet hours went, the next morning, to an
account unlinked or taken off by an officer in the meantime, which may be someone else's by then. Each test
here failed before the fix it stands for."""

from __future__ import annotations

from bot.app import App
from bot.demo import DemoInvites
from bot.domain.people import remove_identity
from tests.support.clocks import MovableClock
from tests.test_flows import join
from tests.test_linking import chat, code_of, give, on

CONFIRMED = "Khoản đóng góp {code} của anh/chị đã được thủ quỹ xác nhận."


async def test_a_notice_held_for_the_morning_never_reaches_an_account_unlinked_or_taken_off_meanwhile(
    app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    """Hoa asked for her notices on Zalo. Mai confirmed her gift at 22:00, so the notice waited for 07:00;
    that evening Hoa unlinked the Zalo account (her old phone, now her nephew's): in the morning the notice
    with her gift's code went to it all the same, and it came again with an account an officer took off.
    Now what waits for an account that is no longer hers goes to the one she still has."""
    hoa, mai = on(app, "console", "hoa", clock), on(app, "console", "mai", clock)
    await join(hoa, invites.member)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    zalo = on(app, "zalo", "z-hoa", clock)
    await zalo.say(await code_of(hoa))
    await hoa.say("/lienket")
    await hoa.choose("Nơi nhận lời nhắc")
    await hoa.choose("Zalo")
    await give(hoa, "300k")
    await give(hoa, "200k")

    clock.advance(hours=13)  # 22:00 in Vietnam: the notice waits for the morning
    await mai.say("/tracuu")
    await mai.say("CT-2026-000001")
    await mai.choose("Xác nhận")
    await hoa.say("/lienket")
    await hoa.choose("Bỏ liên kết")
    await hoa.choose("Zalo")
    assert "Zalo không còn liên kết" in await hoa.choose("Có")
    clock.advance(hours=10)  # the next morning
    assert "mã mời" in await zalo.say("xin chào")
    assert CONFIRMED.format(code="CT-2026-000001") not in chat(zalo)
    await hoa.say("/menu")
    assert CONFIRMED.format(code="CT-2026-000001") in chat(hoa)  # on the account that is still hers

    other = on(app, "zalo", "z-hoa-2", clock)
    await other.say(await code_of(hoa))
    await other.say("/lienket")
    await other.choose("Nơi nhận lời nhắc")
    await other.choose("Zalo")
    clock.advance(hours=13)
    await mai.say("/tracuu")
    await mai.say("CT-2026-000002")
    await mai.choose("Xác nhận")
    async with app.sessionmaker() as session, session.begin():  # an officer takes that account off
        assert await remove_identity(
            session, channel="zalo", external_id="z-hoa-2", actor_id=None, now=clock()
        )
    clock.advance(hours=10)
    assert "được cán bộ phụ trách gỡ khỏi Chung Tay" in await other.say("xin chào")
    assert CONFIRMED.format(code="CT-2026-000002") not in chat(other)
    await hoa.say("/menu")
    assert CONFIRMED.format(code="CT-2026-000002") in chat(hoa)
