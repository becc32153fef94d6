"""“Ai chưa ủng hộ”: who has not given to a drive, a page at a time with “Trang trước”/“Trang sau”, by unit
then given name, names only, for the officers who follow up (decision 0026: kind words, never published)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update

from bot.app import App
from bot.db.models import ChannelIdentity, Drive, Organisation, Person, RoleAssignment, Unit
from bot.domain.access import actor_for
from bot.domain.cases import record_case, serve_case
from bot.domain.contributions import NewContribution, record_contribution
from bot.domain.drives import NewDrive, create_drive, non_givers
from bot.text import fold
from tests.support.clocks import NOW
from tests.support.profiles import on_buttons, on_text_only
from tests.test_drives import seed

TRANG = "Trần Đức Trang"
KIND = "Ủng hộ là tự nguyện: danh sách này chỉ để anh/chị hỏi thăm"
ALSO_YOU = (
    "Anh/chị cũng có tên trong danh sách này: lời kêu gọi anh/chị gửi đến những người chưa ủng hộ sẽ không "
    "gửi cho chính anh/chị, người viết."
)


async def _crowd(app: App) -> dict[str, int]:
    """The seed's organisation with 50 more people in Khoa Nội and 40 in Khoa Dược, a drive for all, and
    Lan's gift to it: 94 have not given."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung, lan = await session.get_one(Person, ids["hung"]), await session.get_one(Person, ids["lan"])
        for unit, letter, n in (("unit A", "A", 50), ("unit B", "B", 40)):
            for i in range(1, n + 1):
                name = f"Nguyễn Văn {letter}{i:02d}"
                session.add(
                    Person(
                        org_id=hung.org_id,
                        unit_id=ids[unit],
                        full_name=name,
                        name_key=fold(name),
                        created_at=NOW,
                    )
                )
        drive = await create_drive(
            session,
            await actor_for(session, hung),
            NewDrive("Quỹ tháng 12", date(2026, 11, 1), date(2026, 12, 31)),
            now=NOW,
        )
        entry = NewContribution(kind="money", amount_vnd=500_000, drive_id=drive.id)
        await record_contribution(session, person=lan, recorded_by=lan, entry=entry, now=NOW)
        ids["drive"] = drive.id
    return ids


async def test_the_officer_pages_through_who_has_not_given_by_unit_then_name(app: App, make_person) -> None:
    await _crowd(app)
    hung = make_person("hung")
    await hung.say("/dotvandong")
    await hung.choose("Quỹ tháng 12")
    first = await hung.choose("Ai chưa ủng hộ")
    assert "Chưa ủng hộ “Quỹ tháng 12” (94 người): trang 1/3, theo đơn vị" in first
    lines = first.split("\n")
    # first how many have not given in each unit, of its people, for which unit lags behind at a glance
    assert lines[1:5] == [
        "Số người chưa ủng hộ ở từng đơn vị:",
        "– Khoa Dược: 42/42 người",
        "– Khoa Nội: 52/53 người",
        "",
    ]
    # Dược before Nội, by the units' names; within a unit by given name: “B01”… before “Bình”, “Tâm”
    assert lines[5:8] == ["Khoa Dược:", "• Nguyễn Văn B01", "• Nguyễn Văn B02"]
    assert "• Nguyễn Văn B40" in lines and "• Đặng Thị Bình" not in lines and "Khoa Nội:" not in lines
    assert KIND in first and "Trang sau" in first and "Trang trước" not in first
    # he has not given either: counted as anyone (1778), and told that his appeal to them skips him (2864)
    assert f"{ALSO_YOU}\n{KIND}" in first
    assert "và 54 người nữa" not in first and "₫" not in first  # no dead end, no amounts

    second = await hung.choose("Trang sau")
    lines = second.split("\n")
    assert "Số người chưa ủng hộ ở từng đơn vị:" not in second  # the first page's alone
    assert "trang 2/3" in second and "Trang trước" in second and "Trang sau" in second
    at = lines.index("Khoa Nội:")
    assert lines[at - 3 : at + 3] == [
        "Khoa Dược:",
        "• Đặng Thị Bình",
        "• Phạm Văn Tâm",
        "Khoa Nội:",
        "• Nguyễn Văn A01",
        "• Nguyễn Văn A02",
    ]
    assert "• Nguyễn Thị Lan" not in second  # she gave

    third = await hung.choose("Trang sau")
    assert "trang 3/3" in third and "Trang sau" not in third and "Trang trước" in third
    lines = third.split("\n")
    at = lines.index("• Nguyễn Văn A50")
    assert lines[at : at + 3] == ["• Nguyễn Văn A50", "• Lê Văn Hùng (anh/chị)", "• Trần Thị Mai"]
    assert "trang 2/3" in await hung.choose("Trang trước")
    assert "trang 3/3" in await hung.say("tiếp")  # the words of every list that pages
    assert "trang 2/3" in await hung.say("truoc")
    screen = await hung.choose("Quay lại")
    assert "Ai chưa ủng hộ" in screen and "Đổi mục tiêu" in screen  # back at the drive's screen


