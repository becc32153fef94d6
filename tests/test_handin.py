"""The treasurer confirms a collector's handover in one go (docs/decisions/0097): a hamlet officer records
three households' cash and one household's goods, prints the handover list and hands it over with the cash;
the treasurer opens “Theo người thu” in the queue, sees the officer with 3 entries and the sheet's total,
confirms them all after a last look, and the officer hears of each (0091); the goods stay in the queue. When
the cash falls short, the entries are ticked one by one and what did not come is rejected with a reason. A
treasurer of another unit sees only their unit's entries, told how many more another treasurer decides; a
treasurer never sees their own recordings there. The domain's two queries on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import App
from bot.db.models import AuditLog, ChannelIdentity, Contribution, OutboxMessage, Person, RoleAssignment
from bot.domain.access import actor_for
from bot.domain.collected import handover_list
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.donors import donor_for, record_donor_gift
from bot.domain.queue import collector_waiting, waiting_by_collector
from bot.handover_sheet import HEADER_ROW, write_handover
from tests.support.clocks import NOW, MovableClock
from tests.support.profiles import on_buttons, on_text_only
from tests.test_acting_for import add_household
from tests.test_collected import HOUSEHOLDS
from tests.test_drives import seed

BY_COLLECTOR = "Theo người thu (bảng kê nộp tiền)"
HUNG = "Lê Văn Hùng (Khoa Nội): 3 khoản, 750.000\xa0₫"


async def _record(
    app: App, clock: MovableClock, giver_id: int, recorder_id: int, entry: NewContribution
) -> str:
    """`recorder_id` records `entry` for `giver_id`, a minute after the last entry."""
    clock.advance(minutes=1)
    async with app.sessionmaker() as session, session.begin():
        giver = await session.get_one(Person, giver_id)
        recorder = await session.get_one(Person, recorder_id)
        recorded = await record_contribution(
            session, person=giver, recorded_by=recorder, entry=entry, now=clock()
        )
        return recorded.ref


async def _the_hamlets_round(app: App, clock: MovableClock) -> tuple[dict[str, int], list[str], str]:
    """Hùng (an officer) records 200.000 ₫, 300.000 ₫ and 250.000 ₫ for three households of Khoa Nội, then
    a fourth household's rice; Lan gives 100.000 ₫ herself. The money refs oldest first, the goods' ref."""
    ids = await seed(app)
    households = [await add_household(app, ids, name) for name in HOUSEHOLDS]
    money = [
        await _record(app, clock, household, ids["hung"], NewContribution("money", amount))
        for household, amount in zip(households, (200_000, 300_000, 250_000), strict=True)
    ]
    rice = await add_household(app, ids, "Hộ bà Phan Thị Sáu")
    goods = NewContribution("goods", 400_000, description="20 kg gạo")
    goods_ref = await _record(app, clock, rice, ids["hung"], goods)
    await _record(app, clock, ids["lan"], ids["lan"], NewContribution("money", 100_000))
    return ids, money, goods_ref


async def _statuses(app: App) -> dict[str, str]:
    async with app.sessionmaker() as session:
        return {c.ref: c.status for c in await session.scalars(select(Contribution))}


async def _notices_to(app: App, person_id: int) -> list[str]:
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.person_id == person_id, OutboxMessage.key.like("notice:%"))
            .order_by(OutboxMessage.id)
        )
        return [row.payload["text"] for row in rows]


def _sheet_total(path: Path) -> tuple[int, list[str]]:
    """The handover list's total (the cell under the amounts) and its codes, read back from the file."""
    rows = [tuple(row) for row in load_workbook(path).active.iter_rows(values_only=True)]
    listed = []
    for row in rows[HEADER_ROW:]:
        if row[1] == "Tổng cộng":
            return int(row[5]), listed  # type: ignore[arg-type]
        listed.append(str(row[3]))
    raise AssertionError("no total on the handover list")


