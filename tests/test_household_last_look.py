"""A hamlet's Front officer recording gifts for households with no smartphone, on a text-only chat as on Zalo,
typing without accents and in capitals: the last look read as she means it (a lone word is no No, the wrong
household is chosen again with the gift, the registration or the result kept), goods typed where the amount is
asked, and the gift's own keyword typed again at a later question or at its last look (decisions 0202, 0203,
0214, 0215)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import (
    ChannelIdentity,
    Commitment,
    CommitmentItem,
    Contribution,
    Criterion,
    Organisation,
    Person,
    Result,
)
from bot.demo import DEMO_PLAN
from bot.domain.org_import import import_staff
from bot.domain.plans import install_plan, load_plan
from bot.messages import TEXT_ONLY
from bot.text import fold
from tests.support.clocks import MovableClock
from tests.support.people import Person as Chat
from tests.support.templates import written_once
from tests.test_household_walk import HEADER, HOUSEHOLD, JANUARY, STAFF
from tests.test_org_import import write_csv

NEIGHBOUR = "Hộ bà Lò Thị Bảy"


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(JANUARY)


_COMMUNES: dict[Path, Path] = {}  # by the migrated file copied: one per test process


@pytest.fixture
def database_file(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test's SQLite file is a copy of one `_with_hien` wrote once a test process (tests/conftest.py's
    `db_path`, decision 2880): importing the list again took a tenth of a second of every test."""

    async def write(sessionmaker: async_sessionmaker[AsyncSession], folder: Path) -> None:
        await _with_hien(sessionmaker, MovableClock(JANUARY), folder)

    return written_once(_COMMUNES, migrated_template, tmp_path_factory.mktemp, "son-thuy-hien", write)


async def _with_hien(
    sessionmaker: async_sessionmaker[AsyncSession], clock: MovableClock, folder: Path
) -> None:
    async with sessionmaker() as session, session.begin():
        org = Organisation(code="xa-son-thuy", name="UBND xã Sơn Thủy", created_at=clock())
        session.add(org)
        await session.flush()
        await install_plan(session, org, load_plan(DEMO_PLAN), now=clock())
    path = write_csv(folder / "xa.csv", HEADER, [*STAFF, ["Thôn 5", NEIGHBOUR, "", "", "", "hộ nghèo"]])
    assert (await import_staff(sessionmaker, org, path, now=clock())).errors == []
    async with sessionmaker() as session, session.begin():
        person = (await session.scalars(select(Person).where(Person.name_key == fold("Đinh Thị Hiền")))).one()
        await session.execute(
            update(Person).where(Person.id == person.id).values(locale="vi", consent_at=clock())
        )
        identity = ChannelIdentity(channel="console", external_id="hien", person_id=person.id)
        identity.created_at = clock()
        session.add(identity)


@pytest.fixture
def hien(app: App, database_file: Path, clock: MovableClock) -> Chat:
    """The commune of tests/test_household_walk.py with a second household in Thôn 5, and its hamlet's Front
    officer, Đinh Thị Hiền, chatting: the test's database a copy of the one `_with_hien` wrote."""
    channel = CollectingChannel(app.engine, TEXT_ONLY)
    return Chat(channel, "hien", clock)


async def _money_for_the_household(hien: Chat, amount: str = "200k") -> str:
    """She records money for Hoàng Văn Sáu's household, up to the last look."""
    await hien.say("/ghithay")
    await hien.say("hoang van sau")
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
    screen = await hien.say("lo thi bay")
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
        ("10 KG GAO", "300k", (HOUSEHOLD, 300_000, "10 KG GẠO")),
        ("2 thung mi 🍜", "Bỏ qua", (HOUSEHOLD, 0, "2 thùng mì")),
        ("5 m vai", "200k", (HOUSEHOLD, 200_000, "5 m vải")),  # metres of cloth, not millions
    ],
)
async def test_goods_typed_where_the_amount_is_asked_are_taken_as_goods(
    hien: Chat, app: App, typed: str, then: str, recorded: tuple[str, int, str]
) -> None:
    await hien.say("/ghithay")
    await hien.say("hoang van sau")
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


# The household's own message typed by its officer, naming its writer, was “Chưa đọc được số tiền” (0507)
@pytest.mark.parametrize("typed", ["ung ho 300k", "Ông Sáu ủng hộ 300k"])
async def test_ung_ho_with_an_amount_at_the_amount_step_stays_money(hien: Chat, app: App, typed: str) -> None:
    await _money_for_the_household(hien, typed)
    await hien.say("co")
    assert await _gifts(app) == [(HOUSEHOLD, 300_000, None)]


