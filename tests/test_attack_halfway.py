"""What a member typing half-way through a step and an admin racing the morning's job try against the greeting
taken half-way (decision 0263) and the leaving planned ahead (decision 0270). Each test here failed before the
fix it stands for."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Contribution
from tests.support.zalo import ZaloHarness
from tests.test_zalo import app, harness, joined, polling  # noqa: F401 (the Zalo app and its chat)


async def test_porridge_given_is_goods_not_a_greeting(polling: ZaloHarness) -> None:  # noqa: F811
    """A hospital's “Bát cháo tình thương”: a member gives porridge. “Cháo” at the goods' question folds to
    “chao”, a greeting's word: it was greeted back and asked again, as often as typed; “Chảo” (a pan) too.
    A word written with accents is a greeting only with the greeting's own accents (“chào”)."""
    h = polling
    ba = h.zalo.user("Ba")
    await joined(h, ba, h.invites.member, name="Nguyễn Văn Ba")
    await h.ask(ba, "ung ho")
    await h.choose(ba, "ngoài các đợt vận động")
    await h.choose(ba, "Hiện vật")

    screen = await h.ask(ba, "Cháo")

    assert not screen.startswith("Xin chào") and "trị giá khoảng bao nhiêu?" in screen
    await h.ask(ba, "bo qua")
    assert "• Hiện vật: Cháo" in await h.ask(ba, "bo qua")
    assert "Đã ghi nhận" in await h.ask(ba, "co")
    async with h.app.sessionmaker() as session:
        gift = (await session.scalars(select(Contribution))).one()
    assert (gift.kind, gift.description) == ("goods", "Cháo")
    await h.ask(ba, "ung ho")
    assert (await h.ask(ba, "chào bạn")).startswith("Xin chào")  # a greeting with its accents still greets
