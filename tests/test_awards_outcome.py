"""The outcome of award proposals (docs/decisions/0063): the awards council's office records that a proposal
was awarded, with the decision's number and date, or not; the nominee is congratulated (a unit: its
leaders) and the proposer told, or, when not awarded, only the proposer, kindly; a whole form's standing
proposals at once, the withdrawn left alone; the same outcome again, or a corrected number, tells nobody
twice; a unit's leader outside the office is refused by the domain itself, on SQLite and PostgreSQL."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document as read_docx
from sqlalchemy import select, update

import bot.app
from bot.achievement_doc import write_achievement_report
from bot.app import App
from bot.award_decision import numbered, write_decision
from bot.clock import LOCAL_TZ, local_date
from bot.db.models import AuditLog, AwardProposal, ChannelIdentity, Organisation, OutboxMessage, Person
from bot.demo import DemoInvites
from bot.domain.access import Operator, actor_for
from bot.domain.achievement import EarlierAward, achievement_report
from bot.domain.awards import (
    Decision,
    ProposalError,
    award_decision,
    propose_award,
    read_decision,
    record_form_outcome,
    record_outcome,
    withdraw_proposal,
)
from bot.domain.year_report import year_report
from bot.i18n import translate
from bot.year_report_doc import write_year_report
from tests.support.clocks import NOW
from tests.support.joins import joined
from tests.test_achievement import claim_mai
from tests.test_awards import (
    LAN,
    MAI,
    PDT,
    SUMMARY,
    YEARLY,
    _propose_three_and_withdraw_one,
    _world,
    grant,
    proposals,
    propose_mai,
    propose_namesake,
)
from tests.test_cli import ENGLISH, Cli, ok
from tests.test_notices import chat, rows

FORM = "giay-khen-thu-truong"
DECISION = Decision(True, "125/QĐ-CĐT", date(2026, 11, 20))
CONGRATULATED = (
    f"Chúc mừng anh/chị được tặng {YEARLY} năm 2026 (Quyết định số 125/QĐ-CĐT ngày 20/11/2026). "
    "Cảm ơn anh/chị đã luôn đồng hành cùng phong trào."
)


async def _reachable(app: App, *names: str) -> None:
    """Each of `names` has a messenger account, so notices reach them."""
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        for name in names:
            session.add(
                ChannelIdentity(channel="console", external_id=name, person_id=ids[name], created_at=NOW)
            )


async def _proposed(app: App) -> dict[str, int]:
    """Mai and Phòng Đào tạo itself proposed by its head Tuấn; Lan by the school's head Hùng, withdrawn."""
    await grant(app, "Lê Văn Hùng", "leader")  # organisation-wide: the office, and Khoa Công nghệ's too
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        hung = await actor_for(session, await session.get_one(Person, ids["Lê Văn Hùng"]))
        common = {"form_id": ids[YEARLY], "year": 2026, "now": NOW}
        mai = await propose_award(
            session, tuan, unit_id=ids["PDT"], person_id=ids[MAI], summary=SUMMARY, **common
        )
        unit = await propose_award(
            session, tuan, unit_id=ids["PDT"], person_id=None, summary="Tập thể xuất sắc.", **common
        )
        lan = await propose_award(
            session, hung, unit_id=ids["KCN"], person_id=ids[LAN], summary="Giáo viên giỏi.", **common
        )
        await withdraw_proposal(session, hung, lan.id, now=NOW)
    return {**ids, "mai": mai.id, "unit": unit.id, "lan": lan.id}


async def _record(app: App, who: str | None, proposal: int, decision: Decision = DECISION) -> bool | str:
    """`who` (None: the shell) records `decision` on `proposal`; whether it changed, or the refusal."""
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        actor = (
            await actor_for(session, await session.get_one(Person, ids[who])) if who else Operator(ids["org"])
        )
        try:
            return await record_outcome(session, actor, proposal, decision, now=NOW, settings=app.settings)
        except ProposalError as refused:
            return refused.reason


