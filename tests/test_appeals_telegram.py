"""An appeal end to end on the fake Bot API over real HTTP, with the enforced rate limit on virtual time and
injected 429, 5xx and a recipient who blocked the bot: every other recipient gets it exactly once, the blocked
one is marked, "Ủng hộ ngay" opens the contribution with the drive chosen, the officer sees the live status,
"Nhắc lại người chưa ủng hộ" reaches only those who did not give, "Nhắc tôi sau" writes one reminder."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import ChannelIdentity, Organisation, OutboxMessage, Unit
from bot.demo import DEMO_ORG
from tests import test_telegram
from tests.support.clocks import NOW
from tests.support.fake_telegram import FakeUser
from tests.support.orgs import person_on
from tests.test_telegram import Harness

# The fake Bot API, the app on it and a polling adapter: the same as tests/test_telegram.py uses.
tg = test_telegram.tg
harness = test_telegram.harness
polling = test_telegram.polling

APPEAL = "Mời anh chị góp áo ấm cho học sinh nội trú!"
OFFICER = 9000
MEMBERS = range(9001, 9009)


async def people(h: Harness) -> None:
    """An officer of the whole demo school and eight members of one unit, each on Telegram."""
    async with h.app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation).where(Organisation.code == DEMO_ORG))
        assert org is not None
        unit = await session.scalar(select(Unit).where(Unit.org_id == org.id, Unit.code == "KCN"))
        assert unit is not None
        for user_id in (OFFICER, *MEMBERS):
            name = "Lê Thị Cán Bộ" if user_id == OFFICER else f"Thành Viên Số {user_id - 9000}"
            h.tg.user(user_id, name)
            roles = [("member", unit.id)] + ([("officer", None)] if user_id == OFFICER else [])
            await person_on(
                session, "telegram", str(user_id), name, org_id=org.id, unit_id=unit.id, roles=roles, now=NOW
            )


def copies(user: FakeUser) -> int:
    return sum(APPEAL in m.text for m in user.messages())


async def test_an_appeal_reaches_everyone_once_through_429_5xx_and_a_block_and_follows_up_only_non_givers(
    polling: Harness,
) -> None:
    h = polling
    await people(h)
    officer = h.tg.user(OFFICER)
    members = [h.tg.user(user_id) for user_id in MEMBERS]
    giver, later, blocked = members[0], members[1], members[2]

    await h.ask(officer, "/keugoi")
    await h.choose(officer, "Soạn lời kêu gọi mới")
    await h.ask(officer, APPEAL)
    await h.choose(officer, "Áo ấm mùa đông")
    screen = await h.choose(officer, "Tất cả")
    # The eight members, not the officer who wrote it (decision 0167); the demo's four listed staff have no
    # messenger account yet.
    assert "Số người nhận: 8." in screen and "sẽ không nhận được): 4." in screen

    blocked.block()
    h.tg.fail_next("sendMessage", 429, retry_after=3)
    h.tg.fail_next("sendMessage", 502, count=2)
    screen = await h.choose(officer, "Gửi ngay")
    assert "Đang gửi đến 8 người" in screen
    await h.deliver()

    statuses = [c.status for c in h.tg.calls_to("sendMessage")]
    assert 429 in statuses and 502 in statuses and 403 in statuses
    assert [copies(m) for m in members] == [1, 1, 0, 1, 1, 1, 1, 1]
    async with h.app.sessionmaker() as session:
        rows = dict(
            (row.chat_id, row.status)
            for row in await session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("appeal:%")))
        )
        blocked_status = await session.scalar(
            select(ChannelIdentity.status).where(ChannelIdentity.external_id == str(blocked.id))
        )
    assert rows.pop(str(blocked.id)) == "blocked" and blocked_status == "blocked"
    assert set(rows.values()) == {"sent"} and len(rows) == 7
    appeal = next(m for m in giver.messages() if APPEAL in m.text)
    assert appeal.labels == ["Ủng hộ ngay", "Nhắc tôi sau"]

    h.app.engine.clock.advance(minutes=5)  # type: ignore[attr-defined]  # (the sender's clock moved on retries)
    screen = await h.choose(giver, "Ủng hộ ngay")  # the winter-clothes drive takes goods only
    assert "đóng góp bằng hình thức nào" in screen and giver.last.labels == ["Hiện vật", "Quay lại"]
    await h.choose(giver, "Hiện vật")
    await h.ask(giver, "10 áo ấm")
    await h.ask(giver, "300k")
    screen = await h.choose(giver, "Bỏ qua")
    assert "Áo ấm mùa đông cho học sinh nội trú 2026" in screen
    assert "CT-2026-000001" in await h.choose(giver, "Có, xác nhận")

    screen = await h.choose(later, "Nhắc tôi sau")
    # the bot names itself, as everywhere; in two days is 24/11, a public holiday: the next working morning
    assert "Chung Tay sẽ nhắc anh/chị lúc 08:00 25/11/2026" in screen
    screen = await h.choose(later, "Nhắc tôi sau")  # a second press does nothing more
    assert "đã xong rồi" in screen

    await h.ask(officer, "/keugoi")
    screen = await h.choose(officer, "Mời anh chị góp")
    assert "Đã gửi 7 · đang chờ 0 · lỗi 0 · đã chặn bot 1" in screen and "Đã ủng hộ sau khi nhận: 1" in screen
    await h.choose(officer, "Nhắc lại người chưa ủng hộ")
    screen = await h.choose(officer, "Có")
    # Not the giver, not the one who blocked the bot, not the one who asked to be reminded (their reminder,
    # due in two days, came already: delivering runs virtual time on to every row due).
    assert "Đang nhắc lại 5 người chưa ủng hộ" in screen
    await h.deliver()
    assert [copies(m) for m in members] == [1, 2, 0, 2, 2, 2, 2, 2]
    assert sum("Nhắc lại theo lời anh/chị" in m.text for m in later.messages()) == 1
    assert "Nhắc lại người chưa ủng hộ" not in officer.last.labels  # one follow-up per appeal
    async with h.app.sessionmaker() as session:
        reminders = list(
            await session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("remind:%")))
        )
    assert len(reminders) == 1


async def test_choosing_units_on_telegram_says_to_tap_not_to_type_numbers(polling: Harness) -> None:
    h = polling
    await people(h)
    officer = h.tg.user(OFFICER)
    await h.ask(officer, "/keugoi")
    screen = await h.choose(officer, "Soạn lời kêu gọi mới")
    assert "Mỗi người nhận kèm hai lựa chọn “Ủng hộ ngay” và “Nhắc tôi sau”." in screen
    await h.ask(officer, APPEAL)
    await h.choose(officer, "Áo ấm mùa đông")
    screen = await h.choose(officer, "Một số đơn vị")
    assert "Bấm để chọn, bấm lần nữa để bỏ chọn." in screen and "gõ" not in screen.lower()
