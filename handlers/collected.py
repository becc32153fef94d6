"""What I recorded for others (“Các khoản tôi đã ghi thay”, /daghithay): the entries a collector — a hamlet
officer for the households without phones, a treasurer or officer for donors from outside — recorded for
someone else, the latest first, ten a page (“Trang sau”/“Trang trước”), each with its giver, unit, what, day,
code and state; above every page the money still waiting for a treasurer (the cash to hand over), what was
confirmed this year and what a treasurer did not receive. Under it, the handover list (“Bảng kê nộp tiền
(Excel)”) to hand the treasurer with the cash, handed over as the statement's sheet is: a file on Telegram, a
link on Zalo when its media are served, else where else to get it (bot.domain.collected,
docs/decisions/0093)."""

from __future__ import annotations

from bot.conversation.flow import Flow
from bot.conversation.turn import Turn
from bot.domain.access import Actor
from bot.domain.collected import (
    PAGE_SIZE,
    CollectedEntry,
    CollectedError,
    CollectedTotals,
    collected_page,
    collected_totals,
    handover_list,
    may_list_mine,
)
from bot.domain.notices import officers_title
from bot.handover_sheet import write_handover
from bot.i18n import PAPER_LOCALE, Translator
from bot.messages import Choice, Document
from handlers.common import (
    Page,
    actor_of,
    back_choice,
    go_home,
    in_commune,
    kept_file,
    kept_page,
    no_file_here,
    page_choices,
    say_officers_only,
    turned_page,
)
from handlers.wording import clipped, describe, status_label, unit_told_apart

flow = Flow("collected")
HANDOVER = "handover"
GIVER_CLIP, UNIT_CLIP, GOODS_CLIP, REASON_CLIP = 28, 30, 24, 60


async def _refuse(turn: Turn) -> None:
    await say_officers_only(
        turn,
        turn.t(
            "This list is for those who record contributions for others: {officers} for households, a "
            "treasurer or officer for donors from outside. Your own contributions are under “My progress”."
        ),
    )


def entry_choice(t: Translator) -> Choice:
    """The entry to the list, in the main menu and on the first screen of “Record for…”."""
    return Choice(
        "collected",
        t("What I recorded for others"),
        keywords=("da ghi thay", "cac khoan da ghi thay", "bang ke", "nop tien", "recorded for others"),
    )


@flow.prompt("page")
async def show_page(turn: Turn) -> None:
    """A page of the list, with the totals above it; nothing recorded for others yet: said, and home."""
    if (actor := await _collector(turn)) is None:
        return

    async def entries_on(page: int) -> tuple[list[CollectedEntry], int]:
        return await collected_page(turn.session, actor, now=turn.now, page=page)

    shown = await kept_page(turn, "page", PAGE_SIZE, entries_on)
    if not shown.total:  # an office records for who is not on Chung Tay, not for households (2425, 2525)
        turn.say(
            turn.t(
                "You have not recorded any contribution for someone else yet. What you record for a "
                "household (/ghithay) or a donor (/nhahaotam) is listed here, with the money to hand to the "
                "treasurer."
            )
            if await in_commune(turn)
            else turn.t(
                "You have not recorded any contribution for someone else yet. What you record for someone "
                "not on Chung Tay (/ghithay) or a donor (/nhahaotam) is listed here, with the money to hand "
                "to the treasurer."
            )
        )
        go_home(turn)
        return
    totals = await collected_totals(turn.session, actor, now=turn.now)
    choices = [
        *page_choices(turn.t, shown.number, shown.pages),
        Choice(
            HANDOVER, turn.t("Handover list (Excel)"), keywords=("bang ke", "nop tien", "excel", "handover")
        ),
    ]
    # A listed code typed opens it, as at the main menu: one recorded by mistake is withdrawn there (0319).
    text = _page_text(turn, totals, shown, commune=await in_commune(turn))  # who confirms a day (1942)
    turn.menu(text, [*choices, back_choice(turn.t)], entries=True)


@flow.answer("page")
async def got_page(turn: Turn) -> None:
    from handlers import ledger  # those modules lead here: imported when used
    from handlers.menu import entry_typed

    # a code read off the list (“CT-2026-000004”), or without its year under the organisation's letters
    if await ledger.typed_own_code(turn):
        turn.goto("ledger", "typed", keep_data=False)
    elif turn.choice is None and await entry_typed(turn, by_number=False):
        return
    elif turn.choice is None:  # named no option here nor an entry of the main menu
        turn.not_an_option()
    elif turned_page(turn, "page"):
        turn.goto("collected", "page")
    elif turn.choice == HANDOVER:
        await _hand_over(turn)
    else:
        go_home(turn)


