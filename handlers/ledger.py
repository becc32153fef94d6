"""Looking a contribution up by its reference code.

Treasurers and officers see any entry of their units in full, with its evidence; a treasurer confirms that the
money arrived (or says it did not, with a reason). Decisions are final: a confirmed entry is corrected by a
reversal entry, with a reason, by a treasurer or officer other than the one who confirmed it.

Anyone else may type a code too: their own entries in full; someone else's only "confirmed" or "not found",
with no name and no amount (the public statement lists confirmed codes; nothing more is revealed here)."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import func, or_, select

from bot.clock import local_date
from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import REF_PREFIX, Contribution, Drive, Person, Unit
from bot.domain.access import (
    VOUCHED_MOST_DAYS,
    Actor,
    confirmed_as_organiser,
    decide_refusal_of,
    givers_in_ledger_of,
    in_ledger_of,
    may_be_offered_to_withdraw,
    may_hear_it_stands,
    may_look_up_contribution,
    may_move_contribution,
    may_open_ledger,
    may_thank_for,
    may_withdraw_contribution,
    may_withdraw_now,
    no_one_else_corrects,
    officer_confirms_it,
    officers_confirm,
    officers_decide_it,
    reverse_refusal_of,
    typed_and_moved,
    vouched_labour,
)
from bot.domain.contributions import (
    CODE_IN_WORDS,
    LedgerError,
    code_shaped,
    correct,
    decide,
    evidence_of,
    figure_of,
    normalise_ref,
    possible_doubles,
    ref_prefix_of,
    ref_prefixes,
    reversal_of,
    reverse,
    said_sent_in,
    typed_refs,
    withdraw,
)
from bot.domain.money import AMOUNT_WORDS, MoneyError, parse_vnd
from bot.domain.notices import figure_text, held_till, officers_title, shortfall_text, who_hears
from bot.domain.org_import import PHONE_WRITTEN, normalize_phone
from bot.domain.public_page import confirmed_in
from bot.domain.queue import far_from_the_others
from bot.domain.spending import shortfall_after
from bot.domain.statement import unpriced
from bot.domain.thanks import ThanksError, letter_for
from bot.i18n import PAPER_LOCALE, Translator
from bot.messages import Choice, Document
from bot.statement_sheet import anonymous
from bot.text import match_key, nfc
from bot.thanks_doc import donor_text, write_thanks
from handlers.common import (
    OTHER_FIGURE_WORDS,
    REASON_MOST,
    YES,
    actor_of,
    ask_number,
    ask_typed,
    back_choice,
    closed_since_look,
    confirm_menu,
    go_home,
    in_commune,
    is_household,
    kept_file,
    look_drawn,
    no_file_here,
    officers_named,
    photos_elsewhere,
    picked_id,
    put_right,
    read_labour_days,
    reason_text,
    received_marks,
    too_long,
)
from handlers.contributions import (
    amount_words,
    digit_naming_neither,
    how_to_transfer,
    neither_named,
    one_of_two_named,
    typed_amount,
    typed_gift,
    which_amount_asked,
)
from handlers.menu import entry_typed
from handlers.money_text import LEAST_TYPED_VND, read_money
from handlers.moved_since import MOVE_WORDS, SEEN, moved_since, seen
from handlers.name_search import ADDRESS, MAX_MATCHES, search_by_name, search_if_named
from handlers.wording import (
    beyond_a_week_text,
    closed_year_correction,
    closed_year_line,
    code_check_words,
    code_example,
    describe,
    drive_title,
    entry_status,
    far_mark,
    giver_name,
    heard_line,
    kind_label,
    own_status,
    possible_double,
    status_label,
    with_day_worked,
)

flow = Flow("ledger")
T = TypeVar("T")
CONFIRM, REJECT, REVERSE, WITHDRAW = "confirm", "reject", "reverse", "withdraw"
CORRECT, THANKS, OTHER, MOVE = "correct", "thanks", "other", "move"


@flow.prompt("ask")
async def ask_ref(turn: Turn) -> None:
    """/tracuu, the menu's entry or a notice's button; "/tracuu CT-2026-000123" looks the code up at once
    (and asks again, after saying why, when it finds nothing to show); "/tracuu lan", a giver's name, is
    looked up as typed at the question (decision 0184)."""
    if turn.argument is not None:
        if await _giver_by_phone(turn, turn.argument):
            return
        if not code_shaped(turn.argument, await ref_prefixes(turn.session)) and await _giver_named(turn):
            return
        if await _look_up(turn, turn.argument):
            return
    await _ask_code(turn)


async def _giver_named(turn: Turn) -> bool:
    """The giver's name that came with the command, for a reader who may find givers by name: their entries
    (or the givers of that name, to choose) shown, or why none and the question (True). False for a reader
    asked for a code only: the text is looked up as one."""
    actor = await actor_of(turn)
    if actor is None or not may_open_ledger(actor):
        return False
    typed = turn.argument or ""
    found = await search_if_named(turn, givers_in_ledger_of(actor), typed, then="ledger")
    if 0 < found <= MAX_MATCHES:
        return True
    if found:
        turn.say(turn.t("More than {n} people match. Please type more of the name.").format(n=MAX_MATCHES))
    else:
        turn.say((await _nobody_named(turn)).format(typed=typed))
    await _ask_code(turn)
    return True


_PHONE_LEADS = ("+84", "0")  # how a phone typed where a code is asked begins (a code's year never does)


def _phone_typed(text: str) -> bool:
    """Whether the text has a phone's shape (`PHONE_WRITTEN`, begun with 0 or +84, 8 to 18 characters after
    it): one figure too many or too few is still told it is no phone."""
    lead = next((lead for lead in _PHONE_LEADS if text.startswith(lead)), None)
    return lead is not None and 8 <= len(text) - len(lead) <= 18 and PHONE_WRITTEN.fullmatch(text) is not None


async def _giver_by_phone(turn: Turn, typed: str) -> bool:
    """A giver's phone number typed where a code or a name is asked (“0912 345 678”, “+84912345678”), for a
    reader who may find givers by name: the entries of the one person of the organisation with that phone
    among the givers of their book, or why none and the question (True); decision 0322. A code never begins
    with 0 or +84 (its year does not), so nothing typed as a code is read as a phone, nor is a phone read as
    a code: a figure too many or too few is said to be no phone, and a member asked for a code only is told
    a phone is none (True, the question again: decision 0327). False for text of no phone's shape."""
    text = typed.strip()
    if not _phone_typed(text):
        return False
    phone, actor = normalize_phone(text), await actor_of(turn)
    if actor is None or not may_open_ledger(actor):
        said = turn.t("{typed} is a phone number, not a reference code. A code looks like {example}.")
        turn.say(said.format(typed=text, example=await _example(turn)))
        await _ask_code(turn)
        return True
    if phone is None:
        said = turn.t(
            "{typed} is not a phone number: a mobile number has 10 figures, a landline 11 (for example:"
            " 0912 345 678, 024 3825 1234)."
        )
        turn.say(said.format(typed=text))
        await _ask_code(turn)
        return True
    giver_id = await turn.session.scalar(
        select(Person.id).where(givers_in_ledger_of(actor), Person.phone == phone).limit(1)
    )
    if giver_id is None:
        turn.say(
            turn.t(
                "No contribution you may look up is from anyone with the phone number {phone}. Type a"
                " reference code (for example: {example}), a part of the giver's name or their phone number;"
                " to do something else, type /menu."
            ).format(phone=phone, example=await _example(turn))
        )
        await _ask_code(turn)
        return True
    turn.set(giver_id=giver_id)
    turn.goto("ledger", "gifts")
    return True


async def _nobody_named(turn: Turn) -> str:
    return turn.t(
        "No contribution you may look up is from anyone named “{typed}”. Type a reference code (for"
        " example: {example}) or a part of the giver's name; to do something else, type /menu."
    ).replace("{example}", await _example(turn))


def typed_code(text: str, letters: str = REF_PREFIX) -> str | None:
    """The reference code typed at the main menu, alone (“CT-2026-000001”, “ct 2026 1”, or without its year:
    “ct1”, “CT-000001”, or the reader's organisation's `letters` so: “xathac1”) or as the only code in a few
    words (“rút lại CT-2026-000001”); None for anything else. Members' menus have no look-up entry, and the
    code is what their receipt and “Tiến độ của tôi” show: typing it is how they come back to a gift to see
    or withdraw it."""
    whole = text.strip().rstrip(" .!?")
    if whole[:1].isalpha() and normalise_ref(whole, REF_PREFIX) is not None:
        return whole
    if whole[:1].isalpha() and typed_refs(whole, letters, 2000):  # “ct1”, “xathac1”: its number (1802, 1871)
        return whole
    found = CODE_IN_WORDS.findall(text)
    return found[0] if len(found) == 1 else None


# “hủy khoản vừa rồi”, “huy khoan vua roi nhe”, “rút lại khoản vừa ghi”: her latest gift named with no code
_CANCEL_A_GIFT = r"(?:huy|huy bo|rut lai|xoa|bo) (?:cai |mon )?(?:khoan|dong gop|khoan dong gop|khoan ung ho)"
_JUST_NOW = r"(?:vua roi|vua xong|vua ghi|vua nhap|vua gui|vua nay|luc nay|ban nay|do|nay|cuoi|cuoi cung)"
_SOFTENED = r"(?: (?:di|nhe|nha|a|giup|giup em|giup toi|voi|dum))*"
_LAST_ONE_CANCELLED = re.compile(f"{_CANCEL_A_GIFT} {_JUST_NOW}{_SOFTENED}")
# “hủy khoản 200k”, “rút lại khoản 1tr2 vừa rồi nhé”: a gift of hers named by its figure (decision 2936)
_FIGURE_CANCELLED = re.compile(
    f"{_CANCEL_A_GIFT} (?P<figure>[0-9][^ ]*(?: [^ ]+){{0,2}}?)(?: {_JUST_NOW})?{_SOFTENED}"
)
_FIGURE_CANCELLED_MOST = 80  # characters: past them, no such words (a pasted page is read as nothing at once)


