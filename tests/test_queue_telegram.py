"""The treasurer's queue on Telegram, on the fake Bot API over real HTTP: a page of ten entries is two pages
of buttons, and the actions on the entries ("Xác nhận cả trang", the queue's own "Trang sau", "Quay lại") stay
under both, so a whole page is confirmed from either without paging back (decision 0075)."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Contribution, Person
from bot.domain.contributions import NewContribution, record_contribution
from tests import test_telegram
from tests.support.clocks import NOW
from tests.test_telegram import Harness, joined

# The fake Bot API, the app on it and a polling adapter: the same as tests/test_telegram.py uses.
tg = test_telegram.tg
harness = test_telegram.harness
polling = test_telegram.polling

ACTIONS = [
    "Xác nhận cả trang",
    "Chọn cả trang",
    "Xác nhận các khoản đã chọn",
    "Từ chối các khoản đã chọn",
    "Nhận số khác",
    "Xin ảnh biên lai",
    "Trang sau",
    "Quay lại",
]


def entries_on(labels: list[str]) -> list[str]:
    """The reference codes of the queue's entries among the buttons."""
    return [label.split(" · ")[0].split(" ")[-1] for label in labels if "CT-2026-" in label]


async def test_the_queues_actions_stay_under_both_pages_of_its_buttons(polling: Harness) -> None:
    h = polling
    await gifts_waiting(h, 12)
    mai = h.tg.user(520, "Mai")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/xacnhan")
    screen = await h.choose(mai, "Quỹ")
    assert "12 khoản chờ" in screen and "trang 1/2" in screen

    first = mai.last
    assert "· 10.000\xa0₫ · tiền mặt · Phạm Minh Tuấn" in first.labels[0]
    assert "· 20.000\xa0₫ · chuyển khoản · Phạm Minh Tuấn" in first.labels[1]
    assert "· 30.000\xa0₫ · Phạm Minh Tuấn" in first.labels[2]
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
    assert screen.startswith("Đã xác nhận 10 khoản, tổng cộng 550.000\xa0₫.")  # not ten codes (2222)
    async with h.app.sessionmaker() as session:
        statuses = [c.status for c in await session.scalars(select(Contribution).order_by(Contribution.id))]
    assert statuses == ["confirmed"] * 10 + ["recorded"] * 2
    remaining = mai.last
    assert entries_on(remaining.labels) == ["CT-2026-000011", "CT-2026-000012"]
    assert "Sau ›" not in remaining.labels and "Trang sau" not in remaining.labels  # two entries: one page


async def gifts_waiting(h: Harness, count: int) -> None:
    async with h.app.sessionmaker() as session, session.begin():
        giver = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert giver is not None
        for n in range(count):
            note = ("tiền mặt", "chuyển khoản", None)[n % 3]  # said on the page where given (2223)
            gift = NewContribution(kind="money", amount_vnd=(n + 1) * 10_000, note=note)
            await record_contribution(session, person=giver, recorded_by=giver, entry=gift, now=NOW)


def ticked_on(labels: list[str]) -> list[str]:
    return entries_on([label for label in labels if label.startswith("✅")])


async def test_ticking_an_entry_on_the_second_page_of_buttons_stays_on_that_page(polling: Harness) -> None:
    h = polling
    await gifts_waiting(h, 12)
    mai = h.tg.user(520, "Mai")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/xacnhan")
    await h.choose(mai, "Quỹ")
    menu = mai.last
    await h.choose(mai, "Sau ›")

    await h.choose(mai, next(label for label in mai.last.labels if "CT-2026-000008" in label))
    ticked = mai.last
    assert ticked.message_id == menu.message_id  # the pressed menu, edited in place
    assert entries_on(ticked.labels) == [f"CT-2026-{n:06d}" for n in range(7, 11)]
    one_ticked = [*ACTIONS[:6], "Ghi nhầm người", *ACTIONS[6:]]  # over the one ticked (decision 1538)
    assert ticked.labels[4:] == ["‹ Trước", "2/2", *one_ticked]
    assert ticked_on(ticked.labels) == ["CT-2026-000008"]

    await h.choose(mai, next(label for label in mai.last.labels if "CT-2026-000010" in label))
    await h.choose(mai, "Chọn cả trang")  # an action on the same entries: still the second page
    assert mai.last.message_id == menu.message_id and "2/2" in mai.last.labels
    assert ticked_on(mai.last.labels) == [f"CT-2026-{n:06d}" for n in range(7, 11)]
    await h.choose(mai, "‹ Trước")
    assert ticked_on(mai.last.labels) == [f"CT-2026-{n:06d}" for n in range(1, 7)]

    # Another step, and back from it: the queue opens at the first page of its buttons again.
    await h.choose(mai, "Sau ›")
    screen = await h.choose(mai, "Xác nhận các khoản đã chọn")
    assert "(10 khoản)" in screen
    await h.choose(mai, "Có, xác nhận")
    remaining = mai.last
    assert entries_on(remaining.labels) == ["CT-2026-000011", "CT-2026-000012"]


async def test_the_queues_next_page_opens_at_the_first_page_of_its_buttons(polling: Harness) -> None:
    h = polling
    await gifts_waiting(h, 22)
    mai = h.tg.user(520, "Mai")
    await joined(h, mai, h.invites.treasurer, "Đặng Thị Mai")
    await h.ask(mai, "/xacnhan")
    await h.choose(mai, "Quỹ")
    await h.choose(mai, "Sau ›")
    assert "2/2" in mai.last.labels

    screen = await h.choose(mai, "Trang sau")  # other entries: their first six
    assert "trang 2/3" in screen
    assert entries_on(mai.last.labels) == [f"CT-2026-{n:06d}" for n in range(11, 17)]
    assert "1/2" in mai.last.labels
