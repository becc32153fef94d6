"""The Tết round walked as its people would on their phones (decision 0095). A commune's officer on a
text-only messenger, typing without accents, finds the cases of one hamlet among forty by a part of their
name, chooses them all, adds more, unticks the one who will not come, and pays the round from the Fund's
money carried over from December. A hospital's officer pays from a drive, is told what is left and how many
cases it fits, chooses fewer cases and lands on the last look again without retyping the gift. The drive's
screen, its public statement and the signing list agree, and no case is named where a member reads."""

from __future__ import annotations

from datetime import UTC, date, datetime

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import CaseSupport, Drive, GiftRound, Person, Unit
from bot.domain.access import actor_for
from bot.domain.cases import record_case
from bot.domain.contributions import NewContribution, decide, record_contribution
from bot.domain.drives import NewDrive, create_drive
from bot.domain.spending import drive_balance, fund_balance
from bot.messages import BUTTONS, TEXT_ONLY
from bot.text import fold
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Chat
from tests.test_drives import seed

DECEMBER = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
TET_ROUND = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)  # 05/01/2027, 09:00 in Vietnam
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
GIVEN = ("Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Văn Đức")


async def _forty_cases(app: App, ids: dict[str, int]) -> None:
    """Twenty listed households of Thôn 3, each with a case, one of them with two; nineteen households of the
    hamlets up the hill nobody listed (“Hộ ông Lò Văn …”)."""
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        assert hung is not None
        village = Unit(org_id=hung.org_id, code="T3", name="Thôn 3")
        session.add(village)
        await session.flush()
        listed = []
        for n in range(20):
            name = f"{SURNAMES[n % 8]} {GIVEN[n % 5]} {n + 1}"
            household = Person(
                org_id=hung.org_id, unit_id=village.id, full_name=name, name_key=fold(name), kind="household",
                created_at=NOW,
            )  # fmt: skip
            session.add(household)
            listed.append(household)
        await session.flush()
        case = {"circumstances": "Già yếu, neo đơn", "needs": "Quà Tết", "now": DECEMBER}
        for household in [*listed, listed[0]]:
            await record_case(session, hung, subject="household", person_id=household.id, **case)  # type: ignore[arg-type]
        for n in range(19):
            await record_case(
                session, hung, subject="household", name=f"Hộ ông Lò Văn {n + 1}, bản Nà", **case
            )  # type: ignore[arg-type]


async def _gifts(app: App, ids: dict[str, int], drive_id: int | None, *entries: NewContribution) -> None:
    """Lan's gifts, each confirmed by Mai the treasurer in December."""
    async with app.sessionmaker() as session, session.begin():
        lan, mai = [await session.get_one(Person, ids[n]) for n in ("lan", "mai")]
        treasurer = await actor_for(session, mai)
        for entry in entries:
            entry = NewContribution(
                drive_id=drive_id, **{k: v for k, v in vars(entry).items() if k != "drive_id"}
            )
            gift = await record_contribution(session, person=lan, recorded_by=lan, entry=entry, now=DECEMBER)
            await decide(session, gift, confirmed=True, actor=treasurer, now=DECEMBER)