def cancels_the_last_gift(text: str) -> bool:
    """“Hủy khoản vừa rồi” (cancel the one just now), typed at the main menu or at the question after a gift:
    asking to withdraw her latest gift, as its code typed and “Rút lại khoản này” chosen (decision 2860); an
    emoji or a stop before or after it is no part of it (decision 2882)."""
    said = " ".join(re.sub(r"[^\w ]+", " ", match_key(text)).split())  # an emoji or “!” around it (2882)
    return _LAST_ONE_CANCELLED.fullmatch(said) is not None


def cancelled_figure(text: str) -> int | None:
    """The figure of “hủy khoản 200k” (cancel the one of 200k), with the words of “hủy khoản vừa rồi” around
    it (`cancels_the_last_gift`), an emoji or a stop before or after it no part of it; None for anything else
    (decision 2936). A code (“hủy khoản CT-2026-000001”) is no figure: it is looked up as typed."""
    if len(text) > _FIGURE_CANCELLED_MOST:
        return None
    said = " ".join(re.sub(r"[^\w .,]+", " ", match_key(text)).split()).rstrip(" .,")
    found = _FIGURE_CANCELLED.fullmatch(said)
    if found is None:
        return None
    try:
        return parse_vnd(found["figure"], cap=sys.maxsize, minimum=LEAST_TYPED_VND)
    except MoneyError:
        return None


def cancels_a_gift_of_figure(text: str) -> bool:
    return cancelled_figure(text) is not None


async def _withdrawable(turn: Turn, *where: Any) -> list[Contribution]:
    """Her gifts and those she recorded (decision 2888) matching `where` that the domain lets her withdraw
    now and be shown in a list (`may_be_offered_to_withdraw`: another's only while she may look it up,
    decision 2953), the latest first."""
    if turn.person is None:
        return []
    actor = await actor_of(turn)
    rows = await turn.session.scalars(
        select(Contribution)
        .where(
            or_(Contribution.person_id == turn.person.id, Contribution.recorded_by == turn.person.id),
            Contribution.reverses_id.is_(None),
            Contribution.status == "recorded",
            *where,
        )
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
    )
    return [c for c in rows if may_be_offered_to_withdraw(actor, c)]


def _gift_line(turn: Turn, c: Contribution, *after: str) -> str:
    """A gift as a line of a list to choose from: its code, its day, what it is, then what the list adds (its
    giver, where it stands)."""
    return " · ".join(
        [
            c.ref,
            turn.t.date(c.created_at),
            describe(turn.t, c.kind, c.amount_vnd, c.labour_days, c.description),
            *after,
        ]
    )


@flow.prompt("figure")
async def gift_of_figure(turn: Turn) -> None:
    """“Hủy khoản 200k”: the one gift of that figure she may withdraw, its withdrawal asked as “hủy khoản vừa
    rồi” asks the latest's; two or more, listed to choose; none, those she may still withdraw listed, with an
    example; none at all, why, and her progress (decision 2936). Nothing changes before her “Có”."""
    figure = cancelled_figure(turn.text or "")
    if figure is None:  # read at the main menu: never so
        go_home(turn)
        return
    mine = await _withdrawable(turn)
    of_it = [c for c in mine if c.kind != "labour" and figure_of(c) == figure]
    if len(of_it) == 1:
        turn.set(contribution_id=of_it[0].id)
        turn.goto("ledger", "withdraw")
        return
    if not mine:
        turn.say(
            turn.t(
                "None of your contributions can still be withdrawn: one a treasurer confirmed is put right "
                "by the treasurer, and one recorded for you by whoever recorded it."
            )
        )
        turn.goto("progress", "show")
        return
    listed = of_it or mine
    turn.set(which=[c.id for c in listed], which_figure=figure, which_of_it=bool(of_it))
    turn.goto("ledger", "which")


@flow.prompt("which")
async def ask_which_to_withdraw(turn: Turn) -> None:
    """The gifts she meant, listed to choose the one to withdraw: of the figure she typed (two or more), those
    she may still withdraw (none of that figure), or the lines she recorded at once, a payroll's sheet
    (decisions 2936, 2937). One chosen asks its withdrawal; a code, or “hủy khoản …” again, typed there is
    read as at the main menu. Those decided meanwhile are left out."""
    ids = turn.data.get("which") or []
    rows = await _withdrawable(turn, Contribution.id.in_(ids))
    if not rows:
        turn.say(turn.t("Nothing of what you chose is still waiting: someone decided it meanwhile."))
        go_home(turn)
        return
    figure = turn.data.get("which_figure")
    if figure is None:  # recorded at once (decision 2937)
        heading = turn.t.plural(
            "You have just recorded {n} contribution at once ({refs}). They are withdrawn one at a time: "
            "please choose the one to withdraw.",
            "You have just recorded {n} contributions at once ({refs}). They are withdrawn one at a time: "
            "please choose the one to withdraw.",
            len(rows),
        )
        first, last = min(rows, key=lambda c: c.id), max(rows, key=lambda c: c.id)
        heading = heading.format(n=turn.t.number(len(rows)), refs=f"{first.ref} – {last.ref}")
    elif turn.data.get("which_of_it"):
        heading = turn.t.plural(
            "You have {n} contribution of {amount} still waiting: which one do you want to withdraw?",
            "You have {n} contributions of {amount} still waiting: which one do you want to withdraw?",
            len(rows),
        ).format(n=turn.t.number(len(rows)), amount=turn.t.vnd(figure))
    else:
        example = next((c for c in rows if c.kind != "labour"), None)
        heading = turn.t("None of the contributions you may still withdraw is of {amount}.").format(
            amount=turn.t.vnd(figure)
        )
        heading += " " + (
            turn.t(
                "You may still withdraw these: choose one, or type its amount, for example: "
                "hủy khoản {amount}."
            ).format(amount=turn.t.vnd(figure_of(example)))
            if example is not None
            else turn.t("You may still withdraw these: please choose one.")
        )
    if len(rows) > GIFTS_SHOWN:
        heading += "\n" + turn.t("The latest {shown} are here; for an older one, type its code.").format(
            shown=turn.t.number(GIFTS_SHOWN)
        )
    shown = rows[:GIFTS_SHOWN]
    names = dict(
        (
            await turn.session.execute(
                select(Person.id, Person.full_name).where(Person.id.in_({c.person_id for c in shown}))
            )
        ).all()
    )
    choices = [
        Choice(
            f"c{c.id}",
            _gift_line(
                turn, c, *([giver_name(turn.t, names[c.person_id])] if c.person_id != turn.person.id else [])
            ),
        )
        for c in shown
    ]
    turn.menu(heading, [*choices, back_choice(turn.t)], free_text=True, asks_code=True)


@flow.answer("which")
async def picked_to_withdraw(turn: Turn) -> None:
    if turn.choice is None and turn.text.strip():
        if cancels_a_gift_of_figure(turn.text):  # another figure typed there, read as at the main menu
            turn.goto("ledger", "figure")
        elif cancels_the_last_gift(turn.text):
            turn.goto("ledger", "last")
        else:  # a code looked up, or what the main menu reads
            await got_ref(turn)
        return
    chosen = picked_id(turn, "c")
    if turn.choice == BACK_ID or chosen is None or chosen not in (turn.data.get("which") or []):
        go_home(turn)
        return
    gift = await turn.session.get_one(Contribution, chosen)
    turn.set(contribution_id=gift.id)
    turn.goto("ledger", "withdraw" if may_withdraw_now(await actor_of(turn), gift) else "show")


@flow.prompt("last")
async def last_gift(turn: Turn) -> None:
    """Her latest gift, or the latest she recorded for another (an officer's for a household; decision 2888),
    asked to be withdrawn in words (`cancels_the_last_gift`): its withdrawal asked, CÓ or KHÔNG, where the
    domain lets her (`may_withdraw_now`: waiting, recorded by her); else its screen, which says why not and
    whom to ask; with none, her progress (decisions 2860, 2882, 2887). Several recorded by her at once (a
    payroll's sheet, a paper list) are what “vừa rồi” means: those she may still withdraw, listed to choose
    one, as the domain withdraws them one at a time (decision 2937)."""
    latest = None
    if turn.person is not None:
        latest = await turn.session.scalar(
            select(Contribution)
            .where(  # hers, or one she recorded for a household or a colleague (decision 2888)
                or_(Contribution.person_id == turn.person.id, Contribution.recorded_by == turn.person.id),
                Contribution.reverses_id.is_(None),
            )
            .order_by(Contribution.created_at.desc(), Contribution.id.desc())
            .limit(1)
        )
    if latest is None:
        turn.goto("progress", "show")
        return
    if latest.recorded_by == turn.person.id:  # recorded in the same instant by her, for others: a list (2937)
        together = await _withdrawable(
            turn, Contribution.recorded_by == turn.person.id, Contribution.created_at == latest.created_at
        )
        if len(together) > 1 and any(c.person_id != turn.person.id for c in together):
            turn.set(which=[c.id for c in together], which_figure=None)
            turn.goto("ledger", "which")
            return
    turn.set(contribution_id=latest.id)
    turn.goto("ledger", "withdraw" if may_withdraw_now(await actor_of(turn), latest) else "show")


def looks_like_code(text: str) -> bool:
    return typed_code(text) is not None


