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
    """Write PERSON's handover list, as the operator at the shell of PERSON's organisation; its lines in the
    chats' language (decision 1696)."""
    from bot.cli import _shell
    from bot.cli_ledger import no_person_with_id, output_problem
    from bot.db.models import Person
    from bot.domain.access import Operator
    from bot.domain.collected import handover_list
    from bot.handover_sheet import write_handover

    t = _shell(app.settings)
    if problem := output_problem(args.xlsx, force=args.force, suffix=".xlsx", t=t):
        raise LedgerCliError(problem)
    now = app.engine.clock()
    async with app.sessionmaker() as session, session.begin():
        person = await session.get(Person, args.collector)
        if person is None:
            raise LedgerCliError(await no_person_with_id(session, args.collector, t))
        handover = await handover_list(session, Operator(person.org_id), now=now, collector_id=person.id)
    if not handover.rows:
        said = t("Nothing {name} recorded for others waits for a treasurer: no list written.")
        print(said.format(name=handover.collector))
        return 0
    write_handover(handover, args.xlsx, locale=PAPER_LOCALE)
    print(
        t("Wrote {path}: entries recorded by {name}: {n}; in all {total}.").format(
            path=args.xlsx, name=handover.collector, n=len(handover.rows), total=t.vnd(handover.total)
        )
    )
    return 0