async def test_a_communes_officer_on_zalo_finds_a_hamlets_cases_by_typing_and_pays_from_the_carry_over(
    app: App, clock: MovableClock
) -> None:
    ids = await seed(app)
    await _forty_cases(app, ids)
    channel = CollectingChannel(app.engine, TEXT_ONLY)
    hung, lan = Chat(channel, "hung", clock), Chat(channel, "lan", clock)
    await lan.say("/menu")  # in the chat before she is told of her gifts
    await _gifts(
        app, ids, None,
        NewContribution(kind="money", amount_vnd=25_000_000),
        NewContribution(kind="goods", amount_vnd=15_000_000, description="1 tấn gạo"),
    )  # fmt: skip
    clock.at = TET_ROUND

    await hung.say("/hoancanh")
    screen = await hung.say("tra qua")  # a slip of the finger still finds “Trao quà nhiều hoàn cảnh”
    assert "Anh/chị đặt tên đợt trao quà này là gì?" in screen
    screen = await hung.say("Qua Tet Dinh Mui 2027")
    assert "Đã chọn: 0/40 (trang 1/4)" in screen and "gõ vài chữ trong tên" in screen
    screen = await hung.say("lo van")  # every case of bản Nà, not only the page's ten
    assert "Hoàn cảnh có tên khớp với “lo van”: 19." in screen and "(trang 1/2)" in screen
    assert "Nguyễn Văn An" not in screen
    screen = await hung.say("tat ca")  # the nineteen found, not the forty
    assert "Đã chọn: 19/40" in screen
    screen = await hung.say("ho xyz")  # nothing fits: said kindly, with an example, and nothing changes
    assert "Không có hoàn cảnh nào có tên khớp với “ho xyz”" in screen and "ví dụ:" in screen
    assert "Đã chọn: 19/40" in screen
    screen = await hung.say("ca danh sach")
    assert "Đã chọn: 19/40 (trang 1/4)" in screen and "khớp với" not in screen
    screen = await hung.say("thon")  # nothing, then Thôn 3's households by a surname
    screen = await hung.say("nguyen")
    assert "Hoàn cảnh có tên khớp với “nguyen”: 4." in screen  # Nguyễn Văn An 1 has two cases
    await hung.say("tat ca")
    await hung.say("ca danh sach")
    screen = await hung.say("tran")
    assert "khớp với “tran”: 3." in screen
    await hung.say("tat ca")
    await hung.say("ca danh sach")
    await hung.say("pham")
    screen = await hung.say("tat ca")
    assert "Đã chọn: 29/40" in screen
    await hung.say("ca danh sach")
    await hung.say("le")  # 3 letters at least: “le” alone is too short to search
    await hung.say("hoang")
    await hung.say("tat ca")
    await hung.say("ca danh sach")
    await hung.say("bui")
    await hung.say("tat ca")
    await hung.say("ca danh sach")
    await hung.say("dang")
    screen = await hung.say("tat ca")
    assert "Đã chọn: 35/40" in screen
    await hung.say("ca danh sach")
    await hung.say("lo van 7")  # Lò Văn 7 will be in hospital on the day: taken off by its number again
    screen = await hung.say("1")
    assert "▫️ Hộ ông Lò Văn 7, bản Nà" in screen and "Đã chọn: 34/40" in screen
    await hung.say("ca danh sach")
    await hung.say("vu van")
    await hung.say("1")  # Vũ Văn An 6 instead
    screen = await hung.say("xong")
    assert "Mỗi hoàn cảnh nhận bao nhiêu tiền" in screen
    await hung.say("500k")
    await hung.say("10 kg gao")  # typed without accents, written with them (0257)
    await hung.say("200k")
    screen = await hung.say("hom nay")
    # each amount says what it is: the Fund has money and rice, carried from December
    assert (
        "Quỹ (ngoài các đợt) năm 2027 — còn tiền 25.000.000\xa0₫; hiện vật trị giá 15.000.000\xa0₫" in screen
    )
    screen = await hung.say("quy")
    assert "10 kg gạo: anh/chị mua bằng tiền của đợt vận động hoặc của Quỹ" in screen
    screen = await hung.say("hien vat")  # the rice is of the 1 tấn given in December (decision 0099)
    assert (
        "35 hoàn cảnh, mỗi hoàn cảnh nhận 500.000\xa0₫ tiền mặt; 10 kg gạo (trị giá 200.000\xa0₫)" in screen
    )
    assert "tổng cộng 17.500.000\xa0₫; 10 kg gạo × 35 (trị giá 7.000.000\xa0₫)" in screen
    screen = await hung.say("co")
    assert "Đã ghi nhận đợt trao quà “Qua Tet Dinh Mui 2027”: 35 hoàn cảnh." in screen

    async with app.sessionmaker() as session:
        supports = list(await session.scalars(select(CaseSupport)))
        assert len(supports) == 70 and len({s.case_id for s in supports}) == 35
        balance = await fund_balance(session, (await session.get_one(Person, ids["hung"])).org_id, 2027)
    assert (balance.opening.money, balance.spent.totals.money, balance.left.money) == (
        25_000_000, 17_500_000, 7_500_000,
    )  # fmt: skip

    await lan.say("/saoke")  # a member reads the Fund's statement: the same figures, and no case's name
    screen = await lan.choose("ngoài các đợt")
    assert "Đã chi hỗ trợ cho 35 hoàn cảnh: tiền 17.500.000\xa0₫; hiện vật trị giá 7.000.000\xa0₫" in screen
    assert "Còn lại trong quỹ: tiền 7.500.000\xa0₫; hiện vật trị giá 8.000.000\xa0₫" in screen
    assert not any(name in fold(screen) for name in ("lo van", "nguyen van an", "gao"))