def looks_like_own_code(text: str, letters: str) -> bool:
    """Any code `looks_like_code` reads, and one without its year under the reader's organisation's own
    `letters` too (“xathac1”, decision 1871)."""
    return typed_code(text, letters) is not None


@flow.prompt("typed")
async def typed_at_the_menu(turn: Turn) -> None:
    """A code typed at the main menu, looked up as “/tracuu CODE” is; not found, said so, and a code asked.
    Typed with /tracuu, the code is the command's argument: the question's prompt must not look it up again
    (it said “not found” twice in one message: decision 1357)."""
    if not await _look_up(turn, typed_code(turn.text, await own_letters(turn)) or turn.text):
        turn.argument = None
        turn.goto("ledger", "ask")  # why not said; the question for a code


async def _ask_code(turn: Turn) -> None:
    if may_open_ledger(await actor_of(turn)):  # a treasurer, officer or admin: a giver's name too (0184)
        question = turn.t(
            "Type the reference code of the contribution (for example: {example}), the giver's name"
            " (for example: nguyen van an) or their phone number."
        )
    elif is_household(turn):  # “mã tham chiếu”: not her words (1446)
        question = turn.t("Type the number of the gift (for example: {example}).")
    else:
        question = turn.t("Type the reference code of the contribution (for example: {example}).")
    ask_typed(turn, question.format(example=await _example(turn)), asks_code=True)


async def typed_own_code(turn: Turn) -> bool:
    """What was typed, naming no option, reads as a code (`looks_like_own_code`): one read off a list or a
    receipt, or one without its year under the reader's organisation's letters (“xathac1”, decision 1871),
    to be looked up as at the main menu."""
    return turn.choice is None and looks_like_own_code(turn.text, await own_letters(turn))


async def own_letters(turn: Turn) -> str:
    """The letters of the reader's organisation's codes (decision 0140): what a code typed without its year
    may start with, besides “CT” (decision 1871)."""
    return await ref_prefix_of(turn.session, turn.person.org_id) if turn.person else REF_PREFIX


async def _example(turn: Turn) -> str:
    return code_example(await own_letters(turn), turn.today.year)


