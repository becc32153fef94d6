"""A day of volunteer labour by many (docs/decisions/0406): the officer who organised it records the
members' days at once, with a photo of the day, confirmed by her; each member is told in his own chat, and she
withdraws a day a member says he did not work. Money and goods stay the treasurer's to confirm."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from bot.app import App
from bot.db.models import Contribution, Evidence, Organisation, Person, Unit
from bot.domain.access import Operator, actor_for
from bot.domain.contributions import (
    LedgerError,
    NewContribution,
    correct,
    decide,
    record_contribution,
    reverse,
    withdraw,
)
from bot.domain.drives import NewDrive, create_drive
from bot.domain.labour_days import record_labour_days
from bot.domain.roles import grant_role, revoke_role
from bot.media import store
from bot.messages import Attachment, Photo
from tests.support.counting import statements_like
from tests.support.profiles import examples_on_one_profile, on_buttons, on_text_only
from tests.test_access import add_person
from tests.test_acting_for import HOUSEHOLD, add_household
from tests.test_drives import seed
from tests.test_notices import chat

MONDAY = datetime(2026, 12, 14, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam, after Saturday 12/12's labour


async def test_the_officer_records_a_day_for_the_members_who_worked_and_each_is_told(
    app: App, make_person, clock, settings
) -> None:
    """Before: /ngaycong was no command, `/ghithay` offered no member who uses the bot, and a treasurer was
    asked to confirm each member's day (decision 0397)."""
    clock.at = MONDAY
    ids = await seed(app)
    hung, lan, tam, mai = (make_person(who) for who in ("hung", "lan", "tam", "mai"))
    for member in (lan, tam, mai):
        await member.say("/menu")
    async with app.sessionmaker() as session, session.begin():  # Tâm logged his own day on Saturday evening
        tam_himself = await session.get_one(Person, ids["tam"])
        own = await record_contribution(
            session,
            person=tam_himself,
            recorded_by=tam_himself,
            entry=NewContribution(kind="labour", labour_days=1),
            now=datetime(2026, 12, 12, 12, 0, tzinfo=UTC),
        )
    screen = await hung.say("/ngaycong")
    assert "Ai đã tham gia ngày lao động?" in screen
    await hung.choose("Nguyễn Thị Lan")
    screen = await hung.say("tam")  # part of a name: the members who have it
    assert "Phạm Văn Tâm" in screen and "Nguyễn Thị Lan" not in screen
    await hung.choose("Phạm Văn Tâm")
    await hung.choose("Xong")
    await hung.choose("Quỹ")
    assert "2 buổi hoặc 8 tiếng là 1 ngày công" in await hung.say("4 tiếng")  # whole days, as anywhere
    # what she alone confirms is the days of a week she saw, not a year's (decision 0425)
    assert "số ngày từ 1 đến 7, ví dụ: 2" in await hung.say("365")
    await hung.say("1")
    # the day they worked is asked, and a day still to come refused: nobody has worked it yet (decision 0602)
    screen = await hung.say("ngày mai")
    assert "15/12/2026 chưa đến" in screen and "ghi sau ngày đó" in screen
    # a day of a year whose figures were closed and reported is refused, as a support's is (decision 2180)
    screen = await hung.say("13/12/2025")
    assert "Ngày 13/12/2025 thuộc năm 2025, số liệu năm đó đã chốt" in screen, screen
    assert "ví dụ: 14/12/2026" in screen
    assert "Ngày lao động" not in screen
    await hung.say("12/12")
    # words where the day's photo is asked: what works said once, and the question once, not twice
    screen = await hung.say("nua ngay")
    assert "Anh/chị vui lòng gửi một ảnh" in screen
    assert screen.count("Anh/chị gửi một ảnh của ngày lao động làm minh chứng") == 1, screen
    # the day's photo exported as a PDF: asked for as the day's photo, not as a gift's receipt (0794)
    pdf = Attachment("ngay_le.pdf", sha256=None, path=None, size=90_000, refused="not_asked")
    hung.last = await hung.channel.receive("hung", attachment=pdf, at=clock())
    assert "tệp (ngay_le.pdf) không lưu được làm minh chứng cho ngày lao động" in hung.screen
    assert "biên lai" not in hung.screen and "Bỏ qua" in hung.screen
    stored = store(settings.media_dir, b"\xff\xd8\xff ngay le sua nha")
    hung.last = await hung.channel.receive(
        "hung", photo=Photo(stored.sha256, stored.path, stored.size), at=clock()
    )
    screen = hung.screen
    assert "1 ngày công" in screen and "Nguyễn Thị Lan" in screen and "Phạm Văn Tâm" in screen
    assert "Trần Thị Mai" not in screen
    # the day they are recorded under is said: a day still to come (Friday's for Sunday) is recorded after it,
    # not confirmed at once as worked and counted in the week before it (decision 0559)
    assert "ngày công đã làm, tính đến hôm nay 14/12/2026" in screen and "ghi sau ngày đó" in screen
    assert "Ngày lao động: Thứ Bảy, 12/12/2026." in screen
    # the day Tâm logged himself is named, so that it is not counted twice (a hint: it may be another day);
    # she takes him off, and comes back to the last look with the drive, the days and the photo kept
    assert f"Phạm Văn Tâm: 1 ngày công ({own.ref}, 12/12/2026)" in screen
    await hung.choose("Sửa danh sách")
    await hung.choose("Phạm Văn Tâm")
    screen = await hung.choose("Xong")
    assert "Nguyễn Thị Lan" in screen and "Phạm Văn Tâm" not in screen and "Kèm ảnh" in screen
    screen = await hung.choose("Có")
    assert "Đã ghi và xác nhận" in screen

    async with app.sessionmaker() as session, session.begin():  # the domain refuses them too, nothing written
        for worked in (date(2025, 12, 13), date(2026, 12, 15)):
            with pytest.raises(LedgerError, match="worked"):
                await record_labour_days(
                    session,
                    await session.get_one(Person, ids["hung"]),
                    [await session.get_one(Person, ids["mai"])],
                    days=1,
                    drive_id=None,
                    photo=None,
                    channel="console",
                    now=MONDAY,
                    worked=worked,
                )
    async with app.sessionmaker() as session:
        hers = Contribution.recorded_by == ids["hung"]
        entries = list(await session.scalars(select(Contribution).where(hers).order_by(Contribution.id)))
        photos = list(await session.scalars(select(Evidence.contribution_id)))
        assert (await session.get_one(Contribution, own.id)).status == "recorded"  # his own waits as before
    assert [(c.person_id, c.kind, c.labour_days, c.status, c.decided_by) for c in entries] == [
        (ids["lan"], "labour", 1, "confirmed", ids["hung"])
    ]
    assert sorted(photos) == [c.id for c in entries]  # the day's photo is each one's evidence
    # each told in his own chat, by whom, and whom to tell if he did not work; the treasurer asked nothing
    told = chat(lan)
    assert (
        "Lê Văn Hùng, người tổ chức ngày lao động, đã ghi và xác nhận cho anh/chị 1 ngày công lao động tình "
        "nguyện ngày 12/12/2026, góp cho Quỹ" in told
    )
    assert entries[0].ref in told
    assert "Lê Văn Hùng" not in chat(tam)
    assert "Có 1 khoản đóng góp đang chờ anh/chị xác nhận." in chat(mai)  # only Tâm's own, not hers

    # the digest counts each member's day once, in days, beside no money
    digest = await hung.say("/baocao")
    assert "đã ủng hộ 2" in digest and "Tuần này: 2 ngày công" in digest
    assert "Từ đầu năm 2026: 2 ngày công" in digest
    # Lan did not work that day: her look-up offers to say so (no treasurer); Hùng withdraws it; she is told
    await lan.say("/tracuu")
    assert "xin chọn “Tôi không tham gia ngày đó”" in await lan.say(entries[0].ref)
    await hung.say("/tracuu")
    await hung.say(entries[0].ref)
    await hung.choose("Rút lại")
    await hung.choose("Có")
    assert "không còn được tính" in chat(lan)
    assert "Tuần này: 1 ngày công" in await hung.say("/baocao")
    async with app.sessionmaker() as session:
        assert (await session.get_one(Contribution, entries[0].id)).status == "rejected"


