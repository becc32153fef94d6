"""Joining: invite code (deep-link payload or typed) → who are you → personal-data notice → language.

The language can be chosen first, before the code (/ngonngu, /language, or "English" typed): it is kept for
the chat, the rest of joining speaks it, and the last question is then not asked again."""

from __future__ import annotations

import contextlib
import itertools
import re
from datetime import date

from sqlalchemy import select

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import ChannelIdentity, Invite, Organisation, Person, Unit
from bot.domain.access import may_claim_on_joining, may_look_up_a_given_name
from bot.domain.claims import (
    attempt_claim,
    claimable_records,
    claims_reopen,
    given_names_tried,
    given_names_tried_with,
    last_digits,
    left_since,
    listed_by_name,
    listed_without_phone,
    name_matches,
    named_by_a_given_name,
    near_listed,
    note_given_name,
    open_records,
    still_claimable,
    unheld_listed,
    yet_to_join,
)
from bot.domain.invites import (
    CODE_LENGTH,
    InviteError,
    find_usable_invite,
    invite_of_code,
    looks_like_invite_code,
)
from bot.domain.joining import join_with_invite
from bot.domain.links import looks_like_link_code
from bot.domain.notices import (
    commune_and_level,
    days_officer,
    is_commune,
    officers_title,
    recorded_before_joining,
    role_at,
    role_place,
)
from bot.domain.org_import import PHONE_WRITTEN, normalize_phone
from bot.i18n import LOCALES, Translator, translate
from bot.messages import Choice
from bot.text import CODE_WORDS, KHONG_IN_CHATS, fold, match_key, name_apostrophes, name_case, nfc, telex_read
from handlers import ledger, linking
from handlers.common import (
    NO_WORDS,
    YES_WORDS,
    actor_of,
    go_home,
    language_menu,
    named_language,
    too_long,
)
from handlers.name_search import person_label
from handlers.wording import addressed

flow = Flow("onboarding")

NEW_PERSON, LATER, RETYPE, NO_PHONE = "new", "later", "retype", "nophone"
# What people type, whole, for “Danh sách không có số điện thoại của tôi” at the digits' question: typed so
# (“khong co so dien thoai”), it was read as digits and answered “please type exactly 4 digits” (1092).
_NO_PHONE_WORDS = (
    "khong co so", "khong co so dien thoai", "khong co sdt", "chua co so", "chua co so dien thoai",
    "chua co sdt", "danh sach khong co so", "danh sach khong co so dien thoai", "no phone", "no phone number",
)  # fmt: skip
# The same said inside a sentence (“nhà tôi không có số điện thoại trong danh sách”, “em không có sđt”): read
# as no digits, the question came again (1137). “không có” alone is still “not on the list”. Also the other
# way round (“số điện thoại không có trong danh sách”), and with “không” as chats write it (“em ko co sdt”):
# both were read as no digits too (decision 1160).
_NO_PHONE_SAID = tuple(
    phrase.split()
    for phrase in (
        "khong co so", "khong co sdt", "khong co dien thoai", "chua co so", "chua co sdt",
        "chua co dien thoai", "dien thoai khong co", "sdt khong co", "no phone", "not have a phone",
        "dont have a phone",
    )
)  # fmt: skip
# “My name is not on the list” said at the digits' question, where the question says the list has the name
# (“khong co ten trong danh sach”, “em ko co ten”): it was asked for 4 digits, as if it had typed them wrong
# (decision 1235).
_NO_NAME_SAID = tuple(
    phrase.split()
    for phrase in (
        "khong co ten", "chua co ten", "khong thay ten", "chua thay ten", "ten khong co", "name is not",
        "name not", "not on the list",
    )
)  # fmt: skip
# A no with “có” (have) or “phải” (is) after it, alone or with “ạ”: the answer to “is this yours?” (1472).
_NO_ALONE = ("khong co", "khong co a", "chua co", "chua co a", "da khong co", "khong phai a", "khong co dau")
LANGUAGE_COMMANDS = ("/ngonngu", "/language")
# Typed where the invite code is asked: the language menu. (No invite code is a word: codes have no I, L, O.)
_LANGUAGE_WORDS = ("ngon ngu", "language", "doi ngon ngu", "change language")
_CODE_SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{4,20}$")
_WORD = re.compile(r"[^\W_]+")
NAME_LIMIT = 100  # characters of a person's or a household's name typed at joining
_NAME_SHAPE = re.compile(r"^[^\W\d_]+(?:[ .'-][^\W\d_]+)+$")
_GIVEN_NAME = re.compile(r"^[^\W\d_]{2,30}$")  # one word of letters: “Lan”, a given name alone (1670)
# What people put before their name in a chat (folded): “Em là Nguyễn Thị Hoa”, “Tôi tên là …”, “Họ tên: …”.
# Kept in the name, it matched no listed record and a new member was made of “Em Là …” (decision 0543).
_NAME_LEADS = tuple(
    lead.split()
    for lead in (
        "em ten la", "toi ten la", "minh ten la", "ten em la", "ten toi la", "ten minh la", "ten cua em la",
        "ten cua toi la", "em la", "toi la", "minh la", "chau la", "con la", "ho va ten", "ho ten",
        "em ten", "toi ten", "minh ten", "my name is", "i am",
    )
)  # fmt: skip
# Said around those words, as typed (not folded: “Dạ” and “Hà” are names too), taken only with a lead: before
# it, “Dạ”, “Vâng”, “Chào anh,” (“Dạ em tên Hoa”); after the name, “ạ”, “nhé”, “à” (“Em là Nguyễn Thị Lan ạ”,
# “em ten la nguyen thi lan a”: “a” only in a name typed without accents). Kept, the name matched no listed
# record (decision 0556).
_BEFORE_LEAD = frozenset(("dạ", "vâng", "xin", "chào", "hi", "hello", "anh", "chị", "thầy", "cô", "ạ"))
_AFTER_NAME = frozenset(("ạ", "à", "nhé", "nhá"))
_AFTER_NAME_UNACCENTED = frozenset(("a", "ah", "nhe"))
# What a newcomer says instead of her name (folded, whole words): “Tôi là người mới”, “em mới vào”, “chưa có
# tên trong danh sách”. No name holds them; read as one, a new member “Người Mới” was one tap away (0603).
_SAYS_NEW = ("nguoi moi", "chua co ten", "khong co ten", "chua co trong", "khong co trong")
# The same, in words a name may hold: “Trần Danh Sách”, “Nguyễn Hồ Mới”, “Lê Thị Mới” are names (0626).
_SAYS_NEW_UNLESS_A_NAME = (
    "vien moi", "bo moi", "ho moi", "moi vao", "moi den", "moi chuyen", "moi ve", "danh sach",
)  # fmt: skip
# The family names a name begins with, lower case with accents: the commonest Kinh ones, and the Khmer,
# Thái and Tây Nguyên ones of the provinces the movement's plans come from (Kiên Giang, Sơn La, Khánh Hòa).
# What begins so is a name, whatever words follow it; a sentence begins otherwise (“em”, “tôi”, “hộ”).
_FAMILY_NAMES = frozenset((
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ", "ngô",
    "dương", "lý", "lí", "đào", "đoàn", "đinh", "trương", "trịnh", "lâm", "lương", "mai", "tô", "hà", "tạ",
    "cao", "châu", "quách", "lưu", "thái", "tăng", "kiều", "đàm", "hứa", "lục", "mạc", "nông", "triệu", "hầu",
    "la", "vương", "phùng", "tống", "khúc", "thân", "chu", "từ", "doãn", "giang", "âu", "ông", "bạch", "diệp",
    "lã", "lạc", "ninh", "tôn", "văn", "viên", "khổng", "quan", "thạch", "danh", "kim", "sơn", "chau",
    "néang", "lò", "lường", "cầm", "quàng", "điêu", "sầm", "ksor", "nay", "niê", "y", "h",
))  # fmt: skip
_FAMILY_FOLDED = frozenset(fold(name) for name in _FAMILY_NAMES)  # typed without accents; “ho” is “hộ” too


