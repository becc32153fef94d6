"""A unit leader reading the Monday digest on a phone, then asking for it again in their own words at the
menu: “bản tin”, “báo cáo tuần”, as the digest calls itself. The menu has no entry for it and /baocao is in
the help only; the words open the same digest, to whoever may read it, and tell anyone else where to look
instead."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.clock import LOCAL_TZ
from bot.db.models import Person
from tests.support.ledger import ledger_entry
from tests.support.profiles import examples_on_one_profile, on_buttons, on_text_only
from tests.test_awards import grant


async def _leader(invites, make_person):  # type: ignore[no-untyped-def]
    """Phạm Minh Tuấn, the head of the demo's Phòng Đào tạo, on the staff list with his phone."""
    tuan = make_person("tuan")
    await tuan.say("/start")
    await tuan.say(invites.leader)
    await tuan.say("pham minh tuan")
    await tuan.say("5673")
    await tuan.choose("Tôi đồng ý")
    await tuan.choose("Tiếng Việt")
    return tuan


@examples_on_one_profile("typed", ["bao cao tuan", "ban tin", "xem ban tin tuan", "Bản tin tuần"])
async def test_the_digests_own_name_typed_at_the_menu_opens_it(invites, make_person, typed: str) -> None:
    tuan = await _leader(invites, make_person)

    screen = await tuan.say(typed)

    assert screen.startswith("Bản tin tuần của Phòng Đào tạo – Hành chính – Kế toán"), screen
    assert "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ):" in screen


@examples_on_one_profile("typed", ["bao cao", "Báo cáo", "BÁO CÁO 📊", "baocao", "/baocao"])
async def test_a_leader_typing_bao_cao_reads_the_digest_and_where_the_word_reports_are(
    invites, make_person, typed: str
) -> None:
    """Found from outside: “báo cáo” offered a leader the two Word reports, where /baocao gave the digest."""
    tuan = await _leader(invites, make_person)

    screen = await tuan.say(typed)

    assert screen.startswith("Bản tin tuần của Phòng Đào tạo – Hành chính – Kế toán"), screen
    assert "Báo cáo bằng Word: /baocaonam (báo cáo năm), /baocaogiaidoan (báo cáo sơ kết/tổng kết)" in screen


@examples_on_one_profile("typed", ["ban tin", "Bản tin tuần"])
async def test_a_member_typing_ban_tin_reads_their_own_progress(hoa, typed: str) -> None:
    """A member asking for “the news” wants where they stand: they were told the digest is for leaders and
    sent to /tiendo, where “báo cáo” gave their progress (decision 0236)."""
    screen = await hoa.say(typed)

    assert "Tiến độ năm 2026 của anh/chị" in screen and "dành cho lãnh đạo" not in screen
    assert "Bản tin tuần của" not in screen


@on_text_only
async def test_a_leader_of_a_unit_they_do_not_sit_in_reads_its_digest_as_on_mondays(
    app, invites, make_person
) -> None:  # type: ignore[no-untyped-def]
    """Nguyễn Thị Lan teaches in Khoa Công nghệ; the office made her the leader of Phòng Đào tạo too, and her
    Monday digest is that unit's: /baocao gives it too, not “the digest is for leaders”."""
    lan = await _lan_leading_pdt(app, invites, make_person)

    screen = await lan.say("/baocao")

    assert "Bản tin tổng hợp dành cho lãnh đạo" not in screen
    assert screen.startswith("Bản tin tuần của Phòng Đào tạo – Hành chính – Kế toán"), screen
    assert "Bản tin tuần của Khoa Công nghệ" not in screen  # she only sits there


@on_buttons
async def test_a_leader_of_two_units_reads_both_digests_their_own_first(
    app, invites, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    tuan = await _leader(invites, make_person)
    await grant(app, "Phạm Minh Tuấn", "leader", "KCN")  # he leads Khoa Công nghệ as well

    screen = await tuan.say("bc")  # “báo cáo” as a phone shortens it (decision 2872)

    own = screen.index("Bản tin tuần của Phòng Đào tạo – Hành chính – Kế toán")
    other = screen.index("Bản tin tuần của Khoa Công nghệ")
    assert own == 0 < other
    assert screen.count("Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ):") == 2
    # no unit has anyone taking part yet: none reads “xếp thứ 1/3”, first at 0% (decision 0297)
    assert "xếp thứ" not in screen

    # made the whole school's leader, his own 500.000 ₫ the school's only gift, waiting for the treasurer: the
    # roll-up says once that it waits, never a unit pooled at “0 ₫” as if he gave nothing (decision 2928)
    await grant(app, "Phạm Minh Tuấn", "leader")
    async with app.sessionmaker() as session, session.begin():
        him = (await session.scalars(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))).one()
        session.add(ledger_entry(him, "money", 500_000, at=clock.at, status="recorded"))
    # a second gift begun, he asks /baocao where its photo is asked: the roll-up said there, the gift kept and
    # its question asked again, never dropped with “Chưa lưu” (decision 2929)
    await tuan.say("ung ho 200k")
    await tuan.choose("ngoài các đợt vận động")
    rollup = await tuan.say("/baocao")
    assert rollup.startswith("Bản tin tuần của Trường Trung cấp nghề Chung Tay"), rollup
    assert "Khoản chờ xác nhận: 1 (" in rollup and "Cộng chung" not in rollup, rollup
    assert "Tiền và hiện vật đã xác nhận 0\xa0₫" not in rollup, rollup  # the year says none yet, above it
    assert "Chưa lưu" not in rollup and "những gì đã nhập vẫn được giữ" in rollup, rollup
    assert "ảnh biên lai" in tuan.menu.text, tuan.menu.text  # the photo's question again
    assert "• Tiền: 200.000\xa0₫" in await tuan.say("ok")  # “Bỏ qua” (2812): its last look


