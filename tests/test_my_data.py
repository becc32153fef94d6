"""A member's own data: what the bot keeps about her on one screen and as her own file (/dulieu), deletion
asked for, and stopping the bot (/stop), after which nothing more is sent to her and only /start brings her
back; her gifts stay in the Fund's books (docs/decisions/0674, 0675, 0676)."""

from __future__ import annotations

from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.db.models import ChannelIdentity, Contribution, OutboxMessage, Person, Unit
from bot.delivery.outbox import NOTICE, REPLY_KEY, Destination, enqueue, recipients
from bot.delivery.transport import OutboundMessage
from bot.domain.access import actor_for
from bot.domain.cases import record_case
from bot.domain.leaving import mark_away
from tests import test_telegram as telegram
from tests.support.clocks import NOW
from tests.support.fake_telegram import FakeUser
from tests.support.profiles import examples_on_one_profile, on_buttons, on_text_only
from tests.test_access import add_person
from tests.test_acting_for import HOUSEHOLD, add_household, choose_household
from tests.test_drives import seed
from tests.test_flows import count, give_money
from tests.test_language_switch import join_in_english
from tests.test_nobody_to_confirm import give_household_a_phone
from tests.test_telegram import Harness, joined, text_of

tg, harness, polling = telegram.tg, telegram.harness, telegram.polling


async def _gives_500k(hoa) -> None:  # type: ignore[no-untyped-def]
    await give_money(hoa)
    await hoa.say("500k")
    await hoa.choose("Bỏ qua")
    assert "CT-2026-000001" in await hoa.choose("Có")


@on_text_only
async def test_asked_what_the_bot_keeps_she_sees_her_record_and_gets_it_as_her_own_file(app, hoa) -> None:
    await _gives_500k(hoa)
    async with app.sessionmaker() as session, session.begin():  # her phone on the list, a case about her
        people = {p.full_name: p for p in await session.scalars(select(Person))}
        people["Võ Thị Hoa"].phone = "0912345679"
        officer = await actor_for(session, people["Lê Văn Hùng"])
        await record_case(
            session,
            officer,
            subject="member",
            person_id=people["Võ Thị Hoa"].id,
            circumstances="Chồng bệnh nặng",
            needs="Tiền thuốc",
            now=NOW,
        )
        # her maternity leave, recorded by her officer (decision 0740): kept about her, so said to her, and
        # its reason nowhere, as it is kept nowhere (decision 0774)
        await mark_away(session, officer, people["Võ Thị Hoa"], until=date(2027, 3, 15), now=NOW)
    screen = await hoa.say("bot lưu những gì về tôi?")
    assert "Võ Thị Hoa" in screen
    # Kept and now said: her phone (masked, as the bot shows phones) and that a case about her exists, by
    # whom — never its notes (decision 0723)
    assert "• Số điện thoại theo danh sách cán bộ: ********79" in screen and "0912345679" not in screen
    assert (
        "• Hồ sơ hoàn cảnh khó khăn về anh/chị: 1, do cán bộ phụ trách lập; anh/chị hỏi họ để xem "
        "hoặc sửa" in screen
    )
    assert "Chồng bệnh" not in screen and "Tiền thuốc" not in screen
    assert (
        "• Nghỉ dài ngày đến hết ngày 15/03/2027, do cán bộ phụ trách hoặc văn phòng ghi (không lưu lý do)"
        in screen
    )
    assert "thai sản" not in screen
    assert "Đóng góp: 1 khoản, 500.000\xa0₫" in screen and "• Đăng ký thi đua: chưa có" in screen
    assert "thủ quỹ" in screen and "/congkhai" in screen and "/nhacnho" in screen
    assert await hoa.say("xem dữ liệu của tôi") == screen  # typed as people ask it, the same screen

    await hoa.choose("Nhận tệp dữ liệu")
    [handed] = hoa.channel.transport.documents("hoa")
    assert handed.document is not None and handed.document.name.endswith(".xlsx")
    sheet = load_workbook(app.settings.media_dir / handed.document.path).active
    rows = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["Họ và tên", "Võ Thị Hoa"] in rows
    assert ["Số điện thoại (danh sách cán bộ)", "0912345679"] in rows  # whole in her own file
    assert [
        "Hồ sơ hoàn cảnh khó khăn về anh/chị",
        "1, do cán bộ phụ trách lập; anh/chị hỏi họ để xem hoặc sửa",
    ] in rows
    assert ["Nghỉ dài ngày, đến hết ngày (không lưu lý do)", "15/03/2027"] in rows
    # away on training instead, the one reason kept: said, on the screen and in her file (decision 2315)
    async with app.sessionmaker() as session, session.begin():
        officer = await actor_for(session, await session.get_one(Person, people["Lê Văn Hùng"].id))
        hers = await session.get_one(Person, people["Võ Thị Hoa"].id)
        await mark_away(session, officer, hers, until=date(2027, 3, 15), now=NOW, training=True)
    screen = await hoa.say("bot lưu những gì về tôi?")
    assert "• Đi học, tập huấn đến hết ngày 15/03/2027, do cán bộ phụ trách hoặc văn phòng ghi;" in screen, (
        screen
    )
    assert "không lưu lý do" not in screen, screen
    assert not any("Chồng bệnh" in str(cell) or "Tiền thuốc" in str(cell) for row in rows for cell in row)
    assert any(row[:1] == ["CT-2026-000001"] and 500_000 in row for row in rows)


