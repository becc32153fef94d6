"""What a household member, a giver and a treasurer try against the dawn's changes of 8 December 2026
(decision 2881): a gift typed “cho quỹ” while the Fund for the Poor runs one drive, two or none, and a
quarter's “quý 4” or a name “chị Quý” that only look like it (2861, 2883); “hủy khoản vừa rồi” however
written, of her own gift only (2860, 2882); a giver's unit of one word longer than its room on the queue's
page (2852, 2881). Each typed as it reaches a flow, through the chat's own cleaning (`clean`). No database is
needed: the readers are pure; the drives are what the drive's question would list (`fund`, `ends_on`), the
turn what the reader looks at (the words typed at the menu, the day)."""

from __future__ import annotations

import unicodedata
from datetime import date
from types import SimpleNamespace

import pytest

from bot.text import clean
from handlers.contributions import _the_funds_one_drive
from handlers.ledger import cancels_the_last_gift
from handlers.wording import unit_told_apart

TUESDAY = date(2026, 12, 8)
FUND = SimpleNamespace(id=1, fund=True, ends_on=date(2026, 12, 31))  # the Fund's month-long drive
FUND_TOO = SimpleNamespace(id=2, fund=True, ends_on=date(2026, 12, 20))  # a second drive of the Fund
FLOOD = SimpleNamespace(id=3, fund=False, ends_on=date(2026, 12, 31))  # another cause's drive
FUND_LATE = SimpleNamespace(id=4, fund=True, ends_on=date(2026, 12, 1))  # ended, still taking late gifts


@pytest.mark.parametrize(
    ("typed", "drives", "goes_to"),
    [
        ("ung ho 100k cho quy", [FUND, FLOOD], 1),  # the Fund's one drive, said on the last look (2861)
        ("CHO QUỸ 100K", [FUND, FLOOD], 1),
        (unicodedata.normalize("NFD", "ủng hộ 100k cho quỹ"), [FUND, FLOOD], 1),
        ("ủng hộ 100k cho\u200bquỹ", [FUND, FLOOD], 1),
        ("ủng hộ 100k quỹ 🙏", [FUND, FLOOD], 1),
        ("góp 1tr quỹ vì người nghèo", [FUND, FLOOD], 1),
        ("ung ho 100k cho quy", [FUND, FUND_TOO, FLOOD], None),  # two: the drive's question
        ("ung ho 100k cho quy", [FLOOD], None),  # none
        ("ung ho 100k cho quy", [FUND_LATE, FLOOD], None),  # one ended: asked, not taken for it
        ("ủng hộ 200k quý 4", [FUND, FLOOD], None),  # a quarter, not the Fund (2883)
        ("ung ho 200k quy 4", [FUND, FLOOD], None),
        ("đóng góp 200k Quý IV", [FUND, FLOOD], None),
        ("góp 100k cho chị Quý", [FUND, FLOOD], None),  # a name with its marks
        ("🙏 " * 500 + "ung ho 100k cho quy", [FUND, FLOOD], 1),  # very long, emoji first
    ],
)
def test_a_gift_for_the_fund_goes_to_its_one_running_drive_and_nothing_else_does(
    typed: str, drives: list[SimpleNamespace], goes_to: int | None
) -> None:
    """A household member typing “ủng hộ 200k quý 4” (her gift of the fourth quarter) or “góp 100k cho chị
    Quý” while the Fund runs one drive and the flood relief another is asked which drive, as before the
    Fund's words were read; “cho quỹ” however written goes to the Fund's drive where exactly one runs. Before
    decision 2883 “quý” with its marks was read as “quỹ”: her quarter's gift went to the Fund's drive without
    the drive's question, the last look saying she wrote “for the Fund”."""
    turn = SimpleNamespace(data={"gift_words": clean(typed)}, today=TUESDAY)
    found = _the_funds_one_drive(turn, drives)  # type: ignore[arg-type]
    assert (found.id if found is not None else None) == goes_to


@pytest.mark.parametrize(
    ("typed", "hers"),
    [
        ("Hủy khoản vừa rồi", True),  # her latest gift's withdrawal asked (2860)
        ("HUY KHOAN VUA ROI", True),
        (unicodedata.normalize("NFD", "Hủy khoản vừa rồi nhé"), True),
        ("hủy\u200bkhoản vừa rồi", True),
        ("🙏 hủy khoản vừa rồi ạ", True),  # an emoji before or after (2882)
        ("Hủy khoản vừa rồi giúp em 🙏🙏", True),
        ("hủy khoản vừa rồi của chị Lan", False),  # another's gift: never hers taken for it
        ("hủy khoản vừa rồi giúp chị Lan", False),
        ("huy khoan vua roi " * 2000, False),  # very long: read as no such words, at once
    ],
)
def test_cancel_the_one_just_now_reads_as_her_own_latest_gift_however_written(typed: str, hers: bool) -> None:
    """A household member typing “🙏 hủy khoản vừa rồi ạ” after her gift is asked to withdraw it, as without
    the emoji; “… của chị Lan” names another's gift and is not read as her own latest one. Before decision
    2882 an emoji before or after the words left them unread: “vui lòng chọn một mục”."""
    assert cancels_the_last_gift(clean(typed)) is hers


@pytest.mark.parametrize(
    ("unit", "position", "room", "shown"),
    [
        ("Phòng Hành chính Quản trị", "Trưởng phòng", 24, "Phòng…, Trưởng phòng"),  # first word whole (2852)
        ("🏥🏥🏥 Khoa Nội", None, 8, "🏥🏥🏥…"),
        ("Khoa Nội/Ngoại/Sản/Nhi", None, 8, "Khoa…"),
        ("Khoa" + "X" * 296, None, 24, "Khoa" + "X" * 19 + "…"),  # one word of 300: cut, not shown whole
        ("Nội/Ngoại/Sản/Nhi/Mắt/Răng/Tai-Mũi-Họng", "Tổ trưởng", 24, "Nội/Ngoại/Sả…, Tổ trưởng"),
    ],
)
def test_a_givers_unit_on_the_queue_stays_within_its_room_give_or_take_a_word(
    unit: str, position: str | None, room: int, shown: str
) -> None:
    """The treasurer's queue page lists each giver with her unit cut to its room, so a page stays one Zalo
    message; the first word is kept whole a few characters over (“Phòng…”, decision 2852). A unit named in
    one word of 300 characters (no space: “Khoa” and 296 letters, or its departments joined by “/”) was shown
    whole on every line of hers, before decision 2881: the page grew past what one message holds."""
    assert unit_told_apart(unit, position, room) == shown
