"""The payroll's deduction from the chat (“Khấu trừ lương”, /khautruluong, or from “Contributions to
confirm”): the treasurer sends the accountant's sheet as a file (.xlsx, .xls or .csv) → the same preview the
shell prints (`bot.domain.payroll.preview`: the rows to fix, who gave already, the figures to look at twice,
how many give nothing — never named) → one button records it all, or nothing. The file is kept like the bank
statement's and read again at each step: the sheet planned again at the press records nothing twice (the same
sheet sent again, or another treasurer's copy recorded a moment before). On a messenger that carries no file,
where to send it is said instead (docs/decisions/0346, 0366). Where a drive the treasurer may record for
(`may_record_payroll_to`) takes money today, where the deductions go is asked first: the Fund outside the
drives, or that drive (a school's own Tết drive for a colleague, docs/decisions/0401)."""

from __future__ import annotations

import asyncio

from bot.conversation.flow import Flow
from bot.conversation.recognise import BACK_ID
from bot.conversation.turn import Turn
from bot.db.models import Drive, Person
from bot.domain.access import Actor, may_record_payroll_to, may_record_payrolls
from bot.domain.campaigns import open_drives
from bot.domain.contributions import LedgerError
from bot.domain.notices import held_till
from bot.domain.payroll import (
    HEADER_SEARCH_ROWS,
    MAX_ROWS,
    SHOWN,
    PayrollError,
    PayrollPlan,
    hold_payrolls,
    plan_payroll,
    preview,
    read_payroll,
    record_payroll,
)
from bot.i18n import drive_named
from bot.messages import Choice
from handlers.common import actor_or_home, back_choice, go_home
from handlers.wording import drive_label, fund_title, held_words

flow = Flow("payroll", opens_for=may_record_payrolls)
RECORD, ANOTHER, FUND = "record", "another", "fund"
MEGABYTE = 1024 * 1024
NOTE = "Khấu trừ lương"  # kept with each gift, as the shell's default


def _not_treasurer(turn: Turn) -> str:
    return turn.t("Only a treasurer records the payroll's deduction.")


async def _drives(turn: Turn, actor: Actor) -> list[Drive]:
    """The drives the treasurer may send the payroll's deductions to today: open (`open_drives`: running,
    or ended within its late days, never closed), taking money, and hers to record for (the access module)."""
    drives = await open_drives(turn.session, actor.org_id, turn.today)
    return [d for d in drives if "money" in (d.kinds or ("money",)) and may_record_payroll_to(actor, d)]


@flow.prompt("drive")
async def ask_drive(turn: Turn) -> None:
    actor = await actor_or_home(turn, may_record_payrolls, _not_treasurer(turn))
    if actor is None:
        return
    drives = await _drives(turn, actor) if turn.inbound.can_send_files else []
    if not drives:  # the Fund outside the drives, as ever: nothing to ask
        turn.goto("payroll", "file", keep_data=False)
        return
    choices = [
        Choice(FUND, fund_title(turn.t), keywords=("quy", "fund")),
        *(Choice(f"d{d.id}", drive_label(turn.t, d, turn.today)) for d in drives),
        back_choice(turn.t),
    ]
    turn.menu(
        turn.t(
            "Where do the payroll's deductions go? December's day of salary usually goes to the Fund for the "
            "Poor; a drive of the school's own (a Tết gift for a colleague) is listed too."
        ),
        choices,
    )


@flow.answer("drive")
async def got_drive(turn: Turn) -> None:
    if turn.choice == BACK_ID:
        go_home(turn)
        return
    actor = await actor_or_home(turn, may_record_payrolls, _not_treasurer(turn))
    if actor is None:
        return
    chosen = next((d for d in await _drives(turn, actor) if f"d{d.id}" == turn.choice), None)
    if turn.choice != FUND and chosen is None:  # words that choose nothing, or a drive closed meanwhile
        turn.repeat_menu()
        return
    turn.goto("payroll", "file", keep_data=False)
    turn.set(drive_id=chosen.id if chosen else None)


async def _toward(turn: Turn) -> str:
    """Where the deductions go, in a sentence: the Fund for the Poor, or the drive chosen."""
    drive_id = turn.data.get("drive_id")
    drive = await turn.session.get(Drive, drive_id) if drive_id else None
    if drive is None:
        return turn.t("to the Fund for the Poor")
    return turn.t("to {drive}").format(drive=drive_named(turn.t.locale, drive.title))


