"""A member who writes in English, as a foreign doctor used the bot (decision 0142): amounts as English writes
them and as the English screens show them (“2 million”, “₫500,000”), English chat words where the Vietnamese
ones are read (yes/no, back, the menu's words, numbers in words), “skip” never saved as goods, text that is no
code read as at the menu where a code is asked, and part of a labour day answered that days are whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.clock import LOCAL_TZ
from bot.db.models import Appeal, AwardForm, Contribution, Criterion, Person, Unit
from bot.domain.access import actor_for
from bot.domain.appeals import Audience, Draft, follow_up, send_appeal
from bot.domain.awards import propose_award
from bot.domain.campaigns import active_campaign
from bot.domain.drives import NewDrive, create_drive
from bot.domain.money import parse_vnd
from bot.domain.notices import _office_text
from bot.domain.plan_glosses import criterion_name, title_named
from bot.domain.reminder_lines import DeadlineLine, Leaderless, UnitProposed, UnitsProposed, YearProposed
from bot.domain.results import record_result
from bot.messages import BUTTONS, Capabilities
from tests.support.clocks import MovableClock
from tests.support.people import Person as Chat
from tests.support.profiles import examples_on_one_profile, on_buttons, on_text_only
from tests.support.reached import Reached
from tests.test_awards import grant
from tests.test_digests import weekly
from tests.test_flows import count, join

FUND = "Fund for the Poor"
COULD_NOT_READ = "I could not read that amount"
MENU = "What would you like to do, Ann Nguyen?"
WAITING = "I am waiting for a reference code, for example: CT-2026-000123. To do something else, type /menu."


async def _to_the_english_menu(chat: Chat, code: str) -> None:
    await join(chat, code, "Ann Nguyen")
    await chat.say("/language")
    assert MENU in await chat.choose("English")


@pytest.fixture
def at_the_menu(profile: Capabilities, reached_on_the_demo, demo_seeded) -> Reached:  # type: ignore[no-untyped-def]
    """Ann once she has joined and chosen English, at the main menu, reached once per process and profile
    (decision 0207)."""
    return reached_on_the_demo("ann", profile, lambda chat: _to_the_english_menu(chat, demo_seeded[1].member))


@pytest.fixture
def database_file(at_the_menu: Reached) -> Path:
    """The test's SQLite file is a copy of this one (tests/conftest.py's `db_path`)."""
    return at_the_menu.path


@pytest.fixture
async def ann(invites, make_person, at_the_menu: Reached, database_file: Path) -> Chat:  # type: ignore[no-untyped-def]
    """A member who chose English, at the main menu: her chat and database as they were when she got there."""
    chat = make_person("ann")
    at_the_menu.restore(chat)
    return chat


async def _to(ann: Chat, kind: str) -> str:
    await ann.choose("Record a contribution")
    await ann.choose(FUND)
    return await ann.choose(kind)


async def _amounts(app: App) -> list[int]:
    async with app.sessionmaker() as session:
        return list(await session.scalars(select(Contribution.amount_vnd).order_by(Contribution.id)))


# --- 1. amounts ---------------------------------------------------------------------------------------------


@examples_on_one_profile(
    ("typed", "amount", "shown"),
    [
        ("2 million", 2_000_000, "₫2,000,000"),
        ("1.2 million", 1_200_000, "₫1,200,000"),
        ("1.2m", 1_200_000, "₫1,200,000"),
        ("two million", 2_000_000, "₫2,000,000"),
        ("about 1 million", 1_000_000, "₫1,000,000"),
        ("VND 500,000", 500_000, "₫500,000"),
        ("₫500,000", 500_000, "₫500,000"),  # as the English screens show amounts
        # as people write millions in a message (a finding from outside: each became goods at the menu)
        ("2 mil", 2_000_000, "₫2,000,000"),
        ("2 millions", 2_000_000, "₫2,000,000"),
        ("1.5 mil", 1_500_000, "₫1,500,000"),
        ("2 milion", 2_000_000, "₫2,000,000"),
    ],
)
async def test_an_amount_as_english_writes_it_is_recorded(
    app: App, ann: Chat, typed: str, amount: int, shown: str
) -> None:
    await _to(ann, "Money")
    screen = await ann.say(typed)
    assert COULD_NOT_READ not in screen
    await ann.choose("Skip")
    screen = await ann.say("yes")
    assert shown in screen and "Reference: CT-2026-000001" in screen
    assert await _amounts(app) == [amount]


def test_a_unit_after_the_figure_decides_and_vietnamese_figures_read_as_before() -> None:
    assert parse_vnd("1.200", cap=10**12) == 1_200  # 1.200 đồng, the Vietnamese way
    assert parse_vnd("1.2 million", cap=10**12) == 1_200_000
    assert parse_vnd("1.200 triệu", cap=10**12) == 1_200_000_000


@examples_on_one_profile(
    ("typed", "what"),
    [
        ("$20", "20 USD"),
        ("20 USD", "20 USD"),
        ("100 dollars", "100 USD"),
        ("€10", "10 EUR"),
        # as “1 triệu đô” is read (decision 0728): it was told to type a whole figure (decision 0766)
        ("1 million dollars", "1.000.000 USD"),
    ],
)
async def test_a_foreign_currency_is_recorded_in_it_for_the_treasurer_to_write_the_dong(
    app: App, ann: Chat, typed: str, what: str
) -> None:
    """“$20” at the amount was “not an amount of money: it is recorded as goods”, her cash gift turned into
    goods called “$20” (decision 0562); then “Chung Tay records gifts in Vietnamese đồng only”, a gift from a
    relative abroad that could not be recorded at all. Now kept as said, its đồng the treasurer's (0701)."""
    await _to(ann, "Money")
    screen = await ann.say(typed)
    assert f"You are recording {what}; the treasurer will write the đồng actually received" in screen
    assert COULD_NOT_READ not in screen and "đồng only" not in screen
    await ann.choose("Skip")
    assert "₫" not in await ann.say("yes")
    async with app.sessionmaker() as session:
        gifts = (await session.execute(select(Contribution.kind, Contribution.description))).all()
    assert [tuple(gift) for gift in gifts] == [("goods", what)]
    assert await _amounts(app) == [0]


