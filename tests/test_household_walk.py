"""A poor household's year in a commune, walked on a text-only chat as on Zalo: in January the hamlet's Front
officer registers for “Hộ ông Hoàng Văn Sáu”, which has no smartphone, and records a gift and a result for it;
in June the household's son joins with the officer's link code and types without accents; in December the
hamlet head proposes the household for a Giấy khen. Each test holds one place where the household or its
officer was confused, stuck or addressed wrongly."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import ChannelIdentity, Contribution, Organisation, Person, RoleAssignment, Unit
from bot.demo import DEMO_PLAN
from bot.domain.access import Operator, actor_for
from bot.domain.appeals import Audience, Draft, audience_query, follow_up_count, send_appeal
from bot.domain.collected import handover_list
from bot.domain.contributions import (
    LedgerError,
    NewContribution,
    Receipt,
    evidence_of,
    possible_doubles,
    record_contribution,
)
from bot.domain.drives import NewDrive, close_drive, create_drive
from bot.domain.invites import create_invite
from bot.domain.org_import import import_staff
from bot.domain.org_settings import apply_settings, load_settings_file
from bot.domain.plans import install_plan, load_plan
from bot.domain.poverty import set_standing
from bot.domain.reminders import derive, scan
from bot.domain.roles import grant_role
from bot.media import store
from bot.messages import TEXT_ONLY, Photo
from bot.text import fold
from tests.support.clocks import MovableClock
from tests.support.people import Person as Chat
from tests.support.templates import written_once
from tests.test_linking import LINK_CODE
from tests.test_org_import import write_csv

HOUSEHOLD = "Hộ ông Hoàng Văn Sáu"
JANUARY = datetime(2026, 1, 12, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam
HEADER = ["Đơn vị", "Họ và tên", "Chức vụ", "Số điện thoại", "Vai trò", "Loại"]
# The commune's list as its office writes it: the Front's officer at the commune, a hamlet's Front officer and
# its head, and a near-poor household with no phone.
STAFF = [
    ["Ủy ban MTTQ xã", "Nguyễn Thị Mặt", "Cán bộ Ủy ban MTTQ xã", "0911000003", "cán bộ mặt trận", ""],
    ["Thôn 5", "Đinh Thị Hiền", "Trưởng ban công tác Mặt trận thôn", "0913000005", "cán bộ mặt trận", ""],
    ["Thôn 5", "Lường Văn Năm", "Trưởng thôn", "0912000005", "trưởng thôn", ""],
    ["Thôn 5", HOUSEHOLD, "", "", "", "hộ cận nghèo"],
]
CHATS = {"mat": "Nguyễn Thị Mặt", "hien": "Đinh Thị Hiền", "nam": "Lường Văn Năm"}


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(JANUARY)


_COMMUNES: dict[Path, Path] = {}  # by the migrated file copied: one per test process


@pytest.fixture
def database_file(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test's SQLite file is a copy of one `_son_thuy` wrote once a test process (tests/conftest.py's
    `db_path`, decision 2880): importing the list again took a tenth of a second of every test."""

    async def write(sessionmaker: async_sessionmaker[AsyncSession], folder: Path) -> None:
        await _son_thuy(sessionmaker, MovableClock(JANUARY), folder)

    return written_once(_COMMUNES, migrated_template, tmp_path_factory.mktemp, "son-thuy", write)


async def _son_thuy(
    sessionmaker: async_sessionmaker[AsyncSession], clock: MovableClock, folder: Path
) -> None:
    async with sessionmaker() as session, session.begin():
        org = Organisation(code="xa-son-thuy", name="UBND xã Sơn Thủy", created_at=clock())
        session.add(org)
        await session.flush()
        await install_plan(session, org, load_plan(DEMO_PLAN), now=clock())
    path = write_csv(folder / "xa.csv", HEADER, STAFF)
    report = await import_staff(sessionmaker, org, path, now=clock())
    assert report.errors == []
    async with sessionmaker() as session, session.begin():
        await chatting(session, clock)


@pytest.fixture
def commune(app: App, database_file: Path, clock: MovableClock) -> dict[str, Chat]:
    """UBND xã Sơn Thủy with the 2026–2030 plan and its list imported; the staff on it already chatting: the
    test's database a copy of the one `_son_thuy` wrote."""
    channel = CollectingChannel(app.engine, TEXT_ONLY)
    return {chat_id: Chat(channel, chat_id, clock) for chat_id in (*CHATS, "son")}


async def chatting(session: AsyncSession, clock: MovableClock) -> dict[str, Person]:
    """The staff of `CHATS` on the list, each with a console chat of that id and in Vietnamese."""
    people = {}
    for chat_id, name in CHATS.items():
        person = (await session.scalars(select(Person).where(Person.name_key == fold(name)))).one()
        await session.execute(
            update(Person).where(Person.id == person.id).values(locale="vi", consent_at=clock())
        )
        identity = ChannelIdentity(channel="console", external_id=chat_id, person_id=person.id)
        identity.created_at = clock()
        session.add(identity)
        people[chat_id] = person
    return people


async def test_the_communes_front_officer_is_told_why_a_hamlets_household_is_not_found(
    app: App, commune: dict[str, Chat]
) -> None:
    mat = commune["mat"]  # the Front's officer of the commune, listed in the Front's own unit
    await mat.say("/ghithay")

    screen = await mat.say("hoang van sau")

    assert "Không tìm thấy" not in screen  # the household is on the list: “not found” sent her looking for it
    assert "không thuộc thôn anh/chị phụ trách" in screen and "cán bộ phụ trách" not in screen
    # the Front's officers, as the commune names them: it was “cán bộ phụ trách thôn của hộ” (decision 2120)
    assert "chỉ cán bộ Mặt trận thôn của hộ, hoặc cán bộ Mặt trận toàn xã, mới ghi nhận" in screen, screen
    assert "tổ chức" not in screen  # a commune's whole is “toàn xã”, not an office's
    assert "Gõ một phần tên" in screen  # still at the question, to try another name
    # the household's hamlet typed after its name, as she would say it: the same answer, not “not found”; in
    # a ward, the ward's whole and office, not “cả xã … toàn xã” (2922)
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(Organisation).values(name="UBND phường Sơn Thủy"))
    screen = await mat.say("ho ong Hoang Van Sau thon 5")
    assert "Không tìm thấy" not in screen and "không thuộc thôn anh/chị phụ trách" in screen
    assert "chỉ cán bộ Mặt trận thôn của hộ, hoặc cán bộ Mặt trận toàn phường, mới ghi nhận" in screen, screen
    assert (
        "Nếu anh/chị phụ trách phong trào của cả phường, anh/chị đề nghị văn phòng phường cấp vai trò cán bộ "
        "Mặt trận toàn phường." in screen
    ), screen

    # the hamlet's head (a leader, not its Front officer) who collects there is told how he may record, in a
    # ward the ward's office, not “văn phòng xã” (2849)
    screen = await commune["nam"].say("ghi thay hoang van sau")
    assert "Chỉ cán bộ Mặt trận mới ghi nhận thay" in screen
    assert "văn phòng phường cấp thêm vai trò cán bộ Mặt trận của thôn" in screen
    assert "đề nghị văn phòng phường." in screen
    # and at the poverty review, which he reads but its Front officers record: who does, and how he may
    screen = await commune["nam"].say("/hongheo")
    assert "Kết quả rà soát của từng hộ do cán bộ Mặt trận của thôn hoặc của phường ghi." in screen
    assert "Trưởng thôn ghi được khi văn phòng phường cấp thêm vai trò cán bộ Mặt trận của thôn" in screen
    assert "Kết quả rà soát của từng hộ" not in await commune["hien"].say("/hongheo")  # she records them


async def record_for_household(officer: Chat, days: str = "2") -> str:
    """The hamlet's officer records labour days the household gave to the Fund, as in January."""
    await officer.say("/ghithay")
    await officer.say("hoang van sau")
    await officer.choose("Ghi nhận đóng góp")
    await officer.choose("ngoài các đợt vận động")
    await officer.choose("Ngày công")
    await officer.say(days)
    await officer.choose("Bỏ qua")
    return await officer.choose("Có")


async def son_joins(commune, clock: MovableClock) -> Chat:  # type: ignore[no-untyped-def]
    """June: the officer gives a link code for the household's new phone; the son types it on Zalo."""
    clock.at = datetime(2026, 6, 10, 12, 30, tzinfo=UTC)
    hien, son = commune["hien"], commune["son"]
    await hien.say("/ghithay")
    await hien.say("hoang van sau")
    link = LINK_CODE.search(await hien.choose("Cấp mã liên kết"))
    assert link is not None
    await son.say("/start")
    assert "dữ liệu cá nhân" in await son.say(link.group().lower())  # the data notice first, as on joining
    await son.choose("Tôi đồng ý")
    assert "Đã liên kết!" in await son.choose("Tiếng Việt")
    return son


async def test_the_households_first_own_gift_asks_whether_the_statement_may_name_it(commune, clock) -> None:
    assert "CT-2026-000001" in await record_for_household(commune["hien"])
    son = await son_joins(commune, clock)

    await son.say("ung ho 20k")
    await son.choose("ngoài các đợt vận động")
    await son.choose("Bỏ qua")
    screen = await son.choose("Có")

    # The officer's entry was not the household's answer: it is asked at its own first gift, as anyone is.
    assert "CT-2026-000002" in screen
    assert "Anh/chị có muốn bảng công khai ghi tên hộ và Thôn 5 không?" in screen
    assert "Hiện tên hộ" in [choice.label for choice in son.menu.choices]
    screen = await son.choose("Hiện tên hộ")
    assert "Đã lưu: bảng công khai hiện tên hộ." in screen

    await son.say("ung ho 10k")  # asked once: the second gift's receipt says nothing of it
    await son.choose("ngoài các đợt vận động")
    await son.choose("Bỏ qua")
    assert "hiện cả tên hộ" not in await son.choose("Có")