async def test_the_pages_hold_everyone_once_and_a_member_sees_none_on_sqlite_and_postgresql(
    any_app: App,
) -> None:
    ids = await _crowd(any_app)
    async with any_app.sessionmaker() as session:
        hung, lan = await session.get_one(Person, ids["hung"]), await session.get_one(Person, ids["lan"])
        drive = await session.get_one(Drive, ids["drive"])
        officer = await actor_for(session, hung)
        pages = [
            await non_givers(session, officer, drive, leaders_allowed=False, page=p, size=40)
            for p in range(3)
        ]
        every = await non_givers(session, officer, drive, leaders_allowed=False)
        member = await non_givers(session, await actor_for(session, lan), drive, leaders_allowed=True)
    assert [len(p.names) for p in pages] == [40, 40, 14] and {p.total for p in pages} == {94}
    assert [name for p in pages for name in p.names] == every.names and len(set(every.names)) == 94
    assert member.names == [] and member.total == 0


async def test_namesakes_of_one_unit_without_a_position_read_apart_by_the_day_they_joined(
    app: App, make_person
) -> None:
    """Two “Trần Đức Trang” of Khoa Nội, treasurers both, the list giving no position: one on Zalo since
    20/11, one not yet. Who has not given, who holds which role and the search for whom to grant a role
    tell them apart by that; never by a phone, whose last digits prove a listed record is one's own."""
    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        org_id = (await session.get_one(Person, ids["hung"])).org_id
        trangs = [
            Person(
                org_id=org_id,
                unit_id=ids["unit A"],
                full_name=TRANG,
                name_key=fold(TRANG),
                phone=phone,
                listed=True,
                created_at=NOW,
            )
            for phone in ("0912345678", "0987654321")
        ]
        session.add_all(trangs)
        await session.flush()
        since = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
        session.add(
            ChannelIdentity(channel="zalo", external_id="trang", person_id=trangs[0].id, created_at=since)
        )
        for who, role, unit in [(t.id, "treasurer", ids["unit A"]) for t in trangs] + [
            (ids["hung"], "admin", None)
        ]:
            session.add(RoleAssignment(person_id=who, role=role, org_id=org_id, unit_id=unit, granted_at=NOW))
        await create_drive(
            session,
            await actor_for(session, await session.get_one(Person, ids["hung"])),
            NewDrive("Quỹ tháng 12", date(2026, 11, 1), date(2026, 12, 31)),
            now=NOW,
        )
    hung = make_person("hung")
    await hung.say("/dotvandong")
    await hung.choose("Quỹ tháng 12")
    screen = await hung.choose("Ai chưa ủng hộ")
    assert f"• {TRANG} (dùng Chung Tay từ 20/11/2026)\n• {TRANG} (chưa dùng Chung Tay)" in screen
    assert "• Lê Văn Hùng" in screen and "5678" not in screen and "4321" not in screen

    await hung.say("/phanquyen")
    screen = await hung.choose("Ai giữ vai trò nào")
    assert f"• Thủ quỹ: {TRANG} (dùng Chung Tay từ 20/11/2026), {TRANG} (chưa dùng Chung Tay)" in screen
    await hung.choose("Giao vai trò")
    screen = await hung.say("tran duc trang")
    assert f"{TRANG} (Khoa Nội, dùng Chung Tay từ 20/11/2026)" in screen
    assert f"{TRANG} (Khoa Nội, chưa dùng Chung Tay)" in screen and "trùng cả tên" not in screen


async def test_the_colleague_a_drive_raises_money_for_is_not_listed_as_not_having_given_to_it(
    app: App,
) -> None:
    """Tâm's family is a hardship case and the December drive raises money for it: “Ai chưa ủng hộ” listed
    Tâm, and counted him among Khoa Dược's non-givers, for not giving to his own support (decision 0356)."""
    ids = await seed(app)
    december = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        drive = await create_drive(
            session, hung, NewDrive("Chung tay sau lũ", date(2026, 12, 1), date(2026, 12, 31)), now=december
        )
        flood = await record_case(
            session, hung, subject="member", person_id=ids["tam"], circumstances="Nhà bị lũ làm hư hỏng",
            needs="Sửa nhà", now=december,
        )  # fmt: skip
        await serve_case(session, hung, drive, flood.id, now=december)
        listed = await non_givers(session, hung, drive, leaders_allowed=False, size=10)
    assert [name for _unit, name in listed.names] == [
        "Đặng Thị Bình",
        "Lê Văn Hùng",
        "Nguyễn Thị Lan",
        "Trần Thị Mai",
    ]
    assert listed.by_unit == [("Khoa Dược", 1, 1), ("Khoa Nội", 3, 3)]