@on_text_only
async def test_her_file_leaves_the_dong_of_goods_nobody_valued_empty_never_0(app, hoa) -> None:
    """“1 chỉ vàng”, its worth the treasurer's to write: her own file and her data screen said it was given
    for 0 ₫, where the statement and the ledger leave that cell empty (decisions 0610, 0702, 0708)."""
    await hoa.say("ung ho 1 chi vang")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Bỏ qua")
    assert "CT-2026-000001" in await hoa.choose("Có")
    screen = await hoa.say("/dulieu")
    assert "Đóng góp: 1 khoản, chưa rõ trị giá\n" in screen and "0\xa0₫" not in screen  # the screen alike
    await hoa.choose("Nhận tệp dữ liệu")
    [handed] = hoa.channel.transport.documents("hoa")
    sheet = load_workbook(app.settings.media_dir / handed.document.path).active
    [gold] = [row for row in sheet.iter_rows(values_only=True) if row[0] == "CT-2026-000001"]
    assert gold[3] is None and gold[5] == "1 chỉ vàng (chưa rõ trị giá)"  # as the ledger says it


@on_buttons
async def test_asked_to_delete_she_is_told_what_stays_and_her_stop_keeps_the_ledger(app, hoa) -> None:
    await _gives_500k(hoa)
    screen = await hoa.say("xoa du lieu cua toi")
    assert "Luật Kế toán" in screen and "Ngừng dùng bot" in screen
    screen = await hoa.choose("Ngừng dùng bot")
    assert "sổ sách của Quỹ" in screen and "/start" in screen and "Có, ngừng" in screen
    assert "Không thay đổi gì" in await hoa.choose("Không")

    await hoa.say("không dùng bot nữa")
    assert "Chung Tay không gửi gì cho anh/chị nữa" in await hoa.choose("Có, ngừng")
    async with app.sessionmaker() as session:
        statuses = set(await session.scalars(select(ChannelIdentity.status)))
        gift = (await session.execute(select(Contribution))).scalar_one()
    assert statuses == {"blocked"}
    assert (gift.ref, gift.amount_vnd, gift.status) == ("CT-2026-000001", 500_000, "recorded")
    assert await count(app, Contribution) == 1

    screen = await hoa.say("/tiendo")  # anything but /start: how to come back, nothing more
    assert "/start" in screen and "500.000" not in screen
    screen = await hoa.say("/start")
    assert "Chào mừng anh/chị trở lại" in screen
    assert "500.000" in await hoa.say("/tiendo")
    await hoa.say("/menu")
    # “STOP”, as text messages are answered, typed where nothing is half-way: the stop's last look (0700)
    assert "Anh/chị muốn ngừng dùng Chung Tay?" in await hoa.say("STOP")
    assert "Không thay đổi gì" in await hoa.choose("Không")


async def answer(h: Harness, user: FakeUser, update: int) -> str:
    """What the bot answered `update` with, sent at once: the notice held for the morning still waits."""
    await h.stored(update)
    await h.sender.drain()
    return text_of(await user.wait_for_reply(update, settle=0))


