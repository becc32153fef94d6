"""A hamlet officer's December of cash, door to door, and the treasurer's side of it: the officer on a chat
without buttons (as on Zalo) types without accents — “ghi thay”, “nguyen van an”, “200k”, “xong” — for
households without phones, two of them namesakes told apart by the list's position; records a gift twice
and withdraws the second; the treasurer (with buttons, as on Telegram) takes the handover “Theo người thu”,
short of cash, and rejects one with a reason the officer reads with what to do; a household that later joins
does not withdraw what the officer holds; a second treasurer who decided first is named to the one who
answered after. Each test holds a place where someone was confused or misled."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import Contribution, Organisation, OutboxMessage, Person, RoleAssignment, Unit
from bot.domain.access import actor_for
from bot.domain.contributions import LedgerError, decide, withdraw
from bot.domain.invites import create_invite
from bot.domain.notices import BOTH
from bot.messages import BUTTONS, TEXT_ONLY
from bot.text import fold
from tests.support.clocks import NOW, MovableClock
from tests.support.people import Person as Chat
from tests.test_acting_for import add_household
from tests.test_drives import seed
from tests.test_linking import LINK_CODE

AN = "Hộ ông Nguyễn Văn An"
BY_COLLECTOR = "Theo người thu (bảng kê nộp tiền)"


def zalo(app: App, clock: MovableClock, chat_id: str) -> Chat:
    return Chat(CollectingChannel(app.engine, TEXT_ONLY), chat_id, clock)


def telegram(app: App, clock: MovableClock, chat_id: str) -> Chat:
    return Chat(CollectingChannel(app.engine, BUTTONS), chat_id, clock)


async def _hamlet(app: App) -> tuple[dict[str, int], dict[str, int]]:
    """The seed's organisation; households of Khoa Nội without phones, two “Hộ ông Nguyễn Văn An” whom the
    list tells apart by their group (tổ), as its position."""
    ids = await seed(app)
    households = {
        "an 2": await add_household(app, ids, AN),
        "an 5": await add_household(app, ids, AN),
        "hoa": await add_household(app, ids, "Hộ bà Lê Thị Hoa"),
        "binh": await add_household(app, ids, "Hộ ông Trần Văn Bình"),
    }
    async with app.sessionmaker() as session, session.begin():
        for key, group in (("an 2", "Tổ 2"), ("an 5", "Tổ 5")):
            await session.execute(update(Person).where(Person.id == households[key]).values(position=group))
    return ids, households


async def _give(officer: Chat, typed_name: str, amount: str, *, pick: str | None = None) -> str:
    """The officer records `amount` for the household found by `typed_name` (`pick`: which of several; the one
    named whole is taken at once, decision 0257), the way one types on Zalo, up to the last look."""
    await officer.say("ghi thay")
    await officer.say(typed_name)
    if pick is not None:
        await officer.choose(pick)
    await officer.choose("Ghi nhận đóng góp")
    await officer.choose("ngoài các đợt vận động")
    await officer.choose("Tiền")
    await officer.say(amount)
    return await officer.say("xong")


async def _notices_to(app: App, person_id: int) -> list[str]:
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage.payload)
            .where(OutboxMessage.person_id == person_id, OutboxMessage.key.like("notice:decided:%"))
            .order_by(OutboxMessage.id)
        )
        return [payload["text"] for payload in rows]


async def test_the_officer_types_ghi_thay_tells_the_namesakes_apart_and_xong_is_no_note(
    app: App, clock: MovableClock
) -> None:
    await _hamlet(app)
    hung = zalo(app, clock, "hung")

    # “ghi thay” as the first words of the day, no menu on screen: the search, not “chưa hiểu”.
    screen = await hung.say("ghi thay")
    assert "chưa hiểu" not in screen and "Anh/chị ghi nhận thay cho ai?" in screen
    screen = await hung.say("nguyen van an")
    assert f"{AN} (Khoa Nội, Tổ 2, hộ gia đình)" in screen  # two of one name: by the list's tổ
    assert f"{AN} (Khoa Nội, Tổ 5, hộ gia đình)" in screen
    await hung.say("/menu")

    screen = await _give(hung, "nguyen van an", "200k", pick="Tổ 5")
    assert f"kiểm tra lại đóng góp cho {AN} (Tổ 5):" in screen and "200.000\xa0₫" in screen  # which one
    assert "Ghi chú" not in screen  # “xong” is done, not a note on the ledger
    await hung.choose("Có")
    async with app.sessionmaker() as session:
        entry = (await session.scalars(select(Contribution))).one()
        assert entry.note is None and entry.amount_vnd == 200_000


async def test_namesakes_the_list_cannot_tell_apart_are_said_to_be_so(app: App, clock: MovableClock) -> None:
    ids = await seed(app)
    for _ in range(2):
        await add_household(app, ids, AN)
    hung = zalo(app, clock, "hung")
    await hung.say("/ghithay")
    screen = await hung.say("nguyen van an")
    assert "trùng cả tên lẫn đơn vị" in screen and "cột Chức vụ" in screen
    assert "Chung Tay)" not in screen  # neither has joined: the day joined tells nothing, so it is not said


async def test_a_gift_typed_twice_is_named_and_the_officers_withdrawal_reads_as_theirs(
    app: App, clock: MovableClock
) -> None:
    await _hamlet(app)
    hung = zalo(app, clock, "hung")
    await hung.say("/menu")
    await _give(hung, "le thi hoa", "100k")
    await hung.choose("Có")
    screen = await _give(hung, "le thi hoa", "100k")  # the same gift again, by mistake
    assert "Hộ bà Lê Thị Hoa đã được ghi một khoản 100.000\xa0₫" in screen and "CT-2026-000001" in screen
    await hung.choose("Khoản khác")  # the officer recorded it as another gift anyway: they withdraw it
    await hung.say("/tracuu CT-2026-000002")
    await hung.choose("Rút lại")
    assert "Đã rút lại CT-2026-000002" in await hung.choose("Có")

    screen = await hung.say("/daghithay")
    assert "Tiền đang chờ thủ quỹ xác nhận: 1 khoản, 100.000\xa0₫" in screen
    [line] = [line for line in screen.splitlines() if "CT-2026-000002" in line]
    assert line.endswith("người ghi thay đã rút lại")  # not “người đóng góp”: the household did nothing


async def test_short_of_cash_the_treasurer_rejects_one_and_the_officer_reads_what_to_do(
    app: App, clock: MovableClock
) -> None:
    ids, _households = await _hamlet(app)
    hung, mai = zalo(app, clock, "hung"), telegram(app, clock, "mai")
    await hung.say("/menu")
    for name, amount in (("le thi hoa", "300k"), ("tran van binh", "200k")):
        await _give(hung, name, amount)
        await hung.choose("Có")

    await mai.say("/xacnhan")
    await mai.choose(BY_COLLECTOR)
    await mai.choose("Lê Văn Hùng")
    await mai.choose("Chọn từng khoản")
    await mai.choose("CT-2026-000002")
    screen = await mai.choose("Từ chối các khoản")
    assert (
        "Người thu sẽ đọc lý do này" in screen and "chuyển khoản" not in screen
    )  # cash, read by the officer
    await mai.say("Thiếu 200.000 đ so với bảng kê")

    [told] = await _notices_to(app, ids["hung"])
    assert told.startswith(
        "Thủ quỹ chưa nhận được khoản đóng góp CT-2026-000002 (200.000\xa0₫) anh/chị ghi thay cho "
        "Hộ ông Trần Văn Bình. Lý do: Thiếu 200.000 đ so với bảng kê"
    )
    assert "chưa được ghi nhận" not in told and "nộp cho thủ quỹ rồi ghi nhận lại" in told

    await mai.choose("Xác nhận tất cả (đã nhận đủ 300.000\xa0₫)")
    await mai.choose("Có")
    told = await _notices_to(app, ids["hung"])
    assert told[1] == (
        "Khoản đóng góp CT-2026-000001 (300.000\xa0₫) anh/chị ghi thay cho Hộ bà Lê Thị Hoa đã được thủ "
        "quỹ xác nhận.\nHộ bà Lê Thị Hoa chưa nhận được tin nhắn nào của Chung Tay: anh/chị vui lòng chuyển "
        "lời cảm ơn giúp."
    )  # no message reaches the household: its thanks goes through who took its cash, as a member's own
    assert len(told) == 2  # each decision heard once


async def test_a_household_that_joins_later_does_not_withdraw_the_cash_and_both_hear_of_a_decision(
    app: App, clock: MovableClock
) -> None:
    ids, households = await _hamlet(app)
    hung, hoa = zalo(app, clock, "hung"), zalo(app, clock, "hoa")
    await hung.say("/menu")
    await _give(hung, "le thi hoa", "300k")
    await hung.choose("Có")
    async with app.sessionmaker() as session, session.begin():
        unit = await session.get_one(Unit, ids["unit A"])
        org = await session.get_one(Organisation, unit.org_id)
        invite = await create_invite(session, org, unit_code=unit.code, kind="household", uses=5, now=NOW)
    await hung.say("ghi thay")
    await hung.say("le thi hoa")  # the one household named so: taken at once (decision 0257)
    code = LINK_CODE.search(await hung.choose("Cấp mã liên kết"))
    assert code is not None
    await hoa.say(invite.code)
    await hoa.say(code.group())
    await hoa.choose("Tôi đồng ý")  # the data notice, before the record is linked
    await hoa.choose("Tiếng Việt")

    screen = await hoa.say("/tracuu CT-2026-000001")
    assert "300.000\xa0₫" in screen and "chờ thủ quỹ xác nhận" in screen  # the household sees its gift
    assert "Rút lại" not in screen and "muốn rút lại, anh/chị vui lòng báo Lê Văn Hùng" in screen
    async with app.sessionmaker() as session, session.begin():
        entry = (await session.scalars(select(Contribution))).one()
        household = await actor_for(session, await session.get_one(Person, households["hoa"]))
        with pytest.raises(LedgerError):
            await withdraw(session, entry, actor=household, now=clock())
    screen = await hung.say("/daghithay")  # the officer's list still holds the cash they hold
    assert "Tiền đang chờ thủ quỹ xác nhận: 1 khoản, 300.000\xa0₫" in screen

    # The treasurer did not get the cash: the household hears of its gift, and the officer who holds the cash
    # hears too (they answer for it until the treasurer has it), each once.
    async with app.sessionmaker() as session, session.begin():
        entry = (await session.scalars(select(Contribution))).one()
        treasurer = await actor_for(session, await session.get_one(Person, ids["mai"]))
        heard = await decide(
            session, entry, confirmed=False, actor=treasurer, now=clock(), reason="Chưa nhận được tiền mặt"
        )
    assert heard == BOTH
    [to_household] = await _notices_to(app, households["hoa"])
    assert "CT-2026-000001" in to_household and "Chưa nhận được tiền mặt" in to_household
    [to_officer] = await _notices_to(app, ids["hung"])
    assert to_officer.startswith(
        "Thủ quỹ chưa nhận được khoản đóng góp CT-2026-000001 (300.000\xa0₫) anh/chị ghi thay cho "
        "Hộ bà Lê Thị Hoa."
    )


async def test_a_treasurer_confirming_what_another_just_rejected_is_told_who_and_why(
    app: App, clock: MovableClock
) -> None:
    ids, _households = await _hamlet(app)
    async with app.sessionmaker() as session, session.begin():
        org_id = (await session.get_one(Person, ids["tam"])).org_id
        session.add(RoleAssignment(person_id=ids["tam"], role="treasurer", org_id=org_id, granted_at=NOW))
    hung = zalo(app, clock, "hung")
    mai, tam = telegram(app, clock, "mai"), telegram(app, clock, "tam")
    await hung.say("/menu")
    for name in ("le thi hoa", "tran van binh"):
        await _give(hung, name, "200k")
        await hung.choose("Có")
    for treasurer in (mai, tam):
        await treasurer.say("/xacnhan")
        await treasurer.choose(BY_COLLECTOR)
        await treasurer.choose("Lê Văn Hùng")
    await mai.choose("Xác nhận tất cả (đã nhận đủ 400.000\xa0₫)")  # Mai reads the last look…
    await tam.choose("Chọn từng khoản")  # …while Tâm rejects one
    await tam.choose("CT-2026-000001")
    await tam.choose("Từ chối các khoản")
    await tam.say("Hộ chưa đưa tiền")
    screen = await mai.choose("Có")
    assert "Đã xác nhận: CT-2026-000002." in screen
    assert (
        "CT-2026-000001: Phạm Văn Tâm đã xử lý trước đó (thủ quỹ chưa nhận được – Hộ chưa đưa tiền); lần này "
        "khoản này không thay đổi." in screen
    )
    async with app.sessionmaker() as session:
        states = dict((await session.execute(select(Contribution.ref, Contribution.status))).all())
    assert states == {"CT-2026-000001": "rejected", "CT-2026-000002": "confirmed"}
    assert len(await _notices_to(app, ids["hung"])) == 2  # one decision each, heard once


async def test_a_name_typed_with_a_letter_swapped_offers_the_names_that_read_nearly_so(
    app: App, clock: MovableClock
) -> None:
    """The hamlet officer types “le thi hao” for Hộ bà Lê Thị Hoa: “not found” left him guessing; the names
    that read nearly so are offered (never chosen for him), among those he may record for; nonsense still
    finds nobody."""
    await _hamlet(app)
    hung = zalo(app, clock, "hung")
    await hung.say("/ghithay")
    screen = await hung.say("le thi hao")
    assert "Không có ai tên đúng là “le thi hao”. Những tên gần giống:" in screen
    assert "Hộ bà Lê Thị Hoa" in screen and "Nguyễn Văn An" not in screen
    screen = await hung.say("1")
    assert "Ghi nhận đóng góp" in screen  # his choice: now acting for Hộ bà Lê Thị Hoa
    await hung.say("/ghithay")
    screen = await hung.say("xqz wvk")
    assert "Những tên gần giống" not in screen and "Hộ bà Lê Thị Hoa" not in screen


async def test_names_that_read_nearly_so_are_only_those_the_writer_may_record_for(
    app: App, clock: MovableClock
) -> None:
    """The near names come from the same rule as the search: an officer of unit B typing a name of unit A
    with a letter swapped, or anyone typing a household's of another organisation, is offered nobody."""
    ids, _households = await _hamlet(app)  # Hộ bà Lê Thị Hoa is of Khoa Nội (unit A)
    async with app.sessionmaker() as session, session.begin():
        vy = await session.get_one(Person, ids["vy"])  # another organisation's household, named alike
        name = "Hộ bà Lê Thị Hòa"
        session.add(
            Person(
                org_id=vy.org_id, unit_id=ids["unit C"], full_name=name, name_key=fold(name),
                kind="household", listed=True, created_at=NOW,
            )
        )  # fmt: skip
    binh = zalo(app, clock, "binh")  # an officer of unit B only
    await binh.say("/ghithay")
    screen = await binh.say("le thi hao")
    assert "Không tìm thấy ai có “le thi hao”" in screen and "Hoa" not in screen and "Hòa" not in screen
    hung = zalo(app, clock, "hung")  # the organisation's officer: his own organisation's alone
    await hung.say("/ghithay")
    screen = await hung.say("le thi hao")
    assert "Hộ bà Lê Thị Hoa" in screen and "Hòa" not in screen