@pytest.mark.parametrize(
    "entry",
    [
        NewContribution(kind="money", amount_vnd=100_000),
        NewContribution(kind="goods", amount_vnd=100_000, description="gạo"),
        NewContribution(kind="labour", labour_days=8),  # more than a week's days: no day she saw (0425)
    ],
    ids=["money", "goods", "more labour days than a week"],
)
async def test_an_officer_records_no_money_nor_goods_for_a_member_as_she_does_labour(
    app: App, clock, entry: NewContribution
) -> None:
    clock.at = MONDAY
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        officer, lan = await session.get_one(Person, ids["hung"]), await session.get_one(Person, ids["lan"])
        with pytest.raises(LedgerError):
            await record_contribution(session, person=lan, recorded_by=officer, entry=entry, now=MONDAY)
        with pytest.raises(LedgerError):
            await record_contribution(
                session, person=lan, recorded_by=officer, entry=entry, now=MONDAY, vouched=True
            )
        assert await session.scalar(select(Contribution.id)) is None


async def test_a_member_who_did_not_work_takes_the_day_off_himself_and_the_officer_is_told(
    app: App, make_person, clock
) -> None:
    """Before: he was only told to ask the officer who recorded and confirmed it, the one person who could
    take it back, so a day she made up stayed counted as long as she liked (decision 0424)."""
    clock.at = MONDAY
    ids = await seed(app)
    hung, lan = make_person("hung"), make_person("lan")
    await lan.say("/menu")
    await hung.say("/ngaycong")
    await hung.choose("Nguyễn Thị Lan")
    await hung.choose("Xong")
    await hung.choose("Quỹ")
    await hung.say("1")
    await hung.say("12/12")
    await hung.choose("Bỏ qua")
    await hung.choose("Có")
    assert "Tuần này: 1 ngày công" in await hung.say("/baocao")
    assert "gõ CT-2026-000001 tại đây và chọn “Tôi không tham gia ngày đó”" in chat(lan)  # told what to do
    await lan.say("CT-2026-000001")
    screen = await lan.choose("Tôi không tham gia ngày đó")
    assert "Lê Văn Hùng sẽ được báo" in screen
    await lan.choose("Có")
    assert "Nguyễn Thị Lan báo không tham gia ngày đó" in chat(hung)
    assert "ngày công" not in await hung.say("/baocao")
    async with app.sessionmaker() as session:
        entry = await session.scalar(select(Contribution).where(Contribution.person_id == ids["lan"]))
        assert entry is not None and (entry.status, entry.decided_by) == ("rejected", ids["lan"])


@on_text_only
async def test_a_correction_cancelling_a_members_day_is_no_day_an_officer_vouched_for(
    app: App, make_person, clock
) -> None:
    """Before: an officer's correction cancelling Lan's own labour day (recorded and confirmed by the one who
    made it) read, on Lan's look-up, as days he “recorded and confirmed as the one who organised the day”, and
    the domain let it be withdrawn like them, bringing the cancelled day back (decision 0424)."""
    clock.at = MONDAY
    ids = await seed(app)
    lan = make_person("lan")
    async with app.sessionmaker() as session, session.begin():
        lan_herself = await session.get_one(Person, ids["lan"])
        mai = await session.get_one(Person, ids["mai"])
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        own = await record_contribution(
            session,
            person=lan_herself,
            recorded_by=lan_herself,
            entry=NewContribution(kind="labour", labour_days=1),
            now=MONDAY,
        )
        treasurer = await actor_for(session, mai)
        await decide(session, own, confirmed=True, actor=treasurer, now=MONDAY)
        reversal = await reverse(session, own, actor=officer, reason="ghi nhầm", now=MONDAY)
    await lan.say("/tracuu")
    screen = await lan.say(reversal.ref)
    assert "người tổ chức ngày lao động" not in screen and "Tôi không tham gia" not in screen
    async with app.sessionmaker() as session, session.begin():
        entry = await session.get_one(Contribution, reversal.id)
        with pytest.raises(LedgerError):
            await withdraw(session, entry, actor=await actor_for(session, lan_herself), now=MONDAY)