async def test_the_treasurer_confirms_an_officers_handover_in_one_go_and_the_officer_hears_of_it_once(
    app: App, clock: MovableClock, make_person
) -> None:
    ids, money, goods = await _the_hamlets_round(app, clock)
    hung = make_person("hung")
    await hung.say("/daghithay")
    await hung.choose("Bảng kê nộp tiền (Excel)")
    [handed] = hung.channel.transport.documents("hung")
    assert handed.document is not None
    sheet_total, sheet_refs = _sheet_total(app.settings.media_dir / handed.document.path)
    assert (sheet_total, sheet_refs) == (750_000, money)

    async with app.sessionmaker() as session, session.begin():  # a household named as a long list writes it
        tu = await session.scalar(select(Person).where(Person.full_name == "Hộ bà Lê Thị Tư"))
        assert tu is not None
        tu.full_name = "Hộ bà Lê Thị Tư và ông Nguyễn Hoàng Phương Nam"
    mai = make_person("mai")
    screen = await mai.say("/xacnhan")
    assert BY_COLLECTOR in screen
    screen = await mai.choose(BY_COLLECTOR)
    assert "Ai đang nộp tiền cho anh/chị?" in screen
    assert [c.label for c in mai.menu.choices] == [HUNG, "Quay lại"]  # Lan gave her own: no collector
    screen = await mai.choose("Lê Văn Hùng")
    assert (
        "Bảng kê nộp tiền của Lê Văn Hùng (Khoa Nội): 3 khoản chờ anh/chị xác nhận, cũ nhất trước:" in screen
    )
    lines = [line for line in screen.splitlines() if line.startswith("• ")]
    assert lines == [  # as the sheet lists them: STT, household, code, amount
        f"• 1) Hộ ông Trần Văn Ba · {money[0]} · 200.000\xa0₫",
        f"• 2) Hộ bà Lê Thị Tư và ông Nguyễn Hoàng… · {money[1]} · 300.000\xa0₫",  # at a word (2724)
        f"• 3) Hộ ông Đinh Văn Năm · {money[2]} · 250.000\xa0₫",
    ]
    assert f"Tổng cộng: {sheet_total:,}\xa0₫.".replace(",", ".") in screen  # the sheet's total
    assert goods not in screen and "do thủ quỹ khác xác nhận" not in screen
    async with app.sessionmaker() as session, session.begin():  # her name as the list first had it
        (await session.get_one(Person, tu.id)).full_name = HOUSEHOLDS[1]

    screen = await mai.choose("Xác nhận tất cả (đã nhận đủ 750.000\xa0₫)")
    assert "đã nhận các khoản sau (3 khoản)" in screen
    assert all(ref in screen for ref in money) and "Tổng cộng: 750.000\xa0₫." in screen
    assert set((await _statuses(app)).values()) == {"recorded"}  # nothing before the last Có
    screen = await mai.choose("Có")
    assert f"Đã xác nhận: {', '.join(money)}." in screen
    assert "người đã ghi thay cho họ đang được báo tin" in screen  # the households have no account (0091)
    assert "Không còn khoản nào của người thu này chờ anh/chị xác nhận." in screen
    assert BY_COLLECTOR not in screen and "2 khoản chờ" in screen  # the rice and Lan's own gift remain

    statuses = await _statuses(app)
    assert [statuses[ref] for ref in money] == ["confirmed"] * 3 and statuses[goods] == "recorded"
    [told] = await _notices_to(app, ids["hung"])  # one notice of the three, not three (a Zalo chat's worth)
    assert told.startswith("Thủ quỹ đã xác nhận 3 khoản (750.000\xa0₫) anh/chị ghi thay:")
    amounts = ("200.000", "300.000", "250.000")
    for ref, household, amount in zip(money, HOUSEHOLDS, amounts, strict=True):
        assert f"• {ref} · {household} · {amount}\xa0₫" in told
    # none of the three reads messages: the collector is asked to thank them, as the bot thanks a member
    assert told.endswith(
        "\nAi ở trên chưa nhận được tin nhắn của Chung Tay, anh/chị vui lòng chuyển lời cảm ơn giúp."
    )
    async with app.sessionmaker() as session:
        confirmed = await session.scalars(
            select(AuditLog.actor_id).where(AuditLog.action == "contribution.confirmed")
        )
        assert list(confirmed) == [ids["mai"]] * 3

    await hung.say("/daghithay")  # the officer's list agrees: nothing of the cash waits
    screen = await hung.choose("Bảng kê nộp tiền (Excel)")
    assert "Hiện không có khoản nào anh/chị ghi thay đang chờ thủ quỹ xác nhận" in screen


