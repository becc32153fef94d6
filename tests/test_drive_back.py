"""An officer opening the Tết drive on her phone sees, at the fourth question, that she typed the wrong end
date: “Quay lại” takes her to the question before, one at a time, with what she answered kept — never back to
the list with the title, dates and target to type again, and never “Đã hủy” at the suggested level. Back in
an edit of a drive's target returns to that drive's screen."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.db.models import Drive
from tests.test_drives import seed


async def test_back_while_opening_a_drive_goes_one_question_back_and_keeps_the_answers(
    app: App, make_person
) -> None:
    await seed(app)
    hung = make_person("hung")
    await hung.say("/dotvandong")
    await hung.choose("Mở đợt vận động mới")
    await hung.say("Tết sum vầy 2027")
    await hung.say("20/11/2026 - 20/12/2026")  # meant 20/1/2027
    await hung.say("60tr")
    screen = await hung.choose("Quay lại")  # at “for the Fund?”: the target's question again
    assert "Mục tiêu của đợt" in screen
    screen = await hung.choose("Quay lại")
    assert "Đợt vận động từ ngày nào đến ngày nào" in screen
    await hung.say("20/11/2026 - 20/1/2027")
    await hung.say("60tr")
    await hung.choose("Không, đợt riêng")
    await hung.choose("Tiền")
    screen = await hung.choose("Quay lại")  # at the suggested level: the kinds again, nothing cancelled
    assert "Đã hủy" not in screen and "nhận những gì" in screen
    await hung.choose("Tiền, Hiện vật")
    await hung.choose("Bỏ qua")
    screen = await hung.choose("Toàn cơ quan")
    assert "• Tết sum vầy 2027" in screen and "20/01/2027" in screen and "60.000.000" in screen
    await hung.say("có")
    async with app.sessionmaker() as session:
        drive = await session.scalar(select(Drive))
    assert drive is not None and drive.title == "Tết sum vầy 2027" and drive.target_vnd == 60_000_000

    await hung.say("/dotvandong")
    await hung.choose("Tết sum vầy 2027")
    await hung.choose("Đổi mục tiêu")
    screen = await hung.choose("Quay lại")  # changed her mind: the drive's own screen, as it was
    assert "Tết sum vầy 2027 (20/11/2026–20/01/2027)" in screen and "Đổi mục tiêu" in screen