async def _texts(app: App, prefix: str) -> dict[int | None, str]:
    return {row.person_id: row.payload["text"] for row in await rows(app, prefix)}


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_the_office_records_an_award_and_the_nominee_and_proposer_are_told_on_sqlite_and_postgresql(
    any_app: App,
) -> None:
    ids = await _proposed(any_app)
    await _reachable(any_app, MAI, "Phạm Minh Tuấn")

    assert await _record(any_app, "Phạm Minh Tuấn", ids["mai"]) == "not_allowed"  # a unit's leader
    assert await _record(any_app, MAI, ids["mai"]) == "not_allowed"  # the nominee herself
    await grant(any_app, MAI, "admin")  # ... even as the office's clerk, who records the others' (0399)
    assert await _record(any_app, MAI, ids["mai"]) == "not_allowed"
    assert await rows(any_app, "notice:awarded:") == []
    assert await _record(any_app, "Lê Văn Hùng", ids["mai"]) is True
    texts = await _texts(any_app, "notice:awarded:")
    assert texts == {
        ids[MAI]: CONGRATULATED,
        ids["Phạm Minh Tuấn"]: f"Tin vui về đề nghị của anh/chị: {MAI} được tặng {YEARLY} năm 2026 "
        "(Quyết định số 125/QĐ-CĐT ngày 20/11/2026).",
    }

    # The same again tells nobody twice; a corrected number is recorded and audited, and the news not yet
    # gone out is written afresh with it: nobody reads the old number, nobody gets two messages.
    assert await _record(any_app, "Lê Văn Hùng", ids["mai"]) is False
    corrected = Decision(True, " 126/QĐ-CĐT ", date(2026, 11, 20))
    assert await _record(any_app, "Lê Văn Hùng", ids["mai"], corrected) is True
    assert len(await rows(any_app, "notice:")) == len(await rows(any_app, "notice:proposed:")) + 2
    waiting = [
        row.payload["text"] for row in await rows(any_app, "notice:awarded:") if row.status == "pending"
    ]
    assert len(waiting) == 2 and all("Quyết định số 126/QĐ-CĐT ngày 20/11/2026" in text for text in waiting)
    assert await _record(any_app, "Lê Văn Hùng", ids["lan"]) == "withdrawn"
    assert await _record(any_app, "Lê Văn Hùng", ids["mai"], Decision(True, "x" * 61)) == "ref"

    async with any_app.sessionmaker() as session:
        mai = await session.get_one(AwardProposal, ids["mai"])
        audited = list(await session.scalars(select(AuditLog).where(AuditLog.action.like("award.%"))))
    assert (mai.outcome, mai.decision_ref, mai.decision_on) == ("awarded", "126/QĐ-CĐT", date(2026, 11, 20))
    assert mai.decided_by == ids["Lê Văn Hùng"]
    outcomes = [(row.action, row.details.get("ref")) for row in audited if "outcome" in row.action]
    assert outcomes == [("award.outcome", "125/QĐ-CĐT"), ("award.outcome_corrected", "126/QĐ-CĐT")]
    refused = [row.details["attempted"] for row in audited if row.action == "award.refused"]
    assert refused == ["outcome", "outcome", "outcome"]

    # The clerk records the whole form's list: the unit's is recorded, her own left as Hùng recorded it.
    async with any_app.sessionmaker() as session, session.begin():
        clerk = await actor_for(session, await session.get_one(Person, ids[MAI]))
        done = await record_form_outcome(
            session, clerk, ids["org"], year=2026, form_code=FORM,
            decision=Decision(True, "127/QĐ-CĐT", date(2026, 11, 20)), now=NOW, settings=any_app.settings,
        )  # fmt: skip
        mine = await session.get_one(AwardProposal, ids["mai"])
        unit = await session.get_one(AwardProposal, ids["unit"])
    assert (done.changed, done.own) == (1, 1)
    assert (mine.decision_ref, unit.decision_ref) == ("126/QĐ-CĐT", "127/QĐ-CĐT")


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_a_decision_dated_later_than_today_is_refused_and_a_corrected_one_is_told_to_who_heard_of_it(
    any_app: App,
) -> None:
    ids = await _proposed(any_app)
    await _reachable(any_app, MAI, "Phạm Minh Tuấn")
    # 22/11: a decision of 20/12 is not signed yet, nor one of next June; nothing is recorded, nobody told
    for later in (date(2026, 12, 20), date(2027, 6, 15)):
        assert (
            await _record(any_app, "Lê Văn Hùng", ids["mai"], Decision(True, "125/QĐ-CĐT", later)) == "future"
        )
    assert await rows(any_app, "notice:awarded:") == []
    async with any_app.sessionmaker() as session:
        assert (await session.get_one(AwardProposal, ids["mai"])).outcome is None

    assert await _record(any_app, "Lê Văn Hùng", ids["mai"]) is True
    async with any_app.sessionmaker() as session, session.begin():  # the news went out
        await session.execute(
            update(OutboxMessage).where(OutboxMessage.key.like("notice:%")).values(status="sent")
        )
    corrected = Decision(True, "126/QĐ-CĐT", date(2026, 11, 21))
    assert await _record(any_app, "Lê Văn Hùng", ids["mai"], corrected) is True
    told = {
        row.person_id: row.payload["text"]
        for row in await rows(any_app, "notice:awarded:")
        if row.status == "pending"
    }
    said = (
        f"Đính chính về {YEARLY} năm 2026 ({MAI}): Quyết định số 126/QĐ-CĐT ngày 21/11/2026, không phải "
        "Quyết định số 125/QĐ-CĐT ngày 20/11/2026 như đã báo trước đó."
    )
    assert told == {ids[MAI]: said, ids["Phạm Minh Tuấn"]: said}
    assert await _record(any_app, "Lê Văn Hùng", ids["mai"], corrected) is False  # again: nobody told twice
    assert len([row for row in await rows(any_app, "notice:awarded:") if row.status == "pending"]) == 2


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_a_whole_form_is_recorded_at_once_the_withdrawn_left_alone_and_twice_tells_nobody_twice(
    app: App,
) -> None:
    ids = await _proposed(app)
    await _reachable(app, MAI, "Phạm Minh Tuấn", LAN)

    async def record() -> tuple[int, int]:
        async with app.sessionmaker() as session, session.begin():
            done = await record_form_outcome(
                session, Operator(ids["org"]), ids["org"], year=2026, form_code=FORM, decision=DECISION,
                now=NOW, settings=app.settings,
            )  # fmt: skip
        return done.changed, done.unchanged

    assert await record() == (2, 0)
    texts = await _texts(app, "notice:awarded:")
    # Tuấn proposed both: congratulated as the unit's leader, told of Mai as her proposer, once each.
    assert sorted(texts) == sorted([ids[MAI], ids["Phạm Minh Tuấn"]])
    assert len(await rows(app, "notice:awarded:")) == 3
    unit_rows = await rows(app, f"notice:awarded:{ids['unit']}:")
    assert [row.payload["text"] for row in unit_rows] == [
        f"Chúc mừng tập thể {PDT} được tặng {YEARLY} năm 2026 (Quyết định số 125/QĐ-CĐT ngày 20/11/2026). "
        "Xin anh/chị chuyển lời chúc mừng và cảm ơn đến mọi người trong đơn vị."
    ]
    assert await record() == (0, 2)
    assert len(await rows(app, "notice:awarded:")) == 3
    async with app.sessionmaker() as session:
        lan = await session.get_one(AwardProposal, ids["lan"])
        shell = await session.get_one(AwardProposal, ids["mai"])
    assert lan.outcome is None and lan.decision_ref is None  # withdrawn: no outcome
    assert shell.outcome == "awarded" and shell.decided_by is None  # the shell records as nobody

    async with (
        app.sessionmaker() as session,
        session.begin(),
    ):  # the whole form again, with no number this time
        again = await record_form_outcome(
            session, Operator(ids["org"]), ids["org"], year=2026, form_code=FORM, decision=Decision(True),
            now=NOW, settings=app.settings,
        )  # fmt: skip
    async with app.sessionmaker() as session:
        kept = await session.get_one(AwardProposal, ids["mai"])
    assert (again.changed, again.unchanged) == (0, 2)
    assert (kept.decision_ref, kept.decision_on) == ("125/QĐ-CĐT", date(2026, 11, 20))  # the number stays

    async with app.sessionmaker() as session, session.begin():
        with pytest.raises(ProposalError, match="empty"):
            await record_form_outcome(
                session, Operator(ids["org"]), ids["org"], year=2026, form_code="giay-khen-giam-doc-so",
                decision=DECISION, now=NOW,
            )  # fmt: skip


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_not_awarded_tells_only_the_proposer_kindly_and_a_correction_takes_back_what_waits(
    app: App,
) -> None:
    ids = await _proposed(app)
    await _reachable(app, MAI, "Phạm Minh Tuấn")
    assert await _record(app, None, ids["mai"], Decision(False)) is True
    assert await rows(app, "notice:awarded:") == []
    assert await _texts(app, "notice:not_awarded:") == {
        ids["Phạm Minh Tuấn"]: f"Về đề nghị của anh/chị: lần này {MAI} chưa được tặng {YEARLY} năm 2026. "
        "Cảm ơn anh/chị đã đề nghị; những đóng góp cho phong trào vẫn luôn được ghi nhận."
    }

    # Recorded as awarded at night by mistake, corrected before morning: Mai is never told.
    night = datetime(2026, 12, 20, 22, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
    async with app.sessionmaker() as session, session.begin():
        unit = await session.get_one(AwardProposal, ids["unit"])
        proposal = await session.get_one(AwardProposal, ids["mai"])
        for decision in (DECISION, Decision(False)):
            await record_outcome(
                session, Operator(ids["org"]), proposal.id, decision, now=night, settings=app.settings
            )
        assert unit.outcome is None
    awarded = await rows(app, "notice:awarded:")
    assert {row.status for row in awarded} == {"cancelled"} and len(awarded) == 2
    # ... and awarded after all: said afresh, once.
    assert await _record(app, None, ids["mai"]) is True
    assert [row.status for row in await rows(app, f"notice:awarded:{ids['mai']}:{ids[MAI]}")] == ["pending"]


async def test_the_office_records_the_councils_decision_in_chat_and_mai_and_her_proposer_are_told(
    app: App, make_person, invites: DemoInvites
) -> None:
    mai, tu, ha = make_person("mai"), make_person("tu"), make_person("ha")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")  # the office of the awards council
    await propose_mai(tu)
    await tu.choose("Có")

    await tu.say("/dekhenthuong")  # a unit's leader records no decision
    assert not any("kết quả" in choice.label for choice in tu.menu.choices)
    await tu.choose("Danh sách đề nghị năm 2026")
    assert not any(choice.label.startswith("Ghi kết quả xét") for choice in tu.menu.choices)

    await ha.say("/dekhenthuong")
    await ha.choose("Danh sách đề nghị năm 2026")
    screen = await ha.choose(f"Ghi kết quả xét: {MAI} — {YEARLY}")
    assert f"kết quả xét của Hội đồng đối với {MAI} ({PDT}) — {YEARLY} (2026)?" in screen
    screen = await ha.choose("Được khen thưởng")
    # the example is dated today, a day the bot takes: not a fixed day to come, which it would refuse
    assert "ví dụ: 125/QĐ-CĐT, ngày 22/11/2026" in screen
    screen = await ha.say("125/QĐ-CĐT ngày 31/02/2026")  # no such day: asked again, nothing kept
    assert "Ngày này không có thật." in screen
    screen = await ha.say("126/QĐ-CĐT ngày 25/12/2026")  # not signed yet: asked again, nothing kept
    assert "Ngày 25/12/2026 sau hôm nay. Quyết định chỉ ghi nhận khi đã ký" in screen
    assert "ví dụ: 125/QĐ-CĐT, ngày 22/11/2026" in screen and "20/12/2026" not in screen
    screen = await ha.say("Quyết định số 125/QĐ-CĐT, ngày 20/11/2026")
    assert "• Quyết định số 125/QĐ-CĐT ngày 20/11/2026" in screen and "• Được khen thưởng" in screen
    assert "Người được đề nghị và người đề nghị sẽ được báo tin." in screen
    screen = await ha.choose("Có")
    assert f"Đã ghi kết quả: {MAI} ({PDT}) — {YEARLY} (2026)." in screen
    assert "người đề nghị: Phạm Văn Tú; được khen thưởng (Quyết định số 125/QĐ-CĐT ngày 20/11/2026)" in screen

    await mai.say("/menu")  # a turn of Mai's delivers what waits for her chat
    assert CONGRATULATED in chat(mai)
    await tu.say("/menu")
    assert f"Tin vui về đề nghị của anh/chị: {MAI} được tặng {YEARLY} năm 2026" in chat(tu)

    # The whole form at once, as the council passes its list: nothing new for Mai, who has it already.
    await ha.say("/dekhenthuong")
    await ha.choose("Ghi kết quả cho tất cả đề nghị của một hình thức")
    await ha.choose(f"{YEARLY} (1 đề nghị)")
    await ha.choose("Được khen thưởng")
    await ha.choose("Bỏ qua")
    screen = await ha.choose("Có")  # no number given: Mai's, recorded with its number, stays as it was
    assert "Đã ghi như vậy từ trước: 1; không ai bị báo lại lần nữa." in screen
    assert chat(mai).count("Chúc mừng") == 1


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_the_decisions_example_typed_back_as_shown_gives_its_number_and_day(locale: str) -> None:
    """An English reader is shown the example in English words (“dated”, not “ngày”): typed back as shown, in
    either language, it is the decision's number and day."""
    shown = translate(locale, "for example: 125/QĐ-CĐT, ngày {date}").format(date="20/11/2026")
    typed = shown.split(": ", 1)[1]
    assert ("ngày" in typed) == (locale == "vi")
    assert read_decision(typed, date(2026, 12, 5)) == ("125/QĐ-CĐT", date(2026, 11, 20))


async def test_a_school_whose_head_title_is_set_names_its_own_award_in_the_chat_as_its_papers_do(
    app: App, make_person, invites: DemoInvites
) -> None:
    async with app.sessionmaker() as session, session.begin():  # `chungtay org signer --title "Hiệu trưởng"`
        await session.execute(update(Organisation).values(head_title="Hiệu trưởng"))
    own = "Giấy khen của Hiệu trưởng"  # the school's own name for the plan's “Thủ trưởng đơn vị” (0227)
    mai, tu, ha = make_person("mai"), make_person("tu"), make_person("ha")
    await claim_mai(mai, invites.member)
    await joined(tu, invites.leader, "Phạm Văn Tú")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    await tu.say("/dekhenthuong")
    await tu.choose("Đề nghị khen thưởng")
    assert own in [choice.label for choice in tu.menu.choices]
    assert YEARLY not in [choice.label for choice in tu.menu.choices]
    await tu.choose(own)
    await tu.choose("Cá nhân trong đơn vị")
    await tu.say("tran thi mai")
    screen = await tu.say(SUMMARY)
    assert own in screen and "Thủ trưởng đơn vị" not in screen
    await tu.choose("Có")

    await ha.say("/dekhenthuong")
    await ha.choose("Danh sách đề nghị năm 2026")
    await ha.choose(f"Ghi kết quả xét: {MAI} — {own}")
    await ha.choose("Được khen thưởng")
    await ha.say("Quyết định số 125/QĐ-CĐT, ngày 20/11/2026")
    screen = await ha.choose("Có")
    assert f"Đã ghi kết quả: {MAI} ({PDT}) — {own} (2026)." in screen
    await mai.say("/menu")
    assert CONGRATULATED.replace(YEARLY, own) in chat(mai) and "Thủ trưởng đơn vị" not in chat(mai)
    await tu.say("/menu")
    assert f"Tin vui về đề nghị của anh/chị: {MAI} được tặng {own} năm 2026" in chat(tu)


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_the_shell_records_one_nominees_outcome_or_the_whole_forms_and_lists_it(
    app: App, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _propose_three_and_withdraw_one(app)
    # the shell's clock: 22/11/2026, two days after the decision it records
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: NOW))
    cli = Cli(tmp_path, db_path, settings=ENGLISH)
    decide = ("award", "decide", "--year", "2026", "--form", FORM)
    later = f"{local_date(NOW) + timedelta(days=18):%d/%m/%Y}"  # 10/12/2026, ahead of the shell's day
    out = ok(
        cli(*decide, "--nominee", "tran thi mai", "--awarded", "--ref", "125/QĐ-CĐT", "--on", "20/11/2026")
    )
    assert (
        out == f"Recorded the result of 1 proposal(s): awarded {YEARLY} (2026). "
        "The nominees and the proposers are told.\n"
    )
    # the whole form at 22:00: the notices wait for the morning, and the office reads when (decision 2850)
    night = NOW.replace(hour=15)
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: night))
    out = ok(cli(*decide, "--awarded", "--ref", "125/QĐ-CĐT", "--on", "20/11/2026"))
    assert (
        "Recorded the result of 1 proposal(s): awarded" in out
        and "1 had it already (nobody is told twice). The nominees and the proposers will be told at 07:00 "
        "on Monday, 23/11/2026, after the quiet hours."
        in out
    ), out
    listing = ok(cli("award", "list", "--year", "2026"))
    assert (
        f"{MAI}, Kế toán, thủ quỹ công đoàn  (proposed by Phạm Minh Tuấn)  [awarded: 125/QĐ-CĐT, 20/11/2026]"
        in listing
    )
    assert f"Collective: {PDT}  (proposed by Phạm Minh Tuấn)  [awarded: 125/QĐ-CĐT, 20/11/2026]" in listing
    assert "2 standing, 1 withdrawn. 2 awarded." in listing
    assert f"{LAN}, Giáo viên  (proposed by Lê Văn Hùng)  [withdrawn]\n" in listing

    office = Cli(tmp_path, db_path)  # nothing set: the chats', and so the refusals', Vietnamese (1788)
    for args, problem in (
        (
            ("--nominee", "lan", "--not-awarded"),
            "không ai được đề nghị 'giay-khen-thu-truong' năm 2026 mang tên 'lan'; `award list` liệt kê",
        ),
        (("--awarded", "--on", "31/02/2026"), "'31/02/2026' không phải một ngày: hãy ghi 31/08/2026"),
        (("--awarded", "--ref", "x" * 61), "--ref phải dài từ 1 đến 60 ký tự, ví dụ 125/QĐ-CĐT"),
        (("--nominee", "mai", "--awarded", "--on", later), f"--on {later} là sau hôm nay"),
    ):
        refused = office(*decide, *args)
        assert refused.returncode == 2 and problem in refused.stderr, refused.stderr
    refused = cli(*decide, "--nominee", "lan", "--not-awarded")
    assert "nobody standing proposed for 'giay-khen-thu-truong' in 2026 is called 'lan'" in refused.stderr
    refused = office("award", "decide", "--year", "2026", "--form", "nope", "--awarded")
    assert refused.returncode == 2 and "không có hình thức khen thưởng 'nope'" in refused.stderr
    # The award typed as said, without its marks: the codes to choose from, with an example.
    letter = tmp_path / "to-trinh.docx"
    refused = cli("award", "dossier", "--year", "2026", "--form", "giay khen", str(letter))
    assert refused.returncode == 2 and f"giay-khen-thu-truong ({YEARLY})" in refused.stderr, refused.stderr
    assert "e.g. --form giay-khen-thu-truong" in refused.stderr and not letter.exists()

    # A namesake of Khoa Công nghệ proposed too: one name names two, told apart by unit and id.
    other = await propose_namesake(app, "Lê Văn Hùng", "KCN")
    refused = cli(*decide, "--nominee", "Trần Thị Mai", "--not-awarded")
    assert refused.returncode == 2 and f"#{other.id} {MAI} (Khoa Công nghệ)" in refused.stderr, refused.stderr
    assert f"or the id, e.g. --nominee {other.id}" in refused.stderr  # listed first, by unit
    out = ok(cli(*decide, "--nominee", str(other.id), "--not-awarded"))
    assert out.startswith("Recorded the result of 1 proposal(s): not awarded")
    async with app.sessionmaker() as session:
        outcomes = {p.id: p.outcome for p in await session.scalars(select(AwardProposal))}
    assert outcomes[other.id] == "not_awarded" and list(outcomes.values()).count("awarded") == 2
    # An id that stands for nothing here (Lan's, withdrawn) is said so, not taken for a name; a sign that is
    # no number (“²”) is no id: the shell stopped with a traceback.
    refused = cli(*decide, "--nominee", "²", "--awarded")
    assert refused.returncode == 2 and "is called '²'" in refused.stderr, refused.stderr
    withdrawn = next(p for p in await proposals(app) if p.withdrawn_at is not None)
    refused = cli(*decide, "--nominee", str(withdrawn.id), "--awarded")
    assert refused.returncode == 2 and f"#{withdrawn.id} is not a standing proposal" in refused.stderr