@examples_on_one_profile("typed", ["donate 100k and 20 USD", "I gave 100k plus 20 USD"])
async def test_dong_and_dollars_joined_by_an_english_word_are_asked_one_at_a_time(
    app: App, ann: Chat, typed: str
) -> None:
    """“ủng hộ 100k và 20 đô” is asked one gift at a time (decision 0729); “donate 100k and 20 USD” was
    recorded as 100.000 ₫, her 20 dollars dropped without a word (decision 0767's Left)."""
    screen = await ann.say(typed)
    assert "Please record one gift at a time: “100k” and “20 USD” are two gifts." in screen
    assert await _amounts(app) == []


@on_text_only
async def test_an_amount_not_read_is_answered_with_english_examples(ann: Chat) -> None:
    await _to(ann, "Money")
    screen = await ann.say("some money")
    assert f"{COULD_NOT_READ}. For example: 500000, 500k, 2 million or ₫2,000,000." in screen


@examples_on_one_profile(
    ("typed", "shown"),
    [
        ("give ₫500,000", "₫500,000"),
        ("donate 2 million", "₫2,000,000"),
        ("give VND 500,000", "₫500,000"),
        ("give 2 mil", "₫2,000,000"),
        # as she says it, who gives first (decision 0562): each was “Please choose one of the options below”
        ("I gave 500k", "₫500,000"),
        ("I donated 1.2 million", "₫1,200,000"),
        ("I want to give 200k", "₫200,000"),
        ("I'd like to contribute 2 mil", "₫2,000,000"),
        # “already” was never read as a lead word, nor “given” as giving (decision 0589)
        ("I already gave 500k", "₫500,000"),
        ("I've given 500k", "₫500,000"),
    ],
)
async def test_a_gift_typed_at_the_english_menu_keeps_its_amount(ann: Chat, typed: str, shown: str) -> None:
    screen = await ann.say(typed)
    assert f"You want to give {shown}." in screen and "Which drive" in screen


@on_buttons
async def test_metres_of_cloth_at_the_menu_are_goods_not_millions(invites, make_person) -> None:
    hoa = make_person("hoa")
    await join(hoa, invites.member)
    screen = await hoa.say("ủng hộ 10 m vải")
    assert "Anh/chị muốn ủng hộ 10 m vải." in screen and "₫" not in screen


# --- 2. chat words ------------------------------------------------------------------------------------------


@examples_on_one_profile("typed", ["yes please", "sure", "yeah", "yep", "Yes, please", "ok thank you"])
async def test_an_english_yes_confirms(app: App, ann: Chat, typed: str) -> None:
    await _to(ann, "Money")
    await ann.say("500k")
    await ann.choose("Skip")
    screen = await ann.say(typed)
    assert "Reference: CT-2026-000001" in screen and await count(app, Contribution) == 1


