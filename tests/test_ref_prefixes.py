"""Each organisation's reference codes run without gaps (docs/decisions/0140): a school and a commune in one
database record gifts in turn, and each one's ledger lists its codes 1, 2, 3 (on SQLite and PostgreSQL), under
its own prefix; the commune's bank statement matches the commune's codes; a code of one organisation is not
found by the other's treasurer nor on its public page, while "2026-1" typed alone is one's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.db.models import Organisation, Person, Unit
from bot.domain.access import Operator, actor_for
from bot.domain.bank_statement import read_statement, statement_prefixes
from bot.domain.contributions import NewContribution, decide, record_contribution
from bot.domain.ledger_book import LedgerScope, ledger_book
from bot.domain.public_page import confirmed_in, fund_gifts
from bot.domain.reconcile import reconcile
from tests.support.clocks import NOW
from tests.support.orgs import person_on
from tests.support.people import Person as Chat
from tests.support.profiles import on_buttons, on_text_only
from tests.test_reconcile import Row, write_csv


@dataclass
class Org:
    id: int
    prefix: str
    treasurer: int
    member: int


async def _organisation(session: AsyncSession, code: str, name: str, chat: str) -> Org:
    """An organisation with one unit, a treasurer of it all (chat `chat`) and a member."""
    org = Organisation(code=code, name=name, created_at=NOW)
    session.add(org)
    await session.flush()
    unit = Unit(org_id=org.id, code="T1", name="Tổ 1")
    session.add(unit)
    await session.flush()
    treasurer = await person_on(
        session, "console", chat, "Trần Thị Thu", org_id=org.id, unit_id=unit.id,
        roles=[("member", unit.id), ("treasurer", None)], now=NOW,
    )  # fmt: skip
    member = await person_on(
        session, "console", f"{chat}-an", "Nguyễn Văn An", org_id=org.id, unit_id=unit.id,
        roles=[("member", unit.id)], now=NOW,
    )  # fmt: skip
    return Org(org.id, org.ref_prefix, treasurer.id, member.id)


async def _school_and_commune_giving_in_turn(app: App) -> tuple[Org, Org]:
    """The school first, then the commune; six gifts of money, one of each in turn, each confirmed."""
    async with app.sessionmaker() as session, session.begin():
        school = await _organisation(session, "truong-tt", "Trường Tiểu học Thạch Hạ", "thu-truong")
        commune = await _organisation(session, "xa-thach-ha", "UBND xã Thạch Hạ", "thu-xa")
        for n in range(6):
            org = (school, commune)[n % 2]
            giver = await session.get_one(Person, org.member)
            gift = await record_contribution(
                session,
                person=giver,
                recorded_by=giver,
                entry=NewContribution("money", 100_000 * (n + 1)),
                now=NOW,
            )
            treasurer = await actor_for(session, await session.get_one(Person, org.treasurer))
            await decide(session, gift, confirmed=True, actor=treasurer, now=NOW)
    return school, commune


async def _ledger_codes(app: App, org: Org) -> list[str]:
    async with app.sessionmaker() as session, session.begin():
        book = await ledger_book(session, Operator(org.id), LedgerScope.whole_year(2026), now=NOW)
    return [row.ref for row in book.rows]


async def test_two_organisations_giving_in_turn_each_list_their_codes_without_gaps(any_app: App) -> None:
    school, commune = await _school_and_commune_giving_in_turn(any_app)

    assert (school.prefix, commune.prefix) == ("CT", "XATHAC")  # the first keeps CT; the next, its code's
    assert await _ledger_codes(any_app, school) == ["CT-2026-000001", "CT-2026-000002", "CT-2026-000003"]
    assert await _ledger_codes(any_app, commune) == [
        "XATHAC-2026-000001",
        "XATHAC-2026-000002",
        "XATHAC-2026-000003",
    ]


async def test_the_communes_bank_statement_matches_the_communes_codes(app: App, tmp_path: Path) -> None:
    _school, commune = await _school_and_commune_giving_in_turn(app)
    path = write_csv(
        tmp_path / "sao-ke.csv",
        [
            Row(date(2026, 11, 22), None, 200_000, "MBVCB.123.XATHAC2026000001.UNG HO"),
            Row(date(2026, 11, 22), None, 400_000, "xathac 2026 2 ung ho quy"),
            Row(date(2026, 11, 22), None, 600_000, "IBFT XATHAC-2026-000003"),
        ],
    )
    async with app.sessionmaker() as session, session.begin():
        prefixes = statement_prefixes(await session.get_one(Organisation, commune.id))
        treasurer = await actor_for(session, await session.get_one(Person, commune.treasurer))
        result = await reconcile(session, treasurer, read_statement(path, prefixes=prefixes))
    codes = [found.ref for found in result.decided]  # confirmed already: set beside their credits
    assert sorted(codes) == ["XATHAC-2026-000001", "XATHAC-2026-000002", "XATHAC-2026-000003"]
    assert [found.received for found in sorted(result.decided, key=lambda f: f.ref)] == [
        200_000,
        400_000,
        600_000,
    ]
    assert result.no_code == [] and result.not_theirs == 0


@on_text_only
async def test_a_code_of_one_organisation_is_not_found_by_the_others_treasurer_or_page(
    app: App, make_person
) -> None:  # type: ignore[no-untyped-def]
    school, commune = await _school_and_commune_giving_in_turn(app)
    thu = make_person("thu-xa")

    screen = await thu.say("/tracuu CT-2026-000001")  # the school's first gift
    assert "CT-2026-000001: không tìm thấy" in screen and "100.000" not in screen
    # The examples she reads are codes of her own organisation's letters, which she can type as shown.
    assert "ví dụ: XATHAC-2026-000123" in screen and "ví dụ: CT-" not in screen
    screen = await thu.say("/tracuu 2026-1")  # the commune's own first, typed without its prefix
    assert "XATHAC-2026-000001" in screen and "200.000" in screen

    async with app.sessionmaker() as session:
        on_the_communes_page = await confirmed_in(
            session, "CT-2026-000001", commune.prefix, *fund_gifts(commune.id, 2026)
        )
        on_the_schools_page = await confirmed_in(
            session, "2026 1", school.prefix, *fund_gifts(school.id, 2026)
        )
    assert (on_the_communes_page.ref, on_the_communes_page.state) == ("CT-2026-000001", "none")
    assert (on_the_schools_page.ref, on_the_schools_page.state) == ("CT-2026-000001", "confirmed")


@on_buttons
async def test_a_code_under_an_organisations_own_letters_is_read_as_a_code_at_the_question(
    app: App, make_person
) -> None:  # type: ignore[no-untyped-def]
    """The commune's treasurer types her codes' letters with a short year, or the school's: both are codes
    to check, as “CT 26 1” always was, not text the step was not waiting for. Her letters with the number
    alone are this year's code of that number, her own commune's first gift (decision 1802)."""
    await _school_and_commune_giving_in_turn(app)
    thu = make_person("thu-xa")
    for typed in ("XATHAC 26 1", "CT 26 1"):
        await thu.say("/tracuu")
        screen = await thu.say(typed)
        assert "Không tìm thấy. Anh/chị kiểm tra lại mã, ví dụ: XATHAC-2026-000123" in screen, typed
        assert "đang chờ mã tham chiếu" not in screen, typed
    await thu.say("/tracuu")
    screen = await thu.say("xathac-1")
    assert "XATHAC-2026-000001" in screen and "200.000" in screen and "Không tìm thấy" not in screen
    thu_school = make_person("thu-truong")
    await thu_school.say("/tracuu")
    screen = await thu_school.say("xathac 26 1")  # the other organisation's letters: a code too
    assert "Không tìm thấy" in screen and "đang chờ mã tham chiếu" not in screen
    await thu.say("/tracuu")
    screen = await thu.say("xathac 2026 1")  # whole, it is still found
    assert "XATHAC-2026-000001" in screen and "200.000" in screen


async def _binh_in_ans_unit(session: AsyncSession, commune: Org, an: Person) -> None:
    """Lê Văn Bình (chat “binh-xa”), a member of An's unit of the commune."""
    await person_on(
        session, "console", "binh-xa", "Lê Văn Bình", org_id=commune.id, unit_id=an.unit_id,
        roles=[("member", an.unit_id)], now=NOW,
    )  # fmt: skip