async def test_on_telegram_stop_leads_to_its_screen_and_nothing_more_is_sent_after(polling: Harness) -> None:
    h = polling
    hoa = h.tg.user(701, "Hoa")
    await joined(h, hoa, h.invites.member)
    async with h.app.sessionmaker() as session, session.begin():
        person = await session.scalar(select(Person).where(Person.full_name == "Võ Thị Hoa"))
        assert person is not None
        await enqueue(  # a notice held for her until the morning
            session,
            key="notice:held-for-hoa",
            destination=Destination("telegram", "701"),
            message=OutboundMessage(text="Thông báo buổi sáng", locale="vi"),
            now=NOW,
            not_before=NOW + timedelta(hours=10),
            priority=NOTICE,
            person_id=person.id,
        )
    screen = await answer(h, hoa, await hoa.send("/stop"))
    assert "Anh/chị muốn ngừng dùng Chung Tay?" in screen and {"Có, ngừng", "Không"} <= set(hoa.last.labels)
    assert "Chung Tay không gửi gì cho anh/chị nữa" in await answer(h, hoa, await hoa.press("Có, ngừng"))
    received = len(hoa.messages())

    h.time.now += 11 * 3600
    await h.deliver()
    assert len(hoa.messages()) == received
    async with h.app.sessionmaker() as session:
        held = await session.scalar(select(OutboxMessage).where(OutboxMessage.key == "notice:held-for-hoa"))
        assert held is not None and held.status != "sent"
        assert await recipients(session, [person.id]) == []  # no appeal, reminder or digest finds her


async def _admin(app, name: str, chat_id: str, org_of: int) -> None:  # type: ignore[no-untyped-def]
    async with app.sessionmaker() as session, session.begin():
        units = {u.code: u for u in await session.scalars(select(Unit).where(Unit.org_id == org_of))}
        await add_person(session, {"A": units["KN"]}, name, "A", (("admin", None),), chat_id=chat_id)


@on_buttons
async def test_a_treasurer_who_stops_is_told_her_role_stays_and_the_office_hears_it(app, make_person) -> None:
    ids = await seed(app)  # Trần Thị Mai is the whole organisation's treasurer
    mai = make_person("mai")
    screen = await mai.say("/stop")  # no administrator yet: nobody would hear that her role goes unheard
    assert "Thủ quỹ (toàn cơ quan)" in screen and "/phanquyen" in screen and "quản trị" in screen
    await mai.choose("Không")

    async with app.sessionmaker() as session:
        org = (await session.get_one(Person, ids["mai"])).org_id
    await _admin(app, "Đỗ Văn Quân", "quan", org)
    screen = await mai.say("/stop")
    assert "Thủ quỹ (toàn cơ quan)" in screen and "văn phòng được báo" in screen
    await mai.choose("Có, ngừng")
    async with app.sessionmaker() as session:
        told = list(
            await session.scalars(
                select(OutboxMessage.payload)
                .join(Person, Person.id == OutboxMessage.person_id)
                .where(Person.full_name == "Đỗ Văn Quân")
            )
        )
    assert len(told) == 1
    assert "Trần Thị Mai" in told[0]["text"] and "Thủ quỹ (toàn cơ quan)" in told[0]["text"]
    assert "₫" not in told[0]["text"]

    lan = make_person("lan")  # a member with no role: her stop is hers alone, nobody is told
    assert "Thủ quỹ" not in await lan.say("/stop")
    await lan.choose("Có, ngừng")
    async with app.sessionmaker() as session:
        assert (
            await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.key.like("notice:stopped:%"))
            )
            == 1
        )


async def test_a_household_that_stopped_still_has_the_cash_it_gives_its_officer_recorded(
    app, make_person
) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    await give_household_a_phone(app, household)  # the son's Zalo, the household's account
    ba = make_person("ba")
    await ba.say("khong dung bot nua")  # typed without accents, as on a phone without them
    await ba.choose("Có, ngừng")

    hung = make_person("hung")  # the hamlet's officer, handed 200.000 ₫ at the door
    screen = await choose_household(hung)
    assert f"Anh/chị muốn ghi nhận gì cho {HOUSEHOLD}?" in screen  # not “nobody has that name”
    await hung.choose("Ghi nhận đóng góp")
    await hung.choose("ngoài các đợt vận động")
    await hung.choose("Tiền")
    await hung.say("200k")
    await hung.choose("Bỏ qua")
    assert f"Đã ghi nhận cho {HOUSEHOLD}: 200.000\xa0₫" in await hung.choose("Có")
    async with app.sessionmaker() as session:
        gift = (await session.execute(select(Contribution))).scalar_one()
        sent = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.person_id == household, OutboxMessage.status.in_(("pending", "sent")))
            .where(OutboxMessage.key.not_like(f"{REPLY_KEY}%"))  # what she was answered in her own chat
        )
    assert (gift.person_id, gift.recorded_by, gift.amount_vnd) == (household, ids["hung"], 200_000)
    assert sent == 0  # her stop holds: nothing goes to the household
    assert "/start" in await ba.say("/tiendo")  # and it is still stopped


