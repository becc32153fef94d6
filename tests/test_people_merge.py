"""Two listed records of one person made one at the shell (docs/decisions/0136): an older staff list gave
a woman without a phone a row for each position she held, she was registered on one of them, and her unit's
digest counted her twice. `chungtay people merge` shows what each record holds, and with --yes merges them."""

from __future__ import annotations

import functools
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

import bot.app
from bot.app import App
from bot.db.models import ChannelIdentity, Commitment, Person
from bot.domain.access import Operator
from bot.domain.leaving import mark_away, mark_left, planned_due
from bot.domain.reminders import monday_off, optional_off, set_monday_off, set_optional_off
from tests.support.clocks import NOW
from tests.support.orgs import add_person, commit_to, seed
from tests.test_cli import ENGLISH, Cli, ok, query
from tests.test_leavers import _figures

NEW_YEAR = datetime(2026, 12, 31, 17, 5, tzinfo=UTC)  # 00:05 on 1 January, Vietnam time: the leavings' job


@pytest.mark.parametrize("training", [False, True], ids=["leave", "training"])
async def test_two_listed_records_of_one_person_are_merged_after_a_last_look(
    app: App, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch, training: bool
) -> None:
    """Away on training, the last look said her on leave, “nghỉ dài ngày”, and the merge dropped the reason:
    said as training, and kept (decisions 2410, 2411)."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: NOW))
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)  # A: Lãnh đạo A, An (registered), Bình, Chi
        kept = seeded.people["Chi"]  # her first row: no phone, her old position
        kept.position = "Giáo viên"
        second = await add_person(session, seeded, "Chi", "A", ("member", "A"), ("officer", "A"), now=NOW)
        second.position, second.phone = "Tổ trưởng", "0912345678"
        await commit_to(session, seeded, second, 500_000, year=2026, now=NOW)  # registered on the second row
        # her retirement from 1 January was recorded on the second row (decision 0270)
        await mark_left(session, Operator(seeded.org.id), second, on=date(2027, 1, 1), now=NOW)
        assert (await _figures(session, seeded))["A"][:2] == (5, 2)  # 2/5 registered: she counts twice
        # and her sick leave, until a day ahead of the shell's clock, 22/11/2026 (decision 0789)
        until = date(2026, 12, 12)
        await mark_away(session, Operator(seeded.org.id), second, until=until, now=NOW, training=training)
        # her weekly message and optional reminders turned off on the second row; the first has its own
        # choices, both on (2505)
        await set_monday_off(session, second.id, True, now=NOW)
        await set_optional_off(session, second.id, True, now=NOW)
        await set_optional_off(session, kept.id, False, now=NOW)
        kept_id, second_id = kept.id, second.id
    cli = Cli(tmp_path, db_path)

    look = ok(cli("people", "merge", str(second_id), str(kept_id)))
    away = "đi học, tập huấn" if training else "nghỉ dài ngày"
    assert (
        f"bỏ:  Chi (trong danh sách, {away} đến hết ngày {until:%d/%m/%Y}) — đơn vị: A; chức vụ: Tổ "
        "trưởng; điện thoại: ********78; tài khoản: 1" in look
    ), look
    # the leave goes on on the kept record, and the look says so before anything is merged
    assert (
        f"{away.capitalize()} đến hết ngày {until:%d/%m/%Y} của mã số {second_id} chuyển sang mã số {kept_id}"
        in look
    ), look
    assert "khoản ủng hộ: 0; đăng ký: 1" in look
    assert "giữ: Chi (trong danh sách) — đơn vị: A; chức vụ: Giáo viên; điện thoại: —" in look
    assert f"chungtay people merge {second_id} {kept_id} --yes" in look
    assert "hai tên khác nhau" not in look  # one person on two rows: the same name
    assert query(db_path, f"SELECT count(*) FROM person WHERE id = {second_id}") == [(1,)]

    done = ok(cli("people", "merge", str(second_id), str(kept_id), "--yes"))
    assert done.startswith(f"Đã gộp mã số {second_id} vào Chi (mã số {kept_id}) và xóa mã số {second_id}")
    assert "1 tài khoản" in done and "1 đăng ký" in done
    async with app.sessionmaker() as session:
        person = await session.get_one(Person, kept_id)
        assert (person.position, person.phone) == (
            "Giáo viên",
            "0912345678",
        )  # what it lacked, from the other
        assert person.away_reason == ("training" if training else None)  # the reason with the day (2411)
        assert await session.get(Person, second_id) is None
        hers = select(Commitment.person_id).where(Commitment.person_id.in_((kept_id, second_id)))
        assert list(await session.scalars(hers)) == [kept_id]
        owners = await session.scalars(
            select(ChannelIdentity.person_id).where(ChannelIdentity.external_id == f"p{second_id}")
        )
        assert list(owners) == [kept_id]
        # really 2 of 4; she, on leave, apart: 1 of 3 (decision 0764)
        assert (await _figures(session, seeded))["A"][:2] == (3, 1)
        assert person.leaves_on == date(2027, 1, 1)  # her retirement still comes on its day, on the kept row
        assert await planned_due(session, now=NEW_YEAR) == [kept_id]
        # what she turned off on the row dropped stays off: she is not sent again what she stopped (2505)
        assert await monday_off(session, kept_id) and await optional_off(session, kept_id)
    [(details,)] = query(db_path, "SELECT details FROM audit_log WHERE action = 'person.merge'")
    wanted = {"source": second_id, "target": kept_id, "listed": True}
    assert wanted.items() <= json.loads(str(details)).items()
    roles = query(db_path, f"SELECT role FROM role_assignment WHERE person_id = {kept_id} ORDER BY role")
    assert roles == [("member",), ("officer",)]  # her officer's role of the second row came with it


async def test_two_listed_records_both_registered_for_a_year_are_not_merged_and_the_line_says_whose_goes(
    app: App, tmp_path: Path, db_path: Path
) -> None:
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        first = seeded.people["An"]  # registered for 2026 by the seed
        second = await add_person(session, seeded, "An", "A", ("member", "A"), now=NOW)
        await commit_to(session, seeded, second, 300_000, year=2026, now=NOW)
        first_id, second_id = first.id, second.id
    result = Cli(tmp_path, db_path)("people", "merge", str(second_id), str(first_id), "--yes")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert f"năm 2026: mã số {second_id} đăng ký ngày" in result.stderr
    assert f"gộp sẽ làm mất đăng ký của mã số {second_id}: không thay đổi gì" in result.stderr
    assert query(db_path, f"SELECT count(*) FROM person WHERE id = {second_id}") == [(1,)]


async def test_a_merge_of_two_different_people_says_so_before_it_is_done(
    app: App, tmp_path: Path, db_path: Path
) -> None:
    """A merge with one id typed wrong (5 and 6 are neighbours): an officer's phone would open a leader's
    record and see her gifts (a finding from outside). The last look says the names differ and both have
    an account; nothing is merged without --yes."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        an, binh = seeded.people["An"], seeded.people["Bình"]
        an_id, binh_id = an.id, binh.id
    look = ok(Cli(tmp_path, db_path)("people", "merge", str(an_id), str(binh_id)))
    assert '  Chú ý: hai tên khác nhau ("An", "Bình"): kiểm tra lại hai mã số trước khi gộp' in look
    assert "  Chú ý: cả hai hồ sơ đều có tài khoản" in look
    assert query(db_path, f"SELECT count(*) FROM person WHERE id IN ({an_id}, {binh_id})") == [(2,)]


