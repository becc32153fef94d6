"""A commune is known from its first day (docs/decisions/0255): its admin says what it is when creating
it (`chungtay org create --kind commune`) or later (`chungtay org kind commune`), so before any household is
listed or has joined its Front officer opens a drive for “Toàn xã”, its hamlet head's award menu has no
department's Giấy khen and its people read “cán bộ Mặt trận”. A name that reads as a commune's is only
suggested; an office stays an office; a commune told by its households, as every one created before could only
be, still is."""

from __future__ import annotations

from pathlib import Path
from subprocess import CompletedProcess

from sqlalchemy import select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import Organisation, Person
from bot.demo import DEMO_PLAN
from bot.domain.access import Operator
from bot.domain.org_import import import_staff
from bot.domain.plans import install_plan, load_plan
from bot.domain.roles import grant_role
from bot.messages import TEXT_ONLY
from tests.support.clocks import MovableClock
from tests.support.people import Person as Chat
from tests.test_cli import Cli, ok, query
from tests.test_household_walk import HEADER, JANUARY, STAFF, chatting, clock  # noqa: F401  (a fixture)
from tests.test_org_import import write_csv

DIRECTOR = "Giấy khen của Giám đốc Sở"


async def test_a_commune_said_so_reads_as_one_before_its_first_household(
    app: App,
    clock: MovableClock,  # noqa: F811
    tmp_path: Path,
) -> None:
    """UBND xã Sơn Thủy created with `--kind commune`, its plan loaded and its staff list imported: no
    household yet, as on the morning it is set up."""
    async with app.sessionmaker() as session, session.begin():
        org = Organisation(code="xa-son-thuy", name="UBND xã Sơn Thủy", created_at=clock(), kind="commune")
        session.add(org)
        await session.flush()
        await install_plan(session, org, load_plan(DEMO_PLAN), now=clock())
    staff = [row for row in STAFF if not row[-1]]  # the officers and the hamlet head; no household
    report = await import_staff(
        app.sessionmaker, org, write_csv(tmp_path / "xa.csv", HEADER, staff), now=clock()
    )
    assert report.errors == []
    channel = CollectingChannel(app.engine, TEXT_ONLY)
    async with app.sessionmaker() as session, session.begin():
        assert await session.scalar(select(Person.id).where(Person.kind == "household")) is None
        people = await chatting(session, clock)
        # the office makes the Front's officer the whole commune's
        await grant_role(session, Operator(org.id), people["mat"], "officer", None, now=clock())
    mat, nam = (Chat(channel, chat_id, clock) for chat_id in ("mat", "nam"))

    screen = await mat.say("/menu")  # the role's notice, then the menu
    assert "vai trò cán bộ Mặt trận toàn xã" in screen and "công đoàn" not in screen
    await mat.say("/dotvandong")
    await mat.choose("Mở đợt vận động mới")
    for typed in ("Áo ấm cho bà con", "1/11/2026 - 30/11/2026"):
        await mat.say(typed)
    await mat.choose("Tiền")
    await mat.say("50tr")
    for chosen in ("Không, đợt riêng", "Bỏ qua"):
        await mat.choose(chosen)
    assert "cho thôn, ban nào của xã?" in mat.screen and "Toàn xã" in mat.screen
    assert "Toàn cơ quan" not in mat.screen
    await mat.say("/mamoi")  # a hamlet's head is named so by the hamlet's name, before its households
    await mat.choose("Trưởng thôn, lãnh đạo")
    assert "Mã mời làm trưởng thôn, lãnh đạo Thôn 5" in await mat.choose("Thôn 5")

    await nam.say("/dotvandong")  # the hamlet head is no officer: told whose screen it is
    assert "cán bộ Mặt trận" in nam.screen and "công đoàn" not in nam.screen
    await nam.say("/dekhenthuong")
    screen = await nam.choose("Đề nghị khen thưởng")
    assert "Giấy khen của Chủ tịch UBND xã" in screen and DIRECTOR not in screen


def test_a_commune_is_said_by_its_admin_and_a_name_only_suggests_it(db_path: Path, tmp_path: Path) -> None:
    """`org create` and `org kind` say what each organisation reads as and why; a name that reads as a
    commune's is a suggestion, never taken as said; an office said so, or left unsaid, stays an office; a
    commune left unsaid whose list holds a household reads as one, as before."""
    shell = Cli(tmp_path, db_path)  # a freshly migrated, empty database

    def cli(*args: str) -> CompletedProcess[str]:  # an office that set English (decision 1127)
        return shell(*args, env={"DEFAULT_LOCALE": "en"})

    out = ok(cli("org", "create", "--code", "p-tan-phu", "--name", "UBND P. Tân Phú"))
    assert (
        "p-tan-phu reads as an office: “Toàn cơ quan”, union officers, as nothing says what it is yet."
        in out
    )
    assert "Its name reads as a ward's: if it is one, chungtay org kind commune --org p-tan-phu" in out
    assert query(shell.db, "SELECT kind FROM organisation") == [(None,)]
    assert ok(cli("org", "kind", "commune", "--org", "p-tan-phu")) == (
        "p-tan-phu reads as a ward: “Toàn phường”, Fatherland Front officers, no department's Giấy khen "
        "unless [awards] used (said: chungtay org kind).\n"
    )
    assert query(shell.db, "SELECT details FROM audit_log WHERE action = 'org.kind'") == [
        ('{"before": null, "after": "commune"}',)
    ]

    out = ok(cli("org", "create", "--code", "tt-phu-my", "--name", "UBND TT. Phú Mỹ"))  # a township (2836)
    assert "Its name reads as a township's: if it is one, chungtay org kind commune --org tt-phu-my" in out
    out = ok(cli("org", "create", "--code", "thcs", "--name", "Trường THCS xã Tân Phú"))  # a school
    assert "thcs reads as an office" in out and "Its name reads as a commune's" not in out
    out = ok(cli("org", "create", "--code", "xa-moi", "--name", "Xã Mới", "--kind", "commune"))
    assert "xa-moi reads as a commune: “Toàn xã”" in out and "(said: chungtay org kind)" in out

    # A commune created before it could be said, told by the household on its list.
    ok(cli("org", "create", "--code", "xa-cu", "--name", "Xã Cũ"))
    household = write_csv(
        tmp_path / "xa-cu.csv", HEADER, [["Thôn 1", "Hộ ông Trần Văn Ba", "", "", "", "hộ nghèo"]]
    )
    ok(cli("org", "import", str(household), "--org", "xa-cu"))
    assert (
        "xa-cu reads as a commune: “Toàn xã”, Fatherland Front officers, no department's Giấy khen unless "
        "[awards] used, as households belong to it" in ok(cli("org", "kind", "--org", "xa-cu"))
    )
    # An office said so stays one whatever its list holds.
    ok(cli("org", "kind", "office", "--org", "xa-cu"))
    assert "xa-cu reads as an office: “Toàn cơ quan”, union officers (said" in ok(
        cli("org", "kind", "--org", "xa-cu")
    )