@on_text_only
async def test_the_officer_asked_to_pass_the_thanks_on_reads_which_households_when_one_reads_its_own(
    app: App, clock: MovableClock, make_person
) -> None:
    """Hộ ông Trần Văn Ba's son uses the bot: it is thanked in its own message. The officer's one notice of
    the three named none, “Ai ở trên chưa nhận được tin nhắn …”: he could not tell whom to thank (0330)."""
    ids, money, _goods = await _the_hamlets_round(app, clock)
    async with app.sessionmaker() as session, session.begin():
        ba = await session.scalar(select(Person.id).where(Person.full_name == HOUSEHOLDS[0]))
        session.add(ChannelIdentity(channel="console", external_id="ba", person_id=ba, created_at=NOW))
    mai = make_person("mai")
    await mai.say("/xacnhan")
    await mai.choose(BY_COLLECTOR)
    await mai.choose("Lê Văn Hùng")
    await mai.choose("Xác nhận tất cả (đã nhận đủ 750.000\xa0₫)")
    await mai.choose("Có")
    [told] = await _notices_to(app, ids["hung"])
    assert all(ref in told for ref in money)
    assert told.endswith(
        f"\n{HOUSEHOLDS[1]}, {HOUSEHOLDS[2]} chưa nhận được tin nhắn nào của Chung Tay: anh/chị vui lòng"
        " chuyển lời cảm ơn giúp."
    )
    [own] = await _notices_to(app, ba)
    assert money[0] in own and "Cảm ơn" in own


@on_buttons
async def test_when_the_cash_falls_short_the_treasurer_ticks_what_came_and_rejects_the_rest_with_a_reason(
    app: App, clock: MovableClock, make_person
) -> None:
    ids, money, _goods = await _the_hamlets_round(app, clock)
    mai = make_person("mai")
    await mai.say("/xacnhan")
    await mai.choose(BY_COLLECTOR)
    await mai.choose("Lê Văn Hùng")
    screen = await mai.choose("Chọn từng khoản")
    assert "Lê Văn Hùng: 3 khoản chờ, cũ nhất trước (trang 1/1)." in screen
    await mai.choose(money[0])
    screen = await mai.choose(money[2])
    assert f"✅ {money[0]}" in screen and f"▫️ {money[1]}" in screen and f"✅ {money[2]}" in screen
    screen = await mai.choose("Xác nhận các khoản")
    assert "(2 khoản)" in screen and "Tổng cộng: 450.000\xa0₫." in screen
    screen = await mai.choose("Có")
    assert f"Đã xác nhận: {money[0]}, {money[2]}." in screen
    assert "1 khoản chờ anh/chị xác nhận" in screen and "Tổng cộng: 300.000\xa0₫." in screen  # what is left

    await mai.choose("Chọn từng khoản")
    await mai.choose(money[1])
    await mai.choose("Từ chối các khoản")
    screen = await mai.say("   ")  # no reason: asked again, nothing changes
    assert (await _statuses(app))[money[1]] == "recorded"
    screen = await mai.say("Thiếu 300.000 đ so với bảng kê")
    assert f"Đã từ chối: {money[1]}." in screen
    found = await _statuses(app)
    assert [found[ref] for ref in money] == ["confirmed", "rejected", "confirmed"]
    assert any(
        money[1] in text and "Thiếu 300.000 đ so với bảng kê" in text
        for text in await _notices_to(app, ids["hung"])
    )


