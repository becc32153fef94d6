"""English from the first screen, and a language switched in the middle of a step keeps the step (decision
0141). Found by a doctor using the bot in English: "English" typed at the name or the data notice was taken
for a name or for nothing; "tiếng việt" at a gift's last look dropped the gift without a word; the apology
after a fault was Vietnamese before joining; English screens taught the Vietnamese commands; and the
anonymous giver was “Nhà hảo tâm” on one English screen and “Well-wisher” on another."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po
from sqlalchemy import select

from bot.app import App
from bot.channels.collecting import CollectingChannel
from bot.conversation.engine import Engine
from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import Commitment, Contribution, Person
from bot.demo import DemoInvites
from bot.i18n import LOCALE_DIR
from bot.messages import TEXT_ONLY
from handlers.registry import build_registry
from tests.support.clocks import MovableClock
from tests.support.people import Person as Scripted
from tests.support.profiles import examples_on_one_profile, on_buttons, on_text_only
from tests.test_appeal_walk import _drive
from tests.test_drives import seed
from tests.test_flows import count, give_money, join

DONE_EN = "Done. From now on I will answer in English."


@on_text_only
async def test_the_welcome_says_in_english_how_to_go_on_in_english(app, make_person) -> None:
    screen = await make_person("guest").say("xin chào")
    assert "mã mời" in screen and "Type English to continue in English." in screen
    screen = await make_person("ann").say("English")
    assert "Type English" not in screen and "please type the invite code" in screen


@on_text_only
async def test_a_languages_name_at_every_joining_step_switches_and_asks_that_step_again(
    app, invites, make_person
) -> None:
    ann = make_person("ann")
    await ann.say(invites.member)
    screen = await ann.say("English")  # at the name, where it was taken for a name
    assert DONE_EN in screen and "Please type your full name" in screen and "họ và tên" not in screen
    screen = await ann.say("Ann Nguyen")
    assert "The staff list has nobody named “Ann Nguyen”." in screen
    screen = await ann.say("tiếng việt")  # at the name not on the list: the same question, in Vietnamese
    assert "Ann Nguyen" in screen and "Tham gia với tên này" in screen and "Join with" not in screen
    screen = await ann.say("vietnamese")
    assert "Tham gia với tên này" in screen
    await ann.say("english")
    screen = await ann.choose("Join with this name")
    assert "Before we start, about your data" in screen
    assert "get a copy or stop using the bot: /mydata" in screen and "union officer" not in screen
    screen = await ann.say("Tiếng Việt")  # at the data notice, where it was "please choose an option"
    assert "sử dụng dữ liệu cá nhân" in screen and "vui lòng chọn" not in screen.lower()
    screen = await ann.say("tieng anh")
    assert DONE_EN in screen and "Before we start, about your data" in screen
    screen = await ann.choose("I agree")  # the language chosen on the way is not asked again
    assert "Welcome, Ann Nguyen!" in screen and "Which language" not in screen
    async with app.sessionmaker() as session:
        person = await session.scalar(select(Person).where(Person.full_name == "Ann Nguyen"))
        assert person is not None and person.locale == "en"


@on_buttons
async def test_a_language_switched_at_a_gifts_last_look_keeps_the_gift(app, hoa) -> None:
    await give_money(hoa)
    await hoa.say("200k")
    screen = await hoa.choose("Bỏ qua")
    assert "200.000\xa0₫" in screen and "Có" in screen
    screen = await hoa.say("English")
    assert DONE_EN in screen and "200,000" in screen and "Yes, confirm" in screen
    assert "What would you like to do" not in screen and "Not saved" not in screen
    screen = await hoa.say("yes")
    assert "CT-2026-000001" in screen and "₫200,000" in screen
    assert await count(app, Contribution) == 1
    screen = await hoa.say("/language tiếng việt")  # at the public name question that follows a first gift
    assert "Xong. Từ giờ" in screen and "hiện tên" in screen.lower()


@examples_on_one_profile(
    ("typed", "vi", "en"),
    [("5 kg gao 🍚", "5 kg gạo", "5 kg gao"), ("2 ngay cong", "2 ngày công", "2 labour days")],
)
async def test_a_language_switched_at_a_gift_typed_alone_keeps_what_she_typed(
    app, hoa, typed: str, vi: str, en: str
) -> None:
    screen = await hoa.say(typed)  # at the main menu, no giving word: asked whether to record it
    assert f"Anh/chị muốn ghi nhận đóng góp {vi}?" in screen
    screen = await hoa.say("English")
    assert DONE_EN in screen and f"Record a gift of {en}?" in screen and f"Yes, record {en}" in screen
    screen = await hoa.say("tieng viet")
    assert f"Anh/chị muốn ghi nhận đóng góp {vi}?" in screen and f"Có, ghi {vi}" in screen


async def test_english_asked_for_in_a_sentence_switches_at_once_at_every_step(
    app, invites, make_person
) -> None:
    """ "english please" opened the language menu in Vietnamese before joining, and was a name at the name
    step; "in english", "speak english", "tiếng anh đi" were nothing at a gift's last look."""
    guest = make_person("guest")
    screen = await guest.say("english please")
    assert DONE_EN in screen and "please type the invite code" in screen and "ngôn ngữ" not in screen
    ann = make_person("ann")
    await ann.say(invites.member)
    screen = await ann.say("speak english")  # at the name step
    assert DONE_EN in screen and "Please type your full name" in screen and "Speak English" not in screen

    hoa = make_person("hoa")
    await join(hoa, invites.member)
    await give_money(hoa)
    await hoa.say("200k")
    await hoa.choose("Bỏ qua")
    for typed, done in (
        ("in english", DONE_EN),
        ("tiếng việt đi", "Xong. Từ giờ"),
        ("switch to English please", DONE_EN),
        ("cho tôi tiếng Việt nhé", "Xong. Từ giờ"),
        ("tieng anh di", DONE_EN),
    ):
        screen = await hoa.say(typed)
        assert done in screen and ("200,000" in screen or "200.000" in screen), typed
        assert "Not saved" not in screen and "Chưa lưu" not in screen
    assert "₫200,000" in await hoa.say("yes")
    assert await count(app, Contribution) == 1