async def _typed_whole_then_short_at_the_menu(reader: Chat, whole: str, short: str) -> tuple[str, str]:
    """What the reader is answered at the main menu for a code typed whole, then for it typed short."""
    await reader.say("/menu")
    answered_whole = await reader.say(whole)
    await reader.say("/menu")
    return answered_whole, await reader.say(short)


@on_text_only
async def test_an_organisations_own_letters_without_the_year_open_the_look_up_at_the_main_menu(
    app: App, make_person
) -> None:  # type: ignore[no-untyped-def]
    """At the main menu only “CT” was read without the year (decision 1802's Left): the commune's treasurer
    and its giver An typed “xathac1” and read the menu again. Now the reader's own organisation's letters are
    read there too (decision 1871): An's own gift opens; Bình, of the commune too, reads of An's exactly what
    the code typed whole tells him; at the school the commune's letters stay the menu's words."""
    school, commune = await _school_and_commune_giving_in_turn(app)
    async with app.sessionmaker() as session, session.begin():
        an = await session.get_one(Person, commune.member)
        await _binh_in_ans_unit(session, commune, an)
    thu, an_chat, binh = make_person("thu-xa"), make_person("thu-xa-an"), make_person("binh-xa")

    for reader, typed in ((thu, "xathac1"), (an_chat, "XATHAC-000001"), (an_chat, "Xathac 1")):
        await reader.say("/menu")
        screen = await reader.say(typed)
        assert "XATHAC-2026-000001" in screen and "200.000" in screen, (typed, screen)
        assert "chọn một mục" not in screen, typed

    whole, short = await _typed_whole_then_short_at_the_menu(binh, "XATHAC-2026-000001", "xathac1")
    assert short == whole and "200.000" not in short and "Nguyễn Văn An" not in short

    await make_person("thu-truong").say("/menu")
    screen = await make_person("thu-truong").say("xathac1")  # another's letters: the menu's, as ever
    assert "XATHAC-2026-000001" not in screen and "Không tìm thấy" not in screen
    assert school.prefix == "CT"


