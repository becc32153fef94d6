"""`chungtay contributions payroll FILE --as PERSON [--drive CODE|general] [--note TEXT] [--record]`: the
accountant's sheet of the payroll's deduction (one day's salary, each person's own figure) read against the
staff list; without --record it only says what it would record (bot.domain.payroll, docs/decisions/0346)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli_ledger import AS_HELP, LedgerCliError, money
from bot.i18n import Translator

READ_PROBLEMS = {
    "kind": "give an .xlsx, .xls or .csv file",
    "no_header": "no header row naming a “Họ và tên” column and a “Số tiền” column in its first 10 rows",
    "too_long": "more rows than a payroll has",
    "not_allowed": "only a treasurer records the payroll's deduction",
    "drive_closed": "the drive is closed: it takes no more gifts (drive reopen, or --drive general)",
    "drive_not_started": "the drive has not started yet: it takes gifts from its first day",
    "drive_ended": "the drive has ended: give the Fund (--drive general), or move its end (drive edit)",
    "drive_kind": "the drive takes no money (see its kinds)",
    "drive_not_allowed": "the drive is of no unit you are a treasurer of (or of another organisation)",
    "xlsx": "it is no spreadsheet Excel can open: save it again as .xlsx (or as “CSV UTF-8”)",
    "encoding": "that CSV is not in UTF-8: save it as “CSV UTF-8” in Excel, or as .xlsx",
    "utf16": "that CSV is not in UTF-8: save it as “CSV UTF-8” in Excel, or as .xlsx",
}


class ShellWords(Translator):
    """The shell's words: English, and money as every admin command prints it (`money`)."""

    def vnd(self, amount: int) -> str:
        return money(amount)


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

    try:
        rows = read_payroll(args.file)
    except PayrollError as problem:
        raise LedgerCliError(
            f"cannot read {args.file}: {READ_PROBLEMS.get(str(problem), str(problem))}"
        ) from None
    note = " ".join(args.note.split())[:500] or None
    async with app.sessionmaker() as session:
        recorder = await session.get(Person, args.actor)
        if recorder is None:
            raise LedgerCliError(await no_person_with_id(session, args.actor, _shell(app.settings)))
    # One payroll at a time in an organisation: two read at once would each find nobody recorded yet, and
    # record everyone twice.
    try:
        async with exclusive(app.sessionmaker, f"payroll-{recorder.org_id}"):
            return await _plan_and_record(app, args, rows, note)
    except LockBusy:
        raise LedgerCliError(
            "another payroll is being recorded in this organisation: run it again when that one has ended"
        ) from None


async def _plan_and_record(app: Any, args: argparse.Namespace, rows: Any, note: str | None) -> int:
    from bot.cli import _shell
    from bot.cli_ledger import _drive_id
    from bot.db.models import Person
    from bot.domain.contributions import LedgerError
    from bot.domain.payroll import PayrollError, hold_payrolls, plan_payroll, preview, record_payroll

    now = app.engine.clock()
    async with app.sessionmaker() as session, session.begin():
        recorder = await session.get_one(Person, args.actor)
        if args.record:  # nor at the same moment as a treasurer's press in the chat
            await hold_payrolls(session, recorder.org_id)
        drive_id = await _drive_id(session, recorder.org_id, args.drive, _shell(app.settings))
        try:
            plan = await plan_payroll(
                session, recorder, rows, drive_id=drive_id, now=now, cap=app.settings.money_cap
            )
        except PayrollError as problem:
            raise LedgerCliError(READ_PROBLEMS.get(str(problem), str(problem))) from None
        for line in preview(plan, ShellWords("en")):
            print(line)
        count, total = len(plan.deductions), money(plan.total)
        if plan.refused:
            print(f"Nothing recorded: fix the {len(plan.refused)} line(s) above and read the sheet again.")
            return 1
        if not args.record:
            print(f"Would record {count} gift(s), {total} in all. Add --record to record them.")
            return 0
        try:
            recorded = await record_payroll(
                session, recorder, plan, drive_id=drive_id, note=note, now=now, settings=app.settings
            )
        except LedgerError as refused:
            raise LedgerCliError(f"nothing recorded: {refused}") from None
        if recorded:
            span = f"{recorded[0].ref} to {recorded[-1].ref}" if len(recorded) > 1 else recorded[0].ref
            print(
                f"Recorded {count} gift(s), {total} in all ({span}); waiting for another treasurer to "
                "confirm."
            )
        else:
            print("Nothing to record.")
        return 0