async def test_the_households_unnamed_gift_is_among_other_hamlets_on_the_statement_not_other_bodies(
    app: App, commune, clock
) -> None:
    """In a commune an “đơn vị” beside its hamlets and boards is a body from outside (decision 0247): the
    household's gift, the only unnamed one of Thôn 5, is pooled as the commune's other hamlets and boards, in
    the chat and on the sheet, never read as an outside body's (decision 0976)."""
    son = await son_joins(commune, clock)
    await son.say("ung ho 20k")
    await son.choose("ngoài các đợt vận động")
    await son.choose("Bỏ qua")
    await son.choose("Có")
    assert "Đã lưu: bảng công khai ghi hộ là “Nhà hảo tâm”." in await son.choose("Ẩn danh")
    async with app.sessionmaker() as session, session.begin():  # the commune's treasurer is its Front officer
        officer = (await session.scalars(select(Person).where(Person.name_key == fold(CHATS["mat"])))).one()
        session.add(
            RoleAssignment(
                person_id=officer.id,
                role="treasurer",
                org_id=officer.org_id,
                unit_id=None,
                granted_at=clock(),
            )
        )
    mat = commune["mat"]
    await mat.say("/xacnhan")
    await mat.choose("ngoài các đợt")
    await mat.choose("Chọn cả trang")
    await mat.choose("Xác nhận các khoản")
    await mat.choose("Có")

    await son.say("/saoke")
    screen = await son.choose("ngoài các đợt")
    assert "CT-2026-000001 · Nhà hảo tâm (Các thôn, ban khác) · 20.000\xa0₫" in screen
    assert "Các đơn vị khác" not in screen
    await mat.say("/saoke")
    await mat.choose("ngoài các đợt")
    [handed] = mat.channel.transport.documents("mat")
    assert handed.document is not None
    rows = load_workbook(app.settings.media_dir / handed.document.path).active.iter_rows(values_only=True)
    assert [row[3:5] for row in rows if row[2] == "CT-2026-000001"] == [("Nhà hảo tâm", "Các thôn, ban khác")]


async def _gives_for_the_household(officer: Chat) -> str:
    """The hamlet officer starts a gift for Hoàng Văn Sáu's household, up to the drive's question."""
    await officer.say("/ghithay")
    await officer.say("hoang van sau")
    return await officer.choose("Ghi nhận đóng góp")


TYPED_AT_THE_MENU = {  # what the son types without accents at the household's menu, and what it opens
    "xem dang ky": "Đăng ký thi đua năm 2026 của hộ",
    "dang ky cua ho": "Đăng ký thi đua năm 2026 của hộ",
    "xem tien do cua ho": "Tiến độ năm 2026 của hộ",
    "xem ket qua": "Hộ ghi kết quả cho nội dung nào (năm 2026)",
    "ket qua cua ho": "Hộ ghi kết quả cho nội dung nào (năm 2026)",
    "tra cuu": "mã số của món ủng hộ",
    "thanh tich": "báo cáo thành tích",
    # Whoever holds the phone says it of themselves, in capitals too, or names the household's pledge.
    "tien do cua toi": "Tiến độ năm 2026 của hộ",
    "TIEN DO CUA EM": "Tiến độ năm 2026 của hộ",
    "dang ky thoat ngheo": "Đăng ký thi đua năm 2026 của hộ",
    "DANG KY THOAT NGHEO": "Đăng ký thi đua năm 2026 của hộ",
    # A gift recorded by mistake, said so: where it is seen and withdrawn, never a new gift begun.
    "ghi nham": "Tiến độ năm 2026 của hộ",
    "GHI SAI ROI": "Tiến độ năm 2026 của hộ",
    "sai roi": "Tiến độ năm 2026 của hộ",  # said alone, as after a receipt with the wrong figure (0546)
    "nhầm rồi": "Tiến độ năm 2026 của hộ",
    "sai roi, 300k chu khong phai 200k": "Tiến độ năm 2026 của hộ",  # with the right figure said (0570)
    # “I already sent it”, no figure: where its gifts stand, never a new gift begun (a second record)
    "toi da gui roi": "chưa có trong danh sách dưới đây, anh/chị gõ để ghi lại, ví dụ: ung ho 200k",
    "da chuyen tien roi a": "Tiến độ năm 2026 của hộ",
    # An amount said in words alone, as a voice keyboard writes it: the gift, as “200 ngan” alone is (0546)
    "hai tram nghin": "Anh/chị muốn ủng hộ 200.000\xa0₫.",
    "nửa triệu": "Anh/chị muốn ủng hộ 500.000\xa0₫.",
    # Her parent's gift, typed on the household's phone: the household's (0547; a staff account's: 0571)
    "me em ung ho 50k": "Anh/chị muốn ủng hộ 50.000\xa0₫.",
    # What the household gave, asked to be seen: never a new gift begun.
    "xem dong gop": "Tiến độ năm 2026 của hộ",
    "dong gop cua ho": "Tiến độ năm 2026 của hộ",
    "xem cac khoan dong gop": "Tiến độ năm 2026 của hộ",
    # An amount changed after the gift, with none recorded yet: its gifts, never the menu (decision 2277)
    "sua lai 300k": "Tiến độ năm 2026 của hộ",
    "ghi nham, 200k thoi": "Tiến độ năm 2026 của hộ",
}


async def test_what_the_son_types_without_accents_at_the_menu_opens_what_it_says(commune, clock) -> None:
    await register_for_household(commune["hien"])
    son = await son_joins(commune, clock)

    for typed, opens in TYPED_AT_THE_MENU.items():
        await son.say("/menu")
        screen = await son.say(typed)
        assert "vui lòng chọn một mục" not in screen and opens in screen, (typed, screen)


async def register_for_household(officer: Chat) -> str:
    """January: the officer registers the household's pledge to escape poverty."""
    await officer.say("/ghithay")
    await officer.say("hoang van sau")
    await officer.choose("Đăng ký hoặc sửa")
    await officer.choose("Tự nguyện đăng ký thoát nghèo")
    await officer.choose("Xong")
    return await officer.choose("Có")


async def test_yes_typed_twice_after_the_households_registration_names_the_household(commune) -> None:
    """The hamlet officer's “co” sent twice while the reply was slow: the second was told “Đăng ký của
    anh/chị đã được lưu rồi”, the household's registration called the officer's own."""
    hien = commune["hien"]
    await hien.say("/ghithay")
    await hien.say("hoang van sau")
    await hien.choose("Đăng ký hoặc sửa")
    await hien.choose("Tự nguyện đăng ký thoát nghèo")
    await hien.choose("Xong")
    assert "Đã lưu đăng ký" in await hien.say("co")

    screen = await hien.say("co")

    assert f"Đăng ký của {HOUSEHOLD} đã được lưu rồi." in screen and "Đăng ký của anh/chị" not in screen


async def test_the_household_proposed_for_a_giay_khen_is_offered_the_households_report_not_mine(
    app: App, commune, clock
) -> None:
    await register_for_household(commune["hien"])
    son = await son_joins(commune, clock)
    clock.at = datetime(2026, 12, 3, 1, 30, tzinfo=UTC)  # 08:30, December: the hamlet head proposes it
    nam = commune["nam"]
    await nam.say("/dekhenthuong")
    screen = await nam.choose("Đề nghị khen thưởng")
    # the commune's own Giấy khen is its chairman's: no office's head stands in a commune (decision 0247)
    assert "Giấy khen của Chủ tịch UBND xã" in screen and "Thủ trưởng đơn vị" not in screen
    await nam.choose("Giấy khen của Chủ tịch UBND xã")
    await nam.choose("Hộ hoặc cá nhân trong thôn")
    screen = await nam.say("hoang van sau")
    assert "vận động bà con trong thôn ủng hộ Quỹ" in screen and "quà Tết của đơn vị" not in screen
    await nam.say("Tự nguyện đăng ký thoát nghèo, nuôi bò sinh sản")
    async with app.sessionmaker() as session, session.begin():  # the commune is now a ward (2775)
        await session.execute(update(Organisation).values(name="UBND phường Sơn Thủy"))
    # the ward's office, not “Văn phòng xã” (2920) nor “Văn phòng cơ quan”
    assert "Văn phòng phường sẽ tổng hợp hồ sơ." in await nam.choose("Có")

    transport = son.channel.transport
    notice = transport.show(transport.messages("son")[-1])
    assert "Hộ gia đình anh/chị được Lường Văn Năm đề nghị" in notice
    assert "— Báo cáo thành tích của hộ (Word)" in notice and "của tôi" not in notice
    screen = await son.say("/trogiup")
    assert "/thanhtich: dự thảo báo cáo thành tích của hộ" in screen and "của anh/chị, cho" not in screen
    async with app.sessionmaker() as session, session.begin():  # a township's household proposes no one
        await session.execute(update(Organisation).values(name="UBND thị trấn Sơn Thủy"))
    screen = await son.say("/dekhenthuong")
    assert "mới đề nghị khen thưởng; văn phòng thị trấn tổng hợp hồ sơ." in screen, screen  # (2920)


COMMUNE_DRIVE = """
campaign = "vi-nguoi-ngheo-2026-2030"
year = 2026

[[drives]]
code = "quy-vnn-xa-2026"
title = "Vận động Quỹ “Vì người nghèo” xã Sơn Thủy 2026"
starts_on = 2026-10-01
ends_on = 2026-12-31
kinds = ["money", "goods", "labour"]
fund = true
"""


# The hamlets' yearly report of the movement to the commune, as the plan asks it every year (“hàng năm báo
# cáo”, KH Kiên Giang, IV.4), on the commune's own day
REPORT_DAY = """
[[deadlines]]
code = "bao-cao-ket-qua-2026"
title = "Các thôn báo cáo kết quả phong trào năm 2026 về xã"
date = 2026-12-14
audience = "leader"
"""


async def test_the_drives_last_days_reminder_names_a_commune_drive_once(
    app, commune, clock, tmp_path
) -> None:
    await register_days_for_household(commune["hien"])
    son = await son_joins(commune, clock)
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation))).one()
        (tmp_path / "xa.toml").write_text(COMMUNE_DRIVE + REPORT_DAY)
        await apply_settings(session, org, load_settings_file(tmp_path / "xa.toml"))
    clock.at = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 08:00, a week before the hamlets' report
    async with app.sessionmaker() as session, session.begin():
        await derive(session, now=clock(), settings=app.settings)
        await scan(session, now=clock(), settings=app.settings)
    await son.say("/menu")
    transport = son.channel.transport
    shown = transport.show(next(m for m in transport.messages("son") if "xin nhắc" in transport.show(m)))
    # the hamlet's report, not his: what the household may do, in its words, no command (decision 2310)
    assert (
        "• Thôn 5 tổng hợp những gì các hộ đã ủng hộ để báo cáo, hạn ngày 14/12/2026. Nếu hộ đã góp mà "
        "chưa ghi, anh/chị nhắn lại, ví dụ: ung ho 200k hoặc 2 ngay cong. Hộ không phải làm gì thêm." in shown
    ), shown
    assert "/donggop" not in shown and "đơn vị" not in shown and "Các thôn báo cáo" not in shown
    await son.say("da xong")
    clock.at = datetime(2026, 12, 24, 1, 0, tzinfo=UTC)  # 08:00, a week before the drive ends
    async with app.sessionmaker() as session, session.begin():
        await derive(session, now=clock(), settings=app.settings)
        await scan(session, now=clock(), settings=app.settings)
    await son.say("/menu")  # the reminder waits in the outbox until the chat is read

    reminder = [m for m in transport.messages("son") if "xin nhắc" in transport.show(m)][-1]
    shown = transport.show(reminder)
    assert "Vận động Quỹ “Vì người nghèo” xã Sơn Thủy 2026 kết thúc ngày 31/12/2026" in shown
    assert "Đợt vận động Vận động" not in shown
    # Answered in words, as the son would type them, not only with “#1”/“#2” (decision 0274).
    assert "Vâng, Chung Tay sẽ nhắc lại anh/chị lúc" in await son.say("mai nhac")
    assert "Chung Tay sẽ không nhắc việc này nữa" in await son.say("đã đóng rồi")
    assert "không nhắc việc này nữa" not in await son.say("da xong")  # its button used: read as before


