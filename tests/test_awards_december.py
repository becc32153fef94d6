"""The award season of December walked as the office does it: a unit's leader proposes before the units'
deadline (10/12), the office compiles and records the council's decision before its own (15/12). What a
clerk who did it on paper would catch: a proposal the council has decided is no longer the unit's to take
back (it would vanish from the decision's draft); a person proposed for a second award of the year is shown
with the first before the leader sends it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.app import App
from bot.db.models import AwardProposal, Person
from bot.demo import DemoInvites
from bot.domain.access import actor_for
from bot.domain.appeals import Audience, Draft, send_appeal
from bot.domain.awards import (
    Decision,
    ProposalError,
    award_decision,
    record_form_outcome,
    withdraw_proposal,
)
from bot.domain.digests import send_weekly
from bot.i18n import Translator
from handlers.progress import _notice_named
from tests.support.clocks import MovableClock
from tests.support.joins import joined
from tests.support.profiles import on_buttons, on_text_only
from tests.test_achievement import claim_mai
from tests.test_awards import MAI, PDT, PROVINCE, YEARLY, _world, grant, propose_mai

FORM = "giay-khen-thu-truong"


async def test_a_proposal_the_council_decided_is_not_withdrawn_and_stays_in_the_decision(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    clock.advance(days=17)  # 9 December: a day before the units' deadline
    mai, tu, ha = make_person("mai"), make_person("tu"), make_person("ha")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")  # the office of the awards council
    await propose_mai(tu)
    await tu.choose("Có")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Chính đơn vị")
    await tu.say("Tập thể dẫn đầu phong trào.")
    await tu.choose("Có")

    await tu.choose("Danh sách đề nghị năm 2026")  # the list on his screen, with “Rút: …” on it

    clock.advance(days=5)  # 14 December: the council decided, the office records it for the whole form
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        office = await actor_for(session, await session.get_one(Person, ids["Vũ Thị Hà"]))
        assert office is not None
        decision = Decision(True, "125/QĐ-TCN", date(2026, 12, 14))
        done = await record_form_outcome(
            session, office, ids["org"], year=2026, form_code=FORM, decision=decision, now=clock()
        )
        assert done.changed == 2

    await tu.choose(f"Rút: {MAI}")  # the list as it was on his screen
    screen = await tu.choose("Có")
    assert "Hội đồng Thi đua – Khen thưởng đã xét đề nghị này nên không rút được nữa." in screen
    assert "người đề nghị: Phạm Văn Tú; được khen thưởng" in screen and "(đã rút)" not in screen
    assert f"• {MAI} ({PDT}) — {YEARLY}; người đề nghị: Phạm Văn Tú; được khen thưởng" in screen
    assert not any(choice.label.startswith("Rút:") for choice in tu.menu.choices), screen

    # A press kept from before, or the shell: the domain refuses, kindly, and changes nothing.
    async with app.sessionmaker() as session, session.begin():
        leader = await actor_for(session, await session.get_one(Person, ids["Phạm Văn Tú"]))
        mais = await session.scalar(select(AwardProposal.id).where(AwardProposal.person_id == ids[MAI]))
        assert mais is not None
        with pytest.raises(ProposalError) as refused:
            await withdraw_proposal(session, leader, mais, now=clock())
    assert refused.value.reason == "decided"
    async with app.sessionmaker() as session:
        assert (await session.get_one(AwardProposal, mais)).withdrawn_at is None
        draft = await award_decision(session, None, ids["org"], year=2026, form_code=FORM)
    assert [line.name for line in draft.dossier.people] == [MAI]


@on_text_only
async def test_a_person_proposed_for_a_second_award_of_the_year_is_shown_with_the_first_at_the_last_look(
    app: App, invites: DemoInvites, make_person
) -> None:
    """One achievement earns one award (the law on emulation): the leader proposing Mai for the provincial
    Bằng khen sees, before sending it, that she already stands for the head's Giấy khen this year."""
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await propose_mai(tu)
    screen = await tu.choose("Có")
    assert "Cũng đang được đề nghị" not in screen
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(PROVINCE)
    await tu.choose("Cá nhân trong đơn vị")
    await tu.say("tran thi mai")
    screen = await tu.say("Xuất sắc nhiều năm liền.")
    assert f"• Đề nghị: {MAI} ({PDT})\n• Cũng đang được đề nghị năm 2026: {YEARLY}\n• Thành tích:" in screen
    assert f"Đã ghi đề nghị tặng {PROVINCE} (2026) cho {MAI}." in await tu.choose("Có")
    screen = await tu.choose("Danh sách đề nghị năm 2026")  # and on the list, beside each of the two
    for award, other in ((YEARLY, PROVINCE), (PROVINCE, YEARLY)):
        line = f"• {MAI} ({PDT}) — {award}; người đề nghị: Phạm Văn Tú\n"
        assert f"{line}   Cũng đang được đề nghị năm 2026: {other}\n" in screen
    assert screen.count("Cũng đang được đề nghị") == 2  # not beside the unit's own line


