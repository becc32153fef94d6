"""`chungtay contributions handover --of PERSON --xlsx FILE`: the office draws up a collector's handover list
(bảng kê nộp tiền, bot.domain.collected) — for one on Zalo, which cannot carry the file — the same file the
chat hands over under “Các khoản tôi đã ghi thay” (docs/decisions/0093)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli_ledger import LedgerCliError
from bot.i18n import PAPER_LOCALE


def add_handover(actions: Any) -> None:
    """`handover --of PERSON --xlsx FILE`, added to the `contributions` group's subcommands."""
    handover = actions.add_parser(
        "handover",
        help="a collector's handover list (bảng kê nộp tiền): the money they recorded for others that still "
        "waits for a treasurer",
    )
    handover.add_argument(
        "--of",
        dest="collector",
        required=True,
        metavar="PERSON",
        help='the collector: their id (see: chungtay people list) or full name in quotes, "Lê Văn Hùng"',
    )
    handover.add_argument("--xlsx", type=Path, required=True, metavar="FILE", help="write the sheet here")
    handover.add_argument("--force", action="store_true", help="replace FILE if it exists")


async def run_handover(app: Any, args: argparse.Namespace) -> int:
    """Write PERSON's handover list, as the operator at the shell of PERSON's organisation."""
    from bot.cli_ledger import output_problem
    from bot.db.models import Person
    from bot.domain.access import Operator
    from bot.domain.collected import handover_list
    from bot.handover_sheet import write_handover

    if problem := output_problem(args.xlsx, force=args.force, suffix=".xlsx"):
        raise LedgerCliError(problem)
    now = app.engine.clock()
    async with app.sessionmaker() as session, session.begin():
        person = await session.get(Person, args.collector)
        if person is None:
            raise LedgerCliError(f"no person {args.collector} (see: chungtay people list)")
        handover = await handover_list(session, Operator(person.org_id), now=now, collector_id=person.id)
    if not handover.rows:
        print(f"Nothing {handover.collector} recorded for others waits for a treasurer: no list written.")
        return 0
    write_handover(handover, args.xlsx, locale=PAPER_LOCALE)
    rows, total = len(handover.rows), handover.total
    print(f"Wrote {args.xlsx}: {rows} entry/entries recorded by {handover.collector}, {total} đồng in all.")
    return 0