@on_text_only
async def test_asked_before_joining_what_is_kept_or_to_stop_she_is_told_nothing_is_kept_yet(
    app, make_person, invites
) -> None:
    lan = make_person("lan")  # not joined: her first words ask for deletion
    screen = await lan.say("xoa du lieu cua toi")
    assert "chưa lưu hồ sơ nào về anh/chị" in screen and "cần tham gia trước" not in screen
    assert "mã mời" in screen  # joining's question follows, as before
    asked = await lan.say(invites.member)
    screen = await lan.say("/stop")  # half-way through joining: her invite kept, the name asked again
    assert "chưa lưu hồ sơ nào về anh/chị" in screen and "cần tham gia trước" not in screen
    assert screen.endswith(asked.split("\n")[-1])


@on_text_only
async def test_a_households_phone_that_stops_leaves_its_other_phones_as_they_were(app, make_person) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    await give_household_a_phone(app, household)  # the son's
    await give_household_a_phone(app, household, "me")  # and his mother's, linked to the household's record
    ba = make_person("ba")
    screen = await ba.say("/stop")
    assert "điện thoại này" in screen and "các điện thoại khác của hộ vẫn nhận tin" in screen
    await ba.choose("Có, ngừng")
    async with app.sessionmaker() as session:
        states = dict(
            (await session.execute(select(ChannelIdentity.external_id, ChannelIdentity.status))).all()
        )
        reached = await recipients(session, [household])
    assert (states["ba"], states["me"]) == ("blocked", "active")
    assert [r.destination.chat_id for r in reached] == ["me"]  # the household's notices go to her phone
    assert "/start" in await ba.say("/tiendo")


async def test_asked_in_english_as_people_ask_she_sees_what_is_kept_or_what_must_stay(
    app, invites, make_person
) -> None:
    """“I want to delete my data”, “what do you know about me”: the words around the request were
    “Please choose one of the options below”, where “delete my data” alone was answered; so are the
    Vietnamese said with theirs (“cho em xem dữ liệu của tôi”) (decision 0748)."""
    ann = make_person("ann")
    await join_in_english(ann, invites.member)
    for said in ("what do you know about me", "what data do you have about me?", "can you show me my data"):
        assert "What Chung Tay keeps about you, and why:" in await ann.say(said), said
        await ann.choose("Back")
    for said in ("I want to delete my data", "please delete my data", "delete my data please", "forget me"):
        assert "cannot be deleted, not even by the office" in await ann.say(said), said
        await ann.choose("Back")
    await ann.say("/language")
    await ann.choose("Tiếng Việt")
    assert "Chung Tay lưu gì về anh/chị" in await ann.say("cho em xem dữ liệu của tôi")
    await ann.choose("Quay lại")
    # other words beside them are not the request
    assert "Chung Tay lưu gì về anh/chị" not in await ann.say("xem dữ liệu sao kê")
    async with app.sessionmaker() as session:
        assert set(await session.scalars(select(ChannelIdentity.status))) == {"active"}


async def test_in_english_her_record_counts_one_labour_day_as_one(app, invites, make_person) -> None:
    """The /mydata screen's gifts line ends with the labour days given: “1 labour day”, never “1 labour
    days”, nor “₫0” before it."""
    ann = make_person("ann")
    await join_in_english(ann, invites.member)
    screen = await ann.say("/mydata")
    assert "• Registrations: none\n• Gifts: none\n" in screen  # not “0 years”, nor “0 entries, ₫0”
    await ann.say("/menu")
    await ann.choose("Record a contribution")
    await ann.choose("outside the drives")
    await ann.choose("Labour days")
    await ann.say("1")
    await ann.choose("Skip")
    await ann.choose("Yes")
    screen = await ann.say("/mydata")
    assert "• Gifts: 1 entry, 1 labour day\n" in screen and "labour days" not in screen and "₫" not in screen