@flow.answer("ask")
async def got_ref(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        go_home(turn)
        return
    if await _giver_by_phone(turn, turn.text):  # a giver's phone, never read as a code (decision 0322)
        return
    # of a code's shape, whole or in part, under any organisation's letters (decision 0140): looked up
    if not code_shaped(turn.text, await ref_prefixes(turn.session)) and await _as_at_the_menu(turn):
        return
    if not await _look_up(turn, turn.text):
        await _ask_code(turn)  # the question again, below why that was not it


async def _as_at_the_menu(turn: Turn) -> bool:
    """Text of no code's shape where a code is asked, read as at the main menu the person came from: a gift
    (“donate 1tr”), an entry's number or words (“2”, “tiến độ”) start it (True). Anything else (“yes”,
    “skip”) is answered that a code is awaited and how to leave, the question again (True as well): a look-up
    of it would only say “not found”."""
    if not turn.text.strip():
        return False
    if typed_gift(turn.text) is not None:
        turn.goto("give", "typed", keep_data=False)
        return True
    if await entry_typed(turn):
        return True
    actor = await actor_of(turn)
    if actor is not None and may_open_ledger(actor):  # the giver's name, as a colleague says it (0184)
        await search_by_name(
            turn, givers_in_ledger_of(actor), nobody=await _nobody_named(turn), then="ledger"
        )
        return True
    turn.say(
        turn.t(
            "I am waiting for a reference code, for example: {example}. To do something else, type /menu."
        ).format(example=await _example(turn))
    )
    await _ask_code(turn)
    return True


# --- a giver found by name: their entries, to open one (decision 0184) -----------------------------------

GIFTS_SHOWN = 10


@flow.prompt("pick")
async def ask_giver(turn: Turn) -> None:
    found = turn.data.get("found", [])
    if len(found) == 1:  # one giver of that name: their entries at once
        turn.set(giver_id=found[0][0])
        turn.goto("ledger", "gifts")
        return
    choices = [Choice(f"p{pid}", label) for pid, label in found]  # as found_menu, and another name typed
    turn.menu(turn.t("Whose contributions?"), [*choices, back_choice(turn.t)], free_text=True, asks_code=True)


@flow.answer("pick")
async def picked_giver(turn: Turn) -> None:
    if turn.choice is None and turn.text.strip():  # another code or name typed: looked up as asked
        await got_ref(turn)
        return
    giver_id = picked_id(turn, "p")
    if giver_id is None:
        turn.goto("ledger", "ask", keep_data=False)
        return
    turn.set(giver_id=giver_id)
    turn.goto("ledger", "gifts")


@flow.prompt("gifts")
async def show_gifts(turn: Turn) -> None:
    """The giver's entries the reader may look up, the latest first, each with its code, day, what it is and
    where it stands; one chosen opens as its code typed would."""
    actor = await actor_of(turn)
    giver = await turn.session.get(Person, turn.data.get("giver_id", 0))
    if actor is None or giver is None or not may_open_ledger(actor):
        go_home(turn)
        return
    mine = (Contribution.person_id == giver.id, in_ledger_of(actor))
    total = await turn.session.scalar(select(func.count()).select_from(Contribution).where(*mine)) or 0
    rows = list(
        await turn.session.scalars(
            select(Contribution)
            .where(*mine)
            .order_by(Contribution.created_at.desc(), Contribution.id.desc())
            .limit(GIFTS_SHOWN)
        )
    )
    if not rows:  # decided elsewhere meanwhile: a role taken away
        turn.goto("ledger", "ask", keep_data=False)
        return
    heading = turn.t.plural(
        "{name}: {n} contribution, the latest first.",
        "{name}: {n} contributions, the latest first.",
        total,
    ).format(name=giver_name(turn.t, giver.full_name), n=turn.t.number(total))
    if total > len(rows):
        heading += "\n" + turn.t("The latest {shown} are here; for an older one, type its code.").format(
            shown=turn.t.number(len(rows))
        )
    # where each stands, as its look-up tells it: read for the whole list at once
    cancelled = set(
        await turn.session.scalars(
            select(Contribution.reverses_id).where(Contribution.reverses_id.in_([c.id for c in rows]))
        )
    )
    cancels = [c.reverses_id for c in rows if c.reverses_id is not None]
    refs = dict(
        (
            await turn.session.execute(
                select(Contribution.id, Contribution.ref).where(Contribution.id.in_(cancels))
            )
        ).all()
    )
    commune = await in_commune(turn)  # who confirms her days, in her organisation's words (1877)
    by_officers = await officers_confirm(turn.session, rows)  # a lone treasurer's own (decision 2510)
    choices = [
        Choice(
            f"c{c.id}",
            _gift_line(
                turn,
                c,
                _where_it_stands(
                    turn.t, c, cancelled, refs, commune=commune, by_officers=c.id in by_officers
                ),
            ),
        )
        for c in rows
    ]
    # typed, a code or a name is looked up again (never read as a part of an entry's line: “ct 2026 1”)
    turn.menu(heading, [*choices, back_choice(turn.t)], free_text=True, asks_code=True)


def _where_it_stands(
    t: Translator,
    c: Contribution,
    cancelled: set[int],
    refs: dict[int, str],
    *,
    commune: bool,
    by_officers: bool,
) -> str:
    """An entry's state in a giver's list, as its look-up tells it: a correction names what it cancels (its
    code in `refs`), a confirmed entry a correction cancelled (among `cancelled`) says so rather than
    “confirmed”, and a lone treasurer's own the officers confirm (`by_officers`) says so (`own_status`)."""
    if c.reverses_id is not None:
        return t("Correction cancelling {ref}").format(ref=refs[c.reverses_id])
    if c.status == "confirmed" and c.id in cancelled:
        return status_label(t, "corrected", commune=commune)
    return own_status(t, c, commune=commune, by_officers=by_officers)


@flow.answer("gifts")
async def picked_gift(turn: Turn) -> None:
    if turn.choice is None and turn.text.strip():  # another code or name typed: looked up as asked
        await got_ref(turn)
        return
    contribution_id = picked_id(turn, "c")
    contribution = await turn.session.get(Contribution, contribution_id) if contribution_id else None
    if contribution is None or not may_look_up_contribution(await actor_of(turn), contribution):
        turn.goto("ledger", "ask", keep_data=False)
        return
    turn.set(contribution_id=contribution.id)
    turn.goto("ledger", "show")


async def _meant(
    turn: Turn, actor: Actor | None, typed: str, prefix: str
) -> tuple[str, Contribution | None] | None:
    """The code `typed` names, with its entry as read (None: no such entry): whole (“CT-2026-000001”,
    “2026-1”), or shorter (`typed_refs`: “ct1”, “CT-000001”, “000001”), this year's, else last year's,
    whichever of them the reader may open (her own, or one she looks after), else this year's, which then
    reads as any code typed whole: what the public page tells of it, or “not found”, never more (decision
    1802). None: no code. Each code read once: the look-up goes on with the entry read here."""
    refs = typed_refs(typed, prefix, turn.today.year)
    if not refs:
        whole = normalise_ref(typed, prefix)
        refs = [whole] if whole else []
    first: tuple[str, Contribution | None] | None = None
    for ref in refs:
        found = await turn.session.scalar(select(Contribution).where(Contribution.ref == ref))
        if found is not None and (
            found.person_id == (actor.person_id if actor else None) or may_look_up_contribution(actor, found)
        ):
            return ref, found
        first = first or (ref, found)
    return first


async def _look_up(turn: Turn, typed: str) -> bool:
    """The contribution of the code `typed`, shown (True) or why not said (False: the question stays)."""
    actor = await actor_of(turn)
    prefix = await own_letters(turn)  # "2026-12": one's own
    example = code_example(prefix, turn.today.year)
    ref, found = await _meant(turn, actor, typed, prefix) or (None, None)
    contribution = found if found is not None and may_look_up_contribution(actor, found) else None
    if contribution is None and ref and actor is not None:
        if found is not None and found.person_id == actor.person_id:
            contribution = found  # one's own entry, in full
        elif (
            found is not None
            and may_hear_it_stands(actor, found)
            and (
                checked := await confirmed_in(turn.session, ref, prefix, Contribution.org_id == found.org_id)
            ).state
            in ("confirmed", "corrected", "cancelled")
        ):
            # What the public page tells anyone of the code, never more (a finding from outside: the chat
            # said "not found" of a corrected code the page named with the code standing for it).
            confirmed = turn.t("{ref}: confirmed.").format(ref=ref)
            words = code_check_words(turn.t, checked, example=example)[0]
            turn.say(confirmed if checked.state == "confirmed" else words)
            return False
        else:
            turn.say(
                turn.t("{ref}: not found. Check the code, for example: {example}.").format(
                    ref=ref, example=example
                )
            )
            return False
    if contribution is None:
        turn.say(turn.t("Not found. Check the code, for example: {example}.").format(example=example))
        return False
    turn.set(contribution_id=contribution.id)
    turn.goto("ledger", "show")
    return True


async def _contribution(turn: Turn) -> Contribution:
    return await turn.session.get_one(Contribution, turn.data["contribution_id"])


@flow.prompt("show")
async def show(turn: Turn) -> None:
    actor, c = await actor_of(turn), await _contribution(turn)
    staff = may_look_up_contribution(actor, c)
    if not staff and (actor is None or actor.person_id != c.person_id):  # a role taken away meanwhile
        go_home(turn)
        return
    giver = await turn.session.get_one(Person, c.person_id)
    seen(turn, [(c.id, giver.id)])  # whose it reads as: moved by another before her press, said (1539)
    unit = await turn.session.get(Unit, c.unit_id) if c.unit_id else None
    drive = await turn.session.get(Drive, c.drive_id) if c.drive_id else None
    lines = [
        f"{c.ref} · {turn.t.datetime(c.created_at)}",
        turn.t("• From: {name}{unit}").format(
            name=giver_name(turn.t, giver.full_name), unit=f" ({unit.name})" if unit else ""
        ),
    ]
    if giver.kind == "donor":  # from outside the organisation: as the statement will name them (0083)
        shown = giver.full_name if giver.public_name else anonymous(turn.t.locale)
        outside = turn.t("• A donor outside the organisation; the public statement shows: {name}")
        lines.append(outside.format(name=shown))
    if c.recorded_by != c.person_id and c.reverses_id is None:  # an officer took it for a household
        recorder = await turn.session.get_one(Person, c.recorded_by)
        lines.append(turn.t("• Recorded by: {name}").format(name=recorder.full_name))
    lines += [
        turn.t("• Drive: {drive}").format(drive=drive_title(turn.t, drive)),
        turn.t("• {kind}: {what}").format(
            kind=kind_label(turn.t, c.kind),
            what=with_day_worked(
                turn.t, describe(turn.t, c.kind, c.amount_vnd, c.labour_days, c.description), c.worked_on
            ),
        ),
    ]
    if c.note:
        lines.append(turn.t("• Note: {note}").format(note=c.note))
    commune = await in_commune(turn)  # read once: the status and the refusals below name her officers
    by_officers = await officer_confirms_it(turn.session, c)  # read once: the status and the refusal below
    status = own_status(turn.t, c, commune=commune, by_officers=by_officers)
    lines.append(turn.t("• Status: {status}").format(status=status))
    waiting = c.status == "recorded" and staff  # the giver is not told of others' gifts
    closed = closed_year_line(turn.t, c.ref, c.year, turn.today) if waiting else None
    look_drawn(turn, [c.year] if waiting else [])  # its Yes checked (decision 1246)
    if closed is not None:  # its year reported: it counts for this one once confirmed (decision 1218)
        lines.append(f"• {closed}")
    elif waiting and (sent := _said_sent(c, giver)) is not None:
        lines.append(  # the receipt's day checked against it; one of the new year turned down (decision 1094)
            turn.t(
                "• The recorder said it was sent in {year}: please check the day on the receipt. If the "
                "receipt is dated {now}, choose “{reject}” and give the reason, so that the recorder records "
                "it again for {now}."
            ).format(year=sent, now=local_date(c.created_at).year, reject=turn.t("Not received"))
        )
    # what this gift may double, said while it waits: right over the press that confirms it, when the reader
    # may (the photos come between), else here (decision 0200)
    doubles = (await possible_doubles(turn.session, actor, [c.id])).get(c.id, ()) if waiting else ()
    double = possible_double(turn.t, c.ref, doubles)
    # whether the reader may decide it, asked once for the screen: the line above and the choices below; with
    # whether she typed it before it was moved, which the move's button asks too (decisions 1510, 1512)
    typed = await typed_and_moved(turn.session, actor) if c.status == "recorded" else frozenset()
    refusal = await decide_refusal_of(turn.session, actor, c, typed=typed) if c.status == "recorded" else None
    if double and refusal is not None:
        lines.append(double)
    # a figure far from the giver's others, for her to decide on only: as her page marks it (decision 1648)
    far = await far_from_the_others(turn.session, actor, [c.id]) if waiting and refusal is None else {}
    if usual := far.get(c.id):
        lines.append(f"• {far_mark(turn.t, c.amount_vnd, usual)}")
    if c.reason and c.recorded_figure is not None:  # why what arrived differs, as she typed it (2408)
        lines.append(turn.t("• The treasurer's note: {note}").format(note=c.reason))
    elif c.reason:
        lines.append(turn.t("• Reason: {reason}").format(reason=c.reason))
    if c.recorded_figure is not None:  # confirmed at what arrived; what was recorded, by whom and when (0208)
        recorder = await turn.session.get_one(Person, c.recorded_by)
        lines.append(
            turn.t(
                "• Recorded as {recorded} ({name}, {when}); the treasurer confirmed {received} arrived."
            ).format(
                recorded=_figure(turn.t, c, c.recorded_figure),
                name=recorder.full_name,
                when=turn.t.datetime(c.created_at),
                received=_figure(turn.t, c, figure_of(c)),
            )
        )
    if c.reverses_id is not None:
        original = await turn.session.get_one(Contribution, c.reverses_id)
        lines.append(turn.t("• A correction cancelling {ref}").format(ref=original.ref))
    if c.replaces_id is not None:
        replaced = await turn.session.get_one(Contribution, c.replaces_id)
        lines.append(turn.t("• The corrected figure of {ref}").format(ref=replaced.ref))
    reversal = await reversal_of(turn.session, c.id)
    if reversal is not None:
        lines.append(
            turn.t("• Cancelled by the correction {ref}: {reason}").format(
                ref=reversal.ref, reason=reversal.reason
            )
        )
        replacement = await turn.session.scalar(select(Contribution).where(Contribution.replaces_id == c.id))
        if replacement is not None:
            lines.append(turn.t("• Replaced by {ref}").format(ref=replacement.ref))
    evidence = await evidence_of(turn.session, c.id)
    if not evidence:
        lines.append(turn.t("• No evidence photo."))
    elif not turn.inbound.shows_photos:  # a line, not a message per photo that cannot be shown (0432)
        photos = turn.t.plural("• Evidence: {n} photo", "• Evidence: {n} photos", len(evidence)) + " 📷"
        lines += [photos.format(n=turn.t.number(len(evidence))), photos_elsewhere(turn)]
    turn.say("\n".join(lines))
    for item in evidence if turn.inbound.shows_photos else ():
        turn.show_photo(item.path, turn.t("Evidence for {ref}").format(ref=c.ref))
    question = turn.t("What next?")
    if c.status == "recorded" and not evidence and actor is not None and actor.person_id == c.person_id:
        await how_to_transfer(turn, c)  # the giver looking for where to send it, again
    choices = []
    if c.status == "recorded":
        if refusal is None:
            choices = [
                Choice(
                    CONFIRM, _confirm_label(turn.t, c.kind), keywords=("xac nhan", "xn", "da nhan", "confirm")
                ),
                # what arrived differs from what was recorded: confirmed at that figure (decision 0208)
                Choice(
                    OTHER,
                    turn.t("Received a different figure"),
                    keywords=OTHER_FIGURE_WORDS,
                ),
                Choice(
                    REJECT,
                    turn.t("Not worked, not counted") if c.kind == "labour" else turn.t("Not received"),
                    keywords=("chua nhan", "khong nhan", "reject"),
                ),
            ]
            # another's envelope (1434): the domain's one answer, donor and typist included (1512)
            if may_move_contribution(actor, c, giver_kind=giver.kind, typed_it=c.id in typed):
                choices.append(
                    Choice(
                        MOVE,
                        turn.t("Recorded under the wrong person: move it"),
                        keywords=MOVE_WORDS,
                    )
                )
            if unpriced(c.kind, c.amount_vnd):  # “100 USD”, “1 chỉ vàng”: its đồng asked here (0701)
                question = "{}\n{}".format(
                    turn.t(
                        "To write what it came to in đồng (the bank's credit, the gold's price that day), "
                        "type it, for example: 2.5m, or choose “{other}”; “{confirm}” leaves its value not "
                        "known."
                    ).format(
                        other=turn.t("Received a different figure"), confirm=_confirm_label(turn.t, c.kind)
                    ),
                    question,
                )
            if double:
                question = f"{double}\n{question}"
        elif refusal == "own_contribution" and staff:
            turn.say(_not_yours(turn, commune, by_officers=by_officers))
        elif refusal == "own_case":
            turn.say(for_your_own_case(turn.t))
        if giver.kind == "donor" and may_thank_for(actor, c):  # where the letter will be (decision 0086)
            officers = officers_title(turn.t, commune=commune)
            turn.say(_thanks_refusal(turn.t, "waiting", officers).format(ref=c.ref))
        if may_withdraw_contribution(actor, c):  # a change of mind, a gift typed twice
            choices.append(Choice(WITHDRAW, turn.t("Withdraw it"), keywords=("rut lai", "withdraw")))
        elif (
            actor is not None and actor.person_id == c.person_id and c.recorded_by not in (None, c.person_id)
        ):
            recorder = await turn.session.get_one(Person, c.recorded_by)  # they hold it (decision 0100)
            turn.say(
                turn.t(
                    "{name} recorded this for you and answers for it to the treasurer: to withdraw it, "
                    "please ask {name}."
                ).format(name=recorder.full_name)
            )
    elif c.status == "confirmed" and c.reverses_id is None and reversal is None and staff:
        refusal = await reverse_refusal_of(turn.session, actor, c)
        if refusal is None:  # whoever may reverse it may correct its figure in one step (decision 0070)
            choices = [
                Choice(CORRECT, _correct_label(turn.t, c.kind), keywords=("sua", "sua so", "correct")),
                Choice(REVERSE, turn.t("Cancel it with a correction"), keywords=("huy", "dieu chinh")),
            ]
        elif vouched_labour(c) and may_withdraw_contribution(actor, c):  # a day she vouched for (0406)
            choices = [Choice(WITHDRAW, turn.t("Withdraw it"), keywords=("rut lai", "withdraw"))]
        elif refusal in ("own_case", "own_contribution", "own_confirmation"):
            # a treasurer's own (decisions 2622, 2627), what an officer recorded for a household (decision
            # 2712), or what she confirmed: who else corrects it, or that nobody else may (2767, 2827), as a
            # press refused says
            turn.say(await _own_refusal_said(turn, c, refusal))
        if giver.kind == "donor" and may_thank_for(actor, c):  # decision 0086
            choices.append(
                Choice(THANKS, turn.t("Thank-you letter (Word)"), keywords=("thu cam on", "thanks"))
            )
    elif vouched_labour(c) and reversal is None and actor is not None and actor.person_id == c.person_id:
        recorder = await turn.session.get_one(Person, c.recorded_by)  # she vouched for it (decision 0406)
        turn.say(
            turn.t(
                "{name} recorded and confirmed these labour days for you, as the one who organised the day: "
                "if you did not work that day, choose “I did not work that day”."
            ).format(name=recorder.full_name)
        )
        # his word, not only hers: she alone vouched for it (decision 0424)
        said = ("khong tham gia", "rut lai", "withdraw")
        choices = [Choice(WITHDRAW, _did_not_work(turn.t), keywords=said)]
    elif (
        c.status == "confirmed"
        and c.reverses_id is None
        and reversal is None
        and actor is not None
        and actor.person_id == c.person_id
    ):
        # The giver who changed their mind once the treasurer confirmed: whom to ask (found from outside).
        turn.say(
            turn.t(
                "A treasurer has confirmed this gift, so you cannot change or withdraw it yourself: if it is"
                " wrong, please tell your treasurer, who records a correction."
            )
        )
    # A main-menu entry's whole name typed here starts it, as at the main menu ("my progress").
    turn.menu(question, [*choices, back_choice(turn.t)], entries=True)


def _said_sent(c: Contribution, giver: Person) -> int | None:
    """The year just ended `c` was said sent in at its last look, with its receipt (1006), else None."""
    return said_sent_in(c, donor=giver.kind == "donor")


@flow.answer("show")
async def decided(turn: Turn) -> None:
    if turn.choice is None and (back := turn.data.get("queue")) is not None:  # opened from her page (1633)
        from handlers.queue import open_typed_code  # that module leads here: imported when used

        read = await open_typed_code(turn, back)
        if read is False:  # not hers to decide: said, and this gift again
            turn.goto("ledger", "show")
        if read is not None:
            return
    # the next code to check, as at the main menu
    if await typed_own_code(turn):
        turn.goto("ledger", "typed", keep_data=False)
        return
    if turn.choice is None and await _received_typed(turn):
        return
    if turn.choice is None and await entry_typed(turn, by_number=False):
        return
    if turn.choice is None:  # named no option here nor an entry of the main menu
        turn.not_an_option()
    elif turn.choice == CONFIRM and (closed := closed_since_look(turn)) is not None:
        turn.say(closed)  # drawn on 31 March, it now counts for this year: looked at again (decision 1246)
        turn.goto("ledger", "show")
    elif turn.choice == CONFIRM:
        await _decide(turn, confirmed=True, reason=None)
    elif turn.choice == REJECT:
        turn.goto("ledger", "reason")
    elif turn.choice == OTHER:
        turn.goto("ledger", "other")
    elif turn.choice == MOVE:  # another flow: the entry carried over to it
        gift = turn.data["contribution_id"]
        turn.goto("move", "ask")
        turn.set(contribution_id=gift)
    elif turn.choice in (REVERSE, CORRECT) and (refusal := await _correction_refused(turn)) is not None:
        turn.say(await _refusal_said(turn, refusal))  # before the figure or the reason is asked
        go_home(turn)
    elif turn.choice == REVERSE:
        turn.goto("ledger", "reverse")
    elif turn.choice == CORRECT:
        turn.goto("ledger", "correct")
    elif turn.choice == WITHDRAW:
        turn.goto("ledger", "withdraw")
    elif turn.choice == THANKS:
        await _thanks(turn)
    else:  # Back: the queue's page it was opened from by its code (decision 1602), else the main menu
        leave_entry(turn)


async def _correction_refused(turn: Turn) -> str | None:
    """Why the writer may no longer correct the entry on screen (the rule asked again at the press, as the
    screen asked it when drawn: a role may have been taken away since), or None."""
    actor, c = await actor_of(turn), await _contribution(turn)
    return await reverse_refusal_of(turn.session, actor, c)


async def _thanks(turn: Turn) -> None:
    """The thank-you letter for a donor's confirmed gift, handed over as a Word file (decision 0086); a gift
    decided otherwise meanwhile, or a role taken away, is said instead."""
    c = await _contribution(turn)
    try:
        letter = await letter_for(turn.session, await actor_of(turn), c, now=turn.now)
    except ThanksError as refused:
        turn.say(_thanks_refusal(turn.t, refused.reason, await officers_named(turn)).format(ref=c.ref))
        go_home(turn)
        return
    file_name = f"thu-cam-on-{c.ref.lower()}.docx"
    kept = kept_file(turn, "documents", file_name)
    await asyncio.to_thread(
        write_thanks, letter, turn.settings.media_dir / kept, locale=PAPER_LOCALE, on=turn.today
    )
    fallback = no_file_here(turn, file_name, f"chungtay contributions thanks {c.ref} --docx FILE")
    what = describe(turn.t, c.kind, c.amount_vnd, c.labour_days, c.description)
    summary = turn.t(
        "The thank-you letter to {donor} for {ref} ({what}). Please fill in the place and the signer's name, "
        "then sign and stamp it."
    ).format(donor=donor_text(turn.t, letter), ref=c.ref, what=what)
    turn.hand_over(Document(kept, file_name, fallback), summary)
    go_home(turn)


def _thanks_refusal(t: Translator, reason: str, officers: str) -> str:
    return {
        "waiting": t(
            "{ref} has not been confirmed by a treasurer yet. The letter thanks for what was received, so it "
            "can be drawn up once a treasurer confirms it."
        ),
        "rejected": t("{ref} was not received, a treasurer said: there is no gift to thank for."),
        "cancelled": t("{ref} was cancelled by a correction: draw up the letter for the entry that stands."),
        "not_donor": t(
            "A thank-you letter is for a donor outside the organisation; the organisation's own people are "
            "thanked at their meetings and in the year's report."
        ),
    }.get(
        reason,
        t("Only a treasurer or {officers} of this unit can draw up the thank-you letter.").format(
            officers=officers
        ),
    )


def _did_not_work(t: Translator) -> str:
    return t("I did not work that day")


@flow.prompt("withdraw")
async def ask_withdraw(turn: Turn) -> None:
    c = await _contribution(turn)
    what = describe(turn.t, c.kind, c.amount_vnd, c.labour_days, c.description)
    actor = await actor_of(turn)
    if vouched_labour(c) and actor is not None and actor.person_id == c.person_id:  # decision 0424
        recorder = await turn.session.get_one(Person, c.recorded_by)
        question = turn.t(
            "You did not work that day? {ref} ({what}) will no longer count, and {name} will be told. It "
            "stays on record as withdrawn."
        ).format(ref=c.ref, what=what, name=recorder.full_name)
        confirm_menu(turn, question)
        return
    question = (
        turn.t(
            "Withdraw {ref} ({what})? It will no longer count, and its giver will be told. It stays on "
            "record as withdrawn."
        )
        if vouched_labour(c)
        else turn.t(
            "Withdraw {ref} ({what})? The treasurer will not be asked to confirm it, and it will not count. "
            "It stays on record as withdrawn."
        )
    )
    confirm_menu(turn, question.format(ref=c.ref, what=what))


@flow.answer("withdraw")
async def withdraw_confirmed(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        go_home(turn)
        return
    c = await _contribution(turn)
    actor = await actor_of(turn)
    try:
        await withdraw(turn.session, c, actor=actor, now=turn.now, settings=turn.settings)
    except LedgerError:  # a treasurer decided it meanwhile (or the role that allowed it went)
        if actor is not None and actor.person_id not in (c.person_id, c.recorded_by):  # moved (1494)
            turn.say(
                turn.t(
                    "{ref} is no longer under your name: a treasurer put it in the name of the person whose "
                    "gift it was. Nothing was changed."
                ).format(ref=c.ref)
            )
            go_home(turn)
            return
        turn.say(
            turn.t("{ref} can no longer be withdrawn: it is {status}.").format(
                ref=c.ref, status=entry_status(turn.t, c, commune=await in_commune(turn))
            )
        )
        go_home(turn)
        return
    turn.say(turn.t("{ref} is withdrawn. Nothing of it counts any more.").format(ref=c.ref), keep=True)
    go_home(turn)


@flow.prompt("reason")
async def ask_reason(turn: Turn) -> None:
    if (await _contribution(turn)).kind == "labour":  # not worked, not “not received” (decision 0442)
        ask_typed(turn, turn.t("Why do these days not count? For example: did not take part in the day."))
        return
    ask_typed(turn, turn.t("Why was it not received? For example: no transfer found on the account."))


@flow.answer("reason")
async def got_reason(turn: Turn) -> None:
    if turn.choice == BACK_ID:  # one step back: the entry, nothing decided
        turn.goto("ledger", "show")
        return
    reason = reason_text(turn)
    if reason is not None:
        await _decide(turn, confirmed=False, reason=reason)


@flow.prompt("other")
async def ask_received(turn: Turn) -> None:
    """“Nhận số khác”: what arrived, of the entry's kind (decision 0208)."""
    c = await _contribution(turn)
    recorded = _figure(turn.t, c, figure_of(c))
    if c.kind == "labour":
        question = turn.t("{ref} was recorded as {recorded}. How many labour days were done? For example: 2.")
    elif c.kind == "goods":
        question = turn.t("{ref} was recorded as {what}. What is what arrived worth? For example: 150k.")
    else:
        question = turn.t(
            "{ref} was recorded as {recorded}. How much arrived? For example: 300000, 300k or 1tr2."
        )
    what = describe(turn.t, c.kind, c.amount_vnd, c.labour_days, c.description)
    question = question.format(ref=c.ref, recorded=recorded, what=what)
    if c.kind != "labour":  # why it differs, kept with the figure as her note (decision 2408)
        why = turn.t("You may add why after the figure, for example: 300k, Hoa hands in the rest on Friday.")
        question = f"{question}\n{why}"
    ask_number(turn, question)


def note_beside(text: str, figure: str) -> str | None:
    """The words typed beside what arrived (`figure`, the words holding it as `amount_words` read them):
    “300k, chị Hoa nộp nốt phần còn lại sau” keeps “chị Hoa nộp nốt phần còn lại sau”, the treasurer's note of
    why the figure differs (decision 2408); None where nothing but the figure was typed, or where the figure
    was not told apart from other words (the whole message read as the amount)."""
    if figure == text or figure not in text:
        return None
    before, _, after = text.partition(figure)
    note = nfc(" ".join(f"{before} {after}".split())).strip(" ,.;:-–()")
    keys = [match_key(word) for word in note.split()]
    # “300k chứ không phải 500k”, “300k, sorry for the wait”: the figure put right, an apology, no why
    if any(keys[: len(said)] == said for said in _NO_NOTE):
        return None
    return note or None


def figure_and_note(text: str) -> tuple[str, str] | None:
    """“300k, chị Hoa nộp nốt 200k”: the figure alone before the first comma, as the question's example types
    it, and her note of why after it, though the note holds an amount of its own (decision 2509); it was
    “Chưa đọc được số tiền” and her words lost. None for anything else, a note with no amount in it too (read
    as before, `note_beside`), and where the words after the comma own a slip or put the figure right (“200k,
    à nhầm 300k”, “200k, lộn 300k”, “300k, không phải 500k”: `put_right`, the gift's steps' words, decision
    2563): two amounts not so parted are asked which or read as neither, as before (decisions 1050, 1441).
    Without the comma, where the word after the figure names who or opens why (`_figure_before_whom`,
    decisions 2614, 2618)."""
    head, comma, rest = text.partition(",")
    figure = " ".join(head.split()) if comma else _figure_before_whom(text)
    if figure is None or not any(ch.isdigit() for ch in (rest if comma else text.strip()[len(figure) :])):
        return None
    if typed_amount(figure) != figure:
        return None
    note = note_beside(text, figure)
    if note is None or put_right(note) is not None:  # one list of slips, the gift's steps' (decision 2563)
        return None
    return figure, note


# Words that open why after a figure typed without a comma (“300k vì còn thiếu 200k”), compared without their
# marks: the rest is a note, not a second figure (decision 2618).
_OPENS_WHY = frozenset(("vi", "do", "tai", "con", "de", "boi", "because"))


def _figure_before_whom(text: str) -> str | None:
    """“300k chị Hoa nộp nốt 200k”, typed without the comma: the amount the message begins with, where the
    word after it names who (a word of address, `ADDRESS`: “chị”, “anh”, “đ/c” …), so that the rest is her
    note of whom the money waits for, not a second figure (decision 2614), or opens why (`_OPENS_WHY`: “300k
    vì còn thiếu 200k”, decision 2618); None for anything else, a slip (“200k lộn 300k”, “200k vì lộn 300k”)
    or an amount taken off (“500k trừ 50k phí”) among them, read as before."""
    words = text.split()
    for n in range(min(len(words) - 1, AMOUNT_WORDS), 0, -1):
        figure, opener = " ".join(words[:n]), match_key(words[n]).strip(",:;-.")
        if typed_amount(figure) != figure:
            continue
        if opener in ADDRESS or (opener in _OPENS_WHY and put_right(" ".join(words[n + 1 :])) is None):
            return figure
    return None


# How words after what arrived begin that say no why: the figure put right, an apology (decisions 1131, 1163).
_NO_NOTE = tuple(
    [match_key(word) for word in said.split()]
    for said in ("chứ không phải", "không phải", "not", "sorry", "xin lỗi", "sr", "sry")
)


async def _received_typed(turn: Turn) -> bool:
    """An amount typed over a money gift or goods the reader may confirm, meaning what arrived: “Nhận số khác”
    with that figure, straight to its last look (True); the figure recorded is taken for “Xác nhận” asked, and
    the look-up is shown again with why. False for anything else."""
    c = await _contribution(turn)
    typed = typed_amount(turn.text) if c.kind != "labour" and c.status == "recorded" else None
    if typed is None or await decide_refusal_of(turn.session, await actor_of(turn), c) is not None:
        return False
    figure = read_money(turn, cap=turn.settings.money_cap, text=typed)
    if figure is not None:  # else why said, with an example; the look-up's question stays
        _arrived(turn, c, figure)
    return True


def _arrived(turn: Turn, c: Contribution, figure: int, note: str | None = None) -> None:
    """`figure` typed as what arrived of `c`, with the treasurer's `note` of why (decision 2408): to the last
    look of “Nhận số khác”, unless it is the figure recorded, which is said (the question on screen stays)."""
    if figure == figure_of(c):
        turn.say(
            turn.t(
                "That is the figure recorded ({recorded}): to confirm it as it is, go back and choose"
                " “{confirm}”. Or type the true figure."
            ).format(recorded=_figure(turn.t, c, figure), confirm=_confirm_label(turn.t, c.kind))
        )
        return
    turn.set(figure=figure, note=note)
    turn.goto("ledger", "other_confirm")


def leave_entry(turn: Turn, *, decided: bool = False) -> None:
    """Where a decision on the entry ends: the page of the queue it was opened from (“Nhận số khác” there, a
    code typed), with the next entries to confirm and what she had ticked, less the entry if it was
    `decided` (decision 1633); else the main menu."""
    back = turn.data.get("queue")
    if not back:
        go_home(turn)
        return
    entry = turn.data.get("contribution_id")
    selected = [e for e in back.get("selected", []) if not (decided and e == entry)]
    read_here = turn.data.get(SEEN) or {}  # the look-up showed whose it is now: what she read last counts
    givers = {e: read_here.get(e, giver) for e, giver in (back.get(SEEN) or {}).items() if int(e) in selected}
    turn.goto("queue", "list")
    turn.set(drive_id=back["drive_id"], page=back["page"], selected=selected, shown=[], **{SEEN: givers})


def _back_to_the_entry(turn: Turn) -> None:
    """One step back from “Nhận số khác”, nothing decided: the entry's look-up, or the queue's page."""
    if turn.data.get("queue"):
        leave_entry(turn)
    else:
        turn.goto("ledger", "show")


@flow.answer("other")
async def got_received(turn: Turn) -> None:
    if turn.choice == BACK_ID:  # one step back: the entry, nothing decided
        _back_to_the_entry(turn)
        return
    c = await _contribution(turn)
    if c.kind != "labour" and _which_arrived_asked(turn):
        return
    parted = figure_and_note(turn.text or "") if c.kind != "labour" else None
    if c.kind == "goods" and parted is None:  # “2 bao gạo, 150k”: the goods first (decision 2617)
        parted = _goods_then_worth(turn.text or "", cap=turn.settings.money_cap)
    if parted is not None:
        figure = read_money(turn, cap=turn.settings.money_cap, text=parted[0])
        if figure is not None and not too_long(turn, parted[1], REASON_MOST):
            turn.set(which=None)
            _arrived(turn, c, figure, parted[1])
        return
    if c.kind == "goods" and _goods_typed(turn.text or "", cap=turn.settings.money_cap):
        turn.say(  # the goods themselves (“2 bao gạo”): their worth asked, nothing decided (decision 2615)
            turn.t(
                "Here, type the value of the goods that arrived, for example: 150k. To name the goods too, "
                "type them after a comma, for example: 150k, 2 bags of rice."
            )
        )
        return
    figure = await _figure_typed(turn, c)
    if figure is not None:
        typed = (turn.text or "").strip()
        note = note_beside(typed, amount_words(typed)) if c.kind != "labour" else None
        if note is not None and too_long(turn, note, REASON_MOST):  # the question again, nothing kept (2460)
            return
        turn.set(which=None)
        _arrived(turn, c, figure, note)


def _goods_typed(text: str, *, cap: int) -> bool:
    """Whether what was typed over goods at “Nhận số khác” names things, not money: words read as no amount,
    and no amount among them (“2 bao gạo”, “150k 2 bao gạo”); “năm trăm nghìn”, “150000” or “200k lộn 300k”
    are read as money, as before (decision 2615)."""
    try:
        parse_vnd(amount_words(text), cap=cap)
    except MoneyError as problem:
        return problem.reason == "garbage" and typed_amount(text) is None
    return False


def _goods_then_worth(text: str, *, cap: int) -> tuple[str, str] | None:
    """“2 bao gạo, 150k” typed over goods at “Nhận số khác”: the goods before the last comma, named with no
    amount (`_goods_typed`), and their worth alone after it; the worth as the figure, the goods her note, as
    “150k, 2 bao gạo” reads (decisions 2509, 2615, 2617); the worth first and goods with no number after it
    (“150k, bao gạo nếp”), which `figure_and_note` leaves, likewise (decision 2672). None for anything else,
    read as before."""
    goods_first, _, worth_last = text.rpartition(",")
    worth_first, _, goods_last = text.partition(",")
    if "," not in text:
        return None
    for worth, goods in ((worth_last, goods_first), (worth_first, goods_last)):
        figure, goods = " ".join(worth.split()), goods.strip()
        if goods and typed_amount(figure) == figure and _goods_typed(goods, cap=cap):
            return figure, goods
    return None


def _which_arrived_asked(turn: Turn) -> bool:
    """“200k hay 300k” (or “200k cho quỹ 300k”) typed as what arrived: which, asked with both, as a gift typed
    so is asked (`two_amounts`), nothing decided; it was “Chưa đọc được số tiền”. The answer may name one by
    its place (“cái sau”) or its figure (“300”), read as that amount typed (decision 1441)."""
    which = turn.data.get("which") or []
    if (picked := one_of_two_named(which, turn.text or "")) != turn.text:
        turn.inbound = replace(turn.inbound, text=picked)  # “cái sau”: the second, typed
        return False
    if number := digit_naming_neither(which, turn.text or ""):  # “1”: neither, the two asked again (1482)
        neither_named(turn, number, which)
        turn.repeat_menu()
        return True
    if not which_amount_asked(turn, turn.text or ""):
        return False
    turn.repeat_menu()
    return True


async def _figure_typed(turn: Turn, c: Contribution) -> int | None:
    """The figure typed for `c`, what arrived or the right one: labour days a week's at most where the writer
    would confirm them as the day's organiser, not as a treasurer (decisions 0442, 0457)."""
    if c.kind != "labour":  # “300k thôi”, “300k tiền mặt”: as the gift's amount reads it (decision 0999)
        return read_money(turn, cap=turn.settings.money_cap, text=amount_words(turn.text or ""))
    organiser = confirmed_as_organiser(await actor_of(turn), c)
    return read_labour_days(turn, most=VOUCHED_MOST_DAYS if organiser else None)


@flow.prompt("other_confirm")
async def ask_received_confirm(turn: Turn) -> None:
    """The last look: both figures, the giver's notice, and a possible double said again (decision 0200),
    and the figure typed far from the giver's others, as her page marks a gift (decision 1732)."""
    actor, c = await actor_of(turn), await _contribution(turn)
    figure = turn.data["figure"]
    if unpriced(c.kind, figure_of(c)):  # goods nobody valued: no “not the value not known” (decision 2616)
        question = turn.t(
            "Confirm {ref} at {received} (no value was given when it was recorded)?\n"
            "{received} is what counts; the giver will be told. It cannot be undone."
        ).format(ref=c.ref, received=_figure(turn.t, c, figure))
    else:
        question = turn.t(
            "Confirm {ref} at {received}, not the {recorded} recorded?\n"
            "{received} is what counts; the giver will be told both figures. It cannot be undone."
        ).format(ref=c.ref, received=_figure(turn.t, c, figure), recorded=_figure(turn.t, c, figure_of(c)))
    marks = await received_marks(turn, actor, c.id, c.ref, figure)
    if note := turn.data.get("note"):  # why it differs, as she typed it: kept on the entry (decision 2408)
        marks.append(turn.t("• Note: {note}").format(note=note))
    confirm_menu(turn, "\n".join([*marks, question]))


@flow.answer("other_confirm")
async def received_confirmed(turn: Turn) -> None:
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        _back_to_the_entry(turn)
        return
    await _decide(turn, confirmed=True, reason=turn.data.get("note"), received=turn.data["figure"])


@flow.prompt("reverse")
async def ask_reverse_reason(turn: Turn) -> None:
    ask_typed(
        turn,
        turn.t(
            "A confirmed contribution is never edited: a correction cancels it, and the giver sees both. "
            "Why cancel it? For example: the amount was typed wrong, the right one is 500k."
        ),
    )


@flow.answer("reverse")
async def got_reverse_reason(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("ledger", "show")
    else:
        _took_reason(turn, then="reverse_confirm")


def _took_reason(turn: Turn, *, then: str) -> None:
    """A correction's reason, kept for its last look (the giver reads it)."""
    reason = reason_text(turn)
    if reason is not None:
        turn.set(reason=reason)
        turn.goto("ledger", then)


@flow.prompt("reverse_confirm")
async def ask_reverse_confirm(turn: Turn) -> None:
    """A correction cannot be taken back and the giver is told at once: one last look before it is written."""
    c = await _contribution(turn)
    what = describe(turn.t, c.kind, c.amount_vnd, c.labour_days, c.description)
    question = turn.t(
        "Cancel {ref} ({what}) with a correction?\nReason: {reason}\n"
        "The giver will be told, and a correction cannot be undone."
    ).format(ref=c.ref, what=what, reason=turn.data["reason"])
    closed = closed_year_correction(turn.t, c.year, turn.today)
    look_drawn(turn, [c.year])  # its Yes checked against the year's closing (decision 1246)
    confirm_menu(turn, question + closed + await _shortfall_warning(turn, c, figure_of(c)))


@flow.answer("reverse_confirm")
async def reverse_confirmed(turn: Turn) -> None:
    c = await _contribution(turn)
    entry = await _corrected(
        turn,
        lambda actor: reverse(
            turn.session, c, actor=actor, reason=turn.data["reason"], now=turn.now, settings=turn.settings
        ),
    )
    if entry is None:
        return
    what = describe(turn.t, entry.kind, entry.amount_vnd, entry.labour_days, entry.description)
    done = turn.t("{ref} is cancelled by the correction {new_ref} ({what}).").format(
        ref=c.ref, new_ref=entry.ref, what=what
    )
    heard = heard_line(turn.t, await who_hears(turn.session, c), held=held_till(turn.now, turn.settings))
    turn.say(f"{done} {heard}", keep=True)
    go_home(turn)


def _correct_label(t: Translator, kind: str) -> str:
    return {
        "money": t("Correct the amount"),
        "goods": t("Correct the value"),
        "labour": t("Correct the labour days"),
    }[kind]


def _figure(t: Translator, c: Contribution, figure: int) -> str:
    """A figure of `c`'s kind as it reads: "50.000 ₫" (money, the value of goods) or "2 ngày công"."""
    return figure_text(t.locale, c.kind, figure)


@flow.prompt("correct")
async def ask_figure(turn: Turn) -> None:
    c = await _contribution(turn)
    now = _figure(turn.t, c, figure_of(c))
    if c.kind == "labour":
        question = turn.t("It reads {now}. How many labour days is right? For example: 2.")
    elif c.kind == "goods":
        question = turn.t("It reads an estimated {now}. What is the right value? For example: 300k.")
    else:
        question = turn.t("It reads {now}. What is the right amount? For example: 50000, 50k or 1tr2.")
    ask_number(turn, question.format(now=now))


@flow.answer("correct")
async def got_figure(turn: Turn) -> None:
    if turn.choice == BACK_ID:  # one step back: the entry, not the menu
        turn.goto("ledger", "show")
        return
    c = await _contribution(turn)
    figure = await _figure_typed(turn, c)
    if figure is None:
        return
    if figure == figure_of(c):
        turn.say(
            turn.t("The new figure is the same as the old one ({now}). Type the right one.").format(
                now=_figure(turn.t, c, figure)
            )
        )
        return
    turn.set(figure=figure)
    turn.goto("ledger", "correct_reason")


@flow.prompt("correct_reason")
async def ask_correct_reason(turn: Turn) -> None:
    c = await _contribution(turn)
    old, new = _figure(turn.t, c, figure_of(c)), _figure(turn.t, c, turn.data["figure"])
    question = turn.t("Why is it corrected? For example: {old} was typed instead of {new}.")
    ask_typed(turn, question.format(old=old, new=new))


@flow.answer("correct_reason")
async def got_correct_reason(turn: Turn) -> None:
    if turn.choice == BACK_ID:  # one step back: the figure, typed again
        turn.goto("ledger", "correct")
    else:
        _took_reason(turn, then="correct_confirm")


@flow.prompt("correct_confirm")
async def ask_correct_confirm(turn: Turn) -> None:
    """The giver is told at once and nothing of it can be undone: one last look before it is written."""
    c = await _contribution(turn)
    question = turn.t(
        "Correct {ref} from {old} to {new}?\nReason: {reason}\n"
        "A correction cancels {ref}, and a new entry with {new}, confirmed by you, takes its place. "
        "The giver will be told, and it cannot be undone."
    ).format(
        ref=c.ref,
        old=_figure(turn.t, c, figure_of(c)),
        new=_figure(turn.t, c, turn.data["figure"]),
        reason=turn.data["reason"],
    )
    closed = closed_year_correction(turn.t, c.year, turn.today)  # booked in this year (decision 1219)
    look_drawn(turn, [c.year])  # its Yes checked against the year's closing (decision 1246)
    confirm_menu(
        turn, question + closed + await _shortfall_warning(turn, c, figure_of(c) - turn.data["figure"])
    )


async def _shortfall_warning(turn: Turn, c: Contribution, less: int) -> str:
    """Below a correction's last look, where taking `less` off `c` would leave its drive (or the Fund) paid
    out beyond what it received: what went out and by how much (decision 0121); "" otherwise."""
    if less <= 0:
        return ""
    short = await shortfall_after(turn.session, c, less, this_year=local_date(turn.now).year)
    return "" if short is None else "\n\n" + shortfall_text(turn.t, short, commune=await in_commune(turn))


@flow.answer("correct_confirm")
async def correct_confirmed(turn: Turn) -> None:
    c = await _contribution(turn)
    done = await _corrected(
        turn,
        lambda actor: correct(
            turn.session,
            c,
            acting=actor,
            figure=turn.data["figure"],
            reason=turn.data["reason"],
            now=turn.now,
            settings=turn.settings,
        ),
    )
    if done is None:
        return
    text = turn.t(
        "{ref} is corrected: the correction {reversal} ({minus}) cancels it and {new_ref} ({new}) takes "
        "its place, confirmed."
    ).format(
        ref=c.ref,
        reversal=done.reversal.ref,
        minus=_figure(turn.t, c, figure_of(done.reversal)),
        new_ref=done.replacement.ref,
        new=_figure(turn.t, c, figure_of(done.replacement)),
    )
    heard = heard_line(turn.t, await who_hears(turn.session, c), held=held_till(turn.now, turn.settings))
    turn.say(f"{text} {heard}", keep=True)
    go_home(turn)


async def _corrected(turn: Turn, write: Callable[[Actor | None], Awaitable[T]]) -> T | None:
    """The last look's answer for a correction: Không changes nothing; Có writes it under the person's roles,
    and a refusal (their own confirmation, a unit they do not cover…) is said and changes nothing."""
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        go_home(turn)
        return None
    if (closed := closed_since_look(turn)) is not None:  # drawn on 31 March, booked now in this year (1246)
        turn.say(closed)
        turn.goto("ledger", turn.state.step)
        return None
    try:
        return await write(await actor_of(turn))
    except LedgerError as refused:
        turn.say(await _refusal_said(turn, refused.reason))
        go_home(turn)
        return None


async def _refusal_said(turn: Turn, reason: str) -> str:
    """Why the turn's entry may not be corrected (`_own_refusal_said`)."""
    return await _own_refusal_said(turn, await _contribution(turn), reason)


async def _own_refusal_said(turn: Turn, c: Contribution, reason: str) -> str:
    """Why `c` may not be corrected by the turn's actor (`_reverse_refusal_text`), the database asked, only of
    one's own, who else may: the officers where they decide it, there being no other treasurer
    (`access.officers_decide_it`, decisions 2542, 2622), or nobody at all (`access.no_one_else_corrects`,
    decision 2767), also of what she confirmed (decision 2827). The look-up and a press refused say the
    same."""
    by_officers = nobody = False
    if reason == "own_contribution":
        by_officers = await officers_decide_it(turn.session, c)
        nobody = not by_officers and await no_one_else_corrects(turn.session, c)
    elif reason == "own_confirmation":
        nobody = await no_one_else_corrects(turn.session, c)
    commune = await in_commune(turn)
    return _reverse_refusal_text(
        turn.t, reason, c.kind, commune=commune, by_officers=by_officers, nobody=nobody
    )


def _reverse_refusal_text(
    t: Translator, reason: str, kind: str, *, commune: bool, by_officers: bool = False, nobody: bool = False
) -> str:
    """Why `kind`'s entry may not be corrected; one still waiting names who decides it (`status_label`), the
    officers named as the organisation names them (`officers_title`); one's own that the officers decide,
    there being no other treasurer (`by_officers`, `access.officers_decide_it`), sends her to them, as the
    shell does (decisions 2542, 2622); one's own, or one she confirmed, that nobody else may correct
    (`nobody`), what to ask for (decisions 2767, 2827); else to whoever else may correct it, a treasurer or an
    officer (`access.reverse_refusal`, decision 2627)."""
    officers = officers_title(t, commune=commune)
    return {
        "own_confirmation": (
            t(
                "You confirmed this contribution, and nobody else here may correct it yet. Please ask the "
                "administrator to make one more person treasurer (in the chat: “Roles”, /phanquyen)."
            )
            if nobody
            else _not_yours_to_correct(t, officers)
        ),
        "own_contribution": (
            t(
                "You gave or recorded this contribution and there is no other treasurer, so the {officers} "
                "correct it, not you."
            ).format(officers=officers)
            if by_officers
            else t(
                "You gave or recorded this contribution, and nobody else here may correct it yet. Please ask "
                "the administrator to make one more person treasurer (in the chat: “Roles”, /phanquyen)."
            )
            if nobody
            else t(  # a correction, not a confirmation: whoever else may (decision 2627)
                "You gave or recorded this contribution, so someone else (a treasurer or {officers}) "
                "corrects it, not you."
            ).format(officers=officers)
        ),
        "own_case": t(
            "This contribution was given for your own hardship case, so another treasurer or {officers} must "
            "correct it, not you."
        ).format(officers=officers),
        "not_allowed": t("Only a treasurer or {officers} of this unit can correct this contribution.").format(
            officers=officers
        ),
        "reversal_of_reversal": t(
            "A correction cannot itself be cancelled. Record the contribution again instead."
        ),
        "already_reversed": t("This contribution was already cancelled by a correction."),
        "waiting": t("This contribution is still {waiting}: there is nothing to correct yet.").format(
            waiting=status_label(t, "recorded", kind=kind, commune=commune)
        ),
        "same_figure": t("The new figure is the same as the old one: nothing was changed."),
        "more_than_a_week": t(
            "As an officer, you may correct a person's labour days to {most} at most; for more, please ask a "
            "treasurer. Nothing was changed."
        ).format(most=t.number(VOUCHED_MOST_DAYS)),
    }.get(reason, t("Only a confirmed contribution can be corrected."))


def _not_yours_to_correct(t: Translator, officers: str) -> str:
    return t("You confirmed it, so another treasurer or {officers} must correct it, not you.").format(
        officers=officers
    )


def _confirm_label(t: Translator, kind: str) -> str:
    """The look-up's press that confirms a waiting entry: labour days were worked, not received (0442)."""
    return t("Confirm: the days were worked") if kind == "labour" else t("Confirm: the money/goods arrived")


def _not_yours_to_confirm(t: Translator) -> str:
    return t("You gave or recorded this contribution, so another treasurer must confirm it, not you.")


def _not_yours(turn: Turn, commune: bool, *, by_officers: bool) -> str:
    """`_not_yours_to_confirm`, or, no other treasurer there (`by_officers`), the officers confirm it
    (decision 2464)."""
    if by_officers:
        return turn.t(
            "You gave or recorded this contribution and there is no other treasurer, so the {officers} "
            "confirm it, not you."
        ).format(officers=officers_title(turn.t, commune=commune))
    return _not_yours_to_confirm(turn.t)


def for_your_own_case(t: Translator) -> str:
    return t(
        "This contribution was given for your own hardship case, so another treasurer must confirm it, "
        "not you."
    )


async def _decide(turn: Turn, *, confirmed: bool, reason: str | None, received: int | None = None) -> None:
    c = await _contribution(turn)
    if may_look_up_contribution(await actor_of(turn), c) and (moved := await moved_since(turn, [c.id])):
        turn.say(moved)  # another treasurer put it in another's name since she read it (decision 1539)
        _back_to_the_entry(turn)
        return
    try:
        heard = await decide(
            turn.session,
            c,
            confirmed=confirmed,
            actor=await actor_of(turn),
            now=turn.now,
            reason=reason,
            settings=turn.settings,
            received=received,
        )
    except LedgerError as refused:
        if refused.reason == "own_contribution":  # no other treasurer: the officers, as the look-up (2622)
            by_officers = await officers_decide_it(turn.session, c)
            turn.say(_not_yours(turn, await in_commune(turn), by_officers=by_officers))
        elif refused.reason == "own_case":
            turn.say(for_your_own_case(turn.t))
        elif refused.reason == "not_allowed":
            turn.say(turn.t("Only a treasurer of this unit can confirm or reject this contribution."))
        elif refused.reason == "more_than_a_week":
            turn.say(beyond_a_week_text(turn.t, c.ref, c.labour_days))
        else:
            turn.say(
                turn.t("This contribution was already decided: {status}.").format(
                    status=status_label(turn.t, c.status, kind=c.kind, commune=await in_commune(turn))
                )
            )
        leave_entry(turn, decided=c.status != "recorded")  # decided by another meanwhile: its tick dropped
        return
    status = status_label(turn.t, c.status, kind=c.kind, commune=await in_commune(turn))
    decided = turn.t("{ref}: {status}.").format(ref=c.ref, status=status)
    if c.recorded_figure is not None:
        decided = turn.t("{ref}: confirmed at {received} (recorded {recorded}).").format(
            ref=c.ref,
            received=_figure(turn.t, c, figure_of(c)),
            recorded=_figure(turn.t, c, c.recorded_figure),
        )
    turn.say(f"{decided} {heard_line(turn.t, heard, held=held_till(turn.now, turn.settings))}", keep=True)
    leave_entry(turn, decided=True)