@on_buttons
async def test_a_name_of_another_unit_at_labour_days_is_said_as_its_officer_records_it(
    app: App, make_person, clock
) -> None:
    """Before: a household of another unit, with no phone, was said to record its own day itself (“gõ: ủng
    hộ 1 ngày công”), and a colleague of another unit who had blocked the bot was said to be on the list and
    to record his own day, which nobody may do for or with him (decision 0558)."""
    clock.at = MONDAY
    ids = await seed(app)
    await add_household(app, ids, unit="A")  # Hộ ông Trần Văn Ba, of Khoa Nội, which Bình does not cover
    async with app.sessionmaker() as session, session.begin():  # Khoa of Khoa Nội, who blocked the bot
        units = {"A": await session.get_one(Unit, ids["unit A"])}
        await add_person(
            session, units, "Đỗ Văn Khoa", "A", (("member", "A"),), chat_id="k", status="blocked"
        )
    binh = make_person("binh")
    await binh.say("/ngaycong")
    screen = await binh.say("tran van ba")
    # With households on its list, the organisation reads as a commune (0139, 2031): its officers are the
    # Front's, its units hamlets; it was “cán bộ phụ trách đơn vị của họ” (decision 2120)
    assert "không thuộc thôn anh/chị phụ trách" in screen and "ủng hộ 1 ngày công" not in screen
    assert "do cán bộ Mặt trận thôn của họ ghi" in screen, screen
    screen = await binh.say("khoa")  # blocked the bot: nobody records his days, so he is no one to send on
    assert "Không tìm thấy ai" in screen and "Trong danh sách có người" not in screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count(Contribution.id))) == 0


@on_text_only
async def test_the_officer_of_his_unit_confirms_the_day_a_member_logged_himself_and_he_is_told_by_whom(
    app: App, make_person, clock
) -> None:
    """Before: a day a member logged himself (“1 ngày công”) waited for a treasurer, who never saw who
    worked; the officer who organised the day had no queue to confirm it in (decision 0434). Then: he was told
    she organised the day, while his entry waited for “the officer in charge” (decision 0550)."""
    clock.at = MONDAY
    ids = await seed(app)
    binh, tam = make_person("binh"), make_person("tam")  # Bình is the officer of Tâm's unit
    await tam.say("/menu")
    # Lan of Khoa Nội joined the day Bình organised: Bình, who may not record for her, is told why and what
    # works, not that nobody has that name and to try another part of it (decision 0550)
    await binh.say("/ngaycong")
    screen = await binh.say("lan")
    assert "không thuộc đơn vị anh/chị phụ trách" in screen and "cán bộ công đoàn/vận động" in screen
    assert "thử gõ phần khác" not in screen and "Ai đã tham gia ngày lao động?" in screen
    await binh.say("/menu")
    async with app.sessionmaker() as session, session.begin():
        tam_himself = await session.get_one(Person, ids["tam"])
        entries = (NewContribution(kind="labour", labour_days=1), NewContribution(kind="money", amount_vnd=1))
        day, money = [
            await record_contribution(
                session, person=tam_himself, recorded_by=tam_himself, entry=e, now=MONDAY
            )
            for e in entries
        ]
    await binh.say("/xacnhan")
    screen = await binh.choose("Quỹ")
    assert day.ref in screen and money.ref not in screen  # labour only: the money waits for a treasurer
    await binh.choose(day.ref)
    await binh.choose("Xác nhận các khoản")
    assert f"Đã xác nhận: {day.ref}" in await binh.choose("Có")
    # she confirms it as the officer of his unit, by the role his waiting entry named (1942), not as the
    # day's organiser: a member who joined another unit's day was told someone organised it who had not
    # (decision 0550)
    told = chat(tam)
    assert (
        f"Ngày công {day.ref} của anh/chị đã được Đặng Thị Bình, cán bộ công đoàn/vận động, xác nhận" in told
    )
    assert "người tổ chức" not in told
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, ids["binh"]))
        entry = await session.get_one(Contribution, money.id)
        with pytest.raises(LedgerError):
            await decide(session, entry, confirmed=True, actor=officer, now=MONDAY)
        assert (await session.get_one(Contribution, day.id)).decided_by == ids["binh"]


async def test_the_officer_confirms_no_more_than_a_week_of_days_a_member_logged_and_in_labours_words(
    app: App, make_person, clock
) -> None:
    """Before: Bình, the officer of Tâm's unit, confirmed the 30 days he typed for one Saturday from her
    queue, beyond the 7 days /ngaycong lets her vouch for (decision 0425); her last look read “xác nhận đã
    nhận”, a treasurer's word for money, and Tâm was told the treasurer had “received” his days (0442)."""
    clock.at = MONDAY
    ids = await seed(app)
    binh, tam = make_person("binh"), make_person("tam")
    await tam.say("/menu")
    month, day = [await _logged_himself(app, ids["tam"], kind="labour", labour_days=days) for days in (30, 1)]
    await binh.say("/xacnhan")
    await binh.choose("Quỹ")
    await binh.choose("Chọn cả trang")
    screen = await binh.choose("Xác nhận các khoản")
    assert f"{month.ref}: 30 ngày công, hơn 7 ngày" in screen  # the cap's reason, and what she may do
    # said to her as the officer she is, not as the day's organiser: Tâm logged it himself (decision 0601)
    assert "người tổ chức" not in screen and "mà anh/chị được xác nhận cho một người" in screen
    assert "đã tham gia" in screen and "đã nhận" not in screen
    assert f"Đã xác nhận: {day.ref}" in await binh.choose("Có")
    await binh.choose(month.ref)
    screen = await binh.choose("Từ chối")
    assert "không được tính" in screen and "chưa nhận được" not in screen
    await binh.choose("Quay lại")  # to the page, the tick kept
    await binh.choose("Nhận số khác")
    assert "từ 1 đến 7" in await binh.say("8")
    await binh.say("1")
    await binh.choose("Có")
    told = chat(tam)
    assert f"Ngày công {month.ref} của anh/chị đã được Đặng Thị Bình, cán bộ công đoàn/vận động" in told
    assert "1 ngày công (anh/chị đã ghi 30 ngày công)" in told and "Thủ quỹ" not in told
    async with app.sessionmaker() as session, session.begin():
        assert (await session.get_one(Contribution, month.id)).labour_days == 1
        again = await record_contribution(
            session,
            person=await session.get_one(Person, ids["tam"]),
            recorded_by=await session.get_one(Person, ids["tam"]),
            entry=NewContribution(kind="labour", labour_days=30),
            now=MONDAY,
        )
        officer = await actor_for(session, await session.get_one(Person, ids["binh"]))
        with pytest.raises(LedgerError):  # whatever the screen, the domain holds her to a week's days
            await decide(session, again, confirmed=True, actor=officer, now=MONDAY)
        treasurer = await actor_for(session, await session.get_one(Person, ids["mai"]))
        await decide(session, again, confirmed=True, actor=treasurer, now=MONDAY)  # a treasurer still may