def _docx_tables(path: Path) -> tuple[str, list[list[list[str]]]]:
    document = read_docx(str(path))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return "\n".join(p.text for p in document.paragraphs), tables


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_the_draft_decision_lists_exactly_those_awarded_and_is_refused_for_an_award_from_above(
    app: App, tmp_path: Path, db_path: Path
) -> None:
    await _propose_three_and_withdraw_one(app)
    cli = Cli(tmp_path, db_path, settings=ENGLISH)
    decision = ("award", "decision", "--year", "2026", "--form", FORM, "--output")

    # Before the council's vote: every standing proposal, and the draft says so.
    out = ok(cli(*decision, str(tmp_path / "before.docx")))
    assert "to 1 collective(s) and 1 person(s) (a draft before the council's vote" in out
    text, tables = _docx_tables(tmp_path / "before.docx")
    assert "Dự thảo lập trước khi Hội đồng Thi đua – Khen thưởng biểu quyết" in text
    assert f"Tặng {YEARLY} cho 1 tập thể và 1 cá nhân đã có thành tích" in text

    ok(cli("award", "decide", "--year", "2026", "--form", FORM, "--nominee", MAI, "--awarded"))
    # the unit itself still waits for its outcome: the decision leaves it out, and says so
    out = ok(cli(*decision, str(tmp_path / "after.docx")))
    assert "to 0 collective(s) and 1 person(s). Fill in the number" in out
    assert f"Not in it: 1 proposal(s) still waiting for an outcome (Collective: {PDT})" in out
    ok(cli("award", "decide", "--year", "2026", "--form", FORM, "--nominee", PDT, "--not-awarded"))
    ok(cli("org", "signer", "--title", "Hiệu trưởng"))
    out = ok(cli(*decision, str(tmp_path / "after.docx"), "--force"))
    assert "to 0 collective(s) and 1 person(s). Fill in the number" in out and "Not in it" not in out
    text, tables = _docx_tables(tmp_path / "after.docx")
    for expected in (
        "QUYẾT ĐỊNH",
        "Về việc tặng Giấy khen của Hiệu trưởng năm 2026",  # as the school names the award (0227)
        "HIỆU TRƯỞNG TRƯỜNG TRUNG CẤP",
        "Căn cứ ………… quy định chức năng, nhiệm vụ, quyền hạn của Trường",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng Giấy khen của Hiệu trưởng cho 1 cá nhân đã có thành tích",
        "(có danh sách kèm theo)",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        "(Kèm theo Quyết định số …………/QĐ-… ngày …………)",
    ):
        assert expected in text, expected
    assert "Dự thảo lập trước" not in text and "Số: …………/QĐ-…" in tables[0][0][0]
    assert tables[1][0][1].startswith("HIỆU TRƯỞNG")  # the head signs, by the title the office set
    assert tables[-1] == [
        ["STT", "Họ và tên / Tập thể", "Đơn vị", "Tóm tắt thành tích"],
        ["I", "Cá nhân và hộ gia đình (1)", "", ""],
        ["1", f"{MAI}, Kế toán, thủ quỹ công đoàn", PDT, SUMMARY],
    ]
    assert "Tập thể lao động xuất sắc." not in text and LAN not in str(tables)

    refused = cli(*decision[:5], "giay-khen-giam-doc-so", "--output", str(tmp_path / "above.docx"))
    assert (
        refused.returncode == 2
        and "is conferred by Giám đốc Sở: that decision is made there" in refused.stderr
    )
    assert not (tmp_path / "above.docx").exists()


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_the_draft_decision_prints_the_number_and_date_the_office_recorded(
    app: App, tmp_path: Path, db_path: Path
) -> None:
    """A decision is printed as the office numbered it (“Số: 125/QĐ-CĐT”, as every Vietnamese decision
    reads), dated the day it was signed; its list says which decision it goes with. Before any number is
    recorded, the dots stay for the office to fill in (test above)."""
    await _propose_three_and_withdraw_one(app)
    cli = Cli(tmp_path, db_path, settings=ENGLISH)
    ok(cli("award", "decide", "--year", "2026", "--form", FORM, "--awarded", "--ref", "125/QĐ-CĐT", "--on",
           "20/11/2026"))  # fmt: skip

    out = ok(
        cli("award", "decision", "--year", "2026", "--form", FORM, "--output", str(tmp_path / "qd.docx"))
    )

    assert "Numbered 125/QĐ-CĐT, as recorded. Fill in the grounds, then sign." in out
    assert "Fill in the number" not in out
    text, tables = _docx_tables(tmp_path / "qd.docx")
    assert "Số: 125/QĐ-CĐT" in tables[0][0][0] and "…………/QĐ" not in tables[0][0][0]
    assert "ngày 20 tháng 11 năm 2026" in tables[0][0][1]
    assert "(Kèm theo Quyết định số 125/QĐ-CĐT ngày 20/11/2026)" in text