async def register_days_for_household(officer: Chat) -> str:
    """January: the household pledges 2 labour days, which the commune's drive takes."""
    await officer.say("/ghithay")
    await officer.say("hoang van sau")
    await officer.choose("Đăng ký hoặc sửa")
    await officer.choose("Ngày công")
    await officer.choose("Xong")
    await officer.say("2")
    return await officer.choose("Có")


async def test_the_front_officers_drive_and_codes_read_the_communes_words_not_an_offices(
    app: App, commune: dict[str, Chat], clock: MovableClock
) -> None:
    mat, nam = commune["mat"], commune["nam"]
    async with app.sessionmaker() as session, session.begin():  # the office makes her the whole commune's
        org = await session.scalar(select(Organisation))
        officer = await session.scalar(select(Person).where(Person.name_key == fold(CHATS["mat"])))
        await grant_role(session, Operator(org.id), officer, "officer", None, now=clock())
    await mat.say("/mamoi")  # a leader's code for the Front's own board: its leaders, no hamlet's head
    await mat.choose("Trưởng thôn, lãnh đạo")
    screen = await mat.choose("Ủy ban MTTQ xã")
    assert "Mã mời làm lãnh đạo Ủy ban MTTQ xã" in screen and "trưởng thôn" not in screen
    await mat.say("/mamoi")
    await mat.choose("Trưởng thôn, lãnh đạo")
    assert "Mã mời làm trưởng thôn, lãnh đạo Thôn 5" in await mat.choose("Thôn 5")
    await mat.say("/mamoi")
    screen = await mat.choose("Mã mời đang mở")
    assert ": lãnh đạo Ủy ban MTTQ xã" in screen and ": trưởng thôn, lãnh đạo Thôn 5" in screen

    async with app.sessionmaker() as session, session.begin():  # the commune is now a ward (2775)
        await session.execute(update(Organisation).values(name="UBND phường Sơn Thủy"))
    await mat.say("/dotvandong")
    await mat.choose("Mở đợt vận động mới")
    for typed in ("Áo ấm cho bà con", "1/11/2026 - 30/11/2026"):
        await mat.say(typed)
    await mat.choose("Tiền")
    await mat.say("50tr")
    for chosen in ("Không, đợt riêng", "Bỏ qua"):
        await mat.choose(chosen)
    # the ward's whole in its own word, offered and typed (2775, 2776)
    assert "cho thôn, ban nào của phường?" in mat.screen and "1. Toàn phường" in mat.screen  # (2835)
    screen = await mat.say("toàn phường")
    assert "• Dành cho: Toàn phường" in screen  # the last look the officer reads before the drive opens
    assert "cơ quan" not in screen and "Đơn vị" not in screen
    await mat.say("/ketqua")  # still the ward
    assert "Kết quả của các thôn, ban tôi theo dõi" in mat.screen and "đơn vị" not in mat.screen

    await nam.say("/menu")
    screen = await nam.choose("Đăng ký của Thôn 5")  # the hamlet's own items: no colleagues in a hamlet
    assert "Thăm hỏi, giúp đỡ người có hoàn cảnh khó khăn" in screen and "đồng nghiệp" not in screen
    screen = await nam.say("/trogiup")  # the hamlet head's help names the hamlet, not an office's unit
    assert "• /donvi: đăng ký thi đua của thôn, ban mình." in screen
    assert "• /dekhenthuong: đề nghị khen thưởng hộ gia đình, cá nhân hoặc tập thể thôn, ban mình." in screen
    screen = await mat.say("/trogiup")
    assert "• /tracuu MÃ: xem đầy đủ một khoản của thôn, ban anh/chị phụ trách" in screen
    assert "nhà hảo tâm ngoài phường (doanh nghiệp, người con xa quê, nhà hảo tâm)" in screen  # (2848)
    assert "đơn vị" not in screen and "cơ quan" not in screen

    async with app.sessionmaker() as session, session.begin():  # and she reads the whole township's figures
        await grant_role(session, Operator(org.id), officer, "leader", None, now=clock())
        await session.execute(update(Organisation).values(name="UBND TT. Sơn Thủy"))  # a township (2836)
    await mat.say("/dangky")  # the township's own, not “Của xã” (2835)
    assert "Của thị trấn: UBND TT. Sơn Thủy" in mat.screen and "cơ quan" not in mat.screen
    async with app.sessionmaker() as session, session.begin():  # a ward again, she its admin too
        await session.execute(update(Organisation).values(name="UBND phường Sơn Thủy"))
        await grant_role(session, Operator(org.id), officer, "admin", None, now=clock())
    await mat.say("/baocaonam")  # the ward's own report, not “cho xã” (2844)
    assert "Anh/chị lập báo cáo năm 2026 cho phường hay cho thôn, ban mình?" in mat.screen
    await mat.say("/mamoi")  # a code for the whole ward's treasurer, who works in a hamlet (2844)
    await mat.choose("Thủ quỹ toàn phường (một người)")
    assert "Anh/chị mời họ vào thôn hay ban nào của phường?" in mat.screen
    screen = await mat.choose("Thôn 5")
    assert "Mã mời thủ quỹ toàn phường, thuộc Thôn 5:" in screen, screen
    code = screen.split("Thôn 5:")[1].split()[0]
    screen = await nam.say(f"/start {code}")  # Năm, joined already: the role it gives in the ward's word
    assert "Mã này cho vai trò thủ quỹ toàn phường, vai trò anh/chị chưa có." in screen, screen


async def test_the_households_menu_greets_whoever_holds_its_phone_as_anh_chi(commune, clock) -> None:
    son = await son_joins(commune, clock)

    screen = await son.say("/menu")

    assert f"Xin chào anh/chị! Anh/chị cần làm gì cho {HOUSEHOLD}?" in screen
    assert f"Xin chào {HOUSEHOLD}!" not in screen  # a household is no person to greet by name


async def test_at_a_list_with_only_back_the_example_given_is_the_number_of_back(commune) -> None:
    hien = commune["hien"]  # the hamlet's Front officer: no household's standing recorded yet
    await hien.say("/hongheo")
    await hien.say("danh sach ho")
    screen = await hien.say("1")
    assert "0. Quay lại" in screen and "ví dụ: 0." in screen and "ví dụ: 1." not in screen


async def test_the_hamlet_officer_records_a_households_gift_typing_without_accents(
    app: App, commune: dict[str, Chat]
) -> None:
    hien = commune["hien"]
    await hien.say("/ghithay")
    await hien.say("hoang van sau")
    await hien.say("so 1")  # the household
    await hien.say("ghi nhan dong gop")
    await hien.say("1)")  # the Fund
    await hien.say("tien")
    screen = await hien.say("nam tram nghin")
    assert "Chưa đọc được số tiền" not in screen
    await hien.say("bo qua")
    screen = await hien.say("vang a")
    assert f"Đã ghi nhận cho {HOUSEHOLD}: 500.000\xa0₫." in screen
    async with app.sessionmaker() as session:
        gift = await session.scalar(select(Contribution))
        assert gift is not None
        giver = await session.get(Person, gift.person_id)
    assert giver is not None and giver.full_name == HOUSEHOLD and gift.amount_vnd == 500_000
    # confirmed by the commune's one treasurer, nobody else may correct what Hiền recorded: her look-up says
    # so and what to ask for; it named “thủ quỹ hoặc cán bộ Mặt trận”, whom the rule allows (decision 2767)
    async with app.sessionmaker() as session, session.begin():
        mat_person = await session.scalar(select(Person).where(Person.name_key == fold(CHATS["mat"])))
        await grant_role(session, Operator(gift.org_id), mat_person, "treasurer", None, now=gift.created_at)
    mat = commune["mat"]
    await mat.say(f"/tracuu {gift.ref}")
    assert f"{gift.ref}: đã xác nhận" in await mat.say("xac nhan")
    screen = await hien.say(f"/tracuu {gift.ref}")
    assert (
        "Khoản này do anh/chị đóng góp hoặc ghi nhận, và chưa có ai khác ở đây điều chỉnh được. Anh/chị hãy "
        "đề nghị quản trị viên giao vai trò thủ quỹ cho một người nữa (trong Chung Tay: mục “Phân quyền”, "
        "/phanquyen)." in screen
    ), screen
    assert "Sửa số tiền" not in screen
    # Mặt, who confirmed it, is told the same of hers: no other treasurer or officer is here (decision 2827)
    screen = await mat.say(f"/tracuu {gift.ref}")
    assert (
        "Anh/chị đã xác nhận khoản này, và chưa có ai khác ở đây điều chỉnh được. Anh/chị hãy đề nghị quản "
        "trị viên giao vai trò thủ quỹ cho một người nữa (trong Chung Tay: mục “Phân quyền”, /phanquyen)."
        in screen
    ), screen
    assert "thủ quỹ khác" not in screen and "Sửa số tiền" not in screen
    # a second treasurer made: someone else may, and the look-up says who else (decision 2712)
    async with app.sessionmaker() as session, session.begin():
        nam_person = await session.scalar(select(Person).where(Person.name_key == fold(CHATS["nam"])))
        await grant_role(session, Operator(gift.org_id), nam_person, "treasurer", None, now=gift.created_at)
    screen = await hien.say(f"/tracuu {gift.ref}")
    assert (
        "Khoản này do anh/chị đóng góp hoặc ghi nhận, nên người khác (thủ quỹ hoặc cán bộ Mặt trận) điều "
        "chỉnh, không phải anh/chị." in screen
    ), screen
    screen = await mat.say(f"/tracuu {gift.ref}")
    assert "nên việc điều chỉnh phải do một thủ quỹ khác hoặc cán bộ Mặt trận thực hiện." in screen, screen


async def test_the_officer_typing_the_gifts_entry_again_still_records_for_the_household(
    app: App, commune: dict[str, Chat]
) -> None:
    hien = commune["hien"]
    await _gives_for_the_household(hien)
    screen = await hien.say("ghi nhan dong gop")  # the answer she gave a moment ago, typed again

    # Still for the household, not her own gift begun afresh.
    assert f"Anh/chị ghi thay: {HOUSEHOLD} đóng góp cho đợt vận động nào?" in screen
    await hien.choose("ngoài các đợt vận động")
    await hien.choose("Tiền")
    await hien.say("200k")
    await hien.choose("Bỏ qua")
    assert f"Đã ghi nhận cho {HOUSEHOLD}: 200.000\xa0₫." in await hien.choose("Có")
    async with app.sessionmaker() as session:
        gift = await session.scalar(select(Contribution))
        assert gift is not None
        giver = await session.get(Person, gift.person_id)
    assert giver is not None and giver.full_name == HOUSEHOLD  # not the officer's own gift


