"""Appeals (lời kêu gọi). For officers: the latest appeals with their live status; a new one: text (or a
photo with a caption) → drive → audience (→ units or role) → preview with the exact number of recipients →
send now or schedule (→ a second confirmation above the configured size) → status: refresh, "remind those who
have not given" (once), cancel. For everyone: "Remind me later" on an appeal, and turning appeals off or on.
Every rule is the domain's (bot.domain.appeals); the flow only asks and explains."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select

from bot.clock import LOCAL_TZ, local_date
from bot.config import Settings
from bot.conversation.flow import Flow
from bot.conversation.photo_asked import POSTER
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Appeal, Drive, Person, Unit
from bot.domain.access import (
    ROLE_COMMANDS,
    Actor,
    actor_for,
    may_appeal_for_drive,
    may_count_appeals_off,
    may_open_drives,
    may_send_appeal,
    may_touch_appeal,
    mobilised_units,
)
from bot.domain.appeals import (
    CUT_AS_AUTHOR_WENT,
    CUT_AT_CLOSE,
    TEXT_MAX,
    AppealError,
    Audience,
    Draft,
    Preview,
    Status,
    appeal_goes_out,
    appeal_status,
    appeals_of,
    asks,
    cancel_appeal,
    check_text,
    correct_appeal,
    correctable,
    corrected,
    corrected_text,
    correction_reach,
    correction_text,
    cut_count,
    follow_up,
    follow_up_count,
    follow_up_left_out,
    follow_up_off,
    given_drives,
    held_by_holiday,
    held_till_morning,
    is_news,
    preview,
    reached_units,
    remind_later,
    send_appeal,
    send_on_cut,
    sent_before_reason,
    set_appeals,
    this_years_campaign,
)
from bot.domain.campaigns import open_drives
from bot.domain.dates import DateError, parse_moment
from bot.domain.drives import last_gift_day
from bot.domain.giving import asked_kind
from bot.domain.lunar_days import LunarDay, LunarDayNotRead, read_lunar_moment
from bot.domain.notices import level_words
from bot.i18n import Translator
from bot.messages import Choice, Photo
from bot.text import quoted, sort_key
from handlers.common import (
    NO_WORDS,
    YES,
    actor_of,
    actor_or_home,
    ask_typed,
    back_choice,
    chosen,
    chosen_or_leave,
    commune_word,
    confirm_menu,
    fund_words,
    go_home,
    in_commune,
    lunar_refusal,
    mobilised_unit_list,
    officers_named,
    officers_or_home,
    org_units,
    picked_id,
    read_as_lunar,
    say_officers_only,
    shown_before_last_look,
    with_hamlets,
)
from handlers.group_message import GROUP, group_choice, hand_out_drive, hand_out_fund, in_the_groups_language
from handlers.multi_choice import done_choice, multi_menu, ticked, toggled
from handlers.wording import clipped, closed_words, drive_title, fund_title, role_label

flow = Flow("appeal")
LIST = ("appeal", "list")
# Words of an office's staff that a household reads as not its own (decision 2311): “CBVC-NLĐ”, “đoàn viên”,
# “1 ngày lương”, and a command (“/thongke”) that is none of the ones a household may type.
# Also a school's staff (“cán bộ, giáo viên”, “CB-GV-NV”), pay withheld (“trích lương”, “trừ lương”) and a
# link to an office's own pages (its intranet, its documents' system), which a household cannot open (2443).
_STAFF_WORDS = re.compile(
    r"\b(?:CB(?:CN)?(?:CC)?VC(?:\s*[-–]\s*NLĐ)?|NLĐ|(?:công )?đoàn viên|viên chức|công chức"
    r"|người lao động|ngày lương|tổ trưởng công đoàn"
    r"|cán bộ,? giáo viên(?:,? nhân viên)?|CB\s*[-–,/]?\s*GV(?:\s*[-–,/]?\s*NV)?"
    r"|(?:trích|khấu trừ|trừ) lương)\b"
    r"|(?<![\w/:.])/[a-z]+\b"
    r"|\bhttps?://\S*?(?:intranet|noibo|noi-bo|qlvb|ioffice|vbdh|egov|localhost|192\.168\.)\S*",
    re.IGNORECASE,
)


@functools.cache
def _households_commands() -> frozenset[str]:
    """What a household may type, never read as staff's words: every command the bot answers (the registry's,
    with the engine's own /menu and /huy) but those that are a role's work (`access.ROLE_COMMANDS`), in
    either language, told by the step each starts (“/report” is /baocao's). Derived, so that a command added
    to the registry is a household's or a role's by the same rule as Telegram's command menu."""
    from bot.conversation.engine import CANCEL_COMMANDS, MENU_COMMANDS
    from handlers.registry import build_registry  # it composes this module's flow too

    commands = build_registry().commands
    roles_work = {commands[f"/{name}"] for name in ROLE_COMMANDS}
    anyones = {name for name, step in commands.items() if step not in roles_work}
    return frozenset(anyones | CANCEL_COMMANDS | MENU_COMMANDS)


# A link shortened by a service that hides where it leads (“bit.ly/3TetGV”), with its scheme or without: a
# household cannot see whether it is safe to open, nor whether it is the office's own page (decision 2533).
_SHORTENED_LINK = re.compile(
    r"(?<![\w./])(?:https?://)?(?:www\.)?"
    r"(?:bit\.ly|bitly\.com|tinyurl\.com|goo\.gl|ow\.ly|is\.gd|v\.gd|rb\.gy|cutt\.ly|shorturl\.at|tiny\.cc"
    r"|t\.ly|s\.id|rebrand\.ly|t\.co)/\S+",
    re.IGNORECASE,
)


def shortened_links(text: str) -> list[str]:
    """The shortened links of `text`, as written, each once, without the full stop after them."""
    found = (match.group(0).rstrip(".,;:)") for match in _SHORTENED_LINK.finditer(text))
    return list(dict.fromkeys(found))


def staff_words(text: str) -> list[str]:
    """The words of `text` written for an office's staff, as written, each once (“CBVC-NLĐ”, “/thongke”)."""
    found = (match.group(0).rstrip(".,;:)") for match in _STAFF_WORDS.finditer(text))
    return list(dict.fromkeys(word for word in found if word.lower() not in _households_commands()))


# What a member types under an appeal instead of its buttons, as Zalo shows them (“#2 — Nhắc tôi sau”):
# read only where no question waits and while that appeal's button still works (Registry.action_word).
GIVE_WORDS = (
    "ung ho ngay", "give now",
    # the same button of a drive of labour days or goods only, in its words (decision 1652)
    "dang ky ngay cong", "gop ngay cong", "offer days of work", "gop hien vat", "give goods",
)  # fmt: skip
LATER_WORDS = ("nhac toi sau", "nhac sau", "nhac lai sau", "remind me later")
SEND_ON = "sendon"  # the messages a close or its author's role ending stopped, sent on (decision 0318)
FIX = "fix"  # "Sửa nội dung": the text corrected, what waits sent with it, who had it told (decision 0683)
NEW, NOW_, LATER, STOP, REFRESH, FOLLOW, DONE, NONE, THANKS, NEWS = (
    "new",
    "now",
    "later",
    "stop",
    "refresh",
    "follow",
    "done",
    "none",
    "thanks",
    "news",  # news asking for nothing (“Tin báo”), told apart from a thank-you (decision 1352)
)
AUDIENCES = ("org", "units", "role", "not_given", "no_commitment", "gave")  # "gave": a thank-you's (0278)
# An audience's own words, typed, name it whole: its last look comes at once, as pressed (decision 1459)
AUDIENCE_WORDS = {
    "org": ("tat ca", "ca co quan", "toan co quan", *level_words("ca", "toan"), "all", "everyone"),
    "not_given": ("chua ung ho", "nguoi chua ung ho", "not given", "have not given"),
}
GIVEN_DRIVES = 10  # the drives a thank-you to those who gave offers, the latest first
AUDIENCE = "audience"


async def _refusal(turn: Turn, problem: AppealError) -> str:
    texts = {
        "not_allowed": turn.t("Only {officers} covering those people can send them an appeal."),
        "empty": turn.t(
            "Nobody in that audience can receive it (no one there uses Chung Tay, or they turned appeals "
            "off). Please choose another audience."
        ),
        "text": turn.t("Please type the appeal as text, up to {max} characters.").format(
            max=turn.t.number(TEXT_MAX)
        ),
        "names_someone": turn.t(
            "An appeal must not name anyone: giving is voluntary. Please write it without people's names "
            "(you may sign with your own, or as “Ban vận động”)."
        ),
        "drive": turn.t("That drive is closed or over; choose another one."),
        "not_started": turn.t(
            "That drive has not started yet: its appeal can go from its first day, when people can give to "
            "it. Please come back then, or choose another drive."
        ),
        "too_late": turn.t("That time is after the drive ends. Please choose an earlier time."),
        "already": turn.t("Those who had not given were already reminded once for this appeal."),
        "cancelled": turn.t("This appeal was cancelled."),
        "photo": turn.t("This appeal was sent without a photo: please type its corrected text."),
        "same": turn.t(
            "That is the appeal's text as it stands: nothing was changed. Please type the whole corrected "
            "text, for example the right account number in place of the wrong one."
        ),
        "thanks": turn.t("A thank-you or news asks for nothing, so nobody is reminded of it."),
        "not_yet": turn.t(
            "The appeal has not gone out to everyone yet: remind those who have not given once it has."
        ),
        "audience": turn.t("Please choose who should receive the appeal."),
        "sent_before": turn.t(
            "Everyone in that audience has already received this very appeal: nobody gets it twice. "
            "To remind those who have not given, open that appeal and choose “Remind those who have not "
            "given”; or choose another audience."
        ),
        "sent_before_cancelled": turn.t(
            "Everyone in that audience already received this very appeal before it was cancelled: nobody "
            "gets it twice, and a cancelled appeal cannot remind those who have not given. Please choose "
            "another audience."
        ),
    }
    if problem.reason == "no_words":  # “1”: a menu's number typed where the text is asked (0786)
        return turn.t(
            "“{typed}” is not an appeal yet: please type its words, for example: The union invites you to "
            "give to this drive; giving is voluntary. Or choose “Back”."
        ).format(typed=problem.detail or "")
    if problem.reason == "no_plan_year":  # the year turned since it was chosen, no plan for the new (1123)
        labels = await _audience_labels(turn)
        return turn.t(
            "No emulation plan covers {year}, so nobody has registered this year: “{chosen}” would be "
            "everyone. Nothing was sent. Please choose another audience, for example “{everyone}”."
        ).format(year=problem.detail or "", chosen=labels["no_commitment"], everyone=labels["org"])
    if problem.reason == "drive_units":  # moved to another unit since the drive was chosen (0493)
        drive = await turn.session.get(Drive, turn.data.get("drive_id") or 0)
        return turn.t(
            "The drive {drive} asks none of the units you cover, so you cannot send its appeal; nothing was "
            "sent. Please choose another drive."
        ).format(drive=quoted(drive.title) if drive is not None else "")
    said = texts.get(problem.reason, texts["not_allowed"])
    return said.format(officers=await officers_named(turn)) if said == texts["not_allowed"] else said


# --- the officer's list and a new appeal ------------------------------------------------------------------


# An appeal in the list is one button: when it goes out, to whom, and the start of its text, LABEL_MAX
# characters in all (two lines of a phone's button), the audience cut to WHOM_CLIP (docs/decisions/0259).
LABEL_MAX, WHOM_CLIP = 64, 22


async def _appeal_labels(turn: Turn, appeals: Sequence[Appeal]) -> list[str]:
    """Each appeal as its button reads: “08:30 22/11/2026 · Khoa Nội · Mời anh chị chung tay…”, so two of one
    day read apart by their hour, their audience or their words; any still alike (the same minute, audience
    and first words) numbered, the oldest first: “… (1)”, “… (2)”."""
    unit_ids = sorted({unit for a in appeals for unit in a.audience.get("units") or ()})
    names = dict((await turn.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids)))).all())
    commune, hamlets = await in_commune(turn), await with_hamlets(turn)
    labels = []
    for appeal in appeals:
        audience = Audience.from_json(appeal.audience)
        if audience.kind == "units":
            whom = ", ".join(sorted((names[u] for u in audience.units if u in names), key=sort_key))
        elif audience.kind == "role" and audience.role:
            whom = role_label(turn.t, audience.role, commune=commune, hamlets=hamlets)
        else:
            whom = {
                "org": turn.t("Everyone"),
                "not_given": turn.t("Not yet given"),
                "no_commitment": turn.t("No commitment yet"),
                "gave": turn.t("Those who gave"),
            }.get(audience.kind, "")
        prefix = f"{turn.t.datetime(appeal.send_at)} · " + (f"{clipped(whom, WHOM_CLIP)} · " if whom else "")
        if not asks(appeal):  # news or a thank-you, said apart from the appeals (decision 1352)
            prefix += (turn.t("News") if is_news(appeal) else turn.t("Thank-you")) + ": "
        head = appeal.text.split("\n", 1)[0].strip()
        labels.append(prefix + clipped(head, max(LABEL_MAX - len(prefix), 12), at_word=True))
    alike = Counter(labels)
    seen: Counter[str] = Counter()
    for index in reversed(range(len(labels))):  # the list is the latest first: the oldest is (1)
        if alike[labels[index]] > 1:
            seen[labels[index]] += 1
            labels[index] += f" ({seen[labels[index]]})"
    return labels


