"""The payroll's deduction from the chat (“Khấu trừ lương”, /khautruluong, or from “Contributions to
confirm”): the treasurer sends the accountant's sheet as a file (.xlsx, .xls or .csv) → the same preview the
shell prints (`bot.domain.payroll.preview`: the rows to fix, who gave already, the figures to look at twice,
how many give nothing — never named) → one button records it all, or nothing. The file is kept like the bank
statement's and read again at each step: the sheet planned again at the press records nothing twice (the same
sheet sent again, or another treasurer's copy recorded a moment before). On a messenger that carries no file,
where to send it is said instead (docs/decisions/0346, 0366)."""

from __future__ import annotations

import asyncio

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Person
from bot.domain.access import Actor, may_record_payrolls
from bot.domain.contributions import LedgerError
from bot.domain.payroll import (
    HEADER_SEARCH_ROWS,
    MAX_ROWS,
    SHOWN,
    PayrollError,
    PayrollPlan,
    plan_payroll,
    preview,
    read_payroll,
    record_payroll,
)
from bot.messages import Choice
from handlers.common import actor_or_home, back_choice, go_home

flow = Flow("payroll", opens_for=may_record_payrolls)
RECORD, ANOTHER = "record", "another"
MEGABYTE = 1024 * 1024
NOTE = "Khấu trừ lương"  # kept with each gift, as the shell's default


def _not_treasurer(turn: Turn) -> str:
    return turn.t("Only a treasurer records the payroll's deduction.")


