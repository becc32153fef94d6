"""“Tin nhắn gửi nhóm” (decision 0109): one message of its own, made to be forwarded into a group chat as
it is, from a drive's screen, an appeal's status and the Fund's statement — the figures the drive's screen
and its public page show, how to give, the page's link and a thank-you; never a name, a single gift or a
hardship case; in the organisation's language; only for those who may see the drives' screens, whatever a
press says."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import App
from bot.config import Settings
from bot.db.models import CaseSupport, Drive, HardshipCase, Organisation, Person, Remittance, Unit
from bot.domain.access import Operator, actor_for
from bot.domain.drives import NewDrive, create_drive
from bot.domain.group_news import GroupNewsError, drive_news, fund_news
from bot.i18n import Translator
from bot.messages import Reply
from bot.public_web import public_routes
from bot.web import make_web_app
from handlers.group_message import drive_text
from tests import test_telegram
from tests.support.clocks import NOW
from tests.support.ledger import ledger_entry
from tests.support.people import Person as Scripted
from tests.support.profiles import on_buttons, on_text_only
from tests.test_access import add_person
from tests.test_appeals_telegram import OFFICER, people
from tests.test_drives import seed
from tests.test_public_page import NAMES, drive_with_gifts, key_for
from tests.test_telegram import Harness

BASE = "https://chungtay.example.vn"
GROUP = "Tin nhắn gửi nhóm"
DRIVE = "Áo ấm <cho> học sinh"
ACCOUNT = "Vietcombank – 0123456789 – CONG DOAN BENH VIEN"
# The drive of tests.test_public_page with the organisation's account, Telegram and Zalo names set and its
# public page made: word for word what the group reads (Lan's 200.000 ₫ still waits: not in it).
MESSAGE = (
    "📣 Bệnh viện Đa khoa — Áo ấm <cho> học sinh (01/11/2026–31/12/2026)\n"
    "Đã nhận (thủ quỹ đã xác nhận): tiền 500.000\xa0₫; hiện vật trị giá 300.000\xa0₫.\n"
    "Mục tiêu 2.000.000\xa0₫: đã đạt 40% tính theo tiền và hiện vật đã xác nhận.\n"
    "Số người đã ủng hộ: 2.\n"
    "Cách ủng hộ:\n"
    "• Qua Chung Tay trên Telegram: https://t.me/ChungTayBot, chọn “Ghi nhận đóng góp”.\n"
    "• Qua Chung Tay trên Zalo: tìm “Chung Tay – Bệnh viện”, nhắn “Ghi nhận đóng góp”.\n"
    f"• Chuyển khoản: {ACCOUNT}. Nội dung: mã Chung Tay gửi khi anh/chị ghi nhận (dạng CT-2026-…).\n"
    "Công khai thu – chi: {url}\n"
    "Trân trọng cảm ơn anh chị đã chung tay vì người nghèo! 🙏"
)


@pytest.fixture
def settings(db_path: Path, tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{db_path}",
        media_dir=tmp_path / "media",
        telegram_bot_token=None,
        telegram_bot_username="@ChungTayBot",
        zalo_bot_name="Chung Tay – Bệnh viện",
        public_url=BASE + "/",
        _env_file=None,
    )  # type: ignore[call-arg]


@pytest.fixture
async def web(app: App) -> AsyncIterator[TestClient]:
    server = TestServer(make_web_app(app.sessionmaker, public_routes(app.sessionmaker, app.engine.clock)))
    async with TestClient(server) as client:
        yield client


async def hospital(app: App) -> tuple[dict[str, int], int, str]:
    """tests.test_drives' hospital with the drive of tests.test_public_page, the organisation's account set,
    a hardship case the drive paid 300.000 ₫ to, and the drive's public page made by its officer."""
    ids = await seed(app)
    drive_id = await drive_with_gifts(app, ids)
    async with app.sessionmaker() as session, session.begin():
        org = await session.get_one(Organisation, 1)
        org.transfer_bank, org.transfer_account, org.transfer_holder = (
            "970436",
            "0123456789",
            "CONG DOAN BENH VIEN",
        )
        case = HardshipCase(
            org_id=1,
            subject="household",
            name="Hộ Đinh Văn Sáu",
            circumstances="x",
            needs="x",
            created_at=NOW,
        )
        session.add(case)
        await session.flush()
        session.add(
            CaseSupport(
                case_id=case.id,
                drive_id=drive_id,
                source="drive",
                kind="money",
                amount_vnd=300_000,
                delivered_on=NOW.date(),
                created_at=NOW,
            )
        )
    key = await key_for(app, drive_id, ids["hung"])
    return ids, drive_id, key