@examples_on_one_profile("typed", ["nope", "no thanks", "No thank you"])
async def test_an_english_no_records_nothing(app: App, ann: Chat, typed: str) -> None:
    await _to(ann, "Money")
    await ann.say("500k")
    await ann.choose("Skip")
    screen = await ann.say(typed)
    assert "Cancelled. Nothing was recorded." in screen and MENU in screen
    assert await count(app, Contribution) == 0


@examples_on_one_profile("typed", ["thanks", "please"])
async def test_a_polite_word_alone_is_neither_yes_nor_no(app: App, ann: Chat, typed: str) -> None:
    await _to(ann, "Money")
    await ann.say("500k")
    await ann.choose("Skip")
    screen = await ann.say(typed)
    assert "Reference:" not in screen and "Cancelled" not in screen and "Yes, confirm" in screen
    assert await count(app, Contribution) == 0


@examples_on_one_profile(("typed", "days"), [("two", "2"), ("three days", "3"), ("one", "1")])
async def test_labour_days_in_english_words_are_read(ann: Chat, typed: str, days: str) -> None:
    await _to(ann, "Labour days")
    screen = await ann.say(typed)
    assert "Please type" not in screen
    await ann.choose("Skip")
    assert f"{days} labour day" in ann.screen
    assert (f"{days} labour days" in ann.screen) == (days != "1")  # "1 labour day", "2 labour days"


@examples_on_one_profile("typed", ["main menu", "home", "Main menu."])
async def test_the_main_menu_in_english_words_leaves_for_the_menu(ann: Chat, typed: str) -> None:
    await _to(ann, "Money")
    assert MENU in await ann.say(typed)


@on_text_only
async def test_go_back_goes_back(ann: Chat) -> None:
    await ann.choose("Record a contribution")
    await ann.choose(FUND)
    screen = await ann.say("go back")
    assert "Which drive" in screen


@examples_on_one_profile(
    ("typed", "lands"),
    [
        ("look up", "Type the reference code"),
        ("donation", "Which drive"),
        ("turn off reminders", "reminders"),
        ("reminder", "reminders"),
    ],
)
async def test_the_menus_english_words_open_their_entry(ann: Chat, typed: str, lands: str) -> None:
    screen = await ann.say(typed)
    assert lands in screen and "Please choose one of the options" not in screen


# --- 3. "skip" is no goods ----------------------------------------------------------------------------------


@examples_on_one_profile("typed", ["skip", "Bỏ qua", "bo qua"])
async def test_skip_typed_for_the_goods_is_asked_again(app: App, ann: Chat, typed: str) -> None:
    await _to(ann, "Goods")
    screen = await ann.say(typed)
    assert "This question cannot be skipped" in screen and "for example: 10 kg of rice" in screen
    assert "About how much" not in screen
    screen = await ann.say("10 kg of rice")
    assert "About how much" in screen


# --- 4. after a look-up -------------------------------------------------------------------------------------


@on_text_only
async def test_after_a_code_not_found_a_gift_typed_is_a_gift(ann: Chat) -> None:
    assert "not found" in (await ann.say("/lookup CT-2026-000004")).lower()
    screen = await ann.say("donate 1tr")
    assert "You want to give ₫1,000,000." in screen and "not found" not in screen.lower()


async def test_after_a_code_not_found_a_main_menu_number_or_word_opens_its_entry(ann: Chat) -> None:
    await ann.say("/lookup CT-2026-000004")
    screen = await ann.say("2")  # the main menu's second entry: Record a contribution
    assert "Which drive" in screen and "not found" not in screen.lower()
    await ann.say("/lookup CT-2026-000004")
    screen = await ann.say("my progress")
    assert "Your progress in 2026" in screen


@examples_on_one_profile("typed", ["skip", "yes"])
async def test_after_a_code_not_found_other_words_are_told_a_code_is_awaited(ann: Chat, typed: str) -> None:
    await ann.say("/lookup CT-2026-000004")
    screen = await ann.say(typed)
    assert WAITING in screen and "not found" not in screen.lower()
    assert "Type the reference code" in screen


@on_buttons
async def test_a_code_typed_after_another_is_still_looked_up(ann: Chat) -> None:
    await ann.say("/lookup CT-2026-000004")
    screen = await ann.say("CT-2026-000009")
    assert "not found" in screen.lower() and WAITING not in screen


# --- 5. part of a labour day --------------------------------------------------------------------------------


HOURS = "2 sessions or 8 hours make 1 labour day. Please type the number of days, for example: 1."