@flow.prompt("file")
async def ask_file(turn: Turn) -> None:
    actor = await actor_or_home(turn, may_record_payrolls, _not_treasurer(turn))
    if actor is None:
        return
    if not turn.inbound.can_send_files:
        turn.say(
            turn.t(
                "This messenger cannot send me files. Send the payroll's sheet to Chung Tay on Telegram "
                "(/khautruluong; /lienket uses both with one account), or ask the office to run: chungtay "
                "contributions payroll FILE --as {id}"
            ).format(id=actor.person_id)
        )
        go_home(turn)
        return
    turn.menu(
        turn.t(
            "Please send the accountant's sheet of the payroll's deduction as a file (.xlsx, .xls or .csv, "
            "at most {size} MB): a column “Họ và tên” and a column “Số tiền”, and “Đơn vị” where two "
            "colleagues share a name. For example: STT | Họ và tên | Đơn vị | Số tiền — 1 | Nguyễn Thị Lan | "
            "Khoa Nội | 412.000. Each row becomes that colleague's gift to the Fund, waiting for another "
            "treasurer; nothing is recorded until you say so."
        ).format(size=turn.settings.max_file_bytes // MEGABYTE),
        [back_choice(turn.t)],
        free_text=True,
        takes_file=True,
    )


@flow.answer("file")
async def got_file(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        go_home(turn)
        return
    actor = await actor_or_home(turn, may_record_payrolls, _not_treasurer(turn))
    if actor is None:
        return
    sent = turn.inbound.attachment
    if sent is None or sent.refused is not None or sent.path is None:
        turn.say(_refused_file(turn, sent.refused if sent else None))
        turn.repeat_menu()
        return
    # Read and planned once, at the preview (a sheet that cannot be read brings this question back).
    turn.set(file=sent.path, name=sent.name)
    turn.goto("payroll", "review")


def _refused_file(turn: Turn, refused: str | None) -> str:
    if refused == "too_large":
        return turn.t("That file is larger than {size} MB. Please send only the month's sheet.").format(
            size=turn.settings.max_file_bytes // MEGABYTE
        )
    return turn.t(
        "Please send the sheet as a file (📎 → File): Excel (.xlsx, .xls) or .csv, not text or a photo."
    )


async def _planned(turn: Turn, actor: Actor, path: str) -> PayrollPlan | None:
    """The kept sheet planned against the staff list now, as the shell plans it (None: unreadable, said)."""
    kept = turn.settings.media_dir / path
    try:
        if not path or not kept.is_file():
            raise PayrollError("missing")
        rows = await asyncio.to_thread(read_payroll, kept)
        recorder = await turn.session.get_one(Person, actor.person_id)
        return await plan_payroll(
            turn.session, recorder, rows, drive_id=None, now=turn.now, cap=turn.settings.money_cap
        )
    except PayrollError as problem:
        turn.say(_unreadable(turn, str(problem)))
        return None


def _unreadable(turn: Turn, reason: str) -> str:
    if reason == "not_allowed":
        return _not_treasurer(turn)
    if reason == "no_header":
        return turn.t(
            "I found no header row in the first {rows} rows of that sheet. It needs a column “Họ và tên” and "
            "a column “Số tiền”, for example: STT | Họ và tên | Đơn vị | Số tiền."
        ).format(rows=HEADER_SEARCH_ROWS)
    if reason == "too_long":
        return turn.t("That sheet has more than {rows} rows: more than a payroll has.").format(
            rows=turn.t.number(MAX_ROWS)
        )
    if reason in ("utf16", "encoding"):
        return turn.t(
            "That CSV file is not in UTF-8. Please save it as “CSV UTF-8” in Excel, or send the .xlsx."
        )
    if reason == "missing":
        return turn.t("That sheet is no longer kept. Please send it again.")
    return turn.t(
        "I could not read that file as a spreadsheet. Please save it in Excel as .xlsx (or as “CSV UTF-8”) "
        "and send it again."
    )


@flow.prompt("review")
async def show_review(turn: Turn) -> None:
    actor = await actor_or_home(turn, may_record_payrolls, _not_treasurer(turn))
    if actor is None:
        return
    plan = await _planned(turn, actor, str(turn.data.get("file") or ""))
    if plan is None:
        turn.goto("payroll", "file", keep_data=False)
        return
    t = turn.t
    lines = [f"📄 {turn.data.get('name') or ''}", *preview(plan, t, shown=SHOWN)]
    count = len(plan.deductions)
    another = Choice(ANOTHER, t("Send another sheet"), keywords=("gui lai", "send again"))
    if plan.refused:
        lines.append(
            t.plural(
                "Nothing is recorded until the {n} line above is fixed: fix the sheet and send it again.",
                "Nothing is recorded until the {n} lines above are fixed: fix the sheet and send it again.",
                len(plan.refused),
            ).format(n=t.number(len(plan.refused)))
        )
        turn.menu("\n".join(lines), [another, back_choice(t)], free_text=True, takes_file=True)
        return
    if not count:
        lines.append(t("Nothing to record from this sheet."))
        turn.menu("\n".join(lines), [another, back_choice(t)], free_text=True, takes_file=True)
        return
    lines.append(
        t.plural(
            "To record: {n} gift, {total} in all, to the Fund, each waiting for another treasurer.",
            "To record: {n} gifts, {total} in all, to the Fund, each waiting for another treasurer.",
            count,
        ).format(n=t.number(count), total=t.vnd(plan.total))
    )
    record = Choice(
        RECORD,
        t.plural("Record {n} gift ({total})", "Record {n} gifts ({total})", count).format(
            n=t.number(count), total=t.vnd(plan.total)
        ),
        keywords=("ghi nhan", "record"),
    )
    # The sheet fixed and sent again here is read as at the file's question.
    turn.menu(
        "\n".join(lines), [record, another, back_choice(t)], free_text=True, takes_file=True, unsaved=True
    )


@flow.answer("review")
async def got_review(turn: Turn) -> None:
    if turn.inbound.attachment is not None:  # the sheet fixed, sent again at once
        await got_file(turn)
        return
    if turn.choice is None:  # words that choose nothing: the preview again
        turn.repeat_menu()
        return
    if turn.choice == ANOTHER:
        turn.goto("payroll", "file", keep_data=False)
        return
    if turn.choice != RECORD:
        go_home(turn)
        return
    actor = await actor_or_home(turn, may_record_payrolls, _not_treasurer(turn))
    if actor is None:
        return
    # Planned again at the press: what another treasurer recorded from the same sheet a moment before is
    # “already given” now (each message is one transaction, one at a time), never recorded twice.
    plan = await _planned(turn, actor, str(turn.data.get("file") or ""))
    if plan is None:
        turn.goto("payroll", "file", keep_data=False)
        return
    t = turn.t
    if plan.refused:
        turn.say(t("Nothing recorded: the sheet has lines to fix now."))
        turn.goto("payroll", "review")
        return
    recorder = await turn.session.get_one(Person, actor.person_id)
    try:
        recorded = await record_payroll(
            turn.session, recorder, plan, drive_id=None, note=NOTE, now=turn.now, settings=turn.settings
        )
    except LedgerError:
        turn.say(t("Nothing recorded: the Fund takes no gift today. Please try again later."))
        go_home(turn)
        return
    if not recorded:
        turn.say(
            t("Nothing recorded: everyone on the sheet has given already (the sheet was recorded before).")
        )
        go_home(turn)
        return
    span = f"{recorded[0].ref} – {recorded[-1].ref}" if len(recorded) > 1 else recorded[0].ref
    turn.say(
        t.plural(
            "Recorded {n} gift, {total} in all ({refs}); each colleague is told. Another treasurer confirms "
            "them under “By collector”.",
            "Recorded {n} gifts, {total} in all ({refs}); each colleague is told. Another treasurer confirms "
            "them under “By collector”.",
            len(recorded),
        ).format(n=t.number(len(recorded)), total=t.vnd(sum(c.amount_vnd for c in recorded)), refs=span),
        keep=True,
    )
    go_home(turn)