async def test_an_english_office_reads_a_merges_last_look_and_its_answer_in_english(
    app: App, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clerk of an office whose chats speak English (`DEFAULT_LOCALE=en`): the merge's last look, its
    warnings and its answer in English, where they were Vietnamese whatever the setting (decision 1344)."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: NOW))
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        an_id, binh_id = seeded.people["An"].id, seeded.people["Bình"].id
    cli = Cli(tmp_path, db_path, settings=ENGLISH)
    look = ok(cli("people", "merge", str(an_id), str(binh_id)))
    assert look.startswith(f"Merging record {an_id} into record {binh_id}:\n  drop: An ("), look
    assert "— unit: A; position: " in look and "; roles: member (A)" in look
    assert '  Note: two different names ("An", "Bình"): check the two ids before merging' in look
    assert (
        f"Nothing changed yet: add --yes to merge, for example chungtay people merge {an_id} {binh_id} --yes"
        in look
    )
    done = ok(cli("people", "merge", str(an_id), str(binh_id), "--yes"))
    assert done.startswith(
        f"Merged record {an_id} into Bình (id {binh_id}) and deleted record {an_id}; moved: "
    )
    for said in (look, done):
        assert not any(word in said for word in ("mã số", "Chú ý", "Đã gộp", "vai trò", "đơn vị")), said


async def test_an_english_office_is_refused_a_merge_in_english_with_what_works(
    app: App, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An office whose chats speak English: a record merged into itself, and two records both registered for
    the year, are refused in English with what to do, where they were Vietnamese whatever the setting
    (decision 1444); nothing changes."""
    monkeypatch.setattr(bot.app, "build_app", functools.partial(bot.app.build_app, clock=lambda: NOW))
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)  # An registered for 2026
        binh = seeded.people["Bình"]
        await commit_to(session, seeded, binh, 300_000, year=2026, now=NOW)
        an_id, binh_id = seeded.people["An"].id, binh.id
    cli = Cli(tmp_path, db_path, settings=ENGLISH)
    itself = cli("people", "merge", str(an_id), str(an_id), "--yes")
    assert itself.returncode == 2 and itself.stderr == (
        f"chungtay: a record cannot be merged into itself (ID {an_id}): give the ID of the record to drop, "
        "then that of the one to keep (chungtay people merge DROP_ID KEEP_ID)\n"
    )
    both = cli("people", "merge", str(an_id), str(binh_id), "--yes")
    assert both.returncode == 2 and both.stderr == (
        f"chungtay: both records have registered (2026: ID {an_id} registered on 22/11/2026, ID {binh_id} on "
        "22/11/2026); a person has one registration a year, and merging would lose that of ID "
        f"{an_id}: nothing changed\n"
    )
    assert query(db_path, f"SELECT count(*) FROM person WHERE id IN ({an_id}, {binh_id})") == [(2,)]
