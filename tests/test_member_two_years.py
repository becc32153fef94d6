"""A member of the demo school in the December where two years meet: the Fund's drive runs to 18/12, 2026's
commitment is being judged and 2027's registration opened on 15/12. She registers for both years, gives late
on 18/12 and again on 1/1/2027 to the drive just ended, and a treasurer's correction cancels a gift of hers:
each screen says which year it means, and what no longer stands reads so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import Contribution, Organisation, Person
from bot.demo import DEMO_ORG, DEMO_SETTINGS, DemoInvites
from bot.domain.access import actor_for
from bot.domain.contributions import correct, decide, reverse
from bot.domain.org_settings import apply_settings, load_settings_file
from bot.messages import BUTTONS, TEXT_ONLY, Photo
from tests.support.clocks import MovableClock
from tests.support.people import Person as Chat
from tests.support.reached import Reached
from tests.test_flows import join
from tests.test_next_year_registration import (
    NEXT_YEAR,
    SETTINGS_2027,
    THIS_YEAR,
    WINDOW_2027,
    plain,
    register_fund,
)
from tests.test_reconcile import Row, notices_of, write_csv
from tests.test_reconcile_chat import send_file, statuses

PEAK = "Tháng cao điểm “Vì người nghèo” 2026"
COUNTS_2027 = (
    "• Tính vào năm: 2027, năm ghi nhận khoản này (đợt vận động của năm 2026 vẫn cộng khoản này vào kết quả "
    "của đợt)"
)


IN_TWO_YEARS = pytest.mark.usefixtures("database_file")  # the test's file is the one Hoa was walked on
_walked: dict[str, tuple[Reached, list[str]]] = {}


@pytest.fixture
def database_file(
    reached_on_the_demo: Callable[..., Reached],
    demo_seeded: tuple[Path, DemoInvites],
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """The demo's file as `hoa_in_two_years` leaves it, walked once per test process (decision 2503): a
    test marked `IN_TWO_YEARS` gets a copy (`db_path`) and takes Hoa's chat up there."""
    saved: list[str] = []
    folder = tmp_path_factory.mktemp("two-years")

    async def walk(hoa: Chat) -> None:
        sessionmaker = hoa.channel.engine.sessionmaker  # the walk's app, on the file being walked
        text = DEMO_SETTINGS.read_text(encoding="utf-8").replace(
            "ends_on = 2026-11-18", "ends_on = 2026-12-18"
        )
        for name, settings in (("2026.toml", text), ("2027.toml", SETTINGS_2027 + WINDOW_2027)):
            (folder / name).write_text(settings, encoding="utf-8")
            async with sessionmaker() as session, session.begin():
                org = (await session.scalars(select(Organisation).where(Organisation.code == DEMO_ORG))).one()
                await apply_settings(session, org, load_settings_file(folder / name))
        await join(hoa, demo_seeded[1].member)
        hoa.clock.at = datetime(2026, 12, 16, 2, 0, tzinfo=UTC)
        for year, figure in ((THIS_YEAR, "500k"), (NEXT_YEAR, "1tr")):
            await hoa.say("/dangky")
            await hoa.choose(year)
            await register_fund(hoa, figure)
            saved.append(hoa.screen)

    reached = reached_on_the_demo("hoa", BUTTONS, walk, name="hoa-in-two-years")
    _walked.setdefault("hoa", (reached, saved))
    return reached.path


async def hoa_in_two_years(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path, saved: list[str] | None = None
) -> Chat:
    """The peak month's drive set to run to 18/12 and 2027's window open from 15/12; Hoa joins and, on
    16/12/2026, registers 500.000 ₫ to the Fund for 2026 and 1.000.000 ₫ for 2027 (what each save answered,
    in `saved`). Walked once per test process (`database_file`): her chat is taken up where it was left, on
    the test's copy of that file."""
    assert "hoa" in _walked, "a test that starts in two years is marked IN_TWO_YEARS"
    reached, screens = _walked["hoa"]
    hoa = Chat(CollectingChannel(app.engine, BUTTONS), "hoa", clock)
    reached.restore(hoa)
    if saved is not None:
        saved.extend(screens)
    return hoa


async def gives_to_the_peak_drive(hoa: Chat) -> str:
    """300.000 ₫ to the peak month's drive, no photo: the last look before “Có”."""
    await hoa.say("/donggop")
    await hoa.choose(PEAK)
    await hoa.choose("Tiền")
    await hoa.say("300k")
    return plain(await hoa.choose("Bỏ qua"))


