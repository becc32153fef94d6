"""The queue by collector (“Theo người thu (bảng kê nộp tiền)”, on the queue's first screen): a hamlet or
union officer hands the treasurer the cash and the handover list of what they recorded for others; the
treasurer chooses them among the collectors whose money waits for them (name, unit, how many entries, how
much), reads the same entries as the list, oldest first (STT, giver, code, amount) and the total, counts the
cash against it and confirms it all at once after a last look — or ticks them one by one when the cash falls
short, and rejects what did not come with a reason. Only what this treasurer may decide is listed and summed;
how many more of the collector's entries another treasurer decides is said without amounts. Each decision goes
through the queue's (`decide_several`: checked, audited, the recorder told of a household's gift,
docs/decisions/0091); docs/decisions/0097."""

from __future__ import annotations

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Drive
from bot.domain.access import may_open_queue
from bot.domain.contributions import sums_by_drive
from bot.domain.notices import officers_title
from bot.domain.queue import (
    PAGE_SIZE,
    Waiting,
    WaitingCollector,
    collector_waiting,
    waiting_by_collector,
)
from bot.domain.transfer import Account, own_account_at
from bot.i18n import Translator, drive_named
from bot.messages import Choice
from handlers.common import (
    YES,
    Page,
    actor_of,
    actor_or_home,
    back_choice,
    held_page,
    in_commune,
    page_choices,
    picked_id,
    reason_text,
    sent_twice,
    turned_page,
)
from handlers.moved_since import moved_since, seen
from handlers.queue import decide_selected, entry_menu, last_look, ticked_action
from handlers.wording import clipped

flow = Flow("handin")
CONFIRM_ALL, ONE_BY_ONE = "all", "one_by_one"
GIVER_CLIP = 40


@flow.prompt("collectors")
async def ask_collector(turn: Turn) -> None:
    actor = await actor_or_home(turn, may_open_queue)
    if actor is None:
        return
    collectors = await waiting_by_collector(turn.session, actor)
    if not collectors:  # confirmed meanwhile: the queue shows what is left
        turn.goto("queue", "drive", keep_data=False)
        return
    choices = [Choice(f"p{c.person_id}", _collector_label(turn.t, c)) for c in collectors]
    turn.menu(
        turn.t(
            "Money recorded for others and waiting for you, by who collected it. Who is handing you the cash?"
        ),
        [*choices, back_choice(turn.t)],
    )


def _collector_label(t: Translator, collector: WaitingCollector) -> str:
    """“Lê Văn Hùng (Khoa Nội): 3 khoản, 750.000 ₫”."""
    name = f"{collector.name} ({collector.unit})" if collector.unit else collector.name
    return t.plural("{name}: {n} entry, {amount}", "{name}: {n} entries, {amount}", collector.waiting).format(
        name=name, n=t.number(collector.waiting), amount=t.vnd(collector.total_vnd)
    )


