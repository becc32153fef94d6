"""`chungtay contributions payroll FILE --as PERSON [--drive CODE|general] [--note TEXT] [--record]`: the
accountant's sheet of the payroll's deduction (one day's salary, each person's own figure) read against the
staff list; without --record it only says what it would record (bot.domain.payroll, docs/decisions/0346)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli_ledger import AS_HELP, LedgerCliError
from bot.i18n import Translator


def read_problems(t: Translator) -> dict[str, str]:
    """Why the sheet is not read or not recorded (`PayrollError`), in the shell's language (decision 1696)."""
    return {
        "kind": t("give an .xlsx, .xls or .csv file"),
        "no_header": t(
            "no header row naming a “Họ và tên” column and a “Số tiền” column in its first 10 rows"
        ),
        "too_long": t("more rows than a payroll has"),
        "not_allowed": t("only a treasurer records the payroll's deduction"),
        "drive_closed": t("the drive is closed: it takes no more gifts (drive reopen, or --drive general)"),
        "drive_not_started": t("the drive has not started yet: it takes gifts from its first day"),
        "drive_ended": t(
            "the drive has ended: give the Fund (--drive general), or move its end (drive edit)"
        ),
        "drive_kind": t("the drive takes no money (see its kinds)"),
        "drive_not_allowed": t("the drive is of no unit you are a treasurer of (or of another organisation)"),
        "xlsx": t("it is no spreadsheet Excel can open: save it again as .xlsx (or as “CSV UTF-8”)"),
        "encoding": t("that CSV is not in UTF-8: save it as “CSV UTF-8” in Excel, or as .xlsx"),
        "utf16": t("that CSV is not in UTF-8: save it as “CSV UTF-8” in Excel, or as .xlsx"),
    }


def add_payroll(actions: Any) -> None:
    """`payroll`, added to the `contributions` group's subcommands."""
    payroll = actions.add_parser(
        "payroll",
        help="the payroll's deduction (khấu trừ lương) from the accountant's sheet: each person's gift, "
        "waiting for another treasurer",
    )
    payroll.add_argument("file", type=Path, metavar="FILE", help="an .xlsx, .xls or .csv: Họ và tên, Số tiền")
    payroll.add_argument(
        "--drive", default="general", help="a drive's code, or general (default): the Fund outside the drives"
    )
    payroll.add_argument(
        "--note", default="Khấu trừ lương", help="kept with each gift (default: Khấu trừ lương)"
    )
    payroll.add_argument(
        "--record", action="store_true", help="record it (without: only say what would be recorded)"
    )
    payroll.add_argument("--as", dest="actor", required=True, metavar="PERSON", help=AS_HELP)


async def run_payroll(app: Any, args: argparse.Namespace) -> int:
    from bot.cli import _shell
    from bot.cli_ledger import no_person_with_id
    from bot.db.locks import LockBusy, exclusive
    from bot.db.models import Person
    from bot.domain.payroll import PayrollError, read_payroll

    t = _shell(app.settings)
    try:
        rows = read_payroll(args.file)
    except PayrollError as problem:
        why = read_problems(t).get(str(problem), str(problem))
        raise LedgerCliError(t("cannot read {file}: {why}").format(file=args.file, why=why)) from None
    note = " ".join(args.note.split())[:500] or None
    async with app.sessionmaker() as session:
        recorder = await session.get(Person, args.actor)
        if recorder is None:
            raise LedgerCliError(await no_person_with_id(session, args.actor, t))
    # One payroll at a time in an organisation: two read at once would each find nobody recorded yet, and
    # record everyone twice.
    try:
        async with exclusive(app.sessionmaker, f"payroll-{recorder.org_id}"):
            return await _plan_and_record(app, args, rows, note, t)
    except LockBusy:
        raise LedgerCliError(
            t("another payroll is being recorded in this organisation: run it again when that one has ended")
        ) from None


async def _plan_and_record(
    app: Any, args: argparse.Namespace, rows: Any, note: str | None, t: Translator
) -> int:
    from bot.cli_ledger import _drive_id, refusal
    from bot.db.models import Person
    from bot.domain.contributions import LedgerError
    from bot.domain.payroll import PayrollError, hold_payrolls, plan_payroll, preview, record_payroll

    now = app.engine.clock()
    async with app.sessionmaker() as session, session.begin():
        recorder = await session.get_one(Person, args.actor)
        if args.record:  # nor at the same moment as a treasurer's press in the chat
            await hold_payrolls(session, recorder.org_id)
        drive_id = await _drive_id(session, recorder.org_id, args.drive, t)
        try:
            plan = await plan_payroll(
                session, recorder, rows, drive_id=drive_id, now=now, cap=app.settings.money_cap
            )
        except PayrollError as problem:
            raise LedgerCliError(read_problems(t).get(str(problem), str(problem))) from None
        for line in preview(plan, t):  # the chat's own lines (bot.domain.payroll)
            print(line)
        count, total = len(plan.deductions), t.vnd(plan.total)
        if plan.refused:
            said = t("Nothing recorded: fix the lines above ({n}) and read the sheet again.")
            print(said.format(n=len(plan.refused)))
            return 1
        if not args.record:
            said = t("Would record gifts: {n}, {total} in all. Add --record to record them.")
            print(said.format(n=count, total=total))
            return 0
        try:
            recorded = await record_payroll(
                session, recorder, plan, drive_id=drive_id, note=note, now=now, settings=app.settings
            )
        except LedgerError as refused:
            raise LedgerCliError(
                t("nothing recorded: {why}").format(why=refusal(t, refused.reason))
            ) from None
        if recorded:
            if len(recorded) > 1:
                span = t("{first} to {last}").format(first=recorded[0].ref, last=recorded[-1].ref)
            else:
                span = recorded[0].ref
            said = t(
                "Recorded gifts: {n}, {total} in all ({span}); waiting for another treasurer to confirm."
            )
            print(said.format(n=count, total=total, span=span))
        else:
            print(t("Nothing to record."))
        return 0
