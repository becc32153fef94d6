"""The treasurer's queue on Telegram, on the fake Bot API over real HTTP: a page of ten entries is two pages
of buttons, and the actions on the entries ("Xác nhận cả trang", the queue's own "Trang sau", "Quay lại") stay
under both, so a whole page is confirmed from either without paging back (decision 0075)."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Contribution, Person
from bot.domain.contributions import NewContribution, record_contribution
from tests import test_telegram
from tests.support.clocks import NOW
from tests.test_telegram import Harness, join

# The fake Bot API, the app on it and a polling adapter: the same as tests/test_telegram.py uses.
tg = test_telegram.tg
harness = test_telegram.harness
polling = test_telegram.polling

ACTIONS = [
    "Xác nhận cả trang",
    "Chọn cả trang",
    "Xác nhận các khoản đã chọn",
    "Từ chối các khoản đã chọn",
    "Trang sau",
    "Quay lại",
]


def entries_on(labels: list[str]) -> list[str]:
    """The reference codes of the queue's entries among the buttons."""
    return [label.split(" · ")[0].split(" ")[-1] for label in labels if "CT-2026-" in label]


async def test_the_queues_actions_stay_under_both_pages_of_its_buttons(polling: Harness) -> None:
    h = polling
    async with h.app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert giver is not None
        for n in range(12):
            gift = NewContribution(kind="money", amount_vnd=(n + 1) * 10_000)
            await record_contribution(session, person=giver, recorded_by=giver, entry=gift, now=NOW)
    mai = h.tg.user(520, "Mai")
    await join(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/xacnhan")
    screen = await h.choose(mai, "Quỹ")
    assert "12 khoản chờ" in screen and "trang 1/2" in screen

    first = mai.last
    assert entries_on(first.labels) == [f"CT-2026-{n:06d}" for n in range(1, 7)]
    assert first.labels[6:] == ["1/2", "Sau ›", *ACTIONS]
    await h.choose(mai, "Sau ›")
    second = mai.last
    assert second.message_id == first.message_id  # the same menu, its other buttons
    assert entries_on(second.labels) == [f"CT-2026-{n:06d}" for n in range(7, 11)]
    assert second.labels[4:] == ["‹ Trước", "2/2", *ACTIONS]

    screen = await h.choose(mai, "Xác nhận cả trang")  # pressed on the second page of buttons
    assert "đã nhận các khoản sau (10 khoản)" in screen
    assert "CT-2026-000001" in screen and "CT-2026-000010" in screen and "CT-2026-000011" not in screen
    screen = await h.choose(mai, "Có, xác nhận")
    assert "Đã xác nhận: CT-2026-000001" in screen
    async with h.app.sessionmaker() as session:
        statuses = [c.status for c in await session.scalars(select(Contribution).order_by(Contribution.id))]
    assert statuses == ["confirmed"] * 10 + ["recorded"] * 2
    remaining = mai.last
    assert entries_on(remaining.labels) == ["CT-2026-000011", "CT-2026-000012"]
    assert "Sau ›" not in remaining.labels and "Trang sau" not in remaining.labels  # two entries: one page