async def _invite_problem(turn: Turn, problem: InviteError) -> str:
    """Why a code does not let one in; one found but no longer usable names whom to ask for a new one as its
    organisation names its officers (`days_officer`, decision 1942)."""
    t = turn.t
    if problem.org_id is None or problem.reason not in ("withdrawn", "expired", "used_up"):
        return t(
            "I could not find that invite code. Please check it and type it again (for example: K7M2QX9P)."
        )
    officer = days_officer(t, commune=await is_commune(turn.session, problem.org_id))
    return {
        "withdrawn": t("This invite code is no longer valid. Please ask {officer} for a new one."),
        "expired": t("This invite code has expired. Please ask {officer} for a new one."),
        "used_up": t(
            "This invite code has already been used. Please ask {officer} for a new one.\n"
            "If you, or someone in your household, joined already on another phone or messenger, type the "
            "code /lienket gives there instead."
        ),
    }[problem.reason].format(officer=officer)


@flow.prompt("start")
async def start(turn: Turn) -> None:
    """First contact: a deep-link payload or a typed code joins at once; a greeting gets the welcome."""
    text = turn.text
    command, _sep, rest = text.partition(" ")
    if command.lower() in ("/start", "/lienket", "/link"):
        text = rest.strip()
    if command.lower().split("@", 1)[0] in LANGUAGE_COMMANDS:
        turn.argument = rest.strip() or turn.argument
    if command.lower().split("@", 1)[0] in LANGUAGE_COMMANDS or _asks_for_language(turn, text):
        turn.set(resume="start")
        turn.goto("onboarding", "early_language")
    elif looks_like_link_code(text):  # a code from the person's other messenger
        await linking.redeem(turn, typed=text)
    elif command.lower() in ("/lienket", "/link"):
        turn.say(linking.where_codes_come_from(turn))
        _welcome(turn)
    elif text and (_CODE_SHAPE.match(text) or _codes_in(text)):
        await _try_code(turn, text, first_contact=True)
    else:
        _welcome(turn)


@flow.prompt("again")
async def start_again(turn: Turn) -> None:
    """/start, with a Telegram link's payload or not ("/start 6XK6UY5M"): before joining, the first contact's
    step; for someone who has joined, an invite code in it is answered (`_joined_already`), else the menu."""
    if turn.person is None:
        turn.goto("onboarding", "start", keep_data=False)
    elif not (looks_like_invite_code(turn.text) and await _joined_already(turn)):
        go_home(turn)


async def start_in_place(turn: Turn) -> bool:
    """The invite link of a code that can no longer be used (expired, withdrawn, used up) tapped half-way
    through joining with another invite: why, and the question on screen again, the invite and what was given
    kept. It started joining afresh, so the code's question followed and the usable invite was dropped
    (decision 0312). Any other code runs as the link does (decision 0309); after joining, always."""
    if turn.person is not None or not turn.data.get("invite_id") or not turn.argument:
        return False
    try:
        await find_usable_invite(turn.session, turn.argument, now=turn.now)
    except InviteError as problem:
        if problem.reason == "unknown":
            return False
        turn.say(await _invite_problem(turn, problem))
        return True
    return False


@flow.prompt("joined_code")
async def typed_code_joined(turn: Turn) -> None:
    """An invite code's shape typed at one's own main menu: an invite's is answered; a short code of her own
    organisation's letters that no invite has (“xathac23”, eight letters and figures as an invite's) is
    looked up as at the menu (decision 1920); anything else gets the menu's own answer to text that is none
    of its entries. Before joining (the invite link tapped again half-way through), the welcome reads the
    code, without a “please choose” where nothing is offered."""
    if turn.person is None:
        go_home(turn)
        return
    if await _joined_already(turn):
        return
    if await ledger.typed_own_code(turn):
        turn.goto("ledger", "typed")
        return
    turn.say(turn.t("Please choose one of the options below."))
    go_home(turn)


async def _joined_already(turn: Turn) -> bool:
    """Someone who has joined sent an invite code (`turn.text`): nothing changes and the code is not used,
    but they are told why, never met by silence (docs/decisions/0139). One account is of one organisation: a
    code of another says so, naming nothing of it but its name, which its holder knows; a code of their own
    says they joined, and where a role they lack comes from; to someone recorded as left, that they left and
    how the office takes it back (docs/decisions/0542). False when no invite has that code."""
    assert turn.person is not None
    invite = await invite_of_code(turn.session, turn.text)
    if invite is None:
        return False
    person, t = turn.person, turn.t
    org = await turn.session.get_one(Organisation, person.org_id)
    code = invite.code
    if invite.org_id != person.org_id:
        other = await turn.session.get_one(Organisation, invite.org_id)
        turn.say(
            t(
                "This account belongs to {org} in Chung Tay, and {code} is an invite code of {other}. One "
                "account belongs to one organisation, so nothing was changed and the code was not used. To "
                "join {other}, please use another messenger (Zalo or Telegram) or another account, and send "
                "the code there."
            ).format(org=org.name, code=code, other=other.name)
        )
        go_home(turn)
        return True
    if not may_claim_on_joining(person):  # recorded as left: no invite makes them a member again (0129)
        turn.say(
            t(
                "The office has recorded you as having left {org} on {date}, so an invite code does not make "
                "you a member again, and {code} was not used. If that is a mistake, please ask the office to "
                "take it back (Roles → A colleague who left); your membership of your unit then comes back."
            ).format(org=org.name, date=t.date(person.left_on), code=code)
        )
        go_home(turn)
        return True
    unit = await turn.session.get(Unit, person.unit_id) if person.unit_id is not None else None
    where = f"{unit.name} — {org.name}" if unit is not None else org.name
    lines = [
        t("You have joined already: this account is {name}'s, {where}. The code {code} was not used.").format(
            name=person.full_name, where=where, code=code
        )
    ]
    actor = await actor_of(turn)
    grants = actor.grants if actor is not None else frozenset()
    place = None if invite.role == "admin" or invite.org_wide else invite.unit_id
    if invite.role != "member" and not {(invite.role, place), (invite.role, None)} & grants:
        invite_unit = await turn.session.get_one(Unit, invite.unit_id)
        # the code's organisation's whole in its word, a ward's “toàn phường”, its officers the Front's (2844)
        commune, level = await commune_and_level(turn.session, invite.org_id)
        whole = role_place(t, invite_unit.name if place is not None else None, commune=commune, level=level)
        role = role_at(t, invite.role, whole, commune=commune)
        lines.append(
            t(
                "The code gives the role of {role}, which you do not hold. To someone who has joined, a "
                "role is granted by the office (Roles, /phanquyen): please ask the office, or whoever gave "
                "you the code."
            ).format(role=role)
        )
    turn.say("\n".join(lines))
    go_home(turn)
    return True


