"""An officer opening the Tết drive on her phone sees, at the fourth question, that she typed the wrong end
date: “Quay lại” takes her to the question before, one at a time, with what she answered kept — never back to
the list with the title, dates and target to type again, and never “Đã hủy” at the suggested level. Back in
an edit of a drive's target returns to that drive's screen."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.db.models import Drive
from tests.support.people import Person as Chat
from tests.support.profiles import on_text_only
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
    await hung.choose("Tiền")
    await hung.say("60tr")
    screen = await hung.choose("Quay lại")  # at “for the Fund?”: the target's question again
    assert "Mục tiêu của đợt" in screen
    screen = await hung.choose("Quay lại")  # the kinds
    assert "nhận những gì" in screen
    screen = await hung.choose("Quay lại")
    assert "Đợt vận động từ ngày nào đến ngày nào" in screen
    await hung.say("20/11/2026 - 20/1/2027")
    await hung.choose("Tiền")
    await hung.say("60tr")
    await hung.choose("Không, đợt riêng")
    screen = await hung.choose("Quay lại")  # at the suggested level: the Fund's question, nothing cancelled
    assert "Đã hủy" not in screen and "Quỹ “Vì người nghèo”" in screen
    await hung.choose("Không, đợt riêng")
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


async def test_a_new_drive_asks_what_it_takes_first_and_then_a_target_fitting_it(
    app: App, make_person
) -> None:
    """Decision 1804: a relief drive of rice and days of work was asked its target in đồng, and whether it
    raises money for the Fund, before what it takes. What it takes is now the question after its dates; a
    drive taking goods and no money is asked its target as its goods' worth, one of days of work alone no
    target (days count toward none in đồng), and its Back from the Fund's question goes to what it takes."""
    await seed(app)
    hung = make_person("hung")
    await hung.say("/dotvandong")
    await hung.choose("Mở đợt vận động mới")
    await hung.say("Hỗ trợ xã Tân Lập bị lũ")
    screen = await hung.say("1/12/2026 - 31/12/2026")
    assert "nhận những gì" in screen and "Mục tiêu" not in screen, screen
    screen = await hung.say("Hiện vật, Ngày công")  # typed: the button's label is the end of another's
    assert "Mục tiêu của đợt, tính theo trị giá hiện vật (đồng), thưa anh/chị?" in screen, screen
    assert "Quỹ “Vì người nghèo”" not in screen
    screen = await hung.choose("Quay lại")  # the kinds again, the dates kept
    assert "nhận những gì" in screen
    await hung.say("Ngày công")
    assert "Mục tiêu" not in hung.screen and "Quỹ “Vì người nghèo”" in hung.screen, hung.screen
    screen = await hung.choose("Quay lại")  # no target was asked: the kinds again
    assert "nhận những gì" in screen
    await hung.say("Ngày công")
    await hung.choose("Không, đợt riêng")
    await hung.choose("Bỏ qua")
    screen = await hung.choose("Toàn cơ quan")
    assert "• Nhận: Ngày công" in screen and "• Mục tiêu" not in screen, screen
    await hung.say("có")

    await hung.say("/dotvandong")
    await hung.choose("Mở đợt vận động mới")
    await hung.say("Quỹ khuyến học")
    await hung.say("1/12/2026 - 31/12/2026")
    screen = await hung.choose("Tiền")
    assert "Mục tiêu của đợt (đồng), thưa anh/chị?" in screen, screen
    await hung.say("20tr")
    await hung.choose("Không, đợt riêng")
    await hung.choose("Bỏ qua")
    screen = await hung.choose("Toàn cơ quan")
    assert "• Mục tiêu: 20.000.000\xa0₫" in screen and "• Nhận: Tiền" in screen, screen
    await hung.say("có")
    async with app.sessionmaker() as session:
        drives = {d.title: d for d in await session.scalars(select(Drive))}
    assert drives["Hỗ trợ xã Tân Lập bị lũ"].kinds == ["labour"]
    assert drives["Hỗ trợ xã Tân Lập bị lũ"].target_vnd is None
    assert drives["Quỹ khuyến học"].target_vnd == 20_000_000

    await hung.say("/dotvandong")
    screen = await hung.choose("Hỗ trợ xã Tân Lập bị lũ")
    assert "Đổi mục tiêu" not in [c.label for c in hung.menu.choices] and "Đổi ngày" in screen


