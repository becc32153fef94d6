"""A voluntary movement, as the person sees it: no target is filled in for them, the organisation's suggestion
is shown as a suggestion, each criterion can be explained in the plan's words, the registration window is
kept, the Fund criterion counts only gifts to the Fund, and an ended drive that still takes gifts says so."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bot.app import App
from bot.db.models import Commitment, Organisation
from bot.demo import DEMO_ORG, DEMO_SETTINGS
from bot.domain.org_settings import apply_settings, load_settings_file
from tests.support.joins import joined
from tests.support.profiles import on_buttons, on_text_only


async def local_settings(app: App, tmp_path: Path, extra: str = "", **replace: str) -> None:
    """The demo school's settings for 2026, changed as a board might change them."""
    text = DEMO_SETTINGS.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "demo.toml"
    path.write_text(text + extra, encoding="utf-8")
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation).where(Organisation.code == DEMO_ORG))).one()
        await apply_settings(session, org, load_settings_file(path))


def labels(person) -> list[str]:  # type: ignore[no-untyped-def]
    return [choice.label for choice in person.menu.choices]


async def test_no_commitment_step_prefills_a_target_and_keep_is_only_for_my_own_figure(app, hoa) -> None:
    await hoa.choose("Đăng ký thi đua")
    for label in ("Ủng hộ Quỹ", "Ngày công", "Số hộ nghèo", "Sáng kiến", "Thăm hỏi"):
        await hoa.choose(label)
    screen = await hoa.choose("Xong")
    figures = ("500k", "2", "1", "1", "1")
    for n, figure in enumerate(figures):
        assert not [label for label in labels(hoa) if label.startswith("Giữ")], screen  # nothing pre-filled
        if n == 0:  # the Fund: the school suggests 500.000 ₫, as a suggestion
            assert "Đơn vị gợi ý mức 500.000\xa0₫; đây chỉ là gợi ý" in screen
            assert "Anh/chị nhập mức mình đăng ký" in screen
            assert "“Ủng hộ Quỹ “Vì" not in screen  # no quotes nested in quotes
        else:
            assert "gợi ý" not in screen  # no suggestion for the others: none is invented
        screen = await hoa.say(figure)
    assert "lưu đăng ký này" in screen
    await hoa.choose("Có")

    await hoa.choose("Đăng ký thi đua")
    await hoa.choose("Sửa đăng ký")
    screen = await hoa.choose("Xong")
    assert "Giữ 500.000\xa0₫" in labels(hoa)  # my own earlier figure, and only that
    screen = await hoa.choose("Giữ 500.000")
    assert "Giữ 2 ngày công" in labels(hoa)


async def test_explain_shows_what_a_criterion_means_in_the_plans_words(app, hoa) -> None:
    await hoa.choose("Đăng ký thi đua")
    assert await hoa.say("?") == await hoa.choose("Giải thích")  # typed "?" or chosen: the same answer
    screen = hoa.screen
    assert "Ủng hộ Quỹ “Vì người nghèo”: Tích cực tham gia đóng góp cho Quỹ “Vì người nghèo”" in screen
    assert "Ngày công giúp hộ nghèo, gia đình khó khăn: Giúp đỡ bằng ngày công lao động" in screen
    await hoa.choose("Ngày công")
    screen = await hoa.choose("Xong")
    assert "Gõ ? để xem giải thích." in screen
    screen = await hoa.say("?")
    assert "Giúp đỡ bằng ngày công lao động cho hộ nghèo" in screen
    assert "Anh/chị nhập mức mình đăng ký" in screen  # and the question again
    screen = await hoa.say("3")
    assert "3 ngày công" in screen and "lưu đăng ký này" in screen