async def _hand_over(turn: Turn) -> None:
    """The handover list as a file in this chat; nothing waiting: said kindly, no empty file."""
    if (actor := await _collector(turn)) is None:
        return
    try:
        handover = await handover_list(turn.session, actor, now=turn.now)
    except CollectedError:
        await _refuse(turn)
        go_home(turn)
        return
    if not handover.rows:
        turn.say(
            turn.t(
                "Nothing you recorded for others waits for the treasurer now: no cash to hand over. The "
                "handover list is made when there is."
            )
        )
        turn.goto("collected", "page")
        return
    name = f"bang-ke-nop-tien-{turn.today:%Y-%m-%d}.xlsx"
    kept = kept_file(turn, "statements", name)
    write_handover(handover, turn.settings.media_dir / kept, locale=PAPER_LOCALE)
    command = f"chungtay contributions handover --of {actor.person_id} --xlsx FILE"
    turn.hand_over(
        Document(kept, name, no_file_here(turn, name, command)),
        turn.t.plural(
            "Handover list: {n} entry, {amount}, with the total in words. Print it, sign it with the "
            "treasurer who receives the cash, and keep a copy.",
            "Handover list: {n} entries, {amount}, with the total in words. Print it, sign it with the "
            "treasurer who receives the cash, and keep a copy.",
            len(handover.rows),
        ).format(n=turn.t.number(len(handover.rows)), amount=turn.t.vnd(handover.total)),
    )
    go_home(turn)


def _page_text(turn: Turn, totals: CollectedTotals, shown: Page[CollectedEntry], *, commune: bool) -> str:
    t = turn.t
    waiting = (
        t.plural(  # all of it a lone treasurer's own, which the officers confirm (decision 2625)
            "Money waiting for the {officers} to confirm: {n} entry, {amount}",
            "Money waiting for the {officers} to confirm: {n} entries, {amount}",
            totals.waiting_count,
        )
        if totals.waiting_count and totals.waiting_by_officers == totals.waiting_count
        else t.plural(
            "Money waiting for the treasurer to confirm: {n} entry, {amount}",
            "Money waiting for the treasurer to confirm: {n} entries, {amount}",
            totals.waiting_count,
        )
    )
    lines = [
        t("What you recorded for others:"),
        waiting.format(
            n=t.number(totals.waiting_count),
            amount=t.vnd(totals.waiting_vnd),
            officers=officers_title(t, commune=commune),
        ),
        t.plural(
            "Money confirmed in {year}: {n} entry, {amount}",
            "Money confirmed in {year}: {n} entries, {amount}",
            totals.confirmed_count,
        ).format(year=totals.year, n=t.number(totals.confirmed_count), amount=t.vnd(totals.confirmed_vnd)),
    ]
    if totals.ended_year is not None and totals.ended_count:  # January through March (decision 0489)
        lines.append(
            t.plural(
                "Money confirmed in {year}: {n} entry, {amount}",
                "Money confirmed in {year}: {n} entries, {amount}",
                totals.ended_count,
            ).format(year=totals.ended_year, n=t.number(totals.ended_count), amount=t.vnd(totals.ended_vnd))
        )
    if totals.rejected:
        not_received = t.plural(
            "Not received by the treasurer: {n} entry",
            "Not received by the treasurer: {n} entries",
            totals.rejected,
        )
        lines.append(not_received.format(n=t.number(totals.rejected)))
    if shown.pages > 1:
        lines.append(
            t("{n} entries, the latest first (page {page} of {pages}):").format(
                n=t.number(shown.total), page=shown.number + 1, pages=shown.pages
            )
        )
    lines += [_line(t, entry, commune=commune) for entry in shown.rows]
    waiting = next((entry.ref for entry in shown.rows if entry.state == "recorded"), None)
    if waiting is not None:  # how one recorded by mistake is put right, as the giver's progress says it
        lines.append(
            t(
                "Recorded it by mistake or changed your mind? Type the code of a gift that still waits"
                " (for example {ref}) to see it or withdraw it."
            ).format(ref=waiting)
        )
    return "\n".join(lines)


def _line(t: Translator, entry: CollectedEntry, *, commune: bool) -> str:
    """“• 22/11/2026 · CT-2026-000004 · Hộ Trần Văn Ba (Khoa Nội) · 200.000 ₫ · chờ thủ quỹ xác nhận”: a
    long name, unit or goods clipped, as the statement's lines are; a rejection with its reason."""
    description = clipped(entry.description, GOODS_CLIP) if entry.description else entry.description
    what = describe(t, entry.kind, entry.amount_vnd, entry.labour_days, description)
    where = unit_told_apart(entry.unit, entry.giver_position, UNIT_CLIP)
    unit = f" ({where})" if where else ""
    state = status_label(t, entry.state, kind=entry.kind, commune=commune, by_officers=entry.by_officers)
    if entry.reason:
        state += f" – {clipped(entry.reason, REASON_CLIP)}"
    giver = clipped(entry.giver, GIVER_CLIP, at_word=True)  # after a whole word, as the statement's (2837)
    return f"• {t.date(entry.at)} · {entry.ref} · {giver}{unit} · {what} · {state}"


async def _collector(turn: Turn) -> Actor | None:
    """Who opens the list, when they may (bot.domain.collected.may_list_mine: under a role, or still holding
    cash they recorded for others after their role was taken away); otherwise said kindly, and home."""
    actor = await actor_of(turn)
    if actor is not None and await may_list_mine(turn.session, actor):
        return actor
    await _refuse(turn)
    go_home(turn)
    return None
