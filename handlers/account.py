"""The receiving account in the chat (“Tài khoản nhận ủng hộ”, /taikhoan), for an organisation-wide admin:
the account gifts of money are transferred to, shown; set (the bank, chosen or typed; the number; the holder
as the bank writes it; a last look), then a sample VietQR code of 10.000 ₫ sent to the admin alone, to scan
once and check the holder's name the banking app shows before any giver sees it; or cleared. The domain
asks `may_set_account` again (bot.domain.transfer), so a press the menu never showed changes nothing. The
steps that read a bank, a number and a holder serve a drive's own account too (handlers/drives.py). 0084."""

from __future__ import annotations

import asyncio

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Organisation
from bot.domain.access import Actor, may_set_account
from bot.domain.transfer import (
    BANKS,
    Account,
    AccountError,
    AccountRefused,
    Bank,
    account_of,
    checked_bank,
    checked_holder,
    checked_number,
    sample_qr,
    set_account,
    write_qr,
)
from bot.messages import Choice
from handlers.common import (
    NO,
    YES,
    actor_or_home,
    ask_typed,
    back_choice,
    confirm_menu,
    go_home,
    in_commune,
    kept_file,
    the_whole,
)
from handlers.wording import clipped

flow = Flow("account")
SET, CLEAR = "set", "clear"
# The banks most accounts are at, offered as buttons; any other is typed (its name or BIN).
COMMON_BANKS = ("970436", "970415", "970418", "970405", "970407", "970422")


def _allowed(actor: Actor) -> bool:
    return may_set_account(actor, actor.org_id)


async def _office(turn: Turn) -> Actor | None:
    """The organisation-wide admin writing, or a kind refusal and home (asked again at every step)."""

    async def refusal() -> str:
        return turn.t(
            "Only an administrator of {place} sets the account gifts are transferred to. "
            "If it should change, please ask the office."
        ).format(place=await the_whole(turn))

    return await actor_or_home(turn, _allowed, refusal)


# --- the steps a drive's own account shares ---------------------------------------------------------------


def ask_bank(turn: Turn) -> None:
    """Which bank: the common ones as buttons, any other typed by its name or NAPAS BIN."""
    banks = [Choice(f"b{bin_}", BANKS[bin_].short) for bin_ in COMMON_BANKS]
    ask_typed(
        turn,
        turn.t(
            "Which bank is the account at? Choose it, or type its name or its six-digit NAPAS code, for "
            "example: Sacombank or 970403."
        ),
        *banks,
    )


def read_bank(turn: Turn) -> Bank | None:
    """The bank chosen or typed; a kind answer with an example, and None, for one not known."""
    if turn.choice and turn.choice.startswith("b") and turn.choice[1:] in BANKS:
        return BANKS[turn.choice[1:]]
    try:
        return checked_bank(turn.text.strip())
    except AccountError:
        turn.say(
            turn.t(
                "“{typed}” is not a bank Chung Tay knows. Please type its name, for example: Vietcombank, "
                "BIDV, VietinBank, Agribank, MB; or its six-digit NAPAS code, for example: 970436."
            ).format(typed=clipped(" ".join(turn.text.split()), 40, at_word=True))
        )
        turn.repeat_menu()
        return None


def ask_number(turn: Turn) -> None:
    ask_typed(turn, turn.t("What is the account number? For example: 0123456789."))


def read_number(turn: Turn) -> str | None:
    try:
        return checked_number(turn.text)
    except AccountError:
        turn.say(
            turn.t(
                "An account number is 6 to 19 digits (or letters), as on the bank's papers, for example: "
                "0123456789."
            )
        )
        turn.repeat_menu()
        return None


# A holder's name as a bank writes it, for the example: an office's union fund, a commune's Fund for the Poor
# (run by its Fatherland Front committee; a hamlet has no trade union, decision 0225).
OFFICE_HOLDER = "CONG DOAN TRUONG THPT HOA BINH"
COMMUNE_HOLDER = "QUY VI NGUOI NGHEO XA TAN PHU"


async def holder_example(turn: Turn) -> str:
    """An account holder's name like the writer's organisation's own: a commune's is the Fund's."""
    return COMMUNE_HOLDER if await in_commune(turn) else OFFICE_HOLDER


async def ask_holder(turn: Turn) -> None:
    ask_typed(
        turn,
        turn.t("Whose name is the account in, as the bank writes it? For example: {holder}.").format(
            holder=await holder_example(turn)
        ),
    )


async def read_holder(turn: Turn) -> str | None:
    try:
        return checked_holder(turn.text)
    except AccountError:
        turn.say(
            turn.t(
                "Please type the holder's name as the bank writes it, at most 60 characters, for example: "
                "{holder}."
            ).format(holder=await holder_example(turn))
        )
        turn.repeat_menu()
        return None


def typed_account(turn: Turn) -> Account | None:
    """The account the chat gathered (bank, number, holder), or None if a part is missing."""
    bank, number, holder = turn.data.get("bank"), turn.data.get("number"), turn.data.get("holder")
    if not (bank and number and holder):
        return None
    return Account(BANKS.get(bank) or Bank(bank, bank, bank), number, holder)


def account_lines(turn: Turn, account: Account) -> list[str]:
    """The account as the admin checks it: the bank's full name, the number, the holder."""
    return [
        turn.t("• Bank: {short} ({name})").format(short=account.bank.short, name=account.bank.name),
        turn.t("• Account number: {number}").format(number=account.number),
        turn.t("• Holder: {holder}").format(holder=account.holder),
    ]