async def test_a_decision_recorded_with_its_number_and_no_date_is_not_dated_the_day_it_is_printed(
    app: App, invites: DemoInvites, tmp_path: Path
) -> None:
    """The office recorded “125/QĐ-CĐT” and skipped the date: the decision was signed on a day Chung Tay does
    not know. Printed on 14/12 it was dated “ngày 14 tháng 12 năm 2026” above, while its own list said
    “ngày …………”: the chairman would file a signed decision under a day it was not signed."""
    ids = await _proposed(app)
    for proposal in (ids["mai"], ids["unit"]):
        assert await _record(app, None, proposal, Decision(True, "125/QĐ-CĐT")) is True
    async with app.sessionmaker() as session:
        draft = await award_decision(session, None, ids["org"], year=2026, form_code=FORM)
    write_decision(draft, tmp_path / "qd.docx", locale="vi", on=date(2026, 12, 14))
    text, tables = _docx_tables(tmp_path / "qd.docx")
    assert "Số: 125/QĐ-CĐT" in tables[0][0][0]
    assert "14 tháng 12" not in tables[0][0][1] and "ngày …… tháng …… năm ……" in tables[0][0][1]
    assert "(Kèm theo Quyết định số 125/QĐ-CĐT ngày …………)" in text

    # The office comes back with the day it was signed, typed alone as the chat takes it: the number stays.
    for proposal in (ids["mai"], ids["unit"]):
        assert await _record(app, None, proposal, Decision(True, None, date(2026, 11, 20))) is True
    async with app.sessionmaker() as session:
        draft = await award_decision(session, None, ids["org"], year=2026, form_code=FORM)
    write_decision(draft, tmp_path / "qd.docx", locale="vi", on=date(2026, 12, 14))
    text, tables = _docx_tables(tmp_path / "qd.docx")
    assert "Số: 125/QĐ-CĐT" in tables[0][0][0] and "ngày 20 tháng 11 năm 2026" in tables[0][0][1]
    assert "(Kèm theo Quyết định số 125/QĐ-CĐT ngày 20/11/2026)" in text


