"""Registering for next year while its window is open already (decision 0077): the demo school opens 2027's
registration on 15/12/2026, to collect the year's pledges before the New Year's launch. On 20/12/2026
`/dangky` asks which year, and 2027's registration is 2027's all the way down (its suggestion, the amend flow,
the progress screen); without a 2027 window it is 2026's alone; on 5/1/2027 it is simply the year's own; a
reminder of an early window names the year; and the domain refuses a year neither current nor open."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.db.models import Campaign, Commitment, Criterion, Organisation, OutboxMessage, Person
from bot.delivery.transport import OutboundMessage
from bot.demo import DEMO_ORG, DEMO_SETTINGS, DemoInvites
from bot.domain.commitments import CommitmentError, save_commitment
from bot.domain.org_settings import apply_settings, load_settings_file
from bot.domain.reminders import derive, scan
from bot.messages import BUTTONS
from tests.support.clocks import MovableClock
from tests.support.people import Person as Chat
from tests.test_flows import join

SETTINGS_2027 = """
campaign = "vi-nguoi-ngheo-2026-2030"
year = 2027

[[suggested_targets]]
criterion = "ung-ho-quy"
value = 800_000
"""
WINDOW_2027 = """
[registration]
opens_on = 2026-12-15
closes_on = 2027-01-31
"""
DECEMBER_20 = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam
JANUARY_5 = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
NEXT_YEAR = "Đăng ký cho năm 2027 (đang mở đăng ký đến 31/01/2027)"
THIS_YEAR = "Năm 2026 (năm nay)"


async def load(app: App, tmp_path: Path, text: str, name: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    async with app.sessionmaker() as session, session.begin():
        org = (await session.scalars(select(Organisation).where(Organisation.code == DEMO_ORG))).one()
        await apply_settings(session, org, load_settings_file(path))


@pytest.fixture
async def hoa(any_app: App, any_invites: DemoInvites, clock: MovableClock) -> Chat:
    """Hoa, a member of the demo school who joined in November (nothing registered yet); the clock is then
    moved to 20/12/2026."""
    invites = any_invites
    person = Chat(CollectingChannel(any_app.engine, BUTTONS), "hoa", clock)
    await join(person, invites.member)
    clock.at = DECEMBER_20
    return person


def labels(person: Chat) -> list[str]:
    return [choice.label for choice in person.menu.choices]


def plain(screen: str) -> str:
    return screen.replace("\xa0", " ")


async def registrations(app: App) -> dict[int, dict[str, int]]:
    """Hoa's registrations by year: criterion code → target."""
    async with app.sessionmaker() as session:
        found: dict[int, dict[str, int]] = {}
        for commitment in (
            await session.scalars(
                select(Commitment)
                .join(Person, Person.id == Commitment.person_id)
                .where(Person.full_name == "Võ Thị Hoa")
            )
        ).all():
            await session.refresh(commitment, ["items"])
            for item in commitment.items:
                code = await session.scalar(select(Criterion.code).where(Criterion.id == item.criterion_id))
                found.setdefault(commitment.year, {})[str(code)] = item.target
        return found


async def register_fund(hoa: Chat, figure: str) -> str:
    """From the list of criteria: the Fund alone, `figure`, saved. The screen of the figure's question."""
    await hoa.choose("Ủng hộ Quỹ")
    asked = await hoa.choose("Xong")
    await hoa.say(figure)
    await hoa.choose("Có")
    return asked