async def send_sample(turn: Turn, account: Account) -> None:
    """The sample code of 10.000 ₫ to `account`, to the admin alone: scanned once, never paid. A chat that
    shows no picture (`Inbound.shows_photos`) gets how to check the holder in words (decision 0444)."""
    if not turn.inbound.shows_photos:
        turn.say(
            turn.t(
                "To check the holder's name: in your banking app, start a transfer to {number} at {bank}; "
                "the app shows the holder's name before you transfer. Check that it reads {holder}, then "
                "stop without transferring."
            ).format(number=account.number, bank=account.bank.short, holder=account.holder)
        )
        return
    kept = kept_file(turn, "qr", "tai-khoan-thu.png")
    await asyncio.to_thread(write_qr, turn.settings.media_dir / kept, sample_qr(account))
    turn.show_photo(
        kept,
        turn.t(
            "A sample VietQR code of {amount} to {holder}: scan it to test with your banking app, check that "
            "the holder's name it shows is right, and do not transfer."
        ).format(amount=turn.t.vnd(10_000), holder=account.holder),
    )


# --- the organisation's account ----------------------------------------------------------------------------


@flow.prompt("start")
async def show_account(turn: Turn) -> None:
    actor = await _office(turn)
    if actor is None:
        return
    org = await turn.session.get_one(Organisation, actor.org_id)
    account = account_of(org)
    if account is None:
        text = turn.t(
            "{org} has no account for gifts yet: receipts do not say where to transfer money."
        ).format(org=org.name)
    else:
        text = "\n".join(
            [turn.t("Gifts to {org} are transferred to:").format(org=org.name), *account_lines(turn, account)]
        )
    choices = [
        Choice(
            SET,
            turn.t("Set the account") if account is None else turn.t("Change the account"),
            keywords=("dat tai khoan", "doi tai khoan", "set"),
        )
    ]
    if account is not None:
        choices.append(
            Choice(CLEAR, turn.t("Remove the account"), keywords=("xoa tai khoan", "xoa", "remove"))
        )
    turn.menu(text, [*choices, back_choice(turn.t)])


@flow.answer("start")
async def chose_on_account(turn: Turn) -> None:
    if turn.choice == SET:
        turn.goto("account", "bank", keep_data=False)
    elif turn.choice == CLEAR:
        turn.goto("account", "clear", keep_data=False)
    else:
        go_home(turn)


@flow.prompt("bank")
async def prompt_bank(turn: Turn) -> None:
    if await _office(turn) is not None:
        ask_bank(turn)


@flow.answer("bank")
async def got_bank(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("account", "start", keep_data=False)
    elif (bank := read_bank(turn)) is not None:
        turn.set(bank=bank.bin)
        turn.goto("account", "number")


@flow.prompt("number")
async def prompt_number(turn: Turn) -> None:
    if await _office(turn) is not None:
        ask_number(turn)


@flow.answer("number")
async def got_number(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("account", "bank")
    elif (number := read_number(turn)) is not None:
        turn.set(number=number)
        turn.goto("account", "holder")


@flow.prompt("holder")
async def prompt_holder(turn: Turn) -> None:
    if await _office(turn) is not None:
        await ask_holder(turn)


@flow.answer("holder")
async def got_holder(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("account", "number")
    elif (holder := await read_holder(turn)) is not None:
        turn.set(holder=holder)
        turn.goto("account", "confirm")


@flow.prompt("confirm")
async def ask_confirm(turn: Turn) -> None:
    if await _office(turn) is None:
        return
    account = typed_account(turn)
    if account is None:
        turn.goto("account", "bank", keep_data=False)
        return
    lines = [turn.t("Gifts of money will be transferred to:"), *account_lines(turn, account)]
    if turn.inbound.shows_photos:
        asked = turn.t("Save this account? Every money gift's receipt will show it, with a VietQR code.")
    else:  # no code can be seen in this chat: the receipts here give the account in words (decision 0477)
        asked = turn.t("Save this account? Every money gift's receipt will show it in words.")
    lines.append(asked)
    confirm_menu(turn, "\n".join(lines))


@flow.answer("confirm")
async def confirmed(turn: Turn) -> None:
    account = typed_account(turn)
    if turn.choice != YES or account is None:
        if turn.choice == NO:
            turn.say(turn.t("Nothing was changed."))
        turn.goto("account", "start", keep_data=False)
        return
    if await _change(turn, account):
        turn.say(
            turn.t("Saved: gifts of money are now transferred to {account}.").format(account=account.line()),
            keep=True,
        )
        await send_sample(turn, account)
        go_home(turn)


@flow.prompt("clear")
async def ask_clear(turn: Turn) -> None:
    if await _office(turn) is None:
        return
    confirm_menu(
        turn,
        turn.t(
            "Remove the account? Receipts will no longer say where to transfer money (drives with an "
            "account of their own keep it)."
        ),
    )


@flow.answer("clear")
async def cleared(turn: Turn) -> None:
    if turn.choice != YES:
        if turn.choice == NO:
            turn.say(turn.t("Nothing was changed."))
        turn.goto("account", "start", keep_data=False)
        return
    if await _change(turn, None):
        turn.say(turn.t("Removed: receipts no longer say where to transfer money."), keep=True)
        turn.goto("account", "start", keep_data=False)


async def _change(turn: Turn, account: Account | None) -> bool:
    """Set (or clear) the organisation's account under the admin writing; the domain asks the rule again,
    and a refusal is said kindly and changes nothing."""
    actor = await _office(turn)
    if actor is None:
        return False
    org = await turn.session.get_one(Organisation, actor.org_id)
    try:
        set_account(turn.session, actor, org, account, now=turn.now)
    except AccountRefused:
        turn.say(
            turn.t(
                "Only an administrator of {place} sets the account gifts are transferred to. Nothing was "
                "changed."
            ).format(place=await the_whole(turn))
        )
        go_home(turn)
        return False
    return True
