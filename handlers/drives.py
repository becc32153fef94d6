"""For union officers: the organisation's drives with their progress; opening a drive (title → dates →
target → Fund or not → kinds → suggested level → units → [the account its money goes to] → review); moving
its dates or target; closing it. The account step, and changing a drive's account, only an organisation-wide
admin sees (decision 0084). The domain (bot.domain.drives, bot.domain.transfer) checks the access rules again
and audits every change."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from functools import partial

from sqlalchemy import select

from bot.clock import local_date
from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import CONTRIBUTION_KINDS, Appeal, Drive, Organisation, Unit
from bot.domain.access import (
    FEWEST_GIVERS,
    Actor,
    may_appeal_for_drive,
    may_manage_drive,
    may_open_drive_by_unit,
    may_open_drives,
    may_open_queue,
    may_remit,
    may_see_drive_by_unit,
    may_see_kinds_apart,
    may_see_non_givers_of,
    may_see_unit_money,
    may_set_account,
    may_take_drive_report,
    mobilised_units,
)
from bot.domain.access import may_view_drives as can_view_drives
from bot.domain.appeals import (
    AppealError,
    Audience,
    preview,
    stopped_by_close,
    stopped_for_others,
)
from bot.domain.cases import case_served_by
from bot.domain.dates import END_NEXT_YEAR, NEXT_YEAR, DateError, read_drive_period, said_from_now
from bot.domain.drives import (
    DriveError,
    DriveProgress,
    NewDrive,
    Reopened,
    UnitStanding,
    change_dates,
    change_target,
    close_drive,
    create_drive,
    drive_count,
    drive_progress,
    drive_standings,
    drives_with_progress,
    last_gift_day,
    marked_level,
    non_givers,
    pool_said,
    reopen_drive,
    said_together,
)
from bot.domain.giving import asked_kind
from bot.domain.lunar_days import LunarDay, LunarDayNotRead, lunar_day, read_lunar_period, says_before_tet
from bot.domain.money import MoneyError
from bot.domain.notices import (
    EITHER_CONFIRMS,
    TREASURER_CONFIRMS,
    days_officer,
    hamlet_ids,
    level_name,
    level_words,
    totals_kinds,
    who_confirms,
)
from bot.domain.org_settings import DRIVE_TARGET_MAX
from bot.domain.public_page import PublicPageError, page_url, public_key_of
from bot.domain.remittances import RemittanceLine, remittance_lines
from bot.domain.spending import Balance, handed_from_drive
from bot.domain.statement import Figures, StatementTotals
from bot.domain.transfer import (
    Account,
    AccountRefused,
    account_of,
    own_account_of,
    set_drive_account,
    write_qr,
)
from bot.drive_report_doc import drive_report, write_drive_report
from bot.i18n import PAPER_LOCALE, Translator, drive_named, sentence
from bot.messages import Choice, Document
from bot.text import quoted, sort_key
from handlers.account import (
    account_lines,
    ask_bank,
    ask_holder,
    read_bank,
    read_holder,
    read_number,
    send_sample,
    typed_account,
)
from handlers.account import (
    ask_number as ask_account_number,
)
from handlers.appeals import sent_on_line, start_thanks
from handlers.common import (
    NO_WORDS,
    YES,
    YES_WORDS,
    actor_of,
    actor_or_home,
    ask_number,
    ask_typed,
    back_choice,
    chosen,
    chosen_or_leave,
    commune_and_level_of,
    commune_word,
    confirm_menu,
    file_slug,
    free_text,
    front_of_the_whole,
    go_home,
    in_commune,
    kept_file,
    kept_page,
    lunar_refusal,
    mobilised_unit_list,
    no_file_here,
    officers_or_home,
    org_units,
    page_choices,
    picked_id,
    read_as_lunar,
    role_officers,
    say_officers_only,
    shown_before_last_look,
    the_whole,
    turned_page,
    with_hamlets,
)
from handlers.group_message import GROUP, group_choice, hand_out_drive
from handlers.money_text import money_problem, packs_of, read_money
from handlers.name_search import said_joined
from handlers.remittances import goods_out_choice, remit_choice, unremit_choice
from handlers.remittances import start as start_remit
from handlers.wording import (
    balance_lines,
    clipped,
    closed_words,
    counted_givers,
    figures_text,
    givers_words,
    kind_label,
    labour_days,
    labour_only,
    public_waiting_lines,
    target_line,
    waiting_figures_lines,
)

flow = Flow("drive")
LIST = ("drive", "list")
NEW, DATES, TARGET, CLOSE, NONE, SKIP, WHOLE = "new", "dates", "target", "close", "none", "skip", "whole"
REOPEN = "reopen"
RESUME = "resume"  # reopened, and the appeals its close stopped sent on (decision 0287)
TELL = "tell"
WHO = "who"
UNITS, PAPER = "units", "paper"  # the drive by unit, and its report to sign (decisions 1534, 1536)
THANK = "thank"  # a closed drive's thank-you to those who gave, one press from its close (decision 1522)
PUBLIC, RENEW = "public", "renew"
ACCOUNT, ORG_ACCOUNT, OWN_ACCOUNT = "account", "orgaccount", "ownaccount"
WHO_SHOWN = 40  # names on a page of who has not given: one Zalo message, with the units' names
# Drives on a page of the list, the latest first, each with its progress; a title clipped past TITLE_CLIP
# characters there (the drive's own screen shows it whole): a page stays one Zalo message.
LISTED, TITLE_CLIP = 4, 60
KIND_SETS = {
    "m": ("money",),
    "mg": ("money", "goods"),
    "mgl": ("money", "goods", "labour"),
    "g": ("goods",),
    "gl": ("goods", "labour"),  # a relief drive of days of work and rice, no money (decision 1724)
    "l": ("labour",),
}


async def _refused(turn: Turn, reason: str) -> None:
    """One kind answer per refusal of the domain; the flow goes back to the list. The organisation is read
    only for the refusal whose words hang on it."""
    texts = {
        "not_allowed": turn.t("Only {officers} covering all the units of this drive can change it."),
        "closed": turn.t(
            "This drive is closed; nothing was changed. To change it, reopen it first: “{reopen}” on its "
            "screen."
        ).format(reopen=turn.t("Reopen the drive")),
        "open": turn.t("This drive is open already; nothing was changed."),
        "who": turn.t(
            "You cover none of the units of this drive now, so its list of who has not given is not yours "
            "to see."
        ),
        "units": turn.t(
            "You cover none of the hamlets or street groups of this drive now, so its view by hamlet or "
            "street group is not yours to see."
        )
        if reason == "units" and await with_hamlets(turn)  # in the words of its button (1752, 1825)
        else turn.t(
            "You cover none of the units of this drive now, so its view by unit is not yours to see."
        ),
        "dates": turn.t(
            "The end date must be on or after the start date, for example: 17/10/2026 - 18/11/2026."
        ),
        "target": turn.t("Please type a target above zero, for example: 50tr."),
        "account": turn.t(
            "Only an administrator of {place} sets the account a drive's money goes to. Nothing was changed."
        ).format(place=await the_whole(turn) if reason == "account" else ""),
    }
    await say_officers_only(turn, texts.get(reason, texts["not_allowed"]))
    turn.goto("drive", "list", keep_data=False)


def progress_lines(
    t: Translator,
    p: DriveProgress,
    *,
    clip: int | None = None,
    spending: bool = False,
    public: bool = False,
    commune: bool = False,
) -> list[str]:
    """A drive as its public statement counts it (bot.domain.statement.Figures): its dates; money, the value
    of goods and labour days apart, confirmed by a treasurer apart from still waiting; with `spending` (the
    drive's own screen, not the list's pages, which must stay one Zalo message), what was paid from it to
    hardship cases and what is left; the target against the money and goods confirmed; how many people
    gave. `clip`: its title cut to so many characters; `public`: read by anyone, one or two people's gifts
    waiting only counted (`public_waiting_lines`); `commune`: its officers are the Front's (`givers_line`)."""
    d = p.drive
    title = clipped(d.title, clip) if clip else d.title
    head = f"{title} ({t.date(d.starts_on)}–{t.date(d.ends_on)}){closed_words(t, d)}"
    kinds = set(d.kinds or CONTRIBUTION_KINDS)
    confirmed = figures_text(t, p.figures.confirmed, kinds, given=True)
    lines = [head, t("Confirmed: {figures}.").format(figures=confirmed)]
    lines += _waiting_lines(t, p.figures, kinds, public=public, commune=commune)
    if spending:
        lines += balance_lines(t, p.balance, kinds, of_the_fund=d.fund)
    if d.target_vnd and p.percent is not None:
        lines.append(target_line(t, d.target_vnd, p.percent, p.figures.confirmed, kinds))
    lines.append(givers_line(t, p.figures, kinds, commune=commune))
    if p.figures.donors:  # gifts from outside the organisation count in the money, never among its people
        lines.append(
            t("Donors outside the organisation: {n}, confirmed {value}.").format(
                n=t.number(p.figures.donors), value=t.vnd(p.figures.from_donors)
            )
        )
    return lines


def fund_lines(
    t: Translator, figures: Figures, balance: Balance, *, public: bool = False, commune: bool = False
) -> list[str]:
    """The Fund outside the drives in a year, as its public page says it (decision 0102): what the years
    before brought into it, what it received (confirmed; what waits apart), what it paid out and what is left
    once it paid something, how many gave. `public`, `commune`: as `progress_lines`."""
    kinds = set(CONTRIBUTION_KINDS)
    lines = [opening_line(t, balance)] if balance.carried else []
    lines.append(
        t("Confirmed: {figures}.").format(figures=figures_text(t, figures.confirmed, kinds, given=True))
    )
    lines += _waiting_lines(t, figures, kinds, public=public, commune=commune)
    if balance.told:
        lines += balance_lines(t, balance, kinds, fund=True)
    lines.append(givers_line(t, figures, commune=commune))
    return lines


def _waiting_lines(
    t: Translator, figures: Figures, kinds: set[str], *, public: bool, commune: bool = False
) -> list[str]:
    """What still waits, and for whom, if anything: on a page anyone reads (`public`), one or two people's
    gifts only counted (`public_waiting_lines`, decision 0988), else summed kind by kind."""
    if not figures.waiting.any:
        return []
    if public:
        return public_waiting_lines(t, figures, kinds, commune=commune)
    return waiting_figures_lines(t, figures.waiting, kinds, commune=commune)