def _welcome(turn: Turn) -> None:
    text = turn.t(
        "Welcome to Chung Tay — For the poor, leave no one behind.\n"
        "To begin, please type the invite code your unit gave you (for example: K7M2QX9P)."
    )
    if turn.t.locale != "en":  # her own words first, then the English for whoever cannot read the rest (1720)
        text += "\n" + turn.t("Type English to continue in English.")
    else:  # and the way back in Vietnamese, for one whose phone is set to English (decision 0324)
        text += "\n" + translate("vi", "Type Vietnamese to continue in Vietnamese.")
    turn.ask(text)
    turn.wait_at("onboarding", "code")


@flow.answer("code")
async def got_code(turn: Turn) -> None:
    text = turn.text.removeprefix("/start").strip()
    if not text and turn.inbound.photo is not None:  # a selfie, a staff card: one line, not the welcome again
        turn.say(
            turn.t(
                "No photo is needed to join, and this one is not kept. Please type the invite code your unit "
                "gave you (for example: K7M2QX9P)."
            )
        )
        return
    if not text:
        turn.say(turn.t("Please type the invite code as text (for example: K7M2QX9P)."))
        return
    if looks_like_link_code(text):
        await linking.redeem(turn)
        return
    if _asks_for_language(turn, text):
        turn.set(resume="code")
        turn.goto("onboarding", "early_language")
        return
    await _try_code(turn, text)


def _asks_for_language(turn: Turn, text: str) -> bool:
    """A language word typed before joining: "ngôn ngữ" or "language" asks for the menu; a language's name
    ("English", "tiếng Việt") is also the choice (kept as the argument)."""
    if match_key(text) in _LANGUAGE_WORDS:
        return True
    if named_language(text) is not None:
        turn.argument = text
        return True
    return False


@flow.prompt("early_language")
async def ask_early_language(turn: Turn) -> None:
    """The language before joining: "/language en" or "English" sets it at once; otherwise the menu."""
    locale = named_language(turn.argument)
    if locale is None:
        # Back, or anything typed, leaves the language as it is and joining goes on: nobody is held here.
        language_menu(turn, way_out=True)
    else:
        _use_language(turn, locale)


@flow.answer("early_language")
async def got_early_language(turn: Turn) -> None:
    if turn.choice in LOCALES:
        _use_language(turn, turn.choice)
        return
    text = turn.text.strip()
    if turn.choice != BACK_ID and not turn.data.get("invite_id") and text and _CODE_SHAPE.match(text):
        turn.data.pop("resume", None)
        await _try_code(turn, text)  # the invite code typed here instead: joining goes on
        return
    _resume(turn)


def _use_language(turn: Turn, locale: str) -> None:
    """The chat's language from now on (the person's once they join); then back where joining was."""
    turn.set(locale=locale)
    turn.t = Translator(locale)
    turn.say(turn.t("Done. From now on I will answer in English."))
    _resume(turn)


def _resume(turn: Turn) -> None:
    resume = turn.data.pop("resume", None)
    if resume in ("name", "proof", "unlisted", "same_household", "listed_record", "consent", "language") and (
        turn.data.get("invite_id") or turn.data.get("link_code")
    ):
        turn.goto("onboarding", resume)
    else:
        _welcome(turn)


# A sentence is tried for this many code-shaped words at most: a person's holds one or two, and a message of
# hundreds would be as many guesses at the codes (and lookups) for the price of one.
CODES_TRIED = 3


def _codes_in(text: str) -> list[str]:
    """The words of a sentence that could be an invite code (the first CODES_TRIED): "mã mời của tôi là
    K7M2QX9P" holds one, and "Mã mời: k7m2 qx9p" one in two halves."""
    words = CODE_WORDS.findall(text)
    halves = [a + b for a, b in itertools.pairwise(words) if len(a) >= 3 and len(b) >= 3]
    found = [word for word in (*words, *halves) if len(word) == CODE_LENGTH and word != text.strip()]
    return found[:CODES_TRIED]


def _attempted_code(text: str) -> bool:
    """Letters and digits together in one word ("SBA67VP", a code one letter short): a code typed wrong, to be
    answered as one, where a greeting ("xin chào", "hello") gets the welcome."""
    word = re.sub(r"[\s-]", "", text)
    return word.isalnum() and any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word)


def _could_be_code(text: str) -> bool:
    """A word of six letters or digits or more: a code, perhaps typed wrong or short of a letter. “ko biet”,
    “ok”, “chua co ma”, what a household answers that has no code, have none, and are told where codes come
    from, not to check a code never typed (decision 1195)."""
    return bool(_codes_in(text)) or any(len(word) >= 6 for word in CODE_WORDS.findall(text))


async def _invite_in(turn: Turn, code: str) -> Invite:
    """The invite the typed text names: the whole of it, else a code-shaped word in it."""
    try:
        return await find_usable_invite(turn.session, code, now=turn.now)
    except InviteError as problem:
        if problem.reason != "unknown":
            raise
        for word in _codes_in(code):
            with contextlib.suppress(InviteError):
                return await find_usable_invite(turn.session, word, now=turn.now)
        raise


async def _try_code(turn: Turn, code: str, *, first_contact: bool = False) -> None:
    try:
        invite = await _invite_in(turn, code)
    except InviteError as problem:
        if first_contact and problem.reason == "unknown" and not _attempted_code(code):
            _welcome(turn)  # "xin chào" looks like a code but is a greeting
        elif problem.reason == "unknown" and not _could_be_code(code):
            turn.ask(
                turn.t(
                    "An invite code has 8 letters and digits, for example: K7M2QX9P. If you have no code "
                    "yet, please ask for one where you join: a staff member at their unit, a household from "
                    "its hamlet officer. Then type the code here."
                )
            )
            turn.wait_at("onboarding", "code")
        else:
            turn.ask(await _invite_problem(turn, problem))
            turn.wait_at("onboarding", "code")
        return
    turn.goto("onboarding", "name", keep_data=False)
    turn.set(invite_id=invite.id)


async def _invite(turn: Turn) -> Invite:
    return await turn.session.get_one(Invite, turn.data["invite_id"])


@flow.prompt("name")
async def ask_name(turn: Turn) -> None:
    invite = await _invite(turn)
    unit = await turn.session.get_one(Unit, invite.unit_id)
    org = await turn.session.get_one(Organisation, invite.org_id)
    new_code = turn.data.pop("new_code", False)  # said once, where the code changed (decision 0139)
    if invite.kind == "household":
        question = (
            turn.t(
                "You are using a new invite code, for your household: {unit} — {org}.\nPlease type the "
                "household's name as the list of {unit} writes it (for example: Hộ ông Trần Văn Ba)."
            )
            if new_code
            else turn.t(
                "You are joining for your household: {unit} — {org}.\nPlease type the household's name as "
                "the list of {unit} writes it (for example: Hộ ông Trần Văn Ba)."
            )
        )
        # One household, one record: a second member of the family links their phone to it instead.
        question += "\n" + turn.t(
            "If someone in your household has joined already, you need not join again: ask them to type "
            "/lienket and type the code they get here."
        )
    elif fold(unit.name) == fold(org.name):  # an organisation of one unit named as itself (decision 2342)
        question = (
            turn.t(
                "You are using a new invite code: {org}.\nPlease type your full name (for example: "
                "Nguyễn Văn An)."
            )
            if new_code
            else turn.t("You are joining: {org}.\nPlease type your full name (for example: Nguyễn Văn An).")
        )
    elif new_code:
        question = turn.t(
            "You are using a new invite code: {unit} — {org}.\nPlease type your full name (for example: "
            "Nguyễn Văn An)."
        )
    else:
        question = turn.t(
            "You are joining: {unit} — {org}.\nPlease type your full name (for example: Nguyễn Văn An)."
        )
    if invite.kind != "household":  # one person, one record: a second messenger links to it (decision 0122)
        question += "\n" + turn.t(
            "If you have joined already on Zalo or Telegram, you need not join again: on that account, type "
            "/lienket, and type the code it gives here."
        )
    turn.ask(question.format(unit=unit.name, org=org.name))