@examples_on_one_profile(
    ("typed", "said"),
    [
        ("1.5", "Please type whole days, for example: 2."),
        ("1,5 days", "Please type whole days, for example: 2."),
        ("half a day", "Please type whole days, for example: 2."),
        ("1 ngày rưỡi", "Please type whole days, for example: 2."),
        ("4 hours", HOURS),  # were 4 labour days (decision 0396)
        ("2 sessions", HOURS),
    ],
)
async def test_part_of_a_labour_day_is_answered_that_days_are_whole(ann: Chat, typed: str, said: str) -> None:
    await _to(ann, "Labour days")
    screen = await ann.say(typed)
    assert said in screen and "from 1 to" not in screen and "photo" not in screen


@on_buttons
async def test_the_english_amount_question_gives_english_examples(ann: Chat) -> None:
    """“1tr2” means nothing to a reader of English and “2.000.000” disagrees with “₫2,000,000” on every
    English screen (a finding from outside): the examples are English ones the bot reads."""
    screen = await _to(ann, "Money")
    assert "For example: 200000, 500k or 1.2m." in screen and "1tr2" not in screen


async def test_an_english_walk_meets_english_words_where_the_vietnamese_ones_are_read(ann: Chat) -> None:
    """Walked in English (decision 0293): labour days typed alone with “labour” are asked about, as “2 ngày
    công” is; the examples after a figure with no unit and after a fraction are the English screens' own
    (“2m”, “1.5m”), not “2tr” or “1,5 triệu”; “/report”, as the help's “type report” and the digest's English
    name suggest, is no unknown command; the registration's screen says “Then choose “Done, next step””, as
    its button reads, where it said “Done”."""
    screen = await ann.say("2 labour days")
    assert "Record a gift of 2 labour days?" in screen and "Please choose one of the options" not in screen

    await ann.say("/menu")
    screen = await ann.say("give 2")
    assert "Do you mean ₫200,000 or ₫2,000,000?" in screen
    assert "Please type it with its unit, for example: 200k or 2m." in screen

    await _to(ann, "Money")
    screen = await ann.say("1,5")
    assert "Amounts are in whole đồng, for example: 150000 or 1.5m." in screen and "triệu" not in screen

    screen = await ann.say("/report")
    assert "Your progress in 2026" in screen and "no such command" not in screen

    await ann.say("/menu")  # the screen names its button as the button reads (decision 0328)
    screen = await ann.choose("Register my commitment")
    assert "Then choose “Done, next step”." in screen
    assert "Done, next step" in [choice.label for choice in ann.menu.choices]
    # the plan's items as written, each with what it is in her words (decision 2436)
    labels = [choice.label for choice in ann.menu.choices]
    assert "▫️ Ủng hộ Quỹ “Vì người nghèo” (giving to the Fund for the Poor)" in labels
    assert "▫️ Ngày công giúp hộ nghèo, gia đình khó khăn (labour days helping poor households)" in labels
    await ann.choose("▫️ Ủng hộ Quỹ “Vì người nghèo” (giving to the Fund for the Poor)")
    await ann.choose("Done, next step")
    screen = await ann.say("500k")
    assert "• Ủng hộ Quỹ “Vì người nghèo” (giving to the Fund for the Poor): ₫500,000" in screen

    # goods of no value given are counted as gifts, never as “1 item” of her two boxes (decision 2356)
    await ann.say("/menu")
    await ann.say("2 boxes of instant noodles")
    await ann.say("yes")
    await ann.choose(FUND)
    await ann.choose("Skip")  # its worth
    await ann.choose("Skip")  # a photo
    await ann.choose("Yes, confirm")
    screen = await ann.say("/progress")
    assert "goods 1 gift with no value given waiting" in screen and "item" not in screen


@examples_on_one_profile(
    "typed",
    [
        "how is my department doing?",
        "How's our unit doing",
        "how much has my department given so far",
        "Where does my department stand?",
    ],
)
async def test_her_department_asked_after_in_english_is_answered_as_its_total_may_be_told(
    ann: Chat, typed: str
) -> None:
    """“how is my department doing” at the menu was “Please choose one of the options below”: only “our
    department” with “how much has” was read as her unit asked after (decision 1402). She hears what may be
    said of it, and where each drive's gifts are listed (decision 2357)."""
    screen = await ann.say(typed)
    assert "Please choose one of the options" not in screen
    assert "Each drive's confirmed gifts are listed one by one in its public statement" in screen


@examples_on_one_profile(
    "typed",
    [
        "rice 10kg",
        "2 boxes of instant noodles",
        "10 blankets",
        # gold as English names it, as “1 lượng vàng” and “2 chỉ vàng” are asked about (decision 0747)
        "1 tael of gold",
        "2 gold rings",
    ],
)
async def test_goods_typed_alone_in_english_are_asked_about(ann: Chat, typed: str) -> None:
    """Goods and how much of them typed alone at the menu in English are asked about, as “gạo 10kg” is
    (decisions 0263, 0324): they were “Please choose one of the options below”."""
    assert f"Record a gift of {typed}?" in await ann.say(typed)
    assert f"You want to give {typed}." in await ann.say("yes")