@pytest.mark.parametrize("typed", ["dong gop", "GHI NHAN DONG GOP", "ung ho"])
async def test_the_gifts_keyword_at_a_later_step_keeps_the_household_and_the_answers(
    hien: Chat, app: App, typed: str
) -> None:
    await hien.say("/ghithay")
    await hien.say("hoang van sau")
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
    screen = await hien.say(typed)  # at the last look: nothing dropped, what she means asked (0215)
    assert "Khoản đóng góp của Hộ ông Hoàng Văn Sáu (500.000\xa0₫) chưa được lưu" in screen
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


async def _registered(app: App) -> list[tuple[str, int]]:
    async with app.sessionmaker() as session:
        rows = await session.execute(
            select(Person.full_name, Commitment.revision).join(Person, Person.id == Commitment.person_id)
        )
        return sorted(tuple(row) for row in rows)  # type: ignore[misc]


async def _results(app: App) -> list[tuple[str, int]]:
    async with app.sessionmaker() as session:
        rows = await session.execute(
            select(Person.full_name, Result.quantity)
            .join(Person, Person.id == Result.person_id)
            .where(Result.status == "standing")
            .order_by(Result.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def _register(hien: Chat, name: str, household: str, item: str) -> str:
    """She registers `item` for a household, up to the registration's last look."""
    await hien.say("/ghithay")
    assert f"ghi nhận gì cho {household}?" in await hien.say(name)  # named whole: taken at once (0257)
    await hien.choose("Đăng ký hoặc sửa")
    await hien.choose(item)
    return await hien.choose("Xong")


@pytest.mark.parametrize("typed", ["khong phai ho nay", "SAI HO", None])
async def test_the_wrong_household_at_a_registrations_last_look_is_chosen_again_with_the_items_kept(
    hien: Chat, app: App, typed: str | None
) -> None:
    await _register(hien, "hoang van sau", HOUSEHOLD, "Tự nguyện đăng ký thoát nghèo")

    screen = await (hien.choose("Chọn hộ/người khác") if typed is None else hien.say(typed))

    assert "Đã hủy" not in screen and "Chưa lưu" in screen and "vẫn được giữ" in screen
    assert "Gõ một phần tên" in screen and await _registered(app) == []
    screen = await hien.say("lo thi bay")
    assert f"Đăng ký thi đua năm 2026 của {NEIGHBOUR}:\n• Tự nguyện đăng ký thoát nghèo: có" in screen
    assert "đã có đăng ký" not in screen
    assert f"Đã lưu đăng ký thi đua của {NEIGHBOUR}" in await hien.say("co")
    assert await _registered(app) == [(NEIGHBOUR, 1)]


async def test_a_registration_moved_to_a_household_registered_already_says_it_takes_its_place(
    hien: Chat, app: App
) -> None:
    await _register(hien, "lo thi bay", NEIGHBOUR, "Ngày công")
    await hien.say("2")
    await hien.say("co")
    await _register(hien, "hoang van sau", HOUSEHOLD, "Tự nguyện đăng ký thoát nghèo")
    await hien.say("khong phai ho nay")

    screen = await hien.say("lo thi bay")

    assert f"{NEIGHBOUR} đã có đăng ký thi đua năm 2026: chọn “Có” thì đăng ký dưới đây sẽ thay" in screen
    assert "Đã lưu" in await hien.say("co")  # no “changed meanwhile”: her registration was read when chosen
    assert await _registered(app) == [(NEIGHBOUR, 2)]


async def test_a_registration_moved_to_another_offers_their_last_year_not_the_first_ones(
    hien: Chat, app: App, clock: MovableClock
) -> None:
    # Hoàng Văn Sáu's household pledged 3 labour days for 2025; the hamlet head Lường Văn Năm registered none.
    async with app.sessionmaker() as session, session.begin():
        household = (await session.scalars(select(Person).where(Person.full_name == HOUSEHOLD))).one()
        days = (await session.scalars(select(Criterion).where(Criterion.code == "ngay-cong"))).one()
        pledge = Commitment(
            campaign_id=days.campaign_id, year=2025, scope="household", owner_key=f"p:{household.id}",
            person_id=household.id, registered_by=household.id, revision=1, created_at=clock(),
            updated_at=clock(),
        )  # fmt: skip
        session.add(pledge)
        await session.flush()
        session.add(CommitmentItem(commitment_id=pledge.id, criterion_id=days.id, target=3))
    await hien.say("/ghithay")
    await hien.say("hoang van sau")
    assert "Đăng ký năm 2025: 1 nội dung." in await hien.choose("Đăng ký hoặc sửa")
    await hien.choose("Tự nguyện đăng ký thoát nghèo")
    await hien.choose("Xong")
    await hien.choose("Chọn hộ/người khác")

    # The household's pledge is no item of a person's: the items are asked again for him, without the
    # household's 2025 figures to start from.
    screen = await hien.say("luong van nam")
    assert "chọn lại các nội dung" in screen
    assert "Đăng ký năm 2025" not in screen and "Bắt đầu từ đăng ký năm 2025" not in screen


async def _result(
    hien: Chat, item: str, quantity: str | None, name: str = "hoang van sau", household: str = HOUSEHOLD
) -> str:
    """She records a result for a household (Hoàng Văn Sáu's), up to the result's last look."""
    await hien.say("/ghithay")
    assert f"ghi nhận gì cho {household}?" in await hien.say(name)  # named whole: taken at once (0257)
    await hien.choose("Ghi kết quả")
    await hien.choose(item)
    if quantity is not None:
        await hien.say(quantity)
    await hien.say("Hướng dẫn nuôi bò sinh sản")
    return await hien.choose("Bỏ qua")


async def test_the_wrong_household_at_a_results_last_look_is_chosen_again_with_the_result_kept(
    hien: Chat, app: App
) -> None:
    await _result(hien, "Số hộ nghèo", "2")

    screen = await hien.say("sai ho 😅")

    assert "Đã hủy" not in screen and "Kết quả vẫn được giữ" in screen and "Gõ một phần tên" in screen
    screen = await hien.say("lo thi bay")
    assert f"kiểm tra lại kết quả của {NEIGHBOUR}" in screen and "được giúp đỡ: 2" in screen
    assert "Đã ghi kết quả" in await hien.say("co")
    assert await _results(app) == [(NEIGHBOUR, 2)]


async def test_a_result_moved_to_a_household_that_has_it_already_asks_the_item_again(
    hien: Chat, app: App
) -> None:
    await _result(hien, "Tự nguyện đăng ký thoát nghèo", None, "lo thi bay", NEIGHBOUR)
    await hien.say("co")
    await _result(hien, "Tự nguyện đăng ký thoát nghèo", None)
    await hien.say("khong phai ho nay")

    screen = await hien.say("lo thi bay")  # the household that has it already

    assert f"không phải nội dung {NEIGHBOUR} ghi được lúc này" in screen
    assert f"ghi kết quả của {NEIGHBOUR} cho nội dung nào" in screen
    assert await _results(app) == [(NEIGHBOUR, 1)]


async def test_the_gifts_keyword_at_its_last_look_asks_whether_to_save_it_or_start_again(
    hien: Chat, app: App
) -> None:
    await _money_for_the_household(hien)

    screen = await hien.say("DONG GOP 🙏")

    assert "/huy" not in screen and "Lưu khoản đóng góp này" in screen and "ghi lại từ đầu" in screen
    screen = await hien.choose("Quay lại")
    assert "kiểm tra lại đóng góp cho Hộ ông Hoàng Văn Sáu" in screen and await _gifts(app) == []
    await hien.say("dong gop")
    assert "Đã ghi nhận cho Hộ ông Hoàng Văn Sáu: 200.000\xa0₫" in await hien.say("luu")
    assert await _gifts(app) == [(HOUSEHOLD, 200_000, None)]


async def test_starting_again_from_the_gifts_last_look_keeps_only_the_household(hien: Chat, app: App) -> None:
    await _money_for_the_household(hien, "2tr")
    await hien.say("dong gop")

    screen = await hien.say("lam lai")

    assert "chưa được lưu" in screen and "Hộ ông Hoàng Văn Sáu đóng góp cho đợt vận động nào?" in screen
    await hien.choose("ngoài các đợt vận động")
    await hien.choose("Tiền")
    await hien.say("200k")
    await hien.choose("Bỏ qua")
    await hien.say("co")
    assert await _gifts(app) == [(HOUSEHOLD, 200_000, None)]