@pytest.mark.parametrize(
    ("ref", "printed"),
    [
        ("125/QĐ-CĐT", ("125", "QĐ-CĐT")),
        ("07/2026/QĐ-UBND", ("07", "2026/QĐ-UBND")),
        ("125", ("125", "QĐ-…")),  # the number alone: the symbol stays to fill in
        (None, ("…………", "QĐ-…")),
    ],
)
def test_a_recorded_decision_number_is_printed_after_so(ref: str | None, printed: tuple[str, str]) -> None:
    assert numbered(ref) == printed


async def test_the_office_gets_the_draft_decision_in_chat_and_is_told_kindly_of_an_award_from_above(
    app: App, make_person, invites: DemoInvites
) -> None:
    ids = await _world(app)
    async with app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        for form in (YEARLY, "Giấy khen của Giám đốc Sở"):
            await propose_award(
                session, tuan, form_id=ids[form], year=2026, unit_id=ids["PDT"], person_id=ids[MAI],
                summary=SUMMARY, now=NOW,
            )  # fmt: skip
    ha = make_person("ha")
    await joined(ha, invites.member, "Vũ Thị Hà")
    await grant(app, "Vũ Thị Hà", "admin")
    await ha.say("/dekhenthuong")
    await ha.choose("Quyết định khen thưởng (Word)")
    screen = await ha.choose("Giấy khen của Giám đốc Sở (1 đề nghị)")
    assert "Giấy khen của Giám đốc Sở do Giám đốc Sở quyết định" in screen
    assert ha.channel.transport.documents("ha") == []
    screen = await ha.choose(f"{YEARLY} (1 đề nghị)")
    assert f"{YEARLY} (2026): dự thảo quyết định (Word) lập trước khi Hội đồng biểu quyết" in screen
    [handed] = ha.channel.transport.documents("ha")
    assert handed.document is not None and handed.document.name == f"quyet-dinh-{FORM}-2026.docx"
    text, _tables = _docx_tables(app.settings.media_dir / handed.document.path)
    assert f"Tặng {YEARLY} cho 1 cá nhân" in text

    # Mai recorded as awarded, the unit itself proposed and still waiting: the answer names it
    async with app.sessionmaker() as session, session.begin():
        await propose_award(
            session, tuan, form_id=ids[YEARLY], year=2026, unit_id=ids["PDT"], person_id=None,
            summary="Tập thể xuất sắc.", now=NOW,
        )  # fmt: skip
        mai = await session.scalar(
            select(AwardProposal.id).where(
                AwardProposal.person_id == ids[MAI], AwardProposal.award_form_id == ids[YEARLY]
            )
        )
        await record_outcome(session, Operator(ids["org"]), mai, DECISION, now=NOW, settings=app.settings)
    await ha.say("/dekhenthuong")
    await ha.choose("Quyết định khen thưởng (Word)")
    screen = await ha.choose(f"{YEARLY} (2 đề nghị)")
    assert (
        "dự thảo quyết định số 125/QĐ-CĐT (Word), 1 được khen thưởng, mang số Văn phòng đã ghi. Anh/chị điền "
        "các căn cứ rồi trình ký." in screen
    )
    assert f"Chưa có trong quyết định: 1 đề nghị còn chờ kết quả (tập thể {PDT})." in screen
    handed = ha.channel.transport.documents("ha")[-1]
    assert handed.document is not None
    _text, tables = _docx_tables(app.settings.media_dir / handed.document.path)
    assert "Số: 125/QĐ-CĐT" in tables[0][0][0] and "ngày 20 tháng 11 năm 2026" in tables[0][0][1]

    # in English, the one proposal still waiting is one (decision 0750: “1 proposals … their outcome”)
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(Person).where(Person.full_name == "Vũ Thị Hà").values(locale="en"))
    await ha.say("/dekhenthuong")
    await ha.choose("The decision conferring an award (Word)")
    screen = await ha.choose(f"{YEARLY} (2 proposed)")
    assert (
        f"Not in it: 1 proposal still waiting for an outcome (the unit {PDT}). Please record its outcome "
        "before signing, and make the decision again." in screen
    )


