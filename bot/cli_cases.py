"""`chungtay cases …`: the gift rounds of hardship cases at the server's shell. `cases rounds` lists an
organisation's rounds (the id, the day, the words, how many received, the package); `cases signing-list
ROUND_ID --xlsx FILE` writes a round's signing list, the sheet the chat hands an officer on Telegram
(docs/decisions/0095), for the officer on Zalo, which carries no files, to get from the office. The operator
holds the database already: no role rule applies within the organisation (docs/decisions/0047)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli_ledger import output_problem
from bot.i18n import PAPER_LOCALE


class CasesCliError(Exception):
    """A mistake, said in one line (the command exits with 2)."""


def add_cases_commands(sub: Any) -> None:
    """The `cases` group: rounds, signing-list."""
    group = sub.add_parser("cases", help="hardship cases: the gift rounds and their signing lists")
    actions = group.add_subparsers(dest="action", required=True)
    rounds = actions.add_parser("rounds", help="the gift rounds, latest first, with their ids")
    signing = actions.add_parser(
        "signing-list", help="write a round's signing list (danh sách ký nhận) as a spreadsheet"
    )
    signing.add_argument("round", type=int, metavar="ROUND_ID", help="the id `cases rounds` shows")
    signing.add_argument("--xlsx", type=Path, required=True, metavar="FILE", help="write the list here")
    signing.add_argument("--force", action="store_true", help="replace FILE if it exists")
    for parser in (rounds, signing):
        parser.add_argument("--org", help="organisation code (default: the only one)")


async def run_cases(app, args: argparse.Namespace, *, org_id: int) -> int:  # type: ignore[no-untyped-def]
    return await {"rounds": _rounds, "signing-list": _signing_list}[args.action](app, args, org_id)


async def _rounds(app, args: argparse.Namespace, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.domain.access import Operator
    from bot.domain.gift_rounds import latest_rounds, signing_list
    from bot.i18n import format_vnd

    async with app.sessionmaker() as session:
        rounds = await latest_rounds(session, Operator(org_id), limit=None)
        if not rounds:
            print(
                "No gift round yet: an officer records one in the chat "
                "(/hoancanh, “Trao quà nhiều hoàn cảnh”)."
            )
            return 0
        for gift_round in rounds:
            listed = await signing_list(session, Operator(org_id), gift_round.id)
            words = []
            for given in listed.handed:  # each standing's own, when they differ (decision 0286)
                package = [format_vnd(given.money_vnd, "vi")] if given.money_vnd else []
                if given.goods:
                    package.append(f"{given.goods} ({format_vnd(given.goods_value_vnd, 'vi')})")
                words.append(" + ".join(package))
            print(
                f"{gift_round.id}\t{gift_round.delivered_on:%d/%m/%Y}\t{gift_round.title}\t"
                f"{len(listed.recipients)} recipient(s)\t{' | '.join(words)}"
            )
    return 0


async def _signing_list(app, args: argparse.Namespace, org_id: int) -> int:  # type: ignore[no-untyped-def]
    from bot.domain.access import Operator
    from bot.domain.cases import CaseError
    from bot.domain.gift_rounds import signing_list
    from bot.signing_sheet import write_signing_list

    if problem := output_problem(args.xlsx, force=args.force, suffix=".xlsx"):
        raise CasesCliError(problem)
    async with app.sessionmaker() as session:
        try:
            listed = await signing_list(session, Operator(org_id), args.round)
        except CaseError:
            raise CasesCliError(
                f"no gift round #{args.round} in this organisation; `cases rounds` shows their ids"
            ) from None
    write_signing_list(listed, args.xlsx, locale=PAPER_LOCALE)
    print(
        f"Wrote {args.xlsx}: the signing list of “{listed.title}” ({listed.delivered_on:%d/%m/%Y}), "
        f"{len(listed.recipients)} recipient(s) by name. Print it for the ceremony; never send it to a group."
    )
    return 0