async def test_a_households_day_is_told_to_its_officer_truly_who_confirmed_it_and_that_it_hears_nothing(
    app: App, make_person, clock
) -> None:
    """Before: Hùng's last look at /ngaycong said each would be told, where a household with no account is
    told nothing; and a household's day he logged, confirmed by Bình, the officer of its unit, reached him
    as “confirmed by the treasurer” (decision 0442)."""
    clock.at = MONDAY
    ids = await seed(app)
    household = await add_household(app, ids, unit="B")
    hung, binh = make_person("hung"), make_person("binh")
    await hung.say("/menu")
    async with app.sessionmaker() as session, session.begin():
        logged = await record_contribution(
            session,
            person=await session.get_one(Person, household),
            recorded_by=await session.get_one(Person, ids["hung"]),
            entry=NewContribution(kind="labour", labour_days=1),
            now=MONDAY,
        )
    # his list of what he recorded for others says who confirms the day: not a treasurer alone (0463)
    waits = "chờ cán bộ Mặt trận hoặc thủ quỹ xác nhận"
    waiting = f"{logged.ref} · {HOUSEHOLD} (Khoa Dược) · 1 ngày công · {waits}"
    assert f"• 14/12/2026 · {waiting}" in (await hung.say("/daghithay")).splitlines()
    seen = chat(hung)
    await binh.say("/xacnhan")
    await binh.choose("Quỹ")
    await binh.choose(logged.ref)
    await binh.choose("Xác nhận các khoản")
    await binh.choose("Có")
    told = chat(hung).removeprefix(seen)
    assert f"{logged.ref} (1 ngày công) anh/chị ghi thay cho {HOUSEHOLD}" in told
    assert "Đặng Thị Bình, cán bộ Mặt trận" in told and "thủ quỹ" not in told
    await hung.say("/ngaycong")
    await hung.say("ba")
    await hung.choose(HOUSEHOLD)
    await hung.choose("Xong")
    await hung.choose("Quỹ")
    await hung.say("1")
    await hung.say("12/12")
    screen = await hung.choose("Bỏ qua")
    assert f"{HOUSEHOLD} không dùng Chung Tay nên sẽ không được báo" in screen


@on_text_only
async def test_who_confirms_a_day_is_named_as_the_organisation_names_its_officer_on_every_screen(
    app: App, make_person, clock
) -> None:
    """Decision 1942: the collector's list said a household's day waited for “cán bộ phụ trách hoặc thủ quỹ”,
    a member's /xacnhan that days are confirmed by “cán bộ phụ trách đơn vị”, and Bình's confirming it was
    told as “Đặng Thị Bình, cán bộ phụ trách, xác nhận”, in a school as in a commune, where the giver's own
    screens name the role (1877). Every one now names it as the organisation does: the union's or the
    drive's officer in a school, the Front's in a commune; in English as the roles screen says it. Lan, a
    member, opening /ngaycong read “Chỉ cán bộ phụ trách mới ghi được ngày công của nhiều người.”: it names
    them so too, from the kind her organisation's admin said, read with her, not asked again (2220)."""
    clock.at = MONDAY
    ids = await seed(app)
    household = await add_household(app, ids, unit="B")
    hung, binh, lan = make_person("hung"), make_person("binh"), make_person("lan")
    await hung.say("/menu")
    async with app.sessionmaker() as session, session.begin():  # a school, a household of its own beside it
        await session.execute(update(Organisation).where(Organisation.id == 1).values(kind="office"))

    async def logged_and_confirmed() -> tuple[str, str, str]:
        """A day Hùng logs for the household: his list, Lan's /xacnhan, and what he is told of Bình's yes."""
        async with app.sessionmaker() as session, session.begin():
            day = await record_contribution(
                session,
                person=await session.get_one(Person, household),
                recorded_by=await session.get_one(Person, ids["hung"]),
                entry=NewContribution(kind="labour", labour_days=1),
                now=MONDAY,
            )
        listed = next(line for line in (await hung.say("/daghithay")).splitlines() if day.ref in line)
        seen = chat(hung)
        await binh.say("/xacnhan")
        await binh.choose("Quỹ")
        await binh.choose(day.ref)
        await binh.choose("Xác nhận các khoản")
        await binh.choose("Có")
        return listed, await lan.say("/xacnhan"), chat(hung).removeprefix(seen)

    listed, refused, told = await logged_and_confirmed()
    assert listed.endswith("· chờ cán bộ công đoàn/vận động hoặc thủ quỹ xác nhận"), listed
    assert "ngày công do cán bộ công đoàn/vận động của đơn vị người góp xác nhận" in refused, refused
    assert "đã được Đặng Thị Bình, cán bộ công đoàn/vận động, xác nhận" in told, told
    asked = statements_like(app, "organisation.kind, EXISTS")  # `notices.is_commune`'s one query
    refused = await lan.say("/ngaycong")
    assert "Chỉ cán bộ công đoàn/vận động mới ghi được ngày công của nhiều người." in refused, refused
    assert asked == []

    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(Organisation).where(Organisation.id == 1).values(kind="commune"))
    listed, refused, told = await logged_and_confirmed()
    assert listed.endswith("· chờ cán bộ Mặt trận hoặc thủ quỹ xác nhận"), listed
    assert "ngày công do cán bộ Mặt trận của đơn vị người góp xác nhận" in refused, refused
    assert "đã được Đặng Thị Bình, cán bộ Mặt trận, xác nhận" in told, told
    for said in (listed, refused, told):
        assert "phụ trách" not in said
    asked.clear()
    refused = await lan.say("/ngaycong")
    assert "Chỉ cán bộ Mặt trận mới ghi được ngày công của nhiều người." in refused, refused
    assert asked == []

    await lan.say("English")
    refused = await lan.say("/queue")
    assert "and labour days by a Front officer of the giver's unit" in refused, refused
    assert "Only Front officers can record the labour days of a group." in await lan.say("/labourday")


async def test_two_officers_vouching_a_members_day_at_once_count_it_once_on_sqlite_and_postgresql(
    any_app: App, clock
) -> None:
    """Before: Hùng and Bình, each at the last look of /ngaycong with nothing named for Tâm, pressed “Có” at
    the same moment: Tâm had 2 ngày công for one Saturday (decision 0443)."""
    clock.at = MONDAY
    ids = await seed(any_app)

    async def vouch(officer: str) -> str:
        async with any_app.sessionmaker() as session, session.begin():
            try:
                await record_labour_days(
                    session,
                    await session.get_one(Person, ids[officer]),
                    [await session.get_one(Person, ids["tam"])],
                    days=1,
                    drive_id=None,
                    photo=None,
                    channel="console",
                    now=MONDAY,
                )
            except LedgerError as refused:
                return refused.reason
            return "recorded"

    outcomes = await asyncio.gather(vouch("hung"), vouch("binh"))
    assert sorted(outcomes) == ["recorded", "recorded_meanwhile"]
    async with any_app.sessionmaker() as session:
        his = select(Contribution.labour_days).where(Contribution.person_id == ids["tam"])
        assert list(await session.scalars(his)) == [1]