async def test_on_20_december_with_2027_open_a_member_registers_for_2027_and_sees_it(
    any_app: App, hoa: Chat, tmp_path: Path
) -> None:
    await load(any_app, tmp_path, SETTINGS_2027 + WINDOW_2027, "2027.toml")

    screen = await hoa.say("/dangky")
    assert "Anh/chị đăng ký cho năm nào?" in screen
    assert labels(hoa)[:2] == [NEXT_YEAR, THIS_YEAR]

    screen = await hoa.choose(NEXT_YEAR)
    assert "năm 2027" in screen
    asked = plain(await register_fund(hoa, "1tr"))
    assert "Đơn vị gợi ý mức 800.000 ₫" in asked  # 2027's suggestion, not 2026's 500.000 ₫
    assert await registrations(any_app) == {2027: {"ung-ho-quy": 1_000_000}}

    progress = plain(await hoa.say("/tiendo"))
    assert "Tiến độ năm 2026 của anh/chị" in progress
    assert "chưa đăng ký" in progress  # 2026 itself is still unregistered
    assert "Đăng ký năm 2027 (tính các khoản ghi nhận từ ngày 01/01/2027):" in progress
    assert "1.000.000 ₫" in progress

    # Back to 2027: it is there to amend; the amend flow keeps the year.
    await hoa.say("/dangky")
    screen = await hoa.choose(NEXT_YEAR)
    assert "năm 2027" in screen and "1.000.000 ₫" in plain(screen)
    await hoa.choose("Sửa đăng ký")
    await hoa.choose("Xong")
    await hoa.say("1tr2")
    await hoa.choose("Có")
    assert await registrations(any_app) == {2027: {"ung-ho-quy": 1_200_000}}

    # And 2026 is still a choice of its own, with its own suggestion.
    await hoa.say("/dangky")
    await hoa.choose(THIS_YEAR)
    asked = plain(await register_fund(hoa, "300k"))
    assert "Đơn vị gợi ý mức 500.000 ₫" in asked
    assert await registrations(any_app) == {2026: {"ung-ho-quy": 300_000}, 2027: {"ung-ho-quy": 1_200_000}}


@pytest.mark.sqlite_only
async def test_without_a_2027_window_only_2026_is_registered(any_app: App, hoa: Chat, tmp_path: Path) -> None:
    # 2027's settings are loaded, but with no window: "open all year" is for 2027 itself, not from December.
    await load(any_app, tmp_path, SETTINGS_2027, "2027.toml")

    screen = await hoa.say("/dangky")
    assert "cho năm nào" not in screen
    assert "năm 2026" in screen
    await register_fund(hoa, "500k")
    assert await registrations(any_app) == {2026: {"ung-ho-quy": 500_000}}
    assert "Đăng ký năm 2027" not in await hoa.say("/tiendo")


@pytest.mark.sqlite_only
async def test_when_2026_registration_has_closed_it_goes_straight_to_2027(
    any_app: App, hoa: Chat, tmp_path: Path
) -> None:
    text_2026 = DEMO_SETTINGS.read_text(encoding="utf-8")
    await load(
        any_app,
        tmp_path,
        text_2026 + "\n[registration]\nopens_on = 2026-01-05\ncloses_on = 2026-11-30\n",
        "2026.toml",
    )
    # before 2027's window is set, her progress says when 2027's registration opens, as /dangky does (2254)
    progress = plain(await hoa.say("/tiendo"))
    assert "Anh/chị không đăng ký thi đua năm 2026 (đăng ký đã hết hạn ngày 30/11/2026)." in progress
    assert "Đăng ký năm 2027 mở từ 01/01/2027." in progress
    await load(any_app, tmp_path, SETTINGS_2027 + WINDOW_2027, "2027.toml")

    screen = await hoa.say("/dangky")
    assert "cho năm nào" not in screen and "năm 2027" in screen
    await register_fund(hoa, "1tr")
    assert await registrations(any_app) == {2027: {"ung-ho-quy": 1_000_000}}

    # her progress says 2026 was not registered, and when it closed: never a way to register it that is gone
    progress = plain(await hoa.say("/tiendo"))
    assert "Anh/chị không đăng ký thi đua năm 2026 (đăng ký đã hết hạn ngày 30/11/2026)." in progress
    assert "(menu: Đăng ký thi đua)" not in progress and "mở từ" not in progress  # 2027's is open now


@pytest.mark.sqlite_only
async def test_on_5_january_the_2027_registration_is_the_years_own(
    any_app: App, hoa: Chat, tmp_path: Path, clock: MovableClock
) -> None:
    await load(any_app, tmp_path, SETTINGS_2027 + WINDOW_2027, "2027.toml")
    await hoa.say("/dangky")
    await hoa.choose(NEXT_YEAR)
    await register_fund(hoa, "1tr")

    clock.at = JANUARY_5
    screen = plain(await hoa.say("/dangky"))
    assert "cho năm nào" not in screen  # no 2028 window: nothing to choose
    assert "năm 2027" in screen and "1.000.000 ₫" in screen and "Sửa đăng ký" in labels(hoa)

    progress = plain(await hoa.say("/tiendo"))
    assert "Tiến độ năm 2027 của anh/chị" in progress and "1.000.000 ₫" in progress
    assert "Đăng ký năm 2028" not in progress