async def test_the_son_types_labour_days_as_he_would_say_them_with_an_emoji(
    app: App, commune: dict[str, Chat], clock: MovableClock
) -> None:
    son = await son_joins(commune, clock)

    screen = await son.say("cho em ung ho 2 ngay cong nha 😊")

    assert "Anh/chị muốn ủng hộ 2 ngày công." in screen  # not goods called “2 ngay cong nha 😊”
    await son.choose("ngoài các đợt vận động")
    await son.choose("Bỏ qua")
    await son.choose("Có")
    async with app.sessionmaker() as session:
        gift = await session.scalar(select(Contribution))
    assert gift is not None and (gift.kind, gift.labour_days, gift.description) == ("labour", 2, None)


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [
        ("10 kg gao 🙏", ("goods", 0, "10 kg gạo")),  # the goods themselves, typed at once
        ("hang hoa", ("goods", 0, "5 áo ấm")),  # goods named as people call them: the usual question next
        ("2 ngay cong", ("labour", 2, None)),
    ],
)
async def test_the_officer_types_the_households_gift_where_its_kind_is_asked(
    app: App, commune: dict[str, Chat], typed: str, recorded: tuple[str, int, str | None]
) -> None:
    hien = commune["hien"]
    await _gives_for_the_household(hien)
    await hien.choose("ngoài các đợt vận động")

    screen = await hien.say(typed)

    assert "vui lòng chọn một mục" not in screen
    if typed == "hang hoa":
        assert "ủng hộ hiện vật gì?" in screen
        screen = await hien.say("5 ao am")
    if recorded[0] == "goods":
        assert "trị giá khoảng bao nhiêu?" in screen
        await hien.say("200k")
    await hien.choose("Bỏ qua")
    assert f"Đã ghi nhận cho {HOUSEHOLD}" in await hien.choose("Có")
    async with app.sessionmaker() as session:
        gift = await session.scalar(select(Contribution))
    assert gift is not None and (gift.kind, gift.labour_days, gift.description) == recorded


async def test_the_son_checks_one_code_then_the_next(commune, clock) -> None:
    son = await son_joins(commune, clock)
    for amount in ("20k", "10k"):
        await son.say(f"ung ho {amount}")
        await son.choose("ngoài các đợt vận động")
        await son.choose("Bỏ qua")
        await son.choose("Có")
        await son.say("/menu")
    assert "CT-2026-000001 · " in await son.say("CT-2026-000001")

    screen = await son.say("CT-2026-000002")  # the next code, typed where “What next?” is asked

    assert "vui lòng chọn một mục" not in screen
    assert "CT-2026-000002 · " in screen and "• Tiền: 10.000\xa0₫" in screen


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [
        *(("khong phai ho nay", False), ("KHÔNG PHẢI", False), ("nham ho", False)),
        *(("phai roi", True), ("phải", True)),
    ],
)
async def test_the_officer_who_sees_the_wrong_household_on_the_summary_records_nothing(
    app: App, commune: dict[str, Chat], typed: str, recorded: bool
) -> None:
    hien = commune["hien"]
    await _gives_for_the_household(hien)
    await hien.choose("ngoài các đợt vận động")
    await hien.choose("Tiền")
    await hien.say("100k")
    await hien.choose("Bỏ qua")

    screen = await hien.say(typed)  # the summary names a household she did not mean

    assert "vui lòng chọn một mục" not in screen
    assert ("CT-2026-000001" in screen) is recorded  # “phải rồi” (that is right) is a yes, not a part of No
    # “không phải hộ này”, “nhầm hộ”: the household is chosen again, the gift kept (decision 0202)
    wrong_household = "ho" in fold(typed).split()
    assert ("Chưa có khoản nào được ghi nhận" in screen) is not (recorded or wrong_household)
    assert ("chọn lại cho đúng hộ/người" in screen) is wrong_household
    async with app.sessionmaker() as session:
        assert (await session.scalar(select(Contribution)) is not None) is recorded


async def test_the_son_typing_dang_ky_thoat_ngheo_finds_that_pledge_ticked(commune, clock) -> None:
    """“dang ky thoat ngheo” opened the household's registration with nothing ticked: the pledge it names
    had to be found again in the list (the fourth item). It is ticked already; the rest is as ever."""
    son = await son_joins(commune, clock)

    screen = await son.say("dang ky thoat ngheo")

    assert "✅ Tự nguyện đăng ký thoát nghèo" in screen
    assert screen.count("✅") == 1
    screen = await son.choose("Xong")
    assert "chọn ít nhất một" not in screen


async def test_the_registration_opened_otherwise_has_nothing_ticked(commune, clock) -> None:
    son = await son_joins(commune, clock)

    screen = await son.say("dang ky")

    assert "▫️ Tự nguyện đăng ký thoát nghèo" in screen and "✅" not in screen


async def test_the_hamlet_officer_and_the_household_read_the_commune_not_an_office(commune, clock) -> None:
    """A commune's drives are the commune's (“Xã chưa có…”, not “Cơ quan…”), its account is set by the
    administrators of “toàn xã”, and a household not yet proposed for an award is told its hamlet's head
    proposes it."""
    hien = commune["hien"]
    assert "Xã chưa có đợt vận động nào." in await hien.say("/dotvandong")
    assert "Cơ quan" not in hien.screen

    son = await son_joins(commune, clock)
    screen = await son.say("/thanhtich")
    assert "Hiện hộ chưa được đề nghị khen thưởng. Khi trưởng thôn đề nghị" in screen
    assert "lãnh đạo đơn vị" not in screen
    screen = await son.say("/taikhoan")
    assert "Chỉ quản trị toàn xã mới đặt tài khoản nhận ủng hộ." in screen and "cơ quan" not in screen


async def test_the_communes_admin_reads_the_front_in_codes_the_account_and_the_last_officer_warning(
    app: App, commune
) -> None:
    """The open codes' list named a hamlet's officer code “cán bộ công đoàn Thôn 5”; the account's example
    holder was a trade union's; and in English the last officer warning read “the last of the officers of
    the Fatherland Front of Thôn 5”."""
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation).where(Organisation.code == "xa-son-thuy"))).one()
        mat = (await session.scalars(select(Person).where(Person.name_key == fold(CHATS["mat"])))).one()
        session.add(RoleAssignment(person_id=mat.id, role="admin", org_id=org.id, granted_at=JANUARY))
        thon = (await session.scalars(select(Unit).where(Unit.org_id == org.id, Unit.name == "Thôn 5"))).one()
        await create_invite(session, org, unit_code=thon.code, role="officer", now=JANUARY)
    chat = commune["mat"]
    await chat.say("/mamoi")
    screen = await chat.choose("Mã mời đang mở")
    assert ": cán bộ Mặt trận Thôn 5" in screen and "công đoàn" not in screen

    await chat.say("/taikhoan")
    await chat.choose("Đặt tài khoản")
    await chat.choose("Vietcombank")
    screen = await chat.say("0123456789")
    assert "Ví dụ: QUY VI NGUOI NGHEO XA TAN PHU." in screen and "CONG DOAN" not in screen
    screen = await chat.say("12")  # not a name: the example again, the Fund's
    assert "ví dụ: QUY VI NGUOI NGHEO XA TAN PHU." in screen

    await chat.say("/ngonngu")
    await chat.choose("English")
    await chat.say("/roles")
    await chat.choose("Take a role away")
    await chat.say("dinh thi hien")
    screen = await chat.choose("Fatherland Front officer (Thôn 5)")
    assert "Đinh Thị Hiền is the last of the Fatherland Front officers for Thôn 5: its drives" in screen


async def test_the_hamlet_officer_reads_hamlets_and_households_at_codes_cases_and_the_poverty_list(
    app: App, commune
) -> None:
    """Her invite codes offered “Thành viên (cán bộ, viên chức)” and “Lãnh đạo đơn vị” “vào đơn vị nào?”, a
    hardship case “Một cán bộ, thành viên của đơn vị” (“đồng nghiệp nào?”), the poverty list “Các đơn vị
    anh/chị phụ trách”, and /thanhtich named “lãnh đạo đơn vị”: an office's words, where the commune's are
    its hamlets and their heads; and an admin who lost the role at a drive's account was told only “toàn cơ
    quan” sets it."""
    hien = commune["hien"]
    await hien.say("/mamoi")
    labels = [choice.label for choice in hien.menu.choices]
    assert labels[:2] == ["Thành viên (người dân, cán bộ)", "Trưởng thôn, lãnh đạo"]
    assert "Anh/chị mời họ vào thôn hay ban nào của xã?" in await hien.say("truong thon")

    await hien.say("/hoancanh")
    await hien.choose("Ghi nhận hoàn cảnh mới")
    assert "Một người trong thôn, hoặc cán bộ của xã" in [choice.label for choice in hien.menu.choices]
    screen = await hien.choose("Một người trong thôn")
    assert "Anh/chị ghi nhận hoàn cảnh của ai?" in screen and "đồng nghiệp" not in screen
    await hien.say("/hongheo")
    screen = await hien.choose("Danh sách hộ")
    # In January, last year's review (decision 0271).
    assert "Các thôn anh/chị phụ trách không có hộ gia đình nào là hộ nghèo, cận nghèo năm 2025" in screen
    screen = await hien.say("/thanhtich")
    assert "Khi trưởng thôn hoặc lãnh đạo xã đề nghị, anh/chị nhận dự thảo" in screen
    assert "đơn vị" not in screen.split("\n\n")[0]

    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation).where(Organisation.code == "xa-son-thuy"))).one()
        mat = (await session.scalars(select(Person).where(Person.name_key == fold(CHATS["mat"])))).one()
        admin = RoleAssignment(person_id=mat.id, role="admin", org_id=org.id, granted_at=JANUARY)
        session.add(admin)
        await create_drive(
            session,
            Operator(org.id),
            NewDrive(title="Vận động Quỹ xã 2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)),
            now=JANUARY,
        )
    chat = commune["mat"]
    await chat.say("/dotvandong")
    await chat.choose("Vận động Quỹ xã 2026")
    async with app.sessionmaker() as session, session.begin():
        await session.delete(await session.get_one(RoleAssignment, admin.id))
    screen = await chat.choose("Đổi tài khoản")  # the role taken away while the drive's screen stood
    assert "Chỉ quản trị toàn xã mới đặt tài khoản nhận tiền của một đợt vận động." in screen


async def test_the_hamlet_head_reads_his_hamlets_commitment_and_what_the_hamlet_gave(
    app: App, commune, clock, tmp_path
) -> None:
    """The hamlet head's menu offered “Đăng ký của đơn vị” and his digest said “đơn vị đã ủng hộ”: Thôn 5 is a
    hamlet. Its commitment is named by the hamlet's name, typed “thôn” or “đơn vị” alike."""
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation))).one()
        (tmp_path / "xa.toml").write_text(COMMUNE_DRIVE)
        await apply_settings(session, org, load_settings_file(tmp_path / "xa.toml"))
    clock.at = datetime(2026, 10, 12, 1, 30, tzinfo=UTC)  # a Monday of the drive
    nam = commune["nam"]
    await nam.say("/menu")
    labels = [choice.label for choice in nam.menu.choices]
    assert "Đăng ký của Thôn 5" in labels and "Đăng ký của đơn vị" not in labels
    for typed in ("dang ky cua thon", "dang ky cua don vi"):
        await nam.say("/menu")
        assert "Anh/chị chọn các nội dung Thôn 5 đăng ký năm 2026." in await nam.say(typed)

    screen = await nam.say("/baocao")
    assert "Bản tin tuần của Thôn 5" in screen
    for who, typed in ((nam, "tien do thon"), (commune["hien"], "xem tien do cua thon")):  # as they ask it
        await who.say("/menu")
        assert "Bản tin tuần của Thôn 5" in await who.say(typed), typed
    await nam.say("/menu")
    # nothing confirmed yet reads as a sentence, not “thôn đã ủng hộ 0 ₫ đã được xác nhận”
    assert "xã Sơn Thủy 2026: thôn chưa có khoản ủng hộ nào được xác nhận" in screen
    assert "0\u00a0₫ đã được xác nhận" not in screen and "đơn vị chưa có" not in screen