async def test_the_second_officer_to_vouch_the_same_day_is_shown_the_first_ones_before_anything_is_written(
    app: App, make_person, clock
) -> None:
    """Before: Bình's “Có”, pressed on a last look drawn before Hùng recorded Tâm's day, recorded it again,
    and Tâm had 2 ngày công for one Saturday (decision 0443)."""
    clock.at = MONDAY
    ids = await seed(app)
    hung, binh = make_person("hung"), make_person("binh")
    for officer in (hung, binh):
        await officer.say("/ngaycong")
        await officer.say("tam")
        await officer.choose("Phạm Văn Tâm")
        await officer.choose("Xong")
        await officer.choose("Quỹ")
        await officer.say("1")
        await officer.say("12/12")
        assert "Phạm Văn Tâm: 1 ngày công" not in await officer.choose("Bỏ qua")
    assert "Đã ghi và xác nhận" in await hung.choose("Có")
    screen = await binh.say("có")  # typed, as on Zalo
    assert "Trong lúc đó" in screen and "Phạm Văn Tâm: 1 ngày công (CT-2026-000001" in screen
    # the same “có” sent twice while the reply was slow is no answer to the look drawn again (decision 0457)
    assert "Đã ghi" not in await binh.say("có")
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).where(Contribution.person_id == ids["tam"])) == 1
    clock.at = MONDAY + timedelta(minutes=2)  # read, and pressed again
    assert "Đã ghi và xác nhận" in await binh.choose("Có")  # another day after all: her word, seen
    # Sunday's day is no repeat of Saturday's; Saturday's again is named (decision 2204), by the day worked,
    # not the day recorded (decision 2321: before, “(CT-2026-000001, 14/12/2026)”, Monday's)
    for typed, named in (("13/12", False), ("12/12", True)):
        await hung.say("/ngaycong")
        await hung.say("tam")
        await hung.choose("Phạm Văn Tâm")
        await hung.choose("Xong")
        await hung.choose("Quỹ")
        await hung.say("1")
        await hung.say(typed)
        screen = await hung.choose("Bỏ qua")
        assert ("Phạm Văn Tâm: 1 ngày công (CT-2026-000001" in screen) == named, screen
    assert "• Phạm Văn Tâm: 1 ngày công (CT-2026-000001, làm ngày 12/12/2026)" in screen, screen
    assert "Đã ghi và xác nhận" in await hung.choose("Có")


async def test_an_officer_correcting_a_members_confirmed_day_raises_it_to_a_week_at_most(
    app: App, make_person, clock
) -> None:
    """Before: Tâm's 1 day, confirmed by Mai, the treasurer, was corrected by Bình, the officer of his unit,
    to 30 ngày công, confirmed by her: the week's cap of her queue (decision 0442) passed by a correction."""
    clock.at = MONDAY
    ids = await seed(app)
    binh, tam = make_person("binh"), make_person("tam")
    await tam.say("/menu")
    day = await _logged_himself(app, ids["tam"], kind="labour", labour_days=1)
    async with app.sessionmaker() as session, session.begin():
        treasurer = await actor_for(session, await session.get_one(Person, ids["mai"]))
        await decide(
            session, await session.get_one(Contribution, day.id), confirmed=True, actor=treasurer, now=MONDAY
        )
    await binh.say("/tracuu")
    await binh.say(day.ref)
    await binh.choose("Sửa số ngày công")
    assert "từ 1 đến 7" in await binh.say("30")  # asked again, nothing written
    await binh.say("2")
    await binh.say("Ghi nhầm, anh Tâm làm 2 ngày")
    assert f"Đã sửa {day.ref}" in await binh.choose("Có")  # within a week's, hers to correct
    async with app.sessionmaker() as session, session.begin():
        standing = select(Contribution).where(
            Contribution.person_id == ids["tam"], Contribution.status == "confirmed"
        )
        assert sum(entry.labour_days for entry in await session.scalars(standing)) == 2
        latest = (await session.scalars(standing.order_by(Contribution.id.desc()))).first()
        officer = await actor_for(session, await session.get_one(Person, ids["hung"]))
        with pytest.raises(LedgerError):  # whatever the screen: another officer raises it no further
            await correct(session, latest, acting=officer, figure=30, reason="30 ngày", now=MONDAY)


async def _logged_himself(app: App, person_id: int, **entry: Any) -> Contribution:
    async with app.sessionmaker() as session, session.begin():
        himself = await session.get_one(Person, person_id)
        return await record_contribution(
            session, person=himself, recorded_by=himself, entry=NewContribution(**entry), now=MONDAY
        )


async def test_a_treasurer_and_officer_whose_treasurer_role_goes_mid_screen_is_told_a_weeks_days_are_hers(
    app: App, make_person, clock
) -> None:
    """Before: Thu, a treasurer and officer of the whole organisation, lost the treasurer's role with Tâm's
    30 ngày công at her last look: her “Có” was answered that someone else had decided it meanwhile, or it
    was not hers; and with her correction of his day to 30 at its last look, that only a confirmed entry is
    corrected. It was the week's cap of an officer (decisions 0442, 0457), said now, nothing changed."""
    clock.at = MONDAY
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        units = {key: await session.get_one(Unit, ids[f"unit {key}"]) for key in "AB"}
        grants = (("member", "A"), ("treasurer", None), ("officer", None))
        ids["thu"] = (await add_person(session, units, "Võ Thị Thu", "A", grants, chat_id="thu")).id
    month = await _logged_himself(app, ids["tam"], kind="labour", labour_days=30)
    day = await _logged_himself(app, ids["tam"], kind="labour", labour_days=1)
    async with app.sessionmaker() as session, session.begin():
        treasurer = await actor_for(session, await session.get_one(Person, ids["mai"]))
        await decide(
            session, await session.get_one(Contribution, day.id), confirmed=True, actor=treasurer, now=MONDAY
        )
    thu = make_person("thu")
    await thu.say("/tracuu")
    await thu.say(day.ref)
    await thu.choose("Sửa số ngày công")
    await thu.say("30")  # as a treasurer, any figure
    await thu.say("Anh Tâm đi trại cả tháng")
    async with app.sessionmaker() as session, session.begin():
        person = await session.get_one(Person, ids["thu"])
        await revoke_role(session, Operator(person.org_id), person, "treasurer", None, now=MONDAY)
    screen = await thu.choose("Có")
    assert "Anh/chị chỉ sửa được số ngày công của một người thành tối đa 7 ngày" in screen
    async with app.sessionmaker() as session, session.begin():  # granted again, and taken at her last look
        person = await session.get_one(Person, ids["thu"])
        await grant_role(session, Operator(person.org_id), person, "treasurer", None, now=MONDAY)
    await thu.say("/xacnhan")
    await thu.choose("Quỹ")
    await thu.choose(month.ref)
    assert "30 ngày công" in await thu.choose("Xác nhận các khoản")
    async with app.sessionmaker() as session, session.begin():
        person = await session.get_one(Person, ids["thu"])
        await revoke_role(session, Operator(person.org_id), person, "treasurer", None, now=MONDAY)
    screen = await thu.choose("Có")
    assert f"{month.ref}: 30 ngày công, hơn 7 ngày công" in screen and "người khác đã xử lý" not in screen
    async with app.sessionmaker() as session:
        standing = Contribution.status == "confirmed", Contribution.person_id == ids["tam"]
        assert list(await session.scalars(select(Contribution.labour_days).where(*standing))) == [1]


