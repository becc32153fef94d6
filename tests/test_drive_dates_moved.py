"""What was scheduled for a drive when its dates were moved (decision 0206): an appeal set to go out later
(a chosen time, or after the quiet hours) still went out after the drive's new, earlier end, asking for gifts
it then refused, and the reminder someone asked for of it likewise. Each test here failed before the fix."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.clock import LOCAL_TZ
from bot.db.models import Appeal, Drive, OutboxMessage, Person
from bot.delivery.sender import Sender
from bot.domain.access import actor_for
from bot.domain.appeals import Audience, Draft, remind_later, send_appeal
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.drives import NewDrive, change_dates, create_drive
from bot.messages import TEXT_ONLY
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Chat
from tests.support.profiles import on_buttons, on_text_only
from tests.test_drives import seed
from tests.test_outbox import ScriptedMessenger, VirtualClock

LATE = "Mời anh chị chung tay những ngày cuối của đợt (hẹn gửi 20/12)."
EARLY = "Mời anh chị chung tay đợt vận động (hẹn gửi 5/12)."


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


async def _deliver_until(app: App, at: datetime) -> list[tuple[str, str]]:
    """Every message the sender sends, at `at`: (chat, text)."""
    time = VirtualClock(seconds=(at - NOW).total_seconds())
    async with app.sessionmaker() as session:
        channels = set(await session.scalars(select(OutboxMessage.channel).distinct()))
    messengers = {str(c): ScriptedMessenger(name=str(c), clock=time) for c in channels}
    sender = Sender(
        app.sessionmaker,
        messengers,  # type: ignore[arg-type]
        clock=time.now,
        monotonic=time.monotonic,
        sleep=time.sleep,
        quiet_hours=(app.settings.quiet_hours_start, app.settings.quiet_hours_end),
    )
    await sender.drain()
    return [sent for messenger in messengers.values() for sent in messenger.sent]


async def _drive_and_appeals(
    app: App, ids: dict[str, int], drive: NewDrive, *appeals: tuple[str, datetime | None]
) -> tuple[int, list[Appeal]]:
    """Hùng's `drive` and his appeals of it to the whole organisation (text, when to send: None for now):
    the drive's id and what each appeal's sending returned."""
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        made = await create_drive(session, hung, drive, now=NOW)
        sent = [
            await send_appeal(
                session,
                hung,
                Draft(text, Audience("org"), made.id, send_at=at),
                now=NOW,
                settings=app.settings,
            )
            for text, at in appeals
        ]
        return made.id, sent


async def test_appeals_scheduled_after_a_drives_new_earlier_end_do_not_go_out(app: App) -> None:
    """Hùng scheduled two appeals for the year-end drive (to 31/12): one for 5/12, one for its last days,
    20/12. The first went out; Lan asked on 9/12 to be reminded of it. That afternoon the drive was cut short
    to 10/12 (`chungtay drive edit … --ends 10/12/2026`, or in the chat). On 11/12 Lan's reminder still
    came, and on 20/12 the second appeal still went to everyone, with “Ủng hộ ngay” for a drive that had
    ended. Now both are stopped, and the second appeal is shown cancelled."""
    ids = await seed(app)
    drive_id, (first, late) = await _drive_and_appeals(
        app,
        ids,
        NewDrive("Đợt cuối năm", date(2026, 11, 1), date(2026, 12, 31)),
        (EARLY, local(2026, 12, 5, 8)),
        (LATE, local(2026, 12, 20, 8)),
    )
    first_id, late_id = first.id, late.id
    early = await _deliver_until(app, local(2026, 12, 5, 8))
    assert {text for _chat, text in early} == {EARLY}
    async with app.sessionmaker() as session, session.begin():
        lan = await session.get_one(Person, ids["lan"])
        asked = await remind_later(
            session, lan, await session.get_one(Appeal, first_id), now=local(2026, 12, 9, 9), settings=None
        )
        assert asked is not None and asked >= local(2026, 12, 11)  # two days on: the old end is far
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        cut = await session.get_one(Drive, drive_id)
        await change_dates(session, hung, cut, cut.starts_on, date(2026, 12, 10), now=local(2026, 12, 9, 13))

    after = await _deliver_until(app, local(2026, 12, 20, 8, 1))
    assert not any(LATE in text or EARLY in text for _chat, text in after)
    async with app.sessionmaker() as session:
        assert (await session.get_one(Appeal, late_id)).status == "cancelled"
        assert (await session.get_one(Appeal, first_id)).status != "cancelled"
        reminder = await session.scalar(
            select(OutboxMessage.status).where(OutboxMessage.key == f"remind:appeal:{first_id}:{ids['lan']}")
        )
    assert reminder == "cancelled"


@on_text_only
async def test_the_officer_cutting_a_drive_short_in_the_chat_is_told_what_will_not_go_out(
    app: App, make_person
) -> None:
    """Hùng cut the drive short in the chat while an appeal of it waited for 20/12: he read only “Đã lưu”,
    and the appeal went out after the end all the same. Now he reads how many of its messages will not be
    sent, and the appeal is stopped."""
    ids = await seed(app)
    _drive_id, (late,) = await _drive_and_appeals(
        app,
        ids,
        NewDrive("Đợt cuối năm", date(2026, 11, 1), date(2026, 12, 31)),
        (LATE, local(2026, 12, 20, 8)),
    )
    late_id, reached = late.id, late.recipients
    officer = make_person("hung")
    await officer.say("/dotvandong")
    await officer.choose("Đợt cuối năm")
    await officer.choose("Đổi ngày")
    screen = await officer.say("1/11/2026 - 10/12/2026")
    assert "Đã lưu: đợt vận động nay từ 01/11/2026 đến 10/12/2026." in screen
    assert f"{reached} tin kêu gọi của đợt hẹn gửi sau ngày kết thúc mới sẽ không được gửi." in screen
    assert not await _deliver_until(app, local(2026, 12, 20, 8, 1))
    async with app.sessionmaker() as session:
        assert (await session.get_one(Appeal, late_id)).status == "cancelled"


async def test_an_appeals_give_button_works_until_the_drives_new_end_after_it_was_extended(
    any_app: App, clock: MovableClock
) -> None:
    """The November drive (to 30/11) was given December too on 28/11. Lan pressed “Ủng hộ ngay” on the
    appeal she had received on 22/11, on 5/12, and read “Xin lỗi, nút này đã hết hạn” for a drive still
    taking gifts: the buttons kept the old end. Now they live until the new one and open the gift."""
    app = any_app
    ids = await seed(app)
    drive_id, _sent = await _drive_and_appeals(
        app, ids, NewDrive("Đợt tháng Mười Một", date(2026, 11, 1), date(2026, 11, 30)), (EARLY, None)
    )
    assert {text for _chat, text in await _deliver_until(app, NOW)} == {EARLY}
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        longer = await session.get_one(Drive, drive_id)
        await change_dates(
            session, hung, longer, longer.starts_on, date(2026, 12, 31), now=local(2026, 11, 28, 9)
        )
        payload = await session.scalar(
            select(OutboxMessage.payload).where(OutboxMessage.key.like(f"appeal:%:{ids['lan']}"))
        )
    (give, _label), (later, _later_label) = payload["actions"]
    clock.at = local(2026, 12, 5, 9)
    lan = Chat(CollectingChannel(app.engine, TEXT_ONLY), "lan", clock)
    screen = await lan.say(f"#{give.split('#', 1)[1]}")
    assert "hết hạn" not in screen
    assert "Anh/chị đóng góp bằng hình thức nào?" in screen  # the drive is already chosen
    screen = await lan.say(f"#{later.split('#', 1)[1]}")
    assert "hết hạn" not in screen and "nhắc" in screen.lower()


async def test_an_officer_moving_a_drives_end_tells_those_who_have_not_given_of_it(
    app: App, make_person
) -> None:
    """Hùng cut the year-end drive short to 10/12 in the chat: he read “Đã lưu”, and nobody who had been asked
    to give heard of the new end until its last days' reminders. Now he is offered, at once, the message of
    the new end for those who have not given yet, sees it before it goes, and only they receive it."""
    ids = await seed(app)
    drive_id, _sent = await _drive_and_appeals(
        app, ids, NewDrive("Đợt cuối năm", date(2026, 11, 1), date(2026, 12, 31)), (EARLY, None)
    )
    async with app.sessionmaker() as session, session.begin():
        lan = await session.get_one(Person, ids["lan"])
        gift = NewContribution(kind="money", amount_vnd=200_000, drive_id=drive_id)
        await record_contribution(session, person=lan, recorded_by=lan, entry=gift, now=NOW)
    await _deliver_until(app, NOW)  # the first appeal went out
    officer = make_person("hung")
    await officer.say("/dotvandong")
    await officer.choose("Đợt cuối năm")
    await officer.choose("Đổi ngày")
    screen = await officer.say("1/11/2026 - 10/12/2026")
    assert "Báo ngày kết thúc mới cho 3 người chưa ủng hộ đợt này" in screen
    screen = await officer.choose("Soạn tin báo ngày kết thúc mới")
    told = (
        "Đợt vận động “Đợt cuối năm” nay kết thúc sớm hơn, vào ngày 10/12/2026. Anh/chị nào muốn ủng hộ "
        "xin ủng hộ đến hết ngày đó; ủng hộ là tự nguyện."
    )
    assert told in screen and "Số người nhận: 3." in screen
    await officer.choose("Gửi ngay")
    await _deliver_until(app, NOW + timedelta(minutes=5))
    heard = set()
    for name in ("binh", "tam", "mai", "lan"):  # each opens the chat and reads what came
        chat = make_person(name)
        await chat.say("/menu")
        if any(told in shown.message.text for shown in chat.channel.transport.messages(name)):
            heard.add(name)
    assert heard == {"binh", "tam", "mai"}  # not Lan, who gave


async def test_the_question_of_a_new_end_is_answered_with_a_typed_yes_or_no(app: App, make_person) -> None:
    """Asked “Báo ngày kết thúc mới cho 3 người chưa ủng hộ đợt này, thưa anh/chị?”, a busy officer types
    “co”: the message of the new end is shown, as its button would. At the next change she types “ko”:
    nobody is told, and she is back on the drive's screen. Both were “Anh/chị vui lòng chọn một mục dưới
    đây” before, the question asked again (decision 1250)."""
    ids = await seed(app)
    await _drive_and_appeals(
        app, ids, NewDrive("Tết vì người nghèo 2027", date(2026, 11, 1), date(2026, 12, 31)), (EARLY, None)
    )
    await _deliver_until(app, NOW)
    officer = make_person("hung")
    await officer.say("/dotvandong")
    await officer.choose("Tết vì người nghèo 2027")
    await officer.choose("Đổi ngày")
    screen = await officer.say("1/11/2026 - 10/1/2027")
    assert "Báo ngày kết thúc mới cho 4 người chưa ủng hộ đợt này, thưa anh/chị?" in screen
    screen = await officer.say("co")
    assert "được kéo dài đến hết ngày 10/01/2027" in screen and "Số người nhận: 4." in screen
    await officer.choose("Không gửi")
    await officer.say("/dotvandong")
    await officer.choose("Tết vì người nghèo 2027")
    await officer.choose("Đổi ngày")
    await officer.say("1/11/2026 - 15/1/2027")
    screen = await officer.say("ko")
    assert "Tết vì người nghèo 2027 (01/11/2026–15/01/2027)" in screen and "Lời kêu gọi:" not in screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Appeal)) == 1  # the first alone


@on_buttons
async def test_cancelling_the_message_of_a_new_end_says_the_new_end_is_kept(app: App, make_person) -> None:
    """At the message of the new end she types “huy”: it said “Đã hủy. Bước đang làm dở không được lưu.”,
    as if the date went back, though the new end was saved a step before and stays. Now it says nobody was
    told and the new end is kept; “Không gửi” there says the same (decision 1298)."""
    ids = await seed(app)
    drive_id, _ = await _drive_and_appeals(
        app, ids, NewDrive("Tết vì người nghèo 2027", date(2026, 11, 1), date(2026, 12, 31))
    )
    officer = make_person("hung")
    await officer.say("/dotvandong")
    await officer.choose("Tết vì người nghèo 2027")
    await officer.choose("Đổi ngày")
    await officer.say("1/11/2026 - 10/1/2027")
    screen = await officer.say("co")
    assert "Số người nhận: 4." in screen
    screen = await officer.say("huy")
    assert "Chưa báo cho ai. Ngày kết thúc mới 10/01/2027 vẫn được giữ." in screen
    assert "không được lưu" not in screen
    await officer.say("/dotvandong")
    await officer.choose("Tết vì người nghèo 2027")
    await officer.choose("Đổi ngày")
    await officer.say("1/11/2026 - 15/1/2027")
    await officer.say("co")
    screen = await officer.choose("Không gửi")
    assert "Chưa báo cho ai. Ngày kết thúc mới 15/01/2027 vẫn được giữ." in screen
    assert "Không có gì được lưu" not in screen
    async with app.sessionmaker() as session:
        assert (await session.get_one(Drive, drive_id)).ends_on == date(2027, 1, 15)
        assert await session.scalar(select(func.count()).select_from(Appeal)) == 0
