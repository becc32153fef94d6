"""The awards council's minutes (“Biên bản họp Hội đồng Thi đua – Khen thưởng”) as a Word draft: one document
for every award of the year with standing proposals, the nominees as each award's letter lists them with a
dotted column for the vote, and everything only the council knows (time, place, members, votes, conclusion)
dotted; nothing when nobody stands proposed; only for those who may have the letter (`chungtay award minutes`
and the office's awards menu in chat)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as read_docx
from sqlalchemy import select

from bot.app import App
from bot.db.models import AwardProposal, Person
from bot.demo import DemoInvites
from bot.domain.access import Operator, actor_for
from bot.domain.awards import ProposalError, award_minutes, propose_award
from bot.domain.leaving import mark_left
from tests.support.clocks import NOW
from tests.support.profiles import on_buttons, on_text_only
from tests.test_awards import (
    LAN,
    MAI,
    PDT,
    SUMMARY,
    YEARLY,
    _propose_three_and_withdraw_one,
    _world,
    grant,
)
from tests.test_cli import ENGLISH, Cli, ok
from tests.test_flows import join

DIRECTOR = "Giấy khen của Giám đốc Sở"
VOTES = "………/………"
TITLE = "Họp Hội đồng Thi đua – Khen thưởng xét đề nghị khen thưởng năm 2026"


async def _propose_mai_for_the_directors_award(app: App) -> None:
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        await propose_award(
            session,
            tuan,
            form_id=ids[DIRECTOR],
            year=2026,
            unit_id=ids["PDT"],
            person_id=ids[MAI],
            summary=SUMMARY,
            now=NOW,
        )


def _read(path: Path) -> tuple[str, list[list[list[str]]]]:
    """The document's paragraphs as text, and each table's rows of cell texts."""
    document = read_docx(str(path))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return "\n".join(p.text for p in document.paragraphs), tables


async def test_the_minutes_list_each_awards_nominees_as_its_letter_does_with_the_vote_left_to_fill(
    app: App, invites: DemoInvites, tmp_path: Path, db_path: Path
) -> None:
    await _propose_three_and_withdraw_one(app)  # Mai and the unit for the head's award; Lan withdrawn
    await _propose_mai_for_the_directors_award(app)
    cli = Cli(tmp_path, db_path)
    out = ok(cli("award", "minutes", "--year", "2026", "--docx", str(tmp_path / "bb.docx")))
    assert out.startswith(
        f"Đã ghi {tmp_path / 'bb.docx'}: biên bản họp Hội đồng Thi đua – Khen thưởng năm 2026, "
        "số hình thức khen thưởng: 2, số đề nghị: 3."
    )
    text, tables = _read(tmp_path / "bb.docx")
    header, *grids, signatures = tables

    assert header[0][0].startswith("TRƯỜNG TRUNG CẤP") and "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG\n" in header[0][0]
    assert "Số: …………/BB-…" in header[0][0]
    assert "ngày" not in header[0][1]  # the meeting's day is written in the body, by hand
    for expected in (
        f"BIÊN BẢN\n{TITLE}",
        "Thời gian bắt đầu: …… giờ ……, ngày …… tháng …… năm ……",
        "Địa điểm: ……………",
        "có mặt …………/………… thành viên:",
        "Chủ trì: ……………",
        "Thư ký: ……………",
        f"1. {YEARLY} (1 cá nhân và 1 tập thể)",
        f"2. {DIRECTOR} (1 cá nhân)",
        "KẾT LUẬN\n" + "…" * 34,
        "Cuộc họp kết thúc vào …… giờ ……, ngày …… tháng …… năm ……./.",
    ):
        assert expected in text, expected
    assert LAN not in text + str(grids)  # withdrawn
    assert grids == [
        [
            ["STT", "Họ và tên / Tập thể", "Chức vụ", "Đơn vị", "Số phiếu đồng ý / Tổng số"],
            ["1", f"{MAI} (cũng được đề nghị {DIRECTOR})", "Kế toán, thủ quỹ công đoàn", PDT, VOTES],
            ["2", f"Tập thể {PDT}", "", PDT, VOTES],
        ],
        [  # one achievement earns one award: the council reads both before it votes on either
            ["STT", "Họ và tên / Tập thể", "Chức vụ", "Đơn vị", "Số phiếu đồng ý / Tổng số"],
            ["1", f"{MAI} (cũng được đề nghị {YEARLY})", "Kế toán, thủ quỹ công đoàn", PDT, VOTES],
        ],
    ]
    assert signatures[0][0].startswith("THƯ KÝ\n") and signatures[0][1].startswith("CHỦ TRÌ\n")

    # The same rows, order and wording as the head's award's letter.
    ok(cli("award", "dossier", "--year", "2026", "--form", "giay-khen-thu-truong", str(tmp_path / "tt.docx")))
    _, letter = _read(tmp_path / "tt.docx")
    assert [row[2:4] for row in letter[1][1:]] == [row[2:4] for row in grids[0][1:]]
    assert [row[1] for row in letter[1][1:]] == [MAI, f"Tập thể {PDT}"]

    again = cli("award", "minutes", "--year", "2026", "--docx", str(tmp_path / "bb.docx"))
    assert again.returncode == 2 and "đã có: thêm --force để ghi đè" in again.stderr
    ok(cli("award", "minutes", "--year", "2026", "--docx", str(tmp_path / "bb.docx"), "--force"))


async def test_no_minutes_when_nobody_stands_proposed(
    app: App, invites: DemoInvites, tmp_path: Path, db_path: Path
) -> None:
    empty = Cli(tmp_path, db_path)("award", "minutes", "--year", "2026", "--docx", str(tmp_path / "bb.docx"))
    assert empty.returncode == 2 and empty.stdout == ""
    assert empty.stderr.strip().splitlines() == [
        "chungtay: năm 2026 chưa có ai được đề nghị khen thưởng: chưa có biên bản để viết "
        "(`award list` liệt kê các đề nghị)"
    ]
    assert not (tmp_path / "bb.docx").exists()


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_the_domain_gives_the_minutes_only_to_those_who_compile_on_sqlite_and_postgresql(
    any_app: App,
) -> None:
    await grant(any_app, LAN, "leader", "KCN")  # a unit's leader
    await grant(any_app, "Lê Văn Hùng", "officer")  # an officer of the whole school
    ids = await _world(any_app)

    async def attempt(who: str) -> str:
        async with any_app.sessionmaker() as session:
            actor = await actor_for(session, await session.get_one(Person, ids[who]))
            try:
                minutes = await award_minutes(session, actor, ids["org"], year=2026)
            except ProposalError as refused:
                return refused.reason
        return ", ".join(
            line.name or line.unit for d in minutes.dossiers for line in d.people + d.collectives
        )

    assert await attempt("Lê Văn Hùng") == "empty"  # nobody proposed yet
    await _propose_mai_for_the_directors_award(any_app)
    assert await attempt("Trần Thị Mai") == "not_allowed"  # a member (and treasurer)
    assert await attempt(LAN) == "not_allowed"
    assert await attempt("Phạm Minh Tuấn") == "not_allowed"  # the leader who proposed: a unit's leader
    assert await attempt("Lê Văn Hùng") == MAI


@on_text_only
async def test_the_office_is_handed_the_minutes_in_chat_and_a_unit_leader_is_not_offered_them(
    app: App, invites: DemoInvites, make_person
) -> None:
    ha, tu = make_person("ha"), make_person("tu")
    await join(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")  # the office of the awards council
    await join(tu, invites.leader, "Phạm Văn Tú")

    await ha.say("/dekhenthuong")
    labels = [choice.label for choice in ha.menu.choices]
    assert labels.index("Tờ trình và danh sách (Word)") + 1 == labels.index("Biên bản họp Hội đồng (Word)")
    screen = await ha.choose("Biên bản họp Hội đồng (Word)")
    assert "Năm 2026 chưa có ai được đề nghị khen thưởng nên chưa có biên bản họp Hội đồng để lập." in screen
    assert "Khen thưởng năm 2026: anh/chị muốn làm gì?" in screen  # back to the awards' menu
    assert ha.channel.transport.documents("ha") == []

    await _propose_three_and_withdraw_one(app)
    await _propose_mai_for_the_directors_award(app)
    screen = await ha.choose("Biên bản họp Hội đồng (Word)")
    assert (
        "Dự thảo biên bản họp Hội đồng Thi đua – Khen thưởng năm 2026 (Word), 3 đề nghị: "
        f"{YEARLY}; {DIRECTOR}." in screen
    )
    [handed] = ha.channel.transport.documents("ha")
    assert handed.document is not None and handed.document.name == "bien-ban-hoi-dong-2026.docx"
    assert handed.document.path.startswith("documents/")
    text, tables = _read(app.settings.media_dir / handed.document.path)
    assert TITLE in text and [
        f"{MAI} (cũng được đề nghị {DIRECTOR})",
        f"Tập thể {PDT}",
        f"{MAI} (cũng được đề nghị {YEARLY})",
    ] == [row[1] for grid in tables[1:3] for row in grid[1:]]

    await tu.say("/dekhenthuong")
    assert not any("Biên bản" in choice.label for choice in tu.menu.choices)
    await tu.say("bien ban")  # the office's keyword, typed where the menu did not offer it
    assert tu.channel.transport.documents("tu") == []


@on_buttons
async def test_a_nominee_who_left_after_being_proposed_is_marked_for_the_council_in_the_list_and_minutes(
    app: App, invites: DemoInvites, make_person, tmp_path: Path, db_path: Path
) -> None:
    """Mai was proposed, then left the school (moved, retired). Her proposal stays, as the award of a year
    she worked in may still be right; but the office's list and the minutes the council votes on say she left
    and when, so nobody confers an award on her unknowingly.
    The unit's line says nothing."""
    ha = make_person("ha")
    await join(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")  # the office of the awards council
    await _propose_three_and_withdraw_one(app)  # Mai and the unit for the head's award; Lan withdrawn
    async with app.sessionmaker() as session, session.begin():
        mai = (await session.scalars(select(Person).where(Person.full_name == MAI))).one()
        await mark_left(session, Operator(mai.org_id), mai, on=NOW.date(), now=NOW)

    await ha.say("/dekhenthuong")
    screen = await ha.choose("Danh sách đề nghị năm 2026")
    mai_line = f"• {MAI} ({PDT}) — {YEARLY}"
    lines = screen.splitlines()
    after = lines[next(i for i, line in enumerate(lines) if line.startswith(mai_line)) + 1]
    assert after.strip() == "Đã nghỉ từ ngày 22/11/2026: Hội đồng xét đề nghị này còn giữ hay không."
    assert screen.count("Đã nghỉ từ ngày") == 1  # not the unit's line, not Lan's (withdrawn, at work)

    await ha.choose("Quay lại")
    await ha.choose("Biên bản họp Hội đồng (Word)")
    [handed] = ha.channel.transport.documents("ha")
    _, tables = _read(app.settings.media_dir / handed.document.path)
    assert [row[1] for row in tables[1][1:]] == [f"{MAI} (đã nghỉ từ ngày 22/11/2026)", f"Tập thể {PDT}"]

    listing = ok(Cli(tmp_path, db_path, settings=ENGLISH)("award", "list", "--year", "2026"))  # at the shell
    [mai_listed] = [line for line in listing.splitlines() if f"{MAI}, " in line and "withdrawn" not in line]
    assert "[left on 22/11/2026]" in mai_listed and listing.count("[left on") == 1


async def test_a_nominee_moved_to_another_unit_after_being_proposed_is_written_where_they_work_now(
    app: App, invites: DemoInvites, make_person, tmp_path: Path, db_path: Path
) -> None:
    """Mai was proposed by Phòng Đào tạo, then the staff list moved her to Khoa Công nghệ as a teacher. The
    papers wrote her new position beside the unit she left (“Giáo viên | Phòng Đào tạo”), so the decision and
    the certificate would name a unit she no longer works in. Every list now writes the unit of her record,
    as it writes her position; the office's list and the minutes the council votes on say who proposed her."""
    ha = make_person("ha")
    await join(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")  # the office of the awards council
    await _propose_three_and_withdraw_one(app)  # Mai and the unit for the head's award; Lan withdrawn
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():  # as the staff list's move writes it
        mai = await session.get_one(Person, ids[MAI])
        mai.unit_id, mai.position = ids["KCN"], "Giáo viên"

    await ha.say("/dekhenthuong")
    screen = await ha.choose("Danh sách đề nghị năm 2026")
    lines = screen.splitlines()
    at = lines.index(f"• {MAI} (Khoa Công nghệ) — {YEARLY}; người đề nghị: Phạm Minh Tuấn")
    assert lines[at + 1].strip() == f"Đã chuyển sang Khoa Công nghệ sau khi được {PDT} đề nghị."
    assert screen.count("Đã chuyển sang") == 1  # not the unit's own line

    await ha.choose("Quay lại")
    await ha.choose("Biên bản họp Hội đồng (Word)")
    [handed] = ha.channel.transport.documents("ha")
    _, tables = _read(app.settings.media_dir / handed.document.path)
    assert [row[1:4] for row in tables[1][1:]] == [
        [MAI, "Giáo viên", f"Khoa Công nghệ (chuyển từ {PDT}, đơn vị đã đề nghị)"],
        [f"Tập thể {PDT}", "", PDT],
    ]

    cli = Cli(tmp_path, db_path, settings=ENGLISH)
    listing = ok(cli("award", "list", "--year", "2026"))
    assert f"Khoa Công nghệ  {MAI}, Giáo viên  [moved from {PDT}]  (proposed by Phạm Minh Tuấn)" in listing
    letter, decision = tmp_path / "tt.docx", tmp_path / "qd.docx"
    ok(cli("award", "dossier", "--year", "2026", "--form", "giay-khen-thu-truong", str(letter)))
    ok(
        cli(
            "award", "decision", "--year", "2026", "--form", "giay-khen-thu-truong", "--output", str(decision)
        )
    )
    _, tables = _read(letter)
    assert tables[1][1][1:4] == [MAI, "Giáo viên", "Khoa Công nghệ"]  # people first in the letter
    _, tables = _read(decision)
    assert [f"{MAI}, Giáo viên", "Khoa Công nghệ"] in [row[1:3] for table in tables for row in table]
    async with app.sessionmaker() as session:
        mais = await session.scalar(select(AwardProposal.id).where(AwardProposal.person_id == ids[MAI]))
    ok(cli("award", "report", str(mais), "--docx", str(tmp_path / "bc.docx")))
    text, _ = _read(tmp_path / "bc.docx")  # her report, from the unit that proposed her, says where she is
    assert "- Chức vụ: Giáo viên\n- Đơn vị: Khoa Công nghệ, Trường Trung cấp nghề Chung Tay" in text