async def test_the_domain_refuses_a_year_neither_current_nor_open(
    any_app: App, hoa: Chat, tmp_path: Path
) -> None:
    async def save(year: int, target: int = 100_000) -> None:
        async with any_app.sessionmaker() as session, session.begin():
            person = (await session.scalars(select(Person).where(Person.full_name == "Võ Thị Hoa"))).one()
            campaign = (await session.scalars(select(Campaign).where(Campaign.org_id == person.org_id))).one()
            fund = await session.scalar(
                select(Criterion.id).where(
                    Criterion.campaign_id == campaign.id, Criterion.code == "ung-ho-quy"
                )
            )
            assert fund is not None
            await save_commitment(
                session, campaign_id=campaign.id, year=year, scope="individual", actor=person,
                targets={fund: target}, now=DECEMBER_20,
            )  # fmt: skip

    for year in (2027, 2028, 2025):  # 2027 before its window is set, a year after, a year before
        with pytest.raises(CommitmentError) as refused:
            await save(year)
        assert refused.value.reason == "year_closed"
    assert await registrations(any_app) == {}

    await load(any_app, tmp_path, SETTINGS_2027 + WINDOW_2027, "2027.toml")
    await save(2027)
    await save(2026)
    assert set(await registrations(any_app)) == {2026, 2027}

    # 2026's own window closed on 30/11: on 20/12 its registration is changed no more, from any screen
    text_2026 = DEMO_SETTINGS.read_text(encoding="utf-8")
    window = "\n[registration]\nopens_on = 2026-01-05\ncloses_on = 2026-11-30\n"
    await load(any_app, tmp_path, text_2026 + window, "2026.toml")
    with pytest.raises(CommitmentError) as refused:
        await save(2026, 300_000)
    assert refused.value.reason == "year_closed"
    assert (await registrations(any_app))[2026] == {"ung-ho-quy": 100_000}


async def test_a_2027_window_closing_in_early_january_reminds_in_december_naming_2027(
    any_app: App, hoa: Chat, tmp_path: Path
) -> None:
    window = WINDOW_2027.replace("2027-01-31", "2027-01-05")
    await load(any_app, tmp_path, SETTINGS_2027 + window, "2027.toml")
    async with any_app.sessionmaker() as session, session.begin():  # 29/12, 00:15 and 08:00 in Vietnam
        await derive(session, now=datetime(2026, 12, 28, 17, 15, tzinfo=UTC), settings=any_app.settings)
    async with any_app.sessionmaker() as session, session.begin():
        await scan(session, now=datetime(2026, 12, 29, 1, 0, tzinfo=UTC), settings=any_app.settings)
    async with any_app.sessionmaker() as session:
        hoa_id = (await session.scalars(select(Person.id).where(Person.full_name == "Võ Thị Hoa"))).one()
        (payload,) = await session.scalars(
            select(OutboxMessage.payload).where(
                OutboxMessage.person_id == hoa_id, OutboxMessage.key.like("reminder:%")
            )
        )
    text = OutboundMessage.from_payload(payload).text
    assert "Đăng ký thi đua năm 2027 mở đến hết ngày 05/01/2027" in text and "/dangky" in text


async def test_a_window_taken_away_while_typing_is_told_kindly_and_nothing_is_saved(
    any_app: App, hoa: Chat, tmp_path: Path
) -> None:
    await load(any_app, tmp_path, SETTINGS_2027 + WINDOW_2027, "2027.toml")
    await hoa.say("/dangky")
    await hoa.choose(NEXT_YEAR)
    await hoa.choose("Ủng hộ Quỹ")
    await hoa.choose("Xong")
    await hoa.say("1tr")
    await load(any_app, tmp_path, SETTINGS_2027, "2027.toml")  # the board reloads 2027 without its window

    screen = await hoa.choose("Có")
    assert "Hiện không nhận đăng ký cho năm 2027 nên chưa lưu gì" in screen and "/dangky" in screen
    assert await registrations(any_app) == {}