@on_buttons
async def test_the_language_menu_asked_for_in_english_is_in_english(app, hoa, invites, make_person) -> None:
    for typed in ("change language", "language", "/language"):
        await hoa.say("/menu")
        screen = await hoa.say(typed)
        assert "Which language do you prefer?" in screen and "ngôn ngữ nào" not in screen, typed
    await hoa.say("/menu")
    assert "ngôn ngữ nào" in await hoa.say("ngôn ngữ")  # asked in Vietnamese: in Vietnamese
    guest = make_person("guest")
    await guest.say(invites.member)
    screen = await guest.say("/language")  # before joining too, with its way back in English
    assert "Which language do you prefer?" in screen and "Back" in screen and "Quay lại" not in screen


async def test_the_language_command_mid_registration_keeps_what_was_ticked(app, hoa) -> None:
    await hoa.choose("Đăng ký thi đua")
    screen = await hoa.choose("Ủng hộ Quỹ")
    assert "✅" in screen
    screen = await hoa.say("/language en")
    assert DONE_EN in screen and "✅" in screen and "Done" in screen
    await hoa.choose("Done")
    screen = await hoa.say("1tr")
    assert "1,000,000" in screen
    screen = await hoa.say("yes")
    assert "Saved" in screen
    assert await count(app, Commitment) == 1


def _failing_before_joining() -> Flow:
    flow = Flow("broken")

    @flow.prompt("early")
    async def early(turn: Turn) -> None:
        raise ValueError("a bug before joining")

    return flow


async def test_the_apology_before_joining_is_in_the_language_the_chat_chose(
    app: App, invites: DemoInvites, clock: MovableClock
) -> None:
    registry = build_registry()
    registry.add(_failing_before_joining())
    registry.command_before_joining(("/hong",), "broken", "early")
    engine = Engine(registry, app.sessionmaker, app.settings, clock)
    ann = Scripted(CollectingChannel(engine, TEXT_ONLY), "ann", clock)
    await ann.say("English")
    await ann.say(invites.member)
    screen = await ann.say("/hong")
    assert "Sorry, something went wrong" in screen and "Xin lỗi" not in screen


async def join_in_english(person, code: str, name: str = "Ann Nguyen") -> str:  # type: ignore[no-untyped-def]
    await person.say("English")
    await person.say(code)
    await person.say(name)
    await person.choose("Join with this name")
    return await person.choose("I agree")