def _without_lead(name: str) -> str:
    """The name without the words said before it (`_NAME_LEADS`): “Em là Nguyễn Thị Hoa” → “Nguyễn Thị Hoa”,
    “Họ tên: Hoa” → “Hoa” (then asked in full), “Dạ em tên Nguyễn Thị Lan ạ” → “Nguyễn Thị Lan”; a name that
    begins otherwise, as typed."""
    words = name.split()
    said = [word.strip(":,.-!").lower() for word in words]
    for start in range(len(words)):  # “Dạ”, “Chào anh,” before the lead: taken with it
        keys = [fold(word) for word in said[start:]]
        for lead in _NAME_LEADS:
            if keys[: len(lead)] == lead and len(keys) > len(lead):
                rest = words[start + len(lead) :]
                after = _AFTER_NAME | (_AFTER_NAME_UNACCENTED if fold(name) == name.lower() else frozenset())
                while len(rest) > 1 and rest[-1].strip(".,!").lower() in after:
                    rest = rest[:-1]
                return " ".join(rest).strip(":,.-! ")
        if said[start] not in _BEFORE_LEAD:
            break
    return name


def _without_own_unit(name: str, unit: str) -> str:
    """The name without the invite's own unit said after it, as one says where one lives (“toi la ba tu thon
    dong”, “Hộ bà Tư, ở thôn Đông”): kept, the household joined as “Hộ Ba Tu Thon Dong”, and a second phone of
    it typing “ho ba tu” was let in as another household (decision 1360). At least two words are left."""
    words = name.split()
    place = fold(unit).split()
    said = [fold(word.strip(",.;:-")) for word in words]
    if not place or len(words) < len(place) + 2 or said[-len(place) :] != place:
        return name
    rest = words[: -len(place)]
    if len(rest) > 2 and said[len(rest) - 1] in ("o", "thuoc", "tai"):  # “ở”, “thuộc”, “tại”
        rest = rest[:-1]
    return " ".join(rest).strip(",.;:- ")


def _says_new(name: str) -> bool:
    """Whether what was typed at the name question says the person is new, not who she is (`_SAYS_NEW`; or
    `_SAYS_NEW_UNLESS_A_NAME`, where it does not begin with a family name, compared with its accents where
    typed with them: “Hồ Mới” is a name, “hộ mới” a new household)."""
    key = f" {' '.join(_WORD.findall(fold(name)))} "
    if any(f" {words} " in key for words in _SAYS_NEW):
        return True
    first = next(iter(_WORD.findall(nfc(name).lower())), "")
    family = first in _FAMILY_NAMES or (first.isascii() and first != "ho" and first in _FAMILY_FOLDED)
    return not family and any(f" {words} " in key for words in _SAYS_NEW_UNLESS_A_NAME)


# Consent, yes or no typed where a name is asked (“dong y” at “the list has nobody named …”, taken for the
# data notice's agreement): an answer, never a name searched or kept (decision 1518).
_ANSWERS_NOT_NAMES = frozenset(
    (*YES_WORDS, *NO_WORDS, "toi dong y", "em dong y", "dong y a", "chap nhan", "agree", "i agree")
)


def _answer_not_name(turn: Turn, invite: Invite, name: str) -> bool:
    """`name` is a word of consent, yes or no (`_ANSWERS_NOT_NAMES`): said kindly, with the name's example,
    and the question stays; True when so."""
    if match_key(name).strip(" .!?") not in _ANSWERS_NOT_NAMES:
        return False
    said = turn.t("“{typed}” reads as an answer, not a name: your agreement is asked after the name.").format(
        typed=name
    )
    turn.say(f"{said}\n{_name_example(turn, invite)}")
    return True


def _name_example(turn: Turn, invite: Invite) -> str:
    """How a name is typed, with its example: the household's or one's own, as the invite joins."""
    if invite.kind == "household":
        return turn.t("Please type the household's name in letters only (for example: Hộ ông Trần Văn Ba).")
    return turn.t(
        "Please type your full name in letters only, first and last name (for example: Nguyễn Văn An)."
    )


@flow.answer("name")
async def got_name(turn: Turn, *, typed: str | None = None) -> None:
    if typed is None:
        turn.set(given_name=None)  # a name typed anew: not the record one word found (`_given_name_alone`)
    name = _without_lead(" ".join(name_apostrophes(turn.text if typed is None else typed).split()))
    if looks_like_link_code(name):  # the code of someone who joined already (their household, or themself)
        await linking.redeem(turn)
        return
    invite = await _invite(turn)
    name = _without_own_unit(name, (await turn.session.get_one(Unit, invite.unit_id)).name)
    if _answer_not_name(turn, invite, name):  # “dong y”, “ok”: no name (decision 1518)
        return
    if _says_new(name):  # “Tôi là người mới”: a newcomer joins with her own name, asked for it kindly
        said = (
            turn.t("A household not on the list can join too, with its own name.")
            if invite.kind == "household"
            else turn.t("You need not be on the list to join: a newcomer joins with their own name.")
        )
        turn.say(f"{said}\n{_name_example(turn, invite)}")
        return
    if _NAME_SHAPE.match(name) and too_long(turn, name, NAME_LIMIT):  # letters, more than any name has
        return
    if typed is None and _GIVEN_NAME.match(name) and await _given_name_alone(turn, invite, name):
        return
    if not (2 <= len(name) <= NAME_LIMIT and _NAME_SHAPE.match(name)):
        code_typed = looks_like_invite_code(name) or _attempted_code(name)
        if code_typed and await _another_invite(turn, invite, name):
            return
        said = _name_example(turn, invite)
        if code_typed:  # a code no invite can be used with: joining again with another one is /huy
            said += "\n" + turn.t("To start again with another invite code, type /huy.")
        turn.say(said)
        return
    household = invite.kind == "household"
    name = await _listed_as_telex(turn, invite, name)
    records = await claimable_records(
        turn.session,
        org_id=invite.org_id,
        name=name,
        unit_id=invite.unit_id,
        household=household,
        role=invite.role,
    )
    turn.set(full_name=name_case(nfc(name)), person_id=None)  # “vo thi hoa” stored “Vo Thi Hoa”
    listed = await listed_without_phone(
        turn.session,
        org_id=invite.org_id,
        name=name,
        unit_id=invite.unit_id,
        household=household,
        role=invite.role,
    )
    # the invite's own unit first: her record there without a phone is hers to ask a link code for, not a
    # namesake's of another unit whose phone's digits she cannot know (decision 1031)
    own_unit = listed is not None and listed.unit_id == invite.unit_id
    if records and (records[0].unit_id == invite.unit_id or not own_unit):
        # a namesake of her unit listed without a phone may say so at the digits' question (decision 1083)
        turn.set(
            candidates=[p.id for p in records],
            listed_name=listed.full_name if listed is not None and own_unit else None,
        )
        turn.goto("onboarding", "proof")
    elif household and (joined := await _household_joined(turn, invite, name)) is not None:
        turn.set(joined_name=joined)  # named as it joined (“Hộ ông Trần Văn Ba”), not as typed
        turn.goto("onboarding", "same_household")  # likely a second phone of a household that joined
    elif listed is not None:
        turn.set(listed_name=listed.full_name, candidates=None)
        turn.goto("onboarding", "listed_record")  # on the list without a phone: the officer's code proves it
    elif await _unlisted_name(turn, invite, name):
        turn.goto("onboarding", "unlisted")  # perhaps a listed name typed a little differently: asked
    else:  # nobody is listed here, or the record is held by an account already: a new member, told nothing
        turn.goto("onboarding", "consent")