@on_buttons
async def test_labour_days_beside_money_read_as_worked_and_days_refused_together_name_who_refused(
    app: App, make_person, clock
) -> None:
    """Before: Mai, the treasurer, ticking Tâm's day beside Lan's 100.000 ₫, read that she confirmed
    having received both, and was asked why they were not received, “không thấy chuyển khoản”; Tâm, two of
    his days refused together by Bình, read “2 khoản … không được chấp nhận”, not who refused them, as one
    day refused reads (decisions 0442, 0457)."""
    clock.at = MONDAY
    ids = await seed(app)
    mai, binh, tam = make_person("mai"), make_person("binh"), make_person("tam")
    await tam.say("/menu")
    await _logged_himself(app, ids["tam"], kind="labour", labour_days=1)
    await _logged_himself(app, ids["lan"], kind="money", amount_vnd=100_000)
    await mai.say("/xacnhan")
    await mai.choose("Quỹ")
    await mai.choose("Chọn cả trang")
    screen = await mai.choose("Xác nhận các khoản")
    assert "đã nhận tiền, hiện vật, và những người có ngày công đã tham gia" in screen
    await mai.choose("Không")
    screen = await mai.choose("Từ chối")
    assert "các ngày công là không tham gia" in screen and "hoặc không tham gia ngày lao động đó" in screen
    first = await _binh_refuses_two_of_tams_days(app, ids, binh)
    assert "Đặng Thị Bình, cán bộ công đoàn/vận động, không xác nhận 2 khoản của anh/chị" in chat(tam)
    # a day refused was not worked: no “record it again”, and her own look-up and progress say so in labour's
    # words, not a treasurer's “not received” (decision 0475)
    assert "Ghi nhận lại" not in chat(tam) and "Xem tiến độ" in chat(tam)
    await tam.say("/tracuu")
    screen = await tam.say(first.ref)
    assert "Trạng thái: không được xác nhận đã làm" in screen and "chưa nhận được" not in screen
    screen = await tam.say("/tiendo")
    assert "không được xác nhận đã làm" in screen and "chưa nhận được" not in screen


@examples_on_one_profile(
    ("typed", "read"),
    [
        (
            ("/language en", "/labourday", "Done", "Fund", "Skip", "Yes"),
            (
                "Record 1 labour day for 1 member, to The Fund for the Poor",
                "They will be told, and may withdraw it",
                "Recorded and confirmed: 1 labour day for one member (CT-2026-000001).",
            ),
        ),
        (
            ("/menu", "/ngaycong", "Xong", "Quỹ", "Bỏ qua", "Có"),
            (
                "Ghi cho 1 người sau, mỗi người 1 ngày công, vào Quỹ “Vì người nghèo”",
                "Người được ghi sẽ được báo tin và có thể tự rút lại",
                "Đã ghi và xác nhận: 1 ngày công cho 1 người (CT-2026-000001).",
            ),
        ),
    ],
    ids=["en", "vi"],
)
async def test_an_officer_recording_one_members_day_reads_one_member(
    app: App, make_person, clock, typed: tuple[str, ...], read: tuple[str, str, str]
) -> None:
    """In English the last look read “Record 1 labour day for each of these 1 members … Each of them will be
    told”, and the answer “for each of 1 members (CT-2026-000001–CT-2026-000001)” (decision 0563); in
    Vietnamese “Ghi 1 ngày công cho mỗi người trong 1 người sau … Mỗi người sẽ được báo tin” (0576)."""
    clock.at = MONDAY
    await seed(app)
    hung, lan = make_person("hung"), make_person("lan")
    language, command, done, fund, skip, yes = typed
    await lan.say("/menu")
    await hung.say(language)
    await hung.say(command)
    await hung.choose("Nguyễn Thị Lan")
    await hung.choose(done)
    screen = await hung.choose(fund)  # was “did each of them give? One number for all” (decision 0589)
    assert "Nguyễn Thị Lan" in screen and "each of them" not in screen and "Mỗi người" not in screen
    await hung.say("1")
    await hung.say("12/12")
    screen = await hung.choose(skip)
    assert read[0] in screen and read[1] in screen
    assert "these 1" not in screen and "trong 1 người" not in screen and "Mỗi người" not in screen
    screen = await hung.choose(yes)
    assert read[2] in screen