def forwarded(person: Scripted) -> list[Reply]:
    """The messages of the last turn made to be forwarded: on their own, without a button."""
    return [r for r in person.last if r.text.startswith("📣")]


@on_text_only
async def test_the_officer_gets_the_drives_message_alone_with_the_screens_and_the_public_pages_figures(
    app: App, make_person, web: TestClient
) -> None:
    _ids, _drive_id, key = await hospital(app)
    hung = make_person("hung")
    await hung.say("/dotvandong")
    screen = await hung.choose(DRIVE)
    await hung.choose(GROUP)

    [message] = forwarded(hung)
    assert message.text == MESSAGE.format(url=f"{BASE}/congkhai/{key}")
    assert not message.choices and not message.actions and message.photo is None  # a long press takes it all
    assert len(message.text.splitlines()) <= 12 and "*" not in message.text  # plain: Zalo shows Markdown
    assert hung.last[0] is message  # sent first, then the screen again in a message of its own
    after = hung.channel.show(hung.last[1])
    assert "Ở trên là tin nhắn để gửi nhóm" in after and "Chuyển tiếp" in after
    assert GROUP in [c.label for c in hung.menu.choices] and hung.menu is hung.last[-1]
    await hung.say("gửi nhóm")  # typed, as on Zalo: the same message again
    assert [r.text for r in forwarded(hung)] == [message.text]

    # The figures, word for word those of the drive's screen and of its public page.
    page = await (await web.get(f"/congkhai/{key}")).text()
    received = "tiền 500.000\xa0₫; hiện vật trị giá 300.000\xa0₫."  # no labour days given: none said
    target = "Mục tiêu 2.000.000\xa0₫: đã đạt 40% tính theo tiền và hiện vật đã xác nhận."
    for shown in (screen, after, page):
        assert f"Đã xác nhận: {received}" in shown and target in shown and "Số người đã ủng hộ: 2." in shown

    # Nothing personal: no name, no single gift (the one waiting), no hardship case, no average of two gifts.
    text = message.text
    assert not [name for name in (*NAMES, "Hùng", "Mai", "Sáu", "Đinh") if name in text]
    assert "200.000" not in text and "Hộ" not in text and "hoàn cảnh" not in text
    assert "bình quân" not in text and "trung bình" not in text


async def test_a_drive_closed_in_the_chat_tells_the_group_where_its_money_went_as_its_page_does(
    app: App, make_person, web: TestClient
) -> None:
    _ids, _drive_id, key = await hospital(app)
    hung = make_person("hung")
    await hung.say("/dotvandong")
    await hung.choose(DRIVE)
    await hung.choose("Đóng đợt vận động")
    asked = hung.channel.show(hung.last[-1])
    assert "Đợt dự kiến kéo dài đến hết 31/12/2026: đóng bây giờ là kết thúc đợt sớm." in asked
    assert "Đang chờ xác nhận: tiền 200.000\xa0₫" in asked
    screen = await hung.choose("Có")  # the drive's own screen, its group message one press away
    await hung.choose(GROUP)

    [message] = forwarded(hung)
    paid = "Đã chi hỗ trợ cho 1 hoàn cảnh: tiền 300.000\xa0₫."
    left = "Còn lại trong quỹ: tiền 200.000\xa0₫; hiện vật trị giá 300.000\xa0₫."
    assert message.text.splitlines() == [
        "📣 Bệnh viện Đa khoa — Áo ấm <cho> học sinh (01/11/2026–31/12/2026) — đã đóng ngày 22/11/2026",
        *MESSAGE.splitlines()[1:4],
        paid,
        left,  # nothing to give to any more: no way to give, but what it came to and where it went
        f"Công khai thu – chi: {BASE}/congkhai/{key}",
        MESSAGE.splitlines()[-1],
    ]
    page = await (await web.get(f"/congkhai/{key}")).text()
    for shown in (screen, page):  # the same words on the drive's screen and its public page
        assert paid in shown and left in shown
    assert "Sáu" not in message.text and "Đinh" not in message.text  # totals only: never whom it helped