def givers_line(
    t: Translator, figures: Figures, kinds: set[str] | None = None, *, commune: bool = False
) -> str:
    """How many gave, as the message to a group chat counts them — those with a gift confirmed — and, apart,
    those whose gifts all still wait: the screen, the public page and the group chat say the same number
    (decision 0150); households counted as households (`givers_words`). Who confirmed is said as what waits
    says it (decision 1729): days of work confirmed are an officer's to confirm too (decision 1777), by the
    one rule and in the one name every line reads (`who_confirms`, `days_officer`: decision 1806)."""
    people = figures.givers - figures.households
    households = figures.households
    confirmed_people = figures.confirmed_givers - figures.confirmed_households
    waiting_people = people - confirmed_people
    waiting_households = households - figures.confirmed_households
    if not (waiting_people or waiting_households):
        return givers_words(t, people, households, kinds)
    who = who_confirms(totals_kinds(figures.confirmed))
    # people alone are counted by a number, in a sentence naming them; with households, in their words
    people_alone, with_households = (
        (
            t("People who gave: {n} confirmed by the treasurer, and {waiting} more whose gifts are waiting."),
            t("Gave: {confirmed} confirmed by the treasurer, and {waiting} more whose gifts are waiting."),
        )
        if who == TREASURER_CONFIRMS
        else (
            t(
                "People who gave: {n} confirmed by {officer} or a treasurer, and {waiting} more whose gifts "
                "are waiting."
            ),
            t(
                "Gave: {confirmed} confirmed by {officer} or a treasurer, and {waiting} more whose gifts are "
                "waiting."
            ),
        )
        if who == EITHER_CONFIRMS
        else (
            t(
                "People who gave: {n} confirmed by the treasurer (labour days by {officer} too), and "
                "{waiting} more whose gifts are waiting."
            ),
            t(
                "Gave: {confirmed} confirmed by the treasurer (labour days by {officer} too), and {waiting} "
                "more whose gifts are waiting."
            ),
        )
    )
    officer = days_officer(t, commune=commune)
    if not households:
        return people_alone.format(
            n=t.number(figures.confirmed_givers), waiting=t.number(waiting_people), officer=officer
        )
    return with_households.format(
        confirmed=counted_givers(t, confirmed_people, figures.confirmed_households),
        waiting=counted_givers(t, waiting_people, waiting_households),
        officer=officer,
    )


def handover_line(t: Translator, line: RemittanceLine) -> str:
    """“• 25/11/2026 · Nộp về Ban vận động Quỹ … tỉnh · biên nhận số 12/BN · 85.000.000 ₫”: public, no
    person's name (decision 0108)."""
    if line.goods is not None:  # “Đã bàn giao hiện vật cho …: mì tôm: 15 thùng; áo phao” (decision 0713)
        handed = t("Goods handed over to {board}: {goods}").format(board=line.board, goods=line.goods)
        parts = [t.date(line.on), handed]
    else:
        parts = [t.date(line.on), t("Handed over to {board}").format(board=line.board)]
    if line.receipt_no:
        parts.append(t("receipt no. {number}").format(number=line.receipt_no))
    if line.goods is None:
        parts.append(t.vnd(line.amount_vnd))
    elif line.goods_vnd:
        parts.append(t("worth {value}").format(value=t.vnd(line.goods_vnd)))
    else:  # never “worth 0 ₫” (decision 0610)
        parts.append(t("value not known"))
    return "• " + " · ".join(parts)


def opening_line(t: Translator, balance: Balance) -> str:
    """“Số dư năm trước chuyển sang: …”: what the Fund outside the drives brings into the year (0095)."""
    return t("Brought forward from previous years: {figures}.").format(
        figures=figures_text(t, balance.opening, set())
    )


async def leaders_allowed(turn: Turn, org_id: int) -> bool:
    """The organisation lets unit leaders see who has not given (off by default: decision 0026)."""
    org = await turn.session.get(Organisation, org_id)
    return bool(org and org.leaders_see_non_givers)


async def may_view_drives(turn: Turn, actor: Actor | None) -> bool:
    """Officers and admins; leaders too where they may see who has not given (read only): the rule of
    bot.domain.access, with the organisation's choice read."""
    if actor is None:
        return False
    return can_view_drives(actor, actor.org_id, leaders_allowed=await leaders_allowed(turn, actor.org_id))


@flow.prompt("list")
async def show_list(turn: Turn) -> None:
    actor = await actor_of(turn)
    if actor is None or not await may_view_drives(turn, actor):
        refusal = turn.t("Only {officers} can open and manage drives.")
        if actor is not None and may_open_queue(actor):  # a treasurer: what of the drives is hers (1651)
            refusal = turn.t(
                "Drives are opened and managed by {officers}; yours is to confirm their contributions "
                "(/xacnhan) and to read each drive's money and ledger (/saoke)."
            )
        await say_officers_only(turn, refusal)
        go_home(turn)
        return

    async def drives_on(page: int) -> tuple[list[DriveProgress], int]:
        drives = await drives_with_progress(turn.session, actor.org_id, size=LISTED, page=page)
        return drives, await drive_count(turn.session, actor.org_id)

    shown = await kept_page(turn, "drives_page", LISTED, drives_on)
    # a commune's drives are the commune's in its own word (“của phường”: 2847), not an office's (“cơ quan”)
    word = await commune_word(turn)
    commune = word is not None
    if not shown.total:
        lines = [
            sentence(turn.t("The {level} has no drive yet.").format(level=word))
            if commune
            else turn.t("Your organisation has no drive yet.")
        ]
    elif shown.pages > 1:
        many = (
            turn.t("Drives of the {level}: {n}, the latest first (page {page} of {pages}):")
            if commune
            else turn.t("Drives of your organisation: {n}, the latest first (page {page} of {pages}):")
        )
        lines = [
            many.format(n=turn.t.number(shown.total), page=shown.number + 1, pages=shown.pages, level=word)
        ]
    else:
        lines = [
            turn.t("Drives of the {level}:").format(level=word)
            if commune
            else turn.t("Drives of your organisation:")
        ]
    public = not may_open_drives(actor)  # a leader: one or two people's gifts waiting counted only (1645)
    for p in shown.rows:
        head, *rest = progress_lines(turn.t, p, clip=TITLE_CLIP, public=public, commune=commune)
        lines += [f"• {head}", *(f"  {line}" for line in rest)]
    choices = [Choice(f"d{p.drive.id}", clipped(p.drive.title, TITLE_CLIP)) for p in shown.rows]
    if may_open_drives(actor):
        choices.append(
            Choice(NEW, turn.t("Open a new drive"), keywords=("dot moi", "mo dot", "new"), pinned=True)
        )
    choices += [*page_choices(turn.t, shown.number, shown.pages), back_choice(turn.t)]
    turn.menu("\n".join(lines), choices)


@flow.answer("list")
async def chose_drive(turn: Turn) -> None:
    if turned_page(turn, "drives_page"):
        turn.goto("drive", "list")
    elif turn.choice == BACK_ID:
        go_home(turn)
    elif turn.choice == NEW:
        if not may_open_drives(await actor_of(turn)):  # the rule asked again: a role taken away meanwhile
            await say_officers_only(turn, turn.t("Only {officers} can open and manage drives."))
            go_home(turn)  # before a single question is asked
            return
        turn.goto("drive", "title", keep_data=False)
    elif (drive_id := picked_id(turn, "d")) is not None:
        turn.set(drive_id=drive_id)
        turn.goto("drive", "show")


@flow.prompt("show")
async def show_drive(turn: Turn) -> None:
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    actor, drive = found
    if not await may_view_drives(turn, actor):  # a role taken away since the list was drawn
        turn.goto(*LIST, keep_data=False)  # which says why, and goes home
        return
    p = await drive_progress(turn.session, drive)
    lines = [  # a leader reads one or two people's gifts waiting as the public page says them (1645)
        *progress_lines(
            turn.t, p, spending=True, public=not may_open_drives(actor), commune=await in_commune(turn)
        ),
        turn.t("Fund for the Poor: {yes}").format(yes=turn.t("yes") if drive.fund else turn.t("no")),
    ]
    if drive.suggested_level:
        lines.append(turn.t("Suggested level: {level}").format(level=drive.suggested_level))
    lines += await _case_lines(turn, actor, drive)
    lines += await _account_line(turn, drive)
    choices = [group_choice(turn.t)]  # for whoever sees this screen (decision 0109)
    allowed = await leaders_allowed(turn, drive.org_id)
    if (
        await non_givers(turn.session, actor, drive, leaders_allowed=allowed, size=0, today=turn.today)
    ).total:
        choices.append(Choice(WHO, _who_label(turn.t, drive), keywords=("chua ung ho", "chua gop", "who")))
    by_unit = may_open_drive_by_unit(actor, drive, leaders_allowed=allowed)
    # its results, for the head to sign; a unit's leader, her units' (decisions 1645, 1673)
    paper = may_take_drive_report(actor, drive, leaders_allowed=allowed) and drive.closed_at is not None
    # its buttons in the words of its view and paper (1752): the hamlets read only where one is shown
    hamlets = (by_unit or paper) and await with_hamlets(turn)
    if by_unit:
        # an open drive's report, asked for, is its view's interim paper (decision 1755)
        asked = () if drive.closed_at is not None else ("bao cao", "report")
        choices.append(Choice(UNITS, by_unit_label(turn.t, hamlets=hamlets), keywords=(*UNITS_WORDS, *asked)))
    if paper:
        choices.append(Choice(PAPER, paper_label(turn.t, hamlets=hamlets), keywords=("bao cao", "report")))
    if may_manage_drive(actor, drive) and turn.settings.public_url:  # closed too: its final figures
        choices.append(
            Choice(
                PUBLIC, turn.t("Public page on the web"), keywords=("trang cong khai", "web", "public page")
            )
        )
    if may_remit(actor, drive.org_id, drive.unit_ids):  # money out to the level above (decisions 0108, 0112)
        received = p.figures.confirmed
        if "money" in (drive.kinds or CONTRIBUTION_KINDS) or received.money:  # none to hand over (1570)
            choices.append(remit_choice(turn, of_the_fund=drive.fund))
        if (received.goods or received.goods_unpriced) and not p.balance.goods_gone:
            choices.append(goods_out_choice(turn))  # its goods to the level above too (decision 0713)
        if p.handed or await remittance_lines(turn.session, *handed_from_drive(drive.id)):
            choices.append(unremit_choice(turn))
    if may_manage_drive(actor, drive) and drive.closed_at is None:
        choices.append(Choice(DATES, turn.t("Change the dates"), keywords=("ngay", "dates")))
        if drive.target_vnd or not _no_target_asked(drive.kinds):  # labour days alone: none to set (1804)
            choices.append(Choice(TARGET, turn.t("Change the target"), keywords=("muc tieu", "target")))
        choices.append(Choice(CLOSE, turn.t("Close the drive"), keywords=("dong", "ket thuc", "close")))
        if may_set_account(actor, drive.org_id):
            choices.append(Choice(ACCOUNT, turn.t("Change the account"), keywords=("tai khoan", "account")))
    elif may_manage_drive(actor, drive):  # closed by mistake, or too early: undone (decision 0272)
        if may_open_drives(actor) and p.figures.confirmed_givers:  # its givers thanked (decision 1522)
            choices.append(Choice(THANK, turn.t("Send a thank-you"), keywords=("cam on", "thank")))
        choices.append(Choice(REOPEN, turn.t("Reopen the drive"), keywords=("mo lai", "reopen")))
    turn.menu("\n".join(lines), [*choices, back_choice(turn.t)])


