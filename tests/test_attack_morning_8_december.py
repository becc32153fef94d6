"""What a member, a treasurer and a giver typing on a phone try against the morning's changes of 8 December
2026 (decision 2948): a gift withdrawn by its figure (2936) when a colleague has one of that figure, hers was
confirmed, or the figure is written “200.000đ”, “0,2tr”, with an emoji, a zero-width space or digits past any
sum; a role taken away in words (2941) by a member; /baocao typed half-way through a gift by one who gets no
digest (2929); and a yes typed twice after a save (2930), which put a first giver's name on the public
statement before decision 2949. One walk on SQLite, on a chat of text alone:
the kind of chat is not the point."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.db.models import Contribution, Person, RoleAssignment
from bot.domain.access import actor_for
from bot.domain.contributions import NewContribution, decide, record_contribution
from bot.text import clean
from handlers.ledger import cancelled_figure
from tests.support.clocks import NOW
from tests.support.profiles import on_text_only
from tests.test_drives import seed


@pytest.mark.parametrize(
    ("typed", "figure"),
    [
        ("hủy khoản 200.000đ", 200_000),
        ("huy khoan 0,2tr", 200_000),
        ("hủy khoản 200k 🙏", 200_000),
        (
            "hủy\u200bkhoản 2\u200b00k",
            200_000,
        ),  # zero-width spaces: a space between words, nothing in a figure
        ("hủy khoản " + "9" * 40 + "k", None),  # past any sum: no figure, never an error
        ("hủy khoản 0k", None),
        ("hủy khoản CT-2026-000001", None),  # a code: looked up as typed
    ],
)
def test_a_figure_however_written_is_read_once_or_not_at_all(typed: str, figure: int | None) -> None:
    assert cancelled_figure(clean(typed)) == figure


@pytest.mark.sqlite_only
@on_text_only
async def test_a_member_withdraws_by_figure_only_her_own_waiting_gift_and_takes_no_role(
    app, make_person
) -> None:
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        lan, tam, mai = [await session.get_one(Person, ids[k]) for k in ("lan", "tam", "mai")]
        money = NewContribution(kind="money", amount_vnd=200_000)
        await record_contribution(session, person=tam, recorded_by=tam, entry=money, now=NOW)  # a colleague's
        hers = await record_contribution(session, person=lan, recorded_by=lan, entry=money, now=NOW)
        await decide(session, hers, confirmed=True, actor=await actor_for(session, mai), now=NOW)
    giver = make_person("lan")
    await giver.say("/menu")  # a colleague's 200k waits, hers was confirmed: nothing of hers to withdraw
    screen = await giver.say("hủy khoản 200.000đ")
    assert screen.startswith("Anh/chị không còn khoản nào rút lại được"), screen
    assert "CT-2026-000001" not in screen and "Rút lại" not in screen and "Phạm Văn Tâm" not in screen
    await giver.say("/menu")  # a member taking the treasurer's role away in words (2941)
    screen = await giver.say("thu hồi quyền thủ quỹ của Mai")
    assert screen.startswith("Chỉ quản trị viên mới giao và thu hồi vai trò."), screen
    await giver.say("/menu")  # /baocao half-way by one who reads no digest: her progress, as decided (2929)
    await giver.say("ung ho 300k")
    await giver.choose("Quỹ")
    assert (await giver.say("/baocao")).startswith("Chưa lưu:")
    await giver.say("ung ho 300k")  # typed again, saved, then a yes and another within the minute (2930)
    await giver.choose("Quỹ")
    await giver.choose("Bỏ qua")
    assert "CT-2026-000003" in await giver.say("có")
    for again in ("co", "ok", "đồng ý"):
        assert "CT-2026-000004" not in await giver.say(again)
    first = make_person("vy")  # a first gift: its yes sent twice as “ok” is no yes to her name shown (2949)
    await first.say("/menu")
    await first.say("ung ho 100k")
    await first.choose("Quỹ")
    await first.choose("Bỏ qua")
    assert "SYT-2026-000001" in await first.say("có")
    screen = await first.say("ok")
    assert screen.startswith("Khoản SYT-2026-000001 đã được ghi nhận rồi. Về bảng công khai"), screen
    treasurer = make_person("mai")  # Lan's 300k ticked, its figure typed: the confirm's last look (2934) …
    await treasurer.say("/xacnhan")
    await treasurer.choose("Quỹ")
    await treasurer.choose("CT-2026-000003")
    assert "• CT-2026-000003 · " in await treasurer.say("300k")
    await giver.say("/menu")  # … while Lan withdraws it by its figure (2936): her “Có” first
    assert (await giver.say("hủy khoản 300k")).startswith("Rút lại CT-2026-000003 (300.000\xa0₫)?")
    assert "Đã rút lại CT-2026-000003." in await giver.choose("Có")
    screen = await treasurer.choose("Có")  # then the treasurer's: nothing confirmed of what was withdrawn
    assert "CT-2026-000003: Nguyễn Thị Lan đã xử lý trước đó (người đóng góp đã rút lại)" in screen, screen
    async with app.sessionmaker() as session:
        gifts = (await session.execute(select(Contribution.person_id, Contribution.status))).all()
        shown = await session.scalar(select(Person.public_name).where(Person.id == ids["vy"]))
        treasurers = await session.scalar(
            select(func.count()).select_from(RoleAssignment).where(RoleAssignment.role == "treasurer")
        )
    assert sorted(gifts) == sorted(
        [
            (ids["tam"], "recorded"),
            (ids["lan"], "confirmed"),
            (ids["lan"], "rejected"),
            (ids["vy"], "recorded"),
        ]
    )
    assert treasurers == 1 and shown is not True