@examples_on_one_profile(
    ("typed", "example", "amount"),
    [
        ("donate 1tr2 is that ok", "1.2m", "₫1,200,000"),
        ("can I give 2 triệu?", "2m", "₫2,000,000"),
        ("donate 1.2m is that ok", "1.2m", "₫1,200,000"),  # “I could not read that amount” (decision 1658)
    ],
)
async def test_a_question_about_giving_is_answered_with_an_english_amount(
    ann: Chat, typed: str, example: str, amount: str
) -> None:
    """“donate 1tr2 is that ok” was answered “… If you want to give ₫1,200,000, type: donate 1tr2.”: the
    Vietnamese short form repeated on an English screen. The example is written as English writes the
    amount, and typed as shown it is that amount (decision 1549)."""
    screen = await ann.say(typed)
    assert f"If you want to give {amount}, type: donate {example}." in screen
    assert f"You want to give {amount}." in await ann.say(f"donate {example}")


@examples_on_one_profile(
    ("typed", "examples", "amount"),
    [
        ("donate 1tr2 or 1tr5", "1.2m or 1.5m", "₫1,200,000"),
        ("donate 200 nghìn hay 300.000đ", "200k or 300k", "₫200,000"),
    ],
)
async def test_two_amounts_asked_which_are_shown_as_english_writes_them(
    ann: Chat, typed: str, examples: str, amount: str
) -> None:
    """Two amounts typed where one is meant were asked “… for example: 1tr2 or 1tr5.”, the Vietnamese figures
    repeated on an English screen. Each example is written as English writes it, and typed so it is that
    amount (decision 1658)."""
    screen = await ann.say(typed)
    assert f"Please type it with its unit, for example: {examples}." in screen
    assert f"You want to give {amount}." in await ann.say(examples.split()[0])


@examples_on_one_profile(
    ("typed", "example"),
    [
        ("can I give rice?", "for example: donate 10 kg of rice."),
        ("Can I give some rice", "for example: donate 10 kg of rice."),
        ("can I give labour days?", "for example: donate 1 labour day."),
        ("can I give blankets?", "for example: donate 5 blankets."),  # the goods named (decision 1897)
    ],
)
async def test_can_i_give_rice_is_answered_with_the_goods_example(
    app, ann: Chat, typed: str, example: str
) -> None:
    """“can I give rice?” was “Please choose one of the options below”, where “can I donate rice?” and the
    Vietnamese “ủng hộ gạo được không” were told how to give goods: “give” names a gift only with a figure
    after it, so the question's goods were not read. It is answered with the kind's example, nothing begun
    (decision 1820)."""
    screen = await ann.say(typed)
    assert "Giving is voluntary" in screen and example in screen
    assert "Please choose one of the options" not in screen and MENU in screen
    assert await count(app, Contribution) == 0


@examples_on_one_profile(
    ("typed", "example"),
    [
        ("do I have to give 10 kg of rice?", "for example: donate 10 kg of rice."),
        ("must I give 5 blankets?", "for example: donate 5 blankets."),
        ("do I need to donate 2 labour days?", "for example: donate 1 labour day."),
    ],
)
async def test_do_i_have_to_give_10_kg_of_rice_is_told_giving_is_voluntary(
    app, ann: Chat, typed: str, example: str
) -> None:
    """“do I have to give 10 kg of rice?” was “Please choose one of the options below”: whether one must give
    goods or labour days with their figure is the voluntary answer, with her goods as the example, nothing
    begun and nothing recorded (decision 1935)."""
    screen = await ann.say(typed)
    assert "Giving is voluntary" in screen and example in screen, screen
    assert "Please choose one of the options" not in screen and MENU in screen
    assert await count(app, Contribution) == 0


@examples_on_one_profile(
    ("typed", "said", "shown"),
    [
        ("can I donate 10 kg of rice?", "You want to give 10 kg of rice.", "• Goods: 10 kg of rice"),
        ("may I give 5 blankets?", "You want to give 5 blankets.", "• Goods: 5 blankets"),
        ("can I donate 2 labour days?", "You want to give 2 labour days.", "• Labour days: 2 labour days"),
    ],
)
async def test_can_i_donate_10_kg_of_rice_begins_that_gift(
    app, ann: Chat, typed: str, said: str, shown: str
) -> None:
    """“can I donate 10 kg of rice?” was “Please choose one of the options below”, where the Vietnamese “cho
    em ủng hộ 10 kg gạo được không?” began the gift: the question carries its gift, which begins, the drive
    asked next and nothing recorded before the last look (decision 1896)."""
    screen = await ann.say(typed)
    assert said in screen and "Which drive is this contribution for?" in screen, screen
    assert "Please choose one of the options" not in screen
    await ann.choose(FUND)
    if "labour" not in typed:
        await ann.say("200k")
    screen = await ann.choose("Skip")
    assert shown in screen, screen
    assert await count(app, Contribution) == 0