async def _given_name_alone(turn: Turn, invite: Invite, word: str) -> bool:
    """A given name alone (“Lan”), as a teacher is called at school: when it names one record of the
    invite's unit yet to join, she goes on to its proof as if she typed the name the list writes, which is
    never shown her (`given_name`); when several, she is asked kindly for her full name. True when so; False
    when it names nobody there, and the full name is asked as before (decision 1670)."""
    household = invite.kind == "household"
    tried = await given_names_tried(turn.session, turn.state.id, now=turn.now)
    found_with_invite = await given_names_tried_with(turn.session, invite, now=turn.now)
    unit = await yet_to_join(
        turn.session, org_id=invite.org_id, unit_id=invite.unit_id, household=household, now=turn.now
    )
    if not may_look_up_a_given_name(tried, invite_found=found_with_invite, yet_to_join=unit):
        return False  # asked in full, as a word that names nobody: the list is not read out (1693, 1743)
    found = await named_by_a_given_name(
        turn.session,
        org_id=invite.org_id,
        unit_id=invite.unit_id,
        word=word,
        household=household,
    )
    note_given_name(turn.session, turn.state.id, invite=invite.id, now=turn.now, found=bool(found))
    if len(found) == 1:
        turn.set(given_name=name_case(nfc(word)))
        await got_name(turn, typed=found[0].full_name)
        return True
    if not found:
        return False
    unit = (await turn.session.get_one(Unit, invite.unit_id)).name
    several = (
        turn.t("The list of {unit} has more than one household named “{name}”.")
        if household
        else turn.t("The list of {unit} has more than one person named “{name}”.")
    ).format(unit=unit, name=name_case(nfc(word)))
    turn.say(f"{several}\n{_name_example(turn, invite)}")
    return True


def _join_as_new(turn: Turn) -> None:
    """“Join as a new member (household)”: its notice next; after a given name alone found a record that was
    not hers, her full name first, as a new member is never named by one word nor by the list (1670)."""
    if turn.data.get("given_name"):
        turn.goto("onboarding", "name")
    else:
        turn.goto("onboarding", "consent")


async def _listed_as_telex(turn: Turn, invite: Invite, name: str) -> str:
    """The name as the list writes it, when it matches no record as typed but does once read as Telex keys
    left in it (“hooj baf ha thij sau”: the phone's Vietnamese mode off); else the name as typed. Only a
    record joining could take (with its phone's digits, or an officer's code) is looked for: nothing is shown
    before the proof, as for a name typed with its accents (decision 0147)."""
    if telex_read(name) == fold(name):
        return name
    where = {
        "org_id": invite.org_id,
        "unit_id": invite.unit_id,
        "household": invite.kind == "household",
        "role": invite.role,
    }
    for typed in (name, telex_read(name)):
        if found := await claimable_records(turn.session, name=typed, **where):
            return name if typed == name else found[0].full_name
        if listed := await listed_without_phone(turn.session, name=typed, **where):
            return name if typed == name else listed.full_name
    return name


async def _another_invite(turn: Turn, invite: Invite, typed: str) -> bool:
    """An invite code typed where the name is asked: a usable one other than the one joining now starts
    joining again with it (said so by the name's question); False for any other text."""
    try:
        other = await find_usable_invite(turn.session, typed, now=turn.now)
    except InviteError:
        return False
    turn.goto("onboarding", "name", keep_data=False)
    turn.set(invite_id=other.id, new_code=other.id != invite.id)
    return True


async def _unlisted_name(turn: Turn, invite: Invite, name: str) -> bool:
    """The invite's list has people yet to join and none of them (nor anyone listed) has this name: the names
    of its unit a letter or two off are kept as `near` to be offered (docs/decisions/0122, 0129)."""
    household = invite.kind == "household"
    among = unheld_listed(invite.org_id, invite.unit_id, household=household)
    if await turn.session.scalar(select(Person.id).where(among).limit(1)) is None:
        return False  # nobody to join as here: an invite for newcomers
    if await listed_by_name(turn.session, org_id=invite.org_id, name=name, household=household):
        return False  # the name is listed, and held by an account: its namesake joins as new, told nothing
    found = await near_listed(
        turn.session, org_id=invite.org_id, unit_id=invite.unit_id, name=name, household=household
    )
    turn.set(near=[[person.id, person_label(turn, person)] for person in found])
    return True


@flow.prompt("unlisted")
async def ask_unlisted(turn: Turn) -> None:
    invite = await _invite(turn)
    unit = await turn.session.get_one(Unit, invite.unit_id)
    household = invite.kind == "household"
    if household:
        text = turn.t("The list of {unit} has no household named “{name}”.")
    else:
        text = turn.t("The staff list has nobody named “{name}”.")
    text = text.format(unit=unit.name, name=turn.data["full_name"])
    if turn.data.get("near"):
        text += "\n" + (
            turn.t("Names on the list that come close: if one is yours, please choose it.")
            if not household
            else turn.t("Households on the list that come close: if one is yours, please choose it.")
        )
    else:
        text += "\n" + turn.t("If the list writes it differently, please type it as the list does.")
    turn.menu(
        text,
        [
            *(Choice(f"p{pid}", label) for pid, label in turn.data.get("near", [])),
            Choice(
                RETYPE,
                turn.t("Type the name again"),
                keywords=("nhap lai ten", "nhap lai", "go lai", "type the name again", "again"),
            ),
            Choice(  # its words whole are this option; a name typed instead is searched again
                NEW_PERSON,
                turn.t("Join with this name (not on the list)"),
                keywords=("tham gia voi ten nay", "tham gia", "ten nay", "join with this name", "join"),
            ),
        ],
        free_text=True,
    )


@flow.answer("unlisted")
async def got_unlisted(turn: Turn) -> None:
    choice = turn.choice or ""
    if choice == NEW_PERSON:
        turn.goto("onboarding", "consent")
    elif choice == RETYPE:
        turn.goto("onboarding", "name")
    elif choice.startswith("p") and choice[1:].isdigit():
        await _chose_listed(turn, int(choice[1:]))
    else:  # the name typed again, or a link code
        await got_name(turn)


async def _chose_listed(turn: Turn, person_id: int) -> None:
    """A listed name chosen: proved as if typed as the list writes it (the phone's last 4 digits, or the
    officer's link code when the list has no phone)."""
    invite = await _invite(turn)
    among = unheld_listed(invite.org_id, invite.unit_id, household=invite.kind == "household")
    person = await turn.session.scalar(select(Person).where(Person.id == person_id, among))
    if person is None:  # an account took it since the menu was shown
        turn.say(turn.t("That name has just joined Chung Tay from another account. Please choose again."))
        await got_name(turn, typed=turn.data["full_name"])
        return
    turn.set(near=None)  # the name as typed stays: the one a new member joins with, if they go on so
    if person.phone is not None:
        turn.set(candidates=[person.id], listed_name=None)
        turn.goto("onboarding", "proof")
    else:
        turn.set(listed_name=person.full_name, candidates=None)
        turn.goto("onboarding", "listed_record")