async def _a_new_drive_up_to_the_funds_question(hung: Chat, kinds: str) -> str:
    """Hùng opens a new drive through December taking what `kinds` types, with no target where one is
    asked: the screen that asks about the Fund."""
    await hung.say("/dotvandong")
    await hung.choose("Mở đợt vận động mới")
    await hung.say(f"Đợt {kinds}")
    await hung.say("1/12/2026 - 31/12/2026")
    screen = await hung.say(kinds)
    if "Mục tiêu" in screen:
        screen = await hung.choose("Không đặt mục tiêu")
    return screen


async def _days_of_work_up_to_the_funds_question_in_english(hung: Chat) -> str:
    """Hùng turns to English and opens a drive of labour days alone through December: the screen that asks
    about the Fund."""
    await hung.say("English")
    await hung.say("/drives")
    await hung.choose("Open a new drive")
    await hung.say("Building days")
    await hung.say("1/12/2026 - 31/12/2026")
    return await hung.say("Labour days")


@on_text_only
async def test_the_funds_question_names_what_the_drive_takes(app: App, make_person) -> None:
    """Decision 1875: a drive of rice alone, or of days of work alone, was asked “… có vận động cho Quỹ “Vì
    người nghèo” không?”, as if it raised money. The question now names what the drive takes: its goods, its
    days of work, or both; a drive that takes money is asked as before. In English too."""
    await seed(app)
    hung = make_person("hung")
    asked = {}
    for kinds in ("Tiền", "Tiền, Hiện vật", "Hiện vật", "Hiện vật, Ngày công", "Ngày công"):
        asked[kinds] = await _a_new_drive_up_to_the_funds_question(hung, kinds)
        await hung.say("/huy")
    assert "Anh/chị cho biết đợt này có vận động cho Quỹ “Vì người nghèo” không?" in asked["Tiền"]
    assert "đợt này có vận động cho Quỹ" in asked["Tiền, Hiện vật"], asked["Tiền, Hiện vật"]
    assert (
        "Anh/chị cho biết hiện vật của đợt này có tính là ủng hộ Quỹ “Vì người nghèo” không?"
        in asked["Hiện vật"]
    ), asked["Hiện vật"]
    assert (
        "Anh/chị cho biết hiện vật và ngày công của đợt này có tính là ủng hộ Quỹ “Vì người nghèo” không?"
        in asked["Hiện vật, Ngày công"]
    ), asked["Hiện vật, Ngày công"]
    assert (
        "Anh/chị cho biết ngày công của đợt này có tính là ủng hộ Quỹ “Vì người nghèo” không?"
        in asked["Ngày công"]
    ), asked["Ngày công"]
    for kinds in ("Hiện vật", "Hiện vật, Ngày công", "Ngày công"):
        assert "vận động cho Quỹ" not in asked[kinds]

    screen = await _days_of_work_up_to_the_funds_question_in_english(hung)
    assert "Do the labour days of this drive count as gifts to the Fund for the Poor?" in screen, screen
    assert "raise money" not in screen


async def test_the_funds_no_gives_examples_of_what_the_drive_takes(app: App, make_person) -> None:
    """Decision 1941: the Fund's “no” read “Không, đợt riêng (cứu trợ, áo ấm…)” under every question, the
    days of work alone too, where its question names what the drive takes (1875). Its examples now follow
    what the drive takes; a drive that takes money reads as before, and “không” still answers it. In
    English too."""
    await seed(app)
    hung = make_person("hung")
    said = {}
    for kinds in ("Tiền", "Hiện vật", "Hiện vật, Ngày công", "Ngày công"):
        said[kinds] = await _a_new_drive_up_to_the_funds_question(hung, kinds)
        if kinds == "Ngày công":
            level = await hung.say("không")
            assert "mức vận động" in level.casefold(), level
        await hung.say("/huy")
    assert "Không, đợt riêng (cứu trợ, áo ấm…)" in said["Tiền"], said["Tiền"]
    assert "Không, đợt riêng (gạo cứu trợ, áo ấm…)" in said["Hiện vật"], said["Hiện vật"]
    assert "Không, đợt riêng (xây nhà tình thương, làm đường…)" in said["Ngày công"], said["Ngày công"]
    assert "Không, đợt riêng (cứu trợ lũ, xây nhà tình thương…)" in said["Hiện vật, Ngày công"]

    screen = await _days_of_work_up_to_the_funds_question_in_english(hung)
    assert "No, a drive of our own (building a charity house, mending a road…)" in screen, screen