# --- 6. her January as a head -----------------------------------------------------------------------------

TET_APPEAL = "Kính gửi anh chị em, mời ủng hộ Tết cho hộ nghèo.\nBan vận động Công đoàn trường"


async def _tet_appeal(app: App, at: datetime, *, again: bool = False) -> None:
    """Lê Văn Hùng, the union's chairman, opens the Tết drive and sends its appeal, signed by the union's
    committee, to the whole school (`again`: his follow-up to those who have not given)."""
    async with app.sessionmaker() as session, session.begin():
        hung = (await session.scalars(select(Person).where(Person.full_name == "Lê Văn Hùng"))).one()
        officer = await actor_for(session, hung)
        if again:
            appeal = (await session.scalars(select(Appeal))).one()
            await follow_up(session, officer, appeal, now=at, settings=app.settings)
            return
        tet = NewDrive("Tết vì người nghèo 2027", date(2027, 1, 25), date(2027, 2, 5), fund=False)
        drive = await create_drive(session, officer, tet, now=at)
        await send_appeal(
            session, officer, Draft(TET_APPEAL, Audience("org"), drive.id), now=at, settings=app.settings
        )


async def _her_units_idea(app: App, at: datetime) -> None:
    """Ann, Phòng Đào tạo's leader, records an idea of her unit's for 2027."""
    async with app.sessionmaker() as session, session.begin():
        ann = await session.scalar(select(Person).where(Person.full_name == "Ann Nguyen"))
        assert ann is not None
        unit = await session.scalar(select(Unit.id).where(Unit.org_id == ann.org_id, Unit.code == "PDT"))
        campaign = await active_campaign(session, ann.org_id, at.date())
        assert campaign is not None
        idea = await session.scalar(
            select(Criterion.id).where(Criterion.campaign_id == campaign.id, Criterion.code == "sang-kien")
        )
        assert idea is not None
        await record_result(
            session,
            ann,
            campaign_id=campaign.id,
            year=2027,
            criterion_id=idea,
            quantity=1,
            description="Mô hình nuôi bò cho hộ nghèo",
            unit_id=unit,
            now=at,
        )


async def _tuan_proposes_her(app: App, at: datetime, code: str = "giay-khen-thu-truong") -> None:
    """Phạm Minh Tuấn, Phòng Đào tạo's head, proposes Ann for the head's commendation of 2027 (or `code`)."""
    async with app.sessionmaker() as session, session.begin():
        ann = await session.scalar(select(Person).where(Person.full_name == "Ann Nguyen"))
        tuan = await session.scalar(select(Person).where(Person.full_name == "Phạm Minh Tuấn"))
        assert ann is not None and tuan is not None
        form = await session.scalar(select(AwardForm.id).where(AwardForm.code == code))
        assert form is not None
        await propose_award(
            session,
            await actor_for(session, tuan),
            form_id=form,
            year=2027,
            unit_id=ann.unit_id,
            person_id=ann.id,
            summary="Vận động tốt",
            now=at,
        )


def _received(ann: Chat, begins: str) -> list[str]:
    return [m.text for to, m in ann.channel.transport.sent if to == ann.chat_id and begins in m.text]


