"""The treasurer's queue: choose a drive → the entries waiting, oldest first, a page at a time, with the
giver, unit and evidence photo → select some (or the whole page) → confirm them, or reject them with one
reason. Each giver is told through the outbox (bot.domain.notices); each decision is checked and audited."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial

from sqlalchemy import select

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Contribution, Drive, Person
from bot.domain.access import decide_refusal_of, may_open_decisions, may_open_queue, may_record_payrolls
from bot.domain.contributions import contribution_for_staff, ref_prefix_of, typed_refs, withdrawn
from bot.domain.held_packs import HELD_DAYS, HeldPack, held_packs_for
from bot.domain.money import MoneyError, parse_vnd
from bot.domain.notices import days_officer, figure_of, held_till, officers_title
from bot.domain.queue import (
    PAGE_SIZE,
    Decided,
    HeldBack,
    Waiting,
    ask_for_receipts,
    beyond_a_week,
    decide_several,
    held_back,
    waiting_by_collector,
    waiting_drives,
    waiting_entries,
    waiting_money,
    waiting_page,
)
from bot.messages import Choice
from bot.text import match_key
from handlers.common import (
    OTHER_FIGURE_WORDS,
    YES,
    YES_WORDS,
    Page,
    actor_of,
    actor_or_home,
    ask_typed,
    back_choice,
    closed_since_look,
    confirm_menu,
    go_home,
    in_commune,
    kept_page,
    look_drawn,
    page_choices,
    photos_elsewhere,
    picked_id,
    reason_text,
    remember_typed_confirmation,
    sent_twice,
    turned_page,
)
from handlers.contributions import typed_amount
from handlers.donors import DONOR, donor_choice
from handlers.money_text import LEAST_TYPED_VND
from handlers.moved_since import MOVE_WORDS, SEEN, moved_since, seen, seen_of
from handlers.multi_choice import multi_menu, ticked, toggled
from handlers.wording import (
    CODES_SAID,
    beyond_a_week_text,
    clipped,
    closed_year_line,
    code_example,
    cut_at_word,
    decided_text,
    describe,
    double_mark,
    drive_title,
    entry_status,
    far_mark,
    fund_title,
    labour_days,
    possible_double,
    unit_told_apart,
)

flow = Flow("queue", opens_for=may_open_decisions)
GENERAL = "general"
CONFIRM, REJECT, ALL = "confirm", "reject", "all"
CONFIRM_PAGE = "confirm_page"
OTHER = (
    "other"  # the one ticked entry confirmed at the figure that arrived (handlers/ledger.py, decision 0208)
)
RECONCILE = "reconcile"  # the bank's statement set beside the queue (handlers/reconcile.py)
BY_COLLECTOR = "handin"  # a collector's handover, all at once (handlers/handin.py)
PAYROLL = "payroll"  # the accountant's sheet of the payroll's deduction (handlers/payroll.py)
RECEIPT = "receipt"  # ask the recorders of the ticked for their receipts' photos (decision 0538)
MOVE = "move"  # the one ticked, recorded under the wrong person: put in its giver's name (1434, 1538)
# Characters of goods, a giver's name and a unit in a queue line, the rest clipped ("…"): ten lines stay
# within one Zalo message (the look-up by code shows them whole).
GOODS_CLIP, GIVER_CLIP, UNIT_CLIP = CLIPS = 24, 26, 40
# Goods, giver, unit: the room the mark of a possible double takes (“ · ⚠️ trùng CT-2026-000001 (cùng người,
# số, trong 24 giờ)”, decisions 0200, 1554), so that a page with such lines stays one Zalo message.
DOUBLE_ROOM = (18, 14, 24)
# The same for the mark of a receipt asked for (“ · đã xin biên lai 22/11/2026”, decision 0538).
RECEIPT_ROOM = (10, 8, 10)
# The same for the mark of a figure far from the giver's others (“ · ⚠️ gấp 10 lần khoản khác của người này
# (500.000 ₫)”, decision 1605).
FAR_ROOM = (0, 12, 24)  # money only: no goods to clip
# The same for a tenth of them, three characters longer (“ · ⚠️ chỉ bằng 1/10 khoản khác…”, decision 1648).
TENTH_ROOM = (0, 14, 25)
# Characters of a gift's note on its line (“tiền mặt”, “chuyển khoản”, how it was paid: decision 2223), and
# the room it takes from goods, the giver's name and the unit, so that ten such lines stay one Zalo
# message.
NOTE_CLIP = 14
NOTE_ROOM = (16, 2, 16)
PACKS_LISTED = 10  # the packs held a month said one by one on the treasurer's list; how many, always


async def nothing_to_confirm(turn: Turn) -> str:
    """Said to whoever may not open the queue: at its start, and where a role taken away since a page of it
    was shown is found at the next press (the bank's statement says its own: handlers/reconcile.py). The
    officer who confirms days is named as her organisation names her (`days_officer`, decision 1942), read
    only when it is said (`actor_or_home`)."""
    return turn.t(
        "Contributions are confirmed by the treasurers, and labour days by {officer} of the giver's unit: "
        "nothing waits for you to confirm. To see where your own contributions stand: /tiendo."
    ).format(officer=days_officer(turn.t, commune=await in_commune(turn)))


@flow.prompt("drive")
async def ask_drive(turn: Turn) -> None:
    emptied = turn.data.pop("drive_emptied", False)  # the page just decided was the drive's last (2221)
    actor = await actor_or_home(turn, may_open_decisions, partial(nothing_to_confirm, turn))
    if actor is None:
        return
    drives = await waiting_drives(turn.session, actor)
    if emptied and drives:  # others wait: that this one is done is news; none left, the question says it
        turn.say(turn.t("Nothing more is waiting in this drive."))
    held = _held_packs(turn, await held_packs_for(turn.session, actor, turn.today))  # envelopes out (1462)
    officers = officers_title(turn.t, commune=await in_commune(turn))
    waiting = _held_back(turn, await held_back(turn.session, actor), officers)
    theirs = "\n\n".join(part for part in (waiting, held) if part)
    treasurer = may_open_queue(actor)
    if not drives and not treasurer:  # an officer's queue holds labour days only (decision 0434)
        if theirs:
            turn.say(turn.t("Nothing is waiting for you to confirm.") + "\n" + theirs)
        else:
            turn.say(turn.t("Nothing is waiting for you to confirm. Thank you!"))
        go_home(turn)
        return
    choices = [
        Choice(
            f"d{d.drive_id}" if d.drive_id else GENERAL,
            turn.t("{drive}: {n} waiting").format(
                drive=d.title or fund_title(turn.t), n=turn.t.number(d.waiting)
            ),
        )
        for d in drives
    ]
    question = turn.t("Contributions waiting for you, by drive. Which drive?")
    if not drives:  # her bank statement still holds credits without a code and refunds (decision 1198)
        question = turn.t(
            "Nothing is waiting for you to confirm. You can still send the bank statement here: its credits "
            "without a code may be donors' gifts to record. What would you like to do?"
        )
    reconcile = Choice(
        RECONCILE,
        turn.t("Reconcile the bank statement"),
        keywords=("doi chieu", "sao ke ngan hang", "reconcile"),
        pinned=True,
    )
    # The treasurer's own tools: the bank's statement, and the cash a collector hands over with their handover
    # list, all at once (handlers/handin.py); an officer confirms labour days only (decision 0434).
    collectors = (
        [_by_collector(turn)] if treasurer and await waiting_by_collector(turn.session, actor) else []
    )
    donor = donor_choice(turn)  # a gift from outside the organisation, recorded here (handlers/donors.py)
    payroll = (
        [
            Choice(
                PAYROLL,
                turn.t("Payroll deduction (the accountant's sheet)"),
                keywords=("khau tru luong", "bang luong", "payroll"),
                pinned=True,
            )
        ]
        if may_record_payrolls(actor)
        else []
    )
    turn.menu(  # a gift's code typed here opens it, as at a page (decision 1650)
        f"{theirs}\n\n{question}" if theirs else question,
        [*choices, *collectors, *([reconcile] if treasurer else []), *payroll, donor, back_choice(turn.t)],
        entries=True,
    )


def _by_collector(turn: Turn) -> Choice:
    return Choice(
        BY_COLLECTOR,
        turn.t("By collector (handover list)"),
        keywords=("theo nguoi thu", "nguoi thu", "bang ke", "nop tien", "by collector"),
        pinned=True,
    )


def _held_packs(turn: Turn, packs: Sequence[HeldPack]) -> str:
    """The packs an officer has kept to hand over later for a month or more (decision 1462), the oldest
    first: who holds each, its day and its money, never its household; "" when there are none."""
    if not packs:
        return ""
    heading = turn.t(
        "Packs an officer has kept to hand over later for {days} days or more: {n}. Please remind them to "
        "hand each one over or to put it back in the Fund:"
    ).format(days=turn.t.number(HELD_DAYS), n=turn.t.number(len(packs)))
    lines = [
        "• "
        + turn.t("{holder}: the pack of {date}, {money}").format(
            holder=pack.holder or turn.t("an officer"),
            date=turn.t.date(pack.delivered_on),
            money=turn.t.vnd(pack.money_vnd),
        )
        for pack in packs[:PACKS_LISTED]
    ]
    return "\n".join([heading, *lines, *(["• …"] if len(packs) > PACKS_LISTED else [])])


def _held_back(turn: Turn, held: HeldBack, officers: str) -> str:
    """What waits for another treasurer because this one gave or recorded it (for a household, with
    /ghithay), or because it went to her own hardship case, each said for its reason, and, when no other
    treasurer may confirm some of it, what to do: "" when nothing does."""
    if not held.waiting:
        return ""
    lines = []
    if held.waiting > held.own_case + held.by_officer:
        lines.append(
            turn.t(
                "Waiting for another treasurer because you gave or recorded them (nobody confirms their own "
                "entries): {n}."
            ).format(n=turn.t.number(held.waiting - held.own_case - held.by_officer))
        )
    if held.by_officer:  # no other treasurer: the officers confirm them (decisions 2430, 2464)
        lines.append(
            turn.t(
                "Waiting for the {officers} because you gave or recorded them and there is no other "
                "treasurer: {n}."
            ).format(officers=officers, n=turn.t.number(held.by_officer))
        )
    if held.own_case:  # given to a drive for her own hardship case: never said to be hers (decision 0630)
        lines.append(
            turn.t(
                "Waiting for another treasurer because they were given for your own hardship case: {n}."
            ).format(n=turn.t.number(held.own_case))
        )
    if held.nobody_else:
        lines.append(
            turn.t(
                "No other treasurer may confirm {n} of them. Please ask the administrator to make one "
                "more person treasurer, someone who neither gave nor recorded them (in the chat: “Roles”, "
                "/phanquyen)."
            ).format(n=turn.t.number(held.nobody_else))
        )
    return "\n".join(lines)


@flow.answer("drive")
async def got_drive(turn: Turn) -> None:
    if turn.choice is None:  # typed, naming no drive: a gift's code, or why not (decision 1650)
        await _code_typed_at_the_drives(turn)
        return
    if turn.choice == BACK_ID:
        go_home(turn)
        return
    if turn.choice == RECONCILE:
        turn.goto("reconcile", "file", keep_data=False)
        return
    if turn.choice == DONOR:
        turn.goto("donor", "name", keep_data=False)
        return
    if turn.choice == PAYROLL:
        turn.goto("payroll", "drive", keep_data=False)
        return
    if turn.choice == BY_COLLECTOR:
        turn.goto("handin", "collectors", keep_data=False)
        return
    turn.set(drive_id=picked_id(turn, "d"), page=0, selected=[], shown=[], pictured=[])
    turn.goto("queue", "list")


async def _code_typed_at_the_drives(turn: Turn) -> None:
    """A code typed at the drives' question: the gift opened as at a page (`open_typed_code`), its decision
    or Back leading to its drive's first page; not hers to decide, the page's one line, said of the drives,
    and the drives again. Anything else typed: please choose, as before."""
    read = await open_typed_code(turn, {"page": 0, "shown": [], "selected": [], SEEN: {}}, at_the_drives=True)
    if read is None:
        turn.not_an_option()
    elif not read:
        turn.goto("queue", "drive")


def _line(turn: Turn, row: Waiting, *, whole: bool = False) -> str:
    """An entry in one line, long names, units, goods and its note clipped (its look-up by code shows them
    whole); one that may double another gift, marked with its code and why (`double_mark`), clipped shorter
    by as much, so that a page stays one Zalo message. `whole`: nothing clipped, for the last look before
    the Yes, which says what is confirmed as it was typed (the channel splits a long look: decision 2524)."""
    asked = row.receipt_asked is not None and not row.photo  # asked, not come yet (decision 0538)
    # a note of words, not a mark typed for none (“-”, “.”): the page is not longer for it (decision 2223)
    note = row.note if row.note and any(ch.isalnum() for ch in row.note) else None
    rooms = (
        DOUBLE_ROOM if row.doubles else (0, 0, 0),
        RECEIPT_ROOM if asked else (0, 0, 0),
        (FAR_ROOM if row.amount_vnd >= row.usual_vnd else TENTH_ROOM) if row.usual_vnd else (0, 0, 0),
        NOTE_ROOM if note else (0, 0, 0),
    )
    less = tuple(sum(room) for room in zip(*rooms, strict=True))
    goods_clip, giver_clip, unit_clip = (max(room - cut, 4) for room, cut in zip(CLIPS, less, strict=True))
    if whole:
        goods_clip = giver_clip = unit_clip = note_clip = sys.maxsize
    else:
        note_clip = NOTE_CLIP
    # goods and the note cut after a whole word, as the name and the unit are (decisions 2837, 2852, 2808)
    description = cut_at_word(row.description, goods_clip) if row.description else row.description
    what = describe(turn.t, row.kind, row.amount_vnd, row.labour_days, description)
    if note:  # cash told from transfers on the page, not by opening each (decision 2223)
        what += f" · {cut_at_word(note, note_clip)}"
    unit = (
        f" ({unit_told_apart(row.unit, row.giver_position, unit_clip)})"
        if row.unit or row.giver_position
        else ""
    )
    photo = " 📷" if row.photo else ""
    giver = clipped(row.giver, giver_clip, at_word=True)  # after a whole word (2837)
    mark = " · " + double_mark(turn.t, row.doubles) if row.doubles else ""
    if row.usual_vnd:  # a zero typed too many or too few, perhaps: said where the double is (1605, 1648)
        mark += " · " + far_mark(turn.t, row.amount_vnd, row.usual_vnd)
    if asked:
        assert row.receipt_asked is not None
        mark += " · " + turn.t("receipt asked {date}").format(date=turn.t.date(row.receipt_asked))
    return f"{row.ref} · {turn.t.date(row.created_at)} · {what} · {giver}{unit}{photo}{mark}"


def _label(turn: Turn, row: Waiting, selected: bool) -> str:
    return ticked(_line(turn, row), selected)


@flow.prompt("list")
async def show_page(turn: Turn) -> None:
    actor = await actor_or_home(turn, may_open_decisions, partial(nothing_to_confirm, turn))
    if actor is None:
        return
    drive_id = turn.data.get("drive_id")
    shown = await kept_page(  # the last page empties as entries are decided: then the first
        turn, "page", PAGE_SIZE, lambda page: waiting_page(turn.session, actor, drive_id, page=page)
    )
    if not shown.rows:  # said by the list of drives, once: where none is left, its own line says so (2221)
        turn.data["drive_emptied"] = True
        turn.goto("queue", "drive")
        return
    drive = await turn.session.get(Drive, drive_id) if drive_id else None
    heading = turn.t("{drive}: {n} waiting, oldest first (page {page} of {pages}).").format(
        drive=drive_title(turn.t, drive),
        n=turn.t.number(shown.total),
        page=shown.number + 1,
        pages=shown.pages,
    )
    # the money of every page, to hold against the bank's total: a treasurer sees every amount (1603)
    if may_open_queue(actor) and (money := await waiting_money(turn.session, actor, drive_id)):
        heading += "\n" + turn.t("Money waiting in all: {money}.").format(money=turn.t.vnd(money))
    entry_menu(
        turn,
        "\n".join([heading, *_said_sent(turn, shown.rows)]),
        shown,
        other=True,
        receipts=True,
        move=True,
        codes=True,
    )


def _said_sent(turn: Turn, rows: Sequence[Waiting]) -> list[str]:
    """A line for each of `rows` its recorder said was sent in the year just ended: her receipt's day is the
    treasurer's to check against that year (decision 1094), on the page she ticks it on and again on the last
    look before it is confirmed with others, whatever page it was ticked on (decision 1108). One recorded for
    a year already reported (from April) is said to count for this year once confirmed instead (1218)."""
    lines = []
    for row in rows:
        if (closed := closed_year_line(turn.t, row.ref, row.year, turn.today)) is not None:
            lines.append(closed)
        elif (year := row.said_sent) is not None:
            said = turn.t(
                "{ref}: the recorder said it was sent in {year}; please check the day on the receipt."
            )
            lines.append(said.format(ref=row.ref, year=year))
    return lines


def entry_menu(
    turn: Turn,
    heading: str,
    shown: Page[Waiting],
    *,
    other: bool = False,
    receipts: bool = False,
    move: bool = False,
    codes: bool = False,
) -> None:
    """A page of entries to tick, their evidence photos first, with the actions on them pinned (on Telegram
    they stay under every page of the entries' buttons): a drive's page of the queue, and a collector's
    entries (handlers/handin.py). What is ticked is kept as "selected", the page's entries as "shown". The
    page drawn again at once (an entry ticked, an action pressed with nothing ticked) comes without the
    photos just shown above it: only the entries new on it bring theirs (docs/decisions/0223).
    `other`: “Nhận số khác” among the actions, for the one entry ticked; `receipts`: “Xin ảnh biên lai”, the
    ticked entries' recorders asked for their receipts (decision 0538); `move`: “Ghi nhầm người”, offered
    once one entry (only one) is ticked, put in its real giver's name (decision 1538). Whose each entry is,
    as the page shows it, is kept: moved by another treasurer before it is decided, that is said
    (`moved_since`, decision 1539). `codes`: what is typed that names no option reaches the step's answer,
    which reads it as a gift's code (“ct42”, decision 1602)."""
    selected = set(turn.data.get("selected", []))
    pictured = set(turn.data.get("pictured", []))  # drawn just before, photos and all: a tick, a refusal
    turn.set(shown=[row.id for row in shown.rows], pictured=[row.id for row in shown.rows])
    seen(turn, [(row.id, row.giver_id) for row in shown.rows])
    if not turn.inbound.shows_photos:  # their lines' 📷 and one line under the list instead (decision 0432)
        pictured = {row.id for row in shown.rows}
        if any(row.photo for row in shown.rows):
            heading += "\n" + photos_elsewhere(turn)
    for row in shown.rows:
        if row.photo and row.id not in pictured:
            caption = turn.t("Evidence for {ref}").format(ref=row.ref)
            if any(double.same_photo for double in row.doubles):  # said under the very photo too
                caption += "\n" + possible_double(turn.t, row.ref, row.doubles)
            turn.show_photo(row.photo, caption)
    choices = [Choice(f"c{row.id}", _label(turn, row, row.id in selected)) for row in shown.rows]
    choices += [
        Choice(CONFIRM_PAGE, turn.t("Confirm the whole page"), keywords=("xac nhan ca trang",), pinned=True),
        Choice(ALL, turn.t("Select the whole page"), keywords=("ca trang", "tat ca", "all"), pinned=True),
        # “có” typed confirms what is ticked, as the button does (through the same last look)
        Choice(CONFIRM, turn.t("Confirm the selected"), keywords=("confirm", *YES_WORDS), pinned=True),
        Choice(REJECT, turn.t("Reject the selected"), keywords=("tu choi", "reject"), pinned=True),
    ]
    if other:
        label = turn.t("Received a different figure")
        choices.append(Choice(OTHER, label, keywords=OTHER_FIGURE_WORDS, pinned=True))
    if receipts:
        label = turn.t("Ask for the receipt's photo")
        words = ("xin bien lai", "xin anh bien lai", "hoi bien lai", "bien lai", "receipt")
        choices.append(Choice(RECEIPT, label, keywords=words, pinned=True))
    if move and len(selected) == 1:  # over the one ticked only: a page of ten long lines stays one message
        label = turn.t("Recorded under the wrong person")
        choices.append(Choice(MOVE, label, keywords=MOVE_WORDS, pinned=True))
    choices += [*page_choices(turn.t, shown.number, shown.pages), back_choice(turn.t)]
    multi_menu(
        turn,
        "\n".join([heading, turn.t("Choose contributions, then confirm or reject them.")]),
        choices,
        entries=codes,
    )


@flow.answer("list")
async def picked(turn: Turn) -> None:
    if not turn.picked:  # typed, naming no option: a gift's code, or why not (decision 1602)
        await _code_typed(turn)
        return
    action = ticked_action(turn, "page")
    if action == BACK_ID:
        turn.goto("queue", "drive")
    elif action in (OTHER, MOVE):  # the look-up's “Nhận số khác” or “Ghi nhầm người”, then this page again
        back = back_to_the_page(turn)  # with whose the one ticked was on this page: moved since, said (1539)
        entry = turn.data["selected"][0]
        turn.goto(*(("ledger", "other") if action == OTHER else ("move", "ask")))
        turn.set(contribution_id=entry, queue=back, **{SEEN: dict(back[SEEN])})
    elif action == RECEIPT:
        await ask_receipts(turn)
        turn.goto("queue", "list")
    else:
        turn.goto("queue", action)


def back_to_the_page(turn: Turn) -> dict:
    """Where the look-up or “Nhận số khác” opened from the page brings her back (`leave_entry` of
    handlers/ledger.py): the page, its entries, what is ticked and whose each ticked one was as she read
    it (1539), so that her ticks stay across it (decision 1633)."""
    selected = list(turn.data.get("selected", []))
    return {
        "drive_id": turn.data.get("drive_id"),
        "page": turn.data.get("page", 0),
        "shown": list(turn.data.get("shown", [])),
        "selected": selected,
        SEEN: seen_of(turn, selected),
    }


async def _code_typed(turn: Turn) -> None:
    """A code typed at the page (“ct42”, “CT-2026-000042”, “ct 2026 42”): see `open_typed_code`; not
    opened, the page again. The move's words (“chuyển tên”) typed over none or several ticked, where its
    option is not on the page: which one, asked, as at its press (decision 1649). Anything else typed:
    please choose, as before."""
    if match_key(turn.text).strip(" .!?") in MOVE_WORDS:
        turn.say(_move_one_only(turn))
        turn.goto("queue", "list")
        return
    read = await open_typed_code(turn, back_to_the_page(turn))
    figure = _typed_figure(turn) if read is None else None  # read once for both of its answers
    if figure is not None and await _figure_of_the_one_ticked(turn, figure):
        return
    if figure is not None and (said := await _figure_typed(turn, figure)) is not None:
        turn.say(said)
        turn.goto("queue", "list")
    elif read is None:
        turn.not_an_option()
    elif not read:
        turn.goto("queue", "list")


async def _figure_of_the_one_ticked(turn: Turn, figure: int) -> bool:
    """A figure typed with one gift ticked (“100k”, “nhận 300k”): what arrived of it, as “Nhận số khác”
    pressed and that figure typed would read; to that press's last look, which asks her “Có” before anything
    is decided, and brings her back to the page (decision 2807). The figure recorded (“500k”, “đã nhận
    500k”) is “received as recorded”: the last look of “Xác nhận các khoản đã chọn”, as that press would
    open it, nothing decided before her “Có” (decision 2934). False, and answered as before, where the gift
    is labour days, is decided already or is not hers to decide."""
    selected = turn.data.get("selected") or []
    if len(selected) != 1:
        return False
    c = await turn.session.get(Contribution, selected[0])
    if c is None or c.kind == "labour" or c.status != "recorded":
        return False
    if await decide_refusal_of(turn.session, await actor_of(turn), c) is not None:
        return False
    if figure == figure_of(c):  # as recorded: the confirm button's last look, its photos drawn again after
        turn.set(pictured=[])
        turn.goto("queue", SURE)
        return True
    back = back_to_the_page(turn)  # as the press of “Nhận số khác” keeps it, whose it was read with (1539)
    turn.goto("ledger", "other_confirm")
    turn.set(contribution_id=c.id, queue=back, figure=figure, note=None, **{SEEN: dict(back[SEEN])})
    return True


def _typed_figure(turn: Turn) -> int | None:
    """The amount typed at the page, alone (“100k”) or after words (“nhận 300k”, `typed_amount`), from 1.000 ₫
    up to the money cap; None for anything else."""
    for typed in (turn.text, typed_amount(turn.text)):
        try:
            return parse_vnd(typed, cap=turn.settings.money_cap, minimum=LEAST_TYPED_VND) if typed else None
        except MoneyError:
            continue
    return None


async def _figure_typed(turn: Turn, figure: int) -> str | None:
    """A figure typed at the page (“100k”), which says of no gift what arrived: which gift first, then
    “Nhận số khác”, with the page's first code and that figure as the example; nothing is decided (decision
    2853); an amount with words before it (“nhận 300k”) as the look-up reads it (decision 2806). None where
    the page shows no gift to name."""
    example = next(iter(turn.data.get("shown", [])), None)
    ref = (
        await turn.session.scalar(select(Contribution.ref).where(Contribution.id == example))
        if example
        else None
    )
    if ref is None:
        return None
    return turn.t(
        "A figure typed here is recorded for no contribution: please choose the one that arrived with "
        "another figure first, then “{other}”, and type what arrived. For example: choose {ref}, then "
        "“{other}”, then type {amount}. Nothing was changed."
    ).format(other=turn.t("Received a different figure"), ref=ref, amount=turn.t.vnd(figure))


async def open_typed_code(turn: Turn, back: dict, *, at_the_drives: bool = False) -> bool | None:
    """A code typed at the page, or in the look-up opened from it (decision 1633), or at the drives'
    question (`at_the_drives`, 1650: `back` has no drive, the gift's own is its page): the gift opened in the
    look-up, to decide there and come back to the page `back`, where the access module lets her decide it
    (True); else one line that it is not hers to decide here, which never tells whether it exists (False).
    None when what is typed is no code."""
    actor = await actor_or_home(turn, may_open_decisions, partial(nothing_to_confirm, turn))
    if actor is None:
        return True
    prefix = await ref_prefix_of(turn.session, actor.org_id)
    refs = typed_refs(turn.text, prefix, turn.today.year)
    if not refs:
        return None
    found = None
    for ref in refs:  # without its year: this year's, else last year's still waiting
        entry = await contribution_for_staff(turn.session, actor, ref)
        if entry is not None and entry.status == "recorded":
            found = entry
            break
    if found is not None and await decide_refusal_of(turn.session, actor, found) is None:
        turn.goto("ledger", "show")
        turn.set(
            contribution_id=found.id, queue={"drive_id": found.drive_id, **back} if at_the_drives else back
        )
        return True
    example = next(iter(back.get("shown", [])), None)  # none on a page emptied: the code's form instead
    shown_ref = (
        await turn.session.scalar(select(Contribution.ref).where(Contribution.id == example))
        if example is not None
        else None
    )
    example = shown_ref or code_example(prefix, turn.today.year)
    if at_the_drives:
        not_here = turn.t(
            "{ref} is not among the contributions waiting for you to confirm (decided already, given or "
            "recorded by you, or not of your units). Choose a drive below to see those waiting, or type the "
            "code of one of them, for example: {example}."
        )
    else:
        not_here = turn.t(
            "{ref} is not among the contributions waiting for you to confirm (decided already, given or "
            "recorded by you, or not of your units). Type the code of one on this page, for example: "
            "{example}."
        )
    turn.say(not_here.format(ref=refs[0], example=example))
    return False


SHOW_AGAIN, SURE, WHY = "list", "sure", "reason"


async def ask_receipts(turn: Turn) -> None:
    """Ask the recorders of what is ticked for its receipt's photo (`ask_for_receipts`: hers to decide, one
    message a gift a day), the ticks cleared, and say what became of each: asked; asked already today; it
    has its photo; its recorder is on no messenger (to be phoned); not hers or no longer waiting."""
    outcome = await ask_for_receipts(
        turn.session, await actor_of(turn), turn.data["selected"], now=turn.now, settings=turn.settings
    )
    turn.set(selected=[])
    refused: dict[str, list[str]] = {}
    for ref, why in outcome.refused:
        refused.setdefault(why, []).append(ref)
    said = []
    if outcome.asked:
        said.append(
            turn.t("Asked for the receipt's photo (each one only about their own gift): {refs}.").format(
                refs=", ".join(outcome.asked)
            )
        )
    texts = {
        "asked_today": turn.t("Asked already today, nothing sent again: {refs}."),
        "has_receipt": turn.t("Already with a photo, not asked: {refs}."),
        "no_receipt": turn.t(
            "Not asked: deducted from the payroll or recorded from the bank's statement, which is its "
            "evidence: {refs}."
        ),
        "no_account": turn.t("Not asked: who recorded them is not on Chung Tay; please phone them: {refs}."),
        "not_allowed": turn.t("Not asked (labour days, decided meanwhile, or not yours to decide): {refs}."),
        "recorder_left": turn.t(
            "Not asked: who recorded them for the givers has left the organisation; please check them with "
            "the givers or their unit's officer: {refs}."
        ),
    }
    said += [text.format(refs=", ".join(refused[why])) for why, text in texts.items() if why in refused]
    if said:
        turn.say("\n".join(said), keep=True)


def ticked_action(turn: Turn, page_key: str) -> str:
    """What the treasurer did on a page of `entry_menu` (its page kept under `page_key`), the ticks kept:
    BACK_ID; SURE, to confirm what is ticked; WHY, to reject it; OTHER, to confirm the one ticked at another
    figure; MOVE, to put the one ticked in its real giver's name; RECEIPT, to ask for the receipts of what is
    ticked (the same page again after it); or SHOW_AGAIN
    (an entry ticked, a page turned, or an action pressed with nothing ticked, which is said)."""
    action = _ticked_action(turn, page_key)
    if action not in (
        SHOW_AGAIN,
        RECEIPT,
    ):  # another screen between: the page after it shows its photos again
        turn.set(pictured=[])
    return action


def _move_one_only(turn: Turn) -> str:
    """“Ghi nhầm người” pressed, or typed (“chuyển tên”), over none or several ticked: which one, asked."""
    return turn.t(
        "Please choose the one contribution recorded under the wrong person, then “{move}”."
    ).format(move=turn.t("Recorded under the wrong person"))


def _ticked_action(turn: Turn, page_key: str) -> str:
    if BACK_ID in turn.picked:
        return BACK_ID
    pressed = [int(choice[1:]) for choice in turn.picked if choice.startswith("c") and choice[1:].isdigit()]
    selected = toggled(turn.data.get("selected", []), pressed)
    shown = list(turn.data.get("shown", []))
    if ALL in turn.picked or CONFIRM_PAGE in turn.picked:
        selected += [entry for entry in shown if entry not in selected]
    turn.set(selected=selected)
    if turned_page(turn, page_key):  # the selection stays as the pages turn
        return SHOW_AGAIN
    if CONFIRM_PAGE in turn.picked:
        return SURE
    # the actions over the one entry ticked: pressed over none or several, which one is asked
    for action, one_only in (
        (
            OTHER,
            lambda: turn.t(
                "Please choose the one contribution that arrived with another figure, then “{other}”."
            ).format(other=turn.t("Received a different figure")),
        ),
        (MOVE, lambda: _move_one_only(turn)),
    ):
        if action in turn.picked:
            if len(selected) == 1:
                return action
            turn.say(one_only())
            return SHOW_AGAIN
    if RECEIPT in turn.picked:
        if selected:
            return RECEIPT
        turn.say(turn.t("Please choose the contributions whose receipt you want to ask for first."))
        return SHOW_AGAIN
    if CONFIRM in turn.picked or REJECT in turn.picked:
        if selected:
            if CONFIRM in turn.picked:
                remember_typed_confirmation(turn)  # the same “có” again is no answer to the last look
            return SURE if CONFIRM in turn.picked else WHY
        turn.say(turn.t("Please choose at least one contribution first."))
    return SHOW_AGAIN


@flow.prompt("sure")
async def ask_sure(turn: Turn) -> None:
    if not await last_look(turn):
        turn.goto("queue", "list")


async def last_look(turn: Turn) -> bool:
    """The last look at what is "selected": each entry that will be confirmed, and what they come to, kind by
    kind. False when none of it still waits (someone decided it meanwhile: said, the selection emptied), or
    the writer is no treasurer any more (gone home)."""
    actor = await actor_or_home(turn, may_open_decisions, partial(nothing_to_confirm, turn))
    if actor is None:
        return True
    rows = await waiting_entries(turn.session, actor, turn.data["selected"])
    if not rows:
        turn.set(selected=[])
        turn.say(turn.t("Nothing of what you chose is still waiting: someone decided it meanwhile."))
        return False
    beyond = await beyond_a_week(turn.session, actor, [row.id for row in rows])
    if beyond:  # the officer confirms a week's days at most: said, and those left out (decision 0442)
        said = [beyond_a_week_text(turn.t, row.ref, row.labour_days) for row in rows if row.id in beyond]
        turn.say("\n".join(said))
        rows = [row for row in rows if row.id not in beyond]
    turn.set(selected=[row.id for row in rows])
    if not rows:
        return False
    if moved := await moved_since(turn, [row.id for row in rows]):  # its look names whose it is now (1539)
        turn.say(moved)
    look_drawn(turn, [row.year for row in rows])  # its Yes checked against the year's closing (1246)
    confirming_look(
        turn,
        [_line(turn, row, whole=True) for row in rows],
        _in_all(turn, rows),
        heading=_heading(turn, rows),
        said=_said_sent(turn, rows),
    )
    return True


def _heading(turn: Turn, rows: list[Waiting]) -> str | None:
    """The last look's words over labour days, vouched to have been worked (decision 0442), alone or beside
    money and goods that arrived (decision 0457); None: the words of money."""
    labour = [row.kind == "labour" for row in rows]
    if all(labour):
        return turn.t("You are vouching that the members took part, for these labour days ({n} in all):")
    if any(labour):
        return turn.t(
            "You are confirming that the money and goods arrived, and that the members took part for the "
            "labour days ({n} in all):"
        )
    return None


def confirming_look(
    turn: Turn, lines: list[str], total: str, *, heading: str | None = None, said: Sequence[str] = ()
) -> None:
    """The last look before several entries are confirmed at once (a page of the queue, the matches of a bank
    statement): each entry on a line, what they come to, and Có/Không. `heading` ({n}: how many): other
    words than that they arrived (labour days, which an officer vouches were worked: decision 0442). `said`:
    what is to be checked before the Yes, under the total (`_said_sent`)."""
    confirm_menu(
        turn,
        _listed(turn, heading or turn.t("You are confirming that these arrived ({n} in all):"), lines)
        + "\n"
        + turn.t("In all: {total}.").format(total=total)
        + "".join(f"\n{line}" for line in said)
        + "\n\n"
        + turn.t("Confirm? Each giver will be told, or whoever recorded it for one who is not on the bot."),
    )


def _listed(turn: Turn, heading: str, lines: list[str]) -> str:
    """`heading` (with {n}, how many) over the entries a last look shows, one on a line."""
    return heading.format(n=turn.t.number(len(lines))) + "\n" + "\n".join(f"• {line}" for line in lines)


def _in_all(turn: Turn, rows: list[Waiting]) -> str:
    """What the entries come to: money, goods by their estimated value (those without one counted), labour
    days, each apart."""
    money = sum(row.amount_vnd for row in rows if row.kind == "money")
    goods = [row for row in rows if row.kind == "goods"]
    days = sum(row.labour_days for row in rows if row.kind == "labour")
    parts = [turn.t.vnd(money)] if money or not (goods or days) else []
    if value := sum(row.amount_vnd or 0 for row in goods):
        parts.append(turn.t("goods estimated at {value}").format(value=turn.t.vnd(value)))
    if unvalued := sum(1 for row in goods if not row.amount_vnd):  # 20 kg of rice is not “0 ₫”
        items = turn.t.plural("{n} item with no value given", "{n} items with no value given", unvalued)
        parts.append(turn.t("goods: {items}").format(items=items.format(n=turn.t.number(unvalued))))
    if days:
        parts.append(labour_days(turn.t, days))
    return "; ".join(parts)


@flow.answer("sure")
async def sure(turn: Turn) -> None:
    if sent_twice(turn):
        return
    if turn.choice == YES and (closed := closed_since_look(turn)) is not None:
        turn.say(closed)  # drawn on 31 March, its entries now count for this year: looked at again (1246)
        turn.goto("queue", "sure")
        return
    if turn.choice == YES and (moved := await moved_since(turn, turn.data["selected"])):
        turn.say(moved)  # put in another's name since her last look: looked at again (decision 1539)
        turn.goto("queue", "sure")
        return
    if turn.choice == YES:
        await decide_selected(turn, confirmed=True, reason=None)
    turn.goto("queue", "list")


@flow.prompt("reason")
async def ask_reason(turn: Turn) -> None:
    """What will be rejected, each on a line, then why: the reason typed is the last step, so the treasurer
    sees what they ticked before it (as confirming has its last look). A gift another treasurer put in
    another's name since her page is said first, naming both, as at the confirm's last look: she looked for
    the transfer of whose it was (`moved_since`, decision 1590)."""
    actor = await actor_or_home(turn, may_open_decisions, partial(nothing_to_confirm, turn))
    if actor is None:
        return
    rows = await waiting_entries(turn.session, actor, turn.data["selected"])
    if not rows:
        turn.set(selected=[])
        turn.say(turn.t("Nothing of what you chose is still waiting: someone decided it meanwhile."))
        turn.goto("queue", "list")
        return
    turn.set(selected=[row.id for row in rows])
    if moved := await moved_since(turn, [row.id for row in rows]):  # she looked for whose it was (1590)
        turn.say(moved)
    labour = [row.kind == "labour" for row in rows]  # not worked, not “not received” (decisions 0442, 0457)
    if all(labour):
        heading = turn.t("You are marking these labour days as not worked, not to be counted ({n} in all):")
        why = turn.t(
            "Why do they not count? The givers will read it. For example: did not take part in the day."
        )
    elif any(labour):
        heading = turn.t(
            "You are marking these as not received, and the labour days as not worked, not to be counted "
            "({n} in all):"
        )
        why = turn.t(
            "Why do they not count? The givers will read it. For example: no transfer found on the account, "
            "or did not take part in the day."
        )
    else:
        heading = turn.t("You are marking these as not received ({n} in all):")
        why = turn.t(
            "Why were they not received? The givers will read it. "
            "For example: no transfer found on the account."
        )
    ask_typed(turn, _listed(turn, heading, [_line(turn, row) for row in rows]) + "\n\n" + why)


@flow.answer("reason")
async def got_reason(turn: Turn) -> None:
    if turn.choice == BACK_ID:  # to change what is ticked: the ticks stay
        turn.goto("queue", "list")
        return
    reason = reason_text(turn)
    if reason is None:
        return
    if moved := await moved_since(turn, turn.data["selected"]):  # moved while she typed why: asked again
        turn.say(moved)
        turn.goto("queue", "reason")
        return
    await decide_selected(turn, confirmed=False, reason=reason)
    turn.goto("queue", "list")


async def decide_selected(turn: Turn, *, confirmed: bool, reason: str | None) -> None:
    """Confirm, or reject with `reason`, what is "selected" (`decide_several`: each checked, audited, and
    whoever hears of it told) and say what became of each."""
    outcome: Decided = await decide_several(
        turn.session,
        await actor_of(turn),
        turn.data["selected"],
        confirmed=confirmed,
        now=turn.now,
        reason=reason,
        settings=turn.settings,
    )
    turn.set(selected=[])
    if outcome.done:  # many: how many and what they come to, as they stand now (decision 2222)
        total: str | None = None  # a few are named by their codes, their total unsaid: not read
        if len(outcome.done) > CODES_SAID:
            of_them = select(Contribution).where(Contribution.ref.in_(outcome.done))
            decided = await turn.session.scalars(of_them)
            total = _in_all(turn, list(decided))  # type: ignore[arg-type]
        said = decided_text(
            turn.t,
            outcome.done,
            outcome.heard,
            confirmed=confirmed,
            total=total,
            held=held_till(turn.now, turn.settings),
        )
        turn.say(said, keep=True)
    decided_before = [ref for ref, why in outcome.refused if why == "already_decided"]
    if decided_before:
        turn.say("\n".join([await _decided_before(turn, ref) for ref in decided_before]))
    beyond = [ref for ref, why in outcome.refused if why == "more_than_a_week"]
    if beyond:  # an officer, no treasurer since her last look: a week's days at most (decisions 0442, 0457)
        turn.say("\n".join([await _beyond_a_week(turn, ref) for ref in beyond]))
    others = [ref for ref, why in outcome.refused if why not in ("already_decided", "more_than_a_week")]
    if others:
        turn.say(
            turn.t("Not changed (decided by someone else meanwhile, or not yours to decide): {refs}.").format(
                refs=", ".join(others)
            )
        )


async def _beyond_a_week(turn: Turn, ref: str) -> str:
    """Why the labour days `ref` were not confirmed by her, and what she may do instead (decision 0442)."""
    entry = (await turn.session.scalars(select(Contribution).where(Contribution.ref == ref))).one()
    return beyond_a_week_text(turn.t, ref, entry.labour_days)


async def _decided_before(turn: Turn, ref: str) -> str:
    """“CT-…: Phạm Văn Tâm đã xử lý trước đó: thủ quỹ chưa nhận được – Thiếu tiền. Khoản này không thay
    đổi.”: an entry someone decided (or withdrew) between the treasurer's reading it and their answer, so
    they know what became of it and whom to ask, and count the cash again against what they did decide."""
    entry = (await turn.session.scalars(select(Contribution).where(Contribution.ref == ref))).one()
    decider = await turn.session.get(Person, entry.decided_by) if entry.decided_by else None
    status = entry_status(turn.t, entry, commune=await in_commune(turn))
    if entry.reason and entry.status == "rejected" and not withdrawn(entry):
        status += f" – {entry.reason}"
    return turn.t("{ref}: {name} decided it first ({status}); it was not changed now.").format(
        ref=ref, name=decider.full_name if decider else "?", status=status
    )