@IN_TWO_YEARS
async def test_a_gift_on_1_january_to_the_drive_just_ended_says_it_counts_for_2027(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    hoa = await hoa_in_two_years(app, invites, clock, tmp_path)
    clock.at = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)  # 23:30 on 18/12, the drive's last day
    last_look = await gives_to_the_peak_drive(hoa)
    assert f"• Đợt vận động: {PEAK}" in last_look and "Tính vào năm" not in last_look
    assert "CT-2026-000001" in await hoa.choose("Có")

    clock.at = datetime(2027, 1, 1, 2, 0, tzinfo=UTC)  # New Year's Day: the drive ended, late gifts taken
    last_look = await gives_to_the_peak_drive(hoa)
    # She may be paying to finish 2026's pledge: before her Yes she reads that it counts for 2027.
    assert COUNTS_2027 in last_look
    assert "CT-2027-000001" in await hoa.choose("Có")
    progress = plain(await hoa.say("/tiendo"))
    assert "Tiến độ năm 2027 của anh/chị" in progress and "đang chờ xác nhận 300.000 ₫ (đạt 30%" in progress

    # On 2/1 she logs what she sent the Fund on 31/12 at 23:50: it counts for 2027 too, and says so.
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)
    await hoa.say("/donggop")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("200k")
    last_look = plain(await hoa.choose("Bỏ qua"))
    assert "• Tính vào năm: 2027, năm ghi nhận khoản này\n" in last_look and COUNTS_2027 not in last_look


@IN_TWO_YEARS
async def test_progress_on_31_december_keeps_2027_apart_and_a_cancelled_gift_reads_cancelled(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    saved: list[str] = []
    hoa = await hoa_in_two_years(app, invites, clock, tmp_path, saved)
    assert [screen.split("\n")[0] for screen in saved] == [
        "Đã lưu đăng ký năm 2026. Cảm ơn anh/chị đã chung tay vì người nghèo!",
        "Đã lưu đăng ký năm 2027. Cảm ơn anh/chị đã chung tay vì người nghèo!",
    ]
    clock.at = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)
    await gives_to_the_peak_drive(hoa)
    await hoa.choose("Có")
    async with app.sessionmaker() as session, session.begin():
        gift = (await session.scalars(select(Contribution))).one()
        named = {p.full_name: p for p in await session.scalars(select(Person))}
        mai, hung = named["Trần Thị Mai"], named["Lê Văn Hùng"]  # the treasurer, the union's chairman
        await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=clock.at)
        clock.at = datetime(2026, 12, 31, 2, 0, tzinfo=UTC)
        await reverse(session, gift, actor=await actor_for(session, hung), reason="Nhầm số", now=clock.at)

    progress = plain(await hoa.say("/tiendo"))

    assert "Tiến độ năm 2026 của anh/chị" in progress and "đã xác nhận 0 ₫ (đạt 0%)" in progress
    # 2027's pledge names its year and the day its gifts begin to count, and stands apart from the gifts.
    assert (
        "Đăng ký năm 2027 (tính các khoản ghi nhận từ ngày 01/01/2027):\n"
        "• Ủng hộ Quỹ “Vì người nghèo”: 1.000.000 ₫\n\nCác khoản đóng góp gần đây:"
    ) in progress
    assert "• CT-2026-000002 · 31/12/2026 · -300.000 ₫ · điều chỉnh: Nhầm số" in progress
    # The gift the correction cancelled no longer reads as one that stands.
    assert "• CT-2026-000001 · 18/12/2026 · 300.000 ₫ · đã hủy bằng bút toán điều chỉnh" in progress