async def test_a_registration_left_open_on_the_phone_is_not_changed_after_the_window_closed(
    any_app: App, hoa: Chat, tmp_path: Path, clock: MovableClock
) -> None:
    """Hoa registered 1.000.000 ₫ on 25/11, the last week of 2026's window, and left her registration on the
    screen. On 20/12, before her unit's year-end review, she pressed its “Sửa đăng ký” and lowered it to
    500.000 ₫, what she had given: it was saved, three weeks after the window closed, and her progress read
    the target met. The window is the organisation's rule for changing a registration, whatever the screen.
    Closed before the year's end, it says when 2027's registration opens (decision 2152), and so does her
    progress (2332)."""
    text_2026 = DEMO_SETTINGS.read_text(encoding="utf-8")
    window = "\n[registration]\nopens_on = 2026-01-05\ncloses_on = 2026-11-30\n"
    await load(any_app, tmp_path, text_2026 + window, "2026.toml")
    clock.at = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    await hoa.say("/dangky")
    await register_fund(hoa, "1tr")
    await hoa.say("/dangky")
    assert "Sửa đăng ký" in labels(hoa)

    clock.at = DECEMBER_20
    screen = plain(await hoa.choose("Sửa đăng ký"))
    assert "Đăng ký thi đua năm 2026 đã hết hạn ngày 30/11/2026" in screen and "1.000.000 ₫" in screen
    assert "Đăng ký năm 2027 mở từ 01/01/2027." in screen  # the plan covers 2027, which sets no window
    assert await registrations(any_app) == {2026: {"ung-ho-quy": 1_000_000}}
    # her progress says it too, under her pledge and the year's totals, as to one not registered (2332)
    progress = plain(await hoa.say("/tiendo"))
    assert "1.000.000 ₫" in progress and "Đăng ký năm 2027 mở từ 01/01/2027." in progress
    assert progress.index("Tổng năm nay") < progress.index("Đăng ký năm 2027")
    await load(
        any_app, tmp_path, SETTINGS_2027 + WINDOW_2027.replace("2026-12-15", "2027-01-15"), "2027.toml"
    )
    assert "Đăng ký năm 2027 mở từ 15/01/2027." in plain(await hoa.say("/dangky"))


async def test_the_windows_last_day_runs_to_midnight_in_vietnam_and_a_save_after_it_says_it_closed(
    any_app: App, hoa: Chat, tmp_path: Path, clock: MovableClock
) -> None:
    """2026's window closes on 30/11. At 23:50 that day in Vietnam (16:50 UTC) Hoa's registration is saved; at
    23:58 she begins to change it, and presses “Có” at 00:05 on 1/12 (17:05 UTC, still 30/11 in UTC): nothing
    is saved, and she reads that it closed and what stands — not “gõ /dangky để đăng ký cho năm đang mở”,
    where no year is open and /dangky says it closed."""
    text_2026 = DEMO_SETTINGS.read_text(encoding="utf-8")
    window = "\n[registration]\nopens_on = 2026-01-05\ncloses_on = 2026-11-30\n"
    await load(any_app, tmp_path, text_2026 + window, "2026.toml")
    clock.at = datetime(2026, 11, 30, 16, 50, tzinfo=UTC)
    await hoa.say("/dangky")
    await register_fund(hoa, "1tr")
    assert await registrations(any_app) == {2026: {"ung-ho-quy": 1_000_000}}

    clock.at = datetime(2026, 11, 30, 16, 58, tzinfo=UTC)
    await hoa.say("/dangky")
    await hoa.choose("Sửa đăng ký")
    await hoa.choose("Xong")
    await hoa.say("500k")
    clock.at = datetime(2026, 11, 30, 17, 5, tzinfo=UTC)
    screen = plain(await hoa.choose("Có"))
    assert "Đăng ký thi đua năm 2026 đã hết hạn ngày 30/11/2026" in screen and "1.000.000 ₫" in screen
    assert "năm đang mở" not in screen
    assert await registrations(any_app) == {2026: {"ung-ho-quy": 1_000_000}}


async def _register_across_midnight(hoa: Chat) -> str:
    """2026's registration typed at 23:58 on 31/12, its “Có” pressed at 00:00:30 on 1/1 (17:00 UTC)."""
    hoa.clock.at = datetime(2026, 12, 31, 16, 58, tzinfo=UTC)
    assert "năm 2026" in await hoa.say("/dangky")
    await hoa.choose("Ủng hộ Quỹ")
    await hoa.choose("Xong")
    await hoa.say("500k")
    hoa.clock.at = datetime(2026, 12, 31, 17, 0, 30, tzinfo=UTC)
    return plain(await hoa.choose("Có"))