@on_text_only
async def test_the_stop_said_as_people_say_it_asks_first_and_fewer_messages_are_offered_before_it(
    app, hoa
) -> None:
    for said in (
        "tôi muốn ngừng dùng bot",
        "cho em ngừng nhận tin nhắn",
        "đừng gửi tin cho tôi nữa",
        "khong muon nhan tin nua",
        "bot làm phiền quá",
        "please stop messaging me",
    ):
        assert "Anh/chị muốn ngừng dùng Chung Tay?" in await hoa.say(said), said
        assert "Không thay đổi gì" in await hoa.choose("Không")
    for said in ("tắt thông báo", "không nhận lời kêu gọi nữa"):  # fewer messages: that first, then the stop
        screen = await hoa.say(said)
        assert "Anh/chị muốn ngừng dùng Chung Tay?" not in screen, said
        labels = [choice.label for choice in hoa.menu.choices]
        assert labels[:3] == ["Không nhận lời kêu gọi", "Bật/tắt lời nhắc không bắt buộc", "Ngừng dùng bot"]
        await hoa.choose("Quay lại")
    await hoa.say("không nhận lời kêu gọi nữa")
    assert "Xong. Anh/chị sẽ không nhận lời kêu gọi nữa" in await hoa.choose("Không nhận lời kêu gọi")

    # “ngừng” in other words is not the stop: at the menu, nor where a gift's amount is asked
    assert "ngừng dùng Chung Tay" not in await hoa.say("mong mọi người đừng ngừng ủng hộ")
    await give_money(hoa)
    assert "ngừng dùng Chung Tay" not in await hoa.say("bot làm phiền quá")
    await hoa.say("500k")
    await hoa.choose("Bỏ qua")
    assert "CT-2026-000001" in await hoa.choose("Có")
    async with app.sessionmaker() as session:
        assert set(await session.scalars(select(ChannelIdentity.status))) == {"active"}


@examples_on_one_profile("typed", ["nhan lai keu goi", "bật lại lời kêu gọi", "nhan keu goi"])
async def test_appeals_turned_off_in_her_words_are_turned_back_on_in_her_words(app, hoa, typed: str) -> None:
    await hoa.say("khong nhan keu goi nua")
    assert "Xong. Anh/chị sẽ không nhận lời kêu gọi nữa" in await hoa.choose("Không nhận lời kêu gọi")

    screen = await hoa.say(typed)  # the screen she turned them off at says “tắt”, and offers them back

    assert "• Lời kêu gọi: tắt" in screen and "vui lòng chọn một mục" not in screen
    assert "Xong. Anh/chị sẽ nhận lại lời kêu gọi." in await hoa.choose("Nhận lại lời kêu gọi")
    async with app.sessionmaker() as session:
        off = await session.scalars(select(Person.appeals_off).where(Person.full_name == "Võ Thị Hoa"))
        assert list(off) == [False]


@on_buttons
async def test_her_photo_count_is_of_her_gifts_and_those_she_sent_for_others_are_said_apart(
    app, make_person, settings
) -> None:
    from bot.media import store
    from bot.messages import Photo

    ids = await seed(app)
    await give_household_a_phone(app, await add_household(app, ids))
    hung = make_person("hung")  # the hamlet's officer, who collects at the door and photographs the receipt
    await choose_household(hung)
    await hung.choose("Ghi nhận đóng góp")
    await hung.choose("ngoài các đợt vận động")
    await hung.choose("Tiền")
    await hung.say("200k")
    stored = store(settings.media_dir, b"\xff\xd8\xff bien lai ho ong ba")
    hung.last = await hung.channel.receive(
        "hung", photo=Photo(stored.sha256, stored.path, stored.size), at=hung.clock()
    )
    assert f"Đã ghi nhận cho {HOUSEHOLD}: 200.000\xa0₫" in await hung.choose("Có")

    screen = await hung.say("/dulieu")
    assert "Ảnh biên lai đang lưu: 0" in screen
    assert "Ảnh chứng từ anh/chị gửi cho khoản của người khác: 1" in screen

    # The household's phone writes for the first time after that: answered, what it was told waiting above
    ba = make_person("ba")
    screen = await ba.say("/dulieu")  # the household's own gift, its photo
    assert "Ảnh biên lai đang lưu: 1" in screen and "của người khác" not in screen
    [told, answered] = ba.channel.transport.messages("ba")
    assert "đã ghi giúp gia đình anh/chị" in told.message.text and "Ảnh biên lai" in answered.message.text
