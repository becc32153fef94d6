"""The year just ended's awards in January (docs/decisions/0063, “Later”): the awards council meets at the
year-end review, often in January, and decisions from above come back by March. Through March the office's
/dekhenthuong offers the year just ended's list, outcomes and papers beside the new year's, labelled with the
year; proposing stays the new year's, and a proposal for the ended year is refused by the domain; from April
the ended year is gone from the menu. The shell takes --year."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document as read_docx

import bot.app
from bot.app import App
from bot.clock import LOCAL_TZ
from bot.demo import seed_demo
from tests.support.clocks import MovableClock
from tests.support.joins import joined
from tests.support.profiles import on_text_only
from tests.test_achievement import claim_mai
from tests.test_awards import MAI, PDT, YEARLY, _propose_three_and_withdraw_one, grant, proposals, propose_mai
from tests.test_cli import ENGLISH, Cli, ok
from tests.test_notices import chat

FORM = "giay-khen-thu-truong"
JANUARY = datetime(2027, 1, 12, 9, 0, tzinfo=LOCAL_TZ).astimezone(UTC)  # the year-end review's week
APRIL = datetime(2027, 4, 1, 9, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
LAST_YEARS = (
    "Danh sách đề nghị năm 2026",
    "Ghi kết quả xét năm 2026",
    "Tờ trình và danh sách năm 2026 (Word)",
    "Biên bản họp Hội đồng năm 2026 (Word)",
    "Quyết định khen thưởng năm 2026 (Word)",
)


def _labels(person) -> list[str]:  # type: ignore[no-untyped-def]
    return [choice.label for choice in person.menu.choices]


async def _mai_proposed_in_2026(app: App, make_person):  # type: ignore[no-untyped-def]
    """Mai (who has a chat), proposed in November 2026 by Tú, her unit's leader; Hà, an admin: the office."""
    invites = await seed_demo(app.sessionmaker, now=datetime(2026, 11, 22, 2, 0, tzinfo=UTC))
    mai, tu, ha = make_person("mai"), make_person("tu"), make_person("ha")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    await propose_mai(tu)
    await tu.choose("Có")
    return mai, tu, ha


async def test_in_january_the_office_records_2026s_outcome_mai_is_told_and_the_draft_decision_lists_her(
    app: App, make_person, clock: MovableClock
) -> None:
    mai, _tu, ha = await _mai_proposed_in_2026(app, make_person)
    clock.at = JANUARY

    screen = await ha.say("/dekhenthuong")
    assert "Khen thưởng năm 2027" in screen
    labels = _labels(ha)
    assert "Danh sách đề nghị năm 2027" in labels and all(label in labels for label in LAST_YEARS)

    await ha.choose("Ghi kết quả xét năm 2026")
    await ha.choose(f"{YEARLY} (1 đề nghị)")
    await ha.choose("Được khen thưởng")
    await ha.say("Quyết định số 125/QĐ-CĐT, ngày 08/01/2027")
    screen = await ha.choose("Có")
    assert "Đã ghi kết quả:" in screen
    assert "Đề nghị khen thưởng năm 2026:" in screen  # back on 2026's list, Mai awarded on it
    assert f"{MAI} ({PDT}) — {YEARLY}; người đề nghị: Phạm Văn Tú; được khen thưởng" in screen

    await mai.say("/menu")  # a turn of Mai's delivers what waits for her chat
    assert f"Chúc mừng anh/chị được tặng {YEARLY} năm 2026 (Quyết định số 125/QĐ-CĐT" in chat(mai)

    await ha.say("/dekhenthuong")
    await ha.choose("Quyết định khen thưởng năm 2026 (Word)")
    screen = await ha.choose(f"{YEARLY} (1 đề nghị)")
    assert f"{YEARLY} (2026): dự thảo quyết định số 125/QĐ-CĐT (Word)" in screen  # as recorded
    [handed] = ha.channel.transport.documents("ha")
    assert handed.document is not None and handed.document.name == f"quyet-dinh-{FORM}-2026.docx"
    text = "\n".join(p.text for p in read_docx(str(app.settings.media_dir / handed.document.path)).paragraphs)
    assert f"Về việc tặng {YEARLY} năm 2026" in text and f"Tặng {YEARLY} cho 1 cá nhân" in text
    assert "Dự thảo lập trước" not in text  # the council has voted: those awarded only

    # Mai's achievement report of her 2026 proposal is still hers in January.
    await mai.say("/thanhtich")
    [report] = mai.channel.transport.documents("mai")
    assert report.document is not None and report.document.name.endswith("-2026.docx")


