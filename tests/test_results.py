"""Results (“Ghi kết quả”, docs/decisions/0050), in the domain, on SQLite and on a real PostgreSQL: a count or
a yes/no recorded by its owner counts toward the registration; a money criterion, one outside the owner's
scope, a bad number or an empty text is refused and nothing is stored; a member cannot record for someone
else nor a leader for another unit; a result is withdrawn by its owner and set aside by a leader of the unit
(the person is told, with the reason), never by a leader of another unit; the leader's list reads by unit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.db.models import AuditLog, Campaign, Criterion, OutboxMessage, Person, Result, RoleAssignment
from bot.demo import DemoInvites
from bot.domain.access import actor_for
from bot.domain.commitments import owner_key
from bot.domain.people import merge_people
from bot.domain.results import (
    EvidencePhoto,
    ResultError,
    record_result,
    recorded_toward,
    set_aside_result,
    standing_by_owner,
    unit_results_page,
    withdraw_result,
)
from bot.media import store
from bot.messages import Attachment, Photo
from tests.support.clocks import NOW
from tests.support.joins import joined
from tests.support.orgs import Seeded, add_person, seed
from tests.support.profiles import on_text_only
from tests.support.templates import Seed
from tests.test_households import HOUSEHOLD, HOUSEHOLD_ONLY, household_invite, offered

HELPED = "giup-ho-ngheo"  # count; individual, household, collective
INITIATIVE = "sang-kien"  # count
ESCAPE = "dang-ky-thoat-ngheo"  # yes/no; households only
REPORTS = "bao-cao-dung-han"  # yes/no; collectives only
FUND = "ung-ho-quy"  # money


@pytest.fixture
def database_seed() -> Seed:
    return _seeded


async def _seeded(session: AsyncSession) -> Seeded:
    return await seed(session, NOW)


async def criterion(session: AsyncSession, org: Seeded, code: str) -> int:
    found = await session.scalar(
        select(Criterion.id).where(Criterion.campaign_id == org.campaign.id, Criterion.code == code)
    )
    assert found is not None
    return found


async def person(session: AsyncSession, org: Seeded, name: str) -> Person:
    return await session.get_one(Person, org.people[name].id)


async def record(
    session: AsyncSession,
    org: Seeded,
    recorder: str,
    code: str,
    quantity: int = 1,
    text: str = "Đã làm",
    **kw,
) -> Result:
    return await record_result(
        session,
        await person(session, org, recorder),
        campaign_id=org.campaign.id,
        year=2026,
        criterion_id=await criterion(session, org, code),
        quantity=quantity,
        description=text,
        now=NOW,
        **kw,
    )


async def results(app: App) -> list[Result]:
    async with app.sessionmaker() as session:
        return list(await session.scalars(select(Result).order_by(Result.id)))


@pytest.mark.sqlite_only
async def test_a_member_records_counts_and_they_add_up_toward_the_registration(
    any_app: App, org: Seeded
) -> None:
    photo = EvidencePhoto("a" * 64, f"aa/{'a' * 64}.jpg", 2048)
    async with any_app.sessionmaker() as session, session.begin():
        await record(session, org, "An", HELPED, 2, "  Hướng dẫn hộ anh A\nnuôi bò sinh sản ", photo=photo)
        await record(session, org, "An", HELPED, 1, "Tặng giống lúa cho hộ bà B")
        await record(session, org, "An", INITIATIVE, 1, "Mô hình tiết kiệm vì người nghèo")
        done = await recorded_toward(
            session, org.campaign.id, 2026, owner_key("individual", org.people["An"].id, None)
        )
        helped, initiative = await criterion(session, org, HELPED), await criterion(session, org, INITIATIVE)
    assert done == {helped: 3, initiative: 1}
    first = (await results(any_app))[0]
    assert first.description == "Hướng dẫn hộ anh A nuôi bò sinh sản"  # one line, trimmed
    assert (first.photo_path, first.unit_id, first.status) == (photo.path, org.units["A"].id, "standing")


async def test_a_household_records_its_pledge_to_escape_poverty_once(any_app: App, org: Seeded) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        household = await person(session, org, "Bình")
        household.kind = "household"
        await record(session, org, "Bình", ESCAPE, 1, "Hộ đăng ký thoát nghèo năm 2026")
    async with any_app.sessionmaker() as session, session.begin():
        with pytest.raises(ResultError) as twice:
            await record(session, org, "Bình", ESCAPE, 1, "Lần nữa")
    assert twice.value.reason == "already"
    assert [r.quantity for r in await results(any_app)] == [1]


@pytest.mark.parametrize(
    ("who", "code", "quantity", "text", "reason"),
    [
        # money: a contribution, confirmed by a treasurer
        pytest.param("An", FUND, 1, "Ủng hộ 500k", "criterion", marks=pytest.mark.sqlite_only),
        # a household's item, An is staff
        pytest.param("An", ESCAPE, 1, "Thoát nghèo", "scope", marks=pytest.mark.sqlite_only),
        # a unit's item
        pytest.param("An", REPORTS, 1, "Báo cáo đúng hạn", "scope", marks=pytest.mark.sqlite_only),
        pytest.param("An", HELPED, 0, "Giúp hộ nghèo", "quantity", marks=pytest.mark.sqlite_only),
        ("An", HELPED, 1_000_001, "Giúp hộ nghèo", "quantity"),
        pytest.param("An", HELPED, 1, "   \n ", "description", marks=pytest.mark.sqlite_only),
        ("An", HELPED, 1, "x" * 301, "description"),
    ],
)
async def test_what_does_not_fit_is_refused_and_nothing_is_stored(
    any_app: App, org: Seeded, who: str, code: str, quantity: int, text: str, reason: str
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        with pytest.raises(ResultError) as refused:
            await record(session, org, who, code, quantity, text)
    assert refused.value.reason == reason
    assert await results(any_app) == []


async def test_a_member_may_not_record_for_someone_else_nor_a_leader_for_another_unit(
    any_app: App, org: Seeded
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        with pytest.raises(ResultError) as for_another:
            await record(session, org, "An", HELPED, person=await person(session, org, "Bình"))
        with pytest.raises(ResultError) as other_unit:
            await record(session, org, "Lãnh đạo B", HELPED, unit_id=org.units["A"].id)
        with pytest.raises(ResultError) as member_for_unit:
            await record(session, org, "An", HELPED, unit_id=org.units["A"].id)
    assert {for_another.value.reason, other_unit.value.reason, member_for_unit.value.reason} == {
        "not_allowed"
    }
    assert await results(any_app) == []
    async with any_app.sessionmaker() as session:
        refused = await session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "result.refused")
        )
    assert refused == 3


async def test_a_leader_records_for_the_unit_and_the_unit_s_results_are_read_by_unit(
    any_app: App, org: Seeded
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        await record(
            session, org, "Lãnh đạo A", REPORTS, 1, "Báo cáo quý III đúng hạn", unit_id=org.units["A"].id
        )
        await record(session, org, "An", HELPED, 2, "Giúp hộ ông C sửa nhà")
        await record(session, org, "Dũng", HELPED, 4, "Giúp 4 hộ thôn 5")  # unit B
    async with any_app.sessionmaker() as session:
        reports, helped = await criterion(session, org, REPORTS), await criterion(session, org, HELPED)
        by_unit = {
            unit: {
                criterion_id: sum(owners.values())
                for criterion_id, owners in (
                    await standing_by_owner(
                        session, org.org.id, org.campaign.id, 2026, unit_id=org.units[unit].id
                    )
                ).items()
            }
            for unit in ("A", "B")
        }
        lines, total = await unit_results_page(
            session, org.org.id, org.campaign.id, 2026, units=frozenset({org.units["A"].id})
        )
    assert by_unit == {"A": {reports: 1, helped: 2}, "B": {helped: 4}}
    assert total == 2
    assert [(line.owner, line.description) for line in lines] == [
        ("An", "Giúp hộ ông C sửa nhà"),  # the newest first
        (None, "Báo cáo quý III đúng hạn"),  # the unit's own
    ]


async def test_a_result_withdrawn_or_set_aside_stays_marked_and_no_longer_counts(
    any_app: App, org: Seeded
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        kept = await record(session, org, "An", HELPED, 2, "Giúp hộ ông C sửa nhà")
        doubted = await record(session, org, "An", HELPED, 5, "Giúp 5 hộ")
        slip = await record(session, org, "An", INITIATIVE, 1, "Nhầm")
    async with any_app.sessionmaker() as session, session.begin():
        an, leader = await person(session, org, "An"), await person(session, org, "Lãnh đạo A")
        await withdraw_result(session, await actor_for(session, an), slip.id, now=NOW)
        await set_aside_result(
            session, await actor_for(session, leader), doubted.id, reason="Chưa có xác nhận của thôn", now=NOW
        )
        done = await recorded_toward(session, org.campaign.id, 2026, owner_key("individual", an.id, None))
    assert done == {kept.criterion_id: 2}
    statuses = {r.id: (r.status, r.reason) for r in await results(any_app)}
    assert statuses[slip.id] == ("withdrawn", None)
    assert statuses[doubted.id] == ("set_aside", "Chưa có xác nhận của thôn")
    async with any_app.sessionmaker() as session:
        told = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.key == f"notice:result_set_aside:{doubted.id}")
        )
    assert told is not None and told.person_id == org.people["An"].id
    assert "Giúp 5 hộ" in told.payload["text"] and "Chưa có xác nhận của thôn" in told.payload["text"]


@pytest.mark.sqlite_only
async def test_only_the_owner_withdraws_and_only_a_leader_of_the_unit_sets_aside(
    any_app: App, org: Seeded
) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        result = await record(session, org, "An", HELPED, 2, "Giúp hộ ông C sửa nhà")
    for who, act in (
        ("Bình", "withdraw"),  # another member of the unit
        ("Lãnh đạo A", "withdraw"),  # a leader sets aside, never withdraws a person's result
        ("Lãnh đạo B", "set_aside"),  # a leader of another unit
        ("Bình", "set_aside"),
        ("An", "set_aside"),  # the owner withdraws their own instead
    ):
        async with any_app.sessionmaker() as session, session.begin():
            actor = await actor_for(session, await person(session, org, who))
            with pytest.raises(ResultError) as refused:
                if act == "withdraw":
                    await withdraw_result(session, actor, result.id, now=NOW)
                else:
                    await set_aside_result(session, actor, result.id, reason="Không rõ", now=NOW)
            assert refused.value.reason == "not_allowed", (who, act)
    async with any_app.sessionmaker() as session, session.begin():
        leader = await actor_for(session, await person(session, org, "Lãnh đạo A"))
        with pytest.raises(ResultError) as no_reason:
            await set_aside_result(session, leader, result.id, reason="  ", now=NOW)
    assert no_reason.value.reason == "reason"
    assert [r.status for r in await results(any_app)] == ["standing"]


# --- the flow (/ketqua), with buttons and on a text-only channel -------------------------------------------

INITIATIVE_TITLE = "Sáng kiến, mô hình hay về giảm nghèo"
HELPED_TITLE = "Số hộ nghèo, hộ khó khăn được giúp đỡ"


async def pledge_two_initiatives(hoa) -> None:  # type: ignore[no-untyped-def]
    await hoa.say("/dangky")
    await hoa.choose("Sáng kiến")
    await hoa.choose("Xong")
    await hoa.say("2")
    await hoa.choose("Có")


async def test_a_member_records_an_initiative_with_a_photo_and_sees_it_against_the_pledge(
    app: App, hoa, settings
) -> None:
    await pledge_two_initiatives(hoa)
    screen = await hoa.say("/menu")
    assert "Ghi kết quả" in [choice.label for choice in hoa.menu.choices]
    screen = await hoa.choose("Ghi kết quả")
    assert "Anh/chị ghi kết quả cho nội dung nào (năm 2026)?" in screen
    labels = [choice.label for choice in hoa.menu.choices]
    assert labels[0] == f"{INITIATIVE_TITLE}: 0/2 (0%)"  # the registered item first, with what is recorded
    assert HELPED_TITLE in labels and not any("Ủng hộ Quỹ" in label for label in labels)  # no money here
    assert "Kết quả của các đơn vị" not in screen  # a member has no unit's list
    screen = await hoa.choose(INITIATIVE_TITLE)
    assert "bao nhiêu" in screen and "ví dụ: 2" in screen
    screen = await hoa.say("0")  # a bad number: a kind answer, the question stays
    assert "từ 1 đến 1.000.000, ví dụ: 2" in screen
    screen = await hoa.say("1 mô hình")  # a number as people type it
    assert "Anh/chị đã làm gì? Ghi một dòng" in screen
    screen = await hoa.say("   ")
    assert "Anh/chị đã làm gì?" in screen  # nothing typed: asked again
    screen = await hoa.say("Mô hình “Hũ gạo tình thương”\nở tổ công đoàn")
    assert "gửi một ảnh làm minh chứng" in screen
    screen = await hoa.say("ảnh đây")  # text where a photo is asked
    assert "vui lòng gửi một ảnh, hoặc chọn “Bỏ qua”" in screen
    pdf = Attachment("bao_cao.pdf", sha256=None, path=None, size=90_000, refused="not_asked")
    hoa.last = await hoa.channel.receive("hoa", attachment=pdf, at=NOW)  # not a gift's receipt (0794)
    assert "tệp (bao_cao.pdf) không lưu được làm minh chứng cho kết quả" in hoa.screen
    assert "biên lai" not in hoa.screen
    stored = store(settings.media_dir, b"\xff\xd8\xff hu gao")
    photo = Photo(stored.sha256, stored.path, stored.size, "Ra mắt mô hình")  # its words: not kept (0299)
    hoa.last = await hoa.channel.receive("hoa", photo=photo, at=NOW)
    assert "Phần chữ gửi kèm không được lưu" in hoa.screen
    assert f"• {INITIATIVE_TITLE}: 1" in hoa.screen
    assert "• Việc đã làm: Mô hình “Hũ gạo tình thương” ở tổ công đoàn" in hoa.screen
    assert "• Minh chứng: 1 ảnh" in hoa.screen
    screen = await hoa.choose("Có")
    assert f"Đã ghi kết quả, cảm ơn anh/chị.\n{INITIATIVE_TITLE}: 1/2 (50%)" in screen

    screen = await hoa.say("/tiendo")
    assert f"• {INITIATIVE_TITLE}: 2\n  đã ghi 1/2 (50%)" in screen
    assert "Kết quả đã ghi (/ketqua để ghi thêm hoặc rút lại):" in screen
    assert f"{INITIATIVE_TITLE}: 1 — Mô hình “Hũ gạo tình thương” ở tổ công đoàn" in screen
    [result] = await results(app)
    assert (result.quantity, result.photo_path, result.status) == (1, stored.path, "standing")


async def test_a_result_typed_without_accents_is_asked_once_with_accents_for_the_achievement_report(
    app: App, hoa
) -> None:
    """A teacher on a phone without a Vietnamese keyboard: what was done goes word for word into her
    achievement report (báo cáo thành tích). Asked again once, as a proposal's summary is (decision 0164);
    the same text again keeps it as typed; one with accents goes on at once."""
    for typed, kept in (
        ("Giup ho ba Lanh sua mai nha", "Giúp hộ bà Lành sửa mái nhà"),
        ("Tang giong lua cho ho ong Ba", "Tang giong lua cho ho ong Ba"),
    ):
        await hoa.say("/ketqua")
        await hoa.choose(HELPED_TITLE)
        await hoa.say("2")
        screen = await hoa.say(typed)
        assert (
            "Nội dung này chưa có dấu mà sẽ được in nguyên văn vào báo cáo thành tích. Anh/chị vui lòng gõ "
            "lại có dấu, ví dụ: Hoàn thành xuất sắc nhiệm vụ; vận động 12 hộ nghèo. Nếu muốn giữ nguyên, "
            "anh/chị gửi lại đúng nội dung này."
        ) in screen
        assert "Anh/chị đã làm gì? Ghi một dòng" in screen  # the question stays
        screen = await hoa.say(kept)
        assert "gửi một ảnh làm minh chứng" in screen
        await hoa.choose("Bỏ qua")
        assert f"• Việc đã làm: {kept}" in hoa.screen
        await hoa.choose("Có")
    assert [r.description for r in await results(app)] == [
        "Giúp hộ bà Lành sửa mái nhà",
        "Tang giong lua cho ho ong Ba",
    ]


async def test_nothing_is_recorded_when_the_person_cancels_or_says_no_and_a_result_is_withdrawn(
    app: App, hoa
) -> None:
    await hoa.say("/ketqua")
    await hoa.choose(HELPED_TITLE)
    screen = await hoa.say("hủy")
    assert "Đã hủy" in screen
    await hoa.say("/ketqua")
    screen = await hoa.choose(HELPED_TITLE)
    assert "Nên đăng ký trước" not in screen  # said with the list, before the item is chosen
    await hoa.say("2")
    await hoa.say("Giúp hộ bà Lành sửa mái nhà")
    await hoa.choose("Bỏ qua")
    assert "Đã hủy. Chưa ghi kết quả nào." in await hoa.choose("Không")
    assert await results(app) == []

    screen = await hoa.say("/ketqua")
    assert "Các nội dung này chưa được đăng ký cho năm 2026. Nên đăng ký trước" in screen
    await hoa.choose(HELPED_TITLE)
    await hoa.say("2")
    await hoa.say("Giúp hộ bà Lành sửa mái nhà")
    await hoa.choose("Bỏ qua")
    screen = await hoa.choose("Có")
    assert f"{HELPED_TITLE}: 2 (chưa đăng ký chỉ tiêu)" in screen
    await hoa.say("/ketqua")
    screen = await hoa.choose("Kết quả đã ghi")
    assert f"{HELPED_TITLE}: 2 — Giúp hộ bà Lành sửa mái nhà" in screen
    screen = await hoa.choose("Rút lại: Giúp hộ bà Lành")
    assert "Anh/chị rút kết quả “Giúp hộ bà Lành sửa mái nhà”?" in screen
    screen = await hoa.choose("Có")
    assert "Đã rút" in screen and "Giúp hộ bà Lành sửa mái nhà (đã rút)" in screen
    assert not any(choice.label.startswith("Rút lại") for choice in hoa.menu.choices)
    assert [r.status for r in await results(app)] == ["withdrawn"]


async def test_a_leader_records_for_the_unit_and_sets_a_member_s_result_aside_and_the_member_is_told(
    app: App, hoa, invites: DemoInvites, make_person, settings, clock
) -> None:
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await hoa.say("/ketqua")
    await hoa.choose(HELPED_TITLE)
    await hoa.say("5")
    await hoa.say("Giúp 5 hộ thôn 3")
    stored = store(settings.media_dir, b"\xff\xd8\xff 5 ho")
    hoa.last = await hoa.channel.receive("hoa", photo=Photo(stored.sha256, stored.path, stored.size), at=NOW)
    await hoa.choose("Có")

    screen = await tu.say("/ketqua")
    assert "Anh/chị ghi kết quả của ai?" in screen
    screen = await tu.choose("Của tập thể")
    assert "Anh/chị ghi kết quả của Phòng Đào tạo – Hành chính – Kế toán cho nội dung nào" in screen
    # what the unit's people recorded on their own is shown apart, not counted toward the unit's targets
    assert (
        "Người trong Phòng Đào tạo – Hành chính – Kế toán đã tự ghi (không tính vào chỉ tiêu của tập thể): "
        f"{HELPED_TITLE}: 5."
    ) in screen
    screen = await tu.choose("Báo cáo định kỳ")  # a yes/no of the unit's: no number asked
    assert "Anh/chị đã làm gì?" in screen
    await tu.say("Gửi báo cáo quý III đúng hạn")
    await tu.choose("Bỏ qua")
    screen = await tu.choose("Có")
    assert "Báo cáo định kỳ, đột xuất đầy đủ, đúng hạn: đã ghi nhận" in screen

    await tu.say("/ketqua")
    screen = await tu.choose("Kết quả của các đơn vị tôi theo dõi")
    assert "Kết quả năm 2026 của các đơn vị anh/chị theo dõi: 2, mới nhất trước (trang 1/1)." in screen
    assert f"Võ Thị Hoa · 22/11/2026 · {HELPED_TITLE}: 5 — Giúp 5 hộ thôn 3 📷" in screen
    assert "tập thể Phòng Đào tạo – Hành chính – Kế toán · 22/11/2026 · Báo cáo định kỳ" in screen
    assert any(reply.photo == stored.path for reply in tu.last)  # the evidence, shown with the list
    labels = [choice.label for choice in tu.menu.choices]
    assert labels.count("Không ghi nhận: Võ Thị Hoa — Giúp 5 hộ thôn 3") == 1
    assert not any("Phòng Đào tạo" in label for label in labels)  # not what the leader recorded himself
    screen = await tu.choose("Không ghi nhận: Võ Thị Hoa")
    assert "Vì sao anh/chị không ghi nhận “Giúp 5 hộ thôn 3”?" in screen
    clock.at = NOW.replace(hour=15)  # 22:00 on Sunday 22/11/2026, in Vietnam: her notice waits (2854)
    screen = await tu.say("Thôn chưa xác nhận")
    assert (
        "Đã đánh dấu không ghi nhận; người ghi sẽ được báo kèm lý do lúc 07:00 Thứ Hai, 23/11/2026, sau giờ "
        "nghỉ. Kết quả vẫn được lưu, có đánh dấu."
    ) in screen
    assert "(không được ghi nhận: Thôn chưa xác nhận)" in screen

    clock.at = NOW.replace(day=23, hour=0)  # 07:00 on Monday: it goes
    told = await hoa.say("/tiendo")
    assert "Giúp 5 hộ thôn 3 (không được ghi nhận)" in told
    chat = "\n".join(m.message.text for m in hoa.channel.transport.messages("hoa"))
    assert (
        f"Kết quả “Giúp 5 hộ thôn 3” ({HELPED_TITLE}) của anh/chị không được lãnh đạo đơn vị ghi nhận. "
        "Lý do: Thôn chưa xác nhận"
    ) in chat


async def test_a_leader_finds_the_unit_s_results_in_the_first_question_and_comes_back_to_it(
    app: App, hoa, invites: DemoInvites, make_person
) -> None:
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await hoa.say("/ketqua")
    await hoa.choose(HELPED_TITLE)
    await hoa.say("2")
    await hoa.say("Khám miễn phí cho 2 hộ")
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")

    screen = await tu.say("/ketqua")  # the leader wants to read what the unit's people recorded
    assert "Anh/chị ghi kết quả của ai?" in screen
    screen = await tu.choose("Kết quả của các đơn vị tôi theo dõi")
    assert "Kết quả năm 2026 của các đơn vị anh/chị theo dõi: 1, mới nhất trước (trang 1/1)." in screen
    assert f"Võ Thị Hoa · 22/11/2026 · {HELPED_TITLE}: 2 — Khám miễn phí cho 2 hộ" in screen
    screen = await tu.choose("Quay lại")
    assert "Anh/chị ghi kết quả của ai?" in screen  # back where the list was opened


async def test_the_leader_goes_back_a_page_of_the_unit_s_results_and_turns_by_typed_words(
    app: App, invites: DemoInvites, make_person
) -> None:
    async with app.sessionmaker() as session, session.begin():
        mai = await session.scalar(select(Person).where(Person.full_name == "Trần Thị Mai", Person.listed))
        campaign = await session.scalar(select(Campaign))
        assert mai is not None and campaign is not None
        helped = await session.scalar(
            select(Criterion.id).where(Criterion.campaign_id == campaign.id, Criterion.code == HELPED)
        )
        assert helped is not None
        for n in range(1, 8):  # seven results: five a page
            await record_result(
                session, mai, campaign_id=campaign.id, year=2026, criterion_id=helped, quantity=n,
                description=f"Giúp hộ số {n}", now=NOW,
            )  # fmt: skip
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await tu.say("/ketqua")
    screen = await tu.choose("Kết quả của các đơn vị tôi theo dõi")
    assert "7, mới nhất trước (trang 1/2)" in screen and "Giúp hộ số 7" in screen
    assert "Trang sau" in screen and "Trang trước" not in screen
    screen = await tu.choose("Trang sau")
    assert "(trang 2/2)" in screen and "Giúp hộ số 1" in screen and "Giúp hộ số 7" not in screen
    assert "Trang trước" in screen and "Trang sau" not in screen
    screen = await tu.choose("Trang trước")
    assert "(trang 1/2)" in screen and "Giúp hộ số 7" in screen and "Giúp hộ số 1" not in screen
    assert "(trang 2/2)" in await tu.say("tiếp")
    assert "(trang 1/2)" in await tu.say("trước")
    assert "(trang 2/2)" in await tu.say("Trang sau")
    assert "(trang 1/2)" in await tu.say("trang truoc")


@on_text_only
async def test_the_units_list_is_offered_once_on_whose_for_a_leader_and_among_the_items_for_an_officer(
    app: App, hoa, invites: DemoInvites, make_person
) -> None:
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    screen = await tu.say("/ketqua")
    assert "Anh/chị ghi kết quả của ai?" in screen
    assert "Kết quả của các đơn vị tôi theo dõi" in [choice.label for choice in tu.menu.choices]
    screen = await tu.choose("Của tập thể")  # now recording for the unit: the list is not offered again
    assert "cho nội dung nào" in screen
    assert "Kết quả của các đơn vị tôi theo dõi" not in [choice.label for choice in tu.menu.choices]

    async with app.sessionmaker() as session, session.begin():  # Hoa becomes her unit's officer
        found = await session.scalar(select(Person).where(Person.full_name == "Võ Thị Hoa"))
        assert found is not None
        session.add(
            RoleAssignment(
                person_id=found.id, role="officer", org_id=found.org_id, unit_id=found.unit_id, granted_at=NOW
            )
        )
    screen = await hoa.say("/ketqua")  # an officer is not asked whose: the list is among the items
    assert "Anh/chị ghi kết quả của ai?" not in screen
    assert "Kết quả của các đơn vị tôi theo dõi" in [choice.label for choice in hoa.menu.choices]


async def test_a_household_records_its_pledge_to_escape_poverty_once_as_the_household(
    app: App, invites: DemoInvites, make_person
) -> None:
    ba = make_person("ba")
    await joined(ba, await household_invite(app), HOUSEHOLD)
    screen = await ba.say("/ketqua")
    assert "Hộ ghi kết quả cho nội dung nào (năm 2026)" in screen
    assert offered(ba, HOUSEHOLD_ONLY) and not offered(ba, "Thăm hỏi, giúp đỡ người có hoàn cảnh")
    await ba.choose(HOUSEHOLD_ONLY)
    await ba.say("Hộ vay vốn nuôi bò, đăng ký thoát nghèo cuối năm")
    await ba.choose("Bỏ qua")
    screen = await ba.choose("Có")
    assert f"{HOUSEHOLD_ONLY}: đã ghi nhận" in screen
    await ba.say("/ketqua")
    screen = await ba.choose(HOUSEHOLD_ONLY)
    assert f"“{HOUSEHOLD_ONLY}” đã được ghi rồi." in screen
    screen = await ba.say("/tiendo")
    assert "Kết quả hộ đã ghi" in screen
    assert len(await results(app)) == 1


async def test_the_unit_s_digest_counts_the_results_of_the_week_and_of_the_year(
    app: App, hoa, invites: DemoInvites, make_person, clock
) -> None:
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    for title, how_many, what in (
        (INITIATIVE_TITLE, "1", "Hũ gạo tình thương"),
        (HELPED_TITLE, "3", "Giúp 3 hộ"),
    ):
        await hoa.say("/ketqua")
        await hoa.choose(title)
        await hoa.say(how_many)
        await hoa.say(what)
        await hoa.choose("Bỏ qua")
        await hoa.choose("Có")
    clock.advance(days=10)  # another week: this one records one more household helped
    await hoa.say("/ketqua")
    await hoa.choose(HELPED_TITLE)
    await hoa.say("2")
    await hoa.say("Giúp 2 hộ")
    await hoa.choose("Bỏ qua")
    await hoa.choose("Có")
    screen = await tu.say("/baocaonam")  # the year's report, handed over with what it adds up
    assert "Kết quả đã ghi ở các nội dung tính bằng số: 6, trong đó sáng kiến, mô hình hay: 1." in screen
    screen = await tu.say("/baocao")
    line = (
        f"Kết quả khác đã ghi tuần này: {HELPED_TITLE}: 2. "
        f"Năm 2026 đến nay: {HELPED_TITLE}: 5; {INITIATIVE_TITLE}: 1."
    )
    assert line in screen

    # The organisation's head reads the units' results added up in the roll-up.
    head = make_person("head")
    await joined(head, invites.member, "Nguyễn Văn Giám")
    async with app.sessionmaker() as session, session.begin():
        giam = await session.scalar(select(Person).where(Person.full_name == "Nguyễn Văn Giám"))
        assert giam is not None
        session.add(RoleAssignment(person_id=giam.id, role="leader", org_id=giam.org_id, granted_at=NOW))
    screen = await head.say("/baocao")
    assert "Các đơn vị theo tỷ lệ tham gia" in screen and line in screen


async def test_results_follow_a_member_merged_into_their_staff_list_record(any_app: App, org: Seeded) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        joined = await add_person(session, org, "An (mới)", "A", ("member", "A"), now=NOW)
        joined.listed = False
        await session.flush()
        org.people["An (mới)"] = joined
        await record(session, org, "An (mới)", HELPED, 2, "Giúp hộ bà B sửa nhà")
        await merge_people(session, source=joined.id, target=org.people["An"].id, actor_id=None, now=NOW)
    async with any_app.sessionmaker() as session:
        done = await recorded_toward(
            session, org.campaign.id, 2026, owner_key("individual", org.people["An"].id, None)
        )
        helped = await criterion(session, org, HELPED)
    assert done == {helped: 2}  # counted for the listed record, as the merged member's gifts are
    [moved] = await results(any_app)
    assert (moved.person_id, moved.recorded_by) == (org.people["An"].id, org.people["An"].id)


async def test_a_member_with_more_results_than_a_page_reaches_the_oldest_to_withdraw_it(
    app: App, hoa
) -> None:
    async with app.sessionmaker() as session, session.begin():
        me = await session.scalar(select(Person).where(Person.full_name == "Võ Thị Hoa"))
        campaign = await session.scalar(select(Campaign))
        helped = await session.scalar(select(Criterion.id).where(Criterion.code == HELPED))
        assert me is not None and campaign is not None and helped is not None
        for n in range(1, 8):  # seven results: the first is the oldest
            await record_result(
                session, me, campaign_id=campaign.id, year=2026, criterion_id=helped, quantity=1,
                description=f"Giúp hộ số {n}", now=NOW + timedelta(minutes=n),
            )  # fmt: skip
    await hoa.say("/ketqua")
    screen = await hoa.choose("Kết quả đã ghi")
    assert "Kết quả đã ghi năm 2026, mới nhất trước (trang 1/2):" in screen
    assert "Giúp hộ số 7" in screen and "Giúp hộ số 1" not in screen

    screen = await hoa.choose("Trang sau")
    assert "(trang 2/2)" in screen and "Giúp hộ số 1" in screen
    await hoa.choose("Rút lại: Giúp hộ số 1")
    screen = await hoa.choose("Có")
    assert "Giúp hộ số 1 (đã rút)" in screen  # back on the page it was withdrawn from
    screen = await hoa.choose("Trang trước")
    assert "(trang 1/2)" in screen and "Giúp hộ số 7" in screen


async def test_a_member_who_pledged_money_reads_where_it_is_recorded_when_recording_results(
    app: App, hoa
) -> None:
    """A teacher who pledged to the Fund and labour days looks for them among the results in December and
    reads where they are recorded instead, not a list without them and no word why."""
    await hoa.say("/dangky")
    await hoa.choose("Ủng hộ Quỹ")
    await hoa.choose("Ngày công")
    await hoa.choose("Sáng kiến")
    await hoa.choose("Xong")
    await hoa.say("500k")
    await hoa.say("2")
    await hoa.say("1")
    await hoa.choose("Có")
    screen = await hoa.say("/ketqua")
    assert (
        "Ủng hộ Quỹ “Vì người nghèo”; Ngày công giúp hộ nghèo, gia đình khó khăn: anh/chị ghi ở “Ghi nhận "
        "đóng góp” trong menu, được tính khi thủ quỹ xác nhận."
    ) in screen
    assert not any("Ngày công" in choice.label for choice in hoa.menu.choices)