async def test_english_screens_name_the_english_commands_and_words(app, invites, make_person) -> None:
    ann = make_person("ann")
    await join_in_english(ann, invites.member)
    screen = await ann.say("/help")
    assert "/cancel" in screen and "/register, /give, /progress" in screen and "/statement" in screen
    assert "/mydata — what Chung Tay keeps about you, a copy of it, or stopping the bot." in screen
    assert "/dulieu" not in screen
    for vietnamese in ("/huy", "/dangky", "/donggop", "/tiendo", "/congkhai", "/lienket", "/saoke"):
        assert vietnamese not in screen
    await ann.choose("Record a contribution")
    await ann.choose("outside the drives")
    await ann.choose("Money")
    await ann.say("200k")
    await ann.choose("Skip")
    screen = await ann.choose("Yes")
    assert "type “yes” or “no”" in screen and "“có”" not in screen and "/publicname" in screen
    assert "“Well-wisher”" in screen and "Nhà hảo tâm" not in screen
    screen = await ann.say("no")
    assert "Saved: the public statement shows you as “Well-wisher”." in screen and "/publicname" in screen


async def test_the_anonymous_giver_has_one_name_in_english(app, invites, make_person) -> None:
    ann = make_person("ann")
    await ann.say("English")
    await ann.say(invites.member)
    await ann.say("Ann Nguyen")
    notice = await ann.choose("Join with this name")  # the data notice, the first place it is named
    assert "“Well-wisher”" in notice and "Nhà hảo tâm" not in notice
    await ann.choose("I agree")
    screen = await ann.choose("My name on the statement")
    assert "“Well-wisher”" in screen and "Nhà hảo tâm" not in screen
    screen = await ann.choose("Stay anonymous")
    assert "“Well-wisher”" in screen and "Nhà hảo tâm" not in screen


async def test_an_english_officers_correction_says_the_copy_for_the_group_is_in_vietnamese(
    app: App, make_person
) -> None:
    """An officer who chose English corrects an appeal: she is told to forward “the message below” to the
    group chat, and the message below is in Vietnamese, without a word of why, where the drive's message for
    the group says it is in the organisation's language (decision 0747)."""
    ids = await seed(app)
    await _drive(app, ids)
    hung = make_person("hung")
    await hung.say("/language")
    await hung.choose("English")
    await hung.say("/appeal")
    await hung.choose("New message")
    await hung.say("Please give to account 0123456780.")
    await hung.choose("Tháng cao điểm 2026")
    await hung.choose("Everyone")
    await hung.choose("Send now")
    await hung.choose("Correct the text")
    await hung.say("Please give to account 0123456789.")
    screen = await hung.choose("Yes, confirm")
    assert "forward the message below there too. It is in Vietnamese, the organisation's language." in screen
    assert "Đính chính lời kêu gọi ngày 22/11/2026. Xin anh/chị đọc lại như sau:" in screen


def test_no_english_text_names_a_vietnamese_command() -> None:
    """Each step has a Vietnamese command and an English one (handlers/registry.py registers them in that
    order; /huy and /thoat are the engine's, beside /cancel and /exit)."""
    registry = build_registry()
    english = {"/cancel", "/menu", "/help", "/start"}
    names: dict[tuple[str, str], list[str]] = {}
    for name, target in registry.commands.items():
        names.setdefault(target, []).append(name)
    for pair in names.values():
        # registered ("/vietnamese", "/english"), or with a second English one: /baocao, /digest, /report
        if len(pair) >= 2:
            english.update(pair[1:] if pair[0] != "/help" else pair[:1])
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="en")
    named = {  # a plural's forms too: “{count} more stopped messages … from /keugoi” was one (decision 0747)
        command: message.id
        for message in catalog
        if message.id
        for string in ((message.string,) if isinstance(message.string, str) else message.string)
        for command in re.findall(r"(?<![\w/])/[a-z]+\b", string)
        if command in (*registry.commands, "/huy", "/thoat") and command not in english
    }
    assert named == {}


def test_english_names_the_officer_in_charge_where_the_vietnamese_does() -> None:
    """An invite code used up, expired or withdrawn, the data notice, the alarm for a newly linked account
    and the name-confirmation pause say “cán bộ phụ trách” in Vietnamese: a commune's reader has no union
    officer, and the English said “your union officer”."""
    catalogs = {}
    for locale in ("vi", "en"):
        with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            catalogs[locale] = read_po(fh, locale=locale)
    in_charge = [
        message.id
        for message in catalogs["vi"]
        if message.id and isinstance(message.string, str) and "cán bộ phụ trách" in message.string
    ]
    assert len(in_charge) >= 8
    said = {msgid: catalogs["en"][msgid].string for msgid in in_charge}
    assert {msgid: text for msgid, text in said.items() if "union officer" in f"{msgid} {text}"} == {}
