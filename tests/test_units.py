"""A unit renamed and two units merged, at the shell (`chungtay org unit-rename`, `org unit-merge`), on SQLite
and PostgreSQL: the merge moves everything that points at the unit merged away, the leader's digest and the
year's report then count each moved person once, and a refused merge changes nothing (docs/decisions/0133)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import (
    AuditLog,
    AwardForm,
    AwardProposal,
    Base,
    Commitment,
    Contribution,
    Organisation,
    Person,
    Reminder,
    RoleAssignment,
    Unit,
    UnitTally,
)
from bot.domain.units import FOLLOW_THE_UNIT
from bot.messages import BUTTONS
from tests.support.clocks import MovableClock
from tests.support.orgs import Seeded
from tests.test_cli import ENGLISH, Cli, ok
from tests.test_digests import DUE, database_seed, local, org
from tests.test_org_import import write_csv

# the seeded organisation with its gifts, reminders and a unit's registration, and what seeds it
FIXTURES = (database_seed, org)


class Shell:
    """`chungtay …` against the test's database, SQLite or PostgreSQL, for an office whose chats speak English
    (`vietnamese`: one that sets nothing, and so reads Vietnamese)."""

    def __init__(self, tmp_path: Path, url: str, *, vietnamese: bool = False) -> None:
        settings = None if vietnamese else ENGLISH
        self.cli, self.url = Cli(tmp_path, tmp_path / "unused.db", settings=settings), url

    def __call__(self, *args: str):  # type: ignore[no-untyped-def]
        return self.cli(*args, env={"DATABASE_URL": self.url})


async def baocao(app: App, clock: MovableClock, person: Person) -> str:
    clock.at = DUE
    replies = await CollectingChannel(app.engine, BUTTONS).receive(f"p{person.id}", text="/baocao", at=DUE)
    return "\n".join(reply.text for reply in replies)


async def pointing_at(app: App, unit_id: int) -> dict[str, int]:
    """How many rows of each column with a foreign key to a unit point at `unit_id`."""
    async with app.sessionmaker() as session:
        return {
            f"{table.name}.{fk.parent.name}": await session.scalar(
                select(func.count()).select_from(table).where(fk.parent == unit_id)
            )
            or 0
            for table in Base.metadata.tables.values()
            for fk in table.foreign_keys
            if fk.column.table.name == "unit"
        }


def test_every_column_that_points_at_a_unit_follows_a_merge() -> None:
    pointing = {
        f"{table.name}.{fk.parent.name}"
        for table in Base.metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name == "unit"
    }
    followed = {f"{column.class_.__tablename__}.{column.key}" for column in FOLLOW_THE_UNIT}
    # Merged apart: roles without duplicates, the units under it; the kept counts follow by the triggers.
    assert pointing - followed == {
        "role_assignment.unit_id",
        "unit.parent_id",
        "unit_tally.unit_id",
        "unit_registrations.unit_id",
        "unit_givers.unit_id",
    }


async def test_a_merge_moves_everything_and_the_digest_and_report_count_each_person_once(
    any_app: App, any_url: str, org: Seeded, clock: MovableClock, tmp_path: Path
) -> None:
    chungtay = Shell(tmp_path, any_url)
    a, b = org.units["A"], org.units["B"]
    before = await pointing_at(any_app, b.id)
    assert before["person.unit_id"] == 3 and before["contribution.unit_id"] > 0
    async with any_app.sessionmaker() as session:
        money = await session.scalar(
            select(func.sum(Contribution.amount_vnd)).where(Contribution.unit_id.in_((a.id, b.id)))
        )

    look = ok(chungtay("org", "unit-merge", "phong b", "A"))  # a name without accents, a code
    assert 'Merging unit B ("Phòng B") into A ("Phòng A") moves — people: 3;' in look
    assert "Nothing changed yet: add --yes to merge" in look
    leaders = "Phòng A would then have more than one leader: Lãnh đạo A, Lãnh đạo B."  # both said (2016)
    assert leaders in look
    assert await pointing_at(any_app, b.id) == before  # the last look changes nothing

    done = ok(chungtay("org", "unit-merge", "B", "A", "--yes"))
    assert 'Merged unit B ("Phòng B") into A ("Phòng A") and removed B. Moved — people: 3;' in done
    assert "roles: 4" in done  # three memberships and a leader's role
    assert "Phòng A now has more than one leader: Lãnh đạo A, Lãnh đạo B. Each reads" in done
    revoke = f"chungtay people revoke {org.people['Lãnh đạo B'].id} leader --unit A"
    assert revoke in done
    assert set((await pointing_at(any_app, b.id)).values()) == {0}
    async with any_app.sessionmaker() as session:
        assert await session.get(Unit, b.id) is None
        assert (
            await session.scalar(
                select(func.sum(Contribution.amount_vnd)).where(Contribution.unit_id == a.id)
            )
            == money
        )
        assert await session.scalar(select(func.count()).where(Reminder.unit_id == b.id)) == 0
        tally = await session.get(UnitTally, a.id)
        assert (tally.people, tally.households) == (7, 0)
        merged = await session.scalar(select(AuditLog).where(AuditLog.action == "unit.merge"))
        assert merged.entity_id == a.id and merged.details["from_code"] == "B"
        assert merged.details["people"] == 3

    # The leader of A reads seven people, all of whom gave, two of them registered (An of A, Dũng of B), each
    # counted once; B's leader now leads A and reads the same, in English (their language).
    shown = await baocao(any_app, clock, org.people["Lãnh đạo A"])
    assert "Bản tin tuần của Phòng A" in shown
    assert (
        "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): 7/7 người (100%) — đã đăng ký 2, đã ủng hộ 7"
        in shown
    )
    shown = await baocao(any_app, clock, org.people["Lãnh đạo B"])
    assert "Weekly digest for Phòng A" in shown
    assert (
        "Took part in 2026 (registered or gave): 7/7 people (100%), of whom 2 registered and 7 gave" in shown
    )
    commune = Shell(tmp_path, any_url, vietnamese=True)  # an office that sets nothing
    report = ok(
        commune("report", "year", "--year", "2026", "--unit", "A", "--docx", str(tmp_path / "a.docx"))
    )
    assert "Phòng A, năm 2026" in report and "đã đăng ký 2/7 người" in report  # the chats' language
    units = ok(chungtay("org", "units"))
    assert (
        "Phòng B" not in units and "chungtay org unit-merge" in units and "chungtay org unit-rename" in units
    )


async def test_a_merge_that_would_break_one_registration_per_unit_and_year_changes_nothing(
    any_app: App, any_url: str, org: Seeded, clock: MovableClock, tmp_path: Path
) -> None:
    chungtay = Shell(tmp_path, any_url)
    a, b = org.units["A"], org.units["B"]
    async with any_app.sessionmaker() as session, session.begin():  # A registered for 2026 already
        session.add(
            Commitment(
                campaign_id=org.campaign.id,
                year=2026,
                scope="collective",
                owner_key=f"u:{b.id}",
                unit_id=b.id,
                registered_by=org.people["Lãnh đạo B"].id,
                created_at=local(2026, 11, 3),
                updated_at=local(2026, 11, 3),
            )
        )
    before = await pointing_at(any_app, b.id), await pointing_at(any_app, a.id)

    refused = chungtay("org", "unit-merge", "B", "A", "--yes")
    assert refused.returncode == 2
    assert (
        "B cannot be merged into A: both units registered a collective commitment for 2026" in refused.stderr
    )
    assert "nothing changed" in refused.stderr
    assert (await pointing_at(any_app, b.id), await pointing_at(any_app, a.id)) == before
    shown = await baocao(any_app, clock, org.people["Lãnh đạo A"])
    assert (
        "Đã tham gia năm 2026 (đăng ký thi đua hoặc ủng hộ): 4/4 người (100%) — đã đăng ký 1, đã ủng hộ 4"
        in shown
    )
    look = chungtay("org", "unit-merge", "B", "A")  # the last look says it too
    assert look.returncode == 2 and "for 2026" in look.stderr

    same = chungtay("org", "unit-merge", "A", "phòng a", "--yes")
    assert same.returncode == 2 and "A and A are the same unit" in same.stderr
    async with any_app.sessionmaker() as session, session.begin():
        other = Organisation(code="KHAC", name="Trường Khác", created_at=local(2026, 11, 1))
        session.add(other)
        await session.flush()
        session.add(Unit(org_id=other.id, code="C", name="Phòng C"))
    elsewhere = chungtay("org", "unit-merge", "B", "C", "--org", org.org.code, "--yes")
    assert elsewhere.returncode == 2 and "unit C is another organisation's" in elsewhere.stderr
    assert (await pointing_at(any_app, b.id), await pointing_at(any_app, a.id)) == before
    async with any_app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).where(AuditLog.action == "unit.merge")) == 0
    async with any_app.sessionmaker() as session, session.begin():  # both proposed for the school's award
        school = await session.get_one(Organisation, org.org.id)
        school.head_title = "Hiệu trưởng"  # `chungtay org signer --title "Hiệu trưởng"`
        form = await session.scalar(  # the plan's “Giấy khen của Thủ trưởng đơn vị”
            select(AwardForm).where(
                AwardForm.campaign_id == org.campaign.id, AwardForm.code == "giay-khen-thu-truong"
            )
        )
        assert form is not None and form.title == "Giấy khen của Thủ trưởng đơn vị"
        for unit in (a, b):
            session.add(
                AwardProposal(
                    org_id=org.org.id,
                    award_form_id=form.id,
                    year=2026,
                    unit_id=unit.id,
                    summary="Tập thể tốt.",
                    proposed_by=org.people["Lãnh đạo B"].id,
                    proposed_at=local(2026, 11, 3),
                )
            )
    # the award as the school's papers name it
    named = chungtay("org", "unit-merge", "B", "A", "--org", org.org.code, "--yes")
    assert 'both units are proposed for "Giấy khen của Hiệu trưởng" in 2026' in named.stderr
    assert "Thủ trưởng đơn vị" not in named.stderr


async def test_a_renamed_unit_shows_its_new_name_and_a_name_another_unit_has_is_refused(
    any_app: App, any_url: str, org: Seeded, clock: MovableClock, tmp_path: Path
) -> None:
    chungtay = Shell(tmp_path, any_url)
    said = ok(chungtay("org", "unit-rename", "phong b", "  Phòng   Ngữ văn "))
    assert 'Renamed unit B: "Phòng B" → "Phòng Ngữ văn"' in said
    assert "Phòng Ngữ văn" in ok(chungtay("org", "units"))
    assert "Weekly digest for Phòng Ngữ văn" in await baocao(any_app, clock, org.people["Lãnh đạo B"])

    taken = chungtay("org", "unit-rename", "B", "PHONG A")
    assert taken.returncode == 2
    assert (
        'unit A already has the name "Phòng A"' in taken.stderr
        and "chungtay org unit-merge B A" in taken.stderr
    )
    empty = chungtay("org", "unit-rename", "B", "  ")
    assert empty.returncode == 2 and 'e.g. chungtay org unit-rename B "Tổ Ngữ văn"' in empty.stderr
    assert "chưa" not in ok(chungtay("org", "unit-rename", "B", "Phòng Ngữ văn"))  # already: nothing changes
    # Its own name without accents: refused, the accented one kept (a finding from outside: “khoa cong nghe”).
    plain = chungtay("org", "unit-rename", "B", "phong ngu van")
    assert (
        plain.returncode == 2 and '"phong ngu van" is "Phòng Ngữ văn" written without accents' in plain.stderr
    )
    async with any_app.sessionmaker() as session:
        assert await session.scalar(select(Unit.name).where(Unit.id == org.units["B"].id)) == "Phòng Ngữ văn"
        renamed = list(await session.scalars(select(AuditLog).where(AuditLog.action == "unit.rename")))
        assert [(row.details["old"], row.details["new"]) for row in renamed] == [("Phòng B", "Phòng Ngữ văn")]


def test_a_staff_list_written_the_old_way_goes_into_the_unit_merged_into_or_renamed(tmp_path: Path) -> None:
    cli = Cli(tmp_path, tmp_path / "import.db")
    ok(cli("db", "upgrade"))
    ok(cli("org", "create", "--code", "BV", "--name", "Bệnh viện"))
    staff = write_csv(
        tmp_path / "ds.csv",
        ["Đơn vị", "Họ và tên", "Chức vụ", "Số điện thoại", "Vai trò"],
        [
            ["Khoa Nội", "Nguyễn Văn An", "Bác sĩ", "0912345678", ""],
            ["Khoa Noi tong hop", "Trần Thị Bình", "Điều dưỡng", "0912345679", ""],
            ["Tổ Văn", "Lê Văn Cường", "Giáo viên", "0912345670", ""],
        ],
    )
    assert "3 đơn vị mới" in ok(cli("org", "import", str(staff)))
    ok(cli("org", "unit-merge", "Khoa Noi tong hop", "khoa-noi", "--yes"))
    ok(cli("org", "unit-rename", "to-van", "Tổ Ngữ văn"))

    again = ok(cli("org", "import", str(staff)))
    assert "0 đơn vị mới" in again
    units = ok(cli("org", "units"))
    assert "Khoa Noi tong hop" not in units and "Tổ Văn" not in units and "Tổ Ngữ văn" in units
    listed = ok(cli("people", "list"))
    assert "khoa-noi" in next(line for line in listed.splitlines() if "Trần Thị Bình" in line)
    assert "to-van" in next(line for line in listed.splitlines() if "Lê Văn Cường" in line)
    # A unit given a name another unit had: said, as lists written so now go there (a finding from outside).
    said = ok(cli("org", "unit-rename", "to-van", "Khoa Noi tong hop"))
    assert (
        'Lưu ý: danh sách nhân sự ghi "Khoa Noi tong hop" trước đây được nhập vào khoa-noi (tên cũ của '
        "đơn vị đó); từ nay sẽ nhập vào to-van." in said
    )


async def test_roles_held_in_both_units_are_kept_once(
    any_app: App, org: Seeded, tmp_path: Path, any_url: str
) -> None:
    a, b = org.units["A"], org.units["B"]
    leader = org.people["Lãnh đạo A"]
    async with any_app.sessionmaker() as session, session.begin():
        session.add(
            RoleAssignment(
                person_id=leader.id, role="leader", org_id=org.org.id, unit_id=b.id, granted_at=DUE
            )
        )
    ok(Shell(tmp_path, any_url)("org", "unit-merge", "B", "A", "--yes"))
    async with any_app.sessionmaker() as session:
        held = list(
            await session.execute(
                select(RoleAssignment.role, RoleAssignment.unit_id).where(
                    RoleAssignment.person_id == leader.id
                )
            )
        )
    assert sorted(held) == [("leader", a.id), ("member", a.id)]


async def test_a_vietnamese_office_renames_and_merges_units_in_vietnamese_with_what_works(
    any_app: App, any_url: str, org: Seeded, tmp_path: Path
) -> None:
    """The clerk of an office that sets nothing reads `org unit-rename` and `org unit-merge` in Vietnamese, as
    `org units` above them (docs/decisions/1404, 1562), each refusal with what to type."""
    chungtay = Shell(tmp_path, any_url, vietnamese=True)
    said = ok(chungtay("org", "unit-rename", "B", "Phòng Ngữ văn"))
    assert said == (
        'Đã đổi tên đơn vị B: "Phòng B" → "Phòng Ngữ văn". Mã đơn vị giữ nguyên; danh sách nhân sự ghi '
        "tên cũ vẫn được nhập vào đơn vị này.\n"
    )
    taken = chungtay("org", "unit-rename", "B", "phòng a")
    assert taken.returncode == 2 and taken.stderr.endswith(
        'đơn vị A đã có tên "Phòng A". Nếu hai đơn vị là một, hãy gộp: chungtay org unit-merge B A; '
        "không thay đổi gì\n"
    )
    empty = chungtay("org", "unit-rename", "B", "  ")
    assert empty.stderr.endswith(
        'tên mới để trống: hãy ghi tên trong ngoặc kép, ví dụ chungtay org unit-rename B "Tổ Ngữ văn"; không '
        "thay đổi gì\n"
    )

    look = ok(chungtay("org", "unit-merge", "B", "A"))
    assert look.startswith('Gộp đơn vị B ("Phòng Ngữ văn") vào A ("Phòng A") sẽ chuyển — người: 3;')
    assert "rồi xoá B. Chưa thay đổi gì: thêm --yes để gộp, ví dụ chungtay org unit-merge B A --yes\n" in look
    assert look.endswith(  # both heads said in Vietnamese too (2016)
        "Sau khi gộp, Phòng A sẽ có hơn một lãnh đạo: Lãnh đạo A, Lãnh đạo B. Mỗi người đều sẽ nhận bản tin "
        "tuần; muốn giữ một người, hãy bỏ vai trò của người kia sau khi gộp, ví dụ chungtay people revoke "
        f"{org.people['Lãnh đạo B'].id} leader --unit A\n"
    )
    same = chungtay("org", "unit-merge", "A", "phòng a", "--yes")
    assert same.returncode == 2 and same.stderr.endswith(
        "A và A là cùng một đơn vị: không có gì để gộp; hãy ghi mã đơn vị bỏ rồi mã đơn vị giữ (chungtay org "
        "unit-merge MÃ_BỎ MÃ_GIỮ)\n"
    )
    done = ok(chungtay("org", "unit-merge", "B", "A", "--yes"))
    assert done.startswith(
        'Đã gộp đơn vị B ("Phòng Ngữ văn") vào A ("Phòng A") và xoá B. Đã chuyển — người: 3;'
    )
    assert "vai trò: 4" in done