# typed to the view by unit, whichever words its button says: “theo đơn vị” is a habit (decision 1752)
UNITS_WORDS = ("theo don vi", "don vi", "by unit", "theo thon", "to dan pho", "by hamlet")


def by_unit_label(t: Translator, *, hamlets: bool) -> str:
    """The button to the drive's view by unit, in the words of the view's own title (`with_hamlets`)."""
    return t("By hamlet or street group") if hamlets else t("By unit")


def paper_label(t: Translator, *, hamlets: bool) -> str:
    """The button to the closed drive's report to sign, in the words of the paper's own title."""
    return (
        t("Report by hamlet or street group to sign (Word)")
        if hamlets
        else t("Report by unit to sign (Word)")
    )


def _who_label(t: Translator, drive: Drive) -> str:
    """The button to who has not given, in the words of what the drive asks (days of work, goods: decisions
    1573, 1652); once it is closed nobody is asked any more, and it is named for what it is then kept for,
    the drive's report (decisions 1524, 1652)."""
    kind = asked_kind(drive.kinds)
    if drive.closed_at is None:
        if kind == "labour":
            return t("Who has not given days of work")
        return t("Who has not given goods") if kind == "goods" else t("Who has not given")
    if kind == "labour":
        return t("Who gave no days of work (for the report)")
    return (
        t("Who gave no goods (for the report)") if kind == "goods" else t("Who did not give (for the report)")
    )


async def _case_lines(turn: Turn, actor: Actor | None, drive: Drive) -> list[str]:
    """The hardship case the drive raises money for, by its number (its name is on its page, for whoever reads
    it: not an officer of another unit who runs the drive, nor an admin); and that its appeals leave out whom
    it helps (decisions 0356, 0451). On this screen only, never in its message for a group chat."""
    served = await case_served_by(turn.session, actor, drive)
    if served is None:
        return []
    case = turn.t("Hardship case no. {n}").format(n=served.number)
    lines = [turn.t("This drive raises money for {case}.").format(case=case)]
    if not served.readable:
        officers = await role_officers(turn)
        lines.append(
            turn.t("Only the {officers} who keep the case see whom it helps, and why.").format(
                officers=officers
            )
        )
    if served.names_someone:
        lines.append(
            turn.t(
                "Its appeals are not sent to the person it helps, nor is that person on its list of who has "
                "not given."
            )
        )
    return lines


async def _account_line(turn: Turn, drive: Drive) -> list[str]:
    """Where the drive's gifts of money are transferred: its own account, or the organisation's; nothing
    when neither is set."""
    own = own_account_of(drive)
    if own is not None:
        return [turn.t("Gifts of money go to this drive's own account: {account}").format(account=own.line())]
    org = account_of(turn.organisation)
    if org is None:
        return []
    word = await commune_word(turn)
    said = (
        turn.t("Gifts of money go to the {level}'s account: {account}")
        if word is not None
        else turn.t("Gifts of money go to the organisation's account: {account}")
    )
    return [said.format(account=org.line(), level=word)]


@flow.answer("show")
async def chose_change(turn: Turn) -> None:
    if turn.choice == BACK_ID:  # to the page of the list the drive was chosen on
        page = turn.data.get("drives_page", 0)
        turn.goto("drive", "list", keep_data=False)
        turn.set(drives_page=page)
        return
    if turn.choice in ("remit", "remit_goods", "unremit"):  # handed over to the level above (0108, 0713)
        drive_id = turn.data.get("drive_id")
        steps = {"remit": "amount", "remit_goods": "goods", "unremit": "cancel"}
        start_remit(turn, drive_id=drive_id, year=turn.today.year, step=steps[turn.choice])
        return
    if (refusal := await _edit_refusal(turn, turn.choice)) == "view":  # a role taken away meanwhile
        turn.goto("drive", "list", keep_data=False)  # which says why, and goes home
        return
    if refusal is not None:
        await _refused(turn, refusal)
        return
    if turn.choice == THANK:  # the new message, its drive and its kind chosen: the words to type
        start_thanks(turn, turn.data["drive_id"])
        return
    turn.set(mode="edit", who_page=0, interim=False)  # the report pressed here is the one to sign (1755)
    steps = {
        DATES: "dates",
        TARGET: "target",
        CLOSE: "close",
        REOPEN: "reopen",
        WHO: "who",
        ACCOUNT: "account",
        PUBLIC: "public",
        GROUP: "group",
        UNITS: "byunit",
        PAPER: "paper",
    }
    turn.goto("drive", steps[turn.choice or DATES])


async def _edit_refusal(turn: Turn, choice: str | None) -> str | None:
    """Why the writer may no longer open what they pressed on the drive's screen (the rules asked again, as
    the screen asked them when it was drawn: a role may have been taken away since): "view" (no drive's
    screen at all any more), "not_allowed" or "account"; None when they may, or when the step asks nothing
    of the rules (the group's message asks them itself)."""
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return None
    actor, drive = found
    if choice == WHO:
        allowed = await leaders_allowed(turn, drive.org_id)
        return None if can_view_drives(actor, drive.org_id, leaders_allowed=allowed) else "view"
    if choice == UNITS:  # the screen's rule asked again: the setting may have gone off since (1694)
        allowed = await leaders_allowed(turn, drive.org_id)
        if not can_view_drives(actor, drive.org_id, leaders_allowed=allowed):
            return "view"
        return None if may_open_drive_by_unit(actor, drive, leaders_allowed=allowed) else "units"
    if choice == ACCOUNT:
        return None if may_set_account(actor, drive.org_id) else "account"
    if choice in (DATES, TARGET, CLOSE, REOPEN, PUBLIC):
        return None if may_manage_drive(actor, drive) else "not_allowed"
    if choice == THANK:
        return None if may_manage_drive(actor, drive) and may_open_drives(actor) else "not_allowed"
    if choice == PAPER:
        allowed = await leaders_allowed(turn, drive.org_id)
        return None if may_take_drive_report(actor, drive, leaders_allowed=allowed) else "not_allowed"
    return None


@flow.prompt("group")
async def show_group_message(turn: Turn) -> None:
    """The drive's message for a group chat, on its own, then the drive's screen again (decision 0109)."""
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    actor, drive = found
    if await hand_out_drive(turn, actor, drive):
        turn.goto("drive", "show")
    else:
        go_home(turn)