@on_text_only
async def test_registration_outside_the_organisations_window_is_refused_kindly(
    app, invites, make_person, tmp_path
) -> None:
    window = "[registration]\nopens_on = 2026-01-05\ncloses_on = 2026-03-31\n"
    await local_settings(app, tmp_path, **{"year = 2026\n": f"year = 2026\n\n{window}"})
    hoa = make_person("hoa")
    await joined(hoa, invites.member)
    screen = await hoa.choose("Đăng ký thi đua")
    assert "Đăng ký thi đua năm 2026 đã hết hạn ngày 31/03/2026." in screen
    assert "cần làm gì" in screen  # back at the menu
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Commitment)) == 0

    await local_settings(app, tmp_path)  # the window taken out: open all year
    screen = await hoa.choose("Đăng ký thi đua")
    assert "Ủng hộ Quỹ" in screen and "Xong" in screen
    await hoa.choose("Ủng hộ Quỹ")
    await hoa.choose("Xong")
    await hoa.say("500k")
    await hoa.choose("Có")

    # Closed again: what she registered is shown as it stands, with nothing to change it by.
    await local_settings(app, tmp_path, **{"year = 2026\n": f"year = 2026\n\n{window}"})
    screen = (await hoa.choose("Đăng ký thi đua")).replace("\xa0", " ")
    closed = "Đăng ký thi đua năm 2026 đã hết hạn ngày 31/03/2026. Nội dung đã đăng ký được giữ nguyên:"
    assert closed in screen
    assert "• Ủng hộ Quỹ “Vì người nghèo”: 500.000 ₫" in screen
    assert "cần làm gì" in screen and "Sửa đăng ký" not in screen


TET = """
[[drives]]
code = "qua-tet-2027"
title = "Quà Tết 2027 cho gia đình khó khăn"
starts_on = 2026-11-20
ends_on = 2027-01-20
kinds = ["money", "goods"]
fund = false
"""


async def test_the_fund_criterion_counts_only_fund_drives_and_general_fund_entries(
    app, invites, make_person, tmp_path
) -> None:
    await local_settings(app, tmp_path, extra=TET)
    hoa = make_person("hoa")
    await joined(hoa, invites.member)
    await hoa.choose("Đăng ký thi đua")
    await hoa.choose("Ủng hộ Quỹ")
    await hoa.choose("Ngày công")
    await hoa.choose("Xong")
    await hoa.say("1tr")
    await hoa.say("2")
    await hoa.choose("Có")

    for drive, amount in (("Quà Tết", "1tr2"), ("Tháng cao điểm", "50k"), ("ngoài các đợt", "100k")):
        await hoa.choose("Ghi nhận đóng góp")
        await hoa.choose(drive)
        await hoa.choose("Tiền")
        await hoa.say(amount)
        await hoa.choose("Bỏ qua")
        await hoa.choose("Có")

    screen = await hoa.choose("Tiến độ")
    # 50.000 ₫ to the Fund's drive and 100.000 ₫ to the Fund in general; the Tết gifts are not the Fund's.
    assert "đã xác nhận 0\xa0₫ (đạt 0%), đang chờ xác nhận 150.000\xa0₫ (đạt 15% khi được xác nhận)" in screen
    # what is left said plainly, as the pledge's own goal, never a debt; nothing given says nothing (2278)
    assert "(đạt 15% khi được xác nhận); còn 850.000\xa0₫ nữa là đủ mức đã đăng ký\n" in screen
    assert "Tổng năm nay: tiền 1.350.000\xa0₫ đang chờ." in screen  # every gift still in the totals
    assert "đã xác nhận 0 ngày công (đạt 0%)\n" in screen  # days with their unit; none waiting


@on_buttons
async def test_an_ended_drive_still_taking_gifts_says_so(app, hoa) -> None:
    await hoa.choose("Ghi nhận đóng góp")
    peak = next(label for label in labels(hoa) if label.startswith("Tháng cao điểm"))
    warm = next(label for label in labels(hoa) if label.startswith("Áo ấm"))
    assert peak.endswith("(17/10/2026–18/11/2026, đã kết thúc, vẫn nhận bổ sung)")
    assert warm.endswith("(01/11/2026–31/12/2026)")
    assert "Quỹ “Vì người nghèo” (ngoài các đợt vận động)" in labels(hoa)
