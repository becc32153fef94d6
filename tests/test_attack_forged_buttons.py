"""What a modified Telegram client sends as a button's data — any bytes up to 64, not only what the bot put
there — with digits of another kind where the menu's token or the page stands: “²”, “١”, “𝟙”. Python's
`str.isdigit` says yes to them and `int` then refuses them (or reads them as a number): each press ended in
“hệ thống vừa gặp sự cố” and an error in the log, or in no answer at all. Each test here failed before the fix
it stands for."""

from __future__ import annotations

from bot.db.models import Contribution
from tests import test_telegram
from tests.test_telegram import Harness, joined, text_of

# The fake Bot API, the app on it and a polling adapter: the same as tests/test_telegram.py uses.
tg = test_telegram.tg
harness = test_telegram.harness
polling = test_telegram.polling

FAILED = "hệ thống vừa gặp sự cố"


async def test_a_press_whose_token_has_digits_of_another_kind_is_an_old_button_not_a_failure(
    polling: Harness,
) -> None:
    h = polling
    hoa = h.tg.user(521, "Hoa")
    await joined(h, hoa, h.invites.member)
    await h.choose(hoa, "Ghi nhận đóng góp")
    await h.choose(hoa, "Quỹ “Vì người nghèo” (ngoài các đợt vận động)")
    kinds = hoa.last
    _label, data = kinds.button("Tiền") or ("", None)
    assert data is not None
    token, _colon, choice = data.partition(":")
    for forged in (f"²:{choice}", f"{token}²:{choice}", f"𝟙{token[1:]}:{choice}"):
        screen = text_of(await h.reply(hoa, await hoa.press_data(forged, kinds.message_id)))
        assert FAILED not in screen
        assert "tin nhắn cũ" in screen and "hình thức nào" in screen  # the question again, as it was
    assert "bao nhiêu tiền" in await h.choose(hoa, "Tiền")  # the real button still works
    assert await h.count(Contribution) == 0


async def test_a_page_turn_or_a_press_marked_with_a_page_of_another_kind_is_answered(
    polling: Harness,
) -> None:
    h = polling
    hoa = h.tg.user(522, "Hoa")
    await joined(h, hoa, h.invites.member)
    await h.choose(hoa, "Ghi nhận đóng góp")
    drives = hoa.last
    _label, data = drives.button("Quỹ “Vì người nghèo”") or ("", None)
    assert data is not None
    token, _colon, choice = data.partition(":")
    forged = f"{token.split('/')[0]}/²:{choice}"
    screen = text_of(await h.reply(hoa, await hoa.press_data(forged, drives.message_id)))
    assert FAILED not in screen and "tin nhắn cũ" in screen and "đợt vận động nào" in screen
    turned = f"pg:{token.split('/')[0]}:²"  # a page turn of another kind: the question again, nothing else
    screen = text_of(await h.reply(hoa, await hoa.press_data(turned, drives.message_id)))
    assert FAILED not in screen and "đợt vận động nào" in screen
    await h.choose(hoa, "Quỹ “Vì người nghèo”")
    assert "bao nhiêu tiền" in await h.choose(hoa, "Tiền")