async def _treasurer_of_b(app: App, ids: dict[str, int]) -> None:
    """Tâm, a member of Khoa Dược, made its treasurer."""
    async with app.sessionmaker() as session, session.begin():
        tam = await session.get_one(Person, ids["tam"])
        session.add(
            RoleAssignment(
                person_id=tam.id, role="treasurer", org_id=tam.org_id, unit_id=ids["unit B"], granted_at=NOW
            )
        )


@on_text_only
async def test_a_treasurer_of_another_unit_sees_only_their_units_and_how_many_more_without_amounts(
    app: App, clock: MovableClock, make_person
) -> None:
    ids, money, _goods = await _the_hamlets_round(app, clock)
    await _treasurer_of_b(app, ids)
    tam = make_person("tam")
    screen = await tam.say("/xacnhan")
    assert "Không có khoản nào chờ anh/chị xác nhận" in screen and BY_COLLECTOR not in screen

    dược = await add_household(app, ids, "Hộ ông Vũ Văn Bảy", unit="B")
    bay = await _record(app, clock, dược, ids["hung"], NewContribution("money", 150_000))
    await tam.say("/xacnhan")
    await tam.choose(BY_COLLECTOR)
    assert tam.menu.choices[0].label == "Lê Văn Hùng (Khoa Nội): 1 khoản, 150.000\xa0₫"
    screen = await tam.choose("Lê Văn Hùng")
    assert f"• 1) Hộ ông Vũ Văn Bảy · {bay} · 150.000\xa0₫" in screen
    assert "3 khoản khác của người này do thủ quỹ khác xác nhận." in screen
    assert not any(ref in screen for ref in money) and "200.000" not in screen and "750.000" not in screen

    mai = make_person("mai")  # the organisation's treasurer has all four, as the officer's sheet
    await mai.say("/xacnhan")
    await mai.choose(BY_COLLECTOR)
    assert mai.menu.choices[0].label == "Lê Văn Hùng (Khoa Nội): 4 khoản, 900.000\xa0₫"


@on_text_only
async def test_a_treasurer_who_collects_never_sees_their_own_handover(
    app: App, clock: MovableClock, make_person
) -> None:
    ids, _money, _goods = await _the_hamlets_round(app, clock)
    clock.advance(minutes=1)
    async with app.sessionmaker() as session, session.begin():
        mai = await session.get_one(Person, ids["mai"])  # Mai takes a company's cash herself (0083)
        donor = await donor_for(session, await actor_for(session, mai), "Công ty Minh Phát", now=clock())
        entry = NewContribution("money", 2_000_000, collected_in=ids["unit A"])
        gift = await record_donor_gift(
            session, donor=donor, recorded_by=mai, public=False, entry=entry, now=clock()
        )
        session.add(  # and Hùng is a treasurer too
            RoleAssignment(person_id=ids["hung"], role="treasurer", org_id=mai.org_id, granted_at=NOW)
        )
    mai_chat = make_person("mai")
    await mai_chat.say("/xacnhan")
    await mai_chat.choose(BY_COLLECTOR)
    assert [c.label for c in mai_chat.menu.choices] == [HUNG, "Quay lại"]  # not herself

    hung = make_person("hung")
    await hung.say("/xacnhan")
    screen = await hung.choose(BY_COLLECTOR)
    assert [c.label for c in hung.menu.choices] == [
        "Trần Thị Mai (Khoa Nội): 1 khoản, 2.000.000\xa0₫",
        "Quay lại",
    ]
    assert "Lê Văn Hùng" not in screen
    screen = await hung.choose("Trần Thị Mai")
    assert f"Công ty Minh Phát · {gift.ref} · 2.000.000\xa0₫" in screen