def _sheet_again(turn: Turn) -> None:
    """Back to the sheet's question, forgetting the sheet, not the drive chosen for it."""
    drive_id = turn.data.get("drive_id")
    turn.goto("payroll", "file", keep_data=False)
    turn.set(drive_id=drive_id)


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
            "Khoa Nội | 412.000. Each row becomes that colleague's gift {toward}, waiting for another "
            "treasurer; nothing is recorded until you say so."
        ).format(size=turn.settings.max_file_bytes // MEGABYTE, toward=await _toward(turn)),
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
    """The kept sheet planned against the staff list now, as the shell plans it (None: unreadable, said, and
    its question asked again: the sheet's, or where the deductions go)."""
    kept = turn.settings.media_dir / path
    try:
        if not path or not kept.is_file():
            raise PayrollError("missing")
        rows = await asyncio.to_thread(read_payroll, kept)
        recorder = await turn.session.get_one(Person, actor.person_id)
        return await plan_payroll(
            turn.session,
            recorder,
            rows,
            drive_id=turn.data.get("drive_id"),
            now=turn.now,
            cap=turn.settings.money_cap,
        )
    except PayrollError as problem:
        turn.say(_unreadable(turn, str(problem)))
        if str(problem).startswith("drive_"):  # the drive, not the sheet: where they go is asked again
            turn.goto("payroll", "drive", keep_data=False)
        else:
            _sheet_again(turn)
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
    if reason.startswith("drive_"):  # closed, ended or no longer hers since it was chosen
        return turn.t(
            "The drive chosen no longer takes the payroll's deductions (closed, ended, or no longer yours to "
            "record for). Please choose again, for example the Fund for the Poor."
        )
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
            "To record: {n} gift, {total} in all, {toward}, each waiting for another treasurer.",
            "To record: {n} gifts, {total} in all, {toward}, each waiting for another treasurer.",
            count,
        ).format(n=t.number(count), total=t.vnd(plan.total), toward=await _toward(turn))
    )
    record = Choice(
        RECORD,
        t.plural("Record {n} gift ({total})", "Record {n} gifts ({total})", count).format(
            n=t.number(count), total=t.vnd(plan.total)
        ),
        keywords=("ghi nhan", "record"),
    )
    # The sheet fixed and sent again here is read as at the file's question. What the button records is
    # kept, in a few characters: the press records that or nothing (docs/decisions/0380).
    turn.set(shown=plan.digest)
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
        _sheet_again(turn)
        return
    if turn.choice != RECORD:
        go_home(turn)
        return
    actor = await actor_or_home(turn, may_record_payrolls, _not_treasurer(turn))
    if actor is None:
        return
    # Planned again at the press: what another treasurer recorded from the same sheet a moment before is
    # “already given” now (each message is one transaction, the organisation's payrolls one at a time: the
    # second press waits for the first's to end), never recorded twice.
    await hold_payrolls(turn.session, actor.org_id)
    plan = await _planned(turn, actor, str(turn.data.get("file") or ""))
    if plan is None:
        return
    t = turn.t
    if plan.refused:
        turn.say(t("Nothing recorded: the sheet has lines to fix now."))
        turn.goto("payroll", "review")
        return
    if plan.deductions and plan.digest != turn.data.get("shown"):
        # The staff list or the gifts changed since the preview (a colleague left and a namesake joined, a
        # gift withdrawn): the sheet now reads to other people or figures than the button said.
        turn.say(
            t(
                "Nothing recorded: the sheet reads differently now (the staff list or the gifts changed "
                "since). Here it is as it reads now: please check it before recording."
            )
        )
        turn.goto("payroll", "review")
        return
    recorder = await turn.session.get_one(Person, actor.person_id)
    try:
        recorded = await record_payroll(
            turn.session,
            recorder,
            plan,
            drive_id=turn.data.get("drive_id"),
            note=NOTE,
            now=turn.now,
            settings=turn.settings,
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
    held = held_till(turn.now, turn.settings)  # at night their notices wait for the morning (decision 2854)
    said = (
        t.plural(
            "Recorded {n} gift, {total} in all ({refs}); each colleague is told. Another treasurer confirms "
            "them under “By collector”.",
            "Recorded {n} gifts, {total} in all ({refs}); each colleague is told. Another treasurer confirms "
            "them under “By collector”.",
            len(recorded),
        )
        if held is None
        else t.plural(
            "Recorded {n} gift, {total} in all ({refs}); each colleague will be told at {hour} on {day}, "
            "after the quiet hours. Another treasurer confirms them under “By collector”.",
            "Recorded {n} gifts, {total} in all ({refs}); each colleague will be told at {hour} on {day}, "
            "after the quiet hours. Another treasurer confirms them under “By collector”.",
            len(recorded),
        )
    )
    turn.say(
        said.format(
            n=t.number(len(recorded)),
            total=t.vnd(sum(c.amount_vnd for c in recorded)),
            refs=span,
            **held_words(t, held),
        ),
        keep=True,
    )
    go_home(turn)