async def test_a_registration_for_2026_confirmed_past_midnight_on_new_years_eve_says_2027_is_open(
    any_app: App, hoa: Chat, tmp_path: Path
) -> None:
    """Hoa types her 2026 registration at 23:58 on 31/12 and presses “Có” at 00:00:30 on 1/1: 2026's
    registration has closed, rightly (0572), and she read only “Đăng ký thi đua năm 2026 đã hết hạn ngày
    31/12/2026. Anh/chị vẫn có thể ghi nhận đóng góp của mình: /donggop.”, nothing of 2027's, open since that
    midnight, nor that her figure was not kept. She is told both (decision 1833), and her figures are offered
    as 2027's, saved at her “Có” alone (decision 1901); where 2027's window opens only on 5/1, nothing is said
    open."""
    screen = await _register_across_midnight(hoa)
    assert "Đăng ký thi đua năm 2026 đã hết hạn ngày 31/12/2026." in screen
    assert (
        "Đăng ký thi đua năm 2027 đang mở: anh/chị chọn Có để lưu các mức vừa nhập cho năm này; "
        "trước đó chưa có gì được lưu." in screen
    ), screen
    assert await registrations(any_app) == {}  # nothing written for either year
    assert "Không" in screen and "Ủng hộ Quỹ" in screen and "500.000" in screen, screen
    screen = plain(await hoa.choose("Không"))  # nothing saved without her yes
    assert await registrations(any_app) == {}
    assert "Anh/chị chọn các nội dung đăng ký năm 2027" in await hoa.say("/dangky")
    await hoa.say("/huy")
    await _register_across_midnight(hoa)
    await hoa.choose("Có")  # one tap: the same figures, 2027's (decision 1901)
    assert list(await registrations(any_app)) == [2027], await registrations(any_app)
    assert list((await registrations(any_app))[2027].values()) == [500_000]

    late = SETTINGS_2027 + "\n[registration]\nopens_on = 2027-01-05\ncloses_on = 2027-01-31\n"
    hoa.clock.at = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)
    await load(any_app, tmp_path, late, "2027-late.toml")
    screen = await _register_across_midnight(hoa)
    assert "Đăng ký thi đua năm 2026 đã hết hạn ngày 31/12/2026." in screen
    assert "đang mở" not in screen and 2026 not in await registrations(any_app)


async def _register_unit_across_midnight(thu: Chat, figure: str) -> str:
    """The unit's 2026 registration typed at 23:58 on 31/12, its “Có” pressed at 00:00:30 on 1/1."""
    thu.clock.at = datetime(2026, 12, 31, 16, 58, tzinfo=UTC)
    await thu.say("/donvi")
    await thu.choose("nguồn lực")
    await thu.choose("Xong")
    await thu.say(figure)
    thu.clock.at = datetime(2026, 12, 31, 17, 0, 30, tzinfo=UTC)
    return plain(await thu.choose("Có"))


async def test_a_units_registration_closed_at_the_years_midnight_says_the_new_year_is_open_as_a_members(
    any_app: App, any_invites: DemoInvites, clock: MovableClock
) -> None:
    """The leader of Phòng Đào tạo types its 2026 registration at 23:58 on 31/12 and presses “Có” at 00:00:30
    on 1/1: she read 0572's words alone, “… đã hết hạn ngày 31/12/2026. Anh/chị vẫn có thể ghi nhận đóng góp
    của mình: /donggop.”, nothing of 2027's, open since that midnight, where a member is told it and offered
    her figures as 2027's (decisions 1833, 1901). Now the unit's words are a member's (decision 1964)."""
    thu = Chat(CollectingChannel(any_app.engine, BUTTONS), "thu", clock)
    await join(thu, any_invites.leader, "Phan Thị Thu")
    screen = await _register_unit_across_midnight(thu, "5tr")
    assert "Đăng ký thi đua năm 2026 đã hết hạn ngày 31/12/2026." in screen, screen
    assert (
        "Đăng ký thi đua năm 2027 đang mở: anh/chị chọn Có để lưu các mức vừa nhập cho năm này; "
        "trước đó chưa có gì được lưu." in screen
    ), screen
    assert "5.000.000" in screen, screen
    await thu.choose("Có")
    async with any_app.sessionmaker() as session:
        saved = [(c.year, c.scope) for c in await session.scalars(select(Commitment))]
    assert saved == [(2027, "collective")], saved
    # 2027's registered already: the figures are not offered over it, and the way to it is the unit's own
    screen = await _register_unit_across_midnight(thu, "6tr")
    assert (
        "Đăng ký thi đua năm 2027 đang mở: anh/chị gõ /donvi để đăng ký cho đơn vị năm 2027 (mức vừa nhập "
        "chưa được lưu)." in screen
    ), screen