async def test_by_collector_reads_the_same_on_sqlite_and_postgresql_and_matches_the_handover_sheet(
    any_app: App, tmp_path: Path
) -> None:
    clock = any_app.engine.clock
    assert isinstance(clock, MovableClock)
    ids, money, goods = await _the_hamlets_round(any_app, clock)
    await _treasurer_of_b(any_app, ids)
    dược = await add_household(any_app, ids, "Hộ ông Vũ Văn Bảy", unit="B")
    bay = await _record(any_app, clock, dược, ids["hung"], NewContribution("money", 150_000))
    clock.advance(minutes=1)
    async with any_app.sessionmaker() as session, session.begin():
        hung = await session.get_one(Person, ids["hung"])
        donor = await donor_for(session, await actor_for(session, hung), "Công ty Minh Phát", now=clock())
        entry = NewContribution("money", 1_000_000, collected_in=ids["unit A"])
        gift = await record_donor_gift(
            session, donor=donor, recorded_by=hung, public=False, entry=entry, now=clock()
        )
    async with any_app.sessionmaker() as session, session.begin():
        mai = await actor_for(session, await session.get_one(Person, ids["mai"]))
        tam = await actor_for(session, await session.get_one(Person, ids["tam"]))
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        assert mai is not None and tam is not None and hung is not None
        [collector] = await waiting_by_collector(session, mai)
        entries = await collector_waiting(session, mai, ids["hung"])
        [for_tam] = await waiting_by_collector(session, tam)
        for_tam_entries = await collector_waiting(session, tam, ids["hung"])
        handover = await handover_list(session, hung, now=clock())
        assert await waiting_by_collector(session, hung) == []  # never one's own
    assert (collector.person_id, collector.name, collector.unit) == (ids["hung"], "Lê Văn Hùng", "Khoa Nội")
    assert (collector.waiting, collector.total_vnd, collector.elsewhere) == (5, 1_900_000, 0)
    assert [entry.ref for entry in entries] == [*money, bay, gift.ref]  # oldest first, no goods
    assert goods not in [entry.ref for entry in entries]
    assert entries[0].giver_as_listed == "Hộ ông Trần Văn Ba"
    # Khoa Dược's treasurer: the one of her unit; Khoa Nội's four are elsewhere, counted without amounts.
    assert (for_tam.waiting, for_tam.total_vnd, for_tam.elsewhere) == (1, 150_000, 4)
    assert [entry.ref for entry in for_tam_entries] == [bay]

    path = tmp_path / "bang-ke.xlsx"
    write_handover(handover, path)
    sheet_total, sheet_refs = _sheet_total(path)
    assert sheet_total == collector.total_vnd and sheet_refs == [entry.ref for entry in entries]


@on_buttons
async def test_a_collector_with_twelve_entries_reads_in_pages_and_all_twelve_are_confirmed_in_one_go(
    app: App, clock: MovableClock, make_person
) -> None:
    ids = await seed(app)
    refs = []
    for n in range(1, 13):
        household = await add_household(app, ids, f"Hộ ông Nguyễn Văn Số {n}")
        refs.append(await _record(app, clock, household, ids["hung"], NewContribution("money", 100_000)))
    mai = make_person("mai")
    await mai.say("/xacnhan")
    await mai.choose(BY_COLLECTOR)
    screen = await mai.choose("Lê Văn Hùng")
    first = [line for line in screen.splitlines() if line.startswith("• ")]
    assert len(first) == 10 and first[0].startswith("• 1) ") and refs[0] in first[0]
    assert "1.200.000\xa0₫" in screen  # the total is the collector's twelve, not the page's ten
    screen = await mai.choose("Trang sau")
    second = [line for line in screen.splitlines() if line.startswith("• ")]
    assert [line.split(")")[0] for line in second] == ["• 11", "• 12"] and refs[11] in second[1]

    screen = await mai.choose("Xác nhận tất cả (đã nhận đủ 1.200.000\xa0₫)")
    assert "(12 khoản)" in screen and all(ref in screen for ref in refs)
    await mai.choose("Có")
    statuses = await _statuses(app)
    assert [statuses[ref] for ref in refs] == ["confirmed"] * 12


