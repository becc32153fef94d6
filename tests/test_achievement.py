"""The achievement report (báo cáo thành tích) of whoever stands proposed for an award: the person proposed is
told, with a button, and gets a Word draft with their name, position, unit, their registration against what a
treasurer confirmed, their gifts by kind (waiting, rejected and other years' left out, a reversal subtracted),
the drives they gave to, the leader's summary and dotted lines for the rest; nobody else gets it, not even the
leader who proposed them; a withdrawn proposal gives none; a unit's draft holds the unit's figures as the
year's report has them; the domain refuses on SQLite and PostgreSQL; the shell writes it too."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document as read_docx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.achievement_doc import write_achievement_report
from bot.app import App
from bot.clock import LOCAL_TZ
from bot.db.models import (
    AwardProposal,
    Campaign,
    ChannelIdentity,
    Commitment,
    CommitmentItem,
    Contribution,
    Criterion,
    Drive,
    Organisation,
    OutboxMessage,
    Person,
)
from bot.demo import DemoInvites
from bot.domain.access import Operator, actor_for
from bot.domain.achievement import AchievementError, achievement_report
from bot.domain.awards import propose_award, withdraw_proposal
from bot.domain.invites import create_invite
from bot.domain.year_report import year_report
from bot.text import fold
from bot.year_report_doc import write_year_report
from tests.support.clocks import NOW, MovableClock
from tests.support.joins import joined
from tests.support.ledger import ledger_entry
from tests.support.profiles import on_buttons, on_text_only
from tests.test_awards import (
    MAI,
    PDT,
    PROVINCE,
    SUMMARY,
    YEARLY,
    _world,
    grant,
    proposals,
    propose_mai,
    propose_namesake,
)
from tests.test_cli import Cli, ok
from tests.test_notices import chat, local, notices, press, rows

OTHER_YEARLY = "Giấy khen của Giám đốc Sở"
PROPOSED = f"Anh/chị được Phạm Văn Tú đề nghị tặng {YEARLY} năm 2026."
WITHDRAWN = (
    f"Đề nghị tặng anh/chị {YEARLY} năm 2026 đã được rút lại, nên anh/chị không cần làm báo cáo thành tích "
    "cho đề nghị này."
)
MY_REPORT = "Báo cáo thành tích của tôi (Word)"


async def claim_mai(mai, code: str) -> None:  # type: ignore[no-untyped-def]
    """Trần Thị Mai claims her listed record (accountant of Phòng Đào tạo) with her phone's last digits."""
    await mai.say("/start")
    await mai.say(code)
    await mai.say("tran thi mai")
    await mai.say("5671")
    await mai.choose("đồng ý")
    await mai.choose("Tiếng Việt")


async def _gift(
    session: AsyncSession,
    person: Person,
    kind: str,
    amount: int = 0,
    *,
    drive: str | None = None,
    **rest: Any,
) -> Contribution:
    drive_id = await session.scalar(select(Drive.id).where(Drive.code == drive)) if drive else None
    entry = ledger_entry(person, kind, amount, drive_id=drive_id, at=NOW, **rest)
    session.add(entry)
    await session.flush()
    return entry