async def _household_joined(turn: Turn, invite: Invite, name: str) -> str | None:
    """The name of a household of this name in the invite's unit that already uses the bot (an account of it
    is active); None when none does."""
    return await turn.session.scalar(
        select(Person.full_name)
        .join(ChannelIdentity, ChannelIdentity.person_id == Person.id)
        .where(
            Person.org_id == invite.org_id,
            Person.unit_id == invite.unit_id,
            Person.kind == "household",
            name_matches(name, household=True),
            ChannelIdentity.is_active,
        )
        .limit(1)
    )


@flow.prompt("same_household")
async def ask_same_household(turn: Turn) -> None:
    """One household, one record (decision 0039): its second phone links to it with the household's code."""
    turn.menu(
        turn.t(
            "“{name}” has joined Chung Tay already. If you belong to this household, you need not join "
            "again: ask the one who joined to type /lienket and type the code they get here. If yours is "
            "another household of the same name, choose “Another household”."
        ).format(name=turn.data.get("joined_name") or turn.data["full_name"]),
        [Choice(NEW_PERSON, turn.t("Another household"), keywords=("ho khac", "khac", "another"))],
        free_text=True,
    )


@flow.answer("same_household")
async def got_same_household(turn: Turn) -> None:
    if turn.choice == NEW_PERSON:
        turn.goto("onboarding", "consent")
    elif looks_like_link_code(turn.text):
        await linking.redeem(turn)
    else:
        turn.repeat_menu()


@flow.prompt("listed_record")
async def ask_listed_record(turn: Turn) -> None:
    """A listed record of this name without a phone on the list: nothing can prove it is theirs here, so the
    officer in charge gives its phone a link code (docs/decisions/0055); a namesake joins as a new one."""
    invite = await _invite(turn)
    if invite.kind == "household":
        text = turn.t(
            "The list has a household named “{name}” (the officer in charge may have recorded for it). To "
            "use that household's record, please ask the officer in charge for a link code for your phone "
            "and type it here. If yours is another household of the same name, choose “Another household”."
        )
        other = turn.t("Another household")
    else:
        text = turn.t(
            "The staff list has “{name}”, without a phone number. To use that record, please ask {officers} "
            "for a link code for your phone and type it here. If that is not you, choose “I am someone else”."
        ).replace("{officers}", officers_title(turn.t, commune=await is_commune(turn.session, invite.org_id)))
        other = turn.t("I am someone else")
    named = turn.data.get("given_name") or turn.data.get("listed_name") or turn.data["full_name"]
    turn.menu(
        text.format(name=named),
        [Choice(NEW_PERSON, other, keywords=("ho khac", "khac", "nguoi khac", "another", "someone else"))],
        free_text=True,
    )


@flow.answer("listed_record")
async def got_listed_record(turn: Turn) -> None:
    if turn.choice == NEW_PERSON:
        _join_as_new(turn)
    elif looks_like_link_code(turn.text):
        await linking.redeem(turn)
    elif turn.data.get("candidates") and (digits := last_digits(turn.text) or _phone_said(turn.text)):
        await _prove(turn, digits, at_proof=False)  # came from the digits' question: a try there (1093)
    else:
        example = linking.EXAMPLE
        turn.say(turn.t("That is not a link code. A link code looks like this: {code}.").format(code=example))
        turn.repeat_menu()


@flow.prompt("proof")
async def ask_proof(turn: Turn) -> None:
    """Nothing of the record is shown (position, unit, phone): only the question a stranger cannot answer."""
    invite = await _invite(turn)
    household = invite.kind == "household"
    if not await open_records(turn.session, turn.data["candidates"], now=turn.now):
        await _claims_paused(turn, household=household)
        return
    if household:  # the one typing is of the family, not on the list themself: the phone is the household's
        unit = await turn.session.get_one(Unit, invite.unit_id)
        if await _all_of_unit(turn, unit):
            question = turn.t(
                "The list of {unit} has this household. To confirm that it is your household, please type "
                "the last 4 digits of the household's phone number on the list."
            ).format(unit=unit.name)
        else:  # found in another hamlet (a family that moved): not named as the code's hamlet's (1136)
            question = turn.t(
                "The list has this household. To confirm that it is your household, please type the last 4 "
                "digits of the household's phone number on the list."
            )
        new_one = turn.t("My household is not on the list — join as a new household")
    else:
        question = turn.t(
            "This name is on the staff list. To confirm that it is you, please type the last 4 digits of "
            "the phone number on the staff list."
        )
        new_one = turn.t("I am not on the list — join as a new member")
    choices = [Choice(NEW_PERSON, new_one, keywords=("moi", "thanh vien moi", "ho moi", "new"))]
    turn.menu(question, [*_no_phone_of_mine(turn, household=household), *choices], free_text=True)


async def _all_of_unit(turn: Turn, unit: Unit) -> bool:
    """Whether every record the name found is of a unit named as `unit`, the invite's (a household of another
    hamlet is found with a hamlet's code too, its own first: decision 1084). By the name the question
    shows: a list imported under “Thôn 3” beside a code made for “Thôn 3” is the same hamlet to the family."""
    names = await turn.session.scalars(
        select(Unit.name)
        .join(Person, Person.unit_id == Unit.id)
        .where(Person.id.in_(turn.data["candidates"]))
    )
    return all(fold(name) == fold(unit.name) for name in names)


def _says_no_phone(text: str) -> bool:
    """Whether a sentence says there is no phone (`_NO_PHONE_SAID`: its words in a row, marks or none). One
    with a digit in it does not: digits are the proof asked for, and the step asks for them alone (“em không
    có số 0016” was sent to ask the officer for a link code, decision 1160)."""
    return _sentence_says(text, _NO_PHONE_SAID)


def _chat_words(text: str) -> list[str]:
    """A message's words folded, “không” also as chats write it (`KHONG_IN_CHATS`) read as “khong”."""
    return [
        "khong" if word in KHONG_IN_CHATS else word for word in _WORD.findall(fold(text).replace("'", ""))
    ]


def _sentence_says(text: str, phrases: tuple[list[str], ...]) -> bool:
    """Whether a sentence without digits holds one of `phrases` (folded words in a row, “không” also as
    chats write it: `KHONG_IN_CHATS`)."""
    if any(character.isdigit() for character in text):
        return False
    words = _chat_words(text)
    return any(
        words[start : start + len(phrase)] == phrase
        for phrase in phrases
        for start in range(len(words) - len(phrase) + 1)
    )


def _no_phone_of_mine(turn: Turn, *, household: bool) -> list[Choice]:
    """Where the invite's unit lists the name without a phone too (hers, perhaps): the choice to say so and
    ask for a link code (decision 1083), also once wrong tries locked her namesake's record, which is not
    hers and holds no lock of hers (decision 1090)."""
    if not turn.data.get("listed_name"):
        return []
    no_phone = (
        turn.t("The list has no phone number of my household")
        if household
        else turn.t("The list has no phone number of mine")
    )
    return [Choice(NO_PHONE, no_phone, keywords=_NO_PHONE_WORDS)]


