"""A hamlet's Front officer recording gifts for households with no smartphone, on a text-only chat as on Zalo,
typing without accents and in capitals: the last look read as she means it (a lone word is no No, the wrong
household is chosen again with the gift kept), goods typed where the amount is asked, and the gift's own
keyword typed again at a later question (decisions 0202, 0203)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import ChannelIdentity, Contribution, Organisation, Person
from bot.demo import DEMO_PLAN
from bot.domain.org_import import import_staff
from bot.domain.plans import install_plan, load_plan
from bot.messages import TEXT_ONLY
from bot.text import fold
from tests.support.clocks import MovableClock
from tests.support.people import Person as Chat
from tests.test_household_walk import HEADER, HOUSEHOLD, JANUARY, STAFF
from tests.test_org_import import write_csv

NEIGHBOUR = "Hộ bà Lò Thị Bảy"


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(JANUARY)


@pytest.fixture
async def hien(app: App, clock: MovableClock, tmp_path: Path) -> Chat:
    """The commune of tests/test_household_walk.py with a second household in Thôn 5, and its hamlet's Front
    officer, Đinh Thị Hiền, chatting."""
    async with app.sessionmaker() as session, session.begin():
        org = Organisation(code="xa-son-thuy", name="UBND xã Sơn Thủy", created_at=clock())
        session.add(org)
        await session.flush()
        await install_plan(session, org, load_plan(DEMO_PLAN), now=clock())
    path = write_csv(tmp_path / "xa.csv", HEADER, [*STAFF, ["Thôn 5", NEIGHBOUR, "", "", "", "hộ nghèo"]])
    assert (await import_staff(app.sessionmaker, org, path, now=clock())).errors == []
    channel = CollectingChannel(app.engine, TEXT_ONLY)
    async with app.sessionmaker() as session, session.begin():
        person = (await session.scalars(select(Person).where(Person.name_key == fold("Đinh Thị Hiền")))).one()
        await session.execute(
            update(Person).where(Person.id == person.id).values(locale="vi", consent_at=clock())
        )
        identity = ChannelIdentity(channel="console", external_id="hien", person_id=person.id)
        identity.created_at = clock()
        session.add(identity)
    return Chat(channel, "hien", clock)


async def _money_for_the_household(hien: Chat, amount: str = "200k") -> str:
    """She records money for Hoàng Văn Sáu's household, up to the last look."""
    await hien.say("/ghithay")
    await hien.say("hoang van sau")
    await hien.choose(HOUSEHOLD)
    await hien.choose("Ghi nhận đóng góp")
    await hien.choose("ngoài các đợt vận động")
    await hien.choose("Tiền")
    await hien.say(amount)
    return await hien.choose("Bỏ qua")


