"""People, second round (docs/decisions/0145): a role taken off by a leaving comes back only into the very
unit it was taken from, never into a unit made afterwards with the freed id; the names units had lead to the
unit that has them now; a person merge shows each record's roles and leaves another unit's behind; a
changed name is recorded; and someone the list put in another unit is not told he is its member "again"."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from bot.app import App
from bot.db.models import Person, RoleAssignment, Unit
from bot.domain.access import Operator
from bot.domain.leaving import mark_back, mark_left
from bot.domain.org_import import unit_key
from bot.domain.units import former_names, merge_units, rename_unit
from tests.support.clocks import NOW
from tests.support.orgs import Seeded, add_person, seed
from tests.test_cli import ENGLISH, Cli, ok, query
from tests.test_leavers import SUMMER


async def _new_unit(session, seeded: Seeded, code: str, name: str) -> Unit:  # type: ignore[no-untyped-def]
    unit = Unit(org_id=seeded.org.id, code=code, name=name)
    session.add(unit)
    await session.flush()
    return unit


async def _treasurer_of_a_unit_merged_away_then_made_again(session, seeded: Seeded) -> tuple[Person, int]:  # type: ignore[no-untyped-def]
    """Chi, of A, was treasurer of the cleaning team T; she left, T was merged into A, and a new team took
    the code T (and, on SQLite, T's freed id)."""
    chi = seeded.people["Chi"]
    team = await _new_unit(session, seeded, "to-tap-vu", "Tổ tạp vụ")
    session.add(
        RoleAssignment(
            person_id=chi.id, role="treasurer", org_id=seeded.org.id, unit_id=team.id, granted_at=NOW
        )
    )
    await session.flush()
    await mark_left(session, Operator(seeded.org.id), chi, on=SUMMER, now=NOW)
    old_id = team.id
    await merge_units(session, team, seeded.units["A"], now=NOW)
    again = await _new_unit(session, seeded, "to-tap-vu", "Tổ tạp vụ mới")
    if session.bind.dialect.name == "sqlite":
        assert again.id == old_id  # the freed id taken: what the audit row's id now names
    return chi, again.id


async def test_a_role_never_comes_back_into_a_unit_made_after_its_own_was_merged_away(any_app: App) -> None:
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        chi, new_team = await _treasurer_of_a_unit_merged_away_then_made_again(session, seeded)

        back = await mark_back(session, Operator(seeded.org.id), chi, now=NOW)
        assert back.roles == ()
        assert [(n.role, n.unit, n.reason, n.into) for n in back.not_back] == [
            ("treasurer", "to-tap-vu", "unit", "A")
        ]
        held = await session.execute(
            select(RoleAssignment.role, RoleAssignment.unit_id).where(RoleAssignment.person_id == chi.id)
        )
        assert sorted(held) == [("member", seeded.units["A"].id)]
        assert new_team not in {unit for _role, unit in held}


async def test_the_shell_names_the_role_of_a_unit_merged_away_and_gives_none_in_the_new_one(
    app: App, tmp_path: Path, db_path: Path
) -> None:
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        person, _ = await _treasurer_of_a_unit_merged_away_then_made_again(session, seeded)
        chi = person.id
    said = ok(Cli(tmp_path, db_path)("people", "back", str(chi)))
    assert "đã cấp lại vai trò" not in said
    assert (
        "Chưa cấp lại được vai trò thủ quỹ (to-tap-vu): đơn vị đó đã gộp vào A; nếu vẫn đúng, cấp bằng: "
        f"chungtay people grant {chi} treasurer --unit A" in said
    )
    treasurer = f"SELECT count(*) FROM role_assignment WHERE person_id = {chi} AND role = 'treasurer'"
    assert query(db_path, treasurer) == [(0,)]


async def test_an_old_name_leads_to_the_unit_it_went_into_not_to_a_new_unit_with_the_freed_id(
    any_app: App,
) -> None:
    """Tổ Văn was renamed Tổ Ngữ văn, then merged into A; a unit made next (on SQLite with the freed id) is
    not what a list written the old way means."""
    async with any_app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        team = await _new_unit(session, seeded, "to-van", "Tổ Văn")
        await rename_unit(session, team, "Tổ Ngữ văn", now=NOW)
        await merge_units(session, team, seeded.units["A"], now=NOW)
        await _new_unit(session, seeded, "to-moi", "Tổ Mới")
        names = await former_names(session, seeded.org.id)
        a = seeded.units["A"].id
        assert {names[unit_key(name)] for name in ("Tổ Văn", "Tổ Ngữ văn", "to-van")} == {a}


async def test_back_in_another_unit_is_not_told_as_a_member_again(
    app: App, tmp_path: Path, db_path: Path
) -> None:
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        an, binh = seeded.people["An"], seeded.people["Bình"]
        for person in (an, binh):
            await mark_left(session, Operator(seeded.org.id), person, on=SUMMER, now=NOW)
        binh.unit_id = seeded.units["B"].id  # the next list has him in B
        ids = an.id, binh.id
    cli = Cli(tmp_path, db_path)
    moved = ok(cli("people", "back", str(ids[1])))
    assert "; là thành viên B." in moved and "trở lại" not in moved
    stayed = ok(cli("people", "back", str(ids[0])))
    assert "; là thành viên A trở lại." in stayed


async def test_a_merge_shows_each_records_roles_and_leaves_another_units_role_behind(
    app: App, tmp_path: Path, db_path: Path
) -> None:
    """The list moved Chi to B (her leadership of A went with the move); her duplicate record, still in A,
    holds "lãnh đạo (A)". Merged into her record in B, that role must not come back quietly."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        kept = await add_person(session, seeded, "Chi", "B", ("member", "B"), ("officer", "B"), now=NOW)
        second = await add_person(
            session, seeded, "Chi", "A", ("member", "A"), ("leader", "A"), ("treasurer", None), now=NOW
        )
        kept_id, second_id = kept.id, second.id
    cli = Cli(tmp_path, db_path)
    look = ok(cli("people", "merge", str(second_id), str(kept_id)))
    assert "vai trò: thành viên (A), lãnh đạo (A), thủ quỹ (toàn tổ chức)" in look
    assert "vai trò: thành viên (B), cán bộ công đoàn (B)" in look
    behind = (
        "Vai trò lãnh đạo (A) ở đơn vị khác với đơn vị của hồ sơ giữ lại: {verb} mã số "
        f"{kept_id}; nếu vẫn đúng, cấp bằng: chungtay people grant {kept_id} leader --unit A"
    )
    assert behind.format(verb="sẽ không chuyển sang") in look

    done = ok(cli("people", "merge", str(second_id), str(kept_id), "--yes"))
    assert behind.format(verb="đã không chuyển sang") in done
    roles = query(
        db_path,
        "SELECT r.role, u.code FROM role_assignment r LEFT JOIN unit u ON u.id = r.unit_id "
        f"WHERE r.person_id = {kept_id} ORDER BY r.role",
    )
    assert roles == [("member", "B"), ("officer", "B"), ("treasurer", None)]
    [(details,)] = query(db_path, "SELECT details FROM audit_log WHERE action = 'person.merge'")
    assert json.loads(str(details))["left_behind"] == [{"role": "leader", "unit": "A"}]


async def test_a_changed_name_is_recorded_audited_and_undone_by_renaming_back(
    app: App, tmp_path: Path, db_path: Path
) -> None:
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        hoa = await add_person(session, seeded, "Trần Thị Hoa", "A", ("member", "A"), now=NOW)
        hoa_id = hoa.id
    cli = Cli(tmp_path, db_path)
    for bad in ("   ", "12345", "x" * 201):
        refused = cli("people", "rename", str(hoa_id), bad)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert f'ví dụ chungtay people rename {hoa_id} "Nguyễn Thị Hoa"; không thay đổi gì' in refused.stderr
    said = ok(cli("people", "rename", str(hoa_id), "  nguyễn   thị hoa "))
    assert said.startswith(f"Đã đổi tên người mã số {hoa_id}: Trần Thị Hoa → Nguyễn Thị Hoa.")
    assert f'chungtay people rename {hoa_id} "Trần Thị Hoa"' in said
    assert "Nguyễn Thị Hoa" in next(
        line for line in ok(cli("people", "list")).splitlines() if line.startswith(f"{hoa_id} ")
    )
    assert query(db_path, f"SELECT full_name, name_key FROM person WHERE id = {hoa_id}") == [
        ("Nguyễn Thị Hoa", "nguyen thi hoa")
    ]
    [(details,)] = query(db_path, "SELECT details FROM audit_log WHERE action = 'person.rename'")
    assert json.loads(str(details)) == {"old": "Trần Thị Hoa", "new": "Nguyễn Thị Hoa"}
    assert "không thay đổi gì" in ok(cli("people", "rename", str(hoa_id), "Nguyễn Thị Hoa"))
    ok(cli("people", "rename", str(hoa_id), "Trần Thị Hoa"))
    assert query(db_path, f"SELECT full_name FROM person WHERE id = {hoa_id}") == [("Trần Thị Hoa",)]


async def test_a_rename_that_only_drops_the_names_accents_is_refused_and_the_name_kept(
    app: App, tmp_path: Path, db_path: Path
) -> None:
    """A clerk at a server keyboard without Vietnamese types the name she means to fix the case of: the papers
    would print “Nguyen Thi Hoa” from then on, so the stored name stays, as a unit's does (decision 0220)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        hoa = await add_person(session, seeded, "Nguyễn Thị Hoa", "A", ("member", "A"), now=NOW)
        hoa_id = hoa.id
    cli = Cli(tmp_path, db_path)
    refused = cli("people", "rename", str(hoa_id), "nguyen thi hoa")
    assert refused.returncode == 2
    assert '"nguyen thi hoa" là tên "Nguyễn Thị Hoa" viết không dấu: tên có dấu được giữ' in refused.stderr
    assert query(db_path, f"SELECT full_name FROM person WHERE id = {hoa_id}") == [("Nguyễn Thị Hoa",)]
    assert query(db_path, "SELECT count(*) FROM audit_log WHERE action = 'person.rename'") == [(0,)]


async def test_an_english_office_renames_and_is_refused_in_english(
    app: App, tmp_path: Path, db_path: Path
) -> None:
    """An office whose chats speak English (DEFAULT_LOCALE=en) reads `people rename` and the people commands'
    refusals in English, as the rest of its shell (decisions 1127, 1185)."""
    async with app.sessionmaker() as session, session.begin():
        seeded = await seed(session, NOW)
        hoa = await add_person(session, seeded, "Trần Thị Hoa", "A", ("member", "A"), now=NOW)
        hoa_id = hoa.id
    cli = Cli(tmp_path, db_path)
    refused = cli("people", "rename", str(hoa_id), "12345", env=ENGLISH)
    assert refused.returncode == 2
    assert "the new name has no letters: write the full name in quotes, for example" in refused.stderr
    assert f'for example chungtay people rename {hoa_id} "Nguyễn Thị Hoa"; nothing changed' in refused.stderr
    refused = cli("people", "rename", "Trần Thị Hòa Bình", "Trần Thị Hoa", env=ENGLISH)
    assert "nobody is named “Trần Thị Hòa Bình” in organisation" in refused.stderr
    assert "see the names and ids: chungtay people list; nothing changed" in refused.stderr
    said = ok(cli("people", "rename", str(hoa_id), "Nguyễn Thị Hoa", env=ENGLISH))
    assert said.startswith(f"Renamed person {hoa_id}: Trần Thị Hoa → Nguyễn Thị Hoa. Everything of theirs")
    assert f'rename back with: chungtay people rename {hoa_id} "Trần Thị Hoa"' in said
    assert ok(cli("people", "rename", str(hoa_id), "Nguyễn Thị Hoa", env=ENGLISH)) == (
        f"Person {hoa_id} is already named Nguyễn Thị Hoa: nothing changed.\n"
    )
