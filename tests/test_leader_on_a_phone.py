"""A unit leader reading the Monday digest on a phone, then asking for it again in their own words at the
menu: “bản tin”, “báo cáo tuần”, as the digest calls itself. The menu has no entry for it and /baocao is in
the help only; the words open the same digest, to whoever may read it, and tell anyone else where to look
instead."""

from __future__ import annotations

import pytest

from tests.test_flows import join


async def _leader(invites, make_person):  # type: ignore[no-untyped-def]
    """Phạm Minh Tuấn, the head of the demo's Phòng Đào tạo, on the staff list with his phone."""
    tuan = make_person("tuan")
    await tuan.say("/start")
    await tuan.say(invites.leader)
    await tuan.say("pham minh tuan")
    await tuan.say("5673")
    await tuan.choose("Tôi đồng ý")
    await tuan.choose("Tiếng Việt")
    return tuan


@pytest.mark.parametrize("typed", ["bao cao tuan", "ban tin", "xem ban tin tuan", "Bản tin tuần"])
async def test_the_digests_own_name_typed_at_the_menu_opens_it(invites, make_person, typed: str) -> None:
    tuan = await _leader(invites, make_person)

    screen = await tuan.say(typed)

    assert screen.startswith("Bản tin tuần của Phòng Đào tạo – Hành chính – Kế toán"), screen
    assert "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ):" in screen


async def test_a_member_typing_ban_tin_is_told_where_to_see_their_own(invites, make_person) -> None:
    hoa = make_person("hoa")
    await join(hoa, invites.member)

    screen = await hoa.say("ban tin")

    assert "Bản tin tổng hợp dành cho lãnh đạo đơn vị" in screen and "/tiendo" in screen
    assert "Bản tin tuần của" not in screen