async def test_a_hospitals_round_from_a_drive_too_big_is_told_what_fits_and_needs_only_fewer_cases(
    any_app: App, clock: MovableClock
) -> None:
    ids = await seed(any_app)
    await _forty_cases(any_app, ids)
    async with any_app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        drive = await create_drive(
            session, hung, NewDrive("Tết yêu thương 2027", date(2026, 12, 1), date(2027, 1, 31)), now=DECEMBER
        )
        drive_id, org_id = drive.id, drive.org_id
    await _gifts(any_app, ids, drive_id, NewContribution(kind="money", amount_vnd=6_200_000))
    clock.at = TET_ROUND
    channel = CollectingChannel(any_app.engine, BUTTONS)
    hung, mai = Chat(channel, "hung", clock), Chat(channel, "mai", clock)

    await hung.say("/hoancanh")
    await hung.choose("Trao quà nhiều hoàn cảnh")
    await hung.say("Quà Tết 2027")
    await hung.say("nguyễn")
    await hung.choose("Chọn cả 4")
    await hung.choose("Xem cả danh sách")
    await hung.say("trần")
    await hung.choose("Chọn cả 3")
    await hung.choose("Xem cả danh sách")
    await hung.say("phạm")
    await hung.choose("Chọn cả 3")
    await hung.choose("Xong")
    await hung.say("1tr")
    await hung.choose("Không có hiện vật")
    screen = await hung.choose("Hôm nay")
    assert "Tết yêu thương 2027 — còn 6.200.000\xa0₫" in screen
    screen = await hung.choose("Tết yêu thương 2027")  # 10 × 1tr: more than is left, said before any Có
    assert "Chưa ghi nhận: đợt trao quà cần 10.000.000\xa0₫ tiền, nguồn này chỉ còn 6.200.000\xa0₫." in screen
    assert "Số còn lại đủ trao mức quà này cho 6 hoàn cảnh." in screen
    await hung.choose("Chọn ít hoàn cảnh hơn")
    await hung.say("phạm")
    screen = await hung.choose("Bỏ chọn cả 3")  # the three Phạm were all chosen: the same button unticks them
    assert "Đã chọn: 7/40" in screen
    await hung.choose("Xem cả danh sách")
    screen = await hung.say("nguyễn văn an")
    await hung.choose("Nguyễn Văn An 1")  # one of her two cases
    screen = await hung.choose("Xong")  # straight to the last look: gift, day and drive kept
    assert "từ đợt vận động “Tết yêu thương 2027”: 6 hoàn cảnh, mỗi hoàn cảnh nhận 1.000.000\xa0₫" in screen
    screen = await hung.choose("Có")
    assert "Đã ghi nhận đợt trao quà “Quà Tết 2027”: 6 hoàn cảnh." in screen
    await hung.choose("Danh sách ký nhận")
    [handed] = channel.transport.documents("hung")
    assert handed.document is not None
    rows = [
        tuple(row)
        for row in load_workbook(any_app.settings.media_dir / handed.document.path).active.iter_rows(
            values_only=True
        )
    ]
    assert next(row for row in rows if row[1] == "Tổng cộng: 6 người nhận, 6 suất quà")[4] == 6_000_000

    async with any_app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(GiftRound)) == 1
        balance = await drive_balance(session, await session.get_one(Drive, drive_id))
        assert (balance.spent.totals.money, balance.left.money) == (6_000_000, 200_000)
    await hung.say("/dotvandong")  # the drive's screen: received, paid, left
    screen = await hung.choose("Tết yêu thương 2027")
    assert "Đã chi hỗ trợ cho 6 hoàn cảnh: tiền 6.000.000\xa0₫" in screen
    assert "Còn lại trong quỹ: tiền 200.000\xa0₫" in screen
    await mai.say("/saoke")  # the treasurer's statement sheet: the same, and no name
    await mai.choose("Tết yêu thương 2027")
    [sheet] = channel.transport.documents("mai")
    assert sheet.document is not None
    rows = [
        tuple(row)
        for row in load_workbook(any_app.settings.media_dir / sheet.document.path).active.iter_rows(
            values_only=True
        )
    ]
    by_label = {row[3]: row for row in rows if row[3]}
    assert by_label["Tổng chi: tiền"][7] == 6_000_000 and by_label["Còn lại: tiền"][7] == 200_000
    assert not any(
        fold(name) in fold(str(cell)) for row in rows for cell in row for name in ("Nguyễn", "Trần")
    )
    assert org_id