@IN_TWO_YEARS
async def test_a_transfer_of_31_december_logged_on_2_january_counts_for_2026_by_its_receipt(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    hoa = await hoa_in_two_years(app, invites, clock, tmp_path)
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)  # she sent the Fund 200.000 ₫ on 31/12 at 23:50
    await hoa.say("/donggop")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("200k")
    last_look = plain(await hoa.choose("Bỏ qua"))
    # Typed alone it is 2027's, and she reads what would make it 2026's: the receipt the treasurer checks.
    assert "• Tính vào năm: 2027, năm ghi nhận khoản này\n" in last_look
    assert (
        "• Anh/chị đã chuyển tiền trong năm 2026? Anh/chị vui lòng gửi ảnh biên lai để tính vào năm 2026."
        in last_look
    )

    clock.advance(seconds=1)
    receipt = Photo(sha256="c" * 64, path=f"cc/{'c' * 64}.jpg", size=2048, caption=None)
    hoa.last = await hoa.channel.receive(hoa.chat_id, photo=receipt, at=clock())
    last_look = plain(await hoa.choose("Đã chuyển trong năm 2026"))
    assert "• Tính vào năm: 2026, năm chuyển tiền (theo ảnh biên lai)" in last_look
    assert "năm ghi nhận khoản này" not in last_look
    assert "CT-2026-000001" in await hoa.choose("Có")

    progress = plain(await hoa.say("/tiendo"))
    # 2026's pledge of 500.000 ₫ reads her gift, waiting for the treasurer; 2027's is untouched.
    assert "Tiến độ năm 2027 của anh/chị" in progress
    assert "đang chờ xác nhận 200.000 ₫ (đạt 40%" in progress


@IN_TWO_YEARS
async def test_the_gift_typed_after_one_said_sent_in_2026_counts_for_2027_until_she_says_so(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    hoa = await hoa_in_two_years(app, invites, clock, tmp_path)
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)  # her transfer of 31/12, and one more of today
    await hoa.say("/donggop")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("200k")
    await hoa.choose("Bỏ qua")
    receipt = Photo(sha256="c" * 64, path=f"cc/{'c' * 64}.jpg", size=2048, caption=None)
    hoa.last = await hoa.channel.receive(hoa.chat_id, photo=receipt, at=clock())
    assert "năm chuyển tiền" in plain(await hoa.choose("Đã chuyển trong năm 2026"))
    await hoa.say("ung ho 300k")
    screen = plain(await hoa.choose("Lưu 200.000 ₫, rồi ghi thêm 300.000 ₫"))
    assert "CT-2026-000001" in screen and "Tiếp theo là khoản mới: 300.000 ₫." in screen

    # The receipt of today's transfer: the new gift is 2027's, as she has said nothing of it.
    clock.advance(seconds=1)
    today = Photo(sha256="d" * 64, path=f"dd/{'d' * 64}.jpg", size=2048, caption=None)
    hoa.last = await hoa.channel.receive(hoa.chat_id, photo=today, at=clock())
    last_look = plain(hoa.screen)
    assert "• Tính vào năm: 2027, năm ghi nhận khoản này" in last_look
    assert "năm chuyển tiền" not in last_look
    assert "CT-2027-000001" in await hoa.choose("Có")


async def said_sent_in_2026(app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path) -> None:
    """Hoa's 200.000 ₫ logged on 2/1/2027 with its receipt's photo, said sent in 2026: CT-2026-000001."""
    hoa = await hoa_in_two_years(app, invites, clock, tmp_path)
    clock.at = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)
    await hoa.say("/donggop")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("200k")
    await hoa.choose("Bỏ qua")
    receipt = Photo(sha256="c" * 64, path=f"cc/{'c' * 64}.jpg", size=2048, caption=None)
    hoa.last = await hoa.channel.receive(hoa.chat_id, photo=receipt, at=clock())
    await hoa.choose("Đã chuyển trong năm 2026")
    assert "CT-2026-000001" in await hoa.choose("Có")


