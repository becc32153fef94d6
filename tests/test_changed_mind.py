"""A giver who recorded the wrong figure and changes their mind: the member's menu has no look-up entry, so
the code the receipt and “Tiến độ của tôi” show, typed at the menu (alone or in a few words), opens the gift
with “Rút lại khoản này”; and the progress screen says so while a gift of their own still waits."""

from __future__ import annotations

from bot.db.models import Contribution, Person
from bot.domain.access import actor_for
from bot.domain.contributions import NewContribution, decide, record_contribution
from tests.support.clocks import NOW
from tests.support.joins import joined
from tests.support.profiles import examples_on_one_profile, on_buttons, on_text_only
from tests.test_drives import seed

PEAK = "Tháng cao điểm"
MENU = "Anh/chị cần làm gì?"


async def _give(person, typed: str) -> str:  # type: ignore[no-untyped-def]
    await person.say("/menu")
    await person.say(typed)
    await person.choose(PEAK)
    await person.choose("Bỏ qua")
    return await person.choose("Có")


@examples_on_one_profile(
    "typed", ["CT-2026-000001", "ct-2026-1", "rut lai CT-2026-000001", "hủy khoản CT-2026-000001 ạ"]
)
async def test_ones_own_code_typed_at_the_menu_opens_the_gift_to_withdraw_it(
    app, invites, make_person, typed: str
) -> None:
    lan = make_person("lan")
    await joined(lan, invites.member)
    assert "CT-2026-000001" in await _give(lan, "ung ho 500k")
    await lan.say("/menu")
    screen = await lan.say(typed)
    assert "• Tiền: 500.000\xa0₫" in screen and "Rút lại khoản này" in screen
    await lan.choose("Rút lại khoản này")
    assert "rút lại" in await lan.choose("Có")
    async with app.sessionmaker() as session:
        gift = await session.get_one(Contribution, 1)
    assert gift.status == "rejected" and gift.decided_by == gift.person_id  # withdrawn by its giver


@on_text_only
async def test_a_colleagues_code_typed_at_the_menu_shows_nothing_of_it(app, invites, make_person) -> None:
    lan, hoa = make_person("lan"), make_person("hoa")
    await joined(lan, invites.member)
    await joined(hoa, invites.member)
    await _give(lan, "ung ho 500k")
    await hoa.say("/menu")
    screen = await hoa.say("CT-2026-000001")
    assert "không tìm thấy" in screen and "500.000" not in screen and "Rút lại" not in screen


@on_buttons
async def test_progress_says_how_to_withdraw_a_gift_that_still_waits(app, invites, make_person) -> None:
    lan = make_person("lan")
    await joined(lan, invites.member)
    await lan.say("/menu")
    assert "rút lại" not in (await lan.say("/tiendo")).lower()  # nothing of one's own waits
    await _give(lan, "ung ho 500k")
    screen = await lan.say("/tiendo")
    assert (
        "Ghi nhầm hoặc đổi ý? Gõ mã của khoản đang chờ (ví dụ CT-2026-000001) để xem hoặc rút lại." in screen
    )
    assert MENU in screen


@on_text_only
async def test_a_confirmed_gift_looked_up_by_its_giver_says_whom_to_ask(app, make_person) -> None:
    """… and “hủy khoản 200k”, a gift named by its figure: the one of it asked, two listed to choose, none of
    it those she may still withdraw, with an example (decision 2936)."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        lan, mai = await session.get_one(Person, ids["lan"]), await session.get_one(Person, ids["mai"])
        for amount in (200_000, 200_000, 300_000):  # still waiting: CT-2026-000001 – CT-2026-000003
            waiting = NewContribution(kind="money", amount_vnd=amount)
            await record_contribution(session, person=lan, recorded_by=lan, entry=waiting, now=NOW)
        money = NewContribution(kind="money", amount_vnd=500_000)
        gift = await record_contribution(session, person=lan, recorded_by=lan, entry=money, now=NOW)
        await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=NOW)
    giver = make_person("lan")
    await giver.say("/menu")
    screen = await giver.say(gift.ref)
    assert "• Trạng thái: đã xác nhận" in screen and "Rút lại khoản này" not in screen
    assert (
        "Khoản này thủ quỹ đã xác nhận nên anh/chị không tự sửa hay rút lại được: nếu ghi nhầm, anh/chị "
        "vui lòng báo thủ quỹ để điều chỉnh."
    ) in screen
    # “cancel the one just now” of it: its screen, never a withdrawal a “Có” would refuse (decision 2887)
    await giver.say("/menu")
    screen = await giver.say("huy khoan vua roi")
    assert "• Trạng thái: đã xác nhận" in screen and not screen.startswith("Rút lại"), screen
    await giver.say("/menu")
    screen = await giver.say("hủy khoản 500k")  # confirmed: none of it, those she may withdraw instead
    assert screen.startswith("Không có khoản 500.000\xa0₫ nào anh/chị còn rút lại được."), screen
    assert "gõ số tiền của khoản đó, ví dụ: hủy khoản 300.000\xa0₫." in screen
    assert all(f"CT-2026-00000{n} · " in screen for n in (1, 2, 3)) and "CT-2026-000004" not in screen
    screen = await giver.say("huy khoan 200k")  # typed at that list: the two of it
    assert screen.startswith("Anh/chị có 2 khoản 200.000\xa0₫ đang chờ xác nhận: anh/chị muốn rút lại"), (
        screen
    )
    assert "CT-2026-000003" not in screen
    screen = await giver.say("huy khoan 300k")  # the one of it: its withdrawal asked
    assert screen.startswith("Rút lại CT-2026-000003 (300.000\xa0₫)?"), screen
