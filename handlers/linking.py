"""One person, several messengers: /lienket gives a one-time link code; typed on another messenger it links
that account (bot.domain.links). The same screen chooses where reminders go and unlinks an account."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.db.models import ChannelIdentity, Person, RoleAssignment
from bot.domain.links import (
    MAX_WRONG_TRIES,
    LinkProblem,
    accounts_of,
    channel_name,
    choose_reach,
    issue_link_code,
    link_code_live,
    looks_like_link_code,
    person_of_code,
    redeem_link_code,
    unlink_identity,
)
from bot.domain.notices import recorded_before_joining
from bot.i18n import Translator, format_datetime
from bot.messages import Choice
from bot.text import says_hello, thanks
from handlers.common import YES, actor_of, confirm_menu, go_home, is_household, officers_named
from handlers.menu import entry_typed

flow = Flow("link")

REACH, UNLINK, HOME, LAST_USED = "reach", "unlink", "home", "last"
EXAMPLE = "LK-7QM-4X2P9"


def _joining_held(turn: Turn) -> dict[str, Any] | None:
    """Where a newcomer half-way through joining stands, and what joining gathered (the invite, the name,
    the consent): typed at a step of joining, the step's own; typed where the engine read it as a link code
    first, what it kept (`Engine._joining_held`). None for anyone else."""
    if turn.person is not None:
        return None
    if turn.data.get("joining_held"):
        return turn.data["joining_held"]
    if turn.state.flow == "onboarding" and turn.data.get("invite_id"):
        return turn.place()
    return None


def _problem(t: Translator, problem: LinkProblem, officers: str) -> str:
    again = t("Please ask for a new code with /lienket on the messenger where you already use Chung Tay.")
    texts = {
        "wrong": t("That link code is not right. Please check it and type it again. Tries left: {n}.").format(
            n=problem.tries_left
        ),
        "locked": t("This link code was locked after {n} wrong tries.").format(n=MAX_WRONG_TRIES)
        + " "
        + again,
        "expired": t("This link code has expired (a code works for 10 minutes).") + " " + again,
        "used": t("This link code has already been used.") + " " + again,
        "same_account": t(
            "This is the code you asked for here. Open Chung Tay on your other messenger and send the code "
            "there."
        ),
        "already_linked": t("This messenger account is already linked to your Chung Tay account."),
        "own_records": t(
            "This messenger account already belongs to a Chung Tay account with records of its own "
            "(commitments, contributions or roles, or a record on the staff list), so a code cannot link it "
            "and nothing was changed. Please ask {officers}: they can merge the two accounts into one."
        ).format(officers=officers),
        "other_organisation": t(
            "This messenger account and the account of this link code belong to two organisations in Chung "
            "Tay, and accounts of two organisations cannot be linked: nothing was changed, and each is used "
            "on its own."
        ),
    }
    return texts.get(
        problem.reason,
        t("I could not find that link code. Please check it and type it again (for example: {code}).").format(
            code=EXAMPLE
        ),
    )


def where_codes_come_from(turn: Turn) -> str:
    return turn.t(
        "A link code is made on the messenger where you already use Chung Tay: type /lienket there, "
        "then send the code here."
    )


async def asked_while_joining(turn: Turn) -> bool:
    """/lienket typed half-way through joining (the invite held, its question on screen), as the name
    question's line on linking is misread: where a link code is made is said, and the engine asks the step's
    question again with the invite and what was typed kept. It went to the welcome, the invite dropped, and
    the name typed next was read as an invite code (decision 0557). False for anyone else: /lienket as
    usual."""
    if turn.person is None and _joining_held(turn) is not None and turn.argument is None:
        turn.say(where_codes_come_from(turn))
        return True
    return False


async def redeem(
    turn: Turn, *, typed: str | None = None, on_menu: bool = False, agreed_in: str | None = None
) -> None:
    """The typed text (or `typed`) is a link code: link this account, or say kindly why not (the chat
    carries on). A record nobody has agreed to the data notice for (a household the officer recorded for,
    given a code from /ghithay) is linked only once this chat agrees and picks a language (onboarding's
    "consent" and "language" steps, which call back with `agreed_in`, the language picked); until then
    nothing is linked, and saying no keeps nothing."""
    code = turn.text if typed is None else typed
    try:
        if turn.person is None and agreed_in is None:
            waiting = await person_of_code(turn.session, code, channel=turn.inbound.channel, now=turn.now)
            if waiting.consent_at is None:
                turn.goto("onboarding", "consent", keep_data=False)
                turn.set(link_code=code)
                return
        linked = await redeem_link_code(
            turn.session,
            code,
            channel=turn.inbound.channel,
            external_id=turn.inbound.user_id,
            now=turn.now,
            default_locale=turn.settings.default_locale,
        )
    except LinkProblem as problem:
        held = _joining_held(turn)
        if held and turn.state.menu.get("text"):  # half-way through joining: why, and its question again
            turn.say(_problem(turn.t, problem, await officers_named(turn)))
            turn.come_back(held)
        elif turn.person is None:  # a newcomer may still type an invite code, or the right link code
            turn.clear_data()
            turn.state.menu = {}
            turn.ask(_problem(turn.t, problem, await officers_named(turn)))
            turn.wait_at("onboarding", "code")
        elif on_menu:
            turn.say(_problem(turn.t, problem, await officers_named(turn)))
            turn.repeat_menu()
        else:
            turn.say(_problem(turn.t, problem, await officers_named(turn)))
            go_home(turn)
        return
    person = linked.person
    if agreed_in is not None:  # the data notice agreed to on this chat, before the link
        person.locale = agreed_in
        person.consent_at = person.consent_at or turn.now
    turn.person = person
    turn.state.person_id = person.id
    turn.t = Translator(person.locale or turn.t.locale)
    turn.roles = set(
        await turn.session.scalars(select(RoleAssignment.role).where(RoleAssignment.person_id == person.id))
    )
    if person.kind == "household":  # a phone of the family joined the household's account, not a person's
        linked_text = turn.t(
            "Linked! This {channel} account is now part of the Chung Tay account of {name}: the household's "
            "commitments, contributions and progress are the same on every phone and messenger linked."
        )
    else:
        linked_text = turn.t(
            "Linked! This {channel} account is now part of your Chung Tay account, {name}: your commitments, "
            "contributions and progress are the same on every messenger you linked."
        )
    turn.say(
        linked_text.format(channel=channel_name(turn.t.locale, turn.inbound.channel), name=person.full_name),
        keep=True,
    )
    turn.say(_reach_line(turn, person))
    if meanwhile := await recorded_before_joining(turn.session, person, turn.t.locale):
        turn.say(meanwhile)  # its first account: what others recorded for it until now (1870)
    go_home(turn)


def _where(turn: Turn, person: Person) -> str:
    if person.channel is None:
        return turn.t("the messenger you used last")
    return channel_name(turn.t.locale, person.channel)


def _reach_line(turn: Turn, person: Person) -> str:
    return turn.t(
        "Reminders, notices and digests reach you on: {where}. To change it, type /lienket."
    ).format(where=_where(turn, person))


@flow.prompt("start")
async def start(turn: Turn) -> None:
    """/lienket, or the menu's entry: a new code, and the choices about the accounts already linked. A link
    code typed where a keyword would be (or after /lienket) is redeemed instead."""
    if looks_like_link_code(turn.text):
        await redeem(turn)
        return
    if turn.person is None:
        turn.say(where_codes_come_from(turn))
        if held := _joining_held(turn):  # “liên kết” typed half-way through joining: its question again
            turn.come_back(held)
        else:
            turn.goto("onboarding", "start", keep_data=False)
        return
    identity_id = await turn.session.scalar(
        select(ChannelIdentity.id).where(
            ChannelIdentity.channel == turn.inbound.channel,
            ChannelIdentity.external_id == turn.inbound.user_id,
        )
    )
    assert identity_id is not None  # a known person writes from an account of theirs
    issued = await issue_link_code(
        turn.session, person_id=turn.person.id, identity_id=identity_id, now=turn.now
    )
    linked = _linked_now(turn, await accounts_of(turn.session, turn.person.id))
    turn.set(code=issued.code)
    _say_code(turn)
    if is_household(turn):  # one record for the family: its other phones join it (decision 0039)
        explained = turn.t(
            "To use Chung Tay on another phone of your household or another messenger, open Chung Tay "
            "there and send this code as a message before {time}. Give it only to someone in your "
            "household: whoever types it reaches the household's account.\nLinked now: {linked}.\n{reach}\n"
            "If you have a code from your other messenger instead, type it here."
        )
    else:
        explained = turn.t(
            "To use Chung Tay on another messenger too (Zalo, Telegram…), open Chung Tay there and send this "
            "code as a message before {time}. Never give it to anyone else: whoever types it reaches your "
            "account.\nLinked now: {linked}.\n{reach}\nIf you have a code from your other messenger instead, "
            "type it here."
        )
    turn.menu(
        explained.format(
            time=format_datetime(issued.expires_at, turn.t.locale),
            linked=linked,
            reach=_reach_line(turn, turn.person),
        ),
        [
            Choice(REACH, turn.t("Where reminders go"), keywords=("nhac", "thong bao", "reminders")),
            Choice(UNLINK, turn.t("Unlink a messenger"), keywords=("huy lien ket", "go", "unlink")),
            Choice(HOME, turn.t("Main menu"), keywords=("menu", "trang chu")),
        ],
        free_text=True,
    )


@flow.answer("start")
async def chose(turn: Turn) -> None:
    if turn.choice == REACH:
        turn.goto("link", "reach")
    elif turn.choice == UNLINK:
        turn.goto("link", "unlink")
    elif turn.choice == HOME:
        go_home(turn)
    elif looks_like_link_code(turn.text):
        await redeem(turn, on_menu=True)
    elif not await link_code_live(turn.session, turn.data.get("code", ""), now=turn.now):
        # The code shown was used (or ended) meanwhile: never shown again as if it still worked.
        assert turn.person is not None
        turn.say(
            turn.t(
                "The link code {code} works no more: it was used, or its time is up. Linked now: {linked}. "
                "Here is a new code, if you need one."
            ).format(
                code=turn.data.get("code", ""),
                linked=_linked_now(turn, await accounts_of(turn.session, turn.person.id)),
            )
        )
        turn.goto("link", "start")  # a new code, with the menu
    elif await entry_typed(turn, by_number=False):  # “tien do”: another entry, as at every menu
        return
    elif thanks(turn.text) or says_hello(turn.text):  # “cảm ơn ạ”, “alo”: answered as at every menu
        turn.not_an_option()
    else:
        turn.say(turn.t("That is not a link code. A link code looks like this: {code}.").format(code=EXAMPLE))
        _say_code(turn)  # the code to send stays on screen with the menu that speaks of it
        turn.repeat_menu()


def _linked_now(turn: Turn, accounts: list[ChannelIdentity]) -> str:
    """The messengers linked, each once, with how many accounts when a family's several phones share one:
    "2 Zalo accounts, Telegram"."""
    counts = Counter(a.channel for a in accounts)
    return ", ".join(
        channel_name(turn.t.locale, channel)
        if n == 1
        else turn.t("{n} {channel} accounts").format(channel=channel_name(turn.t.locale, channel), n=n)
        for channel, n in counts.items()
    )


def _account_label(turn: Turn, account: ChannelIdentity, accounts: list[ChannelIdentity]) -> str:
    """An account as a person tells it apart: the messenger, and, when the same messenger is linked more than
    once (a household's phones), its number in the order they were linked and when; this chat's says so."""
    label = channel_name(turn.t.locale, account.channel)
    same = [a.id for a in accounts if a.channel == account.channel]
    if len(same) > 1:
        label = turn.t("{channel} {n}, linked at {time}").format(
            channel=label, n=same.index(account.id) + 1, time=turn.t.datetime(account.created_at)
        )
    if (account.channel, account.external_id) == (turn.inbound.channel, turn.inbound.user_id):
        label = turn.t("{channel} (this chat)").format(channel=label)
    return label


def _say_code(turn: Turn) -> None:
    """The person's own link code, a message of its own (easy to copy)."""
    if code := turn.data.get("code"):
        turn.say(turn.t("Your link code: {code}").format(code=code))


@flow.prompt("reach")
async def ask_reach(turn: Turn) -> None:
    assert turn.person is not None
    channels = dict.fromkeys(
        a.channel for a in await accounts_of(turn.session, turn.person.id) if a.is_active
    )
    choices = [Choice(f"ch:{channel}", channel_name(turn.t.locale, channel)) for channel in channels]
    choices.append(Choice(LAST_USED, turn.t("The messenger I used last"), keywords=("gan nhat", "last")))
    turn.menu(
        turn.t("Where should reminders, notices and digests reach you?\n{reach}").format(
            reach=_reach_line(turn, turn.person)
        ),
        choices,
    )


@flow.answer("reach")
async def got_reach(turn: Turn) -> None:
    assert turn.person is not None
    choice = turn.choice or ""
    channel = choice.removeprefix("ch:") if choice.startswith("ch:") else None
    actor = await actor_of(turn)
    try:
        await choose_reach(turn.session, actor, turn.person, channel, now=turn.now)
    except ValueError:  # the account went since the menu was shown
        turn.say(turn.t("That messenger is no longer linked. Please choose again."))
        turn.goto("link", "reach")
        return
    turn.say(
        turn.t("Done. Reminders, notices and digests will reach you on: {where}.").format(
            where=_where(turn, turn.person)
        )
    )
    go_home(turn)


@flow.prompt("unlink")
async def ask_unlink(turn: Turn) -> None:
    assert turn.person is not None
    accounts = await accounts_of(turn.session, turn.person.id)
    if len([a for a in accounts if a.is_active]) < 2:
        turn.say(
            turn.t(
                "Chung Tay reaches you on this messenger only, so it cannot be unlinked. "
                "Link another messenger first with /lienket."
            )
        )
        go_home(turn)
        return
    choices = []
    for account in accounts:
        choices.append(Choice(f"id:{account.id}", _account_label(turn, account, accounts)))
    choices.append(Choice(HOME, turn.t("Main menu"), keywords=("menu", "trang chu")))
    turn.menu(turn.t("Which messenger should no longer reach you?"), choices)


@flow.answer("unlink")
async def got_unlink(turn: Turn) -> None:
    if not (turn.choice or "").startswith("id:"):
        go_home(turn)
        return
    identity_id = int((turn.choice or "").removeprefix("id:"))
    identity = await turn.session.get(ChannelIdentity, identity_id)
    assert turn.person is not None
    if identity is None or identity.person_id != turn.person.id:
        turn.goto("link", "unlink")
        return
    turn.set(identity_id=identity_id)
    confirm_menu(
        turn,
        turn.t(
            "Unlink {channel}? Chung Tay will no longer answer or reach you there, and that account will "
            "have to be linked again to use Chung Tay. Your records stay with you."
        ).format(channel=channel_name(turn.t.locale, identity.channel)),
    )
    turn.wait_at("link", "unlink_confirm")


@flow.answer("unlink_confirm")
async def confirmed_unlink(turn: Turn) -> None:
    assert turn.person is not None
    if turn.choice != YES:
        turn.say(turn.t("Nothing was changed."))
        go_home(turn)
        return
    actor = await actor_of(turn)
    try:
        identity = await unlink_identity(
            turn.session, actor, turn.person, turn.data["identity_id"], now=turn.now
        )
    except LinkProblem:
        turn.say(turn.t("Chung Tay reaches you on this messenger only, so it cannot be unlinked."))
        go_home(turn)
        return
    except LookupError:
        turn.say(turn.t("That messenger is no longer linked. Nothing was changed."))
        go_home(turn)
        return
    name = channel_name(turn.t.locale, identity.channel)
    if (identity.channel, identity.external_id) != (turn.inbound.channel, turn.inbound.user_id):
        turn.say(
            turn.t("Done: {channel} is no longer linked to your Chung Tay account.").format(channel=name)
        )
        go_home(turn)
        return
    # This very chat was unlinked: it starts afresh, as an account Chung Tay does not know.
    turn.say(
        turn.t(
            "Done: this {channel} account is no longer linked to your Chung Tay account. Your records stay "
            "with you on your other messenger."
        ).format(channel=name)
    )
    turn.person = None
    turn.roles = set()
    turn.state.person_id = None
    turn.state.data = {}
    turn.state.menu = {}
    turn.wait_at("", "")