@flow.answer("collectors")
async def got_collector(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        turn.goto("queue", "drive", keep_data=False)
        return
    turn.set(collector_id=picked_id(turn, "p"), page=0)
    turn.goto("handin", "collector")


async def _theirs(turn: Turn) -> tuple[WaitingCollector, list[Waiting]] | None:
    """The collector chosen and their entries waiting for the writer, oldest first; None when nothing of
    theirs waits any more (said) or the writer is no treasurer (gone home)."""
    actor = await actor_or_home(turn, may_open_queue)
    if actor is None:
        return None
    collector_id = turn.data.get("collector_id")
    found = [c for c in await waiting_by_collector(turn.session, actor) if c.person_id == collector_id]
    if not found:
        turn.say(turn.t("Nothing from this collector is waiting for you any more."))
        turn.goto("handin", "collectors")
        return None
    return found[0], await collector_waiting(turn.session, actor, found[0].person_id)


@flow.prompt("collector")
async def show_collector(turn: Turn) -> None:
    """The collector's entries as their handover list lists them, ten a page, the total, and what to do."""
    theirs = await _theirs(turn)
    if theirs is None:
        return
    collector, rows = theirs
    shown = held_page(turn, "page", rows, PAGE_SIZE)
    total = sum(row.amount_vnd for row in rows)
    turn.set(handed=[row.id for row in rows])  # what “Confirm all” confirms: what was shown, no more
    seen(turn, [(row.id, row.giver_id) for row in rows])  # moved by another since: said (decision 1590)
    choices = [
        Choice(
            CONFIRM_ALL,
            turn.t("Confirm all (received in full: {amount})").format(amount=turn.t.vnd(total)),
            keywords=("xac nhan tat ca", "da nhan du", "confirm all"),
        ),
        Choice(ONE_BY_ONE, turn.t("Choose entries one by one"), keywords=("chon tung khoan", "tung khoan")),
        *page_choices(turn.t, shown.number, shown.pages),
        back_choice(turn.t),
    ]
    deducted = [row.id for row in rows if row.from_payroll]
    salary = sum(row.amount_vnd for row in rows if row.from_payroll)
    places = await sums_by_drive(turn.session, deducted)
    # A drive's own account, where it had one when the deductions were recorded: removed or changed since,
    # the transfer is still in that account's statement (decision 0458)
    since = min((row.created_at for row in rows if row.from_payroll), default=turn.now)
    own = [await own_account_at(turn.session, drive, since) for drive, _amount in places]
    officers = officers_title(turn.t, commune=await in_commune(turn))
    lines = _handover_text(turn, collector, shown, total, salary, own, officers)
    if len(places) > 1:  # the Fund's payroll and a drive's: each its own transfer, said before the check
        parts = "; ".join(
            f"{turn.t.vnd(amount)} {_to(turn.t, drive)}" + (_in_account(turn.t, account) if any(own) else "")
            for (drive, amount), account in zip(places, own, strict=True)
        )
        said = turn.t.plural(
            "These deductions from the payroll are {n} transfer: {parts}.",
            "These deductions from the payroll are {n} transfers: {parts}.",
            len(places),
        ).format(n=turn.t.number(len(places)), parts=parts)
        lines.insert(-1, said)
    turn.menu("\n".join(lines), choices)


def _to(t: Translator, drive: Drive | None) -> str:
    return (
        t("to {drive}").format(drive=drive_named(t.locale, drive.title))
        if drive
        else t("to the Fund for the Poor")
    )


def _in_account(t: Translator, account: Account | None) -> str:
    """Where a part of the payroll's deductions was transferred, when one part went to a drive's own account:
    that account, or the Fund's (docs/decisions/0449)."""
    if account is None:
        return " " + t("(in the Fund's account)")
    return " " + t("(in the drive's own account {account})").format(account=account.line())


def _handover_text(
    turn: Turn,
    collector: WaitingCollector,
    shown: Page[Waiting],
    total: int,
    salary: int,
    accounts: list[Account | None],
    officers: str,
) -> list[str]:
    """The list, its total, and what to check it against: the cash handed over, or for deductions from the
    payroll (`salary`, their sum) the payroll's transfer in the Fund's account (docs/decisions/0400) — in a
    drive's own account (`accounts`: each place's as it stood when they were recorded, None where it had none,
    as `sums_by_drive` lists them) when they went to a drive that had one (/taikhoan): its statement shows the
    transfer, the Fund's never does; with parts, each in the account its part names (decisions 0449, 0458).
    The collector's entries another decides are said by who does: another treasurer, the `officers` (a
    treasurer's own where no other treasurer may, decision 2430), or nobody yet."""
    account = accounts[0] if len(accounts) == 1 else None
    t = turn.t
    name = f"{collector.name} ({collector.unit})" if collector.unit else collector.name
    lines = [
        t.plural(
            "Handover list of {name}: {n} entry waiting for you:",
            "Handover list of {name}: {n} entries waiting for you, oldest first:",
            shown.total,
        ).format(name=name, n=t.number(shown.total))
    ]
    if shown.pages > 1:
        lines.append(t("Page {page} of {pages}.").format(page=shown.number + 1, pages=shown.pages))
    first = shown.number * PAGE_SIZE + 1  # the list's STT, as on paper (not “1.”: a text menu's numbers)
    lines += [  # a long name cut after a whole word, as the statement's units are (decision 2724)
        f"• {number}) {clipped(row.giver_as_listed, GIVER_CLIP, at_word=True)} · {row.ref} · "
        f"{t.vnd(row.amount_vnd)}"
        for number, row in enumerate(shown.rows, start=first)
    ]
    lines.append(t("In all: {total}.").format(total=t.vnd(total)))
    if others := collector.elsewhere - collector.stuck - collector.by_officer:
        lines.append(
            t.plural(
                "{n} more entry of this person is confirmed by another treasurer.",
                "{n} more entries of this person are confirmed by another treasurer.",
                others,
            ).format(n=t.number(others))
        )
    if collector.by_officer:  # a treasurer's own, no other treasurer may: the officers confirm it (2430)
        lines.append(
            t.plural(
                "{n} more entry of this person is confirmed by the {officers}: a treasurer's own, which no "
                "other treasurer may confirm.",
                "{n} more entries of this person are confirmed by the {officers}: a treasurer's own, which "
                "no other treasurer may confirm.",
                collector.by_officer,
            ).format(n=t.number(collector.by_officer), officers=officers)
        )
    if collector.stuck:  # a treasurer's own deduction, recorded by the only other treasurer: a third one
        lines.append(
            t.plural(
                "{n} more entry of this person waits for a treasurer other than you and {name}, and there is "
                "none yet (nobody confirms a gift they gave or recorded): ask an admin to give the treasurer "
                "role to someone else (/phanquyen).",
                "{n} more entries of this person wait for a treasurer other than you and {name}, and there "
                "is none yet (nobody confirms a gift they gave or recorded): ask an admin to give the "
                "treasurer role to someone else (/phanquyen).",
                collector.stuck,
            ).format(n=t.number(collector.stuck), name=collector.name)
        )
    if salary == total and account is not None:  # to a drive's own account: its statement, not the Fund's
        check = t(
            "These come from the payroll: check this total against the payroll's transfer in the statement "
            "of the drive's own account ({account}). Has it all come in?"
        ).format(account=account.line())
    elif salary == total:  # the payroll's deductions: no cash, one transfer from the payroll
        check = (
            t(
                "These come from the payroll: check each part against its transfer in the statement of the "
                "account it names. Has it all come in?"
            )
            if any(accounts)
            else t(
                "These come from the payroll: check this total against the payroll's transfer in the Fund's "
                "account statement. Has it all come in?"
            )
        )
    elif salary and account is not None:
        check = t(
            "Of this, {salary} comes from the payroll, by transfer: check it against the statement of the "
            "drive's own account ({account}), and count the cash against the rest ({cash}). Has it all come "
            "in?"
        ).format(salary=t.vnd(salary), cash=t.vnd(total - salary), account=account.line())
    elif salary and any(accounts):
        check = t(
            "Of this, {salary} comes from the payroll, by transfers: check each part against the statement "
            "of the account it names, and count the cash against the rest ({cash}). Has it all come in?"
        ).format(salary=t.vnd(salary), cash=t.vnd(total - salary))
    elif salary:
        check = t(
            "Of this, {salary} comes from the payroll, by transfer: check it against the account statement, "
            "and count the cash against the rest ({cash}). Has it all come in?"
        ).format(salary=t.vnd(salary), cash=t.vnd(total - salary))
    else:
        check = t("Count the cash against this total. Has it all been handed to you?")
    lines += ["", check]
    return lines


@flow.answer("collector")
async def got_choice(turn: Turn) -> None:
    if turned_page(turn, "page"):
        turn.goto("handin", "collector")
    elif turn.choice == CONFIRM_ALL:
        turn.set(selected=list(turn.data.get("handed", [])))
        turn.goto("handin", "sure")
    elif turn.choice == ONE_BY_ONE:
        turn.set(selected=[], tick_page=0, pictured=[])
        turn.goto("handin", "list")
    else:
        turn.goto("handin", "collectors")


@flow.prompt("list")
async def show_list(turn: Turn) -> None:
    """The collector's entries to tick, as the queue's page is: for when the cash falls short."""
    theirs = await _theirs(turn)
    if theirs is None:
        return
    collector, rows = theirs
    shown = held_page(turn, "tick_page", rows, PAGE_SIZE)
    heading = turn.t("{drive}: {n} waiting, oldest first (page {page} of {pages}).").format(
        drive=collector.name, n=turn.t.number(shown.total), page=shown.number + 1, pages=shown.pages
    )
    entry_menu(turn, heading, shown)


@flow.answer("list")
async def ticked_some(turn: Turn) -> None:
    action = ticked_action(turn, "tick_page")  # SHOW_AGAIN, SURE, WHY: this flow's steps of the same names
    turn.goto("handin", "collector" if action == BACK_ID else action)


async def _moved_off(turn: Turn) -> str | None:
    """What of the ticked another treasurer put in another person's name since the handover was read, said
    naming both (`moved_since`), and left out of what is ticked once it is no longer the collector's to hand
    over (its new giver's own, decision 1494): never confirmed nor rejected as her cash (decision 1590).
    None when nothing ticked was moved."""
    selected = list(turn.data.get("selected", []))
    moved = await moved_since(turn, selected)
    if moved is None:
        return None
    actor = await actor_of(turn)
    theirs = {row.id for row in await collector_waiting(turn.session, actor, turn.data["collector_id"])}
    turn.set(selected=[entry for entry in selected if entry in theirs])
    return moved


@flow.prompt("sure")
async def ask_sure(turn: Turn) -> None:
    if (moved := await _moved_off(turn)) is not None:
        turn.say(moved)
        if not turn.data["selected"]:  # all of it moved off the list: the collector's page again
            turn.goto("handin", "collector")
            return
    if not await last_look(turn):
        turn.goto("handin", "collector")


@flow.answer("sure")
async def sure(turn: Turn) -> None:
    if sent_twice(turn):
        return
    if turn.choice == YES and (moved := await _moved_off(turn)) is not None:
        turn.say(moved)  # put in another's name since her last look: looked at again (decision 1590)
        turn.goto("handin", "sure")
        return
    if turn.choice == YES:
        await decide_selected(turn, confirmed=True, reason=None)
    turn.goto("handin", "collector")


@flow.prompt("reason")
async def ask_reason(turn: Turn) -> None:
    """Why the ticked entries were not received: the collector reads it (and the giver too, if they use the
    bot: decision 0091), so it speaks of the cash, not of a transfer."""
    turn.ask(
        turn.t(
            "Why were they not received? The collector reads it (and the giver too, if they use Chung Tay). "
            "For example: the cash handed over was 200,000 ₫ short of the handover list."
        )
    )


@flow.answer("reason")
async def got_reason(turn: Turn) -> None:
    reason = reason_text(turn)
    if reason is None:
        return
    if (moved := await _moved_off(turn)) is not None:  # nothing rejected: the ticks looked at again (1590)
        turn.say(moved)
        turn.goto("handin", "list")
        return
    await decide_selected(turn, confirmed=False, reason=reason)
    turn.goto("handin", "collector")