async def test_a_short_name_typed_with_two_letters_swapped_offers_it_and_no_unrelated_name(
    app: App, clock: MovableClock
) -> None:
    """On a phone a thumb swaps two letters of a short name (“ahn” for Anh, “thnah” for Thanh): the one word
    alone read too far from the name to be offered. Now it is; a word that is another name with a letter
    changed is still not offered it (“danh” is not “Đặng”), and letters far apart offer nothing."""
    ids, _households = await _hamlet(app)
    for name in ("Hộ bà Phạm Thị Anh", "Hộ ông Đặng Văn Sáu", "Hộ bà Vũ Thị Thanh"):
        await add_household(app, ids, name)
    hung = zalo(app, clock, "hung")
    for typed, offered in (("ahn", "Hộ bà Phạm Thị Anh"), ("thnah", "Hộ bà Vũ Thị Thanh")):
        await hung.say("/ghithay")
        screen = await hung.say(typed)
        assert f"Không có ai tên đúng là “{typed}”. Những tên gần giống:" in screen
        assert offered in screen and "Đặng" not in screen
    await hung.say("/ghithay")
    screen = await hung.say("vu thi thnah")  # among the name's other words too
    assert "Hộ bà Vũ Thị Thanh" in screen
    await hung.say("/ghithay")
    screen = await hung.say("danh")  # Anh with a letter more may be meant; Đặng, a letter changed, is not
    assert "Đặng" not in screen
    for typed in ("hna", "dinh"):  # the letters of a name far apart; another name of four letters
        await hung.say("/ghithay")
        screen = await hung.say(typed)
        assert "Những tên gần giống" not in screen and "Đặng" not in screen, typed