async def _lan_leading_pdt(app, invites, make_person):  # type: ignore[no-untyped-def]
    """Nguyễn Thị Lan, a teacher of Khoa Công nghệ on the staff list, made the leader of Phòng Đào tạo."""
    lan = make_person("lan")
    await lan.say("/start")
    await lan.say(invites.member)
    await lan.say("nguyen thi lan")
    await lan.say("5674")
    await lan.choose("Tôi đồng ý")
    await lan.choose("Tiếng Việt")
    await grant(app, "Nguyễn Thị Lan", "leader", "PDT")
    return lan


@on_text_only
async def test_a_leader_of_a_unit_they_do_not_sit_in_gets_that_units_years_report(
    app, invites, make_person
) -> None:  # type: ignore[no-untyped-def]
    lan = await _lan_leading_pdt(app, invites, make_person)

    screen = await lan.say("bc nam")  # /baocaonam as a phone shortens “báo cáo năm” (decision 2872)

    assert "Báo cáo năm 2026 của Phòng Đào tạo – Hành chính – Kế toán" in screen, screen
    assert "bao-cao-phong-dao-tao-hanh-chinh-ke-toan-2026.docx" in screen


async def test_a_leader_of_two_units_chooses_whose_years_report(app, invites, make_person) -> None:  # type: ignore[no-untyped-def]
    tuan = await _leader(invites, make_person)
    await grant(app, "Phạm Minh Tuấn", "leader", "KCN")

    assert "Khoa Công nghệ" in await tuan.say("/baocaonam")
    screen = await tuan.choose("Khoa Công nghệ")

    assert "Báo cáo năm 2026 của Khoa Công nghệ" in screen, screen
    assert "bao-cao-khoa-cong-nghe-2026.docx" in screen


async def test_baocao_in_the_award_dossiers_week_offers_its_own_next_steps_first(
    invites, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """Monday 7/12, three days before the units' award dossiers are due: a unit's head who asks for the digest
    finds “Khen thưởng” under it, as under the Monday digest, and the Word reports, in a menu of four (on
    Zalo the fourteenth of fifteen main-menu entries was the only way); the next Monday, the dossier sent,
    the award is no longer offered first."""
    tuan = await _leader(invites, make_person)
    clock.at = datetime(2026, 12, 7, 8, 0, tzinfo=LOCAL_TZ)

    await tuan.say("/baocao")

    assert "Báo cáo bằng Word: /baocaonam (báo cáo năm)" in tuan.menu.text
    offered = [choice.label for choice in tuan.menu.choices]
    assert offered == ["Khen thưởng", "Báo cáo năm (Word)", "Báo cáo sơ kết/tổng kết (Word)", "Menu chính"]
    assert "Đề nghị khen thưởng" in await tuan.choose("Khen thưởng")

    clock.at = datetime(2026, 12, 14, 8, 0, tzinfo=LOCAL_TZ)
    await tuan.say("/baocao")
    assert tuan.menu.choices[0].label == "Báo cáo năm (Word)"
    assert "Anh/chị cần làm gì?" in await tuan.choose("Menu chính")


@examples_on_one_profile(
    "typed",
    [
        "don vi minh duoc bao nhieu roi",
        "Phòng mình ủng hộ được bao nhiêu rồi?",
        "đơn vị nào chưa ủng hộ",
        "khoa nao chua tham gia",
        "Xã mình được bao nhiêu vậy?",
    ],
)
async def test_a_leader_asking_where_the_unit_stands_in_her_own_words_reads_the_digest(
    invites, make_person, typed: str
) -> None:
    """Found walking a commune's December as its chairman: “xa minh duoc bao nhieu roi” and “thon nao chua
    ung ho”, asked between Mondays, were answered “Anh/chị vui lòng chọn một mục dưới đây” over a menu of
    sixteen entries, none of them the digest that answers both."""
    tuan = await _leader(invites, make_person)

    screen = await tuan.say(typed)

    assert screen.startswith("Bản tin tuần của Phòng Đào tạo – Hành chính – Kế toán"), screen
    assert "vui lòng chọn một mục" not in screen


@on_buttons
async def test_asked_at_a_weeks_old_digest_menu_the_question_reads_this_weeks_digest(
    invites, make_person, clock
) -> None:  # type: ignore[no-untyped-def]
    """Her /baocao of 7/12 left its menu of next steps on screen; asked three weeks later, the question read
    “vui lòng chọn một mục” over that old menu, “Khen thưởng” still first, and no figure."""
    tuan = await _leader(invites, make_person)
    clock.at = datetime(2026, 12, 7, 8, 0, tzinfo=LOCAL_TZ)
    await tuan.say("/baocao")
    clock.at = datetime(2026, 12, 28, 9, 0, tzinfo=LOCAL_TZ)

    screen = await tuan.say("don vi minh duoc bao nhieu roi")

    assert screen.startswith("Bản tin tuần của Phòng Đào tạo – Hành chính – Kế toán, 22/12/2026 – 28/12/2026")
    assert tuan.menu.choices[0].label == "Báo cáo năm (Word)"  # the dossier's week is over


@examples_on_one_profile(
    "typed", ["thon nao chua ung ho", "xã mình được bao nhiêu rồi", "xa minh van dong duoc bao nhieu vay a"]
)
async def test_a_member_asking_how_far_reads_her_own_progress_never_the_units(hoa, typed: str) -> None:
    screen = await hoa.say(typed)

    assert "Tiến độ năm 2026 của anh/chị" in screen
    assert "Bản tin tuần của" not in screen