@pytest.mark.parametrize("profile", [BUTTONS])  # what she reads: one kind of chat is enough
async def test_her_january_as_a_head_names_the_plans_items_with_english_words(
    app: App, ann: Chat, clock: MovableClock
) -> None:
    """Ann leads her department from January 2027. Her unit's registration for the new year and the award she
    may propose named the plan's items in Vietnamese alone (“Sáng kiến, mô hình hay về giảm nghèo”, “Giấy khen
    của Thủ trưởng đơn vị”): each now says what it is in English after it (decision 2436). The Tết appeal,
    signed by the union's committee, is said to be sent by the officer, not to be his words (decision 2435);
    her Mondays read in English (decision 2437)."""
    await grant(app, "Ann Nguyen", "leader", "PDT")
    await _her_units_idea(app, datetime(2027, 1, 2, 9, tzinfo=LOCAL_TZ))
    clock.at = datetime(2027, 1, 4, 7, 30, tzinfo=LOCAL_TZ)
    await weekly(app, clock.at)
    await ann.say("/menu")
    (digest,) = _received(ann, "Weekly digest for Phòng Đào tạo")
    assert digest.startswith(
        "Weekly digest for Phòng Đào tạo – Hành chính – Kế toán, 28/12/2026 – 03/01/2027"
    )
    assert "registrations close on 31/12/2027 (/unit)." in digest and "/donvi" not in digest
    # the results' line names the item as her registration does (decision 2446)
    assert "Sáng kiến, mô hình hay về giảm nghèo (ideas and good models against poverty): 1" in digest, digest

    screen = await ann.say("/unit")
    assert "Choose what Phòng Đào tạo – Hành chính – Kế toán pledges for 2027." in screen
    labels = [choice.label for choice in ann.menu.choices]
    assert "▫️ Sáng kiến, mô hình hay về giảm nghèo (ideas and good models against poverty)" in labels
    assert "▫️ Báo cáo định kỳ, đột xuất đầy đủ, đúng hạn (reports sent in full and on time)" in labels

    await ann.say("/awards")
    screen = await ann.choose("Propose for an award")
    assert "Which award do you propose for (2027)?" in screen
    labels = [choice.label for choice in ann.menu.choices]
    assert "Giấy khen của Thủ trưởng đơn vị (commendation from the organisation's head)" in labels
    assert "Bằng khen của Chủ tịch UBND tỉnh (certificate of merit from the province's chairman)" in labels
    # the award once chosen is named as it was offered (decision 2446)
    head_s = "Giấy khen của Thủ trưởng đơn vị (commendation from the organisation's head)"
    assert f"propose for {head_s}?" in await ann.choose(head_s)
    await ann.choose("The unit itself (a collective)")
    await ann.say("Đơn vị làm tốt công tác vận động")
    assert f"for {head_s} (2027)." in await ann.choose("Yes, confirm")
    # and so in the year's list of proposals (decision 2528)
    listed = "• the unit Phòng Đào tạo – Hành chính – Kế toán — " + head_s + "; proposed by Ann Nguyen"
    assert listed in await ann.choose("Proposals of 2027")
    labels = [choice.label for choice in ann.menu.choices]  # and on its buttons (decision 2650)
    assert "Withdraw: the unit Phòng Đào tạo – Hành chính – Kế toán — " + head_s in labels, labels
    await _tuan_proposes_her(app, clock.at)
    screen = await ann.say("am I proposed for an award?")
    assert f"Phạm Minh Tuấn proposed you for {head_s} in 2027." in screen, screen
    assert f"You stand proposed for {head_s} (2027):" in screen, screen
    # proposed for a second award, each line of the list names the other with its gloss too (decision 2657)
    await _tuan_proposes_her(app, clock.at, "bang-khen-ubnd-tinh")
    await ann.say("/awards")
    province_s = "Bằng khen của Chủ tịch UBND tỉnh (certificate of merit from the province's chairman)"
    screen = await ann.choose("Proposals of 2027")
    assert f"Also proposed in 2027: {province_s}" in screen, screen
    assert f"Also proposed in 2027: {head_s}" in screen, screen
    await ann.say("/menu")

    clock.at = datetime(2027, 1, 25, 9, tzinfo=LOCAL_TZ)
    await _tet_appeal(app, clock.at)
    await ann.say("/menu")
    clock.at = datetime(2027, 2, 1, 9, tzinfo=LOCAL_TZ)
    await _tet_appeal(app, clock.at, again=True)
    await ann.say("/menu")
    said = f"An appeal sent by Lê Văn Hùng, as written:\n\n{TET_APPEAL}"
    assert _received(ann, "Kính gửi anh chị em") == [said, said]  # the appeal, then its follow-up