@flow.prompt("who")
async def show_non_givers(turn: Turn) -> None:
    """Names, for the officers (and, where allowed, leaders) of the units: never sent to anyone else. A
    page at a time, by unit then given name, with “Trang trước”/“Trang sau”; no amounts. Giving is
    voluntary (0026): the list is for a kind word in person, and says so."""
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    actor, drive = found
    allowed = await leaders_allowed(turn, drive.org_id)
    if not may_see_non_givers_of(actor, drive, leaders_allowed=allowed):  # moved to another unit since
        await _refused(turn, "who")
        return

    by_unit: list[tuple[str, int, int]] = []
    away: list[int] = [0, 0]  # on leave, on training
    households: list[int] = [0]
    households_by_unit: dict[str, tuple[int, int]] = {}
    reader: list[int | None] = [None]  # where on the page the reader is, if she has not given (2864)
    reader_in = [False]

    async def names_on(page: int) -> tuple[list[tuple[str, str]], int]:
        names = await non_givers(
            turn.session,
            actor,
            drive,
            leaders_allowed=allowed,
            page=page,
            size=WHO_SHOWN,
            joined=said_joined(turn),
            today=turn.today,
        )
        by_unit[:] = names.by_unit
        away[:] = [names.away - names.training, names.training]
        households[:] = [names.households]
        households_by_unit.clear()
        households_by_unit.update(names.households_by_unit)
        reader[0], reader_in[0] = names.reader_at, names.reader_in
        return names.names, names.total

    shown = await kept_page(turn, "who_page", WHO_SHOWN, names_on)
    kind = asked_kind(drive.kinds)  # in the words of what the drive asks (decisions 1573, 1652)
    if households[0]:  # households and people apart, as a commune counts them (decision 1949)
        heading = (
            turn.t("Not yet given days of work to {title} ({counted}):")
            if kind == "labour"
            else turn.t("Not yet given goods to {title} ({counted}):")
            if kind == "goods"
            else turn.t("Not yet given to {title} ({counted}):")
        ).format(title=quoted(drive.title), counted=_households_and_people(turn, households[0], shown.total))
    else:
        heading = (
            turn.t("Not yet given days of work to {title} ({n}):")
            if kind == "labour"
            else turn.t("Not yet given goods to {title} ({n}):")
            if kind == "goods"
            else turn.t("Not yet given to {title} ({n}):")
        ).format(title=quoted(drive.title), n=shown.total)
    hamlets = shown.pages > 1 and await with_hamlets(turn)  # a commune's in its own words (decision 1898)
    if shown.pages > 1:
        by = (
            turn.t("page {page} of {pages}, by hamlet or street group")
            if hamlets
            else turn.t("page {page} of {pages}, by unit")
        )
        heading += " " + by.format(page=shown.number + 1, pages=shown.pages)
    lines = [heading]
    if drive.closed_at is not None:  # kept for the report, no longer to follow up (decisions 1524, 1573)
        closed = turn.t(
            "This drive was closed on {date}: this list is only for the report, no longer for reminding."
        )
        lines.insert(0, closed.format(date=turn.t.date(local_date(drive.closed_at))))
    if away[0]:  # on long leave: not listed, said apart (decision 0740)
        lines.append(
            turn.t.plural(
                "({n} person on long leave is not listed.)",
                "({n} people on long leave are not listed.)",
                away[0],
            ).format(n=turn.t.number(away[0]))
        )
    if away[1]:  # away on training: said as training, a count only (decision 2358)
        lines.append(
            turn.t.plural(
                "({n} person away on training is not listed.)",
                "({n} people away on training are not listed.)",
                away[1],
            ).format(n=turn.t.number(away[1]))
        )
    if shown.pages > 1 and shown.number == 0 and len(by_unit) > 1:  # which units lag, before the names
        lines.append(
            turn.t("Not yet given, in each hamlet or street group:")
            if hamlets
            else turn.t("Not yet given, in each unit:")
        )
        each = turn.t("{hamlet}: {n} of {people}") if hamlets else turn.t("{unit}: {n} of {people}")
        lines += [
            "– "
            + (
                f"{unit}: {_hamlets_apart(turn, n, people, households_by_unit.get(unit, (0, 0)))}"
                if households_by_unit  # households and people apart, as the heading (decision 2042)
                else each.format(unit=unit, hamlet=unit, n=turn.t.number(n), people=turn.t.number(people))
            )
            for unit, n, people in by_unit
        ]
        lines.append("")
    unit_shown = None
    for at, (unit, name) in enumerate(shown.rows):
        if unit != unit_shown:
            lines.append(f"{unit}:")
            unit_shown = unit
        # the reader herself, counted as anyone (1778), marked: an appeal she sends them skips her (2864)
        lines.append("• " + (turn.t("{name} (you)").format(name=name) if at == reader[0] else name))
    if reader_in[0] and drive.closed_at is None and may_appeal_for_drive(actor, drive):
        lines.append(
            turn.t(
                "You are on this list too: an appeal you send to those who have not given is not sent to "
                "you, who wrote it."
            )
        )
    if drive.closed_at is None:
        lines.append(
            turn.t(
                "Giving is voluntary: this list is only for you to follow up kindly, in person; "
                "it is never published or sent to anyone."
            )
        )
    else:
        lines.append(turn.t("Giving is voluntary: this list is never published or sent to anyone."))
    turn.menu("\n".join(lines), [*page_choices(turn.t, shown.number, shown.pages), back_choice(turn.t)])


def _households_and_people(turn: Turn, households: int, total: int) -> str:
    """“42 hộ gia đình, 52 cá nhân”: of who has not given, the households and the people apart, where there
    are households, as a commune counts them; “94 người” counted them as people (decision 1949)."""
    parts = [turn.t.plural("{n} household", "{n} households", households).format(n=turn.t.number(households))]
    if people := total - households:
        parts.append(turn.t.plural("{n} person", "{n} people", people).format(n=turn.t.number(people)))
    return ", ".join(parts)


def _hamlets_apart(turn: Turn, n: int, people: int, households: tuple[int, int]) -> str:
    """“40/45 hộ gia đình, 12/12 cá nhân”: of a unit, where the units list households, who has not given of
    its households and of its people apart, as the heading counts them (decision 2042); “52/57” lumped them
    together."""
    missing, listed = households
    parts = []
    if listed:
        parts.append(
            turn.t.plural("{n} of {listed} household", "{n} of {listed} households", listed).format(
                n=turn.t.number(missing), listed=turn.t.number(listed)
            )
        )
    if people > listed:
        parts.append(
            turn.t.plural("{n} of {listed} person", "{n} of {listed} people", people - listed).format(
                n=turn.t.number(n - missing), listed=turn.t.number(people - listed)
            )
        )
    return ", ".join(parts)


@flow.answer("who")
async def chose_on_non_givers(turn: Turn) -> None:
    if turned_page(turn, "who_page"):
        turn.goto("drive", "who")
        return
    turn.goto("drive", "show")


@flow.prompt("byunit")
async def show_by_unit(turn: Turn) -> None:
    """The drive unit by unit (decision 1534): of each unit the reader may see (`may_see_drive_by_unit`), how
    many of its people gave and what it gave, confirmed, the most first; the units where nobody gave, named
    on one line. Counted over the drive's own dates. A leader reads a unit's amounts only where they are not
    one or two people's gifts (`may_see_unit_money`, `may_see_kinds_apart`); no name, ever."""
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    actor, drive = found
    every, outside = await drive_standings(
        turn.session, drive, today=turn.today, of_no_unit=turn.t("people of no unit")
    )
    standings = [s for s in every if may_see_drive_by_unit(actor, s.unit)]
    if not standings:
        await _refused(turn, "units")
        return
    # the people of no unit are in the drive's total: pooled for whoever reads every unit that gave (1764)
    if any(s.started for s in every if not may_see_drive_by_unit(actor, s.unit)):
        outside = None
    together = said_together(actor, standings, outside)  # else the total less the others is theirs (1599)
    pooled = [s for s in [*standings, *([outside] if outside else [])] if s.unit.id in together]
    pool = pool_said(pooled, together)
    hamlets = await hamlet_ids(turn.session, drive.org_id)  # a commune's hamlets count households (1627)
    heading = (  # a commune's rows are its hamlets, as its paper says (decisions 1674, 1708)
        turn.t("{title} by hamlet or street group, confirmed, the most first:")
        if hamlets
        else turn.t("{title} by unit, confirmed, the most first:")
    )
    lines = [heading.format(title=quoted(drive.title))]
    lines += [
        "• "
        + unit_line(
            turn.t, actor, drive, s, together=s.unit.id in together, pool=pool, hamlet=s.unit.id in hamlets
        )
        for s in standings
        if s.started
    ]
    if pool:
        why = pool_why(turn.t, commune=bool(hamlets))
        lines.append(
            "• "
            + why.format(
                units=", ".join(
                    [*sorted((s.unit.name for s in pooled if s is not outside), key=sort_key)]
                    + [s.unit.name for s in pooled if s is outside]
                ),
                value=pooled_figures(turn.t, drive, pooled),
            )
        )
    if idle := [s.unit.name for s in standings if not s.started]:
        lines.append(turn.t("Nobody has given yet: {units}").format(units=", ".join(idle)))
    choices = []
    allowed = await leaders_allowed(turn, drive.org_id)
    if drive.closed_at is None and may_take_drive_report(actor, drive, leaders_allowed=allowed):
        # the same paper as the shell's --interim, said so: the report to sign is the closed drive's (1755)
        choices.append(
            Choice(PAPER, turn.t("Interim report (Word)"), keywords=("bao cao", "report", "tam tinh"))
        )
    turn.menu("\n".join(lines), [*choices, back_choice(turn.t)])


def pool_why(t: Translator, *, commune: bool) -> str:
    """Why the units `said_together` are one line: in a commune, “nơi”, and one or two “hộ, cá nhân” whoever
    gave, households or people (decision 1825): words that said which would tell a hamlet whose only staff
    member is its head whether she gave (decision 1898); elsewhere, one or two people of some unit."""
    if not commune:
        return t("Together, as one or two gave in some of them: {units}: {value}")
    return t("Together, as one or two households or people gave in some places: {units}: {value}")


def pooled_figures(t: Translator, drive: Drive, pooled: list[UnitStanding]) -> str:
    """What the units `said_together` gave, confirmed: each kind apart where three or more gave each of
    money and goods among them (or none), else money and goods as one figure (decision 0378)."""
    confirmed = StatementTotals(
        money=sum(s.figures.confirmed.money for s in pooled),
        goods=sum(s.figures.confirmed.goods for s in pooled),
        labour_days=sum(s.figures.confirmed.labour_days for s in pooled),
        goods_unpriced=sum(s.figures.confirmed.goods_unpriced for s in pooled),
    )
    givers = [sum(s.kind_givers.get(kind, 0) for s in pooled) for kind in ("money", "goods")]
    if any(0 < n < FEWEST_GIVERS for n in givers):
        together = t("money and goods {value}").format(value=t.vnd(confirmed.money + confirmed.goods))
        return "; ".join(
            [together, *([labour_days(t, confirmed.labour_days)] if confirmed.labour_days else [])]
        )
    return figures_text(t, confirmed, set(drive.kinds or ()), given=True)


def unit_line(
    t: Translator,
    actor: Actor | None,
    drive: Drive,
    standing: UnitStanding,
    *,
    together: bool = False,
    pool: bool = False,
    hamlet: bool = False,
) -> str:
    """“Khoa Nội: 2/3 người, tiền 1.500.000 ₫”: who gave of the unit's people, then what it gave, confirmed,
    each kind the drive takes; for a leader where one or two gave, the kinds as one figure or none; a unit
    `together` with others (`said_together`) says its amounts are on their line (`pool`) or not shown; its
    gifts waiting for a treasurer, by their count alone (decision 1672). A commune's `hamlet` counts its
    households: “Thôn 2: 8/10 hộ đã ủng hộ” (decisions 1627, 1674); one that lists none yet, its people, and
    held, it says “1–2 hộ, cá nhân” whoever gave (decisions 1825, 1898)."""
    unit, confirmed = standing.unit, standing.figures.confirmed
    homes = hamlet and bool(standing.households)
    gave = t("{unit}: households gave {gave}/{people}") if homes else t("{unit}: gave {gave}/{people}")
    givers, asked = standing.asked(hamlet=hamlet)  # a hamlet's households, not its head (decision 1674)
    parts = [gave.format(unit=unit.name, gave=t.number(givers), people=t.number(asked))]
    if together and pool:
        said = t("amounts said together with other places below") if hamlet else None
        parts.append(said or t("amounts said together with other units below"))
    elif together or not may_see_unit_money(actor, unit, standing.money_givers):
        parts.append(_held(t, hamlet=hamlet))
    elif not may_see_kinds_apart(actor, unit, standing.kind_givers):
        parts.append(t("money and goods {value}").format(value=t.vnd(standing.worth)))
    elif confirmed.any:
        parts.append(figures_text(t, confirmed, set(drive.kinds or ()), given=True))
    if waiting := standing.figures.waiting_gifts:  # taken part, by their count: never one's amount (1672)
        said = t.plural(
            "{count} gift waiting to be confirmed", "{count} gifts waiting to be confirmed", waiting
        )
        parts.append(said.format(count=t.number(waiting)))
    return ", ".join(parts)