async def test_two_entries_rejected_together_reach_their_collector_in_one_notice_and_one_alone_in_its_own(
    app: App, clock: MovableClock, make_person
) -> None:
    ids, money, _goods = await _the_hamlets_round(app, clock)
    mai = make_person("mai")
    await mai.say("/xacnhan")
    await mai.choose(BY_COLLECTOR)
    await mai.choose("Lê Văn Hùng")
    await mai.choose("Chọn từng khoản")
    await mai.choose(money[0])
    await mai.choose(money[1])
    await mai.choose("Từ chối các khoản")
    screen = await mai.say("Chưa nhận được tiền mặt")
    assert f"Đã từ chối: {money[0]}, {money[1]}." in screen
    [told] = await _notices_to(app, ids["hung"])
    assert told.startswith(
        "Thủ quỹ chưa nhận được 2 khoản (500.000\xa0₫) anh/chị ghi thay. Lý do: Chưa nhận được tiền mặt"
    )
    assert f"• {money[0]} · {HOUSEHOLDS[0]} · 200.000\xa0₫" in told
    assert f"• {money[1]} · {HOUSEHOLDS[1]} · 300.000\xa0₫" in told
    assert told.endswith("Nếu anh/chị còn giữ, vui lòng nộp cho thủ quỹ và ghi nhận lại.")

    await mai.choose("Chọn từng khoản")  # the last one alone: the notice of one entry, as before
    await mai.choose(money[2])
    await mai.choose("Xác nhận các khoản")
    await mai.choose("Có")
    _together, alone = await _notices_to(app, ids["hung"])
    assert money[2] in alone and HOUSEHOLDS[2] in alone and "đã được thủ quỹ xác nhận" in alone


async def _tam_moves_it_to_lan(make_person, ref: str) -> None:  # type: ignore[no-untyped-def]
    """Tâm, a treasurer of the whole organisation, puts `ref` in Nguyễn Thị Lan's name (decision 1434)."""
    tam = make_person("tam")
    await tam.say(f"/tracuu {ref}")
    await tam.choose("Ghi nhầm người: chuyển sang người khác")
    await tam.say("lan")
    await tam.choose("Nguyễn Thị Lan")
    await tam.choose("Có")


async def test_a_gift_moved_off_the_collectors_handover_is_said_and_never_confirmed_as_her_cash(
    app: App, clock: MovableClock, make_person
) -> None:
    """Mai reads Hùng's handover, 750.000 ₫ of three households; Tâm, another treasurer, puts the first
    household's 200.000 ₫ in Lan's name, her own gift now, no longer Hùng's cash. “Xác nhận tất cả” says so,
    naming both, and its last look is of the two left; Tâm then moves the second too: Mai's Có confirms
    nothing, says it, and her next Có confirms the one Hùng still hands over (decisions 1539, 1590)."""
    ids, money, _goods = await _the_hamlets_round(app, clock)
    async with app.sessionmaker() as session, session.begin():
        tam = await session.get_one(Person, ids["tam"])
        session.add(RoleAssignment(person_id=tam.id, role="treasurer", org_id=tam.org_id, granted_at=NOW))
    mai = make_person("mai")
    await mai.say("/xacnhan")
    await mai.choose(BY_COLLECTOR)
    assert "Tổng cộng: 750.000\xa0₫." in await mai.choose("Lê Văn Hùng")
    await _tam_moves_it_to_lan(make_person, money[0])
    moved = "{} vừa được một thủ quỹ khác ghi lại sang tên Nguyễn Thị Lan, thay cho {}"
    screen = await mai.choose("Xác nhận tất cả (đã nhận đủ 750.000\xa0₫)")
    assert moved.format(money[0], HOUSEHOLDS[0]) in screen, screen
    look = screen.split(moved.format(money[0], HOUSEHOLDS[0]))[1]
    assert "(2 khoản)" in look and money[0] not in look and "Tổng cộng: 550.000\xa0₫." in look, look

    await _tam_moves_it_to_lan(make_person, money[1])
    screen = await mai.choose("Có")
    assert moved.format(money[1], HOUSEHOLDS[1]) in screen, screen
    assert list((await _statuses(app)).values()).count("confirmed") == 0
    screen = await mai.choose("Có")
    assert f"Đã xác nhận: {money[2]}." in screen, screen
    statuses = await _statuses(app)
    assert [statuses[ref] for ref in money] == ["recorded", "recorded", "confirmed"]