async def test_the_hamlet_officer_reads_hamlets_at_an_appeals_audience_and_a_cases_page(commune) -> None:
    """Her appeal offered “Tất cả (các đơn vị tôi phụ trách)” and “Một số đơn vị”, and a person's hardship
    case read “(cán bộ, thành viên, Thôn 5)”: an office's words, where her units are the commune's hamlets."""
    hien = commune["hien"]
    await hien.say("/keugoi")
    await hien.choose("Soạn tin mới")
    await hien.say("Bà con Thôn 5 chung tay ủng hộ Quỹ Vì người nghèo.")
    await hien.choose("Cảm ơn")
    labels = [choice.label for choice in hien.menu.choices]  # her one hamlet: none to choose (2512)
    assert labels[0] == "Tất cả (các thôn, ban tôi phụ trách)" and "Một số thôn, ban" not in labels
    assert "đơn vị" not in hien.screen

    await hien.say("/hoancanh")
    await hien.choose("Ghi nhận hoàn cảnh mới")
    await hien.choose("Một người trong thôn")
    await hien.choose("Không có trong danh sách")
    await hien.say("Lò Văn Tám")
    await hien.say("Bị tai nạn lao động, nằm viện hai tháng")
    screen = await hien.say("Viện phí")
    assert "Lò Văn Tám (người dân, cán bộ" in screen and "thành viên" not in screen