async def _claims_paused(turn: Turn, *, household: bool) -> None:
    """Every record of the name is locked after wrong tries: until when, and what to do meanwhile (a lock
    lasts an hour, each next one of the same record longer: bot.domain.claims, docs/decisions/0152)."""
    reopen = await claims_reopen(turn.session, turn.data["candidates"], now=turn.now)
    until = turn.t.datetime(reopen or turn.now)
    if household:
        text = turn.t(
            "For your safety, confirming this household is paused until {time} after several wrong tries. "
            "You can join now as a new household (the officer in charge can link it to the list later), "
            "or try again then."
        ).format(time=until)
        new_one = turn.t("Join as a new household")
    else:
        text = turn.t(
            "For your safety, confirming this name is paused until {time} after several wrong tries. "
            "You can join now as a new member (the officer in charge can link you to the staff list later), "
            "or try again then."
        ).format(time=until)
        new_one = turn.t("Join as a new member")
    turn.menu(
        text,
        [
            *_no_phone_of_mine(turn, household=household),
            Choice(NEW_PERSON, new_one, keywords=("moi", "ho moi", "new")),
            Choice(LATER, turn.t("I will try again later"), keywords=("sau", "later")),
        ],
    )


@flow.answer("proof")
async def got_proof(turn: Turn) -> None:
    """Read as the other steps of joining read: a choice, then what proves the record (the 4 digits or the
    whole phone), then what is said without them (no phone on the list, no such name), else asked again."""
    if turn.choice == NEW_PERSON:
        _join_as_new(turn)
    elif turn.choice == NO_PHONE and turn.data.get("listed_name"):
        await _no_phone_on_the_list(turn)
    elif turn.choice == LATER:
        turn.clear_data()
        turn.ask(turn.t("All right. When you are ready, just send your invite code again."))
        turn.wait_at("onboarding", "code")
    elif digits := last_digits(turn.text) or _phone_said(turn.text):
        await _prove(turn, digits, at_proof=True)
    elif turn.data.get("listed_name") and _says_no_phone(turn.text):
        await _no_phone_on_the_list(turn)
    elif (_says_no(turn.text) or _sentence_says(turn.text, _NO_NAME_SAID)) and await _digits_asked(turn):
        await _name_is_listed(turn)
    else:
        turn.say(
            turn.t(
                "Please type exactly 4 digits: the last 4 digits of your phone number (for example: 5678)."
            )
        )
        turn.repeat_menu()


def _says_no(text: str) -> bool:
    """Whether a message is a no alone (“khong co”, “không ạ”, “ko”: `NO_WORDS` and “có” after its no), as a
    family answers the digits' question “is this household yours?”: told what proves it and which choice joins
    as a new one, never that choice itself (decision 1472)."""
    said = " ".join(_chat_words(text))
    return said in NO_WORDS or said in _NO_ALONE


async def _digits_asked(turn: Turn) -> bool:
    """Whether the digits' question is on screen: a record of the name is open to a try (not the pause after
    wrong tries, which asks no digits)."""
    return bool(await open_records(turn.session, turn.data["candidates"], now=turn.now))


async def _name_is_listed(turn: Turn) -> None:
    """“Khong co ten trong danh sach” where the list has the name: what proves the record is theirs, and the
    choice that joins without it, named as the menu shows it; the question again, nothing spent (1235)."""
    choices = turn.state.menu.get("choices") or []
    new_one = next((str(c["label"]) for c in choices if c["id"] == NEW_PERSON), "")
    if (await _invite(turn)).kind == "household":
        text = turn.t(
            "The list has a household of this name. If it is yours, please type the last 4 digits of the "
            "household's phone number on the list (for example: 5678). If it is not, choose “{label}” below."
        )
    else:
        text = turn.t(
            "The staff list has this name. If it is you, please type the last 4 digits of the phone number "
            "on the staff list (for example: 5678). If it is not you, choose “{label}” below."
        )
    turn.say(text.format(label=new_one))
    turn.repeat_menu()


async def _prove(turn: Turn, digits: str, *, at_proof: bool) -> None:
    """The digits tried against the candidates (`attempt_claim`). Typed at the link code's screen reached from
    the digits' question (`at_proof` False: “the list has no phone of mine” pressed by mistake), a try all
    the same, and the digits' question follows a wrong one (decision 1093)."""
    invite = await _invite(turn)
    attempt = await attempt_claim(
        turn.session,
        turn.data["candidates"],
        digits,
        now=turn.now,
        invite=invite.id,
        channel=turn.inbound.channel,
    )
    if attempt.person_id is not None:
        turn.set(person_id=attempt.person_id)
        turn.goto("onboarding", "consent")
    elif attempt.left_on is not None:
        _left(turn, attempt.left_on)
    elif attempt.taken:
        _joined_meanwhile(turn, household=invite.kind == "household")
    elif not at_proof:
        if attempt.tries_left:
            turn.say(_mismatch(turn, household=invite.kind == "household").format(n=attempt.tries_left))
        turn.goto("onboarding", "proof")  # the question again, or the pause when the tries are spent
    elif attempt.tries_left:
        turn.say(_mismatch(turn, household=invite.kind == "household").format(n=attempt.tries_left))
        turn.repeat_menu()
    else:
        await _claims_paused(turn, household=invite.kind == "household")


def _mismatch(turn: Turn, *, household: bool) -> str:
    if household:
        return turn.t("Those digits do not match the household's phone number on the list. Tries left: {n}.")
    return turn.t("Those digits do not match the phone number on the staff list. Tries left: {n}.")


async def _no_phone_on_the_list(turn: Turn) -> None:
    """“The list has no phone number of mine”: the officer's link code proves the record (decision 0055),
    while the invite's unit still lists the name without a phone. Taken by an account or recorded as left
    since the name was typed, no officer may give it a code (`may_give_link_code_for`): the name is read
    again as it is listed now, the record that went named by nobody (decision 1091)."""
    invite = await _invite(turn)
    listed = await listed_without_phone(
        turn.session,
        org_id=invite.org_id,
        name=turn.data["full_name"],
        unit_id=invite.unit_id,
        household=invite.kind == "household",
        role=invite.role,
    )
    if listed is not None and listed.unit_id == invite.unit_id:
        turn.set(listed_name=listed.full_name)
        turn.goto("onboarding", "listed_record")
    else:
        await got_name(turn, typed=turn.data["full_name"])


PHONE_DIGITS = 9  # the fewest a whole phone has (“912 345 674”, its 0 dropped by a spreadsheet)
PHONE_DIGITS_SAID = 10  # the fewest one said in a sentence has: written with its 0 or +84 (decision 1272)


def _phone_said(typed: str) -> str | None:
    """A whole phone number given where the last 4 digits are asked (“0912 345 674” typed, or a contact
    shared on Telegram, “84912345674”), as `normalize_phone` writes it: a try like the 4 digits themselves
    (decision 0352), compared whole (`claims.proves`: a phone that only ends like the list's is not it,
    decision 1368). Also one phone said in a sentence (“so cua em la 0912 345 678 a”): it was read as no
    digits (decision 1234). Two different phones in one message are neither: which is the household's is not
    guessed. In a sentence nine digits are no phone: an old ID card's number or an amount (“cmnd
    381234567”, “300.000.000 dong”) was a wrong try; a phone said there is written with its 0 or +84
    (decision 1272)."""
    if sum(ch.isdigit() for ch in typed) < PHONE_DIGITS:
        return None
    if normalize_phone(typed) is not None:
        runs = [typed]
    else:
        said = PHONE_WRITTEN.findall(typed)
        runs = [run for run in said if sum(ch.isdigit() for ch in run) >= PHONE_DIGITS_SAID]
    phones = {phone for run in runs if (phone := normalize_phone(run)) is not None}
    return phones.pop() if len(phones) == 1 else None