async def test_a_sundays_forty_members_of_two_units_from_a_paper_list_read_namesakes_apart(
    app: App, make_person, clock
) -> None:
    """The youth union's Sunday: 40 members of Khoa Nội and Khoa Dược, among them two Nguyễn Văn Nam of Khoa
    Nội (branches 1 and 2) and one of Khoa Dược, recorded by the secretary on Monday from the paper list.
    Before: the two of Khoa Nội read alike in the list she ticks and at her last look (decision 0602)."""
    clock.at = MONDAY
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        units = {key: await session.get_one(Unit, ids[f"unit {key}"]) for key in "AB"}
        members = [(f"Đoàn viên {n:02}", "AB"[n % 2], None) for n in range(1, 38)]
        members += [("Nguyễn Văn Nam", "A", "Chi đoàn 1"), ("Nguyễn Văn Nam", "A", "Chi đoàn 2")]
        members += [("Nguyễn Văn Nam", "B", None)]
        for n, (name, unit, position) in enumerate(members):
            person = await add_person(session, units, name, unit, (("member", unit),), chat_id=f"dv{n}")
            person.position = position
        gone = await add_person(session, units, "Trần Văn Cũ", "A", (("member", "A"),), chat_id="cu")
        gone.left_on = date(2026, 11, 30)
    hung = make_person("hung")
    await hung.say("/ngaycong")
    # the paper list typed as it is, one name a line: each name found alone is ticked, the rest said; one who
    # left is said to have left, not to be nobody (before: “Không tìm thấy: …, Trần Văn Cũ”; decision 0621)
    screen = await hung.say(
        "1. Đoàn viên 01\n2. doan vien 02\n3. Nguyễn Văn Nam\n4. Trần Văn Không\n5. Trần Văn Cũ"
    )
    assert "Đã chọn: 2." in screen and "Nguyễn Văn Nam" in screen.split("gõ riêng")[0], screen
    assert "Không tìm thấy: Trần Văn Không." in screen and "Trần Văn Cũ đã nghỉ từ 30/11/2026." in screen
    await hung.choose("Đoàn viên 01 (Khoa Dược)")  # ticked, and untick it again: the ticks are hers
    await hung.choose("Đoàn viên 01 (Khoa Dược)")
    screen = await hung.say("nguyen van nam")
    names = [line for line in screen.split("\n") if "Nguyễn Văn Nam" in line]
    assert len(names) == 3 and len(set(names)) == 3, names
    for name in names:
        screen = await hung.choose(name[name.index("Nguyễn") :].rstrip("]"))
    assert "Đã chọn: 5." in screen
    # the whole paper list as it is written, in the first of the two messages Telegram made of it (up to its
    # 4.096 characters): numbered, a word of address before the name, the unit or branch in brackets, the
    # days after a dash, one name twice. Before: “… 4.05x ký tự; … dưới 4.000”, and each line was “Không tìm
    # thấy” (decision 0621)
    note = "1 ngày công, sửa nhà và dọn vườn cho hộ bà Ba ở thôn 3A, từ 07h00 đến 17h00"
    address, unit = ("đ/c ", "anh ", "chị ", "em ", ""), ("Khoa Nội", "Khoa Dược")
    lines = [f"{n}. {address[n % 5]}Đoàn viên {n:02} ({unit[n % 2]}) - {note}" for n in range(1, 37)]
    lines += [
        "Đoàn viên 05",
        "đ/c Nguyễn Văn Nam (Khoa Nội, Chi đoàn 2) - 1 ngày",
        "anh Nguyễn Văn Nam (Khoa Dược)",
    ]
    paper = "\n".join(lines)
    assert 4000 < len(paper) <= 4096, len(paper)
    screen = await hung.say(paper)
    assert "Đã chọn: 39." in screen and "Không tìm thấy" not in screen and "gõ riêng" not in screen, screen
    # its last line, the second message (before: “Không tìm thấy ai có “37. chị Đoàn viên 37 …” trong tên”)
    screen = await hung.say("37. chị Đoàn viên 37 (Khoa Dược) - 1 ngày")
    assert "Đã chọn: 40." in screen and "Không tìm thấy" not in screen, screen
    await hung.choose("Xong")
    await hung.choose("Quỹ")
    await hung.say("1")
    await hung.say("13/12")
    screen = await hung.choose("Bỏ qua")
    listed = [line for line in screen.split("\n") if line.startswith("• Nguyễn Văn Nam")]
    assert listed == [
        "• Nguyễn Văn Nam (Chi đoàn 1)",
        "• Nguyễn Văn Nam (Chi đoàn 2)",
        "• Nguyễn Văn Nam (Khoa Dược)",
    ]
    assert "Ngày lao động: Chủ Nhật, 13/12/2026." in screen
    assert "Đã ghi và xác nhận cho 40 người, mỗi người 1 ngày công" in await hung.choose("Có")
    # Khoa Dược's officer pastes the list with Khoa Nội's Lan on it: said not to be hers to record (0550)
    binh = make_person("binh")
    await binh.say("/ngaycong")
    screen = await binh.say("Phạm Văn Tâm\nNguyễn Thị Lan")
    assert "Đã chọn: 1." in screen and "Không thuộc đơn vị anh/chị phụ trách: Nguyễn Thị Lan." in screen


async def test_a_day_worked_before_the_drive_began_or_in_another_year_is_not_recorded_to_it(
    app: App, make_person, clock
) -> None:
    """The youth union's Tết drive runs 1/12/2026–31/1/2027; the Sunday of 22/11 was worked for the peak
    month's drive before it. Before: “22/11” (or 13/12/2025, the year typed wrong) was taken, and the days
    were counted to the Tết drive as if worked in it (decision 0621)."""
    clock.at = MONDAY
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        period = NewDrive("Tết vì người nghèo 2027", date(2026, 12, 1), date(2027, 1, 31))
        await create_drive(session, hung, period, now=MONDAY)
    officer, lan = make_person("hung"), make_person("lan")
    await lan.say("/menu")
    await officer.say("/ngaycong")
    await officer.choose("Nguyễn Thị Lan")
    await officer.choose("Xong")
    await officer.choose("Tết vì người nghèo 2027")
    await officer.say("1")
    screen = await officer.say("22/11")
    assert "Ngày 22/11/2026 nằm ngoài đợt “Tết vì người nghèo 2027”" in screen, screen
    assert "01/12/2026–31/01/2027" in screen and "Ngày lao động" not in screen
    # the year typed wrong is of a year closed and reported, said first (decision 2180)
    screen = await officer.say("13/12/2025")
    assert "Ngày 13/12/2025 thuộc năm 2025, số liệu năm đó đã chốt" in screen, screen
    assert "Ngày lao động" not in screen
    await officer.say("13/12")
    screen = await officer.choose("Bỏ qua")
    assert "Ngày lao động: Chủ Nhật, 13/12/2026." in screen and "Tết vì người nghèo 2027" in screen
    assert "Đã ghi và xác nhận" in await officer.choose("Có")


async def test_today_pressed_just_after_midnight_is_the_day_its_button_said(
    app: App, make_person, clock
) -> None:
    """The officer reaches the day's question at 23:58 on Monday 14/12 and presses “Hôm nay, 14/12/2026” at
    00:01. Before: the last look read “Ngày lao động: 15/12/2026”, a day nobody chose (decision 0621); “hôm
    nay” typed then is the new day, as typed."""
    clock.at = datetime(2026, 12, 14, 16, 58, tzinfo=UTC)  # 23:58 in Vietnam
    await seed(app)
    hung, lan = make_person("hung"), make_person("lan")
    await lan.say("/menu")
    for typed, day in ((None, "Thứ Hai, 14/12/2026"), ("hôm nay", "Thứ Ba, 15/12/2026")):
        await hung.say("/ngaycong")
        await hung.choose("Nguyễn Thị Lan")
        await hung.choose("Xong")
        await hung.choose("Quỹ")
        await hung.say("1")
        clock.at += timedelta(minutes=3)  # 00:01 on Tuesday
        await (hung.choose("Hôm nay, 14/12/2026") if typed is None else hung.say(typed))
        screen = await hung.choose("Bỏ qua")
        assert f"Ngày lao động: {day}." in screen, screen
        clock.at = datetime(2026, 12, 14, 16, 58, tzinfo=UTC)