async def _gifts(app: App) -> list[tuple[str, int, str | None]]:
    async with app.sessionmaker() as session:
        rows = await session.execute(
            select(Person.full_name, Contribution.amount_vnd, Contribution.description)
            .join(Person, Person.id == Contribution.person_id)
            .order_by(Contribution.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


@pytest.mark.parametrize("typed", ["nay", "ho nay", "HO NAY", "nguoi nay"])
async def test_a_lone_word_of_not_this_household_is_no_no(hien: Chat, app: App, typed: str) -> None:
    await _money_for_the_household(hien)

    screen = await hien.say(typed)

    assert "Đã hủy" not in screen and "kiểm tra lại đóng góp cho Hộ ông Hoàng Văn Sáu" in screen
    assert "ví dụ" in screen  # how to answer, with an example
    assert "Đã ghi nhận" in await hien.say("co")  # still at the last look: her yes records it


async def test_this_household_said_of_the_household_on_the_last_look_is_yes(hien: Chat, app: App) -> None:
    await _money_for_the_household(hien)

    assert "Đã ghi nhận cho Hộ ông Hoàng Văn Sáu: 200.000\xa0₫" in await hien.say("phai ho nay a")
    assert await _gifts(app) == [(HOUSEHOLD, 200_000, None)]


async def test_a_real_no_still_cancels(hien: Chat, app: App) -> None:
    await _money_for_the_household(hien)

    assert "Đã hủy" in await hien.say("KHONG")
    assert await _gifts(app) == []


@pytest.mark.parametrize("typed", ["khong phai ho nay", "SAI HO 😅", None])
async def test_the_wrong_household_at_the_last_look_is_chosen_again_with_the_gift_kept(
    hien: Chat, app: App, typed: str | None
) -> None:
    await _money_for_the_household(hien, "1tr2")

    screen = await (hien.choose("Chọn hộ/người khác") if typed is None else hien.say(typed))

    assert "Đã hủy" not in screen and "vẫn được giữ" in screen and "Gõ một phần tên" in screen
    await hien.say("lo thi bay")
    screen = await hien.choose(NEIGHBOUR)
    assert f"kiểm tra lại đóng góp cho {NEIGHBOUR}" in screen and "1.200.000\xa0₫" in screen
    assert f"Đã ghi nhận cho {NEIGHBOUR}: 1.200.000\xa0₫" in await hien.say("co")
    assert await _gifts(app) == [(NEIGHBOUR, 1_200_000, None)]


async def test_back_from_choosing_another_household_returns_to_the_same_last_look(
    hien: Chat, app: App
) -> None:
    await _money_for_the_household(hien)
    await hien.say("khong phai ho nay")

    screen = await hien.choose("Quay lại")

    assert "kiểm tra lại đóng góp cho Hộ ông Hoàng Văn Sáu" in screen and "200.000\xa0₫" in screen
    await hien.say("co")
    assert await _gifts(app) == [(HOUSEHOLD, 200_000, None)]


@pytest.mark.parametrize(
    ("typed", "then", "recorded"),
    [
        ("10 KG GAO", "300k", (HOUSEHOLD, 300_000, "10 KG GAO")),
        ("2 thung mi 🍜", "Bỏ qua", (HOUSEHOLD, 0, "2 thung mi")),
        ("5 m vai", "200k", (HOUSEHOLD, 200_000, "5 m vai")),  # metres of cloth, not millions
    ],
)
async def test_goods_typed_where_the_amount_is_asked_are_taken_as_goods(
    hien: Chat, app: App, typed: str, then: str, recorded: tuple[str, int, str]
) -> None:
    await hien.say("/ghithay")
    await hien.say("hoang van sau")
    await hien.choose(HOUSEHOLD)
    await hien.choose("Ghi nhận đóng góp")
    await hien.choose("ngoài các đợt vận động")
    await hien.choose("Tiền")

    screen = await hien.say(typed)

    assert "Chưa đọc được số tiền" not in screen and "không phải số tiền" in screen and "hiện vật" in screen
    assert "trị giá khoảng bao nhiêu" in screen  # the goods' value is asked next
    await hien.say(then)
    await hien.choose("Bỏ qua")
    assert "Hiện vật:" in hien.screen
    await hien.say("co")
    assert await _gifts(app) == [recorded]


async def test_ung_ho_with_an_amount_at_the_amount_step_stays_money(hien: Chat, app: App) -> None:
    await _money_for_the_household(hien, "ung ho 300k")
    await hien.say("co")
    assert await _gifts(app) == [(HOUSEHOLD, 300_000, None)]


@pytest.mark.parametrize("typed", ["dong gop", "GHI NHAN DONG GOP", "ung ho"])
async def test_the_gifts_keyword_at_a_later_step_keeps_the_household_and_the_answers(
    hien: Chat, app: App, typed: str
) -> None:
    await hien.say("/ghithay")
    await hien.say("hoang van sau")
    await hien.choose(HOUSEHOLD)
    await hien.choose("Ghi nhận đóng góp")
    await hien.choose("ngoài các đợt vận động")

    screen = await hien.say(typed)  # at the kind
    assert "đang làm dở" in screen and "Hộ ông Hoàng Văn Sáu đóng góp bằng hình thức nào?" in screen
    await hien.choose("Tiền")
    screen = await hien.say(typed)  # at the amount
    assert "Hộ ông Hoàng Văn Sáu ủng hộ bao nhiêu tiền?" in screen and "Chưa đọc được" not in screen
    await hien.say("500k")
    screen = await hien.say(typed)  # at the note: no note “dong gop”
    assert "đang làm dở" in screen and "ghi chú" in screen
    screen = await hien.choose("Bỏ qua")
    assert "Ghi chú" not in screen and "kiểm tra lại đóng góp cho Hộ ông Hoàng Văn Sáu" in screen
    screen = await hien.say(typed)  # at the last look: nothing dropped
    assert "Chưa lưu" not in screen and "kiểm tra lại đóng góp cho Hộ ông Hoàng Văn Sáu" in screen
    await hien.say("co")
    assert await _gifts(app) == [(HOUSEHOLD, 500_000, None)]
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Contribution)) == 1


@pytest.mark.parametrize("typed", ["ung hoo 50k", "UNGHO 50K 🙏", "dong gpo 50k"])
async def test_a_gift_typed_with_a_slip_in_its_giving_word_is_read_as_a_gift(hien: Chat, typed: str) -> None:
    await hien.say("/menu")

    screen = await hien.say(typed)  # on Zalo, a thumb slipping on “ủng hộ”

    assert "vui lòng chọn một mục" not in screen
    assert "Anh/chị muốn ủng hộ 50.000\xa0₫." in screen and "đợt vận động nào?" in screen