def _held(t: Translator, *, hamlet: bool) -> str:
    """Why a line's amounts are not said: a hamlet's, “1–2 hộ, cá nhân”, never which of them gave, for one
    or two givers there may be its head alone, its only staff member (decisions 1825, 1898); a unit's, “1–2
    người”."""
    if hamlet:
        return t("amounts not shown: one or two households and people gave")
    return t("amounts not shown: one or two gave")


@flow.answer("byunit")
async def chose_on_by_unit(turn: Turn) -> None:
    if turn.choice == PAPER:  # the open drive's figures so far, said interim (decision 1755)
        turn.set(interim=True)
        turn.goto("drive", "paper")
        return
    turn.goto("drive", "show")


@flow.prompt("paper")
async def hand_out_report(turn: Turn) -> None:
    """The closed drive's results by unit as a Word draft for the head to sign (decision 1536), then its
    screen again; to a unit's leader who does not run it, the same paper of the units whose line she reads
    in its view by unit (`may_see_drive_by_unit`, decision 1673). Closed is asked again at the press: a drive
    reopened since its screen was drawn hands out nothing, and its screen says why (decision 1622). Asked for
    from the open drive's view by unit (`interim`), the same paper of its figures so far, said interim on the
    paper and in its message, as the shell's --interim writes it (decisions 1675, 1755)."""
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    actor, drive = found
    manages = may_manage_drive(actor, drive)
    interim = bool(turn.data.get("interim")) and drive.closed_at is None  # closed since: the final one
    turn.set(interim=False)
    if not may_take_drive_report(actor, drive, leaders_allowed=await leaders_allowed(turn, drive.org_id)):
        await _refused(turn, "not_allowed")
        return
    if drive.closed_at is None and not interim:  # reopened since its screen was drawn: not final (1622)
        reopened = (
            turn.t(
                "This drive was reopened, so its figures are not final: there is no report to sign while it "
                "is open. Close it first (“{close}” on its screen), then take its report."
            )
            if manages
            else turn.t(
                "This drive was reopened, so its figures are not final: there is no report to sign while it "
                "is open. Its report is here again once it is closed."
            )
        )
        turn.say(reopened.format(close=turn.t("Close the drive")), keep=True)
        turn.goto("drive", "show")
        return
    only = None if manages else partial(may_see_drive_by_unit, actor)
    report = await drive_report(
        turn.session, drive, today=turn.today, only=only, interim=interim, taken_by=turn.person
    )
    rows = "theo-thon-to-dan-pho" if report.hamlets else "theo-don-vi"
    rows += "-tam-tinh" if interim else ""
    name = f"bao-cao-{file_slug(drive.title, 'dot-van-dong', limit=40)}-{rows}.docx"
    kept = kept_file(turn, "documents", name)
    await asyncio.to_thread(write_drive_report, report, turn.settings.media_dir / kept, locale=PAPER_LOCALE)
    shell = f"chungtay drive report {drive.code} --docx FILE" + (" --interim" if interim else "")
    fallback = no_file_here(turn, name, shell)
    if interim and report.hamlets:  # said so, as the paper's own first line and the shell say it (1755)
        said = turn.t(
            "The results of {title} by hamlet or street group, interim figures as of {date}, not final: the "
            "drive is still open. The report to sign is here once it is closed."
        )
    elif interim:
        said = turn.t(
            "The results of {title} by unit, interim figures as of {date}, not final: the drive is still "
            "open. The report to sign is here once it is closed."
        )
    elif report.hamlets:  # in the words of the paper's own heading (decision 1708)
        said = turn.t(
            "The results of {title} by hamlet or street group, as of {date}, for the head to sign: please "
            "write the assessment, then sign it."
        )
    else:
        said = turn.t(
            "The results of {title} by unit, as of {date}, for the head to sign: please write the "
            "assessment, then sign it."
        )
    caption = said.format(title=quoted(drive.title), date=turn.t.date(turn.today))
    turn.hand_over(Document(kept, name, fallback), caption)
    turn.goto("drive", "show")


# --- a new drive, and the steps an edit shares ------------------------------------------------------------

# Back while a new drive is asked goes to the question before, the answers kept (an officer who sees a wrong
# date at the fourth question must not type the title again); the first question's Back, to the list.
# What the drive takes is asked before its target, which is asked in the words of what it takes, and not at
# all for a drive of labour days alone, which no target in đồng measures (decision 1804).
BEFORE = {"dates": "title", "kinds": "dates", "target": "kinds", "fund": "target", "level": "fund"}
BEFORE |= {"units": "level", "account": "units"}


def _back(turn: Turn, step: str) -> None:
    """Back at `step`: the question before it while a new drive is asked; in an edit (its dates, its target,
    its account), the drive's screen; at the first question, the list of drives."""
    if turn.data.get("mode") == "edit":
        turn.goto("drive", "show")
    elif step == "fund" and _no_target_asked(turn.data.get("kinds")):
        turn.goto("drive", "kinds")
    elif step in BEFORE:
        before = BEFORE[step]
        if before == "units" and turn.data.get("units_unasked"):  # a school of one unit was not asked (2431)
            before = "level"
        turn.goto("drive", before)
    else:
        turn.goto("drive", "list", keep_data=False)


@flow.prompt("title")
async def ask_title(turn: Turn) -> None:
    turn.set(mode="new")
    ask_typed(turn, turn.t("What is the drive called? For example: Tết gifts for poor households 2027."))