async def test_the_communes_admin_reads_the_communes_account_at_a_drive_and_a_hamlet_heads_code(
    app: App, commune
) -> None:
    """A drive's money went to “tài khoản chung của cơ quan”, and a leader's code for Thôn 5 was “Mã mời làm
    lãnh đạo Thôn 5”, where the commune's account is the commune's and a hamlet's leader is its head; a
    ward's drives and account are the ward's, not “của xã” (2847)."""
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation).where(Organisation.code == "xa-son-thuy"))).one()
        org.name = "UBND phường Sơn Thủy"  # a ward (2775): the commune's words are `level_name`'s “xã”
        org.transfer_bank, org.transfer_account = "VCB", "0123456789"
        org.transfer_holder = "QUY VI NGUOI NGHEO XA SON THUY"
        mat = (await session.scalars(select(Person).where(Person.name_key == fold(CHATS["mat"])))).one()
        session.add(RoleAssignment(person_id=mat.id, role="admin", org_id=org.id, granted_at=JANUARY))
        await create_drive(
            session,
            Operator(org.id),
            NewDrive(title="Vận động Quỹ xã 2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)),
            now=JANUARY,
        )
    chat = commune["mat"]
    assert "Các đợt vận động của phường:" in await chat.say("/dotvandong")
    screen = await chat.choose("Vận động Quỹ xã 2026")
    assert "Tiền ủng hộ chuyển vào tài khoản chung của phường: " in screen
    screen = await chat.choose("Đổi tài khoản")
    assert "Tài khoản chung của phường: " in screen
    assert "Tài khoản chung của phường" in chat.menu.choices[0].label
    screen = await chat.choose("Tài khoản chung của phường")
    assert "cho tiền của “Vận động Quỹ xã 2026” chuyển lại vào tài khoản chung của phường (" in screen
    screen = await chat.choose("Có")
    assert "Đã lưu: tiền của đợt trở lại chuyển vào tài khoản chung của phường." in screen
    assert "cơ quan" not in screen and "của xã" not in screen

    await chat.say("/mamoi")
    await chat.say("truong thon")
    screen = await chat.choose("Thôn 5")
    assert "Mã mời làm trưởng thôn, lãnh đạo Thôn 5: " in screen
    await chat.say("/mamoi")
    screen = await chat.choose("Mã mời đang mở")
    assert ": trưởng thôn, lãnh đạo Thôn 5" in screen


async def test_the_household_reads_where_it_stands_in_the_review_beside_its_pledge(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    """The son asks on Zalo what the household pledged and where it stands: its progress showed the pledge
    and “chưa ghi kết quả”, never the review the hamlet's officer had recorded — on 15 December, nor on 2
    January, when 2026's block is what the household has. On 2 January the hamlet head's report of 2026 sent
    him to the treasurers' queue (“(/xacnhan)”), which is not his to open, and the son asking for the year's
    report read of “lãnh đạo đơn vị và cơ quan” and “tiến độ của mình” (decisions 2415, 2416); so did a member
    of the commune's staff (decision 2521). The hamlet's Front officer recording the household's labour days
    was told no other treasurer covers the hamlet, where the days wait for an officer too (decision 2522)."""
    await register_for_household(commune["hien"])
    son = await son_joins(commune, clock)
    hien = commune["hien"]
    clock.at = datetime(2026, 12, 15, 2, 0, tzinfo=UTC)  # 09:00, Tuesday 15 December
    screen = await record_for_household(hien)
    assert "chờ cán bộ Mặt trận hoặc thủ quỹ xác nhận" in screen
    # she who recorded the days is Thôn 5's only Front officer, and no treasurer: who else may confirm them
    # (decision 2522)
    assert (
        "Hiện chưa có cán bộ Mặt trận hoặc thủ quỹ nào khác phụ trách Thôn 5 để xác nhận ngày công này; "
        "anh/chị vui lòng báo văn phòng (quản trị viên)." in screen
    ), screen
    for year, standing in (("2025", "hộ nghèo"), ("2026", "hộ mới thoát nghèo")):
        await hien.say(f"/hongheo {year}")
        await hien.choose("Cập nhật một hộ")
        await hien.say("hoang van sau")
        await hien.say("1")
        assert "Đã ghi" in await hien.choose(standing)

    screen = await son.say("/tiendo")

    assert "• Tự nguyện đăng ký thoát nghèo: có" in screen
    assert "Rà soát hộ nghèo năm 2026: hộ mới thoát nghèo — hộ đã thoát nghèo như đã đăng ký." in screen
    assert "chưa ghi kết quả (khi làm được, gõ /ketqua)" in screen  # 2026's own: /ketqua records for it
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)  # Saturday 2 January 2027
    screen = await son.say("/tiendo")
    assert "Rà soát hộ nghèo năm 2026: hộ mới thoát nghèo" in screen
    # 2026's block is the year just ended: /ketqua records for 2027 only, so it is not invited (decision 2447)
    past = screen[screen.index("Tiến độ năm 2026 của hộ") :]
    assert "• Tự nguyện đăng ký thoát nghèo: có\n  không có kết quả nào được ghi cho năm 2026\n" in past, past
    assert "/ketqua" not in past, past
    screen = await commune["nam"].say("/baocaonam")  # 2026's, the year just ended, its labour days waiting
    assert "Báo cáo năm 2026 của Thôn 5" in screen and "Các khoản đã ghi nhận đang chờ xác nhận," in screen
    assert "/xacnhan" not in screen, screen
    assert "đang chờ thủ quỹ xác nhận (/xacnhan)" in await hien.say("/baocaonam")  # hers: she confirms days
    screen = await son.say("/baocaonam")
    assert "Báo cáo năm dành cho trưởng thôn và lãnh đạo xã. Anh/chị xem tiến độ của hộ bằng lệnh" in screen
    assert "cơ quan" not in screen, screen
    # a member of the commune's staff, neither a head nor an officer, in the commune's words (decision 2521)
    clerk = ["Văn phòng UBND xã", "Lò Thị Xuân", "Công chức Văn hóa - Xã hội", "0914000007", "", ""]
    async with app.sessionmaker() as session:
        org = await session.scalar(select(Organisation))
    assert org is not None
    path = write_csv(tmp_path / "xa-2.csv", HEADER, [*STAFF, clerk])
    assert (await import_staff(app.sessionmaker, org, path, now=clock())).created == 1
    async with app.sessionmaker() as session, session.begin():
        person = (await session.scalars(select(Person).where(Person.name_key == fold("Lò Thị Xuân")))).one()
        person.locale, person.consent_at = "vi", clock()
        session.add(
            ChannelIdentity(channel="console", external_id="xuan", person_id=person.id, created_at=clock())
        )
    xuan = Chat(son.channel, "xuan", clock)
    screen = await xuan.say("/baocaonam")
    assert "Báo cáo năm dành cho trưởng thôn và lãnh đạo xã. Anh/chị xem tiến độ của mình bằng lệnh" in screen
    assert "cơ quan" not in screen and "đơn vị" not in screen, screen
    # made the commune's treasurer, she keeps its book: pointed to it, in the commune's words (decision 2641)
    async with app.sessionmaker() as session, session.begin():
        person = await session.get_one(Person, person.id)
        await grant_role(session, Operator(org.id), person, "treasurer", None, now=clock())
    screen = await xuan.say("/baocaonam")
    assert (
        "Báo cáo năm dành cho trưởng thôn, tổ dân phố và lãnh đạo xã, phường. Lãnh đạo tự gõ /baocaonam"
        in screen
    ), screen
    assert "các khoản của hộ gia đình" in screen and "/saoke" in screen
    assert "cơ quan" not in screen and "đơn vị" not in screen, screen
    # The hamlet's officer types at the standing's question what the review's list says, as the file is read:
    # “tái nghèo” was “please choose one of the options”, the household left as it stood.
    await hien.say("/hongheo 2026")
    await hien.choose("Cập nhật một hộ")
    await hien.say("hoang van sau")
    await hien.say("1")
    assert "Đã ghi: Hộ ông Hoàng Văn Sáu năm 2026: hộ nghèo." in await hien.say("tái nghèo")
    await hien.choose("Cập nhật một hộ")
    await hien.say("hoang van sau")
    await hien.say("1")
    screen = await hien.say("chua thoat ngheo")  # not guessed: asked again, nothing written
    assert "vui lòng chọn một mục" in screen and "Đã ghi" not in screen


async def test_the_officer_reads_which_of_two_namesake_households_she_records_for_up_to_its_receipt(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    # December: the hamlet's list adds another household whose head bears the same name, of its Tổ 5
    async with app.sessionmaker() as session:
        org = await session.scalar(select(Organisation))
    assert org is not None
    namesake = ["Thôn 5", HOUSEHOLD, "Tổ 5", "", "", "hộ nghèo"]
    report = await import_staff(
        app.sessionmaker, org, write_csv(tmp_path / "t5.csv", HEADER, [*STAFF, namesake]), now=clock()
    )
    assert report.created == 1
    hien = commune["hien"]
    await hien.say("/ghithay")
    screen = await hien.say("ho ong Hoang Van Sau thon 5")  # its hamlet after its name: both of Thôn 5
    assert "Không có ai tên đúng là" not in screen  # it is her hamlet's, as typed: not a name read nearly so
    assert f"1. {HOUSEHOLD} (Thôn 5, hộ gia đình)" in screen
    assert f"2. {HOUSEHOLD} (Thôn 5, Tổ 5, hộ gia đình)" in screen
    await hien.choose("Tổ 5")
    await hien.choose("Ghi nhận đóng góp")
    await hien.choose("ngoài các đợt vận động")
    await hien.say("20k")
    screen = await hien.choose("Bỏ qua")

    # the last look and the receipt say which of the two, as the list she chose from did
    assert f"kiểm tra lại đóng góp cho {HOUSEHOLD} (Tổ 5):" in screen
    assert f"Đã ghi nhận cho {HOUSEHOLD} (Tổ 5): 20.000\xa0₫." in await hien.choose("Có")
    async with app.sessionmaker() as session:
        gift = await session.scalar(select(Contribution))
        assert gift is not None
        giver = await session.get(Person, gift.person_id)
    assert giver is not None and giver.position == "Tổ 5"

    # that evening the other one gives too; read back before the cash goes to the commune's treasurer, her
    # list and its handover list say which of the two gave what, as the receipts did
    await hien.say("ho ong hoang van sau ung ho 50k")
    await hien.choose(f"{HOUSEHOLD} (Thôn 5, hộ gia đình)")
    await hien.choose("ngoài các đợt vận động")
    await hien.choose("Bỏ qua")
    assert f"Đã ghi nhận cho {HOUSEHOLD}: 50.000\xa0₫." in await hien.choose("Có")
    screen = await hien.say("/daghithay")
    assert f"· {HOUSEHOLD} (Thôn 5, Tổ 5) · 20.000\xa0₫ ·" in screen
    assert f"· {HOUSEHOLD} (Thôn 5) · 50.000\xa0₫ ·" in screen
    async with app.sessionmaker() as session:
        officer = await session.scalar(select(Person).where(Person.name_key == fold(CHATS["hien"])))
        handover = await handover_list(session, await actor_for(session, officer), now=clock())
    assert [(row.giver, row.unit, row.amount_vnd) for row in handover.rows] == [
        (f"{HOUSEHOLD} (Tổ 5)", "Thôn 5", 20_000),
        (HOUSEHOLD, "Thôn 5", 50_000),
    ]


async def test_the_officer_types_the_household_and_its_gift_in_one_line_at_the_menu(
    app: App, commune: dict[str, Chat]
) -> None:
    hien = commune["hien"]

    screen = await hien.say("ho ong Hoang Van Sau ung ho 20k")  # typed fast, as the household said it

    assert "chưa hiểu" not in screen
    assert f"Đã tìm thấy: {HOUSEHOLD}" in screen and f"{HOUSEHOLD} ủng hộ 20.000\xa0₫." in screen
    await hien.choose("ngoài các đợt vận động")
    await hien.choose("Bỏ qua")
    assert f"Đã ghi nhận cho {HOUSEHOLD}: 20.000\xa0₫." in await hien.choose("Có")
    async with app.sessionmaker() as session:
        gift = await session.scalar(select(Contribution))
        assert gift is not None
        giver = await session.get(Person, gift.person_id)
    assert giver is not None and giver.full_name == HOUSEHOLD and gift.amount_vnd == 20_000
    # the household's head named as the writer, as the household said it: sought the same, never
    # “someone else's message … ask an officer” to the officer herself (0528)
    screen = await hien.say("Ông Hoàng Văn Sáu ủng hộ 20k")
    assert "nhờ cán bộ" not in screen and f"Đã tìm thấy: {HOUSEHOLD}" in screen
    await hien.say("/huy")
    screen = await hien.say("Ong Sau ung ho 40k")  # part of the name: chosen from her list
    assert "nhờ cán bộ" not in screen and f"1. {HOUSEHOLD} (Thôn 5, hộ gia đình)" in screen
    await hien.choose(HOUSEHOLD)
    await hien.choose("ngoài các đợt vận động")
    screen = await hien.choose("Bỏ qua")
    assert f"kiểm tra lại đóng góp cho {HOUSEHOLD}:" in screen and "Tiền: 40.000" in screen
    await hien.say("/huy")
    # a family just set up on its own is on no list yet: told how it gets there, not only to try again; in a
    # ward, by the ward's office, not “văn phòng xã” (2921)
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(Organisation).values(name="UBND phường Sơn Thủy"))
    screen = await hien.say("ho ba Lo Thi Xuan ung ho 30k")
    assert "Hộ mới (mới ra ở riêng, mới chuyển đến) chưa có trong danh sách" in screen
    assert "báo văn phòng phường thêm hộ vào danh sách (họ tên chủ hộ, thôn)" in screen, screen
    assert "Gõ một phần tên" in screen  # still at the question, for one listed under another name
    screen = await hien.say("lo thi xuan")  # no household's name typed: as before, try another part
    assert "Hộ mới" not in screen and "Anh/chị thử gõ phần khác của tên." in screen
    async with app.sessionmaker() as session:
        assert len((await session.scalars(select(Contribution))).all()) == 1


async def test_a_name_ending_as_her_hamlet_does_is_not_read_as_the_hamlet_where_it_is_anothers_household(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    """Thôn Hòa's officer types “le thi hoa”: Hộ bà Lê Thị Hòa is Thôn Hóa's. Her name's last word was read
    as the hamlet (“… hoa” for Thôn Hòa), and Hộ bà Lê Thị Năm of her own hamlet was offered, the only one
    listed: one press recorded for the wrong household, and she was never told whose hamlet Lê Thị Hòa is."""
    async with app.sessionmaker() as session:
        org = await session.scalar(select(Organisation))
    assert org is not None
    hamlets = [
        [
            "Thôn Hòa",
            "Phạm Thị Lụa",
            "Trưởng ban công tác Mặt trận thôn",
            "0913000007",
            "cán bộ mặt trận",
            "",
        ],
        ["Thôn Hòa", "Hộ bà Lê Thị Năm", "", "", "", "hộ nghèo"],
        ["Thôn Hóa", "Hộ bà Lê Thị Hòa", "", "", "", "hộ nghèo"],
    ]
    report = await import_staff(
        app.sessionmaker, org, write_csv(tmp_path / "hoa.csv", HEADER, [*STAFF, *hamlets]), now=clock()
    )
    assert report.errors == []
    async with app.sessionmaker() as session, session.begin():
        lua = (await session.scalars(select(Person).where(Person.name_key == fold("Phạm Thị Lụa")))).one()
        lua.locale, lua.consent_at = "vi", clock()
        identity = ChannelIdentity(channel="console", external_id="lua", person_id=lua.id)
        identity.created_at = clock()
        session.add(identity)
    officer = Chat(commune["hien"].channel, "lua", clock)
    await officer.say("/ghithay")

    screen = await officer.say("le thi hoa")

    assert "Lê Thị Năm" not in screen  # not her: another name, offered for the hamlet's
    assert "không thuộc thôn anh/chị phụ trách" in screen
    # her own hamlet's household, typed with its hamlet after its name, is still found so
    screen = await officer.say("ho ba le thi nam thon hoa")
    assert "Hộ bà Lê Thị Năm" in screen and "không thuộc thôn" not in screen


async def test_a_households_own_account_typing_another_households_name_and_gift_records_nothing(
    app: App, commune: dict[str, Chat], clock: MovableClock
) -> None:
    """The son of Hộ ông Hoàng Văn Sáu pastes what a neighbour's household said it gives: it was recorded as
    his household's own 20.000 ₫, the name dropped, where a friend's message is never hers (decision 0491)."""
    son = await son_joins(commune, clock)

    screen = await son.say("ho ong Tran Van Tu ung ho 20k")

    assert "ngoài các đợt vận động" not in screen and "20.000" not in screen  # nothing asked, nothing kept
    assert "“ho ong Tran Van Tu” không phải tên hộ anh/chị" in screen and "chưa ghi gì" in screen
    assert "ví dụ: ung ho 20k" in screen  # how to type it were it his household's own
    # Hộ ông Hòa next door: “hoa” only begins his father's “Hoàng”, it is not his household's name
    screen = await son.say("ho ong Hoa ung ho 20k")
    assert "“ho ong Hoa” không phải tên hộ" in screen and "ngoài các đợt vận động" not in screen
    # his mother names it by her own name, as the village does: told which name the list has, not that
    # it is surely another household's
    screen = await son.say("hộ bà Lan ủng hộ 20k")
    assert "không phải tên hộ anh/chị trong danh sách (Hộ ông Hoàng Văn Sáu)" in screen
    assert "ví dụ: ủng hộ 20k" in screen and "ghi tên một hộ khác" not in screen
    # his household's own name with its gift is its own gift, as before
    screen = await son.say("ho ong Hoang Van Sau ung ho 20k")
    assert "ngoài các đợt vận động" in screen
    async with app.sessionmaker() as session:
        assert await session.scalar(select(Contribution)) is None


async def test_a_households_own_account_naming_it_as_people_say_it_reads_whose_gift_it_is_at_the_last_look(
    app: App, commune: dict[str, Chat], clock: MovableClock
) -> None:
    """“nhà ông Sáu ủng hộ 20k”, as the son says his household, got “vui lòng chọn một mục” and the menu,
    where “ho ong Sau …” was his household's gift; and its last look said only “kiểm tra lại”, never which
    household the gift named in the line is recorded for."""
    son = await son_joins(commune, clock)

    assert "ngoài các đợt vận động" in await son.say("nhà ông Sáu ủng hộ 20k")
    await son.choose("ngoài các đợt vận động")
    screen = await son.choose("Bỏ qua")

    assert "kiểm tra lại đóng góp cho Hộ ông Hoàng Văn Sáu:" in screen and "Tiền: 20.000" in screen
    assert "CT-2026-000001" in await son.choose("Có")
    async with app.sessionmaker() as session:
        gift = await session.scalar(select(Contribution))
        assert gift is not None and gift.amount_vnd == 20_000
        giver = await session.get(Person, gift.person_id)
    assert giver is not None and giver.full_name == HOUSEHOLD
    # said as a family, the same: its gift, never the menu's answer
    assert "ngoài các đợt vận động" in await son.say("gia dinh ong Sau ung ho 10k")
    await son.say("/huy")  # and as “we” (“chúng tôi”), the household speaking: it was the menu's (0605)
    assert "Anh/chị muốn ủng hộ 10.000" in await son.say("chúng tôi ủng hộ 10k")
    # his father named as the writer (decision 0507): the last look says whose gift it is too
    await son.say("/huy")
    assert "ngoài các đợt vận động" in await son.say("Ông Sáu ủng hộ 30k")
    await son.choose("ngoài các đợt vận động")
    assert "kiểm tra lại đóng góp cho Hộ ông Hoàng Văn Sáu:" in await son.choose("Bỏ qua")
    # typed so where the amount is asked: its gift too, as at the menu, not “Chưa đọc được số tiền” (0527)
    await son.say("/huy")
    await son.say("ghi nhan dong gop")
    await son.choose("ngoài các đợt vận động")
    await son.choose("Tiền")
    screen = await son.say("nha ong Sau ung ho 40k")
    assert "Chưa đọc được" not in screen and "Bỏ qua" in screen
    screen = await son.choose("Bỏ qua")
    assert "kiểm tra lại đóng góp cho Hộ ông Hoàng Văn Sáu:" in screen and "Tiền: 40.000" in screen
    # another household's name so typed there: the menu's answer, not “Chưa đọc được số tiền” (0529)
    await son.say("/huy")
    await son.say("ghi nhan dong gop")
    await son.choose("ngoài các đợt vận động")
    await son.choose("Tiền")
    screen = await son.say("ho ong Tran Van Tu ung ho 20k")
    assert "Chưa đọc được" not in screen and "“ho ong Tran Van Tu” không phải tên hộ anh/chị" in screen
    assert "ví dụ: ung ho 20k" in screen and "Bỏ qua" not in screen


async def test_the_officer_recording_for_a_household_is_not_given_a_neighbours_named_gift_for_it(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    """Recording for Hộ ông Hoàng Văn Sáu, the hamlet officer pastes what the neighbour Trần Văn Tư said he
    gives (“Ông Tư ủng hộ 50k”) at the amount: it went to Sáu's household's last look, one “Có” from 50.000 ₫
    recorded for the wrong household, where the line names another household of her hamlet."""
    async with app.sessionmaker() as session:
        org = await session.scalar(select(Organisation))
    assert org is not None
    neighbour = ["Thôn 5", "Hộ ông Trần Văn Tư", "", "", "", "hộ nghèo"]
    report = await import_staff(
        app.sessionmaker, org, write_csv(tmp_path / "tu.csv", HEADER, [*STAFF, neighbour]), now=clock()
    )
    assert report.errors == []
    hien = commune["hien"]
    await _gives_for_the_household(hien)
    await hien.choose("ngoài các đợt vận động")
    await hien.choose("Tiền")

    for typed in ("Ông Tư ủng hộ 50k", "Trần Văn Tư: ủng hộ 50k"):
        screen = await hien.say(typed)
        assert "kiểm tra lại" not in screen and "Bỏ qua" not in screen  # nothing taken for Sáu's household
        assert "Hộ ông Trần Văn Tư" in screen and "ví dụ: 50.000" in screen  # whose it is, how to type Sáu's
    # her own name (“Chị Hiền …”, she of the hamlet's list): her own gift, not Sáu's, nor “record it for her”
    screen = await hien.say("Chị Hiền ủng hộ 50k")
    assert "kiểm tra lại" not in screen and "Bỏ qua" not in screen
    assert "ghi thay cho hộ/người đó" not in screen and "đóng góp của chính anh/chị" in screen
    assert "“Ghi nhận đóng góp”" in screen
    # the household's own father named, or a name that is no other household's: its gift, as before (0507)
    screen = await hien.say("Ông Sáu ủng hộ 30k")
    assert "Bỏ qua" in screen
    await hien.choose("Bỏ qua")
    assert f"Đã ghi nhận cho {HOUSEHOLD}: 30.000\xa0₫." in await hien.choose("Có")
    async with app.sessionmaker() as session:
        assert [gift.amount_vnd for gift in await session.scalars(select(Contribution))] == [30_000]


async def test_a_near_poor_household_that_has_not_given_is_never_listed_as_not_given(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    """December: the commune's drive; the hamlet's officer follows it up with “Ai chưa ủng hộ”. A poor or
    near-poor household of the review gives if it wishes: never named as one that has not given."""
    clock.at = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # a Monday, 09:00 in Vietnam
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        assert org is not None
        hamlet = await session.scalar(select(Unit).where(Unit.name == "Thôn 5"))
        assert hamlet is not None
        entry = NewDrive("Tháng cao điểm", date(2026, 11, 17), date(2026, 12, 18), unit_ids=(hamlet.id,))
        drive = await create_drive(session, Operator(org.id), entry, now=clock())
        household = await session.scalar(select(Person).where(Person.name_key == fold(HOUSEHOLD)))
        assert household is not None
        await set_standing(session, Operator(org.id), household.id, 2026, "near_poor", now=clock())
    report = await import_staff(
        app.sessionmaker,
        org,
        write_csv(tmp_path / "t5.csv", HEADER, [*STAFF, ["Thôn 5", "Hộ bà Lò Thị Mai", "", "", "", ""]]),
        now=clock(),
    )
    assert report.created == 1
    hien = commune["hien"]
    await hien.say("/dotvandong")
    await hien.choose("Tháng cao điểm")
    screen = await hien.choose("Ai chưa ủng hộ")

    assert "Hộ bà Lò Thị Mai" in screen  # a household the review does not hold: followed up as anyone
    assert "Hoàng Văn Sáu" not in screen
    # nor is it sent the appeal “to who has not given yet”, once it has a phone
    async with app.sessionmaker() as session:
        officer = await session.scalar(select(Person).where(Person.name_key == fold(CHATS["hien"])))
        actor = await actor_for(session, officer)
        assert actor is not None
        query = await audience_query(
            session, actor, Audience("not_given", drive_id=drive.id), today=date(2026, 12, 7)
        )
        asked = set(await session.scalars(query))
        mai = await session.scalar(select(Person.id).where(Person.name_key == fold("Hộ bà Lò Thị Mai")))
    assert mai in asked and household.id not in asked
    # an appeal to the whole hamlet reaches both, once they have phones; its follow-up not the household
    async with app.sessionmaker() as session, session.begin():
        for person_id in (mai, household.id):
            identity = ChannelIdentity(channel="console", external_id=f"ho-{person_id}", person_id=person_id)
            identity.created_at = clock()
            session.add(identity)
        actor = await actor_for(session, await session.get_one(Person, officer.id))
        draft = Draft("Mời bà con góp Quỹ", Audience("units", units=(hamlet.id,)), drive.id)
        appeal = await send_appeal(session, actor, draft, now=clock(), settings=app.settings)
        # the hamlet's head and the neighbour, who have not given; the near-poor household is not pressed
        assert await follow_up_count(session, actor, appeal, now=clock()) == 2


# The evening's paper list of Thôn 5, as the officer writes it going door to door (decision 0859).
EVENING = [
    ["Thôn 5", HOUSEHOLD, "Tổ 5", "", "", "hộ nghèo"],
    ["Thôn 5", "Hộ bà Lò Thị Mai", "", "", "", "hộ gia đình"],
    ["Thôn 5", "Hộ ông Nguyễn Văn Nam", "", "", "", "hộ gia đình"],
]
PAPER_LIST = "\n".join(
    [
        "1. ho ba lo thi mai 50k",
        "Hộ ông Sáu tổ 5 - 30.000",
        "nha ong Nam: 2 kg gao",
        "ho ong Tran Van Moi 20k",
        "hom nay troi mua",
        "ho ba lo thi mai 1 ngay cong",
    ]
)


async def _evening_households(app: App, clock: MovableClock, tmp_path: Path) -> None:
    async with app.sessionmaker() as session:
        org = await session.scalar(select(Organisation))
    assert org is not None
    path = write_csv(tmp_path / "evening.csv", HEADER, [*STAFF, *EVENING])
    assert (await import_staff(app.sessionmaker, org, path, now=clock())).created == 3


async def test_the_officer_records_the_evenings_paper_list_in_one_message(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    """Forty households an evening took 4 or 5 messages each (decision 0834's walk): the paper list typed in
    one message is read back line by line, and one “có” records what was understood."""
    await _evening_households(app, clock, tmp_path)
    hien = commune["hien"]

    screen = await hien.say(PAPER_LIST)

    assert "Đã đọc được 4/6 dòng của danh sách." in screen
    await hien.choose("ngoài các đợt vận động")
    screen = await hien.say("bo qua")
    assert "• Hộ bà Lò Thị Mai: 50.000\xa0₫" in screen
    assert f"• {HOUSEHOLD} (Tổ 5): 30.000\xa0₫" in screen  # the namesake said apart, as 0834's list does
    assert "• Hộ ông Nguyễn Văn Nam: 2 kg gạo" in screen
    assert "ho ong Tran Van Moi 20k" in screen and "hom nay troi mua" in screen  # apart, with why
    screen = await hien.say("co")
    assert "Đã ghi nhận cho 3 hộ" in screen
    screen = await hien.say("co")  # sent twice while the reply was slow: nothing more
    # the next morning the same list is sent again by a slip: nothing recorded twice
    clock.at = datetime(2026, 1, 13, 1, 0, tzinfo=UTC)
    await hien.say(PAPER_LIST)
    await hien.choose("ngoài các đợt vận động")
    screen = await hien.say("bo qua")
    assert "Không còn khoản nào trong danh sách cần ghi:" in screen
    assert "• Hộ bà Lò Thị Mai: 50.000\xa0₫: đã ghi nhận rồi (CT-2026-000001)" in screen
    giver = select(Person.full_name, Person.position, Contribution.kind, Contribution.amount_vnd)
    async with app.sessionmaker() as session:
        gifts = (
            await session.execute(
                giver.join(Person, Person.id == Contribution.person_id).order_by(Contribution.id)
            )
        ).all()
    assert [tuple(gift) for gift in gifts] == [  # each its own gift, to the one of the namesakes meant
        ("Hộ bà Lò Thị Mai", None, "money", 50_000),
        (HOUSEHOLD, "Tổ 5", "money", 30_000),
        ("Hộ ông Nguyễn Văn Nam", None, "goods", 0),  # its value written by the treasurer
        ("Hộ bà Lò Thị Mai", None, "labour", 0),
    ]


async def test_the_paper_list_typed_in_english_names_households_as_english_says_them(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    """The Front's officer in English types the households as English says them: “Mrs Mai's household 50k”
    was “No line was read as a household and its gift” (decision 0872)."""
    await _evening_households(app, clock, tmp_path)
    hien = commune["hien"]
    await hien.say("English")

    screen = await hien.say("Mrs Mai's household 50k\nMr Nam's family: 2 kg rice\nit rained today")

    assert "Read 2 of the list's 3 lines." in screen, screen
    await hien.choose("outside the drives")
    screen = await hien.say("skip")
    assert "• Hộ bà Lò Thị Mai: ₫50,000" in screen and "• Hộ ông Nguyễn Văn Nam: 2 kg" in screen, screen
    assert "it rained today" in screen


async def test_the_paper_list_answered_no_records_nothing(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    await _evening_households(app, clock, tmp_path)
    hien = commune["hien"]
    await hien.say(PAPER_LIST)
    await hien.choose("ngoài các đợt vận động")
    await hien.say("bo qua")

    screen = await hien.say("khong")

    assert "Chưa có khoản nào được ghi nhận." in screen
    async with app.sessionmaker() as session:
        assert (await session.scalars(select(Contribution))).all() == []
    # the hamlet head, who is not the hamlet's officer, is told who records for households, nothing read
    screen = await commune["nam"].say(PAPER_LIST)
    assert "mới ghi nhận thay cho hộ/người khác được." in screen
    async with app.sessionmaker() as session:
        assert (await session.scalars(select(Contribution))).all() == []
    # from “Ghi nhận thay”, a list none of whose lines reads: said why, with an example, and asked again
    await hien.say("/ghithay")
    await hien.choose("Danh sách hộ ủng hộ trên giấy")
    screen = await hien.say("hom nay troi mua\nmai di hop")
    assert "Chưa đọc được dòng nào là tên hộ và khoản ủng hộ." in screen and "ho ba lo thi mai 50k" in screen
    assert "Anh/chị gõ các khoản ủng hộ trong danh sách trên giấy" in screen


async def test_a_paper_list_gift_recorded_meanwhile_is_not_recorded_again_at_its_yes(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    """The same list on two phones: while the officer reads her last look, Mrs Mai's 50.000 ₫ is recorded from
    the other; her “có” records the rest, and says which was recorded already."""
    await _evening_households(app, clock, tmp_path)
    hien = commune["hien"]
    await hien.say(PAPER_LIST)
    await hien.choose("ngoài các đợt vận động")
    screen = await hien.say("bo qua")
    assert "• Hộ bà Lò Thị Mai: 50.000\xa0₫" in screen
    async with app.sessionmaker() as session, session.begin():
        officer = (
            await session.scalars(select(Person).where(Person.name_key == fold("Đinh Thị Hiền")))
        ).one()
        mai = (await session.scalars(select(Person).where(Person.name_key == fold("Hộ bà Lò Thị Mai")))).one()
        entry = NewContribution(kind="money", amount_vnd=50_000)
        await record_contribution(session, person=mai, recorded_by=officer, entry=entry, now=clock())

    screen = await hien.say("co")

    assert "Đã ghi nhận cho 3 hộ" in screen  # Mrs Mai's day of labour, Mr Sáu's money, Mr Nam's rice
    assert "• Hộ bà Lò Thị Mai: 50.000\xa0₫: đã ghi nhận rồi (CT-2026-000001)" in screen
    async with app.sessionmaker() as session:
        gifts = (await session.execute(select(Contribution.kind, Contribution.amount_vnd))).all()
    assert sorted(tuple(gift) for gift in gifts) == [
        ("goods", 0),
        ("labour", 0),
        ("money", 30_000),
        ("money", 50_000),  # once
    ]


async def test_a_paper_list_line_of_goods_or_labour_after_a_households_to_is_read(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    """Where namesakes are told apart by their tổ (as the list itself asks: “ho ong sau to 5 30k”), rice or a
    day's labour after the tổ's number was read as the tổ's gift, and the household as not found."""
    await _evening_households(app, clock, tmp_path)
    hien = commune["hien"]
    two = "nha ong nam 10k, ho ba lo thi mai 20k"  # two households on one line: that said, not “no such one”
    await hien.say(f"ho ong sau to 5 2 kg gao\nho ong sau to 5 1 ngay cong\nho ba lo thi mai 50k\n{two}")
    await hien.choose("ngoài các đợt vận động")

    screen = await hien.say("bo qua")

    assert f"• {HOUSEHOLD} (Tổ 5): 2 kg gạo" in screen
    assert f"• {HOUSEHOLD} (Tổ 5): 1 ngày công" in screen
    assert f"• {two}: dòng này có hai hộ; anh/chị viết mỗi hộ một dòng" in screen


async def test_a_paper_list_typed_again_at_its_last_look_is_the_one_its_yes_records(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    """The last look asks to type the lines not read again; typed there, the new list was refused and the
    screen's old list shown again, so her “có” recorded the list she meant to put right."""
    await _evening_households(app, clock, tmp_path)
    hien = commune["hien"]
    await hien.say(PAPER_LIST)
    await hien.choose("ngoài các đợt vận động")
    await hien.say("bo qua")

    screen = await hien.say("ho ba lo thi mai 20k\nnha ong nam 10k")

    assert "Đã đọc được 2/2 dòng của danh sách." in screen
    await hien.choose("ngoài các đợt vận động")
    await hien.say("bo qua")
    screen = await hien.say("co")
    assert "Đã ghi nhận cho 2 hộ" in screen
    async with app.sessionmaker() as session:
        gifts = (await session.execute(select(Contribution.kind, Contribution.amount_vnd))).all()
    assert sorted(tuple(gift) for gift in gifts) == [("money", 10_000), ("money", 20_000)]
    # a word that is neither a list nor an answer is still told to choose, the last look kept
    await hien.say(PAPER_LIST)
    await hien.choose("ngoài các đợt vận động")
    await hien.say("bo qua")
    screen = await hien.say("hom nay troi mua")
    assert "Anh/chị vui lòng chọn một mục dưới đây." in screen and "Trả lời CÓ để xác nhận" in screen


async def test_a_paper_list_whose_drive_closed_before_its_yes_is_asked_its_drive_again(
    app: App, commune: dict[str, Chat], clock: MovableClock, tmp_path: Path
) -> None:
    """The drive closed between the last look and the “có”: nothing recorded, and the evening's list, typed
    once, is kept for another drive instead of lost at the main menu."""
    await _evening_households(app, clock, tmp_path)
    async with app.sessionmaker() as session, session.begin():
        org = await session.scalar(select(Organisation))
        assert org is not None
        new = NewDrive(title="Vận động Quỹ xã 2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
        drive = await create_drive(session, Operator(org.id), new, now=JANUARY)
    hien = commune["hien"]
    await hien.say(PAPER_LIST)
    await hien.choose("Vận động Quỹ xã 2026")
    await hien.say("bo qua")
    async with app.sessionmaker() as session, session.begin():
        await close_drive(session, Operator(org.id), await session.merge(drive), now=clock())

    screen = await hien.say("co")

    assert "Đợt vận động này không còn nhận hết các khoản này. Chưa ghi nhận gì." in screen
    assert "ngoài các đợt vận động" in screen and "Vận động Quỹ xã 2026" not in screen.split("\n", 1)[1]
    await hien.choose("ngoài các đợt vận động")
    stored = store(app.settings.media_dir, b"\xff\xd8\xff danh sach ho ung ho thon 5")
    photo = Photo(stored.sha256, stored.path, stored.size)
    await hien.channel.receive(hien.chat_id, photo=photo, at=clock())  # the paper list's photo
    screen = await hien.say("co")
    assert "Đã ghi nhận cho 3 hộ" in screen
    async with app.sessionmaker() as session:
        ids = list(await session.scalars(select(Contribution.id)))
        # one photo of the list for its four gifts: not pointed out to the treasurer as 4 gifts of one receipt
        assert len(ids) == 4 and await possible_doubles(session, Operator(org.id), ids) == {}


async def test_the_hint_of_a_transfer_sent_in_2026_asks_the_officer_about_the_household_not_herself(
    commune: dict[str, Chat], clock: MovableClock
) -> None:
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)  # Saturday 2 January 2027: 2026 still at work
    hien = commune["hien"]  # the hamlet's officer records the household's money; she did not send it
    await hien.say("/ghithay")
    await hien.say("hoang van sau")
    await hien.choose("Ghi nhận đóng góp")
    await hien.choose("ngoài các đợt vận động")
    await hien.say("20k")
    screen = await hien.choose("Bỏ qua")

    assert (
        f"• {HOUSEHOLD} đã chuyển tiền trong năm 2026? Anh/chị vui lòng gửi ảnh biên lai để tính vào năm "
        "2026."
    ) in screen
    assert "Anh/chị đã chuyển tiền trong năm 2026?" not in screen


async def test_a_households_money_counts_for_2026_in_the_ledger_only_with_its_receipts_photo(
    app: App, commune: dict[str, Chat], clock: MovableClock
) -> None:
    """The rule of a transfer of the year just ended is the ledger's, not only the last look's: any path
    asking for 2026 without the receipt's photo (the shell, a flow that forgot it) is refused, none kept."""
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)  # Saturday 2 January 2027: 2026 still at work
    async with app.sessionmaker() as session, session.begin():
        officer = (
            await session.scalars(select(Person).where(Person.name_key == fold("Đinh Thị Hiền")))
        ).one()
        sau = (await session.scalars(select(Person).where(Person.name_key == fold(HOUSEHOLD)))).one()
        money = NewContribution(kind="money", amount_vnd=20_000)
        with pytest.raises(LedgerError) as refused:
            await record_contribution(
                session, person=sau, recorded_by=officer, entry=money, now=clock(), year=2026
            )
        assert refused.value.reason == "year"
        rice = NewContribution(kind="goods", description="10 kg gạo")  # no receipt shows goods' day
        receipt = Receipt(sha256="e" * 64, path=f"ee/{'e' * 64}.jpg", size=2048, channel="console")
        with pytest.raises(LedgerError):
            await record_contribution(
                session,
                person=sau,
                recorded_by=officer,
                entry=rice,
                now=clock(),
                year=2026,
                receipts=[receipt],
            )
    async with app.sessionmaker() as session:
        assert list(await session.scalars(select(Contribution))) == []

    async with app.sessionmaker() as session, session.begin():
        gift = await record_contribution(
            session, person=sau, recorded_by=officer, entry=money, now=clock(), year=2026, receipts=[receipt]
        )
        assert gift.ref == "CT-2026-000001"
        assert [photo.sha256 for photo in await evidence_of(session, gift.id)] == ["e" * 64]