@IN_TWO_YEARS
async def test_the_treasurers_list_says_the_member_said_her_transfer_was_sent_in_2026(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    await said_sent_in_2026(app, invites, clock, tmp_path)
    mai = Chat(CollectingChannel(app.engine, TEXT_ONLY), "mai", clock)  # the treasurer, on a text-only chat
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    screen = plain(await mai.say("1"))
    # Where she decides, in words: the day on the receipt is hers to check against what Hoa said.
    assert "CT-2026-000001" in screen
    assert "CT-2026-000001: người ghi nói đã chuyển trong năm 2026, anh/chị xem ngày trên biên lai." in screen


@IN_TWO_YEARS
async def test_the_gifts_page_says_it_was_said_sent_in_2026_and_how_a_receipt_of_2027_is_turned_down(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    await said_sent_in_2026(app, invites, clock, tmp_path)
    mai = Chat(CollectingChannel(app.engine, BUTTONS), "mai", clock)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    screen = plain(await mai.say("CT-2026-000001"))
    assert (
        "• Người ghi nói đã chuyển trong năm 2026: anh/chị xem ngày trên biên lai. Biên lai ngày của năm "
        "2027 thì anh/chị chọn “Chưa nhận được” và ghi lý do, để người đã ghi nhập lại khoản này vào năm "
        "2027."
    ) in screen
    # The receipt reads 02/01/2027: turned down with that reason, as the line says; Hoa reads why.
    await mai.choose("Chưa nhận được")
    await mai.say("Biên lai ngày 02/01/2027")
    async with app.sessionmaker() as session:
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
    assert gift is not None and gift.status == "rejected" and gift.reason == "Biên lai ngày 02/01/2027"


@IN_TWO_YEARS
async def test_the_last_look_of_several_confirmed_at_once_says_each_said_sent_in_2026(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Two of Hoa's transfers of 31/12 logged in January with their receipts, said sent in 2026, confirmed by
    Mai with the whole page: the last look listed them and their sum and said nothing of 2026, and a receipt
    of 2/1/2027 could be confirmed as 2026's unseen (decision 1108)."""
    await said_sent_in_2026(app, invites, clock, tmp_path)
    hoa = Chat(
        CollectingChannel(app.engine, BUTTONS), "hoa", clock
    )  # a second transfer of 31/12, its receipt
    clock.advance(seconds=60)
    await hoa.say("/donggop")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("300k")
    await hoa.choose("Bỏ qua")
    receipt = Photo(sha256="d" * 64, path=f"dd/{'d' * 64}.jpg", size=2048, caption=None)
    hoa.last = await hoa.channel.receive(hoa.chat_id, photo=receipt, at=clock())
    await hoa.choose("Đã chuyển trong năm 2026")
    assert "CT-2026-000002" in await hoa.choose("Có")
    mai = Chat(CollectingChannel(app.engine, TEXT_ONLY), "mai", clock)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.say("1")

    last_look = plain(await mai.say("xac nhan ca trang"))

    # Before her Yes, whatever page she ticked them on: each one's receipt is to be checked for its year.
    assert "Tổng cộng: 500.000 ₫." in last_look
    for ref in ("CT-2026-000001", "CT-2026-000002"):
        assert f"{ref}: người ghi nói đã chuyển trong năm 2026, anh/chị xem ngày trên biên lai." in last_look


@IN_TWO_YEARS
async def test_her_transfer_said_sent_in_2026_confirmed_in_april_counts_for_2027_and_the_treasurer_reads_so(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Hoa logs her transfer of December on Wednesday 31 March 2027 with its receipt, said sent in 2026; Mai
    confirms it on Friday 2 April, when 2026's figures have been reported. It counted for 2026 unseen, in a
    year whose report had gone up and whose progress the chat no longer shows (1218)."""
    hoa = await hoa_in_two_years(app, invites, clock, tmp_path)
    clock.at = datetime(2027, 3, 31, 2, 0, tzinfo=UTC)
    await hoa.say("/donggop")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("200k")
    await hoa.choose("Bỏ qua")
    receipt = Photo(sha256="c" * 64, path=f"cc/{'c' * 64}.jpg", size=2048, caption=None)
    hoa.last = await hoa.channel.receive(hoa.chat_id, photo=receipt, at=clock())
    await hoa.choose("Đã chuyển trong năm 2026")
    assert "CT-2026-000001" in await hoa.choose("Có")
    clock.at = datetime(2027, 4, 2, 2, 0, tzinfo=UTC)
    mai = Chat(CollectingChannel(app.engine, TEXT_ONLY), "mai", clock)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.say("1")

    last_look = plain(await mai.say("xac nhan ca trang"))

    closed = (
        "CT-2026-000001 được ghi cho năm 2026, nhưng số liệu năm 2026 đã chốt và báo cáo hết tháng 3: "
        "anh/chị xác nhận bây giờ thì khoản này được tính vào năm 2027."
    )
    assert closed in last_look
    await mai.say("co")
    progress = plain(await hoa.say("/tiendo"))
    assert "Tiến độ năm 2027 của anh/chị" in progress
    assert "đã xác nhận 200.000 ₫ (đạt 20%" in progress


@IN_TWO_YEARS
async def test_a_last_look_drawn_at_23_59_on_31_march_is_drawn_again_when_its_yes_comes_on_1_april(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Mai's last look at Hoa's gift said sent in 2026 is drawn at 23:59 on 31 March (16:59 UTC), while 2026
    is at work; her “có” reaches us at 00:00 on 1 April (17:00 UTC), when 2026 is reported. It was confirmed
    at once into 2027, where nothing she read had said so (1246)."""
    hoa = await hoa_in_two_years(app, invites, clock, tmp_path)
    clock.at = datetime(2027, 3, 31, 2, 0, tzinfo=UTC)
    await hoa.say("/donggop")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("200k")
    await hoa.choose("Bỏ qua")
    receipt = Photo(sha256="d" * 64, path=f"dd/{'d' * 64}.jpg", size=2048, caption=None)
    hoa.last = await hoa.channel.receive(hoa.chat_id, photo=receipt, at=clock())
    await hoa.choose("Đã chuyển trong năm 2026")
    assert "CT-2026-000001" in await hoa.choose("Có")
    clock.at = datetime(2027, 3, 31, 16, 59, tzinfo=UTC)
    mai = Chat(CollectingChannel(app.engine, TEXT_ONLY), "mai", clock)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.say("1")
    before = plain(await mai.say("xac nhan ca trang"))
    assert "CT-2026-000001: người ghi nói đã chuyển trong năm 2026" in before
    clock.at = datetime(2027, 3, 31, 17, 0, tzinfo=UTC)

    again = plain(await mai.say("co"))

    assert (
        "Đã sang ngày 01/04/2027: số liệu năm 2026 đã chốt và báo cáo hết tháng 3. Anh/chị xem lại rồi mới "
        "xác nhận." in again
    )
    assert "anh/chị xác nhận bây giờ thì khoản này được tính vào năm 2027." in again
    assert "Tiến độ năm 2027" in (progress := plain(await hoa.say("/tiendo")))
    assert "đã xác nhận 0 ₫" in progress
    await mai.say("co")
    assert "đã xác nhận 200.000 ₫ (đạt 20%" in plain(await hoa.say("/tiendo"))


@IN_TWO_YEARS
async def test_her_transfer_of_31_december_without_its_code_names_her_gift_said_sent_in_2026(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Her bank's words kept no code: the credit of 31/12 was offered as a donor's gift beside nothing, while
    her gift of that amount said sent in 2026 waited; recorded so, the Fund would count her money twice."""
    await said_sent_in_2026(app, invites, clock, tmp_path)
    mai = Chat(CollectingChannel(app.engine, BUTTONS, can_send_files=True), "mai", clock)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [
        Row(date(2026, 12, 30), None, 200_000, "NGUYEN VAN BA chuyen tien"),
        Row(date(2026, 12, 31), None, 200_000, "VO THI HOA chuyen tien"),
        Row(date(2027, 1, 2), None, 200_000, "TRAN VAN AN chuyen tien"),
    ]

    screen = plain(await send_file(mai, write_csv(tmp_path / "sao-ke.csv", rows)))

    said = (
        " · có thể là CT-2026-000001 (đang chờ xác nhận, người ghi nói đã chuyển trong năm 2026): anh/chị "
        "đối chiếu biên lai với khoản tiền này trước khi ghi là ủng hộ của nhà hảo tâm"
    )
    assert f"31/12/2026 · 200.000 ₫ · VO THI HOA chuyen tien{said}" in screen
    assert (
        f"30/12/2026 · 200.000 ₫ · NGUYEN VAN BA chuyen tien{said}" in screen
    )  # which one, her receipt says
    assert "02/01/2027 · 200.000 ₫ · TRAN VAN AN chuyen tien\n" in screen + "\n"
    assert await statuses(app) == {"CT-2026-000001": "recorded"}


@IN_TWO_YEARS
async def test_her_transfer_of_31_december_without_its_code_names_her_gift_confirmed_from_its_receipt(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Mai confirmed Hoa's gift said sent in 2026 from its receipt, as she is asked to, before the Fund
    account's statement came: its credit of 31/12 without a code was listed beside nothing and offered as a
    donor's gift, her 200.000 ₫ counted twice in 2026 once recorded so."""
    await said_sent_in_2026(app, invites, clock, tmp_path)
    mai = Chat(CollectingChannel(app.engine, BUTTONS, can_send_files=True), "mai", clock)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("CT-2026-000001")
    assert "CT-2026-000001: đã xác nhận." in await mai.choose("Đã nhận")
    hoa = Chat(CollectingChannel(app.engine, BUTTONS), "hoa", clock)  # a gift of hers today waits meanwhile
    clock.advance(seconds=60)
    await hoa.say("/donggop")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("50k")
    await hoa.choose("Bỏ qua")
    assert "CT-2027-000001" in await hoa.choose("Có")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [Row(date(2026, 12, 31), None, 200_000, "VO THI HOA chuyen tien")]

    screen = plain(await send_file(mai, write_csv(tmp_path / "sao-ke.csv", rows)))

    assert (
        "31/12/2026 · 200.000 ₫ · VO THI HOA chuyen tien · có thể là CT-2026-000001 (đã xác nhận, người "
        "ghi nói đã chuyển trong năm 2026): nếu biên lai khớp với khoản tiền này thì tiền đã vào Quỹ, "
        "anh/chị không ghi thêm là ủng hộ của nhà hảo tâm"
    ) in screen
    assert await statuses(app) == {"CT-2026-000001": "confirmed", "CT-2027-000001": "recorded"}


@IN_TWO_YEARS
async def test_her_transfer_of_31_december_without_its_code_names_her_gift_confirmed_in_april(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Mai confirmed Hoa's gift said sent in 2026 on Monday 5 April 2027, when 2026 was reported: it counts
    for 2027 (1218). The Fund account's statement of December, reconciled after, listed its credit of 31/12
    without a code beside nothing and offered it as a donor's gift: her 200.000 ₫ counted twice."""
    await said_sent_in_2026(app, invites, clock, tmp_path)
    clock.at = datetime(2027, 4, 5, 2, 0, tzinfo=UTC)
    mai = Chat(CollectingChannel(app.engine, BUTTONS, can_send_files=True), "mai", clock)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("CT-2026-000001")
    assert "CT-2026-000001: đã xác nhận." in await mai.choose("Đã nhận")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [Row(date(2026, 12, 31), None, 200_000, "VO THI HOA chuyen tien")]

    screen = plain(await send_file(mai, write_csv(tmp_path / "sao-ke.csv", rows)))

    assert (
        "31/12/2026 · 200.000 ₫ · VO THI HOA chuyen tien · có thể là CT-2026-000001 (đã xác nhận, người "
        "ghi nói đã chuyển trong năm 2026): nếu biên lai khớp với khoản tiền này thì tiền đã vào Quỹ, "
        "anh/chị không ghi thêm là ủng hộ của nhà hảo tâm"
    ) in screen
    assert await statuses(app) == {"CT-2026-000001": "confirmed"}


@IN_TWO_YEARS
async def test_her_2026_gift_cancelled_in_april_leaves_her_2027_what_she_gave_and_says_the_adjustment_apart(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Hoa's 300.000 ₫ of December 2026, confirmed, is cancelled by the union's chairman on Monday 5 April
    2027 (“Ghi nhầm người”), after 2026 was reported: booked in 2027 (1219). She gave 200.000 ₫ in 2027 too.
    Her 2027 read “tiền -100.000 ₫ đã xác nhận” and “đã xác nhận -100.000 ₫ (đạt -10%)” toward her pledge:
    a member never gave a negative sum."""
    hoa = await hoa_in_two_years(app, invites, clock, tmp_path)
    clock.at = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)
    await gives_to_the_peak_drive(hoa)
    await hoa.choose("Có")
    clock.at = datetime(2027, 2, 1, 2, 0, tzinfo=UTC)
    await hoa.say("/donggop")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("200k")
    await hoa.choose("Bỏ qua")
    assert "CT-2027-000001" in await hoa.choose("Có")
    async with app.sessionmaker() as session, session.begin():
        named = {p.full_name: p for p in await session.scalars(select(Person))}
        mai, hung = named["Trần Thị Mai"], named["Lê Văn Hùng"]  # the treasurer, the union's chairman
        for gift in await session.scalars(select(Contribution).order_by(Contribution.id)):
            await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=clock.at)
        clock.at = datetime(2027, 4, 5, 2, 0, tzinfo=UTC)
        december = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        assert december is not None
        await reverse(
            session, december, actor=await actor_for(session, hung), reason="Ghi nhầm người", now=clock.at
        )

    progress = plain(await hoa.say("/tiendo"))

    assert "Tiến độ năm 2027 của anh/chị" in progress
    assert "đã xác nhận 200.000 ₫ (đạt 20%)" in progress
    assert "Tổng năm nay: tiền 200.000 ₫ đã xác nhận." in progress
    assert (
        "Điều chỉnh khoản của năm 2026 (số liệu năm 2026 đã báo cáo, bút toán ghi vào năm 2027): "
        "tiền -300.000 ₫."
    ) in progress
    assert "-100.000" not in progress


@IN_TWO_YEARS
async def test_her_gift_of_2026_confirmed_in_april_tells_her_it_counts_for_2027(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Hoa's 200.000 ₫ said sent in 2026 is confirmed by Mai on Monday 5 April 2027, after 2026 was reported:
    it counts for 2027 (1218). Her notice said only that it was confirmed; her year 2026 reads without it."""
    await said_sent_in_2026(app, invites, clock, tmp_path)
    clock.at = datetime(2027, 4, 5, 2, 0, tzinfo=UTC)
    mai = Chat(CollectingChannel(app.engine, BUTTONS), "mai", clock)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("CT-2026-000001")
    await mai.choose("Đã nhận")

    told = [text for text in await notices_of(app, "Võ Thị Hoa") if "CT-2026-000001" in text]

    assert len(told) == 1 and "đã được thủ quỹ xác nhận" in told[0]
    assert (
        "Khoản này ghi cho năm 2026, nhưng số liệu năm 2026 đã chốt và báo cáo hết tháng 3 nên được tính "
        "vào năm 2027 của anh/chị."
    ) in told[0]


@IN_TWO_YEARS
async def test_the_statements_match_looked_at_on_31_march_is_drawn_again_on_1_april_with_its_year(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Mai reconciles the Fund account's December statement at 23:58 on 31 March 2027 (16:58 UTC): Hoa's gift
    said sent in 2026 matches its credit of 31/12. Her “Có” reaches us at 00:00 on 1 April, when 2026 is
    reported: it was confirmed at once into 2027, and no look at the matches ever said a year (1218, 1246)."""
    await said_sent_in_2026(app, invites, clock, tmp_path)
    clock.at = datetime(2027, 3, 31, 16, 58, tzinfo=UTC)
    mai = Chat(CollectingChannel(app.engine, BUTTONS, can_send_files=True), "mai", clock)
    await join(mai, invites.treasurer, "Trần Thị Mai")
    await mai.say("/xacnhan")
    await mai.choose("Đối chiếu sao kê ngân hàng")
    rows = [Row(date(2026, 12, 31), None, 200_000, "VO THI HOA chuyen tien CT2026000001")]
    await send_file(mai, write_csv(tmp_path / "sao-ke.csv", rows))
    before = plain(await mai.choose("Xác nhận 1 khoản khớp"))
    assert "CT-2026-000001 · Võ Thị Hoa" in before and "tính vào năm 2027" not in before
    clock.at = datetime(2027, 3, 31, 17, 0, tzinfo=UTC)

    again = plain(await mai.choose("Có"))

    assert "Đã sang ngày 01/04/2027: số liệu năm 2026 đã chốt và báo cáo hết tháng 3." in again
    assert (
        "CT-2026-000001 được ghi cho năm 2026, nhưng số liệu năm 2026 đã chốt và báo cáo hết tháng 3: "
        "anh/chị xác nhận bây giờ thì khoản này được tính vào năm 2027."
    ) in again
    assert await statuses(app) == {"CT-2026-000001": "recorded"}
    assert "Đã xác nhận: CT-2026-000001" in await mai.choose("Có")
    assert await statuses(app) == {"CT-2026-000001": "confirmed"}


@IN_TWO_YEARS
async def test_her_gift_of_30_december_confirmed_in_april_reads_its_year_beside_its_day(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Hoa records 200.000 ₫ to the Fund on 30/12/2026; Mai confirms it on Monday 5 April 2027, after 2026 was
    reported: it counts for 2027 (1218) and keeps its day and its code. Her latest gifts and the Fund's
    statement of 2027 read “CT-2026-000001 · 30/12/2026” with nothing to say why it stands in 2027."""
    hoa = await hoa_in_two_years(app, invites, clock, tmp_path)
    clock.at = datetime(2026, 12, 30, 2, 0, tzinfo=UTC)
    await hoa.say("/donggop")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("200k")
    await hoa.choose("Bỏ qua")
    assert "CT-2026-000001" in await hoa.choose("Có")
    clock.at = datetime(2027, 4, 5, 2, 0, tzinfo=UTC)
    async with app.sessionmaker() as session, session.begin():
        gift = (await session.scalars(select(Contribution))).one()
        mai = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai"))
        assert mai is not None
        await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=clock.at)

    progress = plain(await hoa.say("/tiendo"))
    await hoa.say("/saoke")
    statement = plain(await hoa.choose("ngoài các đợt"))

    later = "tính vào năm 2027 (năm 2026 đã báo cáo)"
    assert f"• CT-2026-000001 · 30/12/2026 · 200.000 ₫ · đã xác nhận · {later}" in progress
    assert "• 30/12/2026 · CT-2026-000001 · Nhà hảo tâm" in statement and f"200.000 ₫ · {later}" in statement


@IN_TWO_YEARS
async def test_the_right_entry_of_her_2026_gift_cancelled_in_2027_is_no_gift_of_2027(
    app: App, invites: DemoInvites, clock: MovableClock, tmp_path: Path
) -> None:
    """Hoa's 300.000 ₫ of December 2026 is corrected to 30.000 ₫ by the union's chairman on Monday 5 April
    2027, booked in 2027 (1219); Mai then cancels that right entry on 6 April. Its reversal, of a 2026 gift's
    entry, counted as given in 2027: her 2027 read 170.000 ₫ where she gave 200.000 ₫ (1306 left it)."""
    hoa = await hoa_in_two_years(app, invites, clock, tmp_path)
    clock.at = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)
    await gives_to_the_peak_drive(hoa)
    await hoa.choose("Có")
    clock.at = datetime(2027, 2, 1, 2, 0, tzinfo=UTC)
    await hoa.say("/donggop")
    await hoa.choose("ngoài các đợt vận động")
    await hoa.choose("Tiền")
    await hoa.say("200k")
    await hoa.choose("Bỏ qua")
    assert "CT-2027-000001" in await hoa.choose("Có")
    async with app.sessionmaker() as session, session.begin():
        named = {p.full_name: p for p in await session.scalars(select(Person))}
        mai, hung = named["Trần Thị Mai"], named["Lê Văn Hùng"]  # the treasurer, the union's chairman
        for gift in await session.scalars(select(Contribution).order_by(Contribution.id)):
            await decide(session, gift, confirmed=True, actor=await actor_for(session, mai), now=clock.at)
        clock.at = datetime(2027, 4, 5, 2, 0, tzinfo=UTC)
        december = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        assert december is not None
        acting = await actor_for(session, hung)
        done = await correct(
            session, december, acting=acting, figure=30_000, reason="Thiếu số 0", now=clock.at
        )
        clock.at = datetime(2027, 4, 6, 2, 0, tzinfo=UTC)
        await reverse(
            session, done.replacement, actor=await actor_for(session, mai), reason="Ghi nhầm", now=clock.at
        )

    progress = plain(await hoa.say("/tiendo"))

    assert "đã xác nhận 200.000 ₫ (đạt 20%)" in progress
    assert "Tổng năm nay: tiền 200.000 ₫ đã xác nhận." in progress
    assert (
        "Điều chỉnh khoản của năm 2026 (số liệu năm 2026 đã báo cáo, bút toán ghi vào năm 2027): "
        "tiền -300.000 ₫."
    ) in progress


async def test_a_gift_with_its_transfers_photo_in_december_offers_only_yes_and_no(
    app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    """A teacher gives 200k on 8 December with the photo of her transfer: no year has just ended, so her last
    look offers no other year to count it for, and no button reads “{n}”."""
    thu = Chat(CollectingChannel(app.engine, BUTTONS), "thu", clock)
    await join(thu, invites.member, "Đỗ Thị Thu")
    clock.at = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)
    await thu.say("ung ho 200k")
    await thu.choose("ngoài các đợt vận động")
    clock.advance(seconds=1)
    receipt = Photo(sha256="e" * 64, path=f"ee/{'e' * 64}.jpg", size=2048, caption=None)
    thu.last = await thu.channel.receive(thu.chat_id, photo=receipt, at=clock())

    assert "• Minh chứng: 1 ảnh" in thu.screen
    assert [c.label for c in thu.menu.choices] == ["Có, xác nhận", "Không, hủy"]
    assert "CT-2026-000001" in await thu.choose("Có")