@flow.answer("title")
async def got_title(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        _back(turn, "title")
        return
    title = free_text(turn, limit=200)
    if title is None:
        return
    turn.set(title=title)
    turn.goto("drive", "dates")


@flow.prompt("dates")
async def ask_dates(turn: Turn) -> None:
    ask_typed(
        turn, turn.t("From which day to which day does the drive run? For example: 17/10/2026 - 18/11/2026.")
    )


@flow.answer("dates")
async def got_dates(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        _back(turn, "dates")
        return
    lunar: list[LunarDay] = []
    typed = said_from_now(turn.text, *await _starts_kept(turn))  # “đến 23 tháng Chạp”: from today (0786)
    try:
        if (said := read_lunar_period(typed, turn.today)) is not None:  # “15/12 - 23 tháng Chạp” (0689)
            starts_on, ends_on, lunar, next_year = said
            moved = NEXT_YEAR if next_year else None  # “1/1 - rằm tháng Giêng” in December (0692)
        else:
            starts_on, ends_on, moved = read_drive_period(typed, turn.today)
    except LunarDayNotRead as refused:
        period = f"{turn.t.date(turn.today)} - {turn.t.date(refused.days[0])}"
        turn.say(lunar_refusal(turn.t, refused, period))
        return
    except DateError as problem:
        if problem.reason == "order":
            turn.say(
                turn.t(
                    "The end date must be on or after the start date, for example: 17/10/2026 - 18/11/2026."
                )
            )
        elif says_before_tet(turn.text):
            turn.say(_before_tet(turn))
        else:
            turn.say(turn.t("Please type two dates, day first, for example: 17/10/2026 - 18/11/2026."))
        return
    for day in lunar:
        turn.say(read_as_lunar(turn.t, day))
    # “15/12 - 31/1”, “5/1 - 31/1” in December: said at once, not only at the last look (decisions 0230, 0232)
    if moved is not None:
        read_as = (
            turn.t("Read as {start}–{end}: the end in the next year.")
            if moved == END_NEXT_YEAR
            else turn.t("Read as {start}–{end}: in the next year, as these days have passed this year.")
        )
        turn.say(read_as.format(start=turn.t.date(starts_on), end=turn.t.date(ends_on)))
    if turn.data.get("mode") != "edit":
        turn.set(starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
        turn.goto("drive", "kinds")
        return
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    actor, drive = found
    ended_on = drive.ends_on
    try:
        stopped = await change_dates(turn.session, actor, drive, starts_on, ends_on, now=turn.now)
    except DriveError as refused:
        await _refused(turn, refused.reason)
        return
    saved = turn.t("Saved: the drive now runs {start}–{end}.").format(
        start=turn.t.date(starts_on), end=turn.t.date(ends_on)
    )
    if stopped:  # its appeals set to go out after the new end: they would ask for gifts it no longer takes
        saved += "\n" + turn.t.plural(
            "{n} message of its appeals, set to go out after the new end, will not be sent.",
            "{n} messages of its appeals, set to go out after the new end, will not be sent.",
            stopped,
        ).format(n=turn.t.number(stopped))
    turn.say(saved, keep=True)
    if ends_on != ended_on and starts_on <= turn.today <= ends_on:  # a new end, while it takes gifts
        turn.set(ended_on=ended_on.isoformat())
        turn.goto("drive", "tell")
    else:
        turn.goto("drive", "show")


async def _starts_kept(turn: Turn) -> tuple[str, str]:
    """The start an end typed alone runs from, and the one “từ nay” says: today for a new drive; a changed
    drive's own start (0786), and for “từ nay” today where that start is still to come, never a running
    drive's later start, which would leave its gifts before it (0813)."""
    if turn.data.get("mode") != "edit" or (drive_id := turn.data.get("drive_id")) is None:
        return "hom nay", "hom nay"
    drive = await turn.session.get(Drive, drive_id)
    if drive is None:
        return "hom nay", "hom nay"
    kept = turn.t.date(drive.starts_on)
    return kept, ("hom nay" if drive.starts_on > turn.today else kept)


def _before_tet(turn: Turn) -> str:
    """“Trước Tết” is no day: the two days before Tết a drive ends on, with their solar days (0786)."""
    kitchen_gods, eve = (lunar_day(said, turn.today) for said in ("ong tao", "giao thua"))
    assert kitchen_gods is not None and eve is not None
    return turn.t(
        "“Before Tết” is not one day: please type the drive's last day, for example: today - 23 tháng Chạp "
        "(the Kitchen Gods' day, {kitchen_gods}) or today - giao thừa (New Year's Eve, {eve})."
    ).format(kitchen_gods=turn.t.date(kitchen_gods.on), eve=turn.t.date(eve.on))


@flow.prompt("tell")
async def ask_to_tell(turn: Turn) -> None:
    """After the end was moved: tell those who have not given yet of the new end? (decision 0252). Those who
    gave need nothing; the officer sees the message, and how many it reaches, before it goes, as any
    appeal's; nobody to tell (all gave, or appeals off): the drive's screen."""
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    actor, drive = found
    try:
        audience = Audience("not_given", drive_id=drive.id)
        seen = await preview(turn.session, actor, audience, now=turn.now, settings=turn.settings)
    except AppealError:  # no longer theirs to appeal to (a role taken away meanwhile)
        seen = None
    if seen is None or not seen.recipients:
        turn.goto("drive", "show")
        return
    turn.menu(
        turn.t.plural(
            "Tell the {n} person who has not given to this drive yet of its new end?",
            "Tell the {n} people who have not given to this drive yet of its new end?",
            seen.recipients,
        ).format(n=turn.t.number(seen.recipients)),
        [
            # a question of yes or no, answered as one types it: “co”, “ko” (decision 1250)
            Choice(
                TELL,
                turn.t("Write the message of the new end"),
                keywords=("bao", "tell", *YES_WORDS),
                led=True,
            ),
            Choice(SKIP, turn.t("Do not tell them"), keywords=("khong bao", *NO_WORDS), led=True),
        ],
    )


@flow.answer("tell")
async def chose_to_tell(turn: Turn) -> None:
    """On to the appeal's last look, its text written for the officer, to those who have not given: sent,
    scheduled, changed or dropped there as any appeal (handlers.appeals)."""
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    _actor, drive = found
    if turn.choice != TELL or drive.closed_at is not None:
        turn.goto("drive", "show")
        return
    earlier = drive.ends_on < date.fromisoformat(turn.data.get("ended_on") or drive.ends_on.isoformat())
    said = (
        turn.t(
            "The drive {title} now ends earlier, on {end}. If you would like to give, please do so by "
            "that day; giving is voluntary."
        )
        if earlier
        else turn.t(
            "The drive {title} now runs until {end}. If you have not had the chance to give yet, you "
            "still can until that day; giving is voluntary."
        )
    )
    text = said.format(title=quoted(drive.title), end=turn.t.date(drive.ends_on))
    audience = Audience("not_given", drive_id=drive.id)
    turn.goto("appeal", "preview")
    turn.set(
        text=text,
        drive_id=drive.id,
        asks=True,
        audience=audience.as_json(),
        new_end=drive.ends_on.isoformat(),
    )


def _no_target_asked(kinds: list[str] | None) -> bool:
    """A drive of labour days alone is asked no target: days count toward none in đồng (decision 1570), and
    a drive has no target in days (decision 1804)."""
    return labour_only(set(kinds)) if kinds else False


@flow.prompt("target")
async def ask_target(turn: Turn) -> None:
    """The target in đồng, asked as what the drive takes reaches it: money (and goods' worth) where it takes
    money; the goods' worth where it takes goods and no money (decision 1525); a new drive of labour days
    alone is not asked (decision 1804), and one given a target before is asked only to take it away (1940)."""
    if turn.data.get("mode") == "edit":
        drive = await turn.session.get(Drive, turn.data.get("drive_id") or 0)
        kinds = list(drive.kinds or CONTRIBUTION_KINDS) if drive is not None else None
    else:
        kinds = turn.data.get("kinds")
        if _no_target_asked(kinds):
            turn.set(target=None)
            turn.goto("drive", "fund")
            return
    none = Choice(NONE, turn.t("No target"), keywords=("khong", "no target", "none"))
    if _no_target_asked(kinds):  # one given its target before: only to take it away (decision 1940)
        said = turn.t(
            "This drive takes labour days alone, so it has no target in đồng (days of work are not counted "
            "in money). To take its target away, choose “{none}”."
        )
        ask_number(turn, said.format(none=none.label), none)
        return
    question = (
        turn.t("What is the drive's target in đồng? For example: 50tr. Or choose “No target”.")
        if not kinds or "money" in kinds
        else turn.t(
            "What is the drive's target, as the worth of the goods in đồng? For example: 20tr. Or choose “No "
            "target”."
        )
    )
    ask_number(turn, question, none)


@flow.answer("target")
async def got_target(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        _back(turn, "target")
        return
    target = None
    if turn.choice != NONE and (target := _target_read(turn)) is None:
        return
    if turn.data.get("mode") != "edit":
        turn.set(target=target)
        turn.goto("drive", "fund")
        return
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    actor, drive = found
    try:
        await change_target(turn.session, actor, drive, target, now=turn.now)
    except DriveError as refused:
        if refused.reason == "days_target":  # the question again, which says why, with its way back (1940)
            turn.say(turn.t("Nothing was changed."))
            turn.repeat_menu()
            return
        await _refused(turn, refused.reason)
        return
    saved = turn.t.vnd(target) if target else turn.t("no target")
    turn.say(turn.t("Saved: the drive's target is now {target}.").format(target=saved), keep=True)
    turn.goto("drive", "show")


def _target_read(turn: Turn) -> int | None:
    """The target typed in đồng, or as gift packs and each one's price (“200 suất quà x 500k”), said back
    multiplied (decision 0787); otherwise the short answer is said and None returned."""
    if (packs := packs_of(turn.text)) is None:
        return read_money(turn, cap=DRIVE_TARGET_MAX)
    count, price = packs
    if not count or not price:
        turn.say(
            turn.t(
                "The target is in đồng: please type the packs times each one's price, for example: "
                "200 suất x 500k, or 100tr."
            )
        )
        return None
    if (each := read_money(turn, cap=DRIVE_TARGET_MAX, text=price)) is None:
        return None
    if count * each > DRIVE_TARGET_MAX:
        turn.say(money_problem(turn.t, MoneyError("too_large", turn.text), DRIVE_TARGET_MAX))
        return None
    turn.say(
        turn.t.plural(
            "Read as {count} pack × {each}: a target of {target}.",
            "Read as {count} packs × {each}: a target of {target}.",
            count,
        ).format(count=turn.t.number(count), each=turn.t.vnd(each), target=turn.t.vnd(count * each))
    )
    return count * each


def _fund_question(t: Translator, kinds: list[str] | None) -> str:
    """Whether the drive's gifts count toward the Fund, asked of what it takes: a drive that takes money
    raises money; one of goods, or of days of work, or both, gives those (decision 1875)."""
    taken = set(kinds or CONTRIBUTION_KINDS)
    if "money" in taken:
        return t("Does this drive raise money for the Fund for the Poor?")
    if taken == {"goods"}:
        return t("Do the goods of this drive count as gifts to the Fund for the Poor?")
    if taken == {"labour"}:
        return t("Do the labour days of this drive count as gifts to the Fund for the Poor?")
    return t("Do the goods and labour days of this drive count as gifts to the Fund for the Poor?")


def _own_drive_label(t: Translator, kinds: list[str] | None) -> str:
    """The Fund's “no”, its examples of what the drive takes, as its question names it (decisions 1875,
    1941): relief and warm clothes for money or goods, a house built or a road mended for days of work."""
    taken = set(kinds or CONTRIBUTION_KINDS)
    if "money" in taken:
        return t("No, a drive of our own (relief, warm clothes…)")
    if taken == {"goods"}:
        return t("No, a drive of our own (relief rice, warm clothes…)")
    if taken == {"labour"}:
        return t("No, a drive of our own (building a charity house, mending a road…)")
    return t("No, a drive of our own (flood relief, building a charity house…)")


@flow.prompt("fund")
async def ask_fund(turn: Turn) -> None:
    turn.menu(
        _fund_question(turn.t, turn.data.get("kinds")),
        [
            Choice(YES, turn.t("Yes, for the Fund"), keywords=(*YES_WORDS, "quy")),
            Choice(
                "no",
                _own_drive_label(turn.t, turn.data.get("kinds")),
                keywords=(*NO_WORDS, "rieng", "cuu tro"),
            ),
            back_choice(turn.t),
        ],
    )


@flow.answer("fund")
async def got_fund(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        _back(turn, "fund")
        return
    turn.set(fund=turn.choice == YES)
    turn.goto("drive", "level")


def _kinds_label(t: Translator, kinds: tuple[str, ...]) -> str:
    return ", ".join(kind_label(t, k) for k in kinds)


@flow.prompt("kinds")
async def ask_kinds(turn: Turn) -> None:
    turn.menu(
        turn.t("What does the drive accept?"),
        [
            *(Choice(key, _kinds_label(turn.t, kinds)) for key, kinds in KIND_SETS.items()),
            back_choice(turn.t),
        ],
    )


@flow.answer("kinds")
async def got_kinds(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        _back(turn, "kinds")
        return
    turn.set(kinds=list(KIND_SETS[turn.choice or "m"]))
    turn.goto("drive", "target")


@flow.prompt("level")
async def ask_level(turn: Turn) -> None:
    turn.menu(
        turn.t(
            "A suggested level, shown to everyone as a suggestion (never required)? For example: "
            "one day's salary, as you wish. Or choose “Skip”."
        ),
        [Choice(SKIP, turn.t("Skip"), keywords=("bo qua", "skip")), back_choice(turn.t)],
        free_text=True,
    )


@flow.answer("level")
async def got_level(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        _back(turn, "level")
        return
    level = None
    if turn.choice != SKIP:
        level = free_text(turn, limit=300)
        if level is None:
            return
        level = marked_level(level)  # its last look reads it as every giver will (decision 1523)
    turn.set(level=level, units_unasked=False)
    turn.goto("drive", "units")


@flow.prompt("units")
async def ask_units(turn: Turn) -> None:
    refusal = turn.t("Only {officers} can open and manage drives.")
    # the rule asked again: an officer role taken away while the drive was asked leaves no unit (2350)
    actor = await officers_or_home(turn, may_open_drives, refusal)
    if actor is None:
        return
    # a commune's whole is “toàn xã”, a ward's “toàn phường”, its units hamlets and the Front's board
    commune, level = await commune_and_level_of(turn)
    whole = await the_whole(turn, label=True, commune=commune)  # a ward's “Toàn phường” (2776)
    whole_words = level_words("ca", "toan") if commune else ("ca co quan",)  # “cả phường” too (2775)
    choices = [Choice(WHOLE, whole, keywords=("toan", *whole_words, "all"))]
    mine = await mobilised_unit_list(turn, actor)
    some = mobilised_units(actor) is not None
    if not some and len(mine) <= 1:  # a school of one unit: its whole is its unit, nothing to ask (2431)
        turn.set(units=None, units_unasked=True)
        office = may_set_account(actor, actor.org_id)
        turn.goto("drive", "account" if office else "review")
        return
    if some:
        choices = []  # an officer of some units opens drives for one of them
    choices += [Choice(f"u{u.id}", u.name) for u in mine]
    question = (
        turn.t("Which hamlets or boards of the {level} does the drive cover?").format(
            level=level_name(turn.t, level)  # “của phường” (2835)
        )
        if commune
        else turn.t("Which units does the drive cover?")
    )
    if some and len(mine) < len(await org_units(turn, actor.org_id)):
        question = _officer_of_some(turn, mine, commune=commune, level=level) + "\n\n" + question
    turn.menu(question, [*choices, back_choice(turn.t)])


def _officer_of_some(turn: Turn, units: list[Unit], *, commune: bool, level: str | None) -> str:
    """Said to an officer of some units only where the drive's units are asked: a union's chairman imported
    as his own office's officer opens its drives alone until the office makes him the whole organisation's,
    and is told so before he chooses (decision 2306); a commune's in its own word (`level`: “văn phòng
    phường”, “toàn phường”, `front_of_the_whole`, decision 2922)."""
    names = ", ".join(unit.name for unit in units)
    if commune:
        said = turn.t("You are the Front officer of {units}, so a drive you open is for them only.")
        return said.format(units=names) + " " + front_of_the_whole(turn.t, level)
    said = turn.t(
        "You are the union or mobilisation officer of {units}, so a drive you open is for them only. If you "
        "run the movement for the whole organisation, ask the office to make you the organisation's officer."
    )
    return said.format(units=names)


@flow.answer("units")
async def got_units(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        _back(turn, "units")
        return
    actor = await actor_of(turn)
    office = actor is not None and may_set_account(actor, actor.org_id)  # where its money goes: its call
    if not office and shown_before_last_look(turn):  # “khoa noi”: the one unit, to pick, then the last look
        return
    turn.set(units=None if turn.choice == WHOLE else [int((turn.choice or "u0")[1:])])
    turn.goto("drive", "account" if office else "review")


# --- the account a drive's money goes to (an organisation-wide admin's: decision 0084) -------------------


@flow.prompt("account")
async def ask_account(turn: Turn) -> None:
    word = await commune_word(turn)  # a commune's whole is “toàn xã”, its account the ward's “của phường”
    commune = word is not None
    refusal = turn.t("Only an administrator of {place} sets the account a drive's money goes to.").format(
        place=await the_whole(turn, commune=commune)
    )
    actor = await actor_or_home(turn, lambda a: may_set_account(a, a.org_id), refusal)
    if actor is None:
        return
    org = account_of(turn.organisation)
    if org is None:
        said = (
            sentence(
                turn.t("The {level} has no account set yet: receipts then say nothing of transfers.").format(
                    level=word
                )
            )
            if commune
            else turn.t("The organisation has no account set yet: receipts then say nothing of transfers.")
        )
    elif commune:
        said = turn.t("The {level}'s account: {account}.").format(account=org.line(), level=word)
    else:
        said = turn.t("The organisation's account: {account}.").format(account=org.line())
    shared = (
        turn.t("The {level}'s account").format(level=word)
        if commune
        else turn.t("The organisation's account")
    )
    turn.menu(
        turn.t("Which account does the money of this drive go to?") + "\n" + said,
        [
            Choice(ORG_ACCOUNT, shared, keywords=("tai khoan chung", "chung")),
            Choice(OWN_ACCOUNT, turn.t("Another account, this drive's own"), keywords=("khac", "rieng")),
            back_choice(turn.t),
        ],
    )


@flow.answer("account")
async def got_account(turn: Turn) -> None:
    editing = turn.data.get("mode") == "edit"
    if turn.choice == BACK_ID:
        _back(turn, "account")
        return
    turn.set(bank=None, number=None, holder=None)
    if turn.choice == OWN_ACCOUNT:
        turn.goto("drive", "bank")
    elif editing:
        turn.goto("drive", "account_confirm")
    else:
        turn.goto("drive", "review")


@flow.prompt("bank")
async def prompt_bank(turn: Turn) -> None:
    ask_bank(turn)


@flow.answer("bank")
async def got_bank(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("drive", "account")
    elif (bank := read_bank(turn)) is not None:
        turn.set(bank=bank.bin)
        turn.goto("drive", "number")


@flow.prompt("number")
async def prompt_number(turn: Turn) -> None:
    ask_account_number(turn)


@flow.answer("number")
async def got_number(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("drive", "bank")
    elif (number := read_number(turn)) is not None:
        turn.set(number=number)
        turn.goto("drive", "holder")


@flow.prompt("holder")
async def prompt_holder(turn: Turn) -> None:
    await ask_holder(turn)


@flow.answer("holder")
async def got_holder(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("drive", "number")
    elif (holder := await read_holder(turn)) is not None:
        turn.set(holder=holder)
        turn.goto("drive", "account_confirm" if turn.data.get("mode") == "edit" else "review")


@flow.prompt("account_confirm")
async def ask_account_confirm(turn: Turn) -> None:
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    _actor, drive = found
    account = typed_account(turn)
    if account is None:
        org, word = account_of(turn.organisation), await commune_word(turn)
        commune = word is not None
        if org is not None:
            shared = (
                turn.t("the {level}'s account ({account})")
                if commune
                else turn.t("the organisation's account ({account})")
            )
            back = shared.format(account=org.line(), level=word)
        else:
            back = (
                turn.t("the {level}'s account (none is set yet)")
                if commune
                else turn.t("the organisation's account (none is set yet)")
            ).format(level=word)
        question = turn.t("Send the money of {title} to {account} again?").format(
            title=quoted(drive.title), account=back
        )
    else:
        lines = [
            turn.t("The money of {title} will be transferred to:").format(title=quoted(drive.title)),
            *account_lines(turn, account),
            turn.t("Save this account for the drive?"),
        ]
        question = "\n".join(lines)
    confirm_menu(turn, question)


@flow.answer("account_confirm")
async def confirmed_account(turn: Turn) -> None:
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    actor, drive = found
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        turn.goto("drive", "show")
        return
    account = typed_account(turn)
    try:
        set_drive_account(turn.session, actor, drive, account, now=turn.now)
    except AccountRefused:
        await _refused(turn, "account")
        return
    if account is None:
        word = await commune_word(turn)
        again = (
            turn.t("Saved: the drive's money goes to the {level}'s account again.").format(level=word)
            if word is not None
            else turn.t("Saved: the drive's money goes to the organisation's account again.")
        )
        turn.say(again, keep=True)
    else:
        turn.say(
            turn.t("Saved: the drive's money now goes to {account}.").format(account=account.line()),
            keep=True,
        )
        await send_sample(turn, account)
    turn.goto("drive", "show")


def _new(turn: Turn) -> NewDrive:
    return NewDrive(
        title=turn.data["title"],
        starts_on=date.fromisoformat(turn.data["starts_on"]),
        ends_on=date.fromisoformat(turn.data["ends_on"]),
        target_vnd=turn.data.get("target"),
        fund=bool(turn.data.get("fund")),
        suggested_level=turn.data.get("level"),
        kinds=tuple(turn.data["kinds"]),
        unit_ids=tuple(turn.data["units"]) if turn.data.get("units") else None,
        account=typed_account(turn),
    )


@flow.prompt("review")
async def ask_review(turn: Turn) -> None:
    entry = _new(turn)
    lines = [
        turn.t("Please check the new drive:"),
        f"• {entry.title}",
        turn.t("• Dates: {start}–{end}").format(
            start=turn.t.date(entry.starts_on), end=turn.t.date(entry.ends_on)
        ),
    ]
    if not _no_target_asked(list(entry.kinds)):  # a drive of labour days alone was asked none (1804)
        lines.append(
            turn.t("• Target: {target}").format(
                target=turn.t.vnd(entry.target_vnd) if entry.target_vnd else turn.t("no target")
            )
        )
    lines += [
        turn.t("• Fund for the Poor: {yes}").format(yes=turn.t("yes") if entry.fund else turn.t("no")),
        turn.t("• Accepts: {kinds}").format(kinds=_kinds_label(turn.t, entry.kinds)),
    ]
    # who may give to it: the one choice that decides it, so it is shown before the drive opens
    word = await commune_word(turn)  # “Toàn xã” where a commune's officer opens it, not an office's whole
    commune = word is not None
    if entry.unit_ids:
        names = await turn.session.scalars(select(Unit.name).where(Unit.id.in_(entry.unit_ids)))
        covers = ", ".join(sorted(names, key=sort_key))
    else:
        covers = await the_whole(turn, label=True, commune=commune)  # a ward's “Toàn phường” (2776)
    covered = turn.t("• For: {units}") if commune else turn.t("• Units: {units}")
    lines.append(covered.format(units=covers))
    if entry.suggested_level:
        lines.append(turn.t("• Suggested level: {level}").format(level=entry.suggested_level))
    lines += _review_account(turn, entry.account, level=word)
    confirm_menu(turn, "\n".join(lines))


def _review_account(turn: Turn, own: Account | None, *, level: str | None) -> list[str]:
    """Where the new drive's money goes, before it opens: its own account, or the organisation's, a
    commune's in its own word (`level`, `commune_word`: “của phường”, decision 2847)."""
    if own is not None:
        return [turn.t("• Its own account: {account}").format(account=own.line())]
    org = account_of(turn.organisation)
    if org is None:
        return []
    said = (
        turn.t("• The {level}'s account: {account}")
        if level is not None
        else turn.t("• The organisation's account: {account}")
    )
    return [said.format(account=org.line(), level=level)]


@flow.answer("review")
async def reviewed(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Cancelled. No drive was opened."))
        turn.goto("drive", "list", keep_data=False)
        return
    try:
        drive = await create_drive(turn.session, await actor_of(turn), _new(turn), now=turn.now)
    except DriveError as refused:
        await _refused(turn, refused.reason)
        return
    if drive.starts_on > turn.today:  # not offered to givers nor to appeals before its first day
        opened = turn.t(
            "Opened {drive}. It starts on {day}: from then members can give to it and appeals can be sent "
            "for it."
        ).format(drive=drive_named(turn.t.locale, drive.title), day=turn.t.date(drive.starts_on))
    else:
        opened = turn.t("Opened {drive}. Members can now give to it.")
        opened = opened.format(drive=drive_named(turn.t.locale, drive.title))
    turn.say(opened, keep=True)
    if (own := own_account_of(drive)) is not None:  # checked once by the admin before any giver sees it
        await send_sample(turn, own)
    turn.goto("drive", "list", keep_data=False)


@flow.prompt("close")
async def ask_close(turn: Turn) -> None:
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    _actor, drive = found
    lines = [
        turn.t("Close {title}? It will take no more contributions; what was recorded stays.").format(
            title=quoted(drive.title)
        )
    ]
    if turn.today < drive.ends_on:  # closing is not waiting for its end: said before the Yes (decision 0252)
        lines.append(
            turn.t("It was to run until {end}: closing it now ends it early.").format(
                end=turn.t.date(drive.ends_on)
            )
        )
    waiting = (await drive_progress(turn.session, drive)).figures.waiting
    if waiting.any:  # not in its statement, which many will read
        kinds = set(drive.kinds or CONTRIBUTION_KINDS)
        lines += waiting_figures_lines(turn.t, waiting, kinds, commune=await in_commune(turn))
        lines += [
            turn.t(
                "These can still be confirmed after it closes; its public statement counts only what was "
                "confirmed."
            ),
        ]
    confirm_menu(turn, "\n".join(lines))


@flow.answer("close")
async def closing(turn: Turn) -> None:
    await _when_yes(turn, close_drive, turn.t("{drive} is closed."))


async def _when_yes(
    turn: Turn,
    change: Callable[..., Awaitable[object]],
    done: str,
    *,
    yes: str = YES,
    then: Callable[[Drive, object], Awaitable[list[str]]] | None = None,
) -> None:
    """A drive's close or reopen answered: on a yes, `change` made and `done` said (with the lines `then`
    reads of what `change` gave), then the drive's own screen, not the list (its final figures, the group's
    message, and the way back if it was the wrong drive: its dates and target to put right after a reopen,
    decision 0272); anything else goes back unchanged."""
    actor = await actor_of(turn)
    drive = await chosen(turn, Drive, "drive_id", actor.org_id if actor else None)
    if turn.choice != yes or drive is None:
        turn.goto("drive", "show" if drive else "list")
        return
    try:
        made = await change(turn.session, actor, drive, now=turn.now)
    except DriveError as refused:
        await _refused(turn, refused.reason)
        return
    more = await then(drive, made) if then else []
    said = sentence(done.format(drive=drive_named(turn.t.locale, drive.title)))
    turn.say("\n".join([said, *more]), keep=True)
    turn.goto("drive", "show")


@flow.prompt("reopen")
async def ask_reopen(turn: Turn) -> None:
    """Before a closed drive is opened again: what it will take, and that what its close stopped stays
    stopped unless sent on (decisions 0272, 0287); with nothing to send on, that its appeals can remind who
    has not given (decision 0302), rather than “write a new one”, which would reach everyone again."""
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    actor, drive = found
    lines = [
        turn.t("Reopen {title}? Its dates and target can then be changed again.").format(
            title=quoted(drive.title)
        )
    ]
    if turn.today > (last := last_gift_day(drive)):
        said = turn.t("Its end, {end}, is long past: change its dates if it should take contributions again.")
    elif turn.today > drive.ends_on:  # reopened, it takes late gifts again: until when (decision 0583)
        said = turn.t("It ended on {end}: reopened, it takes late contributions again until {last}.")
    else:
        said = turn.t("Members can give to it again, as its dates allow (its end: {end}).")
    lines.append(said.format(end=turn.t.date(drive.ends_on), last=turn.t.date(last)))
    if stopped := await stopped_by_close(turn.session, actor, drive, now=turn.now):
        lines.append(
            turn.t.plural(
                "Its close stopped {count} appeal message not yet sent. “{resume}” sends it on to whom it "
                "had not reached; nobody gets an appeal twice. “{yes}” leaves it stopped.",
                "Its close stopped {count} appeal messages not yet sent. “{resume}” sends them on to those "
                "they had not reached; nobody gets an appeal twice. “{yes}” leaves them stopped.",
                stopped,
            ).format(count=stopped, resume=turn.t("Reopen and send them on"), yes=turn.t("Yes, confirm"))
        )
        more = [Choice(RESUME, turn.t("Reopen and send them on"), keywords=("gui tiep", "send on"))]
    else:
        more = []
    if others := await stopped_for_others(turn.session, actor, drive, now=turn.now):
        lines.append(
            turn.t.plural(
                "{count} more stopped message is of an appeal to units you do not cover: it stays stopped, "
                "and whoever may send that appeal can send it on from /keugoi.",
                "{count} more stopped messages are of appeals to units you do not cover: they stay stopped, "
                "and whoever may send those appeals can send them on from /keugoi.",
                others,
            ).format(count=turn.t.number(others))
        )
    if not stopped and await turn.session.scalar(
        select(Appeal.id).where(Appeal.drive_id == drive.id).limit(1)
    ):
        # its appeals went out before the close (or it cut none of them): a follow-up reaches who has not
        # given, where a new appeal would reach everyone again (decision 0302)
        said = turn.t(
            "Its appeals can remind those who have not given: /keugoi, the appeal, then “{follow}”; those "
            "who gave are not reached again."
        )
        lines.append(said.format(follow=turn.t("Remind those who have not given")))
    confirm_menu(turn, "\n".join(lines), *more)


@flow.answer("reopen")
async def reopening(turn: Turn) -> None:
    """Reopened (its stopped appeals sent on, with “Reopen and send them on”); a group told of its close
    hears it is open only from a new message: the officer is told so (decision 0287)."""
    group = turn.t(
        "If the group chat was told it had closed, send it “{group}” again: it says how to give once more."
    ).format(group=turn.t("Message for the group chat"))
    if turn.choice == RESUME:

        async def when_they_go(drive: Drive, reopened: object) -> list[str]:
            """When the messages sent on go, as “Gửi tiếp các tin đã dừng” says it (decision 2150), read
            once, by the reopening itself (decision 2255)."""
            if not isinstance(reopened, Reopened) or reopened.goes_at is None:  # nothing sent on
                return [group]
            return [*sent_on_line(turn, reopened.goes_at), group]

        done = turn.t("{drive} is open again; its stopped appeals go on.")
        await _when_yes(
            turn,
            partial(reopen_drive, resume=True, settings=turn.settings),
            done,
            yes=RESUME,
            then=when_they_go,
        )
        return
    done = turn.t("{drive} is open again.")
    await _when_yes(turn, partial(reopen_drive, settings=turn.settings), f"{done}\n{group}")


# --- the drive's public page on the web (decision 0102) ----------------------------------------------------


@flow.prompt("public")
async def show_public_page(turn: Turn) -> None:
    """The link to the drive's public page and its QR code (to print on the appeal's poster), for an officer
    who manages the drive; the link made the first time and kept."""
    if (found := await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    actor, drive = found
    if not turn.settings.public_url:
        turn.goto("drive", "show")
        return
    try:
        key = await public_key_of(turn.session, actor, drive, now=turn.now)
    except PublicPageError:
        await _refused(turn, "not_allowed")
        return
    await show_public_link(turn, drive.title, key, f"congkhai-{drive.id}.png")


async def show_public_link(turn: Turn, title: str, key: str, picture: str) -> None:
    """The public page's link of `key` (titled `title`) and its QR code to print, then whether to replace
    it: for a drive here, for the Fund outside the drives in the statement (decision 0102). The link alone
    on a chat that shows no pictures (`Inbound.shows_photos`: decision 0438)."""
    assert turn.settings.public_url
    url = page_url(turn.settings.public_url, key)
    turn.say(
        turn.t(
            "The public page of {title}: {url}\n"
            "Anyone with this link sees what was received, what was paid out and what is left, and can check "
            "a reference code; never a name or a single gift. Put it on the appeal's poster, in a group chat "
            "or in a letter to a donor."
        ).format(title=quoted(title), url=url),
        keep=True,
    )
    if turn.inbound.shows_photos:  # else the link alone: no code they could not see (decision 0438)
        kept = kept_file(turn, "qr", picture)
        await asyncio.to_thread(write_qr, turn.settings.media_dir / kept, url)
        turn.show_photo(kept, turn.t("QR code of the public page, to print."))
    turn.menu(
        turn.t("Is that all, or should the link be replaced?"),
        [
            Choice(
                RENEW, turn.t("Replace the link (the old one stops working)"), keywords=("doi", "replace")
            ),
            back_choice(turn.t),
        ],
    )


def ask_to_renew(turn: Turn) -> None:
    """The last look before a new link: the old one, and its printed QR codes, stop working."""
    confirm_menu(
        turn,
        turn.t(
            "Replace the link? The old link, and any QR code of it already printed or sent, will stop "
            "working."
        ),
    )


@flow.answer("public")
async def chose_on_public_page(turn: Turn) -> None:
    turn.goto("drive", RENEW if turn.choice == RENEW else "show")


@flow.prompt(RENEW)
async def ask_renew(turn: Turn) -> None:
    if (await chosen_or_leave(turn, Drive, "drive_id", leave_to=LIST)) is None:
        return
    ask_to_renew(turn)


@flow.answer(RENEW)
async def renewing(turn: Turn) -> None:
    actor = await actor_of(turn)
    drive = await chosen(turn, Drive, "drive_id", actor.org_id if actor else None)
    if drive is None:
        turn.goto("drive", "list")
        return
    if turn.choice != YES:
        turn.goto("drive", "public")
        return
    try:
        await public_key_of(turn.session, actor, drive, now=turn.now, renew=True)
    except PublicPageError:
        await _refused(turn, "not_allowed")
        return
    turn.say(turn.t("Done: the old link no longer works. The new one:"))
    turn.goto("drive", "public")