@pytest.mark.usefixtures("any_invites")  # the demo seeded in the test's database
async def test_next_years_achievement_report_lists_the_earlier_award_and_the_years_report_counts_it(
    any_app: App, tmp_path: Path
) -> None:
    ids = await _proposed(any_app)
    assert await _record(any_app, None, ids["mai"]) is True
    async with any_app.sessionmaker() as session, session.begin():
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        again = await propose_award(
            session, tuan, form_id=ids[YEARLY], year=2027, unit_id=ids["PDT"], person_id=ids[MAI],
            summary=SUMMARY, now=NOW,
        )  # fmt: skip
    async with any_app.sessionmaker() as session:
        report = await achievement_report(session, Operator(ids["org"]), again.id, today=date(2027, 6, 1))
        unit_report = await achievement_report(session, Operator(ids["org"]), ids["unit"], today=NOW.date())
        year = await year_report(
            session, ids["org"], 2026, today=date(2027, 1, 5), actor=Operator(ids["org"])
        )
    assert report.earlier == [EarlierAward(YEARLY, 2026, "125/QĐ-CĐT", date(2026, 11, 20))]
    assert unit_report.earlier == []  # the unit itself received nothing (and Mai's is not the unit's)
    write_achievement_report(
        report, tmp_path / "tt.docx", media_dir=any_app.settings.media_dir, on=date(2027, 6, 1)
    )
    text, _tables = _docx_tables(tmp_path / "tt.docx")
    assert f"- {YEARLY} năm 2026 (Quyết định số 125/QĐ-CĐT ngày 20/11/2026)" in text

    [counted] = year.proposals
    assert (counted.people, counted.collectives, counted.awarded_people, counted.awarded_collectives) == (
        1,
        1,
        1,
        0,
    )
    write_year_report(year, tmp_path / "bc.docx")
    text, _tables = _docx_tables(tmp_path / "bc.docx")
    assert f"- {YEARLY}: 1 cá nhân và 1 tập thể; đã được khen thưởng: 1 cá nhân." in text