async def test_an_award_already_decided_is_said_as_decided_at_the_last_look_not_as_also_proposed(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """The council gave Mai the head's Giấy khen; the leader proposing her for the provincial Bằng khen
    reads that she was awarded it, not that she “also stands proposed” for it; decided “not awarded”, the
    line says so."""
    tu, ha = make_person("tu"), make_person("ha")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    await propose_mai(tu)
    await tu.choose("Có")
    ids = await _world(app)
    for awarded in (True, False):
        async with app.sessionmaker() as session, session.begin():
            office = await actor_for(session, await session.get_one(Person, ids["Vũ Thị Hà"]))
            await record_form_outcome(
                session,
                office,
                ids["org"],
                year=2026,
                form_code=FORM,
                decision=Decision(awarded),
                now=clock(),
            )
        clock.advance(minutes=1)
        await tu.say("/dekhenthuong")
        await tu.choose("Đề nghị khen thưởng")
        await tu.choose(PROVINCE)
        await tu.choose("Cá nhân trong đơn vị")
        await tu.say("tran thi mai")
        screen = await tu.say("Xuất sắc nhiều năm liền.")
        said = f"Đã được khen năm 2026: {YEARLY}" if awarded else f"Đã xét năm 2026, không khen: {YEARLY}"
        assert f"• Đề nghị: {MAI} ({PDT})\n• {said}\n• Thành tích:" in screen
        assert "Cũng đang được đề nghị" not in screen
        await tu.choose("Không")


@on_buttons
async def test_a_member_asking_whether_she_is_proposed_reads_it_when_she_is_not_and_once_awarded(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """Monday 7 December: Hoa, not proposed, types the awards' command to learn whether she is; she read only
    that leaders propose, the same words a colleague proposed reads above her proposal. Mai, awarded on 14/12,
    asking again, read nothing of her award. Not awarded, she reads nothing of it (only her proposer is told,
    decision 0063), and is never said not to have been proposed."""
    clock.advance(days=15)  # Monday 7 December
    mai, tu, hoa, ha = make_person("mai"), make_person("tu"), make_person("hoa"), make_person("ha")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(hoa, invites.member)
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    await propose_mai(tu)
    await tu.choose("Có")
    screen = await hoa.say("/dekhenthuong")
    assert "Chỉ lãnh đạo đơn vị mới đề nghị khen thưởng" in screen
    assert "Đến nay anh/chị chưa được đề nghị khen thưởng năm 2026." in screen, screen
    screen = await mai.say("khen thưởng")
    assert f"Anh/chị đang được đề nghị tặng {YEARLY} (2026)" in screen and "chưa được đề nghị" not in screen

    clock.advance(days=7)  # 14 December: the council decided
    ids = await _world(app)
    for awarded, said in (
        (True, f"Chúc mừng anh/chị đã được tặng {YEARLY} (2026)."),
        (False, None),
    ):
        async with app.sessionmaker() as session, session.begin():
            office = await actor_for(session, await session.get_one(Person, ids["Vũ Thị Hà"]))
            decision = Decision(awarded, "125/QĐ-TCN" if awarded else None, date(2026, 12, 14))
            await record_form_outcome(
                session, office, ids["org"], year=2026, form_code=FORM, decision=decision, now=clock()
            )
        clock.advance(minutes=1)
        screen = await mai.say("/dekhenthuong")
        assert "đang được đề nghị" not in screen and "chưa được đề nghị" not in screen, screen
        assert (said in screen) if said else ("được tặng" not in screen), screen


@on_text_only
async def test_a_question_whether_one_is_proposed_typed_at_the_menu_reads_the_award_screens_answer(
    app: App, invites: DemoInvites, clock: MovableClock, make_person
) -> None:
    """Monday 7 December, at the main menu: Hoa, not proposed, asks in a sentence whether she is, with and
    without its marks and in English, then who is; each was read as a menu item not found. Now she reads what
    /dekhenthuong tells her, her own standing and nobody's name; Mai, proposed, reads hers; Tú, who proposes,
    asking who is, reads the awards' menu, whose list is his to read (decision 2001). Mai, at the gift's list
    of drives when the news of her proposal comes below it, asks of the news, not of the list (2154); Tú asks
    of a digest below his list who has not registered (2253), then whether he still owes anything (2286); Hoa
    says of an appeal below hers that she gave already, or that it is wrong for her (2331), and at her
    main menu with no notice after it (2330), of the appeal by its day or of her gifts alone (2417), named as
    the appeal it was (2520); “không dùng” she means as written (2418), at another flow's list too (2523)."""
    clock.advance(days=15)  # Monday 7 December
    mai, tu, hoa = make_person("mai"), make_person("tu"), make_person("hoa")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(hoa, invites.member)
    assert "Anh/chị đóng góp cho đợt vận động nào?" in await mai.say("/donggop")
    await propose_mai(tu)
    await tu.choose("Có")
    screen = await mai.say("mình có được đề nghị khen thưởng không?")  # the news came after the drives
    assert f"Anh/chị đang được đề nghị tặng {YEARLY} (2026)" in screen and "vui lòng chọn" not in screen, (
        screen
    )
    assert "đợt vận động nào" not in screen
    for asked in (
        "tôi có được đề nghị khen thưởng không",
        "toi co duoc de nghi khen thuong khong",
        "am I proposed for an award?",
        "ai được đề nghị khen thưởng",
    ):
        screen = await hoa.say(asked)
        assert "Đến nay anh/chị chưa được đề nghị khen thưởng năm 2026." in screen, (asked, screen)
        assert MAI not in screen and "không tìm thấy" not in screen.casefold(), (asked, screen)
    screen = await mai.say("mình có được đề nghị khen thưởng không?")
    assert f"Anh/chị đang được đề nghị tặng {YEARLY} (2026)" in screen, screen
    screen = await tu.say("ai được đề nghị khen thưởng")
    assert "Khen thưởng năm 2026: anh/chị muốn làm gì?" in screen, screen
    await tu.say("/menu")
    screen = await tu.say("tôi có được đề nghị khen thưởng không")
    assert "Đến nay anh/chị chưa được đề nghị khen thưởng năm 2026." in screen, screen
    assert "Khen thưởng năm 2026: anh/chị muốn làm gì?" in screen, screen
    # typed again at the awards' own screen, it is read there too (decision 2064)
    screen = await tu.say("tôi có được đề nghị khen thưởng không")
    assert "Đến nay anh/chị chưa được đề nghị khen thưởng năm 2026." in screen, screen
    assert "Khen thưởng năm 2026: anh/chị muốn làm gì?" in screen, screen
    # Tú at the gift's list of drives when the Monday digest comes below it asks who
    # has not registered: he read “vui lòng chọn” and the drives; he asks of the digest (decision 2253). Hoa,
    # with the list itself last on screen, is answering it, as ever.
    assert "đợt vận động nào" in await tu.say("/donggop")
    assert "đợt vận động nào" in await hoa.say("/donggop")
    async with app.sessionmaker() as session, session.begin():
        assert await send_weekly(session, now=clock(), settings=app.settings) >= 1
    await mai.say("/menu")  # a turn of hers: what waits goes out, the digest below Tú's list
    screen = await tu.say("ai chưa đăng ký?")
    assert "Đăng ký thi đua năm 2026" in screen and "người chưa đăng ký" in screen, screen
    assert "vui lòng chọn" not in screen and "đợt vận động nào" not in screen, screen
    screen = await hoa.say("mình đã ủng hộ bao nhiêu rồi?")
    assert "vui lòng chọn" in screen and "đợt vận động nào" in screen, screen
    # the next Monday's digest below his list again, he asks whether he still owes anything: nothing is
    # owed, then his progress, as at the main menu (decisions 2275, 2286)
    assert "đợt vận động nào" in await tu.say("/donggop")
    clock.advance(days=7)
    async with app.sessionmaker() as session, session.begin():
        assert await send_weekly(session, now=clock(), settings=app.settings) >= 1
    await mai.say("/menu")
    screen = await tu.say("còn nợ không?")
    assert "Ủng hộ là tự nguyện: anh/chị không nợ khoản nào." in screen, screen
    assert "vui lòng chọn" not in screen and "đợt vận động nào" not in screen, screen
    # Hoa at the list of drives when an appeal comes below it says what she did, or that it is wrong for her:
    # her gifts and how to put it right, never “vui lòng chọn” and the drives (decision 2331)
    await grant(app, "Phạm Văn Tú", "officer")
    for said, line in (
        ("tôi chuyển rồi", "Nếu khoản anh/chị đã gửi chưa có trong danh sách dưới đây"),
        ("không đúng", "Nếu tin vừa rồi chưa đúng với anh/chị"),
        (
            "sai rồi ạ",
            "Khoản ghi sai số: anh/chị gõ mã của khoản khi còn chờ, hoặc báo thủ quỹ khi đã được xác nhận.",
        ),
        ("em nộp cho thôn rồi ạ", "Khoản đã nộp cho thôn hoặc cho cán bộ"),
    ):
        assert "đợt vận động nào" in await hoa.say("/donggop")
        async with app.sessionmaker() as session, session.begin():
            officer = await actor_for(session, (await _people(session))["Phạm Văn Tú"])
            draft = Draft(f"Mời ủng hộ Quỹ ({said})", Audience("org"))
            await send_appeal(session, officer, draft, now=clock(), settings=app.settings)
        await mai.say("/menu")
        screen = await hoa.say(said)
        assert line in screen and "Tiến độ năm 2026 của anh/chị" in screen, (said, screen)
        assert "vui lòng chọn" not in screen and "đợt vận động nào" not in screen, (said, screen)
    # with the list itself the last thing on screen, it is still the list's answer (2154)
    assert "đợt vận động nào" in await hoa.say("/donggop")
    assert "vui lòng chọn" in await hoa.say("không đúng")
    # at the main menu with no notice below it, the same words are answered as after one (decision 2330),
    # “không đúng” of the appeal by its day, not as “tin vừa rồi”, which is the menu (2417), and as an appeal,
    # not as any message (2520)
    for said, line in (
        ("không đúng", "Nếu lời kêu gọi Chung Tay gửi ngày 14/12/2026 chưa đúng với anh/chị: khoản đã gửi"),
        ("em nộp cho thôn rồi ạ", "Khoản đã nộp cho thôn hoặc cho cán bộ"),
        ("da nop cho truong thon roi", "Khoản đã nộp cho thôn hoặc cho cán bộ"),
    ):
        await hoa.say("/menu")
        screen = await hoa.say(said)
        assert line in screen and "Tiến độ năm 2026 của anh/chị" in screen, (said, screen)
        assert "vui lòng chọn" not in screen and "tin vừa rồi" not in screen, (said, screen)
    # ten days on, no message of the last week: her gifts alone, no message named (2417)
    clock.advance(days=10)
    await hoa.say("/menu")
    screen = await hoa.say("không đúng")
    assert "Nếu các khoản dưới đây của anh/chị chưa đúng: khoản đã gửi mà chưa có" in screen, screen
    assert "tin " not in screen.split("\n")[0], screen
    # “không dùng” as written is “I do not use it”, not “không đúng”: fewer messages, the stop last (2418);
    # without its marks nothing tells the two apart
    for said in ("không dùng", "tôi không dùng nữa ạ"):
        await hoa.say("/menu")
        screen = await hoa.say(said)
        assert "Để nhận ít tin hơn mà vẫn dùng Chung Tay:" in screen, (said, screen)
        assert "Tiến độ" not in screen and "chưa đúng" not in screen, (said, screen)
    await hoa.say("/menu")
    assert "Nếu các khoản dưới đây của anh/chị chưa đúng" in await hoa.say("khong dung")
    # at another flow's list, the list the last thing on screen, it is no answer to the list either (2523)
    assert "đợt vận động nào" in await hoa.say("/donggop")
    screen = await hoa.say("tôi không dùng nữa")
    assert "Để nhận ít tin hơn mà vẫn dùng Chung Tay:" in screen and "vui lòng chọn" not in screen, screen
    assert "đợt vận động nào" in await hoa.say("/donggop")
    async with app.sessionmaker() as session, session.begin():  # below an appeal too
        officer = await actor_for(session, (await _people(session))["Phạm Văn Tú"])
        draft = Draft("Mời ủng hộ Quỹ (không dùng)", Audience("org"))
        await send_appeal(session, officer, draft, now=clock(), settings=app.settings)
    await mai.say("/menu")
    screen = await hoa.say("không dùng")
    assert "Để nhận ít tin hơn mà vẫn dùng Chung Tay:" in screen and "Tiến độ" not in screen, screen


async def _people(session) -> dict[str, Person]:  # type: ignore[no-untyped-def]
    return {person.full_name: person for person in await session.scalars(select(Person))}


@pytest.mark.parametrize(
    ("locale", "named"),
    [
        ("vi", "tin trả lời của thủ quỹ về khoản ủng hộ (gửi ngày 14/12/2026)"),
        ("en", "the treasurer's answer about a gift (sent on 14/12/2026)"),
    ],
)
def test_the_treasurers_answer_named_at_the_menu_is_not_read_as_a_gift_chung_tay_sent(
    locale: str, named: str
) -> None:
    """“Không đúng” at the main menu after a treasurer's answer read “Nếu tin báo của thủ quỹ về khoản ủng
    hộ Chung Tay gửi ngày 14/12/2026 chưa đúng …”, a gift Chung Tay sent; now the answer, then its day
    (decision 2561)."""
    t = Translator(locale)
    assert _notice_named(t, "notice:decided:7").format(date=t.date(date(2026, 12, 14))) == named