async def mais_year(app: App) -> None:
    """Mai's 2026: registered 2.000.000 ₫ to the Fund, 4 labour days and 3 households helped; gave 500.000 ₫
    to the peak month's drive, goods worth 300.000 ₫ to the warm-clothes drive (not the Fund's), 2 labour
    days and 700.000 ₫ to the Fund (reversed); 200.000 ₫ waits, 9.000.000 ₫ was rejected, 4.400.000 ₫ was
    2025's."""
    async with app.sessionmaker() as session, session.begin():
        mai = (await session.scalars(select(Person).where(Person.full_name == MAI))).one()
        campaign = (await session.scalars(select(Campaign))).one()
        commitment = Commitment(
            campaign_id=campaign.id,
            year=2026,
            scope="individual",
            owner_key=f"p:{mai.id}",
            person_id=mai.id,
            registered_by=mai.id,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(commitment)
        await session.flush()
        for code, target in (("ung-ho-quy", 2_000_000), ("ngay-cong", 4), ("giup-ho-ngheo", 3)):
            criterion = await session.scalar(select(Criterion.id).where(Criterion.code == code))
            session.add(CommitmentItem(commitment_id=commitment.id, criterion_id=criterion, target=target))
        await _gift(session, mai, "money", 500_000, drive="cao-diem-2026")
        await _gift(session, mai, "goods", 300_000, drive="ao-am-2026")
        await _gift(session, mai, "labour", days=2)
        wrong = await _gift(session, mai, "money", 700_000)
        await _gift(session, mai, "money", -700_000, reverses=wrong)
        await _gift(session, mai, "money", 200_000, status="recorded")
        await _gift(session, mai, "money", 9_000_000, status="rejected")
        await _gift(session, mai, "money", 4_400_000, year=2025)


def _docx(path: Path) -> tuple[str, list[list[list[str]]]]:
    """The paragraphs' text, and each table as rows of cells."""
    document = read_docx(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return text, tables


def _handed(app: App, person) -> list[Path]:  # type: ignore[no-untyped-def]
    return [
        app.settings.media_dir / sent.document.path
        for sent in person.channel.transport.documents(person.chat_id)
        if sent.document is not None
    ]


async def test_the_person_proposed_is_told_and_gets_a_draft_with_their_own_figures_and_nobody_else_does(
    app: App, invites: DemoInvites, make_person, clock: MovableClock
) -> None:
    mai, tu, hoa = make_person("mai"), make_person("tu"), make_person("hoa")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(hoa, invites.member)
    await mais_year(app)
    assert "/thanhtich" not in await mai.say("/trogiup")  # not proposed yet
    assert "/thanhtich" not in await mai.say("/dekhenthuong")  # “only unit leaders propose”

    await propose_mai(tu)
    await tu.choose("Có")
    # curious, she types the awards' command: besides who proposes, that she stands proposed, and her draft
    screen = await mai.say("/dekhenthuong")
    assert "Chỉ lãnh đạo đơn vị mới đề nghị khen thưởng" in screen
    said = f"Anh/chị đang được đề nghị tặng {YEARLY} (2026): nhận dự thảo báo cáo thành tích tại /thanhtich."
    assert said in screen
    [notice] = notices(mai)
    told = mai.channel.transport.show(notice)
    assert f"Anh/chị được Phạm Văn Tú đề nghị tặng {YEARLY} năm 2026." in told and "/thanhtich" in told
    # by when: the units' dossiers go to the school before 10/12, so Mai knows her report is wanted before
    assert "Hạn nộp hồ sơ: 10/12/2026; anh/chị vui lòng gửi báo cáo cho Phạm Văn Tú trước hạn này." in told
    assert "500.000" not in told

    screen = await press(mai, notice, MY_REPORT)
    assert f"Dự thảo báo cáo thành tích (Word) của {MAI}, đề nghị tặng {YEARLY} (2026)" in screen
    [path] = _handed(app, mai)
    # kept under the name her phone shows, in a folder of 128 random bits (a download link is unguessable)
    assert path.parent.parent == app.settings.media_dir / "documents" and len(path.parent.name) == 32
    assert path.name == (  # her unit and the award named: a namesake's or another award's is another file
        "bao-cao-thanh-tich-tran-thi-mai-phong-dao-tao-hanh-chinh-giay-khen-thu-truong-2026.docx"
    )
    # on Zalo, which carries no file, the same name is said, with the command the office writes it with
    [handed] = [sent.document for sent in mai.channel.transport.documents(mai.chat_id) if sent.document]
    assert f"nên {path.name} chưa gửi được ở đây" in handed.fallback
    assert "chungtay award report " in handed.fallback
    text, tables = _docx(path)
    header, registration, drives, signatures = tables
    assert PDT.upper() in header[0][0] and "TRƯỜNG TRUNG CẤP" in header[0][0]
    assert "Số:" not in header[0][0] and "ngày 22 tháng 11 năm 2026" in header[0][1]
    for expected in (
        "BÁO CÁO THÀNH TÍCH",
        f"Đề nghị tặng {YEARLY} năm 2026",
        "(Thành tích xuất sắc trong thực hiện Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại "
        "phía sau” giai đoạn 2026–2030)",
        "I. SƠ LƯỢC LÝ LỊCH",
        f"- Họ và tên: {MAI}",
        "- Chức vụ: Kế toán, thủ quỹ công đoàn",
        f"- Đơn vị: {PDT}, Trường Trung cấp",
        "Đăng ký ngày 22/11/2026.",
        "Đã được thủ quỹ xác nhận: tiền 500.000\xa0₫; hiện vật trị giá 300.000\xa0₫; 2 ngày công; tổng giá "
        "trị tiền và hiện vật 800.000\xa0₫. Số lần ủng hộ: 3.",
        "(đã trừ ở trên): 1.",
        "Các biện pháp, cách làm đã thực hiện",
        "…………",
        f"Đề nghị Thủ trưởng đơn vị tặng {YEARLY} năm 2026 cho {MAI}.",
        SUMMARY,
    ):
        assert expected in text, expected
    # Against the pledge: the Fund counts only the Fund's gifts (not the warm clothes); a count, results.
    assert registration[1:] == [
        ["1", "Ủng hộ Quỹ “Vì người nghèo”", "2.000.000\xa0₫", "500.000\xa0₫", "25%"],
        ["2", "Ngày công giúp hộ nghèo, gia đình khó khăn", "4 ngày công", "2 ngày công", "50%"],
        ["3", "Số hộ nghèo, hộ khó khăn được giúp đỡ", "3", "0", "0%"],  # nothing recorded yet
    ]
    assert [row[1:] for row in drives[1:]] == [
        ["Tháng cao điểm “Vì người nghèo” 2026", "500.000\xa0₫", "0\xa0₫", "0"],
        ["Áo ấm mùa đông cho học sinh nội trú 2026", "0\xa0₫", "300.000\xa0₫", "0"],
        ["Quỹ “Vì người nghèo” (ngoài các đợt vận động)", "0\xa0₫", "0\xa0₫", "2"],
    ]
    # her unit's head confirms it, who has no seal, as he signs his unit's report (decisions 1991, 2062)
    assert "XÁC NHẬN CỦA TRƯỞNG PHÒNG" in signatures[0][0] and "(Ký, ghi rõ họ tên)" in signatures[0][0]
    assert "đóng dấu" not in signatures[0][0]
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in signatures[0][1] and "(Ký, ghi rõ họ tên)" in signatures[0][1]
    assert signatures[0][1].rstrip().endswith(MAI)
    written = text + str(tables)
    for left_out in ("200.000", "9.000.000", "4.400.000"):  # waiting, rejected, 2025's
        assert left_out not in written

    assert "/thanhtich: dự thảo báo cáo thành tích" in await mai.say("/trogiup")
    screen = await mai.say("/thanhtich")  # one proposal: handed at once
    assert "Dự thảo báo cáo thành tích" in screen and len(_handed(app, mai)) == 2
    # In English, the paper stays Vietnamese (it is filed so) and she is told (a finding from outside: an
    # English form with Vietnamese names in it that no office could file).
    await mai.say("/language")
    await mai.choose("English")
    screen = await mai.say("/thanhtich")
    assert "The achievement report of" in screen and "The file is in Vietnamese" in screen
    text = _docx(_handed(app, mai)[-1])[0]
    assert "BÁO CÁO THÀNH TÍCH" in text and "ACHIEVEMENT REPORT" not in text
    await mai.say("/ngonngu")
    await mai.choose("Tiếng Việt")

    # The leader who proposed her may not see her amounts: no draft for him, in the list or by command.
    await tu.say("/dekhenthuong")
    await tu.choose("Danh sách đề nghị năm 2026")
    assert not any(choice.label.startswith("Báo cáo thành tích") for choice in tu.menu.choices)
    assert "Hiện anh/chị chưa được đề nghị khen thưởng" in await tu.say("/thanhtich")
    assert "Hiện anh/chị chưa được đề nghị khen thưởng" in await hoa.say("/thanhtich")
    assert "/thanhtich" not in await hoa.say("/trogiup")
    assert _handed(app, tu) == [] and _handed(app, hoa) == []

    # The office's admin (organisation-wide) may see her amounts: the list offers her draft.
    ha = make_person("ha")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    await ha.say("/dekhenthuong")
    await ha.choose("Danh sách đề nghị năm 2026")
    screen = await ha.choose(f"Báo cáo thành tích (Word): {MAI}")
    assert f"Dự thảo báo cáo thành tích (Word) của {MAI}" in screen
    [path] = _handed(app, ha)
    assert "- Chức vụ: Kế toán, thủ quỹ công đoàn" in _docx(path)[0]

    # Through March the year just ended's proposals are still the council's; from April 2027, with no outcome
    # recorded, she no longer reads that she “stands proposed” for 2026's award as if it were pending (0362).
    clock.at = datetime(2027, 3, 31, 3, tzinfo=UTC)
    assert said in await mai.say("/dekhenthuong")
    clock.at = datetime(2027, 4, 1, 3, tzinfo=UTC)
    screen = await mai.say("/dekhenthuong")
    assert "Chỉ lãnh đạo đơn vị mới đề nghị khen thưởng" in screen and "đang được đề nghị" not in screen


@on_text_only
async def test_several_proposals_are_chosen_from_and_a_withdrawn_one_gives_no_draft(
    app: App, invites: DemoInvites, make_person
) -> None:
    mai = make_person("mai")
    await claim_mai(mai, invites.member)
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        for form in (YEARLY, OTHER_YEARLY):
            await propose_award(
                session,
                tuan,
                form_id=ids[form],
                year=2026,
                unit_id=ids["PDT"],
                person_id=ids[MAI],
                summary=SUMMARY,
                now=NOW,
            )
    await mai.say("/menu")  # the notices are sent after a turn
    first, second = notices(mai)
    assert YEARLY in mai.channel.transport.show(first) and OTHER_YEARLY in mai.channel.transport.show(second)

    screen = await mai.say("/thanhtich")
    assert "anh/chị cần báo cáo thành tích cho hình thức nào?" in screen
    await mai.choose(f"{OTHER_YEARLY} (2026)")
    [path] = _handed(app, mai)
    assert f"Đề nghị tặng {OTHER_YEARLY} năm 2026" in _docx(path)[0]

    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        withdrawn = await session.scalar(
            select(AwardProposal.id).where(AwardProposal.award_form_id == ids[OTHER_YEARLY])
        )
        assert withdrawn is not None
        await withdraw_proposal(session, tuan, withdrawn, now=NOW)
    screen = await press(mai, second, MY_REPORT)  # the old notice's button
    assert "Đề nghị này đã được rút nên không cần báo cáo thành tích nữa." in screen
    assert len(_handed(app, mai)) == 1
    screen = await mai.say("/thanhtich")  # one standing proposal left: handed at once
    [_, path] = _handed(app, mai)
    assert f"Đề nghị tặng {YEARLY} năm 2026" in _docx(path)[0]


async def _propose_the_unit(app: App) -> int:
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        proposal = await propose_award(
            session,
            tuan,
            form_id=ids[YEARLY],
            year=2026,
            unit_id=ids["PDT"],
            person_id=None,
            summary="Tập thể lao động xuất sắc.",
            now=NOW,
        )
        return proposal.id


@on_buttons
async def test_a_units_leader_gets_the_units_draft_from_the_list_with_the_years_report_figures(
    app: App, invites: DemoInvites, make_person, tmp_path: Path
) -> None:
    tu, mai = make_person("tu"), make_person("mai")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await claim_mai(mai, invites.member)
    await mais_year(app)
    await _propose_the_unit(app)
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():  # the unit's own registration, amended once
        campaign = (await session.scalars(select(Campaign))).one()
        unit_id = ids["PDT"]
        collective = Commitment(
            campaign_id=campaign.id,
            year=2026,
            scope="collective",
            owner_key=f"u:{unit_id}",
            unit_id=unit_id,
            registered_by=ids["Phạm Minh Tuấn"],
            revision=2,
            created_at=NOW,
            updated_at=NOW + timedelta(days=1),
        )
        session.add(collective)
        await session.flush()
        criterion = await session.scalar(select(Criterion.id).where(Criterion.code == "huy-dong-nguon-luc"))
        session.add(CommitmentItem(commitment_id=collective.id, criterion_id=criterion, target=10_000_000))

    await tu.say("/dekhenthuong")
    await tu.choose("Danh sách đề nghị năm 2026")
    screen = await tu.choose(f"Báo cáo thành tích (Word): tập thể {PDT}")
    assert f"Dự thảo báo cáo thành tích (Word) của tập thể {PDT}" in screen
    assert "Đề nghị khen thưởng năm 2026:" in screen  # back to the list the leader works in
    assert f"Báo cáo thành tích (Word): tập thể {PDT} — {YEARLY}" in [c.label for c in tu.menu.choices]
    [path] = _handed(app, tu)
    text, tables = _docx(path)
    for expected in (
        "BÁO CÁO THÀNH TÍCH",
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "Đơn vị đăng ký giao ước thi đua tập thể ngày 22/11/2026, sửa đổi lần cuối ngày 23/11/2026.",
        f"Đề nghị Thủ trưởng đơn vị tặng {YEARLY} năm 2026 cho tập thể {PDT}.",
        "Tập thể lao động xuất sắc.",
    ):
        assert expected in text, expected
    # the unit's money item: its own target, and that it gave, never what was confirmed (Mai alone gave, her
    # 500.000 ₫ and goods worth 300.000 ₫, “800.000 ₫, 8%”, to the awards council): decision 0314
    assert tables[1] == [
        ["STT", "Nội dung đăng ký", "Chỉ tiêu", "Đã xác nhận", "Đạt"],
        [
            "1",
            "Huy động nguồn lực hỗ trợ người nghèo",
            "10.000.000\xa0₫",
            "đã ủng hộ, không nêu số (xem mục 2)",
            "—",
        ],
    ]
    assert "500.000" not in text and "800.000" not in text
    assert "dưới ba người của đơn vị ủng hộ, nên số tiền không nêu ở đây" in text
    assert "Số: …………/BC" in tables[0][0][0] and "TRƯỞNG PHÒNG" in tables[-1][0][1]
    assert "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG" in tables[-1][0][0]

    # The unit's figures are the year's report's: the same sentences and tables, written from the same call,
    # the money Mai alone gave held back in both (decisions 0310, 0314).
    async with app.sessionmaker() as session:
        leader = await session.scalar(select(Person).where(Person.full_name == "Phạm Văn Tú"))
        unit = await year_report(
            session,
            leader.org_id,  # type: ignore[union-attr]
            2026,
            today=NOW.date(),
            actor=await actor_for(session, leader),
            unit_id=leader.unit_id,  # type: ignore[union-attr]
        )
    write_year_report(unit, tmp_path / "nam.docx")
    year_text, year_tables = _docx(tmp_path / "nam.docx")
    _header, criteria, _closing = year_tables  # no drives' table: its lines would be Mai's
    assert criteria in tables
    # Mai alone registered the Fund's item: the targets added up are her pledge, not said; the unit's own
    # target, a collective's, is the unit's and said (decision 0314)
    assert criteria[1][1:] == [
        "Ủng hộ Quỹ “Vì người nghèo”",
        "1",
        "không nêu: dưới ba người đăng ký",
        "xem mục 2",
    ]
    assert criteria[-1][1:4] == ["Huy động nguồn lực hỗ trợ người nghèo", "1", "10.000.000\xa0₫"]
    assert "2.000.000" not in year_text + text
    confirmed = next(line for line in year_text.splitlines() if line.startswith("Tiền và hiện vật:"))
    assert confirmed in text and confirmed.endswith("Đã xác nhận: 2 ngày công.")
    registered = next(line for line in year_text.splitlines() if "đã đăng ký thi đua năm 2026" in line)
    assert registered in text

    # Mai, a treasurer of the unit, is not offered it: the unit's draft is its leaders'.
    assert "Hiện anh/chị chưa được đề nghị khen thưởng" in await mai.say("/thanhtich")


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_the_domain_gives_it_only_to_whom_the_rule_allows_on_sqlite_and_postgresql(
    any_app: App,
) -> None:
    await grant(any_app, "Lê Văn Hùng", "officer")  # the union's chair, for the whole school
    await mais_year(any_app)
    ids = await _world(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        common = {"form_id": ids[YEARLY], "year": 2026, "unit_id": ids["PDT"], "now": NOW}
        hers = (await propose_award(session, tuan, person_id=ids[MAI], summary=SUMMARY, **common)).id
    unit = await _propose_the_unit(any_app)

    async def attempt(who: str | Operator, proposal: int) -> str:
        async with any_app.sessionmaker() as session:
            actor = (
                who
                if isinstance(who, Operator)
                else await actor_for(session, await session.get_one(Person, ids[who]))
            )
            try:
                report = await achievement_report(session, actor, proposal, today=date(2026, 12, 1))
            except AchievementError as refused:
                return refused.reason
        return report.person.name if report.person is not None else f"unit {report.unit}"

    assert await attempt(MAI, hers) == MAI
    assert await attempt("Lê Văn Hùng", hers) == MAI  # an officer of the whole school may see her amounts
    assert await attempt("Phạm Minh Tuấn", hers) == "not_allowed"  # the leader who proposed her may not
    assert await attempt("Nguyễn Thị Lan", hers) == "not_allowed"
    assert await attempt("Phạm Minh Tuấn", unit) == f"unit {PDT}"
    assert await attempt("Lê Văn Hùng", unit) == f"unit {PDT}"
    assert await attempt(MAI, unit) == "not_allowed"  # a treasurer of the unit reads no digest
    assert await attempt("Nguyễn Thị Lan", unit) == "not_allowed"
    assert await attempt(Operator(ids["org"] + 1), hers) == "not_found"  # another organisation's shell

    async with any_app.sessionmaker() as session:
        report = await achievement_report(session, Operator(ids["org"]), hers, today=date(2026, 12, 1))
    figures = report.person
    assert figures is not None and report.as_of == date(2026, 12, 1)
    confirmed = figures.confirmed
    assert (confirmed.money, confirmed.goods, confirmed.labour_days) == (500_000, 300_000, 2)
    assert (figures.gifts, figures.reversals, figures.position) == (
        3,
        1,
        "Kế toán, thủ quỹ công đoàn",
    )  # the 700.000 was cancelled
    assert figures.registration is not None
    assert [(p.target, p.confirmed) for p in figures.registration.pledges] == [
        (2_000_000, 500_000),
        (4, 2),
        (3, None),
    ]
    assert [p.recorded for p in figures.registration.pledges] == [None, None, 0]
    assert [
        (line.title, line.given.value, line.given.labour_days, line.gifts) for line in figures.drives
    ] == [
        ("Tháng cao điểm “Vì người nghèo” 2026", 500_000, 0, 1),
        ("Áo ấm mùa đông cho học sinh nội trú 2026", 300_000, 0, 1),
        (None, 0, 2, 1),  # the labour days; the 700.000 given and taken back is no gift
    ]

    async with any_app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        await withdraw_proposal(session, tuan, hers, now=NOW)
    assert await attempt(MAI, hers) == "withdrawn"
    assert await attempt(Operator(ids["org"]), hers) == "withdrawn"


async def test_the_shell_lists_proposal_ids_and_writes_the_achievement_report(
    app: App, invites: DemoInvites, tmp_path: Path, db_path: Path
) -> None:
    await mais_year(app)
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        hers = await propose_award(
            session,
            tuan,
            form_id=ids[YEARLY],
            year=2026,
            unit_id=ids["PDT"],
            person_id=ids[MAI],
            summary=SUMMARY,
            now=NOW,
        )
    unit = await _propose_the_unit(app)
    cli = Cli(tmp_path, db_path)
    listing = ok(cli("award", "list", "--year", "2026"))
    assert (
        f"#{hers.id}  {PDT}  {MAI}, Kế toán" in listing
        and f"#{unit}  Tập thể {PDT}  (người đề nghị:" in listing
    )

    out = ok(cli("award", "report", str(hers.id), "--docx", str(tmp_path / "mai.docx")))
    assert out.startswith(
        f"Đã ghi {tmp_path / 'mai.docx'}: báo cáo thành tích của {MAI}, được đề nghị tặng {YEARLY} (2026),"
    )
    text, tables = _docx(tmp_path / "mai.docx")
    cells = [cell for table in tables for row in table for cell in row]
    assert f"- Họ và tên: {MAI}" in text and SUMMARY in text and "500.000\xa0₫" in cells
    out = ok(cli("award", "report", str(unit), "--docx", str(tmp_path / "unit.docx")))
    assert f"báo cáo thành tích của Tập thể {PDT}," in out and "TRƯỞNG PHÒNG" in str(
        _docx(tmp_path / "unit.docx")[1]
    )

    again = cli("award", "report", str(hers.id), "--docx", str(tmp_path / "mai.docx"))
    assert again.returncode == 2 and "đã có: thêm --force để ghi đè" in again.stderr
    ok(cli("award", "report", str(hers.id), "--docx", str(tmp_path / "mai.docx"), "--force"))
    unknown = cli("award", "report", "999999", "--docx", str(tmp_path / "x.docx"))
    assert unknown.returncode == 2 and "không có đề nghị khen thưởng #999999" in unknown.stderr
    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        await withdraw_proposal(session, tuan, hers.id, now=NOW)
    withdrawn = cli("award", "report", str(hers.id), "--docx", str(tmp_path / "y.docx"))
    assert withdrawn.returncode == 2 and f"đề nghị #{hers.id} đã được rút" in withdrawn.stderr


async def test_a_households_draft_is_the_households_with_its_head_its_situation_and_its_representative(
    app: App, invites: DemoInvites, tmp_path: Path
) -> None:
    ids = await _world(app)
    path = await _households_draft(
        app, ids, tmp_path, "Hộ ông Trần Văn Ba", "Tự nguyện thoát nghèo, giúp 2 hộ trong thôn."
    )
    text, tables = _docx(path)
    for expected in (
        "I. SƠ LƯỢC VỀ HỘ GIA ĐÌNH",
        "- Tên hộ: Hộ ông Trần Văn Ba",
        "- Chủ hộ: …………",
        f"- Hộ gia đình thuộc: {PDT}",
        "Hoàn cảnh gia đình (số nhân khẩu, nghề nghiệp, điều kiện kinh tế):",
    ):
        assert expected in text, expected
    for individual in ("Chức vụ", "Họ và tên", "LÝ LỊCH", "Năm sinh", "quá trình công tác"):
        assert individual not in text, individual
    signed = tables[-1][0][1]
    assert signed.startswith("ĐẠI DIỆN HỘ GIA ĐÌNH\n(Ký, ghi rõ họ tên)")
    assert "NGƯỜI BÁO CÁO" not in signed and "Trần Văn Ba" not in signed
    assert "Chưa đăng ký thi đua năm 2026 trên Chung Tay." in text
    assert "Chưa có khoản ủng hộ nào được thủ quỹ xác nhận trong năm 2026." in text
    assert "ngày 01 tháng 12 năm 2026" in tables[0][0][1]


async def withdraw_mai(tu) -> str:  # type: ignore[no-untyped-def]
    """Phòng Đào tạo's leader withdraws Mai's proposal from the year's list."""
    await tu.say("/dekhenthuong")
    await tu.choose("Danh sách đề nghị năm 2026")
    await tu.choose(f"Rút: {MAI}")
    return await tu.choose("Có")


@on_text_only
async def test_a_proposal_withdrawn_before_its_notice_went_out_takes_the_notice_back(
    app: App, invites: DemoInvites, make_person, clock: MovableClock
) -> None:
    mai, tu = make_person("mai"), make_person("tu")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    clock.at = datetime(2026, 11, 22, 22, 0, tzinfo=LOCAL_TZ).astimezone(UTC)  # quiet hours: it waits
    await propose_mai(tu)
    await tu.choose("Có")
    assert "Đã rút đề nghị." in await withdraw_mai(tu)

    [proposed] = await rows(app, "notice:proposed:")
    assert proposed.status == "cancelled" and await rows(app, "notice:withdrawn:") == []
    clock.at = datetime(2026, 11, 23, 7, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
    await mai.say("/menu")
    assert "đề nghị tặng" not in chat(mai) and "rút lại" not in chat(mai)  # neither told nor untold


async def test_a_person_told_of_a_proposal_is_told_kindly_when_it_is_withdrawn_after_quiet_hours(
    app: App, invites: DemoInvites, make_person, clock: MovableClock
) -> None:
    mai, tu = make_person("mai"), make_person("tu")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await propose_mai(tu)
    await tu.choose("Có")
    assert PROPOSED in chat(mai)

    clock.at = datetime(2026, 11, 22, 22, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
    await withdraw_mai(tu)
    [withdrawn] = await rows(app, "notice:withdrawn:")
    assert local(withdrawn.not_before) == datetime(2026, 11, 23, 7, 0, tzinfo=LOCAL_TZ)
    assert WITHDRAWN not in chat(mai)

    clock.at = datetime(2026, 11, 23, 7, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
    await mai.say("/menu")
    assert WITHDRAWN in chat(mai) and chat(mai).index(PROPOSED) < chat(mai).index(WITHDRAWN)
    assert "Cảm ơn anh/chị đã luôn đồng hành cùng phong trào." in chat(mai)
    assert "Hiện anh/chị chưa được đề nghị khen thưởng" in await mai.say("/thanhtich")


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_a_notice_being_sent_as_the_proposal_is_withdrawn_is_followed_on_sqlite_and_postgresql(
    any_app: App,
) -> None:
    ids = await _world(any_app)
    async with any_app.sessionmaker() as session, session.begin():
        session.add(ChannelIdentity(channel="console", external_id="mai", person_id=ids[MAI], created_at=NOW))
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        proposal = await propose_award(
            session,
            tuan,
            form_id=ids[YEARLY],
            year=2026,
            unit_id=ids["PDT"],
            person_id=ids[MAI],
            summary=SUMMARY,
            now=NOW,
        )
        notice = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.key.like("notice:proposed:%"))
        )
        assert notice is not None
        notice.lease_until = NOW + timedelta(minutes=1)  # the sender holds it: it may be on its way
    async with any_app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        await withdraw_proposal(session, tuan, proposal.id, now=NOW)
    [proposed] = await rows(any_app, "notice:proposed:")
    [withdrawn] = await rows(any_app, "notice:withdrawn:")
    assert proposed.status == "pending" and withdrawn.status == "pending" and withdrawn.id > proposed.id
    assert WITHDRAWN in withdrawn.payload["text"]


@on_text_only
async def test_a_household_proposed_is_told_as_a_household_and_so_is_its_withdrawal(
    app: App, invites: DemoInvites, make_person
) -> None:
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        org = await session.get_one(Organisation, ids["org"])
        code = (await create_invite(session, org, unit_code="PDT", kind="household", uses=5, now=NOW)).code
    ba = make_person("ba")
    await joined(ba, code, "Hộ ông Trần Văn Ba")
    async with app.sessionmaker() as session, session.begin():
        household = await session.scalar(select(Person).where(Person.kind == "household"))
        assert household is not None
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        proposal = await propose_award(
            session,
            tuan,
            form_id=ids[YEARLY],
            year=2026,
            unit_id=ids["PDT"],
            person_id=household.id,
            summary="Tự nguyện thoát nghèo.",
            now=NOW,
            settings=app.settings,
        )
    await ba.say("/menu")  # a turn of the household's delivers what waits for its chat
    told = chat(ba)
    chairmans = "Giấy khen của Chủ tịch UBND xã"  # the plan's head's, where households belong (decision 0247)
    assert f"Hộ gia đình anh/chị được Phạm Minh Tuấn đề nghị tặng {chairmans} năm 2026." in told
    assert "báo cáo thành tích của hộ" in told and "Anh/chị được" not in told

    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        await withdraw_proposal(session, tuan, proposal.id, now=NOW, settings=app.settings)
    await ba.say("/menu")  # a turn of the household's delivers what waits for its chat
    told = chat(ba)
    assert f"Đề nghị tặng hộ gia đình anh/chị {chairmans} năm 2026 đã được rút lại" in told
    assert WITHDRAWN not in told


async def test_a_draft_names_only_the_kinds_given_never_goods_worth_nothing_or_no_labour_days(
    app: App, invites: DemoInvites, tmp_path: Path
) -> None:
    """A household that gave money only: the council reads “tiền 500.000 ₫”, not “hiện vật trị giá 0 ₫; 0 ngày
    công” after it; one that gave labour days only reads those alone; one that gave two sacks of rice with no
    value reads them counted, as its progress says them (“2 khoản chưa ghi trị giá”), never “tiền 0 ₫” nor a
    total value of 0 ₫."""
    ids = await _world(app)
    texts, tables = [], []
    for name, gift in (
        ("Hộ bà Lò Thị Xuân", {"amount": 500_000}),
        ("Hộ ông Hà Văn Tám", {"days": 3}),
        ("Hộ bà Tòng Thị Nga", {"goods": 2}),
    ):
        path = await _households_draft(app, ids, tmp_path, name, "Giúp 2 hộ trong thôn.", gift=gift)
        texts.append(_docx(path)[0])
        tables.append(_docx(path)[1])
    money, labour, rice = texts
    assert "Đã được thủ quỹ xác nhận: tiền 500.000\xa0₫; tổng giá trị tiền và hiện vật 500.000\xa0₫." in money
    # nothing given had a value: no “tổng giá trị tiền và hiện vật 0 ₫” after it, as the year's report says
    # it (decision 0573)
    assert "Đã được thủ quỹ xác nhận: 3 ngày công. Số lần ủng hộ: 1." in labour
    assert "Đã được thủ quỹ xác nhận: 2 khoản hiện vật chưa ghi trị giá. Số lần ủng hộ: 2." in rice
    assert "tiền 0" not in rice and "0\xa0₫" not in rice
    # the Fund's line of its table: the goods counted, not “0 ₫” of goods
    assert [row[3] for row in tables[2][1][1:]] == ["2 khoản chưa ghi trị giá"]
    for text in texts:
        assert "hiện vật trị giá 0" not in text
    assert "0 ngày công" not in money and "tiền 0" not in labour


@on_buttons
async def test_a_person_proposed_late_is_told_the_next_dossier_day_and_none_once_all_have_passed(
    app: App, invites: DemoInvites, make_person, clock
) -> None:
    """Proposed on 12/12 (the units' day passed), Mai is told the school's own day, 15/12; Hòa, proposed on
    16/12, is told of no day at all rather than of one gone by."""
    mai, tu, hoa = make_person("mai"), make_person("tu"), make_person("hoa")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(hoa, invites.member)
    clock.at = datetime(2026, 12, 12, 2, 0, tzinfo=UTC)
    await propose_mai(tu)
    await tu.choose("Có")
    [notice] = notices(mai)
    told = mai.channel.transport.show(notice)
    assert "Hạn nộp hồ sơ: 15/12/2026;" in told and "10/12/2026" not in told

    clock.at = datetime(2026, 12, 16, 2, 0, tzinfo=UTC)
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(YEARLY)
    await tu.choose("Cá nhân trong đơn vị")
    await tu.say("vo thi hoa")
    await tu.say(SUMMARY)
    await tu.choose("Có")
    [notice] = notices(hoa)
    told = hoa.channel.transport.show(notice)
    assert f"đề nghị tặng {YEARLY} năm 2026" in told and "Hạn nộp hồ sơ" not in told


async def test_a_person_proposed_for_two_awards_chooses_the_report_and_each_file_names_its_award(
    app: App, invites: DemoInvites, make_person
) -> None:
    """Mai stands for the head's Giấy khen and the province's Bằng khen: `/thanhtich` asks which, and the two
    drafts, one for each dossier, come under two names saying which award each is for, not one name twice
    (a phone keeps the second as “(1)”, and the office files each with its own dossier); each names her unit
    too, so a namesake of another unit's draft is not hers under one name (docs/decisions/0398)."""
    mai, tu = make_person("mai"), make_person("tu")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await propose_mai(tu)
    await tu.choose("Có")
    await tu.choose("Đề nghị khen thưởng")
    await tu.choose(PROVINCE)
    await tu.choose("Cá nhân trong đơn vị")
    await tu.say("tran thi mai")
    await tu.say("Xuất sắc nhiều năm liền.")
    await tu.choose("Có")
    for award in (YEARLY, PROVINCE):
        assert "Anh/chị được đề nghị nhiều hình thức khen thưởng" in await mai.say("/thanhtich")
        screen = await mai.choose(award)
        assert f"Dự thảo báo cáo thành tích (Word) của {MAI}, đề nghị tặng {award} (2026)" in screen
    names = [path.name for path in _handed(app, mai)]
    assert names == [
        "bao-cao-thanh-tich-tran-thi-mai-phong-dao-tao-hanh-chinh-giay-khen-thu-truong-2026.docx",
        "bao-cao-thanh-tich-tran-thi-mai-phong-dao-tao-hanh-chinh-bang-khen-ubnd-tinh-2026.docx",
    ]


async def test_two_namesakes_of_one_unit_proposed_for_one_award_get_reports_of_two_names(
    app: App, invites: DemoInvites, make_person
) -> None:
    """A second Trần Thị Mai of Phòng Đào tạo, proposed for the same Giấy khen: the two drafts had one name,
    unit and award alike, and the office could not tell whose was whose without opening them. Each now
    carries its proposal's number, as `award list` and `award decide --nominee` show it (decision 0437)."""
    mai, tu = make_person("mai"), make_person("tu")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await propose_mai(tu)
    await tu.choose("Có")
    [mine] = await proposals(app)
    other = await propose_namesake(app, "Phạm Văn Tú", "PDT")

    screen = await mai.say("/thanhtich")

    assert f"Dự thảo báo cáo thành tích (Word) của {MAI}, đề nghị tặng {YEARLY} (2026)" in screen
    [path] = _handed(app, mai)
    assert path.name == (
        f"bao-cao-thanh-tich-tran-thi-mai-phong-dao-tao-hanh-chinh-de-nghi-{mine.id}-giay-khen-thu-truong-2026.docx"
    )
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        leader = await actor_for(session, await session.get_one(Person, ids["Phạm Văn Tú"]))
        await withdraw_proposal(session, leader, other.id, now=NOW)
    await mai.say("/thanhtich")  # her namesake's proposal withdrawn: her draft's name as before
    assert _handed(app, mai)[-1].name == (
        "bao-cao-thanh-tich-tran-thi-mai-phong-dao-tao-hanh-chinh-giay-khen-thu-truong-2026.docx"
    )


@on_text_only
async def test_a_person_proposed_late_on_the_units_day_is_told_the_day_still_to_come_when_she_reads_it(
    app: App, invites: DemoInvites, make_person, clock
) -> None:
    """Proposed on 10/12 at 23:30 in Vietnam, on time for the unit, Mai reads the notice at 07:00 on 11/12,
    after the quiet hours: by then the units' day has gone by, so she is told the school's own, 15/12, not
    to give her report before a day already past."""
    mai, tu = make_person("mai"), make_person("tu")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    clock.at = datetime(2026, 12, 10, 23, 30, tzinfo=LOCAL_TZ).astimezone(UTC)
    assert "Gửi sau hạn" not in await propose_mai(tu)  # on time for the unit
    await tu.choose("Có")
    [row] = await rows(app, "notice:proposed:")
    assert local(row.not_before) == datetime(2026, 12, 11, 7, 0, tzinfo=LOCAL_TZ) and not notices(mai)
    clock.at = row.not_before
    await mai.say("/menu")  # the morning: the notice goes
    [notice] = notices(mai)
    told = mai.channel.transport.show(notice)
    assert "Hạn nộp hồ sơ: 15/12/2026;" in told and "10/12/2026" not in told


async def _households_draft(
    app: App,
    ids: dict[str, int],
    tmp_path: Path,
    name: str,
    summary: str,
    *,
    gift: dict[str, int] | None = None,
) -> Path:
    """A household of Phòng Đào tạo (with one confirmed gift, `amount` đồng or `days` labour days, if given)
    proposed by its leader for the yearly Giấy khen; its achievement report's draft as of 1/12/2026."""
    async with app.sessionmaker() as session, session.begin():
        household = Person(
            org_id=ids["org"],
            unit_id=ids["PDT"],
            full_name=name,
            name_key=fold(name),
            kind="household",
            created_at=NOW,
        )
        session.add(household)
        await session.flush()
        if gift and "amount" in gift:
            await _gift(session, household, "money", gift["amount"])
        elif gift and "goods" in gift:  # that many gifts of goods, with no value given
            for _ in range(gift["goods"]):
                await _gift(session, household, "goods")
        elif gift:
            await _gift(session, household, "labour", days=gift["days"])
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        proposal = await propose_award(
            session,
            tuan,
            form_id=ids[YEARLY],
            year=2026,
            unit_id=ids["PDT"],
            person_id=household.id,
            summary=summary,
            now=NOW,
        )
        report = await achievement_report(session, Operator(ids["org"]), proposal.id, today=date(2026, 12, 1))
    path = tmp_path / f"{fold(name).replace(' ', '-')}.docx"
    write_achievement_report(report, path, media_dir=app.settings.media_dir, on=date(2026, 12, 1))
    return path