def _joined_meanwhile(turn: Turn, *, household: bool) -> None:
    """The record was claimed from another account since its name was typed: no new record of the same
    person is offered; the two accounts are linked from the one that joined (decision 0122)."""
    if household:
        text = turn.t(
            "This household has already joined Chung Tay from another phone or messenger. If it is yours, "
            "you need not join again: on the account that joined, type /lienket, and type the code it gives "
            "here."
        )
    else:
        text = turn.t(
            "This record has already joined Chung Tay from another account. If it is yours, link the two: "
            "on the account that joined, type /lienket, and type the code it gives here."
        )
    _back_to_the_code(turn, text)


def _back_to_the_code(turn: Turn, text: str) -> None:
    """Nothing gathered is kept: `text` is asked, and the chat waits for a code again."""
    turn.clear_data()
    turn.state.menu = {}
    turn.ask(text)
    turn.wait_at("onboarding", "code")


def _left(turn: Turn, on: date) -> None:
    """The record proved is of someone recorded as left: not claimed, nothing stored; the office can take the
    leaving back, and roles are granted again by name (docs/decisions/0118, 0129)."""
    _back_to_the_code(
        turn,
        turn.t(
            "The office has recorded you as having left the organisation on {date}, so your record cannot be "
            "joined with an invite code. If that is a mistake, please ask the office to take it back "
            "(Roles → A colleague who left, or “chungtay people back”); then send your invite code again."
        ).format(date=turn.t.date(on)),
    )


@flow.prompt("consent")
async def ask_consent(turn: Turn) -> None:
    """A household gets the notice short (what is kept, who sees it, how to leave), the whole of it one choice
    away; whoever joins for themselves reads it whole, as before (decision 1446). Who sees it says the
    public list too, which shows each confirmed gift's amount without the name (decision 1502)."""
    if await _household_joining(turn) and not turn.data.get("notice_whole"):
        turn.menu(
            turn.t(
                "Before we start, about your information:\n"
                "• Chung Tay keeps the household's name, its hamlet and the gifts you record.\n"
                "• How much you give, with the household's name, is seen only by you, the treasurer and the "
                "officers; never in group chats. The Fund's public list shows confirmed gifts without the "
                "household's name unless you agree.\n"
                "• To see what is kept or stop using Chung Tay: type /dulieu.\n"
                "Do you agree?"
            ),
            [*_consent_choices(turn), Choice("whole", turn.t("Read it in full"), keywords=WHOLE_NOTICE)],
            keep=True,
        )
        return
    turn.menu(
        turn.t(
            "Before we start, about your data:\n"
            "• Chung Tay keeps your name, unit and the commitments and contributions you record.\n"
            "• Contributing is voluntary. Your amounts with your name are seen only by you, your treasurer "
            "and the officers who run the drive; group chats never show them.\n"
            "• The drive's public statement lists each confirmed contribution with its amount (or goods "
            "with their value, or labour days), date and reference code, and your name and unit only if you "
            "agree (asked at your first contribution, changeable any time with /congkhai); otherwise it "
            "says “Nhà hảo tâm” and names your unit only where at least three of its givers are unnamed.\n"
            "• To see what is kept about you, get a copy or stop using the bot: /dulieu.\n"
            "Do you agree?"
        ),
        _consent_choices(turn),
        keep=True,  # what the person agreed to stays in the chat
    )


WHOLE_NOTICE = ("doc them", "doc day du", "doc het", "xem them", "xem day du", "more", "in full", "full")


def _consent_choices(turn: Turn) -> list[Choice]:
    """Agree or not, under the data notice, short or whole alike."""
    return [
        Choice("agree", turn.t("I agree"), keywords=YES_WORDS),
        Choice("decline", turn.t("I do not agree"), keywords=NO_WORDS),
    ]


async def _household_joining(turn: Turn) -> bool:
    """Joining with a household's invite code (an officer's link code has no invite)."""
    return "invite_id" in turn.data and (await _invite(turn)).kind == "household"


@flow.answer("consent")
async def got_consent(turn: Turn) -> None:
    if turn.choice == "whole":  # the notice in full, asked again under it
        turn.set(notice_whole=True)
        turn.goto("onboarding", "consent")
        return
    if turn.choice == "decline":
        by_link = bool(turn.data.get("link_code"))  # an officer's link code, not an invite (decision 0122)
        turn.clear_data()
        turn.wait_at("onboarding", "code")
        turn.state.menu = {}
        turn.say(
            turn.t("Understood — nothing was saved. To join later, just send the link code again.")
            if by_link
            else turn.t("Understood — nothing was saved. To join later, just send your invite code again.")
        )
        return
    turn.goto("onboarding", "language")


@flow.prompt("language")
async def ask_language(turn: Turn) -> None:
    if (chosen := turn.data.get("locale")) in LOCALES:  # chosen before joining: not asked again
        await _complete(turn, chosen)
    else:
        language_menu(turn)


@flow.answer("language")
async def got_language(turn: Turn) -> None:
    await _complete(turn, turn.choice or "vi")


async def _complete(turn: Turn, locale: str) -> None:
    if link_code := turn.data.get("link_code"):  # an officer's link code, typed before the notice
        await linking.redeem(turn, typed=link_code, agreed_in=locale)
        return
    invite = await _invite(turn)
    person_id = turn.data.get("person_id")
    if person_id is not None and (left_on := await left_since(turn.session, person_id)) is not None:
        _left(turn, left_on)  # recorded as left since the proof
        return
    if person_id is not None and not await still_claimable(turn.session, person_id):
        _joined_meanwhile(turn, household=invite.kind == "household")  # claimed from another chat meanwhile
        return
    try:
        joined = await join_with_invite(
            turn.session,
            invite,
            full_name=turn.data["full_name"],
            locale=locale,
            channel=turn.inbound.channel,
            external_id=turn.inbound.user_id,
            now=turn.now,
            person_id=person_id,
        )
    except InviteError as problem:
        turn.clear_data()
        turn.ask(await _invite_problem(turn, problem))
        turn.wait_at("onboarding", "code")
        return
    person = joined.person
    turn.state.person_id = person.id
    turn.roles = joined.roles
    turn.t = Translator(locale)
    turn.person = person
    unit = await turn.session.get_one(Unit, person.unit_id or invite.unit_id)
    if person.kind == "household":
        welcome = turn.t(
            "Welcome! {name} has joined {unit}. You register the household's commitment and record its "
            "contributions here."
        ).format(name=person.full_name, unit=unit.name)
    else:
        welcome = turn.t("Welcome, {name}! You are now a member of {unit}.").format(
            name=addressed(turn.t, person.full_name), unit=unit.name
        )
    if unit.id != invite.unit_id:  # the staff list puts them elsewhere than the code's unit: said, and why
        welcome += "\n" + _listed_elsewhere(turn, await turn.session.get_one(Unit, invite.unit_id))
    turn.say(welcome)
    if joined.claimed and (meanwhile := await recorded_before_joining(turn.session, person, locale)):
        turn.say(meanwhile)  # what others recorded for the listed record before it joined (1870)
    go_home(turn)


def _listed_elsewhere(turn: Turn, invited: Unit) -> str:
    """Why someone who joined with one unit's invite code is a member of another: the staff list says so; and
    whom to ask when the list is wrong."""
    return turn.t(
        "That is your unit on the staff list (the invite code you used is {invited}'s). If it is not right, "
        "please ask the office (the administrator) to correct the staff list."
    ).format(invited=invited.name)