@on_buttons
async def test_a_short_code_of_an_invite_codes_shape_opens_the_gift_at_the_main_menu(
    app: App, make_person
) -> None:  # type: ignore[no-untyped-def]
    """“xathac23” is eight letters and figures of the invite codes' alphabet: at the main menu it was read as
    an invite code, none had it, and An read “please choose” and the menu where “xathac 23” opened his gift
    (decision 1871's short code). Now a code of the reader's own letters that no invite has is looked up as
    any short code: An's opens; Bình, of the commune too, reads of it what the code typed whole tells him;
    at the school the commune's letters are no code (decision 1920)."""
    _school, commune = await _school_and_commune_giving_in_turn(app)
    async with app.sessionmaker() as session, session.begin():
        an = await session.get_one(Person, commune.member)
        for n in range(20):  # the commune's codes 4 to 23, An's
            await record_contribution(
                session, person=an, recorded_by=an, entry=NewContribution("money", 10_000 * (n + 1)), now=NOW
            )
        await _binh_in_ans_unit(session, commune, an)
    an_chat, binh = make_person("thu-xa-an"), make_person("binh-xa")

    for typed in ("xathac23", "XATHAC23", "xathac 23"):
        await an_chat.say("/menu")
        screen = await an_chat.say(typed)
        assert "XATHAC-2026-000023" in screen and "200.000" in screen, (typed, screen)
        assert "chọn một mục" not in screen, typed

    whole, short = await _typed_whole_then_short_at_the_menu(binh, "XATHAC-2026-000023", "xathac23")
    assert short == whole and "200.000" not in short and "Nguyễn Văn An" not in short
    await binh.say("/menu")
    assert "XATHAC-2026-000099: không tìm thấy" in await binh.say("xathac99")

    await make_person("thu-truong").say("/menu")
    screen = await make_person("thu-truong").say("xathac23")  # another's letters: the menu's, as ever
    assert "XATHAC-2026-000023" not in screen and "Không tìm thấy" not in screen