@pytest.mark.usefixtures("invites")  # the demo seeded in the test's database
async def test_a_school_whose_head_title_is_set_lists_an_earlier_award_by_its_papers_name(
    app: App, tmp_path: Path
) -> None:
    ids = await _proposed(app)
    assert await _record(app, None, ids["mai"]) is True
    async with app.sessionmaker() as session, session.begin():  # `chungtay org signer --title "Hiệu trưởng"`
        await session.execute(update(Organisation).values(head_title="Hiệu trưởng"))
        tuan = await actor_for(session, await session.get_one(Person, ids["Phạm Minh Tuấn"]))
        again = await propose_award(
            session, tuan, form_id=ids[YEARLY], year=2027, unit_id=ids["PDT"], person_id=ids[MAI],
            summary=SUMMARY, now=NOW,
        )  # fmt: skip
    own = "Giấy khen của Hiệu trưởng"  # the award this report proposes, and the one she received in 2026
    async with app.sessionmaker() as session:
        report = await achievement_report(session, Operator(ids["org"]), again.id, today=date(2027, 6, 1))
    write_achievement_report(
        report, tmp_path / "tt.docx", media_dir=app.settings.media_dir, on=date(2027, 6, 1)
    )
    text, _tables = _docx_tables(tmp_path / "tt.docx")
    assert f"- {own} năm 2026 (Quyết định số 125/QĐ-CĐT ngày 20/11/2026)" in text
    assert "Thủ trưởng đơn vị" not in text