async def test_a_gift_to_the_fund_outside_the_drives_in_the_peak_month_is_not_listed_as_not_given(
    app: App,
) -> None:
    """Lan gave 500.000 ₫ to the Fund on 20/11 without choosing the peak month's drive of the Fund: “Ai chưa
    ủng hộ” listed her as not having given to it (decision 0534). Mai's gift to the Fund in September, before
    the drive began, is not a gift of its days; the drive's own figures still leave Lan's gift outside it."""
    from bot.db.models import Contribution
    from bot.domain.statement import figures_of

    ids = await seed(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await actor_for(session, await session.get_one(Person, ids["hung"]))
        lan, mai = await session.get_one(Person, ids["lan"]), await session.get_one(Person, ids["mai"])
        drive = await create_drive(
            session, hung, NewDrive("Tháng cao điểm", date(2026, 10, 1), date(2026, 12, 31)),
            now=datetime(2026, 10, 1, 2, 0, tzinfo=UTC),
        )  # fmt: skip
        fund = NewContribution(kind="money", amount_vnd=500_000)
        await record_contribution(
            session, person=lan, recorded_by=lan, entry=fund, now=datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
        )
        await record_contribution(
            session, person=mai, recorded_by=mai, entry=fund, now=datetime(2026, 9, 20, 3, 0, tzinfo=UTC)
        )
        listed = await non_givers(session, hung, drive, leaders_allowed=False, size=10)
        figures = await figures_of(session, Contribution.drive_id == drive.id)
    names = [name for _unit, name in listed.names]
    assert "Trần Thị Mai" in names and "Nguyễn Thị Lan" not in names
    assert figures.givers == 0 and figures.waiting == figures.confirmed  # nothing in its figures


async def _crowd_in_a_commune(app: App) -> dict[str, int]:
    """The crowd's organisation is a commune, its two units Thôn 1 and Thôn 2."""
    ids = await _crowd(app)
    async with app.sessionmaker() as session, session.begin():
        hung = await session.get_one(Person, ids["hung"])
        await session.execute(
            update(Organisation).where(Organisation.id == hung.org_id).values(kind="commune")
        )
        await session.execute(update(Unit).where(Unit.id == ids["unit A"]).values(name="Thôn 1"))
        await session.execute(update(Unit).where(Unit.id == ids["unit B"]).values(name="Thôn 2"))
    return ids


@on_text_only
async def test_a_communes_who_has_not_given_is_by_hamlet_or_street_group(app: App, make_person) -> None:
    """Decision 1898: in a commune, “Ai chưa ủng hộ” headed its pages “theo đơn vị” and its counts “Số người
    chưa ủng hộ ở từng đơn vị”, where its view by unit says “thôn, tổ dân phố” (1825): its own words now."""
    await _crowd_in_a_commune(app)
    hung = make_person("hung")
    await hung.say("/dotvandong")
    await hung.choose("Quỹ tháng 12")
    first = await hung.choose("Ai chưa ủng hộ")
    assert "trang 1/3, theo thôn, tổ dân phố" in first, first
    assert "Chưa ủng hộ ở từng thôn, tổ dân phố:" in first.split("\n"), first
    assert "– Thôn 2: 42/42" in first.split("\n") and "đơn vị" not in first, first


@on_buttons
async def test_a_communes_who_has_not_given_counts_its_households_and_people_apart(
    app: App, make_person
) -> None:
    """Decision 1949: a commune whose Thôn 2 lists 42 households, Thôn 1 its 52 people. “Ai chưa ủng hộ”
    was headed “Chưa ủng hộ “Quỹ tháng 12” (94 người)”, its households counted as people, where the commune
    counts households and people apart. Its hamlets' lines under it, “– Thôn 2: 42/42”, alike (2042)."""
    ids = await _crowd_in_a_commune(app)
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(Person).where(Person.unit_id == ids["unit B"]).values(kind="household"))
    hung = make_person("hung")
    await hung.say("/dotvandong")
    await hung.choose("Quỹ tháng 12")
    first = await hung.choose("Ai chưa ủng hộ")
    heading = "Chưa ủng hộ “Quỹ tháng 12” (42 hộ gia đình, 52 cá nhân): trang 1/3, theo thôn, tổ dân phố"
    assert heading in first.split("\n"), first
    # each hamlet's line in the same words: households and people apart (decision 2042)
    assert "– Thôn 1: 52/53 cá nhân" in first.split("\n"), first
    assert "– Thôn 2: 42/42 hộ gia đình" in first.split("\n"), first