def test_a_plans_deadline_said_by_its_title_reads_what_it_is_in_english() -> None:
    """A deadline the reminder names by its title (the 2021–2025 plan's mid-term dossiers, whose code says no
    kind; an organisation's own) read in Vietnamese alone to a reader of English (decision 2446)."""
    title = "Các phòng, khoa, trung tâm gửi hồ sơ đề nghị khen thưởng sơ kết về đơn vị"
    due = DeadlineLine(title, date(2023, 12, 10))
    assert (
        due.text("en")
        == f"{title} (the units' mid-term award proposals to the organisation): due on 10/12/2023."
    )
    assert due.text("vi") == f"{title}: hạn ngày 10/12/2023."
    own = DeadlineLine("Nộp báo cáo thi đua của trường", date(2023, 12, 10))  # its own words: as written
    assert own.text("en") == "Nộp báo cáo thi đua của trường: due on 10/12/2023."
    # a plan's item whose title an organisation edited in its copy, its code kept: the title alone, wherever
    # it is named, where the gloss would say what the movement's words say, not its own (decision 2529)
    fund = Criterion(code="ung-ho-quy", title="Ủng hộ Quỹ “Vì người nghèo”")
    assert criterion_name("en", fund) == "Ủng hộ Quỹ “Vì người nghèo” (giving to the Fund for the Poor)"
    edited = Criterion(code="ung-ho-quy", title="Ủng hộ Quỹ xã và giúp hộ nghèo đón Tết")
    assert criterion_name("en", edited) == title_named("en", edited.title) == edited.title
    # the head's roll-up, once the units' day has gone by: the organisation's own dossier with the year's
    # proposals, counted in English words (decision 2651)
    org = "Bệnh viện Đa khoa tỉnh Hà Tĩnh"
    upward = DeadlineLine("Đơn vị gửi hồ sơ …", date(2026, 12, 15), "award", org, upward=True)
    minutes = "the letter and the council's minutes are under “Awards”."
    for proposals, forms, said in ((1, 1, "1 proposal for 1 award"), (5, 2, "5 proposals for 2 awards")):
        line = replace(upward, standing=YearProposed(proposals, forms))
        assert line.text("en") == (
            f"{org} sends its award proposals to the level above: due on 15/12/2026. "
            f"This year: {said}; {minutes}"
        )
    line = replace(upward, standing=YearProposed(5, 2))
    assert line.text("vi").endswith(
        "Năm nay có 5 đề nghị cho 2 hình thức khen thưởng; tờ trình và biên bản họp Hội đồng ở mục "
        "“Khen thưởng”."
    )
    # a thousand or more counted as each language writes its numbers, never “1000 hộ” (decision 2728)
    assert (
        replace(upward, standing=YearProposed(1200, 3))
        .text("en")
        .endswith(f"This year: 1,200 proposals for 3 awards; {minutes}")
    )
    assert (
        UnitProposed("Thôn 5", 0, 1000, 1).text("vi")
        == "Thôn 5 đã đề nghị 1.001 (1.000 hộ gia đình, 1 tập thể)."
    )
    assert (
        UnitsProposed(1200, 1500, 2400).text("vi")
        == "Các đơn vị đã đề nghị: 1.200/1.500 đơn vị, 2.400 đề nghị."
    )
    # units with no leader of their own, to the head and to the office, as English says it (decision 2725)
    unled = Leaderless(("Khoa C",), 0, head=True)
    assert unled.text("en") == (
        "Khoa C has no leader of its own to propose anyone for an award: if someone there deserves one, "
        "please propose them yourself under “Awards”."
    )
    assert unled.text("vi") == (
        "Khoa C chưa có lãnh đạo đơn vị để đề nghị khen thưởng: nếu ở đó có người xứng đáng, anh/chị đề nghị "
        "thay ở mục “Khen thưởng”."
    )
    assert Leaderless(("Khoa C", "Khoa D"), 0, head=False).text("en") == (
        "Khoa C, Khoa D have no leaders of their own to propose anyone for an award: if someone there "
        "deserves one, the organisation's leaders propose them under “Awards”; the office can give each a "
        "leader in “Roles”."
    )
    # leaders away or not on Chung Tay, the same words of who proposes instead (decision 2729's Left)
    assert Leaderless(("Khoa C",), 0, head=True, away=True, training=True, mixed=True).text("en") == (
        "The leader of Khoa C is on long leave or away on training and gets no reminder: if anyone there "
        "deserves an award, please propose them yourself."
    )
    assert Leaderless(("Khoa C", "Khoa D"), 0, head=False, away=True).text("en") == (
        "The leaders of Khoa C, Khoa D are on long leave and get no reminder: if anyone there deserves an "
        "award, the organisation's leaders propose them."
    )
    assert Leaderless(("Khoa C",), 0, head=True, unreached=True).text("en") == (
        "The leader of Khoa C is not on Chung Tay and gets no reminder: please tell them in person; if "
        "anyone there deserves an award, propose them yourself."
    )
    # the office's count of what nobody may confirm, its labour days naming the officer (decision 2725)
    office = _office_text("en", count=3, days=1, unit="Thôn 5", in_unit=True, commune=True)
    assert office.startswith(
        "Contributions waiting in Thôn 5 with no treasurer to confirm them: 3. Labour days waiting in Thôn 5 "
        "with nobody to confirm them (a treasurer or a Front officer): 1. "
    ), office
