"""Roles granted and taken away from the shell (`chungtay people grant|revoke`): an organisation-wide
treasurer confirms the only other treasurer's own gift; a treasurer whose role is taken away loses it on
their next message, in the menu and in what they type; refusals are one line and exit code 2, and change
nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.db.models import Contribution, OutboxMessage, Person
from bot.domain.access import actor_for
from bot.domain.contributions import LedgerError, decide
from tests import test_cli
from tests.support.clocks import NOW
from tests.support.joins import units_code
from tests.support.profiles import on_text_only
from tests.test_claims import audit_rows, listed, owner_of, roles_of
from tests.test_cli import ORG_CODE, Cli, dump, ok, query, staff_file
from tests.test_flows import join
from tests.test_queue import give

org_template = test_cli.org_template  # the CLI tests' organisation, built once


async def entry(app: App, ref: str) -> Contribution:
    async with app.sessionmaker() as session:
        found = await session.scalar(select(Contribution).where(Contribution.ref == ref))
    assert found is not None, ref
    return found


async def test_an_organisation_wide_treasurer_confirms_the_only_other_treasurers_own_gift(
    app, invites, make_person, tmp_path: Path, db_path: Path
) -> None:
    mai, lan = make_person("mai"), make_person("lan")
    pdt = await units_code(app.sessionmaker, now=NOW)  # the school's only treasurer, of Phòng Đào tạo
    await join(mai, pdt, "Trần Thị Mai")
    await give(mai, "500k")  # her own gift: she may not confirm it
    await lan.say(invites.member)  # a teacher of Khoa Công nghệ claims her record on the staff list
    await lan.say("Nguyễn Thị Lan")
    await lan.say("5674")
    await lan.choose("đồng ý")
    await lan.choose("Tiếng Việt")
    lan_id = await listed(app, "Nguyễn Thị Lan")
    assert (await owner_of(app, "console", "lan")).id == lan_id
    screen = await lan.say("/xacnhan")  # a teacher: told who confirms what, and where her own gifts stand
    assert "Chỉ thủ quỹ" not in screen  # an officer confirms labour days too (decision 0434)
    assert (
        "Các khoản đóng góp do thủ quỹ xác nhận, ngày công do cán bộ công đoàn/vận động của đơn vị người góp "
        "xác nhận" in screen
    )
    assert "/tiendo" in screen
    cli = Cli(tmp_path, db_path)

    out = ok(cli("people", "grant", str(lan_id), "treasurer", "--unit", "kcn"))
    assert out == (
        f"Đã cấp vai trò thủ quỹ (KCN) cho Nguyễn Thị Lan (mã số {lan_id}); "
        "có hiệu lực từ tin nhắn tiếp theo của người đó.\n"
    )
    # A treasurer of her own unit: a queue, but Mai's gift (Phòng Đào tạo) is not hers to confirm.
    assert "Không có khoản nào chờ anh/chị xác nhận" in await lan.say("/xacnhan")

    out = ok(cli("people", "grant", str(lan_id), "treasurer", "--org-wide"))
    assert out.startswith("Đã cấp vai trò thủ quỹ (toàn tổ chức) cho Nguyễn Thị Lan")
    again = ok(cli("people", "grant", str(lan_id), "treasurer", "--org-wide"))
    assert (
        again == f"Nguyễn Thị Lan (mã số {lan_id}) đã có vai trò thủ quỹ (toàn tổ chức): không thay đổi gì.\n"
    )
    listing = next(line for line in ok(cli("people", "list")).splitlines() if "Nguyễn Thị Lan" in line)
    assert listing.endswith("thành viên (KCN), thủ quỹ (toàn tổ chức), thủ quỹ (KCN)")

    await lan.say("/xacnhan")  # her next message: the whole school's queue
    screen = await lan.choose("Quỹ")
    assert "CT-2026-000001" in screen and "500.000\xa0₫ · Trần Thị Mai" in screen
    await lan.choose("CT-2026-000001")
    await lan.choose("Xác nhận các khoản")
    assert "Đã xác nhận: CT-2026-000001" in await lan.choose("Có")
    confirmed = await entry(app, "CT-2026-000001")
    assert (confirmed.status, confirmed.decided_by) == ("confirmed", lan_id)

    grants = [(row.entity_id, row.actor_id, row.details) for row in await audit_rows(app, "role.grant")]
    kcn = query(db_path, "SELECT id FROM unit WHERE code = 'KCN'")[0][0]
    assert grants == [
        (lan_id, None, {"role": "treasurer", "unit_id": kcn}),
        (lan_id, None, {"role": "treasurer", "unit_id": None}),
    ]  # granting what she held already wrote nothing


@on_text_only
async def test_a_treasurer_whose_role_is_revoked_loses_the_menu_entry_and_every_way_to_confirm(
    app, hoa, invites, make_person, tmp_path: Path, db_path: Path
) -> None:
    mai = make_person("mai")
    await give(hoa, "200k")
    await join(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    assert "Khoản chờ xác nhận" in mai.screen and "Tra cứu đóng góp" in mai.screen
    mai_id = (await owner_of(app, "console", "mai")).id
    cli = Cli(tmp_path, db_path)

    out = ok(cli("people", "revoke", str(mai_id), "treasurer", "--unit", "PDT"))
    assert out.startswith(f"Đã thu hồi vai trò thủ quỹ (PDT) của Trần Thị Mai (mã số {mai_id})")
    assert await roles_of(app, mai_id) == {"member"}

    screen = await mai.say("/menu")  # her next message
    assert "Khoản chờ xác nhận" not in screen and "Tra cứu đóng góp" not in screen
    assert "ngày công do cán bộ công đoàn/vận động của đơn vị người góp xác nhận" in await mai.say("/xacnhan")
    await mai.say("/tracuu")
    screen = await mai.say("CT-2026-000001")  # someone else's code: no amount, nothing to press
    assert "CT-2026-000001: không tìm thấy" in screen
    assert "200.000" not in screen and "Xác nhận" not in [c.label for r in mai.last for c in r.choices]

    async with app.sessionmaker() as session, session.begin():  # the ledger refuses on its own
        gift = await session.scalar(select(Contribution).where(Contribution.ref == "CT-2026-000001"))
        assert gift is not None
        actor = await actor_for(session, await session.get(Person, mai_id))
        with pytest.raises(LedgerError, match="not_allowed"):
            await decide(session, gift, confirmed=True, actor=actor, now=NOW)
    refused = cli("contributions", "confirm", "CT-2026-000001", "--as", str(mai_id))
    assert refused.returncode == 2
    assert (await entry(app, "CT-2026-000001")).status == "recorded"

    out = ok(cli("people", "revoke", str(mai_id), "treasurer", "--unit", "PDT"))
    assert out == (
        f"Trần Thị Mai (mã số {mai_id}) không có vai trò thủ quỹ (PDT): không thay đổi gì. "
        "Vai trò hiện có: thành viên (PDT).\n"
    )
    [revoked] = await audit_rows(app, "role.revoke")
    assert (revoked.entity_id, revoked.details["role"]) == (mai_id, "treasurer")


@pytest.fixture
def two_orgs(tmp_path: Path, org_template: Path) -> Cli:
    """TRUONG (from the CLI tests' template) and a second organisation, SYT, with a staff list of its own."""
    db = tmp_path / "org.db"
    shutil.copy(org_template, db)
    cli = Cli(tmp_path, db)
    ok(cli("org", "create", "--code", "SYT", "--name", "Sở Y tế"))
    staff = staff_file(tmp_path, "Văn phòng Sở,Đinh Thị Sen,,0913000001,quản trị", name="syt.csv")
    ok(cli("org", "import", str(staff), "--org", "SYT"))
    return cli


def person_id(cli: Cli, name: str) -> int:
    [(found,)] = query(cli.db, f"SELECT id FROM person WHERE full_name = '{name}'")
    return int(str(found))


def test_refusals_are_one_line_with_exit_code_2_and_change_nothing(two_orgs: Cli) -> None:
    cli = two_orgs
    an, binh, sen = (person_id(cli, n) for n in ("Nguyễn Văn An", "Trần Thị Bình", "Đinh Thị Sen"))
    before = query(cli.db, "SELECT * FROM role_assignment ORDER BY id")
    truong = ("--org", ORG_CODE)
    for argv, says in (
        (
            ("grant", str(sen), "leader", "--org-wide", *truong),
            f"người mã số {sen} không thuộc tổ chức TRUONG",
        ),
        (
            ("grant", str(an), "leader", "--unit", "khoa-ngoai", *truong),
            'Không có đơn vị nào có mã hoặc tên "khoa-ngoai"',
        ),
        (("revoke", str(an), "member", "--unit", "nope", *truong), "Mã của một số đơn vị: khoa-noi"),
        (("grant", str(an), "admin", "--unit", "khoa-noi", *truong), "quản trị là của toàn tổ chức"),
        (("grant", str(an), "member", "--org-wide", *truong), "thành viên thuộc một đơn vị"),
        (("grant", "99999", "leader", "--org-wide", *truong), "không có người mã số 99999"),
        # A treasurer may not make anyone anything; someone of SYT acts on nobody of TRUONG.
        (
            ("grant", str(an), "leader", "--org-wide", "--as", str(binh), *truong),
            "không được cấp hay thu hồi",
        ),
        (
            ("grant", str(an), "leader", "--org-wide", "--as", str(sen), *truong),
            f"không có người mã số {sen} trong tổ chức TRUONG",
        ),
        (
            ("revoke", str(sen), "admin", "--org-wide", "--org", "SYT"),
            "quản trị toàn tổ chức cuối cùng của SYT",
        ),
    ):
        result = cli("people", *argv)
        assert result.returncode == 2 and result.stdout == "", (argv, result.stdout, result.stderr)
        assert result.stderr.startswith("chungtay: ") and says in result.stderr, (argv, result.stderr)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    unscoped = cli("people", "grant", str(an), "leader", *truong)
    assert unscoped.returncode == 2 and "cần một trong các tham số --unit --org-wide" in unscoped.stderr
    assert query(cli.db, "SELECT * FROM role_assignment ORDER BY id") == before
    assert query(cli.db, "SELECT count(*) FROM audit_log WHERE action LIKE 'role.%'") == [(0,)]


def test_a_role_is_granted_by_the_persons_full_name_and_the_lists_role_words_and_namesakes_are_listed(
    two_orgs: Cli,
) -> None:
    cli = two_orgs
    truong = ("--org", ORG_CODE)
    binh = person_id(cli, "Trần Thị Bình")

    # Pasted from a Zalo message: a zero-width space, a direction mark and a double space in it (0603).
    out = ok(cli("people", "grant", "Trần\u200b Thị  Bình\u200e", "thủ quỹ", "--org-wide", *truong))

    assert out.startswith(f"Đã cấp vai trò thủ quỹ (toàn tổ chức) cho Trần Thị Bình (mã số {binh});")
    out = ok(
        cli("people", "revoke", "tran thi binh", "Thủ quỹ", "--org-wide", *truong)
    )  # as typed in a hurry
    assert out.startswith(f"Đã thu hồi vai trò thủ quỹ (toàn tổ chức) của Trần Thị Bình (mã số {binh});")
    namesake = staff_file(cli.cwd, "Khoa Nội,Nguyễn Văn An,Bác sĩ,0912000111,", name="an.csv")
    ok(cli("org", "import", str(namesake), *truong))
    an, an_noi = (
        found
        for (found,) in query(cli.db, "SELECT id FROM person WHERE full_name = 'Nguyễn Văn An' ORDER BY id")
    )
    before = query(cli.db, "SELECT * FROM role_assignment ORDER BY id")
    for argv, says in (
        (
            ("Nguyễn Văn An", "cán bộ công đoàn", "--unit", "Khoa Nội"),
            f"có 2 người tên “Nguyễn Văn An”: mã số {an} (Phòng Đào tạo, Giáo viên), mã số {an_noi} (Khoa "
            f"Nội, Bác sĩ); hãy ghi mã số thay cho tên, ví dụ: chungtay people grant {an} officer --unit "
            "'Khoa Nội' --org TRUONG; không thay đổi gì\n",
        ),
        (
            ("Vũ Thị Hoa", "officer", "--org-wide"),
            "không có ai tên “Vũ Thị Hoa” trong tổ chức TRUONG; xem tên và mã số: chungtay people list --org "
            "TRUONG; không thay đổi gì\n",
        ),
        (
            ("Bình", "lãnh đạo", "--org-wide"),  # a name's word only: named, never granted
            f"không có ai tên “Bình” trong tổ chức TRUONG; có thể là: Trần Thị Bình (mã số {binh}); xem tên "
            "và mã số: chungtay people list --org TRUONG; không thay đổi gì\n",
        ),
        (
            (str(an), "kế toán", "--org-wide"),
            "không rõ vai trò “kế toán”: ghi member, treasurer, officer, leader hoặc admin, hoặc như cột Vai "
            "trò của danh sách: “thành viên”, “thủ quỹ”, “cán bộ công đoàn” (hay “cán bộ Mặt trận”), “lãnh "
            "đạo”, “quản trị”; không thay đổi gì\n",
        ),
    ):
        refused = cli("people", "grant", *argv, *truong)
        assert (refused.returncode, refused.stdout, refused.stderr) == (2, "", f"chungtay: {says}"), argv
    assert query(cli.db, "SELECT * FROM role_assignment ORDER BY id") == before
    granted = ok(cli("people", "grant", str(an_noi), "cán bộ công đoàn", "--unit", "Khoa Nội", *truong))
    assert granted.startswith(
        f"Đã cấp vai trò cán bộ công đoàn (khoa-noi) cho Nguyễn Văn An (mã số {an_noi});"
    )


def test_a_leaving_its_taking_back_a_new_name_and_a_merge_name_the_person_as_a_grant_does(
    two_orgs: Cli,
) -> None:
    """`people leave|back|rename|merge` take the full name `grant` takes (one person: that person; several:
    their ids, to give; none: said, with `people list`); two namesakes are merged only by their ids."""
    cli = two_orgs
    truong = ("--org", ORG_CODE)
    binh = person_id(cli, "Trần Thị Bình")

    left = ok(cli("people", "leave", "tran thi binh", "--on", "31/08/2026", *truong))
    assert left.startswith(
        f"Đã ghi Trần Thị Bình (mã số {binh}) làm việc đến hết ngày 30/08/2026, nghỉ từ 31/08/2026"
    )
    back = ok(cli("people", "back", "Trần Thị Bình", *truong))
    assert back.startswith("Đã bỏ ghi nghỉ (31/08/2026) của Trần Thị Bình")
    renamed = ok(cli("people", "rename", "Trần Thị Bình", "Phạm Thị Bình", *truong))
    assert renamed.startswith(f"Đã đổi tên người mã số {binh}: Trần Thị Bình → Phạm Thị Bình.")
    look = ok(cli("people", "merge", "Lê Văn Cường", "phạm thị bình", *truong))  # the last look only
    assert look.startswith(f"Gộp hồ sơ mã số {person_id(cli, 'Lê Văn Cường')} vào mã số {binh}:")

    namesake = staff_file(cli.cwd, "Khoa Nội,Nguyễn Văn An,Bác sĩ,0912000111,", name="an.csv")
    ok(cli("org", "import", str(namesake), *truong))
    an, an_noi = (
        found
        for (found,) in query(cli.db, "SELECT id FROM person WHERE full_name = 'Nguyễn Văn An' ORDER BY id")
    )
    before = query(cli.db, "SELECT id, full_name, left_on FROM person ORDER BY id")
    two = (
        f"có 2 người tên “Nguyễn Văn An”: mã số {an} (Phòng Đào tạo, Giáo viên), mã số {an_noi} (Khoa Nội, "
        "Bác sĩ)"
    )
    for argv, says in (
        (
            ("merge", "Nguyễn Văn An", "nguyen van an", "--yes"),
            f"{two}; hãy ghi mã số thay cho tên, ví dụ: chungtay people merge {an} {an_noi} --yes --org "
            "TRUONG; không thay đổi gì\n",
        ),
        (
            ("leave", "Nguyễn Văn An", "--on", "hôm qua"),
            f"{two}; hãy ghi mã số thay cho tên, ví dụ: chungtay people leave {an} --on 'hôm qua' --org "
            "TRUONG; không thay đổi gì\n",
        ),
        (
            ("rename", "Vũ Thị Hoa", "Vũ Thị Hoà"),
            "không có ai tên “Vũ Thị Hoa” trong tổ chức TRUONG; xem tên và mã số: chungtay people list --org "
            "TRUONG; không thay đổi gì\n",
        ),
    ):
        refused = cli("people", *argv, *truong)
        assert (refused.returncode, refused.stdout, refused.stderr) == (2, "", f"chungtay: {says}"), argv
    assert query(cli.db, "SELECT id, full_name, left_on FROM person ORDER BY id") == before


def test_where_two_organisations_share_the_database_every_command_printed_to_copy_names_its_own(
    two_orgs: Cli,
) -> None:
    """The import's hints, the units' and a refusal's: each command carries `--org CODE`, as without it the
    copied command stops at “several organisations; choose one with --org”."""
    cli = two_orgs
    truong = ("--org", ORG_CODE)
    heads = staff_file(cli.cwd, "Ban Giám hiệu,Hồ Văn Hải,Hiệu trưởng,0912000222,", name="bgh.csv")
    out = ok(cli("org", "import", str(heads), *truong))
    hai = person_id(cli, "Hồ Văn Hải")
    assert (
        "chungtay people grant MÃ_SỐ leader --org-wide --org TRUONG (mã số: chungtay people list --org "
        "TRUONG)." in out
    )
    assert (
        f"nếu là người đứng đầu cả tổ chức: chungtay people grant {hai} leader --org-wide --org TRUONG" in out
    )
    assert "nếu họ đã nghỉ: chungtay people leave MÃ_SỐ [--on NGÀY/THÁNG/NĂM] --org TRUONG\n" in out
    households = cli.cwd / "ho.csv"  # Nguyễn Văn An's phone on a household's row: said, row not imported
    households.write_text("STT,Họ tên chủ hộ,Thôn,Số điện thoại\n1,Trần Văn Ba,Thôn 3,0912345678\n", "utf-8")
    out = cli("org", "import", str(households), *truong).stdout
    assert "hãy cho biết tổ chức là xã: chungtay org kind commune --org TRUONG, rồi nhập lại tệp này" in out
    an = person_id(cli, "Nguyễn Văn An")
    assert f'nếu là cùng người đổi tên: chungtay people rename {an} "Trần Văn Ba" --org TRUONG. Rồi' in out
    assert "chungtay org unit-merge MÃ_BỎ MÃ_GIỮ --org TRUONG." in ok(cli("org", "units", *truong))
    refused = cli("people", "rename", str(hai), " ", *truong)
    assert f'ví dụ chungtay people rename {hai} "Nguyễn Thị Hoa" --org TRUONG; không thay' in refused.stderr


def test_an_organisation_wide_admin_grants_in_a_unit_and_a_second_admin_lets_the_first_go(
    two_orgs: Cli,
) -> None:
    cli = two_orgs
    sen = person_id(cli, "Đinh Thị Sen")
    ok(
        cli(
            "org",
            "import",
            str(staff_file(cli.cwd, "Văn phòng Sở,Võ Văn Tâm,,0913000002,", name="b.csv")),
            "--org",
            "SYT",
        )
    )
    tam = person_id(cli, "Võ Văn Tâm")
    syt = ("--org", "SYT")
    out = ok(cli("people", "grant", str(tam), "admin", "--org-wide", "--as", str(sen), *syt))
    assert out.startswith("Đã cấp vai trò quản trị (toàn tổ chức) cho Võ Văn Tâm")
    out = ok(cli("people", "revoke", str(sen), "admin", "--org-wide", "--as", str(tam), *syt))
    assert out.startswith("Đã thu hồi vai trò quản trị (toàn tổ chức) của Đinh Thị Sen")
    rows = query(
        cli.db, "SELECT action, actor_id, entity_id, details FROM audit_log WHERE action LIKE 'role.%'"
    )
    assert [(a, actor, whom, json.loads(str(d))) for a, actor, whom, d in rows] == [
        ("role.grant", sen, tam, {"role": "admin", "unit_id": None}),
        ("role.revoke", tam, sen, {"role": "admin", "unit_id": None}),
    ]
    assert query(
        cli.db, f"SELECT granted_by FROM role_assignment WHERE person_id = {tam} AND role = 'admin'"
    ) == [(sen,)]


async def test_a_treasurer_who_loses_the_role_is_not_told_of_a_queue_no_longer_theirs(
    app, invites, make_person, tmp_path: Path, db_path: Path
) -> None:
    hoa, mai = make_person("hoa"), make_person("mai")
    await join(mai, await units_code(app.sessionmaker, now=NOW), "Trần Thị Mai")
    await join(hoa, invites.member)
    await give(hoa, "200k")  # Mai is to be told at the hour that one contribution waits for her
    mai_id = (await owner_of(app, "console", "mai")).id

    async def waiting_notices() -> list[str]:
        async with app.sessionmaker() as session:
            rows = await session.scalars(
                select(OutboxMessage.status).where(OutboxMessage.key.like(f"notice:waiting:{mai_id}:%"))
            )
            return list(rows)

    assert await waiting_notices() == ["pending"]
    ok(Cli(tmp_path, db_path)("people", "revoke", str(mai_id), "treasurer", "--unit", "PDT"))
    assert await waiting_notices() == ["cancelled"]


async def test_a_household_is_granted_no_role_but_member(app, invites, tmp_path: Path, db_path: Path) -> None:
    async with app.sessionmaker() as session, session.begin():
        treasurer = await session.scalar(select(Person).where(Person.kind == "staff").limit(1))
        assert treasurer is not None
        household = Person(
            org_id=treasurer.org_id,
            unit_id=treasurer.unit_id,
            full_name="Hộ ông Đinh Văn Mười",
            name_key="ho ong dinh van muoi",
            kind="household",
            created_at=NOW,
        )
        session.add(household)
    cli = Cli(tmp_path, db_path)
    for role in ("treasurer", "officer", "leader"):
        refused = cli("people", "grant", str(household.id), role, "--unit", "PDT")
        assert refused.returncode == 2 and "hộ gia đình chỉ là thành viên" in refused.stderr
        # how a household's head takes the role: a code of it, a record of his own (0638)
        assert f"chungtay invite create --unit PDT --role {role}" in refused.stderr
    assert await roles_of(app, household.id) == set()
    assert cli("org", "kind", "commune").returncode == 0  # its officers are the Front's (decision 0655)
    granted = cli("people", "grant", str(treasurer.id), "officer", "--unit", "PDT")
    assert granted.returncode == 0
    assert granted.stdout.startswith(f"Đã cấp vai trò cán bộ Mặt trận (PDT) cho {treasurer.full_name}")


def test_the_queues_page_and_drive_mistyped_are_refused_with_what_to_type(two_orgs: Cli) -> None:
    """`--page ba` was refused in argparse's words with Python's type in them (“giá trị 'ba' không hợp lệ
    (int)”), and a drive's code that is none of the organisation's with “chungtay drive list”, which stops
    at “several organisations” where SYT shares the database: both now say what to type (1737, 1738)."""
    cli = two_orgs
    binh = str(person_id(cli, "Trần Thị Bình"))  # TRUONG's treasurer
    before = dump(cli.db)

    page = cli("contributions", "pending", "--page", "ba", "--as", binh)
    drive = cli("contributions", "pending", "--drive", "tet-2027", "--as", binh)
    english = cli("contributions", "pending", "--page", "ba", "--as", binh, env={"DEFAULT_LOCALE": "en"})

    assert (page.returncode, drive.returncode, english.returncode) == (2, 2, 2)
    assert page.stderr == (
        "chungtay contributions pending: lỗi: tham số --page: 'ba' không phải số nguyên: hãy viết bằng chữ "
        "số, ví dụ 2 (xem: chungtay contributions pending --help)\n"
    )
    assert drive.stderr == (
        "chungtay: không có đợt vận động mã 'tet-2027' trong tổ chức: xem mã các đợt bằng chungtay drive "
        f"list --org {ORG_CODE}\n"
    )
    assert english.stderr == (
        "chungtay contributions pending: error: argument --page: 'ba' is not a whole number: write it in "
        "figures, e.g. 2 (see: chungtay contributions pending --help)\n"
    )
    assert dump(cli.db) == before


def test_as_takes_a_full_name_namesakes_are_listed_and_a_copied_hint_names_its_organisation(
    two_orgs: Cli,
) -> None:
    """`--as PERSON` takes the full name the PERSON of `people …` takes, in every command that has it: one
    person of that name acts; namesakes are listed with their ids and the command to give; where several
    organisations share the database, the ledger commands' hints (which take no `--org`) say to choose one."""
    cli = two_orgs
    truong = ("--org", ORG_CODE)
    binh, sen = person_id(cli, "Trần Thị Bình"), person_id(cli, "Đinh Thị Sen")

    assert (
        ok(cli("contributions", "pending", "--as", "tran thi binh"))
        == "Không có khoản nào chờ anh/chị xác nhận.\n"
    )
    refused = cli(
        "people", "grant", "Lê Văn Cường", "officer", "--unit", "Khoa Nội", "--as", "Trần Thị Bình", *truong
    )
    assert f"người mã số {binh} không được cấp hay thu hồi vai trò này" in refused.stderr  # Bình, a treasurer
    # A namesake of Bình's in SYT: the queue, which takes no --org, lists both with their organisations.
    ok(
        cli(
            "org",
            "import",
            str(staff_file(cli.cwd, "Văn phòng Sở,Trần Thị Bình,,,", name="b.csv")),
            "--org",
            "SYT",
        )
    )
    binh_syt = max(
        found for (found,) in query(cli.db, "SELECT id FROM person WHERE full_name = 'Trần Thị Bình'")
    )
    before = query(cli.db, "SELECT * FROM role_assignment ORDER BY id")
    for argv, says in (
        (
            ("contributions", "pending", "--as", "Trần Thị Bình"),
            f"có 2 người tên “Trần Thị Bình”: mã số {binh} ({ORG_CODE}, Phòng Đào tạo, Kế toán), mã số "
            f"{binh_syt} (SYT, Văn phòng Sở); hãy ghi mã số thay cho tên, ví dụ: chungtay contributions "
            f"pending --as {binh}; không thay đổi gì",
        ),
        (
            ("contributions", "handover", "--of", "Trần Thị Bình", "--xlsx", "x.xlsx"),
            f"có 2 người tên “Trần Thị Bình”: mã số {binh} ({ORG_CODE}, Phòng Đào tạo, Kế toán), mã số "
            f"{binh_syt} (SYT, Văn phòng Sở); hãy ghi mã số thay cho tên, ví dụ: chungtay contributions "
            f"handover --of {binh} --xlsx x.xlsx; không thay đổi gì",
        ),
        (
            ("contributions", "pending", "--as", "Vũ Thị Hoa"),
            "không có ai tên “Vũ Thị Hoa”; xem tên và mã số: chungtay people list --org MÃ (các tổ chức: "
            "SYT, TRUONG); không thay đổi gì",
        ),
        (
            ("contributions", "pending", "--as", "99999"),
            "không có người mã số 99999 (xem: chungtay people list --org MÃ (các tổ chức: SYT, TRUONG))",
        ),
        (
            ("ledger", "export", "--year", "2026", "--output", "x.xlsx", "--as", str(sen), *truong),
            f"không có người mã số {sen} trong tổ chức này (xem: chungtay people list --org TRUONG)",
        ),
        (
            ("people", "grant", "Nguyễn Văn An", "leader", "--org-wide", "--as", "Binh", *truong),
            f"không có ai tên “Binh” trong tổ chức TRUONG; có thể là: Trần Thị Bình (mã số {binh}); xem tên "
            "và mã số: chungtay people list --org TRUONG; không thay đổi gì",
        ),
    ):
        refused = cli(*argv)
        assert (refused.returncode, refused.stdout, refused.stderr) == (2, "", f"chungtay: {says}\n"), argv
    # An office whose chats speak English reads them in English (decision 1660).
    english = cli("contributions", "pending", "--as", "Vũ Thị Hoa", env={"DEFAULT_LOCALE": "en"})
    assert english.stderr == (
        "chungtay: nobody is named “Vũ Thị Hoa”; names and ids: chungtay people list --org CODE "
        "(organisations: SYT, TRUONG); nothing was changed\n"
    )
    assert query(cli.db, "SELECT * FROM role_assignment ORDER BY id") == before
    assert '"cán bộ Mặt trận"' in cli("people", "grant", "--help").stdout  # read by the import as by grant
