"""A provincial hospital's December, walked as its people would: a day at the union's free clinic for poor
households given as a nurse or a doctor says it (decision 1995)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App
from bot.db.models import Contribution
from handlers.contributions import TypedGift, typed_gift
from tests.test_typed_gift import FUND, MENU, PEAK, WHICH_DRIVE


@pytest.mark.parametrize(
    ("typed", "days", "note"),
    [
        ("ủng hộ 1 ngày khám bệnh miễn phí", 1, "khám bệnh miễn phí"),
        ("Em ủng hộ 2 ngày khám miễn phí cho hộ nghèo ạ", 2, "khám miễn phí cho hộ nghèo"),
        ("góp một ngày khám chữa bệnh từ thiện", 1, "khám chữa bệnh từ thiện"),
    ],
)
async def test_a_day_at_the_free_clinic_typed_at_the_menu_is_labour_with_its_work_as_the_note(
    app: App, hoa, typed: str, days: int, note: str
) -> None:
    """A nurse back from her night shift types the day she gave at the union's free clinic: it was goods
    (“Anh/chị muốn ủng hộ 1 ngày khám bệnh miễn phí.”, the warm-clothes drive offered for it, a value to
    be asked), a day of work never counted as one."""
    screen = await hoa.say(typed)
    assert f"Anh/chị muốn ủng hộ {days} ngày công." in screen and WHICH_DRIVE in screen
    assert PEAK not in screen  # a drive of money and goods is not offered a day of work
    await hoa.choose(FUND)
    screen = await hoa.choose("Bỏ qua")
    assert f"{days} ngày công" in screen and note in screen
    await hoa.choose("Có")
    async with app.sessionmaker() as session:
        entry = (await session.scalars(select(Contribution))).one()
    assert (entry.kind, entry.labour_days, entry.amount_vnd, entry.note) == ("labour", days, 0, note)


async def test_a_day_at_the_free_clinic_typed_alone_is_asked_about_and_sessions_there_say_the_rule(
    app: App, hoa
) -> None:
    """Without a giving word, “1 ngày khám miễn phí” was “vui lòng chọn một mục”; “2 buổi khám” with a
    giving word was goods. Now the day is asked about as “2 ngày công” alone is, and the sessions are
    labour whose days are asked, the rule said."""
    screen = await hoa.say("1 ngày khám miễn phí")
    assert "Anh/chị muốn ghi nhận đóng góp 1 ngày công?" in screen
    await hoa.choose("Không")
    screen = await hoa.say("ủng hộ 2 buổi khám từ thiện")
    assert "2 buổi hoặc 8 tiếng là 1 ngày công" in screen and WHICH_DRIVE in screen  # as “2 buổi lao động”
    assert "2 buổi khám từ thiện." not in screen  # no goods of that name
    assert MENU not in screen


def test_what_reads_as_a_day_at_the_free_clinic() -> None:
    assert typed_gift("ủng hộ 1 ngày khám bệnh miễn phí") == TypedGift("labour", "1")
    assert typed_gift("ủng hộ 2 buổi khám từ thiện") == TypedGift("labour", "2 buoi")
    # what held: money for the clinic's day, goods and a salary's day are read as before
    assert typed_gift("ủng hộ 500k ngày khám bệnh miễn phí") == TypedGift("money", "500k")
    assert typed_gift("ủng hộ 10 hộp khẩu trang") == TypedGift("money", "10 hộp khẩu trang")
    salary = typed_gift("ủng hộ 1 ngày lương")
    assert salary is not None and salary.kind != "labour"