async def test_the_year_just_ended_leaves_the_office_menu_in_april(
    app: App, make_person, clock: MovableClock
) -> None:
    _mai, tu, ha = await _mai_proposed_in_2026(app, make_person)
    clock.at = datetime(2027, 3, 31, 16, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
    await ha.say("/dekhenthuong")
    assert "Ghi kết quả xét năm 2026" in _labels(ha)
    # Tú, who proposed Mai, reads 2026's list of his unit while the council's decision is awaited, with no
    # office papers and nothing to change in a year over (decision 2155)
    await tu.say("/dekhenthuong")
    assert [label for label in _labels(tu) if "2026" in label] == ["Danh sách đề nghị năm 2026"]
    screen = await tu.choose("Danh sách đề nghị năm 2026")
    assert f"{MAI} ({PDT}) — {YEARLY}; người đề nghị: Phạm Văn Tú" in screen
    assert not any(label.startswith("Sửa") for label in _labels(tu))
    clock.at = APRIL
    await ha.say("/dekhenthuong")
    assert not any("2026" in label for label in _labels(ha))
    assert "Danh sách đề nghị năm 2027" in _labels(ha)
    await tu.say("/dekhenthuong")
    assert not any("2026" in label for label in _labels(tu))


@on_text_only
async def test_a_leader_in_january_proposes_only_for_2027_and_one_begun_in_december_is_refused_kindly(
    app: App, make_person, clock: MovableClock
) -> None:
    invites = await seed_demo(app.sessionmaker, now=datetime(2026, 11, 22, 2, 0, tzinfo=UTC))
    tu = make_person("tu")
    await joined(tu, invites.leader, "Phạm Văn Tú")
    clock.at = datetime(2026, 12, 31, 20, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
    screen = await propose_mai(tu)
    assert f"{YEARLY} (2026)" in screen
    clock.at = datetime(2027, 1, 1, 8, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
    screen = await tu.choose("Có")  # confirmed after midnight: 2026 takes no more proposals
    assert "Năm 2026 đã kết thúc nên không nhận thêm đề nghị" in screen
    assert "Đề nghị anh/chị gửi từ nay là cho năm 2027." in screen
    assert await proposals(app) == []

    clock.at = JANUARY
    await tu.say("/dekhenthuong")
    assert not any("2026" in label for label in _labels(tu))  # a unit's leader: no office work
    screen = await tu.choose("Đề nghị khen thưởng")
    assert "Anh/chị đề nghị hình thức khen thưởng nào (2027)?" in screen
    await propose_mai(tu)
    await tu.choose("Có")
    [proposal] = await proposals(app)
    assert proposal.year == 2027


async def test_the_shell_records_2026s_decision_in_january_with_year(
    app: App, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed_demo(app.sessionmaker, now=datetime(2026, 11, 22, 2, 0, tzinfo=UTC))
    await _propose_three_and_withdraw_one(app)
    # The shell's app reads January's clock, as the server would in January.
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: JANUARY))
    cli = Cli(tmp_path, db_path, settings=ENGLISH)

    refused = cli("award", "decide", "--year", "2027", "--form", FORM, "--nominee", MAI, "--awarded")
    assert refused.returncode == 2 and f"nobody standing proposed for '{FORM}' in 2027" in refused.stderr
    # without --year, the year just ended's through March, as the chat's awards menu offers it: it was 2027's
    decide = ("award", "decide", "--form", FORM)
    out = ok(cli(*decide, "--nominee", MAI, "--awarded", "--ref", "125/QĐ-CĐT", "--on", "08/01/2027"))
    assert out == (
        "The awards of 2026, the year just ended; for 2027: --year 2027\n"
        f"Recorded the result of 1 proposal(s): awarded {YEARLY} (2026). "
        "The nominees and the proposers are told.\n"
    )
    listing = ok(cli("award", "list"))
    assert listing.startswith("The awards of 2026, the year just ended; for 2027: --year 2027\n")
    assert (
        f"{MAI}, Kế toán, thủ quỹ công đoàn  (proposed by Phạm Minh Tuấn)  [awarded: 125/QĐ-CĐT, 08/01/2027]"
        in listing
    )
    out = ok(
        cli("award", "decision", "--year", "2026", "--form", FORM, "--output", str(tmp_path / "qd.docx"))
    )
    assert "to 0 collective(s) and 1 person(s). Numbered 125/QĐ-CĐT, as recorded." in out