@on_buttons
async def test_a_drive_long_over_that_nobody_closed_asks_no_one_to_give_in_the_group_nor_on_its_page(
    app: App, make_person, web: TestClient
) -> None:
    """Most drives are never closed: one that ended on 20/10 refuses every gift from 20/11 on (its 30 days of
    late gifts are over), so on 22/11 its message and its page say where its money went, not how to give."""
    _ids, drive_id, key = await hospital(app)
    async with app.sessionmaker() as session, session.begin():
        drive = await session.get_one(Drive, drive_id)
        drive.starts_on, drive.ends_on = date(2026, 10, 1), date(2026, 10, 20)
    hung = make_person("hung")
    await hung.say("/dotvandong")
    await hung.choose(DRIVE)
    await hung.choose(GROUP)

    [message] = forwarded(hung)
    assert "Cách ủng hộ" not in message.text and ACCOUNT not in message.text
    assert "Đã chi hỗ trợ cho 1 hoàn cảnh: tiền 300.000\xa0₫" in message.text
    page = await (await web.get(f"/congkhai/{key}")).text()
    assert "Ủng hộ bằng chuyển khoản" not in page and "Đã chi hỗ trợ cho 1 hoàn cảnh" in page


@on_text_only
async def test_on_2_january_a_drive_that_ended_on_31_december_is_thanked_as_ended_not_appealed_for(
    app: App, make_person, clock
) -> None:
    """The drive of 1/11–31/12/2026 nobody closed: on Saturday 2 January 2027 the officer posts its last
    figures to the staff group. It ended; late gifts are still recorded for its 30 days, and its money has
    gone out (a family helped, 100.000 ₫ handed to the commune's Fund): the group reads that, not an
    appeal."""
    _ids, drive_id, _key = await hospital(app)
    async with app.sessionmaker() as session, session.begin():
        session.add(
            Remittance(
                org_id=1, source="drive", drive_id=drive_id, amount_vnd=100_000, board="Ban vận động xã",
                remitted_on=date(2027, 1, 2), created_at=NOW,
            )
        )  # fmt: skip
    clock.at = datetime(2027, 1, 2, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
    hung = make_person("hung")
    await hung.say("/dotvandong")
    await hung.choose(DRIVE)
    await hung.choose(GROUP)

    [message] = forwarded(hung)
    lines = message.text.splitlines()
    assert (
        lines[0]
        == "📣 Bệnh viện Đa khoa — Áo ấm <cho> học sinh (01/11/2026–31/12/2026) — đã kết thúc ngày 31/12/2026"
    )
    assert "Đã chi hỗ trợ cho 1 hoàn cảnh: tiền 300.000\xa0₫." in lines
    assert "Đã nộp về quỹ cấp trên: 100.000\xa0₫." in lines
    # No appeal under it: whoever has not given yet is told the last day a late gift is recorded.
    assert "Cách ủng hộ:" not in lines
    late = "Đợt đã kết thúc. Ai chưa kịp ủng hộ vẫn được ghi nhận bổ sung đến hết ngày 30/01/2027:"
    assert (
        late in lines and f"• Chuyển khoản: {ACCOUNT}." in message.text
    )  # the way to give stays, said as late


@on_text_only
async def test_in_january_the_funds_2026_message_says_it_closed_and_where_its_money_went_then_points_to_2027(
    app: App, make_person, clock, web: TestClient
) -> None:
    """Monday 4 January 2027: the drive's second family got a sack of clothes on 3 January nobody priced, and
    the Fund outside the drives paid 50.000 ₫ of Lan's 70.000 ₫ to a family in December. The drive's
    message and page say the clothes as of unknown worth, never “0 ₫”, and no labour days where none went;
    the Fund's 2026 message says 2026 closed, where its money went, and asks for 2027's gifts."""
    _ids, drive_id, key = await hospital(app)
    async with app.sessionmaker() as session, session.begin():
        case = HardshipCase(
            org_id=1, subject="household", name="Hộ Lò Văn Bảy", circumstances="x", needs="x", created_at=NOW
        )
        session.add(case)
        await session.flush()
        for source, kind, amount, on in (
            ("drive", "goods", 0, date(2027, 1, 3)),
            ("fund", "money", 50_000, date(2026, 12, 20)),
        ):
            session.add(
                CaseSupport(
                    case_id=case.id, drive_id=drive_id if source == "drive" else None, source=source,
                    kind=kind, amount_vnd=amount, delivered_on=on, created_at=NOW,
                )
            )  # fmt: skip
    clock.at = datetime(2027, 1, 4, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
    hung = make_person("hung")
    await hung.say("/dotvandong")
    await hung.choose(DRIVE)
    await hung.choose(GROUP)
    [message] = forwarded(hung)
    paid = "Đã chi hỗ trợ cho 2 hoàn cảnh: tiền 300.000\xa0₫; hiện vật chưa rõ trị giá."
    page = await (await web.get(f"/congkhai/{key}")).text()
    assert paid in message.text.splitlines() and paid in page

    await hung.say("/saoke")
    await hung.choose("năm 2026")
    await hung.choose(GROUP)
    [fund] = forwarded(hung)
    lines = fund.text.splitlines()
    assert lines[0] == (
        "📣 Bệnh viện Đa khoa — Quỹ “Vì người nghèo” (ngoài các đợt vận động) năm 2026"
        " — đã kết thúc ngày 31/12/2026"
    )
    assert "Đã chi hỗ trợ cho 1 hoàn cảnh: tiền 50.000\xa0₫." in lines
    assert any(line.startswith("Còn lại trong quỹ: tiền 20.000\xa0₫") for line in lines)
    assert "Cách ủng hộ:" not in lines
    assert "Quỹ năm 2026 đã khép lại; số còn lại chuyển sang Quỹ năm 2027. Cách ủng hộ Quỹ năm 2027:" in lines
    assert "dạng CT-2027-…" in fund.text and "CT-2026-" not in fund.text


async def test_an_english_reader_gets_the_message_in_the_organisations_language_and_english_around_it(
    app: App, make_person
) -> None:
    ids, drive_id, key = await hospital(app)
    hung = make_person("hung")
    await hung.say("/ngonngu")
    await hung.choose("English")
    await hung.say("/drives")
    await hung.choose(DRIVE)
    await hung.choose("Message for the group chat")
    [message] = forwarded(hung)
    assert message.text == MESSAGE.format(url=f"{BASE}/congkhai/{key}")  # the group reads Vietnamese
    after = hung.channel.show(hung.last[1])
    assert "Above: the message for your group chat" in after and "It is in Vietnamese" in after

    async with app.sessionmaker() as session:  # an organisation writing English: the same in English
        actor = await actor_for(session, await session.get_one(Person, ids["hung"]))
        news = await drive_news(session, actor, await session.get_one(Drive, drive_id), today=NOW.date())
    english = drive_text(Translator("en"), news, app.settings, year=2026)
    assert english.splitlines()[1:5] == [
        "Received, confirmed by the treasurer: money ₫500,000; goods worth ₫300,000.",
        "Target ₫2,000,000: 40% reached by the money and goods confirmed.",
        "People who gave: 2.",
        "How to give:",
    ]
    assert f"• By transfer: {ACCOUNT}. As its description, the code Chung Tay gives" in english
    assert english.endswith("Thank you for joining hands for the poor! 🙏")


async def test_a_relief_drives_message_thanks_the_group_without_naming_the_fund_for_the_poor(
    app: App,
) -> None:
    """A relief drive after a storm is not the Fund for the Poor's (decision 0704): its message for the group
    thanks those who joined hands, in Vietnamese and in English, and says nothing of the poor."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        actor = await actor_for(session, await session.get_one(Person, ids["hung"]))
        drive = await create_drive(
            session,
            actor,
            NewDrive(
                "Cứu trợ đồng bào miền Trung bị thiệt hại do bão số 13",
                date(2026, 11, 17),
                date(2026, 11, 26),
                fund=False,
                kinds=("money", "goods"),
            ),
            now=NOW,
        )
        news = await drive_news(session, actor, drive, today=NOW.date())
    vietnamese = drive_text(Translator("vi"), news, app.settings, year=2026)
    english = drive_text(Translator("en"), news, app.settings, year=2026)
    assert vietnamese.endswith("\nTrân trọng cảm ơn anh chị đã chung tay! 🙏")
    assert english.endswith("\nThank you for joining hands! 🙏")
    assert "người nghèo" not in vietnamese and "the poor" not in english


async def test_after_an_appeal_the_officer_gets_its_drives_message_and_the_funds_from_the_statement(
    app: App, make_person
) -> None:
    ids, drive_id, key = await hospital(app)
    async with app.sessionmaker() as session, session.begin():
        # Gifts only waiting, of a member and of a donor from outside: in no figure of the message, which
        # tells what was confirmed (a finding from outside: "Số người đã ủng hộ: 8" counted two waiting, and
        # "Nhà hảo tâm ngoài đơn vị: 2, đã xác nhận 0 ₫" went to the group).
        donor = Person(org_id=1, full_name="Công ty Minh Phát", name_key="cong ty minh phat", kind="donor")
        donor.created_at = NOW
        session.add(donor)
        await session.flush()
        for giver in (await session.get_one(Person, ids["mai"]), donor):
            session.add(ledger_entry(giver, "money", 100_000, at=NOW, status="recorded", drive_id=drive_id))
    hung = make_person("hung")
    await hung.say("/keugoi")
    await hung.choose("Soạn tin mới")
    await hung.say("Mời anh chị góp áo ấm cho học sinh")
    await hung.choose(DRIVE)
    await hung.choose("Tất cả")
    await hung.choose("Gửi ngay")
    await hung.choose(GROUP)
    [message] = forwarded(hung)
    assert message.text == MESSAGE.format(url=f"{BASE}/congkhai/{key}")
    assert "Đã gửi" in hung.channel.show(hung.last[-1])  # back at the appeal's status

    await hung.say("/saoke")  # the Fund outside the drives: Lan's 70.000 ₫ this year, no page made yet
    await hung.choose("ngoài các đợt vận động")
    await hung.choose(GROUP)
    [fund] = forwarded(hung)
    assert fund.text.splitlines()[:3] == [
        "📣 Bệnh viện Đa khoa — Quỹ “Vì người nghèo” (ngoài các đợt vận động) năm 2026",
        "Đã nhận (thủ quỹ đã xác nhận): tiền 70.000\xa0₫.",
        "Số người đã ủng hộ: 1.",  # one giver: how many, and the total the statement shows, nothing more
    ]
    assert (
        "congkhai" not in fund.text and "Nguyễn" not in fund.text and f"Chuyển khoản: {ACCOUNT}" in fund.text
    )


async def test_only_those_who_may_see_the_drives_screen_get_it_whatever_is_pressed(
    app: App, make_person, profile
) -> None:
    ids, drive_id, _key = await hospital(app)
    async with app.sessionmaker() as session, session.begin():  # a leader, where leaders may see the drives
        units = {"A": await session.get_one(Unit, ids["unit A"])}
        await add_person(
            session, units, "Võ Thị Lãnh", "A", (("member", "A"), ("leader", "A")), chat_id="lead"
        )
        (await session.get_one(Organisation, 1)).leaders_see_non_givers = True
    lead = make_person("lead")
    await lead.say("/dotvandong")
    await lead.choose(DRIVE)
    shown = lead.menu
    assert GROUP in [c.label for c in shown.choices]
    async with app.sessionmaker() as session, session.begin():  # the organisation turns it off meanwhile
        (await session.get_one(Organisation, 1)).leaders_see_non_givers = False
    screen = await lead.choose(GROUP)
    assert not forwarded(lead) and "Chỉ cán bộ công đoàn" in screen

    lan = make_person("lan")  # a member: no drives' screen, and a press of its button is no way in
    assert "Chỉ cán bộ công đoàn" in await lan.say("/dotvandong")
    if profile.buttons:
        lan.last = await lan.channel.receive("lan", choice=f"{lan.menu.menu_token}:group", at=NOW)
    else:
        await lan.say("tin nhắn nhóm")
    assert not forwarded(lan)

    async with app.sessionmaker() as session:  # the domain, asked straight, refuses them and another org's
        drive = await session.get_one(Drive, drive_id)
        for who in ("lan", "tam", "mai", "vy"):
            actor = await actor_for(session, await session.get_one(Person, ids[who]))
            with pytest.raises(GroupNewsError):
                await drive_news(session, actor, drive, today=NOW.date())
            with pytest.raises(GroupNewsError):
                await fund_news(session, actor, 1, 2026, today=NOW.date())
        binh = await actor_for(session, await session.get_one(Person, ids["binh"]))  # an officer of B only
        assert (await drive_news(session, binh, drive, today=NOW.date())).progress.givers == 2


tg = test_telegram.tg
harness = test_telegram.harness
polling = test_telegram.polling


async def test_on_telegram_the_message_has_no_button_and_the_pressed_screen_is_not_replaced_by_it(
    polling: Harness,
) -> None:
    h = polling
    await people(h)
    officer = h.tg.user(OFFICER)
    await h.ask(officer, "/dotvandong")
    await h.choose(officer, "Áo ấm mùa đông")
    pressed = officer.messages()[-1]
    await h.choose(officer, GROUP)
    messages = officer.messages()
    [message] = [m for m in messages if m.text.startswith("📣")]
    assert message.buttons == [] and not message.edited and message.message_id > pressed.message_id
    assert "Áo ấm mùa đông" in message.text and "Cách ủng hộ:" in message.text
    screen = next(m for m in messages if m.message_id == pressed.message_id)
    assert screen.buttons == [] and GROUP not in screen.text  # its buttons gone, its text kept
    assert GROUP in messages[-1].labels and messages[-1].message_id > message.message_id


@on_buttons
async def test_a_communes_drive_counts_the_households_that_gave_as_households(app: App, make_person) -> None:
    """A commune's drive is given by its households: the group message says “Số hộ đã ủng hộ”, not “Số người”
    (a household is not a person); the drive's screen says the same, households whose gifts wait apart; once
    an officer gave too, people and households each by their word."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        entry = NewDrive("Quỹ xã 2026", date(2026, 11, 1), date(2026, 12, 31), target_vnd=2_000_000)
        drive = await create_drive(session, Operator(1), entry, now=NOW)
        for n, status in enumerate(("confirmed", "confirmed", "confirmed", "recorded")):
            household = Person(
                org_id=1,
                unit_id=ids["unit A"],
                full_name=f"Hộ ông Ba {n}",
                name_key=f"ho ong ba {n}",
                kind="household",
                created_at=NOW,
            )
            session.add(household)
            await session.flush()
            session.add(ledger_entry(household, "money", 30_000, at=NOW, status=status, drive_id=drive.id))
        drive_id = drive.id

    async def message() -> list[str]:
        async with app.sessionmaker() as session:
            actor = await actor_for(session, await session.get_one(Person, ids["hung"]))
            news = await drive_news(session, actor, await session.get_one(Drive, drive_id), today=NOW.date())
        return drive_text(Translator("vi"), news, app.settings, year=2026).splitlines()

    assert "Số hộ đã ủng hộ: 3." in await message()
    assert not any(line.startswith("Số người") for line in await message())
    hung = make_person("hung")
    await hung.say("/dotvandong")
    screen = await hung.choose("Quỹ xã 2026")
    assert (
        "Đã ủng hộ: 3 hộ gia đình đã được thủ quỹ xác nhận, thêm 1 hộ gia đình có khoản đang chờ xác nhận."
        in screen
    )
    async with app.sessionmaker() as session, session.begin():  # the commune's officer gives too
        lan = await session.get_one(Person, ids["lan"])
        session.add(ledger_entry(lan, "money", 100_000, at=NOW, drive_id=drive_id))
    assert "Đã ủng hộ: 1 cá nhân và 3 hộ gia đình." in await message()