@flow.prompt("list")
async def show_list(turn: Turn) -> None:
    actor = await officers_or_home(turn, may_open_drives, turn.t("Only {officers} can send appeals."))
    if actor is None:
        return
    appeals = await appeals_of(turn.session, actor)
    text = turn.t("Your latest appeals:") if appeals else turn.t("No appeal has been sent yet.")
    labels = await _appeal_labels(turn, appeals)
    choices = [Choice(f"a{a.id}", label) for a, label in zip(appeals, labels, strict=True)]
    choices += [
        # an appeal, a thank-you or news: the kind is chosen after the words (decision 1451)
        Choice(
            NEW,
            turn.t("New message: appeal, thank-you or news"),
            keywords=("moi", "new", "soan"),
            pinned=True,
        ),
        back_choice(turn.t),
    ]
    turn.menu(text, choices)


@flow.answer("list")
async def chose_appeal(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        go_home(turn)
    elif turn.choice == NEW:
        if not may_open_drives(await actor_of(turn)):  # the rule asked again: a role taken away meanwhile
            await say_officers_only(turn, turn.t("Only {officers} can send appeals."))
            go_home(turn)  # before the appeal is typed
            return
        turn.goto("appeal", "text", keep_data=False)
    elif (appeal_id := picked_id(turn, "a")) is not None:
        turn.set(appeal_id=appeal_id)
        turn.goto("appeal", "status")


def start_thanks(turn: Turn, drive_id: int) -> None:
    """From a closed drive's screen: a new message, a thank-you to those who gave to it, its kind and whom it
    goes to chosen already; its words are asked, then its last look (decision 1522)."""
    turn.goto("appeal", "text", keep_data=False)
    turn.set(thank_drive=drive_id)


@flow.prompt("text")
async def ask_text(turn: Turn) -> None:
    if (drive_id := turn.data.get("thank_drive")) is not None:
        drive = await turn.session.get(Drive, drive_id)
        said = (
            turn.t(
                "Type the thank-you to those who gave days of work to {drive}, or send a photo with it as "
                "its caption. Name no one. It goes without buttons; you read it once more before it is sent."
            )
            if await _of_days(turn, drive_id)
            else turn.t(
                "Type the thank-you to those who gave to {drive}, or send a photo with it as its caption. "
                "Name no one. It goes without buttons; you read it once more before it is sent."
            )
        )
        ask_typed(
            turn, said.format(drive=quoted(drive.title if drive else "")), takes_photo=True, photo_of=POSTER
        )
        return
    ask_typed(
        turn,
        turn.t(
            "Type the message, or send a photo with the message as its caption. Name no one: giving is "
            "voluntary. Next you choose what it is: an appeal for a drive, sent with a button to give to "
            "that drive and “Remind me later”; or a thank-you or news, without buttons."
        ),
        takes_photo=True,
        photo_of=POSTER,
    )


def _too_large(turn: Turn, photo: Photo | None) -> bool:
    """A poster sent too large to keep (an appeal's or its correction's): said, and True; the step stays."""
    if photo is None or not (photo.too_large or photo.sha256 is None):
        return False
    turn.say(turn.t("That photo is too large. Please send a smaller picture, or type the appeal."))
    return True


@flow.answer("text")
async def got_text(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        if (drive_id := turn.data.get("thank_drive")) is not None:  # back to the drive it came from
            turn.goto("drive", "show", keep_data=False)
            turn.set(drive_id=drive_id)
            return
        turn.goto("appeal", "list", keep_data=False)
        return
    actor = await actor_of(turn)
    photo = turn.inbound.photo
    if _too_large(turn, photo):
        return
    typed = (photo.caption or "") if photo is not None else turn.text
    if actor is None:
        go_home(turn)
        return
    try:
        text = await check_text(turn.session, actor, typed)
    except AppealError as problem:
        turn.say(await _refusal(turn, problem))
        return
    turn.set(text=text, photo=photo.path if photo is not None else None)
    if (drive_id := turn.data.get("thank_drive")) is not None:  # its kind and whom, chosen on the drive
        turn.set(
            drive_id=None,
            asks=False,
            news=False,
            audience={"kind": "gave", "units": [], "role": None, "drive_id": drive_id},
        )
        turn.goto("appeal", "preview")
        return
    turn.goto("appeal", "drive")


@flow.prompt("drive")
async def ask_drive(turn: Turn) -> None:
    actor = await actor_or_home(turn)
    if actor is None:
        return
    drives = [
        d
        for d in await open_drives(turn.session, actor.org_id, turn.today)
        if d.ends_on >= turn.today and may_appeal_for_drive(actor, d)
    ]
    starts = turn.t("{drive} (starts on {date})")
    turn.menu(
        turn.t("Which drive is the appeal for?"),
        [
            *(Choice(f"d{d.id}", d.title) for d in drives),
            *(
                Choice(f"u{d.id}", starts.format(drive=d.title, date=turn.t.date(d.starts_on)))
                for d in await _drives_to_come(turn, actor.org_id)
                if may_appeal_for_drive(actor, d)
            ),
            Choice(
                NONE,
                fund_title(turn.t),
                keywords=fund_words([d.title for d in drives]),
            ),
            Choice(
                THANKS, turn.t("A thank-you, asking for nothing (no buttons)"), keywords=("cam on", "thanks")
            ),
            Choice(
                NEWS,
                turn.t("News, asking for nothing (no buttons)"),
                keywords=("tin bao", "thong bao", "tin", "news"),
            ),
            back_choice(turn.t),
        ],
    )


async def _drives_to_come(turn: Turn, org_id: int) -> list[Drive]:
    """The organisation's drives opened for a day still to come (a Tết drive opened on Monday from Tuesday):
    listed so the officer reads when its appeal can go, never sent for yet (decision 0416)."""
    to_come = select(Drive).where(
        Drive.org_id == org_id, Drive.starts_on > turn.today, Drive.closed_at.is_(None)
    )
    return list(await turn.session.scalars(to_come.order_by(Drive.starts_on, Drive.id)))


@flow.answer("drive")
async def got_drive(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("appeal", "text")
        return
    drive_id = picked_id(turn, "d")
    if (to_come := picked_id(turn, "u")) is not None:
        drive = await turn.session.get_one(Drive, to_come)
        if drive.starts_on > turn.today:  # a drive not started yet: when its appeal can go
            said = turn.t(
                "The drive {drive} starts on {date}: its appeal can go from that day, when people can give "
                "to it. Please come back then, or choose another drive below."
            )
            turn.say(said.format(drive=quoted(drive.title), date=turn.t.date(drive.starts_on)))
            turn.repeat_menu()
            return
        drive_id = drive.id  # the list drawn the evening before, chosen past midnight (Vietnam's): it runs
    turn.set(drive_id=drive_id, asks=turn.choice not in (THANKS, NEWS), news=turn.choice == NEWS)
    turn.goto("appeal", "audience")


async def _audience_labels(turn: Turn) -> dict[str, str]:
    """Who an appeal may go to, in words; a commune's units are its hamlets and its Front's board, not an
    office's (decision 0225)."""
    commune = await in_commune(turn)
    kind = await _asked_kind(turn, turn.data.get("drive_id"))
    not_given = (  # a drive of days of work or goods only asks those, not a gift of money (decision 1652)
        turn.t("Those who have not given days of work to this drive yet")
        if kind == "labour"
        else turn.t("Those who have not given goods to this drive yet")
        if kind == "goods"
        else turn.t("Those who have not given to this drive yet")
    )
    actor = await actor_of(turn)
    alone = actor is not None and mobilised_units(actor) is None and not await _units_to_choose(turn, actor)
    return {
        "org": turn.t("Everyone")  # a school of one unit: its all is no units (decision 2512)
        if alone
        else turn.t("Everyone (all the hamlets and boards I cover)")
        if commune
        else turn.t("Everyone (all the units I cover)"),
        "units": turn.t("Some hamlets or boards") if commune else turn.t("Chosen units"),
        "role": turn.t("People with a role (leaders, treasurers…)"),
        "not_given": not_given,
        "no_commitment": turn.t("Those with no commitment this year"),
        "gave": turn.t("Those who gave to a drive (to thank them)"),
    }


async def _of_days(turn: Turn, drive_id: int | None) -> bool:
    """The drive takes labour days and nothing else: who answered it gave days of work, and the officer's
    screens of its appeals say so, not “ủng hộ” (decision 1571)."""
    return await _asked_kind(turn, drive_id) == "labour"


async def _asked_kind(turn: Turn, drive_id: int | None) -> str | None:
    """ "labour" or "goods" where the drive takes that alone (`asked_kind`), else None (decision 1652)."""
    drive = await turn.session.get(Drive, drive_id) if drive_id is not None else None
    return asked_kind(drive.kinds) if drive is not None else None


async def _whom(turn: Turn, audience: Audience) -> str:
    """Who the appeal goes to, in words, for its last look: the chosen units by name, the role by its name."""
    if audience.kind == "units":
        units = await turn.session.scalars(select(Unit).where(Unit.id.in_(audience.units)))
        return ", ".join(sorted((u.name for u in units), key=sort_key))
    if audience.kind == "role" and audience.role:
        return role_label(
            turn.t, audience.role, commune=await in_commune(turn), hamlets=await with_hamlets(turn)
        )
    if audience.kind == "gave":
        drive = await turn.session.get(Drive, audience.drive_id) if audience.drive_id else None
        said = (
            turn.t("Those who gave days of work to {drive} (confirmed by a treasurer)")
            if await _of_days(turn, audience.drive_id)
            else turn.t("Those who gave to {drive} (gifts a treasurer confirmed)")
        )
        return said.format(drive=f"“{drive.title if drive else ''}”")
    whom = (await _audience_labels(turn))[audience.kind]
    if audience.kind == "not_given":  # “this drive's”: its units already
        return whom
    narrowed = await _drive_units_reached(turn, audience)
    if narrowed is None:
        return whom
    if audience.kind == "org":
        return turn.t("Everyone in the drive's units: {units}").format(units=narrowed)
    return turn.t("{whom}, in the drive's units: {units}").format(whom=whom, units=narrowed)


async def _drive_units_reached(turn: Turn, audience: Audience) -> str | None:
    """The names of the units the appeal reaches, when its drive's units narrow those the officer covers (a
    drive of Khoa Dược asked for by the whole hospital's officer): “all the units I cover” would not be
    true (decision 0514). None when the drive narrows nothing."""
    actor = await actor_of(turn)
    if actor is None:
        return None
    scope = await reached_units(turn.session, actor, audience, turn.data.get("drive_id"))
    covered = mobilised_units(actor)
    if scope is None or (covered is not None and set(scope) >= covered):
        return None
    units = await turn.session.scalars(select(Unit.name).where(Unit.id.in_(scope)))
    return ", ".join(sorted(units, key=sort_key))


@flow.prompt("audience")
async def ask_audience(turn: Turn) -> None:
    labels = await _audience_labels(turn)
    asking = turn.data.get("asks", True)  # those who gave are thanked, never asked again (decision 0278)
    actor = await actor_of(turn)
    # “no commitment this year” only where a plan covers the year it would go out in (at 22:30 on 31/12,
    # past the quiet hours: the next): in one no plan covers it is everyone (decisions 1019, 1147)
    registering = actor is not None and await this_years_campaign(
        turn.session, actor.org_id, local_date(await _goes_out(turn, actor.org_id))
    )
    one_unit = actor is not None and not await _units_to_choose(turn, actor)
    kinds = [
        k
        for k in AUDIENCES
        if (k != "not_given" or turn.data.get("drive_id"))
        and (k != "units" or not one_unit)  # one unit is no choice of units (decision 2512)
        and (k != "gave" or not (asking or turn.data.get("news")))
        and (k != "no_commitment" or registering)
    ]
    choices = [Choice(k, labels[k], keywords=AUDIENCE_WORDS.get(k, ())) for k in kinds]
    turn.menu(turn.t("Who should receive it?"), [*choices, back_choice(turn.t)])


@flow.answer("audience")
async def got_audience(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("appeal", "drive")
        return
    if turn.choice not in ("units", "role", "gave") and shown_before_last_look(turn):  # then “Gửi ngay” is 1
        return
    turn.set(audience={"kind": turn.choice, "units": [], "role": None, "drive_id": turn.data.get("drive_id")})
    if turn.choice == "units":
        turn.goto("appeal", "units")
    elif turn.choice == "role":
        turn.goto("appeal", "role")
    elif turn.choice == "gave":
        turn.goto("appeal", "given_drive")
    else:
        turn.goto("appeal", "preview")


async def _units_to_choose(turn: Turn, actor: Actor) -> bool:
    """Whether the officer covers two units or more, so that “Chosen units” chooses something: an officer of
    one unit, or of the whole of a school of one, is not asked which (decision 2512, as 2431 for a drive).
    The whole organisation's units are read once a turn (`org_units`): its question and labels both ask."""
    covered = mobilised_units(actor)
    return len(covered if covered is not None else await org_units(turn, actor.org_id)) > 1


@flow.prompt("units")
async def ask_units(turn: Turn) -> None:
    actor = await actor_or_home(turn)
    if actor is None:
        return
    chosen = set(turn.data["audience"]["units"])
    units = await mobilised_unit_list(turn, actor)
    drive = await turn.session.get(Drive, turn.data.get("drive_id") or 0)
    if drive is not None and drive.unit_ids is not None:  # the others may not give to it (decision 0493)
        units = [unit for unit in units if unit.id in drive.unit_ids]
    choices = [Choice(f"u{u.id}", ticked(u.name, u.id in chosen)) for u in units]
    choices += [
        done_choice(turn, DONE),
        back_choice(turn.t),
    ]
    multi_menu(turn, turn.t("Choose the units. Then choose “Done, next step”."), choices)


@flow.answer("units")
async def got_units(turn: Turn) -> None:
    if BACK_ID in turn.picked:
        turn.goto("appeal", "audience")
        return
    audience = dict(turn.data["audience"])
    chosen = toggled(audience["units"], [int(choice[1:]) for choice in turn.picked if choice.startswith("u")])
    audience["units"] = chosen
    turn.set(audience=audience)
    if DONE not in turn.picked:
        turn.goto("appeal", "units")
    elif not chosen:
        turn.say(turn.t("Please choose at least one unit."))
        turn.goto("appeal", "units")
    else:
        turn.goto("appeal", "preview")


@flow.prompt("role")
async def ask_role(turn: Turn) -> None:
    roles = ("member", "leader", "treasurer", "officer")
    commune, hamlets = await in_commune(turn), await with_hamlets(turn)
    labels = [Choice(r, role_label(turn.t, r, commune=commune, hamlets=hamlets)) for r in roles]
    turn.menu(turn.t("Which role?"), [*labels, back_choice(turn.t)])


@flow.answer("role")
async def got_role(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("appeal", "audience")
        return
    if shown_before_last_look(turn):  # “thu”: the one role it matches, to pick, then the preview (“1”: send)
        return
    turn.set(audience={**turn.data["audience"], "role": turn.choice})
    turn.goto("appeal", "preview")


@flow.prompt("given_drive")
async def ask_given_drive(turn: Turn) -> None:
    """A thank-you to those who gave: to which drive, closed or over too (a thank-you comes after), of those
    with a gift a treasurer confirmed, the latest first."""
    actor = await actor_or_home(turn)
    if actor is None:
        return
    covered = mobilised_units(actor)  # a drive of other units only has none of this officer's givers
    given = list(await turn.session.scalars(given_drives(actor.org_id)))
    drives = [d for d in given if covered is None or d.unit_ids is None or covered & set(d.unit_ids)]
    drives = drives[:GIVEN_DRIVES]
    if not drives:
        turn.say(
            turn.t(
                "The drives with a gift confirmed by a treasurer are all other units' drives: there is "
                "nobody in your units to thank for one."
            )
            if given
            else turn.t("No drive has a gift confirmed by a treasurer yet: there is nobody to thank for one.")
        )
        turn.goto("appeal", "audience")
        return
    choices = [Choice(f"d{d.id}", d.title + closed_words(turn.t, d)) for d in drives]
    turn.menu(turn.t("Those who gave to which drive?"), [*choices, back_choice(turn.t)])


@flow.answer("given_drive")
async def got_given_drive(turn: Turn) -> None:
    if turn.choice == BACK_ID or (drive_id := picked_id(turn, "d")) is None:
        turn.goto("appeal", "audience")
        return
    turn.set(audience={**turn.data["audience"], "drive_id": drive_id})
    turn.goto("appeal", "preview")


def _givers_apart(turn: Turn, seen: Preview) -> list[str]:
    """Those who gave whom the thank-you cannot reach, and the way to them (decision 0278)."""
    lines = []
    if seen.unreachable:
        lines.append(
            turn.t(
                "Of those who gave, {n} have no messenger account (households recorded on their behalf, for "
                "instance) and will not receive it: please thank them in person or at their meeting."
            ).format(n=turn.t.number(seen.unreachable))
        )
    if seen.donors:
        lines.append(
            turn.t(
                "Donors from outside who gave to it: {n}. No appeal goes to them: thank each with the "
                "thank-you letter of their gift (“Look up a contribution”, its code, “Thank-you letter "
                "(Word)”)."
            ).format(n=turn.t.number(seen.donors))
        )
    return lines


def _audience(turn: Turn) -> Audience:
    return Audience.from_json(turn.data["audience"])


@flow.prompt("preview")
async def show_preview(turn: Turn) -> None:
    try:
        seen = await preview(
            turn.session,
            await actor_of(turn),
            _audience(turn),
            now=turn.now,
            settings=turn.settings,
            text=turn.data["text"],
            drive_id=turn.data.get("drive_id"),
            photo=bool(turn.data.get("photo")),
            send_at=_send_at(turn),
        )
    except AppealError as problem:
        turn.say(await _refusal(turn, problem))
        turn.goto("appeal", "audience")
        return
    gave = _audience(turn).kind == "gave"
    if seen.recipients == 0:
        reason = sent_before_reason(seen.sent_before, seen.sent_before_cancelled)
        apart = _givers_apart(turn, seen) if gave and reason == "empty" else []
        if apart:  # no one to write to, but whom to thank otherwise, and how
            turn.say("\n".join([turn.t("None of those who gave can receive a message."), *apart]))
        else:
            turn.say(await _refusal(turn, AppealError(reason)))
        turn.goto("appeal", "audience")
        return
    turn.set(count=seen.recipients, large=seen.needs_second_confirmation)
    # a thank-you, or news, is headed as what it is: it asks nobody (decisions 1299, 1352)
    asks, news = turn.data.get("asks", True), bool(turn.data.get("news"))
    if turn.data.get("photo") and not turn.inbound.shows_photos:  # its words, as such a chat gets it (0444)
        heading = (
            turn.t("The appeal, with a photo 📷 that cannot be shown here (it goes with the words):")
            if asks
            else turn.t("The news, with a photo 📷 that cannot be shown here (it goes with the words):")
            if news
            else turn.t("The thank-you, with a photo 📷 that cannot be shown here (it goes with the words):")
        )
        lines = [heading, turn.data["text"], ""]
    elif turn.data.get("photo"):  # the picture with its text, as each recipient gets it (decision 0230)
        turn.show_photo(turn.data["photo"], turn.data["text"])
        heading = (
            turn.t("The appeal: the photo above, with its text.")
            if asks
            else turn.t("The news: the photo above, with its text.")
            if news
            else turn.t("The thank-you: the photo above, with its text.")
        )
        lines = [heading, ""]
    else:
        heading = turn.t("The appeal:") if asks else turn.t("The news:") if news else turn.t("The thank-you:")
        lines = [heading, turn.data["text"], ""]
    if asks or turn.data.get("drive_id"):  # what it asks for, and whom (decision 0186)
        drive = await turn.session.get(Drive, turn.data["drive_id"]) if turn.data.get("drive_id") else None
        lines.append(turn.t("• Drive: {drive}").format(drive=drive_title(turn.t, drive)))
    lines += [
        turn.t("• To: {whom}").format(whom=await _whom(turn, _audience(turn))),
        turn.t("Recipients: {n}.").format(n=turn.t.number(seen.recipients)),
    ]
    if seen.words_only:  # her photo is not all they see (decision 0492)
        lines.append(
            turn.t(
                "Recipients getting the words alone, without the photo (pictures do not show on Zalo): {n}."
            ).format(n=turn.t.number(seen.words_only))
        )
    if seen.author_left_out:  # decision 0167
        lines.append(turn.t("Not sent to you yourself, who wrote it."))
    if seen.sent_before:
        lines.append(
            turn.t("Already received this very appeal (not sent it again): {n}.").format(
                n=turn.t.number(seen.sent_before)
            )
        )
    if gave:
        lines += _givers_apart(turn, seen)
    elif seen.unreachable:
        lines.append(
            turn.t("In that audience but without a messenger account (will not receive it): {n}.").format(
                n=turn.t.number(seen.unreachable)
            )
        )
    if seen.away:  # the others of the audience, not left for the officer to guess (decision 1251)
        lines.extend(_away_lines(turn, seen.away, seen.training))
    # a count, naming no one: their choice is theirs (decision 1353); never in a unit of two or three (1452)
    lines += _off_lines(turn, seen.off, seen.recipients + seen.unreachable)
    if seen.households and (warned := _households_warned(turn, seen.households, turn.data["text"])):
        again = turn.t(
            "To ask households in their own words, choose “{stop}” and write it again, or “{audience}” to "
            "leave them out."
        ).format(stop=turn.t("Do not send"), audience=turn.t("Change who receives it"))
        lines.append(f"⚠️ {' '.join(warned)} {again}")
    if not asks:
        lines.append(turn.t("It goes without buttons: it asks nobody to give."))
    lines += _held_line(turn, seen.goes_at)
    turn.menu(
        "\n".join(lines),
        [
            Choice(NOW_, turn.t("Send now"), keywords=("gui ngay", "gui", "send")),
            Choice(LATER, turn.t("Schedule it"), keywords=("hen gio", "schedule", "later")),
            Choice(AUDIENCE, turn.t("Change who receives it"), keywords=("doi nguoi nhan", "change")),
            # a “ko” typed at it, as to the question that led to it, is Do not send (decision 1250)
            Choice(STOP, turn.t("Do not send"), keywords=("khong gui", "huy", "cancel", *NO_WORDS), led=True),
        ],
    )


@flow.answer("preview")
async def chose_send(turn: Turn) -> None:
    if turn.choice == STOP:
        _not_sent(turn)
    elif turn.choice == AUDIENCE:  # the text and the drive kept: only whom it goes to is asked again
        turn.goto("appeal", "audience")
    elif turn.choice == LATER:
        turn.goto("appeal", "when")
    else:
        await _send_unless_large(turn)


@flow.prompt("when")
async def ask_when(turn: Turn) -> None:
    ask_typed(
        turn,
        turn.t("When should it go out? Type a date and hour, for example: {example} or tomorrow 8am.").format(
            example=_example_moment(turn)
        ),
    )


def _example_moment(turn: Turn, *, short: bool = False, on: date | None = None) -> str:
    """A time to give as an example: the day after tomorrow (or `on`) at 08:00 (“04/12/2026 08:00”; `short`,
    at 14h as people type it: “4/12 14h”), never one already past (a finding from outside: 20/11 in
    December)."""
    day = on or turn.today + timedelta(days=2)
    return f"{day.day}/{day.month} 14h" if short else f"{turn.t.date(day)} 08:00"


@flow.answer("when")
async def got_when(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("appeal", "preview")
        return
    lunar: LunarDay | None = None
    try:
        if (said := read_lunar_moment(turn.text, turn.today)) is not None:  # “8h sáng 23 tháng Chạp” (0689)
            at, lunar = said
        else:
            at = parse_moment(turn.text, turn.today)
    except LunarDayNotRead as refused:
        turn.say(lunar_refusal(turn.t, refused, _example_moment(turn, on=refused.days[0])))
        return
    except DateError:
        turn.say(
            turn.t("Please type a date and an hour, for example: {example}, {short} or tomorrow 8am.").format(
                example=_example_moment(turn), short=_example_moment(turn, short=True)
            )
        )
        return
    if at <= turn.now:
        turn.say(
            turn.t("That time has passed. Please type a later one, for example: {example}.").format(
                example=_example_moment(turn)
            )
        )
        return
    if lunar is not None:
        turn.say(read_as_lunar(turn.t, lunar))
    turn.set(send_at=at.isoformat())
    await _send_unless_large(turn)


@flow.prompt("large")
async def ask_large(turn: Turn) -> None:
    confirm_menu(
        turn,
        turn.t.plural(
            "This appeal goes to {n} person. Are you sure you want to send it?",
            "This appeal goes to {n} people. Are you sure you want to send it?",
            turn.data["count"],
        ).format(n=turn.t.number(turn.data["count"])),
    )


@flow.answer("large")
async def got_large(turn: Turn) -> None:
    if turn.choice != YES:
        _not_sent(turn)
        return
    await _send(turn, confirmed_large=True)


def _not_sent(turn: Turn) -> None:
    if not turn.said_new_end_kept():  # the message of a drive's new end: the new end stays (1298)
        turn.say(turn.t("Not sent. Nothing was stored."))
    turn.goto("appeal", "list", keep_data=False)


async def _send_unless_large(turn: Turn) -> None:
    """Above the configured size (as the preview counted) the officer is asked once more before it goes."""
    if turn.data.get("large"):
        turn.goto("appeal", "large")
    else:
        await _send(turn)


async def _goes_out(turn: Turn, org_id: int) -> datetime:
    """When the appeal being written goes, as its send will read it (decision 1961)."""
    return await appeal_goes_out(
        turn.session,
        org_id,
        now=turn.now,
        send_at=_send_at(turn),
        settings=turn.settings,
        drive_id=turn.data.get("drive_id"),
    )


def _send_at(turn: Turn) -> datetime | None:
    """The hour typed for the appeal (“Hẹn giờ”), None for at once."""
    return datetime.fromisoformat(turn.data["send_at"]) if turn.data.get("send_at") else None


async def _send(turn: Turn, *, confirmed_large: bool = False) -> None:
    send_at = _send_at(turn)
    draft = Draft(
        turn.data["text"],
        _audience(turn),
        turn.data.get("drive_id"),
        turn.data.get("photo"),
        send_at,
        asks=turn.data.get("asks", True),
        news=bool(turn.data.get("news")),
    )
    try:
        appeal = await send_appeal(
            turn.session,
            await actor_of(turn),
            draft,
            now=turn.now,
            settings=turn.settings,
            confirmed_large=confirmed_large,
        )
    except AppealError as problem:
        if problem.reason == "confirm_large":  # the audience grew past the size since the preview
            turn.goto("appeal", "preview")
            return
        turn.say(await _refusal(turn, problem))
        if problem.reason == "drive_units":  # what was typed kept, for a drive of her units
            turn.goto("appeal", "drive")
            return
        again = problem.reason in ("empty", "sent_before", "sent_before_cancelled", "no_plan_year")
        turn.goto("appeal", "audience" if again else "list", keep_data=again)
        if problem.reason == "no_plan_year":  # its hour fell in that year: asked again after whom (1147)
            turn.set(send_at=None)
        return
    if appeal.send_at > turn.now:
        # at once or at an hour typed in the quiet hours (“CN 6h”): why it goes later (decision 0329)
        said = await _waits(
            turn, appeal, asked_now=send_at is None or appeal.send_at > send_at, typed=send_at
        )
    else:
        said = turn.t.plural(
            "Sending to {n} person now.", "Sending to {n} people now.", appeal.recipients
        ).format(n=turn.t.number(appeal.recipients))
    turn.say(said, keep=True)
    turn.goto("appeal", "status", keep_data=False)
    turn.set(appeal_id=appeal.id)


def _households_warned(turn: Turn, households: int, text: str) -> list[str]:
    """What households would read of an appeal as written that is not theirs: words meant for staff (decision
    2311) and links shortened so that they do not say where they lead (decision 2533)."""
    said = []
    n = turn.t.number(households)
    if words := staff_words(text):  # read as written
        said.append(
            turn.t.plural(
                "{n} household will receive it as written, with words meant for staff: {words}.",
                "{n} households will receive it as written, with words meant for staff: {words}.",
                households,
            ).format(n=n, words=", ".join(f"“{word}”" for word in words))
        )
    if links := shortened_links(text):
        said.append(
            turn.t.plural(
                "{n} household will receive a shortened link ({links}) and cannot tell where it leads or "
                "whether it will open.",
                "{n} households will receive a shortened link ({links}) and cannot tell where it leads or "
                "whether it will open.",
                households,
            ).format(n=n, links=", ".join(f"“{link}”" for link in links))
        )
    return said


def _held_line(turn: Turn, goes_at: datetime | None) -> list[str]:
    """Where “Gửi ngay” would not send it now (the quiet hours, and past them a day off): when it would go,
    with its weekday, so the officer chooses knowing it (decision 1960)."""
    morning = held_till_morning(turn.now, _send_at(turn), turn.settings)
    if goes_at is None or morning is None:  # an hour typed, or not held: it goes as asked
        return []
    return _when_said(
        turn.t,
        turn.settings,
        turn.t("Sent now, it goes out at {hour} on {day}: not in the quiet hours, {start}:00–{end}:00."),
        turn.t(
            "Sent now, it goes out at {hour} on {day}, the next working morning: not in the quiet hours, "
            "{start}:00–{end}:00, nor on a day off."
        ),
        goes_at,
        morning,
    )


def _when_said(
    t: Translator, settings: Settings, by_morning: str, past_it: str, goes_at: datetime, morning: datetime
) -> list[str]:
    """The line of messages the quiet hours hold till `morning`: `by_morning` where they go then, else
    `past_it` (a day off held them longer), with the hour and weekday they go, and the quiet hours."""
    said = by_morning if goes_at <= morning else past_it
    local = goes_at.astimezone(LOCAL_TZ)
    start, end = settings.quiet_hours_start, settings.quiet_hours_end
    day = t.day_of_week(local.date())
    return [said.format(hour=local.strftime("%H:%M"), day=day, start=f"{start:02d}", end=f"{end:02d}")]


async def _waits(turn: Turn, appeal: Appeal, *, asked_now: bool, typed: datetime | None = None) -> str:
    """An appeal (or its reminder) written now that goes out later: when, to how many; and, where it was
    asked to go at once (“Gửi ngay”, “Nhắc lại người chưa ủng hộ”), or at an hour, in the quiet hours, why it
    waits (decisions 0117, 0329), and, held past the morning of a day off (a holiday, or an office's weekend),
    why not then (1902, 1960)."""
    said = turn.t.plural(
        "Scheduled: {n} person will receive it at {at}.",
        "Scheduled: {n} people will receive it at {at}.",
        appeal.recipients,
    ).format(n=turn.t.number(appeal.recipients), at=turn.t.datetime(appeal.send_at))
    if not asked_now:
        return said
    night = turn.t("No appeal goes out in the quiet hours, {start}:00–{end}:00.")
    start, end = turn.settings.quiet_hours_start, turn.settings.quiet_hours_end
    lines = [night.format(start=f"{start:02d}", end=f"{end:02d}")]
    morning = held_till_morning(turn.now, typed, turn.settings)
    if morning is not None and appeal.send_at > morning:  # that morning was a day off (goes_out_at)
        day = local_date(morning)
        lines.append(
            turn.t("{day} is a holiday, so the appeal goes on the next working morning.").format(
                day=turn.t.date(day)
            )
            if await held_by_holiday(turn.session, appeal.org_id, day, turn.settings)
            else turn.t("{day} is a day off, so the appeal goes on the next working morning.").format(
                day=turn.t.day_of_week(day)
            )
        )
    return "\n".join([*lines, said])


# --- an appeal's status ------------------------------------------------------------------------------


@flow.prompt("status")
async def show_status(turn: Turn) -> None:
    if (found := await chosen_or_leave(turn, Appeal, "appeal_id", leave_to=LIST)) is None:
        return
    actor, appeal = found
    if not may_send_appeal(actor, appeal.org_id, appeal.audience.get("scope")):  # a role taken away meanwhile
        await _no_longer_theirs(turn, actor)
        return
    s = await appeal_status(turn.session, appeal)
    # Before its time nothing went out: who will receive it and who cannot be reached, never "did not".
    scheduled = appeal.send_at > turn.now and appeal.status != "cancelled"
    lines = await _appeal_labels(turn, [appeal])
    if not asks(appeal):  # what it is, though the menu calls them all appeals (decision 1352)
        lines.append(
            turn.t("News, asking nobody to give.")
            if is_news(appeal)
            else turn.t("A thank-you, asking nobody to give.")
        )
    if scheduled:
        lines.append(
            turn.t.plural(
                "To go out at {at}: {n} person will receive it.",
                "To go out at {at}: {n} people will receive it.",
                s.pending,
            ).format(at=turn.t.datetime(appeal.send_at), n=turn.t.number(s.pending))
        )
    else:
        lines.append(
            turn.t("Sent {sent} · waiting {pending} · failed {failed} · blocked the bot {blocked}").format(
                sent=s.sent, pending=s.pending, failed=s.failed, blocked=s.blocked
            )
        )
        lines += _why_lines(turn, s)
    if s.cancelled or s.expired:
        lines.append(
            turn.t("Cancelled {cancelled} · expired {expired}").format(
                cancelled=s.cancelled, expired=s.expired
            )
        )
    if s.unreached and appeal.audience.get("kind") == "gave":  # as its preview said it (decision 0278)
        unreached = (
            turn.t(
                "Of those who gave, {n} have no messenger account (households recorded on their behalf, for "
                "instance) and will not receive it: please thank them in person or at their meeting."
            )
            if scheduled
            else turn.t(
                "Of those who gave, {n} have no messenger account (households recorded on their behalf, for "
                "instance) and did not receive it: please thank them in person or at their meeting."
            )
        )
        lines.append(unreached.format(n=turn.t.number(s.unreached)))
    elif s.unreached:
        unreached = (
            turn.t("In its audience but without a messenger account (cannot be reached): {n}")
            if scheduled
            else turn.t("In its audience but without a messenger account (did not receive it): {n}")
        )
        lines.append(unreached.format(n=turn.t.number(s.unreached)))
    if s.away:  # as its last look said them (decision 1458)
        lines.extend(_away_lines(turn, s.away, s.training))
    elif s.away_unknown:  # kept from before that count was: said, not left for her to guess (decision 1572)
        lines.append(
            turn.t(
                "On long leave when it went out: not known — this appeal was sent before Chung Tay kept how "
                "many were on long leave."
            )
        )
    lines += _off_lines(turn, s.off, _its_audience(appeal))  # as its last look said them (1353, 1452)
    if s.gave_before_it_went:
        lines.append(
            turn.t("Not sent, as they gave before it reached them: {n}").format(
                n=turn.t.number(s.gave_before_it_went)
            )
        )
    if s.moved_out:  # the staff list moved them out of the drive's units (docs/decisions/0524)
        lines.append(
            turn.t("Not sent, as they moved to a unit outside the drive: {n}").format(
                n=turn.t.number(s.moved_out)
            )
        )
    kind = await _asked_kind(turn, appeal.drive_id)
    days = kind == "labour"
    if asks(appeal) and not scheduled:  # nobody received it yet
        gave = (
            turn.t("Gave days of work after receiving it: {n}")
            if days
            else turn.t("Gave after receiving it: {n}")
        )
        lines.append(gave.format(n=s.contributed_after))
    if appeal.status == "cancelled":
        lines.append(turn.t("This appeal was cancelled."))
    cut = await cut_count(turn.session, actor, appeal, now=turn.now)
    lines += await _cut_lines(turn, appeal, cut)
    followed = await turn.session.scalar(select(Appeal.id).where(Appeal.follow_up_of == appeal.id))
    if followed is not None:
        lines.append(turn.t("Those who had not given were reminded once."))
    times, last = await corrected(turn.session, appeal)
    if last is not None:
        lines.append(
            turn.t.plural(
                "Text corrected at {at} ({n} time): corrections sent {sent} · waiting {pending}.",
                "Text corrected at {at} ({n} times): corrections sent {sent} · waiting {pending}.",
                times,
            ).format(
                at=turn.t.datetime(last),
                n=turn.t.number(times),
                sent=turn.t.number(s.corrections_sent),
                pending=turn.t.number(s.corrections_pending),
            )
        )
    choices = [Choice(REFRESH, turn.t("Refresh"), keywords=("cap nhat", "refresh"))]
    if appeal.status != "cancelled":  # its drive's news, or the Fund's, for a group chat (decision 0109)
        choices.append(group_choice(turn.t))
    offered, why_not = False, ""
    if appeal.status != "cancelled" and followed is None and asks(appeal):  # else said above
        offered, why_not = await _reminder_offered(turn, actor, appeal, s, scheduled=scheduled)
    if why_not:
        lines.append(why_not)
    if offered:
        choices.append(
            # “gửi lại”, as an officer says it of an appeal gone out: to who has not given (decision 1250)
            Choice(
                FOLLOW,
                turn.t("Remind those who have not given days of work")
                if days
                else turn.t("Remind those who have not given goods")
                if kind == "goods"
                else turn.t("Remind those who have not given"),
                keywords=("nhac lai", "gui lai", "remind"),
            )
        )
    if cut:
        choices.append(
            Choice(SEND_ON, turn.t("Send on the stopped messages"), keywords=("gui tiep", "send on"))
        )
    if await correctable(turn.session, appeal):  # cancelled: for who had it, or what may go on (0737, 0756)
        choices.append(Choice(FIX, turn.t("Correct the text"), keywords=("sua", "dinh chinh", "correct")))
    if appeal.status != "cancelled" and (s.pending or cut):
        choices.append(Choice(STOP, turn.t("Cancel the appeal"), keywords=("huy", "cancel", "dung")))
    turn.menu("\n".join(lines), [*choices, back_choice(turn.t)])


def _away_lines(turn: Turn, n: int, training: int) -> list[str]:
    """How many of the audience are on long leave and not sent it: a count, naming no one (1251); those away
    on training, of them, said as such (decision 2315)."""
    lines = []
    if n > training:
        lines.append(
            turn.t("On long leave, not sent until they are back: {n}.").format(n=turn.t.number(n - training))
        )
    if training:
        lines.append(
            turn.t("Away on training, not sent until they are back: {n}.").format(n=turn.t.number(training))
        )
    return lines


def _off_lines(turn: Turn, n: int, audience: int) -> list[str]:
    """How many of the audience turned appeals off and are not sent it: a count, naming no one (1353); said
    only where the appeal's `audience` (sent it, or missed for want of an account) is at least three, so
    that it points at nobody (`may_count_appeals_off`, decision 1452)."""
    if not n or not may_count_appeals_off(audience):
        return []
    return [turn.t("Turned appeals off, not sent it: {n}.").format(n=turn.t.number(n))]


def _its_audience(appeal: Appeal) -> int:
    """Whom the appeal was sent to, or missed for want of an account, when it was written: the figure the
    count of who turned appeals off is said beside, at its last look, status and reminder alike (1452)."""
    return appeal.recipients + int(appeal.audience.get("unreached") or 0)


async def _reminder_offered(
    turn: Turn, actor: Actor, appeal: Appeal, s: Status, *, scheduled: bool
) -> tuple[bool, str]:
    """Whether the status of an appeal that asks offers “Remind those who have not given”, and where not, why
    in one line (decision 1451); cancelled, reminded already, a thank-you or news are said above it, and a
    scheduled appeal says when it goes."""
    if appeal.drive_id is None:
        return False, turn.t(
            "No reminder: the appeal is for the Fund, not a drive, so who has not given is not known."
        )
    drive = await turn.session.get(Drive, appeal.drive_id)
    if drive is None or drive.closed_at is not None or drive.ends_on < turn.today:
        return False, turn.t("No reminder: its drive is closed or over.")
    if s.pending:
        return False, "" if scheduled else await _refusal(turn, AppealError("not_yet"))
    if await follow_up_count(turn.session, actor, appeal, now=turn.now):
        return True, ""
    return False, await _nobody_left(turn, actor, appeal)


def _why_lines(turn: Turn, s: Status) -> list[str]:
    """Why what has not arrived has not, in words (decision 0331): the officer read “waiting 150 · failed 3”
    through a morning of Zalo not answering, with no word of why, nor whether the 150 would still go."""
    lines = []
    if s.retrying:
        lines.append(
            turn.t(
                "Waiting {n}: the messenger did not take them yet (busy or not answering); they are tried "
                "again and go once it answers."
            ).format(n=turn.t.number(s.retrying))
        )
    if s.refused:
        lines.append(
            turn.t(
                "Failed {n}: the messenger would not take them (refused, or failing for a day); they are "
                "not tried again."
            ).format(n=turn.t.number(s.refused))
        )
    if s.no_account:
        lines.append(
            turn.t("Failed {n}: the person has no messenger account left to reach them.").format(
                n=turn.t.number(s.no_account)
            )
        )
    if s.account_gone:
        lines.append(
            turn.t("Of those who blocked the bot, {n} no longer have that messenger account.").format(
                n=turn.t.number(s.account_gone)
            )
        )
    return lines


async def _cut_lines(turn: Turn, appeal: Appeal, cut: dict[str, int]) -> list[str]:
    """What stopped of the appeal and may go on (decision 0318): by its drive's close, which the reopening
    did not send on; or as its author no longer holds the role, named, so whoever sends it on knows whose
    words they send."""
    lines = []
    if n := cut.get(CUT_AT_CLOSE, 0):
        lines.append(
            turn.t.plural(
                "Stopped when the drive was closed and not sent on: {n} message.",
                "Stopped when the drive was closed and not sent on: {n} messages.",
                n,
            ).format(n=turn.t.number(n))
        )
    if n := cut.get(CUT_AS_AUTHOR_WENT, 0):
        author = await turn.session.get(Person, appeal.created_by) if appeal.created_by else None
        again = author is not None and (back := await actor_for(turn.session, author)) is not None
        if again and may_touch_appeal(back, appeal):  # the role given back: stopped, not taken back (0329)
            said = turn.t.plural(
                "Stopped while {name}, who wrote it, could not send it: {n} message not yet sent.",
                "Stopped while {name}, who wrote it, could not send it: {n} messages not yet sent.",
                n,
            )
        else:
            said = turn.t.plural(
                "{name}, who wrote it, can no longer send it: {n} message not yet sent is stopped.",
                "{name}, who wrote it, can no longer send it: {n} messages not yet sent are stopped.",
                n,
            )
        lines.append(said.format(name=author.full_name if author else "—", n=turn.t.number(n)))
    if lines:
        lines.append(
            turn.t(
                "With “{send_on}” you send them to those they had not reached; nobody gets it twice."
            ).format(send_on=turn.t("Send on the stopped messages"))
        )
    return lines


async def _no_longer_theirs(turn: Turn, actor: Actor | None) -> None:
    """The appeal on screen is no longer the writer's (`may_touch_appeal`: moved by the staff list to a unit
    it did not reach, or a role taken away): why, to one who still sends appeals, and their list, which says
    why to anyone else and goes home (docs/decisions/0493)."""
    if may_open_drives(actor):
        turn.say(await _refusal(turn, AppealError("not_allowed")))
    turn.goto(*LIST, keep_data=False)


@flow.answer("status")
async def chose_status(turn: Turn) -> None:
    if turn.choice in (STOP, FOLLOW, SEND_ON, FIX):  # the rule asked again before a question of the appeal's
        if (found := await chosen_or_leave(turn, Appeal, "appeal_id", leave_to=LIST)) is None:
            return
        if not may_touch_appeal(*found):
            await _no_longer_theirs(turn, found[0])
            return
    if turn.choice == BACK_ID:
        turn.goto("appeal", "list", keep_data=False)
    elif turn.choice == STOP:
        turn.goto("appeal", "cancel")
    elif turn.choice == FIX:
        turn.goto("appeal", "fix")
    elif turn.choice == GROUP:
        turn.goto("appeal", "group")
    elif turn.choice == FOLLOW:
        turn.goto("appeal", "follow")
    elif turn.choice == SEND_ON:
        await _send_on(turn)
    else:
        turn.goto("appeal", "status")


async def _send_on(turn: Turn) -> None:
    """ "Gửi tiếp các tin đã dừng" pressed: sent on, how many said (none, pressed again), the status again."""
    if (found := await chosen_or_leave(turn, Appeal, "appeal_id", leave_to=LIST)) is None:
        return
    actor, appeal = found
    try:
        n, goes_at = await send_on_cut(turn.session, actor, appeal, now=turn.now, settings=turn.settings)
    except AppealError as problem:
        turn.say(await _refusal(turn, problem))
    else:
        if not n:  # pressed on a screen from before, by another officer too (decision 0329)
            turn.say(
                turn.t(
                    "Nothing is left to send on: the stopped messages were sent on already, or may no "
                    "longer go."
                )
            )
            turn.goto("appeal", "status")
            return
        lines = [
            turn.t.plural(
                "Sent on: {n} message goes to whom it had not reached.",
                "Sent on: {n} messages go to those they had not reached.",
                n,
            ).format(n=turn.t.number(n))
        ]
        turn.say("\n".join([*lines, *sent_on_line(turn, goes_at)]), keep=True)
    turn.goto("appeal", "status")


def sent_on_line(turn: Turn, goes_at: datetime) -> list[str]:
    """Where the messages sent on wait (the quiet hours, and past them an office's day off): when they go,
    as the preview says it of an appeal sent at once (decisions 1960, 2061); “Gửi tiếp các tin đã dừng” and
    “Mở lại và gửi tiếp” alike (decision 2150)."""
    return sent_on_words(turn.t, turn.settings, turn.now, goes_at)


def sent_on_words(t: Translator, settings: Settings, now: datetime, goes_at: datetime) -> list[str]:
    """`sent_on_line`'s words in `t`'s language: the chat's, and the shell's `drive reopen --send-on`
    (decision 2333)."""
    morning = held_till_morning(now, None, settings)
    if morning is None or goes_at <= now:
        return []
    return _when_said(
        t,
        settings,
        t("The messages go out at {hour} on {day}: not in the quiet hours, {start}:00–{end}:00."),
        t(
            "The messages go out at {hour} on {day}, the next working morning: not in the quiet hours, "
            "{start}:00–{end}:00, nor on a day off."
        ),
        goes_at,
        morning,
    )


@flow.prompt("follow")
async def ask_follow_up(turn: Turn) -> None:
    """The last look before the appeal goes again to those who have not given: to how many, as an appeal's
    last look says whom it goes to (decision 0186); nobody left to remind goes back to the status, which says
    why (decision 1451)."""
    if (found := await chosen_or_leave(turn, Appeal, "appeal_id", leave_to=LIST)) is None:
        return
    actor, appeal = found
    try:
        count = await follow_up_count(turn.session, actor, appeal, now=turn.now)
    except AppealError as problem:
        turn.say(await _refusal(turn, problem))
        turn.goto("appeal", "status")
        return
    if not count:  # the status, shown next, says why nobody is left (decision 1451)
        turn.goto("appeal", "status")
        return
    kind = await _asked_kind(turn, appeal.drive_id)  # in the drive's words (decision 1652)
    if kind == "labour":
        asked = turn.t.plural(
            "Send this appeal again to the {n} person who has not given days of work yet? Each is "
            "reminded once.",
            "Send this appeal again to the {n} people who have not given days of work yet? Each is "
            "reminded once.",
            count,
        )
    elif kind == "goods":
        asked = turn.t.plural(
            "Send this appeal again to the {n} person who has not given goods yet? Each is reminded once.",
            "Send this appeal again to the {n} people who have not given goods yet? Each is reminded once.",
            count,
        )
    else:
        asked = turn.t.plural(
            "Send this appeal again to the {n} person who has not given yet? Each is reminded once.",
            "Send this appeal again to the {n} people who have not given yet? Each is reminded once.",
            count,
        )
    asked = asked.format(n=turn.t.number(count))
    off = await follow_up_off(turn.session, actor, appeal, now=turn.now)  # turned off since (1353)
    asked = "\n".join([*_off_lines(turn, off, _its_audience(appeal)), asked])
    confirm_menu(turn, asked)


@flow.answer("follow")
async def following_up(turn: Turn) -> None:
    if turn.choice != YES:
        turn.goto("appeal", "status")
        return
    if (found := await chosen_or_leave(turn, Appeal, "appeal_id", leave_to=LIST)) is None:
        return
    actor, appeal = found
    try:
        again = await follow_up(turn.session, actor, appeal, now=turn.now, settings=turn.settings)
    except AppealError as problem:
        if problem.reason != "empty":  # nobody left: the status, shown next, says why (decision 1451)
            turn.say(await _refusal(turn, problem))
    else:
        turn.say(await _reminding(turn, again), keep=True)
    turn.goto("appeal", "status")


async def _nobody_left(turn: Turn, actor: Actor, appeal: Appeal) -> str:
    """Nobody left to remind, in one line of the appeal's status, which then offers no reminder, and to which
    a reminder pressed on a screen from before, or Có, comes back. “Everyone has given” only when it is so:
    those who have not given but turned appeals off, are on long leave, left or have no messenger account
    left are counted, naming no one (decisions 1416, 1450); who turned appeals off only where `_off_lines`
    may say it (1452); on a drive of days of work or goods alone, in its words (decision 1724)."""
    left_out = await follow_up_left_out(turn.session, actor, appeal, now=turn.now)
    off, away, gone = left_out.off, left_out.away, left_out.gone
    if not off and not away and not gone:
        kind = await _asked_kind(turn, appeal.drive_id)  # a drive of days or goods alone, in its words (1724)
        if kind == "labour":
            return turn.t("Everyone has given days of work. Thank you!")
        if kind == "goods":
            return turn.t("Everyone has given goods. Thank you!")
        return turn.t("Everyone has given. Thank you!")
    reasons = []
    if off and may_count_appeals_off(_its_audience(appeal)):
        reasons.append(turn.t("turned appeals off: {n}").format(n=turn.t.number(off)))
    if away > left_out.training:
        reasons.append(turn.t("on long leave: {n}").format(n=turn.t.number(away - left_out.training)))
    if left_out.training:  # said as training, not leave (decision 2315)
        reasons.append(turn.t("away on training: {n}").format(n=turn.t.number(left_out.training)))
    if gone:  # a commune's households and staff move out of the commune, not out of an office (1567)
        word = await commune_word(turn)  # the ward's own word: “đã chuyển khỏi phường” (2849)
        left = (
            turn.t("moved out of the {level} or have no messenger account left: {n}")
            if word is not None
            else turn.t("left the organisation or have no messenger account left: {n}")
        )
        reasons.append(left.format(n=turn.t.number(gone), level=word))
    if not reasons:
        return turn.t("Nobody is left to remind: those who have not given yet cannot be sent a reminder.")
    return turn.t("Nobody is left to remind: of those who have not given yet, {reasons}.").format(
        reasons="; ".join(reasons)
    )


async def _reminding(turn: Turn, again: Appeal) -> str:
    """What a reminder to those who have not given does: goes now to how many, or, pressed in the quiet
    hours, waits for the morning, said so as for an appeal (`_waits`)."""
    if again.send_at > turn.now:
        return await _waits(turn, again, asked_now=True)
    return turn.t.plural(
        "Reminding {n} person who has not given yet.",
        "Reminding {n} people who have not given yet.",
        again.recipients,
    ).format(n=turn.t.number(again.recipients))


@flow.prompt("fix")
async def ask_fix(turn: Turn) -> None:
    """ "Sửa nội dung": the text as it stands, to copy and correct."""
    if (found := await chosen_or_leave(turn, Appeal, "appeal_id", leave_to=LIST)) is None:
        return
    appeal = found[1]
    asked = turn.t(
        "Type the whole corrected appeal (up to {max} characters). Copies not sent yet go with it "
        "instead; those who already received it get one short correction. The text now:"
    ).format(max=turn.t.number(TEXT_MAX))
    if appeal.photo is not None:  # a poster: its corrected picture may come too (decision 0738)
        asked += "\n\n" + turn.t(
            "It went with a photo: to correct the photo too, send the corrected one with the whole "
            "corrected appeal as its caption (without a caption the text stays as it is)."
        )
    poster = appeal.photo is not None
    ask_typed(turn, asked + "\n\n" + appeal.text, takes_photo=poster, photo_of=POSTER if poster else None)


@flow.answer("fix")
async def got_fix(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("appeal", "status")
        return
    if (found := await chosen_or_leave(turn, Appeal, "appeal_id", leave_to=LIST)) is None:
        return
    actor, appeal = found
    photo = turn.inbound.photo if appeal.photo is not None else None
    if _too_large(turn, photo):
        return
    # a corrected poster sent without words: its text stays as it is (decision 0738)
    typed = (photo.caption or appeal.text) if photo is not None else turn.text
    try:
        text = await corrected_text(turn.session, actor, appeal, typed, photo.path if photo else None)
    except AppealError as problem:
        turn.say(await _refusal(turn, problem))
        return
    new_photo = photo.path if photo is not None and photo.path != appeal.photo else None
    turn.set(fix_text=text, fix_photo=new_photo)
    turn.goto("appeal", "fixlook")


@flow.prompt("fixlook")
async def show_fix(turn: Turn) -> None:
    """The last look at a correction: the new text, how many copies still waiting take it, how many people
    who had it are told, and the correction they read (decision 0683)."""
    if (found := await chosen_or_leave(turn, Appeal, "appeal_id", leave_to=LIST)) is None:
        return
    actor, appeal = found
    if not turn.data.get("fix_text"):  # reached without a text typed: asked for it
        turn.goto("appeal", "fix")
        return
    try:
        reach = await correction_reach(
            turn.session,
            actor,
            appeal,
            photo=bool(turn.data.get("fix_photo")),
            settings=turn.settings,
            text=turn.data["fix_text"],
        )
    except AppealError as problem:
        turn.say(await _refusal(turn, problem))
        turn.goto("appeal", "status")
        return
    said = turn.t(
        "Copies not sent yet will carry the corrected text: {waiting}. Those who already received it will "
        "each get this correction once: {told}."
    ).format(waiting=turn.t.number(reach.waiting), told=turn.t.number(reach.told))
    fixed = correction_text(turn.t.locale, appeal, turn.data["fix_text"])
    # the corrected poster, as they get it (decision 0738), also in a correction a cancel stopped (0756)
    if photo := turn.data.get("fix_photo") or reach.photo:
        said += "\n" + turn.t("Copies not sent yet and the correction carry the corrected photo.")
        if reach.words_only:  # as the appeal's own last look says it (decision 0492)
            said += "\n" + turn.t(
                "Recipients getting the words alone, without the photo (pictures do not show on Zalo): {n}."
            ).format(n=turn.t.number(reach.words_only))
        if turn.inbound.shows_photos:
            turn.show_photo(photo, fixed)
            fixed = turn.t("The correction: the photo above, with its text.")
    confirm_menu(turn, "\n\n".join([said, fixed, turn.t("Send the correction?")]))


@flow.answer("fixlook")
async def fixing(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        turn.goto("appeal", "status")
        return
    if (found := await chosen_or_leave(turn, Appeal, "appeal_id", leave_to=LIST)) is None:
        return
    actor, appeal = found
    try:
        done = await correct_appeal(
            turn.session,
            actor,
            appeal,
            turn.data.get("fix_text") or "",
            now=turn.now,
            settings=turn.settings,
            photo=turn.data.get("fix_photo"),
        )
    except AppealError as problem:
        turn.say(await _refusal(turn, problem))
        turn.goto("appeal", "status")
        return
    group = turn.settings.default_locale  # the message for the group chat, in the organisation's language
    said = turn.t(
        "Corrected. Copies not sent yet will carry the corrected text: {waiting}. Corrections to those "
        "who had it: {told} (after the quiet hours if it is night). If you posted the appeal in a group "
        "chat, forward the message below there too."
    ).format(waiting=turn.t.number(done.waiting), told=turn.t.number(done.told))
    turn.say(f"{said} {in_the_groups_language(turn, group)}".rstrip(), keep=True)
    # a poster corrected: the group chat that had the wrong one gets the new one (decision 0738)
    shown = turn.data.get("fix_photo") if turn.inbound.shows_photos else None
    turn.say_to_forward(correction_text(group, appeal, appeal.text), shown)
    turn.goto("appeal", "status")


@flow.prompt("group")
async def show_group_message(turn: Turn) -> None:
    """The message for a group chat of the appeal's drive, or of the Fund outside the drives this year, on
    its own; then the appeal's status again (decision 0109)."""
    if (found := await chosen_or_leave(turn, Appeal, "appeal_id", leave_to=LIST)) is None:
        return
    actor, appeal = found
    drive = await turn.session.get(Drive, appeal.drive_id) if appeal.drive_id is not None else None
    if drive is not None:
        handed = await hand_out_drive(turn, actor, drive)
    else:
        handed = await hand_out_fund(turn, actor, turn.today.year)
    if handed:
        turn.goto("appeal", "status")
    else:
        go_home(turn)


@flow.prompt("cancel")
async def ask_cancel(turn: Turn) -> None:
    confirm_menu(turn, turn.t("Cancel this appeal? Those who have not received it yet will not get it."))


@flow.answer("cancel")
async def cancelling(turn: Turn) -> None:
    actor = await actor_of(turn)
    appeal = await chosen(turn, Appeal, "appeal_id", actor.org_id if actor else None)
    if turn.choice == YES and appeal is not None:
        try:
            stopped = await cancel_appeal(turn.session, actor, appeal, now=turn.now)
        except AppealError as problem:
            turn.say(await _refusal(turn, problem))
        else:
            said = turn.t.plural(
                "Cancelled: {n} message will not be sent.",
                "Cancelled: {n} messages will not be sent.",
                stopped,
            ).format(n=turn.t.number(stopped))
            if (await appeal_status(turn.session, appeal)).sent:  # a mistake still put right (0737)
                said += "\n" + turn.t(
                    "Those who already received it keep it: if it carried a mistake (a wrong account "
                    "number), send them a correction with “{fix}”."
                ).format(fix=turn.t("Correct the text"))
            turn.say(said, keep=True)
    turn.goto("appeal", "status")


# --- for everyone --------------------------------------------------------------------------------------


@flow.prompt("later")
async def remind_me_later(turn: Turn) -> None:
    """The "Remind me later" button of an appeal."""
    assert turn.person is not None
    appeal = await chosen(turn, Appeal, "appeal_id", turn.person.org_id)
    if appeal is None:
        go_home(turn)
        return
    try:
        at = await remind_later(turn.session, turn.person, appeal, now=turn.now, settings=turn.settings)
    except AppealError as refused:  # an old message: the appeal taken back, or its drive closed since
        drive = await turn.session.get(Drive, appeal.drive_id) if appeal.drive_id is not None else None
        if refused.reason == "too_late" and drive is not None:  # its last evening: no reminder before its end
            turn.say(
                turn.t(
                    "This drive ends on {end}, before I could remind you. You can still give to it until "
                    "{last} with /donggop. Thank you."
                ).format(end=turn.t.date(drive.ends_on), last=turn.t.date(last_gift_day(drive)))
            )
            go_home(turn)
            return
        turn.say(
            turn.t("This appeal was cancelled, so there is nothing to remind you of. Thank you.")
            if refused.reason == "cancelled"
            else turn.t(
                "The drive of this appeal has ended or no longer takes your contributions, so there is "
                "nothing to remind you of. Thank you."
            )
        )
        go_home(turn)
        return
    if at is None:
        turn.say(turn.t("I will remind you, as you asked."))
    else:
        turn.say(turn.t("Of course. I will remind you at {at}.").format(at=turn.t.datetime(at)))
    go_home(turn)


@flow.prompt("toggle")
async def toggle_appeals(turn: Turn) -> None:
    """ "Không nhận lời kêu gọi" / "Nhận lại lời kêu gọi" from the main menu."""
    assert turn.person is not None
    on = turn.person.appeals_off
    await set_appeals(turn.session, turn.person, on=on, now=turn.now)
    if on:
        turn.say(turn.t("Done. You will receive appeals again."))
    else:
        turn.say(
            turn.t(
                "Done. You will receive no more appeals; reminders you asked for still come. "
                "You can turn appeals back on from the menu."
            )
        )
    go_home(turn)