async def test_the_day_worked_named_as_a_hamlet_officer_says_it_is_the_one_gone_by_and_said_back(
    app: App, make_person, clock
) -> None:
    """On Monday 14/12 the officer answers “which day did they work?” as he would aloud: “chủ nhật”, “CN”,
    “thứ 7”, “sáng nay”. Before: each was answered “vui lòng gõ ngày theo ngày/tháng/năm” (decision 0657).
    Now each is the latest such day, never one to come, and the day read is said back with its weekday."""
    clock.at = MONDAY
    await seed(app)
    hung, lan = make_person("hung"), make_person("lan")
    await lan.say("/menu")
    for typed, day, said in (
        ("chủ nhật", "Chủ Nhật, 13/12/2026", "Đã đọc là Chủ Nhật, 13/12/2026."),
        ("CN", "Chủ Nhật, 13/12/2026", "Đã đọc là Chủ Nhật, 13/12/2026."),
        ("thứ 7", "Thứ Bảy, 12/12/2026", "Đã đọc là Thứ Bảy, 12/12/2026."),
        ("sáng nay", "Thứ Hai, 14/12/2026", None),
    ):
        await hung.say("/ngaycong")
        await hung.choose("Nguyễn Thị Lan")
        await hung.choose("Xong")
        await hung.choose("Quỹ")
        await hung.say("1")
        screen = await hung.say(typed)
        assert "ngày/tháng/năm" not in screen and (said is None or said in screen), screen
        screen = await hung.choose("Bỏ qua")
        assert f"Ngày lao động: {day}." in screen, screen
    # typed with the days, by the same reader of day words (decision 2201); before, the day was not taken
    # and the day's question came next
    for typed in ("1 ngày thứ bảy", "1 ngay thu 7"):
        await hung.say("/ngaycong")
        await hung.choose("Nguyễn Thị Lan")
        await hung.choose("Xong")
        await hung.choose("Quỹ")
        await hung.say(typed)
        screen = await hung.choose("Bỏ qua")
        assert "Ngày lao động: Thứ Bảy, 12/12/2026." in screen, screen


async def test_the_day_worked_said_by_the_lunar_calendar_is_said_back_with_its_solar_day(
    app: App, make_person, clock
) -> None:
    """On Monday 14/12/2026 the officer answers “which day did they work?” as the hamlet says it before Tết:
    “rằm tháng Mười âm lịch”. Before: “Anh/chị vui lòng nhập ngày theo dạng ngày/tháng/năm”. Now the day gone
    by is read, 23/11/2026, and said back with its solar day; “30 Tết” (Chạp of Ất Tỵ had 29 days) names
    the last day of that Chạp and records nothing (decision 0689)."""
    clock.at = MONDAY
    await seed(app)
    hung, lan = make_person("hung"), make_person("lan")
    await lan.say("/menu")
    await hung.say("/ngaycong")
    await hung.choose("Nguyễn Thị Lan")
    await hung.choose("Xong")
    await hung.choose("Quỹ")
    await hung.say("1")
    screen = await hung.say("30 Tết")
    assert "tháng Chạp âm lịch chỉ có 29 ngày: ngày cuối là ngày 29, Thứ Hai, 16/02/2026" in screen, screen
    assert "ví dụ: 16/02/2026" in screen and "Bỏ qua" not in screen
    # with its year, Chạp of the lunar year 2025 (10/02/2026) or the one in the solar 2025 (22/01/2025)?
    # Both gone by: both named, nothing recorded. Before, the solar example alone (decision 0731)
    screen = await hung.say("23 tháng Chạp năm 2025")
    assert "Ngày này có thể là Thứ Tư, 22/01/2025 hoặc Thứ Ba, 10/02/2026." in screen, screen
    assert "ví dụ: 22/01/2025" in screen and "Bỏ qua" not in screen
    # a year past the calendar's stopped the turn with an error: asked again as “15/2/2150” is (0752)
    screen = await hung.say("rằm tháng Giêng năm 2150")
    assert "nhập ngày theo dạng ngày/tháng/năm, ví dụ: 14/12/2026" in screen and "Bỏ qua" not in screen
    screen = await hung.say("rằm tháng Mười âm lịch")
    assert "Đã đọc là ngày 15 tháng Mười âm lịch: Thứ Hai, 23/11/2026." in screen, screen
    screen = await hung.choose("Bỏ qua")
    assert "Ngày lao động: Thứ Hai, 23/11/2026." in screen, screen


@on_buttons
async def test_days_refused_together_by_an_officer_whose_name_holds_braces_name_her(
    app: App, make_person, clock
) -> None:
    """Bình's name on the list is “Đặng Thị Bình {Tổ 1}”; she refuses two of Tâm's days together. Her name was
    put into Tâm's notice before the rest was filled in, so the braces broke the notice; now every part of it
    is filled in together (decision 2087)."""
    clock.at = MONDAY
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        (await session.get_one(Person, ids["binh"])).full_name = "Đặng Thị Bình {Tổ 1}"
    binh, tam = make_person("binh"), make_person("tam")
    await tam.say("/menu")
    await _binh_refuses_two_of_tams_days(app, ids, binh)
    said = "Đặng Thị Bình {Tổ 1}, cán bộ công đoàn/vận động, không xác nhận 2 khoản của anh/chị. Lý do: Không"
    assert said in chat(tam), chat(tam)


async def _binh_refuses_two_of_tams_days(app: App, ids: dict[str, int], binh: Any) -> Contribution:
    """Tâm logs 2 and 3 labour days himself; Bình ticks both in the Fund's list and refuses them together,
    “Không tham gia”: the first of them."""
    first, second = [
        await _logged_himself(app, ids["tam"], kind="labour", labour_days=days) for days in (2, 3)
    ]
    await binh.say("/xacnhan")
    await binh.choose("Quỹ")
    await binh.choose(first.ref)
    await binh.choose(second.ref)
    await binh.choose("Từ chối")
    await binh.say("Không tham gia")
    return first
