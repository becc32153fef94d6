"""A union chairman's appeals walked through (decision 0117): an appeal pressed "Gửi ngay" at 20:58 and paused
by Zalo's quota does not go out at night, while replies do (SQLite and PostgreSQL); a gift stops what the
drive's appeals still hold for the giver, counted apart in the status (both); the status still says, days
later, how many of the audience never got it; the thanks at the drive's end go without "Ủng hộ ngay" and "Nhắc
tôi sau"."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from bot.app import App
from bot.clock import LOCAL_TZ
from bot.db.models import Appeal, ChannelIdentity, Drive, OutboxMessage, Person
from bot.delivery.outbox import REPLY, Destination, enqueue, in_readers_language
from bot.delivery.sender import Sender
from bot.delivery.transport import OutboundMessage, RetryAfter
from bot.domain.access import actor_for
from bot.domain.appeals import (
    AppealError,
    Audience,
    Draft,
    appeal_status,
    cancel_appeal,
    correct_appeal,
    correction_reach,
    follow_up,
    remind_later,
    send_appeal,
    set_appeals,
)
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.drives import NewDrive, close_drive, create_drive, reopen_drive
from bot.messages import Photo
from tests.support.clocks import NOW
from tests.support.profiles import on_buttons, on_text_only
from tests.test_appeals import _sent
from tests.test_attack_batches_in_flight import pg_app  # noqa: F401 (a fixture)
from tests.test_drives import seed
from tests.test_outbox import ScriptedMessenger, VirtualClock

EVENING = datetime(2026, 11, 23, 20, 58, tzinfo=LOCAL_TZ)


async def _drive(app: App, ids: dict[str, int]) -> int:
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        drive = await create_drive(
            session, hung, NewDrive("Tháng cao điểm 2026", date(2026, 10, 17), date(2026, 12, 31)), now=NOW
        )
        return drive.id


async def test_an_appeal_paused_by_the_quota_waits_for_the_morning_while_replies_still_go(
    any_app: App,
) -> None:
    app = any_app
    ids = await seed(app)
    drive_id = await _drive(app, ids)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        appeal = await send_appeal(
            session,
            hung,
            Draft("Mời anh chị chung tay Tháng cao điểm.", Audience("org"), drive_id),
            now=EVENING,
            settings=app.settings,
        )
        rows = list(await session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("appeal:%"))))
    channel, lan_chat = next((r.channel, r.chat_id) for r in rows if r.person_id == ids["lan"])
    time = VirtualClock(seconds=(EVENING - NOW).total_seconds())
    messenger = ScriptedMessenger(name=str(channel), clock=time)
    # Zalo's "Quota exceeded" to the first try, the quota being the bot's: a pause of five minutes, the others
    # waiting it out in the outbox, untried (decision 0544)
    messenger.script[str(min(rows, key=lambda row: row.id).chat_id)] = [RetryAfter(300)]
    sender = Sender(
        app.sessionmaker,
        {str(channel): messenger},
        clock=time.now,
        monotonic=time.monotonic,
        sleep=time.sleep,
        quiet_hours=(app.settings.quiet_hours_start, app.settings.quiet_hours_end),
    )
    await sender.drain()
    assert messenger.sent == []
    time.seconds += 600  # 21:08: the pause is over, the quiet hours have begun
    async with app.sessionmaker() as session, session.begin():  # lan asks the bot something meanwhile
        await enqueue(
            session,
            key="reply:lan:1",
            destination=Destination(str(channel), str(lan_chat)),
            message=OutboundMessage(text="Tiến độ của anh/chị"),
            now=time.now(),
            priority=REPLY,
        )
    await sender.drain()
    assert messenger.sent == [(lan_chat, "Tiến độ của anh/chị")]  # her answer is not held behind the appeal
    morning = datetime(2026, 11, 24, 7, 0, tzinfo=LOCAL_TZ)
    time.seconds = (morning - NOW).total_seconds() - 60  # 06:59: still quiet
    await sender.drain()
    assert len(messenger.sent) == 1
    time.seconds += 60
    await sender.drain()
    appeal_copies = [to for to, text in messenger.sent if text.startswith("Mời anh chị")]
    assert sorted(appeal_copies) == sorted(str(r.chat_id) for r in rows) and appeal.recipients == len(rows)
    assert all(at >= (morning - NOW).total_seconds() for at in messenger.at[1:])  # none before 07:00


async def test_a_gift_stops_what_the_drives_appeals_still_hold_for_the_giver(any_app: App) -> None:
    """The second appeal, a week later, scheduled on Sunday evening for Monday 07:30 to those who have not
    given: Lan gives that evening. Neither it nor the reminder she asked for of the first appeal reaches her
    on Monday; the status counts her apart."""
    app = any_app
    ids = await seed(app)
    drive_id = await _drive(app, ids)
    async with app.sessionmaker() as session, session.begin():
        people = {k: await session.get_one(Person, ids[k]) for k in ("hung", "lan", "mai")}
        hung = await actor_for(session, people["hung"])
        first = await send_appeal(
            session,
            hung,
            Draft("Mời anh chị ủng hộ.", Audience("org"), drive_id),
            now=NOW,
            settings=app.settings,
        )
        await session.execute(  # it went out that morning
            update(OutboxMessage)
            .where(OutboxMessage.key.like(f"appeal:{first.id}:%"))
            .values(status="sent", sent_at=NOW)
        )
        await remind_later(session, people["lan"], first, now=NOW, settings=app.settings)
        sunday = NOW + timedelta(days=7, hours=11)  # 29/11, 20:00
        monday = datetime(2026, 11, 30, 7, 30, tzinfo=LOCAL_TZ)
        second = await send_appeal(
            session,
            hung,
            Draft(
                "Đợt vận động còn một tháng.",
                Audience("not_given", drive_id=drive_id),
                drive_id,
                None,
                monday,
            ),
            now=sunday,
            settings=app.settings,
        )
        gift = NewContribution(kind="money", amount_vnd=200_000, drive_id=drive_id)
        await record_contribution(
            session,
            person=people["lan"],
            recorded_by=people["lan"],
            entry=gift,
            now=sunday + timedelta(hours=1),
        )
        status = await appeal_status(session, second)
        keys = {
            r.key.rsplit(":", 1)[0]: r.status
            for r in await session.scalars(select(OutboxMessage).where(OutboxMessage.person_id == ids["lan"]))
            if "appeal:" in r.key
        }
    assert keys == {
        f"appeal:{first.id}": "sent",
        f"remind:appeal:{first.id}": "cancelled",
        f"appeal:{second.id}": "cancelled",
    }
    assert (
        status.gave_before_it_went == 1 and status.cancelled == 0 and status.pending == second.recipients - 1
    )


@on_text_only
async def test_a_scheduled_appeal_counts_who_cannot_be_reached_not_who_did_not_receive_it(
    app: App, make_person
) -> None:
    """Before its time nothing went out: the officer reads how many will receive it and how many have no
    account to reach, in either language, never that anyone "did not receive" it."""
    ids = await seed(app)
    await _drive(app, ids)
    async with app.sessionmaker() as session, session.begin():
        session.add(
            Person(
                org_id=(await session.get_one(Person, ids["lan"])).org_id,
                unit_id=ids["unit A"],
                full_name="Võ Thị Nga",
                name_key="vo thi nga",
                created_at=NOW,
            )
        )
    hung = make_person("hung")
    for language, new, everyone, later, when in (
        ("English", "New message", "Everyone", "Schedule it", "tomorrow 8am"),
        ("Tiếng Việt", "Soạn tin mới", "Tất cả", "Hẹn giờ", "8h sáng mai"),
    ):
        await hung.say(language)
        await hung.say("/keugoi")
        await hung.choose(new)
        await hung.say(f"{language}: mời anh chị chung tay Tháng cao điểm!")
        await hung.choose("Tháng cao điểm 2026")
        await hung.choose(everyone)
        await hung.choose(later)
        screen = await hung.say(when)
        if language == "English":
            assert "To go out at 08:00 23/11/2026: 4 people will receive it." in screen
            assert "without a messenger account (cannot be reached): 1" in screen
            assert "did not receive" not in screen and "Sent 0" not in screen and "Gave after" not in screen
        else:
            assert "Sẽ gửi lúc 08:00 23/11/2026: 4 người sẽ nhận." in screen
            assert "chưa dùng Chung Tay (không liên lạc được): 1" in screen
            assert "không nhận được" not in screen and "Đã gửi 0" not in screen
        await hung.say("/menu")
    hung.clock.advance(days=2)  # gone out: now it is so
    await hung.say("/keugoi")
    screen = await hung.choose("Tiếng Việt: mời")
    assert "Đã gửi " in screen and "Sẽ gửi lúc" not in screen and "(không nhận được): 1" in screen


@on_buttons
async def test_the_status_says_how_many_of_the_audience_never_got_it(app: App, make_person) -> None:
    """A nurse with no account yet and Tâm, who left (his account taken off): the preview counted them, and
    the status still says, days later, that two of its audience never got the appeal."""
    ids = await seed(app)
    await _drive(app, ids)
    async with app.sessionmaker() as session, session.begin():
        session.add(
            Person(
                org_id=(await session.get_one(Person, ids["lan"])).org_id,
                unit_id=ids["unit A"],
                full_name="Võ Thị Nga",
                name_key="vo thi nga",
                created_at=NOW,
            )
        )
        await session.execute(
            update(ChannelIdentity).where(ChannelIdentity.person_id == ids["tam"]).values(status="removed")
        )
    for colleague in ("lan", "mai", "binh"):  # they have chatted before: the collecting channel knows them
        await make_person(colleague).say("/menu")
    hung = make_person("hung")
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say("Mời anh chị chung tay Tháng cao điểm!")
    await hung.choose("Tháng cao điểm 2026")
    screen = await hung.choose("Tất cả")
    assert "Số người nhận: 3." in screen and "(sẽ không nhận được): 2." in screen
    screen = await hung.choose("Gửi ngay")
    assert "Trong nhóm nhưng chưa dùng Chung Tay (không nhận được): 2" in screen
    hung.clock.advance(days=3)
    await hung.say("/keugoi")
    screen = await hung.choose("Mời anh chị")
    assert "Đã gửi 3" in screen and "(không nhận được): 2" in screen


@on_text_only
async def test_a_thank_yous_last_look_is_headed_as_a_thank_you(app: App, make_person) -> None:
    """January: the chairman's thank-you, at its last look, was headed “Lời kêu gọi:” two lines above “Tin
    này gửi không kèm nút: không kêu gọi ai ủng hộ.”. It is headed as the thank-you it is (decision 1299)."""
    ids = await seed(app)
    await _drive(app, ids)
    await make_person("lan").say("/menu")
    hung = make_person("hung")
    hung.clock.advance(days=44)  # 5/1/2027
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say("Cảm ơn anh chị đã chung tay: Tháng cao điểm 2026 đã nhận 45 triệu đồng.")
    await hung.choose("Lời cảm ơn")
    screen = await hung.choose("Tất cả")
    assert "Lời cảm ơn:\nCảm ơn anh chị đã chung tay" in screen
    assert "Lời kêu gọi:" not in screen


@on_text_only
async def test_news_is_headed_as_news_at_its_last_look_in_its_status_and_its_list_line(
    app: App, make_person
) -> None:
    """The union's officer sent the news of the Tết gifts as “Lời cảm ơn hoặc tin báo”: its last look read
    “Lời cảm ơn:” above “Thông báo: trao quà Tết …”, and its status and list line said nothing of what it was.
    News is chosen as news, and said so everywhere she looks at it (decision 1352)."""
    ids = await seed(app)
    await _drive(app, ids)
    lan = make_person("lan")
    await lan.say("/menu")
    hung = make_person("hung")
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say("Thông báo: trao quà Tết ngày 25/1 tại hội trường.")
    screen = await hung.choose("Tin báo")
    assert "Những người đã ủng hộ một đợt" not in screen  # news thanks nobody for a gift
    screen = await hung.choose("Tất cả")
    assert "Tin báo:\nThông báo: trao quà Tết" in screen
    assert "Lời cảm ơn" not in screen and "Lời kêu gọi:" not in screen
    screen = await hung.choose("Gửi ngay")
    assert "Tin báo, không kêu gọi ai ủng hộ." in screen
    received = [m for to, m in lan.channel.transport.sent if to == "lan" and "trao quà Tết" in m.text]
    assert len(received) == 1 and "Ủng hộ ngay" not in lan.channel.show(received[0].as_reply())
    screen = await hung.say("/keugoi")
    assert "Tất cả · Tin báo: Thông báo" in screen


@on_buttons
async def test_the_new_message_entry_and_its_first_question_name_an_appeal_a_thank_you_and_news(
    app: App, make_person
) -> None:
    """The officer about to thank her colleagues pressed “Soạn lời kêu gọi mới” and was told each receives
    “Ủng hộ ngay” and “Nhắc tôi sau”: the kind is chosen only after the words. The entry and its question now
    name what the message may become (decision 1451)."""
    ids = await seed(app)
    await _drive(app, ids)
    hung = make_person("hung")
    screen = await hung.say("/keugoi")
    assert "Soạn tin mới: kêu gọi, cảm ơn hoặc tin báo" in screen
    screen = await hung.choose("Soạn tin mới")
    assert (
        "Bước sau anh/chị chọn loại tin: lời kêu gọi cho một đợt, kèm nút góp cho đợt đó và nút “Nhắc tôi "
        "sau”; hoặc lời cảm ơn, tin báo, không kèm nút." in screen
    ), screen
    screen = await hung.say("Cảm ơn anh chị đã chung tay!")
    assert "Lời cảm ơn, không kêu gọi" in screen and "Tin báo, không kêu gọi" in screen


@on_buttons
async def test_the_thanks_at_the_drives_end_go_without_give_now_and_remind_me_later(
    app: App, make_person
) -> None:
    """January: the drive is over; the chairman thanks everyone. The thank-you must not offer "Ủng hộ ngay"
    nor "Nhắc tôi sau" (a reminder of a thank-you), and its status does not count gifts after it."""
    ids = await seed(app)
    await _drive(app, ids)
    lan = make_person("lan")
    await lan.say("/menu")
    hung = make_person("hung")
    hung.clock.advance(days=44)  # 5/1/2027
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say("Cảm ơn anh chị đã chung tay: Tháng cao điểm 2026 đã nhận 45 triệu đồng.")
    screen = await hung.choose("Lời cảm ơn")
    assert "muốn gửi cho ai" in screen and "chưa ủng hộ" not in screen
    screen = await hung.choose("Tất cả")
    assert "không kèm nút" in screen
    screen = await hung.choose("Gửi ngay")
    assert "Đang gửi đến 4 người" in screen and "Đã ủng hộ sau khi nhận" not in screen
    received = [m for to, m in lan.channel.transport.sent if to == "lan" and "Cảm ơn anh chị" in m.text]
    assert len(received) == 1
    shown = lan.channel.show(received[0].as_reply())
    assert "Ủng hộ ngay" not in shown and "Nhắc tôi sau" not in shown
    # "Remind those who have not given" is no option of a thank-you, and the domain refuses it from anywhere
    async with app.sessionmaker() as session:
        thanks = (await session.scalars(select(Appeal).order_by(Appeal.id.desc()))).first()
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        with pytest.raises(AppealError) as refused:
            await follow_up(session, officer, thanks, now=hung.clock(), settings=app.settings)  # type: ignore[arg-type]
    assert refused.value.reason == "thanks"
    # a sum in it was wrong: its correction is of the message, never of “the appeal” it was not (0793)
    async with app.sessionmaker() as session, session.begin():
        thanks = await session.get_one(Appeal, thanks.id)
        right = "Cảm ơn anh chị đã chung tay: Tháng cao điểm 2026 đã nhận 54 triệu đồng."
        await correct_appeal(session, officer, thanks, right, now=hung.clock(), settings=app.settings)
        fix = await session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.person_id == ids["lan"])
            .where(OutboxMessage.key.like("fix:%"))
        )
    assert fix is not None and fix.payload["text"].startswith("Đính chính tin nhắn ngày 05/01/2027.")
    assert "lời kêu gọi" not in fix.payload["text"]


async def test_an_appeal_sent_again_reaches_nobody_twice(app: App, make_person) -> None:
    """The chairman sends the drive's appeal to Khoa Nội, then, the same text, to everyone: the preview counts
    apart the three of Khoa Nội who had it and only Khoa Dược's two get it; a third time reaches nobody and
    says so, with what to do instead (decision 0149)."""
    ids = await seed(app)
    await _drive(app, ids)
    for colleague in ("lan", "mai", "binh", "tam"):
        await make_person(colleague).say("/menu")
    hung = make_person("hung")
    text = "Mời anh chị chung tay Tháng cao điểm!"
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say(text)
    await hung.choose("Tháng cao điểm 2026")
    await hung.choose("Một số đơn vị")
    await hung.choose("Khoa Nội")
    screen = await hung.choose("Xong")
    assert "Số người nhận: 2." in screen  # lan and mai; not hung, who wrote it (decision 0167)
    assert "Đang gửi đến 2 người" in await hung.choose("Gửi ngay")
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say(text)
    await hung.choose("Tháng cao điểm 2026")
    screen = await hung.choose("Tất cả")
    assert "Số người nhận: 2." in screen
    assert "Đã nhận lời kêu gọi này trước đó (không gửi lại): 2." in screen
    assert "Đang gửi đến 2 người" in await hung.choose("Gửi ngay")
    await hung.say("/keugoi")  # two appeals of one day and text: their buttons tell them apart
    assert [choice.label for choice in hung.menu.choices][:2] == [  # the latest first, each within a button
        "09:00 22/11/2026 · Tất cả · Mời anh chị chung tay Tháng cao…",
        "09:00 22/11/2026 · Khoa Nội · Mời anh chị chung tay Tháng cao…",
    ]
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say(text)
    await hung.choose("Tháng cao điểm 2026")
    screen = await hung.choose("Tất cả")
    assert "đã nhận lời kêu gọi này rồi" in screen and "Nhắc lại người chưa ủng hộ" in screen
    assert "muốn gửi cho ai" in screen  # another audience may still be chosen
    sent = hung.channel.transport.sent
    for colleague in ("lan", "mai", "binh", "tam"):
        assert len([m for to, m in sent if to == colleague and m.text == text]) == 1, colleague
    assert not [m for to, m in sent if to == "hung" and m.text == text]
    async with app.sessionmaker() as session:
        assert len(list(await session.scalars(select(Appeal)))) == 2
    async with app.sessionmaker() as session, session.begin():  # both cancelled once their copies had gone
        await session.execute(update(Appeal).values(status="cancelled"))
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say(text)
    await hung.choose("Tháng cao điểm 2026")
    screen = await hung.choose("Tất cả")
    # a cancelled appeal's “Nhắc lại người chưa ủng hộ” is refused: not offered as the way (decision 0232)
    assert "trước khi bị hủy" in screen and "Nhắc lại người chưa ủng hộ" not in screen, screen


async def test_a_correction_rewrites_what_waits_and_tells_who_had_it_once_gave_or_not_never_who_left(
    app: App,
) -> None:
    """The drive's appeal named a wrong account. Lan, Mai and Tâm had it; Bình's copy waits; Lan asked to be
    reminded; Mai gave since (to the wrong account, maybe); Tâm left. The chairman corrects it at 22:00:
    Bình's copy and Lan's reminder go with the right number, Lan and Mai get one correction each at 07:00,
    Tâm none; Lan, a member, may not correct it; the same text again changes nothing, and a second
    correction is taken by the corrections still waiting, nobody told twice (decision 0683)."""
    ids = await seed(app)
    drive_id = await _drive(app, ids)
    wrong, right = "Mời anh chị ủng hộ qua STK 0123456780.", "Mời anh chị ủng hộ qua STK 0123456789."
    night = NOW + timedelta(hours=13)  # 22/11, 22:00
    async with app.sessionmaker() as session, session.begin():
        people = {k: await session.get_one(Person, ids[k]) for k in ("hung", "lan", "mai", "tam")}
        hung = await actor_for(session, people["hung"])
        appeal = await send_appeal(
            session, hung, Draft(wrong, Audience("org"), drive_id), now=NOW, settings=app.settings
        )
        await session.execute(  # gone out to all but Bình
            update(OutboxMessage)
            .where(OutboxMessage.key.like(f"appeal:{appeal.id}:%"), OutboxMessage.person_id != ids["binh"])
            .values(status="sent", sent_at=NOW)
        )
        await remind_later(session, people["lan"], appeal, now=NOW, settings=app.settings)
        gift = NewContribution(kind="money", amount_vnd=200_000, drive_id=drive_id)
        await record_contribution(
            session, person=people["mai"], recorded_by=people["mai"], entry=gift, now=NOW
        )
        people["tam"].left_on = NOW.date()
        with pytest.raises(AppealError) as refused:
            await correct_appeal(
                session,
                await actor_for(session, people["lan"]),
                appeal,
                right,
                now=night,
                settings=app.settings,
            )
        assert refused.value.reason == "not_allowed"
        done = await correct_appeal(session, hung, appeal, right, now=night, settings=app.settings)
        assert (done.waiting, done.told) == (1, 2)
        with pytest.raises(AppealError) as refused:  # pressed again
            await correct_appeal(session, hung, appeal, right, now=night, settings=app.settings)
        assert refused.value.reason == "same"
        rows = {
            r.key: r
            for r in await session.scalars(select(OutboxMessage).where(OutboxMessage.person_id.is_not(None)))
        }
        binh, lan_later = (
            rows[f"appeal:{appeal.id}:{ids['binh']}"],
            rows[f"remind:appeal:{appeal.id}:{ids['lan']}"],
        )
        assert binh.payload["text"] == right and right in lan_later.payload["text"]
        assert wrong not in lan_later.payload["text"]
        fixes = {r.person_id: r for r in rows.values() if r.key.startswith(f"fix:appeal:{appeal.id}:")}
        assert set(fixes) == {ids["lan"], ids["mai"]}
        morning = datetime(2026, 11, 23, 7, 0, tzinfo=LOCAL_TZ)
        assert all(r.not_before == morning and r.status == "pending" for r in fixes.values())
        assert fixes[ids["mai"]].payload["text"].startswith("Đính chính lời kêu gọi ngày 22/11/2026")
        assert (
            right in fixes[ids["mai"]].payload["text"]
            and "đã ủng hộ theo tin nhắn trước" in fixes[ids["mai"]].payload["text"]
        )
        # who gave tells the treasurer alone, privately: never the officer who sent it, nor the group chat
        # the correction is forwarded to (an appeal is voluntary: decisions 0026, 0690)
        assert "xin nhắn riêng cho thủ quỹ" in fixes[ids["mai"]].payload["text"]
        assert "người gửi lời kêu gọi" not in fixes[ids["mai"]].payload["text"]
        again = right + " (Vietcombank)"
        # the officer is told the two corrections still waiting go with her new words, not "0" (0690)
        reach = await correction_reach(session, hung, appeal)
        done = await correct_appeal(session, hung, appeal, again, now=night, settings=app.settings)
        assert (reach.waiting, reach.told) == (done.waiting, done.told) == (1, 2)
        fixed = list(
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.key.like("fix:%"))
                .execution_options(populate_existing=True)
            )
        )
        assert len(fixed) == 2 and all(again in r.payload["text"] for r in fixed)
        status = await appeal_status(session, appeal)
        assert (status.corrections_pending, status.corrections_sent, status.pending) == (2, 0, 1)
        # at 22:10 he cancels the appeal: nothing of it goes at 07:00, its corrections neither (they would
        # repeat the words taken back): Bình's copy, Lan's reminder and the two corrections (decision 0691)
        assert await cancel_appeal(session, hung, appeal, now=night + timedelta(minutes=10)) == 4
        status = await appeal_status(session, appeal)
    assert (status.corrections_pending, status.pending) == (0, 0)


@on_text_only
async def test_an_appeal_cancelled_in_a_panic_is_still_corrected_for_who_had_it_and_for_nobody_else(
    app: App, make_person
) -> None:
    """The drive's appeal named a wrong account; Bình, Lan and Mai had it, Tâm's copy waited its turn; Hùng
    cancelled it at once (Tâm's copy and Lan's “Nhắc tôi sau” stopped). Those three may still pay the wrong
    account: the cancel now points to “Sửa nội dung”, which the cancelled appeal's status still offers; the
    correction reaches the three once, Tâm nothing (never the copy taken back, nor a correction of what she
    never had); an appeal cancelled before it reached anyone is refused a correction (decision 0737)."""
    ids = await seed(app)
    drive_id = await _drive(app, ids)
    wrong, right = "Mời anh chị ủng hộ qua STK 0123456780.", "Mời anh chị ủng hộ qua STK 0123456789."
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        appeal = await send_appeal(
            session, hung, Draft(wrong, Audience("org"), drive_id), now=NOW, settings=app.settings
        )
        await _sent(session, appeal.id, waiting=ids["tam"])  # gone out to all but Tâm, whose turn is to come
        await remind_later(session, await session.get_one(Person, ids["lan"]), appeal, now=NOW, settings=None)
        unsent = await send_appeal(
            session,
            hung,
            Draft("Kính mời đóng góp qua STK 0123456781.", Audience("org"), drive_id),
            now=NOW,
            settings=app.settings,
        )
        await cancel_appeal(session, hung, unsent, now=NOW)
        with pytest.raises(AppealError) as refused:  # reached nobody: nothing to put right
            await correct_appeal(session, hung, unsent, right, now=NOW, settings=app.settings)
        assert refused.value.reason == "cancelled"
    chairman = make_person("hung")
    await chairman.say("/keugoi")
    await chairman.choose("Mời anh chị ủng hộ")
    screen = await chairman.choose("Hủy lời kêu gọi")
    screen = await chairman.choose("Có")
    assert "Đã hủy: 2 tin sẽ không được gửi." in screen and "“Sửa nội dung”" in screen
    assert "Sửa nội dung" in [c.label for c in chairman.menu.choices]
    await chairman.choose("Sửa nội dung")
    screen = await chairman.say(right)
    assert "Bản chưa gửi sẽ gửi nội dung đã sửa: 0." in screen and "một tin đính chính: 3." in screen
    assert "Đã sửa." in await chairman.choose("Có")
    async with app.sessionmaker() as session:
        rows = list(await session.scalars(select(OutboxMessage).where(OutboxMessage.person_id.is_not(None))))
        assert (await session.get_one(Appeal, appeal.id)).status == "cancelled"
    fixes = [r for r in rows if r.key.startswith(f"fix:appeal:{appeal.id}:")]
    assert sorted(r.person_id for r in fixes) == sorted(ids[k] for k in ("binh", "lan", "mai"))
    assert all(right in r.payload["text"] and r.status != "cancelled" for r in fixes)
    tam = [r for r in rows if r.person_id == ids["tam"] and f":{appeal.id}:" in r.key]
    assert [(r.key.split(":")[0], r.status) for r in tam] == [("appeal", "cancelled")]
    lan_later = next(r for r in rows if r.key == f"remind:appeal:{appeal.id}:{ids['lan']}")
    assert lan_later.status == "cancelled"  # the cancel stands: nothing of the appeal itself comes again


async def test_a_correction_a_cancel_stopped_at_night_goes_again_with_the_same_words_once(
    app: App, make_person
) -> None:
    """At 22:00 Hùng corrects his poster (the account drawn on it was wrong): Bình, Lan and Mai, who had it,
    are to get the corrected poster at 07:00. At 22:10 he cancels the appeal, which stops those corrections
    too (0691), and is told to send those who had it a correction with “Sửa nội dung”. There he types the
    words as they stand, the right ones: they were refused as “nothing was changed”, and the three kept the
    wrong account. Now the stopped corrections go again, with the corrected poster, to the three alone and
    once; typed a third time, the same words change nothing (decision 0756)."""
    ids = await seed(app)
    drive_id = await _drive(app, ids)
    wrong = Photo(
        sha256="a" * 64, path=f"aa/{'a' * 64}.jpg", size=4096, caption="Mời ủng hộ qua STK 0123456780."
    )
    right = Photo(
        sha256="b" * 64, path=f"bb/{'b' * 64}.jpg", size=4096, caption="Mời ủng hộ qua STK 0123456789."
    )
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        draft = Draft(wrong.caption or "", Audience("org"), drive_id, photo=wrong.path)
        appeal = await send_appeal(session, hung, draft, now=NOW, settings=app.settings)
        # gone out to all but Tâm, whose turn is the next day (the sender paces them)
        await _sent(session, appeal.id, waiting=ids["tam"], turn=timedelta(days=1))
    chairman = make_person("hung")
    chairman.clock.advance(hours=13)  # 22:00
    await chairman.say("/keugoi")
    await chairman.choose("Mời ủng hộ")
    await chairman.choose("Sửa nội dung")
    chairman.last = await chairman.channel.receive("hung", photo=right, at=chairman.clock())
    assert "Đã sửa." in await chairman.choose("Có")
    await chairman.choose("Hủy lời kêu gọi")
    assert "“Sửa nội dung”" in await chairman.choose("Có")
    await chairman.choose("Sửa nội dung")
    screen = await chairman.say(right.caption or "")
    assert "một tin đính chính: 3." in screen
    assert "Đã sửa." in await chairman.choose("Có")
    await chairman.choose("Sửa nội dung")
    assert "chưa có gì thay đổi" in await chairman.say(right.caption or "")
    async with app.sessionmaker() as session:
        rows = list(await session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("fix:%"))))
    going = [r for r in rows if r.status != "cancelled"]
    assert sorted(r.person_id for r in going) == sorted(ids[k] for k in ("binh", "lan", "mai"))
    assert all(r.payload["photo"] == right.path and right.caption in r.payload["text"] for r in going)


async def test_a_cancel_pressed_again_from_a_screen_left_open_stops_no_correction(app: App) -> None:
    """Hùng cancelled the appeal naming a wrong account and, at 22:00, sent the three who had it a correction,
    due at 07:00. His “Có” under “Hủy lời kêu gọi này?”, left open on his other device or forged for the
    same appeal, came again at 22:10: it cancelled the cancelled appeal once more and stopped the three
    corrections (“Đã hủy: 3 tin”). An appeal cancelled is refused a second cancel, in the domain (0756)."""
    ids = await seed(app)
    drive_id = await _drive(app, ids)
    wrong, right = "Mời anh chị ủng hộ qua STK 0123456780.", "Mời anh chị ủng hộ qua STK 0123456789."
    night = datetime(2026, 11, 22, 22, 0, tzinfo=LOCAL_TZ)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        appeal = await send_appeal(
            session, hung, Draft(wrong, Audience("org"), drive_id), now=NOW, settings=app.settings
        )
        await _sent(session, appeal.id, waiting=ids["tam"])  # gone out to all but Tâm
        await cancel_appeal(session, hung, appeal, now=night - timedelta(hours=1))
        assert (
            await correct_appeal(session, hung, appeal, right, now=night, settings=app.settings)
        ).told == 3
        with pytest.raises(AppealError) as refused:
            await cancel_appeal(session, hung, appeal, now=night + timedelta(minutes=10))
        assert refused.value.reason == "cancelled"
        status = await appeal_status(session, appeal)
    assert status.corrections_pending == 3


@on_text_only
async def test_an_appeal_a_close_stopped_before_anyone_had_it_is_corrected_before_it_goes_on(
    app: App, make_person
) -> None:
    """The appeal naming a wrong account waited its turn when the drive was closed by mistake: every copy
    stopped, nobody had it. Hùng saw the mistake and pressed “Sửa nội dung”: “Lời kêu gọi này đã bị hủy.”,
    and the reopening sent the wrong account on to all 4. The copies a close stopped are corrected as copies
    waiting, and go on with the right account (decision 0756)."""
    ids = await seed(app)
    drive_id = await _drive(app, ids)
    wrong, right = "Mời anh chị ủng hộ qua STK 0123456780.", "Mời anh chị ủng hộ qua STK 0123456789."
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        await send_appeal(
            session, hung, Draft(wrong, Audience("org"), drive_id), now=NOW, settings=app.settings
        )
        drive = await session.get_one(Drive, drive_id)
        await close_drive(session, hung, drive, now=NOW + timedelta(minutes=1))
    chairman = make_person("hung")
    await chairman.say("/keugoi")
    await chairman.choose("Mời anh chị ủng hộ")
    await chairman.choose("Sửa nội dung")
    assert "Bản chưa gửi sẽ gửi nội dung đã sửa: 4." in await chairman.say(right)
    assert "Đã sửa." in await chairman.choose("Có")
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        drive = await session.get_one(Drive, drive_id)
        later = NOW + timedelta(hours=1)
        reopened = await reopen_drive(session, hung, drive, now=later, resume=True, settings=app.settings)
        assert reopened.resumed == 4
        rows = list(await session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("appeal:%"))))
    assert len(rows) == 4 and all(r.status == "pending" and r.payload["text"] == right for r in rows)


async def test_who_turned_appeals_off_after_the_wrong_words_is_still_told_they_were_wrong(app: App) -> None:
    """Mai had the appeal naming a wrong account, and turned appeals off the same evening. A correction is
    not one more appeal but the words she already holds put right (she may pay to that account later, or
    have paid): she is told, as a reminder she asked for still comes (decision 0705)."""
    ids = await seed(app)
    drive_id = await _drive(app, ids)
    wrong, right = "Mời anh chị ủng hộ qua STK 0123456780.", "Mời anh chị ủng hộ qua STK 0123456789."
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        mai = await session.get_one(Person, ids["mai"])
        appeal = await send_appeal(
            session, hung, Draft(wrong, Audience("org"), drive_id), now=NOW, settings=app.settings
        )
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.key.like(f"appeal:{appeal.id}:%"))
            .values(status="sent", sent_at=NOW)
        )
        await set_appeals(session, mai, on=False, now=NOW + timedelta(hours=1))
        done = await correct_appeal(
            session, hung, appeal, right, now=NOW + timedelta(hours=2), settings=app.settings
        )
        told = set(
            await session.scalars(
                select(OutboxMessage.person_id).where(OutboxMessage.key.like(f"fix:appeal:{appeal.id}:%"))
            )
        )
    assert ids["mai"] in told and done.told == len(told)


async def test_a_correction_on_the_drives_last_evening_reaches_who_had_it_the_next_morning(
    any_app: App,
) -> None:
    """The drive ends today; its appeal, with a wrong account number, went to everyone at 09:00. At 22:00 the
    chairman corrects it: the corrections wait for 07:00 (after the quiet hours), past the drive's end, while
    it still takes late gifts, and those who had the wrong number are told, not “0” (decision 0691)."""
    app = any_app
    ids = await seed(app)
    wrong, right = "Mời anh chị ủng hộ qua STK 0123456780.", "Mời anh chị ủng hộ qua STK 0123456789."
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        ends_today = NewDrive("Tháng cao điểm 2026", date(2026, 10, 17), date(2026, 11, 22))
        drive = await create_drive(session, hung, ends_today, now=NOW)
        appeal = await send_appeal(
            session, hung, Draft(wrong, Audience("org"), drive.id), now=NOW, settings=app.settings
        )
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.key.like(f"appeal:{appeal.id}:%"))
            .values(status="sent", sent_at=NOW)
        )
        night = NOW + timedelta(hours=13)  # 22/11, 22:00, the drive's last evening
        reach = await correction_reach(session, hung, appeal)
        done = await correct_appeal(session, hung, appeal, right, now=night, settings=app.settings)
        fixes = list(await session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("fix:%"))))
    assert appeal.recipients > 0 and reach.told == done.told == len(fixes) == appeal.recipients
    morning = datetime(2026, 11, 23, 7, 0, tzinfo=LOCAL_TZ)
    assert all(r.status == "pending" and r.not_before == morning < r.expires_at for r in fixes)
    assert all(right in r.payload["text"] and wrong not in r.payload["text"] for r in fixes)
    # held till the morning, each is kept in the other language too: whoever reads English by then gets
    # it in English, as a correction sent at once would go (decisions 0231, 0792)
    english = [in_readers_language(r.payload, "en")["text"] for r in fixes]
    assert all(t.startswith("Correction to the appeal of") and right in t for t in english)


async def test_two_corrections_pressed_at_once_end_with_the_last_words_everywhere_on_postgresql(
    pg_app: App,  # noqa: F811
) -> None:
    """The chairman presses “Có” on a correction on his phone and, at the same moment, on a fuller one at his
    desk (two sessions on PostgreSQL, the second waiting for the first's locks). The second had read the
    appeal before the first was done: the copy waiting and the appeal took its words, but those who had it got
    the first's correction, never rewritten (3 of 3). Now the second waits for the appeal, reads the first's
    words and rewrites the corrections still waiting: everyone reads the last words, once (decision 0690)."""
    app = pg_app
    ids = await seed(app)
    drive_id = await _drive(app, ids)
    wrong = "Mời anh chị ủng hộ qua STK 0123456780."
    first_words, last_words = (
        "Mời anh chị ủng hộ qua STK 0123456789.",
        "Mời anh chị ủng hộ qua STK 0123456789 (VCB).",
    )
    night = NOW + timedelta(hours=13)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        appeal_id = (
            await send_appeal(
                session, hung, Draft(wrong, Audience("org"), drive_id), now=NOW, settings=app.settings
            )
        ).id
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.key.like(f"appeal:{appeal_id}:%"), OutboxMessage.person_id != ids["binh"])
            .values(status="sent", sent_at=NOW)
        )
    async with app.sessionmaker() as phone, phone.begin(), app.sessionmaker() as desk, desk.begin():
        at_desk = await desk.get_one(Appeal, appeal_id)  # read before the phone's correction is done
        on_phone = await correct_appeal(
            phone,
            await actor_for(phone, await phone.get_one(Person, ids["hung"])),
            await phone.get_one(Appeal, appeal_id),
            first_words,
            now=night,
            settings=app.settings,
        )
        hung_at_desk = await actor_for(desk, await desk.get_one(Person, ids["hung"]))
        running = asyncio.ensure_future(
            correct_appeal(desk, hung_at_desk, at_desk, last_words, now=night, settings=app.settings)
        )
        waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
        async with app.sessionmaker() as watcher:
            while not running.done() and not await watcher.scalar(waiting):
                await watcher.rollback()  # a fresh look at the server each time round
        await phone.commit()
        at_the_desk = await running
    async with app.sessionmaker() as session:
        rows = list(await session.scalars(select(OutboxMessage).where(OutboxMessage.person_id.is_not(None))))
        fixes = [r for r in rows if r.key.startswith("fix:")]
        binh = next(r for r in rows if r.key == f"appeal:{appeal_id}:{ids['binh']}")
        assert (await session.get_one(Appeal, appeal_id)).text == last_words == binh.payload["text"]
    assert on_phone.told == at_the_desk.told == len(fixes) == len({r.person_id for r in fixes}) > 0
    assert all(last_words in r.payload["text"] for r in fixes)
