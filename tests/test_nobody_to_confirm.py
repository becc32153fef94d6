"""A household's year walked through by its family: a gift the hamlet's officer recorded when no treasurer
covered the hamlet is said so at the receipt and told to the office (once per unit and day), and the weekly
roll-up lists what waits with nobody to confirm it; what the officer recorded for the household says so in
its progress and results lists; and a hamlet's Front head on the staff list is not hinted as the
organisation's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select, update

from bot.app import App
from bot.clock import LOCAL_TZ
from bot.db.models import ChannelIdentity, Organisation, OutboxMessage, Person, RoleAssignment
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.digests import Period, unit_figures
from bot.domain.org_import import import_staff
from tests.support.clocks import NOW
from tests.support.profiles import on_buttons, on_text_only
from tests.test_acting_for import HOUSEHOLD, HOUSEHOLD_ONLY, add_household, choose_household
from tests.test_drives import seed
from tests.test_org_import import new_org, person_by_name, roles_of, write_csv

OFFICER = "Lê Văn Hùng"  # the seed's organisation-wide officer, who records for the household


async def give_household_a_phone(app: App, household: int, chat_id: str = "ba") -> None:
    """The household's son joins: the record gets a messenger account (as the officer's link code does)."""
    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            update(Person).where(Person.id == household).values(consent_at=NOW, locale="vi")
        )
        session.add(
            ChannelIdentity(channel="console", external_id=chat_id, person_id=household, created_at=NOW)
        )


async def test_what_the_officer_recorded_for_the_household_says_so_in_its_progress_and_results(
    app: App, make_person
) -> None:
    ids = await seed(app)
    household = await add_household(app, ids)
    hung = make_person("hung")
    await choose_household(hung)  # a gift…
    await hung.choose("Ghi nhận đóng góp")
    await hung.choose("ngoài các đợt vận động")
    await hung.choose("Ngày công")
    await hung.say("2")
    await hung.choose("Bỏ qua")
    assert "CT-2026-000001" in await hung.choose("Có")
    await choose_household(hung)  # …and a result
    await hung.choose("Ghi kết quả")
    await hung.choose(HOUSEHOLD_ONLY)
    await hung.say("Hộ vay vốn nuôi bò, đăng ký thoát nghèo")
    await hung.choose("Bỏ qua")
    await hung.choose("Có")

    await give_household_a_phone(app, household)
    ba = make_person("ba")
    ba.clock.advance(minutes=5)
    async with app.sessionmaker() as session, session.begin():  # the son's own gift
        son = await session.get_one(Person, household)
        entry = NewContribution("money", 200_000)
        await record_contribution(session, person=son, recorded_by=son, entry=entry, now=ba.clock())
    screen = await ba.say("/tiendo")

    mark = f"(cán bộ {OFFICER} ghi thay)"
    gifts = [line for line in screen.splitlines() if line.startswith("• CT-2026-")]
    assert len(gifts) == 2
    own, recorded = gifts  # the latest first
    assert "200.000" in own and mark not in own
    assert "2 ngày công" in recorded and mark in recorded
    [result] = [line for line in screen.splitlines() if line.startswith("•") and "nuôi bò" in line]
    assert mark in result

    await ba.say("/ketqua")
    screen = await ba.choose("Kết quả đã ghi")
    [result] = [line for line in screen.splitlines() if line.startswith("•") and "nuôi bò" in line]
    assert mark in result


async def test_a_hamlets_front_head_is_not_hinted_as_the_organisations_but_the_communes_is(
    db, tmp_path: Path
) -> None:
    org = await new_org(db)
    path = write_csv(
        tmp_path / "xa.csv",
        ["Đơn vị", "Họ và tên", "Chức vụ", "Số điện thoại", "Vai trò"],
        [
            ["Thôn 5", "Đinh Thị Hiền", "Trưởng ban công tác Mặt trận thôn", "0911000051", "cán bộ mặt trận"],
            ["Bản Nà Pẻn", "Lò Văn Pẻn", "Trưởng ban CTMT bản", "0911000052", "cán bộ mặt trận"],
            ["Ủy ban MTTQ xã", "Nguyễn Thị Mặt", "Trưởng Ban vận động", "0911000003", "cán bộ mặt trận"],
        ],
    )

    report = await import_staff(db, org, path, now=NOW)

    assert [(hint.full_name, hint.role) for hint in report.heads] == [("Nguyễn Thị Mặt", "officer")]
    assert ("officer", "Thôn 5") in await roles_of(db, await person_by_name(db, "Đinh Thị Hiền"))


# --- a gift nobody may confirm --------------------------------------------------------------------------


async def without_treasurers(app: App, ids: dict[str, int], *, admin: str | None = "binh") -> None:
    """The seed's organisation with no treasurer at all (a commune that imported none for its hamlets), and
    `admin` (Bình) its organisation-wide admin."""
    async with app.sessionmaker() as session, session.begin():
        await session.execute(delete(RoleAssignment).where(RoleAssignment.role == "treasurer"))
        if admin is not None:
            person = await session.get_one(Person, ids[admin])
            session.add(
                RoleAssignment(person_id=person.id, role="admin", org_id=person.org_id, granted_at=NOW)
            )


async def record_for_household(officer, amount: str = "200k", kind: str = "Tiền") -> str:  # type: ignore[no-untyped-def]
    """What the officer records for the household she acts for, outside the drives: money, or labour days
    (`kind="Ngày công"`, `amount` the days)."""
    await choose_household(officer)
    await officer.choose("Ghi nhận đóng góp")
    await officer.choose("ngoài các đợt vận động")
    await officer.choose(kind)
    await officer.say(amount)
    await officer.choose("Bỏ qua")
    return await officer.choose("Có")


async def office_rows(app: App) -> list[OutboxMessage]:
    async with app.sessionmaker() as session:
        return list(
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.key.like("notice:undecidable:%"))
                .order_by(OutboxMessage.id)
            )
        )


async def test_a_gift_no_treasurer_covers_is_said_so_at_the_receipt_and_told_to_the_office_once_a_day(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await add_household(app, ids)
    await without_treasurers(app, ids)
    hung = make_person("hung")

    screen = await record_for_household(hung)
    assert "CT-2026-000001" in screen
    assert "Hiện chưa có thủ quỹ phụ trách Khoa Nội để xác nhận khoản này; văn phòng đã được báo." in screen

    [row] = await office_rows(app)
    assert row.person_id == ids["binh"]  # the admin, nobody else
    text = row.payload["text"]
    assert text.startswith("Có 1 khoản ở Khoa Nội chưa có thủ quỹ nào phụ trách để xác nhận.")
    assert "giao vai trò thủ quỹ của Khoa Nội cho một người ngay trong Chung Tay: “Phân quyền”" in text
    # the commune's word (2721)
    assert "→ “Giao vai trò”, hoặc giao vai trò thủ quỹ toàn xã. Người góp" in text, text
    assert HOUSEHOLD not in text and "200.000" not in text  # a count and the unit, no one's gift

    hung.clock.advance(hours=2)
    await record_for_household(hung, "100k")  # the same day: no second notice
    rows = await office_rows(app)
    assert len(rows) == 1
    assert rows[0].status == "sent" or "Có 2 khoản" in rows[0].payload["text"]

    hung.clock.advance(days=1)
    await record_for_household(hung, "50k")  # the next day: one more, counting all three
    rows = await office_rows(app)
    assert len(rows) == 2 and rows[1].payload["text"].startswith("Có 3 khoản ở Khoa Nội")

    binh = make_person("binh")
    hung.clock.advance(hours=1)
    screen = await binh.say("/menu")
    assert "Có 3 khoản ở Khoa Nội chưa có thủ quỹ nào phụ trách" in screen

    # Labour days Hùng, its only officer, records: an officer or a treasurer confirms them, and the count
    # says so of them, the money's as before; the organisation holds households, a commune's words (2640);
    # named a ward, its own word, and the officer's role offered for the days beside the treasurer's (2721);
    # a ward's name written short, “P.”, as addresses write it, is read as one too (2775)
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(Organisation).values(name="UBND P. Sông Hiến"))
    hung.clock.advance(days=1)
    await record_for_household(hung, "2", kind="Ngày công")
    text = (await office_rows(app))[-1].payload["text"]
    assert text.startswith(
        "Có 3 khoản ở Khoa Nội chưa có thủ quỹ nào phụ trách để xác nhận. Có 1 khoản ngày công ở Khoa Nội "
        "chưa có cán bộ Mặt trận hoặc thủ quỹ nào phụ trách để xác nhận."
    ), text
    assert (
        "hoặc giao vai trò thủ quỹ toàn phường. Ngày công thì cán bộ Mặt trận của Khoa Nội hoặc toàn phường "
        "cũng xác nhận được; vai trò này cũng giao ở mục “Phân quyền”. Người góp hoặc ghi thay một khoản "
        "không tự xác nhận khoản đó."
    ) in text, text


@on_text_only
async def test_a_gift_a_treasurer_may_confirm_says_nothing_more_and_tells_no_office(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await add_household(app, ids)
    async with app.sessionmaker() as session, session.begin():  # Bình, admin; Mai stays treasurer
        binh = await session.get_one(Person, ids["binh"])
        session.add(RoleAssignment(person_id=binh.id, role="admin", org_id=binh.org_id, granted_at=NOW))
    hung = make_person("hung")
    screen = await record_for_household(hung)
    assert "CT-2026-000001" in screen and "thủ quỹ phụ trách" not in screen and "văn phòng" not in screen
    assert await office_rows(app) == []


@on_buttons
async def test_a_sole_treasurers_own_record_and_an_office_nobody_reaches_are_said_as_they_are(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await add_household(app, ids)
    await without_treasurers(app, ids, admin=None)
    async with app.sessionmaker() as session, session.begin():  # Hùng, the officer, the only treasurer
        hung = await session.get_one(Person, ids["hung"])
        session.add(RoleAssignment(person_id=hung.id, role="treasurer", org_id=hung.org_id, granted_at=NOW))
    screen = await record_for_household(make_person("hung"))
    assert (
        "Hiện chưa có thủ quỹ nào khác phụ trách Khoa Nội để xác nhận khoản này; "
        "anh/chị vui lòng báo văn phòng (quản trị viên)."
    ) in screen
    assert await office_rows(app) == []  # no admin, and the only treasurer read it on his receipt


async def test_the_weekly_roll_up_lists_what_waits_with_nobody_to_confirm_it_by_unit(
    app: App, make_person
) -> None:
    ids = await seed(app)
    await add_household(app, ids)
    await without_treasurers(app, ids)
    hung = make_person("hung")
    await record_for_household(hung)
    await record_for_household(hung, "100k")

    screen = await hung.say("/baocao")
    assert (
        "Khoản chờ không có ai xác nhận: Khoa Nội: 2 (quản trị viên giao vai trò thủ quỹ của đơn vị ở mục "
        "“Phân quyền”, /phanquyen)\n"
    ) in screen
    assert HOUSEHOLD not in screen
    # labour days Hùng, its only officer, records for it: a Front officer of the unit confirms them too, and
    # the line says so of them, the money's confirmer as before (decision 2723)
    await record_for_household(hung, "2", kind="Ngày công")
    screen = await hung.say("/baocao")
    assert (
        "Khoản chờ không có ai xác nhận: Khoa Nội: 3 (quản trị viên giao vai trò thủ quỹ của đơn vị ở mục "
        "“Phân quyền”, /phanquyen; 1 khoản ngày công thì cán bộ Mặt trận của đơn vị cũng xác nhận được)"
    ) in screen, screen


# The week the digest counts, made a minute after the entries of the test were recorded.
WEEK = Period(NOW - timedelta(days=7), NOW + timedelta(minutes=1))


async def test_what_nobody_may_confirm_is_counted_alike_on_sqlite_and_postgresql(any_app: App) -> None:
    ids = await seed(any_app)
    household = await add_household(any_app, ids)
    await without_treasurers(any_app, ids)
    async with any_app.sessionmaker() as session, session.begin():
        hung = await session.get_one(Person, ids["hung"])
        for amount in (100_000, 200_000):
            await record_for(session, household, hung, amount)
        # Lan's own labour day: Hùng, the officer of her unit who organised it, may confirm it (decision 0434)
        lan = await session.get_one(Person, ids["lan"])
        labour = NewContribution("labour", labour_days=1)
        await record_contribution(session, person=lan, recorded_by=lan, entry=labour, now=NOW)
        figures = await unit_figures(session, hung.org_id, campaign_id=None, year=2026, period=WEEK)
        assert (figures[ids["unit A"]].unattended, figures[ids["unit B"]].unattended) == (2, 0)
        mai = await session.get_one(Person, ids["mai"])
        session.add(
            RoleAssignment(
                person_id=mai.id, role="treasurer", org_id=mai.org_id, unit_id=ids["unit A"], granted_at=NOW
            )
        )
        await session.flush()
        figures = await unit_figures(session, hung.org_id, campaign_id=None, year=2026, period=WEEK)
        assert figures[ids["unit A"]].unattended == 0
    [row] = await office_rows(any_app)
    assert row.payload["text"].startswith("Có 2 khoản ở Khoa Nội")
    async with any_app.sessionmaker() as session, session.begin():
        mai = await session.get_one(Person, ids["mai"])
        # The unit's one treasurer gives herself: nobody else may confirm it.
        await record_contribution(
            session, person=mai, recorded_by=mai, entry=NewContribution("money", 300_000), now=NOW
        )
        figures = await unit_figures(session, hung.org_id, campaign_id=None, year=2026, period=WEEK)
        # she may not confirm her own gift: Hùng, the officer covering it, does (decision 2430)
        assert figures[ids["unit A"]].unattended == 0
        his = (RoleAssignment.person_id == hung.id, RoleAssignment.role == "officer")
        await session.execute(delete(RoleAssignment).where(*his))
        figures = await unit_figures(session, hung.org_id, campaign_id=None, year=2026, period=WEEK)
        assert figures[ids["unit A"]].unattended == 1  # no officer covers it either: nobody may (0074)


async def record_for(session, household: int, officer: Person, amount: int) -> None:  # type: ignore[no-untyped-def]
    await record_contribution(
        session,
        person=await session.get_one(Person, household),
        recorded_by=officer,
        entry=NewContribution("money", amount),
        now=NOW,
    )


@on_text_only
async def test_gifts_no_treasurer_covers_in_tet_are_told_to_the_office_once_after_the_break(
    app: App, make_person, clock
) -> None:
    """The treasurer's count waits for the first working morning after Tết (decision 0613); the office's
    count of gifts nobody may confirm went every day someone gave in the break, to an admin as away as she
    is: Mùng 1 and Mùng 3 made two messages. One now, at 07:00 on Thursday 11/2/2027, counting both (decision
    0619)."""
    ids = await seed(app)
    await add_household(app, ids)
    await without_treasurers(app, ids)
    hung = make_person("hung")
    clock.at = datetime(2027, 2, 6, 9, 30, tzinfo=LOCAL_TZ).astimezone(UTC)  # Mùng 1
    await record_for_household(hung)
    clock.at = datetime(2027, 2, 8, 15, 10, tzinfo=LOCAL_TZ).astimezone(UTC)  # Mùng 3
    await record_for_household(hung, "100k")

    [row] = await office_rows(app)
    assert row.status == "pending" and row.payload["text"].startswith("Có 2 khoản ở Khoa Nội"), row.payload
    assert row.not_before.astimezone(LOCAL_TZ) == datetime(2027, 2, 11, 7, 0, tzinfo=LOCAL_TZ)
